"""Every notebook runs top to bottom from a fresh kernel, offline, within a time limit.

Wall time and the kernel's peak memory go to test-artifacts/notebook-runs.tsv
(bench/bench_core.py prints them as a table on a quiet machine).
"""
import pytest

from conftest import NOTEBOOKS, ROOT, executed
from notebook_runner import TooSlow, cell_problems, run_notebook

ARTIFACTS = ROOT / "test-artifacts"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    try:
        nb, seconds, peak = executed(path)
    except TooSlow as exc:
        pytest.fail(str(exc))
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "notebook-runs.tsv", "a") as f:
        f.write(f"{path.name}\t{seconds:.1f}\t{peak / 2**20:.0f}\n")
    problems = cell_problems(nb)
    assert not problems, f"{path.name}: " + "; ".join(problems)
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


def test_missing_data_skips_the_rest_instead_of_cascading(tmp_path):
    """Notebook 07 without MovieLens (offline, recbole not found): one ✘ line that says what
    to do, every later cell says it is skipped (no run of NameErrors); a `%` command still
    runs, and running the failed cell again once the data is back ends the skipping."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "07_recommendation.ipynb", as_version=4)
    load = next(i for i, c in enumerate(nb.cells) if "datasets.movielens()" in c.source)
    flag = tmp_path / "recbole-is-hidden"
    flag.touch()
    hide = nbformat.v4.new_code_cell(  # recbole is "not installed" while the flag file exists
        "from pathlib import Path\nfrom helpers import datasets\nfound = datasets._recbole_folder\n"
        f"datasets._recbole_folder = lambda: None if Path({str(flag)!r}).exists() else found()")
    nb.cells.insert(load, hide)
    restore = nbformat.v4.new_code_cell(f"!rm {flag}")  # the learner's fix: a command, which always runs
    again = nbformat.v4.new_code_cell(nb.cells[load + 1].source)
    after = nbformat.v4.new_code_cell("print(f'{len(data.ratings):,} ratings')")
    nb.cells += [restore, again, after]
    for cell in nb.cells:
        cell.pop("id", None)  # the course's notebooks are nbformat 4.4, without cell ids
    path = tmp_path / "07_without_movielens.ipynb"
    nbformat.write(nb, path)
    ran, _, _ = run_notebook(path, time_limit=120, env={"POINTS_IN_SPACE_CACHE": str(tmp_path / "cache")})

    def text(cell, stream):
        return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == stream)

    code = [(i, c) for i, c in enumerate(ran.cells) if c.cell_type == "code"]
    failed = [i for i, c in code if "✘" in text(c, "stderr")]
    assert failed == [load + 1], failed
    assert "%pip install --no-deps recbole==1.2.1" in text(ran.cells[load + 1], "stderr")
    skipped = [i for i, c in code if "– skipped: this cell needs what is missing above" in text(c, "stdout")]
    expected = [i for i, _ in code if load + 1 < i < len(ran.cells) - 3]
    assert skipped == expected and len(expected) > 10
    assert not any(o.output_type == "error" for _, c in code for o in c.outputs)
    assert "100,000 ratings" in text(ran.cells[-1], "stdout")


def test_cell_problems_and_widget_cells():
    """The checks both notebook runs use (this suite and tools/colab_like.py), on made-up cells."""
    import nbformat
    from colab_like import shows_widget

    def cell(source, stderr="", tags=()):
        c = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})
        c.outputs = [nbformat.v4.new_output("stream", name="stderr", text=stderr)] if stderr else []
        return c

    nb = nbformat.v4.new_notebook(cells=[
        cell("ok = 1"),
        cell("helpers.check(False)", "✘ not yet\n"),
        cell("words.nearest('kingg')", "✘ unknown word\n", tags=["friendly-error"]),
        cell("words.nearest('king')", tags=["friendly-error"]),
        cell("import x", "/x.py:3: UserWarning: careful\n  warnings.warn(...)\n"),
    ])
    assert cell_problems(nb) == ["cell 1 raised a CourseError: ✘ not yet",
                                 "cell 3 is tagged friendly-error but showed no ✘ message"]
    assert cell_problems(nb, warnings=True)[-1] == "cell 4 printed a warning: /x.py:3: UserWarning: careful"
    assert shows_widget("box = widgets.analogy_box('man', 'woman', 'king')\nbox")
    assert shows_widget("helpers.explore(space, k=5)")
    assert not shows_widget("explorer = helpers.explore(space)\nexplorer.use('pear', 1, 2)")
    assert not shows_widget("%pip install x")
