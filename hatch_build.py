"""Build hook: put into the wheel what a source checkout works out at run time.

* the gettext catalogs compiled (``.mo``), so installing needs no ``pybabel compile``;
* the lesson index (``tutor/_data/lesson-index.json``, see ``tutor/ui/lesson_index.py``),
  so an installed ktutor shows its home screen without parsing any lesson YAML, even
  on its very first start.

An editable install (``pip install -e``) writes the lesson index into the checkout
instead (``tutor/_data/lesson-index.json``, ignored by git): it is used while it matches
the lesson files, so a first start from a fresh checkout parses no YAML either; once a
lesson is edited, the lessons are parsed into the learner's cache. The ``.po`` files are
read directly in a checkout.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        if version == "editable":
            self._checkout_index(root)
            return
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
    def _index_json(root: Path) -> tuple[str, str]:
        """The lesson index of the checkout's lessons (JSON), and its path in the package."""
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
        return lesson_index.to_json(index, files), lesson_index.SHIPPED_INDEX.as_posix()

    def _lesson_index(self, root: Path, out: Path, build_data: dict[str, Any]) -> None:
        text, where = self._index_json(root)
        target = out / Path(where).name
        target.write_text(text, encoding="utf-8")
        build_data["force_include"][str(target)] = f"tutor/{where}"

    def _checkout_index(self, root: Path) -> None:
        """Best effort: a checkout that cannot be written, or a lesson that cannot be
        loaded, just means the lessons are parsed at the first start."""
        try:
            text, where = self._index_json(root)
            target = root / "tutor" / where
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - never fail an editable install over a cache
            self.app.display_warning(f"ktutor: no lesson index in the checkout ({exc})")
