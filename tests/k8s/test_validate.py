"""ValidateService rules: exact path, type, message and position of every error.

Manifests are built from a fixed header so line numbers are predictable:
line 1 apiVersion, 2 kind, 3 metadata:, 4 name, then extra metadata lines, then spec.
"""

from __future__ import annotations

import textwrap

import pytest

from tutor.k8s.evaluate import evaluate
from tutor.k8s.explain import explanation_text, fix_text

DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
           "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
           "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
DNS1123_LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                 "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                 "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1123_SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                     "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                     "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
NAME_PART = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
             "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
             "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
LABEL_VALUE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
               "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
               "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def manifest(spec: str, name: str = "web", meta: str = "") -> str:
    head = f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n"
    if meta:
        head += textwrap.indent(textwrap.dedent(meta).strip("\n"), "  ") + "\n"
    return head + "spec:\n" + textwrap.indent(textwrap.dedent(spec).strip("\n"), "  ") + "\n"


def loc(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` (of the value, when
    the needle is ``key: value``)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    if ": " in needle:
        start += needle.index(": ") + 2
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def entry(text: str, needle: str) -> tuple[int, int]:
    """Where the list entry starting with ``- <needle>`` begins (after the dash)."""
    start = text.index("- " + needle) + 2
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def errors(text: str):
    ev = evaluate(text)
    svc = [d for d in ev.documents if d.kind == "Service"]
    assert svc, ev.documents
    return svc[0], [(e.path, e.type, e.message, e.line, e.column) for e in svc[0].errors]


PORT80 = "selector: {app: web}\nports:\n- port: 80\n"


def test_valid_minimal():
    doc, errs = errors(manifest(PORT80))
    assert errs == [] and doc.valid and doc.stage is None


# --------------------------------------------------------------------------- metadata
@pytest.mark.parametrize("name,messages", [
    ("My-Service", [DNS1035]),
    ("1svc", [DNS1035]),
    ("my.svc", [DNS1035]),
    ("my_svc", [DNS1035]),
    ("a" * 64, ["must be no more than 63 characters"]),
    ("A" * 64, ["must be no more than 63 characters", DNS1035]),
])
def test_r_name(name, messages):
    doc, errs = errors(manifest(PORT80, name=name))
    assert doc.stage == "validation"
    assert errs == [("metadata.name", "Invalid value", f'metadata.name: Invalid value: "{name}": {m}', 4, 9)
                    for m in messages]


def test_r_name_required():
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\nspec:\n  ports:\n  - port: 80\n"
    _, errs = errors(text)
    assert errs == [("metadata.name", "Required value", "metadata.name: Required value: name or generateName is required",
                     3, 1)] or errs[0][:3] == ("metadata.name", "Required value",
                                               "metadata.name: Required value: name or generateName is required")


def test_r_name_generate_name_is_used():
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  generateName: web-\nspec:\n  ports:\n  - port: 80\n"
    doc, errs = errors(text)
    assert errs == [] and doc.service.name.startswith("web-") and len(doc.service.name) == 9


def test_pods_may_start_with_a_digit_but_services_not():
    _, errs = errors(manifest(PORT80, name="123-abc"))
    assert errs[0][2] == f'metadata.name: Invalid value: "123-abc": {DNS1035}'


def test_r_namespace():
    text = manifest(PORT80, meta="namespace: Prod")
    _, errs = errors(text)
    assert errs == [("metadata.namespace", "Invalid value", f'metadata.namespace: Invalid value: "Prod": {DNS1123_LABEL}',
                     *loc(text, "Prod"))]


def test_r_labels_reports_the_map_path_and_points_at_the_key_or_value():
    text = manifest(PORT80, meta='labels:\n  "front end": x\n  tier: "back end"')
    _, errs = errors(text)
    assert errs == [
        ("metadata.labels", "Invalid value", f'metadata.labels: Invalid value: "front end": {NAME_PART}',
         *loc(text, '"front end"')),
        ("metadata.labels", "Invalid value", f'metadata.labels: Invalid value: "back end": {LABEL_VALUE}',
         *loc(text, '"back end"')),
    ]


def test_r_labels_prefix_and_slashes():
    _, errs = errors(manifest(PORT80, meta='labels:\n  "/a": v1\n  "a/b/c": v2\n  "Example.com/a": v3'))
    msgs = [e[2] for e in errs]
    assert msgs[0] == 'metadata.labels: Invalid value: "/a": prefix part must be non-empty'
    assert msgs[1].startswith('metadata.labels: Invalid value: "a/b/c": a qualified name must consist of')
    assert msgs[1].endswith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")
    assert msgs[2] == f'metadata.labels: Invalid value: "Example.com/a": prefix part {DNS1123_SUBDOMAIN}'


def test_uppercase_label_keys_and_values_are_fine():
    _, errs = errors(manifest(PORT80, meta="labels: {App: MyValue, a.b/c_d: x-1}"))
    assert errs == []


def test_r_annotations_checked_lowercased():
    _, errs = errors(manifest(PORT80, meta='annotations:\n  "Example.COM/Ok": x\n  "bad key": z'))
    assert [e[2] for e in errs] == [f'metadata.annotations: Invalid value: "bad key": {NAME_PART}']


# --------------------------------------------------------------------------- ports
def test_r_ports_required():
    _, errs = errors(manifest("selector: {app: web}"))
    assert errs == [("spec.ports", "Required value", "spec.ports: Required value", 5, 1)]  # at `spec:`


def test_headless_and_externalname_need_no_ports():
    assert errors(manifest("clusterIP: None\nselector: {app: web}"))[1] == []
    assert errors(manifest("type: ExternalName\nexternalName: db.example.com"))[1] == []


def test_r_port_name_required_for_each_unnamed_port_of_a_multi_port_service():
    text = manifest("ports:\n- port: 80\n- port: 443\n- port: 8080\n  name: x")
    _, errs = errors(text)
    assert errs == [  # the entry where the name is missing
        ("spec.ports[0].name", "Required value", "spec.ports[0].name: Required value", *entry(text, "port: 80")),
        ("spec.ports[1].name", "Required value", "spec.ports[1].name: Required value", *entry(text, "port: 443")),
    ]


@pytest.mark.parametrize("name,ok", [
    ("8443", True), ("123-abc", True), ("a-very-long-port-name-that-is-fine", True),
    ("http_web", False), ("HTTP", False), ("-http", False),
])
def test_r_port_name_is_a_dns_label_not_iana(name, ok):
    text = manifest(f'ports:\n- port: 80\n  name: "{name}"')
    _, errs = errors(text)
    if ok:
        assert errs == []
    else:
        assert errs == [("spec.ports[0].name", "Invalid value",
                         f'spec.ports[0].name: Invalid value: "{name}": {DNS1123_LABEL}', *loc(text, f'"{name}"'))]


def test_r_port_name_dots():
    _, errs = errors(manifest("ports:\n- port: 80\n  name: web.http"))
    assert errs[0][2] == 'spec.ports[0].name: Invalid value: "web.http": must not contain dots'


def test_r_port_name_unique():
    text = manifest("ports:\n- {name: http, port: 80}\n- {name: http, port: 81, protocol: UDP}")
    _, errs = errors(text)
    assert errs == [("spec.ports[1].name", "Duplicate value", 'spec.ports[1].name: Duplicate value: "http"',
                     *loc(text, "http", 1))]


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_r_port_range_and_the_defaulted_target_port(port):
    text = manifest(f"ports:\n- port: {port}")
    _, errs = errors(text)
    line, col = entry(text, "port")
    assert errs == [
        ("spec.ports[0].port", "Invalid value",
         f"spec.ports[0].port: Invalid value: {port}: must be between 1 and 65535, inclusive", line, col + 6),
        ("spec.ports[0].targetPort", "Invalid value",  # not written: the entry
         f"spec.ports[0].targetPort: Invalid value: {port}: must be between 1 and 65535, inclusive", line, col),
    ]


def test_empty_port_value_is_zero():
    _, errs = errors(manifest("ports:\n- port:\n  targetPort: 80"))
    assert errs[0][:3] == ("spec.ports[0].port", "Invalid value",
                           "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")


def test_r_protocol():
    text = manifest("ports:\n- port: 80\n  protocol: tcp")
    _, errs = errors(text)
    assert errs == [("spec.ports[0].protocol", "Unsupported value",
                     'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
                     *loc(text, "tcp"))]


@pytest.mark.parametrize("target,messages", [
    ('"http-web-service"', ["must be no more than 15 characters"]),
    ('"http_web"', ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
    ('"8080"', ["must contain at least one letter (a-z)"]),
    ('"http--web"', ["must not contain consecutive hyphens"]),
    ('"-http"', ["must not begin or end with a hyphen"]),
    ('"HTTP"', ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)"]),
])
def test_r_targetport_names(target, messages):
    text = manifest(f"ports:\n- port: 80\n  targetPort: {target}")
    _, errs = errors(text)
    value = target.strip('"')
    assert errs == [("spec.ports[0].targetPort", "Invalid value",
                     f'spec.ports[0].targetPort: Invalid value: "{value}": {m}', *loc(text, target)) for m in messages]


def test_r_targetport_number():
    text = manifest("ports:\n- port: 80\n  targetPort: 65536")
    _, errs = errors(text)
    assert errs == [("spec.ports[0].targetPort", "Invalid value",
                     "spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive",
                     *loc(text, "65536"))]


@pytest.mark.parametrize("target", ["0", '""', "null", "80.0"])
def test_targetport_zero_empty_or_null_is_defaulted(target):
    doc, errs = errors(manifest(f"ports:\n- port: 80\n  targetPort: {target}"))
    assert errs == [] and doc.service.ports[0].target_port == 80


def test_r_appprotocol():
    _, errs = errors(manifest("ports:\n- port: 80\n  appProtocol: HTTP/2"))
    assert errs[0][2].startswith('spec.ports[0].appProtocol: Invalid value: "HTTP/2": prefix part a lowercase RFC 1123')
    assert errors(manifest("ports:\n- port: 80\n  appProtocol: kubernetes.io/h2c"))[1] == []


def test_headless_target_port_mismatch_is_tolerated():
    assert errors(manifest("clusterIP: None\nports:\n- port: 80\n  targetPort: 8080"))[1] == []


def test_r_port_dup_after_defaulting_renders_the_internal_struct():
    text = manifest("ports:\n- {name: a, port: 80}\n- {name: b, port: 80, protocol: TCP}\n"
                    "- {name: c, port: 80, protocol: UDP}")
    _, errs = errors(text)
    assert errs == [("spec.ports[1]", "Duplicate value",
                     'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,'
                     '"TargetPort":0,"NodePort":0}', *entry(text, "{name: b"))]


# --------------------------------------------------------------------------- selector, affinity
def test_r_selector_map_path():
    text = manifest('selector:\n  "app name": web\nports:\n- port: 80')
    _, errs = errors(text)
    assert errs == [("spec.selector", "Invalid value", f'spec.selector: Invalid value: "app name": {NAME_PART}',
                     *loc(text, '"app name"'))]


def test_empty_selector_is_valid():
    doc, errs = errors(manifest("selector: {}\nports:\n- port: 80"))
    assert errs == [] and doc.service.selector == {}


def test_r_affinity():
    text = manifest(PORT80 + "sessionAffinity: client-ip")
    _, errs = errors(text)
    assert errs == [("spec.sessionAffinity", "Unsupported value",
                     'spec.sessionAffinity: Unsupported value: "client-ip": supported values: "ClientIP", "None"',
                     *loc(text, "client-ip"))]


@pytest.mark.parametrize("timeout,ok", [(0, False), (86400, True), (86401, False), (1, True)])
def test_r_affinity_timeout(timeout, ok):
    spec = PORT80 + f"sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: {timeout}"
    text = manifest(spec)
    _, errs = errors(text)
    if ok:
        assert errs == []
    else:
        assert errs == [("spec.sessionAffinityConfig.clientIP.timeoutSeconds", "Invalid value",
                         f"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: {timeout}: "
                         "must be greater than 0 and less than 86400",
                         *loc(text, f"timeoutSeconds: {timeout}"))]


def test_affinity_config_next_to_none_is_dropped_and_clientip_defaults():
    doc, errs = errors(manifest(PORT80 + "sessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}"))
    assert errs == [] and doc.service.session_affinity_timeout is None
    doc, errs = errors(manifest(PORT80 + "sessionAffinity: ClientIP"))
    assert errs == [] and doc.service.session_affinity_timeout == 10800


# --------------------------------------------------------------------------- type, nodePort, externalName
def test_r_type():
    text = manifest(PORT80 + "type: Nodeport")
    _, errs = errors(text)
    assert errs == [("spec.type", "Unsupported value",
                     'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", '
                     '"LoadBalancer", "NodePort"', *loc(text, "Nodeport"))]


def test_r_nodeport_type_forbidden_on_default_clusterip():
    text = manifest("ports:\n- port: 80\n  nodePort: 30080")
    _, errs = errors(text)
    assert errs == [("spec.ports[0].nodePort", "Forbidden",
                     "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
                     *loc(text, "30080"))]


def test_r_headless_type():
    text = manifest("type: NodePort\nclusterIP: None\nports:\n- port: 80")
    _, errs = errors(text)
    assert errs == [("spec.clusterIPs[0]", "Invalid value",  # the user wrote spec.clusterIP
                     "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
                     *loc(text, "None"))]


def test_r_externalname():
    text = manifest("type: ExternalName\nexternalName: my_db.example.com.")
    _, errs = errors(text)
    assert errs == [("spec.externalName", "Invalid value",  # the trailing dot is stripped first
                     f'spec.externalName: Invalid value: "my_db.example.com": {DNS1123_SUBDOMAIN}',
                     *loc(text, "my_db"))]
    _, errs = errors(manifest("type: ExternalName"))
    assert errs == [("spec.externalName", "Required value", "spec.externalName: Required value", 5, 1)]
    text = manifest("type: ExternalName\nexternalName: db.example.com\nclusterIP: None")
    _, errs = errors(text)
    assert errs == [("spec.clusterIPs", "Forbidden", "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
                     *loc(text, "None"))]
    assert errors(manifest("type: ExternalName\nexternalName: 10.1.2.3"))[1] == []


def test_externalname_nodeport_is_accepted():
    assert errors(manifest("type: ExternalName\nexternalName: a.b\nports:\n- port: 80\n  nodePort: 30080"))[1] == []


# --------------------------------------------------------------------------- cluster IPs and external IPs
def test_r_clusterip_invalid():
    text = manifest(PORT80 + "clusterIP: none")
    doc, errs = errors(text)
    assert doc.stage == "allocation"  # initIPFamilyFields validates clusterIPs early
    assert errs == [("spec.clusterIPs[0]", "Invalid value",
                     'spec.clusterIPs[0]: Invalid value: "none": must be a valid IP address, (e.g. 10.9.8.7 or '
                     '2001:db8::ffff)', *loc(text, "none"))]


def test_r_clusterip_first_value_must_match():
    text = manifest(PORT80 + "clusterIP: 10.96.5.5\nclusterIPs: [10.96.5.6]")
    _, errs = errors(text)
    assert errs == [("spec.clusterIPs", "Invalid value",
                     'spec.clusterIPs: Invalid value: ["10.96.5.6"]: first value must match `clusterIP`',
                     *loc(text, "[10.96.5.6]"))]


def test_r_externalips():
    _, errs = errors(manifest(PORT80 + "externalIPs: [127.0.0.1, nope]"))
    assert [e[2] for e in errs] == [
        'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[1]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]


# --------------------------------------------------------------------------- LB only, traffic policies
def test_r_lb_only():
    text = manifest(PORT80 + "loadBalancerSourceRanges: [10.0.0.0/8]\nallocateLoadBalancerNodePorts: false\n"
                             "loadBalancerClass: example.com/x")
    _, errs = errors(text)
    assert [e[:3] for e in errs] == [
        ("spec.LoadBalancerSourceRanges", "Forbidden",
         "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"),
        ("spec.allocateLoadBalancerNodePorts", "Forbidden",
         "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"),
        ("spec.loadBalancerClass", "Forbidden",
         "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"),
    ]
    assert errs[0][3:] == loc(text, "[10.0.0.0/8]")


def test_lb_source_ranges_must_be_cidrs():
    _, errs = errors(manifest(PORT80 + "type: LoadBalancer\nloadBalancerSourceRanges: [' 10.0.0.0/8 ', 10.0.0.1]"))
    assert [e[2] for e in errs] == [
        'spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 '
        'or 2001:db8::/64)']


def test_r_etp():
    text = manifest(PORT80 + "externalTrafficPolicy: Local")
    _, errs = errors(text)
    assert errs == [("spec.externalTrafficPolicy", "Invalid value",
                     'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible '
                     'services', *loc(text, "Local"))]
    _, errs = errors(manifest(PORT80 + "type: NodePort\nexternalTrafficPolicy: local"))
    assert [e[2] for e in errs] == [
        'spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"']
    assert errors(manifest(PORT80 + "externalIPs: [198.51.100.32]\nexternalTrafficPolicy: Local"))[1] == []


def test_r_healthcheck_only_for_lb_local():
    _, errs = errors(manifest(PORT80 + "type: NodePort\nhealthCheckNodePort: 32000"))
    assert [e[2] for e in errs] == [
        "spec.healthCheckNodePort: Invalid value: 32000: may only be set when `type` is 'LoadBalancer' and "
        "`externalTrafficPolicy` is 'Local'"]
    doc, errs = errors(manifest(PORT80 + "type: LoadBalancer\nexternalTrafficPolicy: Local"))
    assert errs == [] and 30000 <= doc.service.health_check_node_port <= 32767


def test_r_itp_and_traffic_distribution():
    _, errs = errors(manifest(PORT80 + "internalTrafficPolicy: local\ntrafficDistribution: preferClose"))
    assert [e[2] for e in errs] == [
        'spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
        'spec.trafficDistribution: Unsupported value: "preferClose": supported values: "PreferClose", '
        '"PreferSameZone", "PreferSameNode"',
    ]


@pytest.mark.parametrize("value", ["PreferClose", "PreferSameZone", "PreferSameNode"])
def test_traffic_distribution_values_of_1_34(value):
    """PreferSameTrafficDistribution is beta and on by default in 1.34."""
    assert errors(manifest(PORT80 + f"trafficDistribution: {value}"))[1] == []


@pytest.mark.parametrize("ip", ["ff02::1", "ff12::1", "ff32::fb", "fff2::1", "224.0.0.251", "::ffff:224.0.0.1"])
def test_link_local_multicast_is_go_net_ip_predicate(ip):
    """net.IP.IsLinkLocalMulticast: 224.0.0.0/24, and ffX2::/16 whatever the flags X."""
    _, errs = errors(manifest(PORT80 + f"externalIPs: ['{ip}']"))
    assert [e[2] for e in errs] == [f'spec.externalIPs[0]: Invalid value: "{ip}": may not be in the link-local '
                                    "multicast range (224.0.0.0/24, ff02::/10)"]


@pytest.mark.parametrize("ip", ["ff05::1", "ff0e::1", "224.0.1.1", "fe00::1"])
def test_other_multicast_external_ips_are_accepted(ip):
    assert errors(manifest(PORT80 + f"externalIPs: ['{ip}']"))[1] == []


# --------------------------------------------------------------------------- many at once, in source order
def test_all_validation_errors_are_collected_in_source_order():
    text = manifest("type: ClusterIP\nselector: {app: web}\nports:\n- port: 0\n  protocol: tcp\n  nodePort: 30001",
                    name="Web")
    doc, errs = errors(text)
    assert doc.stage == "validation"
    assert [e[0] for e in errs] == ["metadata.name", "spec.ports[0].port", "spec.ports[0].protocol",
                                    "spec.ports[0].targetPort", "spec.ports[0].nodePort"]
    assert all(e[3] is not None and e[4] is not None for e in errs)


# --------------------------------------------------------------------------- explanations
def test_every_error_has_an_explanation_and_fix(korean):
    doc, _ = errors(manifest("ports:\n- port: 0\n  protocol: tcp", name="Web"))
    for e in doc.errors:
        assert str(explanation_text(e)) and str(fix_text(e))


def test_every_rule_text_formats_in_both_languages(korean):
    import string

    from tutor.i18n import Text, set_language
    from tutor.k8s.explain import RULES, WARNINGS

    for lang in ("ko", "en"):
        set_language(lang)
        for msgid in [m for pair in RULES.values() for m in pair] + list(WARNINGS.values()):
            names = {n for _l, n, _s, _c in string.Formatter().parse(msgid) if n is not None}
            assert all(n.isidentifier() for n in names), msgid
            assert str(Text(msgid, **{n: "x" for n in names}))
