"""Lesson text is translated paragraph by paragraph, the way Sphinx does it.

The same splitting is used by the babel extractor and at display time, so every
paragraph of English is one msgid: editing one English paragraph makes just that
paragraph untranslated (or fuzzy after ``pybabel update``) instead of silently stale.
Fenced code blocks are kept whole and are not translated (YAML stays English).
"""

from __future__ import annotations

import re

from tutor import i18n

_FENCE = re.compile(r"^\s*(```|~~~)")


def split_paragraphs(text: str) -> list[tuple[int, str, bool]]:
    """Split Markdown into blocks: ``(first_line_offset, block, translatable)``.

    Blocks are separated by blank lines; a fenced code block is one block however many
    blank lines it holds, and is not translatable. Offsets are 0-based line numbers
    within ``text``.
    """
    blocks: list[tuple[int, str, bool]] = []
    lines = text.splitlines()
    current: list[str] = []
    start = 0
    in_fence = False
    fence_mark = ""

    def flush(translatable: bool = True) -> None:
        nonlocal current
        if current and any(line.strip() for line in current):
            blocks.append((start, "\n".join(current).strip("\n"), translatable))
        current = []

    for n, line in enumerate(lines):
        fence = _FENCE.match(line)
        if in_fence:
            current.append(line)
            if fence and fence.group(1) == fence_mark:
                in_fence = False
                flush(translatable=False)
            continue
        if fence:
            flush()
            start, in_fence, fence_mark = n, True, fence.group(1)
            current = [line]
            continue
        if not line.strip():
            flush()
            continue
        if not current:
            start = n
        current.append(line)
    flush(translatable=not in_fence)
    return blocks


def translate_paragraph(block: str) -> str:
    """Translate one block; keep a Markdown heading or list marker in front of the
    missing-translation mark so the block still renders as what it is."""
    if i18n.get_language() == i18n.SOURCE_LANGUAGE or i18n.has_translation(block):
        return i18n.gettext(block)
    match = re.match(r"^(#{1,6}\s+|[-*]\s+|\d+\.\s+|>\s+)", block)
    prefix = match.group(1) if match else ""
    return prefix + i18n.MISSING_MARK + block[len(prefix):]


def translate_markdown(text: str) -> str:
    """Translate a Markdown text paragraph by paragraph into the current language."""
    if not text:
        return text
    return "\n\n".join(
        translate_paragraph(block) if translatable else block
        for _, block, translatable in split_paragraphs(text)
    )


def translate_line(text: str) -> str:
    """Translate a one-line text (title, summary, hint)."""
    return i18n.gettext(text.strip()) if text else text
