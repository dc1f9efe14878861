"""Shared setup for the console tests: a fixed clock (``KTUTOR_NOW``), UTC, and the
reference's example world (``fixtures/shop.yaml``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
NOW = "2025-01-15T10:05:10Z"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setenv("KTUTOR_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def shop():
    """The reference's world: cp-1/node-a/node-b, web-1/web-2 behind Service web, client."""
    from tutor.kubectl.console import Console

    return Console(None, applied=[fixture_text("shop.yaml")])


def run(console, line: str):
    result = console.run(line)
    return result.stdout, result.stderr, result.exit_code
