"""``ktutor check``: exit code and summary agree over every kind it checks, the same
Service defined twice, plain text without Markdown marks, the stated version (issue 9
items 4, 9 and 11; issue 11 item 6)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

from tutor import check
from tutor.markup import plain

ROOT = Path(__file__).resolve().parents[2]

GOOD = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
"""
BAD_POD = """apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels: {app: web}
spec:
  containers:
  - name: app
    ports:
    - containerPort:
"""


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = check.run(parser.parse_args(list(argv)), stdout=out, stderr=err, stdin=io.BytesIO(b""))
    return code, out.getvalue(), err.getvalue()


def test_an_invalid_pod_makes_exit_1_and_is_counted(tmp_path):
    f = tmp_path / "mix.yaml"
    f.write_text(GOOD + "---\n" + BAD_POD)
    code, out, _ = run(str(f))
    assert code == 1
    assert "1 Service checked: 1 valid, 0 invalid." in out
    assert "1 other document checked: 0 valid, 1 invalid. By kind: Pod 1 (1 invalid)." in out
    assert "✗ INVALID  Pod default/web-1" in out
    # the empty containerPort is reported at its own line (issue 9, item 4), not at the document start
    assert f"{f}:19:7: spec.containers[0].ports[0].containerPort: Required value" in out
    code, out, _ = run("--format", "json", str(f))
    summary = json.loads(out)["summary"]
    assert summary == {"services": 1, "valid": 1, "invalid": 0,
                       "by_kind": {"Service": {"valid": 1, "invalid": 0}, "Pod": {"valid": 0, "invalid": 1}}}


def test_the_same_service_in_two_files_is_a_warning(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("port: 80", "port: 8080"))
    code, out, _ = run("--format", "json", str(tmp_path))
    assert code == 0
    first, second = json.loads(out)["results"]
    assert [w["code"] for w in first["warnings"]] == ["W-SERVICE-REPLACED"]
    assert [w["code"] for w in second["warnings"]] == ["W-SERVICE-REDEFINED"]
    assert f"{tmp_path / 'a.yaml'}, document 0" in second["warnings"][0]["message"]
    assert "kubectl apply would replace the first with this one" in second["warnings"][0]["message"]


def test_the_same_service_twice_in_one_file(tmp_path):
    f = tmp_path / "svc.yaml"
    f.write_text(GOOD + "---\n" + GOOD)
    _code, out, _ = run(str(f))
    assert out.count("warning:") == 2 and "is defined again later (" in out


def test_plain_text_and_json_have_no_markdown_marks(tmp_path):
    f = tmp_path / "nokind.yaml"
    f.write_text("apiVersion: v1\nmetadata: {name: x}\n")
    code, out, _ = run("--format", "json", str(f))
    assert code == 1
    err = json.loads(out)["results"][0]["errors"][0]
    assert err["fix"] == "Add kind: Service at the top level of the document."
    code, out, _ = run(str(f))
    assert "`" not in out and "fix: Add kind: Service at the top level of the document." in out


def test_plain_helper():
    assert plain("Add `kind: Service` and **then** *check*.") == "Add kind: Service and then check."
    assert plain("A YAML alias (*name) and 2*3*4, `*` stays") == "A YAML alias (*name) and 2*3*4, * stays"
    assert plain("see [the docs](https://kubernetes.io)") == "see the docs (https://kubernetes.io)"
    assert plain("no marks") == "no marks"


def test_the_version_is_stated_in_help_and_json(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tutor", "check", "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={"KTUTOR_LANG": "en", "PATH": "", "HOME": str(tmp_path),
                                                      "KTUTOR_HOME": str(tmp_path)})
    assert "Kubernetes 1.34 with its default feature gates" in " ".join(proc.stdout.split())
    f = tmp_path / "svc.yaml"
    f.write_text(GOOD)
    _code, out, _ = run("--format", "json", str(f))
    assert json.loads(out)["kubernetesVersion"] == "1.34"


def test_read_sources_is_shared_and_expands_lists(tmp_path):
    """probe and the kubectl console read inputs through check's reader; Lists come out
    of the engine's parser as objects."""
    from tutor.k8s.yamlpos import parse

    f = tmp_path / "list.json"
    f.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"ports": [{"port": 80}]}}]}))
    sources, problems = check.read_sources([str(f), str(tmp_path / "none.yaml")], io.BytesIO(b""))
    assert [s.name for s in sources] == [str(f)] and len(problems) == 1
    docs = parse(check.decode_source(sources[0])).documents
    assert [(d.item, d.root.get("kind").value) for d in docs] == [(0, "Service")]


def test_a_service_defined_many_times_names_one_other_place(tmp_path):
    """The warning names the winning (or first) definition and counts the rest: listing
    every other place made thousands of copies quadratic (a fuzz case hung)."""
    f = tmp_path / "many.yaml"
    f.write_text("---\n".join([GOOD] * 300))
    code, out, _ = run("--format", "json", str(f))
    results = json.loads(out)["results"]
    assert code == 0 and len(results) == 300
    first, last = results[0]["warnings"][0]["message"], results[-1]["warnings"][0]["message"]
    assert f"({f}, document 299 (+298))" in first and f"({f}, document 0 (+298))" in last
    assert max(len(w["message"]) for r in results for w in r["warnings"]) < 400
