"""The end of the course: what was solved, with how many hints, which solutions were
viewed, and what is still open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tutor import i18n
from tutor.i18n import N_, _, format_number
from tutor.ui.base import KScreen
from tutor.ui.home import lesson_heading
from tutor.ui.widgets import KeyBar, TitleBar

#: Unfinished exercises listed by name at most (the rest are counted).
MAX_LISTED = 12


class CourseScreen(KScreen):
    """Shown after the final exercise (Ctrl+N) and by "Continue" once everything is done."""

    BINDINGS = [
        Binding("escape", "back", N_("lessons")),
        Binding("c,ㅊ,enter", "continue", N_("continue")),
        Binding("q,ㅂ", "app.quit", N_("quit"), show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(lambda: _("ktutor · Kubernetes networking"), id="title-bar")
        with VerticalScroll(id="course"):
            yield Static(id="course-title", classes="section-heading", markup=False)
            yield Static(id="course-numbers")
            yield Static(id="course-next", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#course").focus()

    def retranslate(self) -> None:
        summary = self.tutor.course_summary()
        finished = not summary.unfinished
        self.query_one("#course-title", Static).update(
            "✓ " + _("Course complete!") if finished else _("You reached the end of the course"))
        number = format_number
        lines = [
            Content.assemble(("✓ ", "bold $text-success"), i18n.ngettext(
                "{n} of {total} exercise solved on your own", "{n} of {total} exercises solved on your own",
                summary.total).format(n=number(summary.solved), total=number(summary.total))),
            Content.assemble(("◇ ", "bold $text-accent"), i18n.ngettext(
                "{n} solution viewed", "{n} solutions viewed", summary.viewed).format(n=number(summary.viewed))),
            Content.assemble(("? ", "bold"), i18n.ngettext(
                "{n} hint used", "{n} hints used", summary.hints).format(n=number(summary.hints))),
        ]
        if summary.unfinished:
            lines += [Content(""), Content.assemble(("○ ", "dim"), (i18n.ngettext(
                "{n} exercise is not solved yet:", "{n} exercises are not solved yet:",
                len(summary.unfinished)).format(n=number(len(summary.unfinished))), "bold"))]
            for entry, exercise in summary.unfinished[:MAX_LISTED]:
                index = entry.exercises.index(exercise) + 1
                lines.append(Content("    " + lesson_heading(entry) + " · " + _("exercise {n} of {total}").format(
                    n=index, total=len(entry.exercises))))
            if len(summary.unfinished) > MAX_LISTED:
                rest = len(summary.unfinished) - MAX_LISTED
                lines.append(Content("    … " + i18n.ngettext("and {n} more", "and {n} more", rest).format(
                    n=number(rest))))
        self.query_one("#course-numbers", Static).update(Content("\n").join(lines))
        self.query_one("#course-next", Static).update(
            _("C or Enter: the next exercise not solved yet. Esc: the lessons.") if summary.unfinished else
            _("Every exercise is finished. The free lab (L on the lessons screen) is yours: try your own "
              "Services. Esc: the lessons."))

    def refresh_progress(self) -> None:
        if self.is_mounted:
            self.retranslate()

    def action_back(self) -> None:
        self.tutor.go_home()

    def action_continue(self) -> None:
        if self.tutor.next_place() is None:
            self.tutor.go_home()
            return
        self.tutor.continue_learning()
