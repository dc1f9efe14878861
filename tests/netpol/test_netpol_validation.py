"""NetworkPolicy admission: decode, defaults and validation, one test per rule, with the
exact path, type and message the Kubernetes 1.34 API server gives (checked against
``pkg/apis/networking/validation/validation.go`` and apimachinery v0.34.0)."""

from __future__ import annotations

import pytest

from tutor.k8s import explain
from tutor.k8s.explain import explanation_text, fix_text
from tutor.k8s.field import ErrorType
from tutor.k8s.netpol import admit_text
from tutor.k8s.netpol.admit import go_json_string
from tutor.k8s.netpol.explain import RULES

HEAD = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"

SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
             "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
             "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
         "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
NAME_PART = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
             "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
             "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
VALUE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
         "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
         "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
RANGE = "must be between 1 and 65535, inclusive"
DECODE = 'NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: '


def admit(body: str, meta: str = "metadata: {name: np}\n"):
    results = admit_text(HEAD + meta + body)
    assert len(results) == 1
    return results[0]


def messages(body: str, meta: str = "metadata: {name: np}\n") -> list[str]:
    return [e.message for e in admit(body, meta).errors]


def one(body: str, meta: str = "metadata: {name: np}\n"):
    errors = admit(body, meta).errors
    assert len(errors) == 1, [e.message for e in errors]
    return errors[0]


# ----------------------------------------------------------------------------- metadata
def test_name_required():
    e = one("spec: {}\n", "metadata: {namespace: x}\n")
    assert (e.path, e.type, e.message) == ("metadata.name", ErrorType.REQUIRED,
                                           "metadata.name: Required value: name or generateName is required")


def test_name_is_a_dns_subdomain():
    assert messages("spec: {}\n", "metadata: {name: API_allow}\n") == [
        f'metadata.name: Invalid value: "API_allow": {SUBDOMAIN}']
    assert admit("spec: {}\n", "metadata: {name: 1-deny.v2}\n").valid  # dots and a leading digit are fine
    long = "a" * 254
    assert messages("spec: {}\n", f"metadata: {{name: {long}}}\n") == [
        f'metadata.name: Invalid value: "{long}": must be no more than 253 characters']


def test_generate_name_is_checked_and_a_name_made_from_it():
    a = admit("spec: {}\n", "metadata: {generateName: deny-}\n")
    assert a.valid and a.name.startswith("deny-") and len(a.name) == 10
    assert messages("spec: {}\n", "metadata: {generateName: Web_}\n")[0] == (
        f'metadata.generateName: Invalid value: "Web_": {SUBDOMAIN}')


def test_namespace_is_a_dns_label():
    assert messages("spec: {}\n", "metadata: {name: np, namespace: My_NS}\n") == [
        f'metadata.namespace: Invalid value: "My_NS": {LABEL}']
    assert messages("spec: {}\n", "metadata: {name: np, namespace: a.b}\n") == [
        'metadata.namespace: Invalid value: "a.b": must not contain dots']
    assert admit("spec: {}\n", "metadata: {name: np}\n").namespace == "default"


def test_metadata_labels_and_annotations():
    assert messages("spec: {}\n", 'metadata: {name: np, labels: {"a b": "x y"}}\n') == [
        f'metadata.labels: Invalid value: "a b": {NAME_PART}', f'metadata.labels: Invalid value: "x y": {VALUE}']
    assert messages("spec: {}\n", 'metadata: {name: np, annotations: {"a b": ok}}\n') == [
        f'metadata.annotations: Invalid value: "a b": {NAME_PART}']
    big = "x" * (256 * 1024)
    assert messages("spec: {}\n", f"metadata: {{name: np, annotations: {{k: {big}}}}}\n") == [
        "metadata.annotations: Too long: may not be more than 262144 bytes"]


# ----------------------------------------------------------------------------- label selectors
@pytest.mark.parametrize(("key", "expected"), [
    ("app name", [NAME_PART]),
    ("-app", [NAME_PART]),
    ('""', ["name part must be non-empty", NAME_PART]),
    ("example.com/", ["name part must be non-empty", NAME_PART]),
    ("/app", ["prefix part must be non-empty"]),
    ("Example.com/app", ["prefix part " + SUBDOMAIN]),
    ("a/b/c", ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
               "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
               "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix "
               "and '/' (e.g. 'example.com/MyName')"]),
    ("a" * 64, ["name part must be no more than 63 characters"]),
    ("App.Name_1", []),
])
def test_match_labels_keys(key, expected):
    got = messages(f"spec:\n  podSelector: {{matchLabels: {{{key}: web}}}}\n")
    shown = key.strip('"')
    assert got == [f'spec.podSelector.matchLabels: Invalid value: "{shown}": {m}' for m in expected]


def test_match_labels_values_after_keys():
    assert messages('spec:\n  podSelector: {matchLabels: {"a b": "front end"}}\n') == [
        f'spec.podSelector.matchLabels: Invalid value: "a b": {NAME_PART}',
        f'spec.podSelector.matchLabels: Invalid value: "front end": {VALUE}']
    v = "v" * 64
    assert messages(f"spec:\n  podSelector: {{matchLabels: {{app: {v}}}}}\n") == [
        f'spec.podSelector.matchLabels: Invalid value: "{v}": must be no more than 63 characters']


def test_match_expressions_operator_values_key():
    base = "spec:\n  podSelector:\n    matchExpressions:\n    - {}\n"
    p = "spec.podSelector.matchExpressions[0]"
    assert messages(base.format("{key: tier, operator: in, values: [api]}")) == [
        f'{p}.operator: Invalid value: "in": not a valid selector operator']
    assert messages(base.format("{key: tier, operator: In}")) == [
        f"{p}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]
    assert messages(base.format("{key: tier, operator: NotIn, values: []}")) == [
        f"{p}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]
    assert messages(base.format("{key: tier, operator: Exists, values: [a]}")) == [
        f"{p}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]
    assert messages(base.format("{key: tier, operator: Gt, values: ['1']}")) == [
        f'{p}.operator: Invalid value: "Gt": not a valid selector operator']
    # missing operator and key: operator first, then the key's two errors
    assert messages(base.format("{values: [a]}")) == [
        f'{p}.operator: Invalid value: "": not a valid selector operator',
        f'{p}.key: Invalid value: "": name part must be non-empty', f'{p}.key: Invalid value: "": {NAME_PART}']
    # values are checked for every operator, even a bad one
    assert messages(base.format("{key: tier, operator: bad, values: [ok, 'v 2']}")) == [
        f'{p}.operator: Invalid value: "bad": not a valid selector operator',
        f'{p}.values[1]: Invalid value: "v 2": {VALUE}']


def test_operator_value_is_json_encoded():
    assert messages("spec:\n  podSelector:\n    matchExpressions: [{key: a, operator: '<in>', values: [x]}]\n") == [
        'spec.podSelector.matchExpressions[0].operator: Invalid value: "\\u003cin\\u003e": not a valid selector '
        'operator']
    assert go_json_string('a"b\\c\n\t<>&\u2028é\x01') == '"a\\"b\\\\c\\n\\t\\u003c\\u003e\\u0026\\u2028é\\u0001"'


def test_peer_selectors_are_validated_at_their_paths():
    got = messages("spec:\n  podSelector: {}\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {'a b': x}}\n"
                   "      podSelector: {matchExpressions: [{key: k, operator: In}]}\n")
    assert got == [
        "spec.egress[0].to[0].podSelector.matchExpressions[0].values: Required value: must be specified when "
        "`operator` is 'In' or 'NotIn'",
        f'spec.egress[0].to[0].namespaceSelector.matchLabels: Invalid value: "a b": {NAME_PART}']


# ----------------------------------------------------------------------------- ports
def port_messages(entry: str, direction: str = "ingress") -> list[str]:
    return messages(f"spec:\n  podSelector: {{}}\n  {direction}:\n  - ports: [{entry}]\n")


def test_protocol_must_be_tcp_udp_or_sctp():
    p = "spec.egress[0].ports[0].protocol"
    for value in ("ICMP", "tcp", ""):
        shown = go_json_string(value)
        assert port_messages(f"{{protocol: '{value}'}}", "egress") == [
            f'{p}: Unsupported value: {shown}: supported values: "TCP", "UDP", "SCTP"']
    for value in ("TCP", "UDP", "SCTP"):
        assert port_messages(f"{{protocol: {value}, port: 53}}") == []


def test_protocol_is_defaulted_to_tcp_when_absent_or_null():
    a = admit("spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80}, {protocol: null, port: 81}]\n")
    assert [p.protocol for p in a.policy.ingress[0].ports] == ["TCP", "TCP"]


@pytest.mark.parametrize("port", [0, 70000, -1])
def test_numeric_port_range(port):
    assert port_messages(f"{{port: {port}}}") == [f"spec.ingress[0].ports[0].port: Invalid value: {port}: {RANGE}"]


def test_end_port_rules_1_34():
    p = "spec.egress[0].ports[0].endPort"
    # 1.34 shows the *port* in this message (fixed after 1.34 by kubernetes#137960)
    assert port_messages("{port: 32000, endPort: 31000}", "egress") == [
        f"{p}: Invalid value: 32000: must be greater than or equal to `port`"]
    assert port_messages("{port: 80, endPort: 0}", "egress") == [
        f"{p}: Invalid value: 80: must be greater than or equal to `port`", f"{p}: Invalid value: 0: {RANGE}"]
    assert port_messages("{port: 80, endPort: 70000}", "egress") == [f"{p}: Invalid value: 70000: {RANGE}"]
    assert port_messages("{port: 80, endPort: 80}", "egress") == []
    assert port_messages("{port: http, endPort: 60}", "egress") == [
        f"{p}: Invalid value: 60: may not be specified when `port` is non-numeric"]
    assert port_messages("{endPort: 9000}", "egress") == [
        f"{p}: Invalid value: 9000: may not be specified when `port` is not specified"]
    assert port_messages("{protocol: UDP, endPort: 9000}", "egress") == [
        f"{p}: Invalid value: 9000: may not be specified when `port` is not specified"]


@pytest.mark.parametrize(("name", "expected"), [
    ('"8080"', ["must contain at least one letter (a-z)"]),
    ("HTTP", ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
              "must contain at least one letter (a-z)"]),
    ('""', ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "must contain at least one letter (a-z)"]),
    ("metrics-endpoint", ["must be no more than 15 characters"]),
    ("a--b", ["must not contain consecutive hyphens"]),
    ("-web", ["must not begin or end with a hyphen"]),
    ("http", []),
])
def test_port_names(name, expected):
    shown = name.strip('"')
    assert port_messages(f"{{port: {name}}}") == [
        f'spec.ingress[0].ports[0].port: Invalid value: "{shown}": {m}' for m in expected]


def test_ports_come_before_peers_whatever_the_yaml_order():
    got = messages("spec:\n  podSelector: {}\n  ingress:\n  - from: [{}]\n    ports: [{port: 0}]\n")
    assert got == [f"spec.ingress[0].ports[0].port: Invalid value: 0: {RANGE}",
                   "spec.ingress[0].from[0]: Required value: must specify a peer"]


# ----------------------------------------------------------------------------- peers and ipBlock
def test_a_peer_needs_a_selector_or_an_ip_block():
    for peer in ("{}", "{podSelector: null}", "{namespaceSelector: null, ipBlock: null}"):
        e = one(f"spec:\n  podSelector: {{}}\n  ingress:\n  - from: [{{podSelector: {{}}}}, {peer}]\n")
        assert (e.path, e.type, e.message) == ("spec.ingress[0].from[1]", ErrorType.REQUIRED,
                                               "spec.ingress[0].from[1]: Required value: must specify a peer")
    got = messages("spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n")
    assert got == ["spec.ingress[0].from[0]: Required value: must specify a peer"]


def test_ip_block_and_selectors_in_one_peer_are_forbidden_once():
    for extra in ("podSelector: {}", "namespaceSelector: {}", "podSelector: {}, namespaceSelector: {}"):
        e = one(f"spec:\n  podSelector: {{}}\n  egress:\n  - to: [{{ipBlock: {{cidr: 10.0.0.0/8}}, {extra}}}]\n")
        assert e.message == "spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer"
    assert admit("spec:\n  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}, namespaceSelector: {}}]\n").valid


def block(cidr: str, excepts: str = "") -> list[str]:
    ex = f", except: [{excepts}]" if excepts else ""
    return messages(f"spec:\n  podSelector: {{}}\n  ingress:\n  - from: [{{ipBlock: {{cidr: '{cidr}'{ex}}}}}]\n")


def test_cidr_required_and_then_except_is_not_checked():
    b = "spec.ingress[0].from[0].ipBlock"
    assert block("", "bad") == [f"{b}.cidr: Required value"]
    assert messages("spec:\n  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {except: [x]}}]\n") == [
        f"{b}.cidr: Required value"]


@pytest.mark.parametrize("cidr", ["10.0.0.5", "10.0.0.0/33", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/255.0.0.0",
                                  "10.0.0/8", "10.0.0.256/32", "fd00::1", "fd00::/129", "fe80::1%eth0/64",
                                  "10.0.0.0/+8", "10.0.0.0/8/9", "1.2.3.4.5/32", "abc/8"])
def test_invalid_cidrs_stop_the_block(cidr):
    assert block(cidr, "'also bad'") == [f'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "{cidr}": {CIDR}']


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0", "10.0.0.1/24", "010.0.0.0/8", "10.0.0.0/08", "10.0.0.0/0008",
                                  "2001:db8::/64", "::ffff:10.0.0.0/104", "::ffff:010.0.0.0/104", "0000010.0.0.0/8"])
def test_valid_cidrs_in_1_34(cidr):
    assert block(cidr) == []


def test_except_entries():
    b = "spec.ingress[0].from[0].ipBlock"
    assert block("10.0.0.0/16", "10.0.1.0/24, 10.0.300.0/24, '', 10.0.0.0/16, 10.0.0.0/8, 10.1.0.0/24, fd00::/64") == [
        f'{b}.except[1]: Invalid value: "10.0.300.0/24": {CIDR}',
        f'{b}.except[2]: Invalid value: "": {CIDR}',
        f'{b}.except[3]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
        f'{b}.except[4]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
        f'{b}.except[5]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
        f'{b}.except[6]: Invalid value: "fd00::/64": must be a strict subset of `cidr`',
    ]
    assert block("10.0.0.1/16", "10.0.5.7/24") == []  # both read as their networks


# ----------------------------------------------------------------------------- policyTypes
def test_policy_types_more_than_two_skips_the_items():
    assert messages("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress, ingress]\n") == [
        'spec.policyTypes: Invalid value: ["Ingress","Egress","ingress"]: may not specify more than two policyTypes']


def test_policy_types_values():
    assert messages("spec:\n  podSelector: {}\n  policyTypes: [ingress, Egress]\n") == [
        'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"']
    a = admit("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Ingress]\n")
    assert a.valid and a.policy.policy_types == ("Ingress", "Ingress")


@pytest.mark.parametrize(("spec", "types"), [
    ("spec: {}\n", ("Ingress",)),
    ("spec:\n  egress: [{}]\n", ("Ingress", "Egress")),
    ("spec:\n  egress: []\n", ("Ingress",)),
    ("spec:\n  policyTypes: []\n  egress: [{}]\n", ("Ingress", "Egress")),
    ("spec:\n  policyTypes: null\n  egress: [{}]\n", ("Ingress", "Egress")),
    ("spec:\n  policyTypes: [Egress]\n  ingress: [{}]\n", ("Egress",)),
])
def test_policy_types_defaults(spec, types):
    a = admit(spec)
    assert a.valid and a.policy.policy_types == types


def test_the_reference_worked_example_in_order():
    text = ("metadata: {name: API_allow}\nspec:\n  podSelector:\n"
            "    matchExpressions: [{key: tier, operator: in, values: [api]}]\n  policyTypes: [ingress]\n"
            "  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}\n"
            "      namespaceSelector: {}\n    ports:\n    - {protocol: tcp, port: \"8080\"}\n")
    assert messages(text, "") == [
        f'metadata.name: Invalid value: "API_allow": {SUBDOMAIN}',
        'spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
        'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
        'spec.ingress[0].ports[0].port: Invalid value: "8080": must contain at least one letter (a-z)',
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
        "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer",
        'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
    ]


def test_things_that_are_valid():
    for spec in ("spec: {}\n", "spec:\n  ingress: []\n", "spec:\n  ingress: [{}]\n", "spec:\n  ingress:\n  - from: []\n",
                 "spec:\n  ingress:\n  - ports: []\n", "spec:\n  ingress:\n  - ports: [{}]\n",
                 "spec:\n  policyTypes: [Ingress]\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n",
                 "spec:\n  ingress:\n  - ports: [{port: no-such-name}]\n"):
        assert admit(spec).valid, spec


# ----------------------------------------------------------------------------- decoding
def test_unknown_fields_all_listed_sorted():
    a = admit("spec:\n  podselector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n      ports: [{port: 80}]\n"
              "status: {}\n")
    assert a.stage == "decode"
    assert [e.message for e in a.errors] == [
        DECODE + 'strict decoding error: unknown field "spec.ingress[0].from[0].ports"',
        DECODE + 'strict decoding error: unknown field "spec.podselector"',
        DECODE + 'strict decoding error: unknown field "status"',
    ]
    assert [e.code for e in a.errors] == ["NP-UNKNOWN-FIELD-MOVE", "NP-UNKNOWN-FIELD-CASE", "NP-UNKNOWN-FIELD"]
    assert [str(fix_text(e)) for e in a.errors] == [
        "`ports` is not valid here; it belongs under spec.ingress[0]: fix the indentation.",
        "Field names are case-sensitive: write `podSelector`.",
        "Remove `status`: a NetworkPolicy has no such field."]


def test_to_under_ingress_is_an_unknown_field():
    e = one("spec:\n  ingress:\n  - to: []\n")
    assert e.message == DECODE + 'strict decoding error: unknown field "spec.ingress[0].to"'
    assert str(fix_text(e)) == "`to` is not valid here; it belongs under spec.egress[n]: fix the indentation."


@pytest.mark.parametrize(("body", "detail"), [
    ("spec:\n  ingress:\n  - ports: [{port: 80, endPort: '90'}]\n",
     "json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32"),
    ("spec:\n  podSelector: {matchLabels: {enabled: yes}}\n",
     "json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string"),
    ("spec:\n  ingress:\n  - from: [{podSelector: {matchExpressions: [{key: a, operator: In, values: [1]}]}}]\n",
     "json: cannot unmarshal number into Go struct field LabelSelectorRequirement.spec.ingress.from.podSelector."
     "matchExpressions.values of type string"),
    ("spec:\n  ingress:\n  - from: {podSelector: {}}\n",
     "json: cannot unmarshal object into Go struct field NetworkPolicyIngressRule.spec.ingress.from of type "
     "[]v1.NetworkPolicyPeer"),
    ("spec:\n  policyTypes: Ingress\n",
     "json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.policyTypes of type []v1.PolicyType"),
    ("spec:\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: 10.1.0.0/16}}]\n",
     "json: cannot unmarshal string into Go struct field IPBlock.spec.ingress.from.ipBlock.except of type []string"),
    ("spec:\n  egress:\n  - ports: [{port: 80, endPort: 3000000000}]\n",
     "json: cannot unmarshal number 3000000000 into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of "
     "type int32"),
    ("spec:\n  podSelector: {matchLabels: {tier: y}}\n",
     "json: cannot unmarshal bool into Go struct field LabelSelector.spec.podSelector.matchLabels of type string"),
])
def test_type_errors_first_only(body, detail):
    e = one(body + "  policyTypes: [bad, bad, bad]\n" if "policyTypes" not in body else body)
    assert (e.type, e.message) == (ErrorType.DECODE, DECODE + detail)


def test_port_70000_decodes_and_fails_validation():
    assert port_messages("{port: 70000}") == [f"spec.ingress[0].ports[0].port: Invalid value: 70000: {RANGE}"]


# ----------------------------------------------------------------------------- positions, explanations
def test_positions_point_at_the_value_or_the_nearest_written_parent():
    text = ("metadata:\n  name: np\nspec:\n  podSelector:\n    matchLabels: {'a b': web}\n  ingress:\n"
            "  - ports:\n    - port: 0\n  - from:\n    - ipBlock: {except: [x]}\n")
    errors = admit(text, "").errors
    assert [(e.path, e.line, e.column) for e in errors] == [
        ("spec.podSelector.matchLabels", 7, 19), ("spec.ingress[0].ports[0].port", 10, 13),
        ("spec.ingress[1].from[0].ipBlock.cidr", 12, 7)]


def test_every_code_has_an_explanation_and_a_fix():
    explain_codes = {code for code in RULES}
    assert explain_codes <= set(explain.RULES)
    samples = [
        ("spec: {}\n", "metadata: {namespace: x}\n"),
        ("spec: {}\n", "metadata: {name: Bad_Name, namespace: Bad_NS, labels: {'a b': x}, annotations: {'a b': x}}\n"),
        ("spec:\n  podSelector: {matchLabels: {'a b': x}, matchExpressions: [{key: 'k k', operator: in, values: "
         "['v v']}, {key: a, operator: In}, {key: a, operator: Exists, values: [x]}]}\n"
         "  ingress:\n  - ports: [{protocol: tcp, port: 0}, {port: '80'}, {port: Http}, {port: 80, endPort: 79},"
         " {port: 80, endPort: 70000}, {port: x, endPort: 9}, {endPort: 9}]\n"
         "    from: [{}, {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}, {ipBlock: {}}, {ipBlock: {cidr: 10.0.0.5}},"
         " {ipBlock: {cidr: 10.0.0.0/8, except: [x, 11.0.0.0/8]}}]\n  policyTypes: [ingress]\n", None),
    ]
    seen = set()
    for body, meta in samples:
        for e in admit(body, meta if meta is not None else "metadata: {name: np}\n").errors:
            seen.add(e.code)
            assert str(explanation_text(e)) and not str(explanation_text(e)).startswith("Kubernetes rejects this value"), e.code
            assert str(fix_text(e)) and "{" not in str(fix_text(e)).replace("{{}}", "").replace("{}", ""), (e.code, str(fix_text(e)))
    assert seen == explain_codes - {"NP-KIND-NO-MATCH", "NP-KIND-APIVERSION", "NP-ANNOTATIONS-SIZE", "NP-UNKNOWN-FIELD-TOP",
                                    "NP-TYPES-TOO-MANY", "NP-UNKNOWN-FIELD", "NP-UNKNOWN-FIELD-CASE",
                                    "NP-UNKNOWN-FIELD-CLOSE", "NP-UNKNOWN-FIELD-MOVE"}


def test_fixes_are_concrete():
    def fix(body: str, meta: str = "metadata: {name: np}\n") -> list[str]:
        return [str(fix_text(e)) for e in admit(body, meta).errors]

    assert fix("spec: {}\n", "metadata: {name: API_allow}\n") == ["Use a name such as `api-allow`."]
    assert fix("spec:\n  policyTypes: [egress]\n") == ["Write `Egress`."]
    assert fix("spec:\n  ingress:\n  - ports: [{protocol: udp}]\n") == [
        "Write `protocol: UDP`, or leave protocol out to get TCP."]
    assert fix("spec:\n  ingress:\n  - ports: [{port: '8080'}]\n") == ["Remove the quotes: write `port: 8080`."]
    assert fix("spec:\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.5}}]\n") == ["Write a range such as `10.0.0.5/32`."]
    assert fix("spec:\n  podSelector: {matchExpressions: [{key: a, operator: notin, values: [b]}]}\n") == [
        "Write `operator: NotIn`."]
    assert fix("spec:\n  ingress:\n  - ports: [{port: 80, endPort: 70}]\n") == [
        "Set endPort to 80 or more, or swap port and endPort."]


def test_warnings_for_valid_but_suspicious_policies():
    def codes(body: str) -> list[str]:
        a = admit(body)
        assert a.valid
        return [w.code for w in a.warnings]

    assert codes("spec:\n  egress: [{}]\n") == ["W-NP-EGRESS-ISOLATES-INGRESS"]
    assert codes("spec:\n  policyTypes: [Ingress]\n  egress: [{}]\n") == ["W-NP-RULES-IGNORED"]
    assert codes("spec:\n  policyTypes: [Egress]\n  ingress: [{}]\n  egress: [{}]\n") == ["W-NP-RULES-IGNORED"]
    assert codes("spec:\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.1/24, except: [010.0.0.0/28]}}]\n") == [
        "W-NP-CIDR-HOST-BITS", "W-NP-CIDR-LEADING-ZEROS"]
    a = admit("spec:\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.1/24}}]\n")
    assert str(a.warnings[0].message) == (
        'spec.ingress[0].from[0].ipBlock.cidr: "10.0.0.1/24" has bits set after the prefix length; Kubernetes 1.34 '
        "accepts it and reads it as 10.0.0.0/24, but plugins may not. Write 10.0.0.0/24 or 10.0.0.1/32.")
    assert codes("spec:\n  ingress: [{}]\n") == []


def test_a_top_level_field_indented_under_spec():
    e = one("spec:\n  metadata: {labels: {a: b}}\n")
    assert e.message == DECODE + 'strict decoding error: unknown field "spec.metadata"'
    assert str(fix_text(e)) == "`metadata` belongs at the top level of the document, next to `spec`: fix the indentation."
