"""Drawing shortcuts that rely on Textual's internals, fenced in one module behind a switch.

A keystroke in the lab must cost at most one frame. Two of Textual's widgets redo more
work per keystroke than the lab can afford, and the shortcuts here skip that work. They
depend on how Textual 8.2.8 works inside (private attributes and methods, named below),
so they live here and nowhere else, and each can be turned off:

* ``KTUTOR_FASTPATHS=0`` in the environment (read at import), or ``fastpaths.ENABLED =
  False`` at run time, makes every widget draw exactly the way Textual draws it;
* ``tests/ui/test_fastpaths.py`` drives the same screens with the shortcuts on and off,
  feeding every frame to a terminal emulator, and compares what a learner would see. A
  Textual upgrade that changes anything these rely on fails that test (then fix or drop
  the shortcut; the switch keeps ktutor working meanwhile).

:class:`EditorFastPaths` (the YAML editor, a ``TextArea``):

* after an edit, TextArea drops every rendered line (``_build_highlight_map`` clears
  ``_line_cache``) and repaints the whole widget: the lines whose text and highlights
  did not change are put back into ``_line_cache`` (its keys are ``(size, scroll_x,
  line, ...)``; highlights from ``_highlights``), and only the changed lines, the old and
  new cursor/selection lines and the matched bracket (``_matching_bracket_location``)
  are repainted;
* ``TextArea.render_lines`` works out the theme's styles from the CSS before every
  repaint: that is done only when the theme (``_theme``), the app theme or the widget's
  style changed.

Huge texts (a pasted dump of a megabyte, 100,000 lines) in the editor: Textual's
``WrappedDocument.height`` adds up every line each time a line is drawn, and
``Document.get_size`` measures every line after every edit. The editor's documents get
O(1) answers for both (:class:`_QuickHeight`: the height is the length of its
``_offset_to_line_info``, which holds one entry per drawn line; :class:`_QuickSize`: the
lines' widths kept up to date by ``replace_range``, the only way a document changes;
its ``text`` is joined once per change, as ``TextArea.render_line`` asks for it on every
line it draws);
and above :data:`RESTORE_LINES` lines the comparison of every line after an edit is left
out (the visible lines are drawn again instead: cheaper).

:class:`PanelFastPaths` (the lab's text panels, a ``Static``): text already cut into
lines is drawn line by line (``render_line``, caching each line), and an update that
keeps the number of lines repaints only the lines that changed (``Static.update`` asks
for a full repaint through ``refresh()``; that one is left out). ``text_selection`` and
``visual_style`` are read to draw a selection and the style the way Static does.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import Any, Self

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Edit, EditResult, Location

from tutor.ui.lab_view import Block

#: The switch: False draws everything the way Textual does.
ENABLED = os.environ.get("KTUTOR_FASTPATHS", "1") != "0"


def enabled() -> bool:
    return ENABLED


#: Above this many lines an edit repaints the visible lines instead of comparing every
#: line of the document with the one drawn before (which costs more at that size).
RESTORE_LINES = 5_000
#: The O(1) sizes of the editor's documents (off only to measure without them)
_QUICK = True


class _QuickHeight(WrappedDocument):
    """A WrappedDocument whose ``height`` costs O(1): one ``_offset_to_line_info`` entry
    per drawn line, kept by ``wrap`` and ``wrap_range`` (Textual sums over every line)."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class _QuickSize:
    """The members given to the editor's document class (a subclass of Textual's, made
    by :func:`_quick`; not a mixin: ``__class__`` can only change to a class of the same
    layout): ``get_size`` from widths kept per line
    (updated by ``replace_range`` for the lines an edit touched) instead of measuring
    every line after every edit; ``char_count`` (the text's length) in O(1)."""

    _widths: list[int] | None = None
    _width_counts: Counter[int] | None = None
    _tab_width = -1
    _chars = -1
    _text: str | None = None

    @property
    def text(self) -> str:
        """The text, joined once per change (TextArea.render_line asks for it for every
        line it draws, to know whether to show the placeholder)."""
        text = self._text
        if text is None:
            text = self._text = self.newline.join(self.lines)  # type: ignore[attr-defined]
        return text

    def _measure(self, line: str) -> int:
        return cell_len(line.expandtabs(self._tab_width))

    def get_size(self, tab_width: int) -> Size:
        lines: list[str] = self.lines  # type: ignore[attr-defined]
        if self._widths is None or tab_width != self._tab_width or len(self._widths) != len(lines):
            self._tab_width = tab_width
            self._widths = [self._measure(line) for line in lines]
            self._width_counts = Counter(self._widths)
        counts = self._width_counts
        assert counts is not None
        return Size(max(counts, default=0), len(lines))

    @property
    def char_count(self) -> int:
        """The text's length (newlines counted), without joining it."""
        lines: list[str] = self.lines  # type: ignore[attr-defined]
        if self._chars < 0:
            self._chars = sum(map(len, lines)) + max(len(lines) - 1, 0) * len(self.newline)  # type: ignore[attr-defined]
        return self._chars

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((start, end))
        lines: list[str] = self.lines  # type: ignore[attr-defined]
        old = lines[top[0]:bottom[0] + 1]
        self._text = None
        textual_class: Any = type(self).__bases__[0]  # Document or SyntaxAwareDocument
        result: EditResult = textual_class.replace_range(self, start, end, text)
        lines = self.lines  # type: ignore[attr-defined]
        new = lines[top[0]:result.end_location[0] + 1]
        if self._chars >= 0:
            newline = len(self.newline)  # type: ignore[attr-defined]
            self._chars += (sum(map(len, new)) + (len(new) - 1) * newline) - (sum(map(len, old)) + (len(old) - 1) * newline)
        widths, counts = self._widths, self._width_counts
        if widths is not None and counts is not None:
            for width in widths[top[0]:bottom[0] + 1]:
                counts[width] -= 1
                if not counts[width]:
                    del counts[width]
            added = [self._measure(line) for line in new]
            widths[top[0]:bottom[0] + 1] = added
            counts.update(added)
            if len(widths) != len(lines):  # (an edit past the end, clamped): measure again when asked
                self._widths = self._width_counts = None
        return result


_QUICK_DOCUMENTS: dict[type, type] = {}


def _quick(document: Any) -> None:
    """Give ``document`` (a Document or SyntaxAwareDocument, exactly) O(1) sizes."""
    cls = type(document)
    if not issubclass(cls, Document) or cls in _QUICK_DOCUMENTS.values() or cls.__module__.split(".")[0] != "textual":
        return
    quick = _QUICK_DOCUMENTS.get(cls)
    if quick is None:
        members = {k: v for k, v in vars(_QuickSize).items() if not k.startswith("__")}
        members["__module__"] = __name__
        quick = _QUICK_DOCUMENTS[cls] = type(f"Quick{cls.__name__}", (cls,), members)
    document.__class__ = quick


def _highlight_order(highlight: tuple[Any, ...]) -> tuple[Any, ...]:
    start, end, name = highlight
    return start, -1 if end is None else end, name


class EditorFastPaths(TextArea):
    """TextArea with the editor's shortcuts (see the module's docstring)."""

    # (class-level defaults: TextArea's __init__ already builds highlights and refreshes)
    #: per document line: (text, highlights) as last rendered, to keep unchanged lines
    _drawn: Sequence[tuple[str, tuple[Any, ...]]] = ()
    _drawn_shape: tuple[Any, ...] = ()
    _in_edit = False
    _whole = False
    _changed_rows: set[int] | None = None
    _css_applied: tuple[Any, ...] | None = None

    # ---------------------------------------------------------------- huge documents
    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if ENABLED and _QUICK:
            _quick(self.document)
            if type(self.wrapped_document) is WrappedDocument:
                self.wrapped_document.__class__ = _QuickHeight

    # ---------------------------------------------------------------- repaint after an edit
    def edit(self, edit: Edit) -> EditResult:
        if not ENABLED:
            return super().edit(edit)
        before = (self.scroll_offset, self.gutter_width, self.selection, self._matching_bracket_location)
        self._changed_rows = None
        self._whole = False
        self._in_edit = True
        try:
            result = super().edit(edit)
        finally:
            self._in_edit = False
        if self._whole:
            self._repaint_after_edit(before)
        return result

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self._in_edit and not regions and repaint and not layout and not recompose:
            # The TextArea repaints all of itself after an edit (the cursor moved): keep
            # that for the end of the edit, which repaints the lines that changed only.
            self._whole = True
            return self
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def _repaint_after_edit(self, before: tuple[Any, ...]) -> None:
        """Repaint what an edit changed: the lines whose text or highlighting changed,
        the old and new cursor (and selection, matched bracket) lines; everything when
        the view scrolled, or the gutter or the widest line changed."""
        scroll, gutter, selection, bracket = before
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

    # ---------------------------------------------------------------- theme styles
    def notify_style_update(self) -> None:
        self._css_applied = None
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        """TextArea works out its theme's styles from the CSS before every repaint (about
        a millisecond); do it only when something they come from changed."""
        theme = self._theme
        if not ENABLED or theme is None:
            return super().render_lines(crop)
        key = (id(theme), self.app.current_theme.name, self.rich_style)
        if key != self._css_applied:
            strips = super().render_lines(crop)  # applies the CSS
            self._css_applied = key
            return strips
        return Widget.render_lines(self, crop)

    # ---------------------------------------------------------------- rendered lines
    def _build_highlight_map(self) -> None:
        """Work out the highlights again (Textual), then put back the rendered lines whose
        text and highlights are the same as before (Textual drops them all)."""
        if not ENABLED:
            super()._build_highlight_map()
            return
        if self.document.line_count > RESTORE_LINES:  # a huge text: repaint the visible lines
            super()._build_highlight_map()
            self._drawn, self._drawn_shape, self._changed_rows = (), (), None
            return
        cache = self._line_cache
        kept = [(key, cache.get(key)) for key in list(cache.keys())] if len(cache) else []
        super()._build_highlight_map()
        try:
            self._restore_lines(kept)
        except Exception:  # pragma: no cover - Textual internals changed: draw everything again
            self._line_cache.clear()

    def _restore_lines(self, kept: list[tuple[Any, Strip | None]]) -> None:
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


class PanelFastPaths(Static):
    """Static for text the caller already cut into lines that fit (see the module's
    docstring). Text that does not fit (not wrapped yet: the panel had no width) and a
    text selection in progress are drawn by Static itself."""

    _partial = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lines: list[Content] | None = None
        self._widest = 0
        self._strips: dict[int, Strip] = {}
        self._strips_key: tuple[Any, ...] = ()

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content``; when it has as many lines as before and ``layout`` is not
        needed, only the lines that changed are drawn again."""
        if not ENABLED:
            self._lines = None
            super().update(content, layout=layout)
            return
        old = self._lines
        if isinstance(content, Block):  # already split into lines
            self._lines = list(content.lines)
            self._widest = max((line.cell_length for line in self._lines), default=0)
        elif isinstance(content, Content):
            self._lines = content.split("\n", allow_blank=True)
            self._widest = max((line.cell_length for line in self._lines), default=0)
        else:
            self._lines = None
        new = self._lines
        if layout or old is None or new is None or len(old) != len(new) or not self._strips:
            self._strips.clear()
            super().update(content, layout=layout)
            return
        changed = [y for y, (a, b) in enumerate(zip(old, new)) if a.plain != b.plain or a.spans != b.spans]
        self._partial = True
        try:
            super().update(content, layout=False)  # its full repaint is left out...
        finally:
            self._partial = False
        width = max(1, self.size.width)
        for y in changed:  # ...for the lines that changed
            self._strips.pop(y, None)
            self.refresh(Region(0, y, width, 1))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self._partial and not regions and not layout and not recompose:
            return self
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        lines = self._lines
        width = self.size.width
        if not ENABLED or lines is None or self._widest > width or self.text_selection is not None:
            return super().render_line(y)
        style = self.visual_style
        key = (width, style)
        if key != self._strips_key:
            self._strips.clear()
            self._strips_key = key
        strip = self._strips.get(y)
        if strip is None:
            base = style.rich_style
            if y >= len(lines):
                strip = Strip.blank(width, base)
            else:
                segments, x = [], 0
                for text, text_style in lines[y].render(style, end=""):
                    # the offsets let a mouse selection find the text (as Static's own lines do)
                    segments.append(Segment(text, text_style.rich_style_with_offset(x, y)))
                    x += len(text)
                strip = Strip(segments, lines[y].cell_length).extend_cell_length(width, base)
            self._strips[y] = strip
        return strip
