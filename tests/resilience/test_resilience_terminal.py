"""What the command line prints, on any terminal (issue 10, items 3, 5, 6 and 9).

* Control characters from input (names, file names, messages) never reach the terminal:
  they are shown as kubectl's printers show them (ESC as ``^[``, others as ``\\xNN``).
* Non-UTF-8 consoles (``ko_KR.EUC-KR``, ``en_US.ISO-8859-1``) and undecodable file names
  never crash a command; exit codes keep their meaning (a crash is never exit 1).
* Standard output closed or full: one line on standard error, exit 2, no traceback.
* One unreadable or oversized file of a directory is reported; the rest is checked.

Commands run as real processes where the process matters (encodings, closed descriptors).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from resilience_helpers import LIMIT, run_check, within
from tutor import check, cli
from tutor.terminal import escape_controls, json_safe

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
#: what must never reach a terminal from input: ESC, BEL, CR, backspace, CSI (C1), DEL
RAW = ("\x1b", "\x07", "\r", "\x08", "\x9b", "\x7f")

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: 8080}}]
"""
#: a name that clears the screen, rings, moves the cursor and starts a fake summary line
EVIL = "a\x1b[2J\x07\r\x08\x9b2J\x7fb\n1 Service checked: 1 valid, 0 invalid."
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
  annotations: {note: "x\\e]0;pwned\\a\\e[2J"}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
"""


def _quoted(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted scalar with the same escapes


def _no_raw(*texts: str) -> None:
    for text in texts:
        for char in RAW:
            assert char not in text, (char, text[:500])


def _ktutor(*args: str, stdout=subprocess.PIPE, env: dict | None = None, cwd: Path | None = None,
            preexec_fn=None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "KTUTOR_LANG", "PYTHONIO"))}
    base.update({"COLUMNS": "80", "NO_COLOR": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "tutor", *args], stdout=stdout, stderr=subprocess.PIPE, env=base,
                          cwd=cwd, timeout=120, preexec_fn=preexec_fn)


# --------------------------------------------------------------------------- the helper
def test_escape_controls_shows_them_as_kubectl_does():
    assert escape_controls("a\x1b[2Jb") == "a^[[2Jb"
    assert escape_controls("\x00\x07\r\n\t\x7f\x85\x9b") == "\\x00\\x07\\x0d\\x0a\\x09\\x7f\\x85\\x9b"
    assert escape_controls("line\nnext\tcol\x1b", keep="\n\t") == "line\nnext\tcol^["
    assert escape_controls("bad\udcff.yaml") == "bad\\xff.yaml"  # an undecodable byte of a file name
    assert escape_controls("웹 파드 ✓ [bold red]") == "웹 파드 ✓ [bold red]"  # nothing else changes
    # JSON keeps its value: C1 controls and lone surrogates become \u escapes
    text = json.dumps({"name": "a\x9bb\udcff\x1b"}, ensure_ascii=False)
    assert json.loads(json_safe(text)) == {"name": "a\x9bb\udcff\x1b"}
    _no_raw(json_safe(text))


# --------------------------------------------------------------------------- item 3: check, probe, kubectl, lessons
def test_check_text_escapes_names_labels_fixes_and_file_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil_file = folder / "svc\x1b]0;title\x07.yaml"
    evil_file.write_text(SERVICE.format(name=_quoted(EVIL))
                         + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + _quoted("cm\x1b[31m") + "}\n"
                         + "---\napiVersion: v1\nkind: Service\nmetadata: {name: ok}\nspec: {ports: [{port: 80}]}\n",
                         encoding="utf-8")
    code, out, err = within(LIMIT, run_check, str(folder))
    assert code == 1
    _no_raw(out, err)
    assert "a^[[2J\\x07\\x0d\\x08\\x9b2J\\x7fb\\x0a1 Service checked" in out  # the label, escaped
    assert "svc^[]0;title\\x07.yaml" in out  # the file name
    assert "cm^[[31m" in out  # a skipped document's label
    summaries = [line for line in out.splitlines() if line.endswith("invalid.") and "checked:" in line[:25]]
    assert summaries == ["2 Services checked: 1 valid, 1 invalid."]  # no fake summary line


def test_check_json_keeps_the_value_but_no_raw_controls(tmp_path):
    f = tmp_path / "svc.yaml"
    f.write_text(SERVICE.format(name=_quoted(EVIL)), encoding="utf-8")
    code, out, err = within(LIMIT, run_check, "--format", "json", str(f))
    assert code == 1
    _no_raw(out, err)
    assert json.loads(out)["results"][0]["name"] == EVIL


def test_check_stderr_escapes_file_names(tmp_path):
    missing = str(tmp_path / "gone\x1b[2J.yaml")
    code, out, err = within(LIMIT, run_check, missing)
    assert code == 2 and "gone^[[2J.yaml: no such file or directory" in err
    _no_raw(out, err)


def test_probe_text_escapes_policy_names_and_files(tmp_path):
    from argparse import Namespace
    from io import StringIO

    from tutor import probe

    f = tmp_path / "np\x1b[2J.yaml"
    f.write_text(POD + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "
                 + _quoted("deny\x1b[2J\n1 NetworkPolicy: 1 valid, 0 invalid.") + "}\n"
                 "spec: {podSelector: {}}\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    code = probe.run(Namespace(paths=[str(f)], format="text", port=[]), stdout=out, stderr=err)
    assert code == 1
    _no_raw(out.getvalue(), err.getvalue())
    assert "deny^[[2J\\x0a1 NetworkPolicy" in out.getvalue() and "np^[[2J.yaml" in out.getvalue()
    assert [line for line in out.getvalue().splitlines() if line.startswith("1 NetworkPolicy")] == [
        "1 NetworkPolicy: 0 valid, 1 invalid."]


def test_kubectl_output_escapes_control_characters(tmp_path, capsys):
    f = tmp_path / "pod.yaml"
    f.write_text(POD, encoding="utf-8")
    assert cli.main(["kubectl", "--from", str(f), "get", "pod", "web", "-o",
                     "jsonpath={.metadata.annotations.note}"]) == 0
    out = capsys.readouterr().out
    _no_raw(out)
    assert out == "x^[]0;pwned\\x07^[[2J"
    assert cli.main(["kubectl", "--from", str(f), "get", "pod", "web", "-o", "json"]) == 0
    out = capsys.readouterr().out
    _no_raw(out)
    assert json.loads(out)["metadata"]["annotations"]["note"] == "x\x1b]0;pwned\x07\x1b[2J"


def test_lessons_list_and_lint_escape_titles_and_file_names(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "les\x1b[2Jsons"
    folder.mkdir()
    (folder / "01-evil.yaml").write_text(
        "id: evil\ntitle: " + _quoted("T\x1b]0;pwned\x07") + "\nsummary: s\nbody: b\nexercises:\n"
        "  - {id: e, title: E, task: t, start: '', solution: 'kind: Service', goals: [{kind: valid}]}\n",
        encoding="utf-8")
    monkeypatch.setattr("tutor.paths.lessons_dir", lambda: folder)
    assert cli.main(["lessons"]) == 0
    captured = capsys.readouterr()
    _no_raw(captured.out, captured.err)
    assert "T^[]0;pwned\\x07" in captured.out
    cli.main(["lessons", "--lint", str(folder)])
    captured = capsys.readouterr()
    _no_raw(captured.out, captured.err)
    assert "les^[[2Jsons" in captured.out


# --------------------------------------------------------------------------- item 5: encodings
@pytest.fixture(scope="module")
def locales(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Environments for ``ko_KR.EUC-KR``, ``en_US.ISO-8859-1`` and ``ko_KR.UTF-8``: real
    locales built with localedef where it can, else the encoding forced with
    PYTHONIOENCODING (what Python would pick under that locale)."""
    folder = tmp_path_factory.mktemp("locales")
    out = {}
    for name, lang, charset, codec in (("ko_KR.EUC-KR", "ko_KR", "EUC-KR", "euc_kr"),
                                       ("en_US.ISO-8859-1", "en_US", "ISO-8859-1", "iso-8859-1"),
                                       ("ko_KR.UTF-8", "ko_KR", "UTF-8", "utf-8")):
        built = False
        if shutil.which("localedef"):
            done = subprocess.run(["localedef", "-i", lang, "-f", charset, str(folder / name)],
                                  capture_output=True, timeout=120)
            built = (folder / name).exists() and done.returncode in (0, 1)
        env = {"LC_ALL": name, "LOCPATH": str(folder)} if built else {"LANG": name, "PYTHONIOENCODING": codec}
        probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
                               capture_output=True, text=True, env={**os.environ, **env}, timeout=60)
        if probe.stdout.strip().replace("-", "_").lower() not in (codec.replace("-", "_"), "eucKR".lower()):
            env = {"LANG": name, "PYTHONIOENCODING": codec}
        out[name] = {**env, "_codec": codec}
    return out


def _run_in(env: dict[str, str], *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    codec = env["_codec"]
    done = _ktutor(*args, env={k: v for k, v in env.items() if not k.startswith("_")}, cwd=cwd)
    return done.returncode, done.stdout.decode(codec), done.stderr.decode(codec)


@pytest.mark.parametrize("locale_name", ["ko_KR.EUC-KR", "en_US.ISO-8859-1"])
def test_non_utf8_consoles_never_crash(locale_name, locales, tmp_path):
    env = locales[locale_name]
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(SERVICE.format(name="web"), encoding="utf-8")
    bad.write_text(SERVICE.format(name="웹-서비스"), encoding="utf-8")
    code, out, err = _run_in(env, "check", "good.yaml", cwd=tmp_path)
    assert code == 0 and "Traceback" not in err, err
    assert out.startswith(("v ", "✓ ")), out  # the mark, or its ASCII stand-in
    code, out, err = _run_in(env, "check", "bad.yaml", cwd=tmp_path)
    assert code == 1 and "Traceback" not in err, err
    assert out.startswith(("x ", "✗ ")), out
    code, out, err = _run_in(env, "--lang", "ko", "check", "--format", "json", "bad.yaml", cwd=tmp_path)
    assert code == 1 and "Traceback" not in err, err
    assert json.loads(out)["results"][0]["name"] == "웹-서비스"  # JSON loses nothing (\u escapes)
    for args in (["lessons"], ["--lang", "ko", "lessons"], ["--help"], ["--lang", "ko", "--help"],
                 ["--lang", "ko", "check", "--help"], ["lessons", "--format", "json"]):
        code, out, err = _run_in(env, *args, cwd=tmp_path)
        assert code == 0 and "Traceback" not in err and out.strip(), (args, err)
    code, out, err = _run_in(env, "--lang", "ko", "check", "missing.yaml", cwd=tmp_path)
    assert code == 2 and "Traceback" not in err and "missing.yaml" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_undecodable_file_names_are_shown_escaped(locales, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/bad\xff.yaml"
    with open(name, "wb") as fh:
        fh.write(SERVICE.format(name="web").encode())
    for env in (locales["ko_KR.UTF-8"], locales["ko_KR.EUC-KR"]):
        code, out, err = _run_in(env, "check", "in", cwd=tmp_path)
        assert code == 0 and "Traceback" not in err, err
        assert "bad\\xff.yaml" in out
        code, out, err = _run_in(env, "check", "--format", "json", "in", cwd=tmp_path)
        assert code == 0 and "Traceback" not in err, err
        assert json.loads(out)["results"][0]["file"].endswith("bad\\xff.yaml")


def test_a_crash_is_never_exit_1(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(check, "run", boom)
    assert cli.main(["check", "x.yaml"]) == cli.EXIT_INTERNAL != 1
    assert "internal error" in capsys.readouterr().err


# --------------------------------------------------------------------------- item 6: closed or full stdout
def _close_stdout() -> None:
    os.close(1)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
@pytest.mark.parametrize("args", [["check", "svc.yaml"], ["check", "--format", "json", "svc.yaml"], ["lessons"],
                                  ["--help"], ["probe", "svc.yaml"],
                                  ["kubectl", "--from", "svc.yaml", "get", "svc"]])
def test_closed_or_full_stdout_is_one_line_and_exit_2(args, tmp_path):
    (tmp_path / "svc.yaml").write_text(SERVICE.format(name="web"), encoding="utf-8")
    done = _ktutor(*args, cwd=tmp_path, preexec_fn=_close_stdout)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and "standard output" in err and "Traceback" not in err, err
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            done = _ktutor(*args, cwd=tmp_path, stdout=full)
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.count("\n") == 1 and "No space left" in err and "Traceback" not in err, err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_reader_that_leaves_is_not_an_error(tmp_path):
    (tmp_path / "svc.yaml").write_text("".join(SERVICE.format(name=f"s{i}") + "---\n" for i in range(3000)))
    proc = subprocess.Popen([sys.executable, "-m", "tutor", "check", "svc.yaml"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    proc.stdout.read(10)
    proc.stdout.close()  # `| head -c 10`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "Exception ignored" not in err, err


# --------------------------------------------------------------------------- item 9: one bad file of a directory
def test_one_unreadable_or_oversized_file_does_not_hide_the_directory(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.yaml").write_text(SERVICE.format(name="first"))
    (folder / "b-big.yaml").write_text(SERVICE.format(name="big") * 200)
    (folder / "c-secret.yaml").write_text(SERVICE.format(name="secret"))
    (folder / "d-good.yaml").write_text(SERVICE.format(name="last"))
    monkeypatch.setattr(check, "MAX_BYTES", 5_000)
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path).endswith("c-secret.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, out, err = within(LIMIT, run_check, "--format", "json", str(folder))
    assert code == 2
    assert "b-big.yaml: too large" in err and "c-secret.yaml: permission denied" in err
    names = [r["name"] for r in json.loads(out)["results"]]
    assert names == ["first", "last"]  # the rest is checked
