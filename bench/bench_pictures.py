"""Pictures benchmark: training the silhouette encoder, querying it, and notebook 06.

    .venv/bin/python bench/bench_pictures.py             # training, queries, notebook 06
    .venv/bin/python bench/bench_pictures.py --sweep     # also: zero-shot for every held-out class
    .venv/bin/python bench/bench_pictures.py --no-notebook

Prints markdown tables: training time (3 seeds) and process peak memory; accuracy and
zero-shot precision per seed; median query times; optionally a sweep holding out each
class in turn (honest picture of how zero-shot varies); wall time and peak kernel
memory of notebooks/06_multimodal.ipynb from a fresh kernel, offline.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import median_ms, run_notebook, table  # noqa: E402

from helpers import pictures, plots  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def training(seeds=(0, 1, 2)):
    rows, models = [], []
    for seed in seeds:
        t = time.perf_counter()
        model = pictures.train(held_out="cat", seed=seed, verbose=False)
        total = time.perf_counter() - t
        acc, zs = model.accuracy(), model.zero_shot()
        rows.append([seed, f"{model.seconds:.1f}", f"{total:.1f}", f"{acc['top-1']:.3f}", f"{acc['top-5']:.3f}",
                     zs.loc["plain", "precision@10"], zs.loc["calibrated", "precision@10"],
                     zs.loc["plain", "precision@100"], zs.loc["calibrated", "precision@100"],
                     zs.loc["plain", "chance"]])
        models.append(model)
    print("## Training (held out: cat; 7,200 training pictures, 10 epochs, 1 thread)\n")
    print(table(["seed", "train s", "train+embed+load s", "top-1", "top-5", "cat p@10", "cat p@10 calibrated",
                 "cat p@100", "cat p@100 calibrated", "chance"], rows))
    print(f"\nprocess peak RSS after training: {peak_rss_mb():.0f} MB\n")
    return models[0]


def queries(model):
    model.words_for(0)  # load the 30,000-word vocabulary once
    rows = [
        ["pictures_for('savanna', k=10) over 2,000 test pictures", f"{median_ms(lambda: model.pictures_for('savanna'), 50):.2f}"],
        ["pictures_for('cat', calibrated=True)", f"{median_ms(lambda: model.pictures_for('cat', calibrated=True), 50):.2f}"],
        ["words_for(picture, k=10) over 30,000 words", f"{median_ms(lambda: model.words_for(123), 50):.2f}"],
        ["embed one new 28×28 picture", f"{median_ms(lambda: model.embed(model.data.images[5]), 50):.2f}"],
        ["plots.pictures_for(model, 'horse') (figure built, not drawn)", f"{median_ms(lambda: plots.pictures_for(model, 'horse'), 10, 2):.1f}"],
    ]
    print("## Queries (median ms)\n")
    print(table(["query", "ms"], rows))
    print()


def sweep():
    rows = []
    for cls in pictures.CLASSES:
        model = pictures.train(held_out=cls, seed=0, verbose=False)
        zs, acc = model.zero_shot(), model.accuracy()
        rows.append([cls, f"{acc['top-1']:.3f}", zs.loc["plain", "precision@10"], zs.loc["calibrated", "precision@10"],
                     zs.loc["plain", "precision@100"], zs.loc["calibrated", "precision@100"], zs.loc["plain", "chance"]])
    print("## Zero-shot for each held-out class (seed 0)\n")
    print(table(["held out", "seen top-1", "p@10", "p@10 calibrated", "p@100", "p@100 calibrated", "chance"], rows))
    print()


def notebook():
    _, wall, peak = run_notebook(ROOT / "notebooks" / "06_multimodal.ipynb")
    print("## Notebook 06 from a fresh kernel (offline)\n")
    print(table(["notebook", "wall s", "peak kernel RSS MB"], [["06_multimodal", f"{wall:.1f}", f"{peak / 2**20:.0f}"]]))
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sweep", action="store_true", help="hold out each class in turn (10 trainings)")
    ap.add_argument("--no-notebook", action="store_true")
    args = ap.parse_args()
    model = training()
    queries(model)
    if args.sweep:
        sweep()
    if not args.no_notebook:
        notebook()


if __name__ == "__main__":
    main()
