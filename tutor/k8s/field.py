"""Field paths and field errors, rendered exactly as the Kubernetes API server does.

Mirrors ``k8s.io/apimachinery/pkg/util/validation/field`` (v0.34): ``Path`` builds
``spec.ports[1].name``-style paths, :class:`FieldError` renders ``<path>: <body>``
where the body is ``Invalid value: <v>: <detail>`` and so on, with ``<v>`` printed the
way Go prints it (strings ``%q``, numbers and bools bare, anything else as JSON).

Besides the five validation error types a :class:`FieldError` can carry a *stage*
type (``parse``, ``kind``, ``decode``) for the errors that come before validation;
their ``message`` is the text kubectl prints for that stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.k8s.goformat import go_quote, go_value


class ErrorType:
    """The ``field.ErrorType`` strings (as printed) plus the pre-validation stages."""

    REQUIRED = "Required value"
    INVALID = "Invalid value"
    NOT_SUPPORTED = "Unsupported value"
    DUPLICATE = "Duplicate value"
    FORBIDDEN = "Forbidden"
    TOO_LONG = "Too long"
    INTERNAL = "Internal error"
    # stage types: the error happened before the object existed
    PARSE = "parse"
    KIND = "kind"
    DECODE = "decode"

    VALIDATION = (REQUIRED, INVALID, NOT_SUPPORTED, DUPLICATE, FORBIDDEN, TOO_LONG, INTERNAL)


#: marker for "no bad value" (Required, Forbidden, Too long)
OMIT = object()


#: one step of a path: ("c", child name), ("i", list index) or ("k", map key)
PathPart = tuple[str, str | int]


class Path:
    """An immutable field path: ``Path("spec").child("ports").index(0).child("port")``."""

    __slots__ = ("_parts",)

    def __init__(self, *names: str, _parts: tuple[PathPart, ...] = ()) -> None:
        self._parts: tuple[PathPart, ...] = _parts + tuple(("c", n) for n in names)

    def child(self, name: str, *more: str) -> "Path":
        return Path(name, *more, _parts=self._parts)

    def index(self, i: int) -> "Path":
        return Path(_parts=self._parts + (("i", i),))

    def key(self, k: str) -> "Path":
        return Path(_parts=self._parts + (("k", k),))

    def parent(self) -> "Path | None":
        return Path(_parts=self._parts[:-1]) if self._parts else None

    @property
    def parts(self) -> tuple[PathPart, ...]:
        return self._parts

    def __str__(self) -> str:
        out: list[str] = []
        for kind, value in self._parts:
            if kind == "c":
                if out:
                    out.append(".")
                out.append(str(value))
            else:
                out.append(f"[{value}]")
        return "".join(out)

    def __repr__(self) -> str:
        return f"Path({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Path):
            return self._parts == other._parts
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._parts)


def render(type_: str, path: str | Path, value: Any = OMIT, detail: str = "") -> str:
    """``<path>: <body>`` exactly as ``field.Error.Error()`` prints it."""
    if type_ in (ErrorType.REQUIRED, ErrorType.FORBIDDEN, ErrorType.TOO_LONG, ErrorType.INTERNAL) or value is OMIT:
        body = type_
    else:
        body = f"{type_}: {go_value(value)}"
    if detail:
        body += f": {detail}"
    return f"{path}: {body}"


# --------------------------------------------------------------------------- errors
@dataclass
class FieldError:
    """One error, with where it is in the source and which rule produced it.

    ``message`` is the full text as kubectl prints it (for validation errors
    ``<path>: <body>``). ``line``/``column`` are 1-based. ``code`` is the rule id
    (``R-NAME``, ``P-TYPES``...) used to look up the learner-facing explanation and
    fix: :func:`tutor.k8s.explain.explanation_text`, :func:`~tutor.k8s.explain.fix_text`
    and :func:`~tutor.k8s.explain.error_json` take a ``FieldError``.
    """

    type: str
    path: str | None
    message: str
    line: int | None = None
    column: int | None = None
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    bad_value: Any = None
    detail: str = ""

    @property
    def stage(self) -> str:
        if self.type in (ErrorType.PARSE, ErrorType.KIND, ErrorType.DECODE):
            return self.type
        return "validation"


def make(type_: str, path: Path | str, value: Any = OMIT, detail: str = "", *, code: str,
         params: dict[str, Any] | None = None) -> FieldError:
    """Build a validation-type :class:`FieldError` (position filled in later)."""
    p = str(path)
    return FieldError(
        type=type_, path=p, message=render(type_, p, value, detail), code=code,
        params=dict(params or {}), bad_value=None if value is OMIT else value, detail=detail,
    )


def required(path: Path | str, detail: str = "", *, code: str, params: dict[str, Any] | None = None) -> FieldError:
    return make(ErrorType.REQUIRED, path, OMIT, detail, code=code, params=params)


def invalid(path: Path | str, value: Any, detail: str, *, code: str, params: dict[str, Any] | None = None) -> FieldError:
    return make(ErrorType.INVALID, path, value, detail, code=code, params=params)


def not_supported(path: Path | str, value: Any, supported: list[str], *, code: str,
                  params: dict[str, Any] | None = None) -> FieldError:
    detail = "supported values: " + ", ".join(go_quote(s) for s in supported) if supported else ""
    p = dict(params or {})
    p.setdefault("supported", ", ".join(supported))
    return make(ErrorType.NOT_SUPPORTED, path, value, detail, code=code, params=p)


def duplicate(path: Path | str, value: Any, *, code: str, params: dict[str, Any] | None = None) -> FieldError:
    return make(ErrorType.DUPLICATE, path, value, "", code=code, params=params)


def forbidden(path: Path | str, detail: str, *, code: str, params: dict[str, Any] | None = None) -> FieldError:
    return make(ErrorType.FORBIDDEN, path, OMIT, detail, code=code, params=params)


def too_long(path: Path | str, max_bytes: int, *, code: str, params: dict[str, Any] | None = None) -> FieldError:
    unit = "byte" if max_bytes == 1 else "bytes"
    return make(ErrorType.TOO_LONG, path, OMIT, f"may not be more than {max_bytes} {unit}", code=code,
                params=params)
