"""One test per semantic rule of NetworkPolicy evaluation (what a conformant plugin does)."""

from __future__ import annotations

import dataclasses

import pytest

from netpol_helpers import model_namespaces, model_pods, network, policy
from tutor.k8s.model import Container, ContainerPort, Node, Pod
from tutor.k8s.netpol import EGRESS, INGRESS, Namespace, Network, ProbeError, english

NS = "kubernetes.io/metadata.name"


def pods_by_key(net: Network) -> dict[str, Pod]:
    return {f"{p.namespace}/{p.name}": p for p in net.pods}


def allowed(net: Network, src: str, dst: str, port: int = 80, protocol: str = "TCP") -> bool:
    p = pods_by_key(net)
    return net.verdict(p[src], p[dst], port, protocol).allowed


def pod(name: str, ns: str = "default", labels: dict | None = None, ip: str = "10.244.1.9", ports=((80, "TCP", ""),),
        **kw) -> Pod:
    containers = [Container("app", [ContainerPort(n, name_, proto) for n, proto, name_ in ports])]
    return Pod(name, ns, dict(labels or {"app": name}), containers, node=kw.pop("node", "node-a"), ip=ip, **kw)


# ----------------------------------------------------------------------------- isolation
def test_no_policy_means_everything_is_allowed():
    net = network()
    assert all(v.allowed for v in net.verdicts(80))
    v = net.verdict(net.pods[0], net.pods[4], 80)
    assert (v.egress.code, v.ingress.code) == ("not_isolated", "not_isolated")
    assert not v.egress.isolated and not v.ingress.isolated


def test_isolation_is_per_direction():
    """An ingress-only policy leaves the Pod's egress alone, and the other way round."""
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]", "x"))
    assert not allowed(net, "y/a", "x/a")
    assert allowed(net, "x/a", "y/a")
    a = pods_by_key(net)["x/a"]
    assert [p.name for p in net.isolating(a, INGRESS)] == ["np"] and net.isolating(a, EGRESS) == ()


def test_both_ends_must_agree():
    """Egress of the source and ingress of the destination are both needed."""
    deny_out = policy("name: deny-out\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]", "x")
    allow_in = policy("name: allow-in\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress: [{}]", "y")
    net = network(deny_out, allow_in)
    v = net.verdict(pods_by_key(net)["x/a"], pods_by_key(net)["y/a"], 80)
    assert not v.allowed and v.denied_by == (EGRESS,)
    assert v.ingress.allowed and v.ingress.code == "admitted"


def test_policies_combine_by_union():
    only_b = policy("name: from-b\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                    "  - from: [{podSelector: {matchLabels: {pod: b}}}]", "x")
    only_c = policy("name: from-c\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                    "  - from: [{podSelector: {matchLabels: {pod: c}}}]", "x")
    net = network(only_b, only_c)
    assert allowed(net, "x/b", "x/a") and allowed(net, "x/c", "x/a")
    assert not allowed(net, "y/a", "x/a")
    v = net.verdict(pods_by_key(net)["x/c"], pods_by_key(net)["x/a"], 80)
    assert [p.name for p in v.ingress.isolating] == ["from-b", "from-c"]
    assert [p.name for p in v.ingress.policies] == ["from-c"]


def test_a_policy_only_selects_pods_of_its_own_namespace():
    net = network(policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x"))
    assert allowed(net, "x/a", "y/b") and allowed(net, "z/a", "y/b")


def test_a_policy_without_rules_only_isolates():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}", "x"))
    v = net.verdict(pods_by_key(net)["x/b"], pods_by_key(net)["x/a"], 80)
    assert not v.allowed and v.ingress.code == "denied"
    assert [english(m) for m in v.ingress.misses] == ["x/np has no ingress rules"]


# ----------------------------------------------------------------------------- rules
def test_a_rule_needs_its_peers_and_its_ports():
    net = network(policy("""
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
            ports: [{port: 81}]
        """, "x"))
    assert allowed(net, "x/b", "x/a", 81)
    assert not allowed(net, "x/b", "x/a", 80)  # right peer, wrong port
    assert not allowed(net, "x/c", "x/a", 81)  # right port, wrong peer


def test_a_stray_dash_splits_a_rule_into_two():
    """``- from`` and ``- ports`` as two list items: two rules, ORed."""
    net = network(policy("""
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
          - ports: [{port: 81}]
        """, "x"))
    assert allowed(net, "x/b", "x/a", 80)
    assert allowed(net, "z/c", "x/a", 81)
    assert not allowed(net, "z/c", "x/a", 80)


def test_peers_and_ports_are_ored():
    net = network(policy("""
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]
            ports: [{port: 80}, {port: 81}]
        """, "x"))
    for src in ("x/b", "x/c"):
        for port in (80, 81):
            assert allowed(net, src, "x/a", port)
    v = net.verdict(pods_by_key(net)["x/c"], pods_by_key(net)["x/a"], 81)
    assert [(a.rule, a.peer, a.port) for a in v.ingress.admits] == [(0, 1, 1)]


def test_ingress_empty_list_denies_and_a_list_with_an_empty_rule_allows():
    deny = network(policy("spec:\n  podSelector: {}\n  ingress: []", "x"))
    allow = network(policy("spec:\n  podSelector: {}\n  ingress: [{}]", "x"))
    assert not allowed(deny, "y/a", "x/a")
    assert allowed(allow, "y/a", "x/a") and allowed(allow, "z/c", "x/b", 81, "SCTP")
    v = allow.verdict(pods_by_key(allow)["y/a"], pods_by_key(allow)["x/a"], 80)
    assert [(a.rule, a.peer, a.port) for a in v.ingress.admits] == [(0, None, None)]


def test_absent_from_allows_any_peer_but_an_empty_pod_selector_only_the_namespace():
    absent = network(policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]", "x"))
    empty = network(policy("spec:\n  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]", "x"))
    assert allowed(absent, "z/a", "x/a")
    assert allowed(empty, "x/b", "x/a") and not allowed(empty, "z/a", "x/a")


def test_empty_namespace_selector_is_every_pod_of_every_namespace():
    net = network(policy("spec:\n  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}}]", "x"))
    assert all(allowed(net, f"{ns}/{p}", "x/a") for ns in "xyz" for p in "abc")


def test_pod_selector_alone_is_the_policy_namespace():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{podSelector: {matchLabels: {pod: b}}}]", "x"))
    assert allowed(net, "x/b", "x/a") and not allowed(net, "y/b", "x/a")
    v = net.verdict(pods_by_key(net)["y/b"], pods_by_key(net)["x/a"], 80)
    assert "y/b is not in namespace x, and a podSelector alone (pod=b) selects only Pods of the policy's namespace" \
        in english(v.reason)


def test_namespace_selector_alone_is_all_pods_of_matching_namespaces():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{namespaceSelector: {matchLabels: {ns: \"y\"}}}]", "x"))
    assert all(allowed(net, f"y/{p}", "x/a") for p in "abc")
    assert not allowed(net, "x/b", "x/a") and not allowed(net, "z/b", "x/a")


def test_both_selectors_in_one_peer_and_versus_two_peers_or():
    one = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from:\n"
                         "    - namespaceSelector: {matchLabels: {ns: \"y\"}}\n"
                         "      podSelector: {matchLabels: {pod: b}}", "x"))
    two = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from:\n"
                         "    - namespaceSelector: {matchLabels: {ns: \"y\"}}\n"
                         "    - podSelector: {matchLabels: {pod: b}}", "x"))
    assert [s for s in ("y/a", "y/b", "x/b", "z/b") if allowed(one, s, "x/a")] == ["y/b"]
    assert [s for s in ("y/a", "y/b", "x/b", "z/b") if allowed(two, s, "x/a")] == ["y/a", "y/b", "x/b"]


@pytest.mark.parametrize(("expr", "matching"), [
    ("{key: pod, operator: In, values: [a, b]}", {"a", "b"}),
    ("{key: pod, operator: NotIn, values: [a]}", {"b", "c", "n"}),  # NotIn also matches a missing key
    ("{key: pod, operator: Exists}", {"a", "b", "c"}),
    ("{key: pod, operator: DoesNotExist}", {"n"}),
])
def test_match_expressions_operators(expr, matching):
    pods = model_pods(("x",)) + [pod("n", "x", {"other": "1"}, ip="10.244.1.50")]
    net = network(policy(f"spec:\n  podSelector: {{matchLabels: {{pod: a}}}}\n  ingress:\n"
                         f"  - from: [{{podSelector: {{matchExpressions: [{expr}]}}}}]", "x"),
                  pods=pods, namespaces=model_namespaces(("x",)))
    got = {s for s in ("a", "b", "c", "n") if s != "a" and allowed(net, f"x/{s}", "x/a")}
    assert got == matching - {"a"}


# ----------------------------------------------------------------------------- policyTypes and defaults
def test_egress_rules_without_policy_types_isolate_ingress_too():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  egress: [{}]", "x"))
    assert allowed(net, "x/a", "y/b")
    assert not allowed(net, "y/b", "x/a")


def test_empty_egress_list_does_not_add_egress():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  egress: []", "x"))
    a = pods_by_key(net)["x/a"]
    assert net.isolating(a, EGRESS) == () and net.isolating(a, INGRESS)


def test_rules_of_a_direction_not_in_policy_types_are_ignored():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n"
                         "  egress:\n  - ports: [{port: 81}]", "x"))
    assert allowed(net, "x/a", "y/a", 80)  # not isolated for egress: the egress rule does nothing
    assert not allowed(net, "y/a", "x/a", 80)


def test_duplicate_policy_types_mean_once():
    net = network(policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Ingress]", "x"))
    assert not allowed(net, "y/a", "x/a") and allowed(net, "x/a", "y/a")


# ----------------------------------------------------------------------------- namespaces
def test_namespaces_carry_their_name_label_even_when_written_otherwise():
    net = Network(model_pods(), [policy(f"spec:\n  podSelector: {{}}\n  ingress:\n"
                                        f"  - from: [{{namespaceSelector: {{matchLabels: {{{NS}: \"y\"}}}}}}]", "x")],
                  [Namespace("y", {NS: "something-else", "ns": "y"})])
    assert net.namespaces["y"].labels[NS] == "y"
    assert allowed(net, "y/a", "x/a")


def test_a_namespace_only_pods_mention_exists_with_just_its_name_label():
    net = Network(model_pods(), [policy("spec:\n  podSelector: {}\n  ingress:\n"
                                        "  - from: [{namespaceSelector: {matchLabels: {ns: \"y\"}}}]", "x")])
    assert net.namespaces["y"].labels == {NS: "y"}
    assert not allowed(net, "y/a", "x/a")  # no Namespace object gave y the label ns=y


def test_objects_without_a_namespace_are_in_default():
    p = policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress]")
    assert p.namespace == "default"
    net = Network([pod("web"), pod("other", "prod", ip="10.244.1.10")], [p])
    assert not allowed(net, "prod/other", "default/web") and allowed(net, "default/web", "prod/other")


# ----------------------------------------------------------------------------- ports
def test_numeric_port_and_end_port_range_inclusive():
    pods = [pod(f"p{n}", "x", {"n": str(n)}, ip=f"10.244.1.{n % 200 + 2}", ports=[(n, "TCP", "")])
            for n in (79, 80, 85, 90, 91)]
    net = Network(pods, [policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80, endPort: 90}]", "x")])
    src = pods_by_key(net)["x/p79"]
    got = [port for port in (79, 80, 85, 90, 91) if net.verdict(src, pods_by_key(net)["x/p80"], port).allowed]
    assert got == [80, 85, 90]


def test_a_port_entry_without_port_is_every_port_of_its_protocol_and_empty_means_tcp():
    net = network(policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{}]", "x"))
    assert allowed(net, "y/a", "x/a", 80, "TCP") and allowed(net, "y/a", "x/a", 81, "TCP")
    assert not allowed(net, "y/a", "x/a", 80, "UDP") and not allowed(net, "y/a", "x/a", 80, "SCTP")
    udp = network(policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{protocol: UDP}]", "x"))
    assert allowed(udp, "y/a", "x/a", 81, "UDP") and not allowed(udp, "y/a", "x/a", 81, "TCP")


def test_named_port_resolves_on_the_destination_pod():
    """One name, different numbers on different Pods: each Pod's own number counts."""
    pods = [pod("a", "x", {"app": "a"}, ip="10.244.1.2", ports=[(8080, "TCP", "http")]),
            pod("b", "x", {"app": "b"}, ip="10.244.1.3", ports=[(9090, "TCP", "http")]),
            pod("c", "x", {"app": "c"}, ip="10.244.1.4", ports=[(8080, "TCP", "web")]),
            pod("client", "x", {"app": "client"}, ip="10.244.1.5")]
    net = Network(pods, [policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: http}]", "x")])
    assert allowed(net, "x/client", "x/a", 8080) and not allowed(net, "x/client", "x/a", 9090)
    assert allowed(net, "x/client", "x/b", 9090) and not allowed(net, "x/client", "x/b", 8080)
    assert not allowed(net, "x/client", "x/c", 8080)  # no port named http
    v = net.verdict(pods_by_key(net)["x/client"], pods_by_key(net)["x/c"], 8080)
    assert "x/np rule 1: 8080/TCP is not among its ports http/TCP" in english(v.reason)


def test_named_port_protocol_must_match():
    pods = [pod("dns", "x", {"app": "dns"}, ip="10.244.1.2", ports=[(53, "UDP", "dns")]),
            pod("client", "x", {"app": "client"}, ip="10.244.1.3")]
    tcp_entry = Network(pods, [policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: dns}]", "x")])
    udp_entry = Network(pods, [policy("spec:\n  podSelector: {}\n  ingress:\n"
                                      "  - ports: [{port: dns, protocol: UDP}]", "x")])
    assert not allowed(tcp_entry, "x/client", "x/dns", 53, "UDP")
    assert allowed(udp_entry, "x/client", "x/dns", 53, "UDP")


def test_egress_named_port_resolves_on_the_peer():
    pods = [pod("client", "x", {"app": "client"}, ip="10.244.1.2"),
            pod("web", "y", {"app": "web"}, ip="10.244.1.3", ports=[(8080, "TCP", "http")]),
            pod("db", "y", {"app": "db"}, ip="10.244.1.4", ports=[(5432, "TCP", "pg")])]
    net = Network(pods, [policy("spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                                "  - ports: [{port: http}]", "x")])
    assert allowed(net, "x/client", "y/web", 8080)
    assert not allowed(net, "x/client", "y/db", 8080)


def test_named_ports_of_native_sidecars_are_not_resolved():
    sidecar = Container("proxy", [ContainerPort(15001, "proxy", "TCP")], sidecar=True)
    pods = [Pod("a", "x", {"app": "a"}, [Container("app", []), sidecar], node="n", ip="10.244.1.2"),
            pod("client", "x", {"app": "c"}, ip="10.244.1.3")]
    net = Network(pods, [policy("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: proxy}]", "x")])
    assert not allowed(net, "x/client", "x/a", 15001)


# ----------------------------------------------------------------------------- ipBlock
def test_ip_block_with_except_matches_pod_addresses():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{ipBlock: {cidr: 10.244.2.0/24, except: [10.244.2.3/32]}}]", "x"))
    # y Pods are 10.244.2.2 (a), .3 (b), .4 (c)
    assert allowed(net, "y/a", "x/a") and allowed(net, "y/c", "x/a")
    assert not allowed(net, "y/b", "x/a") and not allowed(net, "z/a", "x/a")
    v = net.verdict(pods_by_key(net)["y/b"], pods_by_key(net)["x/a"], 80)
    assert "10.244.2.3 is in ipBlock 10.244.2.0/24 but excluded by except 10.244.2.3/32" in english(v.reason)


def test_host_bits_in_a_cidr_mean_the_network():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{ipBlock: {cidr: 10.244.2.77/24}}]", "x"))
    assert allowed(net, "y/a", "x/a") and not allowed(net, "z/a", "x/a")


def test_an_ipv6_block_never_matches_ipv4_pods():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{ipBlock: {cidr: \"::/0\"}}]", "x"))
    assert not allowed(net, "y/a", "x/a")


def test_ipv4_mapped_ipv6_block_matches_like_go():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                         "  - from: [{ipBlock: {cidr: \"::ffff:10.244.2.0/120\"}}]", "x"))
    assert allowed(net, "y/a", "x/a") and not allowed(net, "z/a", "x/a")


# ----------------------------------------------------------------------------- special traffic
def test_a_pod_can_always_reach_itself():
    net = network(policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]", "x"))
    a = pods_by_key(net)["x/a"]
    v = net.verdict(a, a, 81, "UDP")
    assert v.allowed and v.self_connection and v.egress.allowed and v.ingress.allowed
    assert v.egress.isolated and v.ingress.isolated
    assert english(v.reason) == "a Pod can always reach itself: NetworkPolicy never blocks a Pod's traffic to itself"
    assert net.matrix(80).allowed[0][0]


def test_host_network_pods_are_outside_policy():
    nodes = [Node("node-a", "192.168.49.2"), Node("node-b", "192.168.49.3")]
    host = Pod("agent", "x", {"app": "agent"}, [Container("a", [ContainerPort(80, "http")])], node="node-b",
               ip="10.244.2.50", host_network=True)
    web = pod("web", "x", {"app": "web"}, ip="10.244.1.2", node="node-a")
    deny_all = policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]", "x")
    net = Network([host, web], [deny_all], nodes=nodes)
    h, w = pods_by_key(net)["x/agent"], pods_by_key(net)["x/web"]
    assert net.address(h) == "192.168.49.3"
    assert net.isolating(h, INGRESS) == ()
    v = net.verdict(w, h, 80)  # web's egress is isolated: the agent is not a Pod to its selectors
    assert not v.allowed and v.ingress.code == "host_network"
    assert english(v.ingress.reason) == ("x/agent uses the node's network (hostNetwork), so NetworkPolicy does not "
                                         "apply to its ingress")
    assert net.verdict(h, w, 80).egress.code == "host_network"
    assert not net.verdict(h, w, 80).allowed  # web is isolated for ingress; the node is another node
    # an ipBlock on the node's address admits it; a selector never does
    by_ip = policy("name: from-node\nspec:\n  podSelector: {}\n  ingress:\n"
                   "  - from: [{ipBlock: {cidr: 192.168.49.3/32}}]", "x")
    by_selector = policy("name: from-agent\nspec:\n  podSelector: {}\n  ingress:\n"
                         "  - from: [{podSelector: {matchLabels: {app: agent}}}]", "x")
    assert Network([host, web], [deny_all, by_ip], nodes=nodes).verdict(h, w, 80).allowed
    assert not Network([host, web], [deny_all, by_selector], nodes=nodes).verdict(h, w, 80).allowed


def test_traffic_from_a_pods_own_node_is_always_allowed():
    host = Pod("agent", "x", {"app": "agent"}, [Container("a", [])], node="node-a", ip="192.168.49.2",
               host_network=True)
    web = pod("web", "x", {"app": "web"}, ip="10.244.1.2", node="node-a")
    net = Network([host, web], [policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x")])
    v = net.verdict(host, web, 80)
    assert v.allowed and v.ingress.code == "node" and v.ingress.isolated


def test_traffic_to_a_pods_own_node_is_always_allowed():
    """The concept page: "traffic to and from the node where a Pod is running is always
    allowed". An egress-isolated Pod still reaches a hostNetwork Pod on its own node, not
    one on another node."""
    nodes = [Node("node-a", "192.168.49.2"), Node("node-b", "192.168.49.3")]
    here = Pod("agent-a", "x", {"app": "agent"}, [Container("a", [ContainerPort(80)])], node="node-a",
               ip="192.168.49.2", host_network=True)
    there = Pod("agent-b", "x", {"app": "agent"}, [Container("a", [ContainerPort(80)])], node="node-b",
                ip="192.168.49.3", host_network=True)
    web = pod("web", "x", {"app": "web"}, ip="10.244.1.2", node="node-a")
    web_b = pod("web-b", "x", {"app": "web"}, ip="10.244.2.2", node="node-b")
    net = Network([here, there, web, web_b], [policy("spec:\n  podSelector: {}\n  policyTypes: [Egress]", "x")],
                  nodes=nodes)
    k = pods_by_key(net)
    v = net.verdict(k["x/web"], k["x/agent-a"], 80)
    assert v.allowed and v.egress.code == "node" and v.egress.isolated
    assert english(v.egress.reason) == ("x/agent-a runs on x/web's node with the node's network: traffic to a "
                                        "Pod's own node is always allowed")
    assert not net.verdict(k["x/web"], k["x/agent-b"], 80).allowed
    assert net.verdict(k["x/web-b"], k["x/agent-b"], 80).allowed
    assert not net.verdict(k["x/web"], k["x/web-b"], 80).allowed  # Pods elsewhere stay denied
    m = net.matrix(80)  # the class-pair answers agree with the verdicts
    for i, s in enumerate(net.pods):
        for j, d in enumerate(net.pods):
            assert m.allowed[i][j] == net.verdict(s, d, 80).allowed, (s.name, d.name)


def test_pods_not_running_or_without_ip_are_skipped():
    pending = pod("pending", "x", ip=None, phase="Pending")
    done = pod("done", "x", ip="10.244.1.9", phase="Succeeded")
    no_ip = pod("no-ip", "x", ip=None)
    net = Network([pod("web", "x", ip="10.244.1.2"), pending, done, no_ip])
    assert [p.name for p in net.pods] == ["web"]
    assert [(s.pod.name, s.code) for s in net.skipped] == [("pending", "not_running"), ("done", "not_running"),
                                                           ("no-ip", "no_ip")]
    assert net.skipped[1].to_json() == {
        "pod": "x/done", "reason": "not running (phase Succeeded): a Pod that is not running cannot be probed"}
    with pytest.raises(ProbeError):
        net.verdict(net.pods[0], pending, 80)


def test_listening_follows_the_one_listening_rule():
    quiet = Pod("quiet", "x", {"app": "q"}, [Container("c", [ContainerPort(80)], listening=[(8080, "TCP")])],
                node="n", ip="10.244.1.3")
    net = Network([pod("web", "x", ip="10.244.1.2"), quiet])
    w, q = net.pods
    assert net.verdict(q, w, 80).listening
    assert not net.verdict(w, q, 80).listening and net.verdict(w, q, 8080).listening
    assert net.verdict(w, q, 80).allowed  # listening is not the policy verdict


def test_bad_ports_are_refused():
    net = network()
    with pytest.raises(ProbeError):
        net.verdict(net.pods[0], net.pods[1], 0)
    with pytest.raises(ProbeError):
        net.matrix(80, "tcp")


# ----------------------------------------------------------------------------- classes, matrix, reasons
def test_equivalent_pods_share_a_class_and_the_matrix_matches_the_verdicts():
    pods = [pod(f"web-{i}", "x", {"app": "web"}, ip=f"10.244.1.{i + 2}") for i in range(5)]
    pods += [pod(f"db-{i}", "x", {"app": "db"}, ip=f"10.244.1.{i + 20}") for i in range(3)]
    net = Network(pods, [policy("spec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n"
                                "  - from: [{podSelector: {matchLabels: {app: web}}}]", "x")])
    assert sorted(len(c.pods) for c in net.classes) == [3, 5]
    m = net.matrix(80)
    for i, s in enumerate(net.pods):
        for j, d in enumerate(net.pods):
            assert m.allowed[i][j] == net.verdict(s, d, 80).allowed
    db0 = pods_by_key(net)["x/db-0"]
    assert not net.verdict(pods_by_key(net)["x/db-1"], db0, 80).allowed
    assert net.class_allowed(net.pod_class(pods_by_key(net)["x/web-0"]), net.pod_class(db0), 80)


def test_pods_of_one_label_set_but_different_ipblock_membership_are_different_classes():
    pods = [pod("a", "x", {"app": "web"}, ip="10.0.0.1"), pod("b", "x", {"app": "web"}, ip="10.0.1.1"),
            pod("db", "x", {"app": "db"}, ip="10.0.2.1")]
    net = Network(pods, [policy("spec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n"
                                "  - from: [{ipBlock: {cidr: 10.0.0.0/24}}]", "x")])
    assert len(net.classes) == 3
    assert allowed(net, "x/a", "x/db") and not allowed(net, "x/b", "x/db")


def test_reasons_name_direction_policies_and_rules():
    net = network(policy("""
        name: allow-b
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
        """, "x"))
    p = pods_by_key(net)
    ok = net.verdict(p["x/b"], p["x/a"], 80)
    assert english(ok.reason) == ("allowed: no NetworkPolicy selects x/b for egress, so its egress is not "
                                  "restricted; ingress to x/a from x/b is allowed by x/allow-b rule 1")
    no = net.verdict(p["x/c"], p["x/a"], 80)
    assert english(no.reason) == ("denied by ingress: x/a is isolated for ingress by x/allow-b, and no ingress rule "
                                  "allows x/c on 80/TCP (x/allow-b rule 1: x/c does not match podSelector pod=b)")
    assert no.to_json() == {
        "from": "x/c", "to": "x/a", "port": 80, "protocol": "TCP", "allowed": False, "listening": True,
        "egress": {"allowed": True, "isolated": False, "policies": []},
        "ingress": {"allowed": False, "isolated": True, "policies": []},
        "reason": english(no.reason)}
    assert ok.to_json()["ingress"] == {"allowed": True, "isolated": True, "policies": ["x/allow-b"]}


def test_many_misses_are_counted():
    policies = [policy(f"name: p{i}\nspec:\n  podSelector: {{}}\n  ingress:\n"
                       f"  - from: [{{podSelector: {{matchLabels: {{pod: q{i}}}}}}}]", "x") for i in range(5)]
    net = network(*policies)
    p = pods_by_key(net)
    text = english(net.verdict(p["x/b"], p["x/a"], 80).reason)
    assert text.count("rule 1:") == 3 and text.endswith("; 2 more)")


def test_bulk_json_and_denied_reasons_equal_the_verdicts(korean):
    net = network(
        policy("name: a\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n"
               "  - from: [{namespaceSelector: {matchLabels: {ns: \"y\"}}, podSelector: {matchLabels: {pod: b}}}]\n"
               "    ports: [{port: serve-80-tcp}]", "x"),
        policy("name: e\nspec:\n  podSelector: {matchLabels: {pod: c}}\n  policyTypes: [Egress]\n  egress:\n"
               "  - to: [{ipBlock: {cidr: 10.244.2.0/24, except: [10.244.2.2/32]}}]", "z"))
    for port, proto in ((80, "TCP"), (81, "UDP")):
        assert net.probes_json(port, proto) == [v.to_json() for v in net.verdicts(port, proto)]
        assert [(s.name, d.name, r) for s, d, r in net.denied(port, proto)] == [
            (v.src.name, v.dst.name, str(v.reason)) for v in net.verdicts(port, proto) if not v.allowed]


def test_selected_lists_the_policy_pods():
    net = network(policy("spec:\n  podSelector: {matchLabels: {pod: b}}", "y"))
    assert [f"{p.namespace}/{p.name}" for p in net.selected(net.policies[0])] == ["y/b"]


def test_declared_ports():
    net = Network([pod("a", ports=[(80, "TCP", ""), (53, "UDP", "")]), pod("b", ip="10.0.0.2", ports=[(53, "TCP", "")])])
    assert net.declared_ports() == [(53, "TCP"), (53, "UDP"), (80, "TCP")]


def test_network_copies_nothing_it_was_given():
    pods = model_pods()
    before = [dataclasses.replace(p) for p in pods]
    Network(pods, [policy("spec:\n  podSelector: {}", "x")]).matrix(80)
    assert pods == before


# ----------------------------------------------------------------------------- DNS
def test_default_deny_egress_blocks_dns():
    net = network(policy("spec:\n  podSelector: {}\n  policyTypes: [Egress]", "x"))
    a = pods_by_key(net)["x/a"]
    v = net.dns_verdict(a)
    assert not v.allowed and v.denied_by == (EGRESS,) and v.dst.name == "coredns"
    assert english(v.reason).startswith("denied by egress: x/a is isolated for egress by x/np, and no egress rule "
                                        "allows kube-system/coredns on 53/UDP")
    assert net.dns_verdict(pods_by_key(net)["y/a"]).allowed
    assert all(p.name != "coredns" for p in net.pods)  # the DNS server is not probed


def test_allowing_dns_needs_udp_and_the_coredns_pods():
    allow_dns = """
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
          - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
              podSelector: {matchLabels: {k8s-app: kube-dns}}
            ports: [PORTS]
        """
    both = network(policy(allow_dns.replace("PORTS", "{port: 53, protocol: UDP}, {port: 53, protocol: TCP}"), "x"))
    tcp_only = network(policy(allow_dns.replace("PORTS", "{port: 53}"), "x"))
    by_name = network(policy(allow_dns.replace("PORTS", "{port: dns, protocol: UDP}"), "x"))
    service_ip = network(policy("spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                                "  - to: [{ipBlock: {cidr: 10.96.0.10/32}}]", "x"))
    a = "x/a"
    assert both.dns_verdict(pods_by_key(both)[a]).allowed
    assert both.dns_verdict(pods_by_key(both)[a], "TCP").allowed
    assert not tcp_only.dns_verdict(pods_by_key(tcp_only)[a]).allowed  # `port: 53` alone is TCP only
    assert tcp_only.dns_verdict(pods_by_key(tcp_only)[a], "TCP").allowed
    assert by_name.dns_verdict(pods_by_key(by_name)[a]).allowed  # the CoreDNS port is named dns
    assert not service_ip.dns_verdict(pods_by_key(service_ip)[a]).allowed  # policies see Pod IPs


def test_a_cluster_with_its_own_coredns_pod_uses_it():
    dns = Pod("coredns-1", "kube-system", {"k8s-app": "kube-dns"},
              [Container("c", [ContainerPort(53, "dns", "UDP")])], node="n", ip="10.244.9.9")
    net = Network([pod("web", "x", ip="10.244.1.2"), dns])
    assert net.dns_pod is dns and net.dns_verdict(net.pods[0]).allowed


def test_rule_peers_isolated_pods_and_peer_misses_for_the_lab():
    p = policy("""
        name: allow
        spec:
          podSelector: {matchLabels: {pod: a}}
          policyTypes: [Ingress]
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {ns: "y"}}
              podSelector: {matchLabels: {pod: b}}
            - podSelector: {matchLabels: {pod: c}}
          - {}
        """, "x")
    net = network(p)
    keys = pods_by_key(net)
    assert [f"{q.namespace}/{q.name}" for q in net.isolated(p, INGRESS)] == ["x/a"] and net.isolated(p, EGRESS) == []
    assert [(f"{q.namespace}/{q.name}", i) for q, i in net.rule_peers(p, INGRESS, 0)] == [("x/c", 1), ("y/b", 0)]
    assert len(net.rule_peers(p, INGRESS, 1)) == 9 and net.rule_peers(p, INGRESS, 1)[0][1] is None
    assert net.peer_miss(p, INGRESS, 0, keys["y/b"]) is None
    assert english(net.peer_miss(p, INGRESS, 0, keys["z/b"])) == (
        "x/allow rule 1: namespace z does not match namespaceSelector ns=y / z/b is not in namespace x, and a "
        "podSelector alone (pod=c) selects only Pods of the policy's namespace")
