"""The console's DNS tools answer SRV records and per-Pod names from the engine's cluster
DNS (tutor.k8s.dns), the same records as the lessons' traces and goals."""

from __future__ import annotations

from kubectl_helpers import run
from tutor.kubectl.console import Console

PODS = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: postgres, image: postgres:16, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec: {containers: [{name: debug, image: nicolaka/netshoot}]}
---
apiVersion: v1
kind: Pod
metadata: {name: box}
spec: {containers: [{name: box, image: busybox:1.36}]}
"""

SERVICES = """
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: pg}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: db}
  ports: [{name: http, port: 80, targetPort: pg}]
"""


def console() -> Console:
    return Console(None, applied=[PODS + "---\n" + SERVICES])


def test_dig_srv_of_a_headless_service_lists_each_member():
    out, _, code = run(console(), "kubectl exec debug -- dig +short SRV _pg._tcp.db.default.svc.cluster.local")
    assert code == 0
    assert out.splitlines() == ["0 50 5432 db-0.db.default.svc.cluster.local.",
                                "0 50 5432 db-1.db.default.svc.cluster.local."]


def test_dig_srv_of_a_cluster_ip_service_names_the_service():
    out, _, _ = run(console(), "kubectl exec debug -- dig SRV _http._tcp.web.default.svc.cluster.local")
    assert "IN\tSRV\t0 100 80 web.default.svc.cluster.local." in out and "status: NOERROR" in out
    out, _, _ = run(console(), "kubectl exec debug -- dig SRV _metrics._tcp.web.default.svc.cluster.local")
    assert "status: NXDOMAIN" in out


def test_nslookup_type_srv_goes_through_the_search_list():
    out, _, code = run(console(), "kubectl exec box -- nslookup -type=srv _pg._tcp.db")
    assert code == 0 and "_pg._tcp.db.default.svc.cluster.local\tservice = 0 50 5432 db-0.db.default.svc.cluster.local" \
        in out
    out, _, code = run(console(), "kubectl exec debug -- nslookup -type=srv _pg._tcp.db")
    assert code == 0 and "service = 0 50 5432 db-1.db.default.svc.cluster.local." in out


def test_a_members_own_name_needs_its_hostname():
    out, _, code = run(console(), "kubectl exec debug -- dig +short db-1.db.default.svc.cluster.local")
    assert code == 0 and out.strip().count(".") == 3  # one address


def test_the_resolver_follows_the_pods_dns_policy():
    host_net = ("---\napiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  hostNetwork: true\n"
                "  containers: [{name: agent, image: nicolaka/netshoot}]\n")
    c = Console(None, applied=[PODS + "---\n" + SERVICES + host_net])
    _, _, code = run(c, "kubectl exec agent -- getent hosts web")
    assert code != 0  # ClusterFirst on the host network: the node's resolver
    fixed = host_net.replace("  hostNetwork: true\n", "  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n")
    c = Console(None, applied=[PODS + "---\n" + SERVICES + fixed])
    out, _, code = run(c, "kubectl exec agent -- getent hosts web")
    assert code == 0 and "web.default.svc.cluster.local" in out
