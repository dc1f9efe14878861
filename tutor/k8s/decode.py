"""The decode stage: a YAML node tree -> a typed v1 Service, like the API server's
strict JSON decoder (``Service in version "v1" cannot be handled as a Service: ...``).

* Field names are case-sensitive and must be known (strict field validation, the
  default of ``kubectl apply``): every unknown field is reported, with indices
  (``strict decoding error: unknown field "spec.ports[0].targetport"``).
* Every field has a JSON type; a mismatch is reported the way Go's encoding/json does
  (``json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of
  type int32``). Like the server, only the *first* type error is reported, in the order
  the server sees the fields: kubectl sends JSON with object keys sorted.
* ``null`` is accepted everywhere and means "unset" (the Go zero value).
* A key written twice in one mapping never reaches the server: kubectl's YAML reader keeps
  the last value (go-yaml v2), so the tree holds only that one (the evaluation warns).

The result keeps the position of every key and value it visited, so later stages can
point at ``spec.ports[0].port`` precisely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.k8s.field import ErrorType, FieldError
from tutor.k8s.goformat import go_float
from tutor.k8s.model import Pos
from tutor.k8s.schema import SERVICE, GoType, Struct
from tutor.k8s.yamlpos import BOOL, FLOAT, INT, NULL, STR, YMap, YNode, YScalar, YSeq

DECODE_PREFIX = 'Service in version "v1" cannot be handled as a Service: '


# --------------------------------------------------------------------------- positions
class Positions:
    """Where each decoded field is: path string -> (key position, value position)."""

    __slots__ = ("_map", "root")

    def __init__(self, root: Pos) -> None:
        self._map: dict[str, tuple[Pos | None, Pos]] = {}
        self.root = root

    def set(self, path: str, key: Pos | None, value: Pos) -> None:
        self._map[path] = (key, value)

    def has(self, path: str) -> bool:
        return path in self._map

    def value(self, path: str) -> Pos | None:
        found = self._map.get(path)
        return found[1] if found else None

    def key(self, path: str) -> Pos | None:
        found = self._map.get(path)
        return (found[0] or found[1]) if found else None

    def nearest(self, path: str) -> Pos:
        """The value position of ``path``; for a field that is not written, the key of
        its closest written parent (where the missing field belongs)."""
        found = self._map.get(path)
        if found:
            return found[1]
        p = path
        while p:  # a missing field: point at the key of its closest written parent
            cut = max(p.rfind("."), p.rfind("["))
            if cut <= 0:
                break
            p = p[:cut]
            found = self._map.get(p)
            if found:
                return found[0] or found[1]
        return self.root


# --------------------------------------------------------------------------- decoding
def _json_kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    tag = node.tag if isinstance(node, YScalar) else STR
    if tag in (INT, FLOAT):
        return "number"
    if tag == BOOL:
        return "bool"
    if tag == NULL:
        return "null"
    return "string"


def _number_text(node: YScalar) -> str:
    return str(node.value) if node.tag == INT else go_float(node.value)


def _as_int(node: YScalar, bits: int) -> int | None:
    """A JSON number as Go's int32/int64 decoding accepts it, or None."""
    v = node.value
    if node.tag == FLOAT:
        if v != v or v in (float("inf"), float("-inf")) or v != int(v) or abs(v) >= 1e21:
            return None
        v = int(v)
    lim = 1 << (bits - 1)
    return int(v) if -lim <= v < lim else None


@dataclass
class Decoded:
    """The decoded object as plain Python values (JSON-like), with positions."""

    obj: dict[str, Any]
    positions: Positions
    #: the first type error (what the server reports), if any
    type_error: FieldError | None = None
    #: strict errors: unknown fields, in the server's order
    strict_errors: list[FieldError] = field(default_factory=list)

    @property
    def errors(self) -> list[FieldError]:
        return [self.type_error] if self.type_error else list(self.strict_errors)


class _Decoder:
    def __init__(self, positions: Positions, prefix: str) -> None:
        self.positions = positions
        self.prefix = prefix
        self.type_error: FieldError | None = None
        self.strict: list[FieldError] = []

    def _type_error(self, node: YNode, struct: str, dotted: str, go: str, path: str) -> None:
        if self.type_error is not None:
            return
        kind = _json_kind(node)
        # Go quotes the number only when it was meant for an integer (overflow, fraction)
        if kind == "number" and isinstance(node, YScalar) and go in ("int32", "int64"):
            kind = f"number {_number_text(node)}"
        where = f"Go struct field {struct}.{dotted}" if struct else "Go value"
        detail = f"json: cannot unmarshal {kind} into {where} of type {go}"
        self.type_error = FieldError(
            type=ErrorType.DECODE, path=path, message=self.prefix + detail, line=node.pos.line,
            column=node.pos.column, code="P-TYPES",
            params={"json_type": kind.split(" ")[0], "go_type": go, "field": _last_name(path)},
            bad_value=node.value if isinstance(node, YScalar) else None, detail=detail,
        )

    def _strict(self, code: str, what: str, path: str, pos: Pos, params: dict[str, Any]) -> None:
        detail = f'strict decoding error: {what} "{path}"'
        self.strict.append(FieldError(
            type=ErrorType.DECODE, path=path, message=self.prefix + detail, line=pos.line, column=pos.column,
            code=code, params=params, detail=detail,
        ))

    def value(self, node: YNode, typ: GoType, struct: str, dotted: str, path: str) -> Any:
        """Decode ``node`` as ``typ``. ``struct``/``dotted`` name the Go field for
        messages (``ServicePort``, ``spec.ports.port``); ``path`` has indices."""
        kind = typ[0]
        if isinstance(node, YScalar) and node.tag == NULL:
            return None
        if kind == "s":
            if isinstance(node, YScalar) and node.tag == STR:
                return node.value
            self._type_error(node, struct, dotted, typ[1], path)
            return None
        if kind == "i":
            if isinstance(node, YScalar) and node.tag in (INT, FLOAT):
                v = _as_int(node, typ[2])
                if v is not None:
                    return v
            self._type_error(node, struct, dotted, typ[1], path)
            return None
        if kind == "b":
            if isinstance(node, YScalar) and node.tag == BOOL:
                return node.value
            self._type_error(node, struct, dotted, "bool", path)
            return None
        if kind == "ios":
            if isinstance(node, YScalar) and node.tag == STR:
                return node.value
            if isinstance(node, YScalar) and node.tag in (INT, FLOAT):
                v = _as_int(node, 32)
                if v is not None:
                    return v
            self._type_error(node, struct, dotted, "int32", path)
            return None
        if kind == "time":
            if isinstance(node, YScalar) and node.tag == STR:
                return node.value
            self._type_error(node, struct, dotted, "string", path)
            return None
        if kind == "any":
            return node
        if kind == "struct":
            if not isinstance(node, YMap):
                self._type_error(node, struct, dotted, typ[1], path)
                return None
            return self.struct(node, typ[2], dotted, path)
        if kind == "list":
            if not isinstance(node, YSeq):
                self._type_error(node, struct, dotted, typ[1], path)
                return None
            out = []
            elem = typ[2]
            for i, item in enumerate(node.items):
                ipath = f"{path}[{i}]"
                self.positions.set(ipath, None, item.pos)
                v = self.value(item, elem, struct, dotted, ipath)
                if v is None:
                    v = _zero(elem)
                out.append(v)
            return out
        if kind == "map":
            if not isinstance(node, YMap):
                self._type_error(node, struct, dotted, typ[1], path)
                return None
            values = {}
            for k, kn, vn in sorted(node.entries(), key=_first):  # the order the server decodes in
                kpath = f"{path}[{k}]"
                self.positions.set(kpath, kn.pos, vn.pos)
                v = self.value(vn, typ[2], struct, dotted, kpath)
                values[k] = "" if v is None else v
            return {k: values[k] for k in node.keys()}  # source order, for messages
        raise AssertionError(kind)  # pragma: no cover

    def struct(self, node: YMap, st: Struct, dotted: str, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        fields = st.fields
        for k, kn, vn in sorted(node.entries(), key=_first):  # the order the server decodes in
            fpath = f"{path}.{k}" if path else k
            typ = fields.get(k)
            if typ is None:
                self._strict("P-UNKNOWN-FIELD", "unknown field", fpath, kn.pos,
                             {"field": k, "object": st.name})
                continue
            self.positions.set(fpath, kn.pos, vn.pos)
            fdotted = f"{dotted}.{k}" if dotted else k
            out[k] = self.value(vn, typ, st.name, fdotted, fpath)
        return out


def _first(entry: tuple[str, YScalar, YNode]) -> str:
    return entry[0]


def _last_name(path: str) -> str:
    """``spec.ports[0].port`` -> ``port``; ``spec.selector[app]`` -> ``app``."""
    last = path.rsplit(".", 1)[-1]
    if last.endswith("]") and "[" in last:
        name, key = last[:-1].split("[", 1)
        return name if key.isdigit() else key
    return last


def _zero(typ: GoType) -> Any:
    kind = typ[0]
    if kind in ("s", "time"):
        return ""
    if kind in ("i", "ios"):
        return 0
    if kind == "b":
        return False
    if kind == "struct":
        return {}
    return None


def decode(root: YMap, pos: Pos | None = None) -> Decoded:
    """Decode a Service document's root mapping."""
    positions = Positions(pos or root.pos)
    dec = _Decoder(positions, DECODE_PREFIX)
    obj = dec.struct(root, SERVICE, "", "")
    if dec.type_error is not None:
        dec.strict = []
    return Decoded(obj=obj, positions=positions, type_error=dec.type_error, strict_errors=dec.strict)
