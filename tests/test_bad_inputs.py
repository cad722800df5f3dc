"""Bad inputs, as a learner types them in a notebook: the table in
``tests/bad_inputs.txt`` (its header says the format). Every line runs inside IPython
(the course's ✘ handler installed, exactly as in Jupyter) and must end in ONE ✘ line
that names the fix, or in a correct result. Never a traceback, never a silent NaN,
and the area's objects must still work afterwards.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import io
import json
import pkgutil
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

TABLE = Path(__file__).with_name("bad_inputs.txt")
CASE = re.compile(r"^(?P<code>.*?)  (?P<kind>[✘✔]) (?P<expect>.*)$")
EACH = re.compile(r"^each (?P<kind>\w+)(?P<none>\??) (?P<name>[\w ]+?): (?P<code>.*⟨⟩.*)$")

# `each <kind> <name>: <code with ⟨⟩>` lines: one case per wrong value of that kind, put in
# place of ⟨⟩; the ✘ must name the argument (<name>) and the value given. `<kind>?`: the
# argument may be None (its default), so None is not among the wrong values.
WRONG = {
    "whole": [("'5'", r"{name} must be a whole number.*not '5' \(it is text: remove the quotes\)"),
              ("True", r"{name} must be a whole number.*not True"),
              ("2.5", r"{name} must be a whole number.*not 2\.5"),
              ("float('nan')", r"{name} must be a whole number.*not nan"),
              ("None", r"{name} must be a whole number.*not None"),
              ("[3]", r"{name} must be a whole number.*not \[3\]")],
    "number": [("'0.5'", r"{name} must be .*number.*not '0\.5' \(it is text: remove the quotes\)"),
               ("True", r"{name} must be .*number.*not True"),
               ("float('nan')", r"{name} must be .*number.*not nan \(NaN"),
               ("float('inf')", r"{name} must be .*number.*not inf"),
               ("None", r"{name} must be .*number.*not None")],
    "flag": [("'yes'", r"{name} must be True or False, not 'yes'"),
             ("1", r"{name} must be True or False, not 1"),
             ("None", r"{name} must be True or False, not None")],
    "choice": [("'nope'", r"{name} must be one of .*; not 'nope'"),
               ("None", r"{name} must be one of .*; not None"),
               ("['x']", r"{name} must be one of .*; not \['x'\]")],
}


def read_table(path=TABLE) -> dict:
    """{area: (setup code, after expression, [(code, kind, expect), ...])} from the table."""
    areas, area = {}, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== ") and line.endswith(" =="):
            area = areas.setdefault(line[3:-3], {"name": line[3:-3], "setup": [], "after": None, "cases": []})
        elif line.startswith("setup: "):
            area["setup"].append(line[len("setup: "):])
        elif line.startswith("after: "):
            area["after"] = line[len("after: "):]
        elif (match := EACH.match(line)) and area is not None:
            if match["kind"] not in WRONG:
                raise ValueError(f"{path.name}:{number}: each {match['kind']}: the kinds are {', '.join(WRONG)}")
            name = re.escape(match["name"])
            for value, expect in WRONG[match["kind"]]:
                if match["none"] and value == "None":
                    continue
                code = match["code"].replace("⟨⟩", value)
                area["cases"].append((code, "✘", expect.format(name=name)))
                GENERATED[(area["name"], code)] = match["name"]
        elif (match := CASE.match(line)) and area is not None:
            area["cases"].append((match["code"], match["kind"], match["expect"]))
        else:
            raise ValueError(f"{path.name}:{number}: not a case, setup, after or area line: {line!r}")
    return {name: ("\n".join(a["setup"]) + "\n", a["after"], a["cases"]) for name, a in areas.items()}


GENERATED: dict = {}  # (area, code) of a case made by an `each` line -> the argument it is about
AREAS = read_table()


# ---------------------------------------------------------------------------- runner
def _run(shell, code: str):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        result = shell.run_cell(code, store_history=False)
    return result, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    result, out, err = _run(shell, "import helpers\nhelpers.errors.install_handler()  # in this shell, even if helpers was imported earlier")
    assert result.success, out + err
    shell.set_up_areas = set()
    yield shell
    InteractiveShell.clear_instance()


CASES = [pytest.param(area, code, kind, expect, id=f"{area}:{code[:60]}")
         for area, (_, _, cases) in AREAS.items() for code, kind, expect in cases]


def test_there_are_enough_cases():
    assert len(CASES) >= 200, len(CASES)


def test_every_area_says_what_must_still_work():
    assert all(after for _, after, _ in AREAS.values())


@pytest.mark.parametrize("area, code, kind, expect", CASES)
def test_bad_input(shell, area, code, kind, expect):
    setup, after, _ = AREAS[area]
    if area not in shell.set_up_areas:
        result, out, err = _run(shell, setup)
        assert result.success and "✘" not in err, f"setup of {area} failed:\n{out}{err}"
        shell.set_up_areas.add(area)
    result, out, err = _run(shell, code)
    keys = called(code, shell.user_ns)
    COVERED.update(keys)
    if (area, code) in GENERATED:
        ARGUMENTS.update((key, GENERATED[area, code]) for key in keys)
    RAN.append((area, code))
    text = out + err
    assert "Traceback" not in text and result.error_before_exec is None and result.error_in_exec is None, text
    marks = [line for line in err.splitlines() if line.startswith("✘")]
    if kind == "✔":
        assert not marks, err
        result, out, err = _run(shell, f"assert {expect}, 'not the right result'")
        assert result.success, f"{expect!r} is not true after {code!r}:\n{out}{err}"
    else:
        assert len(marks) == 1, f"expected one ✘ line, got:\n{text}"
        assert re.search(expect, marks[0][2:]), f"{marks[0]!r} does not match {expect!r}"
        assert len(marks[0]) < 400, "a message must stay short"
    result, out, err = _run(shell, f"assert {after}, 'the object no longer works'")
    assert result.success, f"after {code!r}: {out}{err}"


# ---------------------------------------------------------------------------- coverage
# Every public function, class and method of helpers (listed from the code) must be called
# by at least one row of the table, so that a new one without bad-input rows fails here.
# Not listed: what takes no arguments (nothing to get wrong), and the names below.
MADE_BY_HELPERS = "made by a helper function that checks its arguments; learners get it from there"
PLUMBING = "plumbing the helpers call with checked values; no notebook calls it"
CORE = ("a notebook's core (helpers/core.py, written by tools/save_cores.py from the notebook's core cell): "
        "the learner reads it in the notebook, and the helpers that call it check its arguments first")
NOT_LISTED = {
    **{f"errors.{name}": "the checks themselves (doctests in helpers/errors.py); every ✘ row goes through them"
       for name in ("CourseError", "Unavailable", "suggest", "shorten", "some", "unknown", "choice", "whole", "table",
                    "number", "flag", "matrix", "check_k", "in_ipython", "install_handler", "one_or_more")},
    **{name: MADE_BY_HELPERS for name in (
        "anomaly.Collection", "datasets.MovieLens", "environment.Report", "pictures.Silhouettes",
        "pictures.PictureModel", "projections.Plane", "recommend.Titles",
        "recommend.NewUser", "recommend.Recommender", "recommend.FilmMap", "widgets.film_board.YouAreAPoint",
        "widgets.sentence_search.SearchBox", "widgets.explorer.Explorer", "widgets.word_analogy.AnalogyBox",
        "widgets._base.CourseWidget",
        "faces.Faces", "faces.FaceModel", "sounds.Notes", "captions.CaptionModel", "sounds.SoundModel")},
    **{name: PLUMBING for name in (
        "widgets._base.widget_bundle", "widgets.explorer.neighbours_at", "plots.widget_figure", "plots.figure_png",
        "plots.figure", "space.distances", "space.top_k", "space.unit_rows",
        "space.check_metric", "sentences.as_texts",
        "environment.reachable", "environment.version", "plots.check_ax", "widgets._base.LatestOnly")},
    **{f"core.{name}": CORE for name, f in vars(importlib.import_module("helpers.core")).items()
       if inspect.isfunction(f) and f.__module__ == "helpers.core"},
    "widgets._base.CourseWidget.use": "the abstract pattern: every widget's own use has rows",
    "widgets.film_board.YouAreAPoint.update": "redraws the board from its own state; takes no value",
}
NO_GENERATED_ROWS = {  # callable(argument) -> why it has hand-written rows only
    **{f"{key}(labels)": "True, False or a list of names: hand rows" for key in (
        "plots.scatter_2d", "plots.scatter_3d", "plots.film_map")},
    **{f"projections.Plane.axes({a})": "an axis name or number: hand rows" for a in "xy"},
    "exercises.separation_matches(seed)": "called only inside helpers.check, which turns any error into ✘ Not yet",
    "real_photos.find_photo(k)": "needs CLIP, which offline tests cannot load; k goes through errors.check_k",
}
COVERED: set = set()
ARGUMENTS: set = set()  # (callable, argument) pairs that generated rows tried
RAN: list = []  # (area, code) of every case that ran


def public_callables() -> dict:
    """{'module.name' or 'module.Class.method': the function} for all of helpers; a module inside
    a package is named from helpers down ('widgets.explorer.explore')."""
    import helpers

    found = {}
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        short = info.name[len("helpers."):]
        if short.startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                found[f"{short}.{name}"] = obj
            elif inspect.isclass(obj):
                found[f"{short}.{name}"] = obj
                for method, f in vars(obj).items():
                    f = f.__func__ if isinstance(f, (classmethod, staticmethod)) else f
                    if not method.startswith("_") and inspect.isfunction(f):
                        found[f"{short}.{name}.{method}"] = f
    return found


def takes_arguments(obj) -> bool:
    try:
        params = list(inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):
        return True
    if inspect.isfunction(obj) and params and params[0].name in ("self", "cls"):
        params = params[1:]
    return bool(params)


def _key(obj) -> str | None:
    """'module.qualname' of a helpers function, method or class, else None."""
    obj = getattr(obj, "__func__", obj)
    obj = inspect.unwrap(obj) if callable(obj) else obj
    module = getattr(obj, "__module__", "") or ""
    if not module.startswith("helpers.") or not hasattr(obj, "__qualname__"):
        return None
    return f"{module[len('helpers.'):]}.{obj.__qualname__}"


def _resolve(node, ns):
    """The object an expression of names and attributes stands for, without calling
    anything (attributes are read statically: no property runs); None if unknown."""
    if isinstance(node, ast.Name):
        return ns.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, ns)
        if base is None:
            return None
        try:
            return inspect.getattr_static(base, node.attr)
        except AttributeError:
            return getattr(base, node.attr, None) if inspect.ismodule(base) else None
    return None


def called(code: str, ns) -> set:
    """The helpers functions, classes and methods that ``code`` calls by name."""
    keys = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            obj = _resolve(node.func, ns)
            if isinstance(obj, (classmethod, staticmethod)):
                obj = obj.__func__
            key = _key(obj) if obj is not None else None
            if key:
                keys.add(key)
    return keys


def test_every_public_callable_has_bad_input_rows():
    """Runs last: every public function, class and method with arguments is called by a row."""
    if len(RAN) < len(CASES):
        pytest.skip("only part of the table ran")
    everything = public_callables()
    need = {key for key, obj in everything.items() if key not in NOT_LISTED and takes_arguments(obj)}
    missing = sorted(need - COVERED)
    assert not missing, f"{len(missing)} public callables have no bad-input rows: {', '.join(missing)}"
    assert not set(NOT_LISTED) - set(everything), "NOT_LISTED names what no longer exists"


def test_what_is_not_listed_is_not_in_a_notebook():
    """Plumbing is left out of the table only while no notebook calls it."""
    notebooks = Path(__file__).parent.parent / "notebooks"
    code = "\n".join("".join(cell["source"]) for path in sorted(notebooks.glob("*.ipynb"))
                     for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if cell["cell_type"] == "code")
    used = [key for key, why in NOT_LISTED.items() if why == PLUMBING
            and re.search(rf"\b{re.escape(key.split('.')[-1])}\(", code)]
    assert not used, f"called in a notebook, so they need bad-input rows: {used}"


def typed_arguments(obj) -> list:
    """The arguments of ``obj`` whose default is a whole number, a number or True/False:
    each must have generated rows (`each whole|number|flag <arg>: ...`)."""
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if isinstance(p.default, (bool, int, float)) and p.default is not None]


def test_every_number_and_flag_argument_has_generated_rows():
    """Runs last: every argument with a number or True/False default, of every public
    callable in the table, gets the standard wrong values (an `each` line)."""
    if len(RAN) < len(CASES):
        pytest.skip("only part of the table ran")
    missing = sorted(f"{key}({name})" for key, obj in public_callables().items()
                     if key not in NOT_LISTED for name in typed_arguments(obj)
                     if (key, name) not in ARGUMENTS and f"{key}({name})" not in NO_GENERATED_ROWS)
    assert not missing, f"{len(missing)} arguments have no `each` line: {', '.join(missing)}"
