"""``ktutor lessons``: list the lessons with the learner's progress, or lint lessons.

Textual-free. ``run(args)`` takes the parsed arguments of ``tutor.cli`` (``format``:
``text``/``json``, ``lint``: None, ``""`` for the shipped lessons, or a folder) and
returns the exit code. ``--lang`` is handled by ``tutor.cli`` before this runs.

Text output is localised and coloured only on a terminal without ``NO_COLOR``; the JSON
output is stable::

    {"lessons": [{"number": 1, "id": "...", "title": "...", "summary": "...",
                  "exercises": [{"id": "...", "title": "...", "kind": "fix", "review": false,
                                 "exam": false, "replaces": []}],
                  "progress": "not_started"}]}

``kind`` is how the exercise is solved: ``fix``, ``write``, ``predict`` or ``command``
(in the console); ``review``: in the lesson's review section; ``exam``: taken as an exam;
``replaces``: the ids it had before. ``progress`` is ``not_started``, ``in_progress``,
``done`` or ``solution_viewed``.
"""

from __future__ import annotations

import json
import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tutor import i18n
from tutor.i18n import N_, Text, _

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.model import Lesson

PROGRESS_STATES = ("not_started", "in_progress", "done", "solution_viewed")
#: state -> (mark, label msgid, ANSI colour)
_MARKS = {
    "not_started": ("·", N_("not started"), "2"),
    "in_progress": ("…", N_("in progress"), "33"),
    "done": ("✓", N_("done"), "32"),
    "solution_viewed": ("◐", N_("solution viewed"), "36"),
}


def _use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text


def _pad(text: str, width: int) -> str:
    from tutor.i18n import cell_width

    return text + " " * max(0, width - cell_width(text))


def progress_states(lessons: list[Lesson], notices: list[Text] | None = None) -> dict[str, str]:
    """``{lesson id: state}`` from the learner's saved progress; every lesson is
    ``not_started`` when there is no progress module or nothing saved."""
    states = {lesson.id: "not_started" for lesson in lessons}
    try:
        from tutor.progress import load_progress
    except ImportError:
        return states
    try:
        progress = load_progress()
    except Exception:  # noqa: BLE001 - progress trouble must not break the list
        return states
    if notices is not None:
        notices.extend(progress.notices)
    try:
        progress.apply_replacements({lesson.id: {e.id: list(e.replaces) for e in lesson.exercises if e.replaces}
                                     for lesson in lessons})
    except Exception:  # noqa: BLE001 - progress trouble must not break the list
        pass
    for lesson in lessons:
        try:
            state = progress.lesson_state(lesson.id, [e.id for e in lesson.exercises])
        except Exception:  # noqa: BLE001
            continue
        if state in PROGRESS_STATES:
            states[lesson.id] = state
    return states


def lessons_json(lessons: list[Lesson], states: dict[str, str]) -> dict[str, Any]:
    return {"lessons": [{
        "number": lesson.number,
        "id": lesson.id,
        "title": lesson.title_text(),
        "summary": lesson.summary_text(),
        "exercises": [{"id": ex.id, "title": ex.title_text(), "kind": ex.kind, "review": ex.review,
                       "exam": ex.exam, "replaces": list(ex.replaces)} for ex in lesson.exercises],
        "progress": states.get(lesson.id, "not_started"),
    } for lesson in lessons]}


def _list(args: Namespace, out: TextIO, err: TextIO) -> int:
    from tutor.lessons.model import LessonError, load_lessons

    try:
        lessons = load_lessons()
    except LessonError as exc:
        print(_("A lesson file is broken: {error}").format(error=f"{exc.file}:{exc.line or 1}: {exc.message}"),
              file=err)
        print(_("Run 'ktutor lessons --lint' for the details."), file=err)
        return 1
    notices: list[Text] = []
    states = progress_states(lessons, notices)
    for notice in notices:
        print(str(notice), file=err)
    if args.format == "json":
        json.dump(lessons_json(lessons, states), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    colour = _use_colour(out)
    if not lessons:
        print(_("No lessons found."), file=out)
        return 0
    labels = {state: _(msgid) for state, (_m, msgid, _c) in _MARKS.items()}
    from tutor.i18n import cell_width

    label_width = max(cell_width(v) for v in labels.values())
    id_width = max(len(lesson.id) for lesson in lessons)
    for lesson in lessons:
        state = states.get(lesson.id, "not_started")
        mark, _msgid, code = _MARKS[state]
        count = i18n.ngettext("{n} exercise", "{n} exercises", len(lesson.exercises)).format(n=i18n.format_number(len(lesson.exercises)))
        status = _paint(_pad(f"{mark} {labels[state]}", label_width + 2), code, colour)
        title = _paint(lesson.title_text(), "1", colour)
        print(f"{lesson.number:>2}  {status}  {lesson.id.ljust(id_width)}  {title} ({count})", file=out)
    print(file=out)
    print(_("Open a lesson with: ktutor --lesson ID"), file=out)
    return 0


def _lint(args: Namespace, out: TextIO, err: TextIO) -> int:
    from tutor.lessons.lint import ERROR, WARNING, lint
    from tutor.paths import lessons_dir

    folder = Path(args.lint) if args.lint else lessons_dir()
    if not folder.is_dir():
        print(_("{folder}: not a folder").format(folder=folder), file=err)
        return 2
    issues = lint(folder)
    n_errors = sum(1 for i in issues if i.severity == ERROR)
    n_warnings = sum(1 for i in issues if i.severity == WARNING)
    if args.format == "json":
        json.dump({"folder": str(folder), "errors": n_errors, "warnings": n_warnings,
                   "issues": [i.to_json() for i in issues]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 1 if n_errors else 0
    colour = _use_colour(out)
    for issue in issues:
        print(_paint(str(issue), "31" if issue.severity == ERROR else "33", colour), file=out)
    errors_text = i18n.ngettext("{n} error", "{n} errors", n_errors).format(n=i18n.format_number(n_errors))
    warnings_text = i18n.ngettext("{n} warning", "{n} warnings", n_warnings).format(n=i18n.format_number(n_warnings))
    if n_errors:
        print(_("{folder}: {errors}, {warnings}").format(folder=folder, errors=errors_text,
                                                          warnings=warnings_text), file=out)
        return 1
    print(_("{folder}: no errors ({warnings})").format(folder=folder, warnings=warnings_text), file=out)
    return 0


def run(args: Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.lint is not None:
            return _lint(args, out, err)
        return _list(args, out, err)
    except BrokenPipeError:  # ``ktutor lessons | head``: the reader went away
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        except OSError:
            pass
        return 0
