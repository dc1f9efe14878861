"""Go's ``text/tabwriter``, as kubectl uses it (flags 0, pad character space).

Cells are terminated by TAB; the text after a line's last TAB belongs to no column and
is printed as it is. A column's width is computed over a *block*: a run of consecutive
lines that have a cell in that column (a line with fewer cells ends the block). Width =
``max(minwidth, longest cell + padding)``; every cell of the column, empty ones too, is
padded to it. This is ``Writer.format`` of the Go source, recursion included.

``kubectl get`` uses minwidth 6, padding 3 (``cli-runtime/pkg/printers/tabwriter.go``);
``kubectl describe`` minwidth 0, padding 2 (``pkg/describe/describe.go: tabbedString``).
"""

from __future__ import annotations


def _width(text: str) -> int:
    return len(text)  # Go counts runes (utf8.RuneCount), like Python's len


def format_table(text: str, minwidth: int, padding: int) -> str:
    """Align ``text`` (lines of TAB-terminated cells) like a flushed Go tabwriter."""
    if not text:
        return ""
    raw_lines = text.split("\n")
    trailing_newline = raw_lines[-1] == ""
    if trailing_newline:
        raw_lines.pop()
    lines = [line.split("\t") for line in raw_lines]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts: list[str] = []
            for j, cell in enumerate(cells):
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(cell + " " * (widths[j] - _width(cell)))
                elif j < len(widths) and j == len(cells) - 1 and cell == "":
                    # an empty trailing cell is no cell at all
                    pass
                else:
                    parts.append(cell)
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> int:
        column = len(widths)
        this = line0
        while this < line1:
            cells = lines[this]
            if column >= len(cells) - 1:
                this += 1
                continue
            # a cell exists in this column: print the lines before the block
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1:
                cells = lines[this]
                if column >= len(cells) - 1:
                    break
                w = _width(cells[column]) + padding
                if w > width:
                    width = w
                this += 1
            widths.append(width)
            line0 = fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)
        return line1

    fmt(0, len(lines))
    result = "\n".join(out)
    return result + "\n" if trailing_newline else result


def get_table(text: str) -> str:
    """``kubectl get``'s tabwriter (minwidth 6, padding 3)."""
    return format_table(text, 6, 3)


def describe_table(text: str) -> str:
    """``kubectl describe``'s tabwriter (minwidth 0, padding 2)."""
    return format_table(text, 0, 2)
