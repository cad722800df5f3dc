"""The explorer's page code, joined into the one ES module anywidget sends to the page.

The explorer's JavaScript lives in small files in ``helpers/explorer_js/`` (each one idea: the
view, labels, drawing, the search, the kernel, the vectors, the pointer and keyboard, the
controls, and ``render``), but anywidget gives the page ONE module as text. The course is
installed from git on Colab and Binder with no build step, so there is no bundler at install
time: this hand-written joiner is the bundler. It concatenates the files in a fixed order (each
after the files it imports), drops their ``import … from "./x.js"`` lines (in one module every
top-level name is already in scope) and the ``export`` keyword of their declarations; only
``render.js``, the last file, keeps its ``export { … }`` and ``export default { render }``.
Each file is still an ES module on its own, and the joined text is checked to be one
(tests/test_explorer_modules.py).

>>> text = explorer_module()
>>> text.count("export default"), text.count('from "./')
(1, 0)
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

FOLDER = Path(__file__).parent / "explorer_js"
# each file after every file it imports from
ORDER = ("search.js", "plot.js", "labels.js", "draw.js", "kernel.js", "vectors.js", "pointer.js",
         "controls.js", "render.js")
LOCAL_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./[\w-]+\.js";[ \t]*\n', re.M)
EXPORTED = re.compile(r"^export (?=(?:async )?function |const |let |class )", re.M)


def _joined_part(name: str) -> str:
    text = LOCAL_IMPORT.sub("", (FOLDER / name).read_text(encoding="utf-8"))
    if re.search(r"^\s*import\b", text, re.M):
        raise ValueError(f"helpers/explorer_js/{name} imports from outside the folder: the page has nothing else")
    text = EXPORTED.sub("", text)
    if name != ORDER[-1] and re.search(r"^export\b", text, re.M):
        raise ValueError(f"helpers/explorer_js/{name}: only {ORDER[-1]} may export a list or a default")
    return f"// ---- helpers/explorer_js/{name} ----\n{text.rstrip()}\n"


@functools.lru_cache(maxsize=None)
def explorer_module() -> str:
    """The explorer's page code as one ES module: helpers/explorer_js/*.js in ORDER, joined."""
    on_disk = sorted(p.name for p in FOLDER.glob("*.js"))
    if on_disk != sorted(ORDER):
        raise ValueError(f"helpers/explorer_js/ holds {on_disk}, the joiner's ORDER {sorted(ORDER)}")
    head = ("// The explorer's page code: helpers/explorer_js/*.js joined by helpers/_javascript.py "
            "(edit those files).\n")
    return head + "\n".join(_joined_part(name) for name in ORDER)
