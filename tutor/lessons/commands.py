"""Exercises solved in the console: command lines run on an exercise's cluster.

The lab's console (F6) and the linter follow the same rules, through
:class:`tutor.kubectl.console.Console`:

* ``kubectl label`` and ``kubectl annotate`` change the exercise's cluster. The changes
  are kept as the list of command lines that made them (``Console.commands``), saved with
  the progress and replayed on the exercise's cluster; the cluster itself is never
  changed.
* ``kubectl expose`` puts the Service it creates into the editor text (appended as a new
  YAML document: :func:`manifest_addition`), where the learner can read and undo it.
* Goals are checked by meaning on *the exercise's cluster with the commands applied*
  (:func:`cluster_with`), with the editor text applied on top as usual: the same
  evaluation the lab's panels show.

A command that changes an object of the editor text (a label on a Pod the editor
defines) shows in the console, but the goals see the editor's own text for it: the
editor is what the learner applies.

``run_commands(exercise, ["kubectl expose deploy web --port 80"])`` runs a command list
the way the lab would (what command ``wrong:`` entries are); :func:`solution_run` runs
the exercise's ``solution_commands`` (from its ``solution`` text when it has one, else
from the start text); :func:`check_state` checks an editor text and a command list
against the goals.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import Evaluation
    from tutor.kubectl.console import Console, Result
    from tutor.lessons.goals.base import ExerciseResult
    from tutor.lessons.goals.context import Answer
    from tutor.lessons.model import Exercise


def base_text(exercise: Exercise) -> str | list[Any] | None:
    """The text the exercise's cluster is built from (its Pods and workloads), which the
    console reads for what the engine does not keep (images, probes, workloads)."""
    pods = (exercise.cluster or {}).get("pods")
    return pods if isinstance(pods, (str, list)) else None


def make_console(base: Cluster, text: str, *, pods_text: str | Sequence[Any] | None = None,
                 commands: Sequence[str] = (), evaluation: Any = None) -> Console:
    """A console on ``base`` with the editor ``text`` applied and ``commands`` replayed;
    ``expose`` hands its Service to the editor."""
    from tutor.kubectl.console import Console

    console = Console(base, base_text=pods_text, editor=text, expose_to_editor=True, evaluation=evaluation)
    if commands:
        console.restore({"commands": list(commands)})
    return console


# --------------------------------------------------------------------------- the cluster with the commands
_CACHE: OrderedDict[tuple[int, tuple[str, ...]], tuple[Cluster, Cluster]] = OrderedDict()
_CACHE_SIZE = 16


def cluster_with(base: Cluster, commands: Sequence[str], pods_text: str | Sequence[Any] | None = None) -> Cluster:
    """``base`` with the cluster-changing ``commands`` applied (a copy; ``base`` is never
    changed). Without commands, ``base`` itself. Cached: the lab asks after each command."""
    if not commands:
        return base
    key = (id(base), tuple(commands))
    found = _CACHE.get(key)
    if found is not None and found[0] is base:
        _CACHE.move_to_end(key)
        return found[1]
    from tutor.kubectl.console import Console

    console = Console(base, base_text=pods_text, commands=list(commands))
    cluster: Cluster = console.cluster
    _CACHE[key] = (base, cluster)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return cluster


def manifest_addition(text: str, manifest: str) -> str:
    """What to add at the end of ``text`` so that ``manifest`` (a YAML document) becomes
    its last document: a ``---`` line first when the text has a document already."""
    if not text.strip():
        return manifest
    content = any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
    prefix = "" if text.endswith("\n") else "\n"
    return prefix + ("---\n" if content else "") + manifest


# --------------------------------------------------------------------------- running a command list
@dataclass
class CommandRun:
    """What a command list leaves: the editor ``text``, the recorded cluster changes
    (``commands``), every line with its result, and the cluster to check goals on."""

    text: str
    commands: list[str]
    results: list[tuple[str, Result]] = field(default_factory=list)
    base: Cluster | None = None

    def failures(self) -> list[tuple[str, Result]]:
        """Lines kubectl itself refused (an unknown command or flag, an object that is not
        there, a label without ``--overwrite``...). A program that exits with an error is
        not one, in a container (``exec``) or on the learner's machine (``curl``,
        ``wget``): showing that error can be the point."""
        from tutor.kubectl.console import LOCAL_PROGRAMS

        out = []
        for line, result in self.results:
            words = line.split()
            if result.exit_code == 0 or (words and words[0] in LOCAL_PROGRAMS):
                continue
            if "command terminated with exit code" not in result.stderr:
                out.append((line, result))
        return out


def run_commands(exercise: Exercise, commands: Sequence[str], text: str | None = None) -> CommandRun:
    """Run ``commands`` in a console on the exercise's cluster, starting from the editor
    ``text`` (default: the start text), as the lab does. Never raises (a broken cluster
    raises from :func:`~tutor.lessons.goals.base_cluster`)."""
    from tutor.lessons.goals.context import base_cluster

    base = base_cluster(exercise)
    pods_text = base_text(exercise)
    text = exercise.start if text is None else text
    console = make_console(base, text, pods_text=pods_text)
    results: list[tuple[str, Result]] = []
    for line in commands:
        result = console.run(line)
        results.append((line, result))
        if result.manifest:
            text += manifest_addition(text, result.manifest)
            console.set_editor(text)
    recorded = console.commands
    return CommandRun(text, recorded, results, cluster_with(base, recorded, pods_text))


def solution_run(exercise: Exercise) -> CommandRun:
    """The exercise's ``solution_commands`` run the way the lesson means them: from its
    ``solution`` text when it has one (the manifest fixed, the console used to find or
    change the rest), else from the start text (the commands are the whole solution)."""
    return run_commands(exercise, exercise.solution_commands,
                        exercise.solution if exercise.solution_given else exercise.start)


def evaluate_state(exercise: Exercise, text: str, commands: Sequence[str] = ()) -> Evaluation:
    """The engine's evaluation of ``text`` on the exercise's cluster with ``commands``
    applied (what the lab's panels and goals use)."""
    from tutor.k8s.evaluate import evaluate
    from tutor.lessons.goals.context import base_cluster

    base = base_cluster(exercise)
    return evaluate(text, cluster_with(base, commands, base_text(exercise)))


def check_state(exercise: Exercise, text: str, commands: Sequence[str] = (),
                answers: Mapping[str, Answer] | None = None) -> ExerciseResult:
    """Every goal checked against ``text`` on the cluster that ``commands`` left. Never
    raises."""
    from tutor.lessons.goals.checker import check

    try:
        evaluation = evaluate_state(exercise, text, commands) if commands else None
    except Exception:  # noqa: BLE001 - check() reports a broken cluster itself
        evaluation = None
    return check(exercise, text, evaluation, answers=answers)
