"""Plain data shared by every part of the engine (no logic beyond small helpers).

These are the *effective* objects after decoding and defaulting: what the API server
would store. Field names are snake_case here; ``to_json()`` gives Kubernetes names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pos:
    """1-based line and column in the source text."""

    line: int
    column: int


@dataclass
class ServicePort:
    port: int = 0
    target_port: int | str = 0  # int, or a port name (IANA_SVC_NAME)
    protocol: str = "TCP"
    name: str = ""
    node_port: int = 0  # 0 = none
    app_protocol: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name or None, "port": self.port, "protocol": self.protocol,
                     "targetPort": self.target_port, "nodePort": self.node_port or None}
        if self.app_protocol is not None:
            out["appProtocol"] = self.app_protocol
        return out


@dataclass
class Service:
    name: str
    namespace: str = "default"
    labels: dict[str, str] = field(default_factory=dict)
    type: str = "ClusterIP"
    #: None when absent; {} when written as ``selector: {}`` (both: no managed endpoints)
    selector: dict[str, str] | None = None
    ports: list[ServicePort] = field(default_factory=list)
    cluster_ip: str = ""  # "None" for headless, "" for ExternalName
    cluster_ips: list[str] = field(default_factory=list)
    external_name: str = ""
    external_ips: list[str] = field(default_factory=list)
    session_affinity: str = "None"
    session_affinity_timeout: int | None = None  # ClientIP timeoutSeconds
    external_traffic_policy: str = ""  # "" when not externally accessible
    internal_traffic_policy: str = ""  # "" for ExternalName
    publish_not_ready_addresses: bool = False
    allocate_load_balancer_node_ports: bool | None = None
    load_balancer_ip: str = ""  # simulated external address of a LoadBalancer
    health_check_node_port: int = 0

    @property
    def headless(self) -> bool:
        return self.cluster_ips == ["None"]

    @property
    def manages_endpoints(self) -> bool:
        """Whether the EndpointSlice controller manages endpoints for it."""
        return self.type != "ExternalName" and bool(self.selector)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "namespace": self.namespace,
            "type": self.type,
            "clusterIP": self.cluster_ip or None,
            "clusterIPs": list(self.cluster_ips),
            "headless": self.headless,
            "selector": dict(self.selector) if self.selector is not None else None,
            "externalName": self.external_name or None,
            "externalIPs": list(self.external_ips),
            "sessionAffinity": self.session_affinity,
            "externalTrafficPolicy": self.external_traffic_policy or None,
            "internalTrafficPolicy": self.internal_traffic_policy or None,
            "publishNotReadyAddresses": self.publish_not_ready_addresses,
            "allocateLoadBalancerNodePorts": self.allocate_load_balancer_node_ports,
            "loadBalancerIP": self.load_balancer_ip or None,
            "ports": [p.to_json() for p in self.ports],
        }


@dataclass
class ContainerPort:
    container_port: int
    name: str = ""
    protocol: str = "TCP"


@dataclass
class Container:
    name: str
    ports: list[ContainerPort] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    #: a restartable init container (``restartPolicy: Always``): a native sidecar
    sidecar: bool = False
    #: what the process in the container really listens on, as (port, protocol) pairs.
    #: ``None`` means "assume its declared ports": the best guess without the image, used
    #: for real manifests, cluster dumps, ``ktutor check`` and the console. A lesson's
    #: cluster can say otherwise (the port in an env var, a fixed port, or nothing).
    #: Declaring a ``containerPort`` never opens a socket; this is the one listening rule.
    listening: list[tuple[int, str]] | None = None
    #: the environment variables the lesson's listening rule read the ports from
    #: (``("LISTEN_PORT",)``), so texts can say where a port came from; () otherwise
    listen_env: tuple[str, ...] = ()

    @property
    def listen_ports(self) -> list[tuple[int, str]]:
        """What the container listens on under the one listening rule: the lesson's
        ``listening`` when it says, else its declared ports."""
        if self.listening is None:
            return [(p.container_port, p.protocol) for p in self.ports]
        return list(self.listening)

    def listens_on(self, port: int, protocol: str = "TCP") -> bool:
        """Whether a connection to ``port``/``protocol`` on this container finds a listener."""
        if self.listening is None:
            return any(p.container_port == port and p.protocol == protocol for p in self.ports)
        return (port, protocol) in self.listening


@dataclass
class Pod:
    name: str
    namespace: str = "default"
    labels: dict[str, str] = field(default_factory=dict)
    containers: list[Container] = field(default_factory=list)
    node: str | None = None
    ip: str | None = None
    phase: str = "Running"  # Pending, Running, Succeeded, Failed, Unknown
    ready: bool = True
    terminating: bool = False
    #: e.g. "Deployment/web" for a would-be Pod made from a workload template
    owner: str | None = None
    pos: Pos | None = None  # where its manifest starts, when it came from text
    #: spec.hostname / spec.subdomain: with a headless Service named like the subdomain,
    #: DNS answers <hostname>.<subdomain>.<namespace>.svc.cluster.local (StatefulSet Pods)
    hostname: str = ""
    subdomain: str = ""
    #: every address of ``status.podIPs`` (dual-stack: IPv4 and IPv6, the primary first);
    #: ``ip`` is the IPv4 one, which an IPv4 Service's endpoint uses
    ips: tuple[str, ...] = ()
    #: read from a live object (``status`` with a phase or conditions): its readiness is its
    #: Ready condition, and one with an address (or Pending, or finished) is never moved or
    #: given another address by the simulation
    live: bool = False
    uid: str = ""
    #: spec.hostNetwork: the Pod uses its node's network (NetworkPolicy does not apply to it)
    host_network: bool = False
    #: spec.dnsPolicy and spec.dnsConfig: how the kubelet sets up the Pod's resolver
    #: (``tutor.k8s.dns.resolv_conf``); options are (name, value or None) pairs
    dns_policy: str = "ClusterFirst"
    dns_nameservers: tuple[str, ...] = ()
    dns_searches: tuple[str, ...] = ()
    dns_options: tuple[tuple[str, str | None], ...] = ()

    def listener(self, port: int, protocol: str = "TCP") -> Container | None:
        """The container whose process listens on ``port``/``protocol`` (containers share
        the Pod's network namespace), or None: a connection there is refused."""
        for container in self.containers:
            if container.listens_on(port, protocol):
                return container
        return None


@dataclass
class Node:
    name: str
    ip: str
    #: the node's Pod CIDR, e.g. "10.244.1.0/24" ("" = let the Cluster assign one)
    pod_cidr: str = ""
