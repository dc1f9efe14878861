"""Service port → container port, per endpoint Pod (FindPort semantics).

For each Service port and each endpoint Pod (as the EndpointSlice controller's
``getEndpointPorts`` does):

* a **numeric** targetPort is used as is. Nothing checks that anything listens there;
  ``declared`` records whether a container of that Pod declares that containerPort with
  the Service port's protocol;
* a **named** targetPort resolves to the first container port with that name **and**
  the Service port's protocol, walking ``spec.containers`` in order, then the native
  sidecars (``initContainers`` with ``restartPolicy: Always``). Container ports default
  to TCP, so a UDP Service port never resolves to a port without ``protocol: UDP``;
* when a Pod has no such port, that Service port is **skipped for that Pod**: the Pod
  stays an endpoint (with its other ports) but gets no traffic on this one.

Where the traffic then lands follows the one listening rule
(:meth:`tutor.k8s.model.Pod.listener`): ``listener`` is the container whose program
listens on the resolved port, and a target where nothing listens is not ``ok`` (code
``not_listening``: the connection is refused). Declaring a containerPort opens nothing;
without the image the simulation assumes a container listens on the ports it declares,
and a lesson can say otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import N_, Text
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Pod, Service, ServicePort
from tutor.k8s.pods import declared_summary, listening_summary, listening_text
from tutor.k8s.selection import Selection, select


@dataclass(slots=True, eq=False)
class PortTarget:
    """Where one Service port lands on one endpoint Pod."""

    pod: Pod
    #: the resolved container port number (None: this Service port is skipped for the Pod)
    port: int | None
    #: the container that declares the port (None: none does)
    container: str | None
    #: some container of the Pod declares ``port`` with the Service port's protocol
    declared: bool
    #: the endpoint is ready (gets traffic)
    ready: bool
    #: what is wrong, if anything (name missing, protocol mismatch, nothing listening)
    reason: Text | None = None
    #: name_missing, name_protocol, protocol_mismatch, not_listening (None: fine)
    code: str | None = None
    #: the container whose program listens on ``port`` (the one listening rule; None:
    #: nothing listens there, so a connection is refused)
    listener: str | None = None

    @property
    def ok(self) -> bool:
        return self.port is not None and self.listener is not None

    def to_json(self) -> dict[str, Any]:
        return {"pod": self.pod.name, "port": self.port, "container": self.container, "declared": self.declared,
                "listener": self.listener, "ready": self.ready, "code": self.code,
                "reason": str(self.reason) if self.reason is not None else None}


#: A target not made yet: (pod, port, container, ready) of a declared, resolved port that
#: the declaring container listens on (the default listening rule).
Row = tuple[Pod, int, str, bool]
#: The port plan of a mapping whose every endpoint's port was found:
#: (pods, their readiness, {id(container list): (port, container)}).
Plan = tuple[list[Pod], list[bool], dict[int, tuple[int, str]]]


class PortMapping:
    """One Service port and its target on every endpoint Pod (in endpoint order):
    ``service_port``, ``targets`` (list of :class:`PortTarget`), ``resolved`` (Pod name
    → container port) and ``unresolved`` (Pods the named targetPort missed)."""

    def __init__(self, service_port: ServicePort, targets: list[PortTarget] | None = None) -> None:
        self.service_port = service_port
        self._targets: list[PortTarget] | None = targets if targets is not None else []
        # map_ports fills _rows instead: a Row for a declared port, or the PortTarget
        # itself when something is wrong; targets are built on demand
        self._rows: list[Row | PortTarget] | None = None
        # or, when every endpoint's port was found, a plan to make the rows from
        self._plan: Plan | None = None

    @classmethod
    def _lazy(cls, service_port: ServicePort, rows: list[Row | PortTarget]) -> PortMapping:
        m = cls(service_port)
        m._targets, m._rows = None, rows
        return m

    @classmethod
    def _planned(cls, service_port: ServicePort, pods: list[Pod], ready: list[bool],
                 found: dict[int, tuple[int, str]]) -> PortMapping:
        m = cls(service_port)
        m._targets, m._plan = None, (pods, ready, found)
        return m

    def _row_list(self) -> list[Row | PortTarget]:
        if self._rows is None and self._plan is not None:
            pods, ready, found = self._plan
            self._rows = [(pod, *found[id(pod.containers)], r) for pod, r in zip(pods, ready)]
            self._plan = None
        return self._rows or []

    @property
    def targets(self) -> list[PortTarget]:
        if self._targets is None:
            self._targets = [PortTarget(r[0], r[1], r[2], True, r[3], listener=r[2]) if isinstance(r, tuple) else r
                             for r in self._row_list()]
        return self._targets

    @targets.setter
    def targets(self, value: list[PortTarget]) -> None:
        self._targets, self._rows, self._plan = value, None, None

    def head(self, limit: int) -> tuple[PortMapping, int, int]:
        """``(mapping, more, broken)``: a mapping with the first ``limit`` targets plus,
        from the rest, the first target of each other resolved port number (so
        ``resolved`` still lists every number), how many targets were left out, and how
        many of those have a problem (not declared, skipped or not ready). Made without a
        :class:`PortTarget` per endpoint (the Ports panel lists the first few of
        thousands)."""
        if self._targets is None and self._rows is None and self._plan is not None:
            return self._planned_head(limit, self._plan)
        rows: list[Row | PortTarget] = self._row_list() if self._targets is None else list(self._targets)
        if len(rows) <= limit:
            return self, 0, 0
        head, rest = rows[:limit], rows[limit:]
        seen = {r[1] if isinstance(r, tuple) else r.port for r in head}
        broken = 0
        for r in rest:
            port: int | None
            if isinstance(r, tuple):  # (pod, port, container, ready): declared and resolved
                port, fine = r[1], r[3]
            else:
                port, fine = r.port, r.ok and r.ready
            if not fine:
                broken += 1
            if port not in seen:
                seen.add(port)
                head.append(r)
        return PortMapping._lazy(self.service_port, head), len(rest), broken

    def _planned_head(self, limit: int, plan: Plan) -> tuple[PortMapping, int, int]:
        """:meth:`head` from the plan: every endpoint's port was found, so the only
        problem left is readiness."""
        pods, ready, found = plan
        if len(pods) <= limit:
            return self, 0, 0
        head: list[Row | PortTarget] = [(pod, *found[id(pod.containers)], r) for pod, r in zip(pods[:limit], ready[:limit])]
        seen = {row[1] for row in head if isinstance(row, tuple)}
        wanted = {port for port, _container in found.values()} - seen
        if wanted:  # the first Pod of each other port number (usually none: one workload)
            for i in range(limit, len(pods)):
                port, container = found[id(pods[i].containers)]
                if port in wanted:
                    wanted.discard(port)
                    head.append((pods[i], port, container, ready[i]))
                    if not wanted:
                        break
        rest = len(pods) - limit
        return PortMapping._lazy(self.service_port, head), rest, rest - sum(ready[limit:])

    def _pairs(self) -> list[tuple[Pod, int | None]]:
        """(pod, port) for every target, without building PortTargets."""
        if self._targets is None:
            return [(r[0], r[1]) if isinstance(r, tuple) else (r.pod, r.port) for r in self._row_list()]
        return [(t.pod, t.port) for t in self._targets]

    @property
    def resolved(self) -> dict[str, int]:
        """Pod name → container port, for the Pods this Service port reaches."""
        return {pod.name: port for pod, port in self._pairs() if port is not None}

    @property
    def unresolved(self) -> list[str]:
        """Pods for which the (named) targetPort did not resolve."""
        return [pod.name for pod, port in self._pairs() if port is None]

    @property
    def named(self) -> bool:
        return isinstance(self.service_port.target_port, str)

    def target(self, pod_name: str) -> PortTarget | None:
        for t in self.targets:
            if t.pod.name == pod_name:
                return t
        return None

    def __repr__(self) -> str:
        return f"PortMapping(port={self.service_port.port}, resolved={self.resolved}, unresolved={self.unresolved})"

    def to_json(self) -> dict[str, Any]:
        sp = self.service_port
        return {
            "name": sp.name or None,
            "port": sp.port,
            "protocol": sp.protocol,
            "targetPort": sp.target_port,
            "nodePort": sp.node_port or None,
            "resolved": self.resolved,
            "unresolved": self.unresolved,
            "targets": [t.to_json() for t in self.targets],
        }


def target_number(service_port: ServicePort) -> int | str:
    """The effective targetPort: a name, or a number (0 / "" default to ``port``)."""
    tp = service_port.target_port
    if tp == 0 or tp == "" or tp is None:
        return service_port.port
    return tp


def find_port(pod: Pod, service_port: ServicePort, ready: bool = True) -> PortTarget:
    """FindPort for one Pod and one Service port, then who listens there (the one
    listening rule), with the why of any problem."""
    tp = service_port.target_port
    if tp == 0 or tp == "" or tp is None:
        tp = service_port.port
    protocol = service_port.protocol or "TCP"
    named = isinstance(tp, str)
    # One pass over the containers: a match in a regular container wins at once; a match
    # in a native sidecar only counts when no regular container has one (FindPort order).
    hit: tuple[int, str] | None = None
    sidecar_hit: tuple[int, str] | None = None
    other: tuple[str, str, int] | None = None  # same name/number, other protocol
    for c in pod.containers:
        for p in c.ports:
            if (p.name == tp) if named else (p.container_port == tp):
                if p.protocol == protocol:
                    if not c.sidecar:
                        hit = (p.container_port, c.name)
                        break
                    if sidecar_hit is None:
                        sidecar_hit = (p.container_port, c.name)
                elif other is None:
                    other = (c.name, p.protocol, p.container_port)
        if hit is not None:
            break
    hit = hit or sidecar_hit
    if hit is None and isinstance(tp, str):
        if other is not None:
            return PortTarget(pod, None, None, False, ready, Text(
                N_("port {name} of container {container} is {other}, but this Service port is {protocol}: "
                   "a named targetPort must match the protocol too, so this Service port is skipped for "
                   "Pod {pod}"), name=tp, container=other[0], other=other[1], protocol=protocol, pod=pod.name),
                "name_protocol")
        return PortTarget(pod, None, None, False, ready, Text(
            N_("no container port of Pod {pod} is named {name}, so this Service port is skipped for it "
               "(the Pod stays an endpoint, but gets no traffic on this port)"), pod=pod.name, name=tp),
            "name_missing")
    number = hit[0] if hit is not None else tp
    assert isinstance(number, int)  # a named targetPort that did not resolve returned above
    declarer = hit[1] if hit is not None else None
    listener = pod.listener(number, protocol)
    if listener is not None:
        return PortTarget(pod, number, declarer, hit is not None, ready, listener=listener.name)
    if hit is None and other is not None:
        return PortTarget(pod, number, None, False, ready, Text(
            N_("container {container} declares port {port}/{other}, but this Service port sends {protocol}, and "
               "nothing listens on {port}/{protocol}: the connection is refused"),
            container=other[0], port=number, other=other[1], protocol=protocol), "protocol_mismatch")
    return PortTarget(pod, number, declarer, hit is not None, ready,
                      not_listening_text(pod, number, protocol, short=True), "not_listening")


def not_listening_text(pod: Pod, port: int, protocol: str = "TCP", *, short: bool = False) -> Text:
    """Why nothing listens on ``port``/``protocol`` in ``pod``, saying what the
    simulation assumes (declared ports) or what the lesson says, never that declaring a
    port would open it. ``short``: for a list of Pods that has the note on the
    assumption once (:data:`LISTENING_ASSUMED`)."""
    ruled = [c for c in pod.containers if c.listening is not None]
    if not ruled:
        declared = declared_summary(pod) or "-"
        if short:
            return Text(N_("nothing listens on port {port}/{protocol} in Pod {pod}, so the connection is refused "
                           "(declared: {declared})"), port=port, protocol=protocol, pod=pod.name, declared=declared)
        return Text(N_("nothing listens on port {port}/{protocol} in Pod {pod}, so the connection is refused. "
                       "The simulation cannot run the images: it assumes each container listens on the ports it "
                       "declares (here: {declared}), and none of them is {port}/{protocol}"),
                    port=port, protocol=protocol, pod=pod.name, declared=declared)
    parts = listening_summary(pod)
    return Text(N_("nothing listens on port {port}/{protocol} in Pod {pod}, so the connection is refused "
                   "({containers})"), port=port, protocol=protocol, pod=pod.name, containers=parts)


def _quick(pod: Pod, tp: int | str, named: bool, protocol: str) -> tuple[int, str] | None:
    """FindPort's happy path: (port, container) of a declared match, else None. Only for
    Pods whose containers all follow the default listening rule (a declared port is
    where its container listens)."""
    sidecar: tuple[int, str] | None = None
    for c in pod.containers:
        if c.listening is not None:
            return None
    for c in pod.containers:
        for p in c.ports:
            if (p.name if named else p.container_port) == tp and p.protocol == protocol:
                if not c.sidecar:
                    return p.container_port, c.name
                if sidecar is None:
                    sidecar = (p.container_port, c.name)
    return sidecar


def map_ports(service: Service, selection: Selection) -> list[PortMapping]:
    """One :class:`PortMapping` per Service port, each with a target per endpoint Pod
    (ready and not ready, in endpoint order)."""
    pods, ready = selection.endpoint_lists()
    # Replicas of one workload share their (never changed) container list: resolve each
    # list once. Problems name the Pod, so they are worked out per Pod.
    lists = {id(pod.containers): pod for pod in pods}
    mappings: list[PortMapping] = []
    for sp in service.ports:
        tp = sp.target_port
        if tp == 0 or tp == "" or tp is None:
            tp = sp.port
        named = isinstance(tp, str)
        protocol = sp.protocol or "TCP"
        memo = {key: _quick(pod, tp, named, protocol) for key, pod in lists.items()}
        found = {key: hit for key, hit in memo.items() if hit is not None}
        if len(found) == len(memo):
            # every endpoint's port found (the usual case): the rows are made when read,
            # so thousands of replicas cost no row each until someone looks
            mappings.append(PortMapping._planned(sp, pods, ready, found))
            continue
        rows: list[Row | PortTarget] = [
            (pod, hit[0], hit[1], r) if (hit := memo[id(pod.containers)]) is not None else find_port(pod, sp, r)
            for pod, r in zip(pods, ready)]
        mappings.append(PortMapping._lazy(sp, rows))
    return mappings


# --------------------------------------------------------------------------- port chain
@dataclass(eq=False)
class ChainLink:
    """One step of ``client → (node:nodePort) → Service port → targetPort → Pod IP:port``."""

    kind: str  # client, loadbalancer, nodeport, service, target, pod, external, none, note
    text: Text
    ok: bool = True
    problem: Text | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": str(self.text), "ok": self.ok,
                "problem": str(self.problem) if self.problem is not None else None, "detail": dict(self.detail)}


def port_chain(service: Service, mapping: PortMapping, cluster: Cluster | None,
               selection: Selection | None = None) -> list[ChainLink]:
    """The path of one Service port as data for the Ports panel; broken links have
    ``ok=False`` and a ``problem``. ``selection`` is computed when not given and needed."""
    sp = mapping.service_port
    links: list[ChainLink] = []
    external = service.type in ("NodePort", "LoadBalancer")
    if service.type == "ExternalName":
        links.append(ChainLink("client", Text(N_("a client Pod looks up {name}"), name=service.name)))
        links.append(ChainLink("external", Text(N_("DNS answers with a CNAME to {target}; the client connects "
                                                   "there itself, on the port it chooses"),
                                                target=service.external_name or "-"),
                               detail={"externalName": service.external_name}))
        return links
    links.append(ChainLink("client", Text(N_("a client outside the cluster, or a Pod inside it")) if external
                           else Text(N_("a client Pod inside the cluster"))))
    if service.type == "LoadBalancer":
        address = cluster.load_balancer_address(service) if cluster is not None else None
        links.append(ChainLink("loadbalancer", Text(N_("load balancer {address}:{port}"), address=address or "-",
                                                    port=sp.port), detail={"address": address, "port": sp.port}))
    if external:
        nodes = [n.ip for n in cluster.nodes] if cluster is not None else []
        if sp.node_port:
            links.append(ChainLink("nodeport", Text(N_("node port {node_port} on every node ({nodes})"),
                                                    node_port=sp.node_port, nodes=", ".join(nodes) or "-"),
                                   detail={"nodePort": sp.node_port, "nodes": nodes}))
        elif service.type == "NodePort":
            links.append(ChainLink("nodeport", Text(N_("no node port")), ok=False,
                                   problem=Text(N_("this Service port has no nodePort yet"))))
    if service.headless:
        links.append(ChainLink("service", Text(N_("no cluster IP (headless): DNS returns the Pod IPs and "
                                                  "clients connect to them directly on port {port}"), port=sp.port),
                               detail={"port": sp.port, "protocol": sp.protocol, "headless": True}))
    else:
        links.append(ChainLink("service", Text(N_("Service {ip}:{port}/{protocol}"), ip=service.cluster_ip or "-",
                                               port=sp.port, protocol=sp.protocol),
                               detail={"clusterIP": service.cluster_ip, "port": sp.port, "protocol": sp.protocol}))
    tp = target_number(sp)
    resolved = mapping.resolved
    if isinstance(tp, str):
        numbers = sorted(set(resolved.values()))
        text = Text(N_("targetPort {name} → {numbers}"), name=tp, numbers=", ".join(map(str, numbers)) or "?")
    else:
        text = Text(N_("targetPort {port}"), port=tp)
    if not mapping.targets:
        sel = selection if selection is not None else (select(service, cluster) if cluster is not None else None)
        why = sel.why_no_endpoints() if sel is not None else None
        links.append(ChainLink("target", text, detail={"targetPort": tp}))
        links.append(ChainLink("none", Text(N_("no endpoints")), ok=False,
                               problem=why[1] if why else Text(N_("no endpoints")),
                               detail={"code": why[0] if why else "no_endpoints"}))
        return links
    links.append(ChainLink("target", text, ok=bool(resolved),
                           problem=None if resolved else Text(N_("the targetPort resolves on none of the endpoints")),
                           detail={"targetPort": tp, "resolved": resolved}))
    for t in mapping.targets:
        pod = t.pod
        if t.port is None:
            links.append(ChainLink("pod", Text(N_("{pod} ({ip}): skipped"), pod=pod.name, ip=pod.ip or "-"),
                                   ok=False, problem=t.reason, detail={"pod": pod.name, "ip": pod.ip, "port": None}))
            continue
        container = t.listener or t.container
        ruled = next((c for c in pod.containers if c.name == container and c.listening is not None), None)
        if ruled is not None:  # the lesson says where it listens: say so (where the simulation simplifies)
            label = Text(N_("{pod} {ip}:{port} (container {container}: {what})"), pod=pod.name, ip=pod.ip or "-",
                         port=t.port, container=container, what=listening_text(ruled))
        elif container:
            label = Text(N_("{pod} {ip}:{port} (container {container})"), pod=pod.name, ip=pod.ip or "-",
                         port=t.port, container=container)
        else:
            label = Text(N_("{pod} {ip}:{port}"), pod=pod.name, ip=pod.ip or "-", port=t.port)
        problem = t.reason
        if problem is None and not t.ready:
            problem = Text(N_("not ready: this endpoint gets no traffic"))
        links.append(ChainLink("pod", label, ok=t.ok and t.ready, problem=problem,
                               detail={"pod": pod.name, "ip": pod.ip, "port": t.port, "container": t.container,
                                       "listener": t.listener, "ready": t.ready, "declared": t.declared}))
    if any(c.listening is None for t in mapping.targets for c in t.pod.containers):
        # where the simulation simplifies: say it once, after the Pods
        links.append(ChainLink("note", LISTENING_ASSUMED, detail={"assumed": True}))
    return links


#: The note that goes with every port chain whose Pods follow the default listening rule.
LISTENING_ASSUMED = Text(N_("The simulation cannot run the images: it assumes a container listens on the ports it "
                            "declares (containerPort), unless the lesson says otherwise. Declaring a port opens "
                            "nothing."))
