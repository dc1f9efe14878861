"""Cluster DNS (tutor.k8s.dns): the Pod's resolver (search list, ndots, dnsPolicy) and the
records of the Kubernetes DNS specification as CoreDNS serves them."""

from __future__ import annotations

import dataclasses

import pytest

from tutor.k8s.cluster import Cluster
from tutor.k8s.dns import CLUSTER_NDOTS, answer, lookup, resolv_conf
from tutor.k8s.model import Service, ServicePort
from tutor.k8s.pods import PodError
from tutor.k8s.trace import Source, trace

PODS = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: postgres
        ports: [{name: postgres, containerPort: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop}
spec: {containers: [{name: app}]}
---
apiVersion: v1
kind: Pod
metadata: {name: visitor, namespace: front}
spec: {containers: [{name: app}]}
"""


@pytest.fixture
def c() -> Cluster:
    cluster = Cluster.from_spec({"pods": PODS})
    cluster.add_service(Service(name="db", namespace="shop", selector={"app": "db"}, cluster_ip="None",
                                cluster_ips=["None"], ports=[ServicePort(name="pg", port=5432, target_port="postgres")]))
    cluster.add_service(Service(name="web", namespace="shop", selector={"app": "web"},
                                ports=[ServicePort(name="http", port=80, target_port="http"),
                                       ServicePort(port=9100, target_port="metrics")]))
    return cluster


def client(c: Cluster):
    return c.pod("client", "shop")


# --------------------------------------------------------------------------- the resolver
def test_cluster_first_search_list_and_ndots(c):
    conf = resolv_conf(client(c), "shop", c.domain)
    assert conf.search == ("shop.svc.cluster.local", "svc.cluster.local", "cluster.local")
    assert conf.ndots == CLUSTER_NDOTS == 5 and conf.cluster_dns


def test_a_name_with_fewer_dots_than_ndots_tries_the_search_list_first(c):
    found = lookup(c, client(c), "shop", "web.shop.svc.cluster.local")  # 4 dots < 5
    assert found.tried == ["web.shop.svc.cluster.local.shop.svc.cluster.local",
                           "web.shop.svc.cluster.local.svc.cluster.local",
                           "web.shop.svc.cluster.local.cluster.local",
                           "web.shop.svc.cluster.local"]
    assert found.kind == "service" and found.lookups == 4
    absolute = lookup(c, client(c), "shop", "web.shop.svc.cluster.local.")
    assert absolute.tried == ["web.shop.svc.cluster.local"] and absolute.kind == "service"
    short = lookup(c, client(c), "shop", "web")
    assert short.tried == ["web.shop.svc.cluster.local"] and short.lookups == 1


def test_an_outside_name_costs_the_whole_search_list_unless_it_ends_with_a_dot(c):
    found = lookup(c, client(c), "shop", "api.partner.example.com")  # 3 dots < 5
    assert found.kind == "upstream" and found.lookups == 4 and found.tried[-1] == "api.partner.example.com"
    assert lookup(c, client(c), "shop", "api.partner.example.com.").lookups == 1


def test_dns_config_options_and_searches(c):
    pod = dataclasses.replace(client(c), dns_options=(("ndots", "2"),), dns_searches=("corp.example",))
    conf = resolv_conf(pod, "shop", c.domain)
    assert conf.ndots == 2 and conf.search[-1] == "corp.example"
    found = lookup(c, pod, "shop", "api.partner.example.com")  # 3 dots >= 2: as it is first
    assert found.kind == "upstream" and found.lookups == 1
    # a cluster-looking name at or above ndots still resolves after the upstream miss
    assert lookup(c, pod, "shop", "web.shop.svc").kind == "service"


def test_host_network_with_cluster_first_gets_the_nodes_resolver(c):
    pod = dataclasses.replace(client(c), host_network=True)
    found = lookup(c, pod, "shop", "web")
    assert found.nxdomain and found.conf.policy == "Default" and found.conf.requested == "ClusterFirst"
    assert "hostNetwork" in str(found.why) and "ClusterFirstWithHostNet" in str(found.suggestion)
    with_host_net = dataclasses.replace(pod, dns_policy="ClusterFirstWithHostNet")
    assert lookup(c, with_host_net, "shop", "web").kind == "service"


def test_dns_policy_default_and_none(c):
    default = dataclasses.replace(client(c), dns_policy="Default")
    assert lookup(c, default, "shop", "web.shop").nxdomain
    assert lookup(c, default, "shop", "www.example.com").kind == "upstream"
    custom = dataclasses.replace(client(c), dns_policy="None", dns_nameservers=("10.96.0.10",),
                                 dns_searches=("shop.svc.cluster.local",))
    assert resolv_conf(custom, "shop", c.domain).ndots == 1
    assert lookup(c, custom, "shop", "web").kind == "service"


def test_pod_dns_fields_are_read_and_checked():
    cluster = Cluster.from_spec({"pods": "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n"
                                         "  dnsPolicy: None\n  dnsConfig:\n    nameservers: [1.1.1.1]\n"
                                         "    searches: [a.example]\n    options: [{name: ndots, value: '2'}]\n"
                                         "  containers: [{name: c}]\n"})
    pod = cluster.pod("p")
    assert pod.dns_policy == "None" and pod.dns_nameservers == ("1.1.1.1",) and pod.dns_options == (("ndots", "2"),)
    with pytest.raises(PodError, match="must provide `dnsConfig` when `dnsPolicy` is None"):
        Cluster.from_spec({"pods": "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  dnsPolicy: None\n"
                                   "  containers: [{name: c}]\n"})
    with pytest.raises(PodError, match="Unsupported value"):
        Cluster.from_spec({"pods": "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  dnsPolicy: clusterfirst\n"
                                   "  containers: [{name: c}]\n"})


# --------------------------------------------------------------------------- records
def test_srv_for_a_named_port_of_a_cluster_ip_service(c):
    found = answer(c, "_http._tcp.web.shop.svc.cluster.local", "SRV")
    assert found is not None and found.kind == "srv"
    [record] = found.records
    assert (record.port, record.value) == (80, "web.shop.svc.cluster.local")  # the Service port, the Service name


def test_an_unnamed_port_has_no_srv_record(c):
    assert answer(c, "_metrics._tcp.web.shop.svc.cluster.local", "SRV") is None
    found = lookup(c, client(c), "shop", "_metrics._tcp.web", "SRV")
    assert found.nxdomain and "has no port named metrics" in str(found.why)
    assert answer(c, "_http._udp.web.shop.svc.cluster.local", "SRV") is None  # the protocol must match


def test_srv_of_a_headless_service_names_each_endpoint_and_its_port(c):
    found = lookup(c, client(c), "shop", "_pg._tcp.db", "SRV")
    assert found.kind == "srv" and found.tried == ["_pg._tcp.db.shop.svc.cluster.local"]
    assert sorted((r.port, r.value) for r in found.records) == [
        (5432, "db-0.db.shop.svc.cluster.local"), (5432, "db-1.db.shop.svc.cluster.local")]


def test_srv_of_a_headless_service_uses_the_endpoint_port(c):
    c.add_service(Service(name="db", namespace="shop", selector={"app": "db"}, cluster_ip="None",
                          cluster_ips=["None"], ports=[ServicePort(name="pg", port=80, target_port="postgres")]))
    found = answer(c, "_pg._tcp.db.shop.svc.cluster.local", "SRV")
    assert found is not None and {r.port for r in found.records} == {5432}  # no virtual IP: the Pod's port


def test_statefulset_pods_have_their_own_names_behind_the_headless_service(c):
    found = lookup(c, c.pod("visitor", "front"), "front", "db-1.db.shop")
    assert found.kind == "endpoint" and found.addresses == [c.pod("db-1", "shop").ip]
    assert found.fqdn == "db-1.db.shop.svc.cluster.local"


def test_a_pod_without_spec_hostname_has_only_its_address_name(c):
    """ShouldSetHostname: spec.hostname set and spec.subdomain = the Service's name."""
    c.add_service(Service(name="webs", namespace="shop", selector={"app": "web"}, cluster_ip="None",
                          cluster_ips=["None"], ports=[ServicePort(name="http", port=80, target_port="http")]))
    pod = next(p for p in c.pods if p.labels.get("app") == "web")
    assert lookup(c, client(c), "shop", f"{pod.name}.webs").nxdomain
    dashed = pod.ip.replace(".", "-")
    found = lookup(c, client(c), "shop", f"{dashed}.webs")
    assert found.kind == "endpoint" and found.addresses == [pod.ip]
    srv = answer(c, "_http._tcp.webs.shop.svc.cluster.local", "SRV")
    assert f"{dashed}.webs.shop.svc.cluster.local" in {r.value for r in srv.records}


def test_per_pod_names_need_a_headless_service(c):
    c.add_service(Service(name="db", namespace="shop", selector={"app": "db"},
                          ports=[ServicePort(name="pg", port=5432, target_port="postgres")]))
    found = lookup(c, client(c), "shop", "db-0.db")
    assert found.nxdomain and "exist only behind a headless Service" in str(found.why)


def test_a_not_ready_member_has_no_name(c):
    c.add_pod(dataclasses.replace(c.pod("db-1", "shop"), ready=False))
    assert lookup(c, client(c), "shop", "db-1.db").nxdomain
    assert lookup(c, client(c), "shop", "db").addresses == [c.pod("db-0", "shop").ip]


def test_pod_a_records(c):
    ip = c.pod("db-0", "shop").ip
    found = lookup(c, client(c), "shop", f"{ip.replace('.', '-')}.shop.pod")
    assert found.kind == "pod" and found.addresses == [ip] and found.pod is c.pod("db-0", "shop")
    # pods insecure: any address, answered as written (no Pod needed) ...
    assert lookup(c, client(c), "shop", "10-244-9-9.shop.pod.cluster.local").addresses == ["10.244.9.9"]
    # ... but the namespace must exist
    assert lookup(c, client(c), "shop", "10-244-9-9.nowhere.pod.cluster.local").nxdomain


def test_the_short_name_trap_and_its_fix(c):
    found = lookup(c, c.pod("visitor", "front"), "front", "web")
    assert found.nxdomain and "client's own namespace front" in str(found.why)
    assert "web.shop" in str(found.suggestion)


def test_the_trace_resolves_through_the_dns_module(c):
    t = trace(c, Source(pod="visitor", namespace="front"), "db-0.db.shop:5432")
    assert t.ok and t.pod.name == "db-0" and t.lookup is not None and t.lookup.kind == "endpoint"
    t = trace(c, Source(pod="visitor", namespace="front"), "web:80")
    assert t.failure == "nxdomain" and t.suggestion is not None
