"""Lesson files: the loader's errors carry file and line; paragraph splitting and
extraction (code blocks stay out; a changed paragraph is a new msgid)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from tutor import i18n
from tutor.lessons.extract import extract_lessons, iter_messages
from tutor.lessons.model import LessonError, load_lesson, load_lessons
from tutor.lessons.text import split_paragraphs, translate_markdown

GOOD = textwrap.dedent("""\
    id: demo
    title: A demo lesson
    summary: One line.
    body: |
      First paragraph.

      Second paragraph,
      on two lines.

      ```yaml
      kind: Service

      metadata: {name: x}
      ```
    exercises:
      - id: one
        title: Do one thing
        task: |
          Do it.
        start: ""
        solution: |
          apiVersion: v1
        hints: [Think.]
        goals:
          - {kind: valid, message: The manifest is valid}
    """)


def write(tmp_path: Path, text: str, name: str = "01-demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> LessonError:
    with pytest.raises(LessonError) as err:
        load_lesson(path)
    return err.value


def test_a_good_lesson_loads(tmp_path):
    lesson = load_lesson(write(tmp_path, GOOD), 1)
    assert lesson.id == "demo" and lesson.number == 1
    assert [e.id for e in lesson.exercises] == ["one"]
    ex = lesson.exercises[0]
    assert ex.start == "" and ex.hints == ["Think."] and ex.goals[0].kind == "valid"
    assert ex.lines["goals"] == 25 and ex.lines["hints"] == 23 and lesson.lines["exercises"] == 16


@pytest.mark.parametrize("text, line, words", [
    ("id: x\ntitle: [unclosed\n", 3, "YAML syntax error"),
    ("- just\n- a list\n", 1, "must be a mapping"),
    (GOOD.replace("summary: One line.\n", ""), 1, "missing required field 'summary'"),
    (GOOD.replace("title: A demo lesson", "title: 42"), 2, "'title' must be a non-empty str"),
    (GOOD.replace("hints: [Think.]", "hints: [Think., '']"), 23, "hints must be a list of non-empty strings"),
    (GOOD.replace("- {kind: valid, message: The manifest is valid}", "- [kind, valid]"), 25,
     "each goal must be a mapping"),
    (GOOD.replace("id: one", "id: one\n    id: two"), 17, "duplicate key 'id'"),
    (GOOD + "  - id: one\n    title: T\n    task: t\n    start: ''\n    solution: s\n    goals: [{kind: valid}]\n",
     26, "duplicate exercise id 'one'"),
    (GOOD.replace("    start: \"\"\n", ""), 16, "missing required field 'start'"),
])
def test_loader_errors_name_the_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    err = error_of(path)
    assert err.file == str(path)
    assert err.line == line, err
    assert words in err.message
    assert str(err).startswith(f"{path}:{line}: ")


def test_duplicate_lesson_ids_across_files(tmp_path):
    write(tmp_path, GOOD, "01-a.yaml")
    write(tmp_path, GOOD, "02-b.yaml")
    with pytest.raises(LessonError) as err:
        load_lessons(tmp_path)
    assert "duplicate lesson id 'demo'" in err.value.message and err.value.line == 1


def test_lessons_are_ordered_by_file_name_and_private_files_skipped(tmp_path):
    write(tmp_path, GOOD.replace("id: demo", "id: second"), "02-b.yaml")
    write(tmp_path, GOOD.replace("id: demo", "id: first"), "01-a.yaml")
    write(tmp_path, "not: a lesson", "_draft.yaml")
    write(tmp_path, "ignored", "notes.txt")
    lessons = load_lessons(tmp_path)
    assert [(l.number, l.id) for l in lessons] == [(1, "first"), (2, "second")]


def test_paragraph_splitting_keeps_fences_whole():
    text = "One.\n\nTwo,\nstill two.\n\n```\ncode\n\nmore code\n```\n\n- item\n"
    blocks = split_paragraphs(text)
    assert [(b, t) for _, b, t in blocks] == [
        ("One.", True), ("Two,\nstill two.", True), ("```\ncode\n\nmore code\n```", False), ("- item", True)]
    assert [offset for offset, _, _ in blocks] == [0, 2, 5, 11]


def test_extraction_skips_code_and_ids_and_gives_lines(tmp_path):
    messages = list(iter_messages(GOOD))
    ids = [m for _, m, _ in messages]
    assert ids == ["A demo lesson", "One line.", "First paragraph.", "Second paragraph,\non two lines.",
                   "Do one thing", "Do it.", "Think.", "The manifest is valid"]
    lines = {m: line for line, m, _ in messages}
    assert lines["First paragraph."] == 5 and lines["Second paragraph,\non two lines."] == 7
    assert not any("kind: Service" in m or "apiVersion" in m for m in ids)
    babel = list(extract_lessons(io.BytesIO(GOOD.encode()), [], [], {}))
    assert [m for _, _, m, _ in babel] == ids


def test_a_changed_paragraph_becomes_a_new_msgid():
    before = {m for _, m, _ in iter_messages(GOOD)}
    after = {m for _, m, _ in iter_messages(GOOD.replace("First paragraph.", "First paragraph, edited."))}
    assert before - after == {"First paragraph."}
    assert after - before == {"First paragraph, edited."}


def test_untranslated_paragraphs_are_marked_and_code_is_kept(korean, monkeypatch):
    cat = i18n.catalog("ko")
    monkeypatch.setitem(cat.singular, "First paragraph.", "첫 문단.")
    shown = translate_markdown("First paragraph.\n\n```\nkind: Service\n```\n\n- Not translated.")
    assert shown.split("\n\n") == ["첫 문단.", "```\nkind: Service\n```", f"- {i18n.MISSING_MARK}Not translated."]
