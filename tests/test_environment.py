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


def test_forced_offline_shows_in_the_report(monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert environment.environment_report()["network"].startswith("offline")


class FakeNetwork:
    """socket.create_connection as a host that answers (or not), counting the calls:
    the tests never touch the real network."""

    def __init__(self, answers=True, delay=0.0):
        self.answers, self.delay, self.calls = answers, delay, []

    def __call__(self, address, timeout=None):
        self.calls.append(address)
        if self.delay:
            time.sleep(self.delay)
        if not self.answers:
            raise OSError("no route to host")
        return socket.socket()  # a closed-able object for the `with` block


def test_online_asks_once_and_then_remembers(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    network = FakeNetwork(answers=True)
    monkeypatch.setattr(socket, "create_connection", network)
    assert environment.online(refresh=True) is True
    assert network.calls == [(environment.HUB_HOST, 443)]
    assert environment.online() is True and len(network.calls) == 1     # remembered
    assert environment.online(refresh=True) is True and len(network.calls) == 2


def test_unreachable_host_is_offline(monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(socket, "create_connection", FakeNetwork(answers=False))
    assert environment.online(refresh=True) is False
    assert environment.reachable("files.grouplens.org", refresh=True) is False


def test_a_host_that_never_answers_counts_as_offline(monkeypatch):
    # a DNS lookup that hangs ignores the socket timeout: the check gives up on its own
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(socket, "create_connection", FakeNetwork(answers=True, delay=2.0))
    assert environment.reachable("slow.example", timeout=0.05, refresh=True) is False


def test_course_offline_wins_over_a_working_network(monkeypatch):
    network = FakeNetwork(answers=True)
    monkeypatch.setattr(socket, "create_connection", network)
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert environment.online(refresh=True) is False and network.calls == []
