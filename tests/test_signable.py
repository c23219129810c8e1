"""Only reports a unit can sign (issue 15), end to end from a real workbook: example 000 rolled
over to 2024 with `jixiao rollover`, then filled in (or not) with openpyxl as a clerk would.
Expectations are worked out by hand from the example's data (inputs/data/000_贺家土街道_2023.toml)."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.write.own_text import document_texts

from .conftest import EXAMPLES

REPORT = "2024年度株洲市芦淞区贺家土街道办事处整体支出绩效自评报告.docx"
DRAFT = "2024年度株洲市芦淞区贺家土街道办事处整体支出绩效自评报告（草稿）.docx"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def rolled(tmp_path: Path) -> Path:
    """Example 000 rolled over to 2024: this year's amounts, values and results cleared."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = tmp_path / "2024.xlsx"
    r = invoke("rollover", str(EXAMPLES["000"]), "-o", str(target), "--force")
    assert r.exit_code == 0, r.output
    return target


def only_values_filled(tmp_path: Path) -> Path:
    """The issue's workbook: rolled over, only the indicators' 实际完成值 and 得分 typed in."""
    path = rolled(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["绩效指标"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 3).value:
            ws.cell(r, 5).value = ws.cell(r, 4).value        # 实际完成值 = 年度指标值
            ws.cell(r, 7).value = ws.cell(r, 6).value        # 得分 = 分值
    wb.save(path)
    return path


def filled(tmp_path: Path, change=None) -> Path:
    """Rolled over and filled in completely (last year's own figures again), then `change`d."""
    path = only_values_filled(tmp_path)
    src = openpyxl.load_workbook(EXAMPLES["000"])
    wb = openpyxl.load_workbook(path)
    for sheet in ("资金情况", "基础数据表", "年度目标", "项目", "项目资金", "报告正文", "绩效指标"):
        for row in src[sheet].iter_rows(min_row=2):
            for c in row:
                wb[sheet].cell(c.row, c.column).value = c.value
    info = wb["基本信息"]
    for r in range(2, info.max_row + 1):
        if info.cell(r, 1).value == "实际在职人数":
            info.cell(r, 2).value = 32
    if change is not None:
        change(wb)
    wb.save(path)
    return path


def row_of(ws, col: int, text: str) -> int:
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value == text]
    assert rows, text
    return rows[0]


# ---------------------------------------------------------------- 1. completeness, 3. draft

def test_a_workbook_with_only_indicator_values_is_refused_with_each_blank_located(tmp_path):
    path = only_values_filled(tmp_path)
    r = invoke("check", str(path))
    assert r.exit_code == 1
    for where in ("基本信息!B12：“实际在职人数”为空", "资金情况!B2：资金情况“年初预算数”为空",
                  "资金情况!B4：资金情况“全年执行数”为空", "资金情况!B11：资金情况“支出：基本支出”为空",
                  "基础数据表!D2：基础数据表“三公经费”的本年决算数为空", "年度目标!B2：",
                  "项目!E2：", "项目资金!E2：", "报告正文：报告正文没有“存在的问题及原因分析”一节"):
        assert f"错误 {where}" in r.output, where
    out = tmp_path / "out"
    r = invoke("build", str(path), "-o", str(out))
    assert r.exit_code == 1 and "未生成报告" in r.stderr and "--draft" in r.stderr
    assert not out.exists() or not any(out.iterdir())


def test_draft_is_marked_on_every_page_and_never_takes_the_reports_name(tmp_path):
    out = tmp_path / "out"
    good = filled(tmp_path / "a")
    assert invoke("build", str(good), "-o", str(out)).exit_code == 0
    final = (out / REPORT).read_bytes()
    r = invoke("build", str(only_values_filled(tmp_path / "b")), "-o", str(out), "--draft")
    assert r.exit_code == 1                          # the errors are still there
    assert f"{DRAFT}（新生成，草稿：" in r.stdout and "个错误未改正，不能报送）" in r.stdout
    assert (out / REPORT).read_bytes() == final      # the final report is untouched
    with zipfile.ZipFile(out / DRAFT) as z:
        footers = [n for n in z.namelist() if n.startswith("word/footer")]
        assert len(footers) == 4                     # cover and body, odd and even pages
        assert all("草稿" in z.read(n).decode() for n in footers)


# ---------------------------------------------------------------- 2. consistency

def test_a_difference_beyond_rounding_is_an_error_within_it_a_warning(tmp_path):
    def income_off(wb):
        ws = wb["资金情况"]
        ws.cell(row_of(ws, 1, "收入：其他资金"), 2).value = 384.95     # 375.95 + 9: 9 万元 apart
    out = build(filled(tmp_path, income_off))
    assert not out.ok
    [m] = [m for m in out.messages if m.is_error]
    assert m.where == "资金情况!B5" and "1899.40" in m.what and "1890.40" in m.what
    ok = build(filled(tmp_path / "b"))                # the example's own slips of 0.01 stay warnings
    assert ok.ok
    assert {m.where for m in ok.messages if "四舍五入" in m.what} == {"资金情况!B15", "资金情况!B16"}


# ---------------------------------------------------------------- 4. the clerk's own work

def edit_in_word(report: Path, old: str, new: str) -> None:
    """What Word leaves after the clerk rewrites a paragraph and saves: document.xml changed."""
    with zipfile.ZipFile(report) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode()
    assert old in doc
    parts["word/document.xml"] = doc.replace(old, new, 1).encode()
    with zipfile.ZipFile(report, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_a_report_edited_in_word_survives_a_rebuild_as_a_dated_copy(tmp_path):
    out = tmp_path / "out"
    path = filled(tmp_path)
    assert invoke("build", str(path), "-o", str(out)).exit_code == 0
    report = out / REPORT
    edit_in_word(report, "落实基层党建工作责任制", "落实基层党建工作主体责任制")
    os.utime(report, (1_700_000_000, 1_700_000_000))  # saved on 2023-11-14
    edited = report.read_bytes()
    r = invoke("build", str(path), "-o", str(out))
    assert r.exit_code == 0, r.output
    kept = [p for p in out.iterdir() if "手工修改稿" in p.name]
    assert [p.name for p in kept] == [REPORT.replace(".docx", "（手工修改稿 2023-11-14）.docx")]
    assert kept[0].read_bytes() == edited
    assert "被手工修改过（1 处）" in r.stderr and "主体责任制" in r.stderr and "改到工作簿中" in r.stderr
    assert "落实基层党建工作责任制" in "".join(document_texts(report.read_bytes()))
    r = invoke("build", str(path), "-o", str(out))    # an untouched report: nothing kept again
    assert "手工修改" not in r.output and len([p for p in out.iterdir() if "手工修改稿" in p.name]) == 1


def test_a_stale_pdf_is_removed_and_the_command_says_so(tmp_path):
    out = tmp_path / "out"
    path = filled(tmp_path)
    assert invoke("build", str(path), "-o", str(out)).exit_code == 0
    pdf = (out / REPORT).with_suffix(".pdf")
    pdf.write_bytes(b"%PDF- last version")
    os.utime(pdf, (1_000_000_000, 1_000_000_000))     # older than the report
    filled(tmp_path, lambda wb: wb["报告正文"].append(["其他需要说明的情况", "", "无其他需要说明的情况。"]))
    r = invoke("build", str(path), "-o", str(out))
    assert r.exit_code == 0 and not pdf.exists()
    assert "旧的 PDF" in r.stdout and "已删除" in r.stdout and "--pdf" in r.stdout


# ---------------------------------------------------------------- 5. a workbook still open

def test_a_workbook_open_in_excel_gets_a_warning_naming_its_lock_file(tmp_path):
    path = filled(tmp_path)
    (tmp_path / f"~${path.name}").write_bytes(b"\x00" * 165)
    r = invoke("check", str(path))
    assert f"警告 工作簿正在 Excel 或 WPS 中打开（旁边有锁定文件“~${path.name}”）" in r.output
    assert "未保存的修改不会写入报告" in r.output


# ---------------------------------------------------------------- 6. ordinary habits

STYLES = {"加强党的建设": "（一）", "服务经济发展": "一、", "组织公共服务": "1.", "实施公共管理": "（1）",
          "监督行政执法": "1、", "动员社会参与": "①", "指导基层自治": "2）"}


def test_numbering_typed_in_a_lead_is_not_doubled(tmp_path):
    def number_them(wb):
        ws = wb["报告正文"]
        for lead, typed in STYLES.items():
            ws.cell(row_of(ws, 2, lead), 2).value = f"{typed}{lead}"
    out = build(filled(tmp_path, number_them))
    assert out.ok, [str(m) for m in out.messages if m.is_error]
    texts = document_texts(out.data)
    # 株洲2023: the 职能职责 leads are items 1. to 7. under 一（一）, in the clerk's order
    for n, lead in enumerate(STYLES, start=1):
        assert any(t.startswith(f"{n}.{lead}。") for t in texts), lead


def test_a_blank_actual_value_is_an_error_at_its_own_cell(tmp_path):
    out = build(filled(tmp_path, lambda wb: setattr(wb["绩效指标"].cell(3, 5), "value", None)))
    errors = [m for m in out.messages if m.is_error]
    assert [m.where for m in errors] == ["绩效指标!E3"]
    assert "实际完成值为空" in errors[0].what


def test_amounts_typed_in_yuan_are_flagged_with_the_likely_cause(tmp_path):
    def in_yuan(wb):
        ws = wb["资金情况"]
        for r in range(2, ws.max_row + 1):
            if isinstance(ws.cell(r, 2).value, (int, float)):
                ws.cell(r, 2).value = ws.cell(r, 2).value * 10_000
    out = build(filled(tmp_path, in_yuan))
    assert not out.ok
    slips = [m for m in out.messages if "像是按“元”填写的" in m.what]
    # 支出：项目支出 against 基础数据表 项目支出 0.43, 公用经费 against 基础数据表 914.25
    assert [m.where for m in slips if m.is_error] == ["资金情况!B12", "资金情况!B18"]
    assert [m.where for m in slips if not m.is_error] == ["资金情况!B4"]  # 18,904,000 万元 > MAX_UNIT_TOTAL
    assert all("除以10000" in m.todo for m in slips)


def test_a_scoring_reason_in_the_remark_column_satisfies_the_warning(tmp_path):
    def score_by_hand(wb):
        ws = wb["绩效指标"]
        r = row_of(ws, 3, "新征民兵≥（人）")            # 10人 planned, 5人 done: by rule 4 × 5/10 = 2.00
        ws.cell(r, 5).value, ws.cell(r, 7).value = "5人", 3
    out = build(filled(tmp_path, score_by_hand))
    assert any("按规则应为" in m.what for m in out.messages)
    out = build(filled(tmp_path / "b", lambda wb: (score_by_hand(wb), setattr(
        wb["绩效指标"].cell(row_of(wb["绩效指标"], 3, "新征民兵≥（人）"), 8), "value",
        "评分理由：适龄青年外出务工多，征兵任务由上级调减为5人，按调减后的任务评3分。"))))
    assert not any("按规则应为" in m.what for m in out.messages)


# ---------------------------------------------------------------- 7. what the program writes

def test_the_blank_workbook_says_which_sentences_the_program_writes(tmp_path):
    path = tmp_path / "blank.xlsx"
    assert invoke("template", "--format", "株洲2023", "--year", "2025", "-o", str(path)).exit_code == 0
    wb = openpyxl.load_workbook(path)
    guide = [str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value]
    assert "人员情况" in guide and any(t.startswith("单位编制数××人，××年实际在职人数××人") for t in guide)
    prompts = [dv.prompt for dv in wb["报告正文"].data_validations.dataValidation if dv.promptTitle == "章节"]
    assert prompts and "人员情况" in prompts[0] and "由程序自动写出" in prompts[0]


def test_a_paragraph_restating_a_generated_sentence_gets_a_note(tmp_path):
    def restate(wb):
        wb["报告正文"].append(["人员情况", "", "街道编制34人，年末实际在职32人，人员保持稳定。"])
    out = build(filled(tmp_path, restate))
    notes = [m for m in out.messages if "程序已写在" in m.what]
    assert len(notes) == 1 and notes[0].level == "提示" and notes[0].where.startswith("报告正文!C")
    assert "单位编制数34人" in notes[0].what and "街道编制34人" in notes[0].what
