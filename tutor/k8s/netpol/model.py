"""NetworkPolicies as the API server stores them (after defaulting), and Namespaces.

Plain, immutable data with the small matching helpers the evaluator needs:

* :class:`LabelSelector` follows ``metav1.LabelSelectorAsSelector``: ``matchLabels``
  entries and ``matchExpressions`` are ANDed; ``In`` needs the key with a listed value,
  ``NotIn`` matches when the key is absent or its value is not listed, ``Exists`` /
  ``DoesNotExist`` test the key; an empty selector matches everything.
* :class:`IPBlock` matches an address inside ``cidr`` and outside every ``except``
  (each parsed like the API server, see :mod:`tutor.k8s.netpol.cidr`).
* :class:`PolicyPort` keeps ``port`` as written: an ``int``, a ``str`` (a named port,
  resolved on the destination Pod) or ``None`` (every port of the protocol).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from tutor.k8s.model import Pos
from tutor.k8s.netpol.cidr import IPNet, parse_address, parse_cidr

#: The label the API server puts on every Namespace (GA since 1.22); it cannot be changed.
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
INGRESS = "Ingress"
EGRESS = "Egress"
DIRECTIONS = (INGRESS, EGRESS)
PROTOCOLS = ("TCP", "UDP", "SCTP")


@dataclass(frozen=True)
class Requirement:
    """One ``matchExpressions`` entry."""

    key: str
    operator: str  # In, NotIn, Exists, DoesNotExist
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        if self.operator == "In":
            return self.key in labels and labels[self.key] in self.values
        if self.operator == "NotIn":
            return self.key not in labels or labels[self.key] not in self.values
        if self.operator == "Exists":
            return self.key in labels
        if self.operator == "DoesNotExist":
            return self.key not in labels
        return False  # never stored: validation rejects other operators

    def __str__(self) -> str:
        values = ", ".join(self.values)
        if self.operator == "In":
            return f"{self.key} in ({values})"
        if self.operator == "NotIn":
            return f"{self.key} notin ({values})"
        if self.operator == "DoesNotExist":
            return f"!{self.key}"
        return self.key


@dataclass(frozen=True)
class LabelSelector:
    """A label selector; ``match_labels`` keeps the written order."""

    match_labels: tuple[tuple[str, str], ...] = ()
    match_expressions: tuple[Requirement, ...] = ()

    @property
    def empty(self) -> bool:
        """``{}``: selects everything."""
        return not self.match_labels and not self.match_expressions

    def matches(self, labels: Mapping[str, str]) -> bool:
        for key, value in self.match_labels:
            if labels.get(key) != value:
                return False
        return all(r.matches(labels) for r in self.match_expressions)

    def first_failure(self, labels: Mapping[str, str]) -> str | None:
        """The first term (as written) that ``labels`` fail, or None when they match."""
        for key, value in self.match_labels:
            if labels.get(key) != value:
                return f"{key}={value}"
        for r in self.match_expressions:
            if not r.matches(labels):
                return str(r)
        return None

    def __str__(self) -> str:
        if self.empty:
            return "{}"
        terms = [f"{k}={v}" for k, v in self.match_labels] + [str(r) for r in self.match_expressions]
        return ", ".join(terms)


EVERYTHING = LabelSelector()


@lru_cache(maxsize=4096)
def _address(address: str) -> bytes | None:
    return parse_address(address)


@dataclass(frozen=True)
class IPBlock:
    cidr: str
    except_: tuple[str, ...] = ()

    @cached_property
    def net(self) -> IPNet | None:
        return parse_cidr(self.cidr)

    @cached_property
    def _excluded(self) -> tuple[tuple[str, IPNet], ...]:
        return tuple((item, net) for item in self.except_ if (net := parse_cidr(item)) is not None)

    def in_cidr(self, address: str | None) -> bool:
        """Whether ``address`` is inside ``cidr`` (ignoring ``except``)."""
        ip = _address(address) if address else None
        return ip is not None and self.net is not None and self.net.contains(ip)

    def matches(self, address: str | None) -> bool:
        """Whether ``address`` (a Pod's or node's IP) is in this block."""
        return self.in_cidr(address) and self.excluded_by(address or "") is None

    def excluded_by(self, address: str) -> str | None:
        """The ``except`` entry that removes ``address`` from the block (for reasons)."""
        ip = _address(address)
        if ip is None:
            return None
        for item, net in self._excluded:
            if net.contains(ip):
                return item
        return None

    def __str__(self) -> str:
        if self.except_:
            return f"{self.cidr} except {', '.join(self.except_)}"
        return self.cidr


@dataclass(frozen=True)
class Peer:
    """One ``from``/``to`` entry: selectors (both set = AND) or an ipBlock."""

    pod_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    ip_block: IPBlock | None = None

    def __str__(self) -> str:
        if self.ip_block is not None:
            return f"ipBlock {self.ip_block}"
        parts = []
        if self.namespace_selector is not None:
            parts.append(f"namespaceSelector {self.namespace_selector}")
        if self.pod_selector is not None:
            parts.append(f"podSelector {self.pod_selector}")
        return " + ".join(parts)


@dataclass(frozen=True)
class PolicyPort:
    protocol: str = "TCP"
    port: int | str | None = None
    end_port: int | None = None

    def __str__(self) -> str:
        if self.port is None:
            return f"*/{self.protocol}"
        if self.end_port is not None:
            return f"{self.port}-{self.end_port}/{self.protocol}"
        return f"{self.port}/{self.protocol}"


@dataclass(frozen=True)
class Rule:
    """An ingress rule (``from``) or egress rule (``to``): empty ``peers`` = any peer,
    empty ``ports`` = any port and protocol."""

    peers: tuple[Peer, ...] = ()
    ports: tuple[PolicyPort, ...] = ()


@dataclass(frozen=True)
class NetworkPolicy:
    """A valid, defaulted ``networking.k8s.io/v1`` NetworkPolicy."""

    name: str
    namespace: str = "default"
    pod_selector: LabelSelector = EVERYTHING
    policy_types: tuple[str, ...] = (INGRESS,)
    ingress: tuple[Rule, ...] = ()
    egress: tuple[Rule, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    pos: Pos | None = field(default=None, compare=False, hash=False)

    @cached_property
    def key(self) -> str:
        """``namespace/name``"""
        return f"{self.namespace}/{self.name}"

    def applies(self, direction: str) -> bool:
        """Whether the policy isolates its Pods in ``direction`` (``Ingress``/``Egress``)."""
        return direction in self.policy_types

    def rules(self, direction: str) -> tuple[Rule, ...]:
        return self.ingress if direction == INGRESS else self.egress

    def to_json(self) -> dict[str, object]:
        def selector(s: LabelSelector | None) -> object:
            if s is None:
                return None
            out: dict[str, object] = {}
            if s.match_labels:
                out["matchLabels"] = dict(s.match_labels)
            if s.match_expressions:
                out["matchExpressions"] = [{"key": r.key, "operator": r.operator, "values": list(r.values)}
                                           for r in s.match_expressions]
            return out

        def peer(p: Peer) -> dict[str, object]:
            out: dict[str, object] = {}
            if p.pod_selector is not None:
                out["podSelector"] = selector(p.pod_selector)
            if p.namespace_selector is not None:
                out["namespaceSelector"] = selector(p.namespace_selector)
            if p.ip_block is not None:
                out["ipBlock"] = {"cidr": p.ip_block.cidr, "except": list(p.ip_block.except_)}
            return out

        def port(p: PolicyPort) -> dict[str, object]:
            out: dict[str, object] = {"protocol": p.protocol}
            if p.port is not None:
                out["port"] = p.port
            if p.end_port is not None:
                out["endPort"] = p.end_port
            return out

        def rules(items: tuple[Rule, ...], peers: str) -> list[dict[str, object]]:
            return [{peers: [peer(p) for p in r.peers], "ports": [port(p) for p in r.ports]} for r in items]

        return {
            "name": self.name,
            "namespace": self.namespace,
            "podSelector": selector(self.pod_selector),
            "policyTypes": list(self.policy_types),
            "ingress": rules(self.ingress, "from"),
            "egress": rules(self.egress, "to"),
        }


@dataclass(frozen=True)
class Namespace:
    """A Namespace with its labels, including the automatic ``kubernetes.io/metadata.name``."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, name: str, labels: Mapping[str, str] | None = None) -> "Namespace":
        """The Namespace as the API server stores it: ``kubernetes.io/metadata.name`` is
        set to the name whatever the manifest says."""
        merged = dict(labels or {})
        merged[NAMESPACE_NAME_LABEL] = name
        return cls(name, merged)
