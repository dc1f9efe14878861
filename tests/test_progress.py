"""tutor.progress: states, atomic saving, recovery from bad files, unwritable folders."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor import i18n
from tutor import progress as progress_mod
from tutor.progress import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    SCHEMA,
    SOLUTION_VIEWED,
    load_progress,
    progress_path,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_path_honours_ktutor_home(tmp_path):
    assert progress_path() == tmp_path / "ktutor-home" / "progress.json"


def test_missing_file_is_a_fresh_start():
    p = load_progress()
    assert p.lessons == {} and p.notices == [] and p.last_lesson is None
    assert p.lesson_state("anything") == NOT_STARTED


def test_lesson_states():
    p = load_progress()
    ids = ["a", "b"]
    assert p.lesson_state("l", ids) == NOT_STARTED
    p.open_lesson("l", ids)
    assert p.lesson_state("l", ids) == IN_PROGRESS
    p.mark_done("l", "a")
    assert p.lesson_state("l", ids) == IN_PROGRESS
    p.mark_done("l", "b")
    assert p.lesson_state("l", ids) == DONE
    # without ids: the list seen when the lesson was opened
    assert p.lesson_state("l") == DONE
    p.view_solution("l", "a")
    assert p.lesson_state("l") == SOLUTION_VIEWED


def test_text_makes_an_exercise_in_progress():
    p = load_progress()
    assert p.set_text("l", "a", "kind: Service\n")
    assert not p.set_text("l", "a", "kind: Service\n")
    assert p.exercise("l", "a").status == IN_PROGRESS
    assert p.lesson_state("l", ["a"]) == IN_PROGRESS


def test_hints_are_counted_and_capped():
    p = load_progress()
    assert [p.use_hint("l", "a", 2) for _ in range(4)] == [1, 2, 2, 2]


def test_reset_exercise_keeps_what_was_seen():
    p = load_progress()
    p.set_text("l", "a", "x")
    p.mark_done("l", "a")
    p.reset_exercise("l", "a")
    assert p.exercise("l", "a").text is None
    assert p.exercise("l", "a").status == NOT_STARTED
    p.use_hint("l", "a", 3)
    p.reset_exercise("l", "a")
    assert p.exercise("l", "a").hints_used == 1
    assert p.exercise("l", "a").status == IN_PROGRESS


def test_reset_all_keeps_language():
    p = load_progress()
    p.set_language("ko")
    p.mark_done("l", "a")
    p.open_lesson("l")
    p.reset_all()
    assert p.lessons == {} and p.last_lesson is None and p.language == "ko"


def test_round_trip(tmp_path):
    p = load_progress()
    p.open_lesson("svc", ["one", "two"], "one")
    p.set_text("svc", "one", "안녕: 세계\n")
    p.use_hint("svc", "one", 3)
    p.mark_done("svc", "two")
    p.set_language("ko")
    assert p.save() and not p.dirty
    data = json.loads(progress_path().read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA
    q = load_progress()
    assert q.notices == []
    assert q.to_json() == p.to_json()
    assert q.exercise("svc", "one").text == "안녕: 세계\n"
    assert (q.last_lesson, q.last_exercise, q.language) == ("svc", "one", "ko")


def test_save_is_atomic_and_leaves_no_temp_files(monkeypatch):
    p = load_progress()
    p.mark_done("l", "a")
    assert p.save()
    before = progress_path().read_text()
    calls = []

    def failing_replace(src, dst):
        calls.append((src, dst))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_mod.os, "replace", failing_replace)
    p.mark_done("l", "b")
    assert not p.save()
    assert calls
    # The old file is untouched and the temporary file was removed.
    assert progress_path().read_text() == before
    assert sorted(f.name for f in progress_path().parent.iterdir()) == ["progress.json"]
    assert len(p.notices) == 1 and "No space left" in str(p.notices[0])


def test_fsync_is_called(monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(progress_mod.os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    p = load_progress()
    p.mark_done("l", "a")
    assert p.save()
    assert synced


@pytest.mark.parametrize("content", [
    b"{not json",
    b"\xff\xfe garbage",
    b"[]",
    b'{"schema": 99, "lessons": {}}',
    b'{"lessons": {}}',
    b'{"schema": 1, "lessons": []}',
    b"",
])
def test_corrupt_file_is_moved_aside(content):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    seen = []
    p = load_progress()
    p.on_notice = seen.append
    assert p.lessons == {}
    backups = [f for f in path.parent.iterdir() if f.name.startswith("progress.json.corrupt-")]
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert not path.exists()
    assert len(p.notices) == 1 and backups[0].name in str(p.notices[0])
    # It is a fresh, saveable start.
    p.mark_done("l", "a")
    assert p.save() and path.exists()


def test_wrong_schema_notice_names_the_schema():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": 2}')
    p = load_progress()
    assert "schema 2" in str(p.notices[0])


def test_notice_is_translated_when_shown(korean):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text("{")
    p = load_progress()
    text = p.notices[0]
    i18n.set_language("en")
    assert "could not be used" in str(text)


def test_partly_bad_file_keeps_the_good_parts():
    path = progress_path()
    path.parent.mkdir(parents=True)
    data = {"schema": 1, "lessons": {
        "good": {"opened": True, "exercises": {"a": {"status": "done", "hints_used": 2, "text": "x"}}},
        "bad": "nonsense",
        "half": {"opened": True, "exercises": {"b": {"status": "flying", "hints_used": -3}}},
    }}
    path.write_text(json.dumps(data))
    p = load_progress()
    assert p.exercise("good", "a").status == DONE
    assert p.exercise("good", "a").hints_used == 2
    assert "bad" not in p.lessons
    assert p.exercise("half", "b").status == NOT_STARTED
    backups = [f for f in path.parent.iterdir() if ".corrupt-" in f.name]
    assert len(backups) == 1 and json.loads(backups[0].read_text()) == data
    assert path.exists() and len(p.notices) == 1


def test_two_corrupt_files_in_one_second_get_distinct_backups(monkeypatch):
    monkeypatch.setattr(progress_mod.time, "localtime", lambda now=None: __import__("time").gmtime(0))
    path = progress_path()
    path.parent.mkdir(parents=True)
    for _ in range(2):
        path.write_text("{")
        load_progress()
    names = sorted(f.name for f in path.parent.iterdir())
    assert names == ["progress.json.corrupt-19700101-000000", "progress.json.corrupt-19700101-000000-2"]


def test_a_folder_named_progress_json():
    path = progress_path()
    path.mkdir(parents=True)
    p = load_progress()
    assert len(p.notices) == 1
    p.mark_done("l", "a")
    assert p.save() and path.is_file()


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root ignores permissions")
def test_unwritable_directory_tells_once_and_keeps_going():
    folder = progress_path().parent
    folder.mkdir(parents=True)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        p = load_progress()
        p.mark_done("l", "a")
        assert not p.save()
        p.mark_done("l", "b")
        assert not p.save()
        assert len(p.notices) == 1
        assert p.exercise("l", "a").status == DONE  # kept in memory
    finally:
        folder.chmod(stat.S_IRWXU)
    assert p.save()
    assert len(p.notices) == 2  # "saved again"


def test_unwritable_directory_simulated(monkeypatch):
    # Works as root too: the folder cannot be created because a file is in its way.
    blocker = progress_path().parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    p = load_progress()
    assert p.notices == []
    p.mark_done("l", "a")
    assert not p.save() and not p.save()
    assert len(p.notices) == 1
    assert str(blocker / "progress.json") in str(p.notices[0])


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root ignores permissions")
def test_unreadable_file_is_never_overwritten():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": 1}')
    path.chmod(0)
    try:
        p = load_progress()
        assert len(p.notices) == 1
        p.mark_done("l", "a")
        assert not p.save()
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert path.read_text() == '{"schema": 1}'


def test_huge_text_is_not_stored():
    p = load_progress()
    assert not p.set_text("l", "a", "x" * (progress_mod.MAX_TEXT + 1))


@settings(max_examples=60, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
))
def test_any_json_never_crashes(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("p")
    path = folder / "progress.json"
    for data in (value, {"schema": 1, "lessons": value}, {"schema": 1, "lessons": {"x": value}},
                 {"schema": 1, "lessons": {"x": {"exercises": {"e": value}}}, "last": value}):
        path.write_text(json.dumps(data))
        p = load_progress(path)
        p.lesson_state("x")
        p.mark_done("x", "e")
        assert p.save()
        assert load_progress(path).exercise("x", "e").status == DONE
