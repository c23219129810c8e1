"""The laid-out pages, measured through LibreOffice where the XML alone cannot tell: characters
a line, lines a page, where the page number, the 附件说明, the 署名 and the date stand, which
lines share a page, that nothing is lost. The examples and hand-built reports are laid out in one
LibreOffice run. Skipped where LibreOffice / poppler are missing (.ci/run installs them).

LibreOffice here draws the official fonts with Noto CJK; its half-width digits are 0.64 em where
仿宋_GB2312's are 0.5 em, so checks that involve digits allow for the measured difference."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from jixiao.write import gbt9704 as G
from jixiao.cli.main import main
from jixiao.render.document import Cell, Paragraph, Report, Row, Table
from jixiao.write.measure import advance, break_title
from jixiao.write.body import write_docx

from .. import reports
from ..conftest import EXAMPLES, built
from ..pdf_layout import HAVE_TOOLS, ink_rows_mm, pages, to_pdf

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not HAVE_TOOLS, reason="LibreOffice / poppler / pdfplumber not installed")]

PITCH = G.CHAR_PITCH.points
LINE = G.LINE_PITCH.points
NO_LINE_START = set("，。、；：？！）》」』”’…—%")
NO_LINE_END = set("（《「『“‘")


def _tall_row_report() -> Report:
    goal = "推进基层治理现代化，" * 160
    t = Table((30, 126), (Row((Cell("项目", bold=True), Cell("年度总体目标", bold=True)), header=True),
                          Row((Cell("目标"), Cell(goal, align="left"))), Row((Cell("末行"), Cell("完")))))
    return Report.of("长行", "某单位", reports.full().created, body=(Paragraph.of("table-title", "长行表"), t,
                                                                 Paragraph.of("table-note", "填表人：张三")))


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    # every shipped format: the examples carry 株洲2023, 岳阳2024 and 长沙2022; default from 000's data
    docs = {key: built(key).outcome.data for key in (*EXAMPLES, "default")}
    docs["stamped"] = write_docx(reports.full(stamp=True, body_paragraphs=10))
    docs["unstamped"] = write_docx(reports.full(stamp=False, body_paragraphs=14))
    docs["tall"] = write_docx(_tall_row_report())
    pdfs = to_pdf(docs, tmp_path_factory.mktemp("layout"))
    # one-sided: as the PDF export gives it by default (without the blank page LibreOffice adds
    # behind the cover to keep page 1 on a right-hand page; Word adds none)
    pdfs.update(to_pdf({"simplex": write_docx(reports.full(duplex=False))}, tmp_path_factory.mktemp("simplex"),
                       all_pages=False))
    return {name: (pdf, pages(pdf)) for name, pdf in pdfs.items()}


def is_label(line) -> bool:
    return bool(re.fullmatch(r"附件\d+", line.text)) and abs(line.size - 16) < 0.5


def body_pages(laid, name):
    """The report's text pages: from the one with the heading 一、 to the next attachment label."""
    pdf, ps = laid[name]
    start = next(i for i, p in enumerate(ps)
                 if any(line.text.startswith("一、") and abs(line.size - 16) < 0.5 for line in p.lines))
    out = []
    for p in ps[start:]:
        if p.lines and is_label(p.lines[0]):
            break
        out.append(p)
    return out


def text_lines(page):
    """3号 lines inside the text block (no page number)."""
    return [line for line in page.lines if abs(line.size - 16) < 0.6 and line.top < page.text_bottom]


# ---------------------------------------------------------------------------- GB/T 9704 5.2.3
@pytest.mark.parametrize("name", ["000", "001", "003", "default", "unstamped"])
def test_full_lines_hold_28_characters(laid_out, name):
    counts = {}
    for page in body_pages(laid_out, name):
        lines = text_lines(page)
        for line, nxt in zip(lines, lines[1:]):
            t = line.text
            full = line.x1 > page.right - PITCH / 2
            if not full or re.search(r"[ -~]", t):   # a paragraph's last line, or digits (not on the grid)
                continue
            indent = round((line.x0 - page.left) / PITCH)
            n = len(t) + indent
            counts[n] = counts.get(n, 0) + 1
            if n != 28:   # only line-breaking rules push characters down: a mark that cannot start
                # a line takes the one or two characters before it along, as does a number
                assert n in (26, 27) and (set(nxt.text[:3]) & NO_LINE_START or t[-1] in NO_LINE_END
                                          or nxt.text[0] in NO_LINE_END
                                          or re.search(r"[ -~]", nxt.text[:3])), (page.number, t, nxt.text)
    assert counts.get(28, 0) >= 20 and counts.get(28, 0) >= 3 * (len(counts) and sum(counts.values()) - counts[28]), counts


@pytest.mark.parametrize("name", ["000", "001", "003", "default", "unstamped"])
def test_lines_sit_on_the_22_line_grid(laid_out, name):
    full_pages = 0
    for page in body_pages(laid_out, name)[:-1]:
        lines = text_lines(page)
        tops = [line.top for line in lines]
        # every line on the pitch, counted from the first
        for a, b in zip(tops, tops[1:]):
            steps = (b - a) / LINE
            assert abs(steps - round(steps)) < 0.05, (page.number, a, b)
        slots = round((tops[-1] - tops[0]) / LINE) + 1
        assert slots <= 22
        full_pages += slots == 22
        assert tops[0] >= page.text_top - 2 and tops[-1] + 16 <= page.text_bottom + 2
    assert full_pages >= 2


@pytest.mark.parametrize("name", ["001", "unstamped"])
def test_paragraph_indents_are_two_characters(laid_out, name):
    assert body_pages(laid_out, name)
    for page in body_pages(laid_out, name):
        for line in text_lines(page):
            offset = (line.x0 - page.left) / PITCH
            if line.text.startswith("附件："):
                assert abs(offset - 2) < 0.05
            elif offset < 2.5:  # else a title, 署名, date, 附件 line: placed, not indented
                assert min(abs(offset), abs(offset - 2)) < 0.05, (page.number, line.text)


# ---------------------------------------------------------------------------- 7.5 page numbers
@pytest.mark.parametrize("name", ["000", "001", "003", "default", "stamped", "simplex"])
def test_page_numbers(laid_out, name):
    """`— N —` under every page of a numbered section, numbers running on (unnumbered pages are
    counted), odd numbers one character in from the right on right-hand pages, even ones one
    character in from the left; a cover has none and, two-sided, its back is blank."""
    pdf, ps = laid_out[name]
    duplex = name != "simplex"
    offset = None
    for p in ps:
        num = [line for line in p.lines if line.top > p.text_bottom]
        if not num:
            assert offset is None or not p.lines or any("（盖章）" in line.text for line in p.lines), p.number
            if duplex and p.number > 1 and any("（盖章）" in line.text for line in ps[p.number - 2].lines):
                assert p.lines == [], p.number          # the back of a cover is blank
            continue
        assert len(num) == 1 and re.fullmatch(r"—\d+—", num[0].text), (p.number, [n.text for n in num])
        n = int(num[0].text.strip("—"))
        offset = p.number - n if offset is None else offset
        assert n == p.number - offset, p.number
        assert abs(num[0].size - 14) < 0.5
        left = p.left if duplex else G.MARGIN_INSIDE.points
        right = left + G.TEXT_WIDTH.points
        if n % 2:   # 单页码居右空一字
            assert abs(right - num[0].x1 - 14) < 1.5, (p.number, num[0].x1)
        else:       # 双页码居左空一字
            assert abs(num[0].x0 - left - 14) < 1.5, (p.number, num[0].x0)
        if duplex:  # odd numbers on right-hand pages
            assert p.number % 2 == n % 2, p.number
    assert offset is not None


def test_page_number_dash_is_7_mm_under_the_text_block(laid_out):
    pdf, ps = laid_out["stamped"]
    block_bottom = 297 - 35
    for page in (3, 4):
        rows = ink_rows_mm(pdf, page, block_bottom + 1)
        assert rows, page
        dash = (rows[0] + rows[-1]) / 2
        assert abs(dash - block_bottom - 7) < 0.7, (page, dash)


def test_duplex_mirrors_the_margins(laid_out):
    _, ps = laid_out["unstamped"]
    assert len(ps) >= 6
    for p in ps[2:6]:
        xs = [line.x0 for line in text_lines(p)]
        assert abs(min(xs) - p.left) < 0.6, p.number      # 28 mm on odd pages, 26 mm on even ones
    _, simplex = laid_out["simplex"]
    assert len(simplex) >= 4
    for p in simplex[1:4]:
        assert abs(min(line.x0 for line in text_lines(p)) - G.MARGIN_INSIDE.points) < 0.6


# ---------------------------------------------------------------------------- 7.3.1 title
@pytest.mark.parametrize("name", ["stamped", "unstamped"])
def test_title_lines(laid_out, name):
    _, ps = laid_out[name]
    want = break_title([f"{reports.YEAR}年度", reports.UNIT, "整体支出绩效自评报告"], G.SIZE_2, G.TEXT_WIDTH)
    for p in (ps[0], ps[2]):
        got = [line.text for line in p.lines if abs(line.size - 22) < 0.5]
        assert got == want
        for line in p.lines:
            if abs(line.size - 22) < 0.5:   # centred
                assert abs((line.x0 + line.x1) / 2 - (p.left + p.right) / 2) < 1.5


# ---------------------------------------------------------------------------- 7.3.4 附件说明
@pytest.mark.parametrize("name", ["000", "001", "003", "default", "stamped", "unstamped"])
def test_attachment_list_wraps_under_the_name(laid_out, name):
    if name in EXAMPLES and not built(name).styled("GwAttachmentList"):
        pytest.skip("this format writes its 附件说明 as plain paragraphs")
    _, ps = laid_out[name]
    found = 0
    for p in ps:
        lines = p.lines
        for i, line in enumerate(lines):
            m = re.match(r"(附件：)?(\d+\.)", line.text)
            if not m or abs(line.size - 16) > 0.6:
                continue
            where = (line.x0 - p.left) / PITCH
            if not (m.group(1) and abs(where - 2) < 0.1 or abs(where - 5) < 0.1):
                continue      # a "1." heading, not a 附件说明 line
            first_char_of_name = line.chars[len(m.group(0))]
            if m.group(1):
                assert abs(line.x0 - p.left - 2 * PITCH) < 0.6
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and not re.match(r"\d+\.", nxt.text) and abs(nxt.top - line.top - LINE) < 1 \
                    and line.x1 > p.right - PITCH:
                # a wrapped name starts under the name's first character (digits may be wider in Noto)
                slack = sum(c.x1 - c.x0 - 8 for c in line.chars[:len(m.group(0))] if c.text.isascii())
                assert abs(nxt.x0 - first_char_of_name.x0) <= max(1.0, abs(slack) + 1.0), (nxt.text, nxt.x0)
                found += 1
    assert found or name in EXAMPLES


# ---------------------------------------------------------------------------- 7.3.5 署名 and date
def _signature(laid, name):
    _, ps = laid[name]
    for p in ps:
        lines = text_lines(p)
        for i, line in enumerate(lines):
            if line.text == reports.UNIT and i + 1 < len(lines) and lines[i + 1].text == "2025年4月28日":
                return p, lines, i
    raise AssertionError("no 署名 with its date")


def test_stamped_signature_is_centred_over_a_date_four_characters_in(laid_out):
    page, lines, i = _signature(laid_out, "stamped")
    name, when = lines[i], lines[i + 1]
    assert abs(page.right - when.x1 - 4 * PITCH) < 1.0                 # 成文日期右空四字
    # 以成文日期为准居中: exact with the official fonts; LibreOffice's stand-in draws the date
    # wider (0.64 em digits, extra space around them), off centre by half of that
    wider = (when.x1 - when.x0) - advance(when.text, G.SIZE_3, G.CHAR_SPACING).points
    centre_name, centre_date = (name.x0 + name.x1) / 2, (when.x0 + when.x1) / 2
    assert abs(centre_name - centre_date - wider / 2) < 1.0
    assert abs(name.top - lines[i - 1].top - 3 * LINE) < 1              # two blank lines: the seal's top within a line


def test_unstamped_signature_and_date(laid_out):
    page, lines, i = _signature(laid_out, "unstamped")
    name, when = lines[i], lines[i + 1]
    assert abs(page.right - name.x1 - 2 * PITCH) < 1.0                 # 署名右空二字
    assert abs(when.x0 - name.x0 - 2 * PITCH) < 1.0                    # 日期首字右移二字
    assert abs(name.top - lines[i - 1].top - 2 * LINE) < 1              # 下空一行


@pytest.mark.parametrize("name", ["stamped", "unstamped", "simplex"])
def test_signature_shares_its_page_with_the_text_above(laid_out, name):
    page, lines, i = _signature(laid_out, name)
    assert i >= 1 and lines[i - 1].text.startswith(("附件：", "2.")), [line.text for line in lines[:i]]


# ---------------------------------------------------------------------------- tables
@pytest.mark.parametrize("name", ["000", "001", "003", "default", "stamped", "tall"])
def test_the_footer_line_shares_its_page_with_its_table(laid_out, name):
    _, ps = laid_out[name]
    assert any(line.text.startswith("填表人") for p in ps for line in p.lines)
    for p in ps:
        for i, line in enumerate(p.lines):
            if line.text.startswith("填表人"):
                assert i > 0 and p.lines[i - 1].size < 13 and not p.lines[i - 1].text.startswith("附件"), p.number


def test_continued_table_heading_repeats_and_the_tables_touch(laid_out):
    _, ps = laid_out["stamped"]
    pages = [p for p in ps if any(line.text.startswith("一级指标") for line in p.lines)]
    assert len(pages) >= 2
    for p in pages[1:]:   # a continuation page starts with the indicator headings
        top = [line.text for line in p.lines if line.size < 13][:3]
        assert any(t.startswith("一级指标") for t in top), top
    # flush: between the last row of the first table and the heading row there is one rule only
    p = pages[0]
    above = next(line for line in p.lines if "致力务实担当" in line.text)
    below = next(line for line in p.lines if line.text.startswith("一级指标"))
    rules = sorted({round(y, 1) for y, x0, x1 in p.h_edges if above.top + 8 < y < below.top})
    assert rules and rules[-1] - rules[0] < 1.0, rules


def test_a_row_taller_than_a_page_breaks_across_pages(laid_out):
    _, ps = laid_out["tall"]
    text = "".join(re.sub(r"\s", "", p.text) for p in ps)
    assert text.count("推进基层治理现代化") == 160                   # nothing clipped
    assert sum("推进基层治理现代化" in p.text for p in ps) >= 2


@pytest.mark.parametrize("name", ["000", "001", "003", "default"])
def test_numbers_in_tables_are_not_broken(laid_out, name):
    b = built(name)
    _, ps = laid_out[name]
    pieces = " ".join(line.text for p in ps for line in p.lines if line.size < 13)   # table text
    assert re.search(r"\d+\.\d\d", "".join(c.text for t in b.tables for row in t.rows for c in row.cells))
    for t in b.tables:
        for row in t.rows:
            for cell in row.cells:
                for number in re.findall(r"\d+\.\d\d%?", cell.text):
                    assert number in pieces, (name, number)


@pytest.mark.parametrize("name", ["000", "001", "003", "default"])
def test_the_side_labels_break_at_most_once_inside_brackets(laid_out, name):
    """年度预算申请（万元） in the 10 mm label column: "（万" over "元）", never one character a line."""
    _, ps = laid_out[name]
    column = []   # the text of each line inside the first 10 mm of the tables
    for p in ps:
        for line in p.lines:
            inside = "".join(c.text for c in line.chars if c.size < 13 and c.x1 <= p.left + G.mm(10).points)
            if inside:
                column.append(inside)
    assert "（万" in column and "元）" in column
    assert not {"（", "万", "元", "）"} & set(column)


# ---------------------------------------------------------------------------- nothing lost
@pytest.mark.parametrize("name", ["000", "001", "003", "default"])
def test_every_paragraph_is_drawn_whole(laid_out, name):
    """Every character of every paragraph outside tables reaches the page (LibreOffice once
    dropped punctuation it hung past the margin)."""
    _, ps = laid_out[name]
    drawn = re.sub(r"\s|—\d+—", "", "".join(p.text for p in ps))
    assert any(t.strip() for t in built(name).texts)
    for text in built(name).texts:
        t = re.sub(r"\s", "", text)
        if t:
            assert t in drawn, text


# ---------------------------------------------------------------------------- the examples, as before
def _info(pdf) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_pages_are_a4_and_sane(laid_out, key):
    pdf, ps = laid_out[key]
    attachments = len(built(key).styled("GwAttachmentLabel"))
    assert 4 + attachments <= len(ps) <= 60
    w, h = map(float, re.findall(r"[\d.]+", _info(pdf)["Page size"])[:2])
    assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_title_headings_and_labels_survive(laid_out, key):
    _, ps = laid_out[key]
    text = re.sub(r"\s+", "", "".join(p.text for p in ps))
    b = built(key)
    assert b.styled("GwTitle") and b.styled("Heading1")
    for t in b.styled("GwTitle") + b.styled("Heading1") + b.styled("Heading2") + b.styled("GwAttachmentLabel"):
        assert re.sub(r"\s+", "", t) in text, t


def test_build_pdf_flag(tmp_path):
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(tmp_path), "--pdf"])
    assert r.exit_code == 0, r.output
    assert len(list(tmp_path.glob("*.pdf"))) == 1


def test_build_pdf_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(tmp_path), "--pdf"])
    assert r.exit_code == 1 and "未找到 LibreOffice" in r.output
    assert len(list(tmp_path.glob("*.docx"))) == 1      # the report itself is still written
