"""How the benchmark reports progress: the caller passes a `track` that wraps each long
loop (the CLI's draws a Rich bar); the default shows nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
Track = Callable[[Iterable[T], str, int], Iterable[T]]


def untracked(items: Iterable[T], label: str, total: int) -> Iterable[T]:
    return items
