"""`jixiao template` and `jixiao rollover`: next year's workbook, blank or from last year's. Thin
commands over workbooks/blank.py and workbooks/rollover.py; every failure is one Chinese line and
exit 2. Their default output
names are made safe by filenames.safe_filename, as report names are."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from jixiao.cli import zh
from jixiao.cli.console import Problem, echo
from jixiao.cli.files import same_file, save_atomic
from jixiao.cli.formats_cmd import check_format_dirs
from jixiao.filenames import safe_filename
from jixiao.formats.load import Format, FormatError, load
from jixiao.formats.search import DEFAULT, available, find
from jixiao.oserrors import os_reason

MIN_YEAR, MAX_YEAR = 2000, 2100      # 年度 the contract accepts (clean.to_year)


def _fail(what: str, todo: str = "") -> None:
    raise Problem(what + (f" {todo}" if todo else ""))


def _year(text: str | None, default: int) -> int:
    if text is None:
        return default
    t = text.strip()
    if not (t.isascii() and t.isdigit() and len(t) == 4 and MIN_YEAR <= int(t) <= MAX_YEAR):
        _fail(f"--year 的值“{text[:20]}”不是有效年度", f"请给出 {MIN_YEAR} 到 {MAX_YEAR} 之间的四位数年份，如 --year {default}。")
    return int(t)


def _format(name: str, path: tuple[Path, ...]) -> Format:
    try:
        return load(name, path)
    except FormatError as e:
        _fail(f"{e.where}：{e.what}" if e.where else e.what, e.todo)
        raise  # unreachable


def _write(data: bytes, target: Path, force: bool, source: Path | None = None) -> None:
    """`data` at `target`: never over an existing file (or link) without --force, never over
    anything but a file or a link (which is replaced, not followed), never over `source`."""
    if source is not None and same_file(source, target):
        _fail(f"{target} 就是上年工作簿，没有覆盖", "请用 -o 给新年度工作簿另取一个文件名。")
    if os.path.lexists(target) and not force:
        _fail(f"{target} 已存在，未覆盖", "请换一个文件名，或加 --force 覆盖。")
    if os.path.lexists(target) and not (target.is_symlink() or target.is_file()):
        _fail(f"{target} 不是文件", "请换一个文件名。")
    if not target.parent.is_dir():
        _fail(f"文件夹 {target.parent} 不存在", "请先建好该文件夹，或换一个输出位置。")
    try:
        save_atomic(data, target)
    except OSError as e:
        _fail(f"无法写入 {target}（{os_reason(e)}）", "请检查文件夹是否可写、文件是否正在 Excel/WPS 中打开。")


@click.command("template")
@click.option("-o", "--output", "target", type=zh.OutPath("文件"), default=None,
              help="输出文件（默认：{年度}年度绩效自评工作簿_{报告格式}.xlsx）")
@click.option("--year", "year_text", default=None, metavar="年份", help="年度（默认：去年）")
@click.option("--format", "format_name", default="", metavar="名称", help="报告格式（默认：default）")
@click.option("--formats", "format_dirs", multiple=True, type=zh.InPath("文件夹"),
              help="自己的报告格式所在的文件夹（可多次给出）")
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖")
@click.option("--roster", "roster", is_flag=True, help="改为生成空白的单位名单（默认：名单.xlsx），供 build/summary --roster 使用")
def template_cmd(target: Path | None, year_text: str | None, format_name: str,
                 format_dirs: tuple[Path, ...], force: bool, roster: bool) -> None:
    """生成空白工作簿：按报告格式填好指标体系、下拉列表和填写说明（--roster：空白单位名单）。"""
    if roster:
        from jixiao.workbooks.roster import blank_roster
        target = target or Path("名单.xlsx")
        _write(blank_roster(), target, force)
        echo(f"空白名单 → {target}")
        echo(f"下一步：每行填一个单位名称（可填主管部门、联系人、联系电话），然后运行 "
             f"jixiao build 收件文件夹 -o 报告 --summary 汇总.xlsx --roster \"{target}\"。")
        return
    from jixiao.workbooks.blank import blank_workbook, to_bytes      # openpyxl: only when writing a workbook
    path = check_format_dirs(format_dirs)
    year = _year(year_text, date.today().year - 1)
    fm = _format(format_name, path)
    target = target or Path(safe_filename(f"{year}年度绩效自评工作簿_{fm.name}", ".xlsx"))
    _write(to_bytes(blank_workbook(fm, year, available(path))), target, force)
    echo(f"空白工作簿 → {target}（{year}年度，报告格式“{fm.name}”）")
    extra = "".join(f' --formats "{d}"' for d in format_dirs)
    echo(f"下一步：填好后运行 jixiao check \"{target}\"{extra} 检查，jixiao build \"{target}\"{extra} 生成报告。")


@click.command("rollover")
@click.argument("last", metavar="上年工作簿", type=zh.InPath("上年工作簿"))
@click.option("-o", "--output", "target", type=zh.OutPath("文件"), default=None,
              help="输出文件（默认：上年工作簿旁的 {年度}年度绩效自评工作簿_{单位名称}.xlsx）")
@click.option("--year", "year_text", default=None, metavar="年份", help="新年度（默认：上年工作簿的年度加一）")
@click.option("--format", "format_name", default=None, metavar="名称",
              help="新年度的报告格式（默认：沿用上年工作簿的“报告模板”）")
@click.option("--formats", "format_dirs", multiple=True, type=zh.InPath("文件夹"),
              help="自己的报告格式所在的文件夹（可多次给出）")
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖")
def rollover_cmd(last: Path, target: Path | None, year_text: str | None, format_name: str | None,
                 format_dirs: tuple[Path, ...], force: bool) -> None:
    """由上年工作簿生成新年度工作簿：保留单位、框架、指标和项目，清空本年数字。"""
    from jixiao.workbooks.blank import blank_workbook, fill_workbook, to_bytes
    from jixiao.read.workbook import read_workbook
    from jixiao.workbooks.rollover import plan
    path = check_format_dirs(format_dirs)
    wb, msgs = read_workbook(last)
    if wb is None:
        for m in msgs:
            echo(str(m), err=True)
        raise SystemExit(1)
    if not wb.info.unit_name or wb.info.year is None:
        _fail(f"{last.name} 没有单位名称或年度，无法结转", "请先在上年工作簿的“基本信息”中填好单位名称和年度。")
    if year_text is None and wb.info.year + 1 > MAX_YEAR:
        _fail(f"{last.name} 的年度是 {wb.info.year}，下一年度 {wb.info.year + 1} 超出了程序支持的范围"
              f"（{MIN_YEAR}–{MAX_YEAR}）", "请检查上年工作簿“基本信息”中的年度，或用 --year 指定新年度。")
    year = _year(year_text, wb.info.year + 1)
    old = wb.info.template or DEFAULT
    name = format_name if format_name is not None else old
    if format_name is None and find(old, path) is None:
        _fail(f"上年工作簿的报告格式“{old}”找不到",
              "如是本局自己的格式，请用 --formats 文件夹（或环境变量 JIXIAO_FORMATS）指明它所在的文件夹；"
              "要换用别的格式，请用 --format 名称。")
    fm = _format(name, path)
    p = plan(wb, year, fm, same_format=fm.name == old)
    book = blank_workbook(fm, year, available(path))
    fill_workbook(book, p.data)
    target = target or last.with_name(safe_filename(f"{year}年度绩效自评工作簿_{wb.info.unit_name}", ".xlsx"))
    _write(to_bytes(book), target, force, source=last)
    errors = [m for m in msgs if m.is_error]
    if errors:
        echo(f"提示 上年工作簿有{len(errors)}处错误（如 {errors[0].where}），这些单元格的内容未能带入。", err=True)
    echo(f"{year}年度工作簿 → {target}")
    echo("保留：")
    for line in p.kept:
        echo(f"  {line}")
    echo("清空（请填写本年度的数字）：")
    for line in p.cleared:
        echo(f"  {line}")
