"""kubectl's errors for what it does not know: cobra's unknown command (with
``SuggestionsFor``), pflag's flag errors plus kubectl's ``See '... --help' for usage.``
(``pkg/util/templates/templater.go: FlagErrorFunc``), printed by ``cmdutil.CheckErr``
with the ``error: `` prefix, exit 1."""

from __future__ import annotations

from kubectl_helpers import run


def test_unknown_command_with_suggestions(shop):
    assert run(shop, "kubectl gett pods") == (
        "", 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n', 1)
    assert run(shop, "kubectl desribe pods")[1] == (
        'error: unknown command "desribe" for "kubectl"\n\nDid you mean this?\n\tdescribe\n')


def test_unknown_command_without_suggestions(shop):
    assert run(shop, "kubectl frobnicate") == ("", 'error: unknown command "frobnicate" for "kubectl"\n', 1)


def test_flag_errors(shop):
    assert run(shop, "kubectl get pods --foo") == (
        "", "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", 1)
    assert run(shop, "kubectl get pods -z") == (
        "", "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n", 1)
    assert run(shop, "kubectl get pods -n") == (
        "", "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n", 1)
    assert run(shop, "kubectl get pods --namespace") == (
        "", "error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.\n", 1)
    assert run(shop, "kubectl describe pods --show-events=maybe")[1].startswith(
        'error: invalid argument "maybe" for "--show-events" flag: strconv.ParseBool')


def test_flags_anywhere_and_global_namespace_first(shop):
    """cobra allows flags between arguments; -n may come before the command."""
    assert run(shop, "kubectl -n default get pods -o name") == ("pod/client\npod/web-1\npod/web-2\n", "", 0)
    assert run(shop, "kubectl get -o name pods -l app=web") == ("pod/web-1\npod/web-2\n", "", 0)
    assert run(shop, "kubectl get pods -oname -lapp=client") == ("pod/client\n", "", 0)


def test_commands_without_kubectl(shop):
    assert run(shop, "get pods -o name")[0] == "pod/client\npod/web-1\npod/web-2\n"
    assert run(shop, "k get svc -o name")[0] == "service/kubernetes\nservice/web\n"


def test_not_a_command(shop):
    result = shop.run("frobnicate")
    assert (result.stderr, result.exit_code) == ("frobnicate: command not found\n", 127)
    assert result.explanation is not None


def test_real_commands_that_are_not_simulated(shop):
    result = shop.run("kubectl apply -f web.yaml")
    assert (result.stdout, result.stderr, result.exit_code) == ("", "", 1)
    assert "not simulated" in str(result.explanation)


def test_quotes_and_empty_lines(shop):
    assert shop.run("").exit_code == 0 and shop.run("   ").chunks == []
    result = shop.run("kubectl get pods -l 'app=web")
    assert result.exit_code == 2 and "quote" in result.stderr


def test_version_and_api_resources(shop):
    assert run(shop, "kubectl version") == (
        "Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.34.1\n", "", 0)
    out = run(shop, "kubectl api-resources")[0]
    assert out.splitlines()[0] == "NAME                       SHORTNAMES   APIVERSION             NAMESPACED   KIND"
    assert "\nservices                   svc          v1                     true         Service\n" in out


def test_never_raises(shop):
    for line in ("kubectl get pods -o jsonpath='{.items[", "kubectl exec", "kubectl label", "kubectl expose",
                 "kubectl port-forward", "kubectl describe svc,pods", "k get all -A -o wide", "kubectl explain",
                 "kubectl get pods --sort-by='{{'", "kubectl get 'pods,,svc'", "kubectl exec client -- sh -c '",
                 "kubectl get --raw /api", "wget", "curl", "curl -x", "kubectl exec client -- nslookup",
                 "kubectl exec client -- nc", "kubectl annotate pod web-1 a=b -o json"):
        result = shop.run(line)
        assert "internal error" not in result.output, line
