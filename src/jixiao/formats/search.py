"""Where report formats are found (docs/formats.md): in order, the folders given with `--formats`,
the folders in the environment variable JIXIAO_FORMATS (separated by os.pathsep), then the
formats shipped with the program. Never the current folder. A format is a folder holding a
format.toml; it is found by its folder's name.
"""
from __future__ import annotations

import os
import re
import unicodedata
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

FORMAT_FILE = "format.toml"
DEFAULT = "default"
ENV_VAR = "JIXIAO_FORMATS"
_NAME = re.compile(r"[^\\/:*?\"<>|\x00-\x1f]{1,64}")


def shipped_root() -> Path:
    """The formats shipped with the program: the data package jixiao.templates (the checkout's
    templates/ in a development install, mapped by pyproject.toml)."""
    return Path(str(resources.files("jixiao.templates")))


def reference() -> Path:
    """The format reference (docs/formats.md), installed with the package as jixiao.docs."""
    return Path(str(resources.files("jixiao.docs") / "formats.md"))


def search_path(extra: tuple[Path | str, ...] = ()) -> tuple[Path, ...]:
    """--formats folders, then $JIXIAO_FORMATS, then the shipped formats."""
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return tuple(Path(p) for p in (*extra, *env)) + (shipped_root(),)


def _formats_in(root: Path) -> list[Path]:
    """The format folders a search-path folder holds: its subfolders with a format.toml, or the
    folder itself when it is one (`--formats 某市2025` for `--formats 格式`). A format.toml that
    is there but not a regular file (a pipe, a folder) still makes a format — one that fails to
    load with a message (load.py), never silently replaced by a shipped format of the same name."""
    if _listed is not None and root in _listed:
        return _listed[root]
    try:
        if os.path.lexists(root / FORMAT_FILE):
            found = [root]
        else:
            found = [p for p in sorted(root.iterdir()) if os.path.lexists(p / FORMAT_FILE)]
    except OSError:
        found = []
    if _listed is not None:
        _listed[root] = found
    return found


# While `listed_once()` is active: each search-path folder listed once (root → its formats), and
# the index of names built once (path → (names, exact, lenient)).
_listed: dict[Path, list[Path]] | None = None
_indexes: dict[tuple[Path, ...], tuple] = {}


@contextmanager
def listed_once():
    """Within this block each search-path folder is listed once, however many formats are
    looked up (`jixiao formats` loads every format: linear, not quadratic, in their number)."""
    global _listed
    outer = _listed
    if outer is None:
        _listed = {}
        _indexes.clear()
    try:
        yield
    finally:
        if outer is None:
            _listed = None
            _indexes.clear()


def _index(path: tuple[Path, ...]) -> tuple[list[str], dict[str, Path], dict[str, dict[str, Path]]]:
    if _listed is not None and path in _indexes:
        return _indexes[path]
    names: list[str] = []
    exact: dict[str, Path] = {}
    lenient: dict[str, dict[str, Path]] = {}
    for root in path:
        for p in _formats_in(root):
            if p.name not in exact:
                names.append(p.name)
                exact[p.name] = p
            lenient.setdefault(_key(p.name), {}).setdefault(p.name, p)
    if _listed is not None:
        _indexes[path] = (names, exact, lenient)
    return names, exact, lenient


def _key(name: str) -> str:
    """A format name as matched when no folder has it exactly: full-width digits and letters,
    spaces and letter case do not count (“某市 ２０２５” finds 某市2025)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def available(path: tuple[Path, ...]) -> list[str]:
    """Names of the formats found on the search path, in order, without duplicates."""
    return list(_index(path)[0])


def find(name: str, path: tuple[Path, ...]) -> Path | None:
    """The folder of format `name`: the first on the search path with that exact name, else the
    only one whose name matches leniently (see _key)."""
    if not _NAME.fullmatch(name) or name in (".", ".."):
        return None
    _, exact, lenient = _index(path)
    if name in exact:
        return exact[name]
    near = lenient.get(_key(name), {})
    return next(iter(near.values())) if len(near) == 1 else None
