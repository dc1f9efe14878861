"""The lab's YAML editor: Textual's code editor with two-space indentation, Enter that
keeps the indentation, and problem marks in the gutter.

Every change of the text (typing, paste, undo, redo, a replaced text) posts
:class:`YamlEditor.Edited` to the screen, ahead of the editor's own repaint, so the
lab's panels can change in the same frame as the text. What else keeps a keystroke
within one frame (unchanged lines keep their rendered form; only changed lines are
repainted) is in :mod:`tutor.ui.fastpaths`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._cells import cell_len
from textual._wrap import compute_wrap_offsets
from textual.expand_tabs import get_tab_widths
from textual.geometry import Offset
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import DocumentBase, DocumentNavigator, Edit, EditResult, Location, WrappedDocument

from tutor.ui.fastpaths import EditorFastPaths
from tutor.ui.widgets import run_own_binding

INDENT = 2
#: Above this many characters the YAML is not highlighted: Textual parses and queries
#: the whole document again on every edit (about 1 s for each edit of a megabyte; see
#: benchmarks/bench_huge_text.py). Below :data:`HIGHLIGHT_AGAIN` it is highlighted again.
HIGHLIGHT_LIMIT = 10_000
HIGHLIGHT_AGAIN = 8_000
#: Long lines are wrapped only in texts up to this many lines (a longer text scrolls
#: sideways as before: wrapping is worked out again for the whole text on each edit).
WRAP_MAX_LINES = 3000
#: gutter marks by severity: a symbol (not only a colour)
MARKS = {"error": ("✗", Style(color="white", bgcolor="red", bold=True)),
         "warning": ("!", Style(color="black", bgcolor="yellow", bold=True))}


def next_indent(line: str, column: int) -> str:
    """The indentation for a new line typed at ``column`` of ``line``: the line's own,
    plus two spaces after ``key:`` (or a ``- key:`` list item); after ``- key: value``,
    under ``key`` (the item's next key)."""
    head = line[:column]
    indent = head[: len(head) - len(head.lstrip(" "))]
    stripped = head.rstrip()
    if stripped.endswith(":") and not stripped.lstrip().startswith("#"):
        indent += " " * INDENT
        if stripped.lstrip().startswith("- "):
            indent += " " * INDENT  # "- name:" -> the mapping inside the item
    elif stripped.lstrip() == "-":
        indent += " " * INDENT
    elif _ITEM_KEY.match(stripped.lstrip()):
        # "- port: 9100" -> the item's next key, under "port" (not a new item, not its parent)
        indent += " " * (len(stripped.lstrip()) - len(stripped.lstrip()[1:].lstrip()))
    return indent


#: a list item that starts a mapping: ``- key: value``
_ITEM_KEY = re.compile(r"-\s+[^\s#\-\[{'\"][^:#]*:\s")


_LEAD = re.compile(r" *(?:- +)*")


def hanging_indent(line: str, width: int) -> int:
    """Where a wrapped line's continuation rows start: under the text after the line's
    indentation and list dashes (``    - name: x`` → column 6), so the YAML's structure
    stays visible; at most half the width."""
    lead = _LEAD.match(line)
    indent = lead.end() if lead is not None else 0
    return indent if indent <= width // 2 else min(INDENT, width // 2)


def hanging_offsets(line: str, width: int, tab_width: int) -> list[int]:
    """Where to break ``line`` to fit ``width`` cells when its continuation rows are
    indented (:func:`hanging_indent`): at spaces where possible. The first row never
    breaks right after the indentation (a row of spaces, and a key that seems to start
    at column 0 on the next): a word too long for it is cut instead."""
    if not width:
        return []
    if "\t" in line:
        return compute_wrap_offsets(line, width, tab_width)
    if cell_len(line) <= width:
        return []  # (what compute_wrap_offsets says, without its work: most lines fit)
    indent = hanging_indent(line, width)
    first = compute_wrap_offsets(line, width, tab_width)
    cut = first[0] if first else len(line)
    if not line[:cut].strip():  # only the indentation would be left on the first row
        cut = len(line[:len(line)]) - len(line.lstrip(" "))
        while cut < len(line) and cell_len(line[:cut + 1]) <= width:
            cut += 1
    offsets = [cut]
    room = max(4, width - indent)
    start = cut
    while cell_len(line[start:]) > room:
        rest = compute_wrap_offsets(line[start:], room, tab_width)
        step = rest[0] if rest else len(line) - start
        start += max(1, step)
        offsets.append(start)
    return [o for o in offsets if 0 < o < len(line)]


class HangingWrap(WrappedDocument):
    """Textual's wrapped view of the document, with continuation rows indented under
    the line's text (:func:`hanging_offsets`). Relies on WrappedDocument's internals
    (``_wrap_offsets``, ``_offset_to_line_info``, ``_line_index_to_offsets``,
    ``_tab_width_cache``, as of Textual 8.2.8): ``tests/ui/test_editor_wrap.py`` checks
    the rows, the cursor and the mouse, so an upgrade that changes them fails there."""

    def __init__(self, document: DocumentBase, width: int = 0, tab_width: int = 4) -> None:
        self._indents: list[int] = []
        super().__init__(document, width, tab_width)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        tab = self._tab_width
        wraps: list[list[int]] = []
        info: list[tuple[int, int]] = []
        offsets: list[list[int]] = []
        tabs: list[list[int]] = []
        indents: list[int] = []
        y = 0
        for index, line in enumerate(self.document.lines):
            breaks = hanging_offsets(line, width, tab) if width else []
            wraps.append(breaks)
            indents.append(hanging_indent(line, width) if breaks else 0)
            # (get_tab_widths gives [(line, 0)] for a line without tabs, [] for an empty one)
            tabs.append([w for _section, w in get_tab_widths(line, tab)] if "\t" in line else [0] if line else [])
            rows = len(breaks) + 1
            offsets.append(list(range(y, y + rows)))
            info.extend((index, section) for section in range(rows))
            y += rows
        self._wrap_offsets, self._offset_to_line_info = wraps, info
        self._line_index_to_offsets, self._tab_width_cache, self._indents = offsets, tabs, indents

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        if not self._width:  # not wrapping (any text, huge ones too): Textual's update of the edited lines
            self._indents = []
            super().wrap_range(start, old_end, new_end)
            return
        self.wrap(self._width, self._tab_width)  # (small texts only: see WRAP_MAX_LINES)

    @property
    def height(self) -> int:
        """The rows of the wrapped text in O(1): one ``_offset_to_line_info`` entry per row
        (Textual sums over every line each time a line is drawn; see tutor.ui.fastpaths)."""
        return len(self._offset_to_line_info)

    def indent(self, line_index: int) -> int:
        """The indentation of line ``line_index``'s continuation rows (cells)."""
        indents = self._indents
        return indents[line_index] if 0 <= line_index < len(indents) else 0

    def row(self, y_offset: int) -> tuple[int, int] | None:
        """(line, section) shown on row ``y_offset`` of the wrapped text."""
        info = self._offset_to_line_info
        return info[y_offset] if 0 <= y_offset < len(info) else None

    def location_to_offset(self, location: Location) -> Offset:
        offset = super().location_to_offset(location)
        line_index, column = location
        if 0 <= line_index < len(self._wrap_offsets) and bisect_right(self._wrap_offsets[line_index], column):
            return Offset(offset.x + self.indent(line_index), offset.y)
        return offset

    def get_target_document_column(self, line_index: int, x_offset: int, y_offset: int) -> int:
        sections = len(self._wrap_offsets[line_index]) + 1 if -len(self._wrap_offsets) <= line_index < len(
            self._wrap_offsets) else 1
        section = y_offset if y_offset >= 0 else sections + y_offset
        if section > 0:
            x_offset = max(0, x_offset - self.indent(line_index))
        return super().get_target_document_column(line_index, x_offset, y_offset)


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
        editor._hang()
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
        self._hang()  # (a new document comes with a plain wrapped document)
        self.selection = selection
        self.scroll_to(scroll.x, scroll.y, animate=False, immediate=True)
        self.post_message(self.HighlightingChanged(self))

    class HighlightingChanged(Message):
        """Highlighting was switched on or off (the text grew or shrank past the limit)."""

        def __init__(self, editor: YamlEditor) -> None:
            super().__init__()
            self.editor = editor

    def _hang(self) -> None:
        """Wrap with hanging indents (see :class:`HangingWrap`)."""
        if not isinstance(self.wrapped_document, HangingWrap):
            self.wrapped_document = HangingWrap(self.document, self.wrap_width, tab_width=self.indent_width)
            self.navigator = DocumentNavigator(self.wrapped_document)

    # ---------------------------------------------------------------- long lines, the cursor
    def edit(self, edit: Edit) -> EditResult:
        result = super().edit(edit)
        self.fit_wrap()
        return result

    def fit_wrap(self) -> None:
        """Wrap long lines only while a line is wider than the editor: unwrapped, a long
        line would scroll the whole view sideways and hide the YAML's indentation. A text
        whose lines fit keeps one row per line, which repaints only the lines an edit
        changed (see tutor.ui.fastpaths); wrapping repaints the whole editor."""
        room = self.scrollable_content_region.width - self.gutter_width - 1  # (the cursor's cell)
        if room < 8:
            return  # not laid out yet, or a tiny terminal
        self._hang()
        if self.soft_wrap:
            widest, _height = self.document.get_size(self.indent_width)
        else:
            widest = self.virtual_size.width - self.gutter_width - 1  # (TextArea just measured it)
        wrap = widest > room and self.document.line_count <= WRAP_MAX_LINES
        if wrap != self.soft_wrap:
            self.soft_wrap = wrap  # (TextArea then keeps the cursor in view)

    def on_resize(self, event: events.Resize) -> None:
        # A panel opened or closed ("Why it works"), or the terminal was resized: keep the
        # cursor's line in view (and wrap for the new width). TextArea's own handler rewraps.
        self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        self.fit_wrap()
        self.scroll_cursor_visible()

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
        line_index = self.scroll_offset.y + y
        wrapped = self.wrapped_document
        if self.soft_wrap and isinstance(wrapped, HangingWrap):
            row = wrapped.row(line_index)
            if row is None:
                return strip
            line_index, section = row
            if section:  # a continuation row: under the line's text, and never marked
                return self._indent_row(strip, wrapped.indent(line_index))
        if not self._marks or not self.show_line_numbers:
            return strip
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

    def _indent_row(self, strip: Strip, indent: int) -> Strip:
        """A continuation row moved right by ``indent`` cells (after the gutter); only the
        padding at its end is cut off (the row was wrapped to leave room for it)."""
        gutter = self.gutter_width if self.show_line_numbers else 0
        if indent <= 0 or strip.cell_length <= gutter + indent:
            return strip
        text = strip.crop(gutter, strip.cell_length)
        segments = list(text)
        pad_style = segments[-1].style if segments else None
        return Strip.join([strip.crop(0, gutter), Strip.blank(indent, pad_style),
                           text.crop(0, text.cell_length - indent)])

    # ---------------------------------------------------------------- keys
    async def on_key(self, event: events.Key) -> None:
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
            return
        # The editor's own bindings (End, Home, arrows, Backspace, Delete, ...) are run
        # here, in the order the keys arrived. Left to Textual 8.2.8, a binding runs only
        # once the key has bubbled up to the app, after printable keys that arrived later
        # were already inserted (Textualize/textual#6605): "End x" typed in one burst (a
        # fast typist, SSH) put the x at the start of the line.
        if await run_own_binding(self, event):
            return
        # Any other key: TextArea's own handler runs next (Textual calls the handler of
        # every class in the MRO unless the default is prevented, as above).
