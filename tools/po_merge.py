"""Git merge driver for gettext catalogs (locales/**/*.po, locales/*.pot).

Two branches that each add or change translations touch the same catalog in many places
(location comments move with every code edit), so a line-based merge conflicts on nearly
every change. This driver merges per message instead: a message added on either side is
kept, a message changed on one side only takes that side's text, a message removed on one
side (and unchanged on the other) is removed. When both sides changed the same message
differently, ours wins and the message is marked fuzzy so that a translator looks at it
(the catalog test fails on fuzzy entries, so it cannot be forgotten).

Location comments are taken from our side; run ``tools/i18n_sync.py`` after a merge to
refresh them from the code.

Register it once per clone (``.gitattributes`` already names the driver):

    git config merge.po.name "gettext catalog merge"
    git config merge.po.driver ".venv/bin/python tools/po_merge.py %O %A %B"
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as fh:
        return read_po(fh)


def _key(message: Message) -> tuple[object, object]:
    return (message.id, message.context)


def _same(a: Message | None, b: Message | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.string == b.string and a.fuzzy == b.fuzzy


def merge(base: Catalog, ours: Catalog, theirs: Catalog) -> tuple[Catalog, int]:
    """Merge ``theirs`` into ``ours`` (in place) against ``base``; returns ours and the
    number of messages both sides changed differently (kept as ours, marked fuzzy)."""
    base_by = {_key(m): m for m in base if m.id}
    ours_by = {_key(m): m for m in ours if m.id}
    theirs_by = {_key(m): m for m in theirs if m.id}
    clashes = 0
    for key, mine in list(ours_by.items()):
        old, other = base_by.get(key), theirs_by.get(key)
        if other is None:
            if old is not None and _same(old, mine):
                ours.delete(mine.id, context=mine.context)  # they removed it, we did not touch it
            continue
        if _same(mine, other) or _same(old, other):
            continue  # no change on their side
        if old is None or _same(old, mine):
            mine.string = other.string  # only they changed it
            if other.fuzzy:
                mine.flags.add("fuzzy")
            else:
                mine.flags.discard("fuzzy")
            mine.auto_comments = list(other.auto_comments) or mine.auto_comments
            continue
        clashes += 1  # both changed it differently: keep ours, flag for review
        mine.flags.add("fuzzy")
    for key, other in theirs_by.items():
        if key in ours_by:
            continue
        old = base_by.get(key)
        if old is not None and _same(old, other):
            continue  # we removed it, they did not touch it
        ours[other.id] = other  # added (or changed) on their side only
    return ours, clashes


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: po_merge.py BASE OURS THEIRS  (git merge driver: %O %A %B)", file=sys.stderr)
        return 2
    base, ours, theirs = (_read(p) for p in argv)
    merged, clashes = merge(base, ours, theirs)
    with Path(argv[1]).open("wb") as fh:
        write_po(fh, merged, width=100, omit_header=False)
    if clashes:
        print(f"po_merge: {clashes} message(s) changed on both sides; kept ours, marked fuzzy", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
