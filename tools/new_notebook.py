"""Build a notebook from a plain-text script, so notebooks are easy to write and review.

The script uses '# %%' to start a code cell and '# %% [markdown]' for a markdown cell
(the "percent" format that VS Code, Spyder and jupytext read); markdown lines start with '# '.
A code cell that shows a learner's mistake on purpose is marked '# %% tags=["friendly-error"]'.
The Colab setup cell is added first, and the notebook is written without outputs.

    python tools/new_notebook.py notebooks/src/01_fruit_coordinates.py notebooks/01_fruit_coordinates.ipynb
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sync_setup_cell import setup_cell_source  # noqa: E402


def cells_from_percent(text: str):
    blocks: list[tuple[str, list[str], list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            tags = json.loads(line.split("tags=", 1)[1]) if "tags=" in line else []
            blocks.append(("markdown" if "[markdown]" in line else "code", [], tags))
        elif blocks:
            blocks[-1][1].append(line)
    for kind, lines, tags in blocks:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            body = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines)
            yield nbformat.v4.new_markdown_cell(body)
        elif lines:
            cell = nbformat.v4.new_code_cell("\n".join(lines))
            if tags:
                cell.metadata["tags"] = tags
            yield cell


def main(src: str, dest: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4  # no cell ids: smaller, stabler diffs
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    nb.cells = [nbformat.v4.new_code_cell(setup_cell_source()), *cells_from_percent(Path(src).read_text())]
    for c in nb.cells:
        c.pop("id", None)
    nbformat.write(nb, dest)


if __name__ == "__main__":
    main(*sys.argv[1:3])
