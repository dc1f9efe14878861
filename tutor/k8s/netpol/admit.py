"""Admitting a ``networking.k8s.io/v1`` NetworkPolicy like the 1.34 API server:
decode (strict) -> defaults -> validation, the first failing stage being the only one
reported, then the stored object as a :class:`~tutor.k8s.netpol.model.NetworkPolicy`.

* **Decode** reuses the engine's strict decoder with the NetworkPolicy schema: unknown or
  miscased fields (all of them, with indices), the first JSON type error, ``null`` = unset.
* **Defaults** (``SetDefaults_NetworkPolicy``, ``SetDefaults_NetworkPolicyPort``): an empty
  ``policyTypes`` becomes ``[Ingress]``, plus ``Egress`` when ``egress`` has a rule; a port
  without ``protocol`` gets ``TCP``. kubectl fills the namespace (``default``) and the
  registry a name from ``generateName``.
* **Validation** (``ValidateNetworkPolicy`` of ``pkg/apis/networking/validation``, with
  apimachinery v0.34's label selector, name and CIDR checks), every error in the order the
  Go code appends them: metadata, ``spec.podSelector``, each ingress rule (its ports, then
  its peers), each egress rule, then ``policyTypes``.

Values in messages are rendered as apimachinery v0.34 does: plain strings with ``%q``,
numbers bare, named string types (``protocol``, ``operator``, a policy type) and the
``policyTypes`` list JSON-encoded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import Text
from tutor.k8s import field as f
from tutor.k8s.decode import Positions, _Decoder
from tutor.k8s.defaults import generated_name
from tutor.k8s.field import ErrorType, FieldError, Path
from tutor.k8s.goformat import GoRaw
from tutor.k8s.model import Pos
from tutor.k8s.netpol import explain as _explain
from tutor.k8s.netpol.cidr import has_leading_zeros, parse_cidr
from tutor.k8s.netpol.model import (
    EGRESS,
    INGRESS,
    IPBlock,
    LabelSelector,
    NetworkPolicy,
    Peer,
    PolicyPort,
    Requirement,
    Rule,
)
from tutor.k8s.schema import OBJECT_META, GoType, Struct
from tutor.k8s.validate import (
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_label_value,
    is_valid_port_name,
    is_valid_port_num,
)
from tutor.k8s.yamlpos import YMap

API_VERSION = "networking.k8s.io/v1"
KIND = "NetworkPolicy"
DECODE_PREFIX = 'NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: '
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024
CIDR_ERR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
PORT_RANGE_ERR = "must be between 1 and 65535, inclusive"
OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")

_explain.register()

# --------------------------------------------------------------------------- schema
S: GoType = ("s", "string")
I32: GoType = ("i", "int32", 32)
STRLIST: GoType = ("list", "[]string", S)
STRMAP: GoType = ("map", "map[string]string", S)


def _struct(go: str, st: Struct) -> GoType:
    return ("struct", go, st)


def _list(go: str, elem: GoType) -> GoType:
    return ("list", go, elem)


LABEL_SELECTOR_REQUIREMENT = Struct("LabelSelectorRequirement", {
    "key": S, "operator": ("s", "v1.LabelSelectorOperator"), "values": STRLIST,
})
LABEL_SELECTOR = Struct("LabelSelector", {
    "matchLabels": STRMAP,
    "matchExpressions": _list("[]v1.LabelSelectorRequirement",
                              _struct("v1.LabelSelectorRequirement", LABEL_SELECTOR_REQUIREMENT)),
})
IP_BLOCK = Struct("IPBlock", {"cidr": S, "except": STRLIST})
PEER = Struct("NetworkPolicyPeer", {
    "podSelector": _struct("v1.LabelSelector", LABEL_SELECTOR),
    "namespaceSelector": _struct("v1.LabelSelector", LABEL_SELECTOR),
    "ipBlock": _struct("v1.IPBlock", IP_BLOCK),
})
PORT = Struct("NetworkPolicyPort", {"protocol": ("s", "v1.Protocol"), "port": ("ios", "intstr"), "endPort": I32})
_PORTS = _list("[]v1.NetworkPolicyPort", _struct("v1.NetworkPolicyPort", PORT))
_PEERS = _list("[]v1.NetworkPolicyPeer", _struct("v1.NetworkPolicyPeer", PEER))
INGRESS_RULE = Struct("NetworkPolicyIngressRule", {"ports": _PORTS, "from": _PEERS})
EGRESS_RULE = Struct("NetworkPolicyEgressRule", {"ports": _PORTS, "to": _PEERS})
SPEC = Struct("NetworkPolicySpec", {
    "podSelector": _struct("v1.LabelSelector", LABEL_SELECTOR),
    "ingress": _list("[]v1.NetworkPolicyIngressRule", _struct("v1.NetworkPolicyIngressRule", INGRESS_RULE)),
    "egress": _list("[]v1.NetworkPolicyEgressRule", _struct("v1.NetworkPolicyEgressRule", EGRESS_RULE)),
    "policyTypes": _list("[]v1.PolicyType", ("s", "v1.PolicyType")),
})
NETWORK_POLICY = Struct("NetworkPolicy", {
    "apiVersion": S, "kind": S,
    "metadata": _struct("v1.ObjectMeta", OBJECT_META),
    "spec": _struct("v1.NetworkPolicySpec", SPEC),
})

#: Known field names of each object (for "did you mean" fixes).
KNOWN_FIELDS: dict[str, list[str]] = {
    st.name: list(st.fields) for st in (
        NETWORK_POLICY, OBJECT_META, SPEC, INGRESS_RULE, EGRESS_RULE, PEER, PORT, IP_BLOCK, LABEL_SELECTOR,
        LABEL_SELECTOR_REQUIREMENT,
    )
}
#: Where each object's fields belong (for "belongs under" fixes).
OBJECT_PATHS: dict[str, str] = {
    "NetworkPolicy": "", "ObjectMeta": "metadata", "NetworkPolicySpec": "spec",
    "NetworkPolicyIngressRule": "spec.ingress[n]", "NetworkPolicyEgressRule": "spec.egress[n]",
    "NetworkPolicyPeer": "from[] / to[]", "NetworkPolicyPort": "ports[]", "IPBlock": "ipBlock",
    "LabelSelector": "podSelector / namespaceSelector", "LabelSelectorRequirement": "matchExpressions[]",
}


# --------------------------------------------------------------------------- results
@dataclass
class PolicyWarning:
    """A likely mistake that Kubernetes accepts (the policy stays valid)."""

    code: str
    message: Text
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "line": self.line, "column": self.column}


@dataclass
class Admission:
    """What the API server makes of one NetworkPolicy document."""

    name: str | None
    namespace: str
    stage: str | None  # "decode" | "validation" | None (admitted)
    errors: list[FieldError]
    warnings: list[PolicyWarning]
    policy: NetworkPolicy | None
    positions: Positions

    @property
    def valid(self) -> bool:
        return self.stage is None


# --------------------------------------------------------------------------- Go rendering
def go_json_string(s: str) -> str:
    """A string as Go's ``json.Marshal`` writes it (HTML-safe, Go 1.22+ short escapes)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\n\r\t\b\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[ch])
        elif o < 0x20 or ch in "<>&" or o in (0x2028, 0x2029):
            out.append(f"\\u{o:04x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _named(value: str) -> GoRaw:
    """A value of a named string type (``v1.Protocol``...): JSON-encoded by apimachinery."""
    return GoRaw(go_json_string(value))


# --------------------------------------------------------------------------- the draft
@dataclass
class _Draft:
    positions: Positions
    name: str = ""
    generate_name: str = ""
    namespace: str = ""
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    #: whether spec.policyTypes was written with at least one entry (before defaulting)
    types_written: bool = False


def _draft(obj: dict[str, Any], positions: Positions) -> _Draft:
    meta = obj.get("metadata") or {}
    d = _Draft(positions=positions)
    d.name = meta.get("name") or ""
    d.generate_name = meta.get("generateName") or ""
    d.namespace = meta.get("namespace") or ""
    d.labels = meta.get("labels")
    d.annotations = meta.get("annotations")
    d.spec = obj.get("spec") or {}
    return d


def apply_defaults(d: _Draft) -> None:
    """SetDefaults_NetworkPolicy / SetDefaults_NetworkPolicyPort, plus what kubectl and the
    registry fill in before validation (namespace, a name from generateName)."""
    if not d.namespace:
        d.namespace = "default"
    if not d.name and d.generate_name:
        d.name = generated_name(d.generate_name, f"{d.namespace}/{d.generate_name}")
    spec = d.spec
    d.types_written = bool(spec.get("policyTypes"))
    if not spec.get("policyTypes"):
        types = [INGRESS]
        if spec.get("egress"):
            types.append(EGRESS)
        spec["policyTypes"] = types
    for direction in ("ingress", "egress"):
        for rule in spec.get(direction) or []:
            for port in rule.get("ports") or []:
                if port.get("protocol") is None:
                    port["protocol"] = "TCP"


# --------------------------------------------------------------------------- validation
def _validate_labels(labels: Mapping[str, str], path: Path, code: str, d: _Draft) -> list[FieldError]:
    """ValidateLabels (metadata.labels, a selector's matchLabels): errors on the map's path,
    walked in source order; positions point at the offending key or value."""
    errs: list[FieldError] = []
    base = str(path)
    for k, v in labels.items():
        kpos = d.positions.key(f"{base}[{k}]")
        vpos = d.positions.value(f"{base}[{k}]")
        for msg in is_qualified_name(k):
            errs.append(_at(f.invalid(path, k, msg, code=code, params={"key": k, "part": "key", "check": msg}), kpos))
        for msg in is_valid_label_value(v):
            errs.append(_at(f.invalid(path, v, msg, code=code, params={"key": k, "value": v, "part": "value",
                                                                       "check": msg}), vpos))
    return errs


def _at(err: FieldError, pos: Pos | None) -> FieldError:
    if pos is not None and err.line is None:
        err.line, err.column = pos.line, pos.column
    return err


def _validate_object_meta(d: _Draft) -> list[FieldError]:
    """ValidateObjectMeta with ValidateNetworkPolicyName (a DNS-1123 subdomain)."""
    meta = Path("metadata")
    errs: list[FieldError] = []
    if d.generate_name:
        masked = d.generate_name
        if len(masked) > 1 and masked.endswith("-"):
            masked = masked[:-2] + "a"  # maskTrailingDash
        for msg in is_dns1123_subdomain(masked):
            errs.append(f.invalid(meta.child("generateName"), d.generate_name, msg, code="NP-NAME",
                                  params={"name": d.generate_name, "check": msg}))
    if not d.name:
        errs.append(f.required(meta.child("name"), "name or generateName is required", code="NP-NAME-REQUIRED"))
    else:
        for msg in is_dns1123_subdomain(d.name):
            errs.append(f.invalid(meta.child("name"), d.name, msg, code="NP-NAME",
                                  params={"name": d.name, "check": msg}))
    for msg in is_dns1123_label(d.namespace):
        errs.append(f.invalid(meta.child("namespace"), d.namespace, msg, code="NP-NAMESPACE",
                              params={"namespace": d.namespace, "check": msg}))
    if d.labels:
        errs.extend(_validate_labels(d.labels, meta.child("labels"), "NP-LABELS", d))
    if d.annotations:
        path = meta.child("annotations")
        total = 0
        for k, v in d.annotations.items():
            for msg in is_qualified_name(k.lower()):
                errs.append(_at(f.invalid(path, k, msg, code="NP-ANNOTATIONS", params={"key": k, "check": msg}),
                                d.positions.key(f"{path}[{k}]")))
            total += len(k.encode("utf-8", "surrogatepass")) + len(v.encode("utf-8", "surrogatepass"))
        if total > TOTAL_ANNOTATION_SIZE_LIMIT:
            errs.append(f.too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT, code="NP-ANNOTATIONS-SIZE"))
    return errs


def _validate_selector(sel: Mapping[str, Any] | None, path: Path, d: _Draft) -> list[FieldError]:
    """unversionedvalidation.ValidateLabelSelector (AllowInvalidLabelValueInSelector off)."""
    if sel is None:
        return []
    errs: list[FieldError] = []
    match_labels = sel.get("matchLabels")
    if match_labels:
        errs.extend(_validate_labels(match_labels, path.child("matchLabels"), "NP-SEL-LABELS", d))
    for i, expr in enumerate(sel.get("matchExpressions") or []):
        epath = path.child("matchExpressions").index(i)
        op = expr.get("operator") or ""
        values = list(expr.get("values") or [])
        key = expr.get("key") or ""
        if op in ("In", "NotIn"):
            if not values:
                errs.append(f.required(epath.child("values"), "must be specified when `operator` is 'In' or 'NotIn'",
                                       code="NP-SEL-VALUES-REQUIRED", params={"operator": op, "key": key}))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(f.forbidden(epath.child("values"),
                                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                                        code="NP-SEL-VALUES-FORBIDDEN", params={"operator": op, "key": key}))
        else:
            errs.append(f.invalid(epath.child("operator"), _named(op), "not a valid selector operator",
                                  code="NP-SEL-OPERATOR", params={"operator": op, "suggestion": _operator(op)}))
        for msg in is_qualified_name(key):
            errs.append(f.invalid(epath.child("key"), key, msg, code="NP-SEL-KEY", params={"key": key, "check": msg}))
        for j, value in enumerate(values):
            for msg in is_valid_label_value(value):
                errs.append(f.invalid(epath.child("values").index(j), value, msg, code="NP-SEL-VALUE",
                                      params={"value": value, "check": msg}))
    return errs


def _operator(op: str) -> str:
    for candidate in OPERATORS:
        if candidate.lower() == op.lower().replace("_", "").replace("-", "").replace(" ", ""):
            return candidate
    close = difflib.get_close_matches(op, OPERATORS, n=1, cutoff=0.0)
    return close[0] if close else "In"


def _validate_port(port: Mapping[str, Any], path: Path) -> list[FieldError]:
    """ValidateNetworkPolicyPort (1.34: the endPort < port error shows the *port* value)."""
    errs: list[FieldError] = []
    protocol = port.get("protocol")
    if protocol is not None and protocol not in ("TCP", "UDP", "SCTP"):
        errs.append(f.not_supported(path.child("protocol"), _named(protocol), ["TCP", "UDP", "SCTP"],
                                    code="NP-PROTOCOL", params={"protocol": protocol, "upper": _protocol(protocol)}))
    number = port.get("port")
    end = port.get("endPort")
    if number is not None:
        if isinstance(number, int):
            for msg in is_valid_port_num(number):
                errs.append(f.invalid(path.child("port"), number, msg, code="NP-PORT-RANGE", params={"port": number}))
            if end is not None:
                if end < number:
                    errs.append(f.invalid(path.child("endPort"), number, "must be greater than or equal to `port`",
                                          code="NP-ENDPORT-LESS", params={"port": number, "end_port": end}))
                for msg in is_valid_port_num(end):
                    errs.append(f.invalid(path.child("endPort"), end, msg, code="NP-ENDPORT-RANGE",
                                          params={"port": number, "end_port": end}))
        else:
            if end is not None:
                errs.append(f.invalid(path.child("endPort"), end, "may not be specified when `port` is non-numeric",
                                      code="NP-ENDPORT-NAMED", params={"port": number, "end_port": end}))
            for msg in is_valid_port_name(number):
                code = "NP-PORT-QUOTED" if number.isascii() and number.isdigit() else "NP-PORT-NAME"
                errs.append(f.invalid(path.child("port"), number, msg, code=code,
                                      params={"port": number, "check": msg, "suggestion": _port_name(number)}))
    elif end is not None:
        errs.append(f.invalid(path.child("endPort"), end, "may not be specified when `port` is not specified",
                              code="NP-ENDPORT-NO-PORT", params={"end_port": end}))
    return errs


def _protocol(value: str) -> str:
    upper = value.strip().upper()
    return upper if upper in ("TCP", "UDP", "SCTP") else "TCP"


def _port_name(value: str) -> str:
    s = re.sub(r"[^a-z0-9-]+", "-", value.lower())
    s = re.sub(r"-{2,}", "-", s).strip("-")[:15].strip("-")
    if not re.search("[a-z]", s):
        s = ("port-" + s)[:15].strip("-") if s else "http"
    return s or "http"


def _validate_ip_block(block: Mapping[str, Any], path: Path) -> list[FieldError]:
    """ValidateIPBlock with IsValidCIDRForLegacyField (StrictIPCIDRValidation off in 1.34)."""
    cidr = block.get("cidr") or ""
    if not cidr:
        return [f.required(path.child("cidr"), "", code="NP-CIDR-REQUIRED")]
    parsed = parse_cidr(cidr)
    if parsed is None:
        return [f.invalid(path.child("cidr"), cidr, CIDR_ERR, code="NP-CIDR",
                          params={"cidr": cidr, "suggestion": _cidr_suggestion(cidr)})]
    errs: list[FieldError] = []
    for i, item in enumerate(block.get("except") or []):
        epath = path.child("except").index(i)
        excluded = parse_cidr(item)
        if excluded is None:
            errs.append(f.invalid(epath, item, CIDR_ERR, code="NP-EXCEPT",
                                  params={"cidr": item, "suggestion": _cidr_suggestion(item)}))
            continue
        if not parsed.contains(excluded.ip) or parsed.mask_size >= excluded.mask_size:
            errs.append(f.invalid(epath, item, "must be a strict subset of `cidr`", code="NP-EXCEPT-SUBSET",
                                  params={"cidr": cidr, "except": item}))
    return errs


def _cidr_suggestion(value: str) -> str:
    text = value.strip()
    if "/" not in text:
        bits = 128 if ":" in text else 32
        candidate = f"{text}/{bits}"
        if parse_cidr(candidate) is not None:
            return candidate
    if parse_cidr(text) is not None:
        return text
    return "10.0.0.0/24"


def _validate_peer(peer: Mapping[str, Any], path: Path, d: _Draft) -> list[FieldError]:
    """ValidateNetworkPolicyPeer."""
    errs: list[FieldError] = []
    count = 0
    if peer.get("podSelector") is not None:
        count += 1
        errs.extend(_validate_selector(peer["podSelector"], path.child("podSelector"), d))
    if peer.get("namespaceSelector") is not None:
        count += 1
        errs.extend(_validate_selector(peer["namespaceSelector"], path.child("namespaceSelector"), d))
    if peer.get("ipBlock") is not None:
        count += 1
        errs.extend(_validate_ip_block(peer["ipBlock"], path.child("ipBlock")))
    if count == 0:
        errs.append(f.required(path, "must specify a peer", code="NP-PEER-REQUIRED",
                               params={"direction": "from" if ".from[" in str(path) else "to"}))
    elif count > 1 and peer.get("ipBlock") is not None:
        errs.append(f.forbidden(path, "may not specify both ipBlock and another peer", code="NP-PEER-IPBLOCK-MIX"))
    return errs


def validate(d: _Draft) -> list[FieldError]:
    """ValidateNetworkPolicy, in the API server's order, with positions filled in."""
    errs = _validate_object_meta(d)
    spec = d.spec
    sp = Path("spec")
    errs.extend(_validate_selector(spec.get("podSelector") or {}, sp.child("podSelector"), d))
    for key, peers_key in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(key) or []):
            rpath = sp.child(key).index(i)
            for j, port in enumerate(rule.get("ports") or []):
                errs.extend(_validate_port(port, rpath.child("ports").index(j)))
            for j, peer in enumerate(rule.get(peers_key) or []):
                errs.extend(_validate_peer(peer, rpath.child(peers_key).index(j), d))
    types = list(spec.get("policyTypes") or [])
    if len(types) > 2:
        errs.append(f.invalid(sp.child("policyTypes"), GoRaw("[" + ",".join(go_json_string(t) for t in types) + "]"),
                              "may not specify more than two policyTypes", code="NP-TYPES-TOO-MANY",
                              params={"count": len(types)}))
    else:
        for i, t in enumerate(types):
            if t not in (INGRESS, EGRESS):
                errs.append(f.not_supported(sp.child("policyTypes").index(i), _named(t), [INGRESS, EGRESS],
                                            code="NP-TYPES-VALUE", params={"value": t, "suggestion": _policy_type(t)}))
    return _locate(errs, d)


def _policy_type(value: str) -> str:
    low = value.strip().lower()
    if low.startswith("e"):
        return EGRESS
    return INGRESS


def _locate(errs: list[FieldError], d: _Draft) -> list[FieldError]:
    """Fill in line/column (the offending value, else the closest written parent) and the
    suggestion the fix texts show."""
    for e in errs:
        if e.line is None:
            pos = d.positions.nearest(e.path or "")
            e.line, e.column = pos.line, pos.column
        if "suggestion" not in e.params:
            e.params["suggestion"] = _suggestion(e.code, e.bad_value if isinstance(e.bad_value, str) else "")
    return errs


def _suggestion(code: str, value: str) -> str:
    if code == "NP-NAME":
        s = re.sub(r"[^a-z0-9.-]+", "-", value.lower())
        s = re.sub(r"-{2,}", "-", s)
        s = re.sub(r"[-.]*\.[-.]*", ".", s).strip("-.")[:253].strip("-.")
        return s or "allow-web"
    if code == "NP-NAMESPACE":
        s = re.sub(r"[^a-z0-9-]+", "-", value.lower())
        s = re.sub(r"-{2,}", "-", s).strip("-")[:63].strip("-")
        return s or "default"
    if code in ("NP-LABELS", "NP-SEL-LABELS", "NP-SEL-VALUE", "NP-ANNOTATIONS"):
        tail = value.split("/")[-1]
        s = "".join(c if (c.isascii() and (c.isalnum() or c in "-_.")) else "-" for c in tail)
        return s.strip("-_.")[:63].strip("-_.") or "app"
    return ""


# --------------------------------------------------------------------------- the model
def _selector(sel: Mapping[str, Any] | None) -> LabelSelector | None:
    if sel is None:
        return None
    return LabelSelector(
        match_labels=tuple((sel.get("matchLabels") or {}).items()),
        match_expressions=tuple(Requirement(e.get("key") or "", e.get("operator") or "", tuple(e.get("values") or ()))
                                for e in sel.get("matchExpressions") or []),
    )


def _peer(p: Mapping[str, Any]) -> Peer:
    block = p.get("ipBlock")
    return Peer(
        pod_selector=_selector(p.get("podSelector")),
        namespace_selector=_selector(p.get("namespaceSelector")),
        ip_block=IPBlock(block.get("cidr") or "", tuple(block.get("except") or ())) if block is not None else None,
    )


def _rules(items: list[Mapping[str, Any]] | None, peers_key: str) -> tuple[Rule, ...]:
    return tuple(Rule(peers=tuple(_peer(p) for p in r.get(peers_key) or []),
                      ports=tuple(PolicyPort(p.get("protocol") or "TCP", p.get("port"), p.get("endPort"))
                                  for p in r.get("ports") or []))
                 for r in items or [])


def to_model(d: _Draft, pos: Pos | None = None) -> NetworkPolicy:
    spec = d.spec
    return NetworkPolicy(
        name=d.name,
        namespace=d.namespace,
        pod_selector=_selector(spec.get("podSelector") or {}) or LabelSelector(),
        policy_types=tuple(spec.get("policyTypes") or ()),
        ingress=_rules(spec.get("ingress"), "from"),
        egress=_rules(spec.get("egress"), "to"),
        labels=dict(d.labels or {}),
        pos=pos,
    )


# --------------------------------------------------------------------------- warnings
def _warning(code: str, pos: Pos | None, **params: Any) -> PolicyWarning:
    return PolicyWarning(code, _explain.warning_text(code, **params), pos.line if pos else None,
                         pos.column if pos else None, dict(params))


def _warnings(d: _Draft) -> list[PolicyWarning]:
    out: list[PolicyWarning] = []
    spec = d.spec
    types = spec.get("policyTypes") or []
    for key, direction in (("ingress", INGRESS), ("egress", EGRESS)):
        if spec.get(key) and d.types_written and direction not in types:
            out.append(_warning("W-NP-RULES-IGNORED", d.positions.nearest(f"spec.{key}"), field=key,
                                direction=direction))
    if spec.get("egress") and not spec.get("ingress") and not d.types_written:
        out.append(_warning("W-NP-EGRESS-ISOLATES-INGRESS", d.positions.nearest("spec.egress")))
    for key, peers_key in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(key) or []):
            for j, peer in enumerate(rule.get(peers_key) or []):
                block = peer.get("ipBlock")
                if not block:
                    continue
                base = f"spec.{key}[{i}].{peers_key}[{j}].ipBlock"
                entries = [(f"{base}.cidr", block.get("cidr") or "")]
                entries += [(f"{base}.except[{k}]", e) for k, e in enumerate(block.get("except") or [])]
                for path, value in entries:
                    net = parse_cidr(value)
                    if net is None:
                        continue
                    pos = d.positions.nearest(path)
                    if has_leading_zeros(value):
                        out.append(_warning("W-NP-CIDR-LEADING-ZEROS", pos, path=path, cidr=value,
                                            canonical=net.canonical()))
                    elif net.host_bits_set():
                        out.append(_warning("W-NP-CIDR-HOST-BITS", pos, path=path, cidr=value,
                                            canonical=net.canonical(), single=net.single_address()))
    return out


# --------------------------------------------------------------------------- the pipeline
def _unknown_field_code(err: FieldError) -> FieldError:
    """Relabel a strict decoding error with a NetworkPolicy fix (case, near miss, or the
    object the field belongs to)."""
    if err.code != "P-UNKNOWN-FIELD":
        return err
    name = str(err.params.get("field", ""))
    obj = str(err.params.get("object", ""))
    known = KNOWN_FIELDS.get(obj, [])
    params = dict(err.params)
    for k in known:
        if k.lower() == name.lower():
            err.code, err.params = "NP-UNKNOWN-FIELD-CASE", {**params, "suggestion": k}
            return err
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        err.code, err.params = "NP-UNKNOWN-FIELD-CLOSE", {**params, "suggestion": close[0]}
        return err
    where = _belongs(err.path or "", name)
    if where == "":
        err.code = "NP-UNKNOWN-FIELD-TOP"
        return err
    if where is not None:
        err.code, err.params = "NP-UNKNOWN-FIELD-MOVE", {**params, "where": where}
        return err
    err.code = "NP-UNKNOWN-FIELD"
    return err


_SEGMENT = re.compile(r"([^.\[]+)((?:\[\d+\])*)")


def _belongs(path: str, name: str) -> str | None:
    """Where a misplaced field belongs: the nearest enclosing object of the error's path
    that has such a field (``spec.ingress[0]`` for ``spec.ingress[0].from[0].ports``), else
    the first object of the schema that has it."""
    levels: list[tuple[str, Struct]] = [("", NETWORK_POLICY)]
    st: Struct | None = NETWORK_POLICY
    prefix = ""
    segments = _SEGMENT.findall(path)
    for key, indices in segments[:-1]:
        if st is None:
            break
        typ = st.fields.get(key)
        prefix = f"{prefix}.{key}{indices}" if prefix else f"{key}{indices}"
        while typ is not None and typ[0] == "list":
            typ = typ[2]
        st = typ[2] if typ is not None and typ[0] == "struct" else None
        if st is not None:
            levels.append((prefix, st))
    for where, struct in reversed(levels[:-1]):
        if name in struct.fields:
            return where  # "" for the top level
    for other, fields in KNOWN_FIELDS.items():
        if name in fields and OBJECT_PATHS.get(other) and other != levels[-1][1].name:
            return OBJECT_PATHS[other]
    return None


def admit(root: YMap, pos: Pos | None = None) -> Admission:
    """Decode, default and validate one NetworkPolicy document (its root mapping)."""
    positions = Positions(pos or root.pos)
    dec = _Decoder(positions, DECODE_PREFIX)
    obj = dec.struct(root, NETWORK_POLICY, "", "")
    meta = obj.get("metadata") or {}
    name = meta.get("name") or None
    namespace = meta.get("namespace") or "default"
    if dec.type_error is not None:
        return Admission(name, namespace, "decode", [dec.type_error], [], None, positions)
    if dec.strict:
        return Admission(name, namespace, "decode", [_unknown_field_code(e) for e in dec.strict], [], None, positions)
    d = _draft(obj, positions)
    apply_defaults(d)
    errors = validate(d)
    if errors:
        return Admission(d.name or name, d.namespace, "validation", errors, [], None, positions)
    policy = to_model(d, pos or root.pos)
    return Admission(d.name, d.namespace, None, [], _warnings(d), policy, positions)


def admit_text(text: str) -> list[Admission]:
    """Every NetworkPolicy document of a YAML text (others ignored); for tests and tools.
    A YAML syntax error raises ValueError."""
    from tutor.k8s.yamlpos import parse

    result = parse(text)
    if result.error is not None:
        raise ValueError(result.error.message)
    out = []
    for doc in result.documents:
        if isinstance(doc.root, YMap):
            kind = doc.root.get("kind")
            if getattr(kind, "value", None) == KIND:
                out.append(admit(doc.root, doc.pos))
    return out


__all__ = ["API_VERSION", "Admission", "DECODE_PREFIX", "ErrorType", "KIND", "PolicyWarning", "admit", "admit_text",
           "go_json_string"]
