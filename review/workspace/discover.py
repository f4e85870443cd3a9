"""Find the drafts of a round and say which unit sent each one.

Names starting with "." are hidden files and folders (macOS's ._ companions, .git, a
sync tool's state) and are skipped with everything inside them, like Word's lock files.

Symbolic links are not followed blindly: a crafted folder on a USB stick can hold a link
named 方案.txt that points at /etc/passwd or ~/.ssh/id_rsa, and whatever a draft says is
quoted back in the comments and letters that go out to units. A link to a file inside the
inbox (another round's copy, or the round folder's own real location on a share) is read
like the file itself; any other link — pointing outside, to nothing, to a folder, in a
loop — becomes the draft's unreadable row saying where it points, and is never opened,
hashed or walked into.
"""

from __future__ import annotations

import hashlib
import os
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
    # Why the file is refused without being opened (a link out of the inbox); the
    # pipeline makes it the draft's unreadable row.
    refused: str | None = None


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


def _entries(round_dir: Path) -> list[Path]:
    """Files and links under `round_dir`, never descending into a hidden or ignored folder
    or through a link."""
    found, folders = [], [round_dir]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # unreadable or removed meanwhile, as rglob treats it
            continue
        for entry in entries:
            path = Path(entry.path)
            if is_ignored(path):
                continue
            try:
                if entry.is_symlink() or entry.is_file(follow_symlinks=False):
                    found.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
            except OSError:
                continue
    return sorted(found)


def _link_problem(path: Path, allowed: tuple[Path, ...]) -> str | None:
    """Why a symbolic link is not read, or None for a link to a file inside the inbox."""
    shown = os.readlink(path)
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return (f"文件是一个链接，但它指向的文件不存在（{shown}），未读取。"
                "请把单位报送的材料原件（而不是链接）放入本轮文件夹后重新审阅。")
    except (OSError, RuntimeError):  # a loop of links, or a target that cannot be looked up
        return (f"文件是一个无法解析的链接（{shown}，可能是循环链接），未读取。"
                "请把单位报送的材料原件（而不是链接）放入本轮文件夹后重新审阅。")
    if not any(target.is_relative_to(root) for root in allowed):
        return (f"文件是指向收件箱以外位置的链接（指向 {target}），出于安全考虑未读取"
                "（链接可能把本机的其他文件带进审阅意见）。"
                "请把单位报送的材料原件（而不是链接）放入本轮文件夹后重新审阅。")
    if target.is_dir():
        return (f"这是指向文件夹的链接（指向 {target}），其中的材料未读取。"
                "请把材料原件直接放入本轮文件夹后重新审阅。")
    if not target.is_file():
        return (f"文件是指向特殊文件的链接（指向 {target}），不是可审阅的材料，未读取。"
                "请把材料原件放入本轮文件夹后重新审阅。")
    return None


def discover(workspace_root: Path, round_dir: Path, units: list[Unit]) -> list[Found]:
    found: list[Found] = []
    # The inbox where it really is, and the round where it really is (a round folder may
    # itself be a link to a network share).
    allowed = tuple({(workspace_root / "inbox").resolve(), round_dir.resolve()})
    for path in _entries(round_dir):
        rel_parts = path.relative_to(round_dir).parts
        if len(rel_parts) > 1:  # inside a per-unit folder: the folder names the unit
            folder = rel_parts[0]
            unit = match_unit(folder, units) or find_unit_in(folder, units)
            unit_name = unit.name if unit else _printable(folder)
        else:
            unit_name, unit = unit_from_name(path.stem, units)
        rel = path.relative_to(workspace_root).as_posix()
        refused = None
        try:
            if path.is_symlink():
                refused = _link_problem(path, allowed)
            if refused is not None:
                # Never the target's bytes: the link's own text identifies it across runs.
                digest = hashlib.sha256(b"link\0" + os.fsencode(os.readlink(path))).hexdigest()
            else:
                digest = sha256_of(path)
        except FileNotFoundError:  # taken back (moved, renamed) while the round was listed
            continue
        found.append(Found(path, rel, unit_name, unit, digest, refused))
    return found
