"""``dns``: the simulated cluster DNS answers a name, asked from a Pod, in this shape (a
cluster IP, Pod IPs, a CNAME, or NXDOMAIN)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback, trace_source
from tutor.lessons.goals.params import NAME, SOURCE, Invalid, Key, ParamType, Ref, Source, is_name
from tutor.lessons.goals.texts import Fmt

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.cluster import Cluster
    from tutor.lessons.goals.context import Context

Shape = Literal["nxdomain", "cname", "pod_ips", "cluster_ip"]


@dataclass(frozen=True)
class DnsExpectation:
    """The shape of the answer a ``dns`` goal wants (``host`` for a CNAME)."""

    shape: Shape
    host: str | None = None

    def label(self) -> Text:
        if self.shape == "cname":
            return Text(N_("a CNAME to {host}"), host=self.host)
        if self.shape == "pod_ips":
            return Text(N_("the IP addresses of the ready Pods"))
        if self.shape == "cluster_ip":
            return Text(N_("the Service's cluster IP"))
        return Text(N_("NXDOMAIN (no such name)"))


class DnsExpectParam(ParamType[DnsExpectation]):
    """``expect: nxdomain``, ``{cname: host}``, ``{pod_ips: true}`` or ``{cluster_ip: true}``."""

    description = Text(N_("as described in docs/goals.md"))

    def parse(self, value: object, ref: Ref) -> DnsExpectation:
        if value == "nxdomain":
            return DnsExpectation("nxdomain")
        if isinstance(value, Mapping) and len(value) == 1:
            key, item = next(iter(value.items()))
            if key == "cname" and is_name(item):
                return DnsExpectation("cname", str(item))
            if key == "pod_ips" and item is True:
                return DnsExpectation("pod_ips")
            if key == "cluster_ip" and item is True:
                return DnsExpectation("cluster_ip")
        raise Invalid(Text(N_("dns goal: 'expect' must be nxdomain, {cname: host}, {pod_ips: true} or "
                              "{cluster_ip: true}")))


@register
@dataclass(frozen=True, kw_only=True)
class Dns(Goal):
    kind: ClassVar[str] = "dns"

    source: Annotated[Source, SOURCE, Key("from")]
    name: Annotated[str, NAME]
    expect: Annotated[DnsExpectation, DnsExpectParam()]

    def label(self) -> Text:
        return Text(N_("From {source}, the DNS name {name} answers {answer}"), source=self.source.label(),
                    name=self.name, answer=self.expect.label())

    def check(self, ctx: Context) -> GoalResult:
        expected = self.expect.label()
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        answer = dns_answer(ctx.cluster, self.source, self.name)
        actual = answer.describe()
        shape = self.expect.shape
        if shape == "nxdomain":
            ok = answer.nxdomain
        elif shape == "cname":
            ok = answer.cname is not None and answer.cname.rstrip(".") == str(self.expect.host).rstrip(".")
        else:
            ok = answer.kind == shape
        if ok:
            return self.passed(expected, actual)
        feedback = Text(N_("DNS answers {actual} for {name}; it should answer {expected}."), actual=actual,
                        name=self.name, expected=expected)
        if answer.why is not None:
            feedback = Fmt("{feedback} {why}", feedback=feedback, why=answer.why)
        return self.failed(feedback, expected, actual)

    def references(self, refs: References) -> None:
        if self.source.pod is not None:
            refs.pod(self.source.pod, self.source.namespace)


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


def dns_answer(cluster: Cluster, source: Source, name: str) -> DnsAnswer:
    """What the cluster DNS answers ``source`` for ``name`` (through an engine trace)."""
    from tutor.k8s.trace import trace as run_trace

    trace = run_trace(cluster, trace_source(source), name)
    if trace.failure == "nxdomain":
        return DnsAnswer(nxdomain=True, why=trace.failure_text)
    if trace.cname:
        return DnsAnswer(cname=str(trace.cname), kind="cname")
    if trace.failure == "outside_cluster":
        return DnsAnswer(kind="external", why=trace.failure_text)
    addresses = [str(a) for a in (trace.dns_answer or [])]
    service = trace.service
    if not addresses:
        return DnsAnswer(why=trace.failure_text)
    if service is not None and service.headless:
        return DnsAnswer(kind="pod_ips", addresses=addresses)
    if service is not None and addresses == [service.cluster_ip]:
        return DnsAnswer(kind="cluster_ip", addresses=addresses)
    if all(cluster.pod_by_ip(a) is not None for a in addresses):
        return DnsAnswer(kind="pod_ips", addresses=addresses)
    return DnsAnswer(addresses=addresses)
