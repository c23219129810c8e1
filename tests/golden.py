"""Golden text snapshots of the example reports: every paragraph (with its style) and every table
cell, normalised so that what a reviewer sees in a diff is what a reader sees in the report.

    python -m tests.golden          # rewrite tests/golden/*.txt from the examples in inputs/

Review the diff like code: a wording, figure, label or order change shows up line by line.
tests/test_golden.py fails when a build no longer matches its snapshot.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el) -> str:
    parts = []
    for node in el.iter(f"{W}t", f"{W}br", f"{W}tab"):
        parts.append(node.text or "" if node.tag == f"{W}t" else ("⏎" if node.tag == f"{W}br" else "⇥"))
    return "".join(parts)


def _style(p) -> str:
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(f"{W}val") if s is not None else "-"


def snapshot(docx: bytes) -> str:
    """The report as lines: `¶ Style | text` per paragraph, `| a | b |` per table row (a merged
    cell's continuation below is `↑`, a cell spanning n columns ends in `⟨n⟩`), `§` where a
    section ends, `⤓` for a page break."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    lines: list[str] = []
    for el in body:
        if el.tag == f"{W}p":
            if el.find(f".//{W}br[@{W}type='page']") is not None or el.find(f"{W}pPr/{W}pageBreakBefore") is not None:
                lines.append("⤓")
            text = _text(el)
            if text or _style(el) != "-":
                lines.append(f"¶ {_style(el)} | {text}")
            if el.find(f"{W}pPr/{W}sectPr") is not None:
                lines.append("§")
        elif el.tag == f"{W}tbl":
            lines.append("▦")
            for tr in el.iter(f"{W}tr"):
                cells = []
                for tc in tr.iter(f"{W}tc"):
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    merge = tc.find(f"{W}tcPr/{W}vMerge")
                    if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                        text = "↑"
                    else:
                        text = "/".join(_text(p) for p in tc.iter(f"{W}p"))
                    if span is not None:
                        text += f"⟨{span.get(f'{W}val')}⟩"
                    cells.append(text)
                lines.append("| " + " | ".join(cells) + " |")
        elif el.tag == f"{W}sectPr":
            lines.append("§")
    return "\n".join(lines) + "\n"


def examples() -> list[Path]:
    return sorted((ROOT / "inputs").glob("*.xlsx"))


def golden_path(workbook: Path) -> Path:
    return GOLDEN / (workbook.stem + ".txt")


def main() -> int:
    from jixiao.build import build
    GOLDEN.mkdir(exist_ok=True)
    for wb in examples():
        out = build(wb)
        if out.data is None:
            print(f"{wb.name}: not built", file=sys.stderr)
            return 1
        golden_path(wb).write_text(snapshot(out.data), "utf-8")
        print(f"wrote {golden_path(wb).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
