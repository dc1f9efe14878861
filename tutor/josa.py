"""Korean particles (조사) after values that are only known when a message is shown.

A Korean catalog string cannot know what fills ``{name}``, so it writes the particle in
its fallback form, ``{name}을(를)`` (korean-style.md §d.4). :func:`fix_particles` runs on
the formatted text and replaces every fallback with the one particle that fits the text
right before it: ``db을(를)`` → ``db를``, ``8443은(는)`` → ``8443은``,
``pg-0.pg.data:5432(으)로`` → ``pg-0.pg.data:5432로``. Where the text before it gives
no answer (a space, a symbol, nothing) the fallback stays as written.

How the text before a particle is read (the last *pronounced* character):

- Closing brackets, quotes, backticks and Markdown emphasis (``) ] } > " ' ` * _ ~``,
  their full-width and typographic forms) and closing markup tags (``[/b]``, ``[/]``)
  are skipped: ```db``을(를)`` is read at ``b``. A parenthesis right after a word is
  skipped whole, as the Korean norm has it (the particle agrees with the word before it:
  ``서비스(Service)을(를)`` → 서비스를, ``자체(… 않음)이(가)`` → 자체가); one after a space
  is read inside.
- A Hangul syllable decides by its final consonant (받침); ㄹ is told apart because
  ``(으)로`` takes ``로`` after it (레이블로) while the other particles treat it as any
  받침 (레이블을).
- A number is read the Korean way: by its last digit (영, 일, 이, 삼, 사, 오, 육, 칠,
  팔, 구), or, when it ends in zeros, by the place of its last non-zero digit (10 십,
  100 백, 1000 천, 10000 만, 10⁸ 억, …): ``8080`` → 팔십 → 을, ``443`` → 삼 → 을,
  ``5432`` → 이 → 를, ``1,000`` → 천. Only the digits after the last ``.``/``:``/``-``
  count (an IP address or a version is read group by group: ``10.0.0.115`` → 오).
- Latin letters are a heuristic (how Koreans read English is not a rule). The last word
  is read (the last camelCase part: ``IP`` of ``ClusterIP``, ``Block`` of ``ipBlock``):
  a word in capitals, or a single letter, letter by letter: L 엘, M 엠, N 엔, R 알 have a
  final consonant, the others (B 비, C 씨, D 디, P 피, T 티, X 엑스, ...) not. Any other
  word has one when it ends like a short table of words read with one (web 웹, app 앱,
  job 잡, get 겟, block 블록, ...: also wget, cronjob, webhook), or in m, n, l or "ng",
  a silent e after m, n, l included (team, json, html, ping; name 네임, line 라인, file
  파일); every other ending has none (db 디비, port 포트, proxy 프록시, server 서버). This
  matches korean-style.md §d.4 (port를, ClusterIP를, ExternalName을, kube-proxy를,
  Local로); where it is wrong, it is wrong the way a reader of letter names would be
  (checkout and chat, read 체크아웃 and 챗, get 를).

Textual-free and cheap to import (``re`` only); applied by :mod:`tutor.i18n` to every
formatted Korean catalog string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["FALLBACKS", "Final", "final_of", "fix_particles", "particle"]

#: The fallback forms the catalog may use -> (after a final consonant, after none,
#: after ㄹ). ``(으)로`` is the one particle where ㄹ behaves like no final consonant.
FALLBACKS: dict[str, tuple[str, str, str]] = {
    "을(를)": ("을", "를", "을"),
    "를(을)": ("을", "를", "을"),
    "이(가)": ("이", "가", "이"),
    "가(이)": ("이", "가", "이"),
    "은(는)": ("은", "는", "은"),
    "는(은)": ("은", "는", "은"),
    "과(와)": ("과", "와", "과"),
    "와(과)": ("과", "와", "과"),
    "(으)로": ("으로", "로", "로"),
    "(이)라": ("이라", "라", "이라"),
}

#: Compiled on first use (import stays cheap: the CLI's --help never needs them).
_patterns: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _compiled() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the fallback forms, the parts of a camelCase word)."""
    global _patterns
    if _patterns is None:
        _patterns = (re.compile("|".join(re.escape(f) for f in FALLBACKS)),
                     re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+"))
    return _patterns


class Final:
    """What ends the reading of the last pronounced character."""

    NONE = 0  # no final consonant: 파드, 디, 이
    CONSONANT = 1  # a final consonant other than ㄹ: 응답, 삼, 십, 엠
    RIEUL = 2  # ㄹ: 레이블, 일, 칠, 팔, 엘


#: Final of the Korean reading of each digit.
_DIGIT = {
    "0": Final.CONSONANT,  # 영
    "1": Final.RIEUL,  # 일
    "2": Final.NONE,  # 이
    "3": Final.CONSONANT,  # 삼
    "4": Final.NONE,  # 사
    "5": Final.NONE,  # 오
    "6": Final.CONSONANT,  # 육
    "7": Final.RIEUL,  # 칠
    "8": Final.RIEUL,  # 팔
    "9": Final.NONE,  # 구
}
#: Final of the place a number ends on when its last digits are zeros, by their count.
_PLACE = {1: Final.CONSONANT, 2: Final.CONSONANT, 3: Final.CONSONANT}  # 십, 백, 천
#: ... and by the group of four (만 10⁴, 억 10⁸, 조 10¹², 경 10¹⁶).
_GROUP = {1: Final.CONSONANT, 2: Final.CONSONANT, 3: Final.NONE, 4: Final.CONSONANT}

#: Capital letters whose Korean name ends in a final consonant (엘, 엠, 엔, 알).
_LETTER = {"L": Final.RIEUL, "M": Final.CONSONANT, "N": Final.CONSONANT, "R": Final.RIEUL}
#: Word endings (lower case) whose usual Korean reading ends in a final consonant that
#: the spelling rules below would miss: the word itself or a word ending in it (wget 겟,
#: cronjob 잡, webhook 훅, subnet 넷).
_WORDS = {
    "web": Final.CONSONANT,  # 웹
    "app": Final.CONSONANT,  # 앱
    "job": Final.CONSONANT,  # 잡
    "lab": Final.CONSONANT,  # 랩
    "tab": Final.CONSONANT,  # 탭
    "shop": Final.CONSONANT,  # 샵
    "top": Final.CONSONANT,  # 톱
    "stop": Final.CONSONANT,  # 스톱
    "group": Final.CONSONANT,  # 그룹
    "setup": Final.CONSONANT,  # 셋업
    "backup": Final.CONSONANT,  # 백업
    "lookup": Final.CONSONANT,  # 룩업
    "block": Final.CONSONANT,  # 블록
    "hook": Final.CONSONANT,  # 훅
    "stack": Final.CONSONANT,  # 스택
    "get": Final.CONSONANT,  # 겟
    "set": Final.CONSONANT,  # 셋
    "net": Final.CONSONANT,  # 넷
    "cat": Final.CONSONANT,  # 캣
    "secret": Final.CONSONANT,  # 시크릿
    "target": Final.CONSONANT,  # 타깃
}
_WORD_ENDINGS = tuple(_WORDS)
#: Characters skipped when looking for the last pronounced one.
_CLOSING = frozenset(")]}>\"'`*_~’”」』》〉）］｝＞")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def _number_final(text: str, end: int) -> int | None:
    """Final of the Korean reading of the number ending at ``text[end - 1]`` (a digit)."""
    i = end
    digits: list[str] = []
    while i > 0:
        ch = text[i - 1]
        if "0" <= ch <= "9":
            digits.append(ch)
            i -= 1
        elif ch == "," and len(digits) % 3 == 0 and digits and i > 1 and "0" <= text[i - 2] <= "9":
            i -= 1  # a thousands separator: 1,000
        else:
            break
    number = "".join(reversed(digits))
    last = number[-1]
    if last != "0":
        return _DIGIT[last]
    zeros = len(number) - len(number.rstrip("0"))
    if zeros == len(number):
        return _DIGIT["0"]  # 영
    if zeros < 4:
        return _PLACE[zeros]
    return _GROUP.get(zeros // 4)


def _latin_final(text: str, end: int) -> int:
    """Final of the Korean reading of the Latin word ending at ``text[end - 1]``."""
    start = end
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    parts = _compiled()[1].findall(text[start:end])
    word = parts[-1] if parts else text[start:end]
    if word.isupper() or len(word) == 1:
        return _LETTER.get(word[-1].upper(), Final.NONE)
    lower = word.lower()
    if lower.endswith(_WORD_ENDINGS):
        return Final.CONSONANT
    if len(lower) > 2 and lower[-1] == "e" and lower[-2] in "mnl":
        lower = lower[:-1]  # a silent e: name 네임, line 라인, file 파일, none 논
    if lower.endswith("ng") or lower[-1] in "mn":
        return Final.CONSONANT
    if lower[-1] == "l":
        return Final.RIEUL
    return Final.NONE


def final_of(text: str, end: int | None = None, stand_ins: Mapping[str, int | None] | None = None) -> int | None:
    """How the Korean reading of ``text[:end]`` ends (a :class:`Final` value), or None
    when the text gives no answer (nothing, a space, a symbol before the particle).
    ``stand_ins`` maps characters that stand for a value filled in later (a cached
    template's names) to the final of that value."""
    i = len(text) if end is None else end
    while i > 0:
        ch = text[i - 1]
        if stand_ins is not None and ch in stand_ins:
            return stand_ins[ch]
        if ch == "]":
            open_at = text.rfind("[", 0, i - 1)
            if open_at >= 0 and text.startswith("/", open_at + 1) and "]" not in text[open_at:i - 1]:
                i = open_at  # a closing markup tag: [/b], [/]
                continue
        if ch in ")）":
            # a parenthesis right after a word (병기: 서비스(Service)를): the particle agrees
            # with the word before it, as the Korean norm has it; a parenthesis on its own
            # is read inside
            open_at = _matching_open(text, i - 1)
            if open_at > 0 and not text[open_at - 1].isspace():
                i = open_at
                continue
        if ch in _CLOSING:
            i -= 1
            continue
        code = ord(ch)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            final = (code - _HANGUL_FIRST) % 28
            return Final.NONE if final == 0 else Final.RIEUL if final == 8 else Final.CONSONANT
        if "0" <= ch <= "9":
            return _number_final(text, i)
        if ch.isascii() and ch.isalpha():
            return _latin_final(text, i)
        return None
    return None


def _matching_open(text: str, close_at: int) -> int:
    """Where the parenthesis that ``text[close_at]`` closes opens (-1: none)."""
    depth = 0
    for j in range(close_at, -1, -1):
        ch = text[j]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                return j
    return -1


def particle(fallback: str, final: int) -> str:
    """The form of ``fallback`` (``"을(를)"``) after a reading that ends in ``final``."""
    after_consonant, after_vowel, after_rieul = FALLBACKS[fallback]
    return after_vowel if final == Final.NONE else after_rieul if final == Final.RIEUL else after_consonant


def fix_particles(text: str, stand_ins: Mapping[str, int | None] | None = None) -> str:
    """``text`` with every fallback particle (``을(를)``, ``이(가)``, ``은(는)``,
    ``와(과)``, ``(으)로``, ``(이)라`` and their reversed forms) replaced by the form that
    fits the text right before it; fallbacks after undecidable text stay. A fallback after
    one of ``stand_ins`` (see :func:`final_of`) takes the form for its final."""
    if "(" not in text:
        return text
    parts: list[str] = []
    last = 0
    for match in _compiled()[0].finditer(text):
        final = final_of(text, match.start(), stand_ins)
        if final is None:
            continue
        parts.append(text[last:match.start()])
        parts.append(particle(match.group(), final))
        last = match.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)
