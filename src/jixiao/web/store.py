"""Where the web page keeps what it is given: files content-addressed under `blobs/` (named by
their SHA-256, written once, never overwritten) and a SQLite database (WAL) of submissions.

Durability: a submission is acknowledged to the unit only after `add_submission` returns, which
is after its file is fsynced and renamed into place (and the folder fsynced) and its row committed
(`synchronous=FULL`). A kill at any moment leaves either no row or a row whose file is whole; a
file without a row (killed between the two) is harmless, and the next identical upload reuses it.
No path from a request reaches the file system: files are found by the hash the server computed.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jixiao.cli.files import save_atomic

DB_NAME = "jixiao.sqlite3"
BLOBS = "blobs"
BUSY_TIMEOUT_MS = 30_000               # a writer waits this long for another's commit

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit TEXT NOT NULL,              -- the unit's key ("" for the clerk's own page)
    filename TEXT NOT NULL,          -- as the browser named it (shown only, never a path)
    sha256 TEXT NOT NULL,            -- the workbook, in blobs/
    size INTEGER NOT NULL,
    received REAL NOT NULL,          -- seconds since the epoch
    result TEXT                      -- the check's outcome as JSON, once built
);
CREATE INDEX IF NOT EXISTS submissions_unit ON submissions(unit, id);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class Submission:
    id: int
    unit: str
    filename: str
    sha256: str
    size: int
    received: float
    result: dict | None


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":               # Windows cannot open a folder; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """The state folder. Safe to share between threads (one connection per thread)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.blobs = self.folder / BLOBS
        self.blobs.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = self._db()
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        db.commit()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.folder / DB_NAME, timeout=BUSY_TIMEOUT_MS / 1000,
                                 isolation_level=None)
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._local.db = db
        return db

    # ------------------------------------------------------------ files

    def blob_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise KeyError(sha256)
        return self.blobs / sha256[:2] / sha256

    def put_blob(self, data: bytes) -> str:
        """Keep `data`; its SHA-256 (its name). An existing blob is never rewritten."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        if path.is_file() and path.stat().st_size == len(data):
            return sha
        path.parent.mkdir(exist_ok=True)
        save_atomic(data, path, 0o644)
        _fsync_dir(path.parent)
        return sha

    def get_blob(self, sha256: str) -> bytes:
        return self.blob_path(sha256).read_bytes()

    # ------------------------------------------------------------ submissions

    def add_submission(self, unit: str, filename: str, data: bytes) -> int:
        """Keep one upload: its file, then its row; returns only once both are on disk."""
        sha = self.put_blob(data)
        cur = self._db().execute(
            "INSERT INTO submissions(unit, filename, sha256, size, received) VALUES (?,?,?,?,?)",
            (unit, filename, sha, len(data), time.time()))
        return int(cur.lastrowid)

    def set_result(self, sub_id: int, result: dict) -> None:
        self._db().execute("UPDATE submissions SET result=? WHERE id=?",
                           (json.dumps(result, ensure_ascii=False), sub_id))

    def submissions(self, unit: str | None = None) -> list[Submission]:
        """Every submission (of `unit`), oldest first."""
        q = "SELECT id, unit, filename, sha256, size, received, result FROM submissions"
        rows = (self._db().execute(q + " WHERE unit=? ORDER BY id", (unit,)) if unit is not None
                else self._db().execute(q + " ORDER BY id"))
        return [Submission(*r[:6], json.loads(r[6]) if r[6] else None) for r in rows]

    def latest(self) -> dict[str, Submission]:
        """Each unit's last submission (one query: the dashboard and every unit's status use it)."""
        q = ("SELECT id, unit, filename, sha256, size, received, result FROM submissions WHERE id IN "
             "(SELECT MAX(id) FROM submissions GROUP BY unit)")
        return {r[1]: Submission(*r[:6], json.loads(r[6]) if r[6] else None) for r in self._db().execute(q)}

    def submission(self, unit: str, sub_id: int) -> Submission | None:
        """One submission, only if it is `unit`'s (a unit never sees another's); None for a number
        SQLite cannot hold (a URL's /s/999…9)."""
        if not 0 <= sub_id < 2 ** 63:
            return None
        r = self._db().execute("SELECT id, unit, filename, sha256, size, received, result FROM "
                               "submissions WHERE unit=? AND id=?", (unit, sub_id)).fetchone()
        return None if r is None else Submission(*r[:6], json.loads(r[6]) if r[6] else None)

    def setting(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._db().execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?,?)", (key, value))

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
