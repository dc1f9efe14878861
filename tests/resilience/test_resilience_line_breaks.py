"""Positions in texts that mix line endings (found by benchmarks/fuzz.py, seed 20261201).

kubectl cuts a text into documents at ``---`` lines, reading lines up to each ``\\n``;
the YAML parser inside a document also breaks lines at a lone CR (old Mac files), NEL,
LS and PS. The lab's editor shows a line for each of those breaks, so a position must
count them before a document too, not only inside it: with CR-only lines before a
``---``, the errors of every later document pointed at lines above their text (a
position outside the text)."""

from __future__ import annotations

import re

import pytest

from tutor.k8s.evaluate import evaluate

_YAML_LINES = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

SERVICE = ["apiVersion: v1", "kind: Service", "metadata:", "  name: my-service", "spec:",
           "  selector: web", "  ports:", "  - port: 80", "    targetPort: 8080"]


def _pointed_at(text: str, line: int, column: int) -> str:
    lines = _YAML_LINES.split(text)
    assert 1 <= line <= len(lines), (line, len(lines))
    return lines[line - 1][column - 1:]


@pytest.mark.parametrize("inner", ["\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_every_document_after_mixed_line_breaks_points_at_its_own_text(inner):
    doc = inner.join(SERVICE)
    text = "\n---\n".join([doc, doc, doc]) + "\n"
    ev = evaluate(text)
    typed = [e for e in ev.errors if e.line is not None and "unmarshal string" in e.message]
    assert len(typed) == 3  # "selector: web" is a string where a map belongs, in each document
    for e in typed:
        assert _pointed_at(text, e.line, e.column).startswith("web"), (e.line, e.column)
    assert len({e.line for e in typed}) == 3


def test_a_bad_separator_after_cr_lines_is_reported_on_its_line():
    text = "\r".join(SERVICE[:4]) + "\n--- nope\n" + "\n".join(SERVICE)
    ev = evaluate(text)
    [error] = [e for e in ev.errors if e.line is not None]
    assert _pointed_at(text, error.line, 1).startswith("--- nope")


def test_plain_newlines_keep_their_positions():
    text = "\n---\n".join(["\n".join(SERVICE)] * 2)
    lines = [e.line for e in evaluate(text).errors if "unmarshal string" in e.message]
    assert lines == [6, 16]
