"""Analysis against parsing on a 10-page draft.

Run: python -m pytest benchmarks --benchmark-only
Not part of the test suite (figures, not pass/fail); results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import copy
import io
import shutil

import docx
import pytest
from pdf_factory import convert_to_pdf

from review.data import data_path
from review.ingest.parse import parse
from review.nlp.analysis import analyze
from review.nlp.tokens import nlp, tokenize

SOURCE = data_path("corpus", "sample_workspace", "inbox", "第1轮", "县委办公室",
                   "中共清河县委办公室主题教育实施方案.docx")
TABLE = data_path("corpus", "sample_workspace", "inbox", "第1轮", "县人民医院",
                  "县人民医院领导班子主题教育检视问题清单.docx")


def _ten_pages(tmp_path):
    """A ~10-page draft: the sample plan's body four times and the problem table twice."""
    out = docx.Document(str(SOURCE))
    body = out.element.body
    plan = docx.Document(str(SOURCE)).element.body
    table = docx.Document(str(TABLE)).element.body
    for source in (plan, plan, plan, table, table):
        for child in list(source):
            if not child.tag.endswith("sectPr"):
                body.insert(len(body) - 1, copy.deepcopy(child))
    path = tmp_path / "十页草稿.docx"
    buf = io.BytesIO()
    out.save(buf)
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    path = _ten_pages(tmp_path_factory.mktemp("bench"))
    document = parse(path).document
    # GB/T 9704 layout holds about 22 lines × 28 characters, ~620 characters a page.
    assert len(document.text) > 6200, len(document.text)
    return path, document


def test_parse_docx(benchmark, draft):
    path, _ = draft
    benchmark(parse, path)


def test_analyze(benchmark, draft):
    _, document = draft
    benchmark(analyze, document)


def test_tokens(benchmark, draft):
    _, document = draft
    nlp()  # built once per process; not part of each draft's cost
    benchmark(tokenize, analyze(document).text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装")
def test_parse_pdf(benchmark, draft, tmp_path):
    pdf = convert_to_pdf(draft[0], tmp_path)
    document = benchmark(parse, pdf).document
    assert document.pages >= 10
