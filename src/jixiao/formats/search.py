"""Where report formats are found (docs/formats.md): in order, the folders given with `--formats`,
the folders in the environment variable JIXIAO_FORMATS (separated by os.pathsep), then the
formats shipped with the program. Never the current folder. A format is a folder holding a
format.toml; it is found by its folder's name.
"""
from __future__ import annotations

import os
import re
import unicodedata
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
    folder itself when it is one (`--formats 某市2025` for `--formats 格式`)."""
    try:
        if (root / FORMAT_FILE).is_file():
            return [root]
        return [p for p in sorted(root.iterdir()) if (p / FORMAT_FILE).is_file()]
    except OSError:
        return []


def _key(name: str) -> str:
    """A format name as matched when no folder has it exactly: full-width digits and letters,
    spaces and letter case do not count (“某市 ２０２５” finds 某市2025)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def available(path: tuple[Path, ...]) -> list[str]:
    """Names of the formats found on the search path, in order, without duplicates."""
    names: list[str] = []
    for root in path:
        for p in _formats_in(root):
            if p.name not in names:
                names.append(p.name)
    return names


def find(name: str, path: tuple[Path, ...]) -> Path | None:
    """The folder of format `name`: the first on the search path with that exact name, else the
    only one whose name matches leniently (see _key)."""
    if not _NAME.fullmatch(name) or name in (".", ".."):
        return None
    found = [p for root in path for p in _formats_in(root)]
    exact = next((p for p in found if p.name == name), None)
    if exact is not None:
        return exact
    near = {p.name: p for p in found if _key(p.name) == _key(name)}
    return next(iter(near.values())) if len(near) == 1 else None
