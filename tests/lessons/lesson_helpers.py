"""Helpers for the lesson tests: small exercises built in code (imported by the tests)."""

from __future__ import annotations

import textwrap

from tutor.lessons.model import Exercise

PODS = textwrap.dedent("""\
    apiVersion: v1
    kind: Pod
    metadata: {name: web-1, labels: {app: MyApp, tier: web}}
    spec:
      nodeName: node-a
      containers:
      - name: app
        ports: [{name: http, containerPort: 9376}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-2, labels: {app: MyApp, tier: web}}
    spec:
      nodeName: node-b
      containers:
      - name: app
        ports: [{name: http, containerPort: 9376}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-3, labels: {app: MyApp, tier: web}}
    spec:
      nodeName: node-a
      containers:
      - name: app
        ports: [{name: http, containerPort: 9376}]
    status:
      phase: Running
      conditions: [{type: Ready, status: "False"}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: db-1, labels: {app: db}}
    spec:
      nodeName: node-b
      containers:
      - name: postgres
        ports: [{containerPort: 5432}]
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: client
      labels: {app: client}
    spec:
      nodeName: node-a
      containers:
      - name: app
        env:
        - {name: BACKEND_URL, value: "http://my-service:80/api"}
        - {name: BACKEND_ADDR, value: "my-service:80"}
      - name: helper
        ports: [{containerPort: 9000}]
    """)


def service(selector: str = "app: MyApp", ports: str = "- port: 80\n    targetPort: 9376",
            extra: str = "", name: str = "my-service") -> str:
    return (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}"
            f"  selector:\n    {selector}\n  ports:\n  {ports}\n")


def exercise(goals: list[dict], *, start: str = "", solution: str = "", pods: str = PODS,
             wrong: list[dict] | None = None, hints: list[str] | None = None) -> Exercise:
    return Exercise(id="ex", title="An exercise", task="Do it.", start=start, solution=solution or service(),
                    goal_data=goals, hints=["A hint."] if hints is None else hints,
                    cluster={"nodes": [{"name": "node-a", "ip": "192.168.49.2", "podCIDR": "10.244.1.0/24"},
                                       {"name": "node-b", "ip": "192.168.49.3", "podCIDR": "10.244.2.0/24"}],
                             "pods": pods},
                    wrong=wrong or [])


