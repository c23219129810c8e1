"""What keeps the page safe to run for a bureau: the limits (named, documented in README.md, "The
web page"), CSRF tokens on every form, security headers on every answer, tokens compared in
constant time, a rate limit on failed tokens, and an upload accepted only when its content is an
.xlsx package (a zip holding xl/workbook.xml) within the reader's bounds — checked before it is
kept or read."""
from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import struct
import threading
import time
import zipfile

from jixiao.read.limits import MAX_FILE_BYTES, MAX_ZIP_ENTRIES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024     # one upload (a year's workbook is well under 1 MB)
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024   # a request's body, the form fields included
MAX_BUFFERED_BYTES = 4 * MAX_UPLOAD_BYTES          # a body waitress takes in before the page sees it (larger: 413 at its headers)
MAX_FILES_PER_REQUEST = 1              # workbooks in one upload
MAX_UPLOADS_PER_UNIT = 500             # submissions a unit may make (each kept forever)
MAX_FAILED_TOKENS = 20                 # wrong links/passwords from one address…
FAILED_TOKEN_WINDOW = 600              # …within this many seconds, then 429 until the window passes
MIN_PASSWORD_CHARS = 8                 # the bureau's password (--password-file), at least
TOKEN_BYTES = 24                       # secrets.token_urlsafe(TOKEN_BYTES): 192 random bits
LIMITS = ("MAX_UPLOAD_BYTES", "MAX_REQUEST_BYTES", "MAX_BUFFERED_BYTES", "MAX_FILES_PER_REQUEST",
          "MAX_UPLOADS_PER_UNIT", "MAX_FAILED_TOKENS", "FAILED_TOKEN_WINDOW", "MIN_PASSWORD_CHARS", "TOKEN_BYTES")

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def same_password(given: str, expected: str) -> bool:
    """Constant-time comparison of a password (hashed first: the time says nothing of its length)."""
    h = lambda s: hashlib.sha256(s.encode("utf-8")).digest()  # noqa: E731
    return hmac.compare_digest(h(given), h(expected))


def csrf_token(secret: bytes, scope: str) -> str:
    """The token a form of `scope` (a unit's or the bureau's link) carries: tied to the server's
    secret, so a page on another site cannot know it."""
    return hmac.new(secret, ("csrf:" + scope).encode("utf-8"), hashlib.sha256).hexdigest()


class FailedTokens:
    """Failed link or password attempts per client address, within FAILED_TOKEN_WINDOW."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, list[float]] = {}

    def blocked(self, address: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._seen.get(address, []) if now - t < FAILED_TOKEN_WINDOW]
            self._seen[address] = recent
            return len(recent) >= MAX_FAILED_TOKENS

    def failed(self, address: str, now: float | None = None) -> None:
        with self._lock:
            self._seen.setdefault(address, []).append(time.monotonic() if now is None else now)


def xlsx_problem(data: bytes) -> str | None:
    """Why `data` is not an .xlsx workbook this page accepts (Chinese), or None. Checked on the
    content, not the name: size, a zip's signature and central directory within MAX_ZIP_ENTRIES,
    and an xl/workbook.xml entry. The reader applies all its bounds after this."""
    if not data:
        return "上传的文件是空的。"
    if len(data) > min(MAX_UPLOAD_BYTES, MAX_FILE_BYTES):
        return f"文件太大（超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB），不像是绩效自评工作簿。"
    if data[:2] == b"\xd0\xcf":
        return "这是旧版 Excel（.xls）或加密的文件。请在 Excel/WPS 中另存为 .xlsx（Excel 工作簿）后再上传。"
    if data[:4] != b"PK\x03\x04":
        return "这不是 Excel 工作簿（.xlsx）。请上传用 Excel 或 WPS 保存的 .xlsx 文件。"
    tail = data[-(65536 + 22):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return "文件已损坏（不是完整的 .xlsx）。请在 Excel/WPS 中重新保存后再上传。"
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if entries > MAX_ZIP_ENTRIES:
        return "文件中的条目过多，不是正常的工作簿。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "文件已损坏（不是完整的 .xlsx）。请在 Excel/WPS 中重新保存后再上传。"
    if len(names) > MAX_ZIP_ENTRIES:
        return "文件中的条目过多，不是正常的工作簿。"
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            return "这是 OpenDocument（.ods）文件。请另存为 .xlsx（Excel 工作簿）后再上传。"
        return "这不是 Excel 工作簿（.xlsx）：其中没有工作簿内容。请上传 .xlsx 文件。"
    return None
