"""The shape of the shipped course (issue 13): enough exercises of varied kinds, a review
at the end of each concern, an exam, DNS exercises with the new goal forms."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from tutor.lessons.model import load_lessons

ROOT = Path(__file__).resolve().parents[2]

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


def test_networkpolicy_comes_before_troubleshooting_which_closes_the_course():
    """Issue 13's exam is in the final lesson: troubleshooting comes last, after the two
    NetworkPolicy lessons, and its exam has a NetworkPolicy fault."""
    lessons = load_lessons()
    order = [lesson.id for lesson in lessons]
    assert order[-1] == "troubleshooting"
    assert order.index("network-policies") < order.index("egress-dns-and-outside") < order.index("troubleshooting")
    exam = lessons[-1].exercises[-1]
    assert exam.exam
    kinds = [d.get("kind") for d in yaml.safe_load_all(exam.start) if isinstance(d, dict)]
    assert "NetworkPolicy" in kinds
    assert exam.start.count("port: 443") > exam.solution.count("port: 443")  # the policy's port is a fault
    assert {g.kind for g in exam.goals} >= {"reach", "denied"}


def test_texts_that_name_lesson_numbers_follow_the_order():
    """The welcome lesson's map, the README's lesson table and the cross-references use the
    numbers the lessons have now."""
    lessons = load_lessons()
    number = {lesson.id: lesson.number for lesson in lessons}
    welcome = lessons[0].body
    np1, np2, last = number["network-policies"], number["egress-dns-and-outside"], number["troubleshooting"]
    assert f"Lessons {np1} and {np2} cover NetworkPolicy" in welcome
    assert f"Lesson {last}, troubleshooting" in welcome
    assert f"The troubleshooting lesson (lesson {last}) ends with an **exam**" in welcome
    assert f"lessons {np1} and {np2}" in number_text(lessons, "pod-to-pod")
    assert f"(lesson {np2})" in lessons[number["troubleshooting"] - 1].body
    assert f"(lesson {np1})" in lessons[number["egress-dns-and-outside"] - 1].body
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+?) \|(?: \d+ \|)?$", readme, re.MULTILINE)
    assert [(int(n), title) for n, title in rows] == [(lesson.number, lesson.title) for lesson in lessons]


def number_text(lessons, lesson_id: str) -> str:
    return next(lesson.body for lesson in lessons if lesson.id == lesson_id)


def test_welcome_lists_every_lab_panel_and_key():
    """The welcome lesson names every panel of the lab and every key the lessons rely on."""
    welcome = load_lessons()[0].body
    for panel in ("**Check**", "**Pods**", "**Ports**", "**Problems**", "**Traffic**", "**Policies**"):
        assert panel in welcome
    assert "six panels" in welcome
    for key in ("`F1`", "`F2`", "`F3`", "`F4`", "`F5`", "`F6`", "`F7`", "`F8`", "`Ctrl+R`", "`Ctrl+S`", "`Ctrl+T`",
                "`Ctrl+N`", "`Ctrl+Z`", "`Ctrl+Q`"):
        assert key in welcome, key


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
