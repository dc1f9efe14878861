"""``-o yaml`` and ``-o json`` exactly as kubectl writes them.

* JSON: ``json.MarshalIndent(obj, "", "    ")`` of an unstructured object (map keys
  sorted, ``<``/``>``/``&`` escaped as ``\\u003c``...) plus a newline.
* YAML: ``sigs.k8s.io/yaml`` (JSON turned into go-yaml v2 output): keys in go-yaml's
  "natural" order, 2-space indentation, sequences not indented under their key, strings
  plain when they read back as strings, double-quoted when they would read back as
  something else (``"80"``, ``"true"``, ``""``, timestamps), single-quoted when a plain
  scalar cannot hold them (``': '``, leading ``*``...), ``|``/``|-`` blocks for text with
  newlines, and long plain or single-quoted text folded at a space past column 80.
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

_BEST_WIDTH = 80

# go-yaml v2 resolve(): what a plain scalar would read back as
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)\Z|[-+]?0b[01_]+\Z|[-+]?0[0-7_]+\Z|[-+]?0x[0-9a-fA-F_]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?\Z")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?\Z")
_SPECIAL_WORDS = {"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no",
                  "No", "NO", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE", ".inf", ".Inf",
                  ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<"}


def _resolves_to_string(s: str) -> bool:
    if s in _SPECIAL_WORDS:
        return False
    if s and (s[0] in "-+.0123456789"):
        if _INT.match(s) or _FLOAT.match(s) or _BASE60.match(s):
            return False
    if s and s[0].isdigit() and _TIMESTAMP.match(s):
        return False
    return True


def _printable(ch: str) -> bool:
    o = ord(ch)
    return (o == 0x0A or 0x20 <= o <= 0x7E or o == 0x85 or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD
            or 0x10000 <= o <= 0x10FFFF) and o != 0xFEFF


def _analyze(s: str) -> tuple[bool, bool]:
    """(block plain allowed, single quoted allowed) of yaml_emitter_analyze_scalar."""
    if not s:
        return True, True
    if s.startswith(("---", "...")):
        block_indicators = True
    else:
        block_indicators = False
    special = leading_space = trailing_space = break_space = space_break = line_breaks = False
    previous_space = previous_break = False
    n = len(s)
    for i, ch in enumerate(s):
        followed_by_ws = i + 1 >= n or s[i + 1] in " \t\r\n\x85\u2028\u2029"
        preceded_by_ws = i == 0 or s[i - 1] in " \t\r\n\x85\u2028\u2029"
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                block_indicators = True
            if ch in "?:" and followed_by_ws:
                block_indicators = True
            if ch == "-" and followed_by_ws:
                block_indicators = True
        else:
            if ch == ":" and followed_by_ws:
                block_indicators = True
            if ch == "#" and preceded_by_ws:
                block_indicators = True
        if not _printable(ch) or ch in "\ufeff":
            special = True
        if ch in "\n\r\x85\u2028\u2029":
            line_breaks = True
        if ch == " ":
            if i == 0:
                leading_space = True
            if i == n - 1:
                trailing_space = True
            if previous_break:
                break_space = True
            previous_space, previous_break = True, False
        elif ch in "\n\r\x85\u2028\u2029":
            if i == 0 or i == n - 1:
                leading_space = leading_space or i == 0
            if previous_space:
                space_break = True
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
    plain = single = True
    if leading_space or trailing_space:
        plain = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = False
    if line_breaks:
        plain = False
    if block_indicators:
        plain = False
    if s.startswith((" ", "\t")) or s.endswith((" ", "\t")):
        plain = False
    return plain, single


def _double_quoted(s: str) -> str:
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
        elif ch == "\x00":
            out.append("\\0")
        elif not _printable(ch) or ch == "\ufeff":
            if o <= 0xFF:
                out.append(f"\\x{o:02X}")
            elif o <= 0xFFFF:
                out.append(f"\\u{o:04X}")
            else:
                out.append(f"\\U{o:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _fold(text: str, column: int, indent: int) -> str:
    """Break ``text`` (a plain or single-quoted scalar about to be written at ``column``)
    at single spaces once the line is past column 80, as go-yaml's emitter does."""
    out: list[str] = []
    col = column
    i = 0
    n = len(text)
    spaces = False
    while i < n:
        ch = text[i]
        if ch == " ":
            if not spaces and col > _BEST_WIDTH and i + 1 < n and text[i + 1] != " " and 0 < i:
                out.append("\n" + " " * indent)
                col = indent
            else:
                out.append(ch)
                col += 1
            spaces = True
        else:
            out.append(ch)
            col += 1
            spaces = False
        i += 1
    return "".join(out)


def _scalar(value: Any, column: int, indent: int, key: bool = False) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        if math.isnan(value):
            return ".nan"
        if value == int(value) and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    s = str(value)
    plain, single = _analyze(s)
    if "\n" in s and not key:
        return "\0LITERAL"  # handled by the caller
    if not _resolves_to_string(s):
        return _double_quoted(s)
    if plain:
        return s if key else _fold(s, column, indent)
    if single and "\n" not in s:
        quoted = "'" + s.replace("'", "''") + "'"
        return quoted if key else _fold(quoted, column, indent)
    return _double_quoted(s)


def _literal(s: str, indent: int) -> str:
    if s.endswith("\n\n") or (s.endswith("\n") and s.rstrip("\n") == ""):
        chomp = "+"
    elif s.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    indicator = str(2) if s[:1] in (" ", "\n") else ""
    body = s[:-1] if s.endswith("\n") else s
    lines = body.split("\n")
    pad = " " * indent
    text = "\n".join((pad + line) if line else "" for line in lines)
    return f"|{indicator}{chomp}\n{text}"


def _key_less(a: str, b: str) -> bool:
    """go-yaml v2 ``keyList.Less`` for two string keys."""
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _sorted_keys(d: dict[str, Any]) -> list[str]:
    def cmp(a: str, b: str) -> int:
        if a == b:
            return 0
        return -1 if _key_less(a, b) else 1

    return sorted((str(k) for k in d), key=functools.cmp_to_key(cmp))


def _emit(value: Any, indent: int, lines: list[str], prefix: str) -> None:
    """Write ``value`` whose first line starts with ``prefix`` (already indented)."""
    if isinstance(value, dict):
        if not value:
            lines.append(prefix + "{}" if not prefix.endswith(" ") or prefix.strip() else prefix + "{}")
            return
        first = True
        for k in _sorted_keys(value):
            v = value[k]
            key_text = _scalar(k, 0, 0, key=True)
            head = (prefix if first else " " * indent) + key_text + ":"
            first = False
            _emit_value(v, indent, head, lines)
        return
    if isinstance(value, list):
        if not value:
            lines.append(prefix + "[]")
            return
        first = True
        for item in value:
            head = (prefix if first else " " * indent) + "- "
            first = False
            if isinstance(item, (dict, list)) and item:
                _emit(item, indent + 2, lines, head)
            else:
                _emit_scalar_line(item, indent + 2, head, lines)
        return
    _emit_scalar_line(value, indent, prefix, lines)


def _emit_scalar_line(value: Any, indent: int, head: str, lines: list[str]) -> None:
    if isinstance(value, dict) and not value:
        lines.append(head + "{}")
        return
    if isinstance(value, list) and not value:
        lines.append(head + "[]")
        return
    text = _scalar(value, len(head), indent)
    if text == "\0LITERAL":
        lines.append(head + _literal(str(value), indent))
    else:
        lines.append(head + text)


def _emit_value(v: Any, indent: int, head: str, lines: list[str]) -> None:
    if isinstance(v, dict) and v:
        lines.append(head)
        _emit(v, indent + 2, lines, " " * (indent + 2))
    elif isinstance(v, list) and v:
        lines.append(head)
        _emit(v, indent, lines, " " * indent)
    else:
        _emit_scalar_line(v, indent + 2, head + " ", lines)


def to_yaml(value: Any) -> str:
    """``sigs.k8s.io/yaml.Marshal`` of a JSON-like value."""
    lines: list[str] = []
    if isinstance(value, (dict, list)) and value:
        _emit(value, 0, lines, "")
    else:
        _emit_scalar_line(value, 0, "", lines)
    return "\n".join(lines) + "\n"


def to_json(value: Any) -> str:
    """``json.MarshalIndent(value, "", "    ")`` plus the newline kubectl adds."""
    text = json.dumps(value, indent=4, sort_keys=True, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text + "\n"
