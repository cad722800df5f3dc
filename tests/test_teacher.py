"""The teacher's edition: notebooks/teacher/NN_slug.md holds, once, each notebook's 50-minute
route, recall questions and worked answers; tools/make_teacher.py puts them in place.

The student notebooks must be exactly the teacher notebooks with the teacher's cells taken out,
hold none of the answers, and every teacher notebook must run top to bottom with every answer
passing its check.
"""
import re

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT
import make_teacher

SOURCES = {p.stem: ROOT / "notebooks" / "teacher" / f"{p.stem}.md" for p in NOTEBOOKS}


def teacher(path):
    return make_teacher.teacher_notebook(path)


def _strip(cell):
    return (cell.cell_type, cell.source, dict(cell.metadata))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_notebook_is_the_teacher_one_without_the_answers(path):
    assert SOURCES[path.stem].exists(), f"no teacher material for {path.name}"
    built = teacher(path)
    student = nbformat.read(path, as_version=4)
    assert [_strip(c) for c in make_teacher.student_cells(built)] == [_strip(c) for c in student.cells]
    assert len(built.cells) > len(student.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_route_recall_and_an_answer_for_every_exercise(path):
    built = teacher(path)
    added = [c for c in built.cells if "teacher" in c.metadata.get("tags", [])]
    text = re.sub(r"\n> ?", "\n> ", "\n".join(c.source for c in added if c.cell_type == "markdown"))
    flat = re.sub(r"\n> (?!\d\. )", " ", text)           # a quoted paragraph as one line
    route = re.search(r"\*\*Teacher's route \(50 minutes\)\.\*\*(.*?)(?:\n|$)", flat)
    assert route, path.name
    spans = [(int(a), int(b)) for a, b in re.findall(r"(\d+)–(\d+)(?: min)?:", route.group(1))]
    assert spans[0][0] == 0 and spans[-1][1] == 50 and all(b == c for (_, b), (c, _) in zip(spans, spans[1:])), spans
    assert re.search(r"pause for discussion", route.group(1), re.I)
    recall = re.findall(r"^> \d\. .+\[.+\]$", text, re.M)     # a question with its answer in brackets
    assert 5 <= len(recall) <= 8, (path.name, len(recall))
    student = nbformat.read(path, as_version=4)
    exercises = "\n".join(c.source for c in student.cells if c.cell_type == "markdown" and "## Exercises" in c.source)
    numbered = re.findall(r"^(\d)\. ", exercises.split("## Exercises")[-1], re.M) if exercises else []
    for n in numbered:
        assert f"*Exercise {n}" in text, f"{path.name}: no worked answer to exercise {n}"
    checks = [c for c in student.cells if c.cell_type == "code" and "helpers.exercises." in c.source]
    answered = [c for c in added if c.cell_type == "code" and "helpers.exercises." in c.source]
    assert len(answered) == len(checks), f"{path.name}: {len(checks)} Try-it checks, {len(answered)} answers"


def test_student_notebooks_hold_no_answer_text():
    """No line of a teacher's code answer (an assignment of an actual value) is in any student notebook."""
    student_code = "\n".join(c.source for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells)
    for source in SOURCES.values():
        for block in make_teacher.blocks(source):
            if block.kind != "code":
                continue
            for line in block.text.splitlines():
                line = line.split("  # ")[0].strip()
                if re.match(r"^[a-z_]\w* = (?!None$|\"\.\.\.\"$|\"\"$)", line):
                    assert line not in student_code, f"{source.name}: the answer {line!r} is in a student notebook"


def test_a_lost_anchor_stops_the_build(tmp_path):
    source = tmp_path / "01_fruit_coordinates.md"
    source.write_text("<!-- after: a heading nobody wrote -->\nText.\n")
    with pytest.raises(make_teacher.AnchorError, match="in 0 cells"):
        make_teacher.teacher_notebook(ROOT / "notebooks" / "01_fruit_coordinates.ipynb", source)


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_teacher_notebook_runs_and_its_answers_pass(path, tmp_path):
    from conftest import NOTEBOOK_TIME_LIMIT
    from notebook_runner import cell_problems, run_notebook

    target = tmp_path / path.name
    nbformat.write(teacher(path), target)
    nb, _, _ = run_notebook(target, time_limit=NOTEBOOK_TIME_LIMIT + 120)
    assert not cell_problems(nb), cell_problems(nb)
    for cell in nb.cells:
        if "teacher" in cell.metadata.get("tags", []) and cell.cell_type == "code":
            out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert not any(o.output_type == "error" for o in cell.outputs), cell.source
            if "helpers.exercises." in cell.source:
                assert "✔" in out and "✘" not in out, f"{path.name}: a teacher's answer fails its check:\n{out}"
