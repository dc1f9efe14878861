"""The hanging wrap's whole-text pass (tutor.ui.editor.HangingWrap.wrap), which runs on
every edit while long lines are wrapped (texts up to WRAP_MAX_LINES lines): it works
only on the lines that need it. Measured in benchmarks/bench_wrap.py; here the mechanism."""

from __future__ import annotations

import pytest
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument

from tutor.ui import editor as E

LONG = "# " + " ".join(f"word{i}" for i in range(60))
SERVICE = ["apiVersion: v1", "kind: Service", "metadata:", "  name: web", "spec:", "  ports:",
           "    - port: 80", "      targetPort: 9376", ""]


def _text(lines: int) -> str:
    body = (SERVICE * (lines // len(SERVICE) + 1))[:lines - 1]
    return "\n".join([LONG, *body])


def test_lines_that_fit_are_not_measured_for_breaks_nor_split_at_tabs(monkeypatch):
    """Wrapping 3,000 lines of which one is too long asks Textual's line breaker and tab
    splitter about that line only (they were asked about every line, on every edit)."""
    calls = {"wrap": 0, "tabs": 0}
    breaker, tabs = E.compute_wrap_offsets, E.get_tab_widths

    def counting_breaker(*args, **kwargs):
        calls["wrap"] += 1
        return breaker(*args, **kwargs)

    def counting_tabs(*args, **kwargs):
        calls["tabs"] += 1
        return tabs(*args, **kwargs)

    monkeypatch.setattr(E, "compute_wrap_offsets", counting_breaker)
    monkeypatch.setattr(E, "get_tab_widths", counting_tabs)
    document = Document(_text(E.WRAP_MAX_LINES))
    wrapped = E.HangingWrap(document, 40, tab_width=2)
    calls.update(wrap=0, tabs=0)
    wrapped.wrap(40, 2)
    assert wrapped.height > document.line_count  # the long line is wrapped
    assert calls["tabs"] == 0
    assert 1 <= calls["wrap"] <= 20  # the long line's rows, not the 2,999 lines that fit


LINES = ["", "a", "  name: web", "\tindented: tab", "a\tb\tc", "키: 파드 서비스 레이블 셀렉터 엔드포인트",
         "x" * 39, "x" * 40, "x" * 41, "  - " + "y " * 30, "trailing   ", " " * 45, LONG, "\t" * 30]


@pytest.mark.parametrize("width", [8, 12, 40, 80])
def test_the_shortcuts_give_what_textual_gives(width):
    """Lines that fit have no breaks (as Textual's breaker says) and the tab widths are
    Textual's, for lines with and without tabs, wide characters and empty lines."""
    document = Document("\n".join(LINES))
    ours = E.HangingWrap(document, width, tab_width=2)
    textual = WrappedDocument(document, width, tab_width=2)
    assert ours._tab_width_cache == textual._tab_width_cache
    for line, breaks in zip(LINES, ours._wrap_offsets):
        if "\t" in line or len(line) <= width and line.isascii():
            assert breaks == E.compute_wrap_offsets(line, width, 2), line
