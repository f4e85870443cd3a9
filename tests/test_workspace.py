"""Workspace setup, roster reading and draft discovery."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from review.errors import ConfigError
from review.workspace.config import Workspace, read_settings
from review.workspace.discover import discover
from review.workspace.init import create_workspace
from review.workspace.roster import read_roster

ROSTER = (
    "单位名称,别名,类别,层级\n河口镇,河口镇党委;中共河口镇委员会,town,section_leadership\n"
    "县委办公室,中共清河县委办公室,机关事业单位,科级领导班子\n柳溪村,,village,branch\n"
)


def test_init_creates_the_layout(tmp_path):
    root = tmp_path / "ws"
    create_workspace(root, campaign="2019", reviewer="市委第一指导组")
    for folder in (
        "inbox/第1轮",
        "outbox",
        "corpus/templates",
        "corpus/prior",
        "corpus/fanwen",
        "rules",
    ):
        assert (root / folder).is_dir()
    settings = read_settings(root / "review.toml")
    assert settings.campaign == "2019" and settings.reviewer == "市委第一指导组"
    assert (root / "units.csv").read_text(encoding="utf-8-sig").strip() == "单位名称,别名,类别,层级"
    with pytest.raises(ConfigError, match="已经是一个工作区"):
        create_workspace(root, campaign="2023", reviewer="x")


def test_init_lists_the_limits_at_their_defaults_ready_to_uncomment(tmp_path):
    from review.ingest.limits import LIMITS

    root = tmp_path / "ws"
    create_workspace(root, campaign="2023", reviewer="组")
    toml = root / "review.toml"
    text = toml.read_text(encoding="utf-8")
    assert "# max_file_mb = 100  # 单份材料的文件大小上限，单位 MB" in text
    assert read_settings(toml).limits == LIMITS
    # uncommented as the template says, the limits load and are the defaults
    toml.write_text(text.replace("# [limits]\n", "[limits]\n").replace("\n# max_", "\nmax_"),
                    encoding="utf-8")
    assert "\n[limits]\nmax_file_mb = 100" in toml.read_text(encoding="utf-8")
    assert read_settings(toml).limits == LIMITS
    toml.write_text(toml.read_text(encoding="utf-8").replace("max_pdf_pages = 300", "max_pdf_pages = 500"),
                    encoding="utf-8")
    assert read_settings(toml).limits.max_pdf_pages == 500


def test_roster_reads_gbk_and_chinese_labels(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(ROSTER.encode("gb18030"))
    units = read_roster(path)
    assert [u.name for u in units] == ["河口镇", "县委办公室", "柳溪村"]
    assert units[0].aliases == ["河口镇党委", "中共河口镇委员会"]
    assert (units[1].category, units[1].level) == ("agency", "section_leadership")


def test_roster_with_bad_category_names_the_line(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("单位名称,别名,类别,层级\n河口镇,,城市,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="第 2 行"):
        read_roster(path)


def test_settings_reject_unknown_keys_and_campaigns(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\nreviwer = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="reviwer"):
        read_settings(path)
    path.write_text('campaign = "2020"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="2020"):
        read_settings(path)


def test_discovery_matches_units_and_skips_lock_files(tmp_path):
    create_workspace(tmp_path, campaign="2023", reviewer="组")
    (tmp_path / "units.csv").write_text(ROSTER, encoding="utf-8")
    rnd = tmp_path / "inbox" / "第1轮"
    (rnd / "中共河口镇委员会").mkdir()
    for rel in [
        "中共河口镇委员会/实施方案.docx",
        "县委办公室_学习计划.docx",
        "柳溪村-问题清单.pdf",
        "石桥乡_实施方案.docx",
        "~$实施方案.docx",
        ".~lock.方案.docx#",
        "~WRL0001.tmp",
        ".hidden.docx",
        "县委办公室调研方案.docx",
    ]:
        (rnd / rel).write_bytes(b"x")
    ws = Workspace.load(tmp_path)
    found = {f.rel_path.split("/", 2)[2]: f for f in discover(ws.root, rnd, ws.units)}
    assert set(found) == {
        "中共河口镇委员会/实施方案.docx",
        "县委办公室_学习计划.docx",
        "柳溪村-问题清单.pdf",
        "石桥乡_实施方案.docx",
        "县委办公室调研方案.docx",
    }
    assert found["中共河口镇委员会/实施方案.docx"].unit_name == "河口镇"
    assert found["柳溪村-问题清单.pdf"].unit.category == "village"
    assert found["石桥乡_实施方案.docx"].unit is None
    assert found["石桥乡_实施方案.docx"].unit_name == "石桥乡"
    assert found["县委办公室调研方案.docx"].unit_name == "县委办公室"


def test_newest_round_is_picked_numerically(tmp_path):
    create_workspace(tmp_path, campaign="2023", reviewer="组")
    for name in ("第2轮", "第10轮"):
        (tmp_path / "inbox" / name).mkdir()
    ws = Workspace.load(tmp_path)
    assert ws.pick_round(None) == "第10轮"
    with pytest.raises(ConfigError, match="第3轮"):
        ws.pick_round("第3轮")


def test_period_override_is_read_and_checked(tmp_path):
    from datetime import date

    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\nperiod = ["2023-10-01", 2024-02-29]\n', encoding="utf-8")
    assert read_settings(path).period == (date(2023, 10, 1), date(2024, 2, 29))
    path.write_text('campaign = "2023"\nperiod = ["2024-02-29", "2023-10-01"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="结束日期"):
        read_settings(path)


def test_deadline_is_read_as_a_date_and_checked(tmp_path):
    from datetime import date

    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\n', encoding="utf-8")
    assert read_settings(path).deadline is None
    for written in ('"2026-12-01"', "2026-12-01"):  # quoted, or a TOML date
        path.write_text(f'campaign = "2023"\ndeadline = {written}\n', encoding="utf-8")
        assert read_settings(path).deadline == date(2026, 12, 1)
    for wrong in ('"2026年12月1日"', '"2026-02-30"', "2026-12-01T10:00:00", "20261201"):
        path.write_text(f'campaign = "2023"\ndeadline = {wrong}\n', encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            read_settings(path)
        assert str(path) in str(caught.value) and 'deadline = "2026-12-01"' in str(caught.value)


def test_init_template_shows_the_deadline_setting(tmp_path):
    create_workspace(tmp_path / "ws", campaign="2023", reviewer="县委第三指导组")
    toml = tmp_path / "ws" / "review.toml"
    assert '# deadline = "2026-12-01"' in toml.read_text(encoding="utf-8")
    assert read_settings(toml).deadline is None
    # uncommenting the example gives a working setting
    toml.write_text(toml.read_text(encoding="utf-8").replace('# deadline =', "deadline ="),
                    encoding="utf-8")
    assert str(read_settings(toml).deadline) == "2026-12-01"


def test_rule_thresholds_are_read_per_rule(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\n[rules.thresholds."plan.schedule.rushed"]\nmin_days = 30\n',
                    encoding="utf-8")
    assert read_settings(path).rule_thresholds == {"plan.schedule.rushed": {"min_days": 30}}
    path.write_text('campaign = "2023"\n[rules.thresholds]\nmin_days = 30\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="按规则编号分表"):
        read_settings(path)


def test_rounds_in_chinese_numerals_sort_by_number():
    from review.workspace.config import _round_number

    names = ["第十二轮", "第二轮", "第十轮", "第一轮", "第二十一轮"]
    assert sorted(names, key=_round_number) == ["第一轮", "第二轮", "第十轮", "第十二轮", "第二十一轮"]


def test_limits_are_read_in_their_units_and_default_to_the_ingest_figures(tmp_path):
    from review.ingest.limits import LIMITS, MB

    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\n', encoding="utf-8")
    assert read_settings(path).limits == LIMITS
    path.write_text(
        'campaign = "2023"\n[limits]\nmax_file_mb = 20\nmax_pdf_pages = 50\nmax_unzipped_mb = 64\n'
        "max_compression_ratio = 300\nmax_docx_parts = 800\nparse_timeout_seconds = 2.5\n"
        "parse_memory_mb = 512\n", encoding="utf-8")
    limits = read_settings(path).limits
    assert (limits.max_file_bytes, limits.max_pdf_pages, limits.max_unzipped_bytes) == (
        20 * MB, 50, 64 * MB)
    assert (limits.max_compression_ratio, limits.max_zip_entries) == (300, 800)
    assert (limits.max_parse_seconds, limits.max_parse_memory_bytes) == (2.5, 512 * MB)
    # what is not set keeps its default
    assert limits.ratio_checked_from_bytes == LIMITS.ratio_checked_from_bytes
    path.write_text('campaign = "2023"\n[limits]\nmax_pdf_pages = 400\n', encoding="utf-8")
    assert read_settings(path).limits.max_file_bytes == LIMITS.max_file_bytes


@pytest.mark.parametrize(("line", "words"), [
    ("max_file_mb = 0", ["max_file_mb = 0", "1 到 1024 之间的整数", "默认值 100"]),
    ("max_file_mb = 5000", ["max_file_mb = 5000", "1 到 1024"]),
    ("max_pdf_pages = 12.5", ["max_pdf_pages = 12.5", "整数", "默认值 300"]),
    ('max_unzipped_mb = "200"', ['max_unzipped_mb = "200"', "1 到 4096"]),
    ("max_compression_ratio = 5000", ["5000", "10 到 1000", "默认值 500"]),
    ("max_docx_parts = true", ["max_docx_parts = true", "50 到 100000"]),
    ("parse_timeout_seconds = 0.2", ["parse_timeout_seconds = 0.2", "1 到 3600 之间的数", "默认值 120"]),
    ("parse_memory_mb = 64", ["parse_memory_mb = 64", "256 到 65536", "默认值 2048"]),
])
def test_an_invalid_limit_names_the_key_the_value_and_the_range(tmp_path, line, words):
    path = tmp_path / "review.toml"
    path.write_text(f'campaign = "2023"\n[limits]\n{line}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    message = str(caught.value)
    assert "[limits]" in message and "请改正" in message
    for word in words:
        assert word in message, message


def test_unknown_limit_keys_and_a_limits_value_that_is_no_table_are_errors(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text('campaign = "2023"\n[limits]\nmax_file_size = 20\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[limits\] 中有无法识别的设置项：max_file_size。可用的"):
        read_settings(path)
    path.write_text('campaign = "2023"\nlimits = 20\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[limits\] 应写成一个表"):
        read_settings(path)


def _round_with(tmp_path, files: dict[str, bytes]):
    create_workspace(tmp_path / "ws", campaign="2023", reviewer="组")
    ws = Workspace.load(tmp_path / "ws")
    rnd = ws.inbox / "第1轮"
    for rel, data in files.items():
        (rnd / rel).parent.mkdir(parents=True, exist_ok=True)
        (rnd / rel).write_bytes(data)
    return ws, rnd


def _found(ws, rnd):
    return {f.rel_path.removeprefix("inbox/第1轮/"): f for f in discover(ws.root, rnd, ws.units)}


def test_hidden_files_and_everything_in_hidden_folders_get_no_row(tmp_path):
    ws, rnd = _round_with(tmp_path, {
        ".方案.docx": b"x", "._河口镇_方案.docx": b"x", ".git/objects/方案.docx": b"x",
        "河口镇/.sync/方案.docx": b"x", "河口镇/方案.docx": b"x"})
    assert set(_found(ws, rnd)) == {"河口镇/方案.docx"}


def test_links_inside_the_inbox_are_read_and_links_out_of_it_are_refused_unopened(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("本机的机密文件", encoding="utf-8")
    ws, rnd = _round_with(tmp_path, {"河口镇/方案.docx": b"draft", "县委办公室/计划.txt": b"plan"})
    earlier = ws.inbox / "第0轮" / "石桥乡_方案.docx"
    earlier.parent.mkdir()
    earlier.write_bytes(b"earlier round")
    (rnd / "柳溪村_方案.docx").symlink_to(rnd / "河口镇" / "方案.docx")
    (rnd / "石桥乡_方案.docx").symlink_to(Path("..") / "第0轮" / "石桥乡_方案.docx")
    (rnd / "城关街道_方案.txt").symlink_to(secret)
    (rnd / "东风社区_方案.txt").symlink_to(Path("..") / ".." / ".." / "secret.txt")
    (rnd / "县一中_方案.docx").symlink_to(rnd / "不存在.docx")
    (rnd / "循环_方案.docx").symlink_to(rnd / "循环_方案.docx")
    (rnd / "星火科技").symlink_to(tmp_path)  # a folder link: never walked into
    (rnd / "县委办公室" / "附件.txt").symlink_to("/dev/zero")
    found = _found(ws, rnd)
    assert set(found) == {"河口镇/方案.docx", "县委办公室/计划.txt", "柳溪村_方案.docx", "石桥乡_方案.docx",
                          "城关街道_方案.txt", "东风社区_方案.txt", "县一中_方案.docx", "循环_方案.docx",
                          "星火科技", "县委办公室/附件.txt"}
    assert found["柳溪村_方案.docx"].refused is None
    assert found["柳溪村_方案.docx"].sha256 == hashlib.sha256(b"draft").hexdigest()
    assert found["柳溪村_方案.docx"].unit_name == "柳溪村"
    assert found["石桥乡_方案.docx"].refused is None  # another round of the same inbox
    for name in ("城关街道_方案.txt", "东风社区_方案.txt"):
        assert "收件箱以外" in found[name].refused and str(secret.resolve()) in found[name].refused
        assert found[name].sha256 != hashlib.sha256(secret.read_bytes()).hexdigest()
    assert "不存在" in found["县一中_方案.docx"].refused
    assert "无法解析" in found["循环_方案.docx"].refused
    assert "收件箱以外" in found["星火科技"].refused
    assert "收件箱以外" in found["县委办公室/附件.txt"].refused
    for f in found.values():
        if f.refused:
            assert "请把" in f.refused and "重新审阅" in f.refused
    # the same links give the same rows on the next run (re-runs keep them)
    assert {k: f.sha256 for k, f in _found(ws, rnd).items()} == {k: f.sha256 for k, f in found.items()}


def test_a_folder_link_inside_the_round_is_not_walked_twice(tmp_path):
    ws, rnd = _round_with(tmp_path, {"河口镇/方案.docx": b"draft"})
    (rnd / "河口镇党委").symlink_to(rnd / "河口镇")
    (rnd / "河口镇" / "自己").symlink_to(rnd)  # a loop, if it were followed
    found = _found(ws, rnd)
    assert found["河口镇/方案.docx"].refused is None
    assert "指向文件夹的链接" in found["河口镇党委"].refused
    assert "指向文件夹的链接" in found["河口镇/自己"].refused
    assert len(found) == 3


def test_a_round_folder_that_is_itself_a_link_is_read(tmp_path):
    share = tmp_path / "share" / "第1轮"
    (share / "河口镇").mkdir(parents=True)
    (share / "河口镇" / "方案.docx").write_bytes(b"draft")
    (share / "柳溪村_方案.docx").symlink_to(share / "河口镇" / "方案.docx")
    create_workspace(tmp_path / "ws", campaign="2023", reviewer="组")
    ws = Workspace.load(tmp_path / "ws")
    (ws.inbox / "第1轮").rmdir()
    (ws.inbox / "第1轮").symlink_to(share)
    found = _found(ws, ws.inbox / "第1轮")
    assert set(found) == {"河口镇/方案.docx", "柳溪村_方案.docx"}
    assert all(f.refused is None for f in found.values())
