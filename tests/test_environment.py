"""helpers.environment: the report notebook 00 prints and the online() switch."""
import socket
import time

from helpers import environment


def test_report_lists_versions_models_and_network():
    report = environment.environment_report()
    for key in ("python", "numpy", "torch", "gensim", "sentence-transformers", "anywidget",
                "glove (offline words)", "MiniLM (offline sentences)", "network"):
        assert key in report
    assert report["numpy"] != "not installed"
    assert report["glove (offline words)"] == "present"
    text = str(report)
    assert text.count("\n") == len(report) - 1 and "numpy" in text


def test_report_show_prints_table(capsys):
    environment.environment_report(show=True)
    out = capsys.readouterr().out
    assert "✔ numpy" in out and "network" in out


def test_forced_offline(monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert environment.online() is False
    assert environment.environment_report()["network"].startswith("offline")


def test_online_is_fast_and_cached(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    start = time.perf_counter()
    first = environment.online(refresh=True)
    assert time.perf_counter() - start < 3
    # cached: a second call must not touch the network
    def boom(*args, **kwargs):
        raise AssertionError("network touched again")
    monkeypatch.setattr(socket, "create_connection", boom)
    assert environment.online() is first


def test_unreachable_host_is_offline(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    def refuse(*args, **kwargs):
        raise OSError("no route")
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert environment.online(refresh=True) is False
    environment._online_cache.clear()


def test_missing_distribution_version_is_none():
    assert environment.version("no-such-package-xyz") is None
