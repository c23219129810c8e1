"""What LibreOffice lays out, measured: .docx → PDF (soffice) → pages of text lines with their
characters' positions (pdfplumber) and, where the text layer cannot tell, ink (pdftoppm)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.write import gbt9704 as G

HAVE_TOOLS = bool(shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")
                  and importlib.util.find_spec("pdfplumber"))
# keep the pages a layout really has: LibreOffice's PDF export drops text-less pages by default
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
PT_PER_MM = 72 / 25.4


def to_pdf(docs: dict[str, bytes], folder: Path, all_pages: bool = True) -> dict[str, Path]:
    """Lay every document out with one LibreOffice run; name → PDF path. all_pages: keep the blank
    pages LibreOffice inserts by itself to keep odd page numbers on right-hand pages (its PDF
    export drops them by default, as `jixiao build --pdf` does)."""
    paths = []
    for name, data in docs.items():
        p = folder / f"{name}.docx"
        p.write_bytes(data)
        paths.append(str(p))
    profile = folder / "lo-profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", PDF_FILTER if all_pages else "pdf",
                    "--outdir", str(folder), *paths], check=True, capture_output=True, timeout=900)
    return {name: folder / f"{name}.pdf" for name in docs}


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)


@dataclass
class Page:
    number: int                 # physical, from 1
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    h_edges: list[tuple[float, float, float]] = field(default_factory=list)   # (y, x0, x1) of drawn rules

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def left(self) -> float:
        """The text block's left edge: 订口 28 mm on odd pages, 26 mm on even ones (mirrored)."""
        return (G.MARGIN_INSIDE if self.number % 2 else G.MARGIN_OUTSIDE).points

    @property
    def right(self) -> float:
        return self.left + G.TEXT_WIDTH.points

    @property
    def text_top(self) -> float:
        return G.MARGIN_TOP.points

    @property
    def text_bottom(self) -> float:
        return G.MARGIN_TOP.points + G.TEXT_HEIGHT.points


def pages(pdf: Path, mirrored: bool = True) -> list[Page]:
    import pdfplumber
    out = []
    with pdfplumber.open(pdf) as doc:
        for i, p in enumerate(doc.pages, start=1):
            page = Page(i if mirrored else 1, float(p.width), float(p.height))
            rows: dict[int, list[Char]] = {}
            for c in p.chars:
                if not c["text"].strip():
                    continue
                ch = Char(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), float(c["size"]))
                rows.setdefault(round((ch.top + ch.bottom) / 2), []).append(ch)
            # characters of one line share a middle within a point or two; merge neighbouring keys
            merged: list[list[Char]] = []
            for key in sorted(rows):
                if merged and key - round((merged[-1][0].top + merged[-1][0].bottom) / 2) <= 2:
                    merged[-1] += rows[key]
                else:
                    merged.append(list(rows[key]))
            page.lines = [Line(sorted(cs, key=lambda c: c.x0)) for cs in merged]
            page.h_edges = [(float(e["top"]), float(e["x0"]), float(e["x1"])) for e in p.horizontal_edges]
            page.number = i
            out.append(page)
    return out


def ink_rows_mm(pdf: Path, page: int, below_mm: float, dpi: int = 300, min_run_pt: float = 8) -> list[float]:
    """Rows (mm from the page's top, below `below_mm`) holding a dark horizontal run at least
    `min_run_pt` long — the em dashes of a page number."""
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    _magic, dims, _maxval, px = out.split(b"\n", 3)
    w, h = map(int, dims.split())
    min_run = int(min_run_pt / 72 * dpi)
    rows = []
    for y in range(int(below_mm / 25.4 * dpi), h):
        row = px[y * w:(y + 1) * w]
        if min(row) >= 128:
            continue
        run = best = 0
        for v in row:
            if v < 128:
                run += 1
                if run > best:
                    best = run
            else:
                run = 0
        if best >= min_run:
            rows.append(y / dpi * 25.4)
    return rows
