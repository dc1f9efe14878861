"""Maintainer helper: refresh the template (``locales/ktutor.pot``) from the code and the
lessons, merge it into the Korean catalog (``locales/ko/LC_MESSAGES/ktutor.po``, the one
source of truth for translations) and say how much is still untranslated.

    .venv/bin/python tools/i18n_sync.py [--list-missing]

``--list-missing`` also lists each untranslated or fuzzy message with where it comes from.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "locales" / "ktutor.pot"
KO = ROOT / "locales" / "ko" / "LC_MESSAGES" / "ktutor.po"


def refresh_template() -> None:
    """Extract the messages again; on failure the existing template is kept."""
    fresh = POT.with_suffix(".pot.new")
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                           "-o", str(fresh), "."], cwd=ROOT, capture_output=True, text=True)
    if not done.returncode:
        fresh.replace(POT)
    else:
        fresh.unlink(missing_ok=True)
        print("extraction failed; merging into the existing template:\n" + done.stderr.strip().splitlines()[-1])


def main() -> int:
    refresh_template()
    with POT.open("rb") as fh:
        template = read_po(fh)
    with KO.open("rb") as fh:
        catalog = read_po(fh, locale="ko")
    catalog.update(template, update_header_comment=False)
    # Obsolete entries are dropped: the template says what the code and lessons use.
    catalog.obsolete.clear()
    with KO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
    print(f"{len(catalog)} messages, {len(missing)} untranslated or fuzzy")
    if "--list-missing" in sys.argv:
        for m in missing:
            where = ", ".join(f"{f}:{n}" for f, n in m.locations[:1])
            print(f"--- {where} {'(fuzzy)' if m.fuzzy else ''}\n{m.id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
