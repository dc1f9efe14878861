"""The learner's progress: what was started, solved, hinted and typed, kept on disk.

Textual-free and cheap to import (``ktutor lessons`` uses :func:`load_progress`).

The file is ``data_dir()/progress.json``::

    {"schema": 1,
     "language": "ko",                       # the learner's last F2 choice, or null
     "last": {"lesson": "defining-a-service", "exercise": "select-the-pods"},
     "reset": 0,                             # when everything was last reset (seconds since the epoch)
     "changed": {"language": 1733300000.5, "last": 1733300100.25},
     "lessons": {
       "defining-a-service": {
         "opened": true,
         "exercise_ids": ["select-the-pods", "name-the-port"],   # as last seen
         "changed": 1733300100.25,
         "exercises": {
           "select-the-pods": {"status": "done", "solution_viewed": false,
                               "hints_used": 1, "text": "apiVersion: v1\\n...",
                               # optional, written only when set:
                               "checks": 2,                       # checks that failed (Ctrl+R)
                               "answers": {"receivers": ["web-1"]},  # answers to its questions
                               "exam": {"score": 5, "total": 7, "seconds": 612, "attempts": 1},
                               "console": {"commands": ["kubectl label pod web-2 app=web"],
                                           "namespace": "default"},
                               "changed": 1733300090.0, "reset": 0}}}}}

``console`` (optional, left out when empty) is the state of the lab's console for that
exercise: the command lines that changed the exercise's cluster (``kubectl label``,
``annotate``), replayed when the exercise is opened again, forgotten when it is reset.
``checks``, ``answers`` and ``exam`` (optional, left out when not set) are the failed
checks (how specific the feedback is), the answers to the exercise's questions, and the
best exam result.

(The times are absent from files of older versions: they count as 0, older than any change.)

Every change carries the time it was made (``changed``; an exercise's F5 reset also
``reset``; a reset of everything is ``reset`` at the top, the language's and the last
place's times are under ``changed``), so two tutors on one file never lose each other's
progress: a save takes a lock file (``progress.json.lock``, created exclusively; one
older than :data:`LOCK_STALE` seconds was left by a process that died and is broken),
reads the file again, merges it (:meth:`Progress.merge`: per exercise the most recent
change wins, and what the other side did since the winner's last reset is kept: a
solved exercise stays solved, hints and a viewed solution stay seen; a reset is a change,
so the merge never undoes it) and writes the result.

Writes are atomic (a temporary file in the same directory, fsync, ``os.replace``), so a
crash or a full disk never leaves half a file. A file that cannot be read or understood
never stops the tutor: it is moved aside as ``progress.json.corrupt-YYYYmmdd-HHMMSS`` and
the learner is told. When the directory cannot be written, progress stays in memory and
the learner is told once.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor import paths
from tutor.i18n import N_, Text
from tutor.safeio import ReadError, read_bytes

SCHEMA = 1
FILE_NAME = "progress.json"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
SOLUTION_VIEWED = "solution_viewed"
#: What :meth:`Progress.lesson_state` can return.
LESSON_STATES = (NOT_STARTED, IN_PROGRESS, DONE, SOLUTION_VIEWED)
#: What an exercise's ``status`` can be (viewing the solution is a separate flag).
EXERCISE_STATUSES = (NOT_STARTED, IN_PROGRESS, DONE)

#: Editor texts longer than this are not stored (a pasted log should not bloat the file).
MAX_TEXT = 1_000_000


def progress_path() -> Path:
    return paths.data_dir() / FILE_NAME


#: An answer to a question: typed text or one choice, or several choices.
AnswerValue = str | list[str]


@dataclass
class ExamScore:
    """The best result of an exam exercise: goals met out of the total when it was handed
    in, and how long it took; ``attempts`` counts every hand-in."""

    score: int = 0
    total: int = 0
    seconds: int = 0
    attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "total": self.total, "seconds": self.seconds, "attempts": self.attempts}

    @classmethod
    def from_json(cls, data: Any) -> "ExamScore | None":
        if not isinstance(data, dict):
            return None
        values: list[int] = []
        for key in ("score", "total", "seconds", "attempts"):
            value = data.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**9:
                return None
            values.append(value)
        score, total, seconds, attempts = values
        if score > total:
            return None
        return cls(score, total, seconds, attempts)

    def better_than(self, other: "ExamScore | None") -> bool:
        """More goals met, or as many in less time."""
        if other is None:
            return True
        return (self.score, -self.seconds) > (other.score, -other.seconds)


def _answers_from_json(data: Any) -> dict[str, AnswerValue] | None:
    if not isinstance(data, dict):
        return None
    out: dict[str, AnswerValue] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[str(key)] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[str(key)] = list(value)
        else:
            return None
    return out


_last_stamp = 0.0


def now() -> float:
    """The time of a change (seconds since the epoch), strictly increasing within the
    process, so two changes in a row are ordered even within one clock tick."""
    global _last_stamp
    _last_stamp = max(time.time(), _last_stamp + 1e-6)
    return _last_stamp


def _stamp(value: Any) -> float | None:
    """A time read from the file: a finite number >= 0 (None when it is not one)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if 0 <= value < float("inf") else None


@dataclass
class ExerciseProgress:
    status: str = NOT_STARTED
    solution_viewed: bool = False
    hints_used: int = 0
    #: the learner's last editor text (None: never edited, start from the lesson's text)
    text: str | None = None
    #: explicit checks (Ctrl+R) that found the exercise unsolved: how specific the
    #: feedback is (see tutor.lessons.goals.feedback)
    checks: int = 0
    #: the learner's answers to the exercise's questions, by goal id (None: none given)
    answers: dict[str, AnswerValue] | None = None
    #: the best exam result (exam exercises only)
    exam: ExamScore | None = None
    #: the console's state (``tutor.kubectl.console.Console.state()``: the commands that
    #: changed the cluster, the namespace); None when nothing was changed
    console: dict[str, Any] | None = None

    #: when it last changed, and when it was last reset (F5); 0: never (or an older file)
    changed: float = 0.0
    reset: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "solution_viewed": self.solution_viewed,
                               "hints_used": self.hints_used, "text": self.text,
                               "changed": self.changed, "reset": self.reset}
        # optional keys, written only when set (a file without them is today's format)
        if self.checks:
            out["checks"] = self.checks
        if self.answers:
            out["answers"] = {k: (list(v) if isinstance(v, list) else v) for k, v in self.answers.items()}
        if self.exam is not None:
            out["exam"] = self.exam.to_json()
        if self.console is not None:
            out["console"] = self.console
        return out

    @classmethod
    def from_json(cls, data: Any) -> tuple["ExerciseProgress", bool]:
        """Parse defensively; the flag says whether anything had to be dropped."""
        if not isinstance(data, dict):
            return cls(), False
        clean = True
        out = cls()
        status = data.get("status", NOT_STARTED)
        if status in EXERCISE_STATUSES:
            out.status = status
        else:
            clean = False
        viewed = data.get("solution_viewed", False)
        if isinstance(viewed, bool):
            out.solution_viewed = viewed
        else:
            clean = False
        hints = data.get("hints_used", 0)
        if isinstance(hints, int) and not isinstance(hints, bool) and 0 <= hints < 1000:
            out.hints_used = hints
        else:
            clean = False
        text = data.get("text")
        if text is None or isinstance(text, str):
            out.text = text
        else:
            clean = False
        checks = data.get("checks", 0)
        if isinstance(checks, int) and not isinstance(checks, bool) and 0 <= checks < 10**6:
            out.checks = checks
        else:
            clean = False
        if data.get("answers") is not None:
            out.answers = _answers_from_json(data.get("answers"))
            clean = clean and out.answers is not None
        if data.get("exam") is not None:
            out.exam = ExamScore.from_json(data.get("exam"))
            clean = clean and out.exam is not None
        console = data.get("console")
        if console is not None:
            out.console = console_state(console)
            clean = clean and out.console is not None
        for key in ("changed", "reset"):
            stamp = _stamp(data.get(key, 0.0))
            if stamp is None:
                clean = False
            else:
                setattr(out, key, stamp)
        return out, clean

    def merged(self, other: "ExerciseProgress") -> "ExerciseProgress":
        """This record and ``other`` (the same exercise in another tutor) as one: the most
        recent change wins; what the other side did after the winner's last reset is
        kept (solved, hints, a viewed solution, a text where the winner has none)."""
        win, lose = (self, other) if self.changed >= other.changed else (other, self)
        out = win.copy()
        out.reset = max(win.reset, lose.reset)
        if lose.changed > win.reset:  # the loser's work is not undone by a reset
            if lose.status == DONE or (lose.status == IN_PROGRESS and out.status == NOT_STARTED):
                out.status = lose.status
            out.solution_viewed = out.solution_viewed or lose.solution_viewed
            out.hints_used = max(out.hints_used, lose.hints_used)
            if out.text is None:
                out.text = lose.text
            if out.console is None and lose.console is not None:
                out.console = lose.copy().console
            out.absorb_teaching(lose)
        return out

    @property
    def touched(self) -> bool:
        return (self.status != NOT_STARTED or self.solution_viewed or self.hints_used > 0
                or self.text is not None or self.checks > 0 or bool(self.answers) or self.exam is not None
                or self.console is not None)

    def absorb_teaching(self, other: "ExerciseProgress", *, other_is_newer: bool = False) -> None:
        """Fold the teaching fields of ``other`` (the same exercise in another tutor, or an
        older copy) into this record, for a merge of two progress files: failed checks
        take the larger count, the best exam result wins (attempts add up to the larger
        count), answers come from the newer side when it has any, else from this one."""
        self.checks = max(self.checks, other.checks)
        if other.exam is not None and (self.exam is None or other.exam.better_than(self.exam)):
            attempts = max(other.exam.attempts, self.exam.attempts if self.exam is not None else 0)
            self.exam = ExamScore(other.exam.score, other.exam.total, other.exam.seconds, attempts)
        elif other.exam is not None and self.exam is not None:
            self.exam.attempts = max(self.exam.attempts, other.exam.attempts)
        if other.answers and (other_is_newer or not self.answers):
            self.answers = {k: (list(v) if isinstance(v, list) else v) for k, v in other.answers.items()}

    def copy(self) -> "ExerciseProgress":
        answers = {k: (list(v) if isinstance(v, list) else v) for k, v in self.answers.items()} \
            if self.answers is not None else None
        exam = ExamScore(**self.exam.to_json()) if self.exam is not None else None
        console = {"commands": list(self.console.get("commands", [])),
                   "namespace": self.console.get("namespace", "default")} if self.console is not None else None
        return ExerciseProgress(status=self.status, solution_viewed=self.solution_viewed,
                                hints_used=self.hints_used, text=self.text, checks=self.checks, answers=answers,
                                exam=exam, console=console, changed=self.changed, reset=self.reset)


#: at most this many console commands are kept per exercise
MAX_COMMANDS = 200


def console_state(data: Any) -> dict[str, Any] | None:
    """A saved console state (``{"commands": [str, ...], "namespace": str}``), checked;
    None when it makes no sense."""
    if not isinstance(data, dict):
        return None
    commands = data.get("commands", [])
    namespace = data.get("namespace", "default")
    if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands) \
            or len(commands) > MAX_COMMANDS or not isinstance(namespace, str):
        return None
    return {"commands": list(commands), "namespace": namespace or "default"}


@dataclass
class LessonProgress:
    opened: bool = False
    exercise_ids: list[str] | None = None
    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)
    #: when ``opened``/``exercise_ids`` last changed
    changed: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"opened": self.opened, "exercise_ids": self.exercise_ids, "changed": self.changed,
                "exercises": {k: v.to_json() for k, v in self.exercises.items()}}


class Progress:
    """All of one learner's progress, with atomic saving.

    ``notices`` collects messages for the learner (a :class:`~tutor.i18n.Text`, translated
    when shown); ``on_notice`` is called with each new one (the TUI shows a notification).
    Nothing here raises on I/O problems.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._reset(path)

    def _reset(self, path: Path | None) -> None:
        """Empty progress kept at ``path`` (what a new learner starts with)."""
        self.path = path
        self.lessons: dict[str, LessonProgress] = {}
        self.last_lesson: str | None = None
        self.last_exercise: str | None = None
        self.language: str | None = None
        #: when everything was last reset, and when the language and the last place changed
        self.reset_at = 0.0
        self.language_changed = 0.0
        self.last_changed = 0.0
        self.notices: list[Text] = []
        self.on_notice: Callable[[Text], None] | None = None
        #: False after a failed save (the learner has been told; we keep retrying quietly)
        self.writable = True
        self._told_unwritable = False
        self.dirty = False
        self._clean = True
        #: (inode, size, mtime) of the file as last read or written: unchanged, no merge is needed
        self._disk: tuple[int, int, int] | None = None

    # ------------------------------------------------------------------ notices
    def _notice(self, text: Text) -> None:
        self.notices.append(text)
        if self.on_notice is not None:
            try:
                self.on_notice(text)
            except Exception:  # pragma: no cover - a UI problem must not break saving
                pass

    # ------------------------------------------------------------------ queries
    def lesson(self, lesson_id: str) -> LessonProgress:
        record = self.lessons.get(lesson_id)
        if record is None:
            record = self.lessons[lesson_id] = LessonProgress()
        return record

    def exercise(self, lesson_id: str, exercise_id: str) -> ExerciseProgress:
        """The record of one exercise (created empty when missing; not saved until changed)."""
        exercises = self.lesson(lesson_id).exercises
        record = exercises.get(exercise_id)
        if record is None:
            record = exercises[exercise_id] = ExerciseProgress()
        return record

    def peek_exercise(self, lesson_id: str, exercise_id: str) -> ExerciseProgress:
        """Like :meth:`exercise` but never creates a record."""
        record = self.lessons.get(lesson_id)
        found = record.exercises.get(exercise_id) if record else None
        return found if found is not None else ExerciseProgress()

    def lesson_state(self, lesson_id: str, exercise_ids: Iterable[str] | None = None) -> str:
        """``not_started``, ``in_progress``, ``done`` or ``solution_viewed``.

        ``solution_viewed`` wins when the solution of any exercise was shown; ``done`` means
        every exercise is solved. Without ``exercise_ids`` the list seen when the lesson was
        last opened is used (or, failing that, the exercises on record).
        """
        record = self.lessons.get(lesson_id)
        if record is None:
            return NOT_STARTED
        ids = list(exercise_ids) if exercise_ids is not None else (
            record.exercise_ids if record.exercise_ids is not None else list(record.exercises))
        exercises = [record.exercises.get(i) or ExerciseProgress() for i in ids]
        if any(e.solution_viewed for e in exercises):
            return SOLUTION_VIEWED
        if ids and all(e.status == DONE for e in exercises):
            return DONE
        if record.opened or any(e.touched for e in record.exercises.values()):
            return IN_PROGRESS
        return NOT_STARTED

    # ------------------------------------------------------------------ changes
    def _changed(self) -> None:
        self.dirty = True

    def _lesson_changed(self, record: LessonProgress) -> None:
        record.changed = self.last_changed = now()
        self._changed()

    def open_lesson(self, lesson_id: str, exercise_ids: Iterable[str] | None = None,
                    exercise_id: str | None = None) -> None:
        record = self.lesson(lesson_id)
        record.opened = True
        if exercise_ids is not None:
            record.exercise_ids = list(exercise_ids)
        self.last_lesson = lesson_id
        if exercise_id is not None or self.last_exercise is None:
            self.last_exercise = exercise_id
        self._lesson_changed(record)

    def open_exercise(self, lesson_id: str, exercise_id: str) -> None:
        record = self.lesson(lesson_id)
        record.opened = True
        self.last_lesson, self.last_exercise = lesson_id, exercise_id
        self._lesson_changed(record)

    def _exercise_changed(self, record: ExerciseProgress) -> None:
        record.changed = now()
        self._changed()

    def set_text(self, lesson_id: str, exercise_id: str, text: str) -> bool:
        """Remember the editor text; the exercise becomes in progress. True if it changed.
        A text longer than :data:`MAX_TEXT` is not kept (see :func:`text_fits`)."""
        record = self.exercise(lesson_id, exercise_id)
        if not text_fits(text) or record.text == text:
            return False
        record.text = text
        if record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)
        return True

    def set_console(self, lesson_id: str, exercise_id: str, state: dict[str, Any] | None) -> bool:
        """Remember the console's state (None, or no commands: nothing to keep). True if
        it changed."""
        checked = console_state(state) if state is not None else None
        if checked is not None and not checked["commands"] and checked["namespace"] == "default":
            checked = None
        record = self.exercise(lesson_id, exercise_id)
        if record.console == checked:
            return False
        record.console = checked
        if checked is not None and record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)
        return True

    def mark_done(self, lesson_id: str, exercise_id: str) -> bool:
        """Record a solved exercise. True when it was not solved before."""
        record = self.exercise(lesson_id, exercise_id)
        if record.status == DONE:
            return False
        record.status = DONE
        self._exercise_changed(record)
        return True

    def use_hint(self, lesson_id: str, exercise_id: str, available: int) -> int:
        """Reveal one more hint (up to ``available``); return how many are now shown."""
        record = self.exercise(lesson_id, exercise_id)
        if record.hints_used < available:
            record.hints_used += 1
            if record.status == NOT_STARTED:
                record.status = IN_PROGRESS
            self._exercise_changed(record)
        return record.hints_used

    def view_solution(self, lesson_id: str, exercise_id: str) -> None:
        record = self.exercise(lesson_id, exercise_id)
        record.solution_viewed = True
        if record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)

    def reset_exercise(self, lesson_id: str, exercise_id: str) -> None:
        """Forget the learner's text, answers, the console's changes and the solved state;
        hints, a viewed solution, failed checks and an exam score stay on record (they
        happened). A reset is a change: another tutor's older work on this exercise is not
        merged back."""
        record = self.exercise(lesson_id, exercise_id)
        record.text = None
        record.answers = None
        record.console = None
        record.status = IN_PROGRESS if (record.hints_used or record.solution_viewed) else NOT_STARTED
        self._exercise_changed(record)
        record.reset = record.changed

    def count_check(self, lesson_id: str, exercise_id: str) -> int:
        """One more explicit check that found the exercise unsolved; return how many."""
        record = self.exercise(lesson_id, exercise_id)
        record.checks += 1
        if record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)
        return record.checks

    def set_answers(self, lesson_id: str, exercise_id: str, answers: Mapping[str, str | Sequence[str]]) -> bool:
        """Remember the learner's answers to an exercise's questions. True if they changed."""
        record = self.exercise(lesson_id, exercise_id)
        clean: dict[str, AnswerValue] = {}
        for key, value in answers.items():
            if isinstance(value, str):
                clean[str(key)] = value
            elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
                clean[str(key)] = list(value)
        if (record.answers or {}) == clean:
            return False
        record.answers = clean or None
        if record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)
        return True

    def record_exam(self, lesson_id: str, exercise_id: str, score: int, total: int, seconds: float) -> bool:
        """An exam handed in: keep the best result (more goals met, then less time).
        True when this one is the new best."""
        record = self.exercise(lesson_id, exercise_id)
        attempts = (record.exam.attempts if record.exam is not None else 0) + 1
        result = ExamScore(max(0, min(score, total)), max(0, total), max(0, int(round(seconds))), attempts)
        best = result.better_than(record.exam)
        if best:
            record.exam = result
        elif record.exam is not None:
            record.exam.attempts = attempts
        if record.status == NOT_STARTED:
            record.status = IN_PROGRESS
        self._exercise_changed(record)
        return best

    def apply_replacements(self, replacements: dict[str, dict[str, list[str]]]) -> bool:
        """Move saved progress to renamed or rebuilt exercises.

        ``replacements`` is ``{lesson id: {exercise id: [ids it replaces]}}`` (the
        exercises' ``replaces:``). An exercise without a record of its own gets a copy of
        the record of the first old id that has one; the old record stays (nothing is ever
        dropped). The "last exercise" and the lesson's list of exercise ids follow the new
        id. True when anything changed (the caller saves)."""
        changed = False
        for lesson_id, mapping in replacements.items():
            record = self.lessons.get(lesson_id)
            if record is None:
                continue
            for new_id, old_ids in mapping.items():
                mine = record.exercises.get(new_id)
                if mine is not None and mine.touched:
                    continue
                old_id = next((o for o in old_ids if o in record.exercises and record.exercises[o].touched), None)
                if old_id is None:
                    continue
                record.exercises[new_id] = record.exercises[old_id].copy()
                changed = True
                if self.last_lesson == lesson_id and self.last_exercise == old_id:
                    self.last_exercise = new_id
                if record.exercise_ids is not None and old_id in record.exercise_ids and new_id not in \
                        record.exercise_ids:
                    record.exercise_ids = [new_id if i == old_id else i for i in record.exercise_ids]
        if changed:
            self._changed()
        return changed

    def reset_all(self) -> None:
        """Forget everything except the language choice (in other tutors too: nothing
        older than the reset is merged back)."""
        self.lessons.clear()
        self.last_lesson = self.last_exercise = None
        self.reset_at = self.last_changed = now()
        self._changed()

    def set_language(self, lang: str | None) -> None:
        """Save the interface language chosen with F2 (None: none; the locale decides)."""
        if self.language != lang:
            self.language = lang
            self.language_changed = now()
            self._changed()

    # ------------------------------------------------------------------ merging
    def merge(self, other: "Progress") -> None:
        """Take in what ``other`` (the file as another tutor saved it) knows: per exercise
        the most recent change wins (:meth:`ExerciseProgress.merged`); the language and
        the last place by their most recent change; nothing older than the most recent
        reset of everything survives."""
        self.reset_at = max(self.reset_at, other.reset_at)
        if other.language_changed > self.language_changed:
            self.language, self.language_changed = other.language, other.language_changed
        if other.last_changed > self.last_changed:
            self.last_lesson, self.last_exercise = other.last_lesson, other.last_exercise
            self.last_changed = other.last_changed
        for lesson_id, theirs in other.lessons.items():
            mine = self.lessons.get(lesson_id)
            if mine is None:
                self.lessons[lesson_id] = theirs
                continue
            if theirs.changed > mine.changed:
                mine.opened, mine.exercise_ids, mine.changed = theirs.opened, theirs.exercise_ids, theirs.changed
            for ex_id, ex in theirs.exercises.items():
                have = mine.exercises.get(ex_id)
                mine.exercises[ex_id] = ex if have is None else have.merged(ex)
        if self.reset_at:
            for lesson_id in list(self.lessons):
                record = self.lessons[lesson_id]
                record.exercises = {k: v for k, v in record.exercises.items() if v.changed > self.reset_at}
                if record.changed <= self.reset_at:
                    record.opened, record.exercise_ids = False, None
                if not record.opened and not record.exercises:
                    del self.lessons[lesson_id]
            if self.last_changed <= self.reset_at:
                self.last_lesson = self.last_exercise = None

    # ------------------------------------------------------------------ (de)serialising
    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "language": self.language,
            "last": {"lesson": self.last_lesson, "exercise": self.last_exercise},
            "reset": self.reset_at,
            "changed": {"language": self.language_changed, "last": self.last_changed},
            "lessons": {k: v.to_json() for k, v in self.lessons.items() if v.opened or v.exercises},
        }

    def _load_json(self, data: Any) -> bool:
        """Fill from parsed JSON. Returns False if the data is not a schema-1 progress
        file at all; parts that do not make sense are dropped (then ``clean`` is False)."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return False
        clean = True
        lang = data.get("language")
        if lang is None or isinstance(lang, str):
            self.language = lang
        else:
            clean = False
        last = data.get("last") or {}
        if isinstance(last, dict):
            lesson, exercise = last.get("lesson"), last.get("exercise")
            self.last_lesson = lesson if isinstance(lesson, str) else None
            self.last_exercise = exercise if isinstance(exercise, str) else None
        else:
            clean = False
        reset = _stamp(data.get("reset", 0.0))
        changed = data.get("changed") or {}
        if reset is not None and isinstance(changed, dict):
            self.reset_at = reset
            for key, attr in (("language", "language_changed"), ("last", "last_changed")):
                stamp = _stamp(changed.get(key, 0.0))
                if stamp is None:
                    clean = False
                else:
                    setattr(self, attr, stamp)
        else:
            clean = False
        lessons = data.get("lessons")
        if lessons is None:
            lessons = {}
        if not isinstance(lessons, dict):
            return False
        for lesson_id, raw in lessons.items():
            if not isinstance(raw, dict):
                clean = False
                continue
            record = LessonProgress(opened=raw.get("opened") is True)
            stamp = _stamp(raw.get("changed", 0.0))
            if stamp is None:
                clean = False
            else:
                record.changed = stamp
            ids = raw.get("exercise_ids")
            if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
                record.exercise_ids = ids
            elif ids is not None:
                clean = False
            exercises = raw.get("exercises") or {}
            if not isinstance(exercises, dict):
                clean = False
                exercises = {}
            for ex_id, ex_raw in exercises.items():
                ex, ok = ExerciseProgress.from_json(ex_raw)
                clean = clean and ok and isinstance(ex_raw, dict)
                record.exercises[ex_id] = ex
            self.lessons[lesson_id] = record
        self._clean = clean
        return True

    # ------------------------------------------------------------------ disk
    def save(self) -> bool:
        """Merge with the file as other tutors left it and write it atomically, holding
        the lock file. Never raises; returns whether it was written."""
        if self.path is None:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.path.with_name(self.path.name + ".lock")):
                self._merge_disk()
                payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1)
                try:
                    payload.encode("utf-8")
                except UnicodeEncodeError:
                    # A lone surrogate (undecodable bytes pasted into the editor, or a "\udcff"
                    # escape in the file) cannot be written as UTF-8: escape it instead, or
                    # every later save would fail and the session's progress be lost.
                    payload = json.dumps(self.to_json(), ensure_ascii=True, indent=1)
                atomic_write(self.path, payload)
                self._disk = _signature(self.path)
        except (OSError, ValueError, TypeError) as exc:
            self.writable = False
            if not self._told_unwritable:
                self._told_unwritable = True
                self._notice(Text(N_("Your progress cannot be saved to {path} ({error}). It is kept "
                                     "until you quit, but will be lost after that."),
                                  path=str(self.path), error=_describe(exc)))
            return False
        if not self.writable:
            self.writable = True
            self._told_unwritable = False
            self._notice(Text(N_("Your progress is being saved again to {path}."), path=str(self.path)))
        self.dirty = False
        return True

    def save_if_dirty(self) -> bool:
        return self.save() if self.dirty else True

    def _merge_disk(self) -> None:
        """Merge what another tutor saved since this one last read or wrote the file (a
        file that cannot be read or understood now is left to be replaced)."""
        assert self.path is not None
        signature = _signature(self.path)
        if signature is None or signature == self._disk:
            return
        try:
            data = json.loads(_read(self.path).decode("utf-8"))
        except (ReadError, UnicodeDecodeError, ValueError, RecursionError):
            return
        other = Progress(None)
        if other._load_json(data):
            self.merge(other)


def text_fits(text: str) -> bool:
    """Whether an editor text is short enough to be saved with the progress."""
    return len(text) <= MAX_TEXT


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


#: A lock file older than this (seconds) was left by a tutor that died while saving (a
#: save takes milliseconds): it is broken.
LOCK_STALE = 10.0


def _host() -> str:
    import socket  # (here: only a save needs it)

    try:
        return socket.gethostname().replace(" ", "_") or "-"
    except OSError:  # pragma: no cover
        return "-"


class FileLock:
    """An exclusive-create lock file (portable: ``O_CREAT | O_EXCL`` works on every
    platform and file system, unlike ``fcntl``/``msvcrt`` locks). Waits while another
    process holds it; breaks one older than :data:`LOCK_STALE` seconds. Raises
    OSError when the folder cannot be written (the save fails as it would anyway)."""

    def __init__(self, path: Path, stale: float | None = None) -> None:
        self.path = path
        self.stale = LOCK_STALE if stale is None else stale

    def __enter__(self) -> "FileLock":
        delay = 0.001
        deadline = time.monotonic() + 3 * self.stale
        while True:
            try:
                self._create()
            except FileExistsError:
                if self._break_if_stale():
                    continue
                if time.monotonic() > deadline:  # pragma: no cover - a clock jump: take it over
                    self._break_if_stale(force=True)
                    continue
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
                continue
            return self

    def _create(self) -> None:
        """Create the lock with its holder in it, all at once (a hard link of a complete
        file: never an empty lock from a process killed between creating and writing);
        where links are not supported, an exclusive create and a write."""
        holder = f"{os.getpid()} {_host()}\n".encode()
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(holder)
            os.link(tmp, self.path)
            return
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network file systems)
            pass
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, holder)
        finally:
            os.close(fd)

    def _holder_died(self) -> bool:
        """Whether the lock names a process of this machine that is gone (POSIX: a
        tutor killed while saving; elsewhere only the lock's age tells)."""
        if os.name != "posix":
            return False
        try:
            with open(self.path, "rb") as fh:
                pid_text, _, host = fh.read(200).decode("utf-8", "replace").strip().partition(" ")
            pid = int(pid_text)
        except (OSError, ValueError):
            return False
        if host != _host() or pid <= 0 or pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:  # another user's process, alive
            return False
        return False

    def _break_if_stale(self, force: bool = False) -> bool:
        try:
            age = time.time() - os.stat(self.path).st_mtime
        except FileNotFoundError:
            return True  # released meanwhile: try again
        if age < self.stale and not force and not self._holder_died():
            return False
        # Rename first: of several tutors breaking the same stale lock, one succeeds.
        aside = self.path.with_name(f"{self.path.name}.stale-{os.getpid()}-{time.monotonic_ns()}")
        try:
            os.replace(self.path, aside)
            os.unlink(aside)
        except OSError:
            pass
        return True

    def __exit__(self, *exc: object) -> None:
        try:
            os.unlink(self.path)
        except OSError:
            pass


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return exc.__class__.__name__


def atomic_write(path: Path, payload: str) -> None:
    """Write ``payload`` to ``path`` atomically: a temporary file in the same folder,
    fsync, then ``os.replace`` (readers see the old or the new file, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    # Make the rename itself durable where the platform allows it.
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def backup_name(path: Path, now: float | None = None) -> Path:
    """``progress.json.corrupt-YYYYmmdd-HHMMSS`` (with ``-2``, ``-3``… if taken)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return candidate


#: A progress file larger than this is not read (it holds at most a few editor texts of
#: up to :data:`MAX_TEXT` characters each; a real one is a few kilobytes).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: reasons a file that cannot be read is moved aside (the rest: kept, not overwritten)
_ASIDE = {
    "directory": N_("it is a folder"),
    "not-regular": N_("it is not a regular file (a pipe, a device or a socket)"),
    "too-large": N_("it is too large"),
}


def _read(path: Path) -> bytes:
    """The progress file's bytes: a regular file only (a named pipe there would block the
    tutor forever), bounded by :data:`MAX_FILE_BYTES`."""
    return read_bytes(path, MAX_FILE_BYTES, regular_only=True)


def load_progress(path: Path | None = None) -> Progress:
    """Read the learner's progress (default ``data_dir()/progress.json``). Never raises.

    A missing file is a fresh start. A file that cannot be read or understood is moved
    aside (see :func:`backup_name`) and a notice says where it went.
    """
    if path is None:
        try:
            path = progress_path()
        except Exception:  # pragma: no cover - platformdirs trouble: work in memory
            return Progress(None)
    progress = Progress(path)
    try:
        raw = _read(path)
    except ReadError as exc:
        if exc.code == "missing":
            # Nothing saved yet (if the folder cannot exist, saving will say so).
            return progress
        if exc.code in _ASIDE:
            _set_aside(progress, path, Text(_ASIDE[exc.code]))
            return progress
        # Unreadable (permissions): we cannot move it either, but never overwrite it blindly.
        progress.path = None
        progress.writable = False
        progress._notice(Text(N_("Your saved progress in {path} cannot be read ({error}); this "
                                 "session starts fresh and will not be saved."),
                              path=str(path), error=exc.detail()))
        return progress
    progress._disk = _signature(path)
    reason: Text | None = None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        reason = Text(N_("it is not valid JSON"))
        data = None
    if reason is None:
        progress._clean = True
        if not progress._load_json(data):
            schema = data.get("schema") if isinstance(data, dict) else None
            reason = (Text(N_("it was written by another version (schema {schema})"), schema=schema)
                      if isinstance(data, dict) and schema is not None and schema != SCHEMA
                      else Text(N_("its contents are not ktutor progress")))
            progress._reset(path)
        elif not progress._clean:
            # Usable, but parts were dropped: keep a copy of the original all the same.
            _set_aside(progress, path, Text(N_("parts of it did not make sense")), keep_loaded=True)
            progress.save()
            return progress
    if reason is not None:
        _set_aside(progress, path, reason)
    return progress


def _set_aside(progress: Progress, path: Path, reason: Text, keep_loaded: bool = False) -> None:
    target = backup_name(path)
    try:
        os.replace(path, target)
    except OSError as exc:
        progress.path = None
        progress.writable = False
        progress._notice(Text(N_("Your saved progress in {path} could not be used ({reason}) nor "
                                 "moved aside ({error}); this session will not be saved."),
                              path=str(path), reason=reason, error=_describe(exc)))
        return
    if keep_loaded:
        message = N_("Some of your saved progress could not be used ({reason}). The rest was kept; "
                     "the original file was saved as {backup}.")
    else:
        message = N_("Your saved progress could not be used ({reason}), so it starts fresh. The "
                     "old file was saved as {backup}.")
    progress._notice(Text(message, reason=reason, backup=str(target)))
