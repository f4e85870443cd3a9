"""The reference index is saved once and loaded on the next run; alignment basics."""

from __future__ import annotations

from pathlib import Path

import pytest

import review.similarity.store as store
from review.nlp.sentences import split_sentences
from review.similarity import Draft, Reference, cached_index, detect, index_key, load_index
from review.similarity.align import Tile, tiles

TEXT = ("县委常委会带头开展集中学习，以读原著、学原文、悟原理为基本要求，每月集中学习研讨两天。"
        "县级领导干部每人牵头一个调研课题，深入基层一线蹲点调研，形成调研报告并召开成果交流会。")


def _sents(text):
    return tuple((s.start, s.end) for s in split_sentences(text))


def _refs(text=TEXT):
    return [Reference("county", text, _sents(text), doc="corpus/templates/county.docx")]


def test_index_is_saved_and_loaded_instead_of_rebuilt(tmp_path, monkeypatch):
    first = cached_index(_refs(), tmp_path)
    assert list(tmp_path.glob("copy-index-*.npz"))

    def fail(*args, **kwargs):
        raise AssertionError("rebuilt although the references did not change")

    monkeypatch.setattr(store, "build_index", fail)
    second = cached_index(_refs(), tmp_path)
    assert second.key == first.key and second.refs == first.refs
    draft = Draft("d", TEXT.replace("县", "镇"), _sents(TEXT))
    assert detect(draft, second).passages == detect(draft, first).passages != ()


def test_changed_references_get_a_new_key(tmp_path):
    a = index_key(_refs(), store.Settings())
    b = index_key(_refs(TEXT + "另加一句。"), store.Settings())
    assert a != b
    assert load_index(tmp_path, a) is None


def test_unreadable_index_file_is_rebuilt(tmp_path):
    key = cached_index(_refs(), tmp_path).key
    (tmp_path / f"copy-index-{key}.npz").write_bytes(b"not an index")
    assert cached_index(_refs(), tmp_path).key == key


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", [Tile(0, 0, 8)]),
    # sentences swapped: both halves are found
    ("戊己庚辛甲乙丙丁", "甲乙丙丁戊己庚辛", [Tile(0, 4, 4), Tile(4, 0, 4)]),
    # a word inserted splits one tile into two
    ("甲乙丙丁子丑戊己庚辛", "甲乙丙丁戊己庚辛", [Tile(0, 0, 4), Tile(6, 4, 4)]),
    # nothing is used twice
    ("甲乙丙丁甲乙丙丁", "甲乙丙丁", [Tile(0, 0, 4)]),
])
def test_greedy_string_tiling(a, b, expected):
    assert list(tiles(a, b, 4)) == expected


def test_names_hash_like_their_tuple_in_every_process():
    # The hash is remembered, never pickled: str hashes are salted per process, and a
    # worker must find the names in its caches like any equal tuple.
    import os
    import pickle
    import subprocess
    import sys

    from review.similarity.model import Names

    names = Names(("河口镇", "柳溪村"))
    assert names == ("河口镇", "柳溪村") and hash(names) == hash(("河口镇", "柳溪村"))
    code = ("import pickle, sys; n = pickle.loads(sys.stdin.buffer.read()); "
            "print(hash(n) == hash(tuple(n)) and type(n).__name__)")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(names),
                             capture_output=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.stdout.decode().strip() == "Names"


def test_drafts_of_roster_units_share_one_compiled_mask(monkeypatch):
    # A draft whose unit is on the roster is masked with the index's own names object, so
    # the roster's pattern is found by identity, not rebuilt from 22,000 names per draft.
    import review.similarity.matchtext as matchtext
    from review.copying import roster_masks
    from review.model import Unit
    from review.similarity import build_index

    roster = [Unit(name=f"{place}镇") for place in ("河口", "柳溪", "石桥", "青山")]
    masks = roster_masks(roster)
    index = build_index(_refs(), masks=masks)
    built = []
    real = matchtext._pattern
    monkeypatch.setattr(matchtext, "_pattern", lambda m: built.append(m) or real(m))
    for unit in roster[:3]:
        text = TEXT.replace("县", unit.name)
        detect(Draft(unit.name, text, _sents(text), unit=unit.name, masks=(unit.name,)), index)
    assert len(built) <= 1


def test_a_loaded_index_holds_the_callers_names(tmp_path):
    # The batch's indexes hold one names object: equal but separate tuples of a province's
    # names are compared item by item at every cache lookup.
    from review.similarity.model import Names

    masks = Names(("河口镇", "柳溪村"))
    built = cached_index(_refs(), tmp_path, masks=masks)
    loaded = cached_index(_refs(), tmp_path, masks=masks)
    assert built.masks is masks and loaded.masks is masks


@pytest.mark.parametrize("unit", ["河口镇", "河口镇党委", "不在名册村"])
def test_a_readers_band_keys_are_the_peer_indexs_own(unit, monkeypatch):
    # A worker signs each draft as it reads it (copying.peer_keys), and the peer index
    # takes those keys: they must be the keys it would have made itself, masks and all.
    import numpy as np

    import review.similarity.bandcache as bandcache
    from review.copying import Submitted, copy_indexes, peer_keys
    from review.model import Unit

    roster = [Unit(name="河口镇党委", aliases=["河口镇"]), Unit(name="柳溪村党支部")]
    texts = {unit: TEXT.replace("县", unit), "柳溪村党支部": TEXT.replace("县", "柳溪村")}
    submitted = [Submitted(u, u, t, _sents(t)) for u, t in texts.items()]
    made, _, _ = copy_indexes(Path("/nonexistent"), submitted, roster, "2023")
    given = [Submitted(u, u, t, _sents(t), band_keys=peer_keys(u, t, _sents(t), roster))
             for u, t in texts.items()]
    monkeypatch.setattr(bandcache, "ref_band_keys", lambda *a: pytest.fail("signed again"))
    taken, _, _ = copy_indexes(Path("/nonexistent"), given, roster, "2023")
    made, taken = made.indexes[made.peers].bands, taken.indexes[taken.peers].bands
    assert np.array_equal(made.keys, taken.keys) and np.array_equal(made.owners, taken.owners)
