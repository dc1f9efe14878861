"""The ktutor application: home, lessons, the lab; language switching; progress.

``run()`` is what ``ktutor`` calls. Only what the home screen needs is imported up front,
and the home screen is drawn from the lesson index (no lesson YAML is parsed at start);
a lesson is loaded from its file when it is opened, and the lesson screen (Markdown),
the lab (editor, tree-sitter, the engine) and the glossary are imported the first time
they are opened, so the tutor starts nearly as fast as an empty Textual app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tutor import i18n
from tutor.i18n import N_, Text, _
from tutor.progress import DONE, Progress, load_progress
from tutor.terminal import escape_controls
from tutor.ui.base import KModal, KScreen, LanguageApp, bilingual
from tutor.ui.lesson_index import LessonEntry, LessonIndex, load_full, load_index
from tutor.ui.sanitize import ControlCharacters

if TYPE_CHECKING:
    from tutor.lessons.model import Exercise, Lesson


@dataclass
class LabFiles:
    """What ``ktutor lab [SERVICE.yaml] [--pods PODS.yaml]`` opens."""

    text: str = ""
    pods_text: str = ""
    service_path: str | None = None
    pods_paths: list[str] = field(default_factory=list)
    #: a cluster dump opened with ``ktutor lab DUMP``: its Services are ``text``, the rest
    #: is ``cluster_text`` (never written back: Ctrl+S asks for a new file)
    dump_path: str | None = None
    cluster_text: str = ""
    dump_objects: int = 0
    #: the line ending of the file opened (Ctrl+S writes it back: a CRLF file stays CRLF)
    newline: str = "\n"


@dataclass
class CourseSummary:
    """The whole course in numbers (see :meth:`KTutorApp.course_summary`)."""

    total: int = 0
    solved: int = 0
    viewed: int = 0
    hints: int = 0
    unfinished: list[tuple[LessonEntry, str]] = field(default_factory=list)


def load_all_lessons(folder: Path | None = None) -> LessonIndex:
    """The lessons of ``folder`` (default: the shipped lessons) as the home screen lists
    them; a broken file is left out and reported, never fatal."""
    return load_index(folder)


def freeze_garbage_collector() -> None:
    """Move everything alive now (Textual, lessons, the engine once loaded) out of the
    garbage collector's reach: full collections then stay short, instead of pausing the
    interface for a few hundred milliseconds while the learner types."""
    import gc

    gc.freeze()


_CONTROL_FILTER = ControlCharacters()


class KTutorApp(LanguageApp):
    """The tutor. ``lessons``/``progress`` default to the shipped lessons and the
    learner's saved progress; tests pass their own."""

    CSS_PATH = "app.tcss"
    TITLE = "ktutor"
    BINDINGS = [
        Binding("f1", "help", N_("help"), key_display="F1"),
        Binding("f2", "switch_language", N_("switch language"), key_display="F2"),
        Binding("f4", "glossary", N_("glossary"), key_display="F4", show=False),
        Binding("ctrl+q", "quit", N_("quit"), priority=True),
    ]

    def __init__(self, lessons: LessonIndex | Sequence[LessonEntry] | None = None, progress: Progress | None = None,
                 *, lesson: str | None = None, lab: LabFiles | None = None) -> None:
        super().__init__()
        if lessons is None:
            lessons = load_index()
        if not isinstance(lessons, LessonIndex):
            lessons = LessonIndex(list(lessons))
        self.lessons: list[LessonEntry] = lessons.lessons
        self.lesson_problems: list[str] = lessons.problems
        self.progress = progress if progress is not None else load_progress()
        # exercises renamed or rebuilt since the progress was saved take over its records
        self._migrated = self.progress.apply_replacements(
            {entry.id: entry.replacements() for entry in self.lessons if entry.replaces})
        self.start_lesson = lesson
        self.start_lab = lab
        self._loaded: dict[str, Lesson] = {}

    # ------------------------------------------------------------------ the terminal
    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the removal of control characters from what is drawn
        (a raw ESC in the editor's text must not reach the terminal: tutor.ui.sanitize)."""
        return [*super().get_line_filters(), _CONTROL_FILTER]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """(App) Messages quote names and file names from input: their control characters
        are shown escaped (``^[``), never sent to the terminal."""
        super().notify(escape_controls(str(message), keep="\n"), title=escape_controls(str(title)),
                       severity=severity, timeout=timeout, markup=markup)

    # ------------------------------------------------------------------ lifecycle
    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the app's first screen (nothing is drawn before it)."""
        from tutor.ui.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.progress.on_notice = self._show_notice
        if self._migrated:
            self.progress.save()
        self._handle_signals()
        if self.start_lab is not None:
            self.open_lab(self.start_lab)
        elif self.start_lesson is not None:
            entry = self.lesson_by_id(self.start_lesson)
            if entry is not None:
                self.open_lesson(entry)
        for notice in self.progress.notices:
            self._show_notice(notice)
        for problem in self.lesson_problems:
            self.notify(_("A lesson file could not be loaded and is left out: {problem}").format(problem=problem),
                        severity="warning", timeout=15, markup=False)
        self.call_after_refresh(freeze_garbage_collector)

    def on_unmount(self) -> None:
        self.save_progress()

    def _show_notice(self, notice: Text) -> None:
        self.notify(str(notice), title=_("Progress"), severity="warning", timeout=15, markup=False)

    def _tutor_screens(self) -> list[KScreen]:
        return [screen for screen in self.screen_stack if isinstance(screen, KScreen)]

    # ------------------------------------------------------------------ signals
    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP (the terminal closed) end the tutor the way quitting does:
        progress saved (the editor's last keystrokes too), the terminal restored (the
        alternate screen left, the mouse off), exit status 128 + the signal (143, 129).
        Python's default would end the process at once, in the alternate screen."""
        if self.is_headless:  # (tests: pytest keeps its own handlers)
            return
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, self._on_signal, int(signum))
            except (NotImplementedError, RuntimeError, ValueError):  # Windows, not the main thread
                pass

    _signalled = False

    def _on_signal(self, signum: int) -> None:
        if self._signalled:  # (a hangup right after a SIGTERM: saved and kept once)
            return
        self._signalled = True
        import signal

        for name in ("SIGTERM", "SIGHUP"):  # further ones must not cut the way out short
            other = getattr(signal, name, None)
            if other is not None:
                try:
                    signal.signal(other, signal.SIG_IGN)
                except (ValueError, OSError):  # pragma: no cover - not the main thread
                    pass
        try:
            self.save_progress()  # first: after a hangup the terminal may be gone
        except Exception:  # noqa: BLE001 - exit all the same
            pass
        try:
            self.keep_unsaved()
        except Exception:  # noqa: BLE001
            pass
        self.exit(return_code=128 + signum)

    #: (file name, where its unsaved text was kept) for each lab on a file whose changes
    #: were not saved when a signal ended the tutor (said on stderr after the terminal
    #: is restored)
    kept: list[tuple[str, Path]]

    def keep_unsaved(self) -> None:
        """A signal ends the tutor while a lab on a file has changes not saved: there is
        no one to ask, and the file is not written over without asking, so the text is
        kept in the data folder (``unsaved/<file name>-<time>``), never lost."""
        import time as _time

        from tutor import paths
        from tutor.ui.files import save_text
        from tutor.ui.lab import LabScreen

        self.kept = []
        for screen in self.screen_stack:
            if not isinstance(screen, LabScreen) or not screen.has_unsaved_changes():
                continue
            name = screen.file_name()
            folder = paths.data_dir() / "unsaved"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = _time.strftime("%Y%m%d-%H%M%S")
            newline = screen.files.newline if screen.files is not None else "\n"
            for n in range(1, 100):
                target = folder / (f"{name}-{stamp}" + (f"-{n}" if n > 1 else ""))
                try:
                    save_text(target, screen.editor.text, newline, exclusive=True)
                except FileExistsError:
                    continue
                self.kept.append((name, target))
                break

    def save_progress(self) -> None:
        for screen in self._tutor_screens():
            screen.flush_progress()
        self.progress.save_if_dirty()

    # ------------------------------------------------------------------ screens
    def _ensure_css(self, screen: Screen[Any] | str) -> None:
        """Read a screen's extra CSS (``LAZY_CSS``) the first time such a screen opens.

        Textual's own per-screen CSS restyles every widget of every open screen; the
        rules here only concern screens not mounted yet, so reading them is enough."""
        if not isinstance(screen, (KScreen, KModal)) or not screen.LAZY_CSS:
            return
        names = (screen.LAZY_CSS,) if isinstance(screen.LAZY_CSS, str) else screen.LAZY_CSS
        paths = [Path(__file__).with_name(name) for name in names]
        fresh = [path for path in paths if not self.stylesheet.has_source(str(path), "")]
        for path in fresh:
            self.stylesheet.read(path)
        if fresh:
            self.stylesheet.reparse()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._ensure_css(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._ensure_css(screen)
        return super().switch_screen(screen)

    # ------------------------------------------------------------------ lessons
    def lesson_by_id(self, lesson_id: str) -> LessonEntry | None:
        return next((entry for entry in self.lessons if entry.id == lesson_id), None)

    def neighbour(self, lesson: LessonEntry | Lesson, step: int) -> LessonEntry | None:
        """The lesson ``step`` places after ``lesson`` in the list (before it when negative)."""
        ids = [entry.id for entry in self.lessons]
        if lesson.id not in ids:
            return None
        index = ids.index(lesson.id) + step
        return self.lessons[index] if 0 <= index < len(self.lessons) else None

    def full_lesson(self, entry: LessonEntry) -> Lesson | None:
        """The whole lesson (loaded from its file the first time); None, after telling the
        learner, when the file cannot be used any more."""
        lesson = self._loaded.get(entry.id)
        if lesson is None:
            from tutor.lessons.model import LessonError

            try:
                lesson = load_full(entry)
            except LessonError as exc:
                self.notify(_("This lesson could not be loaded: {problem}").format(problem=str(exc)),
                            severity="error", timeout=15, markup=False)
                return None
            self._loaded[entry.id] = lesson
        return lesson

    def all_lessons(self) -> list[Lesson]:
        """Every lesson that can be loaded (the glossary shows where a term is used)."""
        from tutor.lessons.model import LessonError

        out = []
        for entry in self.lessons:
            lesson = self._loaded.get(entry.id)
            if lesson is None:
                try:
                    lesson = self._loaded[entry.id] = load_full(entry)
                except LessonError:
                    continue
            out.append(lesson)
        return out

    def open_lesson(self, entry: LessonEntry, *, replace: bool = False) -> None:
        from tutor.ui.lesson import LessonScreen

        lesson = self.full_lesson(entry)
        if lesson is None:
            return
        screen = LessonScreen(lesson)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_exercise(self, lesson: Lesson, exercise: Exercise) -> None:
        from tutor.ui.lab import LabScreen

        self.push_screen(LabScreen(lesson=lesson, exercise=exercise))

    def open_lab(self, files: LabFiles | None = None) -> None:
        from tutor.ui.lab import LabScreen

        self.push_screen(LabScreen(files=files or LabFiles()))

    def go_home(self) -> None:
        from tutor.ui.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def next_place(self) -> tuple[LessonEntry, str | None] | None:
        """Where "Continue" goes: the exercise the learner was in when it is not solved
        yet, else the next unfinished place after it in course order (wrapping round): an
        unsolved exercise, or a lesson without exercises never opened. None when the
        whole course is finished. (A lesson's exercises come from the index: nothing is
        loaded.)"""
        progress = self.progress
        places: list[tuple[LessonEntry, str | None]] = [
            (entry, exercise) for entry in self.lessons for exercise in (entry.exercises or (None,))]
        if not places:
            return None
        start = 0
        for i, (entry, exercise) in enumerate(places):
            if entry.id == progress.last_lesson:
                if exercise == progress.last_exercise:
                    start = i
                    break
                if start == 0:
                    start = i
        for entry, exercise in places[start:] + places[:start]:
            if exercise is None:
                record = progress.lessons.get(entry.id)
                if record is None or not record.opened:
                    return entry, None
            elif progress.peek_exercise(entry.id, exercise).status != DONE:
                return entry, exercise
        return None

    def continue_learning(self) -> None:
        """Open the next unfinished exercise (from where the learner was), with its lesson
        under it; a lesson never opened is opened to be read first. When everything is
        finished, the course summary."""
        if not self.lessons:
            self.notify(_("There are no lessons to open."), severity="warning")
            return
        place = self.next_place()
        if place is None:
            self.show_course_end()
            return
        entry, exercise_id = place
        lesson = self.full_lesson(entry)
        if lesson is None:
            return
        record = self.progress.lessons.get(entry.id)
        self.go_home()
        self.open_lesson(entry)
        exercise = lesson.exercise(exercise_id) if exercise_id else None
        if exercise is not None and record is not None and record.opened:
            self.open_exercise(lesson, exercise)

    def course_summary(self) -> CourseSummary:
        """How the course went: exercises solved (without the solution), solutions
        viewed, hints used, and the unfinished ones (lesson, exercise id)."""
        summary = CourseSummary()
        for entry in self.lessons:
            for exercise in entry.exercises:
                record = self.progress.peek_exercise(entry.id, exercise)
                summary.total += 1
                summary.hints += record.hints_used
                if record.solution_viewed:
                    summary.viewed += 1
                elif record.status == DONE:
                    summary.solved += 1
                if record.status != DONE:
                    summary.unfinished.append((entry, exercise))
        return summary

    def show_course_end(self) -> None:
        """The course summary (after the final exercise, or "Continue" with everything done)."""
        from tutor.ui.course import CourseScreen

        self.go_home()
        self.push_screen(CourseScreen())

    # ------------------------------------------------------------------ language
    def action_switch_language(self) -> None:
        lang = i18n.other_language()
        i18n.set_language(lang)  # publishes language_changed: every screen draws itself again
        self.progress.set_language(lang)
        self.progress.save()

    def action_follow_locale(self) -> None:
        """Forget the language saved with F2: the locale (or KTUTOR_LANG) decides again."""
        self.progress.set_language(None)
        self.progress.save()
        lang = i18n.negotiate()
        if lang != i18n.get_language():
            i18n.set_language(lang)
        self.notify(_("The interface now follows the system language ({language}).").format(
            language=i18n.LANGUAGES[lang]), markup=False)

    # ------------------------------------------------------------------ actions
    def action_help(self) -> None:
        from tutor.ui.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    def action_glossary(self) -> None:
        from tutor.ui.glossary import GlossaryScreen, glossary_available

        if isinstance(self.screen, GlossaryScreen):
            self.pop_screen()
        elif glossary_available():
            self.push_screen(GlossaryScreen())
        else:
            self.notify(_("The glossary is not available."), severity="warning")

    async def action_quit(self) -> None:
        self.leave_screens(self._quit_now)

    def _quit_now(self) -> None:
        self.save_progress()
        self.exit(0)

    def leave_screens(self, then: Callable[[], object]) -> None:
        """Call ``then()`` once every open screen may be left: one with unsaved work (the
        free lab on a file) asks first, and nothing happens when the learner cancels."""
        screens = list(reversed(self._tutor_screens()))

        def step(index: int) -> None:
            if index == len(screens):
                then()
            else:
                screens[index].confirm_leave(lambda: step(index + 1))

        step(0)

    def action_reset_all(self) -> None:
        from tutor.ui.dialogs import ConfirmDialog

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            for screen in self._tutor_screens():
                screen.forget_progress()
            self.progress.reset_all()
            self.progress.save()
            self.go_home()
            for screen in self._tutor_screens():
                screen.refresh_progress()
            self.notify(_("All progress was reset."))

        self.push_screen(ConfirmDialog(
            N_("Reset all progress?"),
            N_("Every lesson goes back to “not started”: solved exercises, hints, viewed "
               "solutions and your saved editor texts are forgotten. This cannot be undone."),
            confirm=N_("Reset everything"), danger=True), done)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # (is_open is typed for App[object]; App is invariant in its result type)
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands, named in the current language (and, in Korean, also in
        English so the English name is searchable)."""
        from tutor.ui.home import HomeScreen

        if isinstance(screen, KScreen):
            for name, help_text, callback in screen.palette_commands():
                yield SystemCommand(bilingual(name), _(help_text), callback)
        yield SystemCommand(bilingual(N_("Switch language")),
                            _("Switch between 한국어 and English (F2)"), self.action_switch_language)
        yield SystemCommand(bilingual(N_("Follow the system language")),
                            _("Forget the language saved with F2: the locale decides, as with ktutor --lang auto"),
                            self.action_follow_locale)
        yield SystemCommand(bilingual(N_("Help")), _("Keys, how exercises are checked, where progress is kept (F1)"),
                            self.action_help)
        yield SystemCommand(bilingual(N_("Glossary")), _("Kubernetes terms in 한국어 and English (F4)"),
                            self.action_glossary)
        if not isinstance(screen, HomeScreen):
            yield SystemCommand(bilingual(N_("Lessons")), _("Back to the list of lessons"),
                                lambda: self.leave_screens(self.go_home))
        yield SystemCommand(bilingual(N_("Continue where I left off")), _("Open the next exercise not solved yet"),
                            lambda: self.leave_screens(self.continue_learning))
        yield SystemCommand(bilingual(N_("Open the free lab")),
                            _("Edit any Service and Pods and watch what they select"), lambda: self.open_lab())
        yield SystemCommand(bilingual(N_("Reset all progress")), _("Forget every solved exercise (asks first)"),
                            self.action_reset_all)
        yield SystemCommand(bilingual(N_("Theme")), _("Change the colours"), self.action_change_theme)
        yield SystemCommand(bilingual(N_("Quit")), _("Save progress and leave ktutor (Ctrl+Q)"), self.action_quit)


# --------------------------------------------------------------------------- entry point
def _read(path: str, what: str) -> tuple[str | None, str | None]:
    # bounded (`ktutor lab /dev/zero` stops at the limit); a pipe the learner named is read
    from tutor.check import MAX_BYTES
    from tutor.safeio import ReadError, read_text
    from tutor.terminal import escape_controls

    try:
        return read_text(path, MAX_BYTES), None
    except ReadError as exc:
        return None, _("{what} {path} cannot be read: {reason}").format(what=what, path=escape_controls(path),
                                                                        reason=exc.detail())


def set_lab_text(files: LabFiles, path: str, text: str) -> None:
    """The free lab's text from the file at ``path``. A cluster dump (a List, or
    documents besides Services) is split: its Services go to the editor, the rest is the
    cluster, and the dump itself is never saved over."""
    from tutor.k8s.dumps import split_dump  # (here: only `ktutor lab FILE` needs it)

    files.text, files.service_path = text, path
    parts = split_dump(text)
    if parts is not None:
        files.text, files.cluster_text, files.dump_objects = parts.services, parts.cluster, parts.object_count
        files.dump_path, files.service_path = path, None


def run(lesson: str | None = None, lab: bool = False, service: str | None = None,
        pods: Sequence[str] | None = None, *, lang_option: str | None = None) -> int:
    """Start the tutor; return the process exit code.

    ``lang_option``: the ``--lang`` the command line gave, if any (it, or KTUTOR_LANG,
    wins over the language saved with the progress; ``auto`` forgets that one). Problems with the command line (an
    unknown lesson id, a file that cannot be read) are printed before the interface
    starts, with exit code 2.
    """
    loaded = load_index()
    if lesson is not None and not any(entry.id == lesson for entry in loaded.lessons):
        ids = ", ".join(entry.id for entry in loaded.lessons) or _("(none)")
        print(_("ktutor: there is no lesson {id!r}. Lessons: {ids}").format(id=lesson, ids=ids), file=sys.stderr)
        return 2
    files = None
    if lab:
        files = LabFiles(service_path=service, pods_paths=list(pods or []))
        if service:
            text, error = _read(service, _("The manifest"))
            if error:
                print("ktutor: " + error, file=sys.stderr)
                return 2
            set_lab_text(files, service, text or "")
            from tutor.ui.files import newline_of

            files.newline = newline_of(service)
        pod_texts = []
        for path in pods or []:
            text, error = _read(path, _("The Pods file"))
            if error:
                print("ktutor: " + error, file=sys.stderr)
                return 2
            pod_texts.append(text or "")
        files.pods_text = "\n---\n".join(t.strip("\n") for t in pod_texts if t.strip())
    progress = load_progress()
    chosen = i18n.normalize(lang_option) or i18n.normalize(os.environ.get("KTUTOR_LANG"))
    if lang_option == "auto":
        progress.set_language(None)  # the locale decides again (saved on the way out)
    elif progress.language and not chosen and progress.language in i18n.LANGUAGES:
        i18n.set_language(progress.language)
    app = KTutorApp(loaded, progress, lesson=lesson, lab=files)
    app.kept = []
    try:
        app.run()
    finally:
        progress.save_if_dirty()
    for name, where in app.kept:
        print("ktutor: " + _("your changes to {file} were not saved; they are kept in {path}").format(
            file=escape_controls(name), path=escape_controls(str(where))), file=sys.stderr)
    return app.return_code or 0
