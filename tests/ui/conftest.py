"""Helpers for the TUI tests: an app factory, waiting for the lab to settle, and the UI's
Korean translations while they wait in the staging catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor import i18n

STAGING_UI_PO = (Path(__file__).resolve().parents[2] / "locales" / "ko" / "LC_MESSAGES" / "_staging" / "ui.po")


def _merge_staged_ui_translations() -> None:
    """The UI's Korean strings are written to ``_staging/ui.po`` and folded into the
    catalog by ``tools/i18n_sync.py``. Until that has run, read them from staging so the
    tests see the Korean interface a learner will see (the catalog's own translations win)."""
    if not STAGING_UI_PO.is_file():
        return
    from babel.messages.pofile import read_po

    with STAGING_UI_PO.open("rb") as fh:
        staged = read_po(fh, locale="ko")
    singular = i18n.catalog("ko").singular
    for message in staged:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            singular.setdefault(message.id, message.string)


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
    _merge_staged_ui_translations()
    _merge_test_lesson_translations()
    # Evaluate each keystroke at once: tests wait for the worker, never for a timer.
    from tutor.ui import lab

    monkeypatch.setattr(lab, "DEBOUNCE", 0.001)
    monkeypatch.setattr(lab, "SAVE_DELAY", 0.001)
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


