"""Write the README's lesson table from the lessons themselves (their numbers, English
titles and exercise counts), between the ``<!-- lessons -->`` and ``<!-- /lessons -->``
markers. ``tests/foundation/test_readme_lessons.py`` fails when the table and the
lessons disagree: run this after adding, removing or renaming a lesson.

    .venv/bin/python tools/readme_lessons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- lessons -->", "<!-- /lessons -->"


def table() -> str:
    """The lesson table as Markdown (English titles, as the app shows them in English)."""
    sys.path.insert(0, str(ROOT))
    from tutor.lessons.model import load_lessons

    rows = ["| # | lesson | exercises |", "|---|---|---|"]
    for lesson in load_lessons(ROOT / "lessons"):
        rows.append(f"| {lesson.number} | {lesson.title} | {len(lesson.exercises)} |")
    return "\n".join(rows)


def rewrite(text: str) -> str:
    head, start, rest = text.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md has no {START} ... {END} section")
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = rewrite(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: lesson table written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
