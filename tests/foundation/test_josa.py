"""Korean particles after interpolated values: fallback forms (``{name}을(를)``) in the
catalog come out as the one particle that fits the value (tutor.josa, tutor.i18n)."""

from __future__ import annotations

import re
import string

import pytest

from tutor import i18n
from tutor.i18n import N_, Text
from tutor.josa import FALLBACKS, fix_particles

FALLBACK = re.compile("|".join(re.escape(f) for f in FALLBACKS))


@pytest.mark.parametrize(
    ("value", "fallback", "expected"),
    [
        # Hangul: by the final consonant; ㄹ takes 로 but 을/이/은/과 otherwise
        ("파드", "을(를)", "파드를"),
        ("응답", "은(는)", "응답은"),
        ("서비스", "이(가)", "서비스가"),
        ("엔드포인트", "와(과)", "엔드포인트와"),
        ("셀렉터 목록", "과(와)", "셀렉터 목록과"),
        ("레이블", "(으)로", "레이블로"),
        ("레이블", "을(를)", "레이블을"),
        ("노드", "(으)로", "노드로"),
        ("컨테이너 포트", "(으)로", "컨테이너 포트로"),
        ("주소 목록", "(으)로", "주소 목록으로"),
        ("응답 없음", "(이)라", "응답 없음이라"),
        ("파드", "(이)라", "파드라"),
        ("파드", "를(을)", "파드를"),
        ("응답", "는(은)", "응답은"),
        ("파드", "가(이)", "파드가"),
        # digits: the last digit's reading, or the place of the last non-zero digit
        ("8443", "은(는)", "8443은"),  # 삼
        ("8080", "을(를)", "8080을"),  # 팔십
        ("8080", "(으)로", "8080으로"),
        ("10", "이(가)", "10이"),  # 십
        ("100", "은(는)", "100은"),  # 백
        ("1000", "(으)로", "1000으로"),  # 천
        ("1,000", "을(를)", "1,000을"),
        ("10000", "이(가)", "10000이"),  # 만
        ("300000000", "은(는)", "300000000은"),  # 삼억
        ("1000000000000", "은(는)", "1000000000000는"),  # 일조
        ("443", "을(를)", "443을"),  # 삼
        ("9376", "(으)로", "9376으로"),  # 육
        ("5432", "(으)로", "5432로"),  # 이
        ("81", "(으)로", "81로"),  # 일: ㄹ
        ("81", "이(가)", "81이"),
        ("7", "와(과)", "7과"),  # 칠
        ("8", "(으)로", "8로"),  # 팔
        ("9", "을(를)", "9를"),  # 구
        ("0", "은(는)", "0은"),  # 영
        ("30", "(으)로", "30으로"),
        ("10.102.197.115", "이(가)", "10.102.197.115가"),  # 백십오: 오
        ("10.0.0.10", "(으)로", "10.0.0.10으로"),  # 십
        ("pg-0.pg.data:5432", "(으)로", "pg-0.pg.data:5432로"),
        ("web-0", "을(를)", "web-0을"),  # 영
        ("80/TCP", "은(는)", "80/TCP는"),
        # Latin: letter names and the documented word heuristic
        ("db", "을(를)", "db를"),  # 디비
        ("pg", "이(가)", "pg가"),  # 피지
        ("node-a", "을(를)", "node-a를"),  # 에이
        ("TCP", "(으)로", "TCP로"),
        ("html", "(으)로", "html로"),  # 엘: ㄹ
        ("html", "을(를)", "html을"),
        ("ClusterIP", "이(가)", "ClusterIP가"),  # 아이피
        ("ClusterIP", "을(를)", "ClusterIP를"),
        ("targetPort", "을(를)", "targetPort를"),
        ("kube-proxy", "을(를)", "kube-proxy를"),
        ("ExternalName", "을(를)", "ExternalName을"),  # 네임
        ("Local", "(으)로", "Local로"),
        ("json", "(으)로", "json으로"),  # 제이슨
        ("kube-system", "은(는)", "kube-system은"),  # 시스템
        ("ping", "이(가)", "ping이"),
        ("file", "을(를)", "file을"),  # 파일
        ("web", "(으)로", "web으로"),  # 웹 (word table)
        ("nslookup", "은(는)", "nslookup은"),
        ("ipBlock", "을(를)", "ipBlock을"),
        ("curl", "이(가)", "curl이"),
        ("wget", "이(가)", "wget이"),  # 겟 (word table, camelCase-free)
        ("nginx", "(으)로", "nginx로"),  # 엑스
        ("M", "이(가)", "M이"),
        ("x", "이(가)", "x가"),
        # closing brackets, quotes, backticks and markup are skipped
        ("`db`", "을(를)", "`db`를"),
        ('"8080"', "을(를)", '"8080"을'),
        ("(IP 주소는 조회하지 않음)", "이(가)", "(IP 주소는 조회하지 않음)이"),
        ("주소 10.244.1.5(web-0 파드)", "이(가)", "주소 10.244.1.5(web-0 파드)가"),
        # a parenthesis right after a word: the particle agrees with that word (the norm)
        ("frontend-1(shop 네임스페이스)", "을(를)", "frontend-1(shop 네임스페이스)을"),
        ("주소 그 자체(IP 주소는 조회하지 않음)", "이(가)", "주소 그 자체(IP 주소는 조회하지 않음)가"),
        ("서비스(Service)", "을(를)", "서비스(Service)를"),
        ("파드(a(b)c)", "을(를)", "파드(a(b)c)를"),
        ("[b]web-0[/b]", "은(는)", "[b]web-0[/b]은"),
        ("[bold]db[/]", "을(를)", "[bold]db[/]를"),
        ("**레이블**", "(으)로", "**레이블**로"),
        ("[a, b]", "을(를)", "[a, b]를"),
        # undecidable: the fallback stays
        ("", "을(를)", "을(를)"),
        ("db ", "을(를)", "db 을(를)"),
        ("a/", "(으)로", "a/(으)로"),
        ("Ω", "이(가)", "Ω이(가)"),
        ("\x01", "은(는)", "\x01은(는)"),
    ],
)
def test_particle_after_value(value, fallback, expected):
    assert fix_particles(value + fallback) == expected


def test_every_fallback_in_a_sentence_is_fixed_and_the_rest_kept():
    text = "node-a를 거친 web-0의 응답은(는) 답이 아닙니다. db을(를) 조회하면 8080(으)로 갑니다 (괄호)"
    assert fix_particles(text) == "node-a를 거친 web-0의 응답은 답이 아닙니다. db를 조회하면 8080으로 갑니다 (괄호)"


def test_text_without_fallbacks_is_returned_as_it_is():
    text = "서비스(Service)는 파드(Pod)를 선택합니다"
    assert fix_particles(text) is text


def test_real_messages_in_korean_read_right(korean):
    answer = Text(N_("Not right yet: {value} is not the answer."), value="8443")
    assert "8443은 답이 아닙니다" in str(answer)
    lookup = Text(N_("From {source}, a lookup of {name} answers {actual}."), source="web-0", name="db",
                  actual=Text(N_("the cluster IP {ip}"), ip="10.102.197.115"))
    assert "db를 조회하면" in str(lookup)
    assert "10.102.197.115가 돌아옵니다" in str(lookup)
    fails = Text(N_("From {source}, a request to {destination} fails: {seen}."), source="client",
                 destination="pg-0.pg.data:5432", seen="timeout")
    assert "pg-0.pg.data:5432로" in str(fails)
    # _() followed by .format() (the UI's own messages) fixes them too
    saved = i18n._("Could not save {path}: {error}").format(path="/tmp/lab.yaml", error="disk full")
    assert "/tmp/lab.yaml을 저장하지 못했습니다" in saved
    assert type(saved) is str
    # a plural message (ngettext) as well
    dump_id = next(key[0] for key in i18n.catalog("ko").plural if "dump {file}" in key[0])
    dump = i18n.ngettext(dump_id, dump_id, 2)
    assert "cluster.json을 연" in dump.format(file="cluster.json", n=2)
    # argparse's %-formatted messages
    ambiguous = i18n._("ambiguous option: %(option)s could match %(matches)s") % {
        "option": "--la", "matches": "--lang, --lab"}
    assert "--la는" in ambiguous


def test_a_value_that_carries_a_fallback_is_fixed_by_the_message_around_it(korean):
    # a nested text the inner message could not decide (a stand-in) is fixed once the
    # outer message is formatted with a template of its own
    outer = Text(N_("Not right yet: {value} is not the answer."), value="web-0의 응답")
    assert "web-0의 응답은 답이" in str(outer)


def test_english_is_untouched():
    i18n.set_language("en")
    text = "db을(를)"
    assert i18n.fix_particles_for(text) == text
    assert i18n.fix_particles_for(text, "ko") == "db를"
    english = Text(N_("Not right yet: {value} is not the answer."), value="db을(를)")
    assert str(english) == "Not right yet: db을(를) is not the answer."
    assert type(i18n.gettext("Could not save {path}: {error}")) is str


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _korean_templates() -> list[tuple[str | tuple[str, str], str]]:
    cat = i18n.catalog("ko")
    found: list[tuple[str | tuple[str, str], str]] = []
    for msgid, msgstr in cat.singular.items():
        if FALLBACK.search(msgstr):
            found.append((msgid, msgstr))
    for key, forms in cat.plural.items():
        for form in forms:
            if FALLBACK.search(form):
                found.append((key, form))
    return found


@pytest.mark.parametrize("value", ["db", "8080", "파드", "web-0", "5432"])
def test_no_catalog_message_keeps_a_fallback_after_a_decidable_value(korean, value):
    templates = _korean_templates()
    assert len(templates) > 60  # the catalog writes fallbacks; this test must see them
    for msgid, msgstr in templates:
        translated = (i18n.gettext(msgid) if isinstance(msgid, str)
                      else i18n.ngettext(msgid[0], msgid[0], 2))
        assert translated == msgstr or isinstance(msgid, tuple)
        if "%(" in msgstr:
            names = re.findall(r"%\((\w+)\)s", msgstr)
            result = translated % {n: value for n in names}
        elif "%s" in msgstr:
            result = translated % value
        else:
            result = translated.format(**{n: value for n in _fields(msgstr)})
        assert not FALLBACK.search(result), (msgid, result)


def test_stand_ins_filled_in_later_take_the_particle_of_their_value(korean):
    # the bulk probe formats a reason once with stand-ins and fills the names in per pair
    template = "\x01은(는) \x02(으)로 가는 연결 (규칙 없음)이(가) 없음"
    finals = i18n.particle_finals(["default/web-0", "shop/db"])
    assert finals is not None
    fixed = i18n.fix_after_stand_ins(template, ("\x01", finals[0]), ("\x02", finals[1]))
    assert fixed == "\x01은 \x02로 가는 연결 (규칙 없음)이 없음"
    filled = fixed.replace("\x01", "default/web-0").replace("\x02", "shop/db")
    assert filled == fix_particles(template.replace("\x01", "default/web-0").replace("\x02", "shop/db"))
    # a stand-in whose value gives no answer keeps the fallback
    assert i18n.fix_after_stand_ins("\x01(으)로", ("\x01", None)) == "\x01(으)로"
    i18n.set_language("en")
    assert i18n.particle_finals(["db"]) is None
