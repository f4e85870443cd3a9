"""The measured process: one review of a workspace's round, or the parse-only floor.

Run by review.bench.batch.run in a fresh interpreter per measurement, so import and model
load times count as they do for `review run`, and the memory is this run's alone. It
writes what it measured from the inside as JSON:

    python -m review.bench.batch.child review WORKSPACE --workers 2 --out result.json
    python -m review.bench.batch.child parse WORKSPACE --workers 2 --out result.json
"""

from __future__ import annotations

import argparse
import atexit
import gc
import inspect
import json
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from review.bench.batch import ROUND
from review.loading import without_collection


def accepts_workers() -> bool:
    from review.pipeline import run_batch

    return "workers" in inspect.signature(run_batch).parameters


def review(root: Path, workers: int) -> dict:
    with without_collection():  # as the review command loads the pipeline
        from review.pipeline import run_batch
        from review.workspace.config import Workspace

    started = time.perf_counter()
    workspace = Workspace.load(root)
    kwargs = {"workers": workers} if accepts_workers() else {}
    result = run_batch(workspace, ROUND, **kwargs)
    return {"work": time.perf_counter() - started, "timings": dict(getattr(result, "timings", {}) or {}),
            "drafts": len(result.reviews), "reviewed": len(result.reviewed_now),
            "workers_used": kwargs.get("workers", 1)}


def _read(path: Path) -> int:
    from review.ingest.parse import parse
    from review.model import UnreadableError

    try:
        return len(parse(path).document.text)
    except UnreadableError:
        return -1


def parse_all(root: Path, workers: int) -> dict:
    """Every draft of the round through review.ingest.parse.parse — nothing else."""
    from review.ingest.parse import SUPPORTED

    started = time.perf_counter()
    paths = sorted(p for p in (root / "inbox" / ROUND).rglob("*") if p.suffix.lower() in SUPPORTED)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            sizes = list(pool.map(_read, paths, chunksize=8))
    else:
        sizes = [_read(p) for p in paths]
    return {"work": time.perf_counter() - started, "timings": {}, "drafts": len(paths),
            "reviewed": sum(1 for s in sizes if s >= 0), "workers_used": workers}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("review", "parse"))
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    atexit.register(gc.freeze)  # as the review command does (review/__main__.py)
    data = (review if args.mode == "review" else parse_all)(args.workspace, args.workers)
    # ru_maxrss is in kB on Linux; the pool's workers are children, reported apart
    data["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    args.out.write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    main()
