"""Build hook: put into the wheel what a source checkout works out at run time.

* the gettext catalogs compiled (``.mo``), so installing needs no ``pybabel compile``;
* the lesson index (``tutor/_data/lesson-index.json``, see ``tutor/ui/lesson_index.py``),
  so an installed ktutor shows its home screen without parsing any lesson YAML, even
  on its very first start.

A source checkout reads the ``.po`` files and parses the lessons once into the
learner's cache instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="ktutor-build-"))
        self._compile_catalogs(root, out, build_data)
        self._lesson_index(root, out, build_data)

    @staticmethod
    def _compile_catalogs(root: Path, out: Path, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
            rel = po.relative_to(root / "locales").with_suffix(".mo")
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=rel.parts[0])
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            build_data["force_include"][str(target)] = f"tutor/_data/locales/{rel.as_posix()}"

    @staticmethod
    def _lesson_index(root: Path, out: Path, build_data: dict[str, Any]) -> None:
        sys.path.insert(0, str(root))
        try:
            from tutor.ui import lesson_index
        finally:
            sys.path.remove(str(root))
        folder = root / "lessons"
        files = lesson_index.lesson_files(folder)
        index = lesson_index.build(folder, files)
        if index.problems:
            raise RuntimeError("lesson files that cannot be loaded:\n" + "\n".join(index.problems))
        target = out / lesson_index.INDEX_NAME
        target.write_text(lesson_index.to_json(index, files), encoding="utf-8")
        build_data["force_include"][str(target)] = f"tutor/{lesson_index.SHIPPED_INDEX.as_posix()}"
