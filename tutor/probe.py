"""``ktutor probe``: which Pods may connect to which, under the NetworkPolicies given.

Usage::

    ktutor probe [--port PORT[/PROTOCOL]]... [--format text|json] PATH...

PATH is a file, a directory (every ``*.yaml``/``*.yml`` below it, sorted) or ``-`` for
standard input, read like ``ktutor check``. The inputs give Namespaces, Pods, workloads
(their would-be Pods) and NetworkPolicies; ``kind: List`` items count too. Every
NetworkPolicy is admitted like the Kubernetes 1.34 API server would (an invalid one is
reported and not applied); then every ordered pair of probed Pods (a Pod with itself
included) is probed on each port. ``--port`` defaults to every declared
containerPort/protocol. Pods that are not running or have no IP are listed as skipped.
A Pod always reaches itself, and traffic to and from a Pod's own node is always allowed
(here: a hostNetwork Pod on the same node). Only Pods are probed: a client outside the
cluster, or a node's address after source NAT (where the own-node rule lets in every
connection that stays on the Pod's node), is what traces and the lab show.

Exit status: 0 every policy valid, 1 a policy invalid, 2 usage error, unreadable input
or a Pod/workload/Namespace document that cannot be read.

JSON output (``--format json``)::

    {"kubernetesVersion": "1.34",
     "policies": [{"file", "document", "name", "namespace", "valid", "stage",
                   "errors": [{"path", "type", "message", "line", "column", "explanation", "fix"}],
                   "warnings": [{"code", "message", "line", "column"}]}],
     "pods": ["namespace/name", ...],
     "skipped": [{"pod": "namespace/name", "reason": "..."}],
     "probes": [{"from": "x/a", "to": "y/b", "port": 80, "protocol": "TCP", "allowed": true,
                 "listening": true,
                 "egress": {"allowed": true, "isolated": false, "policies": []},
                 "ingress": {"allowed": true, "isolated": true, "policies": ["y/allow-x"]},
                 "reason": "..."}]}

Text output: the policies (errors like ``ktutor check``), then for each port a truth table
like the upstream conformance tests print (rows = from, columns = to, ``.`` allowed, ``X``
denied), then each denied pair with its reason.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from tutor.i18n import N_, _, cell_width, format_number, ngettext
from tutor.terminal import escape_controls, json_for

PROTOCOLS = ("TCP", "UDP", "SCTP")


def add_arguments(parser: Any) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=_("a manifest file, a directory (its *.yaml and *.yml files), or - for standard input"))
    parser.add_argument("--port", metavar="PORT[/PROTOCOL]", action="append", default=[],
                        help=_("a port to probe, e.g. 80 or 53/UDP (repeatable; default: every declared "
                               "containerPort)"))
    parser.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))


def parse_port(value: str) -> tuple[int, str] | None:
    """``80`` -> (80, "TCP"); ``53/udp`` -> (53, "UDP"); None when invalid."""
    number, sep, protocol = value.strip().partition("/")
    protocol = protocol.strip().upper() if sep else "TCP"
    if not number.isascii() or not number.isdigit() or protocol not in PROTOCOLS:
        return None
    port = int(number)
    return (port, protocol) if 1 <= port <= 65535 else None


# --------------------------------------------------------------------------- the probe
def probe(texts: list[tuple[str, str | bytes]], ports: list[tuple[int, str]] | None = None) -> dict[str, Any]:
    """Read the texts, admit the policies and probe every pair; the result as objects:
    ``inputs``, ``network``, ``ports`` (the ports probed)."""
    from tutor.k8s.netpol.documents import read
    from tutor.k8s.netpol.engine import Network

    inputs = read(texts)
    network = Network(inputs.pods, inputs.policies, inputs.namespaces, inputs.nodes)
    chosen = list(ports) if ports else network.declared_ports()
    return {"inputs": inputs, "network": network, "ports": chosen}


def to_json(result: dict[str, Any]) -> dict[str, Any]:
    """The JSON document as Python objects (what ``json_text`` writes)."""
    data: dict[str, Any] = json.loads(json_text(result))
    return data


def json_text(result: dict[str, Any]) -> str:
    """The JSON document: indented, each probe on one line (80,000 probes are 80,000 lines)."""
    return "".join(json_chunks(result))


def json_chunks(result: dict[str, Any]) -> Iterator[str]:
    """:func:`json_text` in pieces, to be written as they come (a row of probes at a time)."""
    from tutor.k8s.netpol.engine import pod_key
    from tutor.k8s.version import KUBERNETES_VERSION

    inputs, network = result["inputs"], result["network"]
    head = json.dumps({
        "kubernetesVersion": KUBERNETES_VERSION,
        "policies": [r.to_json() for r in inputs.results],
        "pods": [pod_key(p) for p in network.pods],
        "skipped": [s.to_json() for s in network.skipped],
    }, ensure_ascii=False, indent=2)
    yield head[:-2] + ',\n  "probes": '
    first = True
    row = max(1, len(network.pods))
    for port, protocol in result["ports"]:
        batch: list[str] = []
        for line in network.probe_lines(port, protocol):
            batch.append(line)
            if len(batch) == row:
                yield ("[\n    " if first else ",\n    ") + ",\n    ".join(batch)
                first = False
                batch = []
        if batch:
            yield ("[\n    " if first else ",\n    ") + ",\n    ".join(batch)
            first = False
    yield "[]\n}" if first else "\n  ]\n}"


# --------------------------------------------------------------------------- text output
STAGE_NAMES = {
    "parse": N_("YAML syntax"),
    "kind": N_("apiVersion/kind"),
    "decode": N_("decoding (field names and types)"),
    "validation": N_("validation"),
}


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def truth_table(names: list[str], allowed: list[list[bool]]) -> list[str]:
    """Rows = from, columns = to, ``.`` allowed, ``X`` denied (the conformance tests' table)."""
    width = max([cell_width(n) for n in names] + [1])
    lines = [" ".join([_pad("-", width)] + [_pad(n, width) for n in names]).rstrip()]
    yes, no = _pad(".", width), _pad("X", width)
    for name, row in zip(names, allowed):
        lines.append(" ".join([_pad(name, width)] + [yes if ok else no for ok in row]).rstrip())
    return lines


def render_text(result: dict[str, Any]) -> str:
    return "".join(text_chunks(result))


def text_chunks(result: dict[str, Any]) -> Iterator[str]:
    """The text output in pieces (a table, a denied pair at a time), written as they come."""
    from tutor.k8s.explain import explanation_text, fix_text
    from tutor.k8s.netpol.engine import pod_key

    inputs, network = result["inputs"], result["network"]
    out: list[str] = []
    for r in inputs.results:
        # (escaped: a newline in a name or a file name must not start a line of its own)
        label = escape_controls(f"NetworkPolicy {r.namespace}/{r.name}" if r.name else "NetworkPolicy")
        file = escape_controls(r.file)
        doc = _("document {n}").format(n=r.document)
        if r.valid:
            selected = network.selected(r.policy)
            out.append(f"✓ {_('VALID')} {label} ({file}, {doc}): "
                       + _("policyTypes {types}; selects {pods}").format(
                           types=", ".join(r.policy.policy_types),
                           pods=", ".join(pod_key(p) for p in selected) or _("no Pod")))
        else:
            stage = _(STAGE_NAMES.get(r.stage or "", "validation"))
            out.append(f"✗ {_('INVALID')} {label} ({file}, {doc}): "
                       + _("rejected at {stage}; not applied").format(stage=stage))
            for e in r.errors:
                where = f"{file}:{e.line}:{e.column or 1}" if e.line else file
                out.append(f"    {where}: {escape_controls(e.message)}")
                out.append("      " + _("why: {text}").format(text=escape_controls(str(explanation_text(e)))))
                out.append("      " + _("fix: {text}").format(text=escape_controls(str(fix_text(e)))))
        for w in r.warnings:
            out.append(f"    {_('warning')}: {file}:{w.line or 0}:{w.column or 0}: {escape_controls(str(w.message))}")
    for s in network.skipped:
        out.append(escape_controls(_("skipped {pod}: {reason}").format(pod=pod_key(s.pod), reason=s.reason)))
    if out:
        out.append("")
    names = [pod_key(p) for p in network.pods]
    if not network.pods:
        out.append(_("No Pod to probe."))
    elif not result["ports"]:
        out.append(_("No port to probe: the Pods declare no containerPort; give --port."))
    for port, protocol in result["ports"] if network.pods else []:
        matrix = network.matrix(port, protocol)
        out.append(_("Port {port}/{protocol} (rows: from, columns: to; . allowed, X denied)").format(
            port=port, protocol=protocol))
        out.extend(truth_table(names, matrix.allowed))
        count = sum(row.count(False) for row in matrix.allowed)
        if count:
            out.append(ngettext("{n} denied connection:", "{n} denied connections:", count).format(
                n=format_number(count)))
            yield "\n".join(out) + "\n"
            out = []
            batch = []
            for src, dst, reason in network.denied(port, protocol):
                batch.append(f"  {pod_key(src)} → {pod_key(dst)}: {reason}\n")
                if len(batch) == 1000:
                    yield "".join(batch)
                    batch = []
            yield "".join(batch)
        else:
            out.append(_("Every connection is allowed."))
        out.append("")
    valid = sum(1 for r in inputs.results if r.valid)
    n = len(inputs.results)
    out.append(ngettext("{n} NetworkPolicy: {valid} valid, {invalid} invalid.",
                        "{n} NetworkPolicies: {valid} valid, {invalid} invalid.", n).format(
        n=format_number(n), valid=format_number(valid), invalid=format_number(n - valid)))
    yield "\n".join(out) + "\n"


# --------------------------------------------------------------------------- entry point
def run(args: Any, stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: Any = None) -> int:
    from tutor.check import decode_source, read_sources

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    stdin = stdin or sys.stdin
    paths = list(getattr(args, "paths", None) or [])
    if not paths:
        print(_("ktutor probe: give at least one PATH (a file, a directory or -)"), file=stderr)
        return 2
    fmt = getattr(args, "format", "text") or "text"
    if fmt not in ("text", "json"):
        print(_("ktutor probe: unknown format {name}").format(name=fmt), file=stderr)
        return 2
    ports: list[tuple[int, str]] = []
    for value in getattr(args, "port", None) or []:
        parsed = parse_port(value)
        if parsed is None:
            print(_("ktutor probe: --port {value}: write a port from 1 to 65535, optionally with /TCP, /UDP or "
                    "/SCTP").format(value=value), file=stderr)
            return 2
        if parsed not in ports:
            ports.append(parsed)
    sources, unreadable = read_sources(paths, stdin)
    for problem in unreadable:
        print(escape_controls(_("ktutor probe: {problem}").format(problem=problem)), file=stderr)
    result = probe([(s.name, decode_source(s)) for s in sources], ports)
    inputs = result["inputs"]
    for problem in inputs.problems:
        print(escape_controls(_("ktutor probe: {problem}").format(problem=problem)), file=stderr)
    try:
        if fmt == "json":
            for chunk in json_chunks(result):
                stdout.write(json_for(stdout, chunk))
            stdout.write("\n")
        else:
            for chunk in text_chunks(result):
                # Names and messages quote the input: its control characters are shown
                # escaped (ESC as ^[), never sent to the terminal; the lines are ours.
                stdout.write(escape_controls(chunk, keep="\n"))
        stdout.flush()
    except BrokenPipeError:  # `ktutor probe ... | head`: the reader left; not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's final flush quiet
        except OSError:  # pragma: no cover
            pass
    if unreadable or inputs.problems:
        return 2
    return 0 if all(r.valid for r in inputs.results) else 1
