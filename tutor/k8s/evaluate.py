"""Evaluate a manifest text the way ``kubectl apply -f`` and a real cluster would.

``evaluate(text, base)`` parses every document and classifies it:

* ``v1 Service``: checked through every stage, in order, the first failing stage being
  the only one reported: parse -> kind -> decode -> (defaulting) -> allocation ->
  validation. A valid Service is admitted into the evaluation's cluster, in document
  order (a later Service sees the node ports of an earlier one).
* ``v1 Pod``: added to the cluster; a malformed Pod gives a result with errors.
* workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job): the Pods their
  template would create are added.
* a document that tries and fails to be one of those (``kind: service``, a wrong or
  missing ``apiVersion``, a misspelled ``kind`` key...): a ``kind``-stage error.
* any other well-formed object: ``skipped``.

Then, against the final cluster, each valid Service gets its selection (which Pods,
which endpoints) and port mapping, plus warnings for likely mistakes that Kubernetes
accepts (a selector that matches nothing, a targetPort no container declares...).

The caller's ``base`` cluster is never changed: the evaluation works on a cheap copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.i18n import N_, Text
from tutor.k8s import pods as pods_mod
from tutor.k8s.allocate import allocate, assign_load_balancer_ip
from tutor.k8s.cluster import Cluster
from tutor.k8s.decode import Positions, decode
from tutor.k8s.defaults import Draft, apply_defaults, draft_from, to_model
from tutor.k8s.explain import error_json, warning_text
from tutor.k8s.field import ErrorType, FieldError
from tutor.k8s.model import Pod, Pos, Service
from tutor.k8s.ports import PortMapping, map_ports
from tutor.k8s.selection import Selection, select
from tutor.k8s.usage import Usage
from tutor.k8s.validate import validate_service
from tutor.k8s.yamlpos import STR, Document, YMap, YNode, YScalar, YSeq, parse, to_python

if TYPE_CHECKING:
    from tutor.k8s.netpol.documents import PolicySelection

POD_KINDS = {"Pod": "v1"}
#: every kind a document is classified by: (kind -> apiVersion)
KNOWN_KINDS: dict[str, str] = {**POD_KINDS, **pods_mod.WORKLOAD_KINDS, "Service": "v1"}


@dataclass
class Warning:  # noqa: A001 - the name the TUI and checker use
    """A likely mistake that Kubernetes accepts (the Service stays valid)."""

    code: str
    message: Text
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "line": self.line, "column": self.column}


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
    #: which Pods a valid NetworkPolicy selects (``selection`` in the JSON)
    policy: PolicySelection | None = None
    #: where each field of a Service document is (for editors); not part of the JSON
    positions: Positions | None = field(default=None, repr=False, compare=False)

    @property
    def is_service(self) -> bool:
        return self.kind == "Service" or (self.stage == "kind" and _looks_like_service(self))

    def to_json(self, max_pods: int | None = None) -> dict[str, Any]:
        """JSON of this result. ``max_pods`` limits the Pods that are *not* selected
        listed under ``selection.pods`` (``selection.omitted`` counts the rest)."""
        return {
            "document": self.index,
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
        }


def _selection_json(selection: Selection | None, max_pods: int | None) -> dict[str, Any] | None:
    if selection is None:
        return None
    if max_pods is None:
        return selection.to_json()
    verdicts, omitted = selection.listed(max_pods)  # only the verdicts listed are made
    return {
        "manages_endpoints": selection.manages_endpoints,
        "reason": str(selection.reason) if selection.reason is not None else None,
        "selected": [p.name for p in selection.selected],
        "endpoints": [p.name for p in selection.endpoints],
        "ready": [p.name for p in selection.ready],
        "not_ready": [p.name for p in selection.not_ready],
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
    """('service'|'pod'|'workload'|'other'|'error', kind errors, kind, apiVersion)."""
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


def _pod_error(doc: Document, err: pods_mod.PodError) -> FieldError:
    english = err.english()
    return FieldError(type=ErrorType.DECODE, path=err.path, message=english, line=doc.pos.line,
                      column=doc.pos.column, code="P-POD", params={"reason": err.message}, detail=english)


def evaluate(text: str | bytes, base: Cluster | None = None, *, filename: str | None = None,
             add_pods: bool = True) -> Evaluation:
    """Evaluate a (multi-document) manifest text against ``base`` (a Cluster, default:
    the default two-node cluster). Never raises for any input text.

    ``add_pods=False`` records Pod and workload documents without adding their Pods
    (the caller's ``base`` already holds them, as ``ktutor check`` arranges)."""
    cluster = base.copy() if base is not None else Cluster.default()
    result = parse(text)
    parse_error = None
    if result.error is not None:
        e = result.error
        parse_error = FieldError(type=ErrorType.PARSE, path=None, message=e.message, line=e.line, column=e.column,
                                 code=e.code, params={"problem": e.problem}, detail=e.problem)
    docs: list[DocResult] = []
    admitted: list[tuple[DocResult, Draft]] = []
    for doc in result.documents:
        try:
            docs.append(_evaluate_doc(doc, cluster, admitted, add_pods))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the editor down
            name, ns = _meta(doc.root)
            err = FieldError(type=ErrorType.PARSE, path=None, message=f"internal error: {type(exc).__name__}: {exc}",
                             line=doc.pos.line, column=doc.pos.column, code="P-INTERNAL")
            docs.append(DocResult(doc.index, None, None, name, ns, doc.pos, False, "parse", [err]))
    for d, draft in admitted:
        try:
            _select(d, draft, cluster)
        except Exception as exc:  # noqa: BLE001
            d.warnings.append(Warning("W-INTERNAL", Text(N_("internal error: {error}"), error=f"{type(exc).__name__}: "
                                                                                          f"{exc}")))
    return Evaluation(text=text, filename=filename, parse_error=parse_error, documents=docs, cluster=cluster)


def _evaluate_doc(doc: Document, cluster: Cluster, admitted: list[tuple[DocResult, Draft]],
                  add_pods: bool) -> DocResult:
    what, kind_errors, kind, api = _classify(doc, KNOWN_KINDS)
    name, namespace = _meta(doc.root)
    if what == "error":
        return DocResult(doc.index, kind, api, name, namespace, doc.pos, False, "kind", kind_errors)
    if what == "other":
        return DocResult(doc.index, kind, api, name, namespace, doc.pos, True, None, skipped=True)
    if what in ("pod", "workload"):
        return _pods_doc(doc, what, cluster, kind, api, name, namespace, add_pods)[0]
    if what == "networkpolicy":
        return _policy_doc(doc, cluster, kind, api, name)
    assert isinstance(doc.root, YMap)  # _classify: a Service document is a mapping
    usage = cluster.usage_without(namespace, name or "")
    stage, errors, draft, positions = check_service(doc.root, doc.pos, usage)
    res = DocResult(doc.index, kind, api, name, namespace, doc.pos, stage is None, stage, errors,
                    positions=positions)
    if draft is not None:
        res.name = draft.name or name
        res.namespace = draft.namespace
    if stage is None and draft is not None:
        assign_load_balancer_ip(draft, usage)
        res.service = cluster.add_service(to_model(draft))  # (usage is not read after this)
        admitted.append((res, draft))
    return res


def _policy_doc(doc: Document, cluster: Cluster, kind: str | None, api: str | None, name: str | None) -> DocResult:
    """A NetworkPolicy document, admitted like the API server would (tutor.k8s.netpol)."""
    from tutor.k8s.netpol.admit import admit  # (here: only texts with a NetworkPolicy need it)
    from tutor.k8s.netpol.documents import PolicySelection

    assert isinstance(doc.root, YMap)  # _classify: a NetworkPolicy document is a mapping
    a = admit(doc.root, doc.pos)
    res = DocResult(doc.index, kind, api, a.name or name, a.namespace, doc.pos, a.valid, a.stage, a.errors,
                    [Warning(w.code, w.message, w.line, w.column, w.params) for w in a.warnings],
                    positions=a.positions)
    if a.policy is not None:
        res.policy = PolicySelection(a.policy, cluster)
    return res


def _pods_doc(doc: Document, what: str, cluster: Cluster, kind: str | None, api: str | None, name: str | None,
              namespace: str, add_pods: bool) -> tuple[DocResult, list[Pod]]:
    """The document's result and the Pods it makes (added to ``cluster`` with ``add_pods``)."""
    obj = to_python(doc.root)
    res = DocResult(doc.index, kind, api, name, namespace, doc.pos, True, None)
    try:
        made = _made_pods(obj, doc, what, cluster)
    except pods_mod.PodError as err:
        res.valid, res.stage = False, "decode"
        res.errors.append(_pod_error(doc, err))
        return res, []
    if cluster.listening:  # a lesson says what its programs really listen on
        made = pods_mod.apply_listening(made, cluster.listening)
    if add_pods:
        made = cluster.add_pods(made)
    res.pod_names = [p.name for p in made]
    return res, made


# --------------------------------------------------------------------------- selection + warnings
def _select(res: DocResult, draft: Draft, cluster: Cluster) -> None:
    svc = res.service
    if svc is None:
        return
    selection = select(svc, cluster)
    res.selection = selection
    res.ports = map_ports(svc, selection)
    res.warnings.extend(_warnings(svc, selection, draft, cluster))


def _warning(code: str, pos: Pos | None, **params: Any) -> Warning:
    return Warning(code, warning_text(code, **params), pos.line if pos else None, pos.column if pos else None,
                   params)


def _find_port(pod: Pod, name: str, protocol: str) -> int | None:
    """FindPort: containers in order, then sidecars (restartable init containers)."""
    for sidecar in (False, True):
        for c in pod.containers:
            if c.sidecar != sidecar:
                continue
            for cp in c.ports:
                if cp.name == name and cp.protocol == protocol:
                    return cp.container_port
    return None


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
    for i, sp in enumerate(svc.ports):
        tpos = draft.pos(f"spec.ports[{i}].targetPort")
        if isinstance(sp.target_port, int):
            # replicas of one workload share their container list: look each list up once
            lacking: dict[int, bool] = {}
            missing: list[str] = []
            for p in selected:
                key = id(p.containers)
                lacks = lacking.get(key)
                if lacks is None:
                    lacks = lacking[key] = _declares_ports(p) and not any(
                        cp.container_port == sp.target_port and cp.protocol == sp.protocol
                        for c in p.containers for cp in c.ports)
                if lacks:
                    missing.append(p.name)
            if missing:
                out.append(_warning("W-TARGETPORT-NOT-DECLARED", tpos, target=sp.target_port, port=sp.port,
                                    pods=", ".join(missing)))
        else:
            # replicas of one workload share their container list: look each list up once
            found: dict[int, bool] = {}
            missing = []
            for p in selected:
                key = id(p.containers)
                hit = found.get(key)
                if hit is None:
                    hit = found[key] = _find_port(p, sp.target_port, sp.protocol) is not None
                if not hit:
                    missing.append(p.name)
            if missing:
                out.append(_warning("W-NAMED-PORT-UNRESOLVED", tpos, target=sp.target_port, port=sp.port,
                                    protocol=sp.protocol, pods=", ".join(missing)))
    return out


def _declares_ports(pod: Pod) -> bool:
    return any(c.ports for c in pod.containers)


# --------------------------------------------------------------------------- cluster building
def add_pods_from(text: str | bytes, cluster: Cluster, *,
                  replace: bool = True) -> tuple[list[DocResult], FieldError | None]:
    """Add the Pods of every Pod and workload document of ``text`` to ``cluster``
    (changing it). With ``replace=False`` a Pod whose namespace/name the cluster
    already has is left as it is. Returns the Pod/workload documents (with errors for
    malformed ones) and the parse error, if any. Other documents are ignored."""
    result = parse(text)
    perr = None
    if result.error is not None:
        e = result.error
        perr = FieldError(type=ErrorType.PARSE, path=None, message=e.message, line=e.line, column=e.column,
                          code=e.code, params={"problem": e.problem}, detail=e.problem)
    docs: list[DocResult] = []
    for doc in result.documents:
        what, _errs, kind, api = _classify(doc, KNOWN_KINDS)
        if what not in ("pod", "workload"):
            continue
        name, namespace = _meta(doc.root)
        res, made = _pods_doc(doc, what, cluster, kind, api, name, namespace, add_pods=False)
        if res.valid:
            for pod in made:
                if replace or cluster.pod(pod.name, pod.namespace) is None:
                    cluster.add_pod(pod)
        docs.append(res)
    return docs, perr


def _made_pods(obj: Any, doc: Document, what: str, cluster: Cluster) -> list[Pod]:
    """The Pods a Pod or workload document (``obj``: its Python value) makes."""
    if what == "pod":
        return [pods_mod.pod_from_manifest(obj, doc.pos, doc.index)]
    return pods_mod.pods_from_workload(obj, doc.pos, cluster.nodes, index=doc.index)
