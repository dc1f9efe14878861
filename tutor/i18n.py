"""Bilingual core: language negotiation, gettext catalogs, Korean formatting.

Textual-free and cheap to import. Nothing is translated at import time: code marks
strings with ``N_()`` where they are defined and calls ``_()`` where they are shown,
so switching the language at runtime changes every string the next time it is drawn.

Catalogs live in ``locales/<lang>/LC_MESSAGES/ktutor.po`` (one gettext domain for the
code and the lessons). A compiled ``.mo`` next to the ``.po`` (built into the wheel)
is used when it is at least as new as the ``.po``; otherwise the ``.po`` is read
through babel, so a source checkout never needs a manual compile step.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor import paths
from tutor.josa import final_of, fix_particles

# babel is imported where it is used (reading a .po, formatting numbers and dates):
# importing it costs start-up time that most runs never need.

if TYPE_CHECKING:
    from datetime import datetime

DOMAIN = "ktutor"
SOURCE_LANGUAGE = "en"
#: Language code -> its own name, as shown in the UI.
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
#: Prefix put in front of a string that has no translation in a non-English language,
#: so a missing translation is seen instead of silently shown in English.
MISSING_MARK = "[EN] "

_current = SOURCE_LANGUAGE
_catalogs: dict[str, "_Catalog"] = {}
_listeners: list[Callable[[str], None]] = []


# --------------------------------------------------------------------------- negotiation
def normalize(value: str | None) -> str | None:
    """Map a language tag or POSIX locale (``ko_KR.UTF-8``, ``ko``, ``en-US``) to a
    supported language code, or None when it names no supported language."""
    if not value:
        return None
    tag = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    lang = tag.split("_", 1)[0].lower()
    return lang if lang in LANGUAGES else None


def negotiate(cli: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Pick the UI language: ``--lang`` > ``KTUTOR_LANG`` > locale environment > English.

    For the locale environment the POSIX precedence applies: the first of ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` that is set and not empty decides, so ``LC_ALL=C`` wins
    over ``LANG=ko_KR.UTF-8``.
    """
    env = os.environ if environ is None else environ
    for explicit in (cli, env.get("KTUTOR_LANG")):
        lang = normalize(explicit)
        if lang:
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return normalize(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


# --------------------------------------------------------------------------- state
def get_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the language for everything translated from now on and tell listeners."""
    global _current
    code = normalize(lang)
    if code is None:
        raise ValueError(f"unsupported language: {lang!r}")
    if code == _current:
        return
    _current = code
    for listener in list(_listeners):
        listener(code)


def add_listener(callback: Callable[[str], None]) -> None:
    _listeners.append(callback)


def remove_listener(callback: Callable[[str], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def other_language(lang: str | None = None) -> str:
    """The language F2 switches to."""
    return "en" if (lang or _current) == "ko" else "ko"


# --------------------------------------------------------------------------- catalogs
def locales_dir() -> Path:
    return paths.locales_dir()


class _Catalog:
    """Translations of one language: msgid -> msgstr (plural: tuple -> tuple)."""

    def __init__(self, singular: dict[str, str], plural: dict[tuple[str, str], tuple[str, ...]], plural_index: Callable[[int], int]):
        self.singular = singular
        self.plural = plural
        self.plural_index = plural_index

    @classmethod
    def load(cls, lang: str) -> "_Catalog":
        base = locales_dir() / lang / "LC_MESSAGES"
        po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
        # The wheel ships compiled catalogs under tutor/_data; in a source checkout a
        # .mo is used only while it is not older than its .po.
        shipped = "_data" in mo.parts
        if mo.is_file() and (shipped or not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            return cls._from_mo(mo)
        if po.is_file():
            return cls._from_po(po, lang)
        return cls({}, {}, lambda n: 0)

    @classmethod
    def _from_mo(cls, path: Path) -> "_Catalog":
        with path.open("rb") as fh:
            trans = _gettext.GNUTranslations(fh)
        singular: dict[str, str] = {}
        plural: dict[tuple[str, str], tuple[str, ...]] = {}
        # GNUTranslations keeps what it read in _catalog (msgid -> str, or (msgid, index)
        # -> str for plurals) and the plural rule in plural; neither is in its public API
        catalog: dict[str | tuple[str, int], str] = trans._catalog  # type: ignore[attr-defined]
        plural_ids: dict[str, list[tuple[int, str]]] = {}
        for key, value in catalog.items():
            if isinstance(key, tuple):
                plural_ids.setdefault(key[0], []).append((key[1], value))
            elif key:
                singular[key] = value
        # GNUTranslations keys plural entries by the singular msgid only.
        for msgid, forms in plural_ids.items():
            plural[(msgid, "")] = tuple(v for _, v in sorted(forms))
        return cls(singular, plural, trans.plural)  # type: ignore[attr-defined]

    @classmethod
    def _from_po(cls, path: Path, lang: str) -> "_Catalog":
        from babel.messages.pofile import read_po

        with path.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        singular: dict[str, str] = {}
        plural: dict[tuple[str, str], tuple[str, ...]] = {}
        for msg in cat:
            if not msg.id or msg.fuzzy:
                continue
            if isinstance(msg.id, tuple):
                forms = tuple(msg.string or ())
                if all(forms):
                    plural[(msg.id[0], "")] = forms
            elif isinstance(msg.id, str) and isinstance(msg.string, str) and msg.string:
                singular[msg.id] = msg.string
        expr = cat.plural_expr
        index = _gettext.c2py(expr) if expr else (lambda n: 0)
        return cls(singular, plural, index)


#: Languages whose catalog writes particles in fallback forms (``{name}을(를)``), fixed
#: each time a translated string is formatted (see :class:`ParticleTemplate`).
PARTICLE_LANGUAGES = frozenset({"ko"})


class ParticleTemplate(str):
    """A translated Korean template: ``.format()``, ``.format_map()`` and ``%`` fill it in
    and then pick each fallback particle by the text before it (``{name}을(를)`` with
    ``db`` → ``db를``; :func:`tutor.josa.fix_particles`).

    :func:`gettext` and :func:`ngettext` return these for Korean strings with
    placeholders, so both ``_("...").format(...)`` and :class:`Text` get the right
    particles, and so does a value that itself carries a fallback (a nested text). The
    result of formatting is a plain ``str``.
    """

    __slots__ = ()

    def format(self, /, *args: object, **kwargs: object) -> str:
        return fix_particles(str.format(self, *args, **kwargs))

    def format_map(self, mapping: Any) -> str:
        return fix_particles(str.format_map(self, mapping))

    def __mod__(self, values: object) -> str:
        return fix_particles(str.__mod__(self, values))


def _is_template(text: str) -> bool:
    return "{" in text or "%" in text


def _particle_templates(cat: _Catalog) -> _Catalog:
    """``cat`` with its templates as :class:`ParticleTemplate` (done once per load)."""
    for key, value in cat.singular.items():
        if _is_template(value):
            cat.singular[key] = ParticleTemplate(value)
    for pkey, forms in cat.plural.items():
        if any(_is_template(f) for f in forms):
            cat.plural[pkey] = tuple(ParticleTemplate(f) if _is_template(f) else f for f in forms)
    return cat


def catalog(lang: str) -> _Catalog:
    cat = _catalogs.get(lang)
    if cat is None:
        cat = _Catalog.load(lang)
        if lang in PARTICLE_LANGUAGES:
            cat = _particle_templates(cat)
        _catalogs[lang] = cat
    return cat


def fix_particles_for(text: str, lang: str | None = None) -> str:
    """``text`` with its fallback particles fixed when ``lang`` (default: the current
    language) writes them (Korean); any other language's text is returned as it is. For
    text assembled without ``.format()`` on a translated string (names filled into a
    cached reason with ``str.replace``)."""
    return fix_particles(text) if (lang or _current) in PARTICLE_LANGUAGES else text


def particle_finals(values: Iterable[str]) -> list[int | None] | None:
    """For text filled into cached templates with ``str.replace`` (stand-ins for names):
    how each value's reading ends (:func:`tutor.josa.final_of`), to give
    :func:`fix_after_stand_ins`; None when the current language has no fallback
    particles (nothing to fix)."""
    if _current not in PARTICLE_LANGUAGES:
        return None
    return [final_of(v) for v in values]


@functools.lru_cache(maxsize=4096)
def fix_after_stand_ins(template: str, *marks: tuple[str, int | None]) -> str:
    """``template`` (already formatted, with stand-in characters where names go in later)
    with the fallback particle after each stand-in fixed for the final given with it
    (``(stand_in, final)`` pairs from :func:`particle_finals`). Cached: a bulk probe asks
    the same few templates for each pair of names."""
    return fix_particles(template, dict(marks))


# --------------------------------------------------------------------------- translation
def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translate at use time)."""
    return message


def has_translation(message: str, lang: str | None = None) -> bool:
    lang = lang or _current
    return lang == SOURCE_LANGUAGE or message in catalog(lang).singular


def gettext(message: str) -> str:
    """Translate ``message`` into the current language.

    In a non-English language a string without a translation comes back in English with
    :data:`MISSING_MARK` in front of it.
    """
    if _current == SOURCE_LANGUAGE or not message:
        return message
    found = catalog(_current).singular.get(message)
    return found if found is not None else MISSING_MARK + message


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    cat = catalog(_current)
    forms = cat.plural.get((singular, ""))
    if not forms:
        return MISSING_MARK + (singular if n == 1 else plural)
    index = cat.plural_index(n)
    return forms[min(index, len(forms) - 1)]


# --------------------------------------------------------------------------- text width
def cell_width(text: str) -> int:
    """Terminal cells taken by ``text``: East Asian wide characters (Hangul) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_cells(text: str, width: int) -> list[str]:
    """Wrap at spaces so that no line is wider than ``width`` cells (Korean words are
    never broken; a single word longer than the width stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and cell_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


# --------------------------------------------------------------------------- formatting
def format_number(value: int | float) -> str:
    """Locale-aware number (``1,000`` in both languages, through babel)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_current)


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    """Locale-aware date and time, e.g. ``2026. 11. 26. 오전 9:30:00`` in Korean."""
    from babel.dates import format_datetime as _fmt

    return _fmt(value, format=fmt, locale=_current)


class Text:
    """A translatable message with parameters, translated each time it is shown.

    ``Text(N_("missing label {key}"), key="tier")`` keeps the English msgid and the
    parameters; ``str(text)`` translates into the *current* language. Engine results
    hold ``Text`` objects so a result computed in English reads in Korean after F2.
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        return render(self.msgid, self.params)

    def english(self) -> str:
        """This text in English whatever the current language, nested texts included."""
        if not self.params:
            return self.msgid
        values = {k: (v.english() if isinstance(v, Text) else v) for k, v in self.params.items()}
        try:
            return self.msgid.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.msgid

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


def english(value: object) -> str:
    """``value`` in English whatever the current language (logs, lint, tests): a
    :class:`Text` and every Text among its parameters, at any depth; None is ""."""
    if value is None:
        return ""
    return value.english() if isinstance(value, Text) else str(value)


def render(msgid: str, params: Mapping[str, object] | None = None) -> str:
    """Translate ``msgid`` and fill ``{name}`` placeholders; parameters that are
    themselves :class:`Text` are translated too."""
    text = gettext(msgid)
    if not params:
        return text
    values = {k: (str(v) if isinstance(v, Text) else v) for k, v in params.items()}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        # A broken translation must never crash the UI: fall back to the English.
        return msgid.format(**values)
