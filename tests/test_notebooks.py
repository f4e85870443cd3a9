"""The notebooks run from top to bottom and reach the figures they report.

Executed with nbclient in a fresh kernel. There is deliberately no skip: a kernel that
cannot start (ipykernel missing, no kernelspec) fails the test, since the notebooks are
part of what the project ships."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _run(name: str, workdir: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return notebook


def _result(notebook: nbformat.NotebookNode) -> dict:
    """The JSON the cell tagged `result` prints."""
    cell = next(c for c in notebook.cells if "result" in c.metadata.get("tags", []))
    text = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(text)


def test_boilerplate_notebook(tmp_path):
    started = time.perf_counter()
    result = _result(_run("boilerplate.ipynb", tmp_path))
    print(f"boilerplate.ipynb: {time.perf_counter() - started:.1f} s, {result}")
    assert result["heldout_f1"] >= 0.92
    assert 0.1 <= result["threshold"] <= 0.9
    assert not list(tmp_path.iterdir())  # the notebook only reads


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_batch_overview_is_stored_without_outputs():
    # Its outputs would be one temporary workspace's figures and paths, not the reader's.
    notebook = nbformat.read(NOTEBOOKS / "batch_overview.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_batch_overview_notebook(tmp_path, monkeypatch):
    """With no workspace given, the notebook reviews the sample over two rounds in a
    temporary folder and reports round 2; every figure must match results.json."""
    cwd, temp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # the kernel inherits it: the sample lands here
    repo = NOTEBOOKS.parent
    before = {d: _files(repo / d) for d in ("notebooks", "corpus/sample_workspace")}
    started = time.perf_counter()
    result = _result(_run("batch_overview.ipynb", cwd))
    print(f"batch_overview.ipynb: {time.perf_counter() - started:.1f} s")
    assert {d: _files(repo / d) for d in before} == before  # nothing written into the repo
    assert not list(cwd.iterdir())

    root = Path(result["workspace"])
    assert temp in root.parents
    outbox = root / "outbox"
    data = {r: json.loads((outbox / r / "results.json").read_text(encoding="utf-8"))
            for r in ("第1轮", "第2轮")}
    assert result["round"] == "第2轮"
    docs = data["第2轮"]["documents"]
    reviewed = [d for d in docs if d["status"] == "reviewed"]
    assert result["drafts"] == len(docs) == 3
    assert result["unreadable"] == len(docs) - len(reviewed)
    verdicts = Counter(d["verdict"] for d in reviewed)
    assert result["verdicts"] == {v: verdicts[v] for v in ("pass", "revise", "redo")}
    assert result["mean_score"] == pytest.approx(statistics.mean(d["score"] for d in reviewed))
    kinds = Counter(f["category"] for d in docs for f in d["findings"])
    assert result["findings"] == sum(kinds.values())
    assert (result["top_problem_kind"], result["top_problem_count"]) == min(
        kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    rank = {"redo": 0, "revise": 1, "pass": 2}
    worst = min(docs, key=lambda d: (rank.get(d["verdict"], 3), d["score"] is None,
                                     d["score"] or 0, d["unit"], Path(d["path"]).name))
    assert result["worst_unit"] == worst["unit"]
    # The trend comes from the history database; each round must agree with its results.json.
    expected = []
    for name, round_data in data.items():
        scores = [d["score"] for d in round_data["documents"] if d["status"] == "reviewed"]
        expected.append({"round": name, "reviewed": len(scores),
                         "mean_score": pytest.approx(statistics.mean(scores))})
    assert result["trend"] == expected
