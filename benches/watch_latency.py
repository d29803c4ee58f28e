#!/usr/bin/env python3
"""Save-to-written latency of `dossier watch`: edit one actor file (an atomic save,
as editors' tools do) and time until its page on disk shows the edit.

    python3 benches/watch_latency.py                    # the bundled dossier
    python3 benches/watch_latency.py --sources 10000    # a synthetic dossier from ../shared/bench

Prints the median (min-max) over --runs edits. Uses target/release/dossier (build it
first with `cargo build --release`). Not a test: numbers depend on the machine.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_dossier.py")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=0, help="0 = the bundled dossier")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "dossier"))
    ap.add_argument("--kind", default="actors", choices=["actors", "sources"], help="what to edit")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="dossier-latency-")
    try:
        root = os.path.join(work, "d")
        if args.sources:
            subprocess.run([sys.executable, GEN, "--sources", str(args.sources), "--out", root, "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
        else:
            os.makedirs(root)
            for d in ("content", "seeds"):
                shutil.copytree(os.path.join(REPO, d), os.path.join(root, d))
        proc = subprocess.Popen([args.binary, "watch", "--root", root], stderr=subprocess.PIPE, text=True)
        ready = threading.Event()
        def drain():
            for line in proc.stderr:
                if "watching" in line:
                    ready.set()
        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(600):
            sys.exit("watch did not start")
        folder = os.path.join(root, "content", args.kind)
        ids = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".yaml"))
        times = []
        for i in range(args.runs):
            ident = ids[(i * 7919) % len(ids)]
            path = os.path.join(folder, ident + ".yaml")
            page = os.path.join(root, "public", args.kind, ident, "index.html")
            marker = f"latency-run-{i}-{time.time_ns()}"
            with open(path, encoding="utf-8") as f:
                text = f.read()
            key = "role" if args.kind == "actors" else "author"
            lines = [l for l in text.splitlines() if not l.startswith(key + ":")]
            new = "\n".join(lines) + f"\n{key}: {marker}\n"
            tmp = os.path.join(folder, "." + ident + ".yaml.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(new)
            t0 = time.perf_counter()
            os.rename(tmp, path)
            deadline = t0 + 120
            while time.perf_counter() < deadline:
                try:
                    with open(page, encoding="utf-8") as f:
                        if marker in f.read():
                            break
                except FileNotFoundError:
                    pass
                time.sleep(0.001)
            else:
                sys.exit(f"run {i}: the page never changed")
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        proc.terminate()
        proc.wait()
        name = f"{args.sources} sources" if args.sources else "bundled dossier"
        print(f"save-to-written, one {args.kind[:-1]} edited, {name}: median {statistics.median(times):.0f} ms "
              f"(min {min(times):.0f}, max {max(times):.0f}) over {len(times)} runs")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
