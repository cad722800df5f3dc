"""Word-vector benchmark: helpers.words against gensim on all 400,000 GloVe words.

    .venv/bin/python bench/bench_words.py            # everything (gensim's full evaluation takes minutes)
    .venv/bin/python bench/bench_words.py --sample 20  # gensim evaluation on 20 questions per section
    .venv/bin/python bench/bench_words.py --no-notebooks

Prints markdown tables: load time; top-10 nearest ours vs gensim most_similar (same
queries, ratio); the Google analogy evaluation (19,544 questions) ours vs gensim
evaluate_word_analogies (time, per-section accuracy, per-question agreement);
wall time and peak memory of notebooks 04 and 05 from a fresh kernel.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import word_studies, words  # noqa: E402

NOTEBOOKS = ["notebooks/04_analogies.ipynb", "notebooks/05_where_axes_come_from.ipynb"]


def load_time(runs: int = 3):
    """Seconds to load in a fresh interpreter: with gensim's import, and without it."""
    code = ("import time; t0 = time.perf_counter(); import gensim.models; t1 = time.perf_counter(); "
            "from helpers import words; words.vectors(); t2 = time.perf_counter(); "
            "print(t2 - t0, t2 - t1)")
    out = []
    for _ in range(runs):
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        out.append([float(x) for x in res.stdout.split()])
    out = np.array(out)
    return out[:, 0].min(), out[:, 1].min()


def nearest_bench(n_queries: int = 300, k: int = 10):
    kv = words.vectors()
    rng = np.random.default_rng(0)
    queries = [kv.index_to_key[i] for i in rng.choice(np.arange(100, 50_000), n_queries, replace=False)]
    for q in queries[:5]:  # warm up both
        words.nearest(q, k), kv.most_similar(q, topn=k)
    t = time.perf_counter()
    ours = [words.nearest(q, k) for q in queries]
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    ours_raw = [words._ranked([kv.key_to_index[q]], [], k) for q in queries]
    t_raw = time.perf_counter() - t
    t = time.perf_counter()
    theirs = [kv.most_similar(q, topn=k) for q in queries]
    t_gensim = time.perf_counter() - t
    same = sum(o.index.tolist() == [w for w, _ in g] for o, g in zip(ours, theirs))
    maxdiff = max(float(np.max(np.abs(o["similarity"].to_numpy() - np.round([s for _, s in g], 4))))
                  for o, g in zip(ours, theirs))
    assert len(ours_raw) == n_queries
    return dict(n=n_queries, ours=t_ours / n_queries, raw=t_raw / n_queries, gensim=t_gensim / n_queries,
                same=same, maxdiff=maxdiff)


def analogy_bench(sample: int | None):
    questions = word_studies.analogy_questions(per_section=sample)
    t = time.perf_counter()
    answered = word_studies.answer_questions(questions)
    t_ours = time.perf_counter() - t
    ours_table = word_studies.accuracy_table(answered)

    t = time.perf_counter()
    gensim_table, theirs = word_studies.gensim_evaluate(None if sample is None else questions)
    t_gensim = time.perf_counter() - t
    mine = answered["answer"].tolist()
    answered_n = sum(m is not None for m in mine)
    agree = sum(m is not None and m == g for m, g in zip(mine, theirs["answer"]))
    skipped_same = sum((m is None) == (g is None) for m, g in zip(mine, theirs["answer"]))
    assert skipped_same == len(mine), "ours and gensim skipped different questions"
    return dict(n=len(questions), answered=answered_n, agree=agree, ours=t_ours, gensim=t_gensim,
                ours_table=ours_table, gensim_table=gensim_table)


def notebook_run(path: str, timeout: int = 900):
    """Wall seconds and peak RSS (bytes) of a fresh kernel running the notebook; also sets
    ``notebook_run.cpu``, the kernel's CPU seconds (like tools/notebook_runner.py, plus CPU time)."""
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    peak = [0]
    cpu = [0.0]
    stop = threading.Event()

    def poll(pid):
        try:
            proc = psutil.Process(pid)
            while not stop.is_set():
                rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                peak[0] = max(peak[0], rss)
                t = proc.cpu_times()
                cpu[0] = t.user + t.system
                time.sleep(0.05)
        except psutil.Error:
            pass

    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        th = threading.Thread(target=poll, args=(pid,), daemon=True)
        th.start()
        t = time.perf_counter()
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        wall = time.perf_counter() - t
        stop.set()
        th.join()
    notebook_run.cpu = cpu[0]  # kernel CPU seconds: less sensitive to other processes than wall time
    return wall, peak[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=None, help="questions per section for the evaluation")
    ap.add_argument("--no-notebooks", action="store_true")
    ap.add_argument("--notebooks-only", action="store_true")
    args = ap.parse_args()
    if args.notebooks_only:
        return notebooks_table()

    with_import, without = load_time()
    words.vectors()
    nb = nearest_bench()
    ev = analogy_bench(args.sample)

    print("## helpers.words vs gensim (GloVe 6B 50d, 400,000 words)\n")
    print("| measure | ours | gensim | ratio ours/gensim |")
    print("|---|---|---|---|")
    print(f"| load (fresh interpreter, incl. importing gensim) | {with_import:.2f} s | | |")
    print(f"| load (gensim already imported) | {without:.2f} s | | |")
    print(f"| top-10 nearest, mean over {nb['n']} queries: `words.nearest` (DataFrame) vs `most_similar` "
          f"| {1000 * nb['ours']:.2f} ms | {1000 * nb['gensim']:.2f} ms | {nb['ours'] / nb['gensim']:.2f} |")
    print(f"| top-10 nearest, ranking only (no DataFrame) | {1000 * nb['raw']:.2f} ms | {1000 * nb['gensim']:.2f} ms "
          f"| {nb['raw'] / nb['gensim']:.2f} |")
    print(f"| same top-10 list | {nb['same']}/{nb['n']} | | max score difference {nb['maxdiff']:.4f} |")
    print(f"| analogy evaluation, {ev['n']} questions | {ev['ours']:.1f} s | {ev['gensim']:.1f} s "
          f"| {ev['ours'] / ev['gensim']:.3f} |")
    print(f"| same answer as gensim (questions in vocabulary) | {ev['agree']}/{ev['answered']} | | |")
    print()
    print("## Google analogy accuracy per section (restrict_vocab=300,000; questions with a word "
          "outside those are skipped, as gensim does)\n")
    o, g = ev["ours_table"], ev["gensim_table"]
    print("| section | questions | in vocabulary | ours correct | ours % | gensim correct | gensim % |")
    print("|---|---|---|---|---|---|---|")
    for s in o.index:
        print(f"| {s} | {o.loc[s, 'questions']} | {o.loc[s, 'in vocabulary']} | {o.loc[s, 'correct']} "
              f"| {o.loc[s, 'accuracy %']} | {g.loc[s, 'correct']} | {g.loc[s, 'accuracy %']} |")
    print()
    if not args.no_notebooks:
        notebooks_table()
    print("\n(Timings on a shared machine are inflated by other processes.)")


def notebooks_table():
    print("## Notebooks from a fresh kernel\n")
    print("| notebook | wall time | kernel CPU time | peak memory (kernel) |")
    print("|---|---|---|---|")
    for path in NOTEBOOKS:
        if not (ROOT / path).exists():
            print(f"| {path} | missing | | |")
            continue
        wall, peak = notebook_run(path)
        cpu = getattr(notebook_run, "cpu", None)
        cpu = f"{cpu:.1f} s" if cpu is not None else ""
        print(f"| {path} | {wall:.1f} s | {cpu} | {peak / 2**30:.2f} GB |")


if __name__ == "__main__":
    main()
