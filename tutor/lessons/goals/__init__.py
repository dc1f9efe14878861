"""The exercise checker: goals checked **by meaning**, against engine results.

See ``docs/goals.md`` for the goal kinds (the contract with lesson files and the TUI).
Goals are parsed into typed objects (:class:`Goal` subclasses, one per kind, found in
:data:`REGISTRY`) when a lesson loads, so a goal written wrongly is a
:class:`~tutor.lessons.model.LessonError` with its file and line.

``check(exercise, text, answers=...)`` evaluates the editor text against the exercise's
simulated cluster and checks every goal (``answers``: the learner's answers to the
exercise's ``answer`` goals, by goal ``id``; :func:`solution_answers` gives the right
ones). It never raises. The TUI calls it after every
(debounced) keystroke: pass the evaluation you already have; the base cluster of an
exercise is built once and cached.

Everything learner-visible on a result is a :class:`~tutor.i18n.Text` (translated when
shown, so F2 re-renders it), except a goal's own ``message:``, which is lesson text:
show it with :func:`display` (or ``GoalResult.label_text()``). :func:`english` renders
any of them in English.

The modules: :mod:`.base` (the Goal class, the registry, results), :mod:`.params`
(parameter types), :mod:`.context` (what a goal is checked against), :mod:`.checker`
(``check``), :mod:`.texts` (texts the checker builds), :mod:`.kinds` (one module per
kind).
"""

from tutor.lessons.goals.base import (
                                      REGISTRY,
                                      ExerciseResult,
                                      Goal,
                                      GoalError,
                                      GoalResult,
                                      References,
                                      Where,
                                      goal_kinds,
                                      goal_problems,
                                      parse_goal,
                                      parse_goals,
                                      register,
)
from tutor.lessons.goals.checker import check
from tutor.lessons.goals.context import Answer, Context, base_cluster, error_feedback, evaluate_for
from tutor.lessons.goals.feedback import CAUSE, FIX, SYMPTOM, feedback_at, first_feedback_at, tier
from tutor.lessons.goals.kinds.answer import AnswerGoal, answer_goals, solution_answers
from tutor.lessons.goals.params import parse_source
from tutor.lessons.goals.texts import Fmt, TextList, display, english

__all__ = [
    "CAUSE", "FIX", "REGISTRY", "SYMPTOM", "Answer", "AnswerGoal", "Context", "ExerciseResult", "Fmt", "Goal",
    "GoalError", "GoalResult", "References", "TextList", "Where", "answer_goals", "base_cluster", "check", "display",
    "english", "error_feedback", "evaluate_for", "feedback_at", "first_feedback_at", "goal_kinds", "goal_problems",
    "parse_goal", "parse_goals", "parse_source", "register", "solution_answers", "tier",
]
