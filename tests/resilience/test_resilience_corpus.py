"""Hostile and malformed manifests: every case of the corpus gives a result or a clear
error, never an exception, on every surface: the engine
(``evaluate``), ``ktutor check`` (text and JSON, in-process and as a command), and the
lesson checker (``goals.check`` on a shipped exercise)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import make_corpus
from resilience_helpers import (
    LIMIT,
    as_text,
    assert_check_output,
    assert_evaluation,
    assert_goals_fail_with_feedback,
    run_check,
    shipped_exercise,
    trace_texts,
    within,
)
from tutor import i18n
from tutor.k8s.evaluate import evaluate
from tutor.lessons import goals as G

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SMALL = sorted(make_corpus.SMALL)
#: node-ports-exhausted has a test of its own
LARGE = sorted(set(make_corpus.LARGE) - {"node-ports-exhausted.yaml"})
#: the shipped exercises the learner's text is checked against (every goal kind between them)
EXERCISES = [("defining-a-service", "match-the-pods"), ("troubleshooting", "final-challenge")]


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("large-corpus")
    return {p.name: p for p in make_corpus.write_large(folder)}


def small_bytes(name: str) -> bytes:
    return (make_corpus.CORPUS / name).read_bytes()


def test_committed_corpus_matches_the_generator():
    on_disk = {p.name: p.read_bytes() for p in make_corpus.CORPUS.iterdir()}
    assert on_disk == make_corpus.SMALL, "run: .venv/bin/python tests/resilience/make_corpus.py"


def test_large_cases_are_large(large):
    sizes = {name: path.stat().st_size for name, path in large.items()}
    assert sizes["one-mb-document.yaml"] >= 1_000_000 and sizes["random-bytes-1mb.yaml"] == 1 << 20
    assert sizes["one-mb-line.yaml"] > 1 << 20
    assert large["ten-thousand-lines.yaml"].read_bytes().count(b"\n") >= 10_000
    assert large["ten-thousand-documents.yaml"].read_bytes().count(b"---\n") == 10_000


# --------------------------------------------------------------------------- the engine
def _evaluate_all_forms(data: bytes, texts: bool) -> None:
    """evaluate() on the bytes (as ``ktutor check`` passes undecodable input) and on the
    text an editor would hold."""
    forms: list[str | bytes] = [data, as_text(data)]
    if texts:
        forms.append(data.decode("utf-8", "replace"))
    elif forms[0] == forms[1].encode("utf-8", "surrogateescape") and b"\x00" not in data and data.isascii():
        forms = forms[1:]  # a large ASCII text: the bytes and the text are the same input
    for form in forms:
        ev = within(LIMIT, evaluate, form)
        assert_evaluation(ev, form, render=None if texts else 30)
        if texts:
            for lang in ("en", "ko"):
                i18n.set_language(lang)
                try:
                    [str(t) for t in trace_texts(ev)]
                finally:
                    i18n.set_language("en")


@pytest.mark.parametrize("name", SMALL)
def test_evaluate_small(name):
    _evaluate_all_forms(small_bytes(name), texts=True)


@pytest.mark.parametrize("name", LARGE)
def test_evaluate_large(name, large):
    _evaluate_all_forms(large[name].read_bytes(), texts=False)


def test_expected_errors_of_some_cases(large):
    """The corpus is really hostile: the protections answer with their own errors."""
    def first_error(data: bytes):
        ev = within(LIMIT, evaluate, data)
        assert ev.errors
        return ev.errors[0]

    assert "contains itself" in first_error(small_bytes("recursive-alias-list.yaml")).message
    assert "excessive aliasing" in first_error(small_bytes("billion-laughs.yaml")).message
    assert first_error(small_bytes("invalid-utf8.yaml")).code == "P-ENCODING"
    assert "exceeded max" in first_error(large["deep-nested-lists.yaml"].read_bytes()).message
    bomb = within(LIMIT, evaluate, small_bytes("workload-replica-bomb.yaml"))
    assert 0 < len(bomb.cluster.pods) <= 2 * 1_000 + 2
    svc = bomb.service("my-service")
    assert svc is not None and svc.valid and len(svc.selection.selected) == 2_000  # Deployment + StatefulSet
    empty = within(LIMIT, evaluate, b"")
    assert empty.documents == [] and empty.parse_error is None


def test_node_port_range_exhausted(large):
    """1,000 NodePort Services of 3 ports: the range holds 2,768 node ports (922 Services);
    the others get the API server's error."""
    path = large["node-ports-exhausted.yaml"]
    full = within(LIMIT, evaluate, path.read_text())
    assert_evaluation(full, render=5)
    assert {e.message for e in full.errors} == {"Internal error occurred: failed to allocate a nodePort: range is full"}
    assert len([d for d in full.documents if d.valid]) == 922
    code, out, err = within(LIMIT, run_check, str(path))
    assert_check_output(code, out, err, "text")
    assert code == 1 and out.endswith("1,000 Services checked: 922 valid, 78 invalid.\n")


def test_many_services_in_one_text_scale_linearly():
    """5,000 Services: each one used to rebuild what all earlier ones hold (minutes)."""
    doc = "apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{ports: [{{port: 80}}]}}\n"
    text = "".join("---\n" + doc.format(i=i) for i in range(5_000))
    ev = within(LIMIT, evaluate, text)
    assert ev.valid and len(ev.cluster.services) == 5_000
    assert len({d.service.cluster_ip for d in ev.documents}) == 5_000


# --------------------------------------------------------------------------- ktutor check, in-process
@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("name", SMALL)
def test_check_small(name, fmt, tmp_path):
    path = tmp_path / name
    path.write_bytes(small_bytes(name))
    assert_check_output(*within(LIMIT, run_check, "--format", fmt, str(path)), fmt)
    # the same bytes on standard input
    assert_check_output(*within(LIMIT, run_check, "--format", fmt, "-", stdin=path.read_bytes()), fmt)


@pytest.mark.parametrize("name", LARGE)
def test_check_large(name, large):
    data = assert_check_output(*within(LIMIT, run_check, "--format", "json", str(large[name])), "json")
    assert data["results"], name


def test_check_whole_corpus_directory_at_once():
    """Every small case in one run (one cluster built from all of them)."""
    code, out, err = within(LIMIT, run_check, "--format", "json", str(make_corpus.CORPUS))
    data = assert_check_output(code, out, err, "json")
    assert code == 2 and "more than the 100,000 the simulated cluster holds" in err  # the hang case's Pods
    assert {Path(r["file"]).name for r in data["results"]} <= set(SMALL)


def test_the_check_hang_case_is_bounded():
    """A mutated case that once made ``ktutor check`` run for more than 2 minutes (268,000
    simulated Pods): now the largest workloads are left out, named on one line, exit 2."""
    path = make_corpus.CORPUS / "check-hang-case.yaml"
    code, out, err = within(LIMIT, run_check, str(path))
    assert_check_output(code, out, err, "text")
    assert code == 2 and err.count("\n") == 1 and "268,000 Pods" in err and "Deployment default/bomb" in err


def test_check_with_hostile_pods_files(tmp_path):
    svc = tmp_path / "svc.yaml"
    svc.write_bytes(make_corpus.SERVICE.encode())
    pods = []
    for name in ("billion-laughs.yaml", "pod-wrong-types.yaml", "workload-replica-bomb.yaml", "invalid-utf8.yaml",
                 "recursive-alias-map.yaml"):
        p = tmp_path / f"pods-{name}"
        p.write_bytes(small_bytes(name))
        pods += ["--pods", str(p)]
    code, out, err = within(LIMIT, run_check, "--format", "json", *pods, str(svc))
    assert_check_output(code, out, err, "json")
    assert code == 2 and "--pods" in err


# --------------------------------------------------------------------------- paths that are not plain files
def test_directory_with_a_symlink_loop_and_an_unreadable_file(tmp_path, monkeypatch):
    folder = tmp_path / "manifests"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "svc.yaml").write_bytes(make_corpus.SERVICE.encode())
    (folder / "sub" / "loop").symlink_to(folder)  # a directory loop
    (folder / "a.yaml").symlink_to(folder / "b.yaml")  # a file loop
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    (folder / "dir.yaml").mkdir()
    secret = folder / "secret.yaml"
    secret.write_bytes(make_corpus.SERVICE.encode())
    code, out, err = within(LIMIT, run_check, "--format", "json", str(folder))
    assert_check_output(code, out, err, "json")
    assert code == 0  # the loops and the folder named .yaml are not manifests
    code, out, err = within(LIMIT, run_check, str(folder / "a.yaml"))
    assert code == 2 and "a.yaml: cannot be read" in err

    # An unreadable file: for real when permissions apply, simulated always.
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", deny)
        code, out, err = within(LIMIT, run_check, "--format", "json", str(folder))
    assert_check_output(code, out, err, "json")
    assert code == 2 and "secret.yaml: permission denied" in err
    if not IS_ROOT:
        secret.chmod(0)
        try:
            code, out, err = within(LIMIT, run_check, str(folder))
            assert code == 2 and "secret.yaml: permission denied" in err
        finally:
            secret.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_without_a_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, out, err = within(LIMIT, run_check, "--format", "json", str(fifo))
    data = assert_check_output(code, out, err, "json")
    assert code == 0 and data["results"] == []
    # in a directory it is skipped like anything that is not a regular file
    code, out, err = within(LIMIT, run_check, "--format", "json", str(tmp_path))
    assert code == 0 and assert_check_output(code, out, err, "json")["results"] == []


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_device_paths(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    code, out, err = within(LIMIT, run_check, "--format", "json", device)
    assert_check_output(code, out, err, "json")
    if device == "/dev/zero":
        assert code == 2 and "too large" in err


def test_a_binary_file_named_yaml(tmp_path):
    path = tmp_path / "photo.yaml"
    path.write_bytes(bytes(range(256)) * 64 + b"\x89PNG\r\n\x1a\n" * 10)
    code, out, err = within(LIMIT, run_check, "--format", "json", str(path))
    data = assert_check_output(code, out, err, "json")
    assert code == 1 and data["results"][0]["stage"] == "parse"


# --------------------------------------------------------------------------- ktutor check, as a command
def _command(*argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "tutor", "check", *argv], input=stdin, capture_output=True,
                          cwd=ROOT, env=env, timeout=60)


@pytest.mark.parametrize("case, fmt", [("billion-laughs.yaml", "json"), ("random-bytes-1mb.yaml", "json"),
                                       ("deep-nested-lists.yaml", "text"), ("utf16-bom.yaml", "text"),
                                       ("yaml-tags.yaml", "json")])
def test_check_command(case, fmt, large):
    path = large.get(case) or (make_corpus.CORPUS / case)
    proc = _command("--format", fmt, str(path))
    # kubectl reads a UTF-16 file with a byte-order mark (unicode.BOMOverride): that one is valid
    assert proc.returncode == (0 if case == "utf16-bom.yaml" else 1), proc.stderr
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")[-2000:]
    assert_check_output(proc.returncode, proc.stdout.decode(), proc.stderr.decode(), fmt)
    assert not Path("/tmp/ktutor-pwned").exists()


def test_check_command_on_stdin_fifo_and_directory(tmp_path):
    proc = _command("--format", "json", "-", stdin=small_bytes("invalid-utf8.yaml") + b"\x00" * 1000)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert_check_output(1, proc.stdout.decode(), proc.stderr.decode(), "json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        proc = _command(str(tmp_path / "pipe.yaml"))
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    (tmp_path / "loop").symlink_to(tmp_path)
    proc = _command("--format", "json", str(tmp_path), str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2 and b"missing.yaml" in proc.stderr and b"Traceback" not in proc.stderr


# --------------------------------------------------------------------------- the lesson checker
@pytest.mark.parametrize("name", SMALL)
def test_goals_small(name):
    text = as_text(small_bytes(name))
    for lesson_id, exercise_id in EXERCISES:
        ex = shipped_exercise(lesson_id, exercise_id)
        assert_goals_fail_with_feedback(within(LIMIT, G.check, ex, text))


@pytest.mark.parametrize("name", LARGE)
def test_goals_large(name, large):
    ex = shipped_exercise(*EXERCISES[0])
    assert_goals_fail_with_feedback(within(LIMIT, G.check, ex, as_text(large[name].read_bytes())))
