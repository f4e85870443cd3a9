"""One draft against the reference indexes: copied passages, exclusions, quoted regions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import astuple, fields
from functools import lru_cache

from review import __version__
from review.nlp.lexicon import per_object
from review.similarity import exclusions
from review.similarity.index import ReferenceIndex, with_own
from review.similarity.model import CopyReport, Draft, Reference, Settings
from review.similarity.passages import Target, raw_matches, resolve, targets
from review.similarity.ratios import content_chars


def detect(draft: Draft, indexes: ReferenceIndex | Sequence[ReferenceIndex],
           standard: Sequence[str] = (), settings: Settings | None = None,
           aligned: Sequence[Target] | None = None) -> CopyReport:
    """Copied passages of `draft`. `standard` is the campaign's wording
    (exclusions.standard_phrases); `settings` defaults to the first index's; `aligned` is
    `targets(draft, indexes)` when the caller has it already."""
    if isinstance(indexes, ReferenceIndex):
        indexes = [indexes]
    s = settings or (indexes[0].settings if indexes else Settings())
    if aligned is None:
        aligned = targets(draft, indexes)
    # the index's own object when it holds the draft's names: its compiled pattern is cached
    masks = with_own(indexes[0].masks, draft.masks) if indexes else draft.masks
    found = exclusions.regions(draft.text, draft.sentences, standard, masks)
    raw = raw_matches(draft, aligned, [(r.start, r.end) for r in found])
    matches, excluded = exclusions.apply(draft.text, raw, found, s.min_match_chars, draft.sentences)
    return CopyReport(
        draft_id=draft.id,
        passages=tuple(resolve(matches, s.merge_overlap)),
        matches=tuple(sorted(matches, key=lambda p: (p.start, p.end, p.source.id))),
        exclusions=tuple(excluded),
        quoted=tuple((r.start, r.end) for r in found),
        chars=content_chars(draft.text),
    )


def report_key(draft: Draft, aligned: Sequence[Target], standard: Sequence[str],
               settings: Settings) -> str:
    """A digest of everything `detect` makes of a draft aligned with `aligned` (`targets`):
    the draft, the references it is aligned with (not the whole batch: a draft added to the
    round changes the reports only of the drafts aligned with it), the indexes' settings
    and masks, the standard wording and the tool's version."""
    facts = [
        _batch_digest(settings, tuple(standard)), digest(draft),
        [[index_digest(t.index), [ref_digest(t.index.refs[r]) for r in t.refs]] for t in aligned],
    ]
    return _json_digest(facts)


def _json_digest(facts: list) -> str:
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


@lru_cache(maxsize=8)
def _batch_digest(settings: Settings, standard: tuple[str, ...]) -> str:
    # the same for every draft of a batch: the standard wording alone is thousands of characters
    return _json_digest([__version__, astuple(settings), list(standard)])


def index_digest(index: ReferenceIndex) -> str:
    """What an index makes of a text besides its references: its settings and masks."""
    return settings_digest(index.settings, index.masks)


@lru_cache(maxsize=8)
def settings_digest(settings: Settings, masks: tuple[str, ...]) -> str:
    """A digest of index settings and masks."""
    return _json_digest([astuple(settings), list(masks)])


def digest(item: Draft | Reference) -> str:
    """A digest of every value of a draft or reference, the same in every process."""
    # repr, not json or astuple: a C call over the text, which astuple would deep-copy first
    values = tuple(getattr(item, f.name) for f in fields(item))
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


# `digest` of a reference, which is asked for again with every draft aligned with it: by
# the reference object (an index's), since hashing a Reference hashes its sentences anew
ref_digest = per_object(digest, size=4096)
