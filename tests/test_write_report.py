"""report.html: figures, links, escaping and self-containment, then the real sample batch,
then the page as headless Chromium shows and prints it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import lxml.html
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from review.categories import CATEGORIES
from review.data import data_path
from review.pipeline import run_batch
from review.workspace.config import Workspace
from review.write.report import (
    REPORT_NAME,
    histogram,
    render_report,
    report_document,
    write_report,
)
from review.write.summary import PeerRow

ROUND = "第1轮"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def finding(category: str, severity: str = "warning") -> dict:
    return {"rule": f"test.{category}", "category": category, "severity": severity,
            "message": "测试意见", "quote": "", "start": 0, "end": 0}


def document(unit: str, *, score: float | None = 80, verdict: str | None = "revise",
             category: str | None = "town", copy: float | None = 0.1, boilerplate: float | None = 0.05,
             findings: tuple[dict, ...] = (), status: str = "reviewed",
             annotated: str | None = "default", rounds: dict | None = None) -> dict:
    if annotated == "default":
        annotated = f"outbox/{ROUND}/{unit}/{unit}实施方案.审阅.docx" if status == "reviewed" else None
    return {
        "path": f"inbox/{ROUND}/{unit}/{unit}实施方案.docx", "unit": unit, "unit_category": category,
        "level": "section_leadership", "doc_type": "implementation_plan", "status": status,
        "error": "文件已损坏，无法打开。请重新报送。" if status == "unreadable" else None,
        "score": score, "verdict": verdict, "dimension_scores": {}, "copy_ratio": copy,
        "boilerplate_ratio": boilerplate, "findings": list(findings), "annotated": annotated,
        **({"rounds": rounds} if rounds else {}),
    }


def results(*docs: dict) -> dict:
    return {"tool": {"name": "review", "version": "0.1.0"}, "campaign": "2023", "round": ROUND,
            "generated_at": "2026-11-23T10:05:00+08:00", "documents": list(docs)}


BATCH = results(
    document("河口镇", score=58, verdict="redo", copy=0.79,
             findings=(finding("copied_peer", "error"), finding("copied_peer"), finding("boilerplate"))),
    document("石桥乡", score=81, verdict="revise", copy=0.69, category=None,
             findings=(finding("copied_peer", "error"),)),
    document("柳溪村", score=57, verdict="redo", category="village", copy=0.3, boilerplate=0.0,
             findings=(finding("placeholder_left", "error"), finding("boilerplate"))),
    document("县委办公室", score=98, verdict="pass", category="agency", copy=0.1),
    document("县教育局", score=100, verdict="pass", category="agency", copy=0.0, boilerplate=1.0),
    document("东风社区", score=None, verdict=None, category="village", copy=None, boilerplate=None,
             status="unreadable"),
)
PEERS = [
    PeerRow("河口镇", "河口镇实施方案.docx", "石桥乡", "石桥乡实施方案.docx", 0.74, 1549, "第1群"),
    PeerRow("柳溪村", "柳溪村实施方案.txt", "石桥乡", "石桥乡实施方案.docx", 0.38, 863, "第1群"),
    # A second pair between the same two units (two drafts each): its own edge.
    PeerRow("河口镇", "河口镇学习计划.docx", "石桥乡", "石桥乡学习计划.docx", 0.12, 270, ""),
]


def render(data: dict = BATCH, peers=PEERS, history=None, outbox: Path = Path("/ws/outbox") / ROUND):
    return render_report(data, peers=peers, history=history, outbox_dir=outbox)


def page(html: str):
    return lxml.html.fromstring(html)


def texts(tree, xpath: str) -> list[str]:
    return [e.text_content().strip() for e in tree.xpath(xpath)]


def chart(tree, title: str):
    (svg,) = tree.xpath(f"//svg[title='{title}']")
    return svg


# ---- figures ------------------------------------------------------------------------------


def test_histogram_bins_hold_lower_edge_and_put_the_top_in_the_last_bin():
    assert histogram([0, 9.99, 10, 55, 90, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    # Ratios scaled to percent land in the bin their printed value names.
    assert histogram([0.3 * 100, 0.29 * 100, 0.7 * 100]) == [0, 0, 1, 1, 0, 0, 0, 1, 0, 0]


def test_verdict_cards_and_header_count_the_documents():
    tree = page(render())
    cards = {e.xpath("./div[1]")[0].text: e.xpath("./div[@class='n']")[0].text
             for e in tree.xpath("//div[@class='cards']/div")}
    assert cards == {"通过": "2", "修改完善": "1", "退回重做": "2", "无法读取": "1"}
    facts = texts(tree, "//ul[@class='facts']/li/b")
    # documents, units, reviewed, unreadable, findings
    assert facts == ["6", "6", "5", "1", "6"]
    assert "必须修改 3 条" in tree.xpath("string(//ul[@class='facts'])")


def test_histograms_show_the_counts_of_the_data():
    tree = page(render())

    def bars(title: str) -> list[str]:
        return texts(chart(tree, title), ".//rect[@class='bar']/title")

    score = bars("得分分布（份数）")
    assert len(score) == 10
    assert score[5] == "50–60：2 份" and score[8] == "80–90：1 份" and score[9] == "90–100：2 份"
    assert sum(int(s.split("：")[1].split()[0]) for s in score) == 5  # the unreadable draft is out
    copy = bars("雷同率分布（份数）")
    assert copy[0] == "0–10%：1 份" and copy[1] == "10–20%：1 份" and copy[3] == "30–40%：1 份"
    assert copy[6] == "60–70%：1 份" and copy[7] == "70–80%：1 份"
    boilerplate = bars("套话率分布（份数）")
    assert boilerplate[0] == "0–10%：4 份" and boilerplate[9] == "90–100%：1 份"


def test_ranking_is_worst_first_with_one_row_per_document():
    tree = page(render())
    rows = tree.xpath("//table[@id='units']/tbody/tr")
    assert [r.xpath("string(td[2])") for r in rows] == [
        "柳溪村", "河口镇", "石桥乡", "县委办公室", "县教育局", "东风社区"]
    first = [c.text_content().strip() for c in rows[1].xpath("td")]
    # 序号 单位 类别 类型 得分 结论 雷同率 套话率 意见数 必须修改 审阅稿
    assert first[:10] == ["2", "河口镇", "镇（街道）", "实施方案", "58", "退回重做", "79%", "5%", "3", "1"]
    last = rows[-1].text_content()
    assert "无法读取" in last and "文件已损坏" in last


def test_change_since_last_round_appears_only_when_a_draft_has_one():
    assert "较上轮" not in render()
    again = results(document("河口镇", rounds={"score_change": 12.5, "identical": False}),
                    document("石桥乡", rounds={"score_change": None, "identical": True}))
    tree = page(render(again, peers=[]))
    assert "较上轮" in texts(tree, "//table[@id='units']/thead//th")
    assert [r.xpath("string(td[7])") for r in tree.xpath("//table[@id='units']/tbody/tr")] == [
        "+12.5", "原稿未改"]


def test_problem_kinds_chart_and_matrix_count_the_findings():
    tree = page(render())
    bars = texts(chart(tree, "问题类型分布"), ".//text[@class='label']")
    assert bars == [CATEGORIES["copied_peer"][0], CATEGORIES["boilerplate"][0],
                    CATEGORIES["placeholder_left"][0]]
    assert texts(chart(tree, "问题类型分布"), ".//text[@class='value']") == [
        "3 条 / 2 份", "2 条 / 2 份", "1 条 / 1 份"]
    heads = texts(tree, "//table[@id='matrix']/thead//th")
    assert heads == ["问题类型", "镇（街道）1 份", "村（社区）2 份", "机关事业单位2 份", "未识别类别1 份",
                     "合计"]
    copied = tree.xpath("//table[@id='matrix']/tbody/tr[1]/td")
    assert [c.text_content() for c in copied] == [CATEGORIES["copied_peer"][0], "2", "", "", "1", "3"]


# ---- links, escaping, self-containment ----------------------------------------------------


def test_links_are_relative_percent_encoded_and_open_the_annotated_file(tmp_path):
    outbox = tmp_path / "工作区" / "outbox" / ROUND
    name = "河口镇 方案#1（修改稿）%.审阅.docx"
    target = outbox / "河口镇" / name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"docx")
    data = results(document("河口镇", annotated=f"outbox/{ROUND}/河口镇/{name}"))
    (link,) = page(render(data, peers=[], outbox=outbox)).xpath("//table[@id='units']//a")
    href = link.get("href")
    assert href.startswith("%E6%B2%B3%E5%8F%A3%E9%95%87/")  # 河口镇/
    assert href.isascii() and " " not in href and "#" not in href
    assert not urlparse(href).scheme and not href.startswith("/")
    assert (outbox / unquote(href)).resolve() == target.resolve()
    assert link.text_content() == name


def test_unit_names_and_file_names_are_escaped_everywhere():
    evil = '<script>alert("x")</script>'
    data = results(document(evil, findings=(finding("copied_peer"),)), document("石桥乡"))
    peers = [PeerRow(evil, f"{evil}.docx", "石桥乡", "a&b.docx", 0.5, 100, "第1群")]
    html = render(data, peers=peers)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html and "a&amp;b.docx" in html
    tree = page(html)
    assert evil in texts(tree, "//table[@id='units']/tbody/tr/td[2]")
    assert evil in texts(tree, "//svg[contains(@class,'network')]//text[@class='node-label']")


def test_nothing_is_fetched_from_anywhere():
    html = render(history=[{"round": "第0轮", "reviewed": 4, "mean_score": 60.0,
                            "pass": 0, "revise": 2, "redo": 2}])
    assert "http://" not in html and "https://" not in html
    tree = page(html)
    assert not tree.xpath("//*[@src] | //link | //script | //iframe | //object | //embed")
    assert "url(" not in html and "@import" not in html
    for href in (a.get("href") for a in tree.xpath("//a")):
        assert not urlparse(href).scheme, href


# ---- network and trend --------------------------------------------------------------------


def test_network_draws_one_edge_per_peer_pair_and_one_node_per_unit():
    svg = chart(page(render()), "单位间雷同关系图")
    edges = svg.xpath(".//path[@class='edge']")
    assert len(edges) == len(PEERS)
    assert sorted(texts(svg, ".//text[@class='node-label']")) == sorted(["河口镇", "柳溪村", "石桥乡"])
    widths = [float(e.get("stroke-width")) for e in edges]
    assert widths == sorted(widths, reverse=True)  # PEERS run from most to least similar
    # The two 河口镇–石桥乡 pairs do not lie on top of each other.
    assert edges[0].get("d") != edges[2].get("d")
    clustered = {c.get("fill") for c in svg.xpath(".//circle")}
    assert len(clustered) == 1  # all three units are in 第1群


def test_a_large_batch_keeps_the_graph_readable_and_points_to_the_summary_for_all_pairs():
    units = [f"第{i}村" for i in range(12)]
    peers = [PeerRow(a, f"{a}.docx", b, f"{b}.docx", 0.2, 100, "")
             for i, a in enumerate(units) for b in units[i + 1:]]
    tree = page(render(results(*(document(u) for u in units)), peers=peers))
    svg = chart(tree, "单位间雷同关系图")
    assert len(svg.xpath(".//path[@class='edge']")) == len(peers) == 66
    assert not svg.xpath(".//text[@class='edge-label']")  # 66 labels would cover the graph
    assert len(tree.xpath("//table[@id='pairs']/tbody/tr")) == 30
    assert "完整列表见汇总表.xlsx" in tree.xpath("string(//table[@id='pairs']/caption)")


def test_no_peers_says_so_instead_of_an_empty_graph():
    html = render(peers=[])
    assert "单位间雷同关系图" not in html
    assert "未发现成段相同的文字" in html


def test_trend_needs_two_rounds_and_recomputes_this_round_from_the_data():
    assert "目前只有第1轮一轮的审阅结果" in render(history=None)
    stale = {"round": ROUND, "reviewed": 99, "mean_score": 1.0, "pass": 0, "revise": 0, "redo": 99}
    earlier = {"round": "第0轮", "reviewed": 4, "mean_score": 60.0, "pass": 0, "revise": 2, "redo": 2}
    assert "目前只有" in render(history=[stale])
    tree = page(render(history=[earlier, stale]))
    rows = [[c.text_content() for c in r.xpath("td")] for r in tree.xpath("//table[@id='rounds']/tbody/tr")]
    # mean of 58, 81, 57, 98, 100 = 78.8
    assert rows == [["第0轮", "4", "60", "0", "2", "2"], ["第1轮", "5", "78.8", "2", "1", "2"]]
    score = chart(tree, "各轮平均得分")
    assert texts(score, ".//text[@class='value']") == ["60", "78.8"]
    verdicts = chart(tree, "各轮审阅结论（份数）")
    assert len(verdicts.xpath(".//polyline")) == 3


def test_write_report_writes_utf8_html(tmp_path):
    path = tmp_path / "outbox" / ROUND / REPORT_NAME
    write_report(path, BATCH, peers=PEERS)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert [p.name for p in path.parent.iterdir()] == [REPORT_NAME]  # no temporary file left


# ---- the sample batch ---------------------------------------------------------------------


def peers_from_summary(path: Path) -> list[PeerRow]:
    sheet = load_workbook(path, read_only=True)["雷同分析"]
    return [PeerRow(a, fa, b, fb, sim, chars, cluster or "")
            for a, fa, b, fb, sim, chars, cluster in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> tuple[Path, dict, list[PeerRow], Path]:
    root = tmp_path_factory.mktemp("report") / "示例 工作区"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    batch = run_batch(Workspace.load(root), ROUND)
    data = json.loads(batch.results_path.read_text(encoding="utf-8"))
    peers = peers_from_summary(batch.summary_path)
    history = [{"round": "第0轮", "reviewed": 9, "mean_score": 61.5, "pass": 1, "revise": 3, "redo": 5}]
    path = batch.outbox / REPORT_NAME
    write_report(path, data, peers=peers, history=history)
    return root, data, peers, path


def test_sample_report_lists_every_draft_and_links_its_annotated_file(sample_report):
    root, data, _, path = sample_report
    tree = page(path.read_text(encoding="utf-8"))
    assert len(tree.xpath("//table[@id='units']/tbody/tr")) == len(data["documents"])
    hrefs = [a.get("href") for a in tree.xpath("//table[@id='units']//a")]
    annotated = sorted(root / d["annotated"] for d in data["documents"] if d["annotated"])
    assert sorted((path.parent / unquote(h)).resolve() for h in hrefs) == [p.resolve() for p in annotated]
    assert all(p.is_file() for p in annotated)


def test_the_report_is_drawn_alike_without_the_findings_text(sample_report):
    # The batch keeps only `report_document`s for the report, not the whole round.
    _, data, peers, path = sample_report
    slim = {**data, "documents": [report_document(d) for d in data["documents"]]}
    assert sum(len(d["findings"]) for d in slim["documents"]) > 20
    assert all(set(f) == {"severity", "category"} for d in slim["documents"] for f in d["findings"])
    assert (render_report(slim, peers=peers, history=None, outbox_dir=path.parent)
            == render_report(data, peers=peers, history=None, outbox_dir=path.parent))


def test_sample_report_draws_the_planted_copies(sample_report):
    _, _, peers, path = sample_report
    svg = chart(page(path.read_text(encoding="utf-8")), "单位间雷同关系图")
    assert len(svg.xpath(".//path[@class='edge']")) == len(peers)
    planted = {"河口镇", "石桥乡", "柳溪村"}
    assert planted <= set(texts(svg, ".//text[@class='node-label']"))
    assert any({p.unit_a, p.unit_b} <= planted and p.cluster for p in peers)


# ---- in the browser -----------------------------------------------------------------------


def test_report_renders_offline_in_headless_chromium(sample_report):
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright not installed (pip install playwright)")
    root, data, _, path = sample_report
    ARTIFACTS.mkdir(exist_ok=True)
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(path.as_uri(), wait_until="load")
            boxes = [svg.bounding_box() for svg in tab.locator("svg.chart").all()]
            rows = tab.locator("#units tbody tr").count()
            links = tab.locator("#units a").evaluate_all("links => links.map(a => a.href)")
            tab.screenshot(path=ARTIFACTS / "report.png", full_page=True)
            tab.emulate_media(media="print")
            tab.pdf(path=ARTIFACTS / "report.pdf", format="A4", print_background=True)
        finally:
            browser.close()
    print(f"screenshot: {ARTIFACTS / 'report.png'}")
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests
    # 3 histograms, the copy network, the problem bars, 2 trend lines
    assert len(boxes) == 7
    assert all(b and b["width"] > 50 and b["height"] > 50 for b in boxes), boxes
    assert rows == len(data["documents"])
    opened = sorted(Path(url2pathname(urlparse(u).path)).resolve() for u in links)
    assert opened == sorted((root / d["annotated"]).resolve() for d in data["documents"] if d["annotated"])
    assert all(p.is_file() for p in opened)
    # Each part after the overview starts on a new page when printed.
    assert len(PdfReader(ARTIFACTS / "report.pdf").pages) >= 5
