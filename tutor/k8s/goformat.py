"""Values printed the way Go prints them in API-server messages.

``go_quote`` is ``%q`` (``strconv.Quote``), ``go_float`` is a float64 as encoding/json
writes it, ``go_value`` renders a bad value like ``field.Error.ErrorBody`` and
:class:`GoRaw` carries text that is already rendered (a ``%#v`` struct). A leaf module:
the YAML reader (object keys), the decoder and the field errors all use it.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal


def go_quote(s: str) -> str:
    """Go's ``%q`` / ``strconv.Quote`` for a string (printable Unicode kept as is)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\v":
            out.append("\\v")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\ufffd")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif not ch.isprintable() and o > 0x7F:
            out.append(f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def go_float(f: float) -> str:
    """A float64 as Go's encoding/json writes it (``80``, ``80.5``, ``1e+21``, ``1e-7``)."""
    if math.isnan(f) or math.isinf(f):
        return str(f)
    a = abs(f)
    if a == 0 or 1e-6 <= a < 1e21:
        if f == int(f):
            return str(int(f))
        return format(Decimal(repr(f)), "f")
    s = repr(f)
    m = re.fullmatch(r"(.*e-)0(\d)", s)
    return m.group(1) + m.group(2) if m else s


class GoRaw:
    """A value that renders as the given text (e.g. a Go ``%#v`` struct)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoRaw) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def go_value(v: object) -> str:
    """Render a bad value the way ``field.Error.ErrorBody`` does (apimachinery v0.34)."""
    if isinstance(v, GoRaw):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_float(v)
    if isinstance(v, str):
        return go_quote(v)
    if v is None:
        return "null"
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
