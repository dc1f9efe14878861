"""Pilot tests of the console's lines: keys in a burst after Enter, the reply to
``answer``, long lines wrapped or scrolled sideways, PageUp/PageDown."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import RichLog

from test_console import (
    _korean_for_the_console_lesson,  # noqa: F401 - the test lesson's Korean (autouse)
    make_app,
    open_console,
    open_exercise,
    run,
    transcript,
    wait,
)

SMALL = (80, 24)


async def burst(pilot, *keys: str) -> None:
    """Send ``keys`` all at once (pasted or scripted input): none waits for the app."""
    driver = pilot.app._driver
    for key in keys:
        name = {" ": "space", ".": "full_stop"}.get(key, key)
        event = events.Key(name, key if len(key) == 1 else ("\r" if key == "enter" else None))
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


async def test_keys_in_one_burst_after_enter_start_the_next_line():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, 1)
        panel = await open_console(pilot, lab)
        await burst(pilot, *"answer 10.96.0.10", "enter", *"answer 10.96.0.1", "enter", *"get")
        await wait(pilot)
        lines = [line for line in transcript(panel).splitlines() if line.startswith("$ ")]
        assert lines == ["$ answer 10.96.0.10", "$ answer 10.96.0.1"]  # each line once, none joined
        assert lab.answers == {"ip": "10.96.0.1"}
        assert panel.input.value == "get"  # the keys after the last Enter: the next line
        await burst(pilot, "enter")
        await wait(pilot)
        assert "$ get" in transcript(panel) and panel.input.value == ""


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_the_reply_to_answer_names_the_question_not_its_id(language, request):
    if language == "ko":
        request.getfixturevalue("korean")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, 1)
        panel = await open_console(pilot, lab)
        await run(pilot, "answer 10.96.0.10")
        reply = " ".join(transcript(panel).split("$ answer 10.96.0.10")[1].split())
        if language == "ko":
            assert reply == "“web의 클러스터 IP는 무엇인가?”의 답으로 10.96.0.10을 기록했습니다. 맞는지는 채점 패널에 나옵니다."
        else:
            assert reply == "Your answer to “What is the cluster IP of web?”: 10.96.0.10. The Check panel says whether it is right."
        assert lab.answers == {"ip": "10.96.0.10"}
        await pilot.press("f2")  # drawn again in the other language
        await pilot.pause()
        other = "Your answer to “What is the cluster IP of web?”" if language == "ko" else "“web의 클러스터 IP는 무엇인가?”의 답으로"
        assert other in " ".join(transcript(panel).split())


def widest(log: RichLog) -> int:
    return max(strip.cell_length for strip in log.lines)


async def test_errors_wrap_and_wide_tables_say_how_to_scroll_sideways():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, 1)
        panel = await open_console(pilot, lab)
        log = panel.output
        width = log.scrollable_content_region.width
        name = "a-pod-with-a-long-name-that-is-nowhere-in-this-cluster-at-all-not-even-close"
        await run(pilot, f"kubectl get pods {name}")
        error = f'Error from server (NotFound): pods "{name}" not found'
        assert "".join(error.split()) in "".join(transcript(panel).split())  # (wrapped inside the name)
        assert widest(log) <= width  # the error is wrapped: all of it on screen
        assert "Wider than the console" not in transcript(panel)
        await run(pilot, "kubectl get pods -o wide")
        text = transcript(panel)
        assert "NOMINATED NODE" in text  # the table keeps its columns ...
        assert widest(log) > width
        hint = "→ Wider than the console: Shift+Tab, then ← → scrolls sideways."
        assert hint in " ".join(text.split())  # ... and says how to see them
        await pilot.press("shift+tab", "right", "right")
        assert app.focused is log and log.scroll_x > 0
        await pilot.press("tab")
        assert app.focused is panel.input
        await run(pilot, "kubectl get svc")
        assert log.scroll_x == 0  # new output is read from its start
        await pilot.press("pageup")
        await pilot.pause()
        assert app.focused is panel.input and log.scroll_y < log.max_scroll_y  # PageUp scrolls the output
        await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y


async def test_the_sideways_scrollbar_shows_only_while_the_output_has_the_focus():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        lab = await open_exercise(pilot, 1)
        panel = await open_console(pilot, lab)
        await run(pilot, "kubectl get pods -o wide")
        log = panel.output
        assert log.virtual_size.width > log.scrollable_content_region.width
        assert log.styles.scrollbar_size_horizontal == 0  # no lone thumb on an empty row
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is log and log.styles.scrollbar_size_horizontal == 1
