"""Property tests: valid Service manifests, mutated the way hostile or clumsy input is
(fields dropped, duplicated, retyped, renamed; random YAML lines inserted; the text cut
anywhere), never make the engine raise; every error has a message and a position
inside the text; every learner-facing text renders in English and Korean.

The example counts are modest so the suite stays fast; ``KTUTOR_HYPOTHESIS_EXAMPLES``
scales them (``benchmarks/fuzz.py`` is the long run).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resilience_helpers import (
    assert_check_output,
    assert_evaluation,
    assert_goals_fail_with_feedback,
    run_check,
    shipped_lessons,
    trace_texts,
)
from tutor import i18n
from tutor.k8s.evaluate import evaluate
from tutor.lessons import goals as G

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("KTUTOR_HYPOTHESIS_EXAMPLES", "0")) or None


def _settings(n: int) -> settings:
    return settings(max_examples=EXAMPLES or n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _service_documents(text: str) -> list[str]:
    out = []
    for doc in re.split(r"^---\s*$", text, flags=re.M):
        if re.search(r"^kind:\s*Service\s*$", doc, flags=re.M):
            out.append(doc.strip("\n") + "\n")
    return out


def _bases() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/k8s/fixtures/docs").glob("*.yaml"))]
    for lesson in shipped_lessons():
        for ex in lesson.exercises:
            texts += _service_documents(ex.solution)
    valid = []
    for text in texts:
        try:
            obj = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if isinstance(obj, dict) and evaluate(text).valid:
            valid.append(text)
    return sorted(set(valid))


BASES = _bases()

# --------------------------------------------------------------------------- strategies
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.sampled_from([0, -1, 1, 80, 65535, 65536, 30000, 32767, 32768, 2 ** 31, 2 ** 63, 2 ** 64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "None", "TCP", "tcp", "UDP", "SCTP", "NodePort", "nodeport", "80", "http", "HTTP", "web",
                     "ClientIP", "Local", "Cluster", "10.96.0.10", "10.96.0.1", "1.2.3.4", "::1", "a" * 64,
                     "my-service", "MyApp", "웹", "\u202e", "\u200b", "\x00", "y", "no", "~", "0x50", "1e3"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.one_of(st.text(max_size=6), st.sampled_from(
        ["port", "name", "app", "targetPort", "protocol", "nodePort"])), inner, max_size=3)), max_leaves=6)

NASTY_LINES = [
    "&a [*a]", "- *undefined", "<<: *x", "<<: 5", "? [a]\n: b", "\t", "---", "...", "%YAML 1.1", "!!python/object/apply:os.system ['true']",
    "x: !!binary aGk=", "key: !foo bar", "port: 9999999999999999999999", "port: .nan", "port: .inf", "{", "}", "[", "]",
    "'", '"', "# comment", "- ", ": ", "metadata: {name: dup}", "kind: Pod", "apiVersion: apps/v1", "kind: service",
    "spec: null", "ports: []", "  - port: 80", "selector: {}", "type: ExternalName", "clusterIP: None",
    "app\uff1a web", "\u2028", "\x85", "\r", "\ufeff", "a: &b {c: *b}",
]


def _paths(node, prefix=()):
    """Every (container path, key or index) inside a loaded YAML value."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((prefix, k))
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((prefix, i))
            out += _paths(v, prefix + (i,))
    return out


def _at(root, path):
    for p in path:
        root = root[p]
    return root


@st.composite
def mutated_manifests(draw) -> str:
    text = draw(st.sampled_from(BASES))
    obj = yaml.safe_load(text)
    for op in draw(st.lists(st.sampled_from(["drop", "duplicate", "retype", "rename"]), max_size=4)):
        paths = _paths(obj)
        if not paths:
            break
        parent_path, key = draw(st.sampled_from(paths))
        parent = _at(obj, parent_path)
        if op == "drop":
            del parent[key]
        elif op == "retype":
            parent[key] = draw(values)
        elif op == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, parent[key])
            else:
                parent[f"{key}"] = parent[key]  # a key that is a number becomes its string twin
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.one_of(st.just(str(key).lower()), st.just(str(key).upper()), st.just(str(key)[1:]),
                                 st.just(f"{key}s"), st.text(max_size=8)))
            parent[new] = parent.pop(key)
    try:
        text = yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=10 ** 6)
    except (yaml.YAMLError, ValueError, RecursionError):
        pass
    lines = text.split("\n")
    for op in draw(st.lists(st.sampled_from(["insert", "dup-line", "indent"]), max_size=3)):
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        if op == "insert":
            line = draw(st.one_of(st.sampled_from(NASTY_LINES), st.text(max_size=20)))
            lines.insert(at, " " * draw(st.integers(0, 6)) + line)
        elif op == "dup-line" and at < len(lines):
            lines.insert(at, lines[at])
        elif op == "indent" and at < len(lines):
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return text


# --------------------------------------------------------------------------- positions
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _inside(line: int, column: int, lines: list[str]) -> bool:
    if not 1 <= line <= len(lines) + 1 or column < 1:
        return False
    return line > len(lines) or column <= len(lines[line - 1]) + 2


def assert_positions_inside(ev, text: str) -> None:
    """Every error has a position on a line of the text (or just after its end), except
    a YAML error the parser could not place. Lines are counted at newlines (the editor)
    or at every YAML line break (libyaml also breaks at CR, NEL, LS and PS)."""
    by_newline, by_yaml = text.split("\n"), _YAML_BREAK.split(text)
    for e in ev.errors:
        assert isinstance(e.message, str) and e.message.strip()
        if e.line is None:
            assert e.type == "parse", e
            continue
        assert e.column is not None, e
        assert _inside(e.line, e.column, by_newline) or _inside(e.line, e.column, by_yaml), (e, len(by_newline))


def render_everything(ev) -> None:
    for lang in ("en", "ko"):
        i18n.set_language(lang)
        try:
            for t in trace_texts(ev, limit=3):
                assert isinstance(str(t), str)
        finally:
            i18n.set_language("en")


# --------------------------------------------------------------------------- the properties
def test_the_bases_are_valid_services():
    assert len(BASES) >= 15
    assert all(evaluate(b).valid for b in BASES)


@_settings(120)
@given(mutated_manifests())
def test_mutated_services_never_raise(text):
    ev = evaluate(text)
    assert_evaluation(ev, text)
    assert_positions_inside(ev, text)
    render_everything(ev)


@_settings(60)
@given(st.lists(mutated_manifests(), min_size=2, max_size=4))
def test_several_mutated_documents_never_raise(docs):
    text = "\n---\n".join(docs)
    ev = evaluate(text)
    assert_evaluation(ev, text)
    assert_positions_inside(ev, text)


@_settings(40)
@given(mutated_manifests(), st.sampled_from(["json", "text"]))
def test_check_on_mutated_manifests(text, fmt):
    data = text.encode("utf-8", "surrogatepass")
    code, out, err = run_check("--format", fmt, "-", stdin=data)
    assert_check_output(code, out, err, fmt)


@_settings(40)
@given(mutated_manifests(), st.data())
def test_goals_on_mutated_manifests(text, data):
    exercises = [ex for lesson in shipped_lessons() for ex in lesson.exercises]
    ex = data.draw(st.sampled_from(exercises))
    result = G.check(ex, text)
    if not result.passed:
        assert_goals_fail_with_feedback(result)


@_settings(60)
@given(st.lists(st.sampled_from(NASTY_LINES), max_size=12), st.sampled_from(BASES), st.integers(0, 400))
def test_nasty_lines_spliced_into_a_valid_service(extra, base, at):
    text = base[:at] + "\n".join(extra) + base[at:]
    ev = evaluate(text)
    assert_evaluation(ev, text)
    assert_positions_inside(ev, text)


def test_reader_errors_after_korean_text_point_at_the_character():
    """libyaml reports reader errors in UTF-8 bytes; positions are characters."""
    for text, where in [("a: 한국어한국어\nb: \x01\n", (2, 4)), ("이름: 웹\x00\n", (1, 6)),
                        ("a: b\nc: \x07\n", (2, 4))]:
        e = evaluate(text).parse_error
        assert (e.line, e.column) == where and e.code == "P-ENCODING", e


def test_float_ports_give_strict_json():
    """A NaN or infinite port never reaches the JSON as a bare NaN/Infinity."""
    for v in (".nan", ".inf", "-.inf", "1e3", "80.5"):
        text = BASES[0].replace("port: 80", f"port: {v}", 1)
        json.dumps([d.to_json() for d in evaluate(text).documents], allow_nan=False)
        code, out, err = run_check("--format", "json", "-", stdin=text.encode())
        assert_check_output(code, out, err, "json")
