"""What a cluster's Services hold: node ports (including health-check node ports),
cluster IPs and load-balancer addresses.

A :class:`~tutor.k8s.cluster.Cluster` keeps its :class:`Allocations` current as
Services are added, replaced and removed (so an evaluation of a text with 10,000
Services never rebuilds them per document); the allocation stage
(:mod:`tutor.k8s.allocate`) asks membership questions through a :class:`Usage`.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from tutor.k8s.model import Service

T = TypeVar("T")


@dataclass(frozen=True)
class Usage:
    """What the other Services of the cluster hold, as one allocation sees it. Only
    membership is asked (``port in usage.node_ports``)."""

    node_ports: Container[int] = field(default_factory=frozenset)
    cluster_ips: Container[str] = field(default_factory=frozenset)
    lb_ips: Container[str] = field(default_factory=frozenset)


def held_by(svc: Service) -> tuple[set[int], set[str], set[str]]:
    """(node ports, cluster IPs, load-balancer IPs) that ``svc`` holds, each once."""
    node_ports = {p.node_port for p in svc.ports if p.node_port}
    if svc.health_check_node_port:
        node_ports.add(svc.health_check_node_port)
    cluster_ips = {ip for ip in svc.cluster_ips if ip and ip != "None"}
    lb_ips = {svc.load_balancer_ip} if svc.load_balancer_ip else set()
    return node_ports, cluster_ips, lb_ips


class _Without(Container[T]):
    """The values of ``counts`` (value -> how many Services hold it) but one Service's."""

    __slots__ = ("counts", "own")

    def __init__(self, counts: dict[T, int], own: set[T]) -> None:
        self.counts = counts
        self.own = own

    def __contains__(self, value: object) -> bool:
        n = self.counts.get(value, 0)  # type: ignore[arg-type]  # any value may be asked about
        return n > 1 or (n == 1 and value not in self.own)


def _count(counts: dict[T, int], values: set[T], step: int) -> None:
    for v in values:
        n = counts.get(v, 0) + step
        if n > 0:
            counts[v] = n
        else:
            counts.pop(v, None)


class Allocations:
    """For each held value, how many Services hold it (a hand-made cluster can give
    two Services one address; the API server never does)."""

    __slots__ = ("node_ports", "cluster_ips", "lb_ips")

    def __init__(self, services: Iterable[Service] = ()) -> None:
        self.node_ports: dict[int, int] = {}
        self.cluster_ips: dict[str, int] = {}
        self.lb_ips: dict[str, int] = {}
        for svc in services:
            self.add(svc)

    def copy(self) -> Allocations:
        new = Allocations()
        new.node_ports = dict(self.node_ports)
        new.cluster_ips = dict(self.cluster_ips)
        new.lb_ips = dict(self.lb_ips)
        return new

    def add(self, svc: Service) -> None:
        self._change(svc, 1)

    def remove(self, svc: Service) -> None:
        self._change(svc, -1)

    def _change(self, svc: Service, step: int) -> None:
        node_ports, cluster_ips, lb_ips = held_by(svc)
        _count(self.node_ports, node_ports, step)
        _count(self.cluster_ips, cluster_ips, step)
        _count(self.lb_ips, lb_ips, step)

    def usage(self, excluding: Service | None = None) -> Usage:
        """What every Service holds but ``excluding`` (the Service a manifest replaces:
        re-applying a Service does not collide with itself). The answer reads these
        counts live: use it before the next change."""
        if excluding is None:
            return Usage(self.node_ports.keys(), self.cluster_ips.keys(), self.lb_ips.keys())
        node_ports, cluster_ips, lb_ips = held_by(excluding)
        return Usage(_Without(self.node_ports, node_ports), _Without(self.cluster_ips, cluster_ips),
                     _Without(self.lb_ips, lb_ips))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Allocations):
            return NotImplemented
        return (self.node_ports, self.cluster_ips, self.lb_ips) == (other.node_ports, other.cluster_ips, other.lb_ips)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Allocations(node_ports={sorted(self.node_ports)}, cluster_ips={sorted(self.cluster_ips)}, "
                f"lb_ips={sorted(self.lb_ips)})")
