"""The goal registry: goals are typed objects parsed when a lesson loads; a goal written
wrongly is a LessonError with file and line; every kind validates its parameters."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

import pytest

from lesson_helpers import exercise, service
from tutor.i18n import N_, Text
from tutor.lessons import goals as G
from tutor.lessons.goals.base import REGISTRY
from tutor.lessons.goals.kinds.dns import Dns, DnsExpectation
from tutor.lessons.goals.kinds.endpoints import Ready, Selects
from tutor.lessons.goals.kinds.maps import Maps
from tutor.lessons.goals.kinds.reach import Expectation, Reach
from tutor.lessons.goals.params import NAME, Source
from tutor.lessons.model import LessonError, load_lesson

ROOT = Path(__file__).resolve().parents[2]

LESSON = """\
id: reg
title: A lesson
summary: One line.
body: |
  Some text.
exercises:
  - id: ex1
    title: Select web
    task: |
      Select the web Pod.
    start: ""
    solution: |
      kind: Service
    hints: [Look.]
    goals:
{goals}"""


def write(tmp_path: Path, goals: str) -> Path:
    path = tmp_path / "01-reg.yaml"
    path.write_text(LESSON.format(goals=textwrap.indent(goals, "      ")), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --------------------------------------------------------------------------- loading
def test_goals_are_typed_objects_once_a_lesson_loads(tmp_path):
    path = write(tmp_path, "- {kind: selects, service: web, pods: [web-1, web-2]}\n"
                           "- kind: reach\n  from: {pod: client, namespace: shop}\n  to: $env:URL\n"
                           "  expect: fail\n  failure: nxdomain\n"
                           "- {kind: dns, from: outside, name: db, expect: {cname: db.example.com}}\n"
                           "- {kind: maps, service: web, port: 80, to: {web-1: 8080}, message: Port 80 reaches 8080}\n")
    (ex,) = load_lesson(path).exercises
    selects, reach, dns, maps = ex.goals
    assert isinstance(selects, Selects) and selects.pods == ("web-1", "web-2") and selects.namespace == "default"
    assert isinstance(reach, Reach) and reach.source == Source(pod="client", namespace="shop")
    assert reach.expect == Expectation(fail=True) and reach.expected_failure == "nxdomain" and reach.pick == 0
    assert reach.env == "URL"
    assert isinstance(dns, Dns) and dns.source.outside and dns.expect == DnsExpectation("cname", "db.example.com")
    assert isinstance(maps, Maps) and maps.to == {"web-1": 8080} and maps.heading() == "Port 80 reaches 8080"
    assert ex.goal_lines == [line_of(path, "kind: selects"), line_of(path, "kind: reach"),
                             line_of(path, "kind: dns"), line_of(path, "kind: maps")]


def test_an_unknown_kind_is_a_load_error_with_file_and_line(tmp_path):
    path = write(tmp_path, "- {kind: selects, service: web, pods: [web-1]}\n- {kind: teleport, to: mars}\n")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    err = info.value
    assert err.file == str(path) and err.line == line_of(path, "teleport")
    assert str(err).startswith(f"{path}:{err.line}: exercise ex1: unknown goal kind 'teleport' (known: ")
    assert all(kind in err.message for kind in G.goal_kinds())


def test_a_malformed_goal_is_a_load_error_and_the_linter_reports_every_problem(tmp_path):
    from tutor.lessons.lint import lint

    path = write(tmp_path, "- {kind: maps, service: web, port: '80', to: x}\n")
    with pytest.raises(G.GoalError) as info:
        load_lesson(path)
    assert info.value.line == line_of(path, "kind: maps")
    assert info.value.message == "exercise ex1: maps goal: 'port' must be a port number, not '80'"
    assert len(info.value.problems) == 2
    lesson = load_lesson(path, check_goals=False)  # what the linter reads
    assert [type(g) for g in lesson.exercises[0].parsed_goals()] == [G.GoalError]
    issues = [i for i in lint(tmp_path) if "maps goal" in G.english(i.message)]
    assert [(i.line, G.english(i.message)) for i in issues] == [
        (line_of(path, "kind: maps"), "exercise ex1: maps goal: 'port' must be a port number, not '80'"),
        (line_of(path, "kind: maps"), "exercise ex1: maps goal: 'to' must be a port number or a mapping of Pod "
                                      "name to port number, not 'x'"),
    ]


def test_an_exercise_made_in_code_parses_its_goals_on_first_use():
    ex = exercise([{"kind": "selects", "service": "my-service"}])
    assert [type(g) for g in ex.parsed_goals()] == [G.GoalError]
    with pytest.raises(LessonError, match="missing parameter 'pods'"):
        ex.goals  # noqa: B018
    result = G.check(ex, service())  # the checker never raises
    (goal,) = [g for g in result.goals if not g.implicit]
    assert goal.goal is None and not goal.passed and "written wrongly" in G.english(goal.feedback)


# --------------------------------------------------------------------------- each kind's parameters
#: (goal, a problem it must report) for every kind
BAD = [
    ({"kind": "valid", "extra": 1}, "valid goal: unknown parameter 'extra' (allowed: after_answer, message)"),
    ({"kind": "valid", "message": " "}, "valid goal: 'message' must be a non-empty string"),
    ({"kind": "service"}, "service goal: missing parameter 'name'"),
    ({"kind": "service", "name": "web", "type": "Nodeport"},
     "service goal: 'type' must be one of ClusterIP, NodePort, LoadBalancer, ExternalName, not 'Nodeport'"),
    ({"kind": "service", "name": "web", "headless": "yes"}, "service goal: 'headless' must be true or false, not 'yes'"),
    ({"kind": "service", "name": "web", "namespace": ""}, "service goal: 'namespace' must be a string, not ''"),
    ({"kind": "selects", "service": "web", "pods": "web-1"},
     "selects goal: 'pods' must be a list of names, not 'web-1'"),
    ({"kind": "ready", "pods": []}, "ready goal: missing parameter 'service'"),
    ({"kind": "maps", "service": "web", "port": 0, "to": 80}, "maps goal: 'port' must be between 1 and 65535"),
    ({"kind": "maps", "service": "web", "port": 80, "to": {}},
     "maps goal: 'to' must be a port number or a mapping of Pod name to port number, not {}"),
    ({"kind": "maps", "service": "web", "port": 80, "to": True},
     "maps goal: 'to' must be a port number or a mapping of Pod name to port number, not True"),
    ({"kind": "maps", "service": "web", "port": 80, "to": 80, "protocol": "tcp"},
     "maps goal: 'protocol' must be one of TCP, UDP, SCTP, not 'tcp'"),
    ({"kind": "node_port", "service": "web", "port": 80, "node_port": 70000},
     "node_port goal: 'node_port' must be between 1 and 65535"),
    ({"kind": "reach", "from": "inside", "to": "web:80", "expect": "fail"},
     "reach goal: 'from' must be 'outside', {outside: IPv4 address} or a mapping {pod, container?, namespace?}, "
     "not 'inside'"),
    ({"kind": "reach", "from": {"outside": "office"}, "to": "web:80", "expect": "fail"},
     "reach goal: 'from' must be 'outside', {outside: IPv4 address}"),
    ({"kind": "reach", "from": "outside", "to": "$env:URL", "expect": "fail"},
     "reach goal: '$env:' needs a source Pod (its container's environment), not 'outside'"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "$env:", "expect": "fail"},
     "reach goal: '$env:' must be followed by a variable name"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": "fail", "after": "delete web"},
     "reach goal: 'after' must look like 'recreate Deployment/web', not 'delete web'"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": {"pod": "a", "zzz": 1}},
     "reach goal: unknown expect key 'zzz' (allowed: pod, pods, labels, port, container, service, source_ip, fail, "
     "failure)"),
    ({"kind": "reach", "from": "outside", "to": "web:80", "expect": {"source_ip": "pod"}},
     "reach goal: expect.source_ip must be one of client, node"),
    ({"kind": "listens", "pod": "shop", "container": "app"}, "listens goal: missing parameter 'port'"),
    ({"kind": "listens", "pod": "shop", "container": "app", "port": 80, "declared": "yes"},
     "listens goal: 'declared' must be true or false, not 'yes'"),
    ({"kind": "answer", "id": "q", "question": "Which?"}, "answer goal: give exactly one of 'correct' and 'truth'"),
    ({"kind": "answer", "id": "q", "question": "Which?", "correct": "a", "truth": {"ready": "web"}},
     "answer goal: give exactly one of 'correct' and 'truth'"),
    ({"kind": "answer", "id": "q", "question": "Which?", "choices": ["a"], "correct": "a"},
     "answer goal: 'choices' must list at least two different choices"),
    ({"kind": "answer", "id": "q", "question": "Which?", "choices": ["a", "b"], "correct": "c"},
     "answer goal: the correct answer 'c' is not one of the choices"),
    ({"kind": "answer", "id": "q", "question": "Which?", "choices": ["a", "b"], "correct": ["a", "b"]},
     "answer goal: a question with one answer has one correct choice"),
    ({"kind": "answer", "id": "q", "question": "Which?", "truth": {"endpoints": "web"}},
     "answer goal: 'truth' must have one of ready, selected, not_ready, cluster_ip, node_port, pod_ip, node naming a Service or a Pod"),
    ({"kind": "answer", "question": "Which?", "correct": "a"}, "answer goal: missing parameter 'id'"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": {"port": 0}},
     "reach goal: expect.port must be a port number"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": {"fail": True, "pod": "a"}},
     "reach goal: expect.fail cannot be combined with where the request should arrive"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": {"pod": "a"}, "failure": "nxdomain"},
     "reach goal: 'failure' only goes with expect: fail"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": {"fail": True, "failure": "boom"}},
     "reach goal: unknown failure code 'boom' (known: nxdomain,"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": "fail", "pick": -1},
     "reach goal: 'pick' must be a whole number (0 or more), not -1"),
    ({"kind": "reach", "from": {"pod": "a"}, "to": "web:80", "expect": [1]},
     "reach goal: 'expect' must be 'fail' or a mapping such as {pod: web-1}"),
    ({"kind": "dns", "from": {"pod": "a"}, "name": "db", "expect": {"pod_ips": False}},
     "dns goal: 'expect' must be nxdomain, or a mapping with one of cname, pod_ips, cluster_ip, srv, pod, pods, "
     "ip (and/or lookups: N)"),
    ({"kind": "dns", "from": {"pod": "a"}, "name": "_http._tcp.web", "expect": {"srv": {"port": "80"}}},
     "dns goal: expect.srv.port must be a port number"),
    ({"kind": "dns", "from": {"pod": "a"}, "name": "web", "expect": {"lookups": 0}},
     "dns goal: expect.lookups must be a whole number from 1 to 20"),
    ({"kind": "dns", "from": {"pod": "a"}, "name": 5, "expect": "nxdomain"}, "dns goal: 'name' must be a string, not 5"),
    ({"kind": "pod_ports_unique"}, "pod_ports_unique goal: missing parameter 'pod'"),
    ({"kind": "pod_ports_unique", "pod": "x", "namespace": 1},
     "pod_ports_unique goal: 'namespace' must be a string, not 1"),
    ({"kind": None}, "unknown goal kind None (known: "),
    ("selects", "a goal must be a mapping with a 'kind'"),
    ({"kind": "allowed", "from": "a", "to": "b", "port": "80/tcp"},
     "allowed goal: 'port' must be a port number, or NUMBER/PROTOCOL such as 53/UDP, not '80/tcp'"),
    ({"kind": "denied", "from": {"pod": "a", "container": "c"}, "to": "b", "port": 80},
     "denied goal: 'from' must be a Pod name, namespace/name, or a mapping {pod, namespace?}"),
    ({"kind": "isolated", "pod": "web", "direction": "ingress"},
     "isolated goal: 'direction' must be one of Ingress, Egress, not 'ingress'"),
]

GOOD = [
    {"kind": "valid", "message": "Valid"},
    {"kind": "service", "name": "db", "type": "ExternalName", "external_name": "db.example.com", "headless": False},
    {"kind": "selects", "service": "web", "pods": [], "namespace": "shop"},
    {"kind": "ready", "service": "web", "pods": ["web-1"]},
    {"kind": "maps", "service": "web", "port": 80, "to": 8080, "protocol": "UDP"},
    {"kind": "node_port", "service": "web", "port": 80, "node_port": 30080},
    {"kind": "reach", "from": "outside", "to": "192.168.49.2:30080", "expect": {"fail": True, "failure": "no_route"}},
    {"kind": "reach", "from": {"pod": "a", "container": "app"}, "to": "$env:URL", "pick": 0,
     "after": "recreate Deployment/web", "expect": {"pods": ["b"], "labels": {"app": "b"}, "port": 8080}},
    {"kind": "dns", "from": {"pod": "a"}, "name": "db", "expect": "nxdomain"},
    {"kind": "pod_ports_unique", "pod": "shop"},
    {"kind": "listens", "pod": "shop", "container": "metrics", "port": 9100, "protocol": "TCP", "declared": False},
    {"kind": "answer", "id": "receivers", "question": "Which Pods receive traffic?", "choices": ["web-1", "web-2"],
     "multiple": True, "truth": {"ready": "web", "namespace": "shop"}},
    {"kind": "reach", "from": "outside", "to": "192.168.49.2:30080",
     "expect": {"labels": {"app": "web"}, "service": "shop/web", "source_ip": "client"}},
    {"kind": "allowed", "from": "client", "to": "shop/web", "port": 8080},
    {"kind": "denied", "from": {"pod": "client", "namespace": "dev"}, "to": {"pod": "web"}, "port": "53/UDP"},
    {"kind": "isolated", "pod": "web", "direction": "Egress", "namespace": "shop", "isolated": False},
]


@pytest.mark.parametrize("goal, problem", BAD, ids=[f"{n}-{g.get('kind') if isinstance(g, dict) else g}"
                                                    for n, (g, _) in enumerate(BAD)])
def test_each_kind_validates_its_parameters(goal, problem):
    problems = [G.english(p) for p in G.goal_problems(goal)]
    assert any(p.startswith(problem) for p in problems), problems
    with pytest.raises(G.GoalError) as info:
        G.parse_goal(goal, G.Where("f.yaml", 7, "ex"))
    assert info.value.line == 7 and info.value.file == "f.yaml"
    assert str(info.value).startswith("f.yaml:7: exercise ex: ")


@pytest.mark.parametrize("goal", GOOD, ids=[g["kind"] for g in GOOD])
def test_well_written_goals_parse(goal):
    assert G.goal_problems(goal) == []
    parsed = G.parse_goal(goal, G.Where())
    assert parsed.kind == goal["kind"] and isinstance(parsed, G.goal_kinds()[goal["kind"]])
    assert G.english(parsed.label())  # every kind describes itself


def test_every_kind_is_tested_and_documented():
    kinds = set(G.goal_kinds())
    assert {g["kind"] for g in GOOD} == kinds
    assert {g["kind"] for g, _ in BAD if isinstance(g, dict)} >= kinds
    table = (ROOT / "docs" / "goals.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.MULTILINE))
    assert documented == kinds


# --------------------------------------------------------------------------- adding a kind
def test_a_kind_registered_in_its_own_module_is_parsed_checked_and_linted():
    @dataclass(frozen=True, kw_only=True)
    class Named(G.Goal):
        kind: ClassVar[str] = "test_named"
        pod: Annotated[str, NAME]
        namespace: Annotated[str, NAME] = "default"

        def label(self) -> Text:
            return Text(N_("Pod {pod}"), pod=self.pod)

        def check(self, ctx: G.Context) -> G.GoalResult:
            if ctx.cluster.pod(self.pod, self.namespace) is None:
                return self.failed(Text(N_("not selected")))
            return self.passed()

    try:
        G.register(Named)
        assert [p.key for p in Named.parameters] == ["message", "after_answer", "pod", "namespace"]
        assert [p.required for p in Named.parameters] == [False, False, True, False]
        ex = exercise([{"kind": "test_named", "pod": "web-1"}, {"kind": "test_named", "pod": "nope"}])
        result = G.check(ex, service())
        assert [g.passed for g in result.goals if not g.implicit] == [True, False]
        assert G.english(G.goal_problems({"kind": "test_named"})[0]) == "test_named goal: missing parameter 'pod'"
        with pytest.raises(TypeError, match="registered twice"):
            G.register(type("Other", (Named,), {"kind": "test_named"}))
    finally:
        REGISTRY.pop("test_named", None)
    assert "test_named" not in G.goal_kinds()


def test_selects_and_ready_share_one_check():
    assert Selects.check is Ready.check
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]},
                   {"kind": "ready", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    selects, ready = [g for g in G.check(ex, service()).goals if not g.implicit]
    assert selects.passed and not ready.passed
    assert G.english(ready.feedback).startswith("Not a ready endpoint: web-3 (")


def test_a_surprise_in_a_parser_is_a_goal_written_wrongly_not_a_crash(monkeypatch):
    def boom(cls, params, where):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(Maps, "parse", classmethod(boom))
    ex = exercise([{"kind": "maps", "service": "my-service", "port": 80, "to": 9376}])
    (err,) = ex.parsed_goals()
    assert isinstance(err, G.GoalError) and "kaboom" in G.english(err.problems[0])
    (goal,) = [g for g in G.check(ex, service()).goals if not g.implicit]
    assert not goal.passed and "written wrongly" in G.english(goal.feedback)
