"""The gettext template is current and the Korean catalog is complete."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "locales" / "ktutor.pot"
KO = ROOT / "locales" / "ko" / "LC_MESSAGES" / "ktutor.po"


def _ids(path: Path) -> set:
    with path.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_pot_is_current(tmp_path):
    """Extracting again (the README's command) yields exactly the committed msgids."""
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    fresh, committed = _ids(out), _ids(POT)
    assert not fresh - committed, f"not in locales/ktutor.pot yet: {sorted(map(str, fresh - committed))[:10]}"
    assert not committed - fresh, f"stale in locales/ktutor.pot: {sorted(map(str, committed - fresh))[:10]}"


def test_korean_catalog_complete():
    with KO.open("rb") as fh:
        catalog = read_po(fh, locale="ko")
    pot = _ids(POT)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    missing = pot - {m.id for m in catalog if m.id}
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not missing, f"{len(missing)} template entries missing from ko, e.g. {sorted(map(str, missing))[:5]}"
