"""The openxml-audit wiring in tests/conftest.py cannot be bypassed: a report build() makes is
recorded (and so audited), however a module refers to write_docx."""
from __future__ import annotations

import hashlib
import sys
import types

import pytest

import jixiao.build
import jixiao.write.body

from . import conftest, reports
from .conftest import EXAMPLES


def test_a_report_built_through_build_is_recorded():
    before = list(conftest._built)
    out = jixiao.build.build(EXAMPLES["001"])
    assert out.data is not None
    assert conftest._built[len(before):] == [out.data]        # exactly that report, once


def test_every_reference_to_write_docx_is_the_recorder():
    assert conftest.wire_audit() >= 1
    holders = [name for name, m in list(sys.modules.items()) if name.startswith("jixiao") and m is not None
               and any(v is conftest.ORIGINAL_WRITE_DOCX for v in vars(m).values())]
    assert holders == []
    assert jixiao.write.body.write_docx is conftest.recording_write_docx
    assert jixiao.build.build is conftest.counting_build


def test_a_module_holding_its_own_reference_is_rewired(monkeypatch):
    """The refactor that silently audited nothing: `from jixiao.write.body import write_docx` at the
    top of a module imported before the wiring ran, so the module keeps the original function."""
    refactored = types.ModuleType("jixiao.refactored_build")
    exec("def build(report):\n    return write_docx(report)\n", refactored.__dict__)
    refactored.write_docx = conftest.ORIGINAL_WRITE_DOCX
    monkeypatch.setitem(sys.modules, refactored.__name__, refactored)
    monkeypatch.setattr(jixiao.build, "write_docx", conftest.ORIGINAL_WRITE_DOCX, raising=False)
    monkeypatch.setattr(jixiao.write.body, "write_docx", conftest.ORIGINAL_WRITE_DOCX)

    assert conftest.wire_audit() >= 3
    assert refactored.write_docx is jixiao.build.write_docx is jixiao.write.body.write_docx \
        is conftest.recording_write_docx
    before = len(conftest._built)
    data = refactored.build(reports.full())
    assert conftest._built[before:] == [data]
    out = jixiao.build.build(EXAMPLES["000"])
    assert conftest._built[-1] == out.data


def test_a_report_the_recorder_never_saw_fails_the_test():
    """The per-test guard: what build() returned must have passed through the recorder."""
    seen, unseen = conftest.ORIGINAL_WRITE_DOCX(reports.full()), conftest.ORIGINAL_WRITE_DOCX(reports.full(stamp=True))
    conftest.assert_recorded([seen], [seen])
    with pytest.raises(AssertionError, match="bypassed"):
        conftest.assert_recorded([seen, unseen], [seen])


def test_the_session_guard_fails_a_session_that_recorded_nothing():
    """pytest_sessionfinish turns a session whose builds were never recorded into a failure."""
    class Writer:
        def __init__(self):
            self.lines = []

        def line(self, text, **kw):
            self.lines.append(text)

    writer = Writer()
    session = types.SimpleNamespace(exitstatus=0, config=types.SimpleNamespace(get_terminal_writer=lambda: writer))
    saved = dict(conftest._session)
    try:
        conftest._session.update(built=3, recorded=0)
        conftest.pytest_sessionfinish(session, 0)
        assert session.exitstatus == 1 and "bypassed" in writer.lines[0]
        session.exitstatus = 0
        conftest._session.update(built=3, recorded=3)
        conftest.pytest_sessionfinish(session, 0)
        assert session.exitstatus == 0
    finally:
        conftest._session.update(saved)



def test_a_hand_built_report_is_recorded():
    before = len(conftest._built)
    data = jixiao.write.body.write_docx(reports.full(body_paragraphs=1))
    assert conftest._built[before:] == [data]


def test_a_report_of_another_structure_is_another_kind():
    """kind_of folds text and sizes, not structure: the same example with other figures is one kind,
    a report with a table more (another example) or a bad attribute value is another."""
    from jixiao.build import build
    from .conftest import kind_of
    from .variants import workbook
    import tempfile
    from pathlib import Path
    a = build(EXAMPLES["000"]).data
    with tempfile.TemporaryDirectory() as d:
        b = build(workbook(Path(d) / "x.xlsx", "另一个街道办事处", edits=(("资金情况", "B3", 1985.40),))).data
    c = build(EXAMPLES["001"]).data
    assert a and b and c and a != b
    assert kind_of(a) == kind_of(b) != kind_of(c)
    import io, zipfile
    src = zipfile.ZipFile(io.BytesIO(a))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in src.namelist():
            part = src.read(n)
            if n == "word/document.xml":
                part = part.replace(b'w:val="center"', b'w:val="middle"', 1)
            z.writestr(n, part)
    assert kind_of(out.getvalue()) != kind_of(a)
