"""Run the whole course the way mybinder.org runs it, and print a table.

Each notebook runs top to bottom from a fresh kernel (tools/notebook_runner.py) with
- ONE CPU: ``taskset -c 0`` on the whole process tree;
- a 2 GiB memory cap: a cgroup v1 memory group made under this process's own group;
  its ``memory.max_usage_in_bytes`` is the peak, its ``oom_kill`` count says whether the
  cap killed anything (a run the cap kills is stopped and reported, never waited on);
- EMPTY caches: fresh temp folders for HOME, XDG_CACHE_HOME, MPLCONFIGDIR, NUMBA_CACHE_DIR
  and POINTS_IN_SPACE_CACHE (the venv's packages are not under HOME, so none are hidden);
  ``--warm`` first fills them the way postBuild fills Binder's image (tools/warm_caches.py);
- NO network: ``unshare --net`` (as root) with only the loopback up, so the kernel's
  localhost sockets work; COURSE_OFFLINE=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 in any case.

    python bench/binder_like.py                   # all notebooks/*.ipynb
    python bench/binder_like.py notebooks/03_clustering.ipynb --warm
    python bench/binder_like.py --strict          # over 60 s also fails

Exit status 1 when a notebook fails or the cap kills something (and, with --strict, when one
takes over 60 s). The table is also written to test-artifacts/binder-like.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from notebook_runner import OFFLINE_ENV  # noqa: E402

CGROUP_ROOT = Path("/sys/fs/cgroup/memory")
MB = 2**20


def own_memory_group() -> Path | None:
    """This process's cgroup v1 memory group, if it is mounted and writable (else None)."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            group = CGROUP_ROOT / path.lstrip("/")
            if (group / "memory.limit_in_bytes").exists() and os.access(group, os.W_OK):
                return group
    return None


def no_network_prefix() -> list[str] | None:
    """``unshare --net`` with the loopback up, if this machine allows it (root), else None."""
    if os.geteuid() != 0 or not (shutil.which("unshare") and shutil.which("ip")):
        return None
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        return None
    return ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]


def oom_kills(group: Path) -> int:
    for line in (group / "memory.oom_control").read_text().splitlines():
        if line.startswith("oom_kill "):
            return int(line.split()[1])
    return 0


def kill_group(group: Path) -> None:
    for _ in range(50):
        pids = (group / "cgroup.procs").read_text().split()
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)


def run_one(path: Path, args, parent: Path | None, net: list[str] | None) -> dict:
    """One notebook in its own sandbox; returns a row of the table."""
    tmp = Path(tempfile.mkdtemp(prefix="binder-like-"))
    env = {**os.environ, **OFFLINE_ENV, "PYTHONNOUSERSITE": "1"}
    for var, sub in [("HOME", "home"), ("XDG_CACHE_HOME", "cache"), ("MPLCONFIGDIR", "mpl"),
                     ("NUMBA_CACHE_DIR", "numba"), ("POINTS_IN_SPACE_CACHE", "course"),
                     ("JUPYTER_RUNTIME_DIR", "runtime")]:
        (tmp / sub).mkdir()
        env[var] = str(tmp / sub)
    if args.warm:  # what Binder's image holds after postBuild (not timed, not capped)
        subprocess.run([sys.executable, str(ROOT / "tools" / "warm_caches.py")], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    group = None
    if parent:
        group = parent / f"binder-like-{os.getpid()}-{path.stem}"
        group.mkdir(exist_ok=True)
        (group / "memory.limit_in_bytes").write_text(str(args.cap_mb * MB))
    result = tmp / "result.json"
    cmd = (net or []) + ["taskset", "-c", "0", sys.executable, __file__, "--one", str(path),
                         "--result", str(result), "--timeout", str(args.timeout)]
    join = (lambda: (group / "cgroup.procs").write_text(str(os.getpid()))) if group else None
    row = {"notebook": path.name, "seconds": None, "group_mb": None, "rss_mb": None, "error": None, "oom": 0}
    with open(tmp / "log.txt", "w") as log:
        child = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=join,
                                 start_new_session=True, cwd=ROOT)
        start, oom_seen = time.monotonic(), None
        try:
            while child.poll() is None:
                time.sleep(0.5)
                if group and oom_kills(group) and oom_seen is None:
                    oom_seen = time.monotonic()
                if oom_seen and time.monotonic() - oom_seen > 30:
                    row["error"] = "killed by the memory cap, then stuck: stopped"
                    break
                if time.monotonic() - start > args.timeout + 60:
                    row["error"] = f"no result after {args.timeout + 60} s: stopped"
                    break
        finally:  # also on Ctrl-C: nothing is left running
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
            if group:
                kill_group(group)
            child.wait()
    if result.exists():
        row.update(json.loads(result.read_text()))
    elif row["error"] is None:
        row["error"] = f"runner exited with status {child.returncode}"
    if group:
        row["group_mb"] = int((group / "memory.max_usage_in_bytes").read_text()) / MB
        row["oom"] = oom_kills(group)
        group.rmdir()
        if row["oom"]:
            row["error"] = f"the {args.cap_mb} MiB cap killed {row['oom']} process(es); " + (row["error"] or "")
    if row["error"]:
        row["log"] = (tmp / "log.txt").read_text()[-1500:]
    shutil.rmtree(tmp, ignore_errors=True)
    if row["oom"]:
        row["verdict"] = "✘ over cap"
    elif row["error"]:
        row["verdict"] = "✘ error"
    elif row["seconds"] > args.limit:
        row["verdict"] = f"✘ over {args.limit:.0f} s"
    else:
        row["verdict"] = "✔"
    return row


def child_main(path: str, result: str, timeout: float) -> None:
    """Inside the sandbox: run the notebook, write seconds / kernel peak / error as JSON."""
    import notebook_runner

    out = {}
    try:
        nb, out["seconds"], peak = notebook_runner.run_notebook(path, time_limit=timeout)
        out["rss_mb"] = peak / MB
        problems = notebook_runner.cell_problems(nb)
        if problems:  # a course error (✘) where none was meant
            out["error"] = "; ".join(problems)
    except Exception as exc:  # a failing cell, a dead kernel (e.g. killed by the cap), too slow
        out["error"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    Path(result).write_text(json.dumps(out))


def table(rows, notes) -> str:
    fmt = lambda v, f: "–" if v is None else format(v, f)  # noqa: E731
    lines = ["| notebook | seconds | group peak MB | kernel peak RSS MB | verdict |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['notebook']} | {fmt(r['seconds'], '.1f')} | {fmt(r['group_mb'], ',.0f')} | "
                     f"{fmt(r['rss_mb'], ',.0f')} | {r['verdict']} |")
    return "\n".join(notes + [""] + lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--cap-mb", type=int, default=2048, help="memory cap in MiB (Binder: 2048)")
    ap.add_argument("--limit", type=float, default=60, help="seconds a notebook may take before it is flagged")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a notebook is stopped")
    ap.add_argument("--strict", action="store_true", help="a notebook over --limit also fails")
    ap.add_argument("--warm", action="store_true", help="fill the caches as postBuild does first")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        child_main(args.one, args.result, args.timeout)
        return 0

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    parent, net = own_memory_group(), no_network_prefix()
    notes = [f"Binder-like run, {date.today()}: one CPU (taskset -c 0), "
             + (f"{args.cap_mb} MiB memory cap (cgroup v1)" if parent else "NO memory cap")
             + ", " + ("no network (unshare --net)" if net else "offline by COURSE_OFFLINE=1 only")
             + ", " + ("caches as postBuild leaves them (--warm)" if args.warm else "empty caches") + "."]
    if not parent:
        notes.append("No writable cgroup v1 memory controller here: running UNCAPPED; group peak not measured.")
    if not net:
        notes.append("`unshare --net` is not available (needs root): the network is NOT cut, "
                     "only COURSE_OFFLINE=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 are set.")
    print("\n".join(notes), flush=True)

    rows = []
    for path in paths:
        row = run_one(Path(path).resolve(), args, parent, net)
        rows.append(row)
        print(f"  {row['notebook']}: {row['verdict']}"
              + (f" {row['seconds']:.1f} s" if row["seconds"] is not None else "")
              + (f"  ({row['error']})" if row["error"] else ""), flush=True)
        if row.get("log"):
            print("    last output:\n" + "\n".join("    " + s for s in row["log"].splitlines()[-15:]))
    text = table(rows, notes)
    print("\n" + text)
    slow = [r["notebook"] for r in rows if r["verdict"].startswith("✘ over") and r["verdict"] != "✘ over cap"]
    if slow:
        print(f"!!! OVER {args.limit:.0f} s ON ONE CPU: {', '.join(slow)}"
              + ("" if args.strict else "  (a measurement, not a failure; --strict makes it one)"))
    out = ROOT / "test-artifacts" / "binder-like.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    print(f"table written to {out.relative_to(ROOT)}")
    failed = [r for r in rows if r["error"] or r["oom"] or (args.strict and r["verdict"] != "✔")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
