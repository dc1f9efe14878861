"""The kubectl commands the console answers: ``get``, ``describe``, ``exec``, ``expose``,
``label``, ``annotate``, ``port-forward``, ``explain``, ``api-resources``, ``version``.

Every command writes kubectl's stdout and stderr (in the order kubectl writes them),
sets kubectl's exit status, and may give a one-line explanation in the learner's
language. Flow and messages follow kubectl v0.34 (``pkg/cmd/<command>``) and
cli-runtime's resource builder.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor.i18n import N_, Text
from tutor.kubectl import flags as fl
from tutor.kubectl.printers import TABLES, escape_cell
from tutor.kubectl.resources import RESOURCES, ResourceType, lookup
from tutor.kubectl.selectors import SelectorError, format_labels, parse_selector
from tutor.kubectl.tabwriter import get_table
from tutor.kubectl.world import World, _meta_name, stable_hex

JSON = dict[str, Any]

ENDPOINTS_WARNING = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
GET_FORMATS = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
               "jsonpath-file,name,template,templatefile,wide,yaml")
GENERIC_FORMATS = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template," \
                  "templatefile,yaml"
API_RESOURCES_HINT = 'Use "kubectl api-resources" for a complete list of supported resources.'

#: every kubectl command (for "unknown command" suggestions and completion)
KUBECTL_COMMANDS = (
    "annotate", "api-resources", "api-versions", "apply", "attach", "auth", "autoscale", "certificate",
    "cluster-info", "completion", "config", "cordon", "cp", "create", "debug", "delete", "describe", "diff", "drain",
    "edit", "events", "exec", "explain", "expose", "get", "help", "kustomize", "label", "logs", "options", "patch",
    "plugin", "port-forward", "proxy", "replace", "rollout", "run", "scale", "set", "taint", "top", "uncordon",
    "version", "wait",
)
SIMULATED = ("get", "describe", "exec", "expose", "label", "annotate", "port-forward", "explain", "api-resources",
             "version")


class Failure(Exception):
    """Ends a command: kubectl printed ``message`` on stderr and exits ``code``."""

    def __init__(self, message: str, code: int = 1, explanation: Text | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.explanation = explanation


@dataclass
class Out:
    chunks: list[tuple[str, str]] = field(default_factory=list)
    code: int = 0
    explanation: Text | None = None
    changed: bool = False
    manifest: str | None = None

    def out(self, text: str) -> None:
        if text:
            self.chunks.append(("stdout", text))

    def err(self, text: str) -> None:
        if text:
            self.chunks.append(("stderr", text))


@dataclass
class Session:
    """What a command works on."""

    world: World
    namespace: str
    now: datetime
    forwards: dict[int, Any]
    #: expose: leave the cluster alone, hand the Service to the caller (the lab's editor)
    expose_to_editor: bool = False
    #: the epoch to use for objects created by a command (None: now)
    created_at: datetime | None = None


def usage_error(command: str, message: str) -> Failure:
    return Failure(f"error: {message}\nSee 'kubectl {command} -h' for help and examples\n")


def flag_error(command: str, err: fl.FlagError) -> Failure:
    return Failure(f"error: {err}\nSee 'kubectl {command} --help' for usage.\n")


def not_found(rtype: ResourceType, name: str, namespace: str) -> str:
    return f'Error from server (NotFound): {rtype.qualified} "{name}" not found'


def _resolve_type(text: str) -> ResourceType:
    rtype = lookup(text)
    if rtype is None:
        raise Failure(f'error: the server doesn\'t have a resource type "{text.lower()}"\n',
                      explanation=Text(N_("kubectl does not know the resource type {type}: kubectl api-resources "
                                          "lists the types and their short names"), type=text))
    return rtype


def _namespace_of(p: fl.Parsed, session: Session) -> str:
    return p.text("namespace", session.namespace) or session.namespace


# --------------------------------------------------------------------------- resource arguments
@dataclass
class Target:
    rtype: ResourceType
    name: str | None  # None: every object of the type


def resource_args(args: list[str]) -> tuple[list[Target], bool]:
    """``TYPE[,TYPE] [NAME...]`` or ``TYPE/NAME...`` -> targets, and whether a single item is implied."""
    if not args:
        return [], False
    slashes = sum(1 for a in args if "/" in a)
    if slashes and slashes != len(args):
        raise Failure("error: there is no need to specify a resource type as a separate argument when passing "
                      "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                      "'kubectl get resource resource/<resource_name>'\n")
    if slashes:
        targets = []
        for a in args:
            parts = a.split("/")
            if len(parts) != 2:
                raise Failure("error: arguments in resource/name form may not have more than one slash\n")
            if not parts[0] or not parts[1] or "," in parts[0]:
                raise Failure("error: arguments in resource/name form must have a single resource and name\n")
            targets.append(Target(_resolve_type(parts[0]), parts[1]))
        return targets, len(targets) == 1
    types = [t for t in args[0].split(",") if t]
    names = args[1:]
    if len(types) == 1 and types[0].lower() == "all":
        order = ("Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "Job")
        resolved = [RESOURCE[kind] for kind in order]
    else:
        resolved = [_resolve_type(t) for t in types]
    if not names:
        return [Target(r, None) for r in resolved], False
    return [Target(r, n) for r in resolved for n in names], len(resolved) == 1 and len(names) == 1


def _check_simulated(rtype: ResourceType) -> None:
    if not rtype.simulated:
        raise Failure("", 1, Text(N_("{kind} objects are not part of the simulated cluster: this console "
                                     "simulates Pods, Services, EndpointSlices, Endpoints, workloads, Nodes and "
                                     "Namespaces"), kind=rtype.kind))


# --------------------------------------------------------------------------- get
GET_FLAGS = (
    fl.Flag("output", "o"), fl.Flag("selector", "l"), fl.Flag("all-namespaces", "A", "bool"),
    fl.Flag("show-labels", kind="bool"), fl.Flag("label-columns", "L", "list"), fl.Flag("no-headers", kind="bool"),
    fl.Flag("sort-by"), fl.Flag("field-selector"), fl.Flag("ignore-not-found", kind="bool"),
    fl.Flag("watch", "w", "bool"), fl.Flag("watch-only", kind="bool"), fl.Flag("show-kind", kind="bool"),
    fl.Flag("chunk-size", kind="int"), fl.Flag("show-managed-fields", kind="bool"),
    fl.Flag("allow-missing-template-keys", kind="bool"), fl.Flag("template"), fl.Flag("server-print", kind="bool"),
    fl.Flag("output-watch-events", kind="bool"), fl.Flag("filename", "f", "list"), fl.Flag("recursive", "R", "bool"),
    fl.Flag("kustomize", "k"), fl.Flag("subresource"), fl.Flag("raw"),
)

_FIELD_SELECTORS = {
    "Pod": {"metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName"},
    "Service": {"metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"},
}


def _field_value(obj: JSON, path: str) -> str:
    cur: Any = obj
    for part in path.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    if isinstance(cur, bool):
        return "true" if cur else "false"
    if isinstance(cur, list):
        return ",".join(str(x.get("ip") if isinstance(x, dict) else x) for x in cur)
    return "" if cur is None else str(cur)


def _field_filter(rtype: ResourceType, text: str, selector_text: str) -> Callable[[JSON], bool]:
    if not text:
        return lambda obj: True
    allowed = _FIELD_SELECTORS.get(rtype.kind, {"metadata.name", "metadata.namespace"})
    terms: list[tuple[str, str, str]] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        for op in ("!=", "==", "="):
            if op in part:
                key, value = part.split(op, 1)
                terms.append((key.strip(), "!=" if op == "!=" else "=", value.strip()))
                break
        else:
            raise Failure(f'Error from server (BadRequest): Unable to find "{rtype.gvr}" that match label selector '
                          f'"{selector_text}", field selector "{text}": invalid selector: \'{part}\'; can\'t '
                          "understand '{part}'\n".replace("{part}", part))
    for key, _op, _value in terms:
        if key not in allowed:
            raise Failure(f'Error from server (BadRequest): Unable to find "{rtype.gvr}" that match label selector '
                          f'"{selector_text}", field selector "{text}": field label not supported: {key}\n')

    def match(obj: JSON) -> bool:
        for key, op, value in terms:
            have = _field_value(obj, key)
            if (have == value) != (op == "="):
                return False
        return True

    return match


def _labels_of(obj: JSON) -> dict[str, str]:
    labels = obj.get("metadata", {}).get("labels") or {}
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _sort_key(path: str) -> Callable[[JSON], Any]:
    from tutor.kubectl.jsonpath import JSONPathError, execute

    template = path if path.startswith("{") else "{" + path + "}"

    def key(obj: JSON) -> Any:
        try:
            value = execute(template, obj)
        except JSONPathError:
            value = ""
        try:
            return (0, float(value), "")
        except ValueError:
            return (1, 0.0, value)

    return key


def cmd_get(p: fl.Parsed, session: Session, out: Out) -> None:
    output = p.text("output")
    fmt, _, template = output.partition("=")
    if fmt in ("jsonpath", "jsonpath-as-json") and not template:
        template = p.text("template")
    if fmt not in ("", "wide", "name", "yaml", "json", "jsonpath", "jsonpath-as-json", "custom-columns"):
        raise Failure(f'error: unable to match a printer suitable for the output format "{output}", allowed formats '
                      f"are: {GET_FORMATS}\n")
    if not p.args:
        out.err(f"You must specify the type of resource to get. {API_RESOURCES_HINT}\n\n")
        raise usage_error("get", 'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed '
                                 "description of that resource (e.g. kubectl explain pods).")
    targets, single = resource_args(p.args)
    selector_text = p.text("selector")
    all_ns = p.flag("all-namespaces")
    namespace = _namespace_of(p, session)
    if selector_text and any(t.name for t in targets):
        raise Failure("error: name cannot be provided when a selector is specified\n")
    for t in targets:
        _check_simulated(t.rtype)
    selector = None
    if selector_text:
        try:
            selector = parse_selector(selector_text)
        except SelectorError as err:
            rtype = targets[0].rtype
            raise Failure(f'Error from server (BadRequest): Unable to find "{rtype.gvr}" that match label selector '
                          f'"{selector_text}", field selector "{p.text("field-selector")}": {err}\n',
                          explanation=Text(N_("the label selector could not be read: use key=value, key!=value, "
                                              "key in (a,b), key notin (a), key or !key, joined by commas"))) from None
    world = session.world
    if any(t.rtype.kind == "Endpoints" for t in targets):
        out.err(ENDPOINTS_WARNING)
    # (type, objects) groups in request order; errors at the end
    groups: list[tuple[ResourceType, list[JSON]]] = []
    errors: list[str] = []
    for t in targets:
        ns = None if (all_ns and t.name is None) or not t.rtype.namespaced else namespace
        if t.name is None:
            objs = world.objects(t.rtype, ns)
            if selector is not None:
                objs = [o for o in objs if selector.matches(_labels_of(o))]
            match = _field_filter(t.rtype, p.text("field-selector"), selector_text)
            objs = [o for o in objs if match(o)]
            groups.append((t.rtype, objs))
        else:
            obj = world.get(t.rtype, namespace, t.name)
            if obj is None:
                if not p.flag("ignore-not-found"):
                    errors.append(not_found(t.rtype, t.name, namespace))
                continue
            if groups and groups[-1][0] is t.rtype and t.name is not None:
                groups[-1][1].append(obj)
            else:
                groups.append((t.rtype, [obj]))
    if p.text("sort-by"):
        key = _sort_key(p.text("sort-by"))
        groups = [(r, sorted(objs, key=key)) for r, objs in groups]
    if fmt in ("yaml", "json", "jsonpath", "jsonpath-as-json"):
        _print_generic(fmt, template, groups, single, errors, out, p)
        return
    if fmt == "name":
        for rtype, objs in groups:
            for obj in objs:
                out.out(f"{rtype.name_prefix}/{_meta_name(obj)[1]}\n")
        _finish_errors(errors, out)
        return
    if fmt == "custom-columns":
        _custom_columns(template, groups, out, p)
        _finish_errors(errors, out)
        return
    kinds = {r.kind for r, _objs in groups}
    with_kind = len(kinds) > 1 or p.flag("show-kind")
    written = False
    all_namespaced = not all_ns
    for rtype, objs in groups:
        all_namespaced = all_namespaced and rtype.namespaced
    previous: ResourceType | None = None
    table_text = ""
    for rtype, objs in groups:
        if previous is not None and previous is rtype:
            table_text += _table(rtype, objs, p, session, with_kind, all_ns, header=False)
            continue
        if table_text:
            out.out(("\n" if written else "") + get_table(table_text))
            written = True
        table_text = _table(rtype, objs, p, session, with_kind, all_ns, header=True)
        previous = rtype
    if table_text:
        out.out(("\n" if written else "") + get_table(table_text))
        written = True
    if not written and not errors and not p.flag("ignore-not-found"):
        if all_namespaced:
            out.err(f"No resources found in {namespace} namespace.\n")
        else:
            out.err("No resources found\n")
        out.explanation = Text(N_("nothing matched: check the namespace (-n, or -A for all) and the label selector"))
    _finish_errors(errors, out)
    if p.flag("watch") or p.flag("watch-only"):
        out.explanation = Text(N_("--watch would keep printing changes; the console shows the list once"))


def _finish_errors(errors: list[str], out: Out) -> None:
    if errors:
        out.err("".join(e + "\n" for e in errors))
        out.code = 1
        out.explanation = Text(N_("no object has that name here: names are exact and case-sensitive, and -n chooses "
                                  "the namespace"))


def _table(rtype: ResourceType, objs: list[JSON], p: fl.Parsed, session: Session, with_kind: bool, all_ns: bool,
           header: bool) -> str:
    if not objs:
        return ""
    columns, wide_columns, row = TABLES[rtype.kind]
    wide = p.text("output") == "wide"
    headers = list(columns) + (list(wide_columns) if wide else [])
    label_cols = [c for v in p.items("label-columns") for c in v.split(",") if c]
    headers += [c.rsplit("/", 1)[-1].upper() for c in label_cols]
    show_labels = p.flag("show-labels")
    if show_labels:
        headers.append("LABELS")
    with_ns = all_ns and rtype.namespaced
    if with_ns:
        headers.insert(0, "NAMESPACE")
    lines = []
    if header and not p.flag("no-headers"):
        lines.append("\t".join(headers))
    for obj in objs:
        cells = row(obj, wide, session.now)
        if with_kind:
            cells[0] = f"{rtype.name_prefix}/{cells[0]}"
        labels = _labels_of(obj)
        cells += [labels.get(c, "") for c in label_cols]
        if show_labels:
            cells.append(format_labels(labels))
        if with_ns:
            cells.insert(0, _meta_name(obj)[0])
        lines.append("\t".join(escape_cell(c) for c in cells))
    return "".join(line + "\n" for line in lines)


def _custom_columns(spec: str, groups: list[tuple[ResourceType, list[JSON]]], out: Out, p: fl.Parsed) -> None:
    from tutor.kubectl.jsonpath import JSONPathError, execute

    if not spec:
        raise Failure("error: custom-columns format specified but no custom columns given\n")
    columns = []
    for part in spec.split(","):
        if ":" not in part:
            raise Failure(f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>\n")
        name, path = part.split(":", 1)
        columns.append((name, path if path.startswith("{") else "{" + path + "}"))
    lines = [] if p.flag("no-headers") else ["\t".join(n for n, _ in columns)]
    for _rtype, objs in groups:
        for obj in objs:
            cells = []
            for _name, path in columns:
                try:
                    value = execute(path, obj)
                except JSONPathError:
                    value = ""
                cells.append(value or "<none>")
            lines.append("\t".join(cells))
    if len(lines) > (0 if p.flag("no-headers") else 1):
        out.out(get_table("".join(line + "\n" for line in lines)))


def _print_generic(fmt: str, template: str, groups: list[tuple[ResourceType, list[JSON]]], single: bool,
                   errors: list[str], out: Out, p: fl.Parsed) -> None:
    from tutor.kubectl.jsonpath import JSONPathError, execute
    from tutor.kubectl.output import to_json, to_yaml

    objs = [copy.deepcopy(o) for _r, items in groups for o in items]
    if single and errors:
        raise Failure(errors[0] + "\n")
    if not objs and p.flag("ignore-not-found"):
        _finish_errors(errors, out)
        return
    data: JSON = objs[0] if single and len(objs) == 1 else {
        "apiVersion": "v1", "items": objs, "kind": "List", "metadata": {"resourceVersion": ""}}
    if fmt == "yaml":
        out.out(to_yaml(data))
    elif fmt == "json":
        out.out(to_json(data))
    else:
        try:
            text = execute(template, data)
        except JSONPathError as err:
            raise Failure(f"error: {err}\n") from None
        out.out(text)
    _finish_errors(errors, out)


# --------------------------------------------------------------------------- describe
DESCRIBE_FLAGS = (fl.Flag("selector", "l"), fl.Flag("all-namespaces", "A", "bool"),
                  fl.Flag("show-events", kind="bool"), fl.Flag("chunk-size", kind="int"),
                  fl.Flag("filename", "f", "list"), fl.Flag("recursive", "R", "bool"))


def describe_one(rtype: ResourceType, obj: JSON, session: Session, show_events: bool) -> str:
    from tutor.kubectl import describe as d

    world, now = session.world, session.now
    kind = rtype.kind
    ns, name = _meta_name(obj)
    if kind == "Service":
        slices = [s for s in world.objects(RESOURCE["EndpointSlice"], ns)
                  if _labels_of(s).get("kubernetes.io/service-name") == name]
        return d.describe_service(obj, slices, [] if show_events else None, now)
    if kind == "Pod":
        pod = world.cluster.pod(name, ns)
        events = world.pod_events(pod) if pod is not None else []
        return d.describe_pod(obj, events if show_events else None, now)
    if kind == "EndpointSlice":
        return d.describe_endpointslice(obj, [] if show_events else None, now)
    if kind == "Endpoints":
        return d.describe_endpoints(obj, [] if show_events else None, now)
    if kind == "Deployment":
        rs_name = world.deployment_rs_name(obj)
        new_rs = [r for r in world.objects(RESOURCE["ReplicaSet"], ns) if _meta_name(r)[1] == rs_name]
        return d.describe_deployment(obj, new_rs, world.deployment_events(obj) if show_events else None, now)
    raise Failure("", 1, Text(N_("describe is simulated for Services, Pods, EndpointSlices, Endpoints and "
                                 "Deployments; use kubectl get {type} -o yaml for this one"), type=rtype.plural))


RESOURCE = {r.kind: r for r in RESOURCES}


def cmd_describe(p: fl.Parsed, session: Session, out: Out) -> None:
    if not p.args:
        raise Failure(f"error: You must specify the type of resource to describe. {API_RESOURCES_HINT}\n")
    targets, _single = resource_args(p.args)
    selector_text = p.text("selector")
    namespace = _namespace_of(p, session)
    all_ns = p.flag("all-namespaces")
    show_events = p.values.get("show-events", True) is not False
    for t in targets:
        _check_simulated(t.rtype)
    if selector_text and any(t.name for t in targets):
        raise Failure("error: name cannot be provided when a selector is specified\n")
    selector = None
    if selector_text:
        try:
            selector = parse_selector(selector_text)
        except SelectorError as err:
            raise Failure(f'Error from server (BadRequest): Unable to find "{targets[0].rtype.gvr}" that match label '
                          f'selector "{selector_text}", field selector "": {err}\n') from None
    world = session.world
    if any(t.rtype.kind == "Endpoints" for t in targets):
        out.err(ENDPOINTS_WARNING)
    found: list[tuple[ResourceType, JSON]] = []
    errors: list[str] = []
    for t in targets:
        if t.name is None:
            ns = None if all_ns or not t.rtype.namespaced else namespace
            objs = world.objects(t.rtype, ns)
            if selector is not None:
                objs = [o for o in objs if selector.matches(_labels_of(o))]
            found += [(t.rtype, o) for o in objs]
        else:
            obj = world.get(t.rtype, namespace, t.name)
            if obj is None:
                errors.append(not_found(t.rtype, t.name, namespace))
            else:
                found.append((t.rtype, obj))
    if errors and len(p.args) == 2 and "/" not in p.args[0] and len(targets) == 1:
        # DescribeMatchingResources: every object whose name starts with the given one
        t = targets[0]
        prefix = t.name or ""
        matching = [o for o in world.objects(t.rtype, namespace if t.rtype.namespaced else None)
                    if _meta_name(o)[1].startswith(prefix)]
        if matching:
            for obj in matching:
                out.out(describe_one(t.rtype, obj, session, show_events) + "\n")
            out.explanation = _describe_explanation(t.rtype)
            return
    first = True
    for rtype, obj in found:
        text = describe_one(rtype, obj, session, show_events)
        out.out(text if first else "\n\n" + text)
        first = False
    if not found and not errors:
        out.err("No resources found\n" if all_ns else f"No resources found in {namespace} namespace.\n")
    if found:
        out.explanation = _describe_explanation(found[0][0])
    _finish_errors(errors, out)


def _describe_explanation(rtype: ResourceType) -> Text | None:
    texts = {
        "Service": N_("Selector picks the Pods, TargetPort is the port on them, and Endpoints lists the ready Pods "
                      "that receive traffic: an empty Endpoints means no ready Pod matches the selector."),
        "Pod": N_("Labels decide which Services select this Pod; Ready and Conditions tell whether it receives "
                  "traffic; Events tell what happened to it."),
        "EndpointSlice": N_("Each endpoint is a Pod address; Ready: false means the Service sends it no traffic."),
        "Endpoints": N_("Addresses receive traffic; NotReadyAddresses are selected Pods that are not ready."),
        "Deployment": N_("The Pod Template is what every replica gets: its labels are what a Service selector must "
                         "match."),
    }
    msgid = texts.get(rtype.kind)
    return Text(msgid) if msgid else None


# --------------------------------------------------------------------------- get explanations
GET_EXPLANATIONS = {
    "Pod": N_("READY counts ready containers: only a Pod that is Running and fully ready receives traffic from a "
              "Service."),
    "Service": N_("CLUSTER-IP is the Service's virtual address inside the cluster; PORT(S) shows port/protocol "
                  "(port:nodePort for a NodePort). describe shows the targetPort and the endpoints."),
    "EndpointSlice": N_("PORTS are the target ports on the Pods; ENDPOINTS lists the Pod addresses, ready or not "
                        "(describe shows which are ready)."),
    "Endpoints": N_("ENDPOINTS lists only the ready Pods as IP:targetPort. The Endpoints API is deprecated: use "
                    "EndpointSlices."),
    "Deployment": N_("READY is ready replicas out of the desired number."),
    "ReplicaSet": N_("A ReplicaSet keeps DESIRED Pods running; a Deployment owns it."),
    "Node": N_("Nodes run the Pods; -o wide shows their INTERNAL-IP, the address a NodePort listens on."),
    "Namespace": N_("Names are unique per namespace; a short DNS name only works inside the client's own namespace."),
}


def get_explanation(p: fl.Parsed) -> Text | None:
    if not p.args:
        return None
    try:
        targets, _single = resource_args(p.args)
    except Failure:
        return None
    kinds = {t.rtype.kind for t in targets}
    if len(kinds) != 1:
        return None
    msgid = GET_EXPLANATIONS.get(kinds.pop())
    return Text(msgid) if msgid else None


# --------------------------------------------------------------------------- label / annotate
CHANGE_FLAGS = (fl.Flag("overwrite", kind="bool"), fl.Flag("selector", "l"), fl.Flag("all", kind="bool"),
                fl.Flag("all-namespaces", "A", "bool"), fl.Flag("list", kind="bool"),
                fl.Flag("dry-run", no_value="unchanged"), fl.Flag("output", "o"), fl.Flag("resource-version"),
                fl.Flag("local", kind="bool"), fl.Flag("field-selector"), fl.Flag("field-manager"),
                fl.Flag("filename", "f", "list"), fl.Flag("recursive", "R", "bool"))


def _pairs(args: list[str], what: str) -> tuple[list[str], list[str]]:
    resources: list[str] = []
    pairs: list[str] = []
    found = False
    for s in args:
        non_resource = ("=" in s and not s.startswith("=")) or (s.endswith("-") and s != "-")
        if non_resource:
            found = True
            pairs.append(s)
        elif found:
            raise Failure(f"error: all resources must be specified before {what} changes: {s}\n")
        else:
            resources.append(s)
    return resources, pairs


def _dry_run(p: fl.Parsed) -> str:
    value = p.text("dry-run", "none")
    if value in ("unchanged", "true"):
        return "client"
    if value in ("", "false"):
        return "none"
    if value not in ("none", "client", "server"):
        raise Failure(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".\n')
    return value


def _change_targets(p: fl.Parsed, session: Session, resources: list[str], command: str
                    ) -> list[tuple[ResourceType, JSON]]:
    if not resources:
        raise Failure("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
                      if command == "label" else
                      "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
    targets, _single = resource_args(resources)
    namespace = _namespace_of(p, session)
    world = session.world
    selected: list[tuple[ResourceType, JSON]] = []
    selector = None
    if p.text("selector"):
        try:
            selector = parse_selector(p.text("selector"))
        except SelectorError as err:
            raise Failure(f'Error from server (BadRequest): Unable to find "{targets[0].rtype.gvr}" that match label '
                          f'selector "{p.text("selector")}", field selector "": {err}\n') from None
    for t in targets:
        _check_simulated(t.rtype)
        if t.rtype.kind in ("EndpointSlice", "Endpoints"):
            raise Failure("", 1, Text(N_("the EndpointSlice controller owns {kind} objects and would undo the "
                                         "change: change the Service or the Pods instead"), kind=t.rtype.kind))
        if t.rtype.kind == "ReplicaSet" and t.name is not None and \
                ("ReplicaSet", namespace, t.name) not in world.stored and world.get(t.rtype, namespace, t.name):
            raise Failure("", 1, Text(N_("the Deployment controller owns this ReplicaSet and would undo the change: "
                                         "change the Deployment instead")))
        if t.name is None:
            if not (p.flag("all") or selector is not None):
                raise Failure("error: resource(s) were provided, but no name was specified\n")
            ns = None if p.flag("all-namespaces") or not t.rtype.namespaced else namespace
            objs = world.objects(t.rtype, ns)
            if selector is not None:
                objs = [o for o in objs if selector.matches(_labels_of(o))]
            selected += [(t.rtype, o) for o in objs]
        else:
            obj = world.get(t.rtype, namespace, t.name)
            if obj is None:
                raise Failure(not_found(t.rtype, t.name, namespace) + "\n",
                              explanation=Text(N_("no object has that name here: names are exact and case-sensitive, "
                                                  "and -n chooses the namespace")))
            selected.append((t.rtype, obj))
    return selected


def cmd_label(p: fl.Parsed, session: Session, out: Out) -> None:
    from tutor.k8s.validate import is_qualified_name, is_valid_label_value

    resources, pairs = _pairs(p.args, "label")
    if not pairs and not p.flag("list"):
        raise Failure("error: at least one label update is required\n")
    new: dict[str, str] = {}
    remove: list[str] = []
    for spec in pairs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise Failure(f"error: invalid label spec: {spec}\n")
            errs = is_valid_label_value(parts[1])
            if errs:
                raise Failure(f'error: invalid label value: "{spec}": {";".join(errs)}\n')
            new[parts[0]] = parts[1]
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise Failure(f"error: unknown label spec: {spec}\n")
    if any(r in new for r in remove):
        raise Failure("error: can not both modify and remove a label in the same command\n")
    dry_run = _dry_run(p)
    selected = _change_targets(p, session, resources, "label")
    overwrite = p.flag("overwrite")
    world = session.world
    for rtype, obj in selected:
        ns, name = _meta_name(obj)
        current = _labels_of(obj)
        if p.flag("list"):
            for k, v in current.items():
                out.out(f"{k}={v}\n")
            continue
        if not overwrite:
            clashes = [f"'{k}' already has a value ({current[k]}), and --overwrite is false"
                       for k, v in new.items() if k in current and current[k] != v]
            if clashes:
                out.code = 1
                raise Failure("error: " + clashes[0] + "\n" if len(clashes) == 1 else
                              "error: [" + ", ".join(clashes) + "]\n",
                              explanation=Text(N_("the label already has another value: add --overwrite to replace "
                                                  "it")))
        for key in new:
            errs = is_qualified_name(key)
            if errs:
                detail = "; ".join(errs)
                raise Failure(f'The {rtype.kind} "{name}" is invalid: metadata.labels: Invalid value: "{key}": '
                              f"{detail}\n")
        for key in remove:
            if key not in current and dry_run == "none":
                out.out(f'label "{key}" not found.\n')
        updated = {**current, **new}
        for key in remove:
            updated.pop(key, None)
        if updated == current:
            msg = "not labeled"
        elif not overwrite and len(updated) < len(current) or (
                not overwrite and not new and remove and updated != current):
            msg = "unlabeled"
        else:
            msg = "labeled"
        if dry_run == "none" and updated != current:
            world.set_labels(rtype, ns, name, updated)
            out.changed = True
        suffix = " (dry run)" if dry_run == "client" else " (server dry run)" if dry_run == "server" else ""
        if p.text("output") in ("yaml", "json", "name"):
            _print_changed(p.text("output"), rtype, session, ns, name, out, msg, suffix)
        else:
            out.out(f"{rtype.name_prefix}/{name} {msg}{suffix}\n")
    if out.changed:
        out.explanation = Text(N_("the labels changed at once: a Service re-selects its Pods as soon as their labels "
                                  "change (see kubectl get endpointslices)"))


def _print_changed(fmt: str, rtype: ResourceType, session: Session, ns: str, name: str, out: Out, msg: str,
                   suffix: str) -> None:
    from tutor.kubectl.output import to_json, to_yaml

    obj = session.world.get(rtype, ns, name) or {}
    if fmt == "yaml":
        out.out(to_yaml(obj))
    elif fmt == "json":
        out.out(to_json(obj))
    else:
        out.out(f"{rtype.name_prefix}/{name}\n")


def cmd_annotate(p: fl.Parsed, session: Session, out: Out) -> None:
    resources, pairs = _pairs(p.args, "annotation")
    if not pairs and not p.flag("list"):
        raise Failure("error: at least one annotation update is required\n")
    new: dict[str, str] = {}
    remove: list[str] = []
    invalid = []
    for spec in pairs:
        if "=" in spec and not spec.startswith("="):
            key, value = spec.split("=", 1)
            new[key] = value
        elif spec.endswith("-") and spec != "-":
            remove.append(spec[:-1])
        else:
            invalid.append(spec)
    if invalid:
        raise Failure(f"error: invalid annotation format: {', '.join(invalid)}\n")
    both = [r for r in remove if r in new]
    if both:
        raise Failure("error: can not both modify and remove the following annotation(s) in the same command: "
                      f"{', '.join(both)}\n")
    dry_run = _dry_run(p)
    selected = _change_targets(p, session, resources, "annotate")
    overwrite = p.flag("overwrite")
    for rtype, obj in selected:
        ns, name = _meta_name(obj)
        meta = obj.get("metadata") or {}
        current = {str(k): str(v) for k, v in (meta.get("annotations") or {}).items()}
        if p.flag("list"):
            for k, v in current.items():
                out.out(f"{k}={v}\n")
            continue
        if not overwrite:
            clashes = [f"'{k}' already has a value ({current[k]})" for k, v in new.items()
                       if k in current and current[k] != v and k != "kubernetes.io/change-cause"]
            if clashes:
                raise Failure("error: --overwrite is false but found the following declared annotation(s): "
                              + "; ".join(clashes) + "\n",
                              explanation=Text(N_("the annotation already has another value: add --overwrite to "
                                                  "replace it")))
        updated = {**current, **new}
        for key in remove:
            updated.pop(key, None)
        if dry_run == "none" and updated != current:
            session.world.set_annotations(rtype, ns, name, updated)
            out.changed = True
        suffix = " (dry run)" if dry_run == "client" else " (server dry run)" if dry_run == "server" else ""
        out.out(f"{rtype.name_prefix}/{name} annotated{suffix}\n")
    if out.changed:
        out.explanation = Text(N_("annotations are notes for people and tools: unlike labels, no selector looks at "
                                  "them"))


# --------------------------------------------------------------------------- expose
EXPOSE_FLAGS = (fl.Flag("port"), fl.Flag("target-port"), fl.Flag("type"), fl.Flag("name"), fl.Flag("protocol"),
                fl.Flag("selector"), fl.Flag("labels", "l"), fl.Flag("cluster-ip"), fl.Flag("external-ip"),
                fl.Flag("session-affinity"), fl.Flag("load-balancer-ip"), fl.Flag("dry-run", no_value="unchanged"),
                fl.Flag("output", "o"), fl.Flag("save-config", kind="bool"), fl.Flag("overrides"),
                fl.Flag("field-manager"), fl.Flag("filename", "f", "list"), fl.Flag("override-type"),
                fl.Flag("record", kind="bool"))


def _parse_label_list(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part:
            continue
        if "=" not in part:
            raise Failure(f"error: invalid label spec: {part}\n")
        k, v = part.split("=", 1)
        out[k] = v
    return out


def cmd_expose(p: fl.Parsed, session: Session, out: Out) -> None:
    from tutor.kubectl.output import to_json, to_yaml

    if not p.args:
        raise usage_error("expose", "You must provide one or more resources by argument or filename.\n"
                                    "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                                    "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
    targets, _single = resource_args(p.args)
    namespace = _namespace_of(p, session)
    world = session.world
    dry_run = _dry_run(p)
    output = p.text("output")
    if output and output not in ("yaml", "json", "name"):
        raise Failure(f'error: unable to match a printer suitable for the output format "{output}", allowed formats '
                      f"are: {GENERIC_FORMATS}\n")
    for t in targets:
        if t.name is None:
            raise Failure("error: resource(s) were provided, but no name was specified\n")
        if t.rtype.kind not in ("Pod", "Service", "Deployment", "ReplicaSet", "ReplicationController"):
            group = f".{t.rtype.group}" if t.rtype.group else ""
            raise Failure(f"error: cannot expose a {t.rtype.kind}{group}\n",
                          explanation=Text(N_("kubectl expose takes a Pod, Service, Deployment or ReplicaSet: it "
                                              "copies their selector or labels")))
        obj = world.get(t.rtype, namespace, t.name)
        if obj is None:
            raise Failure(not_found(t.rtype, t.name, namespace) + "\n")
        svc = _exposed_service(p, t.rtype, obj, namespace)
        name = svc["metadata"]["name"]
        if dry_run == "client":
            shown = copy.deepcopy(svc)
            if p.text("namespace"):
                shown["metadata"]["namespace"] = namespace
            if output == "yaml":
                out.out(to_yaml(shown))
            elif output == "json":
                out.out(to_json(shown))
            else:
                out.out(f"service/{name} exposed (dry run)\n")
            out.manifest = to_yaml(shown)
            continue
        if world.cluster.service(name, namespace) is not None or (name == "kubernetes" and namespace == "default"):
            raise Failure(f'Error from server (AlreadyExists): services "{name}" already exists\n',
                          explanation=Text(N_("a Service with that name exists already: pick another with --name, or "
                                                 "change that Service itself (in the lab, Ctrl+Z in the editor "
                                                 "undoes an expose)")))
        manifest = copy.deepcopy(svc)
        manifest["metadata"]["namespace"] = namespace
        out.manifest = to_yaml(svc)
        if session.expose_to_editor:
            out.out(f"service/{name} exposed\n")
            out.explanation = Text(N_("the Service kubectl would create is now in the editor"))
            return
        created = create_service(session, manifest)
        if isinstance(created, str):
            raise Failure(created)
        out.changed = dry_run == "none"
        if output in ("yaml", "json"):
            obj2 = world.get(RESOURCE["Service"], namespace, name) or {}
            out.out(to_yaml(obj2) if output == "yaml" else to_json(obj2))
        else:
            suffix = " (server dry run)" if dry_run == "server" else ""
            out.out(f"service/{name} exposed{suffix}\n")
        ports = svc["spec"].get("ports") or []
        target = ", ".join(str(pt.get("targetPort")) for pt in ports) or "-"
        out.explanation = Text(N_("a Service selecting {selector} now sends its port to targetPort {target} on the "
                                  "Pods: check that they listen there"),
                               selector=format_labels(svc["spec"].get("selector")), target=target)


def _exposed_service(p: fl.Parsed, rtype: ResourceType, obj: JSON, namespace: str) -> JSON:
    """``kubectl expose``'s ``createService`` for ``obj``."""
    spec = obj.get("spec") or {}
    labels = _labels_of(obj)
    # selector
    if p.text("selector"):
        selector = _parse_label_list(p.text("selector"))
    elif rtype.kind == "Pod":
        if not labels:
            raise Failure("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no "
                          "labels and cannot be exposed\n")
        selector = dict(labels)
    elif rtype.kind == "Service":
        selector = {str(k): str(v) for k, v in (spec.get("selector") or {}).items()}
        if not selector:
            raise Failure("error: couldn't retrieve selectors via --selector flag or introspection: the service has "
                          "no pod selector set\n")
    else:
        sel = spec.get("selector") or {}
        exprs = sel.get("matchExpressions") if isinstance(sel, dict) else None
        if exprs:
            shown = " ".join("{" + f"Key:{e.get('key')} Operator:{e.get('operator')} Values:"
                             f"[{' '.join(str(v) for v in e.get('values') or [])}]" + "}" for e in exprs)
            raise Failure("error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert "
                          f'expressions - "[{shown}]" to map-based selector format\n')
        selector = {str(k): str(v) for k, v in ((sel or {}).get("matchLabels") or {}).items()}
    # ports
    template_spec = spec if rtype.kind == "Pod" else (spec.get("template") or {}).get("spec") or {}
    protocols: dict[str, list[str]] = {}
    if rtype.kind == "Service":
        found_ports = [str(pt.get("port")) for pt in spec.get("ports") or []]
        for pt in spec.get("ports") or []:
            protocols.setdefault(str(pt.get("port")), []).append(str(pt.get("protocol") or "TCP"))
    else:
        found_ports = []
        for c in template_spec.get("containers") or []:
            for cp in c.get("ports") or []:
                found_ports.append(str(cp.get("containerPort")))
                protocols.setdefault(str(cp.get("containerPort")), []).append(str(cp.get("protocol") or "TCP"))
    port_text = p.text("port")
    if port_text:
        port_list = [port_text]
    else:
        port_list = []
        for x in found_ports:
            if x not in port_list:
                port_list.append(x)
        if not port_list and p.text("cluster-ip") != "None":
            raise Failure("error: couldn't find port via --port flag or introspection\n",
                          explanation=Text(N_("the Pods declare no containerPort, so kubectl cannot guess the port: "
                                              "give --port")))
    protocol = p.text("protocol")
    ports: list[JSON] = []
    for i, text in enumerate(port_list):
        try:
            number = int(text)
        except ValueError:
            raise Failure(f'error: strconv.Atoi: parsing "{text}": invalid syntax\n') from None
        name = f"port-{i + 1}" if len(port_list) > 1 else ""
        proto = protocol
        if not proto:
            found = protocols.get(text)
            if found and len(set(found)) > 1 and not port_text:
                for fp in dict.fromkeys(found):
                    ports.append({"name": f"port-{i + 1}-{fp.lower()}", "port": number, "protocol": fp})
                continue
            proto = found[0] if found else "TCP"
        entry: JSON = {}
        if name:
            entry["name"] = name
        entry["port"] = number
        entry["protocol"] = proto
        ports.append(entry)
    target = p.text("target-port")
    for entry in ports:
        if target:
            entry["targetPort"] = int(target) if target.isdigit() else target
        else:
            entry["targetPort"] = entry["port"]
    name = p.text("name") or _meta_name(obj)[1][:63]
    new_labels = _parse_label_list(p.text("labels")) if p.text("labels") else labels
    meta: JSON = {}
    if new_labels:
        meta["labels"] = new_labels
    meta["name"] = name
    svc_spec: JSON = {}
    if p.text("cluster-ip"):
        svc_spec["clusterIP"] = p.text("cluster-ip")
    if p.text("external-ip"):
        svc_spec["externalIPs"] = [p.text("external-ip")]
    if p.text("type") == "LoadBalancer" and p.text("load-balancer-ip"):
        svc_spec["loadBalancerIP"] = p.text("load-balancer-ip")
    if ports:
        svc_spec["ports"] = ports
    svc_spec["selector"] = selector
    if p.text("session-affinity"):
        if p.text("session-affinity") not in ("None", "ClientIP"):
            raise Failure(f"error: unknown session affinity: {p.text('session-affinity')}\n")
        svc_spec["sessionAffinity"] = p.text("session-affinity")
    if p.text("type"):
        svc_spec["type"] = p.text("type")
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": svc_spec,
            "status": {"loadBalancer": {}}}


def create_service(session: Session, manifest: JSON) -> str | None:
    """Admit ``manifest`` through the engine (defaults, allocation, validation) into the
    world. Returns kubectl's error text when the API server would refuse it."""
    from tutor.k8s.evaluate import evaluate
    from tutor.kubectl.world import Stored, go_json

    world = session.world
    body = {k: v for k, v in manifest.items() if k != "status"}
    ev = evaluate(go_json(body), world.cluster, add_pods=False)
    doc = ev.documents[0] if ev.documents else None
    if doc is None or not doc.valid or doc.service is None:
        if doc is None:
            return "error: the Service could not be created\n"
        name = (manifest.get("metadata") or {}).get("name")
        details = [e.message for e in doc.errors]
        if doc.stage in ("validation", "allocation") and details:
            joined = ", ".join(details)
            return f'The Service "{name}" is invalid: {joined}\n' if len(details) == 1 else \
                f'The Service "{name}" is invalid: \n' + "".join(f"* {d}\n" for d in details)
        return "error: " + ("; ".join(details) or "the Service could not be created") + "\n"
    world.cluster = ev.cluster
    ns, name = doc.namespace, doc.name or ""
    created = session.created_at or session.now
    world.stored[("Service", ns, name)] = Stored("Service", copy.deepcopy(body), "command", created)
    world.invalidate()
    return None


# --------------------------------------------------------------------------- exec
EXEC_FLAGS = (fl.Flag("container", "c"), fl.Flag("stdin", "i", "bool"), fl.Flag("tty", "t", "bool"),
              fl.Flag("quiet", "q", "bool"), fl.Flag("filename", "f", "list"),
              fl.Flag("pod-running-timeout"))


def _pod_for(session: Session, namespace: str, target: str, command: str) -> Any:
    """The Pod for ``exec``/``port-forward``: ``POD``, ``pod/NAME``, ``svc/NAME``,
    ``deploy/NAME``, ``rs/NAME`` (running and ready Pods preferred)."""
    world = session.world
    if "/" in target:
        type_text, name = target.split("/", 1)
        rtype = _resolve_type(type_text)
    else:
        rtype, name = RESOURCE["Pod"], target
    if rtype.kind == "Pod":
        pod = world.cluster.pod(name, namespace)
        if pod is None:
            raise Failure(not_found(rtype, name, namespace) + "\n",
                          explanation=Text(N_("there is no Pod with that name in namespace {namespace}: kubectl get "
                                              "pods lists them (a Deployment's Pods have generated names)"),
                                           namespace=namespace))
        return pod, None
    obj = world.get(rtype, namespace, name)
    if obj is None:
        raise Failure(not_found(rtype, name, namespace) + "\n")
    if rtype.kind == "Service":
        svc = world.cluster.service(name, namespace)
        if svc is None or not svc.selector:
            raise Failure(f"error: cannot attach to *v1.Service: invalid service '{name}': Service is defined without "
                          "a selector\n")
        candidates = [p for p in world.cluster.pods_in(namespace)
                      if all(p.labels.get(k) == v for k, v in svc.selector.items())]
    elif rtype.kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"):
        from tutor.kubectl.selectors import selector_matches

        sel = (obj.get("spec") or {}).get("selector") or {}
        candidates = [p for p in world.cluster.pods_in(namespace) if selector_matches(sel, p.labels)]
    else:
        raise Failure(f"error: cannot attach to *v1.{rtype.kind}: selector for *v1.{rtype.kind} not implemented\n")
    if not candidates:
        raise Failure("error: timed out waiting for the condition\n",
                      explanation=Text(N_("no Pod matches the selector of {kind} {name}"), kind=rtype.kind, name=name))
    candidates.sort(key=lambda p: (p.phase != "Running", not p.ready, p.name))
    return candidates[0], rtype


def cmd_exec(p: fl.Parsed, session: Session, out: Out) -> None:
    from tutor.kubectl import tools

    if p.after_dash is None:
        if len(p.args) > 1:
            raise usage_error("exec", "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                                      "instead")
        if not p.args:
            raise usage_error("exec", "exec [POD] -- [COMMAND] requires a pod name")
    if not p.args:
        raise usage_error("exec", "pod, type/name or --filename must be specified")
    command = p.after_dash or []
    if p.after_dash is not None and p.dash_at is not None and p.dash_at > 1:
        raise usage_error("exec", "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                                  "instead")
    if not command:
        raise Failure("error: you must specify at least one command for the container\n")
    namespace = _namespace_of(p, session)
    pod, _via = _pod_for(session, namespace, p.args[0], "exec")
    info = session.world.pod_info(pod)
    containers = [c for c in (info.spec.get("containers") or []) if isinstance(c, dict)]
    sidecars = [c for c in (info.spec.get("initContainers") or []) if isinstance(c, dict)
                and c.get("restartPolicy") == "Always"]
    wanted = p.text("container")
    if wanted:
        chosen = next((c for c in containers + sidecars if c.get("name") == wanted), None)
        if chosen is None:
            raise Failure(f"Error from server (BadRequest): container {wanted} is not valid for pod {pod.name}\n")
    else:
        if not containers:
            raise Failure(f"error: pod {pod.name} does not have any containers\n")
        chosen = containers[0]
        if len(containers) + len(sidecars) > 1 and not p.flag("quiet"):
            names = ", ".join(str(c.get("name")) for c in containers + sidecars)
            out.err(f'Defaulted container "{chosen.get("name")}" out of: {names}\n')
    if p.flag("tty") and not p.flag("stdin"):
        pass
    if pod.node is None:
        raise Failure(f"Error from server (BadRequest): pod {pod.name} does not have a host assigned\n")
    if pod.phase in ("Succeeded", "Failed"):
        raise Failure(f"error: cannot exec into a container in a completed pod; current phase is {pod.phase}\n")
    if pod.phase != "Running" or not pod.ip:
        raise Failure(f'error: unable to upgrade connection: container not found ("{chosen.get("name")}")\n')
    image = str(chosen.get("image") or "")
    program = command[0].rsplit("/", 1)[-1]
    available, flavour = tools.tools_of(image)
    if program in ("sh", "bash", "ash") and len(command) == 1:
        raise Failure("", 0, Text(N_("this console runs one command at a time and has no interactive shell: type "
                                     "kubectl exec {pod} -- followed by the command"), pod=pod.name))
    missing = (available is not None and program not in available) or not tools.known_program(program)
    if missing and program in ("sh", "bash") and len(command) >= 3:
        missing = available is not None and program not in available
    if missing:
        exec_id = stable_hex("exec", pod.name, program)
        if not tools.known_program(program) and (available is None or program in available):
            raise Failure("", 1, Text(N_("{program} is not simulated: the console answers curl, wget, nc, nslookup, "
                                         "dig, getent hosts, cat /etc/resolv.conf and hostname"), program=program))
        raise Failure(f'error: Internal error occurred: error executing command in container: failed to exec in '
                      f'container: failed to start exec "{exec_id}": OCI runtime exec failed: exec failed: unable to '
                      f'start container process: exec: "{command[0]}": executable file not found in $PATH: unknown\n',
                      explanation=Text(N_("the image {image} has no {program}. Busybox images have wget, nc and "
                                          "nslookup but no curl, dig or getent; curlimages/curl and nicolaka/netshoot "
                                          "have more tools"), image=image, program=program))
    ctx = tools.Context(world=session.world, now=session.now, pod=pod, container=str(chosen.get("name")),
                        image=image)
    result = tools.run_program(ctx, command, flavour)
    for stream, text in result.chunks():
        (out.out if stream == "stdout" else out.err)(text)
    if result.code != 0:
        out.err(f"command terminated with exit code {result.code}\n")
    out.code = result.code
    out.explanation = result.explanation


# --------------------------------------------------------------------------- port-forward
PORT_FORWARD_FLAGS = (fl.Flag("address", kind="list"), fl.Flag("pod-running-timeout"))


def cmd_port_forward(p: fl.Parsed, session: Session, out: Out) -> None:
    from tutor.kubectl.tools import Forward

    if len(p.args) < 2:
        raise usage_error("port-forward", "TYPE/NAME and list of ports are required for port-forward")
    namespace = _namespace_of(p, session)
    target = p.args[0]
    pod, via = _pod_for(session, namespace, target, "port-forward")
    world = session.world
    if pod.phase != "Running":
        raise Failure(f"error: unable to forward port because pod is not running. Current status={pod.phase}\n")
    svc = world.cluster.service(target.split("/", 1)[1], namespace) if via is not None and via.kind == "Service" \
        else None
    pairs: list[tuple[int, int]] = []
    for spec in p.args[1:]:
        local_text, _, remote_text = spec.partition(":")
        if not remote_text:
            remote_text = local_text
        remote: int | None = None
        if svc is not None:
            sp = None
            if remote_text.isdigit():
                sp = next((x for x in svc.ports if x.port == int(remote_text)), None)
                if sp is None:
                    raise Failure(f"error: Service {svc.name} does not have a service port {remote_text}\n")
            else:
                sp = next((x for x in svc.ports if x.name == remote_text), None)
                if sp is None:
                    raise Failure(f"error: Service '{svc.name}' does not have a named port '{remote_text}'\n")
            if svc.headless:
                remote = sp.port
            else:
                from tutor.kubectl.world import find_port

                remote = find_port(pod, sp)
                if remote is None:
                    raise Failure(f"error: Pod '{pod.name}' does not have a named port '{sp.target_port}'\n")
        elif remote_text.isdigit():
            remote = int(remote_text)
        else:
            for c in pod.containers:
                for cp in c.ports:
                    if cp.name == remote_text:
                        remote = cp.container_port
            if remote is None:
                raise Failure(f"error: Pod '{pod.name}' does not have a named port '{remote_text}'\n")
        if not local_text:
            local = 40000 + int.from_bytes(spec.encode(), "big") % 20000
        elif local_text.isdigit():
            local = int(local_text)
        else:
            raise Failure(f'error: error parsing local port \'{local_text}\': strconv.ParseUint: parsing '
                          f'"{local_text}": invalid syntax\n')
        if local in session.forwards:
            out.err(f"Unable to listen on port {local}: Listeners failed to create with the following errors: "
                    f"[unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use "
                    f"unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\n")
            raise Failure(f"error: unable to listen on any of the requested ports: [{{{local} {remote}}}]\n")
        pairs.append((local, remote))
    addresses = [a for v in p.items("address") for a in v.split(",") if a] or ["localhost"]
    for local, remote in pairs:
        for address in addresses:
            if address == "localhost":
                out.out(f"Forwarding from 127.0.0.1:{local} -> {remote}\n")
                out.out(f"Forwarding from [::1]:{local} -> {remote}\n")
            else:
                out.out(f"Forwarding from {address}:{local} -> {remote}\n")
        session.forwards[local] = Forward(local, pod.name, pod.namespace, remote)
    out.explanation = Text(N_("the tunnel keeps running in the background of this console: try curl "
                              "localhost:{port}. It goes straight to Pod {pod}, not through the Service's load "
                              "balancing."), port=pairs[0][0], pod=pod.name)


# --------------------------------------------------------------------------- small ones
def cmd_version(p: fl.Parsed, session: Session, out: Out) -> None:
    from tutor.kubectl.world import KUBELET_VERSION

    if p.flag("client"):
        out.out(f"Client Version: {KUBELET_VERSION}\nKustomize Version: v5.7.1\n")
        return
    out.out(f"Client Version: {KUBELET_VERSION}\nKustomize Version: v5.7.1\nServer Version: {KUBELET_VERSION}\n")


def cmd_api_resources(p: fl.Parsed, session: Session, out: Out) -> None:
    rows = ["NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND"]
    for r in sorted(RESOURCES, key=lambda r: (r.group, r.plural)):
        if p.text("namespaced") and (p.text("namespaced") == "true") != r.namespaced:
            continue
        rows.append(f"{r.plural}\t{','.join(r.shorts)}\t{r.api_version}\t{'true' if r.namespaced else 'false'}\t"
                    f"{r.kind}")
    out.out(get_table("".join(row + "\n" for row in rows)))


def suggestions(word: str) -> list[str]:
    """cobra's ``SuggestionsFor``: Levenshtein distance <= 2 (case-insensitive) or prefix."""
    def distance(a: str, b: str) -> int:
        a, b = a.lower(), b.lower()
        d = list(range(len(b) + 1))
        for i in range(1, len(a) + 1):
            prev, d[0] = d[0], i
            for j in range(1, len(b) + 1):
                cur = d[j]
                d[j] = min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] != b[j - 1]))
                prev = cur
        return d[len(b)]

    return [c for c in KUBECTL_COMMANDS if c != "help" and
            (distance(word, c) <= 2 or c.lower().startswith(word.lower()))]
