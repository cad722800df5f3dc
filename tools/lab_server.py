"""A fresh JupyterLab on 127.0.0.1 and the chromium that drives it: for the browser tests
(tests/test_browser.py) and the drag benchmark (bench/bench_drag.py).

    url, server = start_lab(folder)   # serves ``folder``; its own config, settings, runtime
    ...
    stop_lab(server)                  # the server and everything it started
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from notebook_runner import kernel_env

OVERRIDES = Path(__file__).resolve().parents[1] / "lab-overrides.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Debian's chromium, headless, as root, never reaching for the (closed) network
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(serve: Path, env: dict | None = None, timeout: float = 60):
    """Start JupyterLab serving ``serve`` (no token, app exposed to the page for tests, every
    cell rendered: no windowing, so a widget scrolled to is never detached, and the course's
    lab-overrides.json as Binder installs it); returns (url, process). Its config, settings,
    runtime files and log live in a temporary folder."""
    home = Path(tempfile.mkdtemp(prefix="lab-"))
    (home / "app-settings").mkdir()
    shutil.copy(OVERRIDES, home / "app-settings" / "overrides.json")
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
           f"--ServerApp.root_dir={serve}", "--ServerApp.disable_check_xsrf=True",
           f"--LabApp.app_settings_dir={home / 'app-settings'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = kernel_env({"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
                      "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), **(env or {})})
    log = home / "lab.log"
    with open(log, "w") as out:
        server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            return url, server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("JupyterLab exited: " + log.read_text()[-2000:]) from None
            if time.monotonic() > deadline:
                stop_lab(server)
                raise RuntimeError(f"JupyterLab did not start within {timeout:.0f} s: "
                                   + log.read_text()[-2000:]) from None
            time.sleep(0.5)


def stop_lab(server: subprocess.Popen) -> None:
    """Stop the server and everything it started (kernels), by its process group."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
