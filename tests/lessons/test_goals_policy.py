"""NetworkPolicy goals: ``allowed``, ``denied``, ``isolated``; ``reach`` through policies
(``denied_by_policy``, ``dns_denied_by_policy``); an exercise cluster's own policies."""

from __future__ import annotations

import pytest

from lesson_helpers import exercise
from tutor.lessons import goals as G
from tutor.lessons.goals.base import GoalError, Where, parse_goal
from tutor.lessons.goals.kinds.policy import PodRef, PortRef


def one(ex, text):
    result = G.check(ex, text)
    explicit = [g for g in result.goals if not g.implicit]
    assert len(explicit) == 1
    return result, explicit[0]


def en(value) -> str:
    return G.english(value)


def netpol(spec: str, name: str = "np", namespace: str = "default") -> str:
    body = "\n".join("  " + line for line in spec.strip().splitlines())
    return (f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n"
            f"  namespace: {namespace}\nspec:\n{body}\n")


DENY_WEB = netpol("podSelector: {matchLabels: {app: MyApp}}\npolicyTypes: [Ingress]", "deny-web")
ALLOW_CLIENT = netpol("""
podSelector: {matchLabels: {app: MyApp}}
ingress:
- from: [{podSelector: {matchLabels: {app: client}}}]
  ports: [{port: 9376}]
""", "allow-client")


# --------------------------------------------------------------------------- parsing
def test_parameters_are_read_and_checked():
    where = Where("x.yaml", 3)
    goal = parse_goal({"kind": "allowed", "from": "client", "to": "shop/web", "port": "53/UDP"}, where)
    assert goal.source == PodRef("client") and goal.to == PodRef("web", "shop")
    assert goal.port == PortRef(53, "UDP")
    goal = parse_goal({"kind": "denied", "from": {"pod": "a", "namespace": "x"}, "to": {"pod": "b"}, "port": 80},
                      where)
    assert goal.source == PodRef("a", "x") and goal.port == PortRef(80, "TCP")
    for bad in ({"port": "80/tcp"}, {"port": 0}, {"port": "http"}, {"port": True}, {"from": "a/b/c"},
                {"from": {"pod": "a", "container": "x"}}, {"to": ""}):
        data = {"kind": "allowed", "from": "a", "to": "b", "port": 80, **bad}
        with pytest.raises(GoalError):
            parse_goal(data, where)
    with pytest.raises(GoalError):
        parse_goal({"kind": "isolated", "pod": "web", "direction": "ingress"}, where)  # policyTypes spelling
    goal = parse_goal({"kind": "isolated", "pod": "web", "direction": "Egress", "isolated": False}, where)
    assert not goal.isolated and goal.namespace == "default"


def test_labels_say_what_is_checked():
    allowed = parse_goal({"kind": "allowed", "from": "client", "to": "shop/web", "port": 8080}, Where())
    assert en(allowed.label()) == "NetworkPolicy allows Pod client → Pod web (namespace shop) on 8080/TCP"
    denied = parse_goal({"kind": "denied", "from": "client", "to": "web", "port": "53/UDP"}, Where())
    assert en(denied.label()) == "NetworkPolicy denies Pod client → Pod web on 53/UDP"
    iso = parse_goal({"kind": "isolated", "pod": "web", "direction": "Ingress"}, Where())
    assert en(iso.label()) == "Pod web is isolated for ingress"
    iso = parse_goal({"kind": "isolated", "pod": "web", "direction": "Egress", "isolated": False}, Where())
    assert en(iso.label()) == "Pod web is not isolated for egress"


# --------------------------------------------------------------------------- allowed / denied
def test_allowed_and_denied_follow_the_policy_verdict():
    allowed = exercise([{"kind": "allowed", "from": "client", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    denied = exercise([{"kind": "denied", "from": "db-1", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    # an empty editor: not valid, so no goal about the manifests is met yet (not even one
    # that holds without any policy)
    result, goal = one(allowed, "")
    assert not goal.passed and not result.passed
    assert "Checked once the manifests are valid" in str(goal.feedback)
    # no policy: everything is allowed
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 80}]\n"
    result, goal = one(allowed, service)
    assert goal.passed and result.passed
    _, goal = one(denied, service)
    assert not goal.passed
    assert "The connection is still allowed: no NetworkPolicy selects default/db-1 for egress" in \
        en(goal.feedback)
    assert en(goal.actual) == "allowed"
    # deny everything into web: the client is denied too
    _, goal = one(allowed, DENY_WEB)
    assert not goal.passed and en(goal.actual) == "denied"
    feedback = en(goal.feedback)
    assert feedback.startswith("The connection is denied: denied by ingress: default/web-1 is isolated for ingress "
                               "by default/deny-web")
    assert "(default/deny-web has no ingress rules)" in feedback
    assert one(denied, DENY_WEB)[1].passed
    # the allow policy: the client in, the database still out
    assert one(allowed, ALLOW_CLIENT)[1].passed
    assert one(denied, ALLOW_CLIENT)[1].passed
    _, goal = one(allowed, ALLOW_CLIENT.replace("9376", "80"))
    assert not goal.passed and "9376/TCP is not among its ports 80/TCP" in en(goal.feedback)


def test_a_pod_that_does_not_exist_or_does_not_run():
    ex = exercise([{"kind": "allowed", "from": "nobody", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    _, goal = one(ex, ALLOW_CLIENT)
    assert not goal.passed and en(goal.feedback) == "There is no Pod named nobody in namespace default."
    pending = ("apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec:\n  containers: [{name: c, image: c:1}]\n"
               "status: {phase: Pending}\n")
    ex = exercise([{"kind": "allowed", "from": "late", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    _, goal = one(ex, pending)
    assert not goal.passed and "Pod late cannot take part in a connection: not running" in en(goal.feedback)


def test_an_invalid_policy_is_not_applied():
    ex = exercise([{"kind": "denied", "from": "client", "to": "web-1", "port": 9376}], solution=DENY_WEB)
    broken = DENY_WEB.replace("policyTypes: [Ingress]", "policyTypes: [ingress]")
    result = G.check(ex, broken)
    assert not result.passed
    assert not result.goals[0].passed and "Unsupported value" in en(result.goals[0].feedback)  # implicit valid
    assert not result.goals[1].passed  # not applied, so still allowed


def test_the_exercise_cluster_can_hold_policies_and_namespaces():
    ex = exercise([{"kind": "allowed", "from": "client", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    ex.cluster["policies"] = DENY_WEB
    ex.cluster["namespaces"] = {"default": {"team": "web"}}
    from tutor.lessons.goals.context import base_cluster

    base = base_cluster(ex)
    assert [p.key for p in base.policies] == ["default/deny-web"]
    assert base.namespace_labels == {"default": {"team": "web"}}
    _, goal = one(ex, "kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n")
    assert not goal.passed  # the cluster's own policy denies it
    assert one(ex, ALLOW_CLIENT)[1].passed  # the editor's policy adds to it


def test_broken_cluster_policies_are_a_lesson_error():
    from tutor.k8s.cluster import ClusterSpecError
    from tutor.lessons.goals.context import base_cluster

    ex = exercise([{"kind": "valid"}])
    ex.cluster["policies"] = DENY_WEB.replace("[Ingress]", "[Sideways]")
    with pytest.raises(ClusterSpecError, match="policies: a policy is not valid"):
        base_cluster(ex)
    ex = exercise([{"kind": "valid"}])
    ex.cluster["policies"] = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 80}]}\n"
    with pytest.raises(ClusterSpecError, match="cannot be one of the cluster's policies"):
        base_cluster(ex)


# --------------------------------------------------------------------------- isolated
def test_isolated_says_which_policy_isolates_or_why_none_does():
    iso = exercise([{"kind": "isolated", "pod": "web-1", "direction": "Ingress"}], solution=DENY_WEB)
    assert one(iso, DENY_WEB)[1].passed
    _, goal = one(iso, "kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n")
    assert not goal.passed
    assert en(goal.feedback) == ("No NetworkPolicy of namespace default selects Pod web-1 with Ingress in its "
                                 "policyTypes, so every connection into it is allowed.")
    _, goal = one(iso, DENY_WEB.replace("app: MyApp", "app: myapp"))
    assert "default/deny-web: its podSelector app=myapp does not select it (app=myapp does not hold)" in \
        en(goal.feedback)
    egress_only = DENY_WEB.replace("[Ingress]", "[Egress]")
    _, goal = one(iso, egress_only)
    assert "it selects the Pod, but its policyTypes (Egress) do not include Ingress" in en(goal.feedback)
    open_ = exercise([{"kind": "isolated", "pod": "web-1", "direction": "Egress", "isolated": False}],
                     solution=DENY_WEB)
    assert one(open_, DENY_WEB)[1].passed
    _, goal = one(open_, egress_only)
    assert not goal.passed and "is isolated by default/deny-web: its podSelector selects the Pod and its " \
        "policyTypes include Egress" in en(goal.feedback)
    assert en(goal.actual) == "isolated by default/deny-web"


def test_feedback_is_translated(korean):
    ex = exercise([{"kind": "allowed", "from": "client", "to": "web-1", "port": 9376}], solution=ALLOW_CLIENT)
    _, goal = one(ex, DENY_WEB)
    shown = G.display(goal.feedback)
    assert "default/deny-web" in shown and "연결" in shown
    assert "네트워크폴리시" in G.display(goal.label)


# --------------------------------------------------------------------------- reach through policies
def test_reach_can_expect_a_policy_drop_or_a_dns_failure():
    dropped = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "10.244.1.2:9376", "expect": "fail",
                         "failure": "denied_by_policy"}], solution=DENY_WEB)
    assert one(dropped, DENY_WEB)[1].passed
    _, goal = one(dropped, "kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n")
    assert not goal.passed and "still gets through" in en(goal.feedback)
    no_dns = netpol("podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]", "client-out")
    dns = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "my-service:80", "expect": "fail",
                     "failure": "dns_denied_by_policy"}], solution=no_dns)
    assert one(dns, no_dns)[1].passed
    arrive = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "10.244.1.2:9376",
                        "expect": {"pod": "web-1"}}], solution=ALLOW_CLIENT)
    _, goal = one(arrive, DENY_WEB)
    assert not goal.passed and "NetworkPolicy drops the connection to Pod web-1" in en(goal.feedback)


OFFICE_ONLY = netpol("""
podSelector: {matchLabels: {app: MyApp}}
policyTypes: [Ingress]
ingress:
- from: [{ipBlock: {cidr: 198.51.100.0/24}}]
""", "office-only")
NODE_PORT = """apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  externalTrafficPolicy: {etp}
  selector: {app: MyApp, tier: web}
  ports: [{port: 80, targetPort: http, nodePort: 30080}]
---
"""


def test_reach_from_another_outside_address_and_the_own_node_path():
    """Under externalTrafficPolicy: Cluster a connection that the receiving node hands to
    its own Pod comes from the Pod's own node: it gets in from any client, and a goal that
    expects it to be dropped says why. Under Local the client's address decides."""
    other = {"outside": "203.0.113.50"}
    goals = [{"kind": "reach", "from": other, "to": "192.168.49.2:30080", "expect": "fail",
              "failure": "denied_by_policy"}]
    cluster_text = NODE_PORT.replace("{etp}", "Cluster") + OFFICE_ONLY
    local_text = NODE_PORT.replace("{etp}", "Local") + OFFICE_ONLY
    ex = exercise(goals, solution=local_text)
    _, goal = one(ex, local_text)
    assert goal.passed
    _, goal = one(ex, cluster_text)
    assert not goal.passed
    assert "a node's own address" not in en(goal.feedback)
    assert "always allows traffic from a Pod's own node" in en(goal.feedback)
    assert en(goal.label).startswith("From a client outside the cluster at 203.0.113.50, a request to")
    # the lab's usual client gets in on the same path, and is dropped when passed on
    office = exercise([{"kind": "reach", "from": "outside", "to": "192.168.49.2:30080", "pick": 1,
                        "expect": {"labels": {"app": "MyApp"}}}], solution=local_text)
    _, goal = one(office, cluster_text)
    assert not goal.passed and "NetworkPolicy drops the connection to Pod" in en(goal.feedback)
    assert one(office, local_text)[1].passed
