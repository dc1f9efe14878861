"""F4: the bilingual glossary, searchable in both languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor import i18n
from tutor.i18n import N_, _, format_number
from tutor.ui.base import KScreen
from tutor.ui.inline import inline
from tutor.ui.widgets import KeyBar, TitleBar

if TYPE_CHECKING:
    from tutor.lessons.glossary import Term

_cache: dict[str, list[Term]] = {}


def load_terms() -> list[Term]:
    """The glossary entries (loaded once); raises when the file is broken."""
    if "terms" not in _cache:
        from tutor.lessons.glossary import load_glossary

        _cache["terms"] = list(load_glossary())
    return _cache["terms"]


def glossary_available() -> bool:
    try:
        return bool(load_terms())
    except Exception:
        return False


class GlossaryScreen(KScreen):
    LAZY_CSS = "lab.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("back")),
        Binding("f4", "close", show=False),
        Binding("down", "focus_list", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(lambda: _("Glossary · 용어집"), id="title-bar")
        yield Input(id="glossary-search")
        with Horizontal(id="glossary-body"):
            yield OptionList(id="glossary-terms")
            with VerticalScroll(id="glossary-detail"):
                yield Static(id="glossary-definition")
        yield KeyBar()

    def __init__(self) -> None:
        super().__init__()
        self.terms = list(load_terms())
        self.shown = list(self.terms)
        self._usage: dict[str, list[str]] | None = None

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#glossary-search", Input).focus()

    def retranslate(self) -> None:
        search = self.query_one("#glossary-search", Input)
        search.placeholder = _("Search in English or 한국어 (e.g. selector, 셀렉터)")
        self._fill()

    def _fill(self) -> None:
        terms = self.query_one("#glossary-terms", OptionList)
        highlighted = terms.highlighted
        korean = i18n.get_language() == "ko"
        options = []
        for index, term in enumerate(self.shown):
            first, second = (term.ko, term.en) if korean else (term.en, term.ko)
            options.append(Option(Content.assemble((first, "bold"), "  ", (second, "dim")), id=f"t{index}"))
        terms.set_options(options)
        count = len(self.shown)
        terms.border_title = i18n.ngettext("{n} term", "{n} terms", count).format(n=format_number(count))
        if options:
            terms.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0
        self._show_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        from tutor.lessons.glossary import search

        self.shown = search(self.terms, event.value)
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#glossary-terms", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#glossary-definition", Static)
        terms = self.query_one("#glossary-terms", OptionList)
        index = terms.highlighted
        if index is None or not self.shown:
            detail.update(_("No term matches."))
            return
        term = self.shown[index]
        korean = i18n.get_language() == "ko"
        first, second = (term.ko, term.en) if korean else (term.en, term.ko)
        parts = [Content.assemble((first, "bold"), " · ", second), Content(""), inline(term.definition_text())]
        used = self._where_used(term)
        lessons = [lesson for lesson in self.tutor.lessons if lesson.id in used]
        if lessons:
            parts += [Content(""), Content.assemble((_("Used in:"), "bold"))]
            parts += [Content(f"  {lesson.number} · {lesson.title_text()}") for lesson in lessons]
        detail.update(Content("\n").join(parts))

    def _where_used(self, term: Term) -> list[str]:
        if self._usage is None:
            try:
                from tutor.lessons.glossary import usage_index

                self._usage = usage_index(self.terms, self.tutor.all_lessons())
            except Exception:
                self._usage = {}
        return self._usage.get(term.en, [])

    def action_focus_list(self) -> None:
        self.query_one("#glossary-terms", OptionList).focus()

    def action_close(self) -> None:
        self.dismiss()
