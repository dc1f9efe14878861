"""Typing into a running app the way a terminal does, for the lab benchmarks
(bench_lab.py, bench_huge_text.py, bench_wrap.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any


def press(app: Any, key: str) -> None:
    """Hand a key event to the app the way the terminal driver does (nothing waits for
    the app)."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def burst_stalls(app: Any, keys: Sequence[str], interval: float = 0.04,
                       settled: Callable[[], bool] = lambda: True) -> list[float]:
    """Type ``keys`` one every ``interval`` seconds (0.04: 25 a second, fast typing) and
    return how late each 2 ms tick of the event loop came meanwhile (the UI's stalls),
    until ``settled()`` once the last key is sent."""
    stalls: list[float] = []
    stop = False

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            stalls.append(now - last - 0.002)
            last = now

    task = asyncio.create_task(ticker())
    for key in keys:
        press(app, key)
        await asyncio.sleep(interval)
    while not settled():
        await asyncio.sleep(0.005)
    stop = True
    await task
    return stalls
