"""Where the shipped rules and corpus live: inside the wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "_data"
_CHECKOUT = Path(__file__).parent.parent


def data_path(*parts: str) -> Path:
    root = _PACKAGED if (_PACKAGED / "rules").is_dir() else _CHECKOUT
    return root.joinpath(*parts)
