"""Learner-facing explanations and suggested fixes for every rule code.

Each rule has an English explanation (what the message means, in terms of what
Kubernetes does) and a concrete fix, marked with ``N_`` for extraction and returned as
:class:`~tutor.i18n.Text`, so they are translated when shown, never at import time.
Placeholders are filled from the error (``{path}``, ``{value}``, ``{field}``...) and
from the rule's own parameters.
"""

from __future__ import annotations

import difflib
import string

from tutor.i18n import N_, Text
from tutor.k8s.field import FieldError
from tutor.k8s.goformat import go_value
from tutor.k8s.schema import KNOWN_FIELDS

#: code -> (explanation, fix)
RULES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- parse
    "P-YAML": (
        N_("The text is not valid YAML, so kubectl cannot even turn it into an object. Nothing else was checked."),
        N_("Look at line {line}: indent with spaces only (never tabs), put a space after every colon, and quote "
           "values that contain ': ' or start with a special character."),
    ),
    "P-ENCODING": (
        N_("The file contains bytes that are not valid UTF-8 text (or control characters), so it cannot be read "
           "as YAML."),
        N_("Save the file as UTF-8 text and remove the invalid characters at line {line}."),
    ),
    "P-ALIAS": (
        N_("A YAML alias (*name) must refer to an anchor (&name) defined earlier, and an anchor cannot contain "
           "itself."),
        N_("Define the anchor before using it, or write the value out instead of using an alias."),
    ),
    "P-LIMIT": (
        N_("The document is too large or too deeply nested once its aliases are expanded; kubectl refuses such "
           "documents to protect itself."),
        N_("Write the values out plainly instead of nesting aliases inside aliases."),
    ),
    "P-SEPARATOR": (
        N_("kubectl splits a file into documents at lines that start with three dashes. After the dashes only "
           "spaces or a comment may follow; anything else stops kubectl here, and the document just before this "
           "line is not sent either."),
        N_("Write the separator as exactly `---` on a line of its own (a comment after it is fine)."),
    ),
    "P-JSON": (
        N_("The file starts with `{{`, so kubectl reads it as JSON, and the JSON is broken here; read as YAML it "
           "fails too, so kubectl reports the JSON error."),
        N_("Look at line {line}: a missing comma or quote, or a bracket that is never closed, is the usual cause."),
    ),
    "P-TOO-LARGE": (
        N_("kubectl sends each object (each item of a List) to the API server in its own request, and the API "
           "server refuses a request body larger than 3 MiB (3145728 bytes)."),
        N_("Split the object, or move large data (files, certificates) out of it, into a ConfigMap or Secret of "
           "its own."),
    ),
    "P-LIST-ITEMS": (
        N_("A List's items must be objects: kubectl's decoder refuses the whole List when `items` is not a list "
           "of mappings, so none of its items is sent."),
        N_("Make every entry of `items` a mapping with apiVersion, kind and metadata."),
    ),
    # ---------------------------------------------------------------- kind
    "P-KIND-APIVERSION": (
        N_("Every object needs an apiVersion field, spelled exactly like that (keys are case-sensitive). Without "
           "it kubectl does not know which API to send the object to."),
        N_("Add `apiVersion: v1` at the top level of the document."),
    ),
    "P-KIND-KIND": (
        N_("Every object needs a kind field, spelled exactly like that (keys are case-sensitive). Without it "
           "kubectl does not know what the object is."),
        N_("Add `kind: Service` at the top level of the document."),
    ),
    "P-KIND-NO-MATCH": (
        N_("The API server has no resource of kind \"{kind}\" in version \"{api_version}\". Kinds and versions are "
           "case-sensitive: a Service is kind `Service` in version `v1`."),
        N_("Write `apiVersion: {want_version}` and `kind: {want_kind}`."),
    ),
    "P-NOT-OBJECT": (
        N_("A manifest document must be a mapping of fields (apiVersion, kind, metadata, spec); this one is of type {json_type}."),
        N_("Start the document with `apiVersion: v1` and `kind: Service` on their own lines."),
    ),
    # ---------------------------------------------------------------- decode
    "P-UNKNOWN-FIELD": (
        N_("The API server does not know a field called \"{field}\" here, and kubectl asks it to reject unknown "
           "fields. Without that check the field would be silently ignored."),
        N_("Remove `{field}`, or move it to where it belongs."),
    ),
    "P-DUPLICATE-FIELD": (
        N_("The same key \"{field}\" appears twice in one mapping. Only one of the two values could be used, so "
           "this is almost always a mistake."),
        N_("Keep one `{field}` in this mapping and delete the other."),
    ),
    "P-TYPES": (
        N_("The field {path} has the wrong type: Kubernetes expects type {go_type} here, but the YAML value is of type "
           "{json_type}. The whole object is rejected before any other check runs."),
        N_("Write a value of type {go_type} for {path}."),
    ),
    "P-TYPES-QUOTED-NUMBER": (
        N_("{path} must be a number, but the value is in quotes, so YAML reads it as text (a string). Kubernetes "
           "does not convert it for you."),
        N_("Remove the quotes: write `{field}: {text}`."),
    ),
    "P-TYPES-NOT-STRING": (
        N_("Label and selector values (and names) must be strings. YAML reads unquoted true, false, yes, no, on, "
           "off and numbers as booleans or numbers, not text."),
        N_("Put the value in quotes: write `{field}: \"{text}\"`."),
    ),
    "P-TYPES-NOT-INT": (
        N_("{path} must be a whole number that fits in {go_type}; {text} does not."),
        N_("Write a whole number, for example a port between 1 and 65535."),
    ),
    "P-TIME": (
        N_("Timestamps in metadata must be RFC 3339 strings. Usually you should not write them at all: the API "
           "server sets them."),
        N_("Delete {path} from the manifest."),
    ),
    # ---------------------------------------------------------------- metadata
    "R-NAME": (
        N_("A Service name becomes a DNS label (<name>.<namespace>.svc), so it must be an RFC 1035 label: at most "
           "63 characters, lower-case letters, digits and '-', starting with a letter and ending with a letter or "
           "digit. Pods and Deployments allow more (dots, a leading digit); Services do not."),
        N_("Use a name such as `{suggestion}`."),
    ),
    "R-NAMESPACE": (
        N_("A namespace name must be an RFC 1123 label: at most 63 lower-case letters, digits and '-', starting "
           "and ending with a letter or digit."),
        N_("Use a namespace such as `{suggestion}`."),
    ),
    "R-LABELS": (
        N_("Label keys are an optional DNS prefix and '/' plus a name of at most 63 characters (letters, digits, "
           "'-', '_', '.'); values are empty or at most 63 such characters, starting and ending with a letter or "
           "digit. The error is reported on the whole map, with the bad key or value."),
        N_("Change {value} so that it uses only letters, digits, '-', '_' and '.', for example `{suggestion}`."),
    ),
    "R-ANNOTATIONS": (
        N_("Annotation keys follow the same rules as label keys (checked in lower case): an optional DNS prefix "
           "and '/', then a name of letters, digits, '-', '_' and '.'."),
        N_("Rename the annotation key {value}, for example to `example.com/{suggestion}`."),
    ),
    "R-ANNOTATIONS-SIZE": (
        N_("All annotations of one object together may hold at most 256 KiB."),
        N_("Move large data out of annotations, into a ConfigMap for example."),
    ),
    "R-TOPOLOGY-ANNOTATION": (
        N_("The topology-mode annotation and the older topology-aware-hints annotation must agree when both are "
           "set."),
        N_("Keep only the service.kubernetes.io/topology-mode annotation."),
    ),
    # ---------------------------------------------------------------- ports
    "R-PORTS-REQUIRED": (
        N_("A Service must list at least one port, because kube-proxy forwards traffic per port. Only a headless "
           "Service (clusterIP: None) or an ExternalName Service may have none."),
        N_("Add a port, for example `ports: [{{port: 80, targetPort: 8080}}]`."),
    ),
    "R-PORT-NAME-REQUIRED": (
        N_("When a Service has more than one port, every port needs a name, so that EndpointSlices and DNS SRV "
           "records can tell the ports apart. A single port may stay unnamed."),
        N_("Give spec.ports[{index}] a name such as `http` or `metrics`."),
    ),
    "R-PORT-NAME": (
        N_("A Service port name must be an RFC 1123 label: at most 63 lower-case letters, digits and '-', "
           "starting and ending with a letter or digit (digits only are fine). The stricter IANA rules apply to "
           "targetPort names, not here."),
        N_("Use a port name such as `{suggestion}`."),
    ),
    "R-PORT-NAME-UNIQUE": (
        N_("Each port of a Service needs a different name, whatever its protocol."),
        N_("Rename the second \"{name}\" after what that port is for, e.g. `metrics` or `admin`."),
    ),
    "R-PORT-RANGE": (
        N_("A port number must be between 1 and 65535. When targetPort is not set it copies port, so a bad port "
           "also gives a targetPort error."),
        N_("Use a port between 1 and 65535, for example 80."),
    ),
    "R-PROTOCOL": (
        N_("The protocol must be exactly TCP, UDP or SCTP, in capital letters."),
        N_("Write `protocol: {upper}`, or leave protocol out to get TCP."),
    ),
    "R-TARGETPORT": (
        N_("A numeric targetPort is the container port traffic is sent to; it must be between 1 and 65535. "
           "(targetPort 0, or leaving it out, means \"the same as port\".)"),
        N_("Set targetPort to the port your container listens on, between 1 and 65535."),
    ),
    "R-TARGETPORT-NAME": (
        N_("A targetPort in quotes is a port *name*, looked up in each selected Pod's containers. Port names are "
           "IANA service names: at most 15 characters, only a-z, 0-9 and '-', at least one letter, no '--', and no "
           "'-' at either end. A quoted number like \"8080\" is a name, not a number."),
        N_("Write a number without quotes (`targetPort: 8080`), or a valid port name that your containers declare, "
           "such as `http`."),
    ),
    "R-APPPROTOCOL": (
        N_("appProtocol is a hint for proxies and load balancers; it must look like a label key: a name such as "
           "`http` or `kubernetes.io/h2c`, or `example.com/proto`."),
        N_("Use a standard value such as `http`, `https`, `kubernetes.io/h2c` or `kubernetes.io/ws`."),
    ),
    "R-PORT-DUP": (
        N_("Two entries of spec.ports have the same port {port} and protocol {protocol} (after defaulting, an "
           "entry without protocol is TCP). Each port/protocol pair may appear only once; 53/TCP and 53/UDP is "
           "fine."),
        N_("Remove the duplicate entry, or give it a different port number."),
    ),
    # ---------------------------------------------------------------- selector / affinity
    "R-SELECTOR": (
        N_("Selector keys and values follow the label rules, because they are compared with Pod labels. An "
           "empty selector `{{}}` is valid and means: no managed endpoints."),
        N_("Change {value} so it is a valid label, and make the selector match your Pods' labels."),
    ),
    "R-AFFINITY": (
        N_("sessionAffinity is exactly `None` (the default) or `ClientIP`; other spellings are rejected."),
        N_("Write `sessionAffinity: ClientIP` to keep each client on one Pod, or remove the field."),
    ),
    "R-AFFINITY-TIMEOUT": (
        N_("With ClientIP affinity, timeoutSeconds is how long a client sticks to its Pod: from 1 to 86400 "
           "seconds (one day). Left out, it is 10800 (3 hours)."),
        N_("Set timeoutSeconds between 1 and 86400, or remove it to get 10800."),
    ),
    # ---------------------------------------------------------------- addresses
    "R-CLUSTERIP": (
        N_("clusterIP is an IP address, or exactly `None` (capital N) for a headless Service; clusterIPs, if "
           "given, must start with the same value. Leave both out to get an address allocated."),
        N_("Remove clusterIP to get an address, or write `clusterIP: None` for a headless Service."),
    ),
    "R-CLUSTERIP-ALLOC": (
        N_("A fixed clusterIP must be free and inside the cluster's Service range ({cidr}). This check runs "
           "before validation, so it hides every other error."),
        N_("Remove clusterIP and let Kubernetes pick an address, or choose a free one inside {cidr}."),
    ),
    "R-IPFAMILY": (
        N_("This simulated cluster is single-stack IPv4: Services get one IPv4 address. IPv6 and dual-stack "
           "requests cannot be met."),
        N_("Remove ipFamilies and ipFamilyPolicy (or use `ipFamilyPolicy: SingleStack`)."),
    ),
    "R-EXTERNALIPS": (
        N_("externalIPs must be valid, ordinary IP addresses (not loopback, link-local, unspecified or "
           "multicast). Traffic arriving at a node for them is sent to the Service."),
        N_("Use a routable address such as 192.0.2.10, or remove externalIPs."),
    ),
    "R-HEADLESS-TYPE": (
        N_("`clusterIP: None` makes a headless Service (DNS returns the Pod IPs). A {type} Service needs a "
           "cluster IP, so it cannot be headless."),
        N_("Remove `clusterIP: None`, or change the type to ClusterIP."),
    ),
    "R-EXTERNALNAME": (
        N_("An ExternalName Service is a DNS alias (a CNAME). externalName must be a lower-case DNS name such as "
           "`my.database.example.com` (no underscores, no capitals, no scheme or port)."),
        N_("Write a DNS name such as `{suggestion}`."),
    ),
    "R-EXTERNALNAME-REQUIRED": (
        N_("An ExternalName Service answers DNS with a CNAME to spec.externalName, so that field is required."),
        N_("Add `externalName: my.database.example.com` (the DNS name to alias)."),
    ),
    "R-EXTERNALNAME-CLUSTERIP": (
        N_("An ExternalName Service has no cluster IP at all, not even `None`: it exists only in DNS."),
        N_("Remove clusterIP (and clusterIPs) from this ExternalName Service."),
    ),
    "R-EXTERNALNAME-IPFAMILY": (
        N_("An ExternalName Service has no IP addresses, so IP family settings make no sense on it."),
        N_("Remove ipFamilies and ipFamilyPolicy from this ExternalName Service."),
    ),
    # ---------------------------------------------------------------- types and node ports
    "R-TYPE": (
        N_("type must be exactly ClusterIP, NodePort, LoadBalancer or ExternalName (case-sensitive)."),
        N_("Write `type: {suggestion}`."),
    ),
    "R-NODEPORT-TYPE": (
        N_("A nodePort opens the port on every node, which only NodePort and LoadBalancer Services do. This "
           "Service is type ClusterIP (the default when type is left out)."),
        N_("Add `type: NodePort`, or remove nodePort."),
    ),
    "R-NODEPORT-RANGE": (
        N_("Node ports come from the cluster's node port range, {range} by default. The allocator checks this "
           "before validation, so this error hides every other one."),
        N_("Use a nodePort between 30000 and 32767, or leave nodePort out to get a free one."),
    ),
    "R-NODEPORT-DUP": (
        N_("This node port is already taken, by another Service or by another entry of this one. Two entries "
           "may share a node port only if they have the same port number (like 53/TCP and 53/UDP)."),
        N_("Pick another nodePort, or leave it out to get a free one."),
    ),
    "R-HEALTHCHECK-ALLOC": (
        N_("The requested healthCheckNodePort could not be reserved: it must be a free port in {range}."),
        N_("Remove healthCheckNodePort to get one allocated."),
    ),
    "R-LB-ONLY": (
        N_("{field} only makes sense for a cloud load balancer, so it is allowed only with `type: LoadBalancer`."),
        N_("Remove {field}, or change the type to LoadBalancer."),
    ),
    "R-LB-SOURCE-RANGES": (
        N_("Load balancer source ranges are CIDR blocks of client addresses allowed in, like 203.0.113.0/24."),
        N_("Write each range as an address and a prefix length, for example `10.0.0.0/8`."),
    ),
    "R-LB-CLASS": (
        N_("loadBalancerClass names the load balancer implementation; it must look like a label key, such as "
           "`example.com/internal-vip`."),
        N_("Use a prefixed name such as `example.com/my-lb`, or remove the field."),
    ),
    # ---------------------------------------------------------------- traffic policies
    "R-ETP": (
        N_("externalTrafficPolicy controls traffic from outside the cluster, so it is allowed only on NodePort "
           "and LoadBalancer Services (or a ClusterIP Service with externalIPs). This Service is {type}."),
        N_("Remove externalTrafficPolicy, or change the type to NodePort or LoadBalancer."),
    ),
    "R-ETP-VALUE": (
        N_("externalTrafficPolicy is exactly `Cluster` (any node forwards to any Pod) or `Local` (only to Pods on "
           "the node that received the traffic, keeping the client's address)."),
        N_("Write `externalTrafficPolicy: Local` or `Cluster` (capitalised)."),
    ),
    "R-HEALTHCHECK": (
        N_("healthCheckNodePort is used only by LoadBalancer Services with externalTrafficPolicy Local, so the "
           "cloud can see which nodes have Pods."),
        N_("Remove healthCheckNodePort."),
    ),
    "R-ITP": (
        N_("internalTrafficPolicy is exactly `Cluster` (the default) or `Local` (only Pods on the client's node)."),
        N_("Write `internalTrafficPolicy: Local` or `Cluster`."),
    ),
    "R-TRAFFICDIST": (
        N_("trafficDistribution is a hint for kube-proxy: `PreferSameZone` (or its older name `PreferClose`) "
           "prefers endpoints in the client's zone, `PreferSameNode` endpoints on the client's node. Other values "
           "are rejected (the names are case-sensitive)."),
        N_("Write `trafficDistribution: PreferSameZone` or `PreferSameNode`, or remove the field."),
    ),
    # ---------------------------------------------------------------- other documents
    "P-POD": (
        N_("This Pod manifest cannot be used for the simulated cluster: {reason}."),
        N_("Fix the Pod manifest at {path}."),
    ),
}

#: Warnings (the Service is valid, but probably does not do what you want).
WARNINGS: dict[str, str] = {
    "W-SELECTOR-NO-MATCH": N_("The selector {selector} matches no Pod in namespace \"{namespace}\", so this "
                              "Service has no endpoints: connections to it will fail."),
    "W-NO-SELECTOR": N_("This Service has no selector, so Kubernetes creates no endpoints for it; you would "
                        "have to manage its EndpointSlices yourself."),
    "W-TARGETPORT-NOT-DECLARED": N_("targetPort {target} of port {port} is not a containerPort declared by the "
                                    "selected Pod(s) {pods}. Traffic is still sent there; it works only if the "
                                    "container really listens on {target}."),
    "W-NAMED-PORT-UNRESOLVED": N_("targetPort \"{target}\" of port {port} names no {protocol} container port "
                                  "in Pod(s) {pods}; those Pods get no traffic on this port."),
    "W-DUPLICATE-KEY": N_("{path} is written twice (lines {first} and {line}): kubectl keeps the last value "
                          "and drops the first without a word."),
    "W-NODE-NOT-FOUND": N_("Pod(s) {pods} run on node(s) {nodes}, which are not among the input's Node "
                           "objects: the EndpointSlice controller leaves them out (Node not found)."),
    "W-NO-IPV4": N_("Pod(s) {pods} have only IPv6 addresses, so they are no endpoints of this IPv4 Service."),
    "W-SLICE-UNMANAGED": N_("EndpointSlice {slice} is managed by {manager}, not by the EndpointSlice "
                            "controller: its endpoints are not computed from the selector, and kube-proxy uses "
                            "them as well."),
    "W-SLICE-MISSING": N_("Pod {pod} is an endpoint by its status (ready: {ready}), but no EndpointSlice of this "
                          "Service in the input lists it: the dump may be older than the Pod, or the controller "
                          "has not caught up."),
    "W-SLICE-EXTRA": N_("EndpointSlice {slice} lists Pod {pod}, which is no endpoint by the input: {reason}."),
    "W-SLICE-CONDITIONS": N_("EndpointSlice {slice} says Pod {pod} is {slice_conditions}, but by its status it "
                             "is {conditions}."),
    "W-SLICE-ADDRESS": N_("EndpointSlice {slice} gives Pod {pod} the address {address}, but its status says "
                          "{ip}."),
    "W-SLICE-PORTS": N_("EndpointSlice {slice} has the ports {slice_ports}, but this Service's ports resolve to "
                        "{ports} for its Pods (for example {pod}): a stale port."),
    "W-ENDPOINTS-READY": N_("Endpoints {endpoints} lists Pod {pod} under the other list than {expected}, "
                            "where its status puts it."),
    "W-ENDPOINTS-MISSING": N_("Endpoints {endpoints} does not list Pod {pod}; by its status it belongs under "
                              "{expected}."),
    "W-ENDPOINTS-EXTRA": N_("Endpoints {endpoints} lists Pod {pod}, which is no endpoint by the input: "
                            "{reason}."),
    "W-ENDPOINTS-PORTS": N_("Endpoints {endpoints} has the ports {slice_ports}, but this Service's ports "
                            "resolve to {ports}."),
    "W-SERVICE-REPLACED": N_("Service {service} is defined again later ({others}): kubectl apply would replace "
                             "this one with the last."),
    "W-SERVICE-REDEFINED": N_("Service {service} is also defined earlier ({others}): kubectl apply would "
                              "replace the first with this one."),
    "W-POD-LIMIT": N_("Its {pods} Pods are not simulated: the workloads of the input would make {total} Pods, "
                      "more than the {limit} the simulated cluster holds, and this is one of the largest. Lower "
                      "its replicas (or parallelism) to see its Pods."),
}

_OBJECT_WHERE = {
    "Service": N_("at the top level of the document"),
    "ObjectMeta": N_("under metadata"),
    "ServiceSpec": N_("under spec"),
    "ServicePort": N_("in each entry of spec.ports"),
    "SessionAffinityConfig": N_("under spec.sessionAffinityConfig"),
    "ClientIPConfig": N_("under spec.sessionAffinityConfig.clientIP"),
    "ServiceStatus": N_("under status"),
}


def _unknown_field_fix(err: FieldError) -> Text:
    name = err.params.get("field", "")
    obj = err.params.get("object", "")
    known = KNOWN_FIELDS.get(obj, [])
    for k in known:
        if k.lower() == name.lower():
            return Text(N_("Field names are case-sensitive: write `{suggestion}`."), suggestion=k)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        close = [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)]
    if close:
        return Text(N_("Did you mean `{suggestion}`?"), suggestion=close[0])
    for other, fields in KNOWN_FIELDS.items():
        if other != obj and name in fields and other in _OBJECT_WHERE:
            return Text(N_("`{field}` is not valid here; it belongs {where}."), field=name,
                        where=Text(_OBJECT_WHERE[other]))
    return Text(N_("Remove `{field}`: a Service has no such field."), field=name)


_DNS_BAD = str.maketrans(dict.fromkeys("_ .:/@", "-"))
_DNS_BAD_DOTS = str.maketrans(dict.fromkeys("_ :/@", "-"))


def _dns_suggestion(value: str, *, letter_first: bool = False, dots: bool = False, limit: int = 63) -> str:
    s = value.lower()
    if dots:
        s = s.translate(_DNS_BAD_DOTS)
    else:
        s = s.translate(_DNS_BAD)
    allowed = "abcdefghijklmnopqrstuvwxyz0123456789-" + ("." if dots else "")
    s = "".join(c for c in s if c in allowed)
    while "--" in s:
        s = s.replace("--", "-")
    s = s.strip("-.")[:limit].strip("-.")
    if letter_first and (not s or not s[0].isalpha()):
        s = ("svc-" + s) if s else "my-service"
    return s or "my-name"


def _label_suggestion(value: str) -> str:
    s = "".join(c if (c.isascii() and (c.isalnum() or c in "-_.")) else "-" for c in value)
    s = s.strip("-_.")[:63].strip("-_.")
    return s or "app"


def _suggestion(err: FieldError) -> str:
    v = err.bad_value if isinstance(err.bad_value, str) else ""
    code = err.code
    if code == "R-NAME":
        return _dns_suggestion(v, letter_first=True)
    if code in ("R-NAMESPACE", "R-PORT-NAME"):
        return _dns_suggestion(v)
    if code == "R-EXTERNALNAME":
        return _dns_suggestion(v, dots=True, limit=253)
    if code in ("R-LABELS", "R-SELECTOR", "R-ANNOTATIONS"):
        return _label_suggestion(v.split("/")[-1])
    if code == "R-TYPE":
        for t in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
            if t.lower() == v.lower().replace("-", "").replace("_", ""):
                return t
        close = difflib.get_close_matches(v, ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"], n=1,
                                          cutoff=0.0)
        return close[0] if close else "ClusterIP"
    return ""


#: JSON/YAML type names (as Go's decoder and the Pod reader name them) in a learner's words.
TYPE_WORDS: dict[str, str] = {"number": N_("number"), "string": N_("string"), "bool": N_("boolean"), "boolean": N_("boolean"),
              "array": N_("list"), "list": N_("list"), "object": N_("mapping"), "mapping": N_("mapping"),
              "null": N_("null")}


def type_word(name: str) -> Text | str:
    """A type name for a sentence: translatable for the JSON/YAML types ("숫자") and for
    Go slices and maps (the kubectl line above keeps the exact Go type), the name itself
    for anything else (``int32``, ``v1.Protocol``)."""
    if name.startswith("[]"):
        name = "array"
    elif name.startswith("map["):
        name = "object"
    word = TYPE_WORDS.get(name)
    return Text(word) if word else name


def _params(err: FieldError, msgid: str) -> dict[str, object]:
    params: dict[str, object] = {
        "path": err.path or "",
        "line": err.line or "",
        "column": err.column or "",
        "value": go_value(err.bad_value) if err.bad_value is not None else "",
        "text": "" if err.bad_value is None else (err.bad_value if isinstance(err.bad_value, str)
                                                   else go_value(err.bad_value)),
        "field": (err.path or "").rsplit(".", 1)[-1].split("[", 1)[0],
        "suggestion": _suggestion(err),
    }
    params.update(err.params)
    for key in ("json_type", "go_type"):
        value = params.get(key)
        if isinstance(value, str):
            params[key] = type_word(value)
    for _lit, name, _spec, _conv in string.Formatter().parse(msgid):
        if name and name not in params:
            params[name] = ""
    return params


def _rule_code(err: FieldError) -> str:
    code = err.code
    if code == "P-TYPES":
        json_type = err.params.get("json_type")
        go_type = err.params.get("go_type", "")
        if json_type == "string" and go_type in ("int32", "int64"):
            return "P-TYPES-QUOTED-NUMBER"
        if json_type in ("bool", "number") and go_type == "string":
            return "P-TYPES-NOT-STRING"
        if json_type == "number" and go_type in ("int32", "int64"):
            return "P-TYPES-NOT-INT"
    return code


def explanation_text(err: FieldError) -> Text:
    """What ``err`` means, in learner terms (a Text: rendered in the language current
    when it is shown)."""
    code = _rule_code(err)
    entry = RULES.get(code) or RULES.get(err.code)
    if entry is None:
        return Text(N_("Kubernetes rejects this value. The message above is exactly what kubectl would print."))
    return Text(entry[0], **_params(err, entry[0]))


def fix_text(err: FieldError) -> Text:
    """A concrete suggested fix for ``err`` (a Text)."""
    if err.code == "P-UNKNOWN-FIELD":
        return _unknown_field_fix(err)
    code = _rule_code(err)
    entry = RULES.get(code) or RULES.get(err.code)
    if entry is None:
        return Text(N_("Change the value at {path} as the message says."), path=err.path or "")
    return Text(entry[1], **_params(err, entry[1]))


def error_json(err: FieldError) -> dict[str, object]:
    """``err`` as ``ktutor check --format json`` prints it: its fields, with the
    explanation and fix rendered in the current language."""
    return {
        "path": err.path,
        "type": err.type,
        "message": err.message,
        "line": err.line,
        "column": err.column,
        "code": err.code,
        "explanation": str(explanation_text(err)),
        "fix": str(fix_text(err)),
    }


def warning_text(code: str, **params: object) -> Text:
    msgid = WARNINGS[code]
    for _lit, name, _spec, _conv in string.Formatter().parse(msgid):
        if name and name not in params:
            params[name] = ""
    return Text(msgid, **params)
