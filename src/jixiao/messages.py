"""Errors and warnings, each located at `sheet!cell`, in Chinese.

A workbook keeps at most MAX_MESSAGES of them (`sort_messages`): errors first, then warnings, then
notes, each kept in sheet and cell order, and one last message "另有N条问题未列出" at the level of
the gravest one left out — so a workbook broken in every row costs check, build and summary a
thousand lines, not a million (and a build with errors left out still has an error)."""
from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from typing import Literal

from jixiao.contract import SHEET_ORDER

Level = Literal["错误", "警告", "提示"]
LEVELS: tuple[Level, ...] = ("错误", "警告", "提示")     # gravest first
MAX_MESSAGES = 1000          # messages kept per workbook; the rest are counted in one more


@dataclass(frozen=True)
class Message:
    level: Level
    where: str        # "资金情况!B7", "绩效指标", or "" for the file itself
    what: str         # what is wrong
    todo: str = ""    # what to do

    def __str__(self) -> str:
        loc = f"{self.where}：" if self.where else ""
        tail = f" {self.todo}" if self.todo else ""
        return f"{self.level} {loc}{self.what}{tail}"

    @property
    def is_error(self) -> bool:
        return self.level == "错误"

    def sort_key(self) -> tuple:
        sheet, _, cell = self.where.partition("!")
        m = re.match(r"([A-Z]+)(\d+)", cell)
        col, row = (m.group(1), int(m.group(2))) if m else ("", 0)
        return (SHEET_ORDER.get(sheet, -1 if not sheet else 99), row, len(col), col,
                {"错误": 0, "警告": 1, "提示": 2}[self.level], self.what)


def error(where: str, what: str, todo: str = "") -> Message:
    return Message("错误", where, what, todo)


def warning(where: str, what: str, todo: str = "") -> Message:
    return Message("警告", where, what, todo)


def note(where: str, what: str, todo: str = "") -> Message:
    return Message("提示", where, what, todo)


def sort_messages(msgs: list[Message], limit: int = MAX_MESSAGES) -> list[Message]:
    """The messages in sheet and cell order, each once, at most `limit` of them plus one saying
    how many more there are (`cap_messages`)."""
    seen: set[Message] = set()
    out = []
    for m in sorted(msgs, key=Message.sort_key):
        if m not in seen:
            seen.add(m)
            out.append(m)
    return cap_messages(out, limit)


def cap_messages(msgs: list[Message], limit: int = MAX_MESSAGES) -> list[Message]:
    """At most `limit` of `msgs` — errors before warnings before notes, in their order — and, when
    some are left out, a last message at the level of the gravest of them saying how many."""
    if len(msgs) <= limit:
        return msgs
    rank = {level: i for i, level in enumerate(LEVELS)}
    kept = set(sorted(range(len(msgs)), key=lambda i: (rank[msgs[i].level], i))[:limit])
    left = [m for i, m in enumerate(msgs) if i not in kept]
    counts = "，".join(f"{level} {n} 条" for level in LEVELS
                      if (n := sum(m.level == level for m in left)))
    gravest = min((m.level for m in left), key=rank.__getitem__)
    return [m for i, m in enumerate(msgs) if i in kept] + [Message(
        gravest, "", f"另有{len(left)}条问题未列出（{counts}）",
        f"只列出了前 {limit} 条；请先改正上面列出的问题，再检查一次。")]


# What the operating system said, in Chinese (its own text is English on most systems).
_OS_REASONS = {
    errno.ENOENT: "找不到该文件或文件夹", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "名称过长", errno.ELOOP: "链接层数过多（快捷方式或符号链接互相指向）",
    errno.EIO: "磁盘读写出错", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘是只读的",
    errno.EBUSY: "文件正被占用", errno.ETXTBSY: "文件正被占用", errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多", errno.ENXIO: "设备不存在", errno.ENODEV: "设备不存在",
    errno.EINVAL: "名称或参数无效", errno.EAGAIN: "文件暂时无法读取", errno.EFBIG: "文件过大",
    errno.EOVERFLOW: "文件过大", errno.EEXIST: "已存在同名的文件", errno.EXDEV: "不能跨磁盘移动",
    errno.ENOTEMPTY: "文件夹不是空的", errno.ETIMEDOUT: "网络连接超时",
    errno.ECONNRESET: "网络连接中断", errno.EHOSTUNREACH: "网络不通", errno.ENETUNREACH: "网络不通",
    errno.ENOMEM: "内存不足", errno.EINTR: "操作被中断",
}
for _name, _text in (("EDQUOT", "超出磁盘配额"), ("ESTALE", "网络文件已失效"), ("ENOTCONN", "网络未连接"),
                     ("EHOSTDOWN", "网络上的主机已关闭"), ("ENOMEDIUM", "驱动器中没有磁盘")):
    if hasattr(errno, _name):
        _OS_REASONS[getattr(errno, _name)] = _text
_WINDOWS_REASONS = {32: "文件正被其他程序使用", 33: "文件的一部分被其他程序锁定", 206: "名称过长",
                    1920: "无法访问该文件（可能是云盘中尚未下载的文件）"}


def os_reason(e: BaseException) -> str:
    """An operating-system error in Chinese, for a message: "名称过长", "没有权限", …; an
    unknown code is named, never the system's English text."""
    winerror = getattr(e, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    code = getattr(e, "errno", None)
    if code in _OS_REASONS:
        return _OS_REASONS[code]
    if isinstance(e, FileNotFoundError):
        return _OS_REASONS[errno.ENOENT]
    if isinstance(e, PermissionError):
        return _OS_REASONS[errno.EACCES]
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    return f"系统错误 {name or code or type(e).__name__}"
