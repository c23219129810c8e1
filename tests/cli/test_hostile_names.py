"""Every path option with a name the system refuses (ENAMETOOLONG) → a Chinese message and exit
2; paths handed to LibreOffice never read as options, and one bad report never costing the
others their PDF; names read back from a previous report printed as one plain line."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import pdf
from jixiao.cli.diff import compare, one_line
from jixiao.cli.main import main
from jixiao.cli.pdf import convert_pdfs
from jixiao.cli.zh import MAX_NAME_BYTES, MAX_PATH_BYTES, name_problem
from jixiao.write.figures_part import read_figures

from ..conftest import EXAMPLES

LONG = "x" * 300


def _options(tmp: Path) -> dict[str, list[str]]:
    wb = str(EXAMPLES["001"])
    return {
        "build -o": ["build", wb, "-o", str(tmp / LONG)],
        "build --summary": ["build", wb, "-o", str(tmp / "out"), "--summary", str(tmp / LONG / "a.xlsx")],
        "summary -o": ["summary", wb, "-o", str(tmp / (LONG + ".xlsx"))],
        "template -o": ["template", "-o", str(tmp / (LONG + ".xlsx"))],
        "rollover -o": ["rollover", wb, "-o", str(tmp / (LONG + ".xlsx"))],
        "rollover LAST": ["rollover", str(tmp / (LONG + ".xlsx"))],
        "build --formats": ["build", wb, "-o", str(tmp / "out"), "--formats", str(tmp / LONG)],
        "check --formats": ["check", wb, "--formats", str(tmp / LONG)],
        "formats --formats": ["formats", "--formats", str(tmp / LONG)],
    }


@pytest.mark.parametrize("option", sorted(_options(Path("/t"))))
def test_a_too_long_name_in_any_path_option_is_chinese_and_exit_2(tmp_path, option):
    r = CliRunner().invoke(main, _options(tmp_path)[option])
    assert r.exit_code == 2, r.output
    assert "名称过长" in r.output and "Traceback" not in r.output and "Errno" not in r.output, r.output
    assert not r.exception or isinstance(r.exception, SystemExit)


def test_name_lengths_at_and_past_the_limits():
    assert name_problem(Path("a" * MAX_NAME_BYTES)) == ""
    assert "名称过长" in name_problem(Path("a" * (MAX_NAME_BYTES + 1)))
    assert name_problem(Path("甲" * (MAX_NAME_BYTES // 3))) == ""          # 3 bytes a character in UTF-8
    assert "名称过长" in name_problem(Path("甲" * (MAX_NAME_BYTES // 3 + 1)))
    within = ("a" * 200 + "/") * 20 + "a" * (MAX_PATH_BYTES - 201 * 20)
    assert len(within) == MAX_PATH_BYTES and name_problem(Path(within)) == ""
    assert "路径过长" in name_problem(Path(within + "a"))


def test_a_too_long_workbook_name_is_that_workbooks_error(tmp_path):
    """The workbooks themselves: the others still build (exit 1, not 2)."""
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), str(tmp_path / (LONG + ".xlsx")),
                                  "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert list((tmp_path / "out").glob("*.docx"))


# ---------------------------------------------------------------- LibreOffice

def strict_soffice(tmp_path: Path) -> str:
    """A stand-in for LibreOffice as strict as the real one: an argument starting with - that
    it does not know is `Error in option` and the whole run fails; a report named 坏 it cannot
    convert fails the whole run too. Otherwise a PDF per .docx into --outdir."""
    script = tmp_path / "soffice-strict"
    script.write_text(
        "#!/bin/sh\n"
        'out=""; prev=""\n'
        'for a in "$@"; do\n'
        '  case "$a" in --headless|--norestore|--convert-to|--outdir|-env:*) ;; '
        '-*) echo "Error in option: $a" >&2; exit 1;; esac\n'
        '  case "$a" in *坏*) exit 1;; esac\n'
        '  [ "$prev" = "--outdir" ] && out="$a"; prev="$a"\n'
        "done\n"
        'for a in "$@"; do case "$a" in *.docx) b=$(basename "$a" .docx); echo pdf > "$out/$b.pdf";; esac; done\n')
    script.chmod(0o755)
    return str(script)


def test_a_report_name_starting_with_a_dash_is_never_an_option(tmp_path, monkeypatch):
    soffice = strict_soffice(tmp_path)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: soffice)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-报告").mkdir()
    docx = Path("-报告") / "-甲单位.docx"             # relative, and starting with -
    docx.write_bytes(b"d")
    assert convert_pdfs([docx]) == {docx: None}
    assert (tmp_path / "-报告" / "-甲单位.pdf").read_bytes() == b"pdf\n"


def test_one_bad_report_does_not_cost_the_others_their_pdf(tmp_path, monkeypatch):
    soffice = strict_soffice(tmp_path)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: soffice)
    docxs = [tmp_path / f"报告{i}.docx" for i in range(5)] + [tmp_path / "坏报告.docx"]
    for d in docxs:
        d.write_bytes(b"d")
    result = convert_pdfs(docxs, jobs=1)                # one LibreOffice run for all six
    assert [d for d, problem in result.items() if problem is None] == docxs[:5]
    assert result[docxs[5]] and "PDF" in result[docxs[5]]
    assert all(d.with_suffix(".pdf").exists() for d in docxs[:5])


# ---------------------------------------------------------------- names read back from a file

def forged(docx: bytes, name: str) -> bytes:
    """`docx` with its embedded figures part replaced by one figure named `name`."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    part = ('<?xml version="1.0" encoding="UTF-8"?><figures xmlns="urn:jixiao:figures:1">'
            f'<figure name="{name}">1.00</figure></figures>').encode()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("customXml/item") and b"urn:jixiao:figures" in data:
                data = part
            out.writestr(info, data)
    return buf.getvalue()


def test_a_forged_figure_name_cannot_print_a_line_of_its_own(tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(out)])
    assert r.exit_code == 0, r.output
    (report,) = out.glob("*.docx")
    name = "总分&#10;错误 伪造的消息&#13;&#10;&#x85;&#x202E;红字&#x2028;另一行"    # XML allows no ESC
    report.write_bytes(forged(report.read_bytes(), name))
    assert any("\n" in n for n, _ in read_figures(report.read_bytes()))   # read back as written
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", str(out), "-v"])
    lines = r.output.splitlines()
    assert lines and not any(line.startswith("错误 伪造") for line in lines), r.output
    assert any("伪造的消息" in line for line in lines), r.output      # shown, on the line of its change


def test_every_change_line_is_one_line():
    from datetime import date

    from jixiao.render.document import Paragraph, Report
    from jixiao.write.body import write_docx

    def doc(text: str, figure: str) -> bytes:
        return write_docx(Report.of("标题", "甲单位", date(2024, 4, 1), body=(Paragraph.of("body", text),),
                                    figures=((figure, "1"),)))
    old = forged(doc("甲", "总分"), "a&#10;错误 x")
    changes = compare(old, doc("乙", "总分"))
    assert changes.lines() and all("\n" not in line for line in changes.lines())
    assert one_line("a\n错误\u2028b\u202e\x85c\t d") == "a 错误 b c d"


@pytest.mark.slow                                   # real LibreOffice
@pytest.mark.skipif(not (__import__("shutil").which("soffice")), reason="LibreOffice is not installed")
def test_real_libreoffice_converts_a_report_in_a_folder_named_with_a_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["build", str(EXAMPLES["001"]), "-o", "./-报告", "--pdf"])
    assert r.exit_code == 0, r.output
    (docx,) = (tmp_path / "-报告").glob("*.docx")
    assert docx.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
