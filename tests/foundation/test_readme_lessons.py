"""The README's lesson table says what the app shows (numbers, English titles, exercise
counts); ``tools/readme_lessons.py`` writes it."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("readme_lessons", ROOT / "tools" / "readme_lessons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_lesson_table_matches_the_lessons():
    tool = _tool()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.rewrite(readme) == readme, "run: .venv/bin/python tools/readme_lessons.py"


def test_the_table_has_the_titles_the_app_shows():
    from tutor.i18n import set_language
    from tutor.ui.lesson_index import load_index

    set_language("en")
    table = _tool().table()
    for entry in load_index().lessons:
        assert f"| {entry.number} | {entry.title_text()} | {len(entry.exercises)} |" in table
