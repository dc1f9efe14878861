"""``answer``: the learner answers a question (typed, or chosen from ``choices``), and
the answer is checked against the truth: a fixed ``correct`` answer, or one the engine
works out from the learner's own cluster (``truth``).

The lab asks the question (its ``question:`` is lesson text, translated like every
lesson text; ``choices`` are shown as written) and passes what the learner answered to
``check(exercise, text, answers={goal_id: answer})``: a string (typed, or one choice),
or a list of strings (``multiple: true``). Without an answer the goal fails ("not
answered yet"), so such an exercise is never solved by its text alone.

``truth`` forms (:class:`Truth`) are what the console shows: a Service's ready,
selected and not-ready Pods, its cluster IP and node ports, a Pod's IP and node. More
are added there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import Answer, error_feedback, evaluate_for
from tutor.lessons.goals.params import FLAG, NAME, NAMES, Invalid, ParamType, Ref, is_name
from tutor.lessons.goals.texts import Fmt, LessonString, TextList, names_text

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.evaluate import Evaluation
    from tutor.lessons.goals.context import Context
    from tutor.lessons.model import Exercise

#: ``truth`` keys naming a Service: what the engine works out for it
SERVICE_TRUTHS = ("ready", "selected", "not_ready", "cluster_ip", "node_port")
#: ``truth`` keys naming a Pod
POD_TRUTHS = ("pod_ip", "node")
TRUTH_KINDS = SERVICE_TRUTHS + POD_TRUTHS
#: truths whose values are a set of answers (the others: accepted spellings of one answer)
SET_TRUTHS = ("ready", "selected", "not_ready", "node_port")


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Truth:
    """An answer worked out from the learner's cluster (the editor text applied to the
    exercise's cluster, after any console commands):

    * of a Service: ``ready`` (the Pods that receive its traffic: its ready endpoints),
      ``selected`` (the Pods it selects), ``not_ready`` (the endpoints that are not
      ready: selected, but kept out of the traffic), ``cluster_ip`` (its cluster IP, as
      ``kubectl get svc`` shows it), ``node_port`` (its node ports);
    * of a Pod: ``pod_ip`` (its IP), ``node`` (the node it runs on: its name or IP)."""

    what: str
    name: str
    namespace: str = "default"

    @property
    def service(self) -> str:
        """The Service a Service truth is about (lint references)."""
        return self.name

    @property
    def is_set(self) -> bool:
        """The values are a set (every one is part of the answer), not spellings of one."""
        return self.what in SET_TRUTHS

    def compute(self, ctx: Context) -> list[str] | Text:
        """The right answer on the learner's cluster, or why there is none."""
        if self.what in POD_TRUTHS:
            pod = ctx.cluster.pod(self.name, self.namespace)
            if pod is None:
                return Text(N_("there is no Pod named {pod} in namespace {namespace}"), pod=self.name,
                            namespace=self.namespace)
            if self.what == "pod_ip":
                return [pod.ip] if pod.ip else Text(N_("Pod {pod} has no IP yet."), pod=self.name)
            node = ctx.cluster.node(pod.node) if pod.node else None
            if node is None:
                return Text(N_("Pod {pod} is not scheduled on a node."), pod=self.name)
            return [node.name, *([node.ip] if node.ip else [])]
        found = ctx.service(self.name, self.namespace)
        if isinstance(found, Text):
            return found
        service = found.service
        if self.what == "cluster_ip":
            return [service.cluster_ip] if service.cluster_ip else Text(
                N_("Service {name} has no cluster IP."), name=self.name)
        if self.what == "node_port":
            ports = [str(p.node_port) for p in service.ports if p.node_port]
            return ports or Text(N_("Service {name} has no node port."), name=self.name)
        selection = found.selection
        if selection is None:
            return Text(N_("The tutor could not work out which Pods this Service selects."))
        pods = (selection.ready if self.what == "ready" else selection.not_ready if self.what == "not_ready"
                else selection.selected)
        return [p.name for p in pods]


class TruthParam(ParamType[Truth]):
    """``truth: {ready: SERVICE}`` (or another of :data:`TRUTH_KINDS`), with an optional
    ``namespace``."""

    description = Text(N_("a mapping such as {ready: my-service}"))

    def parse(self, value: object, ref: Ref) -> Truth:
        if not isinstance(value, Mapping):
            raise self.wrong(value, ref)
        kinds = [k for k in value if k in TRUTH_KINDS]
        unknown = [k for k in value if k not in (*TRUTH_KINDS, "namespace")]
        if len(kinds) != 1 or unknown or not all(is_name(v) for v in value.values()):
            raise Invalid(Text(N_("answer goal: 'truth' must have one of {kinds} naming a Service or a Pod (and "
                                  "optionally a namespace)"), kinds=", ".join(TRUTH_KINDS)))
        what = str(kinds[0])
        return Truth(what, str(value[what]), str(value.get("namespace") or "default"))


class AnswerValues(ParamType[tuple[str, ...]]):
    """``correct:``: a string, or a list of strings."""

    description = Text(N_("a string or a list of strings"))

    def parse(self, value: object, ref: Ref) -> tuple[str, ...]:
        if isinstance(value, str) and value.strip():
            return (value.strip(),)
        if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(str(v).strip() for v in value)
        raise self.wrong(value, ref)


def normalize(value: str) -> str:
    """How answers are compared: spaces collapsed, case ignored."""
    return " ".join(value.split()).casefold()


def _given(answer: Answer | None) -> list[str] | None:
    """The learner's answer as a list of non-empty strings (None: not answered)."""
    if answer is None:
        return None
    items = [answer] if isinstance(answer, str) else list(answer) if isinstance(answer, Sequence) else []
    out = [str(a).strip() for a in items if isinstance(a, str) and a.strip()]
    return out or None


# --------------------------------------------------------------------------- the goal
@register
@dataclass(frozen=True, kw_only=True)
class AnswerGoal(Goal):
    kind: ClassVar[str] = "answer"

    #: the key the lab submits the answer under (unique within the exercise)
    id: Annotated[str, NAME]
    #: the question (lesson text, translated when shown)
    question: Annotated[str, NAME]
    #: the choices of a multiple-choice question, shown as written (None: a typed answer)
    choices: Annotated[tuple[str, ...] | None, NAMES] = None
    #: choose every right choice (compared as a set); else exactly one answer
    multiple: Annotated[bool, FLAG] = False
    #: the right answer, or (typed, single) every accepted spelling; or (multiple) the set
    correct: Annotated[tuple[str, ...] | None, AnswerValues()] = None
    #: the right answer worked out from the learner's cluster
    truth: Annotated[Truth | None, TruthParam()] = None
    #: the choices are sentences (lesson text, translated when shown), not values such as
    #: Pod names or addresses (shown as written); the answer is still the English choice
    translate: Annotated[bool, FLAG] = False

    def shown(self, value: str) -> Text | str:
        """An answer or a choice as the learner reads it (translated when ``translate``)."""
        return LessonString(value) if self.translate and self.choices is not None else value

    def _shown_list(self, values: Sequence[str]) -> Text | str:
        return TextList([self.shown(v) for v in values], ", ") if self.translate else ", ".join(values)

    def problems(self) -> list[Text]:
        out: list[Text] = []
        if (self.correct is None) == (self.truth is None):
            out.append(Text(N_("answer goal: give exactly one of 'correct' and 'truth'")))
        if self.choices is not None:
            if len(self.choices) < 2 or len({normalize(c) for c in self.choices}) != len(self.choices):
                out.append(Text(N_("answer goal: 'choices' must list at least two different choices")))
            known = {normalize(c) for c in self.choices}
            wrong = [c for c in self.correct or () if normalize(c) not in known]
            if wrong:
                out.append(Text(N_("answer goal: the correct answer {value} is not one of the choices"),
                                value=repr(wrong[0])))
        if self.correct is not None and self.multiple is False and self.choices is not None and len(self.correct) > 1:
            out.append(Text(N_("answer goal: a question with one answer has one correct choice (or set "
                               "'multiple: true')")))
        if self.translate and self.choices is None:
            out.append(Text(N_("answer goal: 'translate' goes with 'choices'")))
        return out

    # ------------------------------------------------------------------ describing
    def label(self) -> Text:
        return Fmt("{question}", question=self.question)

    def heading(self) -> Text | str:
        """The goal's ``message:``, else its question (both lesson text)."""
        return self.message if self.message else self.question

    # ------------------------------------------------------------------ checking
    def right_answer(self, ctx: Context) -> list[str] | Text:
        """The right answer on the learner's cluster, or why it cannot be worked out."""
        if self.truth is not None:
            return self.truth.compute(ctx)
        return list(self.correct or ())

    def check(self, ctx: Context) -> GoalResult:
        given = _given(ctx.answers.get(self.id))
        if given is None:
            return self.failed(Text(N_("Not answered yet: answer the question to finish this goal.")))
        actual = Text(N_("your answer: {answer}"), answer=self._shown_list(given))
        if ctx.parse_error is not None and self.truth is not None:
            return self.failed(error_feedback(ctx.parse_error), None, actual)
        right = self.right_answer(ctx)
        if isinstance(right, Text):
            return self.failed(Text(N_("The answer cannot be checked yet: {why}"), why=right), None, actual)
        if self.choices is not None:
            known = {normalize(c) for c in self.choices}
            stray = [g for g in given if normalize(g) not in known]
            if stray:
                return self.failed(Text(N_("{value} is not one of the choices."), value=stray[0]), None, actual)
        if self.choices is not None and self.truth is not None:
            known = {normalize(c) for c in self.choices}
            outside = [r for r in right if normalize(r) not in known]
            if outside:  # the learner's own manifests make the answer one no choice can give
                return self.failed(Text(N_("With the manifests as they are now, the answer would include {values}, "
                                           "which is not one of the choices: fix the manifests first."),
                                        values=", ".join(outside)), None, actual)
        if self.multiple:
            wanted = {normalize(r) for r in right}
            got = {normalize(g) for g in given}
            if got == wanted:
                return self.passed(self._shown_list(right) if self.translate else names_text(right), actual)
            wrong = [g for g in given if normalize(g) not in wanted]
            if wrong:
                return self.failed(Text(N_("Not right yet. Wrong in your answer: {wrong}."),
                                        wrong=self._shown_list(wrong)), None, actual)
            return self.failed(Text(N_("Not right yet: your answer leaves out at least one right choice.")),
                               None, actual)
        if len(given) != 1:
            return self.failed(Text(N_("Give one answer, not several.")), None, actual)
        if self.truth is not None and self.truth.is_set and len(right) != 1:
            # a set worked out by the engine, asked as one answer: compare the whole set
            if {normalize(g) for g in given[0].replace(",", " ").split()} == {normalize(r) for r in right}:
                return self.passed(names_text(right), actual)
        elif normalize(given[0]) in {normalize(r) for r in right}:
            return self.passed(self.shown(right[0]) if right else "", actual)
        return self.failed(Text(N_("Not right yet: {value} is not the answer."), value=self.shown(given[0])), None,
                           actual)

    def references(self, refs: References) -> None:
        if self.truth is not None:
            if self.truth.what in POD_TRUTHS:
                refs.pod(self.truth.name, self.truth.namespace)
            else:
                refs.service(self.truth.name, self.truth.namespace)


# --------------------------------------------------------------------------- the solution's answers
def answer_goals(exercise: Exercise) -> list[AnswerGoal]:
    """The exercise's ``answer`` goals (those written correctly)."""
    return [g for g in exercise.parsed_goals() if isinstance(g, AnswerGoal)]


def solution_answers(exercise: Exercise, evaluation: Evaluation | None = None,
                     text: str | None = None) -> dict[str, Answer]:
    """The right answer of every ``answer`` goal for the exercise's solution text (a
    ``truth`` is worked out on the solution): what "show the solution" fills in, and
    what the linter checks the solution and the wrong texts with. ``evaluation`` and
    ``text``: another solution state (an imperative solution: the text and the cluster
    its commands left)."""
    from tutor.lessons.goals.context import Context, base_cluster

    goals = answer_goals(exercise)
    if not goals:
        return {}
    out: dict[str, Answer] = {}
    ctx: Context | None = None
    for goal in goals:
        if goal.truth is not None:
            if ctx is None:
                try:
                    solution = exercise.solution if text is None else text
                    ev = evaluation if evaluation is not None else evaluate_for(exercise, solution)
                    ctx = Context(solution, ev, base_cluster(exercise))
                except Exception:  # noqa: BLE001 - a broken lesson: the linter reports it elsewhere
                    continue
            right = goal.right_answer(ctx)
            if isinstance(right, Text):
                continue
        else:
            right = list(goal.correct or ())
        out[goal.id] = list(right) if goal.multiple else (
            ", ".join(right) if goal.truth is not None and goal.truth.is_set else (right[0] if right else ""))
    return out
