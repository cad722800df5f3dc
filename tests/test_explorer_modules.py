"""The explorer's JavaScript: small files in helpers/explorer_js/, joined by helpers/_javascript.py
into the one ES module the widget sends (no build step at install time).

* every file is at most 250 lines, every top-level function at most 50, and ``render`` reads as
  a short list of steps (at most 40 lines);
* each file imports only from the folder and only files joined before it (no import cycle);
* the joined text is one valid ES module in chromium, with the exports of the folder's own
  ``render.js`` loaded as separate native modules, and it is what the Explorer widget sends.
What the page does is checked by tests/test_explorer_page.py and tests/test_browser.py.
"""
import re

import pytest

from conftest import ROOT

FOLDER = ROOT / "helpers" / "explorer_js"
FILES = sorted(FOLDER.glob("*.js"))
EXPORTS = ["checkSpace", "default", "floats", "lift", "makeSpace", "nearest", "prepare", "readK", "resetMoved",
           "search", "setMoved"]


def top_level_functions(path):
    """{name: lines} of the file's top-level functions (``function f(`` … the next ``}`` at column 0)."""
    lines, out, start = path.read_text(encoding="utf-8").splitlines(), {}, None
    for n, line in enumerate(lines):
        m = re.match(r"(?:export )?(?:async )?function (\w+)", line)
        if m:
            start, name = n, m.group(1)
        elif start is not None and line.startswith("}"):
            out[name] = n - start + 1
            start = None
    return out


def test_the_folder_holds_the_files_the_joiner_joins():
    from helpers._javascript import ORDER

    assert sorted(p.name for p in FILES) == sorted(ORDER)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_and_function_is_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 250
    functions = top_level_functions(path)
    assert functions, f"{path.name}: no top-level function found"
    long = {name: n for name, n in functions.items() if n > 50}
    assert not long, f"{path.name}: functions over 50 lines: {long}"


def test_render_reads_as_a_short_list_of_steps():
    assert top_level_functions(FOLDER / "render.js")["render"] <= 40


def test_each_file_imports_only_files_joined_before_it():
    from helpers._javascript import ORDER

    for n, name in enumerate(ORDER):
        text = (FOLDER / name).read_text(encoding="utf-8")
        imported = re.findall(r'^import\s*\{[^}]*\}\s*from\s*"([^"]+)";', text, re.M)
        assert len(imported) == len(re.findall(r"^import\b", text, re.M)), f"{name}: an import the joiner cannot drop"
        for source in imported:
            assert source.startswith("./") and source[2:] in ORDER[:n], f"{name} imports {source}"


def test_the_widget_sends_the_joined_module(fruit):
    import helpers
    from helpers._javascript import explorer_module

    text = explorer_module()
    assert text.count("export default { render };") == 1 and 'from "./' not in text
    w = helpers.explore(fruit, k=1, axes=("sweet", "crunchy"))
    assert w.get_state()["_esm"] == text


@pytest.mark.browser
def test_the_joined_module_is_one_es_module_with_the_folders_exports(browser):
    from helpers._javascript import explorer_module

    files = {"/explorer.js": explorer_module().encode(), "/": b"<!doctype html><title>modules</title>"}
    files.update({f"/explorer_js/{p.name}": p.read_bytes() for p in FILES})
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("http://explorer.test/**", lambda route: route.fulfill(
        body=files[route.request.url[len("http://explorer.test"):]],
        content_type="text/html" if route.request.url.endswith("/") else "text/javascript"))
    try:
        page.goto("http://explorer.test/")
        joined, folder = page.evaluate("""async () => {
          const names = async (url) => { const m = await import(url);
            return [Object.keys(m).sort(), typeof m.default.render]; };
          return [await names('/explorer.js'), await names('/explorer_js/render.js')];
        }""")
    finally:
        page.close()
    assert joined == folder == [EXPORTS, "function"]
    assert not errors, errors
