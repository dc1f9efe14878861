"""``pod_ports_unique``: no two containers of a Pod declare the same port (they share
one network namespace, so the second could not bind it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback
from tutor.lessons.goals.params import NAME
from tutor.lessons.goals.texts import TextList, ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.goals.context import Context


@register
@dataclass(frozen=True, kw_only=True)
class PodPortsUnique(Goal):
    kind: ClassVar[str] = "pod_ports_unique"

    pod: Annotated[str, NAME]
    namespace: Annotated[str, NAME] = "default"

    def label(self) -> Text:
        return Text(N_("No two containers of Pod {pod}{ns} declare the same port"), pod=self.pod,
                    ns=ns_suffix(self.namespace))

    def check(self, ctx: Context) -> GoalResult:
        from tutor.k8s.pods import port_clashes

        expected = Text(N_("every containerPort of Pod {pod} is used by one container only"), pod=self.pod)
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        pod = ctx.cluster.pod(self.pod, self.namespace)
        if pod is None:
            return self.failed(Text(N_("There is no Pod named {pod} in namespace {namespace}."), pod=self.pod,
                                    namespace=self.namespace), expected)
        clashes = port_clashes(pod)
        if not clashes:
            return self.passed(expected, Text(N_("no two containers share a port")))
        parts: list[Text | str] = [Text(N_("{protocol} port {port} is declared by {containers}"), protocol=proto,
                                        port=port, containers=", ".join(names)) for port, proto, names in clashes]
        actual = TextList(parts, "; ")
        return self.failed(Text(N_("{clashes}. The containers of a Pod share one network namespace, so only one "
                                   "of them can listen on a port: give each container its own port."),
                                clashes=actual), expected, actual)

    def references(self, refs: References) -> None:
        refs.pod(self.pod, self.namespace)
