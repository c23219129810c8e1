"""Saving an openpyxl workbook (the blank workbook, the summary) so that the same content is the
same bytes: fixed zip entry times and a fixed 'modified' date (openpyxl stamps the time of
saving into docProps/core.xml)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

FIXED_TIME = datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def xlsx_bytes(book) -> bytes:
    book.properties.created = book.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    book.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            part = src.read(info)
            if info.filename == "docProps/core.xml":
                part = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", part)
            dst.writestr(fixed, part)
    return out.getvalue()
