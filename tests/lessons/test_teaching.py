"""Teaching features of the goals: the new dns goal forms (SRV, per-Pod names, lookups),
feedback tiers (the symptom first, the fix last), and the exercise kinds in the linter."""

from __future__ import annotations

import textwrap

import pytest

from lesson_helpers import exercise, service
from tutor.lessons import goals as G
from tutor.lessons.lint import lint

STATEFUL = textwrap.dedent("""\
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      replicas: 2
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers:
          - name: postgres
            ports: [{name: postgres, containerPort: 5432}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: client}
    spec:
      containers:
      - name: app
        env:
        - {name: PARTNER, value: "https://api.partner.example.com/v1"}
        - {name: PARTNER_ABS, value: "https://api.partner.example.com./v1"}
    """)

HEADLESS = ("apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n"
            "  ports:\n  - {name: pg, port: 5432, targetPort: postgres}\n")
CLUSTER_IP = HEADLESS.replace("  clusterIP: None\n", "")


def dns_goal(name, expect, **extra):
    return exercise([{"kind": "dns", "from": {"pod": "client"}, "name": name, "expect": expect, **extra}],
                    pods=STATEFUL, solution=HEADLESS)


def one(ex, text):
    result = G.check(ex, text)
    [goal] = [g for g in result.goals if not g.implicit]
    return goal


def en(value) -> str:
    return G.english(value)


# --------------------------------------------------------------------------- dns goal forms
def test_srv_answers_by_port_and_targets():
    ex = dns_goal("_pg._tcp.db", {"srv": {"port": 5432, "targets": ["db-0.db.default.svc.cluster.local",
                                                                    "db-1.db.default.svc.cluster.local"]}})
    assert one(ex, HEADLESS).passed
    goal = one(ex, CLUSTER_IP)  # a cluster IP Service: one SRV record, the Service's own name as target
    assert not goal.passed and "SRV records 5432 db.default.svc.cluster.local" in en(goal.actual)
    unnamed = HEADLESS.replace("name: pg, ", "")
    goal = one(ex, unnamed)
    assert not goal.passed and en(goal.actual) == "NXDOMAIN (no such name)"
    assert "only named ports get SRV records" in en(goal.feedback)


def test_one_pods_name_and_several_pods():
    ex = dns_goal("db-1.db", {"pod": "db-1"})
    assert one(ex, HEADLESS).passed
    goal = one(ex, CLUSTER_IP)
    assert not goal.passed and "exist only behind a headless Service" in en(goal.feedback)
    ex = dns_goal("db", {"pods": ["db-0", "db-1"]})
    assert one(ex, HEADLESS).passed and not one(ex, CLUSTER_IP).passed


def test_a_pod_a_record_answers_the_address_in_its_name():
    ex = dns_goal("10-244-2-15.default.pod.cluster.local", {"ip": "10.244.2.15"})
    assert one(ex, HEADLESS).passed
    assert not one(dns_goal("10-244-2-15.nowhere.pod.cluster.local", {"ip": "10.244.2.15"}), HEADLESS).passed


def test_lookups_count_the_search_list_and_ndots():
    ex = dns_goal("$env:PARTNER", {"lookups": 1})
    goal = one(ex, HEADLESS)
    assert not goal.passed
    cause = en(goal.feedback)
    assert "has 3 dots; with ndots:5 the resolver asked 4 names" in cause
    assert en(goal.feedback_at(G.SYMPTOM)).endswith("asks 4 names.")
    assert "End the name with a dot" in en(goal.feedback_at(G.FIX))
    assert "End the name with a dot" not in en(goal.feedback_at(G.CAUSE))
    assert one(dns_goal("$env:PARTNER_ABS", {"lookups": 1}), HEADLESS).passed
    # a lower ndots in the Pod's dnsConfig asks the name as it is first
    lower = STATEFUL.replace("spec:\n  containers:\n  - name: app\n",
                             "spec:\n  dnsConfig: {options: [{name: ndots, value: '2'}]}\n"
                             "  containers:\n  - name: app\n")
    assert lower != STATEFUL
    ex = exercise([{"kind": "dns", "from": {"pod": "client"}, "name": "$env:PARTNER", "expect": {"lookups": 1}}],
                  pods=lower, solution=HEADLESS)
    assert one(ex, HEADLESS).passed


def test_dns_goal_parameters_are_checked():
    for bad in ({"srv": {}}, {"srv": {"port": 0}}, {"pod": "a", "pods": ["b"]}, {"lookups": 0}, {"pod": ""},
                {"ip": "10.0.0.1", "namespace": "x"}):
        problems = G.goal_problems({"kind": "dns", "from": {"pod": "client"}, "name": "db", "expect": bad})
        assert problems, bad
    assert G.goal_problems({"kind": "dns", "from": "outside", "name": "$env:X", "expect": "nxdomain"})


# --------------------------------------------------------------------------- feedback tiers
def test_tier_policy():
    assert G.tier() == G.SYMPTOM
    assert G.tier(hints_used=1) == G.CAUSE and G.tier(failed_checks=2) == G.CAUSE
    assert G.tier(hints_used=2) == G.FIX and G.tier(failed_checks=4) == G.FIX
    assert G.tier(solution_viewed=True) == G.FIX and G.tier(hints_used=1, hints_total=1) == G.FIX


def test_the_first_failure_names_the_symptom_and_the_fix_comes_last():
    ex = exercise([{"kind": "maps", "service": "my-service", "port": 80, "to": 9376}])
    goal = one(ex, service(ports="- port: 80"))
    symptom, cause, fix = (en(goal.feedback_at(t)) for t in (G.SYMPTOM, G.CAUSE, G.FIX))
    assert symptom == "A request to port 80 of Service my-service goes to 80 on the Pods."
    assert "targetPort defaults to port" in cause and "targetPort: 9376" not in cause
    assert fix.startswith(cause) and "Set targetPort: 9376 on Service port 80" in fix


def test_a_selector_fix_is_worked_out_from_the_pods_labels():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    goal = one(ex, service(selector="app: myapp"))
    assert en(goal.feedback_at(G.SYMPTOM)) == "Service my-service selects no Pods."
    assert "myapp" in en(goal.feedback_at(G.CAUSE))
    assert en(goal.fix) == "A selector that matches exactly these Pods: app: MyApp."


def test_api_errors_show_the_message_first_and_the_fix_last():
    ex = exercise([{"kind": "valid"}])
    goal = one(ex, service(extra="  type: Nodeport\n"))
    symptom = en(goal.feedback_at(G.SYMPTOM))
    assert 'Unsupported value: "Nodeport"' in symptom and " — " not in symptom
    assert " — " in en(goal.feedback_at(G.CAUSE))
    assert goal.fix is not None and en(goal.feedback_at(G.FIX)).endswith(en(goal.fix))


def test_a_request_that_fails_is_named_by_what_the_client_sees():
    ex = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "my-service:80", "expect": {"pod": "web-1"}}])
    goal = one(ex, service(selector="app: nothing"))
    assert en(goal.feedback_at(G.SYMPTOM)) == \
        "From Pod client, a request to my-service:80 fails: the connection is refused."


def test_answers_never_reveal_the_right_answer_at_any_tier():
    ex = exercise([{"kind": "answer", "id": "q", "question": "Which?", "choices": ["web-1", "web-2"],
                    "correct": "web-2"}])
    result = G.check(ex, service(), answers={"q": "web-1"})
    [goal] = [g for g in result.goals if not g.implicit]
    for t in (G.SYMPTOM, G.CAUSE, G.FIX):
        assert "web-2" not in en(goal.feedback_at(t))


# --------------------------------------------------------------------------- kinds in the linter
LESSON = """\
id: kinds
title: Kinds
summary: Kinds.
body: Kinds.
exercises:
  - id: guess
    kind: {kind}
    title: Guess
    task: Guess.
    start: |
{start}
    solution: |
      apiVersion: v1
      kind: Service
      metadata: {{name: s}}
      spec: {{ports: [{{port: 80}}]}}
    hints: [Think.]
    goals:
      - {{kind: service, name: s, type: NodePort}}
    wrong:
      - {{note: a, partial: true, text: "x: 1"}}
      - {{note: b, text: "y: 2"}}
"""


@pytest.mark.parametrize("kind, start, message", [
    ("predict", "      # nothing", "a predict exercise needs an answer goal"),
    ("write", "      apiVersion: v1\n      kind: Service\n      metadata: {name: s}\n      spec: {ports: [{port: 80}]}",
     "its solution should add at least 5 lines"),
])
def test_the_linter_checks_what_each_kind_needs(tmp_path, kind, start, message):
    (tmp_path / "01-kinds.yaml").write_text(LESSON.format(kind=kind, start=start), encoding="utf-8")
    issues = [str(i) for i in lint(tmp_path)]
    assert any(message in i for i in issues), issues


def test_an_unknown_kind_is_a_load_error(tmp_path):
    (tmp_path / "01-kinds.yaml").write_text(LESSON.format(kind="guess", start="      # x"), encoding="utf-8")
    issues = [str(i) for i in lint(tmp_path)]
    assert any("kind must be one of fix, write, predict, command" in i for i in issues), issues
