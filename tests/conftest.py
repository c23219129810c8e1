from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path

import docx
import pytest

import jixiao.write.body
from jixiao.build import build

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
EXAMPLES = {
    "000": INPUTS / "000_贺家土街道_2023.xlsx",
    "001": INPUTS / "001_梅溪街道_2024.xlsx",
    "003": INPUTS / "003_月湖街道_2022.xlsx",
}

# ---------------------------------------------------------------- openxml-audit of every report
# Every .docx a test builds goes through jixiao.write.body.write_docx, which is wrapped here (before any
# test module imports it) to keep what it returns; after each test, the reports it built are
# validated with openxml-audit (a port of Microsoft's Open XML SDK validator) for Office 2007,
# 2010 and Microsoft 365, and the test fails on any error. Each distinct report is validated once.
try:
    from openxml_audit import FileFormat, OpenXmlValidator
    _VALIDATORS = [OpenXmlValidator(file_format=f, max_errors=20) for f in
                   (FileFormat.OFFICE_2007, FileFormat.OFFICE_2010, FileFormat.MICROSOFT_365)]
except ImportError:  # the test extra installs it; without it the audit is skipped
    _VALIDATORS = []

_built: list[bytes] = []
_audited: dict[str, list[str]] = {}


def _recording(write_docx):
    @functools.wraps(write_docx)
    def wrapper(report):
        data = write_docx(report)
        _built.append(data)
        return data
    return wrapper


jixiao.write.body.write_docx = _recording(jixiao.write.body.write_docx)


def audit(data: bytes) -> list[str]:
    """openxml-audit's errors for a .docx, for each Office version ([] when valid)."""
    key = hashlib.sha256(data).hexdigest()
    if key not in _audited:
        errors: list[str] = []
        fd, name = tempfile.mkstemp(suffix=".docx")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            for v in _VALIDATORS:
                errors += [f"{v.file_format.value}: {e}" for e in v.validate(name).errors]
        finally:
            os.unlink(name)
        _audited[key] = errors
    return _audited[key]


@pytest.fixture(autouse=True)
def openxml_audit_of_built_reports():
    del _built[:]
    yield
    reports, _built[:] = list(_built), []
    for data in reports:
        errors = audit(data)
        assert not errors, "openxml-audit: " + "\n".join(errors[:10])


def plain(p) -> str:
    """A paragraph's text; a title's line breaks are layout (the writer breaks titles 梯形/菱形),
    so a title reads as one string."""
    return p.text.replace("\n", "") if p.style is not None and p.style.style_id == "GwTitle" else p.text


class Built:
    """One example built once: the outcome, the document, its paragraphs' text and tables."""

    def __init__(self, path: Path):
        self.outcome = build(path)
        assert self.outcome.data is not None, [str(m) for m in self.outcome.messages]
        self.doc = docx.Document(io.BytesIO(self.outcome.data))
        body = self.doc.element.body
        self.paragraphs = [p for p in self.doc.paragraphs]
        self.texts = [plain(p) for p in self.paragraphs]
        self.tables = self.doc.tables
        self.xml = body.xml
        # a form continued in a second table (write: Table.continued) is one form
        self.forms: list[list] = []
        glued = False
        by_element = {t._tbl: t for t in self.tables}
        for el in body.iterchildren():
            if el.tag.endswith("}tbl"):
                if glued:
                    self.forms[-1].append(by_element[el])
                else:
                    self.forms.append([by_element[el]])
                glued = False
            elif el.tag.endswith("}p"):
                glued = bool(self.forms) and el.xpath('string(./w:pPr/w:pStyle/@w:val)') == "GwJoin"

    def styled(self, style_id: str) -> list[str]:
        return [plain(p) for p in self.paragraphs if p.style is not None and p.style.style_id == style_id]

    def table_texts(self, t) -> list[list[str]]:
        return [[c.text for c in row.cells] for row in t.rows]

    def form_texts(self, form: list) -> list[list[str]]:
        return [row for t in form for row in self.table_texts(t)]


_cache: dict[str, Built] = {}


@pytest.fixture(params=sorted(EXAMPLES))
def example(request) -> Built:
    return built(request.param)


def built(key: str) -> Built:
    """An example built once; "default" is example 000's data in the default format."""
    if key not in _cache:
        _cache[key] = Built(EXAMPLES[key] if key in EXAMPLES else _in_format(EXAMPLES["000"], key))
    return _cache[key]


def _in_format(src: Path, name: str) -> Path:
    import tempfile

    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb["基本信息"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "报告模板")
    ws.cell(row, 2).value = name
    path = Path(tempfile.mkdtemp(prefix="jixiao-example-")) / src.name
    wb.save(path)
    return path


def fmt(name: str = "default", **overrides):
    """A shipped format, with settings overridden by dotted key (underscores for dots:
    attachments__basic__title="…")."""
    import dataclasses

    from jixiao.formats.load import load, scoring_of
    from jixiao.formats.search import search_path
    base = load(name, search_path())
    settings = {**base.settings, **{k.replace("__", "."): v for k, v in overrides.items()}}
    return dataclasses.replace(base, settings=settings, scoring=scoring_of(settings))
