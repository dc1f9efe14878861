"""Lint a lessons folder: load every lesson, check its goals, and run its exercises.

``lint(folder)`` returns :class:`LintIssue` objects (file, 1-based line, message,
severity). Lesson files are data: they are loaded with the safe loader and never
executed, so a user folder can be linted safely. Checks:

* every file loads (a :class:`~tutor.lessons.model.LessonError` becomes an issue at its
  line) and lesson ids are unique across the folder;
* each goal matches the spec in ``docs/goals.md`` (unknown kind, missing or ill-typed
  parameters: reported at the goal's line);
* the Services and Pods a goal names exist in the solution or the exercise's cluster;
* the cluster description builds, the ``trace`` preset is well-formed;
* a ``predict`` exercise has an ``answer`` goal; in a ``write`` exercise the learner
  writes the manifest: the solution adds at least :data:`WRITE_MIN_LINES` lines to the
  start text (which may hold context, such as the Service a policy is about);
* ``solution_commands`` run in a console (from the ``solution`` text when there is one,
  else from the start text): kubectl accepts every line, and the cluster and text they
  leave pass (with the right answers worked out on that state; this replaces the check
  of the solution text alone); ``wrong:`` entries with ``commands`` are run the same way
  (from their ``text``, default the start text) and must fail;
* at least one hint; the START text fails the check (without answers, and with the
  right answers when it differs from the solution), the SOLUTION passes (with the right
  answers to its ``answer`` goals), every ``wrong:`` answer fails with feedback (with
  its own ``answers``, else the right ones); fewer than two wrong answers is a warning;
  at least one wrong answer must be a partial fix (``partial: true``: an error for the
  shipped lessons, a warning for other folders);
* every translatable text has a Korean translation: an error for the shipped lessons, a
  warning for any other folder;
* the glossary (``glossary/terms.yaml`` in the folder, if there is one) loads, and its
  definitions are translated (same severity rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor import i18n
from tutor.i18n import N_, Text

if TYPE_CHECKING:  # pragma: no cover
    import yaml

    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import Evaluation
    from tutor.lessons.commands import CommandRun
    from tutor.lessons.model import Exercise, Lesson

ERROR = "error"
WARNING = "warning"
#: a write exercise's solution adds at least this many lines (not comments) to its start
WRITE_MIN_LINES = 5


@dataclass
class LintIssue:
    file: str
    line: int
    message: Text | str
    severity: str = ERROR

    def __str__(self) -> str:
        message = str(self.message)
        if self.severity == WARNING:
            return f"{self.file}:{self.line}: " + i18n.render(N_("warning: {message}"), {"message": message})
        return f"{self.file}:{self.line}: {message}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "severity": self.severity, "message": str(self.message)}


def is_shipped(folder: Path) -> bool:
    from tutor.paths import lessons_dir

    try:
        return Path(folder).resolve() == lessons_dir().resolve()
    except OSError:
        return False


def _nodes(path: Path) -> yaml.Node | None:
    """The composed YAML of a lesson file (for wrong-answer line numbers)."""
    import yaml

    try:
        from tutor.lessons.model import read_lesson_file

        return yaml.compose(read_lesson_file(path), Loader=yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - the loader already reported it
        return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def _item_lines(node: yaml.Node | None) -> list[int]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    return []


class _References:
    """What a goal names, checked against the solution, the start text and the cluster
    (implements :class:`tutor.lessons.goals.References`)."""

    def __init__(self, base: Cluster, evaluation: Evaluation | None, start: Evaluation | None) -> None:
        self.base = base
        self.evaluation = evaluation
        self.start = start
        cluster: Cluster | None = evaluation.cluster if evaluation is not None else None
        self.cluster: Cluster = cluster if cluster is not None else base
        self.problems: list[Text] = []

    def service(self, name: str, namespace: str) -> None:
        if not self._service_exists(name, namespace):
            self.problems.append(Text(N_("names Service {name} (namespace {namespace}), which is neither in the "
                                         "solution nor in the cluster"), name=name, namespace=namespace))

    def pod(self, name: str, namespace: str) -> None:
        start_cluster = self.start.cluster if self.start is not None else None
        if (self.cluster.pod(name, namespace) is None and self.base.pod(name, namespace) is None
                and (start_cluster is None or start_cluster.pod(name, namespace) is None)):
            self.problems.append(Text(N_("names Pod {name} (namespace {namespace}), which is neither in the "
                                         "solution nor in the cluster"), name=name, namespace=namespace))

    def arrival_pods(self, names: Sequence[str], after: str | None) -> None:
        cluster = self.cluster
        if after:
            owners = cluster.owners()
            if after not in owners:
                self.problems.append(Text(N_("'after' recreates {owner}, but no Pod in the cluster belongs to it "
                                             "(owners: {owners})"), owner=after, owners=", ".join(owners) or "-"))
            else:
                try:
                    cluster = cluster.recreate(after)
                except Exception:  # noqa: BLE001
                    pass
        for name in names:
            if not any(p.name == name for p in cluster.pods) and not any(p.name == name for p in self.base.pods):
                self.problems.append(Text(N_("expects Pod {name}, which is not in the cluster{after}"), name=name,
                                          after=Text(N_(" after the recreation")) if after else ""))

    def _service_exists(self, name: str, namespace: str) -> bool:
        for ev in (self.evaluation, self.start):
            if ev is None:
                continue
            try:
                if any(d.kind == "Service" and d.name == name and d.namespace == namespace for d in ev.documents):
                    return True
            except Exception:  # noqa: BLE001
                pass
        return any(s.name == name and s.namespace == namespace for s in self.cluster.services)


class _Linter:
    def __init__(self, folder: Path, shipped: bool) -> None:
        self.folder = folder
        self.shipped = shipped
        self.issues: list[LintIssue] = []

    def add(self, file: Path | str, line: int | None, message: Text | str, severity: str = ERROR) -> None:
        self.issues.append(LintIssue(str(file), int(line or 1), message, severity))

    # ------------------------------------------------------------------ folder
    def run(self) -> list[LintIssue]:
        from tutor.lessons.model import LessonError, lesson_files, load_lesson

        if not self.folder.is_dir():
            self.add(self.folder, 1, Text(N_("not a folder of lessons")))
            return self.issues
        files = lesson_files(self.folder)
        if not files:
            self.add(self.folder, 1, Text(N_("no lesson files (*.yaml) in this folder")), WARNING)
        seen: dict[str, Path] = {}
        for number, path in enumerate(files, start=1):
            try:
                lesson = load_lesson(path, number, check_goals=False)
            except LessonError as err:
                self.add(err.file, err.line, err.message)
                continue
            except Exception as exc:  # noqa: BLE001 - never crash on a user's file
                self.add(path, 1, Text(N_("cannot load this lesson: {error}"), error=str(exc)))
                continue
            if lesson.id in seen:
                self.add(path, lesson.lines.get("id", 1),
                         Text(N_("duplicate lesson id {id} (also in {other})"), id=lesson.id, other=seen[lesson.id].name))
            else:
                seen[lesson.id] = path
            self.lesson(lesson)
            self.translations(path)
        glossary = self.folder / "glossary" / "terms.yaml"
        if glossary.is_file():
            self.glossary(glossary)
        self.issues.sort(key=lambda i: (i.file, i.line))
        return self.issues

    # ------------------------------------------------------------------ one lesson
    def lesson(self, lesson: Lesson) -> None:
        root = _nodes(lesson.path)
        exercise_nodes = _child(root, "exercises")
        nodes = exercise_nodes.value if exercise_nodes is not None else []
        for i, ex in enumerate(lesson.exercises):
            node = nodes[i] if i < len(nodes) else None
            try:
                self.exercise(lesson, ex, node)
            except Exception as exc:  # noqa: BLE001
                self.add(lesson.path, ex.line, Text(N_("exercise {id}: the linter failed on it: {error}"),
                                                    id=ex.id, error=f"{type(exc).__name__}: {exc}"))

    def exercise(self, lesson: Lesson, ex: Exercise, node: yaml.Node | None) -> None:
        from tutor.lessons import goals as G

        path = lesson.path
        wrong_lines = _item_lines(_child(node, "wrong")) or [ex.lines.get("wrong", ex.line or 1)] * len(ex.wrong)
        where = Text(N_("exercise {id}"), id=ex.id)

        if not ex.hints:
            self.add(path, ex.lines.get("hints", ex.line), Text(N_("{where}: needs at least one hint"), where=where))
        if len(ex.wrong) < 2:
            self.add(path, ex.lines.get("wrong", ex.line),
                     Text(N_("{where}: has {count} wrong answer(s); give at least 2 realistic wrong answers"),
                          where=where, count=len(ex.wrong)), WARNING)
        if ex.trace is not None:
            self.trace_preset(path, ex)
        self.kind(path, ex, where)

        # the goals must be well-formed before anything is run
        goals: list[G.Goal] = []
        for goal in ex.parsed_goals():
            if isinstance(goal, G.GoalError):
                for problem in goal.problems:
                    self.add(path, goal.line, Text(N_("{where}: {problem}"), where=where, problem=problem))
            else:
                goals.append(goal)
        try:
            base = G.base_cluster(ex)
        except Exception as exc:  # noqa: BLE001
            self.add(path, ex.lines.get("cluster", ex.line),
                     Text(N_("{where}: the cluster cannot be built: {error}"), where=where, error=str(exc)))
            return
        if len(goals) < len(ex.goal_data):
            return

        command_run = self.solution_commands(path, ex, where) if ex.solution_commands else None
        if command_run is not None:
            solution_eval = self._evaluate(ex, command_run.text, command_run.commands)
        else:
            solution_eval = self._evaluate(ex, ex.solution)
        start_eval = self._evaluate(ex, ex.start)
        lines = ex.goal_lines
        for n, goal in enumerate(goals):
            refs = _References(base, solution_eval, start_eval)
            goal.references(refs)
            line = lines[n] if n < len(lines) else ex.line
            for problem in refs.problems:
                self.add(path, line, Text(N_("{where}: {problem}"), where=where, problem=problem))

        if command_run is not None:
            right = G.solution_answers(ex, solution_eval, text=command_run.text)
        else:
            right = G.solution_answers(ex, solution_eval)
        start = G.check(ex, ex.start)
        if start.passed or (ex.start != ex.solution and G.check(ex, ex.start, start_eval, answers=right).passed):
            self.add(path, ex.lines.get("start", ex.line),
                     Text(N_("{where}: the start text already passes every goal"), where=where))
        if not ex.solution_commands:
            solution = G.check(ex, ex.solution, solution_eval, answers=right)
            if not solution.passed:
                failed = solution.failed[0]
                self.add(path, ex.lines.get("solution", ex.line),
                         Text(N_("{where}: the solution fails the goal \"{goal}\": {feedback}"), where=where,
                              goal=G.english(failed.label), feedback=failed.feedback or "-"))
        if command_run is not None:
            self.command_solution_passes(path, ex, where, command_run)
        ids = {g.id for g in G.answer_goals(ex)}
        for goal in ex.parsed_goals():
            waits = getattr(goal, "after_answer", None)
            if waits is not None and waits not in ids:
                self.add(path, ex.lines.get("goals", ex.line),
                         Text(N_("{where}: a goal waits for the answer {id} (after_answer), which is no answer "
                                 "goal of the exercise"), where=where, id=waits))
        for n, wrong in enumerate(ex.wrong):
            line = wrong_lines[n] if n < len(wrong_lines) else ex.line
            note = wrong.get("note") or f"#{n + 1}"
            given = wrong.get("answers")
            unknown = sorted(set(given or {}) - ids)
            if unknown:
                self.add(path, line, Text(N_("{where}: the wrong answer \"{note}\" answers {id}, which is no answer "
                                             "goal of the exercise"), where=where, note=note, id=unknown[0]))
            answers = {**right, **(given or {})}
            if wrong.get("commands"):
                from tutor.lessons.commands import check_state, run_commands

                ran = run_commands(ex, wrong["commands"], wrong.get("text", ex.start))
                result = check_state(ex, ran.text, ran.commands, answers=answers)
            else:
                result = G.check(ex, wrong.get("text", ex.solution), answers=answers)
            if result.passed:
                self.add(path, line, Text(N_("{where}: the wrong answer \"{note}\" passes every goal"),
                                          where=where, note=note))
            elif not any(g.feedback is not None and str(g.feedback).strip() for g in result.failed):
                self.add(path, line, Text(N_("{where}: the wrong answer \"{note}\" fails without any feedback"),
                                          where=where, note=note))
        if not any(w.get("partial") is True for w in ex.wrong):
            self.add(path, ex.lines.get("wrong", ex.line),
                     Text(N_("{where}: no wrong answer is a partial fix (mark one 'partial: true': part of the task "
                             "done, which must still fail)"), where=where),
                     ERROR if self.shipped else WARNING)

    def kind(self, path: Path, ex: Exercise, where: Text) -> None:
        """What each kind of exercise needs: a predict exercise asks a question (an
        ``answer`` goal); a write exercise starts from an empty or minimal editor."""
        from tutor.lessons import goals as G

        line = ex.lines.get("kind", ex.line)
        if ex.kind == "predict" and not G.answer_goals(ex):
            self.add(path, line, Text(N_("{where}: a predict exercise needs an answer goal (the question the learner "
                                         "answers before the panels open)"), where=where))
        if ex.kind == "write":
            from collections import Counter

            def lines(text: str) -> Counter[str]:
                return Counter(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#"))

            written = sum((lines(ex.solution) - lines(ex.start)).values())
            if written < WRITE_MIN_LINES:
                self.add(path, ex.lines.get("start", line),
                         Text(N_("{where}: a write exercise has the learner write the manifest: its solution should add "
                                 "at least {n} lines to the start text (it adds {count})"), where=where,
                              n=WRITE_MIN_LINES, count=written))

    def solution_commands(self, path: Path, ex: Exercise, where: Text) -> CommandRun | None:
        """Run the imperative solution; every line kubectl refuses is an error."""
        from tutor.lessons.commands import solution_run

        try:
            ran = solution_run(ex)
        except Exception as exc:  # noqa: BLE001 - reported, the rest of the lint goes on
            self.add(path, ex.lines.get("solution_commands", ex.line),
                     Text(N_("{where}: the solution commands cannot be run: {error}"), where=where,
                          error=f"{type(exc).__name__}: {exc}"))
            return None
        for line, result in ran.failures():
            said = (result.stderr.strip() or str(result.explanation or "")).splitlines()
            self.add(path, ex.lines.get("solution_commands", ex.line),
                     Text(N_("{where}: the solution command \"{command}\" fails: {error}"), where=where,
                          command=line, error=said[0] if said else f"exit {result.exit_code}"))
        return ran

    def command_solution_passes(self, path: Path, ex: Exercise, where: Text, ran: CommandRun) -> None:
        from tutor.lessons import goals as G
        from tutor.lessons.commands import check_state, evaluate_state

        try:
            evaluation = evaluate_state(ex, ran.text, ran.commands)
        except Exception:  # noqa: BLE001 - check_state reports it as a failed goal
            evaluation = None
        right = G.solution_answers(ex, evaluation, text=ran.text)
        result = check_state(ex, ran.text, ran.commands, answers=right)
        if not result.passed:
            failed = result.failed[0]
            self.add(path, ex.lines.get("solution_commands", ex.line),
                     Text(N_("{where}: the solution commands fail the goal \"{goal}\": {feedback}"), where=where,
                          goal=G.english(failed.label), feedback=failed.feedback or "-"))

    def _evaluate(self, ex: Exercise, text: str, commands: Sequence[str] = ()) -> Evaluation | None:
        from tutor.lessons.commands import evaluate_state

        try:
            return evaluate_state(ex, text, commands)
        except Exception:  # noqa: BLE001 - check() will report it as a failed goal
            return None

    def trace_preset(self, path: Path, ex: Exercise) -> None:
        from tutor.lessons.goals import parse_source

        trace = ex.trace or {}
        line = ex.lines.get("trace", ex.line)
        extra = set(trace) - {"from", "to", "pick"}
        if extra:
            self.add(path, line, Text(N_("trace: unknown key(s) {keys} (allowed: from, to, pick)"),
                                      keys=", ".join(sorted(extra))))
        if "from" not in trace or parse_source(trace.get("from")) is None:
            self.add(path, line, Text(N_("trace: 'from' must be 'outside', {outside: IPv4 address} or a mapping "
                                      "{pod, container?, namespace?}")))
        to = trace.get("to")
        if not isinstance(to, str) or not to.strip():
            self.add(path, line, Text(N_("trace: 'to' must be a destination such as \"my-service:80\" or \"$env:NAME\"")))

    # ------------------------------------------------------------------ translations
    def translations(self, path: Path) -> None:
        from tutor.lessons.extract import iter_messages
        from tutor.lessons.model import read_lesson_file

        try:
            messages = list(iter_messages(read_lesson_file(path), str(path)))
        except Exception:  # noqa: BLE001 - load errors are reported already
            return
        severity = ERROR if self.shipped else WARNING
        missing = [(line, msg) for line, msg, _ in messages if not i18n.has_translation(msg, "ko")]
        for line, msg in missing:
            preview = msg if len(msg) <= 60 else msg[:57] + "..."
            self.add(path, line, Text(N_("no Korean translation yet: \"{text}\""), text=preview.replace("\n", " ")),
                     severity)

    # ------------------------------------------------------------------ glossary
    def glossary(self, path: Path) -> None:
        from tutor.lessons.glossary import load_glossary
        from tutor.lessons.model import LessonError

        try:
            terms = load_glossary(path)
        except LessonError as err:
            self.add(err.file, err.line, err.message)
            return
        severity = ERROR if self.shipped else WARNING
        for term in terms:
            if not i18n.has_translation(term.definition, "ko"):
                self.add(path, term.line, Text(N_("glossary: the definition of {term} has no Korean translation yet"),
                                               term=term.en), severity)


def lint(folder: Path | str | None = None) -> list[LintIssue]:
    """Lint a lessons folder (default: the shipped lessons). Never raises on bad files."""
    from tutor.paths import lessons_dir

    folder = Path(folder) if folder else lessons_dir()
    return _Linter(folder, is_shipped(folder)).run()


def errors(issues: list[LintIssue]) -> list[LintIssue]:
    return [i for i in issues if i.severity == ERROR]
