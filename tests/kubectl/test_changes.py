"""Commands that change the simulated cluster: ``label`` and ``annotate``
(``pkg/cmd/label/label.go``, ``pkg/cmd/annotate/annotate.go``) and ``expose``
(``pkg/cmd/expose/expose.go: createService``), and how those changes are kept: an
ordered, serialisable list of commands, replayed on top of base + applied texts, never
written into the base cluster."""

from __future__ import annotations

from kubectl_helpers import fixture_text, run
from tutor.k8s.cluster import Cluster
from tutor.kubectl.console import Console


def test_label_changes_selection(shop):
    """label.go: "pod/NAME labeled"; the Service re-selects at once."""
    assert run(shop, "label pod web-2 app=other --overwrite") == ("pod/web-2 labeled\n", "", 0)
    out, _err, _code = run(shop, "get endpointslices -l kubernetes.io/service-name=web")
    assert out.splitlines()[1].split()[3] == "10.244.1.5"
    assert shop.commands == ["label pod web-2 app=other --overwrite"]


def test_label_overwrite_rules(shop):
    """label.go: validateNoOverwrites (only a different value is an error), updateDataChangeMsg."""
    assert run(shop, "label pod web-1 app=db") == (
        "", "error: 'app' already has a value (web), and --overwrite is false\n", 1)
    assert run(shop, "label pod web-1 app=web") == ("pod/web-1 not labeled\n", "", 0)
    assert run(shop, "label pod web-1 tier=front") == ("pod/web-1 labeled\n", "", 0)
    assert run(shop, "label pod web-1 tier-") == ("pod/web-1 unlabeled\n", "", 0)
    assert run(shop, "label pod web-1 nothere-") == ('label "nothere" not found.\npod/web-1 not labeled\n', "", 0)
    assert shop.commands == ["label pod web-1 tier=front", "label pod web-1 tier-"]


def test_label_errors(shop):
    """label.go: parseLabels and the resource arguments."""
    assert run(shop, "label pod web-1") == ("", "error: at least one label update is required\n", 1)
    assert run(shop, "label pod web-1 a=b=c") == ("", "error: invalid label spec: a=b=c\n", 1)
    assert run(shop, "label pod web-1 a=x a-") == (
        "", "error: can not both modify and remove a label in the same command\n", 1)
    assert run(shop, "label pod web-1 a=b web-2") == (
        "", "error: all resources must be specified before label changes: web-2\n", 1)
    _out, err, code = run(shop, "label pod web-1 'a=not ok'")
    assert code == 1
    assert err.startswith('error: invalid label value: "a=not ok": a valid label must be an empty string or consist of '
                          "alphanumeric characters")
    assert run(shop, "label pod nope a=b") == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)
    assert shop.commands == []


def test_label_by_selector_and_dry_run(shop):
    assert run(shop, "label pods -l app=web tier=front") == ("pod/web-1 labeled\npod/web-2 labeled\n", "", 0)
    assert run(shop, "label pod client tier=x --dry-run=client") == ("pod/client labeled (dry run)\n", "", 0)
    assert "tier" not in shop.world.cluster.pod("client").labels


def test_annotate(shop):
    """annotate.go: always "annotated"; the overwrite message lists the clashes."""
    assert run(shop, "annotate svc web team=shop") == ("service/web annotated\n", "", 0)
    assert run(shop, "annotate svc web team=other") == (
        "", "error: --overwrite is false but found the following declared annotation(s): 'team' already has a "
            "value (shop)\n", 1)
    assert run(shop, "annotate svc web team=other --overwrite") == ("service/web annotated\n", "", 0)
    out, _err, _code = run(shop, "describe svc web")
    assert "Annotations:              team: other\n" in out
    assert run(shop, "annotate pod web-1 note") == ("", "error: at least one annotation update is required\n", 1)


def test_expose_deployment(shop):
    """expose.go: createService (selector from the object, targetPort = port unless given,
    the object's labels copied); "service/NAME exposed"."""
    console = Console(None, applied=[fixture_text("edge.yaml")])
    result = console.run("expose deployment web --port=80 --target-port=http --name=front")
    assert (result.stdout, result.exit_code, result.changed) == ("service/front exposed\n", 0, True)
    assert result.manifest == ("apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: front\n"
                               "spec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: http\n  selector:\n"
                               "    app: web\nstatus:\n  loadBalancer: {}\n")
    out, _err, _code = run(console, "get svc front")
    assert out.splitlines()[1].split()[:5] == ["front", "ClusterIP", out.splitlines()[1].split()[2], "<none>",
                                               "80/TCP"]
    assert out.splitlines()[1].split()[5] == "0s"
    assert run(console, "get ep front")[0].splitlines()[1].split()[1] == "10.244.1.2:8080,10.244.2.2:8080"
    assert run(console, "expose deployment web --port=80 --name=front") == (
        "", 'Error from server (AlreadyExists): services "front" already exists\n', 1)


def test_expose_dry_run_prints_the_service(shop):
    """expose.go: --dry-run=client -o yaml prints the object kubectl would send (1.34 drops
    the zero creationTimestamp)."""
    out, err, code = run(shop, "expose pod web-1 --port=80 --dry-run=client -o yaml")
    assert (err, code) == ("", 0)
    assert out == ("apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web-1\nspec:\n"
                   "  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\n"
                   "status:\n  loadBalancer: {}\n")
    assert shop.commands == []
    assert run(shop, "expose pod web-1 --port=80 --dry-run=client") == ("service/web-1 exposed (dry run)\n", "", 0)


def test_expose_defaults_and_errors(shop):
    """Without --port the container ports are used; a Pod without ports cannot be guessed."""
    assert run(shop, "expose pod web-1 --name=w1 -o jsonpath='{.spec.ports}'")[2] == 1
    out, _err, _code = run(shop, "expose pod web-1 --name=w1 --dry-run=client -o yaml")
    assert "  - port: 8080\n    protocol: TCP\n    targetPort: 8080\n" in out
    assert run(shop, "expose pod client --name=c") == (
        "", "error: couldn't find port via --port flag or introspection\n", 1)
    assert run(shop, "expose node node-a --port=80") == ("", "error: cannot expose a Node\n", 1)
    assert run(shop, "expose deploy nope --port=80") == (
        "", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)


def test_expose_to_editor_leaves_the_cluster_alone():
    console = Console(None, applied=[fixture_text("shop.yaml")], expose_to_editor=True)
    result = console.run("expose pod web-1 --port=80 --target-port=http --name=web1")
    assert result.stdout == "service/web1 exposed\n"
    assert result.changed is False and result.manifest is not None and "targetPort: http" in result.manifest
    assert console.cluster.service("web1") is None


def test_commands_are_replayed_after_the_editor_changes(shop):
    """set_editor re-applies the text and replays the recorded commands in order."""
    run(shop, "label pod web-2 app=other --overwrite")
    text = fixture_text("shop.yaml").replace("clusterIP: 10.96.0.20", "clusterIP: 10.96.0.21")
    shop.set_applied([text])
    assert shop.cluster.pod("web-2").labels == {"app": "other"}
    assert shop.cluster.service("web").cluster_ip == "10.96.0.21"
    assert shop.commands == ["label pod web-2 app=other --overwrite"]


def test_a_command_that_no_longer_applies_is_dropped(shop):
    run(shop, "label pod web-2 app=other --overwrite")
    shop.set_applied([fixture_text("shop.yaml").replace("name: web-2", "name: web-3")])
    assert shop.commands == []


def test_reset_and_restore(shop):
    run(shop, "label pod web-2 app=other --overwrite")
    run(shop, "annotate pod web-1 note=x")
    state = shop.state()
    assert state == {"commands": ["label pod web-2 app=other --overwrite", "annotate pod web-1 note=x"],
                     "namespace": "default"}
    shop.reset()
    assert shop.commands == [] and shop.cluster.pod("web-2").labels == {"app": "web"}
    again = Console(None, applied=[fixture_text("shop.yaml")])
    again.restore(state)
    assert again.cluster.pod("web-2").labels == {"app": "other"}
    assert again.commands == state["commands"]


def test_the_base_cluster_is_never_changed():
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.model import Container, ContainerPort, Pod

    base = Cluster.default()
    base.add_pod(Pod("web-1", labels={"app": "web"}, containers=[Container("web", [ContainerPort(8080)])]))
    console = Console(base, editor="")
    assert run(console, "label pod web-1 app=x --overwrite")[2] == 0
    assert run(console, "expose pod web-1 --port=80")[2] == 0
    assert base.pod("web-1").labels == {"app": "web"}
    assert base.service("web-1") is None
    assert console.cluster.service("web-1") is not None


def test_base_text_gives_images_and_workloads():
    """The lab passes the exercise's cluster text: images, probes and workloads come from it."""
    text = fixture_text("edge.yaml")
    base = Cluster.from_spec({"pods": "\n---\n".join(d for d in text.split("\n---\n") if "kind: Service" not in d)})
    console = Console(base, base_text=text, editor="")
    out, _err, _code = run(console, "get deploy")
    assert out.splitlines()[1].split()[:2] == ["web", "2/2"]
    assert "    Image:          registry.example/slow:1.0\n" in run(console, "describe pod slow")[0]
    assert run(console, "get pods -o wide")[0].count("Running") == 3


def test_history(shop):
    shop.run("get pods")
    shop.run("get pods")
    shop.run("get svc")
    assert shop.history == ["get pods", "get svc"]
    assert run(shop, "history")[0] == "    1  get pods\n    2  get svc\n    3  history\n"
