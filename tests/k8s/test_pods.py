"""Pods from Pod manifests and workloads (tutor.k8s.pods)."""

from __future__ import annotations

import pytest

from tutor.i18n import MISSING_MARK
from tutor.k8s.model import Node, Pos
from tutor.k8s.pods import (
    WORKLOAD_KINDS,
    PodError,
    pod_from_manifest,
    pods_from_workload,
    pods_from_yaml,
    port_clashes,
    replacement_name,
)


def pod(**over):
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web-1", "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "ports": [{"containerPort": 8080, "name": "http"}]}]},
    }
    obj.update(over)
    return obj


def workload(kind, name="web", **spec):
    return {
        "apiVersion": WORKLOAD_KINDS[kind],
        "kind": kind,
        "metadata": {"name": name},
        "spec": {
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "ports": [{"containerPort": 80}]}]},
            },
            **spec,
        },
    }


# --------------------------------------------------------------------------- Pod manifests
def test_minimal_pod_without_status_is_running_ready_unscheduled():
    p = pod_from_manifest(pod(), Pos(3, 1))
    assert (p.name, p.namespace, p.labels) == ("web-1", "default", {"app": "web"})
    assert (p.phase, p.ready, p.terminating) == ("Running", True, False)
    assert p.node is None and p.ip is None  # the Cluster schedules it and gives it an IP
    assert p.pos == Pos(3, 1)
    [c] = p.containers
    assert (c.name, c.sidecar) == ("app", False)
    assert [(x.container_port, x.name, x.protocol) for x in c.ports] == [(8080, "http", "TCP")]


def test_pod_lenient_on_missing_optional_parts():
    p = pod_from_manifest({"metadata": {"name": "bare"}})
    assert p.containers == [] and p.labels == {} and p.namespace == "default"


def test_pod_namespace_node_env():
    obj = pod(metadata={"name": "c", "namespace": "shop"})
    obj["spec"] = {"nodeName": "node-b", "containers": [
        {"name": "app", "env": [{"name": "URL", "value": "http://db:5432"}, {"name": "X", "valueFrom": {}}]}]}
    p = pod_from_manifest(obj)
    assert p.namespace == "shop" and p.node == "node-b"
    assert p.containers[0].env == {"URL": "http://db:5432", "X": ""}


def test_status_ip_phase_and_ready_condition():
    p = pod_from_manifest(pod(status={"phase": "Running", "podIP": "10.244.1.7",
                                      "conditions": [{"type": "Ready", "status": "False"}]}))
    assert (p.ip, p.phase, p.ready) == ("10.244.1.7", "Running", False)


def test_status_with_conditions_but_no_ready_condition_is_not_ready():
    p = pod_from_manifest(pod(status={"conditions": [{"type": "PodScheduled", "status": "True"}]}))
    assert p.phase == "Running" and p.ready is False


def test_live_running_pod_without_ready_condition_is_not_ready():
    """podutil.IsPodReady: only the Ready condition makes a Pod ready (issue 11)."""
    p = pod_from_manifest(pod(status={"phase": "Running"}))
    assert p.live and p.ready is False


def test_status_with_only_an_address_pins_it_and_stays_simulated():
    p = pod_from_manifest(pod(status={"podIP": "10.244.2.15"}))
    assert (p.ip, p.ready, p.live) == ("10.244.2.15", True, False)


@pytest.mark.parametrize("phase", ["Pending", "Succeeded", "Failed", "Unknown"])
def test_live_readiness_is_the_ready_condition_whatever_the_phase(phase):
    p = pod_from_manifest(pod(status={"phase": phase, "conditions": [{"type": "Ready", "status": "True"}]}))
    assert p.phase == phase and p.ready is True


def test_dual_stack_pod_ips_ipv6_primary():
    p = pod_from_manifest(pod(status={"phase": "Running", "podIP": "fd00:10:244:1::7",
                                      "podIPs": [{"ip": "fd00:10:244:1::7"}, {"ip": "10.244.1.7"}]}))
    assert p.ips == ("fd00:10:244:1::7", "10.244.1.7") and p.ip == "10.244.1.7"


def test_pod_ip_wins_when_pod_ips_disagree_and_fills_an_empty_list():
    p = pod_from_manifest(pod(status={"phase": "Running", "podIP": "10.244.1.8", "podIPs": [{"ip": "10.244.1.9"}]}))
    assert p.ips == ("10.244.1.8",)
    assert pod_from_manifest(pod(status={"phase": "Running", "podIP": "10.244.1.8"})).ips == ("10.244.1.8",)


def test_ipv6_only_pod_has_no_ipv4_address():
    p = pod_from_manifest(pod(status={"phase": "Running", "podIPs": [{"ip": "fd00::5"}]}))
    assert p.ip is None and p.ips == ("fd00::5",)


def test_controller_owner_reference():
    obj = pod(metadata={"name": "web-abc", "ownerReferences": [
        {"apiVersion": "v1", "kind": "Node", "name": "n"},
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d4", "controller": True}]})
    assert pod_from_manifest(obj).owner == "ReplicaSet/web-7d4"


def test_deletion_timestamp_means_terminating():
    p = pod_from_manifest(pod(metadata={"name": "old", "deletionTimestamp": "2026-01-01T00:00:00Z"}))
    assert p.terminating is True


def test_sidecar_init_container_kept_after_containers_plain_init_dropped():
    obj = pod()
    obj["spec"]["initContainers"] = [
        {"name": "setup", "ports": [{"containerPort": 1}]},
        {"name": "proxy", "restartPolicy": "Always", "ports": [{"containerPort": 15001, "name": "envoy"}]},
    ]
    p = pod_from_manifest(obj)
    assert [(c.name, c.sidecar) for c in p.containers] == [("app", False), ("proxy", True)]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda o: o["metadata"].pop("name"), "metadata.name"),
        (lambda o: o["metadata"].update(name="Web_1"), "metadata.name"),
        (lambda o: o["spec"].update(containers={"name": "app"}), "spec.containers"),
        (lambda o: o["spec"]["containers"][0]["ports"][0].update(containerPort="8080"),
         "spec.containers[0].ports[0].containerPort"),
        (lambda o: o["spec"]["containers"][0]["ports"][0].update(containerPort=True),
         "spec.containers[0].ports[0].containerPort"),
        (lambda o: o["spec"]["containers"][0]["ports"][0].update(containerPort=70000),
         "spec.containers[0].ports[0].containerPort"),
        (lambda o: o["spec"]["containers"][0]["ports"][0].update(protocol="tcp"),
         "spec.containers[0].ports[0].protocol"),
        (lambda o: o["spec"]["containers"][0]["ports"][0].update(name="http_web"),
         "spec.containers[0].ports[0].name"),
        (lambda o: o["spec"]["containers"][0].pop("name"), "spec.containers[0].name"),
        (lambda o: o["metadata"].update(labels={"version": 1}), "metadata.labels.version"),
        (lambda o: o["metadata"].update(labels={"canary": True}), "metadata.labels.canary"),
        (lambda o: o.update(status={"phase": "running"}), "status.phase"),
        (lambda o: o.update(status={"podIP": "10.244.1.300"}), "status.podIP"),
        (lambda o: o.update(kind="Service"), "kind"),
        (lambda o: o.update(apiVersion="apps/v1"), "apiVersion"),
    ],
)
def test_not_a_pod_raises_with_path(mutate, path):
    obj = pod()
    mutate(obj)
    with pytest.raises(PodError) as info:
        pod_from_manifest(obj, Pos(5, 1), index=2)
    assert info.value.path == path
    assert info.value.index == 2 and info.value.pos == Pos(5, 1)
    assert str(info.value).startswith(path + ": ")


def test_not_a_mapping_raises():
    with pytest.raises(PodError):
        pod_from_manifest(["not", "a", "pod"])  # type: ignore[arg-type]


def test_duplicate_container_names_raise():
    obj = pod()
    obj["spec"]["containers"].append({"name": "app"})
    with pytest.raises(PodError) as info:
        pod_from_manifest(obj)
    assert str(info.value) == 'spec.containers[1].name: Duplicate value: "app"'
    assert [e.type for e in info.value.errors] == ["Duplicate value"]


def test_pod_error_renders_in_korean(korean):
    with pytest.raises(PodError) as info:
        pod_from_manifest(pod(metadata={"name": "x", "labels": {"v": 1}}))
    text = str(info.value)
    assert MISSING_MARK not in text and "metadata.labels.v" in text
    assert text != info.value.english()
    assert "quote" in info.value.english()


def test_port_clashes_reports_shared_port():
    obj = pod()
    obj["spec"]["containers"].append({"name": "metrics", "ports": [{"containerPort": 8080}]})
    obj["spec"]["containers"].append({"name": "dns", "ports": [{"containerPort": 8080, "protocol": "UDP"}]})
    assert port_clashes(pod_from_manifest(obj)) == [(8080, "TCP", ["app", "metrics"])]
    assert port_clashes(pod_from_manifest(pod())) == []


# --------------------------------------------------------------------------- workloads
def test_deployment_replicas_names_labels_owner():
    pods = pods_from_workload(workload("Deployment", replicas=3, selector={"matchLabels": {"app": "web"}}))
    assert len(pods) == 3
    assert len({p.name for p in pods}) == 3
    hashes = {p.labels["pod-template-hash"] for p in pods}
    assert len(hashes) == 1
    (h,) = hashes
    for p in pods:
        assert p.name.startswith(f"web-{h}-") and len(p.name.rsplit("-", 1)[1]) == 5
        assert p.labels["app"] == "web" and p.owner == "Deployment/web"
        assert p.node is None and p.ip is None
    assert set(h) <= set("456789bcdf")


def test_deployment_names_are_stable_and_template_dependent():
    a = [p.name for p in pods_from_workload(workload("Deployment", replicas=2))]
    b = [p.name for p in pods_from_workload(workload("Deployment", replicas=2))]
    assert a == b
    changed = workload("Deployment", replicas=2)
    changed["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = 81
    assert [p.name for p in pods_from_workload(changed)] != a


def test_deployment_default_one_replica_and_zero():
    assert len(pods_from_workload(workload("Deployment"))) == 1
    assert pods_from_workload(workload("Deployment", replicas=0)) == []


def test_replicaset_names():
    pods = pods_from_workload(workload("ReplicaSet", name="front", replicas=2))
    assert all(p.name.startswith("front-") and len(p.name) == len("front-") + 5 for p in pods)
    assert all(p.owner == "ReplicaSet/front" for p in pods)


def test_statefulset_ordinal_names_and_labels():
    pods = pods_from_workload(workload("StatefulSet", name="db", replicas=3))
    assert [p.name for p in pods] == ["db-0", "db-1", "db-2"]
    assert pods[1].labels["statefulset.kubernetes.io/pod-name"] == "db-1"
    assert pods[2].labels["apps.kubernetes.io/pod-index"] == "2"
    assert pods[0].owner == "StatefulSet/db"


def test_daemonset_one_pod_per_node():
    nodes = [Node("n1", "192.168.0.1"), Node("n2", "192.168.0.2"), Node("n3", "192.168.0.3")]
    pods = pods_from_workload(workload("DaemonSet", name="agent"), nodes=nodes)
    assert [p.node for p in pods] == ["n1", "n2", "n3"]
    assert len({p.name for p in pods}) == 3
    default = pods_from_workload(workload("DaemonSet", name="agent"))
    assert [p.node for p in default] == ["node-a", "node-b"]


def test_job_one_pod_with_job_labels():
    [p] = pods_from_workload(workload("Job", name="migrate"))
    assert p.name.startswith("migrate-") and p.owner == "Job/migrate"
    assert p.labels["job-name"] == "migrate" and p.labels["batch.kubernetes.io/job-name"] == "migrate"


def test_workload_namespace_and_pos():
    obj = workload("Deployment")
    obj["metadata"]["namespace"] = "shop"
    [p] = pods_from_workload(obj, Pos(7, 1))
    assert p.namespace == "shop" and p.pos == Pos(7, 1)


def test_workload_selector_not_matching_template_is_an_error():
    obj = workload("Deployment", selector={"matchLabels": {"app": "Web"}})
    with pytest.raises(PodError) as info:
        pods_from_workload(obj)
    assert info.value.path == "spec.template.metadata.labels"


def test_workload_match_expressions():
    ok = workload("Deployment", selector={"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]})
    assert len(pods_from_workload(ok)) == 1
    bad = workload("Deployment", selector={"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]})
    with pytest.raises(PodError):
        pods_from_workload(bad)


def test_workload_wrong_api_version_or_kind():
    obj = workload("Deployment")
    obj["apiVersion"] = "extensions/v1beta1"
    with pytest.raises(PodError) as info:
        pods_from_workload(obj)
    assert info.value.path == "apiVersion"
    with pytest.raises(PodError):
        pods_from_workload({"kind": "CronJob", "metadata": {"name": "x"}})


def test_workload_bad_replicas():
    with pytest.raises(PodError) as info:
        pods_from_workload(workload("Deployment", replicas="3"))
    assert info.value.path == "spec.replicas"


def test_workload_template_errors_have_template_paths():
    obj = workload("Deployment")
    obj["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
    with pytest.raises(PodError) as info:
        pods_from_workload(obj)
    assert info.value.path == "spec.template.spec.containers[0].ports[0].containerPort"


def test_replacement_name():
    [d] = pods_from_workload(workload("Deployment"))
    new = replacement_name(d, 1)
    assert new != d.name and new.rsplit("-", 1)[0] == d.name.rsplit("-", 1)[0]
    assert replacement_name(d, 1) == new and replacement_name(d, 2) != new
    [s] = pods_from_workload(workload("StatefulSet"))
    assert replacement_name(s, 1) == "web-0"


# --------------------------------------------------------------------------- YAML text
TEXT = """\
# pods for a lesson
apiVersion: v1
kind: Pod
metadata:
  name: client
---
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: db}}
"""


def test_pods_from_yaml_positions_and_empty_documents():
    pods = pods_from_yaml(TEXT)
    assert [p.name for p in pods] == ["client", "db-0", "db-1"]
    assert pods[0].pos == Pos(2, 1)
    assert pods[1].pos == Pos(8, 1)


def test_pods_from_yaml_syntax_error():
    with pytest.raises(PodError) as info:
        pods_from_yaml("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n")
    assert info.value.pos is not None and info.value.pos.line == 4


def test_pods_from_yaml_rejects_a_service_document_with_index():
    text = "kind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
    with pytest.raises(PodError) as info:
        pods_from_yaml(text)
    assert info.value.index == 1 and info.value.path == "kind"


def test_hostname_and_subdomain():
    obj = pod()
    obj["spec"].update(hostname="db-0", subdomain="db")
    p = pod_from_manifest(obj)
    assert (p.hostname, p.subdomain) == ("db-0", "db")
    assert pod_from_manifest(pod()).hostname == ""


def test_statefulset_members_get_hostname_and_service_subdomain():
    pods = pods_from_workload(workload("StatefulSet", name="db", replicas=2, serviceName="db-hl"))
    assert [(p.hostname, p.subdomain) for p in pods] == [("db-0", "db-hl"), ("db-1", "db-hl")]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=8),
                     st.sampled_from(["web", "Pod", "v1", "http", "Always", "TCP", "Running", "10.244.1.2"]))
_keys = st.sampled_from(["apiVersion", "kind", "metadata", "name", "labels", "spec", "containers", "ports",
                         "containerPort", "protocol", "initContainers", "restartPolicy", "status", "podIP",
                         "phase", "conditions", "type", "env", "value", "replicas", "template", "selector",
                         "matchLabels", "nodeName", "x"])
_trees = st.recursive(_scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(_keys, kids, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_trees, st.sampled_from(["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", None]))
def test_malformed_manifests_raise_only_pod_error(tree, kind):
    from tutor.k8s.pods import pods_from_object

    if isinstance(tree, dict) and kind is not None:
        tree = {**tree, "kind": kind}
    try:
        pods = pods_from_object(tree)
    except PodError as err:
        assert str(err) and err.english()
    else:
        assert all(p.name for p in pods)
