"""The simulated cluster: Nodes, Pods and Services, with deterministic scheduling and IPs.

Scheduling (``add_pod`` of a Pod without ``node``): the node with the **fewest Pods**
so far, ties going to the earlier node in ``nodes``. Replicas therefore spread over the
nodes in order (node-a, node-b, node-a, ...) and the result depends only on the order
in which Pods are added. A Pending Pod without a node stays unscheduled (as if no node
fitted it); with no nodes at all a Pod stays Pending.

Pod IPs: each node has a Pod CIDR (``Node.pod_cidr``; nodes without one get
``10.244.<n>.0/24``). Like the CNI ``host-local`` IPAM, a node hands out the **next
free address after the last one it gave** (starting at ``.2``; ``.1`` is the node's
bridge), wrapping around at the end. So IPs are predictable (``10.244.1.2``,
``10.244.1.3``, ...) and a replaced Pod gets a new IP rather than its predecessor's.
Pending Pods get no IP; a Pod bound to a node the cluster does not have, or whose node
has run out of addresses, stays Pending without an IP.

The cluster owns what its Services hold (:attr:`Cluster.allocations`: node ports,
cluster IPs, load-balancer IPs), kept current as Services are added, replaced and
removed; the allocation stage asks :meth:`Cluster.usage_without`.

``copy()`` is cheap: the lists are copied shallowly and the lookup index and the
allocations are shared until one of the two clusters changes (copy-on-write). Pods are
never mutated in place (``add_pod`` stores a new Pod when it fills in node or IP), so
sharing them is safe. Change the cluster through ``add_pod``/``remove_pod``/
``add_service``/``remove_service``; after editing the lists directly call
:meth:`Cluster.reindex`.

NetworkPolicies and Namespace labels: :attr:`Cluster.policies` holds the valid policies
admitted into the cluster (the evaluation adds those of a text; a lesson's cluster may
have some) and :attr:`Cluster.namespace_labels` the labels of Namespace objects. The
cluster only stores them: what they allow is :mod:`tutor.k8s.netpol` (traces ask it
through :func:`tutor.k8s.trace.policy_network`). Derived answers such as that network are
kept with :meth:`Cluster.memo` until the Pods, nodes, policies or namespaces change.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from tutor.i18n import N_, Text
from tutor.k8s.model import Node, Pod, Service
from tutor.k8s.pods import (
    ListenRule,
    PodError,
    apply_listening,
    listen_rules_from_spec,
    pods_from_objects,
    pods_from_yaml,
    replacement_name,
)
from tutor.k8s.usage import Allocations, Usage

_T = TypeVar("_T")

SERVICE_CIDR = "10.96.0.0/12"
CLUSTER_DOMAIN = "cluster.local"
#: The simulated address block for LoadBalancer Services without ``load_balancer_ip``
#: (TEST-NET-3, never routed on the internet).
LOAD_BALANCER_BLOCK = "203.0.113."
DEFAULT_NODES = (
    Node("node-a", "192.168.49.2", "10.244.1.0/24"),
    Node("node-b", "192.168.49.3", "10.244.2.0/24"),
)


class ClusterSpecError(PodError):
    """A lesson's cluster description is not usable (bad node entry, bad Pod YAML)."""


def _ip_str(value: int) -> str:
    return f"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


class _Pool:
    """The Pod addresses of one node."""

    __slots__ = ("base", "size", "first", "last")

    def __init__(self, cidr: str):
        net = ipaddress.IPv4Network(cidr, strict=False)
        self.base = int(net.network_address)
        self.size = size = net.num_addresses
        # .0 is the network, .1 the node's bridge, the last one broadcast
        self.first, self.last = (2, size - 2) if size >= 8 else (0, size - 1)

    def contains(self, ip: str) -> bool:
        try:
            value = int(ipaddress.IPv4Address(ip))
        except ValueError:
            return False
        return self.base <= value < self.base + self.size


#: ``{(label key, value): [positions of the Pods having it]}``
Postings = dict[tuple[str, str], list[int]]


class _Index:
    """Lookups derived from ``Cluster.pods`` (rebuildable at any time)."""

    __slots__ = ("count", "by_key", "by_ns", "by_ip", "per_node", "labels", "full")

    def __init__(self, pods: list[Pod]):
        self.count = len(pods)
        self.by_key: dict[tuple[str, str], int] = {}
        self.by_ns: dict[str, list[Pod]] = {}
        self.by_ip: dict[str, Pod] = {}
        self.per_node: dict[str, int] = {}
        #: namespace -> (Pods indexed, {(key, value): positions in by_ns[namespace]} or None
        #: until a second selection asks for it); see label_postings
        self.labels: dict[str, tuple[int, Postings | None]] = {}
        #: Pod address pools found without a free address, (node, base, size): an index
        #: only ever gains addresses, so they stay full (thousands of Pods on a small
        #: cluster scanned the whole pool for every Pod that stays Pending)
        self.full: set[tuple[str, int, int]] = set()
        for i, pod in enumerate(pods):
            self.by_key[(pod.namespace, pod.name)] = i
            self._add(pod)

    def _add(self, pod: Pod) -> None:
        ns = self.by_ns.get(pod.namespace)
        if ns is None:
            self.by_ns[pod.namespace] = [pod]
        else:
            ns.append(pod)
        if pod.ip:
            other = self.by_ip.get(pod.ip)
            # two Pods with one IP: a finished Pod's stale status loses to a live one
            if other is None or other.phase in ("Succeeded", "Failed"):
                self.by_ip[pod.ip] = pod
        if pod.node:
            self.per_node[pod.node] = self.per_node.get(pod.node, 0) + 1

    def clone(self) -> "_Index":
        new = _Index.__new__(_Index)
        new.count = self.count
        new.by_key = dict(self.by_key)
        new.by_ns = {ns: list(pods) for ns, pods in self.by_ns.items()}
        new.by_ip = dict(self.by_ip)
        new.per_node = dict(self.per_node)
        new.labels = {}
        new.full = set(self.full)
        return new

    def label_postings(self, namespace: str, pods: list[Pod]) -> Postings | None:
        """``{(key, value): [positions]}`` of the Pods of ``namespace`` (``pods``: that
        namespace's list, or a copy of it just taken), for selecting among many Pods.
        None the first time a namespace is asked for (one scan is cheaper than
        building the index); built on the second and kept while the namespace's Pods
        stay the same (built again when Pods were added since)."""
        listed = self.by_ns.get(namespace, [])
        count = len(listed)
        if len(pods) != count:
            return None  # not this namespace's Pods
        entry = self.labels.get(namespace)
        if entry is not None and entry[0] == count and entry[1] is not None:
            return entry[1]
        if entry is None or entry[0] != count:
            self.labels[namespace] = (count, None)  # asked once: a scan will do
            return None
        postings: dict[tuple[str, str], list[int]] = {}
        try:
            for i, pod in enumerate(listed):
                for item in pod.labels.items():
                    positions = postings.get(item)
                    if positions is None:
                        postings[item] = [i]
                    else:
                        positions.append(i)
        except TypeError:  # a label that cannot be indexed: scan instead
            return None
        # one assignment: another thread reading the index sees the old entry or this one
        self.labels[namespace] = (count, postings)
        return postings


class Cluster:
    """Nodes, Pods and Services of the simulated cluster."""

    service_cidr = SERVICE_CIDR
    domain = CLUSTER_DOMAIN
    #: a lesson's listening rules (``listening:`` in its cluster): applied to the Pods
    #: of the spec and of every evaluated text; () everywhere else (the default rule)
    listening: tuple[ListenRule, ...] = ()
    #: the valid NetworkPolicies of the cluster, one per namespace/name, in the order they
    #: were admitted (:class:`tutor.k8s.netpol.model.NetworkPolicy`; typed loosely because
    #: the cluster does not import the policy engine). Replaced, never changed in place.
    policies: tuple[Any, ...] = ()
    #: the labels of the Namespace objects the inputs define (name -> labels); a namespace
    #: not listed has only its automatic ``kubernetes.io/metadata.name``. Replaced, never
    #: changed in place.
    namespace_labels: Mapping[str, Mapping[str, str]] = {}

    def __init__(self, nodes: Iterable[Node] | None = None, pods: Iterable[Pod] | None = None,
                 services: Iterable[Service] | None = None):
        self._memo: dict[str, tuple[tuple[int, int], Any]] = {}
        self.nodes: list[Node] = []
        self.pods: list[Pod] = []
        self.services: list[Service] = []
        self._pools: dict[str, _Pool] = {}
        self._cursor: dict[str, int] = {}
        self._idx: _Index | None = _Index([])
        self._idx_owned = True
        self._generation = 0
        #: (the services list it indexes, its length, (namespace, name) -> position)
        self._svc_idx: tuple[list[Service], int, dict[tuple[str, str], int]] | None = None
        #: what the Services hold (None: not asked for yet, built from ``services`` when it is)
        self._alloc: Allocations | None = None
        self._alloc_owned = True
        for node in nodes or ():
            self.add_node(node)
        for pod in pods or ():
            self.add_pod(pod)
        for service in services or ():
            self.add_service(service)

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> "Cluster":
        """Two nodes: node-a 192.168.49.2 (Pods 10.244.1.0/24), node-b 192.168.49.3
        (Pods 10.244.2.0/24)."""
        return cls(nodes=list(DEFAULT_NODES))

    @classmethod
    def from_spec(cls, spec: dict[str, Any] | None) -> "Cluster":
        """A cluster from a lesson's description::

            {"nodes": [{"name": "node-a", "ip": "192.168.49.2", "podCIDR": "10.244.1.0/24"}],
             "pods": "<multi-document YAML of Pod manifests and/or workloads>",
             "listening": [{"container": "metrics", "port": "$env:LISTEN_PORT"}],
             "namespaces": {"shop": {"team": "shop"}, "tools": {}}}

        Without ``nodes`` the default two nodes are used; a node's ``ip`` defaults to
        ``192.168.49.<n+2>`` and its ``podCIDR`` to ``10.244.<n+1>.0/24``. ``pods`` may
        also be a list of already-loaded manifests. ``listening`` says what containers
        really listen on (:func:`tutor.k8s.pods.listen_rules_from_spec`); the rules also
        apply to the Pods of texts evaluated on this cluster. ``namespaces`` gives Namespace
        objects and their labels (for NetworkPolicy namespace selectors; every namespace also
        has ``kubernetes.io/metadata.name``). Its Pods stand for running Pods: a
        container without an image and a Pod without containers are accepted (every other
        rule of the API server applies). Raises :class:`ClusterSpecError`
        (a :class:`PodError`) when something cannot be used."""
        spec = spec or {}
        if not isinstance(spec, dict):
            raise ClusterSpecError(Text(N_("the cluster must be a mapping with nodes and pods")))
        raw_nodes = spec.get("nodes")
        if raw_nodes is None:
            nodes = list(DEFAULT_NODES)
        elif not isinstance(raw_nodes, list):
            raise ClusterSpecError(Text(N_("must be a list of nodes")), "nodes")
        else:
            nodes = [_node_from_spec(raw, i) for i, raw in enumerate(raw_nodes)]
        cluster = cls(nodes=nodes)
        raw_pods = spec.get("pods")
        try:
            if raw_pods is None:
                pods: list[Pod] = []
            elif isinstance(raw_pods, str):
                pods = pods_from_yaml(raw_pods, cluster.nodes, strict=False)
            elif isinstance(raw_pods, list):
                pods = pods_from_objects([(obj, None, i) for i, obj in enumerate(raw_pods)], cluster.nodes,
                                         strict=False)
            else:
                raise ClusterSpecError(Text(N_("must be a YAML text of Pod manifests and workloads")), "pods")
            rules = listen_rules_from_spec(spec.get("listening"))
        except ClusterSpecError:
            raise
        except PodError as err:
            raise ClusterSpecError(err.message, err.path, pos=err.pos, index=err.index) from None
        cluster.listening = tuple(rules)
        for name, labels in _namespaces_from_spec(spec.get("namespaces")).items():
            cluster.set_namespace(name, labels)
        for pod in apply_listening(pods, rules):
            cluster.add_pod(pod)
        return cluster

    def copy(self) -> "Cluster":
        """A cheap copy (shallow lists, shared index until either side changes)."""
        new = Cluster.__new__(Cluster)
        new.nodes = list(self.nodes)
        new.pods = list(self.pods)
        new.services = list(self.services)
        new._pools = self._pools  # replaced, never mutated, by add_node
        new._cursor = dict(self._cursor)
        new._idx = self._idx
        new._idx_owned = False
        self._idx_owned = False
        new._generation = self._generation
        idx = self._svc_idx
        new._svc_idx = None
        if idx is not None and idx[0] is self.services and idx[1] == len(self.services):
            # the Service positions stay valid for the copied list (cheaper than rebuilding them)
            new._svc_idx = (new.services, len(new.services), dict(idx[2]))
        new._alloc = self._alloc
        new._alloc_owned = False
        new.listening = self.listening
        new.policies = self.policies
        new.namespace_labels = self.namespace_labels
        # the same contents: what was worked out still holds (stamped for the copy's lists)
        mine, theirs = (id(self.pods), len(self.pods)), (id(new.pods), len(new.pods))
        new._memo = {key: (theirs, value) for key, (stamp, value) in self._memo.items() if stamp == mine}
        self._alloc_owned = False
        return new

    def reindex(self) -> None:
        """Rebuild the lookups after the lists were edited directly."""
        self._changed()
        nodes, self.nodes, self._pools = self.nodes, [], {}
        for node in nodes:
            self.add_node(node)
        self._idx = _Index(self.pods)
        self._idx_owned = True
        self._svc_idx = None
        self._alloc, self._alloc_owned = None, True

    # ------------------------------------------------------------------ derived answers
    def _changed(self) -> None:
        """Pods, nodes, policies or namespaces changed: forget what was worked out from them."""
        if self._memo:
            self._memo = {}

    def memo(self, key: str, make: Callable[[], _T]) -> _T:
        """``make()``, kept until the Pods, nodes, policies or namespace labels change (the
        NetworkPolicy network of traces and the lab is worked out once per cluster)."""
        stamp = (id(self.pods), len(self.pods))
        found = self._memo.get(key)
        if found is not None and found[0] == stamp:
            value: _T = found[1]
            return value
        value = make()
        self._memo[key] = (stamp, value)
        return value

    # ------------------------------------------------------------------ policies, namespaces
    def add_policy(self, policy: Any) -> Any:
        """Add (or replace, by namespace/name) a valid NetworkPolicy."""
        key = (policy.namespace, policy.name)
        self.policies = (*(p for p in self.policies if (p.namespace, p.name) != key), policy)
        self._changed()
        return policy

    def set_namespace(self, name: str, labels: Mapping[str, str]) -> None:
        """Define Namespace ``name`` with these labels (a Namespace object)."""
        self.namespace_labels = {**self.namespace_labels, name: dict(labels)}
        self._changed()

    def _index(self) -> _Index:
        idx = self._idx
        if idx is None or idx.count != len(self.pods):
            idx = self._idx = _Index(self.pods)
            self._idx_owned = True
        return idx

    def _own_index(self) -> _Index:
        idx = self._index()
        if not self._idx_owned:
            idx = self._idx = idx.clone()
            self._idx_owned = True
        return idx

    # ------------------------------------------------------------------ nodes
    def add_node(self, node: Node) -> Node:
        """Add (or replace, by name) a node; one without a Pod CIDR gets the first free
        ``10.244.<n>.0/24``."""
        if not node.pod_cidr:
            taken = {n.pod_cidr for n in self.nodes if n.name != node.name}
            n = 1
            while f"10.244.{n}.0/24" in taken:
                n += 1
            node = dataclasses.replace(node, pod_cidr=f"10.244.{n}.0/24")
        self._changed()
        for i, existing in enumerate(self.nodes):
            if existing.name == node.name:
                self.nodes[i] = node
                break
        else:
            self.nodes.append(node)
        self._pools = {**self._pools, node.name: _Pool(node.pod_cidr)}
        return node

    def set_nodes(self, nodes: Iterable[Node]) -> None:
        """Make ``nodes`` the cluster's nodes, replacing all others (a dump's Node objects
        are the whole cluster). Pods already on a node keep their node name."""
        self._changed()
        self.nodes, self._pools = [], {}
        for node in nodes:
            self.add_node(node)

    def ensure_node(self, name: str, ip: str = "") -> Node:
        """The node ``name``, added when the cluster has none of that name (a Pod names it
        in ``spec.nodeName`` and the input has no Node objects: it exists). Without
        ``ip`` it gets the first free ``192.168.49.<n>``."""
        found = self.node(name)
        if found is not None:
            return found
        if not ip:
            taken = {n.ip for n in self.nodes}
            n = len(self.nodes) + 2
            while f"192.168.49.{n}" in taken:
                n += 1
            ip = f"192.168.49.{n}"
        return self.add_node(Node(name, ip))

    def node(self, name: str | None) -> Node | None:
        for node in self.nodes:
            if node.name == name:
                return node
        return None

    def node_by_ip(self, ip: str) -> Node | None:
        for node in self.nodes:
            if node.ip == ip:
                return node
        return None

    def node_for_pod_ip(self, ip: str) -> Node | None:
        """The node whose Pod CIDR contains ``ip``."""
        for node in self.nodes:
            pool = self._pools.get(node.name)
            if pool is not None and pool.contains(ip):
                return node
        return None

    # ------------------------------------------------------------------ pods
    def add_pod(self, pod: Pod) -> Pod:
        """Add a Pod (replacing one with the same namespace/name), scheduling it and
        giving it an IP as described in the module docs. Returns the stored Pod (a new
        object when node, IP or phase were filled in; the argument is never changed)."""
        self._changed()
        idx = self._own_index()
        old = idx.by_key.get((pod.namespace, pod.name))
        if old is not None:  # replacement: rare, so simply rebuild around it
            position = old
            del self.pods[position]
            self.reindex()
            stored = self._place(pod, self._index(), set())
            self.pods.insert(position, stored)
            self.reindex()
            return stored
        stored = self._place(pod, idx, set())
        idx.by_key[(stored.namespace, stored.name)] = len(self.pods)
        self.pods.append(stored)
        idx.count = len(self.pods)
        idx._add(stored)
        return stored

    #: Above this many replacements in one batch, replaced Pods are removed in one pass
    #: and the new ones appended (instead of two index rebuilds per replaced Pod, which
    #: made a text repeating a large workload quadratic).
    BULK_REPLACE = 8

    def add_pods(self, pods: Iterable[Pod]) -> list[Pod]:
        pods = list(pods)
        idx = self._own_index()
        replaced = {(p.namespace, p.name) for p in pods}.intersection(idx.by_key)
        if len(replaced) > self.BULK_REPLACE:
            self.pods = [p for p in self.pods if (p.namespace, p.name) not in replaced]
            self.reindex()
            stored: dict[tuple[str, str], Pod] = {}
            for p in pods:  # within the batch, the last Pod of a name wins
                key = (p.namespace, p.name)
                if key in stored:
                    self.remove_pod(p.name, p.namespace)
                stored[key] = self.add_pod(p)
            return [stored[(p.namespace, p.name)] for p in pods]
        return [self.add_pod(p) for p in pods]

    def remove_pod(self, name: str, namespace: str = "default") -> Pod | None:
        idx = self._index()
        position = idx.by_key.get((namespace, name))
        if position is None:
            return None
        removed = self.pods.pop(position)
        self._changed()
        self._idx = _Index(self.pods)
        self._idx_owned = True
        return removed

    def _place(self, pod: Pod, idx: _Index, reserved: set[str], exclude: Iterable[str] = ()) -> Pod:
        node, ip, phase, ready = pod.node, pod.ip, pod.phase, pod.ready
        if node is None and ip is not None:  # a given IP tells where the Pod runs
            owner = self.node_for_pod_ip(ip)
            node = owner.name if owner is not None else None
        if pod.live and (pod.ips or phase in ("Pending", "Succeeded", "Failed")):
            # read from a cluster: its node and addresses are what its status says (a
            # live Pod that runs but has no address yet gets one like any other)
            if ip is not None:
                reserved.add(ip)
            return pod if node == pod.node else dataclasses.replace(pod, node=node)
        if node is None and phase != "Pending":
            node = self._schedule(idx)
            if node is None:
                phase, ready = "Pending", False
        if ip is None and node is not None and phase != "Pending" and pod.host_network:
            # hostNetwork: the Pod has its node's address (the kubelet reports the node's IP)
            known = self.node(node)
            ip = known.ip if known is not None else None
            if ip is None:
                phase, ready = "Pending", False
            return dataclasses.replace(pod, node=node, ip=ip, phase=phase, ready=ready)
        if ip is None and node is not None and phase != "Pending":
            pool = self._pools.get(node)
            ip = self._allocate(node, pool, idx, reserved, exclude) if pool is not None else None
            if ip is None:  # unknown node (no kubelet) or no free address: stuck Pending
                phase, ready = "Pending", False
        if ip is not None:
            reserved.add(ip)
        if (node, ip, phase, ready) == (pod.node, pod.ip, pod.phase, pod.ready):
            return pod
        return dataclasses.replace(pod, node=node, ip=ip, phase=phase, ready=ready)

    def _schedule(self, idx: _Index) -> str | None:
        best, best_count = None, -1
        for node in self.nodes:
            count = idx.per_node.get(node.name, 0)
            if best is None or count < best_count:
                best, best_count = node.name, count
        return best

    def _allocate(self, node: str, pool: _Pool, idx: _Index, reserved: set[str], exclude: Iterable[str]) -> str | None:
        span = pool.last - pool.first + 1
        if span <= 0:
            return None
        excluded = set(exclude)
        plain = not reserved and not excluded
        if plain and (node, pool.base, pool.size) in idx.full:
            return None
        start = self._cursor.get(node, pool.first - 1)
        for step in range(1, span + 1):
            offset = pool.first + (start - pool.first + step) % span
            ip = _ip_str(pool.base + offset)
            if ip in idx.by_ip or ip in reserved or ip in excluded:
                continue
            self._cursor[node] = offset
            return ip
        if plain:
            idx.full.add((node, pool.base, pool.size))
        return None

    def pod(self, name: str, namespace: str = "default") -> Pod | None:
        position = self._index().by_key.get((namespace, name))
        return self.pods[position] if position is not None else None

    def pods_in(self, namespace: str) -> list[Pod]:
        """The Pods of one namespace, in cluster order (a new list)."""
        return list(self._index().by_ns.get(namespace, ()))

    def namespace_pods(self, *, skip: str | None = None) -> list[tuple[str, list[Pod]]]:
        """``(namespace, its Pods in cluster order)`` for every namespace with Pods but
        ``skip``, in the order first seen (new lists)."""
        return [(ns, list(pods)) for ns, pods in self._index().by_ns.items() if ns != skip]

    def label_postings(self, namespace: str, pods: list[Pod]) -> Postings | None:
        """For selecting among many Pods: ``{(key, value): [positions in pods]}`` where
        ``pods`` is this cluster's list of ``namespace`` (as :meth:`pods_in` gave it,
        unchanged since); None when not worth it or not that list (scan instead).
        Built on the second request for a namespace and kept while its Pods stay the
        same."""
        return self._index().label_postings(namespace, pods)

    def pod_by_ip(self, ip: str) -> Pod | None:
        return self._index().by_ip.get(ip)

    def namespaces(self) -> list[str]:
        """Every namespace in use (by Pods, Services or NetworkPolicies, or defined by a
        Namespace object), sorted; ``default`` always."""
        names = set(self._index().by_ns) | {s.namespace for s in self.services} | {"default"}
        names |= set(self.namespace_labels) | {p.namespace for p in self.policies}
        return sorted(names)

    def recreate(self, owner: str) -> "Cluster":
        """A new cluster in which every Pod of ``owner`` (``"Deployment/web"``) was
        replaced by its controller: a new Pod on the same node with a **new IP** (never
        one of the replaced Pods' IPs) and a new name suffix (StatefulSet Pods keep their
        name: ``web-0`` is still ``web-0``, with a new IP). This cluster is unchanged;
        without such Pods the copy is identical."""
        new = self.copy()
        targets = [i for i, p in enumerate(new.pods) if p.owner == owner]
        if not targets:
            return new
        new._generation += 1
        idx = new._index()  # read only here: rebuilt below
        old_ips = {ip for i in targets if (ip := new.pods[i].ip)}
        reserved: set[str] = set()
        taken = set(idx.by_key)
        for i in targets:
            old = new.pods[i]
            name = replacement_name(old, new._generation)
            salt = new._generation
            while name != old.name and (old.namespace, name) in taken:
                salt += 1000
                name = replacement_name(old, salt)
            taken.add((old.namespace, name))
            fresh = dataclasses.replace(old, name=name, ip=None, terminating=False)
            if fresh.phase in ("Succeeded", "Failed"):  # the controller starts a fresh one
                fresh = dataclasses.replace(fresh, phase="Running", ready=True)
            new.pods[i] = new._place(fresh, idx, reserved, exclude=old_ips)
        new._idx = _Index(new.pods)
        new._idx_owned = True
        new._changed()
        return new

    def owners(self) -> list[str]:
        """Every ``owner`` of a Pod (``"Deployment/web"``), in first-seen order."""
        seen: dict[str, None] = {}
        for p in self.pods:
            if p.owner:
                seen.setdefault(p.owner, None)
        return list(seen)

    # ------------------------------------------------------------------ services
    def add_service(self, service: Service) -> Service:
        """Add (or replace, by namespace/name) a Service. A Service that should have a
        ClusterIP but has none (built by hand, not by the API-server stage) gets a stable
        one derived from its name in ``10.96.0.0/16``."""
        if service.type != "ExternalName" and not service.headless and not service.cluster_ip:
            ip = self._service_ip(service)
            service = dataclasses.replace(service, cluster_ip=ip, cluster_ips=[ip])
        i = self._service_position(service.namespace, service.name)
        alloc = self._own_allocations()
        if i is not None:
            if alloc is not None:
                alloc.remove(self.services[i])
                alloc.add(service)
            self.services[i] = service
            return service
        self.services.append(service)
        if alloc is not None:
            alloc.add(service)
        assert self._svc_idx is not None  # built by _service_position
        positions = self._svc_idx[2]
        positions[(service.namespace, service.name)] = len(self.services) - 1
        self._svc_idx = (self.services, len(self.services), positions)
        return service

    @property
    def allocations(self) -> Allocations:
        """What the Services hold (node ports, cluster IPs, load-balancer IPs). Read
        only: the cluster changes it as Services come and go."""
        if self._alloc is None:
            self._alloc, self._alloc_owned = Allocations(self.services), True
        return self._alloc

    def _own_allocations(self) -> Allocations | None:
        """The allocations, ready to change (a copy when shared with another cluster);
        None while nobody asked for them (they are built from ``services`` then)."""
        alloc = self._alloc
        if alloc is not None and not self._alloc_owned:
            alloc = self._alloc = alloc.copy()
            self._alloc_owned = True
        return alloc

    def usage_without(self, namespace: str, name: str) -> Usage:
        """What every Service but namespace/name holds: what a manifest of that Service
        may not take (re-applying a Service replaces it, so it never collides with
        itself). Read it before the cluster changes again."""
        i = self._service_position(namespace, name)
        return self.allocations.usage(self.services[i] if i is not None else None)

    def _service_position(self, namespace: str, name: str) -> int | None:
        """Where the first Service namespace/name is in ``services``, through an index
        (rebuilt when the list was replaced, changed length or disagrees): scanning the
        list for every added Service made a text of 10,000 Services take ~25 s."""
        for _attempt in range(2):
            idx = self._svc_idx
            if idx is None or idx[0] is not self.services or idx[1] != len(self.services):
                positions: dict[tuple[str, str], int] = {}
                for n, existing in enumerate(self.services):
                    positions.setdefault((existing.namespace, existing.name), n)
                idx = self._svc_idx = (self.services, len(self.services), positions)
            i = idx[2].get((namespace, name))
            if i is None:
                return None
            found = self.services[i]
            if found.namespace == namespace and found.name == name:
                return i
            self._svc_idx = None  # the list was edited in place: rebuild once
        return None

    def remove_service(self, name: str, namespace: str = "default") -> Service | None:
        for i, existing in enumerate(self.services):
            if existing.namespace == namespace and existing.name == name:
                alloc = self._own_allocations()
                if alloc is not None:
                    alloc.remove(existing)
                return self.services.pop(i)
        return None

    def _service_ip(self, service: Service) -> str:
        used = {s.cluster_ip for s in self.services if not (s.namespace == service.namespace and s.name == service.name)}
        h = zlib.crc32(f"{service.namespace}/{service.name}".encode())
        for probe in range(65536):
            offset = 11 + (h + probe) % (65536 - 12)  # skip .0.1 (kubernetes) and .0.10 (kube-dns)
            ip = _ip_str((10 << 24) + (96 << 16) + offset)
            if ip not in used:
                return ip
        raise RuntimeError("no free ClusterIP")  # pragma: no cover - 65k Services

    def service(self, name: str, namespace: str = "default") -> Service | None:
        for s in self.services:
            if s.name == name and s.namespace == namespace:
                return s
        return None

    def service_by_cluster_ip(self, ip: str) -> Service | None:
        for s in self.services:
            if s.type != "ExternalName" and not s.headless and ip in (s.cluster_ip, *s.cluster_ips):
                return s
        return None

    def load_balancer_address(self, service: Service) -> str | None:
        """The simulated external address of a LoadBalancer Service: its
        ``load_balancer_ip``, else ``203.0.113.<10+n>`` by its place among the
        LoadBalancer Services sorted by namespace/name. None for other types."""
        if service.type != "LoadBalancer":
            return None
        if service.load_balancer_ip:
            return service.load_balancer_ip
        explicit = {s.load_balancer_ip for s in self.services if s.type == "LoadBalancer" and s.load_balancer_ip}
        implicit = sorted((s.namespace, s.name) for s in self.services
                          if s.type == "LoadBalancer" and not s.load_balancer_ip)
        key = (service.namespace, service.name)
        if key not in implicit:  # not (yet) added to this cluster
            implicit = sorted([*implicit, key])
        n = 10
        for item in implicit:
            while f"{LOAD_BALANCER_BLOCK}{n}" in explicit:
                n += 1
            if item == key:
                return f"{LOAD_BALANCER_BLOCK}{n}"
            n += 1
        return None  # pragma: no cover

    def service_by_load_balancer(self, ip: str) -> Service | None:
        for s in self.services:
            if s.type == "LoadBalancer" and self.load_balancer_address(s) == ip:
                return s
        return None

    def service_by_external_ip(self, ip: str) -> Service | None:
        for s in self.services:
            if ip in s.external_ips:
                return s
        return None

    def __repr__(self) -> str:
        return f"Cluster(nodes={len(self.nodes)}, pods={len(self.pods)}, services={len(self.services)})"


def _namespaces_from_spec(raw: Any) -> dict[str, dict[str, str]]:
    """A lesson cluster's ``namespaces:``: ``{name: {label: value}}`` (labels may be empty)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ClusterSpecError(Text(N_("must be a mapping of namespace name to its labels")), "namespaces")
    out: dict[str, dict[str, str]] = {}
    for name, labels in raw.items():
        if not isinstance(name, str) or not name:
            raise ClusterSpecError(Text(N_("a namespace name must be a string")), "namespaces")
        if labels is None:
            labels = {}
        if not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in labels.items()):
            raise ClusterSpecError(Text(N_("the labels of a namespace must be a mapping of strings")),
                                   f"namespaces.{name}")
        out[name] = dict(labels)
    return out


def _node_from_spec(raw: Any, i: int) -> Node:
    path = f"nodes[{i}]"
    if not isinstance(raw, dict):
        raise ClusterSpecError(Text(N_("a node must be a mapping with name, ip and podCIDR")), path)
    name = raw.get("name") or f"node-{i + 1}"
    ip = raw.get("ip") or f"192.168.49.{i + 2}"
    cidr = raw.get("podCIDR") or ""
    if not isinstance(name, str):
        raise ClusterSpecError(Text(N_("must be a string")), f"{path}.name")
    try:
        ipaddress.IPv4Address(str(ip))
    except ValueError:
        raise ClusterSpecError(Text(N_("'{value}' is not an IPv4 address"), value=ip), f"{path}.ip") from None
    if cidr:
        try:
            ipaddress.IPv4Network(str(cidr), strict=False)
        except ValueError:
            raise ClusterSpecError(Text(N_("'{value}' is not an IPv4 CIDR like 10.244.1.0/24"), value=cidr),
                                   f"{path}.podCIDR") from None
    return Node(name=name, ip=str(ip), pod_cidr=str(cidr))
