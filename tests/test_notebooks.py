"""Every notebook runs top to bottom from a fresh kernel, offline, within a time limit.

Also records wall time and the kernel's peak memory in test-artifacts/notebook-runs.tsv.
"""
import os
import threading
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import NOTEBOOKS, OFFLINE_ENV, ROOT

TIME_LIMIT = int(os.environ.get("NOTEBOOK_TIME_LIMIT", "240"))  # seconds per notebook (target: 60 on a quiet machine)
ARTIFACTS = ROOT / "test-artifacts"


def _peak_rss_watcher(client, stop, peak):
    import psutil

    while not stop.is_set():
        try:
            pid = client.km.provisioner.process.pid
            peak[0] = max(peak[0], psutil.Process(pid).memory_info().rss)
        except Exception:
            pass
        stop.wait(0.2)


def run_notebook(path):
    """Execute ``path`` in a fresh kernel; returns (notebook, seconds, peak kernel RSS bytes)."""
    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, **OFFLINE_ENV}
    client = NotebookClient(nb, timeout=TIME_LIMIT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    stop, peak = threading.Event(), [0]
    start = time.perf_counter()
    with client.setup_kernel(env=env):
        watcher = threading.Thread(target=_peak_rss_watcher, args=(client, stop, peak), daemon=True)
        watcher.start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if time.perf_counter() - start > TIME_LIMIT:
                pytest.fail(f"{path.name} took more than {TIME_LIMIT} s (stopped at cell {index})")
        stop.set()
    return nb, time.perf_counter() - start, peak[0]


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb, seconds, peak = run_notebook(path)
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "notebook-runs.tsv", "a") as f:
        f.write(f"{path.name}\t{seconds:.1f}\t{peak / 2**20:.0f}\n")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        friendly = [o for o in cell.get("outputs", []) if o.get("name") == "stderr" and "✘" in o.get("text", "")]
        tagged = "friendly-error" in cell.metadata.get("tags", [])
        if tagged:
            assert friendly, f"{path.name} cell {index} is tagged friendly-error but showed no ✘ message"
        else:
            assert not friendly, f"{path.name} cell {index} raised a CourseError: {friendly[0]['text']}"
    print(f"{path.name}: {seconds:.1f} s, kernel peak {peak / 2**20:.0f} MB")
