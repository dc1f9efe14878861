"""Property tests: no input text makes evaluate() raise, hang, or lose positions."""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.k8s.evaluate import Evaluation, evaluate
from tutor.k8s.explain import explanation_text, fix_text

#: KTUTOR_HYPOTHESIS_EXAMPLES=5000 for a long run
SETTINGS = settings(max_examples=int(os.environ.get("KTUTOR_HYPOTHESIS_EXAMPLES", "150")), deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])


def check_evaluation(ev: Evaluation) -> None:
    assert isinstance(ev, Evaluation)
    for e in ev.errors:
        assert e.code != "P-INTERNAL", e.message
        assert e.message
        if e.type != "parse" or e.line is not None:
            assert e.line is not None and e.line >= 1 and e.column is not None and e.column >= 1, e
        assert isinstance(str(explanation_text(e)), str) and isinstance(str(fix_text(e)), str)
    for d in ev.documents:
        assert d.valid == (not d.errors)
        assert d.stage is None or d.stage in ("parse", "kind", "decode", "allocation", "validation")
        for w in d.warnings:
            assert w.code != "W-INTERNAL", str(w.message)
            str(w.message)
        d.to_json()


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    check_evaluation(evaluate(text))


YAMLISH = st.sampled_from([
    "apiVersion: v1\n", "kind: Service\n", "metadata:\n", "  name: web\n", "spec:\n", "  ports:\n", "  - port: 80\n",
    "    targetPort: http\n", "  selector: {app: web}\n", "---\n", "&a [*a]\n", "- *b\n", "  type: NodePort\n",
    "    nodePort: 30080\n", "\t", ": ", "- ", "{", "}", "[", "]", "'", '"', "#", "\n", "  ", "<<: *x\n",
    "  clusterIP: None\n", "kind: Pod\n", "  containers: [{name: a}]\n", "!!int ", "~", "yes", "0x1F", "1e3",
])


@SETTINGS
@given(st.lists(YAMLISH, max_size=40).map("".join))
def test_yaml_like_fragments_never_raise(text):
    check_evaluation(evaluate(text))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.sampled_from(["", "None", "TCP", "tcp", "NodePort", "80", "http", "ClientIP", "Local", "PreferClose"]),
)
keys = st.one_of(st.text(max_size=12), st.sampled_from([
    "ports", "port", "targetPort", "nodePort", "protocol", "name", "selector", "type", "clusterIP", "clusterIPs",
    "externalName", "externalIPs", "sessionAffinity", "sessionAffinityConfig", "clientIP", "timeoutSeconds",
    "labels", "annotations", "namespace", "ipFamilies", "ipFamilyPolicy", "externalTrafficPolicy",
    "healthCheckNodePort", "loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "appProtocol",
]))
trees = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                                         st.dictionaries(keys, children, max_size=5)), max_leaves=30)


@SETTINGS
@given(trees, trees)
def test_service_shaped_structures_never_raise(spec, metadata):
    obj = {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}
    check_evaluation(evaluate(yaml.safe_dump(obj, allow_unicode=True)))


@SETTINGS
@given(trees)
def test_arbitrary_documents_never_raise(tree):
    check_evaluation(evaluate(yaml.safe_dump_all([tree, {"kind": "Pod", "apiVersion": "v1", "spec": tree}])))


BASE = """apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 8080
    nodePort: 30080
"""


@SETTINGS
@given(st.integers(min_value=0, max_value=len(BASE)), st.integers(min_value=0, max_value=30), st.text(max_size=8))
def test_edits_of_a_valid_manifest_never_raise(at, cut, insert):
    """What a learner typing in the editor produces, keystroke by keystroke."""
    check_evaluation(evaluate(BASE[:at] + insert + BASE[at + cut:]))


def test_recursive_alias_and_billion_laughs_are_bounded():
    for text in ("&a [*a]", "a: &a {b: *a}\n", "apiVersion: v1\nkind: Service\nmetadata: &m {name: *m}\n"):
        ev = evaluate(text)
        assert ev.parse_error is not None and "contains itself" in ev.parse_error.message
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    ev = evaluate("\n".join(lines) + "\n")
    assert ev.parse_error is not None and "excessive aliasing" in ev.parse_error.message


def test_deep_nesting_and_huge_numbers_are_bounded():
    for text in ("spec: " + "[" * 3000 + "]" * 3000, "spec:\n  ports:\n  - port: " + "9" * 20000 + "\n",
                 "a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(2000))):
        check_evaluation(evaluate(text))
