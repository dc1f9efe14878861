"""Exam mode: an exercise taken as an exam (``exam: true`` or ``exam: {minutes: N}``).

While the exam runs, the lab keeps every panel that would tell the learner what is wrong
closed (Check, Pods, Ports, Traffic, Problems, the editor's marks), gives no hints and
no solution, and shows a timer. Ctrl+R hands the exam in (after asking): the goals met
at that moment are the score, saved with the time it took
(:meth:`tutor.progress.Progress.record_exam`, the best result is kept); then the panels
open and the exercise goes on as usual. With a time limit the exam is handed in by
itself when the time is up. Starting the exercise over (F5) starts a new exam.

:class:`ExamRun` is the state of one attempt; it reads time from the clock it is given
(the lab's ``clock``, which tests replace: no test ever sleeps).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.i18n import _


def clock_text(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour on)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass
class ExamRun:
    """One attempt at an exam: when it started (on ``clock``), its time limit, and, once
    handed in, how long it took and the score."""

    clock: Callable[[], float]
    #: the time limit in seconds (None: no limit)
    limit: float | None = None
    started: float = field(default=0.0)
    #: seconds taken, once handed in (None: still running)
    taken: float | None = None
    score: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def running(self) -> bool:
        return self.taken is None

    def elapsed(self) -> float:
        if self.taken is not None:
            return self.taken
        return max(0.0, self.clock() - self.started)

    def remaining(self) -> float | None:
        if self.limit is None:
            return None
        return max(0.0, self.limit - self.elapsed())

    @property
    def expired(self) -> bool:
        remaining = self.remaining()
        return self.running and remaining is not None and remaining <= 0

    def hand_in(self, score: int, total: int) -> None:
        elapsed = self.elapsed()
        self.taken = min(elapsed, self.limit) if self.limit is not None else elapsed
        self.score, self.total = score, total

    def status(self) -> str:
        """The status line while it runs, or after it was handed in (current language)."""
        if self.running:
            line = "⏱ " + _("Exam: {elapsed}").format(elapsed=clock_text(self.elapsed()))
            remaining = self.remaining()
            if remaining is not None:  # rounded up: 14:59.5 left is "15:00", 0.5 s left is not "00:00"
                line += " · " + _("{left} left").format(left=clock_text(math.ceil(remaining)))
            return line + " · " + _("no hints; the panels open when you hand it in (Ctrl+R)")
        return "⏱ " + _("Exam handed in: {score} of {total} goals met in {time}.").format(
            score=self.score, total=self.total, time=clock_text(self.elapsed()))
