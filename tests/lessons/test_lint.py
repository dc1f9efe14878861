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
    wrong_text = "".join(f"      - note: wrong {n}\n        text: |\n{svc(w, 10)}" for n, w in enumerate(wrong))
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
