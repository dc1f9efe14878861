"""Babel extractor for lesson files (entry point ``ktutor_lesson``, see babel.cfg).

Yields every translatable text of a lesson with its line: the title, summary, each
paragraph of the body, and of each exercise the title, the task and explanation
paragraphs, the hints, and the optional ``message`` (and an ``answer`` goal's ``question``,
and its ``choices`` when it says ``translate: true``) of each goal. Code blocks, ids and
YAML manifests are not extracted.

The glossary (``lessons/glossary/terms.yaml``, a mapping with a ``terms`` list) goes
through the same extractor: each entry's ``definition`` is one message. Terms themselves
are not extracted (the Korean term is in the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from tutor.lessons.text import split_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    import yaml

#: Fields of a lesson / an exercise that hold Markdown translated paragraph by paragraph.
LESSON_TEXT = ("title", "summary", "body")
EXERCISE_TEXT = ("title", "task", "explanation")
#: Fields of a goal that are lesson text (an ``answer`` goal's question).
GOAL_TEXT = ("message", "question")


def _scalar_start(node: yaml.ScalarNode) -> int:
    """0-based line where a scalar's text begins (the line after ``|`` for a block)."""
    line: int = node.start_mark.line
    return line + 1 if node.style in ("|", ">") else line


def _paragraphs(node: yaml.Node | None, context: str) -> Iterator[tuple[int, str, list[str]]]:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        return
    base = _scalar_start(node)
    for offset, block, translatable in split_paragraphs(node.value):
        if translatable:
            yield base + offset + 1, block, [context]


def iter_messages(text: str, name: str = "lesson") -> Iterator[tuple[int, str, list[str]]]:
    """``(1-based line, msgid, translator comments)`` for every translatable text."""
    import yaml

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return
    fields: dict[str, yaml.Node] = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    if "terms" in fields and "exercises" not in fields:
        yield from _glossary_messages(fields["terms"])
        return
    id_node = fields.get("id")
    lesson_id = id_node.value if isinstance(id_node, yaml.ScalarNode) else name
    for key in LESSON_TEXT:
        if key in fields:
            yield from _paragraphs(fields[key], f"lesson {lesson_id}: {key}")
    exercises = fields.get("exercises")
    if not isinstance(exercises, yaml.SequenceNode):
        return
    for ex in exercises.value:
        if not isinstance(ex, yaml.MappingNode):
            continue
        ex_fields = {k.value: v for k, v in ex.value if isinstance(k, yaml.ScalarNode)}
        ex_id = ex_fields["id"].value if isinstance(ex_fields.get("id"), yaml.ScalarNode) else "?"
        where = f"lesson {lesson_id}, exercise {ex_id}"
        for key in EXERCISE_TEXT:
            if key in ex_fields:
                yield from _paragraphs(ex_fields[key], f"{where}: {key}")
        hints = ex_fields.get("hints")
        if isinstance(hints, yaml.SequenceNode):
            for n, hint in enumerate(hints.value, start=1):
                yield from _paragraphs(hint, f"{where}: hint {n}")
        goals = ex_fields.get("goals")
        if isinstance(goals, yaml.SequenceNode):
            for goal in goals.value:
                if isinstance(goal, yaml.MappingNode):
                    for k, v in goal.value:
                        if isinstance(k, yaml.ScalarNode) and k.value in GOAL_TEXT:
                            yield from _paragraphs(v, f"{where}: goal {k.value}")
                    yield from _choices(goal, where)


def _choices(goal: yaml.MappingNode, where: str) -> Iterator[tuple[int, str, list[str]]]:
    """The choices of an ``answer`` goal with ``translate: true`` (sentences, not values)."""
    import yaml

    fields = {k.value: v for k, v in goal.value if isinstance(k, yaml.ScalarNode)}
    flag = fields.get("translate")
    choices = fields.get("choices")
    if not (isinstance(flag, yaml.ScalarNode) and flag.value == "true" and isinstance(choices, yaml.SequenceNode)):
        return
    for choice in choices.value:
        if isinstance(choice, yaml.ScalarNode) and choice.value.strip():
            yield choice.start_mark.line + 1, choice.value.strip(), [f"{where}: a choice"]


def _glossary_messages(terms: yaml.Node) -> Iterator[tuple[int, str, list[str]]]:
    import yaml

    if not isinstance(terms, yaml.SequenceNode):
        return
    for entry in terms.value:
        if not isinstance(entry, yaml.MappingNode):
            continue
        entry_fields = {k.value: v for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
        en = entry_fields.get("en")
        term = en.value if isinstance(en, yaml.ScalarNode) else "?"
        if "definition" in entry_fields:
            yield from _paragraphs(entry_fields["definition"], f"glossary: definition of {term!r}")


def extract_lessons(fileobj: IO[bytes] | IO[str], keywords: object, comment_tags: object,
                    options: object) -> Iterator[tuple[int, None, str, list[str]]]:
    """The babel extractor: ``(lineno, funcname, message, comments)`` tuples."""
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    name = str(getattr(fileobj, "name", "lesson"))
    import yaml

    try:
        messages = list(iter_messages(text, name))
    except yaml.YAMLError as exc:
        # A broken lesson must be fixed, not silently skipped: say which file.
        raise ValueError(f"{name}: not valid YAML, cannot extract its messages: {exc}") from None
    for line, message, comments in messages:
        yield line, None, message, comments
