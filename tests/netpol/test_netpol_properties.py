"""Property tests of NetworkPolicy evaluation over random clusters and policies:

* adding a policy never removes a connection of a Pod that was already isolated in that
  direction (policies are additive);
* a policy never changes the traffic of Pods it does not select in that direction;
* the per-class matrix, the per-pair verdicts and a literal evaluator agree.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.k8s.model import Container, ContainerPort, Pod
from tutor.k8s.netpol import (
    EGRESS,
    INGRESS,
    IPBlock,
    LabelSelector,
    Namespace,
    Network,
    NetworkPolicy,
    Peer,
    PolicyPort,
    Requirement,
    Rule,
)

KEYS = ("app", "tier")
VALUES = ("a", "b")
NAMESPACES = ("x", "y", "z")
PORTS = ((80, "TCP"), (81, "TCP"), (53, "UDP"))

labels = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), max_size=2)
requirement = st.one_of(
    st.builds(Requirement, st.sampled_from(KEYS), st.sampled_from(["In", "NotIn"]),
              st.lists(st.sampled_from(VALUES), min_size=1, max_size=2).map(tuple)),
    st.builds(Requirement, st.sampled_from(KEYS), st.sampled_from(["Exists", "DoesNotExist"]), st.just(())),
)
selector = st.builds(LabelSelector, labels.map(lambda d: tuple(d.items())),
                     st.lists(requirement, max_size=1).map(tuple))
ip_block = st.sampled_from([
    IPBlock("10.244.0.0/16"), IPBlock("10.244.1.0/24"), IPBlock("10.244.0.0/16", ("10.244.2.0/24",)),
    IPBlock("0.0.0.0/0", ("10.244.1.0/25",)), IPBlock("::/0")])
peer = st.one_of(
    st.builds(Peer, pod_selector=selector),
    st.builds(Peer, namespace_selector=selector),
    st.builds(Peer, pod_selector=selector, namespace_selector=selector),
    st.builds(Peer, ip_block=ip_block),
)
policy_port = st.one_of(
    st.builds(PolicyPort, st.sampled_from(["TCP", "UDP", "SCTP"]), st.none() | st.sampled_from([53, 80, 81])),
    st.builds(PolicyPort, st.just("TCP"), st.just(80), st.sampled_from([80, 81, 90])),
    st.builds(PolicyPort, st.sampled_from(["TCP", "UDP"]), st.sampled_from(["http", "dns", "web"])),
)
rule = st.builds(Rule, st.lists(peer, max_size=2).map(tuple), st.lists(policy_port, max_size=2).map(tuple))


@st.composite
def policies(draw, name: str | None = None) -> NetworkPolicy:
    types = draw(st.sampled_from([("Ingress",), ("Egress",), ("Ingress", "Egress")]))
    return NetworkPolicy(
        name=name or draw(st.sampled_from(["p1", "p2", "p3", "p4"])), namespace=draw(st.sampled_from(NAMESPACES)),
        pod_selector=draw(selector), policy_types=types,
        ingress=tuple(draw(st.lists(rule, max_size=2))), egress=tuple(draw(st.lists(rule, max_size=2))))


@st.composite
def clusters(draw) -> tuple[list[Pod], list[Namespace]]:
    pods = []
    for i in range(draw(st.integers(2, 7))):
        named = draw(st.sampled_from([[], [ContainerPort(80, "http")], [ContainerPort(81, "http")],
                                      [ContainerPort(53, "dns", "UDP"), ContainerPort(80, "web")]]))
        pods.append(Pod(f"p{i}", draw(st.sampled_from(NAMESPACES)), draw(labels), [Container("c", named)],
                        node="node-a", ip=f"10.244.{draw(st.integers(1, 3))}.{i + 2}"))
    spaces = [Namespace.of(ns, draw(labels)) for ns in NAMESPACES]
    return pods, spaces


def sides(net: Network, direction: str) -> dict[tuple[str, str, int, str], tuple[bool, bool]]:
    """(pod, peer, port, protocol) -> (allowed, isolated) of ``pod``'s side in ``direction``."""
    out = {}
    for src in net.pods:
        for dst in net.pods:
            if src is dst:
                continue
            for port, proto in PORTS:
                v = net.verdict(src, dst, port, proto)
                side = v.egress if direction == EGRESS else v.ingress
                me, peer = (src, dst) if direction == EGRESS else (dst, src)
                out[(me.name, peer.name, port, proto)] = (side.allowed, side.isolated)
    return out


def selects(policy: NetworkPolicy, pod: Pod, direction: str) -> bool:
    return (policy.namespace == pod.namespace and policy.applies(direction)
            and policy.pod_selector.matches(pod.labels))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(clusters(), st.lists(policies(), max_size=3), policies(name="extra"))
def test_adding_a_policy_never_removes_a_connection_of_an_isolated_pod(cluster, existing, extra):
    pods, spaces = cluster
    before_net = Network(pods, existing, spaces)
    after_net = Network(pods, [*existing, extra], spaces)
    for direction in (INGRESS, EGRESS):
        before, after = sides(before_net, direction), sides(after_net, direction)
        for key, (allowed, isolated) in before.items():
            if isolated and allowed:
                assert after[key][0], (direction, key)
            assert after[key][1] or not isolated  # isolation never goes away


@SETTINGS
@given(clusters(), st.lists(policies(), max_size=3), policies(name="extra"))
def test_a_policy_never_changes_traffic_of_pods_it_does_not_select(cluster, existing, extra):
    pods, spaces = cluster
    before_net = Network(pods, existing, spaces)
    after_net = Network(pods, [*existing, extra], spaces)
    by_name = {p.name: p for p in pods}
    for direction in (INGRESS, EGRESS):
        before, after = sides(before_net, direction), sides(after_net, direction)
        for key, value in before.items():
            if not selects(extra, by_name[key[0]], direction):
                assert after[key] == value, (direction, key)


def literal(src: Pod, dst: Pod, port: int, proto: str, pols: list[NetworkPolicy], spaces: dict[str, Namespace]) -> bool:
    """The reference's evaluator sketch, written out."""
    if src is dst:
        return True

    def peer_ok(q: Peer, ns: str, pod: Pod) -> bool:
        if q.ip_block is not None:
            return q.ip_block.matches(pod.ip)
        if q.pod_selector is not None and not q.pod_selector.matches(pod.labels):
            return False
        if q.namespace_selector is None:
            return pod.namespace == ns
        return q.namespace_selector.matches(spaces[pod.namespace].labels)

    def port_ok(e: PolicyPort) -> bool:
        if e.protocol != proto:
            return False
        if e.port is None:
            return True
        if isinstance(e.port, int):
            return e.port <= port <= (e.end_port if e.end_port is not None else e.port)
        return any(cp.name == e.port and cp.container_port == port and cp.protocol == proto
                   for c in dst.containers for cp in c.ports)

    def side(me: Pod, other: Pod, direction: str) -> bool:
        applying = [p for p in pols if selects(p, me, direction)]
        return not applying or any((not r.peers or any(peer_ok(q, p.namespace, other) for q in r.peers))
                                   and (not r.ports or any(port_ok(e) for e in r.ports))
                                   for p in applying for r in p.rules(direction))

    return side(src, dst, EGRESS) and side(dst, src, INGRESS)


@SETTINGS
@given(clusters(), st.lists(policies(), max_size=4))
def test_matrix_verdicts_and_a_literal_evaluator_agree(cluster, pols):
    pods, spaces = cluster
    net = Network(pods, pols, spaces)
    for port, proto in PORTS:
        m = net.matrix(port, proto)
        for i, s in enumerate(net.pods):
            for j, d in enumerate(net.pods):
                want = literal(s, d, port, proto, pols, net.namespaces)
                assert m.allowed[i][j] == want == net.verdict(s, d, port, proto).allowed
        assert net.probes_json(port, proto) == [v.to_json() for v in net.verdicts(port, proto)]
