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
        if self.type is not None:
            expected.append(Text(N_("type {type}"), type=self.type))
            actual.append(Text(N_("type {type}"), type=svc.type))
            if svc.type != self.type:
                problems.append(Text(N_("Its type is {actual}; it should be {expected}."), actual=svc.type,
                                     expected=self.type))
        if self.headless is not None:
            expected.append(Text(N_("headless")) if self.headless else Text(N_("not headless")))
            actual.append(Text(N_("headless")) if svc.headless else Text(N_("not headless")))
            if svc.headless != self.headless:
                problems.append(Text(N_("It is not headless: it has a cluster IP, so a lookup of its name returns "
                                        "one virtual IP.")) if self.headless else
                                Text(N_("It is headless (no cluster IP), so it has no virtual IP to send traffic "
                                        "to.")))
        if self.external_name is not None:
            expected.append(Text(N_("externalName {name}"), name=self.external_name))
            actual.append(Text(N_("externalName {name}"), name=svc.external_name or "-"))
            # A trailing dot makes a DNS name fully qualified: `db.example.com.` is the same name.
            if svc.external_name.rstrip(".").lower() != self.external_name.rstrip(".").lower():
                problems.append(Text(N_("Its externalName is {actual}; it should be {expected}."),
                                     actual=svc.external_name or "-", expected=self.external_name))
        exp = TextList(expected) if expected else None
        act = TextList(actual) if actual else None
        if problems:
            return self.failed(TextList(problems, " "), exp, act)
        return self.passed(exp, act)

    def references(self, refs: References) -> None:
        refs.service(self.name, self.namespace)
