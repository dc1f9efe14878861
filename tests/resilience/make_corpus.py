"""The nasty-input corpus for the resilience tests (and ``benchmarks/fuzz.py``).

Small cases are committed as files in ``corpus/`` (readable examples; this script
writes them, and a test checks the files and :data:`SMALL` agree). Large cases (1 MB,
10,000 lines, 10,000 documents, 10,000-deep nesting...) are never committed: the tests
generate them in ``tmp_path`` with :func:`large_cases`.

    .venv/bin/python tests/resilience/make_corpus.py              # rewrite corpus/
    .venv/bin/python tests/resilience/make_corpus.py --large DIR  # also write the large ones to DIR

Everything is deterministic (seeded), so a failure names a reproducible input.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\nspec:\n  selector:\n    app: web\n" \
          "  ports:\n  - port: 80\n    targetPort: 8080\n"


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def _svc(body: str, name: str = "my-service") -> str:
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{body}"


_HANG_UNIT = (
    b"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bomb}\nspec:\n  replicas: 99999999999\n"
    b"  template:\n    metadata: {labels: {app: web}}\n"
    b"    spec: {containers: [{name: app, image: app:1, ports: [{containerPort: 8080}]}]}\n---\n"
    b"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: sts}\nspec: {replicas: 100000, serviceName: x,"
    b" template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: a:1}]}}}\n---\n"
    b"apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {parallelism: 1e10, template: {spec:"
    b" {containers: [{name: a, image: a:1}]}}}\n---\n"
    b"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec: {replicas: -1, template: []}\n---\n"
    + SERVICE.replace("8080", "8080\n  type: NodePort").encode() + b"\n---\n")

#: name -> bytes of the committed small cases (file ``corpus/<name>``)
SMALL: dict[str, bytes] = {
    "recursive-alias-list.yaml": b"&a [*a]\n",
    "recursive-alias-map.yaml": b"&a {x: *a}\n",
    "recursive-alias-in-service.yaml": _svc("  ports: &p [{port: 80, x: *p}]\n").encode(),
    "billion-laughs.yaml": _laughs(9).encode(),
    "billion-laughs-in-service.yaml": (_laughs(9) + "apiVersion: v1\nkind: Service\nmetadata: {name: lol}\n"
                                       "spec: {ports: [{port: 80}], selector: {app: *a9}}\n").encode(),
    "invalid-utf8.yaml": b"apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\xff\xfe\n",
    "utf16-bom.yaml": SERVICE.encode("utf-16"),
    "utf8-bom.yaml": b"\xef\xbb\xbf" + SERVICE.encode(),
    "nul-bytes.yaml": SERVICE.replace("port: 80", "port: 8\x000").encode(),
    "tabs-in-indentation.yaml": SERVICE.replace("  ports:", "\tports:").encode(),
    "huge-integers.yaml": _svc("  type: NodePort\n  ports:\n  - port: 9999999999999999999999\n"
                               "    targetPort: -99999999999999999999999999999\n"
                               "    nodePort: 0x7fffffffffffffffffff\n"
                               "  sessionAffinityConfig: {clientIP: {timeoutSeconds: 1e400}}\n").encode(),
    "float-ports.yaml": "---\n".join(
        _svc(f"  type: NodePort\n  ports:\n  - port: {v}\n    targetPort: {v}\n    nodePort: {v}\n", f"f{i}")
        for i, v in enumerate([".nan", ".inf", "-.inf", "1.5", "80.0", "1e3", "!!float 80", "-0.0", ".NaN"])).encode(),
    "duplicate-keys.yaml": (b"apiVersion: v1\nkind: Service\nkind: Pod\nmetadata: {name: a}\nmetadata: {name: b}\n"
                            b"spec:\n  ports: [{port: 80, port: 81, targetPort: 1}]\n  selector: {app: a, app: b}\n"),
    "complex-keys.yaml": b"? [a, b]\n: c\n---\n" + _svc("  ? {a: b}\n  : c\n  ports: [{port: 80}]\n").encode()
                         + b"---\n? - x\n: y\n",
    "merge-keys.yaml": (b"base: &b {port: 80, targetPort: 8080}\nmeta: &m {name: merged}\n---\n"
                        b"apiVersion: v1\nkind: Service\nmetadata:\n  <<: [{name: a}, {name: b}]\n"
                        b"spec:\n  ports:\n  - <<: {port: 80}\n    name: http\n---\n"
                        + _svc("  <<: 5\n  ports: [{port: 80}]\n").encode()
                        + b"---\n" + _svc("  ports:\n  - <<: *undefined\n").encode()),
    "yaml-tags.yaml": (b"apiVersion: v1\nkind: Service\nmetadata: !!python/object/apply:os.system ['touch /tmp/ktutor-pwned']\n"
                       b"---\n!!python/object:__main__.Evil {a: 1}\n---\n"
                       b"apiVersion: !!binary djE=\nkind: !foo Service\nmetadata: !bar {name: tagged}\n"
                       b"spec: !!map {ports: !!seq [{port: !!int 80, targetPort: !!str 8080}], selector: !!set {a}}\n"
                       b"---\n" + _svc("  ports: [{port: !!int abc}]\n").encode()
                       + b"---\n" + _svc("  ports: !!omap [{port: 80}]\n").encode()
                       + b"---\n!!python/name:os.system\n"),
    "anchors-across-documents.yaml": b"a: &x {name: shared}\n---\napiVersion: v1\nkind: Service\nmetadata: *x\n",
    "service-every-field-wrong-type.yaml": _svc(
        "  type: [NodePort]\n  selector: [app, web]\n  ports: {port: 80}\n  clusterIP: {a: b}\n"
        "  clusterIPs: 10.96.0.5\n  externalIPs: 1.2.3.4\n  externalName: [a]\n  sessionAffinity: 1\n"
        "  sessionAffinityConfig: [1]\n  externalTrafficPolicy: []\n  internalTrafficPolicy: {}\n"
        "  ipFamilies: IPv4\n  ipFamilyPolicy: [1]\n  loadBalancerIP: 5\n  loadBalancerSourceRanges: {}\n"
        "  allocateLoadBalancerNodePorts: yes please\n  publishNotReadyAddresses: 2\n"
        "  healthCheckNodePort: '30000'\n  loadBalancerClass: [x]\n",
        name="[not, a, name]").replace("metadata:\n", "metadata:\n  namespace: {x: 1}\n  labels: [1]\n"
                                       "  annotations: 7\n").encode()
        + b"---\n" + _svc("  ports:\n  - port: []\n    targetPort: {}\n    protocol: 7\n    name: [x]\n"
                           "    nodePort: abc\n    appProtocol: {}\n  - []\n  - 80\n  - null\n").encode(),
    "empty.yaml": b"",
    "only-document-marker.yaml": b"---\n",
    "only-markers-and-ends.yaml": b"---\n...\n---\n---\n...\n",
    "only-comments.yaml": b"# nothing here\n   # still nothing\n#\n",
    "windows-line-endings.yaml": SERVICE.replace("\n", "\r\n").encode(),
    "old-mac-line-endings.yaml": SERVICE.replace("\n", "\r").encode(),
    "unicode-tricks.yaml": ("apiVersion: v1\nkind: Service\nmetadata:\n  name: \u202eecivres-ym\n"
                            "  labels: {앱: 웹, tier: \u200bweb, 이름: 서비스}\nspec:\n  selector:\n"
                            "    app\uff1a web\n    app: \u0441\u0435\u0440\u0432\u0438\u0441\n"
                            "  ports:\n  - port: 80\n    name: 포트\n    targetPort: \u200d\u2066http\u2069\n"
                            "---\napiVersion\uff1a v1\nkind\uff1a Service\n---\n\u2028\u2029\u0085kind: Service\n"
                            ).encode(),
    "non-mapping-roots.yaml": b"just a string\n---\n- a\n- list\n---\n42\n---\nnull\n---\n~\n---\ntrue\n",
    "yaml-directives.yaml": b"%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\n!svc {kind: Service}\n---\n%YAML 9.9\n---\na\n",
    "workload-replica-bomb.yaml": (
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bomb}\nspec:\n  replicas: 99999999999\n"
        b"  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        b"    spec: {containers: [{name: app, image: app:1, ports: [{containerPort: 8080}]}]}\n---\n"
        b"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: sts}\nspec: {replicas: 100000, serviceName: x,"
        b" template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: a:1}]}}}\n---\n"
        b"apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {parallelism: 1e10, template: {spec:"
        b" {containers: [{name: a, image: a:1}]}}}\n---\n"
        b"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec: {replicas: -1, template: []}\n---\n"
        + SERVICE.replace("8080", "8080\n  type: NodePort").encode()),
    "pod-wrong-types.yaml": (b"apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: [1]}}\n"
                             b"spec: {containers: [{name: [], ports: [{containerPort: .nan}]}], nodeName: []}\n"
                             b"status: {phase: [], conditions: 5, podIP: 999.1.1.1}\n---\n"
                             b"apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec: {containers: 5}\n---\n"
                             b"apiVersion: v1\nkind: Pod\nmetadata: [q]\n---\napiVersion: v1\nkind: Pod\n"),
    "truncated-mid-token.yaml": SERVICE[: SERVICE.index("targetPort") + 4].encode() + b"\"unterminated: [",
    "control-characters.yaml": SERVICE.replace("web", "w\x1b[31me\x07b\x7f").encode(),
    "lone-surrogate-escape.yaml": _svc('  selector: {app: "\\udcff"}\n  ports: [{port: 80, name: "\\ud800"}]\n').encode(),
    # A fuzz case that made `ktutor check` run for minutes: 134 copies of workload bombs
    # and a Service (268,000 simulated Pods before the total limit; now 100,000 and exit 2).
    "check-hang-case.yaml": (_HANG_UNIT * 134)[:-5],
}


def _one_mb_document() -> bytes:
    notes = "".join(f"    note-{i}: {'x' * 110}\n" for i in range(8_000))
    return SERVICE.replace("metadata:\n", "metadata:\n  annotations:\n" + notes, 1).encode()


def _random_bytes() -> bytes:
    rng = random.Random(6)
    return bytes(rng.getrandbits(8) for _ in range(1 << 20))


def _ten_thousand_lines() -> bytes:
    labels = "".join(f"    key-{i}: value-{i}\n" for i in range(10_000))
    return SERVICE.replace("metadata:\n", "metadata:\n  labels:\n" + labels, 1).encode()


def _ten_thousand_documents() -> bytes:
    """10,000 documents of every sort: 1,000 Services, 10 Pods (Services x Pods is the
    engine's inherent cost, kept small here), other kinds, scalars, lists, empty ones."""
    kinds = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\ndata: {{k: v}}\n",
        "just text {i}\n",
        "{{}}\n",
        "- {i}\n",
        "# comment {i}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n",
        "kind: Service\n",
        "apiVersion: v1\nkind: Namespace\nmetadata: {{name: n{i}}}\n",
        "null\n",
        "apiVersion: v1\nkind: service\nmetadata: {{name: x{i}}}\n",
    ]
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: web}}}}\nspec: {{containers: [{{name: a, image: a:1}}]}}\n"
    return "".join("---\n" + (pod if i % 1000 == 7 else kinds[i % len(kinds)]).format(i=i)
                   for i in range(10_000)).encode()


def _deep_lists() -> bytes:
    return ("spec: " + "[" * 10_000 + "]" * 10_000 + "\n").encode()


def _deep_flow_mappings() -> bytes:
    return ("spec: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n").encode()


def _deep_block_mappings() -> bytes:
    return "".join(" " * i + f"k{i}:\n" for i in range(2_000)).encode()


def _long_line() -> bytes:
    """1 MB on one line: an annotation value (over the 256 KiB limit) in a flow mapping."""
    return SERVICE.replace("  name: my-service", "  name: my-service\n  annotations: {note: " + "a" * (1 << 20) + "}",
                           1).encode()


def _long_key() -> bytes:
    return SERVICE.replace("spec:\n", "spec:\n  " + "k" * (1 << 20) + ": 1\n", 1).encode()


def _node_ports_exhausted() -> bytes:
    """1,000 NodePort Services of three ports each: more than the 2,768 node ports."""
    doc = ("apiVersion: v1\nkind: Service\nmetadata: {{name: np{i}}}\nspec: {{type: NodePort, ports: "
           "[{{name: a, port: 80}}, {{name: b, port: 81}}, {{name: c, port: 82}}]}}\n")
    return "".join("---\n" + doc.format(i=i) for i in range(1_000)).encode()


#: name -> generator of the large cases (generated at test time, never committed)
LARGE: dict[str, Callable[[], bytes]] = {
    "one-mb-document.yaml": _one_mb_document,
    "random-bytes-1mb.yaml": _random_bytes,
    "ten-thousand-lines.yaml": _ten_thousand_lines,
    "ten-thousand-documents.yaml": _ten_thousand_documents,
    "deep-nested-lists.yaml": _deep_lists,
    "deep-nested-flow-mappings.yaml": _deep_flow_mappings,
    "deep-nested-block-mappings.yaml": _deep_block_mappings,
    "one-mb-line.yaml": _long_line,
    "one-mb-key.yaml": _long_key,
    "node-ports-exhausted.yaml": _node_ports_exhausted,
}


def large_cases(names: list[str] | None = None) -> dict[str, bytes]:
    return {name: make() for name, make in LARGE.items() if names is None or name in names}


def write_small(folder: Path = CORPUS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in SMALL.items():
        path = folder / name
        path.write_bytes(data)
        out.append(path)
    return out


def write_large(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in large_cases().items():
        path = folder / name
        path.write_bytes(data)
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", metavar="DIR", help="also write the large cases into DIR (not the repository)")
    args = parser.parse_args(argv)
    written = write_small()
    print(f"{len(written)} small cases in {CORPUS}")
    if args.large:
        big = write_large(Path(args.large))
        print(f"{len(big)} large cases in {args.large} ({sum(p.stat().st_size for p in big):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
