"""Streaming one worksheet of an open package: `read_sheet(package, entry) -> SheetData`. One
pyexpat pass over the sheet's part; cells within MAX_ROWS + 1 rows and MAX_COLS columns are
kept, everything is counted against the package's ReadAllowance.

Each cell gives its value the way Excel shows it: shared and inline strings, numbers (int or
float), booleans, error values (`ExcelError`), dates through the cell's number format and the
workbook's 1900/1904 date system; its number-format code; and, where there is no cached value,
its formula text (shared formulas translated by formulas.translate). Transitional and Strict
Open XML are both read (elements are matched by name in either namespace)."""
from __future__ import annotations

from jixiao.read.dates import from_serial, iso_date
from jixiao.read.formulas import translate
from jixiao.read.limits import MAX_CELLS, MAX_COLS, MAX_MERGED_RANGES, MAX_ROWS, MAX_XML_ELEMENTS
from jixiao.read.package import Package, SheetEntry
from jixiao.read.parts import TextCollector, is_true
from jixiao.read.refs import column_letter, range_bounds, split_ref
from jixiao.read.refused import RESAVE, Refused
from jixiao.read.sheetdata import ExcelError, SheetCell, SheetData


def read_sheet(package: Package, entry: SheetEntry, label: str = "") -> SheetData:
    """Stream one worksheet: raises Refused when a limit is passed or the part is broken.
    `label` names the sheet in messages (the contract's name for a leniently matched tab)."""
    h = WorksheetStream(label or entry.name, package)
    package.parse(entry.part, h, label or entry.name)
    return h.finish()


def _cached_number(text: str) -> int | float | str:
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


_GENERAL = ("General", False, False)
_UNRESOLVED = "=（共享公式缺失）"      # a shared formula whose master cell is missing: unevaluable


_NAMESPACES = ("", "http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
               "http://purl.oclc.org/ooxml/spreadsheetml/main}")
_C, _V, _T, _IS, _RPH, _F, _ROW, _MERGE, _FILTER, _FILTER_COLUMN = range(1, 11)
_CODES = {ns + local: code for ns in _NAMESPACES for local, code in (
    ("c", _C), ("v", _V), ("t", _T), ("is", _IS), ("rPh", _RPH), ("f", _F), ("row", _ROW),
    ("mergeCell", _MERGE), ("autoFilter", _FILTER), ("filterColumn", _FILTER_COLUMN))}


class WorksheetStream(TextCollector):
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

    def attach(self, parser, allowance):
        super().attach(parser, allowance)
        self.append = self.buf.append      # character data is collected inside <v>, <t>, <f> only

    def start(self, name, attrs):
        allowance = self.allowance
        allowance.elements += 1
        if allowance.elements > MAX_XML_ELEMENTS:
            allowance.too_many_elements()
        code = _CODES.get(name)
        if code == _C:
            allowance.cells += 1
            if allowance.cells > MAX_CELLS:
                raise Refused(self.sheet.name, f"工作表“{self.sheet.name}”等要读取的工作表共有超过 {MAX_CELLS:,} 个单元格"
                              "（含带格式的空单元格），超过上限",
                              "请删除多余的行列（选中后“删除”，不是“清除内容”），保存后再试。")
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
            self.row_hidden = is_true(attrs.get("hidden"))
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
        self.allowance.merges += 1
        if self.allowance.merges > MAX_MERGED_RANGES:
            raise Refused(self.sheet.name, f"要读取的工作表中合并单元格超过 {MAX_MERGED_RANGES:,} 处，超过上限",
                          "请取消不需要的合并单元格（“合并后居中”再点一次），保存后再试。")
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
                raise Refused(f"{self.sheet.name}!{column_letter(c)}{r}" if 0 < c <= MAX_COLS and r > 0 else self.sheet.name,
                              f"{self.package.name} 已损坏：单元格引用了不存在的共享字符串 {v[:20]}", RESAVE) from None
        elif t == "b":
            value = v.strip() in ("1", "true")
        elif t == "e":
            value = ExcelError(v.strip())
        elif t == "d":
            value = iso_date(v.strip())
        else:
            value = _cached_number(v)
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
        self.sheet.cells[(r, c)] = SheetCell(value, fmt, formula, serial)
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
        for r, c, si in self.pending:
            cell = self.sheet.cells.get((r, c))
            if cell is not None and si in self.shared:
                master, mr, mc = self.shared[si]
                cell.formula = "=" + translate(master, r - mr, c - mc)
        self.sheet.extent = (self.max_r, self.max_c)
        return self.sheet
