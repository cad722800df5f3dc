"""Where learners are: Binder's environment.yml / postBuild, JupyterLab's settings, `make course`.

The Binder checks read files only (no network). Two tests start a JupyterLab on 127.0.0.1
(one through `make course`) and stop it by its process group, whatever happens.
"""
import json
import re
import secrets
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT, kernel_env
from lab_server import free_port, start_lab, stop_lab  # tools/, on the path via conftest

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
OVERRIDES = ROOT / "lab-overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def _environment_pip_list() -> list[str]:
    """The lines under environment.yml's `- pip:` (parsed by hand: no yaml dependency)."""
    lines, inside = [], False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"\s*- pip:\s*$", line):
            inside = True
        elif inside and re.match(r"\s+- ", line):
            lines.append(line.strip()[2:].split(" #")[0].strip())
        elif inside and line.strip() and not line.strip().startswith("#"):
            break
    return lines


def test_binder_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["lab"])
    env = (ROOT / "environment.yml").read_text()
    listed = set(_environment_pip_list())
    assert wanted <= listed, f"environment.yml lacks or spells differently: {sorted(wanted - listed)}"
    assert re.search(r"- python=3\.\d+$", env, re.M), "Binder's Python version is pinned"


def test_binder_gets_the_cpu_build_of_torch():
    pip = _environment_pip_list()
    assert f"--extra-index-url {CPU_INDEX}" in pip, "environment.yml must add PyTorch's CPU index"
    torch = [Requirement(line) for line in pip if not line.startswith("-") and Requirement(line).name == "torch"]
    assert len(torch) == 1, "environment.yml names torch once"
    spec = torch[0].specifier
    # the Makefile's pin, as a CUDA build from PyPI and as the CPU index's local version
    pinned = re.search(r"^TORCH\s*\?=\s*torch==(\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    pypi, cpu = Version(pinned), Version(f"{pinned}+cpu")
    assert spec.contains(cpu) and spec.contains(pypi), f"{spec} must admit the Makefile's torch=={pinned}"
    # pip takes the highest version the two indexes offer: the +cpu local version sorts above
    # PyPI's plain (CUDA) build of the same release, so pip prefers it
    assert cpu > pypi


def test_postbuild_installs_nothing_with_dependencies():
    script = (ROOT / "postBuild").read_text()
    installs = [line for line in script.splitlines() if re.search(r"\bpip\b.*\binstall\b", line)
                and not line.lstrip().startswith("#")]
    assert installs, "postBuild installs the course"
    for line in installs:
        assert "--no-deps" in line, f"postBuild may pull dependencies: {line}"
        assert not re.search(r"\btorch\b", line), f"postBuild must not install torch: {line}"
    # and it installs the settings overrides where JupyterLab reads them
    assert "lab-overrides.json" in script and "share/jupyter/lab/settings" in script and "overrides.json" in script


def test_overrides_shut_kernels_down_and_exist_in_the_schema():
    """Kernels stop with their tab; no "get Jupyter news?" toast covers a cold Binder's first
    notebook (it asks on every launch, and Binder has no use for the feed); every value is valid."""
    import jsonschema

    overrides = json.loads(OVERRIDES.read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    for plugin, settings in overrides.items():
        package, name = plugin.split(":")
        schema_file = SCHEMAS / package / f"{name}.json"
        assert schema_file.exists(), f"no such JupyterLab plugin: {plugin}"
        properties = json.loads(schema_file.read_text())["properties"]
        for key, value in settings.items():
            assert key in properties, f"{plugin} has no setting {key!r}"
            jsonschema.validate(value, properties[key])


def _isolated_env(tmp_path, **extra) -> dict:
    """No user settings, config or workspaces leak in; nothing is written outside tmp_path."""
    env = kernel_env({"JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
                      "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
                      "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), **extra})
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(var, None)
    env["BROWSER"] = ""  # never open a browser from a test
    return env


def test_started_lab_applies_the_overrides(tmp_path):
    """A real JupyterLab whose app settings folder holds our overrides.json (as postBuild and
    `make course` install it under sys.prefix; start_lab does the same) serves kernelShutdown true
    and fetchNews "false" to the page."""
    url, server = start_lab(tmp_path)
    try:
        settings = f"{url}/lab/api/settings/@jupyterlab/"
        reply = json.load(urllib.request.urlopen(settings + "notebook-extension:tracker", timeout=30))
        news = json.load(urllib.request.urlopen(settings + "apputils-extension:notification", timeout=30))
    finally:
        stop_lab(server)
    # the server applies overrides to the schema's defaults, which the page then uses
    assert reply["schema"]["properties"]["kernelShutdown"]["default"] is True, "the override did not apply"
    assert "kernelShutdown" not in reply["settings"], "a user setting, not the override, decided it"
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false", "the news override did not apply"


def test_make_course_serves_the_lab(tmp_path):
    """`make course` as this user (root in CI: needs --allow-root), with no browser: JupyterLab
    prints its URL, answers 200 on /lab, and is stopped with everything make started."""
    port, token = free_port(), secrets.token_hex(8)
    env = _isolated_env(tmp_path)
    try:  # does the Makefile see a browser? (with DISPLAY and BROWSER cleared, usually not)
        subprocess.run([sys.executable, "-c", "import webbrowser; webbrowser.get()"], env=env, check=True,
                       capture_output=True)
        no_browser, lab_args = False, "--no-browser "  # never open one from a test
    except subprocess.CalledProcessError:
        no_browser, lab_args = True, ""
    lab_args += f"--port={port} --ServerApp.ip=127.0.0.1 --ServerApp.token={token}"
    log_path = tmp_path / "make.log"
    log = open(log_path, "w")
    server = subprocess.Popen(["make", "--no-print-directory", "course", f"LAB_ARGS={lab_args}"], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    # the server prints its URL with the token, or with "token=..." when the token was given
    pattern = re.compile(rf"http://(?:127\.0\.0\.1|localhost):{port}/lab\?token=\S+")
    try:
        deadline = time.monotonic() + 300  # time for make to bring .venv up to date first, if needed
        while not pattern.search(log_path.read_text()):
            assert server.poll() is None, "make course exited:\n" + log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "no JupyterLab URL within 300 s:\n" + log_path.read_text()[-3000:]
            time.sleep(0.5)
        for attempt in range(60):  # the URL is printed once the server listens; allow a loaded machine slack
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as reply:
                    assert reply.status == 200 and b"JupyterLab" in reply.read()
                break
            except OSError as exc:
                assert server.poll() is None, f"JupyterLab exited ({exc}):\n" + log_path.read_text()[-3000:]
                assert attempt < 59, f"/lab did not answer ({exc}):\n" + log_path.read_text()[-3000:]
                time.sleep(0.5)
    finally:
        stop_lab(server)
        log.close()
    out = log_path.read_text()
    assert "Running as root is not recommended" not in out
    if no_browser:
        assert "No web browser found here: open the http" in out
