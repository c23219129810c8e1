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
    """A bureau site with units 甲单位 and 乙单位 on its roster, and a test client."""
    return _site(tmp_path, workers, ["甲单位", "乙单位"])


HEJIATU, MEIXI = "株洲市芦淞区贺家土街道办事处", "岳阳市岳阳楼区梅溪街道办事处"   # examples 000 and 001


@pytest.fixture
def named(tmp_path, workers):
    """A bureau site whose roster names the units of examples 000 and 001 and a third, 月湖."""
    return _site(tmp_path, workers, [HEJIATU, MEIXI, "长沙市开福区月湖街道办事处"])


def _site(tmp_path, workers, names, password=None):
    from jixiao.read.roster import RosterUnit
    site = open_site(tmp_path / "state", names, workers, bureau=True, password=password,
                     roster=[RosterUnit(n) for n in names])
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
