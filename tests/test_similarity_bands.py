"""The compact band store finds exactly what datasketch's MinHash and MinHashLSH find."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from review.bench.copies.generate import REFERENCE_SETS, ROSTER, references
from review.bench.copies.sources import load_sources
from review.similarity import Draft, Settings, build_index, detect
from review.similarity.bands import BandStore
from review.similarity.index import candidate_refs, prepare, unit_signatures, units
from review.similarity.shingles import shingles, stable_hash

S = Settings()


@pytest.fixture(scope="module")
def sample():
    docs = load_sources()
    refs = references(docs)
    queries = [d for d in docs.values() if d.name[:2] not in REFERENCE_SETS] + list(docs.values())
    return refs, queries, build_index(refs, S, masks=ROSTER)


def _datasketch(p) -> list[MinHash]:
    """Signatures as the engine used to compute them: one datasketch MinHash per unit."""
    texts = (set(shingles(p.mt.masked[a:b], S.shingle)) for a, b in units(p, S.min_unit_chars))
    return list(MinHash.generator(texts, num_perm=S.num_perm, hashfunc=stable_hash))


def test_signatures_equal_datasketch_minhashes(sample):
    refs, queries, _ = sample
    for text, sentences in [(r.text, r.sentences) for r in refs] + [(q.text, q.sentences) for q in queries]:
        p = prepare(text, sentences, ROSTER)
        expected = np.array([m.hashvalues for m in _datasketch(p)], np.uint32).reshape(-1, S.num_perm)
        assert np.array_equal(unit_signatures(p, S), expected)


def test_candidates_equal_those_of_minhashlsh(sample, counting):
    refs, queries, index = sample
    lsh = MinHashLSH(threshold=S.lsh_threshold, num_perm=S.num_perm)
    stored, unit_ref = [], []
    for r, ref in enumerate(refs):
        for m in _datasketch(prepare(ref.text, ref.sentences, ROSTER)):
            lsh.insert(len(stored), m)
            stored.append(m)
            unit_ref.append(r)
    assert index.bands.bands == lsh.b and index.bands.rows == lsh.r
    collisions = 0
    for q in queries:
        p = prepare(q.text, q.sentences, index.masks)
        per_ref: Counter[int] = Counter()
        for m, sig in zip(_datasketch(p), unit_signatures(p, S), strict=True):
            found = set(lsh.query(m))
            # each stored unit's owner, once per band the unit collides in
            owners: Counter[int] = Counter()
            for u in found:
                owners[unit_ref[u]] += sum(
                    np.array_equal(m.hashvalues[a:b], stored[u].hashvalues[a:b]) for a, b in lsh.hashranges)
            counts = index.bands.counts(sig[None])
            assert {r: int(c) for r, c in enumerate(counts) if c} == owners
            per_ref.update(owners)
            collisions += len(found)
        expected = {r: n for r, n in per_ref.items() if n >= S.min_band_hits}
        assert candidate_refs(index, p).as_dict() == expected
    assert collisions > 500  # the sample drafts really do borrow from the references


def test_common_keys_rows_count_exactly_what_gathering_counts(sample, counting):
    """A store whose shared keys have rows (Common) counts every owner as one that gathers
    every key's owners, whichever keys get rows."""
    refs, queries, index = sample
    bands = index.bands
    gather = BandStore.of(bands.rows, bands.unit_keys(), bands.owners, bands.owner_count, common_bytes=0)
    assert len(gather.common.counts) == 0
    stores = [BandStore.of(bands.rows, bands.unit_keys(), bands.owners, bands.owner_count,
                           common_size=size, common_bytes=budget)
              for size, budget in [(2, 10**9), (5, 10**9), (2, 40 * bands.owner_count)]]
    rows = [len(store.common.counts) for store in stores]
    assert rows[0] > rows[1] > 0
    assert rows[2] == 40  # the budget: 40 rows of a byte an owner
    queried = 0
    for q in list(queries) + list(refs):
        sigs = unit_signatures(prepare(q.text, q.sentences, index.masks), S)
        expected = gather.counts(sigs)
        for store in stores:
            assert np.array_equal(store.counts(sigs), expected)
        queried += int(expected.sum())
    assert queried > 5000


def test_a_key_of_65536_units_counts_past_16_bits(counting):
    units = 1 << 16
    keys = np.zeros((1, units + 1), np.uint64)
    keys[0, -1] = 7
    owners = np.zeros((1, units + 1), np.int32)
    owners[0, -1] = 1
    store = BandStore.of(1, keys, owners, 2, common_size=2)
    # one band of one row: a signature of 0 has the key 0 (the mixing maps 0 to 0)
    assert store.common.counts.dtype == np.int64 and len(store.common.counts) == 1
    assert store.counts(np.zeros((1, 1), np.uint32)).tolist() == [units, 0]


def _one_row_store(held: list[tuple[int, int, int]], owner_count: int) -> BandStore:
    """A store of one band of one row, where a unit's key is its signature value: `held`
    is (key, owner, units) — the owner holds the key in that many units."""
    keys = np.array([[k for k, _, n in held for _ in range(n)]], np.uint64)
    owners = np.array([[o for _, o, n in held for _ in range(n)]], np.int32)
    order = np.argsort(keys[0], kind="stable")
    return BandStore.of(1, keys[:, order], owners[:, order], owner_count, common_size=2)


def test_a_sentence_repeated_256_times_in_a_draft_counts_past_a_byte(counting):
    # Rows are bytes unless one owner holds a key in 256 units or more.
    store = _one_row_store([(5, 0, 256), (5, 1, 1), (9, 1, 3)], 2)
    assert store.common.counts.dtype == np.uint16
    assert store.counts(np.array([[5], [9]], np.uint32)).tolist() == [256, 4]
    small = _one_row_store([(5, 0, 255), (5, 1, 1)], 2)
    assert small.common.counts.dtype == np.uint8
    assert small.counts(np.array([[5]], np.uint32)).tolist() == [255, 1]


def test_many_rows_of_bytes_add_up_without_overflowing(counting):
    # 300 rows of 255: summed in one go in 16 bits they would wrap at 65,535.
    store = _one_row_store([(k, o, n) for k in range(1, 301) for o, n in ((0, 255), (1, 1))], 2)
    assert store.common.counts.dtype == np.uint8 and len(store.common.counts) == 300
    query = np.arange(1, 301, dtype=np.uint32)[:, None]
    assert store.counts(query).tolist() == [300 * 255, 300]


def test_empty_index_and_short_drafts_have_no_candidates():
    empty = build_index([])
    draft = Draft("d", "主题教育", ((0, 4),))
    assert detect(draft, empty).passages == ()
    assert len(candidate_refs(empty, prepare(draft.text, draft.sentences, ()))) == 0


def test_the_shipped_minhash_tables_are_datasketchs():
    # A batch reads them from review/similarity/minhash.json instead of importing
    # datasketch; if this fails, write the file again (review.similarity.params.write).
    from review.similarity import params

    a, b = params.permutations(S.num_perm)
    expected_a, expected_b = params.datasketch_permutations(S.num_perm)
    assert np.array_equal(a, expected_a) and np.array_equal(b, expected_b)
    assert params.banding(S.lsh_threshold, S.num_perm) == (
        MinHashLSH(threshold=S.lsh_threshold, num_perm=S.num_perm).b,
        MinHashLSH(threshold=S.lsh_threshold, num_perm=S.num_perm).r)
    # settings the file does not hold are datasketch's own
    assert params.banding(0.5, 128) == params.datasketch_banding(0.5, 128)
    assert np.array_equal(params.permutations(32)[0], params.datasketch_permutations(32)[0])


def test_the_command_starts_without_scikit_learn_or_datasketch():
    # 0.7 and 0.35 s of every command's start (review --help took 1.5 s): only a batch
    # loads scikit-learn, and the MinHash tables are shipped.
    import subprocess
    import sys

    code = ("import sys, review.cli; "
            "print(sorted(m for m in ('sklearn', 'datasketch', 'scipy.integrate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
