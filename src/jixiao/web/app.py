"""The Flask application: `create_app(site)`. Server-rendered Jinja pages (templates/), one
stylesheet (static/), no script. Every answer carries the security headers; every POST carries
the CSRF token of its link; a wrong link counts against the client's address (FailedTokens)."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, url_for

from jixiao.web.security import (HEADERS, MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES, FailedTokens, csrf_token, same,
                                  same_password)
from jixiao.web.site import Site

HERE = Path(__file__).parent


class _Flask(Flask):
    def log_exception(self, exc_info) -> None:
        """Flask's log line, the link's token left out: the path of /u/<token>/… and /b/<token>/…
        is a private link, never logged."""
        self.logger.error("Exception on %s [%s]", re.sub(r"^/([ub])/[^/]*", r"/\1/…", request.path),
                          request.method, exc_info=exc_info)


def create_app(site: Site) -> Flask:
    app = _Flask("jixiao.web", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, MAX_FORM_PARTS=20,
                      MAX_FORM_MEMORY_SIZE=64 * 1024)
    app.extensions["jixiao"] = site
    app.extensions["failed"] = FailedTokens()
    app.jinja_env.autoescape = True

    @app.after_request
    def headers(resp):
        for k, v in HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.context_processor
    def common():
        return {"csrf": getattr(g, "csrf", ""), "bureau_mode": site.bureau_mode}

    for code, what in ((400, "请求有误"), (403, "没有权限"), (404, "没有这个页面"), (405, "不支持的操作"),
                       (413, f"上传的文件太大（每次一个工作簿，至多 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB）"),
                       (429, "错误的链接或密码次数太多，请稍后再试"), (500, "程序内部错误")):
        app.register_error_handler(code, _error_page(code, what))

    from jixiao.web.views_unit import unit_views
    from jixiao.web.views_bureau import bureau_views
    app.register_blueprint(unit_views)
    app.register_blueprint(bureau_views)

    @app.route("/login", methods=["GET", "POST"])
    def login():
        """The bureau's password (set at start): right, to the dashboard; wrong, counted as a wrong link."""
        if not site.bureau_mode or not site.password:
            abort(404)
        failed = app.extensions["failed"]
        address = request.remote_addr or "?"
        if failed.blocked(address):
            abort(429)
        g.csrf = csrf_token(site.secret, "login")
        if request.method == "POST":
            if not same(request.form.get("csrf", ""), g.csrf):
                abort(403)
            if same_password(request.form.get("password", ""), site.password):
                return redirect(url_for("bureau.dashboard", token=site.bureau), 303)
            failed.failed(address)
            return render_template("login.html", problem="密码不对。"), 403
        return render_template("login.html", problem="")

    @app.get("/")
    def home():
        if not site.bureau_mode and len(site.units) == 1:
            (token,) = site.units.values()
            return redirect(url_for("unit.page", token=token))
        return render_template("home.html")
    return app


def _error_page(code: int, what: str):
    def handler(e):
        return render_template("error.html", code=code, what=what), code
    return handler
