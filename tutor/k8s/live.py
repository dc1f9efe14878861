"""Live cluster state in the input: Node objects, who owns which Pod, and the
EndpointSlices and Endpoints the cluster reported, compared with what ktutor computes.

A dump (``kubectl get nodes,deploy,rs,pods,svc,endpointslices -o yaml``) says what the
cluster *is*, not what it would become: its Pods carry ``status`` and
``ownerReferences``, its nodes are Node objects, and the EndpointSlice controller has
already written EndpointSlices. This module reads those objects (leniently: they came
from an API server) and compares:

* **Nodes**: a Node object gives its name, its first ``InternalIP`` (IPv4) and its IPv4
  ``podCIDR``.
* **Ownership** (:func:`live_pods_of`): a workload's Pods are the *live* Pods (see
  :mod:`tutor.k8s.pods`) it owns through ``ownerReferences``, also through a ReplicaSet it
  owns (Deployment -> ReplicaSet -> Pod), or that match its selector in its namespace.
  A workload with such Pods is shown with them; only a workload without any gets the
  Pods its template would make.
* **EndpointSlices** (``discovery.k8s.io/v1``) and **Endpoints** (``v1``) of a Service
  (label ``kubernetes.io/service-name``, or the Endpoints' own name) are compared with
  the endpoints ktutor computes from the Pods' status, the way the EndpointSlice
  controller (k8s.io/endpointslice v0.34) and the legacy Endpoints controller would write
  them: :func:`compare_slices`, :func:`compare_endpoints`. Every difference is a
  :class:`Finding` (a Pod ready in the slice but not by its status, a Pod listed that is
  no endpoint, a missing one, another address, a stale port, a slice another manager
  owns).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.k8s.model import Node, Pod, Pos, Service, ServicePort

#: The EndpointSlice controller's name in ``endpointslice.kubernetes.io/managed-by``.
CONTROLLER = "endpointslice-controller.k8s.io"
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
#: Kinds read as live state (kind -> apiVersion).
LIVE_KINDS: dict[str, str] = {"Node": "v1", "EndpointSlice": "discovery.k8s.io/v1", "Endpoints": "v1"}


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- nodes
def node_from_manifest(obj: dict[str, Any]) -> Node | None:
    """The Node a ``v1`` Node object describes (None without a name): its first IPv4
    ``InternalIP`` (else ``ExternalIP``) and its IPv4 Pod CIDR (``spec.podCIDRs`` or
    ``spec.podCIDR``)."""
    name = _str(_map(obj.get("metadata")).get("name"))
    if not name:
        return None
    addresses = [a for a in _seq(_map(obj.get("status")).get("addresses")) if isinstance(a, dict)]
    ip = ""
    for wanted in ("InternalIP", "ExternalIP"):
        ip = next((_str(a.get("address")) for a in addresses
                   if a.get("type") == wanted and _ipv4(_str(a.get("address")))), "")
        if ip:
            break
    spec = _map(obj.get("spec"))
    cidrs = [_str(c) for c in _seq(spec.get("podCIDRs"))] or [_str(spec.get("podCIDR"))]
    cidr = ""
    for c in cidrs:
        try:
            ipaddress.IPv4Network(c, strict=False)
        except ValueError:
            continue
        cidr = c
        break
    return Node(name, ip, cidr)


# --------------------------------------------------------------------------- workloads
@dataclass
class Workload:
    """A workload document: who it is, whom it owns, and what its selector matches."""

    kind: str
    name: str
    namespace: str
    #: ``Kind/name`` of its controller-owner (a ReplicaSet's Deployment), None without one
    owner: str | None = None
    match_labels: dict[str, str] = field(default_factory=dict)
    match_expressions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.name}"

    def selects(self, labels: dict[str, str]) -> bool:
        if not self.match_labels and not self.match_expressions:
            return False  # no selector (a Job's is generated): nothing matches by labels
        if any(labels.get(k) != v for k, v in self.match_labels.items()):
            return False
        for expr in self.match_expressions:
            key, op = _str(expr.get("key")), expr.get("operator")
            values = [str(v) for v in _seq(expr.get("values"))]
            if op == "In" and not (key in labels and labels[key] in values):
                return False
            if op == "NotIn" and key in labels and labels[key] in values:
                return False
            if op == "Exists" and key not in labels:
                return False
            if op == "DoesNotExist" and key in labels:
                return False
        return True


def workload_from_manifest(obj: dict[str, Any], kind: str, namespace: str) -> Workload:
    meta = _map(obj.get("metadata"))
    owner = None
    refs = [r for r in _seq(meta.get("ownerReferences")) if isinstance(r, dict)]
    if refs:
        chosen = next((r for r in refs if r.get("controller") is True), refs[0])
        if _str(chosen.get("kind")) and _str(chosen.get("name")):
            owner = f"{chosen['kind']}/{chosen['name']}"
    selector = _map(_map(obj.get("spec")).get("selector"))
    labels = {str(k): str(v) for k, v in _map(selector.get("matchLabels")).items()}
    exprs = [e for e in _seq(selector.get("matchExpressions")) if isinstance(e, dict)]
    return Workload(kind, _str(meta.get("name")), namespace, owner, labels, exprs)


def live_pods_of(workloads: Sequence[Workload], pods: Iterable[Pod]) -> list[list[Pod]]:
    """For each workload, the live Pods it owns (through ``ownerReferences``, also via a
    ReplicaSet it owns) or whose labels its selector matches, in its namespace."""
    by_ref = {(w.namespace, w.ref): i for i, w in enumerate(workloads)}
    out: list[list[Pod]] = [[] for _ in workloads]
    by_ns: dict[str, list[Pod]] = {}
    for pod in pods:
        if not pod.live:
            continue
        by_ns.setdefault(pod.namespace, []).append(pod)
        seen: set[int] = set()
        ref = pod.owner
        while ref is not None:
            i = by_ref.get((pod.namespace, ref))
            if i is None or i in seen:
                break
            seen.add(i)
            out[i].append(pod)
            ref = workloads[i].owner
    index: dict[tuple[str, str, str], list[Pod]] = {}  # (namespace, key, value) -> Pods, for matchLabels
    for ns, members in by_ns.items():
        for p in members:
            for k, v in p.labels.items():
                index.setdefault((ns, k, v), []).append(p)
    for i, w in enumerate(workloads):
        mine = {id(p) for p in out[i]}
        if w.match_labels:
            candidates = min((index.get((w.namespace, k, v), []) for k, v in w.match_labels.items()), key=len)
        else:
            candidates = by_ns.get(w.namespace, [])
        out[i].extend(p for p in candidates if id(p) not in mine and w.selects(p.labels))
    return out


# --------------------------------------------------------------------------- ports
def find_port(pod: Pod, sp: ServicePort) -> int | None:
    """FindPort (k8s.io/endpointslice v0.34): a number is used as is; a name is the first
    container port of that name and protocol, containers first, then native sidecars."""
    if isinstance(sp.target_port, int):
        return sp.target_port
    for sidecar in (False, True):
        for c in pod.containers:
            if c.sidecar != sidecar:
                continue
            for cp in c.ports:
                if cp.name == sp.target_port and cp.protocol == sp.protocol:
                    return cp.container_port
    return None


#: an endpoint port as a slice writes it: (name, port, protocol)
PortKey = tuple[str, int, str]


def endpoint_ports(service: Service, pod: Pod) -> frozenset[PortKey]:
    """``getEndpointPorts``: the Service ports that resolve for ``pod``."""
    out: set[PortKey] = set()
    for sp in service.ports:
        port = find_port(pod, sp)
        if port is not None:
            out.add((sp.name, port, sp.protocol))
    return frozenset(out)


# --------------------------------------------------------------------------- EndpointSlices
@dataclass
class SliceEndpoint:
    addresses: list[str]
    ready: bool | None
    serving: bool | None
    terminating: bool | None
    pod: str | None  # targetRef Pod name
    node: str | None


@dataclass
class EndpointSlice:
    name: str
    namespace: str
    service: str | None
    managed_by: str | None
    address_type: str
    endpoints: list[SliceEndpoint]
    ports: frozenset[PortKey] | None  # None: no ports field (a headless Service without ports)
    pos: Pos | None = None
    source: str | None = None


def _port_key(p: dict[str, Any]) -> PortKey:
    port = p.get("port")
    return _str(p.get("name")), port if isinstance(port, int) else 0, _str(p.get("protocol")) or "TCP"


def _cond(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def slice_from_manifest(obj: dict[str, Any], namespace: str, pos: Pos | None = None,
                        source: str | None = None) -> EndpointSlice:
    meta = _map(obj.get("metadata"))
    labels = _map(meta.get("labels"))
    endpoints = []
    for raw in _seq(obj.get("endpoints")):
        if not isinstance(raw, dict):
            continue
        cond = _map(raw.get("conditions"))
        ref = _map(raw.get("targetRef"))
        endpoints.append(SliceEndpoint(
            [_str(a) for a in _seq(raw.get("addresses"))], _cond(cond.get("ready")), _cond(cond.get("serving")),
            _cond(cond.get("terminating")), _str(ref.get("name")) if ref.get("kind") == "Pod" else None,
            _str(raw.get("nodeName")) or None))
    ports: frozenset[PortKey] | None = None
    if obj.get("ports") is not None:
        ports = frozenset(_port_key(p) for p in _seq(obj.get("ports")) if isinstance(p, dict))
    service = labels.get(SERVICE_NAME_LABEL)
    managed = labels.get(MANAGED_BY_LABEL)
    return EndpointSlice(_str(meta.get("name")), namespace, service if isinstance(service, str) else None,
                         managed if isinstance(managed, str) else None, _str(obj.get("addressType")), endpoints,
                         ports, pos, source)


@dataclass
class Finding:
    """One difference between what the cluster reported and what ktutor computes."""

    code: str  # W-SLICE-MISSING, W-SLICE-EXTRA, W-SLICE-CONDITIONS, W-SLICE-ADDRESS, W-SLICE-PORTS, ...
    params: dict[str, Any]
    pos: Pos | None = None
    source: str | None = None


@dataclass
class Expected:
    """An endpoint as ktutor computes it: the Pod, its address, conditions and ports."""

    pod: Pod
    ready: bool
    serving: bool
    ports: frozenset[PortKey]


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("true" if value else "false")


def _ports_text(ports: Iterable[PortKey]) -> str:
    return ", ".join(f"{port}/{proto}" + (f" ({name})" if name else "") for name, port, proto in sorted(
        ports, key=lambda p: (p[1], p[2], p[0]))) or "-"


def compare_slices(service: Service, expected: Sequence[Expected], why_not: Callable[[str], str],
                   slices: Sequence[EndpointSlice]) -> list[Finding]:
    """Differences between the Service's IPv4 EndpointSlices in the input and the
    endpoints ktutor computes (``expected``; ``why_not``: why the Pod of that name is no
    endpoint)."""
    out: list[Finding] = []
    mine = [s for s in slices if s.namespace == service.namespace and s.service == service.name]
    if not mine:
        return out
    managed = [s for s in mine if s.managed_by == CONTROLLER and s.address_type in ("IPv4", "")]
    for s in mine:
        if s.managed_by != CONTROLLER and service.manages_endpoints:  # (without a selector that is the point)
            out.append(Finding("W-SLICE-UNMANAGED", {"slice": s.name, "manager": s.managed_by or "-"}, s.pos,
                               s.source))
    if not service.manages_endpoints or not managed:
        return out
    want = {e.pod.name: e for e in expected}
    listed: dict[str, tuple[EndpointSlice, SliceEndpoint]] = {}
    for s in managed:
        for ep in s.endpoints:
            if ep.pod is not None:
                listed.setdefault(ep.pod, (s, ep))
    for name, e in want.items():
        if name not in listed:
            out.append(Finding("W-SLICE-MISSING", {"pod": name, "ready": _yes(e.ready)}, managed[0].pos,
                               managed[0].source))
            continue
        s, ep = listed[name]
        got = (ep.ready, ep.serving, ep.terminating)
        computed = (e.ready, e.serving, e.pod.terminating)
        if got != computed:
            out.append(Finding("W-SLICE-CONDITIONS", {
                "pod": name, "slice": s.name,
                "slice_conditions": f"ready={_yes(ep.ready)}, serving={_yes(ep.serving)}, "
                                    f"terminating={_yes(ep.terminating)}",
                "conditions": f"ready={_yes(e.ready)}, serving={_yes(e.serving)}, "
                              f"terminating={_yes(e.pod.terminating)}"}, s.pos, s.source))
        if e.pod.ip is not None and ep.addresses and e.pod.ip not in ep.addresses:
            out.append(Finding("W-SLICE-ADDRESS", {"pod": name, "slice": s.name, "address": ", ".join(ep.addresses),
                                                   "ip": e.pod.ip}, s.pos, s.source))
        if s.ports is not None and s.ports != e.ports:
            out.append(Finding("W-SLICE-PORTS", {"pod": name, "slice": s.name, "slice_ports": _ports_text(s.ports),
                                                 "ports": _ports_text(e.ports)}, s.pos, s.source))
    for name, (s, _ep) in listed.items():
        if name not in want:
            out.append(Finding("W-SLICE-EXTRA", {"pod": name, "slice": s.name,
                                                 "reason": why_not(name)}, s.pos, s.source))
    return _one_port_finding_per_slice(out)


def _one_port_finding_per_slice(findings: list[Finding]) -> list[Finding]:
    """Ports are per slice: one stale-port finding per slice (the first Pod as example)."""
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.code == "W-SLICE-PORTS":
            key = str(f.params.get("slice"))
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


# --------------------------------------------------------------------------- Endpoints (v1)
@dataclass
class Endpoints:
    name: str
    namespace: str
    ready: dict[str, str]  # Pod name -> address
    not_ready: dict[str, str]
    ports: frozenset[PortKey]
    pos: Pos | None = None
    source: str | None = None


def endpoints_from_manifest(obj: dict[str, Any], namespace: str, pos: Pos | None = None,
                            source: str | None = None) -> Endpoints:
    ready: dict[str, str] = {}
    not_ready: dict[str, str] = {}
    ports: set[PortKey] = set()
    for subset in _seq(obj.get("subsets")):
        if not isinstance(subset, dict):
            continue
        for key, into in (("addresses", ready), ("notReadyAddresses", not_ready)):
            for a in _seq(subset.get(key)):
                ref = _map(_map(a).get("targetRef"))
                if ref.get("kind") == "Pod" and _str(ref.get("name")):
                    into[_str(ref.get("name"))] = _str(_map(a).get("ip"))
        for p in _seq(subset.get("ports")):
            if isinstance(p, dict):
                ports.add(_port_key(p))
    meta = _map(obj.get("metadata"))
    return Endpoints(_str(meta.get("name")), namespace, ready, not_ready, frozenset(ports), pos, source)


def compare_endpoints(service: Service, expected: Sequence[Expected], why_not: Callable[[str], str],
                      endpoints: Sequence[Endpoints]) -> list[Finding]:
    """Differences between the Service's Endpoints object in the input and what the
    legacy Endpoints controller would write: terminating Pods are left out (unless
    ``publishNotReadyAddresses``), ready ones under ``addresses``, the others under
    ``notReadyAddresses``."""
    out: list[Finding] = []
    if not service.manages_endpoints:
        return out
    for ep in endpoints:
        if ep.namespace != service.namespace or ep.name != service.name:
            continue
        publish = service.publish_not_ready_addresses
        want_ready = {e.pod.name for e in expected
                      if (publish or not e.pod.terminating) and (publish or e.serving)}
        want_not = {e.pod.name for e in expected if not e.pod.terminating and not (publish or e.serving)}
        for name in sorted(want_ready - set(ep.ready)):
            where = "notReadyAddresses" if name in ep.not_ready else None
            out.append(Finding("W-ENDPOINTS-READY" if where else "W-ENDPOINTS-MISSING",
                               {"pod": name, "endpoints": ep.name, "expected": "addresses"}, ep.pos, ep.source))
        for name in sorted(want_not - set(ep.not_ready)):
            where = "addresses" if name in ep.ready else None
            out.append(Finding("W-ENDPOINTS-READY" if where else "W-ENDPOINTS-MISSING",
                               {"pod": name, "endpoints": ep.name, "expected": "notReadyAddresses"}, ep.pos,
                               ep.source))
        for name in sorted((set(ep.ready) | set(ep.not_ready)) - want_ready - want_not):
            out.append(Finding("W-ENDPOINTS-EXTRA", {"pod": name, "endpoints": ep.name,
                                                     "reason": why_not(name)}, ep.pos, ep.source))
        wanted_ports: set[PortKey] = set()
        for e in expected:
            wanted_ports |= e.ports
        if ep.ports and wanted_ports and ep.ports != wanted_ports:
            out.append(Finding("W-ENDPOINTS-PORTS", {"endpoints": ep.name, "slice_ports": _ports_text(ep.ports),
                                                     "ports": _ports_text(wanted_ports)}, ep.pos, ep.source))
    return out
