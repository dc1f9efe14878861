"""Markdown in lesson, goal, glossary and engine texts is drawn in the TUI (code in the
code style, **strong** in bold), never shown with its marks (issue 9)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutor.markup import CODE, STRONG, TEXT, plain, segments
from tutor.ui.inline import CODE_STYLE, inline

MARKS = st.text(alphabet="ab `*[]()x \n", max_size=40)


@given(MARKS)
def test_segments_join_to_the_plain_text(text):
    assert "".join(piece for _kind, piece in segments(text)) == plain(text)


def test_segments_name_each_piece():
    assert segments("use `app: web`, **not** this") == [(TEXT, "use "), (CODE, "app: web"), (TEXT, ", "),
                                                        (STRONG, "not"), (TEXT, " this")]


def test_inline_draws_code_in_the_code_style_without_backticks():
    content = inline("the `selector` of **the** Service", "bold")
    assert content.plain == "the selector of the Service"
    code = [span for span in content.spans if content.plain[span.start:span.end] == "selector"]
    assert code and any(CODE_STYLE in str(span.style) for span in code)
