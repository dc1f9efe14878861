"""Confirmation dialogs (solution, reset) and asking for a file name: translated, and
re-translated on F2."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from tutor.i18n import N_, Text, _
from tutor.ui.base import KModal

#: A dialog's text: a msgid, a Text, or a function giving it in the current language.
Message = str | Text | Callable[[], str]


def _show(text: Message) -> str:
    """``text`` in the current language."""
    if isinstance(text, Text):
        return str(text)
    if callable(text):
        return text()
    return _(text)


class ConfirmDialog(KModal[bool]):
    """Asks one question; dismisses with True (confirmed) or False. The safe answer has
    the focus, so a stray Enter never throws work away."""

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel")),
        Binding("left,right", "switch_button", show=False),
    ]

    def __init__(self, title: Message, body: Message, *, confirm: str = N_("Yes"), cancel: str = N_("Cancel"),
                 danger: bool = False, confirm_focused: bool = False) -> None:
        super().__init__()
        self.title_msgid, self.body_msgid = title, body
        self.confirm_msgid, self.cancel_msgid = confirm, cancel
        self.danger = danger
        #: the confirming answer has the focus (for a question whose "yes" loses nothing)
        self.confirm_focused = confirm_focused and not danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title", markup=False)
            yield Static(id="dialog-body", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("", id="confirm", variant="error" if self.danger else "primary", compact=True)
                yield Button("", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#confirm" if self.confirm_focused else "#cancel", Button).focus()

    def retranslate(self) -> None:
        self.query_one("#dialog-title", Static).update(_show(self.title_msgid))
        self.query_one("#dialog-body", Static).update(_show(self.body_msgid))
        self.query_one("#confirm", Button).label = _(self.confirm_msgid)
        self.query_one("#cancel", Button).label = _(self.cancel_msgid)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_switch_button(self) -> None:
        confirm, cancel = self.query_one("#confirm", Button), self.query_one("#cancel", Button)
        (cancel if confirm.has_focus else confirm).focus()


class SaveAsDialog(KModal["str | None"]):
    """Asks for a file to save to (the lab on a dump never writes over the dump);
    dismisses with the path typed, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("cancel"))]

    def __init__(self, title: str, body: str, suggestion: str) -> None:
        super().__init__()
        self.title_msgid, self.body_msgid = title, body
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title", markup=False)
            yield Static(id="dialog-body", markup=False)
            yield Input(self.suggestion, id="path")
            with Horizontal(id="dialog-buttons"):
                yield Button("", id="confirm", variant="primary", compact=True)
                yield Button("", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#path", Input).focus()

    def retranslate(self) -> None:
        self.query_one("#dialog-title", Static).update(_(self.title_msgid))
        self.query_one("#dialog-body", Static).update(_(self.body_msgid))
        self.query_one("#confirm", Button).label = _("Save")
        self.query_one("#cancel", Button).label = _("Cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one("#path", Input).value.strip() or None if event.button.id == "confirm" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveChangesDialog(KModal["str | None"]):
    """Unsaved changes: Save, Discard or Cancel. Dismisses with ``"save"``,
    ``"discard"`` or None (cancel: stay). Cancel has the focus, so a stray Enter never
    throws work away."""

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel")),
        Binding("left", "focus_previous", show=False),
        Binding("right", "focus_next", show=False),
    ]

    def __init__(self, title: Message, body: Message) -> None:
        super().__init__()
        self.title_text, self.body_text = title, body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title", markup=False)
            yield Static(id="dialog-body", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("", id="save", variant="primary", compact=True)
                yield Button("", id="discard", variant="error", compact=True)
                yield Button("", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#cancel", Button).focus()

    def retranslate(self) -> None:
        self.query_one("#dialog-title", Static).update(_show(self.title_text))
        self.query_one("#dialog-body", Static).update(_show(self.body_text))
        self.query_one("#save", Button).label = _("Save")
        self.query_one("#discard", Button).label = _("Discard changes")
        self.query_one("#cancel", Button).label = _("Cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss(choice if choice in ("save", "discard") else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
