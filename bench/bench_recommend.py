"""Recommendation benchmark: MovieLens load, ALS training, fold-in, and notebook 07.

    .venv/bin/python bench/bench_recommend.py
    .venv/bin/python bench/bench_recommend.py --no-notebook

Prints a markdown table: seconds and peak memory (RSS) of loading MovieLens 100k and
training the model, each in a fresh interpreter; fold-in + recommend time per new user;
held-out RMSE; notebook 07's wall time and its kernel's peak memory from a fresh kernel.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_recommendation.ipynb"

CHILD = r"""
import json, resource, time
t0 = time.perf_counter()
from helpers import datasets, recommend
data = datasets.movielens()
t1 = time.perf_counter()
train, test = recommend.split(data.ratings)
model = recommend.train(train, data.films)
t2 = time.perf_counter()
profiles = [{"Toy Story": 5, "Aladdin (1992)": 5, "Lion King": 5}, {"Scream": 5, "Fargo": 4, "Titanic": 1},
            {"Star Wars": 5, "Emma": 2, "Godfather": 4, "Heat": 3, "Casablanca": 5}]
for p in profiles:  # warm up
    model.recommend(model.fold_in(p), k=10)
n = 300
t = time.perf_counter()
for i in range(n):
    model.fold_in(profiles[i % 3])
t_fold = (time.perf_counter() - t) / n
t = time.perf_counter()
for i in range(n):
    model.recommend(model.fold_in(profiles[i % 3]), k=10)
t_rec = (time.perf_counter() - t) / n
base = recommend.baselines(train, test)
print(json.dumps({"load": t1 - t0, "train": t2 - t1, "train_inner": model.seconds, "fold": t_fold,
                  "fold_rec": t_rec, "rmse": model.rmse(test), **base,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child_run() -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def notebook_run(path: Path, timeout: int = 300):
    """Wall seconds and the kernel's peak RSS (MB, polled every 50 ms with psutil)."""
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    peak = [0.0]
    done = threading.Event()

    def poll():
        while not done.is_set():
            km = client.km
            pid = getattr(getattr(km, "provisioner", None), "pid", None) if km else None
            if pid:
                try:
                    proc = psutil.Process(pid)
                    rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                    peak[0] = max(peak[0], rss / 2**20)
                except psutil.Error:
                    pass
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    t = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - t
    done.set()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return wall, peak[0], len(errors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-notebook", action="store_true")
    args = parser.parse_args()
    r = child_run()
    print("| what | time | peak memory | note |")
    print("|---|---|---|---|")
    print(f"| load MovieLens 100k (import + read) | {r['load']:.2f} s | | fresh interpreter |")
    print(f"| train ALS (16 dims, 10 rounds, 90,000 ratings) | {r['train']:.2f} s | {r['peak_mb']:.0f} MB (whole process) | target ≤ 30 s |")
    print(f"| fold-in one new user | {r['fold'] * 1e3:.2f} ms | | mean of 300 |")
    print(f"| fold-in + top-10 recommendations | {r['fold_rec'] * 1e3:.2f} ms | | mean of 300 |")
    print(f"| held-out RMSE (10,000 ratings) | model {r['rmse']:.3f} | | global mean {r['global mean']:.3f}, film mean {r['film mean']:.3f} |")
    if not args.no_notebook:
        wall, peak, errors = notebook_run(NOTEBOOK)
        print(f"| notebook 07, fresh kernel | {wall:.1f} s | {peak:.0f} MB (kernel) | {errors} error outputs; target ≤ 60 s, ≤ 1.2 GB |")


if __name__ == "__main__":
    main()
