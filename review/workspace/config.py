"""The reviewer's workspace: review.toml, the roster, and the folders DESIGN.md fixes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from review.categories import CAMPAIGNS
from review.errors import ConfigError
from review.ingest.limits import LIMITS, MB, Limits
from review.model import Unit
from review.nlp.dates import cn_number
from review.workspace.roster import read_roster

_SETTINGS_KEYS = {"campaign", "reviewer", "round", "period", "deadline", "thresholds", "rules",
                  "limits"}
_THRESHOLD_KEYS = {"pass_score", "redo_score"}
_RULES_KEYS = {"disable", "weights", "thresholds"}


@dataclass(frozen=True)
class _LimitKey:
    field: str  # the Limits field it sets
    unit: int  # Limits counts bytes where reviewers think in MB
    low: float
    high: float
    what: str
    whole: bool = True  # whole numbers only (seconds may be fractional)


# The ranges keep a typo from disabling a protection (max_file_mb = 100000) or from refusing
# every ordinary draft (max_docx_parts = 5); the defaults are Limits' own.
_LIMIT_KEYS = {
    # The file is read into memory whole.
    "max_file_mb": _LimitKey("max_file_bytes", MB, 1, 1024, "单份材料的文件大小上限，单位 MB"),
    "max_pdf_pages": _LimitKey("max_pdf_pages", 1, 1, 10000, "PDF 页数上限"),
    "max_unzipped_mb": _LimitKey("max_unzipped_bytes", MB, 1, 4096,
                                 "Word 文件解压后的大小上限，单位 MB"),
    # Deflate cannot pass ~1030:1, so a higher figure would switch the check off unnoticed;
    # real Word XML reaches ~200:1, so a much lower one refuses honest tables.
    "max_compression_ratio": _LimitKey("max_compression_ratio", 1, 10, 1000,
                                       "Word 文件中单个部件的压缩比上限"),
    # An ordinary .docx has a dozen parts and more with every picture.
    "max_docx_parts": _LimitKey("max_zip_entries", 1, 50, 100000, "Word 文件内部件个数上限"),
    "parse_timeout_seconds": _LimitKey("max_parse_seconds", 1, 1, 3600,
                                       "读取单份材料的时间上限，单位秒", whole=False),
    # Below a few hundred MB, python-docx cannot hold a long draft with pictures.
    "parse_memory_mb": _LimitKey("max_parse_memory_bytes", MB, 256, 65536,
                                 "读取单份材料可使用的内存上限，单位 MB"),
}


@dataclass
class Settings:
    campaign: str
    reviewer: str
    round: str | None = None
    pass_score: float = 85.0
    redo_score: float = 60.0
    disabled_rules: list[str] = field(default_factory=list)
    rule_weights: dict[str, float] = field(default_factory=dict)
    # rule id -> check fields to change, e.g. {"selfexam.count.problems": {"min": 20}}
    rule_thresholds: dict[str, dict] = field(default_factory=dict)
    period: tuple[date, date] | None = None  # this locality's campaign dates, if not the default
    deadline: date | None = None  # when revised drafts are due; printed in the 审阅意见书
    limits: Limits = LIMITS  # [limits]: how large or slow a draft may be before it is refused


def _period(value) -> tuple[date, date] | None:
    if value is None:
        return None
    try:
        start, end = (v if isinstance(v, date) else date.fromisoformat(str(v)) for v in value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            'review.toml 中 period 应写成 period = ["2023-09-01", "2024-01-31"]（起止日期）。'
        ) from exc
    if end <= start:
        raise ConfigError("review.toml 中 period 的结束日期应晚于开始日期。")
    return start, end


def _deadline(value, path: Path) -> date | None:
    if value is None:
        return None
    # TOML reads an unquoted 2026-12-01 as a date already; a datetime would carry a time the
    # letter cannot print, so only a plain date or a "YYYY-MM-DD" string is accepted.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(
        f"{path} 中 deadline 的值“{value}”不是有效的日期。请写成 deadline = \"2026-12-01\""
        "（年-月-日，修改稿报送截止日期），或删去这一行。"
    )


def _unknown(keys, allowed: set[str], where: str) -> None:
    extra = sorted(set(keys) - allowed)
    if extra:
        raise ConfigError(
            f"review.toml 的{where}中有无法识别的设置项：{'、'.join(extra)}。"
            f"可用的设置项为：{'、'.join(sorted(allowed))}。"
        )


def _thresholds(value) -> dict[str, dict]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(
            'review.toml 中 [rules.thresholds] 应按规则编号分表，例如：\n'
            '[rules.thresholds."selfexam.count.problems"]\nmin = 20'
        )
    return {str(k): dict(v) for k, v in value.items()}


def _toml_value(value) -> str:
    """A value as it was written in review.toml, for quoting it back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def limits_template() -> str:
    """review.toml's [limits] with every key at its default, commented out, for `review
    init`: the reviewer sees what can be set without the template repeating the figures."""
    lines = ["# [limits]：单份材料的大小和读取时间上限，超出的材料不读取，在汇总表中列出原因。",
             "# 一般无需修改；要修改时去掉下面几行开头的 #。", "# [limits]"]
    for key, spec in _LIMIT_KEYS.items():
        default = getattr(LIMITS, spec.field) / spec.unit
        lines.append(f"# {key} = {default:g}  # {spec.what}")
    return "\n".join(lines) + "\n"


def _limits(value) -> Limits:
    if not isinstance(value, dict):
        raise ConfigError(
            "review.toml 中 [limits] 应写成一个表，例如：\n[limits]\nmax_file_mb = 100\n"
            "max_pdf_pages = 300"
        )
    _unknown(value, set(_LIMIT_KEYS), " [limits] ")
    changes = {}
    for key, raw in value.items():
        spec = _LIMIT_KEYS[key]
        default = getattr(LIMITS, spec.field) / spec.unit
        number = raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None
        if number is not None and spec.whole and number != int(number):
            number = None
        if number is None or not spec.low <= number <= spec.high:
            kind = "整数" if spec.whole else "数"
            raise ConfigError(
                f"review.toml 中 [limits] 的 {key} = {_toml_value(raw)} 无效：{spec.what}，"
                f"应为 {spec.low:g} 到 {spec.high:g} 之间的{kind}。"
                f"请改正，或删去这一行以使用默认值 {default:g}。"
            )
        scaled = number * spec.unit
        changes[spec.field] = scaled if not spec.whole else int(scaled)
    return replace(LIMITS, **changes)


def read_settings(path: Path) -> Settings:
    if not path.is_file():
        raise ConfigError(
            f"找不到配置文件 {path}。请先运行 `review init 目录` 创建工作区，或检查目录是否正确。"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"review.toml 格式有误：{exc}。请按 TOML 格式修改（字符串要加英文引号）。"
        ) from exc
    _unknown(raw, _SETTINGS_KEYS, "顶层")
    campaign = str(raw.get("campaign", ""))
    if campaign not in CAMPAIGNS:
        raise ConfigError(
            f"review.toml 中 campaign = \"{campaign}\" 不正确，应为 {'、'.join(CAMPAIGNS)} 之一"
            "（2023：学习贯彻习近平新时代中国特色社会主义思想主题教育；2019：“不忘初心、牢记使命”"
            "主题教育；2014：党的群众路线教育实践活动）。"
        )
    thresholds = raw.get("thresholds", {})
    rules = raw.get("rules", {})
    _unknown(thresholds, _THRESHOLD_KEYS, " [thresholds] ")
    _unknown(rules, _RULES_KEYS, " [rules] ")
    settings = Settings(
        campaign=campaign,
        reviewer=str(raw.get("reviewer") or "督导组"),
        round=raw.get("round") or None,
        pass_score=float(thresholds.get("pass_score", 85)),
        redo_score=float(thresholds.get("redo_score", 60)),
        disabled_rules=[str(r) for r in rules.get("disable", [])],
        rule_weights={str(k): float(v) for k, v in rules.get("weights", {}).items()},
        rule_thresholds=_thresholds(rules.get("thresholds", {})),
        period=_period(raw.get("period")),
        deadline=_deadline(raw.get("deadline"), path),
        limits=_limits(raw.get("limits", {})),
    )
    if not 0 <= settings.redo_score <= settings.pass_score <= 100:
        raise ConfigError(
            "review.toml 中 [thresholds] 应满足 0 ≤ redo_score ≤ pass_score ≤ 100，请修改。"
        )
    return settings


def _round_number(name: str) -> tuple[int, str]:
    """Sort key of a round folder: 第2轮 < 第10轮, 第二轮 < 第十二轮."""
    m = re.search(r"\d+", name)
    if m:
        return int(m.group()), name
    m = re.search("[一二三四五六七八九十]+", name)
    return (cn_number(m.group()) if m else 0), name


@dataclass
class Workspace:
    root: Path
    settings: Settings
    units: list[Unit]

    @classmethod
    def load(cls, root: Path) -> Workspace:
        root = root.resolve()
        if not root.is_dir():
            raise ConfigError(f"工作区目录不存在：{root}。请检查路径，或先运行 `review init {root}`。")
        settings = read_settings(root / "review.toml")
        units = read_roster(root / "units.csv") if (root / "units.csv").is_file() else []
        return cls(root, settings, units)

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules"

    def rounds(self) -> list[str]:
        """Round folders under inbox/, oldest first (第1轮 < 第2轮 < 第10轮)."""
        if not self.inbox.is_dir():
            return []
        names = [p.name for p in self.inbox.iterdir() if p.is_dir() and not p.name.startswith(".")]
        return sorted(names, key=_round_number)

    def pick_round(self, requested: str | None) -> str:
        rounds = self.rounds()
        wanted = requested or self.settings.round
        if wanted:
            if wanted not in rounds:
                listed = "、".join(rounds) or "（无）"
                raise ConfigError(
                    f"inbox 下没有名为“{wanted}”的轮次文件夹。现有轮次：{listed}。"
                )
            return wanted
        if not rounds:
            raise ConfigError(
                f"{self.inbox} 下没有轮次文件夹。请新建如“第1轮”的文件夹，把各单位报送的材料放进去。"
            )
        return rounds[-1]
