"""Every goal kind passes and fails by meaning, with feedback in learner terms."""

from __future__ import annotations

import importlib

from lesson_helpers import exercise, service
from tutor import i18n
from tutor.i18n import Text
from tutor.lessons import goals as G


def one(ex, text):
    """The result of the exercise's (only) explicit goal."""
    result = G.check(ex, text)
    explicit = [g for g in result.goals if not g.implicit]
    assert len(explicit) == 1
    return result, explicit[0]


def en(value) -> str:
    return G.english(value)


# --------------------------------------------------------------------------- valid
def test_valid_passes_and_fails_with_the_api_servers_message():
    ex = exercise([{"kind": "valid"}])
    result, goal = one(ex, service())
    assert result.passed and goal.passed and goal.feedback is None
    result, goal = one(ex, service(ports="- port: 80\n    targetPort: 9376\n    nodePort: 30080"))
    assert not goal.passed
    text = en(goal.feedback)
    assert "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" in text
    assert " — " in text and "line " in text  # the message, then what it means
    _, goal = one(ex, "kind: Service\n  bad: [")
    assert not goal.passed and en(goal.feedback)
    _, goal = one(ex, "")
    assert not goal.passed and "empty" in en(goal.feedback)


def test_every_exercise_implicitly_needs_valid_manifests():
    ex = exercise([{"kind": "service", "name": "my-service"}])
    result = G.check(ex, service())
    assert result.passed and result.goals[0].implicit and result.goals[0].passed
    result = G.check(ex, service(extra="  type: Nodeport\n"))
    assert not result.passed
    assert result.goals[0].implicit and not result.goals[0].passed
    assert 'Unsupported value: "Nodeport"' in en(result.goals[0].feedback)


# --------------------------------------------------------------------------- service
def test_service_goal_type_headless_external_name():
    ex = exercise([{"kind": "service", "name": "my-service", "type": "NodePort"}])
    _, goal = one(ex, service(extra="  type: NodePort\n"))
    assert goal.passed and en(goal.actual) == "type NodePort"
    _, goal = one(ex, service())
    assert not goal.passed
    assert en(goal.expected) == "type NodePort" and en(goal.actual) == "type ClusterIP"
    assert "ClusterIP" in en(goal.feedback) and "NodePort" in en(goal.feedback)

    ex = exercise([{"kind": "service", "name": "my-service", "headless": True}])
    assert one(ex, service(extra="  clusterIP: None\n"))[1].passed
    _, goal = one(ex, service())
    # the symptom, not the fix: the first failure does not say "set clusterIP: None"
    assert not goal.passed and "not headless" in en(goal.feedback) and "clusterIP: None" not in en(goal.feedback)

    ex = exercise([{"kind": "service", "name": "db", "type": "ExternalName", "external_name": "db.example.com"}])
    text = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: %s\n"
    assert one(ex, text % "db.example.com")[1].passed
    _, goal = one(ex, text % "db.example.org")
    assert not goal.passed and "db.example.org" in en(goal.feedback)


def test_service_goal_names_a_missing_or_misnamed_service():
    ex = exercise([{"kind": "service", "name": "web"}])
    _, goal = one(ex, service(name="my-service"))
    assert not goal.passed
    assert "no Service named web" in en(goal.feedback) and "my-service" in en(goal.feedback)
    _, goal = one(ex, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a}]}\n")
    assert "no Service named web" in en(goal.feedback)


# --------------------------------------------------------------------------- selects
def test_selects_passes_on_exactly_the_pods():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    _, goal = one(ex, service())
    assert goal.passed and en(goal.expected) == "web-1, web-2, web-3" == en(goal.actual)
    # the same meaning written differently passes too
    _, goal = one(ex, service(selector="{tier: web, app: MyApp}") .replace("selector:\n    {", "selector: {"))
    assert goal.passed


def test_selects_explains_a_case_mismatch():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    _, goal = one(ex, service(selector="app: myapp"))
    assert not goal.passed
    assert en(goal.expected) == "web-1, web-2, web-3"
    assert en(goal.actual) == "none — app: MyApp ≠ myapp (label values are case-sensitive)"
    assert "case-sensitive" in en(goal.feedback)


def test_selects_names_extra_pods_and_empty_selectors():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    text = service(selector="app: MyApp").replace("app: MyApp", "tier: web")
    assert one(ex, text)[1].passed
    ex2 = exercise([{"kind": "selects", "service": "my-service", "pods": ["db-1"]}])
    _, goal = one(ex2, service())
    assert not goal.passed
    assert "web-1" in en(goal.feedback) and "should not be" in en(goal.feedback)
    _, goal = one(ex, service().replace("  selector:\n    app: MyApp\n", "  selector: {}\n"))
    assert not goal.passed and "empty" in en(goal.feedback)
    _, goal = one(ex, service().replace("  selector:\n    app: MyApp\n", ""))
    assert not goal.passed and "no selector" in en(goal.feedback)


def test_selects_on_an_invalid_service_reports_the_error():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1"]}])
    _, goal = one(ex, service(ports="- port: \"80\"\n    targetPort: 9376"))
    assert not goal.passed and "cannot unmarshal string" in en(goal.feedback)


# --------------------------------------------------------------------------- ready
def test_ready_counts_only_ready_endpoints():
    ex = exercise([{"kind": "ready", "service": "my-service", "pods": ["web-1", "web-2"]}])
    _, goal = one(ex, service())
    assert goal.passed, en(goal.feedback)
    ex = exercise([{"kind": "ready", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    _, goal = one(ex, service())
    assert not goal.passed
    assert "web-3" in en(goal.feedback) and "Ready" in en(goal.feedback)
    assert en(goal.actual).startswith("web-1, web-2 — ")


# --------------------------------------------------------------------------- maps
def test_maps_number_and_defaulted_target_port():
    ex = exercise([{"kind": "maps", "service": "my-service", "port": 80, "to": 9376}])
    _, goal = one(ex, service())
    assert goal.passed and en(goal.actual) == "80 → 9376"
    _, goal = one(ex, service(ports="- port: 80"))
    assert not goal.passed
    assert en(goal.expected) == "80 → 9376"
    assert en(goal.actual) == "80 → 80 (targetPort defaults to port)"
    assert "it should lead to 9376" in en(goal.feedback) and "nothing listens" in en(goal.feedback)
    _, goal = one(ex, service(ports="- port: 9376\n    targetPort: 80"))
    assert not goal.passed and "no port 80" in en(goal.feedback)


def test_maps_named_port_and_per_pod_targets():
    ex = exercise([{"kind": "maps", "service": "my-service", "port": 80,
                    "to": {"web-1": 9376, "web-2": 9376}}])
    assert one(ex, service(ports="- port: 80\n    targetPort: http"))[1].passed
    _, goal = one(ex, service(ports="- port: 80\n    targetPort: web"))
    assert not goal.passed
    assert "does not resolve" in en(goal.feedback) and "named web" in en(goal.feedback)


def test_maps_with_no_selected_pods_leads_nowhere():
    ex = exercise([{"kind": "maps", "service": "my-service", "port": 80, "to": 9376}])
    _, goal = one(ex, service(selector="app: nothing"))
    assert not goal.passed and "leads nowhere" in en(goal.feedback)


# --------------------------------------------------------------------------- node_port
def test_node_port():
    ex = exercise([{"kind": "node_port", "service": "my-service", "port": 80, "node_port": 30080}])
    text = service(extra="  type: NodePort\n", ports="- port: 80\n    targetPort: 9376\n    nodePort: 30080")
    assert one(ex, text)[1].passed
    _, goal = one(ex, service())
    assert not goal.passed and "opens no port on the nodes" in en(goal.feedback)
    _, goal = one(ex, service(extra="  type: NodePort\n"))
    assert not goal.passed and "30080" in en(goal.feedback)


# --------------------------------------------------------------------------- pod_ports_unique
def test_pod_ports_unique():
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: shop}\nspec:\n  containers:\n"
           "  - {name: app, image: app:1, ports: [{containerPort: 8080}]}\n"
           "  - {name: metrics, image: metrics:1, ports: [{containerPort: %d}]}\n")
    ex = exercise([{"kind": "pod_ports_unique", "pod": "shop"}], pods="")
    assert one(ex, pod % 9100)[1].passed
    _, goal = one(ex, pod % 8080)
    assert not goal.passed
    assert "8080" in en(goal.feedback) and "app, metrics" in en(goal.feedback)
    _, goal = one(ex, pod.replace("name: shop", "name: other") % 9100)
    assert not goal.passed and "no Pod named shop" in en(goal.feedback)


SHOP = ("apiVersion: v1\nkind: Pod\nmetadata: {name: shop}\nspec:\n  containers:\n"
        "  - {name: app, image: app:1, ports: [{containerPort: 8080}]}\n"
        "  - name: metrics\n    image: metrics:1\n    env: [{name: LISTEN_PORT, value: \"%s\"}]\n    ports: [{containerPort: %d}]\n")


def lesson_rules(ex):
    ex.cluster["listening"] = [{"pod": "shop", "container": "metrics", "port": "$env:LISTEN_PORT"},
                               {"pod": "shop", "container": "app", "port": 8080}]
    return ex


def test_pod_ports_unique_follows_the_listening_rule_and_the_declarations():
    ex = lesson_rules(exercise([{"kind": "pod_ports_unique", "pod": "shop"}], pods=""))
    assert one(ex, SHOP % ("9100", 9100))[1].passed
    _, goal = one(ex, SHOP % ("8080", 9100))  # only the declaration moved: both programs still want 8080
    assert not goal.passed
    text = en(goal.feedback)
    assert "containers app, metrics listen on the same port, 8080/TCP" in text and "address already in use" in text
    assert "the port in LISTEN_PORT" in text
    _, goal = one(ex, SHOP % ("9100", 8080))  # only LISTEN_PORT moved: the declaration is wrong
    assert not goal.passed and "declared by app, metrics" in en(goal.feedback)
    assert "Declaring a port opens nothing" in en(goal.feedback)


def test_listens_checks_the_listener_and_the_declaration():
    ex = lesson_rules(exercise([{"kind": "listens", "pod": "shop", "container": "metrics", "port": 9100}], pods=""))
    _, goal = one(ex, SHOP % ("9100", 9100))
    assert goal.passed and en(goal.actual) == "listens on 9100/TCP; declares 9100/TCP"
    _, goal = one(ex, SHOP % ("8080", 9100))
    assert not goal.passed and "does not listen on port 9100" in en(goal.feedback)
    assert "the port in LISTEN_PORT" in en(goal.feedback)
    _, goal = one(ex, SHOP % ("9100", 8080))
    assert not goal.passed and "does not declare it (it declares 8080/TCP)" in en(goal.feedback)
    loose = lesson_rules(exercise([{"kind": "listens", "pod": "shop", "container": "metrics", "port": 9100,
                                    "declared": False}], pods=""))
    assert one(loose, SHOP % ("9100", 8080))[1].passed
    _, goal = one(ex, SHOP.replace("name: metrics", "name: stats") % ("9100", 9100))
    assert not goal.passed and "no container metrics (it has: app, stats)" in en(goal.feedback)
    # without a lesson rule a container is assumed to listen on what it declares
    plain = exercise([{"kind": "listens", "pod": "shop", "container": "metrics", "port": 9100}], pods="")
    assert one(plain, SHOP % ("8080", 9100))[1].passed


# --------------------------------------------------------------------------- reach: service, source IP, path
NODEPORT = service(extra="  type: NodePort\n", ports="- port: 80\n    targetPort: 9376\n    nodePort: 30080")


def test_reach_through_a_named_service():
    ex = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "my-service:80",
                    "expect": {"labels": {"app": "MyApp"}, "service": "my-service"}}])
    assert one(ex, service())[1].passed
    other = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "other:80",
                       "expect": {"labels": {"app": "MyApp"}, "service": "default/my-service"}}])
    _, goal = one(other, service(name="other"))
    assert not goal.passed and "goes through Service default/other, not through default/my-service" in en(goal.feedback)
    direct = exercise([{"kind": "reach", "from": {"pod": "client"}, "to": "10.244.1.2:9376",
                        "expect": {"service": "my-service"}}])
    _, goal = one(direct, service())
    assert not goal.passed and "does not go through a Service" in en(goal.feedback)


def test_reach_source_ip_client_or_node():
    keep = exercise([{"kind": "reach", "from": "outside", "to": "192.168.49.2:30080",
                      "expect": {"pod": "web-1", "source_ip": "client"}}])
    _, goal = one(keep, NODEPORT)
    assert not goal.passed
    assert "The Pod sees the source address 192.168.49.2, a node's address after source NAT, not the client's own " \
           "198.51.100.7." in en(goal.feedback)
    assert one(keep, NODEPORT.replace("  type: NodePort\n", "  type: NodePort\n  externalTrafficPolicy: Local\n"))[1].passed
    snat = exercise([{"kind": "reach", "from": "outside", "to": "192.168.49.2:30080",
                      "expect": {"pod": "web-1", "source_ip": "node"}}])
    assert one(snat, NODEPORT)[1].passed
    assert "source NAT" in en(snat.goals[0].label())


def test_a_request_that_should_fail_is_described_by_its_path_not_the_fix():
    ex = exercise([{"kind": "reach", "from": "outside", "to": "192.168.49.3:30080", "expect": "fail"}])
    internal = NODEPORT.replace("  type: NodePort\n", "  type: NodePort\n  internalTrafficPolicy: Local\n")
    _, goal = one(ex, internal)
    text = en(goal.feedback)
    assert not goal.passed and text.startswith("The request to 192.168.49.3:30080 still gets through: ")
    assert "node node-b accepts it on node port 30080" in text and "node node-b passes it on to node node-a" in text
    assert "It should fail." in text
    # the symptom (what the learner sees first) says it gets through, not why nor how to fix it
    symptom = en(goal.feedback_at(G.SYMPTOM))
    assert symptom.startswith("The request to 192.168.49.3:30080 still gets through: it arrives at Pod ")
    assert "TrafficPolicy" not in symptom
    # the cause is specific: internalTrafficPolicy does not apply to traffic from outside
    assert "internalTrafficPolicy: Local only applies to traffic from inside the cluster" in text


# --------------------------------------------------------------------------- answer
ANSWER = {"kind": "answer", "id": "receivers", "question": "Which Pods receive traffic?",
          "choices": ["web-1", "web-2", "web-3"], "multiple": True, "truth": {"ready": "my-service"}}


def test_an_answer_goal_is_not_solved_by_the_text_alone():
    ex = exercise([ANSWER])
    result, goal = one(ex, service())
    assert not result.passed and "Not answered yet" in en(goal.feedback)
    assert goal.label == "Which Pods receive traffic?" and goal.label_text() == "Which Pods receive traffic?"
    assert G.solution_answers(ex) == {"receivers": ["web-1", "web-2"]}
    assert [g.id for g in G.answer_goals(ex)] == ["receivers"]


def test_an_answer_is_checked_against_the_learners_cluster():
    ex = exercise([ANSWER])
    result = G.check(ex, service(), answers={"receivers": ["web-2", "WEB-1 "]})
    assert result.passed and en(result.goals[-1].expected) == "web-1, web-2"
    goal = G.check(ex, service(), answers={"receivers": ["web-1", "web-2", "web-3"]}).goals[-1]
    assert not goal.passed and "Wrong in your answer: web-3" in en(goal.feedback) and goal.expected is None
    goal = G.check(ex, service(), answers={"receivers": ["web-1"]}).goals[-1]
    assert not goal.passed and "leaves out at least one right choice" in en(goal.feedback)
    assert "web-2" not in en(goal.feedback)  # never gives the answer away
    goal = G.check(ex, service(), answers={"receivers": ["db-1"]}).goals[-1]
    assert not goal.passed and "db-1 is not one of the choices" in en(goal.feedback)
    # the truth follows the text: with a selector matching nothing, nothing receives traffic
    goal = G.check(ex, service(selector="app: nothing"), answers={"receivers": ["web-1", "web-2"]}).goals[-1]
    assert not goal.passed
    goal = G.check(ex, service(name="other"), answers={"receivers": ["web-1"]}).goals[-1]
    assert not goal.passed and "cannot be checked yet" in en(goal.feedback)


def test_a_typed_answer_with_accepted_spellings():
    ex = exercise([{"kind": "answer", "id": "name", "question": "Which name reaches the Service from shop?",
                    "correct": ["my-service.default", "my-service.default.svc.cluster.local"]}])
    assert G.check(ex, service(), answers={"name": " My-Service.Default "}).passed
    assert G.check(ex, service(), answers={"name": "my-service.default.svc.cluster.local"}).passed
    goal = G.check(ex, service(), answers={"name": "my-service"}).goals[-1]
    assert not goal.passed and "my-service is not the answer" in en(goal.feedback)
    goal = G.check(ex, service(), answers={"name": ["a", "b"]}).goals[-1]
    assert not goal.passed and "one answer" in en(goal.feedback)
    assert G.solution_answers(ex) == {"name": "my-service.default"}


def test_a_single_choice_answer():
    ex = exercise([{"kind": "answer", "id": "port", "question": "Which port do clients call?",
                    "choices": ["80", "9376"], "correct": "80"}])
    assert G.check(ex, service(), answers={"port": "80"}).passed
    assert not G.check(ex, service(), answers={"port": "9376"}).passed


# --------------------------------------------------------------------------- robustness
def test_a_malformed_goal_fails_with_a_clear_message():
    ex = exercise([{"kind": "selects", "service": "my-service"}])
    _, goal = one(ex, service())
    assert not goal.passed and "written wrongly" in en(goal.feedback) and "pods" in en(goal.feedback)
    ex = exercise([{"kind": "teleport"}])
    _, goal = one(ex, service())
    assert not goal.passed and "teleport" in en(goal.feedback)


def test_an_engine_surprise_becomes_a_failed_goal(monkeypatch):
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1"]}])

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(importlib.import_module("tutor.k8s.evaluate"), "evaluate", boom)
    result = G.check(ex, service())
    assert not result.passed
    assert all("kaboom" in en(g.feedback) for g in result.goals)


def test_goal_messages_are_lesson_text_and_labels_are_translated_later(korean, monkeypatch):
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"],
                    "message": "The Service selects the web Pods"}])
    monkeypatch.setitem(i18n.catalog("ko").singular, "The Service selects the web Pods", "서비스가 web 파드를 선택한다")
    result, goal = one(ex, service(selector="app: myapp"))
    assert goal.label == "The Service selects the web Pods"
    assert goal.label_text() == "서비스가 web 파드를 선택한다"
    assert isinstance(goal.feedback, Text) and isinstance(goal.actual, Text)
    monkeypatch.setitem(i18n.catalog("ko").singular, "none", "없음")
    assert str(goal.actual).startswith("없음")
    i18n.set_language("en")
    assert str(goal.actual).startswith("none")  # the same result object, re-rendered


def test_results_reuse_the_evaluation_and_the_base_cluster_is_cached():
    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    assert G.base_cluster(ex) is G.base_cluster(ex)
    evaluation = G.evaluate_for(ex, service())
    result = G.check(ex, service(), evaluation)
    assert result.evaluation is evaluation and result.passed


def test_goal_problems_catch_ill_typed_parameters():
    assert G.goal_problems({"kind": "valid"}) == []
    assert G.goal_problems({"kind": "maps", "service": "s", "port": 80, "to": 9376}) == []
    problems = [en(p) for p in G.goal_problems({"kind": "maps", "service": "s", "port": "80", "to": "x"})]
    assert any("'port'" in p for p in problems) and any("'to'" in p for p in problems)
    assert G.goal_problems({"kind": "reach", "from": "outside", "to": "x:1", "expect": "fail",
                            "failure": "nxdomain"}) == []
    assert G.goal_problems({"kind": "reach", "from": {"pod": "a"}, "to": "x:1", "expect": {"pod": "a"},
                            "failure": "nxdomain"})
    assert G.goal_problems({"kind": "reach", "from": "outside", "to": "$env:X", "expect": "fail"})
    assert G.goal_problems({"kind": "dns", "from": {"pod": "a"}, "name": "db", "expect": {"pod_ips": True}}) == []
    assert G.goal_problems({"kind": "dns", "from": {"pod": "a"}, "name": "db", "expect": "yes"})
    assert G.goal_problems({"kind": "service", "name": "s", "type": "Nodeport"})
    assert G.goal_problems("not a mapping")


# --------------------------------------------------------------------------- reach
CLIENT = {"pod": "client", "container": "app"}


def test_reach_through_a_service_to_ready_pods():
    ex = exercise([{"kind": "reach", "from": CLIENT, "to": "my-service:80",
                    "expect": {"pods": ["web-1", "web-2"], "labels": {"app": "MyApp"}, "port": 9376}}])
    _, goal = one(ex, service())
    assert goal.passed, en(goal.feedback)
    assert en(goal.actual).startswith("my-service:80 → arrives at Pod web-")
    _, goal = one(ex, service(ports="- port: 80"))
    assert not goal.passed
    assert "does not arrive" in en(goal.feedback) and "nothing listens on port 80" in en(goal.feedback)


def test_reach_reads_the_env_var_of_the_source_container():
    ex = exercise([{"kind": "reach", "from": CLIENT, "to": "$env:BACKEND_URL", "expect": {"labels": {"app": "MyApp"}}}])
    _, goal = one(ex, service())
    assert goal.passed, en(goal.feedback)
    assert en(goal.actual).startswith("$BACKEND_URL = http://my-service:80/api → arrives at Pod")
    _, goal = one(ex, service(name="backend"))
    assert not goal.passed
    assert "NXDOMAIN" in en(goal.feedback) and "my-service" in en(goal.feedback)
    ex = exercise([{"kind": "reach", "from": CLIENT, "to": "$env:NOPE", "expect": {"pod": "web-1"}}])
    _, goal = one(ex, service())
    assert not goal.passed and "NOPE" in en(goal.feedback)


def test_reach_expecting_a_failure():
    ex = exercise([{"kind": "reach", "from": CLIENT, "to": "nothing-here:80", "expect": "fail",
                    "failure": "nxdomain"}])
    assert one(ex, service())[1].passed
    ex = exercise([{"kind": "reach", "from": "outside", "to": "192.168.49.2:30080", "expect": "fail"}])
    assert one(ex, service())[1].passed
    text = service(extra="  type: NodePort\n", ports="- port: 80\n    targetPort: 9376\n    nodePort: 30080")
    _, goal = one(ex, text)
    assert not goal.passed and "still gets through" in en(goal.feedback)
    ex = exercise([{"kind": "reach", "from": CLIENT, "to": "my-service:80", "expect": {"fail": True,
                                                                                      "failure": "no_endpoints"}}])
    _, goal = one(ex, service(selector="app: nobody"))
    assert goal.passed, en(goal.feedback)
    _, goal = one(ex, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a}]}\n")
    assert not goal.passed and "another reason" in en(goal.feedback)


DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: catalog}
spec:
  replicas: 2
  selector: {matchLabels: {app: catalog}}
  template:
    metadata: {labels: {app: catalog}}
    spec:
      containers:
      - name: app
        ports: [{containerPort: 8080}]
"""


def test_reach_after_recreating_a_deployment():
    from tutor.k8s.cluster import Cluster

    cluster = Cluster.from_spec({"pods": DEPLOY})
    ip = cluster.pods[0].ip
    client = ("apiVersion: v1\nkind: Pod\nmetadata: {name: checkout}\nspec:\n  containers:\n  - name: app\n"
              "    image: app:1\n    env: [{name: CATALOG_URL, value: '%s'}]\n")
    catalog_svc = ("apiVersion: v1\nkind: Service\nmetadata: {name: catalog}\nspec:\n  selector: {app: catalog}\n"
                   "  ports: [{port: 80, targetPort: 8080}]\n---\n")
    ex = exercise([{"kind": "reach", "from": {"pod": "checkout"}, "to": "$env:CATALOG_URL",
                    "after": "recreate Deployment/catalog", "expect": {"labels": {"app": "catalog"}}}], pods=DEPLOY)
    _, goal = one(ex, client % f"http://{ip}:8080")
    assert not goal.passed and ip in en(goal.feedback)
    _, goal = one(ex, catalog_svc + client % "http://catalog:80")
    assert goal.passed, en(goal.feedback)


# --------------------------------------------------------------------------- dns
def test_dns_answers_by_shape():
    headless = service(extra="  clusterIP: None\n")
    external = "apiVersion: v1\nkind: Service\nmetadata: {name: my-service}\nspec:\n  type: ExternalName\n" \
               "  externalName: db.example.com\n"
    cases = [({"cluster_ip": True}, service()), ({"pod_ips": True}, headless),
             ({"cname": "db.example.com"}, external)]
    for expect, good in cases:
        ex = exercise([{"kind": "dns", "from": CLIENT, "name": "my-service", "expect": expect}])
        _, goal = one(ex, good)
        assert goal.passed, (expect, en(goal.feedback))
        for other in {service(), headless, external} - {good}:
            _, goal = one(ex, other)
            assert not goal.passed and "DNS answers" in en(goal.feedback)
    ex = exercise([{"kind": "dns", "from": CLIENT, "name": "nothing", "expect": "nxdomain"}])
    assert one(ex, service())[1].passed
    ex = exercise([{"kind": "dns", "from": CLIENT, "name": "my-service", "expect": "nxdomain"}])
    _, goal = one(ex, service())
    assert not goal.passed and en(goal.actual).startswith("the cluster IP")


def test_a_broken_lesson_cluster_fails_every_goal_clearly():
    ex = exercise([{"kind": "valid"}], pods="apiVersion: v1\nkind: Pod\nmetadata: {}\n")
    result = G.check(ex, service())
    assert not result.passed
    assert all("cluster is written wrongly" in en(g.feedback) for g in result.goals)


def test_service_goal_external_name_ignores_trailing_dot():
    """`db.example.com.` is the same DNS name as `db.example.com` (fully qualified)."""
    from tutor.lessons.goals import check
    from tutor.lessons.model import Exercise

    exercise = Exercise(id="x", title="t", task="t", start="", solution="",
                        goal_data=[{"kind": "service", "name": "db", "type": "ExternalName",
                                    "external_name": "db.example.com"}])
    text = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n"
            "  type: ExternalName\n  externalName: {}\n")
    assert check(exercise, text.format("db.example.com.")).passed
    assert not check(exercise, text.format("db.example.org")).passed
