"""Build hook: compile the gettext catalogs into the wheel, so installing needs no
manual ``pybabel compile`` step. A source checkout reads the ``.po`` files directly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="ktutor-mo-"))
        for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
            rel = po.relative_to(root / "locales").with_suffix(".mo")
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=rel.parts[0])
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            build_data["force_include"][str(target)] = f"tutor/_data/locales/{rel.as_posix()}"
