"""Operating-system errors in Chinese, for a message: the error in, one short phrase out ("名称过长",
"没有权限", …). Generic: used by the reader, the formats and the command line alike."""
from __future__ import annotations

import errno

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
