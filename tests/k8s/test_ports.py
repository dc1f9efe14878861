"""Service port → container port per Pod, FindPort semantics (tutor.k8s.ports)."""

from __future__ import annotations

import json

from tutor import i18n
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Container, ContainerPort, Pod, Service, ServicePort
from tutor.k8s.pods import pods_from_yaml
from tutor.k8s.ports import find_port, map_ports, port_chain
from tutor.k8s.selection import select


def pod(name, *containers, labels=None, **kw):
    return Pod(name=name, labels=labels or {"app": "web"}, containers=list(containers), **kw)


def c(name, *ports, sidecar=False):
    return Container(name=name, ports=[p if isinstance(p, ContainerPort) else ContainerPort(*p) for p in ports],
                     sidecar=sidecar)


def setup(*pods, ports=None, **svc_kw):
    cl = Cluster.default()
    for p in pods:
        cl.add_pod(p)
    service = cl.add_service(Service(name="web", selector={"app": "web"},
                                     ports=ports or [ServicePort(port=80, target_port="http")], **svc_kw))
    sel = select(service, cl)
    return cl, service, sel, map_ports(service, sel)


def test_numeric_target_port_used_as_is_and_declared():
    _, _, _, [m] = setup(pod("web-1", c("app", (9376,))), ports=[ServicePort(port=80, target_port=9376)])
    [t] = m.targets
    assert (t.port, t.container, t.declared, t.ready, t.code) == (9376, "app", True, True, None)
    assert m.resolved == {"web-1": 9376} and m.unresolved == []


def test_numeric_target_port_not_declared_still_maps():
    _, _, _, [m] = setup(pod("web-1", c("app", (8080,))), ports=[ServicePort(port=80, target_port=9376)])
    [t] = m.targets
    assert t.port == 9376 and not t.declared and t.container is None and t.code == "not_listening"
    assert m.resolved == {"web-1": 9376}
    assert "9376" in str(t.reason) and "nothing listens" in str(t.reason)


def test_numeric_target_declared_with_other_protocol_is_not_declared():
    _, _, _, [m] = setup(pod("dns-1", c("dns", (53, "dns", "UDP"))), ports=[ServicePort(port=53, target_port=53)])
    t = m.targets[0]
    assert t.port == 53 and not t.declared and t.code == "protocol_mismatch"


def test_target_port_zero_defaults_to_port():
    _, _, _, [m] = setup(pod("web-1", c("app", (80,))), ports=[ServicePort(port=80, target_port=0)])
    assert m.resolved == {"web-1": 80} and m.targets[0].declared


def test_named_port_maps_per_pod_to_different_numbers():
    _, _, _, [m] = setup(pod("web-1", c("app", (8080, "http"))), pod("web-2", c("app", (9090, "http"))))
    assert m.resolved == {"web-1": 8080, "web-2": 9090}
    assert m.named and m.unresolved == []


def test_pod_lacking_the_name_stays_endpoint_but_gets_nothing_on_that_port():
    ports = [ServicePort(port=80, target_port="http", name="web"), ServicePort(port=9100, target_port=9100,
                                                                               name="metrics")]
    _, _, sel, [m_http, m_metrics] = setup(pod("web-1", c("app", (8080, "http"), (9100,))),
                                           pod("web-2", c("app", (8080, "web"), (9100,))), ports=ports)
    assert [p.name for p in sel.endpoints] == ["web-1", "web-2"]
    assert m_http.resolved == {"web-1": 8080} and m_http.unresolved == ["web-2"]
    t = m_http.target("web-2")
    assert t.port is None and t.code == "name_missing" and "http" in str(t.reason)
    assert m_metrics.resolved == {"web-1": 9100, "web-2": 9100}


def test_udp_service_port_does_not_resolve_tcp_defaulted_container_port():
    ports = [ServicePort(port=53, target_port="dns", protocol="UDP", name="dns-udp"),
             ServicePort(port=53, target_port="dns", protocol="TCP", name="dns-tcp")]
    _, _, _, [udp, tcp] = setup(pod("dns-1", c("coredns", (5353, "dns"))), ports=ports)
    assert udp.resolved == {} and udp.unresolved == ["dns-1"]
    assert udp.targets[0].code == "name_protocol" and "UDP" in str(udp.targets[0].reason)
    assert tcp.resolved == {"dns-1": 5353}


def test_udp_service_port_resolves_udp_container_port():
    ports = [ServicePort(port=53, target_port="dns", protocol="UDP")]
    _, _, _, [m] = setup(pod("dns-1", c("coredns", (5353, "dns", "UDP"))), ports=ports)
    assert m.resolved == {"dns-1": 5353}


def test_sidecar_init_container_port_resolves():
    cl = Cluster.default()
    [p] = pods_from_yaml("""
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  initContainers:
  - {name: proxy, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}
  - {name: setup, ports: [{name: setup, containerPort: 1234}]}
  containers:
  - {name: app, ports: [{name: http, containerPort: 8080}]}
""")
    cl.add_pod(p)
    service = cl.add_service(Service(name="web", selector={"app": "web"}, ports=[
        ServicePort(port=80, target_port="proxy", name="a"), ServicePort(port=81, target_port="setup", name="b")]))
    proxy, setup_ = map_ports(service, select(service, cl))
    assert proxy.resolved == {"web-1": 15001} and proxy.targets[0].container == "proxy"
    assert setup_.resolved == {}  # an ordinary init container has exited


def test_regular_container_wins_over_sidecar_with_same_name():
    p = pod("web-1", c("proxy", (15001, "http"), sidecar=True), c("app", (8080, "http")))
    t = find_port(p, ServicePort(port=80, target_port="http"))
    assert (t.port, t.container) == (8080, "app")


def test_first_container_in_order_wins():
    p = pod("web-1", c("a", (1111, "http")), c("b", (2222, "http")))
    assert find_port(p, ServicePort(port=80, target_port="http")).port == 1111


def test_not_ready_endpoints_get_targets_with_ready_false():
    _, _, _, [m] = setup(pod("web-1", c("app", (8080, "http")), ready=False))
    assert m.targets[0].ready is False and m.resolved == {"web-1": 8080}


def test_non_endpoints_get_no_targets():
    _, _, _, [m] = setup(pod("web-1", c("app", (8080, "http")), phase="Pending", ready=False))
    assert m.targets == [] and m.resolved == {}


def test_deployment_replicas_resolve_the_same():
    cl = Cluster.default()
    cl.add_pods(pods_from_yaml("""
kind: Deployment
apiVersion: apps/v1
metadata: {name: web}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]}
"""))
    service = Service(name="web", selector={"app": "web"}, ports=[ServicePort(port=80, target_port="http")])
    [m] = map_ports(service, select(service, cl))
    assert sorted(m.resolved.values()) == [8080, 8080, 8080]
    assert all(t.container == "app" and t.declared for t in m.targets)


def test_to_json_shape():
    _, _, _, [m] = setup(pod("web-1", c("app", (9376,))), ports=[ServicePort(port=80, target_port=9376)])
    data = m.to_json()
    json.dumps(data)
    assert {k: data[k] for k in ("name", "port", "protocol", "targetPort", "nodePort", "resolved", "unresolved")} == {
        "name": None, "port": 80, "protocol": "TCP", "targetPort": 9376, "nodePort": None,
        "resolved": {"web-1": 9376}, "unresolved": []}


def test_port_chain_cluster_ip_named():
    cl, service, sel, [m] = setup(pod("web-1", c("app", (8080, "http"))), pod("web-2", c("app", (8080, "web"))))
    links = port_chain(service, m, cl)
    assert [link.kind for link in links] == ["client", "service", "target", "pod", "pod", "note"]
    assert "assumes a container listens on the ports it declares" in str(links[-1].text)
    assert "8080" in str(links[2].text) and links[2].ok
    assert links[3].ok and not links[4].ok and "http" in str(links[4].problem)
    assert json.dumps([link.to_json() for link in links])


def test_port_chain_nodeport_and_loadbalancer():
    ports = [ServicePort(port=80, target_port="http", node_port=30080)]
    cl, service, sel, [m] = setup(pod("web-1", c("app", (8080, "http"))), ports=ports, type="LoadBalancer")
    kinds = [link.kind for link in port_chain(service, m, cl)]
    assert kinds == ["client", "loadbalancer", "nodeport", "service", "target", "pod", "note"]
    lb = port_chain(service, m, cl)[1]
    assert lb.detail["address"] == "203.0.113.10"
    assert "192.168.49.2" in str(port_chain(service, m, cl)[2].text)


def test_port_chain_flags_no_endpoints_with_reason():
    cl, service, sel, [m] = setup(pod("db-0", c("db", (5432,)), labels={"app": "db"}))
    links = port_chain(service, m, cl)
    assert links[-1].kind == "none" and not links[-1].ok
    assert links[-1].detail["code"] == "no_match" and "app: db ≠ web" in str(links[-1].problem)


def test_port_chain_not_ready_and_not_declared_are_broken():
    ports = [ServicePort(port=80, target_port=9999)]
    cl, service, sel, [m] = setup(pod("a", c("app", (8080,)), ready=False), ports=ports)
    last = port_chain(service, m, cl)[-2]
    assert not last.ok and "9999" in str(last.problem) and "refused" in str(last.problem)


def test_port_chain_external_name_and_headless():
    cl = Cluster.default()
    ext = Service(name="db", type="ExternalName", external_name="db.example.com",
                  ports=[ServicePort(port=5432, target_port=5432)])
    links = port_chain(ext, map_ports(ext, select(ext, cl))[0], cl)
    assert [link.kind for link in links] == ["client", "external"] and "db.example.com" in str(links[1].text)
    cl.add_pod(pod("db-0", c("db", (5432,)), labels={"app": "db"}))
    hl = cl.add_service(Service(name="db", cluster_ip="None", cluster_ips=["None"], selector={"app": "db"},
                                ports=[ServicePort(port=5432, target_port=5432)]))
    links = port_chain(hl, map_ports(hl, select(hl, cl))[0], cl)
    assert "headless" in str(links[1].text)


def test_port_texts_in_korean(korean):
    cl, service, sel, [m] = setup(pod("web-2", c("app", (8080, "web"))))
    reason = str(m.targets[0].reason)
    assert reason and not reason.startswith(i18n.MISSING_MARK) and reason != m.targets[0].reason.english()
    assert all(str(link.text) for link in port_chain(service, m, cl))


def test_hand_built_port_mapping():
    from tutor.k8s.ports import PortMapping, PortTarget

    a, b = Pod(name="a"), Pod(name="b")
    m = PortMapping(ServicePort(port=80, target_port="http"), [PortTarget(a, 8080, "app", True, True),
                                                               PortTarget(b, None, None, False, True)])
    assert m.resolved == {"a": 8080} and m.unresolved == ["b"] and m.target("b").port is None
    assert PortMapping(ServicePort(port=80)).targets == []


def test_lazy_targets_match_resolved():
    _, _, _, [m] = setup(pod("web-1", c("app", (8080, "http"))), pod("web-2", c("app", (9090, "web"))))
    assert m.resolved == {"web-1": 8080} and m.unresolved == ["web-2"]
    assert [(t.pod.name, t.port, t.declared) for t in m.targets] == [("web-1", 8080, True), ("web-2", None, False)]
    assert m.targets is m.targets


def test_port_chain_says_what_a_lesson_says_about_listening():
    ruled = Pod("a", labels={"app": "web"}, containers=[
        Container("metrics", ports=[ContainerPort(9100, name="metrics")], env={"LISTEN_PORT": "9200"},
                  listening=[(9200, "TCP")], listen_env=("LISTEN_PORT",))])
    cl, service, sel, [m] = setup(ruled, ports=[ServicePort(port=80, target_port="metrics")])
    links = port_chain(service, m, cl)
    assert [link.kind for link in links][-1] == "pod"  # no "assumed" note: the lesson says
    pod_link = links[-1]
    assert not pod_link.ok and pod_link.detail["listener"] is None
    assert "the port in LISTEN_PORT" in str(pod_link.problem)
    cl, service, sel, [m] = setup(ruled, ports=[ServicePort(port=80, target_port=9200)])
    pod_link = port_chain(service, m, cl)[-1]
    assert pod_link.ok and pod_link.detail["listener"] == "metrics" and "the port in LISTEN_PORT" in str(pod_link.text)
