"""The Kubernetes engine: parse, decode, default, allocate, validate and evaluate
manifests like a real API server (Kubernetes 1.34), then select Pods, map ports and
trace connections. A pure model: never imports Textual, and of ``tutor`` only
``tutor.i18n`` (translatable texts) and ``tutor.lazy``.

Importing this package imports nothing else: import what you use from its modules::

    from tutor.k8s.evaluate import evaluate, Evaluation, DocResult
    from tutor.k8s.field import ErrorType, FieldError, Path
    from tutor.k8s.explain import explanation_text, fix_text
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.model import Pod, Service

Layers, lowest first: ``model`` and ``goformat`` (plain data, Go printing); ``field``
(paths, errors), ``yamlpos`` (YAML with positions), ``schema``; ``decode`` ->
``defaults`` -> ``validate`` -> ``allocate`` (the API server's stages) and ``explain``;
``pods`` -> ``cluster``; ``selection`` -> ``ports`` -> ``trace``; ``live`` (Node objects,
ownership, EndpointSlices compared); ``evaluate`` on top; ``dumps`` (a dump split for the lab).
"""
