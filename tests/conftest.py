from __future__ import annotations

import functools
import hashlib
import importlib
import io
import os
import pkgutil
import sys
import re
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import jixiao.build
import jixiao.write.body

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
EXAMPLES = {
    "000": INPUTS / "000_贺家土街道_2023.xlsx",
    "001": INPUTS / "001_梅溪街道_2024.xlsx",
    "003": INPUTS / "003_月湖街道_2022.xlsx",
}
# The fourth example: an imaginary city's format (templates/青岚2024), no seed report behind it, so
# it is not among the EXAMPLES the seed comparisons run over; golden and its own tests cover it.
SHOWCASE = {"004": INPUTS / "004_东湖街道_2024.xlsx"}

# ---------------------------------------------------------------- slow tests: skipped unless --slow
# Tests marked `slow` (LibreOffice layout, the wheel install, console subprocesses, the largest
# report, big hypothesis runs) are skipped by default; `python -m pytest --slow` runs everything
# (.ci/run does). The markers are registered in pyproject.toml.

def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow, and openxml-audit every report (what CI runs)")


def pytest_collection_modifyitems(config, items):
    _every_file["on"] = bool(config.getoption("--slow"))
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# ---------------------------------------------------------------- openxml-audit of the reports built
# Every .docx the program writes goes through jixiao.write.body.write_docx. `wire_audit` imports
# every jixiao module and replaces EVERY module attribute that is the original function with one
# recording wrapper, so `import jixiao.write.body` and `from jixiao.write.body import write_docx`
# anywhere (at the top of a module or inside a function) are both covered. After each test, the
# reports it built are validated with openxml-audit (a port of Microsoft's Open XML SDK validator)
# for Office 2007, 2010 and Microsoft 365, and the test fails on any error.
#
# What is audited (each kind of report — the same structure, kind_of — is validated at most once a
# session; with --slow each distinct file):
#   * a test: every report it builds;
#   * a hypothesis test, or a test marked `many_reports` (many near-identical reports: parametrized
#     hostile workbooks, a loop over variants): only the first AUDIT_SAMPLE distinct reports that
#     the test function builds, counted across its examples and its parametrizations;
#   * with --slow: every report of every test.
# The kinds of report the suite builds (each example and format, hand-built reports, the largest
# table) are each built by at least one plain test, so every kind is still audited by default.
# Two guards keep the wiring honest: after each test, every report build() returned must have
# been recorded (else the test fails); and a session in which build() made reports but none was
# recorded fails (pytest_sessionfinish). tests/test_audit_wiring.py checks both through a refactor.
try:
    from openxml_audit import FileFormat, OpenXmlValidator
    _VALIDATORS = [OpenXmlValidator(file_format=f, max_errors=20) for f in
                   (FileFormat.OFFICE_2007, FileFormat.OFFICE_2010, FileFormat.MICROSOFT_365)]
except ImportError:  # the test extra installs it; without it the audit is skipped
    _VALIDATORS = []

AUDIT_SAMPLE = 1                                  # reports audited per hypothesis / many_reports test

ORIGINAL_WRITE_DOCX = jixiao.write.body.write_docx
ORIGINAL_BUILD = jixiao.build.build

_built: list[bytes] = []                           # what write_docx returned during the current test
_from_build: list[bytes] = []                      # what build() returned during the current test
_audited: dict[str, list[str]] = {}               # sha256 → openxml-audit's errors
_sampled: dict[str, set[str]] = {}                 # test function → the reports audited for it
_session = {"built": 0, "recorded": 0}            # reports build() made / write_docx recorded


@functools.wraps(ORIGINAL_WRITE_DOCX)
def recording_write_docx(report):
    data = ORIGINAL_WRITE_DOCX(report)
    _built.append(data)
    _session["recorded"] += 1
    return data


@functools.wraps(ORIGINAL_BUILD)
def counting_build(*args, **kwargs):
    out = ORIGINAL_BUILD(*args, **kwargs)
    if out.data is not None:
        _from_build.append(out.data)
        _session["built"] += 1
    return out


def wire_audit() -> int:
    """Import every jixiao module, then point every module attribute that is the original
    write_docx (or build) at its wrapper. Returns how many attributes now hold the recorder."""
    import jixiao
    for info in pkgutil.walk_packages(jixiao.__path__, "jixiao."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    recorders = 0
    for name, module in list(sys.modules.items()):
        if module is None or name == __name__ or not (name == "jixiao" or name.startswith(("jixiao.", "tests."))):
            continue
        for attr, value in list(vars(module).items()):
            if value is ORIGINAL_WRITE_DOCX:
                setattr(module, attr, recording_write_docx)
            elif value is ORIGINAL_BUILD:
                setattr(module, attr, counting_build)
            recorders += getattr(module, attr) is recording_write_docx
    return recorders


wire_audit()
build = counting_build


def audit(data: bytes) -> list[str]:
    """openxml-audit's errors for a .docx, for each Office version ([] when valid): once for each
    structure (kind_of; with --slow, once for each distinct file)."""
    key = hashlib.sha256(data).hexdigest() if _every_file["on"] else kind_of(data)
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


_DIGITS = re.compile(r"[0-9A-Fa-f]+")
_every_file = {"on": False}


def _neighbours(tags: list[str]) -> tuple:
    seq = ["^", *tags, "$"]
    return tuple(sorted(set(zip(seq, seq[1:]))))                       # --slow: audit every distinct file, not every structure


def kind_of(data: bytes) -> str:
    """A report's structure, as the schema sees it: for every element of every XML part, its tag,
    its attributes (values with their digits, hexadecimal too, folded: a width of 1474 and one of
    2098 read the same, a negative or another word does not) and which child follows which (the
    pairs of neighbouring children's tags, first and last marked: a title broken in three lines and
    one broken in two are alike, a child out of order is not). Two reports that differ only in their
    text and the sizes and counts of things are the same kind, and openxml-audit, which checks each
    element's attributes and the order of its children, says the same of both."""
    signatures: set[tuple] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted(z.namelist())
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            for el in etree.fromstring(z.read(name)).iter():
                if not isinstance(el.tag, str):
                    continue
                signatures.add((name.rsplit("/", 1)[-1], el.tag,
                                tuple(sorted((k, _DIGITS.sub("9", v)) for k, v in el.attrib.items())),
                                _neighbours([c.tag for c in el if isinstance(c.tag, str)])))
    return hashlib.sha256(repr((names, sorted(signatures))).encode()).hexdigest()


def sampled(item) -> bool:
    """Whether only the first AUDIT_SAMPLE reports of this test function are audited."""
    return item.get_closest_marker("many_reports") is not None or \
        getattr(getattr(item, "obj", None), "is_hypothesis_test", False)


def to_audit(item, reports: list[bytes]) -> list[bytes]:
    """The reports of one test that the rule above audits."""
    if item.config.getoption("--slow") or not sampled(item):
        return reports
    seen = _sampled.setdefault(f"{item.path}::{getattr(item, 'originalname', item.name)}", set())
    chosen = []
    for data in reports:
        key = hashlib.sha256(data).hexdigest()
        if key in seen or len(seen) < AUDIT_SAMPLE:
            seen.add(key)
            chosen.append(data)
    return chosen


def assert_recorded(returned: list[bytes], recorded: list[bytes]) -> None:
    """Every report build() returned passed through write_docx's recorder."""
    seen = {hashlib.sha256(d).hexdigest() for d in recorded}
    unrecorded = [d for d in returned if hashlib.sha256(d).hexdigest() not in seen]
    assert not unrecorded, (f"build() returned {len(unrecorded)} report(s) that write_docx's recorder never saw: "
                            "the openxml-audit wiring in tests/conftest.py is bypassed")


@pytest.fixture(autouse=True)
def openxml_audit_of_built_reports(request):
    del _built[:], _from_build[:]
    yield
    reports, _built[:] = list(_built), []
    returned, _from_build[:] = list(_from_build), []
    assert_recorded(returned, reports)
    for data in to_audit(request.node, reports):
        errors = audit(data)
        assert not errors, "openxml-audit: " + "\n".join(errors[:10])


def pytest_sessionfinish(session, exitstatus):
    if _session["built"] and not _session["recorded"]:
        session.config.get_terminal_writer().line(
            f"openxml-audit: build() made {_session['built']} report(s) and none was recorded: "
            "the wiring in tests/conftest.py is bypassed", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
        known = {**EXAMPLES, **SHOWCASE}
        _cache[key] = Built(known[key] if key in known else _in_format(EXAMPLES["000"], key))
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
