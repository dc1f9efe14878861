"""``ktutor check``: exit codes, JSON shape, text output, stdin, directories, --pods."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor import check

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
ROOT = Path(__file__).resolve().parents[2]

GOOD = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
"""
BAD = """apiVersion: v1
kind: Service
metadata:
  name: bad
spec:
  ports:
  - port: 0
"""
POD = """apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  containers: [{name: app, image: app:1, ports: [{containerPort: 8080, name: http}]}]
"""
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: app:1, ports: [{containerPort: 9000, name: http}]}]
"""


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = check.run(args, stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_valid_file_exits_0_and_json_shape(tmp_path):
    f = tmp_path / "svc.yaml"
    f.write_text(POD + "---\n" + GOOD)
    code, out, _ = run("--format", "json", str(f))
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"kubernetesVersion", "results", "summary"}
    assert data["kubernetesVersion"] == "1.34"
    assert data["summary"] == {"services": 1, "valid": 1, "invalid": 0,
                               "by_kind": {"Pod": {"valid": 1, "invalid": 0}, "Service": {"valid": 1, "invalid": 0}}}
    r = data["results"][1]
    assert list(r) == ["file", "document", "item", "line", "column", "kind", "name", "namespace", "valid", "skipped",
                       "stage", "errors", "warnings", "service", "selection", "ports", "pods", "pods_from"]
    assert (r["item"], r["line"], r["column"]) == (None, 7, 1)
    assert (r["file"], r["document"], r["kind"], r["name"], r["namespace"], r["valid"], r["stage"]) == (
        str(f), 1, "Service", "web", "default", True, None)
    assert r["service"]["type"] == "ClusterIP" and r["service"]["headless"] is False
    assert r["selection"]["selected"] == ["web-1"] and r["selection"]["ready"] == ["web-1"]
    assert r["ports"][0]["resolved"] == {"web-1": 8080} and r["ports"][0]["unresolved"] == []
    assert data["results"][0]["pods"] == ["web-1"]


def test_invalid_file_exits_1_with_positions_explanations_and_null_selection(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD)
    code, out, _ = run("--format", "json", str(f))
    assert code == 1
    r = json.loads(out)["results"][0]
    assert r["stage"] == "validation" and r["selection"] is None and r["ports"] is None and r["service"] is None
    e = r["errors"][0]
    assert (e["path"], e["type"], e["line"], e["column"]) == ("spec.ports[0].port", "Invalid value", 7, 11)
    assert e["message"] == "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
    assert e["explanation"] and e["fix"]


def test_yaml_syntax_error_has_null_path(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n")
    code, out, _ = run("--format", "json", str(f))
    assert code == 1
    r = json.loads(out)["results"][0]
    assert r["stage"] == "parse" and r["errors"][0]["path"] is None and r["errors"][0]["line"] == 4


def test_missing_file_exits_2_with_a_message(tmp_path):
    code, _, err = run(str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml: no such file or directory" in err


def test_stdin(tmp_path):
    code, out, _ = run("-", stdin=GOOD.encode())
    assert code == 0 and "VALID" in out and "(-, document 0)" in out


def test_directory_recursion_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "svc.yml").write_text(GOOD)
    (tmp_path / "a.yaml").write_text(BAD)
    (tmp_path / "notes.txt").write_text("not yaml")
    (tmp_path / "b" / "deploy.yaml").write_text(DEPLOY)
    code, out, _ = run("--format", "json", str(tmp_path))
    assert code == 1
    files = [Path(r["file"]).relative_to(tmp_path).as_posix() for r in json.loads(out)["results"]]
    assert files == ["a.yaml", "b/deploy.yaml", "b/svc.yml"]


def test_cluster_is_built_from_all_inputs_first(tmp_path):
    # the Service comes first (a.yaml), the Deployment later (b.yaml): it still selects its Pods
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(DEPLOY)
    code, out, _ = run("--format", "json", str(tmp_path))
    assert code == 0
    svc = [r for r in json.loads(out)["results"] if r["kind"] == "Service"][0]
    assert len(svc["selection"]["selected"]) == 2
    assert sorted(svc["ports"][0]["resolved"].values()) == [9000, 9000]
    assert svc["warnings"] == []


def test_pods_option_wins_over_input_pods(tmp_path):
    (tmp_path / "svc.yaml").write_text(POD + "---\n" + GOOD)
    other = POD.replace("8080", "7070")
    (tmp_path / "pods.yaml").write_text(other)
    code, out, _ = run("--format", "json", "--pods", str(tmp_path / "pods.yaml"), str(tmp_path / "svc.yaml"))
    assert code == 0
    svc = [r for r in json.loads(out)["results"] if r["kind"] == "Service"][0]
    assert svc["ports"][0]["resolved"] == {"web-1": 7070}


def test_missing_pods_file_is_a_usage_error(tmp_path):
    (tmp_path / "svc.yaml").write_text(GOOD)
    code, _, err = run("--pods", str(tmp_path / "none.yaml"), str(tmp_path / "svc.yaml"))
    assert code == 2 and "none.yaml" in err


def test_skipped_kinds_listed_in_text(tmp_path):
    f = tmp_path / "mix.yaml"
    f.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\n" + GOOD)
    code, out, _ = run(str(f))
    assert code == 0
    assert "SKIPPED" in out and "ConfigMap default/cfg" in out
    assert "1 Service checked: 1 valid, 0 invalid." in out


def test_text_output_has_file_line_column_and_no_colour_when_not_a_tty(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD)
    code, out, _ = run(str(f))
    assert code == 1
    assert f"{f}:7:11: spec.ports[0].port: Invalid value: 0" in out
    assert "INVALID" in out and "why:" in out and "fix:" in out and "\x1b[" not in out


def test_colour_only_on_a_tty_without_no_color(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert check._use_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not check._use_colour(Tty())
    assert not check._use_colour(io.StringIO())


def test_hostile_inputs_never_crash(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.yaml").write_bytes("apiVersion: v1\nkind: Service\nmetadata: {name: caf\xe9}\n".encode("latin-1"))
    (tmp_path / "deep.yaml").write_text("[" * 5000 + "]" * 5000)
    code, out, _ = run("--format", "json", str(tmp_path))
    assert code == 1
    results = json.loads(out)["results"]
    assert all(r["stage"] == "parse" for r in results)
    latin = [r for r in results if r["file"].endswith("latin1.yaml")][0]
    assert latin["errors"][0]["line"] == 3


def test_too_large_file_is_unreadable(tmp_path, monkeypatch):
    monkeypatch.setattr(check, "MAX_BYTES", 100)
    f = tmp_path / "big.yaml"
    f.write_text(GOOD * 10)
    code, _, err = run(str(f))
    assert code == 2 and "too large" in err


def test_korean_output(tmp_path, korean):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD)
    code, out, _ = run("--format", "json", str(f))
    assert code == 1
    e = json.loads(out)["results"][0]["errors"][0]
    assert e["message"].startswith("spec.ports[0].port: Invalid value")  # kubectl's text stays English


def test_cli_entry_point(tmp_path):
    f = tmp_path / "svc.yaml"
    f.write_text(GOOD)
    env = {**os.environ, "KTUTOR_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "tutor", "check", "--format", "json", str(f)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["valid"] == 1
    proc = subprocess.run([sys.executable, "-m", "tutor", "check"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert proc.returncode == 2


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.yaml")))
def test_docs_fixtures_pass_check(fixture):
    code, _, _ = run(str(FIXTURES / fixture))
    assert code == 0
