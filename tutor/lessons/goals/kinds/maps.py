"""``maps``: a Service port resolves to these container ports (on every endpoint Pod,
or on the Pods listed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.context import grouped_reasons, pod_reason
from tutor.lessons.goals.params import NAME, PORT, OneOf, ParamType, Ref, is_int
from tutor.lessons.goals.texts import Fmt, TextList, ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.k8s.evaluate import DocResult
    from tutor.k8s.ports import PortMapping
    from tutor.lessons.goals.context import Context

PROTOCOLS = ("TCP", "UDP", "SCTP")


class PortTargets(ParamType[int | dict[str, int]]):
    """``to:``: a container port number, or ``{pod: number}``."""

    description = Text(N_("a port number or a mapping of Pod name to port number"))

    def parse(self, value: object, ref: Ref) -> int | dict[str, int]:
        if isinstance(value, Mapping):
            if value and all(isinstance(k, str) and is_int(v) for k, v in value.items()):
                return {str(k): int(v) for k, v in value.items()}
            raise self.wrong(value, ref)
        if not is_int(value) or not isinstance(value, int):
            raise self.wrong(value, ref)
        return value


def _find_mapping(doc: DocResult, port: int, protocol: str | None) -> PortMapping | None:
    mappings: list[PortMapping] = doc.ports or []
    for mapping in mappings:
        sp = mapping.service_port
        if sp.port == port and (protocol is None or sp.protocol == protocol):
            return mapping
    return None


def _mapping_note(doc: DocResult, mapping: PortMapping) -> Text | None:
    """Why the Service port leads where it does, when that is easy to miss: a targetPort
    left out (or 0 / "") defaults to the port itself."""
    positions, service = doc.positions, doc.service
    if positions is None or service is None:
        return None
    index = next((i for i, sp in enumerate(service.ports) if sp is mapping.service_port), None)
    if index is None:
        index = next((i for i, sp in enumerate(service.ports) if sp.port == mapping.service_port.port), None)
    if index is None:
        return None
    if not positions.has(f"spec.ports[{index}].targetPort"):
        return Text(N_("targetPort defaults to port"))
    return None


def _resolved_text(port: int, resolved: dict[str, int], unresolved: list[str]) -> Text | str:
    numbers = sorted(set(resolved.values()))
    if len(numbers) == 1 and not unresolved:
        return f"{port} → {numbers[0]}"
    parts: list[Text | str] = [f"{pod} → {num}" for pod, num in resolved.items()]
    parts += [Text(N_("{pod} → (unresolved)"), pod=p) for p in unresolved]
    return TextList(parts, ", ") if parts else Text(N_("{port} → no Pods"), port=port)


def _target_fix(mapping: PortMapping, to: int | dict[str, int], ctx: Context) -> Text | None:
    """The targetPort that leads where the goal wants: the number, or (different numbers
    per Pod) a container port name every Pod uses for its number."""
    sp = mapping.service_port
    if isinstance(to, int):
        return Text(N_("Set targetPort: {target} on Service port {port} (or the name of that container port)."),
                    target=to, port=sp.port)
    names: set[str] | None = None
    for pod_name, number in to.items():
        pod = next((t.pod for t in mapping.targets if t.pod.name == pod_name), None)
        if pod is None:
            return None
        here = {p.name for c in pod.containers for p in c.ports
                if p.name and p.container_port == number and p.protocol == sp.protocol}
        names = here if names is None else names & here
    if not names:
        return None
    return Text(N_("Set targetPort: {name} on Service port {port}: each Pod resolves the name to its own "
                  "port."), name=sorted(names)[0], port=sp.port)


@register
@dataclass(frozen=True, kw_only=True)
class Maps(Goal):
    kind: ClassVar[str] = "maps"

    service: Annotated[str, NAME]
    port: Annotated[int, PORT]
    to: Annotated[int | dict[str, int], PortTargets()]
    protocol: Annotated[str | None, OneOf(*PROTOCOLS)] = None
    namespace: Annotated[str, NAME] = "default"

    def label(self) -> Text:
        to: Text | str
        if isinstance(self.to, dict):
            to = ", ".join(f"{pod} → {port}" for pod, port in self.to.items())
        else:
            to = Text(N_("port {port} on every selected Pod"), port=self.to)
        return Text(N_("Service {service}{ns} port {port} leads to {to}"), service=self.service,
                    ns=ns_suffix(self.namespace), port=self.port, to=to)

    def check(self, ctx: Context) -> GoalResult:
        port, to = self.port, self.to
        expected = f"{port} → {to}" if isinstance(to, int) else ", ".join(f"{p} → {n}" for p, n in to.items())
        found = ctx.service(self.service, self.namespace)
        if isinstance(found, Text):
            return self.failed(found, expected)
        doc, svc = found.doc, found.service
        mapping = _find_mapping(doc, port, self.protocol)
        if mapping is None:
            have = ", ".join(f"{p.port}/{p.protocol}" for p in svc.ports) or "-"
            return self.failed(Text(N_("Service {service} has no port {port} (its ports: {ports})."),
                                    service=svc.name, port=port, ports=have), expected,
                               Text(N_("ports: {ports}"), ports=have))
        resolved = dict(mapping.resolved)
        unresolved = list(mapping.unresolved)
        note = _mapping_note(doc, mapping)
        actual_core = _resolved_text(port, resolved, unresolved)
        actual: Text | str = Fmt("{mapping} ({note})", mapping=actual_core, note=note) if note else actual_core
        target = mapping.service_port.target_port
        targets = {t.pod.name: t for t in mapping.targets}
        selection = found.selection
        wrong: dict[str, int | None]
        if isinstance(to, int):
            if not resolved and not unresolved:
                why = selection.why_no_endpoints() if selection is not None else None
                return self.failed(Text(N_("Port {port} leads nowhere: {reason}"), port=port,
                                        reason=why[1] if why else Text(N_("the Service has no endpoints"))),
                                   expected, actual,
                                   symptom=Text(N_("Port {port} of Service {service} leads to no Pod."), port=port,
                                                service=self.service))
            wrong = {p: n for p, n in resolved.items() if n != to}
            if not wrong and not unresolved:
                return self.passed(expected, actual)
        else:
            wrong = {p: resolved.get(p) for p, n in to.items() if resolved.get(p) != n}
            if not wrong:
                return self.passed(expected, actual)
        parts: list[Text | str] = []
        seen: list[Text | str] = []
        bad_unresolved = [p for p in unresolved if isinstance(to, int) or p in to]
        if bad_unresolved:
            reasons = [(p, targets[p].reason) for p in bad_unresolved if p in targets and targets[p].reason]
            parts.append(Text(N_("targetPort {target} does not resolve on {pods}: {reason}."), target=target,
                              pods=", ".join(bad_unresolved),
                              reason=grouped_reasons(reasons)
                              or Text(N_("no container port has that name and protocol"))))
            seen.append(Text(N_("Port {port} of Service {service} sends no traffic to {pods}."), port=port,
                             service=self.service, pods=", ".join(bad_unresolved)))
        wrong_resolved = {p: n for p, n in wrong.items() if n is not None}
        if wrong_resolved:
            numbers = set(wrong_resolved.values())
            if len(numbers) == 1 and len(wrong_resolved) == len(resolved) and isinstance(to, int):
                got = str(next(iter(numbers)))
            else:
                got = ", ".join(f"{p} → {n}" for p, n in wrong_resolved.items())
            should = str(to) if isinstance(to, int) else ", ".join(f"{p} → {to[p]}" for p in wrong_resolved)
            how = note or Text(N_("targetPort {target}"), target=target)
            parts.append(Text(N_("Port {port} leads to {got} ({how}); it should lead to {should}."), port=port,
                              got=got, how=how, should=should))
            if len(numbers) == 1 and len(wrong_resolved) == len(resolved) and isinstance(to, int):
                seen.append(Text(N_("A request to port {port} of Service {service} goes to {got} on the Pods."),
                                 port=port, service=self.service, got=got))
            else:  # some Pods only: say which port on which Pod
                seen.append(Text(N_("A request to port {port} of Service {service} goes to {pairs}."),
                                 port=port, service=self.service,
                                 pairs=TextList([Text(N_("port {number} on Pod {pod}"), number=n, pod=p)
                                                 for p, n in wrong_resolved.items()], ", ")))
            grouped = grouped_reasons([(p, targets[p].reason) for p in wrong_resolved
                                       if p in targets and targets[p].reason])
            if grouped:
                parts.append(Text(N_("Note: {reason}."), reason=grouped))
        absent = [p for p, n in wrong.items() if n is None and p not in unresolved]
        if absent:
            reasons_absent = ([(p, pod_reason(selection, p, self.namespace, ctx.cluster)) for p in absent]
                              if selection is not None else [])
            parts.append(Text(N_("Port {port} does not lead to {pods} at all: {reason}."), port=port,
                              pods=", ".join(absent),
                              reason=grouped_reasons(reasons_absent)
                              or Text(N_("they are not endpoints of this Service"))))
            seen.append(Text(N_("Port {port} of Service {service} sends no traffic to {pods}."), port=port,
                             service=self.service, pods=", ".join(absent)))
        if not parts:
            parts.append(Text(N_("Port {port} does not lead where it should."), port=port))
        # a targetPort to suggest only when the Service port is wrong for every Pod alike (a
        # Pod that already gets the right port says the others are a selector's or the Pod's business)
        uniform = not isinstance(to, int) or not any(n == to for n in resolved.values())
        fix = _target_fix(mapping, to, ctx) if (bad_unresolved or wrong_resolved) and uniform else None
        return self.failed(TextList(parts, " "), expected, actual, symptom=TextList(seen, " ") if seen else None,
                           fix=fix)

    def references(self, refs: References) -> None:
        refs.service(self.service, self.namespace)
        if isinstance(self.to, dict):
            for pod in self.to:
                refs.pod(pod, self.namespace)
