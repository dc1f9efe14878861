"""Replacing many Pods at once (a text repeating a large workload) stays linear and correct."""

from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Pod


def test_bulk_replacement_keeps_one_pod_per_name_and_frees_ips():
    c = Cluster.default()
    first = c.add_pods([Pod(name=f"web-{i}", labels={"v": "1"}) for i in range(50)])
    second = c.add_pods([Pod(name=f"web-{i}", labels={"v": "2"}) for i in range(50)])
    assert len(c.pods) == 50
    assert all(p.labels == {"v": "2"} for p in c.pods)
    assert {p.name for p in second} == {p.name for p in first}
    assert len({p.ip for p in c.pods}) == 50  # no two Pods share an address
    assert c.pod("web-7").labels == {"v": "2"}


def test_last_pod_of_a_name_wins_within_a_bulk_batch():
    c = Cluster.default()
    c.add_pods([Pod(name=f"p-{i}") for i in range(20)])
    batch = [Pod(name=f"p-{i}", labels={"n": "a"}) for i in range(20)] + [Pod(name="p-3", labels={"n": "b"})]
    c.add_pods(batch)
    assert len(c.pods) == 20 and c.pod("p-3").labels == {"n": "b"}


def test_a_text_repeating_a_large_workload_replaces_its_pods_in_bulk(monkeypatch):
    """evaluate() hands each workload's Pods to the cluster as one batch, so the second copy
    of a 1,000-replica Deployment replaces the first in one pass (it used to rebuild the
    cluster's index twice per Pod and hang)."""
    from tutor.k8s import cluster as cluster_mod
    from tutor.k8s.evaluate import evaluate

    rebuilds = []
    original = cluster_mod.Cluster.reindex
    monkeypatch.setattr(cluster_mod.Cluster, "reindex", lambda self: (rebuilds.append(1), original(self))[1])
    deployment = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1000\n"
                  "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                  "    spec: {containers: [{name: app, image: app:1}]}\n")
    result = evaluate("---\n".join([deployment] * 3))
    assert len(result.cluster.pods) == 1000
    assert len(rebuilds) < 50  # one per replacing batch, not two per replaced Pod
