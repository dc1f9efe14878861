"""Maintainer helper: refresh the template, merge it into the Korean catalog, and fold in
translations from staging PO files (locales/ko/LC_MESSAGES/_staging/*.po, written by
translators working in parallel). Prints what is still untranslated.

    .venv/bin/python tools/i18n_sync.py [--list-missing]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "locales" / "ktutor.pot"
KO = ROOT / "locales" / "ko" / "LC_MESSAGES" / "ktutor.po"
STAGING = KO.parent / "_staging"


def main() -> int:
    fresh = POT.with_suffix(".pot.new")
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                           "-o", str(fresh), "."], cwd=ROOT, capture_output=True, text=True)
    if not done.returncode:
        fresh.replace(POT)
    else:
        fresh.unlink(missing_ok=True)
        print("extraction failed; merging into the existing template:\n" + done.stderr.strip().splitlines()[-1])
    with POT.open("rb") as fh:
        template = read_po(fh)
    with KO.open("rb") as fh:
        catalog = read_po(fh, locale="ko")
    catalog.update(template, update_header_comment=False)
    staged = 0
    for po in sorted(STAGING.glob("*.po")) if STAGING.is_dir() else []:
        with po.open("rb") as fh:
            partial = read_po(fh, locale="ko")
        for msg in partial:
            if not msg.id or not msg.string or msg.fuzzy:
                continue
            target = catalog.get(msg.id)
            # Staging files are being written and reviewed by translators: they win.
            if target is None or isinstance(target.id, tuple) != isinstance(msg.id, tuple):
                continue  # a stale staging entry (e.g. singular where the code now has a plural)
            if target.string != msg.string or target.fuzzy:
                target.string = msg.string
                target.flags.discard("fuzzy")
                staged += 1
    # Obsolete entries are dropped: the template is the source of truth.
    catalog.obsolete.clear()
    with KO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
    print(f"{len(catalog)} messages, {staged} taken from staging, {len(missing)} untranslated or fuzzy")
    if "--list-missing" in sys.argv:
        for m in missing:
            where = ", ".join(f"{f}:{n}" for f, n in m.locations[:1])
            print(f"--- {where} {'(fuzzy)' if m.fuzzy else ''}\n{m.id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
