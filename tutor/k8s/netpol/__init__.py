"""NetworkPolicy: admission like the 1.34 API server, and who may connect to whom.

Textual-free. Public API::

    from tutor.k8s.netpol import admit, Network, Verdict, Namespace, NetworkPolicy

* :func:`admit` decodes, defaults and validates one NetworkPolicy document (errors with
  exact paths, types and messages) and gives the stored policy.
* :class:`Network` (Pods, Namespaces, policies) answers ``verdict(src, dst, port,
  protocol)`` with both sides, the isolating and admitting policies and a reason, and
  ``matrix(port, protocol)`` per class of equivalent Pods.
"""

from tutor.k8s.netpol.admit import API_VERSION, KIND, Admission, PolicyWarning, admit, admit_text
from tutor.k8s.netpol.engine import (
    CLUSTER_DNS,
    Admit,
    Matrix,
    Network,
    PodClass,
    ProbeError,
    Side,
    Skipped,
    Verdict,
    english,
    pod_key,
)
from tutor.k8s.netpol.model import (
    EGRESS,
    INGRESS,
    NAMESPACE_NAME_LABEL,
    IPBlock,
    LabelSelector,
    Namespace,
    NetworkPolicy,
    Peer,
    PolicyPort,
    Requirement,
    Rule,
)

__all__ = [
    "API_VERSION", "CLUSTER_DNS", "EGRESS", "INGRESS", "KIND", "NAMESPACE_NAME_LABEL", "Admission", "Admit", "IPBlock",
    "LabelSelector", "Matrix", "Namespace", "Network", "NetworkPolicy", "Peer", "PodClass", "PolicyPort",
    "PolicyWarning", "ProbeError", "Requirement", "Rule", "Side", "Skipped", "Verdict", "admit", "admit_text",
    "english", "pod_key",
]
