"""Hostile NetworkPolicy documents never crash admission, ``ktutor probe`` or ``ktutor
check``: every answer is a result with errors, and the exit codes stay 0, 1 or 2."""

from __future__ import annotations

import argparse
import io
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor import check, probe
from tutor.k8s.explain import explanation_text, fix_text
from tutor.k8s.netpol import admit_text

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 70000), st.floats(allow_nan=False, width=32),
                    st.sampled_from(["", "TCP", "tcp", "Ingress", "egress", "10.0.0.0/8", "::/0", "x y", "http",
                                     "8080", "In", "NotIn", "Exists", "a/b/c", "-", "é", "<in>", "0.0.0.0/0"]))
keys = st.sampled_from(["podSelector", "namespaceSelector", "ipBlock", "cidr", "except", "ports", "port", "endPort",
                        "protocol", "from", "to", "ingress", "egress", "policyTypes", "matchLabels",
                        "matchExpressions", "key", "operator", "values", "podselector", "app", "status"])
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


def manifest(spec: object, meta: object) -> str:
    return yaml.safe_dump({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta,
                           "spec": spec}, allow_unicode=True)


POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n"
       "spec: {containers: [{name: c, ports: [{containerPort: 80, name: http}]}]}\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=5),
       st.one_of(st.just({"name": "np", "namespace": "x"}), st.dictionaries(st.sampled_from(["name", "namespace",
                                                                                             "labels"]), values)))
def test_hostile_policies_never_crash(spec, meta):
    text = manifest(spec, meta)
    for a in admit_text(text):
        for e in a.errors:
            assert e.message and str(explanation_text(e)) and str(fix_text(e))
        if a.valid:
            assert a.policy is not None
    parser = argparse.ArgumentParser()
    probe.add_arguments(parser)
    out = io.StringIO()
    code = probe.run(parser.parse_args(["--format", "json", "-"]), stdout=out, stderr=io.StringIO(),
                     stdin=io.BytesIO((POD + "---\n" + text).encode()))
    assert code in (0, 1, 2)
    data = json.loads(out.getvalue())
    assert len(data["policies"]) == 1
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    out = io.StringIO()
    code = check.run(parser.parse_args(["--format", "json", "-"]), stdout=out, stderr=io.StringIO(),
                     stdin=io.BytesIO(text.encode()))
    assert code in (0, 1, 2) and json.loads(out.getvalue())["results"]
