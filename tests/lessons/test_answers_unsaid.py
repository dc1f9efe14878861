"""A question is never answered by another goal's details (found in a walk: lesson 2's
"what really listens" showed "expected: listens on 8081/TCP" under the question "which
port?"), and no goal about the manifests counts as met while they are invalid."""

from __future__ import annotations

from tutor.lessons.goals import check, display
from tutor.lessons.model import load_lessons


def _exercise(exercise_id: str):
    return next(e for lesson in load_lessons() for e in lesson.exercises if e.id == exercise_id)


def test_the_listening_port_is_not_said_before_the_question_is_answered():
    ex = _exercise("what-really-listens")
    before = check(ex, ex.start)
    said = " ".join(display(t) for g in before.goals for t in (g.expected, g.actual, g.feedback) if t is not None)
    assert "8081" not in said
    assert any("give the answer away" in display(g.feedback) for g in before.goals if g.feedback is not None)
    # a wrong answer: still unsaid
    wrong = check(ex, ex.start, answers={g.id: "8443" for g in ex.parsed_goals() if g.kind == "answer"})
    assert "8081" not in " ".join(display(g.expected) for g in wrong.goals if g.expected is not None)
    # answered right: the details come back (the declaration still says 8080)
    right = check(ex, ex.start, answers={g.id: "8081" for g in ex.parsed_goals() if g.kind == "answer"})
    listens = [g for g in right.goals if g.goal is not None and g.goal.kind == "listens"]
    assert listens and not listens[0].passed and "8081" in display(listens[0].expected)
    assert check(ex, ex.solution, answers={g.id: "8081" for g in ex.parsed_goals() if g.kind == "answer"}).passed


def test_other_goals_say_their_details_before_the_question_is_answered():
    """Only a goal marked ``after_answer`` waits: lesson 6's selector goal names the Pods a
    learner fixes the selector with, before answering which Pods receive traffic."""
    for lesson in load_lessons():
        for ex in lesson.exercises:
            for g in check(ex, ex.start).goals:
                if g.goal is not None and g.goal.after_answer is None and g.feedback is not None:
                    assert "give the answer away" not in display(g.feedback), ex.id


def test_no_goal_counts_as_met_on_an_invalid_text():
    for lesson in load_lessons():
        for ex in lesson.exercises:
            result = check(ex, "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: []\n  type: Bad\n")
            met = [g for g in result.goals if g.passed and g.goal is not None and g.goal.kind != "answer"]
            assert not met, (ex.id, [display(g.label) for g in met])


def test_a_pattern_in_an_api_server_message_is_code_never_a_markdown_link():
    from tutor.markup import segments

    lesson = next(lesson for lesson in load_lessons() if lesson.id == "named-ports")
    ex = lesson.exercises[1]
    result = check(ex, ex.solution.replace("- name: http", "- name: Http", 1))
    feedback = next(display(g.feedback) for g in result.goals if not g.passed and g.feedback is not None)
    parts = segments(feedback)
    assert ("code", "[a-z0-9]([-a-z0-9]*[a-z0-9])?") in parts
    assert not [kind for kind, _ in parts if kind in ("link", "emphasis")]


def test_a_goal_about_the_cluster_after_a_rollout_says_so_in_its_now_line():
    ex = _exercise("find-the-broken-client")
    goal = next(g for g in check(ex, ex.start).goals if not g.passed and g.actual is not None)
    assert display(goal.actual).startswith("after Deployment/catalog is recreated (new Pods, new addresses): ")
    assert display(goal.feedback).startswith("After Deployment/catalog is recreated: ")


def test_the_lessons_env_notation_never_reaches_the_learner():
    for lesson in load_lessons():
        for ex in lesson.exercises:
            for g in check(ex, ex.start).goals:
                said = " ".join(display(t) for t in (g.label, g.expected, g.actual, g.feedback) if t is not None)
                assert "$env:" not in said, (ex.id, said)


def test_a_mapping_wrong_on_some_pods_says_which_port_on_which_pod():
    ex = _exercise("rolling-port-change")
    symptoms = [display(g.symptom) for g in check(ex, ex.start).goals if not g.passed and g.symptom is not None]
    assert any("goes to port 8080 on Pod web-" in s for s in symptoms), symptoms
    assert not any("→" in s for s in symptoms)


def test_an_answer_the_choices_cannot_give_says_to_fix_the_manifests_first():
    """Lesson 6: with "version: v2" alone the v2 cart Pod receives traffic too, and no
    choice names it: the question says to fix the selector first."""
    ex = _exercise("only-v2")
    wrong = next(w["text"] for w in ex.wrong if "cart" in w.get("note", ""))
    ready = ["shop-v2-5b6c7d8f9-k4m7n", "shop-v2-5b6c7d8f9-p5r6s"]
    result = check(ex, wrong, answers={"receivers": ready})
    said = [display(g.feedback) for g in result.goals if g.goal is not None and g.goal.kind == "answer"]
    assert "not one of the choices: fix the manifests first" in said[0], said
    assert check(ex, ex.solution, answers={"receivers": ready}).passed


def test_an_expected_failure_is_said_in_learner_terms_never_as_its_code():
    from tutor.lessons.goals.kinds.reach import FAILURE_CODES

    for lesson in load_lessons():
        for ex in lesson.exercises:
            for g in check(ex, ex.solution).goals:
                said = " ".join(display(t) for t in (g.label, g.expected) if t is not None)
                assert not [code for code in FAILURE_CODES if f"({code})" in said], (ex.id, said)
