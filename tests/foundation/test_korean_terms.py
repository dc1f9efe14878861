"""House rules of the Korean catalog that a reviewer would otherwise have to catch by eye:
one port-number order ("포트 80", as kubernetes.io/ko writes "TCP 포트 9376"), 소스 (not
출발지) for a packet's source, 문제점 for the Problems panel, and one word each for
listening (수신), forwarding rules (전달 규칙) and zones (존)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

KO = Path(__file__).resolve().parents[2] / "locales" / "ko" / "LC_MESSAGES" / "ktutor.po"

#: The "From" field of the request bar keeps its short label, and the note about its list says the same.
FROM_LABEL = {"From", "the first {n} Pods are listed as sources"}

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
