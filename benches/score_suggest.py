#!/usr/bin/env python3
"""Scores `dossier suggest`'s claims against commitments labelled by a careful reading.

    python3 benches/score_suggest.py [--bin target/release/dossier] DIR [DIR ...]

Each DIR is a dossier (content/ and seeds/). Its labels are either DIR/labels.yaml
(a list of commitments, each a list of {source, quote}) or, when there is none, the
evidence of DIR/content/commitments/*.yaml as curated. `suggest` runs on a copy of DIR
without commitments, events and discrepancies. A label is found when a claim's quote
overlaps one of its quotes in the seed; a claim is right when it overlaps a label.
Prints recall and precision per DIR and over all of them, and lists misses.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FOLD = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "…": "..."}


def norm(s):
    s = "".join(FOLD.get(c, c) for c in s)
    return re.sub(r"\s+", " ", s).strip()


def load_yaml(path):
    import yaml  # python3-yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def seeds(root):
    out = {}
    for p in glob.glob(os.path.join(root, "content/sources/*.yaml")):
        sid = os.path.basename(p)[:-5]
        y = load_yaml(p)
        with open(os.path.join(root, "seeds", y["seed"]), encoding="utf-8") as f:
            out[sid] = norm(f.read())
    return out


def span(text, quote):
    q = norm(quote)
    i = text.find(q)
    return None if i < 0 or not q else (i, i + len(q))


def labels(root):
    path = os.path.join(root, "labels.yaml")
    if os.path.exists(path):
        return [(c.get("id", f"label-{i + 1}"), c["evidence"]) for i, c in enumerate(load_yaml(path) or [])]
    out = []
    for p in sorted(glob.glob(os.path.join(root, "content/commitments/*.yaml"))):
        out.append((os.path.basename(p)[:-5], load_yaml(p).get("evidence", [])))
    return out


def uncurated_copy(root, tmp):
    """Copies the dossier `root` into `tmp` without its commitments, events and discrepancies."""
    shutil.copytree(os.path.join(root, "content"), os.path.join(tmp, "content"))
    shutil.copytree(os.path.join(root, "seeds"), os.path.join(tmp, "seeds"))
    for kind in ("commitments", "events", "discrepancies"):
        for p in glob.glob(os.path.join(tmp, "content", kind, "*.yaml")):
            os.remove(p)


def score(binary, root):
    texts = seeds(root)
    want = labels(root)
    with tempfile.TemporaryDirectory() as tmp:
        uncurated_copy(root, tmp)
        out = subprocess.run([binary, "suggest", "--root", tmp, "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
    sugg = json.loads(out)
    claims = sugg["claims"]
    spans = []
    for c in claims:
        s = span(texts[c["source"]], c["quote"])
        if s is None:
            sys.exit(f"a claim's quote is not in its source: {c['source']}: {c['quote']!r}")
        spans.append((c["source"], s))
    label_spans = []
    for lid, ev in want:
        ss = []
        for e in ev:
            s = span(texts[e["source"]], e["quote"])
            if s is None:
                sys.exit(f"label {lid}: quote not in {e['source']}: {e['quote']!r}")
            ss.append((e["source"], s))
        label_spans.append((lid, ss))

    def overlap(a, b):
        return a[0] == b[0] and a[1][0] < b[1][1] and b[1][0] < a[1][1]

    found = [lid for lid, ss in label_spans if any(overlap(x, c) for x in ss for c in spans)]
    right = [c for c in spans if any(overlap(x, c) for _, ss in label_spans for x in ss)]
    missed = [lid for lid, _ in label_spans if lid not in found]
    wrong = [claims[i]["quote"][:100] for i, c in enumerate(spans) if c not in right]
    disc = discrepancies(root, texts, sugg, overlap)
    return len(want), len(found), len(claims), len(right), missed, wrong, disc


def discrepancies(root, texts, sugg, overlap):
    """For each curated discrepancy: the parallels whose two sides overlap two of its
    accounts, and the variant groups with a spelling in one account and another in a
    second. None when the dossier has no discrepancies."""
    files = sorted(glob.glob(os.path.join(root, "content/discrepancies/*.yaml")))
    if not files:
        return None
    out = []
    for p in files:
        y = load_yaml(p)
        acc = [(a["source"], span(texts[a["source"]], a["quote"]), norm(a["quote"])) for a in y.get("accounts", [])]
        by = []
        for par in sugg["parallels"]:
            sa = (par["a"]["source"], span(texts[par["a"]["source"]], par["a"]["quote"]))
            sb = (par["b"]["source"], span(texts[par["b"]["source"]], par["b"]["quote"]))
            ia = [i for i, a in enumerate(acc) if overlap((a[0], a[1]), sa)]
            ib = [i for i, a in enumerate(acc) if overlap((a[0], a[1]), sb)]
            if any(i != j for i in ia for j in ib):
                by.append("parallel %.2f" % par["similarity"])
        for v in sugg["variants"]:
            hits = {n for n in v["names"] for a in acc if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", a[2])}
            if len(hits) >= 2:
                by.append("variant " + "/".join(sorted(hits)))
        out.append((os.path.basename(p)[:-5], by))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/dossier")
    ap.add_argument("--verbose", action="store_true", help="list the claims that match no label")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    tw = tf = tc = tr = 0
    for d in a.dirs:
        w, f, c, r, missed, wrong, disc = score(a.bin, d)
        tw, tf, tc, tr = tw + w, tf + f, tc + c, tr + r
        print(f"{d}: recall {f}/{w} = {f / max(w, 1):.2f}, precision {r}/{c} = {r / max(c, 1):.2f}")
        for m in missed:
            print(f"  missed: {m}")
        if disc is not None:
            pointed = [x for x in disc if x[1]]
            print(f"  discrepancies pointed at by parallels or variants: {len(pointed)}/{len(disc)}")
            for name, by in disc:
                print(f"    {name}: {', '.join(by) if by else '-'}")
        if a.verbose:
            for x in wrong:
                print(f"  not a label: {x}")
    if len(a.dirs) > 1:
        print(f"all: recall {tf}/{tw} = {tf / max(tw, 1):.2f}, precision {tr}/{tc} = {tr / max(tc, 1):.2f}")


if __name__ == "__main__":
    main()
