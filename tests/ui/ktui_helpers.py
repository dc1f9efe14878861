"""Helpers shared by the TUI tests (plain functions, imported by the test modules)."""

from __future__ import annotations


async def evaluated(pilot) -> None:
    """Wait until the lab on screen shows the evaluation of the text on screen (the
    learner may still be typing: nothing is declared solved for that alone)."""
    from tutor.ui.lab import LabScreen

    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, LabScreen) or screen.settled:
            return
    raise AssertionError("the lab never showed the evaluation of the current text")


async def settle(pilot) -> None:
    """The learner stops typing: wait for the evaluation of the text on screen, then tell
    the lab that typing paused (what its SETTLE_DELAY timer does; tests never wait for
    it), and wait for what that changes."""
    from tutor.ui.lab import LabScreen

    await evaluated(pilot)
    screen = pilot.app.screen
    if isinstance(screen, LabScreen) and not screen.quiet:
        screen.post_message(LabScreen.Paused())
        await pilot.pause()
        await evaluated(pilot)


def screen_text(app) -> str:
    """Everything on screen as plain text (what a learner reads)."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


def widget_text(widget) -> str:
    """What a widget shows, as plain text (all of it, also the part scrolled away)."""
    from textual.geometry import Region

    width = max(1, widget.size.width)
    height = max(widget.size.height, widget.virtual_size.height, 1)
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)
