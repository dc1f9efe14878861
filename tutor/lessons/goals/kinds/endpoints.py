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
    #: what the learner sees (feedback tiers): no Pods at all ``{service}``; Pods
    #: missing ``{pods}``; Pods there that should not be ``{pods}`` (msgids)
    SYMPTOM_NONE: ClassVar[str]
    SYMPTOM_MISSING: ClassVar[str]
    SYMPTOM_EXTRA: ClassVar[str]

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
        fix = self.fix_for(ctx, selection, missing)
        if not selection.manages_endpoints:
            why_none = selection.reason or Text(N_("this Service manages no endpoints"))
            return self.failed(Text(self.NONE_MANAGED, service=self.service, reason=why_none), expected,
                               Fmt("{pods} — {reason}", pods=NONE, reason=why_none),
                               symptom=Text(self.SYMPTOM_NONE, service=self.service), fix=fix)
        grouped = grouped_reasons([(p, pod_reason(selection, p, self.namespace, ctx.cluster)) for p in missing])
        actual = Fmt("{pods} — {reason}", pods=names_text(got), reason=grouped) if grouped else names_text(got)
        parts: list[Text | str] = []
        seen: list[Text | str] = []
        if missing:
            parts.append(Text(self.MISSING, pods=", ".join(missing), reason=grouped))
            seen.append(Text(self.SYMPTOM_NONE, service=self.service) if not got else
                        Text(self.SYMPTOM_MISSING, pods=", ".join(missing)))
        if extra:
            parts.append(self.extra_feedback(extra, selection))
            seen.append(Text(self.SYMPTOM_EXTRA, pods=", ".join(extra)))
        return self.failed(TextList(parts, " "), expected, actual, symptom=TextList(seen, " "), fix=fix)

    def fix_for(self, ctx: Context, selection: Selection, missing: list[str]) -> Text | None:
        """A selector that selects exactly the goal's Pods, when the Pods' labels allow
        one and it differs from the Service's (None otherwise)."""
        if not self.pods:
            return None
        pods = [p for p in ctx.cluster.pods if p.namespace == self.namespace]
        wanted = [p for p in pods if p.name in self.pods]
        if len(wanted) != len(self.pods):
            return None
        others = [p for p in pods if p.name not in self.pods]
        current = dict(selection.service.selector or {})
        selector = suggest_selector(wanted, others, current)
        if selector is None or selector == current:
            return None
        return Text(N_("A selector that matches exactly these Pods: {selector}."),
                    selector=", ".join(f"{k}: {v}" for k, v in selector.items()))

    def references(self, refs: References) -> None:
        refs.service(self.service, self.namespace)
        for pod in self.pods:
            refs.pod(pod, self.namespace)


#: labels a controller adds to its Pods: never a good selector (they change with every
#: rollout, or name one Pod)
GENERATED_LABELS = ("pod-template-hash", "controller-revision-hash", "statefulset.kubernetes.io/pod-name",
                    "apps.kubernetes.io/pod-index", "batch.kubernetes.io/job-name", "job-name",
                    "batch.kubernetes.io/controller-uid", "controller-uid")


def suggest_selector(wanted: list[Pod], others: list[Pod], current: dict[str, str]) -> dict[str, str] | None:
    """A small selector every ``wanted`` Pod matches and no other Pod does: the labels the
    wanted Pods share (never a controller's generated ones), starting with those of the
    ``current`` selector that are right, then the ones that leave out the most other
    Pods. None when their shared labels also match another Pod."""
    if not wanted:
        return None
    common = {k: v for k, v in wanted[0].labels.items() if k not in GENERATED_LABELS
              and all(p.labels.get(k) == v for p in wanted[1:])}

    def matches(pod: Pod, selector: dict[str, str]) -> bool:
        return all(pod.labels.get(k) == v for k, v in selector.items())

    if not common or any(matches(p, common) for p in others):
        return None
    chosen = {k: v for k, v in current.items() if common.get(k) == v}
    remaining = [p for p in others if matches(p, chosen)]
    while remaining:
        key = max((k for k in common if k not in chosen),
                  key=lambda k: sum(1 for p in remaining if p.labels.get(k) != common[k]))
        chosen[key] = common[key]
        remaining = [p for p in remaining if matches(p, chosen)]
    return chosen or dict([next(iter(common.items()))])


@register
@dataclass(frozen=True, kw_only=True)
class Selects(PodSetGoal):
    """The Service's **selected** Pods are exactly these."""

    kind: ClassVar[str] = "selects"
    UNKNOWN = N_("The tutor could not work out which Pods this Service selects.")
    NONE_MANAGED = N_("Service {service} selects no Pods: {reason}")
    MISSING = N_("Not selected: {pods} ({reason}).")
    SYMPTOM_NONE = N_("Service {service} selects no Pods.")
    SYMPTOM_MISSING = N_("Not selected yet: {pods}.")
    SYMPTOM_EXTRA = N_("Also selected: {pods}.")

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
    SYMPTOM_NONE = N_("No Pod receives traffic from Service {service}.")
    SYMPTOM_MISSING = N_("These Pods receive no traffic from the Service: {pods}.")
    SYMPTOM_EXTRA = N_("These Pods receive traffic but should not: {pods}.")

    def label(self) -> Text:
        ns = ns_suffix(self.namespace)
        if not self.pods:
            return Text(N_("Service {service}{ns} has no ready endpoints"), service=self.service, ns=ns)
        return Text(N_("The ready endpoints of Service {service}{ns} are exactly: {pods}"),
                    service=self.service, ns=ns, pods=", ".join(self.pods))

    def current(self, selection: Selection) -> list[Pod]:
        return selection.ready

    def extra_feedback(self, extra: list[str], selection: Selection) -> Text:
        return Text(N_("Ready endpoints that should not be: {pods}."), pods=", ".join(extra))

    def fix_for(self, ctx: Context, selection: Selection, missing: list[str]) -> Text | None:
        """Which Pods are ready is their own state; the Service's part is its selector,
        and a ``selects`` goal says what it should be."""
        return None
