"""YAML parsing that keeps every node's position, reading a file the way kubectl does.

**The stream, like kubectl** (``k8s.io/cli-runtime`` ``FileVisitor``/``StreamVisitor`` and
``k8s.io/apimachinery/pkg/util/yaml`` v0.34, verified against that source):

* bytes: a UTF-8 byte-order mark is dropped, a UTF-16 (LE or BE) one switches to UTF-16
  (``unicode.BOMOverride``): :func:`decode_bytes`;
* a text whose first non-blank character is ``{`` is a JSON stream (``GuessJSONStream``):
  JSON values one after the other; if the first one is not valid JSON the whole text is
  read as YAML instead, and if that fails too the JSON error is the one reported;
* otherwise YAML documents are split on lines starting with ``---`` (``YAMLReader``): what
  follows the three dashes on that line must be empty or a comment, else kubectl stops
  with ``invalid Yaml document separator: <rest>`` (and drops the document before it);
* each document is parsed on its own (sigs.k8s.io/yaml -> go-yaml v2, only the first YAML
  document of the piece), so the line in a YAML error message counts from the start of
  that document, as kubectl prints it: ``error converting YAML to JSON: yaml: line 2: ...``.
  :attr:`ParseError.line`/``column`` and every node's position stay absolute (file lines,
  for the JSON output and the editor's gutter).

**Lists**: a document whose ``kind`` ends in ``List`` and that has ``items`` (``kind: List``
from ``kubectl get -o yaml``, ``PodList`` from the API) is expanded into its items, each a
:class:`Document` of its own (``item`` = its index): kubectl sends each item alone. Items
of a typed List without ``kind`` and ``apiVersion`` get them from the List (``PodList`` ->
``Pod``), as the unstructured decoder does. Limits are per object (a document or an
item), so a dump of thousands of objects passes: :data:`MAX_NODES` expanded nodes and
:data:`MAX_OBJECT_BYTES` bytes (the API server's request limit) per object,
:data:`MAX_DOCUMENT_NODES` for a whole document.

**Nodes**: PyYAML's *safe* event parser (libyaml's ``CSafeLoader`` when available); the
events are composed here into a light tree (:class:`YMap`, :class:`YSeq`,
:class:`YScalar`) with an explicit stack, so nothing is constructed from tags, deep
nesting never recurses, aliases are shared (their expanded size is counted: a
billion-laughs document is refused), plain scalars are resolved with go-yaml v2's rules
(``yes``/``on`` are booleans, ``1e3`` a float, timestamps stay strings) and every scalar
keeps its tag. A mapping key that repeats an earlier one replaces it (the last value wins,
as go-yaml v2 and kubectl do, silently); the repeat is recorded in
:attr:`Document.duplicates` so that a caller can warn. ``<<`` merge keys are applied where
they stand, as go-yaml v2 does (a key after the merge overrides it, and it overrides the
keys before it).

Documents that are empty (only comments, a lone ``---``, or ``null``) are skipped;
``Document.index`` counts the non-empty documents from 0, as kubectl does.
"""

from __future__ import annotations

import gc
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from tutor.k8s.goformat import go_float
from tutor.k8s.model import Pos

# libyaml is much faster; its error wording is go-yaml's (both derive from libyaml)
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

#: Expanded nodes allowed in one object (a document, or one item of a List), aliases
#: counted at their full size.
MAX_NODES = 100_000
#: Expanded nodes allowed in one document (a whole List).
MAX_DOCUMENT_NODES = 5_000_000
#: Nesting depth allowed (collections inside collections).
MAX_DEPTH = 1_000
#: The API server refuses a request body larger than this (``--max-request-body-bytes``
#: is 3 MiB by default): kubectl sends each object (each item of a List) on its own.
MAX_OBJECT_BYTES = 3 * 1024 * 1024

STR, INT, FLOAT, BOOL, NULL = "str", "int", "float", "bool", "null"


# --------------------------------------------------------------------------- nodes
class YNode:
    """A node: ``line``/``column`` (1-based, absolute in the file), ``size`` (nodes in
    this subtree, aliases counted at their expanded size) and ``pos``."""

    __slots__ = ("line", "column", "size")
    kind = "node"
    line: int
    column: int
    size: int

    @property
    def pos(self) -> Pos:
        return Pos(self.line, self.column)

    @pos.setter
    def pos(self, value: Pos) -> None:
        self.line, self.column = value.line, value.column


class YScalar(YNode):
    """A scalar: ``value`` is the resolved Python value, ``tag`` one of
    ``str int float bool null``, ``text`` the source text, ``style`` ``""`` when plain."""

    __slots__ = ("value", "tag", "text", "style")
    kind = "scalar"

    value: Any  # str, int, float, bool or None, as ``tag`` says

    def __init__(self, pos: Pos, value: Any, tag: str, text: str, style: str) -> None:
        self.line, self.column = pos.line, pos.column
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
        self.line, self.column = pos.line, pos.column
        self.size = 1
        self.items: list[YNode] = []

    def __repr__(self) -> str:
        return f"YSeq({self.items!r})"


class YMap(YNode):
    """A mapping: each distinct key once, with its last value (a repeated key replaces
    the earlier one, as go-yaml v2 does); ``duplicates`` lists the repeating key nodes."""

    __slots__ = ("_index", "duplicates", "_merged")
    kind = "mapping"

    def __init__(self, pos: Pos) -> None:
        self.line, self.column = pos.line, pos.column
        self.size = 1
        self._index: dict[str, tuple[YScalar, YNode]] = {}
        #: later keys that repeat an earlier key written in this mapping
        self.duplicates: list[YScalar] = []
        #: keys set by a ``<<`` merge (None until a merge happens)
        self._merged: set[str] | None = None

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
        """(key string, key node, value node) for each distinct key, in the order the keys
        first appear."""
        for k, (kn, vn) in self._index.items():
            yield k, kn, vn

    def with_entries(self, extra: dict[str, YNode]) -> "YMap":
        """A copy of this mapping with ``extra`` keys added in front (keys at this
        mapping's position): how a List item gets the ``kind``/``apiVersion`` its List
        implies."""
        new = YMap(self.pos)
        for k, v in extra.items():
            new._index[k] = (YScalar(self.pos, k, STR, k, ""), v)
            new.size += v.size + 1
        for k, (kn, vn) in self._index.items():
            if k not in new._index:
                new._index[k] = (kn, vn)
                new.size += vn.size + 1
        new.duplicates = list(self.duplicates)
        return new

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"YMap({[(k, v) for k, (_kn, v) in self._index.items()]!r})"


@dataclass(frozen=True)
class Duplicate:
    """A mapping key written twice: kubectl keeps the later value without a word."""

    path: str  # "metadata.labels.app", from the object's root
    pos: Pos  # the later key (its value wins)
    first: Pos  # the earlier key (its value is dropped)


@dataclass
class ObjectProblem:
    """Why one object (a document, or a List item) cannot be sent or decoded, while the
    rest of the file can: too large, or a List whose ``items`` is not a list."""

    code: str  # P-TOO-LARGE, P-LIMIT, P-LIST-ITEMS
    message: str  # as kubectl or the API server words it (or ktutor, for its own limits)
    line: int
    column: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """One object as kubectl sends it: a document, or one item of a List document."""

    index: int  # 0-based among the non-empty documents (a List counts once)
    root: YNode
    pos: Pos  # where the object starts (the document, or the item)
    #: the item's index in its List; None when the document is not a List
    item: int | None = None
    #: the List's kind ("List", "PodList") when this is an item
    list_kind: str | None = None
    #: 0-based line where the document starts: kubectl's messages count lines from there
    line_offset: int = 0
    #: keys written twice in this object (the last value won)
    duplicates: list[Duplicate] = field(default_factory=list)
    #: set when the object cannot be used at all (too large, ...)
    problem: ObjectProblem | None = None


@dataclass
class ParseError:
    """A YAML syntax (or safety) error, 1-based position, kubectl-style message."""

    message: str  # "error converting YAML to JSON: yaml: line 7: ..."
    problem: str  # the tail ("found character that cannot start any token")
    line: int | None  # absolute (the file's line), unlike the line in the message
    column: int | None
    code: str = "P-YAML"


@dataclass
class ParseResult:
    documents: list[Document] = field(default_factory=list)
    error: ParseError | None = None


class _Fail(Exception):
    def __init__(self, problem: str, pos: Pos | None, code: str = "P-YAML", with_line: bool = True,
                 line_in_message: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.pos = pos
        self.code = code
        self.with_line = with_line
        #: the line kubectl prints (counted from the document start); None: pos.line
        self.line_in_message = line_in_message


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
_new = object.__new__
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_MapStart, _SeqStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DocEnd = yaml.DocumentEndEvent
_NUMERIC_START = frozenset("0123456789+-.")


@dataclass
class _Composed:
    """The first document of a piece of text, as composed."""

    root: YNode
    duplicates: list[Duplicate]
    aliased: bool
    #: (start, end) offsets of each element of the root's ``items`` sequence, by id of the sequence
    spans: dict[int, list[tuple[int, int]]]


def _merge(target: YMap, source: YNode, line: int, column: int) -> None:
    """``<<: source`` where it stands (go-yaml v2): the merged keys override the keys
    before it; of a sequence of mappings, the earlier ones win."""
    sources = source.items[::-1] if isinstance(source, YSeq) else [source]
    if target._merged is None:
        target._merged = set()
    for src in sources:
        if not isinstance(src, YMap):
            raise _Fail("map merge requires map or sequence of maps as the value", Pos(line, column))
        for k, kn, vn in src.entries():
            old = target._index.get(k)
            if old is not None:
                target.size -= old[1].size + 1
            target._index[k] = (kn, vn)
            target._merged.add(k)
            target.size += vn.size + 1


def _path_of(stack: list[list[Any]], key: str) -> str:
    """The dotted path of ``key`` in the mapping on top of ``stack`` (only for a repeated
    key: rare, so worked out when it happens)."""
    parts: list[str] = []
    for frame in stack[:-1]:
        node = frame[0]
        if isinstance(node, YSeq):
            parts.append(f"[{len(node.items)}]")
        else:
            pending = frame[1]
            name = pending.key if isinstance(pending, YScalar) else "?"
            parts.append(("." if parts else "") + name)
    parts.append(("." if parts else "") + key)
    return "".join(parts)


def _compose(loader: Any, line_off: int, col_off: int) -> _Composed | None:
    """Compose the first document of ``loader``'s text (go-yaml v2 reads no further),
    without recursion. Positions are shifted by ``line_off`` lines (and ``col_off``
    columns on the piece's first line). The cyclic garbage collector is paused meanwhile:
    a dump makes a million small objects, and a collection every few thousand of them made
    composing several times slower."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _compose_events(loader.get_event, line_off, col_off)
    finally:
        if paused:
            gc.enable()


def _compose_events(get: Any, line_off: int, col_off: int) -> _Composed | None:
    # frame: [node, pending key (maps) or None, anchor, is_sequence, spans list or None]
    stack: list[list[Any]] = []
    anchors: dict[str, YNode] = {}
    open_anchors: set[str] = set()
    duplicates: list[Duplicate] = []
    spans: dict[int, list[tuple[int, int]]] = {}
    item_start = 0
    total = 0  # expanded nodes
    aliased = False
    root: YNode | None = None
    new = _new
    bool_null = _BOOL_NULL
    numeric = _NUMERIC_START

    def put(frame: list[Any], node: YNode) -> None:
        """Attach a finished collection or alias ``node`` to the top of the stack."""
        parent = frame[0]
        if frame[3]:
            parent.items.append(node)
            parent.size += node.size
            return
        key = frame[1]
        if key is None:
            raise _Fail("invalid map key: a mapping key must be a scalar", node.pos)
        frame[1] = None
        assign(frame, parent, key, node)

    def assign(frame: list[Any], parent: YMap, key: YScalar, node: YNode) -> None:
        if key.tag == STR and key.style == "" and key.value == "<<":
            _merge(parent, node, key.line, key.column)
            return
        k = key.value if key.tag == STR else key.key
        index = parent._index
        old = index.get(k)
        if old is not None:
            merged = parent._merged
            if merged is not None and k in merged:
                merged.discard(k)  # a key after a merge overrides the merged value: meant
            else:
                parent.duplicates.append(key)
                duplicates.append(Duplicate(_path_of(stack, k), key.pos, old[0].pos))
            parent.size -= old[1].size + 1
        index[k] = (key, node)
        parent.size += node.size + 1

    while True:
        event = get()
        if event is None:
            break
        cls = type(event)
        if cls is _ScalarEvent:
            mark = event.start_mark
            mline = mark.line
            text = event.value
            tag = event.tag
            style = event.style
            if tag is None and not style:
                value: object
                found = bool_null.get(text)
                if found is not None:
                    value, kind = found
                elif text and text[0] in numeric:
                    value, kind = resolve_plain(text)
                else:
                    value, kind = text, STR
                node = new(YScalar)
                node.line = mline + 1 + line_off
                node.column = mark.column + 1 + (col_off if mline == 0 else 0)
                node.size = 1
                node.value = value
                node.tag = kind
                node.text = text
                node.style = ""
            else:
                node = _scalar(event, Pos(mline + 1 + line_off, mark.column + 1 + (col_off if mline == 0 else 0)))
            total += 1
            if event.anchor:
                anchors[event.anchor] = node
            if stack:
                frame = stack[-1]
                parent = frame[0]
                if frame[3]:
                    if frame[4] is not None:
                        frame[4].append((mark.index, event.end_mark.index))
                    parent.items.append(node)
                    parent.size += 1
                elif frame[1] is None:
                    frame[1] = node
                else:
                    key = frame[1]
                    frame[1] = None
                    if node.tag == NULL and text == "" and not style:
                        node.line, node.column = key.line, key.column  # an empty value: point at its key
                    if key.tag == STR and key.style == "" and key.value != "<<" and key.value not in parent._index:
                        parent._index[key.value] = (key, node)
                        parent.size += 2
                    else:
                        assign(frame, parent, key, node)
            else:
                root = node
        elif cls is _MapStart or cls is _SeqStart:
            if len(stack) >= MAX_DEPTH:
                m = event.start_mark
                raise _Fail(f"exceeded max depth of {MAX_DEPTH}", Pos(m.line + 1 + line_off, m.column + 1), "P-LIMIT")
            mark = event.start_mark
            is_seq = cls is _SeqStart
            coll: YSeq | YMap
            if is_seq:
                coll = new(YSeq)
                coll.items = []
            else:
                coll = new(YMap)
                coll._index = {}
                coll.duplicates = []
                coll._merged = None
            coll.line = mark.line + 1 + line_off
            coll.column = mark.column + 1 + (col_off if mark.line == 0 else 0)
            coll.size = 1
            total += 1
            if event.anchor:
                open_anchors.add(event.anchor)
            item_spans = None
            depth = len(stack)
            if depth == 2 and stack[1][4] is not None:
                item_start = mark.index
            elif depth == 1 and is_seq and not stack[0][3]:
                pending = stack[0][1]
                if isinstance(pending, YScalar) and pending.value == "items":
                    item_spans = spans[id(coll)] = []
            stack.append([coll, None, event.anchor, is_seq, item_spans])
        elif cls is _MapEnd or cls is _SeqEnd:
            done = stack.pop()
            node = done[0]
            anchor = done[2]
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = node
            if total > MAX_DOCUMENT_NODES:
                _too_many(aliased, node)
            if stack:
                frame = stack[-1]
                if len(stack) == 2 and frame[4] is not None:
                    frame[4].append((item_start, event.end_mark.index))
                put(frame, node)
            else:
                root = node
        elif cls is _AliasEvent:
            name = event.anchor
            m = event.start_mark
            pos = Pos(m.line + 1 + line_off, m.column + 1 + (col_off if m.line == 0 else 0))
            if name in open_anchors:
                raise _Fail(f"anchor '{name}' value contains itself", pos, "P-ALIAS", with_line=False)
            target = anchors.get(name)
            if target is None:
                raise _Fail(f"unknown anchor '{name}' referenced", pos, "P-ALIAS")
            total += target.size
            aliased = True
            if total > MAX_DOCUMENT_NODES:
                _too_many(aliased, target)
            if stack:
                frame = stack[-1]
                if len(stack) == 2 and frame[4] is not None:
                    frame[4].append((m.index, event.end_mark.index))
                put(frame, target)
            else:
                root = target
        elif cls is _DocEnd:
            break  # go-yaml v2 reads the first document of a piece, nothing after it
    if root is None:
        return None
    return _Composed(root, duplicates, aliased, spans)


def _too_many(aliased: bool, node: YNode) -> None:
    if aliased:  # go-yaml's own refusal
        raise _Fail("document contains excessive aliasing", node.pos, "P-LIMIT", with_line=False)
    raise _Fail(f"the document has more than {MAX_DOCUMENT_NODES:,} YAML nodes (ktutor's limit for one document)",
                node.pos, "P-LIMIT", with_line=False)


# --------------------------------------------------------------------------- errors
def _offset_pos(text: str, index: int) -> Pos:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return Pos(line, index - start + 1)


_TAB_PROBLEMS = ("found a tab character that violates indentation",)


def _error(problem: str, pos: Pos | None, code: str = "P-YAML", with_line: bool = True,
           line_in_message: int | None = None) -> ParseError:
    if problem in _TAB_PROBLEMS:  # libyaml >= 0.2.5 wording; go-yaml (kubectl) says:
        problem = "found character that cannot start any token"
    if pos is not None and with_line:
        shown = line_in_message if line_in_message is not None else pos.line
        msg = f"error converting YAML to JSON: yaml: line {shown}: {problem}"
    else:
        msg = f"error converting YAML to JSON: yaml: {problem}"
    return ParseError(msg, problem, pos.line if pos else None, pos.column if pos else None, code)


def _is_empty(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.tag == NULL


# --------------------------------------------------------------------------- reading like kubectl
def decode_bytes(data: bytes) -> str | bytes:
    """A file's bytes as kubectl reads them (``unicode.BOMOverride`` over UTF-8): a UTF-8
    byte-order mark is dropped; a UTF-16 LE or BE one switches to UTF-16. Bytes that are
    not UTF-8 are returned as they are, for :func:`parse` to say where they are."""
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def is_json_stream(text: str) -> bool:
    """Whether kubectl reads ``text`` as JSON: its first non-blank character (within the
    first 4096) is ``{`` (``yaml.GuessJSONStream``)."""
    return text[:4096].lstrip().startswith("{")


#: a line that starts with three dashes (kubectl's YAMLReader tests each line for that)
_SEPARATOR = re.compile(r"^---([^\n]*)", re.MULTILINE)
#: the line breaks of YAML (CR LF, CR, LF, NEL, LS, PS): lines as the parser and the editor count them
_YAML_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")


def _breaks(text: str, start: int, end: int, only_lf: bool) -> int:
    """YAML line breaks in ``text[start:end]`` (a document starts on the line after as
    many breaks, also when lines before it end with a lone CR, NEL, LS or PS);
    ``only_lf``: the text has no other breaks than LF and CR LF."""
    if only_lf:
        return text.count("\n", start, end)
    return sum(1 for _ in _YAML_BREAK.finditer(text, start, end))


@dataclass
class _Piece:
    text: str
    line: int  # 0-based line of the file where the piece starts
    column: int = 0  # columns before the piece on that line (a JSON value mid-line)
    start: int = 0  # offset in the whole text


class _Reader:
    """Collects the documents of one text (``parse``)."""

    def __init__(self, text: str, result: ParseResult) -> None:
        self.text = text
        self.result = result
        self.index = 0  # non-empty documents so far

    # ------------------------------------------------------------------ YAML
    def yaml_stream(self, start: int = 0) -> None:
        """kubectl's YAMLReader from ``start``: one piece per ``---`` line."""
        text = self.text
        pos = start
        only_lf = text.count("\r") == text.count("\r\n") and not any(c in text for c in "\x85\u2028\u2029")
        line = _breaks(text, 0, start, only_lf)
        for m in _SEPARATOR.finditer(text, start):
            rest = m.group(1).strip()
            if rest and not rest.startswith("#"):
                # kubectl stops here, and the document before this line is lost with it
                where = Pos(line + _breaks(text, pos, m.start(), only_lf) + 1, 1)
                problem = f"invalid Yaml document separator: {rest}"
                self.result.error = ParseError(problem, problem, where.line, where.column, "P-SEPARATOR")
                return
            if not self.piece(_Piece(text[pos:m.start()], line, 0, pos)):
                return
            line += _breaks(text, pos, m.start(), only_lf) + 1
            pos = m.end() + 1
        if pos <= len(text):
            self.piece(_Piece(text[pos:], line, 0, pos))

    def piece(self, piece: _Piece) -> bool:
        """Parse one document; False once an error stopped the reading."""
        try:
            composed = self.compose(piece)
        except _Fail as exc:
            line = exc.pos.line - piece.line if exc.pos is not None else None
            self.result.error = _error(exc.problem, exc.pos, exc.code, exc.with_line, line)
            return False
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            pos = None
            if mark is not None:
                pos = Pos(mark.line + 1 + piece.line, mark.column + 1 + (piece.column if mark.line == 0 else 0))
            self.result.error = _error(problem, pos, line_in_message=mark.line + 1 if mark is not None else None)
            return False
        except yaml.reader.ReaderError as exc:
            index = exc.position
            if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
                index = len(piece.text.encode("utf-8")[:index].decode("utf-8", "ignore"))
            where = _offset_pos(self.text, piece.start + index)
            self.result.error = _error(exc.reason, where, "P-ENCODING",
                                       line_in_message=where.line - piece.line)
            return False
        except (yaml.YAMLError, RecursionError, MemoryError, ValueError, UnicodeError) as exc:
            self.result.error = _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None)
            return False
        if composed is not None and not _is_empty(composed.root):
            return self.add(composed, piece)
        return True

    def compose(self, piece: _Piece) -> _Composed | None:
        loader = _Loader(piece.text)
        try:
            return _compose(loader, piece.line, piece.column)
        finally:
            loader.dispose()

    # ------------------------------------------------------------------ JSON
    def json_stream(self) -> None:
        """kubectl's YAMLOrJSONDecoder on a text that starts with ``{``."""
        text = self.text
        decoder = json.JSONDecoder()
        pos, count = 0, 0
        while True:
            start = _skip_space(text, pos)
            if start >= len(text):
                return
            try:
                end = decoder.raw_decode(text, start)[1]
            except json.JSONDecodeError as exc:
                if count > 1:
                    self.result.error = _json_error(text, exc, start)
                    return
                # still ambiguous: kubectl reads the rest as YAML from here, and reports
                # the JSON error if even the first YAML document fails
                yaml_from = _after_blank_line(text, pos)
                before = self.index
                self.yaml_stream(yaml_from)
                err = self.result.error
                if err is not None and self.index == before and count == 0:
                    self.result.error = _json_error(text, exc, start)
                return
            count += 1
            line = text.count("\n", 0, start)
            column = start - (text.rfind("\n", 0, start) + 1)
            piece = _Piece(text[start:end], line, column, start)
            try:
                composed = self.compose(piece)
            except (yaml.YAMLError, _Fail, UnicodeError, ValueError):
                composed = None
            if composed is None:  # valid JSON PyYAML cannot read (a surrogate pair escape, ...)
                composed = _Composed(from_python(json.loads(piece.text), Pos(line + 1, column + 1)), [], False, {})
            if not _is_empty(composed.root) and not self.add(composed, piece):
                return
            pos = end

    # ------------------------------------------------------------------ objects
    def add(self, composed: _Composed, piece: _Piece) -> bool:
        """Add the object(s) of a composed document; False when it stops the reading."""
        root = composed.root
        index = self.index
        self.index += 1
        line_offset = piece.line
        items = _list_items(root)
        if items is None:
            doc = Document(index, root, root.pos, line_offset=line_offset, duplicates=composed.duplicates)
            if root.size > MAX_NODES and composed.aliased:  # go-yaml refuses the whole stream
                self.result.error = _error("document contains excessive aliasing", root.pos, "P-LIMIT",
                                           with_line=False)
                return False
            if len(piece.text) > MAX_OBJECT_BYTES:
                doc.problem = _too_large(root.pos, len(piece.text))
            self.result.documents.append(doc)
            return True
        assert isinstance(root, YMap)
        list_kind = _str_value(root.get("kind")) or ""
        seq = root.get("items")
        if not isinstance(seq, YSeq):  # "items: 5" (null items is an empty List)
            if seq is not None and not _is_empty(seq):
                pos = seq.pos
                jt = _json_kind(seq)
                msg = f"json: cannot unmarshal {jt} into Go struct field decodeList.items of type []json.RawMessage"
                doc = Document(index, root, root.pos, line_offset=line_offset, duplicates=composed.duplicates)
                doc.problem = ObjectProblem("P-LIST-ITEMS", msg, pos.line, pos.column, {"json_type": jt})
                self.result.documents.append(doc)
            return True
        for item in seq.items:
            if not isinstance(item, YMap):  # the unstructured decoder refuses the whole List
                jt = _json_kind(item)
                msg = f"json: cannot unmarshal {jt} into Go value of type map[string]interface {{}}"
                doc = Document(index, root, root.pos, line_offset=line_offset, duplicates=composed.duplicates)
                doc.problem = ObjectProblem("P-LIST-ITEMS", msg, item.line, item.column, {"json_type": jt})
                self.result.documents.append(doc)
                return True
        spans = composed.spans.get(id(seq), [])
        item_kind = list_kind[: -len("List")] if list_kind.endswith("List") else ""
        api = root.get("apiVersion")
        for i, item in enumerate(seq.items):
            assert isinstance(item, YMap)
            obj: YMap = item
            if item_kind and not _str_value(item.get("kind")) and not _str_value(item.get("apiVersion")):
                # a typed List (PodList): its items carry no kind; the decoder sets it
                extra: dict[str, YNode] = {"kind": YScalar(item.pos, item_kind, STR, item_kind, "")}
                if api is not None:
                    extra["apiVersion"] = api
                obj = item.with_entries(extra)
            prefix = f"items[{i}]."
            dups = [Duplicate(d.path[len(prefix):], d.pos, d.first) for d in composed.duplicates
                    if d.path.startswith(prefix)]
            if i == 0:  # a key repeated on the List itself: said on its first item
                dups += [d for d in composed.duplicates if not d.path.startswith("items[")]
            doc = Document(index, obj, item.pos, item=i, list_kind=list_kind, line_offset=line_offset,
                           duplicates=dups)
            if item.size > MAX_NODES:
                doc.problem = ObjectProblem(
                    "P-LIMIT", f"item {i} of the List has more than {MAX_NODES:,} YAML nodes once its aliases are "
                               f"expanded (ktutor's limit per object)", item.line, item.column,
                    {"limit": MAX_NODES, "item": i})
            elif i < len(spans) and spans[i][1] - spans[i][0] > MAX_OBJECT_BYTES:
                doc.problem = _too_large(item.pos, spans[i][1] - spans[i][0])
            self.result.documents.append(doc)
        return True


def _too_large(pos: Pos, size: int) -> ObjectProblem:
    return ObjectProblem("P-TOO-LARGE", f"Request entity too large: limit is {MAX_OBJECT_BYTES}", pos.line,
                         pos.column, {"limit": MAX_OBJECT_BYTES, "size": size})


def _str_value(node: YNode | None) -> str | None:
    if isinstance(node, YScalar) and node.tag == STR:
        return str(node.value)
    return None


def _json_kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    tag = node.tag if isinstance(node, YScalar) else STR
    return {INT: "number", FLOAT: "number", BOOL: "bool", NULL: "null"}.get(tag, "string")


def is_list(root: YNode) -> bool:
    """Whether a document is a List that kubectl expands into its items: a ``kind``
    ending in ``List`` (``List``, ``PodList``) and an ``items`` field."""
    return _list_items(root) is not None


def _list_items(root: YNode) -> YNode | None:
    if not isinstance(root, YMap) or "items" not in root:
        return None
    kind = _str_value(root.get("kind"))
    if kind is None or not kind.endswith("List"):
        return None
    return root.get("items")


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _after_blank_line(text: str, pos: int) -> int:
    """kubectl's ``consumeWhitespace``: blanks up to and including the first newline."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
        if text[pos - 1] == "\n":
            break
    return pos


def _go_char(c: str) -> str:
    """Go's ``quoteChar``: how encoding/json names a character in a syntax error."""
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    return "'" + (json.dumps(c)[1:-1] if not c.isprintable() else c) + "'"


def _json_error(text: str, exc: json.JSONDecodeError, start: int) -> ParseError:
    """Go's encoding/json syntax error for what Python's decoder found: ``json: offset N:
    invalid character ...`` (N counts bytes read, the bad one included), or
    ``unexpected EOF`` when the text ends inside a value."""
    pos = exc.pos
    where = _offset_pos(text, pos)
    if pos >= len(text) or exc.msg.startswith("Unterminated string"):
        return ParseError("unexpected EOF", "unexpected EOF", where.line, where.column, "P-JSON")
    c = text[pos]
    msg = exc.msg
    if msg.startswith("Expecting property name"):
        tail = "looking for beginning of object key string"
    elif msg.startswith("Expecting ':'"):
        tail = "after object key"
    elif msg.startswith("Expecting ','"):
        tail = "after array element" if _innermost(text, start, pos) == "[" else "after object key:value pair"
    elif msg.startswith("Invalid control character"):
        tail = "in string literal"
    elif msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        tail = "in string escape code"
    else:
        tail = "looking for beginning of value"
    offset = len(text[:pos].encode("utf-8", "surrogatepass")) + len(c.encode("utf-8", "surrogatepass"))
    problem = f"invalid character {_go_char(c)} {tail}"
    return ParseError(f"json: offset {offset}: {problem}", problem, where.line, where.column, "P-JSON")


def _innermost(text: str, start: int, end: int) -> str:
    """The innermost open bracket of a JSON text between ``start`` and ``end``."""
    stack: list[str] = []
    in_string = escaped = False
    for c in text[start:end]:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            stack.append(c)
        elif c in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def from_python(value: Any, pos: Pos) -> YNode:
    """A node tree for a plain Python value (every node at ``pos``): valid JSON that
    PyYAML cannot read, which kubectl reads."""
    out_root: list[YNode] = []
    work: list[tuple[Any, Any, Any]] = [(value, None, None)]
    while work:
        v, parent, key = work.pop()
        node: YNode
        if isinstance(v, dict):
            node = YMap(pos)
            placeholder = YScalar(pos, None, NULL, "", "")
            for k, child in v.items():  # the keys in order now, their values when reached
                node._index[str(k)] = (YScalar(pos, str(k), STR, str(k), '"'), placeholder)
                work.append((child, node, str(k)))
        elif isinstance(v, list):
            node = YSeq(pos)
            node.items = [YScalar(pos, None, NULL, "", "")] * len(v)
            for i, child in enumerate(v):
                work.append((child, node, i))
        elif isinstance(v, bool):
            node = YScalar(pos, v, BOOL, "true" if v else "false", "")
        elif isinstance(v, int):
            node = YScalar(pos, v, INT, str(v), "")
        elif isinstance(v, float):
            node = YScalar(pos, v, FLOAT, go_float(v), "")
        elif v is None:
            node = YScalar(pos, None, NULL, "null", "")
        else:
            node = YScalar(pos, str(v), STR, str(v), '"')
        if parent is None:
            out_root.append(node)
        elif isinstance(parent, YSeq):
            assert isinstance(key, int)
            parent.items[key] = node
        else:
            parent._index[key] = (parent._index[key][0], node)
    root = out_root[0]
    _fix_sizes(root)
    return root


def _fix_sizes(root: YNode) -> None:
    order: list[YNode] = []
    work = [root]
    while work:
        n = work.pop()
        order.append(n)
        if isinstance(n, YSeq):
            work.extend(n.items)
        elif isinstance(n, YMap):
            work.extend(v for _k, v in n._index.values())
    for n in reversed(order):
        if isinstance(n, YSeq):
            n.size = 1 + sum(c.size for c in n.items)
        elif isinstance(n, YMap):
            n.size = 1 + sum(v.size + 1 for _k, v in n._index.values())


def parse(text: str | bytes) -> ParseResult:
    """Parse a file's text (or bytes) the way kubectl reads it: see the module docs.
    Never raises: problems come back as ``ParseResult.error`` (documents before the
    error are kept)."""
    result = ParseResult()
    if isinstance(text, bytes):
        decoded = decode_bytes(text)
        if isinstance(decoded, bytes):
            try:
                decoded.decode("utf-8")
            except UnicodeDecodeError as exc:
                pos = _offset_pos(decoded[: exc.start].decode("utf-8", "replace"), exc.start)
                result.error = _error("invalid leading UTF-8 octet", pos, "P-ENCODING")
                return result
        text = str(decoded)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        # surrogates cannot be encoded for libyaml: report where the first one is
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        result.error = _error("invalid Unicode character (a lone surrogate)", _offset_pos(text, exc.start),
                              "P-ENCODING")
        return result
    reader = _Reader(text, result)
    if is_json_stream(text):
        reader.json_stream()
    else:
        reader.yaml_stream()
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
            for k, (_kn, vn) in n._index.items():
                value[k] = None
                stack.append((vn, value, k))
        container[slot] = value
    return out_root[0]


#: which fields :func:`to_python_view` converts: a mapping of field names to their own
#: view, or True for the whole value
View = dict[str, "View | bool"]


def to_python_view(node: YNode, view: View | bool) -> Any:
    """:func:`to_python` of only the fields ``view`` names (the rest of a mapping is left
    out): a Pod of a dump is mostly ``managedFields``, ``volumes`` and container
    statuses, which the engine never reads."""
    if view is True or not isinstance(node, YMap):
        return to_python(node)
    assert isinstance(view, dict)
    out: dict[str, Any] = {}
    for k, (_kn, vn) in node._index.items():
        sub = view.get(k)
        if sub is not None and sub is not False:
            out[k] = to_python_view(vn, sub)
    return out


def node_at(root: YNode, path: str) -> YNode | None:
    """The node at a dotted field path (``spec.containers[0].ports[0].containerPort``;
    a key holding dots, like a label key, is matched whole), or the deepest node on the
    way there when the path goes further than the text: where an error about that field
    belongs."""
    node = root
    rest = path
    while rest:
        if rest.startswith("["):
            close = rest.find("]")
            if close < 0:
                break
            inner, rest = rest[1:close], rest[close + 1:].lstrip(".")
            if isinstance(node, YSeq) and inner.isdigit() and int(inner) < len(node.items):
                node = node.items[int(inner)]
                continue
            if isinstance(node, YMap) and inner in node:
                found = node.get(inner)
                assert found is not None
                node = found
                continue
            return node
        if not isinstance(node, YMap):
            return node
        match = None
        for k in node.keys():  # the longest key the path starts with (keys may hold dots)
            if rest == k or rest.startswith(k + ".") or rest.startswith(k + "["):
                if match is None or len(k) > len(match):
                    match = k
        if match is None:
            return node
        child = node.get(match)
        assert child is not None
        node = child
        rest = rest[len(match):].lstrip(".")
    return node
