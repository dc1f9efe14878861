"""What the lab does for the kinds of exercise: questions, predict, exam, feedback tiers.

:class:`LabModes` is mixed into :class:`tutor.ui.lab.LabScreen`, which calls its hooks
(each one line there):

* **questions** (``answer`` goals, any kind): the :class:`~tutor.ui.answer.AnswerPanel`
  on top of the side panels (F7 focuses it); the answers are checked at once and kept
  with the progress, so they are there again when the exercise is opened again;
* **predict** exercises: the learner answers before seeing. Until every question is
  answered the panels that would give the answer away (Check, Pods, Ports, Traffic,
  Problems and the editor's marks) stay closed, and the editor is read-only (the
  manifests are there to be read); the console, where there is one, asks
  :attr:`LabModes.panels_locked` too;
* **exam** exercises (:mod:`tutor.ui.exam`): the same panels stay closed until the exam
  is handed in with Ctrl+R, a timer runs, there are no hints and no solution;
* **feedback tiers** (:mod:`tutor.lessons.goals.feedback`): the Check panel and Ctrl+R
  say the symptom first, the cause after a hint or two failed checks, the fix after
  two hints or four failed checks. Ctrl+R on an unsolved exercise counts a failed check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Static

from tutor.i18n import N_, Text, _
from tutor.ui.answer import AnswerPanel
from tutor.ui.exam import ExamRun, clock_text

if TYPE_CHECKING:
    from tutor.lessons.goals import Answer, ExerciseResult
    from tutor.lessons.model import Exercise
    from tutor.progress import Progress
    from tutor.ui.lab_view import LabView

#: the panels that would tell the learner the answer (or, in an exam, what is wrong)
REVEALING = ("#goals-panel", "#pods-panel", "#ports-panel", "#traffic-panel", "#problems", "#policies-panel")


class LabModes:
    """Questions, predict, exam and feedback tiers for the lab (a mixin of LabScreen)."""

    #: where the exam's time comes from (tests put a fake clock here; nothing sleeps)
    clock: Callable[[], float] = staticmethod(time.monotonic)

    # provided by LabScreen
    exercise: Exercise | None
    sandbox: bool
    answers: dict[str, Answer]
    _view: LabView | None

    if TYPE_CHECKING:
        @property
        def progress(self) -> Progress: ...

        @property
        def _keys(self) -> tuple[str, str]: ...

    exam: ExamRun | None = None
    _exam_timer: Any = None

    # ------------------------------------------------------------------ building
    def _questions(self) -> list[Any]:
        if self.sandbox or self.exercise is None:
            return []
        from tutor.lessons.goals import answer_goals

        return answer_goals(self.exercise)  # (parsed once: the exercise caches its goals)

    def compose_modes(self) -> Iterator[Widget]:
        """The answer panel and the note on closed panels (in the side column, on top)."""
        questions = self._questions()
        if questions:
            yield AnswerPanel(questions, self._saved_answers(), id="answers-panel", classes="panel")
        if self.exercise is not None and not self.sandbox and (self.exercise.predict or self.exercise.exam):
            yield Static(id="locked-note", markup=False)

    def _saved_answers(self) -> dict[str, Answer]:
        saved = self.progress.peek_exercise(*self._keys).answers or {}
        known = {q.id for q in self._questions()}
        return {k: v for k, v in saved.items() if k in known}

    def setup_modes(self) -> None:
        """On mount: restore the answers, start an exam, close what must be closed."""
        if self.sandbox or self.exercise is None:
            return
        self.answers.update(self._saved_answers())
        if self.exercise.exam:
            self._start_exam()
        self.apply_locks()
        if self.panels_locked and self._questions() and self.exercise.predict:
            self.call_after_refresh(self._focus_answers)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ locks
    @property
    def exam_running(self) -> bool:
        return self.exam is not None and self.exam.running

    @property
    def awaiting_prediction(self) -> bool:
        """A predict exercise whose questions are not all answered yet."""
        ex = self.exercise
        if ex is None or self.sandbox or not ex.predict:
            return False
        return any(self.answers.get(q.id) in (None, "", []) for q in self._questions())

    @property
    def panels_locked(self) -> bool:
        """The panels (and the console) that would give the answer away stay closed."""
        return self.exam_running or self.awaiting_prediction

    #: the lock state last applied (None: not yet); the panels only change when it does
    _locks_applied: bool | None = None

    def apply_locks(self) -> None:
        """Close or open the revealing panels; called after every redraw (cheap when
        nothing changed: a redraw while locked may only have reopened Ports, Traffic or
        Policies, and the editor's marks)."""
        if self.sandbox:
            return
        locked = self.panels_locked
        screen: Any = self
        if locked == self._locks_applied:
            if locked:  # what a redraw decides by itself stays closed
                for selector in ("#ports-panel", "#traffic-panel", "#policies-panel"):
                    for widget in screen.query(selector):
                        widget.display = False
                if screen.editor.marks:
                    screen.editor.set_marks({})
            return
        self._locks_applied = locked
        screen.set_class(locked, "-locked")
        for selector in REVEALING:
            for widget in screen.query(selector):
                if locked:
                    widget.display = False
                elif selector in ("#goals-panel", "#pods-panel", "#problems"):
                    widget.display = True  # (Ports and Traffic: the redraw decides)
                elif selector == "#policies-panel":
                    widget.display = bool(getattr(screen, "_policies_shown", False))
        if locked:
            screen.editor.set_marks({})
            console = getattr(screen, "console_panel", None)
            if console is not None and console.display:
                screen.close_console()
        screen.editor.read_only = bool(self.awaiting_prediction)
        for note in screen.query("#locked-note").results(Static):
            note.display = locked
            if self.exam_running:
                note.update(_("Exam: the panels stay closed until you hand it in with Ctrl+R. No hints; the "
                              "timer is running."))
            elif locked:
                note.update(_("Predict first: answer the question above. The panels and the console open once "
                              "you have answered."))

    # ------------------------------------------------------------------ answers
    def on_answer_panel_answered(self, message: AnswerPanel.Answered) -> None:
        message.stop()
        self.answer_given(message.goal_id, message.answer)

    def answer_given(self, goal_id: str, answer: Answer | None) -> None:
        """The learner answered (in the answer panel or the console): check it, keep it
        with the progress, and open the panels once a prediction is made."""
        was_locked = self.panels_locked
        self.submit_answer(goal_id, answer)  # type: ignore[attr-defined]
        if not self.sandbox:
            self.progress.set_answers(*self._keys, self.answers)
            self.progress.save()
        if was_locked and not self.panels_locked:
            screen: Any = self
            screen.notify(_("Answered. The panels are open now: compare your prediction with what they show."),
                          markup=False)
            if self._view is not None:
                screen._render_view(self._view)
        self.apply_locks()

    def show_answer_results(self, result: ExerciseResult | None) -> None:
        if not self._questions():
            return
        screen: Any = self
        for panel in screen.query("#answers-panel").results(AnswerPanel):
            panel.show_results(None if self.exam_running else result)

    def _focus_answers(self) -> None:
        screen: Any = self
        for panel in screen.query("#answers-panel").results(AnswerPanel):
            panel.focus_first()

    def action_focus_answers(self) -> None:
        self._focus_answers()

    def restore_answer_panel(self, answers: dict[str, Answer] | None) -> None:
        """Show these answers in the panel (None: clear it)."""
        screen: Any = self
        for panel in screen.query("#answers-panel").results(AnswerPanel):
            if answers is None:
                panel.clear()
            else:
                panel.set_answers(answers)

    # ------------------------------------------------------------------ exam
    def _start_exam(self) -> None:
        ex = self.exercise
        assert ex is not None
        self.exam = ExamRun(self.clock, limit=ex.exam_minutes * 60 if ex.exam_minutes else None)
        screen: Any = self
        if self._exam_timer is None:
            self._exam_timer = screen.set_interval(1.0, self.tick_exam)

    def tick_exam(self) -> None:
        """Once a second: the timer on the status line; hand in when the time is up."""
        exam = self.exam
        if exam is None:
            return
        if exam.expired:
            self.hand_in(timed_out=True)
            return
        if exam.running:
            screen: Any = self
            screen._update("#status", exam.status())

    def hand_in(self, *, timed_out: bool = False) -> None:
        """End the exam: score the text on screen now, save it, open the panels."""
        exam = self.exam
        if exam is None or not exam.running or self.exercise is None:
            return
        from tutor.lessons.goals import check

        screen: Any = self
        result = check(self.exercise, screen.editor.text, answers=dict(self.answers))
        counted = [g for g in result.goals if not g.implicit]
        valid = all(g.passed for g in result.goals if g.implicit)  # a rejected manifest scores nothing
        score = sum(1 for g in counted if g.passed) if valid else 0
        exam.hand_in(score, len(counted))
        best = self.progress.record_exam(*self._keys, score, len(counted), exam.elapsed())
        self.progress.save()
        record = self.progress.peek_exercise(*self._keys).exam
        message = exam.status()
        if record is not None and not best:
            message += " " + _("Your best: {score} of {total} in {time}.").format(
                score=record.score, total=record.total, time=clock_text(record.seconds))
        elif best and record is not None and record.attempts > 1:
            message += " " + _("A new best!")
        if timed_out:
            message = _("Time is up.") + " " + message
        screen.notify(message, title=_("Exam"), timeout=12, markup=False)
        self.apply_locks()
        if self._view is not None:
            screen._render_view(self._view)
        screen.refresh_bindings()

    def confirm_hand_in(self) -> None:
        from tutor.ui.dialogs import ConfirmDialog

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.hand_in()

        screen: Any = self
        screen.app.push_screen(ConfirmDialog(
            N_("Hand in the exam?"),
            N_("Your score is the goals met by the text on screen now, and the time it took. Then the panels "
               "open and you can go on working on it."),
            confirm=N_("Hand in"), confirm_focused=True), done)  # (nothing is lost: work goes on after it)

    def restart_exam(self) -> None:
        """The exercise starts over: so does the exam."""
        if self.exercise is not None and self.exercise.exam:
            self.exam = None
            self._start_exam()
            self.apply_locks()

    def mode_status(self, line: str) -> str:
        """The status line, with the exam's part (while it runs, only the timer)."""
        exam = self.exam
        if self.awaiting_prediction:
            return "… " + _("Predict first: answer the question; then the panels open.")
        if exam is None:
            return line
        if exam.running:
            return exam.status()
        return exam.status() + "  " + line

    # ------------------------------------------------------------------ feedback tiers
    def feedback_tier(self) -> int:
        from tutor.lessons.goals import tier

        if self.sandbox or self.exercise is None:
            return 2
        record = self.progress.peek_exercise(*self._keys)
        return tier(record.hints_used, record.checks, solution_viewed=record.solution_viewed,
                    hints_total=len(self.exercise.hints))

    def count_failed_check(self) -> None:
        """Ctrl+R found the exercise unsolved: the feedback may say more next time."""
        if self.sandbox or self.exercise is None:
            return
        self.progress.count_check(*self._keys)
        self.progress.save()


def locked_message(exam: bool = False) -> Text:
    """Why a revealing tool (the console) is closed now."""
    if exam:
        return Text(N_("No console during the exam. Hand it in with Ctrl+R first."))
    return Text(N_("Answer first: this exercise asks for your prediction before anything shows the answer."))
