"""Where ktutor finds its shipped data and keeps the learner's files.

Shipped data (``lessons/``, ``locales/``) sits at the top of a source checkout and is
force-included into the wheel as ``tutor/_data/...``. The learner's data directory is
platformdirs' user data dir, or ``$KTUTOR_HOME`` when set (tests point it at tmp_path).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def lessons_dir() -> Path:
    return _shipped("lessons")


def locales_dir() -> Path:
    return _shipped("locales")


def data_dir() -> Path:
    """The per-user directory for progress and settings (not created here)."""
    home = os.environ.get("KTUTOR_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_path  # only when needed (start-up speed)

    return user_data_path("ktutor", appauthor=False)
