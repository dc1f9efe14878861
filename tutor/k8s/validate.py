"""The validation stage: ``ValidateService`` (pkg/apis/core/validation) and the
apimachinery checks it uses, with the exact messages of Kubernetes 1.34.

Every function returns *all* its errors, in the order the Go code appends them; a
map (labels, selector, annotations) is walked in source order (Go's map order is random).
"""

from __future__ import annotations

import ipaddress
import re

from tutor.k8s import field as f
from tutor.k8s.defaults import MAX_CLIENT_IP_TIMEOUT, Draft, externally_accessible, needs_health_check
from tutor.k8s.field import FieldError, Path
from tutor.k8s.goformat import GoRaw, go_quote
from tutor.k8s.model import Pos

#: validateServiceTrafficDistribution in 1.34: PreferSameZone and PreferSameNode come with
#: the PreferSameTrafficDistribution feature gate (beta, on by default), in this order.
TRAFFIC_DISTRIBUTIONS = ("PreferClose", "PreferSameZone", "PreferSameNode")

# --------------------------------------------------------------------------- apimachinery
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?"

_DNS1123_LABEL = re.compile(DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN = re.compile(DNS1123_SUBDOMAIN_FMT)
_DNS1035_LABEL = re.compile(DNS1035_LABEL_FMT)
_QUALIFIED_NAME = re.compile(QUALIFIED_NAME_FMT)
_LABEL_VALUE = re.compile(LABEL_VALUE_FMT)
_PORT_NAME_CHARSET = re.compile("[-a-z0-9]+")
_PORT_NAME_LETTER = re.compile("[a-z]")

DNS1123_LABEL_ERR = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                     "and must start and end with an alphanumeric character")
DNS1123_SUBDOMAIN_ERR = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                         "'-' or '.', and must start and end with an alphanumeric character")
DNS1035_LABEL_ERR = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                     "an alphabetic character, and end with an alphanumeric character")
QUALIFIED_NAME_ERR = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                      "alphanumeric character")
LABEL_VALUE_ERR = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                   "and must start and end with an alphanumeric character")
PORT_RANGE_ERR = "must be between 1 and 65535, inclusive"
IP_ERR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
CIDR_ERR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024


def _blen(s: str) -> int:
    """Go's len(): bytes, not characters."""
    return len(s.encode("utf-8", "surrogatepass"))


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """validation.RegexError (note the double space before ``or``)."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    out = msg + " (e.g. "
    for i, ex in enumerate(examples):
        if i > 0:
            out += " or "
        out += f"'{ex}', "
    return out + f"regex used for validation is '{fmt}')"


def max_len_error(n: int) -> str:
    return f"must be no more than {n} characters"


def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _DNS1123_LABEL.fullmatch(value):
        if _DNS1123_SUBDOMAIN.fullmatch(value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(max_len_error(253))
    if not _DNS1123_SUBDOMAIN.fullmatch(value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _DNS1035_LABEL.fullmatch(value):
        errs.append(regex_error(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def name_is_dns1035_label(name: str, prefix: bool) -> list[str]:
    if prefix and len(name) > 1 and name.endswith("-"):
        name = name[:-2] + "a"  # maskTrailingDash
    return is_dns1035_label(name)


def is_qualified_name(value: str) -> list[str]:
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a qualified name " + regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part must be non-empty")
    elif _blen(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not _QUALIFIED_NAME.fullmatch(name):
        errs.append("name part " + regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _LABEL_VALUE.fullmatch(value):
        errs.append(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [PORT_RANGE_ERR]


def is_valid_port_name(port: str) -> list[str]:
    """IANA_SVC_NAME (validation.IsValidPortName): each failed check is its own error."""
    errs = []
    if _blen(port) > 15:
        errs.append(max_len_error(15))
    if not _PORT_NAME_CHARSET.fullmatch(port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER.search(port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


# --------------------------------------------------------------------------- IP parsing (Go net)
def parse_ipv4(s: str) -> tuple[int, ...] | None:
    """netutils.ParseIPSloppy for IPv4: leading zeros allowed (read as decimal)."""
    parts = s.split(".")
    if len(parts) != 4:
        return None
    out = []
    for p in parts:
        if not p or len(p) > 3 or not p.isascii() or not p.isdigit():
            return None
        n = int(p)
        if n > 255:
            return None
        out.append(n)
    return tuple(out)


def parse_ip(s: str) -> tuple[int, int] | None:
    """(version, integer value) or None; IPv4-mapped IPv6 counts as IPv4 like Go."""
    v4 = parse_ipv4(s)
    if v4 is not None:
        return 4, (v4[0] << 24) | (v4[1] << 16) | (v4[2] << 8) | v4[3]
    if ":" not in s or "%" in s or not s.isascii():
        return None
    head, _, tail = s.rpartition(":")
    if "." in tail:  # an embedded IPv4 (Go accepts leading zeros there too)
        v4 = parse_ipv4(tail)
        if v4 is None:
            return None
        s = head + ":" + "%x%02x:%x%02x" % (v4[0], v4[1], v4[2], v4[3])
    try:
        addr = ipaddress.IPv6Address(s)
    except ValueError:
        return None
    if addr.ipv4_mapped is not None:
        return 4, int(addr.ipv4_mapped)
    return 6, int(addr)


def is_valid_ip(path: Path | str, value: str, code: str) -> list[FieldError]:
    if parse_ip(value) is None:
        return [f.invalid(path, value, IP_ERR, code=code)]
    return []


def is_valid_cidr(path: Path | str, value: str, code: str) -> list[FieldError]:
    ip, sep, bits = value.partition("/")
    parsed = parse_ip(ip) if sep else None
    ok = parsed is not None and bits.isascii() and bits.isdigit() and len(bits) <= 3
    if ok:
        max_bits = 32 if parse_ipv4(ip) is not None else 128
        ok = int(bits) <= max_bits
    return [] if ok else [f.invalid(path, value, CIDR_ERR, code=code)]


def validate_non_special_ip(value: str, path: Path | str, code: str) -> list[FieldError]:
    parsed = parse_ip(value)
    if parsed is None:
        return [f.invalid(path, value, "must be a valid IP address", code=code)]
    version, n = parsed
    errs = []
    if n == 0:
        errs.append(f.invalid(path, value, f"may not be unspecified ({value})", code=code))
    if (version == 4 and n >> 24 == 127) or (version == 6 and n == 1):
        errs.append(f.invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)", code=code))
    if (version == 4 and n >> 16 == 0xA9FE) or (version == 6 and n >> 118 == 0x3FA):
        errs.append(f.invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
                              code=code))
    # Go's net.IP.IsLinkLocalMulticast: 224.0.0.0/24, and every IPv6 ffX2::/16 (any flags)
    if (version == 4 and n >> 8 == 0xE00000) or (version == 6 and n >> 120 == 0xFF and (n >> 112) & 0x0F == 0x02):
        errs.append(f.invalid(path, value,
                              "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)", code=code))
    return errs


# --------------------------------------------------------------------------- helpers
def _at(errs: list[FieldError], pos: Pos | None) -> list[FieldError]:
    if pos is not None:
        for e in errs:
            if e.line is None:
                e.line, e.column = pos.line, pos.column
    return errs


def validate_labels(labels: dict[str, str], path: Path, code: str, d: Draft) -> list[FieldError]:
    """ValidateLabels: errors are reported on the map's path; positions point at the
    offending key or value."""
    errs: list[FieldError] = []
    base = str(path)
    for k, v in labels.items():
        kpos = d.positions.key(f"{base}[{k}]")
        vpos = d.positions.value(f"{base}[{k}]")
        for msg in is_qualified_name(k):
            errs.extend(_at([f.invalid(path, k, msg, code=code, params={"key": k, "part": "key"})], kpos))
        for msg in is_valid_label_value(v):
            errs.extend(_at([f.invalid(path, v, msg, code=code, params={"key": k, "value": v, "part": "value"})],
                            vpos))
    return errs


def validate_annotations(annotations: dict[str, str], path: Path, d: Draft) -> list[FieldError]:
    errs: list[FieldError] = []
    base = str(path)
    total = 0
    for k, v in annotations.items():
        for msg in is_qualified_name(k.lower()):
            e = f.invalid(path, k, msg, code="R-ANNOTATIONS", params={"key": k})
            errs.extend(_at([e], d.positions.key(f"{base}[{k}]")))
        total += _blen(k) + _blen(v)
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(f.too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT, code="R-ANNOTATIONS-SIZE"))
    return errs


def validate_object_meta(d: Draft) -> list[FieldError]:
    meta = Path("metadata")
    errs: list[FieldError] = []
    if d.generate_name:
        for msg in name_is_dns1035_label(d.generate_name, True):
            errs.append(f.invalid(meta.child("generateName"), d.generate_name, msg, code="R-NAME",
                                  params={"name": d.generate_name}))
    if not d.name:
        errs.append(f.required(meta.child("name"), "name or generateName is required", code="R-NAME"))
    else:
        for msg in name_is_dns1035_label(d.name, False):
            errs.append(f.invalid(meta.child("name"), d.name, msg, code="R-NAME", params={"name": d.name}))
    if not d.namespace:  # pragma: no cover - kubectl always fills it
        errs.append(f.required(meta.child("namespace"), code="R-NAMESPACE"))
    else:
        for msg in is_dns1123_label(d.namespace):
            errs.append(f.invalid(meta.child("namespace"), d.namespace, msg, code="R-NAMESPACE",
                                  params={"namespace": d.namespace}))
    if d.labels:
        errs.extend(validate_labels(d.labels, meta.child("labels"), "R-LABELS", d))
    if d.annotations:
        errs.extend(validate_annotations(d.annotations, meta.child("annotations"), d))
    return errs


def validate_cluster_ips_related(d: Draft) -> list[FieldError]:
    """ValidateServiceClusterIPsRelatedFields (also run early, at allocation)."""
    if d.type == "ExternalName":
        return []
    errs: list[FieldError] = []
    spec = Path("spec")
    ips_path = spec.child("clusterIPs")
    has_invalid = False
    code = "R-CLUSTERIP"
    if d.cluster_ip:
        if not d.cluster_ips:
            errs.append(f.required(ips_path, code=code))
        elif d.cluster_ips[0] != d.cluster_ip:
            errs.append(f.invalid(ips_path, list(d.cluster_ips), "first value must match `clusterIP`", code=code))
    elif d.cluster_ips:
        errs.append(f.invalid(ips_path, list(d.cluster_ips), "must be empty when `clusterIP` is not specified",
                              code=code))
    seen: set[str] = set()
    for i, fam in enumerate(d.ip_families):
        if fam not in ("IPv4", "IPv6"):
            errs.append(f.not_supported(spec.child("ipFamilies").index(i), fam, ["IPv4", "IPv6"], code="R-IPFAMILY"))
        if fam in seen:
            errs.append(f.duplicate(spec.child("ipFamilies").index(i), fam, code="R-IPFAMILY"))
        seen.add(fam)
    if d.ip_family_policy is not None and d.ip_family_policy not in ("PreferDualStack", "RequireDualStack",
                                                                      "SingleStack"):
        errs.append(f.not_supported(spec.child("ipFamilyPolicy"), d.ip_family_policy,
                                    ["PreferDualStack", "RequireDualStack", "SingleStack"], code="R-IPFAMILY"))
    for i, ip in enumerate(d.cluster_ips):
        if i == 0 and ip == "None":
            if len(d.cluster_ips) > 1:
                has_invalid = True
                errs.append(f.invalid(ips_path, list(d.cluster_ips), "'None' must be the first and only value",
                                      code=code))
            continue
        e = is_valid_ip(ips_path.index(i), ip, code)
        has_invalid = has_invalid or bool(e)
        errs.extend(e)
    if len(d.cluster_ips) > 2:
        errs.append(f.invalid(ips_path, list(d.cluster_ips), "may only hold up to 2 values", code=code))
    if has_invalid:
        return errs
    if len(d.cluster_ips) > 1:
        versions = [parse_ip(ip) for ip in d.cluster_ips]
        v0, v1 = versions[0], versions[-1]
        dual = len(versions) == 2 and v0 is not None and v1 is not None and v0[0] != v1[0]
        if not dual:
            errs.append(f.invalid(ips_path, list(d.cluster_ips), "may specify no more than one IP for each IP family",
                                  code=code))
    if not d.headless and d.cluster_ips and d.ip_families:
        for i, ip in enumerate(d.cluster_ips):
            if i > len(d.ip_families) - 1:
                break
            parsed = parse_ip(ip)
            is6 = parsed is not None and parsed[0] == 6
            if d.ip_families[i] == "IPv4" and is6:
                errs.append(f.invalid(ips_path.index(i), ip, f"expected an IPv4 value as indicated by `ipFamilies[{i}]`",
                                      code=code))
            if d.ip_families[i] == "IPv6" and not is6:
                errs.append(f.invalid(ips_path.index(i), ip, f"expected an IPv6 value as indicated by `ipFamilies[{i}]`",
                                      code=code))
    return errs


def _service_port_struct(protocol: str, port: int) -> GoRaw:
    """The bad value of a duplicate port: an internal core.ServicePort holding only
    Protocol and Port, JSON-encoded (apimachinery >= v0.34 renders values as JSON;
    older releases printed ``core.ServicePort{Name:"", Protocol:"TCP", ...}``)."""
    return GoRaw('{"Name":"","Protocol":%s,"AppProtocol":null,"Port":%d,"TargetPort":0,"NodePort":0}'
                 % (go_quote(protocol), port))


def legacy_service_port_struct(protocol: str, port: int) -> str:
    """The same value as Kubernetes <= 1.33 printed it (Go ``%#v``)."""
    return ('core.ServicePort{Name:"", Protocol:%s, AppProtocol:(*string)(nil), Port:%d, '
            'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}' % (go_quote(protocol), port))


def validate_service_port(d: Draft, i: int, require_name: bool, names: set[str]) -> list[FieldError]:
    sp = d.ports[i]
    path = Path("spec", "ports").index(i)
    errs: list[FieldError] = []
    if require_name and not sp.name:
        errs.append(f.required(path.child("name"), code="R-PORT-NAME-REQUIRED", params={"index": i}))
    elif sp.name:
        for msg in is_dns1123_label(sp.name):
            errs.append(f.invalid(path.child("name"), sp.name, msg, code="R-PORT-NAME", params={"name": sp.name}))
        if sp.name in names:
            errs.append(f.duplicate(path.child("name"), sp.name, code="R-PORT-NAME-UNIQUE", params={"name": sp.name}))
        else:
            names.add(sp.name)
    for msg in is_valid_port_num(sp.port):
        errs.append(f.invalid(path.child("port"), sp.port, msg, code="R-PORT-RANGE", params={"port": sp.port}))
    if not sp.protocol:  # pragma: no cover - defaulted
        errs.append(f.required(path.child("protocol"), code="R-PROTOCOL"))
    elif sp.protocol not in ("SCTP", "TCP", "UDP"):
        errs.append(f.not_supported(path.child("protocol"), sp.protocol, ["SCTP", "TCP", "UDP"], code="R-PROTOCOL",
                                    params={"protocol": sp.protocol, "upper": sp.protocol.upper()}))
    tp = sp.target_port
    if isinstance(tp, int):
        for msg in is_valid_port_num(tp):
            errs.append(f.invalid(path.child("targetPort"), tp, msg, code="R-TARGETPORT",
                                  params={"target": tp, "port": sp.port}))
    else:
        for msg in is_valid_port_name(tp):
            errs.append(f.invalid(path.child("targetPort"), tp, msg, code="R-TARGETPORT-NAME",
                                  params={"target": tp, "check": msg}))
    if sp.app_protocol is not None:
        for msg in is_qualified_name(sp.app_protocol):
            errs.append(f.invalid(path.child("appProtocol"), sp.app_protocol, msg, code="R-APPPROTOCOL",
                                  params={"value": sp.app_protocol}))
    return errs


TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"
TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"
LB_SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"


def validate_service(d: Draft) -> list[FieldError]:
    """ValidateService, in source order, with positions filled in."""
    errs = validate_object_meta(d)
    meta = Path("metadata")
    spec = Path("spec")
    ann = d.annotations or {}
    if TOPOLOGY_MODE in ann and TOPOLOGY_HINTS in ann and ann[TOPOLOGY_MODE] != ann[TOPOLOGY_HINTS]:
        errs.append(f.invalid(meta.child("annotations").key(TOPOLOGY_MODE), ann[TOPOLOGY_MODE],
                              f"must match annotations[{TOPOLOGY_HINTS}] when both are specified",
                              code="R-TOPOLOGY-ANNOTATION"))
    if not d.ports and not d.headless and d.type != "ExternalName":
        errs.append(f.required(spec.child("ports"), code="R-PORTS-REQUIRED"))
    if d.type in ("LoadBalancer", "NodePort") and d.headless:
        errs.append(f.invalid(spec.child("clusterIPs").index(0), d.cluster_ips[0],
                              f"may not be set to 'None' for {d.type} services", code="R-HEADLESS-TYPE",
                              params={"type": d.type}))
    elif d.type == "ExternalName":
        if d.cluster_ips:
            errs.append(f.forbidden(spec.child("clusterIPs"), "may not be set for ExternalName services",
                                    code="R-EXTERNALNAME-CLUSTERIP"))
        if d.ip_families:
            errs.append(f.forbidden(spec.child("ipFamilies"), "may not be set for ExternalName services",
                                    code="R-EXTERNALNAME-IPFAMILY"))
        if d.ip_family_policy is not None:
            errs.append(f.forbidden(spec.child("ipFamilyPolicy"), "may not be set for ExternalName services",
                                    code="R-EXTERNALNAME-IPFAMILY"))
        cname = d.external_name[:-1] if d.external_name.endswith(".") else d.external_name
        if cname:
            for msg in is_dns1123_subdomain(cname):
                errs.append(f.invalid(spec.child("externalName"), cname, msg, code="R-EXTERNALNAME",
                                      params={"name": cname}))
        else:
            errs.append(f.required(spec.child("externalName"), code="R-EXTERNALNAME-REQUIRED"))

    names: set[str] = set()
    for i in range(len(d.ports)):
        errs.extend(validate_service_port(d, i, len(d.ports) > 1, names))

    if d.selector is not None:
        errs.extend(validate_labels(d.selector, spec.child("selector"), "R-SELECTOR", d))

    if not d.session_affinity:  # pragma: no cover - defaulted
        errs.append(f.required(spec.child("sessionAffinity"), code="R-AFFINITY"))
    elif d.session_affinity not in ("ClientIP", "None"):
        errs.append(f.not_supported(spec.child("sessionAffinity"), d.session_affinity, ["ClientIP", "None"],
                                    code="R-AFFINITY", params={"value": d.session_affinity}))
    if d.session_affinity == "ClientIP":
        errs.extend(_validate_client_ip_affinity(d))
    elif d.session_affinity == "None" and d.affinity_config is not None:  # pragma: no cover - defaulted away
        errs.append(f.forbidden(spec.child("sessionAffinityConfig"), "must not be set when session affinity is None",
                                code="R-AFFINITY"))

    errs.extend(validate_cluster_ips_related(d))

    for i, ip in enumerate(d.external_ips):
        p = spec.child("externalIPs").index(i)
        bad = is_valid_ip(p, ip, "R-EXTERNALIPS")
        errs.extend(bad if bad else validate_non_special_ip(ip, p, "R-EXTERNALIPS"))

    if not d.type:  # pragma: no cover - defaulted
        errs.append(f.required(spec.child("type"), code="R-TYPE"))
    elif d.type not in ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"):
        errs.append(f.not_supported(spec.child("type"), d.type, ["ClusterIP", "ExternalName", "LoadBalancer",
                                                                 "NodePort"], code="R-TYPE",
                                    params={"value": d.type}))

    if d.type == "ClusterIP":
        for i, sp in enumerate(d.ports):
            if sp.node_port != 0:
                errs.append(f.forbidden(spec.child("ports").index(i).child("nodePort"),
                                        "may not be used when `type` is 'ClusterIP'", code="R-NODEPORT-TYPE",
                                        params={"node_port": sp.node_port}))

    seen_np: set[tuple[str, int]] = set()
    for i, sp in enumerate(d.ports):
        if sp.node_port == 0:
            continue
        key = (sp.protocol, sp.node_port)
        if key in seen_np:
            errs.append(f.duplicate(spec.child("ports").index(i).child("nodePort"), sp.node_port,
                                    code="R-NODEPORT-DUP", params={"node_port": sp.node_port}))
        seen_np.add(key)

    seen_ports: set[tuple[str, int]] = set()
    for i, sp in enumerate(d.ports):
        key = (sp.protocol, sp.port)
        if key in seen_ports:
            errs.append(f.duplicate(spec.child("ports").index(i), _service_port_struct(sp.protocol, sp.port),
                                    code="R-PORT-DUP", params={"port": sp.port, "protocol": sp.protocol,
                                                               "legacy": legacy_service_port_struct(sp.protocol,
                                                                                                    sp.port)}))
        seen_ports.add(key)

    if d.load_balancer_source_ranges:
        p = spec.child("LoadBalancerSourceRanges")
        if d.type != "LoadBalancer":
            errs.append(f.forbidden(p, "may only be used when `type` is 'LoadBalancer'", code="R-LB-ONLY",
                                    params={"field": "loadBalancerSourceRanges"}))
        for idx, value in enumerate(d.load_balancer_source_ranges):
            errs.extend(is_valid_cidr(p.index(idx), value.strip(), "R-LB-SOURCE-RANGES"))
    elif LB_SOURCE_RANGES_ANNOTATION in ann:
        p = meta.child("annotations").key(LB_SOURCE_RANGES_ANNOTATION)
        if d.type != "LoadBalancer":
            errs.append(f.forbidden(p, "may only be used when `type` is 'LoadBalancer'", code="R-LB-ONLY",
                                    params={"field": LB_SOURCE_RANGES_ANNOTATION}))
        val = ann[LB_SOURCE_RANGES_ANNOTATION].strip()
        if val:
            for value in val.split(","):
                errs.extend(is_valid_cidr(p, value.strip(), "R-LB-SOURCE-RANGES"))

    if d.allocate_load_balancer_node_ports is not None and d.type != "LoadBalancer":
        errs.append(f.forbidden(spec.child("allocateLoadBalancerNodePorts"),
                                "may only be used when `type` is 'LoadBalancer'", code="R-LB-ONLY",
                                params={"field": "allocateLoadBalancerNodePorts"}))
    if d.type == "LoadBalancer" and d.allocate_load_balancer_node_ports is None:  # pragma: no cover - defaulted
        errs.append(f.required(Path("allocateLoadBalancerNodePorts"), code="R-LB-ONLY"))

    if d.type == "LoadBalancer":
        if d.load_balancer_class is not None:
            for msg in is_qualified_name(d.load_balancer_class):
                errs.append(f.invalid(spec.child("loadBalancerClass"), d.load_balancer_class, msg,
                                      code="R-LB-CLASS", params={"value": d.load_balancer_class}))
    elif d.load_balancer_class is not None:
        errs.append(f.forbidden(spec.child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'",
                                code="R-LB-ONLY", params={"field": "loadBalancerClass"}))

    errs.extend(_validate_external_traffic_policy(d))

    if d.internal_traffic_policy is None:
        if d.type in ("NodePort", "LoadBalancer", "ClusterIP"):  # pragma: no cover - defaulted
            errs.append(f.required(spec.child("internalTrafficPolicy"), code="R-ITP"))
    elif d.internal_traffic_policy not in ("Cluster", "Local"):
        errs.append(f.not_supported(spec.child("internalTrafficPolicy"), d.internal_traffic_policy,
                                    ["Cluster", "Local"], code="R-ITP",
                                    params={"value": d.internal_traffic_policy}))

    if d.traffic_distribution is not None and d.traffic_distribution not in TRAFFIC_DISTRIBUTIONS:
        errs.append(f.not_supported(spec.child("trafficDistribution"), d.traffic_distribution,
                                    list(TRAFFIC_DISTRIBUTIONS), code="R-TRAFFICDIST",
                                    params={"value": d.traffic_distribution}))
    return locate(errs, d)


def _validate_client_ip_affinity(d: Draft) -> list[FieldError]:
    p = Path("spec", "sessionAffinityConfig")
    detail = "when session affinity type is ClientIP"
    cfg = d.affinity_config
    if cfg is None:  # pragma: no cover - defaulted
        return [f.required(p, detail, code="R-AFFINITY")]
    client = cfg.get("clientIP")
    if client is None:  # pragma: no cover - defaulted
        return [f.required(p.child("clientIP"), detail, code="R-AFFINITY")]
    timeout = client.get("timeoutSeconds")
    if timeout is None:  # pragma: no cover - defaulted
        return [f.required(p.child("clientIP", "timeoutSeconds"), detail, code="R-AFFINITY")]
    if timeout <= 0 or timeout > MAX_CLIENT_IP_TIMEOUT:
        return [f.invalid(p.child("clientIP", "timeoutSeconds"), timeout,
                          f"must be greater than 0 and less than {MAX_CLIENT_IP_TIMEOUT}", code="R-AFFINITY-TIMEOUT",
                          params={"timeout": timeout})]
    return []


def _validate_external_traffic_policy(d: Draft) -> list[FieldError]:
    spec = Path("spec")
    errs: list[FieldError] = []
    if not externally_accessible(d):
        if d.external_traffic_policy != "":
            errs.append(f.invalid(spec.child("externalTrafficPolicy"), d.external_traffic_policy,
                                  "may only be set for externally-accessible services", code="R-ETP",
                                  params={"value": d.external_traffic_policy, "type": d.type}))
    elif d.external_traffic_policy == "":  # pragma: no cover - defaulted
        errs.append(f.required(spec.child("externalTrafficPolicy"), code="R-ETP"))
    elif d.external_traffic_policy not in ("Cluster", "Local"):
        errs.append(f.not_supported(spec.child("externalTrafficPolicy"), d.external_traffic_policy,
                                    ["Cluster", "Local"], code="R-ETP-VALUE",
                                    params={"value": d.external_traffic_policy}))
    if not needs_health_check(d):
        if d.health_check_node_port != 0:
            errs.append(f.invalid(spec.child("healthCheckNodePort"), d.health_check_node_port,
                                  "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                                  code="R-HEALTHCHECK", params={"value": d.health_check_node_port}))
    elif d.health_check_node_port == 0:  # pragma: no cover - allocated before validation
        errs.append(f.required(spec.child("healthCheckNodePort"), code="R-HEALTHCHECK"))
    else:
        for msg in is_valid_port_num(d.health_check_node_port):
            errs.append(f.invalid(spec.child("healthCheckNodePort"), d.health_check_node_port, msg,
                                  code="R-HEALTHCHECK", params={"value": d.health_check_node_port}))
    return errs


# --------------------------------------------------------------------------- positions
def _source_path(path: str, d: Draft) -> str:
    """Where the user wrote what ``path`` names (the internal path may differ)."""
    if path.startswith("spec.clusterIPs") and not d.positions.has("spec.clusterIPs"):
        return "spec.clusterIP"
    if path.startswith("spec.LoadBalancerSourceRanges"):
        return "spec.loadBalancerSourceRanges" + path[len("spec.LoadBalancerSourceRanges"):]
    if path.startswith("metadata.annotations[") or path.startswith("metadata.annotations."):
        return path
    if path == "allocateLoadBalancerNodePorts":
        return "spec.allocateLoadBalancerNodePorts"
    return path


def locate(errs: list[FieldError], d: Draft) -> list[FieldError]:
    """Fill in line/column: the offending value, else the closest written parent."""
    for e in errs:
        if e.line is None:
            pos = d.positions.nearest(_source_path(e.path or "", d))
            e.line, e.column = pos.line, pos.column
    return errs
