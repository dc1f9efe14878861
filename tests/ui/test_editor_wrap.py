"""The editor at 80×24 (issue 9, item 6): long lines wrap with their continuation rows
indented under the line's text (the YAML's indentation stays visible; the view never
scrolls sideways), the cursor and the mouse find their places on wrapped rows, and the
cursor's line stays in view when a panel opens or the terminal is resized."""

from __future__ import annotations

from pathlib import Path

from ktui_helpers import settle
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.editor import hanging_indent, hanging_offsets
from tutor.ui.lab import LabScreen

LESSONS = Path(__file__).parent / "lessons"
LONG = "      app.kubernetes.io/part-of: a-rather-long-value-for-a-label"


def rows(editor) -> list[str]:
    """The editor's rows as drawn (gutter included)."""
    return [editor.render_line(y).text.rstrip() for y in range(editor.scrollable_content_region.height)]


def test_hanging_offsets_keep_the_indentation_and_never_leave_a_row_of_spaces():
    assert hanging_indent("    - name: x", 40) == 6
    assert hanging_indent("      key: v", 40) == 6
    width = 28
    breaks = hanging_offsets(LONG, width, 2)
    sections = [LONG[a:b] for a, b in zip([0, *breaks], [*breaks, len(LONG)])]
    assert "".join(sections) == LONG
    assert sections[0].strip()  # the first row is more than the indentation
    assert len(sections[0]) <= width and all(len(s) <= width - 6 for s in sections[1:])
    assert hanging_offsets("  short: line", width, 2) == []


async def open_lab(pilot, size=(80, 24)) -> LabScreen:
    app = pilot.app
    app.open_lesson(app.lessons[0])
    await pilot.pause()
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def test_a_long_line_wraps_under_its_indentation_and_nothing_scrolls_sideways():
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_lab(pilot)
        editor = lab.editor
        assert not editor.soft_wrap  # every line fits: one row per line
        editor.replace(LONG + "\n", (3, 0), (3, 0))  # under "metadata:"
        editor.move_cursor((3, len(LONG)))  # the end of the long line
        await settle(pilot)
        assert editor.soft_wrap and editor.scroll_offset.x == 0
        drawn = rows(editor)
        gutter = editor.gutter_width
        first = next(i for i, r in enumerate(drawn) if "app.kubernetes.io" in r)
        assert drawn[first][:gutter].strip() == "4"  # the line's number, on its first row
        assert drawn[first][gutter:].startswith("      app.")  # its own indentation
        continuation = drawn[first + 1]
        assert continuation[:gutter].strip() == ""  # no number: the same line goes on
        assert continuation[gutter:gutter + 6] == " " * 6 and continuation[gutter + 6] != " "
        # every other line keeps its indentation in view
        assert any(r[gutter:].startswith("  name: ") for r in drawn)
        # the cursor (at the end of the long line) is on a continuation row, in view
        x, y = editor._cursor_offset
        assert y > first and x >= 6
        # up and down keep to the rows as drawn
        await pilot.press("up")
        assert editor.cursor_location[0] == 3  # still the long line (its row above)
        await pilot.press("down", "down")
        assert editor.cursor_location[0] == 4
        # shortening the line unwraps the text again
        editor.replace("      a: b", (3, 0), (3, len(LONG)))
        await settle(pilot)
        assert not editor.soft_wrap


async def test_a_click_on_a_continuation_row_lands_on_its_text():
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_lab(pilot)
        editor = lab.editor
        editor.replace(LONG + "\n", (3, 0), (3, 0))
        await settle(pilot)
        wrapped = editor.wrapped_document
        first_row = wrapped.location_to_offset((3, 0)).y
        indent = wrapped.indent(3)
        breaks = wrapped.get_offsets(3)
        # the first character of the continuation row is drawn at the indent
        assert wrapped.location_to_offset((3, breaks[0])) == (indent, first_row + 1)
        assert wrapped.offset_to_location((indent, first_row + 1)) == (3, breaks[0])
        assert wrapped.offset_to_location((0, first_row + 1)) == (3, breaks[0])  # left of it: its start


async def test_the_cursor_line_stays_in_view_when_a_panel_opens_and_on_resize():
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_lab(pilot)
        editor = lab.editor
        exercise = lab.exercise
        # the solution, with the cursor on its last line
        lab._replace_text(exercise.solution + "\n" * 3 + "# end\n")
        await settle(pilot)
        last = editor.document.line_count - 2
        editor.move_cursor((last, 0))
        await pilot.pause()

        def cursor_in_view() -> bool:
            y = editor._cursor_offset.y
            top = editor.scroll_offset.y
            return top <= y < top + editor.scrollable_content_region.height

        assert cursor_in_view()
        assert lab.query_one("#notes").display  # "Why it works" opened above the editor
        await pilot.pause()
        assert cursor_in_view()
        await pilot.press("f3")  # a hint: the notes grow, the editor shrinks
        await pilot.pause()
        await pilot.pause()
        assert cursor_in_view()
        for size in ((80, 16), (60, 20), (100, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert cursor_in_view(), size
