"""Bounded reads of files: every read of ktutor goes through :func:`read_bytes`.

Standard library and :mod:`tutor.i18n` only (a leaf, Textual-free).

* A read never takes more than ``limit`` bytes: a larger regular file is refused before
  anything is read (a 4 GB lesson file is an error at once), and a device such as
  ``/dev/zero`` or ``/dev/urandom`` stops at the limit.
* Files ktutor finds by itself (progress, the lesson cache, lessons, the glossary, the
  files of a directory) must be regular files (``regular_only=True``): a named pipe there
  would block forever. A pipe or a device is read only where the user named it on the
  command line (``ktutor check <(kubectl get pods -o yaml)``); a named pipe is opened
  without waiting for a writer.
* Every problem is a :class:`ReadError` whose message names the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tutor.i18n import N_, Text, format_number


class ReadError(Exception):
    """A file that cannot be read; ``text`` says why and names the file (translated
    when shown), ``code`` is one of ``missing``, ``directory``, ``permission``,
    ``too-large``, ``not-regular`` and ``error``."""

    def __init__(self, text: Text, code: str) -> None:
        super().__init__(text.english())
        self.text = text
        self.code = code

    def __str__(self) -> str:
        return str(self.text)

    def detail(self) -> str:
        """What is wrong, in English, without the file's name (for messages that name the
        file themselves, such as a lesson file's ``file:line: message``)."""
        msgid = self.text.msgid
        prefix = "{file}: "
        params = {k: v for k, v in self.text.params.items() if k != "file"}
        return Text(msgid[len(prefix):] if msgid.startswith(prefix) else msgid, **params).english()


def _too_large(shown: str, limit: int, size: int | None = None) -> ReadError:
    if size is not None:
        return ReadError(Text(N_("{file}: too large ({size} bytes; the limit is {limit})"), file=shown,
                              size=format_number(size), limit=format_number(limit)), "too-large")
    return ReadError(Text(N_("{file}: too large (the limit is {limit} bytes)"), file=shown,
                          limit=format_number(limit)), "too-large")


def read_bytes(path: str | os.PathLike[str], limit: int, *, shown: str | None = None,
               regular_only: bool = False) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them, or :class:`ReadError` (naming
    the file as ``shown``, default the path). ``regular_only``: anything but a regular
    file (a named pipe, a device, a socket) is refused without reading it."""
    shown = str(path) if shown is None else shown
    try:
        # O_NONBLOCK: opening a named pipe that no one writes to returns at once (a plain
        # open waits forever); the descriptor is made blocking again before reading.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (FileNotFoundError, NotADirectoryError):  # (a file where a folder of the path should be)
        raise ReadError(Text(N_("{file}: no such file or directory"), file=shown), "missing") from None
    except IsADirectoryError:
        raise ReadError(Text(N_("{file}: is a directory"), file=shown), "directory") from None
    except PermissionError:
        if Path(path).is_dir():  # (Windows refuses to open a directory this way)
            raise ReadError(Text(N_("{file}: is a directory"), file=shown), "directory") from None
        raise ReadError(Text(N_("{file}: permission denied"), file=shown), "permission") from None
    except OSError as exc:
        raise ReadError(Text(N_("{file}: cannot be read ({error})"), file=shown,
                             error=exc.strerror or exc.__class__.__name__), "error") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(Text(N_("{file}: is a directory"), file=shown), "directory")
        regular = stat.S_ISREG(st.st_mode)
        if regular_only and not regular:
            raise ReadError(Text(N_("{file}: not a regular file (a pipe, a device or a socket)"), file=shown),
                            "not-regular")
        if regular and st.st_size > limit:
            raise _too_large(shown, limit, st.st_size)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(shown, limit)
        return b"".join(chunks)
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(Text(N_("{file}: is a directory"), file=shown), "directory") from None
    except OSError as exc:
        raise ReadError(Text(N_("{file}: cannot be read ({error})"), file=shown,
                             error=exc.strerror or exc.__class__.__name__), "error") from None
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], limit: int, *, shown: str | None = None,
              regular_only: bool = False) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark dropped); text that is not
    UTF-8 is a :class:`ReadError` too."""
    shown = str(path) if shown is None else shown
    data = read_bytes(path, limit, shown=shown, regular_only=regular_only)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(Text(N_("{file}: not UTF-8 text (byte {offset})"), file=shown,
                             offset=format_number(exc.start + 1)), "error") from None
