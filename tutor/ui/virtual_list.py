"""A list of one-line rows of any length that renders only the rows on screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class VirtualList(ScrollView, can_focus=True):
    """A list of one-line rows (Content) of any length.

    Only the rows on screen are rendered, so replacing 10,000 rows costs one list swap.
    With ``selectable=True`` a cursor row can be moved and chosen (Enter or click), and
    :class:`VirtualList.Chosen` is posted.
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

    def __init__(self, *, selectable: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[Content] = ()
        self.selectable = selectable
        self._width = 0

    def set_rows(self, rows: Sequence[Content], width: int | None = None) -> None:
        """Show ``rows`` (``width``: their widest cell length, when already known)."""
        self.rows = rows
        if width is None:
            width = max((r.cell_length for r in rows), default=0)
        self._width = width
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(width, len(rows))
        self.refresh()

    # ---------------------------------------------------------------- rendering
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        row = self.rows[index]
        segments = [Segment(text, (base + style.rich_style) if style else base)
                    for text, style in row.render(end="")]
        strip = Strip(segments, row.cell_length)
        if scroll_x or row.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        strip = strip.extend_cell_length(width, base)
        if self.selectable and index == self.cursor and self.has_focus:
            strip = strip.apply_style(self.get_component_rich_style("virtual-list--cursor"))
        return strip

    def _watch_has_focus(self, value: bool) -> None:
        self.refresh()

    # ---------------------------------------------------------------- keys and mouse
    def _move(self, index: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, index))
        self.scroll_to_region(self._row_region(self.cursor), animate=False, immediate=True)

    def _row_region(self, index: int) -> Region:
        return Region(0, index, max(1, self.size.width), 1)

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
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.post_message(self.Chosen(self, index))
