"""The lab's Policies panel: what the NetworkPolicy under the cursor does, and who can
talk to whom.

* the summary (:func:`tutor.ui.policy_view.summary_lines`): the policy's podSelector and
  policyTypes, the Pods it isolates per direction, per rule the Pods its peers admit
  (with the labels that decided) and the first ones they do not (with why), the other
  policies in effect;
* :class:`PortChoice`: the port the matrix is about (every declared container port;
  ← → on it, a click on an arrow, or F8 anywhere in the lab);
* :class:`ConnectivityMatrix`: Pods × Pods for that port (rows: from, columns: to), ``✓``
  allowed, ``✗`` denied, a ``*`` after a cell the last edit changed (marks stay until an
  edit changes the matrix again). Only the cells on screen are worked out, per class of
  equivalent Pods (:meth:`tutor.k8s.netpol.engine.Network.class_allowed`), when they are
  drawn; the whole matrix is counted in a worker thread (denied and changed cells), so a
  keystroke costs the same with 10 or 1,000 Pods. Arrows (or a click) pick a cell: its
  verdict, with the reason, shows under the matrix.

Messages up (:class:`PortChoice.Changed`, :class:`ConnectivityMatrix.Highlighted`,
:class:`ConnectivityMatrix.Counted`), attributes down (:meth:`PoliciesPanel.show`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from tutor import i18n
from tutor.i18n import _, format_number, ngettext
from tutor.ui import policy_view
from tutor.ui.base import fit, follow_language
from tutor.ui.lab_view import block
from tutor.ui.virtual_list import PanelText

if TYPE_CHECKING:
    from tutor.k8s.model import Pod
    from tutor.k8s.netpol.engine import Network
    from tutor.ui.policy_view import PolicyView

ALLOWED, DENIED, CHANGED = "✓", "✗", "*"
#: a Pod's name in the matrix's row labels, at most
NAME_WIDTH = 16


# --------------------------------------------------------------------------- the port
class PortChoice(Widget, can_focus=True):
    """``Port ◂ 8080/TCP ▸ (1 of 3)``: ← → (or a click on an arrow) choose another."""

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    class Changed(Message):
        def __init__(self, choice: "PortChoice", port: tuple[int, str]) -> None:
            super().__init__()
            self.choice = choice
            self.port = port

        @property
        def control(self) -> "PortChoice":
            return self.choice

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ports: list[tuple[int, str]] = []
        self.index = 0

    @property
    def port(self) -> tuple[int, str] | None:
        return self.ports[self.index] if self.ports else None

    def set_ports(self, ports: Sequence[tuple[int, str]], wanted: tuple[int, str] | None) -> None:
        """Offer ``ports``; keep the chosen one when it is still there, else ``wanted``."""
        current = self.port
        self.ports = list(ports)
        if current in self.ports:
            self.index = self.ports.index(current)
        elif wanted in self.ports:
            self.index = self.ports.index(wanted)
        else:
            self.index = 0
        self.refresh()

    def action_step(self, step: int) -> None:
        if len(self.ports) < 2:
            return
        self.index = (self.index + step) % len(self.ports)
        self.refresh()
        port = self.port
        assert port is not None
        self.post_message(self.Changed(self, port))

    def render(self) -> Content:
        port = self.port
        if port is None:
            return Content.assemble((_("Port: none (no Pod declares a port)"), "dim"))
        label = f"{port[0]}/{port[1]}"
        parts: list[Any] = [(_("Port") + " ", "bold"), ("◂ ", "bold" if len(self.ports) > 1 else "dim"),
                            (label, "reverse bold" if self.has_focus else "bold"),
                            (" ▸", "bold" if len(self.ports) > 1 else "dim")]
        if len(self.ports) > 1:
            parts.append(("  " + _("{n} of {total} · F8: another").format(n=self.index + 1, total=len(self.ports)),
                          "dim"))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        head = cell_len(_("Port") + " ")
        if offset.x <= head + 1:
            self.action_step(-1)
        else:
            self.action_step(1)

    def _watch_has_focus(self, value: bool) -> None:
        self.refresh()


# --------------------------------------------------------------------------- the matrix
class ConnectivityMatrix(ScrollView, can_focus=True):
    """Pods × Pods for one port (see the module documentation). Row and column labels
    stay in place while the cells scroll."""

    BINDINGS = [
        Binding("up", "move(0,-1)", show=False),
        Binding("down", "move(0,1)", show=False),
        Binding("left", "move(-1,0)", show=False),
        Binding("right", "move(1,0)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    COMPONENT_CLASSES = {"connectivity-matrix--allowed", "connectivity-matrix--denied",
                         "connectivity-matrix--changed", "connectivity-matrix--cursor",
                         "connectivity-matrix--label"}

    cursor: reactive[tuple[int, int]] = reactive((0, 0), always_update=True, repaint=True)

    class Highlighted(Message):
        """The cursor moved to a cell (row: from, column: to)."""

        def __init__(self, matrix: "ConnectivityMatrix", row: int, column: int) -> None:
            super().__init__()
            self.matrix = matrix
            self.row = row
            self.column = column

        @property
        def control(self) -> "ConnectivityMatrix":
            return self.matrix

    class Counted(Message):
        """The worker counted the whole matrix: pairs, denied ones, changed ones."""

        def __init__(self, matrix: "ConnectivityMatrix", token: int, total: int, denied: int,
                     changed: int) -> None:
            super().__init__()
            self.matrix = matrix
            self.token = token
            self.total = total
            self.denied = denied
            self.changed = changed

        @property
        def control(self) -> "ConnectivityMatrix":
            return self.matrix

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.net: Network | None = None
        self.pods: list[Pod] = []
        self.port: tuple[int, str] | None = None
        self.namespace = "default"
        self._pod_classes: list[int] = []
        #: the matrix before the last edit that changed it (for the ``*`` marks)
        self._old: tuple[Network, list[Pod]] | None = None
        self._old_classes: list[int | None] | None = None
        self._cells: dict[tuple[int, int], bool] = {}
        self._old_cells: dict[tuple[int, int], bool] = {}
        self._strips: dict[tuple[Any, ...], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._cell_styles: dict[tuple[Any, ...], Style] = {}
        self._digits = 1
        self._name_w = 4
        self._cell_w = 3
        #: which matrix the counts are for (a newer one makes older counts stale)
        self.token = 0
        self._moved = False

    # ---------------------------------------------------------------- data
    def show(self, net: Network | None, pods: list[Pod], port: tuple[int, str] | None,
             old: tuple[Network, list[Pod]] | None, namespace: str = "default") -> None:
        """Show ``net``'s matrix for ``port`` (``old``: the network and Pods to mark
        changes against, or None). Only the cells on screen are worked out now; the
        counts come from a worker."""
        self.net, self.pods, self.port, self._old, self.namespace = net, pods, port, old, namespace
        self._pod_classes = [net.pod_class(p) for p in pods] if net is not None else []
        self._old_classes = None
        self._cells.clear()
        self._old_cells.clear()
        self._strips.clear()
        n = len(pods)
        self._digits = len(str(max(n, 1)))
        self._cell_w = max(3, self._digits + 1)
        self._name_w = min(max((cell_len(policy_view.pod_name(p, namespace)) for p in pods[:300]), default=4),
                           NAME_WIDTH)
        self.virtual_size = Size(self._label_w + (n + 1) * self._cell_w, n + 1)
        row, col = self.cursor
        if n > 1 and (row, col) == (0, 0) and not self._moved:
            self.cursor = (0, 1)  # (a Pod to itself is always allowed: not the interesting cell)
        elif n and (row >= n or col >= n):
            self.cursor = (min(row, n - 1), min(col, n - 1))
        self.token += 1
        self.refresh()
        if net is not None and port is not None and pods:
            self._count(self.token, net, pods, list(self._pod_classes), old, port)

    @property
    def _label_w(self) -> int:
        return max(self._digits + 1 + self._name_w + 1, cell_len(_("from ↓ to →")) + 1)

    def allowed(self, row: int, col: int) -> bool:
        """Whether ``pods[row]`` may connect to ``pods[col]`` on the port."""
        if row == col:
            return True
        assert self.net is not None and self.port is not None
        key = (self._pod_classes[row], self._pod_classes[col])
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self.net.class_allowed(key[0], key[1], *self.port)
        return found

    def changed(self, row: int, col: int) -> bool:
        """Whether the last edit that changed the matrix changed this cell."""
        old = self._old
        if old is None or row == col or self.port is None:
            return False
        classes = self._old_classes
        if classes is None:
            classes = self._old_classes = _old_classes(old, self.pods)
        a, b = classes[row], classes[col]
        if a is None or b is None:
            return False  # a Pod that was not there before: nothing to compare
        found = self._old_cells.get((a, b))
        if found is None:
            found = self._old_cells[(a, b)] = old[0].class_allowed(a, b, *self.port)
        return found != self.allowed(row, col)

    @work(thread=True, exclusive=True, group="policy-matrix", description="policy matrix counts")
    def _count(self, token: int, net: Network, pods: list[Pod], classes: list[int],
               old: tuple[Network, list[Pod]] | None, port: tuple[int, str]) -> None:
        """In a worker thread: how many pairs are denied, and how many the last edit
        changed, over the whole matrix (per group of Pods alike before and after)."""
        worker = get_current_worker()
        olds: list[int | None] = _old_classes(old, pods) if old is not None else [None] * len(pods)
        groups = Counter(zip(classes, olds))
        denied = changed = 0
        items = list(groups.items())
        for (a, oa), na in items:
            if worker.is_cancelled:
                return
            for (b, ob), nb in items:
                pairs = na * (na - 1) if (a, oa) == (b, ob) else na * nb
                if not pairs:
                    continue
                ok = net.class_allowed(a, b, *port)
                if not ok:
                    denied += pairs
                if old is not None and oa is not None and ob is not None and \
                        old[0].class_allowed(oa, ob, *port) != ok:
                    changed += pairs
        if not worker.is_cancelled:
            self.post_message(self.Counted(self, token, len(pods) * len(pods), denied, changed))

    # ---------------------------------------------------------------- drawing
    def notify_style_update(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._cell_styles.clear()
        super().notify_style_update()

    def _visible_columns(self, width: int) -> tuple[int, int]:
        first = self.scroll_offset.x // self._cell_w
        count = max(0, (width - self._label_w) // self._cell_w)
        return first, min(len(self.pods), first + count)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0 or not self.pods or self.net is None or self.port is None:
            return Strip.blank(max(width, 0), base)
        first, last = self._visible_columns(width)
        cursor = self.cursor if self.has_focus else None
        row = -1 if y == 0 else self.scroll_offset.y + y - 1
        if row >= len(self.pods):
            return Strip.blank(width, base)
        key = (row, first, last, width, cursor if cursor is not None and cursor[0] == row else None,
               cursor[1] if cursor is not None and row == -1 else None)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._header(first, last, width, base, cursor) if row < 0 else \
                self._row(row, first, last, width, base, cursor)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        found = self._styles.get(name)
        if found is None:
            found = self._styles[name] = self.get_component_rich_style(f"connectivity-matrix--{name}")
        return found

    def _cell_style(self, base: Style, ok: bool, changed: bool, cursor: bool) -> Style:
        key = (base, ok, changed, cursor)
        found = self._cell_styles.get(key)
        if found is None:
            found = base + self._style("allowed" if ok else "denied")
            if changed:
                found += self._style("changed")
            if cursor:
                found += self._style("cursor")
            self._cell_styles[key] = found
        return found

    def _header(self, first: int, last: int, width: int, base: Style, cursor: tuple[int, int] | None) -> Strip:
        label = self._style("label")
        corner = fit(_("from ↓ to →"), self._label_w)
        segments = [Segment(corner, base + label)]
        for col in range(first, last):
            style = base + (self._style("cursor") if cursor is not None and cursor[1] == col else label)
            segments.append(Segment(str(col + 1).rjust(self._cell_w), style))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _row(self, row: int, first: int, last: int, width: int, base: Style, cursor: tuple[int, int] | None) -> Strip:
        pod = self.pods[row]
        label_style = base + (self._style("cursor") if cursor is not None and cursor[0] == row else
                              self._style("label"))
        name = fit(policy_view.pod_name(pod, self.namespace), self._name_w)
        segments = [Segment(f"{row + 1:>{self._digits}} {name} ", label_style)]
        pad = " " * (self._cell_w - 2)
        texts = {(True, False): pad + ALLOWED + " ", (False, False): pad + DENIED + " ",
                 (True, True): pad + ALLOWED + CHANGED, (False, True): pad + DENIED + CHANGED}
        cursor_col = cursor[1] if cursor is not None and cursor[0] == row else -1
        allowed, changed, cell_style = self.allowed, self.changed, self._cell_style
        for col in range(first, last):
            ok = allowed(row, col)
            moved = changed(row, col)
            segments.append(Segment(texts[(ok, moved)], cell_style(base, ok, moved, col == cursor_col)))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    # ---------------------------------------------------------------- cursor
    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        if self.pods:
            self.post_message(self.Highlighted(self, *cursor))

    def _move_to(self, row: int, col: int) -> None:
        n = len(self.pods)
        if not n:
            return
        row, col = max(0, min(n - 1, row)), max(0, min(n - 1, col))
        self._moved = True
        self.cursor = (row, col)
        width = self.scrollable_content_region.width
        height = self.scrollable_content_region.height
        x, y = self.scroll_offset
        first, last = self._visible_columns(width)
        if col < first:
            x = col * self._cell_w
        elif col >= last:
            x = (col - max(1, last - first) + 1) * self._cell_w
        rows_shown = max(1, height - 1)
        if row < y:
            y = row
        elif row >= y + rows_shown:
            y = row - rows_shown + 1
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def action_move(self, dx: int, dy: int) -> None:
        row, col = self.cursor
        self._move_to(row + dy, col + dx)

    def action_page(self, direction: int) -> None:
        row, col = self.cursor
        self._move_to(row + direction * max(1, self.scrollable_content_region.height - 2), col)

    def action_edge(self, end: int) -> None:
        n = len(self.pods)
        self._move_to(n - 1 if end else 0, n - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.pods:
            return
        if offset.y < 1 or offset.x < self._label_w:
            return
        first, _last = self._visible_columns(self.scrollable_content_region.width)
        col = first + (offset.x - self._label_w) // self._cell_w
        row = self.scroll_offset.y + offset.y - 1
        if 0 <= row < len(self.pods) and 0 <= col < len(self.pods):
            self._moved = True
            self.cursor = (row, col)

    def _watch_has_focus(self, value: bool) -> None:
        self._strips.clear()
        self.refresh()

    def cell_region(self, row: int, col: int) -> Region:
        return Region(self._label_w + col * self._cell_w, row + 1, self._cell_w, 1)


def _old_classes(old: tuple[Network, list[Pod]], pods: list[Pod]) -> list[int | None]:
    """For each Pod, its class in the old network (None: it was not there)."""
    from tutor.k8s.netpol.engine import ProbeError

    net, old_pods = old
    by_key: dict[tuple[str, str], Pod] | None = None
    out: list[int | None] = []
    for pod in pods:
        try:
            out.append(net.pod_class(pod))  # the same Pod object (from one keystroke to the next)
            continue
        except ProbeError:
            pass
        if by_key is None:
            by_key = {(p.namespace, p.name): p for p in old_pods}
        found = by_key.get((pod.namespace, pod.name))
        out.append(net.pod_class(found) if found is not None else None)
    return out


def _lines(content: Content, width: int) -> int:
    return sum(max(1, -(-cell_len(line) // max(width, 1))) for line in content.plain.split("\n"))


def _update(widget: Static, content: Content) -> None:
    """Show ``content``; lay the screen out again only when it takes another number of
    lines (a layout is most of a keystroke's cost: the counts change twice per edit)."""
    width = widget.content_region.width
    shown = getattr(widget, "_ktutor_shown", None)
    if shown is not None and shown.plain == content.plain and shown.spans == content.spans:
        return
    layout = shown is None or width <= 0 or _lines(shown, width) != _lines(content, width)
    widget._ktutor_shown = content  # type: ignore[attr-defined]
    widget.update(content, layout=layout)


def _main_namespace(pods: Sequence[Pod]) -> str:
    """The namespace most of the Pods are in (its Pods are named without it)."""
    counts = Counter(p.namespace for p in pods)
    return counts.most_common(1)[0][0] if counts else "default"


# --------------------------------------------------------------------------- the panel
class PoliciesPanel(Vertical):
    """The panel (see the module documentation). ``show(view)`` with each evaluation;
    the lab hides it when there is nothing about policies to show."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view: PolicyView | None = None
        #: the view whose matrix the ``*`` marks compare against
        self._baseline: PolicyView | None = None
        self._counts: tuple[int, int, int] | None = None
        self._last_counts: tuple[Any, str] | None = None
        self._summary_key: Any = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="policies-summary-box"):
            yield PanelText(id="policies-summary")
        yield PortChoice(id="policy-port")
        yield Static(id="policy-counts", markup=False)
        yield ConnectivityMatrix(id="policy-matrix")
        yield Static(id="policy-cell", markup=False)

    def on_mount(self) -> None:
        follow_language(self, self.redraw)

    @property
    def matrix(self) -> ConnectivityMatrix:
        return self.query_one(ConnectivityMatrix)

    @property
    def port_choice(self) -> PortChoice:
        return self.query_one(PortChoice)

    # ---------------------------------------------------------------- data down
    def show(self, view: PolicyView | None) -> None:
        """Show the panel for ``view`` (a new evaluation). The matrix's ``*`` marks
        compare with the matrix before the last edit that changed it."""
        previous = self.view
        if view is not None and previous is not None and view.network is not previous.network \
                and not view.same_matrix(previous):
            self._baseline = previous  # this edit changed the matrix: mark against the one before it
        self.view = view
        if view is None:
            return
        self.port_choice.set_ports(view.ports, view.default_port)
        self._show_matrix()
        self._show_summary()

    def next_port(self, step: int = 1) -> None:
        self.port_choice.action_step(step)

    def _show_matrix(self) -> None:
        view = self.view
        if view is None:
            return
        baseline = self._baseline
        old = (baseline.network, baseline.pods) if baseline is not None else None
        namespace = view.policy.namespace if view.policy is not None else _main_namespace(view.pods)
        self._counts = None
        self.matrix.show(view.network, view.pods, self.port_choice.port, old, namespace)
        self._show_counts()
        self._show_cell()

    def _show_summary(self) -> None:
        summary = self.query_one("#policies-summary", PanelText)
        width = summary.content_region.width
        content = block(policy_view.summary_lines(self.view), width if width > 8 else None)
        key = (content.plain, tuple(content.spans))
        if key != self._summary_key:
            self._summary_key = key
            _update(summary, content)

    def _show_counts(self) -> None:
        view = self.view
        port = self.port_choice.port
        counts = self.query_one("#policy-counts", Static)
        if view is None or port is None:
            _update(counts, Content(""))
            return
        if self._counts is None:
            last = self._last_counts
            if last is not None and last[0] == (port, i18n.get_language()):
                # the previous counts, dimmed, while the worker counts again (the line keeps
                # its length: no new layout for every keystroke)
                head = Content.assemble((last[1], "dim"))
            else:
                head = Content.assemble((_("{port}: counting…").format(port=f"{port[0]}/{port[1]}"), "dim"))
        else:
            total, denied, changed = self._counts
            n = len(view.pods)
            pairs = total - n  # a Pod to itself is always allowed: not counted
            text = ngettext("{port}: {denied} of {pairs} connection denied (✗)",
                            "{port}: {denied} of {pairs} connections denied (✗)", pairs).format(
                port=f"{port[0]}/{port[1]}", denied=format_number(denied), pairs=format_number(pairs))
            if changed:
                text += " · " + ngettext("{n} changed by your last edit (*)", "{n} changed by your last edit (*)",
                                         changed).format(n=format_number(changed))
            head = Content(text)
            self._last_counts = ((port, i18n.get_language()), text)
        _update(counts, head)

    def _show_cell(self) -> None:
        cell = self.query_one("#policy-cell", Static)
        view = self.view
        matrix = self.matrix
        port = self.port_choice.port
        if view is None or port is None or not view.pods:
            _update(cell, Content(""))
            return
        row, col = matrix.cursor
        if row >= len(view.pods) or col >= len(view.pods):
            _update(cell, Content(""))
            return
        matrix.tooltip = _("Tab to the matrix: the arrows pick a cell and show why.")
        cell.display = matrix.has_focus  # (the line takes room only while a cell is being chosen)
        if not matrix.has_focus:
            return
        src, dst = view.pods[row], view.pods[col]
        verdict = view.network.verdict(src, dst, *port)
        mark, style = (ALLOWED, "bold $text-success") if verdict.allowed else (DENIED, "bold $text-error")
        width = cell.content_region.width
        head = Content.assemble((mark + " ", style), (f"{policy_view.pod_name(src, matrix.namespace)} → "
                                                      f"{policy_view.pod_name(dst, matrix.namespace)}", "bold"),
                                ": ", str(verdict.reason))
        _update(cell, block([head], width if width > 8 else None))

    # ---------------------------------------------------------------- messages up
    def on_port_choice_changed(self, event: PortChoice.Changed) -> None:
        event.stop()
        self._show_matrix()

    def on_connectivity_matrix_counted(self, event: ConnectivityMatrix.Counted) -> None:
        event.stop()
        if event.token != self.matrix.token:
            return  # a newer matrix is on screen
        self._counts = (event.total, event.denied, event.changed)
        self._show_counts()

    def on_connectivity_matrix_highlighted(self, event: ConnectivityMatrix.Highlighted) -> None:
        event.stop()
        self._show_cell()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_cell()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_cell()

    def on_resize(self, event: events.Resize) -> None:
        self._summary_key = None
        self.call_after_refresh(self._show_summary)

    def redraw(self) -> None:
        """Everything again, in the current language (F2)."""
        self._summary_key = None
        self._show_summary()
        self._show_counts()
        self._show_cell()
        self.matrix._strips.clear()
        self.matrix.refresh()
        self.port_choice.refresh()


__all__ = ["ConnectivityMatrix", "PoliciesPanel", "PortChoice"]
