#!/usr/bin/env python3
"""The build benchmark (issue 8): dossier against Hugo (and Zola, when `zola` is on
PATH) on the same synthetic content, plus the I/O floor, a rebuild with nothing
changed and the save-to-written latency of `dossier watch`.

    python3 benches/bench.py                 # N = 1,000 and 10,000: about 10 minutes on 2 cores
    python3 benches/bench.py --quick         # smoke test: N = 200 and 1,000, 2 runs each
    python3 benches/bench.py --sizes 1000 --runs 7 --skip-incremental --no-build
    python3 benches/bench.py --install-zola --sizes 100000 --runs 1 --skip-incremental --no-hugo

What it does, in order:
 1. `cargo build --release` (unless --no-build); checks that hugo is installed
    (`apt-get install -y hugo`) unless --no-peers. With --install-zola, unpacks the
    Zola 0.22.1 build in ../shared/bench/ to /usr/local/bin/zola (or --zola-to) first.
 2. For each N, generates the dossier and the same content as a Hugo (and Zola) site
    with benches/gen_dossier.py --seed 1 (a byte-for-byte copy of
    ../shared/bench/gen_dossier.py, whose ../shared/bench/PEERS.md has the peers'
    numbers and how they were measured).
 3. Full builds, alternating tools within each round (dossier, hugo, [zola], cp),
    --runs rounds (default 5 at N < 5,000, else 3). Every run writes into a folder
    that did not exist; nothing is deleted until the end (on ext4, deleting many
    files makes whoever creates files next slow for minutes: see PEERS.md). `cp -r`
    of that round's dossier output into a new folder is the I/O floor. Each run is
    timed around spawn and wait4(); peak memory is the child's ru_maxrss. `sync`
    runs (untimed) before each timed run, so no run pays for the previous one's
    writeback (--no-sync to skip).
       dossier: target/release/dossier build -q --root D --out OUT
       hugo:    hugo --quiet -s SITE -d OUT
       zola:    zola --root SITE build --output-dir OUT --force
 4. Rebuild of the first dossier output with nothing changed (--runs times): the
    inode, mtime and size of every file are compared before and after.
 5. Save-to-written (benches/watch_latency.py): one actor edited and one source edited
    in the largest N (the generated dossier, restored afterwards), and one actor
    edited in the bundled dossier.

Progress goes to stderr, the report (Markdown) to stdout. The work folder is a new
folder under --work (default /tmp when /tmp is on the repo's filesystem, else
target/); it is deleted at the end unless --keep. Not a test: the numbers depend on
the machine and on what else it is doing (the report shows how much CPU other
processes used during the runs).
"""
import argparse, datetime, json, os, platform, resource, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no benches/__pycache__
sys.path.insert(0, HERE)
import watch_latency  # noqa: E402

T0 = time.perf_counter()
CLEANUP_MARK = ".dossier-bench-cleanup"  # in the work parent: when the last run deleted its files
HZ = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[bench +{time.perf_counter() - T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def die(msg, code=2):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(code)


def first_line(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def busy_seconds():
    """CPU time the whole machine has spent busy, all cores (from /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal
    return (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / HZ


def run_timed(cmd, log_path, sync=True):
    """Runs cmd with stdout and stderr to log_path; returns wall time, ru_maxrss, CPU
    time of the child and of everything else on the machine during the run."""
    if sync:
        os.sync()
    with open(log_path, "wb") as f:
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_DUP2, f.fileno(), 1), (os.POSIX_SPAWN_DUP2, f.fileno(), 2)]
        # Linux counts the spawning process's peak RSS into the child's ru_maxrss (at exec),
        # so a child that stays below ours reports ours: then its peak is only known to be <= that.
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        b0 = busy_seconds()
        t0 = time.perf_counter()
        pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=actions)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        b1 = busy_seconds()
    with open(log_path, encoding="utf-8", errors="replace") as f:
        output = f.read()
    cpu = ru.ru_utime + ru.ru_stime
    others = None if b0 is None else max(0.0, (b1 - b0) - cpu)
    return {"wall": wall, "maxrss_kib": ru.ru_maxrss, "rss_upper_bound": ru.ru_maxrss <= own, "cpu": cpu, "others_cpu": others,
            "rc": os.waitstatus_to_exitcode(status), "output": output}


def tree_stats(top):
    """(files, HTML files, bytes) under top."""
    files = html = size = 0
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                else:
                    files += 1
                    size += e.stat(follow_symlinks=False).st_size
                    html += e.name.endswith(".html")
    return files, html, size


def snapshot(top):
    """{relative path: (inode, mtime_ns, size)} of every file under top."""
    out = {}
    for d, _, names in os.walk(top):
        for n in names:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[os.path.relpath(p, top)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def filesystem(path):
    """(fstype, source, mount point, options) of the mount holding path."""
    path = os.path.realpath(path)
    best = None
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                left, _, right = line.partition(" - ")
                l, r = left.split(), right.split()
                mp = l[4].replace("\\040", " ")
                if path == mp or path.startswith(mp.rstrip("/") + "/"):
                    if best is None or len(mp) >= len(best[2]):
                        best = (r[0], r[1], mp, l[5])
    except (OSError, IndexError):
        pass
    return best or ("?", "?", "?", "?")


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f"{kib / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    osname = "?"
    try:
        with open("/etc/os-release") as f:
            osname = next(l.split("=", 1)[1].strip().strip('"') for l in f if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    return {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)), "cpu": cpu, "memory": mem,
            "kernel": platform.release(), "os": osname}


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def secs(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"


def wall_cell(ws):
    return f"{secs(statistics.median(ws))} s ({secs(min(ws))}–{secs(max(ws))})"


def rss_cell(rs):
    """The highest ru_maxrss of the runs; "≤" when every run stayed below the benchmark's own."""
    top = max(r["maxrss_kib"] for r in rs) / 1024
    return f"≤ {top:.0f} MiB" if all(r["rss_upper_bound"] for r in rs) else f"{top:.0f} MiB"


def grouped(n):
    return f"{n:,}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="source counts, comma-separated (default 1000,10000; --quick: 200,1000)")
    ap.add_argument("--runs", type=int, help="rounds of full builds per size (default 5 at N < 5,000, else 3; --quick: 2)")
    ap.add_argument("--latency-runs", type=int, help="edits per save-to-written measurement (default 11, 9 at N >= 5,000; --quick: 3)")
    ap.add_argument("--quick", action="store_true", help="a smoke test: sizes 200,1000, 2 runs, 3 edits")
    ap.add_argument("--skip-incremental", action="store_true", help="no save-to-written measurements")
    ap.add_argument("--no-build", action="store_true", help="do not run `cargo build --release` first")
    ap.add_argument("--no-peers", action="store_true", help="dossier only (no hugo, no zola)")
    ap.add_argument("--no-hugo", action="store_true",
                    help="zola as the only peer (hugo 0.111 took over 13 minutes at N = 100,000 on 2 cores)")
    ap.add_argument("--install-zola", action="store_true",
                    help="unpack ../shared/bench/zola-0.22.1-x86_64-linux-gnu.xz onto the PATH first (see --zola-to)")
    ap.add_argument("--zola-to", default="/usr/local/bin/zola", help="where --install-zola puts zola")
    ap.add_argument("--no-sync", action="store_true", help="do not sync before each timed run")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "dossier"))
    ap.add_argument("--gen", default=os.path.join(HERE, "gen_dossier.py"), help="the generator (default benches/gen_dossier.py)")
    ap.add_argument("--work", help="a folder on the disk to measure; a new folder is made inside it "
                    "(default /tmp if it is on the repo's filesystem, else target/)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (generated sites and outputs)")
    ap.add_argument("--json", help="also write the raw measurements to this file")
    args = ap.parse_args()

    sizes = [int(s.replace("_", "")) for s in (args.sizes or ("200,1000" if args.quick else "1000,10000")).split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        die("--sizes needs positive numbers")
    runs_for = lambda n: args.runs or (2 if args.quick else 5 if n < 5000 else 3)
    latency_runs_for = lambda n: args.latency_runs or (3 if args.quick else 9 if n >= 5000 else 11)
    if (args.runs is not None and args.runs < 1) or (args.latency_runs is not None and args.latency_runs < 1):
        die("--runs and --latency-runs must be at least 1")

    if args.install_zola:
        install_zola(args.zola_to)
    # Peers.
    peers = []
    if not args.no_peers and args.no_hugo:
        if shutil.which("zola"):
            peers.append("zola")
        else:
            die("--no-hugo needs zola on the PATH (--install-zola)")
    elif not args.no_peers:
        if not shutil.which("hugo"):
            die("hugo is not installed. Install it with `apt-get install -y hugo` "
                "(Debian/Ubuntu; PEERS.md used 0.111.3), or pass --no-peers to measure dossier alone.")
        peers.append("hugo")
        if shutil.which("zola"):
            peers.append("zola")
        else:
            log("zola is not on PATH: measuring dossier and hugo only")
    if not os.path.isfile(args.gen):
        die(f"no generator at {args.gen}")

    # The binary.
    if not args.no_build:
        log("cargo build --release")
        r = subprocess.run(["cargo", "build", "--release"], cwd=REPO, stdout=sys.stderr, stderr=sys.stderr)
        if r.returncode != 0:
            die("cargo build --release failed")
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        die(f"no dossier binary at {binary} (run without --no-build, or `cargo build --release`)")

    # The work folder, on the disk being measured.
    if args.work:
        parent = os.path.abspath(args.work)
    else:
        try:
            same = os.stat("/tmp").st_dev == os.stat(REPO).st_dev
        except OSError:
            same = False
        parent = "/tmp" if same else os.path.join(REPO, "target")
    os.makedirs(parent, exist_ok=True)
    notes = []
    try:
        ago = time.time() - os.stat(os.path.join(parent, CLEANUP_MARK)).st_mtime
        if ago < 360:
            notes.append(f"the previous benchmark deleted its work folder {ago:.0f} s before this one started; "
                         "on ext4 that can slow file creation for up to 6 minutes (wait that long between runs)")
            log("warning: " + notes[-1])
    except OSError:
        pass
    work = tempfile.mkdtemp(prefix="dossier-bench-", dir=parent)
    fs, fsrc, fsmp, fsopts = filesystem(work)
    repo_fs = filesystem(REPO)
    if (fsrc, fsmp) != (repo_fs[1], repo_fs[2]):
        notes.append(f"the work folder is not on the repo's filesystem ({repo_fs[0]} {repo_fs[1]} at {repo_fs[2]})")
    usage = shutil.disk_usage(work)
    log(f"work folder {work}: {fs} on {fsrc} at {fsmp} ({fsopts}), {usage.free / 1e9:.0f} GB free")

    info = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "filesystem": {"work": work, "type": fs, "source": fsrc, "mount": fsmp, "options": fsopts},
        "versions": {
            "dossier": first_line([binary, "--version"]),
            "git": first_line(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]),
            "git_dirty": bool(subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                                             capture_output=True, text=True).stdout.strip()),
            "rustc": first_line(["rustc", "--version"]),
            **{p: first_line([p, "version"] if p == "hugo" else [p, "--version"]) for p in peers},
            "cp": first_line(["cp", "--version"]),
            "python": platform.python_version(),
        },
        "load_start": loadavg(),
    }
    short = {"dossier": info["versions"]["dossier"], "zola": info["versions"].get("zola", "zola")}
    if "hugo" in peers:  # "hugo v0.111.3+extended linux/amd64 BuildDate=..." -> "hugo 0.111.3"
        words = info["versions"]["hugo"].split()
        short["hugo"] = "hugo " + words[1].split("+")[0].lstrip("v") if len(words) > 1 else "hugo"
    log(f"{info['versions']['dossier']} (git {info['versions']['git']}), " + ", ".join(info["versions"].get(p, "") for p in peers))

    results = {"info": info, "sizes": {}}
    busy0 = busy_seconds()
    try:
        for n in sizes:
            results["sizes"][n] = measure_size(n, runs_for(n), peers, binary, args, work, notes, short)
        for n in sizes:
            results["sizes"][n]["rebuild"] = measure_rebuild(n, runs_for(n), binary, work, notes, not args.no_sync)
        if not args.skip_incremental:
            results["incremental"] = measure_incremental(max(sizes), latency_runs_for, binary, work, notes)
    finally:
        busy1 = busy_seconds()
        info["load_end"] = loadavg()
        if args.keep:
            log(f"kept {work}")
        else:
            log(f"deleting {work}")
            t = time.perf_counter()
            shutil.rmtree(work, ignore_errors=True)
            with open(os.path.join(parent, CLEANUP_MARK), "w") as f:
                f.write(f"{time.time()}\n")
            log(f"deleted in {time.perf_counter() - t:.1f} s")
    info["duration_s"] = time.perf_counter() - T0
    if busy0 is not None:
        info["machine_busy_share"] = (busy1 - busy0) / info["duration_s"] / os.cpu_count()
    report(results, peers, notes, short)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    log(f"done in {info['duration_s'] / 60:.1f} min")


ZOLA_XZ = os.path.join(REPO, "..", "shared", "bench", "zola-0.22.1-x86_64-linux-gnu.xz")


def install_zola(dest):
    """Unpacks the shared Zola build to dest (a folder on PATH), unless a zola is there."""
    if shutil.which("zola"):
        log(f"zola is on PATH already: {shutil.which('zola')}")
        return
    if not os.path.isfile(ZOLA_XZ):
        die(f"--install-zola: no {os.path.normpath(ZOLA_XZ)} (the shared folder beside the repo)")
    import lzma
    with lzma.open(ZOLA_XZ) as src, open(dest + ".part", "wb") as out:
        shutil.copyfileobj(src, out)
    os.chmod(dest + ".part", 0o755)
    os.replace(dest + ".part", dest)
    log(f"installed {first_line([dest, '--version'])} at {dest}")
    if not shutil.which("zola"):
        die(f"--install-zola: {dest} is not on PATH")


def measure_size(n, runs, peers, binary, args, work, notes, short):
    base = os.path.join(work, f"n{n}")
    d, h, z = (os.path.join(base, x) for x in ("dossier", "hugo-site", "zola-site"))
    cmd = [sys.executable, args.gen, "--sources", str(n), "--out", d, "--hugo", h, "--seed", "1"]
    if "zola" in peers:
        cmd += ["--zola", z]
    log(f"N={n}: generating")
    t = time.perf_counter()
    gen = subprocess.run(cmd, capture_output=True, text=True)
    if gen.returncode != 0:
        die(f"gen_dossier.py failed:\n{gen.stderr}")
    inp = {"content": gen.stdout.strip(), "dossier": tree_stats(d), "hugo": tree_stats(h) if "hugo" in peers else None,
           "zola": tree_stats(z) if "zola" in peers else None}
    log(f"N={n}: {inp['content']}; dossier input {inp['dossier'][0]} files, {inp['dossier'][2] / 1e6:.1f} MB "
        f"(generated in {time.perf_counter() - t:.1f} s)")

    commands = {
        "dossier": lambda out: [binary, "build", "-q", "--root", d, "--out", out],
        "hugo": lambda out: ["hugo", "--quiet", "-s", h, "-d", out],
        "zola": lambda out: ["zola", "--root", z, "build", "--output-dir", out, "--force"],
    }
    tools = ["dossier"] + peers + ["cp"]
    rows = {t: [] for t in tools}
    os.makedirs(os.path.join(base, "logs"))
    for i in range(1, runs + 1):
        for tool in tools:
            out = os.path.join(base, "out", f"{tool}-{i}")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            if tool == "cp":
                c = ["cp", "-r", os.path.join(base, "out", f"dossier-{i}"), out]
            else:
                c = commands[tool](out)
            r = run_timed(c, os.path.join(base, "logs", f"{tool}-{i}.log"), sync=not args.no_sync)
            if r["rc"] != 0:
                die(f"N={n} run {i}: `{' '.join(c)}` exited {r['rc']}:\n{r['output'][-3000:]}")
            if not os.path.isdir(out):
                die(f"N={n} run {i}: {tool} wrote no {out}")
            r["files"], r["html"], r["bytes"] = tree_stats(out)
            if r["output"].strip():
                line = r["output"].strip().splitlines()[0]
                msg = f"{tool} printed output at N={n} (run {i}): {line[:200]}"
                if not any(x.startswith(f"{tool} printed output at N={n}") for x in notes):
                    notes.append(msg)
                log("note: " + msg)
            del r["output"]
            rows[tool].append(r)
            log(f"N={n} round {i}/{runs}: {tool:7} {r['wall']:6.2f} s, {r['maxrss_kib'] / 1024:5.0f} MiB, "
                f"{r['html']} HTML of {r['files']} files")
    for tool in tools:
        counts = {(r["files"], r["html"], r["bytes"]) for r in rows[tool]}
        if len(counts) > 1:
            notes.append(f"{tool} output differs between runs at N={n}: (files, HTML, bytes) = {sorted(counts)}")
    return {"input": inp, "runs": rows, "tools": tools}


def measure_rebuild(n, runs, binary, work, notes, sync):
    base = os.path.join(work, f"n{n}")
    d, out = os.path.join(base, "dossier"), os.path.join(base, "out", "dossier-1")
    res = []
    for i in range(1, runs + 1):
        before = snapshot(out)
        r = run_timed([binary, "build", "-q", "--root", d, "--out", out], os.path.join(base, "logs", f"rebuild-{i}.log"), sync)
        after = snapshot(out)
        if r["rc"] != 0:
            die(f"N={n} rebuild {i} exited {r['rc']}:\n{r['output'][-3000:]}")
        r["written"] = sum(1 for p, v in after.items() if before.get(p) != v)
        r["removed"] = sum(1 for p in before if p not in after)
        r["files"] = len(after)
        del r["output"]
        res.append(r)
        log(f"N={n} rebuild {i}/{runs}, nothing changed: {r['wall']:.2f} s, wrote {r['written']} files, removed {r['removed']}")
    if any(r["written"] or r["removed"] for r in res):
        notes.append(f"the rebuild with nothing changed at N={n} wrote or removed files: "
                     + ", ".join(f"{r['written']}/{r['removed']}" for r in res) + " (written/removed per run)")
    return res


def measure_incremental(n, latency_runs_for, binary, work, notes):
    base = os.path.join(work, f"n{n}")
    res = []
    for kind in ("actors", "sources"):
        k = latency_runs_for(n)
        log(f"N={n}: save-to-written, one {kind[:-1]} edited, {k} edits (watch builds the site first)")
        times, complete = watch_latency.measure_both(os.path.join(base, "dossier"), kind, k, binary, os.path.join(base, f"watch-{kind}"))
        log(f"N={n}: {watch_latency.summary(times)}; complete: {watch_latency.summary(complete)}")
        res.append({"dossier": f"synthetic, N = {grouped(n)}", "kind": kind, "times_ms": times, "complete_ms": complete})
    bundled = os.path.join(work, "bundled")
    watch_latency.copy_bundled(bundled)
    k = latency_runs_for(0)
    log(f"bundled dossier: save-to-written, one actor edited, {k} edits")
    times, complete = watch_latency.measure_both(bundled, "actors", k, binary, os.path.join(work, "bundled-watch"))
    log(f"bundled: {watch_latency.summary(times)}; complete: {watch_latency.summary(complete)}")
    res.append({"dossier": "bundled (Vilnius)", "kind": "actors", "times_ms": times, "complete_ms": complete})
    return res


def report(results, peers, notes, short):
    info, v, m, fs = results["info"], results["info"]["versions"], results["info"]["machine"], results["info"]["filesystem"]
    p = print
    p(f"## Build benchmark, {info['date']}")
    p()
    p(f"- machine: {m['nproc']} CPUs ({m['usable_cpus']} usable), {m['cpu']}, {m['memory']}; "
      f"kernel {m['kernel']}; {m['os']}")
    p(f"- filesystem of the work folder: {fs['type']} on {fs['source']} mounted at {fs['mount']} ({fs['options']})")
    p(f"- versions: {v['dossier']} (git {v['git']}{', with uncommitted changes' if v['git_dirty'] else ''}; {v['rustc']})"
      + "".join(f"; {v[x]}" for x in peers) + f"; {v['cp']}")
    busy = info.get("machine_busy_share")
    p(f"- load average at start {info['load_start']}, at end {info['load_end']}"
      + (f"; the machine was {busy:.0%} busy over the whole run (all processes, all cores)" if busy is not None else ""))
    p(f"- the whole run took {info['duration_s'] / 60:.1f} min")
    p()
    p("Full builds, each into a folder that did not exist, tools alternating within each round; "
      "wall: median (min–max); pages/s: HTML files in the output / median wall; peak RSS: highest ru_maxrss "
      "of the runs (\"≤\": below this Python's own, which Linux counts into a spawned child's); CPU: median user+sys of the process; files and MB (10^6 bytes): the output tree; "
      "dossier ÷ this: median over median, to three places so that a target like 0.2 is not met by rounding (below 1: dossier is faster); "
      "MB ÷ zola: this tool's output bytes over Zola's; others' CPU: median CPU time that other processes "
      "used during a run, as a share of the machine (noise).")
    p()
    p("| N | tool | runs | wall | pages/s | peak RSS | CPU | HTML | files | MB | MB ÷ zola | dossier ÷ this | others' CPU |")
    p("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, s in results["sizes"].items():
        dmed = statistics.median(r["wall"] for r in s["runs"]["dossier"])
        zbytes = s["runs"]["zola"][-1]["bytes"] if "zola" in s["runs"] else None
        for tool in s["tools"]:
            rs = s["runs"][tool]
            ws = [r["wall"] for r in rs]
            med = statistics.median(ws)
            last = rs[-1]
            name = short.get(tool, tool) if tool != "cp" else "I/O floor: `cp -r` of dossier's output"
            pps = "–" if tool == "cp" else grouped(round(last["html"] / med))
            others = [r["others_cpu"] / r["wall"] / m["nproc"] for r in rs if r["others_cpu"] is not None]
            others = f"{statistics.median(others):.0%}" if others else "–"
            by_zola = f"{last['bytes'] / zbytes:.2f}" if zbytes else "–"
            p(f"| {grouped(n)} | {name} | {len(rs)} | {wall_cell(ws)} | {pps} | {rss_cell(rs)} "
              f"| {secs(statistics.median(r['cpu'] for r in rs))} s | {grouped(last['html'])} | {grouped(last['files'])} "
              f"| {last['bytes'] / 1e6:.1f} | {by_zola} | {dmed / med:.3f} | {others} |")
    p()
    p("Rebuild over the existing output with nothing changed (`dossier build` again into the first run's folder); "
      "written: files whose inode, mtime or size changed, or that are new.")
    p()
    p("| N | runs | wall | peak RSS | CPU | files written | files removed |")
    p("|---|---|---|---|---|---|---|")
    for n, s in results["sizes"].items():
        rs = s["rebuild"]
        wr = sorted({r["written"] for r in rs})
        p(f"| {grouped(n)} | {len(rs)} | {wall_cell([r['wall'] for r in rs])} | {rss_cell(rs)} "
          f"| {secs(statistics.median(r['cpu'] for r in rs))} s "
          f"| {'wrote 0 files' if wr == [0] else 'wrote ' + '/'.join(map(str, wr))} of {grouped(rs[-1]['files'])} "
          f"| {max(r['removed'] for r in rs)} |")
    p()
    p("Inputs: " + "; ".join(
        f"N = {grouped(n)}: {s['input']['content']}, dossier {grouped(s['input']['dossier'][0])} files "
        f"{s['input']['dossier'][2] / 1e6:.1f} MB"
        + "".join(f", {t} site {grouped(s['input'][t][0])} files {s['input'][t][2] / 1e6:.1f} MB" for t in peers)
        for n, s in results["sizes"].items()) + ".")
    if "incremental" in results:
        p()
        p("Save-to-written with `dossier watch` (benches/watch_latency.py): an atomic save of one file, "
          "until its page on disk shows the edit; and until watch says the rebuild is complete "
          "(dossier.json and the search index are written after the pages).")
        p()
        p("| dossier | file edited | edits | page written: median (min–max) | rebuild complete: median (min–max) |")
        p("|---|---|---|---|---|")
        ms = lambda x: f"{x:.0f} ms" if x < 1000 else f"{x / 1000:.2f} s"
        span = lambda t: f"{ms(statistics.median(t))} ({ms(min(t))}–{ms(max(t))})"
        for r in results["incremental"]:
            t = r["times_ms"]
            p(f"| {r['dossier']} | one {r['kind'][:-1]} | {len(t)} | {span(t)} | {span(r['complete_ms'])} |")
    if notes:
        p()
        p("Notes:")
        for x in notes:
            p(f"- {x}")


if __name__ == "__main__":
    main()
