"""Pilot tests of the answer panel's keys (F7): a digit only moves to a choice (Enter
answers), and a second question below the panel's edge is scrolled into view, reached
after the first is answered and counted on the border."""

from __future__ import annotations

import pytest

from ktui_helpers import settle, widget_text
from tutor.paths import lessons_dir
from tutor.ui.answer import AnswerPanel, ChoiceList
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.lab import LabScreen

SMALL = (80, 24)


async def open_exercise(pilot, lesson_id: str, exercise_id: str) -> LabScreen:
    app = pilot.app
    entry = next(entry for entry in app.lessons if entry.id == lesson_id)
    lesson = app.full_lesson(entry)
    app.open_exercise(lesson, next(e for e in lesson.exercises if e.id == exercise_id))
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


def state_line(lab: LabScreen, n: int) -> str:
    return " ".join(widget_text(lab.query_one(f"#state-{n}")).split())


def shown(lab: LabScreen, n: int) -> bool:
    """Question ``n``'s text is on screen (at least its first line)."""
    from textual.errors import NoWidget

    try:
        geometry = lab.find_widget(lab.query_one(f"#question-{n}"))
    except NoWidget:
        return False
    return geometry.visible_region.height > 0 and geometry.visible_region.y == geometry.region.y


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_a_digit_moves_to_a_choice_and_enter_answers(language, request):
    if language == "ko":
        request.getfixturevalue("korean")
    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, "pod-to-pod", "predict-source-address")
        await pilot.press("f7")
        await pilot.pause()
        choices = lab.query_one("#answer-0", ChoiceList)
        assert app.focused is choices
        await pilot.press("2")
        await settle(pilot)
        assert choices.highlighted == 1  # looking at choice 2 ...
        assert lab.answers == {} and lab.awaiting_prediction  # ... is no prediction
        assert choices.marked == set()
        waiting = "아직 답하지 않았습니다." if language == "ko" else "Not answered yet."
        keys = ("↑↓나 숫자로 선택지로 이동한 뒤 Enter로 답하십시오." if language == "ko"
                else "↑↓ or a digit moves to a choice, Enter answers with it.")
        assert state_line(lab, 0) == f"{waiting} {keys}"
        await pilot.press("3", "1")
        await settle(pilot)
        assert choices.highlighted == 0 and lab.answers == {}
        await pilot.press("enter")  # Enter answers with the highlighted choice
        await settle(pilot)
        assert lab.answers == {"source": "10.244.1.2"}
        assert not lab.awaiting_prediction
        assert "10.244.1.2" in state_line(lab, 0)


async def test_a_digit_moves_in_a_multiple_question_and_space_marks():
    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=(120, 40)) as pilot:
        lab = await open_exercise(pilot, "labels-and-selectors", "only-v2")
        choices = lab.query_one("#answer-0", ChoiceList)
        choices.focus()
        await pilot.press("2")
        await pilot.pause()
        assert choices.highlighted == 1 and choices.marked == set()  # moved, not marked
        await pilot.press("space", "3", "space", "1")
        await pilot.pause()
        assert choices.highlighted == 0 and choices.marked == {1, 2}
        assert lab.answers == {}
        await pilot.press("enter")
        await settle(pilot)
        assert lab.answers == {"receivers": ["shop-v2-5b6c7d8f9-p5r6s", "shop-v2-5b6c7d8f9-w9x2z"]}


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_the_second_question_is_scrolled_into_view_and_counted(language, request):
    if language == "ko":
        request.getfixturevalue("korean")
    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, "why-services", "predict-rollout")
        panel = lab.query_one("#answers-panel", AnswerPanel)
        await pilot.press("f7")
        await pilot.pause()
        assert app.focused is lab.query_one("#answer-0")
        assert shown(lab, 0) and not shown(lab, 1)  # it does not fit
        assert panel.max_scroll_y > 0
        of = "질문 {n}/2" if language == "ko" else "question {n} of 2"
        assert str(panel.border_subtitle) == of.format(n=1)
        await pilot.press("tab")  # Tab to the second question: it comes into view
        await pilot.pause()
        assert app.focused is lab.query_one("#answer-1")
        assert shown(lab, 1)
        assert str(panel.border_subtitle) == of.format(n=2)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is lab.query_one("#answer-0") and shown(lab, 0)
        await pilot.press("3", "enter")  # answered: on to the second question, in view
        await settle(pilot)
        assert len(lab.answers) == 1 and lab.awaiting_prediction
        assert app.focused is lab.query_one("#answer-1")
        assert shown(lab, 1) and str(panel.border_subtitle) == of.format(n=2)
        await pilot.press("2", "enter")  # both answered: the focus stays
        await settle(pilot)
        assert len(lab.answers) == 2 and not lab.awaiting_prediction
        assert app.focused is lab.query_one("#answer-1")
        lab.editor.focus()
        await pilot.pause()
        assert str(panel.border_subtitle) == ("질문 2개" if language == "ko" else "2 questions")


async def test_keys_in_one_burst_in_a_typed_answer_keep_their_order():
    """Ctrl+U then digits then Enter, pasted or typed fast: the field is emptied first, the
    digits go in, Enter answers with them (Textual ran Ctrl+U and Enter after the digits)."""
    from textual import events

    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=(120, 40)) as pilot:
        lab = await open_exercise(pilot, "clusterip-dns", "search-list-order")
        field = lab.query_one("#answers-panel").query("Input").first()
        field.focus()
        field.value = "7"
        await pilot.pause()
        driver = app._driver
        for key, char in (("ctrl+u", None), ("3", "3"), ("8", "8"), ("9", "9"), ("enter", "\r")):
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        await settle(pilot)
        assert lab.answers.get("count") == "389"
