"""Shared test setup: tests never touch the real home directory or the network."""

from __future__ import annotations

import os

import pytest

from tutor import i18n


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (the default run): one and a half workers a core. A Pilot test spends
    about a quarter of its time waiting for the app to be idle (Textual's test driver
    sleeps in 20 ms steps), so one worker a core leaves the cores partly idle.
    PYTEST_XDIST_AUTO_NUM_WORKERS still wins."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(2, (3 * cores + 1) // 2)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "ktutor-home"
    monkeypatch.setenv("KTUTOR_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KTUTOR_LANG", raising=False)
    yield
    i18n.set_language("en")


@pytest.fixture
def korean():
    """Run a test in Korean."""
    i18n.set_language("ko")
    yield
    i18n.set_language("en")
