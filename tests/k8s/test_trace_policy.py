"""Traces through NetworkPolicies (tutor.k8s.trace with tutor.k8s.netpol): a connection
is checked where it arrives (Pod addresses and container ports, after kube-proxy), a
name lookup is a DNS query the source's egress policies may drop, and the source address
a policy sees is the one the Pod sees (the client under externalTrafficPolicy: Local, a
node's address after source NAT under Cluster)."""

from __future__ import annotations

import json

import pytest

from tutor.k8s.cluster import Cluster
from tutor.k8s.evaluate import evaluate
from tutor.k8s.netpol.engine import english
from tutor.k8s.trace import EXTERNAL_CLIENT_IP, Source, network_of, policy_network, trace

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: node-b
  containers: [{name: app, image: curl}]
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: other}}
spec:
  nodeName: node-b
  containers: [{name: app, image: curl}]
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: ops, labels: {app: tool}}
spec:
  nodeName: node-a
  containers: [{name: app, image: curl}]
"""

SERVICE = """
apiVersion: v1
kind: Service
metadata: {{name: web}}
spec:
  type: NodePort
  externalTrafficPolicy: {etp}
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: http, nodePort: 30080}}]
"""


def policy(name: str, spec: str, namespace: str = "default") -> str:
    return (f"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: "
            f"{namespace}}}\nspec:\n" + "\n".join("  " + line for line in spec.strip().splitlines()) + "\n")


DENY_INGRESS = policy("deny-in", "podSelector: {}\npolicyTypes: [Ingress]")
DENY_EGRESS = policy("deny-out", "podSelector: {}\npolicyTypes: [Egress]")
ALLOW_CLIENT = policy("allow-client", """
podSelector: {matchLabels: {app: web}}
ingress:
- from: [{podSelector: {matchLabels: {app: client}}}]
""")


@pytest.fixture
def base():
    return Cluster.from_spec({"pods": PODS})


def cluster_with(base: Cluster, *texts: str, etp: str = "Cluster") -> Cluster:
    ev = evaluate(SERVICE.format(etp=etp) + "".join(texts), base)
    assert ev.valid, [(d.kind, [e.message for e in d.errors]) for d in ev.documents]
    return ev.cluster


CLIENT = Source(pod="client")
OTHER = Source(pod="other")


def test_no_policies_nothing_changes(base):
    c = cluster_with(base)
    assert policy_network(c) is None
    t = trace(c, CLIENT, "web:80")
    assert t.ok and t.verdict is None
    assert "policy" not in [h.kind for h in t.hops]
    assert t.to_json()["policy"] is None


def test_default_deny_drops_after_kube_proxy_chose_the_pod(base):
    c = cluster_with(base, DENY_INGRESS)
    t = trace(c, CLIENT, "web:80")
    assert not t.ok
    assert t.failure == "denied_by_policy"
    assert t.symptom == "timeout"  # dropped, not refused
    kinds = [h.kind for h in t.hops]
    assert kinds[:3] == ["dns", "vip", "endpoint"]  # the Service still picked a backend
    assert kinds[-1] == "policy" and not t.hops[-1].ok
    assert t.pod is not None and t.pod.name == "web" and t.port == 8080  # where it would have landed
    assert t.verdict is not None and t.verdict.denied_by == ("Ingress",)
    assert [p.key for p in t.verdict.ingress.isolating] == ["default/deny-in"]
    text = english(t.failure_text)
    assert "default/deny-in" in text and "denied by ingress" in text
    assert "8080/TCP" in text  # policies see the container port, not the Service port 80
    assert "has no ingress rules" in text  # why no rule admits it
    assert t.hops[-1].detail["denied_by"] == ["Ingress"]
    assert t.to_json()["policy"]["denied_by"] == ["Ingress"]
    json.dumps(t.to_json())


def test_allow_by_label_admits_one_client_only(base):
    c = cluster_with(base, DENY_INGRESS, ALLOW_CLIENT)
    ok = trace(c, CLIENT, "web:80")
    assert ok.ok and ok.pod.name == "web"
    hop = next(h for h in ok.hops if h.kind == "policy")
    assert hop.ok and "default/allow-client rule 1" in english(hop.text)
    denied = trace(c, OTHER, "web:80")
    assert denied.failure == "denied_by_policy"
    assert "default/other does not match podSelector app=client" in english(denied.failure_text)


def test_policies_see_the_container_port_not_the_service_port(base):
    service_port = policy("allow-80", """
podSelector: {matchLabels: {app: web}}
ingress:
- ports: [{port: 80}]
""")
    c = cluster_with(base, service_port)
    t = trace(c, CLIENT, "web:80")
    assert t.failure == "denied_by_policy"
    assert ": 80/TCP is not among" not in english(t.failure_text)  # the port asked is 8080
    assert "8080/TCP is not among its ports 80/TCP" in english(t.failure_text)
    container_port = policy("allow-http", """
podSelector: {matchLabels: {app: web}}
ingress:
- ports: [{port: http}]
""")
    assert trace(cluster_with(base, container_port), CLIENT, "web:80").ok


def test_egress_deny_breaks_dns_first(base):
    c = cluster_with(base, DENY_EGRESS)
    t = trace(c, CLIENT, "web:80")
    assert t.failure == "dns_denied_by_policy"
    assert t.symptom == "unresolved"
    assert [h.kind for h in t.hops] == ["dns"]
    assert t.verdict is not None and t.verdict.denied_by == ("Egress",)
    assert t.verdict.dst.namespace == "kube-system" and t.verdict.port == 53 and t.verdict.protocol == "UDP"
    assert "default/deny-out" in english(t.failure_text)
    # by IP there is no lookup: the connection itself is dropped, on the way out
    by_ip = trace(c, CLIENT, "10.244.1.2:8080")
    assert by_ip.failure == "denied_by_policy" and by_ip.verdict.denied_by == ("Egress",)


def test_egress_that_allows_dns_and_the_backend(base):
    allow = policy("allow-out", """
podSelector: {matchLabels: {app: client}}
policyTypes: [Egress]
egress:
- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
  ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
- to: [{podSelector: {matchLabels: {app: web}}}]
  ports: [{port: 8080}]
""")
    c = cluster_with(base, DENY_EGRESS, allow)
    t = trace(c, CLIENT, "web:80")
    assert t.ok, english(t.failure_text)
    policy_hops = [h for h in t.hops if h.kind == "policy"]
    assert policy_hops[0].detail.get("dns") and policy_hops[0].ok
    assert policy_hops[-1].ok
    # DNS over TCP only is not enough: resolvers ask over UDP first
    tcp_only = policy("allow-out", """
podSelector: {matchLabels: {app: client}}
policyTypes: [Egress]
egress:
- ports: [{port: 53, protocol: TCP}]
""")
    assert trace(cluster_with(base, tcp_only), CLIENT, "web:80").failure == "dns_denied_by_policy"


def test_a_pod_reaches_itself_and_loopback_is_never_filtered(base):
    c = cluster_with(base, DENY_INGRESS, DENY_EGRESS)
    me = Source(pod="web")
    assert trace(c, me, "10.244.1.2:8080").ok
    assert trace(c, me, "localhost:8080").ok


CLIENTS_ONLY = policy("from-clients", f"""
podSelector: {{matchLabels: {{app: web}}}}
ingress:
- from: [{{ipBlock: {{cidr: {EXTERNAL_CLIENT_IP}/32}}}}]
""")


def test_outside_under_cluster_policy_the_pod_sees_a_node(base):
    c = cluster_with(base, CLIENTS_ONLY, etp="Cluster")
    t = trace(c, Source.outside(), "192.168.49.3:30080")  # node-b; the Pod is on node-a
    assert t.failure == "denied_by_policy"
    assert t.source_ip == "192.168.49.3"
    text = english(t.failure_text)
    assert "192.168.49.3 is not in ipBlock 198.51.100.7/32" in text
    assert t.verdict.egress.code == "outside"
    # the node that took it is the Pod's own node: traffic from a Pod's own node is always
    # allowed, so this connection gets in, from this client and from any other
    same = trace(c, Source.outside(), "192.168.49.2:30080")
    assert same.ok and same.source_ip == "192.168.49.2"
    assert same.verdict.ingress.code == "node" and same.verdict.ingress.isolated
    hop = next(h for h in same.hops if h.kind == "policy")
    assert hop.ok and hop.detail["own_node"] and hop.detail["policies"] == ["default/from-clients"]
    assert "the address of Pod web's own node node-a" in english(hop.text)
    anyone = trace(c, Source.outside("203.0.113.50"), "192.168.49.2:30080")
    assert anyone.ok and anyone.client_ip == "203.0.113.50" and anyone.source_ip == "192.168.49.2"
    assert trace(c, Source.outside("203.0.113.50"), "192.168.49.3:30080").failure == "denied_by_policy"


def test_outside_under_cluster_one_pod_per_node_fails_some_of_the_time(base):
    """With a Pod on each node, a node hands some connections to its own Pod (allowed:
    its own node) and passes others on to the other node's Pod (checked, and dropped by an
    ipBlock for the clients): the symptom is intermittent."""
    second = Cluster.from_spec({"pods": PODS + """---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  nodeName: node-b
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
"""})
    c = cluster_with(second, CLIENTS_ONLY, etp="Cluster")
    outcomes = {}
    for pick in (0, 1):
        t = trace(c, Source.outside(), "192.168.49.2:30080", pick=pick)
        outcomes[t.balance.endpoint.pod] = t.failure
    assert outcomes == {"web": None, "web-2": "denied_by_policy"}
    # under Local the node keeps the client's address and uses only its own Pod
    local = cluster_with(second, CLIENTS_ONLY, etp="Local")
    for pick in (0, 1):
        assert trace(local, Source.outside(), "192.168.49.2:30080", pick=pick).ok
        assert trace(local, Source.outside("203.0.113.50"), "192.168.49.2:30080", pick=pick).failure == \
            "denied_by_policy"


def test_a_client_at_another_address(base):
    c = cluster_with(base, CLIENTS_ONLY, etp="Local")
    t = trace(c, Source.from_spec({"outside": "203.0.113.50"}), "192.168.49.2:30080")
    assert t.failure == "denied_by_policy" and t.client_ip == t.source_ip == "203.0.113.50"
    assert "203.0.113.50 is not in ipBlock 198.51.100.7/32" in english(t.failure_text)
    assert english(t.source.text) == "a client outside the cluster at 203.0.113.50"
    assert t.to_json()["source"]["address"] == "203.0.113.50"
    assert trace(c, Source.from_spec("outside"), "192.168.49.2:30080").ok


def test_outside_under_local_policy_the_pod_sees_the_client(base):
    c = cluster_with(base, CLIENTS_ONLY, etp="Local")
    t = trace(c, Source.outside(), "192.168.49.2:30080")
    assert t.ok, english(t.failure_text)
    assert t.source_ip == EXTERNAL_CLIENT_IP
    assert any(h.kind == "policy" and h.ok for h in t.hops)


def test_node_addresses_in_an_ipblock_admit_everything_source_natted(base):
    nodes = policy("from-nodes", """
podSelector: {matchLabels: {app: web}}
ingress:
- from: [{ipBlock: {cidr: 192.168.49.0/24}}]
""")
    c = cluster_with(base, nodes, etp="Cluster")
    assert trace(c, Source.outside(), "192.168.49.3:30080").ok
    # a Pod going through a node port is source-NATed too: its own egress still counts
    assert trace(c, CLIENT, "192.168.49.2:30080").ok
    assert trace(cluster_with(base, nodes, DENY_EGRESS), CLIENT, "192.168.49.2:30080").failure == \
        "denied_by_policy"


def test_selectors_never_match_an_outside_address(base):
    everything = policy("all-pods", """
podSelector: {matchLabels: {app: web}}
ingress:
- from: [{namespaceSelector: {}}]
""")
    c = cluster_with(base, everything, etp="Local")
    assert trace(c, CLIENT, "web:80").ok
    t = trace(c, Source.outside(), "192.168.49.2:30080")
    assert t.failure == "denied_by_policy"
    assert f"{EXTERNAL_CLIENT_IP} is not a Pod, and selectors match only Pods" in english(t.failure_text)


def test_namespace_objects_give_labels_to_namespace_selectors(base):
    from_team = policy("from-team", """
podSelector: {matchLabels: {app: web}}
ingress:
- from: [{namespaceSelector: {matchLabels: {team: ops}}}]
""")
    tool = Source(pod="tool", namespace="ops")
    c = cluster_with(base, from_team)
    t = trace(c, tool, "web.default:80")
    assert t.failure == "denied_by_policy"
    assert "namespace ops does not match namespaceSelector team=ops" in english(t.failure_text)
    labelled = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops, labels: {team: ops}}\n"
    c = cluster_with(base, from_team, labelled)
    assert c.namespace_labels["ops"] == {"team": "ops"}
    assert trace(c, tool, "web.default:80").ok


def test_a_lessons_cluster_can_hold_namespaces(base):
    c = Cluster.from_spec({"pods": PODS, "namespaces": {"ops": {"team": "ops"}, "empty": None}})
    assert c.namespace_labels == {"ops": {"team": "ops"}, "empty": {}}
    assert "empty" in c.namespaces()
    assert network_of(c).namespaces["ops"].labels["kubernetes.io/metadata.name"] == "ops"


def test_the_network_is_worked_out_once_and_again_after_a_change(base):
    c = cluster_with(base, DENY_INGRESS)
    first = policy_network(c)
    assert policy_network(c) is first
    copy = c.copy()
    assert policy_network(copy) is first  # the same contents
    from tutor.k8s.model import Pod

    copy.add_pod(Pod("late", labels={"app": "late"}))
    assert policy_network(copy) is not first
    assert any(p.name == "late" for p in policy_network(copy).pods)
    assert policy_network(c) is first  # the original did not change


def test_a_later_policy_of_the_same_name_replaces_it(base):
    c = cluster_with(base, DENY_INGRESS, policy("deny-in", "podSelector: {matchLabels: {app: nothing}}"))
    assert [p.key for p in c.policies] == ["default/deny-in"]
    assert trace(c, CLIENT, "web:80").ok


def test_reasons_are_translated(base, korean):
    c = cluster_with(base, DENY_INGRESS)
    t = trace(c, CLIENT, "web:80")
    text = str(t.failure_text)
    assert "네트워크폴리시" in text and "default/deny-in" in text


def test_a_host_network_pod_has_its_nodes_address_and_node_ports_still_work():
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import evaluate
    from tutor.k8s.trace import Source, trace

    pods = """\
apiVersion: v1
kind: Pod
metadata: {name: agent, labels: {app: agent}}
spec:
  hostNetwork: true
  nodeName: node-a
  containers: [{name: agent, image: agent:1, ports: [{containerPort: 9100}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 8080}]}]
"""
    base = Cluster.from_spec({"pods": pods})
    node_ip = base.node("node-a").ip
    assert base.pod("agent", "default").ip == node_ip  # the node's address, not one of its Pod range
    assert base.pod("web-1", "default").ip != node_ip
    svc = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  selector: {app: web}\n"
           "  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]\n")
    cluster = evaluate(svc, base).cluster
    source = Source.outside()
    assert trace(cluster, source, f"{node_ip}:30080").pod.name == "web-1"  # kube-proxy's node port
    assert trace(cluster, source, f"{node_ip}:9100").pod.name == "agent"  # the host process
