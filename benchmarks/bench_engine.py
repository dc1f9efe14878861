"""Benchmark: evaluate one typical Service manifest against clusters of 10, 1,000 and
10,000 Pods (the live editor re-evaluates on every keystroke; goal: < 2 ms at 1,000).

    .venv/bin/python benchmarks/bench_engine.py [--repeat N]

Prints a table: Pods, selected, mean and p95 per evaluation, and the ratio to the
10-Pod case.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.k8s.cluster import Cluster  # noqa: E402
from tutor.k8s.evaluate import evaluate  # noqa: E402
from tutor.k8s.model import Container, ContainerPort, Pod  # noqa: E402

MANIFEST = """apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  type: NodePort
  selector:
    app.kubernetes.io/name: web
    tier: frontend
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: metrics
    port: 9090
    targetPort: 9090
"""

GOAL_MS = 2.0


def make_cluster(n: int) -> Cluster:
    cluster = Cluster.default()
    for i in range(n):
        app = "web" if i % 10 == 0 else f"app-{i % 7}"
        cluster.add_pod(Pod(name=f"{app}-{i}", namespace="other" if i % 3 == 1 else "default",
                            labels={"app.kubernetes.io/name": app, "tier": "frontend" if i % 2 == 0 else "backend"},
                            containers=[Container("app", [ContainerPort(8080, "http"), ContainerPort(9090, "metrics")])]))
    return cluster


def bench(n: int, repeat: int) -> tuple[float, float, int]:
    cluster = make_cluster(n)
    ev = evaluate(MANIFEST, cluster)
    assert ev.valid, [e.message for e in ev.errors]
    selected = len(ev.documents[0].selection.selected)
    for _ in range(5):
        evaluate(MANIFEST, cluster)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        evaluate(MANIFEST, cluster)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.mean(times), times[int(len(times) * 0.95) - 1], selected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    rows = []
    for n in (10, 1_000, 10_000):
        mean, p95, selected = bench(n, args.repeat if n < 10_000 else max(20, args.repeat // 10))
        rows.append((n, selected, mean, p95))
    base = rows[0][2]
    print(f"{'Pods':>7} {'selected':>9} {'mean ms':>9} {'p95 ms':>9} {'x 10 Pods':>10}")
    for n, selected, mean, p95 in rows:
        print(f"{n:>7,} {selected:>9,} {mean:>9.3f} {p95:>9.3f} {mean / base:>10.1f}")
    at_1000 = rows[1][2]
    verdict = "OK" if at_1000 < GOAL_MS else "OVER"
    print(f"goal: < {GOAL_MS} ms at 1,000 Pods -> {at_1000:.3f} ms ({verdict})")
    return 0 if at_1000 < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
