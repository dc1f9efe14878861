"""``ktutor kubectl`` from the shell, and Tab completion."""

from __future__ import annotations

import io

import pytest

from kubectl_helpers import FIXTURES, fixture_text
from tutor import cli
from tutor.kubectl.console import Console


def _main(argv, stdin_text=""):
    from tutor.kubectl.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(argv, out, err, io.StringIO(stdin_text))
    return out.getvalue(), err.getvalue(), code


def test_from_file_and_exit_codes():
    out, err, code = _main(["--from", str(FIXTURES / "shop.yaml"), "get", "pods", "-o", "name"])
    assert (out, err, code) == ("pod/client\npod/web-1\npod/web-2\n", "", 0)
    out, err, code = _main(["--from", str(FIXTURES / "shop.yaml"), "get", "pod", "web-9"])
    assert (out, err, code) == ("", 'Error from server (NotFound): pods "web-9" not found\n', 1)
    out, err, code = _main(["--from", str(FIXTURES / "shop.yaml"), "exec", "client", "--", "wget", "-qO-", "nope"])
    assert (err, code) == ("wget: bad address 'nope'\ncommand terminated with exit code 1\n", 1)


def test_from_folder_and_stdin(tmp_path):
    (tmp_path / "a.yaml").write_text(fixture_text("shop.yaml"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    out, _err, code = _main([f"--from={tmp_path}", "get", "svc", "-o", "name"])
    assert (out, code) == ("service/kubernetes\nservice/web\n", 0)
    out, _err, code = _main(["--from", "-", "get", "pods", "-l", "app=web", "-o", "name"],
                            stdin_text=fixture_text("shop.yaml"))
    assert (out, code) == ("pod/web-1\npod/web-2\n", 0)


def test_missing_path_is_kubectls_error(tmp_path):
    missing = tmp_path / "nope.yaml"
    assert _main(["--from", str(missing), "get", "pods"]) == ("", f'error: the path "{missing}" does not exist\n', 1)


def test_without_from_uses_the_default_cluster():
    out, _err, code = _main(["get", "nodes", "-o", "name"])
    assert (out, code) == ("node/node-a\nnode/node-b\n", 0)


def test_dump_with_a_list(tmp_path):
    dump = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, labels: {x: z}}\n"
            "  spec: {containers: [{name: c, image: busybox:1.36}]}\n")
    (tmp_path / "dump.yaml").write_text(dump, encoding="utf-8")
    out, _err, _code = _main(["--from", str(tmp_path / "dump.yaml"), "get", "pods", "--show-labels"])
    assert out.splitlines()[1].split()[0] == "a" and out.splitlines()[1].endswith("x=z")


def test_explanations_on_request():
    _out, err, _code = _main(["--from", str(FIXTURES / "shop.yaml"), "--explain", "get", "pods"])
    assert err.startswith("READY counts ready containers")
    _out, err, code = _main(["logs", "web"])
    assert code == 1 and "not simulated" in err


def test_ktutor_dispatches_kubectl(capsys, monkeypatch):
    assert cli.main(["kubectl", "--from", str(FIXTURES / "shop.yaml"), "get", "ns", "-o", "name"]) == 0
    assert capsys.readouterr().out == ("namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\n"
                                       "namespace/kube-system\n")


def test_ktutor_help_lists_kubectl(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "kubectl" in capsys.readouterr().out


# --------------------------------------------------------------------------- completion
@pytest.fixture
def console():
    return Console(None, applied=[fixture_text("shop.yaml")])


def test_complete_verbs(console):
    assert console.complete("kubectl ge") == ["get"]
    assert console.complete("k des") == ["describe"]
    assert "kubectl" in console.complete("")


def test_complete_types_and_short_names(console):
    assert console.complete("kubectl get svc,po") == ["svc,po", "svc,pod", "svc,pods"]
    assert "endpointslices" in console.complete("kubectl get end")
    assert console.complete("kubectl get sv") == ["svc"]


def test_complete_names_and_type_slash_name(console):
    assert console.complete("kubectl get pods web") == ["web-1", "web-2"]
    assert console.complete("kubectl describe svc/w") == ["svc/web"]
    assert console.complete("kubectl exec cl") == ["client"]
    assert console.complete("kubectl exec client -c ") == ["client"]
    assert "nslookup" in console.complete("kubectl exec client -- ")


def test_complete_namespaces_flags_and_formats(console):
    assert console.complete("kubectl get pods -n kube-") == ["kube-node-lease", "kube-public", "kube-system"]
    assert "--show-labels" in console.complete("kubectl get pods --sh")
    assert console.complete("kubectl get pods -o ya") == ["yaml"]
    assert console.complete("kubectl get pods -oj") == ["-ojson", "-ojsonpath="]
    assert console.complete("kubectl explain service.spec.po") == ["service.spec.ports"]


def test_complete_in_the_middle_of_a_line(console):
    line = "kubectl get po web-1"
    assert console.complete(line, 14) == ["po", "pod", "pods"]
