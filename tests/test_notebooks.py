"""Every notebook runs top to bottom from a fresh kernel, offline, within a time limit.

Wall time and the kernel's peak memory go to test-artifacts/notebook-runs.tsv
(bench/bench_core.py prints them as a table on a quiet machine).
"""
import os

import pytest

from conftest import NOTEBOOKS, ROOT
from notebook_runner import TooSlow, run_notebook

# seconds per notebook: the target is 60 s on a quiet machine; CI starts with cold caches
TIME_LIMIT = int(os.environ.get("NOTEBOOK_TIME_LIMIT", "240"))
ARTIFACTS = ROOT / "test-artifacts"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    try:
        nb, seconds, peak = run_notebook(path, time_limit=TIME_LIMIT)
    except TooSlow as exc:
        pytest.fail(str(exc))
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "notebook-runs.tsv", "a") as f:
        f.write(f"{path.name}\t{seconds:.1f}\t{peak / 2**20:.0f}\n")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        friendly = [o for o in cell.get("outputs", []) if o.get("name") == "stderr" and "✘" in o.get("text", "")]
        if "friendly-error" in cell.metadata.get("tags", []):
            assert friendly, f"{path.name} cell {index} is tagged friendly-error but showed no ✘ message"
        else:
            assert not friendly, f"{path.name} cell {index} raised a CourseError: {friendly[0]['text']}"
    print(f"{path.name}: {seconds:.1f} s, kernel peak {peak / 2**20:.0f} MB")


def test_runner_does_not_imitate_output_widgets(tmp_path):
    """The runner must never write to the kernel's shell socket (jupyter/nbclient#312): text
    an Output widget captures therefore lands in the cell's own outputs."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as w\nout = w.Output()\ndisplay(out)\nwith out:\n    print('captured')")])
    path = tmp_path / "output_widget.ipynb"
    nbformat.write(nb, path)
    ran, _, _ = run_notebook(path, time_limit=60)
    texts = [o.get("text", "") for o in ran.cells[0].outputs if o.output_type == "stream"]
    assert "captured\n" in texts
