"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from review.similarity import bands, passages


def compiled_or_not(request, monkeypatch, owner, kernel: str, fallback: str) -> str:
    """Run a test with `owner`'s compiled kernel (module `kernel`), or with its Python or
    numpy fallback, as where Numba is not installed: both must give the same."""
    if request.param == "compiled":
        pytest.importorskip(kernel, reason=f"Numba is not installed: {fallback}")
        assert owner._compiled() is not None
    else:
        monkeypatch.setattr(owner, "_compiled", lambda: None)
    return request.param


@pytest.fixture(params=["compiled", "numpy"])
def counting(request, monkeypatch):
    """Collisions counted by counting.py, or in numpy."""
    return compiled_or_not(request, monkeypatch, bands, "review.similarity.counting",
                           "collisions are counted in numpy only")


@pytest.fixture(params=["compiled", "python"])
def passage_builder(request, monkeypatch):
    """Passages built by building.py, or in Python."""
    return compiled_or_not(request, monkeypatch, passages, "review.similarity.building",
                           "passages are built in Python only")
