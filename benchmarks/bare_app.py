"""The baseline for benchmarks: a bare Textual app showing one Static.

With ``KTUTOR_BENCH_EXIT_AFTER_PAINT=1`` it exits right after its first paint, exactly
like ``ktutor`` does, so both can be timed from process start to first painted screen.
"""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app")

    def on_mount(self) -> None:
        if os.environ.get("KTUTOR_BENCH_EXIT_AFTER_PAINT"):
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareApp().run()
