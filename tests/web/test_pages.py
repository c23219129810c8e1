"""The web page through Flask's test client: the clerk's flow, the bureau's, and what keeps it
safe (CSRF, headers, content checks, one unit never seeing another's data, failed-token limits)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from jixiao.build import build
from jixiao.web.security import MAX_FAILED_TOKENS, xlsx_problem
from tests.conftest import EXAMPLES
from tests.web.conftest import csrf_of, variant

GOOD = EXAMPLES["000"]


def _upload(client, token, data, name="工作簿.xlsx"):
    csrf = csrf_of(client.get(f"/u/{token}/").text)
    return client.post(f"/u/{token}/upload", data={"csrf": csrf, "workbook": (io.BytesIO(data), name)})


def test_upload_builds_the_same_report_as_the_command_line(bureau):
    site, c = bureau
    t = site.units["甲单位"]
    r = _upload(c, t, GOOD.read_bytes())
    assert r.status_code == 303
    page = c.get(r.headers["Location"])
    assert page.status_code == 200
    assert "没有错误，报告已生成" in page.text and "资金情况!B15" in page.text
    assert "整体支出绩效自评报告" in page.text           # the preview
    docx = c.get(r.headers["Location"] + "/report.docx")
    assert docx.status_code == 200
    assert docx.data == build(GOOD).data


def test_messages_errors_first_and_no_report_when_errors(bureau, tmp_path):
    site, c = bureau
    t = site.units["甲单位"]
    from jixiao.workbooks.blank import blank_workbook, to_bytes
    from jixiao.formats.load import load
    from jixiao.formats.search import search_path
    blank = to_bytes(blank_workbook(load("default", search_path(())), 2024))
    r = _upload(c, t, blank)
    page = c.get(r.headers["Location"]).text
    assert "报告未生成" in page
    levels = re.findall(r'<tr class="level-(\w+)">', page)
    assert levels and levels[0] == "error"
    assert levels == sorted(levels, key=lambda x: {"error": 0, "warning": 1, "note": 2}[x])
    assert c.get(r.headers["Location"] + "/report.docx").status_code == 404


def test_a_corrected_upload_shows_what_changed(bureau):
    site, c = bureau
    t = site.units["甲单位"]
    first = GOOD.read_bytes()
    second = variant(GOOD, "B8", "张三")
    _upload(c, t, first)
    r = _upload(c, t, second)
    page = c.get(r.headers["Location"]).text
    assert 'id="changes"' in page and "吴鹏" in page and "张三" in page


def test_every_unit_route_refuses_another_units_submission(bureau):
    site, c = bureau
    a, b = site.units["甲单位"], site.units["乙单位"]
    r = _upload(c, b, GOOD.read_bytes())
    b_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert c.get(f"/u/{b}/s/{b_id}").status_code == 200
    routes = [rule for rule in c.application.url_map.iter_rules() if rule.endpoint.startswith("unit.")]
    assert len(routes) >= 7
    checked = 0
    for rule in routes:
        url = rule.rule.replace("<token>", a).replace("<int:sub_id>", str(b_id))
        if "GET" in rule.methods:
            resp = c.get(url)
            assert "贺家土" not in resp.text, url
            if "sub_id" in rule.rule:
                assert resp.status_code == 404, url
            checked += 1
        if "POST" in rule.methods:
            resp = c.post(url, data={"csrf": "x"})
            assert resp.status_code == 403, url
            checked += 1
    assert checked >= 7
    # and A's own page lists none of B's uploads; the bureau's pages refuse a unit's token
    assert "工作簿.xlsx" not in c.get(f"/u/{a}/").text
    for rule in c.application.url_map.iter_rules():
        if rule.endpoint.startswith("bureau."):
            assert c.get(rule.rule.replace("<token>", a).replace("<int:sub_id>", str(b_id))).status_code == 404


def test_forms_need_their_csrf_token(bureau):
    site, c = bureau
    t = site.units["甲单位"]
    r = c.post(f"/u/{t}/upload", data={"workbook": (io.BytesIO(GOOD.read_bytes()), "a.xlsx")})
    assert r.status_code == 403
    other = csrf_of(c.get(f"/u/{site.units['乙单位']}/").text)       # B's token does not open A's forms
    r = c.post(f"/u/{t}/upload", data={"csrf": other, "workbook": (io.BytesIO(GOOD.read_bytes()), "a.xlsx")})
    assert r.status_code == 403
    assert site.store.submissions() == []


def test_security_headers_on_every_answer(bureau):
    site, c = bureau
    for url in ("/", f"/u/{site.units['甲单位']}/", "/u/wrong/", "/static/site.css"):
        h = c.get(url).headers
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert "script-src" not in h["Content-Security-Policy"] and "default-src 'none'" in h["Content-Security-Policy"]
        assert h["X-Content-Type-Options"] == "nosniff" and h["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("data, says", [
    (b"", "空的"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    (b"<html>not a workbook</html>", "不是 Excel"),
    (b"PK\x03\x04garbage", "损坏"),
])
def test_only_xlsx_by_content(bureau, data, says):
    site, c = bureau
    r = _upload(c, site.units["甲单位"], data, "看似.xlsx")
    assert r.status_code == 400 and says in r.text
    assert site.store.submissions() == []


def test_a_zip_without_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    assert "没有工作簿内容" in xlsx_problem(out.getvalue())


def test_oversized_upload_is_refused_before_it_is_read(bureau, monkeypatch):
    site, c = bureau
    c.application.config["MAX_CONTENT_LENGTH"] = 1000
    r = _upload(c, site.units["甲单位"], GOOD.read_bytes())
    assert r.status_code == 413 and "太大" in r.text


def test_failed_tokens_are_rate_limited(bureau):
    site, c = bureau
    codes = [c.get(f"/u/guess{i}/").status_code for i in range(MAX_FAILED_TOKENS + 2)]
    assert codes[0] == 404 and codes[-1] == 429
    assert c.get(f"/u/{site.units['甲单位']}/").status_code == 429     # blocked, even with a good link


def test_dashboard_statuses_and_summary(bureau):
    site, c = bureau
    _upload(c, site.units["甲单位"], GOOD.read_bytes())
    page = c.get(f"/b/{site.bureau}/").text
    rows = re.findall(r"<td>(.+?)</td><td class=\"status\">(.+?)</td>", page)
    assert dict(rows) == {"甲单位": "已生成（有警告）", "乙单位": "未提交"}
    xlsx = c.get(f"/b/{site.bureau}/summary.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert c.get("/b/wrong-token/").status_code == 404


def test_blank_workbook_download(bureau):
    site, c = bureau
    t = site.units["甲单位"]
    csrf = csrf_of(c.get(f"/u/{t}/").text)
    r = c.post(f"/u/{t}/blank", data={"csrf": csrf, "format": "default", "year": "2024"})
    assert r.status_code == 200 and "2024" in r.headers["Content-Disposition"]
    assert xlsx_problem(r.data) is None
    r = c.post(f"/u/{t}/blank", data={"csrf": csrf, "format": "../../etc", "year": "2024"})
    assert r.status_code == 400


def test_rollover_download(bureau):
    site, c = bureau
    t = site.units["甲单位"]
    csrf = csrf_of(c.get(f"/u/{t}/").text)
    r = c.post(f"/u/{t}/rollover", data={"csrf": csrf, "workbook": (io.BytesIO(GOOD.read_bytes()), "x.xlsx")})
    assert r.status_code == 200 and "2024" in r.headers["Content-Disposition"]
