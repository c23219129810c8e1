"""单位链接.xlsx (workbooks/links.py)."""
from __future__ import annotations

import io

import openpyxl

from jixiao.workbooks.links import links_workbook


def test_a_roster_name_that_looks_like_a_formula_stays_text():
    """A roster's text cell '=HYPERLINK(…)' was written back as a live formula."""
    evil = '=HYPERLINK("http://evil.example/","点我")'
    ws = openpyxl.load_workbook(io.BytesIO(links_workbook([(evil, "http://127.0.0.1:8080/u/t/")]))).active
    assert ws["A2"].value == evil and ws["A2"].data_type == "s"
    assert ws["B2"].value == "http://127.0.0.1:8080/u/t/"
