"""Text from input, made safe to print on a terminal; output streams that never crash.

Standard library only, Textual-free: the command line and the TUI use the same helpers.

* :func:`escape_controls`: every C0 and C1 control character (and DEL) in text that came
  from input (names, file names, messages quoting a value) is shown the way kubectl's
  printers show it: ESC as ``^[``, the others as ``\\xNN``. A byte that is not valid in
  the file system's encoding (a lone surrogate from ``surrogateescape``) is shown as
  ``\\xNN`` too. A name such as ``a\\x1b[2J`` can then neither clear the screen nor
  change the terminal's title.
* :func:`json_safe`: the same for JSON text (C1 controls and lone surrogates become
  ``\\u`` escapes; ``json.dumps`` already escapes C0).
* :func:`configure_stream`: a console that cannot encode a character (``ko_KR.EUC-KR``,
  ``en_US.ISO-8859-1``) prints an ASCII stand-in for the tutor's marks (``✓`` as ``v``,
  ``→`` as ``->``), ``?`` for anything else, and ``\\xNN`` for undecodable bytes of a file
  name; it never raises ``UnicodeEncodeError``.
* :class:`GuardedOutput`: standard output whose write errors (a full disk, a closed
  descriptor) become :class:`OutputError`, so the command line can tell them from other
  problems and exit with a one-line message.
"""

from __future__ import annotations

import codecs
import re
from typing import IO, Any

#: C0 controls, DEL, C1 controls, and lone surrogates (undecodable bytes of a file name)
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _show(char: str) -> str:
    code = ord(char)
    if code == 0x1B:
        return "^["
    if 0xDC80 <= code <= 0xDCFF:  # a byte that surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:  # any other lone surrogate
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


_SHOWN = {chr(c): _show(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)]}


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with every control character escaped (ESC as ``^[``, others as
    ``\\xNN``; undecodable bytes of a file name as ``\\xNN``), except the characters of
    ``keep`` (``"\\n"`` for a multi-line text printed as it is)."""
    if not _CONTROLS.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        return _SHOWN.get(char) or _show(char)

    return _CONTROLS.sub(one, text)


def escape_tree(value: Any) -> Any:
    """A JSON-like value with :func:`escape_controls` applied to every string in it
    (dictionary keys too): a copy where anything changed (a list of strings with nothing
    to escape is returned as it is)."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {escape_tree(k): escape_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        try:  # a list of names (100,000 selected Pods): one search over all of them
            if not _CONTROLS.search("".join(value)):
                return value
        except TypeError:  # not only strings
            pass
        return [escape_tree(v) for v in value]
    return value


#: in JSON text (``ensure_ascii=False``): an escaped C0 control or DEL, or a raw C1 control
#: or lone surrogate (a written-out backslash-u matches too: then the tree is searched)
_IN_JSON = re.compile(r"\\u00[01][0-9a-fA-F]|\\u007[fF]|[\x7f-\x9f\ud800-\udfff]")


def has_controls(value: Any) -> bool:
    """Whether :func:`escape_tree` would change anything in a JSON-like ``value``
    (searched in its JSON text, which C writes: a dump's 100,000 Pod names are checked in
    milliseconds instead of walked one by one)."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return True
    return _IN_JSON.search(text) is not None


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with DEL, the C1
    controls and lone surrogates written as ``\\uXXXX`` escapes: the same JSON value,
    but nothing a terminal would act on and nothing a UTF-8 encoder refuses. (Outside
    strings JSON is ASCII, so every such character is inside a string.)"""
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _u_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_for(stream: object, text: str) -> str:
    """JSON text ready for ``stream``: as it is on a UTF-8 stream, with every non-ASCII
    character as a ``\\u`` escape on any other (``ko_KR.EUC-KR``): the same JSON value,
    nothing replaced by ``?``."""
    text = json_safe(text)
    if unicode_stream(stream) or not _NON_ASCII.search(text):
        return text
    return _NON_ASCII.sub(_u_escape, text)


def unicode_stream(stream: object) -> bool:
    """Whether ``stream`` encodes every character (UTF-8 or UTF-16/32; a StringIO)."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32"))


# --------------------------------------------------------------------------- consoles
#: ASCII stand-ins for the marks the tutor prints, where the console cannot show them
FALLBACKS = {
    "✓": "v", "✗": "x", "✔": "v", "✘": "x", "→": "->", "←": "<-", "↔": "<->", "…": "...", "·": ".",
    "◐": "o", "●": "*", "○": "o", "•": "*", "—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
    "≠": "!=", "≤": "<=", "≥": ">=", "×": "x", "▶": ">", "▸": ">", "⚠": "!", "│": "|", "─": "-",
}
ERRORS = "ktutor-console"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            out.append(_show(char))
            continue
        stand_in = FALLBACKS.get(char, "?")
        try:
            stand_in.encode(exc.encoding)
        except (UnicodeError, LookupError):
            stand_in = "?"
        out.append(stand_in)
    return "".join(out), exc.end


codecs.register_error(ERRORS, _fallback)


def configure_stream(stream: IO[str] | None) -> None:
    """Make ``stream`` (``sys.stdout``, ``sys.stderr``) print what its encoding cannot
    represent with the stand-ins of :data:`FALLBACKS` (or ``?``) instead of raising."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        reconfigure(errors=ERRORS)
    except (ValueError, OSError, AttributeError):  # pragma: no cover - a closed or odd stream
        pass


# --------------------------------------------------------------------------- output errors
#: :attr:`OutputError.reason` when standard output is closed
CLOSED = "closed"


class OutputError(Exception):
    """Standard output cannot be written (closed, a full disk, an I/O error): ``reason``
    is the system's message, or :data:`CLOSED`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reason(exc: OSError) -> str:
    if exc.errno is not None and exc.strerror:
        return exc.strerror
    return str(exc) or exc.__class__.__name__


class GuardedOutput:
    """A text stream around ``stream`` whose write errors become :class:`OutputError`
    (a reader that went away stays a :class:`BrokenPipeError`, which commands treat as
    the end of their output). ``stream`` None: standard output was closed."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream

    def _check(self) -> IO[str]:
        if self._stream is None:
            raise OutputError(CLOSED)
        return self._stream

    def write(self, text: str) -> int:
        stream = self._check()
        try:
            return stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: a closed file
            raise OutputError(_reason(exc) if isinstance(exc, OSError) else CLOSED) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputError(_reason(exc) if isinstance(exc, OSError) else CLOSED) from None

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._check(), name)
