"""The drawing shortcuts of tutor/ui/fastpaths.py against Textual's own drawing.

The same session (home → lesson → lab, typing, Enter, Backspace, undo, a replaced line,
F2, a narrow terminal) runs twice: with the shortcuts on and with them off. Every frame
the app sends is fed to a terminal emulator (pyte), as a real terminal would receive
it. After each step, what the terminal shows must be what a full fresh render of the
screen shows (no line left stale by a partial repaint), and the shortcuts must show
exactly what Textual alone shows. When a Textual upgrade changes the internals the
shortcuts rely on, this fails: fix the shortcut or turn it off (``fastpaths.ENABLED``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyte
import pytest

from ktui_helpers import settle
from tutor import i18n
from tutor.ui import fastpaths
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.lab import LabScreen

LESSONS = Path(__file__).parent / "lessons"
Grid = list[list[tuple[Any, ...]]]


class Terminal:
    """A pyte screen fed with every update the app sends to its terminal."""

    def __init__(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)

    def feed(self, text: str) -> None:
        self.stream.feed(text)

    def grid(self) -> Grid:
        """What is visible in each cell: the character, its colours and attributes (the
        colour and weight of a blank are not visible, unless underlined or reversed)."""
        buffer = self.screen.buffer
        return [[_visible(buffer[y][x]) for x in range(self.screen.columns)] for y in range(self.screen.lines)]


def _visible(c: Any) -> tuple[Any, ...]:
    if c.data.strip() == "" and not (c.reverse or c.underscore or c.strikethrough):
        return (c.data, None, c.bg, False, False, False, False)
    return (c.data, c.fg, c.bg, c.bold, c.reverse, c.underscore, c.italics)


def text_of(grid: Grid) -> str:
    return "\n".join("".join(cell[0] for cell in row).rstrip() for row in grid)


async def _session(size: tuple[int, int], home: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Grid]]:
    """Run the session; after each step: (step, what the terminal shows). Asserts at
    each step that the terminal shows what a full render shows."""
    monkeypatch.setenv("KTUTOR_HOME", str(home))  # a learner who never started
    i18n.set_language("en")
    app = KTutorApp(load_all_lessons(LESSONS))
    terminal = Terminal(*size)
    frames: list[tuple[str, Grid]] = []
    async with app.run_test(size=size) as pilot:
        real_display = app._display

        def display(screen: Any, renderable: Any) -> None:
            # what the terminal driver writes (the headless driver writes nothing)
            if hasattr(renderable, "render_segments"):
                terminal.feed(renderable.render_segments(app.console))
            real_display(screen, renderable)

        app._display = display  # type: ignore[method-assign]

        async def step(name: str) -> None:
            await settle(pilot)
            screen = app.screen
            if isinstance(screen, LabScreen):
                screen.editor.cursor_blink = False
            app.clear_notifications()
            # Wait until the screen is still (the lab may draw a panel again once it has a
            # width) and the terminal shows it: a repaint on its way arrives within a few
            # pauses on a busy machine, a line left stale by a partial repaint never does.
            before: Grid | None = None
            for _attempt in range(30):
                await pilot.pause()
                full = Terminal(*size)
                full.feed(screen._compositor.render_full_update().render_segments(app.console))
                shown = terminal.grid()
                if shown == full.grid() and full.grid() == before:
                    break
                before = full.grid()
            assert text_of(shown) == text_of(full.grid()), f"after {name}: the terminal shows stale text"
            assert shown == full.grid(), f"after {name}: the terminal shows stale styles"
            frames.append((name, shown))

        await step("home")
        await pilot.press("enter")
        await step("lesson")
        await pilot.press("e")
        await step("lab")
        lab = app.screen
        assert isinstance(lab, LabScreen)
        editor = lab.editor
        editor.move_cursor((6, len(editor.document.get_line(6))))
        for key in ("x", "backspace", "backspace", "enter", *"# note", "ctrl+z", "down", "end", "y"):
            await pilot.press(key)
            await step(f"key {key}")
        editor.move_cursor((0, 0))
        await step("cursor at the top")
        line = editor.document.get_line(6)
        editor.replace("    app: MyApp", (6, 0), (6, len(line)))  # a line away from the cursor
        await step("selector fixed")
        for key in ("#", "enter", "backspace", "backspace"):
            await pilot.press(key)
            await step(f"top: key {key}")
        await pilot.press("f2")
        await step("Korean")
        await pilot.press("ctrl+z")
        await step("undo in Korean")
        editor.move_cursor((3, len(editor.document.get_line(3))))
        for key in (*"abc", "backspace"):
            await pilot.press(key)
            await step(f"name: key {key}")
    return frames


@pytest.mark.parametrize("size", [(100, 30), (70, 24)])
async def test_the_shortcuts_draw_what_textual_draws(size, monkeypatch, tmp_path):
    monkeypatch.setattr(fastpaths, "ENABLED", True)
    fast = await _session(size, tmp_path / "fast", monkeypatch)
    monkeypatch.setattr(fastpaths, "ENABLED", False)
    plain = await _session(size, tmp_path / "plain", monkeypatch)
    assert [name for name, _grid in fast] == [name for name, _grid in plain]
    for (name, with_shortcuts), (_name, without) in zip(fast, plain):
        assert text_of(with_shortcuts) == text_of(without), f"after {name}"
        differ = [(y, x, a, b) for y, (ra, rb) in enumerate(zip(with_shortcuts, without))
                  for x, (a, b) in enumerate(zip(ra, rb)) if a != b]
        assert not differ, f"after {name}: same text, other styles: {differ[:6]}"
