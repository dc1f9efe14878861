"""``ktutor probe``: inputs, JSON shape, truth tables, exit codes; and ``ktutor check`` on
NetworkPolicy documents."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import check, probe
from tutor.k8s.version import KUBERNETES_VERSION

ROOT = Path(__file__).resolve().parents[2]

CLUSTER = """apiVersion: v1
kind: Namespace
metadata: {name: x, labels: {team: blue}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {pod: a}}
spec: {containers: [{name: c, image: c:1, ports: [{containerPort: 80, name: http}, {containerPort: 53, protocol: UDP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {pod: b}}
spec: {containers: [{name: c, image: c:1, ports: [{containerPort: 80, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: "y", labels: {pod: a}}
spec: {containers: [{name: c, image: c:1, ports: [{containerPort: 80, name: http}]}]}
"""
ALLOW_B = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-b, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{podSelector: {matchLabels: {pod: b}}}]
"""
BAD = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: 0}]
"""


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    probe.add_arguments(parser)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = probe.run(args, stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, text: str) -> str:
    f = tmp_path / name
    f.write_text(text)
    return str(f)


def test_json_shape_exactly(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + ALLOW_B)
    code, out, err = run("--format", "json", "--port", "80", f)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["kubernetesVersion", "policies", "pods", "skipped", "probes"]
    assert data["kubernetesVersion"] == KUBERNETES_VERSION == "1.34"
    assert data["policies"] == [{"file": f, "document": 4, "name": "allow-b", "namespace": "x", "valid": True,
                                 "stage": None, "errors": [], "warnings": []}]
    assert data["pods"] == ["x/a", "x/b", "y/a"] and data["skipped"] == []
    assert len(data["probes"]) == 9  # every ordered pair, a Pod with itself included
    first = data["probes"][0]
    assert list(first) == ["from", "to", "port", "protocol", "allowed", "listening", "egress", "ingress", "reason"]
    by_pair = {(p["from"], p["to"]): p for p in data["probes"]}
    assert by_pair[("x/b", "x/a")] == {
        "from": "x/b", "to": "x/a", "port": 80, "protocol": "TCP", "allowed": True, "listening": True,
        "egress": {"allowed": True, "isolated": False, "policies": []},
        "ingress": {"allowed": True, "isolated": True, "policies": ["x/allow-b"]},
        "reason": "allowed: no NetworkPolicy selects x/b for egress, so its egress is not restricted; ingress to x/a "
                  "from x/b is allowed by x/allow-b rule 1"}
    assert by_pair[("y/a", "x/a")]["allowed"] is False
    assert by_pair[("y/a", "x/a")]["reason"].startswith("denied by ingress: x/a is isolated for ingress by x/allow-b")
    assert by_pair[("x/a", "x/a")]["allowed"] is True


def test_ports_default_to_every_declared_container_port(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER)
    data = json.loads(run("--format", "json", f)[1])
    assert sorted({(p["port"], p["protocol"]) for p in data["probes"]}) == [(53, "UDP"), (80, "TCP")]
    assert len(data["probes"]) == 18
    listening = {(p["to"], p["port"]): p["listening"] for p in data["probes"]}
    assert listening[("x/a", 53)] and not listening[("x/b", 53)]


def test_port_option(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER)
    data = json.loads(run("--format", "json", "--port", "53/udp", "--port", "8080/SCTP", "--port", "53/UDP", f)[1])
    assert [(p["port"], p["protocol"]) for p in data["probes"][::9]] == [(53, "UDP"), (8080, "SCTP")]
    for bad in ("0", "70000", "80/ICMP", "http", "80/"):
        code, out, err = run("--port", bad, f)
        assert code == 2 and out == "" and "--port" in err, bad


def test_text_output_truth_table_and_denied_reasons(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + ALLOW_B)
    code, out, _ = run("--port", "80", f)
    assert code == 0
    assert "✓ VALID NetworkPolicy x/allow-b" in out and "policyTypes Ingress; selects x/a" in out
    lines = out.splitlines()
    start = lines.index("Port 80/TCP (rows: from, columns: to; . allowed, X denied)")
    assert lines[start + 1:start + 5] == ["-   x/a x/b y/a", "x/a .   .   .", "x/b .   .   .", "y/a X   .   ."]
    assert lines[start + 5] == "1 denied connection:"
    assert lines[start + 6].startswith("  y/a → x/a: denied by ingress: x/a is isolated for ingress by x/allow-b")
    assert lines[-1] == "1 NetworkPolicy: 1 valid, 0 invalid."


def test_invalid_policy_exits_1_and_is_not_applied(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + BAD)
    code, out, _ = run("--format", "json", "--port", "80", f)
    assert code == 1
    data = json.loads(out)
    p = data["policies"][0]
    assert (p["valid"], p["stage"], p["name"]) == (False, "validation", "bad")
    assert p["errors"] == [{
        "path": "spec.ingress[0].ports[0].port", "type": "Invalid value",
        "message": "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "line": 27, "column": 20, "explanation": p["errors"][0]["explanation"], "fix": p["errors"][0]["fix"]}]
    assert p["errors"][0]["explanation"] and p["errors"][0]["fix"]
    assert all(pr["allowed"] for pr in data["probes"])  # the invalid deny-all is not applied
    code, out, _ = run("--port", "80", f)
    assert code == 1 and "✗ INVALID NetworkPolicy x/bad" in out and "rejected at validation; not applied" in out
    assert "why: " in out and "fix: " in out


def test_yaml_and_kind_errors_are_invalid_policies(tmp_path):
    f = write(tmp_path, "bad.yaml", ALLOW_B.replace("networking.k8s.io/v1", "extensions/v1beta1")
              + "---\nkind: NetworkPolicy\nmetadata: {name: n}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n")
    code, out, _ = run("--format", "json", f)
    assert code == 1
    policies = json.loads(out)["policies"]
    assert [(p["stage"], p["errors"][0]["message"]) for p in policies] == [
        ("kind", 'no matches for kind "NetworkPolicy" in version "extensions/v1beta1"'),
        ("kind", "error validating data: apiVersion not set"),
        # kubectl counts the line from the start of the document (the third, line 12 of the file)
        ("parse", "error converting YAML to JSON: yaml: line 4: found character that cannot start any token")]
    assert "networking.k8s.io/v1" in policies[0]["errors"][0]["fix"]


def test_skipped_pods(tmp_path):
    pending = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec: {containers: [{name: c, image: c:1}]}\n"
               "status: {phase: Pending}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: done, namespace: x}\n"
               "spec: {containers: [{name: c, image: c:1}]}\nstatus: {phase: Succeeded, podIP: 10.244.1.77}\n")
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + pending)
    data = json.loads(run("--format", "json", "--port", "80", f)[1])
    assert [s["pod"] for s in data["skipped"]] == ["x/p", "x/done"]
    assert "x/p" not in data["pods"] and all("x/p" not in (p["from"], p["to"]) for p in data["probes"])
    out = run("--port", "80", f)[1]
    assert "skipped x/p: not running (phase Pending)" in out


def test_lists_namespaces_workloads_directories_and_stdin(tmp_path):
    items = "\n".join("  - " + doc.replace("\n", "\n    ").rstrip() for doc in (CLUSTER + "---\n" + ALLOW_B).split("---\n"))
    listed = f"apiVersion: v1\nkind: List\nitems:\n{items}\n"
    d = tmp_path / "dir"
    d.mkdir()
    (d / "list.yaml").write_text(listed)
    (d / "deploy.yml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: x}\nspec:\n  replicas: 2\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: c, image: c:1, ports: [{containerPort: 80}]}]}\n")
    data = json.loads(run("--format", "json", "--port", "80", str(d))[1])
    assert len(data["pods"]) == 5 and sum(p.startswith("x/web-") for p in data["pods"]) == 2
    assert [p["name"] for p in data["policies"]] == ["allow-b"]
    code, out, _ = run("--format", "json", "--port", "80", "-", stdin=(CLUSTER + "---\n" + ALLOW_B).encode())
    assert code == 0 and json.loads(out)["policies"][0]["file"] == "-"


def test_namespace_labels_reach_namespace_selectors(tmp_path):
    pol = ALLOW_B.replace("podSelector: {matchLabels: {pod: b}}", "namespaceSelector: {matchLabels: {team: blue}}")
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + pol)
    probes = json.loads(run("--format", "json", "--port", "80", f)[1])["probes"]
    got = {(p["from"], p["to"]): p["allowed"] for p in probes}
    assert got[("x/b", "x/a")] and not got[("y/a", "x/a")]


def test_usage_and_unreadable_input_exit_2(tmp_path):
    assert run(str(tmp_path / "nope.yaml"))[0] == 2
    bad_pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: 5}\n"
    code, _, err = run(write(tmp_path, "p.yaml", bad_pod))
    assert code == 2 and "must be a list" in err
    bad_ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: x, labels: {on: yes}}\n"
    code, _, err = run(write(tmp_path, "n.yaml", bad_ns))
    assert code == 2 and "Namespace" in err


def test_no_pods_or_no_ports(tmp_path):
    out = run(write(tmp_path, "p.yaml", ALLOW_B))[1]
    assert "No Pod to probe." in out
    noports = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: c, image: c:1}]}\n"
    assert "No port to probe" in run(write(tmp_path, "q.yaml", noports))[1]
    data = json.loads(run("--format", "json", str(tmp_path / "q.yaml"))[1])
    assert data["probes"] == [] and data["pods"] == ["default/x"]


def test_korean_output(tmp_path, korean):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + ALLOW_B)
    out = run("--port", "80", f)[1]
    assert "[EN]" not in out
    data = json.loads(run("--format", "json", "--port", "80", f)[1])
    assert all("[EN]" not in p["reason"] for p in data["probes"])


@pytest.mark.slow
def test_cli_subprocess(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + ALLOW_B)
    done = subprocess.run([sys.executable, "-m", "tutor", "probe", "--port", "80", f], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and "Port 80/TCP" in done.stdout
    assert subprocess.run([sys.executable, "-m", "tutor", "probe"], capture_output=True, cwd=ROOT).returncode == 2


# ----------------------------------------------------------------------------- ktutor check
def run_check(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    out = io.StringIO()
    code = check.run(parser.parse_args(list(argv)), stdout=out, stderr=io.StringIO(), stdin=io.BytesIO())
    return code, out.getvalue()


def test_check_reports_network_policies_like_services(tmp_path):
    f = write(tmp_path, "all.yaml", CLUSTER + "---\n" + ALLOW_B + "---\n" + BAD)
    code, out = run_check("--format", "json", f)
    assert code == 1
    data = json.loads(out)
    summary = data["summary"]
    assert {k: v for k, v in summary.items() if k != "by_kind"} == {
        "services": 0, "valid": 0, "invalid": 0, "networkPolicies": {"checked": 2, "valid": 1, "invalid": 1}}
    assert summary["by_kind"]["NetworkPolicy"] == {"valid": 1, "invalid": 1}
    good, bad = [r for r in data["results"] if r["kind"] == "NetworkPolicy"]
    assert (good["name"], good["namespace"], good["valid"], good["stage"]) == ("allow-b", "x", True, None)
    assert good["selection"] == {"policyTypes": ["Ingress"], "podSelector": "pod=a", "selected": ["a"]}
    assert (bad["valid"], bad["stage"], bad["errors"][0]["path"]) == (False, "validation",
                                                                       "spec.ingress[0].ports[0].port")
    assert bad["errors"][0]["code"] == "NP-PORT-RANGE"
    code, out = run_check(f)
    assert "✓ VALID    NetworkPolicy x/allow-b" in out and "policyTypes Ingress; selects a" in out
    assert "✗ INVALID  NetworkPolicy x/bad" in out
    assert out.rstrip().endswith("2 NetworkPolicies checked: 1 valid, 1 invalid.")
    assert "Services checked" not in out


def test_check_kind_errors_for_network_policies(tmp_path):
    f = write(tmp_path, "k.yaml", ALLOW_B.replace("kind: NetworkPolicy", "kind: networkpolicy"))
    code, out = run_check("--format", "json", f)
    r = json.loads(out)["results"][0]
    assert code == 1 and r["stage"] == "kind" and r["errors"][0]["code"] == "NP-KIND-NO-MATCH"
    assert r["errors"][0]["message"] == 'no matches for kind "networkpolicy" in version "networking.k8s.io/v1"'
    assert json.loads(out)["summary"]["networkPolicies"] == {"checked": 1, "valid": 0, "invalid": 1}


def test_check_summary_unchanged_without_network_policies(tmp_path):
    f = write(tmp_path, "s.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n")
    assert json.loads(run_check("--format", "json", f)[1])["summary"] == {
        "services": 1, "valid": 1, "invalid": 0, "by_kind": {"Service": {"valid": 1, "invalid": 0}}}
