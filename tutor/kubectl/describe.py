"""``kubectl describe`` in kubectl's describer layout (``pkg/describe/describe.go``).

Each describer writes ``<indent>Key:\\tvalue`` lines like kubectl's ``PrefixWriter``
(2 spaces per level) and the text goes through the describe tabwriter (minwidth 0,
padding 2), so values line up exactly as kubectl's do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tutor.kubectl.clock import parse_rfc3339, rfc1123z, since
from tutor.kubectl.selectors import format_labels, format_selector
from tutor.kubectl.tabwriter import describe_table
from tutor.kubectl.world import LAST_APPLIED, Event

JSON = dict[str, Any]
_SKIP_ANNOTATIONS = {LAST_APPLIED}
_MAX_ANNOTATION = 140


def _m(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class _Writer:
    """kubectl's ``prefixWriter``: ``write(level, text)``."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def text(self) -> str:
        return describe_table("".join(self.parts))


def _labels(w: _Writer, title: str, labels: dict[str, Any] | None, initial: str = "") -> None:
    w.write(0, f"{initial}{title}:\t")
    if not labels:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, initial)
            w.write(0, "\t")
        w.write(0, f"{key}={labels[key]}\n")


def _annotations(w: _Writer, title: str, annotations: dict[str, Any] | None) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k not in _SKIP_ANNOTATIONS)
    if not keys:
        w.write(0, "<none>\n")
        return
    assert annotations is not None
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = str(annotations[key])
        if value.endswith("\n"):
            value = value[:-1]
        if len(value) + len(key) + 2 > _MAX_ANNOTATION or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                shown = line[: _MAX_ANNOTATION - 2] + "..." if len(line) > _MAX_ANNOTATION - 2 else line
                w.write(0, f"\t  {shown}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _events(w: _Writer, events: list[Event] | None, now: datetime) -> None:
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in sorted(events, key=lambda e: e.last):
        first = since(e.first, now)
        interval = f"{since(e.last, now)} (x{e.count} over {first})" if e.count > 1 else first
        w.write(1, f"{e.type}\t{e.reason}\t{interval}\t{e.source}\t{e.message.strip()}\n")


def _time(value: Any) -> str:
    parsed = parse_rfc3339(value) if isinstance(value, str) else None
    return rfc1123z(parsed) if parsed else ""


# --------------------------------------------------------------------------- Service
def format_endpoint_slices(slices: list[JSON], port_name: str) -> str:
    """``formatEndpointSlices`` for one Service port name."""
    if not slices:
        return "<none>"
    out: list[str] = []
    limit = 3
    more = False
    count = 0
    for eps in slices:
        ports = _l(eps.get("ports"))
        if not ports:
            for ep in _l(eps.get("endpoints")):
                ep = _m(ep)
                if len(out) == limit:
                    more = True
                ready = _m(ep.get("conditions")).get("ready")
                if ready is False:
                    continue
                if not more:
                    out.append(str(_l(ep.get("addresses"))[0]))
                count += 1
            continue
        for port in ports:
            port = _m(port)
            if (port.get("name") or "") != port_name:
                continue
            for ep in _l(eps.get("endpoints")):
                ep = _m(ep)
                if len(out) == limit:
                    more = True
                ready = _m(ep.get("conditions")).get("ready")
                if ready is False:
                    continue
                if not more:
                    out.append(f"{_l(ep.get('addresses'))[0]}:{port.get('port')}")
                count += 1
    text = ",".join(out)
    if more:
        return f"{text} + {count - limit} more..."
    return text


def describe_service(svc: JSON, slices: list[JSON], events: list[Event] | None, now: datetime) -> str:
    w = _Writer()
    meta, spec, status = _m(svc.get("metadata")), _m(svc.get("spec")), _m(svc.get("status"))
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    _labels(w, "Labels", _m(meta.get("labels")))
    _annotations(w, "Annotations", _m(meta.get("annotations")))
    w.write(0, f"Selector:\t{format_labels(_m(spec.get('selector')))}\n")
    w.write(0, f"Type:\t{spec.get('type')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    families = _l(spec.get("ipFamilies"))
    w.write(0, f"IP Families:\t{','.join(str(f) for f in families) if families else '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP') or ''}\n")
    ips = _l(spec.get("clusterIPs"))
    w.write(0, f"IPs:\t{','.join(str(i) for i in ips) if ips else '<none>'}\n")
    if _l(spec.get("externalIPs")):
        w.write(0, f"External IPs:\t{','.join(str(i) for i in spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = _l(_m(status.get("loadBalancer")).get("ingress"))
    if ingress:
        parts = []
        for ing in ingress:
            ing = _m(ing)
            if ing.get("ip"):
                parts.append(str(ing["ip"]) + (f" ({ing['ipMode']})" if ing.get("ipMode") else ""))
            else:
                parts.append(str(ing.get("hostname") or ""))
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(parts)}\n")
    for port in _l(spec.get("ports")):
        port = _m(port)
        name = port.get("name") or "<unset>"
        proto = port.get("protocol")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{proto}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort')}/{proto}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, str(port.get('name') or ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if _l(spec.get("loadBalancerSourceRanges")):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    if spec.get("trafficDistribution"):
        w.write(0, f"Traffic Distribution:\t{spec['trafficDistribution']}\n")
    _events(w, events, now)
    return w.text()


# --------------------------------------------------------------------------- Endpoints
def describe_endpoints(ep: JSON, events: list[Event] | None, now: datetime) -> str:
    w = _Writer()
    meta = _m(ep.get("metadata"))
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    _labels(w, "Labels", _m(meta.get("labels")))
    _annotations(w, "Annotations", _m(meta.get("annotations")))
    w.write(0, "Subsets:\n")
    for subset in _l(ep.get("subsets")):
        subset = _m(subset)
        ready = ",".join(str(_m(a).get("ip")) for a in _l(subset.get("addresses"))) or "<none>"
        w.write(1, f"Addresses:\t{ready}\n")
        not_ready = ",".join(str(_m(a).get("ip")) for a in _l(subset.get("notReadyAddresses"))) or "<none>"
        w.write(1, f"NotReadyAddresses:\t{not_ready}\n")
        ports = _l(subset.get("ports"))
        if ports:
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in ports:
                port = _m(port)
                w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port')}\t{port.get('protocol')}\n")
        w.write(0, "\n")
    _events(w, events, now)
    return w.text()


# --------------------------------------------------------------------------- EndpointSlice
def describe_endpointslice(eps: JSON, events: list[Event] | None, now: datetime) -> str:
    w = _Writer()
    meta = _m(eps.get("metadata"))
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    _labels(w, "Labels", _m(meta.get("labels")))
    _annotations(w, "Annotations", _m(meta.get("annotations")))
    w.write(0, f"AddressType:\t{eps.get('addressType')}\n")
    ports = _l(eps.get("ports"))
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            port = _m(port)
            name = port.get("name") or "<unset>"
            number = port.get("port") if port.get("port") is not None else "<unset>"
            w.write(1, f"{name}\t{number}\t{port.get('protocol')}\n")
    endpoints = _l(eps.get("endpoints"))
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for ep in endpoints:
            ep = _m(ep)
            addresses = ", ".join(str(a) for a in _l(ep.get("addresses"))) or "<none>"
            w.write(1, f"- Addresses:\t{addresses}\n")
            w.write(2, "Conditions:\n")
            ready = _m(ep.get("conditions")).get("ready")
            w.write(3, f"Ready:\t{'<unset>' if ready is None else str(bool(ready)).lower()}\n")
            w.write(2, f"Hostname:\t{ep.get('hostname') if ep.get('hostname') is not None else '<unset>'}\n")
            ref = _m(ep.get("targetRef"))
            if ref:
                w.write(2, f"TargetRef:\t{ref.get('kind')}/{ref.get('name')}\n")
            w.write(2, f"NodeName:\t{ep.get('nodeName') if ep.get('nodeName') is not None else '<unset>'}\n")
            w.write(2, f"Zone:\t{ep.get('zone') if ep.get('zone') is not None else '<unset>'}\n")
    _events(w, events, now)
    return w.text()


# --------------------------------------------------------------------------- Pod
def _probe(probe: JSON) -> str:
    attrs = (f"delay={probe.get('initialDelaySeconds') or 0}s timeout={probe.get('timeoutSeconds') or 0}s "
             f"period={probe.get('periodSeconds') or 0}s #success={probe.get('successThreshold') or 0} "
             f"#failure={probe.get('failureThreshold') or 0}")
    if isinstance(probe.get("exec"), dict):
        command = _l(_m(probe["exec"]).get("command"))
        return f"exec [{' '.join(str(c) for c in command)}] {attrs}"
    if isinstance(probe.get("httpGet"), dict):
        http = _m(probe["httpGet"])
        scheme = str(http.get("scheme") or "").lower()
        host = str(http.get("host") or "")
        port = str(http.get("port")) if http.get("port") is not None else ""
        hostport = f"[{host}]:{port}" if ":" in host else f"{host}:{port}" if port else host
        path = str(http.get("path") or "")
        return f"http-get {scheme + ':' if scheme else ''}//{hostport}{path} {attrs}"
    if isinstance(probe.get("tcpSocket"), dict):
        tcp = _m(probe["tcpSocket"])
        return f"tcp-socket {tcp.get('host') or ''}:{tcp.get('port')} {attrs}"
    if isinstance(probe.get("grpc"), dict):
        grpc = _m(probe["grpc"])
        return f"grpc <pod>:{grpc.get('port')} {grpc.get('service') or ''} {attrs}"
    return f"unknown {attrs}"


def _ports_text(ports: list[Any], host: bool) -> str:
    items = []
    for p in ports:
        p = _m(p)
        number = (p.get("hostPort") or 0) if host else p.get("containerPort")
        text = f"{number}/{p.get('protocol') or 'TCP'}"
        if p.get("name"):
            text += f" ({p['name']})"
        items.append(text)
    return ", ".join(items)


def _state(w: _Writer, title: str, state: JSON) -> None:
    if isinstance(state.get("running"), dict):
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{_time(_m(state['running']).get('startedAt'))}\n")
    elif isinstance(state.get("waiting"), dict):
        w.write(2, f"{title}:\tWaiting\n")
        if _m(state["waiting"]).get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif isinstance(state.get("terminated"), dict):
        t = _m(state["terminated"])
        w.write(2, f"{title}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode') or 0}\n")
        if t.get("signal"):
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{_time(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{_time(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")


def _containers(w: _Writer, label: str, containers: list[Any], statuses: list[Any], space: str) -> None:
    by_name = {str(_m(s).get("name")): _m(s) for s in statuses}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    indent = " " if space else ""
    for c in containers:
        c = _m(c)
        name = str(c.get("name"))
        status = by_name.get(name)
        w.write(1, f"{indent}{name}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID') or ''}\n")
        w.write(2, f"Image:\t{c.get('image') or ''}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID') or ''}\n")
        ports = _ports_text(_l(c.get("ports")), host=False)
        if "," in ports:
            w.write(2, f"Ports:\t{ports}\n")
        else:
            w.write(2, f"Port:\t{ports or '<none>'}\n")
        host_ports = _ports_text(_l(c.get("ports")), host=True)
        if "," in host_ports:
            w.write(2, f"Host Ports:\t{host_ports}\n")
        else:
            w.write(2, f"Host Port:\t{host_ports or '<none>'}\n")
        if _l(c.get("command")):
            w.write(2, "Command:\n")
            for part in c["command"]:
                for line in str(part).split("\n"):
                    w.write(3, f"{line}\n")
        if _l(c.get("args")):
            w.write(2, "Args:\n")
            for part in c["args"]:
                for line in str(part).split("\n"):
                    w.write(3, f"{line}\n")
        if status is not None:
            _state(w, "State", _m(status.get("state")))
            last = _m(status.get("lastState"))
            if isinstance(last.get("terminated"), dict):
                _state(w, "Last State", last)
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount') or 0}\n")
        resources = _m(c.get("resources"))
        for title, key in (("Limits", "limits"), ("Requests", "requests")):
            values = _m(resources.get(key))
            if values:
                w.write(2, f"{title}:\n")
                for res in sorted(values):
                    w.write(3, f"{res}:\t{values[res]}\n")
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if isinstance(c.get(key), dict):
                w.write(2, f"{title}:\t{_probe(c[key])}\n")
        env = _l(c.get("env"))
        w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
        for e in env:
            e = _m(e)
            if "valueFrom" not in e:
                for i, line in enumerate(str(e.get("value") or "").split("\n")):
                    if i == 0:
                        w.write(3, f"{e.get('name')}:\t{line}\n")
                    else:
                        w.write(3, f"\t{line}\n")
            else:
                source = _m(e.get("valueFrom"))
                if "fieldRef" in source:
                    ref = _m(source["fieldRef"])
                    w.write(3, f"{e.get('name')}:\t ({ref.get('apiVersion') or 'v1'}:{ref.get('fieldPath')})\n")
                elif "configMapKeyRef" in source:
                    ref = _m(source["configMapKeyRef"])
                    w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' of config map "
                               f"'{ref.get('name')}'>\tOptional: {str(bool(ref.get('optional'))).lower()}\n")
                elif "secretKeyRef" in source:
                    ref = _m(source["secretKeyRef"])
                    w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' in secret "
                               f"'{ref.get('name')}'>\tOptional: {str(bool(ref.get('optional'))).lower()}\n")
                else:
                    w.write(3, f"{e.get('name')}:\t\n")
        mounts = sorted((_m(m) for m in _l(c.get("volumeMounts"))), key=lambda m: str(m.get("mountPath")))
        w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath')} from {m.get('name')} ({','.join(flags)})\n")


def _volumes(w: _Writer, volumes: list[Any], space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    indent = " " if space else ""
    for v in volumes:
        v = _m(v)
        w.write(1, f"{indent}{v.get('name')}:\n")
        if isinstance(v.get("projected"), dict):
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for source in _l(_m(v["projected"]).get("sources")):
                source = _m(source)
                if isinstance(source.get("secret"), dict):
                    w.write(2, f"SecretName:\t{source['secret'].get('name')}\n")
                    w.write(0, f"    Optional:\t{str(bool(source['secret'].get('optional'))).lower()}\n")
                elif isinstance(source.get("downwardAPI"), dict):
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif isinstance(source.get("configMap"), dict):
                    w.write(2, f"ConfigMapName:\t{source['configMap'].get('name')}\n")
                    w.write(0, f"    Optional:\t{str(bool(source['configMap'].get('optional'))).lower()}\n")
                elif isinstance(source.get("serviceAccountToken"), dict):
                    w.write(2, f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds')}\n")
        elif isinstance(v.get("emptyDir"), dict):
            limit = _m(v["emptyDir"]).get("sizeLimit") or "<unset>"
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n")
            w.write(0, f"    Medium:\t{_m(v['emptyDir']).get('medium') or ''}\n")
            w.write(0, f"    SizeLimit:\t{limit}\n")
        elif isinstance(v.get("configMap"), dict):
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n")
            w.write(0, f"    Name:\t{v['configMap'].get('name')}\n")
            w.write(0, f"    Optional:\t{str(bool(v['configMap'].get('optional'))).lower()}\n")
        elif isinstance(v.get("secret"), dict):
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n")
            w.write(0, f"    SecretName:\t{v['secret'].get('secretName')}\n")
            w.write(0, f"    Optional:\t{str(bool(v['secret'].get('optional'))).lower()}\n")
        elif isinstance(v.get("hostPath"), dict):
            w.write(2, "Type:\tHostPath (bare host directory volume)\n")
            w.write(0, f"    Path:\t{v['hostPath'].get('path')}\n")
            w.write(0, f"    HostPathType:\t{v['hostPath'].get('type') or ''}\n")


def _tolerations(w: _Writer, title: str, tolerations: list[Any], initial: str = "") -> None:
    w.write(0, f"{initial}{title}:\t")
    items = sorted((_m(t) for t in tolerations), key=lambda t: str(t.get("key") or ""))
    if not items:
        w.write(0, "<none>\n")
        return
    for i, t in enumerate(items):
        if i:
            w.write(0, initial)
            w.write(0, "\t")
        text = str(t.get("key") or "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def describe_pod(pod: JSON, events: list[Event] | None, now: datetime) -> str:
    w = _Writer()
    meta, spec, status = _m(pod.get("metadata")), _m(pod.get("spec")), _m(pod.get("status"))
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP') or ''}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{_time(status['startTime'])}\n")
    _labels(w, "Labels", _m(meta.get("labels")))
    _annotations(w, "Annotations", _m(meta.get("annotations")))
    phase = status.get("phase")
    if meta.get("deletionTimestamp") and phase not in ("Failed", "Succeeded"):
        stamp = parse_rfc3339(str(meta["deletionTimestamp"]))
        w.write(0, f"Status:\tTerminating (lasts {since(stamp, now)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds') or 0}s\n")
    else:
        w.write(0, f"Status:\t{phase}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP') or ''}\n")
    ips = _l(status.get("podIPs"))
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{_m(ip).get('ip')}\n")
    for ref in _l(meta.get("ownerReferences")):
        ref = _m(ref)
        if ref.get("controller"):
            w.write(0, f"Controlled By:\t{ref.get('kind')}/{ref.get('name')}\n")
            break
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if _l(spec.get("initContainers")):
        _containers(w, "Init Containers", _l(spec["initContainers"]), _l(status.get("initContainerStatuses")), "")
    _containers(w, "Containers", _l(spec.get("containers")), _l(status.get("containerStatuses")), "")
    gates = _l(spec.get("readinessGates"))
    if gates:
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for g in gates:
            gate_status = "<none>"
            for c in _l(status.get("conditions")):
                if _m(c).get("type") == _m(g).get("conditionType"):
                    gate_status = str(_m(c).get("status"))
                    break
            w.write(1, f"{_m(g).get('conditionType')} \t{gate_status} \n")
    conditions = _l(status.get("conditions"))
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{_m(c).get('type')} \t{_m(c).get('status')} \n")
    _volumes(w, _l(spec.get("volumes")), "")
    w.write(0, f"QoS Class:\t{status.get('qosClass') or ''}\n")
    _labels(w, "Node-Selectors", _m(spec.get("nodeSelector")))
    _tolerations(w, "Tolerations", _l(spec.get("tolerations")))
    _events(w, events, now)
    return w.text()


# --------------------------------------------------------------------------- Deployment
def describe_deployment(d: JSON, new_rs: list[JSON], events: list[Event] | None, now: datetime) -> str:
    w = _Writer()
    meta, spec, status = _m(d.get("metadata")), _m(d.get("spec")), _m(d.get("status"))
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    w.write(0, f"CreationTimestamp:\t{_time(meta.get('creationTimestamp'))}\n")
    _labels(w, "Labels", _m(meta.get("labels")))
    _annotations(w, "Annotations", _m(meta.get("annotations")))
    selector = format_selector(spec.get("selector"))
    w.write(0, f"Selector:\t{'' if selector == '<none>' else selector}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas') or 0} desired | {status.get('updatedReplicas') or 0} updated | "
               f"{status.get('replicas') or 0} total | {status.get('availableReplicas') or 0} available | "
               f"{status.get('unavailableReplicas') or 0} unavailable\n")
    strategy = _m(spec.get("strategy"))
    w.write(0, f"StrategyType:\t{strategy.get('type') or ''}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds') or 0}\n")
    if isinstance(strategy.get("rollingUpdate"), dict):
        ru = strategy["rollingUpdate"]
        w.write(0, f"RollingUpdateStrategy:\t{ru.get('maxUnavailable')} max unavailable, "
                   f"{ru.get('maxSurge')} max surge\n")
    template = _m(spec.get("template"))
    tmeta, tspec = _m(template.get("metadata")), _m(template.get("spec"))
    w.write(0, "Pod Template:\n")
    _labels(w, "  Labels", _m(tmeta.get("labels")))
    if _m(tmeta.get("annotations")):
        _annotations(w, "  Annotations", _m(tmeta.get("annotations")))
    if tspec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{tspec['serviceAccountName']}\n")
    if _l(tspec.get("initContainers")):
        _containers(w, "Init Containers", _l(tspec["initContainers"]), [], "  ")
    _containers(w, "Containers", _l(tspec.get("containers")), [], "  ")
    _volumes(w, _l(tspec.get("volumes")), "  ")
    if tspec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{tspec['priorityClassName']}\n")
    _labels(w, "  Node-Selectors", _m(tspec.get("nodeSelector")))
    _tolerations(w, "  Tolerations", _l(tspec.get("tolerations")))
    conditions = _l(status.get("conditions"))
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            c = _m(c)
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason')}\n")
    if new_rs:
        w.write(0, "OldReplicaSets:\t<none>\n")
        parts = [f"{_m(rs.get('metadata')).get('name')} ({_m(rs.get('status')).get('replicas') or 0}/"
                 f"{_m(rs.get('spec')).get('replicas') or 0} replicas created)" for rs in new_rs]
        w.write(0, f"NewReplicaSet:\t{', '.join(parts)}\n")
    _events(w, events, now)
    return w.text()
