"""``check(exercise, text)``: every goal of an exercise checked against the editor text.

The text is evaluated by the engine on the exercise's cluster, then each goal is checked
against that evaluation. Never raises: the learner may type anything, and a surprise
inside the engine becomes a failed goal with a clear message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import ExerciseResult, Goal, GoalError, GoalResult, goal_kinds
from tutor.lessons.goals.context import Answer, Context, base_cluster

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import Evaluation
    from tutor.lessons.model import Exercise


def check(exercise: Exercise, text: str, evaluation: Evaluation | None = None,
          answers: Mapping[str, Answer] | None = None) -> ExerciseResult:
    """Check ``text`` against every goal of ``exercise``. Never raises. Pass the
    evaluation you already have (of ``text`` on ``base_cluster(exercise)``), and the
    learner's ``answers`` to its ``answer`` goals (by goal ``id``; see
    :mod:`tutor.lessons.goals.kinds.answer`)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    goals = exercise.parsed_goals()
    surprise: Text | None = None
    base: Cluster | None = None
    try:
        base = base_cluster(exercise)
    except Exception as exc:  # noqa: BLE001 - a lesson's cluster may be written wrongly
        surprise = Text(N_("This exercise's cluster is written wrongly in the lesson, so nothing can be "
                           "checked: {error}"), error=str(exc))
    if evaluation is None and base is not None:
        from tutor.k8s.evaluate import evaluate

        try:
            evaluation = evaluate(text, base)
        except Exception as exc:  # noqa: BLE001 - the learner may type anything
            surprise = _surprise(exc)
    given = dict(answers) if isinstance(answers, Mapping) else {}
    ctx = Context(text, evaluation, base, given) if evaluation is not None and base is not None else None
    results: list[GoalResult] = []
    if not any(isinstance(g, Goal) and g.kind == "valid" for g in goals):
        results.append(_check_one(ctx, goal_kinds()["valid"](), surprise, implicit=True))
    for goal in goals:
        results.append(_check_one(ctx, goal, surprise))
    _hold_until_valid(results)
    if ctx is not None:
        _keep_answers_unsaid(ctx, results)
    return ExerciseResult(passed=bool(results) and all(r.passed for r in results), goals=results,
                          evaluation=evaluation)


def _check_one(ctx: Context | None, goal: Goal | GoalError, surprise: Text | None,
               implicit: bool = False) -> GoalResult:
    if isinstance(goal, GoalError):
        return GoalResult(None, False, goal.heading(), feedback=Text(
            N_("This goal is written wrongly in the lesson, so it cannot be checked: {problem}"),
            problem=goal.problems[0] if goal.problems else "?"), implicit=implicit)
    try:
        label = goal.heading()
    except Exception:  # noqa: BLE001
        label = Text(N_("Goal {kind}"), kind=goal.kind)
    if ctx is None:
        return GoalResult(goal, False, label, feedback=surprise or _surprise(None), implicit=implicit)
    try:
        result = goal.check(ctx)
    except Exception as exc:  # noqa: BLE001 - never let the checker crash the UI
        return GoalResult(goal, False, label, feedback=_surprise(exc), implicit=implicit)
    result.implicit = implicit
    return result


#: goals that do not depend on the editor's manifests (answers to questions)
_TEXT_FREE_KINDS = frozenset({"answer"})


def _hold_until_valid(results: list[GoalResult]) -> None:
    """While the manifests are not valid (or there is none), a goal about them is not
    met, even one that an absent Service meets by itself ("node-b does not pass the
    traffic on"): the Check panel and the count never say a goal is done before the
    text is one the API server would accept. Answers to questions stand on their own."""
    if not any(r.goal is not None and r.goal.kind == "valid" and not r.passed for r in results):
        return
    for i, r in enumerate(results):
        if r.passed and r.goal is not None and r.goal.kind != "valid" and r.goal.kind not in _TEXT_FREE_KINDS:
            results[i] = GoalResult(r.goal, False, r.label, feedback=Text(
                N_("Checked once the manifests are valid (see the goal about them).")), implicit=r.implicit)


def _keep_answers_unsaid(ctx: Context, results: list[GoalResult]) -> None:
    """A question not answered right yet is never answered by another goal's details:
    where the expected/now/feedback lines of a goal about the manifests name the right
    answer (a port, a Pod, an address: "expected: listens on 8081/TCP" next to "Which
    port does the container listen on?"), they are held back until the question is
    answered; the goal's own line stays."""
    import re

    from tutor.lessons.goals import display
    from tutor.lessons.goals.kinds.answer import AnswerGoal

    secrets: list[str] = []
    for r in results:
        if isinstance(r.goal, AnswerGoal) and not r.passed and not r.goal.translate:
            try:
                right = r.goal.right_answer(ctx)
            except Exception:  # noqa: BLE001 - the goal itself says what is wrong
                continue
            if not isinstance(right, Text):
                secrets.extend(v for value in right for v in value.replace(",", " ").split() if len(v) >= 2)
    if not secrets:
        return
    pattern = re.compile("|".join(rf"(?<![\w.-]){re.escape(v)}(?![\w-])" for v in secrets))
    for i, r in enumerate(results):
        if r.passed or r.goal is None or r.goal.kind in _TEXT_FREE_KINDS:
            continue
        said = " ".join(display(t) for t in (r.expected, r.actual, r.feedback, r.symptom, r.fix) if t is not None)
        if pattern.search(said):
            results[i] = GoalResult(r.goal, False, r.label, feedback=Text(
                N_("Said once the question is answered (the details would give the answer away).")),
                implicit=r.implicit)


def _surprise(exc: Exception | None) -> Text:
    error = f"{type(exc).__name__}: {exc}" if exc is not None else "no evaluation"
    return Text(N_("The tutor could not check this goal (an internal problem: {error}). "
                   "Your text may be fine; try editing it again."), error=error)
