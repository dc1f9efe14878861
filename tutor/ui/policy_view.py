"""What the lab's Policies panel shows, worked out from an engine evaluation.

Built with the other panels (:func:`tutor.ui.lab_view.build`, in the evaluation worker
or, for a quick edit, on the UI thread): the NetworkPolicy view of the cluster with the
editor's text applied (:func:`tutor.k8s.trace.network_of`, the same one traces follow),
and for the policy under the cursor the Pods it isolates per direction and, per rule, the
Pods its peers admit (with the labels that decided) and a few it does not (with why).
Texts are made when shown, in the language current then (F2 redraws them).

The matrix itself (Pods × Pods for one port) is not worked out here: the panel asks the
network for the cells on screen (per class of equivalent Pods, cheap) and counts the
rest in a worker thread (:mod:`tutor.ui.policies`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.content import Content

from tutor.i18n import _, format_number, ngettext

if TYPE_CHECKING:
    from tutor.k8s.evaluate import DocResult, Evaluation
    from tutor.k8s.model import Pod
    from tutor.k8s.netpol.engine import Network
    from tutor.k8s.netpol.model import NetworkPolicy, Peer
    from tutor.lessons.model import Exercise

OK, BAD, DOT = "✓", "✗", "·"
OK_STYLE, BAD_STYLE, DIM, WARN_STYLE = "bold $text-success", "bold $text-error", "dim", "$text-warning"
#: the goal kinds that make an exercise a NetworkPolicy exercise (the panel shows even
#: before the learner typed a policy)
POLICY_GOALS = ("allowed", "denied", "isolated")
#: Pods named in one line at most (the rest are counted)
NAMES_SHOWN = 6
#: Pods a rule does not admit, shown with why (the first ones)
MISSES_SHOWN = 2


@dataclass
class RuleView:
    """One rule of the focused policy: the Pods its peers admit (each with the index of
    the peer that matched, None: the rule has no peers) and the first Pods they do not
    (each with why)."""

    direction: str
    index: int
    admitted: list[tuple[Pod, int | None]]
    misses: list[tuple[Pod, Any]]
    not_admitted: int


@dataclass
class PolicyView:
    """The Policies panel for one evaluation."""

    network: Network
    #: the probed Pods (the matrix's rows and columns)
    pods: list[Pod]
    #: the NetworkPolicy document the cursor is in (else the first one), or None
    focus: DocResult | None = None
    #: the focused policy once admitted (None: not valid yet, or no policy in the editor)
    policy: NetworkPolicy | None = None
    isolated: dict[str, list[Pod]] = field(default_factory=dict)
    rules: list[RuleView] = field(default_factory=list)
    #: every valid policy of the cluster (the editor's and the exercise's own)
    policies: tuple[NetworkPolicy, ...] = ()
    #: (port, protocol) the matrix can show: every declared container port
    ports: list[tuple[int, str]] = field(default_factory=list)
    #: the port to show first: the focused policy's first port some Pod declares
    default_port: tuple[int, str] | None = None
    #: the editor's text is not valid YAML (its policies are not applied)
    broken: bool = False

    def same_matrix(self, other: PolicyView) -> bool:
        """Whether ``other``'s matrices are certainly the same as this one's: the same
        policies, Namespace labels and Pods (the same objects, as from one keystroke to
        the next, or Pods alike in address, labels and ports)."""
        if other.policies != self.policies:
            return False
        mine, theirs = self.network.namespaces, other.network.namespaces
        if {n: ns.labels for n, ns in mine.items()} != {n: ns.labels for n, ns in theirs.items()}:
            return False
        if len(self.pods) != len(other.pods):
            return False
        return all(a is b or _pod_fingerprint(a) == _pod_fingerprint(b) for a, b in zip(self.pods, other.pods))


def _pod_fingerprint(pod: Pod) -> tuple[Any, ...]:
    return (pod.namespace, pod.name, pod.ip, tuple(sorted(pod.labels.items())), pod.host_network, pod.node,
            tuple((cp.name, cp.container_port, cp.protocol) for c in pod.containers for cp in c.ports))


def relevant(evaluation: Evaluation, exercise: Exercise | None) -> bool:
    """Whether the lab shows the Policies panel: the editor has a NetworkPolicy (even an
    invalid one, or a text that names the kind while it is broken), the cluster has
    policies, or the exercise's goals are about them."""
    if any((d.kind or "").lower() == "networkpolicy" for d in evaluation.documents):
        return True
    text = evaluation.text
    if isinstance(text, str) and "networkpolicy" in text.lower():
        return True
    if evaluation.cluster is not None and evaluation.cluster.policies:
        return True
    if exercise is not None:
        return any(isinstance(g, dict) and g.get("kind") in POLICY_GOALS for g in exercise.goal_data)
    return False


def focus_policy(evaluation: Evaluation, cursor_line: int | None) -> DocResult | None:
    """The NetworkPolicy document the cursor is in (1-based line), else the first one."""
    docs = [d for d in evaluation.documents if (d.kind or "").lower() == "networkpolicy"]
    if not docs:
        return None
    if cursor_line is not None:
        best = None
        for d in evaluation.documents:
            if d.pos is not None and d.pos.line <= cursor_line:
                best = d
        if best is not None and best in docs:
            return best
    return next((d for d in docs if d.policy is not None), docs[0])


def build(evaluation: Evaluation, cursor_line: int | None = None) -> PolicyView:
    """The panel's data for ``evaluation`` (see the module documentation)."""
    from tutor.k8s.trace import network_of

    net = network_of(evaluation.cluster)
    view = PolicyView(net, list(net.pods), policies=net.policies, ports=net.declared_ports(),
                      broken=evaluation.parse_error is not None)
    view.focus = focus_policy(evaluation, cursor_line)
    policy = view.focus.policy.policy if view.focus is not None and view.focus.policy is not None else None
    if policy is not None:
        # the policy as the network holds it (the same one: a later one of that name replaces it)
        view.policy = next((p for p in net.policies if p.key == policy.key), policy)
        fill(view)
    view.default_port = _default_port(view)
    return view


def fill(view: PolicyView) -> None:
    """Work out the focused policy's isolated Pods and rules."""
    net, policy = view.network, view.policy
    assert policy is not None
    for direction in ("Ingress", "Egress"):
        if policy.applies(direction):
            view.isolated[direction] = net.isolated(policy, direction)
            for r in range(len(policy.rules(direction))):
                admitted = net.rule_peers(policy, direction, r)
                chosen = {id(p) for p, _peer in admitted}
                misses: list[tuple[Pod, Any]] = []
                # the Pods most likely meant first: of the policy's namespace and not the
                # ones it is about (a typo in a label shows there)
                isolated = {id(p) for p in view.isolated[direction]}
                ordered = sorted((p for p in net.pods if id(p) not in chosen),
                                 key=lambda p: (p.namespace != policy.namespace, id(p) in isolated))
                for pod in ordered[:MISSES_SHOWN]:
                    miss = net.peer_miss(policy, direction, r, pod)
                    # the reason for each peer, without the "policy rule n:" the panel says already
                    misses.append((pod, miss.params.get("why", miss) if miss is not None else None))
                view.rules.append(RuleView(direction, r, admitted, misses, len(net.pods) - len(admitted)))


def _default_port(view: PolicyView) -> tuple[int, str] | None:
    if not view.ports:
        return None
    policy = view.policy
    if policy is not None:
        declared = set(view.ports)
        for direction in ("Ingress", "Egress"):
            for rule in policy.rules(direction):
                for entry in rule.ports:
                    if isinstance(entry.port, int):
                        end = entry.end_port or entry.port
                        for port, protocol in view.ports:
                            if protocol == entry.protocol and entry.port <= port <= end:
                                return port, protocol
                    elif isinstance(entry.port, str):
                        for pod in view.pods:
                            for c in pod.containers:
                                for cp in c.ports:
                                    if cp.name == entry.port and (cp.container_port, cp.protocol) in declared:
                                        return cp.container_port, cp.protocol
        # else a port the Pods it isolates declare (a rule's port may be a Service's port)
        declared_here = [(cp.container_port, cp.protocol) for direction in ("Ingress", "Egress")
                         for pod in view.isolated.get(direction, ()) for c in pod.containers for cp in c.ports]
        if declared_here:
            return min(declared_here)
    return view.ports[0]


# --------------------------------------------------------------------------- texts
def pod_name(pod: Pod, namespace: str) -> str:
    """``name``, or ``namespace/name`` outside ``namespace``."""
    return pod.name if pod.namespace == namespace else f"{pod.namespace}/{pod.name}"


def _names(pods: Sequence[Pod], namespace: str) -> str:
    shown = [pod_name(p, namespace) for p in pods[:NAMES_SHOWN]]
    if len(pods) > NAMES_SHOWN:
        shown.append(_("+{n} more").format(n=format_number(len(pods) - NAMES_SHOWN)))
    return ", ".join(shown)


def _selector_terms(selector: Any, labels: dict[str, str]) -> list[str]:
    """The labels that made ``selector`` match: ``key=value`` for each key it names."""
    out = []
    for key, value in selector.match_labels:
        out.append(f"{key}={value}")
    for req in selector.match_expressions:
        if req.operator == "DoesNotExist" or req.key not in labels:
            out.append(f"!{req.key}")
        else:
            out.append(f"{req.key}={labels[req.key]}")
    return out


def deciding(view: PolicyView, policy: NetworkPolicy, peer: Peer | None, pod: Pod) -> str:
    """Why ``peer`` matches ``pod``, in a few words: the labels (of the Pod, of its
    namespace) that decided, or the address in the ipBlock."""
    if peer is None:
        return _("any peer")
    if peer.ip_block is not None:
        return f"{view.network.address(pod) or '-'} ∈ {peer.ip_block.cidr}"
    parts = []
    if peer.namespace_selector is not None:
        ns = view.network.namespaces.get(pod.namespace)
        terms = _selector_terms(peer.namespace_selector, dict(ns.labels) if ns is not None else {})
        parts.append(_("namespace {terms}").format(terms=", ".join(terms)) if terms else _("any namespace"))
    if peer.pod_selector is not None:
        terms = _selector_terms(peer.pod_selector, pod.labels)
        if terms:
            parts.append(", ".join(terms))
        elif peer.namespace_selector is None:
            parts.append(_("any Pod of {namespace}").format(namespace=policy.namespace))
        else:
            parts.append(_("any Pod"))
    return " + ".join(parts)


def _peers_text(policy: NetworkPolicy, direction: str, index: int) -> str:
    rule = policy.rules(direction)[index]
    peers = " | ".join(str(p) for p in rule.peers) if rule.peers else _("anywhere")
    ports = ", ".join(str(p) for p in rule.ports) if rule.ports else _("every port")
    if direction == "Ingress":
        return _("from {peers} · ports {ports}").format(peers=peers, ports=ports)
    return _("to {peers} · ports {ports}").format(peers=peers, ports=ports)


def summary_lines(view: PolicyView | None) -> list[Content]:
    """The upper part of the panel: the focused policy (what it selects, whom it isolates,
    what each rule admits) and the other policies in one line each, in the current
    language."""
    if view is None:
        return []
    lines: list[Content] = []
    focus, policy = view.focus, view.policy
    if view.broken:
        lines.append(Content.assemble((BAD + " ", BAD_STYLE), _("the text is not valid YAML yet, so its policies are "
                                                                "not applied: see Problems")))
    elif focus is not None and policy is None:
        name = focus.name or "?"
        lines.append(Content.assemble((BAD + " ", BAD_STYLE), (name, "bold"), "  ",
                                      _("not valid yet, so it is not applied: see Problems")))
    elif policy is None:
        lines.append(Content.assemble((_("No NetworkPolicy in the editor yet."), DIM)))
    else:
        lines.extend(_policy_lines(view, policy))
    others = [p for p in view.policies if policy is None or p.key != policy.key]
    if others:
        lines.append(Content.assemble((_("Also in effect:"), "bold")))
        for other in others:
            types = ", ".join(other.policy_types)
            count = len(view.network.selected(other))
            lines.append(Content.assemble("  ", (DOT + " ", DIM), other.key, "  ", (
                ngettext("selects {n} Pod ({types})", "selects {n} Pods ({types})", count).format(
                    n=format_number(count), types=types), DIM)))
    elif not view.policies:
        lines.append(Content.assemble((_("No policy isolates any Pod: every connection is allowed."), DIM)))
    return lines


def _policy_lines(view: PolicyView, policy: NetworkPolicy) -> list[Content]:
    ns = policy.namespace
    lines = [Content.assemble((policy.key, "bold"), "  ", (_("podSelector"), DIM), " ", str(policy.pod_selector),
                              "  ", (_("policyTypes"), DIM), " ", ", ".join(policy.policy_types))]
    for direction in ("Ingress", "Egress"):
        if direction not in view.isolated:
            continue
        pods = view.isolated[direction]
        head = (_("Isolated for ingress ({n}):") if direction == "Ingress" else
                _("Isolated for egress ({n}):")).format(n=format_number(len(pods)))
        lines.append(Content.assemble((head, "bold"), " ", _names(pods, ns) if pods else (_("no Pod"), WARN_STYLE)))
        rules = [r for r in view.rules if r.direction == direction]
        if not rules:
            text = (_("no ingress rules: nothing may come in") if direction == "Ingress"
                    else _("no egress rules: nothing may go out (DNS included)"))
            lines.append(Content.assemble("  ", (BAD + " ", BAD_STYLE), text))
        for rule in rules:
            label = (_("ingress rule {n}") if direction == "Ingress" else _("egress rule {n}")).format(n=rule.index + 1)
            lines.append(Content.assemble("  ", (label, "bold"), " ", _peers_text(policy, direction, rule.index)))
            peers = policy.rules(direction)[rule.index].peers
            if rule.admitted:
                shown = []
                for pod, peer in rule.admitted[:NAMES_SHOWN]:
                    matched = peers[peer] if peer is not None else None
                    shown.append(f"{pod_name(pod, ns)} [{deciding(view, policy, matched, pod)}]")
                if len(rule.admitted) > NAMES_SHOWN:
                    shown.append(_("+{n} more").format(n=format_number(len(rule.admitted) - NAMES_SHOWN)))
                lines.append(Content.assemble("    ", (OK + " ", OK_STYLE), (_("admits") + ": ", DIM),
                                              "; ".join(shown)))
            else:
                lines.append(Content.assemble("    ", (BAD + " ", BAD_STYLE), _("admits no Pod")))
            for pod, why in rule.misses:
                lines.append(Content.assemble("    ", (BAD + " ", BAD_STYLE), pod_name(pod, ns), ": ",
                                              (str(why) if why is not None else "-", WARN_STYLE)))
            rest = rule.not_admitted - len(rule.misses)
            if rest > 0:
                lines.append(Content.assemble("      ", (ngettext("… and {n} more Pod not admitted",
                                                                  "… and {n} more Pods not admitted", rest).format(
                    n=format_number(rest)), DIM)))
    return lines


