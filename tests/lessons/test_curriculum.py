"""The shipped curriculum: every exercise checks by meaning, and the lessons are in order.

Parametrized over whatever lessons exist in ``lessons/``: the start text fails, the
solution passes (with the right answers to its questions; with its ``solution_commands``
run in a console, when it has some), every ``wrong:`` answer fails with feedback (its
``commands`` run too), at least two wrong answers, one of them a partial fix.
"""

from __future__ import annotations

import re

import pytest

from tutor.lessons import goals as G
from tutor.lessons.commands import check_state, evaluate_state, run_commands, solution_run
from tutor.lessons.model import lesson_files, load_lessons
from tutor.paths import lessons_dir

LESSONS = load_lessons()
EXERCISES = [pytest.param(lesson, ex, id=f"{lesson.id}/{ex.id}") for lesson in LESSONS for ex in lesson.exercises]
WRONG = [pytest.param(lesson, ex, n, id=f"{lesson.id}/{ex.id}/wrong{n + 1}")
         for lesson in LESSONS for ex in lesson.exercises for n in range(len(ex.wrong))]


def _solution(ex):
    """(text, commands, right answers) of the exercise's solution: its text, or what its
    ``solution_commands`` leave."""
    if not ex.solution_commands:
        return ex.solution, [], G.solution_answers(ex)
    ran = solution_run(ex)
    assert not ran.failures(), [line for line, _ in ran.failures()]
    return ran.text, ran.commands, G.solution_answers(ex, evaluate_state(ex, ran.text, ran.commands), text=ran.text)


def _why(result: G.ExerciseResult) -> str:
    return "; ".join(f"{G.english(g.label)}: {G.english(g.feedback)}" for g in result.failed)


def test_there_are_lessons():
    assert LESSONS, "no lessons shipped"


def test_lessons_are_ordered_and_ids_unique():
    files = lesson_files(lessons_dir())
    assert [lesson.path for lesson in LESSONS] == files
    assert [lesson.number for lesson in LESSONS] == list(range(1, len(LESSONS) + 1))
    numbers = [int(m.group(1)) for f in files if (m := re.match(r"(\d+)-", f.name))]
    assert len(numbers) == len(files), "every lesson file name starts with its number (05-name.yaml)"
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    ids = [lesson.id for lesson in LESSONS]
    assert len(ids) == len(set(ids))
    for lesson in LESSONS:
        ex_ids = [ex.id for ex in lesson.exercises]
        assert len(ex_ids) == len(set(ex_ids)), lesson.id


@pytest.mark.parametrize("lesson, ex", EXERCISES)
def test_goals_are_well_formed(lesson, ex):
    problems = [G.english(p) for goal in ex.goal_data for p in G.goal_problems(goal)]
    assert not problems


@pytest.mark.parametrize("lesson, ex", EXERCISES)
def test_start_fails(lesson, ex):
    result = G.check(ex, ex.start)
    assert not result.passed, "the start text already passes every goal"
    if ex.start != ex.solution:  # the text itself is wrong, whatever the learner answers
        assert not G.check(ex, ex.start, answers=_solution(ex)[2]).passed


@pytest.mark.parametrize("lesson, ex", EXERCISES)
def test_solution_passes(lesson, ex):
    text, commands, answers = _solution(ex)
    result = check_state(ex, text, commands, answers=answers)
    assert result.passed, _why(result)


@pytest.mark.parametrize("lesson, ex", EXERCISES)
def test_at_least_two_wrong_answers_one_partial_and_a_hint(lesson, ex):
    assert len(ex.wrong) >= 2
    assert any(w.get("partial") is True for w in ex.wrong), "no wrong answer is a partial fix"
    assert ex.hints


@pytest.mark.parametrize("lesson, ex, n", WRONG)
def test_wrong_answer_fails_with_feedback(lesson, ex, n):
    wrong = ex.wrong[n]
    answers = {**_solution(ex)[2], **wrong.get("answers", {})}
    if wrong.get("commands"):
        ran = run_commands(ex, wrong["commands"], wrong["text"])
        result = check_state(ex, ran.text, ran.commands, answers=answers)
    else:
        result = G.check(ex, wrong["text"], answers=answers)
    assert not result.passed, f"wrong answer {wrong.get('note')!r} passes"
    feedback = [G.english(g.feedback).strip() for g in result.failed]
    assert any(feedback), "fails without feedback"


@pytest.mark.parametrize("lesson, ex", EXERCISES)
def test_an_answer_question_is_never_solved_by_the_text_alone(lesson, ex):
    if G.answer_goals(ex):
        text, commands, _answers = _solution(ex)
        result = check_state(ex, text, commands)
        assert not result.passed and any("Not answered yet" in G.english(g.feedback) for g in result.failed)


def test_each_networking_concern_has_console_exercises():
    """At least two ``kind: command`` exercises per concern (loopback: lesson 2; Pod to Pod:
    3; inside: 4-8; outside: 9-10), and troubleshooting (11) is built around the console."""
    command = {lesson.number: sum(ex.kind == "command" for ex in lesson.exercises) for lesson in LESSONS}
    concerns = {"loopback": [2], "pod-to-pod": [3], "inside": [4, 5, 6, 7, 8], "outside": [9, 10]}
    for concern, numbers in concerns.items():
        assert sum(command.get(n, 0) for n in numbers) >= 2, concern
    troubleshooting = next(lesson for lesson in LESSONS if lesson.id == "troubleshooting")
    assert sum(ex.kind == "command" for ex in troubleshooting.exercises) >= 2
    for step in ("kubectl get", "kubectl describe", "endpointslices", "kubectl exec", "nslookup", "curl"):
        assert step in troubleshooting.body, step
