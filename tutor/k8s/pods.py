"""Pods for the simulated cluster: from Pod manifests and from workload manifests.

``pod_from_manifest`` reads a real ``v1`` Pod manifest (with or without ``status``);
``pods_from_workload`` expands a Deployment, ReplicaSet, StatefulSet, DaemonSet or Job
into the Pods its controller would create; ``pods_from_yaml`` reads a multi-document
YAML text of both.

Leniency: optional parts may be missing (no ``spec``, no ports, no status). What makes
an object not a Pod raises :class:`PodError`: no name, ``containers`` not a list, a
``containerPort`` that is not an integer, a label value that is not a string, ...

Without ``status`` a Pod is Running and Ready with no node and no IP yet:
:meth:`tutor.k8s.cluster.Cluster.add_pod` schedules it and gives it an IP. A ``status``
with only an address (``podIP``) pins that address and nothing else.

**Live state** (a ``status`` with a ``phase`` or ``conditions``, as every object read from
a cluster has) is read the way the EndpointSlice controller reads it (k8s.io/endpointslice
v0.34 ``podToEndpoint``, ``ShouldPodBeInEndpoints``): the Pod is ready only when its
``Ready`` condition is ``True`` (a Running Pod without that condition is not ready);
``metadata.deletionTimestamp`` makes it terminating; its addresses are ``status.podIPs``
(from ``status.podIP`` when that list is empty; when the two disagree ``podIP`` wins, as
the API server's v1 conversion does), IPv4 and IPv6 in any order (dual-stack): ``ip`` is
the IPv4 one, the address of an IPv4 Service's endpoint. The controller-owner from
``metadata.ownerReferences`` becomes ``owner`` (``ReplicaSet/web-7d4b9c6f5``). A live
Pod with an address (or Pending, or finished) keeps its node and addresses (``live``).

Containers: ``Pod.containers`` holds ``spec.containers`` in order, then the native
sidecars (``initContainers`` with ``restartPolicy: Always``, ``sidecar=True``) in order:
the order in which FindPort looks for a named port. Other init containers have run to
completion before the Pod serves anything, so they are not kept.

Generated names are deterministic (derived from hashes, never from randomness) so a
lesson shows the same names every time: a Deployment ``web`` gets Pods like
``web-7d4b9c6f5-x2k4q`` (ReplicaSet ``web-<pod-template-hash>``, then a 5-character
suffix), written with the same 27-character alphabet Kubernetes uses for generated names.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from tutor.i18n import N_, Text, format_number
from tutor.k8s.explain import type_word
from tutor.k8s.field import FieldError, Path
from tutor.k8s.model import Container, ContainerPort, Node, Pod, Pos
from tutor.k8s.podspec import validate_pod_spec_containers

WORKLOAD_KINDS: dict[str, str] = {
    "Deployment": "apps/v1",
    "StatefulSet": "apps/v1",
    "DaemonSet": "apps/v1",
    "ReplicaSet": "apps/v1",
    "Job": "batch/v1",
}
POD_PHASES = ("Pending", "Running", "Succeeded", "Failed", "Unknown")
PROTOCOLS = ("TCP", "UDP", "SCTP")
#: Nodes a DaemonSet is spread over when the caller gives none (the default cluster's).
DEFAULT_NODE_NAMES = ("node-a", "node-b")
#: Pods simulated per workload at most (``replicas``/``parallelism`` beyond it count as
#: this many): ``replicas: 99999999999`` must not build a hundred billion Pods.
MAX_WORKLOAD_PODS = 1_000
#: Pods of workloads simulated at most, across all workloads of a cluster: 240 KB of
#: Deployments would otherwise make a million Pods (seconds and a gigabyte per check).
#: The largest workloads beyond it are left out, with a message naming them.
MAX_TOTAL_PODS = 100_000

#: The alphabet of Kubernetes generated names (no vowels, no look-alike characters).
_SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
_DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")


class PodError(Exception):
    """Why a manifest does not make a Pod (or a workload): a :class:`Text` message,
    the field path it is about (``spec.containers[0].ports[0].containerPort``), and
    where the document starts (``pos``) and which document of a multi-document text it
    is (``index``, 0-based)."""

    def __init__(self, message: Text, path: str | None = None, *, pos: Pos | None = None, index: int = 0,
                 errors: Sequence[FieldError] = ()):
        super().__init__(message.english())
        self.message = message
        #: a validation failure: every error the API server would list (the first is
        #: ``message``/``path``); empty for a decoding problem
        self.errors = list(errors)
        self.path = path
        self.pos = pos
        self.index = index

    def __str__(self) -> str:  # rendered in the current language
        return f"{self.path}: {self.message}" if self.path else str(self.message)

    def english(self) -> str:
        text = self.message.english()
        return f"{self.path}: {text}" if self.path else text


# --------------------------------------------------------------------------- small checks
def _kind_name(value: Any) -> Text | str:
    """A learner's word for the type of ``value``, translated when shown."""
    return type_word(_type_name(value))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _mapping(value: Any, path: str, *, required: bool = False) -> dict[str, Any]:
    if value is None:
        if required:
            raise PodError(Text(N_("Required value")), path)
        return {}
    if not isinstance(value, dict):
        raise PodError(Text(N_("must be a mapping, not a {kind}"), kind=_kind_name(value)), path)
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PodError(Text(N_("must be a list, not a {kind}"), kind=_kind_name(value)), path)
    return value


def _string(value: Any, path: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise PodError(Text(N_("Required value")), path)
        return ""
    if not isinstance(value, str):
        raise PodError(Text(N_("must be a string, not a {kind} (quote it)"), kind=_kind_name(value)), path)
    return value


def _object_name(value: Any, path: str, what: str) -> str:
    name = _string(value, path, required=True)
    if len(name) > 253 or not _DNS1123_SUBDOMAIN.match(name):
        raise PodError(Text(N_("{what} name '{name}' is invalid: use lowercase letters, digits, '-' and '.', "
                               "starting and ending with a letter or digit"), what=what, name=name), path)
    return name


def _namespace(value: Any, path: str) -> str:
    ns = _string(value, path) or "default"
    if len(ns) > 63 or not _DNS1123_LABEL.match(ns):
        raise PodError(Text(N_("namespace '{name}' is invalid: use lowercase letters, digits and '-', "
                               "starting and ending with a letter or digit"), name=ns), path)
    return ns


def _labels(value: Any, path: str) -> dict[str, str]:
    raw = _mapping(value, path)
    out: dict[str, str] = {}
    for key, val in raw.items():
        if not isinstance(key, str):
            raise PodError(Text(N_("label keys must be strings, not a {kind}"), kind=_kind_name(key)), path)
        if val is None:
            val = ""
        if not isinstance(val, str):
            raise PodError(Text(N_("label values must be strings, but {key} is a {kind}: quote the value "
                                   "(for example \"{value}\")"),
                                key=key, kind=_kind_name(val), value=_yaml_scalar(val)), f"{path}.{key}")
        out[key] = val
    return out


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _container_port(value: Any, path: str) -> int:
    """A containerPort's number's type (absent is 0, as Go decodes it; its range is validation's)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise PodError(Text(N_("must be a whole number, not a {kind}"), kind=_kind_name(value)), path)
    return value


def _port_number(value: Any, path: str) -> int:
    if value is None:
        raise PodError(Text(N_("Required value")), path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PodError(Text(N_("must be a whole number, not a {kind}"), kind=_kind_name(value)), path)
    if not 1 <= value <= 65535:
        raise PodError(Text(N_("Invalid value: {value}: must be between 1 and 65535, inclusive"), value=value), path)
    return value


# --------------------------------------------------------------------------- containers
def _container(raw: Any, path: str, *, sidecar: bool) -> Container:
    """One container, its types checked (a decoding error raises :class:`PodError`); the
    API server's rules for its values are :func:`tutor.k8s.podspec.validate_pod_spec_containers`."""
    obj = _mapping(raw, path, required=True)
    name = _string(obj.get("name"), f"{path}.name")
    _string(obj.get("image"), f"{path}.image")
    ports: list[ContainerPort] = []
    for i, raw_port in enumerate(_list(obj.get("ports"), f"{path}.ports")):
        ppath = f"{path}.ports[{i}]"
        port = _mapping(raw_port, ppath, required=True)
        number = _container_port(port.get("containerPort"), f"{ppath}.containerPort")
        pname = _string(port.get("name"), f"{ppath}.name")
        protocol = _string(port.get("protocol"), f"{ppath}.protocol") or "TCP"
        ports.append(ContainerPort(container_port=number, name=pname, protocol=protocol))
    env: dict[str, str] = {}
    for i, raw_env in enumerate(_list(obj.get("env"), f"{path}.env")):
        epath = f"{path}.env[{i}]"
        item = _mapping(raw_env, epath, required=True)
        key = _string(item.get("name"), f"{epath}.name", required=True)
        value = item.get("value")
        if value is not None and not isinstance(value, str):
            raise PodError(Text(N_("must be a string, not a {kind} (quote it)"), kind=_kind_name(value)),
                           f"{epath}.value")
        env[key] = value or ""
    return Container(name=name, ports=ports, env=env, sidecar=sidecar)


def _containers(spec: dict[str, Any], path: str) -> list[Container]:
    containers = [_container(c, f"{path}.containers[{i}]", sidecar=False)
                  for i, c in enumerate(_list(spec.get("containers"), f"{path}.containers"))]
    for i, raw in enumerate(_list(spec.get("initContainers"), f"{path}.initContainers")):
        cpath = f"{path}.initContainers[{i}]"
        obj = _mapping(raw, cpath, required=True)
        if obj.get("restartPolicy") == "Always":
            containers.append(_container(obj, cpath, sidecar=True))
        else:  # an ordinary init container: still checked, then dropped (it has exited)
            _container(obj, cpath, sidecar=False)
    return containers


#: Rules only ``strict`` decoding applies: a lesson's cluster description (and a unit
#: test) stands for running Pods, so an image and a container are taken for granted.
_LENIENT_CODES = frozenset({"R-CONTAINER-IMAGE", "R-POD-CONTAINERS"})


def _validate_containers(spec: dict[str, Any], path: str, strict: bool) -> None:
    """The API server's container rules (:mod:`tutor.k8s.podspec`): every error it
    finds, in a :class:`PodError` whose ``errors`` holds them all. Not ``strict``: no
    image and no container are accepted (:data:`_LENIENT_CODES`)."""
    errors = validate_pod_spec_containers(spec, Path(*path.split(".")))
    if not strict:
        errors = [e for e in errors if e.code not in _LENIENT_CODES]
    if errors:
        first = errors[0]
        body = first.message[len(f"{first.path}: "):] if first.path else first.message
        raise PodError(Text(N_("{message}"), message=body), first.path, errors=errors)


def port_clashes(pod: Pod) -> list[tuple[int, str, list[str]]]:
    """``(port, protocol, [containers])`` for every port more than one container of the
    Pod listens on (the one listening rule: :attr:`Container.listen_ports`): they share
    one network namespace, so only the first to start can bind it; the others fail with
    "address already in use"."""
    owners: dict[tuple[int, str], list[str]] = {}
    for c in pod.containers:
        for key in c.listen_ports:
            names = owners.setdefault(key, [])
            if c.name not in names:
                names.append(c.name)
    return [(port, proto, names) for (port, proto), names in owners.items() if len(names) > 1]


def declared_clashes(pod: Pod) -> list[tuple[int, str, list[str]]]:
    """``(containerPort, protocol, [containers])`` for every port declared by more than
    one container of the Pod. Declaring opens nothing, but such a declaration is always
    wrong: at most one of them can listen there."""
    owners: dict[tuple[int, str], list[str]] = {}
    for c in pod.containers:
        for p in c.ports:
            names = owners.setdefault((p.container_port, p.protocol), [])
            if c.name not in names:
                names.append(c.name)
    return [(port, proto, names) for (port, proto), names in owners.items() if len(names) > 1]


# --------------------------------------------------------------------------- listening
# Declaring a containerPort opens nothing: the program decides where it listens. Without
# the image the simulation assumes a container listens on the ports it declares
# (``Container.listening is None``). A lesson's cluster can say otherwise, per container,
# with a ``listening:`` list (see :func:`listen_rules_from_spec`); the rules apply to the
# lesson's Pods and to the Pods of the learner's text (``Cluster.listening``).

#: ``port:`` values of a listening rule that mean "nothing"
_NOTHING = ("none", "nothing")


@dataclass(frozen=True)
class ListenRule:
    """What a lesson says the program of some containers really listens on.

    ``container``: the container's name; ``pod``: a Pod name or an owner such as
    ``Deployment/web`` (None: every Pod); ``namespace`` (None: any); ``ports``: port
    numbers and ``"$env:NAME"`` entries (the port in that environment variable of the
    container); ``()`` means nothing; ``protocol`` for all of them."""

    container: str
    pod: str | None = None
    namespace: str | None = None
    ports: tuple[int | str, ...] = ()
    protocol: str = "TCP"

    def matches(self, pod: Pod, container: Container) -> bool:
        if container.name != self.container:
            return False
        if self.namespace is not None and pod.namespace != self.namespace:
            return False
        return self.pod is None or self.pod in (pod.name, pod.owner)

    def resolve(self, container: Container) -> Container:
        """``container`` with :attr:`Container.listening` set by this rule. An
        environment variable that is missing or not a port number gives no port (the
        program would fail to start, or listen somewhere else)."""
        listening: list[tuple[int, str]] = []
        env: list[str] = []
        for item in self.ports:
            if isinstance(item, int):
                number: int | None = item
            else:
                name = item[len("$env:"):]
                env.append(name)
                number = env_port(container.env.get(name))
            if number is not None and (number, self.protocol) not in listening:
                listening.append((number, self.protocol))
        return dataclasses.replace(container, listening=listening, listen_env=tuple(env))


def env_port(value: str | None) -> int | None:
    """The port number an environment variable's value gives a program, or None."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= 65535 else None


def listen_rules_from_spec(raw: Any, path: str = "listening") -> list[ListenRule]:
    """The rules of a lesson cluster's ``listening:`` list::

        listening:
          - {container: metrics, port: $env:LISTEN_PORT}      # the port in LISTEN_PORT
          - {pod: shop, container: app, port: 8080}            # a fixed port
          - {container: sidecar, port: none}                   # nothing at all
          - {container: dns, port: [53, $env:METRICS_PORT], protocol: UDP}

    ``pod`` (a Pod name or an owner like ``Deployment/web``) and ``namespace`` narrow a
    rule; without them it applies to every container of that name. Raises
    :class:`PodError` (with the entry's path) for a rule written wrongly."""
    rules: list[ListenRule] = []
    for i, item in enumerate(_list(raw, path)):
        ipath = f"{path}[{i}]"
        obj = _mapping(item, ipath, required=True)
        unknown = sorted(set(obj) - {"container", "pod", "namespace", "port", "protocol"})
        if unknown:
            raise PodError(Text(N_("unknown key {key} (allowed: container, pod, namespace, port, protocol)"),
                                key=unknown[0]), ipath)
        container = _string(obj.get("container"), f"{ipath}.container", required=True)
        pod = _string(obj.get("pod"), f"{ipath}.pod") or None
        namespace = _string(obj.get("namespace"), f"{ipath}.namespace") or None
        protocol = _string(obj.get("protocol"), f"{ipath}.protocol") or "TCP"
        if protocol not in PROTOCOLS:
            raise PodError(Text(N_("Unsupported value: '{value}': supported values: \"SCTP\", \"TCP\", \"UDP\""),
                                value=protocol), f"{ipath}.protocol")
        if "port" not in obj:
            raise PodError(Text(N_("Required value: a port number, $env:NAME, a list of them, or none")),
                           f"{ipath}.port")
        value = obj.get("port")
        items = value if isinstance(value, list) else [value]
        ports: list[int | str] = []
        for j, entry in enumerate(items):
            epath = f"{ipath}.port" + (f"[{j}]" if isinstance(value, list) else "")
            if isinstance(entry, str) and entry.strip() in _NOTHING and not isinstance(value, list):
                continue
            if isinstance(entry, str) and entry.startswith("$env:") and entry[len("$env:"):].strip():
                ports.append("$env:" + entry[len("$env:"):].strip())
                continue
            if isinstance(entry, str):
                _not_a_port(entry, epath)
            ports.append(_port_number(entry, epath))
        rules.append(ListenRule(container=container, pod=pod, namespace=namespace, ports=tuple(ports),
                                protocol=protocol))
    return rules


def _not_a_port(value: str, path: str) -> NoReturn:
    raise PodError(Text(N_("'{value}' is not a port number, $env:NAME or none"), value=value), path)


def apply_listening(pods: Iterable[Pod], rules: Sequence[ListenRule]) -> list[Pod]:
    """``pods`` with the listening rules applied: a Pod with a container a rule matches
    becomes a new Pod (the first matching rule wins per container); the others are
    returned as they are. Replicas that share a container list keep sharing one."""
    pods = list(pods)
    if not rules:
        return pods
    made: dict[tuple[int, tuple[int, ...]], list[Container]] = {}
    out: list[Pod] = []
    for pod in pods:
        chosen = tuple(next((i for i, r in enumerate(rules) if r.matches(pod, c)), -1) for c in pod.containers)
        if all(i < 0 for i in chosen):
            out.append(pod)
            continue
        key = (id(pod.containers), chosen)
        containers = made.get(key)
        if containers is None:
            containers = made[key] = [rules[i].resolve(c) if i >= 0 else c for c, i in zip(pod.containers, chosen)]
        out.append(dataclasses.replace(pod, containers=containers))
    return out


def listening_summary(pod: Pod) -> Text:
    """``container app: …; container metrics: …``: where each container of ``pod``
    listens, and why the simulation thinks so."""
    texts = [Text(N_("container {container}: {what}"), container=c.name, what=listening_text(c))
             for c in pod.containers]
    return join_texts(texts) or Text(N_("the Pod has no containers"))


def declared_summary(pod: Pod) -> Text | None:
    """``container app: 8080/TCP; container metrics: 9100/TCP``: what each container of
    ``pod`` declares (None: no container declares a port)."""
    texts = [Text(N_("container {container}: {ports}"), container=c.name,
                  ports=", ".join(f"{p.container_port}/{p.protocol}" for p in c.ports))
             for c in pod.containers if c.ports]
    return join_texts(texts)


def join_texts(texts: Sequence[Text]) -> Text | None:
    """Texts joined by "; ", each translated when shown (None for none)."""
    if not texts:
        return None
    out = texts[-1]
    for text in reversed(texts[:-1]):
        out = Text(N_("{first}; {rest}"), first=text, rest=out)
    return out


def listening_text(container: Container) -> Text:
    """Where a container listens, and why the simulation thinks so, in learner terms."""
    ports = ", ".join(f"{port}/{proto}" for port, proto in container.listen_ports)
    if container.listening is None:
        if not container.ports:
            return Text(N_("declares no port, so the simulation assumes it listens on none (it cannot run the "
                           "image)"))
        return Text(N_("assumed to listen on its declared ports ({ports}): the simulation cannot run the image"),
                    ports=ports)
    if container.listen_env:
        env = ", ".join(container.listen_env)
        if not container.listening:
            missing = [name for name in container.listen_env if name not in container.env]
            if missing:
                return Text(N_("listens on the port in {env} in this lesson, but {name} is not set, so it listens "
                               "on none"), env=env, name=missing[0])
            name = container.listen_env[0]
            return Text(N_("listens on the port in {env} in this lesson, but {name} is \"{value}\", not a port "
                           "number, so it listens on none"), env=env, name=name, value=container.env[name])
        return Text(N_("listens on {ports} in this lesson: the port in {env}"), ports=ports, env=env)
    if not container.listening:
        return Text(N_("listens on no port in this lesson"))
    return Text(N_("listens on {ports} in this lesson, whatever it declares"), ports=ports)


# --------------------------------------------------------------------------- Pods
def _check_kind(obj: dict[str, Any], kind: str, api_version: str) -> None:
    got_kind = obj.get("kind")
    if got_kind is not None and got_kind != kind:
        raise PodError(Text(N_("this is a {got}, not a {wanted}"), got=_yaml_scalar(got_kind), wanted=kind), "kind")
    got_api = obj.get("apiVersion")
    if got_api is not None and got_api != api_version:
        raise PodError(Text(N_('no matches for kind "{kind}" in version "{version}": {kind} is in {wanted}'),
                            kind=kind, version=_yaml_scalar(got_api), wanted=api_version), "apiVersion")


def _ready_from_conditions(conditions: list[Any], path: str) -> bool | None:
    for i, raw in enumerate(conditions):
        cond = _mapping(raw, f"{path}[{i}]", required=True)
        if cond.get("type") == "Ready":
            status = cond.get("status")
            if isinstance(status, bool):  # unquoted True in YAML
                return status
            return status == "True"
    return None


def _ip(value: Any, path: str) -> str:
    """An address as the API server stores it (netutils.ParseIPSloppy, written back canonically)."""
    text = _string(value, path, required=True)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        parts = text.split(".")
        if len(parts) == 4 and all(p.isascii() and p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
            return ".".join(str(int(p)) for p in parts)  # leading zeros: read as decimal, like Go
        raise PodError(Text(N_("'{value}' is not an IP address"), value=text), path) from None


def _pod_ips(status: dict[str, Any]) -> tuple[str, ...]:
    """``status.podIPs`` as the API server's v1 conversion leaves it: filled from
    ``podIP`` when empty, and only ``podIP`` when the first entry disagrees with it."""
    ips: list[str] = []
    for i, raw in enumerate(_list(status.get("podIPs"), "status.podIPs")):
        entry = _mapping(raw, f"status.podIPs[{i}]", required=True)
        ips.append(_ip(entry.get("ip"), f"status.podIPs[{i}].ip"))
    single = _string(status.get("podIP"), "status.podIP")
    if single:
        single = _ip(single, "status.podIP")
        if not ips or ips[0] != single:
            ips = [single]
    return tuple(ips)


def _controller_owner(refs: Any) -> str | None:
    """``Kind/name`` of the controller among ``ownerReferences`` (the one marked
    ``controller: true``, else the first), None without owners."""
    if not isinstance(refs, list):
        return None
    owners = [r for r in refs if isinstance(r, dict) and isinstance(r.get("kind"), str)
              and isinstance(r.get("name"), str)]
    if not owners:
        return None
    chosen = next((r for r in owners if r.get("controller") is True), owners[0])
    return f"{chosen['kind']}/{chosen['name']}"


#: The fields of a Pod manifest :func:`pod_from_manifest` reads (for
#: :func:`tutor.k8s.yamlpos.to_python_view`: a dump's Pods hold much more).
POD_FIELDS: dict[str, Any] = {
    "apiVersion": True, "kind": True,
    "metadata": {k: True for k in ("name", "namespace", "labels", "deletionTimestamp", "ownerReferences", "uid")},
    "spec": {k: True for k in ("containers", "initContainers", "nodeName", "hostname", "subdomain", "hostNetwork",
                               "dnsPolicy", "dnsConfig")},
    "status": {k: True for k in ("phase", "conditions", "podIP", "podIPs")},
}


#: spec.dnsPolicy values (core.DNSPolicy), in the order the API server lists them
DNS_POLICIES = ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")


def _dns_settings(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """``dnsPolicy`` and ``dnsConfig`` of a Pod spec, as :class:`Pod` fields (the
    API server's rules for them: a known policy; ``None`` needs a dnsConfig with a
    nameserver)."""
    policy = _string(spec.get("dnsPolicy"), f"{path}.dnsPolicy") or "ClusterFirst"
    if policy not in DNS_POLICIES:
        raise PodError(Text(N_("Unsupported value: '{value}': supported values: {supported}"), value=policy,
                            supported=", ".join(f'"{p}"' for p in DNS_POLICIES)), f"{path}.dnsPolicy")
    config = spec.get("dnsConfig")
    if config is None:
        if policy == "None":
            raise PodError(Text(N_("Required value: must provide `dnsConfig` when `dnsPolicy` is None")),
                           f"{path}.dnsConfig")
        return {"dns_policy": policy}
    config = _mapping(config, f"{path}.dnsConfig")
    where = f"{path}.dnsConfig"
    nameservers = tuple(_string(v, f"{where}.nameservers[{i}]", required=True)
                        for i, v in enumerate(_list(config.get("nameservers"), f"{where}.nameservers")))
    if policy == "None" and not nameservers:
        raise PodError(Text(N_("Required value: must provide at least one DNS nameserver when `dnsPolicy` is None")),
                       f"{where}.nameservers")
    searches = tuple(_string(v, f"{where}.searches[{i}]", required=True).rstrip(".").lower()
                     for i, v in enumerate(_list(config.get("searches"), f"{where}.searches")))
    options: list[tuple[str, str | None]] = []
    for i, item in enumerate(_list(config.get("options"), f"{where}.options")):
        option = _mapping(item, f"{where}.options[{i}]")
        name = _string(option.get("name"), f"{where}.options[{i}].name", required=True)
        value = option.get("value")
        if value is not None and not isinstance(value, str):
            raise PodError(Text(N_("must be a string, not a {kind} (quote it)"), kind=_kind_name(value)),
                           f"{where}.options[{i}].value")
        options.append((name, value))
    return {"dns_policy": policy, "dns_nameservers": nameservers, "dns_searches": searches,
            "dns_options": tuple(options)}


def pod_from_manifest(obj: dict[str, Any], pos: Pos | None = None, index: int = 0, *, strict: bool = False) -> Pod:
    """A :class:`Pod` from a ``v1`` Pod manifest (a dict as loaded from YAML).

    ``pos`` is where the document starts; ``index`` is its 0-based number in a
    multi-document text. Both are carried on the Pod (``pos``) and on any
    :class:`PodError` raised. The API server's container rules apply
    (:mod:`tutor.k8s.podspec`); only ``strict`` (a manifest checked as the API server
    would: ``ktutor check``, the lab's text) also requires an image in every container
    and at least one container, which a lesson's cluster description may leave out."""
    try:
        if not isinstance(obj, dict):
            raise PodError(Text(N_("a Pod manifest must be a mapping, not a {kind}"), kind=_kind_name(obj)))
        _check_kind(obj, "Pod", "v1")
        meta = _mapping(obj.get("metadata"), "metadata", required=True)
        name = _object_name(meta.get("name"), "metadata.name", "Pod")
        namespace = _namespace(meta.get("namespace"), "metadata.namespace")
        labels = _labels(meta.get("labels"), "metadata.labels")
        spec = _mapping(obj.get("spec"), "spec")
        containers = _containers(spec, "spec")
        node = _string(spec.get("nodeName"), "spec.nodeName") or None
        hostname = _string(spec.get("hostname"), "spec.hostname")
        subdomain = _string(spec.get("subdomain"), "spec.subdomain")
        terminating = meta.get("deletionTimestamp") is not None
        owner = _controller_owner(meta.get("ownerReferences"))
        raw_uid = meta.get("uid")
        uid = raw_uid if isinstance(raw_uid, str) else ""
        phase, ip, ready, live = "Running", None, True, False
        ips: tuple[str, ...] = ()
        if obj.get("status") is not None:
            status = _mapping(obj.get("status"), "status")
            live = status.get("phase") is not None or status.get("conditions") is not None
            phase = _string(status.get("phase"), "status.phase") or "Running"
            if phase not in POD_PHASES:
                raise PodError(Text(N_("Unsupported value: '{value}': supported values: {supported}"),
                                    value=phase, supported=", ".join(f'"{p}"' for p in POD_PHASES)), "status.phase")
            ips = _pod_ips(status)
            ip = next((a for a in ips if ":" not in a), None)
            conditions = _list(status.get("conditions"), "status.conditions")
            cond_ready = _ready_from_conditions(conditions, "status.conditions")
            if live:
                ready = cond_ready is True  # podutil.IsPodReady: the Ready condition, nothing else
            elif cond_ready is not None:
                ready = cond_ready
        if not live:
            ready = ready and phase == "Running"
        _validate_containers(spec, "spec", strict)
        return Pod(name=name, namespace=namespace, labels=labels, containers=containers, node=node, ip=ip,
                   phase=phase, ready=ready, terminating=terminating, pos=pos, hostname=hostname,
                   subdomain=subdomain, ips=ips, live=live, uid=uid, owner=owner,
                   host_network=spec.get("hostNetwork") is True, **_dns_settings(spec, "spec"))
    except PodError as err:
        err.pos = err.pos or pos
        err.index = index
        raise


# --------------------------------------------------------------------------- workloads
def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def generated_suffix(seed: str, length: int = 5) -> str:
    """A deterministic stand-in for the random suffix of a generated name."""
    return "".join(_SAFE_ALPHABET[b % len(_SAFE_ALPHABET)] for b in _digest(seed)[:length])


def template_hash(template: Any) -> str:
    """A stable ``pod-template-hash``: a 32-bit hash of the template written in decimal,
    each digit mapped to the generated-name alphabet (which is why real hashes only use
    ``4-9`` and ``b c d f``)."""
    canonical = json.dumps(template, sort_keys=True, default=str, separators=(",", ":"))
    number = int.from_bytes(_digest(canonical)[:4], "big")
    return "".join(_SAFE_ALPHABET[ord(c) % len(_SAFE_ALPHABET)] for c in str(number))


def replacement_name(pod: Pod, generation: int) -> str:
    """The name of the Pod a controller creates to replace ``pod``. StatefulSet Pods keep
    their name (``web-0`` stays ``web-0``: a stable identity); other generated names get
    a new suffix; a Pod without an owner keeps its name."""
    if pod.owner is None or pod.owner.startswith("StatefulSet/"):
        return pod.name
    prefix = pod.name.rsplit("-", 1)[0] if "-" in pod.name else pod.name
    return f"{prefix}-{generated_suffix(f'{pod.namespace}/{pod.name}#{generation}')}"


def _match_expressions(exprs: list[Any], labels: dict[str, str], path: str) -> bool:
    for i, raw in enumerate(exprs):
        expr = _mapping(raw, f"{path}[{i}]", required=True)
        key = _string(expr.get("key"), f"{path}[{i}].key", required=True)
        op = expr.get("operator")
        values = [str(v) for v in _list(expr.get("values"), f"{path}[{i}].values")]
        if op == "In":
            ok = key in labels and labels[key] in values
        elif op == "NotIn":
            ok = key not in labels or labels[key] not in values
        elif op == "Exists":
            ok = key in labels
        elif op == "DoesNotExist":
            ok = key not in labels
        else:
            raise PodError(Text(N_("Unsupported value: '{value}': supported values: \"DoesNotExist\", "
                                   "\"Exists\", \"In\", \"NotIn\""), value=_yaml_scalar(op)),
                           f"{path}[{i}].operator")
        if not ok:
            return False
    return True


def _check_selector(kind: str, spec: dict[str, Any], labels: dict[str, str]) -> None:
    if kind == "Job" or spec.get("selector") is None:
        return  # Jobs generate their selector; a missing one is tolerated (lenient)
    selector = _mapping(spec.get("selector"), "spec.selector")
    match = _labels(selector.get("matchLabels"), "spec.selector.matchLabels")
    exprs = _list(selector.get("matchExpressions"), "spec.selector.matchExpressions")
    if not match and not exprs:
        raise PodError(Text(N_("empty selector is invalid for a {kind}"), kind=kind), "spec.selector")
    ok = all(labels.get(k) == v for k, v in match.items()) and _match_expressions(
        exprs, labels, "spec.selector.matchExpressions")
    if not ok:
        raise PodError(Text(N_("`selector` does not match template `labels`: every label in "
                               "spec.selector must also be on the Pod template")), "spec.template.metadata.labels")


def _count(value: Any, path: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise PodError(Text(N_("must be a whole number, not a {kind}"), kind=_kind_name(value)), path)
    if value < 0:
        raise PodError(Text(N_("Invalid value: {value}: must be greater than or equal to 0"), value=value), path)
    return min(value, MAX_WORKLOAD_PODS)


def _node_names(nodes: Iterable[Node | str] | None) -> list[str]:
    if nodes is None:
        return list(DEFAULT_NODE_NAMES)
    return [n if isinstance(n, str) else n.name for n in nodes]


def workload_size(obj: Any, nodes: Sequence[Node | str] | None = None) -> int:
    """How many Pods :func:`pods_from_workload` makes of ``obj`` (0 when it is not a
    valid workload), without making them."""
    try:
        kind = obj.get("kind") if isinstance(obj, dict) else None
        spec = obj.get("spec") if isinstance(obj, dict) else None
        spec = spec if isinstance(spec, dict) else {}
        if kind == "DaemonSet":
            return len(_node_names(nodes))
        if kind == "Job":
            return _count(spec.get("parallelism"), "spec.parallelism", 1)
        if kind in WORKLOAD_KINDS:
            return _count(spec.get("replicas"), "spec.replicas", 1)
    except PodError:
        pass
    return 0


def workload_label(obj: Any) -> str:
    """``Deployment default/web``: a workload as messages name it."""
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    namespace = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
    return f"{obj.get('kind') if isinstance(obj, dict) else '?'} {namespace}/{meta.get('name')}"


def over_limit(sizes: Sequence[int], budget: int) -> set[int]:
    """Which workloads (indexes into ``sizes``, their Pod counts) to leave out so that
    the others fit in ``budget`` Pods: the largest first (the first of equal ones last)."""
    total = sum(sizes)
    out: set[int] = set()
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], -i)):
        if total <= max(budget, 0):
            break
        out.add(i)
        total -= sizes[i]
    return out


def limit_text(total: int, names: Sequence[str], sizes: Sequence[int]) -> Text:
    """The message for workloads left out by :data:`MAX_TOTAL_PODS`."""
    shown = "; ".join(f"{n}: {format_number(k)}" for n, k in zip(names[:5], sizes[:5]))
    if len(names) > 5:
        shown += f" (+{format_number(len(names) - 5)})"
    return Text(N_("the workloads would make {total} Pods, more than the {limit} the simulated cluster holds; "
                   "these are too big and are left out (lower their replicas or parallelism): {workloads}"),
                total=format_number(total), limit=format_number(MAX_TOTAL_PODS), workloads=shown)


def pods_from_workload(obj: dict[str, Any], pos: Pos | None = None, nodes: Sequence[Node | str] | None = None,
                       *, index: int = 0, most: int | None = None, strict: bool = False) -> list[Pod]:
    """The Pods the workload's controller would create (no IPs yet; only DaemonSet Pods
    are bound to nodes). ``nodes`` (Nodes or names) is where a DaemonSet runs; without it
    the default cluster's nodes are assumed. ``owner`` is ``"<Kind>/<name>"``.

    Names: StatefulSet ``web-0, web-1, ...`` (hostname = the Pod name, subdomain =
    ``spec.serviceName``); Deployment ``web-<hash>-<suffix>``;
    ReplicaSet, DaemonSet and Job ``web-<suffix>``. Labels are the template's plus the
    ones the controller adds (Deployment ``pod-template-hash``; StatefulSet
    ``statefulset.kubernetes.io/pod-name`` and ``apps.kubernetes.io/pod-index``; Job
    ``batch.kubernetes.io/job-name`` and ``job-name``). Counts: ``spec.replicas`` (default
    1), one per node for a DaemonSet, ``spec.parallelism`` (default 1) for a Job; at most
    :data:`MAX_WORKLOAD_PODS` (and at most ``most``: 0 only checks the workload).

    The replicas share one ``containers`` list, as they share one template: treat it as
    read-only (the engine never changes Pods in place)."""
    try:
        if not isinstance(obj, dict):
            raise PodError(Text(N_("a workload manifest must be a mapping, not a {kind}"), kind=_kind_name(obj)))
        kind = obj.get("kind")
        if not isinstance(kind, str) or kind not in WORKLOAD_KINDS:
            raise PodError(Text(N_("{kind} is not a workload: use one of {kinds}"),
                                kind=_yaml_scalar(kind), kinds=", ".join(WORKLOAD_KINDS)), "kind")
        _check_kind(obj, kind, WORKLOAD_KINDS[kind])
        meta = _mapping(obj.get("metadata"), "metadata", required=True)
        name = _object_name(meta.get("name"), "metadata.name", kind)
        namespace = _namespace(meta.get("namespace"), "metadata.namespace")
        spec = _mapping(obj.get("spec"), "spec")
        template = _mapping(spec.get("template"), "spec.template", required=True)
        tmeta = _mapping(template.get("metadata"), "spec.template.metadata")
        labels = _labels(tmeta.get("labels"), "spec.template.metadata.labels")
        tspec = _mapping(template.get("spec"), "spec.template.spec")
        containers = _containers(tspec, "spec.template.spec")
        _check_selector(kind, spec, labels)
        _validate_containers(tspec, "spec.template.spec", strict)
        owner = f"{kind}/{name}"

        template_node = _string(tspec.get("nodeName"), "spec.template.spec.nodeName") or None
        hostname = _string(tspec.get("hostname"), "spec.template.spec.hostname")
        subdomain = _string(tspec.get("subdomain"), "spec.template.spec.subdomain")
        dns = _dns_settings(tspec, "spec.template.spec")

        def make(pod_name: str, extra: dict[str, str], node: str | None = None) -> Pod:
            return Pod(name=pod_name, namespace=namespace, labels={**labels, **extra},
                       containers=containers, node=node or template_node,
                       owner=owner, pos=pos, hostname=hostname, subdomain=subdomain,
                       host_network=tspec.get("hostNetwork") is True, **dns)

        cap = MAX_WORKLOAD_PODS if most is None else most
        if kind == "StatefulSet":
            n = min(_count(spec.get("replicas"), "spec.replicas", 1), cap)
            service_name = _string(spec.get("serviceName"), "spec.serviceName")
            pods = [make(f"{name}-{i}", {"statefulset.kubernetes.io/pod-name": f"{name}-{i}",
                                         "apps.kubernetes.io/pod-index": str(i)}) for i in range(n)]
            for p in pods:  # each member is <pod>.<serviceName>: its own DNS name
                p.hostname, p.subdomain = p.name, service_name or p.subdomain
            return pods
        if kind == "DaemonSet":
            names: set[str] = set()
            return [make(_unique(name, f"{namespace}/{name}@{node}", names), {}, node)
                    for node in _node_names(nodes)[:cap]]
        if kind == "Job":
            n = min(_count(spec.get("parallelism"), "spec.parallelism", 1), cap)
            names = set()
            return [make(_unique(name, f"{namespace}/{name}/{i}", names),
                         {"batch.kubernetes.io/job-name": name, "job-name": name}) for i in range(n)]
        n = min(_count(spec.get("replicas"), "spec.replicas", 1), cap)
        names = set()
        if kind == "Deployment":
            hash_ = template_hash(template)
            rs = f"{name}-{hash_}"
            return [make(_unique(rs, f"{namespace}/{rs}/{i}", names), {"pod-template-hash": hash_})
                    for i in range(n)]
        return [make(_unique(name, f"{namespace}/{name}/{i}", names), {}) for i in range(n)]
    except PodError as err:
        err.pos = err.pos or pos
        err.index = index
        raise


def _unique(prefix: str, seed: str, taken: set[str]) -> str:
    salt = 0
    while True:
        name = f"{prefix}-{generated_suffix(seed if not salt else f'{seed}~{salt}')}"
        if name not in taken:  # a set: a list made 100,000 replicas take hours
            taken.add(name)
            return name
        salt += 1


# --------------------------------------------------------------------------- documents
def pods_from_object(obj: Any, pos: Pos | None = None, nodes: Sequence[Node | str] | None = None,
                     *, index: int = 0, strict: bool = False) -> list[Pod]:
    """One document: a Pod gives one Pod, a workload its Pods; anything else is an error
    (``strict``: see :func:`pod_from_manifest`)."""
    kind = obj.get("kind") if isinstance(obj, dict) else None
    if isinstance(kind, str) and kind in WORKLOAD_KINDS:
        return pods_from_workload(obj, pos, nodes, index=index, strict=strict)
    if isinstance(obj, dict) and obj.get("kind") not in (None, "Pod"):
        raise PodError(Text(N_("a {kind} cannot be part of the simulated cluster's Pods: use a Pod or one "
                               "of {kinds}"), kind=_yaml_scalar(obj.get("kind")),
                            kinds=", ".join(WORKLOAD_KINDS)), "kind", pos=pos, index=index)
    return [pod_from_manifest(obj, pos, index, strict=strict)]


def pods_from_yaml(text: str, nodes: Sequence[Node | str] | None = None, *, strict: bool = False) -> list[Pod]:
    """Every Pod of a multi-document YAML text of Pods and workloads (empty documents
    are skipped). Each Pod's ``pos`` is where its document starts. A YAML syntax error or
    a document that is not a Pod raises :class:`PodError` (``index`` = the document)."""
    import yaml  # here, not at the top: PyYAML loads only when a cluster is read from YAML (start-up)

    loader_cls: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (yaml.CSafeLoader if yaml.__with_libyaml__
                                                                  else yaml.SafeLoader)
    loader = loader_cls(text)
    objects: list[tuple[Any, Pos | None, int]] = []
    index = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
                if node is None:
                    break
                obj = loader.construct_document(node)
            except yaml.YAMLError as exc:
                marked = exc if isinstance(exc, yaml.MarkedYAMLError) else None
                mark = marked.problem_mark if marked is not None else None
                pos = Pos(mark.line + 1, mark.column + 1) if mark is not None else None
                problem = (marked.problem if marked is not None else None) or str(exc)
                raise PodError(Text(N_("the YAML could not be read: {problem}"), problem=problem),
                               pos=pos, index=index) from None
            if obj is not None:
                pos = Pos(node.start_mark.line + 1, node.start_mark.column + 1)
                objects.append((obj, pos, index))
            index += 1
    finally:
        loader.dispose()
    return pods_from_objects(objects, nodes, strict=strict)


def pods_from_objects(objects: Sequence[tuple[Any, Pos | None, int]],
                      nodes: Sequence[Node | str] | None = None, *, strict: bool = False) -> list[Pod]:
    """The Pods of several documents ``(object, pos, index)`` (see :func:`pods_from_object`).
    Workloads that together would make more than :data:`MAX_TOTAL_PODS` Pods raise a
    :class:`PodError` naming the largest ones, before any Pod is made."""
    workloads = [(i, obj) for i, (obj, _pos, _index) in enumerate(objects)
                 if isinstance(obj, dict) and obj.get("kind") in WORKLOAD_KINDS]
    sizes = [workload_size(obj, nodes) for _i, obj in workloads]
    left_out = over_limit(sizes, MAX_TOTAL_PODS - (len(objects) - len(workloads)))
    if left_out:
        order = sorted(left_out)
        _obj, pos, index = objects[workloads[order[0]][0]]
        raise PodError(limit_text(sum(sizes), [workload_label(workloads[i][1]) for i in order],
                                  [sizes[i] for i in order]), pos=pos, index=index)
    pods: list[Pod] = []
    for obj, pos, index in objects:
        pods.extend(pods_from_object(obj, pos, nodes, index=index, strict=strict))
    return pods
