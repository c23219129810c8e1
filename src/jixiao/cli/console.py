"""Text to the user's console: lines in, the console out — and never a crash on the way.

`session()` wraps a whole command (main.Group.main, so click's own help, version and usage text
too): sys.stdout and sys.stderr become `SafeStream`s for its duration, and SIGTERM/SIGHUP (and
SIGINT) raise `Interrupted` in the main thread, so a killed run unwinds like Ctrl-C: temp files
removed, workers ended, a truthful exit code (128 + the signal's number).

A `SafeStream` never raises:
- characters its console's encoding lacks (GBK, latin-1, cp437, shift_jis, ASCII and 𠀀, emoji,
  Chinese) become "?";
- a full device or a closed pipe (`| head`) makes it "broken": noted, its file descriptor pointed
  at the null device so that the interpreter's last flush cannot fail either, and the run goes
  on; the exit code still says how the workbooks went.

`echo` also replaces control characters (a terminal escape such as "\\033]0;TITLE\\007" in a file
name, a carriage return) with "?", as `ls` does, so nothing a workbook or a file name carries can
drive the terminal.

`Problem` is the one exception for "the command cannot run as asked" (bad option, unusable output
folder): one Chinese line on stderr and an exit code, printed by click in one place.
"""
from __future__ import annotations

import io
import os
import re
import signal
import sys
import threading
import unicodedata
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

import click


class Problem(click.ClickException):
    """The command cannot do what it was asked: one Chinese line, exit code 2 (click's usage code)."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO | None = None) -> None:
        echo(f"错误 {self.message}", err=True)


# ---------------------------------------------------------------- signals

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_SIGNAL_NAMES = {"SIGINT": "按了 Ctrl-C", "SIGTERM": "收到终止信号 SIGTERM", "SIGHUP": "终端已关闭，SIGHUP"}


class Interrupted(BaseException):
    """The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP). A BaseException, so no `except
    Exception` on the way swallows it; `finally` blocks and save_atomic's cleanup still run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum          # what a shell reports for a process a signal ended

    @property
    def reason(self) -> str:
        try:
            name = signal.Signals(self.signum).name
        except ValueError:
            name = f"信号 {self.signum}"
        return _SIGNAL_NAMES.get(name, f"收到信号 {name}")


_pending: set[int] = set()             # signals already raised as Interrupted in this session


def _on_signal(signum: int, frame) -> None:
    """The first signal unwinds the run (Interrupted); a second of the same kind while it unwinds
    ends the process the default way (a clerk pressing Ctrl-C twice means it)."""
    if signum in _pending:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _pending.add(signum)
    raise Interrupted(signum)


@contextmanager
def _signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield                                   # only the main thread may set handlers
        return
    before = {}
    for s in SIGNALS:
        try:
            before[s] = signal.signal(s, _on_signal)
        except (OSError, ValueError):
            pass
    _pending.clear()
    try:
        yield
    finally:
        for s, h in before.items():
            try:
                signal.signal(s, h if h is not None else signal.SIG_DFL)
            except (OSError, ValueError):
                pass


# ---------------------------------------------------------------- streams that never raise

class SafeStream(io.TextIOBase):
    """A text stream over `raw` (sys.stdout or sys.stderr) whose writes never raise: what the
    encoding lacks becomes "?", a failing stream is marked broken and written to no more."""

    def __init__(self, raw: IO) -> None:
        super().__init__()
        self.raw = raw
        self.broken = False
        if isinstance(raw, io.TextIOWrapper):
            try:
                raw.reconfigure(errors="replace")
            except (ValueError, OSError, AttributeError):     # closed, or cannot change
                pass

    @property
    def encoding(self) -> str:                # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:                  # type: ignore[override]
        return "replace"

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:           # type: ignore[override]
        if not isinstance(s, str):
            raise TypeError("SafeStream takes text")       # click probes for a binary stream
        if self.broken or not s:
            return len(s)
        try:
            try:
                self.raw.write(s)
            except UnicodeError:              # a stream that could not be reconfigured
                self.raw.write(degrade(s, self.encoding))
        except (OSError, ValueError, UnicodeError):           # full device, closed pipe or file
            self._break()
        return len(s)

    def flush(self) -> None:
        if self.broken:
            return
        try:
            self.raw.flush()
        except (OSError, ValueError):
            self._break()

    def isatty(self) -> bool:
        try:
            return not self.broken and self.raw.isatty()
        except (OSError, ValueError, AttributeError):
            return False

    def fileno(self) -> int:
        return self.raw.fileno()

    def close(self) -> None:                  # the standard streams are the interpreter's to close
        self.flush()

    def _break(self) -> None:
        """Write no more; point the file descriptor at the null device so that the interpreter's
        final flush of what is still buffered succeeds (no exit code 120)."""
        self.broken = True
        try:
            fd = self.raw.fileno()
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


def degrade(text: str, encoding: str) -> str:
    """`text` with what `encoding` cannot show as "?"."""
    try:
        return text.encode(encoding, "replace").decode(encoding, "replace")
    except LookupError:
        return text.encode("ascii", "replace").decode("ascii")


_wrapped: "weakref.WeakKeyDictionary[IO, SafeStream]" = weakref.WeakKeyDictionary()


def _safe(err: bool) -> SafeStream | None:
    """The SafeStream of sys.stderr or sys.stdout (one made for a stream `session` did not wrap)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None or isinstance(stream, SafeStream):
        return stream
    try:
        safe = _wrapped.get(stream)
        if safe is None:
            safe = _wrapped[stream] = SafeStream(stream)
        return safe
    except TypeError:                          # a stream that cannot be weakly referenced
        return SafeStream(stream)


@contextmanager
def session() -> Iterator[None]:
    """One command: safe standard streams and signals that unwind the run, both restored after."""
    raw_out, raw_err = sys.stdout, sys.stderr
    out = SafeStream(raw_out) if raw_out is not None and not isinstance(raw_out, SafeStream) else raw_out
    err = SafeStream(raw_err) if raw_err is not None and not isinstance(raw_err, SafeStream) else raw_err
    sys.stdout, sys.stderr = out, err
    try:
        with _signals():
            yield
    finally:
        for s in (out, err):
            if s is not None:
                s.flush()
        sys.stdout, sys.stderr = raw_out, raw_err


# ---------------------------------------------------------------- lines

# Control characters (C0 but tab and newline, DEL, C1), bidirectional overrides and line
# separators: shown as "?" so that no text can move the cursor, retitle the window or reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069\ud800-\udfff]")
_CONTROL_OR_LINE = re.compile("[\t\n]|" + _CONTROL.pattern)


def printable(text: str, lines: bool = True) -> str:
    """`text` with control characters as "?"; with `lines=False`, tabs and newlines too (a file
    name or a message is one line)."""
    return (_CONTROL if lines else _CONTROL_OR_LINE).sub("?", text)


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """One text to stdout (or stderr): control characters as "?", what the console cannot show
    as "?", and never an exception."""
    stream = _safe(err)
    if stream is None:
        return
    stream.write(printable(str(text)) + ("\n" if nl else ""))
    stream.flush()


def broken(err: bool = False) -> bool:
    stream = _safe(err)
    return stream is None or stream.broken


def finish() -> None:
    """Flush both streams at the end of a command; a failure here is not the run's failure."""
    for err in (False, True):
        stream = _safe(err)
        if stream is not None:
            stream.flush()


# ---------------------------------------------------------------- progress and tables

@contextmanager
def progress(total: int, label: str) -> Iterator:
    """click's progress bar on stderr (drawn only on a terminal); `bar.update(1)` per workbook."""
    with click.progressbar(length=total, label=label, file=_safe(True), show_pos=True,
                           show_eta=True, width=24) as bar:
        yield bar


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def as_shown(text: str, err: bool = False) -> str:
    """`text` as the console will show it: control characters and what its encoding lacks as "?"."""
    stream = _safe(err)
    text = printable(text, lines=False)
    return degrade(text, stream.encoding) if stream is not None else text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows as aligned text lines for stdout; the columns in `right` are aligned right (numbers)."""
    header = [as_shown(h) for h in header]
    rows = [[as_shown(c) for c in r] for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            pad = " " * (w - display_width(c))
            out.append(pad + c if i in right else c + pad)
        return "  ".join(out).rstrip()
    return [line(header)] + [line(r) for r in rows]
