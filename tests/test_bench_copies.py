"""`review bench copies` runs from the installed package and prints the benchmark's table."""

from __future__ import annotations

from typer.testing import CliRunner

from review.cli import app


def _rows(output: str) -> dict[str, list[str]]:
    """The first table's rows by their first cell (the engine's table comes first)."""
    rows: dict[str, list[str]] = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in rows:
            rows[cells[0]] = cells
    return rows


def test_bench_copies_prints_the_engine_scores():
    result = CliRunner().invoke(app, ["bench", "copies", "--drafts", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    header = rows["cases"]
    verbatim = dict(zip(header, rows["verbatim"], strict=True))
    assert int(verbatim["n"]) > 0
    assert float(verbatim["precision"]) >= 0.95
    assert float(verbatim["recall"]) >= 0.95
    assert "基线" in result.stdout  # the baseline ran after the engine


def test_bench_copies_scale_rejects_a_malformed_size_list():
    result = CliRunner().invoke(app, ["bench", "copies", "--scale", "1000,十万"])
    assert result.exit_code == 2
    assert "--scale" in result.output
