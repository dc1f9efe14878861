"""Shared pieces of the TUI: the language signal, translated key bindings, cell-width text.

Nothing is translated when a class is defined. Binding descriptions are English msgids
(marked with ``N_``) and are translated where they are drawn (:func:`binding_description`,
used by the key bar and the help screen). When F2 switches the language, the app
publishes :attr:`LanguageApp.language_changed`; every screen and widget that shows text
subscribes to it (:func:`follow_language`) and draws its text again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.signal import Signal

from tutor import i18n
from tutor.i18n import N_, _

if TYPE_CHECKING:
    from tutor.ui.app import KTutorApp

# Descriptions of bindings Textual adds itself (the command palette key), so they are
# extracted for translation too.
TEXTUAL_DESCRIPTIONS = (N_("palette"),)

ResultType = TypeVar("ResultType")


class LanguageApp(App[int]):
    """An app whose interface follows the language: ``language_changed`` is published
    (with the new language code) each time :func:`tutor.i18n.set_language` is called
    while the app runs."""

    def __init__(self) -> None:
        super().__init__()
        self.language_changed: Signal[str] = Signal(self, "language-changed")
        #: Tests set KTUTOR_STRICT: a redraw problem then raises instead of being logged.
        self.strict = bool(os.environ.get("KTUTOR_STRICT"))

    def on_mount(self) -> None:
        i18n.add_listener(self._publish_language)

    def on_unmount(self) -> None:
        i18n.remove_listener(self._publish_language)

    def _publish_language(self, lang: str) -> None:
        self.language_changed.publish(lang)


def follow_language(node: DOMNode, redraw: Callable[[], Any]) -> None:
    """Call ``redraw()`` on ``node`` each time the language changes (from its ``on_mount``).

    A redraw that fails is logged and the session goes on (a learner never loses the lab
    to a text that could not be drawn); under KTUTOR_STRICT it raises."""
    app = node.app
    if not isinstance(app, LanguageApp):
        return  # a widget shown by some other app: its text does not change

    def language_changed(_lang: str) -> None:
        try:
            redraw()
        except Exception as exc:
            if app.strict:
                raise
            node.log.error(f"redrawing {node!r} in another language failed: {exc!r}")

    app.language_changed.subscribe(node, language_changed)


def binding_description(node: DOMNode, binding: Binding) -> str:
    """What to show for ``binding`` (defined on ``node``) in the current language."""
    if binding.action.endswith("switch_language"):
        # The F2 key names the language it switches *to*, in that language.
        return i18n.LANGUAGES[i18n.other_language()]
    msgid = binding.description
    if isinstance(node, KScreen):
        msgid = node.describe_binding(binding.action, msgid)
    if not msgid or not i18n.has_translation(msgid):
        return msgid  # Textual's own descriptions that ktutor does not translate
    return _(msgid)


#: F1/F2 first in every footer (screen bindings come before the app's).
COMMON_BINDINGS: list[BindingType] = [
    Binding("f1", "app.help", N_("help"), key_display="F1"),
    Binding("f2", "app.switch_language", N_("switch language"), key_display="F2"),
]


#: What the command palette offers for a screen: (name msgid, help msgid, callback).
PaletteCommand = tuple[str, str, Callable[[], Any]]


class KScreen(Screen[Any]):
    """A ktutor screen: its text follows the language (:meth:`retranslate` draws it; the
    subclass's ``on_mount`` calls it once, the language signal after each switch), and
    it takes part in saving progress and in the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = list(COMMON_BINDINGS)
    #: Extra CSS read the first time such a screen opens (see ``KTutorApp._ensure_css``):
    #: a file next to this module, or several.
    LAZY_CSS: ClassVar[str | tuple[str, ...] | None] = None
    #: The screen edits text (the help screen then lists the editor's keys).
    has_editor: ClassVar[bool] = False

    def on_mount(self) -> None:
        follow_language(self, self.retranslate)

    @property
    def tutor(self) -> KTutorApp:
        """The app, typed (screens only run inside :class:`tutor.ui.app.KTutorApp`)."""
        return cast("KTutorApp", self.app)

    def retranslate(self) -> None:
        """Draw the screen's text in the current language."""

    def describe_binding(self, action: str, msgid: str) -> str:
        """The msgid to show for the binding of ``action`` (a screen may change it)."""
        return msgid

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """The screen's own commands for the command palette."""
        return ()

    def flush_progress(self) -> None:
        """Write what the learner did on this screen now (leaving, quitting)."""

    def forget_progress(self) -> None:
        """All progress is being reset: write nothing back."""

    def refresh_progress(self) -> None:
        """The progress changed elsewhere: show it again."""

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """The screen is about to be left (quitting, going back to the lessons): call
        ``then()`` when that may happen (a screen with unsaved work asks first)."""
        then()


class KModal(ModalScreen[ResultType]):
    """A dialog whose text follows the language (see :class:`KScreen`)."""

    LAZY_CSS: ClassVar[str | tuple[str, ...] | None] = None

    @property
    def tutor(self) -> KTutorApp:
        return cast("KTutorApp", self.app)

    def on_mount(self) -> None:
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Draw the dialog's text in the current language."""


# --------------------------------------------------------------------------- cell widths
def pad(text: str, width: int) -> str:
    """Pad ``text`` with spaces to ``width`` terminal cells (Korean is two cells a syllable)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` cells (with an ellipsis), then pad to ``width``."""
    if cell_len(text) <= width:
        return pad(text, width)
    from rich.cells import set_cell_size

    return set_cell_size(text, max(0, width - 1)) + "…"


def bilingual(msgid: str) -> str:
    """A command name in the current language, followed by the English one in Korean
    (so ``language`` still finds ``언어 전환 (Switch language)`` in the palette)."""
    text = _(msgid)
    if i18n.get_language() == i18n.SOURCE_LANGUAGE or text == msgid:
        return msgid
    return f"{text} ({msgid})"
