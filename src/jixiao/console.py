"""Text to the user's console: lines in, the console out — and never a crash on the way.

A GBK console (Chinese Windows with output redirected) cannot show 𠀀 or emoji: such characters
become "?". A full device or a closed pipe (`| head`) makes the stream "broken": it is noted,
pointed at the null device so that the interpreter's last flush cannot fail either, and the run
goes on; the exit code still says how the workbooks went (pitfalls.md, Consoles).

`Problem` is the one exception for "the command cannot run as asked" (bad option, unusable output
folder): one Chinese line on stderr and an exit code, printed by click in one place.
"""
from __future__ import annotations

import io
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

import click

_broken: set[int] = set()        # id() of streams that failed; nothing more is written to them


class Problem(click.ClickException):
    """The command cannot do what it was asked: one Chinese line, exit code 2 (click's usage code)."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO | None = None) -> None:
        echo(f"错误 {self.message}", err=True)


def setup() -> None:
    """Make the standard streams replace what their encoding cannot show instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):     # a stream that is closed or cannot change
                pass


def _stream(err: bool) -> IO | None:
    return sys.stderr if err else sys.stdout


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo that degrades characters and survives a broken stream."""
    stream = _stream(err)
    if stream is None or id(stream) in _broken:
        return
    try:
        try:
            click.echo(text, file=stream, nl=nl)
        except UnicodeEncodeError:            # a stream setup() could not reconfigure
            enc = getattr(stream, "encoding", None) or "ascii"
            click.echo(text.encode(enc, "replace").decode(enc, "replace"), file=stream, nl=nl)
    except (OSError, ValueError):             # full device, closed pipe, closed file
        _mark_broken(stream)


def _mark_broken(stream: IO) -> None:
    """Write no more to `stream`; point its file descriptor at the null device so that the
    interpreter's final flush of what is still buffered succeeds (no exit code 120)."""
    _broken.add(id(stream))
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
    except OSError:
        pass


def broken(err: bool = False) -> bool:
    stream = _stream(err)
    return stream is None or id(stream) in _broken


def finish() -> None:
    """Flush both streams at the end of a command; a failure here is not the run's failure."""
    for err in (False, True):
        stream = _stream(err)
        if stream is None or id(stream) in _broken:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            _mark_broken(stream)


# ---------------------------------------------------------------- progress and tables

class _SafeStderr:
    """What click's progress bar writes to: stderr, with failures swallowed."""

    def write(self, s: str) -> int:
        echo(s, err=True, nl=False)
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        stream = sys.stderr
        try:
            return stream is not None and id(stream) not in _broken and stream.isatty()
        except (OSError, ValueError):
            return False


@contextmanager
def progress(total: int, label: str) -> Iterator:
    """click's progress bar on stderr (drawn only on a terminal); `bar.update(1)` per workbook."""
    with click.progressbar(length=total, label=label, file=_SafeStderr(), show_pos=True,
                           show_eta=True, width=24) as bar:
        yield bar


def width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def as_shown(text: str, err: bool = False) -> str:
    """`text` as the console will show it: what its encoding lacks becomes "?"."""
    enc = getattr(_stream(err), "encoding", None)
    if not enc:
        return text
    try:
        return text.encode(enc, "replace").decode(enc, "replace")
    except LookupError:
        return text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows as aligned text lines for stdout; the columns in `right` are aligned right (numbers)."""
    header = [as_shown(h) for h in header]
    rows = [[as_shown(c) for c in r] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            pad = " " * (w - width(c))
            out.append(pad + c if i in right else c + pad)
        return "  ".join(out).rstrip()
    return [line(header)] + [line(r) for r in rows]
