"""House rules of the Korean catalog that a reviewer would otherwise have to catch by eye:
one port-number order ("포트 80", as kubernetes.io/ko writes "TCP 포트 9376"), 소스 (not
출발지) for a packet's source, 문제점 for the Problems panel, and one word each for
listening (수신), forwarding rules (전달 규칙) and zones (존). Also the review round's systematic
slips: a particle is attached to inline code (`podSelector`는, korean-style.md §a.5), the glossary's
프론트엔드 and 호스트네임, no fixed particle after a placeholder whose value is not known (을(를),
이(가), (으)로, or a rewording, §d.4), 실습실 for the lab, no "-를 가진" calque, 네임드 포트, 로드 밸런싱,
"<kind> 목표:", no "~에 의해"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

KO = Path(__file__).resolve().parents[2] / "locales" / "ko" / "LC_MESSAGES" / "ktutor.po"

#: The "From" field of the request bar keeps its short label, and the note about its list says the same.
FROM_LABEL: set[str] = set()  # (the request dialog's "From" is 소스 too now)

#: Particles (and particle-led endings) that belong to the word before them.
_PARTICLES = ("이라는|라는|이므로|이면|이다|이고|이며|이지만|이나|에서는|에서|에는|에게|에도|에|으로는|으로|로는|로|"
              "와는|과는|와|과|는|은|이|가|을|를|의|도|만|처럼|부터|까지|뿐이다|뿐|보다|나")
#: A closing backtick (the string is read from its start, so backticks pair up), spaces, then a particle.
PARTICLE_AFTER_CODE = re.compile(r"^[^`]*(?:`[^`]*`[^`]*)*?`[^`\n]*` +(?:%s)(?![가-힣])" % _PARTICLES)
#: A particle whose form depends on the value's final sound, glued to a placeholder ({name}를, "{text}"가,
#: {port}로, {name}이라는). {protocol} is exempt: TCP, UDP and SCTP all end in a vowel (…피를, …피로).
PARTICLE_AFTER_PLACEHOLDER = re.compile(
    r"\{(?!protocol\})[a-z_][a-z0-9_]*\}[`\"']?"
    r"(?:(?:을|를|이|가|은|는|와|과)(?:는|도|만)?|(?:으)?로(?:는|도|만|서)?|(?:이)?라는)(?![가-힣(])")

#: (what is wrong, pattern that finds it in a msgstr, msgids allowed to contain it)
RULES = [
    ("port number before 포트: write 포트 80", re.compile(r"(?<![\w.:/-])\d+`?\s*(?:번\s*)?포트"), set()),
    ("port placeholder before 포트: write 포트 {port}", re.compile(r"\{[a-z_]*port\}\s*(?:번\s*)?포트"), set()),
    ("포트 N번: write 포트 N", re.compile(r"포트\s+(?:\d+|\{[a-z_]*port\})번"), set()),
    ("출발지: write 소스 (소스 IP, 소스 NAT)", re.compile(r"출발지"), FROM_LABEL),
    ("the Problems panel is 문제점", re.compile(r"문제 패널|\*\*문제\*\*"), set()),
    ("listening is 수신, not 수신 대기", re.compile(r"수신 대기"), set()),
    ("forwarding rules are 전달 규칙", re.compile(r"포워딩 규칙"), set()),
    ("a zone is 존, not 영역", re.compile(r"같은 영역|영역의"), set()),
    ("attach the particle to inline code: `podSelector`는", PARTICLE_AFTER_CODE, set()),
    ("frontend is 프론트엔드 (glossary)", re.compile(r"프런트엔드"), set()),
    ("hostname is 호스트네임 (glossary)", re.compile(r"호스트 이름"), set()),
    ("no fixed 을/를, 이/가, 은/는, 로/으로, 와/과 after a placeholder", PARTICLE_AFTER_PLACEHOLDER, set()),
    ("the lab is 실습실", re.compile(r"(?<![가-힣])랩(?![가-힣])|(?<![가-힣])랩(?:의|에서|은|이)|자유 실습(?!실)|실습 클러스터"),
     set()),
    ("'-를 가진' is translationese (korean-style.md §a.7): 레이블이 붙은 파드, IP가 …인 파드",
     re.compile(r"[을를] (?:가진|갖는|가지며|가지고|가진다|갖게)|갖는다|(?<![가-힣])가진 "), set()),
    ("'~에 의해' is translationese (korean-style.md §a.7): 때문에, or an active sentence", re.compile(r"에 의해|에 의하여"),
     set()),
    ("a named port is 네임드 포트", re.compile(r"이름이? 있는 포트|이름 있는 `"), set()),
    ("load balancing is 로드 밸런싱", re.compile(r"부하 ?분산"), set()),
    ("a goal kind's label is '<kind> 목표:'", re.compile(r"^[a-z]+ goal:"), set()),
    ("a source Pod is 소스 파드", re.compile(r"출발 파드"), set()),
]


def _entries():
    with KO.open("rb") as fh:
        catalog = read_po(fh, locale="ko")
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id[0] if isinstance(m.id, tuple) else m.id
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            yield msgid, text or ""


@pytest.mark.parametrize("what,pattern,allowed", RULES, ids=[r[0] for r in RULES])
def test_korean_catalog_follows_the_house_rule(what, pattern, allowed):
    bad = [(msgid, text) for msgid, text in _entries() if msgid not in allowed and pattern.search(text)]
    assert not bad, f"{what}: {len(bad)} entries, e.g. " + " | ".join(text[:90] for _, text in bad[:3])


def test_the_rules_catch_what_they_are_for():
    """Each rule finds the form it forbids and leaves the right form alone."""
    samples = {
        RULES[0][1]: ("서비스의 80 포트로", "서비스의 포트 80으로"),
        RULES[1][1]: ("{port} 포트에서", "포트 {port}에서"),
        RULES[2][1]: ("서비스 포트 {service_port}번을", "서비스 포트 {service_port}에"),
        RULES[3][1]: ("출발지 IP", "소스 IP"),
        RULES[4][1]: ("문제 패널을 보십시오", "문제점 패널을 보십시오"),
    }
    for pattern, (wrong, right) in samples.items():
        assert pattern.search(wrong) and not pattern.search(right)
    # an IP:port or a version number is not a port number before 포트
    assert not RULES[0][1].search("`10.244.2.15:8080` 포트") and not RULES[0][1].search("1.35 포트")


@pytest.mark.parametrize("wrong,right", [
    ("`podSelector` 는 파드를 고른다", "`podSelector`는 파드를 고른다"),
    ("`Ingress` 와 `Egress` 를 모두", "`Ingress`와 `Egress`를 모두"),
    ("`shop` 의 파드", "`shop`의 파드"),
    ("`monitoring/prometheus-0` 뿐이다", "`monitoring/prometheus-0`뿐이다"),
    ("`api` 라는 이름", "`api`라는 이름"),
])
def test_particle_after_code_rule(wrong, right):
    assert PARTICLE_AFTER_CODE.search(wrong) and not PARTICLE_AFTER_CODE.search(right)


def test_calque_rules_catch_their_forms():
    calque = next(r[1] for r in RULES if r[0].startswith("'-를 가진'"))
    passive = next(r[1] for r in RULES if r[0].startswith("'~에 의해'"))
    for wrong in ("레이블을 가진 파드", "파드가 실제로 가진 레이블", "두 포트를 갖는다"):
        assert calque.search(wrong), wrong
    for right in ("레이블이 붙은 파드", "파드에 실제로 붙은 레이블", "망가진 파드", "가진다면"):
        assert not calque.search(right), right
    assert passive.search("{policies}에 의해 격리됨") and not passive.search("{policies} 때문에 격리됨")


def test_particle_after_code_rule_leaves_nouns_and_text_between_spans_alone():
    for ok in ("`hello` 파드 두 개", "`F1` 도움말, `F2` 언어 전환", "`port` 필드와 `targetPort` 필드",
               "`a`와 `b` 이름", "문장 안의 이 단어", "`web`이 아니라"):
        assert not PARTICLE_AFTER_CODE.search(ok), ok


@pytest.mark.parametrize("wrong,right", [
    ("소스 주소 {before}를 바꿉니다", "소스 주소 {before}을(를) 바꿉니다"),
    ("{client}가 아니라", "{client}이(가) 아니라"),
    ("포트 {port}로 간 요청", "포트 {port}(으)로 간 요청"),
    ("{name}이라는 이름", "{name}(이)라는 이름"),
    ("YAML은 \"{text}\"를 읽습니다", "YAML은 \"{text}\"을(를) 읽습니다"),
    ("`{direction}`을 생략하십시오", "`{direction}` 자체를 생략하십시오"),
    ("{other}로만 접속", "{other} 프로토콜로만 접속"),
    ("kubectl {command}를 시뮬레이션", "kubectl {command} 명령을 시뮬레이션"),
])
def test_particle_after_placeholder_rule(wrong, right):
    assert PARTICLE_AFTER_PLACEHOLDER.search(wrong) and not PARTICLE_AFTER_PLACEHOLDER.search(right)


def test_particle_after_placeholder_rule_allows_invariant_particles_and_the_copula():
    for ok in ("{path}에 저장", "파드 {n}개", "{version}의 규칙", "{subdomain}이므로", "{conditions}입니다",
               "{port}/{protocol}를 선언한", "`podSelector: {}`는", "{options: [{name: ndots}]}`를"):
        assert not PARTICLE_AFTER_PLACEHOLDER.search(ok), ok
