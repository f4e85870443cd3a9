"""The `review` command (and `python -m review`): the CLI, started and ended without the
garbage collections that would only cost it time (review/loading.py for the start). At
exit Python collects once more, over every object a batch left behind (0.4 s after
re-running a round of 1,000 drafts), for memory the system takes back anyway.
"""

import atexit
import gc

from review.loading import without_collection


def main() -> None:
    with without_collection():
        from review.cli import app
    atexit.register(gc.freeze)
    app()


if __name__ == "__main__":
    main()
