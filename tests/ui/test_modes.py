"""Pilot tests of the exercise kinds in the lab: the answer widget (keyboard first, both
languages), predict exercises (the panels stay closed until answered), exam mode (timer
on an injected clock, no hints, hand-in and score), and feedback tiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ktui_helpers import settle, widget_text
from tutor import i18n
from tutor.ui.answer import AnswerPanel, ChoiceList
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.dialogs import ConfirmDialog
from tutor.ui.lab import LabScreen
from tutor.ui.lab_modes import REVEALING

LESSONS = Path(__file__).parent / "teach_lessons"
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _korean_for_these_lessons():
    singular = i18n.catalog("ko").singular
    for msgid, msgstr in json.loads((LESSONS / "ko.json").read_text(encoding="utf-8")).items():
        singular.setdefault(msgid, msgstr)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def open_exercise(pilot, index: int) -> LabScreen:
    app = pilot.app
    lesson = app.full_lesson(app.lessons[0])
    app.open_exercise(lesson, lesson.exercises[index])
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


def shown(lab: LabScreen, selector: str) -> bool:
    return lab.query_one(selector).display


def text(lab: LabScreen, selector: str) -> str:
    return " ".join(widget_text(lab.query_one(selector, Static)).split())


# --------------------------------------------------------------------------- predict
async def test_a_prediction_is_answered_with_the_keyboard_before_the_panels_open():
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        assert lab.panels_locked and all(not shown(lab, s) for s in REVEALING)
        assert lab.editor.read_only and lab.editor.marks == {}
        assert "Predict first" in text(lab, "#locked-note")
        choices = lab.query_one("#answer-0", ChoiceList)
        assert app.focused is choices  # keyboard first: the question has the focus
        assert "Predict" in text(lab, "#task-text")
        await pilot.press("ctrl+r")  # checking does not open anything before the answer
        await pilot.pause()
        assert lab.panels_locked
        await pilot.press("f6")  # nor does the console
        await pilot.pause()
        assert not lab.console_open and lab.console_panel is None
        # mark both choices (a wrong prediction) and answer
        await pilot.press("space", "down", "space", "enter")
        await settle(pilot)
        assert not lab.panels_locked and shown(lab, "#goals-panel") and shown(lab, "#pods-panel")
        assert not lab.editor.read_only
        await pilot.press("f6")  # answered: the console opens
        await pilot.pause()
        assert lab.console_open
        await pilot.press("f6")
        await pilot.pause()
        lab.query_one("#answer-0").focus()
        assert "✗ Your answer: web-1, web-2 · not right yet" in text(lab, "#state-0")
        assert "Wrong in your answer: web-2" in text(lab, "#goals")
        assert app.progress.peek_exercise("modes", "which-pods").answers == {"receivers": ["web-1", "web-2"]}
        # now the panels show why: unmark web-2 and answer again
        await pilot.press("2", "space", "enter")  # a digit moves, Space marks
        await settle(pilot)
        assert "✓ Your answer: web-1 · right" in text(lab, "#state-0")
        assert "Solved" in text(lab, "#status")
        assert app.progress.peek_exercise("modes", "which-pods").status == "done"


async def test_a_typed_answer_and_the_answers_come_back_when_reopened():
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 1)
        field = lab.query_one("#answer-0", Input)
        assert app.focused is field and lab.panels_locked
        await pilot.press(*"80", "enter")
        await settle(pilot)
        assert not lab.panels_locked and "not right yet" in text(lab, "#state-0")
        field.value = ""
        await pilot.press(*" Port 8080 ", "enter")  # case and spaces do not matter
        await settle(pilot)
        assert "right" in text(lab, "#state-0") and "Solved" in text(lab, "#status")
        await pilot.press("escape")
        await pilot.pause()
        lab = await open_exercise(pilot, 1)
        assert not lab.panels_locked and lab.answers == {"port": "Port 8080"}
        assert lab.query_one("#answer-0", Input).value == "Port 8080"


async def test_the_answer_widget_speaks_korean():
    i18n.set_language("ko")
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        assert text(lab, "#question-0") == "web의 트래픽을 받는 파드는 어느 것인가?"
        assert "아직 답하지 않았습니다" in text(lab, "#state-0")
        assert lab.query_one("#answers-panel", AnswerPanel).border_title == "답"
        assert "먼저 예측하십시오" in text(lab, "#locked-note")
        await pilot.press("f2")
        await pilot.pause()
        assert text(lab, "#locked-note").startswith("Predict first: answer the question above.")
        await pilot.press("f2")
        await pilot.pause()
        lab.query_one("#answer-0").focus()
        await pilot.press("1", "space", "enter")
        await settle(pilot)
        assert "답: web-1" in text(lab, "#state-0") and "맞습니다" in text(lab, "#state-0")
        await pilot.press("f2")
        await pilot.pause()
        assert "Your answer: web-1 · right" in text(lab, "#state-0")
        assert text(lab, "#question-0") == "Which Pods receive traffic from web?"


# --------------------------------------------------------------------------- exam
async def test_exam_mode_runs_a_timer_gives_no_hints_and_saves_the_score(monkeypatch, notes):
    clock = FakeClock()
    monkeypatch.setattr(LabScreen, "clock", staticmethod(clock))
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 2)
        assert lab.exam_running and all(not shown(lab, s) for s in REVEALING)
        assert text(lab, "#status").startswith("⏱ Exam: 00:00 · 10:00 left")
        clock.now += 75
        lab.tick_exam()
        assert text(lab, "#status").startswith("⏱ Exam: 01:15 · 08:45 left")
        await pilot.press("f3")
        await pilot.pause()
        assert notes[-1] == "No hints during the exam. Hand it in with Ctrl+R first."
        assert app.progress.peek_exercise("modes", "final").hints_used == 0
        # fix the selector only, then hand in: one of two goals
        line = lab.editor.document.get_line(6)
        lab.editor.replace("    app: web", (6, 0), (6, len(line)))
        await settle(pilot)
        assert all(not shown(lab, s) for s in REVEALING)  # still closed while typing
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # Ctrl+R, Enter hands in ("Hand in" has the focus: nothing is lost)
        await settle(pilot)
        assert not lab.exam_running and shown(lab, "#goals-panel")
        score = app.progress.peek_exercise("modes", "final").exam
        assert (score.score, score.total, score.seconds, score.attempts) == (1, 2, 75, 1)
        assert "Exam handed in: 1 of 2 goals met in 01:15." in notes[-1]
        # after the hand-in, hints are back
        await pilot.press("f3")
        await pilot.pause()
        assert app.progress.peek_exercise("modes", "final").hints_used == 1
        # the lesson page shows the best score
        await pilot.press("escape")
        await pilot.pause()
        app.open_lesson(app.lessons[0])
        await pilot.pause()
        title = " ".join(widget_text(app.screen.query_one("#exercise-title-2", Static)).split())
        assert "best: 1 of 2 in 01:15" in title and "Fix · exam" in title


async def test_an_exam_is_handed_in_when_the_time_is_up(monkeypatch, notes):
    clock = FakeClock()
    monkeypatch.setattr(LabScreen, "clock", staticmethod(clock))
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 2)
        clock.now += 11 * 60
        lab.tick_exam()
        await settle(pilot)
        assert not lab.exam_running and notes[-1].startswith("Time is up.")
        score = app.progress.peek_exercise("modes", "final").exam
        assert (score.score, score.total, score.seconds) == (0, 2, 600)  # capped at the limit
        # starting over starts a new exam
        await pilot.press("f5")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert lab.exam_running and all(not shown(lab, s) for s in REVEALING)


# --------------------------------------------------------------------------- feedback tiers
async def test_the_check_panel_says_more_after_hints_and_failed_checks(monkeypatch):
    from tutor.lessons import goals as G

    clock = FakeClock()
    monkeypatch.setattr(LabScreen, "clock", staticmethod(clock))
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 2)
        lab.hand_in()  # (an exam handed in at once works like any exercise)
        await settle(pilot)

        def says(level: int) -> bool:
            first = next(g for g in lab._view.result.goals if not g.passed)
            return " ".join(G.english(first.feedback_at(level)).split()) in text(lab, "#goals")

        assert lab.feedback_tier() == G.SYMPTOM and says(G.SYMPTOM) and not says(G.CAUSE)
        assert "Service web selects no Pods." in text(lab, "#goals")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.progress.peek_exercise("modes", "final").checks == 2
        assert lab.feedback_tier() == G.CAUSE and says(G.CAUSE) and not says(G.FIX)
        await pilot.press("f3")
        await pilot.pause()
        assert lab.feedback_tier() == G.FIX and says(G.FIX)
        assert "A selector that matches exactly these Pods: app: web." in text(lab, "#goals")


async def test_lesson_6_question_is_answered_with_the_keyboard():
    """The fix exercise of lesson 6 asks which Pods receive traffic: its answer panel sits
    above the open panels (a fix exercise locks nothing) and F7 reaches it."""
    from tutor.paths import lessons_dir

    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=SIZE) as pilot:
        entry = next(e for e in app.lessons if e.id == "labels-and-selectors")
        lesson = app.full_lesson(entry)
        app.open_exercise(lesson, lesson.exercises[0])
        await settle(pilot)
        lab = app.screen
        assert not lab.panels_locked and shown(lab, "#pods-panel") and shown(lab, "#answers-panel")
        lab._replace_text(lesson.exercises[0].solution)
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert app.focused is lab.query_one("#answer-0", ChoiceList)
        await pilot.press("1", "space", "2", "space", "enter")  # the two ready v2 Pods
        await settle(pilot)
        assert "Solved" in text(lab, "#status")


async def test_sentence_choices_are_shown_in_korean_and_answered_in_english():
    from tutor.paths import lessons_dir

    i18n.set_language("ko")
    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=SIZE) as pilot:
        entry = next(e for e in app.lessons if e.id == "defining-a-service")
        lesson = app.full_lesson(entry)
        exercise = next(e for e in lesson.exercises if e.id == "predict-default-target")
        app.open_exercise(lesson, exercise)
        await settle(pilot)
        lab = app.screen
        choices = " ".join(widget_text(lab.query_one("#answer-0", ChoiceList)).split())
        assert "MyApp 파드의 포트 80" in choices and "port 80 of a MyApp Pod" not in choices
        await pilot.press("1", "enter")  # a digit moves, Enter answers
        await settle(pilot)
        assert "답: MyApp 파드의 포트 80" in text(lab, "#state-0")
        assert app.progress.peek_exercise("defining-a-service", "predict-default-target").answers == \
            {"lands": "port 80 of a MyApp Pod"}
        await pilot.press("f2")
        await pilot.pause()
        assert "port 80 of a MyApp Pod" in " ".join(widget_text(lab.query_one("#answer-0", ChoiceList)).split())
