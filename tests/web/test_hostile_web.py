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
