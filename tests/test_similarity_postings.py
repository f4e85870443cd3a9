"""Postings: a reference's shingles by paragraph as numpy arrays pick the same source
paragraphs as counting shared shingles over Python sets does."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np

from review.data import data_path
from review.ingest.parse import parse
from review.similarity.index import paragraphs, prepare
from review.similarity.model import Settings
from review.similarity.passages import source_paragraphs
from review.similarity.postings import Postings
from review.similarity.shingles import shingle_array, shingles


def _template() -> str:
    return parse(data_path("corpus", "sample_workspace", "corpus", "templates",
                           "县委主题教育实施方案.docx")).document.text


def _by_counting(grams: set[str], text: str, paras, s: Settings) -> list[int]:
    # the definition: paragraphs sharing at least `min_shared_shingles` distinct shingles,
    # the `max_source_paragraphs` sharing most (ties: earlier first), in source order
    counts = Counter({k: len(grams & set(shingles(text[a:b], s.shingle))) for k, (a, b) in enumerate(paras)})
    chosen = [k for k, c in counts.items() if c >= s.min_shared_shingles and c > 0]
    return sorted(sorted(chosen, key=lambda k: (-counts[k], k))[:s.max_source_paragraphs])


def test_shingle_array_holds_the_shingles_in_text_order():
    text = "县委常委会带头开展集中学习𠀋研讨"  # one character outside the BMP
    assert shingle_array(text, 5).tolist() == shingles(text, 5)
    assert shingle_array(text, 5, [(0, 6), (6, 8), (8, len(text))]).tolist() == (
        shingles(text[:6], 5) + shingles(text[8:], 5))
    assert shingle_array("学习", 5).tolist() == []


def test_source_paragraphs_are_those_sharing_most_shingles():
    s = Settings()
    p = prepare(_template(), (), ())
    text = p.mt.masked
    post = Postings.of(text, p.paragraphs, s.shingle)
    assert post.grams.dtype == np.dtype(f"<U{s.shingle}") and np.all(post.grams[:-1] <= post.grams[1:])
    rng = random.Random(3)
    pieces = []
    for _ in range(300):
        # a draft paragraph: pieces of two template paragraphs with words changed
        a, b = rng.sample(range(len(p.paragraphs)), 2)
        head, tail = (text[slice(*p.paragraphs[k])] for k in (a, b))
        piece = head[:rng.randint(10, 120)] + tail[-rng.randint(0, 60):]
        pieces.append("".join(c if rng.random() > 0.1 else "改" for c in piece))
    pieces.append("完全无关的一段文字内容")
    draft = "\n".join(pieces)
    spans = paragraphs(draft)
    got = source_paragraphs(post.shared_with(Postings.of(draft, spans, s.shingle)), s)
    want = [_by_counting(set(shingles(draft[a:b], s.shingle)), text, p.paragraphs, s) for a, b in spans]
    assert got == want
    assert sum(bool(w) for w in want) > 200 and want[-1] == []


def test_a_shingle_repeated_within_a_paragraph_counts_once():
    text = "甲乙丙丁戊甲乙丙丁戊\n甲乙丙丁戊己"
    post = Postings.of(text, paragraphs(text), 5)
    draft = "甲乙丙丁戊\n乙丙丁戊甲乙丙丁戊己\n丁戊"
    assert post.shared_with(Postings.of(draft, paragraphs(draft), 5)).tolist() == [[1, 1], [5, 2], [0, 0]]
