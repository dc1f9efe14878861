"""Command-line flags the way kubectl's cobra/pflag read them, with pflag's error texts.

Flags may appear anywhere among the arguments; ``--`` ends them. ``--name=value``,
``--name value``, ``-n value``, ``-nvalue`` and ``-n=value`` all work; boolean flags
take ``--flag=false``. Errors: ``unknown flag: --foo``, ``unknown shorthand flag: 'z' in
-z``, ``flag needs an argument: --namespace`` / ``'n' in -n``, ``invalid argument "x"
for "--flag" flag: ...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    kind: str = "string"  # string, bool, int, list (repeatable string)
    #: the value a bare ``--flag`` takes (pflag's NoOptDefVal)
    no_value: str | None = None


class FlagError(Exception):
    """pflag's message (kubectl adds ``See 'kubectl CMD --help' for usage.``)."""


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    #: the arguments after ``--`` (None when there was no ``--``)
    after_dash: list[str] | None = None
    #: where ``--`` was among the positional arguments
    dash_at: int | None = None
    given: set[str] = field(default_factory=set)

    def text(self, name: str, default: str = "") -> str:
        value = self.values.get(name, default)
        return value if isinstance(value, str) else default

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name, False))

    def items(self, name: str) -> list[str]:
        value = self.values.get(name)
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


GLOBAL_FLAGS = (
    Flag("namespace", "n"),
    Flag("context"), Flag("cluster"), Flag("user"), Flag("kubeconfig"), Flag("request-timeout"),
    Flag("v", "v"), Flag("server", "s"), Flag("token"), Flag("as"), Flag("cache-dir"),
    Flag("insecure-skip-tls-verify", kind="bool"), Flag("match-server-version", kind="bool"),
    Flag("warnings-as-errors", kind="bool"), Flag("profile"),
)


def _bool_value(text: str, flag: str) -> bool:
    lowered = text.lower()
    if lowered in ("1", "t", "true"):
        return True
    if lowered in ("0", "f", "false"):
        return False
    raise FlagError(f'invalid argument "{text}" for "{flag}" flag: strconv.ParseBool: parsing "{text}": '
                    "invalid syntax")


def parse(args: list[str], flags: tuple[Flag, ...]) -> Parsed:
    """Parse ``args`` against ``flags`` (plus kubectl's global flags)."""
    table = {f.name: f for f in (*GLOBAL_FLAGS, *flags)}
    shorts = {f.short: f for f in (*GLOBAL_FLAGS, *flags) if f.short}
    out = Parsed()

    def store(flag: Flag, value: str, shown: str) -> None:
        out.given.add(flag.name)
        if flag.kind == "bool":
            out.values[flag.name] = _bool_value(value, shown)
        elif flag.kind == "int":
            try:
                out.values[flag.name] = int(value)
            except ValueError:
                raise FlagError(f'invalid argument "{value}" for "{shown}" flag: strconv.ParseInt: parsing '
                                f'"{value}": invalid syntax') from None
        elif flag.kind == "list":
            current = out.values.setdefault(flag.name, [])
            assert isinstance(current, list)
            current.append(value)
        else:
            out.values[flag.name] = value

    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            out.dash_at = len(out.args)
            out.after_dash = args[i + 1:]
            break
        if a.startswith("--") and len(a) > 2:
            name, eq, value = a[2:].partition("=")
            flag = table.get(name)
            if flag is None:
                raise FlagError(f"unknown flag: --{name}")
            if eq:
                store(flag, value, f"--{name}")
            elif flag.kind == "bool":
                store(flag, "true", f"--{name}")
            elif flag.no_value is not None:
                store(flag, flag.no_value, f"--{name}")
            elif i + 1 < len(args):
                i += 1
                store(flag, args[i], f"--{name}")
            else:
                raise FlagError(f"flag needs an argument: --{name}")
        elif a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                ch = a[j]
                flag = shorts.get(ch)
                if flag is None:
                    raise FlagError(f"unknown shorthand flag: '{ch}' in {a}")
                rest = a[j + 1:]
                if flag.kind == "bool":
                    if rest.startswith("="):
                        store(flag, rest[1:], f"-{ch}")
                        break
                    store(flag, "true", f"-{ch}")
                    j += 1
                    continue
                if rest.startswith("="):
                    store(flag, rest[1:], f"-{ch}")
                elif rest:
                    store(flag, rest, f"-{ch}")
                elif flag.no_value is not None:
                    store(flag, flag.no_value, f"-{ch}")
                elif i + 1 < len(args):
                    i += 1
                    store(flag, args[i], f"-{ch}")
                else:
                    raise FlagError(f"flag needs an argument: '{ch}' in {a}")
                break
        else:
            out.args.append(a)
        i += 1
    return out


def names(flags: tuple[Flag, ...]) -> list[str]:
    """Every ``--flag`` and ``-f`` spelling (for completion)."""
    out: list[str] = []
    for f in (*flags, *GLOBAL_FLAGS[:1]):
        out.append(f"--{f.name}")
        if f.short:
            out.append(f"-{f.short}")
    return out
