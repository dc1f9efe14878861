"""Two tutors on one progress file never lose each other's progress (issue 10, item 2).

Each tutor is a real process (``progress_driver.py``), driven step by step: a save
takes the lock file, reads the file again, merges per exercise by the most recent change
(a reset with F5 is a change, so the merge never undoes it) and writes atomically.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resilience_helpers import within
from tutor import progress as progress_mod
from tutor.progress import DONE, IN_PROGRESS, NOT_STARTED, ExerciseProgress, load_progress, progress_path

DRIVER = Path(__file__).with_name("progress_driver.py")


class Tutor:
    """One tutor process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(DRIVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def __call__(self, *commands: str) -> str:
        answer = ""
        for command in commands:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            answer = within(120, self.proc.stdout.readline).strip()
            assert answer, f"the tutor process died at {command!r}"
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture
def tutors():
    made: list[Tutor] = []

    def make() -> Tutor:
        made.append(Tutor())
        return made[-1]

    yield make
    for t in made:
        t.close()


def _on_disk() -> dict:
    return json.loads(progress_path().read_text(encoding="utf-8"))


def _exercise(lesson: str, exercise: str) -> dict:
    return _on_disk()["lessons"][lesson]["exercises"][exercise]


def test_a_save_of_a_tutor_started_earlier_keeps_the_other_ones_done(tutors):
    a, b = tutors(), tutors()
    a("load")
    b("load")  # B started earlier than A's work
    a("done l e1", "save")
    b("text l e2 my text", "save")  # a keystroke in B
    assert _exercise("l", "e1")["status"] == DONE
    assert _exercise("l", "e2")["text"] == "my text"
    b("hint l e3", "save")  # a hint in B, and F2
    b("lang ko", "save")
    assert _exercise("l", "e1")["status"] == DONE and _on_disk()["language"] == "ko"
    assert b("status l e1") == DONE  # B knows it now too
    a("hint l e1", "save")
    assert _exercise("l", "e3")["hints_used"] == 1 and _on_disk()["language"] == "ko"


def test_the_same_exercise_keeps_the_solved_state_and_the_latest_text(tutors):
    a, b = tutors(), tutors()
    a("load")
    b("load")
    a("text l e first", "done l e", "save")
    b("text l e later", "save")  # B typed later in the same exercise
    record = _exercise("l", "e")
    assert record["text"] == "later" and record["status"] == DONE


def test_a_reset_is_never_undone_by_the_merge(tutors):
    a, b = tutors(), tutors()
    a("load")
    b("load")
    a("done l e", "text l e solved", "save")
    b("reset l e", "save")  # F5 in B after A solved it
    assert _exercise("l", "e")["status"] == NOT_STARTED and _exercise("l", "e")["text"] is None
    a("hint l other", "save")  # A still has e solved in memory: the reset is more recent
    assert _exercise("l", "e")["status"] == NOT_STARTED and _exercise("l", "e")["text"] is None
    assert a("status l e") == NOT_STARTED
    a("done l e", "save")  # solved again after the reset: that counts
    b("hint l other2", "save")
    assert _exercise("l", "e")["status"] == DONE


def test_reset_all_in_one_tutor_is_not_undone_by_the_other(tutors):
    a, b = tutors(), tutors()
    a("load")
    b("load")
    a("done l e", "save")
    b("reset-all", "save")
    a("lang ko", "save")
    assert _on_disk()["lessons"] == {}
    a("done l e2", "save")  # work after the reset stays
    assert list(_on_disk()["lessons"]["l"]["exercises"]) == ["e2"]


def test_two_tutors_saving_at_once_lose_nothing(tutors):
    a, b = tutors(), tutors()
    a("load")
    b("load")
    for t, prefix in ((a, "a"), (b, "b")):  # both run at the same time
        t.proc.stdin.write(f"burst 40 {prefix}\n")
        t.proc.stdin.flush()
    for t in (a, b):
        assert within(120, t.proc.stdout.readline).strip() == "ok"
    done = _on_disk()["lessons"]["burst"]["exercises"]
    assert sorted(done) == sorted([f"a-{i}" for i in range(40)] + [f"b-{i}" for i in range(40)])
    assert all(r["status"] == DONE for r in done.values())
    assert sorted(f.name for f in progress_path().parent.iterdir()) == ["progress.json"]  # the lock is gone


# --------------------------------------------------------------------------- the lock file and the merge rules
def test_a_stale_lock_of_a_dead_tutor_is_broken():
    lock = progress_path().with_name("progress.json.lock")
    lock.parent.mkdir(parents=True)
    lock.write_text("")  # a lock left without a holder: only its age tells
    old = time.time() - 2 * progress_mod.LOCK_STALE
    os.utime(lock, (old, old))
    p = load_progress()
    p.mark_done("l", "e")
    assert within(progress_mod.LOCK_STALE / 2, p.save)
    assert not lock.exists() and _exercise("l", "e")["status"] == DONE


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX")
def test_a_lock_of_a_process_that_is_gone_is_broken_at_once():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = progress_path().with_name("progress.json.lock")
    lock.parent.mkdir(parents=True)
    lock.write_text(f"{dead.stdout.strip()} {progress_mod._host()}\n")
    p = load_progress()
    p.mark_done("l", "e")
    assert within(progress_mod.LOCK_STALE / 2, p.save)
    assert not lock.exists()


def test_merge_rules_for_one_exercise():
    old = ExerciseProgress(DONE, False, 2, "solved", changed=10.0)
    new = ExerciseProgress(IN_PROGRESS, True, 1, "typing", changed=20.0)
    merged = old.merged(new)
    assert (merged.status, merged.solution_viewed, merged.hints_used, merged.text) == (DONE, True, 2, "typing")
    assert merged == new.merged(old)
    reset = ExerciseProgress(NOT_STARTED, False, 0, None, changed=30.0, reset=30.0)
    assert old.merged(reset) == reset and reset.merged(new) == reset
    assert ExerciseProgress().merged(ExerciseProgress()) == ExerciseProgress()


def test_older_files_without_times_still_load_and_merge():
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"schema": 1, "lessons": {"l": {"opened": True, "exercises": {
        "e": {"status": "done", "hints_used": 1}}}}}))
    p = load_progress()
    assert p.notices == [] and p.peek_exercise("l", "e").status == DONE
    p.set_text("l", "e", "new")
    assert p.save()
    assert _exercise("l", "e")["status"] == DONE and _exercise("l", "e")["text"] == "new"


def test_merge_keeps_the_teaching_fields_and_the_console_of_both_sides():
    from tutor.progress import ExamScore

    console = {"commands": ["kubectl label pod web-2 app=web"], "namespace": "default"}
    old = ExerciseProgress(IN_PROGRESS, False, 0, "a", checks=3, exam=ExamScore(5, 7, 600, 1),
                           console=console, answers={"receivers": ["web-1"]}, changed=10.0)
    new = ExerciseProgress(IN_PROGRESS, False, 1, "b", checks=1, exam=ExamScore(4, 7, 300, 2), changed=20.0)
    merged = new.merged(old)
    assert merged.text == "b" and merged.hints_used == 1
    assert merged.checks == 3  # the larger count of failed checks
    assert merged.exam == ExamScore(5, 7, 600, 2)  # the best result, the larger attempt count
    assert merged.console == console and merged.answers == {"receivers": ["web-1"]}
    assert merged.console is not old.console  # a copy: the two records stay independent
    # a reset after the older side's work: nothing of it comes back
    reset = ExerciseProgress(NOT_STARTED, False, 0, None, changed=30.0, reset=30.0)
    assert reset.merged(old) == reset
