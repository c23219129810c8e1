"""What a hostile client tried against the page after issue 17 was merged: each test is one
finding (it failed before its fix)."""
from __future__ import annotations

import logging

import pytest

HUGE = "9" * 30                         # beyond SQLite's 64-bit INTEGER


def test_a_submission_number_beyond_sqlite_is_not_found_not_a_500(bureau):
    """/u/<token>/s/999…9 raised OverflowError in sqlite3 (a 500, its traceback logged)."""
    site, c = bureau
    a = site.units["甲单位"]
    urls = [f"/u/{a}/s/{HUGE}", f"/u/{a}/s/{HUGE}/report.docx", f"/u/{a}/s/{HUGE}/draft.docx",
            f"/u/{a}/s/{HUGE}/report.pdf", f"/b/{site.bureau}/s/{HUGE}", f"/b/{site.bureau}/s/{HUGE}/report.docx",
            f"/b/{site.bureau}/s/{HUGE}/draft.docx", f"/b/{site.bureau}/feedback/{HUGE}"]
    codes = [c.get(u).status_code for u in urls]
    assert codes == [404] * len(urls)
    assert site.store.submission("甲单位", 2 ** 63) is None and site.store.submission("甲单位", -1) is None


def test_a_500_never_logs_the_link_it_came_through(bureau, caplog, monkeypatch):
    """Flask logs "Exception on <path>": the path holds the unit's (or the bureau's) private link."""
    site, c = bureau
    a = site.units["甲单位"]

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(site.store, "submissions", boom)
    monkeypatch.setattr(site.store, "latest", boom)
    with caplog.at_level(logging.ERROR):
        for token in (a, site.bureau):
            r = c.get(f"/u/{token}/" if token == a else f"/b/{token}/")
            assert r.status_code == 500 and "程序内部错误" in r.text
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert "RuntimeError" in caplog.text and "/u/…/" in caplog.text and "/b/…/" in caplog.text
    assert a not in caplog.text and site.bureau not in caplog.text


@pytest.mark.slow
def test_waitress_refuses_a_huge_body_before_buffering_it(tmp_path):
    """waitress buffers a whole request body (to 1 GB, its default) before Flask sees it and says
    413: anyone, without a link, could make the server write gigabytes of temporary files. Now a
    body beyond MAX_BUFFERED_BYTES is refused at its headers, and one between MAX_REQUEST_BYTES
    and it still gets the page's own 413 (Chinese, its headers)."""
    import socket
    import threading
    import time

    from jixiao.read.roster import RosterUnit
    from jixiao.web.security import MAX_BUFFERED_BYTES, MAX_REQUEST_BYTES
    from jixiao.web.serve import make_server
    assert MAX_REQUEST_BYTES < MAX_BUFFERED_BYTES <= 4 * MAX_REQUEST_BYTES
    server, site = make_server(tmp_path, ["甲单位"], True, "127.0.0.1", 0, jobs=1, roster=[RosterUnit("甲单位")])
    threading.Thread(target=server.run, daemon=True).start()
    try:
        def ask(path: str, length: int, send: int) -> tuple[bytes, int]:
            with socket.create_connection(("127.0.0.1", server.effective_port), timeout=30) as s:
                s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n"
                          "Content-Type: multipart/form-data; boundary=x\r\n\r\n".encode())
                sent, chunk = 0, b"A" * 65536
                s.settimeout(0.001)
                answer = b""
                while sent < send and not answer:
                    try:
                        s.sendall(chunk)
                        sent += len(chunk)
                        answer = s.recv(65536)
                    except TimeoutError:
                        pass
                    except OSError:
                        break
                s.settimeout(30)
                deadline = time.monotonic() + 30
                while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
                    more = s.recv(65536)
                    if not more:
                        break
                    answer += more
                return answer, sent
        answer, sent = ask("/u/guess/upload", 900 * 1024 ** 2, 200 * 1024 ** 2)     # says 900 MB, sends 200
        assert answer.startswith(b"HTTP/1.1 413"), (sent, answer[:200])
        assert sent <= 4 * 1024 * 1024                               # refused at once, nothing buffered
        answer, sent = ask(f"/u/{site.units['甲单位']}/upload", MAX_REQUEST_BYTES + 1, MAX_REQUEST_BYTES + 1)
        assert answer.startswith(b"HTTP/1.1 413") and b"Content-Security-Policy" in answer   # the page's own
    finally:
        server.close()
        site.workers.close()


def test_a_refused_upload_is_named_by_its_file_name_not_the_stored_hash(bureau):
    """The reader names the file it reads: the kept blob, a 64-digit hash the clerk never saw."""
    import io
    import zipfile

    from tests.conftest import EXAMPLES
    from tests.web.conftest import csrf_of
    site, c = bureau
    a = site.units["甲单位"]
    src = zipfile.ZipFile(EXAMPLES["000"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            dtd = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "a">]><workbook>&a;</workbook>'
            z.writestr(info.filename, dtd if info.filename == "xl/workbook.xml" else src.read(info))
    csrf = csrf_of(c.get(f"/u/{a}/").text)
    r = c.post(f"/u/{a}/upload", data={"csrf": csrf, "workbook": (io.BytesIO(buf.getvalue()), "我的工作簿.xlsx")})
    page = c.get(r.headers["Location"]).text
    sha = site.store.submissions("甲单位")[0].sha256
    assert "我的工作簿.xlsx 无法读取：文件中含有 Excel 不会写入的 DTD" in page and sha not in page
