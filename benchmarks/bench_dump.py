"""Benchmark: ``ktutor check`` on a realistic cluster dump, one List document.

    .venv/bin/python benchmarks/bench_dump.py [--pods 2000] [--services 300] [--format yaml|json] [--runs 3]

The dump is what ``kubectl get nodes,deploy,rs,pods,svc,endpointslices -A -o yaml``
prints for a cluster of that size (kind style): one ``kind: List`` whose items carry
``managedFields``, ``ownerReferences``, ``generateName``, Pod conditions, dual-stack
``podIPs`` for some Pods, terminating Pods, and the EndpointSlices the controller made.
About 8 MB for 2,000 Pods and 300 Services.

Timed, each in a fresh process, runs alternating, wall clock and CPU time:

* ``ktutor check --format json DUMP`` (the whole check: reading, every item, the
  cluster, every Service's selection, ports and EndpointSlice comparison, JSON out);
* the same with the text output;
* the floor: ``yaml.load(DUMP, CSafeLoader)``, i.e. only reading the YAML into Python
  objects with libyaml, which any checker must do at least; once as is, once with the
  cyclic garbage collector off (which is what ktutor check does while it reads).

The goal is under 5 s for the JSON check (issue 11); the CPU ratio to the no-GC floor
says how much the engine costs on top of reading the file (the machine is shared: CPU
time moves less than the wall clock).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

NODES = ("kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3")
NAMESPACES = ("prod", "staging", "payments", "search", "monitoring")
ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def _h(*parts: object, n: int = 5) -> str:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:n])


def _uid(*parts: object) -> str:
    d = hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()
    return f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}"


TS = "2025-03-14T09:26:53Z"


def _managed(manager: str, operation: str, fields: dict[str, Any], subresource: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": fields, "manager": manager,
                             "operation": operation, "time": TS}
    if subresource:
        entry["subresource"] = subresource
    return entry


def node(i: int, name: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"creationTimestamp": TS, "labels": {
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
            "topology.kubernetes.io/zone": f"zone-{'abc'[i % 3]}"},
            "name": name, "resourceVersion": str(500 + i), "uid": _uid("node", name)},
        "spec": {"podCIDR": f"10.244.{i}.0/24", "podCIDRs": [f"10.244.{i}.0/24", f"fd00:10:244:{i}::/64"],
                 "providerID": f"kind://docker/kind/{name}"},
        "status": {"addresses": [{"address": f"172.18.0.{i + 2}", "type": "InternalIP"},
                                 {"address": f"fc00:f853:ccd:e793::{i + 2}", "type": "InternalIP"},
                                 {"address": name, "type": "Hostname"}],
                   "conditions": [{"lastHeartbeatTime": TS, "lastTransitionTime": TS, "message": "kubelet is posting ready status",
                                   "reason": "KubeletReady", "status": "True", "type": "Ready"}],
                   "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://2.1.1",
                                "kernelVersion": "6.8.0", "kubeletVersion": "v1.34.0", "operatingSystem": "linux",
                                "osImage": "Debian GNU/Linux 12 (bookworm)"}},
    }


def _container(app: str, port: int) -> dict[str, Any]:
    return {
        "image": f"registry.example.com/{app}:1.4.2", "imagePullPolicy": "IfNotPresent", "name": app,
        "ports": [{"containerPort": port, "name": "http", "protocol": "TCP"},
                  {"containerPort": 9090, "name": "metrics", "protocol": "TCP"}],
        "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    }


def pod(ns: str, app: str, rs: str, hash_: str, i: int, port: int, node_name: str, n: int) -> dict[str, Any]:
    name = f"{rs}-{_h(ns, rs, i)}"
    v4 = f"10.244.{NODES.index(node_name)}.{2 + n % 250}"
    dual = n % 7 == 0
    terminating = n % 53 == 0
    not_ready = n % 31 == 0
    ips = [{"ip": f"fd00:10:244:{NODES.index(node_name)}::{n % 250 + 2:x}"}, {"ip": v4}] if dual else [{"ip": v4}]
    ready = "False" if (not_ready or terminating) else "True"
    container = _container(app, port)
    container["volumeMounts"] = [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                  "name": f"kube-api-access-{_h(name, n=5)}", "readOnly": True}]
    meta: dict[str, Any] = {
        "creationTimestamp": TS, "generateName": f"{rs}-",
        "labels": {"app": app, "pod-template-hash": hash_, "tier": "backend" if i % 2 else "frontend"},
        "managedFields": [
            _managed("kube-controller-manager", "Update", {"f:metadata": {"f:generateName": {}, "f:labels": {
                ".": {}, "f:app": {}, "f:pod-template-hash": {}}, "f:ownerReferences": {".": {}}}}),
            _managed("kubelet", "Update", {"f:status": {"f:conditions": {"k:{\"type\":\"Ready\"}": {
                ".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {}, "f:status": {}, "f:type": {}}},
                "f:podIP": {}, "f:podIPs": {".": {}}}}, "status"),
        ],
        "name": name, "namespace": ns,
        "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                             "kind": "ReplicaSet", "name": rs, "uid": _uid("rs", ns, rs)}],
        "resourceVersion": str(10000 + n), "uid": _uid("pod", ns, name),
    }
    if terminating:
        meta["deletionGracePeriodSeconds"] = 30
        meta["deletionTimestamp"] = "2025-03-14T10:00:00Z"
    conditions = [{"lastProbeTime": None, "lastTransitionTime": TS, "status": status, "type": kind}
                  for kind, status in (("PodReadyToStartContainers", "True"), ("Initialized", "True"),
                                       ("Ready", ready), ("ContainersReady", ready), ("PodScheduled", "True"))]
    return {
        "apiVersion": "v1", "kind": "Pod", "metadata": meta,
        "spec": {
            "containers": [container], "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "nodeName": node_name,
            "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always",
            "schedulerName": "default-scheduler", "securityContext": {}, "serviceAccount": "default",
            "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
            "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
                             "tolerationSeconds": 300}],
            "volumes": [{"name": f"kube-api-access-{_h(name, n=5)}", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}}]}}],
        },
        "status": {
            "conditions": conditions,
            "containerStatuses": [{"containerID": f"containerd://{hashlib.sha256(name.encode()).hexdigest()}",
                                   "image": f"registry.example.com/{app}:1.4.2",
                                   "lastState": {}, "name": app, "ready": ready == "True", "restartCount": 0,
                                   "started": True, "state": {"running": {"startedAt": TS}}}],
            "hostIP": f"172.18.0.{NODES.index(node_name) + 2}",
            "phase": "Running", "podIP": ips[0]["ip"], "podIPs": ips, "qosClass": "Burstable", "startTime": TS,
        },
    }


def deployment(ns: str, app: str, replicas: int, port: int, hash_: str) -> tuple[dict[str, Any], dict[str, Any]]:
    template = {"metadata": {"labels": {"app": app, "tier": "backend"}},
                "spec": {"containers": [_container(app, port)], "restartPolicy": "Always"}}
    deploy = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"annotations": {"deployment.kubernetes.io/revision": "1"}, "creationTimestamp": TS,
                     "generation": 1, "labels": {"app": app}, "name": app, "namespace": ns,
                     "resourceVersion": "900", "uid": _uid("deploy", ns, app)},
        "spec": {"progressDeadlineSeconds": 600, "replicas": replicas, "revisionHistoryLimit": 10,
                 "selector": {"matchLabels": {"app": app}},
                 "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                 "template": template},
        "status": {"availableReplicas": replicas, "readyReplicas": replicas, "replicas": replicas,
                   "updatedReplicas": replicas, "observedGeneration": 1},
    }
    rs_template = json.loads(json.dumps(template))
    rs_template["metadata"]["labels"]["pod-template-hash"] = hash_
    rs = {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"creationTimestamp": TS, "generation": 1,
                     "labels": {"app": app, "pod-template-hash": hash_}, "name": f"{app}-{hash_}", "namespace": ns,
                     "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                          "kind": "Deployment", "name": app, "uid": _uid("deploy", ns, app)}],
                     "resourceVersion": "901", "uid": _uid("rs", ns, f"{app}-{hash_}")},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app, "pod-template-hash": hash_}},
                 "template": rs_template},
        "status": {"availableReplicas": replicas, "readyReplicas": replicas, "replicas": replicas},
    }
    return deploy, rs


def service(ns: str, name: str, app: str | None, port: int, i: int) -> dict[str, Any]:
    ip = f"10.96.{(i // 250) + 1}.{i % 250 + 2}"
    spec: dict[str, Any] = {
        "clusterIP": ip, "clusterIPs": [ip], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack",
        "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
                  {"name": "metrics", "port": 9090, "protocol": "TCP", "targetPort": 9090}],
        "sessionAffinity": "None", "type": "ClusterIP",
    }
    if app is not None:
        spec["selector"] = {"app": app}
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": json.dumps(
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
             "spec": {"selector": spec.get("selector"), "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}})
            + "\n"},
            "creationTimestamp": TS, "labels": {"app": app or name}, "managedFields": [
                _managed("kubectl-client-side-apply", "Update", {"f:spec": {"f:ports": {}, "f:selector": {}}})],
            "name": name, "namespace": ns, "resourceVersion": str(700 + i), "uid": _uid("svc", ns, name)},
        "spec": spec, "status": {"loadBalancer": {}},
    }


def endpoint_slice(svc: dict[str, Any], pods: list[dict[str, Any]], port: int) -> dict[str, Any]:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    endpoints = []
    for p in pods:
        v4 = [a["ip"] for a in p["status"]["podIPs"] if ":" not in a["ip"]]
        terminating = "deletionTimestamp" in p["metadata"]
        serving = p["status"]["conditions"][2]["status"] == "True"
        endpoints.append({"addresses": v4, "conditions": {"ready": serving and not terminating, "serving": serving,
                                                          "terminating": terminating},
                          "nodeName": p["spec"]["nodeName"],
                          "targetRef": {"kind": "Pod", "name": p["metadata"]["name"], "namespace": ns,
                                        "uid": p["metadata"]["uid"]}})
    return {
        "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "endpoints": endpoints, "kind": "EndpointSlice",
        "metadata": {"annotations": {"endpoints.kubernetes.io/last-change-trigger-time": TS}, "creationTimestamp": TS,
                     "generateName": f"{name}-", "generation": 3,
                     "labels": {"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                                "kubernetes.io/service-name": name},
                     "name": f"{name}-{_h(ns, name)}", "namespace": ns,
                     "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True,
                                          "kind": "Service", "name": name, "uid": svc["metadata"]["uid"]}],
                     "resourceVersion": "1200", "uid": _uid("eps", ns, name)},
        "ports": [{"name": "http", "port": port, "protocol": "TCP"}, {"name": "metrics", "port": 9090, "protocol": "TCP"}],
    }


def make_dump(pods: int = 2000, services: int = 300) -> dict[str, Any]:
    """The dump as a Python object (a v1 List)."""
    items: list[dict[str, Any]] = [node(i, n) for i, n in enumerate(NODES)]
    apps = max(1, services - services // 10)  # a tenth of the Services select nothing (typos, leftovers)
    per_app = max(1, pods // apps)
    pod_items: list[dict[str, Any]] = []
    svc_items: list[dict[str, Any]] = []
    slices: list[dict[str, Any]] = []
    n = 0
    for a in range(apps):
        ns = NAMESPACES[a % len(NAMESPACES)]
        app = f"app-{a:03d}"
        port = 8080 + a % 3
        count = per_app + (1 if a < pods - per_app * apps else 0)
        hash_ = _h("hash", ns, app, n=10).replace("a", "b")
        deploy, rs = deployment(ns, app, count, port, hash_)
        items += [deploy, rs]
        mine = [pod(ns, app, f"{app}-{hash_}", hash_, i, port, NODES[1 + (n + i) % 3], n + i) for i in range(count)]
        n += count
        pod_items += mine
        svc = service(ns, app, app, port, a)
        svc_items.append(svc)
        slices.append(endpoint_slice(svc, mine, port))
    for s in range(apps, services):
        ns = NAMESPACES[s % len(NAMESPACES)]
        svc_items.append(service(ns, f"legacy-{s:03d}", f"legacy-{s:03d}-typo", 8080, s))
    items += pod_items + svc_items + slices
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def dump_text(obj: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(obj, indent=4) + "\n"
    import yaml

    return yaml.dump(obj, Dumper=yaml.CSafeDumper, default_flow_style=False, sort_keys=True, width=1 << 20)


# --------------------------------------------------------------------------- timing
def _time(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the child, bytes written to stdout)."""
    env = {**os.environ, "NO_COLOR": "1", "KTUTOR_HOME": tempfile.mkdtemp(prefix="ktutor-bench-")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, len(proc.stdout)


FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
FLOOR_NO_GC = "import gc; gc.disable(); " + FLOOR


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=2000)
    parser.add_argument("--services", type=int, default=300)
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="FILE", help="also write the dump to FILE")
    args = parser.parse_args()

    text = dump_text(make_dump(args.pods, args.services), args.format)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"dump.{args.format}"
        path.write_text(text, encoding="utf-8")
        if args.keep:
            Path(args.keep).write_text(text, encoding="utf-8")
        size = path.stat().st_size
        print(f"dump: {args.pods:,} Pods, {args.services:,} Services, {size / 1e6:.1f} MB ({args.format}), "
              f"one List document; load average {os.getloadavg()[0]:.2f}")
        py = sys.executable
        commands = {
            "check --format json": [py, "-m", "tutor", "check", "--format", "json", str(path)],
            "check (text)": [py, "-m", "tutor", "check", str(path)],
            "floor: yaml.load": [py, "-c", FLOOR, str(path)],
            "floor: yaml.load, no GC": [py, "-c", FLOOR_NO_GC, str(path)],
        }
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        out_sizes: dict[str, int] = {}
        for _ in range(args.runs):  # alternate: the machine's load changes from one minute to the next
            for label, argv in commands.items():
                wall, cpu, out = _time(argv)
                walls[label].append(wall)
                cpus[label].append(cpu)
                out_sizes[label] = out
        floor = statistics.median(cpus["floor: yaml.load, no GC"])
        for label in commands:
            wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
            print(f"  {label:24} wall {wall:5.2f} s  CPU {cpu:5.2f} s  ({cpu / floor:3.1f}x the no-GC floor's CPU)"
                  f"  runs {', '.join(f'{t:.2f}' for t in walls[label])}  output {out_sizes[label] / 1e6:.1f} MB")
        best = statistics.median(walls["check --format json"])
        print(f"goal < 5 s for the JSON check: {'met' if best < 5 else 'NOT met'} (median wall {best:.2f} s; "
              f"CPU {statistics.median(cpus['check --format json']):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
