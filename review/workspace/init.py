"""`review init`: a new, empty workspace laid out as DESIGN.md fixes."""

from __future__ import annotations

from pathlib import Path

from review.errors import ConfigError
from review.workspace.config import limits_template
from review.workspace.roster import HEADER

_TOML = """\
# 审阅工作区配置（TOML 格式，字符串要加英文双引号）
# campaign：主题教育批次。2023 = 学习贯彻习近平新时代中国特色社会主义思想主题教育；
#           2019 = “不忘初心、牢记使命”主题教育；2014 = 党的群众路线教育实践活动
campaign = "{campaign}"
# reviewer：批注和审阅意见的署名
reviewer = "{reviewer}"
# round：要审阅的轮次文件夹；不写则审阅 inbox 下最新的一轮
# round = "第1轮"
# period：本地主题教育的起止日期；不写则用该批次的默认时间（2023 年第二批为 2023-09-01 至 2024-01-31）
# period = ["2023-09-01", "2024-01-31"]
# deadline：本轮修改稿的报送截止日期，写入各单位的审阅意见书；不写则只要求在下一轮审阅前报送
# deadline = "2026-12-01"

[thresholds]
# 总分达到 pass_score 且没有“必须修改”的意见为“通过”；低于 redo_score 为“退回重做”
pass_score = 85
redo_score = 60

[rules]
# 停用的规则编号（review rules list 可查看全部编号）
disable = []
# 调整规则分值，例如 "rectify.owner" = 8
[rules.weights]

# 调整规则的检查阈值（review rules explain 规则编号 可查看可调的参数），例如：
# [rules.thresholds."selfexam.count.problems"]
# min = 20
"""

FOLDERS = ("inbox/第1轮", "outbox", "corpus/templates", "corpus/prior", "corpus/fanwen", "rules")


def create_workspace(root: Path, *, campaign: str, reviewer: str) -> None:
    if (root / "review.toml").exists():
        raise ConfigError(f"{root} 已经是一个工作区（已有 review.toml），未做任何改动。")
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    escaped = reviewer.replace("\\", "\\\\").replace('"', '\\"')
    (root / "review.toml").write_text(
        _TOML.format(campaign=campaign, reviewer=escaped) + "\n" + limits_template(),
        encoding="utf-8")
    if not (root / "units.csv").exists():
        # The BOM lets Excel on Chinese Windows open the roster without garbling it.
        (root / "units.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8-sig")
