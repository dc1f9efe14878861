"""A cache of parsed lessons, so the tutor starts without importing or running YAML.

Parsing every lesson file takes longer than drawing the home screen. The parsed lessons
are kept as JSON in ``data_dir()/cache/lessons.json``, keyed by each file's name, size
and modification time and by the shape of the lesson classes; any difference (an edited
lesson, a new version of ktutor) and the files are parsed again. The cache is only an
optimisation: a missing, stale, broken or unwritable cache just means parsing.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

CACHE_VERSION = 1


def _signature() -> list:
    from tutor import __version__
    from tutor.lessons.model import Exercise, Lesson

    return [CACHE_VERSION, __version__, [f.name for f in dataclasses.fields(Lesson)],
            [f.name for f in dataclasses.fields(Exercise)]]


def cache_path() -> Path | None:
    try:
        from tutor.paths import data_dir

        return data_dir() / "cache" / "lessons.json"
    except Exception:  # pragma: no cover - no data folder: no cache
        return None


def _stamp(files: list[Path]) -> list[list]:
    out = []
    for path in files:
        st = path.stat()
        out.append([str(path), st.st_size, st.st_mtime_ns])
    return out


def load_cached(folder: Path, files: list[Path]):
    """The lessons of ``folder`` from the cache, or None when it does not match."""
    path = cache_path()
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("signature") != _signature() or data.get("folder") != str(folder):
            return None
        if data.get("files") != _stamp(files):
            return None
        from tutor.lessons.model import Exercise, Lesson

        lessons = []
        for raw in data["lessons"]:
            raw = dict(raw)
            raw["exercises"] = [Exercise(**e) for e in raw["exercises"]]
            raw["path"] = Path(raw["path"])
            lessons.append(Lesson(**raw))
        return lessons
    except Exception:  # any surprise: parse the files instead
        return None


def store(folder: Path, files: list[Path], lessons: list) -> None:
    """Remember ``lessons`` (parsed from ``files``); never raises."""
    path = cache_path()
    if path is None:
        return
    try:
        payload = {
            "signature": _signature(),
            "folder": str(folder),
            "files": _stamp(files),
            "lessons": [_lesson_json(lesson) for lesson in lessons],
        }
        from tutor.progress import atomic_write

        atomic_write(path, json.dumps(payload, ensure_ascii=False))
    except Exception:  # the cache is optional
        try:
            os.unlink(path.with_suffix(".json.tmp"))
        except OSError:
            pass


def _lesson_json(lesson) -> dict:
    out = {f.name: getattr(lesson, f.name) for f in dataclasses.fields(lesson)}
    out["path"] = str(lesson.path)
    out["exercises"] = [{f.name: getattr(e, f.name) for f in dataclasses.fields(e)} for e in lesson.exercises]
    return out
