"""Find the drafts of a round and say which unit sent each one."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from review.model import Unit
from review.workspace.roster import find_unit_in, match_unit

# Word/WPS lock files, editor temp files and system clutter: never drafts.
_IGNORED = ("~$*", ".~lock*", "~*.tmp", "*.tmp", "*.crdownload", "*.part", "Thumbs.db",
            "desktop.ini", ".DS_Store")
_SEPARATOR = re.compile(r"[_\-－—–]")


@dataclass
class Found:
    path: Path
    rel_path: str  # relative to the workspace root, "/" separators
    unit_name: str
    unit: Unit | None
    sha256: str


def is_ignored(path: Path) -> bool:
    return path.name.startswith(".") or any(fnmatch(path.name, pat) for pat in _IGNORED)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _printable(name: str) -> str:
    """A unit name off the disk without control characters: it is quoted in comments and
    XML cannot hold them."""
    return "".join(c for c in name if unicodedata.category(c) != "Cc").strip()


def unit_from_name(stem: str, units: list[Unit]) -> tuple[str, Unit | None]:
    """Unit named by a file stem like "河口镇_实施方案" or "河口镇-实施方案"."""
    parts = _SEPARATOR.split(stem, maxsplit=1)
    if len(parts) == 2 and parts[0].strip():
        unit = match_unit(parts[0], units)
        return (unit.name if unit else _printable(parts[0])), unit
    unit = find_unit_in(stem, units)
    return (unit.name if unit else _printable(stem)), unit


def discover(workspace_root: Path, round_dir: Path, units: list[Unit]) -> list[Found]:
    found: list[Found] = []
    for path in sorted(round_dir.rglob("*")):
        rel_parts = path.relative_to(round_dir).parts
        if not path.is_file() or any(is_ignored(Path(p)) for p in rel_parts):
            continue
        if len(rel_parts) > 1:  # inside a per-unit folder: the folder names the unit
            folder = rel_parts[0]
            unit = match_unit(folder, units) or find_unit_in(folder, units)
            unit_name = unit.name if unit else _printable(folder)
        else:
            unit_name, unit = unit_from_name(path.stem, units)
        rel = path.relative_to(workspace_root).as_posix()
        try:
            digest = sha256_of(path)
        except FileNotFoundError:  # taken back (moved, renamed) while the round was listed
            continue
        found.append(Found(path, rel, unit_name, unit, digest))
    return found
