#!/usr/bin/env python3
"""How well `dossier import` extracts web pages, on the Scrapinghub
article-extraction benchmark (public, MIT: 181 news and blog pages with hand-made
article bodies).

    cargo build --release
    python3 benches/extract_eval.py BENCHMARK_DIR [--bin target/release/dossier]

BENCHMARK_DIR is a checkout of scrapinghub/article-extraction-benchmark (html/*.html.gz,
ground-truth.json, evaluate.py). Each page is imported alone into a fresh
`dossier init` folder; the seed text is scored against the page's articleBody with
the benchmark's own shingle F1 (its evaluate.py is imported, not copied), the source's
`url` is compared with the page's url, and the folder must pass `dossier check` and
`dossier build`. Nothing of the benchmark is kept in this repository.
"""

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def norm_url(u):
    u = (u or "").strip()
    for p in ("https://", "http://"):
        if u.startswith(p):
            u = u[len(p):]
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


def yaml_value(text, key):
    for line in text.splitlines():
        if line.startswith(key + ":"):
            v = line[len(key) + 1:].strip()
            if len(v) >= 2 and v[0] == v[-1] == "'":
                v = v[1:-1].replace("''", "'")
            return v
    return None


def run_one(args, key, work):
    d = work / key[:16]
    d.mkdir()
    page = d / "page.html"
    page.write_bytes(gzip.decompress((args.bench / "html" / f"{key}.html.gz").read_bytes()))
    site = d / "site"
    subprocess.run([args.bin, "init", str(site)], check=True, capture_output=True)
    t = time.monotonic()
    r = subprocess.run([args.bin, "import", str(page), "--root", str(site), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    took = time.monotonic() - t
    out = {"key": key, "exit": r.returncode, "seconds": took, "text": "", "url": None,
           "built": None, "stderr": r.stderr.strip()[-300:]}
    if r.returncode == 0:
        doc = json.loads(r.stdout)["documents"][0]
        if doc["outcome"] == "imported":
            out["text"] = (site / doc["seed"]).read_text(encoding="utf-8")
            out["url"] = yaml_value((site / doc["source"]).read_text(encoding="utf-8"), "url")
            out["title"] = doc["title"]
            if not args.no_build:
                c = subprocess.run([args.bin, "check", "--root", str(site)], capture_output=True, text=True)
                b = subprocess.run([args.bin, "build", "--root", str(site)], capture_output=True, text=True)
                out["built"] = c.returncode == 0 and b.returncode == 0
                if not out["built"]:
                    out["stderr"] = (c.stderr + b.stderr).strip()[-300:]
    if not args.keep:
        shutil.rmtree(d)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path, help="the benchmark's folder")
    ap.add_argument("--bin", default="target/release/dossier")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--no-build", action="store_true", help="skip check and build of each folder")
    ap.add_argument("--keep", action="store_true", help="keep the folders (printed)")
    ap.add_argument("--output", type=Path, help="write the predictions as the benchmark's output/*.json")
    ap.add_argument("--worst", type=int, default=8, help="list the N pages scored lowest")
    args = ap.parse_args()
    args.bin = str(Path(args.bin).resolve())

    sys.path.insert(0, str(args.bench.resolve()))
    import evaluate  # the benchmark's own scoring

    truth = json.loads((args.bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    if args.limit:
        keys = keys[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="extract-eval-"))
    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda k: run_one(args, k, work), keys))
    wall = time.monotonic() - started

    scores = []
    for r in results:
        tfn = evaluate.string_shingle_matching(true=truth[r["key"]].get("articleBody", ""), pred=r["text"])
        r["tp_fp_fn"] = tfn
        p = evaluate.precision_score(*tfn)
        rc = evaluate.recall_score(*tfn)
        r["f1"] = 0.0 if p + rc == 0 else 2 * p * rc / (p + rc)
        scores.append(tfn)
    m = evaluate.metrics_from_tp_fp_fns(scores)
    # The benchmark's articleBody has no headline; the seed starts with one.
    body_only = evaluate.metrics_from_tp_fp_fns([
        evaluate.string_shingle_matching(true=truth[r["key"]].get("articleBody", ""), pred=r["text"].split("\n\n", 1)[-1])
        for r in results])
    url_exact = sum(1 for r in results if (r["url"] or "") == truth[r["key"]].get("url", ""))
    url_norm = sum(1 for r in results if r["url"] and norm_url(r["url"]) == norm_url(truth[r["key"]].get("url")))
    failed = [r for r in results if r["exit"] != 0]
    built = [r for r in results if r["built"] is not None]
    n = len(results)

    print(f"pages                 {n}")
    print(f"F1                    {m['f1']:.3f}   (precision {m['precision']:.3f}, recall {m['recall']:.3f}; the benchmark's shingle scoring)")
    print(f"F1 without headline   {body_only['f1']:.3f}   (precision {body_only['precision']:.3f}, recall {body_only['recall']:.3f}; the seed less its first paragraph)")
    print(f"url right             {url_norm}/{n} = {url_norm / n:.1%}   (exact string: {url_exact}/{n}; normalised: scheme, www., trailing /)")
    print(f"import exit != 0      {len(failed)}")
    if built:
        ok = sum(1 for r in built if r["built"])
        print(f"check + build passed  {ok}/{len(built)}")
    times = sorted(r["seconds"] for r in results)
    print(f"import time           median {times[n // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms; wall {wall:.0f} s with {args.jobs} jobs")
    for r in failed:
        print(f"  failed {r['key'][:16]}: {r['stderr']}")
    for r in [r for r in built if not r["built"]]:
        print(f"  did not build {r['key'][:16]}: {r['stderr']}")
    if args.worst:
        print(f"lowest {args.worst}:")
        for r in sorted(results, key=lambda r: r["f1"])[: args.worst]:
            print(f"  {r['f1']:.3f} {r['key'][:16]} {truth[r['key']].get('url', '')[:90]}")
    bad_urls = [r for r in results if not (r["url"] and norm_url(r["url"]) == norm_url(truth[r["key"]].get("url")))]
    if bad_urls:
        print("url differs:")
        for r in bad_urls[:10]:
            print(f"  {r['key'][:16]} got {r['url']!r} want {truth[r['key']].get('url')!r}")
    if args.output:
        args.output.write_text(json.dumps({k: {"articleBody": r["text"]} for k, r in zip(keys, results)}, ensure_ascii=False, indent=1))
    if args.keep:
        print(f"folders kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
