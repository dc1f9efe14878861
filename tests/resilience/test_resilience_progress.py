"""Progress-file faults (what tests/test_progress.py does not cover yet): a save that
fails at every step of the atomic write, a process killed -9 while saving, older and
newer schemas, valid JSON of the wrong shape, a read-only home and a full disk.

Always: no exception, the file on disk is the old or the new complete JSON (never
torn), a bad file is kept as a backup, progress that could not be saved stays in
memory and is written by the next successful save, and the learner is told.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from resilience_helpers import LIMIT, within
from tutor import i18n
from tutor import progress as progress_mod
from tutor.progress import DONE, SCHEMA, load_progress, progress_path

ROOT = Path(__file__).resolve().parents[2]


def _saved(**lessons) -> bytes:
    p = load_progress()
    for lesson_id, exercise_ids in lessons.items():
        p.open_lesson(lesson_id, exercise_ids)
        for ex in exercise_ids:
            p.mark_done(lesson_id, ex)
            p.set_text(lesson_id, ex, f"text of {ex}: 한국어\n")
    assert p.save()
    return progress_path().read_bytes()


def _files() -> list[str]:
    return sorted(f.name for f in progress_path().parent.iterdir())


def _backups() -> list[Path]:
    return [f for f in progress_path().parent.iterdir() if ".corrupt-" in f.name]


# --------------------------------------------------------------------------- a save failing at each step
class _FailingFile:
    """A file object whose write (or flush) writes part of the data, then fails."""

    def __init__(self, fh, fail_on: str, exc: BaseException) -> None:
        self._fh, self._fail_on, self._exc = fh, fail_on, exc

    def write(self, data):
        if self._fail_on == "write":
            self._fh.write(data[: len(data) // 2])  # half a file reaches the temporary file
            self._fh.flush()
            raise self._exc
        return self._fh.write(data)

    def flush(self):
        if self._fail_on == "flush":
            raise self._exc
        return self._fh.flush()

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def _inject(monkeypatch, step: str, exc: BaseException) -> None:
    folder = str(progress_path().parent)
    if step == "mkstemp":
        def mkstemp(*args, **kwargs):
            raise exc
        monkeypatch.setattr(progress_mod.tempfile, "mkstemp", mkstemp)
    elif step in ("write", "flush"):
        real = os.fdopen
        monkeypatch.setattr(progress_mod.os, "fdopen",
                            lambda fd, *a, **k: _FailingFile(real(fd, *a, **k), step, exc))
    elif step == "fsync":
        def fsync(fd):
            raise exc
        monkeypatch.setattr(progress_mod.os, "fsync", fsync)
    elif step == "replace":
        def replace(src, dst):
            raise exc
        monkeypatch.setattr(progress_mod.os, "replace", replace)
    elif step == "open-folder":  # fsync of the folder after the rename
        real_open = os.open

        def open_(path, flags, *args, **kwargs):
            if str(path) == folder and not flags & os.O_CREAT:
                raise exc
            return real_open(path, flags, *args, **kwargs)
        monkeypatch.setattr(progress_mod.os, "open", open_)


STEPS = ["mkstemp", "write", "flush", "fsync", "replace"]
FAULTS = [OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EIO, "Input/output error"),
          PermissionError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only file system")]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda e: errno.errorcode[e.errno])
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_save_keeps_the_old_file_and_the_new_progress(step, fault, monkeypatch):
    old = _saved(lesson=["a"])
    p = load_progress()
    seen = []
    p.on_notice = seen.append
    p.mark_done("lesson", "b")
    p.set_text("lesson", "b", "learner's work\n")
    with monkeypatch.context() as m:
        _inject(m, step, fault)
        assert p.save() is False
        assert p.save_if_dirty() is False  # still failing: told only once
    assert progress_path().read_bytes() == old  # untouched, complete
    json.loads(old)
    assert _files() == ["progress.json"], "the temporary file was left behind"
    assert len(seen) == 1 and fault.strerror in str(seen[0]) and str(progress_path()) in str(seen[0])
    assert p.dirty and p.exercise("lesson", "b").status == DONE  # kept in memory
    # the fault is gone: the next save writes everything, and says so
    assert p.save_if_dirty() is True
    q = load_progress()
    assert q.exercise("lesson", "b").status == DONE and q.exercise("lesson", "b").text == "learner's work\n"
    assert q.exercise("lesson", "a").text == "text of a: 한국어\n"
    assert len(seen) == 2 and "saved again" in str(seen[1])


def test_a_failed_fsync_of_the_folder_is_not_a_failed_save(monkeypatch):
    _saved(lesson=["a"])
    p = load_progress()
    p.mark_done("lesson", "b")
    with monkeypatch.context() as m:
        _inject(m, "open-folder", OSError(errno.EACCES, "Permission denied"))
        assert p.save() is True  # the file itself was replaced atomically
    assert load_progress().exercise("lesson", "b").status == DONE and p.notices == []


@pytest.mark.parametrize("step", ["write", "replace"])
def test_an_interrupt_in_the_middle_of_a_save_leaves_the_old_file(step, monkeypatch):
    old = _saved(lesson=["a"])
    p = load_progress()
    p.mark_done("lesson", "b")
    with monkeypatch.context() as m:
        _inject(m, step, KeyboardInterrupt())
        with pytest.raises(KeyboardInterrupt):  # the learner's Ctrl+C is not swallowed
            p.save()
    assert progress_path().read_bytes() == old and _files() == ["progress.json"]
    assert p.save() and load_progress().exercise("lesson", "b").status == DONE


def test_a_full_disk_while_a_bad_file_is_set_aside(monkeypatch):
    """The partly bad original is kept as a backup even though the cleaned copy cannot be
    written; the cleaned progress stays in memory and is written later."""
    path = progress_path()
    path.parent.mkdir(parents=True)
    original = json.dumps({"schema": 1, "lessons": {"good": {"opened": True, "exercises": {
        "a": {"status": "done"}}}, "bad": 7}}).encode()
    path.write_bytes(original)
    with monkeypatch.context() as m:
        _inject(m, "write", OSError(errno.ENOSPC, "No space left on device"))
        p = load_progress()
    assert [b.read_bytes() for b in _backups()] == [original]
    assert p.exercise("good", "a").status == DONE
    assert any("No space left" in str(n) for n in p.notices) and any(".corrupt-" in str(n) for n in p.notices)
    assert p.save() and load_progress().exercise("good", "a").status == DONE


# --------------------------------------------------------------------------- kill -9 in the middle of saving
CHILD = r"""
import sys
from tutor.progress import load_progress
p = load_progress()
big = "x" * 300_000
i = 0
p.set_text("l", "e", f"{i}:{big}")
assert p.save()
print("ready", flush=True)
while True:
    i += 1
    p.set_text("l", "e", f"{i}:{big}")
    p.mark_done("l", f"e{i % 7}")
    p.save()
"""


def _complete(raw: bytes) -> int:
    """The save counter of a complete progress file (fails on a torn one)."""
    data = json.loads(raw.decode("utf-8"))
    assert data["schema"] == SCHEMA
    text = data["lessons"]["l"]["exercises"]["e"]["text"]
    number, _, rest = text.partition(":")
    assert rest == "x" * 300_000, "torn text"
    return int(number)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_while_saving_in_a_loop_never_leaves_a_torn_file():
    path = progress_path()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    leftovers = 0
    last = -1
    for reads in (0, 1, 3, 10, 30, 60):
        child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, cwd=ROOT, env=env)
        try:
            assert within(60, child.stdout.readline) == b"ready\n"
            for _ in range(reads):  # readers during the saves only ever see complete files
                last = max(last, _complete(path.read_bytes()))
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=60)
            child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        n = _complete(path.read_bytes())
        assert n >= 0
        leftovers += len([f for f in path.parent.iterdir() if f.name.endswith(".tmp")])
        p = load_progress()
        assert p.notices == [] and p.exercise("l", "e").text.startswith(f"{n}:")
        for tmp in path.parent.glob("*.tmp"):  # a killed save may leave its temporary file
            tmp.unlink()
    assert last >= 0


# --------------------------------------------------------------------------- files of another version or shape
@pytest.mark.parametrize("content, reason", [
    ({"schema": 0, "lessons": {"l": {"opened": True}}}, "schema 0"),
    ({"schema": SCHEMA + 1, "lessons": {"l": {"opened": True}}, "future": [1, 2]}, f"schema {SCHEMA + 1}"),
    ({"schema": "1", "lessons": {}}, "schema 1"),
    (None, "not ktutor progress"),
    (5, "not ktutor progress"),
    ("progress", "not ktutor progress"),
    ([{"schema": 1}], "not ktutor progress"),
    ({"schema": 1, "lessons": "all of them"}, "not ktutor progress"),
])
def test_another_version_or_shape_is_kept_as_a_backup(content, reason):
    path = progress_path()
    path.parent.mkdir(parents=True)
    raw = json.dumps(content).encode()
    path.write_bytes(raw)
    p = load_progress()
    (backup,) = _backups()
    assert backup.read_bytes() == raw and not path.exists()
    assert len(p.notices) == 1 and reason in str(p.notices[0]) and backup.name in str(p.notices[0])
    p.mark_done("l", "a")
    assert p.save() and backup.read_bytes() == raw  # the backup is never overwritten
    assert load_progress().notices == []


def test_deeply_nested_json_is_not_json_to_us():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    p = within(LIMIT, load_progress)
    assert len(_backups()) == 1 and "not valid JSON" in str(p.notices[0])


@pytest.mark.parametrize("data", [
    {"schema": 1, "language": 5, "last": [1], "lessons": {"l": {"opened": "yes", "exercise_ids": "e",
                                                                  "exercises": []}}},
    {"schema": 1, "lessons": {"l": {"exercises": {"e": {"status": "done", "hints_used": 1e309,
                                                          "solution_viewed": "true", "text": ["a"]}}}}},
    {"schema": 1, "lessons": {"l": {"exercises": {"e": {"status": ["done"], "hints_used": True}}}}},
])
def test_wrong_value_types_keep_what_makes_sense(data):
    path = progress_path()
    path.parent.mkdir(parents=True)
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    p = load_progress()
    assert [b.read_bytes() for b in _backups()] == [raw]
    assert len(p.notices) == 1 and "did not make sense" in str(p.notices[0])
    assert json.loads(path.read_bytes())["schema"] == SCHEMA  # the cleaned file was written
    p.lesson_state("l")
    assert p.save()


def test_an_escaped_lone_surrogate_does_not_stop_saving():
    """Valid JSON ("\\udcff" escapes: undecodable bytes pasted into the editor)."""
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"schema": 1, "lessons": {"l": {"opened": True, "exercises": {
        "e": {"status": "in_progress", "text": "port: \udcff80 한"}}}}}), encoding="utf-8")
    p = load_progress()
    assert p.notices == []
    p.mark_done("l", "f")
    p.set_text("l", "g", "pasted \udc80 bytes")
    assert p.save() and p.notices == []
    q = load_progress()
    assert q.exercise("l", "e").text == "port: \udcff80 한" and q.exercise("l", "g").text == "pasted \udc80 bytes"
    assert q.exercise("l", "f").status == DONE and q.notices == []


# --------------------------------------------------------------------------- a read-only home
def test_a_folder_that_cannot_be_written_simulated(monkeypatch):
    """os.open refused in the data folder (works as root too)."""
    old = _saved(lesson=["a"])
    folder = str(progress_path().parent)
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if str(path).startswith(folder) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    p = load_progress()
    with monkeypatch.context() as m:
        m.setattr(os, "open", deny)
        for ex in ("b", "c", "d"):
            p.mark_done("lesson", ex)
            assert not p.save()
    assert progress_path().read_bytes() == old
    assert len(p.notices) == 1 and "Permission denied" in str(p.notices[0])
    assert p.save()
    q = load_progress()
    assert all(q.exercise("lesson", ex).status == DONE for ex in "abcd")


def test_a_home_under_a_regular_file(tmp_path, monkeypatch):
    """KTUTOR_HOME=/some/file/sub: nothing can be created there, even by root."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KTUTOR_HOME", str(blocker / "sub"))
    p = load_progress()
    assert p.notices == []
    p.open_lesson("l", ["a"])
    p.mark_done("l", "a")
    assert not p.save() and not p.save_if_dirty()
    assert len(p.notices) == 1 and str(blocker / "sub" / "progress.json") in str(p.notices[0])
    assert p.lesson_state("l") == DONE and blocker.read_text() == "not a folder"


def test_a_file_that_cannot_be_read_is_never_overwritten(monkeypatch):
    old = _saved(lesson=["a"])
    real = os.open

    def deny(path, *args, **kwargs):
        if Path(path) == progress_path():
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", deny)
        p = load_progress()
    assert len(p.notices) == 1 and "cannot be read" in str(p.notices[0])
    p.mark_done("lesson", "b")
    assert not p.save()
    assert progress_path().read_bytes() == old


def test_a_bad_file_that_cannot_be_moved_aside_is_left_alone(monkeypatch):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{torn")

    def replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as m:
        m.setattr(progress_mod.os, "replace", replace)
        p = load_progress()
    assert len(p.notices) == 1 and "nor moved aside" in str(p.notices[0])
    p.mark_done("l", "a")
    assert not p.save()
    assert path.read_bytes() == b"{torn" and _backups() == []


# --------------------------------------------------------------------------- the learner is told
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_ktutor_lessons_tells_the_learner(lang):
    from tutor.lessons import cli as lessons_cli

    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\xff not json")
    i18n.set_language(lang)
    out, err = io.StringIO(), io.StringIO()
    code = within(LIMIT, lessons_cli.run, argparse.Namespace(lint=None, format="text"), out, err)
    assert code == 0 and out.getvalue()
    (backup,) = _backups()
    assert backup.name in err.getvalue() and "Traceback" not in err.getvalue()


def test_temporary_files_of_a_killed_save_do_not_disturb_loading():
    _saved(lesson=["a"])
    fd, name = tempfile.mkstemp(prefix=".progress.json.", suffix=".tmp", dir=progress_path().parent)
    os.write(fd, b'{"schema": 1, "less')
    os.close(fd)
    p = load_progress()
    assert p.notices == [] and p.exercise("lesson", "a").status == DONE
    p.mark_done("lesson", "b")
    assert p.save()
