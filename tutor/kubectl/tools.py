"""The programs learners run in a container (``kubectl exec POD -- ...``) or on their own
machine: curl 8, busybox 1.36 ``wget``/``nslookup``/``nc``, bind ``dig``/``nslookup``,
glibc ``getent hosts``, ``cat /etc/resolv.conf``/``/etc/hosts``, ``hostname``.

They print what the real tools print. What happens on the network is the engine's
business: names are resolved like CoreDNS and the Pod's resolver do it (search list of
the Pod's namespace, ``ndots:5``), connections are followed by
:func:`tutor.k8s.trace.trace`, and whether a process answers is the one listening rule,
:meth:`tutor.k8s.model.Pod.listener`: nothing listening means *connection refused*.

How a failure looks (iptables kube-proxy): no ready endpoint, a targetPort that resolves
nowhere, or nothing listening on the Pod's port: refused at once; a port the Service
does not define, an address nobody has, a dropped packet: a timeout. NetworkPolicies
(the engine's trace decides) drop packets: a denied connection times out, and a Pod
whose egress policies do not allow DNS gets no answer from the cluster DNS server, so
every lookup times out (curl and wget cannot resolve the name, nslookup and dig report
that no server could be reached). Names outside the
cluster go to the upstream DNS, which the simulation does not have (``SERVFAIL``; the
cluster has no Internet).

The simulated servers answer HTTP: nginx images serve nginx's welcome page (its 404 page
for other paths), httpd images "It works!", and any other container answers with the
name of its Pod (like ``agnhost netexec``'s ``/hostname``), so you can see which Pod
answered.
"""

from __future__ import annotations

import ipaddress
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from tutor.i18n import N_, Text
from tutor.k8s.model import Container, Pod
from tutor.kubectl.clock import date_unix
from tutor.kubectl.world import DNS_SERVICE_IP, KUBERNETES_SERVICE_IP, World, stable_hex

NGINX_WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
NGINX_404 = """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>{server}</center>
</body>
</html>
"""
HTTPD_BODY = "<html><body><h1>It works!</h1></body></html>\n"
API_FORBIDDEN = """{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",
  "reason": "Forbidden",
  "details": {},
  "code": 403
}"""
CURL_HEADER = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
               "                                 Dload  Upload   Total   Spent    Left  Speed\n")
CURL_SSL_60 = ("curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
               "More details here: https://curl.se/docs/sslcerts.html\n\n"
               "curl failed to verify the legitimacy of the server and therefore could not\n"
               "establish a secure connection to it. To learn more about this situation and\n"
               "how to fix it, please visit the webpage mentioned above.\n")
#: how long the kernel tries a connection whose packets are dropped (tcp_syn_retries=6)
KERNEL_CONNECT_TIMEOUT_MS = 134203
DOMAIN = "cluster.local"


@dataclass
class Output:
    stdout: str = ""
    stderr: str = ""
    code: int = 0
    explanation: Text | None = None
    #: stderr written before stdout (a progress meter's head, wget's "Connecting to")
    stderr_first: str = ""

    def chunks(self) -> list[tuple[str, str]]:
        out = [("stderr", self.stderr_first), ("stdout", self.stdout), ("stderr", self.stderr)]
        return [(stream, text) for stream, text in out if text]


@dataclass
class Forward:
    """A ``kubectl port-forward`` running in the background."""

    local: int
    pod: str
    namespace: str
    port: int


@dataclass
class Context:
    """Where a program runs: a container of a Pod, or the learner's machine (``pod=None``)."""

    world: World
    now: datetime
    pod: Pod | None = None
    container: str | None = None
    image: str = ""
    forwards: dict[int, Forward] = field(default_factory=dict)
    #: port-forwards that carried a connection in this command ("Handling connection for")
    handled: list[int] = field(default_factory=list)

    @property
    def external(self) -> bool:
        return self.pod is None


# --------------------------------------------------------------------------- images
_BUSYBOX_TOOLS = {"wget", "nslookup", "nc", "cat", "hostname", "sh", "echo", "ping", "env", "printenv", "ls"}
_DEBIAN_TOOLS = {"cat", "hostname", "sh", "bash", "echo", "env", "printenv", "getent", "ls"}


def tools_of(image: str) -> tuple[set[str] | None, str]:
    """(the programs an image has, or None for "assume everything"; the nslookup flavour)."""
    name = image.split("@", 1)[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image.split("@", 1)[0]
    short = name.rsplit("/", 1)[-1]
    if short in ("busybox", "alpine"):
        return set(_BUSYBOX_TOOLS), "busybox"
    if name.endswith("curlimages/curl") or short == "curl":
        return _BUSYBOX_TOOLS | {"curl"}, "busybox"
    if short in ("netshoot", "dnsutils", "jessie-dnsutils", "dnsutils-debian", "agnhost"):
        return None, "bind"
    if short == "nginx-prometheus-exporter":  # built FROM scratch: no programs but its own
        return set(), "busybox"
    if short in ("nginx", "nginx-unprivileged"):
        if "alpine" in image:
            return _BUSYBOX_TOOLS | {"curl"}, "busybox"
        return _DEBIAN_TOOLS | {"curl"}, "busybox"
    if short == "httpd":
        return set(_DEBIAN_TOOLS), "busybox"
    return None, "busybox"


# --------------------------------------------------------------------------- DNS
@dataclass
class Answer:
    rcode: str  # NOERROR, NXDOMAIN, SERVFAIL
    a: list[str] = field(default_factory=list)
    cname: str | None = None
    authoritative: bool = True
    #: SRV records: (priority, weight, port, target) as CoreDNS serves them
    srv: list[tuple[int, int, int, str]] = field(default_factory=list)


def _engine_answer(world: World, fqdn: str, qtype: str) -> Answer | None:
    """SRV records and per-Pod names from the engine's cluster DNS (``tutor.k8s.dns``):
    the same records the lessons' traces and goals use. None: another kind of name."""
    from tutor.k8s.dns import answer

    labels = fqdn[: -len(DOMAIN) - 1].split(".") if fqdn.endswith("." + DOMAIN) else []
    if qtype != "SRV" and not (len(labels) == 4 and labels[3] == "svc"):
        return None
    found = answer(world.cluster, fqdn, qtype)
    if found is None or found.kind == "empty":
        return Answer("NXDOMAIN")
    if qtype == "SRV":
        records = [r for r in found.records if r.type == "SRV"]
        weight = 100 // max(len(records), 1)  # CoreDNS shares 100 among the records of one priority
        return Answer("NOERROR", srv=[(0, weight, r.port or 0, r.value) for r in records])
    return Answer("NOERROR", [r.value for r in found.records if r.type == "A"] if qtype == "A" else [])


def _in_cluster_zone(fqdn: str) -> bool:
    return fqdn == DOMAIN or fqdn.endswith("." + DOMAIN)


def dns_answer(world: World, name: str, qtype: str = "A") -> Answer:
    """What CoreDNS answers for ``name`` (absolute, without the trailing dot)."""
    from tutor.k8s.selection import select
    from tutor.k8s.trace import host_name

    fqdn = name.rstrip(".").lower()
    cluster = world.cluster
    if _in_cluster_zone(fqdn):
        engine = _engine_answer(world, fqdn, qtype)
        if engine is not None:
            return engine
    if not _in_cluster_zone(fqdn):
        last = fqdn.rsplit(".", 1)[-1]
        if "." not in fqdn or last in world.namespaces() or last in ("svc", "cluster", "local", "pod"):
            return Answer("NXDOMAIN", authoritative=False)
        return Answer("SERVFAIL", authoritative=False)
    labels = fqdn[: -len(DOMAIN) - 1].split(".") if fqdn != DOMAIN else []
    if len(labels) == 3 and labels[2] == "svc":
        svc = cluster.service(labels[0], labels[1])
        if svc is None:
            if (labels[0], labels[1]) == ("kubernetes", "default") and world.system_services():
                return Answer("NOERROR", [KUBERNETES_SERVICE_IP] if qtype == "A" else [])
            return Answer("NXDOMAIN")
        if svc.type == "ExternalName":
            target = svc.external_name.rstrip(".").lower()
            inner = dns_answer(world, target, qtype) if _in_cluster_zone(target) else Answer("NOERROR")
            return Answer("NOERROR", inner.a, cname=target)
        if qtype != "A":
            return Answer("NOERROR")
        if svc.headless:
            selection = select(svc, cluster, others=False)
            return Answer("NOERROR", [p.ip for p in selection.ready if p.ip])
        return Answer("NOERROR", [svc.cluster_ip])
    if len(labels) == 4 and labels[3] == "svc":
        svc = cluster.service(labels[1], labels[2])
        if svc is not None and svc.headless:
            for pod in select(svc, cluster, others=False).ready:
                if pod.subdomain == svc.name and host_name(pod) == labels[0] and pod.ip:
                    return Answer("NOERROR", [pod.ip] if qtype == "A" else [])
        return Answer("NXDOMAIN")
    if len(labels) == 3 and labels[2] == "pod":
        parts = labels[0].split("-")
        if len(parts) == 4 and all(p.isdigit() and int(p) <= 255 for p in parts):
            return Answer("NOERROR", [".".join(parts)] if qtype == "A" else [])
        return Answer("NXDOMAIN")
    return Answer("NXDOMAIN")


def dns_blocked(ctx: Context) -> Text | None:
    """Why the context's Pod gets no DNS answers (NetworkPolicy drops its queries to the
    cluster DNS server), or None when its lookups go through."""
    if ctx.pod is None:
        return None
    from tutor.k8s.netpol.engine import ProbeError
    from tutor.k8s.trace import policy_network

    net = policy_network(ctx.world.cluster)
    if net is None:
        return None
    try:
        verdict = net.dns_verdict(ctx.pod, "UDP")
    except ProbeError:
        return None
    if verdict.allowed:
        return None
    return Text(N_("NetworkPolicy drops the DNS queries of this Pod to the cluster DNS server (port 53/UDP), so "
                   "every lookup times out: {reason}"), reason=verdict.reason)


#: what bind's nslookup and dig print when no DNS server answers (three tries)
_BIND_TIMED_OUT = f";; communications error to {DNS_SERVICE_IP}#53: timed out\n" * 3


def search_list(namespace: str) -> list[str]:
    return [f"{namespace}.svc.{DOMAIN}", f"svc.{DOMAIN}", DOMAIN]


@dataclass
class Resolved:
    ok: bool
    ips: list[str] = field(default_factory=list)
    fqdn: str = ""
    rcode: str = "NXDOMAIN"


def resolve(ctx: Context, host: str) -> Resolved:
    """The Pod's resolver (``/etc/hosts``, then DNS with the search list and ``ndots`` of
    its ``dnsPolicy``/``dnsConfig``: ``tutor.k8s.dns.resolv_conf``), as glibc and musl do
    it for curl, wget and getent."""
    name = host.lower()
    try:
        ipaddress.IPv4Address(name)
        return Resolved(True, [name], name, "NOERROR")
    except ValueError:
        pass
    if name in ("localhost", "localhost.localdomain"):
        return Resolved(True, ["127.0.0.1"], "localhost", "NOERROR")
    pod = ctx.pod
    if pod is None:
        return Resolved(False, rcode="NXDOMAIN" if _looks_internal(ctx.world, name) else "SERVFAIL")
    from tutor.k8s.trace import host_name

    own = {host_name(pod)}
    if pod.subdomain:
        own.add(f"{host_name(pod)}.{pod.subdomain}.{pod.namespace}.svc.{DOMAIN}")
    if name in own and pod.ip:
        return Resolved(True, [pod.ip], name, "NOERROR")
    if dns_blocked(ctx) is not None:
        return Resolved(False, rcode="TIMEOUT")
    from tutor.k8s.dns import resolv_conf

    conf = resolv_conf(pod, pod.namespace, DOMAIN)  # dnsPolicy, dnsConfig: search list and ndots
    tried = conf.candidates(name)
    last = "NXDOMAIN"
    for fqdn in tried:
        if not conf.cluster_dns and _in_cluster_zone(fqdn):
            continue  # the node's resolver knows no cluster names
        answer = dns_answer(ctx.world, fqdn)
        if answer.rcode == "NOERROR" and (answer.a or answer.cname):
            if answer.a:
                return Resolved(True, answer.a, fqdn, "NOERROR")
            if answer.cname and not _in_cluster_zone(answer.cname):
                return Resolved(False, rcode="SERVFAIL")
            return Resolved(False, rcode="NOERROR")
        if answer.rcode == "SERVFAIL":
            last = "SERVFAIL"
    return Resolved(False, rcode=last)


def _looks_internal(world: World, name: str) -> bool:
    last = name.rstrip(".").rsplit(".", 1)[-1]
    return "." not in name.rstrip(".") or _in_cluster_zone(name.rstrip(".")) or last in world.namespaces() or \
        last in ("svc", "cluster", "local")


# --------------------------------------------------------------------------- connections
@dataclass
class Connection:
    outcome: str  # ok, refused, timeout, dns, api
    ip: str = ""
    port: int = 0
    pod: Pod | None = None
    container: Container | None = None
    why: Text | None = None
    dns_rcode: str = ""


def connect(ctx: Context, host: str, port: int) -> Connection:
    """Open a TCP connection to ``host:port`` from the context's Pod (or machine)."""
    from tutor.k8s.trace import Source, trace

    world = ctx.world
    lowered = host.lower()
    loopback = lowered in ("localhost", "localhost.localdomain") or lowered.startswith("127.")
    if ctx.external and loopback:
        forward = ctx.forwards.get(port)
        if forward is None:
            return Connection("refused", "127.0.0.1", port, why=Text(N_(
                "nothing listens on port {port} of your machine: start kubectl port-forward first"), port=port))
        ctx.handled.append(port)
        pod = world.cluster.pod(forward.pod, forward.namespace)
        if pod is None:
            return Connection("refused", "127.0.0.1", port)
        listener = pod.listener(forward.port, "TCP")
        if listener is None:
            return Connection("refused", "127.0.0.1", port, pod=pod, why=Text(N_(
                "port-forward reached Pod {pod}, but nothing listens on its port {target}"), pod=pod.name,
                target=forward.port))
        return Connection("ok", "127.0.0.1", port, pod=pod, container=listener, why=Text(N_(
            "port-forward carries the connection straight to Pod {pod} port {target} (no Service, no kube-proxy)"),
            pod=pod.name, target=forward.port))
    ip = lowered
    if not loopback:
        resolved = resolve(ctx, lowered)
        if not resolved.ok:
            why: Text | None
            if ctx.external and _looks_internal(world, lowered):
                why = Text(N_("your machine is outside the cluster: it cannot use the cluster's DNS, so {name} "
                              "means nothing to it (use a node IP and nodePort, or kubectl port-forward)"),
                           name=host)
            elif resolved.rcode == "TIMEOUT":
                why = dns_blocked(ctx)
            elif resolved.rcode == "SERVFAIL":
                why = Text(N_("{name} is not a name inside the cluster, and the simulated cluster has no "
                              "Internet to look it up"), name=host)
            elif ctx.pod is not None:
                source = Source(pod=ctx.pod.name, namespace=ctx.pod.namespace, container=ctx.container)
                why = trace(world.cluster, source, f"{lowered}:{port}").failure_text
            else:
                why = None
            return Connection("dns", why=why, dns_rcode=resolved.rcode)
        ip = resolved.ips[0]
    if ip == KUBERNETES_SERVICE_IP and world.system_services() and not ctx.external:
        return Connection("api" if port == 443 else "timeout", ip, port)
    source = Source(external=True) if ctx.pod is None else Source(pod=ctx.pod.name, namespace=ctx.pod.namespace,
                                                                    container=ctx.container)
    destination = f"localhost:{port}" if loopback else f"{ip}:{port}"
    if not loopback and lowered != ip and ctx.pod is not None:
        destination = f"{lowered}:{port}"
    t = trace(world.cluster, source, destination)
    if t.pod is not None and t.port is not None and t.failure in (None, "not_listening"):
        listener = t.pod.listener(t.port, "TCP")
        if listener is None:
            why = t.failure_text if t.failure == "not_listening" else Text(N_(
                "nothing listens on port {port} in Pod {pod}"), port=t.port, pod=t.pod.name)
            return Connection("refused", ip, port, pod=t.pod, why=why)
        why = Text(N_("connected to Pod {pod} port {port} (container {container})"), pod=t.pod.name, port=t.port,
                   container=listener.name)
        return Connection("ok", ip, port, pod=t.pod, container=listener, why=why)
    code = t.failure or ""
    if code in ("nxdomain", "outside_cluster"):
        return Connection("dns", why=t.failure_text, dns_rcode="NXDOMAIN")
    if code in ("no_endpoints", "not_ready", "target_unresolved", "not_listening"):
        return Connection("refused", ip, port, why=t.failure_text)
    if code == "port_not_exposed" and t.hops and t.hops[-1].kind == "nodeport":
        return Connection("refused", ip, port, why=t.failure_text)
    if t.ok:  # an ExternalName pointing outside the simulation
        return Connection("dns", why=t.failure_text, dns_rcode="SERVFAIL")
    return Connection("timeout", ip, port, why=t.failure_text)


# --------------------------------------------------------------------------- HTTP
@dataclass
class Response:
    status: int
    reason: str
    body: str
    headers: list[tuple[str, str]]


def _server_name(image: str) -> str:
    tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
    version = tag.split("-", 1)[0]
    if version.count(".") == 2 and all(p.isdigit() for p in version.split(".")):
        return f"nginx/{version}"
    return "nginx"


def http_response(ctx: Context, conn: Connection, path: str, method: str = "GET") -> Response:
    pod = conn.pod
    container = conn.container
    image = ""
    if pod is not None and container is not None:
        spec = ctx.world.pod_info(pod).spec
        for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
            if isinstance(c, dict) and c.get("name") == container.name:
                image = str(c.get("image") or "")
    date = ctx.now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    short = image.split("@", 1)[0].rsplit("/", 1)[-1]
    repository = short.split(":", 1)[0]
    if repository in ("nginx", "nginx-unprivileged"):  # (not nginx-prometheus-exporter: it is no nginx)
        server = _server_name(image)
        if path in ("/", "/index.html"):
            body, status, reason = NGINX_WELCOME, 200, "OK"
        else:
            body, status, reason = NGINX_404.format(server=server), 404, "Not Found"
        headers = [("Server", server), ("Date", date), ("Content-Type", "text/html"),
                   ("Content-Length", str(len(body.encode())))]
        if status == 200:
            headers += [("Last-Modified", "Wed, 16 Apr 2025 12:01:11 GMT"), ("Connection", "keep-alive"),
                        ("ETag", '"67ff9c07-267"'), ("Accept-Ranges", "bytes")]
        else:
            headers.append(("Connection", "keep-alive"))
        return Response(status, reason, body, headers)
    if short.startswith("httpd"):
        body = HTTPD_BODY
        return Response(200, "OK", body, [("Date", date), ("Server", "Apache/2.4.63 (Unix)"),
                                          ("Content-Length", str(len(body))), ("Content-Type", "text/html")])
    body = (pod.name if pod is not None else "") + "\n"
    return Response(200, "OK", body, [("Content-Type", "text/plain; charset=utf-8"), ("Date", date),
                                      ("Content-Length", str(len(body.encode())))])


# --------------------------------------------------------------------------- curl
def _max5(n: int) -> str:
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * 1024:
        return f"{n // 1024:4d}k"
    if n < 100 * 1024 * 1024:
        return f"{n / (1024 * 1024):4.1f}M"
    return f"{n // (1024 * 1024):4d}M"


def _curl_meter(size: int, spent_ms: int, done: bool) -> str:
    pct = 100 if done and size else 0
    got = size if done else 0
    speed = got * 1000 // max(spent_ms, 1) if done else 0
    spent = "--:--:--"
    if spent_ms >= 1000:
        s = spent_ms // 1000
        spent = f"{s // 3600:2d}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return (f"{pct:3d} {_max5(size if done else 0)}  {pct:3d} {_max5(got)}    0 {_max5(0)}  "
            f"{_max5(speed)}  {_max5(0)} --:--:-- {spent} --:--:-- {_max5(speed)}\n")


def _curl_usage(option: str) -> Output:
    return Output(stderr=f"curl: option {option}: is unknown\n"
                         "curl: try 'curl --help' or 'curl --manual' for more information\n", code=2)


def curl(ctx: Context, args: list[str]) -> Output:
    silent = show_error = fail = head = include = verbose = insecure = False
    write_out: str | None = None
    output: str | None = None
    timeout: float | None = None
    connect_timeout: float | None = None
    url: str | None = None
    i = 0
    takes_value = {"-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-H", "--header",
                   "-X", "--request", "-d", "--data", "-A", "--user-agent", "--retry", "-u", "--user", "-e"}
    while i < len(args):
        a = args[i]
        value: str | None = None
        if a.startswith("--") and "=" in a and a.split("=", 1)[0] in takes_value:
            a, value = a.split("=", 1)
        if a in takes_value:
            if value is None:
                i += 1
                if i >= len(args):
                    return Output(stderr=f"curl: option {a}: requires parameter\n"
                                         "curl: try 'curl --help' or 'curl --manual' for more information\n",
                                  code=2)
                value = args[i]
            if a in ("-o", "--output"):
                output = value
            elif a in ("-w", "--write-out"):
                write_out = value
            elif a in ("-m", "--max-time"):
                timeout = _float(value)
            elif a == "--connect-timeout":
                connect_timeout = _float(value)
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            for j, flag in enumerate(a[1:]):
                if flag == "s":
                    silent = True
                elif flag == "S":
                    show_error = True
                elif flag == "f":
                    fail = True
                elif flag == "I":
                    head = True
                elif flag == "i":
                    include = True
                elif flag == "v":
                    verbose = True
                elif flag == "k":
                    insecure = True
                elif flag in ("L", "4", "q", "N"):
                    pass
                elif flag in "owmHXdAue" and j == len(a) - 2:
                    i += 1
                    if i >= len(args):
                        return _curl_usage(f"-{flag}")
                    val = args[i]
                    if flag == "o":
                        output = val
                    elif flag == "w":
                        write_out = val
                    elif flag == "m":
                        timeout = _float(val)
                else:
                    return _curl_usage(a)
        elif a in ("--silent",):
            silent = True
        elif a in ("--show-error",):
            show_error = True
        elif a in ("--fail",):
            fail = True
        elif a in ("--head",):
            head = True
        elif a in ("--include",):
            include = True
        elif a in ("--verbose",):
            verbose = True
        elif a in ("--insecure",):
            insecure = True
        elif a in ("--location", "-4", "--ipv4", "--compressed", "--no-progress-meter"):
            if a == "--no-progress-meter":
                silent = silent or False
        elif a.startswith("-") and a != "-":
            return _curl_usage(a)
        else:
            url = a
        i += 1
    if url is None:
        return Output(stderr="curl: no URL specified\n"
                             "curl: try 'curl --help' or 'curl --manual' for more information\n", code=2)
    show_meter = not silent and output is None or (not silent and output is not None)
    show_errors = not silent or show_error
    target = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return Output(stderr="curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n"
                      if show_errors else "", code=3)
    if scheme not in ("http", "https"):
        return Output(stderr=f'curl: (1) Protocol "{scheme}" not supported\n' if show_errors else "", code=1)
    if not host:
        return Output(stderr="curl: (3) URL rejected: No host part in the URL\n" if show_errors else "", code=3)
    path = parts.path or "/"
    display_host = host
    conn = connect(ctx, host, port)
    meter_head = CURL_HEADER if show_meter and not verbose else ""
    if conn.outcome == "dns":
        limit = min(t for t in (timeout, connect_timeout) if t is not None) if (
            timeout is not None or connect_timeout is not None) else None
        if conn.dns_rcode == "TIMEOUT" and limit is not None:
            # no DNS answer at all (a policy drops the queries): curl's own limit comes first
            ms = int(limit * 1000) + 1
            meter = meter_head + (_curl_meter(0, ms, False) if meter_head else "")
            text = f"curl: (28) Resolving timed out after {ms} milliseconds\n"
            return Output(stderr=meter + (text if show_errors else ""), code=28, explanation=conn.why)
        text = f"curl: (6) Could not resolve host: {display_host}\n"
        meter = meter_head + (_curl_meter(0, 0, False) if meter_head else "")
        return Output(stderr=meter + (text if show_errors else ""), code=6, explanation=conn.why)
    if conn.outcome in ("refused", "timeout"):
        if conn.outcome == "refused":
            ms = 2
            text = f"curl: (7) Failed to connect to {display_host} port {port} after {ms} ms: " \
                   "Couldn't connect to server\n"
            code = 7
        else:
            limit = min(t for t in (timeout, connect_timeout) if t is not None) if (
                timeout is not None or connect_timeout is not None) else None
            if limit is not None:
                ms = int(limit * 1000) + 2
                text = f"curl: (28) Failed to connect to {display_host} port {port} after {ms} ms: " \
                       "Timeout was reached\n"
                code = 28
            else:
                # the kernel gives up first (ETIMEDOUT): curl reports CURLE_COULDNT_CONNECT
                ms = KERNEL_CONNECT_TIMEOUT_MS
                text = f"curl: (7) Failed to connect to {display_host} port {port} after {ms} ms: " \
                       "Couldn't connect to server\n"
                code = 7
        meter = meter_head + (_curl_meter(0, ms, False) if meter_head else "")
        verbose_text = f"*   Trying {conn.ip}:{port}...\n" if verbose else ""
        return Output(stderr=verbose_text + meter + (text if show_errors else ""), code=code,
                      explanation=conn.why)
    if conn.outcome == "api":
        if scheme == "https" and not insecure:
            return Output(stderr=meter_head + (_curl_meter(0, 0, False) if meter_head else "")
                          + (CURL_SSL_60 if show_errors else ""), code=60,
                          explanation=Text(N_("the kubernetes Service is the API server: it answers with TLS "
                                              "signed by the cluster's own CA")))
        body = API_FORBIDDEN if scheme == "https" else "Client sent an HTTP request to an HTTPS server.\n"
        status, reason = (403, "Forbidden") if scheme == "https" else (400, "Bad Request")
        response = Response(status, reason, body, [("Content-Type", "application/json")])
    else:
        if scheme == "https":
            text = "curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number\n"
            return Output(stderr=meter_head + (_curl_meter(0, 2, False) if meter_head else "")
                          + (text if show_errors else ""), code=35, explanation=conn.why)
        response = http_response(ctx, conn, path, "HEAD" if head else "GET")
    if fail and response.status >= 400:
        text = f"curl: (22) The requested URL returned error: {response.status}\n"
        return Output(stderr=meter_head + (_curl_meter(0, 2, False) if meter_head else "")
                      + (text if show_errors else ""), code=22, explanation=conn.why)
    head_text = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"
    body = "" if head else response.body
    stdout = ""
    if head or include:
        stdout += head_text
    stdout += body
    size = len(body.encode())
    if output is not None:
        stdout = ""
    if write_out is not None:
        stdout += _write_out(write_out, response, conn, port)
    stderr = ""
    if verbose:
        stderr = (f"* Host {host}:{port} was resolved.\n*   Trying {conn.ip}:{port}...\n"
                  f"* Connected to {host} ({conn.ip}) port {port}\n> {'HEAD' if head else 'GET'} {path} HTTP/1.1\n"
                  f"> Host: {host if port == 80 else f'{host}:{port}'}\n> User-Agent: curl/8.15.0\n> Accept: */*\n>\n"
                  + "".join(f"< {line}\n" for line in head_text.rstrip("\r\n").split("\r\n")) + "<\n"
                  + f"* Connection #0 to host {host} left intact\n")
        return Output(stdout=stdout, stderr=stderr, code=0, explanation=conn.why)
    if meter_head:
        return Output(stdout=stdout, stderr=_curl_meter(size, 1, True), stderr_first=meter_head,
                      explanation=conn.why)
    return Output(stdout=stdout, code=0, explanation=conn.why)


def _write_out(fmt: str, response: Response, conn: Connection, port: int) -> str:
    out = fmt.replace("\\n", "\n").replace("\\t", "\t")
    values = {"http_code": f"{response.status:03d}", "response_code": f"{response.status:03d}",
              "remote_ip": conn.ip, "remote_port": str(port), "size_download": str(len(response.body.encode())),
              "exitcode": "0", "time_total": "0.001523"}
    for key, value in values.items():
        out = out.replace("%{" + key + "}", value)
    return out


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- busybox wget
def wget(ctx: Context, args: list[str]) -> Output:
    quiet = spider = False
    output: str | None = None
    timeout: float | None = None
    url: str | None = None
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            name, _, value = a.partition("=")
            if name == "--quiet":
                quiet = True
            elif name == "--spider":
                spider = True
            elif name in ("--output-document", "--timeout"):
                if not value:
                    i += 1
                    value = args[i] if i < len(args) else ""
                if name == "--output-document":
                    output = value
                else:
                    timeout = _float(value)
            else:
                return Output(stderr=f"wget: unrecognized option '{a}'\n" + _WGET_USAGE, code=1)
        elif a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                flag = a[j]
                if flag == "q":
                    quiet = True
                elif flag in "OT":
                    option = a[j + 1:]
                    if not option:
                        i += 1
                        if i >= len(args):
                            return Output(stderr=f"wget: option requires an argument -- '{flag}'\n" + _WGET_USAGE,
                                          code=1)
                        option = args[i]
                    if flag == "O":
                        output = option
                    else:
                        timeout = _float(option)
                    break
                elif flag in "S":
                    pass
                else:
                    return Output(stderr=f"wget: invalid option -- '{flag}'\n" + _WGET_USAGE, code=1)
                j += 1
        else:
            url = a
        i += 1
    if url is None:
        return Output(stderr=_WGET_USAGE, code=1)
    target = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(target)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return Output(stderr=f"wget: bad port spec '{url}'\n", code=1)
    path = parts.path or "/"
    conn = connect(ctx, host, port)
    if conn.outcome == "dns":
        return Output(stderr=f"wget: bad address '{host}'\n", code=1, explanation=conn.why)
    connecting = "" if quiet else f"Connecting to {host} ({conn.ip}:{port})\n"
    if conn.outcome == "refused":
        return Output(stderr=connecting + f"wget: can't connect to remote host ({conn.ip}): Connection refused\n",
                      code=1, explanation=conn.why)
    if conn.outcome == "timeout":
        if timeout is not None:
            return Output(stderr=connecting + "wget: download timed out\n", code=1, explanation=conn.why)
        return Output(stderr=connecting + f"wget: can't connect to remote host ({conn.ip}): Connection timed out\n",
                      code=1, explanation=conn.why)
    if conn.outcome == "api" or parts.scheme == "https":
        return Output(stderr=connecting + "wget: error getting response: Connection reset by peer\n", code=1,
                      explanation=conn.why)
    response = http_response(ctx, conn, path)
    if response.status >= 400:
        return Output(stderr=connecting + f"wget: server returned error: HTTP/1.1 {response.status} "
                                          f"{response.reason}\n", code=1, explanation=conn.why)
    if spider:
        return Output(stderr=connecting + ("" if quiet else "remote file exists\n"), code=0, explanation=conn.why)
    to_stdout = output == "-"
    fname = output or (path.rstrip("/").rsplit("/", 1)[-1] if path.rstrip("/") else "index.html") or "index.html"
    size = len(response.body.encode())
    if quiet:
        return Output(stdout=response.body if to_stdout else "", code=0, explanation=conn.why)
    shown = "-" if to_stdout else fname
    # libbb/progress.c bb_progress_update, stderr not a terminal: 80 columns, no "\r"
    bar = f"{shown:<20.20} 100% |{'*' * 32}| {_ulltoa5(size)}  0:00:00 ETA\n"
    if to_stdout:
        return Output(stdout=response.body, stderr_first=connecting + "writing to stdout\n",
                      stderr=bar + "written to stdout\n", explanation=conn.why)
    return Output(stderr=connecting + f"saving to '{fname}'\n" + bar + f"'{fname}' saved\n", explanation=conn.why)


def _ulltoa5(n: int) -> str:
    """busybox ``smart_ulltoa5`` (5 characters: ``  615``, `` 12k``...)."""
    scale = " kMGTPEZY"
    idx = 0
    while n >= 100000:
        n //= 1024
        idx += 1
    return f"{n:5d}" if idx == 0 else f"{n:4d}{scale[idx]}"


_WGET_USAGE = ("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
               "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
               "\t[--post-data STR | --post-file FILE] [-Y on/off]\n"
               "\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\n"
               "Retrieve files via HTTP or FTP\n")


# --------------------------------------------------------------------------- busybox nc
def nc(ctx: Context, args: list[str]) -> Output:
    verbose = 0
    udp = False
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                flag = a[j]
                if flag == "v":
                    verbose += 1
                elif flag == "z":
                    pass  # only connect: the console never sends data, with or without -z
                elif flag == "u":
                    udp = True
                elif flag == "n":
                    pass
                elif flag == "w":  # the timeout changes nothing printed: skip its value
                    if j + 1 >= len(a):
                        i += 1
                    break
                else:
                    return Output(stderr=f"nc: invalid option -- '{flag}'\n", code=1)
                j += 1
        else:
            rest.append(a)
        i += 1
    if len(rest) < 2:
        return Output(stderr="BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                             "Usage: nc [OPTIONS] HOST PORT  - connect\n", code=1)
    host, port_text = rest[0], rest[1]
    try:
        port = int(port_text)
    except ValueError:
        return Output(stderr=f"nc: bad port '{port_text}'\n", code=1)
    conn = connect(ctx, host, port)
    if conn.outcome == "dns":
        return Output(stderr=f"nc: bad address '{host}'\n", code=1, explanation=conn.why)
    dotted = f"{conn.ip}:{port}"
    if conn.outcome in ("ok", "api") or udp:
        out = f"{host} ({dotted}) open\n" if verbose else ""
        return Output(stderr=out, code=0, explanation=conn.why)
    if conn.outcome == "refused":
        out = f"nc: {host} ({dotted}): Connection refused\n" if verbose > 1 else ""
        return Output(stderr=out, code=1, explanation=conn.why)
    out = f"nc: {host} ({dotted}): Connection timed out\n" if verbose else ""
    return Output(stderr=out, code=1, explanation=conn.why)


# --------------------------------------------------------------------------- nslookup
def nslookup(ctx: Context, args: list[str], flavour: str) -> Output:
    names = [a for a in args if not a.startswith("-")]
    if not names:
        return Output(stderr="BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                             "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n", code=1)
    name = names[0].lower()
    server = names[1] if len(names) > 1 else DNS_SERVICE_IP
    if ctx.pod is None:
        return Output(stdout=";; connection timed out; no servers could be reached\n\n", code=1)
    namespace = ctx.pod.namespace
    if server != DNS_SERVICE_IP:
        return Output(stdout=";; connection timed out; no servers could be reached\n\n", code=1,
                      explanation=Text(N_("only the cluster DNS at {ip} answers in the simulation"),
                                       ip=DNS_SERVICE_IP))
    blocked = dns_blocked(ctx)
    if blocked is not None:
        if flavour == "bind":
            return Output(stdout=_BIND_TIMED_OUT + ";; no servers could be reached\n\n", code=1,
                          explanation=blocked)
        return Output(stdout=";; connection timed out; no servers could be reached\n\n", code=1,
                      explanation=blocked)
    try:
        ipaddress.IPv4Address(name)
        is_ip = True
    except ValueError:
        is_ip = False
    qtype = next((a.split("=", 1)[1].upper() for a in args
                  if a.lower().startswith(("-type=", "-query=", "-q=", "-querytype="))), "A")
    if qtype == "SRV" and not is_ip:
        return _nslookup_srv(ctx, name, namespace, flavour)
    if flavour == "bind":
        return _nslookup_bind(ctx, name, is_ip, namespace)
    out = [f"Server:\t\t{DNS_SERVICE_IP}\n", f"Address:\t{DNS_SERVICE_IP}:53\n\n"]
    code = 0
    if is_ip:
        ptr = ".".join(reversed(name.split("."))) + ".in-addr.arpa"
        host = _ptr_name(ctx.world, name)
        if host:
            out.append(f"{ptr}\tname = {host}\n\n")
        else:
            out.append(f"** server can't find {ptr}: NXDOMAIN\n\n")
            code = 1
        return Output(stdout="".join(out), code=code)
    queries = [name] if "." in name.rstrip(".") or name.endswith(".") else [f"{name}.{s}"
                                                                            for s in search_list(namespace)]
    queries = [q.rstrip(".") for q in queries]
    for qtype in ("A", "AAAA"):
        for fqdn in queries:
            answer = dns_answer(ctx.world, fqdn, qtype)
            if answer.rcode != "NOERROR":
                out.append(f"** server can't find {fqdn}: {answer.rcode}\n\n")
                code = 1
                continue
            if not answer.authoritative:
                out.append("Non-authoritative answer:\n")
            if answer.cname:
                out.append(f"{fqdn}\tcanonical name = {answer.cname}\n")
            for ip in answer.a:
                out.append(f"Name:\t{answer.cname or fqdn}\nAddress: {ip}\n")
            out.append("\n")
    return Output(stdout="".join(out), code=code)


def _nslookup_srv(ctx: Context, name: str, namespace: str, flavour: str) -> Output:
    """``nslookup -type=srv``: the SRV records of a named Service port, through the
    search list like any name (busybox and bind print them alike, bind with final dots)."""
    bind = flavour == "bind"
    head = f"Server:\t\t{DNS_SERVICE_IP}\nAddress:\t{DNS_SERVICE_IP}{'#' if bind else ':'}53\n\n"
    if name.endswith("."):
        tried = [name.rstrip(".")]
    elif name.count(".") >= 5:
        tried = [name] + [f"{name}.{s}" for s in search_list(namespace)]
    else:
        tried = [f"{name}.{s}" for s in search_list(namespace)] + [name]
    dot = "." if bind else ""
    for fqdn in tried:
        answer = dns_answer(ctx.world, fqdn, "SRV")
        if answer.rcode == "NOERROR" and answer.srv:
            lines = [f"{fqdn}\tservice = {p} {w} {port} {target}{dot}\n" for p, w, port, target in answer.srv]
            return Output(stdout=head + "".join(lines) + "\n")
    return Output(stdout=head + f"** server can't find {name.rstrip('.')}: NXDOMAIN\n\n", code=1)


def _ptr_name(world: World, ip: str) -> str | None:
    svc = world.cluster.service_by_cluster_ip(ip)
    if svc is not None:
        return f"{svc.name}.{svc.namespace}.svc.{DOMAIN}"
    if ip == KUBERNETES_SERVICE_IP and world.system_services():
        return f"kubernetes.default.svc.{DOMAIN}"
    pod = world.cluster.pod_by_ip(ip)
    if pod is not None:
        return f"{ip.replace('.', '-')}.{pod.namespace}.pod.{DOMAIN}"
    return None


def _nslookup_bind(ctx: Context, name: str, is_ip: bool, namespace: str) -> Output:
    head = f"Server:\t\t{DNS_SERVICE_IP}\nAddress:\t{DNS_SERVICE_IP}#53\n\n"
    if is_ip:
        host = _ptr_name(ctx.world, name)
        ptr = ".".join(reversed(name.split("."))) + ".in-addr.arpa"
        if host:
            return Output(stdout=head + f"{ptr}\tname = {host}.\n\n")
        return Output(stdout=head + f"** server can't find {ptr}: NXDOMAIN\n\n", code=1)
    if name.endswith("."):
        tried = [name.rstrip(".")]
    elif name.count(".") >= 5:
        tried = [name] + [f"{name}.{s}" for s in search_list(namespace)]
    else:
        tried = [f"{name}.{s}" for s in search_list(namespace)] + [name]
    for fqdn in tried:
        answer = dns_answer(ctx.world, fqdn)
        if answer.rcode == "NOERROR" and (answer.a or answer.cname):
            out = [head]
            if not answer.authoritative:
                out.append("Non-authoritative answer:\n")
            if answer.cname:
                out.append(f"{fqdn}\tcanonical name = {answer.cname}.\n")
            for ip in answer.a:
                out.append(f"Name:\t{answer.cname or fqdn}\nAddress: {ip}\n")
            out.append("\n")
            return Output(stdout="".join(out))
    rcode = dns_answer(ctx.world, tried[-1]).rcode
    return Output(stdout=head + f"** server can't find {name}: {rcode}\n\n", code=1)


# --------------------------------------------------------------------------- dig
def dig(ctx: Context, args: list[str]) -> Output:
    short = "+short" in args
    names = [a for a in args if not a.startswith(("+", "-", "@"))]
    qtype = "A"
    for a in list(names):
        if a.upper() in ("A", "AAAA", "CNAME", "SRV", "TXT", "ANY"):
            qtype = a.upper()
            names.remove(a)
    name = (names[0] if names else ".").rstrip(".").lower()
    if ctx.pod is None:
        return Output(stdout=";; communications error to 10.96.0.10#53: timed out\n", code=9)
    blocked = dns_blocked(ctx)
    if blocked is not None:
        return Output(stdout=_BIND_TIMED_OUT + f"\n; <<>> DiG 9.18.33 <<>> {' '.join(args)}\n;; global options: +cmd\n"
                             ";; no servers could be reached\n", code=9, explanation=blocked)
    answer = dns_answer(ctx.world, name, qtype)
    records: list[str] = []
    if answer.rcode == "NOERROR":
        if answer.cname:
            records.append(f"{name}.\t30\tIN\tCNAME\t{answer.cname}.")
        for ip in answer.a:
            records.append(f"{answer.cname or name}.\t30\tIN\t{qtype}\t{ip}")
        for priority, weight, port, target in answer.srv:
            records.append(f"{name}.\t30\tIN\tSRV\t{priority} {weight} {port} {target}.")
    if short:
        lines = []
        if answer.cname:
            lines.append(answer.cname + ".")
        lines.extend(answer.a)
        lines.extend(f"{priority} {weight} {port} {target}." for priority, weight, port, target in answer.srv)
        return Output(stdout="".join(line + "\n" for line in lines))
    qid = int(stable_hex("dig", name, length=4), 16)
    flags = "qr aa rd" if answer.authoritative else "qr rd ra"
    authority = 1 if answer.rcode == "NXDOMAIN" else 0
    out = [f"\n; <<>> DiG 9.18.33 <<>> {' '.join(args)}\n", ";; global options: +cmd\n", ";; Got answer:\n",
           f";; ->>HEADER<<- opcode: QUERY, status: {answer.rcode}, id: {qid}\n",
           f";; flags: {flags}; QUERY: 1, ANSWER: {len(records)}, AUTHORITY: {authority}, ADDITIONAL: 1\n"]
    if answer.authoritative:
        out.append(";; WARNING: recursion requested but not available\n")
    out += ["\n", ";; OPT PSEUDOSECTION:\n", "; EDNS: version: 0, flags:; udp: 1232\n",
            ";; QUESTION SECTION:\n", f";{name}.\t\t\tIN\t{qtype}\n", "\n"]
    if records:
        out.append(";; ANSWER SECTION:\n")
        out += [r + "\n" for r in records]
        out.append("\n")
    if answer.rcode == "NXDOMAIN" and _in_cluster_zone(name):
        out += [";; AUTHORITY SECTION:\n",
                "cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1736935510 7200 "
                "1800 86400 30\n", "\n"]
    size = 103 if records else 152
    out += [";; Query time: 0 msec\n", f";; SERVER: {DNS_SERVICE_IP}#53({DNS_SERVICE_IP}) (UDP)\n",
            f";; WHEN: {date_unix(ctx.now)}\n", f";; MSG SIZE  rcvd: {size}\n", "\n"]
    return Output(stdout="".join(out))


# --------------------------------------------------------------------------- getent, files
def getent(ctx: Context, args: list[str]) -> Output:
    if not args or args[0] not in ("hosts", "ahosts", "ahostsv4"):
        if not args:
            return Output(stderr="Usage: getent [OPTION...] database [key ...]\n", code=1)
        return Output(stderr=f"Unknown database: {args[0]}\nTry `getent --help' or `getent --usage' for more "
                             "information.\n", code=1)
    out = []
    code = 0
    for key in args[1:]:
        resolved = resolve(ctx, key)
        if not resolved.ok:
            code = 2
            continue
        if args[0] == "hosts":
            name = resolved.fqdn or key
            out.append(f"{resolved.ips[0]:<15} {name}\n")
        else:
            for kind in ("STREAM", "DGRAM", "RAW"):
                out.append(f"{resolved.ips[0]:<15} {kind} {resolved.fqdn if kind == 'STREAM' else ''}".rstrip() + "\n")
    return Output(stdout="".join(out), code=code)


def resolv_conf(ctx: Context) -> str:
    assert ctx.pod is not None
    return (f"search {' '.join(search_list(ctx.pod.namespace))}\n"
            f"nameserver {DNS_SERVICE_IP}\noptions ndots:5\n")


def etc_hosts(ctx: Context) -> str:
    from tutor.k8s.trace import host_name

    assert ctx.pod is not None
    pod = ctx.pod
    name = host_name(pod)
    line = f"{pod.ip}\t{name}.{pod.subdomain}.{pod.namespace}.svc.{DOMAIN}\t{name}" if pod.subdomain \
        else f"{pod.ip}\t{name}"
    return ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::\tip6-localnet\nfe00::\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
            f"{line}\n")


def cat(ctx: Context, args: list[str]) -> Output:
    out, err, code = [], [], 0
    for path in args:
        if path == "/etc/resolv.conf":
            out.append(resolv_conf(ctx))
        elif path == "/etc/hosts":
            out.append(etc_hosts(ctx))
        elif path == "/etc/hostname":
            from tutor.k8s.trace import host_name

            assert ctx.pod is not None
            out.append(host_name(ctx.pod) + "\n")
        else:
            err.append(f"cat: can't open '{path}': No such file or directory\n")
            code = 1
    return Output(stdout="".join(out), stderr="".join(err), code=code)


# --------------------------------------------------------------------------- dispatch
PROGRAMS: dict[str, Callable[[Context, list[str]], Output]] = {
    "curl": curl, "wget": wget, "nc": nc, "dig": dig, "getent": getent, "cat": cat,
}


def run_program(ctx: Context, argv: list[str], flavour: str = "busybox") -> Output:
    """Run ``argv`` (program and arguments). The caller has checked that it exists."""
    program, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    if program == "nslookup":
        return nslookup(ctx, args, flavour)
    if program == "hostname":
        from tutor.k8s.trace import host_name

        assert ctx.pod is not None
        return Output(stdout=host_name(ctx.pod) + "\n")
    if program == "echo":
        return Output(stdout=" ".join(args) + "\n")
    if program == "sh" or program == "bash":
        if len(args) >= 2 and args[0] == "-c":
            try:
                inner = shlex.split(args[1])
            except ValueError:
                return Output(stderr=f"{program}: syntax error: unterminated quoted string\n", code=2)
            if not inner:
                return Output()
            name = inner[0].rsplit("/", 1)[-1]
            if name not in PROGRAMS and name not in ("nslookup", "hostname", "echo"):
                return Output(stderr=f"{program}: {inner[0]}: not found\n", code=127)
            return run_program(ctx, inner, flavour)
        return Output(code=0)
    handler = PROGRAMS.get(program)
    if handler is None:
        return Output(stderr=f"{program}: command not found\n", code=127)
    return handler(ctx, args)


def known_program(name: str) -> bool:
    return name.rsplit("/", 1)[-1] in set(PROGRAMS) | {"nslookup", "hostname", "echo", "sh", "bash"}
