"""The bundle for 上报 (`build --bundle FILE.zip`): the reports that are 已生成 (and their PDFs,
when made), with 汇总.xlsx when one was written, in one zip a receiving bureau can unpack anywhere:
everything under one folder named after the zip, names made safe on every system
(filenames.safe_filename), stored UTF-8 with the zip's UTF-8 flag, no absolute path, no `..`,
fixed entry times (the same reports give the same bytes). Written atomically (files.publish).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from jixiao.cli.collection import Entry, UnitStatus
from jixiao.filenames import safe_filename
from jixiao.workbooks.save import FIXED_TIME

BUNDLE_STATUSES = (UnitStatus.WRITTEN, UnitStatus.WRITTEN_WARNINGS)


def bundle_files(rows: Sequence[Entry], outdir: Path, summary: Path | None = None) -> list[Path]:
    """The files the bundle holds: each 已生成 report, its PDF when there is a current one, then
    the summary."""
    files: list[Path] = []
    for e in rows:
        if e.status not in BUNDLE_STATUSES or not e.report:
            continue
        docx = outdir / e.report
        files.append(docx)
        if e.result is not None and e.result.pdf == "" and docx.with_suffix(".pdf").is_file():
            files.append(docx.with_suffix(".pdf"))
    if summary is not None and summary.is_file():
        files.append(summary)
    return files


def bundle_bytes(files: Sequence[Path], folder: str) -> bytes:
    """The zip of `files` under `folder`/ (each name made safe; a clash numbered)."""
    top = safe_filename(folder, "") or "上报"
    buf = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in files:
            name = safe_filename(path.stem, path.suffix)
            n = 2
            while name.casefold() in seen:
                name = safe_filename(f"{path.stem}（{n}）", path.suffix)
                n += 1
            seen.add(name.casefold())
            info = zipfile.ZipInfo(f"{top}/{name}", FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    return buf.getvalue()
