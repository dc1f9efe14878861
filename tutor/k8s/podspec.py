"""The API server's rules for the containers of a Pod spec, as kubectl prints them.

Mirrors the container part of ``ValidatePodSpec`` in Kubernetes 1.34
(``pkg/apis/core/validation``: ``validateContainers``, ``validateInitContainers``,
``validateContainerCommon``, ``validateContainerPorts``) for the fields a learner of
this course writes: a Pod needs at least one container; every container a name (a
DNS-1123 label, unique among the Pod's containers and init containers) and an image;
every port a ``containerPort`` in 1-65535 (and a ``hostPort`` in range when set), a
name in IANA_SVC_NAME form unique within its container, and a protocol of TCP, UDP or
SCTP. Errors are collected in a list, in the API server's order, each with its exact
path (``spec.containers[1].name``) and body (``Duplicate value: "web"``).

The input is the Python value of a ``spec`` (or a template's ``spec``) whose types
:mod:`tutor.k8s.pods` has already checked; values of another type are skipped here
(they are decoding errors, reported before validation). The same function checks a
Pod (``spec``) and a workload's template (``spec.template.spec``).
"""

from __future__ import annotations

from typing import Any

from tutor.k8s import field as f
from tutor.k8s.field import FieldError, Path
from tutor.k8s.validate import is_dns1123_label, is_valid_port_name, is_valid_port_num

#: containerPort protocols (``supportedPortProtocols``), sorted as ``sets.List`` lists them
SUPPORTED_PROTOCOLS = ["SCTP", "TCP", "UDP"]


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    """A string field as Go sees it once decoded: absent or null is ""."""
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    """An integer field as Go sees it once decoded: absent or null is 0; another type
    is a decoding error (None: not checked here)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def validate_container_ports(ports: Any, path: Path) -> list[FieldError]:
    """``validateContainerPorts``: name format and uniqueness within the container,
    ``containerPort`` required and in range, ``hostPort`` in range, protocol supported."""
    errs: list[FieldError] = []
    names: set[str] = set()
    for i, raw in enumerate(_items(ports)):
        if not isinstance(raw, dict):
            continue
        at = path.index(i)
        name = _text(raw.get("name"))
        if name:
            problems = is_valid_port_name(name)
            if problems:
                errs.extend(f.invalid(at.child("name"), name, msg, code="R-CONTAINER-PORT-NAME",
                                      params={"value": name}) for msg in problems)
            elif name in names:
                errs.append(f.duplicate(at.child("name"), name, code="R-CONTAINER-PORT-NAME-DUP",
                                        params={"value": name}))
            else:
                names.add(name)
        number = _int(raw.get("containerPort"))
        if number == 0:
            errs.append(f.required(at.child("containerPort"), code="R-CONTAINER-PORT"))
        elif number is not None:
            errs.extend(f.invalid(at.child("containerPort"), number, msg, code="R-CONTAINER-PORT",
                                  params={"value": number}) for msg in is_valid_port_num(number))
        host = _int(raw.get("hostPort"))
        if host:
            errs.extend(f.invalid(at.child("hostPort"), host, msg, code="R-CONTAINER-PORT", params={"value": host})
                        for msg in is_valid_port_num(host))
        protocol = _text(raw.get("protocol")) or "TCP"  # defaulted to TCP before validation
        if protocol not in SUPPORTED_PROTOCOLS:
            errs.append(f.not_supported(at.child("protocol"), protocol, SUPPORTED_PROTOCOLS,
                                        code="R-CONTAINER-PROTOCOL", params={"value": protocol}))
    return errs


def validate_container_common(container: dict[str, Any], path: Path) -> list[FieldError]:
    """``validateContainerCommon`` (the parts modelled): name, image, ports."""
    errs: list[FieldError] = []
    name = _text(container.get("name"))
    if not name:
        errs.append(f.required(path.child("name"), code="R-CONTAINER-NAME"))
    else:
        errs.extend(f.invalid(path.child("name"), name, msg, code="R-CONTAINER-NAME", params={"value": name})
                    for msg in is_dns1123_label(name))
    if not _text(container.get("image")):
        errs.append(f.required(path.child("image"), code="R-CONTAINER-IMAGE"))
    errs.extend(validate_container_ports(container.get("ports"), path.child("ports")))
    return errs


def validate_pod_spec_containers(spec: Any, path: Path) -> list[FieldError]:
    """The container rules of ``ValidatePodSpec`` for ``spec`` at ``path`` (``spec`` of
    a Pod, ``spec.template.spec`` of a workload): ``containers`` then ``initContainers``."""
    spec = spec if isinstance(spec, dict) else {}
    errs: list[FieldError] = []
    cpath = path.child("containers")
    containers = [c for c in _items(spec.get("containers")) if isinstance(c, dict)]
    regular: set[str] = set()
    if not _items(spec.get("containers")):
        errs.append(f.required(cpath, code="R-POD-CONTAINERS"))
    else:
        for i, raw in enumerate(_items(spec.get("containers"))):
            if not isinstance(raw, dict):
                continue
            at = cpath.index(i)
            errs.extend(validate_container_common(raw, at))
            name = _text(raw.get("name"))
            if name in regular:  # an empty name counts too, as in validateContainers
                errs.append(f.duplicate(at.child("name"), name, code="R-CONTAINER-NAME-DUP",
                                        params={"value": name}))
            else:
                regular.add(name)
            if raw.get("restartPolicy") is not None:
                errs.append(f.forbidden(at.child("restartPolicy"), "may not be set for non-init containers",
                                        code="R-CONTAINER-RESTART"))
    names = {_text(c.get("name")) for c in containers}
    ipath = path.child("initContainers")
    for i, raw in enumerate(_items(spec.get("initContainers"))):
        if not isinstance(raw, dict):
            continue
        at = ipath.index(i)
        errs.extend(validate_container_common(raw, at))
        policy = raw.get("restartPolicy")
        if isinstance(policy, str) and policy != "Always":
            errs.append(f.not_supported(at.child("restartPolicy"), policy, ["Always"], code="R-CONTAINER-RESTART",
                                        params={"value": policy}))
        name = _text(raw.get("name"))
        if name in names:
            errs.append(f.duplicate(at.child("name"), name, code="R-CONTAINER-NAME-DUP", params={"value": name}))
        elif name:
            names.add(name)
    return errs
