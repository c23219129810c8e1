"""Helpers that build broken workbooks for tests/test_broken.py.

Every workbook starts from a copy of a good example (inputs/000_贺家土街道_2023.xlsx), changed
with openpyxl, or is crafted byte by byte (a renamed CSV, an entity bomb in a zip entry, …).
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "inputs" / "000_贺家土街道_2023.xlsx"
GOOD_BYTES = GOOD.read_bytes()
# the file name the good example's report gets; a previous run would have left it in the output
GOOD_REPORT = "2023年度株洲市芦淞区贺家土街道办事处整体支出绩效自评报告.docx"

# Excel stores a control character pasted into a cell as _xHHHH_ (ST_Xstring escaping)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_escape(text: str) -> str:
    """Text as Excel writes it into the file: control characters become _x000B_ etc."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def load_good() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(GOOD_BYTES))


def workbook(path: Path, change: Callable[[openpyxl.Workbook], object]) -> Path:
    """A copy of the good example with `change` applied, saved at `path`."""
    wb = load_good()
    change(wb)
    wb.save(path)
    return path


def label_row(ws, label: str) -> int:
    """The row whose column A holds `label` (label sheets: 基本信息, 资金情况, 基础数据表)."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if isinstance(row[0].value, str) and row[0].value.strip() == label:
            return row[0].row
    raise KeyError(label)


def set_label(ws, label: str, value, col: int = 2) -> str:
    """Put `value` in the label's row (column `col`); return the cell's "sheet!A1" address.
    A label not present gets a new row at the end."""
    try:
        r = label_row(ws, label)
    except KeyError:
        r = last_row(ws) + 1
        ws.cell(r, 1, label)
    cell = ws.cell(r, col)
    cell.value = value
    return f"{ws.title}!{cell.coordinate}"


def last_row(ws) -> int:
    """The last row with anything in it (openpyxl's max_row counts formatted blank rows)."""
    last = 1
    for row in ws.iter_rows():
        if any(c.value not in (None, "") for c in row):
            last = row[0].row
    return last


def append_row(ws, values: list) -> int:
    r = last_row(ws) + 1
    for i, v in enumerate(values, start=1):
        ws.cell(r, i, v)
    return r


# ---------------------------------------------------------------- zip-level surgery

def sheet_part(data: bytes, sheet: str) -> str:
    """The zip entry (xl/worksheets/sheetN.xml) of the sheet named `sheet`."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % re.escape(sheet), wbxml)
    if rid is None:
        rid = re.search(r'<sheet [^>]*r:id="(rId\d+)"[^>]*name="%s"' % re.escape(sheet), wbxml)
    target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"'
                       % (rid.group(1), rid.group(1)), rels)
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> bytes:
    """The package with some entries replaced (None drops an entry) or added."""
    replace = replace or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                new = replace[info.filename]
                if new is not None:
                    dst.writestr(info.filename, new)
            else:
                dst.writestr(info, src.read(info.filename))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return buf.getvalue()


def set_cell_xml(data: bytes, sheet: str, ref: str, cell_xml: str) -> bytes:
    """Replace the <c r="ref"> element of a sheet with raw XML (values openpyxl will not write)."""
    part = sheet_part(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(part).decode()
    pattern = re.compile(r'<c r="%s"(?:[^>]*/>|[^>]*>.*?</c>)' % ref, re.S)
    assert pattern.search(xml), f"{sheet}!{ref} not in {part}"
    xml = pattern.sub(lambda m: cell_xml, xml, count=1)
    return rezip(data, {part: xml.encode()})


_LAUGHS = "".join(
    f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
BILLION_LAUGHS = '<!ENTITY lol0 "lol">' + _LAUGHS       # &lol9; is 10**9 × "lol"
EXTERNAL_ENTITY = '<!ENTITY lol9 SYSTEM "file:///etc/passwd">'


def with_entities(data: bytes, sheet: str, entities: str, ref: str) -> bytes:
    """The package with a DOCTYPE declaring `entities` in a sheet's XML and the cell `ref`
    holding the entity &lol9; (an XML entity bomb, or an external entity)."""
    data = set_cell_xml(data, sheet, ref, f'<c r="{ref}" t="inlineStr"><is><t>&lol9;</t></is></c>')
    part = sheet_part(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(part).decode()
    decl = re.match(r"<\?xml[^>]*\?>", xml)
    at = decl.end() if decl else 0
    xml = xml[:at] + f"<!DOCTYPE worksheet [{entities}]>" + xml[at:]
    return rezip(data, {part: xml.encode()})


def lie_about_size(data: bytes, size: int) -> bytes:
    """The package with every entry's uncompressed size in the central directory set to `size`
    (what a zip bomb looks like to a reader that checks before inflating)."""
    out = bytearray(data)
    i = out.find(b"PK\x01\x02")
    while i != -1:
        struct.pack_into("<I", out, i + 24, size)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def docx_bytes() -> bytes:
    """A minimal Word package: a zip, but no xl/workbook.xml."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                   'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
    return buf.getvalue()


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole2_bytes(marker: bytes = b"Workbook") -> bytes:
    """An OLE2 compound file header: an old .xls, or an encrypted .xlsx (EncryptedPackage)."""
    header = OLE2_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header.ljust(512, b"\x00") + marker.decode().encode("utf-16-le").ljust(4096, b"\x00")


def with_compression_method(data: bytes, method: int) -> bytes:
    """The package with every entry marked as compressed by `method` (9 = Deflate64, which
    Windows' own zip tool writes and Python cannot read)."""
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        i = out.find(sig)
        while i != -1:
            struct.pack_into("<H", out, i + at, method)
            i = out.find(sig, i + 4)
    return bytes(out)


def add_merge_xml(data: bytes, sheet: str, ref: str) -> bytes:
    """A merged range written the way Excel writes it (a <mergeCell>, no cell per position)."""
    return add_merges_xml(data, sheet, [ref])


def add_merges_xml(data: bytes, sheet: str, refs: list[str]) -> bytes:
    part = sheet_part(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(part).decode()
    assert "<mergeCells" not in xml
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    xml = xml.replace("</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{merges}</mergeCells>', 1)
    return rezip(data, {part: xml.encode()})


# ---------------------------------------------------------------- hostile packages (issue 10)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def stream_part(data: bytes, part: str, chunks) -> bytes:
    """The package with `part` replaced (or added) by the bytes of `chunks`, written as a
    stream: a part of hundreds of MB never exists in memory, only its deflated form."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
        with dst.open(part, "w", force_zip64=True) as f:
            for chunk in chunks:
                f.write(chunk)
    return buf.getvalue()


def sheet_stream(rows, tail: str = "", head: str = ""):
    """A worksheet part as chunks: `rows` yields the XML of <row> elements (strings)."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{head}<sheetData>'.encode()
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 2000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield f"</sheetData>{tail}</worksheet>".encode()


def header_row(sheet: str) -> str:
    """Row 1 of a contract sheet, as inline strings."""
    from jixiao.contract import SHEET_BY_NAME
    from jixiao.read.refs import column_letter
    cells = "".join(f'<c r="{column_letter(i)}1" t="inlineStr"><is><t>{col.header}</t></is></c>'
                    for i, col in enumerate(SHEET_BY_NAME[sheet].columns, start=1))
    return f'<row r="1">{cells}</row>'


def with_shared_strings(data: bytes, strings: list[str]) -> bytes:
    """The package with a shared string table (declared in the rels and content types)."""
    from xml.sax.saxutils import escape
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdSst" Type="{REL_NS}/sharedStrings" '
                        'Target="sharedStrings.xml"/></Relationships>')
    types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return rezip(data, {"xl/_rels/workbook.xml.rels": rels.encode(), "[Content_Types].xml": types.encode()},
                 add={"xl/sharedStrings.xml": sst.encode()})


def to_strict(data: bytes) -> bytes:
    """The package as Excel saves it in "Strict Open XML Spreadsheet" format: the same parts
    under the ISO namespaces (and relationship types), conformance="strict"."""
    changed: dict[str, bytes | None] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                xml = z.read(name).decode()
                xml = xml.replace(MAIN_NS, STRICT_MAIN_NS).replace(REL_NS, STRICT_REL_NS)
                if name == "xl/workbook.xml":
                    xml = re.sub(r"<workbook\b", '<workbook conformance="strict"', xml, count=1)
                changed[name] = xml.encode()
    return rezip(data, changed)


def rename_sheet(data: bytes, old: str, new: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/workbook.xml").decode()
    assert f'name="{old}"' in xml
    return rezip(data, {"xl/workbook.xml": xml.replace(f'name="{old}"', f'name="{new}"').encode()})


def add_sheet(data: bytes, name: str, part: str = "xl/worksheets/extra{n}.xml", chunks=None) -> bytes:
    """The package with one more sheet (listed in workbook.xml, the rels and content types)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        n = len([x for x in z.namelist() if x.startswith("xl/worksheets/")]) + 1
    part = part.format(n=n)
    rid = f"rIdExtra{n}"
    wbxml = wbxml.replace("</sheets>", f'<sheet xmlns:r="{REL_NS}" name="{name}" sheetId="{100 + n}" '
                          f'r:id="{rid}"/></sheets>')
    rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{REL_NS}/worksheet" '
                        f'Target="/{part}"/></Relationships>')
    types = types.replace("</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.'
                          'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    data = rezip(data, {"xl/workbook.xml": wbxml.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                        "[Content_Types].xml": types.encode()})
    return stream_part(data, part, chunks if chunks is not None else sheet_stream([]))


def ods_bytes() -> bytes:
    """An OpenDocument spreadsheet's package (what WPS/LibreOffice save as .ods)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                   '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return buf.getvalue()


# What Excel leaves beside an open workbook: "~$name.xlsx", 165 bytes (a user name, padding)
LOCK_FILE_BYTES = (b"\x08" + "张三".encode("utf-16-le").ljust(53, b" ") + b"\x00" * 57).ljust(165, b" ")


def to_shared_strings(data: bytes) -> bytes:
    """The package with every inline string moved into a shared string table, as Excel, WPS and
    LibreOffice write text (openpyxl writes it inline)."""
    strings: dict[str, int] = {}          # the XML text of each string (escaped as found) → index
    inline = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)

    def shared(m: re.Match) -> str:
        i = strings.setdefault(m.group(3), len(strings))
        return f'<c {m.group(1)}t="s"{m.group(2)}><v>{i}</v></c>'
    changed = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                changed[name] = inline.sub(shared, z.read(name).decode()).encode()
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    data = with_shared_strings(rezip(data, changed), [])
    return rezip(data, {"xl/sharedStrings.xml": sst.encode()})
