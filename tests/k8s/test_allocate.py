"""The allocation stage: node ports, cluster IPs, load balancer addresses; it runs before
ValidateService and hides its errors."""

from __future__ import annotations

import pytest

from tutor.k8s.evaluate import evaluate


def svc(name: str, spec: str) -> str:
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{spec}"


NODEPORT = "  type: NodePort\n  selector: {{app: web}}\n  ports:\n  - port: {port}\n    nodePort: {np}\n"


def test_nodeport_out_of_range_hides_validation_errors():
    text = svc("Bad_Name", "  type: NodePort\n  ports:\n  - port: 80\n    protocol: tcp\n    nodePort: 29999\n")
    doc = evaluate(text).documents[0]
    assert doc.stage == "allocation"
    assert [(e.path, e.type, e.message, e.line, e.column) for e in doc.errors] == [
        ("spec.ports[0].nodePort", "Invalid value",
         "spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid "
         "ports is 30000-32767", 10, 15)]


def test_validation_never_checks_the_range_for_clusterip():
    # type ClusterIP: the allocator skips nodePorts, validation forbids any nodePort
    doc = evaluate(svc("web", "  ports:\n  - port: 80\n    nodePort: 1\n")).documents[0]
    assert doc.stage == "validation" and doc.errors[0].code == "R-NODEPORT-TYPE"


def test_nodeport_clash_with_an_earlier_service_in_the_same_text():
    text = svc("a", NODEPORT.format(port=80, np=30080)) + "---\n" + svc("b", NODEPORT.format(port=80, np=30080))
    ev = evaluate(text)
    a, b = ev.documents
    assert a.valid and not b.valid and b.stage == "allocation"
    assert b.errors[0].message == "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"


def test_nodeport_clash_with_the_base_cluster_and_base_unchanged():
    base = evaluate(svc("a", NODEPORT.format(port=80, np=30080))).cluster
    count = len(base.services)
    ev = evaluate(svc("b", NODEPORT.format(port=80, np=30080)), base)
    assert ev.documents[0].errors[0].code == "R-NODEPORT-DUP"
    assert len(base.services) == count
    # re-applying the same Service is an update, not a clash
    assert evaluate(svc("a", NODEPORT.format(port=80, np=30080)), base).valid


def test_same_nodeport_on_two_entries_needs_the_same_port_number():
    ok = "  type: NodePort\n  ports:\n  - {name: dns, port: 53, protocol: UDP, nodePort: 30053}\n" \
         "  - {name: dns-tcp, port: 53, protocol: TCP, nodePort: 30053}\n"
    assert evaluate(svc("dns", ok)).valid
    bad = "  type: NodePort\n  ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 81, nodePort: 30080}\n"
    doc = evaluate(svc("web", bad)).documents[0]
    assert doc.stage == "allocation"
    assert doc.errors[0].message == "spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated"


def test_entries_with_the_same_port_share_an_allocated_nodeport():
    spec = "  type: NodePort\n  ports:\n  - {name: a, port: 53, protocol: UDP}\n  - {name: b, port: 53, protocol: TCP}\n"
    doc = evaluate(svc("dns", spec)).documents[0]
    nps = [p.node_port for p in doc.service.ports]
    assert nps[0] == nps[1] and 30000 <= nps[0] <= 32767


def test_allocation_is_deterministic_and_stable_when_ports_change():
    a = evaluate(svc("web", "  type: NodePort\n  ports:\n  - port: 80\n")).documents[0].service
    b = evaluate(svc("web", "  type: NodePort\n  ports:\n  - port: 80\n    targetPort: 8080\n")).documents[0].service
    c = evaluate(svc("web", "  type: NodePort\n  ports:\n  - {name: http, port: 80}\n  - {name: https, port: 443}\n")) \
        .documents[0].service
    assert a.cluster_ip == b.cluster_ip == c.cluster_ip
    assert a.ports[0].node_port == b.ports[0].node_port == c.ports[0].node_port
    assert a.cluster_ip.startswith("10.") and a.cluster_ips == [a.cluster_ip]


def test_two_services_get_different_cluster_ips():
    ev = evaluate(svc("a", "  ports:\n  - port: 80\n") + "---\n" + svc("b", "  ports:\n  - port: 80\n"))
    ips = [d.service.cluster_ip for d in ev.documents]
    assert len(set(ips)) == 2


def test_headless_and_externalname_get_no_cluster_ip():
    h = evaluate(svc("h", "  clusterIP: None\n  ports:\n  - port: 80\n")).documents[0].service
    assert h.headless and h.cluster_ip == "None"
    e = evaluate(svc("e", "  type: ExternalName\n  externalName: a.example.com\n")).documents[0].service
    assert e.cluster_ip == "" and e.cluster_ips == []


def test_explicit_cluster_ip_out_of_range_or_taken():
    doc = evaluate(svc("a", "  clusterIP: 10.0.171.239\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.stage == "allocation"
    # 1.34: the ServiceCIDR allocator (MultiCIDRServiceAllocator, GA) finds no ServiceCIDR for the address
    assert doc.errors[0].message == (
        'spec.clusterIPs: Invalid value: ["10.0.171.239"]: failed to allocate IP 10.0.171.239: the provided '
        "network does not match the current range")
    assert (doc.errors[0].line, doc.errors[0].column) == (6, 14)
    doc = evaluate(svc("a", "  clusterIP: 10.96.0.10\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.errors[0].message.endswith("failed to allocate IP 10.96.0.10: provided IP is already allocated")
    doc = evaluate(svc("a", "  clusterIP: 10.96.100.100\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.valid and doc.service.cluster_ip == "10.96.100.100"


@pytest.mark.parametrize("ip", ["10.96.0.0", "10.111.255.255", "10.112.0.1"])
def test_network_and_broadcast_addresses_are_outside_the_service_cidr(ip):
    """servicecidr.PrefixContainsIP: the network address, and for IPv4 the broadcast
    address, of a ServiceCIDR are not in it."""
    doc = evaluate(svc("a", f"  clusterIP: {ip}\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.errors[0].message.endswith(f"failed to allocate IP {ip}: the provided network does not match the "
                                          "current range")


def test_a_dump_keeps_the_addresses_of_kubernetes_and_kube_dns():
    kubernetes = svc("kubernetes", "  clusterIP: 10.96.0.1\n  ports:\n  - {name: https, port: 443, targetPort: 6443}\n")
    dns = svc("kube-dns", "  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n  ports:\n  - {name: dns, port: 53, "
                          "protocol: UDP}\n").replace("name: kube-dns", "name: kube-dns\n  namespace: kube-system")
    ev = evaluate(kubernetes + "---\n" + dns)
    assert [(d.name, d.valid) for d in ev.documents] == [("kubernetes", True), ("kube-dns", True)]


def test_dual_stack_requests_fail_on_a_single_stack_cluster():
    doc = evaluate(svc("a", "  ipFamilyPolicy: RequireDualStack\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.errors[0].message == ('spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not '
                                     "configured for dual-stack services")
    doc = evaluate(svc("a", "  ipFamilies: [IPv6]\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.errors[0].message == 'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'
    assert evaluate(svc("a", "  ipFamilyPolicy: PreferDualStack\n  ports:\n  - port: 80\n")).valid


def test_load_balancer_gets_a_test_net_address_and_node_ports():
    doc = evaluate(svc("lb", "  type: LoadBalancer\n  ports:\n  - port: 80\n")).documents[0]
    assert doc.service.load_balancer_ip.startswith("203.0.113.")
    assert 30000 <= doc.service.ports[0].node_port <= 32767
    doc = evaluate(svc("lb", "  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  ports:\n  - port: 80\n")
                   ).documents[0]
    assert doc.service.ports[0].node_port == 0


def test_health_check_node_port_clash_is_an_internal_error():
    text = svc("a", NODEPORT.format(port=80, np=32000)) + "---\n" + svc(
        "b", "  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  ports:\n  - port: 80\n")
    doc = evaluate(text).documents[1]
    assert doc.stage == "allocation"
    assert doc.errors[0].message == ("Internal error occurred: failed to allocate requested HealthCheck NodePort "
                                     "32000: provided port is already allocated")
    # an HTTP 500 (errors.NewInternalError) without a field path; ktutor still points at the field
    assert doc.errors[0].path is None and doc.errors[0].type == "Internal error"
    assert doc.errors[0].line == text.split("\n").index("  healthCheckNodePort: 32000") + 1
