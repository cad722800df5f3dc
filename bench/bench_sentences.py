"""Sentences and clustering: encoding speed, cold vs cached notebooks, UMAP time, peak memory.

    .venv/bin/python bench/bench_sentences.py            # everything (cold notebook runs take minutes)
    .venv/bin/python bench/bench_sentences.py --quick    # encoding 1,000 reviews + UMAP 5k only

Each measurement runs in a fresh Python process so its peak memory (max RSS) is its own.
Cold runs use an empty, temporary embedding cache (POINTS_IN_SPACE_CACHE); cached runs use
one warmed by the cold run. Prints markdown tables; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from common import run_notebook, table  # noqa: E402

CHILD = r"""
import json, resource, sys, time
import numpy as np
from helpers import _encoder, sentences, clusters
from helpers.space import unit_rows
task, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
if task == "encode":  # reviews beyond the 5,000 whose vectors ship, so the model does the work
    texts = sentences.reviews(5000 + n)["text"].tolist()[5000:]
elif task == "shipped":
    texts = sentences.reviews(n)["text"].tolist()
if task in ("encode", "shipped"):
    sentences.model()
    t = time.perf_counter()  # time the encoding itself, not the model load
    sentences.encode(texts, progress=False)
    info = {"encoded": sentences.encoded_count()}
elif task == "load":
    sentences.model()
    info = {}
elif task == "umap":
    texts = sentences.reviews(min(n, 22641))["text"].tolist()
    cached = sum(r is not None for r in _encoder.cache().get([_encoder.key(x) for x in texts]))
    if cached >= n:
        v = sentences.encode(texts, progress=False)
        info = {"data": "real review embeddings"}
    else:  # encoding 20k reviews takes ~10-20 min here: time UMAP on a stand-in of the same size
        real = sentences.encode(sentences.reviews(5000)["text"].tolist(), progress=False)
        rng = np.random.default_rng(0)
        v = unit_rows(np.concatenate([real] * (n // 5000 + 1))[:n] + rng.normal(0, 0.02, (n, real.shape[1])))
        info = {"data": f"stand-in: 5,000 real embeddings repeated with noise (only {cached:,} of {n:,} cached)"}
    t = time.perf_counter()
    clusters.umap_map(v, cache=False)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **info}))
"""


def child(task: str, n: int, cache: str | None = None) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if cache:
        env["POINTS_IN_SPACE_CACHE"] = cache
    out = subprocess.run([sys.executable, "-c", CHILD, task, str(n)], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def encoding(ns) -> None:
    rows = []
    load = child("load", 0)
    rows.append(["load all-MiniLM-L6-v2 (offline)", "—", f"{load['seconds']:.1f}", "—", f"{load['peak_mb']:.0f}"])
    with tempfile.TemporaryDirectory() as cache:
        shipped = child("shipped", 5000, cache)
    rows.append(["the 5,000 reviews of notebooks 02/03 (shipped vectors)", shipped["encoded"],
                 f"{shipped['seconds']:.2f}", f"{5000 / shipped['seconds']:.0f}", f"{shipped['peak_mb']:.0f}"])
    for n in ns:
        with tempfile.TemporaryDirectory() as cache:
            cold = child("encode", n, cache)
            warm = child("encode", n, cache)
        rows.append([f"encode {n:,} reviews, cold cache", cold["encoded"], f"{cold['seconds']:.1f}",
                     f"{n / cold['seconds']:.0f}", f"{cold['peak_mb']:.0f}"])
        rows.append([f"encode {n:,} reviews, cached", warm["encoded"], f"{warm['seconds']:.2f}",
                     f"{n / warm['seconds']:.0f}", f"{warm['peak_mb']:.0f}"])
    print(table(["what", "texts through the model", "seconds", "texts/s", "peak MB (process)"], rows))


def umap_times(ns) -> None:
    rows = []
    for n in ns:
        r = child("umap", n)  # reads the default embedding cache
        rows.append([f"UMAP 2-D of {n:,} points (384-d)", r.get("data", ""),
                     r.get("error") or f"{r['seconds']:.1f}", f"{r.get('peak_mb', float('nan')):.0f}"])
    print(table(["what", "data", "seconds (incl. kNN + numba compile)", "peak MB (process)"], rows))


def notebooks() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        for state in ("cold cache", "cached"):
            for nb in ("02_similarity_search", "03_clustering"):
                try:
                    _, seconds, peak = run_notebook(ROOT / "notebooks" / f"{nb}.ipynb", time_limit=1800,
                                                    env={"POINTS_IN_SPACE_CACHE": cache})
                    rows.append([nb, state, f"{seconds:.1f}", f"{peak / 2**20:.0f}"])
                except Exception as exc:  # report, don't stop the bench
                    rows.append([nb, state, f"failed: {type(exc).__name__}", "—"])
    print(table(["notebook", "embedding cache", "wall seconds", "peak kernel MB"], rows))
    print("\n(both take their reviews' vectors from data/review_vectors.npy; the cache holds queries and maps)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=["encode", "umap", "notebooks"])
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; timings on a shared machine are inflated by other load\n")
    if args.only in (None, "encode"):
        encoding([1000] if args.quick else [1000, 5000])
        print()
    if args.only in (None, "umap"):
        umap_times([5000] if args.quick else [5000, 20000])
    if not args.quick and args.only in (None, "notebooks"):
        print()
        notebooks()
