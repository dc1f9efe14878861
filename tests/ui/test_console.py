"""Pilot tests of the lab's kubectl console (F6): open and close, history, completion,
Korean, F2 while typing, saved and replayed commands, F5, expose into the editor,
answers, the solution's commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Static

from ktui_helpers import settle, widget_text
from tutor import i18n
from tutor.progress import DONE, load_progress
from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons
from tutor.ui.console import ConsolePanel
from tutor.ui.dialogs import ConfirmDialog
from tutor.ui.lab import LabScreen

LESSONS = Path(__file__).parent / "console_lessons"
SIZE = (110, 36)


@pytest.fixture(autouse=True)
def _korean_for_the_console_lesson():
    singular = i18n.catalog("ko").singular
    for msgid, msgstr in json.loads((LESSONS / "ko.json").read_text(encoding="utf-8")).items():
        singular.setdefault(msgid, msgstr)


def make_app(**kwargs) -> KTutorApp:
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


async def open_exercise(pilot, index: int) -> LabScreen:
    app = pilot.app
    lesson = app.full_lesson(app.lessons[0])
    app.open_exercise(lesson, lesson.exercises[index])
    await settle(pilot)
    assert isinstance(app.screen, LabScreen)
    return app.screen


async def wait(pilot) -> None:
    """Until every command and completion typed so far has been answered and the lab
    shows the evaluation of what is on screen."""
    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        lab = app.screen
        panel = lab.console_panel if isinstance(lab, LabScreen) else None
        if panel is None or not panel.busy:
            await settle(pilot)
            return
    raise AssertionError("the console never answered")


async def open_console(pilot, lab: LabScreen) -> ConsolePanel:
    await pilot.press("f6")
    await wait(pilot)
    panel = lab.console_panel
    assert panel is not None and panel.display
    assert pilot.app.focused is panel.input
    return panel


async def run(pilot, line: str) -> None:
    await pilot.press(*line)
    await pilot.press("enter")
    await wait(pilot)


def transcript(panel: ConsolePanel) -> str:
    return "\n".join(line.text.rstrip() for line in panel.output.lines)


def candidates(panel: ConsolePanel) -> str:
    shown = panel.query_one("#console-candidates", Static)
    return widget_text(shown).strip() if shown.display else ""


def goal_passed(lab: LabScreen) -> bool:
    view = lab._view
    return bool(view is not None and view.result is not None and view.result.passed)


# --------------------------------------------------------------------------- open and close
async def test_f6_opens_the_console_and_esc_closes_it_keeping_the_editor():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        lab.editor.move_cursor((3, 4))
        text, cursor = lab.editor.text, lab.editor.cursor_location
        panel = await open_console(pilot, lab)
        assert "Console (kubectl)" in str(panel.border_title)
        await run(pilot, "kubectl get pods")
        assert "web-2   1/1     Running" in transcript(panel)
        await pilot.press("escape")
        await pilot.pause()
        assert not panel.display and app.focused is lab.editor  # back where the learner was
        assert lab.editor.text == text and lab.editor.cursor_location == cursor
        assert isinstance(app.screen, LabScreen)
        await pilot.press("f6")  # opened again: the transcript is still there
        await pilot.pause()
        assert panel.display and app.focused is panel.input and "web-2" in transcript(panel)
        await pilot.press("f6")  # F6 in the console closes it
        await pilot.pause()
        assert not panel.display and app.focused is lab.editor


async def test_esc_outside_the_console_closes_it_before_leaving_the_lab():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        pods = lab.query_one("#pods")
        pods.focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lab and not panel.display
        assert app.focused is pods  # the focus stays where it was
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not lab


async def test_the_palette_offers_the_console():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        names = [command.title for command in app.get_system_commands(lab)]
        assert "Open the console" in names


# --------------------------------------------------------------------------- history and completion
async def test_history_up_and_down_keep_the_draft():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        await run(pilot, "get pods")
        await run(pilot, "k get svc")
        await run(pilot, "k get svc")  # a repeat is kept once
        await pilot.press(*"get no")
        field = panel.input
        await pilot.press("up")
        assert field.value == "k get svc" and field.cursor_position == len("k get svc")
        await pilot.press("up")
        assert field.value == "get pods"
        await pilot.press("up")  # the oldest stays
        assert field.value == "get pods"
        await pilot.press("down")
        assert field.value == "k get svc"
        await pilot.press("down")
        assert field.value == "get no"  # the draft comes back
        await pilot.press("enter")
        await wait(pilot)
        assert "node-a" in transcript(panel)
        await run(pilot, "history")
        assert "    1  get pods\n    2  k get svc\n    3  get no" in transcript(panel)


async def test_tab_completes_one_candidate_and_lists_several():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        field = panel.input
        await pilot.press(*"kubectl desc", "tab")
        await wait(pilot)
        assert field.value == "kubectl describe "
        await pilot.press(*"po", "tab")
        await wait(pilot)
        assert field.value == "kubectl describe po"  # po, pod, pods: all shown
        assert candidates(panel).split() == ["po", "pod", "pods"]
        await pilot.press("d", "space", "w", "tab")
        await wait(pilot)
        assert field.value == "kubectl describe pod web-"  # the common part of web-1 and web-2
        assert candidates(panel).split() == ["web-1", "web-2"]
        await pilot.press("2")
        await pilot.pause()
        assert candidates(panel) == ""  # typing on hides the choices
        await pilot.press("space", *"-n kube-p", "tab")
        await wait(pilot)
        assert field.value == "kubectl describe pod web-2 -n kube-public "
        field.value = "k get pods --show-l"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        await wait(pilot)
        assert field.value == "k get pods --show-labels "
        assert app.focused is field  # Tab never left the console


# --------------------------------------------------------------------------- languages
async def test_korean_console_help_and_explanations_with_english_kubectl(korean):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        assert panel.border_title == "콘솔 (kubectl)"
        await run(pilot, "help")
        await run(pilot, "get pods")
        text = transcript(panel)
        assert "kubectl 명령" in text  # the console's help in Korean
        assert "NAME    READY   STATUS    RESTARTS   AGE" in text  # kubectl's own output stays English
        assert "ⓘ READY는 준비된 컨테이너 수입니다" in text  # the explanation in Korean


async def test_f2_while_typing_keeps_the_line_and_redraws_the_transcript():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        await run(pilot, "get pods")
        english = transcript(panel)
        assert "ⓘ READY counts ready containers" in english
        await pilot.press(*"get sv")
        await pilot.press("f2")
        await pilot.pause()
        assert i18n.get_language() == "ko"
        assert panel.input.value == "get sv" and panel.input.cursor_position == len("get sv")
        assert app.focused is panel.input
        korean_text = transcript(panel)
        assert "ⓘ READY counts" not in korean_text and "web-2   1/1     Running" in korean_text
        assert panel.border_title == "콘솔 (kubectl)"
        assert "Tab" in panel.input.placeholder and "Tab completes" not in panel.input.placeholder
        await pilot.press("tab")
        await wait(pilot)
        assert panel.input.value == "get svc "


# --------------------------------------------------------------------------- state
async def test_label_is_saved_replayed_after_a_restart_and_undone_by_f5():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        assert not goal_passed(lab)
        panel = await open_console(pilot, lab)
        await run(pilot, "k label pod web-2 app=web --overwrite")
        assert "pod/web-2 labeled" in transcript(panel)
        assert goal_passed(lab)  # the goals see the console's cluster
        record = app.progress.peek_exercise("console", "label-it")
        assert record.console == {"commands": ["k label pod web-2 app=web --overwrite"], "namespace": "default"}
        assert record.status == DONE
    progress = load_progress()  # what was written to disk
    assert progress.peek_exercise("console", "label-it").console["commands"] == [
        "k label pod web-2 app=web --overwrite"]

    app = make_app(progress=progress)
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        await wait(pilot)
        assert goal_passed(lab)  # replayed on the exercise's cluster
        rows = [lab.query_one("#pods").rows[i].plain for i in range(len(lab.query_one("#pods").rows))]
        assert any(r.startswith("✓ web-2") for r in rows)
        panel = await open_console(pilot, lab)
        await run(pilot, "get pods --show-labels")
        assert "web-2   1/1     Running   0          10m   app=web" in transcript(panel)
        await pilot.press("escape")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await wait(pilot)
        assert not goal_passed(lab)
        assert app.progress.peek_exercise("console", "label-it").console is None
        await pilot.press("f6")
        await wait(pilot)
        await run(pilot, "get pods web-2 --show-labels")
        assert transcript(panel).rstrip().endswith("app=Web") or "app=Web" in transcript(panel).split("$")[-1]


async def test_a_refused_label_changes_nothing():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        panel = await open_console(pilot, lab)
        await run(pilot, "kubectl label pod web-2 app=web")
        assert "error: 'app' already has a value (Web), and --overwrite is false" in transcript(panel)
        assert not goal_passed(lab)
        assert app.progress.peek_exercise("console", "label-it").console is None


async def test_expose_writes_the_service_into_the_editor_and_ctrl_z_removes_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 2)
        start = lab.editor.text
        panel = await open_console(pilot, lab)
        await run(pilot, "kubectl expose deployment api --port=80 --target-port=8080")
        assert "service/api exposed" in transcript(panel)
        text = lab.editor.text
        assert text.startswith(start) and "kind: Service" in text and "targetPort: 8080" in text
        assert goal_passed(lab)
        assert app.focused is panel.input  # the learner stays in the console
        await run(pilot, "kubectl get svc api")  # the console sees the editor's Service
        assert "\napi    ClusterIP   10." in transcript(panel)
        await pilot.press("ctrl+z")
        await wait(pilot)
        assert lab.editor.text == start and not goal_passed(lab)


async def test_answer_in_the_console():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 1)
        panel = await open_console(pilot, lab)
        await run(pilot, "answer")
        assert "ip: What is the cluster IP of web?" in transcript(panel)
        await run(pilot, "answer 10.96.0.10")
        assert not goal_passed(lab) and lab.answers == {"ip": "10.96.0.10"}
        await run(pilot, "kubectl get svc web -o jsonpath={.spec.clusterIP}")
        ip = transcript(panel).splitlines()[-1].strip()
        assert ip.startswith("10.") and ip.count(".") == 3
        await run(pilot, f"answer ip {ip}")
        assert goal_passed(lab)


async def test_ctrl_s_runs_the_solution_commands_in_the_console():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_exercise(pilot, 0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await wait(pilot)
        assert goal_passed(lab)
        panel = lab.console_panel
        assert panel is not None and panel.display
        assert "$ kubectl label pod web-2 app=web --overwrite\npod/web-2 labeled" in transcript(panel)
        assert app.progress.peek_exercise("console", "label-it").console["commands"] == [
            "kubectl label pod web-2 app=web --overwrite"]


async def test_the_free_lab_has_a_console_on_its_sample_pods():
    app = KTutorApp(load_all_lessons(LESSONS), lab=LabFiles())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.sandbox
        panel = await open_console(pilot, lab)
        await run(pilot, "k get pods -o wide")
        text = transcript(panel)
        assert "web-1" in text and "db-0" in text
        await run(pilot, "answer 42")  # no questions in the free lab
        assert "This exercise asks no question" in transcript(panel)
        await run(pilot, "clear")
        assert "web-1" not in transcript(panel) and panel.entries == []


# --------------------------------------------------------------------------- pieces
def test_long_output_is_cut_and_counted_but_errors_are_kept():
    from tutor.ui.console import _limited

    chunks = [("stdout", "".join(f"line {i}\n" for i in range(1_500))), ("stderr", "error: boom\n")]
    kept, more = _limited(chunks, limit=1_000)
    assert more == 500 and kept[0][1].count("\n") == 1_000 and kept[-1] == ("stderr", "error: boom\n")


def test_answer_lines_are_parsed_per_question():
    from tutor.lessons.model import load_lesson
    from tutor.ui.console import parse_answer

    lesson = load_lesson(LESSONS / "01-console.yaml")
    [one] = [g for g in lesson.exercises[1].parsed_goals()]
    assert parse_answer(["10.96.1.2"], [one]) == ("ip", "10.96.1.2")
    assert parse_answer(["ip", "10.96.1.2"], [one]) == ("ip", "10.96.1.2")
    assert callable(parse_answer([], [one]))  # the questions, drawn in the current language
    assert "nothing to answer" in str(parse_answer(["x"], []))
