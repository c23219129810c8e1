"""The program's own text, so a rebuild can tell the clerk's edits in Word from what it wrote.

The writer embeds the text of every non-empty paragraph of word/document.xml (body and table
cells, in document order) in the figures part (`<text>` elements beside the `<figure>`s,
figures_part.py); `paragraph_texts` reads the same list from any report's document.xml, so an
untouched report gives back exactly what was embedded, and a paragraph edited, added or removed
in Word or WPS shows as a difference (`hand_edits`). Reading is bounded like the figures part's.
"""
from __future__ import annotations

import difflib
import html
import io
import re
import zipfile
from xml.etree.ElementTree import XMLPullParser

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024     # word/document.xml read to find hand edits
MAX_EDITS_LISTED = 50                     # edited paragraphs listed; the count stays exact
SHOWN_CHARS = 40                          # characters shown of an edited paragraph
MAX_ALIGNED_PAIRS = 250_000               # len × len of two lists aligned by difflib (else paired by position)


def paragraph_texts(document_xml: bytes) -> list[str]:
    """The text of each non-empty paragraph (w:p, outermost), in document order."""
    parser = XMLPullParser(events=("start", "end"))
    out: list[str] = []
    depth, buf = 0, []
    for i in range(0, len(document_xml), 1 << 16):
        parser.feed(document_xml[i:i + (1 << 16)])
        for event, e in parser.read_events():
            if e.tag == W + "p":
                if event == "start":
                    depth += 1
                    if depth == 1:
                        buf = []
                else:
                    depth -= 1
                    if depth == 0:
                        text = "".join(buf)
                        if text.strip():
                            out.append(text)
                    e.clear()
            elif event == "end" and depth and e.tag == W + "t":
                buf.append(e.text or "")
            elif event == "end" and depth and e.tag == W + "tab":
                buf.append("\t")
    parser.close()
    return out


_OWN_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?(?<!/)>(.*?)</w:p>", re.S)
_OWN_PIECE = re.compile(r"<w:t(?:\s[^>]*)?>(.*?)</w:t>|<w:tab(?:\s[^>]*)?/>", re.S)


def own_paragraph_texts(document_xml: str | bytes) -> list[str]:
    """paragraph_texts of a document.xml this program has just written, found by pattern instead of
    an XML parser (the writer's own output has no nested paragraphs, comments or CDATA; a test holds
    the two equal on every report the tests build): the same list, five to ten times faster."""
    if isinstance(document_xml, bytes):
        document_xml = document_xml.decode("utf-8")
    out: list[str] = []
    for p in _OWN_PARAGRAPH.finditer(document_xml):
        text = "".join("\t" if m.group(1) is None else html.unescape(m.group(1))
                       for m in _OWN_PIECE.finditer(p.group(1)))
        if text.strip():
            out.append(text)
    return out


def document_texts(docx: bytes) -> list[str] | None:
    """paragraph_texts of a .docx's word/document.xml; None when it cannot be read (or is too
    large). Never raises."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_DOCUMENT_BYTES:
                return None
            with z.open(info) as f:
                data = f.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES or b"<!DOCTYPE" in data[:4096]:
            return None
        return paragraph_texts(data)
    except Exception:   # noqa: BLE001 — any malformed input means "cannot tell"
        return None


def _cut(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def aligned(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for `a` → `b`, bounded: the common head and tail are taken first, and
    the rest is aligned by difflib only when len × len ≤ MAX_ALIGNED_PAIRS, otherwise paired
    position by position (linear). difflib is worse than quadratic on lists of repeated
    items: a forged previous report of 5,000 paragraphs took minutes (cli/diff.py uses this too)."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    ma, mb = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(ma) * len(mb) <= MAX_ALIGNED_PAIRS:
        middle = difflib.SequenceMatcher(None, ma, mb, autojunk=False).get_opcodes()
    else:                              # position by position: equal or replaced, then the rest
        middle = []
        for k in range(min(len(ma), len(mb))):
            op = "equal" if ma[k] == mb[k] else "replace"
            if middle and middle[-1][0] == op:
                middle[-1] = (op, middle[-1][1], k + 1, middle[-1][3], k + 1)
            else:
                middle.append((op, k, k + 1, k, k + 1))
        k = min(len(ma), len(mb))
        middle.append(("delete", k, len(ma), k, k) if len(ma) > k else ("insert", k, k, k, len(mb)))
    ops = [("equal", 0, head, 0, head)] if head else []
    for op, i1, i2, j1, j2 in middle:
        if i1 == i2 and j1 == j2:
            continue
        ops.append((op, head + i1, head + i2, head + j1, head + j2))
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def hand_edits(own: list[str], now: list[str]) -> list[str]:
    """Lines a clerk reads: each paragraph changed, added or deleted after the program wrote it
    (`own`: what it wrote; `now`: what the file holds). Empty when untouched."""
    out: list[str] = []
    for op, i1, i2, j1, j2 in aligned(own, now):
        if op == "equal":
            continue
        old, new = own[i1:i2], now[j1:j2]
        for k in range(max(len(old), len(new))):
            a = old[k] if k < len(old) else None
            b = new[k] if k < len(new) else None
            if a is not None and b is not None:
                out.append(f"改写：“{_cut(a)}” → “{_cut(b)}”")
            elif b is not None:
                out.append(f"新增：“{_cut(b)}”")
            else:
                out.append(f"删除：“{_cut(a)}”")
    return out
