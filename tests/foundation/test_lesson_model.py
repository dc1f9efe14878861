"""Lesson files are data: unsafe tags and malformed files become LessonError with a line."""

from __future__ import annotations

import pytest

from tutor.lessons.model import LessonError, load_lesson, load_lessons


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('id: x\ntitle: !!python/object:os.system "echo"\nsummary: s\nbody: b\nexercises: []\n', 2, "unsupported value"),
        ("id: x\ntitle: t\nsummary: s\nbody: b\nexercises: [\n", 6, "YAML syntax error"),
        ("id: x\ntitle: t\nsummary: s\nbody: b\n", 1, "missing required field 'exercises'"),
        ("id: x\nid: y\n", 2, "duplicate key"),
        ("- just a list\n", 1, "must be a mapping"),
    ],
)
def test_bad_lesson_files(tmp_path, text, line, words):
    path = tmp_path / "01-bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.line == line
    assert words in info.value.message


def test_invalid_utf8_is_a_lesson_error(tmp_path):
    path = tmp_path / "01-bad.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(LessonError):
        load_lesson(path)


def test_shipped_lessons_load_in_order():
    lessons = load_lessons()
    assert [lesson.number for lesson in lessons] == list(range(1, len(lessons) + 1))
    assert lessons[0].id == "welcome" and len(lessons) >= 11


EXERCISE = """\
id: x
title: t
summary: s
body: b
exercises:
  - id: e
{kind}    title: t
    task: t
    start: ""
    solution: "kind: Service"
    goals: [{{kind: valid}}]
"""


def test_an_exercise_kind_is_fix_by_default_or_one_of_the_kinds(tmp_path):
    path = tmp_path / "01-x.yaml"
    path.write_text(EXERCISE.format(kind=""), encoding="utf-8")
    assert load_lesson(path).exercises[0].kind == "fix"
    for kind in ("write", "predict", "command"):
        path.write_text(EXERCISE.format(kind=f"    kind: {kind}\n"), encoding="utf-8")
        assert load_lesson(path).exercises[0].kind == kind
    path.write_text(EXERCISE.format(kind="    kind: guess\n"), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.line == 7 and "kind must be one of fix, write, predict, command" in info.value.message
