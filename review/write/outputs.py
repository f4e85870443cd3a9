"""Everything a batch writes for the team and the units besides the annotated drafts:
each unit's 审阅意见书, results.json, 汇总表.xlsx and report.html (DESIGN.md's outbox)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from review.loading import with_collection, without_collection
from review.model import Review, Unit
from review.parallel import Pool, run_all
from review.workspace.config import _round_number
from review.write.atomic import write_atomically
from review.write.opinion import render_opinion
from review.write.report import REPORT_NAME, report_document, trend_point, write_report
from review.write.results import document_dict, results_head, write_results
from review.write.summary import EarlierRound, PeerRow, boilerplate_bands, write_summary

if TYPE_CHECKING:
    from review.rules.schema import Rule

RESULTS_NAME, SUMMARY_NAME = "results.json", "汇总表.xlsx"
# The process that writes 汇总表 beside results.json copies every page of the reviews it
# reads (Python writes a count into each object it touches), on top of what it builds: 1.4 GB
# at 10,000 drafts, which took the round past 3 GB. A larger round writes them in turn.
BESIDE_MAX_DRAFTS = 2000
OPINION_NAME = "审阅意见.docx"
_OPINION = re.compile(r"^审阅意见(（.+）)?\.docx$")


def opinion_paths(reviews: Sequence[Review]) -> dict[str, str]:
    """Where each reviewed draft's 审阅意见书 goes (rel_path → workspace-relative path):
    beside its annotated file as 审阅意见.docx, or 审阅意见（<draft>）.docx when the unit sent
    several drafts this round."""
    reviewed = [r for r in reviews if r.status == "reviewed" and r.annotated]
    per_folder = Counter(PurePosixPath(r.annotated).parent for r in reviewed)
    paths = {}
    for r in reviewed:
        annotated = PurePosixPath(r.annotated)
        if per_folder[annotated.parent] == 1:
            name = OPINION_NAME
        else:
            stem = annotated.name.removesuffix(".审阅.docx")
            name = f"审阅意见（{stem}）.docx"
        paths[r.submission.rel_path] = (annotated.parent / name).as_posix()
    return paths


def write_opinions(root: Path, reviews: Sequence[Review], changed: Collection[str],
                   pool: Pool, *, campaign: str, round_name: str, reviewer: str,
                   deadline: date | None, outbox: Path) -> None:
    """Write the letters of drafts reviewed or refigured by this run and any letter that is
    missing (rendered on `pool`); delete letters no draft of the round has any more (a
    unit's second draft renames its first letter)."""
    paths = opinion_paths(reviews)
    due = []
    for review in reviews:
        rel = paths.get(review.submission.rel_path)
        if rel is None:
            continue
        review.opinion = rel
        if review.submission.rel_path in changed or not (root / rel).is_file():
            due.append(review)
    today = date.today()
    def written(i: int, data: bytes | None) -> None:
        if data is not None:
            write_atomically(root / due[i].opinion, data)
        else:  # its worker died: the next run writes it (a missing letter is always due)
            due[i].opinion = None

    run_all(pool, _letter, [(r, campaign, round_name, reviewer, today, deadline) for r in due],
            written, lost=lambda i, error: None, keep=False)
    wanted = {root / p for p in paths.values()}
    for path in outbox.glob("*/*.docx") if outbox.is_dir() else ():
        if _OPINION.match(path.name) and path not in wanted:
            path.unlink(missing_ok=True)


def _letter(review: Review, campaign: str, round_name: str, reviewer: str, today: date,
            deadline: date | None) -> bytes:
    return render_opinion(review, campaign_id=campaign, round_name=round_name,
                          reviewer=reviewer, letter_date=today, deadline=deadline)


def earlier_rounds(outbox_root: Path, round_name: str) -> list[tuple[dict, EarlierRound]]:
    """Each round before this one that was reviewed, oldest first, as its `trend_point` and
    who sent it anything, readable or not: read from its results.json one round at a time,
    for a province's round is hundreds of megabytes as dicts."""
    found = []
    for path in outbox_root.glob(f"*/{RESULTS_NAME}") if outbox_root.is_dir() else ():
        if _round_number(path.parent.name) >= _round_number(round_name):
            continue  # this round's own file, tens of megabytes, or a later round's
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a results.json someone edited by hand: leave it out
        if data.get("round") and _round_number(data["round"]) < _round_number(round_name):
            units = frozenset(d["unit"] for d in data.get("documents", ()))
            found.append((trend_point(data), EarlierRound(data["round"], units)))
    return sorted(found, key=lambda point: _round_number(point[1].name))


def write_batch_files(reviews: list[Review], *, campaign: str, round_name: str, outbox: Path,
                      peers: list[PeerRow], pool: Pool, roster: Sequence[Unit] | None = None,
                      rules: Sequence[Rule] = (), first: Callable[[], None] | None = None
                      ) -> None:
    """results.json, 汇总表.xlsx and report.html of the round. `roster` is what 催报 checks
    the batch against; `rules` (as configured) give the 套话率 colour thresholds.

    The 汇总表 is written beside the other two where `pool` has cores to spare and the
    round is small (Pool.beside, BESIDE_MAX_DRAFTS): on a re-run that reviews a few drafts
    these files are a third of its time. `first()` runs before the other two, while it is
    written: the letters, which it does not show.

    The three files are made without garbage collection: they make hundreds of thousands
    of rows and documents, and each collection these set off walked the round's reviews
    again, a sixth of the time writing them took (0.45 of 2.7 s for 1,000 drafts). Their
    few cycles (openpyxl's workbook) go at the next collection after. The letters are
    not: on one core python-docx's cycles would pile up for 10,000 letters."""
    generated_at = datetime.now().astimezone()
    earlier = earlier_rounds(outbox.parent, round_name)
    head = results_head(campaign=campaign, round_name=round_name, generated_at=generated_at)
    shown: list[dict] = []  # what report.html needs of each document

    def documents() -> Iterator[dict]:
        for review in sorted(reviews, key=lambda r: r.submission.rel_path):
            document = document_dict(review)
            shown.append(report_document(document))
            yield document

    summary = partial(write_summary, outbox / SUMMARY_NAME, reviews, campaign=campaign,
                      round_name=round_name, outbox_dir=outbox, generated_at=generated_at,
                      peers=peers, roster=roster, earlier=earlier[-1][1] if earlier else None,
                      bands=boilerplate_bands(rules))
    # 汇总表 written in turn (not beside) runs inside the block too: collection turned on
    # in between would walk the round's reviews once more before it starts. Written beside,
    # its process starts without collection as well.
    with without_collection(), pool.beside(summary, fork=len(reviews) <= BESIDE_MAX_DRAFTS):
        if first is not None:
            with with_collection():
                first()
        write_results(outbox / RESULTS_NAME, {**head, "documents": documents()})
        write_report(outbox / REPORT_NAME, {**head, "documents": shown}, peers=peers,
                     history=[point for point, _ in earlier])
