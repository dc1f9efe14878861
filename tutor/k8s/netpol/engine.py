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
  to and from a Pod's own node is always allowed (a hostNetwork Pod on the Pod's node). Pods that are not Running or have no IP
  are not probed: they are listed in :attr:`Network.skipped`.
* **Addresses outside the Pod network** (``addresses=``: a client outside the cluster, a
  node's address after source NAT) can be the source of a connection
  (:meth:`Network.address_peer`): no policy applies to their own side, selectors never
  match them, only an ``ipBlock`` can. They are not probed. An address that is a node's
  IP is that node: traffic from it into a Pod on that node is always allowed, like all
  traffic from a Pod's own node (so a connection that the Pod's node source-NATed gets
  in whoever sent it, while one source-NATed by another node must match an ``ipBlock``).
* **Namespaces** carry ``kubernetes.io/metadata.name``; a namespace that only Pods or
  policies mention exists with just that label.

Speed: Pods are grouped into classes of equivalent Pods (same namespace, labels, the
ipBlocks their address falls in, named ports, node traffic). One side of a connection only
depends on the set of policies isolating the Pod, the peer's class, the port and the
destination's named ports, so each such combination is worked out once.
:meth:`Network.matrix` (what a lab window asks for) and :meth:`Network.class_allowed` (to
compute the visible part first) answer per class pair; reasons are
:class:`~tutor.i18n.Text` built only when read.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import N_, Text, fix_after_stand_ins, get_language, gettext, particle_finals
from tutor.k8s.model import Container, ContainerPort, Node, Pod
from tutor.k8s.netpol.model import (
    DIRECTIONS,
    EGRESS,
    INGRESS,
    PROTOCOLS,
    IPBlock,
    LabelSelector,
    Namespace,
    NetworkPolicy,
    Peer,
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
    (EGRESS, "outside"): N_("{pod} is not a Pod of the cluster, so no NetworkPolicy applies to its egress"),
    (INGRESS, "outside"): N_("{pod} is not a Pod of the cluster, so no NetworkPolicy applies to its ingress"),
    (EGRESS, "node"): N_("{peer} runs on {pod}'s node with the node's network: traffic to a Pod's own node is "
                         "always allowed"),
    (INGRESS, "node"): N_("{peer} runs on {pod}'s node with the node's network: traffic from a Pod's own node is "
                          "always allowed"),
    (INGRESS, "node_address"): N_("{peer} is the address of node {node}, where {pod} runs: traffic from a Pod's "
                                  "own node is always allowed, whatever the policies say"),
    (EGRESS, "self"): N_("{pod} connects to itself"),
    (INGRESS, "self"): N_("{pod} connects to itself"),
}
_RULE_REF = N_("{policy} rule {n}")
_NO_RULES = {EGRESS: N_("{policy} has no egress rules"), INGRESS: N_("{policy} has no ingress rules")}
_RULE_MISS_PEER = N_("{policy} rule {n}: {why}")
_RULE_MISS_PORT = N_("{policy} rule {n}: {port} is not among its ports {ports}")
_MORE = N_("{n} more")
_PEER_POD_NS = N_("{peer} is not in namespace {namespace}, and a podSelector alone ({selector}) selects only Pods "
                  "of the policy's namespace")
_PEER_POD_LABELS = N_("{peer} does not match podSelector {selector}")
_PEER_NS_LABELS = N_("namespace {namespace} does not match namespaceSelector {selector}")
_WITH_TERM = {
    _PEER_POD_LABELS: N_("{peer} does not match podSelector {selector} ({term} does not hold)"),
    _PEER_NS_LABELS: N_("namespace {namespace} does not match namespaceSelector {selector} ({term} does not hold)"),
}
_PEER_NOT_POD = N_("{peer} uses the node's network, and selectors match only Pods")
_PEER_OUTSIDE = N_("{peer} is not a Pod, and selectors match only Pods")
_PEER_IP_OUT = N_("{address} is not in ipBlock {cidr}")
_PEER_IP_EXCEPT = N_("{address} is in ipBlock {cidr} but excluded by except {excluded}")
_PEER_NO_IP = N_("{peer} has no address for ipBlock {cidr}")

_SKIP_NOT_RUNNING = N_("not running (phase {phase}): a Pod that is not running cannot be probed")
_SKIP_NO_IP = N_("no IP address yet (not scheduled or still starting), so it cannot be probed")

#: How many rule misses a denied side's reason spells out (the rest are counted).
MISSES_SHOWN = 3


class _Join:
    """Texts joined with ``sep``, each translated when shown."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Sequence[object], sep: str = "; ") -> None:
        self.items = tuple(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(i) for i in self.items)

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
    """``namespace/name``, as the conformance tests print Pods (an address outside the Pod
    network: the address)."""
    if not pod.namespace:
        return pod.name
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


class _Outcome:
    """One side worked out for a (policy set, peer class, port, destination) combination."""

    __slots__ = ("code", "isolating", "admits", "json", "encoded", "self_json", "_templates")
    _templates: dict[tuple[str, bool], str]

    def __init__(self, direction: str, code: str, isolating: tuple[NetworkPolicy, ...],
                 admits: tuple[Admit, ...]) -> None:
        self.code = code
        self.isolating = isolating
        self.admits = admits
        seen: dict[str, None] = {}
        for a in admits:
            seen.setdefault(a.policy.key, None)
        allowed, isolated = code != "denied", bool(isolating)
        self.json: dict[str, Any] = {"allowed": allowed, "isolated": isolated, "policies": list(seen)}
        names = ", ".join(f'"{_json_inner(k)}"' for k in seen)
        self.encoded = (f'{{"allowed": {"true" if allowed else "false"}, '
                        f'"isolated": {"true" if isolated else "false"}, "policies": [{names}]}}')
        self.self_json = f'{{"allowed": true, "isolated": {"true" if isolated else "false"}, "policies": []}}'
        self._templates = {}


@dataclass(frozen=True)
class Side:
    """One direction of a connection: the source's egress or the destination's ingress.

    ``code``: ``not_isolated``, ``admitted``, ``denied``, ``host_network`` (outside policy),
    ``outside`` (an address outside the Pod network: no policy applies to its side),
    ``node`` (traffic from the Pod's own node: a hostNetwork Pod there, or the node's own
    address, as after source NAT), ``self`` (a Pod to itself)."""

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
    misses: tuple[Any, ...] = ()
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
        if self.code == "node" and not self.peer.namespace:  # the node's own address (after source NAT)
            return Text(_SIDE[(self.direction, "node_address")], pod=pod_key(self.pod), peer=pod_key(self.peer),
                        node=self.pod.node or "-")
        return _side_text(self.direction, self.code, pod_key(self.pod), pod_key(self.peer),
                          f"{self.port}/{self.protocol}", self.isolating, self.admits, self.misses)

    def to_json(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "isolated": self.isolated, "policies": [p.key for p in self.policies]}


def _side_text(direction: str, code: str, pod: str, peer: str, port: str, isolating: Sequence[NetworkPolicy],
               admits: Sequence[Admit], misses: Sequence[object]) -> Text:
    params: dict[str, object] = {"pod": pod, "peer": peer, "port": port}
    if code == "admitted":
        params["rules"] = _Join([a.text() for a in admits], ", ")
    elif code == "denied":
        params["policies"] = ", ".join(p.key for p in isolating)
        shown: list[object] = list(misses[:MISSES_SHOWN])
        if len(misses) > MISSES_SHOWN:
            shown.append(Text(_MORE, n=len(misses) - MISSES_SHOWN))
        params["why"] = _Join(shown)
    return Text(_SIDE[(direction, code)], **params)


def _verdict_text(self_connection: bool, allowed: bool, egress: object, ingress: object, egress_ok: bool,
                  ingress_ok: bool) -> Text:
    if self_connection:
        return Text(_R_SELF)
    if allowed:
        return Text(_R_ALLOWED, egress=egress, ingress=ingress)
    if not egress_ok and not ingress_ok:
        return Text(_R_DENIED_BOTH, egress=egress, ingress=ingress)
    if not egress_ok:
        return Text(_R_DENIED_EGRESS, egress=egress)
    return Text(_R_DENIED_INGRESS, ingress=ingress)


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
        return _verdict_text(self.self_connection, self.allowed, self.egress.reason, self.ingress.reason,
                             self.egress.allowed, self.ingress.allowed)

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
    """A port, protocol or Pod that cannot be probed."""


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
    #: an address outside the Pod network (Network(addresses=...)), not a Pod
    outside: bool = False


_NOT_ISOLATED = "not_isolated"

#: The cluster DNS server as policies see it when the cluster has no CoreDNS Pod of its own
#: (``kube-system/coredns``, labelled ``k8s-app=kube-dns`` like the real Deployment, serving
#: 53/UDP ``dns``, 53/TCP ``dns-tcp`` and 9153/TCP ``metrics``). Policies see its Pod
#: address, never the DNS Service's cluster IP (10.96.0.10): traffic to a Service is
#: filtered after kube-proxy has rewritten the destination.
CLUSTER_DNS = Pod(
    "coredns", "kube-system", {"k8s-app": "kube-dns"},
    [Container("coredns", [ContainerPort(53, "dns", "UDP"), ContainerPort(53, "dns-tcp", "TCP"),
                           ContainerPort(9153, "metrics", "TCP")])],
    node="control-plane", ip="10.244.0.10")
_S1, _S2 = "\x01", "\x02"  # stand-ins for the two Pod names in cached reason texts
_E, _I = "\x03", "\x04"  # stand-ins for the two sides' reasons in a verdict's reason
_A = "\x05"  # stand-in for the peer's address (an ipBlock miss): Pods of a class have their own


def _format(msgid: str, text: str, **params: object) -> str:
    """``text.format(**params)`` as :func:`tutor.i18n.render` does it: a broken
    translation falls back to the English ``msgid``."""
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return msgid.format(**params)


def _plain(text: str) -> str:
    return text


_NEEDS_ESCAPE = re.compile('["\\\\\x00\x06-\x1f]')


def _json_inner(text: str) -> str:
    """``text`` as the inside of a JSON string (the stand-ins, control characters that never
    occur in names or reasons, are kept as they are)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    encoded = json.dumps(text, ensure_ascii=False)[1:-1]
    for stand_in in (_S1, _S2, _E, _I, _A):
        encoded = encoded.replace(json.dumps(stand_in)[1:-1], stand_in)
    return encoded


class Network:
    """Pods, Namespaces and valid NetworkPolicies; see the module documentation."""

    _classes: list[_ClassInfo]
    _class_of: dict[int, int]
    #: classes of equivalent probed Pods (``PodClass.id`` is what ``pod_class`` answers;
    #: the DNS stand-in and the outside addresses are in none of them)
    classes: tuple[PodClass, ...]
    _pod_ns: set[str] | None = None

    def __init__(self, pods: Iterable[Pod], policies: Iterable[NetworkPolicy] = (),
                 namespaces: Iterable[Namespace] = (), nodes: Iterable[Node] = (),
                 addresses: Iterable[str] = (), reuse: Network | None = None) -> None:
        """``reuse``: a Network built before (the lab's previous keystroke); when it has
        the same Pods (the same objects), Namespaces, nodes, outside addresses and ipBlocks,
        its classes of equivalent Pods are taken over instead of worked out again (the
        answers, which depend on the policies, are not)."""
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
        dns = next((p for p in self.pods if p.namespace == "kube-system" and p.labels.get("k8s-app") == "kube-dns"),
                   None)
        #: the cluster DNS server (a probed CoreDNS Pod, else :data:`CLUSTER_DNS`, not probed)
        self.dns_pod: Pod = dns or CLUSTER_DNS
        if dns is None:
            spaces.setdefault(CLUSTER_DNS.namespace, Namespace.of(CLUSTER_DNS.namespace))
        self._by_ns: dict[str, list[NetworkPolicy]] = {}
        for policy in self.policies:
            self._by_ns.setdefault(policy.namespace, []).append(policy)
        blocks: dict[IPBlock, None] = {}
        for policy in self.policies:
            for direction in DIRECTIONS:
                for rule in policy.rules(direction):
                    for peer in rule.peers:
                        if peer.ip_block is not None:
                            blocks.setdefault(peer.ip_block, None)
        self._blocks = list(blocks)
        any_host = any(p.host_network for p in self.pods)
        #: the addresses outside the Pod network that can be a source (address_peer)
        self._outside: dict[str, Pod] = {}
        for outside_ip in addresses:
            if outside_ip and outside_ip not in self._outside:
                self._outside[outside_ip] = Pod(outside_ip, "", ip=outside_ip, host_network=True)
        self._all = all_pods
        self._any_host = any_host
        if reuse is not None and self._same_classes(reuse, dns):
            self._outside = reuse._outside
            self._classes, self._class_of, self.classes = reuse._classes, reuse._class_of, reuse.classes
        else:
            self._make_classes(dns)
        #: outside addresses that are a node's IP -> that node (the stand-ins themselves carry
        #: no node: Pod classes are not split by node, so verdict() applies the rule)
        node_of_ip = {node.ip: name for name, node in self.nodes.items() if node.ip}
        self._outside_node: dict[str, str] = {ip: node_of_ip[ip] for ip in self._outside if ip in node_of_ip}
        self._init_caches()

    def _same_classes(self, other: Network, dns: Pod | None) -> bool:
        """Whether ``other`` has exactly the classes this network would work out."""
        mine, theirs = self._all, other._all
        return (len(mine) == len(theirs) and other._blocks == self._blocks
                and (other.dns_pod is self.dns_pod or (dns is None and other.dns_pod is CLUSTER_DNS))
                and list(other._outside) == list(self._outside)
                and {n: node.ip for n, node in other.nodes.items()} == {n: node.ip for n, node in self.nodes.items()}
                and {n: ns.labels for n, ns in other.namespaces.items() if n in self._pod_namespaces()} ==
                {n: ns.labels for n, ns in self.namespaces.items() if n in self._pod_namespaces()}
                and all(map(operator.is_, mine, theirs)))

    def _pod_namespaces(self) -> set[str]:
        found = self._pod_ns
        if found is None:
            found = self._pod_ns = {p.namespace for p in self._all} | {CLUSTER_DNS.namespace}
        return found

    def _make_classes(self, dns: Pod | None) -> None:
        any_host = self._any_host
        self._classes = []
        members: list[list[Pod]] = []
        self._class_of = {}
        index: dict[tuple[Any, ...], int] = {}
        extra = ([] if dns is not None else [CLUSTER_DNS]) + list(self._outside.values())
        for pod in [*self.pods, *extra] if extra else self.pods:
            address = self.address(pod)
            named = frozenset((cp.name, cp.container_port, cp.protocol) for c in pod.containers
                              if not c.sidecar for cp in c.ports if cp.name)
            key = (pod.namespace, frozenset(pod.labels.items()), tuple(_block_state(b, address) for b in self._blocks),
                   named, pod.host_network, pod.node if any_host else None)
            cid = index.get(key)
            if cid is None:
                cid = index[key] = len(self._classes)
                outside = not pod.namespace
                ns_labels = {} if outside else self.namespaces[pod.namespace].labels
                self._classes.append(_ClassInfo(pod.namespace, pod.labels, ns_labels, address, pod.host_network,
                                                pod.node, named, outside))
                members.append([])
            members[cid].append(pod)
            self._class_of[id(pod)] = cid
        stand_ins = {id(p) for p in extra}
        self.classes = tuple(
            PodClass(i, probed) for i, m in enumerate(members)
            if (probed := tuple(p for p in m if id(p) not in stand_ins)))

    def _init_caches(self) -> None:
        #: (direction, class) -> policy set id; policy sets interned in _psets
        self._pset_of: dict[tuple[str, int], int] = {}
        self._psets: list[tuple[NetworkPolicy, ...]] = []
        self._pset_ids: dict[tuple[int, ...], int] = {}
        self._peer_cache: dict[tuple[int, str, int, int], int] = {}
        self._outcomes: dict[tuple[Any, ...], _Outcome] = {}
        self._listening: dict[tuple[int, int, str], bool] = {}
        self._rows: dict[tuple[Any, ...], list[_Outcome]] = {}
        self._row_texts: dict[tuple[int, tuple[str, bool]], list[str]] = {}
        #: miss texts already rendered with stand-in names, per language
        self._rendered: dict[str, dict[tuple[Any, ...], str]] = {}
        self._tr_lang = ""
        self._tr_cache: dict[str, str] = {}
        self._refs: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------------ lookups
    def address(self, pod: Pod) -> str | None:
        """The address policies see for ``pod``: its IP, or its node's for hostNetwork."""
        if pod.host_network and pod.node is not None and pod.node in self.nodes:
            return self.nodes[pod.node].ip
        return pod.ip

    def address_peer(self, address: str) -> Pod:
        """The stand-in for an address outside the Pod network given as ``addresses=`` (a
        client outside the cluster, a node after source NAT), to ask :meth:`verdict` about
        a connection from it: no policy applies to its egress, only ipBlocks match it, and
        when it is a node's IP, a Pod on that node always lets it in (its own node)."""
        try:
            return self._outside[address]
        except KeyError:
            raise ProbeError(f"{address} is not one of the Network's outside addresses") from None

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
        return self._psets[self._pset(direction, self.pod_class(pod))]

    def _pset(self, direction: str, cid: int) -> int:
        key = (direction, cid)
        found = self._pset_of.get(key)
        if found is None:
            info = self._classes[cid]
            policies: tuple[NetworkPolicy, ...] = ()
            if not info.host_network:
                policies = tuple(p for p in self._by_ns.get(info.namespace, ())
                                 if p.applies(direction) and p.pod_selector.matches(info.labels))
            ids = tuple(id(p) for p in policies)
            found = self._pset_ids.get(ids)
            if found is None:
                found = self._pset_ids[ids] = len(self._psets)
                self._psets.append(policies)
            self._pset_of[key] = found
        return found

    def selected(self, policy: NetworkPolicy) -> list[Pod]:
        """The probed Pods a policy's podSelector selects (hostNetwork Pods excluded)."""
        return [p for p in self.pods if p.namespace == policy.namespace
                and not p.host_network and policy.pod_selector.matches(p.labels)]

    def isolated(self, policy: NetworkPolicy, direction: str) -> list[Pod]:
        """The probed Pods ``policy`` isolates in ``direction`` (none if the direction is not
        in its policyTypes)."""
        return self.selected(policy) if policy.applies(direction) else []

    def rule_peers(self, policy: NetworkPolicy, direction: str, rule: int) -> list[tuple[Pod, int | None]]:
        """The probed Pods a rule's peers match, each with the index of the first matching
        peer (None: the rule has no ``from``/``to``, so every Pod and address matches)."""
        r = policy.rules(direction)[rule]
        out: list[tuple[Pod, int | None]] = []
        for pod in self.pods:
            found = self._peer_index(policy, direction, rule, r, self.pod_class(pod))
            if found != -1:
                out.append((pod, None if found == -2 else found))
        return out

    def peer_miss(self, policy: NetworkPolicy, direction: str, rule: int, pod: Pod) -> Text | None:
        """Why none of a rule's peers matches ``pod`` (the deciding label, namespace or
        address for each peer), or None when one does."""
        r = policy.rules(direction)[rule]
        cid = self.pod_class(pod)
        if self._peer_index(policy, direction, rule, r, cid) != -1:
            return None
        reasons = [_peer_miss(q, policy, pod_key(pod), self._classes[cid], self.address(pod)) for q in r.peers]
        return Text(_RULE_MISS_PEER, policy=policy.key, n=rule + 1, why=_Join(reasons, " / "))

    def listening(self, pod: Pod, port: int, protocol: str) -> bool:
        """Whether a process in ``pod`` listens on ``port``/``protocol`` (Pod.listener)."""
        key = (id(pod.containers), port, protocol)
        found = self._listening.get(key)
        if found is None:
            found = self._listening[key] = pod.listener(port, protocol) is not None
        return found

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
                if _peer_matches(peer, policy.namespace, info):
                    found = i
                    break
            self._peer_cache[key] = found
        return found

    def _outcome(self, direction: str, self_cid: int, peer_cid: int, port: int, protocol: str) -> _Outcome:
        """One side. For egress ``self_cid`` is the source and the peer the destination; for
        ingress ``self_cid`` is the destination."""
        pset = self._pset(direction, self_cid)
        me = self._classes[self_cid]
        other = self._classes[peer_cid]
        node = me.node if other.host_network else None
        if direction == EGRESS:
            key: tuple[Any, ...] = (EGRESS, pset, peer_cid, port, protocol, me.host_network, node, me.outside)
        else:
            key = (INGRESS, pset, peer_cid, port, protocol, me.host_network, me.named, node, me.outside)
        found = self._outcomes.get(key)
        if found is not None:
            return found
        policies = self._psets[pset]
        if me.host_network or not policies:  # the same for every peer: one shared outcome
            code = "outside" if me.outside else "host_network" if me.host_network else _NOT_ISOLATED
            found = self._outcomes.get((direction, code))
            if found is None:
                found = self._outcomes[(direction, code)] = _Outcome(direction, code, (), ())
        elif other.host_network and other.node is not None and other.node == me.node:
            found = _Outcome(direction, "node", policies, ())  # to or from the Pod's own node
        else:
            dst = other if direction == EGRESS else me
            named = None if dst.host_network else dst.named
            admits = []
            for policy in policies:
                for r, rule in enumerate(policy.rules(direction)):
                    peer = self._peer_index(policy, direction, r, rule, peer_cid)
                    if peer == -1:
                        continue
                    p = _port_index(rule, port, protocol, named)
                    if p == -1:
                        continue
                    admits.append(Admit(policy, direction, r, None if peer == -2 else peer, None if p == -2 else p))
            found = _Outcome(direction, "admitted" if admits else "denied", policies, tuple(admits))
        self._outcomes[key] = found
        return found

    def _row(self, direction: str, cid: int, port: int, protocol: str) -> list[_Outcome]:
        """The outcomes of ``cid``'s side against every peer class (shared by the classes
        with the same policies, named ports and node)."""
        me = self._classes[cid]
        key = (direction, self._pset(direction, cid), port, protocol, me.host_network, me.outside,
               me.named if direction == INGRESS else None,
               me.node if self._any_host else None)
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = [self._outcome(direction, cid, peer, port, protocol)
                                     for peer in range(len(self._classes))]
        return row

    def _texts(self, direction: str, cid: int, port: int, protocol: str, port_text: str,
               lang: tuple[str, bool]) -> list[str]:
        """The reason templates of a row (kept with the row: classes sharing a row share them)."""
        row = self._row(direction, cid, port, protocol)
        key = (id(row), lang)
        found = self._row_texts.get(key)
        if found is None:
            found = self._row_texts[key] = [self._template(o, direction, cid, peer, port, protocol, port_text, lang)
                                            for peer, o in enumerate(row)]
        return found

    def _misses(self, outcome: _Outcome, direction: str, self_cid: int, peer_cid: int, peer_name: str,
                port: int, protocol: str, rendered: dict[tuple[Any, ...], str] | None = None,
                peer_address: str | None = None) -> tuple[Any, ...]:
        """Why each isolating policy does not admit the connection: Texts, or, with
        ``rendered`` (a cache of texts already shown, for stand-in names and address),
        strings."""
        me = self._classes[self_cid]
        other = self._classes[peer_cid]
        dst = other if direction == EGRESS else me
        named = None if dst.host_network else dst.named
        out: list[Any] = []
        for policy in outcome.isolating:
            rules = policy.rules(direction)
            if not rules:
                key: tuple[Any, ...] = (id(policy), direction)
                text: Any = rendered.get(key) if rendered is not None else None
                if text is None:
                    text = Text(_NO_RULES[direction], policy=policy.key)
                    if rendered is not None:
                        text = rendered[key] = str(text)
                out.append(text)
                continue
            for r, rule in enumerate(rules):
                if self._peer_index(policy, direction, r, rule, peer_cid) == -1:
                    key = (id(policy), direction, r, peer_cid)
                    text = rendered.get(key) if rendered is not None else None
                    if text is None:
                        why = _Join([_peer_miss(p, policy, peer_name, other, peer_address) for p in rule.peers],
                                    " / ")
                        text = Text(_RULE_MISS_PEER, policy=policy.key, n=r + 1, why=why)
                        if rendered is not None:
                            text = rendered[key] = str(text)
                    out.append(text)
                elif _port_index(rule, port, protocol, named) == -1:
                    key = (id(policy), direction, r, port, protocol, named)
                    text = rendered.get(key) if rendered is not None else None
                    if text is None:
                        text = Text(_RULE_MISS_PORT, policy=policy.key, n=r + 1, port=f"{port}/{protocol}",
                                    ports=", ".join(str(p) for p in rule.ports))
                        if rendered is not None:
                            text = rendered[key] = str(text)
                    out.append(text)
        return tuple(out)

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
        if self._outcome(EGRESS, src_cls, dst_cls, port, protocol).code == "denied":
            return False
        return self._outcome(INGRESS, dst_cls, src_cls, port, protocol).code != "denied"

    def verdict(self, src: Pod, dst: Pod, port: int, protocol: str = "TCP") -> Verdict:
        """The verdict for ``src -> dst`` on ``port``/``protocol`` (both probed Pods)."""
        self.check_port(port, protocol)
        sc, dc = self.pod_class(src), self.pod_class(dst)
        eg = self._side(EGRESS, src, dst, sc, dc, port, protocol)
        ig = self._side(INGRESS, dst, src, dc, sc, port, protocol)
        if ig.isolated and self._from_own_node(src, dst):
            ig = Side(INGRESS, dst, src, True, True, "node", ig.isolating, (), (), port, protocol)
        listening = self.listening(dst, port, protocol)
        if src is dst:
            return Verdict(src, dst, port, protocol, True, _as_self(eg), _as_self(ig), listening, True)
        return Verdict(src, dst, port, protocol, eg.allowed and ig.allowed, eg, ig, listening)

    def _from_own_node(self, src: Pod, dst: Pod) -> bool:
        """Whether ``src`` is the address of the node ``dst`` runs on (an outside address
        given as ``addresses=`` that is a node's IP: a connection that node source-NATed).
        NetworkPolicy always allows traffic from a Pod's own node into it."""
        if src.namespace or dst.node is None or dst.host_network or not self._outside_node:
            return False
        return src.ip is not None and self._outside.get(src.ip) is src and self._outside_node.get(src.ip) == dst.node

    def _side(self, direction: str, pod: Pod, peer: Pod, cid: int, peer_cid: int, port: int, protocol: str) -> Side:
        o = self._outcome(direction, cid, peer_cid, port, protocol)
        misses: tuple[Any, ...] = ()
        if o.code == "denied":
            misses = self._misses(o, direction, cid, peer_cid, pod_key(peer), port, protocol,
                                  peer_address=self.address(peer))
        return Side(direction, pod, peer, o.code != "denied", bool(o.isolating), o.code, o.isolating, o.admits,
                    misses, port, protocol)

    def dns_verdict(self, src: Pod, protocol: str = "UDP") -> Verdict:
        """Whether ``src`` may reach the cluster DNS server (:attr:`dns_pod`) on port 53:
        an egress policy that does not allow it makes every name lookup fail."""
        return self.verdict(src, self.dns_pod, 53, protocol)

    def matrix(self, port: int, protocol: str = "TCP", pods: Sequence[Pod] | None = None) -> Matrix:
        """The Pods x Pods connectivity for one port, computed per class pair."""
        self.check_port(port, protocol)
        pods = list(self.pods if pods is None else pods)
        classes = [self.pod_class(p) for p in pods]
        ingress = [self._row(INGRESS, dc, port, protocol) for dc in classes]
        rows: list[list[bool]] = []
        for i, sc in enumerate(classes):
            egress = self._row(EGRESS, sc, port, protocol)
            src = pods[i]
            rows.append([(egress[dc].code != "denied" and ingress[j][sc].code != "denied") or src is pods[j]
                         for j, dc in enumerate(classes)])
        return Matrix(port, protocol, pods, rows)

    def verdicts(self, port: int, protocol: str = "TCP") -> Iterator[Verdict]:
        """Every ordered pair of probed Pods (a Pod with itself included), rows first."""
        for src in self.pods:
            for dst in self.pods:
                yield self.verdict(src, dst, port, protocol)

    def probes_json(self, port: int, protocol: str = "TCP") -> list[dict[str, Any]]:
        """``[v.to_json() for v in verdicts(port, protocol)]`` (in the current language),
        computed per class; see :meth:`probe_lines`."""
        return [json.loads(line) for line in self.probe_lines(port, protocol)]

    def probe_lines(self, port: int, protocol: str = "TCP") -> Iterator[str]:
        """Each probe of :meth:`verdicts` as one line of compact JSON, rows first: what
        ``ktutor probe --format json`` writes."""
        head = f'"port": {port}, "protocol": "{protocol}", '
        for sname, dname, me, allowed, eg, ig, listening, reason in self._pairs(port, protocol, True):
            if me:
                eg_json, ig_json = eg.self_json, ig.self_json
            else:
                eg_json, ig_json = eg.encoded, ig.encoded
            yield (f'{{"from": "{sname}", "to": "{dname}", {head}"allowed": {"true" if allowed else "false"}, '
                   f'"listening": {"true" if listening else "false"}, "egress": {eg_json}, "ingress": {ig_json}, '
                   f'"reason": "{reason}"}}')

    def denied(self, port: int, protocol: str = "TCP") -> Iterator[tuple[Pod, Pod, str]]:
        """``(src, dst, reason)`` of every denied pair, rows first (the reason rendered in
        the current language): what ``ktutor probe`` lists under each table."""
        index = {pod_key(p): p for p in self.pods}
        for sname, dname, _me, allowed, _eg, _ig, _listening, reason in self._pairs(port, protocol, False, True):
            if not allowed:
                yield index[sname], index[dname], reason

    def _pairs(self, port: int, protocol: str, escaped: bool, only_denied: bool = False) -> Iterator[tuple[Any, ...]]:
        """(source name, destination name, self, allowed, egress outcome, ingress outcome,
        listening, reason) for every pair. A side's reason is rendered once per outcome
        with stand-ins for the two Pod names, and the names filled in per pair."""
        self.check_port(port, protocol)
        inner = _json_inner if escaped else _plain
        lang = (get_language(), escaped)
        port_text = f"{port}/{protocol}"
        names = [inner(pod_key(p)) for p in self.pods]
        addresses = [self.address(p) or "" for p in self.pods]
        classes = [self.pod_class(p) for p in self.pods]
        finals = particle_finals(pod_key(p) for p in self.pods)  # Korean: the particles after names
        layouts = {shape: inner(str(_verdict_text(False, shape[0], _E, _I, shape[1], shape[2])))
                   for shape in ((True, True, True), (False, False, True), (False, True, False),
                                 (False, False, False))}
        self_reason = inner(str(Text(_R_SELF)))
        in_rows = [self._row(INGRESS, dc, port, protocol) for dc in classes]
        listens = [self.listening(dst, port, protocol) for dst in self.pods]
        in_texts = [self._texts(INGRESS, dc, port, protocol, port_text, lang) for dc in classes]
        pods = self.pods
        for i, src in enumerate(pods):
            sc = classes[i]
            sname = names[i]
            out_row = self._row(EGRESS, sc, port, protocol)
            out_texts = self._texts(EGRESS, sc, port, protocol, port_text, lang)
            for j, dst in enumerate(pods):
                dc = classes[j]
                eg = out_row[dc]
                ig = in_rows[j][sc]
                if src is dst:
                    yield sname, sname, True, True, eg, ig, listens[j], self_reason
                    continue
                e_ok = eg.code != "denied"
                i_ok = ig.code != "denied"
                if only_denied and e_ok and i_ok:
                    continue
                dname = names[j]
                # egress: pod = source (S1), peer = destination (S2); ingress the other way round
                etext, itext = out_texts[dc], in_texts[j][sc]
                if finals is not None:
                    etext = fix_after_stand_ins(etext, (_S1, finals[i]), (_S2, finals[j]))
                    itext = fix_after_stand_ins(itext, (_S1, finals[j]), (_S2, finals[i]))
                etext = etext.replace(_S1, sname).replace(_S2, dname).replace(_A, addresses[j])
                itext = itext.replace(_S1, dname).replace(_S2, sname).replace(_A, addresses[i])
                reason = layouts[(e_ok and i_ok, e_ok, i_ok)].replace(_E, etext).replace(_I, itext)
                yield sname, dname, False, e_ok and i_ok, eg, ig, listens[j], reason

    def _template(self, o: _Outcome, direction: str, cid: int, peer_cid: int, port: int, protocol: str,
                  port_text: str, lang: tuple[str, bool]) -> str:
        """The side's reason in the current language, JSON-escaped, with stand-ins for the
        two names."""
        found = o._templates.get(lang)
        if found is None:
            misses: tuple[Any, ...] = ()
            if o.code == "denied":
                rendered = self._rendered.setdefault(lang[0], {})
                misses = self._misses(o, direction, cid, peer_cid, _S2, port, protocol, rendered, _A)
            found = self._side_string(direction, o, port_text, misses)
            if lang[1]:
                found = _json_inner(found)
            o._templates[lang] = found
        return found

    def _side_string(self, direction: str, o: _Outcome, port_text: str, misses: Sequence[Any]) -> str:
        """``str(_side_text(...))`` with the stand-in names, without building Texts: the
        rule references and policy lists are kept per language (what makes thousands of
        outcomes cheap to render)."""
        tr = self._tr
        params: dict[str, object] = {"pod": _S1, "peer": _S2, "port": port_text}
        if o.code == "admitted":
            refs = self._refs
            parts = []
            for a in o.admits:
                key = (id(a.policy), a.rule)
                ref = refs.get(key)
                if ref is None:
                    ref = refs[key] = _format(_RULE_REF, tr(_RULE_REF), policy=a.policy.key, n=a.rule + 1)
                parts.append(ref)
            params["rules"] = ", ".join(parts)
        elif o.code == "denied":
            params["policies"] = ", ".join(p.key for p in o.isolating)
            shown = [str(m) for m in misses[:MISSES_SHOWN]]
            if len(misses) > MISSES_SHOWN:
                shown.append(_format(_MORE, tr(_MORE), n=len(misses) - MISSES_SHOWN))
            params["why"] = "; ".join(shown)
        msgid = _SIDE[(direction, o.code)]
        return _format(msgid, tr(msgid), **params)

    @property
    def _tr(self) -> Any:
        """gettext for the current language, remembered per language."""
        lang = get_language()
        if self._tr_lang != lang:
            self._tr_lang, self._tr_cache, self._refs = lang, {}, {}
        cache = self._tr_cache

        def tr(msgid: str) -> str:
            found = cache.get(msgid)
            if found is None:
                found = cache[msgid] = gettext(msgid)
            return found

        return tr

    def declared_ports(self) -> list[tuple[int, str]]:
        """Every (containerPort, protocol) the probed Pods declare, sorted."""
        found = {(cp.container_port, cp.protocol) for p in self.pods for c in p.containers for cp in c.ports}
        return sorted(found, key=lambda pp: (pp[0], PROTOCOLS.index(pp[1]) if pp[1] in PROTOCOLS else 9))


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


def _port_index(rule: Rule, port: int, protocol: str, named: frozenset[tuple[str, int, str]] | None) -> int:
    """Which port entry matches: its index, -1 none, -2 any (no ports). ``named`` is the
    destination Pod's named ports (None: the destination is not a Pod)."""
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


def _block_state(block: IPBlock, address: str | None) -> int | str:
    """How ``address`` relates to ``block`` (Pods of one class relate alike, so that one
    reason fits them all): -1 no address, -2 outside the cidr, -3 inside, or the ``except``
    entry that removes it."""
    if not address:
        return -1
    if not block.in_cidr(address):
        return -2
    return block.excluded_by(address) or -3


def _peer_miss(peer: Peer, policy: NetworkPolicy, name: str, info: _ClassInfo, address: str | None = None) -> Text:
    """Why ``peer`` does not match a Pod of class ``info`` named ``name`` (``address``: its
    own address, for the text; a class holds Pods whose addresses relate alike to every
    ipBlock)."""
    if peer.ip_block is not None:
        block = peer.ip_block
        if not info.address:
            return Text(_PEER_NO_IP, peer=name, cidr=block.cidr)
        shown = address or info.address
        excluded = block.excluded_by(info.address)
        if excluded is not None and block.in_cidr(info.address):
            return Text(_PEER_IP_EXCEPT, address=shown, cidr=block.cidr, excluded=excluded)
        return Text(_PEER_IP_OUT, address=shown, cidr=block.cidr)
    if info.outside:
        return Text(_PEER_OUTSIDE, peer=name)
    if info.host_network:
        return Text(_PEER_NOT_POD, peer=name)
    if peer.namespace_selector is None and info.namespace != policy.namespace:
        return Text(_PEER_POD_NS, selector=str(peer.pod_selector), namespace=policy.namespace, peer=name)
    if peer.namespace_selector is not None and not peer.namespace_selector.matches(info.ns_labels):
        return _selector_miss(_PEER_NS_LABELS, peer.namespace_selector, info.ns_labels, namespace=info.namespace)
    assert peer.pod_selector is not None
    return _selector_miss(_PEER_POD_LABELS, peer.pod_selector, info.labels, peer=name)


def _selector_miss(msgid: str, selector: LabelSelector, labels: Mapping[str, str], **params: object) -> Text:
    if len(selector.match_labels) + len(selector.match_expressions) > 1:
        msgid = _WITH_TERM[msgid]
    return Text(msgid, selector=str(selector), term=selector.first_failure(labels) or "?", **params)


def _as_self(side: Side) -> Side:
    return Side(side.direction, side.pod, side.peer, True, side.isolated, "self", side.isolating, (), (),
                side.port, side.protocol)


__all__ = ["CLUSTER_DNS", "Admit", "Matrix", "Network", "PodClass", "ProbeError", "Side", "Skipped", "Verdict", "english",
           "pod_key"]
