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
#: Above this many characters the YAML is not highlighted: Textual parses and queries
#: the whole document again on every edit (about 1 s for each edit of a megabyte; see
#: benchmarks/bench_huge_text.py). Below :data:`HIGHLIGHT_AGAIN` it is highlighted again.
HIGHLIGHT_LIMIT = 10_000
HIGHLIGHT_AGAIN = 8_000
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

    #: the language to highlight when the text is small enough (None: none at all)
    highlight_language: str | None = None
    _highlight_pending = False

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
            editor.highlight_language = language
            if len(text) <= HIGHLIGHT_LIMIT:
                editor.language = language  # needs tree-sitter (textual[syntax])
        except Exception:  # pragma: no cover - plain text still edits fine
            editor.highlight_language = None
        return editor

    # ---------------------------------------------------------------- an upstream bug
    def _recompute_cursor_offset(self) -> None:
        """(TextArea) Undoing a large paste refreshes the scrollbars while the cursor
        still points into the text that was removed, and Textual 8.2.8 crashes on it
        (Textualize/textual#6686): the visual offset is worked out from the cursor clamped
        into the document; the selection itself is left alone (the undo sets it next)."""
        self._cursor_offset = self.wrapped_document.location_to_offset(self.clamp_visitable(self.cursor_location))

    # ---------------------------------------------------------------- huge texts
    def text_size(self) -> int:
        """The text's length in characters, without joining a huge text (the editor's
        document keeps it, see tutor.ui.fastpaths; else it is measured)."""
        count = getattr(self.document, "char_count", None)
        return count if isinstance(count, int) else len(self.text)

    @property
    def highlighting(self) -> bool:
        """Whether the YAML is highlighted now (not above :data:`HIGHLIGHT_LIMIT`)."""
        return self.language is not None

    def _build_highlight_map(self) -> None:
        """(TextArea, after every edit) Above :data:`HIGHLIGHT_LIMIT` characters the
        whole-document query is skipped at once and highlighting is switched off right
        after the edit; below :data:`HIGHLIGHT_AGAIN` it comes back."""
        if self.highlight_language is not None and not self._highlight_pending:
            size = self.text_size()
            if (self.language is not None and size > HIGHLIGHT_LIMIT) or (
                    self.language is None and size < HIGHLIGHT_AGAIN):
                self._highlight_pending = True
                self.call_later(self._apply_highlighting)
        if self.language is not None and self._highlight_pending and self.text_size() > HIGHLIGHT_LIMIT:
            self._line_cache.clear()
            self._highlights.clear()
            return
        super()._build_highlight_map()

    def _apply_highlighting(self) -> None:
        """Switch highlighting on or off for the text's size now, keeping the cursor, the
        selection and the scroll position (a new document is made for it)."""
        self._highlight_pending = False
        size = self.text_size()
        on = self.highlight_language is not None and size <= (
            HIGHLIGHT_LIMIT if self.language is not None else HIGHLIGHT_AGAIN)
        if on == (self.language is not None):
            return
        selection, scroll = self.selection, self.scroll_offset
        try:
            self.language = self.highlight_language if on else None
        except Exception:  # pragma: no cover - tree-sitter trouble: stay plain
            self.highlight_language = None
        self.selection = selection
        self.scroll_to(scroll.x, scroll.y, animate=False, immediate=True)
        self.post_message(self.HighlightingChanged(self))

    class HighlightingChanged(Message):
        """Highlighting was switched on or off (the text grew or shrank past the limit)."""

        def __init__(self, editor: YamlEditor) -> None:
            super().__init__()
            self.editor = editor

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
        # (every Segment has a style, if a null one: one without crashed Textual's
        # monochrome filter under NO_COLOR)
        mark = Strip([Segment(number, style), Segment(symbol, style), Segment(" ", Style())], gutter)
        return Strip.join([mark, strip.crop(gutter, strip.cell_length)])

    # ---------------------------------------------------------------- keys
    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            indent = next_indent(self.document.get_line(row), column)
            start, end = self.selection
            self.replace("\n" + indent, start, end, maintain_selection_offset=False)
            return
        # The editor's own bindings (End, Home, arrows, Backspace, Delete, ...) are run
        # here, in the order the keys arrived. Left to Textual 8.2.8, a binding runs only
        # once the key has bubbled up to the app, after printable keys that arrived later
        # were already inserted (Textualize/textual#6605): "End x" typed in one burst (a
        # fast typist, SSH) put the x at the start of the line.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue  # (the app ran priority bindings before the key got here)
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        # Any other key: TextArea's own handler runs next (Textual calls the handler of
        # every class in the MRO unless the default is prevented, as above).
