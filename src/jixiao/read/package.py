"""The .xlsx package: a path in, the zip open and its parts found. zipfile and pyexpat only (no
openpyxl). The path is checked before it is opened (a folder, a FIFO, a lock file, an empty or
oversized file), the zip before anything is inflated (an old .xls, an encrypted or OpenDocument
file, too many entries, too much unpacked); then the workbook's relationships, its sheets and
their state, the date system, the shared strings and the cell styles' number formats are read.

    package = open_package(path)          # Refused when the file cannot be used
    package.sheets                        # [SheetEntry]: each tab, its part, kind and state

Streaming one worksheet is sheet.py's job (`read_sheet(package, entry)`); the limits are in
limits.py.
"""
from __future__ import annotations

import io
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from pyexpat import ExpatError, ParserCreate

from jixiao.oserrors import os_reason
from jixiao.read.limits import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, ReadAllowance
from jixiao.read.numfmt import format_code, is_date_format, is_duration_format
from jixiao.read.parts import PartHandler, RelsPart, SharedStringsPart, StylesPart, WorkbookPart
from jixiao.read.refused import RESAVE, Refused

_CHUNK = 64 * 1024


@dataclass
class SheetEntry:
    """One tab of the workbook, as workbook.xml and its relationships list it."""
    name: str                         # the tab's name, as written
    part: str                         # zip entry, "" when missing
    kind: str                         # "worksheet", "chartsheet", … (relationship type)
    state: str = "visible"            # visible / hidden / veryHidden


def _file_problem(path: Path) -> Refused | None:
    """What is wrong with the path itself, decided without opening it (a FIFO would block)."""
    name = path.name or str(path)
    if name.startswith("~$") or name.startswith(".~lock."):
        return Refused("", f"{name} 是 Excel/WPS/LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿本身",
                       f"请选择同一文件夹中不带“~$”的工作簿“{name.removeprefix('~$').removeprefix('.~lock.').rstrip('#')}”。")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return Refused("", f"找不到文件 {name}", "请检查文件路径和文件名。")
    except PermissionError:
        return Refused("", f"没有权限访问 {name}（所在文件夹不允许读取）", "请检查文件夹的访问权限，或把工作簿复制到自己的文件夹后再试。")
    except OSError as e:
        return Refused("", f"无法访问 {name}（{os_reason(e)}）", "请检查文件路径。")
    except ValueError:            # a NUL in the name
        return Refused("", f"无法访问 {name}（名称中含有无效字符）", "请检查文件路径。")
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return Refused("", f"{name} 是文件夹，不是工作簿", "请指定文件夹中的 .xlsx 工作簿文件。")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return Refused("", f"{name} 是管道或套接字，不是工作簿文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Refused("", f"{name} 是设备，不是工作簿文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if not stat.S_ISREG(mode):
        return Refused("", f"{name} 不是普通文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if st.st_size == 0:
        return Refused("", f"{name} 是空文件（0 字节）", "请用 Excel 或 WPS 重新保存工作簿。")
    if st.st_size > MAX_FILE_BYTES:
        return Refused("", f"{name} 有 {st.st_size / 1048576:.0f} MB，超过绩效工作簿的上限 "
                       f"{MAX_FILE_BYTES // 1048576} MB", "请检查是否选错了文件。")
    return None


def _read_file(path: Path) -> bytes:
    """The file's bytes. Opened without blocking and checked again once open, so a FIFO put in
    the file's place after the first look cannot make the read wait forever; its size and time
    compared before and after the read, so a workbook rewritten while it is read is said to be
    that, not taken for a damaged or empty file."""
    name = path.name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise Refused("", f"{name} 不是普通文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
            data = f.read(MAX_FILE_BYTES + 1)
            after = os.fstat(fd)
            if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or \
                    len(data) != min(after.st_size, MAX_FILE_BYTES + 1):
                # rewritten while read (being saved, synced): what was read is neither version
                raise Refused("", f"{name} 在读取时被改动（可能正在保存或同步）",
                              "请等保存完成（或关闭正在写它的程序）后重试。")
            return data
    except PermissionError:
        raise Refused("", f"没有权限读取 {name}", "请检查文件的访问权限（或请有权限的同事另存一份）后再试。")
    except OSError as e:
        raise Refused("", f"无法读取 {name}（{os_reason(e)}）",
                      "文件可能正被其他程序独占使用，请关闭后再试。")


def _damage(e: BaseException) -> str:
    """What broke, in Chinese, for a damaged package (never Python's English class name)."""
    if isinstance(e, zipfile.BadZipFile):
        return "压缩包结构不完整"
    if isinstance(e, zlib.error):
        return "压缩数据已损坏"
    if isinstance(e, EOFError):
        return "文件不完整，可能只复制了一部分"
    if isinstance(e, struct.error):
        return "文件结构已损坏"
    if isinstance(e, RuntimeError):          # zipfile: an encrypted entry
        return "内容已加密或无法解压"
    if isinstance(e, OSError):
        return os_reason(e)
    return "数据格式错误"


def _entry_count(data: bytes) -> int | None:
    """The number of entries the zip's end record declares (zip64 included); None if absent."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    if count == 0xFFFF and at >= 20 and data[at - 20:at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, at - 12)[0]
        if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", data, offset + 32)[0]
    return count


def open_package(path: Path | str) -> "Package":
    """The workbook package at `path`, its sheets listed; raises Refused."""
    path = Path(path)
    problem = _file_problem(path)
    if problem is not None:
        raise problem
    data = _read_file(path)
    return Package(path.name, data)


class Package:
    """An opened .xlsx package: its entries, the workbook's sheets (`sheets`), the date system,
    and its parts streamed on demand (`parse`) within the package's ReadAllowance."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self._allowance = ReadAllowance(name)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise Refused("", f"{name} 是加密（设置了打开密码）的工作簿，无法读取",
                              "请在 Excel/WPS 中打开，取消文件的打开密码后另存为 .xlsx 再试。")
            raise Refused("", f"{name} 是旧版 .xls 格式的工作簿，无法读取",
                          "请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再试。")
        if not data.startswith(b"PK"):
            raise Refused("", f"{name} 不是 .xlsx 工作簿（可能是改了扩展名的 CSV、网页或其他文件）",
                          "请在 Excel/WPS 中打开并另存为 .xlsx 格式。")
        count = _entry_count(data)
        if count is not None and count > MAX_ZIP_ENTRIES:
            raise Refused("", f"{name} 内含 {count:,} 个文件，超过上限 {MAX_ZIP_ENTRIES:,} 个，不像是绩效工作簿",
                          "请检查文件来源，或在 Excel/WPS 中另存为 .xlsx 后再试。")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, struct.error) as e:
            raise Refused("", f"{name} 已损坏，无法读取（{_damage(e)}）",
                          "请用 Excel/WPS 打开检查后重新保存。") from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused("", f"{name} 内含 {len(infos):,} 个文件，超过上限 {MAX_ZIP_ENTRIES:,} 个，不像是绩效工作簿",
                          "请检查文件来源，或在 Excel/WPS 中另存为 .xlsx 后再试。")
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise Refused("", f"{name} 解压后过大（{unpacked // 1048576} MB，上限 "
                          f"{MAX_UNPACKED_BYTES // 1048576} MB），拒绝读取",
                          "请检查文件来源，或重新另存为 .xlsx。")
        self.entries = {i.filename: i for i in infos}
        self._lower = {n.lower(): n for n in self.entries}
        if "mimetype" in self.entries and "xl/workbook.xml" not in self.entries:
            kind = self._small("mimetype")
            if b"opendocument.spreadsheet" in kind:
                raise Refused("", f"{name} 是 OpenDocument 表格（.ods），不是 .xlsx 工作簿",
                              "请在 WPS/LibreOffice/Excel 中“另存为” Excel 工作簿（.xlsx）后再试。")
        self.workbook_part = self._office_document()
        self.sheets: list[SheetEntry] = []
        self.date1904 = False
        self._read_workbook()
        self._strings: list[str] | None = None
        self._styles: list[tuple[str, bool, bool]] | None = None

    # -- parts ------------------------------------------------------------------------------

    def _find(self, part: str) -> str:
        part = part.lstrip("/")
        if part in self.entries:
            return part
        return self._lower.get(part.lower(), "")

    def _small(self, part: str) -> bytes:
        info = self.entries[part]
        if info.file_size > 4096:
            return b""
        return self._guard(lambda: self.zip.read(part))

    def _guard(self, fn, sheet: str = ""):
        """fn(), with a damaged package or part as Refused (located at `sheet` when it is one)."""
        what = f"{self.name} 无法读取：工作表“{sheet}”" if sheet else f"{self.name} 无法读取："
        try:
            return fn()
        except Refused:
            raise
        except ExpatError as e:
            raise Refused(sheet, f"{what}内容已损坏（XML 第 {e.lineno} 行第 {e.offset} 列格式错误）",
                          RESAVE) from None
        except NotImplementedError:
            raise Refused(sheet, f"{what}使用了不支持的压缩方式（如 Windows 压缩工具的 Deflate64）",
                          RESAVE) from None
        except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError, ValueError, struct.error) as e:
            raise Refused(sheet, f"{what}内容已损坏或格式不受支持（{_damage(e)}）",
                          RESAVE) from None

    def parse(self, part: str, handler: PartHandler, sheet: str = "") -> None:
        """Stream one part through `handler` (a pyexpat handler object), counting its bytes;
        `sheet` names the worksheet the part holds, for messages."""
        info = self.entries[part]
        self._allowance.part(sheet, part, info.file_size)

        def run():
            parser = ParserCreate(namespace_separator="}")
            parser.buffer_text = True
            parser.buffer_size = _CHUNK
            parser.StartDoctypeDeclHandler = self._no_dtd
            parser.EntityDeclHandler = self._no_dtd
            handler.attach(parser, self._allowance)
            with self.zip.open(info) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        self._guard(run, sheet)

    def _no_dtd(self, *args):
        raise Refused("", f"{self.name} 无法读取：文件中含有 Excel 不会写入的 DTD/实体声明（可能是恶意构造的文件）",
                      "请用 Excel 或 WPS 打开该工作簿，另存为 .xlsx 后再试；如来源不明，请勿打开。")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target part) of a part's relationships."""
        folder, base = posixpath.split(part)
        rels_part = self._find(posixpath.join(folder, "_rels", base + ".rels"))
        if not rels_part:
            return {}
        h = RelsPart()
        self.parse(rels_part, h)
        out = {}
        for rid, rtype, target, mode in h.rels:
            if mode == "External":
                continue
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rid] = (rtype.rsplit("/", 1)[-1], self._find(full))
        return out

    def _office_document(self) -> str:
        """The workbook part: the package's officeDocument relationship, else xl/workbook.xml."""
        for rtype, target in self._rels("").values():
            if rtype == "officeDocument" and target:
                return target
        wb = self._find("xl/workbook.xml")
        if not wb:
            raise Refused("", f"{self.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）",
                          "请选择 .xlsx 工作簿。")
        return wb

    def _read_workbook(self) -> None:
        h = WorkbookPart()
        self.parse(self.workbook_part, h)
        if not h.is_workbook:
            raise Refused("", f"{self.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）",
                          "请选择 .xlsx 工作簿。")
        self.date1904 = h.date1904
        self.rels = self._rels(self.workbook_part)
        for name, rid, state in h.sheets:
            rtype, part = self.rels.get(rid, ("", ""))
            self.sheets.append(SheetEntry(name, part, rtype or "worksheet", state))

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            part = next((t for k, t in self.rels.values() if k == "sharedStrings" and t), "") \
                or self._find("xl/sharedStrings.xml")
            h = SharedStringsPart(self.name)
            if part:
                self.parse(part, h)
            self._strings = h.strings
        return self._strings

    def styles(self) -> list[tuple[str, bool, bool]]:
        """Per cell style index: (number-format code, is a date, is a duration)."""
        if self._styles is None:
            part = next((t for k, t in self.rels.values() if k == "styles" and t), "") \
                or self._find("xl/styles.xml")
            h = StylesPart()
            if part:
                self.parse(part, h)
            out = []
            for fid in h.xf_formats:
                code = format_code(fid, h.formats)
                date = is_date_format(code)
                out.append((code, date, date and is_duration_format(code)))
            self._styles = out
        return self._styles
