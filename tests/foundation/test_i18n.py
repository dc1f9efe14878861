"""The bilingual core: negotiation, runtime switching, catalogs, fallback marking."""

from __future__ import annotations

import datetime as dt

import pytest

from tutor import i18n
from tutor.i18n import N_, Text


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "ko_KR"}, "ko"),
        (None, {"LANG": "ko"}, "ko"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "ja_JP.UTF-8"}, "en"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_ALL": "", "LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"KTUTOR_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"KTUTOR_LANG": "en", "LC_ALL": "ko_KR.UTF-8"}, "en"),
        (None, {"KTUTOR_LANG": "fr", "LANG": "ko_KR.UTF-8"}, "ko"),
        ("en", {"KTUTOR_LANG": "ko", "LANG": "ko_KR.UTF-8"}, "en"),
        ("ko", {"KTUTOR_LANG": "en"}, "ko"),
        ("ko-KR", {}, "ko"),
    ],
)
def test_negotiation_order(cli, env, expected):
    assert i18n.negotiate(cli, env) == expected


def test_switching_translates_at_call_time_and_notifies():
    seen = []
    i18n.add_listener(seen.append)
    try:
        msg = Text(N_("show the version and exit"))
        assert str(msg) == "show the version and exit"
        i18n.set_language("ko")
        assert seen == ["ko"]
        assert str(msg) != "show the version and exit"
        assert not str(msg).startswith(i18n.MISSING_MARK)
        i18n.set_language("en")
        assert str(msg) == "show the version and exit"
    finally:
        i18n.remove_listener(seen.append)


def test_missing_translation_is_marked_in_korean_only(korean):
    unknown = "a sentence nobody translated 1234"
    assert i18n.gettext(unknown) == i18n.MISSING_MARK + unknown
    i18n.set_language("en")
    assert i18n.gettext(unknown) == unknown


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_broken_translation_placeholder_falls_back_to_english(korean, monkeypatch):
    monkeypatch.setitem(i18n.catalog("ko").singular, "{n} pods", "{count} 파드")
    assert i18n.render("{n} pods", {"n": 3}) == "3 pods"


def test_korean_numbers_and_dates(korean):
    assert i18n.format_number(10000) == "10,000"
    when = dt.datetime(2026, 11, 26, 9, 30)
    text = i18n.format_datetime(when)
    assert text.startswith("2026. 11. 26.")  # Korean order: year. month. day.
    i18n.set_language("en")
    assert i18n.format_datetime(when).startswith("Nov 26, 2026")


def test_plural_forms():
    assert i18n.ngettext("{n} error", "{n} errors", 1) == "{n} error"
    assert i18n.ngettext("{n} error", "{n} errors", 2) == "{n} errors"
    i18n.set_language("ko")
    one, many = i18n.ngettext("{n} error", "{n} errors", 1), i18n.ngettext("{n} error", "{n} errors", 1000)
    assert one == many and "{n}" in one and not one.startswith(i18n.MISSING_MARK)


def test_korean_catalog_has_plural_rule():
    cat = i18n.catalog("ko")
    assert cat.plural_index(1) == 0 and cat.plural_index(5) == 0


def test_english_of_a_text_keeps_nested_texts_english(korean):
    inner = Text(N_("number"))
    outer = Text(N_("must be a whole number, not a {kind}"), kind=inner)
    assert outer.english() == "must be a whole number, not a number"
    assert str(outer) == "정수여야 합니다(지금은 숫자)"
