"""A cluster dump opened in the lab (``ktutor lab DUMP``): its Services go to the editor,
everything else (Nodes, Pods, workloads, EndpointSlices...) becomes the cluster.

A dump is a file holding a List (``kubectl get -o yaml|json``) or several documents of
which some are not Services. The Services are written out as YAML documents without what
the API server set on them (``status``, ``managedFields``, ``uid``, ``resourceVersion``,
``creationTimestamp``, ``generation``, the last-applied annotation): what a learner would
edit and apply. The rest stays as it is, one JSON document per object, for
:func:`tutor.k8s.evaluate.evaluate` to build the cluster from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from tutor.k8s.yamlpos import Document, parse, to_python

#: metadata fields the API server sets: left out of the editor's Services
SERVER_SET = ("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


@dataclass
class DumpParts:
    services: str  # YAML documents of the Services, for the editor
    cluster: str  # every other object, one JSON document each
    service_count: int
    object_count: int  # objects in the cluster text


def is_dump(documents: list[Document]) -> bool:
    """A List, or several documents of which one is not a Service."""
    if any(d.item is not None for d in documents):
        return True
    return len(documents) > 1 and any(_kind(to_python(d.root)) != "Service" for d in documents)


def _kind(obj: Any) -> str | None:
    return obj.get("kind") if isinstance(obj, dict) and isinstance(obj.get("kind"), str) else None


def editable(service: dict[str, Any]) -> dict[str, Any]:
    """A Service as a learner would write it: without what the API server set."""
    out = {k: v for k, v in service.items() if k != "status"}
    meta = out.get("metadata")
    if isinstance(meta, dict):
        meta = {k: v for k, v in meta.items() if k not in SERVER_SET}
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            annotations = {k: v for k, v in annotations.items() if k != LAST_APPLIED}
            if annotations:
                meta["annotations"] = annotations
            else:
                meta.pop("annotations")
        out["metadata"] = meta
    return out


def split_dump(text: str | bytes) -> DumpParts | None:
    """The Services and the rest of a dump; None when ``text`` is no dump (a plain
    manifest, or a text that does not parse: the lab shows it as it is)."""
    result = parse(text)
    if result.error is not None or not is_dump(result.documents):
        return None
    services: list[dict[str, Any]] = []
    others: list[Any] = []
    for doc in result.documents:
        obj = to_python(doc.root)
        if _kind(obj) == "Service" and isinstance(obj, dict) and obj.get("apiVersion") == "v1":
            services.append(editable(obj))
        else:
            others.append(obj)
    text_out = "---\n".join(yaml.safe_dump(s, sort_keys=False, default_flow_style=False, allow_unicode=True,
                                           width=1 << 16) for s in services)
    cluster = "\n---\n".join(json.dumps(o, ensure_ascii=False) for o in others)
    return DumpParts(text_out, cluster + ("\n" if cluster else ""), len(services), len(others))
