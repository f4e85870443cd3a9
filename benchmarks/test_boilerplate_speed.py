"""Scoring sentences with the boilerplate model: 10,000 sentences in one batch.

Run: python -m pytest benchmarks/test_boilerplate_speed.py --benchmark-only
Not part of the test suite (a figure, not pass/fail); the result is in README.md.
"""

from __future__ import annotations

import pytest

from review.boilerplate import corpus, load_model


@pytest.fixture(scope="module")
def sentences():
    """10,000 different sentences: the corpus, then corpus sentences joined in pairs."""
    texts = [s.text for s in corpus.load_corpus()]
    pairs = (a.rstrip("。；") + "，" + b for a, b in zip(texts, texts[1:] + texts[:1], strict=True))
    out = texts + [p for p in pairs if len(p) <= 120]
    assert len(set(out[:10_000])) == 10_000
    return out[:10_000]


def test_score_10000_sentences(benchmark, sentences):
    model = load_model()
    model.score(sentences[:10])  # the file is read once per process, not per batch
    probs = benchmark(model.score, sentences)
    assert probs.shape == (10_000,)
