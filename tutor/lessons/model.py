"""The lesson file format and its loader.

One lesson per YAML file in a lessons folder, ordered by file name (``05-defining-a-service.yaml``).
Lesson files are data: they are read with PyYAML's safe loader and never executed.

```yaml
id: defining-a-service          # stable id: progress, ``ktutor --lesson ID``
title: Defining a Service       # translatable
summary: One line for the lesson list.          # translatable
body: |                         # Markdown, translated paragraph by paragraph
  A *Service* ...
exercises:
  - id: select-the-pods         # stable within the lesson
    replaces: [old-id]          # ids this exercise had before (its saved progress moves over)
    title: Make the selector match                # translatable
    task: |                     # Markdown, stays visible while the learner works
      ...
    cluster:                    # the simulated cluster (optional)
      nodes: [{name: node-a, ip: 192.168.49.2, podCIDR: 10.244.1.0/24}]
      pods: |                   # Pod manifests and/or workloads (YAML stays English)
        ...
      listening:                # what programs really listen on (optional; see below)
        - {pod: shop, container: metrics, port: $env:LISTEN_PORT}
    start: |                    # the editor's starting text
      ...
    solution: |                 # the reference solution (shown after a confirmation)
      ...
    explanation: |              # why the solution works (translatable, optional)
      ...
    hints: [first hint, second hint]              # tiers, one more per request; translatable
    goals:                      # checked by meaning: see docs/goals.md, tutor.lessons.goals
      - {kind: selects, service: my-service, pods: [web-1, web-2]}
    wrong:                      # realistic wrong answers: each must fail (lint + tests)
      - {note: selector value in the wrong case, text: "..."}
      - {note: fixes the selector only, partial: true, text: "..."}    # a partial fix: at least one
      - {note: right text, wrong answer, answers: {receivers: [web-1]}} # no text: the solution's
    trace: {from: {pod: client}, to: "my-service:80"}   # traffic panel preset (optional)
  - id: expose-it
    kind: command               # fix (default) | write | predict | command (solved in the console, F6)
    solution_commands:          # the imperative solution, run in the console from the start text
      - kubectl expose deployment web --port=80 --target-port=8080
    wrong:
      - {note: forgets the target port, partial: true, commands: [kubectl expose deployment web --port=80]}
```

**Kinds.** ``kind`` says how an exercise is solved: ``fix`` (repair the manifest in the
editor; the default), ``write`` (write a manifest from an empty or minimal editor),
``predict`` (say what will happen *before* the panels show it: at least one ``answer``
goal; the lab keeps the panels and the console that would give it away closed until it
is answered) or ``command`` (use the console, F6: find values with kubectl and answer, or
change the cluster with ``kubectl label``/``annotate``/``expose``). ``review: true`` puts
the exercise in the lesson's review section (the lesson page shows a "Review" heading
before the first one). ``exam: true`` (or ``exam: {minutes: 20}``, a time limit) runs the
exercise as an exam: the panels stay hidden until the learner hands it in with Ctrl+R, a
timer runs, no hints; the score is saved with the progress.

**Renaming.** An exercise id is part of the learner's saved progress. An exercise that
is renamed or rebuilt lists the ids it had before in ``replaces``: the saved progress of
an old id moves to the new one (:meth:`tutor.progress.Progress.apply_replacements`);
the old record is kept.

**Console commands.** ``solution_commands`` is the console part of the solution: the
commands are run in the lab's console, one after the other (``expose`` puts the Service
it creates into the editor; ``label`` and ``annotate`` change the exercise's cluster;
``get``, ``describe`` and ``exec`` find the answers to ``answer`` goals), and the cluster
and text they leave must pass the goals. They start from the ``solution`` text when the
lesson gives one (the manifest fixed in the editor, the console used for the rest), else
from the ``start`` text (the commands are the whole solution; the solution text is then
what they leave in the editor). A ``wrong:`` entry may be a list of ``commands`` too (run
from its ``text``, default the ``start`` text).
Goals are checked by meaning on the cluster the commands leave
(:mod:`tutor.lessons.commands`).

**Listening.** Declaring a ``containerPort`` opens nothing: the program decides where it
listens. Without the image the simulation assumes every container listens on the ports
it declares (the best guess; real manifests, ``ktutor check`` and the console always
use it). A lesson's ``cluster.listening`` says otherwise, per container, for the Pods of
the cluster **and** of the learner's text:

```yaml
listening:
  - {container: metrics, port: $env:LISTEN_PORT}    # the port in env var LISTEN_PORT
  - {pod: shop, container: app, port: 8080}         # port 8080, whatever it declares
  - {pod: Deployment/web, container: sidecar, port: none}   # nothing at all
  - {container: dns, port: [53, $env:METRICS_PORT], protocol: UDP}
```

``container`` is required; ``pod`` (a Pod name, or an owner such as ``Deployment/web``)
and ``namespace`` narrow the rule; the first matching rule wins. An env var that is
missing or not a port number means the program listens on nothing. Traces, the Ports
panel, ``pod_ports_unique`` and ``listens`` goals all use this one rule
(``tutor.k8s.pods.listen_rules_from_spec``).

**Wrong answers.** Each ``wrong:`` entry is a realistic mistake that must fail: ``text``
(the editor text; without it, the solution's text), ``note`` (what the mistake is),
``partial: true`` for a *partial fix* (part of the task done, or the right change in the
wrong place: every exercise needs at least one), and ``answers`` (answers to the
exercise's ``answer`` goals; without it, the right answers). The linter checks the
solution with the right answers (``goals.solution_answers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.i18n import N_
from tutor.lessons.text import translate_markdown

if TYPE_CHECKING:  # pragma: no cover
    import yaml

    from tutor.lessons.goals.base import Goal, GoalError

LESSON_SUFFIXES = (".yaml", ".yml")
#: How an exercise is solved (``kind:``); ``fix`` when the lesson does not say.
EXERCISE_KINDS = ("fix", "write", "predict", "command")


class LessonError(Exception):
    """A problem in a lesson file, with the file and 1-based line it is on."""

    def __init__(self, file: str | Path, line: int | None, message: str):
        super().__init__(f"{file}:{line or 1}: {message}")
        self.file = str(file)
        self.line = line
        self.message = message


@dataclass
class Exercise:
    """One exercise. Its fields are plain data (the lesson cache stores them as JSON);
    :attr:`goals` are the typed goals parsed from :attr:`goal_data`."""

    id: str
    title: str
    task: str
    start: str
    solution: str
    #: the goals as the lesson writes them (mappings with a ``kind``)
    goal_data: list[dict[str, Any]]
    hints: list[str] = field(default_factory=list)
    explanation: str = ""
    cluster: dict[str, Any] = field(default_factory=dict)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    trace: dict[str, Any] | None = None
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)  # field name -> 1-based line
    #: the 1-based line of each goal
    goal_lines: list[int] = field(default_factory=list)
    #: the lesson file the exercise is in ("" for one made in code)
    file: str = ""
    #: how it is solved: one of :data:`EXERCISE_KINDS`
    kind: str = "fix"
    #: an imperative solution: console command lines, run from the start text
    solution_commands: list[str] = field(default_factory=list)
    #: ``solution:`` was written in the lesson (else it is the text the commands leave)
    solution_given: bool = True
    #: the ids this exercise had before (its saved progress moves over)
    replaces: list[str] = field(default_factory=list)
    #: part of the lesson's review section
    review: bool = False
    #: run as an exam (panels hidden until handed in, a timer, no hints)
    exam: bool = False
    #: the exam's time limit in minutes (None: no limit)
    exam_minutes: int | None = None

    # Typed goals (parsed on first use; load_lesson parses them when it loads the file).
    @cached_property
    def _parsed(self) -> list[Goal | GoalError]:
        from tutor.lessons.goals.base import Where, parse_goals

        where = Where(self.file or "<exercise>", self.lines.get("goals", self.line), self.id)
        return parse_goals(self.goal_data, where, self.goal_lines)

    def parsed_goals(self) -> list[Goal | GoalError]:
        """Each goal, or the error saying why it is written wrongly (never raises)."""
        return self._parsed

    @property
    def goals(self) -> list[Goal]:
        """The typed goals; raises :class:`~tutor.lessons.goals.GoalError` (a
        :class:`LessonError` at the goal's line) for the first goal written wrongly."""
        from tutor.lessons.goals.base import GoalError

        out: list[Goal] = []
        for goal in self._parsed:
            if isinstance(goal, GoalError):
                raise goal
            out.append(goal)
        return out

    # Translated views (current language, computed at call time).
    def title_text(self) -> str:
        return translate_markdown(self.title)

    def task_text(self) -> str:
        return translate_markdown(self.task)

    def hint_text(self, i: int) -> str:
        return translate_markdown(self.hints[i])

    def explanation_text(self) -> str:
        return translate_markdown(self.explanation)

    @property
    def predict(self) -> bool:
        """A predict exercise: answered before the panels show the answer."""
        return self.kind == "predict"

    def badge_text(self) -> str:
        """What kind of exercise this is, for titles: ``Predict``, ``Fix · exam``,
        ``Review · Write`` (current language)."""
        from tutor.i18n import _

        parts = [kind_label(self.kind)]
        if self.review:
            parts.insert(0, _("Review"))
        if self.exam:
            parts.append(_("exam"))
        return " · ".join(parts)


def kind_label(kind: str) -> str:
    """The exercise kind as the learner reads it (current language)."""
    from tutor.i18n import _

    labels = {"fix": N_("Fix"), "write": N_("Write"), "predict": N_("Predict"), "command": N_("Command")}
    return _(labels.get(kind, labels["fix"]))


@dataclass
class Lesson:
    id: str
    title: str
    summary: str
    body: str
    exercises: list[Exercise]
    path: Path
    number: int = 0  # 1-based position in its folder
    lines: dict[str, int] = field(default_factory=dict)

    def title_text(self) -> str:
        return translate_markdown(self.title)

    def summary_text(self) -> str:
        return translate_markdown(self.summary)

    def body_text(self) -> str:
        return translate_markdown(self.body)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


# --------------------------------------------------------------------------- loading
def _compose(text: str, path: Path) -> yaml.Node | None:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise LessonError(path, line, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise LessonError(path, None, f"YAML syntax error: {exc}") from None


#: Values a lesson file may hold once its aliases are expanded (a "billion laughs" file
#: of nested aliases must be refused, not expanded until memory runs out).
MAX_VALUES = 100_000


def _plain(node: yaml.Node, path: Path, depth: int = 0, _count: list[int] | None = None) -> Any:
    """Convert a composed node to plain data, rejecting anything but str/int/bool/null,
    lists and string-keyed mappings (lesson files are simple data)."""
    import yaml

    if depth > 50:
        raise LessonError(path, node.start_mark.line + 1, "nesting is too deep")
    if _count is None:
        _count = [0]
    _count[0] += 1
    if _count[0] > MAX_VALUES:
        raise LessonError(path, node.start_mark.line + 1,
                          f"too many values once aliases are expanded (more than {MAX_VALUES:,})")
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
            "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        # e.g. !!python/object/apply on a list: never constructed, and never quietly read as a list
        raise LessonError(path, node.start_mark.line + 1,
                          f"unsupported value (only plain strings, numbers, booleans, lists and mappings): "
                          f"the tag {node.tag!r} is not allowed")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise LessonError(path, key.start_mark.line + 1, "mapping keys must be plain strings")
            if key.value in out:
                raise LessonError(path, key.start_mark.line + 1, f"duplicate key {key.value!r}")
            out[key.value] = _plain(value, path, depth + 1, _count)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path, depth + 1, _count) for item in node.value]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        # e.g. a !!python/object tag: lesson files are data, never code.
        problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
        raise LessonError(path, node.start_mark.line + 1,
                          f"unsupported value (only plain strings, numbers, booleans, lists and mappings): {problem}") from None
    finally:
        loader.dispose()


def _lines(node: yaml.Node) -> dict[str, int]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v.start_mark.line + 1 for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _require(data: dict[str, Any], key: str, kind: type, path: Path, lines: dict[str, int], where: int | None, *,
             empty_ok: bool = False) -> Any:
    if key not in data:
        raise LessonError(path, where, f"missing required field {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (not empty_ok and not value):
        raise LessonError(path, lines.get(key, where), f"field {key!r} must be a non-empty {kind.__name__}")
    return value


def _item_lines(node: yaml.Node | None) -> list[int]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    return []


def _commands_ok(value: object) -> bool:
    """A list of console command lines (non-empty strings)."""
    return isinstance(value, list) and bool(value) and all(isinstance(c, str) and c.strip() for c in value)


def _wrong_ok(item: object) -> bool:
    """A ``wrong:`` entry: ``text``, ``commands`` and/or ``answers``, optional ``note`` and
    ``partial``."""
    if not isinstance(item, dict) or not set(item) <= {"text", "note", "partial", "answers", "commands"}:
        return False
    if "text" in item and not isinstance(item["text"], str):
        return False
    if "commands" in item and not _commands_ok(item["commands"]):
        return False
    if "note" in item and not isinstance(item["note"], str):
        return False
    if "partial" in item and not isinstance(item["partial"], bool):
        return False
    answers = item.get("answers")
    if answers is not None and not (isinstance(answers, dict) and all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
            for v in answers.values())):
        return False
    return "text" in item or "commands" in item or answers is not None


def _exam(value: object, path: Path, line: int | None) -> int | bool | None:
    """``exam:``: False (not an exam), None (an exam without a time limit) or minutes."""
    if value is False:
        return False
    if value is True:
        return None
    if isinstance(value, dict) and set(value) <= {"minutes"}:
        minutes = value.get("minutes")
        if minutes is None:
            return None
        if isinstance(minutes, int) and not isinstance(minutes, bool) and 1 <= minutes <= 600:
            return minutes
    raise LessonError(path, line, "exam must be true, false or a mapping {minutes: N} (1 to 600)")


def _check_replaces(exercises: list[Exercise], path: Path) -> None:
    """An old id is replaced by one exercise at most, and is no current exercise's id."""
    current = {e.id for e in exercises}
    seen: dict[str, str] = {}
    for exercise in exercises:
        line = exercise.lines.get("replaces", exercise.line)
        for old in exercise.replaces:
            if old in current:
                raise LessonError(path, line, f"exercise {exercise.id}: replaces {old!r}, which is still an "
                                              f"exercise of this lesson")
            if old in seen:
                raise LessonError(path, line, f"exercise {exercise.id}: {old!r} is replaced by {seen[old]!r} "
                                              f"already")
            seen[old] = exercise.id


def load_lesson(path: Path, number: int = 0, *, check_goals: bool = True) -> Lesson:
    """Load one lesson file; raise LessonError (file, line, what) when it is malformed.

    The goals are parsed too (a goal written wrongly is a LessonError at its line),
    unless ``check_goals`` is false (the linter reports every goal problem itself)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(path, None, f"cannot read: {exc}") from None
    root = _compose(text, path)
    if not isinstance(root, yaml.MappingNode):
        raise LessonError(path, 1, "a lesson file must be a mapping with id, title, summary, body, exercises")
    data = _plain(root, path)
    lines = _lines(root)
    lesson_id = _require(data, "id", str, path, lines, 1)
    title = _require(data, "title", str, path, lines, 1)
    summary = _require(data, "summary", str, path, lines, 1)
    body = _require(data, "body", str, path, lines, 1)
    raw_exercises = _require(data, "exercises", list, path, lines, 1)
    exercise_nodes = next(v for k, v in root.value if k.value == "exercises").value
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for raw, node in zip(raw_exercises, exercise_nodes):
        where = node.start_mark.line + 1
        if not isinstance(raw, dict):
            raise LessonError(path, where, "each exercise must be a mapping")
        ex_lines = _lines(node)
        goals_node = next((v for k, v in node.value if k.value == "goals"), None) \
            if isinstance(node, yaml.MappingNode) else None
        ex_id = _require(raw, "id", str, path, ex_lines, where)
        if ex_id in seen:
            raise LessonError(path, ex_lines.get("id", where), f"duplicate exercise id {ex_id!r}")
        seen.add(ex_id)
        hints = raw.get("hints", [])
        if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
            raise LessonError(path, ex_lines.get("hints", where), "hints must be a list of non-empty strings")
        goals = _require(raw, "goals", list, path, ex_lines, where)
        if not all(isinstance(g, dict) for g in goals):
            raise LessonError(path, ex_lines.get("goals", where), "each goal must be a mapping with a 'kind'")
        wrong = raw.get("wrong", [])
        if not isinstance(wrong, list) or not all(_wrong_ok(w) for w in wrong):
            raise LessonError(path, ex_lines.get("wrong", where),
                              "wrong answers must be a list of mappings with a 'text' (or 'commands', or 'answers'), "
                              "an optional 'note', 'partial: true', 'commands' (a list of console command lines) and "
                              "'answers' (a mapping of answer id to a string or a list)")
        cluster = raw.get("cluster", {}) or {}
        if not isinstance(cluster, dict):
            raise LessonError(path, ex_lines.get("cluster", where), "cluster must be a mapping (nodes, pods)")
        trace = raw.get("trace")
        if trace is not None and not isinstance(trace, dict):
            raise LessonError(path, ex_lines.get("trace", where), "trace must be a mapping (from, to)")
        explanation = raw.get("explanation", "")
        if not isinstance(explanation, str):
            raise LessonError(path, ex_lines.get("explanation", where), "explanation must be a string")
        kind = raw.get("kind", "fix")
        if kind not in EXERCISE_KINDS:
            raise LessonError(path, ex_lines.get("kind", where),
                              f"kind must be one of {', '.join(EXERCISE_KINDS)}, not {kind!r}")
        replaces = raw.get("replaces", [])
        if not isinstance(replaces, list) or not all(isinstance(r, str) and r.strip() for r in replaces):
            raise LessonError(path, ex_lines.get("replaces", where), "replaces must be a list of exercise ids")
        review = raw.get("review", False)
        if not isinstance(review, bool):
            raise LessonError(path, ex_lines.get("review", where), "review must be true or false")
        exam_minutes = _exam(raw.get("exam", False), path, ex_lines.get("exam", where))
        commands = raw.get("solution_commands")
        if commands is not None and not _commands_ok(commands):
            raise LessonError(path, ex_lines.get("solution_commands", where),
                              "solution_commands must be a non-empty list of console command lines")
        start = _require(raw, "start", str, path, ex_lines, where, empty_ok=True)
        solution_given = "solution" in raw or not commands
        solution = _require(raw, "solution", str, path, ex_lines, where) if solution_given else start
        wrong = [w if "text" in w else {**w, "text": start if "commands" in w else solution} for w in wrong]
        exercises.append(Exercise(
            id=ex_id,
            title=_require(raw, "title", str, path, ex_lines, where),
            task=_require(raw, "task", str, path, ex_lines, where),
            start=start,
            solution=solution,
            goal_data=goals,
            hints=hints,
            explanation=explanation,
            cluster=cluster,
            wrong=wrong,
            trace=trace,
            line=where,
            lines=ex_lines,
            goal_lines=_item_lines(goals_node),
            file=str(path),
            kind=kind,
            solution_commands=list(commands or []),
            solution_given=solution_given,
            replaces=list(replaces),
            review=review,
            exam=exam_minutes is not False,
            exam_minutes=None if isinstance(exam_minutes, bool) else exam_minutes,
        ))
    _check_replaces(exercises, path)
    if check_goals:
        for exercise in exercises:
            exercise.goals  # noqa: B018 - parses them: raises GoalError (a LessonError)
    return Lesson(id=lesson_id, title=title, summary=summary, body=body, exercises=exercises,
                  path=path, number=number, lines=lines)


def lesson_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in LESSON_SUFFIXES and p.is_file()
                  and not p.name.startswith(("_", ".")))


def load_lessons(folder: Path | None = None) -> list[Lesson]:
    """Load every lesson of a folder (default: the shipped lessons), in file-name order."""
    if folder is None:
        from tutor.paths import lessons_dir

        folder = lessons_dir()
    lessons = [load_lesson(p, n) for n, p in enumerate(lesson_files(folder), start=1)]
    ids = [lesson.id for lesson in lessons]
    for lesson in lessons:
        if ids.count(lesson.id) > 1:
            raise LessonError(lesson.path, lesson.lines.get("id", 1), f"duplicate lesson id {lesson.id!r}")
    return lessons
