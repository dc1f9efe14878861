"""What the tmux walk through every exercise found in the lab (toasts, the Problems panel)."""

from __future__ import annotations

from ktui_helpers import settle
from test_trust import make_app, open_first
from tutor.ui.lab import toast_text


def test_a_toast_says_the_first_sentence_and_where_the_rest_is():
    long = ("Pod api-1 is isolated for ingress by NetworkPolicy allow-frontend. No ingress rule allows "
            "shop/frontend-1 on 9000/TCP: its only rule admits port 80. " + "More detail. " * 20)
    short = toast_text(long)
    assert short.startswith("Pod api-1 is isolated for ingress by NetworkPolicy allow-frontend.")
    assert short.endswith("(the Check panel says more)") and len(short) < 200
    assert toast_text("Not solved yet.") == "Not solved yet."
    # a sentence too long for a toast is cut between words
    cut = toast_text("The connection is still allowed because no NetworkPolicy selects monitoring/grafana-1 "
                     "for egress so its egress is not restricted and ingress to shop/api-1 is open")
    assert cut.endswith("… (the Check panel says more)")
    assert cut.split("…")[0].split(" ")[-1] in "The connection is still allowed because no NetworkPolicy selects " \
        "monitoring/grafana-1 for egress so its egress is not restricted and ingress".split(" ")
    # e.g. is not the end of a sentence
    assert "e.g. 'my-name'" in toast_text("The name must be lower case here (e.g. 'my-name' or 'abc'). " * 2)


async def test_a_check_replaces_the_toast_of_the_check_before():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        for _ in range(3):
            await pilot.press("ctrl+r")
            await settle(pilot)
        still = [n for n in app._notifications if n.title == "Still to do"]
        assert len(still) == 1


async def test_f8_brings_the_policies_panel_into_view_at_80x24():
    """Lesson 11 at 80x24: the Policies panel sits below Check and Pods in the side column."""
    from pathlib import Path

    from tutor.ui.app import KTutorApp, load_all_lessons
    from tutor.ui.policies import PoliciesPanel

    app = KTutorApp(load_all_lessons(Path(__file__).resolve().parents[2] / "lessons"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(app.lesson_by_id("network-policies"))
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        panel = app.screen.query_one(PoliciesPanel)
        column = app.screen.query_one("#side")
        def whole_in_view() -> bool:
            area, region = column.content_region, panel.region
            return area.y <= region.y and region.bottom <= area.bottom

        assert column.max_scroll_y > 0 and not whole_in_view()  # below the fold
        await pilot.press("f8")
        await pilot.pause()
        assert whole_in_view()


async def test_the_label_view_follows_the_width_until_ctrl_l_chooses():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = await open_first(pilot)
        assert not lab.full_labels  # compact at 80 columns
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert lab.full_labels and lab._view.pods.full  # every label, wrapped to the panel
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not lab.full_labels and not lab._view.pods.full
        await pilot.press("ctrl+l")  # the learner's choice stays whatever the width
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert lab.full_labels


def test_the_ports_panel_says_what_an_externalname_service_does():
    from tutor.k8s.evaluate import evaluate
    from tutor.lessons.goals import base_cluster
    from tutor.lessons.model import load_lessons
    from tutor.ui import lab_view

    ex = next(e for lesson in load_lessons() for e in lesson.exercises if e.id == "external-db")
    evaluation = evaluate(ex.solution, base_cluster(ex))
    text = lab_view.ports_content(lab_view.port_chains(evaluation.documents, evaluation.cluster)).plain
    assert "ExternalName, a DNS alias for" in text and "no port is forwarded" in text
    assert "No valid Service yet" not in text


def test_a_reason_is_wrapped_to_the_panel_never_cut():
    from tutor.ui.lab_view import REASON_INDENT, _wrap_reason

    text = "its labels match, but a Service only selects Pods in its own namespace (shop), and this Pod is in web"
    lines = _wrap_reason(text, 40)
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(len(line) <= 40 - len(REASON_INDENT) for line in lines)
