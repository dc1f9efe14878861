"""NetworkPolicy goals: ``allowed`` / ``denied`` (the policy verdict for a connection
from one Pod to another on a port) and ``isolated`` (a Pod is, or is not, isolated in a
direction). Checked against :mod:`tutor.k8s.netpol` on the cluster with the editor text
applied (its valid policies and Namespaces, the exercise's own policies)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback
from tutor.lessons.goals.params import FLAG, NAME, Key, OneOf, ParamType, Ref, is_int, is_name
from tutor.lessons.goals.texts import TextList

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.model import Pod
    from tutor.k8s.netpol.engine import Network
    from tutor.lessons.goals.context import Context

PROTOCOLS = ("TCP", "UDP", "SCTP")
DIRECTIONS = ("Ingress", "Egress")


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class PodRef:
    """A Pod as a goal names it: ``web``, ``shop/web`` or ``{pod: web, namespace: shop}``."""

    pod: str
    namespace: str = "default"

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.pod}"

    def label(self) -> Text:
        if self.namespace == "default":
            return Text(N_("Pod {pod}"), pod=self.pod)
        return Text(N_("Pod {pod} (namespace {namespace})"), pod=self.pod, namespace=self.namespace)


class PodRefParam(ParamType[PodRef]):
    description = Text(N_("a Pod name, namespace/name, or a mapping {pod, namespace?}"))

    def parse(self, value: object, ref: Ref) -> PodRef:
        if isinstance(value, str) and is_name(value):
            namespace, _, name = value.strip().rpartition("/")
            if name and "/" not in namespace:
                return PodRef(name, namespace or "default")
        elif isinstance(value, Mapping) and set(value) <= {"pod", "namespace"} and is_name(value.get("pod")) \
                and (value.get("namespace") is None or is_name(value.get("namespace"))):
            return PodRef(str(value["pod"]), str(value.get("namespace") or "default"))
        raise self.wrong(value, ref)


@dataclass(frozen=True)
class PortRef:
    port: int
    protocol: str = "TCP"

    def __str__(self) -> str:
        return f"{self.port}/{self.protocol}"


class PortRefParam(ParamType[PortRef]):
    """``8080`` (TCP) or ``"53/UDP"``."""

    description = Text(N_("a port number, or NUMBER/PROTOCOL such as 53/UDP"))

    def parse(self, value: object, ref: Ref) -> PortRef:
        port: object = value
        protocol = "TCP"
        if isinstance(value, str) and "/" in value:
            number, _, protocol = value.partition("/")
            port = int(number) if number.strip().isdigit() and number.strip().isascii() else None
            protocol = protocol.strip()
        if not is_int(port) or not isinstance(port, int) or not 1 <= port <= 65535 or protocol not in PROTOCOLS:
            raise self.wrong(value, ref)
        return PortRef(port, protocol)


POD_REF = PodRefParam()
PORT_REF = PortRefParam()


# --------------------------------------------------------------------------- shared
def _network(ctx: Context) -> Network:
    from tutor.k8s.trace import network_of

    return network_of(ctx.cluster)


def _find(net: Network, ref: PodRef, cluster_pod: Pod | None) -> Pod | Text:
    """The probed Pod ``ref``, or why there is none (in learner terms)."""
    pod = net.pod(ref.key)
    if pod is not None:
        return pod
    if cluster_pod is None:
        return Text(N_("There is no Pod named {pod} in namespace {namespace}."), pod=ref.pod,
                    namespace=ref.namespace)
    skipped = next((s for s in net.skipped if s.pod.name == ref.pod and s.pod.namespace == ref.namespace), None)
    reason = skipped.reason if skipped is not None else Text(N_("it is not running"))
    return Text(N_("Pod {pod} cannot take part in a connection: {reason}."), pod=ref.pod, reason=reason)


@dataclass(frozen=True, kw_only=True)
class _Connection(Goal):
    """A connection ``from`` -> ``to`` on ``port``: its NetworkPolicy verdict."""

    allowed: ClassVar[bool]

    source: Annotated[PodRef, POD_REF, Key("from")]
    to: Annotated[PodRef, POD_REF]
    port: Annotated[PortRef, PORT_REF]

    def _what(self) -> Text:
        return Text(N_("{source} → {destination} on {port}"), source=self.source.label(),
                    destination=self.to.label(), port=str(self.port))

    def label(self) -> Text:
        if self.allowed:
            return Text(N_("NetworkPolicy allows {connection}"), connection=self._what())
        return Text(N_("NetworkPolicy denies {connection}"), connection=self._what())

    def check(self, ctx: Context) -> GoalResult:
        expected = Text(N_("allowed")) if self.allowed else Text(N_("denied"))
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        net = _network(ctx)
        found = []
        for ref in (self.source, self.to):
            pod = _find(net, ref, ctx.cluster.pod(ref.pod, ref.namespace))
            if isinstance(pod, Text):
                return self.failed(pod, expected)
            found.append(pod)
        verdict = net.verdict(found[0], found[1], self.port.port, self.port.protocol)
        actual = Text(N_("allowed")) if verdict.allowed else Text(N_("denied"))
        if verdict.allowed == self.allowed:
            return self.passed(expected, actual)
        if self.allowed:
            return self.failed(Text(N_("The connection is denied: {reason}."), reason=verdict.reason), expected, actual)
        if verdict.self_connection:
            reason: Text = verdict.reason
        else:  # (the verdict's own reason starts with "allowed:", which this sentence says already)
            reason = Text(N_("{egress}; {ingress}"), egress=verdict.egress.reason, ingress=verdict.ingress.reason)
        return self.failed(Text(N_("The connection is still allowed: {reason}."), reason=reason), expected, actual)

    def references(self, refs: References) -> None:
        refs.pod(self.source.pod, self.source.namespace)
        refs.pod(self.to.pod, self.to.namespace)


@register
@dataclass(frozen=True, kw_only=True)
class Allowed(_Connection):
    kind: ClassVar[str] = "allowed"
    allowed: ClassVar[bool] = True


@register
@dataclass(frozen=True, kw_only=True)
class Denied(_Connection):
    kind: ClassVar[str] = "denied"
    allowed: ClassVar[bool] = False


# --------------------------------------------------------------------------- isolated
@register
@dataclass(frozen=True, kw_only=True)
class Isolated(Goal):
    """``pod`` is isolated (``isolated: false``: not isolated) for ``direction``: at least
    one NetworkPolicy of its namespace selects it with that direction in ``policyTypes``."""

    kind: ClassVar[str] = "isolated"

    pod: Annotated[str, NAME]
    direction: Annotated[str, OneOf(*DIRECTIONS)]
    namespace: Annotated[str, NAME] = "default"
    isolated: Annotated[bool, FLAG] = True

    def _ref(self) -> PodRef:
        return PodRef(self.pod, self.namespace)

    def label(self) -> Text:
        pod = self._ref().label()
        if self.direction == "Ingress":
            return (Text(N_("{pod} is isolated for ingress"), pod=pod) if self.isolated
                    else Text(N_("{pod} is not isolated for ingress"), pod=pod))
        return (Text(N_("{pod} is isolated for egress"), pod=pod) if self.isolated
                else Text(N_("{pod} is not isolated for egress"), pod=pod))

    def check(self, ctx: Context) -> GoalResult:
        expected = Text(N_("isolated")) if self.isolated else Text(N_("not isolated"))
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        net = _network(ctx)
        pod = _find(net, self._ref(), ctx.cluster.pod(self.pod, self.namespace))
        if isinstance(pod, Text):
            return self.failed(pod, expected)
        isolating = net.isolating(pod, self.direction)
        names = ", ".join(p.key for p in isolating)
        actual = (Text(N_("isolated by {policies}"), policies=names) if isolating else Text(N_("not isolated")))
        if bool(isolating) == self.isolated:
            return self.passed(expected, actual)
        if isolating:
            return self.failed(Text(N_("{pod} is isolated by {policies}: its podSelector selects the Pod and its "
                                       "policyTypes include {direction}."), pod=self._ref().label(),
                                    direction=self.direction, policies=names), expected, actual)
        if pod.host_network:
            return self.failed(Text(N_("{pod} uses the node's network (hostNetwork): NetworkPolicy does not apply to "
                                       "it."), pod=self._ref().label()), expected, actual)
        return self.failed(self._why_not(net, pod), expected, actual)

    def _why_not(self, net: Network, pod: Pod) -> Text:
        """No policy isolates the Pod: what each policy of its namespace does instead."""
        reasons: list[Text | str] = []
        for policy in net.policies:
            if policy.namespace != pod.namespace:
                continue
            if not policy.pod_selector.matches(pod.labels):
                reasons.append(Text(N_("{policy}: its podSelector {selector} does not select it ({term} does not "
                                       "hold)"), policy=policy.key, selector=str(policy.pod_selector),
                                    term=policy.pod_selector.first_failure(pod.labels) or "?"))
            elif not policy.applies(self.direction):
                reasons.append(Text(N_("{policy}: it selects the Pod, but its policyTypes ({types}) do not include "
                                       "{direction}"), policy=policy.key, types=", ".join(policy.policy_types),
                                    direction=self.direction))
        if not reasons:
            if self.direction == "Ingress":
                return Text(N_("No NetworkPolicy of namespace {namespace} selects {pod} with Ingress in its "
                               "policyTypes, so every connection into it is allowed."), namespace=pod.namespace,
                            pod=self._ref().label())
            return Text(N_("No NetworkPolicy of namespace {namespace} selects {pod} with Egress in its policyTypes, so "
                           "every connection it opens is allowed."), namespace=pod.namespace, pod=self._ref().label())
        return Text(N_("No NetworkPolicy isolates {pod} with {direction} in its policyTypes: {reasons}."),
                    pod=self._ref().label(), direction=self.direction, reasons=TextList(reasons, "; "))

    def references(self, refs: References) -> None:
        refs.pod(self.pod, self.namespace)


__all__ = ["Allowed", "Denied", "Isolated", "PodRef", "PortRef"]
