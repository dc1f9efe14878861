"""The lab's YAML editor: Textual's code editor with two-space indentation, Enter that
keeps the indentation, and problem marks in the gutter.

Every change of the text (typing, paste, undo, redo, a replaced text) posts
:class:`YamlEditor.Edited` to the screen, ahead of the editor's own repaint, so the
lab's panels can change in the same frame as the text. What else keeps a keystroke
within one frame (unchanged lines keep their rendered form; only changed lines are
repainted) is in :mod:`tutor.ui.fastpaths`.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from tutor.ui.fastpaths import EditorFastPaths

INDENT = 2
#: gutter marks by severity: a symbol (not only a colour)
MARKS = {"error": ("✗", Style(color="white", bgcolor="red", bold=True)),
         "warning": ("!", Style(color="black", bgcolor="yellow", bold=True))}


def next_indent(line: str, column: int) -> str:
    """The indentation for a new line typed at ``column`` of ``line``: the line's own,
    plus two spaces after ``key:`` (or a ``- key:`` list item)."""
    head = line[:column]
    indent = head[: len(head) - len(head.lstrip(" "))]
    stripped = head.rstrip()
    if stripped.endswith(":") and not stripped.lstrip().startswith("#"):
        indent += " " * INDENT
        if stripped.lstrip().startswith("- "):
            indent += " " * INDENT  # "- name:" -> the mapping inside the item
    elif stripped.lstrip() == "-":
        indent += " " * INDENT
    return indent


class YamlEditor(EditorFastPaths):
    """``TextArea.code_editor`` for YAML. ``set_marks({line: severity})`` (0-based lines)
    puts ✗/! in the gutter; the text itself is never touched."""

    class Edited(Message, bubble=False):
        """The text changed. Posted straight to the editor's screen when the editor
        handles its own ``TextArea.Changed`` (which then bubbles up as usual): it reaches
        the screen before the editor asks the screen to repaint it, so whatever the
        screen updates in its handler is painted in the same frame as the new text
        (a bubbled message arrives after that repaint, one frame late)."""

        def __init__(self, editor: YamlEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> YamlEditor:
            return self.editor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indent_width = INDENT
        self.indent_type = "spaces"
        self._marks: dict[int, str] = {}

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self:
            self.screen.post_message(self.Edited(self))

    @classmethod
    def create(cls, text: str, **kwargs: Any) -> YamlEditor:
        language = "yaml"
        editor = cls.code_editor(text, language=None, theme="css", soft_wrap=False, **kwargs)
        assert isinstance(editor, YamlEditor)  # code_editor makes an instance of cls
        try:
            editor.language = language  # needs tree-sitter (textual[syntax])
        except Exception:  # pragma: no cover - plain text still edits fine
            pass
        return editor

    # ---------------------------------------------------------------- marks
    def set_marks(self, marks: dict[int, str]) -> None:
        if marks != self._marks:
            changed = {row for row in set(marks) | set(self._marks) if marks.get(row) != self._marks.get(row)}
            self._marks = dict(marks)
            for row in sorted(changed):  # only the lines whose mark changed
                self.refresh_lines(row)

    @property
    def marks(self) -> dict[int, str]:
        return dict(self._marks)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self._marks or not self.show_line_numbers:
            return strip
        line_index = self.scroll_offset.y + y
        severity = self._marks.get(line_index)
        if severity is None or line_index >= self.document.line_count:
            return strip
        symbol, style = MARKS.get(severity, MARKS["error"])
        gutter = self.gutter_width
        if gutter < 3 or strip.cell_length < gutter:
            return strip
        # The gutter is "<number>  ": put the mark in the first of the two spaces and
        # paint the number, so the line stands out without relying on colour alone.
        number_width = gutter - 2
        number = str(line_index + self.line_number_start).rjust(number_width)
        mark = Strip([Segment(number, style), Segment(symbol, style), Segment(" ")], gutter)
        return Strip.join([mark, strip.crop(gutter, strip.cell_length)])

    # ---------------------------------------------------------------- keys
    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            # Not "leave the editor" (TextArea's code editor): Esc goes on to the screen's
            # bindings, so one Esc leaves the lab, as the footer says. A widget that can
            # close (a panel with the focus) gets its Esc first; Shift+Tab leaves the editor.
            event.prevent_default()
            return
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            indent = next_indent(self.document.get_line(row), column)
            start, end = self.selection
            self.replace("\n" + indent, start, end, maintain_selection_offset=False)
        # Any other key: TextArea's own handler runs next (Textual calls the handler of
        # every class in the MRO unless the default is prevented, as above).
