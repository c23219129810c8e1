"""diff.py: what changed between two versions of a report, read from the .docx files alone."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from click.testing import CliRunner

from jixiao.build import build
from jixiao.cli.main import main
from jixiao.cli import previous
from jixiao.cli import diff
from jixiao.cli.diff import Changes, TooLarge, _pair, compare, figures_of
from jixiao.render.document import Cell, Paragraph, Report, Row, Table
from jixiao.write.body import write_docx

from ..conftest import EXAMPLES
from ..variants import report_name, workbook


def without_figures(docx: bytes) -> bytes:
    """The report as one made before the writer embedded its figures (no customXml parts)."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if not info.filename.startswith("customXml/"):
                out.writestr(info, src.read(info))
    return buf.getvalue()


def doc(*body, figures=()) -> bytes:
    return write_docx(Report.of("2023年度甲单位整体支出绩效自评报告", "甲单位", date(2024, 4, 1),
                                body=tuple(body), figures=tuple(figures)))


def table(*rows: tuple[str, ...]) -> Table:
    return Table((30,) * len(rows[0]), tuple(Row(tuple(Cell(c) for c in r), header=i == 0)
                                             for i, r in enumerate(rows)))


H = Paragraph.of("heading1", "二、一般公共预算支出情况")
TITLE = Paragraph.of("table-title", "2023年度部门（单位）整体支出绩效评价基础数据表")


def test_figure_by_figure():
    old = doc(H, figures=[("资金情况 一般公共预算：人员经费", "1412.98"), ("总分", "98.00"),
                          ("项目 甲 执行率", "90.00%")])
    new = doc(H, figures=[("资金情况 一般公共预算：人员经费", "1400.00"), ("总分", "97.50"),
                          ("项目 乙 执行率", "")])
    ch = compare(old, new)
    assert ch.by_figures
    assert ch.figures == ["资金情况 一般公共预算：人员经费 1412.98 → 1400.00", "总分 98.00 → 97.50",
                          "项目 乙 执行率 （新增）（空）", "项目 甲 执行率 90.00% →（已删除）"]
    assert ch.counts == (4, 0, 0) and ch.summary() == "数字 4 处"


def test_the_figures_are_read_from_the_report_itself():
    data = doc(H, figures=[("总分", "98.00"), ("等级", "优")])
    assert figures_of(data) == [("总分", "98.00"), ("等级", "优")]
    assert figures_of(without_figures(data)) is None


def test_without_the_figures_part_text_only():
    old = without_figures(doc(H, Paragraph.of("body", "2023年度人员经费1412.98万元。")))
    new = doc(H, Paragraph.of("body", "2023年度人员经费1400.00万元。"), figures=[("总分", "1")])
    ch = compare(old, new)
    assert not ch.by_figures and ch.figures == []
    assert ch.paragraphs == ["二、一般公共预算支出情况 段落改为：「2023年度人员经费1412.98万元。」→「2023年度人员经费1400.00万元。」"]


def test_paragraphs_added_removed_changed_under_their_heading():
    keep = Paragraph.of("body", "不变的一段。")
    old = doc(H, keep, Paragraph.of("body", "将被删除的一段。"), Paragraph.of("heading1", "三、其他"),
              Paragraph.of("body", "执行率为98.50%，得分9.85分。"))
    new = doc(H, keep, Paragraph.of("heading1", "三、其他"), Paragraph.of("body", "执行率为97.50%，得分9.75分。"),
              Paragraph.of("body", "新加的一段。"))
    ch = compare(old, new)
    assert ch.paragraphs == [
        "二、一般公共预算支出情况 删除段落：「将被删除的一段。」",
        "三、其他 段落改为：「执行率为98.50%，得分9.85分。」→「执行率为97.50%，得分9.75分。」",
        "三、其他 新增段落：「新加的一段。」",
    ]
    assert ch.counts == (0, 3, 0)


def test_table_cells_are_named_by_table_row_and_column():
    head = ("项目", "上年决算数", "本年决算数")
    old = doc(TITLE, table(head, ("人员经费", "1412.98", "1506.95"), ("公用经费", "914.24", "914.25")))
    new = doc(TITLE, table(head, ("人员经费", "1412.98", "1500.00"), ("公用经费", "914.24", "914.25"),
                           ("三公经费", "1.00", "2.00")))
    ch = compare(old, new)
    assert ch.cells == ["整体支出绩效评价基础数据表「人员经费」本年决算数：1506.95 → 1500.00",
                        "整体支出绩效评价基础数据表 新增一行：三公经费 | 1.00 | 2.00"]


def test_a_cell_showing_a_changed_figure_is_not_listed_twice():
    head = ("项目", "本年决算数", "说明")
    old = doc(TITLE, table(head, ("人员经费", "1412.98", "甲")), figures=[("基础数据表 人员经费", "1412.98")])
    new = doc(TITLE, table(head, ("人员经费", "1400.00", "乙")), figures=[("基础数据表 人员经费", "1400.00")])
    ch = compare(old, new)
    assert ch.figures == ["基础数据表 人员经费 1412.98 → 1400.00"]
    assert ch.cells == ["整体支出绩效评价基础数据表「人员经费」说明：甲 → 乙"] and ch.counts == (1, 0, 1)


def test_a_long_paragraph_is_cut_around_each_change():
    words = "一二三四五六七八九十" * 30
    a = words + "执行率为98.50%，" + words + "总分98.52分。" + words
    b = words + "执行率为97.50%，" + words + "总分97.52分。" + words
    x, y = _pair(a, b)
    assert x == "…七八九十执行率为98.50%，一二三四五六七…；…五六七八九十总分98.52分。一二三四五六…"
    assert y == "…七八九十执行率为97.50%，一二三四五六七…；…五六七八九十总分97.52分。一二三四五六…"
    assert len(x) < 80


def test_many_changes_are_counted_and_the_lines_capped():
    old = doc(*[Paragraph.of("body", f"第{i}段原文。") for i in range(50)])
    new = doc(*[Paragraph.of("body", f"第{i}段新文。") for i in range(50)])
    ch = compare(old, new)
    assert ch.counts == (0, 50, 0)
    lines = ch.lines(10)
    assert len(lines) == 10 and lines[-1] == "……另有 41 处改动"


def test_same_text_different_bytes():
    a = doc(H)
    b = doc(H, Paragraph.of("body", ""))        # an empty paragraph more: other bytes, same text
    assert a != b
    assert compare(a, b).empty and compare(a, b).summary().startswith("文字和数字无变化")


def test_an_unreadable_old_report_is_a_value_error():
    with pytest.raises(ValueError):
        compare(b"not a zip", doc(H))
    with pytest.raises(ValueError):
        compare(doc(H), b"PK\x03\x04broken")


def test_real_reports(tmp_path):
    a = build(EXAMPLES["000"]).data
    b = build(workbook(tmp_path / "m.xlsx", "株洲市芦淞区贺家土街道办事处", edits=(("资金情况", "B3", 1985.40),))).data
    ch = compare(a, b)
    assert ch.by_figures
    assert ch.figures == ["资金情况 全年预算数 1890.40 → 1985.40", "执行率 100.00% → 95.22%",
                          "预算执行得分 10.00 → 9.52", "总分 99.00 → 98.52"]
    assert any("全年预算数1890.40万元" in p and "全年预算数1985.40万元" in p for p in ch.paragraphs)
    assert ch.cells == []                              # the tables show those same figures
    old = compare(without_figures(a), b)               # a report made before figures were embedded
    assert "整体支出绩效自评表「年度资金总额」全年预算数：1890.40 → 1985.40" in old.cells


# ---------------------------------------------------------------- through the command line

def test_rebuild_prints_what_changed(tmp_path):
    out = tmp_path / "out"
    src = workbook(tmp_path / "甲.xlsx", "甲单位")
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(src), "-o", str(out)])
    assert "新生成" in r.stdout and "与上一版相比" not in r.stdout
    workbook(src, "甲单位", edits=(("资金情况", "B3", 1985.40),))
    r = runner.invoke(main, ["build", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert "（已更新）" in lines[0] and "总分 98.52" in lines[0]
    assert lines[1] == "与上一版相比：数字 4 处，段落 2 处"
    assert lines[2:6] == ["  资金情况 全年预算数 1890.40 → 1985.40", "  执行率 100.00% → 95.22%",
                          "  预算执行得分 10.00 → 9.52", "  总分 99.00 → 98.52"]


def test_rebuild_over_an_unreadable_old_report_just_replaces_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / report_name("甲单位")).write_bytes(b"garbage, not a docx")
    r = CliRunner().invoke(main, ["build", str(workbook(tmp_path / "甲.xlsx", "甲单位")), "-o", str(out)])
    assert r.exit_code == 0 and "（已更新）" in r.stdout and "与上一版相比" not in r.stdout
    assert (out / report_name("甲单位")).read_bytes()[:2] == b"PK"


def test_changes_empty_default():
    assert Changes().empty and Changes().lines() == []


def test_a_cell_change_says_a_shared_label_once():
    from jixiao.cli.diff import _change
    assert _change("按收入性质分：1890.40", "按收入性质分：1883.45") == "按收入性质分：1890.40 → 1883.45"
    assert _change("1506.95", "1500.00") == "1506.95 → 1500.00"
    assert _change("", "甲") == "（空） → 甲" and _change("甲", "") == "甲 → （空）"


# ---------------------------------------------------------------- a crafted previous report

def with_document(docx: bytes, document: bytes) -> bytes:
    """The report with word/document.xml replaced (a crafted "previous version")."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, document if info.filename == "word/document.xml" else src.read(info))
    return buf.getvalue()


def paragraphs_xml(n: int, cells: int = 0, pad: int = 0) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "<w:p><w:r><w:t>甲</w:t></w:r></w:p>" * n
    body += "<w:tbl>" + "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>" * cells + "</w:tbl>"
    return f'<w:document {w}><w:body>{body}{" " * pad}</w:body></w:document>'.encode()


@pytest.mark.parametrize("what, document", [
    ("正文部分", lambda: paragraphs_xml(1, pad=diff.MAX_DOCUMENT_BYTES)),
    ("段落超过", lambda: paragraphs_xml(diff.MAX_PARAGRAPHS + 1)),
    ("表格单元格超过", lambda: paragraphs_xml(0, cells=diff.MAX_CELLS + 1)),
])
def test_a_previous_report_beyond_the_limits_is_not_compared(what, document):
    import resource
    import time
    new = build(EXAMPLES["000"]).data
    old = with_document(new, document())
    start, rss = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TooLarge, match=what):
        compare(old, new)
    assert time.perf_counter() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 200 * 1024   # KB: no tree of it kept


def test_within_the_limits_a_large_previous_report_is_compared_streaming():
    new = build(EXAMPLES["000"]).data
    old = with_document(new, paragraphs_xml(diff.MAX_PARAGRAPHS // 2, cells=diff.MAX_CELLS // 2))
    ch = compare(old, new)
    assert ch.counts[1] > 0 and len(ch.paragraphs) <= diff.MAX_LINES


def test_rebuild_over_a_too_large_previous_report_says_so_and_replaces_it(tmp_path, monkeypatch):
    monkeypatch.setattr(diff, "MAX_PARAGRAPHS", 100)
    out = tmp_path / "out"
    out.mkdir()
    src = workbook(tmp_path / "甲.xlsx", "甲单位")
    new = build(src).data
    (out / report_name("甲单位")).write_bytes(with_document(new, paragraphs_xml(500)))
    r = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "提示 上一版报告太大（段落超过 100 个），未与新报告逐项比较，将直接替换" in r.stdout
    assert "（已更新）" in r.stdout and "与上一版相比" not in r.stdout
    assert (out / report_name("甲单位")).read_bytes() == new
    monkeypatch.setattr(previous, "MAX_OLD_REPORT_BYTES", 1000)      # a file too large to read at all
    workbook(src, "甲单位", edits=(("资金情况", "B3", 1985.40),))
    r = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
    assert r.exit_code == 0 and "提示 上一版报告太大（0 MB，超过 0 MB）" in r.stdout


def _forged(docx: bytes, own: list[str], paragraphs: list[str]) -> bytes:
    """`docx` with its embedded own text and its body replaced (a hostile "previous report")."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = ('<?xml version="1.0" encoding="UTF-8"?><figures xmlns="urn:jixiao:figures:1">'
            + "".join(f"<text>{t}</text>" for t in own) + "</figures>")
    body = (f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'
            + "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in paragraphs) + "</w:body></w:document>")
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = {"customXml/item1.xml": part.encode(), "word/document.xml": body.encode()}.get(info.filename)
            out.writestr(info.filename, data if data is not None else src.read(info))
    return buf.getvalue()


def test_a_forged_previous_report_of_repeated_paragraphs_is_compared_in_bounded_time(tmp_path):
    """10 KB: 5,000 own texts "a" and a body of 10,000 paragraphs "b", "a", "b", … — difflib's
    alignment of such lists took over 5 minutes (hand_edits, then diff's paragraphs); now the
    long unequal middle is paired by position (own_text.MAX_ALIGNED_PAIRS)."""
    import time
    new = build(EXAMPLES["000"]).data
    forged = _forged(new, ["a"] * 5000, ["b" if i % 2 == 0 else "a" for i in range(10_000)])
    assert len(forged) < 64 * 1024
    target = tmp_path / "报告.docx"
    target.write_bytes(forged)
    start = time.monotonic()
    got = previous.compare_with_previous(new, target)
    assert time.monotonic() - start < 10
    assert got.edits is not None       # the last "a" is the common tail: 1 … 4,999 paired, then 5,000 新增
    assert got.edits[:2] == ["改写：“a” → “b”"] * 2 and len(got.edits) == 2500 + 5000
    assert got.edits[-1] == "新增：“b”"
    assert got.changes is not None and not got.changes.empty


def test_aligned_is_difflibs_alignment_for_a_real_edit():
    from jixiao.write.own_text import aligned, hand_edits
    own = ["标题", "一、基本情况", "原来的段落", "二、绩效目标", "结尾"]
    now = ["标题", "一、基本情况", "改过的段落", "新加的段落", "二、绩效目标", "结尾"]
    assert hand_edits(own, now) == ["改写：“原来的段落” → “改过的段落”", "新增：“新加的段落”"]
    assert aligned(own, now) == [("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 4), ("equal", 3, 5, 4, 6)]
    assert aligned(["x"], ["x"]) == [("equal", 0, 1, 0, 1)] and aligned([], []) == []
