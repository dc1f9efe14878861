"""The lab passes the learner's answers to ``answer`` goals to the checker, and the
Traffic panel lists every endpoint that could answer a request through a Service."""

from __future__ import annotations

from textual.widgets import Static

from ktui_helpers import settle, widget_text
from tutor.lessons import goals as G
from tutor.paths import lessons_dir
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.lab import LabScreen

SIZE = (120, 40)


async def open_exercise(pilot, lesson_id: str) -> LabScreen:
    app = pilot.app
    lesson = next(lesson for lesson in app.lessons if lesson.id == lesson_id)
    app.open_lesson(lesson)
    await pilot.pause()
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


def text_of(lab: LabScreen, selector: str) -> str:
    return " ".join(widget_text(lab.query_one(selector, Static)).split())  # panels wrap lines


async def test_a_question_is_answered_through_the_lab_and_then_solved():
    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, "labels-and-selectors")
        exercise = lab.exercise
        [question] = G.answer_goals(exercise)
        lab._replace_text(exercise.solution)
        await settle(pilot)
        assert "Not solved yet" in text_of(lab, "#status")
        assert "Not answered yet" in text_of(lab, "#goals")
        # the request preset goes through the Service: every endpoint that could answer is listed
        traffic = text_of(lab, "#traffic")
        assert "at random for each new connection" in traffic and "← this connection" in traffic
        assert "shop-v2-5b6c7d8f9-k4m7n" in traffic and "shop-v2-5b6c7d8f9-p5r6s" in traffic
        lab.submit_answer(question.id, ["shop-v2-5b6c7d8f9-k4m7n", "shop-v2-5b6c7d8f9-w9x2z"])
        await settle(pilot)
        assert "Not solved yet" in text_of(lab, "#status")
        assert "Wrong in your answer: shop-v2-5b6c7d8f9-w9x2z" in text_of(lab, "#goals")
        lab.submit_answer(question.id, ["shop-v2-5b6c7d8f9-k4m7n", "shop-v2-5b6c7d8f9-p5r6s"])
        await settle(pilot)
        assert "Solved" in text_of(lab, "#status")
