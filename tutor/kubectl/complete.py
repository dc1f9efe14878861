"""Tab completion for the console: verbs, resource types and short names, object names,
namespaces, flags, output formats, container names and in-container programs.

:func:`complete` returns the candidates for the word that ends at the cursor (whole
words, sorted, starting with what is typed); the caller replaces that word.
"""

from __future__ import annotations

from typing import Any

from tutor.kubectl import commands as cmds
from tutor.kubectl import flags as fl
from tutor.kubectl.resources import RESOURCES, all_names, lookup

OUTPUT_FORMATS = ("wide", "yaml", "json", "name", "jsonpath=", "custom-columns=")
PROGRAMS = ("curl", "wget", "nc", "nslookup", "dig", "getent", "cat", "hostname", "sh")
VALUE_FLAGS = {"-n", "--namespace", "-o", "--output", "-c", "--container", "-l", "--selector", "--type",
               "--protocol", "--port", "--target-port", "--name", "--sort-by", "--field-selector", "-L",
               "--label-columns", "--context", "--kubeconfig"}


def _word_start(line: str, cursor: int) -> int:
    i = cursor
    while i > 0 and not line[i - 1].isspace():
        i -= 1
    return i


def _flags_for(command: str) -> tuple[fl.Flag, ...]:
    from tutor.kubectl.console import _COMMANDS

    spec = _COMMANDS.get(command)
    return spec[0] if spec else ()


def _names(console: Any, type_text: str, namespace: str) -> list[str]:
    rtype = lookup(type_text)
    if rtype is None or not rtype.simulated:
        return []
    try:
        objs = console.world.objects(rtype, namespace if rtype.namespaced else None)
    except Exception:  # noqa: BLE001 - completion must never fail
        return []
    return [str((o.get("metadata") or {}).get("name")) for o in objs]


def complete(console: Any, line: str, cursor: int) -> list[str]:
    cursor = max(0, min(cursor, len(line)))
    start = _word_start(line, cursor)
    current = line[start:cursor]
    words = line[:start].split()
    candidates = _candidates(console, words, current)
    return sorted({c for c in candidates if c.startswith(current)})


def _candidates(console: Any, words: list[str], current: str) -> list[str]:
    if not words:
        return ["kubectl", "k", "help", "history", "clear", "curl", "wget", *cmds.SIMULATED]
    if words[0] in ("kubectl", "k"):
        words = words[1:]
    elif words[0] not in cmds.KUBECTL_COMMANDS:
        return []
    # the namespace the command will use
    namespace = console.namespace
    for i, w in enumerate(words):
        if w in ("-n", "--namespace") and i + 1 < len(words):
            namespace = words[i + 1]
        elif w.startswith("--namespace="):
            namespace = w.split("=", 1)[1]
    previous = words[-1] if words else ""
    if previous in ("-n", "--namespace"):
        return list(console.world.namespaces())
    if current.startswith("--namespace="):
        return ["--namespace=" + ns for ns in console.world.namespaces()]
    command_words = [w for i, w in enumerate(words)
                     if not w.startswith("-") and not (i > 0 and words[i - 1] in VALUE_FLAGS)]
    if not command_words:
        if current.startswith("-"):
            return [f"--{f.name}" for f in fl.GLOBAL_FLAGS] + ["-n"]
        return list(cmds.SIMULATED) + [c for c in cmds.KUBECTL_COMMANDS if c not in cmds.SIMULATED]
    command = command_words[0]
    positional = command_words[1:]
    if "--" in words:
        after = words[words.index("--") + 1:]
        return list(PROGRAMS) if not after else []
    if previous in ("-o", "--output"):
        return list(OUTPUT_FORMATS)
    if current.startswith(("-o", "--output=")) and current not in ("-", "--"):
        prefix = "--output=" if current.startswith("--output=") else "-o"
        return [prefix + f for f in OUTPUT_FORMATS]
    if previous in ("-c", "--container") and positional:
        return _containers(console, positional[0], namespace)
    if previous == "--type":
        return ["ClusterIP", "NodePort", "LoadBalancer"]
    if previous == "--protocol":
        return ["TCP", "UDP", "SCTP"]
    if previous in VALUE_FLAGS:
        return []
    if current.startswith("-"):
        return fl.names(_flags_for(command))
    if command in ("exec", "port-forward"):
        if positional:
            return []
        pods = _names(console, "pods", namespace)
        if "/" in current:
            type_text = current.split("/", 1)[0]
            return [f"{type_text}/{n}" for n in _names(console, type_text, namespace)]
        return pods + ["svc/", "deploy/", "pod/"]
    if command == "explain":
        from tutor.kubectl.explain import field_paths

        return field_paths(current)
    if command in ("get", "describe", "label", "annotate", "expose"):
        if "/" in current:
            type_text = current.split("/", 1)[0]
            return [f"{type_text}/{n}" for n in _names(console, type_text, namespace)]
        if not positional:
            if "," in current:
                head = current.rsplit(",", 1)[0] + ","
                return [head + n for n in all_names()]
            names = [n for n in all_names() if (lookup(n) or RESOURCES[0]).simulated]
            if command == "get":
                names.append("all")
            if command == "expose":
                names = ["deployment", "deploy", "replicaset", "rs", "pod", "po", "service", "svc"]
            return names
        type_text = positional[0]
        if "/" in type_text:
            return []
        return [n for t in type_text.split(",") for n in _names(console, t, namespace)]
    return []


def _containers(console: Any, target: str, namespace: str) -> list[str]:
    name = target.split("/", 1)[1] if target.startswith(("pod/", "pods/", "po/")) else target
    pod = console.world.cluster.pod(name, namespace)
    if pod is None:
        return []
    return [c.name for c in pod.containers]
