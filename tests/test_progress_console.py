"""The console's state in the progress file: an optional per-exercise field."""

from __future__ import annotations

import json

from tutor.progress import IN_PROGRESS, MAX_COMMANDS, NOT_STARTED, Progress, load_progress

STATE = {"commands": ["kubectl label pod web-2 app=web --overwrite"], "namespace": "default"}


def test_console_state_is_saved_and_read_back(tmp_path):
    path = tmp_path / "progress.json"
    progress = Progress(path)
    assert progress.set_console("l", "e", STATE)
    assert not progress.set_console("l", "e", dict(STATE))  # the same: nothing to write
    assert progress.peek_exercise("l", "e").status == IN_PROGRESS
    assert progress.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["lessons"]["l"]["exercises"]["e"]["console"] == STATE
    again = load_progress(path)
    assert again.peek_exercise("l", "e").console == STATE
    assert not again.notices  # nothing was dropped


def test_no_console_field_without_changes(tmp_path):
    progress = Progress(tmp_path / "progress.json")
    progress.set_text("l", "e", "apiVersion: v1")
    assert "console" not in progress.to_json()["lessons"]["l"]["exercises"]["e"]
    progress.set_console("l", "e", STATE)
    assert progress.set_console("l", "e", {"commands": [], "namespace": "default"})  # emptied
    assert progress.peek_exercise("l", "e").console is None


def test_reset_forgets_the_console_changes(tmp_path):
    progress = Progress(tmp_path / "progress.json")
    progress.set_console("l", "e", STATE)
    progress.reset_exercise("l", "e")
    record = progress.peek_exercise("l", "e")
    assert record.console is None and record.status == NOT_STARTED


def test_a_console_state_that_makes_no_sense_is_dropped_and_the_file_kept(tmp_path):
    path = tmp_path / "progress.json"
    data = {"schema": 1, "language": None, "last": {}, "lessons": {"l": {"opened": True, "exercises": {
        "e": {"status": "in_progress", "text": "x", "console": {"commands": "kubectl label pod a b=c"}},
        "f": {"status": "in_progress", "console": {"commands": ["k get pods"] * (MAX_COMMANDS + 1)}},
        "g": {"status": "in_progress", "console": STATE}}}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    progress = load_progress(path)
    assert progress.peek_exercise("l", "e").console is None
    assert progress.peek_exercise("l", "e").text == "x"  # the rest of the record is kept
    assert progress.peek_exercise("l", "f").console is None
    assert progress.peek_exercise("l", "g").console == STATE
    assert progress.notices  # the learner is told, and a copy of the original is kept
    assert list(tmp_path.glob("progress.json.corrupt-*"))
