"""Ctrl+T: choose where a request starts and where it goes; the lab traces it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tutor.i18n import N_, _, format_number
from tutor.ui.base import KModal

if TYPE_CHECKING:
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.trace import Source

#: At most this many sources in the list (a cluster may have thousands of Pods).
MAX_SOURCES = 300


def source_key(source: Source) -> str:
    if source.external:
        return "outside"
    return f"{source.namespace}/{source.pod}/{source.container or ''}"


class RequestDialog(KModal["tuple[Source, str] | None"]):
    """Dismisses with a :class:`tutor.k8s.trace.Source` and destination (as a
    ``(source, destination)`` tuple), or None."""

    LAZY_CSS = "lab.tcss"

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel")),
        Binding("ctrl+t", "cancel", show=False),
    ]

    def __init__(self, cluster: Cluster | None, current: tuple[Source, str] | None = None) -> None:
        super().__init__()
        from tutor.k8s import trace as trace_mod

        self.trace_mod = trace_mod
        self.cluster = cluster
        all_sources = trace_mod.sources(cluster) if cluster is not None else [trace_mod.Source(external=True)]
        self.total_sources = len(all_sources)
        sources = all_sources[:MAX_SOURCES]
        if all_sources and all_sources[-1] not in sources:
            sources.append(all_sources[-1])  # "outside the cluster" is always offered
        self.sources = {source_key(s): s for s in sources}
        self.current = current
        first = current[0] if current is not None else None
        if first is not None and source_key(first) not in self.sources:
            self.sources = {source_key(first): first, **self.sources}
        self.initial_key = source_key(first) if first is not None else next(iter(self.sources), "outside")

    def compose(self) -> ComposeResult:
        with Vertical(id="request"):
            yield Static(id="request-title", markup=False)
            yield Label(id="from-label")
            yield Select([(str(s.text), key) for key, s in self.sources.items()], id="source",
                         allow_blank=False, value=self.initial_key)
            yield Label(id="to-label")
            yield Input(id="destination")
            yield Static(id="suggestions-label", markup=False)
            yield OptionList(id="suggestions")
            with Horizontal(id="request-buttons"):
                yield Button("", id="send", variant="primary", compact=True)
                yield Button("", id="cancel", compact=True)

    def on_mount(self) -> None:
        destination = self.query_one("#destination", Input)
        if self.current is not None:
            destination.value = self.current[1]
        self.retranslate()
        self._suggest()
        destination.focus()

    def retranslate(self) -> None:
        self.query_one("#request-title", Static).update(_("Send a request"))
        self.query_one("#from-label", Label).update(_("From"))
        self.query_one("#to-label", Label).update(_("To (a name, an IP or localhost, with :PORT)"))
        select = self.query_one("#source", Select)
        value = select.value
        with select.prevent(Select.Changed):
            select.set_options([(str(s.text), key) for key, s in self.sources.items()])
            select.value = value if value in self.sources else self.initial_key
        more = self.total_sources - len(self.sources)
        self.query_one("#suggestions-label", Static).update(
            _("Suggestions (Enter or click to use one):") +
            (" " + _("the first {n} Pods are listed as sources").format(n=format_number(MAX_SOURCES))
             if more > 0 else ""))
        self.query_one("#destination", Input).placeholder = "my-service:80, localhost:8080, 10.244.2.7:8080"
        self.query_one("#send", Button).label = _("Send")
        self.query_one("#cancel", Button).label = _("Cancel")

    def _source(self) -> Source | None:
        value = self.query_one("#source", Select).value
        return self.sources.get(value) if isinstance(value, str) else None

    def _suggest(self) -> None:
        source = self._source()
        if source is None or self.cluster is None:
            values: list[str] = []
        else:
            try:
                values = self.trace_mod.destinations(self.cluster, source)
            except Exception:  # suggestions are a convenience; never fail the dialog
                values = []
        self.query_one("#destination", Input).suggester = SuggestFromList(values, case_sensitive=False)
        suggestions = self.query_one("#suggestions", OptionList)
        suggestions.set_options([Option(v, id=f"s{i}") for i, v in enumerate(values)])
        self._values = values

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.is_mounted:
            self._suggest()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int((event.option.id or "s0")[1:])
        destination = self.query_one("#destination", Input)
        destination.value = self._values[index]
        destination.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._send()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "send":
            self._send()
        else:
            self.dismiss(None)

    def _send(self) -> None:
        source = self._source()
        destination = self.query_one("#destination", Input).value.strip()
        if source is None:
            return
        if not destination:
            self.notify(_("Type where the request goes, for example my-service:80."), severity="warning",
                        markup=False)
            return
        self.dismiss((source, destination))

    def action_cancel(self) -> None:
        self.dismiss(None)
