"""Start-up as a learner sees it: from starting ``ktutor`` until the home screen's first
lesson title is on the screen of a terminal, against a bare Textual app showing one Static.

Each run starts a fresh process in a pseudo-terminal of 100x30; everything it writes is
fed to a terminal emulator (pyte) and the clock stops when the emulated screen shows the
text (the first lesson's title; the bare app's one line), then the process is killed.
So the time covers interpreter start, imports, reading the lessons and the progress, the
first layout and paint, and the escape sequences reaching a terminal: what a learner
waits for, not the time until the process could exit.

Three kinds of run alternate (so that load on the machine affects them alike):
``bare`` (benchmarks/bare_app.py), ``first`` (ktutor with a new, empty KTUTOR_HOME: a
first start) and ``later`` (ktutor with a KTUTOR_HOME an earlier run has used). Byte code
is allowed (an installed ktutor has its .pyc files); it is kept out of the checkout.

``--install wheel`` (the default) builds ktutor's wheel and installs it into a new venv,
as a learner would, and runs ``ktutor`` and the bare app from there; ``--install
checkout`` runs ``python -m tutor`` from this checkout with the current interpreter.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15] [--install wheel|checkout]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import venv
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
COLUMNS, LINES = 100, 30
BARE_TEXT = "Hello from a bare Textual app"
#: Give up on a run after this long (seconds): something is wrong, not slow.
GIVE_UP = 60.0


def first_lesson_title() -> str:
    """The English title of the first shipped lesson (what the home screen lists first)."""
    sys.path.insert(0, str(ROOT))
    from tutor.lessons.model import lesson_files, load_lesson

    return load_lesson(lesson_files(ROOT / "lessons")[0], 1).title


def run_once(argv: list[str], env: dict[str, str], marker: str) -> tuple[float, float]:
    """Seconds until ``marker`` is on the emulated screen, and the CPU seconds (user +
    system) the process had used when it was killed right after."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    seen = None
    try:
        while seen is None:
            if time.perf_counter() - start > GIVE_UP:
                raise SystemExit(f"{argv}: {marker!r} not on screen after {GIVE_UP:.0f} s:\n" + "\n".join(screen.display))
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    raise SystemExit(f"{argv}: exited ({proc.returncode}) before showing {marker!r}:\n"
                                     + "\n".join(screen.display))
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                continue
            stream.feed(chunk)
            if any(marker in line for line in screen.display):
                seen = time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _pid, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = _status
        os.close(master)
    return seen, usage.ru_utime + usage.ru_stime


def install_wheel(where: Path) -> Path:
    """Build ktutor's wheel and install it into a new venv under ``where``; its python."""
    dist = where / "dist"
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)], cwd=ROOT,
                   check=True, capture_output=True)
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(next(dist.glob("ktutor-*.whl")))],
                   check=True, capture_output=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--install", choices=("wheel", "checkout"), default="wheel")
    args = parser.parse_args()
    title = first_lesson_title()
    with tempfile.TemporaryDirectory(prefix="ktutor-start-") as tmp_name:
        tmp = Path(tmp_name)
        if args.install == "wheel":
            python = install_wheel(tmp)
            ktutor = [str(python.parent / "ktutor")]
        else:
            python = Path(sys.executable)
            ktutor = [str(python), "-m", "tutor"]
        bare = [str(python), str(ROOT / "benchmarks" / "bare_app.py")]
        pycache = tmp / "pycache"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KTUTOR_", "PYTHONDONTWRITEBYTECODE"))}
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), KTUTOR_LANG="en",
                   PYTHONPYCACHEPREFIX=str(pycache))
        later_home = tmp / "home-later"
        homes = iter(range(10 ** 6))

        def first_env() -> dict[str, str]:
            return dict(env, KTUTOR_HOME=str(tmp / f"home-first-{next(homes)}"))

        kinds = {
            "bare": lambda: (bare, env, BARE_TEXT),
            "first": lambda: (ktutor, first_env(), title),
            "later": lambda: (ktutor, dict(env, KTUTOR_HOME=str(later_home)), title),
        }
        for make in kinds.values():  # warm the disk cache and the .pyc files; "later" gets its home
            run_once(*make())
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in kinds}
        for _ in range(args.runs):
            for name, make in kinds.items():
                results[name].append(run_once(*make()))
    wall = {name: statistics.median(r[0] for r in runs) for name, runs in results.items()}
    cpu = {name: statistics.median(r[1] for r in runs) for name, runs in results.items()}
    print(f"{args.install}: {args.runs} runs of each, alternating; until {title!r} is on a 100x30 terminal")
    for name in kinds:
        times = sorted(r[0] for r in results[name])
        print(f"{name:6} wall median {wall[name] * 1000:7.1f} ms (min {times[0] * 1000:6.1f}, max "
              f"{times[-1] * 1000:6.1f})   CPU median {cpu[name] * 1000:7.1f} ms")
    for name in ("first", "later"):
        ratios = sorted(a[0] / b[0] for a, b in zip(results[name], results["bare"]))
        print(f"{name} start / bare: {wall[name] / wall['bare']:.2f} (median of pairs "
              f"{statistics.median(ratios):.2f}; goal ≤ 1.25)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
