"""The notebooks run from top to bottom and reach the figures they report.

Executed with nbclient in a fresh kernel. There is deliberately no skip: a kernel that
cannot start (ipykernel missing, no kernelspec) fails the test, since the notebooks are
part of what the project ships."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
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
