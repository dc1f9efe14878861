"""Benchmark: ``ktutor check`` over 1,000 generated manifest files, side by side with the
``kubernetes-validate`` package (OpenAPI-schema validation) on the same files.

    .venv/bin/python benchmarks/bench_check.py [--files 1000] [--kv-venv /tmp/kv-venv]

Each file holds a Deployment and the Service for it. About 30% of the Services carry
one mistake a real API server rejects (bad name, nodePort out of range, duplicate
ports, a quoted port, an unknown field, ...). kubernetes-validate is optional: install
it in a separate venv (``python -m venv /tmp/kv-venv && /tmp/kv-venv/bin/pip install
kubernetes-validate``) and pass ``--kv-venv`` or set ``KV_VENV``; without it its
column is skipped. Both tools run as one subprocess over all files (start-up included).
With ``--runs N`` the two tools run alternately N times each and the medians are
compared (the machine's load changes from one minute to the next).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}, tier: web}}
    spec:
      containers:
      - name: app
        image: example/app:1.0
        ports:
        - {{name: http, containerPort: 8080}}
        - {{name: metrics, containerPort: 9090}}
"""

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {svc_name}
  labels: {{app: {name}}}
spec:
  type: {type}
  selector: {{app: {name}}}
  ports:
  - name: http
    port: {port}
    targetPort: http
    protocol: TCP{node_port}
  - name: metrics
    port: 9090
    targetPort: 9090
"""

# mistake -> (what to change). Every one is rejected by a real API server.
MISTAKES = [
    "bad_name",          # metadata.name with uppercase/underscore (DNS-1035)
    "nodeport_range",    # nodePort 29999 (allocation)
    "duplicate_port",    # two entries 80/TCP
    "string_port",       # port: "80" (decode: type)
    "unknown_field",     # targetport (decode: strict)
    "bad_protocol",      # protocol: tcp
    "port_zero",         # port: 0
    "bad_selector",      # selector key with a space
    "long_target_name",  # targetPort name longer than 15 characters
    "unnamed_multi",     # two ports, one without a name
    "nodeport_on_clusterip",  # nodePort on a ClusterIP Service
    "bad_type",          # type: Nodeport
]


def generate(directory: Path, count: int, seed: int = 7) -> dict[str, str | None]:
    """Write the files; return file name -> mistake (None: valid)."""
    rng = random.Random(seed)
    truth: dict[str, str | None] = {}
    for i in range(count):
        name = f"app{i}"
        mistake = MISTAKES[i % len(MISTAKES)] if rng.random() < 0.3 else None
        typ = "NodePort" if i % 3 == 0 else "ClusterIP"
        # a few ask for a fixed nodePort (from the low, static band, as operators should)
        node_port = f"\n    nodePort: {30000 + i // 3}" if typ == "NodePort" and i < 3 * 86 else ""
        fields = {"name": name, "svc_name": name, "type": typ, "port": "80", "node_port": node_port}
        if mistake == "bad_name":
            fields["svc_name"] = f"App_{i}"
        elif mistake == "nodeport_range":
            fields["type"], fields["node_port"] = "NodePort", "\n    nodePort: 29999"
        elif mistake == "string_port":
            fields["port"] = '"80"'
        elif mistake == "bad_protocol":
            pass
        elif mistake == "port_zero":
            fields["port"] = "0"
        elif mistake == "nodeport_on_clusterip":
            fields["type"], fields["node_port"] = "ClusterIP", "\n    nodePort: 31000"
        elif mistake == "bad_type":
            fields["type"] = "Nodeport"
        svc = SERVICE.format(**fields)
        if mistake == "duplicate_port":
            svc = svc.replace("port: 9090\n    targetPort: 9090", "port: 80\n    targetPort: 9090")
        elif mistake == "unknown_field":
            svc = svc.replace("targetPort: 9090", "targetport: 9090")
        elif mistake == "bad_protocol":
            svc = svc.replace("protocol: TCP", "protocol: tcp")
        elif mistake == "bad_selector":
            svc = svc.replace(f"selector: {{app: {name}}}", f'selector: {{"app name": {name}}}')
        elif mistake == "long_target_name":
            svc = svc.replace("targetPort: http", "targetPort: http-web-service-port")
        elif mistake == "unnamed_multi":
            svc = svc.replace("  - name: metrics\n    port: 9090", "  - port: 9090")
        fname = f"svc-{i:04d}.yaml"
        (directory / fname).write_text(DEPLOYMENT.format(name=name) + "---\n" + svc)
        truth[fname] = mistake
    return truth


def run_ktutor(directory: Path) -> tuple[float, set[str]]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tutor", "check", "--format", "json", str(directory)],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "NO_COLOR": "1", "KTUTOR_LANG": "en"})
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ktutor check failed: {proc.stderr}")
    data = json.loads(proc.stdout)
    flagged = {Path(r["file"]).name for r in data["results"] if not r["valid"]}
    return elapsed, flagged


KV_DRIVER = r"""
import json, sys, yaml, kubernetes_validate as kv
version = sys.argv[1]
flagged = []
for path in sys.argv[2:]:
    bad = False
    try:
        with open(path) as fh:
            docs = [d for d in yaml.safe_load_all(fh) if d]
        for d in docs:
            try:
                kv.validate(d, version, strict=True)
            except kv.ValidationError:
                bad = True
    except Exception:
        bad = True
    if bad:
        flagged.append(path)
print(json.dumps(flagged))
"""


def run_kv(venv: Path, files: list[Path], version: str) -> tuple[float, set[str]]:
    python = venv / "bin" / "python"
    start = time.perf_counter()
    proc = subprocess.run([str(python), "-c", KV_DRIVER, version, *map(str, files)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kubernetes-validate failed: {proc.stderr[-2000:]}")
    return elapsed, {Path(p).name for p in json.loads(proc.stdout)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kv-venv", default=os.environ.get("KV_VENV", "/tmp/kv-venv"))
    parser.add_argument("--k8s-version", default="1.34.0", help="schema version for kubernetes-validate")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--runs", type=int, default=1, help="run each tool this many times, alternately (medians)")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="ktutor-bench-"))
    try:
        truth = generate(directory, args.files)
        files = sorted(directory.glob("*.yaml"))
        invalid = {f for f, m in truth.items() if m}
        kv_venv = Path(args.kv_venv)
        have_kv = (kv_venv / "bin" / "python").exists()
        if not have_kv:
            print(f"(kubernetes-validate not found in {kv_venv}: its column is skipped)")
        times: dict[str, list[float]] = {"ktutor": [], "kv": []}
        flags: dict[str, set[str]] = {}
        for _run in range(max(1, args.runs)):
            t, flags["ktutor"] = run_ktutor(directory)
            times["ktutor"].append(t)
            if have_kv:
                t, flags["kv"] = run_kv(kv_venv, files, args.k8s_version)
                times["kv"].append(t)
        rows = [("ktutor check", statistics.median(times["ktutor"]), flags["ktutor"])]
        if have_kv:
            rows.append((f"kubernetes-validate (strict, {args.k8s_version})", statistics.median(times["kv"]),
                         flags["kv"]))
        if args.runs > 1:
            print("runs (s): " + "; ".join(f"{name} " + ", ".join(f"{t:.2f}" for t in ts)
                                          for name, ts in times.items() if ts))

        print(f"{len(files)} files, {len(invalid)} with a mistake a real API server rejects")
        print(f"{'tool':<40} {'seconds':>8} {'ms/file':>8} {'caught':>12} {'false +':>8}")
        for tool, t, flagged in rows:
            caught = len(flagged & invalid)
            false_pos = len(flagged - invalid)
            print(f"{tool:<40} {t:>8.2f} {t * 1000 / len(files):>8.2f} {caught:>5}/{len(invalid):<6} {false_pos:>8}")
        if len(rows) == 2:
            print(f"speed ratio (kubernetes-validate / ktutor): {rows[1][1] / rows[0][1]:.2f}x")
        print("\ncaught per mistake:")
        names = [r[0].split(" ")[0] for r in rows]
        print(f"{'mistake':<24}" + "".join(f"{n:>22}" for n in names))
        for mistake in MISTAKES:
            of = {f for f, m in truth.items() if m == mistake}
            cells = "".join(f"{len(r[2] & of):>12}/{len(of):<9}" for r in rows)
            print(f"{mistake:<24}{cells}")
    finally:
        if args.keep:
            print(f"files kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
