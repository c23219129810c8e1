"""pdf.py: PDFs through LibreOffice — many reports in few runs, a failed PDF never left stale
beside a new report, an interrupted conversion leaving no LibreOffice behind."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from jixiao.cli import pdf
from jixiao.cli.pdf import convert_pdfs


def fake_soffice(tmp_path: Path, works: bool) -> str:
    """A stand-in for LibreOffice: writes a PDF per .docx into --outdir, or fails."""
    script = tmp_path / ("soffice-ok" if works else "soffice-fails")
    body = ('out=""; prev=""; for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
            'for a in "$@"; do case "$a" in *.docx) b=$(basename "$a" .docx); echo pdf > "$out/$b.pdf";; esac; done\n'
            if works else "exit 1\n")
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


def test_pdfs_of_many_reports_in_few_libreoffice_runs(tmp_path: Path, monkeypatch):
    soffice = fake_soffice(tmp_path, works=True)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: soffice)
    docxs = []
    for i in range(5):
        docxs.append(tmp_path / f"报告{i}.docx")
        docxs[-1].write_bytes(b"d")
    assert convert_pdfs(docxs, jobs=2) == {d: None for d in docxs}
    assert all(d.with_suffix(".pdf").read_bytes() == b"pdf\n" for d in docxs)


def test_a_failed_pdf_removes_the_old_pdf(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: fake_soffice(tmp_path, works=False))
    docx = tmp_path / "报告.docx"
    docx.write_bytes(b"new report")
    docx.with_suffix(".pdf").write_bytes(b"last year's PDF")
    (problem,) = convert_pdfs([docx]).values()
    assert "PDF 失败" in problem and not docx.with_suffix(".pdf").exists()


def test_an_interrupted_pdf_conversion_kills_libreoffice(tmp_path: Path, monkeypatch):
    """Ctrl-C or SIGTERM while LibreOffice converts: no LibreOffice (nor its children) left."""
    import signal
    import threading
    pidfile = tmp_path / "pids"
    script = tmp_path / "soffice-hangs"
    script.write_text(f"#!/bin/sh\necho $$ >> '{pidfile}'\nsleep 300 &\necho $! >> '{pidfile}'\nwait\n")
    script.chmod(0o755)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(script))
    docx = tmp_path / "报告.docx"
    docx.write_bytes(b"d")
    main = threading.main_thread().ident

    def interrupt():
        while not pidfile.exists() or len(pidfile.read_text().split()) < 2:
            time.sleep(0.02)
        signal.pthread_kill(main, signal.SIGUSR1)
    old = signal.signal(signal.SIGUSR1, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        threading.Thread(target=interrupt, daemon=True).start()
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            convert_pdfs([docx])
        assert time.monotonic() - start < 30
    finally:
        signal.signal(signal.SIGUSR1, old)
    for pid in map(int, pidfile.read_text().split()):
        for _ in range(100):
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                break
            if state in "ZX":
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"process {pid} still running")
