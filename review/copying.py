"""Copy detection for a batch: the workspace's reference texts and this round's drafts.

References are the team's corpus folders — templates/ (上级方案), fanwen/ (范文), prior/
(往年材料) — indexed once and cached under .review/, plus every other draft of the round
(peers), indexed per run. The engine is review.similarity; this module is the I/O edge.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from review.campaigns import campaign
from review.ingest.parse import parse
from review.model import Unit, UnreadableError
from review.nlp.analysis import Analysis, analyze
from review.nlp.lexicon import per_object
from review.nlp.sentences import split_sentences
from review.normalize import normalize
from review.packed import pack, unpack
from review.similarity import (
    CopyReport,
    Draft,
    Ratios,
    Reference,
    ReferenceIndex,
    Settings,
    build_index,
    cached_index,
    collisions,
    copy_ratios,
    detect,
    report_key,
    standard_phrases,
    targets,
)
from review.similarity.bandcache import BandKeys
from review.similarity.index import Hits, ref_band_keys
from review.similarity.model import Names
from review.workspace.cache import EntryLost, SignedCache
from review.workspace.discover import is_ignored, unit_from_name
from review.workspace.roster import match_unit, unit_key

CORPUS_SETS = {"templates": "template", "fanwen": "fanwen", "prior": "prior"}
# The copies cache's entry holding the run's collisions.record (report entries are
# digests). "-3": collisions packed in their narrowest type; an earlier entry is not read.
COLLISIONS = "collisions-3"


@dataclass
class Submitted:
    """A draft of this round that was read: what copy detection needs of it."""

    id: str  # workspace-relative path
    unit: str
    text: str  # normalized (Analysis.text)
    sentences: tuple[tuple[int, int], ...]
    received: str = ""  # when the team received it (Reference.received)
    band_keys: np.ndarray | None = None  # peer_keys, as the draft's read holds them


def _names(unit: str | None, roster: list[Unit]) -> tuple[str, ...]:
    if not unit:
        return ()
    known = match_unit(unit, roster)
    return _forms([unit, *(known.aliases if known else [])])


def _forms(names: list[str]) -> tuple[str, ...]:
    """The names and their keys ("河口镇党委" → "河口镇"), as texts write them."""
    return tuple(dict.fromkeys(n for n in names + [unit_key(n) for n in names] if len(n) >= 2))


def roster_masks(roster: list[Unit]) -> Names:
    """Every roster unit's names, masked in every text: a passage copied from another
    unit's draft matches with the names swapped, in whatever form it writes them."""
    return Names(dict.fromkeys(n for u in roster for n in _forms([u.name, *u.aliases])))


_roster_masks = per_object(roster_masks)  # a worker's drafts all come with one roster


def peer_keys(unit: str, text: str, sentences: tuple[tuple[int, int], ...],
              roster: list[Unit]) -> np.ndarray:
    """The band keys the round's peer index holds of a draft (copy_indexes), for the
    worker that reads the draft to compute, and the read cache to keep with the draft:
    masking and signing every draft on the main process, while the workers waited, was
    1.35 of the 1.6 s copy_indexes took for 1,000 drafts."""
    return ref_band_keys(Reference("", text, sentences, masks=_names(unit, roster)),
                         Settings(), _roster_masks(roster))


def _sentences(analysis: Analysis) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in analysis.sentences)


def corpus_references(root: Path, roster: list[Unit], cache: SignedCache | None = None
                      ) -> tuple[list[Reference], list[str]]:
    """(references, problems): every readable file under corpus/templates|fanwen|prior.
    A prior file names its unit like a draft does ("河口镇_2022年实施方案.docx"). `cache`
    keeps each file's text by its bytes: every run needs the whole corpus, and reading a
    county's dozens of templates and earlier plans took a second or more of each run."""
    refs: list[Reference] = []
    problems: list[str] = []
    kept: set[str] = set()
    for folder, set_name in CORPUS_SETS.items():
        base = root / "corpus" / folder
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file() and not is_ignored(p)):
            rel = path.relative_to(root).as_posix()
            try:
                text, sentences, key = _corpus_text(path, cache)
            except UnreadableError as exc:
                problems.append(f"{rel}：{exc}")
                continue
            kept.add(key)
            unit = None
            if set_name == "prior":
                unit = getattr(unit_from_name(path.stem, roster)[1], "name", None)
            refs.append(Reference(rel, text, sentences, set_name, rel, unit, _names(unit, roster)))
    if cache is not None:
        cache.keep_only(kept)
    return refs, problems


def _corpus_text(path: Path, cache: SignedCache | None
                 ) -> tuple[str, tuple[tuple[int, int], ...], str]:
    """The file's analysed text and sentence spans, and its entry in `cache` (the digest of
    its bytes and its extension, as a draft's read_id)."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""  # parse says why it cannot be read
    key = f"{digest}-{path.suffix.lstrip('.').lower()}"
    held = cache.get(key) if cache is not None and digest else None
    if held is None:
        analysis = analyze(parse(path).document)
        held = (analysis.text, _sentences(analysis))
        if cache is not None and digest:
            cache.put(key, held)
    return (*held, key)


def history_references(earlier: list[tuple[str, str, str]], roster: list[Unit],
                       cache: SignedCache | None = None) -> list[Reference]:
    """Earlier rounds' drafts (rel_path, unit, extracted text) as `history` references; the
    engine never compares a unit with its own. `cache` keeps each text normalized and split
    into sentences, by the text: every run of a later round needs all of them, and 1,000
    earlier drafts took 2.1 s of each run to prepare."""
    refs = []
    kept: set[str] = set()
    for rel, unit, raw in earlier:
        key = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
        held = cache.get(key) if cache is not None else None
        if held is None:
            text = normalize(raw).text
            held = (text, tuple((s.start, s.end) for s in split_sentences(text)))
            if cache is not None:
                cache.put(key, held)
        kept.add(key)
        refs.append(Reference(rel, *held, "history", rel, unit, _names(unit, roster)))
    if cache is not None:
        cache.keep_only(kept)
    return refs


@dataclass(frozen=True)
class CopyIndexes:
    """What every draft of a batch is compared with, built once per batch and shipped to
    the workers with their share of the drafts."""

    indexes: tuple[ReferenceIndex, ...]
    standard: tuple[str, ...]  # the campaign's own wording (never copying)
    peers: int | None = None  # position of the index of the round's drafts


def copy_indexes(
    root: Path, submitted: list[Submitted], roster: list[Unit], campaign_id: str,
    earlier: list[tuple[str, str, str]] = (), corpus: SignedCache | None = None,
    history: SignedCache | None = None,
) -> tuple[CopyIndexes, list[str], BandKeys]:
    """(indexes, problems, keys): the corpus, earlier rounds' drafts of other units
    (`earlier`: rel_path, unit, text) and the round's drafts, the first two's texts kept in
    `corpus` and `history`; problems are corpus files not read; keys give each draft's band
    keys in the peer index again (collisions.recall)."""
    refs, problems = corpus_references(root, roster, corpus)
    refs += history_references(list(earlier), roster, history)
    roster_names = roster_masks(roster)
    indexes = []
    if refs:
        indexes.append(cached_index(refs, root / ".review" / "cache", masks=roster_names))
    peers = [Reference(s.id, s.text, s.sentences, "peer", s.id, s.unit, _names(s.unit, roster),
                       s.received) for s in submitted]
    keys = BandKeys(Settings(), roster_names,
                    {s.id: s.band_keys for s in submitted if s.band_keys is not None})
    at = None
    if len(peers) > 1:
        at = len(indexes)
        indexes.append(build_index(peers, keys.settings, roster_names, keys_of=keys))
    return CopyIndexes(tuple(indexes), standard_phrases(campaign(campaign_id)), at), problems, keys


def copy_draft(s: Submitted, roster: list[Unit]) -> Draft:
    """The draft as copy detection takes it (its text, sentences and the unit's names)."""
    return Draft(s.id, s.text, s.sentences, s.unit, s.id, _names(s.unit, roster), s.received)


@dataclass(frozen=True)
class Detected:
    """A draft's copy report as the batch holds it until the draft is reviewed: the few
    figures the batch needs of it (the copy ratios, whom it shares text with) and where
    the report is — as reviewing needs it (`for_review`). The main process does not hold
    the report: it stays in the copies cache, and only the worker that reviews the draft
    reads it."""

    key: str  # report_key: the report's entry in the cache
    passages: str  # digest of what comments say of its copied passages (review_inputs)
    ratio: float
    figures: dict  # results.json's `copy`
    chars: int  # content characters of the draft
    peers: dict[str, int]  # peer draft id -> characters of this draft found in it
    blob: bytes | None  # for_review(report), packed; None once the cache holds it (`stored`)

    def stored(self, cache: SignedCache | None) -> Detected:
        """This, without the report if `cache` holds it now."""
        return replace(self, blob=None) if cache is not None and cache.put(self.key, self) else self

    def report(self, cache: SignedCache | None) -> CopyReport:
        held = self
        if held.blob is None:
            held = cache.get(self.key) if cache is not None else None
        if held is None or held.blob is None:
            raise EntryLost("本稿的比对结果（.review/cache/copies）在运行中被删除或损坏，未能审阅。"
                            "请重新运行 review run，其余材料不受影响。")
        return unpack(held.blob)


def copy_figures(ratios: Ratios) -> dict:
    """results.json's `copy` of a draft: all but the total ratio."""
    return {
        "excluding_quotes": ratios.excluding_quotes,
        "largest_source": ratios.largest_source,
        "sources": [{"path": s.doc, "unit": s.unit, "set": s.set, "ratio": s.ratio}
                    for s in ratios.sources[:5]],
        "sections": [{"title": s.title, "ratio": s.ratio} for s in ratios.sections if s.chars],
    }


def for_review(report: CopyReport) -> CopyReport:
    """What reviewing a draft needs of its copy report: the resolved passages, without
    their weaker sources (`also`: in no comment) or the matches before resolution, which
    the copy figures were computed from. A draft of a round built from one template
    matches every draft built from it: at 1,000 bench drafts the whole report is 31 kB
    packed and 3.5 ms to unpack, this 5.6 kB and 0.17 ms."""
    return replace(report, passages=tuple(replace(p, also=()) for p in report.passages),
                   matches=(), exclusions=(), quoted=())


def passages_digest(report: CopyReport) -> str:
    """What the comments on a draft say of its copying (`for_review`'s passages). Their
    repr holds every value for a fraction of dataclasses.asdict's cost."""
    return hashlib.sha256(repr(list(report.passages)).encode("utf-8")).hexdigest()


def detected(report: CopyReport, key: str, text: str,
             parts: Sequence[tuple[str, int, int]]) -> Detected:
    r = copy_ratios(text, report, parts)
    reviewed = for_review(report)
    return Detected(key, passages_digest(reviewed), r.total, copy_figures(r), r.chars,
                    {s.id: s.chars for s in r.sources if s.set == "peer"},
                    pack(reviewed))


def detect_copies(found: CopyIndexes, drafts: Sequence[tuple[Draft, tuple, list[Hits | None]]],
                  cache: SignedCache | None = None
                  ) -> list[tuple[Detected | None, bytes | None]]:
    """Each draft's copy report (None when there is nothing to compare with) and its
    collisions with each index (collisions.packed), for drafts given with their sections
    and what is known of their collisions already (collisions.recall). `cache` keeps
    reports by the digest of their inputs: a draft whose text, sections and aligned
    references did not change since the last run keeps its report; and it holds the
    reports until the drafts are reviewed, so what comes back is their figures
    (`Detected.stored`). Takes a share of the batch's drafts at a time."""
    out: list[tuple[Detected | None, bytes | None]] = []
    for d, parts, known in drafts:
        if not found.indexes:
            out.append((None, None))
            continue
        aligned = targets(d, found.indexes, known)
        key = report_key(d, aligned, found.standard, found.indexes[0].settings)
        key = hashlib.sha256(f"{key}{parts!r}".encode()).hexdigest()
        kept = cache.get(key) if cache is not None else None
        if kept is None:
            report = detect(d, found.indexes, found.standard, aligned=aligned)
            kept = detected(report, key, d.text, parts).stored(cache)
        else:
            kept = replace(kept, blob=None)
        out.append((kept, collisions.packed([t.hits for t in aligned])))
    return out
