"""Small widgets shared by the screens: the title bar with the language indicator, and a
virtual list that shows any number of one-line rows while rendering only the visible ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static

from tutor import i18n
from tutor.i18n import N_
from tutor.ui.base import Translatable


class LanguageIndicator(Translatable, Static):
    """``한국어 | EN`` with the active language in reverse video (not colour alone); a click
    switches the language."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.retranslate()

    def retranslate(self) -> None:
        active = i18n.get_language()
        parts = []
        for code, label in (("ko", "한국어"), ("en", "EN")):
            style = "reverse bold" if code == active else "dim"
            parts.append(Content.styled(f" {label} ", style))
        self.update(Content.assemble(parts[0], "|", parts[1]))
        self.tooltip = i18n.render(N_("Interface language (F2 switches)"))

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action("app.switch_language")


class TitleBar(Translatable, Horizontal):
    """One line: the title of what is shown (a callable, so it follows the language) and
    the language indicator."""

    def __init__(self, title: Callable[[], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title

    def compose(self):
        yield Static(self._title(), id="title-text", markup=False)
        yield LanguageIndicator(id="language")

    def set_title(self, title: Callable[[], str]) -> None:
        self._title = title
        self.retranslate()

    def retranslate(self) -> None:
        if self.is_mounted:
            self.query_one("#title-text", Static).update(self._title())


#: Footer order: help and language first, quit last; the rest as Textual lists them.
_FOOTER_RANK = {"app.help": 0, "help": 0, "app.switch_language": 1, "switch_language": 1, "quit": 9,
                "app.quit": 9}


class KFooter(Footer):
    """The footer with F1 and F2 always first (whichever widget has the focus)."""

    def compose(self):
        keys = list(super().compose())
        ranked = sorted(enumerate(keys), key=lambda item: (_FOOTER_RANK.get(getattr(item[1], "action", ""), 5),
                                                           item[0]))
        yield from (key for _index, key in ranked)


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

    def _row_region(self, index: int):
        from textual.geometry import Region

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
