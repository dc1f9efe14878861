"""The TUI under attack (issue 10, items 1, 3, 4, 10, 12): ``NO_COLOR``, control
characters and markup in names, keys in a burst, huge texts, a lesson cache of the wrong
shape. Pilot tests; they check mechanisms, never a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor import i18n
from tutor.progress import load_progress
from tutor.ui import lab as lab_mod
from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons
from tutor.ui.lab import SANDBOX_SERVICE, LabScreen

LESSONS = Path(__file__).resolve().parents[1] / "ui" / "lessons"
SIZE = (100, 30)

SERVICE = SANDBOX_SERVICE


@pytest.fixture(autouse=True)
def _quick_lab(monkeypatch):
    """Evaluate each keystroke at once (tests wait for the worker, never for a timer)."""
    monkeypatch.setenv("KTUTOR_STRICT", "1")
    monkeypatch.setattr(lab_mod, "DEBOUNCE", 0.001)
    monkeypatch.setattr(lab_mod, "SAVE_DELAY", 0.001)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


async def settle(pilot) -> None:
    """Wait until the lab on screen shows the evaluation of the text on screen."""
    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, LabScreen) or screen.settled:
            return
    raise AssertionError("the lab never showed the evaluation of the current text")


def screen_text(app) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


def free_lab(text: str = SERVICE, **files) -> KTutorApp:
    return KTutorApp(load_all_lessons(LESSONS), lab=LabFiles(text=text, **files))


async def open_exercise(pilot) -> LabScreen:
    app = pilot.app
    app.open_lesson(app.lessons[0])
    await pilot.pause()
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


# --------------------------------------------------------------------------- item 1: NO_COLOR
async def test_no_color_lab_flows_with_problem_marks(monkeypatch):
    """NO_COLOR=1 crashed the lab on the first problem mark (a Segment without a style
    under Textual's monochrome filter). The key lab flows, in that mode."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        lab = await open_exercise(pilot)
        before = lab.editor.marks
        lab.editor.move_cursor((3, len(lab.editor.document.get_line(3))))
        await pilot.press(*"!!")  # an invalid name: a problem mark in the gutter
        await settle(pilot)
        assert lab.editor.marks.get(3) == "error"
        await pilot.pause()
        assert "✗" in screen_text(app)  # the mark is drawn
        await pilot.press("f3")  # a hint
        await pilot.press("f2")  # the other language
        await settle(pilot)
        await pilot.press("f2")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert lab.editor.marks == before
    assert app.return_code in (None, 0)


async def test_no_color_free_lab(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = free_lab(SERVICE.replace("port: 80", "port: 0"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.editor.marks
        await pilot.press("ctrl+t", "escape")
        await pilot.pause()
        screen_text(app)
    assert app.return_code in (None, 0)


# --------------------------------------------------------------------------- item 10: huge texts
def services(n: int) -> str:
    return "".join(SERVICE.replace("my-service", f"svc-{i}") + "---\n" for i in range(n))


async def test_highlighting_turns_off_above_a_size_and_back_on(monkeypatch):
    from tutor.ui import editor as editor_mod

    monkeypatch.setattr(editor_mod, "HIGHLIGHT_LIMIT", 2_000)
    monkeypatch.setattr(editor_mod, "HIGHLIGHT_AGAIN", 1_500)
    app = free_lab()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.editor
        assert editor.highlighting
        editor.move_cursor((3, 4))
        editor.insert(services(20))  # a paste
        cursor = editor.cursor_location
        await settle(pilot)
        assert not editor.highlighting
        assert editor.cursor_location == cursor  # the learner's place is kept
        editor.undo()
        await settle(pilot)
        assert editor.highlighting


async def test_huge_texts_are_not_evaluated_as_typed_but_on_ctrl_r(monkeypatch):
    monkeypatch.setattr(lab_mod, "EVAL_LIMIT", 3_000)
    started = []
    real = LabScreen._evaluate

    def counting(self, job):
        started.append(len(job.text))
        return real(self, job)

    monkeypatch.setattr(LabScreen, "_evaluate", counting)
    app = free_lab()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        lab.editor.move_cursor((0, 0))
        lab.editor.insert(services(40))
        await settle(pilot)
        assert lab.paused and "too large to check as you type" in str(lab.query_one("#status").render())
        before = len(started)
        await pilot.press(*"abc")
        await settle(pilot)
        assert len(started) == before  # typing is not evaluated
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert len(started) == before + 1 and started[-1] > 3_000  # Ctrl+R evaluates it once
        lab.editor.undo()
        lab.editor.undo()
        await settle(pilot)
        assert not lab.paused and started[-1] <= 3_000  # smaller again: evaluated as typed


async def test_at_most_one_evaluation_runs_and_the_last_text_wins(monkeypatch):
    """Every keystroke used to start another engine thread on the whole text; now one
    runs at a time, and the text typed meanwhile is evaluated when it ends."""
    import threading

    from tutor.ui import lab_view

    release = threading.Event()
    running = []
    seen = []
    real_build = lab_view.build

    def slow_build(generation, text, *args, **kwargs):
        running.append(1)
        assert len(running) == 1, "two evaluations at once"
        release.wait(30)
        seen.append(text)
        running.pop()
        return real_build(generation, text, *args, **kwargs)

    app = free_lab(services(30))  # too big for the inline path: evaluated in the worker
    async with app.run_test(size=SIZE) as pilot:
        release.set()
        await settle(pilot)
        release.clear()
        monkeypatch.setattr(lab_view, "build", slow_build)
        lab = app.screen
        lab.editor.move_cursor((3, 4))
        for key in "xyz":
            await pilot.press(key)
            await pilot.pause(0.01)
        assert not lab.settled
        release.set()
        await settle(pilot)
        assert seen[-1] == lab.editor.text  # the last text was evaluated
        assert len(seen) <= 3


async def test_a_text_too_big_to_save_is_told_once(monkeypatch):
    from tutor import progress as progress_mod

    monkeypatch.setattr(progress_mod, "MAX_TEXT", 2_000)
    told = []
    app = free_lab()
    real_notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, *a, **k: (told.append(str(message)), real_notify(message, *a, **k)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        lab.editor.move_cursor((0, 0))
        lab.editor.insert(services(20))
        await settle(pilot)
        await pilot.press(*"ab")
        await settle(pilot)
        lab.flush_progress()
    warnings = [t for t in told if "too large to be saved" in t]
    assert len(warnings) == 1
    saved = load_progress().peek_exercise(lab_mod.SANDBOX_LESSON, lab_mod.SANDBOX_EXERCISE).text
    assert saved is None or len(saved) <= 2_000


def test_the_editors_documents_answer_their_size_as_textual_does():
    """The huge-text fast paths (tutor.ui.fastpaths) give the same answers as Textual."""
    import random

    from textual.document._document import Document
    from textual.document._wrapped_document import WrappedDocument

    from tutor.ui.fastpaths import _quick, _QuickHeight

    rng = random.Random(7)
    text = "a: 1\n\tb: 웹\n" * 50
    quick, plain = Document(text), Document(text)
    _quick(quick)
    wrapped = WrappedDocument(quick, tab_width=2)
    wrapped.__class__ = _QuickHeight
    for _ in range(300):
        lines = plain.line_count
        start = (rng.randrange(lines), 0)
        start = (start[0], rng.randrange(len(plain.get_line(start[0])) + 1))
        end_row = min(lines - 1, start[0] + rng.randrange(3))
        end = (end_row, rng.randrange(len(plain.get_line(end_row)) + 1)) if end_row > start[0] else (
            start[0], rng.randrange(start[1], len(plain.get_line(start[0])) + 1))
        insert = rng.choice(["", "x", "\n", "웹\t", "long line " * 20, "a\nb\nc"])
        r1 = plain.replace_range(start, end, insert)
        r2 = quick.replace_range(start, end, insert)
        wrapped.wrap_range(start, end, r2.end_location)
        assert r1 == r2
        assert quick.get_size(2) == plain.get_size(2)
        assert quick.char_count == len(plain.text) and quick.text == plain.text
        assert wrapped.height == WrappedDocument.height.fget(wrapped)


async def test_undoing_a_large_paste_does_not_crash_the_editor():
    """Textualize/textual#6686: undo of a paste that made the scrollbar appear crashed
    TextArea (the cursor still pointed into the removed text)."""
    app = free_lab()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        lab.editor.move_cursor((3, 4))
        await pilot.pause()
        app.copy_to_clipboard("\n".join(f"line{i}" for i in range(60)))
        lab.editor.insert(app.clipboard)
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert lab.editor.text == SERVICE
    assert app.return_code in (None, 0)


# --------------------------------------------------------------------------- item 4: keys in a burst
def _burst(app, *keys: str) -> None:
    """Keys arriving in one burst (a fast typist, SSH): handed to the app as the terminal
    driver hands them over, without waiting between them (Pilot.press waits for the app
    to be idle after each key)."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_keys_in_a_burst_are_applied_in_arrival_order():
    """Textualize/textual#6605: the editor's bindings ran after printable keys that
    arrived later: ``End x`` put the x at the start of the line."""
    app = free_lab()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen.editor
        editor.move_cursor((3, 0))  # "  name: my-service"
        _burst(app, "end", "x", "home", "y", "down", "end", "z", "left", "w")
        await settle(pilot)
        assert editor.document.get_line(3) == "  yname: my-servicex"
        assert editor.document.get_line(4) == "spec:wz"
        editor.move_cursor((1, len("kind: Service")))
        _burst(app, "a", "b", "backspace", "c", "left", "delete", "d", "shift+home", "e")
        await settle(pilot)
        # "kind: Serviceab" -> "...a" -> "...ac" -> c deleted -> "...ad" -> all selected, replaced
        assert editor.document.get_line(1) == "e"


# --------------------------------------------------------------------------- item 12: the lesson cache
def _poisoned_caches() -> list:
    """Valid JSON of the right format, made for exactly these files, with the wrong
    types or values inside."""
    def entry(**changes):
        good = {"id": "select", "number": 1, "title": "Select the web Pods", "summary": "s",
                "exercises": ["fix-selector"], "file": "01-select.yaml"}
        return {**good, **changes}

    return [
        {"lessons": [entry(exercises="fix-selector")]},
        {"lessons": [entry(title=None)]},
        {"lessons": [entry(number=True)]},
        {"lessons": [entry(number="1")]},
        {"lessons": [entry(id=["select"])]},
        {"lessons": [entry(file="../../../../etc/passwd")]},
        {"lessons": [entry(file="/etc/passwd")]},
        {"lessons": [entry(file="02-two.yaml"), entry(file="02-two.yaml")]},
        {"lessons": [entry(), entry()]},  # the same id twice
        {"lessons": [entry(extra={"x": 1})]},
        {"lessons": [entry(exercises=["a", "a"])]},
        {"lessons": {"select": entry()}},
        {"lessons": [entry()], "problems": "x"},
        {"lessons": [[1, 2]]},
        {"lessons": [entry(number=10 ** 30)]},
        {"lessons": [entry(title="x" * 10)] * 3},
    ]


@pytest.mark.parametrize("case", range(len(_poisoned_caches())))
async def test_a_lesson_cache_of_the_wrong_shape_means_parsing_again(case):
    import json

    from tutor.ui import lesson_index

    files = lesson_index.lesson_files(LESSONS)
    good = lesson_index.build(LESSONS, files)
    data = json.loads(lesson_index.to_json(good, files))
    data.update(_poisoned_caches()[case])
    path = lesson_index.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    index = lesson_index.load_index(LESSONS)
    assert [(e.id, e.number, e.title, e.exercises, e.path) for e in index.lessons] == [
        (e.id, e.number, e.title, e.exercises, e.path) for e in good.lessons]
    app = KTutorApp(load_all_lessons(LESSONS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Select the web Pods" in screen_text(app)
    assert app.return_code in (None, 0)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes")
def test_a_pipe_as_lesson_cache_is_not_read(tmp_path):
    import os

    from tutor.ui import lesson_index

    path = lesson_index.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    from resilience_helpers import LIMIT, within

    index = within(LIMIT, lesson_index.load_index, LESSONS)
    assert [e.id for e in index.lessons] == ["select", "two-steps"]


def test_the_index_bounds_lesson_files_as_the_model_does():
    from tutor.lessons import model
    from tutor.ui import lesson_index

    assert lesson_index.MAX_LESSON_BYTES == model.MAX_LESSON_BYTES


# --------------------------------------------------------------------------- item 3: names in the TUI
RAW = ("\x1b", "\x07", "\x9b", "\x08", "\r")


def terminal_output(app) -> str:
    """What the terminal driver would write for the whole screen."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


async def test_control_characters_and_markup_from_input_are_shown_literally(tmp_path):
    text = SERVICE.replace("my-service", "a\x1b]0;pwned\x07b\x1b[2Jc\x9b31m\x08\r")
    name = "svc\x1b]0;title\x07[bold red]x.yaml"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    pods = tmp_path / "pods\x1b[2J[b]x.yaml"
    pods.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: x}}\n"
                    "spec: {containers: [{name: c, image: x}]}\n", encoding="utf-8")
    app = KTutorApp(load_all_lessons(LESSONS), lab=LabFiles(text=text, service_path=str(path),
                                                            pods_paths=[str(pods)], pods_text=pods.read_text()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.notify("saved " + name, title="t\x1b]0;x\x07", markup=False)
        await pilot.press("ctrl+s")  # "Saved <path>" names the file
        await pilot.pause()
        shown = screen_text(app)
        written = terminal_output(app)
        for char in RAW:
            assert char not in shown, repr(char)
        # the only ESCs written are Textual's own (cursor moves and styles: ESC [ ... m/H/?)
        import re

        assert not re.search(r"\x1b[^\[]|\x1b\[[0-9;]*[JK]", written), "an escape of the input reached the terminal"
        assert "\x9b" not in written and "\x07" not in written
        assert "svc^[]0;title\\x07[bold red]x.yaml" in shown  # the title bar and the editor's border
        assert shown.count("[bold red]x.yaml") >= 2
        assert "Pods from pods^[[2J[b]x.yaml." in shown
    assert app.return_code in (None, 0)


async def test_large_texts_are_evaluated_with_the_collector_held_off(monkeypatch):
    """Full garbage collections set off by a large evaluation paused the UI thread for
    50-100 ms: the worker holds the collector off and freezes what it made; the garbage
    is collected once typing stops."""
    import gc

    from tutor.ui import lab_view

    monkeypatch.setattr(lab_mod, "GC_HOLD", 2_000)
    monkeypatch.setattr(lab_mod, "GC_HELD", 1)  # collected as soon as one is held
    collecting_during_build = []
    collected = []
    real_build = lab_view.build

    def build(generation, text, *args, **kwargs):
        collecting_during_build.append((len(text), gc.isenabled()))
        return real_build(generation, text, *args, **kwargs)

    monkeypatch.setattr(lab_view, "build", build)
    monkeypatch.setattr(lab_mod, "collect_garbage", lambda: collected.append(1))
    app = free_lab(services(30))  # about 4,000 characters: held
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert collecting_during_build and all(not enabled for size, enabled in collecting_during_build
                                               if size >= 2_000)
        assert gc.isenabled()
        assert collected
