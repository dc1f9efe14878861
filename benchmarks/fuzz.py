"""Opt-in heavy fuzzing: random mutations of real manifests, fed to the engine,
``ktutor check`` and the lesson checker, for a time budget.

    .venv/bin/python benchmarks/fuzz.py [--seconds 180] [--seed N] [--out DIR]
                                        [--hypothesis-examples N]

Seeds: every manifest of the shipped lessons (start, solution, wrong answers and the
Pods of each exercise's cluster), ``tests/k8s/fixtures`` and the small cases of
``tests/resilience/corpus``. Each case stacks 1-8 mutations: byte level (flips,
inserts, deletes, duplicated ranges, splices of another seed, a cut), line level
(deleted, duplicated, swapped, re-indented lines, nasty lines inserted), structure
level (a field dropped, retyped, renamed or duplicated, then dumped again) and size
(the text repeated as up to 200 documents).

Targets, in turn: ``evaluate()`` (plus every error/warning text in English and Korean
and the JSON), ``ktutor check`` in-process (standard input, text or JSON, sometimes the
case as a ``--pods`` file), ``goals.check()`` of a random shipped exercise, and
``goals.check()`` of an exercise whose cluster Pods are the mutated text.

A failure is an exception, an engine safety net firing (``P-INTERNAL``,
``W-INTERNAL``, "internal problem" feedback), an error without message or outside
the text, an exit code other than 0/1/2, output that is not strict JSON, a failed goal
without feedback, or a case that took more than ``--slow`` seconds of CPU (the process's
CPU time: on a machine other work shares, wall-clock time measures the others too; one
still running after 3x ``--slow`` seconds of wall-clock time is stopped and counted as a
hang). Failing cases are written to ``--out``
(default: a temporary folder); a case stuck inside C code ends the run with a
traceback after 6x ``--slow`` and is left in ``--out``/current.yaml.

``--hypothesis-examples N`` first runs the property tests of
``tests/resilience/test_resilience_properties.py`` with N examples each.
"""

from __future__ import annotations

import argparse
import copy
import faulthandler
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tutor import check as check_mod  # noqa: E402
from tutor import i18n  # noqa: E402
from tutor.k8s.evaluate import evaluate  # noqa: E402
from tutor.k8s.explain import explanation_text, fix_text  # noqa: E402
from tutor.lessons import goals as G  # noqa: E402
from tutor.lessons.model import load_lessons  # noqa: E402

TOKENS = [
    "&a ", "*a", "&a [*a]", "<<: *a", "<<: 5", "? ", "!!python/object/apply:os.system ['true'] ", "!!binary ",
    "!foo ", "!!int ", "!!str ", "!!float ", "!!set ", "%YAML 1.1\n", "---\n", "...\n", "\t", "\r\n", "\r", "\x00",
    "\ufeff", "\u202e", "\u200b", "\uff1a", "\u2028", "\x85", "웹", "포트", ": ", "- ", "[", "]", "{", "}", "'", '"',
    "#", "~", "null", "yes", "on", "0x50", "0o17", "1e3", ".nan", ".inf", "-.inf", "9999999999999999999999",
    "-1", "0", "65536", "30000", "32767", "2147483648", "None", "NodePort", "LoadBalancer", "ExternalName",
    "ClusterIP", "Local", "ClientIP", "SCTP", "udp", "http", "apiVersion: v1\n", "kind: Service\n", "kind: Pod\n",
    "kind: Deployment\napiVersion: apps/v1\n", "replicas: 99999999999\n", "selector: {}\n", "ports: []\n",
    "clusterIP: None\n", "targetPort: ", "nodePort: ", "port: ", "name: ", "metadata:\n", "spec:\n", "\n",
]
NASTY_LINES = [
    "&a [*a]", "- *undefined", "<<: *x", "? [a]", ": b", "\tkey: value", "---", "...", "!!python/object:x {}",
    "port: 9999999999999999999999", "port: .nan", "apiVersion: apps/v1", "kind: service", "spec: null",
    "metadata: {name: dup}", "  - port: 80", "selector: {app: \u200bweb}", "app\uff1a web", "type: ExternalName",
    "externalName: " + "a" * 300, "a: &b {c: *b}", "labels: {" + ", ".join(f"k{i}: v" for i in range(50)) + "}",
]


# --------------------------------------------------------------------------- seeds
def _manifests_of(text: str | None) -> list[str]:
    return [text] if isinstance(text, str) and text.strip() else []


def seeds() -> tuple[list[tuple[str, str]], list]:
    out: list[tuple[str, str]] = []
    lessons = load_lessons()
    exercises = []
    for lesson in lessons:
        for ex in lesson.exercises:
            exercises.append(ex)
            where = f"lessons/{lesson.id}/{ex.id}"
            for name, text in (("start", ex.start), ("solution", ex.solution),
                               ("pods", (ex.cluster or {}).get("pods"))):
                out += [(f"{where}:{name}", t) for t in _manifests_of(text)]
            for n, wrong in enumerate(ex.wrong):
                out += [(f"{where}:wrong{n}", t) for t in _manifests_of(wrong.get("text"))]
    for path in sorted((ROOT / "tests" / "k8s" / "fixtures").rglob("*.yaml")):
        out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    corpus = ROOT / "tests" / "resilience" / "corpus"
    for path in sorted(corpus.glob("*")):
        out.append((str(path.relative_to(ROOT)), path.read_bytes().decode("utf-8", "surrogateescape")))
    return out, exercises


# --------------------------------------------------------------------------- mutations
def _paths(root, limit: int = 2_000) -> list[tuple[tuple, object]]:
    """(container path, key) of the values inside ``root``: at most ``limit``, each
    container once (aliases are shared and may be recursive)."""
    found: list[tuple[tuple, object]] = []
    seen: set[int] = set()
    stack = [((), root)]
    while stack and len(found) < limit:
        prefix, node = stack.pop()
        if id(node) in seen:
            continue
        if isinstance(node, dict):
            seen.add(id(node))
            for k, v in list(node.items()):
                found.append((prefix, k))
                stack.append((prefix + (k,), v))
        elif isinstance(node, list):
            seen.add(id(node))
            for i, v in enumerate(node):
                found.append((prefix, i))
                stack.append((prefix + (i,), v))
    return found


def _random_value(rng: random.Random):
    return rng.choice([
        None, True, False, 0, -1, 80, 65536, 2 ** 31, 2 ** 64, 10 ** 30, 1.5, float("nan"), float("inf"), "",
        "80", "http", "TCP", "udp", "None", "web", "웹", "\u202e", "a" * 70, [], {}, [1, "a"], {"a": 1},
        {"port": 80}, [{"port": 80}], {"app": "web"}])


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def mutate_structure(text: str, rng: random.Random) -> str | None:
    if len(text) > 200_000:
        return None
    try:
        docs = [d for d in yaml.load_all(text, Loader=_LOADER) if d is not None]
    except Exception:  # noqa: BLE001 - not YAML any more: the other mutators go on
        return None
    if not docs:
        return None
    doc = rng.choice(docs)
    if not isinstance(doc, (dict, list)):
        return None
    for _ in range(rng.randint(1, 3)):
        paths = _paths(doc)
        if not paths:
            break
        parent_path, key = rng.choice(paths)
        parent = doc
        try:
            for p in parent_path:
                parent = parent[p]
            parent[key]
        except (KeyError, IndexError, TypeError):  # an earlier change moved it
            continue
        op = rng.choice(["drop", "retype", "rename", "duplicate"])
        if op == "drop":
            del parent[key]
        elif op == "retype":
            parent[key] = _random_value(rng)
        elif op == "rename" and isinstance(parent, dict):
            k = str(key)
            parent[rng.choice([k.lower(), k.upper(), k[1:], k + "s", k.capitalize(), ""])] = parent.pop(key)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    try:
        return yaml.dump_all(docs, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
    except Exception:  # noqa: BLE001 - recursive data, say: leave the text as it was
        return None


def mutate(text: str, others: list[str], rng: random.Random) -> tuple[str, list[str]]:
    ops: list[str] = []
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["flip", "insert", "token", "delete", "dup-range", "splice", "cut", "line-del",
                         "line-dup", "line-swap", "indent", "nasty-line", "structure", "structure", "repeat"])
        n = len(text)
        at = rng.randint(0, n)
        if op == "flip" and n:
            i = rng.randrange(n)
            text = text[:i] + chr(ord(text[i]) ^ (1 << rng.randrange(7))) + text[i + 1:]
        elif op == "insert":
            text = text[:at] + "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 32),
                                                       rng.randrange(0x80, 0x3000)]))
                                       for _ in range(rng.randint(1, 4))) + text[at:]
        elif op == "token":
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + rng.randint(1, 40):]
        elif op == "dup-range":
            end = min(n, at + rng.randint(1, 200))
            text = text[:end] + text[at:end] + text[end:]
        elif op == "splice" and others:
            other = rng.choice(others)
            j = rng.randint(0, len(other))
            text = text[:at] + other[j:j + rng.randint(1, 400)] + text[at:]
        elif op == "cut":
            text = text[:at]
        elif op == "repeat" and n < 20_000:  # many documents (sizes the other operations never reach)
            text = "\n---\n".join([text] * min(rng.randint(2, 200), max(2, 1_000_000 // (n + 5))))
        elif op.startswith("line") or op in ("indent", "nasty-line"):
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            if op == "line-del":
                del lines[i]
            elif op == "line-dup":
                lines.insert(i, lines[i])
            elif op == "line-swap":
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "indent":
                lines[i] = " " * rng.randint(1, 4) + lines[i] if rng.random() < 0.6 else lines[i].lstrip()
            else:
                lines.insert(i, " " * rng.choice([0, 2, 4]) + rng.choice(NASTY_LINES))
            text = "\n".join(lines)
        elif op == "structure":
            done = mutate_structure(text, rng)
            if done is None:
                continue
            text = done
        ops.append(op)
    return text, ops


# --------------------------------------------------------------------------- targets
class Failure(Exception):
    pass


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _inside(line: int, column: int, lines: list[str]) -> bool:
    if not 1 <= line <= len(lines) + 1 or column < 1:
        return False
    return line > len(lines) or column <= len(lines[line - 1]) + 2


def run_evaluate(text: str, rng, exercises) -> None:
    ev = evaluate(text)
    by_newline, by_yaml = text.split("\n"), _BREAK.split(text)
    for e in ev.errors:
        if e.code == "P-INTERNAL":
            raise Failure(f"P-INTERNAL: {e.message}")
        if not (isinstance(e.message, str) and e.message.strip()):
            raise Failure(f"error without a message: {e!r}")
        if e.line is not None and not (_inside(e.line, e.column or 1, by_newline)
                                       or _inside(e.line, e.column or 1, by_yaml)):
            raise Failure(f"position outside the text: {e.line}:{e.column} ({len(by_newline)} lines)")
    for d in ev.documents:
        for w in d.warnings:
            if w.code == "W-INTERNAL":
                raise Failure(f"W-INTERNAL: {w.message}")
    for lang in ("en", "ko"):
        i18n.set_language(lang)
        try:
            for e in ev.errors[:20]:
                str(explanation_text(e)), str(fix_text(e))
            for d in ev.documents[:20]:
                [str(w.message) for w in d.warnings]
                json.dumps(d.to_json(max_pods=50), ensure_ascii=False, allow_nan=False)
        finally:
            i18n.set_language("en")


def run_check(text: str, rng, exercises) -> None:
    parser = argparse.ArgumentParser()
    check_mod.add_arguments(parser)
    fmt = rng.choice(["json", "text"])
    data = text.encode("utf-8", "surrogatepass")
    argv = ["--format", fmt, "-"]
    tmp = None
    if rng.random() < 0.2:  # the case as the simulated cluster's Pods
        tmp = tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False)
        tmp.write(data)
        tmp.close()
        argv = ["--pods", tmp.name] + argv
        data = b"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n"
    out, err = io.StringIO(), io.StringIO()
    try:
        code = check_mod.run(parser.parse_args(argv), stdout=out, stderr=err, stdin=io.BytesIO(data))
    finally:
        if tmp is not None:
            os.unlink(tmp.name)
    if code not in (0, 1, 2):
        raise Failure(f"exit code {code}")
    if code == 2 and not err.getvalue().strip():
        raise Failure("exit code 2 without a message")
    if fmt == "json":
        def strict(c):
            raise Failure(f"{c} in the JSON")
        json.loads(out.getvalue(), parse_constant=strict)


def _goal_result_ok(result) -> None:
    for g in result.goals:
        if not g.passed:
            fb = G.english(g.feedback)
            if not fb.strip():
                raise Failure(f"failed goal without feedback: {g.goal}")
            if "internal problem" in fb:
                raise Failure(f"checker surprise: {fb}")
        for lang in ("en", "ko"):
            i18n.set_language(lang)
            try:
                g.label_text(), str(g.feedback or ""), str(g.expected or ""), str(g.actual or "")
            finally:
                i18n.set_language("en")


def run_goals(text: str, rng, exercises) -> None:
    _goal_result_ok(G.check(rng.choice(exercises), text))


def run_cluster(text: str, rng, exercises) -> None:
    ex = copy.copy(rng.choice(exercises))
    ex.cluster = {**(ex.cluster or {}), "pods": text}
    _goal_result_ok(G.check(ex, ex.solution))


TARGETS = {"evaluate": run_evaluate, "check": run_check, "goals": run_goals, "cluster": run_cluster}
WEIGHTS = {"evaluate": 4, "check": 3, "goals": 2, "cluster": 1}


# --------------------------------------------------------------------------- the run
class Hang(BaseException):  # not Exception: the engine's safety nets must not catch it
    """Raised in the main thread by SIGALRM: a case ran far too long."""


def _alarm(signum, frame):
    raise Hang()


def hypothesis_run(examples: int) -> int:
    env = {**os.environ, "KTUTOR_HYPOTHESIS_EXAMPLES": str(examples), "KTUTOR_HOME": tempfile.mkdtemp()}
    test = ROOT / "tests" / "resilience" / "test_resilience_properties.py"
    print(f"hypothesis: {test.name} with {examples} examples per property ...", flush=True)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    print("hypothesis: " + (proc.stdout.strip().splitlines() or ["?"])[-1], flush=True)
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=180.0, help="time budget of the mutation run (default 180)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    ap.add_argument("--slow", type=float, default=10.0, help="a case taking more CPU seconds than this is a failure (default 10 s)")
    ap.add_argument("--out", help="folder for failing cases (default: a new temporary folder)")
    ap.add_argument("--hypothesis-examples", type=int, default=0, metavar="N",
                    help="first run the resilience property tests with N examples each")
    args = ap.parse_args(argv)
    os.environ.setdefault("KTUTOR_HOME", tempfile.mkdtemp(prefix="ktutor-fuzz-home-"))
    signal.signal(signal.SIGALRM, _alarm)
    out_dir = Path(args.out or tempfile.mkdtemp(prefix="ktutor-fuzz-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    hyp_code = hypothesis_run(args.hypothesis_examples) if args.hypothesis_examples else 0

    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    rng = random.Random(seed)
    pool, exercises = seeds()
    texts = [t for _, t in pool]
    names = list(TARGETS)
    weights = [WEIGHTS[n] for n in names]
    tried = {n: 0 for n in names}
    failures: list[dict] = []
    slowest: dict | None = None
    slowest_ok: dict | None = None  # the slowest case that passed
    total_time = 0.0
    current = out_dir / "current.yaml"
    print(f"fuzz: seed {seed}, {len(pool)} seed manifests, {len(exercises)} exercises, budget {args.seconds:.0f} s, "
          f"failing cases -> {out_dir}; load average {os.getloadavg()[0]:.1f}", flush=True)
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        origin, base = rng.choice(pool)
        # a case is stopped (and recorded) after 3x --slow; one stuck in C code ends the run
        faulthandler.dump_traceback_later(args.slow * 6, exit=True)
        signal.setitimer(signal.ITIMER_REAL, args.slow * 3)
        text, ops, target, t0, c0, problem = base, [], "mutate", time.perf_counter(), time.process_time(), None
        try:
            text, ops = mutate(base, texts, rng)
            target = rng.choices(names, weights)[0]
            current.write_bytes(f"# {target} {origin} {ops}\n".encode() + text.encode("utf-8", "surrogatepass"))
            t0, c0 = time.perf_counter(), time.process_time()
            TARGETS[target](text, rng, exercises)
        except Hang:
            problem = f"hang: stopped after {args.slow * 3:.0f} s"
        except Failure as exc:
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - that is what we are looking for
            problem = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            faulthandler.cancel_dump_traceback_later()
            i18n.set_language("en")
        if target == "mutate":
            target = "evaluate"
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        total_time += took
        tried[target] += 1
        if problem is None and cpu > args.slow:
            problem = f"slow: {cpu:.1f} s of CPU ({took:.1f} s)"
        case = {"target": target, "origin": origin, "ops": ops, "seconds": took, "cpu": cpu, "bytes": len(text.encode(
            "utf-8", "surrogatepass"))}
        if slowest is None or cpu > slowest["cpu"]:
            slowest = case
        if problem is None and (slowest_ok is None or cpu > slowest_ok["cpu"]):
            slowest_ok = case
        if problem is not None:
            n = len(failures) + 1
            (out_dir / f"failure-{n:03d}-{target}.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
            (out_dir / f"failure-{n:03d}-{target}.txt").write_text(f"{case}\n{problem}\n", encoding="utf-8")
            failures.append({**case, "problem": problem.splitlines()[0][:200]})
            print(f"FAILURE {n}: {target} on {origin} {ops}: {problem.splitlines()[0][:200]}", flush=True)
    current.unlink(missing_ok=True)
    elapsed = time.perf_counter() - start
    cases = sum(tried.values())
    print()
    print(f"seed {seed}: {cases:,} cases in {elapsed:.0f} s ({cases / elapsed:.0f}/s): "
          + ", ".join(f"{n} {c:,}" for n, c in tried.items()))
    print(f"failures: {len(failures)}" + (f" (cases in {out_dir})" if failures else ""))
    for f in failures[:10]:
        print(f"  {f['target']} {f['origin']} {f['ops']}: {f['problem']}")
    for label, case in (("slowest case", slowest), ("slowest passing case", slowest_ok)):
        if case and (label == "slowest case" or case is not slowest):
            print(f"{label}: {case['target']} {case['cpu'] * 1000:.0f} ms of CPU ({case['seconds'] * 1000:.0f} ms), "
                  f"{case['bytes']:,} bytes, "
                  f"from {case['origin']} after {', '.join(case['ops']) or 'no mutation'}")
    print(f"mean time per case: {total_time / max(cases, 1) * 1000:.1f} ms; load average at the end "
          f"{os.getloadavg()[0]:.1f} (5 min {os.getloadavg()[1]:.1f}, 15 min {os.getloadavg()[2]:.1f})")
    return 1 if failures or hyp_code else 0


if __name__ == "__main__":
    sys.exit(main())
