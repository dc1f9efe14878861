"""The one listening rule: declared ports are an assumption, a lesson may say otherwise,
and every part of the engine (Pods, evaluation, ports, traces) uses the same rule."""

from __future__ import annotations

import pytest

from tutor.k8s.cluster import Cluster, ClusterSpecError
from tutor.k8s.evaluate import evaluate
from tutor.k8s.model import Container, ContainerPort, Pod, ServicePort
from tutor.k8s.pods import (
    ListenRule,
    apply_listening,
    declared_clashes,
    listen_rules_from_spec,
    listening_text,
    port_clashes,
)
from tutor.k8s.ports import find_port
from tutor.k8s.trace import Source, trace

SHOP = """
apiVersion: v1
kind: Pod
metadata: {name: shop, labels: {app: shop}}
spec:
  containers:
  - name: app
    image: app:1
    ports: [{name: http, containerPort: 8080}]
  - name: metrics
    image: metrics:1
    env:
    - {name: LISTEN_PORT, value: "@VALUE@"}
    - {name: TARGET_URL, value: "http://localhost:8080/stats"}
    ports: [{name: metrics, containerPort: @PORT@}]
"""

RULES = [{"pod": "shop", "container": "metrics", "port": "$env:LISTEN_PORT"},
         {"pod": "shop", "container": "app", "port": 8080}]


def shop(listen: str, port: int) -> str:
    return SHOP.replace("@VALUE@", listen).replace("@PORT@", str(port))


def lesson_cluster(pods: str = "") -> Cluster:
    return Cluster.from_spec({"nodes": [{"name": "node-a"}], "pods": pods, "listening": RULES})


# --------------------------------------------------------------------------- the model
def test_without_a_rule_a_container_is_assumed_to_listen_on_its_declared_ports():
    c = Container("web", ports=[ContainerPort(8080), ContainerPort(53, protocol="UDP")])
    assert c.listening is None and c.listen_ports == [(8080, "TCP"), (53, "UDP")]
    assert c.listens_on(8080) and c.listens_on(53, "UDP") and not c.listens_on(53)
    assert "assumed" in str(listening_text(c)) and "cannot run the image" in str(listening_text(c))
    assert "declares no port" in str(listening_text(Container("idle")))


def test_a_pods_listener_is_the_first_container_that_listens():
    pod = Pod("p", containers=[Container("a", ports=[ContainerPort(80)]), Container("b", listening=[(80, "TCP")])])
    assert pod.listener(80).name == "a" and pod.listener(81) is None


# --------------------------------------------------------------------------- rules
def test_rules_from_a_lesson_cluster():
    rules = listen_rules_from_spec([
        {"container": "metrics", "port": "$env:LISTEN_PORT"},
        {"pod": "Deployment/web", "namespace": "shop", "container": "web", "port": [8080, "$env:ADMIN"]},
        {"container": "sidecar", "port": "none"},
        {"container": "dns", "port": 53, "protocol": "UDP"},
        {"container": "quiet", "port": []},
    ])
    assert rules == [ListenRule("metrics", ports=("$env:LISTEN_PORT",)),
                     ListenRule("web", pod="Deployment/web", namespace="shop", ports=(8080, "$env:ADMIN")),
                     ListenRule("sidecar"), ListenRule("dns", ports=(53,), protocol="UDP"), ListenRule("quiet")]
    assert listen_rules_from_spec(None) == []


@pytest.mark.parametrize("raw,path", [
    ({"container": "x"}, "listening[0].port"),
    ({"port": 80}, "listening[0].container"),
    ({"container": "x", "port": "eighty"}, "listening[0].port"),
    ({"container": "x", "port": 70000}, "listening[0].port"),
    ({"container": "x", "port": [80, "none"]}, "listening[0].port[1]"),
    ({"container": "x", "port": 80, "protocol": "HTTP"}, "listening[0].protocol"),
    ({"container": "x", "port": 80, "ports": 81}, "listening[0]"),
    ("metrics", "listening[0]"),
])
def test_a_rule_written_wrongly_is_a_cluster_error_with_its_path(raw, path):
    with pytest.raises(ClusterSpecError) as err:
        Cluster.from_spec({"pods": "", "listening": [raw]})
    assert err.value.path == path


def test_env_rule_reads_the_variable_and_says_where_the_port_comes_from():
    [pod] = apply_listening(lesson_cluster(shop("9100", 9100)).pods, [])
    metrics = pod.containers[1]
    assert metrics.listening == [(9100, "TCP")] and metrics.listen_env == ("LISTEN_PORT",)
    assert str(listening_text(metrics)) == "listens on 9100/TCP in this lesson: the port in LISTEN_PORT"
    assert pod.containers[0].listening == [(8080, "TCP")]
    [bad] = lesson_cluster(shop("nine", 9100)).pods
    assert bad.containers[1].listening == [] and '"nine", not a port number' in str(listening_text(bad.containers[1]))


def test_rules_match_pods_by_name_or_owner_and_keep_replicas_sharing():
    web = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1, ports: [{containerPort: 80}]}]}
"""
    cluster = Cluster.from_spec({"pods": web, "listening": [{"pod": "Deployment/web", "container": "web",
                                                             "port": 8080}]})
    assert all(p.containers[0].listening == [(8080, "TCP")] for p in cluster.pods)
    assert len({id(p.containers) for p in cluster.pods}) == 1
    other = Cluster.from_spec({"pods": web, "listening": [{"pod": "api", "container": "web", "port": 8080}]})
    assert all(p.containers[0].listening is None for p in other.pods)


def test_rules_apply_to_the_pods_of_an_evaluated_text_and_nowhere_else():
    base = lesson_cluster()
    ev = evaluate(shop("8080", 9100), base)
    pod = ev.cluster.pod("shop")
    assert pod.containers[1].listening == [(8080, "TCP")]
    assert ev.cluster.listening == base.listening and ev.cluster.copy().listening == base.listening
    plain = evaluate(shop("8080", 9100)).cluster.pod("shop")  # a real manifest: the default rule
    assert all(c.listening is None for c in plain.containers)


# --------------------------------------------------------------------------- clashes
def test_port_clashes_follow_listening_and_declared_clashes_follow_declarations():
    moved_declaration_only = lesson_cluster(shop("8080", 9100)).pod("shop")
    assert port_clashes(moved_declaration_only) == [(8080, "TCP", ["app", "metrics"])]
    assert declared_clashes(moved_declaration_only) == []
    moved_env_only = lesson_cluster(shop("9100", 8080)).pod("shop")
    assert port_clashes(moved_env_only) == [] and declared_clashes(moved_env_only) == [(8080, "TCP", ["app", "metrics"])]
    fixed = lesson_cluster(shop("9100", 9100)).pod("shop")
    assert port_clashes(fixed) == declared_clashes(fixed) == []


# --------------------------------------------------------------------------- ports and traces
def test_find_port_uses_the_listener_not_the_declaration():
    pod = lesson_cluster(shop("9100", 8080)).pod("shop")  # metrics declares 8080 but listens on 9100
    t = find_port(pod, ServicePort(port=80, target_port="metrics"))
    assert (t.port, t.container, t.listener, t.declared) == (8080, "metrics", "app", True)  # app listens there
    t = find_port(pod, ServicePort(port=80, target_port=9100))
    assert t.ok and t.listener == "metrics" and not t.declared and t.code is None
    nothing = lesson_cluster(shop("none", 9100)).pod("shop")
    t = find_port(nothing, ServicePort(port=80, target_port="metrics"))
    assert not t.ok and t.code == "not_listening" and t.listener is None
    assert "LISTEN_PORT is \"none\"" in str(t.reason) and "refused" in str(t.reason)


def test_a_trace_refuses_where_nothing_listens_and_says_what_the_lesson_says():
    cluster = evaluate(shop("9100", 9100), lesson_cluster()).cluster
    t = trace(cluster, Source(pod="shop", container="app"), "localhost:9100")
    assert t.ok and t.container == "metrics" and "the port in LISTEN_PORT" in str(t.hops[-1].text)
    assert t.hops[-1].detail["assumed"] is False
    declared_only = evaluate(shop("8080", 9100), lesson_cluster()).cluster
    t = trace(declared_only, Source(pod="shop", container="app"), "localhost:9100")
    assert t.failure == "not_listening" and t.symptom == "refused"
    assert "container metrics: listens on 8080/TCP in this lesson: the port in LISTEN_PORT" in str(t.failure_text)


def test_a_trace_names_a_clash():
    cluster = evaluate(shop("8080", 9100), lesson_cluster()).cluster
    t = trace(cluster, Source(pod="shop", container="metrics"), "$env:TARGET_URL")
    assert t.ok and t.container == "app"
    assert "container metrics also wants port 8080 and cannot bind it" in str(t.hops[-1].text)
    assert t.hops[-1].detail["clash"] == ["metrics"]
