"""Evaluate manifest texts the way ``kubectl apply -f`` and a real cluster would.

Every object of a text (a document, or an item of a List: see :mod:`tutor.k8s.yamlpos`)
is classified:

* ``v1 Service``: checked through every stage, in order, the first failing stage being
  the only one reported: parse -> kind -> decode -> (defaulting) -> allocation ->
  validation. A valid Service is admitted into the evaluation's cluster, in document
  order (a later Service sees the node ports of an earlier one).
* ``v1 Pod``: added to the cluster; a malformed Pod gives a result with errors (at the
  field's line). A Pod with live state (``status``) is read as the EndpointSlice
  controller reads it (:mod:`tutor.k8s.pods`).
* workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job): when the input holds
  live Pods of the workload (owned through ``ownerReferences``, also Deployment ->
  ReplicaSet -> Pod, or matched by its selector in its namespace) those are its Pods
  (``pods_from: "live"``); a ReplicaSet whose owner is in the input is simulated by that
  owner (``"owner"``); otherwise the Pods its template would create are added
  (``"template"``).
* live state: ``v1 Node`` objects are the cluster's nodes (without any, every node a Pod
  names in ``spec.nodeName`` exists); EndpointSlices and Endpoints are compared with the
  endpoints computed for their Service (warnings on the Service).
* ``networking.k8s.io/v1 NetworkPolicy``: admitted like the API server would
  (:mod:`tutor.k8s.netpol`); a valid one joins the cluster's policies
  (:attr:`Cluster.policies`, a later one of the same namespace/name replacing it), which
  traces follow. ``v1 Namespace`` objects give their namespace's labels (namespace
  selectors); they are not checked (``skipped``).
* a document that tries and fails to be one of those (``kind: service``, a wrong or
  missing ``apiVersion``, a misspelled ``kind`` key...): a ``kind``-stage error.
* any other well-formed object: ``skipped``.

A key written twice in one mapping is a warning (kubectl keeps the last value, silently).
Then, against the final cluster, each valid Service gets its selection (which Pods,
which endpoints) and port mapping, plus warnings for likely mistakes that Kubernetes
accepts (a selector that matches nothing, a targetPort no container declares...).

:func:`evaluate` does this for one text on a copy of a base cluster (the lab, lessons);
:func:`evaluate_all` for several texts sharing one cluster built from all of them first
(``ktutor check``). The caller's ``base`` cluster is never changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.i18n import N_, Text, format_number
from tutor.k8s import live
from tutor.k8s import pods as pods_mod
from tutor.k8s.allocate import allocate, assign_load_balancer_ip
from tutor.k8s.cluster import Cluster
from tutor.k8s.decode import Positions, decode
from tutor.k8s.defaults import Draft, apply_defaults, draft_from, to_model
from tutor.k8s.explain import error_json, warning_text
from tutor.k8s.field import ErrorType, FieldError
from tutor.k8s.model import Node, Pod, Pos, Service
from tutor.k8s.ports import PortMapping, map_ports
from tutor.k8s.selection import Selection, select
from tutor.k8s.usage import Usage
from tutor.k8s.validate import validate_service
from tutor.k8s.yamlpos import (
    STR,
    Document,
    ParseResult,
    YMap,
    YNode,
    YScalar,
    YSeq,
    node_at,
    parse,
    to_python,
    to_python_view,
)

if TYPE_CHECKING:
    from tutor.k8s.netpol.documents import PolicySelection

POD_KINDS = {"Pod": "v1"}
#: every kind a document is classified by: (kind -> apiVersion)
KNOWN_KINDS: dict[str, str] = {**POD_KINDS, **pods_mod.WORKLOAD_KINDS, "Service": "v1"}
#: what the live-state kinds are classified as
_LIVE_WHAT = {"Node": "node", "EndpointSlice": "slice", "Endpoints": "endpoints"}
NAMESPACE_KIND = ("Namespace", "v1")


@dataclass
class Warning:  # noqa: A001 - the name the TUI and checker use
    """A likely mistake that Kubernetes accepts (the Service stays valid). ``file``: set
    when the warning points into another file than its document's (an EndpointSlice
    compared with a Service of another file)."""

    code: str
    message: Text
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"code": self.code, "message": str(self.message), "line": self.line, "column": self.column}
        if self.file is not None:
            out["file"] = self.file
        return out


@dataclass
class DocResult:
    index: int
    kind: str | None
    api_version: str | None
    name: str | None
    namespace: str
    pos: Pos | None
    valid: bool
    stage: str | None  # "parse" | "kind" | "decode" | "allocation" | "validation" | None
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    skipped: bool = False
    service: Service | None = None
    #: which Pods the Service selects (a valid Service only)
    selection: Selection | None = None
    #: how each Service port maps to the selected Pods (a valid Service only)
    ports: list[PortMapping] | None = None
    pod_names: list[str] = field(default_factory=list)
    #: where each field of a Service document is (for editors); not part of the JSON
    positions: Positions | None = field(default=None, repr=False, compare=False)
    #: the item's index in its List (None: the document is not a List)
    item: int | None = None
    #: a workload's Pods: "live" (from the input), "owner" (its owner's), "template" (simulated)
    pods_from: str | None = None
    #: which Pods a valid NetworkPolicy selects (``selection`` in the JSON)
    policy: PolicySelection | None = None

    @property
    def is_service(self) -> bool:
        return self.kind == "Service" or (self.stage == "kind" and _looks_like_service(self))

    def to_json(self, max_pods: int | None = None) -> dict[str, Any]:
        """JSON of this result. ``max_pods`` limits the Pods that are *not* selected
        listed under ``selection.pods`` (``selection.omitted`` counts the rest)."""
        return {
            "document": self.index,
            "item": self.item,
            "kind": self.kind,
            "apiVersion": self.api_version,
            "name": self.name,
            "namespace": self.namespace,
            "valid": self.valid,
            "skipped": self.skipped,
            "stage": self.stage,
            "line": self.pos.line if self.pos else None,
            "column": self.pos.column if self.pos else None,
            "errors": [error_json(e) for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
            "service": self.service.to_json() if self.service is not None else None,
            "selection": (self.policy.to_json() if self.policy is not None
                          else _selection_json(self.selection, max_pods) if self.valid else None),
            "ports": [p.to_json() for p in self.ports] if (self.valid and self.ports is not None) else None,
            "pods": list(self.pod_names),
            "pods_from": self.pods_from,
        }


def _selection_json(selection: Selection | None, max_pods: int | None) -> dict[str, Any] | None:
    if selection is None:
        return None
    if max_pods is None:
        return selection.to_json()
    verdicts, omitted = selection.listed(max_pods)  # only the verdicts listed are made
    why = selection.empty_reason()
    return {
        "manages_endpoints": selection.manages_endpoints,
        "reason": str(selection.reason) if selection.reason is not None else None,
        "selected": [p.name for p in selection.selected],
        "endpoints": [p.name for p in selection.endpoints],
        "ready": [p.name for p in selection.ready],
        "not_ready": [p.name for p in selection.not_ready],
        "no_endpoints": str(why) if why is not None else None,
        "pods": [v.to_json() for v in verdicts],
        "omitted": omitted,
    }


def _looks_like_service(d: DocResult) -> bool:
    return (d.kind or "").lower() == "service" or d.kind is None


@dataclass
class Evaluation:
    text: str | bytes
    filename: str | None
    parse_error: FieldError | None
    documents: list[DocResult]
    #: the cluster after this evaluation (a copy of the base, with what the text added)
    cluster: Cluster

    @property
    def services(self) -> list[DocResult]:
        """The documents that are (or try to be) Services."""
        return [d for d in self.documents if d.is_service]

    @property
    def valid(self) -> bool:
        return self.parse_error is None and all(d.valid for d in self.documents if not d.skipped)

    @property
    def has_manifest(self) -> bool:
        """The text holds a manifest, not only comments or empty documents (a Namespace
        is read for its labels, so it counts although it is not checked)."""
        return any(not d.skipped or d.kind == "Namespace" for d in self.documents)

    @property
    def errors(self) -> list[FieldError]:
        out = [self.parse_error] if self.parse_error else []
        for d in self.documents:
            out.extend(d.errors)
        return out

    @property
    def warnings(self) -> list[Warning]:
        return [w for d in self.documents for w in d.warnings]

    def service(self, name: str, namespace: str = "default") -> DocResult | None:
        for d in self.documents:
            if d.kind == "Service" and d.name == name and d.namespace == namespace:
                return d
        return None


# --------------------------------------------------------------------------- kind stage
def _scalar_str(node: YNode | None) -> str | None:
    if isinstance(node, YScalar) and node.tag == STR:
        return str(node.value)
    return None


def _kind_error(problem: str, pos: Pos, code: str, path: str | None,
                params: dict[str, Any] | None = None) -> FieldError:
    return FieldError(type=ErrorType.KIND, path=path, message=problem, line=pos.line, column=pos.column,
                      code=code, params=dict(params or {}), detail=problem)


def _json_type(node: YNode) -> str:
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    tag = node.tag if isinstance(node, YScalar) else STR
    return {"int": "number", "float": "number", "bool": "bool", "null": "null"}.get(tag, "string")


def _classify(doc: Document, known: dict[str, str]) -> tuple[str, list[FieldError], str | None, str | None]:
    """('service'|'pod'|'workload'|'networkpolicy'|'node'|'slice'|'endpoints'|'other'|'error',
    kind errors, kind, apiVersion)."""
    root = doc.root
    if not isinstance(root, YMap):
        jt = _json_type(root)
        msg = f"json: cannot unmarshal {jt} into Go value of type map[string]interface {{}}"
        return "error", [_kind_error(msg, doc.pos, "P-NOT-OBJECT", None, {"json_type": jt})], None, None
    api_node, kind_node = root.get("apiVersion"), root.get("kind")
    api, kind = _scalar_str(api_node), _scalar_str(kind_node)
    if (kind or "").lower() == "networkpolicy":
        from tutor.k8s.netpol.documents import classify

        return classify(root, doc.pos)
    errors: list[FieldError] = []
    if not api:
        errors.append(_kind_error("error validating data: apiVersion not set", doc.pos, "P-KIND-APIVERSION",
                                  "apiVersion", {"kind": kind or ""}))
    if not kind:
        errors.append(_kind_error("error validating data: kind not set", doc.pos, "P-KIND-KIND", "kind",
                                  {"api_version": api or ""}))
    if errors or not api or not kind:
        return "error", errors, kind, api
    if kind in known and api == known[kind]:
        if kind == "Service":
            return "service", [], kind, api
        if kind == "Pod":
            return "pod", [], kind, api
        return "workload", [], kind, api
    if live.LIVE_KINDS.get(kind) == api:
        return _LIVE_WHAT[kind], [], kind, api
    if (kind, api) == NAMESPACE_KIND:
        return "namespace", [], kind, api
    wanted = {k.lower(): k for k in known}
    if kind.lower() in wanted:
        want_kind = wanted[kind.lower()]
        where_node = kind_node if kind != want_kind else api_node
        where = where_node.pos if where_node is not None else doc.pos
        msg = f'no matches for kind "{kind}" in version "{api}"'
        return "error", [_kind_error(msg, where, "P-KIND-NO-MATCH", "kind" if kind != want_kind else "apiVersion",
                                     {"kind": kind, "api_version": api, "want_kind": want_kind,
                                      "want_version": known[want_kind]})], kind, api
    return "other", [], kind, api


def _meta(root: YNode) -> tuple[str | None, str]:
    if not isinstance(root, YMap):
        return None, "default"
    meta = root.get("metadata")
    if not isinstance(meta, YMap):
        return None, "default"
    return _scalar_str(meta.get("name")), _scalar_str(meta.get("namespace")) or "default"


# --------------------------------------------------------------------------- the Service pipeline
def check_service(root: YMap, pos: Pos, usage: Usage) -> tuple[str | None, list[FieldError], Draft | None,
                                                             Positions | None]:
    """Run decode -> defaults -> allocation -> validation on one Service document.
    Returns (failed stage or None, errors, draft, positions)."""
    decoded = decode(root, pos)
    if decoded.errors:
        return "decode", decoded.errors, None, decoded.positions
    draft = draft_from(decoded)
    apply_defaults(draft)
    errors = allocate(draft, usage)
    if errors:
        return "allocation", errors, draft, decoded.positions
    errors = validate_service(draft)
    if errors:
        return "validation", errors, draft, decoded.positions
    return None, [], draft, decoded.positions


def _field_pos(doc: Document, path: str | None) -> Pos:
    """Where an error about ``path`` belongs: the field, else its closest written parent
    (the document start when none of it is written)."""
    if path:
        node = node_at(doc.root, path)
        if node is not None and node is not doc.root:
            return node.pos
    return doc.pos


def _pod_errors(doc: Document, err: pods_mod.PodError) -> list[FieldError]:
    """A Pod or workload problem: the API server's validation errors (all of them, each
    at its field), or one decoding problem."""
    if not err.errors:
        return [_pod_error(doc, err)]
    out = []
    for e in err.errors:
        where = _field_pos(doc, e.path)
        out.append(dataclasses.replace(e, line=where.line, column=where.column))
    return out


def _pod_error(doc: Document, err: pods_mod.PodError) -> FieldError:
    """A Pod or workload problem, at the line of the field it is about (the document
    start when the field is not written at all)."""
    english = err.english()
    where = _field_pos(doc, err.path)
    return FieldError(type=ErrorType.DECODE, path=err.path, message=english, line=where.line,
                      column=where.column, code="P-POD", params={"reason": err.message}, detail=english)


_PROBLEM_STAGES = {"P-TOO-LARGE": "decode", "P-LIMIT": "parse", "P-LIST-ITEMS": "kind"}


def _problem_error(doc: Document) -> FieldError:
    p = doc.problem
    assert p is not None
    etype = ErrorType.KIND if p.code == "P-LIST-ITEMS" else ErrorType.PARSE
    return FieldError(type=etype, path=None, message=p.message, line=p.line, column=p.column, code=p.code,
                      params=dict(p.params), detail=p.message)


def _duplicate_warnings(doc: Document) -> list[Warning]:
    return [_warning("W-DUPLICATE-KEY", d.pos, path=d.path, first=d.first.line, line=d.pos.line)
            for d in doc.duplicates]


# --------------------------------------------------------------------------- staging (every object)
@dataclass
class _Stage:
    """One object of an input, classified and read (before any cluster is built)."""

    doc: Document
    res: DocResult
    what: str  # service, pod, workload, node, slice, endpoints, namespace, other, error
    source: str | None = None
    pod: Pod | None = None
    obj: dict[str, Any] | None = None  # a workload's Python value (its template is simulated later)
    workload: live.Workload | None = None
    node: Node | None = None
    slice: live.EndpointSlice | None = None
    endpoints: live.Endpoints | None = None
    #: a Namespace object's (name, labels)
    namespace: tuple[str, dict[str, str]] | None = None


def _stage(doc: Document, source: str | None = None) -> _Stage:
    name, namespace = _meta(doc.root)
    if doc.problem is not None:
        err = _problem_error(doc)
        stage_name = _PROBLEM_STAGES.get(doc.problem.code, "parse")
        kind = _scalar_str(doc.root.get("kind")) if isinstance(doc.root, YMap) else None
        res = DocResult(doc.index, kind, None, name, namespace, doc.pos, False, stage_name, [err], item=doc.item)
        res.warnings.extend(_duplicate_warnings(doc))
        return _Stage(doc, res, "error", source)
    what, kind_errors, kind, api = _classify(doc, KNOWN_KINDS)
    res = DocResult(doc.index, kind, api, name, namespace, doc.pos, True, None, item=doc.item)
    res.warnings.extend(_duplicate_warnings(doc))
    st = _Stage(doc, res, what, source)
    if what == "error":
        res.valid, res.stage, res.errors = False, "kind", kind_errors
    elif what == "other":
        res.skipped = True
    elif what in ("pod", "workload"):
        obj = to_python_view(doc.root, pods_mod.POD_FIELDS) if what == "pod" else to_python(doc.root)
        try:
            if what == "pod":
                st.pod = pods_mod.pod_from_manifest(obj, doc.pos, doc.index, strict=True)
                res.pod_names = [st.pod.name]
            else:
                # validates it (its Pods are made in _populate, within the total limit)
                pods_mod.pods_from_workload(obj, doc.pos, None, index=doc.index, most=0, strict=True)
                st.obj = obj
                st.workload = live.workload_from_manifest(obj, kind or "", namespace)
        except pods_mod.PodError as err:
            res.valid, res.stage = False, "validation" if err.errors else "decode"
            res.errors.extend(_pod_errors(doc, err))
            st.what = "error"
    elif what == "namespace":
        res.skipped = True  # read for its labels, not checked
        res.namespace = ""  # cluster-scoped
        st.namespace = _namespace_labels(to_python(doc.root))
    elif what in ("node", "slice", "endpoints"):
        res.skipped = True  # read as the cluster's state, not checked
        if what == "node":
            res.namespace = ""  # cluster-scoped
        obj = to_python(doc.root)
        if what == "node":
            st.node = live.node_from_manifest(obj)
        elif what == "slice":
            st.slice = live.slice_from_manifest(obj, namespace, doc.pos, source)
        else:
            st.endpoints = live.endpoints_from_manifest(obj, namespace, doc.pos, source)
    return st


def _namespace_labels(obj: Any) -> tuple[str, dict[str, str]] | None:
    """A Namespace object's name and labels (None when it has no usable name); labels that
    are not strings are left out (the API server would refuse the object)."""
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    name = meta.get("name") if isinstance(meta, dict) else None
    if not isinstance(name, str) or not name:
        return None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if not isinstance(labels, dict):
        labels = {}
    return name, {k: v for k, v in labels.items() if isinstance(k, str) and isinstance(v, str)}


def _stages(result: ParseResult, source: str | None) -> list[_Stage]:
    out = []
    for doc in result.documents:
        try:
            out.append(_stage(doc, source))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the editor down
            name, ns = _meta(doc.root)
            err = FieldError(type=ErrorType.PARSE, path=None, message=f"internal error: {type(exc).__name__}: {exc}",
                             line=doc.pos.line, column=doc.pos.column, code="P-INTERNAL")
            out.append(_Stage(doc, DocResult(doc.index, None, None, name, ns, doc.pos, False, "parse", [err],
                                             item=doc.item), "error", source))
    return out


def _parse_error(result: ParseResult) -> FieldError | None:
    e = result.error
    if e is None:
        return None
    return FieldError(type=ErrorType.PARSE, path=None, message=e.message, line=e.line, column=e.column,
                      code=e.code, params={"problem": e.problem}, detail=e.problem)


# --------------------------------------------------------------------------- the cluster from the inputs
def _populate(stages: Sequence[_Stage], cluster: Cluster, *, replace: bool = True) -> None:
    """Add what the staged objects say about the cluster to ``cluster``: its nodes (Node
    objects replace all nodes; without any, the nodes the Pods name exist), then, in
    document order, every Pod and the template Pods of every workload none of whose Pods
    is in the input. A Pod replaces one of the same namespace/name (the last wins);
    with ``replace=False`` a Pod already in the cluster stays."""
    nodes = [s.node for s in stages if s.node is not None]
    if nodes:
        cluster.set_nodes(_with_addresses(nodes))
    else:
        for s in stages:
            if s.pod is not None and s.pod.node and cluster.node(s.pod.node) is None:
                cluster.ensure_node(s.pod.node)
    workloads = [s for s in stages if s.workload is not None]
    lives = live.live_pods_of([s.workload for s in workloads if s.workload is not None],
                              [s.pod for s in stages if s.pod is not None])
    present = {(s.workload.namespace, s.workload.ref) for s in workloads if s.workload is not None}
    for s, mine in zip(workloads, lives):
        w = s.workload
        assert w is not None
        if mine:
            s.res.pods_from, s.res.pod_names = "live", [p.name for p in mine]
            s.obj = None
        elif w.owner is not None and (w.namespace, w.owner) in present:
            s.res.pods_from, s.res.pod_names = "owner", []
            s.obj = None
        else:
            s.res.pods_from = "template"
    _limit_workloads(stages, cluster)
    for s in stages:
        if s.pod is not None:
            if replace or cluster.pod(s.pod.name, s.pod.namespace) is None:
                pod = s.pod
                if cluster.listening:  # a lesson says what its programs really listen on
                    pod = pods_mod.apply_listening([pod], cluster.listening)[0]
                cluster.add_pod(pod)
        elif s.obj is not None:
            made = pods_mod.pods_from_workload(s.obj, s.doc.pos, cluster.nodes, index=s.doc.index)
            if cluster.listening:
                made = pods_mod.apply_listening(made, cluster.listening)
            if not replace:
                made = [p for p in made if cluster.pod(p.name, p.namespace) is None]
            stored = cluster.add_pods(made)
            s.res.pod_names = [p.name for p in stored]


def _limit_workloads(stages: Sequence[_Stage], cluster: Cluster) -> None:
    """Leave out the largest workloads whose template Pods would take the cluster past
    :data:`~tutor.k8s.pods.MAX_TOTAL_PODS` Pods: each gets a ``W-POD-LIMIT`` warning
    (``ktutor check`` names them and exits 2) and no Pods."""
    templates = [s for s in stages if s.obj is not None]
    if not templates:
        return
    sizes = [pods_mod.workload_size(s.obj, cluster.nodes) for s in templates]
    budget = pods_mod.MAX_TOTAL_PODS - len(cluster.pods) - sum(1 for s in stages if s.pod is not None)
    left_out = pods_mod.over_limit(sizes, budget)
    for i in sorted(left_out):
        s = templates[i]
        s.obj = None
        s.res.pods_from, s.res.pod_names = None, []
        s.res.warnings.append(_warning("W-POD-LIMIT", s.doc.pos, pods=format_number(sizes[i]),
                                       total=format_number(sum(sizes)),
                                       limit=format_number(pods_mod.MAX_TOTAL_PODS),
                                       count=sizes[i], total_count=sum(sizes)))


def _with_addresses(nodes: list[Node]) -> list[Node]:
    """Nodes without an IPv4 address get ``192.168.49.<n>`` (never one another has)."""
    taken = {n.ip for n in nodes if n.ip}
    out = []
    n = 2
    for node in nodes:
        if not node.ip:
            while f"192.168.49.{n}" in taken:
                n += 1
            taken.add(f"192.168.49.{n}")
            node = Node(node.name, f"192.168.49.{n}", node.pod_cidr)
        out.append(node)
    return out


# --------------------------------------------------------------------------- Services
class _Services:
    """Admits the Services of one or more inputs into a cluster, in order, then selects."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.admitted: list[tuple[DocResult, Draft]] = []
        #: (namespace, name) -> where each definition of a Service is (source, index, item, result)
        self.defined: dict[tuple[str, str], list[tuple[str | None, int, int | None, DocResult]]] = {}

    def admit(self, st: _Stage) -> None:
        doc, res = st.doc, st.res
        if st.namespace is not None:
            self.cluster.set_namespace(*st.namespace)
            return
        if st.what == "networkpolicy":
            st.res = _policy_doc(doc, self.cluster, res)
            if st.res.policy is not None:
                self.cluster.add_policy(st.res.policy.policy)  # traces follow it
            return
        if st.what != "service" or not isinstance(doc.root, YMap):
            return
        try:
            usage = self.cluster.usage_without(res.namespace, res.name or "")
            stage, errors, draft, positions = check_service(doc.root, doc.pos, usage)
            res.valid, res.stage, res.errors, res.positions = stage is None, stage, errors, positions
            if draft is not None:
                res.name = draft.name or res.name
                res.namespace = draft.namespace
            if stage is None and draft is not None:
                self.defined.setdefault((res.namespace, res.name or ""), []).append(
                    (st.source, doc.index, doc.item, res))
                assign_load_balancer_ip(draft, usage)
                res.service = self.cluster.add_service(to_model(draft))  # (usage is not read after this)
                self.admitted.append((res, draft))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the editor down
            err = FieldError(type=ErrorType.PARSE, path=None, message=f"internal error: {type(exc).__name__}: {exc}",
                             line=doc.pos.line, column=doc.pos.column, code="P-INTERNAL")
            res.valid, res.stage, res.errors = False, "parse", [err]

    def finish(self, slices: Sequence[live.EndpointSlice], endpoints: Sequence[live.Endpoints]) -> None:
        for res, draft in self.admitted:
            try:
                _select(res, draft, self.cluster)
                if slices or endpoints:
                    _compare(res, self.cluster, slices, endpoints)
            except Exception as exc:  # noqa: BLE001
                res.warnings.append(Warning("W-INTERNAL", Text(N_("internal error: {error}"),
                                                               error=f"{type(exc).__name__}: {exc}")))
        for (namespace, name), places in self.defined.items():
            if len(places) < 2:
                continue
            last = len(places) - 1
            for i, (_src, _index, _item, res) in enumerate(places):
                # name the definition that wins (the last) or, on the last, the first one; count the rest
                other = places[last] if i < last else places[0]
                others = _place(other[0], other[1], other[2])
                if len(places) > 2:
                    others += f" (+{len(places) - 2})"
                code = "W-SERVICE-REPLACED" if i < last else "W-SERVICE-REDEFINED"
                res.warnings.append(_warning(code, None, service=f"{namespace}/{name}", others=others))


def _policy_doc(doc: Document, cluster: Cluster, staged: DocResult) -> DocResult:
    """A NetworkPolicy document, admitted like the API server would (tutor.k8s.netpol)."""
    from tutor.k8s.netpol.admit import admit  # (here: only texts with a NetworkPolicy need it)
    from tutor.k8s.netpol.documents import PolicySelection

    assert isinstance(doc.root, YMap)  # _classify: a NetworkPolicy document is a mapping
    a = admit(doc.root, doc.pos)
    res = DocResult(doc.index, staged.kind, staged.api_version, a.name or staged.name, a.namespace, doc.pos,
                    a.valid, a.stage, a.errors,
                    [*staged.warnings, *(Warning(w.code, w.message, w.line, w.column, w.params) for w in a.warnings)],
                    positions=a.positions, item=doc.item)
    if a.policy is not None:
        res.policy = PolicySelection(a.policy, cluster)
    return res


def _place(source: str | None, index: int, item: int | None) -> str:
    where = f"{source}, " if source else ""
    if item is not None:
        return where + f"document {index}, item {item}"
    return where + f"document {index}"


def evaluate(text: str | bytes, base: Cluster | None = None, *, filename: str | None = None,
             add_pods: bool = True) -> Evaluation:
    """Evaluate a (multi-document) manifest text against ``base`` (a Cluster, default:
    the default two-node cluster). Never raises for any input text.

    ``add_pods=False`` records Pod and workload documents without adding their Pods
    (the caller's ``base`` already holds them, as :func:`add_pods_from` arranges)."""
    cluster = base.copy() if base is not None else Cluster.default()
    result = parse(text)
    stages = _stages(result, filename)
    if add_pods:
        _populate(stages, cluster)
    services = _Services(cluster)
    for st in stages:
        services.admit(st)
    services.finish([s.slice for s in stages if s.slice is not None],
                    [s.endpoints for s in stages if s.endpoints is not None])
    return Evaluation(text=text, filename=filename, parse_error=_parse_error(result),
                      documents=[s.res for s in stages], cluster=cluster)


def evaluate_all(texts: Sequence[tuple[str, str | bytes]], base: Cluster | None = None,
                 pod_texts: Sequence[tuple[str, str | bytes]] = ()) -> tuple[list[Evaluation], list[
                     tuple[str, FieldError]]]:
    """``ktutor check``: evaluate several ``(name, text)`` inputs against one cluster
    built from **all** of them first (every Pod, workload and Node of every input, then
    those of ``pod_texts``, which replace a Pod of the same namespace/name), each text
    read once. Services are then admitted input by input, in order (a later one sees the
    node ports of earlier ones), and compared with every input's EndpointSlices.

    Returns the evaluations (one per text, each with a copy of the cluster after it) and
    the problems of ``pod_texts`` as ``(name, error)``."""
    cluster = base.copy() if base is not None else Cluster.default()
    parsed = [(name, text, parse(text)) for name, text in texts]
    staged = [(name, text, result, _stages(result, name)) for name, text, result in parsed]
    pod_problems: list[tuple[str, FieldError]] = []
    pod_stages: list[_Stage] = []
    for name, text in pod_texts:
        result = parse(text)
        perr = _parse_error(result)
        if perr is not None:
            pod_problems.append((name, perr))
        for st in _stages(result, name):
            if st.what in ("pod", "workload", "node"):
                pod_stages.append(st)
            elif st.what == "error" and (st.res.kind in ("Pod", *pods_mod.WORKLOAD_KINDS) or st.res.kind is None):
                pod_problems.extend((name, e) for e in st.res.errors)
    everything = [st for _n, _t, _r, sts in staged for st in sts]
    _populate([*everything, *pod_stages], cluster)
    services = _Services(cluster)
    evaluations = []
    for name, text, result, sts in staged:
        for st in sts:
            services.admit(st)
        evaluations.append(Evaluation(text=text, filename=name, parse_error=_parse_error(result),
                                      documents=[s.res for s in sts], cluster=cluster))
    services.finish([s.slice for s in everything if s.slice is not None],
                    [s.endpoints for s in everything if s.endpoints is not None])
    for ev in evaluations:
        ev.cluster = cluster.copy()
    return evaluations, pod_problems


# --------------------------------------------------------------------------- selection + warnings
def _select(res: DocResult, draft: Draft, cluster: Cluster) -> None:
    svc = res.service
    if svc is None:
        return
    selection = select(svc, cluster)
    res.selection = selection
    res.ports = map_ports(svc, selection)
    res.warnings.extend(_warnings(svc, selection, draft, cluster))


def _compare(res: DocResult, cluster: Cluster, slices: Sequence[live.EndpointSlice],
             endpoints: Sequence[live.Endpoints]) -> None:
    """The Service's EndpointSlices and Endpoints in the input against the computed ones."""
    svc, selection = res.service, res.selection
    if svc is None or selection is None:
        return
    if not any(s.namespace == svc.namespace and s.service == svc.name for s in slices) and not any(
            e.namespace == svc.namespace and e.name == svc.name for e in endpoints):
        return
    expected = []
    for pod, state in zip(selection.selected, selection.selected_states):
        if state[0]:
            expected.append(live.Expected(pod, state[1], state[2], live.endpoint_ports(svc, pod)))
    def why_not(name: str) -> str:
        pod = cluster.pod(name, svc.namespace)
        if pod is None:
            return str(Text(N_("no Pod of that name in the input")))
        reason = selection.reason_for(pod)
        return str(reason) if reason is not None else "-"

    findings = live.compare_slices(svc, expected, why_not, slices)
    findings += live.compare_endpoints(svc, expected, why_not, endpoints)
    for f in findings:
        w = _warning(f.code, f.pos, **f.params)
        w.file = f.source
        res.warnings.append(w)


def _warning(code: str, pos: Pos | None, **params: Any) -> Warning:
    return Warning(code, warning_text(code, **params), pos.line if pos else None, pos.column if pos else None,
                   params)


def _warnings(svc: Service, selection: Selection, draft: Draft, cluster: Cluster) -> list[Warning]:
    out: list[Warning] = []
    if svc.type == "ExternalName":
        return out
    if not svc.selector:
        out.append(_warning("W-NO-SELECTOR", draft.pos("spec.selector")))
        return out
    selected = selection.selected
    if not selected:
        if cluster.pods:
            shown = ", ".join(f"{k}={v}" for k, v in svc.selector.items())
            out.append(_warning("W-SELECTOR-NO-MATCH", draft.pos("spec.selector"), selector=shown,
                                namespace=svc.namespace))
        return out
    lost: dict[str, list[str]] = {}
    for pod, state in zip(selected, selection.selected_states):
        if state[3] in ("node_not_found", "no_ipv4"):
            lost.setdefault(state[3], []).append(pod.name)
    if "node_not_found" in lost:
        names = lost["node_not_found"]
        missing = sorted({p.node or "-" for p in selected if p.name in set(names)})
        out.append(_warning("W-NODE-NOT-FOUND", draft.pos("spec.selector"), pods=_few(names),
                            nodes=", ".join(missing)))
    if "no_ipv4" in lost:
        out.append(_warning("W-NO-IPV4", draft.pos("spec.selector"), pods=_few(lost["no_ipv4"])))
    for i, sp in enumerate(svc.ports):
        tpos = draft.pos(f"spec.ports[{i}].targetPort")
        if isinstance(sp.target_port, int):
            # replicas of one workload share their container list: look each list up once
            lacking: dict[int, bool] = {}
            missing_pods: list[str] = []
            for p in selected:
                key = id(p.containers)
                lacks = lacking.get(key)
                if lacks is None:
                    lacks = lacking[key] = _declares_ports(p) and not any(
                        cp.container_port == sp.target_port and cp.protocol == sp.protocol
                        for c in p.containers for cp in c.ports)
                if lacks:
                    missing_pods.append(p.name)
            if missing_pods:
                out.append(_warning("W-TARGETPORT-NOT-DECLARED", tpos, target=sp.target_port, port=sp.port,
                                    pods=_few(missing_pods)))
        else:
            # replicas of one workload share their container list: look each list up once
            found: dict[int, bool] = {}
            missing_pods = []
            for p in selected:
                key = id(p.containers)
                hit = found.get(key)
                if hit is None:
                    hit = found[key] = live.find_port(p, sp) is not None
                if not hit:
                    missing_pods.append(p.name)
            if missing_pods:
                out.append(_warning("W-NAMED-PORT-UNRESOLVED", tpos, target=sp.target_port, port=sp.port,
                                    protocol=sp.protocol, pods=_few(missing_pods)))
    return out


#: Pods named in a warning at most (the rest are counted)
FEW = 10


def _few(names: list[str]) -> str:
    if len(names) <= FEW:
        return ", ".join(names)
    return ", ".join(names[:FEW]) + f" (+{len(names) - FEW})"


def _declares_ports(pod: Pod) -> bool:
    return any(c.ports for c in pod.containers)


# --------------------------------------------------------------------------- cluster building
def add_pods_from(text: str | bytes, cluster: Cluster, *,
                  replace: bool = True) -> tuple[list[DocResult], FieldError | None]:
    """Add what ``text`` says about the cluster to ``cluster`` (changing it): its Node
    objects, its Pods, and the Pods of its workloads (see :func:`evaluate`). With
    ``replace=False`` a Pod whose namespace/name the cluster already has is left as it
    is. Returns the Pod/workload documents (with errors for malformed ones) and the parse
    error, if any. Services are ignored: :func:`evaluate` with ``add_pods=False`` admits
    them afterwards."""
    result = parse(text)
    stages = _stages(result, None)
    _populate(stages, cluster, replace=replace)
    docs = [s.res for s in stages if s.what in ("pod", "workload") or (
        s.what == "error" and s.res.kind in ("Pod", *pods_mod.WORKLOAD_KINDS))]
    return docs, _parse_error(result)
