"""Label selectors as ``-l``/``--selector`` takes them: apimachinery's ``labels.Parse``.

The lexer and parser follow ``k8s.io/apimachinery/pkg/labels/selector.go`` (tokens,
error texts and all): ``app=web``, ``app==web``, ``tier!=db``, ``tier in (a,b)``,
``tier notin (a)``, ``gpu``, ``!gpu``, ``n>3``, ``n<3``, joined by ``,`` (AND).
:func:`format_selector` writes a LabelSelector the way ``metav1.FormatLabelSelector``
does (requirements sorted by key, ``<none>`` when empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.k8s.validate import is_qualified_name, is_valid_label_value

_SPECIAL = "=!(),><"
_WHITESPACE = " \t\r\n"
_TOKENS = {")": "ClosedPar", ",": "Comma", "!": "DoesNotExist", "==": "DoubleEquals", "=": "Equals",
           ">": "GreaterThan", "in": "In", "<": "LessThan", "!=": "NotEquals", "notin": "NotIn", "(": "OpenPar"}
_BINARY = ["in", "notin", "=", "==", "!=", "gt", "lt"]


class SelectorError(Exception):
    """The selector cannot be parsed; ``str()`` is the apimachinery message."""


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str  # in, notin, =, ==, !=, exists, !, gt, lt
    values: tuple[str, ...] = ()

    def matches(self, labels: dict[str, str]) -> bool:
        op = self.operator
        if op in ("in", "=", "=="):
            return self.key in labels and labels[self.key] in self.values
        if op in ("notin", "!="):
            return self.key not in labels or labels[self.key] not in self.values
        if op == "exists":
            return self.key in labels
        if op == "!":
            return self.key not in labels
        if op in ("gt", "lt"):
            try:
                have = int(labels[self.key])
                want = int(self.values[0])
            except (KeyError, ValueError, IndexError):
                return False
            return have > want if op == "gt" else have < want
        return False

    def __str__(self) -> str:
        op = self.operator
        if op == "exists":
            return self.key
        if op == "!":
            return "!" + self.key
        if op in ("in", "notin"):
            return f"{self.key} {op} ({','.join(sorted(self.values))})"
        symbol = {"gt": ">", "lt": "<"}.get(op, op)
        return f"{self.key}{symbol}{self.values[0] if self.values else ''}"


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...] = ()

    def matches(self, labels: dict[str, str]) -> bool:
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)


def _quote(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _lex(text: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    pos = 0
    n = len(text)
    while True:
        while pos < n and text[pos] in _WHITESPACE:
            pos += 1
        if pos >= n:
            items.append(("End", ""))
            return items
        ch = text[pos]
        if ch in _SPECIAL:
            buffer = ""
            last: tuple[str, str] | None = None
            while pos < n and text[pos] in _SPECIAL:
                buffer += text[pos]
                pos += 1
                token = _TOKENS.get(buffer)
                if token is not None:
                    last = (token, buffer)
                elif last is not None:
                    pos -= 1
                    break
            if last is None:
                items.append(("Error", f"error expected: keyword found '{buffer}'"))
            else:
                items.append(last)
            continue
        start = pos
        while pos < n and text[pos] not in _SPECIAL and text[pos] not in _WHITESPACE:
            pos += 1
        word = text[start:pos]
        token = _TOKENS.get(word)
        items.append((token, word) if token in ("In", "NotIn") else ("Identifier", word))


class _Parser:
    def __init__(self, text: str) -> None:
        self.items = _lex(text)
        self.position = 0

    def _tok(self, index: int, values: bool) -> tuple[str, str]:
        tok, lit = self.items[min(index, len(self.items) - 1)]
        if values and tok in ("In", "NotIn"):
            tok = "Identifier"
        return tok, lit

    def lookahead(self, values: bool = True) -> tuple[str, str]:
        return self._tok(self.position, values)

    def consume(self, values: bool = True) -> tuple[str, str]:
        self.position += 1
        return self._tok(self.position - 1, values)

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            tok, lit = self.lookahead()
            if tok in ("Identifier", "DoesNotExist"):
                try:
                    requirements.append(self.requirement())
                except SelectorError as err:
                    raise SelectorError(f"unable to parse requirement: {err}") from None
                t, lit2 = self.consume()
                if t == "End":
                    return requirements
                if t == "Comma":
                    t2, l2 = self.lookahead()
                    if t2 not in ("Identifier", "DoesNotExist"):
                        raise SelectorError(f"found '{l2}', expected: identifier after ','")
                else:
                    raise SelectorError(f"found '{lit2}', expected: ',' or 'end of string'")
            elif tok == "End":
                return requirements
            else:
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")

    def requirement(self) -> Requirement:
        operator = ""
        tok, literal = self.consume()
        if tok == "DoesNotExist":
            operator = "!"
            tok, literal = self.consume()
        if tok != "Identifier":
            raise SelectorError(f"found '{literal}', expected: identifier")
        errs = is_qualified_name(literal)
        if errs:
            raise SelectorError(f"<nil>: Invalid value: {_quote(literal)}: {'; '.join(errs)}")
        key = literal
        t, _ = self.lookahead()
        if t in ("End", "Comma"):
            return _checked(key, operator or "exists", [])
        if operator == "!":
            return _checked(key, "!", [])
        op_tok, op_lit = self.consume(values=False)
        op = {"In": "in", "Equals": "=", "DoubleEquals": "==", "GreaterThan": "gt", "LessThan": "lt",
              "NotIn": "notin", "NotEquals": "!="}.get(op_tok)
        if op is None:
            raise SelectorError(f"found '{op_lit}', expected: {', '.join(_BINARY)}")
        if op in ("in", "notin"):
            values = self.values()
        else:
            values = self.exact_value()
        return _checked(key, op, sorted(values))

    def values(self) -> set[str]:
        tok, lit = self.consume()
        if tok != "OpenPar":
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.lookahead()
        if tok in ("Identifier", "Comma"):
            found = self.identifiers()
            if self.consume()[0] != "ClosedPar":
                raise SelectorError(f"found '{lit}', expected: ')'")
            return found
        if tok == "ClosedPar":
            self.consume()
            return {""}
        raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")

    def identifiers(self) -> set[str]:
        found: set[str] = set()
        while True:
            tok, lit = self.consume()
            if tok == "Identifier":
                found.add(lit)
                tok2, lit2 = self.lookahead()
                if tok2 == "Comma":
                    continue
                if tok2 == "ClosedPar":
                    return found
                raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            if tok == "Comma":
                if not found:
                    found.add("")
                tok2, _ = self.lookahead()
                if tok2 == "ClosedPar":
                    found.add("")
                    return found
                if tok2 == "Comma":
                    self.consume()
                    found.add("")
                continue
            raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        tok, _ = self.lookahead()
        if tok in ("End", "Comma"):
            return {""}
        tok, lit = self.consume()
        if tok == "Identifier":
            return {lit}
        raise SelectorError(f"found '{lit}', expected: identifier")


def _checked(key: str, op: str, values: list[str]) -> Requirement:
    errors: list[str] = []
    if op in ("in", "notin") and not values:
        errors.append("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty")
    for i, value in enumerate(values):
        errs = is_valid_label_value(value)
        if errs:
            errors.append(f"values[{i}][{key}]: Invalid value: {_quote(value)}: {'; '.join(errs)}")
    if op in ("gt", "lt"):
        for i, value in enumerate(values):
            try:
                int(value)
            except ValueError:
                errors.append(f"values[{i}]: Invalid value: {_quote(value)}: for 'Gt', 'Lt' operators, "
                              "the value must be an integer")
    if errors:
        raise SelectorError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
    return Requirement(key, op, tuple(values))


def parse_selector(text: str) -> Selector:
    """Parse a label selector; raises :class:`SelectorError` with apimachinery's message."""
    requirements = _Parser(text).parse()
    requirements.sort(key=lambda r: r.key)  # sort.Sort(ByKey(items)): not stable, keys rarely repeat
    return Selector(tuple(requirements))


def format_labels(labels: dict[str, str] | None) -> str:
    """``labels.FormatLabels``: ``k=v`` sorted by key, joined by ``,``; ``<none>`` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_selector(selector: Any) -> str:
    """``metav1.FormatLabelSelector`` for a ``{matchLabels, matchExpressions}`` mapping."""
    if not isinstance(selector, dict):
        return "<none>"
    requirements: list[Requirement] = []
    match = selector.get("matchLabels") or {}
    if isinstance(match, dict):
        requirements.extend(Requirement(str(k), "=", (str(v),)) for k, v in match.items())
    for expr in selector.get("matchExpressions") or []:
        if not isinstance(expr, dict):
            continue
        op = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}.get(str(expr.get("operator")))
        if op is None:
            return "<error>"
        values = tuple(sorted(str(v) for v in expr.get("values") or []))
        requirements.append(Requirement(str(expr.get("key", "")), op, values))
    requirements.sort(key=lambda r: r.key)
    text = ",".join(str(r) for r in requirements)
    return text or "<none>"


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """Whether a ``{matchLabels, matchExpressions}`` selector matches ``labels``."""
    if not isinstance(selector, dict):
        return False
    match = selector.get("matchLabels") or {}
    if isinstance(match, dict) and any(labels.get(str(k)) != str(v) for k, v in match.items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        if not isinstance(expr, dict):
            continue
        op = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}.get(str(expr.get("operator")))
        if op is None:
            return False
        values = tuple(str(v) for v in expr.get("values") or [])
        if not Requirement(str(expr.get("key", "")), op, values).matches(labels):
            return False
    return True
