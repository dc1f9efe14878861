"""The ``ktutor`` command line.

Only the standard library and ``tutor.i18n`` are imported up front: ``ktutor --help``,
``ktutor check`` and ``ktutor lessons`` never import Textual. The TUI is imported only
when it is about to run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from tutor import __version__, i18n
from tutor.i18n import N_, _, wrap_cells
from tutor.k8s.version import KUBERNETES_VERSION

# argparse's own user-visible strings, so that Korean help and errors are complete.
# argparse looks its module-level ``_`` up at call time; ``_translate_argparse`` points
# it at our catalog.
ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


def _translate_argparse() -> None:
    def tr(message: str) -> str:
        # argparse-internal strings we did not list stay plain English (no marker).
        return _(message) if message in ARGPARSE_STRINGS else message

    def ntr(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    argparse._ = tr  # type: ignore[attr-defined]
    argparse.ngettext = ntr  # type: ignore[attr-defined]


class _CellWidthHelpFormatter(argparse.HelpFormatter):
    """argparse wraps by character count; Korean needs wrapping by terminal cells."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_cells(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_cells(text, width))


def _lang_from_argv(argv: Sequence[str]) -> str | None:
    """Find ``--lang X`` / ``--lang=X`` before the parser exists (help must be
    printed in the chosen language)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _command_from_argv(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--lang", "--lesson"):
            skip = True
            continue
        if not arg.startswith("-"):
            return arg
    return None


#: ``--lang auto``: the locale decides (and the tutor forgets a language saved with F2).
AUTO = "auto"


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=[*sorted(i18n.LANGUAGES), AUTO],
        help=_("interface language (default: $KTUTOR_LANG, then, in the tutor, the language saved with F2, then "
               "the locale, then English); auto follows the locale and forgets the language saved with F2"),
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ktutor",
        formatter_class=_CellWidthHelpFormatter,
        description=_(
            "A bilingual terminal tutor for Kubernetes networking: lessons, a live Service "
            "lab and self-checking exercises."
        ),
        epilog=_("Run without a command to open the tutor. Press F2 inside it to switch between 한국어 and English: "
                 "the choice is saved, and from then on it overrides the locale when the tutor starts. To follow "
                 "the locale again: ktutor --lang auto (or, in the tutor, Ctrl+P → “Follow the system language”)."),
    )
    parser.add_argument("--version", action="version", version=f"ktutor {__version__}",
                        help=_("show the version and exit"))
    _add_lang(parser)
    parser.add_argument("--lesson", metavar="ID", help=_("open this lesson directly"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    check = sub.add_parser(
        "check",
        formatter_class=_CellWidthHelpFormatter,
        help=_("check Service and NetworkPolicy manifests the way a Kubernetes API server would"),
        description=_(
            "Check manifests and cluster dumps (kubectl get -o yaml or -o json) the way a Kubernetes API "
            "server would, show which Pods each Service selects, its ready and not-ready endpoints and how "
            "its ports map. Exit code 0: all valid, 1: some invalid, 2: usage error or unreadable input."
        ) + " " + _("The rules are those of Kubernetes {version} with its default feature gates.").format(
            version=KUBERNETES_VERSION),
    )
    _add_lang(check)
    if command == "check":
        # Only `ktutor check ...` pays for importing the checker's module.
        from tutor import check as check_mod

        check_mod.add_arguments(check)

    probe = sub.add_parser(
        "probe",
        formatter_class=_CellWidthHelpFormatter,
        help=_("show which Pods may connect to which under NetworkPolicies"),
        description=_(
            "Admit NetworkPolicies the way a Kubernetes API server would, then probe every pair of Pods on "
            "each port: a truth table per port and the reason for each denied connection. Exit code 0: all "
            "policies valid, 1: some invalid (not applied), 2: usage error or unreadable input."
        ),
    )
    _add_lang(probe)
    if command == "probe":
        from tutor import probe as probe_mod

        probe_mod.add_arguments(probe)

    lab = sub.add_parser("lab", formatter_class=_CellWidthHelpFormatter, help=_("open the free lab with a Service manifest"),
                         description=_("Open the lab as a free sandbox: edit a Service and see what it selects."))
    _add_lang(lab)
    lab.add_argument("service", nargs="?", metavar="SERVICE.yaml",
                     help=_("a manifest to start from, or a cluster dump (kubectl get -o yaml): its Services in "
                            "the editor, everything else as the cluster"))
    lab.add_argument("--pods", metavar="PODS.yaml", action="append", default=[],
                     help=_("Pod manifests that form the simulated cluster (repeatable)"))

    sub.add_parser("kubectl", add_help=False, help=_("run kubectl commands against manifests, without a cluster "
                                                     "(ktutor kubectl --from DIR get pods)"))

    lessons = sub.add_parser("lessons", formatter_class=_CellWidthHelpFormatter, help=_("list the lessons, or lint a lesson folder"),
                             description=_("List the lessons with your progress, or check lesson files."))
    _add_lang(lessons)
    lessons.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))
    lessons.add_argument("--lint", nargs="?", const="", metavar="DIR",
                         help=_("check lesson files (default: the shipped lessons) and run their exercises"))
    return parser


#: exit code of an unexpected error (a bug): never 1, which means "invalid" (0, 1, 2 keep their meaning)
EXIT_INTERNAL = 3


def main(argv: Sequence[str] | None = None) -> int:
    """``ktutor ARGV``; returns the exit code (argparse's ``--help`` and usage errors
    raise SystemExit as usual).

    Whatever the terminal: characters its encoding cannot show are printed as stand-ins
    (``✓`` as ``v``, ``?``), never a ``UnicodeEncodeError``; standard output that is
    closed or full is one line on standard error and exit 2; a reader that leaves
    (``| head``) ends the output quietly; an unexpected error is exit 3 with its
    traceback, never exit 1."""
    from tutor.terminal import GuardedOutput, OutputError, configure_stream

    configure_stream(sys.stdout)
    configure_stream(sys.stderr)
    if sys.stderr is None:  # `2>&-`: nowhere to explain anything
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        configure_stream(sys.stderr)
    args_list = list(sys.argv[1:] if argv is None else argv)
    if _command_from_argv(args_list) in (None, "lab") and not _wants_text(args_list):
        return _main(args_list)  # the TUI: Textual owns the terminal (it writes to standard error)
    real_stdout = sys.stdout
    guarded = GuardedOutput(real_stdout)
    sys.stdout = guarded
    code: int | str | None = None
    exit_exc: SystemExit | None = None
    try:
        try:
            code = _main(args_list)
        except SystemExit as exc:  # --help, --version, a usage error
            exit_exc = exc
        guarded.flush()
    except BrokenPipeError:  # `ktutor ... | head`: the reader left; not an error of ours
        _silence(real_stdout)
    except OutputError as exc:
        _silence(real_stdout)
        _complain(_("ktutor: standard output is closed") if exc.reason == "closed"
                  else _("ktutor: cannot write to standard output: {reason}").format(reason=exc.reason))
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - a bug: say so, never exit 1 ("invalid")
        import traceback

        _complain(_("ktutor: internal error (please report it with the lines below)"))
        _complain(traceback.format_exc().rstrip("\n"))
        return EXIT_INTERNAL
    finally:
        if sys.stdout is guarded:
            sys.stdout = real_stdout
    if exit_exc is not None:
        raise exit_exc
    return code if isinstance(code, int) else 0


def _wants_text(args: Sequence[str]) -> bool:
    """``ktutor --help``/``--version`` print text even without a command."""
    return any(a in ("-h", "--help", "--version") for a in args)


def _silence(stream: Any) -> None:
    """Send what is still buffered for standard output nowhere (Python flushes it at exit
    and would print an "Exception ignored" traceback)."""
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def _complain(text: str) -> None:
    from tutor.terminal import escape_controls

    try:
        print(escape_controls(text, keep="\n"), file=sys.stderr)
    except (OSError, ValueError):
        pass


def _main(args_list: list[str]) -> int:
    lang_option = _lang_from_argv(args_list)
    i18n.set_language(i18n.negotiate(lang_option))
    _translate_argparse()
    if _command_from_argv(args_list) == "kubectl":
        from tutor.kubectl.cli import run as run_kubectl

        return run_kubectl(args_list[args_list.index("kubectl") + 1:])
    parser = build_parser(_command_from_argv(args_list))
    args = parser.parse_args(args_list)

    # each command imports only what it runs (start-up speed; no command pays for the others)
    if args.command == "check":
        from tutor import check

        return check.run(args)
    if args.command == "probe":
        from tutor import probe as probe_cmd

        return probe_cmd.run(args)
    if args.command == "lessons":
        from tutor.lessons import cli as lessons_cli

        return lessons_cli.run(args)
    if args.command == "lab":
        return _run_tui(lab=True, service=args.service, pods=args.pods, lang_option=lang_option)
    return _run_tui(lesson=args.lesson, lang_option=lang_option)


def _run_tui(**options: Any) -> int:
    try:
        from tutor.ui.app import run
    except ImportError as exc:  # pragma: no cover
        print(_("The tutor's interface could not start: {error}").format(error=exc), file=sys.stderr)
        return 2
    return run(**options)
