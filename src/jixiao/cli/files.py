"""Files the program writes: bytes and a path in, a whole file in place out — never half a file.

- `save_atomic` writes a temp file in the target's folder, fsyncs it and renames it over the
  target (os.replace), so the old file stays whole until the new one is complete.
- Temp files are named `.{target}.jixiao-XXXXXXXX.tmp`. One left by a killed save is removed by
  `remove_stale_temps` at the next run into that folder once it is `STALE_TEMP_SECONDS` old (a live
  save holds its temp file for milliseconds; the margin protects a second jixiao writing there
  at the same moment). Nothing else is ever removed.
- `publish` replaces a previous report: a read-only previous report is refused, not replaced
  (Windows refuses to replace it anyway; someone protected it on purpose), and a writable one
  keeps its permission bits — read from the report file itself (lstat), never setuid, setgid or
  sticky. A symbolic link (or anything but a regular file) at the report's path is refused, not
  followed and not replaced: the program writes only regular files, only in the output folder.
  A report open in Word (PermissionError on Windows) stays whole and the clerk is told to close it.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

from jixiao.oserrors import os_reason

STALE_TEMP_SECONDS = 120
TEMP_MARK = "jixiao-"
_TEMP = re.compile(r"^\.(?:.+\.)?jixiao-[a-z0-9_]{8}\.tmp$")
_NAME_BYTES = 200                 # of the target's name kept in a temp file's name (255 at most)


class OutputError(Exception):
    """A file could not be written; `message` says why in Chinese and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _temp_prefix(name: str) -> str:
    short = name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", "ignore")
    return f".{short}.{TEMP_MARK}"


def _default_mode() -> int:
    umask = os.umask(0)           # mkstemp makes 0600; a report is an ordinary file
    os.umask(umask)
    return 0o666 & ~umask


PERMISSION_BITS = 0o777           # of a previous file's mode, what a new version keeps


def save_atomic(data: bytes, path: Path, mode: int | None = None) -> None:
    """Write `data` to `path` via a temp file in the same folder + os.replace: a failed write
    never leaves half a file, and the old one stays as it was. The file gets the permission bits
    of `mode` (never setuid, setgid or sticky), or an ordinary file's mode (0666 less the umask).
    A link at `path` is replaced by the file, never followed."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path.name), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _default_mode() if mode is None else mode & PERMISSION_BITS)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def remove_stale_temps(folder: Path, now: float | None = None) -> list[str]:
    """Remove temp files of our own pattern that a killed save left in `folder`; their names."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime >= STALE_TEMP_SECONDS:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            pass
    return sorted(removed)


def prepare_folder(folder: Path) -> None:
    """Make sure reports can be written into `folder` (created when missing); OutputError if not."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"输出位置 {folder} 已存在，但不是文件夹。请换一个输出文件夹（-o）。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建输出文件夹 {folder}（{os_reason(e)}）。请换一个输出位置（-o）。") from e
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix="." + TEMP_MARK, suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"输出文件夹 {folder} 不能写入（{os_reason(e)}）。请换一个输出位置（-o），"
                          "或让管理员开放写入权限。") from e


def replaceable(target: Path, what: str = "报告") -> os.stat_result | None:
    """The file at `target` (its own status, lstat: a link is not followed), None when there is
    none; OutputError when it must not be replaced: a link, a folder or device, a read-only file."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise OutputError(f"无法访问原{what} {target.name}（{os_reason(e)}），新{what}未写入。") from e
    if stat.S_ISLNK(st.st_mode):
        try:
            points = f"指向 {os.readlink(target)} 的"
        except OSError:
            points = ""
        raise OutputError(f"{target.parent} 里的 {target.name} 是{points}链接（快捷方式），没有替换，也没有写入它所指的文件"
                          f"（新{what}未写入）。请删除这个链接后重试。")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{target.parent} 里已有同名的 {target.name}，但它不是普通文件；新{what}未写入。"
                          "请移走它后重试。")
    if not st.st_mode & 0o222:
        raise OutputError(f"原{what} {target.name} 是只读文件，没有替换（新{what}未写入）。"
                          "如需更新，请先取消该文件的“只读”属性后重试。")
    return st


def publish(data: bytes, target: Path, what: str = "报告") -> bool:
    """Put `data` at `target`, replacing a previous version atomically; True when one was
    replaced. OutputError (the previous version left whole) when it cannot be done (`replaceable`).
    `what` names the file in the messages (报告, 汇总表)."""
    st = replaceable(target, what)
    try:
        save_atomic(data, target, mode=None if st is None else stat.S_IMODE(st.st_mode))
    except PermissionError as e:
        if st is not None:
            raise OutputError(f"原{what} {target.name} 无法替换：它可能正在 Word/WPS/Excel 中打开（{os_reason(e)}）。"
                              f"原{what}保持不变；请关闭该文件后重试。") from e
        raise OutputError(f"{what}无法写入 {target.parent}（{os_reason(e)}）。请检查该文件夹是否可写。") from e
    except OSError as e:
        raise OutputError(f"{what}无法写入 {target}（{os_reason(e)}），原{what}保持不变。"
                          "请检查文件夹和磁盘空间后重试。") from e
    return st is not None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (so that a file read is never written over); never raises."""
    try:
        return a.samefile(b)
    except (OSError, ValueError):
        return False
