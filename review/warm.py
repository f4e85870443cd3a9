"""Imported by the process the review and letter workers are forked from
(pipeline.REVIEWING, parallel.executor's `preload`), at the batch's start and beside its
reading: reviewing needs jieba's dictionary, the word lists and the boilerplate model with
scikit-learn, the letters their template, 2.5 s to load, which each worker would otherwise
load for itself, or the batch's own process for them in turn with its other work (a re-run
of 1,000 drafts spent a third of its CPU loading them)."""

import gc

from review.pipeline import warm_up_review

try:
    warm_up_review()
except Exception:  # noqa: BLE001, S110
    # A warm-up that fails must not take the fork server down with it: the workers then
    # load what they need on their first draft, and a draft whose review fails says why.
    pass
# The workers inherit all of it; their collections must not write to every object's page.
gc.freeze()
