"""The command line: languages, help layout, and no Textual on the CLI paths."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tutor.i18n import cell_width, wrap_cells


def _ktutor(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "KTUTOR_LANG"))}
    base.update({"COLUMNS": "80", **env})
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, env=base, timeout=60)


def test_korean_help_from_locale():
    out = _ktutor("--help", LANG="ko_KR.UTF-8")
    assert out.returncode == 0
    assert out.stdout.startswith("사용법: ktutor")
    assert "옵션:" in out.stdout and "[EN]" not in out.stdout


def test_lang_flag_beats_locale():
    out = _ktutor("--lang", "en", "--help", LANG="ko_KR.UTF-8")
    assert out.stdout.startswith("usage: ktutor") and "사용법" not in out.stdout
    out = _ktutor("--lang=ko", "--help", KTUTOR_LANG="en")
    assert out.stdout.startswith("사용법: ktutor")


def test_korean_help_fits_80_cells():
    out = _ktutor("--help", LANG="ko_KR.UTF-8")
    widest = max(cell_width(line) for line in out.stdout.splitlines())
    assert widest <= 80, widest


def test_korean_usage_error_is_translated():
    out = _ktutor("--lang", "ko", "--frobnicate")
    assert out.returncode == 2
    assert "오류" in out.stderr and "알 수 없는 인수" in out.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"], ["lessons", "--help"]])
def test_cli_paths_do_not_import_textual(args):
    code = (
        "import sys\nfrom tutor.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN"


def test_wrap_cells_never_splits_korean_words():
    text = "쿠버네티스 서비스는 레이블 셀렉터로 파드를 선택한다 " * 4
    lines = wrap_cells(text, 30)
    assert all(cell_width(line) <= 30 for line in lines)
    assert " ".join(lines).split() == text.split()
