"""The report as HTML, for the page's preview: render.document.Report in, its text and tables in
reading order out (sections, paragraphs, tables with their merged cells). Every string is escaped
(markupsafe); the HTML carries classes only, no style or script, so the page's CSP holds."""
from __future__ import annotations

from markupsafe import Markup, escape

from jixiao.render.document import PageBreak, Paragraph, Report, Table

_TAGS = {"title": "h1", "heading1": "h2", "heading2": "h3", "heading3": "h4", "heading4": "h5",
         "table-title": "h3"}


def _paragraph(p: Paragraph) -> str:
    tag = _TAGS.get(p.kind, "p")
    runs = "".join(f"<b>{escape(r.text)}</b>" if r.bold else str(escape(r.text)) for r in p.runs)
    runs = runs.replace("\n", "<br>")
    return f'<{tag} class="k-{escape(p.kind)}">{runs}</{tag}>'


def _table(t: Table) -> str:
    out = ['<table class="report">']
    while t is not None:
        for row in t.rows:
            tag = "th" if row.header else "td"
            cells = []
            for c in row.cells:
                span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + \
                       (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                text = "<br>".join(str(escape(line)) for line in c.text.split("\n"))
                cells.append(f'<{tag}{span} class="a-{escape(c.align)}">{text}</{tag}>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        t = t.continued
    out.append("</table>")
    return "".join(out)


def report_html(report: Report) -> Markup:
    """The report's blocks as HTML, in the order the .docx shows them."""
    out: list[str] = []
    for section in report.sections:
        out.append('<section class="page">')
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.text.strip():
                    out.append(_paragraph(block))
            elif isinstance(block, Table):
                out.append(_table(block))
            elif isinstance(block, PageBreak):
                out.append('<hr class="pagebreak">')
        out.append("</section>")
    return Markup("\n".join(out))
