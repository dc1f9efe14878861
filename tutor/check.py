"""``ktutor check``: check Service manifests the way a Kubernetes API server would.

Usage::

    ktutor check [--pods FILE]... [--format text|json] PATH...

PATH is a file, a directory (every ``*.yaml``/``*.yml`` below it, sorted), or ``-`` for
standard input. The simulated cluster is built from **all** inputs first: every Pod
document, and the would-be Pods of every workload (Deployment, StatefulSet, DaemonSet,
ReplicaSet, Job), from the inputs and from ``--pods`` files (for the same
namespace/name the ``--pods`` Pod wins). Then every Service is checked, in order,
against that cluster (a later Service sees the node ports of earlier ones), and gets
its selected Pods and port mapping. Other kinds are skipped.

Exit status: 0 all valid, 1 something invalid, 2 usage error or unreadable input.

JSON output (``--format json``), a stable shape::

    {"results": [
       {"file": "svc.yaml",          # "-" for standard input
        "document": 0,               # 0-based among the file's non-empty documents
        "kind": "Service",           # null when unknown (YAML error, no kind)
        "name": "my-service", "namespace": "default",
        "valid": false,
        "skipped": false,            # true: a kind ktutor does not check
        "stage": "validation",       # parse | kind | decode | allocation | validation | null
        "errors": [{"path": "spec.ports[0].port",      # null for a YAML syntax error
                    "type": "Invalid value",           # or parse | kind | decode
                    "message": "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                    "line": 10, "column": 11,          # 1-based
                    "code": "R-PORT-RANGE",
                    "explanation": "...", "fix": "..."}],   # in the current language
        "warnings": [{"code": "W-SELECTOR-NO-MATCH", "message": "...", "line": 7, "column": 5}],
        "service": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "headless": false, ...},  # effective
        "selection": {"manages_endpoints": true, "selected": ["web-1"], "endpoints": ["web-1"],
                      "ready": ["web-1"], "not_ready": [],
                      "pods": [{"name": "db-0", "namespace": "default", "selected": false, "reason": "..."}],
                      "omitted": 0},           # Pods not selected beyond the first 50 listed
        "ports": [{"name": null, "port": 80, "protocol": "TCP", "targetPort": 9376, "nodePort": null,
                   "resolved": {"web-1": 9376}, "unresolved": []}],
        "pods": []}],               # Pod/workload documents: the Pods they make
     "summary": {"services": 1, "valid": 0, "invalid": 1}}

``service``, ``selection`` and ``ports`` are null unless the document is a valid Service.
``summary`` counts Service documents (including ones that failed before their kind
was recognised, and YAML syntax errors).
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from tutor.i18n import N_, Text, _, cell_width, format_number, ngettext

if TYPE_CHECKING:  # the engine is imported when a check runs, not for `ktutor check --help`
    from tutor.k8s.evaluate import Evaluation
    from tutor.k8s.field import FieldError

#: Pods that are *not* selected listed per Service in JSON (the rest are counted)
MAX_LISTED_PODS = 50
#: Larger inputs are refused (reported as unreadable): a manifest is never this big.
MAX_BYTES = 16 * 1024 * 1024


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


def _open(path: Path, mode: int) -> BinaryIO:
    if not stat.S_ISFIFO(mode):
        return path.open("rb")
    # A named pipe: a plain open() waits for a writer forever. Open without waiting,
    # then read normally (what a writer sends, or nothing when there is none).
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_file(path: Path, shown: str) -> Source:
    try:
        st = path.stat()
        size = st.st_size
        if size > MAX_BYTES:
            raise Unreadable(_("{file}: too large ({size} bytes; the limit is {limit})").format(
                file=shown, size=format_number(size), limit=format_number(MAX_BYTES)))
        with _open(path, st.st_mode) as fh:
            data = fh.read(MAX_BYTES + 1)
    except Unreadable:
        raise
    except FileNotFoundError:
        raise Unreadable(_("{file}: no such file or directory").format(file=shown)) from None
    except IsADirectoryError:
        raise Unreadable(_("{file}: is a directory").format(file=shown)) from None
    except PermissionError:
        raise Unreadable(_("{file}: permission denied").format(file=shown)) from None
    except OSError as exc:
        raise Unreadable(_("{file}: cannot be read ({error})").format(file=shown, error=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise Unreadable(_("{file}: too large (the limit is {limit} bytes)").format(
            file=shown, limit=format_number(MAX_BYTES)))
    return Source(shown, data)


def _expand(arg: str, stdin: IO[Any]) -> list[Source]:
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
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        return [_read_file(p, str(p)) for p in found]
    return [_read_file(path, arg)]


def _decode(data: bytes) -> str | bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # the parser reports where the bad bytes are
    return text[1:] if text.startswith("\ufeff") else text


def read_sources(paths: list[str], stdin: IO[Any]) -> tuple[list[Source], list[str]]:
    """Read every PATH (a file, a directory's *.yaml/*.yml, or ``-`` once); what cannot
    be read comes back as messages. Shared with ``ktutor probe``."""
    unreadable: list[str] = []
    sources: list[Source] = []
    used_stdin = False
    for arg in paths:
        if arg == "-":
            if used_stdin:
                continue
            used_stdin = True
        try:
            sources.extend(_expand(arg, stdin))
        except Unreadable as exc:
            unreadable.append(str(exc))
    return sources, unreadable


def decode_source(source: Source) -> str | bytes:
    """A source's text (bytes when it is not UTF-8: the parser reports where)."""
    return _decode(source.data)


# --------------------------------------------------------------------------- the check
def check_sources(sources: list[Source],
                  pod_sources: list[Source]) -> tuple[list[dict[str, Any]], list[tuple[Source, Evaluation]], list[str]]:
    """Build the cluster from every input, then evaluate each source against it.
    Returns (JSON results, [(source, Evaluation)], problems with --pods files)."""
    # (here, not at the top: `ktutor check --help` and usage errors need no engine)
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import add_pods_from, evaluate
    from tutor.k8s.explain import error_json

    cluster = Cluster.default()
    texts = [(s, _decode(s.data)) for s in sources]
    for _src, text in texts:
        add_pods_from(text, cluster)
    problems: list[str] = []
    for src in pod_sources:
        docs, perr = add_pods_from(_decode(src.data), cluster, replace=True)
        if perr is not None:
            problems.append(f"{src.name}:{perr.line or 0}:{perr.column or 0}: {perr.message}")
        for d in docs:
            for e in d.errors:
                problems.append(f"{src.name}:{e.line or 0}:{e.column or 0}: {_pods_problem(e)}")
    results: list[dict[str, Any]] = []
    evaluations: list[tuple[Source, Evaluation]] = []
    current = cluster
    for src, text in texts:
        ev = evaluate(text, current, filename=src.name, add_pods=False)
        current = ev.cluster
        evaluations.append((src, ev))
        for d in ev.documents:
            item = {"file": src.name, **d.to_json(max_pods=MAX_LISTED_PODS)}
            results.append(_shape(item))
        if ev.parse_error is not None:
            e = ev.parse_error
            results.append(_shape({
                "file": src.name, "document": len(ev.documents), "kind": None, "name": None, "namespace": "default",
                "valid": False, "skipped": False, "stage": "parse", "errors": [error_json(e)], "warnings": [],
                "service": None, "selection": None, "ports": None, "pods": [],
            }))
    return results, evaluations, problems


def _pods_problem(e: FieldError) -> str:
    """A problem with a --pods document in the current language: ktutor's own Pod
    messages are translated; kubectl's messages (YAML syntax) stay verbatim."""
    reason = e.params.get("reason") if e.code == "P-POD" else None
    if isinstance(reason, Text):
        return f"{e.path}: {reason}" if e.path else str(reason)
    return e.message


_KEYS = ("file", "document", "kind", "name", "namespace", "valid", "skipped", "stage", "errors", "warnings",
         "service", "selection", "ports", "pods")


def _shape(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in _KEYS}


def _is_service(r: dict[str, Any]) -> bool:
    return r["kind"] == "Service" or (r["stage"] in ("parse", "kind") and (r["kind"] or "service").lower() == "service")


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    services = [r for r in results if _is_service(r)]
    valid = sum(1 for r in services if r["valid"])
    out: dict[str, Any] = {"services": len(services), "valid": valid, "invalid": len(services) - valid}
    policies = [r for r in results if (r["kind"] or "").lower() == "networkpolicy"]
    if policies:  # only when there are some: the shape for Service-only inputs stays as it was
        good = sum(1 for r in policies if r["valid"])
        out["networkPolicies"] = {"checked": len(policies), "valid": good, "invalid": len(policies) - good}
    return out


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


def _where(r: dict[str, Any], line: int | None, column: int | None) -> str:
    if line:
        return f"{r['file']}:{line}:{column or 1}"
    return str(r["file"])


def _label(r: dict[str, Any]) -> str:
    kind = r["kind"] or _("(unknown kind)")
    if r["name"]:
        return f"{kind} {r['namespace']}/{r['name']}"
    return kind


STAGE_NAMES = {
    "parse": N_("YAML syntax"),
    "kind": N_("apiVersion/kind"),
    "decode": N_("decoding (field names and types)"),
    "allocation": N_("allocation (node ports, cluster IP)"),
    "validation": N_("validation"),
}


def render_text(results: list[dict[str, Any]], colour: bool) -> str:
    s = _Style(colour)
    out: list[str] = []
    words = {"VALID": _("VALID"), "INVALID": _("INVALID"), "SKIPPED": _("SKIPPED")}
    warning = _("warning")
    width = max(cell_width(w) for w in words.values())

    def status(key: str, code: str) -> str:
        # Pad by terminal cells, not characters, so Korean status words line up too.
        return s(words[key], code) + " " * (width - cell_width(words[key]) + 1)

    for r in results:
        doc = _("document {n}").format(n=r["document"])
        if r["skipped"]:
            out.append(f"{s('-', '2')} {status('SKIPPED', '2')} {_label(r)} ({r['file']}, {doc}): "
                       + _("not checked (ktutor checks Services and NetworkPolicies)"))
            continue
        if r["valid"]:
            line = f"{s('✓', '32')} {status('VALID', '32;1')} {_label(r)} ({r['file']}, {doc})"
            svc = r.get("service")
            if svc:
                line += "  " + _service_summary(svc)
            out.append(line)
            out.extend(_policy_lines(r) if r["kind"] == "NetworkPolicy" else _selection_lines(r))
        else:
            stage = _(STAGE_NAMES.get(r["stage"] or "", "")) if r["stage"] else ""
            out.append(f"{s('✗', '31')} {status('INVALID', '31;1')} {_label(r)} ({r['file']}, {doc})"
                       + (": " + _("rejected at {stage}").format(stage=stage) if stage else ""))
            for e in r["errors"]:
                out.append(f"    {s(_where(r, e['line'], e['column']), '1')}: {e['message']}")
                out.append("      " + _("why: {text}").format(text=e["explanation"]))
                out.append("      " + _("fix: {text}").format(text=e["fix"]))
        for w in r["warnings"] or []:
            out.append(f"    {s(warning, '33')}: {_where(r, w['line'], w['column'])}: {w['message']}")
    summ = summary(results)
    n = summ["services"]
    out.append("")
    if n or not summ.get("networkPolicies"):
        out.append(ngettext("{n} Service checked: {valid} valid, {invalid} invalid.",
                            "{n} Services checked: {valid} valid, {invalid} invalid.", n).format(
            n=format_number(n), valid=format_number(summ["valid"]), invalid=format_number(summ["invalid"])))
    policies = summ.get("networkPolicies")
    if policies:
        out.append(ngettext("{n} NetworkPolicy checked: {valid} valid, {invalid} invalid.",
                            "{n} NetworkPolicies checked: {valid} valid, {invalid} invalid.", policies["checked"])
                   .format(n=format_number(policies["checked"]), valid=format_number(policies["valid"]),
                           invalid=format_number(policies["invalid"])))
    return "\n".join(out) + "\n"


def _policy_lines(r: dict[str, Any]) -> list[str]:
    """What a valid NetworkPolicy isolates (``ktutor probe`` shows who may connect)."""
    sel = r.get("selection") or {}
    pods = ", ".join(sel.get("selected") or []) or _("no Pod")
    return ["    " + _("policyTypes {types}; selects {pods}").format(types=", ".join(sel.get("policyTypes") or []),
                                                                     pods=pods)]


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


# --------------------------------------------------------------------------- entry point
def run(args: argparse.Namespace, stdout: IO[str] | None = None, stderr: IO[str] | None = None,
        stdin: IO[Any] | None = None) -> int:
    """``ktutor check`` with parsed ``args`` (``paths``, ``pods``, ``format``, as
    :func:`add_arguments` defines them)."""
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
    pod_sources: list[Source] = []
    for arg in args.pods or []:
        try:
            pod_sources.extend(_expand(arg, stdin))
        except Unreadable as exc:
            unreadable.append(str(exc))
    for problem in unreadable:
        print(_("ktutor check: {problem}").format(problem=problem), file=stderr)
    results, _evaluations, problems = check_sources(sources, pod_sources)
    for problem in problems:
        print(_("ktutor check: --pods: {problem}").format(problem=problem), file=stderr)
    try:
        if fmt == "json":
            # one write: json.dump writes every token separately (a million writes for 1,000 files)
            stdout.write(json.dumps({"results": results, "summary": summary(results)}, ensure_ascii=False, indent=2))
            stdout.write("\n")
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
