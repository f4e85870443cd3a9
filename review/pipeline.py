"""One batch run: discover → read (parse, analyse) → copies across the batch → check →
score → write (DESIGN.md).

`read_draft` and `review_draft` are pure functions of a draft, the rules and (for the
second) its copy report, so later they can run in a process pool or on a cluster
unchanged; only `run_batch` and the copy detection's reference loading touch the workspace.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
import traceback
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path, PurePosixPath

import numpy as np

from review import __version__, models
from review.boilerplate.detect import ratio, sentence_key, shared_counts
from review.campaigns import campaign
from review.categories import CAMPAIGNS, DIMENSION_ORDER, VERDICTS
from review.copying import (
    COLLISIONS,
    Detected,
    Submitted,
    copy_draft,
    copy_indexes,
    detect_copies,
    peer_keys,
)
from review.data import data_path
from review.history.rounds import RoundComparison, compare, unrevised_findings
from review.history.store import History, StoredReview, now, rules_version
from review.ingest.guard import bounded
from review.ingest.limits import LIMITS, Limits
from review.ingest.parse import Parsed, parse
from review.model import Review, Submission, Unit, UnreadableError
from review.nlp.analysis import Analysis, analyze
from review.nlp.doctype import classify, named_type
from review.nlp.lexicon import per_object
from review.nlp.tokens import add_words
from review.packed import pack, unpack
from review.parallel import Pool, executor, run_all, shares
from review.rules.custom import common_thresholds
from review.rules.engine import Context, run_rules
from review.rules.loader import configure, load_rules
from review.rules.schema import Rule
from review.score import score
from review.similarity import Draft, Reference, build_index, collisions, detect, peer_clusters, peer_pairs
from review.similarity.model import Settings as SimilaritySettings
from review.workspace.cache import EntryLost, SignedCache
from review.workspace.config import Workspace
from review.workspace.discover import Found, discover
from review.workspace.lock import workspace_lock
from review.workspace.roster import guess_category, roster_names
from review.write.annotate import Note, annotate, finding_note
from review.write.atomic import remove_leftovers, write_atomically
from review.write.opinion import render_opinion
from review.write.outputs import RESULTS_NAME, SUMMARY_NAME, write_batch_files, write_opinions
from review.write.report import REPORT_NAME
from review.write.summary import PeerRow

ANNOTATED_SUFFIX = ".审阅.docx"
# Imported where the review and letter workers are forked from (parallel.executor's `preload`)
REVIEWING = "review.warm"
# What run_batch reports each draft through, in order (on_progress).
STAGES = ("读取", "比对", "审阅")


@dataclass
class Settings:
    """What a draft's review depends on besides the draft itself."""

    campaign: str
    reviewer: str
    pass_score: float
    redo_score: float
    roster: list[Unit]
    rules: list[Rule]
    period: tuple[date, date]
    rules_version: str  # the rules as configured plus the data files they read
    # Set once the batch is read: sentences shared across units (千人一面) and the unit count.
    shared: dict[str, int] = field(default_factory=dict)
    batch_units: int = 0
    reads: SignedCache | None = None  # the round's analysed drafts, from this run and earlier
    copies: SignedCache | None = None  # the round's copy reports (Detected)
    corpus: SignedCache | None = None  # the corpus files' texts (copying.corpus_references)
    earlier: SignedCache | None = None  # earlier rounds' texts (copying.history_references)
    limits: Limits = LIMITS  # review.toml [limits]: what a draft may cost to read
    digest: str = ""  # of the fields above a review depends on (load_settings)


@dataclass
class DraftResult:
    review: Review
    annotated_bytes: bytes | None
    text: str = ""  # the draft's text as read, kept by the history for the next round
    retry: bool = False  # failed for a reason of this run only: not kept for the next


def _submission(found: Found, round_name: str, doc_type: str) -> Submission:
    unit = found.unit
    return Submission(
        path=found.path, rel_path=found.rel_path, round=round_name, unit=found.unit_name,
        unit_known=unit is not None, unit_category=unit.category if unit else None,
        level=unit.level if unit else None, doc_type=doc_type, sha256=found.sha256,
    )


Span = tuple[int, int]


@dataclass
class Read:
    """A draft that was read and analysed, as the batch holds it until the draft is
    reviewed: what copy detection and the batch's shared sentences need of it. The parse
    and the analysis (about 170 KB open for a bench draft, 34 KB compressed) stay in the
    read cache once it holds them; the worker that reviews the draft reads them back."""

    submission: Submission
    text: str  # Analysis.text
    sentences: tuple[Span, ...]
    keys: tuple[str, ...]  # each sentence's sentence_key (千人一面)
    sections: tuple[tuple[str, int, int], ...]  # top-level: title, start, end
    blob: bytes | None  # (Parsed, Analysis), packed; None once the read cache holds it
    # copying.peer_keys, kept with the read; until the peer index is built
    band_keys: np.ndarray | None = None

    @classmethod
    def of(cls, submission: Submission, parsed: Parsed, analysis: Analysis) -> Read:
        names = analysis.unit_names
        return cls(
            submission, analysis.text, tuple((s.start, s.end) for s in analysis.sentences),
            tuple(sentence_key(s.text, names) for s in analysis.sentences),
            tuple((s.title, s.start, s.end) for s in analysis.sections.root.children),
            # without the roster's names, which `open` puts back: a county's 22,000 were
            # four fifths of each packed draft, and as much of the time to unpack it
            pack((parsed, dataclasses.replace(analysis, unit_names=()))))

    def open(self, cache: SignedCache | None, unit_names: tuple[str, ...]) -> tuple[Parsed, Analysis]:
        blob = self.blob
        if blob is None:
            entry = cache.get(read_id(self.submission.sha256, self.submission.path)) if cache else None
            if entry is None:
                raise EntryLost("本稿的读取结果（.review/cache/reads）在运行中被删除或损坏，未能审阅。"
                                "请重新运行 review run，其余材料不受影响。")
            _, (*_, blob) = entry  # (content's doc type, held())
        parsed, analysis = unpack(blob)
        analysis.unit_names = unit_names
        return parsed, analysis

    def held(self) -> tuple:
        """What the read cache keeps: everything but the submission, which depends on the
        file's name and place."""
        return self.text, self.sentences, self.keys, self.sections, self.band_keys, self.blob


def cached_read(found: Found, round_name: str, reads: SignedCache | None) -> Read | None:
    """The draft as an earlier run of the round read it (`Settings.reads`), if one did."""
    held = reads.get(read_id(found.sha256, found.path)) if reads else None
    if held is None:
        return None
    # The same bytes may come under another name: the name decides the doc type when it
    # names one; else the content does, as it did when the file was first read.
    content, (text, sentences, keys, sections, band_keys, blob) = held
    doc_type = named_type(found.path.name) or content
    if doc_type is None:
        parsed, _ = unpack(blob)
        doc_type = classify(found.path.name, parsed.document)
    return Read(_submission(found, round_name, doc_type), text, sentences, keys, sections, None,
                band_keys)


def read_draft(found: Found, round_name: str, settings: Settings) -> Read | DraftResult:
    """Parse, classify and analyse one draft — or its `unreadable` result. Never raises for a
    bad file. What it reads is kept in `settings.reads` for the next run (cached_read)."""
    try:
        if found.refused:
            raise UnreadableError(found.refused)
        parsed = bounded(lambda: parse(found.path, settings.limits), settings.limits)
    except UnreadableError as exc:
        return _unreadable(found, round_name, str(exc))
    except Exception as exc:  # a parser bug must not stop the batch; say so plainly
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return _unreadable(
            found, round_name,
            f"文件读取时出现异常（{detail[:200]}），未能审阅。请用 Word 另存为 .docx 后重新报送；"
            "如仍出现，请把该文件交给技术人员。",
        )
    document = parsed.document
    if not document.text.strip():
        return _unreadable(found, round_name, "文件中没有可读取的文字，请检查后重新报送。")
    doc_type = classify(found.path.name, document)
    submission = _submission(found, round_name, doc_type)
    read = Read.of(submission, parsed,
                   analysis=analyze(document, settings.period, roster_names(settings.roster)))
    read.band_keys = peer_keys(submission.unit, read.text, read.sentences, settings.roster)
    if settings.reads:
        content = None if named_type(found.path.name) else doc_type
        if settings.reads.put(read_id(found.sha256, found.path), (content, read.held())):
            read.blob = None
    return read


def read_id(sha256: str, path: Path) -> str:
    """A draft's entry in the read cache: its bytes and its extension, since the same bytes
    under another extension are read differently (a .docx named .pdf is refused)."""
    return f"{sha256}-{safe_name(path.suffix.lstrip('.').lower())}"


# The roster's names, taught to the segmenter once per roster in each process that reviews:
# only workers forked from the batch's process learnt them with it (load_settings).
_teach = per_object(add_words)


def review_draft(read: Read, settings: Settings, copies: Detected | None = None,
                 previous: StoredReview | None = None) -> DraftResult:
    """Check, score and annotate a draft that was read; with the unit's draft of the round
    before, say which earlier comments were acted on."""
    submission = read.submission
    names = roster_names(settings.roster)
    _teach(names)
    parsed, analysis = read.open(settings.reads, names)
    doc_type = submission.doc_type
    # A unit missing from the roster is still held to its kind's rules, guessed from its
    # name; results.json keeps its category empty because the roster did not say it.
    category = submission.unit_category or guess_category(submission.unit)
    ctx = Context(doc_type=doc_type, campaign=settings.campaign, unit=submission.unit,
                  unit_category=category, level=submission.level, roster=settings.roster,
                  copies=copies.report(settings.copies) if copies else None, shared=settings.shared,
                  batch_units=settings.batch_units)
    findings = run_rules(settings.rules, analysis, ctx)
    stock = [f for f in findings if f.category == "boilerplate" and f.quote]
    boilerplate_ratio = ratio(parsed.document.text, stock)
    comparison = None
    if previous is not None:
        comparison = compare(previous, parsed.document.text, findings)
        findings = sorted(findings + unrevised_findings(comparison), key=lambda f: (f.start, f.end))
    total, dims, verdict = score(
        findings, {r.id: r for r in settings.rules}, doc_type,
        pass_score=settings.pass_score, redo_score=settings.redo_score,
    )
    review = Review(submission=submission, status="reviewed", doc_type=doc_type, score=total,
                    verdict=verdict, dimension_scores=dims, findings=findings,
                    boilerplate_ratio=boilerplate_ratio)
    if copies is not None:
        review.copy_ratio, review.copy = copies.ratio, copies.figures
    if comparison is not None:
        review.rounds = round_summary(comparison, total)
    document = parsed.document
    notes = [_overall_note(review, document.title)] + [finding_note(f) for f in findings]
    data = annotate(document, parsed.docx_bytes, [n for n in notes if n is not None],
                    author=settings.reviewer)
    return DraftResult(review, data, document.text)


def check_draft(read: Read, settings: Settings, copies: Detected | None = None,
                previous: StoredReview | None = None,
                shared: dict[str, int] | None = None) -> DraftResult:
    """`review_draft`, with a failure in a rule or in writing the annotated file turned into
    that draft's unreadable row: one draft must not stop a batch of hundreds. `shared`, when
    given, is the draft's own 千人一面 counts (own_shared), so that every review of a batch
    can take the same settings (parallel.Shared)."""
    if shared is not None:
        settings = dataclasses.replace(settings, shared=shared)
    try:
        return review_draft(read, settings, copies, previous)
    except EntryLost as exc:
        return dataclasses.replace(_failed(read.submission, str(exc)), retry=True)
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return _failed(read.submission, f"审阅本文件时程序出错（{detail[:200]}），未能审阅，"
                                        "其余材料不受影响。请把该文件交给技术人员处理。")


# A worker process that died on a draft (the kernel killed it for memory, or a parser
# crashed in native code) leaves nothing to report but this.
WORKER_DIED = ("处理本文件的进程意外退出（可能是文件结构异常，读取时耗尽内存或解析程序崩溃），未能审阅，"
               "其余材料不受影响。请用 Word 另存为 .docx 后重新报送；如仍出现，请把该文件交给技术人员。")


def _failed(sub: Submission, message: str) -> DraftResult:
    return DraftResult(Review(submission=sub, status="unreadable", doc_type=sub.doc_type,
                              error=message), None)


# Pairs sharing at least this share of their text are listed; from the second threshold on
# they form 雷同群 (clusters of units whose drafts are largely the same text, 千人一面).
PEER_LISTED, PEER_CLUSTERED = 0.05, 0.3


def peer_rows(reports: dict[str, Detected | None], read: dict[str, Read]) -> list[PeerRow]:
    present = {k: d for k, d in reports.items() if d is not None}
    pairs = peer_pairs({k: d.peers for k, d in present.items()},
                       {k: d.chars for k, d in present.items()}, PEER_LISTED)
    clusters = peer_clusters(pairs, PEER_CLUSTERED)
    cluster_of = {d: f"第{i}群" for i, members in enumerate(clusters, 1) for d in members}
    # A draft is in many pairs: 14,839 of them among 1,000 bench drafts.
    named = {k: (r.submission.unit, PurePosixPath(r.submission.rel_path).name)
             for k, r in read.items()}
    rows = []
    for p in sorted(pairs, key=lambda p: -p.similarity):
        same = cluster_of.get(p.a) if p.similarity >= PEER_CLUSTERED else None
        rows.append(PeerRow(*named[p.a], *named[p.b], round(p.similarity, 4), p.shared_chars,
                            same or ""))
    return rows


def round_summary(comparison: RoundComparison, score_now: float) -> dict:
    """What changed since the unit's previous draft, for results.json, the summary and the
    title comment."""
    before = comparison.previous
    counts = comparison.counts()
    change = None if before.score is None else round(score_now - before.score, 1)
    return {
        "previous_round": before.round, "previous_path": before.rel_path,
        "previous_score": before.score, "score_change": change,
        "identical": comparison.identical, "unchanged_ratio": round(comparison.unchanged_ratio, 3),
        "previous_findings": len(comparison.matches), **counts,
    }


def _round_lines(rounds: dict) -> list[str]:
    if rounds["identical"]:
        return [f"【与上轮对比】本稿与{rounds['previous_round']}报送的材料完全相同，未作任何修改，"
                f"上轮 {rounds['previous_findings']} 条意见均未落实。"]
    change = rounds["score_change"]
    moved = "" if change is None else f"，得分{'提高' if change > 0 else '降低' if change < 0 else '持平'}"
    moved += f" {abs(change):g} 分" if change else ""
    return [f"【与上轮对比】{rounds['previous_round']}共提出 {rounds['previous_findings']} 条意见："
            f"已修改 {rounds['resolved']} 条，改动后仍有问题 {rounds['changed']} 条，"
            f"原文未改动 {rounds['unrevised']} 条；本稿新发现 {rounds['new']} 条{moved}。"
            f"与上稿相同的文字占 {rounds['unchanged_ratio']:.0%}。"]


def _unreadable(found: Found, round_name: str, message: str) -> DraftResult:
    submission = _submission(found, round_name, classify(found.path.name, None))
    return DraftResult(Review(submission=submission, status="unreadable", error=message,
                              doc_type=submission.doc_type), None)


def _overall_note(review: Review, title) -> Note | None:
    if title is None:
        return None
    errors = sum(f.severity == "error" for f in review.findings)
    dims = "；".join(f"{d} {v:g} 分" for d, v in sorted(
        review.dimension_scores.items(), key=lambda kv: DIMENSION_ORDER.index(kv[0])))
    head = f"【审阅结论】{VERDICTS[review.verdict]}（{review.score:g} 分）。"
    if review.findings:
        head += f"本稿共 {len(review.findings)} 条意见，其中必须修改 {errors} 条，详见各处批注。"
    else:
        head += "自动审阅未发现需要修改的问题，请审阅人员复核。"
    lines = [head, f"各维度得分：{dims}。"]
    if review.rounds:
        lines += _round_lines(review.rounds)
    if not review.submission.unit_known:
        lines.append(f"注意：单位“{review.submission.unit}”不在名册（units.csv）中，"
                     "按通用要求审阅，未执行分类要求。")
    return Note(title.start, title.end, "\n".join(lines))


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                    *(f"LPT{n}" for n in range(1, 10))}


def safe_name(name: str, limit: int = 150) -> str:
    """A file or folder name that cannot leave its folder or upset Windows. `limit` is in
    UTF-8 bytes: file systems allow 255, and a Chinese character takes 3, before the
    suffixes (".审阅.docx", "（2）", the temporary name) are added."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    cleaned = cleaned.replace("..", "_")
    cleaned = cleaned.encode("utf-8")[:limit].decode("utf-8", "ignore").strip(" .") or "未命名"
    if cleaned.split(".")[0].strip().upper() in _WINDOWS_DEVICES:
        cleaned = "_" + cleaned
    return cleaned


def annotated_rel_path(round_name: str, unit: str, source_name: str, taken: set[str]) -> str:
    stem = safe_name(Path(source_name).stem)
    candidate = f"outbox/{safe_name(round_name)}/{safe_name(unit)}/{stem}{ANNOTATED_SUFFIX}"
    if candidate in taken:  # 方案.docx and 方案.pdf from one unit
        suffix = safe_name(Path(source_name).suffix.lstrip("."))
        candidate = candidate.removesuffix(ANNOTATED_SUFFIX) + f"（{suffix}）{ANNOTATED_SUFFIX}"
    n = 2
    base = candidate.removesuffix(ANNOTATED_SUFFIX)
    while candidate in taken:
        candidate = f"{base}（{n}）{ANNOTATED_SUFFIX}"
        n += 1
    taken.add(candidate)
    return candidate


@dataclass
class BatchResult:
    round: str
    reviews: list[Review]
    outbox: Path  # outbox/<round>
    corpus_problems: list[str]  # reference files under corpus/ that could not be read
    reviewed_now: list[str]  # rel_paths reviewed by this run; the others kept their review
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def results_path(self) -> Path:
        return self.outbox / RESULTS_NAME

    @property
    def summary_path(self) -> Path:
        return self.outbox / SUMMARY_NAME

    @property
    def report_path(self) -> Path:
        return self.outbox / REPORT_NAME


def load_settings(workspace: Workspace) -> Settings:
    s = workspace.settings
    add_words(roster_names(workspace.units))
    rules = configure(load_rules([workspace.rules_dir]), s.disabled_rules, s.rule_weights,
                      s.rule_thresholds)
    period = s.period or campaign(s.campaign).period
    version = rules_version(rules, [data_path("rules"), Path(models.__file__).parent,
                                    workspace.rules_dir])
    if s.limits != LIMITS:
        # Other limits can read a draft that was refused, or refuse one that was read, so
        # no stored review stands; the defaults leave earlier versions as they were.
        version = hashlib.sha256(f"{version}\0{s.limits!r}".encode()).hexdigest()
    facts = [s.campaign, s.reviewer, s.pass_score, s.redo_score, [d.isoformat() for d in period],
             [dataclasses.asdict(u) for u in workspace.units]]
    digest = hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return Settings(s.campaign, s.reviewer, s.pass_score, s.redo_score, workspace.units, rules,
                    period, version, limits=s.limits, digest=digest)


# What a read cache entry holds (Read.held with the content's doc type); another value
# makes earlier entries unreadable to this version, which then reads the files again.
# 3: with the draft's band keys.
READ_FORMAT = 3


def _read_key(settings: Settings) -> str:
    """What reading a draft depends on besides its bytes (SignedCache)."""
    names = sorted(roster_names(settings.roster))
    facts = [READ_FORMAT, __version__, settings.rules_version, [d.isoformat() for d in settings.period],
             names, dataclasses.astuple(SimilaritySettings())]  # the band keys' settings
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


def own_shared(read: Read, shared: dict[str, int]) -> dict[str, int]:
    """The batch's shared sentences (千人一面 counts) this draft wrote: all a review needs of
    them, where the whole table would cost every review the batch's size."""
    return {k: shared[k] for k in read.keys if k in shared}


def review_inputs(read: Read, settings: Settings, copies: Detected | None,
                  previous: StoredReview | None) -> str:
    """A digest of everything a draft's findings depend on besides its bytes, the rules and
    the tool: the workspace's settings and roster, what the batch contributes (its copied
    passages and their sources; which of its sentences count as 千人一面: `settings.shared`
    holds its own, `own_shared`) and the earlier draft it is compared with. A re-run keeps
    a stored review whose digest is unchanged, so adding drafts to a round re-reviews only
    the drafts whose comments they change. The copy figures (ratios, top sources) are not
    in it: they are recomputed for kept reviews too."""
    shared = sorted(settings.shared.items())
    common = [[k for k, n in shared if n >= needed]
              for needed in common_thresholds(settings.rules, settings.batch_units)]
    facts = {
        "submission": dataclasses.asdict(read.submission) | {"path": None},
        "settings": settings.digest,
        "copies": None if copies is None else copies.passages,
        "common": common,
        "previous": None if previous is None else previous.id,
    }
    blob = json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def run_batch(
    workspace: Workspace,
    round_name: str,
    on_progress: Callable[[str, Found], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    force: bool = False,
    exclude: Collection[Path] = (),
    workers: int = 1,
    cluster: str | None = None,
) -> BatchResult:
    """Review a round. A draft whose review still holds (same bytes, rules, tool and batch
    inputs: `review_inputs`) keeps it, so a re-run — after adding drafts, or after a run
    that was killed — reviews only what is new or affected; `force` reviews everything.
    `exclude`: files still arriving, left out of this batch (review watch).

    Reading, copy detection and reviewing run on `workers` local processes, or on the Dask
    cluster whose scheduler is `cluster`; building the copy indexes, the history and the
    files are handled here. `on_start(n)` is told the number of drafts, `on_progress(stage,
    found)` each draft that finished a stage (STAGES)."""
    settings = load_settings(workspace)
    with workspace_lock(workspace.root, "review run"), \
            executor(workers, cluster, preload=REVIEWING) as pool, pool.preloaded() as reviewers:
        pool.warm(partial(warm_up, settings))
        return _run_batch(workspace, settings, round_name, on_progress, on_start, force,
                          set(exclude), pool, reviewers)


_WARM_UP_TEXT = """关于开展主题教育的实施方案
一、工作目标
2023年9月底前，镇党委书记负责组织全体党员开展集中学习，解决群众反映的突出问题。
二、整改措施
（一）问题：调查研究不够深入。整改措施：每月走访群众。责任人：张三。完成时限：2023年10月。
"""


def warm_up(settings: Settings) -> None:
    """Load what reading and comparing drafts needs by doing it to a few lines in this
    process — copy detection's compiled tiling (100 MB and 0.25 s a process), the roster's
    names compiled for masking (0.1 s for 766 units) — so that forked workers start with
    it instead of each paying for it on its first draft."""
    read = _warm_up_read(settings)
    peer_keys("", read.text, read.sentences, settings.roster)
    detect(Draft("warm-up draft", read.text, read.sentences),
           build_index([Reference("warm-up source", read.text, read.sentences)]))


def warm_up_review() -> None:
    """`warm_up` for reviewing and writing the letters, done where their workers are forked
    from (REVIEWING): jieba's dictionary, the shipped rules' word lists, the boilerplate
    model with scikit-learn and the letter's template, loaded by reviewing a few lines
    under the shipped rules. A workspace's own rules and roster are loaded by each worker
    on its first draft."""
    rules = configure(load_rules(), [], {})
    settings = Settings(CAMPAIGNS[0], "", 85.0, 60.0, [], rules, campaign(CAMPAIGNS[0]).period, "")
    review = review_draft(_warm_up_read(settings), settings).review
    render_opinion(review, campaign_id=settings.campaign, round_name="", reviewer="",
                   letter_date=settings.period[0], deadline=None)


def _warm_up_read(settings: Settings) -> Read:
    from review.ingest.txt import parse_text

    document = parse_text(_WARM_UP_TEXT)
    analysis = analyze(document, settings.period, roster_names(settings.roster))
    submission = Submission(path=Path("warm-up.txt"), rel_path="warm-up.txt", round="", unit="",
                            unit_known=False, unit_category=None, level=None,
                            doc_type=classify("实施方案.txt", document), sha256="")
    return Read.of(submission, Parsed(document, None), analysis)


def _copy_stage(root: Path, settings: Settings, read: list[tuple[Found, Read]],
                arrived: dict[tuple[str, str], str], earlier: list[tuple[str, str, str]],
                pool: Pool, step: Callable[[Found], None]
                ) -> tuple[dict[str, Detected | None], list[str]]:
    """Each draft's copy report by rel_path, and the corpus files that could not be read.
    The indexes are built here and shipped to each worker once; they are gone when this
    returns, before the review stage needs the memory."""
    copies = settings.copies
    submitted = [Submitted(r.submission.rel_path, r.submission.unit, r.text, r.sentences,
                           arrived[(found.rel_path, found.sha256)], r.band_keys)
                 for found, r in read]
    found_in, problems, band_keys = copy_indexes(root, submitted, settings.roster,
                                                 settings.campaign, earlier, settings.corpus,
                                                 settings.earlier)
    for _, r in read:
        r.band_keys = None  # the index holds them now, and `band_keys` for recall
    drafts_in = [copy_draft(s, settings.roster) for s in submitted]
    # what the last run found of the drafts' collisions spares looking them all up again
    known = collisions.recall(copies.get(COLLISIONS), drafts_in, found_in.indexes, found_in.peers,
                              band_keys)
    parts = shares(len(drafts_in), pool.slots)
    indexes = pool.shared(found_in)
    detected = run_all(pool, detect_copies,
                       [(indexes, [(drafts_in[k], read[k][1].sections, known[k]) for k in part],
                         copies) for part in parts],
                       lambda i, _: [step(read[k][0]) for k in parts[i]],
                       lost=lambda i, _: [(None, None)] * len(parts[i]))
    pool.release()  # the workers' copies of the indexes and caches, before recording collisions
    got = dict(zip(chain.from_iterable(parts), chain.from_iterable(detected), strict=True))
    reports = {s.id: got[k][0] for k, s in enumerate(submitted)}
    hits = [got[k][1] for k in range(len(drafts_in))]
    copies.put(COLLISIONS, collisions.record(drafts_in, found_in.indexes, hits))
    copies.keep_only({d.key for d in reports.values() if d is not None} | {COLLISIONS})
    return reports, problems


class _Clock:
    """Seconds spent per stage, for BatchResult.timings and review bench."""

    def __init__(self):
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - self._last, 3)
        self._last = now


def _run_batch(workspace, settings, round_name, on_progress, on_start, force, exclude,
               pool: Pool, reviewers: Pool) -> BatchResult:
    """The batch: reading and copy detection on `pool`, reviews and letters on `reviewers`
    (Pool.preloaded), the round's files here."""
    clock = _Clock()
    drafts = [f for f in discover(workspace.root, workspace.inbox / round_name, workspace.units)
              if f.path not in exclude]
    if on_start:
        on_start(len(drafts))
    outbox = workspace.outbox / safe_name(round_name)
    remove_leftovers(outbox)
    taken: set[str] = set()
    reviews: list[Review] = []
    fresh: list[str] = []
    refigured: set[str] = set()  # kept reviews whose copy figures changed
    version = settings.rules_version
    cache = workspace.root / ".review" / "cache"
    key = _read_key(settings)
    settings.reads = SignedCache(cache / "reads" / safe_name(round_name), key)
    settings.copies = SignedCache(cache / "copies" / safe_name(round_name), key)
    settings.corpus = SignedCache(cache / "corpus", key)
    settings.earlier = SignedCache(cache / "earlier" / safe_name(round_name), key)
    if force:
        for kept in (settings.reads, settings.copies, settings.corpus, settings.earlier):
            kept.keep_only(set())
    clock.lap("discover")
    with History.open(workspace.root) as history:
        arrived = history.arrived(round_name, [(f.rel_path, f.sha256) for f in drafts], now())

        def kept(found: Found, inputs: str | None, findings: bool = True) -> StoredReview | None:
            if force:
                return None
            stored = history.reusable(round_name, found.rel_path, found.sha256, version,
                                      __version__, inputs, findings)
            if stored and stored.annotated and not (workspace.root / stored.annotated).is_file():
                return None  # its annotated file was deleted: write it again
            return stored

        def record(result: DraftResult, inputs: str | None = None, rel: str | None = None) -> None:
            review = result.review
            if result.annotated_bytes is not None:
                write_atomically(workspace.root / rel, result.annotated_bytes)
                review.annotated = rel
            sub = review.submission
            if not result.retry:
                history.record(review, result.text, version, __version__,
                               received_at=arrived[(sub.rel_path, sub.sha256)], inputs=inputs)
            fresh.append(review.submission.rel_path)
            report(review)

        def keep(stored: StoredReview, submission: Submission,
                 copies: Detected | None = None) -> None:
            review = stored.as_review(submission)
            if review.annotated:
                taken.add(review.annotated)
            if copies is not None:
                # New drafts in the batch can share this one's text without changing any
                # comment on it; its figures still name them.
                review.copy_ratio, review.copy = copies.ratio, copies.figures
                if (review.copy_ratio, review.copy) != (stored.copy_ratio, stored.copy):
                    history.update_copy(stored.id, review.copy_ratio, review.copy)
                    refigured.add(submission.rel_path)
            report(review)

        def report(review: Review) -> None:
            if review.status == "reviewed":
                sub = review.submission
                review.drafts = history.drafts_so_far(sub.unit, review.doc_type or sub.doc_type)
            reviews.append(review)

        def step(stage: str, found: Found) -> None:
            if on_progress:
                on_progress(stage, found)

        to_read = []
        for found in drafts:
            stored = kept(found, None)
            if stored is not None and stored.status == "unreadable":
                keep(stored, _submission(found, round_name, stored.doc_type))
                for stage in STAGES:
                    step(stage, found)
            else:
                to_read.append(found)
        # What an earlier run read is taken back here: a re-run's thousand drafts, sent to
        # the workers one task each, took longer to hand over than to read.
        held = [cached_read(f, round_name, settings.reads) for f in to_read]
        for found, r in zip(to_read, held, strict=True):
            if r is not None:
                step("读取", found)
        to_parse = [f for f, r in zip(to_read, held, strict=True) if r is None]
        every = pool.shared(settings)
        parsed = iter(run_all(pool, read_draft, [(f, round_name, every) for f in to_parse],
                              lambda i, _: step("读取", to_parse[i]),
                              lost=lambda i, _: _unreadable(to_parse[i], round_name, WORKER_DIED)))
        outcomes = [next(parsed) if r is None else r for r in held]
        read: list[tuple[Found, Read]] = []
        for found, outcome in zip(to_read, outcomes, strict=True):
            if isinstance(outcome, Read):
                read.append((found, outcome))
            else:
                record(outcome)
                step("比对", found)
                step("审阅", found)
        clock.lap("read")
        settings.shared, settings.batch_units = shared_counts(
            (r.submission.unit, r.keys) for _, r in read)
        # Copying is judged across the batch, so it waits until every draft has been read.
        reports, corpus_problems = _copy_stage(
            workspace.root, settings, read, arrived, history.earlier_drafts(round_name), pool,
            lambda found: step("比对", found))
        peers = peer_rows(reports, {r.submission.rel_path: r for _, r in read})
        clock.lap("copies")
        pending = []
        keeping: list[tuple[Found, StoredReview, Submission]] = []  # findings come later
        for found, r in read:
            sub = r.submission
            # only the drafts reviewed again compare their findings with the previous ones
            previous = history.previous(sub.unit, sub.doc_type, round_name, name=found.path.name,
                                        findings=False)
            own = dataclasses.replace(settings, shared=own_shared(r, settings.shared))
            inputs = review_inputs(r, own, reports.get(sub.rel_path), previous)
            stored = kept(found, inputs, findings=False)
            if stored is not None:
                keeping.append((found, stored, sub))
                if stored.annotated:
                    taken.add(stored.annotated)
            else:
                pending.append((found, r, previous, inputs, own.shared))
        # Names are handed out in the drafts' order, after the kept reviews hold theirs, so
        # they do not depend on which worker finishes first.
        names = [annotated_rel_path(round_name, r.submission.unit, found.path.name, taken)
                 for found, r, *_ in pending]

        def take_back() -> None:
            # The kept reviews' findings (44,000 for 1,000 drafts, 0.4 s) come back while
            # the workers review the others.
            for found, stored, sub in keeping:
                keep(history.with_findings(stored), sub, reports.get(sub.rel_path))
                step("审阅", found)

        def reviewed(i: int, result: DraftResult) -> None:
            # Recorded as each finishes: a run killed now keeps what is done.
            found, r, _, inputs, _ = pending[i]
            record(result, inputs, names[i])
            step("审阅", found)

        batch = reviewers.shared(dataclasses.replace(settings, shared={}))
        run_all(reviewers, check_draft,
                [(r, batch, reports.get(r.submission.rel_path),
                  None if previous is None else history.with_findings(previous), shared)
                 for _, r, previous, _, shared in pending], reviewed,
                lost=lambda i, _: _failed(pending[i][1].submission, WORKER_DIED), keep=False,
                meanwhile=take_back)
        clock.lap("review")
        # The drafts' texts and copy reports are not needed for the round's files: let them
        # go before those are written.
        read.clear()
        pending.clear()
        reports.clear()
    settings.reads.keep_only({read_id(found.sha256, found.path) for found in drafts})
    order = {found.rel_path: i for i, found in enumerate(drafts)}
    reviews.sort(key=lambda review: order[review.submission.rel_path])

    def letters() -> None:
        write_opinions(workspace.root, reviews, set(fresh) | refigured, reviewers,
                       campaign=settings.campaign, round_name=round_name,
                       reviewer=settings.reviewer, deadline=workspace.settings.deadline,
                       outbox=outbox)
        clock.lap("letters")
        reviewers.release()

    write_batch_files(reviews, campaign=settings.campaign, round_name=round_name, outbox=outbox,
                      peers=peers, pool=pool, roster=settings.roster, rules=settings.rules,
                      first=letters)
    clock.lap("summary")
    return BatchResult(round_name, reviews, outbox, corpus_problems, fresh, clock.timings)
