"""`jixiao formats`: which report formats there are, where each is, and where the formats'
reference is; and `check_format_dirs`, the --formats folders every command takes, checked and
put before the formats the program ships.
"""
from __future__ import annotations

from pathlib import Path

import click

from jixiao.cli import zh
from jixiao.cli.console import Problem, echo
from jixiao.formats.load import FormatError, load
from jixiao.formats.search import available, find, listed_once, reference, search_path


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
def formats_cmd(format_dirs: tuple[Path, ...]) -> None:
    """列出可用的报告格式及其所在文件夹，和格式参考文档的位置。"""
    path = check_format_dirs(format_dirs)
    with listed_once():              # each folder listed once: linear in the number of formats
        for name in available(path):
            folder = find(name, path)
            try:
                desc = load(name, path)["description"]
            except FormatError as e:
                desc = f"（有误：{e}）"
            echo(f"{name}\t{desc}\n\t{folder}")
    echo(f"格式参考：{reference()}")
    echo("自己的格式：复制上面某个文件夹，改好后用 --formats 指明其上一级文件夹（或设环境变量 JIXIAO_FORMATS）。")
