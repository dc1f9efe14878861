"""Helpers for the resilience tests (imported by the test modules of this folder).

``within(limit, fn, ...)`` marks a call on a hostile input that must return: it is made
directly, and no time is asserted (tests never assert wall-clock times; a call that
hangs shows as a stuck test, and pytest's ``faulthandler_timeout`` prints where it is).
"""

from __future__ import annotations

import argparse
import io
import json
from functools import lru_cache

from tutor import check, i18n
from tutor.k8s.evaluate import Evaluation
from tutor.k8s.explain import explanation_text, fix_text

#: generous bound for any one call on any one hostile input
LIMIT = 10.0
LANGS = ("en", "ko")
EXIT_CODES = (0, 1, 2)


def within(limit: float, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; ``limit`` (seconds) documents the bound the call is meant to
    stay far below (measured by ``benchmarks/fuzz.py``, never asserted here). An exception
    of the call is raised here (it is a test failure, never swallowed)."""
    return fn(*args, **kwargs)


def as_text(data: bytes) -> str:
    """What an editor holding these bytes would pass on (undecodable bytes become lone
    surrogates, as with Python's ``surrogateescape``)."""
    return data.decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- ktutor check
def check_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    return parser.parse_args(list(argv))


def run_check(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """``ktutor check ARGV`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = check.run(check_args(*argv), stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _not_json(constant: str):
    raise AssertionError(f"{constant} is not JSON")


def assert_check_output(code: int, out: str, err: str, fmt: str) -> dict | None:
    assert code in EXIT_CODES, (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code == 2:
        assert err.strip(), "exit 2 must say why on stderr"
    if fmt == "json":
        data = json.loads(out, parse_constant=_not_json)  # strict: no bare NaN or Infinity
        assert set(data) == {"kubernetesVersion", "results", "summary"}
        for r in data["results"]:
            for e in r["errors"]:
                assert e["message"] and isinstance(e["explanation"], str) and isinstance(e["fix"], str)
        if code == 1:
            assert any(not r["valid"] for r in data["results"])
        return data
    assert out.endswith("\n") and ("checked:" in out), out[-300:]
    return None


# --------------------------------------------------------------------------- evaluations
def _render(value) -> str:
    text = str(value)
    assert isinstance(text, str)
    return text


def assert_evaluation(ev: Evaluation, text: str | bytes | None = None, render: int | None = None) -> None:
    """Everything a learner could be shown about ``ev`` renders in English and Korean,
    every error has a message and (when it has one) a position inside the text, and no
    safety net of the engine fired (``P-INTERNAL``/``W-INTERNAL``). ``render``: render
    the texts of the first so many documents only (huge inputs)."""
    assert isinstance(ev, Evaluation)
    n_lines = None
    if text is not None:
        decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        n_lines = len(decoded.splitlines()) + 1
    for e in ev.errors:
        assert e.code != "P-INTERNAL", e.message
        assert isinstance(e.message, str) and e.message.strip()
        if e.line is not None:
            assert e.line >= 1 and (e.column or 1) >= 1, e
            if n_lines is not None:
                assert e.line <= n_lines, (e, n_lines)
    for d in ev.documents:
        assert d.valid == (not d.errors)
        for w in d.warnings:
            assert w.code != "W-INTERNAL", str(w.message)
    for lang in LANGS:
        i18n.set_language(lang)
        try:
            for text_ in evaluation_texts(ev, render):
                _render(text_)
            json.dumps([d.to_json(max_pods=50) for d in ev.documents[:render]], ensure_ascii=False)
        finally:
            i18n.set_language("en")


def evaluation_texts(ev: Evaluation, limit: int | None = None) -> list:
    """Every learner-facing text of an evaluation (rendered by the caller); ``limit``:
    of the first so many errors and documents only."""
    out: list = []
    for e in ev.errors[:limit]:
        out += [explanation_text(e), fix_text(e)]  # Texts: rendered per language by the caller
    for d in ev.documents[:limit]:
        out += [w.message for w in d.warnings]
        sel = d.selection
        if sel is not None:
            if sel.reason is not None:
                out.append(sel.reason)
            for v in sel.verdicts[:200]:
                out += [t for t in (v.reason, v.endpoint_reason) if t is not None]
            why = sel.why_no_endpoints() if hasattr(sel, "why_no_endpoints") else None
            if why:
                out.append(why[1])
        for mapping in d.ports or []:
            out += [t.reason for t in mapping.targets if t.reason is not None]
    return out


def trace_texts(ev: Evaluation, limit: int = 6) -> list:
    """Hop and failure texts of traces to the valid Services of ``ev`` (from outside and
    from a temporary client Pod)."""
    from tutor.k8s.trace import Source, trace

    out: list = []
    cluster = ev.cluster
    services = [d.service for d in ev.documents if d.valid and d.service is not None][:limit]
    for svc in services:
        for sp in svc.ports[:2] or [None]:
            dest = f"{svc.name}.{svc.namespace}" + (f":{sp.port}" if sp is not None else "")
            for source in (Source(namespace=svc.namespace), Source.outside()):
                t = trace(cluster, source, dest)
                out += [h.text for h in t.hops]
                if t.failure_text is not None:
                    out.append(t.failure_text)
                json.dumps(t.to_json(), ensure_ascii=False)
    return out


# --------------------------------------------------------------------------- lessons
@lru_cache(maxsize=1)
def shipped_lessons():
    from tutor.lessons.model import load_lessons

    return load_lessons()


def shipped_exercise(lesson_id: str, exercise_id: str):
    lesson = next(lesson for lesson in shipped_lessons() if lesson.id == lesson_id)
    return lesson.exercise(exercise_id)


def assert_goals_fail_with_feedback(result) -> None:
    from tutor.lessons import goals as G

    assert isinstance(result, G.ExerciseResult)
    assert not result.passed
    assert result.failed
    for lang in LANGS:
        i18n.set_language(lang)
        try:
            for g in result.goals:
                g.label_text()
                str(g.feedback or "")
                if not g.passed:
                    assert g.feedback is not None and str(g.feedback).strip()
                    assert "internal problem" not in G.english(g.feedback), G.english(g.feedback)
        finally:
            i18n.set_language("en")
