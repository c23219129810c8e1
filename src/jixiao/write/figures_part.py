"""The figures part of a report, both ways: `Report.figures` → the custom XML part the writer
embeds, and a .docx → the figures it embeds (read back by `jixiao diff`).

The part is customXml/item1.xml (related from the main document part, with
customXml/itemProps1.xml naming its schema):

    <figures xmlns="urn:jixiao:figures:1"><figure name="资金情况 全年执行数">1902.68</figure>…</figures>

`read_figures` finds that part in any .docx and returns the figures in document order, or None
when the file is not a zip, has no such part, or the part is unreadable. It never raises, and it
reads a bounded amount whatever the file claims (zip bombs, entity expansion, huge part counts).
"""
from __future__ import annotations

import io
import re
import zipfile

from defusedxml import ElementTree as SafeET

from jixiao.write.wml import DECL, attr, clean, esc

FIGURES_NS = "urn:jixiao:figures:1"
# the datastore item of the figures part: one fixed id per schema version, uuid5(NAMESPACE_URL,
# FIGURES_NS) (written out: importing uuid costs a build a few milliseconds)
FIGURES_ITEM_ID = "{DA9963CD-1735-5AE8-A5E1-0752DE66C9C7}"


# ---------------------------------------------------------------------------- writing

def figures_xml(figures: tuple[tuple[str, str], ...], texts: list[str] | tuple[str, ...] = ()) -> str:
    """customXml/item1.xml: the figures, in order, then the program's own paragraphs
    (own_text.py: `<text>` elements, so a rebuild can tell the clerk's edits)."""
    items = "".join(f'<figure name="{attr(n)}">{esc(clean(v))}</figure>' for n, v in figures)
    items += "".join(f'<text xml:space="preserve">{esc(t)}</text>' for t in texts)
    return f'{DECL}<figures xmlns="{FIGURES_NS}">{items}</figures>'


def figures_props_xml() -> str:
    """customXml/itemProps1.xml: the figures part's schema."""
    return (DECL + f'<ds:datastoreItem ds:itemID="{FIGURES_ITEM_ID}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{FIGURES_NS}"/></ds:schemaRefs></ds:datastoreItem>')


# ---------------------------------------------------------------------------- reading

MAX_FIGURES_PART_BYTES = 16 * 1024 * 1024     # the figures part of a real report is a few KB
MAX_ENTRIES = 10_000                         # a report has about twenty parts
MAX_FIGURES = 100_000
_ITEM = re.compile(r"customXml/item\d{1,4}\.xml")


def _figures_root(docx_bytes: bytes):
    """The root element of the first figures part in a .docx (customXml/itemN.xml), read within
    the bounds; None if there is none. Raises on a file that is not a zip (callers catch)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            return None
        for info in infos:
            if not _ITEM.fullmatch(info.filename) or info.file_size > MAX_FIGURES_PART_BYTES:
                continue
            with z.open(info) as f:
                data = f.read(MAX_FIGURES_PART_BYTES + 1)   # the header's size may lie
            if len(data) > MAX_FIGURES_PART_BYTES:
                continue
            try:
                root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
            except Exception:   # noqa: BLE001 — not XML, or XML with a DTD / entities
                continue
            if root.tag == f"{{{FIGURES_NS}}}figures":
                return root
    return None


def read_figures(docx_bytes: bytes) -> list[tuple[str, str]] | None:
    """The figures embedded in a report's .docx, in order; None if absent or unreadable."""
    try:
        root = _figures_root(docx_bytes)
    except Exception:   # noqa: BLE001 — any malformed input means "no figures"
        return None
    if root is None:
        return None
    out: list[tuple[str, str]] = []
    for item in root:
        if item.tag != f"{{{FIGURES_NS}}}figure":
            continue
        name = item.get("name")
        if name is None:
            continue
        out.append((name, item.text or ""))
        if len(out) > MAX_FIGURES:
            return None
    return out


def read_own_texts(docx_bytes: bytes) -> list[str] | None:
    """The program's own paragraphs embedded in a report (own_text.py); None if it has none."""
    try:
        root = _figures_root(docx_bytes)
    except Exception:   # noqa: BLE001 — any malformed input means "no own text"
        return None
    if root is None:
        return None
    return [e.text or "" for e in root if e.tag == f"{{{FIGURES_NS}}}text"] or None
