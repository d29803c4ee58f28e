#!/usr/bin/env python3
"""Weigh a built site: files, total bytes and median file size per kind.

    python3 benches/weigh.py OUT [--zola ZOLA_OUT]

A kind is the first path component under OUT (sources/, actors/, assets/, ...),
or the file's own name at the top (dossier.json, sitemap.xml). File bytes only,
not the space directories take on disk. With --zola, the total is also given
as a ratio to that folder's total (or to a size given in MB).
"""
import argparse
import os
import statistics
import sys


def weigh(root):
    kinds = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            kind = rel.split(os.sep, 1)[0]
            kinds.setdefault(kind, []).append(os.path.getsize(path))
    return kinds


def total(kinds):
    return sum(sum(sizes) for sizes in kinds.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the built site's folder")
    ap.add_argument(
        "--zola", help="a Zola build of the same content (a folder, or its size in MB), for the ratio"
    )
    args = ap.parse_args()
    if not os.path.isdir(args.out):
        sys.exit(f"weigh: {args.out} is not a folder")
    kinds = weigh(args.out)
    rows = sorted(kinds.items(), key=lambda kv: -sum(kv[1]))
    print(f"{'kind':<18}{'files':>8}{'MB':>10}{'median KB':>11}")
    for kind, sizes in rows:
        mb = sum(sizes) / 1e6
        med = statistics.median(sizes) / 1e3
        print(f"{kind:<18}{len(sizes):>8}{mb:>10.1f}{med:>11.1f}")
    all_bytes = total(kinds)
    files = sum(len(s) for s in kinds.values())
    print(f"{'total':<18}{files:>8}{all_bytes / 1e6:>10.1f}")
    if args.zola:
        if os.path.isdir(args.zola):
            z = total(weigh(args.zola))
        else:
            z = float(args.zola) * 1e6
        if z <= 0:
            sys.exit(f"weigh: {args.zola} holds no files")
        print(f"zola {z / 1e6:.1f} MB; ratio {all_bytes / z:.2f}x")


if __name__ == "__main__":
    main()
