"""No control character from input reaches the terminal, and no markup from input is
interpreted.

Names, file names and messages that came from input are shown with their control
characters escaped the way kubectl's printers show them (``tutor.terminal.escape_controls``:
ESC as ``^[``) and their Rich markup literal (:func:`literal`). What is left, the text
of the editor itself above all (a manifest holding a raw ESC), passes the app's line
filter :class:`ControlCharacters` on its way to the terminal, which removes every C0/C1
control character and lone surrogate from the text of what is drawn: an ``ESC ]0;...``
can then never set the terminal's title nor an ``ESC [2J`` clear the screen.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.markup import escape

from tutor.terminal import escape_controls

#: what the terminal would act on: C0 controls, DEL, C1 controls; lone surrogates (bytes
#: a file name or a paste could not decode) would not even encode
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def literal(text: str) -> str:
    """``text`` from input, for a place that reads markup (a border title, a Static):
    control characters escaped (``^[``) and markup shown as it is written."""
    return escape(escape_controls(text))


class ControlCharacters(LineFilter):
    """Removes control characters from the text of every line drawn (the segments
    Textual itself marks as terminal controls are left alone). They have no width, so
    nothing moves."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        search = _CONTROLS.search
        if not any(search(segment.text) for segment in segments if not segment.control):
            return segments
        return [segment if segment.control or not search(segment.text)
                else Segment(_CONTROLS.sub("", segment.text), segment.style, segment.control)
                for segment in segments]
