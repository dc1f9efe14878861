"""The little Markdown of the tutor's texts drawn as Textual Content: a code span in the
code style, ``**strong**`` in bold, ``*emphasis*`` (not italic: most terminal fonts
have no italic Hangul) and a link's text underlined. Goal labels and feedback, the
explanations and fixes of problems, glossary entries: the marks are never shown
(``tutor.markup`` splits the text; this only styles it)."""

from __future__ import annotations

from textual.content import Content

from tutor.markup import CODE, EMPHASIS, LINK, STRONG, segments

#: A code span (a field, a value, a command): a colour and bold, readable in both the
#: dark and the light theme.
CODE_STYLE = "bold $text-accent"
_STYLES = {CODE: CODE_STYLE, STRONG: "bold", EMPHASIS: "bold", LINK: "underline"}


def inline(text: str, style: str = "") -> Content:
    """``text`` as Content, its Markdown marks turned into styles, all of it in
    ``style`` (a code span keeps its own colour)."""
    pieces = segments(text)
    if not pieces:
        return Content("")
    if len(pieces) == 1 and pieces[0][0] not in _STYLES:
        return Content.styled(pieces[0][1], style) if style else Content(pieces[0][1])
    parts: list[tuple[str, str] | str] = []
    for kind, piece in pieces:
        own = _STYLES.get(kind, "")
        combined = f"{style} {own}".strip()
        parts.append((piece, combined) if combined else piece)
    return Content.assemble(*parts)
