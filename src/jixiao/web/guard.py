"""What every route of the page does first: find the site, check the link's token (counting a
wrong one against the client's address), check a form's CSRF token, take the one file of an
upload within the limits."""
from __future__ import annotations

from flask import abort, current_app, g, request

from jixiao.web.security import MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES, csrf_token, same
from jixiao.web.site import Site


def site() -> Site:
    return current_app.extensions["jixiao"]


def check_token(scope_token: str, known: bool) -> None:
    """Count a wrong link against the client; refuse clients over the limit (429)."""
    failed = current_app.extensions["failed"]
    address = request.remote_addr or "?"
    if failed.blocked(address):
        abort(429)
    if not known:
        failed.failed(address)
        abort(404)
    g.csrf = csrf_token(site().secret, scope_token)


def check_form(scope_token: str) -> None:
    """A POST must carry its link's CSRF token."""
    if not same(request.form.get("csrf", ""), csrf_token(site().secret, scope_token)):
        abort(403)


def one_upload(field: str = "workbook") -> tuple[str, bytes] | str:
    """The one file of an upload form: (its name as shown, its bytes), or why not (Chinese)."""
    files = [f for f in request.files.getlist(field) if f and f.filename]
    if not files:
        return "请选择一个工作簿（.xlsx）再上传。"
    if len(files) > MAX_FILES_PER_REQUEST or len(request.files) > MAX_FILES_PER_REQUEST:
        return f"每次只能上传 {MAX_FILES_PER_REQUEST} 个工作簿。"
    f = files[0]
    data = f.stream.read(MAX_UPLOAD_BYTES + 1)
    name = "".join(ch for ch in f.filename if ch.isprintable())[-100:] or "工作簿.xlsx"
    return name.replace("/", "_").replace("\\", "_"), data
