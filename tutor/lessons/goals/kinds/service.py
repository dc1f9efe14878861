"""``service``: a valid Service with that name exists (of a type, headless or not, with
an externalName)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar

from tutor.i18n import N_, Text
from tutor.lessons.goals.base import Goal, GoalResult, References, register
from tutor.lessons.goals.params import FLAG, NAME, OneOf
from tutor.lessons.goals.texts import TextList, ns_suffix

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.goals.context import Context

SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
#: what a Service type does, in learner terms (the symptom of a wrong type)
TYPE_MEANINGS = {
    "ClusterIP": Text(N_("reachable only inside the cluster, at its cluster IP.")),
    "NodePort": Text(N_("it also opens a port on every node, for clients outside the cluster.")),
    "LoadBalancer": Text(N_("it also asks for an external load balancer, in front of a port on every node.")),
    "ExternalName": Text(N_("its name is a DNS alias for another host; it has no cluster IP and no endpoints.")),
}


@register
@dataclass(frozen=True, kw_only=True)
class ServiceGoal(Goal):
    kind: ClassVar[str] = "service"

    name: Annotated[str, NAME]
    namespace: Annotated[str, NAME] = "default"
    type: Annotated[str | None, OneOf(*SERVICE_TYPES)] = None
    headless: Annotated[bool | None, FLAG] = None
    external_name: Annotated[str | None, NAME] = None

    def label(self) -> Text:
        reqs: list[Text | str] = []
        if self.type:
            reqs.append(Text(N_("type {type}"), type=self.type))
        if self.headless is True:
            reqs.append(Text(N_("headless (clusterIP: None)")))
        if self.headless is False:
            reqs.append(Text(N_("not headless")))
        if self.external_name:
            reqs.append(Text(N_("externalName {name}"), name=self.external_name))
        ns = ns_suffix(self.namespace)
        if reqs:
            return Text(N_("A valid Service {name}{ns}: {requirements}"), name=self.name, ns=ns,
                        requirements=TextList(reqs, ", "))
        return Text(N_("A valid Service {name}{ns} exists"), name=self.name, ns=ns)

    def check(self, ctx: Context) -> GoalResult:
        found = ctx.service(self.name, self.namespace)
        if isinstance(found, Text):
            return self.failed(found)
        svc = found.service
        problems: list[Text | str] = []
        expected: list[Text | str] = []
        actual: list[Text | str] = []
        seen: list[Text | str] = []
        fixes: list[Text | str] = []
        if self.type is not None:
            expected.append(Text(N_("type {type}"), type=self.type))
            actual.append(Text(N_("type {type}"), type=svc.type))
            if svc.type != self.type:
                problems.append(Text(N_("Its type is {actual}; it should be {expected}."), actual=svc.type,
                                     expected=self.type))
                seen.append(Text(N_("Service {name} is of type {type}: {what}"), name=svc.name, type=svc.type,
                                 what=TYPE_MEANINGS.get(svc.type, "")))
                fixes.append(Text(N_("Leave type out (ClusterIP is the default) or write type: ClusterIP, and "
                                     "remove every nodePort.")) if self.type == "ClusterIP" else
                             Text(N_("Write type: {type} under spec."), type=self.type))
        if self.headless is not None:
            expected.append(Text(N_("headless")) if self.headless else Text(N_("not headless")))
            actual.append(Text(N_("headless")) if svc.headless else Text(N_("not headless")))
            if svc.headless != self.headless:
                problems.append(Text(N_("It is not headless: it has a cluster IP, so a lookup of its name returns "
                                        "one virtual IP.")) if self.headless else
                                Text(N_("It is headless (no cluster IP), so it has no virtual IP to send traffic "
                                        "to.")))
                seen.append(Text(N_("A lookup of {name} returns one virtual IP, not the Pods' addresses."),
                                 name=svc.name) if self.headless else
                            Text(N_("A lookup of {name} returns the Pods' addresses, not one virtual IP."),
                                 name=svc.name))
                fixes.append(Text(N_("Write clusterIP: None (capital N) under spec, when the Service is created.")
                                  ) if self.headless else Text(N_("Remove clusterIP: None.")))
        if self.external_name is not None:
            expected.append(Text(N_("externalName {name}"), name=self.external_name))
            actual.append(Text(N_("externalName {name}"), name=svc.external_name or "-"))
            # A trailing dot makes a DNS name fully qualified: `db.example.com.` is the same name.
            if svc.external_name.rstrip(".").lower() != self.external_name.rstrip(".").lower():
                problems.append(Text(N_("Its externalName is {actual}; it should be {expected}."),
                                     actual=svc.external_name or "-", expected=self.external_name))
                fixes.append(Text(N_("Write externalName: {name} (a host name: no scheme, no port)."),
                                  name=self.external_name))
        exp = TextList(expected) if expected else None
        act = TextList(actual) if actual else None
        if problems:
            return self.failed(TextList(problems, " "), exp, act, symptom=TextList(seen, " ") if seen else None,
                               fix=TextList(fixes, " ") if fixes else None)
        return self.passed(exp, act)

    def references(self, refs: References) -> None:
        refs.service(self.name, self.namespace)
