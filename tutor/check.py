"""``ktutor check``: check manifests and cluster dumps the way a Kubernetes API server would.

Usage::

    ktutor check [--pods FILE]... [--format text|json] PATH...

PATH is a file, a directory (every ``*.yaml``/``*.yml`` below it, sorted), or ``-`` for
standard input. Files are read the way kubectl reads them (:mod:`tutor.k8s.yamlpos`):
byte-order marks, ``---`` documents, JSON, and Lists (``kubectl get -o yaml|json``
output: each item is checked as its own object). The rules are Kubernetes 1.34's with
its default feature gates.

The simulated cluster is built from **all** inputs first: Node objects, every Pod (a
Pod with ``status`` is live state, read the way the EndpointSlice controller reads it),
and for each workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) either its
live Pods in the input or, when there are none, the Pods its template would make; then
``--pods`` files (a Pod there replaces one of the same namespace/name). Then every
Service is checked, in order, against that cluster (a later Service sees the node ports
of earlier ones), and gets its selected Pods and port mapping; EndpointSlices and
Endpoints in the input are compared with what ktutor computes for their Service.
Other kinds are skipped.

Exit status: 0 all valid, 1 some document ktutor checks is invalid, 2 usage error,
unreadable input, or workloads that would make more Pods than the simulated cluster
holds (:data:`tutor.k8s.pods.MAX_TOTAL_PODS` across all workloads: the largest are left
out, each with a ``W-POD-LIMIT`` warning, and one line on standard error names them).

JSON output (``--format json``), a stable shape::

    {"kubernetesVersion": "1.34",
     "results": [
       {"file": "svc.yaml",          # "-" for standard input
        "document": 0,               # 0-based among the file's non-empty documents
        "item": null,                # the index in its List, for an item of a List
        "line": 1, "column": 1,      # where the object starts in the file
        "kind": "Service",           # null when unknown (YAML error, no kind)
        "name": "my-service", "namespace": "default",
        "valid": false,
        "skipped": false,            # true: a kind ktutor does not check (or reads as live state)
        "stage": "validation",       # parse | kind | decode | allocation | validation | null
        "errors": [{"path": "spec.ports[0].port",      # null for a YAML syntax error
                    "type": "Invalid value",           # or parse | kind | decode
                    "message": "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                    "line": 10, "column": 11,          # 1-based, in the file
                    "code": "R-PORT-RANGE",
                    "explanation": "...", "fix": "..."}],   # in the current language, plain text
        "warnings": [{"code": "W-SELECTOR-NO-MATCH", "message": "...", "line": 7, "column": 5}],
        "service": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "headless": false, ...},  # effective
        "selection": {"manages_endpoints": true, "selected": ["web-1"], "endpoints": ["web-1"],
                      "ready": ["web-1"], "not_ready": [],
                      "no_endpoints": null,    # why there are none (the one reason that matters)
                      "pods": [{"name": "db-0", "namespace": "default", "selected": false, "reason": "..."}],
                      "omitted": 0},           # Pods not selected beyond the first 50 listed
        "ports": [{"name": null, "port": 80, "protocol": "TCP", "targetPort": 9376, "nodePort": null,
                   "resolved": {"web-1": 9376}, "unresolved": []}],
        "pods": [],                  # Pod/workload documents: the Pods they stand for
        "pods_from": null}],         # workloads: "live" (Pods in the input), "owner", "template"
     "summary": {"services": 1, "valid": 0, "invalid": 1,
                 "by_kind": {"Service": {"valid": 0, "invalid": 1}}}}

``service``, ``selection`` and ``ports`` are null unless the document is a valid Service.
``summary.services/valid/invalid`` count Service documents (including ones that failed
before their kind was recognised, and YAML syntax errors); ``by_kind`` counts every
document ktutor checks, by kind.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tutor.i18n import N_, Text, _, cell_width, format_number, ngettext
from tutor.markup import plain
from tutor.terminal import escape_controls, escape_tree, has_controls, json_for, json_safe

if TYPE_CHECKING:  # the engine is imported when a check runs, not for `ktutor check --help`
    from tutor.k8s.evaluate import Evaluation
    from tutor.k8s.field import FieldError

#: Pods that are *not* selected listed per Service in JSON (the rest are counted)
MAX_LISTED_PODS = 50
#: Larger inputs are refused (reported as unreadable). A dump of a cluster of 2,000 Pods
#: is about 10 MB as ``kubectl get -o yaml`` prints it, 22 MB as ``-o json`` does (four
#: spaces of indentation); each object in it is limited on its own (3 MiB, as the API
#: server limits a request).
MAX_BYTES = 32 * 1024 * 1024
#: From this many results on (or with any List item), the text output explains a dump:
#: valid non-Service objects are counted per namespace instead of listed one by one.
DUMP_RESULTS = 50
#: Names listed per line in a dump's text output (the rest are counted)
NAMES_SHOWN = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=_("a manifest file, a directory (its *.yaml and *.yml files), or - for standard input"))
    parser.add_argument("--pods", metavar="FILE", action="append", default=[],
                        help=_("Pod or workload manifests that form the simulated cluster (repeatable)"))
    parser.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))


# --------------------------------------------------------------------------- inputs
@dataclass
class Source:
    name: str  # as shown: the path given, or "-"
    data: bytes


class Unreadable(Exception):
    pass


def _read_file(path: Path, shown: str, *, named: bool = True) -> Source:
    """A file's bytes (at most :data:`MAX_BYTES`). ``named``: the user named it on the
    command line, so a pipe or a device is read too (``ktutor check <(kubectl get ...)``);
    a file found in a directory must be a regular file."""
    from tutor.safeio import ReadError, read_bytes

    try:
        return Source(shown, read_bytes(path, MAX_BYTES, shown=shown, regular_only=not named))
    except ReadError as exc:
        raise Unreadable(str(exc)) from None


def shown_path(path: str | Path) -> str:
    """A path as shown to the user: undecodable bytes of its name as ``\\xNN`` (the
    file system's encoding could not decode them); control characters stay (the text
    output escapes them, JSON writes them as escapes)."""
    text = str(path)
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c for c in text)


def _expand(arg: str, stdin: IO[Any], problems: list[str] | None = None) -> list[Source]:
    """The sources of one PATH argument. A directory's files that cannot be read are
    reported in ``problems`` (when given; else the first one raises) and the rest are
    still read."""
    if arg == "-":
        stream = getattr(stdin, "buffer", stdin)  # a text stream's bytes (tests hand in bytes directly)
        data = stream.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        if len(data) > MAX_BYTES:
            raise Unreadable(_("standard input: too large (the limit is {limit} bytes)").format(
                limit=format_number(MAX_BYTES)))
        return [Source("-", data)]
    path = Path(arg)
    if path.is_dir():
        try:
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        except OSError as exc:  # a folder that cannot be listed
            raise Unreadable(_("{file}: cannot be read ({error})").format(
                file=shown_path(arg), error=exc.strerror or exc.__class__.__name__)) from None
        out = []
        for p in found:
            try:
                out.append(_read_file(p, shown_path(p), named=False))
            except Unreadable as exc:
                if problems is None:
                    raise
                problems.append(str(exc))
        return out
    return [_read_file(path, shown_path(arg))]


def read_sources(paths: Sequence[str], stdin: IO[Any]) -> tuple[list[Source], list[str]]:
    """Read every PATH (a file, a directory's ``*.yaml``/``*.yml``, or ``-`` once);
    what cannot be read comes back as messages. The one way every command reads its
    inputs (``ktutor check``, ``probe``, the kubectl console); :func:`decode_source`
    turns a source into text as kubectl would, and the engine's parser expands Lists."""
    unreadable: list[str] = []
    sources: list[Source] = []
    used_stdin = False
    for arg in paths:
        if arg == "-":
            if used_stdin:
                continue
            used_stdin = True
        try:
            sources.extend(_expand(arg, stdin, unreadable))
        except Unreadable as exc:
            unreadable.append(str(exc))
    return sources, unreadable


def decode_source(source: Source) -> str | bytes:
    """A source's text the way kubectl reads a file: a UTF-8 byte-order mark dropped, a
    UTF-16 one decoded (bytes when it is not UTF-8: the parser reports where)."""
    from tutor.k8s.yamlpos import decode_bytes  # (here: PyYAML loads only when a check runs)

    return decode_bytes(source.data)


def _decode(data: bytes) -> str | bytes:
    """(kept for callers of the old name) :func:`decode_source` of raw bytes."""
    return decode_source(Source("", data))


# --------------------------------------------------------------------------- the check
def check_sources(sources: list[Source],
                  pod_sources: list[Source]) -> tuple[list[dict[str, Any]], list[tuple[Source, Evaluation]], list[str]]:
    """Build the cluster from every input, then evaluate each source against it.
    Returns (JSON results, [(source, Evaluation)], problems with --pods files)."""
    # (here, not at the top: `ktutor check --help` and usage errors need no engine)
    from tutor.k8s.evaluate import evaluate_all

    # A dump is millions of small objects, none of them in a reference cycle worth finding:
    # the cyclic collector, run every few thousand allocations over all of them, made a
    # check several times slower. Reference counting still frees everything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        evaluations, pod_problems = evaluate_all([(s.name, decode_source(s)) for s in sources], None,
                                                 [(s.name, decode_source(s)) for s in pod_sources])
        return _results(sources, evaluations, pod_problems)
    finally:
        if collecting:
            gc.enable()


def _results(sources: list[Source], evaluations: list[Evaluation], pod_problems: list[tuple[str, FieldError]]
             ) -> tuple[list[dict[str, Any]], list[tuple[Source, Evaluation]], list[str]]:
    from tutor.k8s.explain import error_json

    problems = [f"{name}:{e.line or 0}:{e.column or 0}: {_pods_problem(e)}" for name, e in pod_problems]
    results: list[dict[str, Any]] = []
    pairs: list[tuple[Source, Evaluation]] = []
    for src, ev in zip(sources, evaluations):
        pairs.append((src, ev))
        for d in ev.documents:
            results.append(_shape({"file": src.name, **d.to_json(max_pods=MAX_LISTED_PODS)}))
        if ev.parse_error is not None:
            e = ev.parse_error
            results.append(_shape({
                "file": src.name, "document": max((d.index for d in ev.documents), default=-1) + 1, "item": None,
                "line": e.line, "column": e.column, "kind": None, "name": None, "namespace": "default",
                "valid": False, "skipped": False, "stage": "parse", "errors": [error_json(e)], "warnings": [],
                "service": None, "selection": None, "ports": None, "pods": [], "pods_from": None,
            }))
    return results, pairs, problems


def _pods_problem(e: FieldError) -> str:
    """A problem with a --pods document in the current language: ktutor's own Pod
    messages are translated; kubectl's messages (YAML syntax) stay verbatim."""
    reason = e.params.get("reason") if e.code == "P-POD" else None
    if isinstance(reason, Text):
        return f"{e.path}: {reason}" if e.path else str(reason)
    return e.message


_KEYS = ("file", "document", "item", "line", "column", "kind", "name", "namespace", "valid", "skipped", "stage",
         "errors", "warnings", "service", "selection", "ports", "pods", "pods_from")


def _shape(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: item.get(k) for k in _KEYS}
    for e in out["errors"] or []:  # Markdown marks mean nothing in JSON or a terminal
        e["explanation"] = plain(str(e.get("explanation") or ""))
        e["fix"] = plain(str(e.get("fix") or ""))
    for w in out["warnings"] or []:
        w["message"] = plain(str(w.get("message") or ""))
    return out


def _is_service(r: dict[str, Any]) -> bool:
    return r["kind"] == "Service" or (r["stage"] in ("parse", "kind") and (r["kind"] or "service").lower() == "service")


#: kinds ktutor checks, by their lower-case spelling (a result of kind "deployment" counts as a Deployment)
_CHECKED_KINDS = {k.lower(): k for k in ("Service", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
                                         "Job", "NetworkPolicy")}


def _kind_key(r: dict[str, Any]) -> str:
    if _is_service(r):
        return "Service"
    kind = str(r["kind"] or "")
    return _CHECKED_KINDS.get(kind.lower(), kind or "Service")


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    services = [r for r in results if _is_service(r)]
    valid = sum(1 for r in services if r["valid"])
    by_kind: dict[str, dict[str, int]] = {}
    for r in results:
        if r["skipped"]:
            continue
        counts = by_kind.setdefault(_kind_key(r), {"valid": 0, "invalid": 0})
        counts["valid" if r["valid"] else "invalid"] += 1
    out: dict[str, Any] = {"services": len(services), "valid": valid, "invalid": len(services) - valid}
    policies = [r for r in results if (r["kind"] or "").lower() == "networkpolicy"]
    if policies:  # only when there are some: the shape for Service-only inputs stays as it was
        good = sum(1 for r in policies if r["valid"])
        out["networkPolicies"] = {"checked": len(policies), "valid": good, "invalid": len(policies) - good}
    out["by_kind"] = by_kind
    return out


def render_json(results: list[dict[str, Any]], version: str) -> str:
    """The JSON output, in one string (json.dump writes every token separately: a million
    writes for 1,000 files). Indented; a dump's results one per line (Python's JSON
    encoder is written in C only for output without indentation: indenting 13 MB of
    results took seconds)."""
    head = {"kubernetesVersion": version, "results": results, "summary": summary(results)}
    # (json_safe: C1 controls and lone surrogates from the input as \\u escapes, like C0)
    if not _is_dump(results):
        return json_safe(json.dumps(head, ensure_ascii=False, indent=2)) + "\n"
    lines = ",\n    ".join(json.dumps(r, ensure_ascii=False) for r in results)
    return json_safe(f'{{\n  "kubernetesVersion": {json.dumps(version)},\n  "results": [\n    {lines}\n  ],\n'
                     f'  "summary": {json.dumps(head["summary"], ensure_ascii=False)}\n}}\n')


# --------------------------------------------------------------------------- text output
class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def _use_colour(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (OSError, ValueError):  # a closed or detached stream
        return False


def _where(r: dict[str, Any], line: int | None, column: int | None, file: str | None = None) -> str:
    name = file or r["file"]
    if line:
        return f"{name}:{line}:{column or 1}"
    return str(name)


def _label(r: dict[str, Any]) -> str:
    kind = r["kind"] or _("(unknown kind)")
    if r["name"]:
        return f"{kind} {r['namespace']}/{r['name']}" if r["namespace"] else f"{kind} {r['name']}"
    return kind


def _origin(r: dict[str, Any]) -> str:
    doc = _("document {n}").format(n=r["document"])
    if r.get("item") is not None:
        doc += ", " + _("item {n}").format(n=r["item"])
    return f"({r['file']}, {doc})"


STAGE_NAMES = {
    "parse": N_("YAML syntax"),
    "kind": N_("apiVersion/kind"),
    "decode": N_("decoding (field names and types)"),
    "allocation": N_("allocation (node ports, cluster IP)"),
    "validation": N_("validation"),
}

#: kind -> its count in words, for the per-namespace counts of a dump
_KIND_WORDS: dict[str, Callable[[int], str]] = {
    "Pod": lambda n: ngettext("{n} Pod", "{n} Pods", n),
    "Deployment": lambda n: ngettext("{n} Deployment", "{n} Deployments", n),
    "ReplicaSet": lambda n: ngettext("{n} ReplicaSet", "{n} ReplicaSets", n),
    "StatefulSet": lambda n: ngettext("{n} StatefulSet", "{n} StatefulSets", n),
    "DaemonSet": lambda n: ngettext("{n} DaemonSet", "{n} DaemonSets", n),
    "Job": lambda n: ngettext("{n} Job", "{n} Jobs", n),
    "Node": lambda n: ngettext("{n} Node", "{n} Nodes", n),
    "EndpointSlice": lambda n: ngettext("{n} EndpointSlice", "{n} EndpointSlices", n),
    "Endpoints": lambda n: ngettext("{n} Endpoints object", "{n} Endpoints objects", n),
}
#: kinds read as the cluster's state (not checked)
_STATE_KINDS = ("Node", "EndpointSlice", "Endpoints")


def _is_dump(results: list[dict[str, Any]]) -> bool:
    return len(results) >= DUMP_RESULTS or any(r.get("item") is not None for r in results)


def render_text(results: list[dict[str, Any]], colour: bool) -> str:
    """The text output: every Service with its endpoints, every invalid document with
    its errors, grouped by namespace (a header per namespace when there are several);
    a dump (many objects, or a List) counts its other objects per namespace and ends
    with a summary table."""
    # Names, file names and messages quote the input: a control character in them is
    # shown escaped (ESC as ^[), never sent to the terminal.
    if has_controls(results):
        results = escape_tree(results)
    s = _Style(colour)
    out: list[str] = []
    words = {"VALID": _("VALID"), "INVALID": _("INVALID"), "SKIPPED": _("SKIPPED")}
    warning = _("warning")
    width = max(cell_width(w) for w in words.values())
    dump = _is_dump(results)

    def status(key: str, code: str) -> str:
        # Pad by terminal cells, not characters, so Korean status words line up too.
        return s(words[key], code) + " " * (width - cell_width(words[key]) + 1)

    def one(r: dict[str, Any]) -> None:
        if r["skipped"]:
            out.append(f"{s('-', '2')} {status('SKIPPED', '2')} {_label(r)} {_origin(r)}: "
                       + _("not checked (ktutor checks Services, NetworkPolicies, Pods and workloads)"))
            return
        if r["valid"]:
            line = f"{s('✓', '32')} {status('VALID', '32;1')} {_label(r)} {_origin(r)}"
            svc = r.get("service")
            if svc:
                line += "  " + _service_summary(svc)
            out.append(line)
            if r["kind"] == "NetworkPolicy":
                out.extend(_policy_lines(r))
            elif r.get("pods_from"):
                out.extend(_workload_lines(r))
            else:
                out.extend(_endpoint_lines(r) if dump else _selection_lines(r))
        else:
            stage = _(STAGE_NAMES.get(r["stage"] or "", "")) if r["stage"] else ""
            out.append(f"{s('✗', '31')} {status('INVALID', '31;1')} {_label(r)} {_origin(r)}"
                       + (": " + _("rejected at {stage}").format(stage=stage) if stage else ""))
            for e in r["errors"]:
                out.append(f"    {s(_where(r, e['line'], e['column']), '1')}: {e['message']}")
                out.append("      " + _("why: {text}").format(text=plain(str(e["explanation"]))))
                out.append("      " + _("fix: {text}").format(text=plain(str(e["fix"]))))
        for w in r["warnings"] or []:
            if dump and w["code"] in ("W-SELECTOR-NO-MATCH", "W-NO-SELECTOR"):
                continue  # the "no endpoints" line says why (with the labels the Pods have)
            where = _where(r, w["line"], w["column"], w.get("file"))
            out.append(f"    {s(warning, '33')}: {where}: {plain(str(w['message']))}")

    files = [r for r in results if r["kind"] is None and r["stage"] == "parse"]
    rest = [r for r in results if not (r["kind"] is None and r["stage"] == "parse")]
    namespaces = sorted({r["namespace"] for r in rest})
    for r in files:
        one(r)
    for ns in namespaces:
        group = [r for r in rest if r["namespace"] == ns]
        if len(namespaces) > 1 or dump:
            if out:
                out.append("")
            out.append(s(_("namespace {name}").format(name=ns) if ns else _("cluster-scoped objects"), "1"))
        shown = [r for r in group if not dump or r["kind"] in ("Service", "NetworkPolicy") or not r["valid"]
                 or (r["warnings"] and not r["skipped"])]
        for r in shown:
            one(r)
        if dump:
            counted = _counted(group, shown)
            if counted:
                out.append(f"{s('✓', '32')} {counted}")
    summ = summary(results)
    if dump:
        out.append("")
        out.extend(_table(results))
    out.append("")
    n = summ["services"]
    policies = summ.get("networkPolicies")
    if n or not policies:
        out.append(ngettext("{n} Service checked: {valid} valid, {invalid} invalid.",
                            "{n} Services checked: {valid} valid, {invalid} invalid.", n).format(
            n=format_number(n), valid=format_number(summ["valid"]), invalid=format_number(summ["invalid"])))
    others = {k: v for k, v in summ["by_kind"].items() if k not in ("Service", "NetworkPolicy")}
    if others:
        good = sum(v["valid"] for v in others.values())
        bad = sum(v["invalid"] for v in others.values())
        kinds = ", ".join(f"{k} {format_number(v['valid'] + v['invalid'])}"
                          + (" (" + _("{n} invalid").format(n=format_number(v["invalid"])) + ")" if v["invalid"] else "")
                          for k, v in sorted(others.items()))
        out.append(ngettext("{n} other document checked: {valid} valid, {invalid} invalid. By kind: {kinds}.",
                            "{n} other documents checked: {valid} valid, {invalid} invalid. By kind: {kinds}.",
                            good + bad).format(n=format_number(good + bad), valid=format_number(good),
                                               invalid=format_number(bad), kinds=kinds))
    if policies:
        out.append(ngettext("{n} NetworkPolicy checked: {valid} valid, {invalid} invalid.",
                            "{n} NetworkPolicies checked: {valid} valid, {invalid} invalid.", policies["checked"])
                   .format(n=format_number(policies["checked"]), valid=format_number(policies["valid"]),
                           invalid=format_number(policies["invalid"])))
    return "\n".join(out) + "\n"


def _workload_lines(r: dict[str, Any]) -> list[str]:
    """Where a workload's Pods come from: the input (a dump), or its template."""
    pods = r.get("pods") or []
    if r.get("pods_from") == "live":
        return ["    " + _("its Pods in the input: {pods}").format(pods=_names(pods))]
    if r.get("pods_from") == "owner":
        return ["    " + _("its Pods are simulated by its owner in the input")]
    if not pods:
        return []
    return ["    " + _("would-be Pods from its template (none of its Pods is in the input): {pods}").format(
        pods=_names(pods))]


def _policy_lines(r: dict[str, Any]) -> list[str]:
    """What a valid NetworkPolicy isolates (``ktutor probe`` shows who may connect)."""
    sel = r.get("selection") or {}
    pods = ", ".join(sel.get("selected") or []) or _("no Pod")
    return ["    " + _("policyTypes {types}; selects {pods}").format(types=", ".join(sel.get("policyTypes") or []),
                                                                     pods=pods)]


def _kinds(counts: dict[str, int]) -> str:
    parts = []
    for kind, n in sorted(counts.items()):
        words = _KIND_WORDS.get(kind)
        parts.append(words(n).format(n=format_number(n)) if words else f"{format_number(n)} {kind}")
    return ", ".join(parts)


def _counted(group: list[dict[str, Any]], shown: list[dict[str, Any]]) -> str:
    """One line for the valid objects of a namespace that a dump does not list."""
    listed = {id(r) for r in shown}
    counts: dict[str, int] = {}
    live = template = 0
    state: dict[str, int] = {}
    skipped: dict[str, int] = {}
    for r in group:
        if id(r) in listed:
            continue
        if r["skipped"]:
            into = state if r["kind"] in _STATE_KINDS else skipped
            into[r["kind"] or "?"] = into.get(r["kind"] or "?", 0) + 1
            continue
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
        if r.get("pods_from") == "live":
            live += 1
        elif r.get("pods_from") == "template":
            template += 1
    text = _kinds(counts)
    if text:
        text = _("{objects} valid").format(objects=text)
        notes = []
        if live:
            notes.append(ngettext("{n} workload shown with its Pods from the input",
                                  "{n} workloads shown with their Pods from the input", live).format(
                n=format_number(live)))
        if template:
            notes.append(ngettext("{n} workload simulated from its template (none of its Pods is in the input)",
                                  "{n} workloads simulated from their templates (none of their Pods is in the input)",
                                  template).format(n=format_number(template)))
        if notes:
            text += " (" + "; ".join(notes) + ")"
    if state:
        text += ("; " if text else "") + _("read as the cluster's state: {objects}").format(objects=_kinds(state))
    if skipped:
        text += ("; " if text else "") + _("not checked: {objects}").format(objects=_kinds(skipped))
    return text


def _table(results: list[dict[str, Any]]) -> list[str]:
    """The summary table of a dump: per namespace, its Services, how many have
    endpoints, ready and not-ready endpoints, Pods and invalid documents."""
    heads = [_("NAMESPACE"), _("SERVICES"), _("WITH ENDPOINTS"), _("WITHOUT"), _("READY"), _("NOT READY"),
             _("PODS"), _("INVALID")]
    rows: dict[str, list[int]] = {}
    for r in results:
        if (r["kind"] is None and r["stage"] == "parse") or not r["namespace"]:
            continue
        row = rows.setdefault(r["namespace"], [0] * 7)
        if not r["valid"] and not r["skipped"]:
            row[6] += 1
        if r["kind"] == "Service" and r["valid"]:
            row[0] += 1
            sel = r.get("selection") or {}
            if sel.get("manages_endpoints"):
                if sel.get("endpoints"):
                    row[1] += 1
                else:
                    row[2] += 1
            row[3] += len(sel.get("ready") or [])
            row[4] += len(sel.get("not_ready") or [])
        elif r["kind"] == "Pod" and r["valid"]:
            row[5] += 1
        elif r.get("pods_from") == "template":
            row[5] += len(r.get("pods") or [])
    total = [sum(counts[i] for counts in rows.values()) for i in range(7)]
    table: list[list[str]] = [heads] + [[ns, *map(format_number, counts)] for ns, counts in sorted(rows.items())]
    table.append([_("total"), *map(format_number, total)])
    widths = [max(cell_width(cells[i]) for cells in table) for i in range(len(heads))]
    lines = []
    for cells in table:
        line = [cells[0] + " " * (widths[0] - cell_width(cells[0]))]
        line += [" " * (widths[i] - cell_width(cells[i])) + cells[i] for i in range(1, len(cells))]
        lines.append("  ".join(line).rstrip())
    return lines


def _service_summary(svc: dict[str, Any]) -> str:
    parts = [svc.get("type") or ""]
    if svc.get("headless"):
        parts.append(_("headless"))
    elif svc.get("clusterIP"):
        parts.append(svc["clusterIP"])
    if svc.get("externalName"):
        parts.append("→ " + svc["externalName"])
    if svc.get("loadBalancerIP"):
        parts.append(_("external {ip}").format(ip=svc["loadBalancerIP"]))
    return " ".join(p for p in parts if p)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += ", " + _("… {n} more").format(n=format_number(len(names) - NAMES_SHOWN))
    return shown


def _endpoint_lines(r: dict[str, Any]) -> list[str]:
    """A Service of a dump: its ready and not-ready endpoints, or the one reason it has
    none, and where each port goes."""
    sel = r.get("selection")
    lines: list[str] = []
    if sel is not None:
        ready, not_ready = sel.get("ready") or [], sel.get("not_ready") or []
        codes = {p.get("name"): p.get("endpoint_code") for p in sel.get("pods") or [] if p.get("selected")}
        endpoints = set(sel.get("endpoints") or [])  # (once: not for every selected Pod)
        outside = [n for n in sel.get("selected") or [] if n not in endpoints]
        if ready or not_ready:
            text = ngettext("{n} ready", "{n} ready", len(ready)).format(n=format_number(len(ready)))
            if ready:
                text += f" ({_names(ready)})"
            if not_ready:
                shown = [n + (" (" + _("terminating") + ")" if codes.get(n) == "terminating" else "") for n in not_ready]
                text += "; " + ngettext("{n} not ready", "{n} not ready", len(not_ready)).format(
                    n=format_number(len(not_ready))) + f" ({_names(shown)})"
            if outside:
                text += "; " + ngettext("{n} selected Pod is no endpoint", "{n} selected Pods are no endpoints",
                                        len(outside)).format(n=format_number(len(outside))) + f" ({_names(outside)})"
            lines.append("    " + _("endpoints: {endpoints}").format(endpoints=text))
        else:
            reason = sel.get("no_endpoints") or sel.get("reason") or "-"
            lines.append("    " + _("no endpoints: {reason}").format(reason=reason))
    for p in r.get("ports") or []:
        resolved = p.get("resolved") or {}
        node = " (" + _("nodePort {n}").format(n=p["nodePort"]) + ")" if p.get("nodePort") else ""
        if resolved:
            by_port: dict[Any, int] = {}
            for port in resolved.values():
                by_port[port] = by_port.get(port, 0) + 1
            dest = ", ".join(ngettext("{port} on {n} Pod", "{port} on {n} Pods", n).format(port=port, n=format_number(n))
                             for port, n in by_port.items())
        else:
            dest = str(p.get("targetPort"))
        lines.append("    " + _("port {port}/{protocol}").format(port=p.get("port"), protocol=p.get("protocol"))
                     + f"{node} → {dest}")
    return lines


#: How many unselected Pods of the Service's namespace the text output explains.
UNSELECTED_SHOWN = 5


def _unselected_lines(r: dict[str, Any], sel: dict[str, Any]) -> list[str]:
    """Why the other Pods of the Service's namespace are not selected (the deciding label)."""
    namespace = r.get("namespace")
    others = [p for p in sel.get("pods") or [] if not p.get("selected") and p.get("namespace") == namespace]
    lines = ["    " + _("not selected: {pod} ({reason})").format(pod=p.get("name"), reason=p.get("reason") or "-")
             for p in others[:UNSELECTED_SHOWN]]
    rest = len(others) - UNSELECTED_SHOWN
    if rest > 0:
        lines.append("    " + ngettext("… and {n} more Pod not selected", "… and {n} more Pods not selected", rest)
                     .format(n=format_number(rest)))
    return lines


def _selection_lines(r: dict[str, Any]) -> list[str]:
    sel = r.get("selection")
    lines: list[str] = []
    if sel is not None:
        if not sel.get("manages_endpoints"):
            reason = sel.get("reason")
            lines.append("    " + _("endpoints: not managed by Kubernetes") + (f" ({reason})" if reason else ""))
        else:
            selected = sel.get("selected") or []
            if selected:
                lines.append("    " + _("selects: {pods}").format(pods=", ".join(selected)))
                not_ready = sel.get("not_ready") or []
                if not_ready:
                    lines.append("    " + _("not ready (no traffic): {pods}").format(pods=", ".join(not_ready)))
            else:
                lines.append("    " + _("selects: no Pod"))
            lines.extend(_unselected_lines(r, sel))
    for p in r.get("ports") or []:
        target = p.get("targetPort")
        node = " (" + _("nodePort {n}").format(n=p["nodePort"]) + ")" if p.get("nodePort") else ""
        resolved = p.get("resolved") or {}
        if resolved:
            dest = ", ".join(f"{pod}:{port}" for pod, port in resolved.items())
        else:
            dest = str(target)
        lines.append("    " + _("port {port}/{protocol}").format(port=p.get("port"), protocol=p.get("protocol"))
                     + f"{node} → {dest}")
    return lines


def _pod_limit_problem(evaluations: list[tuple[Source, Evaluation]]) -> str | None:
    """One line naming the workloads left out by the total limit on simulated Pods (the
    input is too large to simulate: exit 2), or None."""
    from tutor.k8s.pods import limit_text

    names: list[str] = []
    sizes: list[int] = []
    total = 0
    for src, ev in evaluations:
        for d in ev.documents:
            for w in d.warnings:
                if w.code == "W-POD-LIMIT":
                    kind = d.kind or "?"
                    names.append(f"{kind} {d.namespace}/{d.name} ({src.name}, "
                                 + _("document {n}").format(n=d.index) + ")")
                    sizes.append(int(w.params.get("count", 0)))
                    total = int(w.params.get("total_count", 0))
    return str(limit_text(total, names, sizes)) if names else None


# --------------------------------------------------------------------------- entry point
def run(args: argparse.Namespace, stdout: IO[str] | None = None, stderr: IO[str] | None = None,
        stdin: IO[Any] | None = None) -> int:
    """``ktutor check`` with parsed ``args`` (``paths``, ``pods``, ``format``, as
    :func:`add_arguments` defines them)."""
    from tutor.k8s.version import KUBERNETES_VERSION

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    stdin = stdin or sys.stdin
    paths = list(args.paths or [])
    if not paths:
        print(_("ktutor check: give at least one PATH (a file, a directory or -)"), file=stderr)
        return 2
    fmt = args.format or "text"
    if fmt not in ("text", "json"):
        print(_("ktutor check: unknown format {name}").format(name=fmt), file=stderr)
        return 2
    sources, unreadable = read_sources(paths, stdin)
    pod_sources, pod_unreadable = read_sources(list(getattr(args, "pods", None) or []), stdin)
    unreadable += pod_unreadable
    for problem in unreadable:
        print(escape_controls(_("ktutor check: {problem}").format(problem=problem)), file=stderr)
    results, evaluations, problems = check_sources(sources, pod_sources)
    for problem in problems:
        print(escape_controls(_("ktutor check: --pods: {problem}").format(problem=problem)), file=stderr)
    limited = _pod_limit_problem(evaluations)
    if limited:
        print(escape_controls(_("ktutor check: {problem}").format(problem=limited)), file=stderr)
        problems.append(limited)
    try:
        if fmt == "json":
            stdout.write(json_for(stdout, render_json(results, KUBERNETES_VERSION)))
        else:
            stdout.write(render_text(results, _use_colour(stdout)))
        stdout.flush()
    except BrokenPipeError:  # `ktutor check ... | head`: the reader left; not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's final flush quiet
        except OSError:  # pragma: no cover
            pass
    if unreadable or problems:
        return 2
    return 0 if all(r["valid"] for r in results) else 1
