"""``kubectl explain`` for Services and Pods, in kubectl's OpenAPI v3 plaintext layout
(``pkg/explain/v2/templates/plaintext.tmpl``): ``KIND``/``VERSION``, then ``FIELD``
with ``ENUM`` values, ``DESCRIPTION`` wrapped at 76 columns by go-wordwrap and
indented 4, and ``FIELDS`` (``name<TAB><type>``, ``-required-``, short ``enum:``
lines) in alphabetical order. The field descriptions (``explain_data``) are ktutor's own
wording, not the API's documentation strings.
"""

from __future__ import annotations

from typing import Any

from tutor.i18n import N_, Text
from tutor.kubectl.resources import lookup

_ROOTS = {"Service": "Service", "Pod": "Pod"}


def wrap(text: str, limit: int) -> str:
    """``github.com/mitchellh/go-wordwrap`` v1.0.1 ``WrapString``."""
    out: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for ch in text:
        if ch == "\n":
            if not word:
                if current + len(space) > limit:
                    current = 0
                else:
                    current += len(space)
                    out.extend(space)
                space = []
            else:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            out.append(ch)
            current = 0
        elif ch.isspace() and ch != "\xa0":
            if not space or word:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            space.append(ch)
        else:
            word.append(ch)
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= limit:
            out.extend(space)
    else:
        out.extend(space)
        out.extend(word)
    return "".join(out)


def indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def _types() -> dict[str, Any]:
    from tutor.kubectl.explain_data import TYPES

    return TYPES


def _enum_short(values: list[str] | None, indent_amount: int) -> str:
    if not values:
        return ""
    shown = []
    for i, v in enumerate(values):
        if i >= 4:
            shown.append(", ....")
            break
        shown.append((", " if i else "") + ('""' if v == "" else v))
    return "\n" + " " * indent_amount + "enum: " + "".join(shown)


def _field_list(type_name: str, level: int, recursive: bool, seen: tuple[str, ...] = ()) -> str:
    types = _types()
    entry = types.get(type_name)
    if entry is None or type_name in seen:
        return ""
    out = []
    for name in sorted(entry["fields"]):
        shown, ref, required, enum, desc = entry["fields"][name]
        pad = level * 2
        line = " " * pad + name + "\t<" + shown + ">" + (" -required-" if required else "")
        line += _enum_short(enum, pad) + "\n"
        if not recursive:
            line += indent(pad + 2, wrap(desc or "<no description>", 78 - pad)) + "\n\n"
        out.append(line)
        if recursive and ref:
            out.append(_field_list(ref, level + 1, recursive, seen + (type_name,)))
    return "".join(out)


def explain(args: list[str], recursive: bool = False, api_version: str = "") -> tuple[str, str, int, Text | None]:
    """(stdout, stderr, exit code, explanation) of ``kubectl explain ARGS``."""
    if not args:
        return ("", 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                    "complete list of supported resources.\n\nSee 'kubectl explain -h' for help and examples\n", 1, None)
    if len(args) > 1:
        return "", "error: We accept only this format: explain RESOURCE\nSee 'kubectl explain -h' for help and " \
                   "examples\n", 1, None
    path = args[0].split(".")
    rtype = lookup(path[0])
    if rtype is None:
        return "", f'error: the server doesn\'t have a resource type "{path[0]}"\n', 1, None
    root = _ROOTS.get(rtype.kind)
    if root is None:
        return "", "", 1, Text(N_("explain is simulated for Services and Pods; kubectl explain {type} works on a "
                                  "real cluster"), type=rtype.plural)
    types = _types()
    fields = path[1:]
    out = [f"KIND:       {rtype.kind}\n", f"VERSION:    {rtype.version}\n", "\n"]
    type_name = root
    descriptions = [types[root]["desc"]]
    for i, field in enumerate(fields):
        entry = types.get(type_name)
        if entry is None or field not in entry["fields"]:
            if entry is None:
                return "", "", 1, Text(N_("the fields of {type} are not part of this simulation"), type=type_name)
            return "", f'error: field "{field}" does not exist\n', 1, None
        shown, ref, _required, enum, desc = entry["fields"][field]
        if i == len(fields) - 1:
            out.append(f"FIELD: {field} <{shown}>\n")
            if enum:
                out.append("ENUM:" + "".join("\n    " + ('""' if v == "" else v) for v in enum))
            out.append("\n\n")
        descriptions = [desc] if desc else []
        if ref is not None and types.get(ref) is not None:
            descriptions.append(types[ref]["desc"])
        type_name = ref or ""
    description = "".join(d + "\n" for d in descriptions if d) or "<empty>"
    out.append("DESCRIPTION:\n")
    out.append(indent(4, wrap(description, 76)) + "\n")
    if type_name and type_name in types:
        fields_text = _field_list(type_name, 1, recursive)
        if fields_text:
            out.append("FIELDS:\n" + fields_text)
    out.append("\n")
    return "".join(out), "", 0, Text(N_("what the field means; a dot goes one level deeper "
                                        "(for example service.spec.ports.targetPort)"))


def field_paths(prefix: str) -> list[str]:
    """Completion candidates for ``kubectl explain`` (``service.spec.``...)."""
    types = _types()
    parts = prefix.split(".")
    if len(parts) == 1:
        return ["service", "services", "svc", "pod", "pods", "po"]
    rtype = lookup(parts[0])
    type_name = _ROOTS.get(rtype.kind) if rtype else None
    for field in parts[1:-1]:
        entry = types.get(type_name or "")
        if entry is None or field not in entry["fields"]:
            return []
        type_name = entry["fields"][field][1]
    entry = types.get(type_name or "")
    if entry is None:
        return []
    head = ".".join(parts[:-1])
    return [f"{head}.{name}" for name in sorted(entry["fields"])]
