"""Who may connect to whom: NetworkPolicy semantics as a conformant network plugin
enforces them (the upstream ``test/e2e/network/netpol`` conformance scenarios).

:class:`Network` holds the Pods, Namespaces and valid NetworkPolicies of a cluster and
answers :meth:`Network.verdict` for a connection ``src -> dst`` on ``port``/``protocol``:

* **Isolation is per direction.** A Pod is isolated for egress (ingress) when at least one
  policy of its namespace selects it with ``Egress`` (``Ingress``) in ``policyTypes``. A side
  that is not isolated allows everything; an isolated side allows a connection only if at
  least one rule of one of those policies admits it. Policies combine by union: there is no
  deny and no order. A connection needs **both** the source's egress side and the
  destination's ingress side.
* **A rule** admits a connection when one of its peers matches (no ``from``/``to`` = any
  peer) **and** one of its ports matches (no ``ports`` = any port, any protocol).
* **Peers:** ``podSelector`` alone = Pods of the *policy's* namespace; ``namespaceSelector``
  alone = all Pods of the matching namespaces; both in one peer = AND; ``ipBlock`` = the
  peer's address inside ``cidr`` and outside every ``except``. Selectors match Pods only.
* **Ports:** the destination port; ``port`` + ``endPort`` is an inclusive range; a named
  port is resolved on the *destination* Pod (a container port with that name, that number
  and the entry's protocol; the Pod's regular containers, as the reference evaluator
  does); a port entry without ``protocol`` is TCP.
* **Special traffic:** a Pod can always reach itself. Pods with ``hostNetwork: true`` use
  the node's network: NetworkPolicy does not apply to their own sides, selectors never
  match them, their address is the node's (only an ``ipBlock`` can match it), and traffic
  from a Pod's own node is always allowed into it. Pods that are not Running or have no IP
  are not probed: they are listed in :attr:`Network.skipped`.
* **Namespaces** carry ``kubernetes.io/metadata.name``; a namespace that only Pods or
  policies mention exists with just that label.

Speed: Pods are grouped into classes of equivalent Pods (same namespace, labels, the
ipBlocks their address falls in, named ports, node traffic), and every answer is computed
once per class pair, port and protocol: :meth:`Network.matrix` is what a lab window asks
for, :meth:`Network.class_allowed` lets a caller compute the visible part first.
Reasons are :class:`~tutor.i18n.Text`, built only when read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import N_, Text
from tutor.k8s.model import Node, Pod
from tutor.k8s.netpol.model import (
    DIRECTIONS, EGRESS, INGRESS, PROTOCOLS, IPBlock, LabelSelector, Namespace, NetworkPolicy, Peer, PolicyPort,
    Rule,
)

# ---------------------------------------------------------------------------- texts
_R_SELF = N_("a Pod can always reach itself: NetworkPolicy never blocks a Pod's traffic to itself")
_R_ALLOWED = N_("allowed: {egress}; {ingress}")
_R_DENIED_EGRESS = N_("denied by egress: {egress}")
_R_DENIED_INGRESS = N_("denied by ingress: {ingress}")
_R_DENIED_BOTH = N_("denied by egress and by ingress: {egress}; {ingress}")

_SIDE = {
    (EGRESS, "host_network"): N_("{pod} uses the node's network (hostNetwork), so NetworkPolicy does not apply to "
                                 "its egress"),
    (INGRESS, "host_network"): N_("{pod} uses the node's network (hostNetwork), so NetworkPolicy does not apply to "
                                  "its ingress"),
    (EGRESS, "not_isolated"): N_("no NetworkPolicy selects {pod} for egress, so its egress is not restricted"),
    (INGRESS, "not_isolated"): N_("no NetworkPolicy selects {pod} for ingress, so its ingress is not restricted"),
    (EGRESS, "admitted"): N_("egress from {pod} to {peer} is allowed by {rules}"),
    (INGRESS, "admitted"): N_("ingress to {pod} from {peer} is allowed by {rules}"),
    (EGRESS, "denied"): N_("{pod} is isolated for egress by {policies}, and no egress rule allows {peer} on "
                           "{port} ({why})"),
    (INGRESS, "denied"): N_("{pod} is isolated for ingress by {policies}, and no ingress rule allows {peer} on "
                            "{port} ({why})"),
    (INGRESS, "node"): N_("{peer} runs on {pod}'s node with the node's network: traffic from a Pod's own node is "
                          "always allowed"),
    (EGRESS, "self"): N_("{pod} connects to itself"),
    (INGRESS, "self"): N_("{pod} connects to itself"),
}
_RULE_REF = N_("{policy} rule {n}")
_NO_RULES = {EGRESS: N_("{policy} has no egress rules"), INGRESS: N_("{policy} has no ingress rules")}
_RULE_MISS_PEER = N_("{policy} rule {n}: {why}")
_RULE_MISS_PORT = N_("{policy} rule {n}: {port} is not among its ports {ports}")
_PEER_POD_NS = N_("{peer} is not in namespace {namespace}, and a podSelector alone ({selector}) selects only Pods "
                  "of the policy's namespace")
_PEER_POD_LABELS = N_("{peer} does not match podSelector {selector}")
_PEER_NS_LABELS = N_("namespace {namespace} does not match namespaceSelector {selector}")
_WITH_TERM = {
    _PEER_POD_LABELS: N_("{peer} does not match podSelector {selector} ({term} does not hold)"),
    _PEER_NS_LABELS: N_("namespace {namespace} does not match namespaceSelector {selector} ({term} does not hold)"),
}
_PEER_NOT_POD = N_("{peer} uses the node's network, and selectors match only Pods")
_PEER_IP_OUT = N_("{address} is not in ipBlock {cidr}")
_PEER_IP_EXCEPT = N_("{address} is in ipBlock {cidr} but excluded by except {excluded}")
_PEER_NO_IP = N_("{peer} has no address for ipBlock {cidr}")

_SKIP_NOT_RUNNING = N_("not running (phase {phase}): a Pod that is not running cannot be probed")
_SKIP_NO_IP = N_("no IP address yet (not scheduled or still starting), so it cannot be probed")


class _Join:
    """Texts joined with ``sep``, each translated when shown."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Sequence[object], sep: str = "; ") -> None:
        self.items = tuple(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(i) for i in self.items)

    def english(self) -> str:
        return self.sep.join(i.english() if isinstance(i, Text) else str(i) for i in self.items)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def english(text: object) -> str:
    """A reason in English (parameters that are Texts or joins rendered in English too)."""
    if isinstance(text, Text):
        params = {k: english(v) if isinstance(v, (Text, _Join)) else v for k, v in text.params.items()}
        return text.msgid.format(**params) if params else text.msgid
    if isinstance(text, _Join):
        return text.sep.join(english(i) for i in text.items)
    return str(text)


def pod_key(pod: Pod) -> str:
    """``namespace/name``, as the conformance tests print Pods."""
    return f"{pod.namespace}/{pod.name}"


# ---------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Skipped:
    """A Pod that is not probed, and why."""

    pod: Pod
    reason: Text
    code: str  # not_running | no_ip

    def to_json(self) -> dict[str, str]:
        return {"pod": pod_key(self.pod), "reason": str(self.reason)}


@dataclass(frozen=True)
class Admit:
    """A rule that admits a connection: ``rule`` is its index in the policy's ingress or
    egress list, ``peer`` the index of the matching peer (None: the rule has no peers, so
    any peer) and ``port`` the index of the matching port entry (None: any port)."""

    policy: NetworkPolicy
    direction: str
    rule: int
    peer: int | None
    port: int | None

    def text(self) -> Text:
        return Text(_RULE_REF, policy=self.policy.key, n=self.rule + 1)


@dataclass(frozen=True)
class Side:
    """One direction of a connection: the source's egress or the destination's ingress.

    ``code``: ``not_isolated``, ``admitted``, ``denied``, ``host_network`` (outside policy),
    ``node`` (traffic from the Pod's own node), ``self`` (a Pod to itself)."""

    direction: str
    pod: Pod
    peer: Pod
    allowed: bool
    isolated: bool
    code: str
    #: the policies that select the Pod in this direction (isolate it)
    isolating: tuple[NetworkPolicy, ...] = ()
    #: every rule that admits the connection
    admits: tuple[Admit, ...] = ()
    #: why each isolating policy's rules do not admit it (when denied)
    misses: tuple[Text, ...] = ()
    port: int = 0
    protocol: str = "TCP"

    @property
    def policies(self) -> tuple[NetworkPolicy, ...]:
        """The policies that allow the connection in this direction (each once)."""
        seen: dict[str, NetworkPolicy] = {}
        for a in self.admits:
            seen.setdefault(a.policy.key, a.policy)
        return tuple(seen.values())

    @property
    def reason(self) -> Text:
        template = _SIDE[(self.direction, self.code)]
        params: dict[str, object] = {"pod": pod_key(self.pod), "peer": pod_key(self.peer),
                                     "port": f"{self.port}/{self.protocol}"}
        if self.code == "admitted":
            params["rules"] = _Join([a.text() for a in self.admits], ", ")
        elif self.code == "denied":
            params["policies"] = ", ".join(p.key for p in self.isolating)
            params["why"] = _Join(self.misses)
        return Text(template, **params)

    def to_json(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "isolated": self.isolated, "policies": [p.key for p in self.policies]}


@dataclass(frozen=True)
class Verdict:
    """Whether ``src`` may open a connection to ``dst`` on ``port``/``protocol``."""

    src: Pod
    dst: Pod
    port: int
    protocol: str
    allowed: bool
    egress: Side
    ingress: Side
    #: whether a process in ``dst`` listens there (the one listening rule, Pod.listener)
    listening: bool
    #: a Pod to itself (always allowed)
    self_connection: bool = False

    @property
    def reason(self) -> Text:
        if self.self_connection:
            return Text(_R_SELF)
        if self.allowed:
            return Text(_R_ALLOWED, egress=self.egress.reason, ingress=self.ingress.reason)
        if not self.egress.allowed and not self.ingress.allowed:
            return Text(_R_DENIED_BOTH, egress=self.egress.reason, ingress=self.ingress.reason)
        if not self.egress.allowed:
            return Text(_R_DENIED_EGRESS, egress=self.egress.reason)
        return Text(_R_DENIED_INGRESS, ingress=self.ingress.reason)

    @property
    def denied_by(self) -> tuple[str, ...]:
        """The directions that deny it (empty when allowed)."""
        if self.allowed:
            return ()
        return tuple(s.direction for s in (self.egress, self.ingress) if not s.allowed)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": pod_key(self.src), "to": pod_key(self.dst), "port": self.port, "protocol": self.protocol,
            "allowed": self.allowed, "listening": self.listening,
            "egress": self.egress.to_json(), "ingress": self.ingress.to_json(), "reason": str(self.reason),
        }


@dataclass(frozen=True)
class PodClass:
    """Pods that every policy treats alike (the matrix is computed once per class)."""

    id: int
    pods: tuple[Pod, ...]


@dataclass
class Matrix:
    """Connectivity for one port: ``allowed[i][j]`` is ``pods[i] -> pods[j]``."""

    port: int
    protocol: str
    pods: list[Pod]
    allowed: list[list[bool]] = field(default_factory=list)

    def get(self, src: int, dst: int) -> bool:
        return self.allowed[src][dst]

    def denied(self) -> Iterator[tuple[int, int]]:
        for i, row in enumerate(self.allowed):
            for j, ok in enumerate(row):
                if not ok:
                    yield i, j


class ProbeError(ValueError):
    """A port or protocol that cannot be probed."""


# ---------------------------------------------------------------------------- the network
@dataclass
class _ClassInfo:
    namespace: str
    labels: Mapping[str, str]
    ns_labels: Mapping[str, str]
    address: str | None
    host_network: bool
    node: str | None
    #: (name, number, protocol) of the regular containers' ports (named port resolution)
    named: frozenset[tuple[str, int, str]]


_OPEN = "not_isolated"


class Network:
    """Pods, Namespaces and valid NetworkPolicies; see the module documentation."""

    def __init__(self, pods: Iterable[Pod], policies: Iterable[NetworkPolicy] = (),
                 namespaces: Iterable[Namespace] = (), nodes: Iterable[Node] = ()) -> None:
        self.policies: tuple[NetworkPolicy, ...] = tuple(policies)
        self.nodes: dict[str, Node] = {n.name: n for n in nodes}
        all_pods = list(pods)
        spaces: dict[str, Namespace] = {}
        for ns in namespaces:
            spaces[ns.name] = Namespace.of(ns.name, ns.labels)
        for name in [p.namespace for p in all_pods] + [p.namespace for p in self.policies]:
            if name not in spaces:
                spaces[name] = Namespace.of(name)
        self.namespaces: dict[str, Namespace] = spaces
        self.pods: list[Pod] = []
        self.skipped: list[Skipped] = []
        for pod in all_pods:
            if pod.phase != "Running":
                self.skipped.append(Skipped(pod, Text(_SKIP_NOT_RUNNING, phase=pod.phase), "not_running"))
            elif not pod.ip:
                self.skipped.append(Skipped(pod, Text(_SKIP_NO_IP), "no_ip"))
            else:
                self.pods.append(pod)
        self._by_ns: dict[str, list[NetworkPolicy]] = {}
        for policy in self.policies:
            self._by_ns.setdefault(policy.namespace, []).append(policy)
        self._blocks: list[IPBlock] = []
        seen_blocks: set[IPBlock] = set()
        for policy in self.policies:
            for direction in DIRECTIONS:
                for rule in policy.rules(direction):
                    for peer in rule.peers:
                        if peer.ip_block is not None and peer.ip_block not in seen_blocks:
                            seen_blocks.add(peer.ip_block)
                            self._blocks.append(peer.ip_block)
        any_host = any(p.host_network for p in self.pods)
        self._classes: list[_ClassInfo] = []
        members: list[list[Pod]] = []
        self._class_of: dict[int, int] = {}
        index: dict[tuple[Any, ...], int] = {}
        for pod in self.pods:
            host = pod.host_network
            address = self.address(pod)
            named = frozenset((cp.name, cp.container_port, cp.protocol) for c in pod.containers
                              if not c.sidecar for cp in c.ports if cp.name)
            key = (pod.namespace, frozenset(pod.labels.items()),
                   tuple(b.matches(address) for b in self._blocks), named, host,
                   pod.node if any_host else None)
            cid = index.get(key)
            if cid is None:
                cid = index[key] = len(self._classes)
                self._classes.append(_ClassInfo(pod.namespace, pod.labels, self.namespaces[pod.namespace].labels,
                                                address, host, pod.node, named))
                members.append([])
            members[cid].append(pod)
            self._class_of[id(pod)] = cid
        self.classes: tuple[PodClass, ...] = tuple(PodClass(i, tuple(m)) for i, m in enumerate(members))
        self._isolating: dict[tuple[str, int], tuple[NetworkPolicy, ...]] = {}
        self._peer_cache: dict[tuple[int, str, int, int], int] = {}
        self._side_cache: dict[tuple[str, int, int, int, str], tuple[Any, ...]] = {}

    # ------------------------------------------------------------------ lookups
    def address(self, pod: Pod) -> str | None:
        """The address policies see for ``pod``: its IP, or its node's for hostNetwork."""
        if pod.host_network and pod.node in self.nodes:
            return self.nodes[pod.node].ip  # type: ignore[index]
        return pod.ip

    def pod(self, key: str) -> Pod | None:
        """A probed Pod by ``namespace/name`` (or ``name`` in ``default``)."""
        namespace, _, name = key.rpartition("/")
        namespace = namespace or "default"
        for pod in self.pods:
            if pod.name == name and pod.namespace == namespace:
                return pod
        return None

    def pod_class(self, pod: Pod) -> int:
        """The class of a probed Pod."""
        try:
            return self._class_of[id(pod)]
        except KeyError:
            raise ProbeError(f"{pod_key(pod)} is not a probed Pod") from None

    def isolating(self, pod: Pod, direction: str) -> tuple[NetworkPolicy, ...]:
        """The policies that select ``pod`` for ``direction`` (empty: not isolated).
        hostNetwork Pods are outside policy: never isolated."""
        if pod.host_network:
            return ()
        return self._isolating_class(self.pod_class(pod), direction)

    def _isolating_class(self, cid: int, direction: str) -> tuple[NetworkPolicy, ...]:
        key = (direction, cid)
        found = self._isolating.get(key)
        if found is None:
            info = self._classes[cid]
            if info.host_network:
                found = ()
            else:
                found = tuple(p for p in self._by_ns.get(info.namespace, ())
                              if p.applies(direction) and p.pod_selector.matches(info.labels))
            self._isolating[key] = found
        return found

    def selected(self, policy: NetworkPolicy) -> list[Pod]:
        """The probed Pods a policy's podSelector selects (hostNetwork Pods excluded)."""
        return [p for p in self.pods if p.namespace == policy.namespace
                and not p.host_network and policy.pod_selector.matches(p.labels)]

    # ------------------------------------------------------------------ matching
    def _peer_index(self, policy: NetworkPolicy, direction: str, r: int, rule: Rule, cid: int) -> int:
        """Which peer of ``rule`` matches class ``cid``: its index, -1 none, -2 any (no peers)."""
        if not rule.peers:
            return -2
        key = (id(policy), direction, r, cid)
        found = self._peer_cache.get(key)
        if found is None:
            found = -1
            info = self._classes[cid]
            for i, peer in enumerate(rule.peers):
                if self._peer_matches(peer, policy.namespace, info):
                    found = i
                    break
            self._peer_cache[key] = found
        return found

    @staticmethod
    def _peer_matches(peer: Peer, policy_ns: str, info: _ClassInfo) -> bool:
        if peer.ip_block is not None:
            return peer.ip_block.matches(info.address)
        if info.host_network:
            return False  # selectors match Pods only, not the node's network
        if peer.pod_selector is not None:
            if not peer.pod_selector.matches(info.labels):
                return False
            if peer.namespace_selector is None:
                return info.namespace == policy_ns
        if peer.namespace_selector is not None:
            return peer.namespace_selector.matches(info.ns_labels)
        return True  # pragma: no cover - validation requires a peer

    @staticmethod
    def _port_index(rule: Rule, port: int, protocol: str, named: frozenset[tuple[str, int, str]] | None) -> int:
        """Which port entry matches: its index, -1 none, -2 any (no ports). ``named`` is
        the destination Pod's named ports (None: the destination is not a Pod)."""
        if not rule.ports:
            return -2
        for i, entry in enumerate(rule.ports):
            if entry.protocol != protocol:
                continue
            if entry.port is None:
                return i
            if isinstance(entry.port, int):
                end = entry.end_port if entry.end_port is not None else entry.port
                if entry.port <= port <= end:
                    return i
            elif named is not None and (entry.port, port, protocol) in named:
                return i
        return -1

    def _side(self, direction: str, self_cid: int, peer_cid: int, port: int, protocol: str) -> tuple[Any, ...]:
        """(code, isolating, admits as (policy, rule, peer, port) tuples) for one direction.
        For egress ``self_cid`` is the source; for ingress it is the destination."""
        key = (direction, self_cid, peer_cid, port, protocol)
        found = self._side_cache.get(key)
        if found is not None:
            return found
        me = self._classes[self_cid]
        other = self._classes[peer_cid]
        if me.host_network:
            found = ("host_network", (), ())
        else:
            policies = self._isolating_class(self_cid, direction)
            if not policies:
                found = (_OPEN, (), ())
            elif direction == INGRESS and other.host_network and other.node is not None and other.node == me.node:
                found = ("node", policies, ())
            else:
                dst = other if direction == EGRESS else me
                named = None if dst.host_network else dst.named
                admits = []
                for policy in policies:
                    for r, rule in enumerate(policy.rules(direction)):
                        peer = self._peer_index(policy, direction, r, rule, peer_cid)
                        if peer == -1:
                            continue
                        p = self._port_index(rule, port, protocol, named)
                        if p == -1:
                            continue
                        admits.append((policy, r, None if peer == -2 else peer, None if p == -2 else p))
                found = ("admitted" if admits else "denied", policies, tuple(admits))
        self._side_cache[key] = found
        return found

    # ------------------------------------------------------------------ answers
    @staticmethod
    def check_port(port: int, protocol: str) -> None:
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise ProbeError(f"port {port!r} is not between 1 and 65535")
        if protocol not in PROTOCOLS:
            raise ProbeError(f"protocol {protocol!r} is not one of TCP, UDP, SCTP")

    def class_allowed(self, src_cls: int, dst_cls: int, port: int, protocol: str = "TCP") -> bool:
        """Whether a Pod of class ``src_cls`` may connect to a *different* Pod of class
        ``dst_cls`` (a Pod to itself is always allowed)."""
        eg = self._side(EGRESS, src_cls, dst_cls, port, protocol)[0]
        if eg == "denied":
            return False
        return self._side(INGRESS, dst_cls, src_cls, port, protocol)[0] != "denied"

    def verdict(self, src: Pod, dst: Pod, port: int, protocol: str = "TCP") -> Verdict:
        """The verdict for ``src -> dst`` on ``port``/``protocol`` (both probed Pods)."""
        self.check_port(port, protocol)
        sc, dc = self.pod_class(src), self.pod_class(dst)
        eg = self._make_side(EGRESS, src, dst, self._side(EGRESS, sc, dc, port, protocol), port, protocol)
        ig = self._make_side(INGRESS, dst, src, self._side(INGRESS, dc, sc, port, protocol), port, protocol)
        listening = dst.listener(port, protocol) is not None
        if src is dst:
            eg = _as_self(eg)
            ig = _as_self(ig)
            return Verdict(src, dst, port, protocol, True, eg, ig, listening, self_connection=True)
        return Verdict(src, dst, port, protocol, eg.allowed and ig.allowed, eg, ig, listening)

    def _make_side(self, direction: str, pod: Pod, peer: Pod, raw: tuple[Any, ...], port: int,
                   protocol: str) -> Side:
        code, policies, admits = raw
        isolated = bool(policies)
        allowed = code != "denied"
        misses: tuple[Text, ...] = ()
        if code == "denied":
            misses = tuple(self._misses(direction, pod, peer, policies, port, protocol))
        return Side(direction, pod, peer, allowed, isolated, code, policies,
                    tuple(Admit(p, direction, r, pe, po) for p, r, pe, po in admits), misses, port, protocol)

    def _misses(self, direction: str, pod: Pod, peer: Pod, policies: Sequence[NetworkPolicy], port: int,
                protocol: str) -> Iterator[Text]:
        """Why each isolating policy does not admit the connection."""
        me = self._classes[self.pod_class(pod)]
        other = self._classes[self.pod_class(peer)]
        dst = other if direction == EGRESS else me
        named = None if dst.host_network else dst.named
        for policy in policies:
            rules = policy.rules(direction)
            if not rules:
                yield Text(_NO_RULES[direction], policy=policy.key)
                continue
            for r, rule in enumerate(rules):
                if self._peer_index(policy, direction, r, rule, self.pod_class(peer)) == -1:
                    why = _Join([self._peer_miss(p, policy, peer, other) for p in rule.peers], "; ")
                    yield Text(_RULE_MISS_PEER, policy=policy.key, n=r + 1, why=why)
                elif self._port_index(rule, port, protocol, named) == -1:
                    yield Text(_RULE_MISS_PORT, policy=policy.key, n=r + 1, port=f"{port}/{protocol}",
                               ports=", ".join(str(p) for p in rule.ports))

    def _peer_miss(self, peer: Peer, policy: NetworkPolicy, pod: Pod, info: _ClassInfo) -> Text:
        name = pod_key(pod)
        if peer.ip_block is not None:
            block = peer.ip_block
            if not info.address:
                return Text(_PEER_NO_IP, peer=name, cidr=block.cidr)
            excluded = block.excluded_by(info.address)
            if excluded is not None and block.net is not None and _in(block, info.address):
                return Text(_PEER_IP_EXCEPT, address=info.address, cidr=block.cidr, excluded=excluded)
            return Text(_PEER_IP_OUT, address=info.address, cidr=block.cidr)
        if info.host_network:
            return Text(_PEER_NOT_POD, peer=name)
        if peer.namespace_selector is None and info.namespace != policy.namespace:
            return Text(_PEER_POD_NS, selector=str(peer.pod_selector), namespace=policy.namespace, peer=name)
        if peer.namespace_selector is not None and not peer.namespace_selector.matches(info.ns_labels):
            return _selector_miss(_PEER_NS_LABELS, peer.namespace_selector, info.ns_labels, namespace=info.namespace)
        assert peer.pod_selector is not None
        return _selector_miss(_PEER_POD_LABELS, peer.pod_selector, info.labels, peer=name)

    def matrix(self, port: int, protocol: str = "TCP", pods: Sequence[Pod] | None = None) -> Matrix:
        """The Pods x Pods connectivity for one port, computed per class pair."""
        self.check_port(port, protocol)
        pods = list(self.pods if pods is None else pods)
        classes = [self.pod_class(p) for p in pods]
        cache: dict[tuple[int, int], bool] = {}
        rows: list[list[bool]] = []
        for i, sc in enumerate(classes):
            row = []
            for j, dc in enumerate(classes):
                if pods[i] is pods[j]:
                    row.append(True)
                    continue
                ok = cache.get((sc, dc))
                if ok is None:
                    ok = cache[(sc, dc)] = self.class_allowed(sc, dc, port, protocol)
                row.append(ok)
            rows.append(row)
        return Matrix(port, protocol, pods, rows)

    def verdicts(self, port: int, protocol: str = "TCP") -> Iterator[Verdict]:
        """Every ordered pair of probed Pods (a Pod with itself included), rows first."""
        for src in self.pods:
            for dst in self.pods:
                yield self.verdict(src, dst, port, protocol)

    def declared_ports(self) -> list[tuple[int, str]]:
        """Every (containerPort, protocol) the probed Pods declare, sorted."""
        found = {(cp.container_port, cp.protocol) for p in self.pods for c in p.containers for cp in c.ports}
        return sorted(found, key=lambda pp: (pp[0], PROTOCOLS.index(pp[1]) if pp[1] in PROTOCOLS else 9))


def _in(block: IPBlock, address: str) -> bool:
    return IPBlock(block.cidr).matches(address)


def _selector_miss(msgid: str, selector: LabelSelector, labels: Mapping[str, str], **params: object) -> Text:
    terms = len(selector.match_labels) + len(selector.match_expressions)
    if terms > 1:
        msgid = _WITH_TERM[msgid]
    return Text(msgid, selector=str(selector), term=selector.first_failure(labels) or "?", **params)


def _as_self(side: Side) -> Side:
    return Side(side.direction, side.pod, side.peer, True, side.isolated, "self", side.isolating, (), (),
                side.port, side.protocol)


__all__ = ["Admit", "Matrix", "Network", "PodClass", "PolicyPort", "ProbeError", "Side", "Skipped", "Verdict",
           "english", "pod_key"]
