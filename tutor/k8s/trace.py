"""Traffic tracing: what the Pod's resolver, CoreDNS and kube-proxy do with a request.

``trace(cluster, source, destination)`` follows one TCP (or UDP/SCTP) connection from a
container in a Pod, a Pod, or a client outside the cluster, and returns the hops it
takes or the precise reason it fails. It simulates:

* **loopback**: ``localhost:PORT`` / ``127.0.0.1:PORT`` stays in the source Pod's
  network namespace, shared by all its containers; it works when some container of
  that Pod (the caller included) listens on ``PORT``;
* **/etc/hosts**: the kubelet writes the Pod's own host name (its name, or
  ``spec.hostname``; with a subdomain also the full name) into the Pod's hosts file, so
  that name means the Pod itself. Other Pods' names are no DNS names;
* **DNS** (ClusterFirst, ``ndots:5``, search list ``<ns>.svc.cluster.local
  svc.cluster.local cluster.local`` of the **source** Pod's namespace): Services
  (A record = ClusterIP; headless: the ready endpoints' Pod IPs; ExternalName: a CNAME),
  ``<hostname>.<subdomain>.<ns>.svc...`` behind a headless Service, and
  ``a-b-c-d.<ns>.pod.cluster.local``. Names outside the cluster domain are forwarded
  upstream, which is outside the simulation. A client outside the cluster cannot use
  cluster DNS at all;
* **kube-proxy**, which forwards nothing itself: it programs the node's kernel rules
  (iptables or nftables), and those rules rewrite the destination of a connection to
  ``clusterIP:port`` (inside only), ``NODE_IP:nodePort`` (from anywhere), a
  LoadBalancer address (→ a node's nodePort) or an ``externalIPs`` address to one
  endpoint. ``externalTrafficPolicy: Cluster`` lets any node take external traffic and
  **source-NATs** it (the Pod sees the node's address, even when the endpoint is on
  that node); ``Local`` keeps it on that node's endpoints with the client's address;
  ``internalTrafficPolicy: Local`` keeps in-cluster traffic on the client's node. Only
  **ready** endpoints for which the Service port's targetPort resolved get traffic.
  With no such endpoint the rules reject the connection ("connection refused").
* **load balancing**: every endpoint that could answer is listed in
  :attr:`Trace.balance`. A real cluster picks one **at random for each new
  connection** (never round-robin); with ``sessionAffinity: ClientIP`` every connection
  of a client goes to the same endpoint. The simulation is deterministic: ``pick``
  chooses the ``pick``-th candidate (modulo their number; 0, the first, by default),
  and under ClientIP affinity a hash of the client's address chooses (``pick`` is
  ignored: the same client always lands on the same endpoint);
* **Pod-to-Pod**: a Pod IP is reachable from every Pod, on any node, without NAT.
* **NetworkPolicy** (:mod:`tutor.k8s.netpol`), when the cluster has policies
  (:attr:`Cluster.policies`): a name lookup from a Pod is a DNS query to the cluster DNS
  server (its CoreDNS Pod, port 53/UDP): when the Pod's egress policies do not allow it,
  the query is dropped and the lookup fails (``dns_denied_by_policy``, the client cannot
  resolve the name). A connection is checked where it arrives, after kube-proxy chose the
  endpoint: policies see Pod addresses and container ports, never a Service's cluster IP
  or port. The source's egress side is checked against the destination Pod, the
  destination's ingress side against the **source address it sees**: the client Pod, a
  client outside the cluster under ``externalTrafficPolicy: Local``, or a node's address
  after source NAT under ``Cluster`` (only an ``ipBlock`` can match those; but the
  address of the Pod's own node is always allowed in, as all traffic from a Pod's own
  node: so under ``Cluster`` a connection the receiving node hands to a Pod on that
  same node gets in from any client, one it passes to another node is checked). A denied
  connection is dropped: ``denied_by_policy``, and the client times out. A Pod's traffic
  to itself and over loopback is never filtered. :attr:`Trace.verdict` is the policy
  verdict.

**Listening** follows the one rule of :class:`tutor.k8s.model.Container`: a lesson may
say where a container's program listens (the port in an environment variable, a fixed
port, nothing); otherwise it is assumed to listen on the ports it declares, the best
guess without the image. Declaring a ``containerPort`` opens nothing. A connection to a
port where nothing listens fails with ``not_listening`` (the kernel refuses it).

Source addresses: :attr:`Trace.client_ip` is where the connection starts (the source
Pod's IP, or :data:`EXTERNAL_CLIENT_IP` for a client outside the cluster) and
:attr:`Trace.source_ip` what the receiving Pod sees after any source NAT.
"""

from __future__ import annotations

import ipaddress
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, NoReturn

from tutor.i18n import N_, Text
from tutor.k8s.cluster import Cluster
from tutor.k8s.dns import Lookup, lookup
from tutor.k8s.model import Container, Node, Pod, Service, ServicePort
from tutor.k8s.netpol.engine import Network, ProbeError, Verdict
from tutor.k8s.netpol.model import Namespace
from tutor.k8s.ports import find_port, not_listening_text
from tutor.k8s.selection import select

#: a Pod without containers, in "(it has: …)"
_NONE = Text(N_("none"))

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "grpc": 80, "postgres": 5432,
                 "postgresql": 5432, "mysql": 3306, "redis": 6379, "amqp": 5672, "mongodb": 27017}
_HOST_CHARS = re.compile(r"[a-z0-9]([-a-z0-9_]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9_]*[a-z0-9])?)*\.?\Z")
_POD_RECORD = re.compile(r"(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\Z")


# --------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Source:
    """Where a request starts: a container in a Pod, a Pod (its first container), a
    temporary client Pod in ``namespace`` (``pod=None``; like ``kubectl run``), or a
    client outside the cluster (``external=True``)."""

    pod: str | None = None
    namespace: str = "default"
    container: str | None = None
    external: bool = False
    #: a client outside the cluster at this address (None: :data:`EXTERNAL_CLIENT_IP`)
    address: str | None = None

    @classmethod
    def outside(cls, address: str | None = None) -> "Source":
        return cls(external=True, address=address)

    @property
    def client_address(self) -> str:
        """The address of a client outside the cluster."""
        return self.address or EXTERNAL_CLIENT_IP

    @classmethod
    def from_spec(cls, spec: Any) -> "Source":
        """From a lesson's ``from:``: ``outside``, ``{outside: ADDRESS}`` (a client outside
        the cluster at that address) or ``{pod, container?, namespace?}``."""
        if spec in (None, "outside", "external") or (isinstance(spec, dict) and spec.get("outside")):
            address = spec.get("outside") if isinstance(spec, dict) else None
            return cls(external=True, address=address if isinstance(address, str) else None)
        if isinstance(spec, str):
            return cls(pod=spec)
        if isinstance(spec, dict):
            return cls(pod=spec.get("pod"), namespace=spec.get("namespace") or "default",
                       container=spec.get("container"))
        raise ValueError(f"not a traffic source: {spec!r}")

    @property
    def text(self) -> Text:
        if self.external:
            if self.address:
                return Text(N_("a client outside the cluster at {address}"), address=self.address)
            return Text(N_("a client outside the cluster"))
        if self.pod is None:
            return Text(N_("a temporary client Pod in namespace {namespace}"), namespace=self.namespace)
        if self.container:
            return Text(N_("container {container} of Pod {pod}"), container=self.container, pod=self.pod)
        return Text(N_("Pod {pod}"), pod=self.pod)

    def to_json(self) -> dict[str, Any]:
        return {"pod": self.pod, "namespace": self.namespace, "container": self.container, "external": self.external,
                "address": self.client_address if self.external else None}


@dataclass(eq=False)
class Hop:
    """One step of a trace. ``kind``: env, hosts, dns, vip, nodeport, loadbalancer,
    externalip, endpoint, node, policy, pod, container, loopback, external."""

    kind: str
    text: Text
    ok: bool = True
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": str(self.text), "ok": self.ok, "detail": dict(self.detail)}


@dataclass(frozen=True)
class Endpoint:
    """One endpoint a connection through a Service could reach."""

    pod: str
    namespace: str
    ip: str | None
    port: int
    node: str | None

    def to_json(self) -> dict[str, Any]:
        return {"pod": self.pod, "namespace": self.namespace, "ip": self.ip, "port": self.port, "node": self.node}


#: :attr:`Balance.rule` values
BALANCE_RULES = ("random", "client_ip", "client")


@dataclass(frozen=True)
class Balance:
    """How the endpoint of one connection through a Service was chosen.

    ``candidates``: every endpoint that could answer this connection (ready, the Service
    port's targetPort resolved on it, on the right node under a ``Local`` traffic
    policy), in endpoint order; ``chosen``: the index of the one this connection
    reached; ``rule``: ``random`` (kube-proxy's iptables/nftables rules pick one at
    random for each new connection; the simulation shows candidate ``pick``),
    ``client_ip`` (``sessionAffinity: ClientIP``: every connection of this client goes
    to the same one) or ``client`` (a headless Service: the client picks one of the
    addresses DNS returned)."""

    service: str
    namespace: str
    candidates: tuple[Endpoint, ...]
    chosen: int
    rule: str
    #: the node whose kube-proxy rules chose (None: the client chose, or no node)
    node: str | None = None

    @property
    def endpoint(self) -> Endpoint:
        """The endpoint this connection reached."""
        return self.candidates[self.chosen]

    def to_json(self) -> dict[str, Any]:
        return {"service": self.service, "namespace": self.namespace, "rule": self.rule, "node": self.node,
                "chosen": self.chosen, "candidates": [e.to_json() for e in self.candidates]}


#: The simulated address of "a client outside the cluster" (TEST-NET-2, never routed).
EXTERNAL_CLIENT_IP = "198.51.100.7"

#: failure code -> what the client sees: ``refused`` (the connection is rejected at once:
#: "connection refused"), ``timeout`` (packets are dropped or go nowhere), ``unresolved``
#: (the name does not resolve). Codes not listed are not a network symptom (bad input,
#: or outside the simulation).
SYMPTOMS = {
    "no_endpoints": "refused",
    "not_ready": "refused",
    "target_unresolved": "refused",
    "not_listening": "refused",
    "no_local_endpoint": "timeout",
    "no_route": "timeout",
    "unknown_ip": "timeout",
    "pod_not_running": "timeout",
    "denied_by_policy": "timeout",
    "nxdomain": "unresolved",
    "dns_denied_by_policy": "unresolved",
}


@dataclass(eq=False)
class Trace:
    """The outcome of :func:`trace`. ``failure`` is a stable code:

    nxdomain, outside_cluster, no_endpoints, not_ready, no_local_endpoint,
    port_not_exposed, target_unresolved, not_listening, unknown_ip, pod_not_running,
    no_route, bad_destination, needs_port, unknown_source, source_not_running,
    denied_by_policy (a NetworkPolicy drops the connection), dns_denied_by_policy (a
    NetworkPolicy drops the DNS query, so the name is not resolved).

    :attr:`symptom` says what the client would see (``refused``, ``timeout``,
    ``unresolved``): ``no_endpoints``, ``not_ready``, ``target_unresolved`` and
    ``not_listening`` are all "connection refused", so that symptom alone does not
    tell the layer."""

    source: Source
    destination: str
    ok: bool = False
    hops: list[Hop] = field(default_factory=list)
    failure: str | None = None
    failure_text: Text | None = None
    #: where the request landed (or would have)
    pod: Pod | None = None
    port: int | None = None
    container: str | None = None
    #: the A records DNS answered (None: no DNS lookup was answered)
    dns_answer: list[str] | None = None
    #: the name lookup, when the destination was a name (every name asked, the records)
    lookup: Lookup | None = None
    #: the concrete change that would make a failed request work, when the engine knows
    #: one (kept apart from ``failure_text``, which says why)
    suggestion: Text | None = None
    cname: str | None = None
    service: Service | None = None
    #: how the endpoint was chosen, for a connection through a Service (None: no choice)
    balance: Balance | None = None
    #: where the connection starts (the source Pod's IP; EXTERNAL_CLIENT_IP from outside;
    #: None for a temporary client Pod, which has no IP yet)
    client_ip: str | None = None
    #: the source address the receiving Pod sees (after source NAT, a node's address)
    source_ip: str | None = None
    #: what the client sees of a failure: ``refused``, ``timeout`` or ``unresolved`` (see
    #: :data:`SYMPTOMS`); None when it arrived or the failure is no network symptom. A
    #: headless Service without ready endpoints is ``unresolved`` (its name has no
    #: addresses); a port no Service opens is ``refused`` on a node's address and a
    #: ``timeout`` on a cluster IP (iptables mode).
    symptom: str | None = None
    #: the NetworkPolicy verdict of the connection that arrived (or was dropped), or of the
    #: DNS query a policy dropped; None when the cluster has no policies or none was asked
    verdict: Verdict | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.to_json(),
            "destination": self.destination,
            "ok": self.ok,
            "failure": self.failure,
            "failure_text": str(self.failure_text) if self.failure_text is not None else None,
            "hops": [h.to_json() for h in self.hops],
            "pod": self.pod.name if self.pod is not None else None,
            "namespace": self.pod.namespace if self.pod is not None else None,
            "port": self.port,
            "container": self.container,
            "dns_answer": list(self.dns_answer) if self.dns_answer is not None else None,
            "cname": self.cname,
            "service": self.service.name if self.service is not None else None,
            "balance": self.balance.to_json() if self.balance is not None else None,
            "client_ip": self.client_ip,
            "source_ip": self.source_ip,
            "symptom": self.symptom,
            "policy": _verdict_json(self.verdict) if self.verdict is not None else None,
        }


def _verdict_json(v: Verdict) -> dict[str, Any]:
    return {"allowed": v.allowed, "denied_by": list(v.denied_by), "port": v.port, "protocol": v.protocol,
            "egress": {**v.egress.to_json(), "isolating": [p.key for p in v.egress.isolating]},
            "ingress": {**v.ingress.to_json(), "isolating": [p.key for p in v.ingress.isolating]},
            "reason": str(v.reason)}


@dataclass(frozen=True)
class Destination:
    """A parsed destination. ``kind``: loopback, ip, name, env (``$env:NAME``) or bad
    (``error`` says why)."""

    text: str
    kind: str
    host: str = ""
    port: int | None = None
    scheme: str | None = None
    error: Text | None = None


class _Stop(Exception):
    """Ends a trace early (after ``_Tracer.fail``)."""


# --------------------------------------------------------------------------- parsing
def parse_destination(text: Any) -> Destination:
    """``host[:port]``, a URL (``http://web/path``: port from the scheme), or
    ``$env:NAME``. Never raises: junk gives ``kind == "bad"`` with an ``error``."""
    if not isinstance(text, str):
        return Destination(str(text), "bad", error=Text(N_("a destination must be text like host:port")))
    raw = text
    s = text.strip()
    if not s:
        return Destination(raw, "bad", error=Text(N_("the destination is empty")))
    if s.startswith("$env:"):
        name = s[5:].strip()
        if not name:
            return Destination(raw, "bad", error=Text(N_("$env: needs the name of an environment variable")))
        return Destination(raw, "env", host=name)
    scheme = None
    if "://" in s:
        scheme, s = s.split("://", 1)
        scheme = scheme.strip().lower()
        if not scheme or not scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
            return Destination(raw, "bad", error=Text(N_("'{value}' is not a URL scheme"), value=scheme))
    for sep in "/?#":
        s = s.split(sep, 1)[0]
    if "@" in s:
        s = s.rsplit("@", 1)[1]
    if s.startswith("[") or s.count(":") > 1:
        return Destination(raw, "bad", error=Text(N_("IPv6 addresses are not part of this simulation")))
    port: int | None = None
    host = s
    if ":" in s:
        host, port_text = s.split(":", 1)
        port_text = port_text.strip()
        if not port_text.isdigit() or not port_text.isascii():
            return Destination(raw, "bad", error=Text(N_("'{value}' is not a port number"), value=port_text))
        port = int(port_text)
        if not 1 <= port <= 65535:
            return Destination(raw, "bad", error=Text(N_("port {port} is not between 1 and 65535"), port=port))
    elif scheme in DEFAULT_PORTS:
        port = DEFAULT_PORTS[scheme]
    host = host.strip().lower()
    if not host:
        return Destination(raw, "bad", error=Text(N_("the destination has no host")))
    if not _HOST_CHARS.match(host):
        return Destination(raw, "bad", error=Text(N_("'{value}' is not a host name or IPv4 address"), value=host))
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError:
        ip = None
    if host.rstrip(".") == "localhost" or (ip is not None and ip.is_loopback):
        return Destination(raw, "loopback", host=host.rstrip("."), port=port, scheme=scheme)
    if ip is not None:
        return Destination(raw, "ip", host=host, port=port, scheme=scheme)
    if all(part.isdigit() for part in host.rstrip(".").split(".")):
        return Destination(raw, "bad", error=Text(N_("'{value}' is not a valid IPv4 address"), value=host))
    return Destination(raw, "name", host=host, port=port, scheme=scheme)


# --------------------------------------------------------------------------- helpers
def _listen_basis(container: Container) -> Text:
    """Why the simulation says ``container`` listens where it does (short, for a hop)."""
    if container.listening is None:
        return Text(N_("assumed from its declared containerPort: the simulation cannot run the image"))
    if container.listen_env:
        return Text(N_("in this lesson its program listens on the port in {env}"), env=", ".join(container.listen_env))
    return Text(N_("as this lesson says, whatever it declares"))


def policy_network(cluster: Cluster, client: str | None = None) -> Network | None:
    """The NetworkPolicy view of ``cluster`` that traces follow (its Pods, policies,
    Namespace labels and nodes; a client outside the cluster and the nodes' addresses as
    possible sources), kept with the cluster until it changes. None when the cluster has
    no policies: then nothing is filtered. ``client``: the address of a client outside
    the cluster other than :data:`EXTERNAL_CLIENT_IP`, as a possible source too."""
    if not cluster.policies:
        return None
    return network_of(cluster, client)


def network_of(cluster: Cluster, client: str | None = None) -> Network:
    """The NetworkPolicy view of ``cluster`` (as :func:`policy_network`, also without
    policies: the lab's Policies panel shows that everything is allowed). A node's
    address is that node to the policies: a Pod always lets its own node in."""
    extra = client if client and client != EXTERNAL_CLIENT_IP else None

    def make() -> Network:
        global _LAST_NETWORK
        namespaces = [Namespace.of(name, labels) for name, labels in cluster.namespace_labels.items()]
        addresses = [EXTERNAL_CLIENT_IP, *([extra] if extra else []), *(n.ip for n in cluster.nodes if n.ip)]
        # the lab builds one per keystroke, mostly for the same Pods: their classes carry over
        network = Network(cluster.pods, cluster.policies, namespaces, cluster.nodes, addresses=addresses,
                          reuse=_LAST_NETWORK)
        if extra is None:
            _LAST_NETWORK = network
        return network

    return cluster.memo("netpol" if extra is None else f"netpol {extra}", make)


#: the network built last (Network(reuse=...) takes its classes over when the Pods match)
_LAST_NETWORK: Network | None = None


def _choose(candidates: list[Any], rule: str, pick: int, client_ip: str | None) -> int:
    """The index of the candidate a connection reaches: ``pick`` (modulo their number),
    or under ClientIP affinity a hash of the client's address (the same every time)."""
    if rule == "client_ip":
        return zlib.crc32((client_ip or "").encode()) % len(candidates)
    return pick % len(candidates)


def host_name(pod: Pod) -> str:
    """The Pod's host name as the kubelet sets it (``spec.hostname`` or the name, at
    most 63 characters)."""
    name = pod.hostname or pod.name
    return name[:63].rstrip("-.")


def _ports_text(service: Service) -> str:
    return ", ".join(f"{p.port}/{p.protocol}" + (f" ({p.name})" if p.name else "") for p in service.ports) or "-"


def _peer_name(pod: Pod) -> str:
    """A Pod as policies name it (``namespace/name``)."""
    return f"{pod.namespace}/{pod.name}" if pod.namespace else pod.name


def _detail(values: dict[str, Any]) -> dict[str, Any]:
    """Hop details whose keys are not Python names (``from``)."""
    return values


class _Tracer:
    def __init__(self, cluster: Cluster, source: Source, destination: str, pick: int, protocol: str) -> None:
        self.cluster = cluster
        self.source = source
        self.pick = pick
        self.protocol = protocol
        self.t = Trace(source=source, destination=destination)
        self.src_pod: Pod | None = None
        self.src_node: str | None = None
        #: the node whose kube-proxy rules translated the destination (Service paths)
        self.translated_on: str | None = None
        #: the NetworkPolicy view (None: the cluster has no policies, nothing is filtered)
        self.net = policy_network(cluster, source.client_address if source.external else None)

    # -------------------------------------------------------------- recording
    def hop(self, kind: str, text: Text, ok: bool = True, **detail: Any) -> Hop:
        h = Hop(kind, text, ok, detail)
        self.t.hops.append(h)
        return h

    def fail(self, code: str, text: Text, kind: str | None = None, *, symptom: str | None = None,
             **detail: Any) -> NoReturn:
        if kind is not None:
            self.hop(kind, text, False, code=code, **detail)
        self.t.ok = False
        self.t.failure = code
        self.t.failure_text = text
        self.t.symptom = symptom or SYMPTOMS.get(code)
        if code == "port_not_exposed" and symptom is None:
            self.t.symptom = "refused" if kind == "nodeport" else "timeout"
        raise _Stop

    def succeed(self, pod: Pod, port: int, container: str) -> None:
        self.t.ok = True
        self.t.pod, self.t.port, self.t.container = pod, port, container

    # -------------------------------------------------------------- entry
    def run(self, destination: str) -> Trace:
        try:
            self._source()
            dest = parse_destination(destination)
            if dest.kind == "env":
                dest = self._env(dest)
            if dest.kind == "bad":
                self.fail("bad_destination", Text(N_("'{destination}' is not a destination: {why}"),
                                                   destination=dest.text.strip(), why=dest.error))
            if dest.kind == "loopback":
                self._loopback(dest)
            elif dest.kind == "ip":
                self._ip(dest.host, dest.port)
            else:
                self._name(dest)
        except _Stop:
            pass
        return self.t

    def _source(self) -> None:
        src = self.source
        if src.external:
            self.t.client_ip = self.t.source_ip = src.client_address
            return
        if src.pod is None:  # a throwaway client Pod, placed on the first node
            self.src_node = self.cluster.nodes[0].name if self.cluster.nodes else None
            return
        pod = self.cluster.pod(src.pod, src.namespace)
        if pod is None:
            self.fail("unknown_source", Text(N_("there is no Pod {pod} in namespace {namespace}"),
                                             pod=src.pod, namespace=src.namespace))
        if src.container is not None and all(c.name != src.container for c in pod.containers):
            self.fail("unknown_source", Text(N_("Pod {pod} has no container {container} (it has: {containers})"),
                                             pod=pod.name, container=src.container,
                                             containers=", ".join(c.name for c in pod.containers) or _NONE))
        if pod.phase != "Running" or not pod.ip:
            self.fail("source_not_running", Text(N_("Pod {pod} is not running (phase {phase}), so it sends nothing"),
                                                 pod=pod.name, phase=pod.phase))
        self.src_pod = pod
        self.src_node = pod.node
        self.t.client_ip = self.t.source_ip = pod.ip

    def _container_name(self) -> str | None:
        if self.source.container:
            return self.source.container
        pod = self.src_pod
        return pod.containers[0].name if pod is not None and pod.containers else None

    def _env(self, dest: Destination) -> Destination:
        name = dest.host
        pod = self.src_pod
        cname = self._container_name()
        container = next((c for c in pod.containers if c.name == cname), None) if pod is not None else None
        if container is None or name not in container.env:
            where = Text(N_("container {container} of Pod {pod}"), container=cname or "-", pod=pod.name) \
                if pod is not None else self.source.text
            self.fail("bad_destination", Text(N_("{where} has no environment variable {name}"), where=where,
                                              name=name), "env", variable=name)
        value = container.env[name]
        self.hop("env", Text(N_("{container} reads {name}={value}"), container=container.name, name=name,
                             value=value), variable=name, value=value)
        self.t.destination = value
        return parse_destination(value)

    def _need_port(self, port: int | None, what: Text) -> int:
        if port is None:
            self.fail("needs_port", Text(N_("{what} needs a port: add :PORT"), what=what))
        return port

    # -------------------------------------------------------------- loopback
    def _loopback(self, dest: Destination) -> None:
        if self.source.external:
            self.fail("no_route", Text(N_("{host} on a machine outside the cluster is that machine itself, "
                                          "not a Pod"), host=dest.host), "loopback")
        port = self._need_port(dest.port, Text(N_("{host}"), host=dest.host))
        pod = self.src_pod
        if pod is None:
            self.fail("not_listening", Text(N_("nothing listens on port {port} inside the temporary client "
                                               "Pod, so the connection is refused"), port=port), "loopback", port=port)
        me = self._container_name()
        self.hop("loopback", Text(N_("{container} → {host}:{port} inside Pod {pod}: all containers of a Pod "
                                     "share one network namespace"), container=me or "-", host=dest.host,
                                  port=port, pod=pod.name), pod=pod.name, port=port)
        self._listen(pod, port, same_pod=True)

    def _listen(self, pod: Pod, port: int, *, same_pod: bool = False) -> None:
        listener = pod.listener(port, self.protocol)
        if listener is None:
            self.t.pod, self.t.port = pod, port
            self.fail("not_listening", not_listening_text(pod, port, self.protocol), "container", pod=pod.name,
                      port=port)
        container = listener.name
        basis = _listen_basis(listener)
        if same_pod and container == self._container_name():
            text = Text(N_("container {container} itself listens on port {port} ({basis})"), container=container,
                        port=port, basis=basis)
        else:
            text = Text(N_("container {container} listens on port {port} ({basis})"), container=container,
                        port=port, basis=basis)
        others = [c.name for c in pod.containers if c is not listener and c.listens_on(port, self.protocol)]
        if others:
            text = Text(N_("{text}; container {other} also wants port {port} and cannot bind it (address already "
                           "in use): the containers of a Pod share their ports"), text=text, other=", ".join(others),
                        port=port)
        self.hop("container", text, pod=pod.name, container=container, port=port,
                 assumed=listener.listening is None, clash=others)
        self.succeed(pod, port, container)

    # -------------------------------------------------------------- IP addresses
    def _ip(self, ip: str, port: int | None) -> None:
        cluster = self.cluster
        pod = cluster.pod_by_ip(ip)
        if pod is not None and pod.host_network and cluster.node_by_ip(ip) is not None and not (
                port is not None and any(c.listens_on(port) for c in pod.containers)):
            pod = None  # a hostNetwork Pod has its node's address: a port it does not listen on is the node's
        if pod is not None:
            self._pod_ip(pod, port)
            return
        service = cluster.service_by_cluster_ip(ip)
        if service is not None:
            self._vip(service, port, ip)
            return
        node = cluster.node_by_ip(ip)
        if node is not None:
            self._node_port(node, port)
            return
        service = cluster.service_by_load_balancer(ip)
        if service is not None:
            self._load_balancer(service, ip, port)
            return
        service = cluster.service_by_external_ip(ip)
        if service is not None:
            self._external_ip(service, ip, port)
            return
        owner = cluster.node_for_pod_ip(ip)
        if owner is not None:
            self.fail("unknown_ip", Text(N_("no Pod has IP {ip} (it is in the Pod range of {node}); Pods get new "
                                            "IPs when they are replaced"), ip=ip, node=owner.name), "pod", ip=ip)
        try:
            in_services = ipaddress.IPv4Address(ip) in ipaddress.IPv4Network(cluster.service_cidr)
        except ValueError:  # pragma: no cover - parse_destination checked it
            in_services = False
        if in_services:
            self.fail("unknown_ip", Text(N_("no Service has the cluster IP {ip}"), ip=ip), "vip", ip=ip)
        self.fail("unknown_ip", Text(N_("no Pod, Service or node of the simulated cluster has the IP {ip}"), ip=ip),
                  "pod", ip=ip)

    def _pod_ip(self, pod: Pod, port: int | None) -> None:
        if self.source.external and not pod.host_network:  # (a hostNetwork Pod has its node's address)
            self.fail("no_route", Text(N_("{ip} is a Pod IP ({pod}): Pod IPs are routed only inside the cluster, "
                                          "so a client outside cannot reach it; use a NodePort or LoadBalancer "
                                          "Service"), ip=pod.ip, pod=pod.name), "pod", ip=pod.ip)
        if pod.phase in ("Succeeded", "Failed"):
            self.fail("pod_not_running", Text(N_("Pod {pod} ({ip}) has finished (phase {phase}): nothing answers at "
                                                 "its IP"), pod=pod.name, ip=pod.ip, phase=pod.phase), "pod",
                      pod=pod.name)
        port = self._need_port(port, Text(N_("Pod IP {ip}"), ip=pod.ip))
        self._deliver(pod, port, self.src_node, direct=True)

    def _deliver(self, pod: Pod, port: int, from_node: str | None, *, direct: bool = False,
                 snat: bool = False) -> None:
        """The last steps: across nodes (or not), into the Pod, to the listening container.
        ``snat``: the source was rewritten to a node's address (shown already)."""
        same_pod = self.src_pod is not None and pod is self.src_pod
        translated = self.translated_on
        if from_node is not None and pod.node is not None and not same_pod:
            if from_node == pod.node:
                self.hop("node", Text(N_("stays on node {node}"), node=pod.node),
                         **_detail({"from": from_node, "to": pod.node, "crossing": False}))
            elif snat:
                self.hop("node", Text(N_("node {from_node} forwards it to node {to_node}"), from_node=from_node,
                                      to_node=pod.node),
                         **_detail({"from": from_node, "to": pod.node, "crossing": True, "snat": True}))
            elif translated is not None:
                self.hop("node", Text(N_("crosses from node {from_node} to node {to_node}: no source NAT "
                                         "(destination already translated on {node})"), from_node=from_node,
                                      to_node=pod.node, node=translated),
                         **_detail({"from": from_node, "to": pod.node, "crossing": True, "snat": False}))
            else:
                self.hop("node", Text(N_("crosses from node {from_node} to node {to_node}: Pod-to-Pod routing, no "
                                         "NAT"), from_node=from_node, to_node=pod.node),
                         **_detail({"from": from_node, "to": pod.node, "crossing": True}))
        self._policy(pod, port)
        source = self.t.source_ip
        if direct and not pod.ready:
            text = Text(N_("arrives at Pod {pod} {ip}:{port} (it is not ready, but readiness only matters to "
                           "Services)"), pod=pod.name, ip=pod.ip, port=port)
        else:
            text = Text(N_("arrives at Pod {pod} {ip}:{port}"), pod=pod.name, ip=pod.ip, port=port)
        if source is not None and not same_pod:
            text = Text(N_("{text}; the Pod sees the source address {source}"), text=text, source=source)
        self.hop("pod", text, pod=pod.name, namespace=pod.namespace, ip=pod.ip, port=port, node=pod.node,
                 source=source)
        self._listen(pod, port, same_pod=same_pod)

    # -------------------------------------------------------------- NetworkPolicy
    def _dns_policy(self, name: str) -> None:
        """A name lookup is a query to the cluster DNS server (port 53/UDP): fail when the
        source Pod's egress policies (or the DNS Pod's ingress policies) drop it."""
        net, pod = self.net, self.src_pod
        if net is None or pod is None:
            return
        try:
            v = net.dns_verdict(pod, "UDP")
        except ProbeError:  # pragma: no cover - a running source Pod with an IP is probed
            return
        if v.allowed:
            if v.egress.isolated and not pod.host_network:
                self.hop("policy", Text(N_("NetworkPolicy lets the DNS query through to the cluster DNS server "
                                           "({dns} port 53/UDP): {reason}"), dns=_peer_name(v.dst), reason=v.reason),
                         dns=True, allowed=True, policies=[p.key for p in v.egress.policies])
            return
        self.t.verdict = v
        self.fail("dns_denied_by_policy",
                  Text(N_("the DNS query for {name} is dropped: NetworkPolicy does not let it reach the cluster DNS "
                          "server ({dns} port 53/UDP), so no name resolves and the client gives up after waiting "
                          "(\"could not resolve host\"): {reason}"), name=name, dns=_peer_name(v.dst), reason=v.reason),
                  "dns", query=name, policy=True, denied_by=list(v.denied_by), symptom="unresolved")

    def _policy(self, pod: Pod, port: int) -> None:
        """The NetworkPolicy check of a connection arriving at ``pod`` on ``port``: the
        source's egress and the destination's ingress (against the source address the Pod
        sees). A denied connection is dropped (the client times out)."""
        net = self.net
        src = self.src_pod
        if net is None or (src is not None and pod is src):
            return
        seen = self.t.source_ip
        try:
            net.pod_class(pod)
            if src is not None and seen == src.ip:
                v = net.verdict(src, pod, port, self.protocol)
            elif seen is not None and (src is not None or self.source.external):
                inbound = net.verdict(net.address_peer(seen), pod, port, self.protocol)
                if src is not None:  # a Pod's connection, source-NATed to a node's address on the way
                    out = net.verdict(src, pod, port, self.protocol).egress
                    v = Verdict(src, pod, port, self.protocol, out.allowed and inbound.ingress.allowed, out,
                                inbound.ingress, inbound.listening)
                else:
                    v = inbound
            else:  # a temporary client Pod: it has no address yet, nothing to check
                return
        except ProbeError:  # not a probed Pod (not running, no IP): the simulation does not filter it
            return
        self.t.verdict = v
        policies = sorted({p.key for side in (v.egress, v.ingress) for p in side.isolating})
        if v.allowed:
            if v.ingress.code == "node" and seen != self.t.client_ip:
                self.hop("policy", Text(N_("NetworkPolicy lets it in without asking the rules of {policies}: after "
                                           "source NAT the connection comes from {address}, the address of Pod "
                                           "{pod}'s own node {node}, and traffic from a Pod's own node is always "
                                           "allowed. It gets in whoever sent it; a connection that a node passes on "
                                           "to a Pod on another node is checked against the policies"),
                                        policies=", ".join(policies), address=seen, pod=pod.name, node=pod.node),
                         allowed=True, policies=policies, port=port, own_node=True)
            elif v.egress.isolated or v.ingress.isolated:
                self.hop("policy", Text(N_("NetworkPolicy allows it ({port}/{protocol} to Pod {pod}): {reason}"),
                                        port=port, protocol=self.protocol, pod=pod.name, reason=v.reason),
                         allowed=True, policies=policies, port=port)
            return
        self.t.pod, self.t.port = pod, port
        self.fail("denied_by_policy",
                  Text(N_("NetworkPolicy drops the connection to Pod {pod} port {port}/{protocol} (policies see the "
                          "Pod's address and container port), so no answer comes back and the client times out: "
                          "{reason}"), pod=pod.name, port=port, protocol=self.protocol, reason=v.reason),
                  "policy", pod=pod.name, port=port, denied_by=list(v.denied_by), policies=policies)

    def _source_nat(self, node: str | None, service: Service) -> None:
        """``externalTrafficPolicy: Cluster``: the node that takes the connection rewrites
        its source address to its own, wherever the endpoint runs."""
        before = self.t.source_ip or "-"
        found = self.cluster.node(node) if node is not None else None
        after = found.ip if found is not None else None
        if found is not None:
            text = Text(N_("node {node} rewrites the source address {before} → {after} (source NAT): with "
                           "externalTrafficPolicy: Cluster the node that takes the connection does so even when the "
                           "endpoint runs on that same node, so the reply comes back through it"),
                        node=found.name, before=before, after=after)
        else:
            text = Text(N_("the node that takes the connection rewrites the source address {before} to its own "
                           "(source NAT), because externalTrafficPolicy is Cluster"), before=before)
        self.t.source_ip = after
        self.hop("snat", text, service=service.name, snat=True, before=before, after=after, node=node)

    def _keep_source(self, service: Service) -> None:
        """``externalTrafficPolicy: Local``: no source NAT, the Pod sees the client."""
        self.hop("snat", Text(N_("no source NAT: with externalTrafficPolicy: Local the node only uses its own "
                                 "endpoints, so the Pod sees the client's address {source}"),
                              source=self.t.source_ip or "-"),
                 service=service.name, snat=False, before=self.t.source_ip, after=self.t.source_ip)

    # -------------------------------------------------------------- Services
    def _service_port(self, service: Service, port: int | None, entry: Text) -> ServicePort:
        if port is None:
            if len(service.ports) == 1:
                return service.ports[0]
            if not service.ports:
                self.fail("needs_port", Text(N_("Service {service} declares no ports: add :PORT"),
                                             service=service.name))
            self.fail("needs_port", Text(N_("Service {service} has several ports ({ports}): add :PORT to {entry}"),
                                         service=service.name, ports=_ports_text(service), entry=entry))
        for sp in service.ports:
            if sp.port == port and sp.protocol == self.protocol:
                return sp
        hint: Text | None = None
        endpoints = None
        for sp in service.ports:
            resolved = sp.target_port == port
            if isinstance(sp.target_port, str):
                if endpoints is None:
                    endpoints = select(service, self.cluster, others=False).endpoints
                resolved = any(find_port(p, sp).port == port for p in endpoints)
            if sp.port == port:
                hint = Text(N_("port {port} is exposed for {other} only"), port=port, other=sp.protocol)
            elif resolved:
                hint = Text(N_("{port} is the targetPort (the container's port); clients use the Service port "
                               "{service_port}"), port=port, service_port=sp.port)
            elif sp.node_port == port:
                hint = Text(N_("{port} is the nodePort, used on a node's IP; on the Service use port {service_port}"),
                            port=port, service_port=sp.port)
            if hint is not None:
                break
        text = Text(N_("Service {service} does not expose port {port}/{protocol} (its ports: {ports})"),
                    service=service.name, port=port, protocol=self.protocol, ports=_ports_text(service))
        if hint is not None:
            text = Text(N_("{text}: {hint}"), text=text, hint=hint)
        self.fail("port_not_exposed", text, "vip", service=service.name, port=port)
        raise AssertionError  # pragma: no cover

    def _vip(self, service: Service, port: int | None, ip: str) -> None:
        self.t.service = service
        if self.source.external:
            self.fail("no_route", Text(N_("{ip} is the cluster IP of Service {service}: only the nodes' forwarding "
                                          "rules know it, so it cannot be reached from outside the cluster (use a "
                                          "NodePort or LoadBalancer Service)"), ip=ip, service=service.name),
                      "vip", ip=ip)
        sp = self._service_port(service, port, Text(N_("{ip}"), ip=ip))
        if self.src_node is not None:
            text = Text(N_("Service {service} {ip}:{port}: the kube-proxy rules on node {node} (iptables/nftables) "
                           "rewrite the destination to a ready endpoint"), service=service.name, ip=ip,
                        port=sp.port, node=self.src_node)
        else:
            text = Text(N_("Service {service} {ip}:{port}: the node's kube-proxy rules (iptables/nftables) rewrite "
                           "the destination to a ready endpoint"), service=service.name, ip=ip, port=sp.port)
        self.hop("vip", text, service=service.name, namespace=service.namespace, ip=ip, port=sp.port)
        local = None
        if service.internal_traffic_policy == "Local" and self.src_node is not None:
            local = self.src_node
        self._endpoint(service, sp, from_node=self.src_node, local=local, policy="internal")

    def _endpoint(self, service: Service, sp: ServicePort, *, from_node: str | None, local: str | None,
                  policy: str, nat: str | None = None) -> None:
        """The node's rules choose an endpoint (``from_node``: that node; ``local``: only
        its endpoints; ``nat``: ``snat`` or ``keep`` for the source address)."""
        selection = select(service, self.cluster, others=False)
        why = selection.why_no_endpoints()
        if why is not None:
            self.fail("no_endpoints", Text(N_("Service {service} has no endpoints ({why}), so the node's "
                                              "iptables/nftables rules reject the connection: the client sees "
                                              "\"connection refused\". That symptom alone does not tell the layer: "
                                              "a port where nothing listens is refused the same way"),
                                           service=service.name, why=why[1]),
                      "endpoint", service=service.name, reason=why[0])
        ready = [(p, r) for p, r in selection.endpoint_states() if r]
        if not ready:
            first = selection.not_ready[0]
            verdict = selection.verdict(first.name)
            self.fail("not_ready", Text(N_("Service {service} has endpoints, but none is ready, and not-ready "
                                           "endpoints get no traffic ({pod}: {reason}); with no ready endpoint the "
                                           "rules reject the connection (\"connection refused\")"),
                                        service=service.name, pod=first.name,
                                        reason=verdict.endpoint_reason if verdict else ""),
                      "endpoint", service=service.name, not_ready=[p.name for p in selection.not_ready])
        targets = [find_port(p, sp, True) for p, _ in ready]
        usable = [t for t in targets if t.port is not None]
        if not usable:
            self.fail("target_unresolved", Text(N_("the targetPort {target} of Service port {port} resolves on none "
                                                   "of the ready endpoints, so this port has no endpoints and the "
                                                   "connection is refused: {reason}"), target=sp.target_port,
                                                port=sp.port, reason=targets[0].reason or ""),
                      "endpoint", service=service.name, unresolved=[t.pod.name for t in targets])
        if local is not None:
            usable = [t for t in usable if t.pod.node == local]
            if not usable:
                if policy == "external":
                    text = Text(N_("externalTrafficPolicy is Local and node {node} has no ready endpoint of Service "
                                   "{service}, so it drops the request"), node=local, service=service.name)
                else:
                    text = Text(N_("internalTrafficPolicy is Local and node {node} has no ready endpoint of Service "
                                   "{service}, so the request is dropped"), node=local, service=service.name)
                self.fail("no_local_endpoint", text, "endpoint", service=service.name, node=local)
        rule = "client_ip" if service.session_affinity == "ClientIP" else "random"
        index = _choose(usable, rule, self.pick, self.t.client_ip)
        chosen = usable[index]
        assert chosen.port is not None  # a usable target has a port
        candidates = tuple(Endpoint(t.pod.name, t.pod.namespace, t.pod.ip, t.port, t.pod.node)
                           for t in usable if t.port is not None)
        self.t.balance = Balance(service.name, service.namespace, candidates, index, rule, from_node)
        self.translated_on = from_node
        where = Text(N_("{pod} {ip}:{port}"), pod=chosen.pod.name, ip=chosen.pod.ip, port=chosen.port)
        if len(usable) == 1:
            text = Text(N_("one endpoint can answer, so every connection goes to {endpoint}"), endpoint=where)
        elif rule == "client_ip":
            text = Text(N_("{count} endpoints could answer; sessionAffinity is ClientIP, so the rules send every "
                           "connection from {client} to the same one: {endpoint}"), count=len(usable),
                        client=self.t.client_ip or "-", endpoint=where)
        else:
            text = Text(N_("{count} endpoints could answer; the rules pick one at random for each new connection "
                           "(not in turn), and this connection reached {endpoint}"), count=len(usable), endpoint=where)
        skipped = [t.pod.name for t in targets if t.port is None]
        self.hop("endpoint", text, service=service.name, pod=chosen.pod.name, ip=chosen.pod.ip, port=chosen.port,
                 choices=[t.pod.name for t in usable], chosen=index, rule=rule, skipped=skipped,
                 target_port=sp.target_port)
        if nat == "snat":
            self._source_nat(from_node, service)
        elif nat == "keep":
            self._keep_source(service)
        self._deliver(chosen.pod, chosen.port, from_node, snat=nat == "snat")

    def _node_port(self, node: Node, port: int | None) -> None:
        port = self._need_port(port, Text(N_("node {node} ({ip})"), node=node.name, ip=node.ip))
        for service in self.cluster.services:
            if service.type not in ("NodePort", "LoadBalancer"):
                continue
            for sp in service.ports:
                if sp.node_port == port and sp.protocol == self.protocol:
                    self._via_node(service, sp, node)
                    return
        hint = None
        for service in self.cluster.services:
            for sp in service.ports:
                if sp.port == port or sp.target_port == port:
                    hint = Text(N_("{port} is a port of Service {service}, not a nodePort"), port=port,
                                service=service.name)
                    break
        if hint is None:
            pods = [p for p in self.cluster.pods if p.node == node.name and p.listener(port, self.protocol)]
            if pods:
                hint = Text(N_("Pod {pod} on this node listens on {port}, but inside its own network namespace: "
                               "use its Pod IP {ip}"), pod=pods[0].name, port=port, ip=pods[0].ip)
        text = Text(N_("{ip} is node {node}, and nothing listens on its port {port}: no Service has nodePort "
                       "{port}"), ip=node.ip, node=node.name, port=port)
        if hint is not None:
            text = Text(N_("{text} ({hint})"), text=text, hint=hint)
        self.fail("port_not_exposed", text, "nodeport", node=node.name, port=port)

    def _via_node(self, service: Service, sp: ServicePort, node: Node) -> None:
        self.t.service = service
        self.hop("nodeport", Text(N_("node {node} {ip}:{node_port} → Service {service} port {port}"),
                                  node=node.name, ip=node.ip, node_port=sp.node_port, service=service.name,
                                  port=sp.port),
                 node=node.name, ip=node.ip, node_port=sp.node_port, service=service.name, port=sp.port)
        local = node.name if self.source.external and service.external_traffic_policy == "Local" else None
        # with externalTrafficPolicy Cluster the node source-NATs, wherever the endpoint is
        self._endpoint(service, sp, from_node=node.name, local=local, policy="external", nat=self._ext_nat(service))

    def _ext_nat(self, service: Service) -> str | None:
        """What happens to the source address of traffic to a node port, a load-balancer
        address or an external IP: ``snat`` under ``externalTrafficPolicy: Cluster``
        (kube-proxy masquerades all of it); under ``Local`` the client's address is kept
        (``keep``), and traffic from a Pod is handled like cluster-IP traffic (None)."""
        if service.external_traffic_policy == "Local":
            return "keep" if self.source.external else None
        return "snat"

    def _load_balancer(self, service: Service, ip: str, port: int | None) -> None:
        self.t.service = service
        sp = self._service_port(service, port, Text(N_("{ip}"), ip=ip))
        if not self.source.external:
            self.hop("loadbalancer", Text(N_("load balancer {ip}:{port}: from inside the cluster the node's kube-proxy "
                                             "rules (iptables/nftables) catch this address and rewrite the "
                                             "destination to an endpoint, as for the cluster IP; the packet never "
                                             "goes out to the load balancer"), ip=ip, port=sp.port),
                     service=service.name, ip=ip, port=sp.port)
            self._endpoint(service, sp, from_node=self.src_node, local=None, policy="internal",
                           nat=self._ext_nat(service))
            return
        nodes = self.cluster.nodes
        if not sp.node_port or not nodes:
            self.hop("loadbalancer", Text(N_("load balancer {ip}:{port} → straight to the Pods (no node ports)"),
                                          ip=ip, port=sp.port), service=service.name, ip=ip, port=sp.port)
            self._endpoint(service, sp, from_node=None, local=None, policy="external")
            return
        if service.external_traffic_policy == "Local":
            # the load balancer's health checks only pass on nodes with a ready local endpoint
            selection = select(service, self.cluster, others=False)
            healthy = [p.node for p in selection.ready if find_port(p, sp).port is not None]
            candidates = [n for n in nodes if n.name in healthy] or list(nodes)
        else:
            candidates = list(nodes)
        node = candidates[self.pick % len(candidates)]
        self.hop("loadbalancer", Text(N_("load balancer {ip}:{port} → node {node} port {node_port}"), ip=ip,
                                      port=sp.port, node=node.name, node_port=sp.node_port),
                 service=service.name, ip=ip, port=sp.port, node=node.name, node_port=sp.node_port)
        self._via_node(service, sp, node)

    def _external_ip(self, service: Service, ip: str, port: int | None) -> None:
        self.t.service = service
        sp = self._service_port(service, port, Text(N_("{ip}"), ip=ip))
        self.hop("externalip", Text(N_("external IP {ip}:{port} of Service {service}"), ip=ip, port=sp.port,
                                    service=service.name), service=service.name, ip=ip, port=sp.port)
        # which node takes it is not simulated, so no node-local choice (and no "keep" claim)
        nat = self._ext_nat(service)
        self._endpoint(service, sp, from_node=self.src_node, local=None, policy="external",
                       nat=nat if nat == "snat" else None)

    # -------------------------------------------------------------- names
    def _name(self, dest: Destination) -> None:
        name = dest.host.rstrip(".")
        cluster = self.cluster
        domain = cluster.domain
        if self.source.external:
            if name == domain or name.endswith("." + domain) or "." not in name or \
                    name.split(".", 1)[1] in cluster.namespaces():
                self.fail("nxdomain", Text(N_("{name} is a cluster DNS name, and cluster DNS only answers inside "
                                              "the cluster: from outside use a node IP and nodePort, or a "
                                              "LoadBalancer address"), name=name), "dns", query=name)
            self.fail("outside_cluster", Text(N_("{name} is resolved by public DNS, outside this simulation"),
                                              name=name), "dns", query=name)
        pod = self.src_pod
        namespace = pod.namespace if pod is not None else self.source.namespace
        found = lookup(cluster, pod, namespace, dest.host)
        self.t.lookup = found
        tried = found.tried
        # 1. the Pod's own /etc/hosts
        if found.kind == "hosts" and pod is not None:
            self.hop("hosts", Text(N_("{name} is this Pod's own host name: the kubelet-managed /etc/hosts maps "
                                      "it to the Pod's IP {ip}"), name=name, ip=pod.ip), name=name, ip=pod.ip)
            self.t.dns_answer = [pod.ip] if pod.ip else []
            port = self._need_port(dest.port, Text(N_("{name}"), name=name))
            self._deliver(pod, port, self.src_node)
            return
        # 2. DNS with the Pod's search list and ndots (queries to the cluster DNS server,
        # which the Pod's egress policies may drop)
        if found.conf.cluster_dns:
            self._dns_policy(name)
        if found.kind == "upstream":
            self.fail("outside_cluster", Text(N_("{name} is not a name inside the cluster: CoreDNS forwards it to "
                                                 "the upstream DNS servers, outside this simulation"), name=name),
                      "dns", query=name, tried=tried)
        if found.kind == "nxdomain":
            self.t.suggestion = found.suggestion
            self.fail("nxdomain", Text(N_("NXDOMAIN: {name} does not exist ({why})"), name=name,
                                       why=found.why or Text(N_("no such name"))), "dns", query=name, tried=tried)
        fqdn = found.fqdn or name
        if found.kind == "endpoint" and found.pod is not None and found.service is not None:
            target = found.pod
            self.t.dns_answer = [target.ip] if target.ip else []
            self.hop("dns", Text(N_("DNS: {name} → {ip} (Pod {pod} behind headless Service {service})"),
                                 name=name, ip=target.ip, pod=target.name, service=found.service.name),
                     query=name, fqdn=fqdn, answer=[target.ip], tried=tried)
            port = self._need_port(dest.port, Text(N_("{name}"), name=name))
            self._deliver(target, port, self.src_node)
            return
        if found.kind == "pod":
            ip = found.addresses[0]
            self.t.dns_answer = [ip]
            self.hop("dns", Text(N_("DNS: {name} → {ip} (a Pod A record: the IP is written in the name)"),
                                 name=name, ip=ip), query=name, fqdn=fqdn, answer=[ip])
            self._ip(ip, dest.port)
            return
        if found.service is not None:  # a Service's name (or its SRV name, asked for addresses)
            self._service_answer(found.service, fqdn, name, dest, tried)
            return
        self.fail("nxdomain", Text(N_("NXDOMAIN: {name} does not exist ({why})"), name=name,
                                   why=Text(N_("no such name"))), "dns", query=name, tried=tried)

    def _service_answer(self, service: Service, fqdn: str, query: str, dest: Destination, tried: list[str]) -> None:
        self.t.service = service
        shown = tried[: tried.index(fqdn) + 1] if fqdn in tried else (tried or [fqdn])
        if service.type == "ExternalName":
            target = service.external_name.rstrip(".")
            self.t.cname = target
            self.hop("dns", Text(N_("DNS: {name} → CNAME {target} (ExternalName Service {service})"), name=query,
                                 target=target, service=service.name), query=query, fqdn=fqdn, cname=target,
                     tried=shown)
            domain = self.cluster.domain
            if target.endswith("." + domain) and len(self.t.hops) < 20:
                self._name(Destination(target + ".", "name", host=target + ".", port=dest.port))
                return
            self.hop("external", Text(N_("{target} is outside the simulated cluster: the client's resolver looks it "
                                         "up and connects there directly"), target=target), target=target)
            self.t.ok = True
            self.t.port = dest.port
            return
        if service.headless:
            selection = select(service, self.cluster, others=False)
            ips = [p.ip for p in selection.ready if p.ip]  # (every ready endpoint has one)
            self.t.dns_answer = ips
            if not ips:
                why = selection.why_no_endpoints()
                reason = why[1] if why else Text(N_("none of its endpoints is ready"))
                self.hop("dns", Text(N_("DNS: {name} → no addresses (headless Service {service})"), name=query,
                                     service=service.name), False, query=query, fqdn=fqdn, answer=[], tried=shown)
                code = "no_endpoints" if why else "not_ready"
                self.fail(code, Text(N_("headless Service {service} has no ready endpoints, so its name has no "
                                        "addresses: {why}"), service=service.name, why=reason), symptom="unresolved")
            self.hop("dns", Text(N_("DNS: {name} → {ips} (headless Service {service}: the ready Pod IPs)"),
                                 name=query, ips=", ".join(ips), service=service.name),
                     query=query, fqdn=fqdn, answer=ips, tried=shown)
            index = self.pick % len(ips)
            chosen = selection.ready[index]
            port = dest.port
            if port is None:
                port = self._service_port(service, None, Text(N_("{name}"), name=query)).port
            self.t.balance = Balance(service.name, service.namespace,
                                     tuple(Endpoint(p.name, p.namespace, p.ip, port, p.node) for p in selection.ready),
                                     index, "client")
            self.hop("endpoint", Text(N_("the client picks one of the addresses itself and connects straight to "
                                         "{pod} {ip}:{port}: no virtual IP, no port translation"), pod=chosen.name,
                                      ip=chosen.ip, port=port),
                     service=service.name, pod=chosen.name, ip=chosen.ip, port=port,
                     choices=[p.name for p in selection.ready], chosen=index, rule="client")
            self._deliver(chosen, port, self.src_node)
            return
        ip = service.cluster_ip
        self.t.dns_answer = [ip]
        self.hop("dns", Text(N_("DNS: {name} → {ip} (Service {service} in namespace {namespace})"), name=query,
                             ip=ip, service=service.name, namespace=service.namespace),
                 query=query, fqdn=fqdn, answer=[ip], tried=shown)
        self._vip(service, dest.port, ip)

# --------------------------------------------------------------------------- API
def trace(cluster: Cluster, source: Source, destination: str, *, pick: int = 0, protocol: str = "TCP") -> Trace:
    """Follow a request from ``source`` to ``destination`` through ``cluster``. Never
    raises for a bad destination or source: the Trace says what is wrong."""
    return _Tracer(cluster, source, destination, pick, protocol).run(destination)


def sources(cluster: Cluster) -> list[Source]:
    """Choices for "send a request from": every running Pod, each container of Pods
    with several, then a client outside the cluster."""
    out: list[Source] = []
    for pod in cluster.pods:
        if pod.phase != "Running" or not pod.ip:
            continue
        out.append(Source(pod=pod.name, namespace=pod.namespace))
        if len(pod.containers) > 1:
            out.extend(Source(pod=pod.name, namespace=pod.namespace, container=c.name) for c in pod.containers)
    out.append(Source(external=True))
    return out


def destinations(cluster: Cluster, source: Source, *, limit: int = 60) -> list[str]:
    """Suggested destinations for ``source`` (at most ``limit``), most useful first."""
    out: dict[str, None] = {}

    def add(value: str) -> None:
        if len(out) < limit:
            out.setdefault(value, None)

    pod = cluster.pod(source.pod, source.namespace) if source.pod and not source.external else None
    namespace = pod.namespace if pod is not None else source.namespace
    if pod is not None:
        wanted = source.container or (pod.containers[0].name if pod.containers else None)
        for c in pod.containers:
            if c.name == wanted:
                for name, value in c.env.items():
                    if parse_destination(value).kind in ("ip", "name", "loopback") and (":" in value):
                        add(f"$env:{name}")
        for c in pod.containers:
            for port, _protocol in c.listen_ports:
                add(f"localhost:{port}")
    for service in sorted(cluster.services, key=lambda s: (s.namespace != namespace, s.namespace, s.name)):
        if source.external:
            break
        base = service.name if service.namespace == namespace else f"{service.name}.{service.namespace}"
        if service.type == "ExternalName" or not service.ports:
            add(base)
            continue
        for sp in service.ports:
            add(f"{base}:{sp.port}")
    for service in cluster.services:
        for sp in service.ports:
            if not source.external and service.cluster_ip and not service.headless and service.type != "ExternalName":
                add(f"{service.cluster_ip}:{sp.port}")
            if sp.node_port and service.type in ("NodePort", "LoadBalancer"):
                for node in cluster.nodes:
                    add(f"{node.ip}:{sp.node_port}")
            address = cluster.load_balancer_address(service)
            if address:
                add(f"{address}:{sp.port}")
            for ip in service.external_ips:
                add(f"{ip}:{sp.port}")
    if not source.external:
        for other in cluster.pods:
            if other is pod or not other.ip or other.phase != "Running":
                continue
            for c in other.containers:
                for port, _protocol in c.listen_ports:
                    add(f"{other.ip}:{port}")
    return list(out)
