"""User lesson folders are data only: ``ktutor lessons --lint DIR`` reports file:line
errors and exits 1 for hostile or broken lessons and glossaries, never executes
anything and never crashes; ``load_lessons(DIR)`` raises only ``LessonError``."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resilience_helpers import LIMIT, within
from tutor.lessons import cli as lessons_cli
from tutor.lessons import lint as L
from tutor.lessons.model import LessonError, load_lessons

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _svc(selector: str, indent: int) -> str:
    text = (f"apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: {selector}}}\n"
            f"  ports: [{{port: 80, targetPort: 8080}}]\n")
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


def lesson(lesson_id: str = "hostile", *, top: str = "", hints: str = "[Look at the labels.]",
           goals: str = "      - {kind: selects, service: web, pods: [web-1]}\n",
           pods: str | None = None, exercise_extra: str = "") -> str:
    pods = pods if pods is not None else (
        "        apiVersion: v1\n        kind: Pod\n        metadata: {name: web-1, labels: {app: web}}\n"
        "        spec: {containers: [{name: app, ports: [{containerPort: 8080}]}]}\n")
    return (
        f"id: {lesson_id}\ntitle: A lesson\nsummary: One line.\nbody: |\n  Some text.\n{top}exercises:\n"
        f"  - id: ex1\n    title: Select web\n    task: |\n      Select the web Pod.\n"
        f"    cluster:\n      pods: |\n{pods}"
        f"    start: |\n{_svc('nope', 6)}    solution: |\n{_svc('web', 6)}"
        f"    hints: {hints}\n    goals:\n{goals}{exercise_extra}"
        f"    wrong:\n      - note: wrong case\n        text: |\n{_svc('Web', 10)}"
        f"      - note: typo\n        text: |\n{_svc('wbe', 10)}"
    )


def lint_cli(folder: Path, fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = lessons_cli.run(argparse.Namespace(lint=str(folder), format=fmt), out, err)
    return code, out.getvalue(), err.getvalue()


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def load_or_lesson_error(folder: Path):
    try:
        return within(LIMIT, load_lessons, folder)
    except LessonError as err:
        assert err.line is None or err.line >= 1
        assert err.message and str(err).startswith(err.file)
        return err


def test_the_template_is_a_good_lesson(tmp_path):
    (tmp_path / "01-good.yaml").write_text(lesson(), encoding="utf-8")
    assert [x.id for x in load_lessons(tmp_path)] == ["hostile"]
    assert not L.errors(L.lint(tmp_path))


# --------------------------------------------------------------------------- code in a lesson is never run
def _python(marker: Path, kind: str = "object/apply:os.system") -> str:
    return f"!!python/{kind} [\"touch {marker}\"]"


EVIL_PLACES = {
    "id": lambda evil: lesson().replace("id: hostile", f"id: {evil}", 1),
    "top-level key": lambda evil: lesson(top=f"extra: {evil}\n"),
    "hints": lambda evil: lesson(hints=evil),
    "a goal": lambda evil: lesson(goals=f"      - {evil}\n"),
    "goal parameter": lambda evil: lesson(goals=f"      - {{kind: selects, service: web, pods: {evil}}}\n"),
    "exercise field": lambda evil: lesson(exercise_extra=f"    trace: {evil}\n"),
    "whole file": lambda evil: evil + "\n",
    "cluster pods text": lambda evil: lesson(pods=f"        apiVersion: v1\n        kind: Pod\n        metadata: {evil}\n"),
}


@pytest.mark.parametrize("kind", ["object/apply:os.system", "object/new:os.system", "name:os.system",
                                  "object:os.system"])
@pytest.mark.parametrize("place", sorted(EVIL_PLACES))
def test_python_tags_are_refused_and_never_run(place, kind, tmp_path):
    marker = tmp_path / "pwned"
    folder = tmp_path / "lessons"
    folder.mkdir()
    evil = _python(marker, kind)
    path = folder / "01-evil.yaml"
    path.write_text(EVIL_PLACES[place](evil), encoding="utf-8")
    loaded = load_or_lesson_error(folder)
    code, out, err = within(LIMIT, lint_cli, folder)
    assert code == 1 and "Traceback" not in out + err
    errors = [line for line in out.splitlines() if line.startswith(f"{path}:") and "warning:" not in line]
    assert errors, out
    where = line_of(path, "!!python/")
    if place != "cluster pods text":  # that one is reported where the exercise's cluster is
        assert isinstance(loaded, LessonError) and loaded.line == where
        assert any(line.startswith(f"{path}:{where}: ") for line in errors), (where, out)
    code, out, _ = within(LIMIT, lint_cli, folder, "json")
    data = json.loads(out)
    assert code == 1 and data["errors"] >= 1 and all(i["line"] >= 1 for i in data["issues"])
    assert not marker.exists()


def test_lint_as_a_command_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    folder = tmp_path / "lessons"
    (folder / "glossary").mkdir(parents=True)
    for n, place in enumerate(sorted(EVIL_PLACES)):
        (folder / f"{n:02d}-evil.yaml").write_text(EVIL_PLACES[place](_python(marker)), encoding="utf-8")
    (folder / "glossary" / "terms.yaml").write_text(
        f"terms:\n  - {{en: Pod, ko: 파드, definition: {_python(marker)}}}\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "tutor", "lessons", "--lint", str(folder)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stdout.count(": ") >= len(EVIL_PLACES)
    assert f"{folder / 'glossary' / 'terms.yaml'}:2: " in proc.stdout
    assert not marker.exists()


# --------------------------------------------------------------------------- broken lesson files
def _bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return lesson(top="\n".join(lines) + "\n")


BROKEN: dict[str, bytes] = {
    "alias bomb": _bomb().encode(),
    "alias bomb in hints": lesson(top="x: &h [a, b, c, d, e, f, g, h, i, j]\n").replace(
        "hints: [Look at the labels.]", "hints: [" + ", ".join(["*h"] * 10) + "]").encode(),
    "recursive alias": b"id: &a [*a]\n",
    "deep lists": b"id: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "deep mappings": b"id: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n",
    "deep but legal": ("id: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 60))).encode(),
    "invalid utf-8": b"id: caf\xe9\xff\n",
    "utf-16": lesson().encode("utf-16"),
    "nul bytes": lesson().replace("A lesson", "A \x00lesson").encode(),
    "binary": bytes(range(256)) * 8,
    "empty": b"",
    "only comments": b"# nothing\n",
    "a list": b"- id: x\n",
    "complex key": b"? [a]\n: b\nid: x\n",
    "duplicate key": lesson().replace("title: A lesson", "title: A lesson\ntitle: Again", 1).encode(),
    "tabs": lesson().replace("  - id: ex1", "\t- id: ex1").encode(),
    "wrong types": b"id: 5\ntitle: [t]\nsummary: {}\nbody: 7\nexercises: nope\n",
    "huge integers": lesson(goals="      - {kind: maps, service: web, port: 99999999999999999999999, to: 1e400}\n"
                            ).encode(),
    "exercise garbage": b"id: x\ntitle: t\nsummary: s\nbody: b\nexercises: [1, {id: [1]}, {id: e, goals: 5}]\n",
    "merge keys": lesson(top="base: &b {kind: selects}\n").replace(
        "- {kind: selects, service: web, pods: [web-1]}", "- {<<: *b, service: web, pods: [web-1]}").encode(),
    "set and omap": lesson(hints="!!set {a, b}").encode(),
    "windows line endings": lesson().replace("\n", "\r\n").encode(),
    "truncated": lesson()[:300].encode(),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_lesson_files(case, tmp_path):
    path = tmp_path / "01-broken.yaml"
    path.write_bytes(BROKEN[case])
    loaded = load_or_lesson_error(tmp_path)
    code, out, err = within(LIMIT, lint_cli, tmp_path)
    assert "Traceback" not in out + err
    if isinstance(loaded, LessonError):
        assert code == 1 and f"{path}:" in out
    else:  # the loader accepts it (a legal lesson): the lint still never crashes
        assert code in (0, 1)


def test_a_two_megabyte_lesson(tmp_path):
    paragraphs = "".join(f"  Paragraph {i}: " + "words " * 30 + "\n\n" for i in range(10_500))
    path = tmp_path / "01-big.yaml"
    path.write_text(lesson().replace("body: |\n  Some text.\n", "body: |\n" + paragraphs, 1), encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    (lesson_,) = within(LIMIT, load_lessons, tmp_path)
    assert lesson_.body.count("Paragraph") == 10_500
    code, out, err = within(LIMIT * 3, lint_cli, tmp_path)
    assert code == 0 and "Traceback" not in err  # only warnings (no Korean translation of a user lesson)


def test_goals_naming_missing_pods_and_services(tmp_path):
    path = tmp_path / "01-refs.yaml"
    path.write_text(lesson(goals="      - {kind: selects, service: web, pods: [web-1, ghost-pod]}\n"
                                 "      - {kind: ready, service: nowhere, pods: [web-1]}\n"
                                 "      - {kind: reach, from: {pod: phantom}, to: 'web:80', expect: {pod: web-1}}\n"),
                    encoding="utf-8")
    code, out, _ = within(LIMIT, lint_cli, tmp_path)
    assert code == 1
    assert f"{path}:{line_of(path, 'ghost-pod')}: " in out and "Pod ghost-pod" in out
    assert f"{path}:{line_of(path, 'nowhere')}: " in out and "Service nowhere" in out
    assert f"{path}:{line_of(path, 'phantom')}: " in out and "Pod phantom" in out


@pytest.mark.parametrize("pods", [
    "        {[}}: ::: &a *b\n",
    "        &a [*a]\n",
    "        apiVersion: v1\n        kind: Pod\n        metadata: {name: [x]}\n",
    "        apiVersion: apps/v1\n        kind: Deployment\n        metadata: {name: d}\n"
    "        spec: {replicas: 99999999999, template: {spec: {containers: [{name: a}]}}}\n",
    "        kind: ConfigMap\n",
    "        \x01\x02\n",
    "        " + "[" * 5_000 + "]" * 5_000 + "\n",
])
def test_garbage_cluster_pods(pods, tmp_path):
    path = tmp_path / "01-cluster.yaml"
    path.write_text(lesson(pods=pods), encoding="utf-8")
    load_or_lesson_error(tmp_path)
    code, out, err = within(LIMIT, lint_cli, tmp_path)
    assert "Traceback" not in out + err
    if code == 1:
        assert f"{path}:" in out


# --------------------------------------------------------------------------- glossaries
GLOSSARIES: dict[str, bytes] = {
    "syntax error": b"terms:\n  - {en: Pod, ko: [\n",
    "not a mapping": b"- en: Pod\n",
    "terms not a list": b"terms: Pod\n",
    "empty terms": b"terms: []\n",
    "entry not a mapping": b"terms:\n  - Pod\n",
    "missing keys": b"terms:\n  - {en: Pod}\n",
    "unknown key": "terms:\n  - {en: Pod, ko: 파드, definition: A Pod., colour: red}\n".encode(),
    "duplicate term": "terms:\n  - {en: Pod, ko: 파드, definition: A.}\n  - {en: Pod, ko: 파드, definition: B.}\n".encode(),
    "tag": b"terms:\n  - {en: !!python/object/apply:os.system [\"true\"], ko: a, definition: b}\n",
    "deep": b"terms: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "bomb": ("x: &a [" + ",".join(["lol"] * 10) + "]\n" + "".join(
        f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i > 1 else "*a"] * 10) + "]\n" for i in range(1, 9))
        + "terms:\n  - {en: Pod, ko: 파드, definition: *a8}\n").encode(),
    "invalid utf-8": b"terms:\n  - {en: P\xffod}\n",
    "binary": b"\x00\x01\x02\xff" * 100,
    "empty file": b"",
    "multi-line definition": "terms:\n  - en: Pod\n    ko: 파드\n    definition: |\n      One.\n\n      Two.\n".encode(),
}


@pytest.mark.parametrize("case", sorted(GLOSSARIES))
def test_malformed_glossaries(case, tmp_path):
    (tmp_path / "01-good.yaml").write_text(lesson(), encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    path = tmp_path / "glossary" / "terms.yaml"
    path.write_bytes(GLOSSARIES[case])
    code, out, err = within(LIMIT, lint_cli, tmp_path)
    assert code == 1 and "Traceback" not in out + err
    issues = [line for line in out.splitlines() if line.startswith(f"{path}:")]
    assert issues, out
    number = int(issues[0].split(":")[1])
    assert 1 <= number <= max(1, GLOSSARIES[case].count(b"\n") + 1)


# --------------------------------------------------------------------------- odd entries in the folder
def test_odd_folder_entries_are_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-good.yaml").write_text(lesson(), encoding="utf-8")
    (folder / "02-dir.yaml").mkdir()
    (folder / "03-loop.yaml").symlink_to(folder / "04-loop.yaml")
    (folder / "04-loop.yaml").symlink_to(folder / "03-loop.yaml")
    (folder / "05-dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "06-fifo.yaml")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    assert [x.id for x in within(LIMIT, load_lessons, folder)] == ["hostile"]
    code, out, err = within(LIMIT, lint_cli, folder)
    assert code == 0 and "Traceback" not in out + err

    # a lesson file that cannot be read: a LessonError with the file, for real or simulated
    secret = folder / "07-secret.yaml"
    secret.write_text(lesson("secret"), encoding="utf-8")
    real = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path).endswith("07-secret.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", deny)
        err_ = load_or_lesson_error(folder)
        assert isinstance(err_, LessonError) and err_.file == str(secret) and "cannot read" in err_.message
        code, out, _ = within(LIMIT, lint_cli, folder)
        assert code == 1 and f"{secret}:1: cannot read" in out
    if not IS_ROOT:
        secret.chmod(0)
        try:
            assert isinstance(load_or_lesson_error(folder), LessonError)
        finally:
            secret.chmod(0o600)


def test_lint_of_something_that_is_not_a_folder(tmp_path):
    f = tmp_path / "file.yaml"
    f.write_text(lesson(), encoding="utf-8")
    code, out, err = lint_cli(f)
    assert code == 2 and "not a folder" in err
