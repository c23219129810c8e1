"""The documentation is checked against the code (datasette's rule): a setting, template name,
filter, directive, label, limit or workbook name that exists in code but not in the docs fails
here. The README and docs link to nothing outside the repository."""
from __future__ import annotations

import re

import pytest

import importlib
import pkgutil

import jixiao.formats
from jixiao.contract import SHEETS
from jixiao.formats.labels import LABELS
from jixiao.formats.load import load
from jixiao.formats.search import search_path, shipped_root
from jixiao.formats.settings import SETTINGS
from jixiao.render.markup import DIRECTIVES
from jixiao.render.report import CONTEXT, FILTERS

from .conftest import ROOT

FORMATS_MD = (ROOT / "docs" / "formats.md").read_text("utf-8")
WORKBOOK_MD = (ROOT / "docs" / "workbook.md").read_text("utf-8")
DEFAULT = shipped_root() / "default"
# every module of the formats package (the sandbox, the settings, loading …): their limits are documented
FORMAT_MODULES = [importlib.import_module(f"jixiao.formats.{m.name}") for m in pkgutil.iter_modules(jixiao.formats.__path__)]


def documented(name: str, text: str = FORMATS_MD) -> bool:
    return f"`{name}`" in text or f"`{name} " in text or f"`{name}(" in text


@pytest.mark.parametrize("key", [s.key for s in SETTINGS])
def test_every_setting_is_documented(key):
    assert documented(key), f"docs/formats.md does not document the setting {key}"


@pytest.mark.parametrize("name", sorted(CONTEXT))
def test_every_template_variable_is_documented(name):
    assert documented(name), f"docs/formats.md does not document the template variable {name}"


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_filter_is_documented(name):
    assert documented(name), f"docs/formats.md does not document the filter {name}"


@pytest.mark.parametrize("name", DIRECTIVES)
def test_every_markup_directive_is_documented(name):
    assert f"`@{name}" in FORMATS_MD, f"docs/formats.md does not document @{name}"


@pytest.mark.parametrize("kind, key", [(k, x) for k, labels in LABELS.items() for x in labels])
def test_every_label_is_documented(kind, key):
    assert documented(key), f"docs/formats.md does not list the {kind} label {key!r}"


def test_every_macro_and_block_of_the_default_format_is_documented():
    macros = re.findall(r"{%-?\s*macro\s+(\w+)", (DEFAULT / "macros.j2").read_text("utf-8"))
    blocks = re.findall(r"{%-?\s*block\s+(\w+)", (DEFAULT / "report.txt.j2").read_text("utf-8"))
    assert macros and blocks
    for name in macros:
        assert f"`m.{name}(" in FORMATS_MD, f"macro {name}"
    for name in blocks:
        assert f"`{name}`" in FORMATS_MD, f"block {name}"


LIMITS = sorted({n for m in FORMAT_MODULES for n in dir(m) if n.startswith("MAX_")})


def test_the_limits_of_every_formats_module_are_collected():
    assert {"MAX_TEMPLATE_STEPS", "MAX_FORMAT_FILE_BYTES", "MAX_EXTENDS_DEPTH", "MAX_POINTS"} <= set(LIMITS)


@pytest.mark.parametrize("name", LIMITS)
def test_every_limit_is_documented(name):
    assert documented(name), f"docs/formats.md does not list the limit {name}"


def test_default_format_file_states_every_default():
    """templates/default/format.toml is the example a bureau copies: it says what the code does."""
    fm = load("default", search_path())
    assert len(SETTINGS) > 10
    for s in SETTINGS:
        if s.key not in ("extends", "description"):
            assert fm[s.key] == s.default, s.key


def test_workbook_contract_is_documented():
    assert len(SHEETS) > 5 and all(sheet.columns or sheet.labels for sheet in SHEETS)
    for sheet in SHEETS:
        assert sheet.name in WORKBOOK_MD, sheet.name
        for col in sheet.columns:
            assert col.header in WORKBOOK_MD, (sheet.name, col.header)
        for lab in sheet.labels:
            assert lab.label in WORKBOOK_MD, (sheet.name, lab.label)


@pytest.mark.parametrize("doc", ["README.md", *[f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")]])
def test_links_stay_inside_the_repository(doc):
    text = (ROOT / doc).read_text("utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert targets or "](" not in text, f"{doc}: a link the pattern misses"
    for target in targets:
        if re.match(r"https?://", target):
            continue
        assert not target.startswith(("/", "..")) or (ROOT / doc).parent.joinpath(target).resolve().is_relative_to(ROOT), \
            f"{doc} links outside the repository: {target}"
        path = (ROOT / doc).parent / target.split("#")[0]
        assert path.exists(), f"{doc} links to a missing file: {target}"
