"""Shared helpers for the NetworkPolicy tests: the conformance model (namespaces x, y, z
with Pods a, b, c serving ports 80 and 81 over TCP, UDP and SCTP, as the upstream netpol
e2e tests build it), admitting policies from YAML, and a reachability table."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tutor.k8s.model import Container, ContainerPort, Pod
from tutor.k8s.netpol import Namespace, Network, NetworkPolicy, admit_text

NAMESPACES = ("x", "y", "z")
POD_NAMES = ("a", "b", "c")
PORTS = (80, 81)
PROTOCOLS = ("TCP", "UDP", "SCTP")


def model_pods(namespaces: Iterable[str] = NAMESPACES, names: Iterable[str] = POD_NAMES,
               ports: Iterable[int] = PORTS, protocols: Iterable[str] = PROTOCOLS) -> list[Pod]:
    """Pods as the conformance model makes them: label ``pod=<name>``, one container per
    port and protocol named ``cont-80-tcp`` with the port named ``serve-80-tcp``."""
    pods = []
    for n, ns in enumerate(namespaces):
        for i, name in enumerate(names):
            containers = [Container(f"cont-{port}-{proto.lower()}",
                                    [ContainerPort(port, f"serve-{port}-{proto.lower()}", proto)])
                          for port in ports for proto in protocols]
            pods.append(Pod(name, ns, {"pod": name}, containers, node=f"node-{n}",
                            ip=f"10.244.{n + 1}.{i + 2}"))
    return pods


def model_namespaces(namespaces: Iterable[str] = NAMESPACES) -> list[Namespace]:
    """The model's Namespaces: label ``ns=<name>`` (plus kubernetes.io/metadata.name)."""
    return [Namespace.of(ns, {"ns": ns}) for ns in namespaces]


def policy(yaml_text: str, namespace: str | None = None) -> NetworkPolicy:
    """One valid NetworkPolicy from its manifest (apiVersion/kind/metadata added when the
    text starts at ``spec:``); admission errors fail the test."""
    body = textwrap.dedent(yaml_text).strip("\n")
    if not body.startswith("apiVersion"):
        name = "np"
        if body.startswith("name:"):
            first, _, body = body.partition("\n")
            name = first.split(":", 1)[1].strip()
        ns = f"\n  namespace: \"{namespace}\"" if namespace else ""
        body = f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}{ns}\n{body}"
    admitted = admit_text(body)
    assert len(admitted) == 1, body
    a = admitted[0]
    assert a.valid and a.policy is not None, [e.message for e in a.errors]
    return a.policy


def network(*policies: NetworkPolicy, pods: list[Pod] | None = None,
            namespaces: list[Namespace] | None = None) -> Network:
    return Network(model_pods() if pods is None else pods, policies,
                   model_namespaces() if namespaces is None else namespaces)


class Reachability:
    """The expected truth table, allowed by default (the upstream ``Reachability``)."""

    def __init__(self, pods: list[Pod], default: bool = True) -> None:
        self.keys = [f"{p.namespace}/{p.name}" for p in pods]
        self.table = {(f, t): default for f in self.keys for t in self.keys}

    def expect(self, src: str, dst: str, value: bool) -> None:
        self.table[(src, dst)] = value

    def expect_peer(self, src_ns: str | None = None, src_pod: str | None = None, dst_ns: str | None = None,
                    dst_pod: str | None = None, value: bool = False) -> None:
        for f in self.keys:
            for t in self.keys:
                fns, fp = f.split("/")
                tns, tp = t.split("/")
                if ((src_ns is None or fns == src_ns) and (src_pod is None or fp == src_pod)
                        and (dst_ns is None or tns == dst_ns) and (dst_pod is None or tp == dst_pod)):
                    self.table[(f, t)] = value

    def expect_all_ingress(self, dst: str, value: bool) -> None:
        for f in self.keys:
            self.table[(f, dst)] = value

    def expect_all_egress(self, src: str, value: bool) -> None:
        for t in self.keys:
            self.table[(src, t)] = value


def observed(net: Network, port: int, protocol: str = "TCP") -> dict[tuple[str, str], bool]:
    m = net.matrix(port, protocol)
    keys = [f"{p.namespace}/{p.name}" for p in m.pods]
    return {(keys[i], keys[j]): m.allowed[i][j] for i in range(len(keys)) for j in range(len(keys))}


def assert_reachability(net: Network, expected: Reachability, port: int, protocol: str = "TCP") -> None:
    """Compare like the upstream tests (loopback ignored), show both tables on failure, and
    check separately that every Pod reaches itself and that the per-pair verdicts agree
    with the matrix."""
    got = observed(net, port, protocol)
    wrong = [(f, t) for (f, t), v in expected.table.items() if f != t and got[(f, t)] != v]
    if wrong:
        def table(values: dict[tuple[str, str], bool]) -> str:
            rows = ["-\t" + "\t".join(expected.keys)]
            for f in expected.keys:
                rows.append(f + "\t" + "\t".join("." if values[(f, t)] else "X" for t in expected.keys))
            return "\n".join(rows)
        raise AssertionError(f"port {port}/{protocol}: wrong {wrong}\nexpected:\n{table(expected.table)}\n"
                             f"observed:\n{table(got)}")
    assert all(got[(k, k)] for k in expected.keys)
    for src in net.pods:
        for dst in net.pods:
            v = net.verdict(src, dst, port, protocol)
            assert v.allowed == got[(f"{src.namespace}/{src.name}", f"{dst.namespace}/{dst.name}")]
