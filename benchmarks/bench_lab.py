"""Keystroke → updated panels in the lab, with 1,000 and 10,000 Pods.

The free lab runs headless (Textual's test driver) at 100x30 on a cluster of N Pods
(Deployments' replicas on four nodes with /16 Pod ranges, plus five other Pods); a
Service selects the Deployment's Pods. For every sample one key is pressed at the end of
the Service's name (alternately ``x`` and Backspace; isolated keystrokes, as a learner
types them: not a burst).

What is timed, exactly: from the moment the key event is handed to the app (as the
terminal driver hands it over: ``driver.send_message(Key)``, so Textual's key dispatch,
bindings and the editor's own key handling are included) until the end of the first
screen refresh that comes after the lab applied that keystroke's evaluation to its
panels. A refresh is counted only once the compositor has rendered the changed regions
*and* they have been turned into the terminal's escape sequences (what the real driver
would write; the headless driver skips that step, so the benchmark does it), so the
time covers the whole frame. The editor and the panels are painted in that frame.

Also reported: the engine's share (evaluation in the worker thread), the UI thread's share
(applying the result), the longest stall of the UI thread's event loop while typing a
burst (responsiveness), and the process's peak memory.

``--policy``: the editor holds a NetworkPolicy instead of the Service (the web Pods admit
ingress from ``app: other`` on 8080), and the key is typed at the end of the peer's label
value (``other`` / ``otherx``): every keystroke changes who may connect to the 1,000 web
Pods, so the Policies panel's matrix changes (and its ``*`` marks) with each one. The
cells on screen are drawn in that frame; the whole matrix is counted by a worker
afterwards (reported separately: keystroke → counts shown).

    .venv/bin/python benchmarks/bench_lab.py [--pods 1000 10000] [--samples 40] [--policy]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from keys_typed import burst_stalls, press  # noqa: E402

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
"""


POLICY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: other
      ports:
        - port: 8080
"""
#: where the key is typed: (line, column) at the end of the peer's value "other"
POLICY_CURSOR = (12, len("              app: other"))


def cluster_spec(pods: int) -> dict:
    nodes = [{"name": f"node-{c}", "ip": f"192.168.49.{i + 2}", "podCIDR": f"10.{i + 1}.0.0/16"}
             for i, c in enumerate("abcd")]
    others = "\n".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: other-{i}\n  labels: {{app: other, n: \"{i}\"}}\n"
        f"spec:\n  containers:\n    - name: c\n      image: x\n      ports: [{{containerPort: 8080}}]\n"
        for i in range(5))
    # The engine simulates at most 1,000 Pods per workload: use as many Deployments as needed.
    web, deployments, n = pods - 5, [], 0
    while web > 0:
        replicas = min(1000, web)
        deployments.append(f"""\
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{n}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web, part: "{n}"}}
  template:
    metadata:
      labels: {{app: web, part: "{n}", tier: front}}
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0
          ports: [{{name: http, containerPort: 8080}}]
""")
        web -= replicas
        n += 1
    return {"nodes": nodes, "pods": "".join(deployments) + others}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def measure(pods: int, samples: int, policy: bool = False) -> dict:
    from textual._compositor import CompositorUpdate
    from textual.screen import Screen

    from tutor.k8s.cluster import Cluster
    from tutor.ui import lab
    from tutor.ui.app import KTutorApp, LabFiles

    painted: list[float] = []
    frames: list[float] = []  # seconds each refresh took (rendering + escape sequences)
    original = Screen._compositor_refresh

    def compositor_refresh(self, *args, **kwargs):
        t0 = time.perf_counter()
        result = original(self, *args, **kwargs)
        now = time.perf_counter()
        painted.append(now)
        frames.append(now - t0)
        return result

    Screen._compositor_refresh = compositor_refresh
    t_build = time.perf_counter()
    base = Cluster.from_spec(cluster_spec(pods))
    build_s = time.perf_counter() - t_build
    app = KTutorApp(lab=LabFiles(text=POLICY if policy else SERVICE, service_path=None))
    out: dict = {"pods": len(base.pods), "cluster_build_s": build_s}
    async with app.run_test(size=(100, 30)) as pilot:
        real_display = app._display

        def display(screen, renderable):
            # what the terminal driver would write (skipped by the headless driver)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            return real_display(screen, renderable)

        app._display = display
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, lab.LabScreen)
        screen._base = base  # the benchmark's cluster (ktutor lab reads Pods from files)
        screen.editor.move_cursor(POLICY_CURSOR if policy else (3, len("  name: web")))
        await _typed(pilot, screen, "", painted)  # first evaluation: imports, caches
        totals, engine, apply_ui, ui_cpu, frame_ms, repaints = [], [], [], [], [], []
        counted: list[float] = []
        for i in range(samples):
            await asyncio.sleep(0.25)  # an isolated keystroke (the debounce is idle again)
            cpu0 = time.thread_time()  # this coroutine runs on the UI thread
            first = len(painted)
            total = await _typed(pilot, screen, "x" if i % 2 == 0 else "backspace", painted)
            ui_cpu.append(time.thread_time() - cpu0)
            totals.append(total)
            repaints.append(len(painted) - first)
            frame_ms.append(frames[-1])
            timings = screen._view.timings
            engine.append(timings["evaluate"] + timings["panels"])
            apply_ui.append(screen.last_apply_seconds)
            if policy:
                counted.append(await _counted(screen) - start_of(totals))
        rows = len(screen.query_one("#pods").rows)
        if policy:
            from tutor.ui.policies import ConnectivityMatrix

            matrix = screen.query_one(ConnectivityMatrix)
            rows = len(matrix.pods)
            out["counted_median_ms"] = statistics.median(counted) * 1000
            out["classes"] = len(screen.query_one("#policies-panel").view.network.classes)
        # responsiveness: type a burst of 20 characters and record event-loop stalls
        stalls = await _burst(pilot, screen)
        out.update({
            "rows": rows,
            "median_ms": statistics.median(totals) * 1000,
            "p95_ms": pct(totals, 0.95) * 1000,
            "engine_median_ms": statistics.median(engine) * 1000,
            "apply_median_ms": statistics.median(apply_ui) * 1000,
            "ui_cpu_median_ms": statistics.median(ui_cpu) * 1000,
            "ui_cpu_p95_ms": pct(ui_cpu, 0.95) * 1000,
            "frame_median_ms": statistics.median(frame_ms) * 1000,
            "repaints_median": statistics.median(repaints),
            "burst_max_stall_ms": max(stalls) * 1000,
            "burst_p95_stall_ms": pct(stalls, 0.95) * 1000,
        })
    Screen._compositor_refresh = original
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


_press = press


_STARTS: list[float] = []


def start_of(totals: list[float]) -> float:
    """When the last timed keystroke was handed to the app."""
    return _STARTS[-1]


async def _counted(screen) -> float:
    """When the Policies panel showed the counts of the whole matrix (the worker's part)."""
    from textual.widgets import Static

    counts = screen.query_one("#policy-counts", Static)
    while "…" in str(counts.render()):
        await asyncio.sleep(0.0005)
    return time.perf_counter()


async def _typed(pilot, screen, key: str, painted: list[float]) -> float:
    """Seconds from a key event to the end of the first repaint after its result was applied."""
    count = screen.applied_count
    start = time.perf_counter()
    _STARTS.append(start)
    if key:
        _press(pilot.app, key)
    else:
        screen._start_evaluation()
    while screen.applied_count == count:
        await asyncio.sleep(0.0002)
    applied = screen.applied_at
    while not painted or painted[-1] < applied:
        await asyncio.sleep(0.0002)
    return painted[-1] - start


async def _burst(pilot, screen) -> list[float]:
    return await burst_stalls(pilot.app, ["y"] * 20, settled=lambda: screen.settled)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--policy", action="store_true", help="type in a NetworkPolicy (the Policies panel)")
    args = parser.parse_args()
    os.environ.setdefault("KTUTOR_HOME", tempfile.mkdtemp(prefix="ktutor-bench-"))
    for n in args.pods:
        r = asyncio.run(measure(n, args.samples, args.policy))
        if args.policy:
            print(f"{r['pods']:>6} Pods, a NetworkPolicy in the editor ({r['rows']} rows and columns in the matrix, "
                  f"{r['classes']} classes; cluster built in {r['cluster_build_s']:.2f} s)")
        else:
            print(f"{r['pods']:>6} Pods ({r['rows']} rows in the Pods panel; cluster built in "
                  f"{r['cluster_build_s']:.2f} s)")
        print(f"       keystroke → panels repainted: median {r['median_ms']:6.1f} ms   p95 {r['p95_ms']:6.1f} ms")
        print(f"       of which engine + panel data: median {r['engine_median_ms']:6.1f} ms;"
              f" applying on the UI thread: median {r['apply_median_ms']:5.1f} ms")
        print(f"       the frame itself (compositor + escape sequences): median {r['frame_median_ms']:5.1f} ms;"
              f" repaints per keystroke: median {r['repaints_median']:.0f}")
        print(f"       UI thread CPU per keystroke (edit, inline evaluation, apply, repaint): median "
              f"{r['ui_cpu_median_ms']:5.1f} ms   p95 {r['ui_cpu_p95_ms']:5.1f} ms   (one frame = 16.7 ms)")
        print(f"       typing a burst: longest UI stall {r['burst_max_stall_ms']:6.1f} ms   p95 stall "
              f"{r['burst_p95_stall_ms']:5.1f} ms")
        if args.policy:
            print(f"       keystroke → the whole matrix counted (worker) and shown: median "
                  f"{r['counted_median_ms']:6.1f} ms")
        print(f"       peak memory of the process so far: {r['peak_rss_mib']:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
