"""evaluate(): documents, stages, the docs' examples, Pods and workloads, warnings."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from tutor import i18n
from tutor.k8s.cluster import Cluster
from tutor.k8s.evaluate import evaluate
from tutor.k8s.explain import explanation_text

FIXTURES = Path(__file__).parent / "fixtures" / "docs"

WEB_PODS = """apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  containers:
  - name: app
    image: app:1
    ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec:
  containers: [{name: db, image: db:1, ports: [{containerPort: 5432}]}]
"""


def svc(spec: str, name: str = "web") -> str:
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{spec}"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.yaml")))
def test_kubernetes_docs_examples_are_valid(fixture):
    ev = evaluate((FIXTURES / fixture).read_text(), filename=fixture)
    assert ev.valid, [(e.message, e.line) for e in ev.errors]
    assert ev.services and all(d.service is not None for d in ev.services)


def test_docs_examples_effective_values():
    ev = evaluate((FIXTURES / "my-service.yaml").read_text())
    s = ev.service("my-service").service
    assert (s.type, s.ports[0].port, s.ports[0].target_port, s.ports[0].protocol) == ("ClusterIP", 80, 9376, "TCP")
    assert evaluate((FIXTURES / "nodeport.yaml").read_text()).service("my-service").service.ports[0].node_port == 30007
    ext = evaluate((FIXTURES / "externalname.yaml").read_text()).service("my-service", "prod")
    assert ext.service.external_name == "my.database.example.com" and ext.namespace == "prod"
    head = evaluate((FIXTURES / "headless.yaml").read_text()).service("nginx").service
    assert head.headless


def test_named_port_example_resolves_on_the_pod():
    ev = evaluate((FIXTURES / "named-port.yaml").read_text())
    doc = ev.service("nginx-service")
    assert [p.name for p in doc.selection.selected] == ["nginx"]
    assert doc.ports[0].resolved == {"nginx": 80}
    assert doc.warnings == []
    pod_doc = ev.documents[0]
    assert pod_doc.kind == "Pod" and pod_doc.pod_names == ["nginx"] and pod_doc.valid


def test_docs_loadbalancer_with_its_own_cluster_ip_is_refused_here():
    text = (FIXTURES / "loadbalancer.yaml").read_text().replace("  type: LoadBalancer", "  clusterIP: 10.0.171.239\n"
                                                                 "  type: LoadBalancer")
    doc = evaluate(text).documents[0]
    assert doc.stage == "allocation" and "does not match the current range" in doc.errors[0].message


def test_services_see_pods_from_base_and_from_the_text():
    base = evaluate(WEB_PODS).cluster
    ev = evaluate(svc("  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http\n"), base)
    doc = ev.service("web")
    assert [p.name for p in doc.selection.selected] == ["web-1"]
    assert doc.ports[0].resolved == {"web-1": 8080}
    ev2 = evaluate(WEB_PODS + "---\n" + svc("  selector: {app: db}\n  ports:\n  - port: 5432\n"))
    assert [p.name for p in ev2.service("web").selection.selected] == ["db-0"]


def test_base_cluster_is_never_changed():
    base = Cluster.default()
    evaluate(WEB_PODS + "---\n" + svc("  ports:\n  - port: 80\n"), base)
    assert base.pods == [] and base.services == []


#: what a deep comparison of a cluster leaves out: who owns a shared (copy-on-write) part,
#: and caches of lookups derived from the Pods (filled in by whoever reads them)
_NOT_STATE = {"_idx_owned", "_alloc_owned", "labels", "full"}


def _snapshot(obj):
    """Everything reachable from ``obj`` as plain, comparable values (a deep copy)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [_snapshot(x) for x in obj])
    if isinstance(obj, (set, frozenset)):
        return ("set", sorted(repr(x) for x in obj))
    if isinstance(obj, dict):
        return ("dict", [(_snapshot(k), _snapshot(v)) for k, v in obj.items()])
    names = list(vars(obj)) if hasattr(obj, "__dict__") else []
    names += [n for cls in type(obj).__mro__ for n in getattr(cls, "__slots__", ())]
    return (type(obj).__name__, {n: _snapshot(getattr(obj, n)) for n in names if n not in _NOT_STATE})


def test_an_evaluation_leaves_its_base_cluster_untouched():
    """Nothing of the base changes, deep down: Pods, Services, the lookup index, the
    IP cursors and what the Services hold (node ports, cluster IPs, load-balancer IPs),
    whatever the text replaces, adds or fails to allocate."""
    base = evaluate(WEB_PODS + "---\n"
                    + svc("  type: NodePort\n  selector: {app: web}\n  ports:\n  - {port: 80, nodePort: 30080}\n")
                    + "---\n" + svc("  type: LoadBalancer\n  ports:\n  - port: 443\n", name="edge")
                    + "---\n" + svc("  clusterIP: 10.96.5.5\n  ports:\n  - port: 53\n", name="dns")).cluster
    assert base.allocations.node_ports and base.allocations.lb_ips and "10.96.5.5" in base.allocations.cluster_ips
    before = _snapshot(base)
    text = "---\n".join([
        svc("  type: NodePort\n  selector: {app: db}\n  ports:\n  - {port: 81, nodePort: 30081}\n"),  # replaces web
        svc("  type: NodePort\n  ports:\n  - {port: 80, nodePort: 30081}\n", name="clash"),  # taken just now
        svc("  type: LoadBalancer\n  ports:\n  - port: 8443\n", name="edge2"),
        svc("  clusterIP: 10.96.5.5\n  ports:\n  - port: 53\n", name="dns2"),  # held by dns
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: other}}\nspec:\n  containers: [{name: a, image: a:1}]\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 3\n"
        "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
        "    spec: {containers: [{name: a, image: a:1}]}\n",
    ])
    ev = evaluate(text, base)
    assert [d.stage for d in ev.documents] == [None, "allocation", None, "allocation", None, None]
    assert ev.cluster.service("web").ports[0].node_port == 30081 and 30080 not in ev.cluster.allocations.node_ports
    assert len(ev.cluster.pods) == len(base.pods) + 3
    assert _snapshot(base) == before
    # and the evaluation's own cluster is a base like any other
    after = _snapshot(ev.cluster)
    again = evaluate(svc("  type: NodePort\n  ports:\n  - {port: 80, nodePort: 30081}\n", name="clash"), ev.cluster)
    assert again.documents[0].stage == "allocation" and _snapshot(ev.cluster) == after


def test_the_cluster_keeps_what_its_services_hold_current():
    cluster = evaluate(svc("  type: NodePort\n  ports:\n  - {port: 80, nodePort: 30080}\n")).cluster
    assert cluster.allocations.node_ports == {30080: 1}
    web = cluster.service("web")
    cluster.add_service(dataclasses.replace(web, ports=[dataclasses.replace(web.ports[0], node_port=30090)]))
    assert cluster.allocations.node_ports == {30090: 1}
    assert 30090 in cluster.usage_without("default", "other").node_ports
    assert 30090 not in cluster.usage_without("default", "web").node_ports
    cluster.remove_service("web")
    assert cluster.allocations.node_ports == {} and not cluster.allocations.cluster_ips


def test_later_documents_selection_sees_the_final_cluster():
    ev = evaluate(svc("  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: 8080\n") + "---\n" + WEB_PODS)
    assert [p.name for p in ev.service("web").selection.selected] == ["web-1"]


def test_workloads_add_would_be_pods():
    deploy = """apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1, ports: [{containerPort: 9000, name: grpc}]}]
"""
    ev = evaluate(deploy + "---\n" + svc("  selector: {app: api}\n  ports:\n  - port: 80\n    targetPort: grpc\n"))
    wl = ev.documents[0]
    assert wl.kind == "Deployment" and len(wl.pod_names) == 2 and not wl.skipped
    assert sorted(ev.service("web").ports[0].resolved.values()) == [9000, 9000]


def test_malformed_pod_is_an_error_document():
    ev = evaluate("apiVersion: v1\nkind: Pod\nmetadata: {labels: {a: b}}\nspec: {containers: []}\n")
    doc = ev.documents[0]
    assert not doc.valid and doc.errors and doc.errors[0].code == "P-POD" and str(explanation_text(doc.errors[0]))
    assert not ev.valid


def test_other_kinds_skipped_and_unknown_documents():
    ev = evaluate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n" + svc("  ports:\n  - port: 80\n"))
    assert ev.documents[0].skipped and ev.valid
    assert [d.name for d in ev.services] == ["web"]


def test_document_indices_skip_empty_documents():
    ev = evaluate("---\n# nothing\n---\n" + svc("  ports:\n  - port: 80\n") + "---\n---\n" + svc("  ports: []\n", "b"))
    assert [d.index for d in ev.documents] == [0, 1]
    assert ev.documents[1].errors[0].message == "spec.ports: Required value"


def test_evaluation_errors_all_have_positions():
    ev = evaluate(svc("  type: Nodeport\n  ports:\n  - port: 0\n", name="Bad") + "---\nkind: Service\n")
    assert ev.errors and all(e.line and e.column for e in ev.errors)


# --------------------------------------------------------------------------- warnings
def test_warning_selector_matches_nothing_only_when_the_cluster_has_pods():
    alone = evaluate(svc("  selector: {app: nope}\n  ports:\n  - port: 80\n"))
    assert alone.valid and alone.documents[0].warnings == []
    ev = evaluate(WEB_PODS + "---\n" + svc("  selector: {app: Web}\n  ports:\n  - port: 80\n"))
    doc = ev.service("web")
    assert doc.valid and [w.code for w in doc.warnings] == ["W-SELECTOR-NO-MATCH"]
    assert doc.warnings[0].line == WEB_PODS.count("\n") + 2 + 5


def test_warning_numeric_target_port_not_declared_and_named_port_unresolved():
    ev = evaluate(WEB_PODS + "---\n" + svc("  selector: {app: web}\n  ports:\n  - {name: a, port: 80, targetPort: 9090}\n"
                                           "  - {name: b, port: 81, targetPort: metrics}\n"))
    codes = [w.code for w in ev.service("web").warnings]
    assert codes == ["W-TARGETPORT-NOT-DECLARED", "W-NAMED-PORT-UNRESOLVED"]
    assert all(w.line for w in ev.service("web").warnings)


def test_warning_no_selector():
    doc = evaluate(svc("  ports:\n  - port: 80\n")).documents[0]
    assert [w.code for w in doc.warnings] == ["W-NO-SELECTOR"]


# --------------------------------------------------------------------------- i18n
def test_explanations_follow_the_current_language(korean):
    doc = evaluate(svc("  ports:\n  - port: 0\n")).documents[0]
    err = doc.errors[0]
    text_ko = str(explanation_text(err))
    i18n.set_language("en")
    text_en = str(explanation_text(err))
    hangul = re.compile("[\uac00-\ud7a3]")
    assert hangul.search(text_ko) and not hangul.search(text_en), (text_ko, text_en)
    assert err.message.startswith("spec.ports[0].port: Invalid value: 0")  # never translated


def test_engine_does_not_import_textual():
    import subprocess

    out = subprocess.run([sys.executable, "-c", "import sys, tutor.k8s, tutor.k8s.evaluate, tutor.check; "
                          "print('textual' in sys.modules)"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
