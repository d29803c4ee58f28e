#!/usr/bin/env python3
"""Trains the claim scorer of `dossier suggest` (a logistic regression) offline.

    # 1. features + labels of every candidate clause of labelled dossiers (no text kept)
    python3 benches/train_claims.py extract --bin target/release/dossier \\
        --set A=DIR --set B=DIR ... --set bundled=. --out benches/claims_data.json
    # 2. leave-one-set-out: per held-out set, train on the others, pick the threshold
    #    on those, score the held-out set (score_suggest.py's definition)
    python3 benches/train_claims.py loso --data benches/claims_data.json
    #    (--pool B,C,D,E,F,G,H,I --curve 0.37: recall / precision of those held-out sets
    #    at every threshold, the 0.8 recall and 0.6 precision points, the shipped one)
    # 3. the model the binary embeds, trained on every set
    python3 benches/train_claims.py fit --data benches/claims_data.json \\
        --out src/suggest/claims/model.rs

A set's DIR is a labelled dossier (content/, seeds/, labels.yaml or curated
commitments) or a directory of them; `--set NAME=DIR,DIR` joins several. The features
come from the binary (`suggest --format features`), the one implementation the model is
used with. A candidate is positive when its quote overlaps a label's quote. Recall is
labels found / labels, precision is claims overlapping a label / claims, as
score_suggest.py counts them. Needs numpy; `--trees` (gradient-boosted trees, the
shipped scorer) needs scikit-learn too (`pip install scikit-learn`, 1.9 used).
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_suggest as ss  # noqa: E402

# Fixed before any evaluation: L2 strength on standardised features, and the threshold
# rule (the best F1 of recall and precision on the training sets).
L2 = 1.0
THRESHOLDS = [i / 100 for i in range(5, 96)]
# Fixed before any evaluation (session s7): the trees' parameters. Their threshold is the
# best F1 of leave-one-set-out predictions on the training sets (in-sample tree scores
# are too optimistic to choose it on).
TREES = dict(max_depth=3, learning_rate=0.05, max_iter=200, l2_regularization=1.0,
             min_samples_leaf=20, random_state=0)
# Session s8: the trees' probabilities are adjusted to each dossier's own share of claims
# (a prior shift, Saerens et al. 2002, one step): a story dense in commitments gets more
# claims, one article with few fewer. The share is the mean probability of the dossier's
# clauses, kept within SHIFT_RANGE. `loso --no-shift` scores without it, for comparison;
# the binary always shifts, so every model written carries its prior (`shift_lines`).
SHIFT_RANGE = (0.005, 0.9)
SHIFT = True

# The Rust `score` both models share: features by name → `score_row`.
SCORE_BY_NAME = [
    "/// The model's probability that a clause with these features is a claim.",
    "pub(super) fn score(features: &[(&'static str, f32)]) -> f32 {",
    "    // (A unit test checks that FEATURES is the order `features::extract` gives.)",
    "    score_row(&features.iter().map(|f| f.1).collect::<Vec<f32>>())",
    "}",
    "",
]

def dossiers(d):
    if os.path.isdir(os.path.join(d, "content")):
        return [d]
    return sorted(p for p in glob.glob(os.path.join(d, "*")) if os.path.isdir(os.path.join(p, "content")))


def extract_one(binary, root, text=False):
    texts = ss.seeds(root)
    labels = []
    for lid, ev in ss.labels(root):
        spans = []
        for e in ev:
            s = ss.span(texts[e["source"]], e["quote"])
            if s is None:
                sys.exit(f"{root}: label {lid}: quote not in {e['source']}")
            spans.append((e["source"], s))
        labels.append(spans)
    with tempfile.TemporaryDirectory() as tmp:
        ss.uncurated_copy(root, tmp)
        out = subprocess.run([binary, "suggest", "--root", tmp, "--format", "features"],
                             check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    rows, hits = [], []
    for c in j["candidates"]:
        s = ss.span(texts[c["source"]], c["quote"])
        if s is None:
            sys.exit(f"{root}: a candidate's quote is not in its source: {c['quote']!r}")
        rows.append([[i, round(v, 4)] for i, v in enumerate(c["features"]) if v != 0])
        hits.append([k for k, spans in enumerate(labels)
                     if any(x[0] == c["source"] and x[1][0] < s[1] and s[0] < x[1][1] for x in spans)])
    doc = {"labels": len(labels), "rows": rows, "hits": hits}
    if text:
        doc["quotes"] = [c["quote"] for c in j["candidates"]]
    return j["names"], doc


def cmd_extract(a):
    data = {"names": None, "sets": {}}
    for spec in a.set:
        name, dirs = spec.split("=", 1)
        docs = []
        for d in dirs.split(","):
            for root in dossiers(d):
                names, doc = extract_one(a.bin, root, a.text)
                if names:
                    if data["names"] not in (None, names):
                        sys.exit("feature names differ between dossiers")
                    data["names"] = names
                doc["doc"] = os.path.basename(os.path.abspath(root)) if root not in (".", "./") else name
                docs.append(doc)
        data["sets"][name] = docs
        n = sum(len(d["rows"]) for d in docs)
        print(f"{name}: {len(docs)} dossiers, {sum(d['labels'] for d in docs)} labels, {n} candidates")
    with open(a.out, "w") as f:
        json.dump(data, f, separators=(",", ":"))


def matrix(docs, width):
    rows = [r for d in docs for r in d["rows"]]
    x = np.zeros((len(rows), width))
    for i, r in enumerate(rows):
        for k, v in r:
            x[i, k] = v
    y = np.array([1.0 if h else 0.0 for d in docs for h in d["hits"]])
    return x, y


def fit(x, y):
    """L2 logistic regression by Newton's method on standardised features; returns
    weights and bias on the raw features."""
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    z = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], L2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        g = z.T @ (p - y) + reg * w
        h = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / sd
    bias = w[-1] - (w[:-1] * mu / sd).sum()
    return weights, bias


def predict(weights, bias, prior, docs, width):
    out = []
    for d in docs:
        x, _ = matrix([d], width)
        out.append(shift(1 / (1 + np.exp(-(x @ weights + bias))), prior) if len(x) else np.zeros(0))
    return out


def count(docs, chosen):
    """(labels, found, claims, right) of docs, with `chosen[i]` the mask of doc i's
    candidates that are proposed."""
    labels = found = claims = right = 0
    for d, m in zip(docs, chosen):
        hit = set()
        for h, on in zip(d["hits"], m):
            if on:
                claims += 1
                right += bool(h)
                hit.update(h)
        labels += d["labels"]
        found += len(hit)
    return labels, found, claims, right


def f1(c):
    r = c[1] / max(c[0], 1)
    p = c[3] / max(c[2], 1)
    return 0 if r + p == 0 else 2 * r * p / (r + p)


def train(docs, width):
    """Weights, bias, the share of claims among the training clauses, and the threshold
    (the best F1 on the training sets)."""
    x, y = matrix(docs, width)
    weights, bias = fit(x, y)
    prior = float(y.mean())
    probs = predict(weights, bias, prior, docs, width)
    best = max(THRESHOLDS, key=lambda t: (f1(count(docs, [p >= t for p in probs])), -t))
    return weights, bias, prior, best


def trees_fit(docs, width):
    """The trees, and the share of claims among the training clauses (the prior their
    probabilities carry)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    x, y = matrix(docs, width)
    m = HistGradientBoostingClassifier(**TREES).fit(x, y)
    m.prior_ = float(y.mean())
    return m


def shift(p, prior):
    """Probabilities `p` of one dossier's clauses, from a model trained where claims were
    `prior` of the clauses, moved to the dossier's own share (their mean)."""
    if not SHIFT or len(p) == 0:
        return p
    q = float(np.clip(np.mean(p), *SHIFT_RANGE))
    a = q / prior * p
    return a / (a + (1 - q) / (1 - prior) * (1 - p))


def trees_predict(m, docs, width):
    return [shift(m.predict_proba(matrix([d], width)[0])[:, 1], m.prior_) if d["rows"] else np.zeros(0)
            for d in docs]


def train_trees(sets, width):
    """Trees on every doc of `sets` (name -> docs), and the threshold chosen on their
    leave-one-set-out predictions."""
    docs, probs = [], []
    for held in sets:
        m = trees_fit([d for s, ds in sets.items() if s != held for d in ds], width)
        docs += sets[held]
        probs += trees_predict(m, sets[held], width)
    best = max(THRESHOLDS, key=lambda t: (f1(count(docs, [p >= t for p in probs])), -t))
    return trees_fit([d for ds in sets.values() for d in ds], width), best


def fmt(c):
    return f"{c[1]}/{c[0]} = {c[1] / max(c[0], 1):.2f} | {c[3]}/{c[2]} = {c[3] / max(c[2], 1):.2f}"


def load(path):
    with open(path) as f:
        return json.load(f)


def rules(data, docs):
    """What the hand-written rules propose: a cue of enough weight, not a question."""
    names = data["names"]
    rp, q = names.index("rule_pass"), names.index("question")
    masks = []
    for d in docs:
        masks.append([any(k == rp for k, _ in r) and not any(k == q for k, _ in r) for r in d["rows"]])
    return masks


def cmd_loso(a):
    data = load(a.data)
    width = len(data["names"])
    sets = data["sets"]
    pooled = {k: [0, 0, 0, 0] for k in ("ceiling", "rules", "model")}
    per = {}
    held_out = {}
    print("set | labels | ceiling recall | rules now: recall | precision | model LOSO: recall | precision | threshold")
    for held in sets:
        docs = sets[held]
        if a.trees:
            m, t = train_trees({s: ds for s, ds in sets.items() if s != held}, width)
            probs = trees_predict(m, docs, width)
        else:
            weights, bias, prior, t = train([d for s, ds in sets.items() if s != held for d in ds], width)
            probs = predict(weights, bias, prior, docs, width)
        res = {
            "ceiling": count(docs, [[True] * len(d["rows"]) for d in docs]),
            "rules": count(docs, rules(data, docs)),
            "model": count(docs, [p >= t for p in probs]),
        }
        per[held] = res
        held_out[held] = (docs, probs, t)
        for k, c in res.items():
            pooled[k] = [x + y for x, y in zip(pooled[k], c)]
        print(f"{held} | {res['model'][0]} | {res['ceiling'][1] / max(res['ceiling'][0], 1):.2f} | "
              f"{fmt(res['rules'])} | {fmt(res['model'])} | {t:.2f}")
        if a.verbose:
            for d, p in zip(docs, probs):
                c = count([d], [p >= t])
                print(f"    {d['doc']}: {fmt(c)}")
    if a.pool:
        keep = a.pool.split(",")
        sub = {k: [0, 0, 0, 0] for k in ("rules", "model")}
        for k in sub:
            for held in keep:
                sub[k] = [x + y for x, y in zip(sub[k], per[held][k])]
        print(f"pooled {a.pool} | {sub['model'][0]} | | {fmt(sub['rules'])} | {fmt(sub['model'])} |")
    print(f"pooled | {pooled['model'][0]} | {pooled['ceiling'][1] / max(pooled['ceiling'][0], 1):.2f} | "
          f"{fmt(pooled['rules'])} | {fmt(pooled['model'])} |")
    if a.curve:
        curve(held_out, (a.pool or ",".join(sets)).split(","), a.curve)


def curve(held_out, keep, shipped):
    """Recall and precision of the held-out sets `keep` pooled, each scored by the model
    trained without it, at one threshold for all: the trade-off the threshold buys, with
    a bootstrap over articles (1,000 draws) for the points that matter."""
    docs = [d for k in keep for d in held_out[k][0]]
    probs = [p for k in keep for p in held_out[k][1]]

    def at(t, idx=None):
        idx = range(len(docs)) if idx is None else idx
        return count([docs[i] for i in idx], [probs[i] >= t for i in idx])

    def rp(c):
        return c[1] / max(c[0], 1), c[3] / max(c[2], 1)

    rng = np.random.default_rng(0)
    draws = [rng.integers(0, len(docs), len(docs)) for _ in range(1000)]

    def spread(t):
        rs, ps = zip(*(rp(at(t, idx)) for idx in draws))
        return (f"recall 90% in {np.percentile(rs, 5):.2f}..{np.percentile(rs, 95):.2f}, "
                f"precision in {np.percentile(ps, 5):.2f}..{np.percentile(ps, 95):.2f}")

    print(f"\ncurve over {','.join(keep)} pooled, held out ({len(docs)} articles)")
    print("threshold | recall | precision | F1")
    grid = [i / 100 for i in range(5, 96)]
    for t in grid:
        if round(t * 100) % 5 == 0:
            c = at(t)
            print(f"{t:.2f} | {fmt(c)} | {f1(c):.2f}")
    # The 0.8 recall point: the highest threshold still finding 0.8 of the labels; the
    # 0.6 precision point: the lowest threshold whose claims are 0.6 right.
    r80 = max((t for t in grid if rp(at(t))[0] >= 0.8), default=None)
    p60 = min((t for t in grid if rp(at(t))[1] >= 0.6), default=None)
    top = max(grid, key=lambda t: (rp(at(t))[1], rp(at(t))[0]))
    per_fold = [0, 0, 0, 0]
    for k in keep:
        ds, ps, t = held_out[k]
        per_fold = [x + y for x, y in zip(per_fold, count(ds, [p >= t for p in ps]))]
    print(f"thresholds chosen per fold (as LOSO above): {fmt(per_fold)}")
    for name, t in [("recall 0.8 point", r80), ("precision 0.6 point", p60), ("shipped threshold", shipped),
                    ("highest precision", top)]:
        if t is None:
            print(f"{name}: not reached")
        else:
            print(f"{name}: {t:.2f} | {fmt(at(t))} | {spread(t)}")


def cmd_fit(a):
    data = load(a.data)
    names = data["names"]
    docs = [d for ds in data["sets"].values() for d in ds]
    if a.trees:
        return fit_trees(a, data, names, docs)
    weights, bias, prior, t = train(docs, len(names))
    c = count(docs, [p >= t for p in predict(weights, bias, prior, docs, len(names))])
    print(f"trained on {len(docs)} dossiers, {sum(len(d['rows']) for d in docs)} candidates; "
          f"threshold {t:.2f}; on the training sets: {fmt(c)}")
    x_all, y_all = matrix(docs, len(names))
    probs_all = 1 / (1 + np.exp(-(x_all @ weights + bias)))
    for n, w in sorted(zip(names, weights), key=lambda x: -abs(x[1]))[:15]:
        print(f"  {n:>20} {w:+.3f}")
    lines = [
        "//! The claim scorer's weights: a logistic regression over [`super::features`].",
        "//! Generated by `python3 benches/train_claims.py fit --data benches/claims_data.json",
        "//! --out src/suggest/claims/model.rs` (see that script to retrain); do not edit.",
        f"//! Trained on {len(docs)} labelled dossiers ({', '.join(data['sets'])}).",
        "",
        "/// The features, in the order `features::extract` gives them (a unit test checks).",
        "#[cfg(test)]",
        "pub(super) const FEATURES: &[&str] = &[",
        *[f'    "{n}",' for n in names],
        "];",
        "pub(super) const WEIGHTS: &[f32] = &[",
        *[f"    {str(np.float32(w))}," for w in weights],
        "];",
        f"pub(super) const BIAS: f32 = {str(np.float32(bias))};",
        "/// Clauses scoring at least this are proposed (the best F1 on the training sets).",
        f"pub(super) const THRESHOLD: f32 = {t:.2f};",
        *shift_lines(prior),
        *check_rows(x_all, y_all, probs_all),
        "",
        *SCORE_BY_NAME,
        "pub(super) fn score_row(x: &[f32]) -> f32 {",
        "    let z: f32 = x.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum::<f32>() + BIAS;",
        "    1.0 / (1.0 + (-z).exp())",
        "}",
        "",
    ]
    write_rust(a.out, lines)


def shift_lines(prior):
    """The constants `claims::find` shifts scores with: the model's prior and the range."""
    return [
        "/// The share of claims among the training clauses: the prior the scores carry,",
        "/// which `shift` moves to each dossier's own share, kept within SHIFT_RANGE.",
        f"pub(super) const PRIOR: f32 = {str(np.float32(prior))};",
        f"pub(super) const SHIFT_RANGE: (f32, f32) = ({str(np.float32(SHIFT_RANGE[0]))}, "
        f"{str(np.float32(SHIFT_RANGE[1]))});",
    ]


def write_rust(path, lines):
    """Writes a generated Rust file and formats it as the crate is formatted."""
    with open(path, "w") as f:
        f.write("\n".join(lines))
    subprocess.run(["rustfmt", "--edition", "2021", path], check=False)


def check_rows(x, y, probs):
    """The first positive and the first negative row with the trainer's probability, for
    a unit test comparing the Rust scorer with this one."""
    out = ["/// Feature rows and the probability the trainer gives them (a unit test compares).",
           "#[cfg(test)]", "pub(super) const CHECKS: &[(&[f32], f32)] = &["]
    for i in [int(np.flatnonzero(y)[0]), int(np.flatnonzero(y == 0)[0])]:
        out.append(f"    (&[{', '.join(str(np.float32(v)) for v in x[i])}], {str(np.float32(probs[i]))}),")
    return out + ["];"]


def fit_trees(a, data, names, docs):
    width = len(names)
    m, t = train_trees(data["sets"], width)
    c = count(docs, [p >= t for p in trees_predict(m, docs, width)])
    print(f"trained on {len(docs)} dossiers, {sum(len(d['rows']) for d in docs)} candidates; "
          f"threshold {t:.2f} (leave-one-set-out); prior {m.prior_:.4f}; on the training sets: {fmt(c)}")
    # Flatten sklearn's trees: (feature, threshold, left, right, value) per node, children
    # as offsets from the tree's root; a leaf has left == 0 and adds its value.
    nodes, roots = [], []
    for (tree,) in m._predictors:
        roots.append(len(nodes))
        for n in tree.nodes:
            if n["is_leaf"]:
                nodes.append((0, 0.0, 0, 0, float(n["value"])))
            else:
                nodes.append((int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"]), 0.0))
    base = float(np.ravel(m._baseline_prediction)[0])
    x, y = matrix(docs, width)
    checks = check_rows(x, y, m.predict_proba(x)[:, 1])

    def f32(v):
        return str(np.float32(v))

    lines = [
        "//! The claim scorer: gradient-boosted trees over [`super::features`].",
        "//! Generated by `python3 benches/train_claims.py fit --trees --data benches/claims_data.json",
        "//! --out src/suggest/claims/model.rs` (see that script to retrain); do not edit.",
        f"//! Trained on {len(docs)} labelled dossiers ({', '.join(data['sets'])}); {len(roots)} trees.",
        "",
        "/// The features, in the order `features::extract` gives them (a unit test checks).",
        "#[cfg(test)]",
        "pub(super) const FEATURES: &[&str] = &[",
        *[f'    "{n}",' for n in names],
        "];",
        "/// (feature, threshold, left, right, value); children are offsets from the tree's",
        "/// root, `x <= threshold` goes left; a leaf has left == 0 and adds its value.",
        "type Node = (u16, f32, u16, u16, f32);",
        "const NODES: &[Node] = &[",
        *[f"    ({f}, {f32(t)}, {l}, {r}, {f32(v)})," for f, t, l, r, v in nodes],
        "];",
        "/// Where each tree's root is in NODES.",
        "const ROOTS: &[u32] = &[",
        *[f"    {r}," for r in roots],
        "];",
        f"const BASE: f32 = {f32(base)};",
        "/// Clauses scoring at least this are proposed (the best F1 of leave-one-set-out",
        "/// predictions on the training sets).",
        f"pub(super) const THRESHOLD: f32 = {t:.2f};",
        *shift_lines(m.prior_),
        *checks,
        "",
        *SCORE_BY_NAME,
        "pub(super) fn score_row(x: &[f32]) -> f32 {",
        "    let mut z = BASE;",
        "    for &root in ROOTS {",
        "        let root = root as usize;",
        "        let mut i = root;",
        "        loop {",
        "            let (f, t, l, r, v) = NODES[i];",
        "            if l == 0 {",
        "                z += v;",
        "                break;",
        "            }",
        "            let x = x.get(f as usize).copied().unwrap_or(0.0);",
        "            i = root + if x <= t { l } else { r } as usize;",
        "        }",
        "    }",
        "    1.0 / (1.0 + (-z).exp())",
        "}",
        "",
    ]
    write_rust(a.out, lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("extract")
    e.add_argument("--bin", default="target/release/dossier")
    e.add_argument("--set", action="append", required=True, help="NAME=DIR[,DIR]")
    e.add_argument("--out", default="benches/claims_data.json")
    e.add_argument("--text", action="store_true", help="keep the quotes (to read misses; never commit)")
    lo = sub.add_parser("loso")
    lo.add_argument("--data", default="benches/claims_data.json")
    lo.add_argument("--verbose", action="store_true")
    lo.add_argument("--curve", type=float, metavar="THRESHOLD",
                    help="also print the pooled held-out trade-off curve, marking this (the shipped) threshold")
    lo.add_argument("--trees", action="store_true", help="gradient-boosted trees instead of the logistic model")
    lo.add_argument("--pool", help="also pool these held-out sets, e.g. B,C,D (the sets not tuned on)")
    lo.add_argument("--no-shift", action="store_true", help="no per-dossier prior shift (to compare)")
    fi = sub.add_parser("fit")
    fi.add_argument("--data", default="benches/claims_data.json")
    fi.add_argument("--out", default="src/suggest/claims/model.rs")
    fi.add_argument("--trees", action="store_true", help="gradient-boosted trees (the shipped scorer)")
    a = ap.parse_args()
    global SHIFT
    SHIFT = not getattr(a, "no_shift", False)
    {"extract": cmd_extract, "loso": cmd_loso, "fit": cmd_fit}[a.cmd](a)


if __name__ == "__main__":
    main()
