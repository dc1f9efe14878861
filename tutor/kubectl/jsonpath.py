"""A useful subset of kubectl's JSONPath (``k8s.io/client-go/util/jsonpath``).

Supported: text outside braces, ``{.a.b}``, ``{$.a}``, ``{.a[0]}``, ``{.a[-1]}``,
``{.a[1:3]}``, ``{.a[*]}``, ``{.a.*}``, ``{..name}``, ``{.a['b.c']}``, filters
``[?(@.x=="v")]`` (``==``, ``!=``, ``<``, ``>``, ``<=``, ``>=``, or ``[?(@.x)]``),
string literals ``{"\\n"}``, ``{range ...}``/``{end}``. Missing keys print nothing
(kubectl's ``--allow-missing-template-keys`` defaults to true). Several results of one
expression are joined by a space; maps and lists print as compact JSON, the rest as Go's
``fmt`` prints them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Union


class JSONPathError(Exception):
    pass


@dataclass
class _Text:
    text: str


@dataclass
class _Expr:
    steps: list[tuple[str, Any]]


@dataclass
class _Range:
    steps: list[tuple[str, Any]]
    body: list["_Node"] = field(default_factory=list)


_Node = Union[_Text, _Expr, _Range]

_FILTER = re.compile(r"\?\(\s*(@[^=!<>]*?)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)\Z", re.S)


def _unquote(text: str) -> str:
    body = text[1:-1]
    return body.encode("utf-8").decode("unicode_escape") if "\\" in body else body


def _parse_path(text: str, template: str) -> list[tuple[str, Any]]:
    s = text.strip()
    if s.startswith("$"):
        s = s[1:]
    elif s.startswith("@"):
        s = s[1:]
    steps: list[tuple[str, Any]] = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if s.startswith("..", i):
            i += 2
            m = re.match(r"[A-Za-z0-9_\-]+|\*", s[i:])
            if not m:
                raise JSONPathError(f"error parsing jsonpath {template}, invalid recursive descent")
            steps.append(("recursive", m.group(0)))
            i += len(m.group(0))
        elif ch == ".":
            i += 1
            m = re.match(r"[A-Za-z0-9_\-/]+|\*", s[i:])
            if not m:
                if i >= n:
                    break
                raise JSONPathError(f"error parsing jsonpath {template}, unrecognized character in action: "
                                    f"U+{ord(s[i]):04X} '{s[i]}'")
            word = m.group(0)
            steps.append(("wild", None) if word == "*" else ("field", word))
            i += len(word)
        elif ch == "[":
            depth = 0
            j = i
            quote = ""
            while j < n:
                c = s[j]
                if quote:
                    if c == quote:
                        quote = ""
                elif c in "'\"":
                    quote = c
                elif c == "[":
                    depth += 1
                elif c == "]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                raise JSONPathError(f"error parsing jsonpath {template}, unterminated array")
            inner = s[i + 1:j].strip()
            i = j + 1
            if inner == "*":
                steps.append(("wild", None))
            elif inner.startswith("?"):
                m2 = _FILTER.match(inner)
                if not m2:
                    raise JSONPathError(f"error parsing jsonpath {template}, invalid filter")
                left = _parse_path(m2.group(1), template)
                op = m2.group(2)
                right: Any = None
                if op is not None:
                    raw = m2.group(3).strip()
                    if raw[:1] in "'\"" and raw[-1:] == raw[:1]:
                        right = ("literal", _unquote(raw))
                    elif raw.startswith("@") or raw.startswith("$"):
                        right = ("path", _parse_path(raw, template))
                    else:
                        try:
                            right = ("literal", json.loads(raw))
                        except ValueError:
                            right = ("literal", raw)
                steps.append(("filter", (left, op, right)))
            elif inner[:1] in "'\"":
                names = [_unquote(p.strip()) for p in re.findall(r"'[^']*'|\"[^\"]*\"", inner)]
                steps.append(("fields", names))
            elif ":" in inner:
                parts = inner.split(":")
                try:
                    nums = [int(p) if p.strip() else None for p in parts]
                except ValueError:
                    raise JSONPathError(f"error parsing jsonpath {template}, invalid array index {inner}") from None
                steps.append(("slice", (nums + [None, None, None])[:3]))
            else:
                try:
                    steps.append(("index", int(inner)))
                except ValueError:
                    raise JSONPathError(f"error parsing jsonpath {template}, invalid array index {inner}") from None
        elif ch.isspace():
            i += 1
        else:
            m = re.match(r"[A-Za-z0-9_\-]+", s[i:])
            if not m:
                raise JSONPathError(f"error parsing jsonpath {template}, unrecognized character in action: "
                                    f"U+{ord(ch):04X} '{ch}'")
            steps.append(("field", m.group(0)))
            i += len(m.group(0))
    return steps


def parse(template: str) -> list[_Node]:
    """Parse a template into nodes (``{range}``/``{end}`` nested)."""
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    i = 0
    n = len(template)
    while i < n:
        start = template.find("{", i)
        if start < 0:
            stack[-1].append(_Text(template[i:]))
            break
        if start > i:
            stack[-1].append(_Text(template[i:start]))
        end = start + 1
        quote = ""
        while end < n:
            c = template[end]
            if quote:
                if c == "\\":
                    end += 1
                elif c == quote:
                    quote = ""
            elif c in "'\"":
                quote = c
            elif c == "}":
                break
            end += 1
        if end >= n:
            raise JSONPathError(f"error parsing jsonpath {template}, unclosed action")
        action = template[start + 1:end].strip()
        i = end + 1
        if action == "end":
            if len(stack) == 1:
                raise JSONPathError(f"error parsing jsonpath {template}, not in range, nothing to end")
            stack.pop()
        elif action.startswith("range "):
            node = _Range(_parse_path(action[6:], template))
            stack[-1].append(node)
            stack.append(node.body)
        elif action[:1] in "'\"" and action[-1:] == action[:1] and len(action) >= 2:
            stack[-1].append(_Text(_unquote(action)))
        elif action == "":
            continue
        else:
            stack[-1].append(_Expr(_parse_path(action, template)))
    if len(stack) != 1:
        raise JSONPathError(f"error parsing jsonpath {template}, unclosed range")
    return root


def _walk(values: list[Any], steps: list[tuple[str, Any]]) -> list[Any]:
    for kind, arg in steps:
        out: list[Any] = []
        for v in values:
            if kind == "field":
                if isinstance(v, dict) and arg in v:
                    out.append(v[arg])
            elif kind == "fields":
                if isinstance(v, dict):
                    out.extend(v[name] for name in arg if name in v)
            elif kind == "wild":
                if isinstance(v, dict):
                    out.extend(v[k] for k in sorted(v))
                elif isinstance(v, list):
                    out.extend(v)
            elif kind == "index":
                if isinstance(v, list):
                    idx = arg + len(v) if arg < 0 else arg
                    if 0 <= idx < len(v):
                        out.append(v[idx])
            elif kind == "slice":
                if isinstance(v, list):
                    start, stop, step = arg
                    out.extend(v[slice(start, stop, step or None)])
            elif kind == "recursive":
                out.extend(_recursive(v, arg))
            elif kind == "filter":
                left, op, right = arg
                items = v if isinstance(v, list) else list(v.values()) if isinstance(v, dict) else []
                for item in items:
                    got = _walk([item], left)
                    if op is None:
                        if got:
                            out.append(item)
                        continue
                    if not got:
                        continue
                    want = right[1] if right[0] == "literal" else (_walk([item], right[1]) or [None])[0]
                    if _compare(got[0], op, want):
                        out.append(item)
        values = out
    return values


def _recursive(value: Any, name: str) -> list[Any]:
    out: list[Any] = []
    if isinstance(value, dict):
        if name == "*":
            out.extend(value[k] for k in sorted(value))
        elif name in value:
            out.append(value[name])
        for k in sorted(value):
            out.extend(_recursive(value[k], name))
    elif isinstance(value, list):
        for item in value:
            if name == "*":
                out.append(item)
            out.extend(_recursive(item, name))
    return out


def _compare(a: Any, op: str, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        a, b = str(a).lower(), str(b).lower()
    elif isinstance(a, (int, float)) and isinstance(b, str):
        try:
            b = float(b)
        except ValueError:
            return False
    elif isinstance(a, str) and isinstance(b, (int, float)):
        try:
            a = float(a)
        except ValueError:
            return False
    try:
        if op == "==":
            return bool(a == b)
        if op == "!=":
            return bool(a != b)
        if op == "<":
            return bool(a < b)
        if op == ">":
            return bool(a > b)
        if op == "<=":
            return bool(a <= b)
        if op == ">=":
            return bool(a >= b)
    except TypeError:
        return False
    return False


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        from tutor.kubectl.world import go_json

        return go_json(value)
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _execute(nodes: list[_Node], data: Any, root: Any, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Expr):
            results = _walk([data], node.steps)
            out.append(" ".join(_text(v) for v in results))
        else:
            items = _walk([data], node.steps)
            for item in items:
                if isinstance(item, list):
                    for sub in item:
                        _execute(node.body, sub, root, out)
                else:
                    _execute(node.body, item, root, out)


def execute(template: str, data: Any) -> str:
    """Run ``template`` on ``data``; raises :class:`JSONPathError` for a bad template."""
    nodes = parse(template)
    out: list[str] = []
    _execute(nodes, data, data, out)
    return "".join(out)
