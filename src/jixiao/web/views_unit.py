"""A unit's pages, under its private link /u/<token>/: get the blank workbook, roll last year's
forward, upload, read the messages and the preview, download the report (and its PDF), see what
changed. A unit sees only its own submissions: every route finds the unit by its token and every
submission through store.submission(unit, id)."""
from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from jixiao.filenames import safe_filename
from jixiao.web import jobs
from jixiao.web.guard import check_form, check_token, one_upload, site
from jixiao.web.security import MAX_UPLOAD_BYTES, xlsx_problem
from jixiao.web.submit import UploadRefused, result_of, submit

unit_views = Blueprint("unit", __name__, url_prefix="/u/<token>")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIN_YEAR, MAX_YEAR = 2000, 2100


def _unit(token: str) -> str:
    unit = site().unit_of(token)
    check_token(token, unit is not None)
    return unit


def _formats() -> list[str]:
    from jixiao.formats.search import available, search_path
    return available(search_path(site().format_dirs))


def _page(token: str, unit: str, problem: str = "", status: int = 200):
    subs = site().store.submissions(unit)
    shown = ""
    if site().bureau_mode:
        from jixiao.web.collect import collected, status_of
        shown = status_of(collected(site(), viewer=unit), unit)
    return render_template("unit.html", token=token, unit=unit, subs=list(reversed(subs)), unit_status=shown,
                           formats=_formats(), year=date.today().year - 1, problem=problem,
                           min_year=MIN_YEAR, max_year=MAX_YEAR, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024)), status


@unit_views.get("/")
def page(token: str):
    return _page(token, _unit(token))


@unit_views.post("/blank")
def blank(token: str):
    unit = _unit(token)
    check_form(token)
    from jixiao.formats.load import FormatError, load
    from jixiao.formats.search import search_path
    from jixiao.workbooks.blank import blank_workbook, to_bytes
    name = request.form.get("format", "")
    if name not in _formats():
        return _page(token, unit, "请从列表中选择报告格式。", 400)
    text = request.form.get("year", "").strip()
    if not (text.isascii() and text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR):
        return _page(token, unit, f"年度请填 {MIN_YEAR} 到 {MAX_YEAR} 之间的四位数年份。", 400)
    where = search_path(site().format_dirs)
    try:
        fm = load(name, where)
    except FormatError as e:
        return _page(token, unit, f"报告格式有误：{e.what}", 400)
    data = to_bytes(blank_workbook(fm, int(text), _formats()))
    return _download(data, safe_filename(f"{text}年度绩效自评工作簿_{fm.name}", ".xlsx"), XLSX)


@unit_views.post("/rollover")
def rollover(token: str):
    unit = _unit(token)
    check_form(token)
    got = one_upload()
    if isinstance(got, str):
        return _page(token, unit, got, 400)
    name, data = got
    why = xlsx_problem(data)
    if why is not None:
        return _page(token, unit, why, 400)
    with tempfile.TemporaryDirectory(dir=site().store.folder) as tmp:
        path = Path(tmp) / "上年工作簿.xlsx"
        path.write_bytes(data)
        out = jobs.in_worker(site().workers, jobs.web_rollover, path, name, format_dirs=site().format_dirs)
    if out.data is None:
        msgs = [m for m in out.messages if m.is_error] or out.messages
        return _page(token, unit, "上年工作簿无法结转：" + "；".join(
            f"{m.where + '：' if m.where else ''}{m.what}" for m in msgs[:5]), 400)
    return _download(out.data, safe_filename(f"{out.year}年度绩效自评工作簿_{out.unit}", ".xlsx"), XLSX)


@unit_views.post("/upload")
def upload(token: str):
    unit = _unit(token)
    check_form(token)
    got = one_upload()
    if isinstance(got, str):
        return _page(token, unit, got, 400)
    try:
        sub_id = submit(site(), unit, *got)
    except UploadRefused as e:
        return _page(token, unit, str(e), 400)
    return redirect(url_for("unit.result", token=token, sub_id=sub_id), 303)


def _submission(unit: str, sub_id: int):
    sub = site().store.submission(unit, sub_id)
    if sub is None:
        abort(404)
    return sub, result_of(site(), sub)


@unit_views.get("/s/<int:sub_id>")
def result(token: str, sub_id: int):
    unit = _unit(token)
    sub, res = _submission(unit, sub_id)
    return render_template("result.html", token=token, unit=unit, sub=sub, res=res,
                           preview=_preview(res), pdf=_can_pdf(), **_counts(res))


@unit_views.get("/s/<int:sub_id>/report.docx")
def report_docx(token: str, sub_id: int):
    sub, res = _submission(_unit(token), sub_id)
    return result_file(res, "report", "filename")


@unit_views.get("/s/<int:sub_id>/draft.docx")
def draft_docx(token: str, sub_id: int):
    """The 草稿 while errors remain: `jixiao build --draft`'s bytes, named …（草稿）.docx."""
    sub, res = _submission(_unit(token), sub_id)
    return result_file(res, "draft", "draft_name")


@unit_views.get("/feedback.xlsx")
def own_feedback(token: str):
    """The unit's own feedback file (workbooks/feedback.py), as the bureau's `--feedback` writes it."""
    unit = _unit(token)
    from jixiao.web.collect import collected, feedback_files
    files = feedback_files(collected(site(), viewer=unit), unit)
    if not files:
        abort(404)
    name, data = files[0]
    return _download(data, name, XLSX)


@unit_views.get("/s/<int:sub_id>/report.pdf")
def report_pdf(token: str, sub_id: int):
    sub, res = _submission(_unit(token), sub_id)
    if not res.get("report") or not _can_pdf():
        abort(404)
    pdf = pdf_of(res)
    if pdf is None:
        abort(500)
    return _download(pdf, Path(res["filename"]).with_suffix(".pdf").name, "application/pdf")


def pdf_of(res: dict) -> bytes | None:
    """The report's PDF through LibreOffice (cli/pdf.py), made once and kept by its hash."""
    from jixiao.cli.pdf import convert_pdfs, pdf_path
    st = site().store
    with tempfile.TemporaryDirectory(dir=st.folder) as tmp:
        docx = Path(tmp) / "report.docx"
        docx.write_bytes(st.get_blob(res["report"]))
        if convert_pdfs([docx]).get(docx) is not None:
            return None
        return pdf_path(docx).read_bytes()


def _can_pdf() -> bool:
    import shutil
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def _preview(res: dict):
    from markupsafe import Markup
    if not res.get("preview"):
        return None
    return Markup(site().store.get_blob(res["preview"]).decode("utf-8"))  # made by web/preview.py, escaped there


def _counts(res: dict) -> dict:
    levels = [m[0] for m in res["messages"]]
    return {"errors": levels.count("错误"), "warnings": levels.count("警告")}


def result_file(res: dict, blob: str, name: str):
    """A submission's .docx (its report, or its 草稿) as a download: 404 when it has none."""
    if not res.get(blob):
        abort(404)
    return _download(site().store.get_blob(res[blob]), res[name], DOCX)


def _download(data: bytes, filename: str, mimetype: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
