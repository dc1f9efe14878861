"""The lab's YAML editor: Textual's code editor with two-space indentation, Enter that
keeps the indentation, and problem marks in the gutter.

Two things keep a keystroke within one frame:

* ``on_edited`` is called right after every change of the text (typing, paste, undo,
  redo), in the same call as the key that made it, so the lab can update its panels
  before the screen is painted: one repaint shows the new text and the new panels
  (``TextArea.Changed`` arrives later, as a message; ``version`` tells the two apart);
* lines whose text and highlighting did not change keep their rendered form: the
  TextArea drops every rendered line after each edit, so every visible line was drawn
  again for each keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget
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


def _highlight_order(highlight: tuple) -> tuple:
    start, end, name = highlight
    return start, -1 if end is None else end, name


class YamlEditor(TextArea):
    """``TextArea.code_editor`` for YAML. ``set_marks({line: severity})`` (0-based lines)
    puts ✗/! in the gutter; the text itself is never touched."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indent_width = INDENT
        self.indent_type = "spaces"
        self._marks: dict[int, str] = {}
        #: called (no arguments) right after each change of the text
        self.on_edited: Callable[[], None] | None = None
        #: counts the changes of the text (each one also posts ``TextArea.Changed``)
        self.version = 0
        self._unreported = False
        #: per document line: (text, highlights) as last rendered, to keep unchanged lines
        self._drawn: list[tuple] = []
        self._drawn_shape: tuple = ()

    # ---------------------------------------------------------------- changes
    def post_message(self, message) -> bool:
        if isinstance(message, TextArea.Changed):
            self.version += 1
            self._unreported = True
            if self._reporting and self.on_edited is not None:
                # reported to on_edited at the end of this edit: no need to pass the
                # message up through every container (a few task switches per keystroke)
                message.stop()
        return super().post_message(message)

    _reporting = False

    def _report(self) -> None:
        if self._unreported:
            self._unreported = False
            if self.on_edited is not None:
                self.on_edited()

    def edit(self, edit):
        before = (self.scroll_offset, self.virtual_size, self.gutter_width, self.selection,
                  self._matching_bracket_location)
        self._changed_rows = None
        self._whole = False
        self._in_edit = self._reporting = True
        try:
            result = super().edit(edit)
        finally:
            self._in_edit = self._reporting = False
        if self._whole:
            self._repaint_after_edit(before)
        self._report()
        return result

    _in_edit = False
    _whole = False
    _changed_rows: set[int] | None = None

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._in_edit and not regions and repaint and not layout and not recompose:
            # The TextArea repaints all of itself after an edit (the cursor moved): keep
            # that for the end of the edit, which repaints the lines that changed only.
            self._whole = True
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _repaint_after_edit(self, before: tuple) -> None:
        """Repaint what an edit changed: the lines whose text or highlighting changed,
        the old and new cursor (and selection, matched bracket) lines; everything when
        the view scrolled, or the gutter or the widest line changed."""
        scroll, _size, gutter, selection, bracket = before
        rows = self._changed_rows
        # (a new widest line changes the other lines only when it is wider than the
        # editor: then _restore_lines gives no rows, as it kept none)
        if rows is None or scroll != self.scroll_offset or gutter != self.gutter_width or self.soft_wrap:
            super().refresh()
            return
        rows = set(rows)
        for sel in (selection, self.selection):
            top, bottom = sorted((sel.start[0], sel.end[0]))
            rows.update(range(top, bottom + 1))
        for where in (bracket, self._matching_bracket_location):
            if where is not None:
                rows.add(where[0])
        first, last = self.scroll_offset.y, self.scroll_offset.y + self.size.height
        for row in sorted(r for r in rows if first <= r < last):
            self.refresh_lines(row)

    def undo(self) -> None:
        self._reporting = True
        try:
            super().undo()
        finally:
            self._reporting = False
        self._report()

    def redo(self) -> None:
        self._reporting = True
        try:
            super().redo()
        finally:
            self._reporting = False
        self._report()

    # ---------------------------------------------------------------- rendering
    _css_applied: tuple | None = None

    def notify_style_update(self) -> None:
        self._css_applied = None
        super().notify_style_update()

    def render_lines(self, crop):
        """TextArea works out its theme's styles from the CSS before every repaint (about
        a millisecond); do it only when something they come from changed."""
        theme = self._theme
        if theme is None:
            return super().render_lines(crop)
        key = (id(theme), self.app.current_theme.name, self.rich_style)
        if key != self._css_applied:
            strips = super().render_lines(crop)  # applies the CSS
            self._css_applied = key
            return strips
        return Widget.render_lines(self, crop)

    def _build_highlight_map(self) -> None:
        """Work out the highlights again (Textual), then put back the rendered lines whose
        text and highlights are the same as before (Textual drops them all)."""
        cache = self._line_cache
        kept = [(key, cache.get(key)) for key in list(cache.keys())] if len(cache) else []
        super()._build_highlight_map()
        try:
            self._restore_lines(kept)
        except Exception:  # pragma: no cover - Textual internals changed: draw everything again
            self._line_cache.clear()

    def _restore_lines(self, kept: list[tuple]) -> None:
        document = self.document
        highlights = self._highlights
        count = document.line_count
        # a line's highlights as a set: the tree-sitter query lists them in no fixed order
        drawn = [(document.get_line(i), tuple(sorted(highlights.get(i, ()), key=_highlight_order)))
                 for i in range(count)]
        # Everything a line's rendering depends on besides its own text, highlights and
        # the render key (selection, cursor, size, scroll, theme): the gutter, wrapping,
        # and the width lines are padded to: the editor's, or the widest line's when that
        # is wider (the virtual width, which the TextArea sets after this).
        widest, _height = document.get_size(self.indent_width)
        padded = max(widest + self.gutter_width + 1, self.region.width)
        shape = (self.gutter_width, padded, self.soft_wrap, self.indent_width, self.line_number_start)
        before, before_shape = self._drawn, self._drawn_shape
        self._drawn, self._drawn_shape = drawn, shape
        if not kept or shape != before_shape or self.soft_wrap:
            return
        same = {i for i in range(min(len(before), count)) if before[i] == drawn[i]}
        below = len(before) == count  # the blank lines under the text stay blank
        # the lines to repaint after an edit: those that changed (and, when lines were
        # added or removed, everything under the first change)
        changed = {i for i in range(count) if i not in same}
        if not below:
            changed.update(range(min(changed, default=count), max(count, len(before)) + self.size.height))
        self._changed_rows = changed
        cache = self._line_cache
        for key, strip in kept:
            # Textual's key: (size, scroll_x, absolute line, ...); a line is its row here (no soft wrap)
            if strip is not None and type(key) is tuple and len(key) > 2 and type(key[2]) is int and (
                    key[2] in same or (below and key[2] >= count)):
                cache[key] = strip

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
