"""F2 redraws the Problems panel even when it shows no problem ("✓ valid")."""

from __future__ import annotations

from textual.widgets import OptionList

from ktui_helpers import settle
from test_flows import make_app, open_lab, replace_selector
from tutor import i18n


def _problems_text(lab) -> str:
    problems = lab.query_one("#problems", OptionList)
    return " ".join(str(problems.get_option_at_index(i).prompt) for i in range(problems.option_count))


async def test_valid_problems_panel_follows_the_language():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = await open_lab(pilot)
        await replace_selector(pilot, lab, "MyApp")
        assert "valid" in _problems_text(lab)
        await pilot.press("f2")
        await settle(pilot)
        assert i18n.get_language() == "ko"
        assert "valid" not in _problems_text(lab)
        assert i18n.gettext("valid") in _problems_text(lab)
