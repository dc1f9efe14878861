"""The bilingual glossary (``lessons/glossary/terms.yaml``): terms, search, where used.

Textual-free. The data file is read with PyYAML's safe loader and checked here; its
format is documented at the top of the file. Definitions are English msgids (extracted
by :mod:`tutor.lessons.extract`) and are translated when shown, never at load time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor import i18n
from tutor.lessons.model import LessonError, read_lesson_file
from tutor.lessons.text import split_paragraphs, translate_markdown

if TYPE_CHECKING:  # pragma: no cover
    from tutor.lessons.model import Lesson

#: Allowed keys of an entry.
ENTRY_KEYS = ("en", "ko", "ref", "definition", "forms")


@dataclass(frozen=True)
class Term:
    en: str
    ko: str
    definition: str  # English; translated by definition_text()
    ref: str | None = None  # reference-glossary entry the Korean term comes from ("none": not there)
    forms: tuple[str, ...] = ()
    line: int = 0

    def term(self, lang: str | None = None) -> str:
        """The term in the given (default: current) language."""
        return self.ko if (lang or i18n.get_language()) == "ko" else self.en

    def definition_text(self) -> str:
        """The definition in the current language (marked when untranslated)."""
        return translate_markdown(self.definition)

    def search_forms(self) -> tuple[str, ...]:
        return (self.en, self.ko, *self.forms)

    def where_used(self, lessons: Sequence[Lesson]) -> list[str]:
        return where_used(self, lessons)


def glossary_path() -> Path:
    from tutor.paths import lessons_dir

    return lessons_dir() / "glossary" / "terms.yaml"


# --------------------------------------------------------------------------- loading
def load_glossary(path: Path | None = None) -> list[Term]:
    """Read and check the glossary; raise :class:`LessonError` (file, line, what)."""
    import yaml

    path = path or glossary_path()
    text = read_lesson_file(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise LessonError(path, mark.line + 1 if mark else None, f"YAML syntax error: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise LessonError(path, None, f"YAML syntax error: {exc}") from None
    except RecursionError:  # the pure-Python composer recurses: [[[[...]]]] thousands deep
        raise LessonError(path, None, "YAML syntax error: nesting is too deep") from None
    if not isinstance(root, yaml.MappingNode):
        raise LessonError(path, 1, "the glossary must be a mapping with a 'terms' list")
    fields = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    terms_node = fields.get("terms")
    if not isinstance(terms_node, yaml.SequenceNode) or not terms_node.value:
        line = terms_node.start_mark.line + 1 if terms_node is not None else 1
        raise LessonError(path, line, "'terms' must be a non-empty list of entries")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for node in terms_node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise LessonError(path, line, "each glossary entry must be a mapping (en, ko, definition)")
        entry: dict[str, str] = {}
        forms: tuple[str, ...] = ()
        lines: dict[str, int] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise LessonError(path, k.start_mark.line + 1, "keys must be plain strings")
            if k.value not in ENTRY_KEYS:
                raise LessonError(path, k.start_mark.line + 1,
                                  f"unknown key {k.value!r} (allowed: {', '.join(ENTRY_KEYS)})")
            if k.value in lines:
                raise LessonError(path, k.start_mark.line + 1, f"duplicate key {k.value!r}")
            lines[k.value] = v.start_mark.line + 1
            if k.value == "forms":
                if not isinstance(v, yaml.SequenceNode) or not all(
                        isinstance(i, yaml.ScalarNode) and str(i.value).strip() for i in v.value):
                    raise LessonError(path, lines["forms"], "'forms' must be a list of non-empty strings")
                forms = tuple(str(i.value).strip() for i in v.value)
            else:
                if not isinstance(v, yaml.ScalarNode) or v.tag != "tag:yaml.org,2002:str":
                    raise LessonError(path, lines[k.value], f"{k.value!r} must be a string")
                entry[k.value] = str(v.value).strip()
        for key in ("en", "ko", "definition"):
            if not entry.get(key):
                raise LessonError(path, lines.get(key, line), f"missing or empty {key!r}")
        en = entry["en"]
        if en in seen:
            raise LessonError(path, lines["en"], f"duplicate term {en!r} (first on line {seen[en]})")
        seen[en] = line
        definition = entry["definition"]
        if "\n" in definition.strip() or len(split_paragraphs(definition)) != 1:
            raise LessonError(path, lines["definition"], "a definition must be one line")
        terms.append(Term(en=en, ko=entry["ko"], definition=definition, ref=entry.get("ref") or None,
                          forms=forms, line=line))
    return terms


# --------------------------------------------------------------------------- search
_SPACES = re.compile(r"\s+")

#: Korean particles a learner may type after a term ("파드를", "서비스의"), longest first.
_PARTICLES = ("에서는", "으로는", "이라는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "라는", "이다",
              "와", "과", "을", "를", "은", "는", "이", "가", "의", "에", "로", "도", "만")


def _norm(s: str) -> str:
    """Casefolded, without any white space: "로드 밸런서" and "로드밸런서" are one query."""
    return _SPACES.sub("", s.casefold())


def _queries(query: str) -> list[str]:
    """The normalised query, then the same query without a trailing Korean particle
    ("파드를" → "파드") or English plural ending ("pods" → "pod")."""
    q = _norm(query)
    out = [q] if q else []
    if q and _HANGUL.match(q[-1]):
        out += [q[:-len(p)] for p in _PARTICLES if q.endswith(p) and len(q) > len(p)]
    elif q.isascii() and len(q) > 3 and q.endswith("s"):
        out += [q[:-1]] + ([q[:-2]] if q.endswith("es") else [])
    return out


def search(entries: Iterable[Term], query: str) -> list[Term]:
    """Entries whose English or Korean term (or a search form) contains ``query``,
    case-insensitively and ignoring spaces, also with a Korean particle or an English
    plural ending left off; exact matches first, then prefix matches, then the rest,
    each group in glossary order. An empty query returns every entry."""
    entries = list(entries)
    queries = _queries(query)
    if not queries:
        return entries
    ranked: list[tuple[int, int, Term]] = []
    for n, term in enumerate(entries):
        best = None
        for form in term.search_forms():
            f = _norm(form)
            for q in queries:
                if q == f:
                    rank = 0
                elif f.startswith(q):
                    rank = 1
                elif q in f:
                    rank = 2
                else:
                    continue
                best = rank if best is None else min(best, rank)
        if best is not None:
            ranked.append((best, n, term))
    return [t for _, _, t in sorted(ranked, key=lambda r: (r[0], r[1]))]


# --------------------------------------------------------------------------- where used
_HANGUL = re.compile(r"[\u3131-\u318e\uac00-\ud7a3]")
_pattern_cache: dict[str, re.Pattern[str]] = {}


def _pattern(form: str) -> re.Pattern[str]:
    pat = _pattern_cache.get(form)
    if pat is None:
        if _HANGUL.search(form):
            # Korean particles attach to the word: a substring match is right.
            pat = re.compile(re.escape(form), re.IGNORECASE)
        else:
            words = r"\s+".join(re.escape(w) for w in form.split())
            pat = re.compile(rf"(?<![A-Za-z0-9_]){words}(?:s|es)?(?![A-Za-z0-9_])", re.IGNORECASE)
        _pattern_cache[form] = pat
    return pat


def lesson_texts(lesson: Lesson) -> tuple[str, str]:
    """All learner-visible text of a lesson: ``(english, korean)``. The Korean holds the
    catalog's translation of every paragraph that has one."""
    parts: list[str] = [lesson.title, lesson.summary, lesson.body]
    for ex in lesson.exercises:
        parts += [ex.title, ex.task, ex.explanation, *ex.hints]
        parts += [str(g.get("message", "")) for g in ex.goal_data if isinstance(g, dict)]
    english = "\n\n".join(p for p in parts if p)
    korean: list[str] = []
    try:
        singular = i18n.catalog("ko").singular
    except Exception:  # a broken catalog must not break the glossary
        singular = {}
    for part in parts:
        for _, block, translatable in split_paragraphs(part or ""):
            if translatable:
                found = singular.get(block) or singular.get(block.strip())
                if found:
                    korean.append(found)
    return english, "\n\n".join(korean)


def _uses(term: Term, english: str, korean: str) -> bool:
    for form in term.search_forms():
        pat = _pattern(form)
        if pat.search(english) or pat.search(korean):
            return True
    return False


def where_used(term: Term, lessons: Sequence[Lesson]) -> list[str]:
    """Ids of the lessons whose text (English, or its Korean translation) uses the term."""
    return [lesson.id for lesson in lessons if _uses(term, *lesson_texts(lesson))]


def usage_index(entries: Iterable[Term], lessons: Sequence[Lesson]) -> dict[str, list[str]]:
    """``{term.en: [lesson ids]}`` for many terms at once (each lesson's text is built once)."""
    texts = [(lesson.id, *lesson_texts(lesson)) for lesson in lessons]
    return {t.en: [lid for lid, en, ko in texts if _uses(t, en, ko)] for t in entries}
