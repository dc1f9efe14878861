"""Widgets on every screen: the title bar with the language indicator, and the key bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tutor import i18n
from tutor.i18n import N_
from tutor.ui.base import binding_description, follow_language


class TitleBar(Widget):
    """One line: the title of what is shown (a callable, so it follows the language) on
    the left, ``한국어 | EN`` on the right with the active language in reverse video (not
    colour alone). Clicking the languages switches. One widget, drawn in one go."""

    def __init__(self, title: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._title = title

    def on_mount(self) -> None:
        self.retranslate()
        follow_language(self, self.retranslate)

    def set_title(self, title: Callable[[], str]) -> None:
        self._title = title
        self.refresh()

    def retranslate(self) -> None:
        self.tooltip = i18n.render(N_("Interface language (F2 switches)"))
        self.refresh()

    def _languages(self) -> Content:
        active = i18n.get_language()
        parts = []
        for code, label in (("ko", "한국어"), ("en", "EN")):
            parts.append(Content.styled(f" {label} ", "reverse bold" if code == active else "dim"))
        return Content.assemble(parts[0], "|", parts[1], " ")

    def render(self) -> Content:
        width = self.size.width
        languages = self._languages()
        room = max(0, width - languages.cell_length - 1)
        title = Content.styled(" " + self._title(), "bold")
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        return Content.assemble(title, " " * max(0, width - title.cell_length - languages.cell_length), languages)

    async def on_click(self, event: events.Click) -> None:
        if event.x >= self.size.width - self._languages().cell_length:
            event.stop()
            await self.app.run_action("app.switch_language")


#: Key bar order: help and language first, quit last; the rest as Textual lists them.
_KEY_RANK = {"app.help": 0, "help": 0, "app.switch_language": 1, "switch_language": 1, "quit": 9,
             "app.quit": 9, "command_palette": 10, "app.command_palette": 10}


class KeyBar(Widget):
    """The footer: the keys of the focused widget, the screen and the app, in one line.

    A single widget that repaints when the bindings change (Textual's Footer rebuilds a
    widget per key, which costs a new layout each time). F1 and F2 come first; when the
    line is too short, the least important keys are left out. Keys are clickable."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spots: list[tuple[int, int, str]] = []  # (x0, x1, key)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        follow_language(self, self.refresh)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def _entries(self) -> list[tuple[str, str, str, bool]]:
        """(key, key display, description, enabled), one per action, in display order;
        the descriptions in the current language."""
        seen: dict[str, tuple[str, str, str, bool]] = {}
        order: list[tuple[int, int, str]] = []
        for n, (node, binding, enabled, _tooltip) in enumerate(self.screen.active_bindings.values()):
            if not binding.show or binding.action in seen:
                continue
            seen[binding.action] = (binding.key, self.app.get_key_display(binding),
                                    binding_description(node, binding), enabled)
            order.append((_KEY_RANK.get(binding.action, 5), n, binding.action))
        return [seen[action] for _rank, _n, action in sorted(order)]

    def render(self) -> Content:
        width = self.size.width
        key_style = self.get_visual_style("keybar--key")
        text_style = self.get_visual_style("keybar--description")
        off_style = self.get_visual_style("keybar--disabled")
        parts: list[Content] = []
        spots: list[tuple[int, int, str]] = []
        x = 0
        palette = self._palette()
        if palette is not None:
            palette_piece = Content.assemble((f" {palette[1]} ", key_style), (f"{palette[2]} ", text_style))
            width -= palette_piece.cell_length + 1
        for key, display, description, enabled in self._entries():
            piece = Content.assemble((f" {display} ", key_style if enabled else off_style),
                                     (f"{description} " if description else "", text_style if enabled else off_style))
            if x + piece.cell_length > width:
                continue  # no room: leave this one out (the help screen lists every key)
            parts.append(piece)
            spots.append((x, x + piece.cell_length, key))
            x += piece.cell_length
        if palette is not None and width > 0:
            # the command palette, on the right like Textual's footer
            gap = width + 1 - x
            parts.append(Content(" " * gap))
            spots.append((x + gap, x + gap + palette_piece.cell_length, palette[0]))
            parts.append(palette_piece)
        self._spots = spots
        return Content.assemble(*parts) if parts else Content("")

    def _palette(self) -> tuple[str, str, str] | None:
        app = self.app
        if not app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        binding = active.binding
        return binding.key, app.get_key_display(binding), binding_description(active.node, binding)

    def on_click(self, event: events.Click) -> None:
        for x0, x1, key in self._spots:
            if x0 <= event.x < x1:
                event.stop()
                self.app.simulate_key(key)
                return


class OrderedInput(Input):
    """An Input whose own key bindings (Enter, Backspace, Ctrl+U, Home, arrows...) run in
    its key handler, in the order the keys came. Left to Textual 8.2.8 a binding runs
    only once its key has gone up to the app, after printable keys that arrived later
    were already inserted (Textualize/textual#6605): "Ctrl+U 3 8 9 Enter" pasted or typed
    fast emptied the field after the digits, and Enter sent nothing."""

    async def _on_key(self, event: events.Key) -> None:
        if await run_own_binding(self, event):
            return
        await super()._on_key(event)


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now, in the order the keys came (see
    :class:`OrderedInput`; the editor does the same). True when one ran: the key is
    then used up."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # (the app ran priority bindings before the key got here)
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False
