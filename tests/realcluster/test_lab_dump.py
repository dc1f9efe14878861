"""``ktutor lab DUMP``: the dump's Services in the editor, everything else as the cluster;
Ctrl+S asks for a new file and never writes over the dump (issue 11, item 8)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tutor.k8s.dumps import split_dump
from tutor.k8s.yamlpos import parse, to_python

FIXTURES = Path(__file__).parent / "fixtures"
KIND = FIXTURES / "kind-prod.yaml"
UI_TESTS = Path(__file__).resolve().parents[1] / "ui"


def test_split_dump_services_to_edit_and_the_rest_as_cluster():
    parts = split_dump(KIND.read_text(encoding="utf-8"))
    assert parts is not None and parts.service_count == 4
    services = [to_python(d.root) for d in parse(parts.services).documents]
    assert [s["metadata"]["name"] for s in services] == ["frontend", "web", "db", "db-direct"]
    # what the API server set is left out; what the learner wrote stays
    frontend = services[0]
    assert "status" not in frontend and "uid" not in frontend["metadata"]
    assert "annotations" not in frontend["metadata"]  # only the last-applied annotation was there
    assert frontend["spec"]["selector"] == {"app": "frontend"}
    kinds = [to_python(d.root)["kind"] for d in parse(parts.cluster).documents]
    assert "Service" not in kinds and kinds.count("Pod") == 4 and kinds.count("Node") == 2


def test_a_plain_manifest_is_no_dump():
    assert split_dump("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n") is None
    assert split_dump("kind: [") is None


@pytest.fixture
def ui_helpers():
    sys.path.insert(0, str(UI_TESTS))
    try:
        import ktui_helpers

        yield ktui_helpers
    finally:
        sys.path.remove(str(UI_TESTS))


async def test_the_lab_on_a_dump(tmp_path, ui_helpers):
    from tutor.progress import load_progress
    from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons, set_lab_text
    from tutor.ui.lab import LabScreen

    dump = tmp_path / "dump.yaml"
    original = KIND.read_text(encoding="utf-8")
    dump.write_text(original, encoding="utf-8")
    files = LabFiles()
    set_lab_text(files, str(dump), original)
    assert files.dump_path == str(dump) and files.service_path is None
    app = KTutorApp(load_all_lessons(), load_progress(), lab=files)
    async with app.run_test(size=(120, 40)) as pilot:
        await ui_helpers.settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen) and lab.sandbox
        assert lab.editor.text.startswith("apiVersion: v1\nkind: Service\n")
        # the cluster is the dump's: its Nodes and live Pods
        assert {n.name for n in lab._base.nodes} == {"kind-worker", "kind-worker2"}
        assert lab._base.pod("frontend-6d4b9c6f5-x2k4q", "prod").ip == "10.244.1.5"
        assert "dump.yaml" in ui_helpers.screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "SaveAsDialog"
        # the dump itself is refused
        dialog.dismiss(str(dump))
        await pilot.pause()
        assert dump.read_text(encoding="utf-8") == original
        await pilot.press("ctrl+s")
        await pilot.pause()
        target = tmp_path / "services.yaml"
        app.screen.dismiss(str(target))
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == lab.editor.text
        assert dump.read_text(encoding="utf-8") == original
