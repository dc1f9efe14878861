"""Feedback that teaches: how much a failed goal says, in three tiers.

A failed :class:`~tutor.lessons.goals.base.GoalResult` carries up to three texts:

* ``symptom``: what the learner would *see* (a request is refused, a name does not
  resolve, the Service selects none of the Pods), in learner terms, never the fix;
* ``feedback``: the cause (why it happens; the engine's explanation);
* ``fix``: the concrete change that would make the goal pass, when the goal can work
  one out (``targetPort: 9376``, a selector that matches, ``clusterIP: None``).

The learner starts with the symptom. The cause comes after one hint or a few checks
that still fail, the fix after more hints or more tries (:func:`tier`). The lab counts
the failed checks (Ctrl+R) in the progress; hints are counted there already.

A goal without a symptom of its own shows its cause at the first tier: that is always
allowed, as long as the cause does not state the fix (goal kinds keep a concrete fix
in ``fix``). ``answer`` goals never reveal the right answer at any tier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.i18n import Text

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.goals.base import ExerciseResult, GoalResult

#: what the learner sees: the symptom, the cause, the cause and the concrete fix
SYMPTOM, CAUSE, FIX = 0, 1, 2
TIERS = (SYMPTOM, CAUSE, FIX)

#: failed checks (Ctrl+R) after which the cause is shown, and then the fix
CAUSE_AFTER_CHECKS = 2
FIX_AFTER_CHECKS = 4
#: hints after which the cause is shown, and then the fix
CAUSE_AFTER_HINTS = 1
FIX_AFTER_HINTS = 2


def tier(hints_used: int = 0, failed_checks: int = 0, *, solution_viewed: bool = False,
         hints_total: int | None = None) -> int:
    """How much feedback the learner gets now: :data:`SYMPTOM` at first, :data:`CAUSE`
    after one hint or two failed checks, :data:`FIX` after two hints (or every hint
    there is), four failed checks, or once the solution was shown."""
    if solution_viewed or hints_used >= FIX_AFTER_HINTS or failed_checks >= FIX_AFTER_CHECKS:
        return FIX
    if hints_total is not None and hints_total > 0 and hints_used >= hints_total:
        return FIX
    if hints_used >= CAUSE_AFTER_HINTS or failed_checks >= CAUSE_AFTER_CHECKS:
        return CAUSE
    return SYMPTOM


def feedback_at(result: GoalResult, level: int) -> Text | None:
    """What a failed goal says at ``level`` (None for a passing goal): the symptom, the
    cause, or the cause and the fix (:meth:`GoalResult.feedback_at`)."""
    return result.feedback_at(level)


def first_feedback_at(result: ExerciseResult, level: int) -> Text | None:
    """The first failed goal's feedback at ``level``."""
    for goal in result.goals:
        if not goal.passed:
            found = feedback_at(goal, level)
            if found is not None:
                return found
    return None
