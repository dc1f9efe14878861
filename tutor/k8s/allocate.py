"""The allocation stage (registry ``beginCreate`` -> ``allocateCreate``), which runs
*before* ValidateService: its first error is the only one the user sees.

Simulated cluster: single-stack IPv4, service CIDR ``10.96.0.0/12``, NodePort range
``30000-32767``. Allocation is deterministic (a hash of namespace/name, probing past
addresses already in use), so editing a Service's ports never moves its ClusterIP, and
a LoadBalancer gets an external address from ``203.0.113.0/24`` (TEST-NET-3).
"""

from __future__ import annotations

import hashlib
from collections.abc import Container

from tutor.k8s import field as f
from tutor.k8s.defaults import Draft, PortDraft, needs_health_check, should_allocate_node_ports
from tutor.k8s.field import ErrorType, FieldError, Path
from tutor.k8s.usage import Usage
from tutor.k8s.validate import locate, parse_ip, validate_cluster_ips_related

SERVICE_CIDR = "10.96.0.0/12"
_CIDR_BASE = (10 << 24) | (96 << 16)
_CIDR_SIZE = 1 << 20
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767
NODE_PORT_RANGE = f"{NODE_PORT_MIN}-{NODE_PORT_MAX}"
LB_POOL_BASE = (203 << 24) | (113 << 8)  # 203.0.113.0/24
#: addresses every cluster already uses, and by which Service: the API server's Service
#: and cluster DNS (a dump holds those Services: re-applying one keeps its address)
RESERVED_CLUSTER_IPS: dict[str, tuple[str, str]] = {"10.96.0.1": ("default", "kubernetes"),
                                                    "10.96.0.10": ("kube-system", "kube-dns")}
#: The ServiceCIDR allocator's answer for an address outside every ServiceCIDR (1.34: the
#: MetaAllocator, GA, finds no allocator for it; the network and, for IPv4, the broadcast
#: address of a range are not inside it either).
MISMATCHED_NETWORK = "the provided network does not match the current range"

NOT_IN_RANGE = f"provided port is not in the valid range. The range of valid ports is {NODE_PORT_RANGE}"
ALREADY_ALLOCATED = "provided port is already allocated"


def ip_str(n: int) -> str:
    return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def _hash(*parts: object) -> int:
    data = "\x00".join(str(p) for p in parts).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.sha1(data).digest()[:8], "big")


class _PortOp:
    """portallocator.PortAllocationOperation over a snapshot of used ports."""

    def __init__(self, used: Container[int]) -> None:
        self.used = used
        self.taken: set[int] = set()

    def allocate(self, port: int) -> str | None:
        if not NODE_PORT_MIN <= port <= NODE_PORT_MAX:
            return NOT_IN_RANGE
        if port in self.used or port in self.taken:
            return ALREADY_ALLOCATED
        self.taken.add(port)
        return None

    def allocate_next(self, seed: int) -> int | None:
        """A free port, from the upper (dynamic) band first: like the real allocator
        (KEP-3668), which leaves the lowest ports for Services that ask for a fixed one.
        None when every port is taken."""
        size = NODE_PORT_MAX - NODE_PORT_MIN + 1
        static = min(max(16, size // 32), 128)
        for low, count in ((NODE_PORT_MIN + static, size - static), (NODE_PORT_MIN, static)):
            for step in range(count):
                port = low + (seed + step) % count
                if port not in self.used and port not in self.taken:
                    self.taken.add(port)
                    return port
        return None  # 2768 node ports taken: the API server answers an internal error


def _find_requested_node_port(port: int, ports: list[PortDraft]) -> int:
    for sp in ports:
        if sp.port == port and sp.node_port != 0:
            return sp.node_port
    return 0


def _fail(errs: list[FieldError], d: Draft) -> list[FieldError]:
    return locate(errs, d)


def _init_ip_families(d: Draft) -> list[FieldError]:
    """initIPFamilyFields for a single-stack IPv4 cluster."""
    if d.type == "ExternalName":
        return []
    if d.ip_family_policy is None:
        if d.cluster_ip == "None" and not d.selector:
            d.ip_family_policy = "RequireDualStack"
        else:
            d.ip_family_policy = "SingleStack"
    errs = validate_cluster_ips_related(d)
    if errs:
        return errs
    spec = Path("spec")
    if d.ip_family_policy == "SingleStack":
        if len(d.cluster_ips) == 2:
            errs.append(f.invalid(spec.child("ipFamilyPolicy"), d.ip_family_policy,
                                  "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                                  code="R-IPFAMILY"))
        if len(d.ip_families) == 2:
            errs.append(f.invalid(spec.child("ipFamilyPolicy"), d.ip_family_policy,
                                  "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                                  code="R-IPFAMILY"))
    for i, ip in enumerate(d.cluster_ips):
        if ip == "None":
            break
        parsed = parse_ip(ip)
        fam = "IPv6" if parsed and parsed[0] == 6 else "IPv4"
        if i >= len(d.ip_families):
            if fam == "IPv6":
                errs.append(f.invalid(spec.child("clusterIPs").index(i), list(d.cluster_ips),
                                      "IPv6 is not configured on this cluster", code="R-IPFAMILY"))
            else:
                d.ip_families.append(fam)
    if errs:
        return errs
    if d.cluster_ip == "None" and not d.selector:
        if not d.ip_families:
            d.ip_families = ["IPv4"]
        if len(d.ip_families) < 2 and d.ip_family_policy != "SingleStack":
            d.ip_families.append("IPv6" if d.ip_families[0] == "IPv4" else "IPv4")
        return []
    if d.ip_family_policy == "RequireDualStack":
        errs.append(f.invalid(spec.child("ipFamilyPolicy"), d.ip_family_policy,
                              "this cluster is not configured for dual-stack services", code="R-IPFAMILY"))
    for i, fam in enumerate(d.ip_families):
        if fam != "IPv4":
            errs.append(f.invalid(spec.child("ipFamilies").index(i), fam, "not configured on this cluster",
                                  code="R-IPFAMILY"))
    if errs:
        return errs
    if not d.ip_families:
        d.ip_families = ["IPv4"]
    return []


def _alloc_cluster_ip(d: Draft, usage: Usage) -> list[FieldError]:
    if d.type == "ExternalName" or (d.cluster_ips and d.cluster_ips[0] == "None"):
        return []
    used = usage.cluster_ips  # plus RESERVED_CLUSTER_IPS (no union: it copied every IP for every Service)
    own = (d.namespace, d.name)
    requested = d.cluster_ips[0] if d.cluster_ips else ""
    if requested == "":
        seed = _hash(d.namespace, d.name)
        for step in range(_CIDR_SIZE):
            offset = 1 + (seed + step) % (_CIDR_SIZE - 2)  # not the network or broadcast address
            ip = ip_str(_CIDR_BASE + offset)
            if ip not in used and ip not in RESERVED_CLUSTER_IPS:
                break
        d.cluster_ips = [ip]
        d.cluster_ip = ip
        return []
    parsed = parse_ip(requested)
    n = parsed[1] if parsed else 0
    problem = None
    if not parsed or parsed[0] != 4 or not (_CIDR_BASE < n < _CIDR_BASE + _CIDR_SIZE - 1):
        problem = MISMATCHED_NETWORK
    elif ip_str(n) in used or RESERVED_CLUSTER_IPS.get(ip_str(n), own) != own:
        problem = "provided IP is already allocated"
    if problem:
        return [f.invalid(Path("spec", "clusterIPs"), list(d.cluster_ips), f"failed to allocate IP {requested}: {problem}",
                          code="R-CLUSTERIP-ALLOC", params={"ip": requested, "cidr": SERVICE_CIDR,
                                                            "taken": problem.startswith("provided")})]
    d.cluster_ip = requested
    return []


def _init_node_ports(d: Draft, op: _PortOp) -> list[FieldError]:
    svc_port_to_node_port: dict[int, int] = {}
    for i, sp in enumerate(d.ports):
        if sp.node_port == 0 and not should_allocate_node_ports(d):
            continue
        allocated = svc_port_to_node_port.get(sp.port, 0)
        if allocated == 0:
            np = _find_requested_node_port(sp.port, d.ports)
            if np != 0:
                err = op.allocate(np)
                if err:
                    return [_node_port_error(i, np, err)]
                sp.node_port = np
                svc_port_to_node_port[sp.port] = np
            else:
                next_port = op.allocate_next(_hash(d.namespace, d.name, sp.port))
                if next_port is None:
                    return [_range_full(f"spec.ports[{i}].nodePort")]
                sp.node_port = next_port
                svc_port_to_node_port[sp.port] = next_port
        elif sp.node_port != allocated:
            if sp.node_port == 0:
                sp.node_port = allocated
            else:
                err = op.allocate(sp.node_port)
                if err:
                    return [_node_port_error(i, sp.node_port, err)]
    return []


def _node_port_error(i: int, np: int, err: str) -> FieldError:
    code = "R-NODEPORT-RANGE" if err == NOT_IN_RANGE else "R-NODEPORT-DUP"
    return f.invalid(Path("spec", "ports").index(i).child("nodePort"), np, err, code=code,
                     params={"node_port": np, "range": NODE_PORT_RANGE})


def _alloc_health_check(d: Draft, op: _PortOp) -> list[FieldError]:
    """allocHealthCheckNodePort; its error is wrapped in ``errors.NewInternalError`` by
    the caller: an HTTP 500 whose message names no field (kubectl prints ``Error from
    server (InternalError): ... Internal error occurred: ...``). ktutor still points at
    the field."""
    hc = d.health_check_node_port
    where = d.positions.nearest("spec.healthCheckNodePort")
    if hc != 0:
        err = op.allocate(hc)
        if err:
            detail = f"failed to allocate requested HealthCheck NodePort {hc}: {err}"
            e = FieldError(type=ErrorType.INTERNAL, path=None, message=f"Internal error occurred: {detail}",
                           code="R-HEALTHCHECK-ALLOC", params={"value": hc, "range": NODE_PORT_RANGE},
                           bad_value=hc, detail=detail, line=where.line, column=where.column)
            return [e]
    else:
        next_port = op.allocate_next(_hash(d.namespace, d.name, "healthz"))
        if next_port is None:
            detail = "failed to allocate a HealthCheck NodePort 0: range is full"  # (Go prints the zero it got)
            return [FieldError(type=ErrorType.INTERNAL, path=None, message=f"Internal error occurred: {detail}",
                               code="R-NODEPORT-FULL", params={"range": NODE_PORT_RANGE}, detail=detail,
                               line=where.line, column=where.column)]
        d.health_check_node_port = next_port
    return []


def _range_full(path: str) -> FieldError:
    """Every node port is taken (a text with thousands of NodePort Services): what the
    registry answers instead of raising (which surfaced as an internal error of ours)."""
    detail = "failed to allocate a nodePort: range is full"
    return FieldError(type=ErrorType.INTERNAL, path=path, message=f"Internal error occurred: {detail}",
                      code="R-NODEPORT-FULL", params={"range": NODE_PORT_RANGE}, detail=detail)


def allocate(d: Draft, usage: Usage) -> list[FieldError]:
    """Run allocateCreate on ``d`` (changing it). Returns the errors of the first step
    that fails, with positions; ``usage`` is not changed (see :func:`commit`)."""
    if d.cluster_ip and not d.cluster_ips:  # normalizeClusterIPs
        d.cluster_ips = [d.cluster_ip]
    errs = _init_ip_families(d)
    if errs:
        return _fail(errs, d)
    errs = _alloc_cluster_ip(d, usage)
    if errs:
        return _fail(errs, d)
    op = _PortOp(usage.node_ports)
    if d.type in ("NodePort", "LoadBalancer"):
        errs = _init_node_ports(d, op)
        if errs:
            return _fail(errs, d)
    if needs_health_check(d):
        errs = _alloc_health_check(d, op)
        if errs:
            return _fail(errs, d)
    return []


def assign_load_balancer_ip(d: Draft, usage: Usage) -> None:
    """The simulated cloud controller: an external address from 203.0.113.0/24."""
    if d.type != "LoadBalancer":
        return
    seed = _hash(d.namespace, d.name, "lb")
    for step in range(254):
        ip = ip_str(LB_POOL_BASE + 1 + (seed + step) % 254)
        if ip not in usage.lb_ips:
            d.ingress_ip = ip
            return
    d.ingress_ip = ""  # pool exhausted: stays <pending>, like a real cloud without capacity
