"""The lab: a YAML editor and live panels (Check, Pods, Ports, Problems, Traffic).

Every change of the text (:class:`YamlEditor.Edited`) is evaluated by the engine. A one-key
edit of a small enough text on a small enough cluster (the fixed rule :func:`inline`:
text size × Pods) is evaluated at once on the UI thread, so the panels change in the
same frame as the text. Anything bigger goes to a thread worker (``@work``) that posts
:class:`LabScreen.Evaluated`; a burst of typing is coalesced (debounced), and a result
older than the text on screen is dropped (generation counter). The panels are redrawn
from the stored results on F2, so the editor, its cursor and its undo history are never
rebuilt.

F6 opens the kubectl console (:mod:`tutor.ui.console`) under the panels. Commands that
change the cluster (``kubectl label``, ``annotate``) are kept with the exercise's
progress, and the editor is evaluated on the exercise's cluster with them applied
(:func:`tutor.lessons.commands.cluster_with`); ``kubectl expose`` puts its Service into
the editor (Ctrl+Z removes it); F5 forgets the commands too.

The panels follow every keystroke, but an exercise is declared solved (progress
``done``, "Why it works", a toast) only for a settled text: once typing has paused for
:data:`SETTLE_DELAY` (the timer posts :class:`LabScreen.Paused`), or on Ctrl+R or
Ctrl+N. A text typed through (``name: h`` on the way to ``name: http``) never is; the
status line says "every goal is met, pause to confirm" meanwhile, and says so plainly
when a solved exercise's text fails later. A solution the learner looked at is recorded,
never celebrated.

The free lab on a file (``ktutor lab FILE``) keeps its text out of the progress, marks
unsaved changes and asks before it is left (:meth:`LabScreen.confirm_leave`); Ctrl+S
writes through :func:`tutor.ui.files.save_text` (symlinks, mode, line endings kept).
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.markdown import Markdown as RichMarkdown
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from tutor import i18n
from tutor.i18n import N_, Text, _, format_number
from tutor.markup import plain
from tutor.progress import DONE, Progress
from tutor.terminal import escape_controls
from tutor.ui import lab_view
from tutor.ui.answer import AnswerPanel
from tutor.ui.base import KScreen, PaletteCommand
from tutor.ui.editor import YamlEditor
from tutor.ui.home import lesson_heading
from tutor.ui.lab_modes import LabModes
from tutor.ui.policies import PoliciesPanel
from tutor.ui.sanitize import literal
from tutor.ui.virtual_list import PanelText, VirtualList
from tutor.ui.widgets import KeyBar, TitleBar

if TYPE_CHECKING:
    from tutor.k8s.cluster import Cluster
    from tutor.k8s.evaluate import Evaluation
    from tutor.k8s.trace import Source
    from tutor.lessons.goals import Answer, ExerciseResult
    from tutor.lessons.model import Exercise, Lesson
    from tutor.ui.app import LabFiles
    from tutor.ui.console import ConsolePanel, ConsoleSession

#: Typing faster than this is coalesced into one evaluation (seconds).
DEBOUNCE = 0.12
#: The same-frame rule (see :func:`inline`): at most this many characters of text...
INLINE_TEXT = 3_000
#: ...and at most this many characters × Pods in the cluster.
INLINE_WORK = 1_000_000
#: The editor text is written to disk at most this often while typing (seconds).
SAVE_DELAY = 1.0
#: Above this many characters the text is not evaluated as it is typed (the engine takes
#: about a second for 250 KB; benchmarks/bench_huge_text.py): the lab says so, and Ctrl+R
#: evaluates it once. Typing stays within a frame whatever the size.
EVAL_LIMIT = 250_000
#: From this many characters on the cyclic garbage collector is held off while the worker
#: evaluates, and what the evaluation made is frozen (``gc.freeze``): otherwise the full
#: collections its hundreds of thousands of objects set off pause every thread, the UI's
#: too, for 50-100 ms (benchmarks/bench_huge_text.py). The garbage is collected when the
#: learner stops typing for :data:`GC_IDLE` seconds (or after :data:`GC_HELD` of them).
GC_HOLD = 10_000
GC_IDLE = 2.0
GC_HELD = 30
#: From this terminal width on, the Pods panel shows every label by default (Ctrl+L
#: switches between every label and the selector's labels).
FULL_LABELS_WIDTH = 120
#: A text counts as the learner's answer once typing has paused this long (seconds), or
#: on Ctrl+R: only then is an exercise declared solved (toast, "Why it works", progress
#: ``done``). A text typed through (``name: h`` on the way to ``name: http``) never is.
#: The timer posts :class:`LabScreen.Paused`; tests post it themselves instead of waiting.
SETTLE_DELAY = 1.0
SANDBOX_LESSON = "__lab__"
SANDBOX_EXERCISE = "sandbox"

SANDBOX_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - port: 80
      targetPort: 9376
"""

SANDBOX_PODS = """\
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels: {app: MyApp}
spec:
  nodeName: node-a
  containers:
    - name: web
      image: registry.example/web:1.0
      ports: [{containerPort: 9376}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-2
  labels: {app: MyApp}
spec:
  nodeName: node-b
  containers:
    - name: web
      image: registry.example/web:1.0
      ports: [{containerPort: 9376}]
---
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  labels: {app: db}
spec:
  containers:
    - name: db
      image: registry.example/db:1.0
      ports: [{containerPort: 5432}]
"""


def _height(content: lab_view.Content, width: int) -> int:
    """Lines ``content`` takes at ``width`` (cheap when it is already wrapped)."""
    lines = content.plain.split("\n")
    if all(cell_len(line) <= width for line in lines):
        return len(lines)
    return len(content.wrap(width))


def inline(text_length: int, pods: int) -> bool:
    """Whether a one-key edit is evaluated on the UI thread, before the next frame (else
    in a worker thread). A fixed rule, not a measured time: the engine's work grows with
    the text (parsing) and with the Pods (selection, ports), and below these limits an
    evaluation with everything the panels need takes a few milliseconds on a slow
    machine (``benchmarks/bench_lab.py``: 1,000 Pods and a Service inline, 10,000 Pods in
    the worker)."""
    return text_length <= INLINE_TEXT and text_length * max(pods, 1) <= INLINE_WORK


@dataclass(frozen=True)
class Job:
    """One evaluation: the text (and which generation of it), the cluster, the exercise,
    the cursor line (which Service the Pods panel is about), the traced request, the view
    on screen (whose Pod rows are kept when they would not change) and the answers."""

    generation: int
    text: str = field(repr=False)
    base: Cluster = field(repr=False)
    exercise: Exercise | None = field(repr=False)
    cursor_line: int
    request: lab_view.Request | None = field(repr=False)
    previous: lab_view.LabView | None = field(repr=False)
    #: the learner's answers to the exercise's ``answer`` goals
    answers: dict[str, Answer] = field(repr=False)
    #: the Pods panel shows every label (else the selector's keys), wrapped to its width
    full_labels: bool = False
    pods_width: int | None = None

    def build(self, warm: bool) -> lab_view.LabView:
        return lab_view.build(self.generation, self.text, self.base, self.exercise, self.cursor_line, self.request,
                              previous=self.previous, warm=warm, answers=self.answers, full_labels=self.full_labels,
                              pods_width=self.pods_width)


class LabScreen(LabModes, KScreen):
    """``LabScreen(lesson=..., exercise=...)`` for an exercise, ``LabScreen(files=...)``
    for the free lab (``ktutor lab``).

    At most one evaluation runs at a time: a text changed meanwhile is evaluated when it
    ends (so a huge text never has several engine threads competing with the UI thread
    for the interpreter). Past :data:`EVAL_LIMIT` characters typing is not evaluated at
    all (``paused``) until the text is smaller again or Ctrl+R asks for it."""

    LAZY_CSS = ("lab.tcss", "policies.tcss")

    has_editor = True

    BINDINGS = [
        Binding("ctrl+r", "check", N_("check")),
        Binding("f3", "hint", N_("hint"), key_display="F3"),
        Binding("ctrl+s", "solution", N_("solution")),
        Binding("ctrl+z", "undo", N_("undo"), priority=True),
        Binding("ctrl+y", "redo", N_("redo"), show=False, priority=True),
        Binding("ctrl+t", "send_request", N_("request")),
        # priority: the editor (TextArea) binds F6 to "select line"
        Binding("f6", "console", N_("console"), key_display="F6", priority=True),
        Binding("f8", "policy_port", N_("port"), key_display="F8"),
        Binding("ctrl+n", "next_exercise", N_("next")),
        Binding("ctrl+l", "toggle_labels", N_("labels"), show=False),
        Binding("ctrl+o", "export", N_("export"), show=False),
        Binding("f5", "reset_exercise", N_("reset"), key_display="F5", show=False),
        Binding("f7", "focus_answers", N_("answer"), key_display="F7", priority=True),  # (over the editor's select-all)
        Binding("escape", "back", N_("back")),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]

    class Evaluated(Message):
        """The worker's result: every panel worked out for one text."""

        def __init__(self, view: lab_view.LabView) -> None:
            super().__init__()
            self.view = view

    class Paused(Message):
        """Typing paused (:data:`SETTLE_DELAY` without an edit): the text on screen is the
        learner's answer. ``edits``: the edit it is about (None: the text on screen now);
        an edit made since makes it stale."""

        def __init__(self, edits: int | None = None) -> None:
            super().__init__()
            self.edits = edits

    def __init__(self, lesson: Lesson | None = None, exercise: Exercise | None = None,
                 files: LabFiles | None = None) -> None:
        super().__init__()
        self.lesson, self.exercise, self.files = lesson, exercise, files
        self.sandbox = exercise is None
        self._generation = 0
        self._applied_generation = -1
        self._busy = False
        #: a worker is evaluating; a text changed meanwhile waits for it (``_pending``)
        self._worker_running = False
        self._pending = False
        #: the text is too large to evaluate as it is typed (see EVAL_LIMIT)
        self.paused = False
        #: the text is too large to be kept with the progress (the learner was told)
        self.too_big_to_save = False
        self._last_start = 0.0
        self._eval_timer: Timer | None = None
        self._last_length = 0
        self._save_timer: Timer | None = None
        #: edits of the text so far, and the edit at which typing last paused (equal: the
        #: text on screen is settled, see SETTLE_DELAY)
        self._edits = 0
        self._quiet_edits = 0
        self._quiet_next_edit = False
        self._last_edit_at = 0.0
        self._settle_timer: Timer | None = None
        self._view: lab_view.LabView | None = None
        self._base: Cluster | None = None
        self._base_problem: Text | None = None
        self._bindings_key: tuple[bool, int, str] | None = None
        #: what each panel shows now (to skip updates that change nothing)
        self._shown: dict[str, object] = {}
        self._shown_content: dict[str, lab_view.Content] = {}
        self.request: lab_view.Request | None = None
        #: the Pods panel shows every label of every Pod (else the selector's keys and a
        #: count of the others: the default below FULL_LABELS_WIDTH columns); Ctrl+L
        self.full_labels = False
        #: the learner's answers to the exercise's ``answer`` goals (see submit_answer)
        self.answers: dict[str, Answer] = {}
        #: The benchmarks' and tests' view of the lab (set after each applied result).
        self.applied_at = 0.0
        self.applied_count = 0
        self.last_apply_seconds = 0.0
        if exercise is not None and exercise.trace:
            self.request = _request_from_spec(exercise.trace)
        #: the console (made when first needed) and its panel (mounted on the first F6)
        self.console_session: ConsoleSession | None = None
        self.console_panel: ConsolePanel | None = None
        self._console_return: Any = None
        #: the exercise's cluster with the console's commands applied (None: none)
        self._console_cluster: Cluster | None = None

    @property
    def settled(self) -> bool:
        """The panels show the evaluation of the text on screen (none is pending), or
        the text is too large to be evaluated as it is typed and none is running."""
        idle = self._eval_timer is None and not self._busy and not self._pending and not self._worker_running
        return idle and (self.paused or self._applied_generation == self._generation)

    @property
    def quiet(self) -> bool:
        """Typing has paused since the last edit (or Ctrl+R was pressed): the text on
        screen is the learner's answer, not a text on the way to one."""
        return self._quiet_edits == self._edits

    # ---------------------------------------------------------------- building
    @property
    def progress(self) -> Progress:
        return self.tutor.progress

    @property
    def _ex(self) -> Exercise:
        """The exercise (not in the free lab)."""
        assert self.exercise is not None
        return self.exercise

    @property
    def _lesson(self) -> Lesson:
        """The exercise's lesson (not in the free lab)."""
        assert self.lesson is not None
        return self.lesson

    @property
    def _keys(self) -> tuple[str, str]:
        if self.sandbox:
            return SANDBOX_LESSON, SANDBOX_EXERCISE
        return self._lesson.id, self._ex.id

    def _initial_text(self) -> str:
        if self.sandbox:
            files = self.files
            if files is not None and (files.service_path or files.text or files.dump_path):
                return files.text
            saved = self.progress.peek_exercise(*self._keys).text
            return saved if saved is not None else SANDBOX_SERVICE
        saved = self.progress.peek_exercise(*self._keys).text
        return saved if saved is not None else self._ex.start

    def compose(self) -> ComposeResult:
        yield TitleBar(self._title, id="title-bar")
        with VerticalScroll(id="task"):
            yield Static(id="task-text")
        yield Static(id="status", markup=False)
        with VerticalScroll(id="notes"):
            yield Static(id="notes-text")
        with Horizontal(id="work"):
            with Vertical(id="left"):
                yield YamlEditor.create(self._initial_text(), id="editor")
                yield OptionList(id="problems", classes="panel")
            # The panels at their full height, one under the other; when they do not
            # fit (80×24), the column scrolls as a whole (a scrollbar shows it): no
            # panel's text is ever hidden behind a border. (A panel given a maximum
            # height, as in a lab about policies, scrolls within.)
            with VerticalScroll(id="side"):
                yield from self.compose_modes()
                with VerticalScroll(id="goals-panel", classes="panel"):
                    yield PanelText(id="goals")
                with Vertical(id="pods-panel", classes="panel"):
                    yield PanelText(id="pods-header", markup=False)
                    yield VirtualList(id="pods")
                yield PoliciesPanel(id="policies-panel", classes="panel")
                with VerticalScroll(id="ports-panel", classes="panel"):
                    yield PanelText(id="ports")
                with VerticalScroll(id="traffic-panel", classes="panel"):
                    yield PanelText(id="traffic")
        yield KeyBar()

    def _title(self) -> str:
        if self.sandbox:
            files = self.files
            path = (files.service_path or files.dump_path) if files else None
            name = escape_controls(Path(path).name) if path else None
            return _("Lab · free sandbox") + (f" · {name}" if name else "")
        count = len(self._lesson.exercises)
        index = self._lesson.exercises.index(self._ex) + 1
        title = lesson_heading(self._lesson)
        if count > 1:
            title += " · " + _("exercise {n} of {total}").format(n=index, total=count)
        return title

    editor: YamlEditor

    def on_mount(self) -> None:
        self.editor = self.query_one("#editor", YamlEditor)
        self._last_length = len(self.editor.text)
        #: the lab on a file: its text as read or last saved (see has_unsaved_changes)
        self._saved_text = self.editor.text
        self.set_class(self.sandbox, "-sandbox")
        self.query_one("#goals-panel").display = not self.sandbox
        self.query_one(PoliciesPanel).display = False  # until an evaluation is about policies
        self._base = self._make_base()
        self.full_labels = self.app.size.width >= FULL_LABELS_WIDTH
        if not self.sandbox:
            self.progress.open_exercise(*self._keys)
            self.progress.save()
        self.retranslate()
        self.editor.focus()
        self.setup_modes()
        self.screen_layout_refresh_signal.subscribe(self, self._layout_refreshed)
        saved = self._saved_console()
        if saved and saved.get("commands"):
            self._restore_console(self._kubectl_session(), saved)  # replayed in a worker
        if self.editor.text_size() > EVAL_LIMIT:
            self._pause()
        else:
            self._start_evaluation()

    def _make_base(self) -> Cluster:
        if not self.sandbox:
            from tutor.lessons.goals import base_cluster

            try:
                return base_cluster(self._ex)
            except Exception as exc:  # a broken lesson cluster: the lab still works
                self._base_problem = Text(N_("The exercise's cluster could not be built: {error}"), error=str(exc))
                from tutor.k8s.cluster import Cluster

                return Cluster.default()
        from tutor.k8s.cluster import Cluster

        files = self.files
        pods_text = files.pods_text if files is not None and files.pods_paths else SANDBOX_PODS
        if files is not None and files.dump_path:  # the dump's Nodes, Pods, workloads, slices
            pods_text = files.pods_text if files.pods_paths else ""
        try:
            base = Cluster.from_spec({"pods": pods_text}) if pods_text.strip() else Cluster.default()
            if files is not None and files.cluster_text:
                from tutor.k8s.evaluate import evaluate

                base = evaluate(files.cluster_text, base).cluster
            return base
        except Exception as exc:
            from tutor.k8s.pods import PodError

            message = exc.message if isinstance(exc, PodError) else exc
            self._base_problem = Text(N_("The Pods file could not be used ({error}); the cluster has no Pods."),
                                      error=str(message))
            return Cluster.default()

    # ---------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self._render_task()
        self._render_notes()
        for panel_id, title in (("#goals-panel", N_("Check")), ("#pods-panel", N_("Pods")),
                                ("#ports-panel", N_("Ports")), ("#problems", N_("Problems")),
                                ("#policies-panel", N_("Policies")),
                                ("#traffic-panel", N_("Traffic"))):
            self.query_one(panel_id).border_title = _(title)
        self._unsaved_shown = None
        self._show_unsaved()
        self.editor.tooltip = _("Tab indents by two spaces; Shift+Tab leaves the editor; Esc goes back")
        for panel in self.query("#answers-panel").results(AnswerPanel):
            panel.retranslate()
        self._locks_applied = None  # the note on closed panels is drawn again, in the new language
        view = self._view
        if view is not None:
            if view.pods is not None:
                view.pods.rows.clear()
                self.query_one("#pods", VirtualList).rows_changed()
            self._render_view(view)

    def _render_task(self) -> None:
        task = self.query_one("#task-text", Static)
        if self.sandbox:
            files = self.files
            if files is not None and files.dump_path:
                task.update(i18n.ngettext(
                    "Free lab on the dump {file}: its Services are in the editor, its other {n} object "
                    "(Nodes, Pods, workloads, EndpointSlices...) is the cluster. Ctrl+S saves the "
                    "editor's text to a new file: the dump is never written over.",
                    "Free lab on the dump {file}: its Services are in the editor, its other {n} objects "
                    "(Nodes, Pods, workloads, EndpointSlices...) are the cluster. Ctrl+S saves the "
                    "editor's text to a new file: the dump is never written over.", files.dump_objects).format(
                    file=escape_controls(Path(files.dump_path).name), n=format_number(files.dump_objects)))
                return
            source = (_("Pods from {files}").format(files=", ".join(escape_controls(Path(p).name)
                                                                 for p in files.pods_paths))
                      if files and files.pods_paths else _("three sample Pods"))
            task.update(_("Free lab: edit a Service (and Pods); the panels follow as you type. "
                          "The cluster: {source}.").format(source=source))
        else:
            task.update(RichMarkdown("**" + self._ex.badge_text() + "** · **" + _("Task:") + "** "
                                     + self._ex.task_text()))

    def _render_notes(self) -> None:
        notes = self.query_one("#notes")
        text = self.query_one("#notes-text", Static)
        parts: list[str] = []
        if not self.sandbox:
            record = self.progress.peek_exercise(*self._keys)
            for i in range(min(record.hints_used, len(self._ex.hints))):
                parts.append("**" + _("Hint {n} of {total}:").format(n=i + 1, total=len(self._ex.hints))
                             + "** " + self._ex.hint_text(i))
            if (record.status == DONE or record.solution_viewed) and self._ex.explanation:
                parts.append("**" + _("Why it works:") + "** " + self._ex.explanation_text())
        notes.display = bool(parts)
        text.update(RichMarkdown("\n\n".join(parts)) if parts else "")

    # ---------------------------------------------------------------- evaluation
    def on_yaml_editor_edited(self, event: YamlEditor.Edited) -> None:
        """The editor's text changed (typing, paste, undo, redo, a solution shown)."""
        self._generation += 1
        self._edits += 1
        if self._quiet_next_edit:  # a text put in whole (the solution, a reset): not typed
            self._quiet_next_edit = False
            self._quiet_edits = self._edits
        else:
            self._arm_settle_timer()
        self._remember_text()
        text_length = self.editor.text_size()
        small_edit = abs(text_length - self._last_length) <= 2
        self._last_length = text_length
        if text_length > EVAL_LIMIT:
            self._pause()
            return
        if self.paused:
            self.paused = False
            if self._view is not None:
                self._render_status(self._view)
        if small_edit and not self._busy and self._eval_timer is None and inline(text_length, self._pods()):
            # a one-key edit, cheap to evaluate: now, so the panels change in the same
            # frame as the text
            self._apply(self._job().build(warm=False))
        else:
            self._schedule_evaluation()

    # ---------------------------------------------------------------- settling
    def _arm_settle_timer(self) -> None:
        """Typing goes on: the text settles SETTLE_DELAY after the last edit (one timer,
        re-armed when it fires early, so a keystroke costs no new timer)."""
        self._last_edit_at = time.monotonic()
        if self._settle_timer is None:
            self._settle_timer = self.set_timer(SETTLE_DELAY, self._settle_due)

    def _settle_due(self) -> None:
        self._settle_timer = None
        left = SETTLE_DELAY - (time.monotonic() - self._last_edit_at)
        if left > 0.01:
            self._settle_timer = self.set_timer(left, self._settle_due)
            return
        self.post_message(self.Paused(self._edits))

    def on_lab_screen_paused(self, message: Paused) -> None:
        edits = self._edits if message.edits is None else message.edits
        if edits != self._edits:
            return  # typed again since: a later pause will come
        self._mark_quiet()

    def _mark_quiet(self) -> None:
        """The text on screen is the learner's answer: declare it solved if it passes."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self._quiet_edits = self._edits
        view = self._view
        if view is not None:
            self._declare(view)
            self._render_status(view)

    def _passing(self, view: lab_view.LabView | None) -> bool:
        """``view`` is of the text on screen and every goal is met."""
        return bool(view is not None and view.generation == self._generation and view.result is not None
                    and view.result.passed)

    def _declare(self, view: lab_view.LabView) -> None:
        """Record a solve (progress ``done``, "Why it works", a toast), only for a settled
        text that passes. A solution the learner looked at is recorded, not celebrated."""
        if self.sandbox or not self.quiet or not self._passing(view) or self.panels_locked:
            return  # (a prediction not made yet, an exam running: nothing is declared)
        viewed = self.progress.peek_exercise(*self._keys).solution_viewed
        if not self.progress.mark_done(*self._keys):
            return  # solved before
        self.progress.save()
        self._render_notes()
        if not viewed:
            self.app.clear_notifications()  # ("Still to do" is not true any more)
            self.notify("✓ " + _("Solved! {title}").format(title=plain(self._ex.title_text())), title=_("Exercise"),
                        markup=False)
            self._announced_solve = True

    _announced_solve = False

    def _pods(self) -> int:
        """How many Pods the cluster of the last evaluation had (the text can add some)."""
        view = self._view
        cluster = view.evaluation.cluster if view is not None and view.evaluation is not None else self._base
        return len(cluster.pods) if cluster is not None else 0

    def _job(self) -> Job:
        assert self._base is not None  # made in on_mount
        base = self._console_cluster if self._console_cluster is not None else self._base
        return Job(self._generation, self.editor.text, base, self.exercise, self.editor.cursor_location[0] + 1,
                   self.request, self._view, dict(self.answers), self.full_labels, self._pods_width())

    @property
    def file_backed(self) -> bool:
        """The free lab on a file or a dump (``ktutor lab FILE``): its text belongs to that
        file (Ctrl+S), never to the progress, where the home screen's free lab keeps its
        own."""
        files = self.files
        return self.sandbox and files is not None and bool(files.service_path or files.dump_path)

    _unsaved_shown: bool | None = None

    def _show_unsaved(self) -> None:
        """The editor's title names the file, and ● when its changes are not saved yet."""
        unsaved = self.has_unsaved_changes()
        if unsaved == self._unsaved_shown:
            return
        self._unsaved_shown = unsaved
        name = self.file_name()
        self.editor.border_title = literal(name) + (" ● " + _("not saved (Ctrl+S)") if unsaved else "")
        self.editor.set_class(unsaved, "-unsaved")

    def file_name(self) -> str:
        """The name of the file the editor's text belongs to (``manifest.yaml`` in exercises)."""
        files = self.files
        return Path(files.service_path).name if self.sandbox and files and files.service_path else "manifest.yaml"

    def has_unsaved_changes(self) -> bool:
        """The file-backed lab's text differs from the file as read or last saved."""
        return self.file_backed and self.is_mounted and self.editor.text != self._saved_text

    def _pause(self) -> None:
        """The text is too large to evaluate as it is typed: stop (the panels keep the
        last evaluation; the status line says why and that Ctrl+R evaluates it)."""
        if self._eval_timer is not None:
            self._eval_timer.stop()
            self._eval_timer = None
        self._pending = False
        if not self._worker_running:
            self._busy = False
        self.editor.set_marks({})  # (they would point at lines of an older text)
        if not self.paused:
            self.paused = True
            self._render_status(self._view)

    def _remember_text(self) -> None:
        """Keep the editor text in the progress (written to disk shortly after); in the
        lab on a file, mark the changes not saved yet instead. A text too large for the
        progress is not kept, and the learner is told once (until it fits again)."""
        if self.file_backed:
            self._show_unsaved()
            return
        from tutor.progress import MAX_TEXT

        if self.editor.text_size() > MAX_TEXT:
            if not self.too_big_to_save:
                self.too_big_to_save = True
                self.notify(_("This text is too large to be saved with your progress ({size} characters; the limit "
                              "is {limit}). Your last smaller text is kept; save this one to a file to keep it.")
                            .format(size=format_number(self.editor.text_size()), limit=format_number(MAX_TEXT)),
                            severity="warning", timeout=10, markup=False)
            return
        self.too_big_to_save = False
        text = self.editor.text
        if not self.sandbox and text == self._ex.start and \
                self.progress.peek_exercise(*self._keys).text is None:
            return  # back at the starting text after a reset: nothing to keep
        if self.progress.set_text(*self._keys, text):
            self._schedule_save()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        view = self._view
        if view is None or view.evaluation is None or event.text_area is not self.editor:
            return
        if view.generation != self._generation:
            return  # a fresh evaluation is coming anyway
        focus = lab_view.focus_service(view.evaluation, self.editor.cursor_location[0] + 1)
        if focus is not view.focus:
            view.focus = focus
            self._remake_pods(view)
            view.ports = lab_view.port_chains(view.evaluation.documents, view.evaluation.cluster, focus)
            self._render_view(view)
        if view.policies is not None:  # the policy under the cursor
            from tutor.ui import policy_view

            policy = policy_view.focus_policy(view.evaluation, self.editor.cursor_location[0] + 1)
            if policy is not view.policies.focus:
                view.policies = policy_view.build(view.evaluation, self.editor.cursor_location[0] + 1)
                self._render_policies(view)
                self.apply_locks()

    def _remake_pods(self, view: lab_view.LabView) -> None:
        """The Pods panel of ``view`` made again (another Service under the cursor, the
        other label view), keeping its rows when they are the same."""
        shown = view.pods
        view.pods = lab_view.pods_view(view.focus, view.evaluation.cluster, view.evaluation.parse_error is not None,
                                       self.full_labels, self._pods_width())
        if shown is not None and view.pods.same_rows(shown):
            view.pods.keep_rows_of(shown)

    #: the learner chose the label view with Ctrl+L (else it follows the terminal's width)
    _labels_chosen = False

    def _pods_width(self) -> int | None:
        """The width the Pods panel's rows are made for (None before it is laid out)."""
        width = self.query_one("#pods", VirtualList).scrollable_content_region.width
        return width if width > 8 else None

    def action_toggle_labels(self) -> None:
        """Every label of every Pod, or the selector's labels (and a count of the others)."""
        self.full_labels = not self.full_labels
        self._labels_chosen = True
        view = self._view
        if view is not None and view.evaluation is not None:
            self._remake_pods(view)
            self._render_view(view)
        self.notify(_("The Pods panel shows every label.") if self.full_labels else
                    _("The Pods panel shows the selector's labels (and how many others)."), markup=False)

    def _schedule_evaluation(self, immediate: bool = False) -> None:
        if self._eval_timer is not None:
            self._eval_timer.stop()
            self._eval_timer = None
        idle = not self._busy and time.monotonic() - self._last_start >= DEBOUNCE
        if immediate or idle:
            self._start_evaluation()
        else:
            self._eval_timer = self.set_timer(DEBOUNCE, self._start_evaluation)

    def _start_evaluation(self) -> None:
        self._eval_timer = None
        if self._worker_running:  # one at a time: this text is evaluated when that one ends
            self._pending = True
            return
        self._worker_running = True
        self._busy = True
        self._last_start = time.monotonic()
        job = self._job()
        if len(job.text) >= GC_HOLD:
            self._held += 1
        self._evaluate(job)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An evaluation ended (its result, if any, was posted before): start the one
        that waited for it."""
        if event.worker.group != "lab-evaluation" or not event.worker.is_finished:
            return
        self._worker_running = False
        if self._pending and self.is_attached and not self.paused:
            self._pending = False
            self._start_evaluation()
            return
        if self.paused:  # nothing more to evaluate until Ctrl+R or a smaller text
            self._pending = self._busy = False
        if self.is_attached:
            self._collect_later()

    @work(thread=True, exclusive=True, group="lab-evaluation", description="lab evaluation")
    def _evaluate(self, job: Job) -> None:
        """In a worker thread: every panel for ``job``'s text. A newer evaluation cancels
        this one (``exclusive``): its result is then not posted."""
        hold = len(job.text) >= GC_HOLD
        collecting = gc.isenabled()
        if hold:
            gc.disable()
        try:
            view = job.build(warm=True)  # never raises
        finally:
            if hold:
                gc.freeze()  # (what it made is never scanned by a collection: see GC_HOLD)
                if collecting:
                    gc.enable()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Evaluated(view))

    _held = 0
    _gc_timer: Timer | None = None

    def _collect_later(self) -> None:
        """Collect the frozen garbage of held evaluations once typing stops."""
        if not self._held:
            return
        if self._gc_timer is not None:
            self._gc_timer.stop()
        if self._held >= GC_HELD:
            self._collect()
        else:
            self._gc_timer = self.set_timer(GC_IDLE, self._collect)

    def _collect(self) -> None:
        self._gc_timer = None
        if self._held:
            self._held = 0
            collect_garbage()

    def on_lab_screen_evaluated(self, message: Evaluated) -> None:
        self._apply(message.view)

    def submit_answer(self, goal_id: str, answer: Answer | None) -> None:
        """Record the learner's answer to the ``answer`` goal ``goal_id`` (a string, or a
        list for ``multiple: true``; None clears it) and check again at once. The
        questions: ``tutor.lessons.goals.answer_goals(exercise)``."""
        if answer is None:
            self.answers.pop(goal_id, None)
        else:
            self.answers[goal_id] = answer
        self._generation += 1
        self._schedule_evaluation(immediate=True)

    def _apply(self, view: lab_view.LabView) -> None:
        started = time.perf_counter()
        if view.generation >= self._generation:
            self._busy = False
        if view.generation != self._generation or not self.is_attached:
            return  # stale: a newer text is on screen (its evaluation is on the way)
        if view.pods is not None and view.language != i18n.get_language():
            view.pods.rows.clear()  # F2 was pressed while this was being worked out
        self._view = view
        self._applied_generation = view.generation
        self._render_view(view)  # (its status line declares a solve: see _declare)
        self.applied_at = time.perf_counter()
        self.last_apply_seconds = self.applied_at - started
        self.applied_count += 1
        if self.applied_count == 1:
            from tutor.ui.app import freeze_garbage_collector

            freeze_garbage_collector()  # the engine and the cluster are loaded now

    def _update(self, selector: str, content: lab_view.Content | str) -> None:
        """Update a Static only when what it shows changes, and re-lay out the screen
        only when its height changes: a layout is most of the cost of a keystroke."""
        widget = self.query_one(selector, Static)
        if not isinstance(content, lab_view.Content):
            content = lab_view.Content(str(content))
        key = (content.plain, tuple(content.spans))  # cheaper than comparing markup
        if self._shown.get(selector) == key:
            return
        previous = self._shown_content.get(selector)
        self._shown[selector] = key
        self._shown_content[selector] = content
        width = widget.content_region.width
        layout = True
        if previous is not None and width > 0:
            layout = _height(previous, width) != _height(content, width)
        widget.update(content, layout=layout)

    #: the panels whose text the lab wraps itself (to their width)
    WRAPPED = ("#ports", "#goals", "#traffic", "#problems")

    def _width_of(self, selector: str) -> int | None:
        width = self.query_one(selector).content_region.width
        return width if width > 8 else None  # not laid out yet: wrapped once it is

    def _panel_widths(self) -> tuple[int, ...]:
        return tuple(self.query_one(selector).content_region.width for selector in self.WRAPPED)

    _wrapped_for: tuple[int, ...] = ()

    def _layout_refreshed(self, _screen: object) -> None:
        """The screen was laid out again: panels wrapped for other widths (a resized
        terminal, a panel just shown or hidden) are drawn again for the new ones."""
        self._place_toasts()
        view = self._view
        if view is None or not self.is_attached:
            return
        wide = self.app.size.width >= FULL_LABELS_WIDTH
        if not self._labels_chosen and wide != self.full_labels:
            self.full_labels = wide  # (the default for the new width, until Ctrl+L chooses)
        if view.evaluation is not None and view.pods is not None \
                and (self.full_labels != view.pods.full or self._pods_width() != view.pods.asked):
            self._remake_pods(view)  # rows (labels, the IP and node columns) made for the panel's width
            self._render_view(view)
        elif self._panel_widths() != self._wrapped_for:
            self._render_view(view)

    _toasts_at: tuple[int, int] | None = None

    def _place_toasts(self) -> None:
        """Notifications go over the top of the editor (the manifest's first lines:
        apiVersion, kind), never over the status line, "Why it works", the panels or the
        console: what the learner reads after a solve or a command."""
        racks = self.query("#textual-toastrack")
        if not racks:
            return  # (notifications are off)
        region = self.editor.region
        at = (region.y, region.x)
        if at == self._toasts_at or not region.height:
            return
        self._toasts_at = at
        rack = racks.first()
        rack.styles.dock = "top"
        rack.styles.align = ("left", "top")
        rack.styles.margin = (max(0, region.y - 1), 0, 0, region.x + 1)  # (a toast has a margin of one on top)

    def _render_view(self, view: lab_view.LabView) -> None:
        """Redraw every panel from ``view`` in the current language."""
        self._wrapped_for = self._panel_widths()
        pods = self.query_one("#pods", VirtualList)
        if view.crashed:
            message = _("The lab could not evaluate this text ({error}). Your text is safe; keep editing.").format(
                error=view.crashed)
            self._update("#pods-header", message)
            pods.set_rows([])
        elif view.pods is not None:
            self._update("#pods-header", view.pods.header())
            pods.set_rows(view.pods.rows, width=0, spans=view.pods.spans)  # the same rows: nothing to do
        if view.evaluation is not None:
            has_service = any(d.service is not None for d in view.evaluation.documents)
            self.query_one("#ports-panel").display = has_service
            self._update("#ports", lab_view.ports_content(view.ports, self._width_of("#ports")))
        self._render_problems(view)
        self.editor.set_marks(view.marks)
        if not self.sandbox:
            self._update("#goals", lab_view.goals_content(view.result, self._width_of("#goals"),
                                                          self.feedback_tier())
                         if view.result is not None else "")
        self._render_status(view)
        if self._announce_after_check:
            self._announce_after_check = False
            self._announce(view)
        self._render_policies(view)
        traffic_panel = self.query_one("#traffic-panel")
        traffic_panel.display = view.request is not None
        if view.request is not None:
            self._update("#traffic", lab_view.traffic_content(view.request, view.trace,
                                                              self._width_of("#traffic")))
            if self._show_traffic and view.request is self.request:
                # a request just sent: its trace is what the learner reads next
                self._show_traffic = False
                self.call_after_refresh(traffic_panel.scroll_visible, animate=False, top=True)
        self.show_answer_results(view.result)
        self.apply_locks()

    _policies_shown = False

    def _render_policies(self, view: lab_view.LabView) -> None:
        """The Policies panel (tutor.ui.policies), shown when the text, the cluster or the
        exercise is about NetworkPolicies; a text without a Service then leaves the room
        to it (the Pods panel shrinks)."""
        panel = self.query_one(PoliciesPanel)
        evaluation = view.evaluation
        if view.policies is None and self._policies_shown and evaluation is not None and \
                evaluation.parse_error is not None:
            # the text is broken mid-edit (the word NetworkPolicy too, maybe): the panel stays
            view.policies = lab_view.policy_panel(evaluation, None, None, force=True)
        shown = view.policies is not None
        if self._policies_shown != shown:
            self._policies_shown = panel.display = shown
            self.refresh_bindings()  # F8
        self.set_class(shown, "-policy-lab")
        if shown and not self.sandbox:
            # an exercise about policies also has its Check panel: the Ports panel steps aside
            # (a request's trace still shows each port it goes through)
            self.query_one("#ports-panel").display = False
        self.set_class(shown and not (view.evaluation is not None and any(
            d.kind == "Service" for d in view.evaluation.documents)), "-policies")
        if shown:
            panel.show(view.policies)

    def _render_problems(self, view: lab_view.LabView) -> None:
        problems = self.query_one("#problems", OptionList)
        highlighted = problems.highlighted
        width = problems.scrollable_content_region.width - 2  # the options' padding
        rendered = None if view.crashed else [p.render(width if width > 8 else None) for p in view.problems]
        # The language is part of the key: "✓ valid" has no problems to compare, and F2
        # must still redraw it in the other language.
        key = (i18n.get_language(), view.crashed, _has_manifest(view.evaluation), tuple(c.markup for c in rendered) if rendered is not None else None)
        if self._shown.get("#problems") == key:
            return
        self._shown["#problems"] = key
        shape = [c.plain.count("\n") for c in rendered] if rendered and view.problems else None
        if rendered is not None and shape is not None and shape == self._problems_shape \
                and problems.option_count == len(rendered):
            # as many problems, each as many lines (typing changed a message): replace the
            # texts in place; no new layout, and the highlighted problem stays put
            for i, content in enumerate(rendered):
                problems.replace_option_prompt_at_index(i, content)
            problems.border_title = _("Problems") + f" ({format_number(len(view.problems))})"
            return
        self._problems_shape = shape
        if view.crashed:
            options = [Option(Text(N_("✗ the engine failed: {error}"), error=view.crashed).__str__(), disabled=True)]
        elif not view.problems and not _has_manifest(view.evaluation):
            options = [Option(lab_view.Content.assemble(("· ", lab_view.DIM), _("nothing to check yet: no manifest")),
                              disabled=True)]
        elif not view.problems:
            options = [Option(lab_view.Content.assemble((lab_view.OK + " ", lab_view.OK_STYLE), _("valid")),
                              disabled=True)]
        else:
            options = [Option(content, id=f"p{i}") for i, content in enumerate(rendered or ())]
        problems.set_options(options)
        if highlighted is not None and highlighted < len(options) and view.problems:
            problems.highlighted = highlighted
        count = len(view.problems)
        problems.border_title = _("Problems") + (f" ({format_number(count)})" if count else "")

    _problems_shape: list[int] | None = None

    def _render_status(self, view: lab_view.LabView | None) -> None:
        status = self.query_one("#status", Static)
        if self.paused:
            from tutor.ui.editor import HIGHLIGHT_LIMIT

            line = "⏸ " + _("This text is too large to check as you type (more than {limit} characters): Ctrl+R "
                           "checks it now.").format(limit=format_number(EVAL_LIMIT))
            if self.editor.text_size() > HIGHLIGHT_LIMIT:
                line += " " + _("Syntax highlighting is off for large texts.")
            self._update("#status", line)
            return
        if view is None:
            return
        if self.sandbox:
            cluster = view.evaluation.cluster if view.evaluation is not None else self._base
            pods = len(cluster.pods) if cluster is not None else 0
            line = i18n.ngettext("{n} Pod in the cluster", "{n} Pods in the cluster", pods).format(n=format_number(pods))
            if self._base_problem is not None:
                line = "✗ " + str(self._base_problem)
            self._update("#status", line)
            return
        self._declare(view)  # first: the status line, the notes and the progress then agree
        record = self.progress.peek_exercise(*self._keys)
        hints = ""
        if self._ex.hints:
            hints = "  ·  " + _("hints used: {used} of {total}").format(used=record.hints_used,
                                                                       total=len(self._ex.hints))
        result = view.result
        passed = bool(result is not None and result.passed)
        solved = False
        if self._base_problem is not None:
            line = "✗ " + str(self._base_problem)
        elif passed and (self.quiet or record.status == DONE):
            solved = True
            if record.solution_viewed:
                line = "✓ " + _("The solution meets every goal (solution viewed).")
            else:
                line = "✓ " + _("Solved! Every goal is met.")
            following = self._next_exercise()
            if following is not None:
                line += " " + _("Ctrl+N: next exercise.")
            elif self.tutor.neighbour(self._lesson, 1) is None or self.tutor.next_place() is None:
                line += " " + _("Ctrl+N: the course summary.")  # (where _go_next leads)
            else:
                line += " " + _("Ctrl+N: next lesson.")
        elif passed:
            # typed through a passing text: it counts once typing pauses (SETTLE_DELAY)
            line = "… " + _("Every goal is met. Pause typing (or press Ctrl+R) to confirm.")
        elif result is not None and record.status == DONE:
            line = "✗ " + _("Solved earlier; the current text fails: {goal}").format(goal=_first_failure(result))
        elif result is not None:
            met = sum(1 for g in result.goals if g.passed and not g.implicit)
            total = sum(1 for g in result.goals if not g.implicit)
            line = "✗ " + i18n.ngettext("Not solved yet: {met} of {total} goal met.",
                                        "Not solved yet: {met} of {total} goals met.", total).format(met=met,
                                                                                                  total=total)
        else:
            line = "…"
        self._update("#status", self.mode_status(line + hints))
        status.set_class(solved, "-solved")
        # The footer changes with the state (Ctrl+N appears, F3 greys out): refresh it
        # only then, never on every keystroke.
        key = (solved, record.hints_used, record.status)
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    # ---------------------------------------------------------------- progress
    def _schedule_save(self) -> None:
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_now)

    def _save_now(self) -> None:
        self._save_timer = None
        self.progress.save_if_dirty()

    def flush_progress(self) -> None:
        """Write the editor text now (leaving the lab, quitting)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.is_mounted:
            self._remember_text()
        self.progress.save_if_dirty()

    def forget_progress(self) -> None:
        """All progress is being reset: do not write this editor's text back."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None

    def on_unmount(self) -> None:
        self.flush_progress()
        if self._held:
            self._held = 0
            collect_garbage()

    # ---------------------------------------------------------------- actions
    def describe_binding(self, action: str, msgid: str) -> str:
        """In the free lab Ctrl+S saves the manifest file instead of showing a solution."""
        if self.sandbox and action == "solution":
            return N_("save")
        return msgid

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.sandbox and action in ("hint", "solution", "reset_exercise"):
            # In the free lab Ctrl+S saves the file it was opened with (if any).
            return action == "solution" and bool(self.files and (self.files.service_path or self.files.dump_path))
        if action == "focus_answers":
            return bool(self._questions())
        if action == "policy_port":
            return self._policies_shown
        if action == "next_exercise":
            return not self.sandbox  # unsolved: it says why and offers to skip
        return True

    def action_check(self) -> None:
        """Evaluate now and take the text as the learner's answer (no need to wait for
        typing to pause); when not solved, say what is still wrong. In an exam: hand it in."""
        if self.exam_running:
            self.confirm_hand_in()
            return
        if self.awaiting_prediction:
            self.notify(_("Answer the question first (F7): the check opens the panels."), markup=False)
            self._focus_answers()
            return
        self._announce_after_check = True
        self._announced_solve = False
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self._quiet_edits = self._edits
        self._schedule_evaluation(immediate=True)

    _announce_after_check = False
    _show_traffic = False

    def _announce(self, view: lab_view.LabView) -> None:
        """Ctrl+R's answer, as a notification."""
        from tutor.lessons.goals import display

        if self.sandbox:
            count = len(view.problems)
            self.notify(_("Checked: no problems.") if not count else
                        i18n.ngettext("Checked: {n} problem (see Problems).", "Checked: {n} problems (see Problems).", count).format(n=format_number(count)), markup=False)
            return
        result = view.result
        if result is None:
            return
        if result.passed:
            if self._announced_solve:  # the solve's own toast said it
                return
            if self.progress.peek_exercise(*self._keys).solution_viewed:
                self.notify("✓ " + _("The solution meets every goal (solution viewed)."), markup=False)
            else:
                self.notify("✓ " + _("Solved! Every goal is met."), markup=False)
            return
        from tutor.lessons.goals import first_feedback_at

        feedback = first_feedback_at(result, self.feedback_tier())
        self.app.clear_notifications()  # (an older answer is stale now)
        self.notify(toast_text(plain(display(feedback))) if feedback is not None else _("Not solved yet."),
                    title=_("Still to do"), severity="warning", markup=False)
        before = self.feedback_tier()
        self.count_failed_check()
        if self.feedback_tier() != before:  # the feedback says more from now on
            self._update("#goals", lab_view.goals_content(result, self._width_of("#goals"), self.feedback_tier()))

    def action_hint(self) -> None:
        if self.sandbox:
            return
        if self.exam_running:
            self.notify(_("No hints during the exam. Hand it in with Ctrl+R first."), markup=False)
            return
        hints = self._ex.hints
        if not hints:
            self.notify(_("This exercise has no hints."), markup=False)
            return
        before = self.progress.peek_exercise(*self._keys).hints_used
        used = self.progress.use_hint(*self._keys, len(hints))
        self.progress.save()
        self._render_notes()
        if self._view is not None:
            self._render_view(self._view)  # the status, and the Check panel (a hint may say more)
        if used == before:
            self.notify(_("That was the last hint. Ctrl+S shows the solution."), markup=False)
        else:
            self.query_one("#notes").scroll_end(animate=False)

    def action_solution(self) -> None:
        if self.sandbox:
            self._save_file()
            return
        if self.exam_running:
            self.notify(_("No solution during the exam. Hand it in with Ctrl+R first."), markup=False)
            return
        from tutor.ui.dialogs import ConfirmDialog

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self.progress.view_solution(*self._keys)
            self.progress.save()
            if self._ex.kind == "command" and self._ex.solution_commands:
                self._solve_with_commands(self._ex)  # run in the console (worker), then shown
                return
            from tutor.lessons.goals import solution_answers

            self.answers.update(solution_answers(self._ex))  # the right answers to its questions too
            self.restore_answer_panel(self.answers)
            self.progress.set_answers(*self._keys, self.answers)
            self._replace_text(self._ex.solution)
            self._render_notes()
            self.notify(_("The solution is in the editor. Ctrl+Z brings your own text back."), markup=False)

        self.app.push_screen(ConfirmDialog(
            N_("Show the solution?"),
            N_("The editor will show a reference solution (Ctrl+Z brings your text back). This lesson will be "
               "marked “solution viewed”."),
            confirm=N_("Show the solution")), done)

    def action_reset_exercise(self) -> None:
        if self.sandbox:
            return
        from tutor.ui.dialogs import ConfirmDialog

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self._reset_console()
            self._replace_text(self._ex.start)
            self.progress.reset_exercise(*self._keys)
            self.progress.save()
            self.answers.clear()
            self.restore_answer_panel(None)
            self.restart_exam()
            self.apply_locks()
            self._generation += 1
            self._schedule_evaluation(immediate=True)
            self._render_notes()
            self.notify(_("The exercise starts over. Ctrl+Z brings your text back."), markup=False)

        self.app.push_screen(ConfirmDialog(
            N_("Start this exercise over?"),
            N_("The editor goes back to the starting text, the changes made with console commands are undone and "
               "the exercise is no longer marked solved. Ctrl+Z brings your text back."),
            confirm=N_("Start over"), danger=True), done)

    def _replace_text(self, text: str) -> None:
        """Replace the whole text as one edit, so Ctrl+Z restores the learner's text. The
        new text is not being typed: it counts at once (no pause to wait for)."""
        editor = self.editor
        if text != editor.text:
            self._quiet_next_edit = True
        editor.replace(text, (0, 0), editor.document.end, maintain_selection_offset=False)
        editor.move_cursor((0, 0))

    def _save_file(self, then: Callable[[], object] | None = None) -> None:
        """Ctrl+S in the free lab: write the editor's text to its file (through a symlink
        to its target, keeping the file's mode and line endings); on a dump, ask for a
        new file first. ``then``: called once saved."""
        files = self.files
        if files and not files.service_path and files.dump_path:
            self._save_dump_services(files, then)
            return
        if not files or not files.service_path:
            return
        path = Path(files.service_path)
        text = self.editor.text
        try:
            from tutor.ui.files import save_text

            save_text(path, text, files.newline)
        except OSError as exc:
            self.notify(_("Could not save {path}: {error}").format(path=path, error=exc.strerror or exc),
                        severity="error", markup=False)
            return
        self._saved_text = text
        self._show_unsaved()
        self.notify(_("Saved {path}").format(path=path), markup=False)
        if then is not None:
            then()

    def _save_dump_services(self, files: LabFiles, then: Callable[[], object] | None = None) -> None:
        """The lab on a dump: ask for a new file for the editor's text (never the dump,
        never a file that exists); later Ctrl+S save there."""
        from tutor.ui.dialogs import SaveAsDialog

        assert files.dump_path is not None  # (the caller checked)
        dump = Path(files.dump_path)
        suggestion = str(dump.with_name(dump.stem + "-services.yaml"))

        def done(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            if path.exists() or path.resolve() == dump.resolve():
                self.notify(_("{path} exists: choose a new file (the dump is never written over)").format(path=path),
                            severity="warning", markup=False)
                return
            files.service_path = str(path)
            files.newline = "\n"
            self._unsaved_shown = None
            self._save_file(then)

        self.app.push_screen(SaveAsDialog(N_("Save the Services to a new file"),
                                          N_("The dump stays as it is. The editor's text is written to:"),
                                          suggestion), done)

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Before the lab is left (Esc, quitting): a running exam is handed in first, or
        the learner stays (leaving and coming back must not restart its clock); in the lab
        on a file, unsaved changes are saved, discarded or kept, as the learner chooses;
        then ``then()``."""
        if self.exam_running:
            from tutor.ui.dialogs import ConfirmDialog

            def handed(confirmed: bool | None) -> None:
                if confirmed:
                    self.hand_in()
                    then()

            self.app.push_screen(ConfirmDialog(
                N_("Leave the exam?"),
                N_("Leaving hands the exam in as it is now: your score is the goals your text meets, and the "
                   "time so far. Keep going to stay."),
                confirm=N_("Hand in and leave"), cancel=N_("Keep going")), handed)
            return
        if not self.has_unsaved_changes():
            then()
            return
        from tutor.ui.dialogs import SaveChangesDialog

        files = self.files
        name = Path(files.service_path).name if files and files.service_path else _("the Services of the dump")

        def done(choice: str | None) -> None:
            if choice == "save":
                self._save_file(then)
            elif choice == "discard":
                self._saved_text = self.editor.text  # (nothing to ask again on the way out)
                then()

        self.app.push_screen(SaveChangesDialog(
            N_("Save your changes?"),
            lambda: _("Your changes to {file} are not saved yet. Save them before leaving, discard them, or "
                      "cancel and keep editing.").format(file=name)), done)

    def action_export(self) -> None:
        """Write the editor's text to a new file (an exercise's Ctrl+S shows the solution,
        so this is how its text leaves the tutor); never over a file that exists."""
        from tutor.ui.dialogs import SaveAsDialog

        if self.sandbox:
            files = self.files
            base = Path(files.service_path or files.dump_path or "manifest.yaml") if files else Path("manifest.yaml")
            suggestion = str(base.with_name(base.stem + "-copy.yaml"))
        else:
            suggestion = str(Path.cwd() / f"{self._lesson.id}-{self._ex.id}.yaml")
        text = self.editor.text

        def done(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            try:
                from tutor.ui.files import save_text

                save_text(path, text, exclusive=True)
            except FileExistsError:
                self.notify(_("{path} exists: choose a new file").format(path=path), severity="warning",
                            markup=False)
                return
            except OSError as exc:
                self.notify(_("Could not save {path}: {error}").format(path=path, error=exc.strerror or exc),
                            severity="error", markup=False)
                return
            self.notify(_("The editor's text was written to {path}").format(path=path), markup=False)

        self.app.push_screen(SaveAsDialog(N_("Export the editor's text"),
                                          N_("The editor's text is written to a new file:"), suggestion), done)

    def action_undo(self) -> None:
        self.editor.undo()

    def action_redo(self) -> None:
        self.editor.redo()

    def _next_exercise(self) -> Exercise | None:
        if self.sandbox:
            return None
        exercises = self._lesson.exercises
        index = exercises.index(self._ex)
        return exercises[index + 1] if index + 1 < len(exercises) else None

    def action_next_exercise(self) -> None:
        """The next exercise (or lesson). A text that passes counts at once (as with
        Ctrl+R); an exercise not solved yet says what is still to do and offers to skip."""
        if self.sandbox:
            return
        view = self._view
        if self._passing(view):
            self._mark_quiet()
        if self.progress.peek_exercise(*self._keys).status == DONE:
            self._go_next()
            return
        from tutor.ui.dialogs import ConfirmDialog

        result = view.result if view is not None else None

        def body() -> str:  # (in the language of the moment: F2 works in the dialog)
            todo = _first_failure(result) if result is not None else ""
            still = _("Still to do: {goal}").format(goal=todo) + "\n\n" if todo else ""
            return still + _("Skip it for now? It stays unsolved; “Continue” on the lessons screen brings you "
                             "back to it.")

        def done(skip: bool | None) -> None:
            if skip:
                self._go_next()

        self.app.push_screen(ConfirmDialog(N_("This exercise is not solved yet"), body,
                                           confirm=N_("Skip to the next"), cancel=N_("Keep working")), done)

    def _go_next(self) -> None:
        following = self._next_exercise()
        self.flush_progress()
        if following is not None:
            self.app.switch_screen(LabScreen(lesson=self.lesson, exercise=following))
            return
        app = self.tutor
        if app.neighbour(self._lesson, 1) is None or app.next_place() is None:
            app.show_course_end()  # the final exercise, or the last one still open
            return
        self.app.pop_screen()
        from tutor.ui.lesson import LessonScreen

        lesson_screen = self.app.screen
        if isinstance(lesson_screen, LessonScreen):
            lesson_screen.action_next_lesson()

    def action_back(self) -> None:
        if self.console_open:  # Esc closes the console first
            self.close_console()
            return

        def leave() -> None:
            self.flush_progress()
            if self.app.screen is self:
                self.app.pop_screen()

        self.confirm_leave(leave)

    def action_policy_port(self) -> None:
        """F8: the next port for the Policies panel's matrix, and the panel brought into
        view (at 80x24 it sits below the fold of the side column)."""
        panel = self.query_one(PoliciesPanel)
        panel.next_port()
        panel.scroll_visible(animate=False, top=True)

    def action_send_request(self) -> None:
        from tutor.ui.request import RequestDialog

        cluster = self._view.evaluation.cluster if self._view and self._view.evaluation else self._base

        def done(choice: tuple[Source, str] | None) -> None:
            if choice is None:
                return
            source, destination = choice
            self.request = lab_view.Request(source, destination)
            self._generation += 1
            self._schedule_evaluation(immediate=True)
            self._show_traffic = True  # (scrolled into view once it is drawn)

        current = (self.request.source, self.request.destination) if self.request is not None else None
        self.app.push_screen(RequestDialog(cluster, current), done)

    # ---------------------------------------------------------------- problems
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "problems" or self._view is None:
            return
        event.stop()
        option_id = event.option.id or ""
        if not option_id.startswith("p"):
            return
        problem = self._view.problems[int(option_id[1:])]
        self.go_to(problem.line, problem.column)

    def go_to(self, line: int | None, column: int | None) -> None:
        if not line:
            return
        row = max(0, min(line - 1, self.editor.document.line_count - 1))
        col = max(0, (column or 1) - 1)
        self.editor.move_cursor((row, col), center=True)
        self.editor.focus()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if not self.sandbox:
            yield N_("Check the exercise"), N_("Check every goal now (Ctrl+R)"), self.action_check
            yield N_("Show a hint"), N_("One more hint (F3)"), self.action_hint
            yield N_("Show the solution"), N_("After asking (Ctrl+S)"), self.action_solution
            yield N_("Reset this exercise"), N_("Start over from the starting text (F5, asks first)"), \
                self.action_reset_exercise
            yield N_("Next exercise"), N_("Go on to the next exercise (Ctrl+N)"), self.action_next_exercise
        yield N_("Send a request"), N_("Trace a request from a Pod or from outside (Ctrl+T)"), self.action_send_request
        yield N_("Export the editor's text"), N_("Write the editor's text to a new file (Ctrl+O)"), self.action_export
        yield N_("Show every label or the selector's"), \
            N_("The Pods panel: every label of every Pod, or the selector's labels (Ctrl+L)"), self.action_toggle_labels
        yield N_("Open the console"), N_("Run kubectl commands on this cluster (F6)"), self.action_console

    # ---------------------------------------------------------------- the console
    def _console_pods_text(self) -> str | list[Any] | None:
        """What the cluster was built from (the console reads images, probes, workloads)."""
        if not self.sandbox:
            from tutor.lessons.commands import base_text

            return base_text(self._ex)
        files = self.files
        pods_text = files.pods_text if files is not None and files.pods_paths else SANDBOX_PODS
        if files is not None and files.dump_path:
            pods_text = files.pods_text if files.pods_paths else ""
        if files is not None and files.cluster_text:
            pods_text = "\n---\n".join(t for t in (pods_text, files.cluster_text) if t.strip())
        return pods_text

    @property
    def _keeps_console(self) -> bool:
        """The console's changes are saved with the progress (exercises, and the free lab
        without files)."""
        files = self.files
        return not self.sandbox or not (files and (files.service_path or files.pods_paths or files.dump_path))

    def _saved_console(self) -> dict[str, Any] | None:
        return self.progress.peek_exercise(*self._keys).console if self._keeps_console else None

    def _kubectl_session(self) -> ConsoleSession:
        session = self.console_session
        if session is None:
            from tutor.ui.console import ConsoleSession

            assert self._base is not None  # made in on_mount
            session = self.console_session = ConsoleSession(self._base, self._console_pods_text(),
                                                            self._saved_console())
        return session

    @work(thread=True, group="console", description="console restore")
    def _restore_console(self, session: ConsoleSession, state: dict[str, Any]) -> None:
        """In a worker: the saved commands replayed on the exercise's cluster."""
        from tutor.ui.console import ConsolePanel

        cluster = session.cluster()
        self.post_message(ConsolePanel.ClusterChanged(state, cluster, save=False))

    @property
    def console_open(self) -> bool:
        panel = self.console_panel
        return panel is not None and panel.display

    def action_console(self) -> None:
        """F6: open the console (or go to it); F6 in the console closes it. Closed while
        a prediction is awaited or an exam runs (it would give the answer away)."""
        if self.panels_locked:
            from tutor.ui.lab_modes import locked_message

            self.notify(str(locked_message(self.exam_running)), markup=False)
            return
        panel = self.console_panel
        if panel is not None and panel.display:
            if panel.has_focus_within:
                self.close_console()
            else:
                panel.focus_input()
            return
        self._console_return = self.focused
        if panel is None:
            from tutor.lessons.goals import answer_goals
            from tutor.ui.console import ConsolePanel, load_css
            from tutor.ui.widgets import KeyBar

            load_css(self.app)
            panel = self.console_panel = ConsolePanel(
                self._kubectl_session(), lambda: self.editor.text,
                answer_goals(self._ex) if not self.sandbox else (), id="console")
            self.mount(panel, before=self.query_one(KeyBar))
            self.call_after_refresh(panel.focus_input)
            return
        panel.display = True
        panel.focus_input()

    def close_console(self) -> None:
        panel = self.console_panel
        if panel is None or not panel.display:
            return
        back = self._console_return
        inside = panel.has_focus_within
        panel.display = False
        self._console_return = None
        if not inside:
            return  # the learner is elsewhere already: the focus stays there
        if back is not None and back.is_attached and back.focusable and back is not panel.input:
            back.focus()
        else:
            self.editor.focus()

    def on_console_panel_closed(self, message: ConsolePanel.Closed) -> None:
        message.stop()
        self.close_console()

    def on_console_panel_cluster_changed(self, message: ConsolePanel.ClusterChanged) -> None:
        """A command changed the cluster (or saved commands were replayed): evaluate the
        editor on it, and keep the commands with the progress."""
        message.stop()
        self._console_cluster = message.cluster
        if message.save and self._keeps_console:
            self.progress.set_console(*self._keys, message.state)
            self.progress.save()
        self._generation += 1
        self._schedule_evaluation(immediate=True)

    def on_console_panel_exposed(self, message: ConsolePanel.Exposed) -> None:
        """``kubectl expose``: the Service goes to the end of the editor (one edit: Ctrl+Z
        removes it), and the cursor to it (the Pods panel shows what it selects)."""
        message.stop()
        from tutor.lessons.commands import manifest_addition

        editor = self.editor
        text = editor.text
        addition = manifest_addition(text, message.manifest)
        end = editor.document.end
        editor.insert(addition, end, maintain_selection_offset=False)
        first = end[0] + addition[: len(addition) - len(message.manifest)].count("\n")
        editor.move_cursor((min(first, editor.document.line_count - 1), 0))
        if self.console_session is not None:
            self.console_session.editor_changed(editor.text)

    def on_console_panel_answered(self, message: ConsolePanel.Answered) -> None:
        message.stop()
        self.answer_given(message.goal_id, message.answer)
        self.restore_answer_panel(self.answers)

    def _reset_console(self) -> None:
        """F5: the commands' changes are undone (the transcript stays)."""
        if self.console_session is not None:
            self.console_session.reset()
        self._console_cluster = None
        self._generation += 1
        self._schedule_evaluation(immediate=True)

    @work(thread=True, group="console", description="solution commands")
    def _solve_with_commands(self, exercise: Exercise) -> None:
        """In a worker: the exercise's ``solution_commands`` run (from its solution text,
        or its start text)."""
        from tutor.lessons.commands import evaluate_state, solution_run
        from tutor.lessons.goals import solution_answers

        ran = solution_run(exercise)
        try:
            evaluation = evaluate_state(exercise, ran.text, ran.commands)
        except Exception:  # noqa: BLE001 - the goals will say what is wrong
            evaluation = None
        answers = solution_answers(exercise, evaluation, text=ran.text)
        self.post_message(self.SolutionRan(ran, answers))

    class SolutionRan(Message):
        """The solution's commands ran: their results, and the right answers."""

        def __init__(self, ran: Any, answers: dict[str, Answer]) -> None:
            super().__init__()
            self.ran, self.answers = ran, answers

    def on_lab_screen_solution_ran(self, message: SolutionRan) -> None:
        ran = message.ran
        session = self._kubectl_session()
        state = {"commands": list(ran.commands), "namespace": "default"}
        session.adopt(state)
        self._console_cluster = ran.base if ran.commands else None
        if self._keeps_console:
            self.progress.set_console(*self._keys, state)
            self.progress.save()
        self.answers.update(message.answers)
        self.restore_answer_panel(self.answers)
        self.progress.set_answers(*self._keys, self.answers)
        if not self.console_open:
            self.action_console()
        panel = self.console_panel
        if panel is not None:
            panel.show_results(ran.results)
        self._generation += 1
        self._replace_text(ran.text)
        self._schedule_evaluation(immediate=True)
        self._render_notes()
        self.notify(_("The solution's commands ran in the console. Ctrl+Z brings your own text back."),
                    markup=False)


def collect_garbage() -> None:
    """Collect everything frozen since (evaluations of large texts, see GC_HOLD), then
    freeze what is alive again (as the app does once it has started)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


#: A toast says at most this many cells (a Hangul syllable takes two): it sits over the
#: editor, and the Check panel says the whole of it.
TOAST_CELLS = 110
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.\s")


def toast_text(text: str, limit: int = TOAST_CELLS) -> str:
    """``text`` for a toast: its first sentence, at most ``limit`` cells wide; when
    anything is left out, the toast says where the rest is."""
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    cut = text
    end = _SENTENCE_END.search(text, 20)
    if end is not None:
        cut = text[:end.start() + 1]
    if cell_len(cut) > limit:
        cut = set_cell_size(cut, limit - 1)
        space = cut.rfind(" ")
        if space > len(cut) * 2 // 3:  # (never in the middle of a word, when a space is near)
            cut = cut[:space]
        cut = cut.rstrip(" ,;:") + "…"
    if cut == text:
        return text
    return cut + " " + _("(the Check panel says more)")


def _has_manifest(evaluation: Evaluation | None) -> bool:
    """The evaluated text has a manifest (not only comments); unknown: True."""
    return evaluation is None or evaluation.has_manifest


def _first_failure(result: ExerciseResult) -> str:
    """The first goal ``result`` does not meet, in learner terms."""
    from tutor.lessons.goals import display

    failed = result.failed
    return plain(display(failed[0].label)) if failed else ""


def _request_from_spec(spec: dict[str, Any]) -> lab_view.Request | None:
    """The lesson's ``trace:`` preset (``from: {pod, container?, namespace?}`` or
    ``outside``; ``to``)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("to"), str):
        return None
    from tutor.k8s.trace import Source

    try:
        return lab_view.Request(Source.from_spec(spec.get("from")), spec["to"])
    except (ValueError, TypeError):
        return None
