"""The shape of the shipped course (issue 13): enough exercises of varied kinds, a review
at the end of each concern, an exam, DNS exercises with the new goal forms."""

from __future__ import annotations

from collections import Counter

from tutor.lessons.model import load_lessons

#: the lessons that close a networking concern, each ending with its review
CONCERN_ENDS = ("pod-loopback", "pod-to-pod", "clusterip-dns", "headless-externalname")


def test_at_least_45_exercises_of_at_least_three_kinds():
    lessons = load_lessons()
    exercises = [e for lesson in lessons for e in lesson.exercises]
    kinds = Counter(e.kind for e in exercises)
    assert len(exercises) >= 45, len(exercises)
    assert len([k for k, n in kinds.items() if n]) >= 3, kinds
    assert {"fix", "write", "predict"} <= set(kinds)


def test_every_lesson_after_the_welcome_has_three_exercises():
    for lesson in load_lessons()[1:]:
        assert len(lesson.exercises) >= 3, lesson.id


def test_each_concern_ends_with_a_review_of_mixed_kinds():
    lessons = {lesson.id: lesson for lesson in load_lessons()}
    reviews = []
    for lesson_id in CONCERN_ENDS:
        exercises = lessons[lesson_id].exercises
        assert exercises[-1].review, f"{lesson_id} does not end with its review"
        first = next(i for i, e in enumerate(exercises) if e.review)
        assert all(e.review for e in exercises[first:]), f"{lesson_id}: the review section is not at the end"
        reviews += exercises[first:]
    assert len({e.kind for e in reviews}) >= 3


def test_the_troubleshooting_lesson_ends_with_a_timed_exam():
    lesson = next(lesson for lesson in load_lessons() if lesson.id == "troubleshooting")
    exam = lesson.exercises[-1]
    assert exam.exam and exam.exam_minutes and not exam.review


def test_dns_exercises_use_the_new_goal_forms():
    forms = Counter()
    for lesson in load_lessons():
        for exercise in lesson.exercises:
            for goal in exercise.goals:
                if goal.kind == "dns" and goal.expect.shape in ("srv", "pod", "pods", "ip"):
                    forms[goal.expect.shape] += 1
                if goal.kind == "dns" and goal.expect.lookups is not None:
                    forms["lookups"] += 1
    assert {"srv", "pod", "pods", "lookups"} <= set(forms), forms
