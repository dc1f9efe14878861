"""Golden outputs of ``kubectl describe``, from kubectl's describers
(``staging/src/k8s.io/kubectl/pkg/describe/describe.go``): PrefixWriter lines through a
tabwriter with minwidth 0 and padding 2."""

from __future__ import annotations

import pytest

from kubectl_helpers import fixture_text, run
from tutor.kubectl.console import Console


@pytest.fixture
def edge():
    return Console(None, applied=[fixture_text("edge.yaml")])


def test_describe_service(shop):
    """describe.go: describeService, formatEndpointSlices (ready endpoints of the slices
    labelled kubernetes.io/service-name=web); Internal Traffic Policy is the longest key,
    so values start at column 26."""
    out, err, code = run(shop, "kubectl describe svc web")
    assert (err, code) == ("", 0)
    assert out == (
        "Name:                     web\n"
        "Namespace:                default\n"
        "Labels:                   app=web\n"
        "Annotations:              <none>\n"
        "Selector:                 app=web\n"
        "Type:                     ClusterIP\n"
        "IP Family Policy:         SingleStack\n"
        "IP Families:              IPv4\n"
        "IP:                       10.96.0.20\n"
        "IPs:                      10.96.0.20\n"
        "Port:                     <unset>  80/TCP\n"
        "TargetPort:               http/TCP\n"
        "Endpoints:                10.244.1.5:8080,10.244.2.7:8080\n"
        "Session Affinity:         None\n"
        "Internal Traffic Policy:  Cluster\n"
        "Events:                   <none>\n")


def test_describe_service_nodeport_named_ports(edge):
    """describeService: one Port/TargetPort/NodePort/Endpoints group per port; the gap after a
    port name is that name's width plus 2 (a one-line tabwriter block);
    External Traffic Policy appears for a NodePort."""
    out, _err, _code = run(edge, "describe service web-np")
    lines = out.splitlines()
    assert lines[10:18] == [
        "Port:                     http  80/TCP",
        "TargetPort:               http/TCP",
        "NodePort:                 http  30080/TCP",
        "Endpoints:                10.244.1.2:8080,10.244.2.2:8080",
        "Port:                     metrics  9090/TCP",
        "TargetPort:               9090/TCP",
        "NodePort:                 metrics  31090/TCP",
        "Endpoints:                10.244.1.2:9090,10.244.2.2:9090",
    ]
    assert lines[18:21] == ["Session Affinity:         None", "External Traffic Policy:  Cluster",
                            "Internal Traffic Policy:  Cluster"]


def test_describe_service_without_ready_endpoints_has_an_empty_value(edge):
    """formatEndpointSlices skips endpoints whose ready condition is false: the value is
    empty, the padding stays."""
    out, _err, _code = run(edge, "describe svc slow")
    assert "Endpoints:                \n" in out


def test_describe_external_name(edge):
    """describeService for ExternalName: no IP Family Policy, an empty IP, External Name."""
    out, _err, _code = run(edge, "describe svc ext")
    assert out == (
        "Name:              ext\n"
        "Namespace:         default\n"
        "Labels:            <none>\n"
        "Annotations:       <none>\n"
        "Selector:          <none>\n"
        "Type:              ExternalName\n"
        "IP Families:       <none>\n"
        "IP:                \n"
        "IPs:               <none>\n"
        "External Name:     db.example.com\n"
        "Session Affinity:  None\n"
        "Events:            <none>\n")


def test_describe_pod(shop):
    """describe.go: describePod, describeContainers, describeVolumes (the projected
    kube-api-access volume), printTolerationsMultiline, DescribeEvents."""
    out, _err, _code = run(shop, "describe pod web-1")
    volume = [w for w in out.split() if w.startswith("kube-api-access-")][0]
    container_id = [w for w in out.split() if w.startswith("containerd://")][0]
    image_id = [w for w in out.split() if w.startswith("docker.io/")][0]
    assert len(container_id) == len("containerd://") + 64
    assert image_id.startswith("docker.io/nginxinc/nginx-unprivileged@sha256:")
    assert out == (
        "Name:             web-1\n"
        "Namespace:        default\n"
        "Priority:         0\n"
        "Service Account:  default\n"
        "Node:             node-a/172.18.0.3\n"
        "Start Time:       Wed, 15 Jan 2025 10:00:00 +0000\n"
        "Labels:           app=web\n"
        "Annotations:      <none>\n"
        "Status:           Running\n"
        "IP:               10.244.1.5\n"
        "IPs:\n"
        "  IP:  10.244.1.5\n"
        "Containers:\n"
        "  web:\n"
        f"    Container ID:   {container_id}\n"
        "    Image:          nginxinc/nginx-unprivileged:1.27\n"
        f"    Image ID:       {image_id}\n"
        "    Port:           8080/TCP (http)\n"
        "    Host Port:      0/TCP (http)\n"
        "    State:          Running\n"
        "      Started:      Wed, 15 Jan 2025 10:00:02 +0000\n"
        "    Ready:          True\n"
        "    Restart Count:  0\n"
        "    Readiness:      http-get http://:http/ delay=0s timeout=1s period=10s #success=1 #failure=3\n"
        "    Environment:    <none>\n"
        "    Mounts:\n"
        f"      /var/run/secrets/kubernetes.io/serviceaccount from {volume} (ro)\n"
        "Conditions:\n"
        "  Type                        Status\n"
        "  PodReadyToStartContainers   True \n"
        "  Initialized                 True \n"
        "  Ready                       True \n"
        "  ContainersReady             True \n"
        "  PodScheduled                True \n"
        "Volumes:\n"
        f"  {volume}:\n"
        "    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
        "    TokenExpirationSeconds:  3607\n"
        "    ConfigMapName:           kube-root-ca.crt\n"
        "    Optional:                false\n"
        "    DownwardAPI:             true\n"
        "QoS Class:                   BestEffort\n"
        "Node-Selectors:              <none>\n"
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        "Events:\n"
        "  Type    Reason     Age    From               Message\n"
        "  ----    ------     ----   ----               -------\n"
        "  Normal  Scheduled  5m10s  default-scheduler  Successfully assigned default/web-1 to node-a\n"
        '  Normal  Pulled     5m9s   kubelet            Container image "nginxinc/nginx-unprivileged:1.27" '
        "already present on machine\n"
        "  Normal  Created    5m9s   kubelet            Created container: web\n"
        "  Normal  Started    5m8s   kubelet            Started container web\n")


def test_describe_not_ready_pod(edge):
    """describePod: Ready False, the Ready/ContainersReady conditions False, and the
    kubelet's repeated Unhealthy warning ("LAST (xCOUNT over FIRST)")."""
    out, _err, _code = run(edge, "describe pod slow")
    assert "    Ready:          False\n" in out
    assert "  Ready                       False \n  ContainersReady             False \n" in out
    assert out.splitlines()[-1] == (
        "  Warning  Unhealthy  4s (x30 over 4m55s)  kubelet            Readiness probe failed: Get "
        '"http://10.244.2.30:8080/healthz": dial tcp 10.244.2.30:8080: connect: connection refused')


def test_describe_pending_pod(edge):
    """describePod for an unscheduled Pod: Node <none>, no Start Time, IPs <none>, no
    container status lines, only PodScheduled False."""
    out, _err, _code = run(edge, "describe pod waiting")
    assert "Node:             <none>\n" in out
    assert "Start Time" not in out
    assert "IP:               \nIPs:              <none>\n" in out
    assert "Container ID" not in out and "State:" not in out
    assert "Conditions:\n  Type           Status\n  PodScheduled   False \n" in out
    assert out.endswith("Events:                      <none>\n")


def test_describe_prefix_match_and_separators(shop):
    """describe.go: DescribeMatchingResources describes every Pod whose name starts with
    the one given, each followed by an empty line; a list is separated by two empty lines."""
    out, _err, code = run(shop, "describe pod web")
    assert code == 0
    assert out.count("Name:             web-") == 2
    assert "Started container web\n\nName:             web-2\n" in out
    assert out.endswith("Started container web\n\n")
    listed, _err, _code = run(shop, "describe pods -l app=web")
    assert "Started container web\n\n\nName:             web-2\n" in listed
    assert listed.endswith("Started container web\n")
    assert run(shop, "describe pod nope") == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)


def test_describe_endpointslice(edge):
    """describe.go: describeEndpointSliceV1 (Ready lowercase, <unset> hostname and zone)."""
    out, _err, _code = run(edge, "describe endpointslice slow-qlqwb")
    assert out == (
        "Name:         slow-qlqwb\n"
        "Namespace:    default\n"
        "Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io\n"
        "              kubernetes.io/service-name=slow\n"
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-15T10:00:10Z\n"
        "AddressType:  IPv4\n"
        "Ports:\n"
        "  Name     Port  Protocol\n"
        "  ----     ----  --------\n"
        "  <unset>  8080  TCP\n"
        "Endpoints:\n"
        "  - Addresses:  10.244.2.30\n"
        "    Conditions:\n"
        "      Ready:    false\n"
        "    Hostname:   <unset>\n"
        "    TargetRef:  Pod/slow\n"
        "    NodeName:   node-b\n"
        "    Zone:       <unset>\n"
        "Events:         <none>\n")
    placeholder, _err, _code = run(edge, "describe endpointslice lonely-g6pq2")
    assert "AddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\n" in placeholder


def test_describe_endpoints_warns(edge):
    """describe.go: describeEndpoints, each subset followed by an empty line."""
    result = edge.run("describe endpoints slow")
    assert result.chunks[0] == ("stderr", "Warning: v1 Endpoints is deprecated in v1.33+; use "
                                          "discovery.k8s.io/v1 EndpointSlice\n")
    assert result.stdout == (
        "Name:         slow\n"
        "Namespace:    default\n"
        "Labels:       endpoints.kubernetes.io/managed-by=endpoint-controller\n"
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2025-01-15T10:00:10Z\n"
        "Subsets:\n"
        "  Addresses:          <none>\n"
        "  NotReadyAddresses:  10.244.2.30\n"
        "  Ports:\n"
        "    Name     Port  Protocol\n"
        "    ----     ----  --------\n"
        "    <unset>  8080  TCP\n"
        "\n"
        "Events:  <none>\n")


def test_describe_deployment(edge):
    """describe.go: describeDeployment, DescribePodTemplate (containers indented by 3),
    the condition type cell with its trailing space, printReplicaSetsByLabels."""
    out, _err, _code = run(edge, "describe deploy web")
    assert out == (
        "Name:                   web\n"
        "Namespace:              default\n"
        "CreationTimestamp:      Wed, 15 Jan 2025 10:00:10 +0000\n"
        "Labels:                 app=web\n"
        "Annotations:            deployment.kubernetes.io/revision: 1\n"
        "Selector:               app=web\n"
        "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"
        "StrategyType:           RollingUpdate\n"
        "MinReadySeconds:        0\n"
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"
        "Pod Template:\n"
        "  Labels:  app=web\n"
        "  Containers:\n"
        "   web:\n"
        "    Image:         nginxinc/nginx-unprivileged:1.27\n"
        "    Port:          8080/TCP (http)\n"
        "    Host Port:     0/TCP (http)\n"
        "    Readiness:     http-get http://:http/ delay=0s timeout=1s period=10s #success=1 #failure=3\n"
        "    Environment:   <none>\n"
        "    Mounts:        <none>\n"
        "  Volumes:         <none>\n"
        "  Node-Selectors:  <none>\n"
        "  Tolerations:     <none>\n"
        "Conditions:\n"
        "  Type           Status  Reason\n"
        "  ----           ------  ------\n"
        "  Available      True    MinimumReplicasAvailable\n"
        "  Progressing    True    NewReplicaSetAvailable\n"
        "OldReplicaSets:  <none>\n"
        "NewReplicaSet:   web-779b785f99 (2/2 replicas created)\n"
        "Events:\n"
        "  Type    Reason             Age   From                   Message\n"
        "  ----    ------             ----  ----                   -------\n"
        "  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled up replica set web-779b785f99 from 0 to 2\n")


def test_describe_dates_use_the_local_time_zone(shop, monkeypatch):
    """describe prints RFC1123Z times in the local zone (time.Local)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        out, _err, _code = run(shop, "describe pod web-1")
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    assert "Start Time:       Wed, 15 Jan 2025 19:00:00 +0900\n" in out


def test_describe_without_a_type(shop):
    assert run(shop, "describe") == ("", 'error: You must specify the type of resource to describe. Use "kubectl '
                                         'api-resources" for a complete list of supported resources.\n', 1)


def test_describe_nothing_found(shop):
    assert run(shop, "describe pods -l app=nope") == ("", "No resources found in default namespace.\n", 0)
