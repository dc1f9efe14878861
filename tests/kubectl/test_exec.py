"""``kubectl exec`` and the tools inside containers: the streams and exit codes kubectl
relays (``pkg/cmd/exec/exec.go``), busybox 1.36 ``wget``/``nslookup``/``nc``
(``networking/wget.c``, ``nslookup.c``, ``nc_bloaty.c``), curl 8 (``lib/connect.c``
messages, ``lib/progress.c`` meter), bind ``nslookup``/``dig``, glibc ``getent``."""

from __future__ import annotations

import pytest

from kubectl_helpers import fixture_text, run
from tutor.kubectl.console import Console
from tutor.kubectl.tools import NGINX_WELCOME


@pytest.fixture
def net():
    return Console(None, applied=[fixture_text("net.yaml")])


CURL_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
             "                                 Dload  Upload   Total   Spent    Left  Speed\n")


def test_busybox_wget_success(net):
    """wget.c: -qO- prints the body only."""
    assert run(net, "exec box -- wget -qO- http://web") == (NGINX_WELCOME, "", 0)


def test_busybox_wget_verbose_order(net):
    """wget.c: "Connecting to HOST (IP:PORT)", "writing to stdout" before the body; the
    progress line (libbb/progress.c, no terminal: 80 columns, no CR) and "written to
    stdout" after it."""
    result = net.run("exec box -- wget -O- web")
    assert result.chunks == [
        ("stderr", "Connecting to web (10.96.0.30:80)\nwriting to stdout\n"),
        ("stdout", NGINX_WELCOME),
        ("stderr", "-                    100% |********************************|   615  0:00:00 ETA\n"
                   "written to stdout\n"),
    ]
    saved = net.run("exec box -- wget web")
    assert saved.stderr == ("Connecting to web (10.96.0.30:80)\nsaving to 'index.html'\n"
                            "index.html           100% |********************************|   615  0:00:00 ETA\n"
                            "'index.html' saved\n")


def test_busybox_wget_failures(net):
    """wget.c/xconnect.c texts; kubectl adds "command terminated with exit code N" and exits N."""
    assert run(net, "exec box -- wget -qO- http://nope") == (
        "", "wget: bad address 'nope'\ncommand terminated with exit code 1\n", 1)
    assert run(net, "exec box -- wget -qO- http://slow") == (
        "", "wget: can't connect to remote host (10.96.0.32): Connection refused\n"
            "command terminated with exit code 1\n", 1)
    assert run(net, "exec box -- wget -qO- -T 2 http://web:8080") == (
        "", "wget: download timed out\ncommand terminated with exit code 1\n", 1)
    assert run(net, "exec box -- wget -qO- http://web:8080")[1] == (
        "wget: can't connect to remote host (10.96.0.30): Connection timed out\ncommand terminated with exit code 1\n")
    assert run(net, "exec box -- wget -qO- http://web/nope")[1] == (
        "wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n")


def test_curl_success_with_progress_meter(net):
    """curl writes its progress meter to stderr when stdout is not a terminal (exec without -t)."""
    result = net.run("exec curl -- curl http://web")
    assert result.chunks == [
        ("stderr", CURL_HEAD),
        ("stdout", NGINX_WELCOME),
        ("stderr", "100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n"),
    ]
    assert run(net, "exec curl -- curl -s web") == (NGINX_WELCOME, "", 0)
    assert run(net, "exec curl -- curl -s -o /dev/null -w '%{http_code}\\n' web")[0] == "200\n"


def test_curl_failures(net):
    """curl 8: (6) could not resolve, (7) refused at once (no ready endpoint, or nothing
    listening on the targetPort), (28) with a timeout flag; -s hides them, -sS shows them."""
    assert run(net, "exec curl -- curl -sS nope") == (
        "", "curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n", 6)
    assert run(net, "exec curl -- curl -s nope") == ("", "command terminated with exit code 6\n", 6)
    assert run(net, "exec curl -- curl -sS slow")[1].startswith(
        "curl: (7) Failed to connect to slow port 80 after 2 ms: Couldn't connect to server\n")
    assert run(net, "exec curl -- curl -sS wrong-port")[2] == 7
    assert run(net, "exec curl -- curl -sS --connect-timeout 5 web:8080") == (
        "", "curl: (28) Failed to connect to web port 8080 after 5002 ms: Timeout was reached\n"
            "command terminated with exit code 28\n", 28)
    out = net.run("exec curl -- curl nope")
    assert out.stderr == (CURL_HEAD + "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n"
                          "curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n")
    assert run(net, "exec curl -- curl -sSf web/missing")[1].startswith(
        "curl: (22) The requested URL returned error: 404\n")


def test_failures_explain_why(net):
    """The engine's trace says why a connection failed, in the learner's language."""
    assert "none is ready" in str(net.run("exec curl -- curl -s slow").explanation)
    assert "does not expose port 8080" in str(net.run("exec curl -- curl -s web:8080").explanation)
    assert "no Service nope" in str(net.run("exec curl -- curl -s nope").explanation)


def test_nothing_listening_is_refused(net):
    """The one listening rule (Pod.listener): the Pod is reached, nothing listens: refused."""
    assert run(net, "exec box -- wget -qO- wrong-port") == (
        "", "wget: can't connect to remote host (10.96.0.31): Connection refused\n"
            "command terminated with exit code 1\n", 1)


def test_busybox_nslookup(net):
    """nslookup.c (1.36): A then AAAA queries for every search domain, replies in order,
    exit 1 if any reply was an error; a name with a dot is not searched."""
    out, err, code = run(net, "exec box -- nslookup web")
    assert out == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                   "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.30\n\n"
                   "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                   "** server can't find web.cluster.local: NXDOMAIN\n\n"
                   "\n"
                   "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
                   "** server can't find web.cluster.local: NXDOMAIN\n\n")
    assert (err, code) == ("command terminated with exit code 1\n", 1)
    fqdn = run(net, "exec box -- nslookup web.default.svc.cluster.local")
    assert fqdn == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                    "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.30\n\n\n", "", 0)
    missing = run(net, "exec box -- nslookup nope.default.svc.cluster.local")
    assert missing[0] == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                          "** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n"
                          "** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n")
    assert missing[2] == 1


def test_busybox_nslookup_external_name(net):
    """An ExternalName Service answers with a CNAME ("canonical name =")."""
    out, _err, _code = run(net, "exec box -- nslookup ext.default.svc.cluster.local")
    assert "ext.default.svc.cluster.local\tcanonical name = db.example.com\n" in out


def test_bind_tools(net):
    """bind nslookup (netshoot): "#53", the search list, the first answer only; dig +short."""
    out, err, code = run(net, "exec shoot -c shoot -- nslookup web")
    assert (out, err, code) == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                                "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.30\n\n", "", 0)
    assert run(net, "exec shoot -c shoot -- nslookup nope")[0].endswith("** server can't find nope: NXDOMAIN\n\n")
    assert run(net, "exec shoot -c shoot -- dig +short web.default.svc.cluster.local") == ("10.96.0.30\n", "", 0)
    assert run(net, "exec shoot -c shoot -- dig +short nope.default.svc.cluster.local") == ("", "", 0)
    full = run(net, "exec shoot -c shoot -- dig web.default.svc.cluster.local")[0]
    assert ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id:" in full
    assert "web.default.svc.cluster.local.\t30\tIN\tA\t10.96.0.30\n" in full
    assert ";; WHEN: Wed Jan 15 10:05:10 UTC 2025\n" in full


def test_busybox_nc(net):
    """nc_bloaty.c: -v prints "HOST (IP:PORT) open"; a refusal is only printed with -vv."""
    assert run(net, "exec box -- nc -zv web 80") == ("", "web (10.96.0.30:80) open\n", 0)
    assert run(net, "exec box -- nc -zv slow 80") == ("", "command terminated with exit code 1\n", 1)
    assert run(net, "exec box -- nc -zvv slow 80") == (
        "", "nc: slow (10.96.0.32:80): Connection refused\ncommand terminated with exit code 1\n", 1)
    assert run(net, "exec box -- nc -zv -w 2 web 8080")[1].startswith(
        "nc: web (10.96.0.30:8080): Connection timed out\n")
    assert run(net, "exec box -- nc -zv nope 80")[1].startswith("nc: bad address 'nope'\n")


def test_files_and_getent(net):
    """The kubelet's resolv.conf for a ClusterFirst Pod; glibc getent hosts ("%-15s %s")."""
    assert run(net, "exec box -- cat /etc/resolv.conf") == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\n"
        "nameserver 10.96.0.10\noptions ndots:5\n", "", 0)
    assert run(net, "exec web-1 -- getent hosts web") == ("10.96.0.30      web.default.svc.cluster.local\n", "", 0)
    assert run(net, "exec web-1 -- getent hosts nope") == ("", "command terminated with exit code 2\n", 2)
    hosts = run(net, "exec box -- cat /etc/hosts")[0]
    assert hosts.startswith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
    assert hosts.endswith("10.244.1.11\tbox\n")
    assert run(net, "exec box -- hostname") == ("box\n", "", 0)


def test_exec_errors(net):
    """exec.go and the API server's errors (reference 7)."""
    assert run(net, "exec box ls") == ("", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- "
                                           "[COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n", 1)
    assert run(net, "exec box --") == ("", "error: you must specify at least one command for the container\n", 1)
    assert run(net, "exec nope -- ls") == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)
    assert run(net, "exec box -c nope -- hostname") == (
        "", "Error from server (BadRequest): container nope is not valid for pod box\n", 1)
    out, err, code = run(net, "exec box -- curl web")
    assert (out, code) == ("", 1)
    assert err.startswith("error: Internal error occurred: error executing command in container: failed to exec in "
                          'container: failed to start exec "')
    assert err.endswith('OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": '
                        "executable file not found in $PATH: unknown\n")


def test_exec_defaulted_container(net):
    """exec.go: with several containers and no -c, stderr names the default one first."""
    result = net.run("exec shoot -- hostname")
    assert result.chunks == [("stderr", 'Defaulted container "shoot" out of: shoot, helper\n'),
                             ("stdout", "shoot\n")]


def test_exec_via_service_or_deployment(net):
    """exec svc/NAME picks one of the Service's Pods (running and ready first)."""
    assert run(net, "exec svc/web -- hostname") == ("web-1\n", "", 0)


def test_sh_c_runs_one_command(net):
    assert run(net, "exec box -- sh -c 'wget -qO- web'")[0] == NGINX_WELCOME


def test_your_machine(net):
    """On your machine cluster names do not resolve; a node's IP and nodePort work."""
    assert run(net, "curl -s 192.168.49.2:30080")[0] == NGINX_WELCOME
    assert run(net, "curl -sS web") == ("", "curl: (6) Could not resolve host: web\n", 6)
    assert run(net, "curl -sS --max-time 3 10.96.0.30") == (
        "", "curl: (28) Failed to connect to 10.96.0.30 port 80 after 3002 ms: Timeout was reached\n", 28)


def test_curl_dropped_without_a_timeout_flag(net):
    """lib/connect.c: the kernel's ETIMEDOUT (tcp_syn_retries) is CURLE_COULDNT_CONNECT."""
    assert run(net, "exec curl -- curl -sS web:8080") == (
        "", "curl: (7) Failed to connect to web port 8080 after 134203 ms: Couldn't connect to server\n"
            "command terminated with exit code 7\n", 7)
