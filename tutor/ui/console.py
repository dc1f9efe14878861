"""The lab's kubectl console (F6): a command line over a scrolling output panel.

:class:`ConsoleSession` holds the console of one lab (a
:class:`tutor.kubectl.console.Console` on the exercise's cluster, built the first time it
is needed, off the UI thread); :class:`ConsolePanel` is the widget. Commands and Tab
completion run in thread workers (the first one imports the console and builds its view
of the cluster); the panel posts what the lab must act on:

* :class:`ConsolePanel.ClusterChanged`: ``kubectl label``/``annotate`` changed the
  exercise's cluster (the commands to save, and the cluster to evaluate the editor on);
* :class:`ConsolePanel.Exposed`: ``kubectl expose`` made a Service for the editor;
* :class:`ConsolePanel.Answered`: ``answer ...`` answered one of the exercise's questions;
* :class:`ConsolePanel.Closed`: Esc (or F6) closed the panel.

kubectl's own output stays English, as the real one; the console's help, the one-line
explanations and the panel's own notes follow the language, and the whole transcript is
drawn again when F2 switches it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.text import Text as RichText
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, RichLog, Static

from tutor.i18n import N_, Text, _
from tutor.ui.base import follow_language
from tutor.ui.widgets import OrderedInput

if TYPE_CHECKING:
    from tutor.k8s.cluster import Cluster
    from tutor.kubectl.console import Console, Result
    from tutor.lessons.goals import AnswerGoal

#: lines of one command's output kept in the panel (the rest is counted)
MAX_OUTPUT_LINES = 1_000
#: commands kept in the transcript (older ones scroll away)
MAX_ENTRIES = 200
HISTORY_LIMIT = 500
CSS_FILE = "console.tcss"

STDERR_STYLE = "red"
COMMAND_STYLE = "bold"
NOTE_STYLE = "cyan"
EXPLANATION_MARK = "ⓘ "


def load_css(app: Any) -> None:
    """Read the console's CSS the first time a console opens (the lab's own CSS is read
    the same way, see ``KTutorApp._ensure_css``)."""
    path = Path(__file__).with_name(CSS_FILE)
    if not app.stylesheet.has_source(str(path), ""):
        app.stylesheet.read(path)
        app.stylesheet.reparse()


# --------------------------------------------------------------------------- the console of one lab
@dataclass
class Outcome:
    """What one command did: its result, and (when it changed the cluster) the commands
    to save and the cluster with them applied."""

    line: str
    result: Result | None = None
    #: the commands that changed the cluster, after this one (None: nothing changed)
    commands: list[str] | None = None
    state: dict[str, Any] | None = None
    cluster: Cluster | None = None
    #: a line the lab answers itself (``answer``): not run by kubectl
    local: bool = False


class ConsoleSession:
    """The console of one lab, shared by the panel and the lab. The
    :class:`~tutor.kubectl.console.Console` is made the first time it is needed (in a
    worker: importing it and building its view of the cluster takes a moment); every use
    holds a lock, so commands run one after another, in the order typed."""

    def __init__(self, base: Cluster, pods_text: str | Sequence[Any] | None = None,
                 state: dict[str, Any] | None = None) -> None:
        self.base = base
        self.pods_text = pods_text
        self._state = dict(state or {})
        self._console: Console | None = None
        self._text: str | None = None
        self._lock = threading.Lock()
        #: the lines typed, for ↑/↓ (consecutive duplicates dropped)
        self.history: list[str] = []

    @property
    def commands(self) -> list[str]:
        """The saved commands that changed the cluster (as last known; no lock needed)."""
        return list(self._state.get("commands") or [])

    def _console_for(self, text: str) -> Console:
        """The console with ``text`` in the editor (call with the lock held)."""
        console = self._console
        if console is None:
            from tutor.lessons.commands import make_console

            console = self._console = make_console(self.base, text, pods_text=self.pods_text)
            if self._state:
                console.restore(self._state)
            self._text = text
        elif text != self._text:
            console.set_editor(text)
            self._text = text
        return console

    def warm(self, text: str) -> None:
        """Build the console and its view of the cluster now (in a worker), so the first
        command answers at once."""
        with self._lock:
            console = self._console_for(text)
            console.world  # noqa: B018 - builds the view

    def cluster(self) -> Cluster:
        """The exercise's cluster with the saved commands applied (for the lab's
        evaluation; a copy, cached)."""
        from tutor.lessons.commands import cluster_with

        return cluster_with(self.base, self.commands, self.pods_text)

    def remember(self, line: str) -> None:
        line = line.strip()
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)
            del self.history[:-HISTORY_LIMIT]

    def run(self, line: str, text: str) -> Outcome:
        """Run one line with ``text`` in the editor. Never raises."""
        from tutor.lessons.commands import cluster_with

        with self._lock:
            console = self._console_for(text)
            result = console.run(line)
            outcome = Outcome(line, result)
            if result.changed:
                state = console.state()
                self._state = state
                outcome.commands = list(state.get("commands") or [])
                outcome.state = state
        if outcome.commands is not None:
            outcome.cluster = cluster_with(self.base, outcome.commands, self.pods_text)
        return outcome

    def editor_changed(self, text: str) -> None:
        """The lab put ``text`` in the editor itself (an exposed Service): the console
        sees it at once (cheap: the view is rebuilt on the next command)."""
        with self._lock:
            if self._console is not None and text != self._text:
                self._console.set_editor(text)
                self._text = text

    def complete(self, line: str, cursor: int, text: str) -> list[str]:
        with self._lock:
            try:
                return self._console_for(text).complete(line, cursor)
            except Exception:  # noqa: BLE001 - completion must never fail
                return []

    def reset(self) -> None:
        """F5: forget every change made by commands."""
        with self._lock:
            self._state = {}
            if self._console is not None:
                self._console.reset()

    def adopt(self, state: dict[str, Any]) -> None:
        """Take ``state`` as the console's (the solution's commands ran elsewhere): the
        console is made again from it when next needed."""
        with self._lock:
            self._state = dict(state)
            self._console = None
            self._text = None

    def state(self) -> dict[str, Any]:
        return dict(self._state)


# --------------------------------------------------------------------------- the transcript
@dataclass
class Entry:
    """One line typed and what it printed. ``help``/``note``/``explanation`` are drawn in
    the language current when drawn (F2 draws the transcript again); ``chunks`` are
    kubectl's own output."""

    line: str | None = None
    chunks: list[tuple[str, str]] = field(default_factory=list)
    explanation: Text | None = None
    note: Note | None = None
    help: bool = False
    #: lines left out of a long output
    more: int = 0


def _limited(chunks: list[tuple[str, str]], limit: int = MAX_OUTPUT_LINES) -> tuple[list[tuple[str, str]], int]:
    """At most ``limit`` lines of output (stderr chunks are always kept), and how many
    stdout lines were left out."""
    out: list[tuple[str, str]] = []
    used = 0
    left = 0
    for stream, text in chunks:
        if stream != "stdout":
            out.append((stream, text))
            continue
        lines = text.splitlines(keepends=True)
        room = max(0, limit - used)
        if len(lines) > room:
            left += len(lines) - room
            lines = lines[:room]
        used += len(lines)
        if lines:
            out.append((stream, "".join(lines)))
    return out, left


def entry_for(outcome: Outcome) -> Entry:
    result = outcome.result
    entry = Entry(outcome.line)
    if result is None:
        return entry
    words = outcome.line.split()
    entry.help = bool(words) and words[0] == "help"
    entry.chunks, entry.more = ([], 0) if entry.help else _limited(result.chunks)
    entry.explanation = result.explanation
    return entry


def lab_help() -> str:
    """What the lab's console adds to the console's own help."""
    return "\n".join((
        _("Keys: Tab completes (and lists the choices when several fit), ↑/↓ recall earlier commands, PageUp/PageDown "
          "scroll the output, Esc closes the console."),
        _("answer [ID] VALUE answers the exercise's question with what you found (answer alone lists the "
          "questions)."),
        _("label and annotate change this exercise's cluster (F5 undoes them); expose puts the Service it "
          "creates into the editor (Ctrl+Z undoes it)."),
    )) + "\n"


def render(entry: Entry) -> list[RichText]:
    """The lines of one entry, in the current language. kubectl's output is never
    wrapped (its tables keep their columns: the panel scrolls sideways, and says so,
    see :func:`wide_hint`); the line typed, the errors and the console's own notes are
    (``no_wrap`` is False on them)."""
    lines: list[RichText] = []

    def out(line: str, style: str = "", wrap: bool = False) -> None:
        lines.append(RichText(line.expandtabs(8), style=style, no_wrap=not wrap))

    def note(text: str) -> None:
        lines.extend(RichText(line, style=NOTE_STYLE, no_wrap=False) for line in text.splitlines())

    if entry.line is not None:
        out("$ " + entry.line, COMMAND_STYLE, wrap=True)
    if entry.help:
        from tutor.kubectl.console import help_text

        note(help_text() + lab_help())
    for stream, text in entry.chunks:
        for line in text.splitlines():
            out(line, STDERR_STYLE if stream == "stderr" else "", wrap=stream == "stderr")
    if entry.more:
        note("… " + _("{n} more lines not shown (narrow the command: a name, -l, -n)").format(n=entry.more))
    if entry.explanation is not None:
        note(EXPLANATION_MARK + str(entry.explanation))
    if entry.note is not None:
        note(str(entry.note) if isinstance(entry.note, Text) else entry.note())
    return lines


def wide_hint() -> RichText:
    """The line under an output wider than the panel: how to see the rest."""
    return RichText("→ " + _("Wider than the console: Shift+Tab, then ← → scrolls sideways."), style=NOTE_STYLE,
                    no_wrap=False)


# --------------------------------------------------------------------------- answers
Note = Text | Callable[[], str]


def parse_answer(words: list[str], goals: Sequence[AnswerGoal]) -> tuple[str, Any] | Note:
    """``answer [ID] VALUE...`` → (goal id, answer), or what to say instead (the
    questions, when nothing is answered)."""
    if not goals:
        return Text(N_("This exercise asks no question: there is nothing to answer."))
    ids = {g.id: g for g in goals}
    if not words:
        return lambda: questions_text(goals)
    if words[0] in ids and (len(words) > 1 or len(goals) > 1):
        goal, values = ids[words[0]], words[1:]
    elif len(goals) == 1:
        goal, values = goals[0], words
    else:
        return lambda: _("Say which question you answer: answer ID VALUE.") + "\n" + questions_text(goals)
    if not values:
        return Text(N_("Give a value after the question's id: answer {id} VALUE."), id=goal.id)
    if goal.multiple:
        return goal.id, [v for value in values for v in value.replace(",", " ").split() if v]
    return goal.id, " ".join(values)


def answer_recorded(goal: AnswerGoal, answer: str | list[str]) -> str:
    """The reply to an answer, in the current language: the question as the learner
    reads it in the answer panel (its id is only for typing), and the answer."""
    from tutor.lessons.goals import display

    values = answer if isinstance(answer, list) else [answer]
    shown = ", ".join(str(goal.shown(value)) for value in values)
    return _("Your answer to “{question}”: {answer}. The Check panel says whether it is right.").format(
        question=display(goal.question).strip(), answer=shown)


def questions_text(goals: Sequence[AnswerGoal]) -> str:
    """The exercise's questions with their ids, in the current language."""
    from tutor.lessons.goals import display

    lines = [_("The exercise's questions (answer ID VALUE):")]
    lines += [f"  {goal.id}: {display(goal.question).strip()}" for goal in goals]
    return "\n".join(lines)


# --------------------------------------------------------------------------- widgets
class ConsoleInput(OrderedInput):
    """The command line (its keys are the panel's bindings: ↑/↓, Tab, Esc, PageUp/PageDown).

    Enter is handled here, in the order the keys came: the line typed so far is posted
    and the field emptied at once, so keys that follow in the same burst (pasted or
    scripted input) start the next line; its other bindings run in key order too
    (:class:`tutor.ui.widgets.OrderedInput`)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            line = self.value
            self.value = ""
            self.post_message(self.Submitted(self, line))
            return
        await super()._on_key(event)


class ConsolePanel(Vertical):
    """The console: output above, a command line below. ``session``: the lab's
    :class:`ConsoleSession`; ``editor_text``: what the editor holds now;
    ``answer_goals``: the exercise's questions (for ``answer``)."""

    BINDINGS = [
        Binding("escape", "close", N_("close the console"), show=False),
        Binding("up", "history(-1)", show=False),
        Binding("down", "history(1)", show=False),
        Binding("tab", "complete", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]

    class Ran(Message, bubble=False):
        """A worker ran a line (posted to the panel itself)."""

        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    class Completed(Message, bubble=False):
        def __init__(self, value: str, cursor: int, candidates: list[str]) -> None:
            super().__init__()
            self.value, self.cursor, self.candidates = value, cursor, candidates

    class ClusterChanged(Message):
        """A command changed the exercise's cluster: save ``state`` and evaluate the
        editor on ``cluster``."""

        def __init__(self, state: dict[str, Any], cluster: Cluster | None, save: bool = True) -> None:
            super().__init__()
            #: ``save``: new changes to keep (False: saved ones replayed)
            self.state, self.cluster, self.save = state, cluster, save

    class Exposed(Message):
        """``kubectl expose`` made ``manifest`` (a Service) for the editor."""

        def __init__(self, manifest: str) -> None:
            super().__init__()
            self.manifest = manifest

    class Answered(Message):
        def __init__(self, goal_id: str, answer: Any) -> None:
            super().__init__()
            self.goal_id, self.answer = goal_id, answer

    class Closed(Message):
        """The console was closed (Esc)."""

    def __init__(self, session: ConsoleSession, editor_text: Callable[[], str],
                 answer_goals: Sequence[AnswerGoal] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.editor_text = editor_text
        self.answer_goals = list(answer_goals)
        self.entries: list[Entry] = []
        self._browsing: int | None = None
        self._draft = ""
        self._pending = 0
        #: the value a completion put in the field (its Changed event keeps the choices shown)
        self._completed: str | None = None

    def compose(self) -> ComposeResult:
        yield RichLog(id="console-output", wrap=False, markup=False, highlight=False, max_lines=20_000, min_width=20)
        yield Static(id="console-candidates", markup=False)
        with Horizontal(id="console-line"):
            yield Static("$", id="console-prompt", markup=False)
            yield ConsoleInput(id="console-input", compact=True)

    @property
    def input(self) -> ConsoleInput:
        return self.query_one("#console-input", ConsoleInput)

    @property
    def output(self) -> RichLog:
        return self.query_one("#console-output", RichLog)

    @property
    def busy(self) -> bool:
        """A command is still running."""
        return self._pending > 0

    def on_mount(self) -> None:
        self.entries.insert(0, Entry(note=Text(N_("kubectl console on the lab's cluster, with the editor's objects "
                                                  "as if applied. Type help for the commands."))))
        self.query_one("#console-candidates").display = False
        follow_language(self, self.retranslate)
        self.retranslate()
        self._warm(self.editor_text())

    def retranslate(self) -> None:
        self.border_title = _("Console (kubectl)")
        self.input.placeholder = _("kubectl get pods  (Tab completes · ↑/↓ history · Esc closes)")
        self.redraw()

    def redraw(self) -> None:
        """Draw the whole transcript again (in the current language, at the current width)."""
        log = self.output
        log.clear()
        for entry in self.entries:
            self._write(log, entry)

    def _add(self, entry: Entry) -> None:
        self.entries.append(entry)
        if len(self.entries) > MAX_ENTRIES:
            del self.entries[:-MAX_ENTRIES]
        logs = self.query("#console-output").results(RichLog)
        for log in logs:  # (none yet while the panel is being mounted: on_mount draws the entries)
            self._write(log, entry)

    @staticmethod
    def _write(log: RichLog, entry: Entry) -> None:
        width = log.scrollable_content_region.width
        lines = render(entry)
        if width > 10 and any(line.no_wrap and line.cell_len > width for line in lines):
            lines.append(wide_hint())
        for line in lines:
            if line.no_wrap:
                log.write(line, shrink=False, scroll_end=True)  # as wide as it is: the panel scrolls
            else:  # wrapped to the panel's width (drawn again when that changes: on_resize)
                log.write(Padding(line, 0), width=width if width > 10 else None, scroll_end=True)
        if log.scroll_x:
            log.scroll_to(x=0, animate=False, immediate=True)  # new output is read from its start

    _drawn_width = 0

    def on_resize(self) -> None:
        width = self.output.scrollable_content_region.width
        if width != self._drawn_width and self.entries:
            self._drawn_width = width
            self.redraw()  # the notes are wrapped again

    def focus_input(self) -> None:
        self.input.focus()

    # ---------------------------------------------------------------- running
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._enter(event.value)  # (the field is empty already: it may hold the next line)

    def submit(self, line: str) -> None:
        """Run ``line`` as if typed (the solution's commands use this too)."""
        self.input.value = ""
        self._enter(line)

    def _enter(self, line: str) -> None:
        self._browsing = None
        self._show_candidates([])
        line = line.strip()
        if not line:
            return
        self.session.remember(line)
        words = line.split()
        if words[0] == "answer":
            self._answer(line, words[1:])
            return
        self._pending += 1
        self._run(line, self.editor_text())

    def run_lines(self, lines: Sequence[str]) -> None:
        """Run several lines in order, each as if typed."""
        for line in lines:
            self.submit(line)

    def show_results(self, results: Sequence[tuple[str, Result]]) -> None:
        """Lines run elsewhere (the solution's commands) and what they printed."""
        for line, result in results:
            self.session.remember(line)
            self._add(entry_for(Outcome(line, result)))

    def _answer(self, line: str, words: list[str]) -> None:
        parsed = parse_answer(words, self.answer_goals)
        if not isinstance(parsed, tuple):
            self._add(Entry(line, note=parsed))
            return
        goal_id, answer = parsed
        goal = next(g for g in self.answer_goals if g.id == goal_id)
        self._add(Entry(line, note=lambda: answer_recorded(goal, answer)))
        self.post_message(self.Answered(goal_id, answer))

    @work(thread=True, group="console", description="console command")
    def _run(self, line: str, text: str) -> None:
        """In a worker: run the line (the session's lock keeps the order typed)."""
        try:
            outcome = self.session.run(line, text)
        except Exception as exc:  # pragma: no cover - Console.run never raises
            from tutor.kubectl.console import Result

            outcome = Outcome(line, Result([("stderr", f"internal error: {exc!r}\n")], 1))
        self.post_message(self.Ran(outcome))

    @work(thread=True, group="console", description="console start")
    def _warm(self, text: str) -> None:
        try:
            self.session.warm(text)
        except Exception:  # noqa: BLE001 - the first command says what is wrong
            pass

    def on_console_panel_ran(self, message: Ran) -> None:
        self._pending = max(0, self._pending - 1)
        outcome = message.outcome
        result = outcome.result
        if result is not None and result.clear:
            self.entries.clear()
            self.output.clear()
            return
        self._add(entry_for(outcome))
        if result is None:
            return
        if result.manifest:
            self.post_message(self.Exposed(result.manifest))
        if outcome.state is not None:
            self.post_message(self.ClusterChanged(outcome.state, outcome.cluster))

    # ---------------------------------------------------------------- keys
    def action_close(self) -> None:
        self._show_candidates([])
        self.post_message(self.Closed())

    def action_page(self, step: int) -> None:
        """PageUp/PageDown on the command line scroll the output."""
        if step < 0:
            self.output.scroll_page_up(animate=False)
        else:
            self.output.scroll_page_down(animate=False)

    def action_history(self, step: int) -> None:
        history = self.session.history
        if not history:
            return
        field_ = self.input
        if self._browsing is None:
            if step > 0:
                return
            self._draft = field_.value
            index = len(history) - 1
        else:
            index = self._browsing + step
        if index >= len(history):
            self._browsing = None
            field_.value = self._draft
        else:
            self._browsing = max(0, index)
            field_.value = history[self._browsing]
        field_.cursor_position = len(field_.value)

    def action_complete(self) -> None:
        field_ = self.input
        if self.screen.focused is not field_:  # Tab in the output (scrolled sideways): back to the line
            field_.focus()
            return
        value, cursor = field_.value, field_.cursor_position
        words = value[:cursor].split()
        if words and words[0] == "answer":
            current = "" if value[:cursor].endswith(" ") else words[-1]
            typed = len(words) - (0 if value[:cursor].endswith(" ") else 1)
            ids = [g.id for g in self.answer_goals] if typed == 1 else []
            self._apply_completion(value, cursor, sorted(i for i in ids if i.startswith(current)))
            return
        self._complete(value, cursor, self.editor_text())

    @work(thread=True, exclusive=True, group="console-complete", description="console completion")
    def _complete(self, value: str, cursor: int, text: str) -> None:
        candidates = self.session.complete(value, cursor, text)
        if not value[:cursor].strip() and self.answer_goals:
            candidates = sorted({*candidates, "answer"})
        elif len(value[:cursor].split()) == 1 and not value[:cursor].endswith(" ") and self.answer_goals \
                and "answer".startswith(value[:cursor].strip()):
            candidates = sorted({*candidates, "answer"})
        self.post_message(self.Completed(value, cursor, candidates))

    def on_console_panel_completed(self, message: Completed) -> None:
        field_ = self.input
        if field_.value != message.value or field_.cursor_position != message.cursor:
            return  # typed on meanwhile
        self._apply_completion(message.value, message.cursor, message.candidates)

    def _apply_completion(self, value: str, cursor: int, candidates: list[str]) -> None:
        field_ = self.input
        start = cursor
        while start > 0 and not value[start - 1].isspace():
            start -= 1
        current = value[start:cursor]
        if not candidates:
            self._show_candidates([])
            return
        if len(candidates) == 1:
            word = candidates[0]
            tail = value[cursor:]
            suffix = "" if word.endswith(("=", "/")) or tail.startswith(" ") else " "
            field_.value = value[:start] + word + suffix + tail
            field_.cursor_position = start + len(word) + len(suffix)
            self._show_candidates([])
            return
        common = _common_prefix(candidates)
        if len(common) > len(current):
            self._completed = field_.value = value[:start] + common + value[cursor:]
            field_.cursor_position = start + len(common)
        self._show_candidates(candidates)

    def _show_candidates(self, candidates: list[str]) -> None:
        shown = self.query_one("#console-candidates", Static)
        if not candidates:
            if shown.display:
                shown.display = False
            return
        limit = 60
        text = "  ".join(candidates[:limit])
        if len(candidates) > limit:
            text += "  … " + _("{n} more").format(n=len(candidates) - limit)
        shown.update(text)
        shown.display = True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        history = self.session.history
        if self._browsing is not None and (self._browsing >= len(history) or event.value != history[self._browsing]):
            self._browsing = None
        if event.value == self._completed:
            self._completed = None  # the completion's own change: the choices stay
            return
        self._show_candidates([])


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]
