"""Typing in the lab when a long line is wrapped (the hanging wrap, issue 9) near its limit.

The lab's editor wraps long lines with hanging indents (``tutor.ui.editor.HangingWrap``)
only in texts up to ``tutor.ui.editor.WRAP_MAX_LINES`` lines: while wrapping, each edit
wraps the whole text again and repaints the whole editor. This script types into texts
of Services with one long comment line (wider than the editor) at the top:

* ``wrap``: ``WRAP_MAX_LINES`` lines (3,000): the long line is wrapped;
* ``nowrap``: one line more (3,001): not wrapped (the view scrolls sideways as before);
* ``short``: ``WRAP_MAX_LINES`` lines, no long line: the baseline (one row per line,
  only the changed lines repainted).

For each, and for two places to type (the first Service's name, and the end of the long
line itself), the same figures as ``bench_huge_text.py``: the UI thread's CPU time for an
isolated keystroke (median and largest), the longest stall of the event loop while a
burst of 20 keys (a letter, Backspace, ...) is typed at 25 keys a second, and how many times the whole text was
wrapped per keystroke (``HangingWrap.wrap`` calls).

    .venv/bin/python benchmarks/bench_wrap.py [--samples 9] [--lines 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_huge_text import SERVICE, _press  # noqa: E402
from keys_typed import burst_stalls  # noqa: E402

LONG = "# " + " ".join(f"word{i}" for i in range(60))  # about 420 characters


def text_of(lines: int, long_line: bool) -> str:
    """``lines`` lines: the long comment (or a short one), Services, comment padding."""
    head = [LONG if long_line else "# a short comment"]
    service = SERVICE.format(i=0).splitlines()
    body: list[str] = []
    i = 0
    while len(head) + len(body) + len(service) <= lines:
        body.extend(SERVICE.format(i=i).splitlines())
        i += 1
    body.extend("# pad" for _ in range(lines - len(head) - len(body)))
    return "\n".join(head + body)


async def measure(kind: str, lines: int, where: str, samples: int) -> dict:
    from tutor.ui import editor as editor_module
    from tutor.ui import lab
    from tutor.ui.app import KTutorApp, LabFiles

    text = text_of(lines + (1 if kind == "nowrap" else 0), kind != "short")
    app = KTutorApp(lab=LabFiles(text=text, service_path=None))
    wraps = 0
    original = editor_module.HangingWrap.wrap

    def counting(self, *args, **kwargs):
        nonlocal wraps
        wraps += 1
        return original(self, *args, **kwargs)

    editor_module.HangingWrap.wrap = counting
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, lab.LabScreen)
            started = time.perf_counter()
            while not screen.settled and time.perf_counter() - started < 600:
                await asyncio.sleep(0.01)
            editor = screen.editor
            row = 0 if where == "long" else 4
            editor.move_cursor((row, len(editor.document.get_line(row))))
            await pilot.pause()
            costs = []
            wraps = 0
            for i in range(samples):
                before = editor.document.get_line(row)
                cpu = time.thread_time()  # this coroutine runs on the UI thread
                _press(app, "x" if i % 2 == 0 else "backspace")
                while editor.document.get_line(row) == before:
                    await asyncio.sleep(0.0005)
                await pilot.pause()
                costs.append(time.thread_time() - cpu)
                await asyncio.sleep(0.2)
            per_key = wraps / samples
            soft_wrap, rows = editor.soft_wrap, editor.wrapped_document.height
            # (the line keeps its width: wrapping stays as it is)
            stalls = await burst_stalls(app, ["y" if i % 2 == 0 else "backspace" for i in range(20)])
            out = {
                "kind": kind, "where": where, "lines": editor.document.line_count,
                "soft_wrap": soft_wrap, "rows": rows,
                "key_ui_ms": statistics.median(costs) * 1000, "key_ui_max_ms": max(costs) * 1000,
                "burst_stall_ms": max(stalls) * 1000, "wraps_per_key": per_key,
            }
            screen.flush_progress()
    finally:
        editor_module.HangingWrap.wrap = original
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=9)
    parser.add_argument("--lines", type=int, default=None, help="default: WRAP_MAX_LINES")
    args = parser.parse_args()
    os.environ["KTUTOR_HOME"] = tempfile.mkdtemp(prefix="ktutor-bench-")
    from tutor.ui.editor import WRAP_MAX_LINES

    lines = args.lines or WRAP_MAX_LINES
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    for where in ("name", "long"):
        for kind in ("short", "wrap", "nowrap"):
            if kind == "short" and where == "long":
                continue
            row = asyncio.run(measure(kind, lines, where, args.samples))
            rows.append(row)
            print(f"{kind:6} {row['lines']:>6,} lines  typing at {where:4}  soft wrap {row['soft_wrap']!s:5} "
                  f"({row['rows']:,} rows)  key UI {row['key_ui_ms']:7.1f} ms (max {row['key_ui_max_ms']:7.1f})  "
                  f"burst stall {row['burst_stall_ms']:7.1f} ms  whole-text wraps/key {row['wraps_per_key']:.1f}",
                  flush=True)
    base = rows[0]["key_ui_ms"]
    print()
    for row in rows[1:]:
        print(f"{row['kind']:6} at {row['where']:4}: {row['key_ui_ms'] / max(base, 0.01):5.2f}x the short text's keystroke")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
