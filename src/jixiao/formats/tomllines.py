"""Line numbers in a format.toml's text, so a message about a setting names the file and the
line (tomllib gives values, not where they were written). Best effort: None when not found."""
from __future__ import annotations

import re


def line_of(text: str, table: str, key: str) -> int | None:
    """The line of `key` under `[table]` in a TOML text (for messages; best effort)."""
    current = ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    keyline = re.compile(r'^\s*("?)' + re.escape(key) + r'\1\s*=')
    dotted = re.compile(r"^\s*" + re.escape(f"{table}.{key}" if table else key) + r"\s*=")
    for i, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            current = m.group(1).replace('"', "").replace(" ", "")
            if current == (f"{table}.{key}" if table else key):
                return i
            continue
        if current == table and keyline.match(line) or dotted.match(line):
            return i
    return None


def entry_line(text: str, key: str, entries: list[dict], problem: str) -> int | None:
    """The line of the wrong entry of an array of tables ([[framework.level]]): the entry the
    problem names (by position or by name), and in it the key the problem is about."""
    m = re.search(r"第(\d+)个", problem)
    index = int(m.group(1)) - 1 if m else next(
        (i for i, e in enumerate(entries) if isinstance(e.get("name"), str) and f"“{e['name']}”" in problem), None)
    if index is None:
        return None
    header = re.compile(r"^\s*\[\[\s*" + re.escape(key) + r"\s*\]\]")
    starts = [i for i, line in enumerate(text.splitlines(), 1) if header.match(line)]
    if index >= len(starts):
        return None
    start = starts[index]
    lines = text.splitlines()
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        field_ = re.match(r"\s*(\w+)\s*=", lines[i])
        if field_ and field_.group(1) in problem:
            return i + 1
    return start
