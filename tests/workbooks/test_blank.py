"""`jixiao template`: the blank workbook of each shipped format — what a clerk sees in it, that a
program can fill it and build, that LibreOffice's re-save builds the same report, and that bad
arguments end in one Chinese line."""
from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import jixiao.cli.yearly
from jixiao.build import build
from jixiao.cli.main import main
from jixiao.contract import BASIC_ROWS, SHEETS
from jixiao.formats.load import load
from jixiao.formats.search import available, shipped_root
from jixiao.workbooks.blank import GUIDE_SHEET, OPTIONS_SHEET, TEMPLATE_ROWS, blank_workbook, fill_workbook, to_bytes
from jixiao.workbooks.guide import GUIDE

SHIPPED = ("default", "株洲2023", "岳阳2024", "长沙2022")
PATH = (shipped_root(),)


def blank(name: str, year: int = 2025) -> openpyxl.Workbook:
    fm = load(name, PATH)
    return openpyxl.load_workbook(io.BytesIO(to_bytes(blank_workbook(fm, year, available(PATH)))))


def validations(ws) -> dict[str, object]:
    """First cell of each data validation range → the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0]] = dv
    return out


def options(wb, formula: str) -> list[str]:
    col = formula.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    ws = wb[OPTIONS_SHEET]
    return [c.value for c in ws[col] if c.value is not None]


@pytest.mark.parametrize("name", SHIPPED)
def test_blank_workbook_for_each_format(name):
    wb = blank(name)
    fm = load(name, PATH)
    assert wb.sheetnames[0] == GUIDE_SHEET and wb.sheetnames[-1] == OPTIONS_SHEET
    assert wb[OPTIONS_SHEET].sheet_state == "hidden"
    for spec in SHEETS:
        ws = wb[spec.name]
        assert [ws.cell(1, i + 1).value for i in range(len(spec.columns))] == [c.header for c in spec.columns]
        assert ws.freeze_panes == "A2"
        assert ws.protection.sheet and not ws.protection.password           # protected, no password
        assert ws.cell(1, 1).protection.locked                              # headers locked
        assert not ws.protection.insertRows and not ws.protection.deleteRows
    info = wb["基本信息"]
    labels = {info.cell(r, 1).value: r for r in range(2, info.max_row + 1)}
    assert info.cell(labels["年度"], 2).value == 2025
    assert info.cell(labels["报告模板"], 2).value == name
    assert not info.cell(labels["单位名称"], 2).protection.locked and info.cell(labels["单位名称"], 1).protection.locked
    dv = validations(info)
    assert set(SHIPPED) <= set(options(wb, dv[f"B{labels['报告模板']}"].formula1))
    funds = wb["资金情况"]
    assert funds.cell(2, 1).value == "年初预算数" and funds.column_dimensions["B"].number_format == "0.00"
    basic = [wb["基础数据表"].cell(r, 1).value for r in range(2, 2 + len(BASIC_ROWS) + 3)]
    assert [x for x in basic if x] == list(BASIC_ROWS)
    assert basic[basic.index("项目支出") + 1] is None                     # room for the project rows
    # 指标体系 from the format's framework, with its checks beside it
    frame = wb["指标体系"]
    rows = [(frame.cell(r, 1).value, frame.cell(r, 2).value) for r in range(2, 2 + 1 + len(fm.scoring.framework.levels))]
    assert rows == [("预算执行率", int(fm.scoring.framework.budget))] + \
        [(lv.name, int(lv.weight)) for lv in fm.scoring.framework.levels]
    assert str(frame["C2"].value).startswith("=IF(") and str(frame["D2"].value).startswith("=SUM")
    # drop-downs for 一级 and 二级 follow the format
    ind = validations(wb["绩效指标"])
    assert options(wb, ind["A2"].formula1) == [lv.name for lv in fm.scoring.framework.levels]
    assert options(wb, ind["B2"].formula1) == list(dict.fromkeys(x for lv in fm.scoring.framework.levels
                                                                   for x in lv.level2))
    assert all(dv.showDropDown is False for ws in wb for dv in ws.data_validations.dataValidation)
    assert ind["G2"].type == "custom" and ind["G2"].prompt                 # 得分 within 0 … 分值, explained
    assert str(ind["G2"].sqref).endswith(str(TEMPLATE_ROWS + 1))
    assert len(wb["绩效指标"].conditional_formatting) == 2                 # 得分 > 分值, 偏差原因 missing
    assert options(wb, validations(wb["报告正文"])["A2"].formula1)[0] == "职能职责"
    guide = [c.value for c in wb[GUIDE_SHEET]["A"] if c.value]
    assert set(GUIDE) == {s.name for s in SHEETS} and all(s.name in guide for s in SHEETS)


def test_same_format_and_year_give_the_same_bytes():
    fm = load("株洲2023", PATH)
    assert to_bytes(blank_workbook(fm, 2025)) == to_bytes(blank_workbook(fm, 2025))


def fill_like_a_program(path: Path, name: str) -> None:
    """What another tool does with the blank workbook: open it with openpyxl, type values, save."""
    fm = load(name, PATH)
    wb = openpyxl.load_workbook(path)
    info = wb["基本信息"]
    for r in range(2, info.max_row + 1):
        label = info.cell(r, 1).value
        info.cell(r, 2).value = {"单位名称": "某某街道办事处", "填表人": "张三", "编制数": 30,
                                 "实际在职人数": 28}.get(label, info.cell(r, 2).value)
    funds = wb["资金情况"]
    for r in range(2, funds.max_row + 1):
        funds.cell(r, 2).value = {"年初预算数": 1000, "全年预算数": 1200, "全年执行数": 1200,
                                  "一般公共预算：财政拨款支出": 1200, "一般公共预算：基本支出": 1000,
                                  "一般公共预算：人员经费": 800, "一般公共预算：公用经费": 200,
                                  "一般公共预算：项目支出": 200, "收入：一般公共预算": 1200,
                                  "支出：基本支出": 1000, "支出：项目支出": 200}.get(funds.cell(r, 1).value)
    basic = wb["基础数据表"]                      # every row of a finished report's 基础数据表: 0 if none
    for r in range(2, basic.max_row + 1):
        if basic.cell(r, 1).value:
            for c in (2, 3, 4):
                basic.cell(r, c).value = 0
    wb["年度目标"].append(["保障正常运转", "已完成"])
    ws = wb["绩效指标"]
    for r, lv in enumerate(fm.scoring.framework.levels, start=2):
        for c, v in enumerate([lv.name, lv.level2[0], f"{lv.name}完成情况", "≥95%", "98%",
                               int(lv.weight), None, None], start=1):
            ws.cell(r, c).value = v
    for section, text in (("职能职责", "负责辖区公共服务。"), ("机构设置", "内设综合办公室。"),
                          ("存在的问题及原因分析", "无。"), ("下一步改进措施", "继续加强管理。")):
        wb["报告正文"].append([section, "", text])
    wb.save(path)


@pytest.mark.parametrize("name", SHIPPED)
def test_template_fill_build(tmp_path, name):
    path = tmp_path / "t.xlsx"
    r = CliRunner().invoke(main, ["template", "--format", name, "--year", "2025", "-o", str(path)])
    assert r.exit_code == 0, r.output
    fill_like_a_program(path, name)
    out = build(path)
    assert out.ok and out.data is not None, [str(m) for m in out.messages if m.level != "提示"]
    assert out.format == name and out.total == Decimal("100.00")    # every indicator scored by rule


def test_a_blank_template_check_says_what_is_still_to_fill(tmp_path):
    path = tmp_path / "blank.xlsx"
    CliRunner().invoke(main, ["template", "--year", "2025", "-o", str(path)])
    r = CliRunner().invoke(main, ["check", str(path)])
    assert r.exit_code == 1
    assert "基本信息!B2：必填项“单位名称”为空" in r.output
    assert "工作簿尚未填写：资金情况（金额）、基础数据表（金额）、年度目标、绩效指标、报告正文" in r.output
    errors = [line for line in r.output.splitlines() if line.startswith("错误")]
    assert errors[0].startswith("错误 基本信息!B2")             # the first thing to fix, then each blank
    assert "错误 资金情况!B4：资金情况“全年执行数”为空" in r.output


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_saved_by_libreoffice_calc_builds_the_same_report(tmp_path):
    path = tmp_path / "t.xlsx"
    CliRunner().invoke(main, ["template", "--format", "岳阳2024", "--year", "2025", "-o", str(path)])
    fill_like_a_program(path, "岳阳2024")
    lo = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(lo), str(path)],
                   check=True, capture_output=True, timeout=300)
    resaved = lo / "t.xlsx"
    assert resaved.read_bytes() != path.read_bytes()
    a, b = build(path), build(resaved)
    assert a.ok and b.ok, [str(m) for m in b.messages if m.is_error]
    assert a.data == b.data


# ---------------------------------------------------------------- the command's arguments

def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_template_never_overwrites_unless_forced(tmp_path):
    target = tmp_path / "t.xlsx"
    assert run("template", "-o", str(target), "--year", "2025").exit_code == 0
    before = target.read_bytes()
    r = run("template", "-o", str(target), "--year", "2024")
    assert r.exit_code == 2 and "已存在" in r.output and "--force" in r.output and target.read_bytes() == before
    assert run("template", "-o", str(target), "--year", "2024", "--force").exit_code == 0
    assert target.read_bytes() != before


@pytest.mark.parametrize("args, what", [
    (["--year", "99999999999999999999"], "不是有效年度"),
    (["--year", "1999"], "不是有效年度"),
    (["--year", "二〇二五"], "不是有效年度"),
    (["--format", "没有的格式"], "报告格式“没有的格式”不存在"),
    (["--formats", "/no/such/folder"], "不是文件夹"),
])
def test_bad_arguments_end_in_one_chinese_line(tmp_path, args, what):
    r = run("template", "-o", str(tmp_path / "t.xlsx"), *args)
    assert r.exit_code == 2 and what in r.output and "Traceback" not in r.output and "Error" not in r.output
    assert not (tmp_path / "t.xlsx").exists()


def test_missing_or_read_only_target_folder(tmp_path, monkeypatch):
    r = run("template", "-o", str(tmp_path / "没有" / "t.xlsx"))
    assert r.exit_code == 2 and "不存在" in r.output

    def refuse(data, path):                # a read-only folder (root ignores chmod, so simulate)
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(jixiao.cli.yearly, "save_atomic", refuse)
    r = run("template", "-o", str(tmp_path / "t.xlsx"))
    assert r.exit_code == 2 and "无法写入" in r.output and "没有权限" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "t.xlsx").exists()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """Last year's text or a format's names written into a workbook never become live formulas."""
    import zipfile
    from ..formats.test_formats import make_format
    make_format(tmp_path, "坏", '[[framework.level]]\nname = "=HYPERLINK(\\"http://x\\")"\nweight = 90\n'
                                 'level2 = ["=WEBSERVICE(\\"http://x\\")"]\n')
    fm = load("坏", (tmp_path, shipped_root()))
    book = blank_workbook(fm, 2025)
    fill_workbook(book, {"报告正文": [["职能职责", "=cmd|' /C calc'!A0", "=1+1"]]})
    import re
    with zipfile.ZipFile(io.BytesIO(to_bytes(book))) as z:
        formulas = [f for n in z.namelist() if n.startswith("xl/worksheets/")
                    for f in re.findall(r"<f>([^<]*)</f>", z.read(n).decode())]
    assert formulas                                   # the workbook's own checks are formulas …
    assert not [f for f in formulas if any(w in f for w in ("HYPERLINK", "WEBSERVICE", "cmd|", "1+1"))]
    wb = openpyxl.load_workbook(io.BytesIO(to_bytes(book)))
    assert wb["报告正文"]["B2"].value == "=cmd|' /C calc'!A0" and wb["报告正文"]["B2"].data_type == "s"
    assert wb["指标体系"]["A3"].value.startswith("=HYPERLINK") and wb["指标体系"]["A3"].data_type == "s"
