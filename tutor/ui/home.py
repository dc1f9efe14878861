"""The home screen: the lessons with their progress, and "continue where I left off"."""

from __future__ import annotations

from typing import Protocol

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.i18n import N_, _
from tutor.progress import DONE, IN_PROGRESS, NOT_STARTED, SOLUTION_VIEWED
from tutor.ui.base import KScreen
from tutor.ui.lesson_index import LessonEntry
from tutor.ui.widgets import KeyBar, TitleBar

#: Progress marks: a symbol AND a word (never colour alone).
STATE_MARKS = {
    NOT_STARTED: ("○", N_("not started"), "dim"),
    IN_PROGRESS: ("◐", N_("in progress"), "bold $text-warning"),
    DONE: ("✓", N_("done"), "bold $text-success"),
    SOLUTION_VIEWED: ("◇", N_("solution viewed"), "bold $text-accent"),
}


CONTINUE = "--continue--"


def state_mark(state: str) -> str:
    symbol, word, _style = STATE_MARKS.get(state, STATE_MARKS[NOT_STARTED])
    return f"{symbol} {_(word)}"


class Titled(Protocol):
    """A lesson as far as its heading goes (a :class:`LessonEntry` or a loaded lesson)."""

    @property
    def number(self) -> int: ...

    def title_text(self) -> str: ...


def lesson_heading(lesson: Titled) -> str:
    return f"{lesson.number} · {lesson.title_text()}"


class HomeScreen(KScreen):
    # (each letter also as the Hangul jamo a Korean input method left on gives: 두벌식)
    BINDINGS = [
        Binding("c,ㅊ", "continue", N_("continue")),
        Binding("l,ㅣ", "lab", N_("free lab")),
        Binding("q,ㅂ", "app.quit", N_("quit"), show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(lambda: _("ktutor · Kubernetes networking"), id="title-bar")
        yield Static(id="intro", markup=False)
        yield OptionList(id="lesson-list")
        yield KeyBar()

    _width: int | None = None

    def on_mount(self) -> None:
        self._render_intro()  # the lessons are listed on ScreenResume, which follows at once
        self.query_one("#lesson-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def on_resize(self, event: events.Resize) -> None:
        # the summaries are wrapped for the list's width
        if self.is_mounted and self.query_one("#lesson-list", OptionList).size.width != self._width:
            self.call_after_refresh(self.refresh_progress)

    # ---------------------------------------------------------------- content
    def retranslate(self) -> None:
        self._render_intro()
        self.refresh_progress()

    def _render_intro(self) -> None:
        intro = _("Pick a lesson with ↑↓ and Enter, or continue where you left off.")
        if not self.tutor.lessons:
            intro = _("No lessons were found. You can still open the free lab (L).")
        self.query_one("#intro", Static).update(intro)

    def refresh_progress(self) -> None:
        if not self.is_mounted:
            return
        app = self.tutor
        progress = app.progress
        option_list = self.query_one("#lesson-list", OptionList)
        highlighted = option_list.highlighted
        # First "continue where I left off" (Enter at once), then every lesson.
        options: list[Option | None] = [Option(Content.styled(self._continue_label(), "bold $text-primary"),
                                               id=CONTINUE), None]
        width = option_list.scrollable_content_region.width - 2  # the options' padding
        self._width = option_list.size.width
        for lesson in app.lessons:
            state = progress.lesson_state(lesson.id, lesson.exercises)
            options.append(Option(self._prompt(lesson, state, width), id=lesson.id))
        option_list.set_options(options)
        option_list.highlighted = highlighted if highlighted is not None else 0

    def _prompt(self, lesson: LessonEntry, state: str, width: int) -> Content:
        """``12 Title  ✓ done`` over the summary, indented under the title (Textual
        Content: cheap to lay out; wrapped here so every summary line is indented)."""
        symbol, word, style = STATE_MARKS.get(state, STATE_MARKS[NOT_STARTED])
        head = Content.assemble((f"{lesson.number:>2}  ", "bold"), (lesson.title_text(), "bold"), "   ",
                                (f"{symbol} {_(word)}", style))
        summary = Content.styled(lesson.summary_text(), "dim")
        lines = summary.wrap(max(10, width - 4)) if width > 8 else [summary]
        return Content("\n").join([head, *(Content("    ") + line for line in lines)])

    def _continue_label(self) -> str:
        """Where "continue" goes (see :meth:`KTutorApp.next_place`), named."""
        app = self.tutor
        if not app.lessons:
            return "▶ " + _("Open the free lab")
        place = app.next_place()
        if place is None:
            return "▶ " + _("Course complete: see your summary")
        entry, exercise = place
        heading = lesson_heading(entry)
        record = app.progress.lessons.get(entry.id)
        if exercise is not None and record is not None and record.opened and len(entry.exercises) > 1:
            heading += " · " + _("exercise {n} of {total}").format(n=entry.exercises.index(exercise) + 1,
                                                                   total=len(entry.exercises))
        if not app.progress.lessons:
            return "▶ " + _("Start: {lesson}").format(lesson=heading)
        return "▶ " + _("Continue: {lesson}").format(lesson=heading)

    # ---------------------------------------------------------------- actions
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == CONTINUE:
            self.action_continue()
            return
        lesson = self.tutor.lesson_by_id(event.option.id or "")
        if lesson is not None:
            self.tutor.open_lesson(lesson)

    def action_continue(self) -> None:
        if self.tutor.lessons:
            self.tutor.continue_learning()
        else:
            self.tutor.open_lab()

    def action_lab(self) -> None:
        self.tutor.open_lab()
