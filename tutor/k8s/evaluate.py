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

import operator
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import N_, Text
from tutor.k8s.allocate import Usage, allocate, assign_load_balancer_ip, services_of
from tutor.k8s.decode import Positions, decode
from tutor.k8s.defaults import Draft, apply_defaults, draft_from, to_model
from tutor.k8s.explain import warning_text
from tutor.k8s.field import ErrorType, FieldError
from tutor.k8s.model import Pos, Service
from tutor.k8s.validate import validate_service
from tutor.k8s.yamlpos import STR, Document, YMap, YNode, YScalar, YSeq, parse, to_python

POD_KINDS = {"Pod": "v1"}


def _workload_kinds() -> dict[str, str]:
    try:
        from tutor.k8s.pods import WORKLOAD_KINDS

        return dict(WORKLOAD_KINDS)
    except ImportError:  # pragma: no cover - Engine B's module is part of the package
        return {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
                "ReplicaSet": "apps/v1", "Job": "batch/v1"}


@dataclass
class Warning:  # noqa: A001 - the name the TUI and checker use
    """A likely mistake that Kubernetes accepts (the Service stays valid)."""

    code: str
    message: Text
    line: int | None = None
    column: int | None = None
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
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
    selection: Any = None
    ports: list | None = None
    pod_names: list[str] = field(default_factory=list)
    #: where each field of a Service document is (for editors); not part of the JSON
    positions: Positions | None = field(default=None, repr=False, compare=False)

    @property
    def is_service(self) -> bool:
        return self.kind == "Service" or (self.stage == "kind" and _looks_like_service(self))

    def to_json(self, max_pods: int | None = None) -> dict:
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
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
            "service": self.service.to_json() if self.service is not None else None,
            "selection": _selection_json(self.selection, max_pods) if self.valid else None,
            "ports": [_to_json(p) for p in self.ports] if (self.valid and self.ports is not None) else None,
            "pods": list(self.pod_names),
        }


def _to_json(obj: Any) -> Any:
    if obj is None:
        return None
    to_json = getattr(obj, "to_json", None)
    return to_json() if callable(to_json) else obj


def _selection_json(selection: Any, max_pods: int | None) -> Any:
    # (the class is asked, not the object: on a Selection, reading ``verdicts`` builds a verdict per Pod)
    if selection is None or max_pods is None or not hasattr(type(selection), "verdicts"):
        return _to_json(selection)
    listed = getattr(selection, "listed", None)
    if listed is not None:  # only the verdicts listed are made (not one per Pod of the cluster)
        verdicts, omitted = listed(max_pods)
        pods = [v.to_json() for v in verdicts]
    else:
        pods, omitted, others = [], 0, 0
        for v in selection.verdicts:
            if v.selected:
                pods.append(v.to_json())
            elif others < max_pods:
                others += 1
                pods.append(v.to_json())
            else:
                omitted += 1
    return {
        "manages_endpoints": selection.manages_endpoints,
        "reason": str(selection.reason) if selection.reason is not None else None,
        "selected": [p.name for p in selection.selected],
        "endpoints": [p.name for p in selection.endpoints],
        "ready": [p.name for p in selection.ready],
        "not_ready": [p.name for p in selection.not_ready],
        "pods": pods,
        "omitted": omitted,
    }


def _looks_like_service(d: DocResult) -> bool:
    return (d.kind or "").lower() == "service" or d.kind is None


@dataclass
class Evaluation:
    text: str
    filename: str | None
    parse_error: FieldError | None
    documents: list[DocResult]
    cluster: Any

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
        return node.value
    return None


def _kind_error(problem: str, pos: Pos, code: str, path: str | None, params: dict | None = None) -> FieldError:
    return FieldError(type=ErrorType.KIND, path=path, message=problem, line=pos.line, column=pos.column,
                      code=code, params=dict(params or {}), detail=problem)


def _json_type(node: YNode) -> str:
    if isinstance(node, YMap):
        return "object"
    if isinstance(node, YSeq):
        return "array"
    return {"int": "number", "float": "number", "bool": "bool", "null": "null"}.get(node.tag, "string")


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
    if errors:
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
        where = kind_node.pos if kind != want_kind else api_node.pos
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


def _usage_without(cluster, namespace: str, name: str) -> Usage:
    """What the other Services hold (re-applying a Service replaces it)."""
    usage = Usage()
    for svc in services_of(cluster):
        if not (svc.namespace == namespace and svc.name == name):
            usage.add(svc)
    return usage


class _Held:
    """What the cluster's Services hold, kept current while an evaluation admits
    Services: rebuilding it for every document made a text of 10,000 Services take
    minutes. ``without(ns, name)`` answers a :class:`Usage` whose sets are live views
    (valid until the next ``admit``/``restore``)."""

    def __init__(self, cluster) -> None:
        self.services: dict[tuple[str, str], list] = {}
        self.counts: tuple[dict, dict, dict] = ({}, {}, {})
        for svc in services_of(cluster):
            self._change(svc, 1)
            self.services.setdefault((svc.namespace, svc.name), []).append(svc)

    def _change(self, svc, step: int) -> None:
        one = Usage()
        one.add(svc)
        for counts, values in zip(self.counts, (one.node_ports, one.cluster_ips, one.lb_ips)):
            for v in values:
                n = counts.get(v, 0) + step
                if n > 0:
                    counts[v] = n
                else:
                    counts.pop(v, None)

    def without(self, namespace: str, name: str) -> tuple[Usage, list]:
        """The usage of every Service but namespace/name (taken out until restored)."""
        old = self.services.pop((namespace, name), [])
        for svc in old:
            self._change(svc, -1)
        node_ports, cluster_ips, lb_ips = self.counts
        return Usage(node_ports.keys(), cluster_ips.keys(), lb_ips.keys()), old  # type: ignore[arg-type]

    def restore(self, namespace: str, name: str, services: list) -> None:
        """Put back what :meth:`without` took out."""
        for svc in services:
            self._change(svc, 1)
        if services:
            self.services.setdefault((namespace, name), []).extend(services)

    def admit(self, svc) -> None:
        """``svc`` was added to the cluster, replacing the first one of the same namespace/name."""
        same = self.services.setdefault((svc.namespace, svc.name), [])
        if same:
            self._change(same.pop(0), -1)
        same.append(svc)
        self._change(svc, 1)

    @classmethod
    def of(cls, cluster, base) -> "_Held":
        """The holdings of ``cluster`` (a copy of ``base``): taken over from the evaluation
        that made ``base`` when its Services are still exactly the ones it ended with
        (``ktutor check`` evaluates each file on the cluster the previous one left, so
        building this anew for every file cost Services x files), else built."""
        cached = base.__dict__.pop("_held", None) if base is not None and hasattr(base, "__dict__") else None
        if cached is not None:
            services, held = cached
            current = getattr(cluster, "services", None)
            if type(current) is list and len(current) == len(services) and all(map(operator.is_, current, services)):
                return held
        return cls(cluster)

    def leave_on(self, cluster) -> None:
        """Hand this to the next evaluation based on ``cluster`` (see :meth:`of`)."""
        if cluster is not None and type(getattr(cluster, "services", None)) is list:
            cluster._held = (list(cluster.services), self)


def _pod_error(doc: Document, err: Exception) -> FieldError:
    path = getattr(err, "path", None)
    message = getattr(err, "message", None)
    english = err.english() if hasattr(err, "english") else str(err)
    return FieldError(type=ErrorType.DECODE, path=path, message=english, line=doc.pos.line, column=doc.pos.column,
                      code="P-POD", params={"reason": message if isinstance(message, Text) else str(err)},
                      detail=english)


def evaluate(text: str, base=None, *, filename: str | None = None, add_pods: bool = True) -> Evaluation:
    """Evaluate a (multi-document) manifest text against ``base`` (a Cluster, default:
    the default two-node cluster). Never raises for any input text.

    ``add_pods=False`` records Pod and workload documents without adding their Pods
    (the caller's ``base`` already holds them, as ``ktutor check`` arranges)."""
    cluster = _new_cluster(base)
    result = parse(text)
    parse_error = None
    if result.error is not None:
        e = result.error
        parse_error = FieldError(type=ErrorType.PARSE, path=None, message=e.message, line=e.line, column=e.column,
                                 code=e.code, params={"problem": e.problem}, detail=e.problem)
    docs: list[DocResult] = []
    known = {**POD_KINDS, **_workload_kinds(), "Service": "v1"}
    admitted: list[tuple[DocResult, Draft]] = []
    held = _Held.of(cluster, base)
    consistent = True
    for doc in result.documents:
        try:
            docs.append(_evaluate_doc(doc, cluster, known, admitted, add_pods, held))
        except Exception as exc:  # noqa: BLE001 - a bug must not take the editor down
            consistent = False
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
    if consistent:
        held.leave_on(cluster)
    return Evaluation(text=text, filename=filename, parse_error=parse_error, documents=docs, cluster=cluster)


def _new_cluster(base):
    if base is not None:
        return base.copy()
    try:
        from tutor.k8s.cluster import Cluster

        return Cluster.default()
    except ImportError:  # pragma: no cover
        return None


def _evaluate_doc(doc: Document, cluster, known: dict[str, str], admitted: list, add_pods: bool,
                  held: _Held | None = None) -> DocResult:
    what, kind_errors, kind, api = _classify(doc, known)
    name, namespace = _meta(doc.root)
    if what == "error":
        return DocResult(doc.index, kind, api, name, namespace, doc.pos, False, "kind", kind_errors)
    if what == "other":
        return DocResult(doc.index, kind, api, name, namespace, doc.pos, True, None, skipped=True)
    if what in ("pod", "workload"):
        return _pods_doc(doc, what, cluster, kind, api, name, namespace, add_pods)
    if what == "networkpolicy":
        from tutor.k8s.netpol.documents import policy_doc

        return policy_doc(doc, cluster, kind, api, name, namespace)
    if held is None:
        held = _Held(cluster)
    usage, others = held.without(namespace, name or "")
    try:
        stage, errors, draft, positions = check_service(doc.root, doc.pos, usage)
        res = DocResult(doc.index, kind, api, name, namespace, doc.pos, stage is None, stage, errors,
                        positions=positions)
        if draft is not None:
            res.name = draft.name or name
            res.namespace = draft.namespace
        svc = None
        if stage is None and draft is not None:
            assign_load_balancer_ip(draft, usage)
            svc = to_model(draft)
            if cluster is not None:
                svc = cluster.add_service(svc)
            res.service = svc
            admitted.append((res, draft))
    finally:
        held.restore(namespace, name or "", others)
    if svc is not None and cluster is not None:
        held.admit(svc)
    return res


def _pods_doc(doc: Document, what: str, cluster, kind, api, name, namespace, add_pods: bool) -> DocResult:
    from tutor.k8s import pods as pods_mod

    obj = to_python(doc.root)
    res = DocResult(doc.index, kind, api, name, namespace, doc.pos, True, None)
    try:
        if what == "pod":
            made = [pods_mod.pod_from_manifest(obj, doc.pos, doc.index)]
        else:
            nodes = cluster.nodes if cluster is not None else None
            made = pods_mod.pods_from_workload(obj, doc.pos, nodes, index=doc.index)
    except pods_mod.PodError as err:
        res.valid, res.stage = False, "decode"
        res.errors.append(_pod_error(doc, err))
        return res
    if add_pods and cluster is not None:
        made = cluster.add_pods(made)
    res.pod_names = [p.name for p in made]
    return res


# --------------------------------------------------------------------------- selection + warnings
def _select(res: DocResult, draft: Draft, cluster) -> None:
    svc = res.service
    if svc is None or cluster is None:
        return
    try:
        from tutor.k8s.selection import select
    except ImportError:  # pragma: no cover
        return
    selection = select(svc, cluster)
    res.selection = selection
    try:
        from tutor.k8s.ports import map_ports
    except ImportError:  # pragma: no cover - Engine B's module not there yet
        res.ports = None
    else:
        res.ports = map_ports(svc, selection)
    res.warnings.extend(_warnings(svc, selection, draft, cluster))


def _warning(code: str, pos: Pos | None, **params) -> Warning:
    return Warning(code, warning_text(code, **params), pos.line if pos else None, pos.column if pos else None,
                   params)


def _find_port(pod, name: str, protocol: str) -> int | None:
    """FindPort: containers in order, then sidecars (restartable init containers)."""
    for sidecar in (False, True):
        for c in pod.containers:
            if bool(getattr(c, "sidecar", False)) != sidecar:
                continue
            for cp in c.ports:
                if cp.name == name and cp.protocol == protocol:
                    return cp.container_port
    return None


def _warnings(svc: Service, selection, draft: Draft, cluster) -> list[Warning]:
    out: list[Warning] = []
    if svc.type == "ExternalName":
        return out
    if not svc.selector:
        out.append(_warning("W-NO-SELECTOR", draft.pos("spec.selector")))
        return out
    selected = list(getattr(selection, "selected", []) or [])
    if not selected:
        if getattr(cluster, "pods", None):
            shown = ", ".join(f"{k}={v}" for k, v in svc.selector.items())
            out.append(_warning("W-SELECTOR-NO-MATCH", draft.pos("spec.selector"), selector=shown,
                                namespace=svc.namespace))
        return out
    for i, sp in enumerate(svc.ports):
        tpos = draft.pos(f"spec.ports[{i}].targetPort")
        if isinstance(sp.target_port, int):
            # replicas of one workload share their container list: look each list up once
            lacking: dict[int, bool] = {}
            missing = []
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


def _declares_ports(pod) -> bool:
    return any(c.ports for c in pod.containers)


# --------------------------------------------------------------------------- cluster building
def add_pods_from(text: str | bytes, cluster, *, replace: bool = True) -> tuple[list[DocResult], FieldError | None]:
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
    known = {**POD_KINDS, **_workload_kinds(), "Service": "v1"}
    docs: list[DocResult] = []
    for doc in result.documents:
        what, _errs, kind, api = _classify(doc, known)
        if what not in ("pod", "workload"):
            continue
        name, namespace = _meta(doc.root)
        res = _pods_doc(doc, what, cluster, kind, api, name, namespace, add_pods=False)
        if res.valid and cluster is not None:
            made = _made_pods(doc, what, cluster)
            for pod in made:
                if replace or cluster.pod(pod.name, pod.namespace) is None:
                    cluster.add_pod(pod)
        docs.append(res)
    return docs, perr


def _made_pods(doc: Document, what: str, cluster) -> list:
    from tutor.k8s import pods as pods_mod

    obj = to_python(doc.root)
    if what == "pod":
        return [pods_mod.pod_from_manifest(obj, doc.pos, doc.index)]
    return pods_mod.pods_from_workload(obj, doc.pos, cluster.nodes, index=doc.index)
