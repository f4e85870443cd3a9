"""A synthetic workspace of N drafts, and the record of what was planted in it.

Drafts are drawn one by one from a random source seeded by (seed, draft number), units
from a roster that a larger workspace extends, so the same seed always gives the same
files. The workspace holds its round's drafts in inbox/第1轮/ and LATE more under late/
(same layout): the drafts that "arrive after the first run", for the incremental
measurement. Workspaces are cached by (drafts, seed, PDF share) so --scale runs and
repeated benchmarks generate each size once.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path

from review.bench.batch import ROUND
from review.bench.batch.blocks import Para, chars
from review.bench.batch.compose import Composer, Copy, Fault, Peer
from review.bench.batch.docx import DocxWriter
from review.bench.batch.layout import page_count
from review.bench.batch.pdf import pdf
from review.bench.batch.units import BenchUnit, roster, roster_csv, unit_counts
from review.bench.copies.progress import Track, untracked
from review.data import data_path
from review.workspace.init import create_workspace

# Bumped whenever generation changes, so a cache written by an older generator is not reused.
GENERATOR_VERSION = 2  # 2: Word-sized styles part (review.write.styles)
LATE = 10
MANIFEST = "bench-manifest.json"
DOC_TYPES = {"implementation_plan": 30, "problem_list": 20, "self_examination": 20, "study_plan": 12,
             "research_plan": 10, "rectification_plan": 8}
INDIVIDUAL_TYPES = ("self_examination", "problem_list")
LABELS = {
    "implementation_plan": ("主题教育实施方案", "主题教育工作方案", "关于开展主题教育的实施方案"),
    "study_plan": ("主题教育理论学习计划", "读书班方案", "集中学习研讨安排"),
    "research_plan": ("主题教育调研方案", "调研工作方案"),
    "problem_list": ("检视问题清单", "问题整改台账", "领导班子检视问题清单"),
    "rectification_plan": ("检视问题整改方案", "专项整治方案"),
    "self_examination": ("专题民主生活会对照检查材料", "检视剖析材料", "专题组织生活会发言提纲"),
}
# Some units name their file after nothing in particular; the title or the text must tell.
GENERIC_LABELS = ("报送材料", "修改稿", "第一稿")
PEERS_KEPT = 40  # recent drafts per doc type that later drafts may copy from


@dataclass(frozen=True)
class DraftSpec:
    index: int
    path: str  # workspace-relative, as it lies in inbox/ (late drafts: under late/)
    unit: str
    category: str
    level: str
    doc_type: str
    format: str  # docx | pdf
    pages: int
    chars: int
    copies: tuple[Copy, ...]
    faults: tuple[Fault, ...]


@dataclass(frozen=True)
class Manifest:
    drafts: int
    seed: int
    pdf_share: float
    units: int
    seconds: float  # generation time
    specs: tuple[DraftSpec, ...]  # the round's drafts
    late: tuple[DraftSpec, ...]  # held back for the incremental run

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Manifest:
        data = json.loads(path.read_text(encoding="utf-8"))

        def spec(d: dict) -> DraftSpec:
            return DraftSpec(**d | {"copies": tuple(Copy(**c) for c in d["copies"]),
                                    "faults": tuple(Fault(**f) for f in d["faults"])})

        return cls(**data | {"specs": tuple(map(spec, data["specs"])),
                             "late": tuple(map(spec, data["late"]))})


def is_pdf(index: int, share: float, offset: float) -> bool:
    """Every prefix of the drafts holds the PDF share to within one draft."""
    return int((index + 1) * share + offset) > int(index * share + offset)


def _owners(total: int, seed: int) -> tuple[list[BenchUnit], list[int]]:
    counts = unit_counts(total, seed)
    units = roster(len(counts), seed)
    return units, [k for k, n in enumerate(counts) for _ in range(n)][:total]


def _file_name(unit: BenchUnit, doc_type: str, rng: random.Random, in_folder: bool, ext: str,
               taken: set[str]) -> str:
    label = rng.choice(GENERIC_LABELS if rng.random() < 0.08 else LABELS[doc_type])
    stem = f"{unit.name}/{unit.name}{label}" if in_folder else f"{unit.name}_{label}"
    n = 2
    while f"{stem}.{ext}" in taken:  # a unit's second draft with the same label
        stem, n = f"{stem}（{n}）", n + 1
    taken.add(f"{stem}.{ext}")
    return f"{stem}.{ext}"


def make_workspace(root: Path, drafts: int, seed: int, pdf_share: float = 0.2,
                   track: Track = untracked) -> Manifest:
    """Write a complete workspace at `root` (which must not be a workspace yet)."""
    started = time.perf_counter()
    total = drafts + LATE
    units, owner = _owners(total, seed)
    create_workspace(root, campaign="2023", reviewer="基准测试督导组")
    (root / "units.csv").write_bytes(roster_csv(units))
    shutil.copytree(data_path("corpus", "sample_workspace", "corpus"), root / "corpus", dirs_exist_ok=True)
    composer, writer = Composer(), DocxWriter()
    offset = random.Random(f"pdf:{seed}").random()
    peers: dict[str, deque[Peer]] = {t: deque(maxlen=PEERS_KEPT) for t in DOC_TYPES}
    used_types: dict[int, set[str]] = {}
    taken: set[str] = set()
    specs = []
    for i in track(range(total), "生成草稿", total):
        rng = random.Random(f"{seed}:{i}")
        unit = units[owner[i]]
        allowed = [t for t in (INDIVIDUAL_TYPES if unit.level == "individual" else DOC_TYPES)
                   if t not in used_types.setdefault(owner[i], set())] or list(DOC_TYPES)
        doc_type = rng.choices(allowed, [DOC_TYPES[t] for t in allowed])[0]
        used_types[owner[i]].add(doc_type)
        fmt = "pdf" if is_pdf(i, pdf_share, offset) else "docx"
        pages = rng.randint(3, 8)
        draft = composer.compose(doc_type, unit, pages, rng, tuple(peers[doc_type]))
        in_folder = random.Random(f"folder:{seed}:{unit.name}").random() < 0.5
        name = _file_name(unit, doc_type, rng, in_folder, fmt, taken)
        rel = f"{'inbox/' + ROUND if i < drafts else 'late'}/{name}"
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf(draft.blocks) if fmt == "pdf" else writer.docx(draft.blocks))
        inbox_rel = f"inbox/{ROUND}/{name}"
        peers[doc_type].append(Peer(inbox_rel, unit.name, tuple(
            b.text for b in draft.blocks if isinstance(b, Para) and b.kind == "body" and len(b.text) > 40)))
        specs.append(DraftSpec(i, rel, unit.name, unit.category, unit.level, doc_type, fmt,
                               page_count(draft.blocks), chars(draft.blocks), tuple(draft.copies),
                               tuple(draft.faults)))
    manifest = Manifest(drafts, seed, pdf_share, len(units), round(time.perf_counter() - started, 3),
                        tuple(specs[:drafts]), tuple(specs[drafts:]))
    manifest.save(root / MANIFEST)
    return manifest


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "review" / "bench-batch"


def cached_workspace(drafts: int, seed: int, pdf_share: float = 0.2, cache: Path | None = None,
                     track: Track = untracked) -> tuple[Path, Manifest, bool]:
    """(workspace, manifest, whether it was generated now). A workspace is only ever seen
    complete: it is generated beside the cache and renamed into place."""
    cache = cache or cache_root()
    root = cache / f"d{drafts}-s{seed}-p{pdf_share:g}-v{GENERATOR_VERSION}"
    if (root / MANIFEST).is_file():
        return root, Manifest.load(root / MANIFEST), False
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=root.name + ".", dir=cache))
    try:
        manifest = make_workspace(scratch / "ws", drafts, seed, pdf_share, track)
        if root.exists():  # a partial workspace of a killed run
            shutil.rmtree(root)
        (scratch / "ws").rename(root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return root, manifest, True


def _link_tree(source: Path, target: Path) -> None:
    # Hard links: the review never writes inside inbox/ or corpus/, and 10,000 drafts copy slowly.
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)


def copy_for_run(cached: Path, target: Path) -> None:
    """A fresh workspace at `target` with the cached one's inputs (no outputs, no history)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("review.toml", "units.csv"):
        shutil.copy2(cached / name, target / name)
    for folder in ("corpus", "inbox", "rules", "outbox"):
        _link_tree(cached / folder, target / folder)


def add_late(cached: Path, target: Path) -> int:
    """Put the late drafts into the run's round; returns how many arrived."""
    late = cached / "late"
    _link_tree(late, target / "inbox" / ROUND)
    return sum(1 for p in late.rglob("*") if p.is_file())
