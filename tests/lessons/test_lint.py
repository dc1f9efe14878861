"""``lint(folder)``: broken lesson files give issues with file and line; exercises run."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tutor.lessons import lint as L
from tutor.lessons.goals import english

PODS = """\
        apiVersion: v1
        kind: Pod
        metadata: {name: web-1, labels: {app: web}}
        spec: {containers: [{name: app, ports: [{containerPort: 8080}]}]}
"""


def svc(selector: str, indent: int = 6) -> str:
    text = f"apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: {selector}}}\n" \
           f"  ports: [{{port: 80, targetPort: 8080}}]\n"
    return textwrap.indent(text, " " * indent)


def lesson(lesson_id: str, *, goals: str, start: str = "nothing", wrong: list[str] = ("Web", "wbe"),
           hints: str = "[Look at the labels.]") -> str:
    wrong_text = "".join(f"      - note: wrong {n}\n" + ("        partial: true\n" if n == 0 else "")
                         + f"        text: |\n{svc(w, 10)}" for n, w in enumerate(wrong))
    return (
        f"id: {lesson_id}\ntitle: A lesson\nsummary: One line.\nbody: |\n  Some text.\nexercises:\n"
        f"  - id: ex1\n    title: Select web\n    task: |\n      Select the web Pod.\n"
        f"    cluster:\n      pods: |\n{PODS}"
        f"    start: |\n{svc(start)}    solution: |\n{svc('web')}"
        f"    hints: {hints}\n    goals:\n{goals}"
        + (f"    wrong:\n{wrong_text}" if wrong else "    wrong: []\n")
    )


GOOD_GOALS = "      - {kind: selects, service: web, pods: [web-1]}\n"


def issues_by_file(folder: Path) -> dict[str, list[L.LintIssue]]:
    out: dict[str, list[L.LintIssue]] = {}
    for issue in L.lint(folder):
        out.setdefault(Path(issue.file).name, []).append(issue)
    return out


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def messages(issues) -> list[str]:
    return [english(i.message) for i in issues]


def test_a_good_user_lesson_has_only_translation_warnings(tmp_path):
    (tmp_path / "01-good.yaml").write_text(lesson("good", goals=GOOD_GOALS), encoding="utf-8")
    issues = L.lint(tmp_path)
    assert issues and all(i.severity == L.WARNING for i in issues)
    assert all("Korean translation" in english(i.message) for i in issues)
    assert not L.errors(issues)


def test_broken_lessons_are_reported_with_file_and_line(tmp_path):
    (tmp_path / "01-syntax.yaml").write_text("id: x\ntitle: [oops\n", encoding="utf-8")
    (tmp_path / "02-tag.yaml").write_text("id: !!python/object/apply:os.system [echo hi]\n", encoding="utf-8")
    (tmp_path / "03-goals.yaml").write_text(lesson("goals", goals=(
        "      - {kind: selects, service: web, pods: [web-1]}\n"
        "      - {kind: teleport}\n"
        "      - {kind: maps, service: web, port: '80', to: 8080}\n")), encoding="utf-8")
    (tmp_path / "04-refs.yaml").write_text(lesson("refs", goals=(
        "      - {kind: selects, service: web, pods: [web-1, web-9]}\n"
        "      - {kind: maps, service: api, port: 80, to: 8080}\n")), encoding="utf-8")
    (tmp_path / "05-runs.yaml").write_text(lesson("runs", goals=GOOD_GOALS, start="web", wrong=["web"],
                                                  hints="[]"), encoding="utf-8")
    (tmp_path / "06-dup.yaml").write_text(lesson("runs", goals=GOOD_GOALS), encoding="utf-8")
    found = issues_by_file(tmp_path)

    (syntax,) = [i for i in found["01-syntax.yaml"] if i.severity == L.ERROR]
    assert syntax.line == 3 and "YAML" in english(syntax.message)
    (tag,) = found["02-tag.yaml"]
    assert tag.severity == L.ERROR and tag.line == 1

    errs = [i for i in found["03-goals.yaml"] if i.severity == L.ERROR]
    goals_file = tmp_path / "03-goals.yaml"
    assert [i.line for i in errs if "teleport" in english(i.message)] == [line_of(goals_file, "kind: teleport")]
    assert any(i.line == line_of(goals_file, "port: '80'") and "'port'" in english(i.message) for i in errs)

    errs = [i for i in found["04-refs.yaml"] if i.severity == L.ERROR]
    text = messages(errs)
    assert any("Pod web-9" in m for m in text)
    assert any("Service api" in m for m in text)
    assert any("solution fails" in m for m in text)
    assert {i.line for i in errs if "Pod web-9" in english(i.message)} == {line_of(tmp_path / "04-refs.yaml", "web-9")}

    runs = found["05-runs.yaml"]
    text = messages(runs)
    assert any("start text already passes" in m for m in text)
    assert any("wrong answer \"wrong 0\" passes" in m for m in text)
    assert any("at least one hint" in m for m in text)
    assert any(i.severity == L.WARNING and "at least 2" in english(i.message) for i in runs)

    assert any("duplicate lesson id runs" in m for m in messages(found["06-dup.yaml"]))
    assert all(isinstance(i.line, int) and i.line >= 1 for f in found.values() for i in f)
    assert str(syntax).startswith(f"{syntax.file}:3: ")


def test_lint_checks_a_glossary_in_the_folder(tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "terms.yaml").write_text("terms:\n  - {en: Pod, ko: 파드}\n", encoding="utf-8")
    issues = L.lint(tmp_path)
    assert any(i.file.endswith("terms.yaml") and i.severity == L.ERROR and i.line == 2 for i in issues)


def test_lint_of_a_missing_folder(tmp_path):
    issues = L.lint(tmp_path / "nope")
    assert L.errors(issues)


def test_every_exercise_needs_a_partial_fix_among_its_wrong_answers(tmp_path):
    text = lesson("nopartial", goals=GOOD_GOALS).replace("        partial: true\n", "")
    (tmp_path / "01-nopartial.yaml").write_text(text, encoding="utf-8")
    issues = [i for i in L.lint(tmp_path) if "partial fix" in english(i.message)]
    assert len(issues) == 1 and issues[0].severity == L.WARNING  # an error for the shipped lessons
    assert issues[0].line == line_of(tmp_path / "01-nopartial.yaml", "- note: wrong 0")


ANSWER_GOALS = GOOD_GOALS + (
    "      - kind: answer\n        id: who\n        question: Which Pod gets the traffic?\n"
    "        choices: [web-1, web-2]\n        truth: {ready: web}\n")


def test_answers_in_wrong_answers_and_the_solution(tmp_path):
    text = lesson("answers", goals=ANSWER_GOALS) + (
        "      - note: right text, wrong answer\n        answers: {who: web-2}\n"
        "      - note: right text, right answer\n        answers: {who: web-1}\n"
        "      - note: answers a question that is not there\n        answers: {what: web-1}\n")
    path = tmp_path / "01-answers.yaml"
    path.write_text(text, encoding="utf-8")
    text = messages(L.lint(tmp_path))
    assert not any("solution fails" in m or "start text already passes" in m for m in text)
    assert not any("\"right text, wrong answer\"" in m for m in text)
    assert any("wrong answer \"right text, right answer\" passes every goal" in m for m in text)
    assert any("answers what, which is no answer goal" in m for m in text)
    from tutor.lessons.extract import iter_messages
    from tutor.lessons.model import load_lesson

    assert "Which Pod gets the traffic?" in [m for _, m, _ in iter_messages(path.read_text(encoding="utf-8"))]
    ex = load_lesson(path).exercises[0]
    assert ex.wrong[-1]["text"] == ex.solution  # a wrong answer without a text is the solution's text


def test_a_wrong_answer_written_wrongly_is_a_lesson_error(tmp_path):
    text = lesson("badwrong", goals=GOOD_GOALS) + "      - note: nothing to check\n        partial: yes please\n"
    (tmp_path / "01-badwrong.yaml").write_text(text, encoding="utf-8")
    assert any("wrong answers must be a list" in m for m in messages(L.errors(L.lint(tmp_path))))
