"""The simulated cluster (tutor.k8s.cluster)."""

from __future__ import annotations

import pytest

from tutor.k8s.cluster import Cluster, ClusterSpecError
from tutor.k8s.model import Node, Pod, Service, ServicePort
from tutor.k8s.pods import PodError


def mk(name, ns="default", **kw):
    return Pod(name=name, namespace=ns, labels=kw.pop("labels", {"app": "web"}), **kw)


def test_default_cluster_nodes():
    c = Cluster.default()
    assert [(n.name, n.ip, n.pod_cidr) for n in c.nodes] == [
        ("node-a", "192.168.49.2", "10.244.1.0/24"),
        ("node-b", "192.168.49.3", "10.244.2.0/24"),
    ]
    assert c.node("node-b").ip == "192.168.49.3" and c.node("nope") is None


def test_round_robin_scheduling_and_sequential_ips():
    c = Cluster.default()
    pods = [c.add_pod(mk(f"p{i}")) for i in range(4)]
    assert [p.node for p in pods] == ["node-a", "node-b", "node-a", "node-b"]
    assert [p.ip for p in pods] == ["10.244.1.2", "10.244.2.2", "10.244.1.3", "10.244.2.3"]


def test_allocation_is_deterministic():
    def build():
        c = Cluster.default()
        for i in range(7):
            c.add_pod(mk(f"p{i}"))
        return [(p.name, p.node, p.ip) for p in c.pods]

    assert build() == build()


def test_add_pod_never_mutates_its_argument():
    p = mk("a")
    stored = Cluster.default().add_pod(p)
    assert p.node is None and p.ip is None
    assert stored is not p and stored.ip == "10.244.1.2"


def test_explicit_node_and_ip_are_kept_and_ip_is_not_reused():
    c = Cluster.default()
    c.add_pod(mk("fixed", node="node-a", ip="10.244.1.2"))
    other = c.add_pod(mk("auto", node="node-a"))
    assert other.ip == "10.244.1.3"


def test_explicit_ip_without_node_lands_on_the_owning_node():
    c = Cluster.default()
    assert c.add_pod(mk("x", ip="10.244.2.9")).node == "node-b"


def test_pending_pod_without_node_gets_no_node_and_no_ip():
    c = Cluster.default()
    p = c.add_pod(mk("stuck", phase="Pending", ready=False))
    assert p.node is None and p.ip is None


def test_pending_pod_with_node_gets_no_ip():
    p = Cluster.default().add_pod(mk("starting", node="node-a", phase="Pending", ready=False))
    assert p.node == "node-a" and p.ip is None


def test_pod_on_unknown_node_stays_pending():
    p = Cluster.default().add_pod(mk("lost", node="node-z"))
    assert (p.node, p.ip, p.phase, p.ready) == ("node-z", None, "Pending", False)


def test_no_nodes_means_pending():
    p = Cluster().add_pod(mk("a"))
    assert (p.node, p.ip, p.phase) == (None, None, "Pending")


def test_full_cidr_leaves_pod_pending():
    c = Cluster(nodes=[Node("tiny", "192.168.0.1", "10.1.0.0/29")])  # .2 .. .6
    pods = [c.add_pod(mk(f"p{i}")) for i in range(6)]
    assert [p.ip for p in pods[:5]] == [f"10.1.0.{i}" for i in range(2, 7)]
    assert pods[5].ip is None and pods[5].phase == "Pending"


def test_same_namespace_and_name_replaces_in_place():
    c = Cluster.default()
    c.add_pod(mk("a"))
    c.add_pod(mk("b"))
    c.add_pod(mk("a", labels={"app": "db"}))
    assert [p.name for p in c.pods] == ["a", "b"]
    assert c.pod("a").labels == {"app": "db"}
    c.add_pod(mk("a", ns="shop"))
    assert len(c.pods) == 3 and c.pod("a", "shop").namespace == "shop"


def test_lookups_and_namespaces():
    c = Cluster.default()
    a = c.add_pod(mk("a"))
    c.add_pod(mk("b", ns="shop"))
    c.add_service(Service(name="s", namespace="ops"))
    assert [p.name for p in c.pods_in("shop")] == ["b"]
    assert c.pods_in("none") == []
    assert c.pod_by_ip(a.ip).name == "a"
    assert c.namespaces() == ["default", "ops", "shop"]
    assert c.node_for_pod_ip("10.244.2.77").name == "node-b"
    assert c.node_by_ip("192.168.49.2").name == "node-a"


def test_pods_in_returns_a_copy():
    c = Cluster.default()
    c.add_pod(mk("a"))
    c.pods_in("default").clear()
    assert len(c.pods_in("default")) == 1


def test_copy_is_independent_and_shallow():
    c = Cluster.default()
    a = c.add_pod(mk("a"))
    d = c.copy()
    assert d.pods[0] is a  # Pods are shared, never deep-copied
    d.add_pod(mk("b"))
    d.add_service(Service(name="s"))
    assert [p.name for p in c.pods] == ["a"] and c.pod("b") is None and c.services == []
    assert d.pod("b") is not None and [p.name for p in d.pods_in("default")] == ["a", "b"]
    c.add_pod(mk("c"))
    assert d.pod("c") is None and [p.name for p in c.pods_in("default")] == ["a", "c"]


def test_copies_allocate_the_same_next_ip_independently():
    c = Cluster.default()
    c.add_pod(mk("a"))
    d1, d2 = c.copy(), c.copy()
    assert d1.add_pod(mk("x")).ip == d2.add_pod(mk("y")).ip == "10.244.2.2"


def test_direct_list_edit_is_picked_up():
    c = Cluster.default()
    c.add_pod(mk("a"))
    c.pods.append(Pod(name="raw", node="node-a", ip="10.244.1.50"))
    assert c.pod("raw") is not None and c.pod_by_ip("10.244.1.50").name == "raw"


def test_remove_pod():
    c = Cluster.default()
    c.add_pod(mk("a"))
    c.add_pod(mk("b"))
    assert c.remove_pod("a").name == "a"
    assert c.pod("a") is None and c.pod("b") is not None and c.remove_pod("a") is None


def test_recreate_changes_names_and_ips_and_keeps_nodes():
    c = Cluster.from_spec({"pods": """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app}]}
---
kind: Pod
metadata: {name: client}
"""})
    before = {p.name: p for p in c.pods if p.owner == "Deployment/web"}
    r = c.recreate("Deployment/web")
    after = [p for p in r.pods if p.owner == "Deployment/web"]
    assert len(after) == 3
    assert not set(before) & {p.name for p in after}
    old_ips = {p.ip for p in before.values()}
    assert all(p.ip and p.ip not in old_ips for p in after)
    assert sorted(p.node for p in after) == sorted(p.node for p in before.values())
    assert r.pod("client").ip == c.pod("client").ip
    # the original cluster is unchanged
    assert {p.name for p in c.pods if p.owner} == set(before)
    # again: yet other names and IPs
    r2 = r.recreate("Deployment/web")
    assert not {p.ip for p in after} & {p.ip for p in r2.pods if p.owner}


def test_recreate_statefulset_keeps_names_changes_ips():
    c = Cluster.from_spec({"pods": """
kind: StatefulSet
apiVersion: apps/v1
metadata: {name: db}
spec:
  replicas: 2
  template: {metadata: {labels: {app: db}}}
"""})
    r = c.recreate("StatefulSet/db")
    assert [p.name for p in r.pods] == ["db-0", "db-1"]
    assert all(r.pod(n).ip != c.pod(n).ip for n in ("db-0", "db-1"))


def test_recreate_unknown_owner_is_a_copy():
    c = Cluster.default()
    c.add_pod(mk("a"))
    r = c.recreate("Deployment/none")
    assert r is not c and [p.ip for p in r.pods] == [p.ip for p in c.pods]


def test_from_spec_nodes_and_pods():
    c = Cluster.from_spec({
        "nodes": [{"name": "n1", "ip": "10.0.0.1", "podCIDR": "10.32.0.0/24"}, {"name": "n2"}],
        "pods": "kind: DaemonSet\napiVersion: apps/v1\nmetadata: {name: agent}\n"
                "spec: {template: {metadata: {labels: {app: agent}}}}\n",
    })
    assert [(n.name, n.ip, n.pod_cidr) for n in c.nodes] == [
        ("n1", "10.0.0.1", "10.32.0.0/24"), ("n2", "192.168.49.3", "10.244.1.0/24")]
    assert [(p.node, p.ip) for p in c.pods] == [("n1", "10.32.0.2"), ("n2", "10.244.1.2")]


def test_from_spec_defaults_and_list_of_manifests():
    c = Cluster.from_spec({"pods": [{"kind": "Pod", "metadata": {"name": "a"}}]})
    assert len(c.nodes) == 2 and c.pod("a").ip == "10.244.1.2"
    assert Cluster.from_spec(None).pods == []


@pytest.mark.parametrize("spec", [
    {"nodes": "node-a"},
    {"nodes": [{"name": "n", "ip": "not-an-ip"}]},
    {"nodes": [{"name": "n", "podCIDR": "10.0.0.0/99"}]},
    {"pods": 42},
    {"pods": "kind: Pod\nmetadata: {}\n"},
])
def test_from_spec_errors(spec):
    with pytest.raises(ClusterSpecError) as info:
        Cluster.from_spec(spec)
    assert isinstance(info.value, PodError) and str(info.value)


def test_add_service_assigns_stable_cluster_ip_and_replaces():
    c = Cluster.default()
    s = c.add_service(Service(name="web", ports=[ServicePort(port=80, target_port=80)]))
    assert s.cluster_ip.startswith("10.96.") and s.cluster_ips == [s.cluster_ip]
    assert Cluster.default().add_service(Service(name="web")).cluster_ip == s.cluster_ip
    headless = c.add_service(Service(name="h", cluster_ip="None", cluster_ips=["None"]))
    assert headless.cluster_ip == "None"
    ext = c.add_service(Service(name="e", type="ExternalName", external_name="db.example.com"))
    assert ext.cluster_ip == ""
    c.add_service(Service(name="web", cluster_ip="10.96.0.99", cluster_ips=["10.96.0.99"]))
    assert len(c.services) == 3 and c.service("web").cluster_ip == "10.96.0.99"
    assert c.service_by_cluster_ip("10.96.0.99").name == "web"


def test_load_balancer_addresses():
    c = Cluster.default()
    a = c.add_service(Service(name="a", type="LoadBalancer"))
    b = c.add_service(Service(name="b", type="LoadBalancer", load_balancer_ip="198.51.100.7"))
    z = c.add_service(Service(name="z", type="LoadBalancer"))
    assert c.load_balancer_address(a) == "203.0.113.10"
    assert c.load_balancer_address(z) == "203.0.113.11"
    assert c.load_balancer_address(b) == "198.51.100.7"
    assert c.service_by_load_balancer("203.0.113.11").name == "z"
    assert c.load_balancer_address(Service(name="x")) is None


def test_owners():
    c = Cluster.from_spec({"pods": "kind: Job\napiVersion: batch/v1\nmetadata: {name: j}\n"
                                   "spec: {template: {metadata: {labels: {a: b}}}}\n---\n"
                                   "kind: Pod\nmetadata: {name: p}\n"})
    assert c.owners() == ["Job/j"]


def test_ten_thousand_pods_index():
    c = Cluster(nodes=[Node("big", "192.168.0.1", "10.0.0.0/16")])
    for i in range(10_000):
        c.add_pod(mk(f"p{i}", ns=f"ns{i % 10}"))
    assert len(c.pods_in("ns3")) == 1000
    assert c.pod("p9999", "ns9").ip == "10.0.39.17"  # 10,000th address from .2
    assert len({p.ip for p in c.pods}) == 10_000
