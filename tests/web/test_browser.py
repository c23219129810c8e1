"""A clerk's year and a bureau's collection in a real browser: Debian's headless Chromium driven
by Selenium (chromium-driver), against `jixiao serve` started as a clerk or a bureau would. The
screenshots of each page go to docs/img/ (README, "The web page")."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jixiao.build import build
from tests.conftest import EXAMPLES, ROOT
from tests.web.conftest import variant

pytestmark = pytest.mark.slow
GOOD = EXAMPLES["000"]
IMG = ROOT / "docs" / "img"
JIXIAO = Path(sys.executable).with_name("jixiao")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: list[str], port: int, home: Path) -> subprocess.Popen:
    env = dict(os.environ, HOME=str(home))
    p = subprocess.Popen([str(JIXIAO), "serve", "--no-browser", "--port", str(port), *args],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/site.css", timeout=1)
            return p
        except OSError:
            time.sleep(0.1)
    p.kill()
    raise AssertionError(p.stdout.read())


@pytest.fixture
def browser(tmp_path):
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("chromium / chromium-driver not installed (.ci/run installs them)")
    pytest.importorskip("selenium", reason="selenium not installed (pip install -e '.[test]')")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400", "--lang=zh-CN"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    d.downloads = downloads
    d.implicitly_wait(60)             # a page after an upload waits for its build (a shared machine)
    yield d
    d.quit()


def _downloaded(d, suffix: str, before: set) -> Path:
    for _ in range(300):
        new = [p for p in d.downloads.iterdir() if p.name not in before and p.suffix == suffix]
        if new:
            time.sleep(0.2)
            return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded: {list(d.downloads.iterdir())}")


def _shot(d, name: str) -> None:
    IMG.mkdir(exist_ok=True)
    height = d.execute_script("return document.body.scrollHeight")
    d.set_window_size(1200, min(max(height, 800), 2400))
    d.save_screenshot(str(IMG / name))
    d.set_window_size(1200, 1400)


def _upload(d, field: str, button: str, path: Path) -> None:
    from selenium.webdriver.common.by import By
    assert "第二步" in d.page_source, d.page_source[:2000]
    d.find_element(By.ID, field).send_keys(str(path))
    d.find_element(By.ID, button).click()
    if button == "upload":            # the result page, before anything else is asked of the browser
        d.find_element(By.ID, "verdict")


def test_a_clerks_year(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    d, port = browser, _port()
    server = _serve([], port, tmp_path)
    try:
        d.get(f"http://127.0.0.1:{port}/")
        assert "第一步：准备工作簿" in d.page_source
        _shot(d, "web-home.png")
        # the blank workbook
        Select(d.find_element(By.ID, "format")).select_by_value("株洲2023")
        year = d.find_element(By.ID, "year")
        year.clear()
        year.send_keys("2024")
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "get-blank").click()
        blank = _downloaded(d, ".xlsx", before)
        assert "2024" in blank.name
        # uploaded as it is: errors, no report
        _upload(d, "workbook", "upload", blank)
        assert "报告未生成" in d.find_element(By.ID, "verdict").text
        rows = d.find_elements(By.CSS_SELECTOR, "#messages tr")
        assert len(rows) > 2 and rows[1].find_element(By.TAG_NAME, "td").text == "错误"
        d.implicitly_wait(0)
        assert not d.find_elements(By.ID, "download-docx")
        d.implicitly_wait(60)
        _shot(d, "web-errors.png")
        # filled in, one error left: the 草稿, byte for byte `jixiao build --draft`'s
        d.get(f"http://127.0.0.1:{port}/")
        almost = tmp_path / "还有一处错误.xlsx"
        almost.write_bytes(variant(GOOD, "B5", "不是金额", sheet="资金情况"))
        _upload(d, "workbook", "upload", almost)
        assert "报告未生成" in d.find_element(By.ID, "verdict").text
        _shot(d, "web-draft.png")
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "download-draft").click()
        draft = _downloaded(d, ".docx", before)
        expected = build(almost, draft=True)
        assert draft.name == expected.filename and draft.name.endswith("（草稿）.docx")
        assert draft.read_bytes() == expected.data
        # corrected: the report, byte for byte the command line's
        d.get(f"http://127.0.0.1:{port}/")
        first = tmp_path / "填好的工作簿.xlsx"
        first.write_bytes(variant(GOOD, "B8", "张三"))
        _upload(d, "workbook", "upload", first)
        d.get(f"http://127.0.0.1:{port}/")
        _upload(d, "workbook", "upload", GOOD)
        assert "没有错误" in d.find_element(By.ID, "verdict").text
        assert "张三" in d.find_element(By.ID, "changes").text
        assert "整体支出绩效自评报告" in d.find_element(By.ID, "preview").text
        _shot(d, "web-report.png")
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "download-docx").click()
        report = _downloaded(d, ".docx", before)
        assert report.read_bytes() == build(GOOD).data
        # next year's rollover
        d.get(f"http://127.0.0.1:{port}/")
        before = {p.name for p in d.downloads.iterdir()}
        _upload(d, "last-year", "get-rollover", GOOD)
        rolled = _downloaded(d, ".xlsx", before)
        assert rolled.name.startswith("2024年度")
    finally:
        server.kill()
        server.wait()


def test_a_bureaus_collection(browser, tmp_path):
    import io
    import zipfile

    import openpyxl
    from selenium.webdriver.common.by import By
    hejiatu, meixi = "株洲市芦淞区贺家土街道办事处", "岳阳市岳阳楼区梅溪街道办事处"
    roster = tmp_path / "名单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "联系人"])
    for unit in (hejiatu, meixi, "长沙市开福区月湖街道办事处"):
        wb.active.append([unit, "王五"])
    wb.save(roster)
    secret = tmp_path / "密码.txt"
    secret.write_text("区财政局2024\n", encoding="utf-8")
    state = tmp_path / "收集"
    d, port = browser, _port()
    server = _serve(["--bureau", str(state), "--roster", str(roster), "--host", "127.0.0.1",
                     "--password-file", str(secret)], port, tmp_path)
    try:
        links = openpyxl.load_workbook(state / "单位链接.xlsx").active
        urls = {r[0]: r[1] for r in links.iter_rows(min_row=2, values_only=True)}
        assert set(urls) == {hejiatu, meixi, "长沙市开福区月湖街道办事处"}
        d.get(urls[hejiatu])
        _upload(d, "workbook", "upload", GOOD)
        assert "没有错误" in d.find_element(By.ID, "verdict").text
        d.get(urls[meixi])
        broken = tmp_path / "梅溪.xlsx"
        broken.write_bytes(variant(EXAMPLES["001"], "B5", "不是金额", sheet="资金情况"))
        _upload(d, "workbook", "upload", broken)
        assert "报告未生成" in d.find_element(By.ID, "verdict").text
        assert d.find_element(By.ID, "download-draft")                  # a unit sees its draft too
        # B's page does not list A's upload; it shows B's status and offers B's feedback file
        d.get(urls[meixi])
        assert "000_贺家土街道" not in d.page_source and "贺家土" not in d.page_source
        assert "未生成：有错误" in d.find_element(By.ID, "unit-status").text
        _shot(d, "web-unit.png")
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "download-feedback").click()
        fb = openpyxl.load_workbook(_downloaded(d, ".xlsx", before)).active
        assert any("资金情况!B5" in str(v) for row in fb.iter_rows(values_only=True) for v in row)
        # the dashboard, through the bureau's password
        d.get(f"http://127.0.0.1:{port}/login")
        _shot(d, "web-login.png")
        d.find_element(By.ID, "password").send_keys("区财政局2024")
        d.find_element(By.ID, "login").click()
        statuses = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_element(By.CLASS_NAME, "status").text
                    for r in d.find_elements(By.CSS_SELECTOR, "#units tr")[1:]}
        assert statuses == {hejiatu: "已生成（有警告）", meixi: "未生成：有错误", "长沙市开福区月湖街道办事处": "未提交"}
        _shot(d, "web-dashboard.png")
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "download-summary").click()
        summary = openpyxl.load_workbook(_downloaded(d, ".xlsx", before))["汇总"]
        header, *rows = summary.iter_rows(values_only=True)
        assert sorted(dict(zip(header, r))["状态"] for r in rows) == ["已生成（有警告）", "未提交", "未生成：有错误"]
        before = {p.name for p in d.downloads.iterdir()}
        d.find_element(By.ID, "download-bundle").click()
        bundle = zipfile.ZipFile(_downloaded(d, ".zip", before))
        report = build(GOOD)
        assert sorted(bundle.namelist()) == sorted(["上报/" + report.filename, "上报/汇总.xlsx"])
        assert bundle.read("上报/" + report.filename) == report.data
        assert openpyxl.load_workbook(io.BytesIO(bundle.read("上报/汇总.xlsx")))["汇总"].max_row == 4
        # and the bureau's link, printed at start, opens the same dashboard
        server_out = []
        link = next(line for line in _lines(server, server_out) if "/b/" in line)
        d.get(link[link.index("http"):].strip())
        assert d.find_element(By.ID, "units")
    finally:
        server.kill()
        server.wait()


def _lines(p: subprocess.Popen, seen: list):
    while True:
        line = p.stdout.readline()
        if not line:
            raise AssertionError("".join(seen))
        seen.append(line)
        yield line
