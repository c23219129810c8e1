"""The state of a running page: the store, the worker pool, the units and their links, the
bureau's link, the CSRF secret. Tokens and the secret are kept in the store's settings, so a
restarted server gives the same links; they are never logged."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.cli.pool import Workers
from jixiao.web.security import new_token, same
from jixiao.web.store import Store

CLERK = "本机"                       # the one unit of `jixiao serve` without --bureau


@dataclass
class Site:
    store: Store
    workers: Workers
    units: dict[str, str]                       # unit key → token
    bureau: str | None = None                   # the bureau's token (bureau mode)
    password: str | None = None                 # the bureau's password, when set at start
    secret: bytes = b""
    format_dirs: tuple[Path, ...] = ()
    roster: list = field(default_factory=list)  # read/roster.py's RosterUnits (bureau mode)
    locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    @property
    def bureau_mode(self) -> bool:
        return self.bureau is not None

    def unit_of(self, token: str) -> str | None:
        """The unit whose link carries `token`: every unit compared in constant time."""
        found = None
        for unit, t in self.units.items():
            if same(t, token):
                found = unit
        return found

    def lock(self, unit: str) -> threading.Lock:
        """One build at a time per unit (its change report compares with the one before)."""
        with self._guard:
            return self.locks.setdefault(unit, threading.Lock())


def open_site(folder: Path, units: list[str], workers: Workers, bureau: bool,
              password: str | None = None, format_dirs: tuple[Path, ...] = (), roster: list | None = None) -> Site:
    """The site over `folder`: each unit's token (made once, kept), the bureau's, the secret."""
    store = Store(folder)
    secret = store.setting("csrf-secret")
    if secret is None:
        secret = new_token()
        store.set_setting("csrf-secret", secret)
    tokens = {}
    for unit in units:
        key = "token:" + unit
        tok = store.setting(key)
        if tok is None:
            tok = new_token()
            store.set_setting(key, tok)
        tokens[unit] = tok
    btok = None
    if bureau:
        btok = store.setting("bureau-token")
        if btok is None:
            btok = new_token()
            store.set_setting("bureau-token", btok)
    return Site(store, workers, tokens, btok, password, secret.encode("ascii"), tuple(format_dirs),
                list(roster or []))
