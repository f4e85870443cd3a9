"""Loading the libraries a command needs without garbage collection, and other work that
makes many objects and little garbage.

Importing the pipeline (scikit-learn, spaCy, Numba, the parsers) makes some 180,000
objects and no garbage, which Python would scan again and again as they come: 0.15–0.2 s
of every batch's start.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_collection() -> Iterator[None]:
    """Garbage collection off for the block (imports), as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def with_collection() -> Iterator[None]:
    """Garbage collection on for the block, as it was after: for work that makes cycles
    inside a block without it."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()
