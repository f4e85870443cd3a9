"""Names units choose become folder and file names under outbox/: whatever they hold, every
output stays inside outbox/<round>/<unit>/ and can be written on Linux and Windows.

These are pure-function tests of review.pipeline.safe_name / annotated_rel_path and of
where the letters go (review.write.outputs.opinion_paths): long Chinese names fit in 255
bytes with every suffix, and Windows device names (CON, NUL…) are never produced.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

import pytest
from factories import submission

from review.model import Review
from review.pipeline import ANNOTATED_SUFFIX, annotated_rel_path, safe_name
from review.write.outputs import opinion_paths

HOSTILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\Windows\\System32\\drivers\\etc\\hosts",
    "a/b/../../c",
    "..",
    ".",
    "...",
    " .. ",
    "",
    "\x00\x01\x1b[31m红色\x7f",
    "第1轮\n第2轮",
    "名称:带*通配?符\"与<尖括号>|",
    "长" * 300,
    "a" * 300,
    "尾部有点和空格. . ",
]
ROUND = "第1轮"
# Bytes write_atomically adds for its temporary name: ".{name}.{pid}.{8 hex}.tmp".
TMP_OVERHEAD = len(".." + "4194304" + "." + "0" * 8 + ".tmp")
NAME_MAX = 255  # bytes per path component on ext4, and what most file systems allow
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_name_is_one_harmless_component(name):
    cleaned = safe_name(name)
    assert cleaned and cleaned not in (".", "..")
    assert "/" not in cleaned and "\\" not in cleaned and ".." not in cleaned
    assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in cleaned)
    assert not any(ch in cleaned for ch in ':*?"<>|')  # refused by Windows
    assert cleaned == cleaned.strip(" .")  # Windows drops trailing dots and spaces
    assert len(cleaned.encode("utf-8")) <= 150  # room for suffixes within 255 bytes


@pytest.mark.parametrize("unit", HOSTILE_NAMES)
@pytest.mark.parametrize("source", ["..\\..\\逃逸.docx", "../../逃逸.pdf", "\x01.txt", "长" * 90 + ".docx"])
def test_annotated_path_stays_in_the_units_folder(unit, source):
    rel = annotated_rel_path(ROUND, unit, source, set())
    parts = PurePosixPath(rel).parts
    assert parts[:2] == ("outbox", ROUND) and len(parts) == 4
    assert parts[2] == safe_name(unit)
    assert posixpath.normpath(rel) == rel
    assert rel.endswith(ANNOTATED_SUFFIX)


def test_colliding_hostile_names_get_distinct_paths():
    taken: set[str] = set()
    sources = ["../方案.docx", "..\\方案.docx", "/方案.docx", "方案.docx", "方案.pdf", "方案.txt"]
    paths = [annotated_rel_path(ROUND, "单位", name, taken) for name in sources]
    assert len(set(paths)) == len(paths)
    assert all(PurePosixPath(p).parent == PurePosixPath("outbox", ROUND, "单位") for p in paths)


def _component_bytes(rel: str) -> list[int]:
    return [len(part.encode("utf-8")) for part in PurePosixPath(rel).parts]


def test_long_chinese_names_fit_in_a_file_name_with_every_suffix():
    stem = "长" * 83  # the longest .docx name ext4 accepts in inbox/ (83 × 3 + 5 bytes)
    taken: set[str] = set()
    first = annotated_rel_path(ROUND, stem, stem + ".docx", taken)
    second = annotated_rel_path(ROUND, stem, stem + ".pdf", taken)
    reviews = [Review(submission(stem, stem + ext), "reviewed", annotated=rel)
               for ext, rel in ((".docx", first), (".pdf", second))]
    letters = list(opinion_paths(reviews).values())
    for rel in [first, second, *letters]:
        assert max(_component_bytes(rel)) + TMP_OVERHEAD <= NAME_MAX, rel


@pytest.mark.parametrize("name", ["CON", "nul", "COM1", "Lpt9", "aux.审阅", "PRN "])
def test_windows_device_names_are_not_produced(name):
    assert safe_name(name).split(".")[0].strip().upper() not in WINDOWS_RESERVED
