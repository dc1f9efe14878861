"""check() never raises, whatever the learner types (the TUI calls it on every keystroke)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lesson_helpers import exercise, service
from tutor.lessons import goals as G

EVERY_KIND = exercise([
    {"kind": "valid"},
    {"kind": "service", "name": "my-service", "type": "ClusterIP", "headless": False},
    {"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2"]},
    {"kind": "ready", "service": "my-service", "pods": ["web-1"]},
    {"kind": "maps", "service": "my-service", "port": 80, "to": 9376},
    {"kind": "maps", "service": "my-service", "port": 80, "to": {"web-1": 9376}, "protocol": "TCP"},
    {"kind": "node_port", "service": "my-service", "port": 80, "node_port": 30080},
    {"kind": "reach", "from": {"pod": "client", "container": "app"}, "to": "$env:BACKEND_URL",
     "expect": {"labels": {"app": "MyApp"}}},
    {"kind": "reach", "from": "outside", "to": "192.168.49.2:30080", "expect": "fail"},
    {"kind": "dns", "from": {"pod": "client"}, "name": "my-service", "expect": {"cluster_ip": True}},
    {"kind": "pod_ports_unique", "pod": "client"},
])

FRAGMENTS = [
    "apiVersion: v1\n", "kind: Service\n", "kind: Pod\n", "kind: Deployment\n", "apiVersion: apps/v1\n",
    "metadata:\n", "  name: my-service\n", "  name: client\n", "  namespace: shop\n", "spec:\n",
    "  selector:\n", "    app: MyApp\n", "  selector: {}\n", "  ports:\n", "  - port: 80\n", "    targetPort: http\n",
    "    targetPort: 9376\n", "    targetPort: \"80\"\n", "    nodePort: 30080\n", "  type: NodePort\n",
    "  type: ExternalName\n", "  externalName: db.example.com\n", "  clusterIP: None\n", "  containers:\n",
    "  - name: app\n", "    env: [{name: BACKEND_URL, value: 'http://my-service:80/'}]\n", "---\n", "\t", ": ", "- ",
    "[", "]", "{", "}", "&a ", "*a", "!!binary ", "%YAML 1.2\n", "'", '"', "\x00", "\ufeff", "  ", "\n",
]

yamlish = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
mixed = st.one_of(yamlish, st.text(max_size=200), st.lists(st.sampled_from(FRAGMENTS + ["x", "80", "é", "ㄱ"]),
                                                            max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_check_never_raises(text):
    result = G.check(EVERY_KIND, text)
    assert isinstance(result, G.ExerciseResult)
    for goal in result.goals:
        G.english(goal.label), G.english(goal.feedback), G.english(goal.expected), G.english(goal.actual)
        str(goal.feedback or ""), goal.label_text()
        if not goal.passed:
            assert goal.feedback is not None and G.english(goal.feedback).strip()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["kind", "service", "pods", "port", "to", "from", "expect", "name",
                                        "after", "failure", "namespace", "message"]),
                       st.one_of(st.none(), st.integers(), st.text(max_size=10), st.booleans(),
                                 st.lists(st.text(max_size=5), max_size=3),
                                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)),
                       max_size=6))
def test_check_never_raises_on_malformed_goals(goal):
    ex = exercise([goal])
    result = G.check(ex, service())
    assert isinstance(result, G.ExerciseResult)
    for g in result.goals:
        G.english(g.label), G.english(g.feedback)
