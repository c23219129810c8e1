"""Robustness: no broken workbook ends in a traceback, a hang or a file outside the output folder.

Each case builds a broken workbook in tmp_path (a copy of a good example, changed; or crafted
bytes) and asserts: no exception escapes; the expected level appears at the right place
(`sheet!cell`, a sheet, or "" for the file itself) in Chinese; `jixiao build` exits 1 and writes
nothing (a previous report stays byte for byte) when there are errors, or exits 0 and writes
exactly one file directly in the output folder when there are only warnings. A hypothesis test
then puts random values into every sheet and asserts that only located messages come out.
"""
from __future__ import annotations

import io
import os
import re
import signal
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.broken_factory import (BILLION_LAUGHS, EXTERNAL_ENTITY, GOOD, GOOD_BYTES, GOOD_REPORT,
                                  LOCK_FILE_BYTES, MAIN_NS, add_merge_xml, add_merges_xml, add_sheet,
                                  append_row, docx_bytes, excel_escape, header_row, label_row,
                                  last_row, lie_about_size, load_good, ods_bytes, ole2_bytes,
                                  rename_sheet, rezip, set_cell_xml, set_label, sheet_part,
                                  sheet_stream, stream_part, to_strict, with_compression_method,
                                  with_entities, with_shared_strings)
import jixiao.cli.main
from jixiao.build import Outcome, analyse, build
from jixiao.cli.main import main
from jixiao.contract import SHEET_BY_NAME, SHEETS
from jixiao.read.limits import MAX_CELLS, MAX_MERGED_RANGES, MAX_PART_BYTES, MAX_XML_ELEMENTS
from jixiao.read.sheets import MAX_TEXT_CHARS
from jixiao.read.workbook import read_workbook

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CELL = re.compile(r"[A-Z]{1,3}[1-9]\d*")
INTERNAL = "程序内部错误"


# ---------------------------------------------------------------- shared assertions

class Hang(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` in the code swallows it."""


@contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise Hang(f"took more than {seconds} s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def dump(out: Outcome) -> str:
    return "\n".join(str(m) for m in out.messages)


def assert_located(out: Outcome) -> None:
    """Every message is in Chinese and located: "" only for the file itself (the message then
    names the file), else a contract sheet, optionally with a well-formed cell address."""
    for m in out.messages:
        assert INTERNAL not in m.what, dump(out)
        assert m.level in ("错误", "警告", "提示"), m
        assert CHINESE.search(m.what), m
        assert not m.todo or CHINESE.search(m.todo), m
        if m.where == "":
            assert out.source in m.what, f"unlocated message that is not about the file: {m}"
            continue
        sheet, bang, cell = m.where.partition("!")
        assert sheet in SHEET_BY_NAME, m
        assert not bang or CELL.fullmatch(cell), m


def assert_docx(data: bytes) -> None:
    """A well-formed package: every XML part parses (no control characters leaked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/document.xml" in z.namelist()
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(z.read(name))


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    return "\n".join("".join(t.text or "" for t in p.iterfind(".//w:t", ns))
                     for p in root.iterfind(".//w:p", ns))


def files_under(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


_good_model = None


def good_model():
    global _good_model
    if _good_model is None:
        _good_model = read_workbook(GOOD)[0]
    return _good_model


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    id: str
    make: Callable[[Path], tuple[Path, str]]   # folder → (workbook, where the message points)
    level: str | None                          # "错误", "警告", or None: builds without errors
    what: str = ""                             # a piece of the expected message
    verify: Callable[[Path, Outcome], None] | None = None
    limit: float = 20                          # seconds for one build
    check: bool = True                         # also run `jixiao check` (skipped when slow)


CASES: list[Case] = []
# the cases whose `jixiao check` runs in a child that measures its time and memory
# (tests/read/test_read_limits.py) rather than in test_broken_workbook: each runs once
BOMBS = ("one_long_shared_string_in_thousands_of_cells", "merges_in_unread_sheet", "merge_copies_in_read_sheet",
         "merges_too_many", "merges_overlapping_over_many_rows", "tiny_cells_288_mb_declared",
         "tiny_cells_in_unread_sheet", "tiny_cells_streamed", "empty_rows_streamed", "parts_read_over_the_total",
         "xml_entity_bomb", "zip_bomb_declared_size", "formula_whole_column_range", "merged_whole_sheet")


def case(id: str, level: str | None, what: str = "", verify=None, limit: float = 20,
         check: bool = True):
    def register(make):
        CASES.append(Case(id, make, level, what, verify, limit, check))
        return make
    return register


def raw(name: str, data: bytes | Callable[[], bytes], where: str = ""):
    """A case whose workbook is these bytes (or the bytes `data()` makes)."""
    def make(folder: Path):
        p = folder / name
        p.write_bytes(data() if callable(data) else data)
        return p, where
    return make


def edit(change: Callable[[openpyxl.Workbook], str], name: str = "broken.xlsx"):
    """A case whose workbook is the good example changed by `change` (returns the where)."""
    def make(folder: Path):
        wb = load_good()
        where = change(wb)
        p = folder / name
        wb.save(p)
        return p, where
    return make


def model(path: Path):
    wb, msgs = read_workbook(path)
    assert wb is not None, msgs
    return wb


# -- the file itself -------------------------------------------------------------------------

case("not_a_zip", "错误", "不是 .xlsx")(raw("x.xlsx", "这不是工作簿。\nnot a workbook\n".encode() * 40))
case("empty_file", "错误", "空文件")(raw("x.xlsx", b""))
case("old_xls", "错误", ".xls")(raw("x.xlsx", ole2_bytes(b"Workbook")))
case("encrypted_ole2", "错误", "加密")(raw("x.xlsx", ole2_bytes(b"EncryptedPackage")))
case("csv_renamed", "错误", "CSV")(raw("x.xlsx", "项目,内容\n单位名称,某街道\n年度,2023\n".encode("gbk")))
case("csv_utf8_bom_renamed", "错误", "CSV")(raw("x.xlsx", "\ufeff项目,内容\n年度,2023\n".encode()))
case("docx_renamed", "错误", "不是 Excel 工作簿")(raw("x.xlsx", docx_bytes()))
case("truncated_zip", "错误")(raw("x.xlsx", GOOD_BYTES[: len(GOOD_BYTES) // 2]))
case("zip_bomb_declared_size", "错误", "过大")(raw("x.xlsx", lie_about_size(GOOD_BYTES, 400 * 2**20)))
case("xml_entity_bomb", "错误", "无法读取", limit=10)(
    raw("x.xlsx", lambda: with_entities(GOOD_BYTES, "基本信息", BILLION_LAUGHS, "B2")))
case("xml_external_entity", "错误", "无法读取", limit=10)(
    raw("x.xlsx", lambda: with_entities(GOOD_BYTES, "基本信息", EXTERNAL_ENTITY, "B2")))
case("malformed_workbook_xml", "错误", "无法读取")(
    raw("x.xlsx", lambda: rezip(GOOD_BYTES, {"xl/workbook.xml": b"<workbook><sheets><sheet"})))
case("sheet_part_missing", "错误", "内容在文件中缺失")(
    raw("x.xlsx", lambda: rezip(GOOD_BYTES, {sheet_part(GOOD_BYTES, "基本信息"): None}), "基本信息"))
case("unsupported_zip_compression", "错误", "无法读取")(
    raw("x.xlsx", lambda: with_compression_method(GOOD_BYTES, 9)))
case("workbook_named_xls", None)(raw("工作簿.xls", GOOD_BYTES))
case("workbook_without_extension", None)(raw("工作簿", GOOD_BYTES))


@case("corrupt_zip_member", "错误", "工作表“绩效指标”")
def _(folder: Path):
    data = bytearray(GOOD_BYTES)
    with zipfile.ZipFile(io.BytesIO(GOOD_BYTES)) as z:
        info = z.getinfo(sheet_part(GOOD_BYTES, "绩效指标"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    p = folder / "x.xlsx"
    p.write_bytes(bytes(data))
    return p, "绩效指标"


@case("missing_file", "错误", "找不到文件")
def _(folder: Path):
    return folder / "没有这个文件.xlsx", ""


# -- sheets and headers ----------------------------------------------------------------------

@case("missing_required_sheet", "错误", "缺少工作表")
@edit
def _(wb):
    del wb["基本信息"]
    return "基本信息"


@case("missing_optional_sheet", "警告", "缺少工作表")
@edit
def _(wb):
    del wb["项目绩效指标"]
    return "项目绩效指标"


@case("chart_sheet_instead_of_data", "错误", "图表工作表")
@edit
def _(wb):
    from openpyxl.chart import BarChart, Reference
    del wb["项目绩效指标"]
    chart = BarChart()
    chart.add_data(Reference(wb["指标体系"], min_col=2, min_row=1, max_row=6), titles_from_data=True)
    wb.create_chartsheet("项目绩效指标").add_chart(chart)
    return "项目绩效指标"


@case("missing_header_column", "错误", "金额（万元）")
@edit
def _(wb):
    wb["资金情况"]["B1"] = "金额"
    return "资金情况!A1"


@case("blank_header_row", "错误", "表头")
@edit
def _(wb):
    for c in wb["绩效指标"][1]:
        c.value = None
    return "绩效指标!A1"


def _same_funds(path: Path, out: Outcome) -> None:
    got, good = model(path).funds.lines, good_model().funds.lines
    assert {k: (v.amount, v.note) for k, v in got.items()} == \
           {k: (v.amount, v.note) for k, v in good.items()}


@case("header_reordered_and_extra_column", None, verify=_same_funds)
@edit
def _(wb):
    ws = wb["资金情况"]
    for r in range(1, last_row(ws) + 1):
        a, b, c = (ws.cell(r, i).value for i in (1, 2, 3))
        for i, v in enumerate((c, "我的备注" if r == 1 else "x", b, f" {a} " if r == 1 else a), start=1):
            ws.cell(r, i).value = v
    return ""


# -- numbers ---------------------------------------------------------------------------------

def _numbers_as_text(path: Path, out: Outcome) -> None:
    f = model(path).funds
    for label in ("收入：一般公共预算", "一般公共预算：财政拨款收入", "一般公共预算：财政拨款支出"):
        assert f.get(label) == Decimal("1506.95"), label


@case("numbers_typed_as_text", None, verify=_numbers_as_text)
@edit
def _(wb):
    ws = wb["资金情况"]
    set_label(ws, "收入：一般公共预算", "1,506.95")
    set_label(ws, "一般公共预算：财政拨款收入", "１５０６．９５")
    set_label(ws, "一般公共预算：财政拨款支出", " 1506.95 ")
    return ""


@case("text_in_amount", "错误", "abc")
@edit
def _(wb):
    where = set_label(wb["资金情况"], "收入：纳入专户管理的非税收入拨款", "abc")
    assert where == "资金情况!B8"
    return where


@case("boolean_in_amount", "错误", "不是数字")
@edit
def _(wb):
    return set_label(wb["资金情况"], "收入：其他资金", True)


@case("date_in_amount", "错误", "日期")
@edit
def _(wb):
    return set_label(wb["基础数据表"], "办公经费", datetime(2023, 5, 1), col=4)


@case("huge_number", "错误", "超出合理范围")
@edit
def _(wb):
    return set_label(wb["资金情况"], "支出：基本支出", 1e20)


@case("negative_amount", "错误", "负数")
@edit
def _(wb):
    return set_label(wb["资金情况"], "收入：政府性基金拨款", -5)


@case("negative_basic_row", "错误", "负数")
@edit
def _(wb):
    return set_label(wb["基础数据表"], "办公经费", "-3.47", col=4)


@case("infinity_in_file", "错误", "不是有效数字")
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(set_cell_xml(GOOD_BYTES, "资金情况", "B6", '<c r="B6"><v>1E999</v></c>'))
    return p, "资金情况!B6"


@case("cached_error_value", "错误", "#DIV/0!")
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(set_cell_xml(GOOD_BYTES, "资金情况", "B5",
                               '<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    return p, "资金情况!B5"


# -- formulas --------------------------------------------------------------------------------

def _formulas_computed(path: Path, out: Outcome) -> None:
    f = model(path).funds
    assert f.get("一般公共预算：基本支出") == Decimal("1506.95")
    assert f.get("全年执行数") == Decimal("1890.40")
    assert not any("1506.96" in m.what for m in out.messages)   # the computed value was used


@case("formula_without_cached_value", None, verify=_formulas_computed)
@edit
def _(wb):
    ws = wb["资金情况"]
    set_label(ws, "一般公共预算：基本支出", "=SUM(B17:B18)")
    set_label(ws, "全年执行数", "=B11+B12")
    assert ws["B17"].value is not None and label_row(ws, "一般公共预算：人员经费") == 17
    return ""


@case("array_formula_without_cached_value", None, verify=_formulas_computed)
@edit
def _(wb):
    from openpyxl.worksheet.formula import ArrayFormula
    ws = wb["资金情况"]
    ws["B16"] = ArrayFormula("B16", "=SUM(B17:B18)")
    set_label(ws, "全年执行数", "=B11+B12")
    return ""


def _whole_column(path: Path, out: Outcome) -> None:
    assert model(path).funds.get("年初预算数") == Decimal("507.83")


@case("formula_whole_column_range", None, verify=_whole_column, limit=5)
@edit
def _(wb):
    ws = wb["资金情况"]
    ws["F5"], ws["F9"], ws["F10"] = 500, 7.83, "备注"     # text in a SUM range is skipped
    set_label(ws, "年初预算数", "=SUM(F1:F1048576)")
    return ""


@case("formula_sum_over_number_typed_as_text", "错误", "公式", limit=5)
@edit
def _(wb):
    ws = wb["资金情况"]
    ws["F5"], ws["F9"] = 500, "7.83"     # Excel's SUM skips the text: 500; the clerk meant 507.83
    return set_label(ws, "年初预算数", "=SUM(F1:F1048576)")


def _chain(path: Path, out: Outcome) -> None:
    assert model(path).funds.get("年初预算数") == Decimal(2**30)


@case("formula_doubling_chain", None, verify=_chain, limit=5)
@edit
def _(wb):
    ws = wb["资金情况"]
    for r in range(2, 32):
        ws.cell(r, 6, f"=F{r + 1}+F{r + 1}")
    ws["F32"] = 1
    set_label(ws, "年初预算数", "=F2")
    return ""


@case("formula_unevaluable", "错误", "公式")
@edit
def _(wb):
    return set_label(wb["资金情况"], "全年预算数", "=VLOOKUP(A3,H:I,2,FALSE)")


@case("formula_circular", "错误", "公式", limit=5)
@edit
def _(wb):
    return set_label(wb["资金情况"], "全年执行数", "=B4+1")


@case("formula_too_deep", "错误", "公式", limit=5)
@edit
def _(wb):
    ws = wb["基础数据表"]
    r0 = last_row(ws) + 1
    for i in range(80):
        ws.cell(r0 + i, 6, f"=F{r0 + i + 1}")
    ws.cell(r0 + 80, 6, 1)
    return set_label(ws, "办公经费", f"=F{r0}", col=4)


@case("formula_bad_reference", "错误", "公式")
@edit
def _(wb):
    return set_label(wb["资金情况"], "收入：其他资金", "=A0+ZZZZ9+B2:B")


# -- 基本信息 ------------------------------------------------------------------------------

@case("year_in_chinese_numerals", "错误", "二〇二三")
@edit
def _(wb):
    return set_label(wb["基本信息"], "年度", "二〇二三")


@case("year_two_digits", "错误", "年度")
@edit
def _(wb):
    return set_label(wb["基本信息"], "年度", 23)


@case("year_blank", "错误", "年度")
@edit
def _(wb):
    return set_label(wb["基本信息"], "年度", None)


@case("year_row_missing", "错误", "年度")
@edit
def _(wb):
    wb["基本信息"].delete_rows(label_row(wb["基本信息"], "年度"))
    return "基本信息!A1"


@case("unit_name_blank", "错误", "单位名称")
@edit
def _(wb):
    return set_label(wb["基本信息"], "单位名称", "   ")


@case("unit_name_too_long", "错误", "单位名称过长")
@edit
def _(wb):
    return set_label(wb["基本信息"], "单位名称", "株洲市芦淞区贺家土街道办事处" * 15)


@case("duplicate_info_label", "错误", "重复")
@edit
def _(wb):
    ws = wb["基本信息"]
    r = append_row(ws, ["年度", 2024])
    return f"基本信息!A{r}"


@case("staff_quota_zero", "错误", "编制数")
@edit
def _(wb):
    return set_label(wb["基本信息"], "编制数", 0)


@case("staff_quota_fraction", "错误", "整数")
@edit
def _(wb):
    return set_label(wb["基本信息"], "编制数", "34.5")


def _dates(path: Path, out: Outcome) -> None:
    info = model(path).info
    assert info.fill_date == date(2024, 1, 1) and info.report_date == date(2024, 4, 28)


@case("dates_typed_as_text", None, verify=_dates)
@edit
def _(wb):
    set_label(wb["基本信息"], "填报日期", "2024.1.1")
    set_label(wb["基本信息"], "报告日期", "2024年4月28日")
    return ""


@case("date_is_words", "错误", "明年")
@edit
def _(wb):
    return set_label(wb["基本信息"], "填报日期", "明年")


@case("template_path_traversal", "错误", "模板")
@edit
def _(wb):
    return set_label(wb["基本信息"], "报告模板", "../../etc")


def _one_safe_file(path: Path, out: Outcome) -> None:
    assert "/" not in out.filename and "\\" not in out.filename and ".." not in out.filename


case("unit_name_dotdot", None, verify=_one_safe_file)(
    edit(lambda wb: set_label(wb["基本信息"], "单位名称", "../../etc/x") and ""))
case("unit_name_slash", None, verify=_one_safe_file)(
    edit(lambda wb: set_label(wb["基本信息"], "单位名称", "a/b") and ""))
case("unit_name_windows_chars", None, verify=_one_safe_file)(
    edit(lambda wb: set_label(wb["基本信息"], "单位名称", 'C:\\某"单位"<1>|?*') and ""))


# -- text ------------------------------------------------------------------------------------

def _control_chars(path: Path, out: Outcome) -> None:
    assert out.data is not None
    assert_docx(out.data)
    text = docx_text(out.data)
    assert "_x000" not in text and "\x01" not in text and "\x0b" not in text
    assert "第一行" in text and "第二行" in text and "尾巴" in text
    assert re.fullmatch(r"[^\x00-\x1f]+", out.filename)
    w = model(path)
    assert w.info.unit_name == "株洲市芦淞区贺家土街道办事处"
    assert w.texts[0].content.startswith("第一行\n第二行尾巴")


@case("control_characters_in_text", None, verify=_control_chars)
@edit
def _(wb):
    wb["报告正文"]["C2"] = excel_escape("第一行\x0b第二行\x01尾巴\x1f\x7f")
    wb["报告正文"]["B3"] = excel_escape("小\x0c标题\x08")
    wb["年度目标"]["A2"] = excel_escape("目标\x0b\x0b\x02")
    wb["基本信息"]["B2"] = excel_escape("株洲市芦淞区\x01贺家土街道办事处\x0b")
    wb["绩效指标"]["D2"] = excel_escape("7个\x1e")
    return ""


@case("section_not_in_list", "错误", "工作职责")
@edit
def _(wb):
    wb["报告正文"]["A2"] = "工作职责"
    return "报告正文!A2"


# -- merged cells ----------------------------------------------------------------------------

def _merged_indicators(path: Path, out: Outcome) -> None:
    inds = model(path).indicators
    assert [i.level1 for i in inds] == [i.level1 for i in good_model().indicators]
    assert [i.level2 for i in inds] == [i.level2 for i in good_model().indicators]


@case("merged_cells_indicators", None, verify=_merged_indicators)
@edit
def _(wb):
    ws = wb["绩效指标"]
    assert ws["A2"].value == "产出指标" and ws["A12"].value == "效益指标"
    ws.merge_cells("A2:A11")
    ws.merge_cells("B7:B10")
    ws.merge_cells("A12:A21")
    return ""


def _merged_funds(path: Path, out: Outcome) -> None:
    (p,) = model(path).projects
    assert [f.source for f in p.funds] == ["上年结转资金", "当年财政拨款"]
    assert p.funds[1].actual == Decimal("0.50")


@case("merged_cells_project_funds", None, verify=_merged_funds)
@edit
def _(wb):
    ws = wb["项目资金"]
    for i, v in enumerate([None, "当年财政拨款", 0, 1, "0.5"], start=1):
        ws.cell(3, i, v)
    ws.merge_cells("A2:A3")
    return ""


def _whole_column_merge(path: Path, out: Outcome) -> None:
    inds = model(path).indicators
    assert len(inds) == len(good_model().indicators)


@case("merged_whole_column", None, verify=_whole_column_merge, limit=8)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_merge_xml(GOOD_BYTES, "绩效指标", "I2:I1048576"))
    return p, ""


def _one_fund_line(path: Path, out: Outcome) -> None:
    (p,) = model(path).projects
    assert len(p.funds) == 1 and p.funds[0].actual == Decimal("0.43")


@case("merged_name_down_whole_column", None, verify=_one_fund_line, limit=8)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_merge_xml(GOOD_BYTES, "项目资金", "A2:A1048576"))
    return p, ""


@case("merged_whole_sheet", None, limit=8)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_merge_xml(GOOD_BYTES, "楼堂馆所", "A3:XFD1048576"))
    return p, ""


# -- cross-sheet and scoring -----------------------------------------------------------------

@case("score_over_weight", "错误", "超过分值")
@edit
def _(wb):
    wb["绩效指标"]["G2"] = 10
    return "绩效指标!G2"


@case("score_negative", "错误", "负数")
@edit
def _(wb):
    wb["绩效指标"]["G3"] = -1
    return "绩效指标!G3"


@case("blank_score_qualitative", "错误", "没有得分")
@edit
def _(wb):
    assert wb["绩效指标"]["D7"].value == "进一步加强"
    wb["绩效指标"]["G7"] = None
    return "绩效指标!G7"


@case("blank_weight", "错误", "没有分值")
@edit
def _(wb):
    wb["绩效指标"]["F3"] = None
    return "绩效指标!F3"


@case("framework_not_100", "错误", "不等于100")
@edit
def _(wb):
    wb["指标体系"]["B3"] = 50
    return "指标体系!B2"


@case("level1_weight_mismatch", "错误", "不一致")
@edit
def _(wb):
    wb["绩效指标"]["F2"] = 5
    return "绩效指标!F2"


@case("level1_not_in_framework", "错误", "不在指标体系中")
@edit
def _(wb):
    assert wb["绩效指标"]["A12"].value == "效益指标"
    wb["绩效指标"]["A12"] = "效果指标"
    return "绩效指标!A12"


@case("project_fund_unknown_project", "错误", "不在“项目”表中")
@edit
def _(wb):
    wb["项目资金"]["A2"] = "不存在的项目"
    return "项目资金!A2"


@case("project_fund_bad_source", "错误", "资金来源")
@edit
def _(wb):
    wb["项目资金"]["B2"] = "中央资金"
    return "项目资金!B2"


@case("project_indicator_unknown_project", "错误", "不在“项目”表中")
@edit
def _(wb):
    for i, v in enumerate(["无此项目", "产出指标", "数量指标", "户数", "10户", "10户", 90, 90], start=1):
        wb["项目绩效指标"].cell(2, i, v)
    return "项目绩效指标!A2"


@case("duplicate_project", "错误", "重复")
@edit
def _(wb):
    ws = wb["项目"]
    for c in ws[2]:
        ws.cell(3, c.column, c.value)
    return "项目!A3"


@case("duplicate_fund_label", "错误", "重复")
@edit
def _(wb):
    r = append_row(wb["资金情况"], ["年初预算数", 100])
    return f"资金情况!A{r}"


@case("basic_parent_disagrees", "错误", "不一致")
@edit
def _(wb):
    return set_label(wb["基础数据表"], "三公经费", 5, col=4)


@case("basic_project_parent_disagrees", "错误", "不一致")
@edit
def _(wb):
    return set_label(wb["基础数据表"], "项目支出", 100, col=4)


@case("budget_table_bad_type", "错误", "预算类型")
@edit
def _(wb):
    for i, v in enumerate(["政府预算", "2120501", "城乡社区环境卫生", 7.5, 0, 7.5], start=1):
        wb["预算支出表"].cell(2, i, v)
    return "预算支出表!A2"


@case("unknown_fund_label", "警告", "不是资金情况的标准项目")
@edit
def _(wb):
    r = append_row(wb["资金情况"], ["收入：捐赠", 5])
    return f"资金情况!A{r}"


@case("unknown_basic_row", "警告", "不是基础数据表的标准行")
@edit
def _(wb):
    r = append_row(wb["基础数据表"], ["其他杂费", 1, 1, 1])
    return f"基础数据表!A{r}"


@case("ten_thousand_rows", "错误", "超出程序读取的上限", limit=30)
@edit
def _(wb):
    ws = wb["年度目标"]
    for r in range(3, 10003):
        ws.cell(r, 1, f"目标{r}")
        ws.cell(r, 2, "已完成")
    return "年度目标"


@case("hundreds_of_columns", None)
@edit
def _(wb):
    ws = wb["资金情况"]
    for c in range(4, 100):
        ws.cell(1, c, f"列{c}")
        ws.cell(2, c, c)
    return ""


# -- issue 10: every class reading must survive ----------------------------------------------
# Each limit is taken from the code (a named constant), so a test states which one it meets.

# the file itself: never "找不到文件" or "缺少工作表" for the wrong reason
case("excel_lock_file", "错误", "临时锁定文件")(raw("~$贺家土街道_2023.xlsx", LOCK_FILE_BYTES))
case("libreoffice_lock_file", "错误", "临时锁定文件")(raw(".~lock.贺家土街道_2023.xlsx#", "张三,host,/home,01.01.2024 10:00;".encode()))
case("ods_renamed", "错误", "OpenDocument")(raw("x.xlsx", ods_bytes()))


@case("fifo_is_never_opened", "错误", "管道", limit=5)
def _(folder: Path):
    p = folder / "管道.xlsx"
    os.mkfifo(p)          # opening it would block until someone writes: the reader must not
    return p, ""


@case("device_as_workbook", "错误", "设备", limit=5)
def _(folder: Path):
    return Path("/dev/zero"), ""          # endless: reading it would never end


def _same_as_good(path: Path, out: Outcome) -> None:
    assert model(path) == dc_replace(good_model(), source=path.name)


case("strict_open_xml", None, verify=_same_as_good)(raw("strict.xlsx", lambda: to_strict(GOOD_BYTES)))
case("sheet_tab_trailing_space", "提示", "不完全一致", verify=_same_as_good)(
    raw("x.xlsx", lambda: rename_sheet(GOOD_BYTES, "基本信息", "基本信息 "), "基本信息"))
case("sheet_tab_full_width_space_and_zero_width", "提示", "不完全一致", verify=_same_as_good)(
    raw("x.xlsx", lambda: rename_sheet(GOOD_BYTES, "绩效指标", "\u3000绩效\u200b指标"), "绩效指标"))


# a hidden contract sheet beside a visible copy: which one the report uses is the clerk's call
@case("hidden_sheet_beside_visible_copy", "错误", "无法判断该用哪一张")
@edit
def _(wb):
    original = wb["资金情况"]
    copy = wb.copy_worksheet(original)
    copy.title = "资金情况 (2)"
    copy["B4"] = 1190
    original.sheet_state = "veryHidden"
    return "资金情况"


@case("formula_reference_off_the_grid", "错误", "没有计算结果")
@edit
def _(wb):
    wb["资金情况"]["B2"] = "=1200+XYZ1"
    return "资金情况!B2"


@case("amount_with_misplaced_separators", "错误", "不是数字")
@edit
def _(wb):
    wb["资金情况"]["B2"] = "1.506,95"
    return "资金情况!B2"


def _blank_funds_line(path: Path, out: Outcome) -> None:
    assert model(path).funds.get("收入：纳入专户管理的非税收入拨款") is None


@case("formula_cached_empty_string", None, verify=_blank_funds_line)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(set_cell_xml(GOOD_BYTES, "资金情况", "B8", '<c r="B8" t="str"><f>IF(C3="","",C3)</f><v></v></c>'))
    return p, ""


# cached error values are errors at their cell, never text in the report
@case("error_value_in_text_cell", "错误", "#N/A")
@edit
def _(wb):
    wb["年度目标"]["A2"] = "#N/A"          # openpyxl writes it as an error value (t="e")
    return "年度目标!A2"


@case("error_value_in_indicator_value", "错误", "#REF!")
@edit
def _(wb):
    wb["绩效指标"]["E3"] = "#REF!"
    return "绩效指标!E3"


@case("error_value_cached_by_formula_in_unit_name", "错误", "#VALUE!")
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(set_cell_xml(GOOD_BYTES, "基本信息", "B2", '<c r="B2" t="e"><f>A1+1</f><v>#VALUE!</v></c>'))
    return p, "基本信息!B2"


# dates and years
def _year_2023(path: Path, out: Outcome) -> None:
    assert model(path).info.year == 2023 and out.filename.startswith("2023年度")


@case("year_typed_into_date_formatted_cell", None, verify=_year_2023)
@edit
def _(wb):
    ws = wb["基本信息"]
    cell = ws.cell(label_row(ws, "年度"), 2)
    assert cell.value == 2023
    cell.number_format = "yyyy-mm-dd"        # Excel shows 1905-07-15
    return ""


def _fill_date(path: Path, out: Outcome) -> None:
    assert model(path).info.fill_date == date(2024, 1, 1)


@case("date_system_1904", None, verify=_fill_date)
@edit
def _(wb):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb.epoch = CALENDAR_MAC_1904
    set_label(wb["基本信息"], "填报日期", datetime(2024, 1, 1))
    return ""


@case("date_east_asian_builtin_format", None, verify=_fill_date)
def _(folder: Path):
    wb = load_good()
    where = set_label(wb["基本信息"], "填报日期", 1)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("xl/styles.xml").decode()
    n = styles.count("<xf ", styles.index("<cellXfs"))    # the new style's index
    styles = styles.replace("</cellXfs>", '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>')
    data = rezip(data, {"xl/styles.xml": styles.encode()})
    ref = where.split("!")[1]
    data = set_cell_xml(data, "基本信息", ref, f'<c r="{ref}" s="{n}"><v>45292</v></c>')   # 2024年1月1日
    p = folder / "x.xlsx"
    p.write_bytes(data)
    return p, ""


# invisible characters
@case("unit_name_only_invisible_characters", "错误", "单位名称")
@edit
def _(wb):
    return set_label(wb["基本信息"], "单位名称", "\u2003\u200b\u3000\u200d\ufeff\u2060")


def _no_bidi(path: Path, out: Outcome) -> None:
    assert model(path).info.unit_name == "株洲市芦淞区贺家土街道办事处"
    assert out.filename == GOOD_REPORT
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", docx_text(out.data))


case("unit_name_with_bidi_controls", None, verify=_no_bidi)(edit(lambda wb: set_label(
    wb["基本信息"], "单位名称", "\u202e株洲市芦淞区\u200b贺家土街道办事处\u2066\u2003") and ""))


# formulas: unary minus and plus as Excel
def _unary(path: Path, out: Outcome) -> None:
    f = model(path).funds
    assert f.get("年初预算数") == Decimal("507.83")
    assert f.get("全年预算数") == Decimal("1890.40")


@case("formula_unary_minus_and_plus", None, verify=_unary)
@edit
def _(wb):
    ws = wb["资金情况"]
    ws["F3"] = 1890.4
    set_label(ws, "年初预算数", "=500--7.83")
    set_label(ws, "全年预算数", "=--F3")
    return ""


# hidden and filtered rows are read, and said
def _all_indicators(path: Path, out: Outcome) -> None:
    assert model(path).indicators == [dc_replace(i) for i in good_model().indicators]


@case("hidden_rows", "警告", "隐藏行", verify=_all_indicators)
@edit
def _(wb):
    ws = wb["绩效指标"]
    ws.row_dimensions[5].hidden = True
    ws.row_dimensions[6].hidden = True
    ws.row_dimensions[40].hidden = True       # empty: nothing to say
    return "绩效指标!A5"


@case("rows_filtered_out_by_autofilter", "警告", "筛选", verify=_all_indicators)
@edit
def _(wb):
    ws = wb["绩效指标"]
    assert ws["A12"].value == "效益指标"
    ws.auto_filter.ref = f"A1:H{last_row(ws)}"
    ws.auto_filter.add_filter_column(0, ["产出指标", "满意度指标"])
    for r in range(12, 16):
        ws.row_dimensions[r].hidden = True
    return "绩效指标!A12"


# text: Excel's 32,767 characters kept whole; more is said; the total is bounded
LONG_TEXT = ("绩效自评" * 9000)[:32767]


def _long_text(path: Path, out: Outcome) -> None:
    w = model(path)
    assert len(w.texts[0].content) == 32767
    assert LONG_TEXT in docx_text(out.data).replace("\n", "")


@case("cell_of_32767_characters", None, verify=_long_text)
@edit
def _(wb):
    wb["报告正文"]["C2"] = LONG_TEXT
    return ""


@case("cell_longer_than_excel_allows", "错误", "32,767")
def _(folder: Path):
    p = folder / "x.xlsx"          # openpyxl itself would cut it: written as XML
    p.write_bytes(set_cell_xml(GOOD_BYTES, "报告正文", "C2",
                               '<c r="C2" t="inlineStr"><is><t>' + "长" * 40000 + "</t></is></c>"))
    return p, "报告正文!C2"


@case("one_long_shared_string_in_thousands_of_cells", "错误", "文字超过", limit=10)
def _(folder: Path):
    data = with_shared_strings(GOOD_BYTES, ["长" * 20000])
    rows = (f'<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>' for r in range(2, 5002))
    data = stream_part(data, sheet_part(data, "基本信息"), sheet_stream([header_row("基本信息"), *rows]))
    p = folder / "x.xlsx"
    p.write_bytes(data)
    return p, f"基本信息!B{MAX_TEXT_CHARS // 20000 + 2}"     # the first cell past the limit


# merged ranges: unread sheets cost nothing; read ones are bounded in total
@case("merges_in_unread_sheet", None, limit=10)
def _(folder: Path):
    tail = "<mergeCells>" + '<mergeCell ref="A1:CV100"/>' * (MAX_MERGED_RANGES + 10_000) + "</mergeCells>"
    p = folder / "x.xlsx"
    p.write_bytes(stream_part(GOOD_BYTES, sheet_part(GOOD_BYTES, "填写说明"), sheet_stream([], tail=tail)))
    return p, ""


@case("merge_copies_in_read_sheet", None, limit=10)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_merges_xml(GOOD_BYTES, "楼堂馆所", ["A3:CV100"] * 1600))
    return p, ""


@case("merges_too_many", "错误", "合并单元格超过", limit=10)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_merges_xml(GOOD_BYTES, "楼堂馆所", [f"A{2 * i}:B{2 * i}" for i in range(1, MAX_MERGED_RANGES + 2)]))
    return p, "楼堂馆所"


@case("merges_overlapping_over_many_rows", "错误", "合并单元格覆盖", limit=10)
def _(folder: Path):
    wb = load_good()
    wb["绩效指标"]["J5001"] = "尾"
    buf = io.BytesIO()
    wb.save(buf)
    p = folder / "x.xlsx"
    p.write_bytes(add_merges_xml(buf.getvalue(), "绩效指标", [f"A{k}:A5001" for k in range(40, 300)]))
    return p, "绩效指标"


# cells: counted from what is declared and what is streamed, refused within seconds
def _tiny_cells(n_rows: int, per_row: int = 1000):
    row = b"<row>" + b"<c><v>1</v></c>" * per_row + b"</row>"
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    yield head + header_row("年度目标").encode()
    for _ in range(n_rows):
        yield row
    yield b"</sheetData></worksheet>"


@case("tiny_cells_288_mb_declared", "错误", "超过上限", limit=15, check=False)
def _(folder: Path):
    p = folder / "x.xlsx"          # 288 MB unpacked: refused from the declared size alone
    p.write_bytes(stream_part(GOOD_BYTES, sheet_part(GOOD_BYTES, "年度目标"), _tiny_cells(18_000)))
    return p, "年度目标"


@case("tiny_cells_in_unread_sheet", None, limit=15, check=False)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(add_sheet(GOOD_BYTES, "原始数据", chunks=_tiny_cells(17_000)))
    return p, ""


@case("tiny_cells_streamed", "错误", "单元格", limit=15)
def _(folder: Path):
    p = folder / "x.xlsx"          # under the part limit, over the cell count
    p.write_bytes(stream_part(GOOD_BYTES, sheet_part(GOOD_BYTES, "年度目标"),
                              _tiny_cells(MAX_CELLS // 1000 + 1)))
    return p, "年度目标"


@case("empty_rows_streamed", "错误", "XML 元素", limit=15)
def _(folder: Path):
    p = folder / "x.xlsx"
    p.write_bytes(stream_part(GOOD_BYTES, sheet_part(GOOD_BYTES, "年度目标"),
                              sheet_stream(iter(["<row/>" * 10_000] * (MAX_XML_ELEMENTS // 10_000 + 1)))))
    return p, ""


@case("parts_read_over_the_total", "错误", "超过", limit=15)
def _(folder: Path):
    data = GOOD_BYTES
    pad = " " * (MAX_PART_BYTES - 4096)
    for sheet in ("资金情况", "基础数据表", "楼堂馆所"):
        data = stream_part(data, sheet_part(data, sheet), sheet_stream([header_row(sheet), pad]))
    p = folder / "x.xlsx"
    p.write_bytes(data)
    return p, ""


# ---------------------------------------------------------------- the case test

def run_cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert INTERNAL not in result.output and "Traceback" not in result.output, result.output
    return result


@pytest.mark.many_reports
@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_broken_workbook(c: Case, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path, where = c.make(folder)
    outdir = tmp_path / "deep" / "er" / "out"      # "../../x" would still land under tmp_path
    outdir.mkdir(parents=True)
    previous = outdir / GOOD_REPORT                # what last run left: must survive any error
    previous.write_bytes(b"last year's report")
    other = outdir / "2022年度其他单位整体支出绩效自评报告.docx"
    other.write_bytes(b"another unit's report")
    before = files_under(tmp_path)

    # `jixiao build` through the command line; the spy keeps the public API's Outcome
    outcomes: list[Outcome] = []

    def spy(p, *args, **kwargs):
        outcomes.append(build(p, *args, **kwargs))
        return outcomes[-1]
    monkeypatch.setattr(jixiao.cli.main, "build", spy)
    started = time.monotonic()
    with time_limit(c.limit):
        result = run_cli("build", str(path), "-o", str(outdir))
    assert time.monotonic() - started < c.limit
    (out,) = outcomes
    after = files_under(tmp_path)

    assert_located(out)
    errors = [m for m in out.messages if m.is_error]
    if c.level is not None:
        hits = [m for m in out.messages if m.level == c.level and m.where == where and c.what in m.what]
        assert hits, f"expected {c.level} at “{where}” about “{c.what}”, got:\n{dump(out)}"
        assert where in result.output, result.output
    if c.level == "错误":
        assert errors and not out.ok and out.data is None
        assert result.exit_code == 1, result.output
        assert after == before, "a build with errors must not write or change any file"
        assert previous.read_bytes() == b"last year's report"
    else:
        assert not errors, dump(out)
        assert out.ok and out.data and out.filename.endswith(".docx")
        assert result.exit_code == 0, result.output
        changed = {p for p in after if before.get(p) != after[p]}
        assert len(changed) == 1, changed              # one report, directly in the output folder
        (made,) = changed
        assert made.parent == outdir and made.name == out.filename
        assert after[made] == out.data
        assert_docx(out.data)
        assert after[other] == before[other]
    if c.verify is not None:
        c.verify(path, out)

    if c.check and c.id not in BOMBS:
        with time_limit(c.limit):
            checked = run_cli("check", str(path))
        assert checked.exit_code == result.exit_code, checked.output
        if c.level is not None:
            assert where in checked.output, checked.output


def test_enough_kinds_of_broken_workbook() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
    assert set(BOMBS) <= {c.id for c in CASES}
    assert sum(c.level is not None for c in CASES) >= 24


# ---------------------------------------------------------------- property-based

def _escaped_text(alphabet) -> st.SearchStrategy[str]:
    return st.text(alphabet, max_size=40).map(excel_escape)


INTERESTING = (
    "", " ", "-", "—", "无", "1,506.95", "１５０６．９５", " 1506.95 ", "abc", "96.39%", "≥95%",
    "1e20", "-5", "0", "100", "2023", "二〇二三", "23", "2024.1.1", "2024年1月1日", "明年",
    "=SUM(B2:B3)", "=SUM(B:B)", "=B2+B3-B4", "=VLOOKUP(A1,B:C,2,0)", "=A2", "=1/0", "#DIV/0!",
    "../../etc/x", "a/b", "_x000B_", "_x0001_", "产出指标", "预算执行率", "数量指标", "职能职责",
    "当年财政拨款", "政府性基金预算", "项目支出", "公用经费", "三公经费", "单位名称", "年度",
    "编制数", "填报日期", "报告模板", "国有企业退休人员社会化管理服务补助资金", "10人", "66人",
    # issue 10: error values (openpyxl writes these strings as t="e"), invisible characters,
    # formulas Excel evaluates
    "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "\u2003\u200b", "\u202e株洲\u2066",
    "\u3164", "\ufeff产出指标", "=500--7.83", "=--B2", "=-B2%", "=+B2*2", "=ROUND(B2,1)", "=2^-1",
    "=(B2", "=SUM(A1:B3,C2)/0", "=B2:B3",
)
VALUES = st.one_of(
    st.none(),
    st.sampled_from(INTERESTING),
    _escaped_text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff")),
    _escaped_text("\x00\x01\x08\x0b\x0c\r\n\t\x1f\x7f _x0B1.,%-年月日万元个人≥≤"),
    st.integers(min_value=-10**25, max_value=10**25),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**15, min_value=-10**15),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
)


def _edits(sheet: str, max_size: int) -> st.SearchStrategy:
    spec = SHEET_BY_NAME[sheet]
    rows = {"绩效指标": 32, "资金情况": 22, "报告正文": 30, "基础数据表": 18}.get(sheet, 12)
    return st.lists(st.tuples(st.integers(1, rows), st.integers(1, len(spec.columns) + 1), VALUES),
                    min_size=1, max_size=max_size)


def _random_workbook(folder: Path, edits: dict[str, list]) -> Path:
    wb = load_good()
    for sheet, cells in edits.items():
        ws = wb[sheet]
        for r, c, v in cells:
            ws.cell(r, c).value = v
    path = folder / "random.xlsx"
    wb.save(path)
    return path


ERROR_CODES = ("#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#DIV/0!")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u3164]")


def _assert_random_outcome(out: Outcome) -> None:
    assert_located(out)
    for m in out.messages:       # the file itself is always readable here: every error has a place
        if m.is_error:
            assert m.where.split("!")[0] in SHEET_BY_NAME, m
    assert not INVISIBLE.search(out.filename) and not INVISIBLE.search(out.unit)
    if out.data is not None:
        assert out.ok
        assert_docx(out.data)
        text = docx_text(out.data)
        assert not any(code in text for code in ERROR_CODES), "an Excel error value reached the report"
        assert not INVISIBLE.search(text)


@pytest.mark.slow
@pytest.mark.parametrize("sheet", [s.name for s in SHEETS])
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_values_in_one_sheet(sheet: str, data) -> None:
    edits = {sheet: data.draw(_edits(sheet, 6), label="edits")}
    with tempfile.TemporaryDirectory() as tmp:
        path = _random_workbook(Path(tmp), edits)
        with time_limit(20):
            out, *_ = analyse(path)
    _assert_random_outcome(out)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.fixed_dictionaries({}, optional={s.name: _edits(s.name, 4) for s in SHEETS}))
def test_random_values_in_every_sheet(edits) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _random_workbook(Path(tmp), edits)
        with time_limit(20):
            out = build(path)
    _assert_random_outcome(out)


# Free text never stops a build: whatever a clerk pastes into a text cell (control characters,
# template or XML syntax, emoji, right-to-left marks) ends in a well-formed report.
TEXT_CELLS = (("基本信息", "B6"), ("基本信息", "B7"), ("资金情况", "C4"), ("资金情况", "C18"),
              ("年度目标", "A2"), ("年度目标", "B2"), ("绩效指标", "H25"), ("项目", "D2"),
              ("项目", "E2"), ("项目", "F2"), ("报告正文", "B3"), ("报告正文", "C3"),
              ("报告正文", "C20"))
SNIPPETS = ("{{ year }}", "{{", "}}", "{% if true %}x{% endif %}", "{#", "<w:t>", "</w:p>", "&amp;",
            "&", "<", "]]>", "\\", "%s", "{}", "${x}", "\u202e", "\U0001F600", "\ufeff", "\u3000", "1.",
            "（一）", "一、", "\n", "\n\n", "_x000B_", "_x0001_", "\x0b", "\x01", "\t", "“", "”")
FREE_TEXT = st.lists(st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=20),
), max_size=6).map("".join).filter(lambda t: not t.startswith("=")).map(excel_escape)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.tuples(st.sampled_from(TEXT_CELLS), FREE_TEXT), min_size=1, max_size=6))
def test_random_free_text_builds(texts) -> None:
    edits: dict[str, list] = {}
    for (sheet, ref), text in texts:
        cell = openpyxl.utils.cell.coordinate_to_tuple(ref)
        edits.setdefault(sheet, []).append((*cell, text))
    with tempfile.TemporaryDirectory() as tmp:
        path = _random_workbook(Path(tmp), edits)
        with time_limit(20):
            out = build(path)
    _assert_random_outcome(out)
    # a text a finished report needs, left blank (or only invisible characters), is a located
    # completeness error (score/complete.py), and only that
    blanks = [m for m in out.messages if m.is_error]
    assert all(m.where in REQUIRED_TEXT and ("为空" in m.what or "没有" in m.what) for m in blanks), dump(out)
    assert out.data is not None or blanks, dump(out)


REQUIRED_TEXT = {"年度目标!A2", "年度目标!B2", "项目!E2", "报告正文"}


# Reading rules under random layouts: number formats (percent, dates, durations, text), hidden
# rows, autofilters and merged ranges anywhere in the contract's sheets. Whatever the layout,
# every message is located, nothing raises, and a report that is built is well formed.
FORMATS = ("General", "0%", "0.00%", "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "@", "h:mm", "[h]:mm:ss",
           "#,##0.00", "0.00E+00")
SHEET_NAMES = [s.name for s in SHEETS]


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.tuples(st.sampled_from(SHEET_NAMES), st.integers(1, 30), st.integers(1, 9),
                                 VALUES, st.sampled_from(FORMATS)), max_size=8),
       hidden=st.lists(st.tuples(st.sampled_from(SHEET_NAMES), st.integers(2, 30)), max_size=4),
       merges=st.lists(st.tuples(st.sampled_from(SHEET_NAMES), st.integers(1, 30), st.integers(1, 9),
                                 st.integers(0, 40), st.integers(0, 3)), max_size=3),
       filtered=st.sampled_from([None, *SHEET_NAMES]))
def test_random_formats_hidden_rows_and_merges(values, hidden, merges, filtered) -> None:
    wb = load_good()
    for sheet, r, c, v, fmt in values:
        cell = wb[sheet].cell(r, c)
        if type(cell).__name__ != "MergedCell":
            cell.value = v
            cell.number_format = fmt
    for sheet, r in hidden:
        wb[sheet].row_dimensions[r].hidden = True
    for sheet, r, c, h, w in merges:
        wb[sheet].merge_cells(start_row=r, start_column=c, end_row=r + h, end_column=c + w)
    if filtered:
        ws = wb[filtered]
        ws.auto_filter.ref = f"A1:I{ws.max_row}"
        ws.auto_filter.add_filter_column(0, ["x"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.xlsx"
        wb.save(path)
        with time_limit(20):
            out = build(path)
        assert_located(out)
        _assert_random_outcome(out)
        shown = {(m.where.split("!")[0], int(CELL.fullmatch(m.where.split("!")[1]).group()[1:]))
                 for m in out.messages if "隐藏" in m.what and "!" in m.where}
    for sheet, r in shown:       # a warning about hidden rows names a hidden row
        assert (sheet, r) in set(hidden), (sheet, r)
