"""What a goal is checked against: :class:`Context` (the editor text, the engine's
evaluation of it, the exercise's cluster), and the helpers goal kinds share to read it.

The exercise's base cluster is built once per cluster description and cached
(:func:`base_cluster`); treat it as read-only: the engine copies it before changing
anything.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.i18n import N_, Text, english
from tutor.lessons.goals.texts import Fmt, TextList

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import DocResult, Evaluation
    from tutor.k8s.field import FieldError
    from tutor.k8s.model import Service
    from tutor.k8s.selection import Selection
    from tutor.k8s.trace import Source as EngineSource
    from tutor.lessons.goals.params import Source as ParamSource
    from tutor.lessons.model import Exercise


#: A learner's answer: typed text or one choice, or several choices.
Answer = str | Sequence[str]


# --------------------------------------------------------------------------- the base cluster
_BASE_CACHE: OrderedDict[str, Cluster] = OrderedDict()
_BASE_CACHE_SIZE = 64


def _cluster_key(spec: object) -> str:
    try:
        return json.dumps(spec, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(spec)


def base_cluster(exercise: Exercise) -> Cluster:
    """The exercise's simulated cluster (``exercise.cluster`` through
    ``Cluster.from_spec``; the default two-node cluster when it has none; its
    ``policies:``, a YAML text of NetworkPolicies and Namespaces, admitted), cached.
    Raises when the lesson describes its cluster wrongly."""
    from tutor.k8s.cluster import Cluster

    spec = exercise.cluster or {}
    key = _cluster_key(spec)
    cached = _BASE_CACHE.get(key)
    if cached is not None:
        _BASE_CACHE.move_to_end(key)
        return cached
    cluster = Cluster.from_spec(spec) if spec else Cluster.default()
    if spec.get("policies") is not None:
        cluster = _with_policies(cluster, spec["policies"])
    _BASE_CACHE[key] = cluster
    while len(_BASE_CACHE) > _BASE_CACHE_SIZE:
        _BASE_CACHE.popitem(last=False)
    return cluster


def _with_policies(cluster: Cluster, text: object) -> Cluster:
    """The cluster with a lesson's ``policies:`` (a YAML text of NetworkPolicy and
    Namespace manifests already in the cluster) admitted like the API server would;
    raise ``ClusterSpecError`` when one is not valid or is of another kind."""
    from tutor.k8s.cluster import ClusterSpecError
    from tutor.k8s.evaluate import evaluate

    if not isinstance(text, str):
        raise ClusterSpecError(Text(N_("must be a YAML text of NetworkPolicy and Namespace manifests")), "policies")
    evaluation = evaluate(text, cluster)
    for doc in evaluation.documents:
        if doc.kind not in ("NetworkPolicy", "Namespace"):
            raise ClusterSpecError(Text(N_("a {kind} cannot be one of the cluster's policies: write NetworkPolicy "
                                           "and Namespace manifests there"), kind=doc.kind or "?"), "policies",
                                   index=doc.index)
    errors = evaluation.errors
    if errors:
        raise ClusterSpecError(Text(N_("a policy is not valid: {message}"), message=errors[0].message), "policies")
    return evaluation.cluster


def evaluate_for(exercise: Exercise, text: str) -> Evaluation:
    """The engine's evaluation of ``text`` on the exercise's cluster."""
    from tutor.k8s.evaluate import evaluate

    return evaluate(text, base_cluster(exercise))


# --------------------------------------------------------------------------- the context
@dataclass(frozen=True)
class FoundService:
    """A valid Service of the editor text, found by name."""

    doc: DocResult
    service: Service

    @property
    def selection(self) -> Selection | None:
        selection: Selection | None = self.doc.selection
        return selection


@dataclass(frozen=True)
class Context:
    """What every goal of one check sees."""

    #: the editor text as the learner wrote it
    text: str
    #: the engine's evaluation of ``text`` on ``base``
    evaluation: Evaluation
    #: the exercise's cluster, before the editor text is applied
    base: Cluster
    #: the learner's answers to the exercise's ``answer`` goals, by goal ``id``: a string
    #: (typed, or one choice) or a list of strings (several choices)
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def cluster(self) -> Cluster:
        """The cluster with the editor text applied (its Services and Pods)."""
        cluster: Cluster | None = self.evaluation.cluster
        return cluster if cluster is not None else self.base

    @property
    def parse_error(self) -> FieldError | None:
        """The YAML error that stopped the editor text from being read at all."""
        return self.evaluation.parse_error

    def first_error(self) -> FieldError | None:
        """The first error of the evaluation: the parse error, then documents in order."""
        if self.evaluation.parse_error is not None:
            return self.evaluation.parse_error
        return next((doc.errors[0] for doc in self.evaluation.documents if doc.errors), None)

    def service(self, name: str, namespace: str) -> FoundService | Text:
        """The valid Service ``namespace/name`` of the editor text, or why there is none
        (in learner terms)."""
        if self.evaluation.parse_error is not None:
            return error_feedback(self.evaluation.parse_error)
        doc = self.evaluation.service(name, namespace)
        if doc is None:
            others = [d for d in self.evaluation.documents if d.kind == "Service"]
            named = [d for d in others if d.name == name]
            if named:
                return Text(N_("Service {name} is in namespace {found}, not {namespace}."), name=name,
                            found=named[0].namespace, namespace=namespace)
            if len(others) == 1 and others[0].name:
                return Text(N_("There is no Service named {name} yet (the Service in the editor is named "
                               "{found}; names must match exactly)."), name=name, found=others[0].name)
            return Text(N_("There is no Service named {name} in the editor yet."), name=name)
        if not doc.valid or doc.service is None:
            if doc.errors:
                return error_feedback(doc.errors[0])
            return Text(N_("Service {name} is not valid."), name=name)
        return FoundService(doc, doc.service)


# --------------------------------------------------------------------------- shared wording
class ErrorText(Fmt):
    """An API server error as feedback (the message, then what it means), carrying its
    feedback tiers: ``symptom`` (what kubectl prints) and ``fix`` (the suggested
    change). :meth:`Goal.failed <tutor.lessons.goals.base.Goal.failed>` uses them when
    it is given an ErrorText as the cause."""

    __slots__ = ("fix", "symptom")

    def __init__(self, msgid: str, symptom: Text | None = None, fix: Text | None = None, **params: object) -> None:
        super().__init__(msgid, **params)
        self.symptom = symptom
        self.fix = fix


_QUOTED_PATTERN = re.compile(r"'([^'`\n]*[\[*_][^'`\n]*)'")


def error_feedback(error: FieldError) -> Text:
    """An error in learner terms: the Kubernetes message, then what it means (an
    :class:`ErrorText`: the message alone is its symptom, the suggested fix its fix)."""
    from tutor.k8s.explain import explanation_text, fix_text

    # a quoted pattern in the API server's message ('[a-z0-9]([-a-z0-9]*[a-z0-9])?') is
    # code: as a code span it is shown as written, never read as a Markdown link or emphasis
    message = _QUOTED_PATTERN.sub(r"'`\1`'", error.message or str(error))
    explanation: Text | None
    fix: Text | None
    try:
        explanation = explanation_text(error)
    except Exception:  # noqa: BLE001 - an explanation is a bonus, the message is enough
        explanation = None
    try:
        fix = fix_text(error)
    except Exception:  # noqa: BLE001
        fix = None
    where: Text | str = Text(N_("line {line}: "), line=error.line) if error.line else ""
    symptom = Fmt("{where}{message}", where=where, message=message)
    if explanation is not None:
        return ErrorText("{where}{message} — {explanation}", symptom, fix, where=where, message=message,
                         explanation=explanation)
    return ErrorText("{where}{message}", None, fix, where=where, message=message)


def pod_reason(selection: Selection, name: str, namespace: str, cluster: Cluster | None) -> Text:
    """Why Pod ``namespace/name`` is not (a ready endpoint) where a goal wants it."""
    verdict = selection.verdict(name, namespace)
    if verdict is None:
        if cluster is not None and cluster.pod(name, namespace) is None:
            return Text(N_("there is no Pod named {pod} in namespace {namespace}"), pod=name, namespace=namespace)
        return Text(N_("not selected"))
    if verdict.selected:
        return verdict.endpoint_reason or Text(N_("selected"))
    return verdict.reason or Text(N_("not selected"))


def grouped_reasons(items: Sequence[tuple[str, Text | None]]) -> Text | None:
    """One reason for several Pods: the reason alone when all Pods have the same kind of
    reason (the same message), else ``pod: reason; ...``."""
    found = [(p, r) for p, r in items if r is not None]
    if not found:
        return None
    if len({r.msgid or english(r) for _, r in found}) == 1:
        return found[0][1]
    return TextList([Fmt("{pod}: {reason}", pod=p, reason=r) for p, r in found], "; ")


def labels_text(labels: dict[str, str]) -> str:
    """``app: web, tier: front``."""
    return ", ".join(f"{k}: {v}" for k, v in labels.items())


def trace_source(source: ParamSource) -> EngineSource:
    """The engine's traffic source for a goal's ``from:``."""
    from tutor.k8s.trace import Source as EngineSource

    if source.pod is None:
        return EngineSource.outside(source.address)
    return EngineSource(pod=source.pod, namespace=source.namespace, container=source.container)
