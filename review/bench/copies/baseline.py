"""Baseline: TF-IDF cosine over character n-grams, every draft sentence against every
reference sentence (scikit-learn, sparse all-pairs product). A draft sentence whose best
reference sentence reaches the threshold is detected with that sentence's document;
adjacent detected sentences with the same source are merged."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from review.bench.copies.progress import Track, untracked
from review.bench.copies.score import Detection
from review.similarity import Draft, Reference

# Cells of one dense block of similarities (8 bytes each): the block's rows shrink as the
# reference corpus grows, so 100k reference paragraphs fit in memory too.
BLOCK_CELLS = 20_000_000
THRESHOLDS = tuple(np.round(np.arange(0.2, 0.95, 0.05), 2))


def best_matches(drafts: Sequence[Draft], refs: Sequence[Reference],
                 track: Track = untracked) -> list[tuple[str, int, int, str, float]]:
    """(draft, start, end, source, cosine) for every draft sentence's best reference sentence."""
    ref_sents, ref_ids = [], []
    for r in refs:
        for a, b in r.sentences:
            ref_sents.append(r.text[a:b])
            ref_ids.append(r.id)
    rows, texts = [], []
    for d in drafts:
        for a, b in d.sentences:
            rows.append((d.id, a, b))
            texts.append(d.text[a:b])
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True)
    vec.fit(ref_sents + texts)
    R = vec.transform(ref_sents)
    out = []
    step = max(1, BLOCK_CELLS // len(ref_sents))
    for i in track(range(0, len(texts), step), "基线：全部句对", -(-len(texts) // step)):
        sims = (vec.transform(texts[i:i + step]) @ R.T).toarray()
        best = sims.argmax(axis=1)
        for k, j in enumerate(best):
            d, a, b = rows[i + k]
            out.append((d, a, b, ref_ids[j], float(sims[k, j])))
    return out


def detections(best: Sequence[tuple[str, int, int, str, float]], threshold: float,
               texts: dict[str, str]) -> list[Detection]:
    out: list[Detection] = []
    for d, a, b, src, sim in best:
        if sim < threshold:
            continue
        prev = out[-1] if out else None
        if (prev and prev.draft == d and prev.source == src and "\n" not in texts[d][prev.end:a]
                and not texts[d][prev.end:a].strip()):
            out[-1] = Detection(d, prev.start, b, src)
        else:
            out.append(Detection(d, a, b, src))
    return out
