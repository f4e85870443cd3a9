"""Copy detection (照搬照抄): copied passages, exclusions and CNKI-style ratios.

    index = cached_index(references, workspace / ".review" / "index")   # or build_index
    report = detect(draft, [index, peers_index], standard_phrases(campaign))
    ratios = copy_ratios(draft.text, report, sections)
    # per draft: {peer id: s.chars for s in ratios.sources if s.set == "peer"}, ratios.chars
    pairs = peer_pairs(coverage, chars); clusters = peer_clusters(pairs, 0.3)

See docs/copy-detection.md.
"""

from review.similarity.detect import detect, report_key
from review.similarity.exclusions import standard_phrases
from review.similarity.index import ReferenceIndex, build_index
from review.similarity.leftovers import foreign_names
from review.similarity.model import (
    CopyReport,
    Draft,
    Exclusion,
    Passage,
    Reference,
    Settings,
    Source,
)
from review.similarity.passages import targets
from review.similarity.ratios import Ratios, copy_ratios, peer_clusters, peer_pairs
from review.similarity.store import cached_index, index_key, load_index, save_index

__all__ = [
    "CopyReport", "Draft", "Exclusion", "Passage", "Ratios", "Reference", "ReferenceIndex",
    "Settings", "Source", "build_index", "cached_index", "copy_ratios", "detect", "foreign_names",
    "index_key", "load_index", "peer_clusters", "peer_pairs", "report_key", "save_index",
    "standard_phrases", "targets",
]
