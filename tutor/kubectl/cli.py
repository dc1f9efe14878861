"""``ktutor kubectl [--from PATH]... [--explain] ARGS...``: the console from the shell.

"What would kubectl say about these manifests", without a cluster: every ``--from``
(a file, a folder of ``*.yaml``/``*.yml``, a ``kubectl get -o yaml`` dump, or ``-`` for
standard input) is applied to the default two-node simulated cluster, then ``kubectl
ARGS`` runs against it. kubectl's output and exit status are passed through unchanged.
An unreadable ``--from`` is kubectl's own ``error: the path "..." does not exist``
(exit 1). ``--explain`` also prints the console's one-line explanation (in the current
language) on standard error; without it an explanation is printed only when kubectl
itself printed nothing.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def _split(argv: Sequence[str]) -> tuple[list[str], bool, list[str]] | str:
    """(--from paths, --explain, kubectl arguments), or a usage error."""
    paths: list[str] = []
    explain = False
    rest: list[str] = []
    i = 0
    args = list(argv)
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        if a == "--from":
            if i + 1 >= len(args):
                return "error: flag needs an argument: --from"
            paths.append(args[i + 1])
            i += 2
            continue
        if a.startswith("--from="):
            paths.append(a.split("=", 1)[1])
        elif a == "--explain":
            explain = True
        elif a == "--lang":  # ktutor's own option (read by tutor.cli already)
            i += 2
            continue
        elif a.startswith("--lang="):
            pass
        else:
            rest.append(a)
        i += 1
    return paths, explain, rest


def _read(paths: list[str], stdin: Any) -> tuple[list[str | bytes], str | None]:
    from pathlib import Path

    from tutor.check import MAX_BYTES, Unreadable, _decode, _expand

    texts: list[str | bytes] = []
    used_stdin = False
    for arg in paths:
        if arg == "-":
            if used_stdin:
                continue
            used_stdin = True
        elif not Path(arg).exists():
            return texts, f'error: the path "{arg}" does not exist\n'
        try:
            sources = _expand(arg, stdin)
        except Unreadable:
            if Path(arg).is_dir():
                return texts, f"error: open {arg}: permission denied\n"
            try:
                size = Path(arg).stat().st_size
            except OSError:
                size = 0
            if size > MAX_BYTES:
                return texts, f"error: {arg}: file is too large\n"
            return texts, f"error: open {arg}: permission denied\n"
        texts.extend(_decode(s.data) for s in sources)
    return texts, None


def _shown(text: str) -> str:
    """Output for a terminal: names from the manifests may hold control characters.
    C0 controls are shown as kubectl's printers show them (ESC as ``^[``, others as
    ``\\xNN``); DEL, C1 controls and undecodable bytes as ``\\u00NN`` (Go's JSON
    writes C1 raw: this keeps ``-o json`` valid JSON with the same value)."""
    from tutor.terminal import escape_controls, json_safe

    return escape_controls(json_safe(text), keep="\n\t")


def run(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None,
        stdin: Any = None) -> int:
    from tutor.kubectl.console import Console

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    stdin = stdin or sys.stdin
    split = _split(argv)
    if isinstance(split, str):
        stderr.write(split + "\n")
        return 1
    paths, explain, rest = split
    texts, problem = _read(paths, stdin)
    if problem is not None:
        stderr.write(_shown(problem))
        return 1
    console = Console(None, applied=texts)
    result = console.run(shlex.join(["kubectl", *rest]))
    try:
        for stream, text in result.chunks:
            (stdout if stream == "stdout" else stderr).write(_shown(text))
        if result.explanation is not None and (explain or not result.chunks):
            stderr.write(_shown(str(result.explanation) + "\n"))
        stdout.flush()
    except BrokenPipeError:  # `ktutor kubectl ... | head`
        pass
    return result.exit_code
