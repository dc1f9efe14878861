"""A total limit on simulated Pods across all workloads (issue 10, item 8).

240 KB of Deployments made a million Pods (24 s, 0.9 GB); a 1.2 MB file ran past 60 s.
Now the largest workloads beyond :data:`~tutor.k8s.pods.MAX_TOTAL_PODS` are left out
with a message naming them: a warning on each (the lab), one error line and exit 2
(``ktutor check``), a cluster error (lesson clusters, ``ktutor lab --pods``).
"""

from __future__ import annotations

import pytest

from resilience_helpers import LIMIT, run_check, within
from tutor.k8s import pods as pods_mod
from tutor.k8s.cluster import Cluster, ClusterSpecError
from tutor.k8s.evaluate import evaluate

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: d{i}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: w{i}}}}}
  template:
    metadata: {{labels: {{app: w{i}}}}}
    spec: {{containers: [{{name: c, image: nginx, ports: [{{containerPort: 80}}]}}]}}
---
"""
SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: w1}, ports: [{port: 80}]}\n"


def deployments(n: int, replicas: int | list[int]) -> str:
    counts = replicas if isinstance(replicas, list) else [replicas] * n
    return "".join(DEPLOYMENT.format(i=i, replicas=r) for i, r in enumerate(counts))


def test_a_million_pods_are_not_made():
    """The issue's case: 1,000 Deployments of 1,000 replicas (240 KB)."""
    text = deployments(1000, 1000) + SERVICE
    ev = within(LIMIT * 3, evaluate, text)
    assert len(ev.cluster.pods) <= pods_mod.MAX_TOTAL_PODS
    left_out = [d for d in ev.documents if any(w.code == "W-POD-LIMIT" for w in d.warnings)]
    assert len(left_out) == 900 and all(d.valid and d.pod_names == [] for d in left_out)


def test_the_largest_workloads_are_left_out_and_named(monkeypatch):
    monkeypatch.setattr(pods_mod, "MAX_TOTAL_PODS", 50)
    text = deployments(4, [10, 30, 20, 5]) + SERVICE
    ev = evaluate(text)
    made = {d.name: len(d.pod_names) for d in ev.documents if d.kind == "Deployment"}
    assert made == {"d0": 10, "d1": 0, "d2": 20, "d3": 5}  # d1 (30) is the largest: left out
    (warning,) = [w for d in ev.documents for w in d.warnings if w.code == "W-POD-LIMIT"]
    assert "Its 30 Pods are not simulated" in str(warning.message) and "65 Pods" in str(warning.message)


def test_pods_already_in_the_cluster_count(monkeypatch):
    monkeypatch.setattr(pods_mod, "MAX_TOTAL_PODS", 50)
    base = Cluster.from_spec({"pods": deployments(1, 40)})
    ev = evaluate(deployments(2, [5, 8]).replace("name: d", "name: e"), base)
    made = {d.name: len(d.pod_names) for d in ev.documents if d.kind == "Deployment"}
    assert made == {"e0": 5, "e1": 0}


def test_check_names_the_workloads_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.setattr(pods_mod, "MAX_TOTAL_PODS", 50)
    f = tmp_path / "deploy.yaml"
    f.write_text(deployments(4, [10, 30, 20, 5]) + SERVICE)
    code, out, err = within(LIMIT, run_check, str(f))
    assert code == 2
    assert err.count("\n") == 1 and "Deployment default/d1" in err and "65 Pods" in err and "d0" not in err
    assert "1 Service checked: 1 valid, 0 invalid." in out  # the rest is still checked


def test_a_cluster_of_too_many_pods_is_an_error_naming_them(monkeypatch):
    """Lesson clusters and ``ktutor lab --pods``: the error names the workloads."""
    monkeypatch.setattr(pods_mod, "MAX_TOTAL_PODS", 50)
    with pytest.raises(ClusterSpecError) as exc:
        Cluster.from_spec({"pods": deployments(3, [40, 30, 1])})
    assert "Deployment default/d0: 40" in str(exc.value.message) and "71 Pods" in str(exc.value.message)
    with pytest.raises(ClusterSpecError) as exc:
        Cluster.from_spec({"pods": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
                                     "spec": {"replicas": 60, "serviceName": "s", "selector": {"matchLabels": {"a": "b"}},
                                              "template": {"metadata": {"labels": {"a": "b"}}}}}]})
    assert "StatefulSet default/s: 60" in str(exc.value.message)


def test_a_big_cluster_file_for_the_lab_stops_quickly():
    text = deployments(5000, 1000)  # 1.2 MB: ran past 60 s at 2.3 GB
    with pytest.raises(ClusterSpecError):
        within(LIMIT * 3, Cluster.from_spec, {"pods": text})
