"""One draft against the reference indexes: copied passages, exclusions, quoted regions."""

from __future__ import annotations

from collections.abc import Sequence

from review.similarity import exclusions
from review.similarity.index import ReferenceIndex
from review.similarity.model import CopyReport, Draft, Settings
from review.similarity.passages import raw_matches, resolve
from review.similarity.ratios import content_chars


def detect(draft: Draft, indexes: ReferenceIndex | Sequence[ReferenceIndex],
           standard: Sequence[str] = (), settings: Settings | None = None) -> CopyReport:
    """Copied passages of `draft`. `standard` is the campaign's wording
    (exclusions.standard_phrases); `settings` defaults to the first index's."""
    if isinstance(indexes, ReferenceIndex):
        indexes = [indexes]
    s = settings or (indexes[0].settings if indexes else Settings())
    masks = (indexes[0].masks if indexes else ()) + draft.masks
    found = exclusions.regions(draft.text, draft.sentences, standard, masks)
    raw = raw_matches(draft, indexes, [(r.start, r.end) for r in found])
    matches, excluded = exclusions.apply(draft.text, raw, found, s.min_match_chars, draft.sentences)
    return CopyReport(
        draft_id=draft.id,
        passages=tuple(resolve(matches, s.merge_overlap)),
        matches=tuple(sorted(matches, key=lambda p: (p.start, p.end, p.source.id))),
        exclusions=tuple(excluded),
        quoted=tuple((r.start, r.end) for r in found),
        chars=content_chars(draft.text),
    )
