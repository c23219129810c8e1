"""The .docx package: the body and every other part, assembled into a deterministic zip (fixed
part order, times and attributes: the same input gives the same bytes)."""
from __future__ import annotations

import functools
import io
import zipfile
from datetime import date

from jixiao.write.figures_part import figures_props_xml, figures_xml
from jixiao.write.own_text import own_paragraph_texts
from jixiao.write.parts import (app_xml, content_types_xml, core_xml, rels_xml, settings_xml,
                                theme_xml)
from jixiao.write.styles import font_table_xml, styles_xml

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def package(document_xml: bytes, footers: list[str], report_title: str, author: str, created: date,
            figures: tuple[tuple[str, str], ...], text: str, paragraphs: int, duplex: bool) -> bytes:
    """The whole .docx: fixed part order, fixed zip times and attributes → same input, same bytes."""
    doc_rels = [("rId1", "styles", "styles.xml"), ("rId2", "settings", "settings.xml"),
                ("rId3", "fontTable", "fontTable.xml"), ("rId4", "customXml", "../customXml/item1.xml"), ("rId5", "theme", "theme/theme1.xml")]
    doc_rels += [(f"rId{10 + i}", "footer", f"footer{i + 1}.xml") for i in range(len(footers))]
    parts: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", content_types_xml(len(footers))),
        ("_rels/.rels", rels_xml([("rId1", "officeDocument", "word/document.xml"),
                                  ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                                   "docProps/core.xml"),
                                  ("rId3", "extended-properties", "docProps/app.xml")])),
        ("docProps/core.xml", core_xml(report_title, author, created)),
        ("docProps/app.xml", app_xml(text, paragraphs)),
        ("word/document.xml", document_xml),
        ("word/_rels/document.xml.rels", rels_xml(doc_rels)),
        ("word/styles.xml", _fixed_part("styles")),
        ("word/settings.xml", settings_xml(document_xml, duplex)),
        ("word/fontTable.xml", _fixed_part("fonts")),
        ("word/theme/theme1.xml", _fixed_part("theme")),
        *((f"word/footer{i + 1}.xml", f) for i, f in enumerate(footers)),
        ("customXml/item1.xml", figures_xml(figures, own_paragraph_texts(document_xml))),
        ("customXml/itemProps1.xml", figures_props_xml()),
        ("customXml/_rels/item1.xml.rels", rels_xml([("rId1", "customXmlProps", "itemProps1.xml")])),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3            # Unix, whatever the host
            info.external_attr = 0o644 << 16  # rw-r--r--
            # level 1: a third of level 6's time for a few KB more
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=1)
    return out.getvalue()


@functools.cache
def _fixed_part(name: str) -> bytes:
    """The parts every report shares, made once per process (and not at all by `jixiao check`)."""
    return {"styles": styles_xml, "fonts": font_table_xml, "theme": theme_xml}[name]().encode("utf-8")
