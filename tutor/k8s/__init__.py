"""The Kubernetes engine: parse, decode, default, allocate, validate and evaluate
Service manifests like a real API server, then select Pods and map ports.

Never imports Textual. Public API::

    from tutor.k8s import evaluate, Evaluation, DocResult, FieldError, Path
"""

from tutor.k8s.evaluate import DocResult, Evaluation, Warning, check_service, evaluate
from tutor.k8s.field import ErrorType, FieldError, Path
from tutor.k8s.model import Container, ContainerPort, Node, Pod, Pos, Service, ServicePort
from tutor.k8s.yamlpos import ParseResult, parse

__all__ = [
    "Container", "ContainerPort", "DocResult", "ErrorType", "Evaluation", "FieldError", "Node", "ParseResult",
    "Path", "Pod", "Pos", "Service", "ServicePort", "Warning", "check_service", "evaluate", "parse",
]
