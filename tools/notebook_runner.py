"""Run a notebook from a fresh kernel and measure it: used by the tests and by bench/.

    python tools/notebook_runner.py notebooks/01_fruit_coordinates.ipynb
"""
from __future__ import annotations

import os
import re
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


def _kernel_pid(km) -> int:
    """The kernel's process id: jupyter-client 7+ keeps it in the provisioner (today's Colab
    has 7.4.9), jupyter-client 6 (an older Colab's 6.1.12) has none and a Popen in ``km.kernel``."""
    provisioner = getattr(km, "provisioner", None)
    return provisioner.process.pid if provisioner is not None else km.kernel.pid


def _watch_peak_rss(client, stop: threading.Event, peak: list) -> None:
    import psutil

    while not stop.is_set():
        try:
            proc = psutil.Process(_kernel_pid(client.km))
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak[0] = max(peak[0], rss)
        except Exception:  # kernel not up yet, or gone
            pass
        stop.wait(0.1)


def run_notebook(path, time_limit: float = 600, env: dict | None = None, widget_state: bool = False,
                 epilogue: str | None = None):
    """Execute ``path`` top to bottom in a fresh kernel, offline.

    Returns (executed notebook, wall seconds, peak kernel memory in bytes).
    Raises TooSlow when the whole run passes ``time_limit`` seconds, and
    nbclient's CellExecutionError when a cell fails.

    ``widget_state=True`` stores every widget's last state (binary buffers included) in the
    notebook's metadata, as Jupyter's "save widget state" does: nbclient records it from the
    kernel's comm messages even without a widget registry (tools/build_site.py uses it).
    ``epilogue`` is code run in the same kernel after the last cell, as one more code cell
    appended to the returned notebook's cells (the caller reads and removes it).
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
            if widget_state:
                client.set_widgets_metadata()
            if epilogue is not None:
                nb.cells.append(nbformat.v4.new_code_cell(epilogue))
                client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        finally:
            stop.set()
    return nb, time.perf_counter() - start, peak[0]


WARNING = re.compile(r"\b\w*Warning\b")  # "Warning:", "UserWarning", "FutureWarning: ..."


def cell_problems(nb, warnings: bool = False) -> list[str]:
    """What went wrong in an executed notebook's cells, one line each (empty: nothing).

    A ✘ message on stderr (a CourseError) is a problem unless the cell is tagged
    ``friendly-error``, and such a cell must show one. ``warnings=True`` also
    reports any warning text on a cell's stderr.
    """
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
        crosses = [line for line in stderr.splitlines() if "✘" in line]
        if "friendly-error" in cell.metadata.get("tags", []):
            if not crosses:
                problems.append(f"cell {index} is tagged friendly-error but showed no ✘ message")
        elif crosses:
            problems.append(f"cell {index} raised a CourseError: {crosses[0]}")
        if warnings and WARNING.search(stderr):
            line = next(l for l in stderr.splitlines() if WARNING.search(l))
            problems.append(f"cell {index} printed a warning: {line.strip()}")
    return problems


if __name__ == "__main__":
    for p in sys.argv[1:]:
        _, seconds, peak = run_notebook(p)
        print(f"{Path(p).name}\t{seconds:.1f} s\t{peak / 2**20:.0f} MB peak")
