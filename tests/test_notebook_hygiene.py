"""Committed notebooks: no outputs, the same Colab setup cell, the course's shape."""
import re
import subprocess
import sys

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "00_start_here.ipynb" in names and "01_fruit_coordinates.ipynb" in names
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", n) for n in names), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has stored outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_course_shape(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert nb.cells[1].cell_type == "markdown" and nb.cells[1].source.startswith("# "), \
        f"{path.name}: the title comes right after the setup cell"
    if path.name != "00_start_here.ipynb":
        assert nb.cells[1].source.startswith(f"# {path.name[:2]} · "), f"{path.name}: title is '# NN · ...'"
    text = "\n".join(markdown)
    assert "## Summary" in text, f"{path.name} has no Summary section"
    if path.name != "00_start_here.ipynb":
        assert "## Exercises" in text and "helpers.exercises." in "\n".join(
            c.source for c in nb.cells if c.cell_type == "code"), f"{path.name} needs exercises with self-checks"


def test_setup_cell_in_sync_and_url_in_one_place():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "sync_setup_cell.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    # the repository URL is written only by the tool, from pyproject.toml
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    url = re.search(r'Repository = "([^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    holders = {f for f in tracked if not f.endswith(".ipynb") and url in (ROOT / f).read_text(errors="ignore")}
    assert holders <= {"pyproject.toml", "README.md"}, holders


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_ends_with_next_and_kernel_note(path):
    """The last cell links the next notebook (or says the course ends) and tells the learner
    that closing the tab stops the kernel (Binder's 2 GB are shared by every open notebook)."""
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "markdown" and "shuts down its kernel" in last.source, path.name
    later = [p for p in NOTEBOOKS if p.name > path.name]
    if later:
        assert "**Next:** [" in last.source and f"]({later[0].name})" in last.source, path.name
    else:
        assert "last notebook of the course" in last.source
