"""The batch on a local process pool and on a Dask cluster gives what the serial run gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from review.data import data_path
from review.errors import ConfigError
from review.parallel import Serial, executor, run_all
from review.pipeline import run_batch
from review.workspace.config import Workspace

ROUND = "第1轮"


def _square(x: int) -> int:
    return x * x


def _fresh(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    return root


def _outcome(root: Path) -> list[dict]:
    data = json.loads((root / "outbox" / ROUND / "results.json").read_text(encoding="utf-8"))
    return data["documents"]


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> tuple[Path, list[dict]]:
    root = _fresh(tmp_path_factory.mktemp("serial"), "ws")
    run_batch(Workspace.load(root), ROUND)
    return root, _outcome(root)


def test_run_all_keeps_the_order_of_the_calls_whatever_finishes_first():
    finished = []
    with executor(workers=2) as pool:
        got = run_all(pool.executor, _square, [(n,) for n in range(20)], lambda i, r: finished.append(i))
    assert got == [n * n for n in range(20)] and sorted(finished) == list(range(20))
    assert run_all(Serial(), _square, [(3,), (4,)]) == [9, 16]


def test_two_local_workers_give_the_serial_results(serial, tmp_path):
    root = _fresh(tmp_path, "ws")
    result = run_batch(Workspace.load(root), ROUND, workers=2)
    assert _outcome(root) == serial[1]
    assert set(result.timings) == {"discover", "read", "copies", "review", "letters", "summary"}
    # The same annotated files, with the same comments, as the serial run wrote.
    for doc in serial[1]:
        if doc["annotated"]:
            assert (root / doc["annotated"]).is_file() and (root / doc["opinion"]).is_file()


def test_a_dask_cluster_gives_the_serial_results(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    root = _fresh(tmp_path, "ws")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        run_batch(Workspace.load(root), ROUND, cluster=cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            # The stages really ran on the workers: each holds review's modules.
            loaded = client.run(lambda: __import__("sys").modules.get("review.pipeline") is not None)
    assert len(loaded) == 2 and all(loaded.values())
    assert _outcome(root) == serial[1]


def test_an_unreachable_cluster_says_what_to_check(tmp_path):
    pytest.importorskip("distributed")
    root = _fresh(tmp_path, "ws")
    with pytest.raises(ConfigError, match="无法连接 Dask 调度器 tcp://127.0.0.1:1"):
        run_batch(Workspace.load(root), ROUND, cluster="tcp://127.0.0.1:1")
