"""Cluster DNS as a Pod sees it: the resolver's configuration and the records CoreDNS serves.

``lookup(cluster, pod, namespace, name, qtype)`` follows a name the way a Pod's C library
does (``/etc/hosts`` first, then the search list and ``ndots``) and answers each name it
asks the way the cluster DNS does. It returns the whole story: every name asked, the one
that answered, and the records.

**The resolver** (``resolv.conf`` as the kubelet writes it, :func:`resolv_conf`):

* ``dnsPolicy: ClusterFirst`` (the default) and ``ClusterFirstWithHostNet``: the cluster
  DNS (Service ``kube-system/kube-dns``, 10.96.0.10) answers; the search list is
  ``<ns>.svc.<zone> svc.<zone> <zone>`` for the Pod's namespace ``<ns>``, then any
  ``dnsConfig.searches``; ``options ndots:5`` (``dnsConfig.options`` can change it).
  A Pod with ``hostNetwork: true`` and ``ClusterFirst`` gets ``Default`` instead (the
  kubelet's rule): only ``ClusterFirstWithHostNet`` gives it the cluster DNS.
* ``Default``: the node's resolver, which knows nothing of the cluster's names.
* ``None``: only ``dnsConfig`` (its first nameserver decides; ndots 1 unless set).

A name ending in a dot is absolute: asked as it is, once. Otherwise a name with at
least ``ndots`` dots is asked as it is first and then with each search suffix; a name
with fewer dots is asked with each search suffix first and as it is last. So from a Pod,
``web.shop.svc.cluster.local`` (4 dots) costs three NXDOMAIN answers before the right
one, and ``api.example.com`` four lookups; ``api.example.com.`` costs one.

**The records** (the Kubernetes DNS specification, kubernetes/dns
``docs/specification.md`` 1.0.1, as CoreDNS's ``kubernetes`` plugin serves it):

* ``<svc>.<ns>.svc.<zone>``: a Service's cluster IP; for a headless Service the IPs of
  its ready endpoints (none: NXDOMAIN); for an ExternalName Service a CNAME.
* ``_<port>._<proto>.<svc>.<ns>.svc.<zone>`` (SRV), for each **named** Service port:
  port number and target ``<svc>.<ns>.svc.<zone>``; for a headless Service one record
  per ready endpoint, target ``<hostname>.<svc>.<ns>.svc.<zone>`` and the endpoint's
  port (the resolved targetPort: there is no virtual IP, so the client dials the Pod's
  port; the specification writes the Service port, CoreDNS serves the endpoint's).
  Unnamed ports have no SRV record; ExternalName Services none at all.
* ``<hostname>.<svc>.<ns>.svc.<zone>``: a ready endpoint of a headless Service. Its
  hostname is the Pod's ``spec.hostname`` when its ``spec.subdomain`` is the Service's
  name (the EndpointSlice controller's ``ShouldSetHostname``; StatefulSet Pods get
  ``hostname = <pod name>`` and ``subdomain = serviceName``), else CoreDNS's name made
  of the address (``10-244-1-7``). (CoreDNS also answers these for a Service with a
  cluster IP; the specification promises them for headless Services only, and so does
  this simulation.)
* ``<a>-<b>-<c>-<d>.<ns>.pod.<zone>``: the IP written in the name, for any address,
  when the namespace exists (CoreDNS ``pods insecure``, kubeadm's default; deprecated
  in the specification but required by it).

A name outside the cluster domain is forwarded upstream, outside the simulation: it is
counted as answered (by someone else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.i18n import N_, Text
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Pod, Service
from tutor.k8s.ports import find_port
from tutor.k8s.selection import select

#: The cluster DNS Service's address (``kube-system/kube-dns``; tutor.k8s.allocate keeps it).
CLUSTER_DNS_IP = "10.96.0.10"
#: The kubelet's ``options ndots:5`` for ClusterFirst Pods; glibc's default otherwise.
CLUSTER_NDOTS = 5
LIBC_NDOTS = 1
#: glibc caps ndots at 15.
MAX_NDOTS = 15
_POD_RECORD = re.compile(r"(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\Z")
_IPV4 = re.compile(r"(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\Z")
_SRV_LABEL = re.compile(r"_[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")


# --------------------------------------------------------------------------- the resolver
@dataclass(frozen=True)
class ResolvConf:
    """A Pod's resolver: the policy in effect (``ClusterFirst``, ``Default``, ``None``),
    its search list, ``ndots``, and whether the cluster DNS answers its queries."""

    policy: str
    search: tuple[str, ...]
    ndots: int
    cluster_dns: bool
    #: the policy the Pod asked for, when the kubelet used another (hostNetwork)
    requested: str = ""

    def candidates(self, name: str) -> list[str]:
        """The names the resolver asks for ``name``, in order (without trailing dots)."""
        if name.endswith("."):
            return [name.rstrip(".")]
        with_search = [f"{name}.{suffix}" for suffix in self.search]
        if name.count(".") >= self.ndots:
            return [name, *with_search]
        return [*with_search, name]

    def text(self) -> str:
        """The Pod's ``/etc/resolv.conf`` lines the lookup depends on."""
        lines = []
        if self.search:
            lines.append("search " + " ".join(self.search))
        lines.append(f"options ndots:{self.ndots}")
        return "\n".join(lines)


def _ndots(pod: Pod | None, default: int) -> int:
    value = default
    for name, option in pod.dns_options if pod is not None else ():
        if name == "ndots" and option is not None and option.strip().isdigit():
            value = min(int(option.strip()), MAX_NDOTS)
    return value


def resolv_conf(pod: Pod | None, namespace: str, domain: str) -> ResolvConf:
    """How the kubelet sets up the resolver of ``pod`` (None: a new Pod in ``namespace``
    with the defaults, like ``kubectl run``)."""
    requested = pod.dns_policy if pod is not None else "ClusterFirst"
    policy = requested
    if policy == "ClusterFirst" and pod is not None and pod.host_network:
        policy = "Default"
    if policy == "ClusterFirstWithHostNet":
        policy = "ClusterFirst"
    extra = tuple(pod.dns_searches) if pod is not None else ()
    if policy == "ClusterFirst":
        ns = pod.namespace if pod is not None else namespace
        search: tuple[str, ...] = (f"{ns}.svc.{domain}", f"svc.{domain}", domain)
        search += tuple(s for s in extra if s not in search)
        return ResolvConf(policy, search, _ndots(pod, CLUSTER_NDOTS), True,
                          requested if requested != policy else "")
    if policy == "Default":
        return ResolvConf(policy, extra, _ndots(pod, LIBC_NDOTS), False, requested if requested != policy else "")
    nameservers = pod.dns_nameservers if pod is not None else ()
    return ResolvConf(policy, extra, _ndots(pod, LIBC_NDOTS), bool(nameservers) and nameservers[0] == CLUSTER_DNS_IP)


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Record:
    """One answer record: ``A`` (``value`` an IP), ``CNAME`` (``value`` a host) or ``SRV``
    (``value`` the target host, ``port``). ``pod`` is the Pod an A record or an SRV
    target stands for, when one does."""

    type: str
    name: str
    value: str
    port: int | None = None
    pod: Pod | None = None

    def text(self) -> str:
        if self.type == "SRV":
            return f"{self.name}. SRV {self.port} {self.value}."
        return f"{self.name}. {self.type} {self.value}"


@dataclass
class Answer:
    """What the cluster DNS has for one name: ``kind`` is ``service`` (a cluster IP),
    ``headless`` (ready Pod IPs), ``endpoint`` (one Pod behind a headless Service),
    ``pod`` (a Pod A record), ``cname`` (ExternalName), ``srv`` or ``empty`` (a
    headless Service without ready endpoints: NXDOMAIN, but the Service exists)."""

    kind: str
    records: list[Record] = field(default_factory=list)
    service: Service | None = None
    pod: Pod | None = None


@dataclass
class Lookup:
    """A name looked up from a Pod. ``kind``: ``hosts`` (the Pod's own /etc/hosts),
    ``literal`` (an IP address: nothing to look up), an :class:`Answer` kind,
    ``upstream`` (forwarded outside the cluster: not simulated), or ``nxdomain``. ``tried`` are the names asked, up to the one that
    answered (``fqdn``)."""

    name: str
    qtype: str
    conf: ResolvConf
    kind: str = "nxdomain"
    tried: list[str] = field(default_factory=list)
    fqdn: str | None = None
    records: list[Record] = field(default_factory=list)
    service: Service | None = None
    pod: Pod | None = None
    #: why there is no answer (NXDOMAIN), in learner terms
    why: Text | None = None
    #: the concrete change that would make it resolve, when it is clear
    suggestion: Text | None = None

    @property
    def nxdomain(self) -> bool:
        return self.kind in ("nxdomain", "empty")

    @property
    def addresses(self) -> list[str]:
        return [r.value for r in self.records if r.type == "A"]

    @property
    def lookups(self) -> int:
        """How many names the resolver asked (each one a query, and for A also AAAA)."""
        return len(self.tried)


def endpoint_hostname(pod: Pod, service: Service) -> str:
    """The DNS label of a headless Service's endpoint: the Pod's ``spec.hostname`` when
    its ``spec.subdomain`` names the Service (``ShouldSetHostname``), else CoreDNS's
    name made of the address (``10-244-1-7``)."""
    if pod.hostname and pod.subdomain == service.name and pod.namespace == service.namespace:
        return pod.hostname.lower()
    return (pod.ip or "").replace(".", "-")


def answer(cluster: Cluster, fqdn: str, qtype: str = "A") -> Answer | None:
    """The cluster DNS's answer for ``fqdn`` (a name in the cluster domain, without a
    trailing dot), or None when the name does not exist (NXDOMAIN)."""
    domain = cluster.domain
    name = fqdn.lower().rstrip(".")
    if not name.endswith("." + domain):
        return None
    labels = name[: -len(domain) - 1].split(".")
    if len(labels) == 5 and labels[4] == "svc" and _SRV_LABEL.match(labels[0]) and _SRV_LABEL.match(labels[1]):
        return _srv(cluster, labels[0][1:], labels[1][1:], labels[2], labels[3], qtype)
    if qtype == "SRV":
        return None
    if len(labels) == 3 and labels[2] == "svc":
        return _service(cluster, labels[0], labels[1])
    if len(labels) == 4 and labels[3] == "svc":
        return _endpoint(cluster, labels[0], labels[1], labels[2])
    if len(labels) == 3 and labels[2] == "pod":
        match = _POD_RECORD.match(labels[0])
        if match is None or any(int(g) > 255 for g in match.groups()) or labels[1] not in cluster.namespaces():
            return None
        ip = ".".join(str(int(g)) for g in match.groups())
        return Answer("pod", [Record("A", name, ip, pod=cluster.pod_by_ip(ip))], pod=cluster.pod_by_ip(ip))
    return None


def _find_service(cluster: Cluster, name: str, namespace: str) -> Service | None:
    return next((s for s in cluster.services if s.name.lower() == name and s.namespace.lower() == namespace), None)


def _service(cluster: Cluster, name: str, namespace: str) -> Answer | None:
    service = _find_service(cluster, name, namespace)
    if service is None:
        return None
    fqdn = f"{service.name}.{service.namespace}.svc.{cluster.domain}"
    if service.type == "ExternalName":
        target = service.external_name.rstrip(".")
        return Answer("cname", [Record("CNAME", fqdn, target)], service)
    if service.headless:
        ready = [p for p in select(service, cluster, others=False).ready if p.ip]
        if not ready:
            return Answer("empty", [], service)
        return Answer("headless", [Record("A", fqdn, str(p.ip), pod=p) for p in ready], service)
    return Answer("service", [Record("A", fqdn, service.cluster_ip)], service)


def _endpoint(cluster: Cluster, host: str, name: str, namespace: str) -> Answer | None:
    service = _find_service(cluster, name, namespace)
    if service is None or not service.headless or service.type == "ExternalName":
        return None
    fqdn = f"{host}.{service.name}.{service.namespace}.svc.{cluster.domain}"
    found = [p for p in select(service, cluster, others=False).ready
             if p.ip and endpoint_hostname(p, service) == host]
    if not found:
        return None
    return Answer("endpoint", [Record("A", fqdn, str(p.ip), pod=p) for p in found], service, found[0])


def _srv(cluster: Cluster, port_name: str, protocol: str, name: str, namespace: str, qtype: str) -> Answer | None:
    service = _find_service(cluster, name, namespace)
    if service is None or service.type == "ExternalName":
        return None
    ports = [sp for sp in service.ports if sp.name and sp.name.lower() == port_name
             and sp.protocol.lower() == protocol]
    if not ports:
        return None
    domain = cluster.domain
    base = f"{service.name}.{service.namespace}.svc.{domain}"
    query = f"_{port_name}._{protocol}.{base}"
    if not service.headless:
        if qtype != "SRV":
            return Answer("service", [Record("A", query, service.cluster_ip)], service)
        return Answer("srv", [Record("SRV", query, base, sp.port) for sp in ports], service)
    records: list[Record] = []
    for pod in select(service, cluster, others=False).ready:
        if not pod.ip:
            continue
        for sp in ports:
            target = find_port(pod, sp)
            if target.port is None:
                continue  # the port's name does not resolve on this Pod: no endpoint port
            if qtype == "SRV":
                host = f"{endpoint_hostname(pod, service)}.{base}"
                records.append(Record("SRV", query, host, target.port, pod))
            else:
                records.append(Record("A", query, pod.ip, pod=pod))
    if not records:
        return Answer("empty", [], service)
    return Answer("srv" if qtype == "SRV" else "headless", records, service)


# --------------------------------------------------------------------------- looking up
def _own_names(pod: Pod, domain: str) -> set[str]:
    """The names the kubelet writes into the Pod's /etc/hosts for the Pod itself."""
    host = (pod.hostname or pod.name)[:63].rstrip("-.")
    names = {host}
    if pod.subdomain:
        names.add(f"{host}.{pod.subdomain}.{pod.namespace}.svc.{domain}")
    return names


def in_cluster_domain(cluster: Cluster, name: str) -> bool:
    """Whether a name is one the cluster DNS would own once completed, so that no public
    DNS server knows it: a single label, ``<x>.<namespace>``, ``<host>.<service>``,
    ``...svc``, an SRV name (``_port._proto...``), or a name in the cluster domain."""
    domain = cluster.domain
    name = name.rstrip(".")
    parts = name.split(".")
    namespaces = set(cluster.namespaces())
    return (name == domain or name.endswith("." + domain) or "." not in name or name.startswith("_")
            or any(p in namespaces for p in parts[1:]) or name.endswith(".svc")
            or any(s.name == parts[1] for s in cluster.services))


def lookup(cluster: Cluster, pod: Pod | None, namespace: str, name: str, qtype: str = "A") -> Lookup:
    """Look ``name`` up as ``pod`` does (None: a new Pod in ``namespace``). Never raises."""
    domain = cluster.domain
    conf = resolv_conf(pod, namespace, domain)
    query = name.strip().lower()
    result = Lookup(name=query.rstrip("."), qtype=qtype, conf=conf)
    if not query or query == ".":
        result.why = Text(N_("the name is empty"))
        return result
    if _IPV4.match(query.rstrip(".")) and qtype == "A":  # an address is not looked up at all
        result.kind = "literal"
        address = query.rstrip(".")
        result.records = [Record("A", address, address, pod=cluster.pod_by_ip(address))]
        return result
    # 1. the Pod's own /etc/hosts (hosts: files dns)
    if pod is not None and qtype == "A" and query.rstrip(".") in _own_names(pod, domain):
        result.kind, result.pod = "hosts", pod
        result.records = [Record("A", query.rstrip("."), str(pod.ip), pod=pod)] if pod.ip else []
        return result
    # 2. the search list and ndots, each name asked in turn
    for fqdn in conf.candidates(query):
        result.tried.append(fqdn)
        in_zone = fqdn == domain or fqdn.endswith("." + domain)
        if not in_zone:
            if in_cluster_domain(cluster, fqdn):
                continue  # a cluster-looking name no public DNS knows: NXDOMAIN upstream too
            # forwarded upstream (CoreDNS's forward plugin, or the node's resolver): an
            # answer from outside the simulation
            result.kind, result.fqdn = "upstream", fqdn
            return result
        if not conf.cluster_dns:
            continue  # the node's DNS does not know the cluster's names: NXDOMAIN
        found = answer(cluster, fqdn, qtype)
        if found is None:
            continue
        result.fqdn = fqdn
        result.kind, result.records, result.service, result.pod = found.kind, found.records, found.service, found.pod
        if found.kind == "empty":
            result.why = Text(N_("Service {service} is headless and has no ready endpoints, so its name has no "
                                 "records"), service=found.service.name if found.service else "?")
        return result
    result.why = nxdomain_reason(cluster, pod, namespace, query.rstrip("."), conf, qtype)
    result.suggestion = _suggestion(cluster, pod, namespace, query.rstrip("."), conf)
    return result


def _suggestion(cluster: Cluster, pod: Pod | None, namespace: str, name: str, conf: ResolvConf) -> Text | None:
    """The concrete change that makes a failed lookup work, when it is clear."""
    if not conf.cluster_dns and conf.policy == "Default" and conf.requested == "ClusterFirst":
        return Text(N_("Set dnsPolicy: ClusterFirstWithHostNet on the Pod."))
    parts = name.split(".")
    client_ns = pod.namespace if pod is not None else namespace
    if conf.cluster_dns and len(parts) == 1:
        elsewhere = sorted(s.namespace for s in cluster.services if s.name == name and s.namespace != client_ns)
        if elsewhere:
            return Text(N_("Write the Service's namespace after its name: {name}.{namespace}."), name=name,
                        namespace=elsewhere[0])
    return None


def nxdomain_reason(cluster: Cluster, pod: Pod | None, namespace: str, name: str, conf: ResolvConf,
                    qtype: str = "A") -> Text:
    """Why ``name`` does not exist for this Pod, in learner terms."""
    if not conf.cluster_dns:
        if conf.policy == "Default" and conf.requested == "ClusterFirst":
            return Text(N_("the Pod uses its node's network (hostNetwork) with dnsPolicy ClusterFirst, so it gets "
                           "the node's resolver, which knows nothing of the cluster's names"))
        return Text(N_("with dnsPolicy {policy} the Pod asks the node's DNS servers, which know nothing of the "
                       "cluster's names"), policy=conf.policy)
    parts = name.split(".")
    if qtype == "SRV":
        if len(parts) >= 3 and parts[0].startswith("_") and parts[1].startswith("_"):
            service = _find_service(cluster, parts[2], parts[3] if len(parts) > 3 and parts[3] != "svc"
                                    else (pod.namespace if pod is not None else namespace))
            if service is not None:
                if service.type == "ExternalName":
                    return Text(N_("an ExternalName Service has no SRV records"))
                named = [sp.name for sp in service.ports if sp.name]
                if not named:
                    return Text(N_("Service {service} has no named port, and only named ports get SRV records"),
                                service=service.name)
                return Text(N_("Service {service} has no port named {port} with protocol {protocol} (its named "
                               "ports: {ports})"), service=service.name, port=parts[0][1:],
                            protocol=parts[1][1:].upper(), ports=", ".join(named))
        return Text(N_("an SRV name has the form _<port name>._<protocol>.<service>.<namespace>.svc.<domain>"))
    client_ns = pod.namespace if pod is not None else namespace
    if len(parts) == 1:
        elsewhere = sorted(s.namespace for s in cluster.services if s.name == name and s.namespace != client_ns)
        if elsewhere:
            return Text(N_("a short name is completed with the client's own namespace {namespace}, which has no "
                           "Service {name}; the Service {name} is in namespace {other}"),
                        namespace=client_ns, name=name, other=elsewhere[0])
        if pod is not None and any(c.name == name for c in pod.containers):
            return Text(N_("{name} is a container of this Pod, and container names are not host names"), name=name)
        if any(p.name == name for p in cluster.pods):
            return Text(N_("{name} is a Pod's name, and a Pod's name is not a DNS name"), name=name)
        return Text(N_("there is no Service {name} in namespace {namespace}"), name=name, namespace=client_ns)
    namespaces = cluster.namespaces()
    # <host>.<service>[.<namespace>...]: a per-Pod name behind a Service
    host_ns = parts[2] if len(parts) >= 3 and parts[2] in namespaces else client_ns
    behind = _find_service(cluster, parts[1], host_ns) if parts[1] not in namespaces else None
    if behind is not None and (len(parts) == 2 or parts[2] in namespaces):
        if not behind.headless:
            return Text(N_("Service {service} has a cluster IP; per-Pod names like {name} exist only behind a "
                           "headless Service (clusterIP: None)"), service=behind.name, name=name)
        ready = [p for p in select(behind, cluster, others=False).ready if p.ip]
        member = next((p for p in ready if p.name == parts[0] or p.hostname == parts[0]), None)
        if member is not None and member.hostname and member.subdomain and member.subdomain != behind.name:
            return Text(N_("Pod {pod} has spec.subdomain {subdomain}, so its own name exists only under the headless "
                           "Service {subdomain}, not under {service}"), pod=member.name, subdomain=member.subdomain,
                        service=behind.name)
        hosts = sorted(f"{endpoint_hostname(p, behind)} ({p.name})" if endpoint_hostname(p, behind) != p.name
                       else p.name for p in ready)
        return Text(N_("no ready endpoint of headless Service {service} has the hostname {host} (its endpoints: "
                       "{hosts}); a Pod gets its own name when its spec.hostname is set and its spec.subdomain "
                       "is the Service's name"), service=behind.name, host=parts[0], hosts=", ".join(hosts) or "-")
    if len(parts) >= 3 and parts[2] == "pod":
        return Text(N_("a Pod A record is the Pod's IP with dashes, then its namespace: "
                       "10-244-1-7.<namespace>.pod.{domain}"), domain=cluster.domain)
    svc, ns = parts[0], parts[1]
    if ns not in namespaces:
        return Text(N_("there is no namespace {namespace}"), namespace=ns)
    elsewhere = sorted(s.namespace for s in cluster.services if s.name == svc)
    if elsewhere:
        return Text(N_("there is no Service {name} in namespace {namespace}; it is in namespace {other}"),
                    name=svc, namespace=ns, other=elsewhere[0])
    return Text(N_("there is no Service {name} in namespace {namespace}"), name=svc, namespace=ns)
