"""Band collisions carried from one run to the next (similarity/collisions.py): what a
re-run takes back must be exactly what looking the drafts up again would find."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from review.similarity import Draft, Reference, Settings, build_index
from review.similarity.bandcache import BandKeys
from review.similarity.collisions import packed, recall, record
from review.similarity.index import candidate_refs, prepare
from tests.test_similarity_matching import COUNTY, TOWN_OWN, UNRELATED, _sents, ref

MASKS = ("清河县",)
LINES = COUNTY.split("\n")
TOWNS = ["河口镇", "柳溪镇", "石门镇", "青山镇", "白沙镇", "龙泉镇", "桃园镇", "新华镇"]


def _text(k: int) -> str:
    """Town k's plan: the county plan, more of it the higher k, and lines of its own."""
    own = [f"{TOWNS[k]}今年第{k + 1}次召开专题会议，研究解决群众反映的{k + 3}件实事。", *TOWN_OWN]
    return "\n".join([*LINES[: 1 + k % 4], *own, UNRELATED.split("\n")[k % 2]])


def _draft(k: int) -> Draft:
    text = _text(k)
    return Draft(f"inbox/{TOWNS[k]}.docx", text, _sents(text), TOWNS[k], f"inbox/{TOWNS[k]}.docx",
                 (TOWNS[k],), f"2026-11-0{1 + k // 4}")


def _peer(d: Draft) -> Reference:
    return Reference(d.id, d.text, d.sentences, "peer", d.doc, d.unit, d.masks, d.received)


def _fresh(draft: Draft, index) -> dict[int, int]:
    return candidate_refs(index, prepare(draft.text, draft.sentences, index.masks + draft.masks))


def test_a_re_run_knows_each_earlier_drafts_collisions_as_looking_it_up_again_finds_them():
    first = [_draft(k) for k in range(6)]
    corpus = build_index([ref("county", COUNTY)], masks=MASKS)
    before = [corpus, build_index(map(_peer, first), masks=MASKS)]
    memo = record(first, before, [packed([_fresh(d, ix) for ix in before]) for d in first])

    # one draft taken out, two arrived (both copying the county plan, as the others do)
    now = [d for d in first if d.unit != "石门镇"] + [_draft(6), _draft(7)]
    keys = BandKeys(Settings(), MASKS)
    after = [corpus, build_index(map(_peer, now), masks=MASKS, keys_of=keys)]
    known = recall(memo, now, after, peers=1)
    # the same from the band keys the peer index was built from
    assert recall(memo, now, after, peers=1, keys_of=keys) == known

    for d, hits in zip(now, known, strict=True):
        if d.unit in ("桃园镇", "新华镇"):
            assert hits == [None, None]  # new: looked up
        else:
            assert hits == [_fresh(d, ix) for ix in after]
    newcomers = {k for k, r in enumerate(after[1].refs) if r.unit in ("桃园镇", "新华镇")}
    # the newcomers' collisions with earlier drafts were read off their own look-ups
    assert any(newcomers & set(hits[1].refs.tolist()) for hits in known if hits[1] is not None)
    assert all("石门镇" not in after[1].refs[r].unit
               for hits in known if hits[1] for r in hits[1].refs.tolist())


def test_a_changed_corpus_or_index_settings_are_looked_up_again():
    drafts = [_draft(k) for k in range(3)]
    corpus = build_index([ref("county", COUNTY)], masks=MASKS)
    memo = record(drafts, [corpus], [packed([_fresh(d, corpus)]) for d in drafts])

    assert recall(memo, drafts, [corpus]) == [[_fresh(d, corpus)] for d in drafts]
    grown = build_index([ref("county", COUNTY), ref("other", UNRELATED)], masks=MASKS)
    assert recall(memo, drafts, [grown]) == [[None]] * 3
    masked = build_index([ref("county", COUNTY)], masks=(*MASKS, "河口镇"))
    assert recall(memo, drafts, [masked]) == [[None]] * 3
    assert recall(None, drafts, [corpus]) == [[None]] * 3


def test_a_changed_draft_is_looked_up_again():
    drafts = [_draft(k) for k in range(4)]
    peers = build_index(map(_peer, drafts), masks=MASKS)
    memo = record(drafts, [peers], [packed([_fresh(d, peers)]) for d in drafts])
    text = drafts[0].text + "\n会后逐项抓落实。"
    now = [replace(drafts[0], text=text, sentences=_sents(text)), *drafts[1:]]
    index = build_index(map(_peer, now), masks=MASKS)
    known = recall(memo, now, [index], peers=0)
    assert known == [[None]] + [[_fresh(d, index)] for d in now[1:]]


@pytest.mark.parametrize("kept, width", [
    ([([0, 7, 8, 4_000_000], [3, 90, 3, 70_000]), ([], []), ([5], [4])], 4),
    ([([0, 7, 8, 60_000], [3, 255, 3, 65_535]), ([5], [4])], 2),  # gaps and counts < 2**16
    ([([3, 7, 8, 255], [3, 90, 3, 200]), ([], []), ([5, 6], [4, 4])], 1),
    ([([], [])], 1),
])
def test_packed_collisions_come_back_exactly_for_each_index(kept, width):
    from review.similarity.collisions import _unpacked
    from review.similarity.index import Hits

    kept = [Hits(np.array(refs, np.int32), np.array(counts, np.int32)) for refs, counts in kept]
    blob = packed(kept)
    assert blob[0] == width  # packed in the narrowest type holding every value
    for i, h in enumerate(kept):
        refs, counts = _unpacked(blob, i)
        assert refs.tolist() == h.refs.tolist() and counts.tolist() == h.counts.tolist()
