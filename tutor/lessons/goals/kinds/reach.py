"""``reach``: an engine trace of a request from a source to a destination ends as
expected (at a Pod, a port, a container, or failing, for a given reason)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback, labels_text, trace_source
from tutor.lessons.goals.params import (
    INDEX,
    NAME,
    SOURCE,
    Invalid,
    Key,
    ParamType,
    Ref,
    Source,
    String,
    is_int,
    is_name,
    label_map,
)
from tutor.lessons.goals.texts import Fmt, TextList

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.trace import Trace
    from tutor.lessons.goals.context import Context

#: ``expect`` mapping keys
EXPECT_KEYS = ("pod", "pods", "labels", "port", "container", "service", "source_ip", "fail", "failure")
#: ``expect.source_ip`` values: the Pod sees the client's own address, or a node's (source NAT)
SOURCE_IPS = ("client", "node")
#: engine trace failure codes (``tutor.k8s.trace.Trace.failure``) a goal may expect
FAILURE_CODES = ("nxdomain", "outside_cluster", "no_endpoints", "not_ready", "no_local_endpoint",
                 "port_not_exposed", "target_unresolved", "not_listening", "unknown_ip", "pod_not_running",
                 "no_route", "bad_destination", "needs_port", "unknown_source", "source_not_running",
                 "denied_by_policy", "dns_denied_by_policy")


#: each failure code in learner terms (a goal's "expected:" line; the code is the lesson's)
FAILURE_LABELS = {
    "nxdomain": N_("the name does not resolve"),
    "outside_cluster": N_("the address is outside the cluster"),
    "no_endpoints": N_("the Service has no endpoints"),
    "not_ready": N_("no endpoint is ready"),
    "no_local_endpoint": N_("no endpoint on that node"),
    "port_not_exposed": N_("the Service does not expose that port"),
    "target_unresolved": N_("the targetPort does not resolve"),
    "not_listening": N_("nothing listens on the port"),
    "unknown_ip": N_("no Pod or Service has that address"),
    "pod_not_running": N_("the Pod is not running"),
    "no_route": N_("no route to that address"),
    "bad_destination": N_("the destination is not valid"),
    "needs_port": N_("no port is given"),
    "unknown_source": N_("the client is not in the cluster"),
    "source_not_running": N_("the client Pod is not running"),
    "denied_by_policy": N_("dropped by a NetworkPolicy"),
    "dns_denied_by_policy": N_("a NetworkPolicy drops the DNS query"),
}
assert set(FAILURE_LABELS) == set(FAILURE_CODES)


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Expectation:
    """Where the request should end: ``fail`` (optionally for ``failure``), or at a Pod
    matching every key given."""

    fail: bool = False
    failure: str | None = None
    pod: str | None = None
    pods: tuple[str, ...] | None = None
    labels: dict[str, str] | None = None
    port: int | None = None
    container: str | None = None
    #: the request goes through this Service (``name`` or ``namespace/name``)
    service: str | None = None
    #: the source address the Pod sees: ``client`` (its own) or ``node`` (after source NAT)
    source_ip: str | None = None

    def label(self, failure: str | None) -> Text:
        if self.fail:
            if failure:
                said = FAILURE_LABELS.get(failure)
                return Text(N_("the request fails ({failure})"), failure=Text(said) if said else failure)
            return Text(N_("the request fails"))
        parts: list[Text | str] = []
        if self.pod is not None:
            parts.append(Text(N_("Pod {pod}"), pod=self.pod))
        if self.pods is not None:
            parts.append(Text(N_("one of the Pods {pods}"), pods=", ".join(self.pods)))
        if self.labels is not None:
            parts.append(Text(N_("a Pod labelled {labels}"), labels=labels_text(self.labels)))
        if self.container is not None:
            parts.append(Text(N_("container {container}"), container=self.container))
        if self.port is not None:
            parts.append(Text(N_("port {port}"), port=self.port))
        where = Text(N_("it arrives at {where}"), where=TextList(parts, ", ")) if parts else \
            Text(N_("it arrives"))
        if self.service is not None:
            where = Text(N_("{where}, through Service {service}"), where=where, service=self.service)
        if self.source_ip == "client":
            where = Text(N_("{where}, and the Pod sees the client's own source address"), where=where)
        elif self.source_ip == "node":
            where = Text(N_("{where}, and the Pod sees a node's address as the source (source NAT)"), where=where)
        return where


class ExpectParam(ParamType[Expectation]):
    """``expect: fail`` or ``{pod | pods | labels | port | container | fail, failure}``."""

    description = Text(N_("as described in docs/goals.md"))

    def parse(self, value: object, ref: Ref) -> Expectation:
        if value == "fail":
            return Expectation(fail=True)
        if not isinstance(value, Mapping) or not value:
            raise Invalid(Text(N_("reach goal: 'expect' must be 'fail' or a mapping such as {pod: web-1}, "
                                  "{pods: [...]}, {labels: {app: web}}, {port: 8080}")))
        problems: list[Text] = []
        for key, item in value.items():
            if key not in EXPECT_KEYS:
                problems.append(Text(N_("reach goal: unknown expect key {key} (allowed: {allowed})"), key=repr(key),
                                     allowed=", ".join(EXPECT_KEYS)))
            elif key in ("pod", "container", "failure", "service") and not is_name(item):
                problems.append(Text(N_("reach goal: expect.{key} must be a string"), key=key))
            elif key == "source_ip" and item not in SOURCE_IPS:
                problems.append(Text(N_("reach goal: expect.source_ip must be one of {choices}"),
                                     choices=", ".join(SOURCE_IPS)))
            elif key == "pods" and not (isinstance(item, list) and item
                                        and all(isinstance(v, str) and v for v in item)):
                problems.append(Text(N_("reach goal: expect.pods must be a non-empty list of Pod names")))
            elif key == "labels" and label_map(item) is None:
                problems.append(Text(N_("reach goal: expect.labels must be a mapping of label key to value")))
            elif key == "port" and not (is_int(item) and isinstance(item, int) and 1 <= item <= 65535):
                problems.append(Text(N_("reach goal: expect.port must be a port number")))
            elif key == "fail" and item is not True:
                problems.append(Text(N_("reach goal: expect.fail must be true")))
        if value.get("fail") and set(value) - {"fail", "failure"}:
            problems.append(Text(N_("reach goal: expect.fail cannot be combined with where the request should "
                                    "arrive")))
        if problems:
            raise Invalid(*problems)
        pods = value.get("pods")
        port = value.get("port")
        return Expectation(fail=value.get("fail") is True, failure=_str(value.get("failure")),
                           pod=_str(value.get("pod")), pods=tuple(pods) if isinstance(pods, list) else None,
                           labels=label_map(value.get("labels")), port=port if isinstance(port, int) else None,
                           container=_str(value.get("container")), service=_str(value.get("service")),
                           source_ip=_str(value.get("source_ip")))


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def recreated_owner(after: str) -> str | None:
    """``Deployment/web`` of ``recreate Deployment/web``; None when it is not that shape."""
    parts = after.split()
    if len(parts) == 2 and parts[0] == "recreate" and "/" in parts[1]:
        return parts[1]
    return None


class AfterParam(String):
    """``after: recreate Owner/name``."""

    def parse(self, value: object, ref: Ref) -> str:
        after = super().parse(value, ref)
        if recreated_owner(after) is None:
            raise Invalid(Text(N_("reach goal: 'after' must look like 'recreate Deployment/web', not {value}"),
                               value=repr(after)))
        return after


# --------------------------------------------------------------------------- the goal
@register
@dataclass(frozen=True, kw_only=True)
class Reach(Goal):
    kind: ClassVar[str] = "reach"

    source: Annotated[Source, SOURCE, Key("from")]
    #: ``host:port``, a URL, or ``$env:NAME`` (read from the source container)
    to: Annotated[str, NAME]
    expect: Annotated[Expectation, ExpectParam()]
    #: ``recreate Owner/name``: replace that owner's Pods (new names, new IPs) first
    after: Annotated[str | None, AfterParam()] = None
    failure: Annotated[str | None, NAME] = None
    #: which ready endpoint answers when several could (0: the first)
    pick: Annotated[int, INDEX] = 0

    @property
    def env(self) -> str | None:
        """The variable name of a ``$env:NAME`` destination."""
        return self.to[5:] if self.to.startswith("$env:") else None

    @property
    def expected_failure(self) -> str | None:
        return self.failure if self.failure is not None else self.expect.failure

    def problems(self) -> list[Text]:
        out: list[Text] = []
        if self.env is not None:
            if self.source.outside:
                out.append(Text(N_("reach goal: '$env:' needs a source Pod (its container's environment), not "
                                   "'outside'")))
            if not self.env.strip():
                out.append(Text(N_("reach goal: '$env:' must be followed by a variable name")))
        failure = self.expected_failure
        if failure is not None:
            if not self.expect.fail:
                out.append(Text(N_("reach goal: 'failure' only goes with expect: fail")))
            elif failure not in FAILURE_CODES:
                out.append(Text(N_("reach goal: unknown failure code {code} (known: {known})"), code=repr(failure),
                                known=", ".join(FAILURE_CODES)))
        return out

    # ------------------------------------------------------------------ describing
    def label(self) -> Text:
        env = self.env
        dest: Text | str = Text(N_("the address in ${name}"), name=env) if env is not None else self.to
        label = Text(N_("From {source}, a request to {destination}: {expect}"), source=self.source.label(),
                     destination=dest, expect=self.expect.label(self.expected_failure))
        if self.after:
            return Text(N_("{goal} (after: {after})"), goal=label, after=self.after)
        return label

    # ------------------------------------------------------------------ checking
    def check(self, ctx: Context) -> GoalResult:
        result = self._check(ctx)
        owner = recreated_owner(self.after) if self.after else None
        if owner and not result.passed and ctx.parse_error is None:
            # what "now:" and the feedback say is about the cluster after the rollout, not
            # the one in the panels (where the old Pod still has the address)
            when = Text(N_("after {owner} is recreated (new Pods, new addresses)"), owner=owner)
            if result.actual is not None:
                result.actual = Fmt("{when}: {actual}", when=when, actual=result.actual)
            for attr in ("feedback", "symptom"):
                said = getattr(result, attr)
                if said is not None:
                    setattr(result, attr, Fmt("{when}: {said}", when=Text(N_("After {owner} is recreated"),
                                                                          owner=owner), said=said))
        return result

    def _check(self, ctx: Context) -> GoalResult:
        from tutor.k8s.trace import trace as run_trace

        expect = self.expect
        expected = expect.label(self.expected_failure)
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        cluster = ctx.cluster
        owner = recreated_owner(self.after) if self.after else None
        if owner:
            cluster = cluster.recreate(owner)
        trace = run_trace(cluster, trace_source(self.source), self.to, pick=self.pick)
        destination = self._shown_destination(trace)
        result = _arrival(trace)
        actual = Fmt("{destination} → {result}", destination=destination, result=result)
        if expect.fail:
            failure = self.expected_failure
            if trace.ok:
                cause: Text = Text(N_("The request to {destination} still gets through: {path}. It should "
                                      "fail."), destination=destination, path=_path(trace))
                notes = _why_through(trace)
                if notes:
                    cause = Fmt("{cause} {notes}", cause=cause, notes=TextList(notes, " "))
                return self.failed(cause, expected, actual,
                                   symptom=Text(N_("The request to {destination} still gets through: it {arrival}."),
                                                destination=destination, arrival=_arrival(trace)))
            if failure and trace.failure != failure:
                return self.failed(Text(N_("The request fails, but for another reason: {reason}"),
                                        reason=trace.failure_text or trace.failure or "?"), expected, actual)
            return self.passed(expected, actual)
        if not trace.ok:
            reason = trace.failure_text or Text(N_("it fails ({code})"), code=trace.failure or "?")
            seen = SYMPTOM_TEXTS.get(trace.symptom or "")
            return self.failed(Text(N_("The request from {source} to {destination} does not arrive: {reason}"),
                                    source=self.source.label(), destination=destination, reason=reason),
                               expected, actual,
                               symptom=Text(N_("From {source}, a request to {destination} fails: {seen}."),
                                            source=self.source.label(), destination=destination, seen=Text(seen))
                               if seen else None,
                               fix=trace.suggestion)
        problems: list[Text | str] = []
        #: the same, as the learner would see them (without the why), where that differs;
        #: parts that only say why are left out of the symptom
        seen_parts: dict[int, Text] = {}
        why_only: set[int] = set()
        fix: Text | None = None
        pod_name = trace.pod.name if trace.pod is not None else None
        if expect.pod is not None and pod_name != expect.pod:
            problems.append(Text(N_("It arrives at Pod {actual}, not at Pod {expected}."), actual=pod_name or "-",
                                 expected=expect.pod))
        if expect.pods is not None and pod_name not in expect.pods:
            problems.append(Text(N_("It arrives at Pod {actual}, which is not one of {expected}."),
                                 actual=pod_name or "-", expected=", ".join(expect.pods)))
        if expect.labels is not None:
            labels = trace.pod.labels if trace.pod is not None else {}
            if any(labels.get(k) != v for k, v in expect.labels.items()):
                problems.append(Text(N_("It arrives at Pod {actual}, which is not labelled {labels}."),
                                     actual=pod_name or "-", labels=labels_text(expect.labels)))
        if expect.container is not None and trace.container != expect.container:
            problems.append(Text(N_("It arrives at container {actual}, not at {expected}."),
                                 actual=trace.container or "-", expected=expect.container))
        if expect.port is not None and trace.port != expect.port:
            problems.append(Text(N_("It arrives at port {actual}, not at port {expected}."),
                                 actual=trace.port or "-", expected=expect.port))
        if expect.service is not None:
            through = trace.service
            name = expect.service.rsplit("/", 1)[-1]
            namespace = expect.service.split("/", 1)[0] if "/" in expect.service else None
            if through is None or through.name != name or (namespace is not None and through.namespace != namespace):
                if through is None:
                    problems.append(Text(N_("It does not go through a Service, so it depends on one Pod's address.")))
                else:
                    problems.append(Text(N_("It goes through Service {actual}, not through {expected}."),
                                         actual=f"{through.namespace}/{through.name}" if namespace is not None
                                         else through.name, expected=expect.service))
        if expect.source_ip is not None:
            seen, client = trace.source_ip, trace.client_ip
            if expect.source_ip == "client" and seen != client:
                seen_parts[len(problems)] = Text(N_("The Pod sees the source address {seen}, not the client's own "
                                                    "{client}."), seen=seen or "-", client=client or "-")
                problems.append(Text(N_("The Pod sees the source address {seen}, a node's address after source NAT, "
                                        "not the client's own {client}."), seen=seen or "-", client=client or "-"))
                svc = trace.service
                if svc is not None and svc.external_traffic_policy == "Cluster" and self.source.outside:
                    why_only.add(len(problems))
                    problems.append(Text(N_("With externalTrafficPolicy: Cluster, the node that takes external "
                                            "traffic replaces the client's address with its own, even when the "
                                            "Pod runs on that node.")))
                    fix = Text(N_("Set externalTrafficPolicy: Local on Service {service}."), service=svc.name)
            if expect.source_ip == "node" and seen == client:
                problems.append(Text(N_("The Pod sees the client's own address {client}: no source NAT happened."),
                                     client=client or "-"))
        if problems:
            symptom = TextList([seen_parts.get(i, p) for i, p in enumerate(problems) if i not in why_only], " ") \
                if seen_parts or why_only else None
            return self.failed(TextList(problems, " "), expected, actual, fix=fix, symptom=symptom)
        return self.passed(expected, actual)

    def _shown_destination(self, trace: Trace) -> Text | str:
        """``$NAME = value`` for an env destination, else the destination as written."""
        env = self.env
        if env is not None and trace.destination and trace.destination != self.to:
            return Fmt("${name} = {value}", name=env.strip(), value=trace.destination)
        if env is not None:
            return "$" + env.strip()  # (the variable, as a shell writes it; never the lesson's $env: notation)
        return self.to

    def references(self, refs: References) -> None:
        if self.source.pod is not None:
            refs.pod(self.source.pod, self.source.namespace)
        named = ([self.expect.pod] if self.expect.pod is not None else []) + list(self.expect.pods or ())
        owner = recreated_owner(self.after) if self.after else None
        refs.arrival_pods(named, owner)


#: what the client sees of a failed request (``Trace.symptom``), as a msgid
SYMPTOM_TEXTS = {
    "refused": N_("the connection is refused"),
    "timeout": N_("the connection times out"),
    "unresolved": N_("the name does not resolve"),
}


def _why_through(trace: Trace) -> list[Text]:
    """Why a request that should fail gets through, specific to the Service's settings
    on its path (a setting that does not do what it seems to)."""
    svc = trace.service
    if svc is None:
        return []
    external = trace.source.external
    kinds = {hop.kind for hop in trace.hops}
    notes: list[Text] = []
    if external and svc.internal_traffic_policy == "Local":
        notes.append(Text(N_("internalTrafficPolicy: Local only applies to traffic from inside the cluster to the "
                             "cluster IP; this request comes from outside, so externalTrafficPolicy "
                             "({policy}) decides."), policy=svc.external_traffic_policy or "Cluster"))
    if external and svc.external_traffic_policy == "Cluster" and "nodeport" in kinds:
        notes.append(Text(N_("With externalTrafficPolicy: Cluster, every node takes external traffic on the "
                             "node port and passes it on to a Pod on any node.")))
    own_node = next((hop for hop in trace.hops if hop.kind == "policy" and hop.detail.get("own_node")), None)
    if own_node is not None:
        notes.append(Text(N_("After source NAT the connection comes from node {node}'s own address, and NetworkPolicy "
                             "always allows traffic from a Pod's own node: on this path it gets in whoever sent it."),
                          node=trace.pod.node if trace.pod is not None else "-"))
    if svc.session_affinity == "ClientIP":
        notes.append(Text(N_("sessionAffinity: ClientIP only sends a client back to the same Pod; it does not "
                             "decide which nodes take traffic.")))
    if external and svc.type in ("NodePort", "LoadBalancer") and "nodeport" in kinds and \
            svc.external_traffic_policy != "Local":
        notes.append(Text(N_("A {type} Service opens its node port on every node."), type=svc.type))
    return notes


def _path(trace: Trace) -> Text:
    """How a request that should fail got through: where it entered, where a node passed
    it on, where it arrived (the symptom, not the fix)."""
    parts: list[Text | str] = []
    for hop in trace.hops:
        d = hop.detail
        if hop.kind == "nodeport":
            parts.append(Text(N_("node {node} accepts it on node port {node_port}"), node=d.get("node", "-"),
                              node_port=d.get("node_port", "-")))
        elif hop.kind == "loadbalancer" and d.get("node"):
            parts.append(Text(N_("the load balancer sends it to node {node}"), node=d["node"]))
        elif hop.kind == "vip":
            parts.append(Text(N_("Service {service} takes it"), service=d.get("service", "-")))
        elif hop.kind == "node" and d.get("crossing"):
            parts.append(Text(N_("node {from_node} passes it on to node {to_node}"), from_node=d.get("from", "-"),
                              to_node=d.get("to", "-")))
    parts.append(_arrival(trace))
    return TextList(parts, "; ")


def _arrival(trace: Trace) -> Text:
    """How the trace ends, in learner terms."""
    if trace.ok:
        if trace.pod is None:  # e.g. an ExternalName: the client leaves the simulated cluster
            return Text(N_("leaves the cluster for {host}"), host=trace.cname or "?")
        if trace.container:
            return Text(N_("arrives at Pod {pod}, container {container}, port {port}"), pod=trace.pod.name,
                        container=trace.container, port=trace.port)
        return Text(N_("arrives at Pod {pod}, port {port}"), pod=trace.pod.name, port=trace.port)
    if trace.failure_text is not None:
        return Text(N_("fails: {reason}"), reason=trace.failure_text)
    return Text(N_("fails ({code})"), code=trace.failure or "?")
