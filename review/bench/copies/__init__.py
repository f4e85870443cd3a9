"""The copy-detection benchmark: drafts with planted copies (generate), PAN's measures
(score), a TF-IDF baseline (baseline), accuracy (run) and cost at scale (scale).

    review bench copies --drafts 500
    review bench copies --scale 1000,10000,100000
"""
