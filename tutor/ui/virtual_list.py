"""Widgets that draw only the lines on screen: a list of rows of any length, and a
Static for text already cut into lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tutor.ui.fastpaths import PanelFastPaths


class VirtualList(ScrollView, can_focus=True):
    """A list of rows (Content) of any length.

    A row is one line, or several when its heights say so (``spans``: runs of
    ``(rows, lines each)``; a row's Content then holds its lines separated by ``\\n``).
    Only the lines on screen are rendered, so replacing 10,000 rows costs one list swap;
    a line longer than the list is cut with an ellipsis. With ``selectable=True`` a
    cursor row can be moved and chosen (Enter or click), and :class:`VirtualList.Chosen`
    is posted.
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("left", "scroll_sideways(-4)", show=False),
        Binding("right", "scroll_sideways(4)", show=False),
        Binding("enter", "choose", show=False),
    ]

    COMPONENT_CLASSES = {"virtual-list--cursor"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=True)

    class Chosen(Message):
        def __init__(self, list_: "VirtualList", index: int) -> None:
            super().__init__()
            self.list = list_
            self.index = index

        @property
        def control(self) -> "VirtualList":
            return self.list

    def __init__(self, *, selectable: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[Content] = ()
        self.selectable = selectable
        self._width = 0
        # runs of rows of one height: (first row, first line, rows, lines each)
        self._runs: list[tuple[int, int, int, int]] = []
        self._run_lines: list[int] = []  # first line of each run (for bisect)
        self._lines = 0
        # rendered lines, while rows, width and style stay the same: (row, line) -> Strip
        self._strips: dict[tuple[int, int], Strip] = {}
        self._strips_key: tuple[Any, ...] = ()

    def set_rows(self, rows: Sequence[Content], width: int | None = None,
                 spans: Sequence[tuple[int, int]] | None = None) -> None:
        """Show ``rows``. ``width``: their widest line (when known; 0 when the rows are
        cut to the list's width anyway). ``spans``: the rows' heights as runs of
        ``(rows, lines each)`` (default: one line each). The same rows again: nothing
        to do."""
        spans = [(len(rows), 1)] if spans is None else list(spans)
        if rows is self.rows and spans == self._spans():
            return
        self.rows = rows
        if width is None:
            width = max((r.cell_length for r in rows), default=0) if all(h == 1 for _n, h in spans) else 0
        self._width = width
        runs, run_lines, row, line = [], [], 0, 0
        for count, height in spans:
            if count > 0:
                runs.append((row, line, count, max(1, height)))
                run_lines.append(line)
                row += count
                line += count * max(1, height)
        if row < len(rows):  # rows the spans do not cover: one line each
            runs.append((row, line, len(rows) - row, 1))
            run_lines.append(line)
            line += len(rows) - row
        self._runs, self._run_lines, self._lines = runs, run_lines, line
        self._strips.clear()
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(width, line)
        self.refresh()

    def _spans(self) -> list[tuple[int, int]]:
        return [(count, height) for _row, _line, count, height in self._runs]

    # ---------------------------------------------------------------- geometry
    def _locate(self, line: int) -> tuple[int, int] | None:
        """(row, line within the row) shown on ``line`` of the list."""
        if not 0 <= line < self._lines:
            return None
        first_row, first_line, _count, height = self._runs[bisect_right(self._run_lines, line) - 1]
        offset = line - first_line
        return first_row + offset // height, offset % height

    def _row_lines(self, index: int) -> tuple[int, int]:
        """(first line, height) of row ``index``."""
        for first_row, first_line, count, height in self._runs:
            if first_row <= index < first_row + count:
                return first_line + (index - first_row) * height, height
        return index, 1

    # ---------------------------------------------------------------- rendering
    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        key = (width, scroll_x, base)
        if key != self._strips_key:
            self._strips.clear()
            self._strips_key = key
        where = self._locate(scroll_y + y)
        if where is None or width <= 0:
            return Strip.blank(width, base)
        cursor = self.selectable and where[0] == self.cursor and self.has_focus
        strip = None if cursor else self._strips.get(where)
        if strip is None:
            strip = self._render_row_line(where, width, scroll_x, base)
            if cursor:
                strip = strip.apply_style(self.get_component_rich_style("virtual-list--cursor"))
            else:
                if len(self._strips) > 4000:  # scrolled through thousands of rows
                    self._strips.clear()
                self._strips[where] = strip
        return strip

    def rows_changed(self) -> None:
        """The rows' contents changed in place (another language): draw them again."""
        self._strips.clear()
        self.refresh()

    def _render_row_line(self, where: tuple[int, int], width: int, scroll_x: int, base: Style) -> Strip:
        index, part = where
        row = self.rows[index]
        if "\n" in row.plain:
            lines = row.split("\n")
            row = lines[part] if part < len(lines) else Content("")
        elif part:
            row = Content("")
        length = row.cell_length
        if not scroll_x and length > width:
            keep = self.rows.keep(index, part) if hasattr(self.rows, "keep") else None
            row = _cut(row, width, keep)
            length = row.cell_length
        segments = [Segment(text, (base + style.rich_style) if style else base) for text, style in row.render(end="")]
        strip = Strip(segments, length)
        if scroll_x or length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base)

    def _watch_has_focus(self, value: bool) -> None:
        self.refresh()

    # ---------------------------------------------------------------- keys and mouse
    def _move(self, index: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, index))
        self.scroll_to_region(self._row_region(self.cursor), animate=False, immediate=True)

    def _row_region(self, index: int) -> Region:
        line, height = self._row_lines(index)
        return Region(0, line, max(1, self.size.width), height)

    def action_cursor(self, delta: int) -> None:
        if self.selectable:
            self._move(self.cursor + delta)
        else:
            self.scroll_to(y=self.scroll_y + delta, animate=False)

    def action_scroll_sideways(self, delta: int) -> None:
        self.scroll_to(x=max(0, self.scroll_x + delta), animate=False)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1) * direction
        if self.selectable:
            self._move(self.cursor + step)
        else:
            self.scroll_to(y=self.scroll_y + step, animate=False)

    def action_edge(self, end: int) -> None:
        if self.selectable:
            self._move(len(self.rows) - 1 if end else 0)
        else:
            self.scroll_to(y=self.max_scroll_y if end else 0, animate=False)

    def action_choose(self) -> None:
        if self.selectable and self.rows:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if not self.selectable:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        where = self._locate(self.scroll_offset.y + offset.y)
        if where is not None:
            self.cursor = where[0]
            self.post_message(self.Chosen(self, where[0]))


def _cut(line: Content, width: int, keep: tuple[int, int, int] | None = None) -> Content:
    """``line`` cut to ``width`` cells with an ellipsis. ``keep``: ``(start, at, end)``
    (offsets in the line's text): the text from ``at`` to ``end`` must stay visible, so
    when it would be cut off, the part from ``start`` to ``at`` is shortened instead
    (``↳ …label app.kubernetes.io/component``; a long Pod name before its readiness)."""
    if keep is not None:
        start, at, end = keep
        plain = line.plain
        if 0 <= start < at <= end <= len(plain):
            over = cell_len(plain[:end]) - (width - 1)  # room for an ellipsis after it
            if over > 0:
                # the text between start and at gives way to "…" (one cell of its own)
                cut = start
                while cut < at and cell_len(plain[start:cut]) < over + 1:
                    cut += 1
                line = line[:start] + Content("…") + line[cut:]
    if line.cell_length > width:
        line = line.truncate(width, ellipsis=True)  # say that something is cut off
    return line


class PanelText(PanelFastPaths):
    """A Static for text the caller already cut into lines that fit (the lab's panels
    wrap their text themselves, with hanging indents). A plain Static draws every line of
    its text again on each update, wrapping it once more, which made the Ports panel the
    most expensive part of a keystroke's repaint: how that is avoided is in
    :class:`tutor.ui.fastpaths.PanelFastPaths`."""
