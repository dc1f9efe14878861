"""The Service being admitted (``Draft``) and its defaulting (``SetDefaults_Service``).

A :class:`Draft` is the decoded object in Kubernetes' internal shape: the stages after
decoding (defaulting, allocation, validation) read and change it in place, and
:func:`to_model` turns an admitted one into the engine's :class:`~tutor.k8s.model.Service`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from tutor.k8s.decode import Decoded, Positions
from tutor.k8s.model import Pos, Service, ServicePort

DEFAULT_CLIENT_IP_TIMEOUT = 10800  # v1.DefaultClientIPServiceAffinitySeconds
MAX_CLIENT_IP_TIMEOUT = 86400  # core.MaxClientIPServiceAffinitySeconds


@dataclass
class PortDraft:
    name: str = ""
    protocol: str = ""
    app_protocol: str | None = None
    port: int = 0
    #: an int when written as a number (or absent), a str when written as a string
    target_port: int | str = 0
    node_port: int = 0


@dataclass
class Draft:
    """A v1 Service as the API server holds it between decoding and storage."""

    positions: Positions
    name: str = ""
    generate_name: str = ""
    namespace: str = ""
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    type: str = ""
    selector: dict[str, str] | None = None
    ports: list[PortDraft] = field(default_factory=list)
    cluster_ip: str = ""
    cluster_ips: list[str] = field(default_factory=list)
    external_ips: list[str] = field(default_factory=list)
    session_affinity: str = ""
    #: sessionAffinityConfig: None (absent), or {} / {"clientIP": None|{"timeoutSeconds": n|None}}
    affinity_config: dict[str, Any] | None = None
    load_balancer_ip: str = ""
    load_balancer_source_ranges: list[str] = field(default_factory=list)
    external_name: str = ""
    external_traffic_policy: str = ""
    health_check_node_port: int = 0
    publish_not_ready_addresses: bool = False
    ip_families: list[str] = field(default_factory=list)
    ip_family_policy: str | None = None
    allocate_load_balancer_node_ports: bool | None = None
    load_balancer_class: str | None = None
    internal_traffic_policy: str | None = None
    traffic_distribution: str | None = None
    #: simulated external address of a LoadBalancer (the cloud's job in a real cluster)
    ingress_ip: str = ""

    @property
    def headless(self) -> bool:
        """isHeadlessService: ``clusterIPs == ["None"]`` (after normalisation)."""
        return len(self.cluster_ips) == 1 and self.cluster_ips[0] == "None"

    @property
    def timeout_seconds(self) -> int | None:
        cfg = self.affinity_config
        if not cfg or not cfg.get("clientIP"):
            return None
        timeout: int | None = cfg["clientIP"].get("timeoutSeconds")
        return timeout

    def pos(self, path: str) -> Pos:
        return self.positions.nearest(path)


def draft_from(decoded: Decoded) -> Draft:
    obj = decoded.obj
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    d = Draft(positions=decoded.positions)
    d.name = meta.get("name") or ""
    d.generate_name = meta.get("generateName") or ""
    d.namespace = meta.get("namespace") or ""
    d.labels = meta.get("labels")
    d.annotations = meta.get("annotations")
    d.type = spec.get("type") or ""
    d.selector = spec.get("selector")
    for p in spec.get("ports") or []:
        tp = p.get("targetPort")
        d.ports.append(PortDraft(
            name=p.get("name") or "", protocol=p.get("protocol") or "", app_protocol=p.get("appProtocol"),
            port=p.get("port") or 0, target_port=0 if tp is None else tp, node_port=p.get("nodePort") or 0,
        ))
    d.cluster_ip = spec.get("clusterIP") or ""
    d.cluster_ips = list(spec.get("clusterIPs") or [])
    d.external_ips = list(spec.get("externalIPs") or [])
    d.session_affinity = spec.get("sessionAffinity") or ""
    cfg = spec.get("sessionAffinityConfig")
    if cfg is not None:
        client = cfg.get("clientIP")
        d.affinity_config = {"clientIP": None if client is None else {"timeoutSeconds": client.get("timeoutSeconds")}}
    d.load_balancer_ip = spec.get("loadBalancerIP") or ""
    d.load_balancer_source_ranges = list(spec.get("loadBalancerSourceRanges") or [])
    d.external_name = spec.get("externalName") or ""
    d.external_traffic_policy = spec.get("externalTrafficPolicy") or ""
    d.health_check_node_port = spec.get("healthCheckNodePort") or 0
    d.publish_not_ready_addresses = bool(spec.get("publishNotReadyAddresses"))
    d.ip_families = list(spec.get("ipFamilies") or [])
    d.ip_family_policy = spec.get("ipFamilyPolicy")
    d.allocate_load_balancer_node_ports = spec.get("allocateLoadBalancerNodePorts")
    d.load_balancer_class = spec.get("loadBalancerClass")
    d.internal_traffic_policy = spec.get("internalTrafficPolicy")
    d.traffic_distribution = spec.get("trafficDistribution")
    return d


def externally_accessible(d: Draft) -> bool:
    """pkg/api/service ExternallyAccessible."""
    return d.type in ("LoadBalancer", "NodePort") or (d.type == "ClusterIP" and len(d.external_ips) > 0)


def needs_health_check(d: Draft) -> bool:
    return d.type == "LoadBalancer" and d.external_traffic_policy == "Local"


def should_allocate_node_ports(d: Draft) -> bool:
    if d.type == "NodePort":
        return True
    if d.type == "LoadBalancer":
        return d.allocate_load_balancer_node_ports is None or bool(d.allocate_load_balancer_node_ports)
    return False


_NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789"  # utilrand's alphanumerics


def generated_name(base: str, seed: str) -> str:
    """names.SimpleNameGenerator: base (cut to 58) + 5 characters; deterministic here."""
    digest = hashlib.sha1(seed.encode("utf-8", "surrogatepass")).digest()
    return base[:58] + "".join(_NAME_CHARS[b % len(_NAME_CHARS)] for b in digest[:5])


def apply_defaults(d: Draft) -> None:
    """SetDefaults_Service (pkg/apis/core/v1/defaults.go) plus what kubectl and the
    registry fill in before validation (namespace from the context, generated name)."""
    if not d.namespace:
        d.namespace = "default"  # kubectl fills it from the current context
    if not d.name and d.generate_name:
        d.name = generated_name(d.generate_name, f"{d.namespace}/{d.generate_name}")
    if d.session_affinity == "":
        d.session_affinity = "None"
    if d.session_affinity == "None":
        d.affinity_config = None  # silently dropped
    elif d.session_affinity == "ClientIP" and d.timeout_seconds is None:
        d.affinity_config = {"clientIP": {"timeoutSeconds": DEFAULT_CLIENT_IP_TIMEOUT}}
    if d.type == "":
        d.type = "ClusterIP"
    for p in d.ports:
        if p.protocol == "":
            p.protocol = "TCP"
        if p.target_port == 0 or p.target_port == "":
            p.target_port = p.port
    if externally_accessible(d) and d.external_traffic_policy == "":
        d.external_traffic_policy = "Cluster"
    if d.internal_traffic_policy is None and d.type in ("NodePort", "LoadBalancer", "ClusterIP"):
        d.internal_traffic_policy = "Cluster"
    if d.type == "LoadBalancer" and d.allocate_load_balancer_node_ports is None:
        d.allocate_load_balancer_node_ports = True


def to_model(d: Draft) -> Service:
    """The admitted Service as the engine's model object."""
    return Service(
        name=d.name,
        namespace=d.namespace,
        labels=dict(d.labels or {}),
        type=d.type,
        selector=dict(d.selector) if d.selector is not None else None,
        ports=[ServicePort(port=p.port, target_port=p.target_port, protocol=p.protocol, name=p.name,
                           node_port=p.node_port, app_protocol=p.app_protocol) for p in d.ports],
        cluster_ip=d.cluster_ip,
        cluster_ips=list(d.cluster_ips),
        external_name=d.external_name,
        external_ips=list(d.external_ips),
        session_affinity=d.session_affinity,
        session_affinity_timeout=d.timeout_seconds if d.session_affinity == "ClientIP" else None,
        external_traffic_policy=d.external_traffic_policy,
        internal_traffic_policy=d.internal_traffic_policy or "",
        publish_not_ready_addresses=d.publish_not_ready_addresses,
        allocate_load_balancer_node_ports=d.allocate_load_balancer_node_ports,
        load_balancer_ip=d.ingress_ip,
        health_check_node_port=d.health_check_node_port,
    )
