"""The bureau's server under load and under SIGKILL (README, "The web page"):

    python bench/bench_web.py load 200     # 200 units uploading at once: p50/p95 to the messages page
    python bench/bench_web.py kill 50      # SIGKILL in the middle of 50 uploads, restart, check

Each run starts `jixiao serve --bureau` in a fresh folder with a roster of N units, and uploads
inputs/000_贺家土街道_2023.xlsx through each unit's own link (its page, then the form with its
CSRF token, then the messages page the upload is redirected to)."""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
JIXIAO = Path(sys.executable).with_name("jixiao")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(p: subprocess.Popen) -> None:
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def roster(path: Path, n: int) -> None:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称"])
    for i in range(n):
        wb.active.append([f"测试单位{i:03d}"])
    wb.save(path)


def start(state: Path, roster_path: Path, port: int) -> subprocess.Popen:
    p = subprocess.Popen([str(JIXIAO), "serve", "--bureau", str(state), "--roster", str(roster_path),
                          "--host", "127.0.0.1", "--port", str(port), "--no-browser"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/site.css", timeout=1)
            return p
        except OSError:
            time.sleep(0.1)
    p.kill()
    raise RuntimeError("server did not start")


def links(state: Path) -> list[str]:
    import openpyxl
    ws = openpyxl.load_workbook(state / "单位链接.xlsx").active
    return [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]


def upload(url: str, data: bytes, name: str = "工作簿.xlsx") -> tuple[float, int | None]:
    """One unit's upload: (seconds to the messages page, the acknowledged submission's id or
    None when the server did not acknowledge it)."""
    t0 = time.perf_counter()
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    try:
        c = http.client.HTTPConnection(host, int(port), timeout=300)
        c.request("GET", path)
        page = c.getresponse().read().decode()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        b = uuid.uuid4().hex
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
                f"--{b}\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"{name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
        c.request("POST", path + "upload", body, {"Content-Type": f"multipart/form-data; boundary={b}"})
        r = c.getresponse()
        r.read()
        if r.status != 303:
            return time.perf_counter() - t0, None
        loc = r.getheader("Location")
        c.request("GET", loc)
        r2 = c.getresponse()
        r2.read()
        return time.perf_counter() - t0, int(loc.rstrip("/").rsplit("/", 1)[1])
    except (OSError, http.client.HTTPException, AttributeError):
        return time.perf_counter() - t0, None


def load(n: int) -> dict:
    data = WORKBOOK.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        roster(tmp / "名单.xlsx", n)
        port = _port()
        p = start(tmp / "state", tmp / "名单.xlsx", port)
        try:
            urls = links(tmp / "state")
            t0 = time.perf_counter()
            with ThreadPoolExecutor(n) as ex:
                got = list(ex.map(lambda u: upload(u, data), urls))
            wall = time.perf_counter() - t0
        finally:
            _stop(p)
        times = sorted(t for t, i in got if i is not None)
        db = sqlite3.connect(tmp / "state" / "jixiao.sqlite3")
        stored = db.execute("SELECT count(*) FROM submissions WHERE result IS NOT NULL").fetchone()[0]
        return {"units": n, "acknowledged": len(times), "stored": stored, "wall_s": round(wall, 1),
                "p50_s": round(statistics.median(times), 2),
                "p95_s": round(times[int(len(times) * 0.95) - 1], 2)}


def kill(n: int, after: float = 1.5) -> dict:
    """Upload n workbooks (each different) at once, SIGKILL the server `after` seconds in,
    restart it: every acknowledged submission must be there, its file whole."""
    base = WORKBOOK.read_bytes()
    datas = [base + b"\0" * i for i in range(n)]      # distinct bytes (zip readers ignore the tail)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        roster(tmp / "名单.xlsx", n)
        port = _port()
        p = start(tmp / "state", tmp / "名单.xlsx", port)
        urls = links(tmp / "state")
        acked: dict[int, str] = {}
        lock = threading.Lock()

        def one(i: int) -> None:
            _, sub = upload(urls[i], datas[i])
            if sub is not None:
                with lock:
                    acked[sub] = hashlib.sha256(datas[i]).hexdigest()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        time.sleep(after)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        for t in threads:
            t.join()
        p = start(tmp / "state", tmp / "名单.xlsx", port)
        try:
            db = sqlite3.connect(tmp / "state" / "jixiao.sqlite3")
            rows = dict(db.execute("SELECT id, sha256 FROM submissions"))
            missing = [i for i in acked if i not in rows or rows[i] != acked[i]]
            broken = [i for i, sha in rows.items()
                      if hashlib.sha256((tmp / "state" / "blobs" / sha[:2] / sha).read_bytes()).hexdigest() != sha]
            after_ok, _ = upload(urls[0], base), None
        finally:
            _stop(p)
        return {"uploads": n, "acknowledged": len(acked), "stored": len(rows),
                "acknowledged_missing": len(missing), "stored_broken": len(broken)}


if __name__ == "__main__":
    what, n = sys.argv[1], int(sys.argv[2])
    print(load(n) if what == "load" else kill(n))
