"""Containers that report their own changes, so the state file is written one changed object at a time.

A resource held by a persistent :class:`~barrack_emulator.state.Store` is a :class:`TrackedDict`; every dict and
list inside it is tracked too and shares the resource's ``mark`` callback. Any change anywhere in the tree (set,
delete, append, ``+=``...) calls ``mark()``, which records the resource as dirty; the store writes the dirty
resources at the end of the request. A plain dict or list put into a tracked tree is copied into tracked form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, SupportsIndex

Mark = Callable[[], None]


def track(value: Any, mark: Mark) -> Any:
    """`value` as tracked containers reporting to `mark` (scalars as they are; containers already reporting to
    `mark` keep their identity)."""
    if isinstance(value, dict):
        if isinstance(value, TrackedDict) and value.mark is mark:
            return value
        out = TrackedDict()
        out.mark = mark
        dict.update(out, ((k, track(v, mark)) for k, v in value.items()))
        return out
    if isinstance(value, list):
        if isinstance(value, TrackedList) and value.mark is mark:
            return value
        lst = TrackedList(track(v, mark) for v in value)
        lst.mark = mark
        return lst
    return value


class TrackedDict(dict[str, Any]):
    """A dict calling ``mark()`` on every change."""

    __slots__ = ("mark",)
    mark: Mark

    def __setitem__(self, key: str, value: Any) -> None:
        dict.__setitem__(self, key, track(value, self.mark))
        self.mark()

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        self.mark()

    def pop(self, key: str, *default: Any) -> Any:
        self.mark()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        self.mark()
        return dict.popitem(self)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        dict.clear(self)
        self.mark()

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[override,misc]
        self.update(other)
        return self


class TrackedList(list[Any]):
    """A list calling ``mark()`` on every change."""

    __slots__ = ("mark",)
    mark: Mark

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            list.__setitem__(self, index, [track(v, self.mark) for v in value])
        else:
            list.__setitem__(self, index, track(value, self.mark))
        self.mark()

    def __delitem__(self, index: Any) -> None:
        list.__delitem__(self, index)
        self.mark()

    def append(self, value: Any) -> None:
        list.append(self, track(value, self.mark))
        self.mark()

    def extend(self, values: Iterable[Any]) -> None:
        list.extend(self, (track(v, self.mark) for v in values))
        self.mark()

    def insert(self, index: SupportsIndex, value: Any) -> None:
        list.insert(self, index, track(value, self.mark))
        self.mark()

    def pop(self, index: SupportsIndex = -1) -> Any:
        self.mark()
        return list.pop(self, index)

    def remove(self, value: Any) -> None:
        list.remove(self, value)
        self.mark()

    def clear(self) -> None:
        list.clear(self)
        self.mark()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        list.sort(self, *args, **kwargs)
        self.mark()

    def reverse(self) -> None:
        list.reverse(self)
        self.mark()

    def __iadd__(self, values: Iterable[Any]) -> TrackedList:  # type: ignore[misc]
        self.extend(values)
        return self

    def __imul__(self, n: SupportsIndex) -> TrackedList:
        list.__imul__(self, n)
        self.mark()
        return self
