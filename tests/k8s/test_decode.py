"""The kind and decode stages: exact kubectl/API-server messages, and stage order."""

from __future__ import annotations

import pytest

from tutor.k8s.evaluate import evaluate
from tutor.k8s.explain import fix_text

PREFIX = 'Service in version "v1" cannot be handled as a Service: '


def svc(body: str, head: str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n") -> str:
    return head + body


def only(text: str):
    ev = evaluate(text)
    assert ev.parse_error is None
    assert len(ev.documents) == 1
    return ev.documents[0]


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


# --------------------------------------------------------------------------- kind
def test_missing_api_version():
    doc = only("kind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n")
    assert doc.stage == "kind" and not doc.valid
    assert [(e.type, e.path, e.message, e.line, e.column) for e in doc.errors] == [
        ("kind", "apiVersion", "error validating data: apiVersion not set", 1, 1)]


def test_misspelled_keys_are_not_set():
    doc = only("apiversion: v1\nKind: Service\nmetadata: {name: web}\n")
    assert [e.message for e in doc.errors] == ["error validating data: apiVersion not set",
                                               "error validating data: kind not set"]


@pytest.mark.parametrize("api,kind,message,needle", [
    ("v1", "service", 'no matches for kind "service" in version "v1"', "service"),
    ("apps/v1", "Service", 'no matches for kind "Service" in version "apps/v1"', "apps/v1"),
    ("V1", "Service", 'no matches for kind "Service" in version "V1"', "V1"),
])
def test_no_matches_for_kind(api, kind, message, needle):
    text = f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: web}}\n"
    doc = only(text)
    assert doc.stage == "kind"
    assert [(e.message, e.line, e.column) for e in doc.errors] == [(message, *pos(text, needle))]
    assert str(fix_text(doc.errors[0]))


def test_document_that_is_not_a_mapping():
    doc = only("- a\n- b\n")
    assert doc.stage == "kind"
    assert doc.errors[0].message == "json: cannot unmarshal array into Go value of type map[string]interface {}"


def test_other_kinds_are_skipped():
    ev = evaluate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n")
    assert ev.documents[0].skipped and ev.valid


# --------------------------------------------------------------------------- types
@pytest.mark.parametrize("body,detail,path,needle", [
    ('spec:\n  ports:\n  - port: "80"\n',
     "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32",
     "spec.ports[0].port", '"80"'),
    ("spec:\n  ports:\n  - port: 80\n  selector:\n    app: true\n",
     "json: cannot unmarshal bool into Go struct field ServiceSpec.spec.selector of type string",
     "spec.selector[app]", "true"),
    ("spec:\n  ports:\n  - port: 80\n  selector:\n    tier: yes\n",
     "json: cannot unmarshal bool into Go struct field ServiceSpec.spec.selector of type string",
     "spec.selector[tier]", "yes"),
    ("spec:\n  ports:\n  - port: 80\n  selector:\n    version: 1.0\n",
     "json: cannot unmarshal number into Go struct field ServiceSpec.spec.selector of type string",
     "spec.selector[version]", "1.0"),
    ("spec:\n  ports:\n  - port: 80.5\n",
     "json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.port of type int32",
     "spec.ports[0].port", "80.5"),
    ("spec:\n  ports:\n  - port: 3000000000\n",
     "json: cannot unmarshal number 3000000000 into Go struct field ServicePort.spec.ports.port of type int32",
     "spec.ports[0].port", "3000000000"),
    ("spec:\n  ports:\n  - port: 80\n    targetPort: true\n",
     "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32",
     "spec.ports[0].targetPort", "true"),
    ("spec:\n  ports: {port: 80}\n",
     "json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort",
     "spec.ports", "{port"),
    ("spec: []\n", "json: cannot unmarshal array into Go struct field Service.spec of type v1.ServiceSpec", "spec",
     "[]"),
    ("  labels: {on: x}\nspec: {ports: [{port: 80}]}\n", None, None, None),
])
def test_type_errors(body, detail, path, needle):
    text = svc(body)
    doc = only(text)
    if detail is None:  # `on:` as a KEY is a bool key, converted to the string "true": fine
        assert doc.valid
        return
    assert doc.stage == "decode"
    assert [(e.type, e.path, e.message, e.line, e.column) for e in doc.errors] == [
        ("decode", path, PREFIX + detail, *pos(text, needle))]


def test_only_the_first_type_error_in_server_order_is_reported():
    # kubectl sends JSON with sorted keys: metadata < spec, name < port < protocol
    text = svc('spec:\n  ports:\n  - protocol: 6\n    port: "80"\n', head="apiVersion: v1\nkind: Service\n"
               "metadata:\n  name: 5\n")
    doc = only(text)
    assert [e.message for e in doc.errors] == [
        PREFIX + "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string"]


def test_type_error_hides_unknown_fields_and_validation_errors():
    text = svc('spec:\n  type: Nodeport\n  ports:\n  - port: "80"\n    targetport: 8080\n')
    doc = only(text)
    assert doc.stage == "decode" and len(doc.errors) == 1 and doc.errors[0].code == "P-TYPES"


def test_quoted_number_fix():
    doc = only(svc('spec:\n  ports:\n  - port: "80"\n'))
    assert str(fix_text(doc.errors[0])) == "Remove the quotes: write `port: 80`."
    doc = only(svc("spec:\n  ports:\n  - port: 80\n  selector:\n    app: true\n"))
    assert str(fix_text(doc.errors[0])) == 'Put the value in quotes: write `app: "true"`.'


def test_null_means_unset():
    doc = only(svc("spec:\n  selector:\n  ports:\n  - port: 80\n    protocol: null\n    targetPort: ~\n"))
    assert doc.valid and doc.service.selector is None and doc.service.ports[0].protocol == "TCP"


# --------------------------------------------------------------------------- strict fields
def test_all_unknown_fields_are_listed_with_indices():
    text = svc("spec:\n  ports:\n  - port: 80\n    targetport: 8080\n  - port: 81\n    Name: b\n  selecter: {}\n"
               "  foo: 1\n")
    doc = only(text)
    assert doc.stage == "decode"
    assert [(e.path, e.message, e.line, e.column) for e in doc.errors] == [
        ("spec.foo", PREFIX + 'strict decoding error: unknown field "spec.foo"', *pos(text, "foo")),
        ("spec.ports[0].targetport", PREFIX + 'strict decoding error: unknown field "spec.ports[0].targetport"',
         *pos(text, "targetport")),
        ("spec.ports[1].Name", PREFIX + 'strict decoding error: unknown field "spec.ports[1].Name"',
         *pos(text, "Name")),
        ("spec.selecter", PREFIX + 'strict decoding error: unknown field "spec.selecter"', *pos(text, "selecter")),
    ]
    fixes = [str(fix_text(e)) for e in doc.errors]
    assert fixes[1] == "Field names are case-sensitive: write `targetPort`."
    assert fixes[2] == "Field names are case-sensitive: write `name`."
    assert fixes[3] == "Did you mean `selector`?"
    assert fixes[0] == "Remove `foo`: a Service has no such field."


def test_field_in_the_wrong_place_is_explained():
    doc = only(svc("spec:\n  targetPort: 8080\n  ports:\n  - port: 80\n"))
    assert str(fix_text(doc.errors[0])) == "`targetPort` is not valid here; it belongs in each entry of spec.ports."


def test_unknown_field_hides_validation_errors():
    doc = only(svc("spec:\n  type: Nodeport\n  ports:\n  - port: 0\n    targetport: 8080\n"))
    assert doc.stage == "decode" and [e.code for e in doc.errors] == ["P-UNKNOWN-FIELD"]


def test_real_world_fields_decode():
    text = """apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web}
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
  finalizers: [service.kubernetes.io/load-balancer-cleanup]
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: "1234"}
  creationTimestamp: null
  resourceVersion: "1"
  uid: abc
spec:
  type: LoadBalancer
  selector: {app.kubernetes.io/name: web}
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  loadBalancerSourceRanges: [10.0.0.0/8]
  externalTrafficPolicy: Local
  internalTrafficPolicy: Cluster
  trafficDistribution: PreferClose
  allocateLoadBalancerNodePorts: true
  loadBalancerClass: example.com/internal
  publishNotReadyAddresses: false
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
  ports:
  - {name: http, port: 80, targetPort: http, protocol: TCP, appProtocol: http}
status:
  loadBalancer:
    ingress: [{ip: 192.0.2.127, ipMode: VIP, ports: [{port: 80, protocol: TCP}]}]
  conditions: []
"""
    doc = only(text)
    assert doc.errors == [] and doc.valid, [e.message for e in doc.errors]
    assert doc.service.session_affinity_timeout == 600


def test_duplicate_keys_last_wins_with_a_warning_not_a_decode_error():
    """kubectl's YAML reader (go-yaml v2 via sigs.k8s.io/yaml) keeps the last value of a
    repeated key and sends only that: the server never sees the duplicate."""
    text = svc("spec:\n  ports:\n  - port: 80\n    port: 8080\n")
    doc = only(text)
    assert doc.valid and doc.stage is None, [e.message for e in doc.errors]
    assert doc.service.ports[0].port == 8080
    dup = [w for w in doc.warnings if w.code == "W-DUPLICATE-KEY"]
    line, column = pos(text, "port: 8080")
    assert [(w.line, w.column, w.params["path"]) for w in dup] == [(line, column, "spec.ports[0].port")]
    assert "kubectl keeps the last value" in str(dup[0].message)


def test_parse_error_is_reported_on_the_evaluation():
    ev = evaluate("apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n")
    assert ev.parse_error is not None and not ev.valid
    assert ev.parse_error.path is None and ev.parse_error.type == "parse"
    assert ev.errors[0].message.startswith("error converting YAML to JSON: yaml: line 4:")
