"""PDFs through LibreOffice: reports (.docx) in, a PDF beside each out, or why not in Chinese.

The reports are converted in a few LibreOffice runs (PDF_FILES_PER_RUN each, `jobs` at a time),
each with a profile of its own in a temp folder; each PDF is saved atomically (files.save_atomic).
When a conversion fails the old PDF beside a new report is removed, so a PDF is never older than
its .docx. An interrupted run (Ctrl-C, SIGTERM) kills every LibreOffice it started.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jixiao.cli.files import save_atomic
from jixiao.oserrors import os_reason

PDF_FILES_PER_RUN = 40            # reports per LibreOffice process
PDF_TIMEOUT = (60, 20)            # seconds: per LibreOffice run, plus per report


def pdf_path(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def pdf_current(docx: Path) -> bool:
    """A PDF beside `docx` that is at least as new as it."""
    try:
        return os.stat(pdf_path(docx)).st_mtime >= os.stat(docx).st_mtime
    except OSError:
        return False


def convert_pdfs(docxs: list[Path], jobs: int = 1) -> dict[Path, str | None]:
    """A PDF beside each report; for each report None, or why its PDF failed (in Chinese). A
    failed report's old PDF is removed: it no longer matches the report."""
    if not docxs:
        return {}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        result: dict[Path, str | None] = {d: "未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（如 "
                                          "apt-get install libreoffice-writer-nogui）后重试；.docx 报告已生成。"
                                          for d in docxs}
    else:
        size = min(PDF_FILES_PER_RUN, -(-len(docxs) // max(1, jobs)))
        chunks = [docxs[i:i + size] for i in range(0, len(docxs), size)]
        result = {}
        pool = ThreadPoolExecutor(max_workers=max(1, min(jobs, len(chunks))))
        try:
            for part in pool.map(lambda c: _convert(soffice, c), chunks):
                result.update(part)
        except BaseException:          # Ctrl-C, SIGTERM: no LibreOffice left running behind us
            _stop_conversions()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for docx, problem in result.items():
        if problem is not None:
            try:
                pdf_path(docx).unlink(missing_ok=True)
            except OSError as e:
                result[docx] = (problem + f"旧的 {pdf_path(docx).name} 无法删除（{os_reason(e)}），"
                                "它与新报告不一致，请手动删除。")
    return result


_running: set[subprocess.Popen] = set()       # LibreOffice processes converting now
_running_lock = threading.Lock()


def _stop_conversions() -> None:
    """Kill every LibreOffice this process started (each in its own process group: soffice
    starts soffice.bin), so that an interrupted run leaves none behind and does not wait."""
    with _running_lock:
        procs = list(_running)
    for p in procs:
        _kill(p)


def _kill(p: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(p.pid, signal.SIGKILL)
        else:
            p.kill()
    except OSError:
        pass


def _soffice(args: list[str], timeout: float) -> None:
    """Run LibreOffice; CalledProcessError, TimeoutExpired or OSError when it fails."""
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL, start_new_session=hasattr(os, "killpg")) as p:
        with _running_lock:
            _running.add(p)
        try:
            p.wait(timeout=timeout)
        except BaseException:
            _kill(p)
            p.wait()
            raise
        finally:
            with _running_lock:
                _running.discard(p)
    if p.returncode:
        raise subprocess.CalledProcessError(p.returncode, args)


def _convert(soffice: str, docxs: list[Path]) -> dict[Path, str | None]:
    """One LibreOffice run for `docxs`, each named by its absolute path (a name starting with `-`
    is never read as an option). When the run fails outright, each report is tried alone, so one
    report LibreOffice cannot take never costs the others their PDF."""
    out: dict[Path, str | None] = {}
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        try:
            _soffice([soffice, "--headless", "--norestore",
                      f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                      "--convert-to", "pdf", "--outdir", os.path.abspath(tmp),
                      *(os.path.abspath(d) for d in docxs)],
                     timeout=PDF_TIMEOUT[0] + PDF_TIMEOUT[1] * len(docxs))
        except subprocess.CalledProcessError as e:
            if len(docxs) > 1:
                for docx in docxs:
                    out.update(_convert(soffice, [docx]))
                return out
            return {d: f"LibreOffice 转换 PDF 失败（{type(e).__name__}）；.docx 报告已生成。" for d in docxs}
        except (subprocess.SubprocessError, OSError) as e:
            failure = f"LibreOffice 转换 PDF 失败（{type(e).__name__}）；.docx 报告已生成。"
            return {d: failure for d in docxs}
        for docx in docxs:
            made = Path(tmp) / (docx.stem + ".pdf")
            if not made.is_file():
                out[docx] = "LibreOffice 未能把该报告转换为 PDF；.docx 报告已生成。"
                continue
            try:
                save_atomic(made.read_bytes(), pdf_path(docx))
                out[docx] = None
            except OSError as e:
                out[docx] = f"PDF 无法写入（{os_reason(e)}）；.docx 报告已生成。"
    return out
