"""The workbooks a command is given: files and folders in, one `Item` per workbook out, each once,
in order.

Folders are searched recursively and sorted; Excel/WPS `~$` lock files, LibreOffice locks, macOS
forks and files that are not workbooks are skipped; a FIFO or device there is named, never
opened. A file argument goes to the reader whatever it is: the reader says in one Chinese line
what is wrong with a missing, unreadable or special file.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.cli.console import printable
from jixiao.messages import Message, error
from jixiao.oserrors import os_reason

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")   # looked for in folders
LOCK_PREFIXES = ("~$", ".~lock.", "._")     # Excel/WPS lock files, LibreOffice locks, macOS forks


@dataclass
class Item:
    """One workbook to process, or one argument that cannot be (`problem`)."""
    path: Path
    shown: str                        # how the output names it: the path as given or found
    problem: Message | None = None


def collect(args: Sequence[Path]) -> list[Item]:
    """Workbooks named by the arguments, each once, in order; folders searched recursively.
    A file argument goes to the reader as it is, whatever it is (the reader names what is wrong
    with a missing, unreadable or special file without opening a FIFO); in a folder only regular
    files with a workbook's name are taken."""
    items: list[Item] = []
    seen: set[tuple] = set()

    def add(item: Item, st: os.stat_result | None) -> None:
        key = ((st.st_dev, st.st_ino) if st is not None and st.st_ino
               else (os.path.normcase(os.path.abspath(item.path)),))
        if key not in seen:
            seen.add(key)
            items.append(item)

    for arg in args:
        try:
            st = os.stat(arg)
        except (OSError, ValueError):
            st = None
        if st is None or not stat.S_ISDIR(st.st_mode):
            add(Item(arg, _shown(arg)), st)
            continue
        found = 0
        for path, err in _walk(arg):
            if err is not None:
                items.append(_problem(path, f"无法读取文件夹 {path}（{os_reason(err)}）", "请检查该文件夹的访问权限。"))
                continue
            try:
                pst = os.stat(path)
            except OSError as e:
                items.append(_problem(path, f"无法访问 {path}（{os_reason(e)}）", "请检查该文件的访问权限。"))
                continue
            found += 1
            add(_found(path, pst), pst)
        if not found:
            items.append(_problem(arg, f"文件夹 {arg} 里没有工作簿（{'、'.join(WORKBOOK_SUFFIXES)}）",
                                  "请检查文件夹是否选对。"))
    return items


def _walk(folder: Path) -> list[tuple[Path, OSError | None]]:
    """Workbook files under `folder` sorted by their path in it (sub-folders' files in place),
    without following links to folders; folders that cannot be read come with their error."""
    found: list[tuple[tuple[str, ...], Path, OSError | None]] = []
    errors: list[OSError] = []
    for root, dirs, names in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(WORKBOOK_SUFFIXES) and not name.startswith(LOCK_PREFIXES):
                path = Path(root) / name
                found.append((path.relative_to(folder).parts, path, None))
    for e in errors:
        path = Path(e.filename or folder)
        found.append((path.relative_to(folder).parts if path.is_relative_to(folder) else (), path, e))
    return [(path, err) for _, path, err in sorted(found, key=lambda f: f[0])]


def _found(path: Path, st: os.stat_result) -> Item:
    """A file found in a folder: never opened unless it is a regular file."""
    if not stat.S_ISREG(st.st_mode):
        kind = ("命名管道（FIFO）" if stat.S_ISFIFO(st.st_mode) else
                "设备" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "套接字" if stat.S_ISSOCK(st.st_mode) else "特殊文件")
        return _problem(path, f"{path} 是{kind}，不是工作簿文件，未读取", "请把它移出该文件夹。")
    return Item(path, _shown(path))


def _problem(path: Path, what: str, todo: str) -> Item:
    return Item(path, _shown(path), error("", what, todo))


def _shown(path: Path) -> str:
    """A path as the output names it: one line, no control characters (a terminal escape in a
    file name is shown as "?", never sent to the terminal)."""
    return printable(str(path), lines=False)
