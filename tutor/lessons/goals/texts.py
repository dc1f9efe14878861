"""Texts the checker builds: several texts joined, punctuation around texts, and how a
result field is shown (:func:`display`) or written in English (:func:`english`).

Everything learner-visible on a goal result is a :class:`~tutor.i18n.Text`, rendered in
the current language each time it is shown, so F2 re-renders it; the one exception is a
goal's own ``message:``, which is lesson text (a plain string, translated like every
lesson text by :func:`display`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tutor.i18n import N_, Text, english

__all__ = ["NONE", "Fmt", "LessonString", "TextList", "as_text", "display", "english", "names_text", "ns_suffix"]


class TextList(Text):
    """Several texts (or plain strings) shown joined by ``sep``; translated when shown."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[Text | str], sep: str = ", ") -> None:
        super().__init__("")
        self.items: list[Text | str] = list(items)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(i) for i in self.items)

    def english(self) -> str:
        return self.sep.join(english(i) for i in self.items)

    def __repr__(self) -> str:
        return f"TextList({self.items!r}, sep={self.sep!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextList) and (self.items, self.sep) == (other.items, other.sep)

    def __hash__(self) -> int:
        return hash(self.sep)

    def __bool__(self) -> bool:
        return bool(self.items)


class Fmt(Text):
    """Punctuation around translated parts (``{pods} — {reason}``): the template itself
    is not a message (nothing to translate), its parameters are rendered when shown
    (and :meth:`english` renders them in English)."""

    __slots__ = ()

    def __str__(self) -> str:
        values = {k: str(v) for k, v in self.params.items()}
        try:
            return self.msgid.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.msgid

    def __repr__(self) -> str:
        return f"Fmt({self.msgid!r}, **{self.params!r})"


class LessonString(Text):
    """A short lesson text (a choice of an ``answer`` goal written as a sentence) as a
    parameter of a Text: translated like lesson text when shown."""

    __slots__ = ()

    def __init__(self, value: str) -> None:
        super().__init__(value)

    def __str__(self) -> str:
        from tutor.lessons.text import translate_markdown

        return translate_markdown(self.msgid)

    def english(self) -> str:
        return self.msgid

    def __repr__(self) -> str:
        return f"LessonString({self.msgid!r})"


def display(value: Text | str | None) -> str:
    """A result field in the current language: a Text is rendered, a plain string is a
    goal's own ``message:`` (lesson text) and is translated like lesson text."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return str(value)
    from tutor.lessons.text import translate_markdown

    return translate_markdown(value)


NONE = Text(N_("none"))


def ns_suffix(namespace: str) -> str:
    """`` (shop)`` after a name outside the default namespace; "" in it."""
    return f" ({namespace})" if namespace and namespace != "default" else ""


def names_text(names: Sequence[str]) -> Text | str:
    """Pod names joined by commas, or "none"."""
    return ", ".join(names) if names else NONE


def as_text(value: Text | str | None) -> Text | None:
    """A plain string (a port mapping, a destination) as a Text shown as it is."""
    if value is None or isinstance(value, Text):
        return value
    return Fmt("{value}", value=value)
