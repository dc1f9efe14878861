"""The tools in a container through NetworkPolicies: a connection a policy denies is
dropped, so it times out (never "connection refused"); a Pod whose egress policies do
not allow DNS gets no answer from the cluster DNS server, so its lookups time out (curl
"Could not resolve host", busybox nslookup "connection timed out; no servers could be
reached", dig "communications error ... timed out"). The explanation names the policy."""

from __future__ import annotations

import pytest

from kubectl_helpers import fixture_text, run
from tutor.i18n import english
from tutor.kubectl.console import Console
from tutor.kubectl.tools import NGINX_WELCOME

POLICIES = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-box}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: box}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: curl-no-egress}
spec:
  podSelector: {matchLabels: {app: curl}}
  policyTypes: [Egress]
"""


@pytest.fixture
def net():
    return Console(None, applied=[fixture_text("net.yaml"), POLICIES])


def test_an_allowed_client_still_gets_the_page(net):
    assert run(net, "exec box -- wget -qO- http://web") == (NGINX_WELCOME, "", 0)


def test_a_denied_connection_times_out(net):
    result = net.run("exec shoot -c shoot -- curl -sS -m 3 web")
    assert result.exit_code == 28
    assert "curl: (28) Failed to connect to web port 80 after 3002 ms: Timeout was reached\n" in result.stderr
    why = english(result.explanation)
    assert "default/web-from-box" in why and "default/shoot does not match podSelector app=box" in why
    # by Pod IP: the same drop (policies see Pod addresses)
    assert net.run("exec shoot -c shoot -- curl -sS -m 3 10.244.1.10").exit_code == 28
    err = run(net, "exec shoot -c helper -- wget -qO- http://web")[1]
    assert "wget: can't connect to remote host (10.96.0.30): Connection timed out\n" in err


def test_no_dns_when_egress_does_not_allow_it(net):
    out, err, code = run(net, "exec curl -- curl -sS web")
    assert (code, err.splitlines()[0]) == (6, "curl: (6) Could not resolve host: web")
    why = english(net.run("exec curl -- curl -sS web").explanation)
    assert "DNS" in why and "default/curl-no-egress" in why
    assert run(net, "exec curl -- nslookup web") == (
        ";; connection timed out; no servers could be reached\n\n", "command terminated with exit code 1\n", 1)
    assert run(net, "exec curl -- wget -qO- http://web")[1].startswith("wget: bad address 'web'\n")
    # with a time limit, curl gives up resolving first (curl 8: "Resolving timed out")
    assert run(net, "exec curl -- curl -sS -m 3 web")[1:] == (
        "curl: (28) Resolving timed out after 3001 milliseconds\ncommand terminated with exit code 28\n", 28)
    # the Pod's own name is in /etc/hosts: no DNS needed
    out, err, code = run(net, "exec curl -- curl -sS -m 2 http://curl")
    assert "Could not resolve" not in err  # (nothing listens there: the name itself resolved)


def test_bind_tools_time_out_too():
    deny = POLICIES + """---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: shoot-no-egress}
spec:
  podSelector: {matchLabels: {app: shoot}}
  policyTypes: [Egress]
"""
    console = Console(None, applied=[fixture_text("net.yaml"), deny])
    out, _err, code = run(console, "exec shoot -c shoot -- dig web.default.svc.cluster.local")
    assert code == 9
    assert out.startswith(";; communications error to 10.96.0.10#53: timed out\n" * 3)
    assert out.endswith(";; no servers could be reached\n")
    out, _err, code = run(console, "exec shoot -c shoot -- nslookup web")
    assert code == 1 and out.endswith(";; no servers could be reached\n\n")
