"""``english()``: a text in English whatever the language, at every nesting level."""

from __future__ import annotations

import re

import pytest

from tutor import i18n
from tutor.i18n import Text, english
from tutor.lessons import goals as G
from tutor.lessons.goals.texts import Fmt, TextList

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
KO = {
    "Not selected: {pods} ({reason}).": "선택되지 않음: {pods} ({reason}).",
    "missing label {key}": "레이블 {key} 없음",
    "label {key} of {pod}": "{pod}의 레이블 {key}",
    "none": "없음",
}


@pytest.fixture
def catalog(korean, monkeypatch):
    for msgid, msgstr in KO.items():
        monkeypatch.setitem(i18n.catalog("ko").singular, msgid, msgstr)


def nested() -> Text:
    deepest = Text("label {key} of {pod}", key="app", pod="web-1")
    return Text("Not selected: {pods} ({reason}).", pods="web-1",
                reason=Text("missing label {key}", key=deepest))


def test_nested_texts_are_english_at_every_level_in_korean_mode(catalog):
    text = nested()
    assert str(text) == "선택되지 않음: web-1 (레이블 web-1의 레이블 app 없음)."
    assert english(text) == "Not selected: web-1 (missing label label app of web-1)."
    assert text.english() == english(text)
    assert i18n.MISSING_MARK not in english(text)


def test_lists_and_punctuation_are_english_too(catalog):
    listed = TextList([nested(), Text("none"), "plain"], "; ")
    assert str(listed).startswith("선택되지 않음") and "없음" in str(listed)
    assert english(listed) == "Not selected: web-1 (missing label label app of web-1).; none; plain"
    assert listed.english() == english(listed)
    framed = Fmt("{pods} — {reason}", pods=Text("none"), reason=listed)
    assert str(framed).startswith("없음 — ")
    assert english(framed) == "none — " + english(listed)
    # and a list inside a text inside a list
    deep = TextList([Text("missing label {key}", key=TextList([Text("none"), "x"]))])
    assert english(deep) == "missing label none, x"


def test_english_of_plain_values_and_broken_templates(catalog):
    assert english(None) == ""
    assert english("as is") == "as is"
    assert english(80) == "80"
    broken = Text("needs {missing}", other=Text("none"))
    assert english(broken) == "needs {missing}"  # never raises
    assert G.english is english  # one function, re-exported where the checker is


def test_checker_results_read_english_in_korean_mode(korean):
    from lesson_helpers import exercise, service

    ex = exercise([{"kind": "selects", "service": "my-service", "pods": ["web-1", "web-2", "web-3"]}])
    result = G.check(ex, service(selector="app: myapp"))
    goal = [g for g in result.goals if not g.implicit][0]
    assert not goal.passed
    korean_text = str(goal.feedback)
    assert korean_text != english(goal.feedback)
    assert HANGUL.search(korean_text) and not HANGUL.search(english(goal.feedback)), english(goal.feedback)
    assert "case-sensitive" in english(goal.feedback)
