#!/usr/bin/env python3
"""How close `dossier import`'s text of PDFs comes to poppler's `pdftotext`.

    cargo build --release
    python3 benches/pdf_eval.py PDF_DIR... [--bin target/release/dossier]

Each PDF_DIR is searched for *.pdf (e.g. a checkout of py-pdf/sample-files: LaTeX,
LibreOffice, Google Docs, Ghostscript PDF/A, reportlab, pdfkit, an encrypted one;
and pages printed to PDF by a browser, e.g. `chromium --headless
--print-to-pdf=out.pdf file:///…/page.html`).
Each PDF is imported alone into a fresh `dossier init` folder; its seed text is
scored against `pdftotext` (poppler-utils; reading order, no layout) with the
shingle F1 of the article-extraction benchmark (4-word shingles of \\w+ tokens,
counted). A PDF that `dossier` refuses shows its message. Needs pdftotext and
pdfinfo on PATH. Last, a table per producer (its name without version numbers).

pdftotext is a reference, not the truth: where it is wrong the score is low for a
right text. Seen on the sample files: it decodes TeX's prime and triangle glyphs
(no ToUnicode) as "0" and "4" (A′ → "A0"), reverses Arabic letters, spells
letter-spaced headings as single letters, keeps running headers and page numbers
(which `dossier` drops on purpose), and reads table cells and side-by-side boxes in
an order of its own. On a text of a dozen words, one such difference is F1 0. So for a PDF with a text
read by hand from its rendered pages in benches/pdf_truth/ (NAME.txt for all of
NAME.pdf, NAME.pN-M.txt for its pages N to M), both `dossier` and `pdftotext` are
scored against that text too (on those pages only: the pages are cut out with
poppler's pdfseparate/pdfunite and imported alone), and a last table lists them.
"""

import argparse
import re
import shlex
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    t = TOKEN.findall(text or "")
    return Counter(tuple(t[i:i + n]) for i in range(0, max(1, len(t) - n + 1)) if t[i:i + n])


def f1(true, pred):
    a, b = shingles(true), shingles(pred)
    tp = sum(min(a[k], b[k]) for k in a.keys() | b.keys())
    fp = sum(max(0, b[k] - a[k]) for k in a.keys() | b.keys())
    fn = sum(max(0, a[k] - b[k]) for k in a.keys() | b.keys())
    if fp == fn == 0:
        return 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def info(pdf):
    r = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, errors="replace")
    d = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(":")
        d[k.strip()] = v.strip()
    return d, r.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", type=Path, nargs="+")
    ap.add_argument("--bin", default="target/release/dossier")
    ap.add_argument("--truth", type=Path, default=Path(__file__).parent / "pdf_truth",
                    help="texts read by hand from the rendered pages: NAME.txt for NAME.pdf, "
                         "NAME.pN-M.txt for its pages N to M (default: benches/pdf_truth)")
    ap.add_argument("--cmd", help="score another extractor instead: a command printing a PDF's text, "
                                  "with {} for the file (e.g. a small program around a PDF crate)")
    args = ap.parse_args()
    binary = str(Path(args.bin).resolve())
    rows = []
    with tempfile.TemporaryDirectory(prefix="pdf-eval-") as tmp:
        pdfs = [(d, p) for d in args.dirs for p in sorted(d.rglob("*.pdf"))]
        for i, (top, pdf) in enumerate(pdfs):
            meta, info_rc = info(pdf)
            ref = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
            ref_text = ref.stdout.decode("utf-8", "replace") if ref.returncode == 0 else ""
            if args.cmd:
                r = subprocess.run(args.cmd.replace("{}", shlex.quote(str(pdf))), shell=True,
                                   capture_output=True, timeout=120)
                r.stdout = r.stdout.decode("utf-8", "replace")
                r.stderr = r.stderr.decode("utf-8", "replace")
                ours = r.stdout if r.returncode == 0 else ""
            else:
                site = Path(tmp) / f"s{i}"
                subprocess.run([binary, "init", str(site)], check=True, capture_output=True)
                r = subprocess.run([binary, "import", str(pdf), "--root", str(site), "--format", "json"],
                                   capture_output=True, text=True, timeout=120)
                seed = list((site / "seeds").glob("*.txt"))
                ours = seed[0].read_text(encoding="utf-8") if seed else ""
            # The seed starts with the title when the PDF's text does not: not
            # part of the text layer, so left out of the score.
            title_line = ours.split("\n\n", 1)[0] if ours else ""
            if not args.cmd and title_line and title_line not in ref_text[:500] and "\n\n" in ours:
                body = ours.split("\n\n", 1)[1]
            else:
                body = ours
            words_ref = len(TOKEN.findall(ref_text))
            hand = by_hand(args.truth, pdf, binary, Path(tmp) / f"h{i}", args.cmd)
            rows.append({
                "file": str(pdf.relative_to(top)),
                "producer": meta.get("Producer") or meta.get("Creator") or "?",
                "pages": meta.get("Pages", "?"),
                "ref_words": words_ref,
                "our_words": len(TOKEN.findall(body)),
                "f1": f1(ref_text, body) if r.returncode == 0 and words_ref > 0 else None,
                "exit": r.returncode,
                "hand": hand,
                "note": "" if r.returncode == 0 else r.stderr.strip().splitlines()[-1][:110] if r.stderr.strip() else "",
            })
    print(f"{'file':<48} {'producer':<28} {'pages':>5} {'pdftotext':>9} {'words':>8} {'F1':>6}  exit")
    for r in rows:
        f = "-" if r["f1"] is None else f"{r['f1']:.3f}"
        print(f"{r['file'][:48]:<48} {r['producer'][:28]:<28} {r['pages']:>5} {r['ref_words']:>9} {r['our_words']:>8} {f:>6}  {r['exit']}  {r['note']}")
        if r["hand"]:
            h = r["hand"]
            print(f"{'':<48}   read by hand, {h['pages']}: dossier {fmt(h['ours'])}, pdftotext {fmt(h['pdftotext'])}")
    scored = [r["f1"] for r in rows if r["f1"] is not None]
    if scored:
        good = sum(1 for f in scored if f >= 0.9)
        print(f"\nscored {len(scored)} PDFs with a text layer: mean F1 {sum(scored) / len(scored):.3f}, "
              f"{good} at F1 >= 0.9; refused {sum(1 for r in rows if r['exit'] != 0)}")
    hand = [r for r in rows if r["hand"]]
    if hand:
        print(f"\n{'read by hand':<48} {'pages':<12} {'F1 against pdftotext':>20} "
              f"{'dossier':>8} {'pdftotext':>9}")
        for r in hand:
            h = r["hand"]
            print(f"{r['file'][:48]:<48} {h['pages']:<12} {fmt(r['f1']):>20} "
                  f"{fmt(h['ours']):>8} {fmt(h['pdftotext']):>9}")
    groups = {}
    for r in rows:
        if r["f1"] is not None:
            groups.setdefault(producer(r["producer"]), []).append(r["f1"])
    if groups:
        print(f"\n{'producer':<40} {'PDFs':>4} {'mean F1':>8} {'lowest':>7} {'>= 0.9':>7}")
        for name, fs in sorted(groups.items(), key=lambda g: -len(g[1])):
            print(f"{name[:40]:<40} {len(fs):>4} {sum(fs) / len(fs):>8.3f} {min(fs):>7.3f} "
                  f"{sum(1 for f in fs if f >= 0.9):>7}")


def fmt(f):
    return "-" if f is None else f"{f:.3f}"


def by_hand(truth_dir, pdf, binary, work, cmd):
    """Both extractors scored against the text read by hand, if there is one:
    {"pages", "ours", "pdftotext"}."""
    whole = truth_dir / f"{pdf.stem}.txt"
    ranges = sorted(truth_dir.glob(f"{glob_escape(pdf.stem)}.p*.txt"))
    if whole.is_file():
        truth, first, last = whole, None, None
    elif ranges:
        truth = ranges[0]
        m = re.fullmatch(r"p(\d+)(?:-(\d+))?", truth.name[len(pdf.stem) + 1:-len(".txt")])
        if not m:
            return None
        first, last = int(m[1]), int(m[2] or m[1])
    else:
        return None
    text = truth.read_text(encoding="utf-8")
    work.mkdir(parents=True)
    part = pdf
    span = ["-f", str(first), "-l", str(last)] if first else []
    if first:
        # The pages alone, as a PDF of their own.
        subprocess.run(["pdfseparate", "-f", str(first), "-l", str(last), str(pdf),
                        str(work / "page-%d.pdf")], check=True, capture_output=True)
        pages = [str(work / f"page-{n}.pdf") for n in range(first, last + 1)]
        part = work / "part.pdf"
        if len(pages) == 1:
            Path(pages[0]).rename(part)
        else:
            subprocess.run(["pdfunite", *pages, str(part)], check=True, capture_output=True)
    ref = subprocess.run(["pdftotext", "-enc", "UTF-8", *span, str(pdf), "-"], capture_output=True)
    if cmd:
        r = subprocess.run(cmd.replace("{}", shlex.quote(str(part))), shell=True, capture_output=True)
        ours = r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None
    else:
        site = work / "site"
        subprocess.run([binary, "init", str(site)], check=True, capture_output=True)
        r = subprocess.run([binary, "import", str(part), "--root", str(site)], capture_output=True)
        seed = list((site / "seeds").glob("*.txt"))
        ours = seed[0].read_text(encoding="utf-8") if r.returncode == 0 and seed else None
        lines = {line.strip() for line in text.splitlines()}
        if ours and "\n\n" in ours and ours.split("\n\n", 1)[0].strip() not in lines:
            # The title the seed starts with, when it is not a line of the page
            # (a title "habibi" over a line "habibi حَبيبي" is not on the page).
            ours = ours.split("\n\n", 1)[1]
    return {
        "pages": f"pages {first}-{last}" if first and last != first else f"page {first}" if first else "all pages",
        "ours": None if ours is None else f1(text, ours),
        "pdftotext": f1(text, ref.stdout.decode("utf-8", "replace")) if ref.returncode == 0 else None,
    }


def glob_escape(s):
    return re.sub(r"([*?\[])", r"[\1]", s)


def producer(p):
    """A producer's name without its version: "Skia/PDF m103 Google Docs Renderer"
    → "Skia/PDF Google Docs Renderer", "pdfTeX-1.40.23" → "pdfTeX"."""
    p = re.sub(r"\bm\d+\b|[-\s]v?\d+(\.\d+)*\w*", " ", p)
    return " ".join(p.split()) or "?"


if __name__ == "__main__":
    main()
