from __future__ import annotations

import re

import pytest

from jixiao.cli.pool import Workers
from jixiao.web.app import create_app
from jixiao.web.site import open_site


@pytest.fixture(scope="session")
def workers():
    w = Workers(1)
    w.warm()
    yield w
    w.close()


@pytest.fixture
def bureau(tmp_path, workers):
    """A bureau site with units 甲单位 and 乙单位, and a test client."""
    site = open_site(tmp_path / "state", ["甲单位", "乙单位"], workers, bureau=True)
    app = create_app(site)
    return site, app.test_client()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, "no CSRF field"
    return m.group(1)


def variant(path, cell: str, value, sheet: str = "基本信息") -> bytes:
    """The workbook at `path` with one cell changed (saved by openpyxl)."""
    import io
    import openpyxl
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
