"""A non-editable wheel installed into a fresh venv works from an unrelated directory:
lessons and compiled translations ship inside it, and the CLI paths start without Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
                   cwd=ROOT, check=True, capture_output=True)
    wheel = next(dist.glob("ktutor-*.whl"))
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return env_dir / "bin", wheel


def _run(bindir: Path, *args: str, env_extra: dict | None = None, cwd: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "KTUTOR_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(env_extra or {})
    return subprocess.run([str(bindir / "ktutor"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_wheel_contains_data(installed):
    import zipfile

    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutor/_data/locales/ko/LC_MESSAGES/ktutor.mo" in names
    assert any(n.startswith("tutor/_data/lessons/") and n.endswith(".yaml") for n in names)
    assert "tutor/_data/lesson-index.json" in names
    assert not any("_staging" in n for n in names)


def test_first_start_lists_the_lessons_without_parsing_yaml(installed, tmp_path):
    """The shipped lesson index matches the shipped lessons: an empty KTUTOR_HOME (a
    first start) lists every lesson without importing a YAML parser."""
    bindir, _ = installed
    code = ("import sys; from tutor.ui.lesson_index import load_index; index = load_index(); "
            "print(len(index.lessons), len(index.problems), 'yaml' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KTUTOR_", "VIRTUAL_ENV", "PYTHON"))}
    env["KTUTOR_HOME"] = str(tmp_path / "empty-home")
    out = subprocess.run([str(bindir / "python"), "-c", code], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    shipped = len(list((ROOT / "lessons").glob("*.yaml")))
    assert out.stdout.split() == [str(shipped), "0", "False"]
    assert not (tmp_path / "empty-home").exists()  # nothing had to be parsed and cached


def test_version_and_help_in_both_languages(installed, tmp_path):
    bindir, _ = installed
    out = _run(bindir, "--version", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip().startswith("ktutor ")

    en = _run(bindir, "--lang", "en", "--help", cwd=tmp_path, env_extra={"LANG": "ko_KR.UTF-8"})
    assert en.returncode == 0
    assert "usage: ktutor" in en.stdout and "show this help message and exit" in en.stdout

    ko = _run(bindir, "--help", cwd=tmp_path, env_extra={"LANG": "ko_KR.UTF-8", "HOME": str(tmp_path)})
    assert ko.returncode == 0
    assert "사용법: ktutor" in ko.stdout
    assert "[EN]" not in ko.stdout, ko.stdout


def test_lessons_found_from_another_directory(installed, tmp_path):
    bindir, _ = installed
    out = _run(bindir, "lessons", "--format", "json", cwd=tmp_path,
               env_extra={"KTUTOR_HOME": str(tmp_path / "home"), "LANG": "ko_KR.UTF-8"})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    shipped = sorted(p.name for p in (ROOT / "lessons").glob("*.yaml"))
    assert len(data["lessons"]) == len(shipped) >= 11
    # Titles come back in Korean from the compiled catalog inside the wheel.
    assert all("[EN]" not in lesson["title"] for lesson in data["lessons"])
