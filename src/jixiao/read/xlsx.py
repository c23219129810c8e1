"""The .xlsx package: a path in, the raw cells of the sheets asked for out. zipfile and pyexpat
only (no openpyxl): one streaming pass over each sheet that is read, none over the others.

    package = open_package(path)          # Refused(Message) when the file cannot be used
    sheet = package.sheet("绩效指标")      # SheetData: cells, merged ranges, hidden rows, filter

Each cell gives its value the way Excel shows it: shared and inline strings, numbers (int or
float), booleans, error values (`ExcelError`), dates through the cell's number format and the
workbook's 1900/1904 date system; its number-format code; and, where there is no cached value,
its formula text (shared formulas translated). Every count that can grow with the file (bytes
unpacked, zip entries, cells, shared strings, merged ranges) is a named limit below, checked
from what the package declares before anything is inflated, and again while streaming, so a
hostile file is refused within seconds and a bounded amount of memory. Transitional and Strict
Open XML are both read (their namespaces differ; elements are matched by local name).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from pyexpat import ExpatError, ParserCreate

from jixiao.messages import Message, error

from jixiao.oserrors import os_reason

# ---------------------------------------------------------------- limits (docs/workbook.md)

MAX_FILE_BYTES = 50 * 1024 * 1024        # the file on disk; a year's workbook is well under 1 MB
MAX_UNPACKED_BYTES = 300 * 1024 * 1024   # all entries of the package together, as declared
MAX_ZIP_ENTRIES = 10_000                 # entries in the package (a workbook has a few dozen)
MAX_PART_BYTES = 32 * 1024 * 1024        # one part that is read (a sheet, the shared strings), unpacked
MAX_READ_BYTES = 64 * 1024 * 1024        # all parts that are read together, unpacked
MAX_SHARED_STRINGS = 500_000             # entries of the shared string table
MAX_CELLS = 500_000                      # cells (<c>, blank ones included) in the sheets read
MAX_XML_ELEMENTS = 2_000_000             # XML elements of every kind in the parts read
MAX_ROWS = 5000                          # data rows read per sheet (content beyond: an error)
MAX_COLS = 60                            # columns read per sheet (A..BH)
MAX_MERGED_RANGES = 10_000               # merged ranges in the sheets read

LIMITS = ("MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "MAX_ZIP_ENTRIES", "MAX_PART_BYTES",
          "MAX_READ_BYTES", "MAX_SHARED_STRINGS", "MAX_CELLS", "MAX_XML_ELEMENTS", "MAX_ROWS",
          "MAX_COLS", "MAX_MERGED_RANGES")

_CHUNK = 64 * 1024
_RESAVE = "请用 Excel 或 WPS 打开该工作簿，另存为 .xlsx 后再试。"


class Refused(Exception):
    """The file (or a sheet of it) cannot be read; carries the message for the clerk."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


class ExcelError:
    """A cached error value (#N/A, #REF!, #VALUE!, #DIV/0!, …): never text, never a number."""
    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExcelError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"ExcelError({self.code!r})"


class Cell:
    """One cell as stored. `serial` is the number behind a date-formatted value (2023 typed into
    a date cell shows as 1905-07-15; the serial keeps the 2023). `formula` is set only where
    there is no cached value ("=SUM(B2:B5)")."""
    __slots__ = ("value", "fmt", "formula", "serial")

    def __init__(self, value: object, fmt: str = "General", formula: str | None = None,
                 serial: float | int | None = None):
        self.value, self.fmt, self.formula, self.serial = value, fmt, formula, serial

    def __repr__(self) -> str:
        return f"Cell({self.value!r}, {self.fmt!r}, {self.formula!r}, {self.serial!r})"


@dataclass
class SheetData:
    """The cells of one sheet within MAX_ROWS + 1 rows (the header and the data) and MAX_COLS
    columns, with what else the reader must know about them."""
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)   # (row, column), 1-based
    last_row: int = 0                 # the last stored row holding a cell
    extent: tuple[int, int] = (0, 0)  # (row, column) of the farthest non-blank cell anywhere
    rows_beyond: int = 0              # the first row beyond the limit holding a value (0: none)
    hidden_rows: set[int] = field(default_factory=set)
    filter_ref: str = ""              # the autofilter's range, "" when none
    filtering: bool = False           # the autofilter has criteria (rows may be filtered out)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)   # r1, c1, r2, c2
    date1904: bool = False            # the workbook's date system (serials of formulas evaluated)


@dataclass
class SheetEntry:
    name: str                         # the tab's name, as written
    part: str                         # zip entry, "" when missing
    kind: str                         # "worksheet", "chartsheet", … (relationship type)
    state: str = "visible"            # visible / hidden / veryHidden


# ---------------------------------------------------------------- number formats and dates

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Ids 27–36 and 50–58 are the East Asian built-in date and time formats: Chinese Excel writes
# them by id alone (a 填报日期 shown as 2024年1月1日 has numFmtId 31 and no formatCode).
_EAST_ASIAN = {27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy",
               31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
               34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
               50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
               54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"',
               57: 'yyyy"年"m"月"', 58: 'm"月"d"日"'}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(code: str) -> bool:
    first = _STRIP.sub("", code.split(";")[0])
    return _DATE_CODE.search(first) is not None


def is_duration_format(code: str) -> bool:
    """[h]:mm and the like: elapsed time, read as a duration (26:00), not a time of day."""
    return _TIMEDELTA.search(code.split(";")[0]) is not None


def date_value(serial, code: str, date1904: bool) -> object:
    """A number shown through a date format (a formula's result evaluated here), as the reader
    gives a date cell: a date, a time or a duration; the number itself when it is no date."""
    if isinstance(serial, bool):
        return serial
    try:
        number = float(serial)            # an int, a float or a Decimal
    except (OverflowError, ValueError, TypeError):
        return serial
    if number != number or abs(number) > 2_958_465:       # 9999-12-31: beyond, no date
        return serial
    value = from_serial(number, date1904, is_duration_format(code))
    return serial if isinstance(value, float) else value


_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def from_serial(value: float | int, date1904: bool, timedelta: bool = False) -> object:
    """An Excel serial number as Python's date/time (as openpyxl reads it); the number itself
    when it is beyond the dates Python knows (openpyxl makes it #VALUE!, an error the file does
    not hold)."""
    try:
        if timedelta:
            td = dt.timedelta(days=value)
            if td.microseconds:
                td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
            return td
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        day, fraction = divmod(value, 1)
        diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
        if 0 <= value < 1 and diff.days == 0:
            seconds = diff.seconds
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
        if 0 < value < 60 and not date1904:      # Excel's 1900-02-29
            day += 1
        return epoch + dt.timedelta(days=day) + diff
    except (OverflowError, ValueError):
        return value


def _iso_date(text: str) -> object:
    """A t="d" cell (ISO 8601, as Strict files and some programs write dates)."""
    try:
        return dt.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            return text


def _number(text: str) -> int | float | str:
    """A <v> as openpyxl casts it: int without '.', 'e', 'E', else float; else the text."""
    try:
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


# ---------------------------------------------------------------- cell references

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_COLS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """'A' → 1, 'AB' → 28."""
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        _COLS[letters] = n
    return n


def column_letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_ref(ref: str) -> tuple[int, int] | None:
    """'B7' → (7, 2); None when it is no cell reference."""
    m = _REF.fullmatch(ref)
    if m is None:
        return None
    return int(m.group(2)), column_index(m.group(1))


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """'A2:C5' → (2, 1, 5, 3) (r1, c1, r2, c2), ordered; a single cell is its own range."""
    a, _, b = ref.partition(":")
    p, q = split_ref(a), split_ref(b or a)
    if p is None or q is None:
        return None
    return min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])


# ---------------------------------------------------------------- opening the file

def _file_problem(path: Path) -> Message | None:
    """What is wrong with the path itself, decided without opening it (a FIFO would block)."""
    name = path.name or str(path)
    if name.startswith("~$") or name.startswith(".~lock."):
        return error("", f"{name} 是 Excel/WPS/LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿本身",
                     f"请选择同一文件夹中不带“~$”的工作簿“{name.removeprefix('~$').removeprefix('.~lock.').rstrip('#')}”。")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return error("", f"找不到文件 {name}", "请检查文件路径和文件名。")
    except PermissionError:
        return error("", f"没有权限访问 {name}（所在文件夹不允许读取）", "请检查文件夹的访问权限，或把工作簿复制到自己的文件夹后再试。")
    except OSError as e:
        return error("", f"无法访问 {name}（{os_reason(e)}）", "请检查文件路径。")
    except ValueError:            # a NUL in the name
        return error("", f"无法访问 {name}（名称中含有无效字符）", "请检查文件路径。")
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return error("", f"{name} 是文件夹，不是工作簿", "请指定文件夹中的 .xlsx 工作簿文件。")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return error("", f"{name} 是管道或套接字，不是工作簿文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return error("", f"{name} 是设备，不是工作簿文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if not stat.S_ISREG(mode):
        return error("", f"{name} 不是普通文件", "请指定保存在磁盘上的 .xlsx 工作簿。")
    if st.st_size == 0:
        return error("", f"{name} 是空文件（0 字节）", "请用 Excel 或 WPS 重新保存工作簿。")
    if st.st_size > MAX_FILE_BYTES:
        return error("", f"{name} 有 {st.st_size / 1048576:.0f} MB，超过绩效工作簿的上限 "
                     f"{MAX_FILE_BYTES // 1048576} MB", "请检查是否选错了文件。")
    return None


def _read_file(path: Path) -> bytes:
    """The file's bytes. Opened without blocking and checked again once open, so a FIFO put in
    the file's place after the first look cannot make the read wait forever."""
    name = path.name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise Refused(error("", f"{name} 不是普通文件", "请指定保存在磁盘上的 .xlsx 工作簿。"))
            return f.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise Refused(error("", f"没有权限读取 {name}", "请检查文件的访问权限（或请有权限的同事另存一份）后再试。"))
    except OSError as e:
        raise Refused(error("", f"无法读取 {name}（{os_reason(e)}）",
                            "文件可能正被其他程序独占使用，请关闭后再试。"))


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
        raise Refused(problem)
    data = _read_file(path)
    return Package(path.name, data)


class Package:
    def __init__(self, name: str, data: bytes):
        self.name = name
        self._budget = _Budget(name)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise Refused(error("", f"{name} 是加密（设置了打开密码）的工作簿，无法读取",
                                    "请在 Excel/WPS 中打开，取消文件的打开密码后另存为 .xlsx 再试。"))
            raise Refused(error("", f"{name} 是旧版 .xls 格式的工作簿，无法读取",
                                "请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再试。"))
        if not data.startswith(b"PK"):
            raise Refused(error("", f"{name} 不是 .xlsx 工作簿（可能是改了扩展名的 CSV、网页或其他文件）",
                                "请在 Excel/WPS 中打开并另存为 .xlsx 格式。"))
        count = _entry_count(data)
        if count is not None and count > MAX_ZIP_ENTRIES:
            raise Refused(error("", f"{name} 内含 {count:,} 个文件，超过上限 {MAX_ZIP_ENTRIES:,} 个，不像是绩效工作簿",
                                "请检查文件来源，或在 Excel/WPS 中另存为 .xlsx 后再试。"))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, struct.error) as e:
            raise Refused(error("", f"{name} 已损坏，无法读取（{_damage(e)}）",
                                "请用 Excel/WPS 打开检查后重新保存。")) from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused(error("", f"{name} 内含 {len(infos):,} 个文件，超过上限 {MAX_ZIP_ENTRIES:,} 个，不像是绩效工作簿",
                                "请检查文件来源，或在 Excel/WPS 中另存为 .xlsx 后再试。"))
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise Refused(error("", f"{name} 解压后过大（{unpacked // 1048576} MB，上限 "
                                f"{MAX_UNPACKED_BYTES // 1048576} MB），拒绝读取",
                                "请检查文件来源，或重新另存为 .xlsx。"))
        self.entries = {i.filename: i for i in infos}
        self._lower = {n.lower(): n for n in self.entries}
        if "mimetype" in self.entries and "xl/workbook.xml" not in self.entries:
            kind = self._small("mimetype")
            if b"opendocument.spreadsheet" in kind:
                raise Refused(error("", f"{name} 是 OpenDocument 表格（.ods），不是 .xlsx 工作簿",
                                    "请在 WPS/LibreOffice/Excel 中“另存为” Excel 工作簿（.xlsx）后再试。"))
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
            raise Refused(error(sheet, f"{what}内容已损坏（XML 第 {e.lineno} 行第 {e.offset} 列格式错误）",
                                _RESAVE)) from None
        except NotImplementedError:
            raise Refused(error(sheet, f"{what}使用了不支持的压缩方式（如 Windows 压缩工具的 Deflate64）",
                                _RESAVE)) from None
        except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError, ValueError, struct.error) as e:
            raise Refused(error(sheet, f"{what}内容已损坏或格式不受支持（{_damage(e)}）",
                                _RESAVE)) from None

    def parse(self, part: str, handler: "_Handler", sheet: str = "") -> None:
        """Stream one part through `handler` (a pyexpat handler object), counting its bytes;
        `sheet` names the worksheet the part holds, for messages."""
        info = self.entries[part]
        self._budget.part(sheet, part, info.file_size)

        def run():
            parser = ParserCreate(namespace_separator="}")
            parser.buffer_text = True
            parser.buffer_size = _CHUNK
            parser.StartDoctypeDeclHandler = self._no_dtd
            parser.EntityDeclHandler = self._no_dtd
            handler.attach(parser, self._budget)
            with self.zip.open(info) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        self._guard(run, sheet)

    def _no_dtd(self, *args):
        raise Refused(error("", f"{self.name} 无法读取：文件中含有 Excel 不会写入的 DTD/实体声明（可能是恶意构造的文件）",
                            "请用 Excel 或 WPS 打开该工作簿，另存为 .xlsx 后再试；如来源不明，请勿打开。"))

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target part) of a part's relationships."""
        folder, base = posixpath.split(part)
        rels_part = self._find(posixpath.join(folder, "_rels", base + ".rels"))
        if not rels_part:
            return {}
        h = _Rels()
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
            raise Refused(error("", f"{self.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）",
                                "请选择 .xlsx 工作簿。"))
        return wb

    def _read_workbook(self) -> None:
        h = _WorkbookXml()
        self.parse(self.workbook_part, h)
        if not h.is_workbook:
            raise Refused(error("", f"{self.name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩包）",
                                "请选择 .xlsx 工作簿。"))
        self.date1904 = h.date1904
        self.rels = self._rels(self.workbook_part)
        for name, rid, state in h.sheets:
            rtype, part = self.rels.get(rid, ("", ""))
            self.sheets.append(SheetEntry(name, part, rtype or "worksheet", state))

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            part = next((t for k, t in self.rels.values() if k == "sharedStrings" and t), "") \
                or self._find("xl/sharedStrings.xml")
            h = _SharedStrings(self.name)
            if part:
                self.parse(part, h)
            self._strings = h.strings
        return self._strings

    def styles(self) -> list[tuple[str, bool, bool]]:
        """Per cell style index: (number-format code, is a date, is a duration)."""
        if self._styles is None:
            part = next((t for k, t in self.rels.values() if k == "styles" and t), "") \
                or self._find("xl/styles.xml")
            h = _Styles()
            if part:
                self.parse(part, h)
            out = []
            for fid in h.xf_formats:
                code = h.formats.get(fid) or BUILTIN_FORMATS.get(fid) or _EAST_ASIAN.get(fid) or "General"
                date = is_date_format(code)
                out.append((code, date, date and is_duration_format(code)))
            self._styles = out
        return self._styles

    def sheet(self, entry: SheetEntry, label: str = "") -> SheetData:
        """Stream one worksheet: raises Refused when a limit is passed or the part is broken.
        `label` names the sheet in messages (the contract's name for a leniently matched tab)."""
        h = _Worksheet(label or entry.name, self)
        self.parse(entry.part, h, label or entry.name)
        return h.finish()


# ---------------------------------------------------------------- counting

class _Budget:
    """What the parts read so far have cost, against the limits."""

    def __init__(self, name: str):
        self.name = name
        self.bytes = 0
        self.elements = 0
        self.cells = 0
        self.merges = 0

    def part(self, sheet: str, part: str, size: int) -> None:
        if size > MAX_PART_BYTES:
            what = f"工作表“{sheet}”" if sheet else f"{self.name} 中的 {part}"
            raise Refused(error(sheet, f"{what}解压后有 {size // 1048576} MB，超过上限 "
                                f"{MAX_PART_BYTES // 1048576} MB（通常是大片带格式的空单元格或粘贴进来的大量数据）",
                                "请删除工作表中多余的行列（选中后“删除”，不是“清除内容”），保存后再试。"))
        self.bytes += size
        if self.bytes > MAX_READ_BYTES:
            raise Refused(error("", f"{self.name} 要读取的内容解压后超过 {MAX_READ_BYTES // 1048576} MB",
                                "请删除工作表中多余的行列（选中后“删除”，不是“清除内容”），保存后再试。"))

    def too_many_elements(self) -> None:
        raise Refused(error("", f"{self.name} 的 XML 元素超过 {MAX_XML_ELEMENTS:,} 个，不像是 Excel 保存的工作簿",
                            _RESAVE))


# ---------------------------------------------------------------- pyexpat handlers

def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by local name, whatever namespace prefix (r:id in both Open XML flavours)."""
    for k, v in attrs.items():
        if k == local or k.endswith("}" + local):
            return v
    return None


def _true(v: str | None) -> bool:
    return v in ("1", "true", "on")


class _Handler:
    def attach(self, parser, budget: _Budget) -> None:
        self.parser = parser
        self.budget = budget
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def count(self) -> None:
        self.budget.elements += 1
        if self.budget.elements > MAX_XML_ELEMENTS:
            self.budget.too_many_elements()

    def start(self, name, attrs):
        self.count()

    def end(self, name):
        pass


class _Rels(_Handler):
    def __init__(self):
        self.rels: list[tuple[str, str, str, str]] = []

    def start(self, name, attrs):
        self.count()
        if _local(name) == "Relationship":
            self.rels.append((attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", ""),
                              attrs.get("TargetMode", "")))


class _WorkbookXml(_Handler):
    def __init__(self):
        self.sheets: list[tuple[str, str, str]] = []
        self.date1904 = False
        self.is_workbook = False
        self.depth = 0

    def start(self, name, attrs):
        self.count()
        local = _local(name)
        if self.depth == 0:
            self.is_workbook = local == "workbook"
        self.depth += 1
        if local == "sheet":
            self.sheets.append((attrs.get("name", ""), _attr(attrs, "id") or "", attrs.get("state", "visible")))
        elif local == "workbookPr":
            self.date1904 = _true(attrs.get("date1904"))

    def end(self, name):
        self.depth -= 1


class _Text(_Handler):
    """Collects character data while `self.text` is a list."""

    def collect(self) -> None:
        self.text = []
        self.parser.CharacterDataHandler = self.text.append

    def stop(self) -> str:
        self.parser.CharacterDataHandler = None
        s = "".join(self.text)
        self.text = None
        return s


class _SharedStrings(_Text):
    def __init__(self, name: str):
        self.name = name
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.phonetic = 0
        self.text = None

    def start(self, name, attrs):
        self.count()
        local = _local(name)
        if local == "t" and not self.phonetic:
            self.collect()
        elif local == "si":
            self.parts = []
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise Refused(error("", f"{self.name} 的共享字符串超过 {MAX_SHARED_STRINGS:,} 个，不像是绩效工作簿",
                                    "请删除不需要的工作表和数据，保存后再试。"))
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name):
        local = _local(name)
        if local == "t" and self.text is not None:
            self.parts.append(self.stop())
        elif local == "si":
            self.strings.append("".join(self.parts))
        elif local == "rPh":
            self.phonetic -= 1


class _Styles(_Handler):
    def __init__(self):
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.in_cell_xfs = False

    def start(self, name, attrs):
        self.count()
        local = _local(name)
        if local == "numFmt":
            try:
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "General")
            except ValueError:
                pass
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            try:
                self.xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, name):
        if _local(name) == "cellXfs":
            self.in_cell_xfs = False


_GENERAL = ("General", False, False)
_UNRESOLVED = "=（共享公式缺失）"      # a shared formula whose master cell is missing: unevaluable


_NAMESPACES = ("", "http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
               "http://purl.oclc.org/ooxml/spreadsheetml/main}")
_C, _V, _T, _IS, _RPH, _F, _ROW, _MERGE, _FILTER, _FILTER_COLUMN = range(1, 11)
_CODES = {ns + local: code for ns in _NAMESPACES for local, code in (
    ("c", _C), ("v", _V), ("t", _T), ("is", _IS), ("rPh", _RPH), ("f", _F), ("row", _ROW),
    ("mergeCell", _MERGE), ("autoFilter", _FILTER), ("filterColumn", _FILTER_COLUMN))}


class _Worksheet(_Text):
    """One worksheet, streamed: cells within the limits are kept, everything is counted."""

    def __init__(self, name: str, package: Package):
        self.sheet = SheetData(name, date1904=package.date1904)
        self.package = package
        self.strings = package.shared_strings()
        self.styles = package.styles()
        self.date1904 = package.date1904
        self.text = None
        self.buf: list[str] = []
        self.row = 0
        self.col = 0
        self.row_hidden = False
        self.shared: dict[str, tuple[str, int, int]] = {}    # si → (formula, row, col)
        self.pending: list[tuple[int, int, str]] = []        # shared formulas before their master
        self.in_is = False
        self.phonetic = 0
        self.seen_merges: set[str] = set()
        self.max_r = self.max_c = 0
        self.pos = (0, 0)
        self.t, self.s, self.v, self.inline, self.f, self.f_attrs = "n", 0, None, None, None, None

    def attach(self, parser, budget):
        super().attach(parser, budget)
        self.append = self.buf.append      # character data is collected inside <v>, <t>, <f> only

    def start(self, name, attrs):
        budget = self.budget
        budget.elements += 1
        if budget.elements > MAX_XML_ELEMENTS:
            budget.too_many_elements()
        code = _CODES.get(name)
        if code == _C:
            budget.cells += 1
            if budget.cells > MAX_CELLS:
                raise Refused(error(self.sheet.name, f"工作表“{self.sheet.name}”等要读取的工作表共有超过 {MAX_CELLS:,} 个单元格"
                                    "（含带格式的空单元格），超过上限",
                                    "请删除多余的行列（选中后“删除”，不是“清除内容”），保存后再试。"))
            ref = attrs.get("r")
            pos = split_ref(ref) if ref else None
            if pos is None:
                self.col += 1
                pos = (self.row, self.col)
            else:
                self.col = pos[1]
            self.pos = pos
            self.t = attrs.get("t", "n")
            self.s = attrs.get("s")
            self.v = self.inline = self.f = self.f_attrs = None
            self.in_is, self.phonetic = False, 0
        elif code == _V or code == _T or code == _F:
            self.buf.clear()
            self.parser.CharacterDataHandler = self.append
            if code == _F:
                self.f_attrs = attrs
        elif code == _ROW:
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
            self.row_hidden = _true(attrs.get("hidden"))
        elif code == _IS:
            self.in_is = True
            self.inline = []
        elif code == _RPH:
            self.phonetic += 1
        elif code == _MERGE:
            self.merge(attrs.get("ref", ""))
        elif code == _FILTER:
            self.sheet.filter_ref = attrs.get("ref", "") or "?"
        elif code == _FILTER_COLUMN and self.sheet.filter_ref:
            self.sheet.filtering = True

    def end(self, name):
        code = _CODES.get(name)
        if code == _C:
            self.cell()
            return
        self.parser.CharacterDataHandler = None
        if code == _V:
            self.v = "".join(self.buf)
        elif code == _T:
            if self.in_is and not self.phonetic and self.inline is not None:
                self.inline.append("".join(self.buf))
        elif code == _IS:
            self.in_is = False
        elif code == _RPH:
            self.phonetic = max(0, self.phonetic - 1)
        elif code == _F:
            self.f = "".join(self.buf)

    def merge(self, ref: str) -> None:
        if ref in self.seen_merges:
            return
        self.budget.merges += 1
        if self.budget.merges > MAX_MERGED_RANGES:
            raise Refused(error(self.sheet.name, f"要读取的工作表中合并单元格超过 {MAX_MERGED_RANGES:,} 处，超过上限",
                                "请取消不需要的合并单元格（“合并后居中”再点一次），保存后再试。"))
        self.seen_merges.add(ref)
        b = range_bounds(ref)
        if b is not None and (b[0] != b[2] or b[1] != b[3]):
            self.sheet.merged.append(b)

    def cell(self) -> None:
        r, c = self.pos
        t = self.t
        v = self.v or None
        if t == "str" and self.v is not None and v is None:
            v = ""        # <v></v>, <v/>: a formula's cached empty string (=IF(C3="","",C3)), blank
        if r > MAX_ROWS + 1 or c > MAX_COLS or r < 1 or c < 1:     # outside what is read
            if (v is not None or self.inline or self.f_attrs is not None) and r >= 1 and c >= 1:
                self.max_r, self.max_c = max(self.max_r, r), max(self.max_c, c)
                if r > MAX_ROWS + 1 and not self.sheet.rows_beyond and v != "":   # "": shows blank
                    self.sheet.rows_beyond = r
            return
        s = self.s
        fmt, is_date, is_duration = _GENERAL
        if s and s.isdigit() and int(s) < len(self.styles):       # a bad style index: General
            fmt, is_date, is_duration = self.styles[int(s)]
        serial = None
        if t == "inlineStr":
            value = "".join(self.inline) if self.inline is not None else None
        elif v is None:
            value = None
        elif t == "str":
            value = v
        elif t == "s":
            try:
                if not v.strip().isdigit():
                    raise ValueError(v)
                value = self.strings[int(v)]
            except (ValueError, IndexError):
                raise Refused(error(f"{self.sheet.name}!{column_letter(c)}{r}" if 0 < c <= MAX_COLS and r > 0 else self.sheet.name,
                                    f"{self.package.name} 已损坏：单元格引用了不存在的共享字符串 {v[:20]}", _RESAVE)) from None
        elif t == "b":
            value = v.strip() in ("1", "true")
        elif t == "e":
            value = ExcelError(v.strip())
        elif t == "d":
            value = _iso_date(v.strip())
        else:
            value = _number(v)
            if is_date and isinstance(value, (int, float)):
                serial = value
                value = from_serial(value, self.date1904, is_duration)
        formula = self.formula(r, c, value is None) if self.f_attrs is not None else None
        if value is None and formula is None:
            return                # a blank cell, formatted or not: nothing to keep
        if r > self.max_r:
            self.max_r = r
        if c > self.max_c:
            self.max_c = c
        self.sheet.cells[(r, c)] = Cell(value, fmt, formula, serial)
        if self.row_hidden and r == self.row:
            self.sheet.hidden_rows.add(r)
        if r > self.sheet.last_row:
            self.sheet.last_row = r

    def formula(self, r: int, c: int, needed: bool) -> str | None:
        """The formula text of a cell without a cached value ("=SUM(B2:B5)"); a shared
        formula's master is remembered either way, for the cells that share it."""
        attrs = self.f_attrs
        text = self.f or ""
        kind = attrs.get("t", "normal")
        if kind == "shared":
            si = attrs.get("si", "")
            if text:
                self.shared[si] = (text, r, c)
            elif needed:
                self.pending.append((r, c, si))
                return _UNRESOLVED
        elif kind == "dataTable":
            return "=TABLE()"
        return "=" + text if needed else None

    def finish(self) -> SheetData:
        from jixiao.read.formulas import translate
        for r, c, si in self.pending:
            cell = self.sheet.cells.get((r, c))
            if cell is not None and si in self.shared:
                master, mr, mc = self.shared[si]
                cell.formula = "=" + translate(master, r - mr, c - mc)
        self.sheet.extent = (self.max_r, self.max_c)
        return self.sheet
