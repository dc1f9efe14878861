"""Property: a List gives the same results as its items written as separate documents
(kubectl sends each item of a List on its own), in YAML and in JSON."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.k8s.evaluate import evaluate

NAMES = st.sampled_from(["web", "api", "db", "Web", "cache-1", "x" * 64])
NAMESPACES = st.sampled_from(["default", "prod"])
LABELS = st.dictionaries(st.sampled_from(["app", "tier", "version"]), st.sampled_from(["web", "db", "v1", "front"]),
                         max_size=2)
PORT_NUMBERS = st.sampled_from([0, 80, 443, 8080, 9376, 70000])
TARGETS = st.one_of(st.sampled_from([8080, 9376, 0]), st.sampled_from(["http", "metrics", "HTTP"]))
PROTOCOLS = st.sampled_from(["TCP", "UDP", "tcp", None])


@st.composite
def services(draw):
    ports = []
    for i in range(draw(st.integers(0, 2))):
        port = {"port": draw(PORT_NUMBERS), "targetPort": draw(TARGETS)}
        proto = draw(PROTOCOLS)
        if proto is not None:
            port["protocol"] = proto
        if draw(st.booleans()):
            port["name"] = f"p{i}"
        ports.append(port)
    spec = {"ports": ports, "type": draw(st.sampled_from(["ClusterIP", "NodePort", "Nodeport"]))}
    selector = draw(st.one_of(st.none(), LABELS))
    if selector is not None:
        spec["selector"] = selector
    if draw(st.booleans()):
        spec["publishNotReadyAddresses"] = True
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": draw(NAMES), "namespace": draw(NAMESPACES)}, "spec": spec}


@st.composite
def pods(draw, index):
    obj = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": f"pod-{index}", "namespace": draw(NAMESPACES), "labels": draw(LABELS)},
           "spec": {"containers": [{"name": "app", "ports": [
               {"containerPort": draw(st.sampled_from([8080, 9376, 0])), "name": draw(st.sampled_from(["http", "metrics"]))}
           ]}]}}
    if draw(st.booleans()):
        obj["spec"]["nodeName"] = draw(st.sampled_from(["node-a", "node-b", "kind-worker"]))
    if draw(st.booleans()):
        ready = draw(st.sampled_from(["True", "False", None]))
        status = {"phase": draw(st.sampled_from(["Running", "Pending", "Succeeded"])),
                  "podIPs": [{"ip": f"10.244.{index % 3 + 1}.{index + 20}"}]}
        if ready is not None:
            status["conditions"] = [{"type": "Ready", "status": ready}]
        obj["status"] = status
    if draw(st.booleans()):
        obj["metadata"]["deletionTimestamp"] = "2025-05-02T09:40:52Z"
    return obj


@st.composite
def objects(draw):
    out = []
    for i in range(draw(st.integers(1, 6))):
        choice = draw(st.sampled_from(["service", "pod", "deployment", "slice"]))
        if choice == "service":
            out.append(draw(services()))
        elif choice == "pod":
            out.append(draw(pods(i)))
        elif choice == "deployment":
            labels = draw(LABELS) or {"app": "web"}
            out.append({"apiVersion": "apps/v1", "kind": "Deployment",
                        "metadata": {"name": f"deploy-{i}", "namespace": draw(NAMESPACES)},
                        "spec": {"replicas": draw(st.integers(0, 3)), "selector": {"matchLabels": labels},
                                 "template": {"metadata": {"labels": labels},
                                              "spec": {"containers": [{"name": "app", "ports": [
                                                  {"containerPort": 8080, "name": "http"}]}]}}}})
        else:
            out.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                        "metadata": {"name": f"slice-{i}", "namespace": draw(NAMESPACES), "labels": {
                            "kubernetes.io/service-name": draw(NAMES),
                            "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
                        "endpoints": [{"addresses": ["10.244.1.21"], "conditions": {"ready": True},
                                       "targetRef": {"kind": "Pod", "name": "pod-1"}}],
                        "ports": [{"name": "", "port": 8080, "protocol": "TCP"}]})
    return out


def outcome(text):
    ev = evaluate(text)
    assert ev.parse_error is None, ev.parse_error
    out = []
    for d in ev.documents:
        sel = d.selection
        out.append((d.kind, d.name, d.namespace, d.valid, d.stage, d.skipped,
                    [(e.path, e.type, e.message) for e in d.errors], sorted(w.code for w in d.warnings),
                    d.pods_from, list(d.pod_names),
                    None if sel is None else ([p.name for p in sel.ready], [p.name for p in sel.not_ready]),
                    None if d.ports is None else [sorted(m.to_json()["resolved"].items()) for m in d.ports]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(objects())
def test_a_list_is_its_items_as_documents(objs):
    documents = "".join("---\n" + yaml.safe_dump(o, sort_keys=True) for o in objs)
    as_list = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": objs}
    expected = outcome(documents)
    assert outcome(yaml.safe_dump(as_list, sort_keys=True)) == expected
    assert outcome(json.dumps(as_list, indent=4)) == expected
    ev = evaluate(json.dumps(as_list))
    assert [d.item for d in ev.documents] == list(range(len(objs)))
