"""The Numba-compiled kernels of copy detection, where this machine has them.

Numba has no wheels for some processors (LoongArch among them), and finds no folder for
its cache where the package and the user's cache folder are both read-only: there each
kernel's caller runs its Python or numpy version instead, which gives the same results.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def compiled(module: str, name: str) -> Callable | None:
    """`module`'s kernel `name`, or None where it cannot be compiled here."""
    try:
        return getattr(importlib.import_module(module), name)
    # ImportError: no Numba for this processor; RuntimeError: Numba finds no writable
    # folder for its cache (NUMBA_CACHE_DIR)
    except (ImportError, RuntimeError):
        return None
