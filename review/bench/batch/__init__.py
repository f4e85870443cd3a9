"""The batch benchmark: a synthetic workspace of N drafts made from the project's own
texts (workspace), a review of it timed in fresh processes against the parse-only floor
(run), and the figures beside the issue's targets (report).

    review bench batch --drafts 1000
    review bench batch --scale 1000,10000 --workers 2
"""

# The round every bench workspace's drafts are in. Here, not in workspace, so the measured
# process (child) imports none of the generator: `review run` would not.
ROUND = "第1轮"
