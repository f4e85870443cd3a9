"""The copy report the cache keeps for reviewing a draft (copying.for_review)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from review.bench.copies.generate import REFERENCE_SETS, ROSTER, references
from review.bench.copies.sources import load_sources
from review.copying import detected, for_review, passages_digest
from review.packed import unpack
from review.similarity import Draft, Settings, build_index, detect


def test_the_cached_report_keeps_every_passage_a_comment_shows():
    docs = load_sources()
    index = build_index(references(docs), Settings(), masks=ROSTER)
    drafts = [d for d in docs.values() if d.name[:2] not in REFERENCE_SETS]
    reports = [(d, detect(Draft(d.name, d.text, d.sentences, masks=ROSTER), index)) for d in drafts]
    shared = [(d, r) for d, r in reports if any(p.also for p in r.passages)]
    assert shared  # some passages are matched in several references
    for d, report in shared:
        cached = unpack(detected(report, "key", d.text, ()).blob)
        # what comments show: each passage, its strongest source, its text and highlights
        assert cached.passages == tuple(replace(p, also=()) for p in report.passages)
        assert cached.matches == () and len(report.matches) > len(report.passages)
        # the digest in a review's inputs is the one earlier runs stored, so their reviews
        # stay kept: the repr of the passages without their weaker sources
        shown = repr([replace(p, also=()) for p in report.passages]).encode("utf-8")
        assert passages_digest(for_review(report)) == hashlib.sha256(shown).hexdigest()
