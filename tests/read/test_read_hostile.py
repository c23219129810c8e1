"""The reading stage against a hostile tester's inputs: each test builds its workbook (a copy of a
good example, changed with openpyxl or byte by byte) and asserts the value the report gets, or
the located Chinese message. One class of problem per section."""
from __future__ import annotations

import errno
import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import fmt
from jixiao.build import build
from jixiao.oserrors import os_reason
from jixiao.read.workbook import read_workbook
from tests.broken_factory import (GOOD_BYTES, header_row, load_good, rezip, set_cell_xml, sheet_part,
                                  sheet_stream, stream_part)

from ..test_broken import docx_text

LATIN = re.compile(r"[A-Za-z]{3,}")


def save(wb, tmp_path: Path, name: str = "x.xlsx") -> Path:
    p = tmp_path / name
    wb.save(p)
    return p


def write(data: bytes, tmp_path: Path, name: str = "x.xlsx") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def at(msgs, where: str, level: str = "错误"):
    return [m for m in msgs if m.where == where and m.level == level]


# ---------------------------------------------------------------- 1. literal percent signs

@pytest.mark.parametrize("value, number_format, shown", [
    (85, '0"%"', "85%"),            # a quoted percent sign: 85 shows as 85%
    (85, "0.0\\%", "85.0%"),        # an escaped one
    (85, '0"%";-0"%"', "85%"),
    (0.85, "0%", "85%"),            # a real percent format
    (0.855, "0.0%", "85.5%"),
    (85, "[Red]0\\%", "85%"),
])
def test_a_literal_percent_sign_is_not_a_percent_format(value, number_format, shown, tmp_path):
    wb = load_good()
    ws = wb["绩效指标"]
    ws["D2"], ws["E2"] = "≥80%", value
    ws["E2"].number_format = number_format
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.indicators[0].actual == shown
    assert not [m for m in msgs if m.where == "绩效指标!E2"]


def test_a_literal_percent_sign_scores_as_what_excel_shows(tmp_path):
    """85 under 0"%" against ≥90%: 85 percent, scored 4 × 85/90, never 8500%."""
    wb = load_good()
    ws = wb["绩效指标"]
    ws["D2"], ws["E2"], ws["G2"] = "≥90%", 85, None
    ws["E2"].number_format = '0"%"'
    path = save(wb, tmp_path)
    assert read_workbook(path)[0].indicators[0].actual == "85%"
    out = build(path)
    text = docx_text(out.data)
    assert "8500" not in text and "85%" in text
    (m,) = [m for m in out.messages if m.where == "绩效指标!G2"]
    assert "3.78" in m.what                           # 4 × 85 / 90, half-up


# ---------------------------------------------------------------- 2. numbering stripped from names

def test_project_row_names_keep_their_figures(tmp_path):
    wb = load_good()
    ws = wb["基础数据表"]
    assert ws["A9"].value == "业务工作经费" and ws["A11"].value == "公用经费"
    ws.insert_rows(11, 3)
    names = ["10.5万吨污水处理项目", "(1)号楼维修", "2024.防汛专项", "一.五工程", "1、运行维护经费"]
    for r, name in zip(range(9, 14), names):
        ws.cell(r, 1, name)
    for r in range(11, 14):
        ws.cell(r, 4, 0)
    ws["A2"], ws["A3"], ws["A4"] = "一、三公经费", "1、公务用车购置和维护经费", "（1）其中：公车购置"
    ws["A5"] = "(2)其中:公车运行维护"
    w, msgs = read_workbook(save(wb, tmp_path))
    projects = [r.label for r in w.basic_rows if r.is_project]
    assert projects == ["10.5万吨污水处理项目", "(1)号楼维修", "2024.防汛专项", "一.五工程", "运行维护经费"]
    assert [r.key for r in w.basic_rows[:4]] == ["三公经费", "公务用车购置和维护经费", "公车购置", "公车运行维护"]
    assert not [m for m in msgs if "不是基础数据表的标准行" in m.what]


# ---------------------------------------------------------------- 3. hidden contract sheets

def _hidden_original_and_visible_copy(state: str, copy_name: str):
    wb = load_good()
    original = wb["资金情况"]
    assert original["A4"].value == "全年执行数"
    original["B4"] = 1100
    copy = wb.copy_worksheet(original)
    copy.title = copy_name
    copy["B4"] = 1190
    original.sheet_state = state
    return wb


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
@pytest.mark.parametrize("copy_name", ["资金情况 (2)", "资金情况\u3000", "资金情况（2）"])
def test_a_hidden_sheet_beside_a_visible_look_alike_is_an_error(state, copy_name, tmp_path):
    wb = _hidden_original_and_visible_copy(state, copy_name)
    path = save(wb, tmp_path)
    w, msgs = read_workbook(path)
    (m,) = at(msgs, "资金情况")
    shown = copy_name.replace("\u3000", "\\u3000")      # a full-width space made visible
    assert "隐藏的“资金情况”" in m.what and f"“{shown}”" in m.what and "删除" in m.todo
    if state == "veryHidden":
        assert "深度隐藏" in m.what and "移动或复制" in m.todo
    else:
        assert "取消隐藏" in m.todo
    assert w.funds.get("全年执行数") is None          # neither 1100 nor 1190
    assert not [x for x in msgs if "缺少工作表“资金情况”" in x.what]
    out = build(path)
    assert out.data is None and any(x.where == "资金情况" and x.is_error for x in out.messages)


@pytest.mark.parametrize("state, words", [("hidden", "取消隐藏"), ("veryHidden", "移动或复制")])
def test_a_hidden_contract_sheet_alone_is_read_with_a_warning(state, words, tmp_path):
    wb = load_good()
    wb["资金情况"]["B4"] = 1100
    wb["资金情况"].sheet_state = state
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("全年执行数") == 1100
    (m,) = at(msgs, "资金情况", "警告")
    assert "看不到" in m.what and "报告会使用其中的数据" in m.what and words in m.todo


def test_a_visible_exact_sheet_wins_and_names_its_copies(tmp_path):
    wb = _hidden_original_and_visible_copy("visible", "资金情况 (2)")
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("全年执行数") == 1100
    (m,) = at(msgs, "资金情况", "提示")
    assert "“资金情况 (2)”" in m.what


def test_a_copied_sheet_alone_is_read_with_a_note(tmp_path):
    wb = load_good()
    wb["资金情况"].title = "资金情况 (2)"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("全年执行数") == Decimal("1890.40")
    (m,) = at(msgs, "资金情况", "提示")
    assert "不完全一致" in m.what


def test_two_visible_look_alikes_without_the_exact_name_are_an_error(tmp_path):
    wb = _hidden_original_and_visible_copy("visible", "资金情况 (2)")
    wb["资金情况"].title = "资金情况 "
    w, msgs = read_workbook(save(wb, tmp_path))
    (m,) = at(msgs, "资金情况")
    assert "“资金情况 ”" in m.what and "“资金情况 (2)”" in m.what
    assert w.funds.get("全年执行数") is None


# ---------------------------------------------------------------- 4. no double rounding

@pytest.mark.parametrize("v, exact, printed", [
    ("2.6749996", "2.6749996", "2.67"),            # once quantized to 2.675000 → 2.68
    ("1506.9549999", "1506.9549999", "1506.95"),
    ("0.0049999999", "0.0049999999", "0.00"),
    ("2.675", "2.675", "2.68"),
    ("1.00000000000000000049", "1.000000000000000", "1.00"),   # beyond 15 places: cut
    ("5.8194789995221715E-137", "0", "0.00"),
])
def test_a_value_excel_rounds_down_is_never_rounded_up(v, exact, printed, tmp_path):
    data = set_cell_xml(GOOD_BYTES, "资金情况", "B8", f'<c r="B8"><v>{v}</v></c>')
    w, msgs = read_workbook(write(data, tmp_path))
    got = w.funds.get("收入：纳入专户管理的非税收入拨款")
    assert got == Decimal(exact)
    assert fmt.money(got) == printed


# ---------------------------------------------------------------- 5. references off the grid

@pytest.mark.parametrize("formula", ["=1200+XYZ1", "=1200+XFE1", "=1200+A1048577", "=1200+A0",
                                     "=SUM(B5:XYZ6)", "=1200+SUM(A1048577:A1048578)", "=1200+Total",
                                     "=1200+XFE:XFE"])
def test_a_reference_that_is_not_a_cell_is_never_blank(formula, tmp_path):
    wb = load_good()
    wb["资金情况"]["B2"] = formula
    w, msgs = read_workbook(save(wb, tmp_path))
    (m,) = at(msgs, "资金情况!B2")
    assert "没有计算结果" in m.what and "Excel" in m.todo and "保存" in m.todo
    assert w.funds.get("年初预算数") is None


def test_a_valid_far_reference_to_a_blank_cell_is_zero(tmp_path):
    wb = load_good()
    wb["资金情况"]["B2"] = "=1200+XFD1+A1048576"
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("年初预算数") == 1200 and not at(msgs, "资金情况!B2")


def test_a_shared_formula_moved_off_the_grid_is_unevaluable(tmp_path):
    # the master sits below its follower (a hostile file): B2 = B1 moved up a row = B0
    xml = ('<c r="B2"><f t="shared" si="7"/></c>')
    data = set_cell_xml(GOOD_BYTES, "资金情况", "B2", xml)
    data = set_cell_xml(data, "资金情况", "B3", '<c r="B3"><f t="shared" ref="B2:B3" si="7">B2*0+B2</f><v>1</v></c>')
    w, msgs = read_workbook(write(data, tmp_path))
    assert at(msgs, "资金情况!B2") and w.funds.get("年初预算数") is None


# ---------------------------------------------------------------- 6. misplaced separators

@pytest.mark.parametrize("text", ["0,5", "1.506,95", "12,34", "1²", "①", "1 5", "1,5060.5", "1.2.3",
                                  "٣٤", "1,506.95.1", "1e3", "++1", "１２，３４"])
def test_a_text_amount_with_misplaced_separators_is_not_a_number(text, tmp_path):
    wb = load_good()
    wb["资金情况"]["B2"] = text
    w, msgs = read_workbook(save(wb, tmp_path))
    (m,) = at(msgs, "资金情况!B2")
    assert "不是数字" in m.what and text[:5] in m.what
    assert w.funds.get("年初预算数") is None


@pytest.mark.parametrize("text, value", [("1,506.95", "1506.95"), ("１，５０６．９５", "1506.95"),
                                         (" 1506.95 ", "1506.95"), ("-3", "-3"), ("－3", "-3"),
                                         ("1,234,567", "1234567"), ("507.83万元", "507.83")])
def test_a_text_amount_written_properly_is_a_number(text, value, tmp_path):
    wb = load_good()
    wb["资金情况"]["B2"] = text
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.funds.get("年初预算数") == Decimal(value) and not at(msgs, "资金情况!B2")


# ---------------------------------------------------------------- 7. negative zero

@pytest.mark.parametrize("cell_xml", ['<c r="B8"><v>-0</v></c>', '<c r="B8"><v>-0.0</v></c>',
                                      '<c r="B8" t="inlineStr"><is><t>－0</t></is></c>',
                                      '<c r="B8" t="inlineStr"><is><t>-0.00</t></is></c>',
                                      '<c r="B8"><f>ROUND(-0.001,2)</f></c>',
                                      '<c r="B8"><f>0*-1</f></c>'])
def test_negative_zero_reads_as_zero(cell_xml, tmp_path):
    data = set_cell_xml(GOOD_BYTES, "资金情况", "B8", cell_xml)
    w, msgs = read_workbook(write(data, tmp_path))
    got = w.funds.get("收入：纳入专户管理的非税收入拨款")
    assert got == 0 and not got.is_signed() and fmt.money(got) == "0.00"
    assert not at(msgs, "资金情况!B8")


def test_negative_zero_in_a_text_column_shows_as_zero(tmp_path):
    data = set_cell_xml(GOOD_BYTES, "绩效指标", "E2", '<c r="E2"><v>-0</v></c>')
    w, _ = read_workbook(write(data, tmp_path))
    assert w.indicators[0].actual == "0"


# ---------------------------------------------------------------- 8. values shown as Excel shows them

@pytest.mark.parametrize("value, number_format, shown", [
    ("=ROUND(1234,-2)", "General", "1200"),       # Decimal 1.2E+3
    ("=100*1.1", "General", "110"),               # 110.0
    ("=ROUND(7,2)", "General", "7"),              # 7.00
    ("=ROUND(7,2)", "0.00", "7.00"),              # the format asks for decimals
    ("=1200", "#,##0", "1,200"),
    ("=0.85", "0%", "85%"),
    ("=10", '0"户"', "10户"),
    ("=45443+1", 'yyyy"年"m"月"d"日"', "2024年6月1日"),
    (1.0833333333333333, "[h]:mm", "26:00"),
    (1.0833333333333333, "[h]:mm:ss", "26:00:00"),
    (0.75, "h:mm", "18:00"),
    (0.7500578703703704, "h:mm:ss", "18:00:05"),
    (45444, 'yyyy"年"m"月"d"日"', "2024年6月1日"),
    (45444, 'yyyy"年"m"月"', "2024年6月"),
    (45444, "yyyy-mm-dd", "2024-06-01"),
    (1200.0, "General", "1200"),
    (7, "0.00", "7.00"),
])
def test_values_in_text_columns_show_as_excel_shows_them(value, number_format, shown, tmp_path):
    wb = load_good()
    ws = wb["绩效指标"]
    ws["E2"] = value
    ws["E2"].number_format = number_format
    w, msgs = read_workbook(save(wb, tmp_path))
    assert w.indicators[0].actual == shown
    assert not [m for m in msgs if m.where == "绩效指标!E2"]


# ---------------------------------------------------------------- 9. a cached empty string

@pytest.mark.parametrize("v", ["<v></v>", "<v/>"])
def test_a_cached_empty_string_is_a_blank_cell(v, tmp_path):
    data = set_cell_xml(GOOD_BYTES, "资金情况", "B8", f'<c r="B8" t="str"><f>IF(C3="","",C3)</f>{v}</c>')
    data = set_cell_xml(data, "年度目标", "B2", f'<c r="B2" t="str"><f>IF(C3="","",C3)</f>{v}</c>')
    path = write(data, tmp_path)
    w, msgs = read_workbook(path)
    assert w.funds.get("收入：纳入专户管理的非税收入拨款") is None
    assert w.goals[0].achieved == "" and w.goals[0].expected
    assert not [m for m in msgs if "没有计算结果" in m.what]
    out = build(path)
    assert not [m for m in out.messages if "没有计算结果" in m.what]


def test_a_formula_on_a_cached_empty_string_is_left_to_excel(tmp_path):
    """=B8+1 where B8 holds "" is #VALUE! in Excel: never 1."""
    data = set_cell_xml(GOOD_BYTES, "资金情况", "B8", '<c r="B8" t="str"><f>IF(C3="","",C3)</f><v></v></c>')
    data = set_cell_xml(data, "资金情况", "B2", '<c r="B2"><f>B8+1</f></c>')
    w, msgs = read_workbook(write(data, tmp_path))
    assert at(msgs, "资金情况!B2") and w.funds.get("年初预算数") is None


def test_cached_empty_strings_far_down_are_not_content(tmp_path):
    """=IF(…,"",…) copied down 6,000 rows shows nothing there: not "超过 5000 行"."""
    rows = [header_row("年度目标"), '<row r="2"><c r="A2" t="inlineStr"><is><t>目标</t></is></c></row>']
    rows += [f'<row r="{r}"><c r="B{r}" t="str"><f>IF(A{r}="","",A{r})</f><v></v></c></row>' for r in range(3, 6003)]
    data = stream_part(GOOD_BYTES, sheet_part(GOOD_BYTES, "年度目标"), sheet_stream(rows))
    w, msgs = read_workbook(write(data, tmp_path))
    assert not [m for m in msgs if "超过 5000 行" in m.what]
    assert [g.expected for g in w.goals] == ["目标"]


# ---------------------------------------------------------------- 10. messages in Chinese

def _file_message(path: Path):
    w, msgs = read_workbook(path)
    assert w is None
    (m,) = msgs
    assert m.is_error and m.where == ""
    assert not LATIN.search(m.what.replace(path.name, "")), m.what
    return m


def test_a_name_too_long_is_said_in_chinese(tmp_path):
    m = _file_message(tmp_path / ("长" * 100 + ".xlsx"))
    assert "名称过长" in m.what


def test_a_symbolic_link_loop_is_said_in_chinese(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    os.symlink(b, a)
    os.symlink(a, b)
    m = _file_message(a)
    assert "链接层数过多" in m.what


def test_a_path_through_a_file_is_said_in_chinese(tmp_path):
    (tmp_path / "file").write_bytes(b"x")
    m = _file_message(tmp_path / "file" / "x.xlsx")
    assert "不是文件夹" in m.what


@pytest.mark.parametrize("code", [errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.ENOTDIR, errno.EIO,
                                  errno.ENOSPC, errno.EROFS, errno.EBUSY, 9999])
def test_os_reasons_are_chinese(code):
    reason = os_reason(OSError(code, "Some English text"))
    assert "English" not in reason and re.search(r"[\u4e00-\u9fff]", reason)


@pytest.mark.parametrize("rtype, words", [("xlMacrosheet", "宏表"), ("xlIntlMacrosheet", "宏表"),
                                          ("dialogsheet", "对话框表"), ("somethingElse", "特殊类型")])
def test_macro_and_dialog_sheets_are_named_in_chinese(rtype, words, tmp_path):
    with zipfile.ZipFile(io.BytesIO(GOOD_BYTES)) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="资金情况"[^>]*r:id="(rId\d+)"', wbxml).group(1)
    rels = re.sub(r'(<Relationship [^>]*Id="%s"[^>]*Type="[^"]*/)worksheet"' % rid, r'\1%s"' % rtype, rels)
    rels = re.sub(r'(<Relationship [^>]*Type="[^"]*/)worksheet("[^>]*Id="%s")' % rid, r'\1%s\2' % rtype, rels)
    assert rtype in rels
    w, msgs = read_workbook(write(rezip(GOOD_BYTES, {"xl/_rels/workbook.xml.rels": rels.encode()}), tmp_path))
    (m,) = at(msgs, "资金情况")
    assert words in m.what and rtype not in m.what and "类型" not in m.what.replace("特殊类型", "")
