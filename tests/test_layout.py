"""Lay each example out with LibreOffice and look at the PDF: page count, A4, and every heading,
the title and the attachment labels survive into the text. Skipped where LibreOffice is missing
(.ci/run installs it)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from .conftest import EXAMPLES, built

pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                                reason="LibreOffice / poppler not installed")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    docs = []
    for key in EXAMPLES:
        p = out / f"{key}.docx"
        p.write_bytes(built(key).outcome.data)
        docs.append(str(p))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(out), *docs],
                   check=True, capture_output=True, timeout=600)
    return {key: out / f"{key}.pdf" for key in EXAMPLES}


def _info(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_pages_are_a4_and_sane(pdfs, key):
    info = _info(pdfs[key])
    pages = int(info["Pages"])
    b = built(key)
    attachments = len(b.styled("GwAttachmentLabel"))
    assert 3 + attachments <= pages <= 60
    w, h = map(float, re.findall(r"[\d.]+", info["Page size"])[:2])
    assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_title_headings_and_labels_survive(pdfs, key):
    text = re.sub(r"\s+", "", _text(pdfs[key]))
    b = built(key)
    for t in b.styled("GwTitle") + b.styled("Heading1") + b.styled("Heading2") + b.styled("GwAttachmentLabel"):
        assert re.sub(r"\s+", "", t) in text, t


def test_page_numbers_run_from_one_after_the_cover(pdfs):
    pages = _text(pdfs["000"]).split("\f")
    assert "—" not in pages[0]                      # no number on the cover
    for n, page in enumerate(pages[1:-1], start=1):
        assert f"—{n}—" in re.sub(r"\s+", "", page), n


def test_build_pdf_flag(tmp_path):
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(tmp_path), "--pdf"])
    assert r.exit_code == 0, r.output
    assert len(list(tmp_path.glob("*.pdf"))) == 1


def test_build_pdf_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(tmp_path), "--pdf"])
    assert r.exit_code == 1 and "未找到 LibreOffice" in r.output
    assert len(list(tmp_path.glob("*.docx"))) == 1      # the report itself is still written
