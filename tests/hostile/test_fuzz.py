"""A short run of the malformed-file campaign (`review bench fuzz`; the full campaign and its
figures are in docs/hardening.md), and proof that the campaign notices what it looks for."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

import review.pipeline
from review.bench import fuzz

CASES = 90  # 15 of each kind of damage, about 15 s in one process


@pytest.fixture(scope="module")
def campaign():
    return fuzz.run(CASES, seed=20240901, workers=1)


def test_every_damaged_draft_is_read_or_refused_with_a_reason(campaign):
    assert len(campaign.outcomes) == CASES
    assert campaign.defects == [], "\n".join(fuzz.findings(campaign))
    counts = campaign.counts()
    assert set(counts) == set(fuzz.MUTATIONS)
    for kind, by_outcome in counts.items():
        assert sum(by_outcome.values()) == CASES // len(fuzz.MUTATIONS), kind
    # Damage that does not always destroy a draft, and damage that does: both are seen.
    assert sum(c["read"] for c in counts.values()) > 0
    assert sum(c["unreadable"] for c in counts.values()) > 0


def test_cases_are_rebuilt_exactly_from_seed_and_index():
    pool = fuzz.sources()
    for index in range(12):
        first, again = fuzz.case(5, index, pool), fuzz.case(5, index, pool)
        assert (first.data, first.detail, first.source) == (again.data, again.detail, again.source)
        original = next(s for s in pool if s.name == first.source)
        assert first.data != original.data, first.detail


def test_package_damage_keeps_a_package_to_damage():
    pool = fuzz.sources()
    for index in range(3, 300, len(fuzz.MUTATIONS)):  # every document_xml case
        c = fuzz.case(9, index, pool)
        assert c.kind == "document_xml"
        assert zipfile.is_zipfile(BytesIO(c.data)), c.detail  # the XML is damaged, not the zip


def test_the_campaign_counts_what_escapes_and_what_only_the_last_net_caught(monkeypatch):
    real_parse = review.pipeline.parse

    def buggy_parse(path, *args, **kwargs):
        if path.suffix == ".txt":
            raise IndexError("a reader bug")
        return real_parse(path, *args, **kwargs)

    monkeypatch.setattr(review.pipeline, "parse", buggy_parse)
    caught = fuzz.run(12, seed=3, workers=1)
    text_cases = [o for o in caught.outcomes if o.source.endswith(".txt")]
    assert text_cases and all(o.outcome == "parser_error" for o in text_cases)

    def broken_read_draft(*args, **kwargs):
        raise RuntimeError("read_draft itself failed")

    monkeypatch.setattr(review.pipeline, "read_draft", broken_read_draft)
    escaped = fuzz.run(6, seed=3, workers=1)
    assert [o.outcome for o in escaped.outcomes] == ["escaped"] * 6
    assert "read_draft itself failed" in escaped.outcomes[0].message
