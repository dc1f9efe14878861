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
