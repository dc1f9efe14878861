"""``selects`` and ``ready``: the Pods a Service selects, or its ready endpoints, are
exactly these. One check, two wordings."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import grouped_reasons, pod_reason
from tutor.lessons.goals.params import NAME, NAMES
from tutor.lessons.goals.texts import NONE, Fmt, TextList, names_text, ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.model import Pod
    from tutor.k8s.selection import Selection
    from tutor.lessons.goals.context import Context


@dataclass(frozen=True, kw_only=True)
class PodSetGoal(Goal):
    """The Pods of one kind of a Service (selected, ready endpoints) are exactly ``pods``
    (``[]``: none). Subclasses say which Pods and word the feedback."""

    service: Annotated[str, NAME]
    pods: Annotated[tuple[str, ...], NAMES]
    namespace: Annotated[str, NAME] = "default"

    #: feedback when the engine has no selection for the Service (a msgid)
    UNKNOWN: ClassVar[str]
    #: feedback when the Service manages no endpoints: ``{service}``, ``{reason}`` (a msgid)
    NONE_MANAGED: ClassVar[str]
    #: feedback for the Pods missing: ``{pods}``, ``{reason}`` (a msgid)
    MISSING: ClassVar[str]

    @abstractmethod
    def current(self, selection: Selection) -> list[Pod]:
        """The Pods of the kind the goal is about."""

    @abstractmethod
    def extra_feedback(self, extra: list[str], selection: Selection) -> Text:
        """Feedback for the Pods that are there but should not be."""

    def check(self, ctx: Context) -> GoalResult:
        expected = names_text(self.pods)
        found = ctx.service(self.service, self.namespace)
        if isinstance(found, Text):
            return self.failed(found, expected)
        selection = found.selection
        if selection is None:
            return self.failed(Text(self.UNKNOWN))
        got = [p.name for p in self.current(selection)]
        missing = [p for p in self.pods if p not in got]
        extra = [p for p in got if p not in self.pods]
        if not missing and not extra:
            return self.passed(expected, names_text(got))
        if not selection.manages_endpoints:
            why_none = selection.reason or Text(N_("this Service manages no endpoints"))
            return self.failed(Text(self.NONE_MANAGED, service=self.service, reason=why_none), expected,
                               Fmt("{pods} — {reason}", pods=NONE, reason=why_none))
        grouped = grouped_reasons([(p, pod_reason(selection, p, self.namespace, ctx.cluster)) for p in missing])
        actual = Fmt("{pods} — {reason}", pods=names_text(got), reason=grouped) if grouped else names_text(got)
        parts: list[Text | str] = []
        if missing:
            parts.append(Text(self.MISSING, pods=", ".join(missing), reason=grouped))
        if extra:
            parts.append(self.extra_feedback(extra, selection))
        return self.failed(TextList(parts, " "), expected, actual)

    def references(self, refs: References) -> None:
        refs.service(self.service, self.namespace)
        for pod in self.pods:
            refs.pod(pod, self.namespace)


@register
@dataclass(frozen=True, kw_only=True)
class Selects(PodSetGoal):
    """The Service's **selected** Pods are exactly these."""

    kind: ClassVar[str] = "selects"
    UNKNOWN = N_("The tutor could not work out which Pods this Service selects.")
    NONE_MANAGED = N_("Service {service} selects no Pods: {reason}")
    MISSING = N_("Not selected: {pods} ({reason}).")

    def label(self) -> Text:
        ns = ns_suffix(self.namespace)
        if not self.pods:
            return Text(N_("Service {service}{ns} selects no Pods"), service=self.service, ns=ns)
        return Text(N_("Service {service}{ns} selects exactly: {pods}"), service=self.service, ns=ns,
                    pods=", ".join(self.pods))

    def current(self, selection: Selection) -> list[Pod]:
        return selection.selected

    def extra_feedback(self, extra: list[str], selection: Selection) -> Text:
        selector = ", ".join(f"{k}: {v}" for k, v in (selection.service.selector or {}).items())
        return Text(N_("Selected but should not be: {pods} (their labels match the selector {selector})."),
                    pods=", ".join(extra), selector=selector)


@register
@dataclass(frozen=True, kw_only=True)
class Ready(PodSetGoal):
    """The Service's **ready endpoints** are exactly these."""

    kind: ClassVar[str] = "ready"
    UNKNOWN = N_("The tutor could not work out the endpoints of this Service.")
    NONE_MANAGED = N_("Service {service} has no endpoints: {reason}")
    MISSING = N_("Not a ready endpoint: {pods} ({reason}).")

    def label(self) -> Text:
        ns = ns_suffix(self.namespace)
        if not self.pods:
            return Text(N_("Service {service}{ns} has no ready endpoints"), service=self.service, ns=ns)
        return Text(N_("The ready endpoints of Service {service}{ns} are exactly: {pods}"),
                    service=self.service, ns=ns, pods=", ".join(self.pods))

    def current(self, selection: Selection) -> list[Pod]:
        return selection.ready

    def extra_feedback(self, extra: list[str], selection: Selection) -> Text:
        return Text(N_("A ready endpoint but should not be: {pods}."), pods=", ".join(extra))
