"""The one Kubernetes version whose rules the engine follows (default feature gates)."""

#: Every rule in ``tutor.k8s`` follows this release with its default feature gates. It is
#: printed by ``--help``, written in the README and in every JSON output.
KUBERNETES_VERSION = "1.34"
