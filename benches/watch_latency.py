#!/usr/bin/env python3
"""Save-to-written latency of `dossier watch`: edit one actor file (an atomic save,
as editors' tools do) and time until its page on disk shows the edit; also until
the whole rebuild is complete (the data files are written after the pages).

    python3 benches/watch_latency.py                    # the bundled dossier
    python3 benches/watch_latency.py --kind sources     # ... one source edited
    python3 benches/watch_latency.py --kind seeds       # ... one seed's text edited
    python3 benches/watch_latency.py --kind commitments # ... one commitment's title (events: an event's)
    python3 benches/watch_latency.py --sources 10000    # a synthetic dossier (benches/gen_dossier.py)
    python3 benches/watch_latency.py --root DIR         # an existing dossier, edited in place, restored after

Prints the median (min-max) over --runs edits. Uses target/release/dossier (build it
first with `cargo build --release`). Not a test: numbers depend on the machine.
benches/bench.py imports measure() from here.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(HERE, "gen_dossier.py")
BINARY = os.path.join(REPO, "target", "release", "dossier")


def copy_bundled(root):
    """Copies the bundled dossier (content/ and seeds/) into a new folder `root`."""
    os.makedirs(root)
    for d in ("content", "seeds"):
        shutil.copytree(os.path.join(REPO, d), os.path.join(root, d))


def generate(root, sources, gen=GEN):
    subprocess.run([sys.executable, gen, "--sources", str(sources), "--out", root, "--seed", "1"],
                   check=True, stdout=subprocess.DEVNULL)


def measure(root, kind="actors", runs=11, binary=BINARY, out=None, start_timeout=600):
    """Starts `dossier watch` on the dossier in `root` (its site in `out`, default
    ROOT/public), saves `runs` edits of files in content/<kind>/ one after another and
    returns the save-to-written times in milliseconds. The edited files are restored
    (after watch has stopped) before returning."""
    return measure_both(root, kind, runs, binary, out, start_timeout)[0]


def measure_both(root, kind="actors", runs=11, binary=BINARY, out=None, start_timeout=600):
    """`measure`, and also the times from each save until the rebuild is complete
    (watch writes the data files, dossier.json and the search index, after the pages
    and then says "rebuilt")."""
    cmd = [binary, "watch", "--root", root] + (["--out", out] if out else [])
    out = out or os.path.join(root, "public")
    folder = os.path.join(root, "content", kind)
    if kind == "seeds":
        # A seed's text: its source's page must show the sentence added.
        folder = os.path.join(root, "seeds")
        seed_of = sources_by_seed(root)
        ids = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".txt") and f in seed_of)
    else:
        ids = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".yaml"))
    originals = {}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        ready = threading.Event()
        rebuilt = []  # when watch said "rebuilt in"
        def drain():
            for line in proc.stderr:
                if "watching" in line:
                    ready.set()
                if line.startswith("rebuilt in"):
                    rebuilt.append(time.perf_counter())
        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(start_timeout):
            raise RuntimeError("watch did not start")
        times, complete = [], []
        for i in range(runs):
            ident = ids[(i * 7919) % len(ids)]
            marker = f"latency-run-{i}-{time.time_ns()}"
            if kind == "seeds":
                path = os.path.join(folder, ident + ".txt")
                page = os.path.join(out, "sources", seed_of[ident + ".txt"], "index.html")
            else:
                path = os.path.join(folder, ident + ".yaml")
                page = os.path.join(out, kind, ident, "index.html")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            originals.setdefault(path, text)
            if kind == "seeds":
                new = originals[path].rstrip("\n") + f"\n\nA paragraph added: {marker}.\n"
            else:
                key = {"actors": "role", "sources": "author"}.get(kind, "title")
                lines = [l for l in text.splitlines() if not l.startswith(key + ":")]
                new = "\n".join(lines) + f"\n{key}: {marker}\n"
            tmp = os.path.join(folder, "." + os.path.basename(path) + ".tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(new)
            t0 = time.perf_counter()
            os.rename(tmp, path)
            deadline = t0 + 120
            seen = None
            while time.perf_counter() < deadline:
                # Pages are replaced by a rename: read only when the file is a new one.
                try:
                    st = os.stat(page)
                    key_now = (st.st_ino, st.st_mtime_ns, st.st_size)
                    if key_now != seen:
                        seen = key_now
                        with open(page, encoding="utf-8") as f:
                            if marker in f.read():
                                break
                except FileNotFoundError:
                    pass
                time.sleep(0.001)
            else:
                raise RuntimeError(f"run {i}: {page} never showed the edit")
            times.append((time.perf_counter() - t0) * 1000)
            while time.perf_counter() < deadline and not any(t > t0 for t in rebuilt):
                time.sleep(0.001)
            done = [t for t in rebuilt if t > t0]
            if not done:
                raise RuntimeError(f"run {i}: watch never said it rebuilt")
            complete.append((done[0] - t0) * 1000)
            time.sleep(0.3)
        return times, complete
    finally:
        proc.terminate()
        proc.wait()
        for path, text in originals.items():
            tmp = path + ".restore.tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.rename(tmp, path)


def sources_by_seed(root):
    """Each seed file's source id, from the `seed:` line of content/sources/*.yaml
    (a source without one reads seeds/<id>.txt)."""
    folder = os.path.join(root, "content", "sources")
    found = {}
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".yaml"):
            continue
        seed = f[:-5] + ".txt"
        with open(os.path.join(folder, f), encoding="utf-8") as y:
            for line in y:
                if line.startswith("seed:"):
                    seed = line.split(":", 1)[1].strip().strip("'\"")
        found[seed] = f[:-5]
    return found


def summary(times):
    return f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}) over {len(times)} runs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=0, help="0 = the bundled dossier")
    ap.add_argument("--root", help="an existing dossier to edit (in place; the edits are undone after)")
    ap.add_argument("--out", help="where watch writes the site (default ROOT/public)")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--binary", default=BINARY)
    ap.add_argument("--kind", default="actors", choices=["actors", "sources", "seeds", "commitments", "events"],
                    help="what to edit: an actor's role, a source's author, a seed's text (a paragraph added), "
                         "or a commitment's or an event's title")
    args = ap.parse_args()

    work = None if args.root else tempfile.mkdtemp(prefix="dossier-latency-")
    try:
        if args.root:
            root = os.path.abspath(args.root)
            name = root
        else:
            root = os.path.join(work, "d")
            if args.sources:
                generate(root, args.sources)
            else:
                copy_bundled(root)
            name = f"{args.sources} sources" if args.sources else "bundled dossier"
        try:
            times, complete = measure_both(root, args.kind, args.runs, args.binary, args.out)
        except RuntimeError as e:
            sys.exit(str(e))
        print(f"save-to-written, one {args.kind[:-1]} edited, {name}: {summary(times)}")
        print(f"save to rebuild complete (data files too): {summary(complete)}")
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
