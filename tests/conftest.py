"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from review.similarity import passages


@pytest.fixture(params=["compiled", "python"])
def passage_builder(request, monkeypatch):
    """Builds passages with the compiled builder (building.py), or in Python as where
    Numba is not installed: copy detection must find the same either way."""
    if request.param == "compiled":
        pytest.importorskip("review.similarity.building",
                            reason="Numba is not installed: passages are built in Python only")
        assert passages._builder() is not None
    else:
        monkeypatch.setattr(passages, "_builder", lambda: None)
    return request.param
