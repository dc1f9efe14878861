"""Service selection as the EndpointSlice controller does it (tutor.k8s.selection)."""

from __future__ import annotations

import json

import pytest

from tutor import i18n
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Node, Pod, Service, ServicePort
from tutor.k8s.selection import PodVerdict, Selection, select


def svc(selector=None, **kw):
    kw.setdefault("ports", [ServicePort(port=80, target_port=9376)])
    return Service(name=kw.pop("name", "my-service"), selector=selector, **kw)


def cluster(*pods):
    c = Cluster.default()
    for p in pods:
        c.add_pod(p)
    return c


def P(name, labels, **kw):
    return Pod(name=name, labels=labels, **kw)


def names(pods):
    return [p.name for p in pods]


def test_match_selects_and_is_ready_endpoint():
    c = cluster(P("web-1", {"app.kubernetes.io/name": "MyApp"}), P("db-0", {"app": "db"}))
    s = select(svc({"app.kubernetes.io/name": "MyApp"}), c)
    assert s.manages_endpoints
    assert names(s.selected) == names(s.endpoints) == names(s.ready) == ["web-1"]
    assert s.not_ready == []
    v = s.verdict("web-1")
    assert v.selected and v.endpoint and v.ready and v.serving
    assert v.reason is None and v.reason_code is None and v.endpoint_reason is None


def test_value_mismatch_names_the_label():
    s = select(svc({"app": "MyApp"}), cluster(P("db-0", {"app": "db"})))
    v = s.verdict("db-0")
    assert not v.selected and not v.endpoint
    assert (v.reason_code, v.label) == ("label_mismatch", "app")
    assert str(v.reason) == "app: db ≠ MyApp"


def test_case_mismatch_is_not_selected_and_hints_case():
    s = select(svc({"app": "MyApp"}), cluster(P("web-1", {"app": "myapp"})))
    v = s.verdict("web-1")
    assert s.selected == [] and v.reason_code == "label_mismatch"
    assert "case-sensitive" in str(v.reason) and "myapp ≠ MyApp" in str(v.reason)


def test_key_case_mismatch_is_a_missing_label_with_hint():
    s = select(svc({"app": "web"}), cluster(P("web-1", {"App": "web"})))
    v = s.verdict("web-1")
    assert (v.reason_code, v.label) == ("label_missing", "app")
    assert "App" in str(v.reason) and "case-sensitive" in str(v.reason)


def test_missing_label():
    s = select(svc({"app": "web", "tier": "frontend"}), cluster(P("web-1", {"app": "web"})))
    v = s.verdict("web-1")
    assert (v.reason_code, v.label) == ("label_missing", "tier")
    assert str(v.reason) == "missing label tier"


def test_several_failing_labels_report_first_selector_key_and_count():
    selector = {"tier": "frontend", "app": "web", "env": "prod"}
    s = select(svc(selector), cluster(P("x", {"app": "db", "env": "dev"})))
    v = s.verdict("x")
    assert (v.reason_code, v.label, v.more) == ("label_missing", "tier", 2)
    assert str(v.reason) == "missing label tier (+2 more)"


def test_extra_pod_labels_are_fine():
    c = cluster(P("web-1", {"app": "web", "pod-template-hash": "abc", "version": "v2"}))
    assert names(select(svc({"app": "web"}), c).selected) == ["web-1"]


def test_all_selector_labels_must_match():
    c = cluster(P("a", {"app": "web"}), P("b", {"app": "web", "tier": "fe"}))
    assert names(select(svc({"app": "web", "tier": "fe"}), c).selected) == ["b"]


def test_other_namespace_not_selected_with_reason():
    c = cluster(P("web-1", {"app": "web"}), Pod(name="web-2", namespace="shop", labels={"app": "web"}),
                Pod(name="db", namespace="shop", labels={"app": "db"}))
    s = select(svc({"app": "web"}), c)
    assert names(s.selected) == ["web-1"]
    v = s.verdict("web-2", "shop")
    assert (v.selected, v.reason_code) == (False, "namespace")
    assert str(v.reason).startswith("other namespace (shop)") and "labels match" in str(v.reason)
    assert str(s.verdict("db", "shop").reason) == "other namespace (shop)"
    assert [x.pod.name for x in s.verdicts] == ["web-1", "web-2", "db"]
    assert [x.pod.name for x in select(svc({"app": "web"}), c, others=False).verdicts] == ["web-1"]


def test_service_in_other_namespace_selects_its_own_pods():
    c = cluster(P("web-1", {"app": "web"}), Pod(name="web-2", namespace="shop", labels={"app": "web"}))
    assert names(select(svc({"app": "web"}, namespace="shop"), c).selected) == ["web-2"]


@pytest.mark.parametrize(("selector", "code", "word"), [(None, "no_selector", "no selector"),
                                                        ({}, "empty_selector", "empty")])
def test_no_or_empty_selector_manages_nothing(selector, code, word):
    c = cluster(P("web-1", {"app": "web"}))
    s = select(svc(selector), c)
    assert not s.manages_endpoints and s.selected == [] and s.endpoints == []
    assert s.reason_code == code and word in str(s.reason)
    v = s.verdict("web-1")
    assert (v.selected, v.reason_code) == (False, "no_selector")
    assert "manages no endpoints" in str(v.reason)
    assert s.why_no_endpoints()[0] == code


def test_external_name_has_no_endpoints_even_with_selector():
    c = cluster(P("web-1", {"app": "web"}))
    s = select(svc({"app": "web"}, type="ExternalName", external_name="db.example.com"), c)
    assert not s.manages_endpoints and s.selected == []
    v = s.verdict("web-1")
    assert v.reason_code == "external_name" and "ExternalName" in str(v.reason)


def test_pod_without_ip_is_selected_but_no_endpoint():
    c = cluster(P("web-1", {"app": "web"}, phase="Pending", ready=False))
    s = select(svc({"app": "web"}), c)
    v = s.verdict("web-1")
    assert names(s.selected) == ["web-1"] and s.endpoints == []
    assert (v.endpoint, v.endpoint_code) == (False, "no_ip") and "no IP" in str(v.endpoint_reason)
    code, text = s.why_no_endpoints()
    assert code == "no_endpoint" and "web-1" in str(text)


@pytest.mark.parametrize("phase", ["Succeeded", "Failed"])
def test_finished_pods_are_not_endpoints(phase):
    c = cluster(P("job-1", {"app": "web"}, phase=phase, ready=False))
    assert c.pod("job-1").ip  # it has an IP, and still is no endpoint
    v = select(svc({"app": "web"}), c).verdict("job-1")
    assert v.selected and not v.endpoint and v.endpoint_code == "terminal"
    assert phase in str(v.endpoint_reason)


def test_not_ready_pod_is_a_not_ready_endpoint():
    c = cluster(P("web-1", {"app": "web"}, ready=False), P("web-2", {"app": "web"}))
    s = select(svc({"app": "web"}), c)
    assert names(s.endpoints) == ["web-1", "web-2"]
    assert names(s.ready) == ["web-2"] and names(s.not_ready) == ["web-1"]
    v = s.verdict("web-1")
    assert v.endpoint_code == "not_ready" and not v.serving and "no traffic" in str(v.endpoint_reason)


def test_terminating_pod_is_not_ready_but_serving():
    c = cluster(P("web-1", {"app": "web"}, terminating=True))
    s = select(svc({"app": "web"}), c)
    v = s.verdict("web-1")
    assert v.endpoint and not v.ready and v.serving and v.endpoint_code == "terminating"
    assert names(s.not_ready) == ["web-1"]


def test_publish_not_ready_addresses_makes_every_endpoint_ready():
    c = cluster(P("a", {"app": "web"}, ready=False), P("b", {"app": "web"}, terminating=True),
                P("c", {"app": "web"}, phase="Pending", ready=False))
    s = select(svc({"app": "web"}, publish_not_ready_addresses=True), c)
    assert names(s.ready) == ["a", "b"] and s.not_ready == []
    assert s.verdict("a").endpoint_code == "published_not_ready"
    assert not s.verdict("c").endpoint  # still needs an IP


def test_pod_on_missing_node_is_skipped_unless_published():
    c = Cluster.default()
    c.add_pod(Pod(name="ghost", labels={"app": "web"}, node="node-z", ip="10.244.9.9"))
    v = select(svc({"app": "web"}), c).verdict("ghost")
    assert v.selected and not v.endpoint and v.endpoint_code == "node_not_found"
    assert select(svc({"app": "web"}, publish_not_ready_addresses=True), c).verdict("ghost").ready


def test_why_no_endpoints_when_nothing_matches():
    c = cluster(P("db-0", {"app": "db"}))
    code, text = select(svc({"app": "web"}), c).why_no_endpoints()
    assert code == "no_match" and "app: db ≠ web" in str(text)
    code, text = select(svc({"app": "web"}, namespace="empty"), c).why_no_endpoints()
    assert code == "no_match" and "no Pods in namespace empty" in str(text)
    assert select(svc({"app": "db"}), c).why_no_endpoints() is None


def test_to_json_shape():
    c = cluster(P("web-1", {"app": "MyApp"}), P("db-0", {"app": "db"}))
    data = select(svc({"app": "MyApp"}), c).to_json()
    json.dumps(data)
    assert data["manages_endpoints"] is True
    assert (data["selected"], data["endpoints"], data["ready"], data["not_ready"]) == (["web-1"], ["web-1"], ["web-1"], [])
    db = next(p for p in data["pods"] if p["name"] == "db-0")
    assert db == {"name": "db-0", "namespace": "default", "selected": False, "reason": "app: db ≠ MyApp",
                  "code": "label_mismatch", "endpoint": False, "ready": False, "endpoint_reason": None,
                  "endpoint_code": None}


def test_reasons_follow_the_current_language(korean):
    s = select(svc({"app": "MyApp"}), cluster(P("db-0", {"app": "db"}), P("x", {"app": "MyApp"}, ready=False)))
    assert not str(s.verdict("x").endpoint_reason).startswith(i18n.MISSING_MARK)
    assert str(s.verdict("x").endpoint_reason) != s.verdict("x").endpoint_reason.english()
    assert json.dumps(s.to_json(), ensure_ascii=False)
    i18n.set_language("en")
    assert str(s.verdict("db-0").reason) == "app: db ≠ MyApp"


def test_selection_is_a_snapshot():
    c = cluster(P("a", {"app": "web"}))
    s = select(svc({"app": "web"}), c)
    c.add_pod(P("b", {"app": "web"}))
    assert [v.pod.name for v in s.verdicts] == ["a"]


def test_hand_built_selection_and_verdicts():
    pod = Pod(name="a", labels={"app": "web"}, ip="10.244.1.2", node="node-a")
    v = PodVerdict(pod, True, endpoint=True, ready=False, endpoint_code="not_ready")
    s = Selection(svc({"app": "web"}), True, [v])
    assert names(s.endpoints) == ["a"] and names(s.not_ready) == ["a"] and s.ready == []
    assert "no traffic" in str(v.endpoint_reason)


def test_ten_thousand_pods():
    c = Cluster(nodes=[Node("big", "192.168.0.1", "10.0.0.0/16")])
    for i in range(10_000):
        c.add_pod(Pod(name=f"p{i}", namespace=f"ns{i % 4}", labels={"app": "web" if i % 3 else "db", "i": str(i)}))
    s = select(Service(name="s", namespace="ns1", selector={"app": "web"}), c)
    expected = [f"p{i}" for i in range(10_000) if i % 4 == 1 and i % 3]
    assert names(s.selected) == expected and names(s.ready) == expected
    assert len(s.verdicts) == 10_000
    assert sum(v.reason_code == "namespace" for v in s.verdicts) == 7_500


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_selectors_of_every_size_match_exactly_the_full_label_sets(size):
    keys = [f"k{i}" for i in range(size)]
    selector = {k: "v" for k in keys}
    c = Cluster.default()
    for mask in range(2 ** size):
        labels = {k: ("v" if mask >> i & 1 else "x") for i, k in enumerate(keys)}
        c.add_pod(Pod(name=f"p{mask}", labels=labels))
        c.add_pod(Pod(name=f"q{mask}", labels={k: "v" for i, k in enumerate(keys) if mask >> i & 1}))
    s = select(svc(selector), c)
    assert names(s.selected) == [f"p{2 ** size - 1}", f"q{2 ** size - 1}"]
    for v in s.verdicts:
        if not v.selected:
            assert v.reason_code in ("label_mismatch", "label_missing") and v.label in keys
