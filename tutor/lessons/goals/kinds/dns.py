"""``dns``: a name, looked up from a Pod, gets an answer of this shape: a cluster IP, the
Pod IPs of a headless Service, one Pod's address, given Pods' addresses, an address, a
CNAME, SRV records (port, targets), or NXDOMAIN; optionally after exactly so many
lookups (the search list and ``ndots``). The lookup is the engine's
(:func:`tutor.k8s.dns.lookup`): the Pod's resolver, then the cluster DNS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback
from tutor.lessons.goals.params import NAME, SOURCE, Invalid, Key, ParamType, Ref, Source, is_int, is_name
from tutor.lessons.goals.texts import Fmt, TextList

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.dns import Lookup
    from tutor.k8s.model import Pod
    from tutor.lessons.goals.context import Context

#: the answer shapes (``expect`` keys); ``lookups`` may go with any of them, or alone
SHAPES = ("cname", "pod_ips", "cluster_ip", "srv", "pod", "pods", "ip")


@dataclass(frozen=True)
class DnsExpectation:
    """The answer a ``dns`` goal wants: ``shape`` (one of :data:`SHAPES`, ``nxdomain``,
    or None when only ``lookups`` is given) and its details."""

    shape: str | None
    host: str | None = None
    #: srv: every record's port; its targets (the set), when given
    port: int | None = None
    targets: tuple[str, ...] | None = None
    #: pod / pods: the Pods whose addresses the answer holds (in ``namespace``, default
    #: the source Pod's); ip: the address
    pods: tuple[str, ...] | None = None
    namespace: str | None = None
    ip: str | None = None
    #: how many names the resolver asks, up to the answer
    lookups: int | None = None

    def label(self) -> Text:
        parts: list[Text | str] = []
        if self.shape == "cname":
            parts.append(Text(N_("a CNAME to {host}"), host=self.host))
        elif self.shape == "pod_ips":
            parts.append(Text(N_("the IP addresses of the ready Pods")))
        elif self.shape == "cluster_ip":
            parts.append(Text(N_("the Service's cluster IP")))
        elif self.shape == "nxdomain":
            parts.append(Text(N_("NXDOMAIN (no such name)")))
        elif self.shape == "srv":
            if self.port is not None and self.targets is not None:
                parts.append(Text(N_("SRV records with port {port} and targets {targets}"), port=self.port,
                                  targets=", ".join(self.targets)))
            elif self.port is not None:
                parts.append(Text(N_("SRV records with port {port}"), port=self.port))
            else:
                parts.append(Text(N_("SRV records with targets {targets}"), targets=", ".join(self.targets or ())))
        elif self.shape == "pod":
            parts.append(Text(N_("the address of Pod {pod} alone"), pod=(self.pods or ("?",))[0]))
        elif self.shape == "pods":
            parts.append(Text(N_("the addresses of the Pods {pods}"), pods=", ".join(self.pods or ())))
        elif self.shape == "ip":
            parts.append(Text(N_("the address {ip}"), ip=self.ip))
        if self.lookups is not None:
            parts.append(Text(N_("after {n} lookups"), n=self.lookups) if self.lookups != 1
                         else Text(N_("with a single lookup")))
        return TextList(parts, ", ")


def _names(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(is_name(v) for v in value):
        return tuple(str(v).strip().lower().rstrip(".") for v in value)
    return None


class DnsExpectParam(ParamType[DnsExpectation]):
    """``expect: nxdomain``, or a mapping with one shape key (and/or ``lookups``)."""

    description = Text(N_("as described in docs/goals.md"))

    def parse(self, value: object, ref: Ref) -> DnsExpectation:
        if value == "nxdomain":
            return DnsExpectation("nxdomain")
        wrong = Invalid(Text(N_("dns goal: 'expect' must be nxdomain, or a mapping with one of {shapes} (and/or "
                                "lookups: N), as described in docs/goals.md"), shapes=", ".join(SHAPES)))
        if not isinstance(value, Mapping) or not value:
            raise wrong
        keys = set(value)
        shapes = [k for k in SHAPES if k in keys]
        if len(shapes) > 1 or keys - set(SHAPES) - {"lookups", "namespace", "nxdomain"}:
            raise wrong
        lookups = value.get("lookups")
        if lookups is not None and not (is_int(lookups) and isinstance(lookups, int) and 1 <= lookups <= 20):
            raise Invalid(Text(N_("dns goal: expect.lookups must be a whole number from 1 to 20")))
        count = lookups if isinstance(lookups, int) else None
        namespace = value.get("namespace")
        if namespace is not None and (not is_name(namespace) or not shapes or shapes[0] not in ("pod", "pods")):
            raise Invalid(Text(N_("dns goal: expect.namespace goes with pod or pods, and names a namespace")))
        if value.get("nxdomain") is True and not shapes:
            return DnsExpectation("nxdomain", lookups=count)
        if "nxdomain" in keys:
            raise wrong
        if not shapes:
            if count is None:
                raise wrong
            return DnsExpectation(None, lookups=count)
        shape = shapes[0]
        item = value[shape]
        if shape == "cname" and is_name(item):
            return DnsExpectation("cname", host=str(item).strip().rstrip("."), lookups=count)
        if shape in ("pod_ips", "cluster_ip") and item is True:
            return DnsExpectation(shape, lookups=count)
        if shape == "pod" and is_name(item):
            return DnsExpectation("pod", pods=(str(item),), namespace=_opt(namespace), lookups=count)
        if shape == "pods" and _names(item) is not None:
            assert isinstance(item, list)
            return DnsExpectation("pods", pods=tuple(str(v) for v in item), namespace=_opt(namespace),
                                  lookups=count)
        if shape == "ip" and is_name(item):
            return DnsExpectation("ip", ip=str(item).strip(), lookups=count)
        if shape == "srv" and isinstance(item, Mapping) and item and set(item) <= {"port", "targets"}:
            port = item.get("port")
            targets = item.get("targets")
            if port is not None and not (is_int(port) and isinstance(port, int) and 1 <= port <= 65535):
                raise Invalid(Text(N_("dns goal: expect.srv.port must be a port number")))
            if targets is not None and _names(targets) is None:
                raise Invalid(Text(N_("dns goal: expect.srv.targets must be a non-empty list of host names")))
            return DnsExpectation("srv", port=port if isinstance(port, int) else None, targets=_names(targets),
                                  lookups=count)
        raise wrong


def _opt(value: object) -> str | None:
    return str(value) if isinstance(value, str) else None


@register
@dataclass(frozen=True, kw_only=True)
class Dns(Goal):
    kind: ClassVar[str] = "dns"

    source: Annotated[Source, SOURCE, Key("from")]
    #: the name, or ``$env:NAME`` (the host of the value of env var NAME in the source container)
    name: Annotated[str, NAME]
    expect: Annotated[DnsExpectation, DnsExpectParam()]

    @property
    def qtype(self) -> str:
        return "SRV" if self.expect.shape == "srv" else "A"

    def problems(self) -> list[Text]:
        if self.name.startswith("$env:") and self.source.outside:
            return [Text(N_("dns goal: '$env:' needs a source Pod (its container's environment), not 'outside'"))]
        return []

    def _shown_name(self) -> Text | str:
        if self.name.startswith("$env:"):
            return Text(N_("the host in ${name}"), name=self.name[5:])
        return self.name

    def label(self) -> Text:
        return Text(N_("From {source}, the DNS name {name} answers {answer}"), source=self.source.label(),
                    name=self._shown_name(), answer=self.expect.label())

    def check(self, ctx: Context) -> GoalResult:
        from tutor.k8s.dns import lookup

        expected = self.expect.label()
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        cluster = ctx.cluster
        pod: Pod | None = None
        namespace = self.source.namespace
        if self.source.pod is not None:
            pod = cluster.pod(self.source.pod, self.source.namespace)
            if pod is None:
                return self.failed(Text(N_("There is no Pod {pod} in namespace {namespace} to look the name up "
                                           "from."), pod=self.source.pod, namespace=self.source.namespace), expected)
        name = self.name
        if name.startswith("$env:"):
            found = _env_host(pod, self.source.container, name[5:])
            if isinstance(found, Text):
                return self.failed(found, expected)
            name = found
        shown: Text | str = name if name == self.name else Fmt("${env} = {name}", env=self.name[5:], name=name)
        if self.source.outside:
            result = _outside(cluster, name, self.qtype)
        else:
            result = lookup(cluster, pod, namespace, name, self.qtype)
        actual = describe(result, cluster)
        if self.expect.lookups is not None and not result.nxdomain:
            actual = Fmt("{answer} ({lookups})", answer=actual,
                         lookups=Text(N_("after {n} lookups"), n=result.lookups) if result.lookups != 1
                         else Text(N_("with a single lookup")))
        problems = self._compare(result, cluster, pod)
        if not problems:
            return self.passed(expected, actual)
        cause: list[Text | str] = []
        fix = result.suggestion
        if "answer" in problems:
            cause.append(Text(N_("DNS answers {actual} for {name}; it should answer {expected}."),
                              actual=describe(result, cluster), name=shown, expected=expected))
            if result.why is not None and result.nxdomain:
                cause.append(Fmt("({why})", why=result.why))
        if "lookups" in problems:
            cause.append(_lookups_text(result))
            if self.expect.lookups == 1 and result.lookups > 1:
                fix = Text(N_("End the name with a dot ({name}.) so the resolver asks it as it is, once; or lower "
                              "ndots in the Pod's dnsConfig."), name=name.rstrip("."))
        symptom = Text(N_("From {source}, a lookup of {name} answers {actual}."), source=self.source.label(),
                       name=shown, actual=describe(result, cluster))
        if problems == ["lookups"]:
            symptom = Text(N_("From {source}, a lookup of {name} asks {n} names."), source=self.source.label(),
                           name=shown, n=result.lookups)  # (names, not queries: each name is an A and an AAAA query)
        return self.failed(TextList(cause, " "), expected, actual, symptom=symptom, fix=fix)

    def _compare(self, result: Lookup, cluster: Cluster, pod: Pod | None) -> list[str]:
        """What differs from the expectation (``answer``, ``lookups``); [] when nothing."""
        want = self.expect
        out: list[str] = []
        if want.lookups is not None and (result.nxdomain or result.lookups != want.lookups):
            out.append("lookups")
        shape = want.shape
        ok = True
        if shape == "nxdomain":
            ok = result.nxdomain
        elif shape == "cname":
            ok = result.kind == "cname" and bool(result.records) and \
                result.records[0].value.rstrip(".").lower() == str(want.host).rstrip(".").lower()
        elif shape == "pod_ips":
            ok = result.kind == "headless"
        elif shape == "cluster_ip":
            ok = result.kind == "service"
        elif shape == "srv":
            records = [r for r in result.records if r.type == "SRV"]
            ok = result.kind == "srv" and bool(records)
            if ok and want.port is not None:
                ok = all(r.port == want.port for r in records)
            if ok and want.targets is not None:
                ok = {r.value.lower().rstrip(".") for r in records} == set(want.targets)
        elif shape in ("pod", "pods"):
            namespace = want.namespace or (pod.namespace if pod is not None else self.source.namespace)
            pods = [cluster.pod(p, namespace) for p in want.pods or ()]
            ips = {p.ip for p in pods if p is not None and p.ip}
            ok = bool(ips) and len(ips) == len(pods) and set(result.addresses) == ips and not result.nxdomain
        elif shape == "ip":
            ok = result.addresses == [want.ip]
        if result.kind == "literal" and shape is not None:
            ok = False  # an IP address is no name: DNS answers nothing for it
        if not ok:
            out.append("answer")
        return out

    def references(self, refs: References) -> None:
        if self.source.pod is not None:
            refs.pod(self.source.pod, self.source.namespace)
        if self.expect.shape in ("pod", "pods"):
            for name in self.expect.pods or ():
                refs.pod(name, self.expect.namespace or self.source.namespace)


def _env_host(pod: Pod | None, container: str | None, variable: str) -> str | Text:
    """The host of the value of env var ``variable`` in the source container."""
    from tutor.k8s.trace import parse_destination

    if pod is None:
        return Text(N_("'$env:' needs a source Pod"))
    chosen = next((c for c in pod.containers if c.name == container), None) if container else \
        (pod.containers[0] if pod.containers else None)
    if chosen is None or variable not in chosen.env:
        return Text(N_("container {container} of Pod {pod} has no environment variable {name}"),
                    container=container or (chosen.name if chosen else "-"), pod=pod.name, name=variable)
    dest = parse_destination(chosen.env[variable])
    if dest.kind in ("bad", "env") or not dest.host:
        return Text(N_("{name}={value} holds no host name"), name=variable, value=chosen.env[variable])
    return dest.host


def _outside(cluster: Cluster, name: str, qtype: str) -> Lookup:
    """A client outside the cluster: public DNS, which has none of the cluster's names."""
    from tutor.k8s.dns import Lookup, ResolvConf, in_cluster_domain

    result = Lookup(name=name.rstrip("."), qtype=qtype, conf=ResolvConf("Default", (), 1, False),
                    tried=[name.rstrip(".")])
    if in_cluster_domain(cluster, name):
        result.why = Text(N_("cluster DNS only answers inside the cluster"))
    else:
        result.kind, result.fqdn = "upstream", name.rstrip(".")
    return result


def _lookups_text(result: Lookup) -> Text:
    """How the search list and ndots led to these lookups."""
    name = result.name
    return Text(N_("{name} has {dots} dots; with ndots:{ndots} the resolver asked {n} names: {tried}."),
                name=name, dots=name.count("."), ndots=result.conf.ndots, n=result.lookups,
                tried=", ".join(result.tried) or "-")


def describe(result: Lookup, cluster: Cluster) -> Text:
    """The answer in learner terms."""
    if result.kind == "upstream":
        return Text(N_("an answer from DNS outside the cluster"))
    if result.kind == "literal":
        return Text(N_("the address itself (an IP address is not looked up)"))
    if result.kind == "empty":
        return Text(N_("no records (a headless Service without ready endpoints)"))
    if result.nxdomain:
        return Text(N_("NXDOMAIN (no such name)"))
    if result.kind == "cname":
        return Text(N_("a CNAME to {host}"), host=result.records[0].value if result.records else "?")
    if result.kind == "srv":
        records = [r for r in result.records if r.type == "SRV"]
        return Text(N_("SRV records {records}"), records=", ".join(f"{r.port} {r.value}" for r in records))
    addresses = ", ".join(result.addresses)
    if result.kind == "service":
        return Text(N_("the cluster IP {ip}"), ip=addresses)
    if result.kind == "headless":
        return Text(N_("Pod IPs {ips}"), ips=addresses)
    pods = [r.pod.name for r in result.records if r.pod is not None]
    if pods:
        return Text(N_("the address {ip} (Pod {pod})"), ip=addresses, pod=", ".join(pods))
    if addresses:
        return Text(N_("the address {ip}"), ip=addresses)
    return Text(N_("no addresses"))
