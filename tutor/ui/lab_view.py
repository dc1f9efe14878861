"""What the lab's panels show, worked out from an engine evaluation.

Built in the evaluation worker thread, or on the UI thread for a quick one, and
applied in one go. Rows that can be many (one per Pod) are formatted lazily, only when
they scroll into view, and in the language current at that moment: after F2 the caches
are dropped and the same results read in the other language. The Pod verdicts too are
made only for the rows shown. When the Pods panel would show exactly what it shows now
(same Pods, same selector, same states: typing elsewhere in the Service), the rows of
the previous view are kept, so the panel is not drawn again.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.content import Content

from tutor import i18n
from tutor.i18n import N_, Text, _, format_number
from tutor.lazy import LazySequence
from tutor.ui.base import fit, pad
from tutor.ui.inline import inline

if TYPE_CHECKING:
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import DocResult, Evaluation
    from tutor.k8s.model import Pod
    from tutor.k8s.ports import ChainLink
    from tutor.k8s.selection import PodVerdict, Selection
    from tutor.k8s.trace import Balance, Source, Trace
    from tutor.lessons.goals import Answer, ExerciseResult
    from tutor.lessons.model import Exercise

__all__ = ["Content"]  # the lab uses lab_view.Content

OK, BAD, WARN = "✓", "✗", "!"
OK_STYLE, BAD_STYLE, WARN_STYLE, DIM = "bold $text-success", "bold $text-error", "bold $text-warning", "dim"
#: Ports panel: targets listed one by one per Service port (the rest are counted).
MAX_TARGETS = 20
MAX_PROBLEMS = 100
#: Services whose port chains the Ports panel shows (the focused one first); the rest are
#: counted (a pasted dump of hundreds of Services would rebuild them all on every key)
MAX_PORT_SERVICES = 20
NAME_WIDTH_CAP = 28
#: Pod rows formatted ahead in the worker (a tall panel's worth).
WARM_ROWS = 40
#: The reason of a Pod that is not selected: on its own line, under the Pod's name.
REASON_INDENT = "  ↳ "
#: Up to this many Pods not selected, their reasons are wrapped to the panel's width (a
#: reason's end is often its point: "…only selects Pods in its own namespace"); more,
#: one line each (the rows' heights are then known without working out every reason)
WRAP_REASONS_MAX = 300
#: A Pod's labels: on the line under its name.
LABELS_INDENT = "    "


#: Where a row's line may be shortened so that a part of it stays visible when the panel
#: is narrow: ``(start, at, end)`` offsets in the line's text (see virtual_list._cut).
Keep = tuple[int, int, int]


class LazyRows(LazySequence[Content]):
    """``count`` rows made by ``make(i)`` when first shown (then cached until
    :meth:`clear`, which F2 calls). ``make`` returns the row, or the row and, per line of
    it, what must stay visible when the line is cut (:meth:`keep`)."""

    def __init__(self, count: int, make: Callable[[int], Content | tuple[Content, dict[int, Keep]]]) -> None:
        self._count = count
        self._maker = make
        self._cache: dict[int, Content] = {}
        self._keeps: dict[int, dict[int, Keep]] = {}

    def keep(self, index: int, part: int = 0) -> Keep | None:
        """``(start, at, end)``: on line ``part`` of row ``index``, the text from ``at``
        to ``end`` must stay visible when the line is cut (the part from ``start`` to
        ``at`` is shortened instead)."""
        if not 0 <= index < self._count:
            return None
        self[index]  # made (and its keeps known)
        return self._keeps.get(index, {}).get(part)

    def _make(self, index: int) -> Content:
        made = self._maker(index)
        if isinstance(made, tuple):
            content, keeps = made
            if keeps:
                self._keeps[index] = keeps
            return content
        return made

    def _build(self, index: int) -> Content:
        try:
            return self._make(index)
        except Exception as exc:  # a formatting surprise must not break the panel
            return Content(f"? {exc!r}")

    def clear(self) -> None:
        self._cache.clear()
        self._keeps.clear()


# --------------------------------------------------------------------------- wrapping
_LEAD = re.compile(r"(?:[ ]|[✓✗!→↳✎·…][ ]|\d+[ ])*")


def hang(line: Content, width: int | None) -> list[Content]:
    """Wrap ``line`` to ``width`` cells with a hanging indent: continuation lines start
    under the text after the line's leading marks (``✗ ``, ``→ ``, spaces)."""
    if not width or line.cell_length <= width:
        return [line]  # most lines: nothing to do
    plain = line.plain
    lead = _LEAD.match(plain)  # always matches (every part is optional)
    indent = cell_len(lead.group(0)) if lead is not None else 0
    if indent > width // 2:
        indent = 2
    first = line.wrap(width)[0]
    cut = len(first.plain.rstrip())
    if not cut or not plain.startswith(first.plain.rstrip()):
        return line.wrap(width)
    rest = line[cut:]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")):]
    pad = Content(" " * indent)
    return [line[:cut], *(pad + sub for sub in rest.wrap(max(4, width - indent)))]


#: Lines already wrapped: (text, spans, width) -> lines. Most lines of a panel are the
#: same from one keystroke to the next (the Pods of a port chain), and wrapping is the
#: expensive part of drawing a panel.
_WRAPPED: dict[tuple[Any, ...], list[Content]] = {}


class Block(Content):
    """Lines joined into one Content that remembers them (``lines``): a panel draws the
    lines one by one, and splitting the text again would cost as much as joining it."""

    __slots__ = ("lines",)
    lines: list[Content]

    @classmethod
    def of(cls, lines: list[Content]) -> "Block":
        joined = Content("\n").join(lines)
        block = cls(joined.plain, list(joined.spans), joined.cell_length, strip_control_codes=False)
        block.lines = lines
        return block


def block(lines: Sequence[Content], width: int | None = None) -> Content:
    """Lines joined, each wrapped with :func:`hang` when ``width`` is given."""
    out: list[Content] = []
    cache = _WRAPPED
    for line in lines:
        if not width or line.cell_length <= width:
            out.append(line)
            continue
        key: tuple[Any, ...] | None = (line.plain, tuple(line.spans), width)
        try:
            wrapped = cache.get(key) if key is not None else None
        except TypeError:  # a style that cannot be hashed: just wrap
            key, wrapped = None, None
        if wrapped is None:
            wrapped = hang(line, width)
            if key is not None:
                if len(cache) > 4096:
                    cache.clear()
                cache[key] = wrapped
        out.extend(wrapped)
    return Block.of(out)


# --------------------------------------------------------------------------- Pods panel
@dataclass
class PodsView:
    header: Callable[[], Content]
    rows: LazyRows
    selected: int = 0
    not_selected: int = 0
    service: str | None = None
    #: the rows' heights, as runs of (rows, lines each): a Pod takes a line, its labels
    #: one more (in the full view as many as they need), and one not selected a line more
    #: for why; a function when they are worked out only if the rows are drawn
    heights: list[tuple[int, int]] | Callable[[], list[tuple[int, int]]] = field(default_factory=list)
    #: what the rows depend on (to keep the previous rows when nothing changed)
    key: tuple[Any, ...] = ()
    #: objects the rows were made from, compared by identity (Pods, states)
    sources: tuple[Sequence[Pod], ...] = ()
    #: the width the labels (the full view) and the reasons were wrapped to (None: not wrapped)
    width: int | None = None
    #: every label (else the selector's and a count of the others)
    full: bool = False
    #: the panel width the view was made for (None: not laid out yet)
    asked: int | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        heights = self.heights
        if callable(heights):
            heights = self.heights = heights()
        return heights

    def keep_rows_of(self, other: "PodsView") -> None:
        """Show ``other``'s rows (the same rows: see :meth:`same_rows`)."""
        self.rows, self.heights = other.rows, other.heights

    def same_rows(self, other: "PodsView | None") -> bool:
        """True when ``other`` shows exactly these rows (then its rows can be kept)."""
        if other is None or other.key != self.key or len(other.sources) != len(self.sources):
            return False
        return all(a is b or (len(a) == len(b) and all(map(operator.is_, a, b)))
                   for a, b in zip(self.sources, other.sources))

    def warm(self, count: int = WARM_ROWS) -> None:
        """Format the first rows now (in the worker thread, so the UI thread does not)."""
        rows = self.rows
        for i in range(min(len(rows), count)):
            rows[i]
        self.spans  # (the heights too)


#: endpoint codes -> the word for a selected Pod that is not a ready endpoint
_READINESS = {
    "not_ready": N_("not ready"),
    "terminating": N_("terminating"),
    "no_ip": N_("no IP yet"),
    "terminal": N_("finished"),
    "node_not_found": N_("node missing"),
    "no_ipv4": N_("no IPv4"),
    "published_not_ready": N_("not ready (published)"),
}
#: the mark of a selector label a Pod does not match (a symbol, and the error colour)
DIFFERS = "≠"


def _readiness(verdict: PodVerdict) -> tuple[str, str]:
    """(word, style) for a selected Pod's endpoint state."""
    if verdict.ready:
        return _("ready"), OK_STYLE
    return _(_READINESS.get(verdict.endpoint_code or "", N_("not ready"))), WARN_STYLE


def _readiness_width(states: Sequence[tuple[Any, ...]], others: int) -> int:
    """The widest readiness word the rows can show (the codes of the selected Pods'
    states; "ready"/"not ready" for the others), so the column lines up."""
    words = {_("ready")} if others or any(s[1] for s in states) else set()
    if others:
        words.add(_("not ready"))
    for code in {s[3] for s in states if not s[1]}:
        words.add(_(_READINESS.get(code or "", N_("not ready"))))
    return max(map(cell_len, words), default=0)


def _pod_ready_word(pod: Pod) -> tuple[str, str]:
    return (_("ready"), DIM) if pod.ready else (_("not ready"), DIM)


def labels_text(labels: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in labels.items()) or "-"


def label_tokens(labels: Mapping[str, str], selector: Mapping[str, str], full: bool) -> list[tuple[str, str]]:
    """A Pod's labels for its row, as (text, style): the selector's keys first (in the
    selector's order), each one the Pod does not match marked ≠ in the error colour (a
    key it lacks as the label it probably means, see :func:`_meant`, or ``≠(no key)``);
    then, in the full view (or with no selector), every other label, else how many
    others there are."""
    tokens: list[tuple[str, str]] = []
    shown: set[str] = set()
    for key, wanted in selector.items():
        value = labels.get(key)
        if value == wanted:
            tokens.append((f"{key}={value}", ""))
        elif value is None:
            # the label the selector probably means (see _meant): shown, marked
            other = _meant(key, wanted, labels, selector)
            if other is not None:
                tokens.append((f"{DIFFERS}{other}={labels[other]}", BAD_STYLE))
                shown.add(other)
            else:
                tokens.append((DIFFERS + _("(no {key})").format(key=key), BAD_STYLE))
        else:
            tokens.append((f"{DIFFERS}{key}={value}", BAD_STYLE))
    rest = [(k, v) for k, v in labels.items() if k not in selector and k not in shown]
    if full or not selector:  # (no selector to compare with: every label, the compact view too)
        tokens += [(f"{key}={value}", DIM if selector else "") for key, value in rest]
    elif rest:
        tokens.append((i18n.ngettext("+{n} label", "+{n} labels", len(rest)).format(n=format_number(len(rest))), DIM))
    if not tokens:
        tokens.append((_("no labels"), DIM))
    return tokens


def _meant(key: str, wanted: str, labels: Mapping[str, str], selector: Mapping[str, str]) -> str | None:
    """The Pod's label a selector key it lacks probably means: one whose key differs only
    in case (``App``/``app``), else one with the wanted value (``app`` for
    ``app.kubernetes.io/name: MyApp``), else one whose key ends in ``/key``."""
    free = [k for k in labels if k not in selector]
    for test in (lambda k: k.lower() == key.lower(), lambda k: labels[k] == wanted,
                 lambda k: k.rsplit("/", 1)[-1] == key):
        found = next((k for k in free if test(k)), None)
        if found is not None:
            return found
    return None


def label_parts(labels: Mapping[str, str], selector: Mapping[str, str], full: bool) -> list[Any]:
    """:func:`label_tokens` as the parts of one line (``Content.assemble``)."""
    parts: list[Any] = []
    for text, style in label_tokens(labels, selector, full):
        if parts:
            parts.append(" ")
        parts.append((text, style) if style else text)
    return parts


def _pack(tokens: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """Tokens in lines of at most ``width`` cells (a longer token on a line of its own)."""
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    used = 0
    for text, style in tokens:
        size = cell_len(text)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = [], 0
        used += (1 if line else 0) + size
        line.append((text, style))
    if line:
        lines.append(line)
    return lines or [[]]


def _label_lines(labels: Mapping[str, str], selector: Mapping[str, str], width: int | None) -> int:
    """How many lines the full view's labels take at ``width`` (cheap when they fit)."""
    if not width:
        return 1
    room = width - len(LABELS_INDENT)
    if sum(len(k) + len(v) + 2 for k, v in labels.items()) + len(selector) * 16 <= room:
        return 1
    return len(_pack(label_tokens(labels, selector, True), room))


def _runs(heights: Iterable[int]) -> list[tuple[int, int]]:
    """Heights as runs of (rows, lines each)."""
    out: list[tuple[int, int]] = []
    for height in heights:
        if out and out[-1][1] == height:
            out[-1] = (out[-1][0] + 1, height)
        else:
            out.append((1, height))
    return out


def pods_view(doc: DocResult | None, cluster: Cluster, parse_error: bool = False, full: bool = False,
              width: int | None = None) -> PodsView:
    """The Pods panel for one Service document (``doc``: a DocResult or None). Every
    row shows the Pod's labels (``full``: all of them, wrapped to ``width``, and the
    Pod's IP and node; else the selector's keys and a count of the others), its
    readiness never cut off."""
    selection = doc.selection if doc is not None else None
    service = doc.service if doc is not None else None
    if service is None or selection is None:
        view = _all_pods_view(list(cluster.pods), doc, parse_error, full, width)
        view.asked = width
        return view
    asked = width
    chosen = selection.selected_verdicts()  # both made when shown
    others = selection.unselected_verdicts()
    chosen_pods = selection.selected
    name_w = min(_considered_name_width(selection), NAME_WIDTH_CAP)
    selector = dict(service.selector or {})
    sel_text = labels_text(selector) if selector else ""
    n_sel, n_other = len(chosen), len(others)
    manages = selection.manages_endpoints
    reason = selection.reason
    states = selection.selected_states  # compared by value (no copy: thousands)
    word_w = _readiness_width(states, n_other)
    if not full and n_other > WRAP_REASONS_MAX:
        width = None  # (one line of labels whatever the width; reasons on one line too)
    label_width = width if full else None  # (compact: one line of labels whatever the width)
    reason_width = width if n_other <= WRAP_REASONS_MAX else None

    def header() -> Content:
        parts: list[Any] = [(service.name, "bold")]
        if not manages:
            parts += ["  ", (WARN + " ", WARN_STYLE), str(reason) if reason is not None else _("no selector")]
            return Content.assemble(*parts)
        parts += ["  ", (_("selector"), DIM), " ", (sel_text, "bold")]
        return Content.assemble(*parts)

    # rows: [section header, selected..., section header, others...]
    sections: list[tuple[str, int, Sequence[PodVerdict]]] = []
    if manages:
        sections.append(("selected", n_sel, chosen))
    sections.append(("other", n_other, others))
    starts: list[tuple[int, str, Sequence[PodVerdict]]] = []
    total = 0
    for kind, count, items in sections:
        starts.append((total, kind, items))
        total += 1 + count

    def heights() -> list[tuple[int, int]]:
        # the Pod's line, its labels' (more in the full view at a known width), why (more
        # when it is wrapped)
        spans: list[tuple[int, int]] = []
        for kind, count, items in sections:
            spans.append((1, 1))
            if width is None:
                spans.append((count, 2 if kind == "selected" else 3))
            elif kind == "selected":
                spans += _runs(1 + (_label_lines(p.labels, selector, label_width) if label_width else 1)
                               for p in chosen_pods)
            else:
                spans += _runs(1 + (_label_lines(v.pod.labels, selector, label_width) if label_width else 1)
                               + _reason_lines(v, reason_width) for v in items)
        return spans

    def make(i: int) -> Content | tuple[Content, dict[int, Keep]]:
        for start, kind, items in reversed(starts):
            if i >= start:
                offset = i - start
                break
        if offset == 0:
            if kind == "selected":
                return Content.assemble((_("Selected: {n}").format(n=format_number(n_sel)), "bold underline"),
                                        ("" if n_sel else "  " + _("(no Pod matches the selector)"), DIM))
            if not manages:
                return Content.assemble((_("Pods: {n} (none can be selected)").format(n=format_number(n_other)),
                                         "bold underline"))
            return Content.assemble((_("Not selected: {n}").format(n=format_number(n_other)), "bold underline"),
                                    ("  " + DIFFERS + " " + _("differs"), BAD_STYLE) if n_other else "")
        v = items[offset - 1]
        pod = v.pod
        if kind == "selected":
            mark, word, style = (OK, OK_STYLE), *_readiness(v)
        else:
            mark, (word, style) = (BAD, BAD_STYLE), _pod_ready_word(pod)
        return _pod_row(pod, mark, name_w, word, style, word_w, selector, full, label_width,
                        why=None if kind == "selected" else v, reason_width=reason_width)

    key = ("service", service.namespace, tuple(selector.items()), manages, str(reason) if reason is not None else None,
           n_sel, n_other, name_w, word_w, full, width, i18n.get_language(), states)
    sources = (chosen_pods, *_unselected_sources(selection))
    return PodsView(header=header, rows=LazyRows(total, make), selected=n_sel, not_selected=n_other,
                    service=service.name, heights=heights if width is not None else heights(), key=key,
                    sources=sources, width=width, full=full, asked=asked)


def _reason_lines(why: PodVerdict, width: int | None) -> int:
    """How many lines the reason a Pod is not selected takes, wrapped to ``width``."""
    if not width:
        return 1
    text = str(why.reason) if why.reason is not None else ""
    return len(_wrap_reason(text, width))


def _wrap_reason(text: str, width: int) -> list[str]:
    """The reason's lines: the first after the ``↳`` mark, the others under its text."""
    from rich.cells import cell_len

    room = max(width - len(REASON_INDENT), 10)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and cell_len(line) + 1 + cell_len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _pod_row(pod: Pod, mark: tuple[str, str], name_w: int, word: str, style: str, word_w: int,
             selector: Mapping[str, str], full: bool, width: int | None = None, why: PodVerdict | None = None,
             reason_width: int | None = None) -> tuple[Content, dict[int, Keep]]:
    """One Pod: ``✓ name  readiness`` (full: and its IP and node), its labels on the next
    line (see :func:`label_tokens`; in the full view wrapped to ``width``), and for a Pod
    not selected why, on a line of its own (the deciding label first, so it is never cut
    off). A narrow panel shortens the name, never the readiness word."""
    name = fit(pod.name, name_w)
    head = mark[0] + " "
    at = len(head) + len(name) + 2
    first: list[Any] = [(head, mark[1]), name, "  ", (pad(word, word_w) if full else word, style)]
    keeps: dict[int, Keep] = {0: (len(head), at, at + len(word))}
    if full:
        first += ["  ", (f"{pod.ip or '-'}  {pod.node or '-'}", DIM)]
    lines = [Content.assemble(*first)]
    tokens = label_tokens(pod.labels, selector, full)
    packed = _pack(tokens, width - len(LABELS_INDENT)) if full and width else [tokens]
    for line in packed:
        parts: list[Any] = [LABELS_INDENT]
        for n, (text, token_style) in enumerate(line):
            parts += [" "] if n else []
            parts.append((text, token_style) if token_style else text)
        lines.append(Content.assemble(*parts))
    if why is not None:
        reason = why.reason
        text = str(reason) if reason is not None else ""
        wrapped = _wrap_reason(text, reason_width) if reason_width else [text]
        for n, part in enumerate(wrapped):  # (the deciding label stays on the first line: it comes first)
            lines.append(Content.assemble((REASON_INDENT if n == 0 else " " * len(REASON_INDENT), DIM),
                                          inline(part, "$text-warning")))
        text = wrapped[0]
        reason_line = len(lines) - len(wrapped)
        label = why.label  # the deciding selector key
        found = text.find(label) if label else -1
        if label and found >= 0:
            start = len(REASON_INDENT)
            keeps[reason_line] = (start, start + found, start + found + len(label))
    return Content("\n").join(lines), keeps


def _name_width(pods: Sequence[Pod]) -> int:
    names = [p.name for p in pods[:5000]]
    if "".join(names).isascii():  # Pod names are DNS names: the usual case
        return max(map(len, names), default=0)
    return max(map(cell_len, names), default=0)


def _considered_name_width(selection: Selection) -> int:
    """The widest name among the Pods the Service considered (from the Pods, not the
    verdicts)."""
    return max(map(_name_width, selection.considered_pods()), default=0)


def _unselected_sources(selection: Selection) -> tuple[Sequence[Pod], ...]:
    """What the rows of the Pods not selected are made from (the Pods considered)."""
    return selection.considered_pods()


def _all_pods_view(pods: list[Pod], doc: DocResult | None, parse_error: bool = False, full: bool = False,
                   width: int | None = None) -> PodsView:
    name_w = min(_name_width(pods), NAME_WIDTH_CAP) if pods else 4
    word_w = max(cell_len(_("ready")), cell_len(_("not ready"))) if pods else 0
    if not full:
        width = None

    def header() -> Content:
        if parse_error:
            return Content.assemble((BAD + " ", BAD_STYLE), _("the text is not valid YAML yet: see Problems"))
        if doc is not None and not doc.valid:
            return Content.assemble((BAD + " ", BAD_STYLE), _("the Service is not valid yet: see Problems"))
        return Content.assemble((_("No Service yet: the Pods of the cluster"), DIM))

    def make(i: int) -> Content | tuple[Content, dict[int, Keep]]:
        if i == 0:
            return Content.assemble((_("Pods: {n}").format(n=format_number(len(pods))), "bold underline"))
        pod = pods[i - 1]
        word, style = _pod_ready_word(pod)
        return _pod_row(pod, ("·", ""), name_w, word, style, word_w, {}, full, width)

    def heights() -> list[tuple[int, int]]:
        if width is None:
            return [(1, 1), (len(pods), 2)]
        return [(1, 1), *_runs(1 + _label_lines(p.labels, {}, width) for p in pods)]

    key = ("all", len(pods), name_w, word_w, full, width, i18n.get_language())
    return PodsView(header=header, rows=LazyRows(1 + len(pods), make),
                    heights=heights if width is not None else heights(), key=key, sources=(pods,), width=width,
                    full=full)


# --------------------------------------------------------------------------- Ports panel
@dataclass
class PortChain:
    """One Service port's chain (worked out in the worker thread): the links up to the
    target port, the first Pod links, and how many more Pods there are (and how many of
    those have a problem)."""

    title: str | Text
    links: list[ChainLink | Exception]
    pods: list[ChainLink]
    more: int = 0
    more_broken: int = 0
    #: the engine's notes on where the simulation simplifies (shown once, after the chains)
    notes: list[ChainLink] = field(default_factory=list)


def port_chains(docs: Sequence[DocResult], cluster: Cluster, focus: DocResult | None = None) -> list[PortChain]:
    """Every valid Service's port chains, the focused Service first."""
    from tutor.k8s.ports import port_chain

    out: list[PortChain] = []
    services = [d for d in docs if d.service is not None and d.valid]
    if focus is not None and focus in services:
        services.remove(focus)
        services.insert(0, focus)
    rest = len(services) - MAX_PORT_SERVICES
    for doc in services[:MAX_PORT_SERVICES]:
        service = doc.service
        assert service is not None
        if service.type == "ExternalName":  # no ports are forwarded: DNS answers with a CNAME
            out.append(PortChain(Text(N_("{service}: ExternalName, a DNS alias for {name} (a CNAME): no port is "
                                         "forwarded, the client connects to {name} itself"),
                                      service=service.name, name=service.external_name or "-"), [], []))
            continue
        for mapping in doc.ports or []:
            sp = mapping.service_port
            title = f"{service.name}:{sp.port}/{sp.protocol}" + (f" ({sp.name})" if sp.name else "")
            try:
                # Only the first Pods are listed: chain just those, plus one Pod per other
                # resolved port number (so "targetPort name → numbers" stays complete).
                mapping, more, broken = mapping.head(MAX_TARGETS)
                chain = port_chain(service, mapping, cluster, doc.selection)
            except Exception as exc:  # pragma: no cover - engine surprise
                out.append(PortChain(title, [exc], [], 0, 0))
                continue
            links: list[ChainLink | Exception] = [link for link in chain if link.kind not in ("pod", "note")]
            pods = [link for link in chain if link.kind == "pod"][:MAX_TARGETS]
            notes = [link for link in chain if link.kind == "note"]
            out.append(PortChain(title, links, pods, more, broken, notes))
    if rest > 0:
        out.append(PortChain(Text(N_("… and {n} more Services (put the cursor in one to see its ports)"),
                                  n=format_number(rest)), [], []))
    return out


def ports_content(chains: Sequence[PortChain] | None, width: int | None = None) -> Content:
    """``client → (node:nodePort) → Service port → targetPort → Pod IP:port``, each
    broken link flagged (✗ and the problem), in the current language."""
    if not chains:
        return Content(_("No valid Service yet."))
    lines: list[Content] = []
    for chain in chains:
        lines.append(Content.assemble((str(chain.title), "bold")))
        for link in [*chain.links, *chain.pods]:
            if isinstance(link, Exception):
                lines.append(Content.assemble((BAD + " ", BAD_STYLE), repr(link)))
                continue
            indent = "    → " if link.kind == "pod" else ("  " if link.kind == "client" else "  → ")
            mark, style = (OK, OK_STYLE) if link.ok else (BAD, BAD_STYLE)
            parts: list[Any] = [indent, (mark + " ", style), inline(str(link.text))]
            if link.problem is not None:
                parts += [": ", inline(str(link.problem), "$text-warning" if link.ok else "$text-error")]
            lines.append(Content.assemble(*parts))
        if chain.more:
            lines.append(Content.assemble(("    … " + i18n.ngettext("and {n} more Pod ({bad} with a problem)", "and {n} more Pods ({bad} with a problem)", chain.more).format(
                n=format_number(chain.more), bad=format_number(chain.more_broken)), DIM)))
    shown: set[str] = set()
    for chain in chains:
        for note in chain.notes:
            text = str(note.text)
            if text not in shown:
                shown.add(text)
                lines.append(Content.assemble(("ⓘ ", DIM), inline(text, DIM)))
    return block(lines, width)


# --------------------------------------------------------------------------- Problems panel
@dataclass
class Problem:
    severity: str  # "error" | "warning"
    line: int | None  # 1-based
    column: int | None
    message: str  # the Kubernetes message (English, as kubectl prints it)
    error: Any = None  # FieldError (explanation/fix in the current language)
    warning: Any = None  # engine Warning (message is a Text)
    document: str = ""

    def render(self, width: int | None = None) -> Content:
        where = _("line {line}").format(line=self.line) if self.line else _("document")
        if self.severity == "error":
            head = Content.assemble((BAD + " ", BAD_STYLE), (where, "bold"), "  ", self.message)
            parts = [head]
            from tutor.k8s.explain import explanation_text, fix_text  # off the start-up path

            try:
                explanation, fix = str(explanation_text(self.error)), str(fix_text(self.error))
            except Exception:  # pragma: no cover - engine surprise
                explanation, fix = "", ""
            if explanation:
                parts.append(Content.assemble(("  ↳ ", DIM), inline(explanation)))
            if fix:
                # not italic: most terminal fonts have no italic Hangul (it would show
                # slanted boxes or fall back unevenly); a marked line reads in both languages
                before, _sep, after = _("fix: {text}").partition("{text}")
                parts.append(Content.assemble(("  ✎ ", "bold"), (before, "bold"), inline(fix), after))
            return block(parts, width)
        text = str(self.warning.message) if self.warning is not None else self.message
        return block([Content.assemble((WARN + " ", WARN_STYLE), (where, "bold"), "  ", inline(text))], width)


def problems(evaluation: Evaluation | None) -> list[Problem]:
    out: list[Problem] = []
    if evaluation is None:
        return out
    seen = set()
    for error in evaluation.errors:
        key = (error.line, error.column, error.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem("error", error.line, error.column, error.message, error=error))
    for warning in evaluation.warnings:
        out.append(Problem("warning", warning.line, warning.column, "", warning=warning))
    out.sort(key=lambda p: (p.line or 0, p.column or 0, p.severity != "error"))
    return out[:MAX_PROBLEMS]


def marks(found: list[Problem]) -> dict[int, str]:
    """0-based editor line -> severity (errors win)."""
    out: dict[int, str] = {}
    for p in found:
        if p.line:
            index = p.line - 1
            if out.get(index) != "error":
                out[index] = p.severity
    return out


# --------------------------------------------------------------------------- Check panel
def _without_repeat(text: str, other: str) -> str:
    """``text`` (a goal's "now:") with its ending cut to "…" when ``other`` (its feedback)
    repeats that ending word for word: a failing request's reason, or why no Pod is
    selected, is then said once (in the feedback, with more words), and what only "now:"
    says stays. "" when ``other`` repeats all of it."""
    if not other or len(text) < 40:
        return text
    from difflib import SequenceMatcher

    match = SequenceMatcher(None, text, other, autojunk=False).find_longest_match(0, len(text), 0, len(other))
    if match.size < 40 or text[match.a + match.size:].strip(" .)"):
        return text  # (only a repeated ending, a reason, is cut: never the middle of a list)
    head = text[:match.a].rstrip()
    return f"{head} …" if head else ""


def goals_content(result: ExerciseResult, width: int | None = None, tier: int | None = None) -> Content:
    """Each goal with ✓/✗, and for an unmet goal: what it expects, what is there now,
    and what is still wrong (at feedback ``tier``: tutor.lessons.goals.feedback; None:
    the cause)."""
    from tutor.lessons.goals import display

    lines: list[Content] = []
    shown: set[str] = set()  # feedback already given (an invalid text fails every goal the same way)
    for goal in result.goals:
        if goal.implicit and goal.passed:
            continue
        mark, style = (OK, OK_STYLE) if goal.passed else (BAD, BAD_STYLE)
        label = display(goal.label)
        lines.append(Content.assemble((mark + " ", style), inline(label, "bold" if not goal.passed else "")))
        if goal.passed:
            continue
        said = {label}
        said_feedback = goal.feedback_at(tier) if tier is not None else goal.feedback
        feedback = display(said_feedback) if said_feedback is not None else ""
        for prefix, value, value_style in (("   " + _("expected:") + " ", goal.expected, ""),
                                           ("   " + _("now:") + " ", goal.actual, ""),
                                           ("   → ", said_feedback, "$text-warning")):
            text = display(value) if value is not None else ""
            if not text or text in said:
                continue  # a line already said (a failure is said once)
            if value is goal.actual:
                text = _without_repeat(text, feedback)  # (the feedback below says it with more words)
                if not text:
                    continue
            said.add(text)
            if value is said_feedback and len(text) >= 60:  # (a short one reads better said again)
                if text in shown:
                    lines.append(Content.assemble(("   → ", "bold"), (_("the same problem as above"), DIM)))
                    continue
                shown.add(text)
            lines.append(Content.assemble((prefix, "bold" if prefix.strip() == "→" else DIM),
                                          inline(text, value_style)))
    if not lines:
        lines.append(Content.assemble((OK + " ", OK_STYLE), _("valid")))
    return block(lines, width)


# --------------------------------------------------------------------------- Traffic panel
@dataclass
class Request:
    """A "send a request" choice: ``source`` (a :class:`tutor.k8s.trace.Source`) and a
    ``destination`` such as ``my-service:80``, ``localhost:8080`` or ``$env:NAME``."""

    source: Source
    destination: str


def traffic_content(request: Request | None, result: Trace | Text | None, width: int | None = None) -> Content:
    """The hops of the request's trace, then the outcome (✓/✗ and a word, never colour
    alone); a failure is explained in learner terms."""
    if request is None:
        return Content(_("Press Ctrl+T to send a request and follow it hop by hop."))
    source_text = str(request.source.text)
    destination = request.destination
    if destination.startswith("$env:"):  # (a lesson's preset: the variable, as a shell writes it)
        destination = "$" + destination[len("$env:"):].strip()
    lines = [Content.assemble((_("From {source} to {destination}").format(
        source=source_text, destination=destination), "bold"))]
    if result is None:
        lines.append(Content.assemble((BAD + " ", BAD_STYLE), _("the request could not be traced")))
        return block(lines, width)
    if isinstance(result, Text):
        lines.append(Content.assemble((BAD + " ", BAD_STYLE), str(result)))
        return block(lines, width)
    balance = result.balance
    for n, hop in enumerate(result.hops, start=1):
        mark, style = (OK, OK_STYLE) if hop.ok else (BAD, BAD_STYLE)
        lines.append(Content.assemble((f"{n:>2} ", DIM), (mark + " ", style), inline(str(hop.text))))
        tried = hop.detail.get("tried") if hop.kind == "dns" else None
        if isinstance(tried, list) and len(tried) > 1:  # the search list and ndots at work
            lines.append(Content.assemble(("     " + _("names asked, in order: {names}").format(
                names=", ".join(str(t) for t in tried)), DIM)))
        if hop.kind == "endpoint" and hop.ok and balance is not None and len(balance.candidates) > 1:
            lines.extend(candidate_lines(balance))
    if result.ok:
        lines.append(Content.assemble((OK + " ", OK_STYLE), (_("delivered") + ": ", "bold"),
                                      _("Pod {pod}, port {port}").format(
                                          pod=result.pod.name if result.pod is not None else "-",
                                          port=result.port)))
    else:
        failure = str(result.failure_text if result.failure_text is not None else (result.failure or "?"))
        hops = result.hops
        if hops and not hops[-1].ok and str(hops[-1].text) == failure:
            # the last hop already says why: do not repeat it
            lines.append(Content.assemble((BAD + " ", BAD_STYLE), (_("failed at step {n}").format(n=len(hops)),
                                                                   "bold")))
        else:
            lines.append(Content.assemble((BAD + " ", BAD_STYLE), (_("failed") + ": ", "bold"),
                                          inline(failure, "$text-error")))
    return block(lines, width)


#: candidate endpoints listed under a Service hop at most (the one reached always is)
MAX_CANDIDATES = 8


def candidate_lines(balance: Balance) -> list[Content]:
    """Every endpoint that could answer, the one this connection reached marked with ▸
    and words (never colour alone)."""
    out: list[Content] = []
    shown = list(enumerate(balance.candidates))
    if len(shown) > MAX_CANDIDATES:
        head = shown[:MAX_CANDIDATES]
        if balance.chosen >= MAX_CANDIDATES:
            head[-1] = shown[balance.chosen]
        rest = len(shown) - len(head)
        shown = head
    else:
        rest = 0
    for i, e in shown:
        where = f"{e.pod} {e.ip or '-'}:{e.port}" + (f" ({e.node})" if e.node else "")
        if i == balance.chosen:
            out.append(Content.assemble("     ", ("▸ " + where, "bold"), ("  ← " + _("this connection"), "bold")))
        else:
            out.append(Content.assemble("       ", (where, DIM)))
    if rest:
        out.append(Content.assemble(("       … " + i18n.ngettext("and {n} more endpoint", "and {n} more endpoints",
                                                                 rest).format(n=format_number(rest)), DIM)))
    return out


def run_trace(request: Request, cluster: Cluster) -> Trace:
    from tutor.k8s.trace import trace

    return trace(cluster, request.source, request.destination)


# --------------------------------------------------------------------------- everything
@dataclass
class LabView:
    generation: int
    text: str
    evaluation: Any = None
    crashed: str | None = None
    focus: Any = None  # the Service DocResult the Pods panel is about
    pods: PodsView | None = None
    ports: list[PortChain] | None = None
    problems: list[Problem] = field(default_factory=list)
    marks: dict[int, str] = field(default_factory=dict)
    result: Any = None  # ExerciseResult (lessons only)
    request: Request | None = None
    trace: Any = None  # the engine's Trace (or a Text saying why there is none)
    #: the Policies panel (tutor.ui.policy_view.PolicyView; None: nothing about policies)
    policies: Any = None
    timings: dict[str, float] = field(default_factory=dict)
    #: the language the rows formatted ahead are in
    language: str = ""


def policy_panel(evaluation: Evaluation, exercise: Exercise | None, cursor_line: int | None,
                 force: bool = False) -> Any:
    """The Policies panel's data (tutor.ui.policy_view), or None when the text, the
    cluster and the exercise have nothing to do with NetworkPolicies (``force``: build it
    anyway)."""
    from tutor.ui import policy_view

    if not force and not policy_view.relevant(evaluation, exercise):
        return None
    return policy_view.build(evaluation, cursor_line)


def focus_service(evaluation: Evaluation, cursor_line: int | None) -> DocResult | None:
    """The Service document the cursor is in (1-based line), else the first Service."""
    services = [d for d in evaluation.documents if d.is_service]
    if not services:
        return None
    if cursor_line is not None:
        best = None
        for d in evaluation.documents:
            if d.pos is not None and d.pos.line <= cursor_line:
                best = d
        if best is not None and best in services:
            return best
    valid = [d for d in services if d.service is not None]
    return (valid or services)[0]


def build(generation: int, text: str, base: Cluster, exercise: Exercise | None = None, cursor_line: int | None = None,
          request: Request | None = None, previous: LabView | None = None, warm: bool = True,
          answers: Mapping[str, Answer] | None = None, full_labels: bool = False,
          pods_width: int | None = None) -> LabView:
    """Evaluate ``text`` on ``base`` and work out every panel. Never raises.

    ``answers``: the learner's answers to the exercise's ``answer`` goals, by goal id.
    ``full_labels``: the Pods panel shows every label (else the selector's keys), wrapped
    to ``pods_width`` (the panel's width when the job was made).

    ``previous``: the view on screen; its Pod rows are kept when they would not change.
    ``warm``: format the first Pod rows now (in the worker thread; on the UI thread
    there is no point: the rows on screen are formatted when drawn)."""
    import time

    view = LabView(generation, text, request=request, language=i18n.get_language())
    t0 = time.perf_counter()
    try:
        from tutor.k8s.evaluate import evaluate

        evaluation = evaluate(text, base)
    except Exception as exc:  # the engine must never take the lab down
        view.crashed = f"{type(exc).__name__}: {exc}"
        return view
    t1 = time.perf_counter()
    view.evaluation = evaluation
    cluster = evaluation.cluster
    try:
        view.focus = focus_service(evaluation, cursor_line)
        view.pods = pods_view(view.focus, cluster, evaluation.parse_error is not None, full_labels, pods_width)
        old_pods = previous.pods if previous is not None else None
        if old_pods is not None and view.pods.same_rows(old_pods) and previous is not None \
                and previous.language == view.language:
            view.pods.keep_rows_of(old_pods)  # the same rows: the panel keeps them (and is not redrawn)
        elif warm:
            view.pods.warm()
        view.ports = port_chains(evaluation.documents, cluster, view.focus)
        view.policies = policy_panel(evaluation, exercise, cursor_line)
        view.problems = problems(evaluation)
        view.marks = marks(view.problems)
    except Exception as exc:  # pragma: no cover - engine surprise
        view.crashed = f"{type(exc).__name__}: {exc}"
    t2 = time.perf_counter()
    if exercise is not None:
        from tutor.lessons.goals import check

        view.result = check(exercise, text, evaluation, answers=answers)
    t3 = time.perf_counter()
    if request is not None:
        try:
            view.trace = run_trace(request, cluster)
        except Exception as exc:  # pragma: no cover - the engine promises never to raise
            view.trace = Text(N_("the request could not be traced: {error}"), error=repr(exc))
    view.timings = {"evaluate": t1 - t0, "panels": t2 - t1, "check": t3 - t2,
                    "trace": time.perf_counter() - t3}
    return view
