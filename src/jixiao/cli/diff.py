"""What changed between two versions of a report: the old and the new .docx in, `Changes` out —
figure by figure (from the figures part the writer embeds, `customXml/…`: `<figures
xmlns="urn:jixiao:figures:1"><figure name="…">text</figure>…</figures>`) and paragraph by
paragraph (body paragraphs and table cells, from word/document.xml). Everything is read from the
old file itself; no sidecar. A report without the figures part is compared by text alone.

What is read of a report is bounded (a crafted "previous report" must not cost a worker a gigabyte
or minutes): word/document.xml is streamed, at most MAX_DOCUMENT_BYTES of it, and at most
MAX_PARAGRAPHS body paragraphs and MAX_CELLS table cells (a report of 5,000 indicator rows, the
reader's limit, has about 45,000 cells and a few hundred body paragraphs). Beyond, `compare` raises `TooLarge` and the two
versions are not compared (previous.py says so in a 提示).
"""
from __future__ import annotations

import difflib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from jixiao.write.figures_part import read_figures
from jixiao.write.own_text import aligned

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # word/document.xml, unpacked (2,000 indicator rows: 3.3 MB)
MAX_PARAGRAPHS = 50_000                # paragraphs of the body (a report: a few hundred)
MAX_CELLS = 100_000                    # table cells (2,000 indicator rows: 18,000)
MAX_LINES = 500                        # lines kept per kind; the counts stay exact
CONTEXT = 8                            # characters shown either side of a change
SPAN = 24                              # characters shown of a changed, added or removed span


class TooLarge(ValueError):
    """A report is larger than what is compared (`what`: which limit, in Chinese)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass
class Changes:
    """The differences, as lines a clerk reads, and how many of each kind there are."""
    figures: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    counts: tuple[int, int, int] = (0, 0, 0)     # figures, paragraphs, table cells/rows
    by_figures: bool = False                     # both versions carried the figures part

    @property
    def empty(self) -> bool:
        return not any(self.counts)

    def summary(self) -> str:
        """One line: 数字 2 处，段落 1 处，表格 3 处 (or that only the layout changed)."""
        if self.empty:
            return "文字和数字无变化（仅版式或程序版本不同）"
        parts = [f"{word} {n} 处" for word, n in zip(("数字", "段落", "表格"), self.counts) if n]
        return "，".join(parts)

    def lines(self, limit: int | None = None) -> list[str]:
        """Figures first, then paragraphs, then table cells; at most `limit` lines, the last
        saying how many more there are."""
        every = [one_line(x) for x in self.figures + self.paragraphs + self.cells]   # text read from files
        total = sum(self.counts)
        if limit is not None and total > limit:
            return every[:limit - 1] + [f"……另有 {total - (limit - 1)} 处改动"]
        if total > len(every):
            return every + [f"……另有 {total - len(every)} 处改动"]
        return every


def one_line(text: str) -> str:
    """Text read back from a file as one plain line: every control, format or line/paragraph
    separator character (categories Cc, Cf, Zl, Zp: newlines, escapes, bidi overrides) becomes a
    space, and runs of spaces one — a forged name can never print a line of its own."""
    if text.isascii() and text.isprintable():
        return text
    return " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                            for c in text).split())


def compare(old: bytes, new: bytes) -> Changes:
    """What changed from `old` to `new` (both .docx bytes). Raises ValueError when either
    cannot be read as a report, TooLarge (a ValueError) when either is beyond the limits."""
    old_doc, new_doc = _Document.read(old), _Document.read(new)
    ch = Changes()
    old_fig, new_fig = figures_of(old), figures_of(new)
    nf, known = 0, set()
    if old_fig is not None and new_fig is not None:
        ch.by_figures = True
        nf = _figure_changes(old_fig, new_fig, ch.figures)
        before = dict(old_fig)
        known = {(before[n], v) for n, v in new_fig if n in before and before[n] != v}
    np_ = _paragraph_changes(old_doc.paragraphs, new_doc.paragraphs, ch.paragraphs)
    nc = _table_changes(old_doc.tables, new_doc.tables, ch.cells, known)
    ch.counts = (nf, np_, nc)
    for kind in (ch.figures, ch.paragraphs, ch.cells):
        del kind[MAX_LINES:]
    return ch


# ---------------------------------------------------------------- the figures part

def figures_of(docx: bytes) -> list[tuple[str, str]] | None:
    """The report's named figures (figures_part.read_figures), or None when it carries none."""
    return read_figures(docx)


def _figure_changes(old: list[tuple[str, str]], new: list[tuple[str, str]], out: list[str]) -> int:
    before, after = dict(old), dict(new)
    n = 0
    for name, value in new:
        if name not in before:
            out.append(f"{name} （新增）{_show(value)}")
        elif before[name] != value:
            out.append(f"{name} {_show(before[name])} → {_show(value)}")
        else:
            continue
        n += 1
    for name, value in old:
        if name not in after:
            out.append(f"{name} {_show(value)} →（已删除）")
            n += 1
    return n


def _show(value: str) -> str:
    return _cut(value) if value else "（空）"


# ---------------------------------------------------------------- the text

@dataclass
class _Paragraph:
    text: str
    where: str          # the heading (or attachment) it is under


@dataclass
class _Table:
    title: str
    rows: list[tuple[str, ...]]


@dataclass
class _Document:
    paragraphs: list[_Paragraph]
    tables: list[_Table]

    @classmethod
    def read(cls, docx: bytes) -> "_Document":
        try:
            with zipfile.ZipFile(io.BytesIO(docx)) as z:
                info = z.getinfo("word/document.xml")
                if info.file_size > MAX_DOCUMENT_BYTES:
                    raise TooLarge(f"正文部分 {info.file_size // (1024 * 1024)} MB，"
                                   f"超过 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
                with z.open(info) as f:       # reads at most the declared size
                    return cls._parse(f)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, EOFError, zlib.error) as e:
            raise ValueError(f"not a readable report: {type(e).__name__}") from e

    @classmethod
    def _parse(cls, f) -> "_Document":
        """Body paragraphs and tables, streamed: each body paragraph and table is dropped from the
        tree once read, each cell reduced to its text, and the counts bounded."""
        paragraphs: list[_Paragraph] = []
        tables: list[_Table] = []
        where, last_text, title = "", "", ""
        n_par = n_cells = 0
        body = f"{W}body"
        for _, el in etree.iterparse(f, events=("end",), tag=(f"{W}p", f"{W}tc", f"{W}tbl"),
                                     resolve_entities=False, no_network=True, huge_tree=False,
                                     load_dtd=False):
            parent = el.getparent()
            at_top = parent is not None and parent.tag == body
            if el.tag == f"{W}p":
                if not at_top:
                    continue                  # a cell's paragraph: read with its cell
                n_par += 1
                if n_par > MAX_PARAGRAPHS:
                    raise TooLarge(f"段落超过 {MAX_PARAGRAPHS} 个")
                text = _text(el)
                if text.strip():
                    style = _style(el)
                    if style in ("Heading1", "Heading2", "GwAttachmentLabel"):
                        where = text.strip()
                    if style == "GwTableTitle":
                        title = text.strip()
                    last_text = text.strip()
                    paragraphs.append(_Paragraph(text, where))
            elif el.tag == f"{W}tc":
                n_cells += 1
                if n_cells > MAX_CELLS:
                    raise TooLarge(f"表格单元格超过 {MAX_CELLS} 个")
                text = " ".join(_text(p) for p in el.iter(f"{W}p")).strip()
                el.clear(keep_tail=False)
                el.text = text                # the cell, reduced to its text
                continue
            else:                             # a table
                if not at_top:
                    continue
                rows = [tuple(tc.text or "" for tc in tr.iter(f"{W}tc")) for tr in el.iter(f"{W}tr")]
                tables.append(_Table(_short_title(title or last_text or f"表{len(tables) + 1}"), rows))
                title = ""
            el.clear(keep_tail=False)
            parent.remove(el)
        return cls(paragraphs, tables)


def _text(p) -> str:
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        out.append(el.text or "" if el.tag == f"{W}t" else " ")
    return "".join(out)


def _style(p) -> str:
    st = p.find(f"{W}pPr/{W}pStyle")
    return st.get(f"{W}val", "") if st is not None else ""


def _short_title(title: str) -> str:
    t = re.sub(r"^\d{4}年度", "", title).replace("部门（单位）", "")
    return _cut(t, 20)


def _paragraph_changes(old: list[_Paragraph], new: list[_Paragraph], out: list[str]) -> int:
    n = 0
    for op, i1, i2, j1, j2 in aligned([p.text for p in old], [p.text for p in new]):
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            a, b = old[i1 + k], new[j1 + k]
            x, y = _pair(a.text, b.text)
            out.append(f"{_at(b.where)}段落改为：「{x}」→「{y}」")
        for p in old[i1 + pairs:i2]:
            out.append(f"{_at(p.where)}删除段落：「{_cut(p.text)}」")
        for p in new[j1 + pairs:j2]:
            out.append(f"{_at(p.where)}新增段落：「{_cut(p.text)}」")
        n += max(i2 - i1, j2 - j1)
    return n


def _at(where: str) -> str:
    return f"{_cut(where, 16)} " if where else ""


def _table_changes(old: list[_Table], new: list[_Table], out: list[str],
                   known: set[tuple[str, str]] = frozenset()) -> int:
    """Changed cells, rows and tables; a cell whose change is a figure's change already listed
    (`known`: (old text, new text)) is not listed again."""
    n = 0
    for op, i1, i2, j1, j2 in aligned([t.title for t in old], [t.title for t in new]):
        if op == "equal" or op == "replace":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                n += _row_changes(a, b, out, known)
        if op in ("replace", "delete"):
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for t in old[i1 + pairs:i2]:
                out.append(f"删除表格「{t.title}」")
                n += 1
        if op in ("replace", "insert"):
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for t in new[j1 + pairs:j2]:
                out.append(f"新增表格「{t.title}」")
                n += 1
    return n


def _row_changes(old: _Table, new: _Table, out: list[str], known: set[tuple[str, str]]) -> int:
    n = 0
    for op, i1, i2, j1, j2 in aligned(old.rows, new.rows):
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            a, b = old.rows[i1 + k], new.rows[j1 + k]
            label = _row_label(a, b, j1 + k)
            if len(a) != len(b):
                out.append(f"{new.title}「{label}」行改为：{_cut(' | '.join(b))}")
                n += 1
                continue
            for c, (x, y) in enumerate(zip(a, b)):
                if x != y and (x, y) not in known:
                    col = _cut(_column_label(new.rows, j1 + k, c), 12)
                    where = f"「{label}」{col}" if not label.startswith("第") else f" {label}{col}"
                    out.append(f"{new.title}{where}：{_change(x, y)}")
                    n += 1
        for r in old.rows[i1 + pairs:i2]:
            out.append(f"{old.title} 删除一行：{_cut(' | '.join(r))}")
            n += 1
        for r in new.rows[j1 + pairs:j2]:
            out.append(f"{new.title} 新增一行：{_cut(' | '.join(r))}")
            n += 1
    return n


def _change(x: str, y: str) -> str:
    """old → new, a label both share said once: "按收入性质分：1890.40 → 1883.45"."""
    if len(x) > SPAN or len(y) > SPAN:
        x, y = _pair(x, y)
        return f"{x or '（空）'} → {y or '（空）'}"
    p = 0
    while p < min(len(x), len(y)) and x[p] == y[p]:
        p += 1
    while p > 0 and x[p - 1] in "0123456789.,%-":
        p -= 1
    if p and x[p:] and y[p:]:
        return f"{x[:p]}{x[p:]} → {y[p:]}"
    return f"{x or '（空）'} → {y or '（空）'}"


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%\s-]+", text))


_AMOUNT = re.compile(r"\d\.\d")


def _column_label(rows: list[tuple[str, ...]], r: int, c: int) -> str:
    """The header of cell (r, c): the nearest row above with as many cells and no figures."""
    for k in range(r - 1, -1, -1):
        row = rows[k]
        if len(row) == len(rows[r]) and row[c] and not any(_numeric(x) or _AMOUNT.search(x) for x in row if x):
            return row[c]
    return f"第{c + 1}列"


def _row_label(old: tuple[str, ...], new: tuple[str, ...], r: int) -> str:
    """What names a row: its first cell that is text, not a figure, and the same in both versions."""
    for x, y in zip(old, new):
        if x == y and x and not _numeric(x) and not _AMOUNT.search(x):
            return _cut(x, 12)
    return f"第{r + 1}行"


# ---------------------------------------------------------------- shortening

def _cut(text: str, n: int = SPAN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?%?|.", re.S)   # a number is one token, so it shows whole
MAX_TOKENS_PRODUCT = 4_000_000                        # longer texts: one span, prefix to suffix


def _pair(a: str, b: str) -> tuple[str, str]:
    """Both texts cut to the places where they differ, each with a little context:
    "…执行数1890.40万元…；…得分10.00分…" and "…执行数1800.00万元…；…得分9.52分…"."""
    ta, tb = _TOKEN.findall(" ".join(a.split())), _TOKEN.findall(" ".join(b.split()))
    if len(ta) * len(tb) > MAX_TOKENS_PRODUCT:
        p = 0
        while p < min(len(ta), len(tb)) and ta[p] == tb[p]:
            p += 1
        s = 0
        while s < min(len(ta), len(tb)) - p and ta[-1 - s] == tb[-1 - s]:
            s += 1
        spans = [(p, len(ta) - s, p, len(tb) - s)]
    else:
        sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        spans = []
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            if spans and len("".join(ta[spans[-1][1]:i1])) <= 2 * CONTEXT:   # close changes read as one
                spans[-1] = (spans[-1][0], i2, spans[-1][2], j2)
            else:
                spans.append((i1, i2, j1, j2))
    shown = [(_around(ta, i1, i2), _around(tb, j1, j2)) for i1, i2, j1, j2 in spans[:4]]
    more = "；……" if len(spans) > 4 else ""
    return "；".join(x for x, _ in shown) + more, "；".join(y for _, y in shown) + more


def _around(tokens: list[str], i: int, j: int) -> str:
    """tokens[i:j] with about CONTEXT characters either side; the span itself cut to SPAN."""
    mid = "".join(tokens[i:j])
    if len(mid) > 2 * SPAN:
        mid = mid[:SPAN] + "…" + mid[-SPAN:]
    start, n = i, 0
    while start > 0 and n < CONTEXT:
        start -= 1
        n += len(tokens[start])
    end, n = j, 0
    while end < len(tokens) and n < CONTEXT:
        n += len(tokens[end])
        end += 1
    return (("…" if start > 0 else "") + "".join(tokens[start:i]) + mid + "".join(tokens[j:end])
            + ("…" if end < len(tokens) else ""))
