"""``valid``: the editor text parses and every document in it is valid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, register
from tutor.lessons.goals.context import error_feedback

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.goals.context import Context


@register
@dataclass(frozen=True, kw_only=True)
class Valid(Goal):
    """The manifests are valid (an empty editor, or one with only comments, is not).
    The checker adds this goal first when an exercise does not list it."""

    kind: ClassVar[str] = "valid"

    def label(self) -> Text:
        return Text(N_("The manifests are valid: the API server would accept them"))

    def check(self, ctx: Context) -> GoalResult:
        if not ctx.text.strip():
            return self.failed(Text(N_("The editor is empty: write the manifest here.")))
        error = ctx.first_error()
        if error is not None:
            return self.failed(error_feedback(error))
        if not ctx.evaluation.valid:
            return self.failed(Text(N_("The manifests are not valid.")))
        if not ctx.evaluation.has_manifest:
            return self.failed(Text(N_("There is no manifest in the editor yet (only comments or empty "
                                       "documents).")))
        return self.passed()
