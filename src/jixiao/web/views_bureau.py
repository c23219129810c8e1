"""The bureau's pages, under its link /b/<token>/ (or its password, `jixiao serve --password`):
every unit's status, scores and messages, each submission, the summary workbook
(workbooks/summary.py, as `jixiao summary` writes it)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from jixiao.web.guard import check_token, site
from jixiao.web.security import same
from jixiao.web.submit import outcome_of, result_of

bureau_views = Blueprint("bureau", __name__, url_prefix="/b/<token>")
NOT_SUBMITTED = "未提交"


def _bureau(token: str) -> None:
    b = site().bureau
    check_token(token, b is not None and same(b, token))


def status(res: dict | None) -> str:
    """A unit's status from its last submission's result."""
    if res is None:
        return NOT_SUBMITTED
    if res["ok"]:
        return "已生成（有警告）" if any(m[0] == "警告" for m in res["messages"]) else "已生成"
    if not res.get("unit") and not res.get("year"):
        return "无法读取"
    return "未生成：有错误"


def latest() -> list[tuple[str, object, dict | None]]:
    """Each unit of the roster with its last submission and that submission's result."""
    st = site().store
    rows = []
    for unit in site().units:
        subs = st.submissions(unit)
        last = subs[-1] if subs else None
        rows.append((unit, last, result_of(site(), last) if last else None))
    return rows


@bureau_views.get("/")
def dashboard(token: str):
    _bureau(token)
    rows = [(u, s, r, status(r)) for u, s, r in latest()]
    counts: dict[str, int] = {}
    for *_, st in rows:
        counts[st] = counts.get(st, 0) + 1
    return render_template("dashboard.html", token=token, rows=rows, counts=counts)


@bureau_views.get("/s/<int:sub_id>")
def submission(token: str, sub_id: int):
    _bureau(token)
    found = [s for s in site().store.submissions() if s.id == sub_id]
    if not found:
        abort(404)
    sub = found[0]
    res = result_of(site(), sub)
    from jixiao.web.views_unit import _counts, _preview
    return render_template("result.html", token=token, unit=sub.unit, sub=sub, res=res, preview=_preview(res),
                           pdf=False, bureau_view=True, **_counts(res))


@bureau_views.get("/s/<int:sub_id>/report.docx")
def bureau_report(token: str, sub_id: int):
    _bureau(token)
    found = [s for s in site().store.submissions() if s.id == sub_id]
    if not found:
        abort(404)
    res = result_of(site(), found[0])
    if not res.get("report"):
        abort(404)
    from jixiao.web.views_unit import DOCX, _download
    return _download(site().store.get_blob(res["report"]), res["filename"], DOCX)


@bureau_views.get("/summary.xlsx")
def summary(token: str):
    _bureau(token)
    from jixiao.workbooks.summary import SummaryRow, summary_workbook
    from jixiao.web.views_unit import XLSX, _download
    rows = []
    for unit, sub, res in latest():
        if res is None:
            continue
        out = outcome_of(sub.filename, res)
        errors = sum(m.is_error for m in out.messages)
        rows.append(SummaryRow(f"{unit}：{sub.filename}", out, not out.ok, errors,
                               sum(m.level == "警告" for m in out.messages)))
    return _download(summary_workbook(rows), "汇总.xlsx", XLSX)
