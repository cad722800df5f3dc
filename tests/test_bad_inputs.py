"""Bad inputs, as a learner types them in a notebook: the table in
``tests/bad_inputs.txt`` (its header says the format). Every line runs inside IPython
(the course's ✘ handler installed, exactly as in Jupyter) and must end in ONE ✘ line
that names the fix, or in a correct result. Never a traceback, never a silent NaN,
and the area's objects must still work afterwards.
"""
from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

TABLE = Path(__file__).with_name("bad_inputs.txt")
CASE = re.compile(r"^(?P<code>.*?)  (?P<kind>[✘✔]) (?P<expect>.*)$")


def read_table(path=TABLE) -> dict:
    """{area: (setup code, after expression, [(code, kind, expect), ...])} from the table."""
    areas, area = {}, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== ") and line.endswith(" =="):
            area = areas.setdefault(line[3:-3], {"setup": [], "after": None, "cases": []})
        elif line.startswith("setup: "):
            area["setup"].append(line[len("setup: "):])
        elif line.startswith("after: "):
            area["after"] = line[len("after: "):]
        elif (match := CASE.match(line)) and area is not None:
            area["cases"].append((match["code"], match["kind"], match["expect"]))
        else:
            raise ValueError(f"{path.name}:{number}: not a case, setup, after or area line: {line!r}")
    return {name: ("\n".join(a["setup"]) + "\n", a["after"], a["cases"]) for name, a in areas.items()}


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
