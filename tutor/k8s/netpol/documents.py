"""Reading a cluster for NetworkPolicy questions out of manifest texts.

:func:`read` takes (file name, text) pairs, as ``ktutor check`` reads its inputs, and
collects Namespaces, Pods (from Pod and workload documents, scheduled and given addresses
by the simulated cluster exactly as ``ktutor check`` does) and NetworkPolicies (each
admitted like the API server would). ``kind: List`` documents (and ``...List`` kinds)
contribute their ``items``. Other kinds are ignored.

A NetworkPolicy that fails (YAML syntax, kind, decoding or validation) is reported and not
applied. A Pod, workload or Namespace that cannot be read is a *problem*: the cluster would
be wrong without it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.i18n import Text
from tutor.k8s.explain import explanation_text, fix_text
from tutor.k8s.field import ErrorType, FieldError
from tutor.k8s.model import Node, Pod, Pos
from tutor.k8s.netpol.admit import API_VERSION, KIND, Admission, PolicyWarning, admit
from tutor.k8s.netpol.explain import warning_text
from tutor.k8s.netpol.model import Namespace, NetworkPolicy
from tutor.k8s.yamlpos import STR, YMap, YNode, YScalar, YSeq, parse, to_python

POD_KINDS = {"Pod": "v1"}
NAMESPACE_KIND = ("Namespace", "v1")


@dataclass
class PolicyResult:
    """One NetworkPolicy document (or one that tried to be)."""

    file: str
    document: int
    name: str | None
    namespace: str
    stage: str | None  # parse | kind | decode | validation | None
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[PolicyWarning] = field(default_factory=list)
    policy: NetworkPolicy | None = None

    @property
    def valid(self) -> bool:
        return self.stage is None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "document": self.document, "name": self.name, "namespace": self.namespace,
            "valid": self.valid, "stage": self.stage,
            "errors": [{"path": e.path, "type": e.type, "message": e.message, "line": e.line, "column": e.column,
                        "explanation": str(explanation_text(e)), "fix": str(fix_text(e))} for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass
class Inputs:
    """Everything read: the cluster's Nodes and Pods, Namespaces, the policy documents,
    and problems (``file:line:column: message``) with documents that could not be used."""

    nodes: list[Node]
    pods: list[Pod]
    namespaces: list[Namespace]
    results: list[PolicyResult]
    problems: list[str]

    @property
    def policies(self) -> list[NetworkPolicy]:
        """The valid policies, in input order (a later one of the same namespace/name replaces
        an earlier one, as ``kubectl apply`` would)."""
        found: dict[str, NetworkPolicy] = {}
        for r in self.results:
            if r.policy is not None:
                found.pop(r.policy.key, None)
                found[r.policy.key] = r.policy
        return list(found.values())


def _scalar_str(node: YNode | None) -> str | None:
    if isinstance(node, YScalar) and node.tag == STR:
        return str(node.value)
    return None


def _objects(root: YNode, pos: Pos) -> Iterator[tuple[YNode, Pos]]:
    """The document's object, or the items of a List."""
    if isinstance(root, YMap):
        kind = _scalar_str(root.get("kind")) or ""
        items = root.get("items")
        if kind.endswith("List") and isinstance(items, YSeq):
            for item in items.items:
                yield item, item.pos
            return
    yield root, pos


def kind_errors(root: YMap, pos: Pos) -> list[FieldError] | None:
    """The kind-stage error of a document that tries and fails to be a NetworkPolicy
    (``kind: networkpolicy``, ``extensions/v1beta1``, no apiVersion); None when it is one
    or is something else."""
    kind = _scalar_str(root.get("kind"))
    api = _scalar_str(root.get("apiVersion"))
    if kind is None or kind.lower() != KIND.lower():
        return None
    if not api:
        return [FieldError(type=ErrorType.KIND, path="apiVersion", message="error validating data: apiVersion not set",
                           line=pos.line, column=pos.column, code="NP-KIND-APIVERSION",
                           params={"kind": kind, "want_version": API_VERSION}, detail="apiVersion not set")]
    if kind == KIND and api == API_VERSION:
        return None
    node = root.get("kind") if kind != KIND else root.get("apiVersion")
    where = node.pos if node is not None else pos
    message = f'no matches for kind "{kind}" in version "{api}"'
    return [FieldError(type=ErrorType.KIND, path="kind" if kind != KIND else "apiVersion", message=message,
                       line=where.line, column=where.column, code="NP-KIND-NO-MATCH",
                       params={"kind": kind, "api_version": api, "want_kind": KIND, "want_version": API_VERSION},
                       detail=message)]


def _namespace(obj: Any) -> Namespace:
    if not isinstance(obj, dict):
        raise ValueError("a Namespace manifest must be a mapping")
    meta = obj.get("metadata")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"]:
        raise ValueError("metadata.name: Required value")
    labels = meta.get("labels") or {}
    if not isinstance(labels, dict):
        raise ValueError("metadata.labels: must be a mapping")
    for k, v in labels.items():
        if not isinstance(v, str) and v is not None:
            raise ValueError(f"metadata.labels.{k}: label values must be strings (quote the value)")
    return Namespace.of(meta["name"], {str(k): v or "" for k, v in labels.items()})


def read(texts: Sequence[tuple[str, str | bytes]], cluster: Any = None) -> Inputs:
    """Read every text (see the module documentation). ``cluster`` is the simulated
    cluster to add the Pods to (default: the default two-node cluster)."""
    from tutor.k8s import pods as pods_mod
    from tutor.k8s.cluster import Cluster

    cluster = cluster if cluster is not None else Cluster.default()
    namespaces: dict[str, Namespace] = {}
    results: list[PolicyResult] = []
    problems: list[str] = []
    policy_docs: list[tuple[str, int, YMap, Pos]] = []
    made: list[Pod] = []
    for name, text in texts:
        parsed = parse(text)
        for doc in parsed.documents:
            for root, pos in _objects(doc.root, doc.pos):
                if not isinstance(root, YMap):
                    continue
                kind = _scalar_str(root.get("kind"))
                api = _scalar_str(root.get("apiVersion"))
                errors = kind_errors(root, pos)
                if errors is not None:
                    meta = root.get("metadata")
                    pname = _scalar_str(meta.get("name")) if isinstance(meta, YMap) else None
                    pns = (_scalar_str(meta.get("namespace")) if isinstance(meta, YMap) else None) or "default"
                    results.append(PolicyResult(name, doc.index, pname, pns, "kind", errors))
                elif kind == KIND and api == API_VERSION:
                    results.append(PolicyResult(name, doc.index, None, "default", None))
                    policy_docs.append((name, len(results) - 1, root, pos))
                elif (kind, api) == NAMESPACE_KIND:
                    try:
                        ns = _namespace(to_python(root))
                    except ValueError as exc:
                        problems.append(f"{name}:{pos.line}:{pos.column}: Namespace: {exc}")
                    else:
                        namespaces[ns.name] = ns
                elif kind is not None and (POD_KINDS.get(kind) == api or pods_mod.WORKLOAD_KINDS.get(kind) == api):
                    try:
                        obj = to_python(root)
                        if kind == "Pod":
                            made.append(pods_mod.pod_from_manifest(obj, pos, doc.index))
                        else:
                            made.extend(pods_mod.pods_from_workload(obj, pos, cluster.nodes, index=doc.index))
                    except pods_mod.PodError as err:
                        problems.append(f"{name}:{pos.line}:{pos.column}: {kind}: {err.english()}")
                    except Exception as exc:  # noqa: BLE001 - a bug must not take the command down
                        problems.append(f"{name}:{pos.line}:{pos.column}: {kind}: internal error: "
                                        f"{type(exc).__name__}: {exc}")
        if parsed.error is not None:
            e = parsed.error
            perr = FieldError(type=ErrorType.PARSE, path=None, message=e.message, line=e.line, column=e.column,
                              code=e.code, params={"problem": e.problem}, detail=e.problem)
            results.append(PolicyResult(name, len(parsed.documents), None, "default", "parse", [perr]))
    if made:
        cluster.add_pods(made)
    for name, i, root, pos in policy_docs:
        r = results[i]
        try:
            admission: Admission = admit(root, pos)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the command down
            r.stage = "parse"
            r.errors = [FieldError(type=ErrorType.PARSE, path=None, message=f"internal error: {type(exc).__name__}: "
                                   f"{exc}", line=pos.line, column=pos.column, code="P-INTERNAL")]
            continue
        r.name, r.namespace, r.stage = admission.name, admission.namespace, admission.stage
        r.errors, r.warnings, r.policy = admission.errors, admission.warnings, admission.policy
        policy = admission.policy
        if policy is not None and cluster.pods and not any(
                not p.host_network and policy.pod_selector.matches(p.labels) for p in cluster.pods_in(policy.namespace)):
            where = admission.positions.nearest("spec.podSelector")
            r.warnings.append(PolicyWarning("W-NP-SELECTS-NOTHING", warning_text(
                "W-NP-SELECTS-NOTHING", selector=str(policy.pod_selector), namespace=policy.namespace),
                where.line, where.column))
    return Inputs(list(cluster.nodes), list(cluster.pods), list(namespaces.values()), results, problems)




# --------------------------------------------------------------------------- ktutor check
def classify(root: YMap, pos: Pos) -> tuple[str, list[FieldError], str | None, str | None]:
    """For the engine's document classifier: ``("networkpolicy", [], kind, api)`` for a
    NetworkPolicy, ``("error", errors, kind, api)`` for one with a kind-stage error."""
    kind = _scalar_str(root.get("kind"))
    api = _scalar_str(root.get("apiVersion"))
    errors = kind_errors(root, pos)
    if errors:
        return "error", errors, kind, api
    return "networkpolicy", [], kind, api


class PolicySelection:
    """Which Pods of the cluster a valid policy selects, for ``ktutor check``'s JSON
    (``selection``). Read when shown, so Pods added after the policy count."""

    def __init__(self, policy: NetworkPolicy, cluster: Any) -> None:
        self.policy = policy
        self.cluster = cluster

    @property
    def selected(self) -> list[Pod]:
        pods = self.cluster.pods_in(self.policy.namespace) if self.cluster is not None else []
        return [p for p in pods if not p.host_network and self.policy.pod_selector.matches(p.labels)]

    def to_json(self) -> dict[str, Any]:
        return {
            "policyTypes": list(self.policy.policy_types),
            "podSelector": str(self.policy.pod_selector),
            "selected": [p.name for p in self.selected],
        }


__all__ = ["Inputs", "PolicyResult", "PolicySelection", "Text", "classify", "kind_errors", "read"]
