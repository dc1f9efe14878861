"""Learner trust (issue 9): "Solved!" only for a settled text, a screen that never
contradicts itself, navigation that explains itself, labels on screen, no lost work."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ktui_helpers import evaluated, screen_text, settle, widget_text
from tutor.progress import DONE, load_progress
from tutor.ui.app import KTutorApp, load_all_lessons
from tutor.ui.dialogs import ConfirmDialog
from tutor.ui.lab import LabScreen

LESSONS = Path(__file__).parent / "lessons"
SIZE = (100, 30)


def make_app(**kwargs) -> KTutorApp:
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


def text_of(screen, selector: str) -> str:
    return " ".join(widget_text(screen.query_one(selector, Static)).split())


async def open_first(pilot, lesson: str = "two-steps") -> LabScreen:
    app = pilot.app
    app.open_lesson(app.lesson_by_id(lesson))
    await pilot.pause()
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


# --------------------------------------------------------------------------- 1. solved means solved
async def test_a_text_typed_through_is_never_declared_solved(notes):
    """Typing ``frontend`` passes through ``front`` (the answer): nothing is declared
    while typing, and the final text (which fails) is never recorded as solved."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        lab.editor.replace("", (3, 8), (3, 12))  # "  name: back" -> "  name: "
        await evaluated(pilot)
        lab.editor.move_cursor((3, 8))
        seen_passing = False
        for key in "frontend":
            await pilot.press(key)
            await evaluated(pilot)
            seen_passing = seen_passing or "✓ The Service" in text_of(lab, "#goals") or \
                "Every goal is met" in text_of(lab, "#status")
            assert "Solved" not in text_of(lab, "#status")
            assert app.progress.peek_exercise("two-steps", "first").status != DONE
            assert not any("Solved" in n for n in notes)
            assert not lab.query_one("#notes").display  # no "Why it works"
        assert seen_passing  # "front" did pass on the way
        await settle(pilot)  # typing pauses on "frontend": it fails
        assert lab.editor.document.get_line(3) == "  name: frontend"
        assert "Not solved yet" in text_of(lab, "#status")
        assert app.progress.peek_exercise("two-steps", "first").status != DONE
        assert not any("Solved" in n for n in notes)
    assert load_progress().peek_exercise("two-steps", "first").status != DONE


async def test_a_settled_passing_text_is_solved_once_and_everything_agrees(notes):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        lab.editor.replace("front", (3, 8), (3, 12))
        await evaluated(pilot)
        # passing, but the learner may still be typing: said so, nothing recorded yet
        assert "Pause typing" in text_of(lab, "#status")
        assert app.progress.peek_exercise("two-steps", "first").status != DONE
        await settle(pilot)
        assert "✓ Solved!" in text_of(lab, "#status")
        assert app.progress.peek_exercise("two-steps", "first").status == DONE
        assert sum("Solved" in n for n in notes) == 1
        assert "Why it works" in text_of(lab, "#notes-text") or not lab.exercise.explanation
        # Ctrl+R on the solved text: no second celebration
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert sum("Solved" in n for n in notes) <= 2


async def test_ctrl_r_takes_the_text_at_once(notes):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        lab.editor.replace("front", (3, 8), (3, 12))
        await evaluated(pilot)
        await pilot.press("ctrl+r")
        await evaluated(pilot)
        assert "✓ Solved!" in text_of(lab, "#status")
        assert app.progress.peek_exercise("two-steps", "first").status == DONE
        assert sum("Solved" in n for n in notes) == 1  # one toast, not two


async def test_a_solved_exercise_whose_text_fails_says_so_plainly():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        lab.editor.replace("front", (3, 8), (3, 12))
        await settle(pilot)
        assert app.progress.peek_exercise("two-steps", "first").status == DONE
        lab.editor.replace("fronts", (3, 8), (3, 13))
        await settle(pilot)
        status = text_of(lab, "#status")
        assert "Solved earlier; the current text fails:" in status
        assert "Solved!" not in status and not lab.query_one("#status").has_class("-solved")


async def test_a_viewed_solution_is_recorded_not_celebrated(notes):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        record = app.progress.peek_exercise("two-steps", "first")
        assert record.solution_viewed and record.status == DONE
        assert not any("Solved" in n for n in notes)
        status = text_of(lab, "#status")
        assert "solution viewed" in status and "Solved" not in status
    saved = load_progress().peek_exercise("two-steps", "first")
    assert saved.solution_viewed


# --------------------------------------------------------------------------- 8. navigation
async def test_one_escape_leaves_the_lab():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        assert lab.editor.has_focus
        await pilot.press("escape")
        await pilot.pause()
        from tutor.ui.lesson import LessonScreen

        assert isinstance(app.screen, LessonScreen)


async def test_single_letter_keys_work_with_a_korean_input_method_on():
    """두벌식: e→ㄷ, n→ㅜ, p→ㅔ, c→ㅊ, l→ㅣ, q→ㅂ."""
    from tutor.ui.home import HomeScreen
    from tutor.ui.lesson import LessonScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ㅊ")  # continue: the first lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "select"
        await pilot.press("ㅜ")
        await pilot.pause()
        assert app.screen.lesson.id == "two-steps"
        await pilot.press("ㅔ")
        await pilot.pause()
        assert app.screen.lesson.id == "select"
        await pilot.press("ㄷ")
        await evaluated(pilot)
        assert isinstance(app.screen, LabScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ㅣ")
        await evaluated(pilot)
        assert isinstance(app.screen, LabScreen) and app.screen.sandbox
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ㅂ")
        await pilot.pause()
        assert app.return_code == 0  # quit (only a quit sets it while the test runs)


async def test_ctrl_n_on_an_unsolved_exercise_says_why_and_offers_to_skip():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = text_of(dialog, "#dialog-body")
        assert "Still to do:" in body and "front" in body  # the goal not met yet
        await pilot.press("enter")  # the safe answer (keep working) has the focus
        await pilot.pause()
        assert app.screen is lab
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.click("#confirm")  # skip
        await settle(pilot)
        assert isinstance(app.screen, LabScreen) and app.screen.exercise.id == "second"
        assert app.progress.peek_exercise("two-steps", "first").status != DONE


async def test_continue_opens_the_next_unfinished_exercise_not_a_finished_lesson():
    from tutor.ui.lesson import LessonScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        progress = app.progress
        progress.open_lesson("select", ["fix-selector"])
        progress.open_exercise("select", "fix-selector")
        progress.mark_done("select", "fix-selector")
        progress.open_lesson("two-steps", ["first", "second"])
        progress.mark_done("two-steps", "first")
        progress.open_exercise("select", "fix-selector")  # last seen: the solved exercise
        await pilot.press("c")
        await evaluated(pilot)
        assert isinstance(app.screen, LabScreen)
        assert (app.screen.lesson.id, app.screen.exercise.id) == ("two-steps", "second")
        assert isinstance(app.screen_stack[-2], LessonScreen)


async def test_the_final_exercise_leads_to_the_course_summary():
    from tutor.ui.course import CourseScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.progress.use_hint("select", "fix-selector", 3)
        app.progress.view_solution("select", "fix-selector")
        app.progress.mark_done("select", "fix-selector")
        app.progress.mark_done("two-steps", "first")
        lab = await open_first(pilot)  # "e" opens the first exercise not solved yet
        assert lab.exercise.id == "second"
        lab.editor.replace("  type: NodePort\n", (5, 0), (5, 0))
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, CourseScreen)
        text = " ".join(screen_text(app).split())
        assert "Course complete!" in text
        assert "2 of 3 exercises solved on your own" in text
        assert "1 solution viewed" in text and "1 hint used" in text
        await pilot.press("c")  # nothing left: back to the lessons
        await pilot.pause()
        from tutor.ui.home import HomeScreen

        assert isinstance(app.screen, HomeScreen)
        assert "Course complete" in screen_text(app) or "▶" in screen_text(app)


async def test_the_open_again_button_label_is_never_cut():
    from textual.widgets import Button

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_first(pilot, "select")
        lab._replace_text(lab.exercise.solution)
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        button = app.screen.query_one("#start-0", Button)
        assert "Open again in the lab" in str(button.label)
        assert button.content_region.width >= len(str(button.label))


# --------------------------------------------------------------------------- 3. labels on screen
def pod_lines(lab: LabScreen) -> list[str]:
    """The Pods panel's lines as drawn (cut to the panel's width), all rows."""
    pods = lab.query_one("#pods")
    strips = [pods._render_row_line(where, pods.scrollable_content_region.width, 0, pods.rich_style)
              for where in (pods._locate(y) for y in range(pods._lines)) if where is not None]
    return [strip.text.rstrip() for strip in strips]


async def test_the_pods_panel_shows_every_pods_labels_and_marks_the_deciding_one():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_first(pilot, "select")  # selector app: db
        assert not lab.full_labels  # compact at 80 columns
        lines = pod_lines(lab)
        text = "\n".join(lines)
        # a selected Pod and the others: each with its labels, on the line under its name
        db = lines.index(next(line for line in lines if line.startswith("✓ db-0")))
        assert lines[db + 1].strip() == "app=db"
        web = lines.index(next(line for line in lines if line.startswith("✗ web-1")))
        assert lines[web + 1].strip() == "≠app=MyApp"  # the deciding label, marked with a symbol
        assert "≠ differs" in text  # and the mark explained
        client = lines.index(next(line for line in lines if line.startswith("✗ client")))
        assert lines[client + 1].strip().startswith("≠(no app) +1 label")
        header = text_of(lab, "#pods-header")
        assert "selector app=db" in header
        # the mark is a symbol and a colour
        from tutor.ui import lab_view

        assert lab_view.label_parts({"app": "MyApp"}, {"app": "db"}, False) == [("≠app=MyApp", lab_view.BAD_STYLE)]
        # a key that differs only in case: the Pod's own label is shown, marked
        assert lab_view.label_parts({"app": "x", "z": "1"}, {"App": "x"}, False)[0] == ("≠app=x", lab_view.BAD_STYLE)
        # a label with the wanted value under another key (lesson 5: "compare the keys"): shown, marked
        assert lab_view.label_parts({"app.kubernetes.io/name": "MyApp", "tier": "web"}, {"app": "MyApp"}, False) == [
            ("≠app.kubernetes.io/name=MyApp", lab_view.BAD_STYLE), " ", ("+1 label", lab_view.DIM)]


async def test_ctrl_l_and_the_palette_switch_between_every_label_and_the_selectors():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_first(pilot, "select")
        assert "+1 label" in "\n".join(pod_lines(lab))  # client has app-less labels: counted
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert lab.full_labels
        lines = pod_lines(lab)
        client = lines.index(next(line for line in lines if line.startswith("✗ client")))
        assert "role=client" in lines[client + 1] or "=" in lines[client + 1]
        assert "+1 label" not in "\n".join(lines)
        names = [c.title for c in app.get_system_commands(lab)]
        assert "Show every label or the selector's" in names
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not lab.full_labels


async def test_the_readiness_is_never_cut_off():
    """Lesson 11.1 is about readiness: every Pod's readiness word shows in full, at 80
    and at 160 columns, whatever the length of its name."""
    from tutor.paths import lessons_dir

    for size in ((80, 24), (160, 50)):
        app = KTutorApp(load_all_lessons(lessons_dir()))
        async with app.run_test(size=size) as pilot:
            entry = next(e for e in app.lessons if e.id == "troubleshooting")
            app.open_lesson(entry)
            await pilot.pause()
            await pilot.press("e")
            await settle(pilot)
            lab = app.screen
            for full in (False, True):
                if lab.full_labels != full:
                    await pilot.press("ctrl+l")
                    await pilot.pause()
                lines = [line for line in pod_lines(lab) if line[:2] in ("✓ ", "✗ ")]
                assert lines
                for line in lines:
                    assert READINESS.match(line), (size, full, line)


READINESS = __import__("re").compile(
    r"^[✓✗] \S+ +(ready|not ready|not ready \(published\)|terminating|finished|no IP yet|node missing|no IPv4)"
    r"( |…|$)")


# --------------------------------------------------------------------------- 9. text as text
async def test_markdown_in_goals_and_problems_is_drawn_not_shown():
    from textual.widgets import OptionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        goals = text_of(lab, "#goals")
        assert "A Service named front exists" in goals and "`" not in goals
        lab.editor.replace("", (0, 0), (1, 0))  # no apiVersion: its fix names `apiVersion: v1`
        await settle(pilot)
        problems = lab.query_one("#problems", OptionList)
        shown = " ".join(str(problems.get_option_at_index(i).prompt) for i in range(problems.option_count))
        assert "apiVersion: v1" in shown and "`" not in shown
        assert "`" not in text_of(lab, "#status") and "`" not in text_of(lab, "#goals")


async def test_a_failure_is_said_once_in_the_check_panel():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        lines = [line.strip() for line in widget_text(lab.query_one("#goals", Static)).splitlines() if line.strip()]
        bodies = [line.split(":", 1)[-1].lstrip("→ ").strip() for line in lines]
        assert len(bodies) == len(set(bodies)), lines


async def test_the_glossary_counts_in_the_right_plural(notes):
    from textual.widgets import Input, OptionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        terms = app.screen.query_one("#glossary-terms", OptionList)
        assert terms.border_title.endswith(" terms")
        search = app.screen.query_one("#glossary-search", Input)
        search.value = "kube-proxy"
        await pilot.pause()
        assert terms.option_count == 1 and str(terms.border_title) == "1 term"


async def test_an_invalid_text_says_its_problem_once_not_under_every_goal():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot, "select")
        lab.editor.replace("  selector: app\n", (5, 0), (7, 0))  # selector: a string, not a mapping
        await settle(pilot)
        goals = text_of(lab, "#goals")
        assert goals.count("cannot be handled") == 1, goals
        assert "the same problem as above" in goals


# --------------------------------------------------------------------------- 12. language precedence
async def test_help_says_the_saved_language_overrides_the_locale_and_how_to_go_back():
    from tutor import i18n

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f2")  # saved: Korean from now on
        await pilot.pause()
        await pilot.press("f2")  # and English again, saved too
        await pilot.pause()
        assert app.progress.language == "en"
        await pilot.press("f1")
        await pilot.pause()
        text = text_of(app.screen, "#help-language")
        assert "chose with F2" in text and "overrides" in text and "--lang auto" in text
        await pilot.press("escape")
        await pilot.pause()
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Follow the system language" in names
        app.action_follow_locale()
        await pilot.pause()
        assert app.progress.language is None
        assert i18n.get_language() == i18n.negotiate()
    assert load_progress().language is None


def test_lang_auto_forgets_the_saved_language(monkeypatch):
    from tutor import i18n
    from tutor.ui import app as app_module

    progress = load_progress()
    progress.set_language("ko")
    progress.save()
    started: list[str] = []
    monkeypatch.setattr(app_module.KTutorApp, "run", lambda self: started.append(i18n.get_language()))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("KTUTOR_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    i18n.set_language(i18n.negotiate(None))
    app_module.run()
    assert started == ["ko"]  # the saved choice overrides the locale
    i18n.set_language(i18n.negotiate("auto"))
    app_module.run(lang_option="auto")
    assert started[-1] == "en" and load_progress().language is None


def test_help_of_the_command_line_says_it_too():
    from tutor.cli import build_parser

    text = " ".join(build_parser().format_help().split())
    assert "--lang auto" in text and "overrides the locale" in text and "auto" in text


# --------------------------------------------------------------------------- 5. never lose work
SERVICE = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    tier: front\n"
           "  ports:\n    - port: 8080\n")


def file_lab(path: Path):
    from tutor.ui.app import LabFiles, set_lab_text
    from tutor.ui.files import newline_of

    files = LabFiles()
    set_lab_text(files, str(path), path.read_text(encoding="utf-8"))
    files.newline = newline_of(path)
    return make_app(lab=files)


async def test_the_file_lab_marks_unsaved_changes_and_asks_before_leaving(tmp_path):
    from tutor.ui.dialogs import SaveChangesDialog
    from tutor.ui.home import HomeScreen

    service = tmp_path / "svc.yaml"
    service.write_text(SERVICE, encoding="utf-8")
    app = file_lab(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert "svc.yaml" in str(lab.editor.border_title) and "●" not in str(lab.editor.border_title)
        lab.editor.insert("# edited\n", (0, 0))
        await settle(pilot)
        assert "● not saved" in str(lab.editor.border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SaveChangesDialog)
        await pilot.press("enter")  # the safe answer: cancel, keep editing
        await pilot.pause()
        assert app.screen is lab and lab.editor.text.startswith("# edited")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, SaveChangesDialog)
        await pilot.click("#discard")
        await pilot.pause()
        assert app.return_code == 0  # quit, the file untouched
    assert service.read_text(encoding="utf-8") == SERVICE
    app = file_lab(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.editor.insert("# kept\n", (0, 0))
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert service.read_text(encoding="utf-8") == "# kept\n" + SERVICE


async def test_the_file_labs_edits_never_reach_the_home_screens_free_lab(tmp_path):
    from tutor.ui.lab import SANDBOX_SERVICE

    service = tmp_path / "svc.yaml"
    service.write_text(SERVICE, encoding="utf-8")
    app = file_lab(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.editor.insert("# mine\n", (0, 0))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")  # the home screen's own free lab
        await settle(pilot)
        assert app.screen.editor.text == SANDBOX_SERVICE
    assert "# mine" not in (load_progress().peek_exercise("__lab__", "sandbox").text or "")


def test_saving_keeps_a_symlink_the_mode_and_crlf(tmp_path):
    import os
    import stat

    from tutor.ui.files import newline_of, save_text

    real = tmp_path / "real.yaml"
    real.write_bytes(SERVICE.replace("\n", "\r\n").encode())
    os.chmod(real, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert newline_of(link) == "\r\n"
    save_text(link, "# edited\n" + SERVICE, newline_of(link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == ("# edited\n" + SERVICE).replace("\n", "\r\n").encode()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not list(tmp_path.glob(".*.tmp"))


async def test_ctrl_s_in_the_file_lab_keeps_crlf_and_the_link(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(SERVICE.replace("\n", "\r\n").encode())
    link = tmp_path / "svc.yaml"
    link.symlink_to(real)
    app = file_lab(link)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert "\r" not in lab.editor.text
        lab.editor.insert("# edited\n", (0, 0))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "●" not in str(lab.editor.border_title)
    assert link.is_symlink()
    assert real.read_bytes() == ("# edited\n" + SERVICE).replace("\n", "\r\n").encode()


async def test_an_exercise_exports_its_text_to_a_new_file(tmp_path, notes):
    from tutor.ui.dialogs import SaveAsDialog

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_first(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsDialog)
        target = tmp_path / "mine.yaml"
        app.screen.dismiss(str(target))
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == lab.editor.text
        names = [c.title for c in app.get_system_commands(lab)]
        assert "Export the editor's text" in names
        lab.editor.insert("# changed\n", (0, 0))
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.dismiss(str(target))  # exists: never written over
        await pilot.pause()
        assert not target.read_text(encoding="utf-8").startswith("# changed")
        assert any("exists" in n for n in notes)


def test_a_failing_requests_reason_is_said_once_in_the_check_panel():
    """"now:" ends with the reason the feedback gives again: it is said once."""
    from tutor.lessons.model import load_lessons
    from tutor.paths import lessons_dir
    from tutor.ui import lab_view

    lesson = next(lesson for lesson in load_lessons(lessons_dir()) if lesson.id == "why-services")
    exercise = lesson.exercises[0]
    from tutor.lessons.goals import check

    content = lab_view.goals_content(check(exercise, exercise.start))
    text = " ".join(content.plain.split())
    reason = "no Pod has IP 10.244.1.2"
    assert reason in text and text.count(reason) == 1, text
    assert "fails …" in text


# --------------------------------------------------------------------------- 7. layout
async def test_the_solved_toast_covers_nothing_the_learner_reads_next():
    from tutor.progress import Progress

    for size in ((80, 24), (100, 30)):
        app = make_app(progress=Progress())  # (a new learner each time: the toast is for a first solve)
        async with app.run_test(size=size, notifications=True) as pilot:
            lab = await open_first(pilot, "select")
            lab._replace_text(lab.exercise.solution)
            await settle(pilot)
            await pilot.pause()
            toasts = list(lab.query("Toast"))
            assert toasts, size
            for toast in toasts:
                for selector in ("#status", "#notes", "#side", "#task"):
                    region = lab.query_one(selector).region
                    assert not toast.region.overlaps(region), (size, selector, toast.region, region)


async def test_at_80x24_every_panel_is_readable_in_full_by_scrolling():
    """The side panels are never cut: the column scrolls (a scrollbar shows it), and each
    panel is as tall as its text."""
    from tutor.paths import lessons_dir

    app = KTutorApp(load_all_lessons(lessons_dir()))
    async with app.run_test(size=(80, 24)) as pilot:
        entry = next(e for e in app.lessons if e.id == "named-ports")
        app.open_lesson(entry)
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        lab = app.screen
        side = lab.query_one("#side")
        assert side.max_scroll_y > 0 and side.show_vertical_scrollbar  # the cue
        for panel, text in (("#goals-panel", "#goals"), ("#ports-panel", "#ports"), ("#traffic-panel", "#traffic")):
            if not lab.query_one(panel).display:
                continue
            widget = lab.query_one(text)
            assert widget.region.height >= widget.virtual_size.height or widget.size.height >= len(
                widget_text(widget).splitlines()), panel
        task = lab.query_one("#task")
        assert task.max_scroll_y == 0 or task.show_vertical_scrollbar
