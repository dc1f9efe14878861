"""The goal base class, the registry of goal kinds, and what checking returns.

A goal kind is a frozen dataclass deriving from :class:`Goal`, registered with
:func:`register`::

    @register
    @dataclass(frozen=True, kw_only=True)
    class NodePortGoal(Goal):
        kind: ClassVar[str] = "node_port"

        service: Annotated[str, NAME]              # required: no default
        port: Annotated[int, PORT]
        node_port: Annotated[int, PORT]
        namespace: Annotated[str, NAME] = "default"

        def label(self) -> Text: ...               # the goal in learner terms
        def check(self, ctx: Context) -> GoalResult: ...

Its fields annotated with a :class:`~tutor.lessons.goals.params.ParamType` are its
parameters: :meth:`Goal.parse` reads them from the lesson's mapping (unknown keys,
missing or ill-typed values are problems, all of them reported at once), then
:meth:`Goal.problems` checks how they combine. Every goal also accepts ``kind`` and
``message`` (its own description, lesson text).

The registry is filled by importing the modules of :mod:`tutor.lessons.goals.kinds`
(every module there is imported), so adding a kind is one new module there plus its
row in ``docs/goals.md``.
"""

from __future__ import annotations

import dataclasses
import typing
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Protocol, Self, TypeVar

from tutor.i18n import N_, Text, english
from tutor.lessons.goals.context import ErrorText
from tutor.lessons.goals.params import MESSAGE, NAME, Invalid, Key, ParamType, Ref
from tutor.lessons.goals.texts import Fmt, as_text, display
from tutor.lessons.model import LessonError

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.evaluate import Evaluation
    from tutor.lessons.goals.context import Context


# --------------------------------------------------------------------------- positions and errors
@dataclass(frozen=True)
class Where:
    """Where a goal is written: the lesson file, the goal's 1-based line, its exercise."""

    file: str | Path = ""
    line: int | None = None
    exercise: str | None = None


class GoalError(LessonError):
    """A goal written wrongly: a :class:`LessonError` at the goal's line whose message is
    the first problem (in English); ``problems`` holds every problem (translatable)."""

    def __init__(self, where: Where, problems: list[Text], data: object = None) -> None:
        first = english(problems[0]) if problems else "the goal is written wrongly"
        prefix = f"exercise {where.exercise}: " if where.exercise else ""
        super().__init__(where.file, where.line, prefix + first)
        self.where = where
        self.problems = problems
        #: the goal as written
        self.data = data

    def heading(self) -> Text | str:
        """What the learner sees for this goal: its ``message:`` if it has a usable
        one, else its kind."""
        data = self.data if isinstance(self.data, Mapping) else {}
        message = data.get("message")
        if isinstance(message, str) and message.strip():
            return message.strip()
        return Text(N_("Goal {kind}"), kind=str(data.get("kind")))


# --------------------------------------------------------------------------- results
@dataclass
class GoalResult:
    """One goal checked. ``label`` is the goal in learner terms: a Text, or the goal's
    own ``message:`` (lesson text, show it with :meth:`label_text`); ``expected``,
    ``actual`` and ``feedback`` are Texts (rendered in the current language each time
    they are shown). ``feedback`` is None on a passing goal and never empty on a
    failing one."""

    #: the goal (None when it is written wrongly and could not be read)
    goal: Goal | None
    passed: bool
    label: Text | str
    expected: Text | None = None
    actual: Text | None = None
    #: what is still wrong: its cause (None when the goal passes)
    feedback: Text | None = None
    #: True for the validity goal the checker adds when the lesson has no ``valid`` goal
    implicit: bool = False
    #: what the learner would see, in learner terms (the first feedback tier; None: the
    #: cause serves); see :mod:`tutor.lessons.goals.feedback`
    symptom: Text | None = None
    #: the concrete change that makes the goal pass (the last feedback tier), when known
    fix: Text | None = None

    def label_text(self) -> str:
        return display(self.label)

    def feedback_at(self, level: int) -> Text | None:
        """The feedback at a tier (:mod:`tutor.lessons.goals.feedback`)."""
        if self.passed or self.feedback is None:
            return None
        if level <= 0 and self.symptom is not None:
            return self.symptom
        if level >= 2 and self.fix is not None:
            return Fmt("{cause} {fix}", cause=self.feedback, fix=self.fix)
        return self.feedback


@dataclass
class ExerciseResult:
    passed: bool
    goals: list[GoalResult]
    evaluation: Evaluation | None = None

    @property
    def failed(self) -> list[GoalResult]:
        return [g for g in self.goals if not g.passed]

    def first_feedback(self) -> Text | None:
        return next((g.feedback for g in self.goals if not g.passed and g.feedback is not None), None)


# --------------------------------------------------------------------------- linting
class References(Protocol):
    """What a goal names, told to the linter (which reports the names that exist
    neither in the solution nor in the exercise's cluster)."""

    def service(self, name: str, namespace: str) -> None: ...

    def pod(self, name: str, namespace: str) -> None: ...

    def arrival_pods(self, names: Sequence[str], after: str | None) -> None:
        """Pods a request should arrive at (any namespace), after recreating the
        owner ``after`` (``Deployment/web``) when it is given."""


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Param:
    """One declared parameter: the lesson's key, the field, its type, required or not."""

    key: str
    field: str
    type: ParamType[object]
    required: bool


def _params(cls: type[Goal]) -> tuple[Param, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    out: list[Param] = []
    for f in dataclasses.fields(cls):
        hint = hints.get(f.name)
        if typing.get_origin(hint) is not Annotated:
            continue
        extras = typing.get_args(hint)[1:]
        type_ = next((e for e in extras if isinstance(e, ParamType)), None)
        if type_ is None:
            continue
        key = next((e.name for e in extras if isinstance(e, Key)), f.name)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append(Param(key, f.name, type_, required))
    return tuple(out)


# --------------------------------------------------------------------------- goals
@dataclass(frozen=True, kw_only=True)
class Goal(ABC):
    """One goal of an exercise, parsed from the lesson (see the module docstring)."""

    #: the lesson's ``kind:``
    kind: ClassVar[str]
    #: the declared parameters (filled by :func:`register`)
    parameters: ClassVar[tuple[Param, ...]] = ()

    #: the goal's own description (lesson text; translated like lesson text when shown)
    message: Annotated[str | None, MESSAGE] = None
    #: the ``id`` of an ``answer`` goal whose question this goal's details would answer
    #: ("expected: listens on 8081/TCP" under "which port?"): they are held back until
    #: that question is answered right
    after_answer: Annotated[str | None, NAME] = None

    # ------------------------------------------------------------------ reading
    @classmethod
    def parse(cls, params: Mapping[str, object], where: Where) -> Self:
        """The goal from the lesson's mapping; raise :class:`GoalError` (at ``where``)
        listing every problem."""
        problems: list[Text] = []
        keys = {p.key for p in cls.parameters}
        allowed = keys | {"kind"}
        for key in params:
            if key not in allowed:
                problems.append(Text(N_("{kind} goal: unknown parameter {key} (allowed: {allowed})"), kind=cls.kind,
                                     key=repr(key), allowed=", ".join(sorted(keys))))
        values: dict[str, Any] = {}
        for p in cls.parameters:
            if p.key not in params:
                if p.required:
                    problems.append(Text(N_("{kind} goal: missing parameter {name}"), kind=cls.kind,
                                         name=repr(p.key)))
                continue
            try:
                values[p.field] = p.type.parse(params[p.key], Ref(cls.kind, p.key))
            except Invalid as bad:
                problems += bad.problems
        if problems:
            raise GoalError(where, problems, params)
        goal = cls(**values)
        problems = goal.problems()
        if problems:
            raise GoalError(where, problems, params)
        return goal

    def problems(self) -> list[Text]:
        """What is wrong with how the parameters combine ([] when nothing)."""
        return []

    # ------------------------------------------------------------------ describing
    @abstractmethod
    def label(self) -> Text:
        """The goal in learner terms (``Service web selects exactly: web-1, web-2``)."""

    def heading(self) -> Text | str:
        """What the learner sees for this goal: its own ``message:`` when the lesson
        gives one (lesson text), else :meth:`label`."""
        return self.message if self.message else self.label()

    # ------------------------------------------------------------------ checking
    @abstractmethod
    def check(self, ctx: Context) -> GoalResult:
        """Check the goal against the evaluated editor text (build the result with
        :meth:`passed` / :meth:`failed`). May raise on an engine surprise: the checker
        turns that into a failed goal."""

    def passed(self, expected: Text | str | None = None, actual: Text | str | None = None) -> GoalResult:
        return GoalResult(self, True, self.heading(), expected=as_text(expected), actual=as_text(actual))

    def failed(self, feedback: Text, expected: Text | str | None = None,
               actual: Text | str | None = None, *, symptom: Text | None = None,
               fix: Text | None = None) -> GoalResult:
        """A failed goal: ``feedback`` is the cause; ``symptom`` what the learner sees
        (shown first) and ``fix`` the concrete change (shown last), when known. An API
        server error as the cause (``error_feedback``) brings its own."""
        if isinstance(feedback, ErrorText):
            symptom = symptom if symptom is not None else feedback.symptom
            fix = fix if fix is not None else feedback.fix
        return GoalResult(self, False, self.heading(), expected=as_text(expected), actual=as_text(actual),
                          feedback=feedback, symptom=symptom, fix=fix)

    # ------------------------------------------------------------------ linting
    def references(self, refs: References) -> None:
        """Name the Services and Pods this goal needs (the linter checks that they exist
        in the solution or the cluster)."""


GoalT = TypeVar("GoalT", bound=Goal)

#: kind name -> goal class, filled by :func:`register`
REGISTRY: dict[str, type[Goal]] = {}


def register(cls: type[GoalT]) -> type[GoalT]:
    """Class decorator: make ``cls`` the goal kind ``cls.kind``."""
    kind = cls.__dict__.get("kind")
    if not isinstance(kind, str) or not kind:
        raise TypeError(f"{cls.__name__} must set kind: ClassVar[str]")
    if kind in REGISTRY and REGISTRY[kind] is not cls:
        raise TypeError(f"goal kind {kind!r} is registered twice ({REGISTRY[kind].__name__}, {cls.__name__})")
    cls.parameters = _params(cls)
    REGISTRY[kind] = cls
    return cls


def goal_kinds() -> dict[str, type[Goal]]:
    """Every goal kind, by name (importing the kind modules the first time)."""
    if not _loaded:
        _load_kinds()
    return REGISTRY


_loaded = False


def _load_kinds() -> None:
    global _loaded
    import importlib
    import pkgutil

    package = importlib.import_module("tutor.lessons.goals.kinds")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def parse_goal(data: object, where: Where) -> Goal:
    """A goal from a lesson's goal mapping; raise :class:`GoalError` when it is written
    wrongly (an unknown kind, unknown, missing or ill-typed parameters)."""
    if not isinstance(data, Mapping):
        raise GoalError(where, [Text(N_("a goal must be a mapping with a 'kind'"))], data)
    registry = goal_kinds()
    kind = data.get("kind")
    cls = registry.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise GoalError(where, [Text(N_("unknown goal kind {kind} (known: {known})"), kind=repr(kind),
                                     known=", ".join(sorted(registry)))], data)
    return cls.parse(data, where)


def parse_goals(data: Sequence[object], where: Where, lines: Sequence[int] = ()) -> list[Goal | GoalError]:
    """Every goal of an exercise, each parsed or the error saying why it cannot be;
    ``lines`` are the goals' lines (``where.line`` for a goal without one)."""
    out: list[Goal | GoalError] = []
    for n, item in enumerate(data):
        at = Where(where.file, lines[n] if n < len(lines) else where.line, where.exercise)
        try:
            out.append(parse_goal(item, at))
        except GoalError as err:
            out.append(err)
        except Exception as exc:  # noqa: BLE001 - a surprise in a parser must not stop the lesson
            out.append(GoalError(at, [Text(N_("it cannot be read: {error}"), error=f"{type(exc).__name__}: {exc}")],
                                 item))
    return out


def goal_problems(data: object) -> list[Text]:
    """What is wrong with a goal as written (for lesson authors); [] when it is fine."""
    try:
        parse_goal(data, Where())
    except GoalError as err:
        return err.problems
    return []
