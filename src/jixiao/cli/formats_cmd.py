"""`jixiao formats`: which report formats there are, where each is, and where the formats'
reference is; and `check_format_dirs`, the --formats folders every command takes, checked and
put before the formats the program ships.
"""
from __future__ import annotations

from pathlib import Path

import click

from jixiao.cli import zh
from jixiao.cli.console import Problem, echo
from jixiao.formats.load import Format, FormatError, load
from jixiao.formats.search import FORMAT_FILE, available, find, listed_once, reference, search_path

FORMAT_FAULT_EXIT = 1        # every command's exit code when the fault is a report format's
FORMAT_FAULT = "报告格式有误："  # and the words every such message starts with (after where)


def fault_lines(problems: list[FormatError]) -> list[str]:
    """A format's problems as every command prints them: `where：报告格式有误：what todo`."""
    return [f"{e.where + '：' if e.where else ''}{FORMAT_FAULT}{e.what}{' ' + e.todo if e.todo else ''}"
            for e in problems]


def checked_format(name: str, path: tuple[Path, ...], always: bool = False) -> Format:
    """The format `name`, loaded and checked (lint.py; the shipped ones only when `always`); its
    problems as a Problem with FORMAT_FAULT_EXIT."""
    try:
        fm = load(name, path)
    except FormatError as e:
        raise Problem("\n错误 ".join(fault_lines([e])), exit_code=FORMAT_FAULT_EXIT) from None
    from jixiao.render.lint import lint, lint_unless_shipped     # only when a format is used
    problems = lint(fm) if always else lint_unless_shipped(fm)
    if problems:
        raise Problem("\n错误 ".join(fault_lines(problems)), exit_code=FORMAT_FAULT_EXIT)
    return fm


def check_format_dirs(format_dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """Where formats are looked for: the --formats folders (each must be a folder: Problem if
    not), then JIXIAO_FORMATS and the program's own."""
    for d in format_dirs:
        if not d.is_dir():
            raise Problem(f"--formats 指定的 {d} 不是文件夹 请给出存放报告格式（每个格式一个子文件夹）的文件夹。")
    return search_path(format_dirs)


@click.command("formats")
@click.option("--formats", "format_dirs", multiple=True, type=zh.InPath("文件夹"),
              help="自己的报告格式所在的文件夹（可多次给出）")
@click.option("--check", "to_check", metavar="格式名或文件夹",
              help="检查一个格式（连同它所继承的）：设置、每个模板文件，并用样例数据生成一遍报告；逐条列出问题所在的文件和行")
def formats_cmd(format_dirs: tuple[Path, ...], to_check: str | None) -> None:
    """列出可用的报告格式及其所在文件夹，和格式参考文档的位置。"""
    if to_check is not None:
        _check(to_check, format_dirs)
        return
    from jixiao.render.lint import lint
    path = check_format_dirs(format_dirs)
    with listed_once():              # each folder listed once: linear in the number of formats
        for name in available(path):
            folder = find(name, path)
            try:
                fm = load(name, path)
                problems = lint(fm, samples=False)       # as text: --check renders them too
                desc = fm["description"]
                if problems:
                    desc = f"（有误，{len(problems)}处：jixiao formats --check {name} 列出）{desc}"
            except FormatError as e:
                desc = f"（有误：{e}）"
            echo(f"{name}\t{desc}\n\t{folder}")
    echo(f"格式参考：{reference()}")
    echo("自己的格式：复制上面某个文件夹，改好后用 --formats 指明其上一级文件夹（或设环境变量 JIXIAO_FORMATS）。")


def _check(to_check: str, format_dirs: tuple[Path, ...]) -> None:
    """`jixiao formats --check 名称或文件夹`: a folder holding a format.toml is that format (found
    before any other of its name); otherwise the name on the search path."""
    folder = Path(to_check)
    name = to_check
    if (folder / FORMAT_FILE).is_file():
        format_dirs = (folder,) + tuple(format_dirs)
        name = folder.resolve().name
    path = check_format_dirs(format_dirs)
    fm = checked_format(name, path, always=True)
    chain = " ← ".join(n for n, _ in fm.chain)
    echo(f"报告格式“{fm.name}”检查通过（{chain}）：设置、模板文件，以及用样例数据生成的报告，都没有发现问题。")
