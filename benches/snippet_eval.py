#!/usr/bin/env python3
"""How well `dossier import` extracts web pages, on trafilatura's evaluation corpus
(public: 990 real pages in many languages, each annotated with up to six passages the
main text must hold and up to six it must not — menus, dates, footers, comments).

    cargo build --release
    python3 benches/snippet_eval.py TESTS_DIR [--bin target/release/dossier]

TESTS_DIR is the `tests` folder of a checkout of adbar/trafilatura (evaldata.json,
eval/*.html, cache/*.html). Each page is imported alone into a fresh `dossier init`
folder and its seed text scored as trafilatura's own evaluation scores an extractor:
a "with" passage found is a true positive, missing a false negative; a "without"
passage found is a false positive, absent a true negative (whitespace normalised).
The seed's first paragraph is the headline, which trafilatura's text leaves out, so
the score is also given without it. Nothing of the corpus is kept in this repository.
"""

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def norm(t):
    return re.sub(r"\s+", " ", t).strip()


def find(tests, name):
    for sub in ("cache", "eval"):
        p = tests / sub / name
        if p.is_file():
            return p
    return None


def run_one(args, i, url, item, work):
    d = work / f"p{i}"
    d.mkdir()
    src = find(args.tests, item["file"])
    out = {"url": url, "file": item["file"], "exit": None, "text": ""}
    if src is None:
        out["exit"] = "missing"
        return out
    page = d / "page.html"
    shutil.copyfile(src, page)
    site = d / "site"
    subprocess.run([args.bin, "init", str(site)], check=True, capture_output=True)
    t = time.monotonic()
    try:
        r = subprocess.run([args.bin, "import", str(page), "--root", str(site), "--format", "json"],
                           capture_output=True, text=True, timeout=120)
        out["exit"] = r.returncode
        out["stderr"] = r.stderr.strip()[-200:]
        if r.returncode == 0:
            doc = json.loads(r.stdout)["documents"][0]
            if doc["outcome"] == "imported":
                out["text"] = (site / doc["seed"]).read_text(encoding="utf-8")
    except subprocess.TimeoutExpired:
        out["exit"] = "timeout"
    out["seconds"] = time.monotonic() - t
    shutil.rmtree(d)
    return out


def counts(item, text):
    t = norm(text)
    tp = sum(1 for w in item["with"] if norm(w) in t)
    fp = sum(1 for w in item["without"] if norm(w) in t)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def scores(rows):
    tp, fp, fn, tn = (sum(r[k] for r in rows) for k in range(4))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    a = (tp + tn) / (tp + fp + fn + tn)
    f = 2 * tp / (2 * tp + fp + fn)
    return p, r, a, f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", type=Path, help="trafilatura's tests folder")
    ap.add_argument("--bin", default="target/release/dossier")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--dump", type=Path, help="write every page's text and counts here (JSON)")
    args = ap.parse_args()
    args.bin = str(Path(args.bin).resolve())
    data = json.loads((args.tests / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(data.items())
    if args.limit:
        items = items[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="snippet-eval-"))
    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda a: run_one(args, a[0], a[1][0], a[1][1], work), enumerate(items)))
    wall = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)
    whole, body = [], []
    for (url, item), r in zip(items, results):
        r["counts"] = counts(item, r["text"])
        whole.append(r["counts"])
        body.append(counts(item, r["text"].split("\n\n", 1)[-1]))
    n = len(results)
    for name, rows in (("seed text", whole), ("without headline", body)):
        p, rc, a, f = scores(rows)
        print(f"{name:18} precision {p:.3f}  recall {rc:.3f}  accuracy {a:.3f}  F1 {f:.3f}")
    bad = [r for r in results if r["exit"] != 0]
    print(f"pages {n}; import exit != 0: {len(bad)}; wall {wall:.0f} s with {args.jobs} jobs")
    for r in bad[:20]:
        print(f"  {r['file']}: exit {r['exit']}: {r.get('stderr', '')}")
    if args.worst:
        print(f"most passages wrong (missed + unwanted):")
        for r in sorted(results, key=lambda r: -(r["counts"][1] + r["counts"][2]))[: args.worst]:
            tp, fp, fn, tn = r["counts"]
            print(f"  {r['file'][:60]:60} missed {fn}, unwanted {fp}")
    if args.dump:
        args.dump.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
