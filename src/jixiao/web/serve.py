"""`jixiao serve` (and `jixiao-gui`, the same with no console window): the page for one clerk on
127.0.0.1, or with --bureau DIR --roster 名单.xlsx the collection point for a bureau's units.
Served by waitress (a production WSGI server in pure Python, on Windows and Linux). The command
reaches the command line through the `jixiao.commands` entry point (cli/ never imports web/)."""
from __future__ import annotations

import os
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

import click

CLERK_PORT = 8765                      # the clerk's page; another free port when taken
SERVER_THREADS = 16                    # waitress threads (each waits on a worker for builds)
CLERK_FOLDER = "jixiao-网页"           # the clerk's state, under the user's home


def _say(text: str) -> None:
    if sys.stdout is None:             # jixiao-gui: no console
        return
    try:
        click.echo(text)
    except (OSError, UnicodeError):
        pass


def make_server(folder: Path, units: list[str], bureau: bool, host: str, port: int,
                password: str | None = None, format_dirs: tuple[Path, ...] = (), jobs: int | None = None,
                roster: list | None = None):
    """(waitress server, site): the workers are started and warm before the server's threads."""
    from waitress import create_server
    from jixiao.cli.pool import Workers, default_jobs
    from jixiao.web.app import create_app
    from jixiao.web.security import MAX_BUFFERED_BYTES
    from jixiao.web.site import open_site
    workers = Workers(jobs or default_jobs())
    workers.warm()
    site = open_site(folder, units, workers, bureau, password, format_dirs, roster)
    app = create_app(site)
    # waitress takes in a whole body before the page sees it (1 GB by default): bounded here
    options = dict(threads=SERVER_THREADS, ident="jixiao", max_request_body_size=MAX_BUFFERED_BYTES)
    try:
        server = create_server(app, host=host, port=port, **options)
    except OSError:
        if bureau:
            raise
        server = create_server(app, host=host, port=0, **options)
    return server, site


def write_links(site, base: str) -> Path:
    from jixiao.cli.files import save_atomic
    from jixiao.workbooks.links import links_workbook
    rows = [(u, f"{base}/u/{t}/") for u, t in site.units.items()]
    target = site.store.folder / "单位链接.xlsx"
    save_atomic(links_workbook(rows), target, 0o600)
    return target


@click.command("serve")
@click.option("--bureau", "bureau_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="财政局收集模式：状态保存在此文件夹（不存在则新建）")
@click.option("--roster", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="单位名单（.xlsx，第一张工作表的“单位名称”列）；--bureau 时必须给出")
@click.option("--host", default=None, help="监听地址（单机模式只用 127.0.0.1；收集模式默认 0.0.0.0）")
@click.option("--port", type=int, default=None, help=f"端口（单机默认 {CLERK_PORT}；收集模式默认 8080）")
@click.option("--password-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="收集模式：财政局密码所在的文件（第一行），凭密码在 /login 打开汇总页")
@click.option("--password-prompt", is_flag=True, help="收集模式：启动时输入财政局密码（不回显）")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@click.option("--formats", "format_dirs", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="自己的报告格式所在的文件夹（可多次给出）")
def serve_cmd(bureau_dir: Path | None, roster: Path | None, host: str | None, port: int | None,
              password_file: Path | None, password_prompt: bool, no_browser: bool,
              format_dirs: tuple[Path, ...]) -> None:
    """打开网页：上传工作簿、查看问题、预览和下载报告（单机）；或 --bureau 为各单位收集工作簿。"""
    from jixiao.cli.console import Problem
    if bureau_dir is None:
        if host not in (None, "127.0.0.1"):
            raise Problem("单机模式只在 127.0.0.1 上监听；要让别的电脑访问，请用 --bureau 收集模式。")
        folder = Path.home() / CLERK_FOLDER
        if not os.access(Path.home(), os.W_OK):
            folder = Path(tempfile.mkdtemp(prefix="jixiao-"))
        from jixiao.web.site import CLERK
        server, site = make_server(folder, [CLERK], False, "127.0.0.1", port or CLERK_PORT,
                                   format_dirs=format_dirs)
        url = f"http://127.0.0.1:{server.effective_port}/"
        _say(f"网页已打开：{url}（关闭本窗口即停止）")
        if not no_browser:
            threading.Timer(0.5, webbrowser.open, (url,)).start()
    else:
        if roster is None:
            raise Problem("收集模式需要单位名单：--roster 名单.xlsx")
        from jixiao.read.roster import read_roster
        listed, msgs = read_roster(roster)
        for m in msgs:
            _say(f"名单 {roster.name}：{m}")
        if any(m.is_error for m in msgs) or not listed:
            raise Problem(f"名单 {roster} 无法使用（见上），收集点未启动。")
        units = [u.name for u in listed]
        password = _password(password_file, password_prompt)
        bureau_dir.mkdir(parents=True, exist_ok=True)
        server, site = make_server(bureau_dir, units, True, host or "0.0.0.0", port or 8080,
                                   password=password, format_dirs=format_dirs, roster=listed)
        shown = host if host not in (None, "0.0.0.0") else _address()
        base = f"http://{shown}:{server.effective_port}"
        links = write_links(site, base)
        _say(f"收集点已启动：{len(units)} 个单位。各单位的专用链接已写入 {links}，请分别发给各单位。")
        _say(f"财政局汇总页（请勿外传）：{base}/b/{site.bureau}/")
        if password:
            _say(f"或在 {base}/login 输入启动时设定的密码打开汇总页。")
    _stop_on_signals(site)
    try:
        server.run()
    finally:
        site.workers.close()


def _password(path: Path | None, prompt: bool) -> str | None:
    """The bureau's password: the first line of --password-file, or typed at start (never an
    argument in clear: it would show in the process list and the shell's history)."""
    from jixiao.cli.console import Problem
    from jixiao.web.security import MIN_PASSWORD_CHARS
    if path is None and not prompt:
        return None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeError) as e:
            raise Problem(f"密码文件 {path} 无法读取（{e.__class__.__name__}）。") from e
        password = text[0].strip() if text else ""
    else:
        password = click.prompt("财政局密码", hide_input=True, confirmation_prompt=True).strip()
    if len(password) < MIN_PASSWORD_CHARS:
        raise Problem(f"财政局密码至少 {MIN_PASSWORD_CHARS} 个字符。")
    return password


def _stop_on_signals(site) -> None:
    """SIGTERM, SIGHUP, Ctrl-C: the workers end and the server exits at once. Nothing is lost:
    every acknowledged submission is already on disk (store.py), a build in flight is redone
    when its submission is next looked at."""
    import signal

    def stop(signum, frame):
        site.workers.close()
        os._exit(128 + signum)
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _address() -> str:
    import socket
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def gui() -> None:
    """`jixiao-gui`: the clerk's page, the browser opened, no console."""
    serve_cmd.main(args=[], prog_name="jixiao-gui", standalone_mode=True)
