"""Shared test setup: tests never touch the real home directory or the network."""

from __future__ import annotations

import pytest

from tutor import i18n


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
