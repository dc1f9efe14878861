"""Goal parameters: what a lesson may write, checked and converted when a lesson loads.

A goal kind declares each parameter as a dataclass field annotated with its parameter
type (``service: Annotated[str, NAME]``; ``Key("from")`` when the lesson's key is not
the field's name). A field without a default is required. :meth:`ParamType.parse`
turns the lesson's value into the field's typed value or raises :class:`Invalid` with
the problems in lesson-author terms; the messages name the goal kind and the parameter
(``maps goal: 'port' must be a port number, not '80'``).

Parameter types used by one goal kind only (``reach``'s ``expect``) live in that kind's
module; the common ones are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from tutor.i18n import N_, Text

T_co = TypeVar("T_co", covariant=True)


class Invalid(Exception):
    """A parameter value (or a combination of them) that the goal cannot use."""

    def __init__(self, *problems: Text) -> None:
        super().__init__(problems[0].english() if problems else "invalid")
        self.problems = list(problems)


@dataclass(frozen=True)
class Ref:
    """Which parameter of which goal kind a value belongs to (for messages)."""

    kind: str
    name: str


@dataclass(frozen=True)
class Key:
    """The lesson's key for a parameter whose field has another name (``from``)."""

    name: str


class ParamType(Generic[T_co]):
    """How one parameter is written in a lesson and what it becomes."""

    #: what a value must be, for the message ``'x' must be <description>, not ...``
    description: Text

    def parse(self, value: object, ref: Ref) -> T_co:  # pragma: no cover - abstract
        raise NotImplementedError

    def wrong(self, value: object, ref: Ref) -> Invalid:
        """The usual problem: the value is not of this type."""
        return Invalid(Text(N_("{kind} goal: {name} must be {type}, not {value}"), kind=ref.kind,
                            name=repr(ref.name), type=self.description, value=repr(value)))


def is_int(value: object) -> bool:
    """A YAML integer (``true`` is a bool, not 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_name(value: object) -> bool:
    """A non-empty string (not only spaces)."""
    return isinstance(value, str) and bool(value.strip())


class String(ParamType[str]):
    """A non-empty string (a name, a host, a destination)."""

    description = Text(N_("a string"))

    def parse(self, value: object, ref: Ref) -> str:
        if not is_name(value):
            raise self.wrong(value, ref)
        assert isinstance(value, str)
        return value


class OneOf(ParamType[str]):
    """One of a few strings (a Service type, a protocol)."""

    description = Text(N_("a string"))

    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def parse(self, value: object, ref: Ref) -> str:
        if not is_name(value):
            raise self.wrong(value, ref)
        if value not in self.choices:
            raise Invalid(Text(N_("{kind} goal: {name} must be one of {choices}, not {value}"), kind=ref.kind,
                               name=repr(ref.name), choices=", ".join(self.choices), value=repr(value)))
        assert isinstance(value, str)
        return value


class PortNumber(ParamType[int]):
    """A port number, 1 to 65535."""

    description = Text(N_("a port number"))

    def parse(self, value: object, ref: Ref) -> int:
        if not is_int(value):
            raise self.wrong(value, ref)
        assert isinstance(value, int)
        if not 1 <= value <= 65535:
            raise Invalid(Text(N_("{kind} goal: {name} must be between 1 and 65535"), kind=ref.kind,
                               name=repr(ref.name)))
        return value


class Index(ParamType[int]):
    """A position in a list, counted from 0."""

    description = Text(N_("a whole number (0 or more)"))

    def parse(self, value: object, ref: Ref) -> int:
        if not is_int(value) or not isinstance(value, int) or value < 0:
            raise self.wrong(value, ref)
        return value


class Flag(ParamType[bool]):
    description = Text(N_("true or false"))

    def parse(self, value: object, ref: Ref) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value, ref)
        return value


class Names(ParamType[tuple[str, ...]]):
    """A list of names (may be empty: ``pods: []`` means none)."""

    description = Text(N_("a list of names"))

    def parse(self, value: object, ref: Ref) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.wrong(value, ref)
        return tuple(value)


class Message(ParamType[str]):
    """A goal's own ``message:`` (lesson text, translated like every lesson text)."""

    description = Text(N_("a string"))

    def parse(self, value: object, ref: Ref) -> str:
        if not is_name(value):
            raise Invalid(Text(N_("{kind} goal: 'message' must be a non-empty string"), kind=ref.kind))
        assert isinstance(value, str)
        return value.strip()


def label_map(value: object) -> dict[str, str] | None:
    """A non-empty mapping of label key to value, or None when it is not one."""
    if isinstance(value, Mapping) and value and all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in value.items()):
        return {str(k): str(v) for k, v in value.items()}
    return None


# --------------------------------------------------------------------------- sources
@dataclass(frozen=True)
class Source:
    """Where a request starts, as a lesson writes it: ``outside`` (``pod`` is None),
    ``{outside: ADDRESS}`` (a client outside the cluster at that IPv4 address; ``outside``
    alone is the lab's client, 198.51.100.7) or ``{pod, container?, namespace?}``."""

    pod: str | None = None
    container: str | None = None
    namespace: str = "default"
    #: the address of a client outside the cluster (None: the lab's usual client)
    address: str | None = None

    @property
    def outside(self) -> bool:
        return self.pod is None

    def label(self) -> Text:
        """The source in learner terms (``container app of Pod shop/client``)."""
        if self.pod is None:
            if self.address:
                return Text(N_("a client outside the cluster at {address}"), address=self.address)
            return Text(N_("outside the cluster"))
        pod = self.pod if self.namespace == "default" else f"{self.namespace}/{self.pod}"
        if self.container:
            return Text(N_("container {container} of Pod {pod}"), container=self.container, pod=pod)
        return Text(N_("Pod {pod}"), pod=pod)


class SourceParam(ParamType[Source]):
    description = Text(N_("'outside', {outside: IPv4 address} or a mapping {pod, container?, namespace?}"))

    def parse(self, value: object, ref: Ref) -> Source:
        source = parse_source(value)
        if source is None:
            raise self.wrong(value, ref)
        return source


def parse_source(value: object) -> Source | None:
    """A ``from:`` (of a goal or a ``trace:`` preset), or None when it is written wrongly."""
    if value == "outside":
        return Source()
    if isinstance(value, Mapping) and set(value) == {"outside"}:
        import ipaddress

        address = value["outside"]
        if not isinstance(address, str):
            return None
        try:
            ipaddress.IPv4Address(address)
        except ValueError:
            return None
        return Source(address=address)
    if not isinstance(value, Mapping) or not set(value) <= {"pod", "container", "namespace"}:
        return None
    if not all(isinstance(v, str) and v for v in value.values()) or not is_name(value.get("pod")):
        return None
    return Source(pod=str(value["pod"]), container=value.get("container"),
                  namespace=str(value.get("namespace") or "default"))


# --------------------------------------------------------------------------- the common ones
NAME = String()
PORT = PortNumber()
INDEX = Index()
FLAG = Flag()
NAMES = Names()
MESSAGE = Message()
SOURCE = SourceParam()
