"""The API server's container rules for Pods and workload templates (Kubernetes 1.34
``validateContainers`` and friends): exact path, type and message of every error, as
``ktutor check`` and the lab report them, and the same rules under
``spec.template.spec`` of a Deployment."""

from __future__ import annotations

import textwrap

import pytest

from tutor.k8s.evaluate import evaluate
from tutor.k8s.field import Path
from tutor.k8s.pods import PodError, pod_from_manifest, pods_from_yaml
from tutor.k8s.podspec import validate_pod_spec_containers

DNS1123_LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                 "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                 "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
PROTOCOLS = 'supported values: "SCTP", "TCP", "UDP"'


def pod_text(spec: str | None) -> str:
    head = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\n"
    if spec is None:
        return head
    return head + "spec:\n" + textwrap.indent(textwrap.dedent(spec).strip("\n"), "  ") + "\n"


def deployment_text(pod_spec: str) -> str:
    head = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n"
            "  selector: {matchLabels: {app: cache}}\n  template:\n    metadata: {labels: {app: cache}}\n"
            "    spec:\n")
    return head + textwrap.indent(textwrap.dedent(pod_spec).strip("\n"), "      ") + "\n"


def errors(text: str) -> list[tuple[str | None, str, str]]:
    ev = evaluate(text)
    (doc,) = ev.documents
    assert not doc.valid and doc.stage == "validation"
    return [(e.path, e.type, e.message) for e in doc.errors]


def check(spec: str | None) -> list[tuple[str | None, str, str]]:
    return errors(pod_text(spec))


def test_a_pod_with_only_metadata_needs_containers():
    assert check(None) == [("spec.containers", "Required value", "spec.containers: Required value")]


def test_an_empty_containers_list_is_required_value_at_the_list():
    ev = evaluate(pod_text("containers: []"))
    (doc,) = ev.documents
    assert [(e.path, e.type, e.message, e.line) for e in doc.errors] == [
        ("spec.containers", "Required value", "spec.containers: Required value", 6)]
    assert not ev.valid


def test_container_name_required():
    assert check("""
        containers:
        - image: redis:7
    """) == [("spec.containers[0].name", "Required value", "spec.containers[0].name: Required value")]


def test_container_name_must_be_a_dns1123_label():
    assert check("""
        containers:
        - name: Redis
          image: redis:7
    """) == [("spec.containers[0].name", "Invalid value",
              f'spec.containers[0].name: Invalid value: "Redis": {DNS1123_LABEL}')]


def test_container_image_required():
    assert check("""
        containers:
        - name: redis
    """) == [("spec.containers[0].image", "Required value", "spec.containers[0].image: Required value")]


def test_name_and_image_missing_are_both_listed_in_order():
    assert [p for p, _t, _m in check("containers:\n- ports: [{containerPort: 6379}]")] == [
        "spec.containers[0].name", "spec.containers[0].image"]


def test_duplicate_container_names_at_the_later_one():
    ev = evaluate(pod_text("""
        containers:
        - {name: redis, image: redis:7}
        - {name: redis, image: redis-exporter:1}
    """))
    (doc,) = ev.documents
    assert [(e.path, e.type, e.message, e.line) for e in doc.errors] == [
        ("spec.containers[1].name", "Duplicate value", 'spec.containers[1].name: Duplicate value: "redis"', 8)]


def test_an_init_container_may_not_reuse_a_container_name():
    assert check("""
        containers:
        - {name: redis, image: redis:7}
        initContainers:
        - {name: redis, image: busybox:1.36}
    """) == [("spec.initContainers[0].name", "Duplicate value",
              'spec.initContainers[0].name: Duplicate value: "redis"')]


def test_duplicate_port_names_within_a_container():
    assert check("""
        containers:
        - name: redis
          image: redis:7
          ports:
          - {name: db, containerPort: 6379}
          - {name: db, containerPort: 16379}
    """) == [("spec.containers[0].ports[1].name", "Duplicate value",
              'spec.containers[0].ports[1].name: Duplicate value: "db"')]


def test_the_same_port_name_in_two_containers_is_allowed():
    ev = evaluate(pod_text("""
        containers:
        - {name: a, image: a:1, ports: [{name: http, containerPort: 8080}]}
        - {name: b, image: b:1, ports: [{name: http, containerPort: 9090}]}
    """))
    assert ev.valid, [e.message for e in ev.errors]


def test_port_name_format_every_problem_is_its_own_error():
    assert check("""
        containers:
        - name: redis
          image: redis:7
          ports:
          - {name: redis_port-number, containerPort: 6379}
    """) == [
        ("spec.containers[0].ports[0].name", "Invalid value",
         'spec.containers[0].ports[0].name: Invalid value: "redis_port-number": must be no more than 15 characters'),
        ("spec.containers[0].ports[0].name", "Invalid value",
         'spec.containers[0].ports[0].name: Invalid value: "redis_port-number": must contain only alpha-numeric '
         "characters (a-z, 0-9), and hyphens (-)"),
    ]


@pytest.mark.parametrize("port", [65536, -1])
def test_container_port_range(port):
    assert check(f"""
        containers:
        - {{name: redis, image: redis:7, ports: [{{containerPort: {port}}}]}}
    """) == [("spec.containers[0].ports[0].containerPort", "Invalid value",
              f"spec.containers[0].ports[0].containerPort: Invalid value: {port}: must be between 1 and 65535, "
              "inclusive")]


@pytest.mark.parametrize("entry", ["{containerPort: 0}", "{name: db}"])
def test_container_port_zero_or_missing_is_required(entry):
    assert check(f"""
        containers:
        - {{name: redis, image: redis:7, ports: [{entry}]}}
    """) == [("spec.containers[0].ports[0].containerPort", "Required value",
              "spec.containers[0].ports[0].containerPort: Required value")]


def test_host_port_range():
    assert check("""
        containers:
        - {name: redis, image: redis:7, ports: [{containerPort: 6379, hostPort: 70000}]}
    """) == [("spec.containers[0].ports[0].hostPort", "Invalid value",
              "spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]


def test_protocol_must_be_supported():
    assert check("""
        containers:
        - {name: redis, image: redis:7, ports: [{containerPort: 6379, protocol: tcp}]}
    """) == [("spec.containers[0].ports[0].protocol", "Unsupported value",
              f'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": {PROTOCOLS}')]


def test_init_container_restart_policy_only_always():
    assert check("""
        containers:
        - {name: redis, image: redis:7}
        initContainers:
        - {name: proxy, image: envoy:1, restartPolicy: Never}
    """) == [("spec.initContainers[0].restartPolicy", "Unsupported value",
              'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"')]


def test_a_valid_pod_is_still_valid():
    ev = evaluate(pod_text("""
        containers:
        - name: redis
          image: redis:7
          ports: [{name: db, containerPort: 6379, protocol: TCP}]
        initContainers:
        - {name: proxy, image: envoy:1, restartPolicy: Always, ports: [{containerPort: 9901}]}
    """))
    assert ev.valid, [e.message for e in ev.errors]
    assert [p.name for p in ev.cluster.pods] == ["cache"]


def test_an_invalid_pod_does_not_join_the_cluster():
    ev = evaluate(pod_text("containers: []"))
    assert "cache" not in [p.name for p in ev.cluster.pods]


def test_a_type_error_is_reported_at_decoding_before_validation():
    ev = evaluate(pod_text("containers:\n- {name: redis, ports: [{containerPort: \"6379\"}]}"))
    (doc,) = ev.documents
    assert doc.stage == "decode"
    assert [e.path for e in doc.errors] == ["spec.containers[0].ports[0].containerPort"]


# --------------------------------------------------------------------------- workloads
def test_a_deployment_template_follows_the_same_rules_under_its_path():
    assert errors(deployment_text("""
        containers:
        - {name: web, image: nginx:1.27, ports: [{name: http, containerPort: 80, protocol: http}]}
        - {name: web}
    """)) == [
        ("spec.template.spec.containers[0].ports[0].protocol", "Unsupported value",
         f'spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "http": {PROTOCOLS}'),
        ("spec.template.spec.containers[1].image", "Required value",
         "spec.template.spec.containers[1].image: Required value"),
        ("spec.template.spec.containers[1].name", "Duplicate value",
         'spec.template.spec.containers[1].name: Duplicate value: "web"'),
    ]


def test_a_deployment_template_without_containers():
    assert errors(deployment_text("containers: []")) == [
        ("spec.template.spec.containers", "Required value", "spec.template.spec.containers: Required value")]


# --------------------------------------------------------------------------- the model API
def test_the_validator_on_a_python_value():
    errs = validate_pod_spec_containers({"containers": [{"name": "a", "image": "a"}, {"name": "a"}]},
                                        Path("spec"))
    assert [(e.path, e.type, e.message, e.code) for e in errs] == [
        ("spec.containers[1].image", "Required value", "spec.containers[1].image: Required value",
         "R-CONTAINER-IMAGE"),
        ("spec.containers[1].name", "Duplicate value", 'spec.containers[1].name: Duplicate value: "a"',
         "R-CONTAINER-NAME-DUP"),
    ]


def test_strict_decoding_raises_with_every_error_lenient_skips_image_and_containers():
    obj = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "cache"}}
    with pytest.raises(PodError) as info:
        pod_from_manifest(obj, strict=True)
    assert str(info.value) == "spec.containers: Required value"
    assert [e.path for e in info.value.errors] == ["spec.containers"]
    assert pod_from_manifest(obj).containers == []  # a lesson's cluster description may omit them
    lenient = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: x}, {name: x}]\n"
    with pytest.raises(PodError) as info:  # every other rule applies to a cluster description too
        pods_from_yaml(lenient)
    assert str(info.value) == 'spec.containers[1].name: Duplicate value: "x"'
