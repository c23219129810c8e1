"""The bureau's collection on the page is the command line's (web/collect.py over
cli/collection.py): the same statuses — 重复 and 未提交 included — the same summary, the feedback
files and the 上报 bundle; the clerk's 草稿; the bureau's password."""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
import pytest

from jixiao.build import build
from tests.cli.test_batch import run_cli
from tests.conftest import EXAMPLES
from tests.web.conftest import HEJIATU, MEIXI, _site, csrf_of, variant

YUEHU, OTHER = "长沙市开福区月湖街道办事处", "某某街道办事处"


def _upload(client, token, data, name):
    csrf = csrf_of(client.get(f"/u/{token}/").text)
    r = client.post(f"/u/{token}/upload", data={"csrf": csrf, "workbook": (io.BytesIO(data), name)})
    assert r.status_code == 303
    return r.headers["Location"]


def _sheet(data: bytes) -> list[dict]:
    header, *rows = openpyxl.load_workbook(io.BytesIO(data))["汇总"].iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


@pytest.mark.slow
def test_dashboard_statuses_summary_feedback_and_bundle_are_the_command_lines(tmp_path, workers):
    site, c = _site(tmp_path, workers, [HEJIATU, MEIXI, YUEHU, OTHER])
    broken = variant(EXAMPLES["001"], "B3", "明年")
    sent = {HEJIATU: ("000.xlsx", EXAMPLES["000"].read_bytes()), MEIXI: ("001.xlsx", broken),
            YUEHU: ("003.xlsx", EXAMPLES["003"].read_bytes()),
            OTHER: ("000_又一份.xlsx", EXAMPLES["000"].read_bytes())}       # names 贺家土 too: 重复
    for unit, (name, data) in sent.items():
        _upload(c, site.units[unit], data, name)
    page = c.get(f"/b/{site.bureau}/").text
    shown = sorted(re.findall(r"<tr><td>(.*?)</td><td class=\"status\">(.+?)</td>", page))
    assert shown == sorted([(HEJIATU, "未生成：重复"), (HEJIATU, "未生成：重复"), (MEIXI, "未生成：有错误"),
                            (YUEHU, "已生成（有警告）"), (OTHER, "未提交")])
    # the command line over the same four workbooks and roster
    inbox, out = tmp_path / "收件", tmp_path / "报告"
    inbox.mkdir()
    for name, data in sent.values():
        (inbox / name).write_bytes(data)
    roster = tmp_path / "名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称"])
    for unit in sent:
        wb.active.append([unit])
    wb.save(roster)
    run_cli("build", str(inbox), "-o", str(out), "-j", "1", "--summary", str(tmp_path / "汇总.xlsx"),
            "--roster", str(roster), "--bundle", str(tmp_path / "上报.zip"))
    cli_rows = _sheet((tmp_path / "汇总.xlsx").read_bytes())
    assert sorted((r["单位名称"], r["状态"]) for r in cli_rows) == shown
    web_rows = _sheet(c.get(f"/b/{site.bureau}/summary.xlsx").data)
    assert sorted((r["单位名称"], r["状态"]) for r in web_rows) == shown
    # the bundle: the one 已生成 report, byte for byte the command line's, and 汇总.xlsx
    web_zip = zipfile.ZipFile(io.BytesIO(c.get(f"/b/{site.bureau}/bundle.zip").data))
    cli_zip = zipfile.ZipFile(tmp_path / "上报.zip")
    assert sorted(web_zip.namelist()) == sorted(cli_zip.namelist())
    docx = [n for n in web_zip.namelist() if n.endswith(".docx")]
    assert len(docx) == 1 and "月湖" in docx[0]
    assert web_zip.read(docx[0]) == cli_zip.read(docx[0]) == build(EXAMPLES["003"]).data
    assert "上报/汇总.xlsx" in web_zip.namelist()
    # the feedback files: one per unit and year (the duplicates share one), each downloadable
    names = re.findall(r'<li><a href="(/b/[^"]+/feedback/\d+)">(.+?)</a></li>', page)
    assert len(names) == 4
    got = c.get(names[0][0])
    assert got.status_code == 200 and got.data[:2] == b"PK"
    assert len(zipfile.ZipFile(io.BytesIO(c.get(f"/b/{site.bureau}/feedback.zip").data)).namelist()) == 4
    # each unit's page: its status and its own feedback file
    unit_page = c.get(f"/u/{site.units[OTHER]}/").text
    assert "未生成：重复" in unit_page and 'id="download-feedback"' in unit_page
    fb = openpyxl.load_workbook(io.BytesIO(c.get(f"/u/{site.units[OTHER]}/feedback.xlsx").data)).active
    text = " ".join(str(v) for row in fb.iter_rows(values_only=True) for v in row if v)
    assert "重复" in text and "000_又一份.xlsx" in text
    assert "000.xlsx" not in text.replace("000_又一份.xlsx", "")      # the other unit's file is not named
    assert "未生成：有错误" in c.get(f"/u/{site.units[MEIXI]}/").text


def test_draft_while_errors_remain_is_build_draft(tmp_path, workers):
    site, c = _site(tmp_path, workers, [HEJIATU])
    broken = tmp_path / "有错.xlsx"
    broken.write_bytes(variant(EXAMPLES["000"], "B5", "不是金额", sheet="资金情况"))
    where = _upload(c, site.units[HEJIATU], broken.read_bytes(), "有错.xlsx")
    page = c.get(where).text
    assert "报告未生成" in page and 'id="download-draft"' in page and 'id="download-docx"' not in page
    assert c.get(where + "/report.docx").status_code == 404
    draft = c.get(where + "/draft.docx")
    expected = build(broken, draft=True)
    assert expected.draft and draft.data == expected.data
    assert "（草稿）.docx" in draft.headers["Content-Disposition"] or "%EF%BC%88%E8%8D%89%E7%A8%BF" in \
        draft.headers["Content-Disposition"]
    sub_id = where.rstrip("/").rsplit("/", 1)[1]
    assert c.get(f"/b/{site.bureau}/s/{sub_id}/draft.docx").data == expected.data   # the bureau sees it too


def test_the_bureaus_password(tmp_path, workers):
    from jixiao.web.security import MAX_FAILED_TOKENS
    site, c = _site(tmp_path, workers, [HEJIATU], password="区财政局2024")
    csrf = csrf_of(c.get("/login").text)
    assert c.post("/login", data={"csrf": "x", "password": "区财政局2024"}).status_code == 403
    wrong = c.post("/login", data={"csrf": csrf, "password": "猜一猜"})
    assert wrong.status_code == 403 and "密码不对" in wrong.text
    right = c.post("/login", data={"csrf": csrf, "password": "区财政局2024"})
    assert right.status_code == 303 and right.headers["Location"].endswith(f"/b/{site.bureau}/")
    for _ in range(MAX_FAILED_TOKENS):
        c.post("/login", data={"csrf": csrf, "password": "猜一猜"})
    assert c.post("/login", data={"csrf": csrf, "password": "区财政局2024"}).status_code == 429


def test_no_password_no_login(bureau):
    site, c = bureau
    assert c.get("/login").status_code == 404
