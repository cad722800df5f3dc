"""The shape of helpers/ (issue 21): every module reads as one idea, so none is over 500 lines,
no function is over 50, and no module imports one that imports it back, not even from inside a
function (the JavaScript files are measured in tests/test_explorer_modules.py)."""
import ast
from pathlib import Path

import pytest

from conftest import ROOT

HELPERS = ROOT / "helpers"
MODULE_MOST, FUNCTION_MOST = 500, 50


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every Python file of helpers (a package by its __init__.py)."""
    out = {}
    for path in sorted(HELPERS.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: dict) -> set[str]:
    """The helpers modules that ``name`` imports anywhere in its file (inside functions too).
    ``from . import x`` names the submodule x, not the package it sits in."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known}
            found |= subs
            if target in known and len(subs) < len(node.names):
                found.add(target)
    found.discard(name)
    return found


def test_no_module_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in modules().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_MOST}
    assert not long, f"over {MODULE_MOST} lines: {long}"


def test_no_function_over_50_lines():
    long = {}
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if (n := node.end_lineno - node.lineno + 1) > FUNCTION_MOST:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = n
    assert not long, f"over {FUNCTION_MOST} lines: {long}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A list of modules that import each other round in a circle, or None (depth-first search)."""
    state: dict[str, int] = {}   # 1: on the current path, 2: done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt, path + [nxt])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return None


def test_find_cycle_finds_one():
    """The check itself: a circle through a function-level import is found, a chain is not."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("source, expected", [
    ("from . import _encoder", {"helpers._encoder"}),
    ("def f():\n    from .widgets import explore", {"helpers.widgets"}),
    ("from .space import Space", {"helpers.space"}),
])
def test_imports_reads_relative_and_function_level_imports(tmp_path, source, expected):
    known = {"helpers", "helpers._encoder", "helpers.widgets", "helpers.space", "helpers.x"}
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert imports("helpers.x", path, known) == expected


def test_no_import_cycle_in_helpers():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert sum(map(len, graph.values())) > 50, "the import graph looks empty: is the reader broken?"
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph))}"
