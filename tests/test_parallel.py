"""The batch on a local process pool and on a Dask cluster gives what the serial run gives."""

from __future__ import annotations

import gc
import json
import os
import pickle
import shutil
import signal
import sys
import time
import weakref
from multiprocessing import forkserver
from pathlib import Path

import openpyxl
import pytest

from review.boilerplate import model as boilerplate_model
from review.data import data_path
from review.errors import ConfigError
from review.parallel import Pool, Serial, Shared, executor, run_all
from review.pipeline import REVIEWING, WORKER_DIED, _teach, run_batch
from review.workspace.config import Workspace

ROUND = "第1轮"


def _square(x: int) -> int:
    return x * x


def _square_or_die(x: int) -> int:
    if x == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel does to a worker out of memory
    return x * x


_UNPICKLED = [0]  # in a worker process: Table objects unpickled there


class Table(dict):
    def __init__(self, rows):
        super().__init__(rows)
        self.title = "千人一面"

    def __setstate__(self, state):
        _UNPICKLED[0] += 1
        self.__dict__.update(state)


def _unpickled_and_total(table: Table, n: int) -> tuple[int, int]:
    return _UNPICKLED[0], sum(table.values()) + n


def _fresh(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    return root


def _outcome(root: Path) -> list[dict]:
    data = json.loads((root / "outbox" / ROUND / "results.json").read_text(encoding="utf-8"))
    return data["documents"]


def _workbook(root: Path) -> dict[str, list[tuple]]:
    """Every sheet's values but 说明's, which says when the file was written."""
    book = openpyxl.load_workbook(root / "outbox" / ROUND / "汇总表.xlsx", read_only=True)
    return {ws.title: list(ws.values) for ws in book.worksheets if ws.title != "说明"}


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> tuple[Path, list[dict]]:
    root = _fresh(tmp_path_factory.mktemp("serial"), "ws")
    run_batch(Workspace.load(root), ROUND)
    return root, _outcome(root)


def test_run_all_keeps_the_order_of_the_calls_whatever_finishes_first():
    finished = []
    with executor(workers=2) as pool:
        got = run_all(pool, _square, [(n,) for n in range(20)], lambda i, r: finished.append(i))
    assert got == [n * n for n in range(20)] and sorted(finished) == list(range(20))
    assert run_all(Pool(Serial, 1), _square, [(3,), (4,)]) == [9, 16]


class Page(bytearray):
    """A worker's output, as large as an annotated Word file."""


def _page(n: int) -> Page:
    return Page(200_000)


def test_results_handed_only_to_done_are_not_held():
    """A stage that writes each result as it comes (10,000 Word files) must not keep them
    all: with keep=False each is gone once `done` has it."""
    alive = []
    with executor(workers=2) as pool:
        for keep in (True, False):
            seen: list[weakref.ref] = []
            got = run_all(pool, _page, [(n,) for n in range(12)],
                          lambda i, page, seen=seen: seen.append(weakref.ref(page)), keep=keep)
            gc.collect()
            alive.append(sum(ref() is not None for ref in seen))
    assert got is None and alive == [12, 0]
    with executor(workers=2) as pool:  # and when a worker dies, as without keep
        lost = run_all(pool, _square_or_die, [(n,) for n in range(10)], lambda i, r: None,
                       lost=lambda i, error: "lost", keep=False)
    assert lost is None


def test_a_shared_argument_is_inherited_by_forked_workers_without_being_sent():
    table = Table({f"第{i}条": i for i in range(5000)})
    with executor(workers=2) as pool:
        assert pool.forks  # Linux: workers are forked
        every = pool.shared(table)
        got = run_all(pool, _unpickled_and_total, [(every, n) for n in range(40)])
        again = run_all(pool, _unpickled_and_total, [(pool.shared(Table({"一": 1})), 0)])
    assert [total for _, total in got] == [sum(table.values()) + n for n in range(40)]
    assert max(unpickled for unpickled, _ in got) == 0  # 40 if sent with each task
    assert again == [(0, 1)]  # the next stage's workers hold the next value
    assert Pool(Serial, 1).shared(table) is table


def _pid(_: int) -> int:
    return os.getpid()


# The pool's own workers, forked from this process, and those forked from the fork server
BOTH_POOLS = pytest.mark.parametrize("preload", [None, REVIEWING], ids=["forked", "preloaded"])


@BOTH_POOLS
def test_released_workers_are_gone_and_new_ones_take_the_next_tasks(preload):
    with executor(workers=2, preload=preload) as batch, batch.preloaded() as pool:
        before = set(run_all(pool, _pid, [(n,) for n in range(8)]))
        pool.release()  # what the stage's workers held is freed with them
        after = set(run_all(pool, _pid, [(n,) for n in range(8)]))
    assert before and after and not before & after and os.getpid() not in before | after


def _wait_for(path: str) -> bool:
    deadline = time.monotonic() + 30
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_work_meanwhile_runs_once_while_the_calls_run(tmp_path):
    # The calls wait for what `meanwhile` makes: it must run while they do, not after.
    flag = tmp_path / "warmed"
    ran = []

    def meanwhile():
        ran.append(1)
        flag.touch()

    with executor(workers=2) as pool:
        got = run_all(pool, _wait_for, [(str(flag),)] * 4, meanwhile=meanwhile)
        assert got == [True] * 4 and ran == [1]
        # and once when a worker dies and its calls are run again
        lost = run_all(pool, _square_or_die, [(n,) for n in range(10)],
                       lost=lambda i, error: "lost", meanwhile=meanwhile)
    assert lost[7] == "lost" and ran == [1, 1]


def test_a_warm_up_loads_only_for_workers_to_come():
    loads = []
    with executor(workers=2) as pool:
        pool.warm(lambda: loads.append("forked"))
    Pool(Serial, 1).warm(lambda: loads.append("serial"))  # tasks load what they need here
    assert loads == ["forked"]


def _reviewer(names: tuple[str, ...]) -> tuple[int, bool, list[str]]:
    from review.nlp.tokens import segmenter

    loaded = REVIEWING in sys.modules and segmenter.cache_info().currsize == 1
    _teach(names)  # as review_draft does with the batch's roster
    return os.getppid(), loaded, segmenter().lcut("青石沟村党支部负责整改")


def test_the_review_stage_runs_on_workers_of_a_server_that_loaded_what_reviewing_needs():
    # This process does not load jieba, the word lists and the boilerplate model for the
    # reviewers (a re-run's third): the fork server did, beside the batch's other stages.
    with executor(workers=2, preload=REVIEWING) as pool, pool.preloaded() as reviewers:
        assert reviewers is not pool and not reviewers.forks
        got = run_all(reviewers, _reviewer, [(("青石沟村党支部",),)] * 4)
    assert all(parent != os.getpid() and loaded for parent, loaded, _ in got)
    # and a unit's name stays whole in their hands, as in a worker forked from here
    assert all(words[0] == "青石沟村党支部" for _, _, words in got)
    with executor(workers=1, preload=REVIEWING) as pool, pool.preloaded() as reviewers:
        assert reviewers is pool  # one worker: this process reviews, loading on its first draft


def test_a_fork_server_that_cannot_start_leaves_the_reviews_to_the_pools_own_workers(monkeypatch):
    def cannot(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(forkserver, "ensure_running", cannot)
    with executor(workers=2, preload=REVIEWING) as pool, pool.preloaded() as reviewers:
        assert reviewers is pool and run_all(reviewers, _square, [(3,)]) == [9]


def test_the_batchs_own_process_never_loads_the_model_its_workers_use(serial, tmp_path,
                                                                      monkeypatch):
    def refused(*args):
        raise AssertionError("the batch's own process loaded the boilerplate model")

    monkeypatch.setattr(boilerplate_model, "load_model", refused)
    root = _fresh(tmp_path, "ws")
    run_batch(Workspace.load(root), ROUND, workers=2)
    assert _outcome(root) == serial[1]


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()))


def test_work_beside_a_forking_pool_runs_in_a_process_of_its_own(tmp_path):
    with executor(workers=2) as pool, pool.beside(lambda: _write_pid(tmp_path / "beside")):
        _write_pid(tmp_path / "block")
    assert (tmp_path / "block").read_text() == str(os.getpid())
    assert (tmp_path / "beside").read_text() not in ("", str(os.getpid()))


def test_work_beside_a_serial_pool_or_not_to_fork_runs_here_after_the_block(tmp_path):
    order = []
    with Pool(Serial, 1).beside(lambda: order.append("beside")):
        order.append("block")
    with executor(workers=2) as pool, pool.beside(lambda: order.append("kept here"), fork=False):
        order.append("block")
    assert order == ["block", "beside", "block", "kept here"]


def test_work_beside_that_fails_raises_its_own_error_here():
    def fail():
        raise ValueError("汇总表写不出来")

    with pytest.raises(ValueError, match="汇总表写不出来"), executor(workers=2) as pool, \
            pool.beside(fail):
        pass


def test_work_beside_whose_process_is_killed_is_done_here(tmp_path):
    parent = os.getpid()

    def write_or_die():
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the kernel, out of memory
        _write_pid(tmp_path / "beside")

    with executor(workers=2) as pool, pool.beside(write_or_die):
        pass
    assert (tmp_path / "beside").read_text() == str(parent)


def test_a_shared_argument_sent_to_workers_is_unpickled_once_per_worker():
    table = Table({f"第{i}条": i for i in range(5000)})
    every = Shared(table)
    before = _UNPICKLED[0]
    got = [pickle.loads(pickle.dumps(every)) for _ in range(3)]
    assert _UNPICKLED[0] - before == 1  # this process stands for the worker here
    assert all(g is got[0] and g == table for g in got)


def test_two_local_workers_give_the_serial_results(serial, tmp_path):
    root = _fresh(tmp_path, "ws")
    result = run_batch(Workspace.load(root), ROUND, workers=2)
    assert _outcome(root) == serial[1]
    assert set(result.timings) == {"discover", "read", "copies", "review", "letters", "summary"}
    assert _workbook(root) == _workbook(serial[0])  # written by a process of its own here
    assert gc.get_freeze_count() == 0  # what the batch held for its workers is collectable again
    # The same annotated files, with the same comments, as the serial run wrote.
    for doc in serial[1]:
        if doc["annotated"]:
            assert (root / doc["annotated"]).is_file() and (root / doc["opinion"]).is_file()


def test_a_re_run_on_two_workers_gives_the_serial_re_runs_results(serial, tmp_path):
    # The re-run hands the new draft to the workers and takes the kept reviews back while
    # they review it; the round must come out as the serial re-run's.
    roots = []
    for name, workers in (("serial-rerun", 1), ("parallel-rerun", 2)):
        root = tmp_path / name
        shutil.copytree(serial[0], root)
        inbox = root / "inbox" / ROUND
        copied = (inbox / "柳溪村党支部_主题教育实施方案.txt").read_text(encoding="gb18030")
        (inbox / "桃园村_主题教育实施方案.txt").write_text(copied.replace("柳溪村", "桃园村"),
                                                    encoding="utf-8")
        result = run_batch(Workspace.load(root), ROUND, workers=workers)
        assert "inbox/第1轮/桃园村_主题教育实施方案.txt" in result.reviewed_now
        roots.append(root)
    assert _outcome(roots[1]) == _outcome(roots[0])
    assert _workbook(roots[1]) == _workbook(roots[0])


def test_workers_that_cannot_write_the_cache_hand_their_drafts_back_whole(serial, tmp_path,
                                                                          monkeypatch):
    # The workers leave each draft's analysis and copy report in the workspace's cache and
    # the reviewing worker reads them back; where the cache cannot be written (a full disk,
    # a read-only share) they travel through the main process instead.
    import review.workspace.cache as cache

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "write_atomically", refuse)
    root = _fresh(tmp_path, "ws")
    run_batch(Workspace.load(root), ROUND, workers=2)
    assert _outcome(root) == serial[1]
    assert not list((root / ".review" / "cache").rglob("*.pkl"))


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


@BOTH_POOLS
def test_a_worker_that_dies_is_replaced_and_only_its_call_is_lost(preload):
    finished = []
    with executor(workers=2, preload=preload) as batch, batch.preloaded() as pool:
        got = run_all(pool, _square_or_die, [(n,) for n in range(20)],
                      lambda i, r: finished.append(i), lost=lambda i, error: "lost")
        assert run_all(pool, _square, [(3,)]) == [9]  # the pool works again afterwards
    assert got == [n * n if n != 7 else "lost" for n in range(20)]
    assert sorted(finished) == list(range(20))


def test_a_draft_that_kills_its_worker_is_unreadable_and_the_batch_goes_on(serial, tmp_path,
                                                                           monkeypatch):
    import review.pipeline as pipeline

    real = pipeline.parse

    def parse(path, *args, **kwargs):
        if path.name == "石桥乡_主题教育实施方案.docx":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "parse", parse)  # forked workers inherit it
    root = _fresh(tmp_path, "ws")
    run_batch(Workspace.load(root), ROUND, workers=2)
    docs = {d["path"]: d for d in _outcome(root)}
    dead = docs.pop(f"inbox/{ROUND}/石桥乡_主题教育实施方案.docx")
    assert dead["status"] == "unreadable" and dead["error"] == WORKER_DIED
    # Every other draft is reviewed as before (scores can move: one peer fewer to copy from).
    expected = {d["path"]: d["status"] for d in serial[1]}
    assert {path: doc["status"] for path, doc in docs.items()} == {
        path: status for path, status in expected.items() if path != dead["path"]}
    assert all(doc["annotated"] and (root / doc["annotated"]).is_file()
               for doc in docs.values() if doc["status"] == "reviewed")


def test_loading_without_collection_leaves_collection_as_it_found_it():
    from review.loading import with_collection, without_collection

    assert gc.isenabled()
    with without_collection():
        assert not gc.isenabled()
        with without_collection():
            pass
        assert not gc.isenabled()  # an inner block does not turn it back on
        with with_collection():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_rounds_files_are_written_without_collection_and_the_letters_with_it(tmp_path,
                                                                               monkeypatch):
    # Collecting while 汇总表, results.json and report.html are made walked every review of
    # the round again and again; the letters (python-docx's cycles) and what runs after
    # need collection on.
    import review.write.outputs as outputs
    from review.parallel import Pool, Serial

    seen = {}

    def spy(name):
        real = getattr(outputs, name)

        def call(*args, **kwargs):
            seen[name] = gc.isenabled()
            return real(*args, **kwargs)
        return call

    for name in ("write_summary", "write_results", "write_report"):
        monkeypatch.setattr(outputs, name, spy(name))
    outbox = tmp_path / "outbox" / ROUND
    outbox.mkdir(parents=True)
    outputs.write_batch_files([], campaign="2023-theme-education", round_name=ROUND,
                              outbox=outbox, peers=[], pool=Pool(Serial, 1),
                              first=lambda: seen.setdefault("letters", gc.isenabled()))
    assert seen == {"letters": True, "write_summary": False, "write_results": False,
                    "write_report": False}
    assert gc.isenabled()
    assert (outbox / outputs.RESULTS_NAME).is_file() and (outbox / outputs.SUMMARY_NAME).is_file()
