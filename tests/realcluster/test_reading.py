"""Reading a file the way kubectl does (k8s.io/apimachinery/pkg/util/yaml v0.34, cli-runtime's
FileVisitor, sigs.k8s.io/yaml -> go-yaml v2): byte-order marks, `---` splitting with
document-relative lines in messages, bad separators, JSON streams, duplicate keys, merge
keys, Lists and their per-object limits."""

from __future__ import annotations

import json

import pytest

from tutor.k8s import yamlpos
from tutor.k8s.evaluate import evaluate
from tutor.k8s.model import Pos
from tutor.k8s.yamlpos import decode_bytes, parse, to_python

SVC = """apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: web}}
  ports:
  - port: {port}
"""


def svc(name: str = "web", port: int = 80) -> str:
    return SVC.format(name=name, port=port)


# --------------------------------------------------------------------------- byte-order marks
@pytest.mark.parametrize("encode", [
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
], ids=["utf-8 bom", "utf-16-le bom", "utf-16-be bom"])
def test_byte_order_marks_are_read_like_kubectl(encode):
    """unicode.BOMOverride: a UTF-8 BOM is dropped, a UTF-16 one switches to UTF-16."""
    data = encode(svc() + "---\n" + svc("api", 8080))
    assert decode_bytes(data) == svc() + "---\n" + svc("api", 8080)
    ev = evaluate(data)
    assert ev.parse_error is None
    assert [(d.name, d.valid) for d in ev.documents] == [("web", True), ("api", True)]


def test_without_a_bom_utf16_is_not_guessed():
    """Without a BOM kubectl reads UTF-8: UTF-16 text is then full of NUL characters."""
    err = parse(svc().encode("utf-16-le")).error
    assert err is not None and err.code == "P-ENCODING"


# --------------------------------------------------------------------------- documents and lines
def test_the_line_in_a_message_counts_from_the_document_start():
    """kubectl parses each `---` document on its own: go-yaml's line numbers restart."""
    text = svc() + "---\n" + "apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n"
    err = parse(text).error
    assert err is not None
    assert err.message == "error converting YAML to JSON: yaml: line 4: found character that cannot start any token"
    assert (err.line, err.column) == (13, 1)  # the file's line, for the editor and the JSON


def test_positions_stay_absolute_in_later_documents():
    text = svc() + "---\n" + svc("api", 0)
    doc = evaluate(text).documents[1]
    e = doc.errors[0]
    assert e.path == "spec.ports[0].port" and (e.line, e.column) == (17, 11)


@pytest.mark.parametrize("bad,rest", [("----", "-"), ("---x", "x"), ("--- {a: 1}", "{a: 1}"), ("---\t!!map", "!!map")])
def test_a_bad_separator_is_kubectls_error(bad, rest):
    """YAMLReader: after the three dashes only blanks or a comment may follow. kubectl
    stops there and drops the document it was reading (the one before the line)."""
    text = svc("first") + "---\n" + svc("second") + bad + "\n" + svc("third")
    result = parse(text)
    assert result.error is not None
    assert result.error.message == f"invalid Yaml document separator: {rest}"
    assert result.error.code == "P-SEPARATOR" and result.error.line == 18
    assert [to_python(d.root)["metadata"]["name"] for d in result.documents] == ["first"]


@pytest.mark.parametrize("sep", ["---", "--- # next", "---   ", "---\r"])
def test_good_separators(sep):
    result = parse(svc("a") + sep + "\n" + svc("b"))
    assert result.error is None and len(result.documents) == 2


def test_a_dots_line_ends_the_yaml_document_and_the_rest_of_that_piece_is_ignored():
    """go-yaml v2 Unmarshal reads the first YAML document of what kubectl hands it."""
    result = parse("a: 1\n...\nb: [\n---\nc: 3\n")
    assert result.error is None
    assert [to_python(d.root) for d in result.documents] == [{"a": 1}, {"c": 3}]


# --------------------------------------------------------------------------- duplicate and merge keys
def test_duplicate_keys_last_wins_with_a_warning_on_any_kind():
    text = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  labels: {app: web, app: api}\n"
            "spec:\n  containers: [{name: app, image: app:1}]\n")
    doc = evaluate(text).documents[0]
    assert doc.valid and doc.kind == "Pod"
    assert [(w.code, w.params["path"], w.line) for w in doc.warnings] == [("W-DUPLICATE-KEY", "metadata.labels.app", 5)]
    assert evaluate(text).cluster.pod("web-1").labels == {"app": "api"}


def test_merge_keys_apply_where_they_stand_like_go_yaml_v2():
    root = parse("base: &b {a: 1, c: 1}\nm:\n  c: 0\n  <<: *b\n  a: 2\n").documents[0].root
    assert to_python(root.get("m")) == {"c": 1, "a": 2}  # the merge overrides c, then a overrides the merge
    doc = parse("m:\n  <<: [{k: 1}, {k: 2, z: 2}]\n").documents[0]
    assert to_python(doc.root.get("m")) == {"k": 1, "z": 2} and doc.duplicates == []  # earlier maps win


# --------------------------------------------------------------------------- JSON
def test_json_stream_of_several_objects():
    a = json.dumps({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"},
                    "spec": {"selector": {"app": "a"}, "ports": [{"port": 80}]}})
    b = a.replace('"a"', '"b"')
    ev = evaluate(a + "\n" + b)
    assert ev.parse_error is None and [d.name for d in ev.documents] == ["a", "b"]


def test_broken_json_reports_go_json_error():
    """JSON fails, and read as YAML it fails too: kubectl reports the JSON error (Go's
    encoding/json wording; the offset counts the bytes read, the bad one included)."""
    err = parse('{"apiVersion": "v1",\n "ports": [1, 2}\n').error
    assert err is not None and err.code == "P-JSON"
    assert err.message == "json: offset 37: invalid character '}' after array element"
    assert (err.line, err.column) == (2, 16)
    err = parse('{"apiVersion" "v1"}').error
    assert err.message == "json: offset 15: invalid character '\"' after object key"


def test_json_that_is_yaml_is_accepted_like_kubectls_fallback():
    """kubectl tries JSON, then YAML: a trailing comma in a flow mapping is fine YAML."""
    text = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a",},\n "spec": {"ports": [{"port": 80}]}}\n'
    ev = evaluate(text)
    assert ev.parse_error is None and ev.documents[0].name == "a"


def test_truncated_json():
    err = parse('{"apiVersion": "v1", "kind": "Serv').error
    assert err is not None and err.message == "unexpected EOF"


# --------------------------------------------------------------------------- Lists
LIST = """apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: good
  spec:
    ports:
    - port: 80
- apiVersion: v1
  kind: Service
  metadata:
    name: bad
  spec:
    ports:
    - port: 0
"""


def test_list_items_are_objects_of_their_own_with_item_relative_paths():
    ev = evaluate(LIST)
    assert [(d.index, d.item, d.name, d.valid) for d in ev.documents] == [(0, 0, "good", True), (0, 1, "bad", False)]
    e = ev.documents[1].errors[0]
    assert e.path == "spec.ports[0].port"  # as the API server sees the item alone
    assert e.message.startswith("spec.ports[0].port: Invalid value: 0")
    assert (e.line, e.column) == (19, 13)  # the file's line
    assert ev.documents[1].pos == Pos(13, 3)
    assert ev.documents[1].to_json()["item"] == 1


def test_typed_list_items_get_their_kind_from_the_list():
    """unstructuredJSONScheme.decodeToList: a PodList's items carry no kind; the decoder
    sets kind Pod and the List's apiVersion."""
    text = json.dumps({"apiVersion": "v1", "kind": "PodList", "metadata": {}, "items": [
        {"metadata": {"name": "web-1", "labels": {"app": "web"}}, "spec": {"containers": [{"name": "app", "image": "app:1"}]}}]})
    doc = evaluate(text).documents[0]
    assert (doc.kind, doc.api_version, doc.name, doc.item, doc.valid) == ("Pod", "v1", "web-1", 0, True)


def test_nested_list_kind_without_items_is_an_ordinary_object():
    doc = evaluate("apiVersion: v1\nkind: ConfigMapList\nmetadata: {name: x}\n").documents[0]
    assert doc.skipped and doc.item is None


def test_items_not_a_list_is_kubectls_decode_error():
    doc = evaluate("apiVersion: v1\nkind: List\nitems: {a: 1}\n").documents[0]
    assert not doc.valid and doc.stage == "kind"
    assert doc.errors[0].message == ("json: cannot unmarshal object into Go struct field decodeList.items of type "
                                     "[]json.RawMessage")


def test_an_item_that_is_not_an_object_refuses_the_whole_list():
    ev = evaluate("apiVersion: v1\nkind: List\nitems:\n- " + svc().replace("\n", "\n  ").rstrip() + "\n- just text\n")
    assert len(ev.documents) == 1 and not ev.documents[0].valid
    assert ev.documents[0].errors[0].message == "json: cannot unmarshal string into Go value of type map[string]interface {}"


def test_empty_list_has_no_objects():
    assert evaluate("apiVersion: v1\nkind: List\nitems: []\n").documents == []


def test_node_limit_is_per_item_and_names_the_limit(monkeypatch):
    monkeypatch.setattr(yamlpos, "MAX_NODES", 30)
    big = "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: big}\n  data:\n" + "".join(
        f"    k{i}: v\n" for i in range(40))
    text = "apiVersion: v1\nkind: List\nitems:\n" + big + "- " + svc().replace("\n", "\n  ").rstrip() + "\n"
    ev = evaluate(text)
    first, second = ev.documents
    assert not first.valid and first.errors[0].code == "P-LIMIT"
    assert "more than 30 YAML nodes" in first.errors[0].message and "per object" in first.errors[0].message
    assert second.valid and second.name == "web"


def test_size_limit_is_the_api_servers_per_object(monkeypatch):
    monkeypatch.setattr(yamlpos, "MAX_OBJECT_BYTES", 200)
    text = "apiVersion: v1\nkind: List\nitems:\n- " + svc().replace("\n", "\n  ").rstrip() + (
        "\n  # padding " + "x" * 300 + "\n- " + svc("small").replace("\n", "\n  ").rstrip() + "\n")
    ev = evaluate(text)
    assert [(d.name, d.valid) for d in ev.documents] == [("web", False), ("small", True)]
    assert ev.documents[0].errors[0].message == "Request entity too large: limit is 200"


# --------------------------------------------------------------------------- nested field positions (issue 9)
def test_an_error_in_a_later_pod_points_at_the_field():
    text = svc() + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\nspec:\n  containers:\n  - name: app\n" \
                   "    image: app:1\n    ports:\n    - containerPort:\n"
    doc = evaluate(text).documents[1]
    e = doc.errors[0]
    assert e.path == "spec.containers[0].ports[0].containerPort"
    assert (e.line, e.column) == (19, 7)


def test_a_label_key_with_dots_is_located_whole():
    text = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    app.kubernetes.io/name: web\n"
            "    app.kubernetes.io/version: 2\nspec:\n  containers: [{name: app, image: app:1}]\n")
    e = evaluate(text).documents[0].errors[0]
    assert e.path == "metadata.labels.app.kubernetes.io/version" and e.line == 7
