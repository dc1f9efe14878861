"""The lesson index: what the home screen lists, without reading any lesson's YAML.

The home screen needs each lesson's id, number, title, summary and exercise ids; the
lesson itself (its text, exercises and goals) is loaded from its YAML file when it is
opened (:func:`load_full`). The index is a small JSON document::

    {"format": ..., "files": [[name, blake2b of the bytes], ...],
     "lessons": [{"id", "number", "title", "summary", "exercises", "file", "replaces"}, ...],
     "problems": [...]}

It is used only while it matches the lesson files (their names, sizes and CRC-32s are
checked at start: reading eleven files is far cheaper than parsing them). Where it
comes from, in this order:

1. the index shipped in the wheel (``tutor/_data/lesson-index.json``, written by the
   build hook ``hatch_build.py``): an installed ktutor never parses YAML at start, not
   even the first time;
2. the learner's cache (``<data dir>/cache/lesson-index.json``), written the first time
   the lessons are parsed: a source checkout, or lessons edited after installing;
3. the YAML files themselves (then the cache is written, best effort).

Textual-free: the build hook imports it. Cheap to import: the lesson model (and YAML)
is imported only when lessons are parsed.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.lessons.text import translate_markdown

if TYPE_CHECKING:
    from tutor.lessons.model import Lesson

#: Bump when the index's shape or meaning changes (an old index is then ignored).
INDEX_FORMAT = 1
INDEX_NAME = "lesson-index.json"
#: Where the wheel carries the index (relative to the ``tutor`` package).
SHIPPED_INDEX = Path("_data") / INDEX_NAME


@dataclass(frozen=True)
class LessonEntry:
    """One lesson as the home screen lists it. ``title``/``summary`` are the English
    msgids (``title_text()``/``summary_text()`` translate them)."""

    id: str
    number: int
    title: str
    summary: str
    exercises: tuple[str, ...]
    path: Path
    #: (exercise id, the ids it replaces) for each exercise that replaces others
    replaces: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def replacements(self) -> dict[str, list[str]]:
        """``{exercise id: [old ids]}`` (for :meth:`tutor.progress.Progress.apply_replacements`)."""
        return {new: list(old) for new, old in self.replaces}

    def title_text(self) -> str:
        return translate_markdown(self.title)

    def summary_text(self) -> str:
        return translate_markdown(self.summary)


@dataclass
class LessonIndex:
    """The lessons that could be read (in file order) and the files that could not
    (one English line each: the learner is told, the other lessons still work)."""

    lessons: list[LessonEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def entry_of(lesson: Lesson) -> LessonEntry:
    return LessonEntry(lesson.id, lesson.number, lesson.title, lesson.summary,
                       tuple(e.id for e in lesson.exercises), lesson.path,
                       tuple((e.id, tuple(e.replaces)) for e in lesson.exercises if e.replaces))


# --------------------------------------------------------------------------- building
def lesson_files(folder: Path) -> list[Path]:
    """The lesson files of ``folder``, in lesson order: the same list as
    :func:`tutor.lessons.model.lesson_files` (a test holds them together), without
    importing the lesson model at start."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not p.name.startswith(("_", ".")))


def build(folder: Path, files: list[Path] | None = None) -> LessonIndex:
    """Parse every lesson file of ``folder``; a broken file is left out and reported,
    never fatal."""
    from tutor.lessons.model import LessonError, load_lesson

    out = LessonIndex()
    seen: set[str] = set()
    for number, path in enumerate(files if files is not None else lesson_files(folder), start=1):
        try:
            lesson = load_lesson(path, number)
        except LessonError as exc:
            out.problems.append(str(exc))
            continue
        except Exception as exc:  # pragma: no cover - a loader bug must not stop the tutor
            out.problems.append(f"{path}: {exc!r}")
            continue
        if lesson.id in seen:
            out.problems.append(f"{path}: duplicate lesson id {lesson.id!r}")
            continue
        seen.add(lesson.id)
        out.lessons.append(entry_of(lesson))
    return out


def fingerprint(files: Iterable[Path]) -> list[list[str | int]]:
    """``[name, size, CRC-32]`` of each file (what an index is only valid for)."""
    out: list[list[str | int]] = []
    for path in files:
        data = path.read_bytes()
        out.append([path.name, len(data), zlib.crc32(data)])
    return out


def _shape() -> list[Any]:
    return [INDEX_FORMAT, [f.name for f in fields(LessonEntry)]]


def to_json(index: LessonIndex, files: list[Path]) -> str:
    return json.dumps({
        "format": _shape(),
        "files": fingerprint(files),
        "lessons": [{"id": e.id, "number": e.number, "title": e.title, "summary": e.summary,
                     "exercises": list(e.exercises), "file": e.path.name,
                     "replaces": {new: list(old) for new, old in e.replaces}} for e in index.lessons],
        "problems": index.problems,
    }, ensure_ascii=False, indent=1)


def from_json(text: str, folder: Path, files: list[Path]) -> LessonIndex | None:
    """The index in ``text`` when it was made from exactly these ``files``, else None."""
    try:
        data = json.loads(text)
        if data.get("format") != _shape() or data.get("files") != fingerprint(files):
            return None
        lessons = [LessonEntry(str(raw["id"]), int(raw["number"]), str(raw["title"]), str(raw["summary"]),
                               tuple(str(x) for x in raw["exercises"]), folder / str(raw["file"]),
                               tuple((str(new), tuple(str(x) for x in old))
                                     for new, old in dict(raw.get("replaces") or {}).items()))
                   for raw in data["lessons"]]
        return LessonIndex(lessons, [str(p) for p in data.get("problems", [])])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # unreadable, another shape: parse the files instead


# --------------------------------------------------------------------------- loading
def cache_path() -> Path | None:
    try:
        from tutor.paths import data_dir

        return data_dir() / "cache" / INDEX_NAME
    except Exception:  # pragma: no cover - no data folder: no cache
        return None


def shipped_path() -> Path:
    return Path(__file__).resolve().parents[1] / SHIPPED_INDEX


def _read(path: Path | None, folder: Path, files: list[Path]) -> LessonIndex | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return from_json(text, folder, files)


def _store(path: Path | None, text: str) -> None:
    """Write the learner's cache; never raises (it is only an optimisation)."""
    if path is None:
        return
    try:
        from tutor.progress import atomic_write

        atomic_write(path, text)
    except Exception:
        try:
            os.unlink(path.with_suffix(".json.tmp"))
        except OSError:
            pass


def load_index(folder: Path | None = None) -> LessonIndex:
    """The lessons of ``folder`` (default: the shipped lessons), from the first index that
    matches the files, else parsed from them."""
    from tutor.paths import lessons_dir

    folder = folder or lessons_dir()
    try:
        files = lesson_files(folder)
        found = _read(shipped_path(), folder, files) or _read(cache_path(), folder, files)
    except OSError as exc:
        return LessonIndex(problems=[f"{folder}: {exc}"])
    if found is not None:
        return found
    index = build(folder, files)
    if not index.problems:
        try:
            _store(cache_path(), to_json(index, files))
        except OSError:  # a file went away meanwhile: no cache this time
            pass
    return index


def load_full(entry: LessonEntry) -> Lesson:
    """The whole lesson (text, exercises, goals) from its file; raises
    :class:`tutor.lessons.model.LessonError` when the file cannot be used."""
    from tutor.lessons.model import load_lesson

    return load_lesson(entry.path, entry.number)
