"""The `jixiao` command: arguments and options in, the workbooks collected (inputs.py), run and
committed (batch.py), shown (show.py), the summary (workbooks/summary.py) and the files (files.py)
written, exit code out. Everything printed goes through
console.py; a problem that stops a command is a `console.Problem`, printed by click in one place.

Exit codes: 0 every workbook built (or passed), 1 some workbook had errors or its report could not
be written, 2 the command could not run (bad option, unusable output folder or summary file),
128 + the signal's number when Ctrl-C, SIGTERM or SIGHUP stopped it (console.Interrupted).
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from jixiao.build import Outcome, analyse, build
from jixiao.cli import batch, console, deliver, pool, show, zh
from jixiao.oserrors import os_reason
from jixiao.cli.console import Problem
from jixiao.cli.files import OutputError, prepare_folder, remove_stale_temps, same_file
from jixiao.cli.formats_cmd import check_format_dirs
from jixiao.cli.inputs import Item, collect
from jixiao.cli.job import Job, Result
from jixiao.messages import sort_messages


# ---------------------------------------------------------------- click, in Chinese

def _usage_in_chinese(e: click.UsageError) -> str:
    """click's usage errors (English) as one Chinese line."""
    path = e.ctx.command_path if e.ctx is not None else "jixiao"
    if isinstance(e, click.NoSuchOption):
        what = f"没有选项 {e.option_name}"
        if e.possibilities:
            what += f"（是不是 {'、'.join(sorted(e.possibilities))}？）"
    elif isinstance(e, click.BadOptionUsage) and "requires an argument" in e.message:
        what = f"选项 {e.option_name} 后面缺少值"
    elif isinstance(e, click.MissingParameter):
        what = f"缺少参数 {e.param.human_readable_name if e.param is not None else ''}".rstrip()
    elif isinstance(e, click.BadParameter):
        hint = e.param_hint or (e.param.opts[0] if isinstance(e.param, click.Option) and e.param.opts else
                                e.param.human_readable_name if e.param is not None else "")
        hint = "、".join(hint) if isinstance(hint, (list, tuple)) else hint
        what = f"{hint} 的值不对：{e.message}"
    elif e.message.startswith("Got unexpected extra argument"):
        what = f"多余的参数：{e.message.split('(', 1)[-1].rstrip(')')}"
    else:
        what = f"命令行有误（{e.message}）"
    return f"{what}。运行 {path} -h 查看用法。"


class Group(click.Group):
    """click's group, in Chinese (zh), every usage error — its own and any command's — as one
    Chinese line, and the whole run inside console.session(): output that never raises (click's
    help, version and usage text too) and SIGTERM/SIGHUP/SIGINT unwinding it with a truthful
    exit code."""

    context_class = zh.Context

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        with console.session():
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                code = rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
            except click.ClickException as e:
                e.show()
                code = e.exit_code
            except click.Abort:                      # Ctrl-C where no handler could be set
                console.echo("错误 已中断。", err=True)
                code = 130
            except console.Interrupted as e:
                console.echo(f"错误 已中断（{e.reason}）。", err=True)
                code = e.exit_code
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except OSError as e:        # a path the checks before did not foresee: Chinese, exit 2
                where = f"{e.filename} " if getattr(e, "filename", None) else ""
                console.echo(f"错误 {where}无法访问：{os_reason(e)}。请检查路径和权限。", err=True)
                code = 2
        if standalone_mode:
            sys.exit(code)
        return code

    def add_command(self, cmd, name=None):
        super().add_command(zh.chinese(cmd), name)

    def make_context(self, info_name, args, parent=None, **extra):
        with _in_chinese():
            return super().make_context(info_name, args, parent=parent, **extra)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as e:
            if args and not args[0].startswith("-"):
                raise Problem(f"没有命令 {args[0]}；可用的命令：{'、'.join(sorted(self.commands))}。"
                              f"运行 {ctx.command_path} -h 查看用法。") from e
            raise

    def invoke(self, ctx):
        with _in_chinese():
            return super().invoke(ctx)


@contextmanager
def _in_chinese():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as e:
        raise Problem(_usage_in_chinese(e)) from e


# ---------------------------------------------------------------- the options

# Arguments and options of every command that reads workbooks (build, check, summary).
WORKBOOK_PARAMS = [
    click.argument("inputs", metavar="工作簿或文件夹...", nargs=-1, type=zh.InPath(names=False)),
    click.option("-j", "--jobs", type=zh.Jobs(), default=None,
                 help="同时处理的进程数（默认：CPU 核数；最多为 CPU 核数；只有一个工作簿时不开进程）"),
    click.option("-v", "--verbose", is_flag=True, help="列出全部警告、提示和改动"),
]


def _format_dirs(ctx, param, value: tuple[Path, ...]) -> tuple[Path, ...]:
    check_format_dirs(value)
    return value


# Options handed on to build.build / build.analyse as keyword arguments, for every workbook.
BUILD_OPTIONS = [
    click.option("--formats", "format_dirs", multiple=True, type=zh.InPath("文件夹"),
                 callback=_format_dirs, help="自己的报告格式所在的文件夹（可多次给出，先于程序自带的格式"
                                             "查找；也可用环境变量 JIXIAO_FORMATS）"),
]


# The bureau's collection (collection.py, deliver.py): options of build and summary.
COLLECTION_OPTIONS = [
    click.option("--roster", "roster_file", type=zh.InPath("名单.xlsx"), default=None,
                 help="单位名单（.xlsx：单位名称，可有主管部门、联系人、联系电话；jixiao template --roster 生成空白名单）："
                      "名单上没交工作簿的单位列为“未提交”，不在名单上的工作簿标出"),
    click.option("--compare", "compare_file", type=zh.InPath("上年汇总表.xlsx"), default=None,
                 help="上年的汇总表（jixiao 写的）：汇总表加“上年总分”和“变化”两列"),
    click.option("--feedback", "feedback_dir", type=zh.OutPath("文件夹"), default=None,
                 help="给每个单位写一个反馈文件（.xlsx：状态、问题所在的单元格、处理办法）到这个文件夹"),
    click.option("--no-hints", "no_hints", is_flag=True, help="汇总表的问题清单和反馈文件不列“提示”"),
]


def collection_options(f):
    for param in reversed(COLLECTION_OPTIONS):
        f = param(f)
    return f


def workbook_command(name: str):
    """A command over workbooks: WORKBOOK_PARAMS and BUILD_OPTIONS, then its own options."""
    def decorate(f):
        for param in reversed(WORKBOOK_PARAMS + BUILD_OPTIONS):
            f = param(f)
        return main.command(name)(f)
    return decorate


@click.group(cls=Group, context_settings={"help_option_names": list(zh.HELP_NAMES)})
@click.version_option(package_name="jixiao", help=zh.VERSION_HELP, message=zh.VERSION_MESSAGE)
def main() -> None:
    """jixiao：从一个 Excel 工作簿生成部门（单位）整体支出绩效自评报告。"""


zh.chinese(main)


# ---------------------------------------------------------------- build, check, summary

def _check_only(path: Path, **options) -> Outcome:
    out = analyse(path, **options)[0]
    out.messages = sort_messages(out.messages)
    return out


def _items(inputs: tuple[Path, ...], summary: Path | None = None) -> list[Item]:
    """The workbooks to process. A previous summary jixiao wrote at `summary`, found in a folder
    given, is not one of them (it is about to be replaced); anything else there is (and so is
    never overwritten: _summary_target)."""
    if not inputs:
        raise Problem("请指定工作簿或文件夹，例如：jixiao build 绩效自评工作簿.xlsx -o out")
    items = collect(inputs)
    if summary is not None and summary.is_file() and any(same_file(i.path, summary) for i in items):
        from jixiao.workbooks.summary import is_summary
        if is_summary(summary):
            items = [i for i in items if i.path in inputs or not same_file(i.path, summary)]
    return items


def _jobs(jobs: int | None) -> int:
    """The worker processes to use: -j, or every CPU; never more than pool.max_jobs()."""
    if jobs is None:
        return pool.default_jobs()
    cap = pool.max_jobs()
    if jobs > cap:
        console.echo(f"提示 -j {jobs} 超过本机可用的 CPU 核数（{cap}），按 -j {cap} 运行。", err=True)
        return cap
    return jobs


def _run(step, items: list[Item], job: Job, jobs: int, label: str,
         stopped: str) -> list[Result]:
    """`step` over the items: in this process for one workbook, else on `jobs` cores with a bar.
    Ctrl-C, SIGTERM or SIGHUP ends the workers and the command with 128 + the signal's number;
    `stopped` says what that leaves."""
    try:
        if len(items) <= 1:
            return step(items, job, 1)
        with console.progress(len(items), label) as bar:
            return step(items, job, jobs, lambda _: bar.update(1))
    except KeyboardInterrupt:
        raise Problem(f"已中断。{stopped}", exit_code=130) from None
    except console.Interrupted as e:
        raise Problem(f"已中断（{e.reason}）。{stopped}", exit_code=e.exit_code) from None


def _exit(results: list[Result]) -> None:
    sys.exit(1 if any(r.failed for r in results) else 0)


@workbook_command("build")
@click.option("-o", "--output", "outdir", type=zh.OutPath("文件夹"), default=Path("out"),
              help="报告输出文件夹（默认：out）")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（不加时，报告旁与之不符的旧 PDF 会被删除）")
@click.option("--draft", is_flag=True, help="有错误也生成报告，每页标“草稿”，文件名加“（草稿）”，不会替换正式报告")
@click.option("--summary", "summary_file", type=zh.OutPath("汇总表.xlsx"), default=None,
              help="同时写出汇总表（.xlsx），内容同 jixiao summary")
@click.option("--force", is_flag=True, help="--summary 的文件已存在且不是 jixiao 写的汇总表时也覆盖")
@click.option("--bundle", "bundle_file", type=zh.OutPath("上报包.zip"), default=None,
              help="把已生成的报告（和 PDF）连同汇总表打成一个 .zip，供上报")
@collection_options
def build_cmd(inputs: tuple[Path, ...], jobs: int | None, verbose: bool, outdir: Path, pdf: bool,
              draft: bool, summary_file: Path | None, force: bool, bundle_file: Path | None, roster_file: Path | None,
              compare_file: Path | None, feedback_dir: Path | None, no_hints: bool, **options) -> None:
    """生成报告（.docx），写入输出文件夹。

    文件名由报告格式决定，默认为 {年度}年度{单位名称}整体支出绩效自评报告.docx。可以给多个工作簿或文件夹
    （文件夹里的工作簿都会处理）。已有上一版报告时，列出改动。"""
    items = _items(inputs, summary_file)
    read = _also_read(items, roster_file, compare_file)
    if summary_file is not None:
        _summary_target(summary_file, read, force, "--summary")
    if bundle_file is not None:
        deliver.check_bundle_target(bundle_file)
    if feedback_dir is not None:
        deliver.check_feedback_folder(feedback_dir)
    roster, last = deliver.load_roster(roster_file), deliver.load_last(compare_file)
    try:
        prepare_folder(outdir)
    except OutputError as e:
        raise Problem(e.message) from e
    remove_stale_temps(outdir)
    jobs = _jobs(jobs)
    job = Job(build, {**options, "draft": True} if draft else options, outdir)
    results = _run(batch.build_reports, items, job, jobs, "生成报告", "已写入的报告保留，其余工作簿未处理。")
    if pdf:
        batch.make_pdfs(results, outdir, jobs)
    else:
        batch.drop_stale_pdfs(results, outdir)
    rows = _entries(results, True, roster, last)
    if len(items) == 1 and roster is None:
        show.show_build(results[0], outdir, verbose)
    else:
        show.show_batch(results, verbose, building=True, rows=rows)
    _deliver(rows, read, summary_file, feedback_dir, no_hints, roster, last)
    if bundle_file is not None:
        deliver.write_bundle(rows, outdir, summary_file, bundle_file)
    _exit(results)


def _entries(results: list[Result], building: bool, roster, last) -> list:
    """The collection's entries (collection.py), the roster's warnings added to the results first."""
    from jixiao.cli.collection import entries, match_roster
    if roster is not None:
        match_roster(results, roster)
    return entries(results, building, roster, last)


def _deliver(rows: list, items: list[Item], summary_file: Path | None, feedback_dir: Path | None,
             no_hints: bool, roster, last) -> None:
    if summary_file is not None:
        deliver.write_summary(rows, summary_file, not no_hints, roster is not None, last is not None)
    if feedback_dir is not None:
        deliver.write_feedback(rows, feedback_dir, items, not no_hints)


@workbook_command("check")
def check_cmd(inputs: tuple[Path, ...], jobs: int | None, verbose: bool, **options) -> None:
    """检查工作簿，列出错误和警告（有错误时退出码为 1）。"""
    items = _items(inputs)
    results = _run(batch.check_all, items, Job(_check_only, options), _jobs(jobs), "检查工作簿",
                   "检查未完成。")
    if len(items) == 1:
        show.show_check(results[0])
    else:
        show.show_batch(results, verbose, building=False)
    _exit(results)


@workbook_command("summary")
@click.option("-o", "--output", "target", type=zh.OutPath("汇总表.xlsx"), default=Path("汇总.xlsx"),
              help="汇总表文件（.xlsx；默认：汇总.xlsx）")
@click.option("--force", is_flag=True, help="汇总表文件已存在且不是 jixiao 写的汇总表时也覆盖")
@collection_options
def summary_cmd(inputs: tuple[Path, ...], jobs: int | None, verbose: bool, target: Path, force: bool,
                roster_file: Path | None, compare_file: Path | None, feedback_dir: Path | None,
                no_hints: bool, **options) -> None:
    """汇总：每个单位一行，另有问题清单和总分分布图。

    每个单位一行：状态、单位名称、年度、报告格式、预算与执行、各一级指标得分、总分、等级、错误和警告数、
    工作簿、联系人。给了 --roster 时，名单上没交工作簿的单位也各占一行（未提交）。"""
    items = _items(inputs, target)
    read = _also_read(items, roster_file, compare_file)
    _summary_target(target, read, force, "-o")
    if feedback_dir is not None:
        deliver.check_feedback_folder(feedback_dir)
    roster, last = deliver.load_roster(roster_file), deliver.load_last(compare_file)
    results = _run(batch.check_all, items, Job(_check_only, options), _jobs(jobs), "汇总工作簿",
                   "汇总表未写入。")
    rows = _entries(results, False, roster, last)
    if verbose:
        show.show_batch(results, verbose, building=False, rows=rows)
    _deliver(rows, read, target, feedback_dir, no_hints, roster, last)
    _exit(results)


def _also_read(items: list[Item], roster_file: Path | None, compare_file: Path | None) -> list[Item]:
    """The workbooks a run reads: `items`, and the roster and last year's summary — none of them is
    ever written over by the summary or a feedback file."""
    return items + [Item(p, f"{option} {p}") for option, p in (("--roster", roster_file),
                                                               ("--compare", compare_file)) if p is not None]


def _summary_target(target: Path, items: list[Item], force: bool, option: str) -> None:
    """The summary file may be written: an .xlsx that is none of the workbooks read, and either
    new, a summary jixiao wrote before (known by its sheets), or anything else with --force."""
    from jixiao.cli.files import replaceable
    from jixiao.workbooks.summary import is_summary
    if target.suffix.lower() != ".xlsx":
        raise Problem(f"汇总表文件名应以 .xlsx 结尾（现在是 {target.name}）。")
    if target.is_dir():
        raise Problem(f"{target} 是文件夹；请给出汇总表的文件名，例如 {target / '汇总.xlsx'}。")
    for item in items:
        if same_file(item.path, target):
            raise Problem(f"汇总表文件 {target} 是本次读入的工作簿之一（{item.shown}），没有覆盖它。"
                          f"请用 {option} 换一个汇总表文件名。")
    try:
        existing = replaceable(target, "汇总表")
    except OutputError as e:
        raise Problem(e.message) from e
    if existing and not force and not is_summary(target):
        raise Problem(f"{target} 已存在，但不是 jixiao 写的汇总表，没有覆盖。"
                      f"请用 {option} 换一个文件名；确实要覆盖它，请加 --force。")
    try:
        prepare_folder(target.parent)
    except OutputError as e:
        raise Problem(e.message) from e


# ---------------------------------------------------------------- template, rollover, formats

from jixiao.cli.formats_cmd import formats_cmd  # noqa: E402 — after main: the commands are added to it
from jixiao.cli.yearly import rollover_cmd, template_cmd  # noqa: E402

main.add_command(template_cmd)
main.add_command(rollover_cmd)
main.add_command(formats_cmd)


def _plugin_commands() -> None:
    """Commands other packages add (`jixiao serve`, from jixiao.web): the `jixiao.commands` entry
    points, loaded by name — the command line never imports them itself."""
    from importlib.metadata import entry_points
    for ep in entry_points(group="jixiao.commands"):
        if ep.name not in main.commands:
            try:
                main.add_command(ep.load(), ep.name)
            except Exception:  # noqa: BLE001 — a broken plug-in costs only its own command
                continue


_plugin_commands()


if __name__ == "__main__":
    main()
