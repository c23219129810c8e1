"""click in Chinese: every text click itself would print (help headings, usage, the help and
version options, [default: …]) as the clerk reads it, and the parameter types of the commands.

click's own words are English and come from a few places, each replaced here:
- the help page's headings ("Usage:", "Options:", "Commands:") — `ChineseHelp`, the formatter of
  every `Context`;
- the metavars "[OPTIONS]", "COMMAND [ARGS]...", "PATH" — `chinese()` and the commands' metavars;
- the help option's "Show this message and exit." and the version option's texts — `HELP`,
  `VERSION_HELP`, `VERSION_MESSAGE`;
- "[default: …]" — no option shows click's default; each says its default in its own help;
- usage errors ("Error: …", "Try …") — main.py turns each into one Chinese line.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import click

from jixiao.cli.console import display_width

HELP = "显示本帮助并退出"
HELP_NAMES = ("-h", "--help")
VERSION_HELP = "显示版本号并退出"
VERSION_MESSAGE = "%(prog)s 版本 %(version)s"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
HEADINGS = {"Usage": "用法", "Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelp(click.HelpFormatter):
    """click's help formatter with Chinese headings and usage prefix, and option and command
    lists aligned by the columns a terminal gives each character (a Chinese one takes two)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, second) for first, second in rows]
        first_col = min(max((display_width(f) for f, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - self.current_indent - first_col - 2, 10)
        for first, second in rows:
            self.write(indent + first)
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + indent + " " * first_col)
            lines = _wrap(" ".join(second.split()), text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * first_col + line + "\n")


    def write_text(self, text: str) -> None:
        """A command's description: its paragraphs (blank-line separated) wrapped by columns; the
        lines of a paragraph joined without a space where Chinese meets Chinese."""
        indent = " " * self.current_indent
        for i, para in enumerate(p for p in text.split("\n\n") if p.strip()):
            joined = ""
            for line in para.split("\n"):
                line = line.strip()
                joined += ("" if not joined or not joined[-1].isascii() else " ") + line
            if i:
                self.write("\n")
            for line in _wrap(joined, max(self.width - self.current_indent, 10)):
                self.write(indent + line + "\n")


_NO_LINE_START = set("）)，,。.；;：:、！!？?”’》」』】")     # punctuation kept on the line before


def _wrap(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` terminal columns, broken between any two Chinese
    characters (Chinese has no spaces to break at) or at a space, never inside a word of ASCII
    letters (an option, a file name); a line starts with neither a space nor closing punctuation."""
    lines, line = [], ""
    for token in re.findall(r"[!-~]+|.", text, re.S):
        if line and display_width(line + token) > columns and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = "" if token == " " else token
        else:
            line += token
    return lines + [line] if line or not lines else lines


class Context(click.Context):
    formatter_class = ChineseHelp


def chinese(cmd: click.Command) -> click.Command:
    """`cmd` with its help page in Chinese: formatter, metavars and a -h/--help option whose text
    is Chinese (click's own would say "Show this message and exit.")."""
    cmd.context_class = Context
    cmd.options_metavar = OPTIONS_METAVAR
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = SUBCOMMAND_METAVAR
    if not any(set(HELP_NAMES) & set(p.opts) for p in cmd.params):
        click.help_option(*HELP_NAMES, help=HELP)(cmd)
    return cmd


MAX_NAME_BYTES = 255        # one part of a path, encoded (ext4, NTFS, APFS: 255)
MAX_PATH_BYTES = 4095       # a whole path, encoded (Linux PATH_MAX less the final NUL)


def name_problem(path: Path) -> str:
    """Why the system would refuse `path` by its length alone ("" when it would not): checked
    before any call that would raise ENAMETOOLONG (Path.exists and is_dir raise it)."""
    try:
        whole = len(os.fsencode(path))
        longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
    except (UnicodeError, ValueError):
        return "含有系统不能表示的字符"
    if longest > MAX_NAME_BYTES:
        return f"其中一段名称过长（超过{MAX_NAME_BYTES}字节，约{MAX_NAME_BYTES // 3}个汉字）"
    if whole > MAX_PATH_BYTES:
        return f"路径过长（超过{MAX_PATH_BYTES}字节）"
    return ""


class OutPath(click.ParamType):
    """An output file or folder: a path, never empty (an empty -o would write into the current
    folder without saying so), never one the system would refuse as too long."""
    name = "路径"

    def __init__(self, metavar: str = "路径") -> None:
        self.metavar = metavar

    def get_metavar(self, param, ctx=None) -> str:      # click ≥ 8.2 passes ctx
        return self.metavar

    def convert(self, value, param, ctx):
        if isinstance(value, Path):
            return value
        if not str(value).strip():
            self.fail("不能为空（要写到当前文件夹，请写 .）", param, ctx)
        if problem := name_problem(Path(value)):
            self.fail(f"{problem}，请换一个短一些的名称", param, ctx)
        return Path(value)


class InPath(OutPath):
    """A path read from (a formats folder, last year's workbook): never one the system would
    refuse as too long. The workbooks of build/check/summary are `InPath(names=False)`: a
    too-long one is that workbook's error, the others still run."""

    def __init__(self, metavar: str = "路径", names: bool = True) -> None:
        super().__init__(metavar)
        self.names = names

    def convert(self, value, param, ctx):
        path = value if isinstance(value, Path) else Path(value)
        if self.names and (problem := name_problem(path)):
            self.fail(f"{problem}，请换一个短一些的名称", param, ctx)
        return path


class Jobs(click.ParamType):
    """-j N: a whole number of worker processes, at least 1 (capped later: pool.max_jobs)."""
    name = "N"

    def convert(self, value, param, ctx):
        try:
            n = int(value)
        except (TypeError, ValueError):
            n = 0
        if n < 1:
            self.fail(f"应为不小于 1 的整数（同时处理的进程数），而不是“{value}”", param, ctx)
        return n
