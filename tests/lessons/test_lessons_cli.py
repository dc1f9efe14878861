"""``ktutor lessons``: text and JSON listing with progress, ``--lint`` exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from argparse import Namespace

import pytest

from tutor.cli import main
from tutor.lessons import cli as lessons_cli

LESSON = textwrap.dedent("""\
    id: {id}
    title: Lesson {id}
    summary: About {id}.
    body: |
      Text.
    exercises:
      - id: e1
        title: First
        task: Do it.
        start: ""
        solution: |
          apiVersion: v1
          kind: Service
          metadata: {{name: s}}
          spec: {{ports: [{{port: 80}}]}}
        hints: [Think.]
        goals: [{{kind: service, name: s}}]
        wrong:
          - {{note: a, text: "kind: Service"}}
          - {{note: b, text: "apiVersion: v1"}}
      - id: e2
        title: Second
        task: Do it again.
        start: ""
        solution: |
          apiVersion: v1
          kind: Service
          metadata: {{name: s}}
          spec: {{ports: [{{port: 80}}]}}
        hints: [Think.]
        goals: [{{kind: service, name: s}}]
        wrong:
          - {{note: a, text: "kind: Service"}}
          - {{note: b, text: "apiVersion: v1"}}
    """)


@pytest.fixture
def lessons_folder(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    for n, lesson_id in enumerate(["alpha", "beta", "gamma"], start=1):
        (folder / f"{n:02d}-{lesson_id}.yaml").write_text(LESSON.format(id=lesson_id), encoding="utf-8")
    monkeypatch.setattr("tutor.paths.lessons_dir", lambda: folder)
    return folder


def run(**kwargs) -> tuple[int, str, str]:
    args = Namespace(format=kwargs.pop("format", "text"), lint=kwargs.pop("lint", None))
    out, err = io.StringIO(), io.StringIO()
    code = lessons_cli.run(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_listing_is_stable_and_reads_progress(lessons_folder):
    from tutor.progress import load_progress

    progress = load_progress()
    progress.mark_done("alpha", "e1")
    progress.mark_done("alpha", "e2")
    progress.set_text("beta", "e1", "apiVersion: v1")
    progress.view_solution("gamma", "e2")
    assert progress.save()
    code, out, _ = run(format="json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["lessons"]
    first = data["lessons"][0]
    assert list(first) == ["number", "id", "title", "summary", "exercises", "progress"]
    assert first == {"number": 1, "id": "alpha", "title": "Lesson alpha", "summary": "About alpha.",
                     "exercises": [{"id": "e1", "title": "First", "kind": "fix", "review": False, "exam": False,
                                    "replaces": []},
                                   {"id": "e2", "title": "Second", "kind": "fix", "review": False, "exam": False,
                                    "replaces": []}],
                     "progress": "done"}
    assert [l["progress"] for l in data["lessons"]] == ["done", "in_progress", "solution_viewed"]


def test_text_listing_without_progress_and_without_colour(lessons_folder, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run()
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["1", "·", "not", "started"]
    assert "alpha" in lines[0] and "Lesson alpha" in lines[0] and "2 exercises" in lines[0]
    assert "\x1b[" not in out  # a StringIO is not a terminal


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert lessons_cli._use_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not lessons_cli._use_colour(Tty())
    assert not lessons_cli._use_colour(io.StringIO())


def test_text_listing_in_korean(lessons_folder, korean, monkeypatch):
    from tutor import i18n

    monkeypatch.setitem(i18n.catalog("ko").singular, "not started", "시작 전")
    code, out, _ = run()
    assert code == 0 and "시작 전" in out.splitlines()[0]


def test_lint_exit_codes(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "01-a.yaml").write_text(LESSON.format(id="a"), encoding="utf-8")
    code, out, _ = run(lint=str(good))
    assert code == 0, out
    assert "no errors" in out

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "01-a.yaml").write_text(LESSON.format(id="a").replace("kind: service, name: s", "kind: nope"),
                                   encoding="utf-8")
    code, out, _ = run(lint=str(bad))
    assert code == 1
    lines = [line for line in out.splitlines() if "nope" in line]
    assert len(lines) == 2  # one per exercise
    assert all(line.startswith(f"{bad / '01-a.yaml'}:") and "warning" not in line for line in lines)
    code, out, _ = run(lint=str(bad), format="json")
    data = json.loads(out)
    assert code == 1 and data["errors"] >= 1 and data["issues"][0]["line"] >= 1

    code, _, err = run(lint=str(tmp_path / "missing"))
    assert code == 2 and "not a folder" in err


def test_a_broken_shipped_lesson_is_reported_not_raised(lessons_folder):
    (lessons_folder / "04-broken.yaml").write_text("id: [\n", encoding="utf-8")
    code, _, err = run()
    assert code == 1 and "04-broken.yaml" in err and "--lint" in err


def test_through_the_main_cli(lessons_folder, tmp_path, capsys):
    assert main(["lessons", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["lessons"][0]["id"] == "alpha"
    # the shipped folder: a missing Korean translation is an error there
    assert main(["lessons", "--lint"]) == 1
    assert "no Korean translation yet" in capsys.readouterr().out
    user = tmp_path / "user-lessons"
    user.mkdir()
    (user / "01-alpha.yaml").write_bytes((lessons_folder / "01-alpha.yaml").read_bytes())
    assert main(["lessons", "--lint", str(user)]) == 0  # only warnings in a user folder


def test_the_lessons_command_does_not_import_textual():
    code = ("import sys; from tutor.cli import main; main(['lessons', '--format', 'json']); "
            "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
