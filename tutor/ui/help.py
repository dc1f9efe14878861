"""F1: keys, how exercises are checked, where progress is kept."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor import i18n
from tutor.i18n import N_, _
from tutor.ui.base import KModal, KScreen, binding_description, pad
from tutor.ui.widgets import KeyBar

#: Keys of the editor and panels that are not shown in the footer.
EDITOR_KEYS = (
    ("Tab", N_("indent by two spaces")),
    ("Enter", N_("new line, keeping the indentation (two more after a line ending in “:”)")),
    ("Esc", N_("back (a panel that can close closes first)")),
    ("Shift+Tab", N_("leave the editor (Tab indents in it)")),
    ("Ctrl+Z / Ctrl+Y", N_("undo / redo")),
    ("Ctrl+L", N_("the Pods panel: every label, or the selector's")),
    ("Ctrl+O", N_("export the editor's text to a new file")),
    ("Ctrl+P", N_("command palette: every action, searchable in both languages")),
    ("Tab / Shift+Tab", N_("move between the panels (outside the editor)")),
    ("PageUp / PageDown", N_("scroll the panel column (after Shift+Tab), or the console's output")),
    ("F8", N_("the Policies panel: the next port of its matrix, and the panel brought into view")),
)

CHECKING = (
    N_("Exercises are checked by meaning, not by comparing text: the lab asks what your manifests "
       "would do in a cluster (which Pods a Service selects, which port a request reaches) and "
       "compares that with the exercise's goals. Any correct answer passes."),
    N_("The check runs by itself while you type, and again when you press Ctrl+R. Each goal is shown "
       "with what it expects and what your manifests do now."),
    N_("F3 shows one more hint each time (the number you used is kept). Ctrl+S shows the reference "
       "solution after asking; the lesson is then marked “solution viewed”. Ctrl+Z undoes it."),
    N_("When a goal is not met, its feedback first says what you would see; after a hint, or two checks "
       "with Ctrl+R, it also says why; after two hints or four checks, what to change. A predict exercise "
       "opens its panels once you have answered its question (F7); an exam keeps them closed, with no "
       "hints, until you hand it in with Ctrl+R."),
)


class HelpScreen(KModal[None]):
    BINDINGS = [
        Binding("escape", "close", N_("close")),
        Binding("f1", "close", N_("close"), show=False),
        Binding("f2", "app.switch_language", N_("switch language"), key_display="F2"),
    ]

    #: the screen the help is about (its keys are listed)
    below: Screen[Any] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(id="help-title", classes="section-heading", markup=False)
            yield Static(id="help-keys")
            yield Static(id="help-checking-title", classes="section-heading", markup=False)
            yield Static(id="help-checking", markup=False)
            yield Static(id="help-progress-title", classes="section-heading", markup=False)
            yield Static(id="help-progress", markup=False)
            yield Static(id="help-language-title", classes="section-heading", markup=False)
            yield Static(id="help-language", markup=False)
            yield Static(id="help-mouse", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        stack = self.app.screen_stack
        self.below = stack[-2] if len(stack) > 1 else None
        self.retranslate()
        self.query_one("#help").focus()

    def retranslate(self) -> None:
        self.query_one("#help-title", Static).update(_("Help · keys"))
        self.query_one("#help-keys", Static).update(self._keys_table())
        self.query_one("#help-checking-title", Static).update(_("How exercises are checked"))
        self.query_one("#help-checking", Static).update("\n\n".join(_(p) for p in CHECKING))
        self.query_one("#help-progress-title", Static).update(_("Where your progress is kept"))
        self.query_one("#help-progress", Static).update(self._progress_text())
        self.query_one("#help-language-title", Static).update(_("Language"))
        self.query_one("#help-language", Static).update(self._language_text())
        self.query_one("#help-mouse", Static).update(
            _("The mouse works too: click a lesson, a button, a problem (to jump to its line) or "
              "the 한국어 | EN indicator (to switch language)."))

    def _keys_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        below = self.below
        if below is not None:
            for active in below.active_bindings.values():
                binding = active.binding
                if not binding.show or not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                rows.append((self.app.get_key_display(binding), binding_description(active.node, binding)))
        if isinstance(below, KScreen) and below.has_editor:
            rows.extend((key, _(text)) for key, text in EDITOR_KEYS)
        else:
            rows.extend((key, _(text)) for key, text in EDITOR_KEYS[-2:])
        width = max((len(k) for k, _t in rows), default=0)
        for key, text in rows:
            table.add_row(RichText(pad(key, width)), RichText(text))
        return table

    def _progress_text(self) -> str:
        progress = self.tutor.progress
        if progress.path is None:
            return _("Your progress is not being saved in this session (see the notice shown at start).")
        if not progress.writable:
            return _("Your progress should be saved in {path}, but that folder cannot be written, so it "
                     "is only kept until you quit.").format(path=progress.path)
        return _("Your progress is saved after every change in {path} (set KTUTOR_HOME to use another "
                 "folder). Reset it from the command palette (Ctrl+P → “Reset all progress”).").format(
            path=progress.path)

    def _language_text(self) -> str:
        """Which language is shown, why, and how to go back to the locale."""
        name = i18n.LANGUAGES[i18n.get_language()]
        if self.tutor.progress.language:
            now = _("The interface is in {language}, the language you chose with F2. That choice is saved and "
                    "overrides your system's locale each time the tutor starts. To follow the locale again: "
                    "Ctrl+P → “Follow the system language”, or start the tutor with ktutor --lang auto.")
        else:
            now = _("The interface is in {language}, from the command line (--lang), $KTUTOR_LANG or your "
                    "system's locale. F2 switches the language and saves the choice: it then overrides the "
                    "locale each time the tutor starts.")
        order = _("The order: --lang, then $KTUTOR_LANG, then the language saved with F2, then the locale "
                  "(LC_ALL, LC_MESSAGES, LANG), then English.")
        return now.format(language=name) + "\n" + order

    def action_close(self) -> None:
        self.dismiss()
