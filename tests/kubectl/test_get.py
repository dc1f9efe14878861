"""Golden outputs of ``kubectl get``, written from kubectl's printers (the function each
test follows is named in its docstring). Clock: 2025-01-15T10:05:10Z; the shop Pods were
created at 10:00:00, the Service at 10:00:10, the cluster 3 days earlier."""

from __future__ import annotations

import json

import pytest

from kubectl_helpers import fixture_text, run
from tutor.kubectl.console import Console


@pytest.fixture
def edge():
    return Console(None, applied=[fixture_text("edge.yaml")])


def test_get_pods(shop):
    """printers.go: printPod; cli-runtime tabwriter (minwidth 6, padding 3)."""
    out, err, code = run(shop, "kubectl get pods")
    assert out == (
        "NAME     READY   STATUS    RESTARTS   AGE\n"
        "client   1/1     Running   0          5m10s\n"
        "web-1    1/1     Running   0          5m10s\n"
        "web-2    1/1     Running   0          5m10s\n")
    assert (err, code) == ("", 0)


def test_get_pods_wide_and_labels(shop):
    """printers.go: printPod (wide: IP, NODE, NOMINATED NODE, READINESS GATES);
    tableprinter.go: decorateTable appends LABELS after the wide columns."""
    out, _err, _code = run(shop, "k get po -o wide --show-labels")
    assert out == (
        "NAME     READY   STATUS    RESTARTS   AGE     IP           NODE     NOMINATED NODE   READINESS GATES"
        "   LABELS\n"
        "client   1/1     Running   0          5m10s   10.244.1.9   node-a   <none>           <none>"
        "            app=client\n"
        "web-1    1/1     Running   0          5m10s   10.244.1.5   node-a   <none>           <none>"
        "            app=web\n"
        "web-2    1/1     Running   0          5m10s   10.244.2.7   node-b   <none>           <none>"
        "            app=web\n")


def test_get_pods_no_headers_shrinks_columns(shop):
    """printTable without headers; every column still has the tabwriter's minwidth 6."""
    out, _err, _code = run(shop, "get pods --no-headers -l app=web")
    assert out == ("web-1   1/1   Running   0     5m10s\n"
                   "web-2   1/1   Running   0     5m10s\n")


def test_get_pods_label_columns(shop):
    """tableprinter.go: formatLabelHeaders (the part after the last '/' uppercased), empty cells padded."""
    out, _err, _code = run(shop, "get pods -L app,tier")
    assert out == (
        "NAME     READY   STATUS    RESTARTS   AGE     APP      TIER\n"
        "client   1/1     Running   0          5m10s   client   \n"
        "web-1    1/1     Running   0          5m10s   web      \n"
        "web-2    1/1     Running   0          5m10s   web      \n")


def test_get_all_namespaces_adds_namespace_column(shop):
    """get.go: printWithNamespace for namespaced kinds only."""
    out, _err, _code = run(shop, "get pods -A")
    assert out.splitlines()[0] == "NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE"
    assert out.splitlines()[1] == "default     client   1/1     Running   0          5m10s"
    nodes, _err, _code = run(shop, "get nodes -A")
    assert nodes.splitlines()[0] == "NAME     STATUS   ROLES           AGE   VERSION"


def test_get_services(shop):
    """printers.go: printService, getServiceExternalIP, makePortString; the API server's
    own ``kubernetes`` Service is listed too."""
    out, _err, _code = run(shop, "get svc")
    assert out == (
        "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   3d\n"
        "web          ClusterIP   10.96.0.20   <none>        80/TCP    5m\n")
    wide, _err, _code = run(shop, "get services -o wide")
    assert wide.splitlines()[2] == "web          ClusterIP   10.96.0.20   <none>        80/TCP    5m    app=web"


def test_get_service_kinds(edge):
    """printService: ExternalName shows its name as EXTERNAL-IP and <none> as CLUSTER-IP,
    a headless Service None, a NodePort port:nodePort/proto."""
    out, _err, _code = run(edge, "get svc ext web-headless web-np")
    lines = out.splitlines()
    assert lines[0] == "NAME           TYPE           CLUSTER-IP      EXTERNAL-IP      PORT(S)                       AGE"
    assert lines[1] == "ext            ExternalName   <none>          db.example.com   <none>                        5m"
    assert lines[2].startswith("web-headless   ClusterIP      None            <none>           80/TCP")
    assert lines[3].split()[4] == "80:30080/TCP,9090:31090/TCP"


def test_get_endpoints_warns_and_lists_ready_addresses(edge):
    """printers.go: printEndpoints/formatEndpoints (ready addresses, 3 then "+ N more...",
    <none> without subsets, empty when nothing is ready); the 1.33+ deprecation warning
    goes to stderr first."""
    out, err, code = run(edge, "get endpoints")
    assert err == "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    assert code == 0
    assert out == (
        "NAME           ENDPOINTS                                                     AGE\n"
        "kubernetes     192.168.49.2:6443                                             3d\n"
        "lonely         <none>                                                        5m\n"
        "slow                                                                         5m\n"
        "web-headless   10.244.1.2:8080,10.244.2.2:8080                               5m\n"
        "web-np         10.244.1.2:8080,10.244.2.2:8080,10.244.1.2:9090 + 1 more...   5m\n")
    result = edge.run("get ep slow")
    assert result.chunks[0] == ("stderr", err)


def test_get_endpointslices(edge):
    """printers.go: printEndpointSlice, formatDiscoveryPorts/formatDiscoveryEndpoints
    (<unset> for the placeholder slice; not-ready addresses are listed too)."""
    out, err, _code = run(edge, "get endpointslices")
    assert err == ""
    assert out == (
        "NAME                 ADDRESSTYPE   PORTS       ENDPOINTS               AGE\n"
        "kubernetes           IPv4          6443        192.168.49.2            3d\n"
        "lonely-g6pq2         IPv4          <unset>     <unset>                 5m\n"
        "slow-qlqwb           IPv4          8080        10.244.2.30             5m\n"
        "web-headless-9tmvn   IPv4          8080        10.244.1.2,10.244.2.2   5m\n"
        "web-np-2f68m         IPv4          8080,9090   10.244.1.2,10.244.2.2   5m\n")
    labelled, _err, _code = run(edge, "get endpointslices -l kubernetes.io/service-name=slow -o name")
    assert labelled == "endpointslice.discovery.k8s.io/slow-qlqwb\n"


def test_get_pod_statuses(edge):
    """printPod: a Running Pod whose probe fails is 0/1 Running; a Pending one shows
    <none> for IP and NODE under -o wide."""
    out, _err, _code = run(edge, "get pods -o wide")
    lines = out.splitlines()
    assert lines[1] == ("slow                   0/1     Running   0          5m    10.244.2.30   node-b   <none>"
                        "           <none>")
    assert lines[2] == ("waiting                0/1     Pending   0          5m    <none>        <none>   <none>"
                        "           <none>")


def test_get_deployments_and_replicasets(edge):
    """printers.go: printDeployment (READY ready/desired; wide CONTAINERS IMAGES SELECTOR)
    and printReplicaSet (the selector gains pod-template-hash)."""
    out, _err, _code = run(edge, "get deploy -o wide")
    assert out == (
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES                             SELECTOR\n"
        "web    2/2     2            2           5m    web          nginxinc/nginx-unprivileged:1.27   app=web\n")
    rs, _err, _code = run(edge, "get rs -o wide")
    assert rs == (
        "NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                             SELECTOR\n"
        "web-779b785f99   2         2         2       5m    web          nginxinc/nginx-unprivileged:1.27   "
        "app=web,pod-template-hash=779b785f99\n")


def test_get_nodes(shop):
    """printers.go: printNode (ROLES from node-role.kubernetes.io/ labels; wide: INTERNAL-IP,
    EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME)."""
    out, _err, _code = run(shop, "get nodes -o wide")
    assert out == (
        "NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                   "
        "      KERNEL-VERSION     CONTAINER-RUNTIME\n"
        "cp-1     Ready    control-plane   3d    v1.34.1   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)"
        "   6.8.0-45-generic   containerd://2.1.3\n"
        "node-a   Ready    <none>          3d    v1.34.1   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)"
        "   6.8.0-45-generic   containerd://2.1.3\n"
        "node-b   Ready    <none>          3d    v1.34.1   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)"
        "   6.8.0-45-generic   containerd://2.1.3\n")


def test_get_namespaces(shop):
    """printers.go: printNamespace; the four namespaces every cluster has."""
    out, _err, _code = run(shop, "get ns")
    assert out == (
        "NAME              STATUS   AGE\n"
        "default           Active   3d\n"
        "kube-node-lease   Active   3d\n"
        "kube-public       Active   3d\n"
        "kube-system       Active   3d\n")


def test_several_types_get_kind_prefix_and_a_blank_line(shop):
    """get.go: printWithKind when several GroupKinds are asked, one table per type,
    separated by one empty line (separatorWriterWrapper)."""
    out, _err, _code = run(shop, "get pods,svc")
    assert out == (
        "NAME         READY   STATUS    RESTARTS   AGE\n"
        "pod/client   1/1     Running   0          5m10s\n"
        "pod/web-1    1/1     Running   0          5m10s\n"
        "pod/web-2    1/1     Running   0          5m10s\n"
        "\n"
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   3d\n"
        "service/web          ClusterIP   10.96.0.20   <none>        80/TCP    5m\n")


def test_type_slash_name_forms(shop):
    """builder.go: TYPE/NAME arguments; mixing forms is an error."""
    out, _err, _code = run(shop, "get pod/web-1 svc/web")
    assert out == (
        "NAME        READY   STATUS    RESTARTS   AGE\n"
        "pod/web-1   1/1     Running   0          5m10s\n"
        "\n"
        "NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/web   ClusterIP   10.96.0.20   <none>        80/TCP    5m\n")
    _out, err, code = run(shop, "get pods pod/web-1")
    assert code == 1
    assert err == ("error: there is no need to specify a resource type as a separate argument when passing arguments "
                   "in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get "
                   "resource resource/<resource_name>'\n")


def test_missing_names_print_found_ones_then_fail(shop):
    """get.go: found objects print, each miss adds an API error (StandardErrorMessage), exit 1."""
    out, err, code = run(shop, "get pods web-1 web-9")
    assert out == ("NAME    READY   STATUS    RESTARTS   AGE\n"
                   "web-1   1/1     Running   0          5m10s\n")
    assert err == 'Error from server (NotFound): pods "web-9" not found\n'
    assert code == 1
    _out, err, _code = run(shop, "get deploy nope")
    assert err == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    out, err, code = run(shop, "get pods web-9 --ignore-not-found")
    assert (out, err, code) == ("", "", 0)


def test_no_resources_found_goes_to_stderr(shop):
    """get.go: "No resources found in <ns> namespace." (stderr, exit 0); with -A no namespace."""
    assert run(shop, "get pods -l app=nope") == ("", "No resources found in default namespace.\n", 0)
    assert run(shop, "get pods -n shop") == ("", "No resources found in shop namespace.\n", 0)
    assert run(shop, "get pods -A -l app=nope") == ("", "No resources found\n", 0)


def test_selectors(shop):
    """labels.Parse: equality and set-based requirements, AND-ed by commas."""
    assert run(shop, "get pods -l app!=web -o name")[0] == "pod/client\n"
    assert run(shop, "get pods -l 'app in (web,client)' -o name")[0] == "pod/client\npod/web-1\npod/web-2\n"
    assert run(shop, "get pods -l 'app notin (web)' -o name")[0] == "pod/client\n"
    assert run(shop, "get pods -l app -o name")[0] == "pod/client\npod/web-1\npod/web-2\n"
    assert run(shop, "get pods -l '!app'")[1] == "No resources found in default namespace.\n"
    assert run(shop, "get pods --selector=app==web,app=web -o name")[0] == "pod/web-1\npod/web-2\n"


def test_bad_selector_is_a_bad_request(shop):
    """resource.EnhanceListError around the API server's labels.Parse error."""
    _out, err, code = run(shop, "get pods -l 'app in web'")
    assert code == 1
    assert err == ('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
                   '"app in web", field selector "": unable to parse requirement: found \'web\' expected: \'(\'\n')


def test_name_and_selector_together(shop):
    assert run(shop, "get pods web-1 -l app=web") == (
        "", "error: name cannot be provided when a selector is specified\n", 1)


def test_output_name(shop):
    """name_flags.go: kind/name, with the group for non-core kinds."""
    out, _err, _code = run(shop, "get pods,svc,deploy -o name")
    assert out == "pod/client\npod/web-1\npod/web-2\nservice/kubernetes\nservice/web\n"


def test_output_yaml_single_object(shop):
    """get.go: printGeneric prints a single named object as it is; sigs.k8s.io/yaml layout."""
    out, _err, _code = run(shop, "get svc web -o yaml")
    assert out == (
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        "  annotations:\n"
        "    kubectl.kubernetes.io/last-applied-configuration: |\n"
        '      {"apiVersion":"v1","kind":"Service","metadata":{"creationTimestamp":'
        '"2025-01-15T10:00:10Z","labels":{"app":"web"},"name":"web","namespace":"default"},"spec":'
        '{"clusterIP":"10.96.0.20","ports":[{"port":80,"targetPort":"http"}],"selector":{"app":"web"}}}\n'
        '  creationTimestamp: "2025-01-15T10:00:10Z"\n'
        "  labels:\n"
        "    app: web\n"
        "  name: web\n"
        "  namespace: default\n"
        f'  resourceVersion: "{_rv(shop)}"\n'
        f"  uid: {_uid(shop)}\n"
        "spec:\n"
        "  clusterIP: 10.96.0.20\n"
        "  clusterIPs:\n"
        "  - 10.96.0.20\n"
        "  internalTrafficPolicy: Cluster\n"
        "  ipFamilies:\n"
        "  - IPv4\n"
        "  ipFamilyPolicy: SingleStack\n"
        "  ports:\n"
        "  - port: 80\n"
        "    protocol: TCP\n"
        "    targetPort: http\n"
        "  selector:\n"
        "    app: web\n"
        "  sessionAffinity: None\n"
        "  type: ClusterIP\n"
        "status:\n"
        "  loadBalancer: {}\n")


def _rv(console) -> str:
    return console.world.get(__import__("tutor.kubectl.resources", fromlist=["lookup"]).lookup("svc"), "default",
                             "web")["metadata"]["resourceVersion"]


def _uid(console) -> str:
    return console.world.get(__import__("tutor.kubectl.resources", fromlist=["lookup"]).lookup("svc"), "default",
                             "web")["metadata"]["uid"]


def test_output_json_list(shop):
    """printGeneric wraps a list in a v1 List with metadata.resourceVersion ""; JSONPrinter
    indents by 4 spaces."""
    out, _err, _code = run(shop, "get pods -l app=client -o json")
    data = json.loads(out)
    assert data["kind"] == "List" and data["apiVersion"] == "v1"
    assert data["metadata"] == {"resourceVersion": ""}
    assert [i["metadata"]["name"] for i in data["items"]] == ["client"]
    assert out.startswith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n')
    empty, err, code = run(shop, "get pods -l app=nope -o yaml")
    assert (empty, err, code) == ('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', "", 0)


def test_output_jsonpath(shop):
    """client-go jsonpath: several results joined by a space, no newline added; range/end."""
    assert run(shop, "get pods -o jsonpath='{.items[*].metadata.name}'")[0] == "client web-1 web-2"
    assert run(shop, "get svc web -o jsonpath='{.spec.clusterIP}'")[0] == "10.96.0.20"
    out = run(shop, "get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}'")[0]
    assert out == "client\t10.244.1.9\nweb-1\t10.244.1.5\nweb-2\t10.244.2.7\n"
    filtered = run(shop, "get pod web-1 -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}'")[0]
    assert filtered == "True"
    assert run(shop, "get svc web -o jsonpath='{.spec.ports[0]}'")[0] == \
        '{"port":80,"protocol":"TCP","targetPort":"http"}'
    assert run(shop, "get svc web -o jsonpath='{.spec.nothing}'")[0] == ""


def test_unknown_output_format(shop):
    """genericclioptions: NoCompatiblePrinterError lists the formats, sorted."""
    _out, err, code = run(shop, "get pods -o foo")
    assert code == 1
    assert err.startswith('error: unable to match a printer suitable for the output format "foo", allowed formats '
                          "are: custom-columns,custom-columns-file,go-template,")


def test_unknown_resource_type(shop):
    """builder.go: the server doesn't have a resource type."""
    assert run(shop, "get foo") == ("", 'error: the server doesn\'t have a resource type "foo"\n', 1)


def test_get_without_a_type(shop):
    """get.go: Validate prints the api-resources hint, then a usage error (-h hint, no full stop)."""
    out, err, code = run(shop, "get")
    assert (out, code) == ("", 1)
    assert err == ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
                   "supported resources.\n\n"
                   "error: Required resource not specified.\n"
                   'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl '
                   "explain pods).\n"
                   "See 'kubectl get -h' for help and examples\n")


def test_sort_by(shop):
    out, _err, _code = run(shop, "get pods --sort-by=.status.podIP -o name")
    assert out == "pod/web-1\npod/client\npod/web-2\n"


def test_field_selector(shop):
    assert run(shop, "get pods --field-selector spec.nodeName=node-b -o name")[0] == "pod/web-2\n"
    _out, err, code = run(shop, "get pods --field-selector foo=bar")
    assert code == 1
    assert err == ('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", '
                   'field selector "foo=bar": field label not supported: foo\n')


def test_get_all(edge):
    """``get all``: pods, services, then the workloads, each its own table."""
    out, _err, _code = run(edge, "get all")
    headers = [line.split()[0] for line in out.splitlines() if line.startswith("NAME")]
    assert len(headers) == 4
    assert "deployment.apps/web" in out and "replicaset.apps/web-779b785f99" in out
