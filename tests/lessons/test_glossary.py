"""The bilingual glossary: data file, official Korean terms, search, where used."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tutor import i18n
from tutor.lessons import glossary
from tutor.lessons.extract import iter_messages
from tutor.lessons.model import Exercise, Lesson, LessonError

REFERENCE = Path("/work/shared/reference/glossary.yaml")

REQUIRED = ["Pod", "Service", "label", "selector", "endpoint", "EndpointSlice", "ClusterIP",
            "NodePort", "LoadBalancer", "ExternalName", "headless Service", "port", "targetPort",
            "nodePort", "containerPort", "named port", "Node", "cluster", "namespace", "DNS",
            "kube-proxy", "CoreDNS", "Deployment", "ReplicaSet", "readiness probe", "loopback",
            "network namespace", "sidecar", "Ingress", "Gateway API", "externalTrafficPolicy",
            "virtual IP"]


@pytest.fixture(scope="module")
def terms():
    return glossary.load_glossary()


def test_shipped_glossary_loads_and_covers_the_networking_terms(terms):
    names = [t.en for t in terms]
    assert len(names) == len(set(names))
    assert set(REQUIRED) <= set(names)
    assert all(t.ko and t.definition for t in terms)


@pytest.mark.skipif(not REFERENCE.is_file(), reason="reference glossary not available")
def test_korean_terms_are_the_official_ones(terms):
    reference = {e["en"]: e["ko"] for e in yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))}
    checked = 0
    for term in terms:
        key = term.ref or term.en
        if key == "none":
            continue
        assert key in reference, f"{term.en}: no reference entry {key!r} (set ref:)"
        assert term.ko == reference[key], f"{term.en}: {term.ko!r} != official {reference[key]!r}"
        checked += 1
    assert checked >= 30
    by_en = {t.en: t.ko for t in terms}
    assert by_en["Pod"] == "파드" and by_en["Service"] == "서비스"
    assert by_en["label"] == "레이블" and by_en["selector"] == "셀렉터"
    assert by_en["endpoint"] == "엔드포인트"


def test_search_in_both_languages(terms):
    assert glossary.search(terms, "pod")[0].en == "Pod"
    assert glossary.search(terms, "파드")[0].en == "Pod"
    assert glossary.search(terms, "SERVICE")[0].en == "Service"
    found = [t.en for t in glossary.search(terms, "서비스")]
    assert found[0] == "Service" and "headless Service" in found
    ports = [t.en for t in glossary.search(terms, "포트")]
    assert {"port", "nodePort", "containerPort", "named port"} <= set(ports)
    assert "targetPort" in [t.en for t in glossary.search(terms, "target")]
    assert glossary.search(terms, "셀렉") [0].en == "selector"
    assert glossary.search(terms, "no such term") == []
    assert len(glossary.search(terms, "")) == len(terms)


def test_search_ignores_spacing_and_korean_particles(terms):
    def first(query):
        found = glossary.search(terms, query)
        return found[0].en if found else None

    assert first("노드포트") == "nodePort"  # the term is written "노드 포트"
    assert first("헤드리스서비스") == "headless Service"
    assert first("헤드리스 서비스를") == "headless Service"
    assert first("파드를") == "Pod"
    assert first("서비스의") == "Service"
    assert first("셀렉터로") == "selector"
    assert first("로드 밸런서") == "LoadBalancer"
    assert first("로드밸런서") == "LoadBalancer"
    assert first("load balancer") == "LoadBalancer"
    assert {t.en for t in glossary.search(terms, "node port")[:2]} == {"NodePort", "nodePort"}
    assert first("pods") == "Pod"
    assert len(glossary.search(terms, "  ")) == len(terms)
    # a word that only ends like a particle still finds its own entry first
    assert first("레이블") == "label"
    assert first("게이트웨이") == "Gateway API"
    assert glossary.search(terms, "를") == []


def test_no_backticks_in_definitions(terms, korean):
    """F4 shows definitions as plain text: a backtick would appear literally."""
    for term in terms:
        assert "`" not in term.definition, term.en
        assert "`" not in i18n.gettext(term.definition), term.en


def test_definitions_translate_at_display_time(terms, korean):
    pod = next(t for t in terms if t.en == "Pod")
    assert pod.term() == "파드"
    shown = pod.definition_text()
    assert shown == i18n.gettext(pod.definition) or shown.startswith(i18n.MISSING_MARK)
    i18n.set_language("en")
    assert pod.term() == "Pod" and pod.definition_text() == pod.definition


def test_definitions_are_extracted_for_the_catalog():
    text = glossary.glossary_path().read_text(encoding="utf-8")
    messages = [m for _, m, _ in iter_messages(text)]
    assert len(messages) == len(glossary.load_glossary())
    assert all("\n" not in m for m in messages)


def _lesson(lesson_id: str, body: str) -> Lesson:
    ex = Exercise(id="e", title="T", task="Do it.", start="", solution="x", goal_data=[{"kind": "valid"}])
    return Lesson(id=lesson_id, title="Title", summary="S", body=body, exercises=[ex], path=Path("x.yaml"))


def test_where_used_matches_words_not_fragments(terms):
    by_en = {t.en: t for t in terms}
    lessons = [
        _lesson("a", "A Service sends traffic to its endpoints."),
        _lesson("b", "Set `targetPort: 8080` in the ports list."),
        _lesson("c", "The two containers talk over localhost."),
    ]
    assert glossary.where_used(by_en["Service"], lessons) == ["a"]
    assert glossary.where_used(by_en["endpoint"], lessons) == ["a"]
    assert glossary.where_used(by_en["targetPort"], lessons) == ["b"]
    # "port" is a whole word in lesson b ("ports"), not the fragment in "targetPort"
    assert glossary.where_used(by_en["port"], lessons) == ["b"]
    assert glossary.where_used(by_en["loopback"], lessons) == ["c"]
    index = glossary.usage_index(terms, lessons)
    assert index["Service"] == ["a"] and index["ClusterIP"] == []


def test_where_used_searches_the_korean_translation(terms, monkeypatch):
    body = "Pods can be grouped."
    cat = i18n.catalog("ko")
    monkeypatch.setitem(cat.singular, body, "레이블로 파드를 묶을 수 있다.")
    by_en = {t.en: t for t in terms}
    lessons = [_lesson("k", body)]
    assert glossary.where_used(by_en["label"], lessons) == ["k"]  # only in the Korean text


def test_bad_glossary_files_report_file_and_line(tmp_path):
    bad = tmp_path / "terms.yaml"
    bad.write_text("terms:\n  - en: Pod\n    ko: 파드\n", encoding="utf-8")
    with pytest.raises(LessonError) as err:
        glossary.load_glossary(bad)
    assert err.value.line == 2 and "definition" in err.value.message
    bad.write_text("terms:\n  - en: Pod\n    ko: 파드\n    definition: x\n    colour: red\n", encoding="utf-8")
    with pytest.raises(LessonError) as err:
        glossary.load_glossary(bad)
    assert err.value.line == 5 and "colour" in err.value.message
    bad.write_text("terms:\n  - {en: Pod, ko: 파드, definition: x}\n  - {en: Pod, ko: 파드, definition: y}\n",
                   encoding="utf-8")
    with pytest.raises(LessonError) as err:
        glossary.load_glossary(bad)
    assert err.value.line == 3 and "duplicate" in err.value.message
    bad.write_text("terms:\n  - {en: 80, ko: 파드, definition: x}\n", encoding="utf-8")
    with pytest.raises(LessonError) as err:
        glossary.load_glossary(bad)
    assert "must be a string" in err.value.message
    bad.write_text("terms: [\n", encoding="utf-8")
    with pytest.raises(LessonError) as err:
        glossary.load_glossary(bad)
    assert "YAML" in err.value.message
