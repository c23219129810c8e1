"""The bureau's pages, under its link /b/<token>/ (or, with `jixiao serve --password-file`, its
password at /login): every unit's status, scores and messages, each submission, and the summary
workbook, the feedback files and the 上报 bundle — all computed by the command line's code
(web/collect.py over cli/collection.py, cli/bundle.py, workbooks/)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from jixiao.web.collect import bundle, collected, feedback_files, summary_bytes
from jixiao.web.guard import check_token, site
from jixiao.web.security import same
from jixiao.web.submit import result_of

bureau_views = Blueprint("bureau", __name__, url_prefix="/b/<token>")
ZIP = "application/zip"


def _bureau(token: str) -> None:
    b = site().bureau
    check_token(token, b is not None and same(b, token))


@bureau_views.get("/")
def dashboard(token: str):
    _bureau(token)
    from jixiao.cli.collection import tally
    c = collected(site())
    rows = [(e, c.link.get(id(e), ""), c.sub.get(id(e))) for e in c.rows]
    feedback = [name for name, _ in feedback_files(c)]
    return render_template("dashboard.html", token=token, rows=rows, counts=tally(c.rows), feedback=feedback)


def _sub(sub_id: int):
    found = [s for s in site().store.submissions() if s.id == sub_id]
    if not found:
        abort(404)
    return found[0], result_of(site(), found[0])


@bureau_views.get("/s/<int:sub_id>")
def submission(token: str, sub_id: int):
    _bureau(token)
    sub, res = _sub(sub_id)
    from jixiao.web.views_unit import _counts, _preview
    return render_template("result.html", token=token, unit=sub.unit, sub=sub, res=res, preview=_preview(res),
                           pdf=False, bureau_view=True, **_counts(res))


@bureau_views.get("/s/<int:sub_id>/report.docx")
def bureau_report(token: str, sub_id: int):
    _bureau(token)
    sub, res = _sub(sub_id)
    from jixiao.web.views_unit import result_file
    return result_file(res, "report", "filename")


@bureau_views.get("/s/<int:sub_id>/draft.docx")
def bureau_draft(token: str, sub_id: int):
    _bureau(token)
    sub, res = _sub(sub_id)
    from jixiao.web.views_unit import result_file
    return result_file(res, "draft", "draft_name")


@bureau_views.get("/summary.xlsx")
def summary(token: str):
    _bureau(token)
    from jixiao.web.collect import SUMMARY_NAME
    from jixiao.web.views_unit import XLSX, _download
    return _download(summary_bytes(collected(site())), SUMMARY_NAME, XLSX)


@bureau_views.get("/feedback/<int:n>")
def feedback_file(token: str, n: int):
    """The n-th feedback file (in the dashboard's order)."""
    _bureau(token)
    files = feedback_files(collected(site()))
    if not 0 <= n < len(files):
        abort(404)
    from jixiao.web.views_unit import XLSX, _download
    return _download(files[n][1], files[n][0], XLSX)


@bureau_views.get("/feedback.zip")
def feedback_zip(token: str):
    """Every unit's feedback file in one zip (cli/bundle.py's bundle_bytes)."""
    _bureau(token)
    from jixiao.web.collect import feedback_bundle
    from jixiao.web.views_unit import _download
    return _download(feedback_bundle(site(), collected(site())), "反馈文件.zip", ZIP)


@bureau_views.get("/bundle.zip")
def bundle_zip(token: str):
    """The 上报 bundle, as `jixiao build --bundle 上报.zip` makes it."""
    _bureau(token)
    from jixiao.web.collect import BUNDLE_NAME
    from jixiao.web.views_unit import _download
    return _download(bundle(site(), collected(site())), BUNDLE_NAME + ".zip", ZIP)
