"""Build the teacher's edition: teacher/NN_slug.ipynb = the student notebook with the teacher's
material put in place (a 50-minute route, recall questions, worked answers).

    python tools/make_teacher.py            # writes teacher/ (gitignored)
    python tools/make_teacher.py --check    # only checks that every anchor is found once

The material is kept once, in notebooks/teacher/NN_slug.md, beside the notebook it belongs to.
Each block starts with a marker line and runs to the next one:

    <!-- after: TEXT -->     put the block after the one cell that contains TEXT
    <!-- before: TEXT -->    ... before it

TEXT is a heading or a line of code that occurs in exactly one cell of the student notebook, so
the notebooks can be edited freely around it; a block whose anchor is gone or ambiguous stops
the build with a message naming it. A block that is one fenced ```python block becomes a code
cell, anything else a markdown cell. Every inserted cell carries the tag ``teacher``: removing
those cells gives back the student notebook exactly (tests/test_teacher.py checks it).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "teacher"
OUT = ROOT / "teacher"
TAG = "teacher"
MARKER = re.compile(r"^<!-- (after|before): (.+?) -->\s*$", re.M)
CODE = re.compile(r"^```python\n(.*?)\n```$", re.S)


@dataclass
class Block:
    where: str     # "after" or "before"
    anchor: str
    kind: str      # "code" or "markdown"
    text: str


class AnchorError(ValueError):
    pass


def blocks(path: Path) -> list[Block]:
    """The blocks of one teacher file, in file order (text before the first marker is a comment)."""
    source = path.read_text(encoding="utf8")
    found = []
    marks = list(MARKER.finditer(source))
    for m, nxt in zip(marks, marks[1:] + [None]):
        body = source[m.end():nxt.start() if nxt else len(source)].strip("\n")
        code = CODE.fullmatch(body.strip())
        found.append(Block(m.group(1), m.group(2), "code" if code else "markdown",
                           code.group(1) if code else body.strip()))
    return found


def _cell(block: Block):
    cell = (nbformat.v4.new_code_cell(block.text) if block.kind == "code"
            else nbformat.v4.new_markdown_cell(block.text))
    cell.pop("id", None)   # the course's notebooks are nbformat 4.4, without cell ids
    cell.metadata["tags"] = [TAG]
    return cell


def teacher_notebook(student_path: Path, source: Path | None = None):
    """The teacher's edition of one student notebook (a new notebook object)."""
    nb = nbformat.read(student_path, as_version=4)
    source = source or SOURCES / f"{student_path.stem}.md"
    if not source.exists():
        return nb
    originals = list(nb.cells)
    after: dict[int, list] = {}
    before: dict[int, list] = {}
    for block in blocks(source):
        hits = [i for i, c in enumerate(originals) if block.anchor in c.source]
        if len(hits) != 1:
            raise AnchorError(f"{source.name}: '{block.anchor}' is in {len(hits)} cells of "
                              f"{student_path.name}; an anchor must be in exactly one")
        (after if block.where == "after" else before).setdefault(hits[0], []).append(_cell(block))
    cells = []
    for i, cell in enumerate(originals):
        cells += before.get(i, []) + [cell] + after.get(i, [])
    nb.cells = cells
    return nb


def student_cells(nb) -> list:
    """The cells of a teacher notebook without the teacher's ones."""
    return [c for c in nb.cells if TAG not in c.metadata.get("tags", [])]


def build(out: Path = OUT, check_only: bool = False) -> list[Path]:
    written = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = teacher_notebook(path)
        if check_only:
            continue
        out.mkdir(parents=True, exist_ok=True)
        target = out / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


if __name__ == "__main__":
    try:
        paths = build(check_only="--check" in sys.argv)
    except AnchorError as exc:
        sys.exit(f"✘ {exc}")
    for p in paths:
        print(f"wrote {p.relative_to(ROOT)}")
    if "--check" in sys.argv:
        print("✔ every teacher block finds its one cell")
