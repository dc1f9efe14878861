"""Addresses outside the Pod network as sources (``Network(addresses=...)``: a client
outside the cluster, a node's address after source NAT), and reasons that name each
Pod's own address when Pods of one class miss an ipBlock."""

from __future__ import annotations

import json

import pytest

from netpol_helpers import model_namespaces, model_pods, policy
from tutor.k8s.netpol import Network, ProbeError, english

WEB_FROM_BLOCK = """
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{ipBlock: {cidr: 198.51.100.0/24, except: [198.51.100.128/25]}}]
"""


def test_an_outside_address_is_matched_by_ipblocks_only():
    net = Network(model_pods(), [policy(WEB_FROM_BLOCK, "x")], model_namespaces(),
                  addresses=["198.51.100.7", "198.51.100.200", "192.168.49.2"])
    a = net.pod("x/a")
    inside = net.verdict(net.address_peer("198.51.100.7"), a, 80)
    assert inside.allowed and inside.egress.code == "outside"
    excluded = net.verdict(net.address_peer("198.51.100.200"), a, 80)
    assert not excluded.allowed and excluded.denied_by == ("Ingress",)
    assert "198.51.100.200 is in ipBlock 198.51.100.0/24 but excluded by except 198.51.100.128/25" in \
        english(excluded.reason)
    node = net.verdict(net.address_peer("192.168.49.2"), a, 80)
    assert "192.168.49.2 is not in ipBlock 198.51.100.0/24" in english(node.reason)
    assert "is not a Pod of the cluster, so no NetworkPolicy applies to its egress" in english(
        net.verdict(net.address_peer("198.51.100.7"), net.pod("x/b"), 80).reason)
    # not probed, not in the matrix, not among the classes
    assert all(p.namespace for p in net.pods)
    assert all(p.namespace for c in net.classes for p in c.pods)
    assert len(net.matrix(80).pods) == len(model_pods())
    with pytest.raises(ProbeError):
        net.address_peer("203.0.113.1")


def test_selectors_never_match_an_outside_address():
    everything = policy("""
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{namespaceSelector: {}}, {podSelector: {}}]
""", "x")
    net = Network(model_pods(), [everything], model_namespaces(), addresses=["198.51.100.7"])
    v = net.verdict(net.address_peer("198.51.100.7"), net.pod("x/a"), 80)
    assert not v.allowed
    assert "198.51.100.7 is not a Pod, and selectors match only Pods" in english(v.reason)


def test_each_pod_of_a_class_is_named_with_its_own_address():
    """Pods b and c of namespace y have the same labels and both miss the ipBlock: one
    class, but each reason names the Pod's own address (the bulk answers too)."""
    pods = [p for p in model_pods() if p.name != "c" or p.namespace == "y"]
    pods = [p.__class__(**{**p.__dict__, "labels": {"pod": "same"}}) if p.namespace == "y" and p.name in "bc" else p
            for p in pods]
    only = policy("""
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{ipBlock: {cidr: 10.244.1.0/24}}]
""", "x")
    net = Network(pods, [only], model_namespaces())
    b, c, a = net.pod("y/b"), net.pod("y/c"), net.pod("x/a")
    assert net.pod_class(b) == net.pod_class(c)
    for src in (b, c):
        reason = english(net.verdict(src, a, 80).reason)
        assert f"{src.ip} is not in ipBlock 10.244.1.0/24" in reason
        miss = net.peer_miss(only, "Ingress", 0, src)
        assert miss is not None and src.ip in english(miss)
    probes = {(p["from"], p["to"]): p for p in net.probes_json(80)}
    for src in (b, c):
        assert probes[(f"y/{src.name}", "x/a")]["reason"] == str(net.verdict(src, a, 80).reason)
    json.dumps(list(probes.values()))


def test_a_new_network_takes_the_classes_of_one_with_the_same_pods_over():
    """The lab builds a Network per keystroke: with the same Pods (objects), Namespaces,
    nodes and ipBlocks the classes carry over, and the answers follow the new policies."""
    pods, spaces = model_pods(), model_namespaces()
    deny = policy("spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n", "x")
    first = Network(pods, [], spaces)
    second = Network(pods, [deny], spaces, reuse=first)
    assert second._classes is first._classes and second.classes is first.classes
    a, b = second.pod("x/a"), second.pod("y/b")
    assert first.verdict(b, a, 80).allowed and not second.verdict(b, a, 80).allowed
    # an ipBlock splits classes by address: not taken over
    block = policy("spec:\n  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.244.1.0/24}}]\n", "x")
    third = Network(pods, [block], spaces, reuse=second)
    assert third._classes is not second._classes
    assert third.verdict(third.pod("x/b"), a, 80).allowed and not third.verdict(b, a, 80).allowed
    # other Pod objects, or other namespace labels: worked out again
    assert Network(model_pods(), [deny], spaces, reuse=first)._classes is not first._classes
    relabelled = [ns if ns.name != "y" else ns.of("y", {"ns": "other"}) for ns in spaces]
    assert Network(pods, [deny], relabelled, reuse=first)._classes is not first._classes
