"""The v1 Service schema as the API server's JSON decoder knows it: every object's
fields with their Go types (``core/v1`` and ``meta/v1`` of Kubernetes 1.34), and the
known field names of each object (for "did you mean" suggestions).

Data only: the decoder (:mod:`tutor.k8s.decode`) walks it, the explanations
(:mod:`tutor.k8s.explain`) suggest names from it.
"""

from __future__ import annotations

from typing import Any

# A type is a tuple: (kind, go type name[, details])
#   ("s", go)                string (or a string alias such as v1.Protocol)
#   ("i", go, bits)          int32 / int64
#   ("b", "bool")
#   ("ios", "intstr")        IntOrString (number or string)
#   ("time", "string")       metav1.Time (an RFC 3339 string or null)
#   ("any", "")              anything (fieldsV1)
#   ("struct", go, Struct)   an object with known fields
#   ("list", go, elem)
#   ("map", go, elem)        map[string]<elem>


#: a field's type, as described above
GoType = tuple[Any, ...]


class Struct:
    __slots__ = ("name", "fields")

    def __init__(self, name: str, fields: dict[str, GoType]) -> None:
        self.name = name
        self.fields = fields


S: GoType = ("s", "string")
I32: GoType = ("i", "int32", 32)
I64: GoType = ("i", "int64", 64)
BOOLT: GoType = ("b", "bool")
TIME: GoType = ("time", "string")
ANY: GoType = ("any", "")


def _s(go: str) -> GoType:
    return ("s", go)


def _list(go: str, elem: GoType) -> GoType:
    return ("list", go, elem)


def _struct(go: str, st: Struct) -> GoType:
    return ("struct", go, st)


STRMAP = ("map", "map[string]string", S)
STRLIST = _list("[]string", S)

OWNER_REFERENCE = Struct("OwnerReference", {
    "apiVersion": S, "kind": S, "name": S, "uid": _s("types.UID"), "controller": BOOLT,
    "blockOwnerDeletion": BOOLT,
})
MANAGED_FIELDS = Struct("ManagedFieldsEntry", {
    "manager": S, "operation": _s("v1.ManagedFieldsOperationType"), "apiVersion": S, "time": TIME,
    "fieldsType": S, "fieldsV1": ANY, "subresource": S,
})
OBJECT_META = Struct("ObjectMeta", {
    "name": S, "generateName": S, "namespace": S, "selfLink": S, "uid": _s("types.UID"),
    "resourceVersion": S, "generation": I64, "creationTimestamp": TIME, "deletionTimestamp": TIME,
    "deletionGracePeriodSeconds": I64, "labels": STRMAP, "annotations": STRMAP,
    "ownerReferences": _list("[]v1.OwnerReference", _struct("v1.OwnerReference", OWNER_REFERENCE)),
    "finalizers": STRLIST,
    "managedFields": _list("[]v1.ManagedFieldsEntry", _struct("v1.ManagedFieldsEntry", MANAGED_FIELDS)),
})
SERVICE_PORT = Struct("ServicePort", {
    "name": S, "protocol": _s("v1.Protocol"), "appProtocol": S, "port": I32,
    "targetPort": ("ios", "intstr"), "nodePort": I32,
})
CLIENT_IP_CONFIG = Struct("ClientIPConfig", {"timeoutSeconds": I32})
SESSION_AFFINITY_CONFIG = Struct("SessionAffinityConfig", {
    "clientIP": _struct("v1.ClientIPConfig", CLIENT_IP_CONFIG),
})
SERVICE_SPEC = Struct("ServiceSpec", {
    "ports": _list("[]v1.ServicePort", _struct("v1.ServicePort", SERVICE_PORT)),
    "selector": STRMAP,
    "clusterIP": S,
    "clusterIPs": STRLIST,
    "type": _s("v1.ServiceType"),
    "externalIPs": STRLIST,
    "sessionAffinity": _s("v1.ServiceAffinity"),
    "loadBalancerIP": S,
    "loadBalancerSourceRanges": STRLIST,
    "externalName": S,
    "externalTrafficPolicy": _s("v1.ServiceExternalTrafficPolicy"),
    "healthCheckNodePort": I32,
    "publishNotReadyAddresses": BOOLT,
    "sessionAffinityConfig": _struct("v1.SessionAffinityConfig", SESSION_AFFINITY_CONFIG),
    "ipFamilies": _list("[]v1.IPFamily", _s("v1.IPFamily")),
    "ipFamilyPolicy": _s("v1.IPFamilyPolicy"),
    "allocateLoadBalancerNodePorts": BOOLT,
    "loadBalancerClass": S,
    "internalTrafficPolicy": _s("v1.ServiceInternalTrafficPolicy"),
    "trafficDistribution": S,
})
PORT_STATUS = Struct("PortStatus", {"port": I32, "protocol": _s("v1.Protocol"), "error": S})
LB_INGRESS = Struct("LoadBalancerIngress", {
    "ip": S, "hostname": S, "ipMode": _s("v1.LoadBalancerIPMode"),
    "ports": _list("[]v1.PortStatus", _struct("v1.PortStatus", PORT_STATUS)),
})
LB_STATUS = Struct("LoadBalancerStatus", {
    "ingress": _list("[]v1.LoadBalancerIngress", _struct("v1.LoadBalancerIngress", LB_INGRESS)),
})
CONDITION = Struct("Condition", {
    "type": S, "status": _s("v1.ConditionStatus"), "observedGeneration": I64, "lastTransitionTime": TIME,
    "reason": S, "message": S,
})
SERVICE_STATUS = Struct("ServiceStatus", {
    "loadBalancer": _struct("v1.LoadBalancerStatus", LB_STATUS),
    "conditions": _list("[]v1.Condition", _struct("v1.Condition", CONDITION)),
})
SERVICE = Struct("Service", {
    "apiVersion": S, "kind": S,
    "metadata": _struct("v1.ObjectMeta", OBJECT_META),
    "spec": _struct("v1.ServiceSpec", SERVICE_SPEC),
    "status": _struct("v1.ServiceStatus", SERVICE_STATUS),
})

#: Known field names of each object, for "did you mean" suggestions.
KNOWN_FIELDS: dict[str, list[str]] = {
    st.name: list(st.fields) for st in (
        SERVICE, OBJECT_META, OWNER_REFERENCE, MANAGED_FIELDS, SERVICE_SPEC, SERVICE_PORT,
        SESSION_AFFINITY_CONFIG, CLIENT_IP_CONFIG, SERVICE_STATUS, LB_STATUS, LB_INGRESS, PORT_STATUS, CONDITION,
    )
}
