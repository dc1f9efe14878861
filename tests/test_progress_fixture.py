"""A progress file saved by ktutor before the exercises were reworked loads with nothing lost.

``tests/fixtures/progress-3c68cb1.json`` was written by ``tutor/progress.py`` of main at
3c68cb1 (the last version before the rework), for that version's 20 exercises: solved
ones (with and without hints), half-done ones and ones whose solution was shown, in
Korean, with the learner last in ``clusterip-dns/cross-namespace``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tutor.lessons.model import load_lessons
from tutor.progress import DONE, load_progress

FIXTURE = Path(__file__).parent / "fixtures" / "progress-3c68cb1.json"


def test_the_saved_file_loads_clean_and_every_record_survives(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copy(FIXTURE, path)
    progress = load_progress(path)
    assert progress.notices == [] and progress.path == path  # read as it is, nothing set aside
    saved = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert progress.language == "ko"
    assert (progress.last_lesson, progress.last_exercise) == ("clusterip-dns", "cross-namespace")
    for lesson_id, lesson in saved["lessons"].items():
        for exercise_id, record in lesson["exercises"].items():
            mine = progress.peek_exercise(lesson_id, exercise_id)
            assert mine.to_json() == record, (lesson_id, exercise_id)


def test_every_old_exercise_is_still_there_or_replaced_with_its_progress(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copy(FIXTURE, path)
    progress = load_progress(path)
    lessons = {lesson.id: lesson for lesson in load_lessons()}
    saved = json.loads(FIXTURE.read_text(encoding="utf-8"))
    progress.apply_replacements({lesson.id: {e.id: list(e.replaces) for e in lesson.exercises if e.replaces}
                                 for lesson in lessons.values()})
    for lesson_id, lesson in saved["lessons"].items():
        assert lesson_id in lessons, f"lesson {lesson_id} is gone"
        current = lessons[lesson_id]
        for exercise_id, record in lesson["exercises"].items():
            here = current.exercise(exercise_id) or next(
                (e for e in current.exercises if exercise_id in e.replaces), None)
            assert here is not None, f"{lesson_id}/{exercise_id} is neither kept nor replaced"
            mine = progress.peek_exercise(lesson_id, here.id)
            assert mine.status == record["status"] and mine.hints_used == record["hints_used"]
            assert mine.solution_viewed == record["solution_viewed"] and mine.text == record["text"]
    # a solved lesson stays solved for every exercise it had; new exercises are simply new
    for lesson_id, lesson in saved["lessons"].items():
        solved = [e for e, r in lesson["exercises"].items() if r["status"] == DONE]
        for exercise_id in solved:
            current = lessons[lesson_id]
            here = current.exercise(exercise_id) or next(e for e in current.exercises if exercise_id in e.replaces)
            assert progress.peek_exercise(lesson_id, here.id).status == DONE


def test_a_renamed_exercise_takes_over_the_old_record_and_the_old_one_stays(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copy(FIXTURE, path)
    progress = load_progress(path)
    before = progress.peek_exercise("clusterip-dns", "cross-namespace").to_json()
    assert progress.apply_replacements({"clusterip-dns": {"other-namespace": ["cross-namespace"]}})
    assert progress.peek_exercise("clusterip-dns", "other-namespace").to_json() == before
    assert progress.peek_exercise("clusterip-dns", "cross-namespace").to_json() == before
    assert progress.last_exercise == "other-namespace"
    assert "other-namespace" in (progress.lessons["clusterip-dns"].exercise_ids or [])
    assert progress.save()
    again = load_progress(path)
    assert again.peek_exercise("clusterip-dns", "other-namespace").to_json() == before
    # a second time changes nothing; a record of the new id's own is never overwritten
    assert not again.apply_replacements({"clusterip-dns": {"other-namespace": ["cross-namespace"]}})


def test_new_optional_fields_round_trip_and_an_old_reader_ignores_them(tmp_path):
    path = tmp_path / "progress.json"
    progress = load_progress(path)
    progress.count_check("l", "e")
    progress.set_answers("l", "e", {"q": ["a", "b"]})
    assert progress.record_exam("l", "e", 3, 5, 100.4)
    assert not progress.record_exam("l", "e", 2, 5, 50)
    assert progress.record_exam("l", "e", 3, 5, 80)
    assert progress.save()
    again = load_progress(path)
    record = again.peek_exercise("l", "e")
    assert record.checks == 1 and record.answers == {"q": ["a", "b"]}
    assert record.exam is not None and (record.exam.score, record.exam.seconds, record.exam.attempts) == (3, 80, 3)
    # the keys today's main writes are all still there, with their meaning
    raw = json.loads(path.read_text(encoding="utf-8"))["lessons"]["l"]["exercises"]["e"]
    assert {"status", "solution_viewed", "hints_used", "text"} <= set(raw)


def test_teaching_fields_fold_into_another_copy_of_the_record():
    """What a merge of two progress files keeps of the teaching fields."""
    from tutor.progress import ExamScore, ExerciseProgress

    mine = ExerciseProgress(checks=1, answers={"q": "a"}, exam=ExamScore(2, 5, 300, 2))
    theirs = ExerciseProgress(checks=3, answers={"q": "b"}, exam=ExamScore(4, 5, 400, 1))
    mine.absorb_teaching(theirs)
    assert mine.checks == 3 and mine.answers == {"q": "a"}
    assert (mine.exam.score, mine.exam.seconds, mine.exam.attempts) == (4, 400, 2)
    mine.absorb_teaching(ExerciseProgress(answers={"q": "c"}, exam=ExamScore(1, 5, 10, 7)), other_is_newer=True)
    assert mine.answers == {"q": "c"} and (mine.exam.score, mine.exam.attempts) == (4, 7)
