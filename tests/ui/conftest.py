"""Set-up for the TUI tests: strict redraws, the test lessons' Korean, a notification log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor import i18n

TEST_LESSONS_KO = Path(__file__).resolve().parent / "lessons" / "ko.json"


def _merge_test_lesson_translations() -> None:
    """Korean for the test lessons (tests/ui/lessons), so Korean screens read Korean."""
    import json

    singular = i18n.catalog("ko").singular
    for msgid, msgstr in json.loads(TEST_LESSONS_KO.read_text(encoding="utf-8")).items():
        singular.setdefault(msgid, msgstr)


@pytest.fixture(autouse=True)
def _ui_setup(monkeypatch):
    monkeypatch.setenv("KTUTOR_STRICT", "1")
    i18n.set_language("en")
    _merge_test_lesson_translations()
    # Evaluate each keystroke at once: tests wait for the worker, never for a timer.
    from tutor.ui import lab

    monkeypatch.setattr(lab, "DEBOUNCE", 0.001)
    monkeypatch.setattr(lab, "SAVE_DELAY", 0.001)
    # Typing never pauses by itself: a test says when it does (ktui_helpers.settle posts
    # LabScreen.Paused), so nothing depends on how fast the machine runs the test.
    monkeypatch.setattr(lab, "SETTLE_DELAY", 3600.0)
    yield
    i18n.set_language("en")


@pytest.fixture
def notes(monkeypatch):
    """Every notification the app shows, as plain text."""
    from tutor.ui.app import KTutorApp

    seen: list[str] = []
    original = KTutorApp.notify

    def notify(self, message, *args, **kwargs):
        seen.append(str(message))
        return original(self, message, *args, **kwargs)

    monkeypatch.setattr(KTutorApp, "notify", notify)
    return seen


