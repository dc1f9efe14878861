"""The upstream NetworkPolicy conformance scenarios (kubernetes/kubernetes
``test/e2e/network/netpol/network_policy.go``), re-expressed on the same model: namespaces
x, y, z (labelled ``ns=<name>``, plus the automatic ``kubernetes.io/metadata.name``), Pods
a, b, c in each (``pod=<name>``), every Pod serving 80 and 81 over TCP, UDP and SCTP on
ports named ``serve-<port>-<protocol>``. Each test builds the policies of one upstream
case (from YAML, through admission), sets the expected truth table the way the upstream
test does (allowed by default, then ``ExpectPeer``/``ExpectAllIngress``...), and compares
it with the engine's matrix, loopback ignored like upstream (every Pod reaching itself is
checked separately). Upstream builds policies with ``SetSpecIngressRules`` /
``SetSpecEgressRules``, which also append ``Ingress`` / ``Egress`` to ``policyTypes``; the
YAML here writes those policyTypes out (an ingress-only policy gets ``[Ingress]`` by
defaulting anyway)."""

from __future__ import annotations

import pytest

from netpol_helpers import Reachability, assert_reachability, model_pods, network, policy

PODS = model_pods()
NS = "kubernetes.io/metadata.name"


def reach() -> Reachability:
    return Reachability(PODS)


# ----------------------------------------------------------------------------- TCP
def test_default_deny_ingress():
    net = network(policy("name: deny-ingress\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x"))
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(net, r, 80)


def test_default_deny_all():
    net = network(policy("name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]", "x"))
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    r.expect_peer(src_ns="x", value=False)
    assert_reachability(net, r, 80)


def test_allow_from_pods_within_server_namespace_by_pod_selector():
    net = network(policy("""
        name: x-a-allows-x-b
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("x/b", "x/a", True)
    assert_reachability(net, r, 80)


def test_allow_ingress_for_a_target_over_deny_all():
    net = network(
        policy("name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x"),
        policy("""
            name: allow-all-to-a
            spec:
              podSelector: {matchLabels: {pod: a}}
              ingress:
              - from: [{podSelector: {}, namespaceSelector: {}}]
            """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", True)
    r.expect_all_ingress("x/b", False)
    r.expect_all_ingress("x/c", False)
    assert_reachability(net, r, 80)


def test_allow_ingress_from_pods_in_all_namespaces():
    net = network(policy("""
        name: allow-from-another-ns
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{namespaceSelector: {matchLabels: {}}}]
        """, "x"))
    assert_reachability(net, reach(), 80)


def test_allow_only_from_a_different_namespace_by_namespace_selector():
    net = network(policy(f"""
        name: allow-client-a-via-ns-selector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 80)


def test_pod_selector_with_match_expressions():
    net = network(policy("""
        name: x-a-allows-x-b
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("x/b", "x/a", True)
    assert_reachability(net, r, 80)


def test_namespace_selector_with_match_expressions():
    net = network(policy(f"""
        name: allow-ns-y-match-selector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchExpressions: [{{key: {NS}, operator: In, values: ["y"]}}]}}}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 80)


def test_pod_selector_or_namespace_selector():
    """Two peers: ORed."""
    net = network(policy(f"""
        name: allow-ns-y-match-selector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from:
            - namespaceSelector: {{matchExpressions: [{{key: {NS}, operator: NotIn, values: [x]}}]}}
            - podSelector: {{matchLabels: {{pod: b}}}}
        """, "x"))
    r = reach()
    r.expect("x/a", "x/a", False)  # loopback: ignored, as upstream
    r.expect("x/c", "x/a", False)
    assert_reachability(net, r, 80)


def test_pod_selector_and_namespace_selector():
    """Both in one peer: ANDed."""
    net = network(policy(f"""
        name: allow-ns-y-podselector-and-nsselector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from:
            - namespaceSelector: {{matchExpressions: [{{key: {NS}, operator: NotIn, values: [x]}}]}}
              podSelector: {{matchLabels: {{pod: b}}}}
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("y/b", "x/a", True)
    r.expect("z/b", "x/a", True)
    assert_reachability(net, r, 80)


def test_multiple_pod_selectors_and_namespace_selectors():
    net = network(policy(f"""
        name: allow-ns-y-z-pod-b-c
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from:
            - namespaceSelector: {{matchExpressions: [{{key: {NS}, operator: NotIn, values: [x]}}]}}
              podSelector: {{matchExpressions: [{{key: pod, operator: In, values: [b, c]}}]}}
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect("y/a", "x/a", False)
    r.expect("z/a", "x/a", False)
    assert_reachability(net, r, 80)


def test_any_pod_selectors():
    net = network(policy("""
        name: allow-ns-x-pod-b-c
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from:
            - podSelector: {matchLabels: {pod: b}}
            - podSelector: {matchLabels: {pod: c}}
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("x/b", "x/a", True)
    r.expect("x/c", "x/a", True)
    assert_reachability(net, r, 80)


def test_only_from_a_pod_in_a_different_namespace():
    net = network(policy(f"""
        name: allow-ns-y-pod-a-via-namespace-pod-selector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}, podSelector: {{matchLabels: {{pod: a}}}}}}]
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("y/a", "x/a", True)
    assert_reachability(net, r, 80)


ALLOW_81_FROM_Y = f"""
    name: allow-client-a-via-ns-selector
    spec:
      podSelector: {{matchLabels: {{pod: a}}}}
      ingress:
      - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}}}]
        ports: [{{port: 81, protocol: TCP}}]
    """


def allow_81_reach() -> Reachability:
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="y", dst_ns="x", dst_pod="a", value=True)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    return r


def test_policy_based_on_ports():
    assert_reachability(network(policy(ALLOW_81_FROM_Y, "x")), allow_81_reach(), 81)


def test_stacked_policies_with_overlapping_pod_selectors():
    first = policy(ALLOW_81_FROM_Y, "x")
    assert_reachability(network(first), allow_81_reach(), 81)
    deny = reach()
    deny.expect_all_ingress("x/a", False)
    assert_reachability(network(first), deny, 80)
    second = policy(ALLOW_81_FROM_Y.replace("port: 81", "port: 80").replace("ns-selector", "ns-selector-80"), "x")
    r = allow_81_reach()
    assert_reachability(network(first, second), r, 80)


def test_allow_all_policy():
    net = network(policy("name: allow-all\nspec:\n  podSelector: {}\n  ingress: [{}]", "x"))
    for port in (80, 81):
        assert_reachability(net, reach(), port)


def test_allow_ingress_on_one_named_port():
    net = network(policy("name: allow-all\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: serve-81-tcp}]",
                         "x"))
    assert_reachability(net, reach(), 81)
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(net, r, 80)


def test_allow_ingress_from_namespace_on_one_named_port():
    net = network(policy(f"""
        name: allow-client-a-via-ns-selector-80
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}}}]
            ports: [{{port: serve-80-tcp, protocol: TCP}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 80)
    blocked = reach()
    blocked.expect_all_ingress("x/a", False)
    assert_reachability(net, blocked, 81)


def test_allow_egress_on_one_named_port():
    net = network(policy("name: allow-egress\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n"
                         "  - ports: [{port: serve-80-tcp}]", "x"))
    assert_reachability(net, reach(), 80)
    r = reach()
    r.expect_peer(src_ns="x", value=False)
    assert_reachability(net, r, 81)


def test_enforce_updated_policy():
    allow_all = policy("name: allow-all-mutate-to-deny-all\nspec:\n  podSelector: {}\n  ingress: [{}]", "x")
    assert_reachability(network(allow_all), reach(), 81)
    deny_all = policy("name: allow-all-mutate-to-deny-all\nspec:\n  podSelector: {}\n  ingress: []", "x")
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(network(deny_all), r, 81)


def test_allow_ingress_from_updated_namespace():
    p = policy("""
        name: allow-client-a-via-ns-selector
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{namespaceSelector: {matchLabels: {ns2: updated}}}]
        """, "x")
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(network(p), r, 80)
    from netpol_helpers import model_namespaces
    from tutor.k8s.netpol import Namespace

    spaces = [Namespace.of(ns.name, {**ns.labels, "ns2": "updated"}) if ns.name == "y" else ns
              for ns in model_namespaces()]
    r.expect_peer(src_ns="y", value=True)
    assert_reachability(network(p, namespaces=spaces), r, 80)


def test_allow_ingress_from_updated_pod():
    p = policy("""
        name: allow-client-a-via-pod-selector
        spec:
          podSelector: {matchLabels: {pod: a}}
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b, pod2: updated}}}]
        """, "x")
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(network(p), r, 80)
    pods = [_relabel(q, {"pod": "b", "pod2": "updated"}) if (q.namespace, q.name) == ("x", "b") else q
            for q in model_pods()]
    r.expect("x/b", "x/a", True)
    assert_reachability(network(p, pods=pods), r, 80)


def _relabel(pod, labels):  # noqa: ANN001, ANN202
    import dataclasses

    return dataclasses.replace(pod, labels=labels)


def test_deny_ingress_from_pods_in_other_namespaces():
    net = network(policy("name: deny-empty-policy\nspec:\n  podSelector: {}\n  ingress:\n"
                         "  - from: [{podSelector: {matchLabels: {}}}]", "x"))
    r = reach()
    r.expect_peer(src_ns="y", dst_ns="x", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", value=False)
    assert_reachability(net, r, 80)


def test_deny_ingress_access_to_updated_pod():
    p = policy("name: deny-ingress-via-label-selector\nspec:\n  podSelector: {matchLabels: {target: isolated}}\n"
               "  policyTypes: [Ingress]", "x")
    assert_reachability(network(p), reach(), 80)
    pods = [_relabel(q, {"pod": "a", "target": "isolated"}) if (q.namespace, q.name) == ("x", "a") else q
            for q in model_pods()]
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(network(p, pods=pods), r, 80)


def test_deny_egress_by_pod_selector():
    net = network(policy("name: deny-egress-pod-a\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                         "  policyTypes: [Egress]", "x"))
    r = reach()
    r.expect_all_egress("x/a", False)
    assert_reachability(net, r, 80)


def test_deny_egress_from_all_pods_in_a_namespace():
    net = network(policy("name: deny-egress-ns-x\nspec:\n  podSelector: {}\n  policyTypes: [Egress]", "x"))
    r = reach()
    r.expect_peer(src_ns="x", value=False)
    assert_reachability(net, r, 80)


def test_ingress_and_egress_together():
    net = network(policy("""
        name: allow-client-a-via-pod-selector
        spec:
          podSelector: {matchLabels: {pod: a}}
          policyTypes: [Egress, Ingress]
          ingress:
          - from: [{podSelector: {matchLabels: {pod: b}}}]
          egress:
          - ports: [{port: 80}]
        """, "x"))
    r80 = reach()
    r80.expect_all_ingress("x/a", False)
    r80.expect("x/b", "x/a", True)
    assert_reachability(net, r80, 80)
    r81 = reach()
    r81.expect_all_ingress("x/a", False)
    r81.expect_all_egress("x/a", False)
    r81.expect("x/b", "x/a", True)
    assert_reachability(net, r81, 81)


def test_deny_egress_on_the_client_even_if_the_server_allows_it():
    egress = policy(f"""
        name: allow-to-ns-y-pod-a
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}, podSelector: {{matchLabels: {{pod: a}}}}}}]
        """, "x")
    ingress = f"""
        name: allow-from-xa-on-y{{pod}}-match-selector
        spec:
          podSelector: {{{{matchLabels: {{{{pod: {{pod}}}}}}}}}}
          ingress:
          - from: [{{{{namespaceSelector: {{{{matchLabels: {{{{{NS}: x}}}}}}}}, podSelector: {{{{matchLabels: {{{{pod: a}}}}}}}}}}}}]
        """
    net = network(egress, policy(ingress.format(pod="a"), "y"), policy(ingress.format(pod="b"), "y"))
    r = reach()
    r.expect_peer(src_ns="x", src_pod="a", value=False)
    r.expect_peer(dst_ns="y", dst_pod="a", value=False)
    r.expect_peer(src_ns="x", src_pod="a", dst_ns="y", dst_pod="a", value=True)
    r.expect_peer(dst_ns="y", dst_pod="b", value=False)
    assert_reachability(net, r, 80)


def test_egress_to_a_server_in_another_namespace_by_pod_and_namespace_selector():
    net = network(policy(f"""
        name: allow-to-ns-y-pod-a
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}, podSelector: {{matchLabels: {{pod: a}}}}}}]
        """, "x"))
    r = reach()
    r.expect_all_egress("x/a", False)
    r.expect("x/a", "y/a", True)
    assert_reachability(net, r, 80)


def test_ingress_allowing_any_port_on_one_protocol():
    net = network(policy("name: allow-ingress-by-proto\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                         "  ingress:\n  - ports: [{protocol: TCP}]", "x"))
    assert_reachability(net, reach(), 80, "TCP")
    r = reach()
    r.expect_peer(dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 80, "UDP")


def test_ingress_allow_all_takes_precedence():
    only_80 = policy("name: allow-ingress-port-80\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]", "x")
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(network(only_80), r, 81)
    allow_all = policy("name: allow-ingress\nspec:\n  podSelector: {}\n  ingress: [{}]", "x")
    assert_reachability(network(only_80, allow_all), reach(), 81)


def test_egress_allow_all_takes_precedence():
    only_80 = policy("name: allow-egress-port-80\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n"
                     "  egress:\n  - ports: [{port: 80}]", "x")
    r = reach()
    r.expect_peer(src_ns="x", value=False)
    assert_reachability(network(only_80), r, 81)
    allow_all = policy("name: allow-egress\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]", "x")
    assert_reachability(network(only_80, allow_all), reach(), 81)


def test_stop_enforcing_policies_after_they_are_deleted():
    deny = policy("name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]", "x")
    r = reach()
    r.expect_peer(src_ns="x", value=False)
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(network(deny), r, 80)
    assert_reachability(network(), reach(), 80)


def _ip(pod: str) -> str:
    ns, name = pod.split("/")
    return next(p.ip for p in PODS if (p.namespace, p.name) == (ns, name))


def test_egress_to_a_server_in_a_cidr_block():
    net = network(policy(f"""
        name: allow-client-a-via-cidr-egress-rule
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{ipBlock: {{cidr: {_ip("y/b")}/32}}}}]
        """, "x"))
    r = reach()
    r.expect_all_egress("x/a", False)
    r.expect("x/a", "y/b", True)
    assert_reachability(net, r, 80)


def _large_cidr(ip: str) -> str:
    """makeLargeCIDRForIP: the /4 that holds the address."""
    first = int(ip.split(".")[0]) & 0xF0
    return f"{first}.0.0.0/4"


def test_except_clause_in_egress_cidr():
    ip = _ip("x/b")
    net = network(policy(f"""
        name: allow-client-a-via-cidr-egress-rule
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{ipBlock: {{cidr: {_large_cidr(ip)}, except: [{ip}/32]}}}}]
        """, "x"))
    r = reach()
    r.expect("x/a", "x/b", False)
    assert_reachability(net, r, 80)


def test_ip_in_both_cidr_and_except_is_allowed_by_another_policy():
    ip = _ip("x/b")
    first = policy(f"""
        name: allow-client-a-via-cidr-egress-rule
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{ipBlock: {{cidr: {_large_cidr(ip)}, except: [{ip}/32]}}}}]
        """, "x")
    r = reach()
    r.expect("x/a", "x/b", False)
    assert_reachability(network(first), r, 80)
    # upstream updates the policy in place (same name): the new one only allows x/b's address
    second = policy(f"""
        name: allow-client-a-via-cidr-egress-rule
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{ipBlock: {{cidr: {ip}/32}}}}]
        """, "x")
    r = reach()
    r.expect_all_egress("x/a", False)
    r.expect("x/a", "x/b", True)
    assert_reachability(network(second), r, 80)
    # and both at once: the except of one policy does not deny what another allows
    both = reach()
    both.expect("x/a", "x/b", True)
    assert_reachability(network(first, policy(f"""
        name: allow-b
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{ipBlock: {{cidr: {ip}/32}}}}]
        """, "x")), both, 80)


def test_ingress_and_egress_controlled_independently():
    egress = policy("name: allow-egress-for-target\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                    "  policyTypes: [Egress]\n  egress: [{}]", "x")
    assert_reachability(network(egress), reach(), 80)
    deny_ingress = policy("name: deny-ingress-via-label-selector\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                          "  policyTypes: [Ingress]", "x")
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(network(egress, deny_ingress), r, 80)


def test_sctp_is_not_treated_as_tcp():
    net = network(
        policy("name: deny-ingress\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x"),
        policy("name: allow-only-sctp-ingress-on-port-81\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
               "  ingress:\n  - ports: [{port: 81, protocol: SCTP}]", "x"))
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(net, r, 81, "TCP")


def test_sctp_policy_isolates_for_tcp():
    net = network(policy("name: allow-only-sctp-ingress-on-port-80\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                         "  ingress:\n  - ports: [{port: 80, protocol: SCTP}]", "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(net, r, 81, "TCP")


def test_udp_only_policy_does_not_allow_tcp():
    net = network(policy("name: allow-only-udp-ingress-on-port-81\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                         "  ingress:\n  - ports: [{port: 81, protocol: UDP}]", "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    assert_reachability(net, r, 81, "TCP")


def test_namespace_selector_on_the_default_namespace_label():
    net = network(policy(f"""
        name: allow-client-a-via-ns-selector-for-immutable-ns-label
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 80)


def test_namespace_selector_match_expressions_on_the_default_label_for_egress():
    net = network(policy(f"""
        name: allow-ns-y-match-selector-for-immutable-ns-label
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          policyTypes: [Egress]
          egress:
          - to: [{{namespaceSelector: {{matchExpressions: [{{key: {NS}, operator: NotIn, values: ["y"]}}]}}}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", src_pod="a", dst_ns="y", value=False)
    assert_reachability(net, r, 80)


# ----------------------------------------------------------------------------- UDP and SCTP
@pytest.mark.parametrize("protocol", ["UDP", "SCTP"])
def test_default_deny_ingress_other_protocols(protocol):
    net = network(policy("name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]", "x"))
    r = reach()
    r.expect_peer(dst_ns="x", value=False)
    assert_reachability(net, r, 80, protocol)


@pytest.mark.parametrize("protocol", ["UDP", "SCTP"])
def test_policy_based_on_ports_other_protocols(protocol):
    net = network(policy(f"""
        name: allow-ingress-on-port-81-ns-x
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}}}]
            ports: [{{port: 81, protocol: {protocol}}}]
        """, "x"))
    r = reach()
    r.expect_peer(src_ns="x", dst_ns="x", dst_pod="a", value=False)
    r.expect_peer(src_ns="z", dst_ns="x", dst_pod="a", value=False)
    assert_reachability(net, r, 81, protocol)
    # the same policy, probed on TCP: x/a is isolated and nothing admits TCP
    tcp = reach()
    tcp.expect_all_ingress("x/a", False)
    assert_reachability(net, tcp, 81, "TCP")


@pytest.mark.parametrize("protocol", ["UDP", "SCTP"])
def test_pod_and_namespace_selector_other_protocols(protocol):
    net = network(policy(f"""
        name: allow-ns-y-pod-a-via-namespace-pod-selector
        spec:
          podSelector: {{matchLabels: {{pod: a}}}}
          ingress:
          - from: [{{namespaceSelector: {{matchLabels: {{{NS}: "y"}}}}, podSelector: {{matchLabels: {{pod: a}}}}}}]
        """, "x"))
    r = reach()
    r.expect_all_ingress("x/a", False)
    r.expect("y/a", "x/a", True)
    assert_reachability(net, r, 80, protocol)


def test_the_model_is_what_upstream_builds():
    """9 Pods; 6 containers each (2 ports x 3 protocols), ports named serve-<port>-<proto>."""
    assert len(PODS) == 9
    assert [c.name for c in PODS[0].containers] == ["cont-80-tcp", "cont-80-udp", "cont-80-sctp", "cont-81-tcp",
                                                    "cont-81-udp", "cont-81-sctp"]
    net = network()
    assert net.namespaces["y"].labels == {"ns": "y", NS: "y"}
    assert all(net.verdict(net.pods[0], p, 80, "SCTP").listening for p in net.pods)
