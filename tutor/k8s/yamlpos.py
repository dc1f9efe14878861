"""YAML parsing that keeps every node's position, safely, the way kubectl reads YAML.

The stream is read with PyYAML's *safe* event parser (libyaml's ``CSafeLoader`` when
available); this module composes the events itself into a light node tree
(:class:`YMap`, :class:`YSeq`, :class:`YScalar`) with an explicit stack, so:

* nothing is ever constructed from tags (no Python objects, no full load);
* deep nesting never recurses (a depth limit gives a parse error, not RecursionError);
* aliases are shared, not copied, and their *expanded* size is counted, so a
  billion-laughs document is refused quickly (``document contains excessive aliasing``);
  an alias inside its own anchor (``&a [*a]``) is refused like go-yaml does
  (``anchor 'a' value contains itself``);
* plain scalars are resolved with go-yaml v2's rules (what ``kubectl`` uses through
  sigs.k8s.io/yaml): ``yes``/``on``/``y`` are booleans, ``1e3`` is a float,
  timestamps stay strings, ``<<`` merge keys work, and every scalar keeps its tag
  so ``"80"`` (str), ``80`` (int), ``true`` (bool) and ``null`` are distinguished.

Documents that are empty (only comments, a lone ``---``, or ``null``) are skipped;
``Document.index`` counts the non-empty documents from 0, as kubectl does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from tutor.k8s.goformat import go_float
from tutor.k8s.model import Pos

# libyaml is much faster; its error wording is go-yaml's (both derive from libyaml)
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

#: Expanded nodes allowed in one document (aliases counted at their full size).
MAX_NODES = 100_000
#: Nesting depth allowed (collections inside collections).
MAX_DEPTH = 1_000

STR, INT, FLOAT, BOOL, NULL = "str", "int", "float", "bool", "null"


# --------------------------------------------------------------------------- nodes
class YNode:
    __slots__ = ("pos", "size")
    kind = "node"
    pos: Pos
    #: nodes in this subtree, aliases counted at their expanded size
    size: int


class YScalar(YNode):
    """A scalar: ``value`` is the resolved Python value, ``tag`` one of
    ``str int float bool null``, ``text`` the source text, ``style`` ``""`` when plain."""

    __slots__ = ("value", "tag", "text", "style")
    kind = "scalar"

    value: Any  # str, int, float, bool or None, as ``tag`` says

    def __init__(self, pos: Pos, value: Any, tag: str, text: str, style: str) -> None:
        self.pos = pos
        self.size = 1
        self.value = value
        self.tag = tag
        self.text = text
        self.style = style

    @property
    def key(self) -> str:
        """The scalar as a JSON object key (sigs.k8s.io/yaml converts non-string keys)."""
        if self.tag == STR:
            return str(self.value)
        if self.tag == NULL:
            return "null"
        if self.tag == BOOL:
            return "true" if self.value else "false"
        if self.tag == FLOAT:
            return go_float(self.value)
        return str(self.value)

    def __repr__(self) -> str:
        return f"YScalar({self.value!r}, {self.tag})"


class YSeq(YNode):
    __slots__ = ("items",)
    kind = "sequence"

    def __init__(self, pos: Pos) -> None:
        self.pos = pos
        self.size = 1
        self.items: list[YNode] = []

    def __repr__(self) -> str:
        return f"YSeq({self.items!r})"


class YMap(YNode):
    """A mapping. ``items`` keeps every (key, value) pair in source order, duplicates
    included; ``get()`` answers the first occurrence of a key (merged keys last)."""

    __slots__ = ("items", "_index", "duplicates")
    kind = "mapping"

    def __init__(self, pos: Pos) -> None:
        self.pos = pos
        self.size = 1
        self.items: list[tuple[YScalar, YNode]] = []
        self._index: dict[str, tuple[YScalar, YNode]] = {}
        #: later keys that repeat an earlier key in this mapping
        self.duplicates: list[YScalar] = []

    def _add(self, key: YScalar, value: YNode) -> None:
        k = key.key
        if k in self._index:
            self.duplicates.append(key)
        else:
            self._index[k] = (key, value)
        self.items.append((key, value))

    def get(self, key: str) -> YNode | None:
        found = self._index.get(key)
        return found[1] if found else None

    def key_node(self, key: str) -> YScalar | None:
        found = self._index.get(key)
        return found[0] if found else None

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def keys(self) -> list[str]:
        return list(self._index)

    def entries(self) -> Iterator[tuple[str, YScalar, YNode]]:
        """(key string, key node, value node) for each distinct key, source order."""
        for k, (kn, vn) in self._index.items():
            yield k, kn, vn

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"YMap({[(k.key, v) for k, v in self.items]!r})"


@dataclass
class Document:
    index: int  # 0-based among the non-empty documents
    root: YNode
    pos: Pos


@dataclass
class ParseError:
    """A YAML syntax (or safety) error, 1-based position, kubectl-style message."""

    message: str  # "error converting YAML to JSON: yaml: line 7: ..."
    problem: str  # the tail ("found character that cannot start any token")
    line: int | None
    column: int | None
    code: str = "P-YAML"


@dataclass
class ParseResult:
    documents: list[Document] = field(default_factory=list)
    error: ParseError | None = None


class _Fail(Exception):
    def __init__(self, problem: str, pos: Pos | None, code: str = "P-YAML", with_line: bool = True) -> None:
        super().__init__(problem)
        self.problem = problem
        self.pos = pos
        self.code = code
        self.with_line = with_line


# --------------------------------------------------------------------------- go-yaml v2 resolution
_BOOL_NULL = {
    **{s: (True, BOOL) for s in ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{s: (False, BOOL) for s in ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{s: (None, NULL) for s in ("", "~", "null", "Null", "NULL")},
    **{s: (math.nan, FLOAT) for s in (".nan", ".NaN", ".NAN")},
    **{s: (math.inf, FLOAT) for s in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")},
    **{s: (-math.inf, FLOAT) for s in ("-.inf", "-.Inf", "-.INF")},
}
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_DIGITS = {"": "0123456789", "x": "0123456789abcdefABCDEF", "o": "01234567", "b": "01"}
_INT64 = 1 << 63
_UINT64 = 1 << 64


def _go_parse_int(s: str, signed: bool) -> int | None:
    """strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64); None on error."""
    if not s or len(s) > 80:
        return None
    neg = False
    body = s
    if body[0] in "+-":
        if not signed:
            return None
        neg = body[0] == "-"
        body = body[1:]
    if not body:
        return None
    base, digits = 10, body
    low = body[:2].lower()
    if low in ("0x", "0o", "0b"):
        base = {"0x": 16, "0o": 8, "0b": 2}[low]
        digits = body[2:]
        allowed = _DIGITS[low[1]]
    elif len(body) > 1 and body[0] == "0":
        base, digits, allowed = 8, body[1:], _DIGITS["o"]
    else:
        allowed = _DIGITS[""]
    if not digits or any(c not in allowed for c in digits):
        return None
    n = int(digits, base)
    if neg:
        n = -n
    if signed:
        return n if -_INT64 <= n < _INT64 else None
    return n if n < _UINT64 else None


def resolve_plain(text: str) -> tuple[object, str]:
    """Resolve a plain scalar like go-yaml v2 decoding into ``interface{}``."""
    found = _BOOL_NULL.get(text)
    if found is not None:
        return found
    if text and text[0] in "0123456789+-.":
        plain = text.replace("_", "")
        n = _go_parse_int(plain, True)
        if n is None:
            n = _go_parse_int(plain, False)
        if n is not None:
            return n, INT
        if len(plain) < 400 and _FLOAT_RE.fullmatch(plain):
            f = float(plain)
            if not math.isinf(f):  # Go's ParseFloat reports a range error: stays a string
                return f, FLOAT
        for prefix, sign in (("0b", 1), ("-0b", -1)):
            if plain.startswith(prefix):
                rest = plain[len(prefix):]
                if rest and all(c in "01" for c in rest) and len(rest) <= 64:
                    n = sign * int(rest, 2)
                    if -_INT64 <= n < _INT64:
                        return n, INT
    return text, STR


_TAGS = {
    "tag:yaml.org,2002:str": STR, "tag:yaml.org,2002:int": INT, "tag:yaml.org,2002:float": FLOAT,
    "tag:yaml.org,2002:bool": BOOL, "tag:yaml.org,2002:null": NULL,
}


def _scalar(event: yaml.ScalarEvent, pos: Pos) -> YScalar:
    text = event.value
    style = event.style or ""
    tag = event.tag
    if tag is None or tag == "!":
        if style == "" and tag is None:
            value, kind = resolve_plain(text)
        else:
            value, kind = text, STR
        return YScalar(pos, value, kind, text, style)
    want = _TAGS.get(tag)
    if want is None or want == STR:  # unknown tags decode as plain strings
        return YScalar(pos, text, STR, text, style)
    value, kind = resolve_plain(text)
    if kind == INT and want == FLOAT:
        assert isinstance(value, int)
        value, kind = float(value), FLOAT
    if kind != want:
        short = "!!" + tag.rsplit(":", 1)[-1]
        raise _Fail(f"cannot decode !!{kind} `{text}` as a {short}", pos, with_line=False)
    return YScalar(pos, value, kind, text, style)


# --------------------------------------------------------------------------- composition
def _pos(mark: yaml.Mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def _merge(target: YMap, source: YNode, pos: Pos) -> None:
    sources = source.items if isinstance(source, YSeq) else [source]
    for src in sources:
        if not isinstance(src, YMap):
            raise _Fail("map merge requires map or sequence of maps as the value", pos)
        for k, kn, vn in src.entries():
            if k not in target:
                target._index[k] = (kn, vn)
                target.items.append((kn, vn))


def _compose(events: Iterable[Any], docs: list[tuple[YNode, Pos]]) -> None:
    """Build the trees of every document from the event stream (no recursion),
    appending finished documents to ``docs``. ``events``: PyYAML's events, told apart
    by their exact class (faster than isinstance for every node of a large text)."""
    stack: list[list[Any]] = []  # [node, pending_key, anchor, merges]
    node: YNode
    anchors: dict[str, YNode] = {}
    open_anchors: set[str] = set()
    total = 0  # expanded nodes of the current document
    root: YNode | None = None

    def attach(node: YNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        parent = frame[0]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            parent.size += node.size
        else:
            key = frame[1]
            if key is None:
                if not isinstance(node, YScalar):
                    raise _Fail("invalid map key: a mapping key must be a scalar", node.pos)
                frame[1] = node
            else:
                frame[1] = None
                parent.size += node.size + 1
                if key.tag == STR and key.style == "" and key.value == "<<":
                    frame[3].append((node, key.pos))
                else:
                    if isinstance(node, YScalar) and node.tag == NULL and node.text == "" and node.style == "":
                        node.pos = key.pos  # an empty value: point at its key
                    parent._add(key, node)

    for event in events:
        cls = type(event)
        if cls is yaml.ScalarEvent:
            node = _scalar(event, _pos(event.start_mark))
            total += 1
            if event.anchor:
                anchors[event.anchor] = node
            attach(node)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Fail(f"exceeded max depth of {MAX_DEPTH}", _pos(event.start_mark), "P-LIMIT")
            node = YMap(_pos(event.start_mark)) if cls is yaml.MappingStartEvent else YSeq(_pos(event.start_mark))
            total += 1
            if event.anchor:
                open_anchors.add(event.anchor)
            stack.append([node, None, event.anchor, []])
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            node, _key, anchor, merges = stack.pop()
            if isinstance(node, YMap):
                for value, mpos in merges:
                    _merge(node, value, mpos)
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = node
            attach(node)
        elif cls is yaml.AliasEvent:
            name = event.anchor
            pos = _pos(event.start_mark)
            if name in open_anchors:
                raise _Fail(f"anchor '{name}' value contains itself", pos, "P-ALIAS", with_line=False)
            target = anchors.get(name)
            if target is None:
                raise _Fail(f"unknown anchor '{name}' referenced", pos, "P-ALIAS")
            total += target.size
            if total > MAX_NODES:
                raise _Fail("document contains excessive aliasing", pos, "P-LIMIT", with_line=False)
            attach(target)
        elif cls is yaml.DocumentStartEvent:
            anchors = {}
            open_anchors = set()
            total = 0
            root = None
        elif cls is yaml.DocumentEndEvent:
            if root is not None:
                docs.append((root, root.pos))
            root = None


def _offset_pos(text: str, index: int) -> Pos:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return Pos(line, index - start + 1)


_TAB_PROBLEMS = ("found a tab character that violates indentation",)


def _error(problem: str, pos: Pos | None, code: str = "P-YAML", with_line: bool = True) -> ParseError:
    if problem in _TAB_PROBLEMS:  # libyaml >= 0.2.5 wording; go-yaml (kubectl) says:
        problem = "found character that cannot start any token"
    if pos is not None and with_line:
        msg = f"error converting YAML to JSON: yaml: line {pos.line}: {problem}"
    else:
        msg = f"error converting YAML to JSON: yaml: {problem}"
    return ParseError(msg, problem, pos.line if pos else None, pos.column if pos else None, code)


def _is_empty(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.tag == NULL


def parse(text: str | bytes) -> ParseResult:
    """Parse a multi-document YAML stream. Never raises: problems come back as
    ``ParseResult.error`` (documents before the error are kept)."""
    result = ParseResult()
    if isinstance(text, bytes):
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = _offset_pos(text[: exc.start].decode("utf-8", "replace"), exc.start)
            result.error = _error("invalid leading UTF-8 octet", pos, "P-ENCODING")
            return result
        text = decoded
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        # surrogates cannot be encoded for libyaml: report where the first one is
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        result.error = _error("invalid Unicode character (a lone surrogate)", _offset_pos(text, exc.start),
                              "P-ENCODING")
        return result
    events = yaml.parse(text, Loader=_Loader)
    docs: list[tuple[YNode, Pos]] = []
    try:
        _compose(events, docs)
    except _Fail as exc:
        result.error = _error(exc.problem, exc.pos, exc.code, exc.with_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        result.error = _error(problem, _pos(mark) if mark is not None else None)
    except yaml.reader.ReaderError as exc:
        code = "P-ENCODING"
        index = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        result.error = _error(exc.reason, _offset_pos(text, index), code)
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError, UnicodeError) as exc:
        result.error = _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None)
    index = 0
    for root, pos in docs:
        if _is_empty(root):
            continue
        result.documents.append(Document(index, root, pos))
        index += 1
    return result


def to_python(node: YNode) -> Any:
    """The plain Python value of a node (dicts, lists, scalars); for tests and the
    workload/Pod readers. Aliases are already bounded by :data:`MAX_NODES`."""
    out_root: list[Any] = [None]
    stack: list[tuple[YNode, Any, Any]] = [(node, out_root, 0)]
    while stack:
        n, container, slot = stack.pop()
        value: Any
        if isinstance(n, YScalar):
            value = n.value
        elif isinstance(n, YSeq):
            value = [None] * len(n.items)
            for i, child in enumerate(n.items):
                stack.append((child, value, i))
        else:
            assert isinstance(n, YMap)
            value = {}
            for k, _kn, vn in n.entries():
                value[k] = None
                stack.append((vn, value, k))
        container[slot] = value
    return out_root[0]
