"""One copy of each notebook's core: the notebook shows it, tools/save_cores.py exports it to
helpers/core.py, and the helper that needs it calls it (and holds no second copy)."""
import ast
import inspect
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from conftest import ROOT

NB = ROOT / "notebooks"

#: the functions each notebook's core cell defines
CORES = {
    "01": {"distance", "cosine"},
    "02": {"most_similar"},
    "03": {"naming_scores"},
    "04": {"analogy_scores"},
    "06": {"picture_word_loss"},
    "07": {"half_step"},
    "08": {"knn_oddness"},
    "09": {"nn_accuracy"},
}


def core_cells(stem):
    nb = nbformat.read(next(NB.glob(f"{stem}_*.ipynb")), as_version=4)
    return [c for c in nb.cells if c.cell_type == "code" and "core" in c.metadata.get("tags", [])]


def code_lines(source):
    return [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("stem", sorted(CORES))
def test_each_notebook_has_one_core_cell_of_3_to_15_lines(stem):
    """Exactly one code cell tagged `core`, in the reading path (not how-it-works), of 3-15 lines:
    imports and its functions, each with a one-line docstring; the cell after it uses them."""
    cells = core_cells(stem)
    assert len(cells) == 1, f"notebook {stem} has {len(cells)} core cells"
    cell = cells[0]
    assert "how-it-works" not in cell.metadata.get("tags", [])
    assert 3 <= len(code_lines(cell.source)) <= 15, (stem, len(code_lines(cell.source)))
    defs = {n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef)}
    assert defs == CORES[stem]
    nb = nbformat.read(next(NB.glob(f"{stem}_*.ipynb")), as_version=4)
    after = nb.cells[nb.cells.index(cell) + 1]
    assert after.cell_type == "code" and any(f"{name}(" in after.source for name in defs), \
        f"notebook {stem}: the cell after the core uses it on the notebook's data"


def test_helpers_core_is_what_the_notebooks_say():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "save_cores.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from helpers import core

    for stem, names in CORES.items():
        for name in names:
            doc = getattr(core, name).__doc__
            assert f"Defined in notebooks/{stem}_" in doc, (name, doc)


def test_check_notices_a_stale_core(tmp_path, monkeypatch):
    """--check fails when helpers/core.py differs from the notebooks (here: a hand edit)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import save_cores
    finally:
        sys.path.remove(str(ROOT / "tools"))
    stale = tmp_path / "core.py"
    stale.write_text(save_cores.generate().replace("np.sqrt", "np.abs"), encoding="utf-8")
    monkeypatch.setattr(save_cores, "TARGET", stale)
    monkeypatch.setattr(save_cores, "ROOT", tmp_path)
    assert save_cores.main(["--check"]) == 1
    assert save_cores.main([]) == 0 and save_cores.main(["--check"]) == 0


def _counting(monkeypatch, module, name):
    """Wrap ``module.name`` (the helper's imported core function) so that calls are counted."""
    calls = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def _fruit():
    from helpers import Space

    return Space(["apple", "pear", "onion"], [[7, 8, 3], [7, 6, 3], [3, 8, 3]])


def _call_space_distance():
    assert _fruit().distance("apple", "pear") == pytest.approx(2.0)


def _call_space_similarity():
    assert _fruit().similarity("apple", "apple") == pytest.approx(1.0)


def _call_separation():
    from helpers import layers

    reps = np.array([[0, 0], [0, 1], [5, 5], [5, 6]], float)
    table = layers.separation({"only": reps}, np.array(["a", "a", "b", "b"]), metric="euclidean")
    assert table.loc["only", "1-NN accuracy"] == 1.0


def _call_oddness():
    from helpers import anomaly

    assert int(anomaly.oddness([[0, 0], [0, 1], [1, 0], [9, 9]], "neighbours", k=1).argmax()) == 3
    assert anomaly.score_point([9, 9], [[0, 0], [0, 1], [1, 0]], k=1) > 10


def _call_search():
    from helpers import sentences

    corpus = sentences.Corpus(["a red dress", "blue jeans", "a crimson gown"], progress=False)
    assert corpus.search("a red frock", k=1, exclude=[0])["text"].tolist() == ["a crimson gown"]
    assert corpus.more_like(0, k=1)["row"].tolist() == [2]


def _call_name_clusters():
    from helpers import clusters

    assert clusters.name_clusters(["red apple", "green apple", "fast car", "red car"], [0, 0, 1, 1], 1) == \
        {0: "apple", 1: "car"}


def _call_analogy():
    from helpers import words

    assert words.analogy("man", "woman", "king", 1).index[0] == "queen"


def _call_pictures_train():
    from helpers import pictures

    model = pictures.train(epochs=1, verbose=False)
    assert model.vectors.shape[1] == 50


def _call_train():
    from helpers import datasets, recommend

    data = datasets.movielens()
    model = recommend.train(data.ratings.iloc[:3000], data.films, dim=4, epochs=1)
    assert model.fold_in({"Toy Story (1995)": 5}).vector.shape == (4,)


#: (helper module, the core function's name there, a call of the learner-facing helper)
USES = {
    "01 distance": ("space", "distance", _call_space_distance),
    "01 cosine": ("space", "cosine", _call_space_similarity),
    "02 most_similar": ("sentences", "most_similar", _call_search),
    "03 naming_scores": ("clusters", "naming_scores", _call_name_clusters),
    "04 analogy_scores": ("words", "analogy_scores", _call_analogy),
    "06 picture_word_loss": ("pictures", "picture_word_loss", _call_pictures_train),
    "07 half_step": ("recommend", "half_step", _call_train),
    "08 knn_oddness": ("anomaly", "knn_oddness", _call_oddness),
    "09 nn_accuracy": ("layers", "nn_accuracy", _call_separation),
}


@pytest.mark.parametrize("use", sorted(USES))
def test_the_helper_calls_the_notebooks_core(use, monkeypatch):
    """The helper runs the very function the notebook shows (a counting wrapper sees the call)."""
    import importlib

    from helpers import core

    module_name, name, call = USES[use]
    module = importlib.import_module(f"helpers.{module_name}")
    assert getattr(module, name) is getattr(core, name), f"helpers.{module_name}.{name} is not core.{name}"
    calls = _counting(monkeypatch, module, name)
    call()
    assert calls, f"{use}: helpers.{module_name} did not call core.{name}"


def test_no_second_copy_in_the_helpers():
    """No helpers module other than core.py defines a function named like a core function
    (a method such as Space.distance is the learner-facing name that calls it)."""
    from helpers import core

    names = {n for n, f in inspect.getmembers(core, inspect.isfunction) if f.__module__ == "helpers.core"}
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        if path.name == "core.py":
            continue
        defined = {n.name for n in ast.parse(path.read_text(encoding="utf-8")).body   # module-level functions
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert not defined & names, f"{path.relative_to(ROOT)} defines {defined & names} again"
