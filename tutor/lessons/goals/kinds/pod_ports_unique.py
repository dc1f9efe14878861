"""``pod_ports_unique``: no two containers of a Pod use the same port. They share one
network namespace, so only one of them can listen on a port (the others fail with
"address already in use"); and no two declare the same port, which is always wrong.
Where a container listens follows the one listening rule (the lesson's ``listening:``,
else its declared ports)."""

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
        return Text(N_("No two containers of Pod {pod}{ns} use the same port"), pod=self.pod,
                    ns=ns_suffix(self.namespace))

    def check(self, ctx: Context) -> GoalResult:
        from tutor.k8s.pods import declared_clashes, listening_text, port_clashes

        expected = Text(N_("each port of Pod {pod} is listened on and declared by one container only"), pod=self.pod)
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        pod = ctx.cluster.pod(self.pod, self.namespace)
        if pod is None:
            return self.failed(Text(N_("There is no Pod named {pod} in namespace {namespace}."), pod=self.pod,
                                    namespace=self.namespace), expected)
        listening = port_clashes(pod)
        declared = declared_clashes(pod)
        if not listening and not declared:
            return self.passed(expected, Text(N_("no two containers share a port")))
        parts: list[Text | str] = []
        for port, proto, names in listening:
            parts.append(Text(N_("containers {containers} listen on the same port, {port}/{protocol}"),
                              containers=", ".join(names), protocol=proto, port=port))
        for port, proto, names in declared:
            if any(p == port and pr == proto for p, pr, _ in listening):
                continue  # the real clash is said already
            parts.append(Text(N_("{protocol} port {port} is declared by {containers}"), protocol=proto, port=port,
                              containers=", ".join(names)))
        actual = TextList(parts, "; ")
        if listening:
            # where the simulation's idea of listening comes from, for the containers concerned
            names = sorted({n for _, _, clash in listening for n in clash})
            why = TextList([Text(N_("container {container}: {what}"), container=c.name, what=listening_text(c))
                            for c in pod.containers if c.name in names], "; ")
            return self.failed(Text(N_("{clashes}. The containers of a Pod share one network namespace, so only "
                                       "the first to start can listen on a port; the other fails with \"address "
                                       "already in use\" ({why})."), clashes=actual, why=why), expected, actual)
        return self.failed(Text(N_("{clashes}. Declaring a port opens nothing, but two containers of one Pod "
                                   "cannot both listen on it, so this declaration is wrong for at least one of "
                                   "them: each container should declare the port it really listens on."),
                                clashes=actual), expected, actual)

    def references(self, refs: References) -> None:
        refs.pod(self.pod, self.namespace)
