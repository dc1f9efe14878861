"""Markdown marks in the tutor's texts, for where they cannot be rendered.

Explanations, fixes, hints and glossary entries are written with a little Markdown:
`` `code` ``, ``**strong**``, ``*emphasis*`` and ``[text](url)``. The TUI renders them;
plain text (``ktutor check``'s text output, ``NO_COLOR``, pipes) and the JSON fields
``explanation``/``fix`` show them without the marks: :func:`plain`. Standard library
only, so every layer (and the UI) can use it.
"""

from __future__ import annotations

import re

_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")
#: ``*word*``, not a lone star (``*name``, an alias) nor one inside a word (``a*b*c``)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def plain(text: str) -> str:
    """``text`` without Markdown marks: code spans keep their content as it is; links
    become ``text (url)``; ``**strong**`` and ``*emphasis*`` lose their stars. A lone
    star, backtick or bracket is left alone."""
    if "`" not in text and "*" not in text and "[" not in text:
        return text
    parts = _CODE_SPAN.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a code span: its content is literal
            out.append(part[1:-1])
            continue
        part = _LINK.sub(r"\1 (\2)", part)
        part = _STRONG.sub(r"\1", part)
        out.append(_EMPHASIS.sub(r"\1", part))
    return "".join(out)


#: The kinds of :func:`segments`.
TEXT, CODE, STRONG, EMPHASIS, LINK = "text", "code", "strong", "emphasis", "link"
_MARKS = re.compile(r"\*\*(?=\S)(?P<strong>[^*\n]+?)(?<=\S)\*\*"
                    r"|(?<![\w*])\*(?=[^\s*])(?P<em>[^*\n]+?)(?<=[^\s*])\*(?![\w*])"
                    r"|\[(?P<link>[^\]\n]+)\]\((?P<url>[^)\s]+)\)")


def segments(text: str) -> list[tuple[str, str]]:
    """``text`` as ``(kind, text)`` pieces without their Markdown marks, for a UI that
    styles them: ``code`` (a code span's content, literal), ``strong``, ``emphasis``,
    ``link`` (the link's text, then its address in brackets, as :func:`plain` writes it)
    and plain ``text``. Joined, the pieces are :func:`plain` of ``text``."""
    if "`" not in text and "*" not in text and "[" not in text:
        return [(TEXT, text)] if text else []
    out: list[tuple[str, str]] = []
    for i, part in enumerate(_CODE_SPAN.split(text)):
        if i % 2:
            out.append((CODE, part[1:-1]))
            continue
        at = 0
        for match in _MARKS.finditer(part):
            if match.start() > at:
                out.append((TEXT, part[at:match.start()]))
            if match.group("strong") is not None:
                out.append((STRONG, match.group("strong")))
            elif match.group("em") is not None:
                out.append((EMPHASIS, match.group("em")))
            else:
                out += [(LINK, match.group("link")), (TEXT, f" ({match.group('url')})")]
            at = match.end()
        if at < len(part):
            out.append((TEXT, part[at:]))
    return [(kind, piece) for kind, piece in out if piece]
