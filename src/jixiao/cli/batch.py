"""Many workbooks at once, the commands' three steps: the workbooks built on every core (pool.run)
and, once every one has been read (a duplicate found last still stops the first: publish), their
reports committed in the order given, or checked; then, with --pdf, a PDF beside every report of
the run (pdf.py). The reports wait in memory until then (about 40 KB each).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao.cli.inputs import Item
from jixiao.cli.job import Job, Result, Status
from jixiao.cli.pdf import convert_pdfs, pdf_current, pdf_path
from jixiao.cli.pool import run
from jixiao.cli.publish import commit, mark_duplicates


def build_reports(items: Sequence[Item], job: Job, jobs: int = 1,
                  done: Callable[[Result], None] | None = None) -> list[Result]:
    """Build every workbook and write its report into job.outdir, in the order given."""
    assert job.outdir is not None
    results = list(run(items, job, jobs, done))
    mark_duplicates(results)
    for res in results:
        commit(res, job.outdir)
    return results


def check_all(items: Sequence[Item], job: Job, jobs: int = 1,
              done: Callable[[Result], None] | None = None) -> list[Result]:
    """Check every workbook; two naming the same unit and year are flagged as build would."""
    results = list(run(items, job, jobs, done))
    mark_duplicates(results)
    return results


def make_pdfs(results: Sequence[Result], outdir: Path, jobs: int = 1) -> None:
    """A PDF beside every report of this run (an unchanged report's current PDF is kept)."""
    wanted = {}
    for res in results:
        if res.status not in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED) or res.failed:
            continue
        docx = outdir / res.outcome.filename
        if res.status is Status.UNCHANGED and pdf_current(docx):
            res.pdf = ""
            continue
        wanted[docx] = res
    for docx, problem in convert_pdfs(list(wanted), jobs).items():
        wanted[docx].pdf = problem or ""


def drop_stale_pdfs(results: Sequence[Result], outdir: Path) -> None:
    """Without --pdf: a PDF beside a report this run wrote (or one older than its report) no
    longer matches it, and is removed (`Result.pdf_removed`; show.py says so)."""
    for res in results:
        if res.status not in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED) or not res.outcome.filename:
            continue
        docx = outdir / res.outcome.filename
        pdf = pdf_path(docx)
        if res.status is Status.UNCHANGED and pdf_current(docx):
            continue
        try:
            if pdf.is_file() and not pdf.is_symlink():
                pdf.unlink()
                res.pdf_removed = True
        except OSError:
            continue
