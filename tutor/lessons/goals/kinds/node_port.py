"""``node_port``: a Service port is open on every node at this nodePort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.params import NAME, PORT
from tutor.lessons.goals.texts import ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.goals.context import Context


@register
@dataclass(frozen=True, kw_only=True)
class NodePort(Goal):
    kind: ClassVar[str] = "node_port"

    service: Annotated[str, NAME]
    port: Annotated[int, PORT]
    node_port: Annotated[int, PORT]
    namespace: Annotated[str, NAME] = "default"

    def label(self) -> Text:
        return Text(N_("Service {service}{ns} port {port} is open on every node at nodePort {node_port}"),
                    service=self.service, ns=ns_suffix(self.namespace), port=self.port, node_port=self.node_port)

    def check(self, ctx: Context) -> GoalResult:
        port, want = self.port, self.node_port
        expected = Text(N_("port {port} → nodePort {node_port}"), port=port, node_port=want)
        found = ctx.service(self.service, self.namespace)
        if isinstance(found, Text):
            return self.failed(found, expected)
        svc = found.service
        sp = next((p for p in svc.ports if p.port == port), None)
        if sp is None:
            have = ", ".join(str(p.port) for p in svc.ports) or "-"
            return self.failed(Text(N_("Service {service} has no port {port} (its ports: {ports})."),
                                    service=svc.name, port=port, ports=have), expected)
        if svc.type not in ("NodePort", "LoadBalancer"):
            return self.failed(Text(N_("Service {service} has type {type}, which opens no port on the nodes."),
                                    service=svc.name, type=svc.type),
                               expected, Text(N_("type {type}, no nodePort"), type=svc.type),
                               symptom=Text(N_("Nothing answers on port {node_port} of the nodes."), node_port=want),
                               fix=Text(N_("Set type: NodePort, and nodePort: {node_port} next to port: {port}."),
                                        node_port=want, port=port))
        actual = Text(N_("port {port} → nodePort {node_port}"), port=port, node_port=sp.node_port or "-")
        if sp.node_port != want:
            return self.failed(Text(N_("Port {port} has nodePort {actual}, not {expected}."), port=port,
                                    actual=sp.node_port or "-", expected=want), expected, actual,
                               fix=Text(N_("Write nodePort: {node_port} next to port: {port}."), node_port=want,
                                        port=port))
        return self.passed(expected, actual)

    def references(self, refs: References) -> None:
        refs.service(self.service, self.namespace)
