"""The aligner's fast paths against plain reference implementations of what they compute."""

from __future__ import annotations

import random
import sys

import pytest

from review.bench.copies.generate import ROSTER, STANDARD, generate
from review.similarity import build_index, exclusions, passages
from review.similarity.align import _longest_free, _maximal_matches, greedy_tiles, tiles
from review.similarity.matchtext import NAME, NUMBER, _pattern, code_points, content_mask, match_text


def _reference_matches(a: str, b: str, k: int) -> list[tuple[int, int, int]]:
    """Every pair of equal k-grams that does not extend left, extended right one step at a time."""
    out = []
    for i in range(len(a) - k + 1):
        for j in range(len(b) - k + 1):
            if a[i:i + k] != b[j:j + k] or (i and j and a[i - 1] == b[j - 1]):
                continue
            n = k
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            out.append((-n, i, j))
    return out


def _reference_free(used_a: bytearray, used_b: bytearray, i: int, j: int, n: int) -> tuple[int, int]:
    best_start, best_len, run = 0, 0, 0
    for t in range(n):
        run = run + 1 if not used_a[i + t] and not used_b[j + t] else 0
        if run > best_len:
            best_start, best_len = t - run + 1, run
    return best_start, best_len


def test_maximal_matches_are_every_left_and_right_maximal_common_substring():
    rng = random.Random(7)
    # a small alphabet: repeats, periodic stretches ("####") and matches at the edges
    for _ in range(300):
        a = "".join(rng.choice("ab#@") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("ab#@\x00") for _ in range(rng.randint(0, 60)))
        for k in (1, 2, 4):
            assert sorted(_maximal_matches(a, b, k)) == sorted(_reference_matches(a, b, k))


def test_long_copies_are_one_match():
    a = "甲" * 3 + "县委常委会带头开展集中学习以读原著学原文悟原理为基本要求" * 3
    b = "乙" + a[3:] + "丙"
    assert max(-n for n, _, _ in _maximal_matches(a, b, 4)) == len(a) - 3
    assert [(t.a, t.b, t.length) for t in tiles(a, b, 4)] == [(3, 1, len(a) - 3)]


def test_compiled_tiling_gives_the_python_tiles():
    tiling = pytest.importorskip("review.similarity.tiling",
                                 reason="Numba is not installed: tiles runs in Python only")
    rng = random.Random(11)
    words = ["县委", "学习", "整改", "𠀀", "#", "@", "落实", "问题", "清单"]
    for trial in range(2000):
        if trial % 2:  # small alphabet: ties, periodic runs, trimmed matches pushed back
            a = "".join(rng.choice("ab#@") for _ in range(rng.randint(0, 50)))
            b = "".join(rng.choice("ab#@\x00") for _ in range(rng.randint(0, 80)))
        else:  # words, with one string an edited, reordered copy of the other
            a = "".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
            cut = sorted(rng.sample(range(len(a) + 1), 2)) if len(a) > 1 else [0, 0]
            b = a[cut[1]:] + "\x00" + rng.choice(words) + a[:cut[0]] + a[cut[0]:cut[1]][::-1]
        for k in (1, 2, 4):
            got = tiling.tile_points(code_points(a), code_points(b), k).tolist()
            want = greedy_tiles(a, b, k) if len(a) >= k and len(b) >= k else ()
            assert got == [[t.a, t.b, t.length] for t in want], (a, b, k)


def test_compiled_passage_building_gives_the_python_passages(monkeypatch):
    pytest.importorskip("review.similarity.building",
                        reason="Numba is not installed: passages are built in Python only")
    kernel = passages._compiled()
    assert kernel is not None
    # the copy benchmark's drafts: verbatim, lightly and heavily edited and reordered
    # copies of several sources, beside cited quotations and standard wording
    bench = generate(80, seed=3)
    index = build_index(bench.references, masks=ROSTER)
    merged = edged = 0
    for draft in bench.drafts:
        aligned = passages.targets(draft, [index])
        found = exclusions.regions(draft.text, draft.sentences, STANDARD, index.masks)
        regions = [(r.start, r.end) for r in found]
        monkeypatch.setattr(passages, "_compiled", lambda: kernel)
        got = passages.raw_matches(draft, aligned, regions)
        monkeypatch.setattr(passages, "_compiled", lambda: None)
        assert got == passages.raw_matches(draft, aligned, regions), draft.id
        merged += sum(len(p.source_spans) > 1 for p in got)
        edged += sum(any(a < p.start < b or a < p.end < b for a, b in regions) for p in got)
    # of 1,345 passages, 30 merged from several pieces and 45 ending inside a quotation
    assert merged >= 20 and edged >= 20


def test_longest_free_stretch_is_the_first_of_the_longest():
    rng = random.Random(3)
    for _ in range(500):
        used_a = bytearray(rng.random() < 0.2 for _ in range(30))
        used_b = bytearray(rng.random() < 0.2 for _ in range(30))
        i, j = rng.randint(0, 10), rng.randint(0, 10)
        n = rng.randint(1, 20)
        assert _longest_free(used_a, used_b, i, j, n) == _reference_free(used_a, used_b, i, j, n)


def _reference_match_text(text: str, masks: tuple[str, ...]) -> tuple[str, list[int], list[int]]:
    """match_text one character at a time: names and numbers masked, other content
    characters lowered on their own."""
    masked, starts, ends = [], [], []
    pos = 0
    for m in [*_pattern(frozenset(masks)).finditer(text), None]:
        stop = m.start() if m else len(text)
        for i in range(pos, stop):
            if text[i].isalnum():
                masked.append(text[i].lower())
                starts.append(i)
                ends.append(i + 1)
        if m:
            masked.append(NAME if m.group("name") else NUMBER)
            starts.append(m.start())
            ends.append(m.end())
            pos = m.end()
    return "".join(masked), starts, ends


def test_match_text_lowers_each_character_on_its_own():
    every_content_char = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalnum())
    # Σ lowers to ς at a word's end when a whole word is lowered, to σ on its own; İ lowers
    # to two characters; "_" is a word character to \w but not content
    tricky = "ΟΔΟΣ ΑΣ, Σ ΣΑ İstanbul İ. STRAßE ǅ ﬃ _a_b_ x\u0301y Ⅻⅻ ２０２３ ① 县委2023年三个ΑΣ"
    for text in (every_content_char, tricky):
        for masks in ((), ("张三", "ΑΣ")):
            mt = match_text(text, masks)
            assert (mt.masked, list(mt.starts), list(mt.ends)) == _reference_match_text(text, masks)
        assert content_mask(text).tolist() == [ch.isalnum() for ch in text]


def test_match_text_masks_names_and_numbers_between_plain_runs():
    mt = match_text("ΑΣ县委书记2023年三个，Σ镇党委", ())
    assert mt.masked == "ασ@书记#年#个σ@"
    assert list(mt.starts) == [0, 1, 2, 4, 5, 6, 10, 11, 12, 14, 15]
    assert list(mt.ends) == [1, 2, 4, 5, 6, 10, 11, 12, 13, 15, 18]


def test_masked_ranges_are_masked_range_of_each_span():
    # Spans ending inside a mark, starting inside one, empty, covering nothing but
    # punctuation, and running past the text's end.
    from review.similarity.matchtext import masked_range, masked_ranges

    text = "县委书记2023年三个，柳溪村党支部。  Σ镇党委！\n第二段：张三负责。"
    mt = match_text(text, ("张三", "柳溪村"))
    spans = [(a, b) for a in range(len(text) + 1) for b in range(a, len(text) + 3)]
    assert list(masked_ranges(mt, spans)) == [masked_range(mt, a, b) for a, b in spans]
    assert masked_ranges(mt, []) == ()
    assert masked_ranges(match_text("", ()), [(0, 0), (0, 3)]) == ((0, 0), (0, 0))
