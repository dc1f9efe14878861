"""Every read is bounded and names the file (issue 10, item 7).

Files ktutor finds by itself (progress, lessons, the glossary, a directory's files) must
be regular files: a named pipe there would block forever. A pipe or a device is read only
where the user named it on the command line (``ktutor check <(kubectl get ...)``), and a
device such as ``/dev/zero`` stops at the limit. A 4 GB file is refused before it is read.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

from resilience_helpers import LIMIT, run_check, within
from tutor import check
from tutor.lessons import cli as lessons_cli
from tutor.lessons.glossary import load_glossary
from tutor.lessons.model import LessonError, load_lesson
from tutor.progress import load_progress, progress_path
from tutor.safeio import ReadError, read_bytes

POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
SERVICE = b"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n"


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _huge(path: Path, size: int = 4 * 1024 ** 3) -> Path:
    """A sparse file of ``size`` bytes (no disk space used)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


# --------------------------------------------------------------------------- the reader
@POSIX
def test_a_pipe_where_a_regular_file_is_expected_is_refused_without_waiting(tmp_path):
    fifo = _fifo(tmp_path / "p")
    with pytest.raises(ReadError) as exc:
        within(LIMIT, read_bytes, fifo, 1000, regular_only=True)
    assert exc.value.code == "not-regular" and str(fifo) in str(exc.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_stops_at_the_limit(tmp_path):
    with pytest.raises(ReadError) as exc:
        within(LIMIT, read_bytes, "/dev/zero", 100_000)
    assert exc.value.code == "too-large" and "/dev/zero: too large" in str(exc.value)


def test_a_4gb_file_is_refused_before_it_is_read(tmp_path):
    big = _huge(tmp_path / "big.yaml")
    with pytest.raises(ReadError) as exc:
        within(LIMIT, read_bytes, big, 1000)
    assert "4,294,967,296 bytes" in str(exc.value) and "big.yaml" in str(exc.value)


# --------------------------------------------------------------------------- progress
@POSIX
def test_a_pipe_as_progress_file_does_not_hang_the_tutor(tmp_path):
    fifo = _fifo(progress_path())
    progress = within(LIMIT, load_progress)
    assert any("not a regular file" in str(n) for n in progress.notices), progress.notices
    assert not fifo.exists() or not fifo.is_fifo()  # moved aside; a save writes a real file
    assert progress.save() and progress_path().is_file()


@POSIX
def test_ktutor_lessons_with_a_pipe_as_progress_file_finishes(tmp_path):
    _fifo(progress_path())
    done = subprocess.run([sys.executable, "-m", "tutor", "lessons"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "not a regular file" in done.stderr, done.stderr


def test_a_huge_progress_file_is_set_aside(monkeypatch):
    from tutor import progress as progress_mod

    progress_path().parent.mkdir(parents=True)
    _huge(progress_path(), 10_000)
    monkeypatch.setattr(progress_mod, "MAX_FILE_BYTES", 1_000)
    p = within(LIMIT, load_progress)
    assert any("too large" in str(n) for n in p.notices)


# --------------------------------------------------------------------------- lessons and glossary
def test_a_4gb_lesson_file_is_a_clear_error(tmp_path):
    big = _huge(tmp_path / "01-big.yaml")
    with pytest.raises(LessonError) as exc:
        within(LIMIT, load_lesson, big)
    assert "too large" in str(exc.value) and "4,294,967,296" in str(exc.value)
    out, err = io.StringIO(), io.StringIO()
    code = within(LIMIT, lessons_cli.run, Namespace(format="text", lint=str(tmp_path)), out, err)
    assert code == 1 and "01-big.yaml" in out.getvalue() and "too large" in out.getvalue()


@POSIX
def test_a_pipe_as_glossary_is_an_error_not_a_hang(tmp_path):
    fifo = _fifo(tmp_path / "glossary" / "terms.yaml")
    with pytest.raises(LessonError) as exc:
        within(LIMIT, load_glossary, fifo)
    assert "not a regular file" in str(exc.value)


# --------------------------------------------------------------------------- ktutor check and the lab
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_check_dev_zero_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(check, "MAX_BYTES", 100_000)
    code, _out, err = within(LIMIT, run_check, "/dev/zero")
    assert code == 2 and "/dev/zero: too large" in err


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd")
def test_check_reads_a_pipe_the_user_named():
    """``ktutor check <(cat svc.yaml)``: the shell passes /dev/fd/N."""
    r, w = os.pipe()
    os.write(w, SERVICE)
    os.close(w)
    try:
        code, out, err = within(LIMIT, run_check, f"/dev/fd/{r}")
    finally:
        os.close(r)
    assert code == 0 and "Service default/web" in out, err


@POSIX
def test_a_pipe_inside_a_checked_directory_is_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "svc.yaml").write_bytes(SERVICE)
    _fifo(folder / "stuck.yaml")
    code, out, err = within(LIMIT, run_check, str(folder))
    assert code == 0 and "Service default/web" in out


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_lab_files_are_bounded(monkeypatch):
    from tutor.ui import app

    monkeypatch.setattr(check, "MAX_BYTES", 100_000)
    for device in ("/dev/zero", "/dev/urandom"):
        text, error = within(LIMIT, app._read, device, "The Pods file")
        assert text is None and error is not None and device in error and "too large" in error
