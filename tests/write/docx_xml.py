"""Helpers for the writer's tests: the parts of a written .docx as lxml trees, and small hand-built Reports."""
from __future__ import annotations

import io
import typing
import zipfile
from datetime import date

from lxml import etree

from jixiao.write import gbt9704 as G
from jixiao.render.document import Cell, PageBreak, Paragraph, ParagraphKind, Report, Row, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "w14": "http://schemas.microsoft.com/office/word/2010/wordml"}
KINDS = typing.get_args(ParagraphKind)
INDENT_2 = str(round(2 * G.CHAR_PITCH.points * 20))   # 630 twips: two 15.75 pt characters


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def report(cover=(), body=(), created=date(2024, 3, 1), duplex=True) -> Report:
    return Report.of("2023年度某单位整体支出绩效自评报告", "某单位", created, tuple(cover), tuple(body), duplex=duplex)


def sample() -> Report:
    return report(
        cover=[Paragraph.of("cover", "部门（单位）名称：某单位（盖章）"), Paragraph.of("title", "报告")],
        body=[Paragraph.of("heading1", "一、基本情况"), Paragraph.of("body", "正文"), PageBreak(),
              Paragraph.of("attachment-label", "附件1"),
              Table((20, 30), (Row((Cell("a"), Cell("b")), header=True),)),
              Paragraph.of("table-note", "填表人：")],
    )


def style(data: bytes, sid: str):
    found = part(data, "word/styles.xml").find(f"w:style[@w:styleId='{sid}']", NS)
    assert found is not None, sid
    return found


def body_children(data: bytes):
    return list(part(data, "word/document.xml").find("w:body", NS))


def paragraphs(data: bytes):
    return part(data, "word/document.xml").findall(".//w:body/w:p", NS)


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def ppr(p, name: str, attr: str | None = None):
    el = p.find(f"w:pPr/w:{name}", NS)
    if attr is None:
        return el
    return None if el is None else el.get(w(attr))


def only_table(data: bytes):
    tbls = part(data, "word/document.xml").findall(".//w:tbl", NS)
    assert len(tbls) == 1
    return tbls[0]


def grid_layout(tbl) -> list[list[tuple[int, int, str | None, str]]]:
    """Per row: (grid column, span, vMerge value or 'cont', text) for each w:tc."""
    rows = []
    for tr in tbl.findall("w:tr", NS):
        col, cells = 0, []
        for tc in tr.findall("w:tc", NS):
            gs = tc.find("w:tcPr/w:gridSpan", NS)
            span = int(gs.get(w("val"))) if gs is not None else 1
            vm = tc.find("w:tcPr/w:vMerge", NS)
            merge = None if vm is None else vm.get(w("val"), "cont")
            cells.append((col, span, merge, "\n".join("".join(p.itertext()) for p in tc.findall("w:p", NS))))
            col += span
        rows.append(cells)
    return rows


def footer_of(data: bytes, sect, kind: str):
    ref = sect.find(f"w:footerReference[@w:type='{kind}']", NS)
    assert ref is not None
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = part(data, "word/_rels/document.xml.rels")
    target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
    return part(data, "word/" + target)


def sections(data: bytes):
    return part(data, "word/document.xml").findall(".//w:sectPr", NS)
