"""Exercises solved in the console: ``kind``, ``solution_commands``, command ``wrong:``
answers, the new ``answer`` truths, and how the linter runs command lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tutor.lessons import goals as G
from tutor.lessons import lint as L
from tutor.lessons.commands import check_state, cluster_with, evaluate_state, manifest_addition, run_commands
from tutor.lessons.goals import english
from tutor.lessons.model import EXERCISE_KINDS, LessonError, load_lesson

CONSOLE_LESSON = Path(__file__).resolve().parents[1] / "ui" / "console_lessons" / "01-console.yaml"


@pytest.fixture
def lesson():
    return load_lesson(CONSOLE_LESSON)


def exercise(lesson, exercise_id):
    found = lesson.exercise(exercise_id)
    assert found is not None
    return found


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CONSOLE_LESSON.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "01-console.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "01-console.yaml"


def errors(folder: Path) -> list[str]:
    return [english(i.message) for i in L.errors(L.lint(folder))]


# --------------------------------------------------------------------------- the model
def test_kind_and_solution_commands_are_read(lesson):
    label = exercise(lesson, "label-it")
    assert label.kind == "command" and label.solution_commands == ["kubectl label pod web-2 app=web --overwrite"]
    assert not label.solution_given and label.solution == label.start  # no solution text: the start text
    assert label.wrong[0]["commands"] == ["kubectl label pod web-2 app=web"]
    assert label.wrong[0]["text"] == label.start  # commands start from the start text
    ip = exercise(lesson, "find-the-ip")
    assert ip.solution_given and ip.wrong[0]["text"] == ip.solution  # answers only: the solution's text


def test_kind_defaults_to_fix_and_is_one_of_four(tmp_path):
    assert EXERCISE_KINDS == ("fix", "write", "predict", "command")
    path = copy_with(tmp_path, "    kind: command\n    title: Label", "    title: Label")
    assert load_lesson(path).exercises[0].kind == "fix"
    path = copy_with(tmp_path, "    kind: command\n    title: Label", "    kind: imperative\n    title: Label")
    with pytest.raises(LessonError) as err:
        load_lesson(path)
    assert err.value.line == 8 and "fix, write, predict, command" in err.value.message


def test_solution_commands_must_be_a_list_of_lines(tmp_path):
    path = copy_with(tmp_path, "    solution_commands:\n      - kubectl label pod web-2 app=web --overwrite",
                     "    solution_commands: kubectl label pod web-2 app=web --overwrite")
    with pytest.raises(LessonError) as err:
        load_lesson(path)
    assert "solution_commands" in err.value.message


def test_json_listing_shows_the_kind(tmp_path, monkeypatch, capsys):
    from argparse import Namespace

    from tutor.lessons import cli

    shutil.copy(CONSOLE_LESSON, tmp_path / "01-console.yaml")
    monkeypatch.setattr("tutor.paths.lessons_dir", lambda: tmp_path)
    assert cli.run(Namespace(format="json", lint=None)) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["kind"] for e in data["lessons"][0]["exercises"]] == ["command", "command", "command"]


# --------------------------------------------------------------------------- running command lists
def test_label_changes_the_cluster_the_goals_see_never_the_base(lesson):
    ex = exercise(lesson, "label-it")
    assert not check_state(ex, ex.start).passed
    ran = run_commands(ex, ex.solution_commands)
    assert ran.commands == ex.solution_commands and not ran.failures()
    assert ran.text == ex.start  # label leaves the editor alone
    assert check_state(ex, ran.text, ran.commands).passed
    base = G.base_cluster(ex)
    assert base.pod("web-2").labels == {"app": "Web"}  # the exercise's cluster is never changed
    assert cluster_with(base, ran.commands).pod("web-2").labels == {"app": "web"}
    assert cluster_with(base, []) is base


def test_a_refused_command_changes_nothing_and_is_a_failure(lesson):
    ex = exercise(lesson, "label-it")
    ran = run_commands(ex, ["kubectl label pod web-2 app=web"])  # no --overwrite
    assert ran.commands == []
    [(line, result)] = ran.failures()
    assert "already has a value (Web), and --overwrite is false" in result.stderr
    assert not check_state(ex, ran.text, ran.commands).passed


def test_expose_puts_the_service_into_the_text(lesson):
    ex = exercise(lesson, "expose-it")
    ran = run_commands(ex, ex.solution_commands)
    assert ran.commands == []  # nothing recorded: the Service is in the editor
    assert ran.text.startswith(ex.start) and "kind: Service" in ran.text and "name: api" in ran.text
    assert "---" not in ran.text  # the start text has only a comment
    assert check_state(ex, ran.text).passed
    evaluation = evaluate_state(ex, ran.text)
    assert evaluation.service("api", "default") is not None


def test_manifest_addition_separates_documents():
    manifest = "apiVersion: v1\nkind: Service\n"
    assert manifest_addition("", manifest) == manifest
    assert manifest_addition("# a comment\n", manifest) == manifest
    assert manifest_addition("kind: Pod", manifest) == "\n---\n" + manifest
    assert manifest_addition("kind: Pod\n", manifest) == "---\n" + manifest


# --------------------------------------------------------------------------- answer truths
def test_new_truths_are_worked_out_from_the_cluster(lesson):
    ex = exercise(lesson, "find-the-ip")
    evaluation = G.evaluate_for(ex, ex.solution)
    ip = evaluation.service("web", "default").service.cluster_ip
    assert G.solution_answers(ex) == {"ip": ip}
    assert G.check(ex, ex.solution, answers={"ip": ip}).passed
    assert G.check(ex, ex.solution, answers={"ip": f" {ip} "}).passed
    wrong = G.check(ex, ex.solution, answers={"ip": "10.96.0.10"})
    assert not wrong.passed and "10.96.0.10 is not the answer" in english(wrong.failed[0].feedback)


def truth_exercise(truth: str, question: str = "Which?"):
    from lesson_helpers import PODS
    from lesson_helpers import exercise as make_exercise

    service = ("apiVersion: v1\nkind: Service\nmetadata: {name: my-service}\nspec:\n  type: NodePort\n"
               "  selector: {app: MyApp}\n  ports: [{port: 80, targetPort: 9376, nodePort: 30080}]\n")
    return make_exercise([{"kind": "answer", "id": "q", "question": question, "truth": json.loads(truth)}],
                         start=service, solution=service, pods=PODS)


@pytest.mark.parametrize(("truth", "right", "wrong"), [
    ('{"not_ready": "my-service"}', "web-3", "web-1"),
    ('{"node_port": "my-service"}', "30080", "80"),
    ('{"pod_ip": "db-1"}', None, "10.96.0.10"),
    ('{"node": "web-1"}', "node-a", "node-b"),
])
def test_each_truth_checks_answers(truth, right, wrong):
    ex = truth_exercise(truth)
    answers = G.solution_answers(ex)
    if right is not None:
        assert answers == {"q": right}
    assert G.check(ex, ex.solution, answers=answers).passed
    assert not G.check(ex, ex.solution, answers={"q": wrong}).passed


def test_a_node_is_answered_by_name_or_ip():
    ex = truth_exercise('{"node": "web-1"}')
    assert G.check(ex, ex.solution, answers={"q": "192.168.49.2"}).passed
    assert G.check(ex, ex.solution, answers={"q": "node-a"}).passed


def test_an_unknown_truth_is_a_goal_error():
    with pytest.raises(G.GoalError) as err:
        truth_exercise('{"endpoint_ip": "my-service"}').goals
    assert "cluster_ip" in english(err.value.problems[0])


# --------------------------------------------------------------------------- the linter
def test_the_console_test_lesson_lints_clean():
    assert errors(CONSOLE_LESSON.parent) == []


def test_a_solution_command_kubectl_refuses_is_an_error(tmp_path):
    copy_with(tmp_path, "kubectl label pod web-2 app=web --overwrite", "kubectl label pod web-3 app=web --overwrite")
    found = errors(tmp_path)
    assert any('the solution command "kubectl label pod web-3 app=web --overwrite" fails: Error from server '
               '(NotFound): pods "web-3" not found' in e for e in found)
    assert any("the solution commands fail the goal" in e for e in found)


def test_a_wrong_command_list_that_passes_is_an_error(tmp_path):
    copy_with(tmp_path, "commands: [kubectl expose deployment api --port=8080]",
              "commands: [kubectl expose deployment api --port=80 --target-port=8080]")
    assert any('the wrong answer "exposes port 8080" passes every goal' in e for e in errors(tmp_path))


def test_a_wrong_answer_value_that_is_right_is_an_error(tmp_path, lesson):
    ex = exercise(lesson, "find-the-ip")
    ip = G.solution_answers(ex)["ip"]
    copy_with(tmp_path, "answers: {ip: 10.96.0.1}", f"answers: {{ip: {ip}}}")
    assert any('the wrong answer "the API server" passes every goal' in e for e in errors(tmp_path))


def test_the_start_of_a_command_exercise_must_fail(tmp_path):
    copy_with(tmp_path, "labels: {app: Web}", "labels: {app: web}")
    assert any("exercise label-it: the start text already passes every goal" in e for e in errors(tmp_path))
