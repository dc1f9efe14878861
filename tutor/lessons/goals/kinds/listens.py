"""``listens``: a container of a Pod listens on a port (the one listening rule: the
lesson's ``listening:``, else its declared ports) and, unless ``declared: false``,
declares that port in its ``ports`` list, so that the Pod's declaration tells the truth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import error_feedback
from tutor.lessons.goals.params import FLAG, NAME, PORT, OneOf
from tutor.lessons.goals.texts import ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.model import Container
    from tutor.lessons.goals.context import Context


#: a Pod without containers, in "(it has: …)"
_NONE = Text(N_("none"))


def _ports(pairs: list[tuple[int, str]]) -> str:
    return ", ".join(f"{port}/{proto}" for port, proto in pairs) or "-"


@register
@dataclass(frozen=True, kw_only=True)
class Listens(Goal):
    kind: ClassVar[str] = "listens"

    pod: Annotated[str, NAME]
    container: Annotated[str, NAME]
    port: Annotated[int, PORT]
    protocol: Annotated[str, OneOf("TCP", "UDP", "SCTP")] = "TCP"
    #: the container must also declare the port (a declaration that tells the truth)
    declared: Annotated[bool, FLAG] = True
    namespace: Annotated[str, NAME] = "default"

    def label(self) -> Text:
        if self.declared:
            return Text(N_("Container {container} of Pod {pod}{ns} listens on {protocol} port {port} and declares it"),
                        container=self.container, pod=self.pod, ns=ns_suffix(self.namespace), protocol=self.protocol,
                        port=self.port)
        return Text(N_("Container {container} of Pod {pod}{ns} listens on {protocol} port {port}"),
                    container=self.container, pod=self.pod, ns=ns_suffix(self.namespace), protocol=self.protocol,
                    port=self.port)

    def check(self, ctx: Context) -> GoalResult:
        from tutor.k8s.pods import listening_text

        want = (self.port, self.protocol)
        expected = Text(N_("listens on {port}/{protocol}"), port=self.port, protocol=self.protocol)
        if ctx.parse_error is not None:
            return self.failed(error_feedback(ctx.parse_error), expected)
        pod = ctx.cluster.pod(self.pod, self.namespace)
        if pod is None:
            return self.failed(Text(N_("There is no Pod named {pod} in namespace {namespace}."), pod=self.pod,
                                    namespace=self.namespace), expected)
        found: Container | None = next((c for c in pod.containers if c.name == self.container), None)
        if found is None:
            return self.failed(Text(N_("Pod {pod} has no container {container} (it has: {containers})."),
                                    pod=self.pod, container=self.container,
                                    containers=", ".join(c.name for c in pod.containers) or _NONE), expected)
        declares = [(p.container_port, p.protocol) for p in found.ports]
        actual = Text(N_("listens on {listens}; declares {declares}"), listens=_ports(found.listen_ports),
                      declares=_ports(declares))
        if not found.listens_on(*want):
            return self.failed(Text(N_("Container {container} does not listen on port {port} ({what})."),
                                    container=self.container, port=self.port, what=listening_text(found)),
                               expected, actual)
        if self.declared and want not in declares:
            return self.failed(Text(N_("Container {container} listens on port {port}, but its ports list does not "
                                       "declare it (it declares {declares}): the Pod's declaration should say where "
                                       "its programs listen."), container=self.container, port=self.port,
                                    declares=_ports(declares)), expected, actual)
        return self.passed(expected, actual)

    def references(self, refs: References) -> None:
        refs.pod(self.pod, self.namespace)
