"""The `review` command (and `python -m review`): the CLI, started and ended without the
garbage collections that would only cost it time.

Loading the CLI, and for a batch the pipeline (scikit-learn, spaCy, Numba, the parsers),
makes some 180,000 objects and no garbage, which Python would scan again and again as they
come (0.2 s of a batch's start). At exit Python collects once more, over every object a
batch left behind (0.4 s after re-running a round of 1,000 drafts), for memory the system
takes back anyway.
"""

import atexit
import gc


def main() -> None:
    gc.disable()
    try:
        from review.cli import app
    finally:
        gc.enable()
    atexit.register(gc.freeze)
    app()


if __name__ == "__main__":
    main()
