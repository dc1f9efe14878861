"""Pilot tests of every flow: home → lesson → lab, exercises, language, progress, sizes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from ktui_helpers import screen_text, settle, widget_text
from tutor import i18n
from tutor.progress import DONE, load_progress, progress_path
from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons, run
from tutor.ui.dialogs import ConfirmDialog
from tutor.ui.home import HomeScreen
from tutor.ui.lab import LabScreen
from tutor.ui.lesson import LessonScreen

LESSONS = Path(__file__).parent / "lessons"
SIZE = (100, 30)


def make_app(**kwargs) -> KTutorApp:
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


def first_exercise(app: KTutorApp):
    lesson = app.full_lesson(app.lessons[0])
    assert lesson is not None
    return lesson.exercises[0]


def pods_rows(lab: LabScreen) -> list[str]:
    rows = lab.query_one("#pods").rows
    return [rows[i].plain for i in range(len(rows))]


def static_text(screen, selector: str) -> str:
    return widget_text(screen.query_one(selector, Static))


async def open_lab(pilot, lesson_index: int = 0) -> LabScreen:
    app = pilot.app
    app.open_lesson(app.lessons[lesson_index])
    await pilot.pause()
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def type_at(pilot, lab: LabScreen, row: int, column: int, text: str) -> None:
    lab.editor.move_cursor((row, column))
    await pilot.press(*("enter" if ch == "\n" else ch for ch in text))
    await settle(pilot)


async def replace_selector(pilot, lab: LabScreen, value: str) -> None:
    """Rewrite line 7 (``    app: ...``) of the exercise text."""
    line = lab.editor.document.get_line(6)
    assert line.strip().startswith("app:")
    lab.editor.replace(f"    app: {value}", (6, 0), (6, len(line)))
    await settle(pilot)


# --------------------------------------------------------------------------- home and lessons
async def test_home_lists_lessons_with_progress_marks():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Select the web Pods" in text and "Two steps" in text
        assert "○ not started" in text  # a symbol and a word
        assert "Start: 1 · Select the web Pods" in text
        assert "EN" in text and "한국어" in text


async def test_home_to_lesson_to_lab_and_back():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Every selector label must" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        assert lab.editor.text == first_exercise(app).start
        assert "Send port 80 of my-service" in static_text(lab, "#task-text")
        await pilot.press("escape")  # one Esc leaves the lab (the editor passes it on)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == "two-steps"
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.lesson.id == "select"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "◐ in progress" in screen_text(app)


async def test_lesson_opens_directly_from_the_command_line_option():
    app = make_app(lesson="two-steps")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "two-steps"


def test_unknown_lesson_id_exits_2_listing_the_ids(capsys):
    assert run(lesson="no-such-lesson") == 2
    err = capsys.readouterr().err
    assert "no-such-lesson" in err and "welcome" in err


def test_unreadable_lab_file_exits_2(tmp_path, capsys):
    assert run(lab=True, service=str(tmp_path / "missing.yaml")) == 2
    assert "missing.yaml" in capsys.readouterr().err


# --------------------------------------------------------------------------- the lab
async def test_wrong_selector_shows_the_deciding_label():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        rows = pods_rows(lab)
        assert any(r.startswith("✓ db-0") for r in rows)
        web = [r for r in rows if "web-1" in r][0]
        assert web.startswith("✗") and "app: MyApp ≠ db" in web
        await replace_selector(pilot, lab, "myapp")
        web = [r for r in pods_rows(lab) if "web-1" in r][0]
        assert "app: MyApp ≠ myapp (label values are case-sensitive)" in " ".join(web.split())  # (wrapped)
        assert any(r.startswith("Not selected: 4") for r in pods_rows(lab))


async def test_fixing_the_selector_solves_the_exercise_and_records_it(notes):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        assert "Not solved yet" in static_text(lab, "#status")
        await replace_selector(pilot, lab, "MyApp")
        assert "✓ Solved!" in static_text(lab, "#status")
        assert any("Solved" in n for n in notes)
        assert "Why it works" in static_text(lab, "#notes-text")
        assert app.progress.exercise("select", "fix-selector").status == DONE
        # saved at once, not only on exit
        saved = json.loads(progress_path().read_text())
        assert saved["lessons"]["select"]["exercises"]["fix-selector"]["status"] == "done"


async def test_typing_updates_the_panels_and_check_goals():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        goals = static_text(lab, "#goals")
        assert "✗ The Service selects both web Pods" in goals
        assert "expected: web-1, web-2" in goals and "now: db-0" in goals
        ports = static_text(lab, "#ports")
        assert "my-service:80/TCP" in ports and "targetPort 9376" in ports
        # break the YAML: a problem appears, marked on its line, and selecting it moves the cursor
        await type_at(pilot, lab, 8, 0, "  bad: [")
        assert lab.editor.marks
        problems = lab.query_one("#problems", OptionList)
        assert problems.option_count >= 1 and "line" in str(problems.get_option_at_index(0).prompt)
        lab.editor.move_cursor((0, 0))
        problems.focus()
        problems.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert lab.editor.has_focus
        line = min(lab.editor.marks) if lab.editor.marks else None
        assert lab.editor.cursor_location[0] == line


async def test_editor_indents_with_two_spaces():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        editor = lab.editor
        editor.move_cursor((4, len(editor.document.get_line(4))))  # end of "spec:"
        await pilot.press("enter")
        assert editor.document.get_line(5) == "  "
        await pilot.press("t", "y", "p", "e", ":", "enter")
        assert editor.document.get_line(6) == "    "
        await pilot.press("backspace", "backspace", "tab")
        assert editor.document.get_line(6) == "    "
        row = next(i for i in range(editor.document.line_count) if "targetPort" in editor.document.get_line(i))
        editor.move_cursor((row, len(editor.document.get_line(row))))
        await pilot.press("enter")
        assert editor.document.get_line(row + 1) == "      "  # keeps "      targetPort" indentation
        row = next(i for i in range(editor.document.line_count) if "- port" in editor.document.get_line(i))
        editor.move_cursor((row, 6))  # "    - |port: 80"
        await pilot.press("enter")
        assert editor.document.get_line(row + 1) == "      port: 80"  # the list item's content column
        # at the end of "- key: value": the item's next key, under "key"
        from tutor.ui.editor import next_indent

        assert next_indent("  - port: 9100", 14) == "    " and next_indent("  - a", 5) == "  "


async def test_hints_come_one_tier_at_a_time(notes):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        assert not lab.query_one("#notes").display
        await pilot.press("f3")
        await pilot.pause()
        text = static_text(lab, "#notes-text")
        assert "Hint 1 of 3" in text and "Hint 2 of 3" not in text
        await pilot.press("f3", "f3")
        await pilot.pause()
        assert "Hint 3 of 3" in static_text(lab, "#notes-text")
        assert app.progress.exercise("select", "fix-selector").hints_used == 3
        assert "hints used: 3 of 3" in static_text(lab, "#status")
        await pilot.press("f3")
        await pilot.pause()
        assert any("last hint" in n for n in notes)
        assert app.progress.exercise("select", "fix-selector").hints_used == 3


async def test_solution_needs_confirmation_and_is_recorded():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        start = lab.editor.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the safe answer has the focus
        await pilot.pause()
        assert app.screen is lab and lab.editor.text == start
        assert not app.progress.exercise("select", "fix-selector").solution_viewed
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        exercise = first_exercise(app)
        assert lab.editor.text == exercise.solution
        assert app.progress.exercise("select", "fix-selector").solution_viewed
        assert app.progress.lesson_state("select") == "solution_viewed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert lab.editor.text == start  # the learner's own text comes back


async def test_reset_exercise_asks_then_starts_over():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await type_at(pilot, lab, 0, 0, "# my notes\n")
        assert lab.editor.text.startswith("# my notes")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        assert lab.editor.text == first_exercise(app).start
        assert app.progress.exercise("select", "fix-selector").text is None
        assert app.progress.exercise("select", "fix-selector").status == "not_started"


async def test_next_exercise_and_next_lesson():
    app = make_app(lesson="two-steps")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await settle(pilot)
        lab = app.screen
        assert lab.exercise.id == "first"
        assert "exercise 1 of 2" in screen_text(app)
        lab.editor.replace("front", (3, 8), (3, 12))
        await settle(pilot)
        assert "✓ Solved" in static_text(lab, "#status") and "Ctrl+N: next exercise." in static_text(lab, "#status")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.exercise.id == "second"
        app.screen.editor.replace("  type: NodePort\n", (5, 0), (5, 0))
        await settle(pilot)
        assert "✓ Solved" in static_text(app.screen, "#status")
        assert "Ctrl+N: the course summary." in static_text(app.screen, "#status")  # where it leads
        await pilot.press("ctrl+n")
        await pilot.pause()
        # the last exercise of the last lesson leads to the course summary, then the lessons
        from tutor.ui.course import CourseScreen

        assert isinstance(app.screen, CourseScreen)
        assert app.progress.lesson_state("two-steps") == DONE
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "✓ done" in screen_text(app)


async def test_send_a_request_shows_the_hops():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await replace_selector(pilot, lab, "MyApp")
        assert not lab.query_one("#traffic-panel").display
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        from tutor.ui.request import RequestDialog

        assert isinstance(dialog, RequestDialog)
        dialog.query_one("#source").value = "default/client/"
        await pilot.pause()
        suggestions = dialog.query_one("#suggestions", OptionList)
        assert any("my-service:80" in str(suggestions.get_option_at_index(i).prompt)
                   for i in range(suggestions.option_count))
        await pilot.press(*"my-service:80", "enter")
        await settle(pilot)
        assert app.screen is lab and lab.query_one("#traffic-panel").display
        traffic = static_text(lab, "#traffic")
        assert "From Pod client to my-service:80" in traffic
        assert "✓ delivered" in traffic and "port 9376" in traffic
        # the request follows the edits: break the selector, the same request fails
        await replace_selector(pilot, lab, "nothing")
        assert "✗ failed" in static_text(lab, "#traffic")


async def test_free_lab_from_files(tmp_path):
    service = tmp_path / "svc.yaml"
    service.write_text("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n"
                       "    tier: front\n  ports:\n    - port: 8080\n")
    pods = tmp_path / "pods.yaml"
    pods.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: front-1\n  labels: {tier: front}\n"
                    "spec:\n  containers:\n    - name: c\n      image: x\n      ports: [{containerPort: 8080}]\n")
    files = LabFiles(text=service.read_text(), pods_text=pods.read_text(), service_path=str(service),
                     pods_paths=[str(pods)])
    app = make_app(lab=files)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.sandbox
        assert any(r.startswith("✓ front-1") for r in pods_rows(lab))
        assert "svc.yaml" in screen_text(app)
        await type_at(pilot, lab, 0, 0, "# edited\n")
        await pilot.press("ctrl+s")  # in the free lab: save the file
        await pilot.pause()
        assert service.read_text().startswith("# edited\n")


async def test_free_lab_with_a_broken_pods_file_still_opens():
    files = LabFiles(text="", pods_text="kind: [", service_path=None, pods_paths=["bad.yaml"])
    app = make_app(lab=files)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "could not be used" in static_text(app.screen, "#status")


# --------------------------------------------------------------------------- language
async def test_f2_mid_edit_keeps_text_cursor_and_switches_every_string():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await type_at(pilot, lab, 3, 18, "x")
        text, cursor = lab.editor.text, lab.editor.cursor_location
        editor = lab.editor
        before = screen_text(app)
        assert "Pods" in before and "Problems" in before and "help" in before
        await pilot.press("f2")
        await settle(pilot)
        assert i18n.get_language() == "ko"
        assert lab.editor is editor and editor.text == text and editor.cursor_location == cursor
        after = screen_text(app)
        for korean in ("파드", "문제", "도움말", "선택"):
            assert korean in after, korean
        for english in ("─ Pods", "─ Problems", "help ", "Not solved yet", "Not selected"):
            assert english not in after, english
        assert "English" in after  # F2 now names the language it switches to
        await pilot.press("ctrl+z")  # the undo history survived
        await settle(pilot)
        assert "my-servicex" not in editor.text
        await pilot.press("f2")
        await settle(pilot)
        assert "─ Pods" in screen_text(app)
        assert app.progress.language == "en"


async def test_language_choice_is_remembered():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert "레슨" in screen_text(app) or "강의" in screen_text(app)
    assert load_progress().language == "ko"


def test_palette_names_are_bilingual_in_korean():
    app = make_app()
    i18n.set_language("ko")
    names = [c.title for c in app.get_system_commands(HomeScreen())]
    assert any("(Switch language)" in n and not n.startswith("Switch") for n in names)
    i18n.set_language("en")
    names = [c.title for c in app.get_system_commands(HomeScreen())]
    assert "Switch language" in names


# --------------------------------------------------------------------------- progress
async def test_progress_survives_a_restart():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await type_at(pilot, lab, 0, 0, "# keep me\n")
        await pilot.press("ctrl+q")
    assert load_progress().exercise("select", "fix-selector").text.startswith("# keep me")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Continue: 1 · Select the web Pods" in screen_text(again)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(again.screen, LabScreen)
        assert again.screen.editor.text.startswith("# keep me")


async def test_a_corrupt_progress_file_is_moved_aside_and_the_learner_told(notes):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    backups = list(path.parent.glob("progress.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text() == "{ not json"
    assert any(backups[0].name in n for n in notes)


async def test_an_unwritable_folder_is_reported_once(notes):
    blocker = progress_path().parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await replace_selector(pilot, lab, "MyApp")
        await pilot.press("f3", "f3")
        await pilot.pause()
        assert app.progress.exercise("select", "fix-selector").status == DONE  # kept in memory
    assert sum("cannot be saved" in n for n in notes) == 1


async def test_reset_all_progress_asks_first():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot)
        await replace_selector(pilot, lab, "MyApp")
        await pilot.press("escape", "escape")
        await pilot.pause()
        app.action_reset_all()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.progress.lesson_state("select") == "not_started"
    assert load_progress().lessons == {}


async def test_help_shows_keys_and_the_progress_path():
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_lab(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "How exercises are checked" in text
        assert "hint" in text and "solution" in text
        where = widget_text(app.screen.query_one("#help-progress"))
        assert str(progress_path()) in where.replace("\n", "")  # the real path (KTUTOR_HOME in tests)
        await pilot.press("f2")
        await pilot.pause()
        assert "How exercises are checked" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen)


# --------------------------------------------------------------------------- sizes
@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_every_screen_works_at(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Select the web Pods" in screen_text(app)
        lab = await open_lab(pilot)
        for widget_id in ("#editor", "#pods", "#problems", "#goals"):
            region = lab.query_one(widget_id).region
            assert region.width > 10 and region.height > 0, widget_id
        assert "Task:" in screen_text(app)
        await replace_selector(pilot, lab, "MyApp")
        assert "Solved" in screen_text(app)


async def test_narrow_terminal_stacks_the_editor_above_the_panels():
    app = make_app()
    async with app.run_test(size=(60, 30)) as pilot:
        lab = await open_lab(pilot)
        assert lab.has_class("-narrow")
        assert lab.query_one("#side").region.y > lab.query_one("#editor").region.y


async def test_resizing_to_20x6_and_back_is_harmless():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for size in ((20, 6), (1, 1), (100, 30)):  # home
            await pilot.resize_terminal(*size)
            await pilot.pause()
        lab = await open_lab(pilot)
        for size in ((20, 6), (1, 1), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await type_at(pilot, lab, 0, 0, "#")
        assert isinstance(app.screen, LabScreen)
        await pilot.resize_terminal(20, 6)
        await pilot.press("f2", "f1")
        await pilot.pause()
        await pilot.press("escape", "f4")
        await pilot.pause()
        await pilot.press("escape", "ctrl+t")
        await pilot.pause()
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.press("f2")
        await pilot.pause()
        assert i18n.get_language() == "en"


SHIPPED = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "lessons").glob("*.yaml"))


def test_the_shipped_lessons_are_all_listed():
    app = KTutorApp()
    assert [entry.path.name for entry in app.lessons] == SHIPPED and not app.lesson_problems


@pytest.mark.parametrize("file", SHIPPED)
async def test_every_shipped_lesson_and_exercise_opens(file):
    """One test per lesson file (so the workers share them out)."""
    app = KTutorApp()
    async with app.run_test(size=SIZE) as pilot:
        entry = next(e for e in app.lessons if e.path.name == file)
        app.open_lesson(entry)
        await pilot.pause()
        lesson = app.screen.lesson
        assert isinstance(app.screen, LessonScreen) and lesson.id == entry.id
        assert [e.id for e in lesson.exercises] == list(entry.exercises)
        for exercise in lesson.exercises:
            app.open_exercise(lesson, exercise)
            await settle(pilot)
            assert app.screen._view is not None and app.screen._view.crashed is None
            app.pop_screen()
            await pilot.pause()
