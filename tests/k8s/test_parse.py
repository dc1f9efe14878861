"""yamlpos: safe, positioned, go-yaml-compatible parsing; field: paths and rendering."""

from __future__ import annotations

import pytest

from tutor.k8s.field import ErrorType, Path, invalid, not_supported, render
from tutor.k8s.goformat import GoRaw, go_float, go_quote, go_value
from tutor.k8s.model import Pos
from tutor.k8s.yamlpos import BOOL, FLOAT, INT, NULL, STR, YMap, YScalar, parse, resolve_plain, to_python


# --------------------------------------------------------------------------- field.Path
def test_path_rendering():
    assert str(Path("spec").child("ports").index(1).child("name")) == "spec.ports[1].name"
    assert str(Path("metadata").child("labels").key("app")) == "metadata.labels[app]"
    assert str(Path("spec", "clusterIPs").index(0)) == "spec.clusterIPs[0]"
    assert Path("spec").child("ports") == "spec.ports"


@pytest.mark.parametrize("value,text", [
    (0, "0"), (-1, "-1"), (True, "true"), ("tcp", '"tcp"'), (["a"], '["a"]'), (None, "null"),
    ('a"b', '"a\\"b"'), (80.5, "80.5"), (GoRaw("core.X{}"), "core.X{}"),
])
def test_go_value(value, text):
    assert go_value(value) == text


def test_go_float_matches_encoding_json():
    assert go_float(80.0) == "80"
    assert go_float(1e21) == "1e+21"
    assert go_float(1e-7) == "1e-7"
    assert go_float(0.00001) == "0.00001"


def test_go_quote_control_characters():
    assert go_quote("a\tb\x01") == '"a\\tb\\x01"'


def test_error_bodies():
    assert render(ErrorType.REQUIRED, "spec.ports") == "spec.ports: Required value"
    assert render(ErrorType.FORBIDDEN, "spec.ports[0].nodePort", detail="x") == "spec.ports[0].nodePort: Forbidden: x"
    e = invalid(Path("spec", "ports").index(0).child("port"), 0, "must be between 1 and 65535, inclusive", code="R")
    assert e.message == "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
    e = not_supported("spec.ports[0].protocol", "tcp", ["SCTP", "TCP", "UDP"], code="R")
    assert e.message == 'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'


# --------------------------------------------------------------------------- scalars
@pytest.mark.parametrize("text,value,tag", [
    ("80", 80, INT), ("0x1F", 31, INT), ("012", 10, INT), ("08", 8.0, FLOAT), ("1e3", 1000.0, FLOAT),
    ("80.5", 80.5, FLOAT), ("true", True, BOOL), ("yes", True, BOOL), ("on", True, BOOL), ("y", True, BOOL),
    ("No", False, BOOL), ("off", False, BOOL), ("null", None, NULL), ("~", None, NULL), ("", None, NULL),
    ("2001-12-14", "2001-12-14", STR), ("1:30", "1:30", STR), ("web", "web", STR),
    ("18446744073709551615", 18446744073709551615, INT), ("99999999999999999999", 1e20, FLOAT), ("1" + "0" * 400, "1" + "0" * 400, STR),
])
def test_resolve_plain_like_go_yaml_v2(text, value, tag):
    assert resolve_plain(text) == (value, tag)


def test_quoted_and_tagged_scalars_keep_their_tag():
    root = parse('a: "80"\nb: 80\nc: true\nd: null\ne: \'x\'\nf: !!str 80\ng: !!int "80"\n').documents[0].root
    tags = {k: (v.value, v.tag) for k, _kn, v in root.entries()}
    assert tags == {"a": ("80", STR), "b": (80, INT), "c": (True, BOOL), "d": (None, NULL), "e": ("x", STR),
                    "f": ("80", STR), "g": (80, INT)}


def test_positions_are_one_based():
    doc = parse("apiVersion: v1\nspec:\n  ports:\n  - port: 80\n").documents[0]
    assert doc.pos == Pos(1, 1)
    port = doc.root.get("spec").get("ports").items[0]
    assert port.get("port").pos == Pos(4, 11)
    assert port.key_node("port").pos == Pos(4, 5)


def test_empty_value_points_at_its_key():
    root = parse("spec:\n  port:\n  name: x\n").documents[0].root
    assert root.get("spec").get("port").pos == Pos(2, 3)


# --------------------------------------------------------------------------- documents
def test_empty_documents_are_skipped_and_indices_count_non_empty():
    text = "---\n# only a comment\n---\na: 1\n---\n---\nnull\n---\nb: 2\n---\n"
    result = parse(text)
    assert result.error is None
    assert [(d.index, to_python(d.root)) for d in result.documents] == [(0, {"a": 1}), (1, {"b": 2})]
    assert result.documents[1].pos == Pos(9, 1)


def test_merge_keys():
    root = parse("base: &b {a: 1, c: 0}\nm:\n  <<: *b\n  c: 2\n").documents[0].root
    assert to_python(root.get("m")) == {"c": 2, "a": 1}


def test_duplicate_keys_last_wins_and_are_recorded():
    """go-yaml v2 (kubectl's YAML reader) keeps the last value of a repeated key, silently."""
    doc = parse("a: 1\nb: 2\na: 3\n").documents[0]
    root = doc.root
    assert isinstance(root, YMap)
    assert [k.pos for k in root.duplicates] == [Pos(3, 1)]
    assert root.get("a").value == 3
    assert [(d.path, d.pos, d.first) for d in doc.duplicates] == [("a", Pos(3, 1), Pos(1, 1))]


def test_non_string_keys_become_json_keys():
    root = parse("80: a\ntrue: b\nnull: c\n").documents[0].root
    assert root.keys() == ["80", "true", "null"]


# --------------------------------------------------------------------------- errors
def test_tab_indentation_is_a_parse_error_with_kubectl_wording():
    err = parse("a:\n  b: 1\n\tc: 2\n").error
    assert err is not None
    assert err.message == "error converting YAML to JSON: yaml: line 3: found character that cannot start any token"
    assert (err.line, err.column) == (3, 1)


def test_mapping_values_not_allowed():
    err = parse("metadata:\n  name: a b: c\n").error
    assert err.message == "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
    assert (err.line, err.column) == (2, 12)


def test_documents_before_an_error_are_kept():
    result = parse("a: 1\n---\nb: [\n")
    assert result.error is not None
    assert [to_python(d.root) for d in result.documents] == [{"a": 1}]


def test_recursive_alias_is_refused():
    err = parse("&a [*a]").error
    assert err.message == "error converting YAML to JSON: yaml: anchor 'a' value contains itself"


def test_unknown_alias():
    assert "unknown anchor 'x' referenced" in parse("a: *x\n").error.message


def billion_laughs(levels: int = 10) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused():
    """Refused before the aliases are expanded (how fast: benchmarks/, not a timed test)."""
    err = parse(billion_laughs()).error
    assert err is not None and "excessive aliasing" in err.message


def test_deep_nesting_never_raises():
    for text in ("[" * 20000 + "]" * 20000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3000))):
        result = parse(text)
        assert result.error is not None or result.documents


def test_invalid_utf8_bytes_and_control_characters():
    err = parse(b"a: 1\nb: \xff\xfe\n").error
    assert err.code == "P-ENCODING" and (err.line, err.column) == (2, 4)
    err = parse("a: \x00\n").error
    assert err.code == "P-ENCODING" and err.line == 1
    assert parse("a: \ud800\n").error.code == "P-ENCODING"


def test_huge_integers_are_strings_like_go():
    root = parse("p: " + "9" * 5000 + "\n").documents[0].root
    node = root.get("p")
    assert isinstance(node, YScalar) and node.tag == STR
