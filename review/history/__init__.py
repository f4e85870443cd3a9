"""What the workspace remembers across runs and rounds (store) and how a draft compares
with the unit's draft of the round before (rounds)."""

from review.history.rounds import (
    FindingMatch,
    RoundComparison,
    compare,
    same_draft_key,
    unrevised_findings,
)
from review.history.store import History, StoredReview, rules_version

__all__ = [
    "FindingMatch", "History", "RoundComparison", "StoredReview", "compare", "rules_version",
    "same_draft_key", "unrevised_findings",
]
