"""The TUI's parts: wrapping and cell widths (Korean), the lesson cache, the key bar,
the glossary, mouse use, large clusters, and what the tutor imports at start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from ktui_helpers import screen_text, settle, widget_text
from tutor import i18n
from tutor.ui import lab_view, lesson_index
from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons
from tutor.ui.base import bilingual, fit, pad
from tutor.ui.home import HomeScreen
from tutor.ui.lesson import LessonScreen

LESSONS = Path(__file__).parent / "lessons"
ROOT = Path(__file__).resolve().parents[2]


def make_app(**kwargs) -> KTutorApp:
    return KTutorApp(load_all_lessons(LESSONS), **kwargs)


# --------------------------------------------------------------------------- text
def test_padding_counts_cells_not_characters():
    assert cell_len(pad("파드", 6)) == 6 and pad("파드", 6) == "파드  "
    assert cell_len(fit("네임스페이스", 7)) == 7
    assert fit("네임스페이스", 7).endswith("…")
    assert cell_len(fit("web-1", 8)) == 8


def test_hanging_indent_keeps_continuations_under_the_text():
    line = Content.assemble("   → ", "Not selected: web-1, web-2 (app: MyApp ≠ db), and more words to wrap")
    lines = lab_view.hang(line, 30)
    assert len(lines) > 1
    assert all(cell_len(x.plain) <= 30 for x in lines)
    assert all(x.plain.startswith("     ") for x in lines[1:])


async def test_korean_wraps_at_spaces_never_inside_a_word():
    text = ("서비스는 셀렉터에 맞는 파드로 트래픽을 보낸다. 셀렉터의 레이블은 대소문자까지 모두 정확히 "
            "맞아야 한다. 레이블이 없거나 값이 다른 파드는 선택되지 않는다.")
    words = set(text.split())
    from textual.app import App

    class One(App):
        def compose(self):
            yield Static(text, id="s")

    app = One()
    async with app.run_test(size=(24, 12)) as pilot:
        await pilot.pause()
        lines = [line.strip() for line in widget_text(app.query_one("#s")).splitlines() if line.strip()]
        assert len(lines) > 3
        for line in lines:
            assert all(word in words for word in line.split()), line  # whole words only
            assert cell_len(line) <= 24
    for width in (12, 20, 33):
        for line in lab_view.hang(Content(text), width):
            assert all(word in words for word in line.plain.split()), line.plain


def test_bilingual_command_names():
    assert bilingual("Switch language") == "Switch language"
    i18n.set_language("ko")
    assert bilingual("Switch language") == "언어 전환 (Switch language)"


# --------------------------------------------------------------------------- lesson index
def _copy_lessons(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    for f in LESSONS.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_lesson_index_cache_round_trip_and_staleness(tmp_path):
    folder = _copy_lessons(tmp_path)
    first = load_all_lessons(folder)
    assert [(e.id, e.number, e.exercises) for e in first.lessons] == [
        ("select", 1, ("fix-selector",)), ("two-steps", 2, ("first", "second"))]
    assert lesson_index.cache_path().is_file()
    second = load_all_lessons(folder)
    assert second.lessons == first.lessons  # from the cache, identical
    edited = folder / "01-select.yaml"
    edited.write_text(edited.read_text().replace("Select the web Pods", "Select web Pods"))
    third = load_all_lessons(folder)
    assert third.lessons[0].title == "Select web Pods"  # stale cache: parsed again
    lesson_index.cache_path().write_text("{broken")
    assert load_all_lessons(folder).lessons[0].title == "Select web Pods"


def test_a_shipped_index_is_used_only_while_it_matches_the_files(tmp_path, monkeypatch):
    folder = _copy_lessons(tmp_path)
    files = sorted(folder.glob("*.yaml"))
    index = lesson_index.build(folder, files)
    shipped = tmp_path / "shipped.json"
    shipped.write_text(lesson_index.to_json(index, files).replace("Select the web Pods", "Shipped title"))
    monkeypatch.setattr(lesson_index, "shipped_path", lambda: shipped)
    assert load_all_lessons(folder).lessons[0].title == "Shipped title"  # the shipped index, as it is
    assert not lesson_index.cache_path().exists()  # nothing was parsed, nothing cached
    edited = folder / "02-two.yaml"
    edited.write_text(edited.read_text() + "\n")
    assert load_all_lessons(folder).lessons[0].title == "Select the web Pods"  # no longer matches: parsed


def test_the_index_lists_the_same_files_as_the_lesson_model(tmp_path):
    from tutor.lessons.model import lesson_files

    for name in ("02-b.yaml", "01-a.yml", "_draft.yaml", ".hidden.yaml", "notes.txt", "03-c.YAML"):
        (tmp_path / name).write_text("id: x\n")
    (tmp_path / "04-dir.yaml").mkdir()
    assert lesson_index.lesson_files(tmp_path) == lesson_files(tmp_path)
    assert [p.name for p in lesson_index.lesson_files(tmp_path)] == ["01-a.yml", "02-b.yaml"]


def test_the_home_screen_comes_from_the_index_without_yaml():
    load_all_lessons(LESSONS)  # fills the cache
    code = ("import asyncio, sys; from pathlib import Path; from tutor.ui.app import KTutorApp, load_all_lessons\n"
            f"app = KTutorApp(load_all_lessons(Path({str(LESSONS)!r})))\n"
            "async def main():\n"
            "    async with app.run_test() as pilot:\n"
            "        await pilot.pause()\n"
            "        assert 'Two steps' in str(app.screen.query_one('#lesson-list').get_option('two-steps').prompt)\n"
            "asyncio.run(main())\n"
            "assert 'yaml' not in sys.modules, sorted(m for m in sys.modules if 'yaml' in m)\n"
            "assert 'tutor.lessons.model' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_lesson_is_loaded_when_opened(tmp_path):
    folder = _copy_lessons(tmp_path)
    app = KTutorApp(load_all_lessons(folder))
    entry = app.lessons[1]
    lesson = app.full_lesson(entry)
    assert lesson is not None and lesson.id == entry.id and [e.id for e in lesson.exercises] == list(entry.exercises)
    assert app.full_lesson(entry) is lesson  # loaded once
    (folder / "02-two.yaml").write_text("id: [unclosed\n")
    other = KTutorApp(load_all_lessons(LESSONS))
    assert other.full_lesson(app.lessons[1]) is None  # broken meanwhile: the learner is told, nothing raised


def test_a_broken_lesson_file_is_left_out_not_fatal(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-ok.yaml").write_text((LESSONS / "02-two.yaml").read_text())
    (folder / "02-broken.yaml").write_text("id: [unclosed\n")
    loaded = load_all_lessons(folder)
    assert [l.id for l in loaded.lessons] == ["two-steps"]
    assert len(loaded.problems) == 1 and "02-broken.yaml" in loaded.problems[0]


# --------------------------------------------------------------------------- start-up imports
def test_the_home_screen_needs_no_engine_editor_or_markdown():
    code = ("import sys; import tutor.cli, tutor.ui.app, tutor.ui.home; "
            "heavy = [m for m in ('tutor.k8s.evaluate', 'tutor.lessons.goals', 'textual.widgets._text_area', "
            "'textual.widgets._markdown', 'markdown_it', 'tree_sitter', 'tutor.ui.lab') if m in sys.modules]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------- key bar, mouse
async def test_key_bar_puts_help_and_language_first_and_is_clickable():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        assert bar.lstrip().startswith("F1 help  F2 한국어")
        assert "^p palette" in bar
        await pilot.click("KeyBar", offset=(9, 0))  # on "F2 한국어"
        await pilot.pause()
        assert i18n.get_language() == "ko"
        assert screen_text(app).splitlines()[-1].lstrip().startswith("F1 도움말  F2 English")
        # translated where drawn: the bindings themselves keep their English msgids
        descriptions = {active.binding.action: active.binding.description for active in app.screen.active_bindings.values()}
        assert descriptions["app.help"] == "help" and descriptions["continue"] == "continue"


def test_the_same_frame_rule_is_fixed_by_text_size_and_pods():
    from tutor.ui.lab import INLINE_TEXT, inline

    service = len(SERVICE)
    assert inline(service, 3) and inline(service, 1_000)  # a lesson's cluster, the benchmark's 1,000 Pods
    assert not inline(service, 10_000)  # 10,000 Pods: the worker
    assert not inline(INLINE_TEXT + 1, 0)  # a long text: the worker, whatever the cluster


async def test_mouse_opens_a_lesson_and_switches_language():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(text) if "Two steps" in line)
        await pilot.click(offset=(10, row))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "two-steps"
        await pilot.click("TitleBar", offset=(97, 0))  # the "한국어 | EN" indicator
        await pilot.pause()
        assert i18n.get_language() == "ko"


async def test_clicking_a_problem_moves_the_cursor():
    app = make_app(lesson="select")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        lab = app.screen
        lab.editor.replace("  ports: [oops\n", (7, 0), (8, 0))
        await settle(pilot)
        lab.editor.move_cursor((0, 0))
        problems = lab.query_one("#problems")
        await pilot.click("#problems", offset=(3, 1))
        await pilot.pause()
        assert lab.editor.cursor_location[0] == min(lab.editor.marks)
        assert problems.option_count >= 1


# --------------------------------------------------------------------------- glossary
async def test_glossary_searches_both_languages():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        from tutor.ui.glossary import GlossaryScreen

        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        await pilot.press(*"셀렉터")
        await pilot.pause()
        detail = widget_text(screen.query_one("#glossary-definition"))
        assert "selector" in detail and "셀렉터" in detail
        await pilot.press("f2")
        await pilot.pause()
        assert "검색" in screen.query_one("#glossary-search").placeholder
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_lists_actions_in_korean_with_english_searchable():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"language")
        await pilot.pause()
        await pilot.pause(0.3)  # the palette searches in the background
        text = screen_text(app)
        assert "언어 전환" in text


# --------------------------------------------------------------------------- large clusters
def _big_base(pods: int):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_lab import cluster_spec
    finally:
        sys.path.pop(0)
    from tutor.k8s.cluster import Cluster

    return Cluster.from_spec(cluster_spec(pods))


SERVICE = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n"
           "  ports:\n    - port: 80\n      targetPort: http\n")


@pytest.mark.parametrize("pods", [1000, 10000])
async def test_large_clusters_stay_usable(pods):
    app = make_app(lab=LabFiles(text=SERVICE))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lab = app.screen
        lab._base = _big_base(pods)
        lab._start_evaluation()
        await settle(pilot)
        rows = lab.query_one("#pods").rows
        assert len(rows) == pods + 2  # two section headers, then one row per Pod
        assert rows[0].plain.startswith(f"Selected: {pods - 5:,}")
        assert rows[pods - 5 + 1].plain.startswith("Not selected: 5")
        # only the rows on screen were formatted
        assert len(rows._cache) < 200
        await pilot.press("end")
        lab.editor.move_cursor((3, len("  name: web")))
        await pilot.press("x")
        await settle(pilot)
        assert "webx" in widget_text(lab.query_one("#pods-header"))
