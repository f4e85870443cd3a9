"""The `review` command: init a workspace, run a batch, try the demo, check rules.

Exit codes: 0 the work completed (whatever the drafts contain); 1 rule examples failed
(`rules test`); 2 the command or the workspace needs fixing — the message says how.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from review import __version__
from review.categories import CAMPAIGNS, CATEGORIES, DOC_TYPES, VERDICTS
from review.data import data_path
from review.errors import ConfigError
from review.loading import without_collection
from review.parallel import default_workers
from review.rules.engine import custom_params
from review.rules.loader import RuleError, load_rules, parse_rule_file
from review.score import dimension_of
from review.workspace.config import Workspace
from review.workspace.init import create_workspace

app = typer.Typer(
    help="主题教育材料审阅助手：批量审阅各单位报送的材料，生成带批注的 Word 文件和汇总表。",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="查看、校验和测试审阅规则（rules/*.yaml）。", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
train_app = typer.Typer(help="用项目自带的语料重新训练模型。", no_args_is_help=True)
app.add_typer(train_app, name="train")
bench_app = typer.Typer(help="基准测试：用内置的样例材料生成测试数据，测量检测的准确率和速度。",
                        no_args_is_help=True)
app.add_typer(bench_app, name="bench")
console = Console()
err = Console(stderr=True, soft_wrap=True)  # messages stay whole lines, easy to copy


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(code)


@app.callback(invoke_without_command=True)
def _main(
    version: bool = typer.Option(False, "--version", help="显示版本号后退出。"),
) -> None:
    if version:
        console.print(f"review {__version__}")
        raise typer.Exit()


@app.command()
def init(
    directory: Path = typer.Argument(..., help="要创建的工作区目录。"),
    campaign: str = typer.Option("2023", "--campaign", help="主题教育批次：2023、2019 或 2014。"),
    reviewer: str = typer.Option("督导组", "--reviewer", help="批注署名，如“县委第三指导组”。"),
) -> None:
    """创建工作区：review.toml、units.csv、inbox/第1轮/、outbox/、corpus/、rules/。"""
    if campaign not in CAMPAIGNS:
        _fail(f"--campaign 应为 {'、'.join(CAMPAIGNS)} 之一，收到“{campaign}”。")
    try:
        create_workspace(directory, campaign=campaign, reviewer=reviewer)
    except ConfigError as exc:
        _fail(str(exc))
    console.print(f"已创建工作区：{directory.resolve()}")
    console.print("下一步：在 units.csv 中填写单位名册，把各单位报送的材料放进 inbox/第1轮/，"
                  f"然后运行 [bold]review run {directory}[/]。")


@app.command()
def run(
    directory: Path = typer.Argument(Path("."), help="工作区目录（含 review.toml）。"),
    round_name: str = typer.Option(None, "--round", help="要审阅的轮次文件夹，默认 inbox 下最新一轮。"),
    force: bool = typer.Option(False, "--force", help="全部重新审阅，不沿用上次运行已有的结果。"),
    workers: int = typer.Option(None, "--workers", min=1,
                                help="同时审阅的进程数，默认等于本机可用的 CPU 核数。"),
    cluster: str = typer.Option(None, "--cluster", envvar="REVIEW_CLUSTER",
                                help="在 Dask 集群上运行：调度器地址，如 tcp://10.0.0.5:8786"
                                     "（也可设环境变量 REVIEW_CLUSTER）。"
                                     "工作区须在各节点都能访问的共享存储上。"),
) -> None:
    """审阅 inbox/<轮次>/ 下的全部材料，结果写入 outbox/<轮次>/。

    再次运行时，文件、规则和同批比对结果都没有变化的材料沿用上次的审阅结果，只审阅新增或受影响的材料。
    """
    _run(directory, round_name, force, workers or default_workers(), cluster)


@app.command()
def watch(
    directory: Path = typer.Argument(Path("."), help="工作区目录（含 review.toml）。"),
    polling: bool = typer.Option(
        False, "--polling", help="定时轮询文件夹。inbox 在网络共享盘上时用这个：共享盘不发文件变化通知。"),
    settle: float = typer.Option(
        3.0, "--settle", min=0.1,
        help="文件大小和修改时间保持不变多少秒后才读取，防止读到拷贝了一半的文件。"),
    interval: float = typer.Option(1.0, "--interval", min=0.1, help="--polling 时每隔几秒检查一次。"),
) -> None:
    """监视 inbox/：材料一到（拷贝完成后）就审阅，写出批注文件并更新汇总表，每份材料打印一行结果。

    启动时先审阅上次停止后新到的材料；已审阅过的不会重复审阅。按 Ctrl+C 停止。
    """
    import signal
    import threading

    with without_collection():
        from review.workspace.watch import watch as watch_inbox

    stop = threading.Event()
    # A service manager stops the watch with SIGTERM: finish cleanly, as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        watch_inbox(directory, settle=settle, polling=polling, interval=interval,
                    log=lambda line: console.print(escape(line), highlight=False, soft_wrap=True),
                    stop=stop)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        console.print("已停止监视。")


@app.command()
def status(
    directory: Path = typer.Argument(Path("."), help="工作区目录（含 review.toml）。"),
) -> None:
    """各轮次收到、已审阅、无法读取、待审阅的材料数，以及名册中尚未报送的单位（催报名单）。"""
    from review.history.store import History
    from review.workspace.status import round_status

    try:
        workspace = Workspace.load(directory)
    except ConfigError as exc:
        _fail(str(exc))
    with History.open(workspace.root) as history:
        rounds = round_status(workspace, history)
    if not rounds:
        console.print("inbox 下还没有轮次文件夹。")
        return
    table = Table(title="各轮次进度")
    for header in ("轮次", "收到", "已审阅", "无法读取", "待审阅", "未报送单位"):
        table.add_column(header)
    for r in rounds:
        table.add_row(r.round, str(r.received), str(r.reviewed), str(r.unreadable),
                      str(len(r.pending)), str(len(r.missing)))
    console.print(table)
    latest = rounds[-1]
    if latest.pending:
        console.print(f"{latest.round} 待审阅（运行 review run 审阅）：")
        for path in latest.pending:
            console.print(f"  {escape(path)}")
    if latest.missing:
        console.print(f"{latest.round} 催报名单（名册中尚未报送材料的单位）：{'、'.join(latest.missing)}")


class _Rate(ProgressColumn):
    """Drafts per second of a stage, once there is a rate to show."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f} 份/秒" if task.speed else "")


def _run(directory: Path, round_name: str | None, force: bool = False, workers: int = 1,
         cluster: str | None = None) -> None:
    with without_collection():
        from review.pipeline import STAGES, run_batch

    try:
        workspace = Workspace.load(directory)
        chosen = workspace.pick_round(round_name)
    except ConfigError as exc:
        _fail(str(exc))
    progress = Progress(
        TextColumn("[bold]{task.description}[/]"), BarColumn(), MofNCompleteColumn(), _Rate(),
        TimeRemainingColumn(), TextColumn("{task.fields[name]}"), console=console, transient=True,
    )
    tasks = {}

    def started(total: int) -> None:
        for stage in STAGES:
            tasks[stage] = progress.add_task(stage, total=total, name="")

    def advanced(stage: str, found) -> None:
        progress.update(tasks[stage], advance=1, name=found.path.name)

    try:
        with progress:
            result = run_batch(workspace, chosen, on_progress=advanced, on_start=started,
                               force=force, workers=workers, cluster=cluster)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    _print_batch(result, workspace)


def _print_batch(result, workspace: Workspace) -> None:
    reviews = result.reviews
    if not reviews:
        console.print(f"inbox/{result.round}/ 中没有找到材料。请把各单位报送的文件放进该文件夹后重试。")
        return
    verdicts = Counter(r.verdict for r in reviews if r.status == "reviewed")
    unreadable = [r for r in reviews if r.status == "unreadable"]
    unknown = [r for r in reviews if not r.submission.unit_known]
    parts = [f"{VERDICTS[v]} {verdicts.get(v, 0)} 份" for v in ("redo", "revise", "pass")]
    console.print(f"[bold]{result.round}[/]：共 {len(reviews)} 份材料，" + "，".join(parts)
                  + f"，无法读取 {len(unreadable)} 份，名册外单位 {len(unknown)} 份。")
    kept = len(reviews) - len(result.reviewed_now)
    if kept:
        console.print(f"本次审阅 {len(result.reviewed_now)} 份；其余 {kept} 份与上次运行时相同，"
                      "沿用已有结果（要全部重新审阅请加 --force）。")
    table = Table(title="得分最低的材料", show_lines=False)
    for col in ("单位", "材料", "得分", "结论", "意见数"):
        table.add_column(col)
    reviewed = sorted((r for r in reviews if r.status == "reviewed"), key=lambda r: r.score)
    for r in reviewed[:10]:
        table.add_row(r.submission.unit, DOC_TYPES.get(r.doc_type, r.doc_type), f"{r.score:g}",
                      VERDICTS[r.verdict], str(len(r.findings)))
    console.print(table)
    for r in unreadable:
        console.print(f"[red]无法读取[/] {r.submission.rel_path}：{r.error}")
    for problem in result.corpus_problems:
        console.print(f"[yellow]参考材料无法读取，未用于雷同比对[/] {problem}")
    console.print(f"汇总表：{result.summary_path}")
    console.print(f"审阅报告（浏览器打开）：{result.report_path}")
    console.print(f"结果数据：{result.results_path}")
    console.print(f"各单位带批注的文件在：{result.outbox}")


@app.command()
def demo(
    directory: Path = typer.Argument(None, help="示例工作区放在哪里，默认当前目录下新建文件夹。"),
) -> None:
    """复制内置的示例工作区（9 个单位的材料）并运行一次审阅。"""
    source = data_path("corpus", "sample_workspace")
    target = directory or _fresh_dir(Path.cwd() / "审阅示例")
    if target.exists() and any(target.iterdir()):
        _fail(f"目录 {target} 已存在且不为空。请指定一个新目录，如 review demo 示例2。")
    shutil.copytree(source, target, dirs_exist_ok=True)
    console.print(f"示例工作区已复制到：{target.resolve()}")
    _run(target, None, workers=default_workers())


def _fresh_dir(base: Path) -> Path:
    candidate, n = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}{n}")
        n += 1
    return candidate


@rules_app.command("list")
def rules_list(
    directory: Path = typer.Argument(None, help="工作区目录；给出时一并列出其 rules/ 中的规则。"),
    doc_type: str = typer.Option(None, "--doc-type", help="只列适用于该材料类型的规则。"),
    category: str = typer.Option(None, "--category", help="只列该问题类别的规则。"),
) -> None:
    """列出全部规则。"""
    loaded = _load(directory)
    table = Table()
    table.add_column("编号", no_wrap=True)
    for col in ("类别", "严重程度", "分值", "适用材料", "说明"):
        table.add_column(col)
    for lr in loaded:
        r = lr.rule
        if doc_type and r.applies_to.doc_types and doc_type not in r.applies_to.doc_types:
            continue
        if category and r.category != category:
            continue
        types = "、".join(DOC_TYPES[t] for t in r.applies_to.doc_types) or "全部"
        table.add_row(r.id, CATEGORIES[r.category][0], r.severity, f"{r.weight:g}", types,
                      r.message)
    console.print(table)


@rules_app.command("check")
def rules_check(
    path: Path = typer.Argument(None, help="规则文件或目录（如工作区的 rules/）；默认检查内置规则。"),
) -> None:
    """校验规则文件：未知字段、错误取值、无法填充的占位符都会报错。"""
    try:
        if path is not None and path.is_file():
            rules = parse_rule_file(path)
        else:
            rules = [lr.rule for lr in load_rules([path] if path else [])]
    except RuleError as exc:
        _fail(str(exc))
    console.print(f"规则校验通过：{len(rules)} 条。")


@rules_app.command("test")
def rules_test(
    directory: Path = typer.Argument(None, help="工作区目录；给出时一并测试其 rules/ 中的规则。"),
) -> None:
    """运行每条规则自带的示例：fire 示例必须触发，quiet 示例不得触发。"""
    from review.rules.examples import run_examples

    loaded = _load(directory)
    failures = run_examples([lr.rule for lr in loaded])
    for failure in failures:
        err.print(f"[red]✗[/] {failure}")
    if failures:
        err.print(f"{len(failures)} 个示例未通过。")
        raise typer.Exit(1)
    console.print(f"全部 {len(loaded)} 条规则的示例均通过。")


@rules_app.command("explain")
def rules_explain(
    rule_id: str = typer.Argument(..., help="规则编号，如 rectify.owner。"),
    directory: Path = typer.Option(None, "--workspace", "-w",
                                   help="工作区目录，一并查找其 rules/ 中的规则。"),
) -> None:
    """说明一条规则：检查什么、适用于哪些材料、怎么扣分、示例。"""
    loaded = {lr.rule.id: lr for lr in _load(directory)}
    if rule_id not in loaded:
        near = [r for r in loaded if r.startswith(rule_id.split(".")[0] + ".")][:5]
        hint = f"相近的编号：{'、'.join(near)}。" if near else "可用 review rules list 查看全部编号。"
        _fail(f"没有编号为 {rule_id} 的规则。{hint}")
    rule, path = loaded[rule_id].rule, loaded[rule_id].path
    a = rule.applies_to
    rows = [
        ("编号", rule.id),
        ("文件", str(path)),
        ("问题类别", f"{CATEGORIES[rule.category][0]}（{rule.category}）"),
        ("维度", "、".join(sorted({f"{dimension_of(rule, t)}" for t in a.doc_types or DOC_TYPES}))),
        ("严重程度", rule.severity),
        ("扣分", f"每条 {rule.weight:g} 分，每份材料最多 {rule.max_deduction:g} 分"),
        ("适用材料", "、".join(DOC_TYPES[t] for t in a.doc_types) or "全部"),
        ("适用批次", "、".join(a.campaigns) or "全部"),
        ("适用单位类别", "、".join(a.unit_categories) or "全部"),
        ("适用层级", "、".join(a.levels) or "全部"),
        ("检查", _check_params(rule)),
        ("提示语", rule.message),
        ("修改建议", rule.suggestion or "—"),
    ]
    if rule.description:
        rows.insert(1, ("说明", rule.description))
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    for label, examples in (("应触发", rule.examples.fire), ("不应触发", rule.examples.quiet)):
        for example in examples:
            table.add_row(label, example if isinstance(example, str) else example.text)
    console.print(table)


def _check_params(rule) -> str:
    """The check with every parameter, defaults included: the thresholds a workspace may
    change under [rules.thresholds."<id>"] in review.toml."""
    check = rule.check.model_dump(mode="json")
    if check["type"] == "python":
        check["params"] = {**custom_params(check["name"]), **check["params"]}
    return escape(json.dumps(check, ensure_ascii=False) + (
        f'\n（阈值可在 review.toml 的 [rules.thresholds."{rule.id}"] 中修改）'))


@train_app.command("doctype")
def train_doctype() -> None:
    """重新训练材料类型识别模型（corpus/doctypes/），打印交叉验证和留出集准确率。"""
    from review.nlp import doctype_model

    raise typer.Exit(doctype_model.main([]))


@train_app.command("boilerplate")
def train_boilerplate(
    extra: list[Path] = typer.Option(
        None, "--extra",
        help="追加的标注语料：JSONL/CSV 文件（text、label 两列），或工作区目录（读取其 "
             "corpus/boilerplate/ 下的 *.jsonl、*.csv）。可重复给出。"),
    output: Path = typer.Option(
        None, "--output", "-o", help="模型写到哪个文件；默认替换包内的 review/models/boilerplate.joblib。"),
) -> None:
    """重新训练套话空话识别模型（corpus/boilerplate/ 加追加的标注），报告精确率、召回率和 F1。"""
    from review.boilerplate import train

    try:
        code = train.main(extra or [], output)
    except ConfigError as exc:
        _fail(str(exc))
    raise typer.Exit(code)


def _load(directory: Path | None):
    try:
        extra = [directory / "rules"] if directory else []
        return load_rules(extra)
    except RuleError as exc:
        _fail(str(exc))


@bench_app.command("copies")
def bench_copies(
    drafts: int = typer.Option(None, "--drafts", min=1,
                               help="生成的草稿份数，默认 500（--scale 时默认 50）。"),
    seed: int = typer.Option(7, "--seed", help="随机种子：相同的种子生成相同的草稿。"),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                  help="是否同时运行 TF-IDF 全句对基线作对比。"),
    scale: str = typer.Option(None, "--scale",
                              help="改为测量规模：参考段落数，逗号分隔，如 1000,10000,100000。"),
) -> None:
    """照搬照抄检测基准：准确率，或用 --scale 测量参考库变大时的耗时和内存。

    默认在植入了已知抄袭段落的生成草稿上计算精确率、召回率（PAN 指标），并与 TF-IDF 基线对比；
    --scale 时改为测量建索引、内存、索引存取和每份草稿的检测耗时。
    """
    from review.bench.copies import run as accuracy
    from review.bench.copies import scale as cost

    sizes = _sizes(scale) if scale is not None else None
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=console, transient=True)

    def track(items, label, total):
        return progress.track(items, total=total, description=label)

    with progress:
        if sizes:
            cost.report(sizes, drafts or 50, seed, baseline, typer.echo, track)
        else:
            accuracy.report(drafts or 500, seed, baseline, typer.echo, track)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        _fail(f"--scale 应为逗号分隔的正整数（参考段落数），如 1000,10000,100000；收到“{text}”。")
    return sizes


@bench_app.command("batch")
def bench_batch(
    drafts: int = typer.Option(1000, "--drafts", min=1, help="生成的草稿份数，默认 1000。"),
    seed: int = typer.Option(7, "--seed",
                             help="随机种子：相同的种子生成相同的工作区（生成后缓存，不重复生成）。"),
    scale: str = typer.Option(None, "--scale",
                              help="依次测量几种规模并列出各项指标的增长，逗号分隔，如 1000,10000。"),
    workers: int = typer.Option(1, "--workers", min=1,
                                help="审阅用的进程数；大于 1 时另测 1 个进程，算出加速比"
                                     "（--no-speedup 不测）。"),
    incremental: bool = typer.Option(True, "--incremental/--no-incremental",
                                     help="完整审阅后再放入 10 份新材料重跑，测量增量审阅的用时。"),
    speedup: bool = typer.Option(True, "--speedup/--no-speedup",
                                 help="--workers 大于 1 时另用 1 个进程审阅一遍，算出加速比；"
                                      "规模大时可关掉以节省时间。"),
    keep: Path = typer.Option(None, "--keep",
                              help="把测量用的工作区（含审阅结果）保留在此目录，默认用完删除。"),
    json_path: Path = typer.Option(None, "--json", help="把全部数据另存为 JSON 文件（写文档用）。"),
) -> None:
    """批量审阅基准：用样例材料生成 N 份合成草稿（各类单位、各类材料，80% Word、20% PDF，
    植入照搬和差错），完整审阅一遍，报告各阶段用时、每秒份数、峰值内存，以及只读取文件的下限。

    每项测量都在新的进程中进行。工作区按份数和种子缓存在 ~/.cache/review/bench-batch/。
    """
    from review.bench.batch import report
    from review.bench.batch.run import bench, parse_sizes

    try:
        sizes = parse_sizes(scale) if scale is not None else [drafts]
    except ValueError:
        _fail(f"--scale 应为逗号分隔的正整数（草稿份数），如 1000,10000；收到“{scale}”。")
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=console, transient=True)

    def track(items, label, total):
        return progress.track(items, total=total, description=label)

    with progress:
        results = bench(sizes, seed, workers, incremental, keep, track,
                        lambda line: progress.console.print(escape(line), highlight=False),
                        speedup)
    console.print(report.figures(results))
    console.print(report.targets(results))
    if json_path:
        json_path.write_text(json.dumps(report.as_json(results), ensure_ascii=False, indent=1),
                             encoding="utf-8")
        console.print(f"数据已写入：{json_path}")


@bench_app.command("fuzz")
def bench_fuzz(
    cases: int = typer.Option(2000, "--cases", min=1, help="生成的畸形文件份数，默认 2000。"),
    seed: int = typer.Option(7, "--seed", help="随机种子：相同的种子和序号生成相同的文件。"),
    workers: int = typer.Option(None, "--workers", min=1, help="进程数，默认等于本机可用的 CPU 核数。"),
    keep: Path = typer.Option(None, "--keep", help="把出问题的畸形文件保存到此目录，便于重现。"),
    json_path: Path = typer.Option(None, "--json", help="把全部数据另存为 JSON 文件（写文档用）。"),
) -> None:
    """畸形文件测试：把样例工作区的 .docx/.pdf/.txt 随机损坏（改字节、截断、压缩包条目、
    document.xml、PDF 对象和流、文本编码），逐份走一遍批量审阅的读取流程。

    每份都应当读出，或成为带中文说明的“无法读取”行；出现异常逃逸、兜底异常或不合格提示时退出码为 1。
    """
    from review.bench import fuzz

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=console, transient=True)
    with progress:
        task = progress.add_task("畸形文件", total=cases)
        campaign = fuzz.run(cases, seed, workers or default_workers(), keep,
                            done=lambda n: progress.advance(task, n))
    console.print(fuzz.table(campaign))
    for line in fuzz.findings(campaign):
        console.print(escape(line), highlight=False)
    if json_path:
        json_path.write_text(json.dumps(campaign.as_json(), ensure_ascii=False, indent=1),
                             encoding="utf-8")
        console.print(f"数据已写入：{json_path}")
    if campaign.defects:
        raise typer.Exit(1)
