"""SIGTERM and SIGHUP end the tutor the way quitting does (issue 10, item 11).

Before: the process ended at once, leaving the terminal in the alternate screen with the
mouse on, and the last second of edits was lost. Now: progress saved, the alternate
screen left, the mouse off, exit status 143 (SIGTERM) or 129 (SIGHUP).

A real ``ktutor lab`` runs in a pseudo-terminal; the test types into it, waits until the
typed text is drawn, then sends the signal.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest

pty = pytest.importorskip("pty")
pytestmark = pytest.mark.skipif(sys.platform == "win32" or not hasattr(signal, "SIGHUP"),
                                reason="POSIX signals and pseudo-terminals")

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


class Terminal:
    """``ktutor ARGS`` in a pseudo-terminal of 100x30."""

    def __init__(self, *args: str, home: str) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "KTUTOR_HOME": home, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "tutor", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = b""

    def read_until(self, wanted: bytes | None, timeout: float = 60) -> bool:
        """Read what the tutor draws until ``wanted`` appears after what was read before
        (or, with None, until it ends)."""
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the tutor ended: the other side of the terminal is closed
                    return wanted is None
                if not chunk:
                    return wanted is None
                self.output += chunk
                if wanted is not None and wanted in self.output[start:]:
                    return True
            elif wanted is None and self.proc.poll() is not None:
                return True
        return False

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        os.close(self.master)


def _typed_then_signalled(term: Terminal, ready: bytes, signum: int, code: int, *then: int) -> bytes:
    """Wait for ``ready``, type ``zzqq`` into the editor, wait until it is drawn (not saved
    yet: that happens a second later), send ``signum`` (and the signals ``then`` right
    after it); return what was written after it."""
    try:
        assert term.read_until(ready), term.output[-2000:]
        os.write(term.master, b"zzqq")
        assert term.read_until(b"zzqq"), term.output[-2000:]
        sent_at = len(term.output)
        term.proc.send_signal(signum)
        for other in then:
            term.proc.send_signal(other)
        term.read_until(None)
        # (two signals at once: Python runs pending handlers in signal-number order, so
        # the first one handled may be either: the exit status is 128 + that one)
        assert term.proc.wait(timeout=60) in {code, *(128 + int(other) for other in then)}
    finally:
        term.close()
    after = term.output[sent_at:]
    assert LEAVE_ALTERNATE_SCREEN in after and MOUSE_OFF in after
    return after


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_saves_restores_the_terminal_and_exits_128_plus_it(tmp_path, signum, code):
    home = tmp_path / "home"
    term = Terminal("lab", home=str(home))  # the free lab of the home screen: its text is progress
    _typed_then_signalled(term, b"manifest.yaml", signum, code)
    saved = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    assert "zzqq" in saved["lessons"]["__lab__"]["exercises"]["sandbox"]["text"]


def test_a_signal_keeps_the_unsaved_text_of_a_lab_on_a_file_without_writing_the_file(tmp_path):
    home = tmp_path / "home"
    manifest = tmp_path / "svc.yaml"
    original = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n"
    manifest.write_text(original)
    term = Terminal("lab", str(manifest), home=str(home))
    # a SIGTERM, then the hangup of the terminal closing: the text is kept once
    after = _typed_then_signalled(term, b"svc.yaml", signal.SIGTERM, 143, signal.SIGHUP)
    assert manifest.read_text() == original  # never written over without asking
    kept = list((home / "unsaved").iterdir())
    assert [p.name.startswith("svc.yaml-") for p in kept] == [True]
    assert kept[0].read_text(encoding="utf-8").startswith("zzqq") and "name: web" in kept[0].read_text()
    assert b"were not saved; they are kept in" in after and kept[0].name.encode() in after
