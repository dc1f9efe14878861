"""A lesson: its Markdown text, then its exercises (each opens the lab)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Markdown, Static

from tutor.i18n import N_, _
from tutor.lessons.model import Exercise, Lesson
from tutor.markup import plain
from tutor.progress import DONE, Progress
from tutor.ui.base import KScreen, PaletteCommand
from tutor.ui.home import lesson_heading, state_mark
from tutor.ui.widgets import KeyBar, TitleBar


def exercise_state(progress: Progress, lesson: Lesson, exercise: Exercise) -> str:
    record = progress.peek_exercise(lesson.id, exercise.id)
    if record.solution_viewed:
        return "solution_viewed"
    return record.status


class LessonScreen(KScreen):
    BINDINGS = [
        Binding("escape", "back", N_("lessons")),
        # (each letter also as the Hangul jamo a Korean input method left on gives: 두벌식)
        Binding("e,ㄷ", "start_exercise", N_("exercise")),
        Binding("n,ㅜ", "next_lesson", N_("next lesson")),
        Binding("p,ㅔ", "previous_lesson", N_("previous lesson")),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        yield TitleBar(lambda: lesson_heading(lesson), id="title-bar")
        with VerticalScroll(id="lesson-scroll"):
            yield Markdown(lesson.body_text(), id="lesson-body", open_links=False)
            yield Static(id="exercises-heading", classes="section-heading")
            first_review = next((i for i, e in enumerate(lesson.exercises) if e.review), None)
            for index, exercise in enumerate(lesson.exercises):
                if index == first_review:
                    yield Static(id="review-heading", classes="section-heading")
                with Vertical(classes="exercise-card", id=f"card-{index}"):
                    yield Static(id=f"exercise-title-{index}", classes="exercise-title", markup=False)
                    yield Markdown(exercise.task_text(), id=f"exercise-task-{index}", classes="exercise-task",
                                   open_links=False)
                    yield Button("", id=f"start-{index}", classes="start-exercise", compact=True)
            with Horizontal(id="lesson-nav"):
                yield Button("", id="previous", compact=True)
                yield Button("", id="next", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        progress = self.tutor.progress
        progress.open_lesson(self.lesson.id, [e.id for e in self.lesson.exercises])
        progress.save()
        self._update_texts()
        self.query_one("#lesson-scroll").focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    # ---------------------------------------------------------------- content
    def retranslate(self) -> None:
        self.query_one("#lesson-body", Markdown).update(self.lesson.body_text())
        for index, exercise in enumerate(self.lesson.exercises):
            self.query_one(f"#exercise-task-{index}", Markdown).update(exercise.task_text())
        self._update_texts()

    def refresh_progress(self) -> None:
        if self.is_mounted:
            self._update_texts()

    def _update_texts(self) -> None:
        lesson, app = self.lesson, self.tutor
        count = len(lesson.exercises)
        self.query_one("#exercises-heading", Static).update(
            _("Exercises") if count != 1 else _("Exercise"))
        for index, exercise in enumerate(lesson.exercises):
            state = exercise_state(app.progress, lesson, exercise)
            title = _("Exercise {n} of {total} · {kind}: {title}").format(
                n=index + 1, total=count, kind=exercise.badge_text(), title=plain(exercise.title_text()))
            best = app.progress.peek_exercise(lesson.id, exercise.id).exam if exercise.exam else None
            if best is not None:  # the exam's best score
                from tutor.ui.exam import clock_text

                title += "   " + _("best: {score} of {total} in {time}").format(
                    score=best.score, total=best.total, time=clock_text(best.seconds))
            self.query_one(f"#exercise-title-{index}", Static).update(f"{title}   [{state_mark(state)}]")
            button = self.query_one(f"#start-{index}", Button)
            label = "▶ " + (_("Open in the lab") if state != DONE else _("Open again in the lab"))
            if str(button.label) != label:
                button.label = label
                button.refresh(layout=True)  # (Button's label does not lay out again: it would be cut)
        for heading in self.query("#review-heading").results(Static):
            heading.update(_("Review: the topics so far, mixed"))
        previous, following = app.neighbour(lesson, -1), app.neighbour(lesson, 1)
        prev_button = self.query_one("#previous", Button)
        next_button = self.query_one("#next", Button)
        prev_button.label = "← " + (lesson_heading(previous) if previous else _("Lessons"))
        next_button.label = (lesson_heading(following) if following else _("Lessons")) + " →"

    # ---------------------------------------------------------------- actions
    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("start-"):
            self.tutor.open_exercise(self.lesson, self.lesson.exercises[int(button_id[6:])])
        elif button_id == "previous":
            self.action_previous_lesson()
        elif button_id == "next":
            self.action_next_lesson()

    def action_start_exercise(self) -> None:
        """Open the first exercise not solved yet (or the first one)."""
        exercises = self.lesson.exercises
        if not exercises:
            return
        progress = self.tutor.progress
        todo = [e for e in exercises if progress.peek_exercise(self.lesson.id, e.id).status != DONE]
        self.tutor.open_exercise(self.lesson, (todo or exercises)[0])

    def action_back(self) -> None:
        self.tutor.go_home()

    def _go(self, step: int) -> None:
        other = self.tutor.neighbour(self.lesson, step)
        if other is None:
            self.tutor.go_home()
        else:
            self.tutor.open_lesson(other, replace=True)

    def action_next_lesson(self) -> None:
        self._go(1)

    def action_previous_lesson(self) -> None:
        self._go(-1)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield N_("Start the exercise"), N_("Open the first exercise not solved yet in the lab"), self.action_start_exercise
        yield N_("Next lesson"), N_("Go to the next lesson"), self.action_next_lesson
        yield N_("Previous lesson"), N_("Go to the previous lesson"), self.action_previous_lesson
