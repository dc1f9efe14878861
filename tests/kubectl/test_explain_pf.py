"""``kubectl explain`` (``pkg/explain/v2/templates/plaintext.tmpl``, go-wordwrap at 76)
and ``kubectl port-forward`` (``pkg/cmd/portforward/portforward.go``, client-go
``tools/portforward``)."""

from __future__ import annotations

from kubectl_helpers import run
from tutor.kubectl.explain import wrap


def test_explain_kind(shop):
    out, err, code = run(shop, "kubectl explain service")
    assert (err, code) == ("", 0)
    assert out.startswith(
        "KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n"
        "    A Service gives a changing set of Pods, usually picked by a label selector,\n"
        "    one stable virtual IP address, DNS name and set of ports, and spreads the\n"
        "    connections it receives across the ready Pods behind it.\n    \nFIELDS:\n  apiVersion\t<string>\n")
    assert "  spec\t<ServiceSpec>\n    The Service's desired behaviour, as you write it.\n\n" in out
    # a "More info:" link longer than the line stays whole on a line of its own
    assert ("    Standard object metadata: name, namespace, labels, annotations and more.\n    More info:\n"
            "    https://kubernetes.io/docs/concepts/overview/working-with-objects/\n") in out
    assert out.endswith("\n\n\n")


def test_explain_field_with_enum(shop):
    out, _err, _code = run(shop, "kubectl explain svc.spec.type")
    assert out.startswith("KIND:       Service\nVERSION:    v1\n\nFIELD: type <string>\n"
                          "ENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\n"
                          "DESCRIPTION:\n    How the Service is exposed; defaults to ClusterIP. The types build on each\n")
    # the enum list after a blank line; a wrapped item continues at the description's indent
    assert ("    name becomes an alias for another name. More info:\n"
            "    https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types\n"
            "    \n    Possible enum values:\n"
            "     - `\"ClusterIP\"` gives the Service a virtual IP that is reachable only from\n"
            "    inside the cluster.\n") in out


def test_explain_wraps_at_76_columns_exactly(shop):
    """go-wordwrap breaks only when a line would be longer than 76: a line of exactly 76 stays."""
    out, _err, _code = run(shop, "kubectl explain svc.spec.clusterIP")
    line = "allocated automatically from the cluster's service IP range; you may ask for"
    assert len(line) == 76
    assert f"\n    {line}\n    a specific free address" in out
    assert all(len(row) <= 80 for row in out.splitlines() if "https://" not in row)


def test_explain_nested_list_field(shop):
    out, _err, _code = run(shop, "kubectl explain pods.spec.containers.ports")
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nFIELD: ports <[]ContainerPort>\n\n\nDESCRIPTION:\n")
    assert "  containerPort\t<integer> -required-\n" in out
    assert "  protocol\t<string>\n  enum: SCTP, TCP, UDP\n" in out


def test_explain_errors(shop):
    assert run(shop, "kubectl explain svc.spec.nope") == ("", 'error: field "nope" does not exist\n', 1)
    assert run(shop, "kubectl explain nope") == ("", 'error: the server doesn\'t have a resource type "nope"\n', 1)
    assert run(shop, "kubectl explain")[2] == 1


def test_explain_data_describes_every_field_and_enum_value():
    """Every type and field has a description; a "Possible enum values:" list names each
    value of the field's enum, in order."""
    from tutor.kubectl.explain_data import TYPES

    for type_name, entry in TYPES.items():
        assert entry["desc"].strip(), type_name
        for name, (_shown, _ref, _required, enum, desc) in entry["fields"].items():
            assert desc.strip() and desc == desc.strip(), f"{type_name}.{name}"
            if "Possible enum values:" in desc:
                listed = [line.split("`")[1].strip('"') for line in desc.split("Possible enum values:\n")[1].split("\n")]
                assert listed == enum, f"{type_name}.{name}"


def test_explain_recursive_lists_nested_fields(shop):
    out, err, code = run(shop, "kubectl explain svc.spec --recursive")
    assert (err, code) == ("", 0)
    assert "FIELDS:\n  allocateLoadBalancerNodePorts\t<boolean>\n  clusterIP\t<string>\n" in out
    assert "  ports\t<[]ServicePort>\n    appProtocol\t<string>\n    name\t<string>\n    nodePort\t<integer>\n" in out
    assert "  sessionAffinityConfig\t<SessionAffinityConfig>\n    clientIP\t<ClientIPConfig>\n" \
           "      timeoutSeconds\t<integer>\n" in out
    assert "More info" not in out  # a recursive listing has no field descriptions


def test_wordwrap_keeps_long_words_whole():
    """go-wordwrap: a word longer than the limit gets its own line and is never split."""
    assert wrap("More info: https://example.com/a/very/long/path/that/is/longer/than/the/limit/for/sure/yes",
                30) == "More info:\nhttps://example.com/a/very/long/path/that/is/longer/than/the/limit/for/sure/yes"
    assert wrap("a b c", 3) == "a b\nc"


def test_port_forward_service(shop):
    """portforward.go: a Service port is translated through targetPort (a name looked up in
    the chosen Pod); loopback is listened on twice."""
    assert run(shop, "kubectl port-forward svc/web 8080:80") == (
        "Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n", "", 0)
    result = shop.run("curl -s localhost:8080")
    assert result.chunks[0] == ("stdout", "Handling connection for 8080\n")
    assert result.exit_code == 0 and "Welcome to nginx!" in result.stdout
    assert run(shop, "curl -sS localhost:9999") == (
        "", "curl: (7) Failed to connect to localhost port 9999 after 2 ms: Couldn't connect to server\n", 7)


def test_port_forward_forms_and_errors(shop):
    assert run(shop, "kubectl port-forward pod/web-2 9000:http")[0].startswith(
        "Forwarding from 127.0.0.1:9000 -> 8080\n")
    assert run(shop, "kubectl port-forward svc/web 81") == (
        "", "error: Service web does not have a service port 81\n", 1)
    assert run(shop, "kubectl port-forward svc/web 9100:metrics") == (
        "", "error: Service 'web' does not have a named port 'metrics'\n", 1)
    assert run(shop, "kubectl port-forward svc/web") == (
        "", "error: TYPE/NAME and list of ports are required for port-forward\n"
            "See 'kubectl port-forward -h' for help and examples\n", 1)
    run(shop, "kubectl port-forward svc/web 8080:80")
    _out, err, code = run(shop, "kubectl port-forward svc/web 8080:80")
    assert code == 1 and err.endswith("error: unable to listen on any of the requested ports: [{8080 8080}]\n")
    assert run(shop, "kubectl port-forward --address 0.0.0.0 pod/web-1 7000:8080")[0] == (
        "Forwarding from 0.0.0.0:7000 -> 8080\n")
