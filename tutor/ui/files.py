"""Writing the learner's own files (the free lab's Ctrl+S, an exported exercise) without
surprises: through a symlink to its target (the link stays a link), keeping the file's
permissions and its line endings, atomically (a temporary file in the same folder,
then a rename: a crash leaves the old file or the new one, never half of each).
Standard library only."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

CRLF = "\r\n"


def newline_of(path: str | Path) -> str:
    """The line ending a file uses (``\\r\\n`` when its first line break is one; else
    ``\\n``). The editor works with ``\\n``; :func:`save_text` writes this back."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return "\n"
    at = head.find(b"\n")
    return CRLF if at > 0 and head[at - 1:at] == b"\r" else "\n"


def save_text(path: str | Path, text: str, newline: str = "\n", *, exclusive: bool = False) -> Path:
    """Write ``text`` (lines ending in ``\\n``) to ``path`` with ``newline`` line endings;
    return the file written (a symlink's target). An existing file keeps its mode; a new
    one gets the usual mode (0666 less the umask). ``exclusive``: never replace a file
    that exists (FileExistsError)."""
    target = Path(os.path.realpath(path))
    if exclusive and os.path.lexists(path):
        raise FileExistsError(0, os.strerror(17), str(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)
    data = text.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
