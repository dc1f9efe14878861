"""The console: a pure object that answers command lines like kubectl would.

::

    console = Console(base_cluster, base_text=exercise_pods_yaml, editor=editor_text)
    result = console.run("kubectl get pods --show-labels")
    result.stdout, result.stderr, result.exit_code   # kubectl's streams and status
    result.chunks          # [("stdout"|"stderr", text), ...] in the order kubectl writes them
    result.explanation     # a Text (shown in the current language), or None
    result.changed         # the command changed the simulated cluster (label, annotate, expose)
    console.complete("k get po", 8)   # Tab completion candidates
    console.commands       # the changing commands, in order: save them with the progress
    console.reset()        # forget them (F5)

The cluster the console shows is always *base + applied texts + commands*: the base
cluster is never changed; :meth:`Console.set_editor` re-applies the editor's text and
replays the commands (one that no longer works is skipped silently). Commands are typed
as in a shell (quotes work), with or without a leading ``kubectl`` (or ``k``). Besides
kubectl, the learner's own machine has ``curl`` and ``wget`` (``localhost`` reaches a
running ``kubectl port-forward``; cluster names mean nothing there), and the console has
``help``, ``history`` and ``clear``.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor.i18n import N_, Text, _
from tutor.kubectl import clock
from tutor.kubectl import commands as cmds
from tutor.kubectl import flags as fl

#: how many history lines are kept
HISTORY_LIMIT = 500
LOCAL_PROGRAMS = ("curl", "wget")
CONSOLE_COMMANDS = ("help", "history", "clear")

_COMMANDS: dict[str, tuple[tuple[fl.Flag, ...], Any]] = {
    "get": (cmds.GET_FLAGS, cmds.cmd_get),
    "describe": (cmds.DESCRIBE_FLAGS, cmds.cmd_describe),
    "exec": (cmds.EXEC_FLAGS, cmds.cmd_exec),
    "expose": (cmds.EXPOSE_FLAGS, cmds.cmd_expose),
    "label": (cmds.CHANGE_FLAGS, cmds.cmd_label),
    "annotate": (cmds.CHANGE_FLAGS, cmds.cmd_annotate),
    "port-forward": (cmds.PORT_FORWARD_FLAGS, cmds.cmd_port_forward),
    "version": ((fl.Flag("client", kind="bool"), fl.Flag("output", "o")), cmds.cmd_version),
    "api-resources": ((fl.Flag("namespaced"), fl.Flag("output", "o"), fl.Flag("api-group"),
                       fl.Flag("no-headers", kind="bool"), fl.Flag("sort-by"), fl.Flag("verbs", kind="list"),
                       fl.Flag("cached", kind="bool")), cmds.cmd_api_resources),
}


@dataclass
class Result:
    """What a command printed, in order, and how it ended."""

    chunks: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int = 0
    explanation: Text | None = None
    changed: bool = False
    #: ``expose``: the Service kubectl creates, as YAML (the lab can put it in the editor)
    manifest: str | None = None
    #: ``clear``: the console should empty its output panel
    clear: bool = False

    @property
    def stdout(self) -> str:
        return "".join(text for stream, text in self.chunks if stream == "stdout")

    @property
    def stderr(self) -> str:
        return "".join(text for stream, text in self.chunks if stream == "stderr")

    @property
    def output(self) -> str:
        """stdout and stderr interleaved, as a terminal shows them."""
        return "".join(text for _stream, text in self.chunks)


class Console:
    """A kubectl console on the simulated cluster (see the module documentation)."""

    def __init__(self, base: Any = None, *, base_text: str | Sequence[Any] | None = None,
                 editor: str | None = None, applied: Sequence[str | bytes] = (), commands: Sequence[str] = (),
                 namespace: str = "default", expose_to_editor: bool = False, epoch: datetime | None = None,
                 evaluation: Any = None) -> None:
        self.base = base
        self.namespace = namespace
        self.expose_to_editor = expose_to_editor
        self.epoch = epoch or clock.now()
        self._base_docs: list[dict[str, Any]] = []
        if base_text is not None:
            from tutor.kubectl.world import documents

            texts = [base_text] if isinstance(base_text, (str, bytes)) else [base_text]
            for t in texts:
                self._base_docs.extend(documents(t))
        self._applied: list[str | bytes] = list(applied)
        if editor is not None:
            self._applied = [editor]
        self._evaluations = [evaluation] if evaluation is not None else None
        self._commands: list[str] = []
        self.history: list[str] = []
        self.forwards: dict[int, Any] = {}
        self._world: Any = None
        self._pending = list(commands)

    # ------------------------------------------------------------ the cluster view
    @property
    def world(self) -> Any:
        if self._world is None:
            self._rebuild()
        return self._world

    @property
    def commands(self) -> list[str]:
        """The commands that changed the cluster and still apply, in order (a copy)."""
        _ = self.world
        return list(self._commands)

    @property
    def cluster(self) -> Any:
        """The engine's cluster as the console shows it (base + applied + commands)."""
        return self.world.cluster

    def _rebuild(self) -> None:
        from tutor.kubectl.world import build

        self._world = build(self.base, self._base_docs, self._applied, self.epoch, self._evaluations)
        replay, self._commands = self._commands + self._pending, []
        self._pending = []
        for line in replay:
            result = self._execute(line, replaying=True)
            if result.changed:
                self._commands.append(line)

    def set_editor(self, text: str, evaluation: Any = None) -> None:
        """The editor's text changed: apply it again (the commands are replayed)."""
        self._applied = [text]
        self._evaluations = [evaluation] if evaluation is not None else None
        self._world = None

    def set_applied(self, texts: Sequence[str | bytes]) -> None:
        self._applied = list(texts)
        self._evaluations = None
        self._world = None

    def reset(self) -> None:
        """Forget every change made by commands (and the port-forwards)."""
        self._commands = []
        self._pending = []
        self.forwards = {}
        self._world = None

    def state(self) -> dict[str, Any]:
        """What to save with the progress (JSON-serialisable)."""
        return {"commands": self.commands, "namespace": self.namespace}

    def restore(self, state: dict[str, Any] | None) -> None:
        """Take back a saved :meth:`state` (the commands are replayed)."""
        state = state or {}
        commands = state.get("commands") or []
        self._commands = []
        self._pending = [c for c in commands if isinstance(c, str)]
        namespace = state.get("namespace")
        if isinstance(namespace, str) and namespace:
            self.namespace = namespace
        self._world = None

    # ------------------------------------------------------------ running
    def run(self, line: str) -> Result:
        """Run one command line. Never raises."""
        text = line.strip()
        if text:
            if not self.history or self.history[-1] != text:
                self.history.append(text)
                del self.history[:-HISTORY_LIMIT]
        try:
            result = self._execute(text)
        except Exception as exc:  # noqa: BLE001 - the console must never take the lab down
            result = Result([("stderr", f"internal error: {type(exc).__name__}: {exc}\n")], 1)
        if result.changed:
            self._commands.append(text)
        return result

    def _session(self, replaying: bool) -> cmds.Session:
        now = clock.now()
        return cmds.Session(self.world, self.namespace, now, self.forwards, self.expose_to_editor,
                            created_at=self.epoch if replaying else now)

    def _execute(self, text: str, replaying: bool = False) -> Result:
        if not text or text.startswith("#"):
            return Result()
        try:
            words = shlex.split(text)
        except ValueError:
            return Result([("stderr", _("The command has an unterminated quote.") + "\n")], 2)
        if not words:
            return Result()
        head = words[0]
        if head in ("kubectl", "k"):
            return self._kubectl(words[1:], replaying)
        if head == "help":
            return Result([("stdout", help_text())])
        if head == "history":
            return Result([("stdout", "".join(f"{i + 1:5d}  {h}\n" for i, h in enumerate(self.history)))])
        if head == "clear":
            return Result(clear=True)
        if head in LOCAL_PROGRAMS:
            return self._local(words)
        if head in cmds.KUBECTL_COMMANDS:
            return self._kubectl(words, replaying)
        return Result([("stderr", f"{head}: command not found\n")], 127,
                      Text(N_("commands start with kubectl (or k); type help to see what this console answers")))

    def _local(self, words: list[str]) -> Result:
        from tutor.kubectl import tools

        world = self.world
        ctx = tools.Context(world=world, now=clock.now(), forwards=self.forwards)
        result = tools.run_program(ctx, words)
        chunks = [("stdout", f"Handling connection for {port}\n") for port in ctx.handled]
        chunks += result.chunks()
        return Result(chunks, result.code, result.explanation)

    def _kubectl(self, args: list[str], replaying: bool) -> Result:
        out = cmds.Out()
        command, rest = _split_command(args)
        if command is None:
            return Result([("stdout", kubectl_help())])
        if command in ("-h", "--help", "help"):
            return Result([("stdout", kubectl_help())])
        if command in ("--version",):
            return Result([("stderr", "error: unknown flag: --version\nSee 'kubectl --help' for usage.\n")], 1)
        if command.startswith("-"):
            return Result([("stderr", f"error: unknown flag: {command.split('=')[0]}\n"
                                      "See 'kubectl --help' for usage.\n")], 1)
        spec = _COMMANDS.get(command)
        if spec is None:
            if command == "explain":
                return self._explain(rest)
            if command in cmds.KUBECTL_COMMANDS:
                return Result([], 1, Text(N_("kubectl {command} is not simulated in this console; it answers get, "
                                             "describe, exec, expose, label, annotate, port-forward and explain"),
                                          command=command))
            message = f'error: unknown command "{command}" for "kubectl"'
            close = cmds.suggestions(command)
            if close:
                message += "\n\nDid you mean this?\n" + "".join(f"\t{c}\n" for c in close)
            else:
                message += "\n"
            return Result([("stderr", message)], 1)
        flags, handler = spec
        before_dash = rest[: rest.index("--")] if "--" in rest else rest
        if "--help" in before_dash or "-h" in before_dash:
            return Result([("stdout", command_help(command))])
        try:
            parsed = fl.parse(rest, flags)
        except fl.FlagError as err:
            return Result([("stderr", f"error: {err}\nSee 'kubectl {command} --help' for usage.\n")], 1)
        session = self._session(replaying)
        try:
            handler(parsed, session, out)
            if out.explanation is None and command == "get" and out.code == 0 and \
                    parsed.text("output") in ("", "wide"):
                out.explanation = cmds.get_explanation(parsed)
        except cmds.Failure as failure:
            if failure.message:
                out.err(failure.message)
            out.code = failure.code
            if failure.explanation is not None:
                out.explanation = failure.explanation
            out.changed = out.changed and failure.code == 0
        if out.changed:
            self.world.invalidate()
        return Result(out.chunks, out.code, out.explanation, out.changed, out.manifest)

    def _explain(self, rest: list[str]) -> Result:
        from tutor.kubectl import explain

        try:
            parsed = fl.parse(rest, (fl.Flag("recursive", kind="bool"), fl.Flag("api-version"),
                                     fl.Flag("output", "o")))
        except fl.FlagError as problem:
            return Result([("stderr", f"error: {problem}\nSee 'kubectl explain --help' for usage.\n")], 1)
        out, err, code, note = explain.explain(parsed.args, parsed.flag("recursive"), parsed.text("api-version"))
        chunks = []
        if out:
            chunks.append(("stdout", out))
        if err:
            chunks.append(("stderr", err))
        return Result(chunks, code, note)

    # ------------------------------------------------------------ completion
    def complete(self, line: str, cursor: int | None = None) -> list[str]:
        """Candidates for the word under the cursor (sorted, without duplicates)."""
        from tutor.kubectl import complete

        return complete.complete(self, line, len(line) if cursor is None else cursor)


def _split_command(args: list[str]) -> tuple[str | None, list[str]]:
    """The kubectl subcommand and the rest (global flags may come before it)."""
    i = 0
    leading: list[str] = []
    while i < len(args):
        a = args[i]
        if a in ("-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "--request-timeout", "-v",
                 "-s", "--server", "--token"):
            leading += args[i:i + 2]
            i += 2
            continue
        if a.startswith(("--namespace=", "--context=", "--kubeconfig=", "--cluster=", "--user=", "-n=", "-v=")) or \
                (a.startswith("-n") and len(a) > 2 and not a.startswith("--")):
            leading.append(a)
            i += 1
            continue
        return a, args[i + 1:] + leading
    return None, leading


_HELP = (
    ("kubectl get pods|svc|endpointslices|endpoints|deploy|rs|nodes|ns",
     N_("list objects (-n NAMESPACE, -A, -l SELECTOR, --show-labels, -o wide|yaml|json|name|jsonpath=...)")),
    ("kubectl describe svc|pod|endpointslice|deploy NAME", N_("show an object's details and events")),
    ("kubectl exec POD -- curl|wget|nc -zv|nslookup|dig|getent hosts ...", N_("run a network tool inside a Pod")),
    ("kubectl expose deploy|rs|pod NAME --port=80 --target-port=8080", N_("create a Service for their Pods")),
    ("kubectl label|annotate TYPE NAME key=value [--overwrite]", N_("change labels or annotations")),
    ("kubectl port-forward svc/NAME 8080:80", N_("then curl localhost:8080 reaches a Pod from your machine")),
    ("kubectl explain service.spec.ports", N_("what a field means")),
)


def help_text() -> str:
    """The console's help, in the current language."""
    lines = [_("This console answers kubectl commands from the simulated cluster; kubectl's own output stays in "
               "English, as the real one."), ""]
    for command, description in _HELP:
        lines.append(command)
        lines.append("    " + _(description))
    lines += ["", _("history lists your commands and clear empties the panel; k is short for kubectl.")]
    return "\n".join(lines) + "\n"


def kubectl_help() -> str:
    return ("kubectl controls the Kubernetes cluster manager.\n\n"
            " Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n"
            "Basic Commands (Beginner):\n"
            "  expose          Take a replication controller, service, deployment or pod and expose it as a new "
            "Kubernetes service\n\n"
            "Basic Commands (Intermediate):\n"
            "  explain         Get documentation for a resource\n"
            "  get             Display one or many resources\n\n"
            "Troubleshooting and Debugging Commands:\n"
            "  describe        Show details of a specific resource or group of resources\n"
            "  port-forward    Forward one or more local ports to a pod\n"
            "  exec            Execute a command in a container\n\n"
            "Settings Commands:\n"
            "  label           Update the labels on a resource\n"
            "  annotate        Update the annotations on a resource\n\n"
            "Other Commands:\n"
            "  api-resources   Print the supported API resources on the server\n"
            "  version         Print the client and server version information\n\n"
            "Usage:\n  kubectl [flags] [options]\n\n"
            "Use \"kubectl <command> --help\" for more information about a given command.\n"
            "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n")


_COMMAND_HELP = {
    "get": ("Display one or many resources.",
            "kubectl get [(-o|--output=)json|yaml|name|wide|custom-columns=...|jsonpath=...] (TYPE[.VERSION][.GROUP] "
            "[NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]"),
    "describe": ("Show details of a specific resource or group of resources.",
                 "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]"),
    "exec": ("Execute a command in a container.",
             "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]"),
    "expose": ("Expose a resource as a new Kubernetes service.",
               "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] "
               "[--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] "
               "[--type=type] [options]"),
    "label": ("Update the labels on a resource.",
              "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
              "[--resource-version=version] [options]"),
    "annotate": ("Update the annotations on one or more resources.",
                 "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
                 "[--resource-version=version] [options]"),
    "port-forward": ("Forward one or more local ports to a pod.",
                     "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]"
                     "REMOTE_PORT_N]"),
    "version": ("Print the client and server version information for the current context.",
                "kubectl version [flags] [options]"),
    "api-resources": ("Print the supported API resources on the server.", "kubectl api-resources [flags] [options]"),
}


def command_help(command: str) -> str:
    summary, usage = _COMMAND_HELP.get(command, ("", f"kubectl {command} [options]"))
    return (f"{summary}\n\nUsage:\n  {usage}\n\n"
            "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n")
