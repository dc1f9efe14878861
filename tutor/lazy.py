"""A read-only sequence whose items are made when first read, then kept.

Used where thousands of items may exist but only a few are ever looked at: the engine's
Pod verdicts (a Service over 10,000 Pods) and the lab's Pod rows (only visible rows are
drawn). Textual-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """``_count`` items; item ``i`` is ``self._make(i)``, made on first access and cached
    in ``self._cache`` (a dict the subclass creates)."""

    _count = 0
    _cache: dict[int, T]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        item = self._cache.get(index)
        if item is None:
            item = self._cache[index] = self._build(index)
        return item

    def _build(self, index: int) -> T:
        return self._make(index)

    def _make(self, index: int) -> T:  # pragma: no cover - provided by subclasses
        raise NotImplementedError
