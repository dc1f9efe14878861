"""SVG snapshots in both languages: the home, lesson and lab screens at 80x24 and 120x40;
at 80x24 also the lab solved, the help and the glossary. Deterministic: the test lessons (tests/ui/lessons), a fresh progress folder, no
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
    """The snapshots are in colour, also in a run with NO_COLOR=1 (.ci/run runs the lab
    suite once that way too)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def make_app(lang: str, **kwargs) -> KTutorApp:
    i18n.set_language(lang)
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


async def _steady(pilot) -> None:
    await settle(pilot)
    app = pilot.app
    editor = getattr(app.screen, "editor", None)
    if editor is not None:
        editor.cursor_blink = False  # (shows the cursor, but does not repaint: Textual's
        editor.refresh()             # _cursor_visible has repaint=False; a blink may have hidden it)
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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lab_solved(snap_compare, lang):
    """The lab after a solve at 80×24: the status line, "Why it works", every goal met."""
    async def solve(pilot):
        await pilot.press("e")
        await settle(pilot)
        lab = pilot.app.screen
        lab._replace_text(lab.exercise.solution)
        lab.editor.move_cursor((0, 0))
        await _steady(pilot)

    assert snap_compare(make_app(lang, lesson="select"), terminal_size=SIZES["80x24"], run_before=solve)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_help(snap_compare, lang):
    async def open_help(pilot):
        await pilot.press("e")
        await _steady(pilot)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(make_app(lang, lesson="select"), terminal_size=SIZES["80x24"], run_before=open_help)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_glossary(snap_compare, lang):
    async def open_glossary(pilot):
        await _steady(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("s", "e", "l", "e", "c")
        await pilot.pause()

    assert snap_compare(make_app(lang), terminal_size=SIZES["80x24"], run_before=open_glossary)
