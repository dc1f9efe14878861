"""Typing in the lab with huge texts (10 KB, 100 KB, 1 MB of Services).

After pasting 1 MB, each keystroke took about 8 s to appear (issue 10, item 10):
Textual parsed and highlighted the whole document again on every edit, measured every
line, and every keystroke started another engine thread on the whole text. The lab now
switches highlighting off above ``tutor.ui.editor.HIGHLIGHT_LIMIT`` characters, stops
evaluating as you type above ``tutor.ui.lab.EVAL_LIMIT`` (Ctrl+R still checks), runs at
most one evaluation at a time, holds the garbage collector off while a large text is
evaluated (``GC_HOLD``: its full collections paused the UI thread for 50-100 ms), and the
editor's documents answer their size in O(1) (``tutor.ui.fastpaths``).

The free lab runs headless (Textual's test driver) at 100x30 with the text in the
editor. For each size, with the limits as shipped and, as the baseline in the same run,
with the limits off (highlighting and evaluation at every size, the huge-text fast paths
off), the benchmark reports:

* ``key_ui_ms``: the UI thread's CPU time for one isolated keystroke (median of the
  samples, and the largest): from the key event to the app being idle again; what a
  keystroke costs before it can appear;
* ``burst_stall_ms``: the longest time the UI thread's event loop could not run while a
  burst of 20 keys was typed at 25 keys a second (a ticker coroutine wakes every 2 ms
  and records how late it is): the worst delay of an echo, including the engine's
  thread competing for the interpreter.

    .venv/bin/python benchmarks/bench_huge_text.py [--sizes 10000 100000 1000000] [--samples 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from keys_typed import burst_stalls, press  # noqa: E402

SERVICE = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  selector:\n    app: web\n"
           "  ports:\n    - port: 80\n      targetPort: 9376\n---\n")


def big_text(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = SERVICE.format(i=i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


_press = press


def _limits(on: bool) -> None:
    from tutor.ui import editor, fastpaths, lab, lab_view

    inf = 10 ** 12
    editor.HIGHLIGHT_LIMIT, editor.HIGHLIGHT_AGAIN = (10_000, 8_000) if on else (inf, inf)
    lab.EVAL_LIMIT = 250_000 if on else inf
    lab.GC_HOLD = 10_000 if on else inf
    fastpaths.RESTORE_LINES = 5_000 if on else inf
    fastpaths._QUICK = on
    lab_view.MAX_PORT_SERVICES = 20 if on else inf


async def measure(size: int, samples: int, limits: bool) -> dict:
    from tutor.ui import lab
    from tutor.ui.app import KTutorApp, LabFiles

    _limits(limits)
    app = KTutorApp(lab=LabFiles(text=big_text(size), service_path=None))
    out: dict = {"size": size, "limits": limits}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, lab.LabScreen)
        started = time.perf_counter()
        while not screen.settled and time.perf_counter() - started < 600:
            await asyncio.sleep(0.01)
        editor = screen.editor
        editor.move_cursor((3, len("  name: svc-0")))
        costs = []
        for i in range(samples):
            before = editor.document.get_line(3)
            cpu = time.thread_time()  # this coroutine runs on the UI thread
            _press(app, "x" if i % 2 == 0 else "backspace")
            while editor.document.get_line(3) == before:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            costs.append(time.thread_time() - cpu)
            await asyncio.sleep(0.2)
        stalls = await burst_stalls(app, ["y"] * 20)
        out.update({
            "highlighting": editor.highlighting,
            "paused": screen.paused,
            "key_ui_ms": statistics.median(costs) * 1000,
            "key_ui_max_ms": max(costs) * 1000,
            "burst_stall_ms": max(stalls) * 1000,
            "apply_ms": screen.last_apply_seconds * 1000,
        })
        screen.flush_progress()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    import os
    import tempfile

    os.environ["KTUTOR_HOME"] = tempfile.mkdtemp(prefix="ktutor-bench-")
    rows = []
    for size in args.sizes:
        for limits in (False, True):
            row = asyncio.run(measure(size, args.samples, limits))
            rows.append(row)
            print(f"{size:>9,} chars  limits {'on ' if limits else 'off'}  highlighting {row['highlighting']!s:5}  "
                  f"paused {row['paused']!s:5}  key UI {row['key_ui_ms']:8.1f} ms (max {row['key_ui_max_ms']:8.1f})  "
                  f"burst stall {row['burst_stall_ms']:8.1f} ms  last apply {row['apply_ms']:7.1f} ms", flush=True)
    print()
    for size in args.sizes:
        off = next(r for r in rows if r["size"] == size and not r["limits"])
        on = next(r for r in rows if r["size"] == size and r["limits"])
        print(f"{size:>9,} chars: keystroke {off['key_ui_ms'] / max(on['key_ui_ms'], 0.01):6.1f}x cheaper, "
              f"worst stall {off['burst_stall_ms'] / max(on['burst_stall_ms'], 0.01):6.1f}x shorter")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
