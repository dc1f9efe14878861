"""The lab's YAML editor: Textual's code editor with two-space indentation, Enter that
keeps the indentation, and problem marks in the gutter."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widgets import TextArea

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


class YamlEditor(TextArea):
    """``TextArea.code_editor`` for YAML. ``set_marks({line: severity})`` (0-based lines)
    puts ✗/! in the gutter; the text itself is never touched."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indent_width = INDENT
        self.indent_type = "spaces"
        self._marks: dict[int, str] = {}

    @classmethod
    def create(cls, text: str, **kwargs) -> "YamlEditor":
        language = "yaml"
        editor = cls.code_editor(text, language=None, theme="css", soft_wrap=False, **kwargs)
        try:
            editor.language = language  # needs tree-sitter (textual[syntax])
        except Exception:  # pragma: no cover - plain text still edits fine
            pass
        return editor

    # ---------------------------------------------------------------- marks
    def set_marks(self, marks: dict[int, str]) -> None:
        if marks != self._marks:
            self._marks = dict(marks)
            self.refresh()

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
    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            indent = next_indent(self.document.get_line(row), column)
            start, end = self.selection
            self.replace("\n" + indent, start, end, maintain_selection_offset=False)
        # Any other key: TextArea's own handler runs next (Textual calls the handler of
        # every class in the MRO unless the default is prevented).
