"""A tutor's progress in a process of its own, driven line by line on standard input
(for the tests of two tutors on one progress file). Each command answers ``ok`` (or the
asked value) on standard output:

    load | save | done L E | text L E T | hint L E | solution L E | reset L E | reset-all
    | lang X | open L E | status L E | burst N PREFIX (N exercises done and saved, one by one)
"""

from __future__ import annotations

import sys

from tutor.progress import load_progress


def main() -> None:
    progress = None
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "load":
            progress = load_progress()
        elif cmd == "save":
            assert progress.save(), progress.notices
        elif cmd == "done":
            progress.mark_done(*args)
        elif cmd == "text":
            progress.set_text(args[0], args[1], " ".join(args[2:]))
        elif cmd == "hint":
            progress.use_hint(*args, 5)
        elif cmd == "solution":
            progress.view_solution(*args)
        elif cmd == "reset":
            progress.reset_exercise(*args)
        elif cmd == "reset-all":
            progress.reset_all()
        elif cmd == "lang":
            progress.set_language(args[0])
        elif cmd == "open":
            progress.open_exercise(*args)
        elif cmd == "status":
            print(progress.peek_exercise(*args).status, flush=True)
            continue
        elif cmd == "burst":
            for i in range(int(args[0])):
                progress.mark_done("burst", f"{args[1]}-{i}")
                assert progress.save(), progress.notices
        print("ok", flush=True)


if __name__ == "__main__":
    main()
