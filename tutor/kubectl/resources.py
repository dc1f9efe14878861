"""The resource types the console knows, as the API server's discovery lists them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    plural: str  # "pods"
    singular: str  # "pod"
    shorts: tuple[str, ...]
    kind: str  # "Pod"
    group: str  # "" for the core group
    version: str
    namespaced: bool = True
    #: simulated by the console (False: known to a real server, not here)
    simulated: bool = True

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """``pods``, ``deployments.apps``: how API errors name the resource."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def name_prefix(self) -> str:
        """``pod``, ``deployment.apps``: the ``-o name`` and multi-type NAME prefix."""
        lower = self.kind.lower()
        return f"{lower}.{self.group}" if self.group else lower

    @property
    def gvr(self) -> str:
        """``/v1, Resource=pods`` / ``apps/v1, Resource=deployments`` (schema.GroupVersionResource)."""
        return f"{self.group}/{self.version}, Resource={self.plural}"


RESOURCES: tuple[ResourceType, ...] = (
    ResourceType("pods", "pod", ("po",), "Pod", "", "v1"),
    ResourceType("services", "service", ("svc",), "Service", "", "v1"),
    ResourceType("endpoints", "endpoints", ("ep",), "Endpoints", "", "v1"),
    ResourceType("endpointslices", "endpointslice", (), "EndpointSlice", "discovery.k8s.io", "v1"),
    ResourceType("deployments", "deployment", ("deploy",), "Deployment", "apps", "v1"),
    ResourceType("replicasets", "replicaset", ("rs",), "ReplicaSet", "apps", "v1"),
    ResourceType("statefulsets", "statefulset", ("sts",), "StatefulSet", "apps", "v1"),
    ResourceType("daemonsets", "daemonset", ("ds",), "DaemonSet", "apps", "v1"),
    ResourceType("jobs", "job", (), "Job", "batch", "v1"),
    ResourceType("nodes", "node", ("no",), "Node", "", "v1", namespaced=False),
    ResourceType("namespaces", "namespace", ("ns",), "Namespace", "", "v1", namespaced=False),
    # Hook for the NetworkPolicy engine: listed, printed once the world holds them.
    ResourceType("networkpolicies", "networkpolicy", ("netpol",), "NetworkPolicy", "networking.k8s.io", "v1"),
    # Known to every real API server, not simulated here.
    ResourceType("configmaps", "configmap", ("cm",), "ConfigMap", "", "v1", simulated=False),
    ResourceType("secrets", "secret", (), "Secret", "", "v1", simulated=False),
    ResourceType("serviceaccounts", "serviceaccount", ("sa",), "ServiceAccount", "", "v1", simulated=False),
    ResourceType("events", "event", ("ev",), "Event", "", "v1", simulated=False),
    ResourceType("ingresses", "ingress", ("ing",), "Ingress", "networking.k8s.io", "v1", simulated=False),
    ResourceType("persistentvolumeclaims", "persistentvolumeclaim", ("pvc",), "PersistentVolumeClaim", "", "v1",
                 simulated=False),
    ResourceType("persistentvolumes", "persistentvolume", ("pv",), "PersistentVolume", "", "v1",
                 namespaced=False, simulated=False),
    ResourceType("cronjobs", "cronjob", ("cj",), "CronJob", "batch", "v1", simulated=False),
    ResourceType("replicationcontrollers", "replicationcontroller", ("rc",), "ReplicationController", "", "v1",
                 simulated=False),
    ResourceType("horizontalpodautoscalers", "horizontalpodautoscaler", ("hpa",), "HorizontalPodAutoscaler",
                 "autoscaling", "v2", simulated=False),
)

BY_KIND: dict[str, ResourceType] = {r.kind: r for r in RESOURCES}


def lookup(text: str) -> ResourceType | None:
    """The resource type named by ``text``: plural, singular, short name or kind, any case,
    optionally qualified by version and/or group (``deployments.apps``, ``pods.v1.``)."""
    word = text.strip().lower()
    if not word:
        return None
    name, _, rest = word.partition(".")
    for r in RESOURCES:
        if name in (r.plural, r.singular, r.kind.lower(), *r.shorts):
            if not rest:
                return r
            rest_clean = rest.rstrip(".")
            if rest_clean in (r.group, f"{r.version}.{r.group}".rstrip("."), r.version) or \
                    (not r.group and rest_clean in ("", "v1")):
                return r
            return None
    return None


def all_names() -> list[str]:
    """Every resource name and short name (for completion)."""
    names: set[str] = set()
    for r in RESOURCES:
        names.update((r.plural, r.singular, *r.shorts))
    return sorted(names)
