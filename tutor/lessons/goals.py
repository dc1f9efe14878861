"""The exercise checker: goals checked **by meaning**, against engine results.

See ``docs/goals.md`` for the goal kinds (the contract with lesson files and the TUI).
``check(exercise, text)`` evaluates the editor text against the exercise's simulated
cluster and checks every goal. It never raises: the learner may type anything, and a
surprise inside the engine becomes a failed goal with a clear message.

Everything learner-visible on a result is a :class:`~tutor.i18n.Text` (translated when
shown, so F2 re-renders it), except a goal's own ``message:``, which is lesson text:
show it with :func:`display` (or ``GoalResult.label_text()``), which translates it
paragraph-wise like every lesson text.

The TUI calls :func:`check` after every (debounced) keystroke: pass the evaluation you
already have; the base cluster of an exercise is built once and cached.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import N_, Text

# --------------------------------------------------------------------------- text helpers


class TextList(Text):
    """Several texts (or plain strings) shown joined by ``sep``; translated when shown."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[object], sep: str = ", ") -> None:
        super().__init__("")
        self.items = list(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(i) for i in self.items)

    def english(self) -> str:
        return english(self)

    def __repr__(self) -> str:
        return f"TextList({self.items!r}, sep={self.sep!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextList) and (self.items, self.sep) == (other.items, other.sep)

    def __hash__(self) -> int:
        return hash(self.sep)

    def __bool__(self) -> bool:
        return bool(self.items)


class Fmt(Text):
    """Punctuation around translated parts (``{pods} — {reason}``): the template itself
    is not a message (nothing to translate), its parameters are rendered when shown."""

    __slots__ = ()

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.params.items()}
        try:
            return self.msgid.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.msgid

    def __repr__(self) -> str:
        return f"Fmt({self.msgid!r}, **{self.params!r})"


def display(value: Text | str | None) -> str:
    """A result field in the current language: a Text is rendered, a plain string is a
    goal's own ``message:`` (lesson text) and is translated like lesson text."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return str(value)
    from tutor.lessons.text import translate_markdown

    return translate_markdown(value)


def english(value: Text | str | None) -> str:
    """A result field in English whatever the current language (logs, lint, tests)."""
    if value is None:
        return ""
    if isinstance(value, TextList):
        return value.sep.join(english(i) for i in value.items)
    if isinstance(value, Text):
        if not value.params:
            return value.msgid
        try:
            return value.msgid.format(**{k: english(v) if isinstance(v, Text) else v for k, v in value.params.items()})
        except (KeyError, IndexError, ValueError):
            return value.msgid
    return str(value)


_NONE = Text(N_("none"))


def _names(names: Sequence[str]) -> Text | str:
    return ", ".join(names) if names else _NONE


# --------------------------------------------------------------------------- results
@dataclass
class GoalResult:
    goal: dict
    passed: bool
    #: the goal in learner terms: a Text, or the goal's own ``message:`` (lesson text)
    label: Text | str
    expected: Text | None = None
    actual: Text | None = None
    #: what is still wrong (None when the goal passes)
    feedback: Text | None = None
    #: True for the validity goal the checker adds when the lesson has no ``valid`` goal
    implicit: bool = False

    def label_text(self) -> str:
        return display(self.label)


@dataclass
class ExerciseResult:
    passed: bool
    goals: list[GoalResult]
    evaluation: Any = None

    @property
    def failed(self) -> list[GoalResult]:
        return [g for g in self.goals if not g.passed]

    def first_feedback(self) -> Text | None:
        return next((g.feedback for g in self.goals if not g.passed and g.feedback is not None), None)


# --------------------------------------------------------------------------- goal spec
# A parameter type is a name checked by _type_ok.
_TYPES: dict[str, Text] = {
    "str": Text(N_("a string")), "int": Text(N_("a port number")), "bool": Text(N_("true or false")),
    "names": Text(N_("a list of names")),
    "to": Text(N_("a port number or a mapping of Pod name to port number")),
    "source": Text(N_("'outside' or a mapping {pod, container?, namespace?}")),
    "expect": Text(N_("as described in docs/goals.md")), "labels": Text(N_("a mapping of label key to value")),
}
SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
PROTOCOLS = ("TCP", "UDP", "SCTP")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()


#: kind -> parameters (``kind`` and ``message`` are allowed on every goal)
GOAL_KINDS: dict[str, tuple[Param, ...]] = {
    "valid": (),
    "service": (Param("name", "str", True), Param("namespace", "str"), Param("type", "str", choices=SERVICE_TYPES),
                Param("headless", "bool"), Param("external_name", "str")),
    "selects": (Param("service", "str", True), Param("pods", "names", True), Param("namespace", "str")),
    "ready": (Param("service", "str", True), Param("pods", "names", True), Param("namespace", "str")),
    "maps": (Param("service", "str", True), Param("port", "int", True), Param("to", "to", True),
             Param("protocol", "str", choices=PROTOCOLS), Param("namespace", "str")),
    "node_port": (Param("service", "str", True), Param("port", "int", True), Param("node_port", "int", True),
                  Param("namespace", "str")),
    "reach": (Param("from", "source", True), Param("to", "str", True), Param("expect", "expect", True),
              Param("after", "str"), Param("failure", "str"), Param("pick", "int")),
    "dns": (Param("from", "source", True), Param("name", "str", True), Param("expect", "expect", True)),
    "pod_ports_unique": (Param("pod", "str", True), Param("namespace", "str")),
}
COMMON_KEYS = ("kind", "message")
#: reach/dns ``expect`` mapping keys
REACH_EXPECT_KEYS = ("pod", "pods", "labels", "port", "container", "fail", "failure")
DNS_EXPECT_KEYS = ("cname", "pod_ips", "cluster_ip", "nxdomain")
#: engine trace failure codes a ``reach`` goal may expect (others are reported as unknown)
FAILURE_CODES = ("nxdomain", "outside_cluster", "no_endpoints", "not_ready", "no_local_endpoint",
                 "port_not_exposed", "target_unresolved", "not_listening", "unknown_ip", "pod_not_running",
                 "no_route", "bad_destination", "needs_port", "unknown_source", "source_not_running")


def _type_ok(value: Any, type_: str) -> bool:
    if type_ == "str":
        return isinstance(value, str) and bool(value.strip())
    if type_ == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "bool":
        return isinstance(value, bool)
    if type_ == "names":
        return isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    if type_ == "to":
        if isinstance(value, dict):
            return bool(value) and all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
                                       for k, v in value.items())
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "source":
        if value == "outside":
            return True
        return (isinstance(value, dict) and isinstance(value.get("pod"), str) and bool(value["pod"])
                and set(value) <= {"pod", "container", "namespace"}
                and all(isinstance(v, str) and v for v in value.values()))
    if type_ == "labels":
        return isinstance(value, dict) and bool(value) and all(isinstance(k, str) and isinstance(v, str)
                                                               for k, v in value.items())
    return True


def goal_problems(goal: Any) -> list[Text]:
    """What is wrong with a goal's parameters (for lesson authors); [] when it is fine."""
    if not isinstance(goal, dict):
        return [Text(N_("a goal must be a mapping with a 'kind'"))]
    kind = goal.get("kind")
    if not isinstance(kind, str) or kind not in GOAL_KINDS:
        return [Text(N_("unknown goal kind {kind} (known: {known})"), kind=repr(kind), known=", ".join(GOAL_KINDS))]
    params = GOAL_KINDS[kind]
    problems: list[Text] = []
    allowed = {p.name for p in params} | set(COMMON_KEYS)
    for key in goal:
        if key not in allowed:
            problems.append(Text(N_("{kind} goal: unknown parameter {key} (allowed: {allowed})"), kind=kind,
                                 key=repr(key), allowed=", ".join(sorted(allowed - {"kind"}))))
    if "message" in goal and not (isinstance(goal["message"], str) and goal["message"].strip()):
        problems.append(Text(N_("{kind} goal: 'message' must be a non-empty string"), kind=kind))
    for p in params:
        if p.name not in goal:
            if p.required:
                problems.append(Text(N_("{kind} goal: missing parameter {name}"), kind=kind, name=repr(p.name)))
            continue
        value = goal[p.name]
        if not _type_ok(value, p.type):
            problems.append(Text(N_("{kind} goal: {name} must be {type}, not {value}"), kind=kind,
                                 name=repr(p.name), type=_TYPES[p.type], value=repr(value)))
        elif p.choices and value not in p.choices:
            problems.append(Text(N_("{kind} goal: {name} must be one of {choices}, not {value}"), kind=kind,
                                 name=repr(p.name), choices=", ".join(p.choices), value=repr(value)))
        elif p.type == "int" and not 1 <= value <= 65535:
            problems.append(Text(N_("{kind} goal: {name} must be between 1 and 65535"), kind=kind, name=repr(p.name)))
    if kind == "reach":
        problems += _reach_problems(goal)
    elif kind == "dns":
        problems += _dns_problems(goal)
    return problems


def _reach_problems(goal: dict) -> list[Text]:
    out: list[Text] = []
    expect = goal.get("expect")
    to = goal.get("to")
    if isinstance(to, str) and to.startswith("$env:"):
        if goal.get("from") == "outside":
            out.append(Text(N_("reach goal: '$env:' needs a source Pod (its container's environment), not 'outside'")))
        if not to[5:].strip():
            out.append(Text(N_("reach goal: '$env:' must be followed by a variable name")))
    after = goal.get("after")
    if after is not None and (not isinstance(after, str) or _parse_after(after) is None):
        out.append(Text(N_("reach goal: 'after' must look like 'recreate Deployment/web', not {value}"),
                        value=repr(after)))
    if expect == "fail":
        pass
    elif isinstance(expect, dict) and expect:
        for key, value in expect.items():
            if key not in REACH_EXPECT_KEYS:
                out.append(Text(N_("reach goal: unknown expect key {key} (allowed: {allowed})"), key=repr(key),
                                allowed=", ".join(REACH_EXPECT_KEYS)))
            elif key in ("pod", "container", "failure") and not _type_ok(value, "str"):
                out.append(Text(N_("reach goal: expect.{key} must be a string"), key=key))
            elif key == "pods" and not (_type_ok(value, "names") and value):
                out.append(Text(N_("reach goal: expect.pods must be a non-empty list of Pod names")))
            elif key == "labels" and not _type_ok(value, "labels"):
                out.append(Text(N_("reach goal: expect.labels must be a mapping of label key to value")))
            elif key == "port" and not (_type_ok(value, "int") and 1 <= value <= 65535):
                out.append(Text(N_("reach goal: expect.port must be a port number")))
            elif key == "fail" and value is not True:
                out.append(Text(N_("reach goal: expect.fail must be true")))
        if expect.get("fail") and set(expect) - {"fail", "failure"}:
            out.append(Text(N_("reach goal: expect.fail cannot be combined with where the request should arrive")))
    else:
        out.append(Text(N_("reach goal: 'expect' must be 'fail' or a mapping such as {pod: web-1}, "
                           "{pods: [...]}, {labels: {app: web}}, {port: 8080}")))
    failure = goal.get("failure", expect.get("failure") if isinstance(expect, dict) else None)
    if failure is not None:
        if not (expect == "fail" or (isinstance(expect, dict) and expect.get("fail"))):
            out.append(Text(N_("reach goal: 'failure' only goes with expect: fail")))
        elif failure not in FAILURE_CODES:
            out.append(Text(N_("reach goal: unknown failure code {code} (known: {known})"), code=repr(failure),
                            known=", ".join(FAILURE_CODES)))
    return out


def _dns_problems(goal: dict) -> list[Text]:
    expect = goal.get("expect")
    if expect == "nxdomain":
        return []
    if isinstance(expect, dict) and len(expect) == 1:
        key, value = next(iter(expect.items()))
        if key == "cname" and _type_ok(value, "str"):
            return []
        if key in ("pod_ips", "cluster_ip") and value is True:
            return []
    return [Text(N_("dns goal: 'expect' must be nxdomain, {cname: host}, {pod_ips: true} or "
                    "{cluster_ip: true}"))]


def _parse_after(after: str) -> str | None:
    parts = after.split()
    if len(parts) == 2 and parts[0] == "recreate" and "/" in parts[1]:
        return parts[1]
    return None


# --------------------------------------------------------------------------- base cluster
_BASE_CACHE: OrderedDict[str, Any] = OrderedDict()
_BASE_CACHE_SIZE = 64


def _cluster_key(spec: Any) -> str:
    try:
        return json.dumps(spec, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(spec)


def base_cluster(exercise) -> Any:
    """The exercise's simulated cluster (``exercise.cluster`` through
    ``Cluster.from_spec``; the default two-node cluster when it has none), cached.
    Treat it as read-only: the engine copies it before changing anything."""
    from tutor.k8s.cluster import Cluster

    spec = getattr(exercise, "cluster", None) or {}
    key = _cluster_key(spec)
    cached = _BASE_CACHE.get(key)
    if cached is not None:
        _BASE_CACHE.move_to_end(key)
        return cached
    cluster = Cluster.from_spec(spec) if spec else Cluster.default()
    _BASE_CACHE[key] = cluster
    while len(_BASE_CACHE) > _BASE_CACHE_SIZE:
        _BASE_CACHE.popitem(last=False)
    return cluster


def evaluate_for(exercise, text: str):
    """The engine's evaluation of ``text`` on the exercise's cluster."""
    from tutor.k8s.evaluate import evaluate

    return evaluate(text, base_cluster(exercise))


# --------------------------------------------------------------------------- checking
class _Context:
    def __init__(self, exercise, text: str, evaluation) -> None:
        self.exercise = exercise
        self.text = text
        self.evaluation = evaluation

    @property
    def cluster(self):
        cluster = getattr(self.evaluation, "cluster", None)
        return cluster if cluster is not None else base_cluster(self.exercise)


def check(exercise, text: str, evaluation=None) -> ExerciseResult:
    """Check ``text`` against every goal of ``exercise``. Never raises."""
    goals = list(getattr(exercise, "goals", None) or [])
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    surprise: Exception | Text | None = None
    try:
        base_cluster(exercise)
    except Exception as exc:  # noqa: BLE001 - a lesson's cluster may be written wrongly
        surprise = Text(N_("This exercise's cluster is written wrongly in the lesson, so nothing can be "
                           "checked: {error}"), error=str(exc))
    if evaluation is None and surprise is None:
        try:
            evaluation = evaluate_for(exercise, text)
        except Exception as exc:  # noqa: BLE001 - the learner may type anything
            surprise = exc
    ctx = _Context(exercise, text, evaluation)
    results: list[GoalResult] = []
    if not any(isinstance(g, dict) and g.get("kind") == "valid" for g in goals):
        results.append(_guard(ctx, {"kind": "valid"}, surprise, implicit=True))
    for goal in goals:
        results.append(_guard(ctx, goal, surprise))
    return ExerciseResult(passed=bool(results) and all(r.passed for r in results), goals=results,
                          evaluation=evaluation)


def _guard(ctx: _Context, goal: Any, surprise: Exception | Text | None, implicit: bool = False) -> GoalResult:
    goal_dict = goal if isinstance(goal, dict) else {"kind": None}
    try:
        label = goal_label(goal_dict)
    except Exception:  # noqa: BLE001
        label = Text(N_("Goal {kind}"), kind=str(goal_dict.get("kind")))
    try:
        problems = goal_problems(goal)
    except Exception as exc:  # noqa: BLE001
        problems = [Text(N_("it cannot be read: {error}"), error=f"{type(exc).__name__}: {exc}")]
    if problems:
        return GoalResult(goal_dict, False, label, feedback=Text(
            N_("This goal is written wrongly in the lesson, so it cannot be checked: {problem}"),
            problem=problems[0]), implicit=implicit)
    if surprise is not None:
        feedback = surprise if isinstance(surprise, Text) else _surprise(surprise)
        return GoalResult(goal_dict, False, label, feedback=feedback, implicit=implicit)
    try:
        result = _CHECKERS[goal_dict["kind"]](ctx, goal_dict)
    except Exception as exc:  # noqa: BLE001 - never let the checker crash the UI
        return GoalResult(goal_dict, False, label, feedback=_surprise(exc), implicit=implicit)
    result.goal = goal_dict
    result.label = label
    result.implicit = implicit
    return result


def _surprise(exc: Exception) -> Text:
    return Text(N_("The tutor could not check this goal (an internal problem: {error}). "
                   "Your text may be fine; try editing it again."), error=f"{type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- labels
def _ns_suffix(goal: dict) -> str:
    ns = goal.get("namespace")
    return f" ({ns})" if ns and ns != "default" else ""


def _source_label(source: Any) -> Text | str:
    if source == "outside":
        return Text(N_("outside the cluster"))
    if isinstance(source, dict):
        pod = str(source.get("pod", "?"))
        if source.get("namespace") and source.get("namespace") != "default":
            pod = f"{source['namespace']}/{pod}"
        if source.get("container"):
            return Text(N_("container {container} of Pod {pod}"), container=source["container"], pod=pod)
        return Text(N_("Pod {pod}"), pod=pod)
    return str(source)


def _to_label(to: Any) -> Text | str:
    if isinstance(to, dict):
        return ", ".join(f"{pod} → {port}" for pod, port in to.items())
    return Text(N_("port {port} on every selected Pod"), port=to)


def _reach_expect_label(goal: dict) -> Text:
    expect = goal.get("expect")
    failure = goal.get("failure") or (expect.get("failure") if isinstance(expect, dict) else None)
    if expect == "fail" or (isinstance(expect, dict) and expect.get("fail")):
        if failure:
            return Text(N_("the request fails ({failure})"), failure=failure)
        return Text(N_("the request fails"))
    parts: list[Text] = []
    if isinstance(expect, dict):
        if "pod" in expect:
            parts.append(Text(N_("Pod {pod}"), pod=expect["pod"]))
        if "pods" in expect:
            parts.append(Text(N_("one of the Pods {pods}"), pods=", ".join(map(str, expect["pods"]))))
        if "labels" in expect:
            parts.append(Text(N_("a Pod labelled {labels}"), labels=_labels_str(expect["labels"])))
        if "container" in expect:
            parts.append(Text(N_("container {container}"), container=expect["container"]))
        if "port" in expect:
            parts.append(Text(N_("port {port}"), port=expect["port"]))
    return Text(N_("it arrives at {where}"), where=TextList(parts, ", "))


def _labels_str(labels: Any) -> str:
    if isinstance(labels, dict):
        return ", ".join(f"{k}: {v}" for k, v in labels.items())
    return str(labels)


def goal_label(goal: dict) -> Text | str:
    """The goal in learner terms: its own ``message:`` (lesson text) if it has one."""
    message = goal.get("message")
    if isinstance(message, str) and message.strip():
        return message.strip()
    kind = goal.get("kind")
    ns = _ns_suffix(goal)
    if kind == "valid":
        return Text(N_("The manifests are valid: the API server would accept them"))
    if kind == "service":
        reqs: list[Text] = []
        if goal.get("type"):
            reqs.append(Text(N_("type {type}"), type=goal["type"]))
        if goal.get("headless") is True:
            reqs.append(Text(N_("headless (clusterIP: None)")))
        if goal.get("headless") is False:
            reqs.append(Text(N_("not headless")))
        if goal.get("external_name"):
            reqs.append(Text(N_("externalName {name}"), name=goal["external_name"]))
        if reqs:
            return Text(N_("A valid Service {name}{ns}: {requirements}"), name=goal.get("name"), ns=ns,
                        requirements=TextList(reqs, ", "))
        return Text(N_("A valid Service {name}{ns} exists"), name=goal.get("name"), ns=ns)
    if kind == "selects":
        pods = goal.get("pods") or []
        if not pods:
            return Text(N_("Service {service}{ns} selects no Pods"), service=goal.get("service"), ns=ns)
        return Text(N_("Service {service}{ns} selects exactly: {pods}"), service=goal.get("service"), ns=ns,
                    pods=", ".join(map(str, pods)))
    if kind == "ready":
        pods = goal.get("pods") or []
        if not pods:
            return Text(N_("Service {service}{ns} has no ready endpoints"), service=goal.get("service"), ns=ns)
        return Text(N_("The ready endpoints of Service {service}{ns} are exactly: {pods}"),
                    service=goal.get("service"), ns=ns, pods=", ".join(map(str, pods)))
    if kind == "maps":
        return Text(N_("Service {service}{ns} port {port} leads to {to}"), service=goal.get("service"), ns=ns,
                    port=goal.get("port"), to=_to_label(goal.get("to")))
    if kind == "node_port":
        return Text(N_("Service {service}{ns} port {port} is open on every node at nodePort {node_port}"),
                    service=goal.get("service"), ns=ns, port=goal.get("port"), node_port=goal.get("node_port"))
    if kind == "reach":
        to = goal.get("to", "")
        if isinstance(to, str) and to.startswith("$env:"):
            dest: Text | str = Text(N_("the address in ${name}"), name=to[5:])
        else:
            dest = str(to)
        label = Text(N_("From {source}, a request to {destination}: {expect}"),
                     source=_source_label(goal.get("from")), destination=dest, expect=_reach_expect_label(goal))
        if goal.get("after"):
            return Text(N_("{goal} (after: {after})"), goal=label, after=goal["after"])
        return label
    if kind == "dns":
        return Text(N_("From {source}, the DNS name {name} answers {answer}"),
                    source=_source_label(goal.get("from")), name=goal.get("name"),
                    answer=_dns_expect_text(goal.get("expect")))
    if kind == "pod_ports_unique":
        return Text(N_("No two containers of Pod {pod}{ns} declare the same port"), pod=goal.get("pod"), ns=ns)
    return Text(N_("Goal {kind}"), kind=str(kind))


def _dns_expect_text(expect: Any) -> Text:
    if expect == "nxdomain" or (isinstance(expect, dict) and "nxdomain" in expect):
        return Text(N_("NXDOMAIN (no such name)"))
    if isinstance(expect, dict):
        if "cname" in expect:
            return Text(N_("a CNAME to {host}"), host=expect["cname"])
        if "pod_ips" in expect:
            return Text(N_("the IP addresses of the ready Pods"))
        if "cluster_ip" in expect:
            return Text(N_("the Service's cluster IP"))
    return Fmt("{answer}", answer=str(expect))


# --------------------------------------------------------------------------- helpers
def _first_error(evaluation) -> Any | None:
    """The first error of the evaluation (parse error, then documents in order)."""
    if evaluation is None:
        return None
    parse_error = getattr(evaluation, "parse_error", None)
    if parse_error is not None:
        return parse_error
    for doc in getattr(evaluation, "documents", None) or []:
        errors = getattr(doc, "errors", None) or []
        if errors:
            return errors[0]
    errors = getattr(evaluation, "errors", None) or []
    return errors[0] if errors else None


def error_feedback(error: Any) -> Text:
    """An error in learner terms: the Kubernetes message, then what it means."""
    from tutor.k8s.explain import explanation_text  # a FieldError's explanation (engine imported lazily)

    message = getattr(error, "message", None) or str(error)
    line = getattr(error, "line", None)
    explanation: Any = None
    try:
        explanation = explanation_text(error)
    except Exception:  # noqa: BLE001
        explanation = None
    where = Text(N_("line {line}: "), line=line) if line else ""
    if explanation:
        return Fmt("{where}{message} — {explanation}", where=where, message=message, explanation=explanation)
    return Fmt("{where}{message}", where=where, message=message)


def _doc_feedback(doc) -> Text | None:
    errors = getattr(doc, "errors", None) or []
    return error_feedback(errors[0]) if errors else None


def _service_doc(ctx: _Context, name: str, namespace: str):
    """``(doc, feedback)``: the valid Service document, or None and why not."""
    evaluation = ctx.evaluation
    if evaluation is None:
        return None, Text(N_("The text could not be evaluated."))
    parse_error = getattr(evaluation, "parse_error", None)
    if parse_error is not None:
        return None, error_feedback(parse_error)
    doc = evaluation.service(name, namespace)
    if doc is None:
        others = [d for d in getattr(evaluation, "documents", []) if getattr(d, "kind", None) == "Service"]
        named = [d for d in others if getattr(d, "name", None) == name]
        if named:
            return None, Text(N_("Service {name} is in namespace {found}, not {namespace}."), name=name,
                              found=getattr(named[0], "namespace", "?"), namespace=namespace)
        if len(others) == 1 and getattr(others[0], "name", None):
            return None, Text(N_("There is no Service named {name} yet (the Service in the editor is named "
                                 "{found}; names must match exactly)."), name=name, found=others[0].name)
        return None, Text(N_("There is no Service named {name} in the editor yet."), name=name)
    if not getattr(doc, "valid", True) or getattr(doc, "service", None) is None:
        return None, _doc_feedback(doc) or Text(N_("Service {name} is not valid."), name=name)
    return doc, None


def _fail(feedback: Text | None, expected: Text | str | None = None, actual: Text | str | None = None) -> GoalResult:
    return GoalResult({}, False, "", expected=_t(expected), actual=_t(actual), feedback=feedback)


def _ok(expected: Text | str | None = None, actual: Text | str | None = None) -> GoalResult:
    return GoalResult({}, True, "", expected=_t(expected), actual=_t(actual))


def _t(value: Text | str | None) -> Text | None:
    if value is None or isinstance(value, Text):
        return value
    return Fmt("{value}", value=value)


# --------------------------------------------------------------------------- checkers
def _check_valid(ctx: _Context, goal: dict) -> GoalResult:
    evaluation = ctx.evaluation
    if evaluation is None:
        return _fail(Text(N_("The text could not be evaluated.")))
    if not ctx.text.strip():
        return _fail(Text(N_("The editor is empty: write the manifest here.")))
    error = _first_error(evaluation)
    if error is not None:
        return _fail(error_feedback(error))
    if not getattr(evaluation, "valid", True):
        return _fail(Text(N_("The manifests are not valid.")))
    docs = [d for d in getattr(evaluation, "documents", []) if not getattr(d, "skipped", False)]
    if not docs:
        return _fail(Text(N_("There is no manifest in the editor yet (only comments or empty documents).")))
    return _ok()


def _check_service(ctx: _Context, goal: dict) -> GoalResult:
    ns = goal.get("namespace", "default")
    doc, why = _service_doc(ctx, goal["name"], ns)
    if doc is None:
        return _fail(why)
    svc = doc.service
    problems: list[Text] = []
    expected: list[Text] = []
    actual: list[Text] = []
    if "type" in goal:
        expected.append(Text(N_("type {type}"), type=goal["type"]))
        actual.append(Text(N_("type {type}"), type=svc.type))
        if svc.type != goal["type"]:
            problems.append(Text(N_("Its type is {actual}; it should be {expected}."), actual=svc.type,
                                 expected=goal["type"]))
    if "headless" in goal:
        want = goal["headless"]
        expected.append(Text(N_("headless")) if want else Text(N_("not headless")))
        actual.append(Text(N_("headless")) if svc.headless else Text(N_("not headless")))
        if svc.headless != want:
            problems.append(Text(N_("It should be headless: set clusterIP: None.")) if want else
                            Text(N_("It should not be headless: remove clusterIP: None.")))
    if "external_name" in goal:
        expected.append(Text(N_("externalName {name}"), name=goal["external_name"]))
        actual.append(Text(N_("externalName {name}"), name=svc.external_name or "-"))
        # A trailing dot makes a DNS name fully qualified: `db.example.com.` is the same name.
        if svc.external_name.rstrip(".").lower() != str(goal["external_name"]).rstrip(".").lower():
            problems.append(Text(N_("Its externalName is {actual}; it should be {expected}."),
                                 actual=svc.external_name or "-", expected=goal["external_name"]))
    exp = TextList(expected) if expected else None
    act = TextList(actual) if actual else None
    if problems:
        return _fail(TextList(problems, " "), exp, act)
    return _ok(exp, act)


def _pod_reason(selection, name: str, namespace: str, cluster) -> Text:
    verdict = selection.verdict(name, namespace) if hasattr(selection, "verdict") else None
    if verdict is None:
        if cluster is not None and cluster.pod(name, namespace) is None:
            return Text(N_("there is no Pod named {pod} in namespace {namespace}"), pod=name, namespace=namespace)
        return Text(N_("not selected"))
    if verdict.selected:
        return verdict.endpoint_reason or Text(N_("selected"))
    return verdict.reason or Text(N_("not selected"))


def _grouped_reasons(items: list[tuple[str, Text]]) -> Text | None:
    """One reason for several Pods: the reason alone when all Pods have the same kind of
    reason (the same message), else ``pod: reason; ...``."""
    items = [(p, r) for p, r in items if r is not None]
    if not items:
        return None
    if len({r.msgid if isinstance(r, Text) and r.msgid else english(r) for _, r in items}) == 1:
        return items[0][1]
    return TextList([Fmt("{pod}: {reason}", pod=p, reason=r) for p, r in items], "; ")


def _check_selects(ctx: _Context, goal: dict) -> GoalResult:
    ns = goal.get("namespace", "default")
    doc, why = _service_doc(ctx, goal["service"], ns)
    if doc is None:
        return _fail(why, _names(goal["pods"]))
    selection = doc.selection
    if selection is None:
        return _fail(Text(N_("The tutor could not work out which Pods this Service selects.")))
    want = list(goal["pods"])
    got = [p.name for p in selection.selected]
    missing = [p for p in want if p not in got]
    extra = [p for p in got if p not in want]
    expected = _names(want)
    if not missing and not extra:
        return _ok(expected, _names(got))
    cluster = getattr(ctx.evaluation, "cluster", None)
    missing_reasons = [(p, _pod_reason(selection, p, ns, cluster)) for p in missing]
    if not selection.manages_endpoints:
        why_none = selection.reason or Text(N_("this Service manages no endpoints"))
        actual = Fmt("{pods} — {reason}", pods=_NONE, reason=why_none)
        return _fail(Text(N_("Service {service} selects no Pods: {reason}"), service=goal["service"],
                          reason=why_none), expected, actual)
    grouped = _grouped_reasons(missing_reasons)
    actual = Fmt("{pods} — {reason}", pods=_names(got), reason=grouped) if grouped else _names(got)
    parts: list[Text] = []
    if missing:
        parts.append(Text(N_("Not selected: {pods} ({reason})."), pods=", ".join(missing), reason=grouped))
    if extra:
        selector = ", ".join(f"{k}: {v}" for k, v in (selection.service.selector or {}).items())
        parts.append(Text(N_("Selected but should not be: {pods} (their labels match the selector {selector})."),
                          pods=", ".join(extra), selector=selector))
    return _fail(TextList(parts, " "), expected, actual)


def _check_ready(ctx: _Context, goal: dict) -> GoalResult:
    ns = goal.get("namespace", "default")
    doc, why = _service_doc(ctx, goal["service"], ns)
    if doc is None:
        return _fail(why, _names(goal["pods"]))
    selection = doc.selection
    if selection is None:
        return _fail(Text(N_("The tutor could not work out the endpoints of this Service.")))
    want = list(goal["pods"])
    got = [p.name for p in selection.ready]
    expected = _names(want)
    missing = [p for p in want if p not in got]
    extra = [p for p in got if p not in want]
    if not missing and not extra:
        return _ok(expected, _names(got))
    cluster = getattr(ctx.evaluation, "cluster", None)
    missing_reasons = [(p, _pod_reason(selection, p, ns, cluster)) for p in missing]
    grouped = _grouped_reasons(missing_reasons)
    actual = Fmt("{pods} — {reason}", pods=_names(got), reason=grouped) if grouped else _names(got)
    if not selection.manages_endpoints:
        why_none = selection.reason or Text(N_("this Service manages no endpoints"))
        return _fail(Text(N_("Service {service} has no endpoints: {reason}"), service=goal["service"],
                          reason=why_none), expected, Fmt("{pods} — {reason}", pods=_NONE, reason=why_none))
    parts: list[Text] = []
    if missing:
        parts.append(Text(N_("Not a ready endpoint: {pods} ({reason})."), pods=", ".join(missing), reason=grouped))
    if extra:
        parts.append(Text(N_("A ready endpoint but should not be: {pods}."), pods=", ".join(extra)))
    return _fail(TextList(parts, " "), expected, actual)


def _find_mapping(doc, port: int, protocol: str | None):
    for mapping in getattr(doc, "ports", None) or []:
        sp = mapping.service_port
        if sp.port == port and (protocol is None or sp.protocol == protocol):
            return mapping
    return None


def _mapping_note(doc, mapping) -> Text | None:
    """Why the Service port leads where it does, when that is easy to miss: a targetPort
    left out (or 0 / "") defaults to the port itself."""
    positions = getattr(doc, "positions", None)
    service = getattr(doc, "service", None)
    if positions is None or service is None:
        return None
    try:
        index = next(i for i, sp in enumerate(service.ports) if sp is mapping.service_port)
    except StopIteration:
        index = next((i for i, sp in enumerate(service.ports) if sp.port == mapping.service_port.port), None)
    if index is None:
        return None
    path = f"spec.ports[{index}].targetPort"
    written = positions.has(path)
    if not written:
        return Text(N_("targetPort defaults to port"))
    return None


def _resolved_text(port: int, resolved: dict[str, int], unresolved: list[str]) -> Text | str:
    numbers = sorted(set(resolved.values()))
    if len(numbers) == 1 and not unresolved:
        return f"{port} → {numbers[0]}"
    parts = [f"{pod} → {num}" for pod, num in resolved.items()]
    parts += [Text(N_("{pod} → (unresolved)"), pod=p) for p in unresolved]
    return TextList(parts, ", ") if parts else Text(N_("{port} → no Pods"), port=port)


def _check_maps(ctx: _Context, goal: dict) -> GoalResult:
    ns = goal.get("namespace", "default")
    port = goal["port"]
    to = goal["to"]
    expected: Text | str = f"{port} → {to}" if isinstance(to, int) else ", ".join(f"{p} → {n}" for p, n in to.items())
    doc, why = _service_doc(ctx, goal["service"], ns)
    if doc is None:
        return _fail(why, expected)
    mapping = _find_mapping(doc, port, goal.get("protocol"))
    svc = doc.service
    if mapping is None:
        have = ", ".join(f"{p.port}/{p.protocol}" for p in svc.ports) or "-"
        return _fail(Text(N_("Service {service} has no port {port} (its ports: {ports})."), service=svc.name,
                          port=port, ports=have), expected, Text(N_("ports: {ports}"), ports=have))
    resolved: dict[str, int] = dict(getattr(mapping, "resolved", None) or {})
    unresolved: list[str] = [getattr(p, "name", p) for p in (getattr(mapping, "unresolved", None) or [])]
    note = _mapping_note(doc, mapping)
    actual_core = _resolved_text(port, resolved, unresolved)
    actual: Text | str = Fmt("{mapping} ({note})", mapping=actual_core, note=note) if note else actual_core
    target = mapping.service_port.target_port
    targets = {t.pod.name: t for t in (getattr(mapping, "targets", None) or [])}
    want_text = str(to) if isinstance(to, int) else None
    if isinstance(to, int):
        if not resolved and not unresolved:
            why_none = None
            selection = getattr(doc, "selection", None)
            if selection is not None and hasattr(selection, "why_no_endpoints"):
                found = selection.why_no_endpoints()
                why_none = found[1] if found else None
            return _fail(Text(N_("Port {port} leads nowhere: {reason}"), port=port,
                              reason=why_none or Text(N_("the Service has no endpoints"))), expected, actual)
        wrong = {p: n for p, n in resolved.items() if n != to}
        if not wrong and not unresolved:
            return _ok(expected, actual)
    else:
        wrong = {p: resolved.get(p) for p, n in to.items() if resolved.get(p) != n}
        if not wrong:
            return _ok(expected, actual)
    parts: list[Text] = []
    bad_unresolved = [p for p in unresolved if isinstance(to, int) or p in to]
    if bad_unresolved:
        reasons = [(p, targets[p].reason) for p in bad_unresolved if p in targets and targets[p].reason]
        parts.append(Text(N_("targetPort {target} does not resolve on {pods}: {reason}."), target=target,
                          pods=", ".join(bad_unresolved),
                          reason=_grouped_reasons(reasons) or Text(N_("no container port has that name and protocol"))))
    wrong_resolved = {p: n for p, n in wrong.items() if n is not None}
    if wrong_resolved:
        numbers = set(wrong_resolved.values())
        if len(numbers) == 1 and len(wrong_resolved) == len(resolved) and want_text:
            got = str(next(iter(numbers)))
        else:
            got = ", ".join(f"{p} → {n}" for p, n in wrong_resolved.items())
        should = want_text or ", ".join(f"{p} → {to[p]}" for p in wrong_resolved)
        how = note or Text(N_("targetPort {target}"), target=target)
        parts.append(Text(N_("Port {port} leads to {got} ({how}); it should lead to {should}."), port=port, got=got,
                          how=how, should=should))
        reasons = [(p, targets[p].reason) for p in wrong_resolved if p in targets and targets[p].reason]
        grouped = _grouped_reasons(reasons)
        if grouped:
            parts.append(Text(N_("Note: {reason}."), reason=grouped))
    absent = [p for p, n in wrong.items() if n is None and p not in unresolved]
    if absent:
        selection = getattr(doc, "selection", None)
        cluster = getattr(ctx.evaluation, "cluster", None)
        reasons = [(p, _pod_reason(selection, p, ns, cluster)) for p in absent] if selection is not None else []
        parts.append(Text(N_("Port {port} does not lead to {pods} at all: {reason}."), port=port,
                          pods=", ".join(absent),
                          reason=_grouped_reasons(reasons) or Text(N_("they are not endpoints of this Service"))))
    if not parts:
        parts.append(Text(N_("Port {port} does not lead where it should."), port=port))
    return _fail(TextList(parts, " "), expected, actual)


def _check_node_port(ctx: _Context, goal: dict) -> GoalResult:
    ns = goal.get("namespace", "default")
    port, want = goal["port"], goal["node_port"]
    expected = Text(N_("port {port} → nodePort {node_port}"), port=port, node_port=want)
    doc, why = _service_doc(ctx, goal["service"], ns)
    if doc is None:
        return _fail(why, expected)
    svc = doc.service
    sp = next((p for p in svc.ports if p.port == port), None)
    if sp is None:
        have = ", ".join(str(p.port) for p in svc.ports) or "-"
        return _fail(Text(N_("Service {service} has no port {port} (its ports: {ports})."), service=svc.name,
                          port=port, ports=have), expected)
    if svc.type not in ("NodePort", "LoadBalancer"):
        return _fail(Text(N_("Service {service} has type {type}, which opens no port on the nodes: use type "
                             "NodePort (or LoadBalancer)."), service=svc.name, type=svc.type), expected,
                     Text(N_("type {type}, no nodePort"), type=svc.type))
    actual = Text(N_("port {port} → nodePort {node_port}"), port=port, node_port=sp.node_port or "-")
    if sp.node_port != want:
        return _fail(Text(N_("Port {port} has nodePort {actual}; set nodePort: {expected}."), port=port,
                          actual=sp.node_port or "-", expected=want), expected, actual)
    return _ok(expected, actual)


def _check_pod_ports_unique(ctx: _Context, goal: dict) -> GoalResult:
    from tutor.k8s.pods import port_clashes

    ns = goal.get("namespace", "default")
    expected = Text(N_("every containerPort of Pod {pod} is used by one container only"), pod=goal["pod"])
    parse_error = getattr(ctx.evaluation, "parse_error", None)
    if parse_error is not None:
        return _fail(error_feedback(parse_error), expected)
    pod = ctx.cluster.pod(goal["pod"], ns)
    if pod is None:
        return _fail(Text(N_("There is no Pod named {pod} in namespace {namespace}."), pod=goal["pod"],
                          namespace=ns), expected)
    clashes = port_clashes(pod)
    if not clashes:
        return _ok(expected, Text(N_("no two containers share a port")))
    parts = [Text(N_("{protocol} port {port} is declared by {containers}"), protocol=proto, port=port,
                  containers=", ".join(names)) for port, proto, names in clashes]
    actual = TextList(parts, "; ")
    return _fail(Text(N_("{clashes}. The containers of a Pod share one network namespace, so only one of them "
                         "can listen on a port: give each container its own port."), clashes=actual),
                 expected, actual)


# --------------------------------------------------------------------------- traffic
def _source(goal_from: Any):
    from tutor.k8s.trace import Source

    return Source.from_spec(goal_from)


def _trace_pod_name(trace) -> str | None:
    pod = getattr(trace, "pod", None)
    return getattr(pod, "name", pod)


def _trace_actual(trace) -> Text:
    if getattr(trace, "ok", False):
        pod, port = _trace_pod_name(trace), getattr(trace, "port", None)
        if pod is None:  # e.g. an ExternalName: the client leaves the simulated cluster
            cname = getattr(trace, "cname", None)
            return Text(N_("leaves the cluster for {host}"), host=cname or "?")
        container = getattr(trace, "container", None)
        if container:
            return Text(N_("arrives at Pod {pod}, container {container}, port {port}"), pod=pod,
                        container=container, port=port)
        return Text(N_("arrives at Pod {pod}, port {port}"), pod=pod, port=port)
    text = getattr(trace, "failure_text", None)
    if text is not None:
        return Text(N_("fails: {reason}"), reason=text)
    return Text(N_("fails ({code})"), code=getattr(trace, "failure", None) or "?")


def _shown_destination(goal_to: str, trace) -> Text | str:
    """``$NAME = value`` for an env destination, else the destination as written."""
    if goal_to.startswith("$env:"):
        value = getattr(trace, "destination", None)
        if value and value != goal_to:
            return Fmt("${name} = {value}", name=goal_to[5:].strip(), value=value)
    return goal_to


def _check_reach(ctx: _Context, goal: dict) -> GoalResult:
    from tutor.k8s.trace import trace as run_trace

    expect = goal["expect"]
    expected = _reach_expect_label(goal)
    parse_error = getattr(ctx.evaluation, "parse_error", None)
    if parse_error is not None:
        return _fail(error_feedback(parse_error), expected)
    cluster = ctx.cluster
    if goal.get("after"):
        owner = _parse_after(goal["after"])
        if owner:
            cluster = cluster.recreate(owner)
    trace = run_trace(cluster, _source(goal["from"]), goal["to"], pick=goal.get("pick", 0))
    destination = _shown_destination(goal["to"], trace)
    result = _trace_actual(trace)
    actual = Fmt("{destination} → {result}", destination=destination, result=result)
    failure = goal.get("failure")
    wants_fail = expect == "fail" or (isinstance(expect, dict) and expect.get("fail"))
    if isinstance(expect, dict):
        failure = failure or expect.get("failure")
    if wants_fail:
        if getattr(trace, "ok", False):
            return _fail(Text(N_("The request to {destination} still gets through ({result}); it should fail."),
                              destination=destination, result=result), expected, actual)
        if failure and getattr(trace, "failure", None) != failure:
            return _fail(Text(N_("The request fails, but for another reason: {reason}"),
                              reason=getattr(trace, "failure_text", None) or getattr(trace, "failure", "?")),
                         expected, actual)
        return _ok(expected, actual)
    if not getattr(trace, "ok", False):
        reason = getattr(trace, "failure_text", None) or Text(N_("it fails ({code})"),
                                                               code=getattr(trace, "failure", None) or "?")
        return _fail(Text(N_("The request from {source} to {destination} does not arrive: {reason}"),
                          source=_source_label(goal["from"]), destination=destination, reason=reason),
                     expected, actual)
    problems: list[Text] = []
    pod = getattr(trace, "pod", None)
    pod_name = _trace_pod_name(trace)
    if "pod" in expect and pod_name != expect["pod"]:
        problems.append(Text(N_("It arrives at Pod {actual}, not at Pod {expected}."), actual=pod_name or "-",
                             expected=expect["pod"]))
    if "pods" in expect and pod_name not in expect["pods"]:
        problems.append(Text(N_("It arrives at Pod {actual}, which is not one of {expected}."),
                             actual=pod_name or "-", expected=", ".join(expect["pods"])))
    if "labels" in expect:
        labels = getattr(pod, "labels", None) or {}
        if any(labels.get(k) != v for k, v in expect["labels"].items()):
            problems.append(Text(N_("It arrives at Pod {actual}, which is not labelled {labels}."),
                                 actual=pod_name or "-", labels=_labels_str(expect["labels"])))
    if "container" in expect and getattr(trace, "container", None) != expect["container"]:
        problems.append(Text(N_("It arrives at container {actual}, not at {expected}."),
                             actual=getattr(trace, "container", None) or "-", expected=expect["container"]))
    if "port" in expect and getattr(trace, "port", None) != expect["port"]:
        problems.append(Text(N_("It arrives at port {actual}, not at port {expected}."),
                             actual=getattr(trace, "port", None) or "-", expected=expect["port"]))
    if problems:
        return _fail(TextList(problems, " "), expected, actual)
    return _ok(expected, actual)


def _check_dns(ctx: _Context, goal: dict) -> GoalResult:
    expected = _dns_expect_text(goal["expect"])
    parse_error = getattr(ctx.evaluation, "parse_error", None)
    if parse_error is not None:
        return _fail(error_feedback(parse_error), expected)
    answer = dns_answer(ctx.cluster, goal["from"], goal["name"])
    actual = answer.describe()
    expect = goal["expect"]
    if expect == "nxdomain":
        ok = answer.nxdomain
    elif "cname" in expect:
        ok = answer.cname is not None and answer.cname.rstrip(".") == str(expect["cname"]).rstrip(".")
    elif "pod_ips" in expect:
        ok = answer.kind == "pod_ips"
    else:
        ok = answer.kind == "cluster_ip"
    if ok:
        return _ok(expected, actual)
    feedback = Text(N_("DNS answers {actual} for {name}; it should answer {expected}."), actual=actual,
                    name=goal["name"], expected=expected)
    if answer.why is not None:
        feedback = Fmt("{feedback} {why}", feedback=feedback, why=answer.why)
    return _fail(feedback, expected, actual)


@dataclass
class DnsAnswer:
    """The shape of a simulated DNS answer."""

    nxdomain: bool = False
    cname: str | None = None
    #: cluster_ip, pod_ips, cname, external (outside the simulation), none (no addresses)
    kind: str = "none"
    addresses: list[str] = field(default_factory=list)
    #: the engine's explanation when there is no usable answer
    why: Text | None = None

    def describe(self) -> Text:
        if self.nxdomain:
            return Text(N_("NXDOMAIN (no such name)"))
        if self.cname:
            return Text(N_("a CNAME to {host}"), host=self.cname)
        if self.kind == "cluster_ip":
            return Text(N_("the cluster IP {ip}"), ip=", ".join(self.addresses))
        if self.kind == "pod_ips":
            return Text(N_("Pod IPs {ips}"), ips=", ".join(self.addresses))
        if self.kind == "external":
            return Text(N_("an answer from DNS outside the cluster"))
        if self.addresses:
            return Text(N_("the addresses {ips}"), ips=", ".join(self.addresses))
        return Text(N_("no addresses"))


def dns_answer(cluster, source: Any, name: str) -> DnsAnswer:
    """What the cluster DNS answers ``source`` for ``name`` (through an engine trace)."""
    from tutor.k8s.trace import trace as run_trace

    trace = run_trace(cluster, _source(source), name)
    failure = getattr(trace, "failure", None)
    if failure == "nxdomain":
        return DnsAnswer(nxdomain=True, why=getattr(trace, "failure_text", None))
    if getattr(trace, "cname", None):
        return DnsAnswer(cname=str(trace.cname), kind="cname")
    if failure == "outside_cluster":
        return DnsAnswer(kind="external", why=getattr(trace, "failure_text", None))
    addresses = [str(a) for a in (getattr(trace, "dns_answer", None) or [])]
    service = getattr(trace, "service", None)
    if not addresses:
        return DnsAnswer(why=getattr(trace, "failure_text", None))
    if service is not None and getattr(service, "headless", False):
        return DnsAnswer(kind="pod_ips", addresses=addresses)
    if service is not None and addresses == [service.cluster_ip]:
        return DnsAnswer(kind="cluster_ip", addresses=addresses)
    if all(cluster.pod_by_ip(a) is not None for a in addresses):
        return DnsAnswer(kind="pod_ips", addresses=addresses)
    return DnsAnswer(addresses=addresses)


_CHECKERS: dict[str, Callable[[_Context, dict], GoalResult]] = {
    "valid": _check_valid,
    "service": _check_service,
    "selects": _check_selects,
    "ready": _check_ready,
    "maps": _check_maps,
    "node_port": _check_node_port,
    "reach": _check_reach,
    "dns": _check_dns,
    "pod_ports_unique": _check_pod_ports_unique,
}
