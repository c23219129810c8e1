"""One upload, from bytes to the result the page shows: checked by content (security.py), kept
(store.py: file fsynced and row committed before anything is built), built in a worker
(jobs.web_build), compared with the unit's previous report (cli/diff.py), and the result kept
with the submission. A submission kept but not yet built (the server was killed while building)
is built when it is next looked at (`result_of`)."""
from __future__ import annotations

from decimal import Decimal

from jixiao.build import Outcome
from jixiao.fmt import pct
from jixiao.messages import LEVELS, Message
from jixiao.web import jobs
from jixiao.web.security import MAX_UPLOADS_PER_UNIT, xlsx_problem
from jixiao.web.site import Site
from jixiao.web.store import Submission


class UploadRefused(ValueError):
    """An upload not kept; the message says why, in Chinese."""


def submit(site: Site, unit: str, name: str, data: bytes) -> int:
    """Keep and build one upload; its submission's id (acknowledged: on disk)."""
    why = xlsx_problem(data)
    if why is not None:
        raise UploadRefused(why)
    if len(site.store.submissions(unit)) >= MAX_UPLOADS_PER_UNIT:
        raise UploadRefused(f"本单位已上传 {MAX_UPLOADS_PER_UNIT} 次，达到上限。请联系财政局。")
    sub_id = site.store.add_submission(unit, name, data)
    result_of(site, site.store.submission(unit, sub_id))
    return sub_id


def result_of(site: Site, sub: Submission) -> dict:
    """The submission's result, built now if it has none yet."""
    if sub.result is not None:
        return sub.result
    with site.lock(sub.unit):
        fresh = site.store.submission(sub.unit, sub.id)
        if fresh.result is not None:
            return fresh.result
        out = jobs.in_worker(site.workers, jobs.web_build, site.store.blob_path(sub.sha256), sub.filename,
                       format_dirs=site.format_dirs)
        result = _as_result(out)
        named = lambda text: text.replace(sub.sha256, sub.filename)   # noqa: E731 — the reader names the kept file
        result["messages"] = [[level, named(where), named(what), todo] for level, where, what, todo in result["messages"]]
        if out.data is not None and out.draft:
            result["draft"], result["draft_name"] = site.store.put_blob(out.data), out.filename
            result["filename"] = getattr(out, "final_name", "") or out.filename
        elif out.data is not None:
            result["report"] = site.store.put_blob(out.data)
        if getattr(out, "preview", ""):
            result["preview"] = site.store.put_blob(out.preview.encode("utf-8"))
        before = _previous_report(site, sub)
        if before is not None and result["report"] is not None:
            ch = jobs.changes(site.store.get_blob(before[1]), out.data)
            if ch is not None:
                result["changes"] = {"since": before[0], "summary": ch[0], "lines": ch[1]}
        site.store.set_result(sub.id, result)
        return result


def _previous_report(site: Site, sub: Submission) -> tuple[int, str] | None:
    """The unit's last report before `sub`: (its submission's id, the report's hash)."""
    last = None
    for s in site.store.submissions(sub.unit):
        if s.id >= sub.id:
            break
        if s.result and s.result.get("report"):
            last = (s.id, s.result["report"])
    return last


def errors_first(msgs: list[Message]) -> list[Message]:
    """错误, then 警告, then 提示, each in sheet and cell order (as build sorts them)."""
    rank = {level: n for n, level in enumerate(LEVELS)}
    return sorted(msgs, key=lambda m: rank.get(m.level, len(rank)))


def _as_result(out: Outcome) -> dict:
    def num(d: Decimal | None) -> str | None:
        return None if d is None else str(d)
    return {
        "ok": out.ok, "unit": out.unit, "year": out.year, "filename": out.filename,
        "format": out.format, "total": num(out.total), "grade": out.grade,
        "rate_shown": pct(out.rate) if out.rate is not None else "",
        "budget": num(out.budget), "actual": num(out.actual), "rate": num(out.rate),
        "levels": [[n, num(s)] for n, s in out.levels],
        "messages": [[m.level, m.where, m.what, m.todo] for m in errors_first(out.messages)],
        "report": None, "preview": None, "changes": None, "draft": None, "draft_name": "",
        "readable": out.readable, "department": out.department, "filled_by": out.filled_by,
        "phone": out.phone, "head": out.head,
    }


def outcome_of(name: str, result: dict) -> Outcome:
    """A stored result back as a build.Outcome (for the collection: web/collect.py)."""
    def dec(s):
        return None if s is None else Decimal(s)
    readable = result.get("readable", bool(result["unit"] or result["year"]))
    return Outcome(name, [Message(*m) for m in result["messages"]], result["filename"], None,
                   result["unit"], result["year"], dec(result["total"]), result["grade"],
                   result["format"], dec(result["budget"]), dec(result["actual"]), dec(result["rate"]),
                   [(n, dec(s)) for n, s in result["levels"]], readable=readable,
                   department=result.get("department", ""), filled_by=result.get("filled_by", ""),
                   phone=result.get("phone", ""), head=result.get("head", ""))
