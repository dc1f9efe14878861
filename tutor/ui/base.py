"""Shared pieces of the TUI: re-translation on F2, translated key bindings, cell-width text.

Nothing is translated when a class is defined: binding descriptions are English msgids
(marked with ``N_``) and are swapped for their translation each time the language
changes, so the footer, the help screen and the key panel follow F2.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen, ScreenResultType

from tutor import i18n
from tutor.i18n import N_, _

# Descriptions of bindings Textual adds itself (the command palette key), so they are
# extracted for translation too.
TEXTUAL_DESCRIPTIONS = (N_("palette"),)

_ORIGINALS = "_ktutor_binding_msgids"


class Translatable:
    """Mixin: a node that redraws its own text when the language changes."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


def binding_text(binding: Binding, msgid: str) -> str:
    """The description to show for ``binding`` in the current language."""
    if binding.action.endswith("switch_language"):
        # The F2 key names the language it switches *to*, in that language.
        return i18n.LANGUAGES[i18n.other_language()]
    if not msgid:
        return msgid
    return _(msgid) if i18n.has_translation(msgid) else msgid


def retranslate_bindings(node: DOMNode) -> None:
    """Replace the descriptions of ``node``'s bindings with the current language's.

    The English msgids are remembered on the node the first time, so switching back and
    forth never translates a translation.
    """
    originals: dict[tuple[str, str], str] | None = getattr(node, _ORIGINALS, None)
    if originals is None:
        originals = {(key, b.action): b.description for key, b in node._bindings}
        setattr(node, _ORIGINALS, originals)
    keys: dict[str, list[Binding]] = {}
    describe = getattr(node, "describe_binding", None)
    for key, bindings in node._bindings.key_to_bindings.items():
        out = []
        for b in bindings:
            msgid = originals.setdefault((key, b.action), b.description)
            if describe is not None:
                msgid = describe(b.action, msgid)
            tooltip = b.tooltip
            out.append(replace(b, description=binding_text(b, msgid), tooltip=tooltip))
        keys[key] = out
    node._bindings = BindingsMap.from_keys(keys)


def apply_language(app) -> None:
    """Re-translate the app's bindings and every screen (the stack and installed ones)."""
    retranslate_bindings(app)
    seen: set[int] = set()
    screens = list(app.screen_stack)
    for screen in screens:
        if id(screen) in seen:
            continue
        seen.add(id(screen))
        retranslate_tree(screen)
    app.refresh_bindings()
    for screen in screens:
        screen.refresh_bindings()


def retranslate_tree(root: DOMNode) -> None:
    nodes = [root, *root.walk_children()] if root.is_attached else [root]
    for node in nodes:
        if type(node).__module__.startswith("tutor.ui") and node._bindings:
            retranslate_bindings(node)
        if isinstance(node, Translatable):
            try:
                node.retranslate()
            except Exception as exc:  # never lose the session to a redraw problem
                node.log.error(f"retranslate failed for {node!r}: {exc!r}")
                if node.app and getattr(node.app, "_ktutor_strict", False):
                    raise


#: F1/F2 first in every footer (screen bindings come before the app's).
COMMON_BINDINGS = [
    Binding("f1", "app.help", N_("help"), key_display="F1"),
    Binding("f2", "app.switch_language", N_("switch language"), key_display="F2"),
]


class KScreen(Translatable, Screen):
    """A screen whose bindings and text follow the language. ``ready`` is set by the
    subclass's ``on_mount`` once its widgets can be queried."""

    BINDINGS = COMMON_BINDINGS
    ready = False

    def _on_mount(self, event) -> None:  # noqa: D401 - Textual hook
        retranslate_bindings(self)

    def retranslate(self) -> None:
        pass


class KModal(Translatable, ModalScreen[ScreenResultType]):
    ready = False

    def _on_mount(self, event) -> None:
        retranslate_bindings(self)

    def retranslate(self) -> None:
        pass


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
