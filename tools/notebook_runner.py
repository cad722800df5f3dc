"""Run a notebook from a fresh kernel and measure it: used by the tests and by bench/.

    python tools/notebook_runner.py notebooks/01_fruit_coordinates.ipynb
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

OFFLINE_ENV = {"COURSE_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def kernel_env(extra: dict | None = None) -> dict:
    """This process's environment, offline, with matplotlib's inline backend (as a learner has)."""
    env = {**os.environ, **OFFLINE_ENV, **(extra or {})}
    env.pop("MPLBACKEND", None)
    return env


class TooSlow(RuntimeError):
    pass


def _watch_peak_rss(client, stop: threading.Event, peak: list) -> None:
    import psutil

    while not stop.is_set():
        try:
            proc = psutil.Process(client.km.provisioner.process.pid)
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak[0] = max(peak[0], rss)
        except Exception:  # kernel not up yet, or gone
            pass
        stop.wait(0.1)


def run_notebook(path, time_limit: float = 600, env: dict | None = None):
    """Execute ``path`` top to bottom in a fresh kernel, offline.

    Returns (executed notebook, wall seconds, peak kernel memory in bytes).
    Raises TooSlow when the whole run passes ``time_limit`` seconds, and
    nbclient's CellExecutionError when a cell fails.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=time_limit, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    # nbclient imitates ipywidgets' Output widget by sending comm messages on the shell
    # socket while it waits on that socket for the cell's reply; now and then the reply's
    # wake-up is lost and the cell hangs until the timeout (jupyter/nbclient#312; it cost
    # notebook 07 a 240 s CI failure). With no widget registry, text that an Output widget
    # captures lands in the cell's outputs instead, and the client only ever listens.
    client.widget_registry = {}
    stop, peak = threading.Event(), [0]
    start = time.perf_counter()
    with client.setup_kernel(env=kernel_env(env)):
        threading.Thread(target=_watch_peak_rss, args=(client, stop, peak), daemon=True).start()
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
                if time.perf_counter() - start > time_limit:
                    raise TooSlow(f"{path.name} passed {time_limit:.0f} s at cell {index}")
        finally:
            stop.set()
    return nb, time.perf_counter() - start, peak[0]


if __name__ == "__main__":
    for p in sys.argv[1:]:
        _, seconds, peak = run_notebook(p)
        print(f"{Path(p).name}\t{seconds:.1f} s\t{peak / 2**20:.0f} MB peak")
