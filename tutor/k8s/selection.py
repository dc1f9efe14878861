"""Which Pods a Service selects, and which of them are (ready) endpoints.

This follows the EndpointSlice controller (``syncService``, ``Reconcile``,
``ShouldPodBeInEndpoints``, ``podToEndpoint``):

* ExternalName Services, and Services without a selector or with ``selector: {}``, get
  no managed endpoints: nothing is selected, however the Pods are labelled.
* Only Pods in the Service's namespace are considered.
* The selector is an equality map: a Pod matches when it has **every** selector label
  with exactly that value (case-sensitive keys and values); extra Pod labels are fine.
* A selected Pod is an endpoint when its phase is not Succeeded or Failed and it has a
  Pod IP; the controller also skips a Pod whose node does not exist, unless
  ``publishNotReadyAddresses``, and one without an address of the Service's family (an
  IPv6-only Pod for an IPv4 Service: a dual-stack Pod is an endpoint through its IPv4
  address, whichever address is primary). Terminating Pods stay endpoints, not ready.
* ``ready = publishNotReadyAddresses or (PodReady and not terminating)``;
  ``serving = PodReady``; ``terminating`` = the Pod has a deletionTimestamp. Only ready
  endpoints get traffic. (k8s.io/endpointslice v0.34 ``reconcileByAddressType``,
  ``podToEndpoint``, ``getEndpointAddresses``.)

Every Pod gets a :class:`PodVerdict` whose ``reason`` names the **deciding** label: the
first selector key, in the selector's order, that the Pod fails. Reasons are
:class:`~tutor.i18n.Text` objects, so they read in whatever language is current when
they are shown.

Speed: ``select`` only classifies (index by namespace; in a namespace with many Pods,
the cluster's label index narrows the candidates to the Pods having the selector's
rarest ``key=value``) and collects the selected Pods; the per-Pod verdicts and their
reasons are built the first time they are read, and only the ones read:
:meth:`Selection.selected_verdicts`, :meth:`Selection.unselected_verdicts` and
:meth:`Selection.listed` (what ``ktutor check`` prints) never build a verdict for every
Pod of the cluster.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from tutor.i18n import N_, Text
from tutor.k8s.cluster import Cluster
from tutor.k8s.model import Pod, Service
from tutor.lazy import LazySequence

# Shared, immutable reasons (one object for every Pod they apply to).
_NO_SELECTOR = Text(N_("this Service has no selector, so Kubernetes manages no endpoints for it"))
_EMPTY_SELECTOR = Text(N_("this Service's selector is empty ({}), so Kubernetes manages no endpoints for it"))
_EXTERNAL_NAME = Text(N_("ExternalName Services have no endpoints: DNS answers with a CNAME instead"))
_SHARED_EP = {
    "no_ip": Text(N_("selected, but not an endpoint: the Pod has no IP address yet "
                     "(it is not scheduled or still starting)")),
    "not_ready": Text(N_("a not-ready endpoint: the Pod's Ready condition is not true, so it gets no traffic")),
    "terminating": Text(N_("a not-ready endpoint: the Pod is terminating, so it gets no new traffic")),
    "published_not_ready": Text(N_("not ready, but publishNotReadyAddresses makes it a ready endpoint anyway")),
}

_new = object.__new__

#: The endpoint state of a selected Pod: (endpoint, ready, serving, endpoint_code).
State = tuple[bool, bool, bool, str | None]
_READY: State = (True, True, True, None)
_NOT_READY: State = (True, False, False, "not_ready")
_TERMINAL: State = (False, False, False, "terminal")
_NO_IP: State = (False, False, False, "no_ip")
_NODE_NOT_FOUND: State = (False, False, False, "node_not_found")
_NO_IPV4: State = (False, False, False, "no_ipv4")

#: Why a Pod is not selected: (reason_code, deciding label, how many more labels fail, reason).
Why = tuple[str | None, str | None, int, Text | None]
#: A reason still to be worked out (the first time it is read): ("?", selector).
Pending = tuple[str, dict[str, str]]
#: Why a selected Pod is not a (ready) endpoint: (endpoint_code, reason or None for the usual one).
EndpointWhy = tuple[str | None, Text | None]


class PodVerdict:
    """What the Service makes of one Pod.

    ``pod``; ``selected``; ``reason`` (why it is not selected, a Text; None when
    selected); ``reason_code`` (label_mismatch, label_missing, namespace, no_selector,
    external_name; None when selected); ``label`` (the deciding selector key); ``more``
    (how many more selector labels fail); ``endpoint``; ``ready``; ``serving``
    (EndpointSlice ``serving`` = PodReady); ``endpoint_reason`` (why a selected Pod is
    not an endpoint, or not a ready one; None for a ready endpoint); ``endpoint_code``
    (terminal, no_ip, node_not_found, no_ipv4, not_ready, terminating, published_not_ready)."""

    __slots__ = ("pod", "selected", "endpoint", "ready", "serving", "_why", "_ep")

    def __init__(self, pod: Pod, selected: bool, reason: Text | None = None, reason_code: str | None = None,
                 label: str | None = None, endpoint: bool = False, ready: bool = False,
                 endpoint_reason: Text | None = None, endpoint_code: str | None = None,
                 serving: bool | None = None, more: int = 0) -> None:
        self.pod = pod
        self.selected = selected
        self.endpoint = endpoint
        self.ready = ready
        self.serving = ready if serving is None else serving
        # _why: None (selected), or (code, label, more, Text) once known, or
        # ("?", selector) until the deciding label is worked out
        self._why: Why | Pending | None = (None if reason is None and reason_code is None
                                           else (reason_code, label, more, reason))
        self._ep: EndpointWhy | None = (None if endpoint_reason is None and endpoint_code is None
                                        else (endpoint_code, endpoint_reason))

    @classmethod
    def _fast(cls, pod: Pod, selected: bool, endpoint: bool, ready: bool, serving: bool, why: Why | Pending | None,
              ep: EndpointWhy | None) -> PodVerdict:
        v: PodVerdict = _new(cls)
        v.pod, v.selected, v.endpoint, v.ready, v.serving, v._why, v._ep = pod, selected, endpoint, ready, serving, why, ep
        return v

    def _resolved(self) -> Why | None:
        why = self._why
        if why is not None and len(why) == 2:
            why = self._why = _decide(why[1], self.pod.labels)
        return why

    @property
    def reason_code(self) -> str | None:
        why = self._resolved()
        return why[0] if why else None

    @property
    def label(self) -> str | None:
        why = self._resolved()
        return why[1] if why else None

    @property
    def more(self) -> int:
        why = self._resolved()
        return why[2] if why else 0

    @property
    def reason(self) -> Text | None:
        why = self._resolved()
        if why is None:
            return None
        if why[2]:
            return Text(N_("{reason} (+{count} more)"), reason=why[3], count=why[2])
        return why[3]

    @property
    def endpoint_code(self) -> str | None:
        return self._ep[0] if self._ep else None

    @property
    def endpoint_reason(self) -> Text | None:
        ep = self._ep
        if ep is None:
            return None
        code, text = ep
        if text is not None:
            return text
        pod = self.pod
        if code == "terminal":
            return Text(N_("selected, but not an endpoint: the Pod has finished (phase {phase})"), phase=pod.phase)
        if code == "node_not_found":
            return Text(N_("selected, but not an endpoint: its node {node} does not exist"), node=pod.node or "-")
        if code == "no_ipv4":
            return Text(N_("selected, but not an endpoint: the Pod has no IPv4 address ({ips}), and this Service's "
                           "endpoints are IPv4"), ips=", ".join(pod.ips) or "-")
        return _SHARED_EP.get(code or "")

    def __repr__(self) -> str:
        return (f"PodVerdict({self.pod.namespace}/{self.pod.name}, selected={self.selected}, "
                f"code={self.reason_code}, endpoint={self.endpoint}, ready={self.ready})")

    def to_json(self) -> dict[str, Any]:
        reason, ep_reason = self.reason, self.endpoint_reason
        return {
            "name": self.pod.name,
            "namespace": self.pod.namespace,
            "selected": self.selected,
            "reason": str(reason) if reason is not None else None,
            "code": self.reason_code,
            "endpoint": self.endpoint,
            "ready": self.ready,
            "endpoint_reason": str(ep_reason) if ep_reason is not None else None,
            "endpoint_code": self.endpoint_code,
        }


def _decide(selector: dict[str, str], labels: dict[str, str]) -> tuple[str, str, int, Text]:
    """(code, deciding key, how many more fail, reason) for a Pod the selector rejects."""
    first: tuple[str, str, Text] | None = None
    more = 0
    for key, wanted in selector.items():
        value = labels.get(key)
        if value == wanted:
            continue
        if first is not None:
            more += 1
        elif value is None:
            other = next((k for k in labels if k.lower() == key.lower()), None)
            if other is not None:
                first = ("label_missing", key, Text(
                    N_("missing label {key} (the Pod has {other}: label keys are case-sensitive)"),
                    key=key, other=other))
            else:
                first = ("label_missing", key, Text(N_("missing label {key}"), key=key))
        elif value.lower() == wanted.lower():
            first = ("label_mismatch", key, Text(N_("{key}: {value} ≠ {wanted} (label values are case-sensitive)"),
                                                 key=key, value=value, wanted=wanted))
        else:
            first = ("label_mismatch", key, Text(N_("{key}: {value} ≠ {wanted}"), key=key, value=value,
                                                 wanted=wanted))
    if first is None:  # pragma: no cover - only called for rejected Pods
        raise ValueError("the Pod matches the selector")
    return first[0], first[1], more, first[2]


class _Considered:
    """What :func:`select` saw (snapshots: the cluster may change later) and decided,
    from which the verdicts are made when read: the Pods of the Service's namespace
    (``local``) and of the others (``rest``), the selected ones and their endpoint
    states, the reason shared by the unselected local Pods and the selector."""

    __slots__ = ("local", "rest", "selected", "states", "why", "selector")

    def __init__(self, local: list[Pod], rest: list[tuple[str, list[Pod]]], selected: list[Pod],
                 states: list[State], why: Why | Pending, selector: dict[str, str] | None) -> None:
        self.local = local
        self.rest = rest
        self.selected = selected
        self.states = states
        self.why = why
        self.selector = selector


class Selection:
    """The result of :func:`select`: ``service``, ``manages_endpoints``, ``verdicts``
    (one per Pod considered), ``reason``/``reason_code`` (why no endpoints are managed:
    no_selector, empty_selector, external_name) and the Pod lists ``selected``,
    ``endpoints``, ``ready`` and ``not_ready``.

    Made by :func:`select`, a selection makes a Pod's verdict only when it is read;
    made by hand from a list of verdicts, it reads that list."""

    def __init__(self, service: Service, manages_endpoints: bool, verdicts: list[PodVerdict] | None = None,
                 reason: Text | None = None, reason_code: str | None = None) -> None:
        self.service = service
        self.manages_endpoints = manages_endpoints
        self.reason = reason
        self.reason_code = reason_code
        self._verdicts = verdicts
        #: set by select(): what the verdicts are made from
        self._seen: _Considered | None = None
        self._unselected: _Unselected | None = None

    # ------------------------------------------------------------------ verdicts
    @property
    def verdicts(self) -> list[PodVerdict]:
        if self._verdicts is None:
            seen = self._seen
            self._verdicts = _all_verdicts(seen, self.service.namespace) if seen is not None else []
        return self._verdicts

    def _lazy(self) -> _Considered | None:
        """What ``select`` saw, while the verdicts can still be made one by one (the
        full list was not built yet)."""
        return self._seen if self._verdicts is None else None

    def selected_verdicts(self) -> Sequence[PodVerdict]:
        """The verdicts of the selected Pods, in ``verdicts`` order. A sequence whose
        verdicts are made when read (its length is known at once)."""
        seen = self._lazy()
        if seen is None:
            return [v for v in self.verdicts if v.selected]
        return _Selected(seen.selected, seen.states)

    def unselected_verdicts(self) -> Sequence[PodVerdict]:
        """The verdicts of the Pods not selected, in ``verdicts`` order. A sequence whose
        verdicts are made when read (its length is known at once)."""
        seen = self._lazy()
        if seen is None:
            return [v for v in self.verdicts if not v.selected]
        if self._unselected is None:
            self._unselected = _Unselected(seen, self.service.namespace)
        return self._unselected

    def listed(self, max_unselected: int) -> tuple[list[PodVerdict], int]:
        """``(verdicts, omitted)``: every selected Pod's verdict and the first
        ``max_unselected`` others, in ``verdicts`` order, and how many others are left
        out. The same as filtering ``verdicts``, without making a verdict per Pod."""
        seen = self._lazy()
        out: list[PodVerdict] = []
        if seen is None:
            others = omitted = 0
            for v in self.verdicts:
                if v.selected:
                    out.append(v)
                elif others < max_unselected:
                    others += 1
                    out.append(v)
                else:
                    omitted += 1
            return out, omitted
        chosen = self.selected_verdicts()
        unselected = self.unselected_verdicts()
        others = i = 0
        if chosen:
            ids = {id(p) for p in seen.selected}
            why, fast = seen.why, PodVerdict._fast
            for pod in seen.local:
                if id(pod) in ids:
                    out.append(chosen[i])
                    i += 1
                elif others < max_unselected:
                    others += 1
                    out.append(fast(pod, False, False, False, False, why, None))
                else:
                    break
            out.extend(chosen[i:])
            local_others = len(seen.local) - len(chosen)
            if others == local_others:  # every local one is listed: go on with other namespaces
                more = min(max_unselected - others, len(unselected) - others)
                out.extend(unselected[others + j] for j in range(max(0, more)))
                others += max(0, more)
        else:
            others = min(max_unselected, len(unselected))
            out.extend(unselected[j] for j in range(others))
        return out, len(unselected) - others

    def _pairs(self) -> list[tuple[Pod, State]]:
        """(Pod, state) for every selected Pod."""
        seen = self._seen
        if seen is not None:
            return list(zip(seen.selected, seen.states))
        return [(v.pod, (v.endpoint, v.ready, v.serving, v.endpoint_code)) for v in self.verdicts if v.selected]

    @property
    def selected(self) -> list[Pod]:
        if self._seen is not None:
            return list(self._seen.selected)
        return [v.pod for v in self.verdicts if v.selected]

    @property
    def selected_states(self) -> Sequence[State]:
        """``(endpoint, ready, serving, endpoint_code)`` of each selected Pod, in
        ``selected`` order (not a copy: read only; thousands of Pods)."""
        if self._seen is not None:
            return self._seen.states
        return [s for _p, s in self._pairs()]

    def considered_pods(self) -> tuple[Sequence[Pod], ...]:
        """The Pods the Service considered, in ``verdicts`` order: its namespace's, then
        each other namespace's (the lists :func:`select` took: read only)."""
        seen = self._seen
        if seen is None:
            return ([v.pod for v in self.verdicts],)
        return (seen.local, *(pods for _ns, pods in seen.rest))

    @property
    def endpoints(self) -> list[Pod]:
        return [p for p, s in self._pairs() if s[0]]

    @property
    def ready(self) -> list[Pod]:
        return [p for p, s in self._pairs() if s[1]]

    @property
    def not_ready(self) -> list[Pod]:
        return [p for p, s in self._pairs() if s[0] and not s[1]]

    def endpoint_lists(self) -> tuple[list[Pod], list[bool]]:
        """(endpoint Pods, their readiness), in order: two lists, no tuple per Pod
        (what port mapping needs, for thousands of Pods)."""
        seen = self._seen
        if seen is not None:
            states = seen.states
            if all(s[0] for s in states):
                return seen.selected, [s[1] for s in states]
            return ([p for p, s in zip(seen.selected, states) if s[0]], [s[1] for s in states if s[0]])
        pairs = self.endpoint_states()
        return [p for p, _r in pairs], [r for _p, r in pairs]

    def endpoint_states(self) -> list[tuple[Pod, bool]]:
        """``(pod, ready)`` for every endpoint, in order."""
        return [(p, s[1]) for p, s in self._pairs() if s[0]]

    def verdict(self, name: str, namespace: str | None = None) -> PodVerdict | None:
        ns = self.service.namespace if namespace is None else namespace
        for v in self.verdicts:
            if v.pod.name == name and v.pod.namespace == ns:
                return v
        return None

    def reason_for(self, pod: Pod) -> Text | None:
        """Why ``pod`` is not a ready endpoint of the Service (not selected: the deciding
        label; selected: why it is no endpoint or a not-ready one), None when it is one.
        Made for this one Pod, without the verdicts of the others."""
        for p, state in self._pairs():
            if p is pod or (p.name == pod.name and p.namespace == pod.namespace):
                if state[0] and state[1] and state[3] is None:
                    return None
                return PodVerdict._fast(p, True, state[0], state[1], state[2], None,
                                        None if state[3] is None else (state[3], None)).endpoint_reason
        if pod.namespace != self.service.namespace:
            return Text(N_("other namespace ({namespace})"), namespace=pod.namespace)
        if not self.manages_endpoints or not self.service.selector:
            return self.reason
        return _decide(self.service.selector, pod.labels)[3]

    def why_no_endpoints(self) -> tuple[str, Text] | None:
        """``(code, text)`` explaining an empty endpoint list (None when there are
        endpoints). Codes: no_selector, empty_selector, external_name, no_match,
        no_endpoint."""
        if not self.manages_endpoints:
            return self.reason_code or "no_selector", self.reason or _NO_SELECTOR
        if self.endpoints:
            return None
        selector = ", ".join(f"{k}={v}" for k, v in (self.service.selector or {}).items())
        chosen = self.selected_verdicts()
        if chosen:
            return "no_endpoint", Text(N_("the selector matches Pods, but none of them is an endpoint "
                                          "(for example {pod}: {reason})"), pod=chosen[0].pod.name,
                                       reason=chosen[0].endpoint_reason or "")
        near = next((v for v in self.unselected_verdicts() if v.pod.namespace == self.service.namespace), None)
        if near is None:
            return "no_match", Text(N_("the selector {selector} matches no Pods: there are no Pods in "
                                       "namespace {namespace}"), selector=selector,
                                    namespace=self.service.namespace)
        return "no_match", Text(N_("the selector {selector} matches no Pods (for example {pod}: {reason})"),
                                selector=selector, pod=near.pod.name, reason=near.reason or "")

    def empty_reason(self) -> Text | None:
        """The one reason that matters for a Service without endpoints, for someone
        reading a whole cluster: for a selector that matches nothing, the selector label
        no Pod of the namespace has, with what the Pods there have instead ("no Pod in
        namespace prod has tier=frontend; Pods there have tier=front, tier=db"). None
        when the Service has endpoints."""
        why = self.why_no_endpoints()
        if why is None:
            return None
        if why[0] != "no_match":
            return why[1]
        seen = self._seen
        pods = seen.local if seen is not None else [v.pod for v in self.verdicts
                                                     if v.pod.namespace == self.service.namespace]
        return no_match_reason(self.service.selector or {}, pods, self.service.namespace)

    def to_json(self) -> dict[str, Any]:
        return {
            "manages_endpoints": self.manages_endpoints,
            "reason": str(self.reason) if self.reason is not None else None,
            "selected": [p.name for p in self.selected],
            "endpoints": [p.name for p in self.endpoints],
            "ready": [p.name for p in self.ready],
            "not_ready": [p.name for p in self.not_ready],
            "pods": [v.to_json() for v in self.verdicts],
        }

    def __repr__(self) -> str:
        return (f"Selection({self.service.namespace}/{self.service.name}, manages_endpoints={self.manages_endpoints}, "
                f"selected={[p.name for p in self.selected]})")


#: label values (or keys) named at most when saying what the Pods have instead
SHOWN_VALUES = 5


def _most_common(values: Sequence[str]) -> str:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    ranked = sorted(counts, key=lambda v: (-counts[v], v))
    shown = ", ".join(ranked[:SHOWN_VALUES])
    return shown + (f" (+{len(ranked) - SHOWN_VALUES})" if len(ranked) > SHOWN_VALUES else "")


def no_match_reason(selector: dict[str, str], pods: Sequence[Pod], namespace: str) -> Text:
    """Why ``selector`` matches none of ``pods`` (the Pods of ``namespace``): the first
    selector label that no Pod has, with the values (or the keys) the Pods have instead;
    when each label alone matches some Pod, the label the Pods with the first one lack."""
    if not pods:
        return Text(N_("there are no Pods in namespace {namespace}"), namespace=namespace)
    for key, wanted in selector.items():
        if any(p.labels.get(key) == wanted for p in pods):
            continue
        values = [p.labels[key] for p in pods if key in p.labels]
        if values:
            return Text(N_("no Pod in namespace {namespace} has {label}; Pods there have {others}"),
                        namespace=namespace, label=f"{key}={wanted}",
                        others=_most_common([f"{key}={v}" for v in values]))
        keys = [k for p in pods for k in p.labels]
        return Text(N_("no Pod in namespace {namespace} has the label {key}; the labels there are {keys}"),
                    namespace=namespace, key=key, keys=_most_common(keys) or "-")
    (k1, v1), *rest = selector.items()
    having = [p for p in pods if p.labels.get(k1) == v1]
    for key, wanted in rest:
        if all(p.labels.get(key) != wanted for p in having):
            values = [f"{key}={p.labels[key]}" for p in having if key in p.labels]
            if not values:
                return Text(N_("the Pods in namespace {namespace} with {first} have no label {key}"),
                            namespace=namespace, first=f"{k1}={v1}", key=key)
            return Text(N_("the Pods in namespace {namespace} with {first} do not have {label}: they have {others}"),
                        namespace=namespace, first=f"{k1}={v1}", label=f"{key}={wanted}",
                        others=_most_common(values))
    return Text(N_("no Pod in namespace {namespace} has all of {selector}"), namespace=namespace,  # pragma: no cover
                selector=", ".join(f"{k}={v}" for k, v in selector.items()))


class _Verdicts(LazySequence[PodVerdict]):
    """Verdicts made when first read (``_make(index)``), then kept."""

    def _make(self, index: int) -> PodVerdict:  # pragma: no cover - abstract
        raise NotImplementedError


class _Selected(_Verdicts):
    """The verdicts of the selected Pods (from the Pods and their endpoint states)."""

    def __init__(self, pods: list[Pod], states: list[State]) -> None:
        self._pods, self._states = pods, states
        self._count = len(pods)
        self._cache: dict[int, PodVerdict] = {}

    def _make(self, index: int) -> PodVerdict:
        s = self._states[index]
        return PodVerdict._fast(self._pods[index], True, s[0], s[1], s[2], None, None if s[3] is None else (s[3], None))


class _Unselected(_Verdicts):
    """The verdicts of the Pods a :class:`Selection` did not select, made when read:
    first the Service's namespace (cluster order), then the other namespaces."""

    def __init__(self, seen: _Considered, own: str) -> None:
        # what the verdicts are made from (not the Selection itself, which keeps this:
        # no reference cycle for the garbage collector to find)
        self._local = local = seen.local
        self._chosen = chosen = seen.selected
        self._rest = seen.rest
        self._why, self._selector, self._own = seen.why, seen.selector, own
        self._local_count = len(local) - len(chosen)
        starts, total = [], self._local_count
        for _ns, pods in seen.rest:
            starts.append(total)
            total += len(pods)
        self._starts = starts
        self._count = total
        self._pods: list[Pod] | None = None  # the local Pods not selected, when first needed
        self._cache: dict[int, PodVerdict] = {}
        self._reasons: dict[str, Why] = {}

    def _make(self, index: int) -> PodVerdict:
        fast = PodVerdict._fast
        if index < self._local_count:
            pods = self._pods
            if pods is None:
                if self._chosen:
                    ids = {id(p) for p in self._chosen}
                    pods = [p for p in self._local if id(p) not in ids]
                else:
                    pods = list(self._local)
                self._pods = pods
            return fast(pods[index], False, False, False, False, self._why, None)
        n = bisect_right(self._starts, index) - 1
        ns, pods = self._rest[n]
        pod = pods[index - self._starts[n]]
        return fast(pod, False, False, False, False, _namespace_why(ns, self._own, self._selector, pod,
                                                                    self._reasons), None)


def _namespace_why(ns: str, own: str, selector: dict[str, str] | None, pod: Pod, shared: dict[str, Why]) -> Why:
    """The reason of a Pod of another namespace (the plain one shared per namespace)."""
    if selector and selector.items() <= pod.labels.items():
        return ("namespace", None, 0, Text(N_("other namespace ({namespace}): its labels match, but a "
                                              "Service only selects Pods in its own namespace ({own})"),
                                           namespace=ns, own=own))
    plain = shared.get(ns)
    if plain is None:
        plain = shared[ns] = ("namespace", None, 0, Text(N_("other namespace ({namespace})"), namespace=ns))
    return plain


def _state(pod: Pod, publish: bool, nodes: set[str]) -> State:
    phase = pod.phase
    if phase == "Succeeded" or phase == "Failed":
        return _TERMINAL
    if not pod.ip and not pod.ips:
        return _NO_IP
    if pod.node not in nodes and not publish:
        return _NODE_NOT_FOUND
    if not pod.ip:  # only IPv6 addresses: no address for this IPv4 Service's slice
        return _NO_IPV4
    if publish:
        if pod.ready and not pod.terminating:
            return _READY
        return (True, True, pod.ready, "published_not_ready")
    if pod.terminating:
        return (True, False, pod.ready, "terminating")
    return _READY if pod.ready else _NOT_READY


#: A namespace with at least this many Pods is searched through the cluster's label index.
INDEXED = 64


def _matching(pods: list[Pod], selector: dict[str, str], cluster: Cluster | None = None,
              namespace: str = "") -> list[Pod]:
    """The Pods having every selector label, in ``pods`` order (small selectors
    unrolled: this is the hot loop of the live editor). In a big namespace, only the
    Pods listed under the selector's rarest ``key=value`` in the cluster's label index
    are tested (``ktutor check`` selects for every Service of a text among the same
    thousands of Pods)."""
    items = list(selector.items())
    if len(pods) >= INDEXED and cluster is not None:
        postings = cluster.label_postings(namespace, pods)
        if postings is not None:
            lists = [postings.get(item) for item in items]
            found = [positions for positions in lists if positions is not None]
            if len(found) < len(lists):
                return []
            rarest = min(found, key=len)
            pods = list(map(pods.__getitem__, rarest))
            if len(items) == 1:
                return pods  # the Pods listed under the only key=value
    if len(items) == 1:
        ((k1, v1),) = items
        return [p for p in pods if p.labels.get(k1) == v1]
    if len(items) == 2:
        (k1, v1), (k2, v2) = items
        return [p for p in pods if (lab := p.labels).get(k1) == v1 and lab.get(k2) == v2]
    if len(items) == 3:
        (k1, v1), (k2, v2), (k3, v3) = items
        return [p for p in pods if (lab := p.labels).get(k1) == v1 and lab.get(k2) == v2 and lab.get(k3) == v3]
    wanted = selector.items()
    return [p for p in pods if wanted <= p.labels.items()]


def select(service: Service, cluster: Cluster, *, others: bool = True) -> Selection:
    """The Pods of ``cluster`` as the EndpointSlice controller sees them for ``service``.

    ``verdicts`` lists the Pods of the Service's namespace (cluster order), then, with
    ``others`` (the default), every Pod of the other namespaces (reason ``namespace``)."""
    namespace = service.namespace
    # snapshots: the verdicts are built later, and the cluster may change meanwhile
    local = cluster.pods_in(namespace)
    rest = cluster.namespace_pods(skip=namespace) if others else []
    selector = dict(service.selector) if service.selector is not None else None
    result = Selection(service, service.type != "ExternalName" and bool(selector))

    if not result.manages_endpoints or not selector:
        if service.type == "ExternalName":
            result.reason, result.reason_code = _EXTERNAL_NAME, "external_name"
        elif selector is None:
            result.reason, result.reason_code = _NO_SELECTOR, "no_selector"
        else:
            result.reason, result.reason_code = _EMPTY_SELECTOR, "empty_selector"
        why: Why = ("external_name" if service.type == "ExternalName" else "no_selector", None, 0, result.reason)
        result._seen = _Considered(local, rest, [], [], why, None)
        return result

    publish = service.publish_not_ready_addresses
    nodes = {n.name for n in cluster.nodes}
    chosen = _matching(local, selector, cluster, namespace)
    if publish:
        states = [_state(pod, True, nodes) for pod in chosen]
    else:  # the common case inline: a running, ready Pod with an IP on a known node
        states = [_READY if pod.ready and pod.ip and pod.phase == "Running" and not pod.terminating
                  and pod.node in nodes else _state(pod, False, nodes) for pod in chosen]
    result._seen = _Considered(local, rest, chosen, states, ("?", selector), selector)
    return result


def _all_verdicts(seen: _Considered, namespace: str) -> list[PodVerdict]:
    """Every verdict of a selection, in order (the Service's namespace first)."""
    fast = PodVerdict._fast
    state_of = {id(p): s for p, s in zip(seen.selected, seen.states)}
    why = seen.why
    out: list[PodVerdict] = []
    append = out.append
    for pod in seen.local:
        s = state_of.get(id(pod))
        if s is None:
            append(fast(pod, False, False, False, False, why, None))
        else:
            append(fast(pod, True, s[0], s[1], s[2], None, None if s[3] is None else (s[3], None)))
    out.extend(_other_namespaces(seen.rest, namespace, seen.selector))
    return out


def _other_namespaces(rest: list[tuple[str, list[Pod]]], namespace: str,
                      selector: dict[str, str] | None) -> list[PodVerdict]:
    out: list[PodVerdict] = []
    fast = PodVerdict._fast
    shared: dict[str, Why] = {}
    for ns, pods in rest:
        for pod in pods:
            out.append(fast(pod, False, False, False, False, _namespace_why(ns, namespace, selector, pod, shared),
                            None))
    return out
