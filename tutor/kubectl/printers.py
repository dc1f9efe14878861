"""``kubectl get``'s table columns, one row per object, from the API objects.

Each row function follows its namesake in kubernetes
``pkg/printers/internalversion/printers.go`` (``printPod``, ``printService``,
``printEndpoints``, ``printEndpointSlice``, ``printDeployment``, ``printReplicaSet``,
``printStatefulSet``, ``printDaemonSet``, ``printJob``, ``printNode``,
``printNamespace``, ``printNetworkPolicy``); the decorations (``NAMESPACE`` column,
kind prefix, ``LABELS``, ``-L``) follow cli-runtime's ``tableprinter.go: decorateTable``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tutor.kubectl.clock import parse_rfc3339, since
from tutor.kubectl.selectors import format_labels, format_selector

JSON = dict[str, Any]


def _m(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _age(obj: JSON, now: datetime) -> str:
    stamp = _m(obj.get("metadata")).get("creationTimestamp")
    return since(parse_rfc3339(stamp) if isinstance(stamp, str) else None, now)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --------------------------------------------------------------------------- Pods
def pod_ready_and_status(pod: JSON, now: datetime) -> tuple[str, str, str]:
    """(READY, STATUS, RESTARTS) of ``printPod``."""
    spec, status = _m(pod.get("spec")), _m(pod.get("status"))
    restarts = 0
    sidecar_restarts = 0
    total = len(_l(spec.get("containers")))
    ready = 0
    last_restart: datetime | None = None
    last_sidecar_restart: datetime | None = None
    phase = str(status.get("phase") or "")
    reason = phase
    if status.get("reason"):
        reason = str(status["reason"])
    for cond in _l(status.get("conditions")):
        if _m(cond).get("type") == "PodScheduled" and _m(cond).get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    init_specs = {str(_m(c).get("name")): _m(c) for c in _l(spec.get("initContainers"))}
    for c in init_specs.values():
        if c.get("restartPolicy") == "Always":
            total += 1
    initializing = False
    init_statuses = _l(status.get("initContainerStatuses"))
    for i, cs in enumerate(init_statuses):
        cs = _m(cs)
        restarts += _int(cs.get("restartCount"))
        term_last = _m(_m(cs.get("lastState")).get("terminated"))
        finished = parse_rfc3339(str(term_last.get("finishedAt"))) if term_last.get("finishedAt") else None
        if finished and (last_restart is None or finished > last_restart):
            last_restart = finished
        sidecar = init_specs.get(str(cs.get("name")), {}).get("restartPolicy") == "Always"
        if sidecar:
            sidecar_restarts += _int(cs.get("restartCount"))
            if finished and (last_sidecar_restart is None or finished > last_sidecar_restart):
                last_sidecar_restart = finished
        state = _m(cs.get("state"))
        terminated, waiting = _m(state.get("terminated")), _m(state.get("waiting"))
        if state.get("terminated") is not None and _int(terminated.get("exitCode")) == 0:
            continue
        if sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if state.get("terminated") is not None:
            if not terminated.get("reason"):
                if _int(terminated.get("signal")):
                    reason = f"Init:Signal:{_int(terminated.get('signal'))}"
                else:
                    reason = f"Init:ExitCode:{_int(terminated.get('exitCode'))}"
            else:
                reason = "Init:" + str(terminated["reason"])
            initializing = True
        elif waiting.get("reason") and waiting.get("reason") != "PodInitializing":
            reason = "Init:" + str(waiting["reason"])
            initializing = True
        else:
            reason = f"Init:{i}/{len(init_specs)}"
            initializing = True
        break
    initialized = any(_m(c).get("type") == "Initialized" and _m(c).get("status") == "True"
                      for c in _l(status.get("conditions")))
    if not initializing or initialized:
        restarts = sidecar_restarts
        last_restart = last_sidecar_restart
        has_running = False
        for cs in reversed(_l(status.get("containerStatuses"))):
            cs = _m(cs)
            restarts += _int(cs.get("restartCount"))
            term_last = _m(_m(cs.get("lastState")).get("terminated"))
            finished = parse_rfc3339(str(term_last.get("finishedAt"))) if term_last.get("finishedAt") else None
            if finished and (last_restart is None or finished > last_restart):
                last_restart = finished
            state = _m(cs.get("state"))
            waiting, terminated = _m(state.get("waiting")), _m(state.get("terminated"))
            if state.get("waiting") is not None and waiting.get("reason"):
                reason = str(waiting["reason"])
            elif state.get("terminated") is not None and terminated.get("reason"):
                reason = str(terminated["reason"])
            elif state.get("terminated") is not None:
                if _int(terminated.get("signal")):
                    reason = f"Signal:{_int(terminated.get('signal'))}"
                else:
                    reason = f"ExitCode:{_int(terminated.get('exitCode'))}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            pod_ready = any(_m(c).get("type") == "Ready" and _m(c).get("status") == "True"
                            for c in _l(status.get("conditions")))
            reason = "Running" if pod_ready else "NotReady"
    meta = _m(pod.get("metadata"))
    if meta.get("deletionTimestamp") is not None and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta.get("deletionTimestamp") is not None and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    restarts_text = str(restarts)
    if restarts and last_restart is not None:
        restarts_text = f"{restarts} ({since(last_restart, now)} ago)"
    return f"{ready}/{total}", reason, restarts_text


def _pod(obj: JSON, wide: bool, now: datetime) -> list[str]:
    ready, status, restarts = pod_ready_and_status(obj, now)
    row = [str(_m(obj.get("metadata")).get("name")), ready, status, restarts, _age(obj, now)]
    if wide:
        st, spec = _m(obj.get("status")), _m(obj.get("spec"))
        ips = _l(st.get("podIPs"))
        ip = str(_m(ips[0]).get("ip")) if ips else ""
        gates = _l(spec.get("readinessGates"))
        gates_text = "<none>"
        if gates:
            true = 0
            for gate in gates:
                for cond in _l(st.get("conditions")):
                    if _m(cond).get("type") == _m(gate).get("conditionType"):
                        if _m(cond).get("status") == "True":
                            true += 1
                        break
            gates_text = f"{true}/{len(gates)}"
        row += [ip or "<none>", str(spec.get("nodeName") or "<none>"),
                str(st.get("nominatedNodeName") or "<none>"), gates_text]
    return row


# --------------------------------------------------------------------------- Services
def _lb_ips(status: JSON, wide: bool) -> str:
    found: set[str] = set()
    for ing in _l(_m(status.get("loadBalancer")).get("ingress")):
        ing = _m(ing)
        if ing.get("ip"):
            found.add(str(ing["ip"]))
        elif ing.get("hostname"):
            found.add(str(ing["hostname"]))
    text = ",".join(sorted(found))
    if not wide and len(text) > 16:
        text = text[:13] + "..."
    return text


def external_ip(obj: JSON, wide: bool) -> str:
    spec = _m(obj.get("spec"))
    kind = spec.get("type")
    externals = [str(x) for x in _l(spec.get("externalIPs"))]
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(externals) if externals else "<none>"
    if kind == "LoadBalancer":
        lb = _lb_ips(_m(obj.get("status")), wide)
        if externals:
            return ",".join(([*lb.split(",")] if lb else []) + externals)
        return lb or "<pending>"
    if kind == "ExternalName":
        return str(spec.get("externalName") or "")
    return "<unknown>"


def port_string(ports: list[Any]) -> str:
    pieces = []
    for p in ports:
        p = _m(p)
        if _int(p.get("nodePort")) > 0:
            pieces.append(f"{_int(p.get('port'))}:{_int(p.get('nodePort'))}/{p.get('protocol')}")
        else:
            pieces.append(f"{_int(p.get('port'))}/{p.get('protocol')}")
    return ",".join(pieces)


def _service(obj: JSON, wide: bool, now: datetime) -> list[str]:
    spec = _m(obj.get("spec"))
    ips = _l(spec.get("clusterIPs"))
    internal = str(ips[0]) if ips else "<none>"
    ports = port_string(_l(spec.get("ports"))) or "<none>"
    row = [str(_m(obj.get("metadata")).get("name")), str(spec.get("type") or ""), internal,
           external_ip(obj, wide), ports, _age(obj, now)]
    if wide:
        row.append(format_labels(_m(spec.get("selector"))))
    return row


# --------------------------------------------------------------------------- endpoints
def format_endpoints(obj: JSON) -> str:
    """``formatEndpoints`` with ports=nil."""
    subsets = _l(obj.get("subsets"))
    if not subsets:
        return "<none>"
    out: list[str] = []
    limit = 3
    more = False
    count = 0
    for ss in subsets:
        ss = _m(ss)
        addresses = [str(_m(a).get("ip")) for a in _l(ss.get("addresses"))]
        ports = _l(ss.get("ports"))
        if not ports:
            count += len(addresses)
            for ip in addresses:
                if len(out) == limit:
                    more = True
                    break
                out.append(ip)
            continue
        for port in ports:
            count += len(addresses)
            for ip in addresses:
                if len(out) == limit:
                    more = True
                    break
                out.append(f"{ip}:{_int(_m(port).get('port'))}")
    text = ",".join(out)
    if more:
        return f"{text} + {count - limit} more..."
    return text


def _list_with_more(items: list[str], more: bool, count: int, limit: int) -> str:
    text = ",".join(items)
    if more:
        return f"{text} + {count - limit} more..."
    return text or "<unset>"


def _endpoints(obj: JSON, wide: bool, now: datetime) -> list[str]:
    return [str(_m(obj.get("metadata")).get("name")), format_endpoints(obj), _age(obj, now)]


def _endpointslice(obj: JSON, wide: bool, now: datetime) -> list[str]:
    limit = 3
    ports: list[str] = []
    more, count = False, 0
    for port in _l(obj.get("ports")):
        port = _m(port)
        if len(ports) < limit:
            if port.get("port") is not None:
                ports.append(str(port.get("port")))
            elif port.get("name") is not None:
                ports.append(str(port.get("name")))
            else:
                ports.append("*")
        elif len(ports) == limit:
            more = True
        count += 1
    ports_text = _list_with_more(ports, more, count, limit)
    addresses: list[str] = []
    more, count = False, 0
    for ep in _l(obj.get("endpoints")):
        for address in _l(_m(ep).get("addresses")):
            if len(addresses) < limit:
                addresses.append(str(address))
            elif len(addresses) == limit:
                more = True
            count += 1
    return [str(_m(obj.get("metadata")).get("name")), str(obj.get("addressType") or ""), ports_text,
            _list_with_more(addresses, more, count, limit), _age(obj, now)]


# --------------------------------------------------------------------------- workloads
def _containers_cells(template_spec: JSON) -> tuple[str, str]:
    names, images = [], []
    for c in _l(template_spec.get("containers")):
        names.append(str(_m(c).get("name") or ""))
        images.append(str(_m(c).get("image") or ""))
    return ",".join(names), ",".join(images)


def _template_spec(obj: JSON) -> JSON:
    return _m(_m(_m(obj.get("spec")).get("template")).get("spec"))


def _deployment(obj: JSON, wide: bool, now: datetime) -> list[str]:
    spec, status = _m(obj.get("spec")), _m(obj.get("status"))
    row = [str(_m(obj.get("metadata")).get("name")),
           f"{_int(status.get('readyReplicas'))}/{_int(spec.get('replicas'))}",
           str(_int(status.get("updatedReplicas"))), str(_int(status.get("availableReplicas"))), _age(obj, now)]
    if wide:
        names, images = _containers_cells(_template_spec(obj))
        row += [names, images, format_selector(spec.get("selector"))]
    return row


def _replicaset(obj: JSON, wide: bool, now: datetime) -> list[str]:
    spec, status = _m(obj.get("spec")), _m(obj.get("status"))
    row = [str(_m(obj.get("metadata")).get("name")), str(_int(spec.get("replicas"))),
           str(_int(status.get("replicas"))), str(_int(status.get("readyReplicas"))), _age(obj, now)]
    if wide:
        names, images = _containers_cells(_template_spec(obj))
        row += [names, images, format_selector(spec.get("selector"))]
    return row


def _statefulset(obj: JSON, wide: bool, now: datetime) -> list[str]:
    spec, status = _m(obj.get("spec")), _m(obj.get("status"))
    row = [str(_m(obj.get("metadata")).get("name")),
           f"{_int(status.get('readyReplicas'))}/{_int(spec.get('replicas'))}", _age(obj, now)]
    if wide:
        names, images = _containers_cells(_template_spec(obj))
        row += [names, images]
    return row


def _daemonset(obj: JSON, wide: bool, now: datetime) -> list[str]:
    status = _m(obj.get("status"))
    node_selector = _m(_template_spec(obj).get("nodeSelector"))
    row = [str(_m(obj.get("metadata")).get("name")), str(_int(status.get("desiredNumberScheduled"))),
           str(_int(status.get("currentNumberScheduled"))), str(_int(status.get("numberReady"))),
           str(_int(status.get("updatedNumberScheduled"))), str(_int(status.get("numberAvailable"))),
           format_labels({str(k): str(v) for k, v in node_selector.items()}), _age(obj, now)]
    if wide:
        names, images = _containers_cells(_template_spec(obj))
        row += [names, images, format_selector(_m(obj.get("spec")).get("selector"))]
    return row


def _job(obj: JSON, wide: bool, now: datetime) -> list[str]:
    spec, status = _m(obj.get("spec")), _m(obj.get("status"))
    succeeded = _int(status.get("succeeded"))
    if isinstance(spec.get("completions"), int):
        completions = f"{succeeded}/{spec['completions']}"
    else:
        parallelism = _int(spec.get("parallelism"))
        completions = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    start = parse_rfc3339(str(status["startTime"])) if status.get("startTime") else None
    duration = since(start, now) if start else ""
    row = [str(_m(obj.get("metadata")).get("name")), "Running", completions, duration, _age(obj, now)]
    if wide:
        names, images = _containers_cells(_template_spec(obj))
        row += [names, images, format_selector(spec.get("selector"))]
    return row


# --------------------------------------------------------------------------- Nodes, Namespaces
def node_status(obj: JSON) -> str:
    status = "Unknown"
    for cond in _l(_m(obj.get("status")).get("conditions")):
        cond = _m(cond)
        if cond.get("type") == "Ready":
            status = "Ready" if cond.get("status") == "True" else "NotReady"
    if _m(obj.get("spec")).get("unschedulable"):
        status += ",SchedulingDisabled"
    return status


def node_roles(obj: JSON) -> str:
    roles: set[str] = set()
    for key, value in _m(_m(obj.get("metadata")).get("labels")).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif key == "kubernetes.io/role" and value:
            roles.add(str(value))
    return ",".join(sorted(roles)) or "<none>"


def _node(obj: JSON, wide: bool, now: datetime) -> list[str]:
    info = _m(_m(obj.get("status")).get("nodeInfo"))
    row = [str(_m(obj.get("metadata")).get("name")), node_status(obj), node_roles(obj), _age(obj, now),
           str(info.get("kubeletVersion") or "")]
    if wide:
        addresses = _l(_m(obj.get("status")).get("addresses"))

        def first(kind: str) -> str:
            for a in addresses:
                if _m(a).get("type") == kind:
                    return str(_m(a).get("address"))
            return "<none>"

        row += [first("InternalIP"), first("ExternalIP"), str(info.get("osImage") or "<unknown>"),
                str(info.get("kernelVersion") or "<unknown>"), str(info.get("containerRuntimeVersion") or "<unknown>")]
    return row


def _namespace(obj: JSON, wide: bool, now: datetime) -> list[str]:
    return [str(_m(obj.get("metadata")).get("name")), str(_m(obj.get("status")).get("phase") or ""),
            _age(obj, now)]


def _networkpolicy(obj: JSON, wide: bool, now: datetime) -> list[str]:
    return [str(_m(obj.get("metadata")).get("name")),
            format_selector(_m(obj.get("spec")).get("podSelector")), _age(obj, now)]


#: kind -> (columns, wide columns, row function)
TABLES: dict[str, tuple[list[str], list[str], Callable[[JSON, bool, datetime], list[str]]]] = {
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            _pod),
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"], _service),
    "Endpoints": (["NAME", "ENDPOINTS", "AGE"], [], _endpoints),
    "EndpointSlice": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], [], _endpointslice),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"],
                   _deployment),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _replicaset),
    "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"], _statefulset),
    "DaemonSet": (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
                  ["CONTAINERS", "IMAGES", "SELECTOR"], _daemonset),
    "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _job),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], _node),
    "Namespace": (["NAME", "STATUS", "AGE"], [], _namespace),
    "NetworkPolicy": (["NAME", "POD-SELECTOR", "AGE"], [], _networkpolicy),
}


def escape_cell(text: str) -> str:
    """``printTable``: cut at the first newline/CR/FF and append ``...``; ESC as ``^[``."""
    cut = min((i for i in (text.find("\n"), text.find("\r"), text.find("\f")) if i >= 0), default=-1)
    truncated = cut >= 0
    if truncated:
        text = text[:cut]
    text = text.replace("\x1b", "^[")
    return text + ("..." if truncated else "")
