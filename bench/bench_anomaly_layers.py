"""Anomaly detection and inside-a-network benchmark: the pieces of notebooks 08 and 09.

    .venv/bin/python bench/bench_anomaly_layers.py
    .venv/bin/python bench/bench_anomaly_layers.py --no-notebook

Each step runs in a fresh interpreter (so its peak RSS includes its imports): building the
digits-with-strangers mix and its PCA embedding; scoring with the three scorers; loading
MiniLM and computing all 7 layers for the 48 sentences; training the digit MLP. Then
notebooks 08 and 09 from a fresh kernel (wall seconds, kernel peak RSS). Prints a markdown
table and the measured quality numbers; no pass/fail.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, run_notebook, table  # noqa: E402

STEPS = {
    "08: digits + strangers, PCA 20-d": """
from helpers import anomaly
data = anomaly.digits_with_strangers(12, 12, seed=0)
points, pca = anomaly.embed(data.images, dims=20)
extra = {"items": len(data), "odd": int(data.is_odd.sum())}
""",
    "08: score with 3 scorers (k=30)": """
from helpers import anomaly
data = anomaly.digits_with_strangers(12, 12, seed=0)
points, pca = anomaly.embed(data.images, dims=20)
t = time.perf_counter()
tab = anomaly.score_table(points, data.is_odd, k=30)
extra = {"scoring s": round(time.perf_counter() - t, 2), **{f"AUC {m}": v for m, v in tab["ROC AUC"].items()}}
""",
    "08: drag score, 100 moves (no drawing)": """
from helpers import anomaly, widgets
import numpy as np
data = anomaly.digits_with_strangers(12, 12, seed=0)
points, pca = anomaly.embed(data.images, dims=20)
w = widgets.DragAway(points, index=0, k=30, pca=pca)
t = time.perf_counter()
for d in np.linspace(0, w.max_distance, 100):
    w.use(d)
extra = {"ms per move": round((time.perf_counter() - t) * 10, 2)}
""",
    "09: MiniLM load + 7 layers x 48 sentences": """
from helpers import layers
table = layers.sentence_groups()
reps = layers.sentence_layers(table["sentence"])
sep = layers.separation(reps, table["group"])
extra = {"1-NN words": float(sep["1-NN accuracy"].iloc[0]), "1-NN layer 6": float(sep["1-NN accuracy"].iloc[-1])}
""",
    "09: train digit MLP (64,32,16)": """
from helpers import layers
model, X, y, seconds = layers.digit_network((64, 32, 16), seed=0)
sep = layers.separation(layers.digit_layers(model, X), y, metric="euclidean")
extra = {"train s": round(seconds, 2), "test acc": round(model.score(X, y), 3),
         "silhouette pixels": float(sep["silhouette"].iloc[0]), "silhouette output": float(sep["silhouette"].iloc[-1])}
""",
}

WRAP = """
import json, resource, time
t0 = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "extra": extra}}))
"""


def child(body: str) -> dict:
    res = subprocess.run([sys.executable, "-c", WRAP.format(body=body)], capture_output=True, text=True,
                         cwd=ROOT, check=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-notebook", action="store_true")
    args = ap.parse_args()
    rows, notes = [], []
    for name, body in STEPS.items():
        r = child(body)
        rows.append([name, f"{r['seconds']:.1f}", f"{r['peak_mb']:.0f}"])
        notes.append(f"- {name}: " + ", ".join(f"{k} {v}" for k, v in r["extra"].items()))
    if not args.no_notebook:
        for nb in ("08_anomaly_detection.ipynb", "09_inside_a_network.ipynb"):
            _, seconds, peak = run_notebook(ROOT / "notebooks" / nb, time_limit=300)
            rows.append([f"notebook {nb} (fresh kernel)", f"{seconds:.1f}", f"{peak / 2**20:.0f}"])
    print(table(["step", "seconds", "peak RSS MB"], rows))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
