"""Benchmark: ``ktutor probe`` over 200 Pods, 50 NetworkPolicies and 2 ports (goal < 1 s).

    .venv/bin/python benchmarks/bench_probe.py [--pods 200] [--policies 50] [--runs 5] [--seed 7]

Generated inputs: 5 Namespaces with labels, 200 Pods spread over them (by default every Pod
carries a label of its own, like StatefulSet Pods, so policies can select single Pods and
no two Pods are alike: the worst case for the per-class computation; with ``--replicas``
Pods share their labels like the replicas of a workload), each declaring 80/TCP (``http``)
and 53/UDP (``dns``);
50 policies mixing default deny, podSelector, namespaceSelector, both in one peer, two
peers, matchExpressions, ipBlock with except over the Pod network, named ports, port
ranges and egress rules. Valid throughout, so every probe is computed.

Measured, each as the median of ``--runs`` (the CLI also by its CPU time, user + system,
which a busy machine does not inflate the way it does the wall clock):

* **probe**: ``ktutor probe --format json`` as one subprocess over the generated file
  (interpreter start-up, reading, admission, 80,000 probes, JSON writing), the goal; and
  the text output (two truth tables, every denied pair with its reason);
* **engine**: in process, every verdict of every pair on both ports (``Network.verdict``,
  ``Verdict`` objects with their reasons rendered: the per-pair API, not what the CLI uses),
  and the two matrices (what a lab window asks for);
* **baseline**: the same 80,000 answers from a naive evaluator written here from the
  reference's evaluator sketch (every pair, every policy, no classes or caches). Its
  answers must equal the engine's: the script fails otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMESPACES = ["web", "api", "data", "ops", "batch"]
APPS = ["frontend", "backend", "db", "cache", "worker"]
TIERS = ["a", "b", "c"]


def generate(pods: int, policies: int, seed: int, unique: bool = True) -> str:
    rnd = random.Random(seed)
    docs: list[str] = []
    for i, ns in enumerate(NAMESPACES):
        docs.append(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{team: t{i % 3}, "
                    f"env: {'prod' if i % 2 else 'dev'}}}\n")
    for i in range(pods):
        ns = NAMESPACES[i % len(NAMESPACES)]
        app = rnd.choice(APPS)
        tier = rnd.choice(TIERS)
        docs.append(f"""apiVersion: v1
kind: Pod
metadata:
  name: p{i:03d}
  namespace: {ns}
  labels: {{app: {app}, tier: {tier}{f", id: p{i:03d}" if unique else ""}}}
spec:
  containers:
  - name: app
    ports:
    - {{name: http, containerPort: 80}}
    - {{name: dns, containerPort: 53, protocol: UDP}}
""")

    def selector() -> str:
        kind = rnd.randrange(4)
        if kind == 0:
            return "{}"
        if kind == 1:
            return f"{{matchLabels: {{app: {rnd.choice(APPS)}}}}}"
        if kind == 2:
            return (f"{{matchExpressions: [{{key: tier, operator: {rnd.choice(['In', 'NotIn'])}, "
                    f"values: [{rnd.choice(TIERS)}, {rnd.choice(TIERS)}]}}]}}")
        if unique:
            return f"{{matchLabels: {{id: p{rnd.randrange(pods):03d}}}}}"
        return f"{{matchLabels: {{app: {rnd.choice(APPS)}, tier: {rnd.choice(TIERS)}}}}}"

    def peer() -> str:
        kind = rnd.randrange(5)
        if kind == 0:
            return f"podSelector: {selector()}"
        if kind == 1:
            return f"namespaceSelector: {{matchLabels: {{team: t{rnd.randrange(3)}}}}}"
        if kind == 2:
            return (f"namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: {rnd.choice(NAMESPACES)}}}}}\n"
                    f"      podSelector: {selector()}")
        if kind == 3:
            return "ipBlock: {cidr: 10.244.0.0/16, except: [10.244.1.0/25]}"
        return "namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}"

    def port() -> str:
        kind = rnd.randrange(4)
        if kind == 0:
            return "{port: http}"
        if kind == 1:
            return "{protocol: UDP, port: dns}"
        if kind == 2:
            return "{port: 70, endPort: 90}"
        return "{protocol: UDP}"

    for i in range(policies):
        ns = NAMESPACES[i % len(NAMESPACES)]
        kind = rnd.randrange(5)
        body = f"spec:\n  podSelector: {selector()}\n"
        if kind == 0:
            body += "  policyTypes: [Ingress]\n"
        elif kind == 1:
            body += "  policyTypes: [Ingress, Egress]\n"
        else:
            body += "  ingress:\n"
            for _r in range(rnd.randint(1, 2)):
                body += "  - from:\n"
                for _p in range(rnd.randint(1, 2)):
                    body += f"    - {peer()}\n"
                body += f"    ports: [{port()}]\n"
            if kind == 4:
                body += "  egress:\n  - to:\n"
                body += f"    - {peer()}\n    ports: [{port()}, {{protocol: UDP, port: 53}}]\n"
        docs.append(f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-{i:02d}\n"
                    f"  namespace: {ns}\n{body}")
    return "---\n".join(docs)


# ----------------------------------------------------------------------------- the naive baseline
def naive_allowed(src, dst, port, protocol, policies, namespaces) -> bool:  # noqa: ANN001
    """The reference's evaluator sketch, literally: every policy, every rule, every peer."""
    if src is dst:
        return True

    def peer_ok(peer, policy_ns, pod) -> bool:  # noqa: ANN001
        if peer.ip_block is not None:
            return peer.ip_block.matches(pod.ip)
        if peer.pod_selector is not None and not peer.pod_selector.matches(pod.labels):
            return False
        if peer.namespace_selector is None:
            return pod.namespace == policy_ns
        return peer.namespace_selector.matches(namespaces[pod.namespace].labels)

    def port_ok(entry, pod) -> bool:  # noqa: ANN001
        if entry.protocol != protocol:
            return False
        if entry.port is None:
            return True
        if isinstance(entry.port, int):
            return entry.port <= port <= (entry.end_port or entry.port)
        return any(cp.name == entry.port and cp.container_port == port and cp.protocol == protocol
                   for c in pod.containers for cp in c.ports)

    def side(pod, peer, direction, dst_pod) -> bool:  # noqa: ANN001
        pols = [p for p in policies if p.namespace == pod.namespace and direction in p.policy_types
                and p.pod_selector.matches(pod.labels)]
        if not pols:
            return True
        return any((not r.peers or any(peer_ok(q, p.namespace, peer) for q in r.peers))
                   and (not r.ports or any(port_ok(e, dst_pod) for e in r.ports))
                   for p in pols for r in (p.ingress if direction == "Ingress" else p.egress))

    return side(src, dst, "Egress", dst) and side(dst, src, "Ingress", dst)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=200)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replicas", action="store_true",
                        help="Pods share their labels like the replicas of a workload (no label of their own)")
    args = parser.parse_args()

    from tutor.probe import probe

    text = generate(args.pods, args.policies, args.seed, unique=not args.replicas)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cluster.yaml"
        path.write_text(text)
        result = probe([(str(path), text)])
        inputs, network = result["inputs"], result["network"]
        assert all(r.valid for r in inputs.results), [e.message for r in inputs.results for e in r.errors][:3]
        ports = result["ports"]
        print(f"{len(network.pods)} Pods ({len(network.classes)} classes), {len(inputs.results)} policies, "
              f"ports {', '.join(f'{p}/{q}' for p, q in ports)}: {len(network.pods) ** 2 * len(ports):,} probes")

        cmd = [sys.executable, "-m", "tutor", "probe", "--format", "json", str(path)]
        walls, cpus = [], []
        out = b""
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=False)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            out = done.stdout
            assert done.returncode == 0, done.stderr.decode()[:500]
        data = json.loads(out)
        text_walls = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            done = subprocess.run(cmd[:4] + [str(path)], capture_output=True, cwd=ROOT, check=False)
            text_walls.append(time.perf_counter() - t0)
            assert done.returncode == 0, done.stderr.decode()[:500]
        startup = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            startup.append(time.perf_counter() - t0)

        engine, matrices, naive = [], [], []
        answers = None
        for _ in range(args.runs):
            fresh = probe([(str(path), text)])["network"]
            t0 = time.perf_counter()
            got = [(str(v.reason), v.allowed) for p, q in ports for v in fresh.verdicts(p, q)]
            engine.append(time.perf_counter() - t0)
            fresh = probe([(str(path), text)])["network"]
            t0 = time.perf_counter()
            for p, q in ports:
                fresh.matrix(p, q)
            matrices.append(time.perf_counter() - t0)
            answers = [ok for _r, ok in got]
        spaces = network.namespaces
        t0 = time.perf_counter()
        expected = [naive_allowed(s, d, p, q, network.policies, spaces)
                    for p, q in ports for s in network.pods for d in network.pods]
        naive.append(time.perf_counter() - t0)
        if answers != expected or [pr["allowed"] for pr in data["probes"]] != expected:
            print("MISMATCH between the engine, the CLI and the naive evaluator", file=sys.stderr)
            return 1
    denied = expected.count(False)
    med = statistics.median
    print(f"answers identical to the naive evaluator ({denied:,} denied, {len(expected) - denied:,} allowed)")
    print(f"probe CLI (JSON, {len(out) / 1e6:.1f} MB): median {med(walls) * 1000:.0f} ms "
          f"(runs {', '.join(f'{w * 1000:.0f}' for w in walls)}; python -c pass {med(startup) * 1000:.0f} ms), "
          f"CPU {med(cpus) * 1000:.0f} ms -> goal < 1 s {'met' if med(walls) < 1 else 'NOT met'}")
    print(f"probe CLI (text: tables and every denied pair's reason): median {med(text_walls) * 1000:.0f} ms")
    print(f"engine, every verdict with its reason: median {med(engine) * 1000:.0f} ms; "
          f"two matrices: {med(matrices) * 1000:.1f} ms")
    print(f"naive evaluator (baseline, answers only): {naive[0] * 1000:.0f} ms "
          f"= {naive[0] / med(matrices):.0f}x the matrices, {naive[0] / med(engine):.1f}x every verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
