"""The building blocks: Go's text/tabwriter, apimachinery's HumanDuration and label
selector parser, sigs.k8s.io/yaml output, Go's json.MarshalIndent."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tutor.kubectl import clock
from tutor.kubectl.output import to_json, to_yaml
from tutor.kubectl.selectors import SelectorError, format_selector, parse_selector
from tutor.kubectl.tabwriter import describe_table, format_table, get_table


# --------------------------------------------------------------------------- tabwriter
def test_tabwriter_min_width_and_padding():
    """text/tabwriter: width = max(minwidth, longest cell + padding); the last cell is free."""
    assert get_table("A\tB\nlong-name\tx\n") == "A           B\nlong-name   x\n"
    assert get_table("a\tb\n") == "a     b\n"
    assert describe_table("Key:\tv\nLonger key:\tw\n") == "Key:         v\nLonger key:  w\n"


def test_tabwriter_blocks_end_at_lines_without_the_column():
    """A column's width is computed over consecutive lines that have a cell there."""
    text = "Name:\tx\nIPs:\n  IP:\ty\nQoS Class:\tz\n"
    assert describe_table(text) == "Name:  x\nIPs:\n  IP:       y\nQoS Class:  z\n"
    nested = "A:\tb\tc\nLonger:\tb\nC:\tlong value\tz\n"
    assert describe_table(nested) == "A:       b  c\nLonger:  b\nC:       long value  z\n"


def test_tabwriter_pads_empty_cells():
    assert get_table("A\tB\tC\n\tx\ty\n") == "A     B     C\n      x     y\n"
    assert describe_table("Endpoints:\t\nSession Affinity:\tNone\n") == (
        "Endpoints:         \nSession Affinity:  None\n")


def test_tabwriter_without_trailing_newline():
    assert format_table("a\tb", 0, 1) == "a b"
    assert format_table("", 6, 3) == ""


# --------------------------------------------------------------------------- time
@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (-1, "0s"), (-2, "<invalid>"), (8, "8s"), (119, "119s"), (120, "2m"), (310, "5m10s"),
    (599, "9m59s"), (600, "10m"), (179 * 60 + 59, "179m"), (3 * 3600, "3h"), (3 * 3600 + 15 * 60, "3h15m"),
    (8 * 3600 - 1, "7h59m"), (8 * 3600, "8h"), (47 * 3600 + 3599, "47h"), (48 * 3600, "2d"), (3 * 86400, "3d"),
    (3 * 86400 + 4 * 3600, "3d4h"), (8 * 86400, "8d"), (400 * 86400, "400d"), (730 * 86400, "2y"),
    (775 * 86400, "2y45d"), (8 * 365 * 86400, "8y"), (9 * 365 * 86400 + 100, "9y"),
])
def test_human_duration(seconds, text):
    """apimachinery pkg/util/duration: HumanDuration (all divisions truncate)."""
    assert clock.human_duration(timedelta(seconds=seconds)) == text


def test_ktutor_now(monkeypatch):
    monkeypatch.setenv("KTUTOR_NOW", "2026-12-01T12:00:00+09:00")
    assert clock.now() == datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    monkeypatch.setenv("KTUTOR_NOW", "not a time")
    assert clock.now().tzinfo is not None


def test_rfc1123z_local_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        text = clock.rfc1123z(datetime(2025, 1, 15, 10, 0, tzinfo=timezone.utc))
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    assert text == "Wed, 15 Jan 2025 05:00:00 -0500"
    assert clock.rfc3339(datetime(2025, 1, 15, 10, 0, 5, 123, tzinfo=timezone.utc)) == "2025-01-15T10:00:05Z"


# --------------------------------------------------------------------------- selectors
def test_selector_requirements_and_matching():
    sel = parse_selector("tier notin (cache),app in (web, api),!gpu,env")
    assert str(sel) == "app in (api,web),env,!gpu,tier notin (cache)"
    assert sel.matches({"app": "web", "env": "prod"})
    assert not sel.matches({"app": "web", "env": "prod", "gpu": "1"})
    assert not sel.matches({"app": "web"})
    assert parse_selector("").empty
    assert parse_selector("n>3").matches({"n": "4"}) and not parse_selector("n<3").matches({"n": "4"})


@pytest.mark.parametrize("text, message", [
    ("app in web", "unable to parse requirement: found 'web' expected: '('"),
    ("app=web,", "found '', expected: identifier after ','"),
    ("=web", "found '=', expected: !, identifier, or 'end of string'"),
    ("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"),
    ("app in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
])
def test_selector_errors(text, message):
    """labels/selector.go Parser error texts."""
    with pytest.raises(SelectorError) as err:
        parse_selector(text)
    assert str(err.value) == message
    assert str(parse_selector("app==")) == "app=="


def test_selector_invalid_key_and_value():
    with pytest.raises(SelectorError) as err:
        parse_selector("bad key!=x")
    assert "found 'key'" in str(err.value)
    with pytest.raises(SelectorError) as err:
        parse_selector("app=Not OK")
    assert str(err.value) == "found 'OK', expected: ',' or 'end of string'"
    with pytest.raises(SelectorError) as err:
        parse_selector("app=-x")
    assert str(err.value).startswith("unable to parse requirement: values[0][app]: Invalid value: \"-x\": "
                                     "a valid label must be an empty string")


def test_format_selector():
    """metav1.FormatLabelSelector: requirements sorted by key; {} is <none>."""
    assert format_selector({"matchLabels": {"b": "2", "a": "1"}}) == "a=1,b=2"
    assert format_selector({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["db", "cache"]}]}) == \
        "tier in (cache,db)"
    assert format_selector({}) == "<none>"


# --------------------------------------------------------------------------- YAML / JSON
def test_yaml_quoting():
    """go-yaml v2: strings that would read back as something else are double-quoted,
    strings a plain scalar cannot hold are single-quoted."""
    data = {"port": "80", "flag": "true", "empty": "", "time": "2025-01-15T10:00:00Z", "plain": "web",
            "colon": "a: b", "star": "*x", "version": "2.7", "null": None, "n": 3, "b": False, "list": [],
            "map": {}, "dash": "- x", "hash": "a #b", "tilde": "~"}
    assert to_yaml(data) == (
        "b: false\n"
        "colon: 'a: b'\n"
        "dash: '- x'\n"
        'empty: ""\n'
        'flag: "true"\n'
        "hash: 'a #b'\n"
        "list: []\n"
        "map: {}\n"
        '"n": 3\n'
        '"null": null\n'
        "plain: web\n"
        'port: "80"\n'
        "star: '*x'\n"
        'tilde: "~"\n'
        'time: "2025-01-15T10:00:00Z"\n'
        'version: "2.7"\n')


def test_yaml_structure_and_literal_blocks():
    assert to_yaml({"a": [{"b": 1, "c": [1, 2]}, "x"], "t": "one\ntwo\n", "u": "no newline\nat end"}) == (
        "a:\n"
        "- b: 1\n"
        "  c:\n"
        "  - 1\n"
        "  - 2\n"
        "- x\n"
        "t: |\n"
        "  one\n"
        "  two\n"
        "u: |-\n"
        "  no newline\n"
        "  at end\n")


def test_yaml_key_order_is_go_yamls():
    """keyList.Less: a digit run compares as a number (no digits counts as 0); non-letters
    sort before letters."""
    assert to_yaml({"a10": 1, "a9": 2, "a_b": 3, "aB": 4}) == "a_b: 3\na9: 2\na10: 1\naB: 4\n"


def test_yaml_folds_long_plain_text():
    text = " ".join(["word"] * 30)
    lines = to_yaml({"message": text}).splitlines()
    assert lines[0].startswith("message: word word")
    assert len(lines) == 2 and lines[1].startswith("  word")
    assert len(lines[0]) > 80


def test_json_like_go():
    assert to_json({"b": "<a&b>", "a": [1, {}], "c": []}) == (
        '{\n    "a": [\n        1,\n        {}\n    ],\n    "b": "\\u003ca\\u0026b\\u003e",\n    "c": []\n}\n')
