"""Shared setup for the console tests: a fixed clock (``KTUTOR_NOW``), UTC, and the
reference's example world (``fixtures/shop.yaml``)."""

from __future__ import annotations

import time

import pytest

from kubectl_helpers import NOW, fixture_text


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setenv("KTUTOR_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def shop():
    """The reference's world: cp-1/node-a/node-b, web-1/web-2 behind Service web, client."""
    from tutor.kubectl.console import Console

    return Console(None, applied=[fixture_text("shop.yaml")])
