"""Write the Colab setup cell into the first cell of every notebook.

The repository URL lives only in pyproject.toml ([project.urls] Repository); this
script copies it into the setup cell, and tests/test_notebook_hygiene.py fails if a
notebook's first cell drifts from what this script writes.

    python tools/sync_setup_cell.py          # rewrite the notebooks
    python tools/sync_setup_cell.py --check  # exit 1 if any notebook is out of date
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def setup_cell_source() -> str:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    url = meta["urls"]["Repository"]
    return (
        "# Setup: on Google Colab this installs the course; everywhere else it does nothing.\n"
        "import sys\n"
        "if \"google.colab\" in sys.modules:\n"
        f"    %pip install -q \"{meta['name']} @ git+{url}\"\n"
        "    %pip install -q --no-deps recbole==1.2.1  # only its MovieLens 100k files, for notebook 07"
    )


def main(check: bool = False) -> int:
    stale = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0] if nb.cells else None
        if first is not None and first.cell_type == "code" and first.source == setup_cell_source():
            continue
        stale.append(path.name)
        if not check:
            cell = nbformat.v4.new_code_cell(setup_cell_source())
            if first is not None and first.cell_type == "code" and "google.colab" in first.source:
                nb.cells[0] = cell
            else:
                nb.cells.insert(0, cell)
            nb.nbformat_minor = 4  # no cell ids: smaller, stabler diffs
            for c in nb.cells:
                c.pop("id", None)
            nbformat.write(nb, path)
    if stale:
        print(("out of date: " if check else "rewrote: ") + ", ".join(stale))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
