"""Traffic tracing: loopback, Pod-to-Pod, DNS and kube-proxy (tutor.k8s.trace)."""

from __future__ import annotations

import json

import pytest

from tutor import i18n
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Service, ServicePort
from tutor.k8s.trace import EXTERNAL_CLIENT_IP, Source, destinations, parse_destination, sources, trace

PODS = """
kind: Deployment
apiVersion: apps/v1
metadata: {name: web}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        ports: [{name: http, containerPort: 8080}]
---
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  containers:
  - name: app
    env:
    - {name: URL, value: "http://web/index.html"}
    - {name: BAD, value: "http://nginx:8080"}
  - name: metrics
    ports: [{name: metrics, containerPort: 9100}]
---
kind: Pod
metadata: {name: shop-client, namespace: shop}
spec:
  containers: [{name: app}]
"""


@pytest.fixture
def c():
    cluster = Cluster.from_spec({"pods": PODS})
    cluster.add_service(Service(name="web", selector={"app": "web"},
                                ports=[ServicePort(port=80, target_port="http")]))
    return cluster


CLIENT = Source(pod="client", container="app")
OUTSIDE = Source.outside()


def kinds(t):
    return [h.kind for h in t.hops]


def web_pods(cluster):
    return [p for p in cluster.pods if p.owner == "Deployment/web"]


def add(cluster, **kw):
    kw.setdefault("selector", {"app": "web"})
    kw.setdefault("ports", [ServicePort(port=80, target_port="http")])
    return cluster.add_service(Service(**kw))


# --------------------------------------------------------------------------- Services by name
def test_service_short_name_reaches_a_pod(c):
    t = trace(c, CLIENT, "web:80")
    assert t.ok and t.failure is None and t.failure_text is None
    assert kinds(t) == ["dns", "vip", "endpoint", "node", "pod", "container"]
    assert t.dns_answer == [c.service("web").cluster_ip]
    assert t.pod in web_pods(c) and (t.port, t.container) == (8080, "web")
    assert t.service.name == "web"
    assert t.hops[0].detail["tried"] == ["web.default.svc.cluster.local"]


@pytest.mark.parametrize("name", ["web", "web.default", "web.default.svc", "web.default.svc.cluster.local",
                                  "web.default.svc.cluster.local.", "WEB.Default"])
def test_every_service_name_form_resolves(c, name):
    t = trace(c, CLIENT, f"{name}:80")
    assert t.ok and t.hops[0].detail["fqdn"] == "web.default.svc.cluster.local"


def test_pick_chooses_endpoints_deterministically(c):
    a, b = trace(c, CLIENT, "web:80", pick=0), trace(c, CLIENT, "web:80", pick=1)
    assert {a.pod.name, b.pod.name} == {p.name for p in web_pods(c)}
    assert trace(c, CLIENT, "web:80", pick=2).pod is a.pod
    assert trace(c, CLIENT, "web:80", pick=0).pod is a.pod


def test_port_omitted_single_port_service_uses_it(c):
    t = trace(c, CLIENT, "web")
    assert t.ok and t.port == 8080


def test_url_uses_scheme_default_port_and_ignores_path(c):
    t = trace(c, CLIENT, "http://web/index.html")
    assert t.ok and t.hops[1].detail["port"] == 80


def test_short_name_from_other_namespace_is_nxdomain_with_hint(c):
    t = trace(c, Source(pod="shop-client", namespace="shop"), "web:80")
    assert not t.ok and t.failure == "nxdomain"
    assert kinds(t) == ["dns"] and not t.hops[0].ok
    assert "in namespace default" in str(t.failure_text) and "use " not in str(t.failure_text)
    assert t.hops[0].detail["tried"][0] == "web.shop.svc.cluster.local"
    assert trace(c, Source(pod="shop-client", namespace="shop"), "web.default:80").ok


def test_temporary_client_in_namespace(c):
    assert trace(c, Source(namespace="shop"), "web.default:80").ok
    assert trace(c, Source(namespace="shop"), "web:80").failure == "nxdomain"


def test_nxdomain_for_a_pod_name(c):
    pod = web_pods(c)[0].name
    t = trace(c, CLIENT, f"{pod}:8080")
    assert t.failure == "nxdomain" and "Pod's name is not a DNS name" in str(t.failure_text)


def test_nxdomain_for_a_container_name(c):
    t = trace(c, CLIENT, "$env:BAD")
    assert t.failure == "nxdomain" and kinds(t) == ["env", "dns"]
    assert "nginx" in str(t.failure_text)
    t = trace(c, CLIENT, "metrics:9100")
    assert t.failure == "nxdomain" and "container names are not host names" in str(t.failure_text)


def test_nxdomain_unknown_namespace(c):
    t = trace(c, CLIENT, "web.nowhere:80")
    assert t.failure in ("nxdomain", "outside_cluster")
    t = trace(c, CLIENT, "web.nowhere.svc.cluster.local:80")
    assert t.failure == "nxdomain" and "nowhere" in str(t.failure_text)


def test_own_host_name_resolves_through_etc_hosts(c):
    t = trace(c, CLIENT, "client:9100")
    assert t.ok and kinds(t) == ["hosts", "pod", "container"]
    assert (t.pod.name, t.container) == ("client", "metrics")


def test_names_outside_the_cluster(c):
    t = trace(c, CLIENT, "api.example.com:443")
    assert t.failure == "outside_cluster" and kinds(t) == ["dns"]


def test_cluster_dns_names_do_not_resolve_from_outside(c):
    t = trace(c, OUTSIDE, "web:80")
    assert t.failure == "nxdomain" and "inside the cluster" in str(t.failure_text)
    assert trace(c, OUTSIDE, "web.default.svc.cluster.local:80").failure == "nxdomain"


def test_needs_port_for_multi_port_service(c):
    add(c, name="multi", ports=[ServicePort(port=80, target_port="http", name="http"),
                                ServicePort(port=443, target_port=8443, name="https")])
    t = trace(c, CLIENT, "multi")
    assert t.failure == "needs_port" and "80/TCP" in str(t.failure_text) and "443/TCP" in str(t.failure_text)
    assert kinds(t) == ["dns"]


def test_port_not_exposed_with_target_port_hint(c):
    t = trace(c, CLIENT, "web:8080")
    assert t.failure == "port_not_exposed" and kinds(t) == ["dns", "vip"] and not t.hops[-1].ok
    assert "targetPort" in str(t.failure_text)


def test_port_not_exposed_for_other_protocol(c):
    t = trace(c, CLIENT, "web:80", protocol="UDP")
    assert t.failure == "port_not_exposed" and "TCP only" in str(t.failure_text)


# --------------------------------------------------------------------------- endpoints
def test_no_endpoints_without_selector(c):
    add(c, name="manual", selector=None)
    t = trace(c, CLIENT, "manual:80")
    assert t.failure == "no_endpoints" and kinds(t) == ["dns", "vip", "endpoint"]
    assert t.hops[-1].detail["reason"] == "no_selector" and "no selector" in str(t.failure_text)


def test_no_endpoints_selector_matches_nothing(c):
    add(c, name="typo", selector={"app": "Web"})
    t = trace(c, CLIENT, "typo:80")
    assert t.failure == "no_endpoints" and t.hops[-1].detail["reason"] == "no_match"
    assert "app: web ≠ Web" in str(t.failure_text)


def test_no_endpoints_when_selected_pods_have_no_ip(c):
    c.add_pod(c.pod("client").__class__(name="pending", labels={"app": "pending"}, phase="Pending", ready=False))
    add(c, name="p", selector={"app": "pending"})
    t = trace(c, CLIENT, "p:80")
    assert t.failure == "no_endpoints" and t.hops[-1].detail["reason"] == "no_endpoint"


def test_only_not_ready_endpoints(c):
    import dataclasses

    for p in web_pods(c):
        c.add_pod(dataclasses.replace(p, ready=False))
    t = trace(c, CLIENT, "web:80")
    assert t.failure == "not_ready" and kinds(t) == ["dns", "vip", "endpoint"]
    assert len(t.hops[-1].detail["not_ready"]) == 2 and "no traffic" in str(t.failure_text)


def test_target_port_unresolved(c):
    add(c, name="named", ports=[ServicePort(port=80, target_port="www")])
    t = trace(c, CLIENT, "named:80")
    assert t.failure == "target_unresolved" and kinds(t) == ["dns", "vip", "endpoint"]
    assert "www" in str(t.failure_text)


def test_pods_lacking_the_named_port_get_no_traffic(c):
    c.add_pod(c.pod("client").__class__(name="odd", labels={"app": "web"}))  # no ports at all
    for pick in range(4):
        t = trace(c, CLIENT, "web:80", pick=pick)
        assert t.ok and t.pod.name != "odd"
    assert trace(c, CLIENT, "web:80").hops[2].detail["skipped"] == ["odd"]


def test_not_listening_on_numeric_target_port(c):
    add(c, name="wrong", ports=[ServicePort(port=80, target_port=9376)])
    t = trace(c, CLIENT, "wrong:80")
    assert t.failure == "not_listening"
    assert kinds(t) == ["dns", "vip", "endpoint", "node", "pod", "container"] and not t.hops[-1].ok
    assert t.pod is not None and t.port == 9376 and t.container is None
    assert "9376" in str(t.failure_text) and "8080/TCP" in str(t.failure_text)


def test_internal_traffic_policy_local(c):
    add(c, name="local", internal_traffic_policy="Local")
    t = trace(c, CLIENT, "local:80")
    assert t.ok and t.pod.node == c.pod("client").node
    c2 = c.copy()
    c2.remove_pod(t.pod.name, "default")
    t2 = trace(c2, CLIENT, "local:80")
    assert t2.failure == "no_local_endpoint" and "internalTrafficPolicy" in str(t2.failure_text)


# --------------------------------------------------------------------------- ClusterIP, Pod IPs, loopback
def test_cluster_ip_from_inside(c):
    ip = c.service("web").cluster_ip
    t = trace(c, CLIENT, f"{ip}:80")
    assert t.ok and kinds(t) == ["vip", "endpoint", "node", "pod", "container"] and t.dns_answer is None


def test_cluster_ip_not_reachable_from_outside(c):
    ip = c.service("web").cluster_ip
    t = trace(c, OUTSIDE, f"{ip}:80")
    assert t.failure == "no_route" and kinds(t) == ["vip"] and "outside" in str(t.failure_text)


def test_pod_ip_across_nodes_without_nat(c):
    client = c.pod("client")
    other = next(p for p in web_pods(c) if p.node != client.node)
    t = trace(c, CLIENT, f"{other.ip}:8080")
    assert t.ok and kinds(t) == ["node", "pod", "container"]
    assert t.hops[0].detail == {"from": client.node, "to": other.node, "crossing": True}
    assert "no NAT" in str(t.hops[0].text)


def test_pod_ip_same_node(c):
    client = c.pod("client")
    same = next(p for p in web_pods(c) if p.node == client.node)
    t = trace(c, CLIENT, f"{same.ip}:8080")
    assert t.ok and t.hops[0].detail["crossing"] is False


def test_pod_ip_needs_port(c):
    t = trace(c, CLIENT, web_pods(c)[0].ip)
    assert t.failure == "needs_port" and t.hops == []


def test_pod_ip_not_ready_is_still_reachable_directly(c):
    import dataclasses

    p = web_pods(c)[0]
    c.add_pod(dataclasses.replace(p, ready=False))
    t = trace(c, CLIENT, f"{p.ip}:8080")
    assert t.ok and "readiness only matters" in str(t.hops[-2].text)


def test_pod_ip_not_reachable_from_outside(c):
    t = trace(c, OUTSIDE, f"{web_pods(c)[0].ip}:8080")
    assert t.failure == "no_route" and kinds(t) == ["pod"]


def test_unknown_pod_ip(c):
    t = trace(c, CLIENT, "10.244.1.99:8080")
    assert t.failure == "unknown_ip" and "node-a" in str(t.failure_text) and kinds(t) == ["pod"]
    assert trace(c, CLIENT, "8.8.8.8:53").failure == "unknown_ip"


def test_finished_pod_ip(c):
    import dataclasses

    p = web_pods(c)[0]
    c.add_pod(dataclasses.replace(p, phase="Succeeded", ready=False))
    t = trace(c, CLIENT, f"{p.ip}:8080")
    assert t.failure == "pod_not_running"


def test_old_pod_ip_after_recreate(c):
    old_ips = [p.ip for p in web_pods(c)]
    r = c.recreate("Deployment/web")
    t = trace(r, CLIENT, f"{old_ips[0]}:8080")
    assert t.failure == "unknown_ip"
    assert trace(r, CLIENT, "web:80").ok and trace(r, CLIENT, "web:80").pod.ip not in old_ips


def test_loopback_reaches_another_container(c):
    t = trace(c, CLIENT, "localhost:9100")
    assert t.ok and kinds(t) == ["loopback", "container"]
    assert (t.pod.name, t.container, t.port) == ("client", "metrics", 9100)


def test_loopback_to_own_container_counts():
    cl = Cluster.from_spec({"pods": "kind: Pod\nmetadata: {name: a}\n"
                                    "spec: {containers: [{name: x, ports: [{containerPort: 7000}]}]}\n"})
    t = trace(cl, Source(pod="a"), "127.0.0.1:7000")
    assert t.ok and t.container == "x" and "itself" in str(t.hops[-1].text)


def test_loopback_nothing_listening(c):
    t = trace(c, CLIENT, "localhost:8080")
    assert t.failure == "not_listening" and kinds(t) == ["loopback", "container"] and not t.hops[-1].ok
    assert "container metrics: 9100/TCP" in str(t.failure_text) and "refused" in str(t.failure_text)


def test_loopback_from_outside_is_no_route(c):
    assert trace(c, OUTSIDE, "localhost:80").failure == "no_route"


def test_loopback_needs_port(c):
    assert trace(c, CLIENT, "localhost").failure == "needs_port"


# --------------------------------------------------------------------------- NodePort, LoadBalancer, external IPs
@pytest.fixture
def np(c):
    add(c, name="web", type="NodePort", external_traffic_policy="Cluster",
        ports=[ServicePort(port=80, target_port="http", node_port=30080)])
    return c


def test_nodeport_from_outside_any_node(np):
    for node in np.nodes:
        t = trace(np, OUTSIDE, f"{node.ip}:30080")
        assert t.ok and kinds(t)[:2] == ["nodeport", "endpoint"] and t.port == 8080


def test_nodeport_cluster_policy_forwards_with_snat(np):
    node_b = np.node("node-b")
    for pick in (0, 1):
        t = trace(np, OUTSIDE, f"{node_b.ip}:30080", pick=pick)
        assert t.ok and kinds(t)[:4] == ["nodeport", "endpoint", "snat", "node"]
        snat = t.hops[2]
        assert snat.detail == {"service": "web", "snat": True, "before": EXTERNAL_CLIENT_IP, "after": node_b.ip,
                               "node": "node-b"}
        assert f"{EXTERNAL_CLIENT_IP} → {node_b.ip}" in str(snat.text) and "source NAT" in str(snat.text)
        assert (t.client_ip, t.source_ip) == (EXTERNAL_CLIENT_IP, node_b.ip)
        assert f"source address {node_b.ip}" in str(t.hops[-2].text)
        if t.pod.node != "node-b":
            assert t.hops[3].detail["snat"] is True and "forwards it to node" in str(t.hops[3].text)


def test_cluster_policy_source_nats_even_when_the_endpoint_is_on_the_receiving_node(np):
    """kube-proxy masquerades all external traffic under Cluster, not only what it
    forwards to another node: the Pod sees the node's address either way."""
    for node in np.nodes:
        for pick in (0, 1):
            t = trace(np, OUTSIDE, f"{node.ip}:30080", pick=pick)
            if t.pod.node == node.name:
                assert kinds(t)[:4] == ["nodeport", "endpoint", "snat", "node"]
                assert t.hops[3].detail["crossing"] is False and t.source_ip == node.ip
                break
        else:  # pragma: no cover - the two replicas run on the two nodes
            raise AssertionError("no endpoint on " + node.name)


def test_nodeport_local_policy_drops_on_node_without_endpoint(np):
    add(np, name="web", type="NodePort", external_traffic_policy="Local",
        ports=[ServicePort(port=80, target_port="http", node_port=30080)])
    np.remove_pod(next(p.name for p in web_pods(np) if p.node == "node-b"))
    t = trace(np, OUTSIDE, "192.168.49.3:30080")
    assert t.failure == "no_local_endpoint" and kinds(t) == ["nodeport", "endpoint"]
    ok = trace(np, OUTSIDE, "192.168.49.2:30080")
    assert ok.ok and ok.pod.node == "node-a" and kinds(ok)[:4] == ["nodeport", "endpoint", "snat", "node"]
    assert ok.hops[2].detail["snat"] is False and "no source NAT" in str(ok.hops[2].text)
    assert ok.hops[3].detail["crossing"] is False
    assert ok.client_ip == ok.source_ip == EXTERNAL_CLIENT_IP  # the Pod sees the client
    assert trace(np, CLIENT, "192.168.49.3:30080").ok  # the policy is for external traffic only


def test_node_ip_without_such_node_port(np):
    t = trace(np, OUTSIDE, "192.168.49.3:8080")
    assert t.failure == "port_not_exposed" and kinds(t) == ["nodeport"]
    assert "Pod IP" in str(t.failure_text)


def test_node_port_from_inside_a_pod(np):
    assert trace(np, CLIENT, "192.168.49.2:30080").ok


def test_load_balancer_from_outside(c):
    svc = add(c, name="web", type="LoadBalancer", external_traffic_policy="Cluster",
              ports=[ServicePort(port=80, target_port="http", node_port=30080)])
    address = c.load_balancer_address(svc)
    t = trace(c, OUTSIDE, f"{address}:80")
    assert t.ok and kinds(t)[:3] == ["loadbalancer", "nodeport", "endpoint"]
    assert trace(c, OUTSIDE, f"{address}:30080").failure == "port_not_exposed"
    inside = trace(c, CLIENT, f"{address}:80")
    assert inside.ok and kinds(inside)[:2] == ["loadbalancer", "endpoint"]


def test_load_balancer_local_policy_only_uses_healthy_nodes(c):
    svc = add(c, name="web", type="LoadBalancer", external_traffic_policy="Local", load_balancer_ip="198.51.100.5",
              ports=[ServicePort(port=80, target_port="http", node_port=30080)])
    c.remove_pod(next(p.name for p in web_pods(c) if p.node == "node-a"))
    for pick in range(3):
        t = trace(c, OUTSIDE, f"{svc.load_balancer_ip}:80", pick=pick)
        assert t.ok and t.hops[0].detail["node"] == "node-b"


def test_external_ips(c):
    add(c, name="ext", external_ips=["192.0.2.10"], external_traffic_policy="Cluster")
    t = trace(c, OUTSIDE, "192.0.2.10:80")
    assert t.ok and kinds(t)[0] == "externalip"


# --------------------------------------------------------------------------- headless, ExternalName, Pod records
@pytest.fixture
def db():
    cl = Cluster.from_spec({"pods": """
kind: StatefulSet
apiVersion: apps/v1
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: postgres, ports: [{containerPort: 5432}]}]}
---
kind: Pod
metadata: {name: client}
spec: {containers: [{name: app}]}
"""})
    cl.add_service(Service(name="db", selector={"app": "db"}, cluster_ip="None", cluster_ips=["None"],
                           ports=[ServicePort(port=5432, target_port=5432)]))
    return cl


def test_headless_dns_answers_ready_pod_ips(db):
    import dataclasses

    db.add_pod(dataclasses.replace(db.pod("db-2"), ready=False))
    t = trace(db, Source(pod="client"), "db:5432")
    assert t.ok and t.dns_answer == [db.pod("db-0").ip, db.pod("db-1").ip]
    assert kinds(t)[:2] == ["dns", "endpoint"] and "vip" not in kinds(t)
    assert trace(db, Source(pod="client"), "db:5432", pick=1).pod.name == "db-1"


def test_headless_has_no_port_translation(db):
    db.add_service(Service(name="db", selector={"app": "db"}, cluster_ip="None", cluster_ips=["None"],
                           ports=[ServicePort(port=80, target_port=5432)]))
    t = trace(db, Source(pod="client"), "db:80")
    assert t.failure == "not_listening" and t.port == 80
    assert trace(db, Source(pod="client"), "db").failure == "not_listening"  # port 80 from the Service


def test_headless_without_ready_endpoints(db):
    db.add_service(Service(name="empty", selector={"app": "none"}, cluster_ip="None", cluster_ips=["None"]))
    t = trace(db, Source(pod="client"), "empty:5432")
    assert t.failure == "no_endpoints" and t.dns_answer == [] and not t.hops[0].ok


def test_statefulset_member_dns_name(db):
    t = trace(db, Source(pod="client"), "db-1.db:5432")
    assert t.ok and t.pod.name == "db-1" and t.dns_answer == [db.pod("db-1").ip]
    assert trace(db, Source(pod="client"), "db-1.db.default.svc.cluster.local:5432").pod.name == "db-1"


def test_pod_a_record(db):
    ip = db.pod("db-0").ip
    t = trace(db, Source(pod="client"), f"{ip.replace('.', '-')}.default.pod.cluster.local:5432")
    assert t.ok and t.pod.name == "db-0" and kinds(t)[0] == "dns"


def test_external_name_is_a_cname_and_stops(c):
    c.add_service(Service(name="db", type="ExternalName", external_name="db.example.com"))
    t = trace(c, CLIENT, "db:5432")
    assert t.ok and t.cname == "db.example.com" and t.pod is None and t.failure is None
    assert kinds(t) == ["dns", "external"] and "outside the simulated cluster" in str(t.hops[-1].text)


def test_external_name_pointing_into_the_cluster_is_followed(c):
    c.add_service(Service(name="alias", namespace="shop", type="ExternalName",
                          external_name="web.default.svc.cluster.local"))
    t = trace(c, Source(pod="shop-client", namespace="shop"), "alias:80")
    assert t.ok and t.cname == "web.default.svc.cluster.local" and t.pod in web_pods(c)
    assert kinds(t)[:3] == ["dns", "dns", "vip"]


# --------------------------------------------------------------------------- env, sources, junk
def test_env_destination(c):
    t = trace(c, CLIENT, "$env:URL")
    assert t.ok and kinds(t)[0] == "env" and t.destination == "http://web/index.html"


def test_env_missing_variable(c):
    t = trace(c, CLIENT, "$env:NOPE")
    assert t.failure == "bad_destination" and kinds(t) == ["env"]


@pytest.mark.parametrize("junk", [None, "", "   ", ":", "web:", "web:http", "web:0", "web:99999", "a b:80",
                                  "http://", "http:///x", "999.1.1.1:80", "web:80:90", "[::1]:80", "$env:",
                                  "ftp!://x", "-web:80", 42, "web:８０"])
def test_junk_destinations_never_raise(c, junk):
    t = trace(c, CLIENT, junk)
    assert t.failure == "bad_destination" and not t.ok and t.failure_text is not None
    assert parse_destination(junk).kind == "bad"
    json.dumps(t.to_json())


def test_parse_destination():
    d = parse_destination("https://user@Web.Shop:8443/path?q=1")
    assert (d.kind, d.scheme, d.host, d.port) == ("name", "https", "web.shop", 8443)
    assert parse_destination("http://10.244.2.15").port == 80
    assert parse_destination("127.0.0.1:80").kind == "loopback"
    assert parse_destination("10.0.0.1:80").kind == "ip"
    assert parse_destination("db").port is None


def test_unknown_source(c):
    assert trace(c, Source(pod="ghost"), "web:80").failure == "unknown_source"
    assert trace(c, Source(pod="client", container="nope"), "web:80").failure == "unknown_source"


def test_source_not_running():
    cl = Cluster.default()
    from tutor.k8s.model import Pod

    cl.add_pod(Pod(name="p", phase="Pending", ready=False))
    assert trace(cl, Source(pod="p"), "web:80").failure == "source_not_running"


def test_source_from_spec():
    assert Source.from_spec("outside").external
    assert Source.from_spec({"pod": "a", "container": "b", "namespace": "x"}) == Source("a", "x", "b")


def test_to_json_and_korean(c, korean):
    t = trace(c, CLIENT, "web:80")
    data = t.to_json()
    json.dumps(data, ensure_ascii=False)
    assert data["ok"] and data["pod"] == t.pod.name
    assert data["hops"][0]["text"] != t.hops[0].text.english() and i18n.MISSING_MARK not in data["hops"][0]["text"]
    bad = trace(c, CLIENT, "nope:80")
    assert i18n.MISSING_MARK not in str(bad.failure_text) and str(bad.failure_text) != bad.failure_text.english()
    i18n.set_language("en")
    assert str(bad.failure_text).startswith("NXDOMAIN")


def test_every_failure_text_renders_in_korean(c, korean):
    for dest in ["nope:80", "web:8080", "localhost:1", "10.244.1.99:1", "$env:NOPE", "::", "web.nowhere.svc:1"]:
        t = trace(c, CLIENT, dest)
        assert not t.ok and str(t.failure_text) and all(str(h.text) for h in t.hops)


def test_sources_and_destinations(c):
    srcs = sources(c)
    assert srcs[-1].external
    assert Source(pod="client", namespace="default", container="metrics") in srcs
    dests = destinations(c, CLIENT)
    assert dests[0] == "$env:URL" and "localhost:9100" in dests and "web:80" in dests
    assert all(trace(c, CLIENT, d).failure != "bad_destination" for d in dests)
    shop = destinations(c, Source(pod="shop-client", namespace="shop"))
    assert "web.default:80" in shop
    outside = destinations(c, OUTSIDE)
    assert all(not d.startswith(("web", "localhost", "10.")) for d in outside)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_FUZZ_CLUSTER = Cluster.from_spec({"pods": PODS})
_FUZZ_CLUSTER.add_service(Service(name="web", selector={"app": "web"}, ports=[ServicePort(port=80, target_port="http")]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="web.:/$-0123456789abcdefghijklmnopqrstuvwxyz@[]?#", max_size=40)),
       st.integers(-5, 5), st.booleans())
def test_trace_never_raises(text, pick, outside):
    t = trace(_FUZZ_CLUSTER, OUTSIDE if outside else CLIENT, text, pick=pick)
    assert t.ok or t.failure
    json.dumps(t.to_json())


# --------------------------------------------------------------------------- load balancing, NAT and wording
def test_a_service_lists_every_endpoint_and_marks_the_one_reached(c):
    pods = web_pods(c)
    for pick in (0, 1):
        t = trace(c, CLIENT, "web:80", pick=pick)
        b = t.balance
        assert b is not None and b.rule == "random" and (b.service, b.namespace) == ("web", "default")
        assert [e.pod for e in b.candidates] == [p.name for p in pods]
        assert [e.ip for e in b.candidates] == [p.ip for p in pods] and {e.port for e in b.candidates} == {8080}
        assert b.chosen == pick and b.endpoint.pod == t.pod.name and b.node == c.pod("client").node
        text = str(t.hops[2].text)
        assert "at random for each new connection" in text and t.pod.name in text and "2 endpoints" in text
        assert "round" not in text.lower()
        assert t.hops[2].detail["chosen"] == pick and t.hops[2].detail["rule"] == "random"
        assert t.to_json()["balance"]["candidates"][pick]["pod"] == t.pod.name


def test_session_affinity_client_ip_always_sends_a_client_to_the_same_endpoint(c):
    add(c, name="sticky", session_affinity="ClientIP")
    reached = {trace(c, CLIENT, "sticky:80", pick=pick).pod.name for pick in range(4)}
    assert len(reached) == 1  # pick does not matter: the client's address decides
    t = trace(c, CLIENT, "sticky:80")
    assert t.balance.rule == "client_ip" and len(t.balance.candidates) == 2
    text = str(t.hops[2].text)
    assert "sessionAffinity is ClientIP" in text and t.client_ip in text and "random" not in text
    # another client may land elsewhere, but always on its own endpoint
    other = Source(pod="shop-client", namespace="shop")
    assert len({trace(c, other, "sticky.default:80", pick=p).pod.name for p in range(3)}) == 1


def test_one_endpoint_takes_every_connection(c):
    c.remove_pod(web_pods(c)[1].name)
    t = trace(c, CLIENT, "web:80")
    assert len(t.balance.candidates) == 1 and "every connection goes to" in str(t.hops[2].text)


def test_headless_lets_the_client_pick(db):
    t = trace(db, Source(pod="client"), "db:5432", pick=2)
    assert t.balance.rule == "client" and t.balance.chosen == 2 and t.balance.node is None
    assert [e.pod for e in t.balance.candidates] == ["db-0", "db-1", "db-2"] and t.pod.name == "db-2"
    assert "picks one of the addresses itself" in str(t.hops[1].text)


def test_vip_wording_says_the_nodes_rules_rewrite_the_destination(c):
    t = trace(c, CLIENT, "web:80")
    vip = str(t.hops[1].text)
    assert f"kube-proxy rules on node {c.pod('client').node} (iptables/nftables) rewrite the destination" in vip
    assert "sends it" not in vip


def test_service_path_across_nodes_is_no_source_nat(c):
    client = c.pod("client")
    for pick in (0, 1):
        t = trace(c, CLIENT, "web:80", pick=pick)
        node = t.hops[3]
        if node.detail["crossing"]:
            assert f"no source NAT (destination already translated on {client.node})" in str(node.text)
            assert t.source_ip == client.ip == t.client_ip
            break
    else:  # pragma: no cover
        raise AssertionError("no endpoint on the other node")


def test_load_balancer_from_inside_is_caught_by_the_nodes_rules(c):
    svc = add(c, name="web", type="LoadBalancer", external_traffic_policy="Cluster",
              ports=[ServicePort(port=80, target_port="http", node_port=30080)])
    t = trace(c, CLIENT, f"{c.load_balancer_address(svc)}:80")
    text = str(t.hops[0].text)
    assert "kube-proxy rules (iptables/nftables) catch this address" in text and "handles it" not in text
    assert kinds(t)[:3] == ["loadbalancer", "endpoint", "snat"]  # masqueraded under Cluster


def test_no_endpoints_is_refused_and_says_the_symptom_does_not_tell_the_layer(c):
    add(c, name="empty", selector={"app": "nothing"})
    t = trace(c, CLIENT, "empty:80")
    assert t.failure == "no_endpoints" and t.symptom == "refused"
    text = str(t.failure_text)
    assert "reject the connection" in text and "connection refused" in text and "does not tell the layer" in text


def test_symptoms(c, db):
    add(c, name="wrong", ports=[ServicePort(port=80, target_port=9376)])
    assert trace(c, CLIENT, "wrong:80").symptom == "refused"
    assert trace(c, CLIENT, "nothing:80").symptom == "unresolved"
    assert trace(c, CLIENT, "10.244.1.99:8080").symptom == "timeout"
    assert trace(c, OUTSIDE, f"{c.service('web').cluster_ip}:80").symptom == "timeout"
    assert trace(c, CLIENT, "web:80").symptom is None
    assert trace(c, CLIENT, "web:81").symptom == "timeout"
    assert trace(c, CLIENT, "bad dest").symptom is None
    db.add_service(Service(name="empty", selector={"app": "none"}, cluster_ip="None", cluster_ips=["None"]))
    assert trace(db, Source(pod="client"), "empty:5432").symptom == "unresolved"


def test_the_container_hop_says_listening_is_assumed_from_the_declaration(c):
    t = trace(c, CLIENT, "web:80")
    assert "assumed from its declared containerPort" in str(t.hops[-1].text)
    assert t.hops[-1].detail["assumed"] is True
