"""The console's view of the simulated cluster: API objects as the API server returns them.

The engine (:mod:`tutor.k8s`) decides *what happens* (which Pods exist, where, with which
IP, ready or not; which Services were admitted, with which cluster IP and node ports;
which Pods a Service selects). This module dresses that up as full API objects (plain
dicts in the API's JSON shape) for ``get``, ``describe``, ``-o yaml`` and friends,
adding what a real cluster adds: defaults, statuses, owner references, EndpointSlices,
Endpoints, ReplicaSets, Nodes, Namespaces, the ``kubernetes`` Service and Events.

Sources, in order:

1. the **base** cluster (a :class:`~tutor.k8s.cluster.Cluster`, copied, never changed)
   and the manifest texts it was built from (for images, probes, workloads...);
2. **applied** texts (the lab's editor, or ``ktutor kubectl --from`` files): their Pods
   and workloads join the cluster, then their Services are admitted by the engine, as
   ``kubectl apply`` would;
3. the learner's imperative changes (``label``, ``annotate``, ``expose``), applied to
   this view by :mod:`tutor.kubectl.console` through :meth:`World.set_labels`,
   :meth:`World.set_annotations` and :meth:`World.create_service`.

Creation times are deterministic offsets from the console's *epoch* (the time it was
opened, or ``KTUTOR_NOW``): the cluster itself (Nodes, system Namespaces, the
``kubernetes`` Service) is 3 days old, base objects 10 minutes, applied objects 5
minutes; an object created by a command is created when the command runs (at the epoch
when it is replayed). A dump's own ``metadata.creationTimestamp`` wins.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Node, Pod, Service, ServicePort
from tutor.kubectl.clock import parse_rfc3339, rfc3339
from tutor.kubectl.resources import BY_KIND, ResourceType

JSON = dict[str, Any]

SYSTEM_AGE = timedelta(days=3)
BASE_AGE = timedelta(minutes=10)
APPLIED_AGE = timedelta(minutes=5)
KUBELET_VERSION = "v1.34.1"
NODE_OS_IMAGE = "Debian GNU/Linux 12 (bookworm)"
NODE_KERNEL = "6.8.0-45-generic"
NODE_RUNTIME = "containerd://2.1.3"
DNS_SERVICE_IP = "10.96.0.10"
KUBERNETES_SERVICE_IP = "10.96.0.1"
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
WORKLOAD_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
DEFAULT_TOLERATIONS: list[JSON] = [
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
]


# --------------------------------------------------------------------------- helpers
def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).digest()


def stable_uid(*parts: str) -> str:
    return str(uuid.UUID(bytes=_digest("uid", *parts)[:16], version=4))


def stable_hex(*parts: str, length: int = 64) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:length]


def resource_version(*parts: str) -> str:
    return str(1000 + int.from_bytes(_digest("rv", *parts)[:3], "big") % 90000)


def _suffix(seed: str, length: int = 5) -> str:
    from tutor.k8s.pods import generated_suffix

    return generated_suffix(seed, length)


def _mapping(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str_map(value: Any) -> dict[str, str]:
    return {str(k): ("" if v is None else str(v)) for k, v in _mapping(value).items()}


def image_id(image: str) -> str:
    """``docker.io/library/nginx@sha256:...`` for ``nginx:1.27`` (a stable made-up digest)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = f"docker.io/library/{name}"
    elif "." not in first and ":" not in first and first != "localhost":
        name = f"docker.io/{name}"
    return f"{name}@sha256:{stable_hex('image', image)}"


def pull_policy(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    if "@" in image:
        return "IfNotPresent"
    if ":" not in last or last.endswith(":latest"):
        return "Always"
    return "IfNotPresent"


@dataclass
class Event:
    type: str  # Normal / Warning
    reason: str
    source: str  # "default-scheduler", "kubelet", ...
    message: str
    first: datetime
    last: datetime
    count: int = 1


@dataclass
class PodInfo:
    """Where a Pod's manifest comes from."""

    spec: JSON  # the Pod spec (from the manifest or the workload's template)
    meta: JSON  # metadata from the manifest (annotations; labels live in the engine)
    origin: str  # "base", "applied", "command"
    created: datetime
    #: ("ReplicaSet", "web-6d4cf56db6") etc., or None for a bare Pod
    controller: tuple[str, str] | None = None
    raw_status: JSON = field(default_factory=dict)


@dataclass
class Stored:
    """A primary object that has no engine counterpart (workloads, other kinds), or the
    extra metadata of one that has (Services)."""

    kind: str
    obj: JSON  # the manifest as written (metadata updated by label/annotate)
    origin: str
    created: datetime


# --------------------------------------------------------------------------- documents
def documents(text: str | bytes | Sequence[Any] | None) -> list[JSON]:
    """The mappings of a manifest text (``kind: List`` dumps expanded), or of a list of
    already-loaded manifests. Broken documents are left out (the engine reports them)."""
    if text is None:
        return []
    raw: list[Any] = []
    if isinstance(text, (str, bytes)):
        from tutor.k8s.yamlpos import parse, to_python

        result = parse(text)
        raw = [to_python(doc.root) for doc in result.documents]
    else:
        raw = list(text)
    out: list[JSON] = []
    for obj in raw:
        if not isinstance(obj, dict):
            continue
        kind = obj.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(obj.get("items"), list):
            out.extend(item for item in obj["items"] if isinstance(item, dict))
        else:
            out.append(obj)
    return out


def expand_lists(text: str | bytes) -> str | bytes:
    """``text`` with every ``kind: List`` document replaced by its items (the engine reads
    one object per document). Unchanged when it has no List."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return text
    if "List" not in text:
        return text
    from tutor.k8s.yamlpos import parse, to_python

    result = parse(text)
    if result.error is not None:
        return text
    objs = [to_python(doc.root) for doc in result.documents]
    if not any(isinstance(o, dict) and str(o.get("kind", "")).endswith("List") and isinstance(o.get("items"), list)
               for o in objs):
        return text
    parts = [json.dumps(o, default=str) for o in documents(objs)]
    return "\n---\n".join(parts) + "\n"


def _meta_name(obj: JSON) -> tuple[str, str]:
    meta = _mapping(obj.get("metadata"))
    name = meta.get("name")
    ns = meta.get("namespace")
    return (str(ns) if isinstance(ns, str) and ns else "default", str(name) if isinstance(name, str) else "")


# --------------------------------------------------------------------------- the world
class World:
    """The cluster view. Build it with :func:`build`; change it only through the methods."""

    def __init__(self, cluster: Cluster, epoch: datetime) -> None:
        self.cluster = cluster
        self.epoch = epoch
        self.pods: dict[tuple[str, str], PodInfo] = {}
        #: (kind, namespace, name) -> manifest, for workloads, Services' metadata and other kinds
        self.stored: dict[tuple[str, str, str], Stored] = {}
        self.node_meta: dict[str, JSON] = {}
        self.node_docs: dict[str, JSON] = {}
        self.namespace_meta: dict[str, JSON] = {}
        self.namespace_created: dict[str, datetime] = {}
        self._derived: dict[str, Any] | None = None

    # ------------------------------------------------------------ sources
    def _created(self, obj: JSON, origin: str, when: datetime | None = None) -> datetime:
        stamp = _mapping(obj.get("metadata")).get("creationTimestamp")
        if isinstance(stamp, str):
            parsed = parse_rfc3339(stamp)
            if parsed is not None:
                return parsed
        if when is not None:
            return when
        return self.epoch - (BASE_AGE if origin == "base" else APPLIED_AGE)

    def learn(self, docs: Iterable[JSON], origin: str, when: datetime | None = None) -> None:
        """Remember the manifests behind the engine's objects (Pods, workloads, Services,
        other kinds). Later documents of the same kind/namespace/name win."""
        nodes = self.cluster.nodes
        for obj in docs:
            kind = obj.get("kind")
            if not isinstance(kind, str):
                continue
            ns, name = _meta_name(obj)
            if not name:
                continue
            created = self._created(obj, origin, when)
            self._note_namespace(ns, created)
            if kind == "Pod" and obj.get("apiVersion") in (None, "v1"):
                self.pods[(ns, name)] = PodInfo(spec=_mapping(obj.get("spec")), meta=_mapping(obj.get("metadata")),
                                                origin=origin, created=created,
                                                controller=_controller_of(obj),
                                                raw_status=_mapping(obj.get("status")))
            elif kind in WORKLOAD_KINDS:
                self.stored[(kind, ns, name)] = Stored(kind, copy.deepcopy(obj), origin, created)
                self._learn_workload(obj, ns, name, origin, created, nodes)
            elif kind == "Node":
                self.node_meta[name] = copy.deepcopy(_mapping(obj.get("metadata")))
                self.node_docs[name] = copy.deepcopy(obj)
            elif kind == "Namespace":
                self.namespace_meta[name] = copy.deepcopy(_mapping(obj.get("metadata")))
                self.namespace_created.setdefault(name, created)
            else:
                self.stored[(kind, ns, name)] = Stored(kind, copy.deepcopy(obj), origin, created)

    def _learn_workload(self, obj: JSON, ns: str, name: str, origin: str, created: datetime,
                        nodes: Sequence[Node]) -> None:
        from tutor.k8s.pods import PodError, pods_from_workload, template_hash

        try:
            made = pods_from_workload(obj, None, list(nodes))
        except (PodError, Exception):  # noqa: BLE001 - a broken workload has no Pods
            return
        template = _mapping(_mapping(obj.get("spec")).get("template"))
        kind = str(obj.get("kind"))
        if kind == "Deployment":
            controller: tuple[str, str] = ("ReplicaSet", f"{name}-{template_hash(template)}")
        else:
            controller = (kind, name)
        tmeta = _mapping(template.get("metadata"))
        for pod in made:
            self.pods[(ns, pod.name)] = PodInfo(spec=_mapping(template.get("spec")), meta=dict(tmeta), origin=origin,
                                                created=created, controller=controller)

    def _note_namespace(self, ns: str, created: datetime) -> None:
        if ns not in SYSTEM_NAMESPACES:
            old = self.namespace_created.get(ns)
            if old is None or created < old:
                self.namespace_created[ns] = created

    def invalidate(self) -> None:
        self._derived = None

    # ------------------------------------------------------------ time
    def created_of(self, kind: str, ns: str, name: str) -> datetime:
        if kind == "Pod":
            info = self.pods.get((ns, name))
            return info.created if info else self.epoch - BASE_AGE
        stored = self.stored.get((kind, ns, name))
        if stored is not None:
            return stored.created
        return self.epoch - BASE_AGE

    # ------------------------------------------------------------ lookups
    def pod_info(self, pod: Pod) -> PodInfo:
        info = self.pods.get((pod.namespace, pod.name))
        if info is None:
            info = PodInfo(spec=_synthetic_spec(pod), meta={}, origin="base", created=self.epoch - BASE_AGE,
                           controller=_controller_from_owner(pod))
            self.pods[(pod.namespace, pod.name)] = info
        return info

    def namespaces(self) -> list[str]:
        names = set(SYSTEM_NAMESPACES) | set(self.cluster.namespaces()) | set(self.namespace_created)
        names |= {k[1] for k in self.stored if k[0] not in ("Node", "Namespace")}
        return sorted(names)

    # ------------------------------------------------------------ objects
    def objects(self, rtype: ResourceType, namespace: str | None) -> list[JSON]:
        """Every object of a type (in ``namespace``, or all with None), in the API server's
        list order (namespace, then name)."""
        kind = rtype.kind
        out: list[JSON]
        if kind == "Pod":
            out = [self.pod_object(p) for p in self.cluster.pods if namespace is None or p.namespace == namespace]
        elif kind == "Service":
            out = [self.service_object(s) for s in self.cluster.services
                   if namespace is None or s.namespace == namespace]
            out += [o for o in self.system_services() if namespace is None or _meta_name(o)[0] == namespace]
        elif kind == "EndpointSlice":
            out = [o for o in self.derived()["slices"] if namespace is None or _meta_name(o)[0] == namespace]
        elif kind == "Endpoints":
            out = [o for o in self.derived()["endpoints"] if namespace is None or _meta_name(o)[0] == namespace]
        elif kind == "ReplicaSet":
            out = [o for o in self.derived()["replicasets"] if namespace is None or _meta_name(o)[0] == namespace]
        elif kind in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
            out = [self.workload_object(s) for key, s in self.stored.items()
                   if key[0] == kind and (namespace is None or key[1] == namespace)]
        elif kind == "Node":
            out = [self.node_object(n) for n in self.cluster.nodes]
        elif kind == "Namespace":
            out = [self.namespace_object(n) for n in self.namespaces()]
        else:
            out = [self._plain_object(s) for key, s in self.stored.items()
                   if key[0] == kind and (namespace is None or key[1] == namespace)]
        out.sort(key=lambda o: _meta_name(o) if rtype.namespaced else ("", _meta_name(o)[1]))
        return out

    def get(self, rtype: ResourceType, namespace: str, name: str) -> JSON | None:
        if rtype.kind == "Pod":
            pod = self.cluster.pod(name, namespace)
            return self.pod_object(pod) if pod is not None else None
        if rtype.kind == "Service":
            svc = self.cluster.service(name, namespace)
            if svc is not None:
                return self.service_object(svc)
        for obj in self.objects(rtype, namespace if rtype.namespaced else None):
            if _meta_name(obj)[1] == name:
                return obj
        return None

    # ------------------------------------------------------------ metadata
    def _meta(self, kind: str, ns: str | None, name: str, created: datetime, labels: dict[str, str] | None,
              annotations: dict[str, str] | None, extra: JSON | None = None) -> JSON:
        meta: JSON = {"creationTimestamp": rfc3339(created), "name": name}
        if ns is not None:
            meta["namespace"] = ns
        if labels:
            meta["labels"] = dict(labels)
        if annotations:
            meta["annotations"] = dict(annotations)
        meta["resourceVersion"] = resource_version(kind, ns or "", name)
        meta["uid"] = stable_uid(kind, ns or "", name)
        if extra:
            meta.update(extra)
        return meta

    # ------------------------------------------------------------ Pods
    def pod_object(self, pod: Pod) -> JSON:
        info = self.pod_info(pod)
        created = info.created
        ns, name = pod.namespace, pod.name
        annotations = _str_map(info.meta.get("annotations"))
        extra: JSON = {}
        if info.controller is not None:
            ckind, cname = info.controller
            group = BY_KIND[ckind].api_version if ckind in BY_KIND else "apps/v1"
            extra["ownerReferences"] = [{"apiVersion": group, "blockOwnerDeletion": True, "controller": True,
                                         "kind": ckind, "name": cname, "uid": stable_uid(ckind, ns, cname)}]
            if ckind != "StatefulSet":
                extra["generateName"] = name.rsplit("-", 1)[0] + "-"
        if pod.terminating:
            extra["deletionGracePeriodSeconds"] = 30
            extra["deletionTimestamp"] = rfc3339(self.epoch + timedelta(seconds=30))
        meta = self._meta("Pod", ns, name, created, pod.labels, annotations, extra)
        spec = self._pod_spec(pod, info)
        status = self._pod_status(pod, info, spec)
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}

    def _pod_spec(self, pod: Pod, info: PodInfo) -> JSON:
        raw = copy.deepcopy(info.spec)
        volume = f"kube-api-access-{_suffix(pod.namespace + '/' + pod.name + '/token')}"
        spec: JSON = dict(raw)
        containers = [_default_container(c, volume) for c in _list(raw.get("containers")) if isinstance(c, dict)]
        spec["containers"] = containers
        if raw.get("initContainers"):
            spec["initContainers"] = [_default_container(c, volume) for c in _list(raw.get("initContainers"))
                                      if isinstance(c, dict)]
        spec.setdefault("dnsPolicy", "ClusterFirst")
        spec.setdefault("enableServiceLinks", True)
        if pod.node:
            spec["nodeName"] = pod.node
        spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
        spec.setdefault("priority", 0)
        spec.setdefault("restartPolicy", "Always")
        spec.setdefault("schedulerName", "default-scheduler")
        spec.setdefault("securityContext", {})
        account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
        spec["serviceAccount"] = account
        spec["serviceAccountName"] = account
        spec.setdefault("terminationGracePeriodSeconds", 30)
        tolerations = list(_list(spec.get("tolerations")))
        keys = {t.get("key") for t in tolerations if isinstance(t, dict)}
        tolerations += [dict(t) for t in DEFAULT_TOLERATIONS if t["key"] not in keys]
        spec["tolerations"] = tolerations
        volumes = list(_list(spec.get("volumes")))
        volumes.append({"name": volume, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                        "path": "namespace"}]}},
        ]}})
        spec["volumes"] = volumes
        if pod.hostname and pod.owner and pod.owner.startswith("StatefulSet/"):
            spec["hostname"] = pod.hostname
            if pod.subdomain:
                spec["subdomain"] = pod.subdomain
        return spec

    def _pod_status(self, pod: Pod, info: PodInfo, spec: JSON) -> JSON:
        created = info.created
        start = created
        started = created + timedelta(seconds=2)
        node = self.cluster.node(pod.node) if pod.node else None
        phase = pod.phase
        status: JSON = {"phase": phase}
        scheduled = pod.node is not None and node is not None
        ready = pod.ready and phase == "Running" and not pod.terminating
        conds: list[JSON] = []

        def cond(kind: str, ok: bool, reason: str | None = None, message: str | None = None) -> None:
            c: JSON = {"lastProbeTime": None, "lastTransitionTime": rfc3339(start if ok else created),
                       "status": "True" if ok else "False", "type": kind}
            if reason:
                c["reason"] = reason
            if message:
                c["message"] = message
            conds.append(c)

        names = [str(c.get("name")) for c in spec.get("containers", [])]
        if not scheduled:
            cond("PodScheduled", False, "Unschedulable",
                 "0/{n} nodes are available: {n} node(s) didn't match Pod's node affinity/selector."
                 .format(n=len(self.cluster.nodes)) if pod.node else None)
            status["conditions"] = conds
            status["qosClass"] = _qos(spec)
            return status
        running = phase == "Running"
        terminal = phase in ("Succeeded", "Failed")
        unready = ", ".join(names)
        cond("PodReadyToStartContainers", running)
        cond("Initialized", True, "PodCompleted" if terminal else None)
        if ready:
            cond("Ready", True)
            cond("ContainersReady", True)
        else:
            reason = "PodCompleted" if terminal else "ContainersNotReady"
            msg = None if terminal else f"containers with unready status: [{unready}]"
            cond("Ready", False, reason, msg)
            cond("ContainersReady", False, reason, msg)
        cond("PodScheduled", True)
        status["conditions"] = conds
        statuses: list[JSON] = []
        for c in spec.get("containers", []):
            statuses.append(self._container_status(pod, c, phase, ready, started, sidecar=False))
        status["containerStatuses"] = statuses
        if node is not None:
            status["hostIP"] = node.ip
            status["hostIPs"] = [{"ip": node.ip}]
        init_statuses = []
        for c in spec.get("initContainers", []) or []:
            sidecar = c.get("restartPolicy") == "Always"
            init_statuses.append(self._container_status(pod, c, phase, ready, started, sidecar=sidecar,
                                                        init=not sidecar))
        if init_statuses:
            status["initContainerStatuses"] = init_statuses
        if pod.ip:
            status["podIP"] = pod.ip
            status["podIPs"] = [{"ip": pod.ip}]
        status["qosClass"] = _qos(spec)
        status["startTime"] = rfc3339(start)
        return status

    def _container_status(self, pod: Pod, c: JSON, phase: str, ready: bool, started: datetime, *,
                          sidecar: bool, init: bool = False) -> JSON:
        name = str(c.get("name"))
        image = str(c.get("image") or "")
        out: JSON = {"image": image, "imageID": "", "lastState": {}, "name": name, "ready": False,
                     "restartCount": 0, "started": False}
        if phase == "Pending":
            out["state"] = {"waiting": {"reason": "PodInitializing" if init else "ContainerCreating"}}
            return out
        out["containerID"] = "containerd://" + stable_hex("container", pod.namespace, pod.name, name)
        out["imageID"] = image_id(image)
        if init or phase in ("Succeeded", "Failed"):
            code = 0 if init or phase == "Succeeded" else 1
            out["state"] = {"terminated": {
                "containerID": out["containerID"], "exitCode": code,
                "finishedAt": rfc3339(started + timedelta(seconds=1)),
                "reason": "Completed" if code == 0 else "Error", "startedAt": rfc3339(started)}}
            return out
        out["ready"] = ready
        out["started"] = True
        out["state"] = {"running": {"startedAt": rfc3339(started)}}
        return out

    def pod_events(self, pod: Pod) -> list[Event]:
        info = self.pod_info(pod)
        t0 = info.created
        if pod.node is None or self.cluster.node(pod.node) is None:
            return []
        events = [Event("Normal", "Scheduled", "default-scheduler",
                        f"Successfully assigned {pod.namespace}/{pod.name} to {pod.node}", t0, t0)]
        if pod.phase == "Pending":
            return events
        spec = self._pod_spec(pod, info)
        for c in list(spec.get("initContainers", []) or []) + list(spec.get("containers", [])):
            image = str(c.get("image") or "")
            name = str(c.get("name"))
            t1, t2 = t0 + timedelta(seconds=1), t0 + timedelta(seconds=2)
            events.append(Event("Normal", "Pulled", "kubelet",
                                f'Container image "{image}" already present on machine', t1, t1))
            events.append(Event("Normal", "Created", "kubelet", f"Created container: {name}", t1, t1))
            events.append(Event("Normal", "Started", "kubelet", f"Started container {name}", t2, t2))
        if pod.phase == "Running" and not pod.ready:
            for c in spec.get("containers", []):
                probe = _mapping(c.get("readinessProbe"))
                if not probe:
                    continue
                first = t0 + timedelta(seconds=5)
                last = self.epoch - timedelta(seconds=4)
                period = int(probe.get("periodSeconds") or 10)
                count = max(1, int((last - first).total_seconds()) // max(period, 1) + 1)
                events.append(Event("Warning", "Unhealthy", "kubelet", _probe_failure(pod, c, probe),
                                    first, last if count > 1 else first, count))
        return events

    # ------------------------------------------------------------ Services
    def service_stored(self, svc: Service) -> Stored | None:
        return self.stored.get(("Service", svc.namespace, svc.name))

    def service_object(self, svc: Service) -> JSON:
        stored = self.service_stored(svc)
        created = stored.created if stored else self.epoch - BASE_AGE
        raw = stored.obj if stored else {}
        raw_meta = _mapping(raw.get("metadata"))
        raw_spec = _mapping(raw.get("spec"))
        annotations = _str_map(raw_meta.get("annotations"))
        meta = self._meta("Service", svc.namespace, svc.name, created, svc.labels, annotations)
        spec: JSON = {}
        if svc.type == "LoadBalancer":
            spec["allocateLoadBalancerNodePorts"] = (svc.allocate_load_balancer_node_ports
                                                     if svc.allocate_load_balancer_node_ports is not None else True)
        if svc.type != "ExternalName":
            spec["clusterIP"] = svc.cluster_ip
            spec["clusterIPs"] = list(svc.cluster_ips) or [svc.cluster_ip]
        if svc.external_ips:
            spec["externalIPs"] = list(svc.external_ips)
        if svc.type == "ExternalName":
            spec["externalName"] = svc.external_name
        if svc.external_traffic_policy:
            spec["externalTrafficPolicy"] = svc.external_traffic_policy
        if svc.health_check_node_port:
            spec["healthCheckNodePort"] = svc.health_check_node_port
        if svc.internal_traffic_policy:
            spec["internalTrafficPolicy"] = svc.internal_traffic_policy
        if svc.type != "ExternalName":
            spec["ipFamilies"] = ["IPv4"]
            spec["ipFamilyPolicy"] = raw_spec.get("ipFamilyPolicy") if raw_spec.get("ipFamilyPolicy") in (
                "SingleStack", "PreferDualStack", "RequireDualStack") else "SingleStack"
        if raw_spec.get("loadBalancerIP"):
            spec["loadBalancerIP"] = raw_spec["loadBalancerIP"]
        if svc.ports:
            spec["ports"] = [_port_json(p, svc) for p in svc.ports]
        if svc.publish_not_ready_addresses:
            spec["publishNotReadyAddresses"] = True
        if svc.selector:
            spec["selector"] = dict(svc.selector)
        spec["sessionAffinity"] = svc.session_affinity
        if svc.session_affinity == "ClientIP":
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": svc.session_affinity_timeout or 10800}}
        spec["type"] = svc.type
        status: JSON = {"loadBalancer": {}}
        address = self.cluster.load_balancer_address(svc)
        if address:
            status["loadBalancer"] = {"ingress": [{"ip": address, "ipMode": "VIP"}]}
        return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec, "status": status}

    def system_services(self) -> list[JSON]:
        """The ``kubernetes`` Service every cluster has (the API server), when the engine's
        cluster has no Service of that name."""
        if self.cluster.service("kubernetes", "default") is not None:
            return []
        created = self.epoch - SYSTEM_AGE
        meta = self._meta("Service", "default", "kubernetes", created,
                          {"component": "apiserver", "provider": "kubernetes"}, None)
        spec = {"clusterIP": KUBERNETES_SERVICE_IP, "clusterIPs": [KUBERNETES_SERVICE_IP],
                "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                "sessionAffinity": "None", "type": "ClusterIP"}
        return [{"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec,
                 "status": {"loadBalancer": {}}}]

    def api_server_ip(self) -> str:
        return self.cluster.nodes[0].ip if self.cluster.nodes else "192.168.49.2"

    # ------------------------------------------------------------ derived objects
    def derived(self) -> dict[str, Any]:
        if self._derived is None:
            self._derived = {"slices": self._slices(), "endpoints": self._endpoints(),
                             "replicasets": self._replicasets()}
        return self._derived

    def _endpoint_pods(self, svc: Service) -> list[tuple[Pod, bool]]:
        from tutor.k8s.selection import select

        return select(svc, self.cluster, others=False).endpoint_states()

    def _slices(self) -> list[JSON]:
        out: list[JSON] = []
        for svc in self.cluster.services:
            if not svc.manages_endpoints:
                continue
            stored = self.service_stored(svc)
            created = stored.created if stored else self.epoch - BASE_AGE
            groups: dict[tuple[tuple[str, int, str], ...], list[tuple[Pod, bool]]] = {}
            for pod, ready in self._endpoint_pods(svc):
                ports = tuple((p.name, num, p.protocol) for p in svc.ports
                              if (num := find_port(pod, p)) is not None)
                groups.setdefault(ports, []).append((pod, ready))
            labels = {**svc.labels, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                      "kubernetes.io/service-name": svc.name}
            if not groups:
                groups[()] = []
            for i, (ports, members) in enumerate(groups.items()):
                name = f"{svc.name}-{_suffix(f'{svc.namespace}/{svc.name}/slice/{i}')}"
                annotations = {"endpoints.kubernetes.io/last-change-trigger-time": rfc3339(created)}
                extra = {"generateName": f"{svc.name}-", "generation": 1,
                         "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True,
                                              "kind": "Service", "name": svc.name,
                                              "uid": stable_uid("Service", svc.namespace, svc.name)}]}
                meta = self._meta("EndpointSlice", svc.namespace, name, created, labels, annotations, extra)
                endpoints = []
                for pod, ready in members:
                    endpoints.append({
                        "addresses": [pod.ip],
                        "conditions": {"ready": ready, "serving": pod.ready and pod.phase == "Running",
                                       "terminating": pod.terminating},
                        **({"nodeName": pod.node} if pod.node else {}),
                        "targetRef": {"kind": "Pod", "name": pod.name, "namespace": pod.namespace,
                                      "uid": stable_uid("Pod", pod.namespace, pod.name)},
                    })
                obj: JSON = {"addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "endpoints": endpoints,
                             "kind": "EndpointSlice", "metadata": meta,
                             "ports": [{"name": n, "port": num, "protocol": proto} for n, num, proto in ports]
                             if (ports or members) else None}
                out.append(obj)
        if not self.system_services():
            return out
        created = self.epoch - SYSTEM_AGE
        meta = self._meta("EndpointSlice", "default", "kubernetes", created,
                          {"kubernetes.io/service-name": "kubernetes"}, None, {"generation": 1})
        out.append({"addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1",
                    "endpoints": [{"addresses": [self.api_server_ip()],
                                   "conditions": {"ready": True, "serving": True, "terminating": False}}],
                    "kind": "EndpointSlice", "metadata": meta,
                    "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]})
        return out

    def _endpoints(self) -> list[JSON]:
        out: list[JSON] = []
        for svc in self.cluster.services:
            if not svc.manages_endpoints:
                continue
            stored = self.service_stored(svc)
            created = stored.created if stored else self.epoch - BASE_AGE
            groups: dict[tuple[tuple[str, int, str], ...], tuple[list[str], list[str]]] = {}
            for pod, ready in self._endpoint_pods(svc):
                if pod.terminating and not svc.publish_not_ready_addresses:
                    continue
                if svc.headless and not svc.ports:
                    ports: tuple[tuple[str, int, str], ...] = ()
                else:
                    ports = tuple((p.name, num, p.protocol) for p in svc.ports
                                  if (num := find_port(pod, p)) is not None)
                    if not ports:
                        continue
                addresses, not_ready = groups.setdefault(ports, ([], []))
                (addresses if ready else not_ready).append(pod.ip or "")
            subsets = []
            for ports, (addresses, not_ready) in groups.items():
                subset: JSON = {}
                if addresses:
                    subset["addresses"] = [{"ip": ip} for ip in sorted(addresses)]
                if not_ready:
                    subset["notReadyAddresses"] = [{"ip": ip} for ip in sorted(not_ready)]
                if ports:
                    subset["ports"] = [{"name": n, "port": num, "protocol": proto}
                                       for n, num, proto in sorted(ports)]
                subsets.append(subset)
            labels = {**svc.labels, "endpoints.kubernetes.io/managed-by": "endpoint-controller"}
            annotations = {"endpoints.kubernetes.io/last-change-trigger-time": rfc3339(created)}
            meta = self._meta("Endpoints", svc.namespace, svc.name, created, labels, annotations)
            obj: JSON = {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta}
            if subsets:
                obj["subsets"] = subsets
            out.append(obj)
        if self.system_services():
            created = self.epoch - SYSTEM_AGE
            meta = self._meta("Endpoints", "default", "kubernetes", created,
                              {"endpointslice.kubernetes.io/skip-mirror": "true"}, None)
            out.append({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta,
                        "subsets": [{"addresses": [{"ip": self.api_server_ip()}],
                                     "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]})
        return out

    # ------------------------------------------------------------ workloads
    def _owned_pods(self, kind: str, ns: str, name: str) -> list[Pod]:
        owner = f"{kind}/{name}"
        return [p for p in self.cluster.pods if p.namespace == ns and p.owner == owner]

    def workload_object(self, stored: Stored) -> JSON:
        obj = copy.deepcopy(stored.obj)
        kind = stored.kind
        ns, name = _meta_name(obj)
        raw_meta = _mapping(obj.get("metadata"))
        annotations = _str_map(raw_meta.get("annotations"))
        if kind == "Deployment":
            annotations.setdefault("deployment.kubernetes.io/revision", "1")
        meta = self._meta(kind, ns, name, stored.created, _str_map(raw_meta.get("labels")), annotations,
                          {"generation": 1})
        spec = _mapping(obj.get("spec"))
        if isinstance(spec.get("template"), dict):
            spec["template"] = default_template(spec["template"])
        pods = self._owned_pods(kind, ns, name)
        ready = sum(1 for p in pods if p.ready and p.phase == "Running")
        status: JSON
        if kind == "Deployment":
            replicas = _int(spec.get("replicas"), 1)
            spec["replicas"] = replicas
            spec.setdefault("progressDeadlineSeconds", 600)
            spec.setdefault("revisionHistoryLimit", 10)
            strategy = _mapping(spec.get("strategy"))
            if not strategy.get("type"):
                strategy["type"] = "RollingUpdate"
            if strategy["type"] == "RollingUpdate":
                ru = _mapping(strategy.get("rollingUpdate"))
                ru.setdefault("maxSurge", "25%")
                ru.setdefault("maxUnavailable", "25%")
                strategy["rollingUpdate"] = ru
            spec["strategy"] = strategy
            total = len(pods)
            status = {"observedGeneration": 1, "replicas": total, "updatedReplicas": total,
                      "readyReplicas": ready, "availableReplicas": ready}
            if total - ready > 0:
                status["unavailableReplicas"] = total - ready
            for key in ("readyReplicas", "availableReplicas", "replicas", "updatedReplicas"):
                if not status[key]:
                    del status[key]
            t = rfc3339(stored.created + timedelta(seconds=3))
            available = ready >= replicas - _max_unavailable(strategy, replicas)
            rs_name = self.deployment_rs_name(obj)
            status["conditions"] = [
                {"lastTransitionTime": t, "lastUpdateTime": t,
                 "message": "Deployment has minimum availability." if available
                 else "Deployment does not have minimum availability.",
                 "reason": "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
                 "status": "True" if available else "False", "type": "Available"},
                {"lastTransitionTime": t, "lastUpdateTime": t,
                 "message": f'ReplicaSet "{rs_name}" has successfully progressed.' if ready >= replicas
                 else f'ReplicaSet "{rs_name}" is progressing.',
                 "reason": "NewReplicaSetAvailable" if ready >= replicas else "ReplicaSetUpdated",
                 "status": "True", "type": "Progressing"},
            ]
        elif kind == "StatefulSet":
            spec["replicas"] = _int(spec.get("replicas"), 1)
            status = {"availableReplicas": ready, "currentReplicas": len(pods), "observedGeneration": 1,
                      "readyReplicas": ready, "replicas": len(pods), "updatedReplicas": len(pods)}
        elif kind == "DaemonSet":
            status = {"currentNumberScheduled": len(pods), "desiredNumberScheduled": len(pods),
                      "numberAvailable": ready, "numberMisscheduled": 0, "numberReady": ready,
                      "observedGeneration": 1, "updatedNumberScheduled": len(pods)}
        elif kind == "ReplicaSet":
            spec["replicas"] = _int(spec.get("replicas"), 1)
            status = {"availableReplicas": ready, "fullyLabeledReplicas": len(pods), "observedGeneration": 1,
                      "readyReplicas": ready, "replicas": len(pods)}
        else:  # Job
            status = {"active": sum(1 for p in pods if p.phase == "Running"), "ready": ready,
                      "startTime": rfc3339(stored.created)}
        out: JSON = {"apiVersion": BY_KIND[kind].api_version, "kind": kind, "metadata": meta, "spec": spec,
                     "status": status}
        return out

    def deployment_rs_name(self, obj: JSON) -> str:
        """The ReplicaSet of a Deployment: ``<name>-<pod-template-hash>`` of the template as
        written (the hash the engine gave its Pods)."""
        from tutor.k8s.pods import template_hash

        ns, name = _meta_name(obj)
        stored = self.stored.get(("Deployment", ns, name))
        raw = stored.obj if stored is not None else obj
        return f"{name}-{template_hash(_mapping(_mapping(raw.get('spec')).get('template')))}"

    def _replicasets(self) -> list[JSON]:
        from tutor.k8s.pods import template_hash

        out = []
        for key, stored in self.stored.items():
            if key[0] == "ReplicaSet":
                out.append(self.workload_object(stored))
            if key[0] != "Deployment":
                continue
            obj = stored.obj
            ns, name = _meta_name(obj)
            spec = _mapping(obj.get("spec"))
            template = default_template(_mapping(spec.get("template")))
            hash_ = template_hash(_mapping(spec.get("template")))
            rs_name = f"{name}-{hash_}"
            tmeta = _mapping(template.get("metadata"))
            labels = {**_str_map(tmeta.get("labels")), "pod-template-hash": hash_}
            tmeta["labels"] = labels
            template["metadata"] = tmeta
            selector = copy.deepcopy(_mapping(spec.get("selector")))
            match = _str_map(selector.get("matchLabels"))
            match["pod-template-hash"] = hash_
            selector["matchLabels"] = match
            replicas = _int(spec.get("replicas"), 1)
            annotations = {"deployment.kubernetes.io/desired-replicas": str(replicas),
                           "deployment.kubernetes.io/max-replicas": str(replicas + _max_surge(spec, replicas)),
                           "deployment.kubernetes.io/revision": "1"}
            extra = {"generation": 1, "ownerReferences": [
                {"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True, "kind": "Deployment",
                 "name": name, "uid": stable_uid("Deployment", ns, name)}]}
            meta = self._meta("ReplicaSet", ns, rs_name, stored.created, labels, annotations, extra)
            pods = self._owned_pods("Deployment", ns, name)
            ready = sum(1 for p in pods if p.ready and p.phase == "Running")
            status: JSON = {"availableReplicas": ready, "fullyLabeledReplicas": len(pods), "observedGeneration": 1,
                            "readyReplicas": ready, "replicas": len(pods)}
            for k in ("availableReplicas", "fullyLabeledReplicas", "readyReplicas"):
                if not status[k]:
                    del status[k]
            out.append({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta,
                        "spec": {"replicas": replicas, "selector": selector, "template": template},
                        "status": status})
        return out

    def deployment_events(self, obj: JSON) -> list[Event]:
        ns, name = _meta_name(obj)
        stored = self.stored.get(("Deployment", ns, name))
        if stored is None:
            return []
        replicas = _int(_mapping(obj.get("spec")).get("replicas"), 1)
        if replicas == 0:
            return []
        t = stored.created
        return [Event("Normal", "ScalingReplicaSet", "deployment-controller",
                      f"Scaled up replica set {self.deployment_rs_name(obj)} from 0 to {replicas}", t, t)]

    # ------------------------------------------------------------ Nodes, Namespaces, others
    def node_object(self, node: Node) -> JSON:
        meta_in = self.node_meta.get(node.name, {})
        labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                  "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux"}
        labels.update(_str_map(meta_in.get("labels")))
        annotations = {"node.alpha.kubernetes.io/ttl": "0",
                       "volumes.kubernetes.io/controller-managed-attach-detach": "true"}
        annotations.update(_str_map(meta_in.get("annotations")))
        doc = self.node_docs.get(node.name, {})
        stamp = _mapping(doc.get("metadata")).get("creationTimestamp")
        created = (parse_rfc3339(stamp) if isinstance(stamp, str) else None) or self.epoch - SYSTEM_AGE
        meta = self._meta("Node", None, node.name, created, labels, annotations)
        t = rfc3339(created + timedelta(seconds=20))
        conditions = [
            {"lastHeartbeatTime": rfc3339(self.epoch), "lastTransitionTime": t,
             "message": message, "reason": reason, "status": status, "type": kind}
            for kind, status, reason, message in (
                ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            )
        ]
        spec: JSON = {"podCIDR": node.pod_cidr, "podCIDRs": [node.pod_cidr]}
        doc_spec = _mapping(doc.get("spec"))
        if doc_spec.get("unschedulable"):
            spec["unschedulable"] = True
        if doc_spec.get("taints"):
            spec["taints"] = copy.deepcopy(doc_spec["taints"])
        for cond in _list(_mapping(doc.get("status")).get("conditions")):
            if isinstance(cond, dict) and cond.get("type") == "Ready" and cond.get("status") in ("False", "Unknown"):
                for mine in conditions:
                    if mine["type"] == "Ready":
                        mine.update(status=cond["status"], reason=cond.get("reason") or "KubeletNotReady",
                                    message=cond.get("message") or "container runtime network not ready")
        info_doc = _mapping(_mapping(doc.get("status")).get("nodeInfo"))
        return {"apiVersion": "v1", "kind": "Node", "metadata": meta,
                "spec": spec,
                "status": {"addresses": [{"address": node.ip, "type": "InternalIP"},
                                         {"address": node.name, "type": "Hostname"}],
                           "allocatable": {"cpu": "4", "ephemeral-storage": "102305744Ki", "memory": "16265484Ki",
                                           "pods": "110"},
                           "capacity": {"cpu": "4", "ephemeral-storage": "102305744Ki", "memory": "16367884Ki",
                                        "pods": "110"},
                           "conditions": conditions,
                           "nodeInfo": {"architecture": "amd64", "bootID": stable_uid("boot", node.name),
                                        "containerRuntimeVersion": NODE_RUNTIME, "kernelVersion": NODE_KERNEL,
                                        "kubeProxyVersion": "", "kubeletVersion": KUBELET_VERSION,
                                        "machineID": stable_hex("machine", node.name, length=32),
                                        "operatingSystem": "linux", "osImage": NODE_OS_IMAGE,
                                        "systemUUID": stable_uid("system", node.name), **info_doc}}}

    def namespace_object(self, name: str) -> JSON:
        meta_in = self.namespace_meta.get(name, {})
        labels = {"kubernetes.io/metadata.name": name}
        labels.update(_str_map(meta_in.get("labels")))
        created = self.namespace_created.get(name)
        if created is None:
            created = self.epoch - (SYSTEM_AGE if name in SYSTEM_NAMESPACES else BASE_AGE)
        meta = self._meta("Namespace", None, name, created, labels, _str_map(meta_in.get("annotations")))
        return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta,
                "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}

    def _plain_object(self, stored: Stored) -> JSON:
        obj = copy.deepcopy(stored.obj)
        ns, name = _meta_name(obj)
        raw_meta = _mapping(obj.get("metadata"))
        obj["metadata"] = self._meta(stored.kind, ns, name, stored.created, _str_map(raw_meta.get("labels")),
                                     _str_map(raw_meta.get("annotations")), {"generation": 1})
        return obj

    # ------------------------------------------------------------ changes
    def set_labels(self, rtype: ResourceType, ns: str, name: str, labels: dict[str, str]) -> None:
        kind = rtype.kind
        if kind == "Pod":
            pod = self.cluster.pod(name, ns)
            if pod is not None:
                self.cluster.add_pod(dataclasses.replace(pod, labels=dict(labels)))
        elif kind == "Service":
            svc = self.cluster.service(name, ns)
            if svc is not None:
                self.cluster.add_service(dataclasses.replace(svc, labels=dict(labels)))
        elif kind == "Node":
            self.node_meta.setdefault(name, {})["labels"] = dict(labels)
        elif kind == "Namespace":
            self.namespace_meta.setdefault(name, {})["labels"] = dict(labels)
            self.cluster.set_namespace(name, labels)  # namespace selectors of NetworkPolicies see them
        else:
            stored = self.stored.get((kind, ns, name))
            if stored is not None:
                stored.obj.setdefault("metadata", {})["labels"] = dict(labels)
        self.invalidate()

    def set_annotations(self, rtype: ResourceType, ns: str, name: str, annotations: dict[str, str]) -> None:
        kind = rtype.kind
        if kind == "Pod":
            pod = self.cluster.pod(name, ns)
            if pod is not None:
                info = self.pod_info(pod)
                info.meta = {**info.meta, "annotations": dict(annotations)}
        elif kind == "Service":
            svc = self.cluster.service(name, ns)
            if svc is not None:
                stored = self.service_stored(svc)
                if stored is None:
                    stored = self.stored[("Service", ns, name)] = Stored(
                        "Service", {"metadata": {"name": name, "namespace": ns}}, "base", self.epoch - BASE_AGE)
                stored.obj.setdefault("metadata", {})["annotations"] = dict(annotations)
        elif kind == "Node":
            self.node_meta.setdefault(name, {})["annotations"] = dict(annotations)
        elif kind == "Namespace":
            self.namespace_meta.setdefault(name, {})["annotations"] = dict(annotations)
        else:
            stored = self.stored.get((kind, ns, name))
            if stored is not None:
                stored.obj.setdefault("metadata", {})["annotations"] = dict(annotations)
        self.invalidate()


# --------------------------------------------------------------------------- pieces
def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _percent(value: Any, replicas: int, round_up: bool) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.endswith("%"):
        try:
            pct = int(value[:-1])
        except ValueError:
            return 0
        whole, rest = divmod(pct * replicas, 100)
        return whole + (1 if round_up and rest else 0)
    return 0


def _max_unavailable(strategy: JSON, replicas: int) -> int:
    ru = _mapping(strategy.get("rollingUpdate"))
    return _percent(ru.get("maxUnavailable", "25%"), replicas, round_up=False)


def _max_surge(spec: JSON, replicas: int) -> int:
    ru = _mapping(_mapping(spec.get("strategy")).get("rollingUpdate"))
    return _percent(ru.get("maxSurge", "25%"), replicas, round_up=True)


def _port_json(p: ServicePort, svc: Service) -> JSON:
    out: JSON = {}
    if p.app_protocol is not None:
        out["appProtocol"] = p.app_protocol
    if p.name:
        out["name"] = p.name
    if p.node_port:
        out["nodePort"] = p.node_port
    out["port"] = p.port
    out["protocol"] = p.protocol
    if svc.type != "ExternalName" or p.target_port:
        out["targetPort"] = p.target_port if p.target_port not in (0, "", None) else p.port
    return out


def find_port(pod: Pod, sp: ServicePort) -> int | None:
    """``podutil.FindPort``: a number is used as it is; a name is looked up in the
    containers (regular ones first, then native sidecars) with the same protocol."""
    tp = sp.target_port
    if tp in (0, "", None):
        return sp.port
    if isinstance(tp, int):
        return tp
    for sidecar in (False, True):
        for c in pod.containers:
            if c.sidecar != sidecar:
                continue
            for cp in c.ports:
                if cp.name == tp and cp.protocol == sp.protocol:
                    return cp.container_port
    return None


def default_template(template: JSON) -> JSON:
    """A Pod template with the API server's defaults (as a workload stores it)."""
    out = copy.deepcopy(template)
    spec = _mapping(out.get("spec"))
    spec["containers"] = [_default_container(c, None) for c in _list(spec.get("containers")) if isinstance(c, dict)]
    if spec.get("initContainers"):
        spec["initContainers"] = [_default_container(c, None) for c in _list(spec.get("initContainers"))
                                  if isinstance(c, dict)]
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)
    out["spec"] = spec
    meta = _mapping(out.get("metadata"))
    out["metadata"] = meta
    return out


def _default_container(raw: JSON, volume: str | None) -> JSON:
    c = copy.deepcopy(raw)
    image = str(c.get("image") or "")
    c.setdefault("imagePullPolicy", pull_policy(image))
    ports = []
    for p in _list(c.get("ports")):
        if isinstance(p, dict):
            p = dict(p)
            p.setdefault("protocol", "TCP")
            ports.append(p)
    if ports:
        c["ports"] = ports
    for probe_key in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(probe_key)
        if isinstance(probe, dict):
            c[probe_key] = _default_probe(probe)
    c.setdefault("resources", {})
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    if volume is not None:
        mounts = list(_list(c.get("volumeMounts")))
        mounts.append({"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": volume,
                       "readOnly": True})
        c["volumeMounts"] = mounts
    return c


def _default_probe(raw: JSON) -> JSON:
    p = copy.deepcopy(raw)
    p.setdefault("failureThreshold", 3)
    p.setdefault("periodSeconds", 10)
    p.setdefault("successThreshold", 1)
    p.setdefault("timeoutSeconds", 1)
    http = p.get("httpGet")
    if isinstance(http, dict):
        http.setdefault("path", "/")
        http.setdefault("scheme", "HTTP")
    return p


def _probe_failure(pod: Pod, container: JSON, probe: JSON) -> str:
    http = _mapping(probe.get("httpGet"))
    port: Any = http.get("port") if http else _mapping(probe.get("tcpSocket")).get("port")
    number: Any = port
    if isinstance(port, str):
        for p in _list(container.get("ports")):
            if isinstance(p, dict) and p.get("name") == port:
                number = p.get("containerPort")
    if http:
        path = http.get("path") or "/"
        return (f'Readiness probe failed: Get "http://{pod.ip}:{number}{path}": dial tcp {pod.ip}:{number}: '
                "connect: connection refused")
    if probe.get("tcpSocket"):
        return f"Readiness probe failed: dial tcp {pod.ip}:{number}: connect: connection refused"
    return "Readiness probe failed: command terminated with non-zero exit code: 1"


def _qos(spec: JSON) -> str:
    containers = [c for c in spec.get("containers", []) if isinstance(c, dict)]
    requests_any = False
    guaranteed = bool(containers)
    for c in containers:
        res = _mapping(c.get("resources"))
        limits = _mapping(res.get("limits"))
        requests = _mapping(res.get("requests")) or limits
        if limits or requests:
            requests_any = True
        if not all(k in limits for k in ("cpu", "memory")) or any(
                str(requests.get(k)) != str(limits.get(k)) for k in ("cpu", "memory")):
            guaranteed = False
    if guaranteed and requests_any:
        return "Guaranteed"
    return "Burstable" if requests_any else "BestEffort"


def _controller_of(obj: JSON) -> tuple[str, str] | None:
    for ref in _list(_mapping(obj.get("metadata")).get("ownerReferences")):
        if isinstance(ref, dict) and ref.get("controller") and ref.get("kind") and ref.get("name"):
            return (str(ref["kind"]), str(ref["name"]))
    return None


def _controller_from_owner(pod: Pod) -> tuple[str, str] | None:
    if not pod.owner or "/" not in pod.owner:
        return None
    kind, name = pod.owner.split("/", 1)
    if kind == "Deployment":
        template_hash = pod.labels.get("pod-template-hash")
        return ("ReplicaSet", f"{name}-{template_hash}") if template_hash else ("ReplicaSet", name)
    return (kind, name)


def _synthetic_spec(pod: Pod) -> JSON:
    """A Pod spec for a Pod the engine has but no manifest describes."""
    base = pod.labels.get("app") or pod.name.rsplit("-", 1)[0]
    containers: list[JSON] = []
    init: list[JSON] = []
    for c in pod.containers:
        item: JSON = {"image": f"registry.example/{base}:1.0", "name": c.name}
        if c.ports:
            item["ports"] = [{"containerPort": p.container_port, **({"name": p.name} if p.name else {}),
                              "protocol": p.protocol} for p in c.ports]
        if c.env:
            item["env"] = [{"name": k, "value": v} for k, v in c.env.items()]
        if c.sidecar:
            item["restartPolicy"] = "Always"
            init.append(item)
        else:
            containers.append(item)
    spec: JSON = {"containers": containers}
    if init:
        spec["initContainers"] = init
    return spec


# --------------------------------------------------------------------------- building
def _node_from_doc(obj: JSON) -> Node | None:
    if obj.get("kind") != "Node":
        return None
    name = _mapping(obj.get("metadata")).get("name")
    if not isinstance(name, str) or not name:
        return None
    ip = ""
    for address in _list(_mapping(obj.get("status")).get("addresses")):
        if isinstance(address, dict) and address.get("type") == "InternalIP":
            ip = str(address.get("address") or "")
            break
    cidr = _mapping(obj.get("spec")).get("podCIDR")
    try:
        import ipaddress

        ipaddress.IPv4Address(ip)
        if cidr:
            ipaddress.IPv4Network(str(cidr), strict=False)
    except ValueError:
        return None
    return Node(name, ip, str(cidr or ""))


def last_applied(obj: JSON) -> str:
    """``kubectl.kubernetes.io/last-applied-configuration`` as ``kubectl apply`` writes it
    (the manifest as JSON, with the namespace it was applied to, and a newline)."""
    out = copy.deepcopy(obj)
    meta = out.setdefault("metadata", {})
    if isinstance(meta, dict):
        meta.setdefault("namespace", "default")
        ann = meta.get("annotations")
        if isinstance(ann, dict):
            ann.pop(LAST_APPLIED, None)
            if not ann:
                meta.pop("annotations", None)
    return go_json(out) + "\n"


def go_json(value: Any) -> str:
    """Go's ``json.Marshal``: compact, map keys sorted, ``<>&`` escaped."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _as_text(text: str | bytes) -> str:
    if isinstance(text, bytes):
        return text.decode("utf-8", "replace")
    return text


def build(base: Cluster | None, base_docs: Sequence[JSON], applied: Sequence[str | bytes], epoch: datetime,
          evaluations: Sequence[Any] | None = None) -> World:
    """The view of ``base`` (never changed) with the ``applied`` texts applied.

    ``evaluations``: the engine's evaluations of ``applied`` when the caller already has
    them (the lab evaluates its editor on every keystroke); they must have been made on
    ``base`` (one text) or chained as :func:`tutor.check.check_sources` chains them."""
    from tutor.k8s.evaluate import add_pods_from, evaluate

    texts = [_as_text(expand_lists(t)) for t in applied]
    all_docs = [documents(t) for t in texts]
    if base is not None:
        cluster = base.copy()
    else:
        nodes = [n for docs in all_docs for n in (_node_from_doc(d) for d in docs) if n is not None]
        cluster = Cluster(nodes=nodes) if nodes else Cluster.default()
    world = World(cluster, epoch)
    world.learn(base_docs, "base")
    if evaluations is not None and len(evaluations) == len(texts) and evaluations:
        cluster = evaluations[-1].cluster.copy()
        world.cluster = cluster
    elif len(texts) == 1:
        cluster = evaluate(texts[0], cluster).cluster
        world.cluster = cluster
    elif texts:
        for text in texts:
            add_pods_from(text, cluster)
        current = cluster
        for text in texts:
            current = evaluate(text, current, add_pods=False).cluster
        world.cluster = current
    valid_services = {(s.namespace, s.name) for s in world.cluster.services}
    for docs in all_docs:
        for obj in docs:
            if obj.get("kind") == "Service" and _meta_name(obj) in valid_services:
                meta = obj.setdefault("metadata", {})
                if isinstance(meta, dict):
                    ann = meta.get("annotations")
                    ann = dict(ann) if isinstance(ann, dict) else {}
                    ann[LAST_APPLIED] = last_applied(obj)
                    meta["annotations"] = ann
        world.learn([o for o in docs if o.get("kind") != "Service" or _meta_name(o) in valid_services], "applied")
    return world
