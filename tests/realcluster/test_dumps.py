"""Cluster dumps (``kubectl get ... -o yaml|json``) written by hand in kind and minikube
style: live Pod state read like the EndpointSlice controller (k8s.io/endpointslice
v0.34), nodes, live Pods instead of templates, EndpointSlices and Endpoints compared, and
the explanation of a Service without endpoints."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from tutor import check
from tutor.k8s.cluster import Cluster
from tutor.k8s.evaluate import evaluate, evaluate_all

FIXTURES = Path(__file__).parent / "fixtures"
KIND = FIXTURES / "kind-prod.yaml"
MINIKUBE = FIXTURES / "minikube-default.json"


def by_name(ev, kind: str, name: str):
    return next(d for d in ev.documents if d.kind == kind and d.name == name)


@pytest.fixture(scope="module")
def kind_ev():
    return evaluate(KIND.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def minikube_ev():
    return evaluate(MINIKUBE.read_text(encoding="utf-8"))


def states(doc):
    sel = doc.selection
    return {p.name: (s[0], s[1], s[2], s[3]) for p, s in zip(sel.selected, sel.selected_states)}


# --------------------------------------------------------------------------- the whole dump
def test_every_item_is_read(kind_ev):
    assert kind_ev.parse_error is None
    kinds = [d.kind for d in kind_ev.documents]
    assert kinds.count("Pod") == 4 and kinds.count("Service") == 4 and kinds.count("EndpointSlice") == 2
    assert all(d.valid for d in kind_ev.documents), [(d.kind, d.name, d.errors) for d in kind_ev.documents]
    assert {d.item for d in kind_ev.documents} == set(range(len(kind_ev.documents)))


def test_yaml_and_json_dumps_agree(kind_ev):
    """The same dump as -o json: same objects, same verdicts."""
    import yaml

    obj = yaml.safe_load(KIND.read_text(encoding="utf-8"))
    ev = evaluate(json.dumps(obj, indent=4))
    assert ev.parse_error is None

    def shape(e):
        return [(d.kind, d.name, d.valid, d.pods_from, sorted(w.code for w in d.warnings),
                 sorted(p.name for p in d.selection.ready) if d.selection else None) for d in e.documents]

    assert shape(ev) == shape(kind_ev)


# --------------------------------------------------------------------------- live state
def test_dual_stack_pod_with_ipv6_primary_is_an_endpoint_through_ipv4(kind_ev):
    pod = kind_ev.cluster.pod("frontend-6d4b9c6f5-x2k4q", "prod")
    assert pod.ips == ("fd00:10:244:1::5", "10.244.1.5") and pod.ip == "10.244.1.5" and pod.live
    assert states(by_name(kind_ev, "Service", "frontend"))["frontend-6d4b9c6f5-x2k4q"] == (True, True, True, None)


def test_running_pod_with_ready_false_is_a_not_ready_endpoint(kind_ev):
    assert states(by_name(kind_ev, "Service", "frontend"))["frontend-6d4b9c6f5-7gm8n"] == (
        True, False, False, "not_ready")


def test_terminating_pod_is_serving_but_not_ready(kind_ev):
    """podToEndpoint: ready = publishNotReadyAddresses || (ready && !terminating); serving = ready."""
    assert states(by_name(kind_ev, "Service", "frontend"))["frontend-6d4b9c6f5-q9wzt"] == (
        True, False, True, "terminating")


def test_pod_on_a_node_missing_from_the_node_objects_is_no_endpoint_with_a_warning(kind_ev):
    direct = by_name(kind_ev, "Service", "db-direct")
    assert states(direct)["db-0"][3] == "node_not_found"
    w = [w for w in direct.warnings if w.code == "W-NODE-NOT-FOUND"]
    assert len(w) == 1 and "kind-worker3" in str(w[0].message) and "db-0" in str(w[0].message)


def test_publish_not_ready_addresses_keeps_a_pod_whose_node_is_missing(kind_ev):
    """reconcileByAddressType: with publishNotReadyAddresses a Pod on an unknown node is kept."""
    assert states(by_name(kind_ev, "Service", "db"))["db-0"][:2] == (True, True)


def test_without_node_objects_the_nodes_the_pods_name_exist(minikube_ev):
    assert [n.name for n in minikube_ev.cluster.nodes if n.name == "minikube"] == ["minikube"]
    hello = by_name(minikube_ev, "Service", "hello-node")
    assert states(hello)["hello-node-5f76d4c7b9-k8w2p"] == (True, True, True, None)


def test_running_pod_without_ready_condition_is_not_ready(minikube_ev):
    assert states(by_name(minikube_ev, "Service", "hello-node"))["hello-node-debug"][:2] == (True, False)


def test_pending_and_succeeded_pods_are_no_endpoints(minikube_ev):
    s = states(by_name(minikube_ev, "Service", "hello-node"))
    assert s["hello-node-5f76d4c7b9-zr4t9"][3] == "no_ip" and s["warmup-mq4wn"][3] == "terminal"


def test_live_pods_are_never_moved_or_readdressed(minikube_ev):
    pending = minikube_ev.cluster.pod("hello-node-5f76d4c7b9-zr4t9")
    assert pending.ip is None and pending.node is None and pending.phase == "Pending"


# --------------------------------------------------------------------------- live Pods, not templates
def test_workloads_with_pods_in_the_input_are_shown_with_them(kind_ev):
    deploy = by_name(kind_ev, "Deployment", "frontend")
    rs = by_name(kind_ev, "ReplicaSet", "frontend-6d4b9c6f5")
    assert deploy.pods_from == "live" and rs.pods_from == "live"
    assert sorted(deploy.pod_names) == sorted(rs.pod_names) == [
        "frontend-6d4b9c6f5-7gm8n", "frontend-6d4b9c6f5-q9wzt", "frontend-6d4b9c6f5-x2k4q"]
    assert by_name(kind_ev, "StatefulSet", "db").pods_from == "live"
    # no would-be Pods of theirs
    assert not [p for p in kind_ev.cluster.pods if not p.live and p.owner in ("Deployment/frontend", "StatefulSet/db")]


def test_a_workload_without_pods_in_the_input_is_simulated(kind_ev):
    cache = by_name(kind_ev, "StatefulSet", "cache")
    assert cache.pods_from == "template" and cache.pod_names == ["cache-0", "cache-1"]
    pods = [kind_ev.cluster.pod(n, "prod") for n in cache.pod_names]
    # scheduled on the dump's nodes, with addresses no live Pod holds
    assert {p.node for p in pods} <= {"kind-worker", "kind-worker2"}
    live = {p.ip for p in kind_ev.cluster.pods if p.live}
    assert all(p.ip and p.ip not in live for p in pods)


def test_a_replicaset_whose_deployment_is_in_the_input_is_simulated_by_it():
    text = KIND.read_text(encoding="utf-8")
    start = text.index("- apiVersion: v1\n  kind: Pod\n")
    end = text.index("- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    name: db\n")
    ev = evaluate(text[:start] + text[end:])  # the frontend Pods removed
    assert by_name(ev, "Deployment", "frontend").pods_from == "template"
    assert by_name(ev, "ReplicaSet", "frontend-6d4b9c6f5").pods_from == "owner"
    assert len([p for p in ev.cluster.pods if p.owner == "Deployment/frontend"]) == 3


def test_hand_written_pods_do_not_replace_a_template():
    """Only live Pods count as a workload's: a lesson's stray Pod is no Deployment Pod."""
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
            "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
            "    spec: {containers: [{name: app, image: app:1}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: stray, "
            "labels: {app: web}}\nspec: {containers: [{name: app, image: app:1}]}\n")
    ev = evaluate(text)
    assert ev.documents[0].pods_from == "template" and len(ev.documents[0].pod_names) == 2


# --------------------------------------------------------------------------- EndpointSlices and Endpoints
def codes(doc):
    return sorted(w.code for w in doc.warnings)


def test_endpoint_slice_differences_are_reported(kind_ev):
    frontend = by_name(kind_ev, "Service", "frontend")
    assert codes(frontend) == ["W-SLICE-CONDITIONS", "W-SLICE-PORTS", "W-SLICE-UNMANAGED"]
    cond = next(w for w in frontend.warnings if w.code == "W-SLICE-CONDITIONS")
    assert cond.params["pod"] == "frontend-6d4b9c6f5-7gm8n"
    assert cond.params["slice_conditions"] == "ready=true, serving=true, terminating=false"
    assert cond.params["conditions"] == "ready=false, serving=false, terminating=false"
    ports = next(w for w in frontend.warnings if w.code == "W-SLICE-PORTS")
    assert (ports.params["slice_ports"], ports.params["ports"]) == ("8000/TCP", "8080/TCP")
    unmanaged = next(w for w in frontend.warnings if w.code == "W-SLICE-UNMANAGED")
    assert unmanaged.params["manager"] == "canary-operator.example.com"
    # pointing at the slice
    text = KIND.read_text(encoding="utf-8").splitlines()
    assert text[ports.line - 1].strip() == "endpoints:" or "EndpointSlice" in "".join(text[ports.line - 1:ports.line + 40])


def test_a_consistent_slice_gives_no_warning():
    text = KIND.read_text(encoding="utf-8").replace("    port: 8000\n", "    port: 8080\n").replace(
        "canary-operator.example.com", "endpointslice-controller.k8s.io").replace(
        "      name: frontend-6d4b9c6f5-7gm8n\n", "      name: frontend-6d4b9c6f5-7gm8n\n", 1)
    # the slice's verdict for 7gm8n as its status says
    marker = "    - 10.244.2.7\n    conditions:\n      ready: true\n      serving: true\n"
    text = text.replace(marker, "    - 10.244.2.7\n    conditions:\n      ready: false\n      serving: false\n")
    frontend = by_name(evaluate(text), "Service", "frontend")
    assert codes(frontend) == ["W-SLICE-EXTRA"]  # the canary Pod, now in a controller slice, is not in the input
    assert "no Pod of that name in the input" in str(frontend.warnings[0].message)


def test_missing_endpoint_in_the_slice():
    text = KIND.read_text(encoding="utf-8")
    start = text.index("  - addresses:\n    - 10.244.1.5\n")
    end = text.index("  - addresses:\n    - 10.244.2.7\n")
    frontend = by_name(evaluate(text[:start] + text[end:]), "Service", "frontend")
    missing = [w for w in frontend.warnings if w.code == "W-SLICE-MISSING"]
    assert [w.params["pod"] for w in missing] == ["frontend-6d4b9c6f5-x2k4q"]


def test_endpoints_object_compared_like_the_legacy_controller(minikube_ev):
    hello = by_name(minikube_ev, "Service", "hello-node")
    assert codes(hello) == ["W-ENDPOINTS-EXTRA"]
    assert hello.warnings[0].params["pod"] == "warmup-mq4wn"
    assert "phase Succeeded" in str(hello.warnings[0].message)


def test_a_slice_in_another_file_is_compared_and_named_with_its_file():
    text = KIND.read_text(encoding="utf-8")
    slices_at = text.index("- apiVersion: discovery.k8s.io/v1\n")
    head = text[:slices_at] + "kind: List\nmetadata:\n  resourceVersion: \"\"\n"
    tail = "apiVersion: v1\nitems:\n" + text[slices_at:]
    evs, problems = evaluate_all([("objects.yaml", head), ("slices.yaml", tail)])
    assert problems == []
    frontend = by_name(evs[0], "Service", "frontend")
    assert {w.file for w in frontend.warnings if w.code.startswith("W-SLICE")} == {"slices.yaml"}


# --------------------------------------------------------------------------- explaining a Service without endpoints
def test_the_one_reason_a_service_has_no_endpoints(kind_ev):
    web = by_name(kind_ev, "Service", "web")
    assert str(web.selection.empty_reason()) == (
        "no Pod in namespace prod has tier=frontend; Pods there have tier=front, tier=db")


def test_reason_when_labels_match_alone_but_not_together():
    cluster = Cluster.default()
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: web, tier: back}}\nspec: {containers: "
            "[{name: c, image: c:1}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: db, tier: front}}\n"
            "spec: {containers: [{name: c, image: c:1}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
            "  selector: {app: web, tier: front}\n  ports: [{port: 80}]\n")
    doc = by_name(evaluate(text, cluster), "Service", "s")
    assert str(doc.selection.empty_reason()) == (
        "the Pods in namespace default with app=web do not have tier=front: they have tier=back")


# --------------------------------------------------------------------------- ktutor check on dumps
def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = check.run(parser.parse_args(list(argv)), stdout=out, stderr=err, stdin=io.BytesIO(b""))
    return code, out.getvalue(), err.getvalue()


def test_check_json_of_a_dump():
    code, out, _ = run("--format", "json", str(KIND))
    assert code == 0
    data = json.loads(out)
    assert data["kubernetesVersion"] == "1.34"
    web = next(r for r in data["results"] if r["name"] == "web")
    assert (web["item"], web["line"], web["column"]) == (11, web["line"], 3)
    assert web["selection"]["no_endpoints"].startswith("no Pod in namespace prod has tier=frontend")
    assert data["summary"]["by_kind"]["Pod"] == {"valid": 4, "invalid": 0}
    cache = next(r for r in data["results"] if r["name"] == "cache")
    assert cache["pods_from"] == "template"


def test_check_text_of_a_dump_groups_by_namespace_with_a_table():
    code, out, _ = run(str(KIND))
    assert code == 0
    lines = out.splitlines()
    assert lines.index("cluster-scoped objects") < lines.index("namespace prod")
    assert "    no endpoints: no Pod in namespace prod has tier=frontend; Pods there have tier=front, tier=db" in lines
    assert any(line.startswith("    endpoints: 1 ready (frontend-6d4b9c6f5-x2k4q); 2 not ready (") and
               "frontend-6d4b9c6f5-q9wzt (terminating)" in line for line in lines)
    head = next(i for i, line in enumerate(lines) if line.startswith("NAMESPACE"))
    assert lines[head].split() == ["NAMESPACE", "SERVICES", "WITH", "ENDPOINTS", "WITHOUT", "READY", "NOT", "READY",
                                   "PODS", "INVALID"]
    assert lines[head + 1].split() == ["prod", "4", "2", "2", "2", "2", "6", "0"]
    assert lines[head + 2].split() == ["total", "4", "2", "2", "2", "2", "6", "0"]
    assert "4 Services checked: 4 valid, 0 invalid." in lines
    # valid Pods and workloads are counted, not listed one by one
    assert not any(line.startswith("✓ VALID    Pod") for line in lines)
    assert any("1 workload simulated from its template" in line for line in lines)


def test_check_text_of_two_namespaces():
    code, out, _ = run(str(MINIKUBE))
    lines = out.splitlines()
    assert code == 0 and "namespace default" in lines
    assert any("2 selected Pods are no endpoints (hello-node-5f76d4c7b9-zr4t9, warmup-mq4wn)" in line
               for line in lines)


def test_one_cluster_from_every_input():
    """Node objects in one input are the cluster's nodes for all of them: the minikube
    Pods' node is not among kind's Node objects."""
    evs, _problems = evaluate_all([("kind", KIND.read_text(encoding="utf-8")),
                                   ("minikube", MINIKUBE.read_text(encoding="utf-8"))])
    hello = by_name(evs[1], "Service", "hello-node")
    assert hello.selection.endpoints == []
    assert [w.code for w in hello.warnings if w.code == "W-NODE-NOT-FOUND"] == ["W-NODE-NOT-FOUND"]


def test_an_invalid_item_is_listed_with_its_position():
    text = KIND.read_text(encoding="utf-8").replace("    - port: 5432\n      targetPort: pg\n",
                                                    "    - port: 0\n      targetPort: pg\n", 1)
    path = KIND.parent / "tmp-invalid.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        code, out, _ = run(str(path))
    finally:
        path.unlink()
    assert code == 1
    line = text.splitlines().index("    - port: 0") + 1
    assert f"    {path}:{line}:13: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive" in out
    assert "✗ INVALID  Service prod/db-direct (" in out and "item 13)" in out
