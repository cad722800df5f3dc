"""Check the course on a Colab-like stack: Colab's own preinstalled packages, untouched.

    python tools/colab_like.py            # or: make colab-check
    python tools/colab_like.py --fresh    # rebuild .colab-venv/ from nothing first

1. A Python 3.13 venv, .colab-venv/, gets Colab's preinstalled packages, pinned in
   tools/colab-constraints.txt (CUDA torch from PyPI: ~4.4 GB to download, ~6 GB of venv).
   The venv is kept and reused by the next run, so that download happens only when it is built
   anew (--fresh, a clean clone, or a venv made with another Python, such as an older Colab's).
2. The course is installed exactly as the notebooks' Colab setup cell does it (from a
   snapshot of this work tree, not editable), then recbole with --no-deps. Fails if that
   changed the version of any package that was there before (ipywidgets must stay 7.7.x).
3. Every notebook runs top to bottom from a fresh kernel of that venv, offline, with empty
   caches (embeddings, maps, matplotlib, numba), from a copy of notebooks/ outside the
   repository, so ``import helpers`` is the installed copy. Fails
   on a cell error, a ✘ line in a cell not tagged friendly-error, warning text on a cell's
   stderr, or a cell that ends with a widget but shows no widget view.

Exit code 0 only when all of that holds. Needs Python 3.13 (set COLAB_PYTHON to choose one).
"""
from __future__ import annotations

import argparse
import ast
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".colab-venv"
VENV_PY = VENV / "bin" / "python"
CONSTRAINTS = ROOT / "tools" / "colab-constraints.txt"
COLAB_VERSION = (3, 13)  # Colab's Python (googlecolab/backend-info os-info.txt, 2026-08-19)
PYTHONS = [os.environ.get("COLAB_PYTHON", ""), "python3.13", *sorted(glob.glob(os.path.expanduser(
    "~/.pyenv/versions/3.13*/bin/python3.13")))]
TIME_LIMIT = int(os.environ.get("NOTEBOOK_TIME_LIMIT", "600"))

# what the notebooks call to make a widget they then show
WIDGET_MAKERS = {"explore", "search_box", "analogy_box", "you_are_a_point", "DragAway", "OddnessExplorer", "PictureSearch"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# ------------------------------------------------------------------ the environment
def pip(*args: str) -> None:
    print("  pip", " ".join(args), flush=True)
    subprocess.run([str(VENV_PY), "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True)


def versions() -> dict[str, str]:
    """{distribution name (lower case, "-" for "_"): version} of everything in the venv."""
    out = subprocess.run([str(VENV_PY), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                         check=True, capture_output=True, text=True).stdout
    return {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(out)}


def is_colab_python(python: str) -> bool:
    """True when ``python`` runs, as Colab's Python version (a pyenv shim may exist yet refuse)."""
    return subprocess.run([python, "-c", f"import sys; assert sys.version_info[:2] == {COLAB_VERSION}"],
                          capture_output=True).returncode == 0


def colab_python() -> str:
    """The first candidate that really runs as Colab's Python version."""
    for candidate in PYTHONS:
        found = candidate and shutil.which(candidate)
        if found and is_colab_python(found):
            return found
    version = ".".join(map(str, COLAB_VERSION))
    sys.exit(f"✘ No python{version} found: set COLAB_PYTHON to a Python {version} interpreter.")


def snapshot(dest: Path) -> Path:
    """Copy the work tree's files (tracked, and new ones git does not ignore) to ``dest``."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def build(fresh: bool, workdir: Path) -> list[str]:
    """Make the Colab-like venv, install the course into it; return what went wrong."""
    if VENV.exists() and (fresh or not VENV_PY.exists() or not is_colab_python(str(VENV_PY))):
        shutil.rmtree(VENV)  # asked for, or made with another Python (an older Colab's)
    if not VENV_PY.exists():
        python = colab_python()
        print(f"Creating {VENV.name}/ with {python}", flush=True)
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    print("Colab's preinstalled packages (tools/colab-constraints.txt):", flush=True)
    pip("install", "-r", str(CONSTRAINTS), "-c", str(CONSTRAINTS))
    stale = [name for name in ("points-in-space", "recbole") if name in versions()]
    if stale:  # from an earlier run: install the course anew, as on a new Colab runtime
        pip("uninstall", "-y", *stale)
    before = versions()
    source = snapshot(workdir / "points-in-space")
    print("The course, as the notebooks' Colab setup cell installs it:", flush=True)
    pip("install", f"points-in-space @ {source.as_uri()}")
    pip("install", "--no-deps", "recbole==1.2.1")
    after = versions()
    problems = [f"installing the course changed {name} {old} → {after.get(name, 'removed')}"
                for name, old in sorted(before.items()) if after.get(name) != old]
    if not after.get("ipywidgets", "").startswith("7.7."):
        problems.append(f"ipywidgets is {after.get('ipywidgets')} after the course install, not Colab's 7.7.x")
    added = sorted(set(after) - set(before))
    print(f"  the course added {len(added)} packages: {', '.join(added)}", flush=True)
    return problems


# ------------------------------------------------------------------ the notebooks
def _called(node) -> str | None:
    if isinstance(node, ast.Call):
        return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    return None


def shows_widget(source: str) -> bool:
    """True when a cell ends with a widget: ``explore(...)`` itself, or a name the cell bound to one."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython syntax (%pip, !ls): not a widget cell
        return False
    if not body or not isinstance(body[-1], ast.Expr):
        return False
    last = body[-1].value
    made = {t.id for s in body if isinstance(s, ast.Assign) and _called(s.value) in WIDGET_MAKERS
            for t in s.targets if isinstance(t, ast.Name)}
    return _called(last) in WIDGET_MAKERS or (isinstance(last, ast.Name) and last.id in made)


def widget_problems(nb) -> tuple[int, list[str]]:
    """(how many cells end with a widget, those of them that showed no widget view)."""
    cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and shows_widget(c.source)]
    missing = [f"cell {i} ends with a widget but showed no {WIDGET_VIEW} output" for i, c in cells
               if not any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]
    return len(cells), missing


def probe(folder: Path) -> list[str]:
    """Check that a kernel of this venv imports the installed helpers, not the repository's."""
    import nbformat
    from notebook_runner import run_notebook

    path = folder / "probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, helpers\nprint(sys.executable)\nprint(helpers.__file__)")]), path)
    nb, _, _ = run_notebook(path, time_limit=120)
    path.unlink()
    executable, module = nb.cells[0].outputs[0]["text"].split()
    print(f"Kernel: {executable}\n  import helpers → {module}", flush=True)
    problems = []
    if not executable.startswith(str(VENV)):
        problems.append(f"the kernel runs {executable}, not {VENV_PY}")
    if "site-packages" not in module:
        problems.append(f"the kernel imports helpers from {module}, not the installed copy")
    return problems


def run_notebooks(folder: Path) -> int:
    """Run every notebook in ``folder`` (inside the venv); print the table; return the exit code."""
    from nbclient.exceptions import CellExecutionError
    from notebook_runner import TooSlow, cell_problems, run_notebook

    failures = probe(folder)
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        print(f"running {path.name} …", flush=True)
        try:
            nb, seconds, peak = run_notebook(path, time_limit=TIME_LIMIT)
        except (CellExecutionError, TooSlow) as exc:
            rows.append((path.stem, "-", "-", "FAILED"))
            failures.append(f"{path.name}: {str(exc).strip().splitlines()[-1]}")
            continue
        shown, missing = widget_problems(nb)
        problems = cell_problems(nb, warnings=True) + missing
        failures += [f"{path.name} {p}" for p in problems]
        rows.append((path.stem, f"{seconds:.1f}", f"{peak / 2**20:.0f}",
                     ("FAILED" if problems else "ok") + (f" ({shown} widget{'s' * (shown != 1)})" if shown else "")))
    print_table(["notebook", "seconds", "peak MB", "result"], rows)
    for failure in failures:
        print("✘", failure)
    return 1 if failures else 0


def print_table(head, rows) -> None:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")


# ------------------------------------------------------------------ main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="delete .colab-venv/ and build it again")
    parser.add_argument("--run-notebooks", metavar="FOLDER", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_notebooks:  # the second half, inside the venv
        sys.path.insert(0, str(ROOT / "tools"))
        return run_notebooks(args.run_notebooks)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="colab-like-") as tmp:
        workdir = Path(tmp)
        problems = build(args.fresh, workdir)
        built = time.perf_counter()
        print(f"  venv and course install: {built - start:.0f} s", flush=True)
        for problem in problems:
            print("✘", problem, flush=True)
        notebooks = workdir / "notebooks"
        notebooks.mkdir()
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            shutil.copy2(path, notebooks / path.name)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets debugpy's frozen-modules note at kernel start
        for name in ("POINTS_IN_SPACE_CACHE", "XDG_CACHE_HOME", "MPLCONFIGDIR", "NUMBA_CACHE_DIR"):
            env[name] = str(workdir / "empty-caches" / name.lower())  # cold, as every Colab session starts
        code = subprocess.run([str(VENV_PY), __file__, "--run-notebooks", str(notebooks)],
                              cwd=workdir, env=env).returncode
    end = time.perf_counter()
    print(f"Wall time: {end - start:.0f} s ({built - start:.0f} s venv and course install, "
          f"{end - built:.0f} s notebooks)", flush=True)
    if problems:
        print("✘ The course install changed Colab's packages (see above).")
    return 1 if problems or code else 0


if __name__ == "__main__":
    sys.exit(main())
