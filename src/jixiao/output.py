"""Files the program writes: bytes in, a file in place out — atomically, never half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_atomic(data: bytes, path: Path) -> None:
    """Write `data` to `path` via a temp file in the same folder + os.replace: a failed write
    never leaves half a file, and the old one stays as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)      # mkstemp makes 0600; a report is an ordinary file
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
