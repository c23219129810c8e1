"""The web page through Flask's test client: the clerk's flow, the bureau's, and what keeps it
safe (CSRF, headers, content checks, one unit never seeing another's data, failed-token limits)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from jixiao.build import build
from jixiao.web.security import MAX_FAILED_TOKENS, FailedTokens, xlsx_problem
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


def test_unit_a_never_sees_unit_bs_data_on_any_route(bureau, tmp_path):
    """Every route of the app (Flask's url_map: a new route is enumerated here by itself), asked
    with A's link and each of B's submission numbers, shows nothing of B's."""
    site, c = bureau
    a, b = site.units["甲单位"], site.units["乙单位"]
    b_ids = [int(_upload(c, b, data, "乙的工作簿.xlsx").headers["Location"].rstrip("/").rsplit("/", 1)[1])
             for data in (GOOD.read_bytes(), variant(GOOD, "B5", "不是金额", sheet="资金情况"))]
    assert c.get(f"/u/{b}/s/{b_ids[0]}/report.docx").status_code == 200       # B's own: there
    assert c.get(f"/u/{b}/s/{b_ids[1]}/draft.docx").status_code == 200
    secrets_of_b = ["贺家土", "乙的工作簿", b, site.store.submissions("乙单位")[0].sha256]
    values = {"token": [a], "sub_id": [str(i) for i in b_ids], "n": ["0", "1", "2"], "filename": ["site.css"]}
    rules = list(c.application.url_map.iter_rules())
    assert {r.endpoint for r in rules} >= {"unit.page", "unit.upload", "unit.draft_docx", "unit.own_feedback",
                                           "bureau.dashboard", "bureau.bundle_zip", "login", "home", "static"}
    checked = set()
    for rule in rules:
        assert set(rule.arguments) <= set(values), f"{rule.rule}: a new kind of argument, add it to this test"
        urls = [rule.rule]
        for arg in rule.arguments:
            urls = [re.sub(rf"<(\w+:)?{arg}>", v, u) for u in urls for v in values[arg]]
        for url in urls:
            for method in sorted(rule.methods & {"GET", "POST"}):
                c.application.extensions["failed"] = FailedTokens()     # A's wrong tries: no 429 here
                resp = c.get(url) if method == "GET" else c.post(url, data={"csrf": csrf_of(c.get(f"/u/{a}/").text)})
                body = resp.get_data()
                if body[:2] == b"PK":                    # a workbook or zip: look inside
                    z = zipfile.ZipFile(io.BytesIO(body))
                    body = b"".join(z.read(n) for n in z.namelist()) + " ".join(z.namelist()).encode()
                for secret in secrets_of_b:
                    assert secret.encode() not in body, (method, url, secret)
                if rule.endpoint.startswith("bureau."):
                    assert resp.status_code == 404, url             # a unit's link is not the bureau's
                if "sub_id" in rule.arguments:
                    assert resp.status_code == 404, url
                checked.add(rule.endpoint)
    assert checked == {r.endpoint for r in rules}
    assert "乙的工作簿" not in c.get(f"/u/{a}/").text


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


def test_dashboard_statuses_and_summary(named):
    from tests.web.conftest import HEJIATU, MEIXI
    site, c = named
    _upload(c, site.units[HEJIATU], GOOD.read_bytes())
    page = c.get(f"/b/{site.bureau}/").text
    rows = re.findall(r"<td>(.*?)</td><td class=\"status\">(.+?)</td>", page)
    assert dict(rows) == {HEJIATU: "已生成（有警告）", MEIXI: "未提交", "长沙市开福区月湖街道办事处": "未提交"}
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
