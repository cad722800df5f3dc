"""Words of prose and reading time per notebook; writes the time line under each title.

    python tools/reading_time.py            # a table: words, minutes to read, stated line
    python tools/reading_time.py --write    # (re)write each notebook's time line from its words

The line sits right under the title (cell 2):
    *Time: about 9 minutes to read, and under 15 s for its cells to run.*
Reading time counts the markdown at 200 words a minute, rounded up (links' targets and HTML
anchors are not words). Run times are the Binder-like measurement in the README (one CPU, cold
caches), rounded up to 5 s; tests/test_teaching.py checks the minutes still fit the words.
"""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 200
# seconds per notebook from README's Binder-like run (make binder-check), rounded up to 5 s;
# 10-14 from bench/binder_like.py on 2026-12-02 (one CPU, 2 GiB, empty caches, this 2-core machine
# shared with other jobs, load 5-9): 26.3, 6.6, 29.3, 36.4 and 16.2 s
RUN_SECONDS = {"00": 5, "01": 10, "02": 15, "03": 30, "04": 35, "05": 15, "06": 20, "07": 10, "08": 10,
               "09": 15, "10": 30, "11": 15, "12": 30, "13": 40, "14": 20}
LINE = re.compile(r"^\*Time: about (\d+) minutes? to read, and under (\d+) s for its cells to run\.\*$", re.M)


def prose_words(nb) -> int:
    """Words in the notebook's markdown, without the time line, link targets and HTML tags."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = LINE.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[A-Za-z0-9’'\-]+", text))


def minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def time_line(path: Path, nb) -> str:
    return (f"*Time: about {minutes(prose_words(nb))} minutes to read, and under "
            f"{RUN_SECONDS[path.name[:2]]} s for its cells to run.*")


def write(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    title = nb.cells[1]
    line = time_line(path, nb)
    if LINE.search(title.source):
        title.source = LINE.sub(line, title.source)
    else:
        first, _, rest = title.source.partition("\n")
        title.source = f"{first}\n\n{line}\n{rest}" if rest.startswith("\n") else f"{first}\n\n{line}\n\n{rest}"
    nbformat.write(nb, path)


def main(argv: list[str]) -> None:
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if "--write" in argv:
        for p in paths:
            write(p)
    total = 0
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        words = prose_words(nb)
        total += words
        stated = LINE.search(nb.cells[1].source)
        print(f"{p.name:32s} {words:5d} words  {minutes(words):3d} min  "
              f"{'line: ' + stated.group(0) if stated else '(no time line)'}")
    print(f"{'total':32s} {total:5d} words")


if __name__ == "__main__":
    main(sys.argv[1:])
