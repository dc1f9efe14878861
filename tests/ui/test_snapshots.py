"""SVG snapshots of the home, lesson and lab screens, in both languages, at 80x24 and
120x40. Deterministic: the test lessons (tests/ui/lessons), a fresh progress folder, no
clock, no notifications, a steady cursor.

Update after a deliberate change of the interface: ``pytest tests/ui/test_snapshots.py
--snapshot-update`` (then look at the SVGs before committing them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ktui_helpers import settle
from tutor import i18n
from tutor.ui.app import KTutorApp, load_all_lessons

LESSONS = Path(__file__).parent / "lessons"
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture(autouse=True)
def _in_colour(monkeypatch):
    """The snapshots are in colour, also in a run with NO_COLOR=1 (the lab suite runs
    once that way too: tests/resilience/test_resilience_no_color.py)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def make_app(lang: str, **kwargs) -> KTutorApp:
    i18n.set_language(lang)
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


async def _steady(pilot) -> None:
    await settle(pilot)
    app = pilot.app
    editor = getattr(app.screen, "editor", None)
    if editor is not None:
        editor.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", list(SIZES))
def test_home(snap_compare, lang, size):
    assert snap_compare(make_app(lang), terminal_size=SIZES[size], run_before=_steady)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", list(SIZES))
def test_lesson(snap_compare, lang, size):
    assert snap_compare(make_app(lang, lesson="select"), terminal_size=SIZES[size], run_before=_steady)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", list(SIZES))
def test_lab(snap_compare, lang, size):
    async def open_lab(pilot):
        await pilot.press("e")
        await _steady(pilot)

    assert snap_compare(make_app(lang, lesson="select"), terminal_size=SIZES[size], run_before=open_lab)
