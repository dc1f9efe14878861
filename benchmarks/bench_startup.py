"""Cold start of ``ktutor`` to its first painted home screen, against a bare Textual app.

Both run in a fresh process inside a pseudo-terminal with ``KTUTOR_BENCH_EXIT_AFTER_PAINT=1``
(each exits right after its first paint); runs alternate between the two so that load on
the machine affects both alike. Reports the median wall time, the ratio, and the peak
memory (max RSS) of each.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def run_once(argv: list[str], home: str, pycache: str, marker: bytes) -> tuple[float, int, float]:
    """Wall seconds, max RSS (KiB) and CPU seconds (user + system) of one run, in a
    pseudo-terminal of 100x30. ``marker`` must appear on screen (the run really painted)."""
    # Byte code is allowed (an installed ktutor has its .pyc files), kept out of the checkout.
    env = dict(os.environ, KTUTOR_BENCH_EXIT_AFTER_PAINT="1", KTUTOR_HOME=home, COLUMNS="100", LINES="30",
               TERM="xterm-256color", KTUTOR_LANG="en", PYTHONPYCACHEPREFIX=pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    master, slave = pty.openpty()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    except OSError:
        pass
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True)
    os.close(slave)
    output = bytearray()
    status, usage = None, None
    try:
        while status is None:
            ready, _, _ = select.select([master], [], [], 0.002)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                output += chunk
            pid, code, rusage = os.wait4(proc.pid, os.WNOHANG)  # this child's own usage
            if pid:
                status, usage = code, rusage
        while True:  # what it wrote last
            ready, _, _ = select.select([master], [], [], 0)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(master)
        proc.returncode = status
    elapsed = time.perf_counter() - start
    if marker not in output or status:
        raise SystemExit(f"{argv}: did not paint its first screen (exit status {status}):\n{bytes(output[-2000:])!r}")
    return elapsed, int(usage.ru_maxrss), usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bare = ([PYTHON, str(ROOT / "benchmarks" / "bare_app.py")], b"Hello from a bare Textual app")
    ktutor = ([PYTHON, "-m", "tutor"], "Kubernetes networking".encode())
    results: dict[str, list[tuple[float, int, float]]] = {"bare": [], "ktutor": []}
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as pycache:
        for name, (argv, marker) in (("bare", bare), ("ktutor", ktutor)):  # warm caches and .pyc files
            run_once(argv, home, pycache, marker)
        for _ in range(args.runs):
            for name, (argv, marker) in (("bare", bare), ("ktutor", ktutor)):
                results[name].append(run_once(argv, home, pycache, marker))
    med = {name: statistics.median(r[0] for r in runs) for name, runs in results.items()}
    rss = {name: statistics.median(r[1] for r in runs) for name, runs in results.items()}
    cpu = {name: statistics.median(r[2] for r in runs) for name, runs in results.items()}
    print(f"runs per app: {args.runs} (alternating; machine load affects both alike)")
    for name in ("bare", "ktutor"):
        times = sorted(r[0] for r in results[name])
        print(f"{name:7} wall median {med[name] * 1000:7.1f} ms (min {times[0] * 1000:6.1f}, max "
              f"{times[-1] * 1000:6.1f})   CPU median {cpu[name] * 1000:7.1f} ms   peak RSS {rss[name] / 1024:6.1f} MiB")
    print(f"wall time ratio ktutor/bare: {med['ktutor'] / med['bare']:.2f} (goal ≤ 1.25)")
    print(f"CPU time ratio ktutor/bare:  {cpu['ktutor'] / cpu['bare']:.2f}")
    print(f"memory ratio ktutor/bare:    {rss['ktutor'] / rss['bare']:.2f} (goal ≤ 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
