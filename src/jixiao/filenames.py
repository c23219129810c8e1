"""File names the program makes (reports, rollover's workbook): any text in, one name safe in any
folder on Windows, macOS and Linux out."""
from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]|\.\.')   # and control characters
MAX_FILENAME_BYTES = 200          # file names: 255 bytes at most on common file systems
# Names Windows keeps for devices, with or without an extension, in any case ("con.docx" opens
# the console): such a name gets a leading "_".
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                             | {f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789¹²³"})


def safe_filename(name: str, suffix: str = ".docx", fallback: str = "整体支出绩效自评报告") -> str:
    """`name` safe as one file name in any folder on Windows, macOS and Linux, `suffix` appended:
    no path separators or characters Windows refuses, no "..", at most MAX_FILENAME_BYTES bytes,
    no leading or trailing dots and spaces, never a Windows device name (CON, NUL, COM1…);
    `fallback` when nothing is left. Reports, and rollover's workbook, are named by it."""
    name = _UNSAFE.sub("_", name)
    name = name.encode("utf-8")[:MAX_FILENAME_BYTES].decode("utf-8", "ignore").strip(" .")
    if name.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        name = "_" + name
    return (name or fallback) + suffix
