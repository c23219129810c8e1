"""WordprocessingML as text: escaping, and the schema order of the property elements we write.

The writer emits XML as strings in one pass (a Python object per element would cost more than
the rest of the build). Word calls a file unreadable when a property's children stand out of
schema order, so every property element — paragraph, run, table, row, cell, section, the borders
and margins inside them, a style, a font — is assembled by `props()` / `ordered()`, which sort its
children by the order declared in ORDER: the one place that order lives (ECMA-376 Part 1, §17:
CT_PPr, CT_RPr, CT_TblPr, CT_TrPr, CT_TcPr, CT_SectPr, CT_TblBorders, CT_TcBorders,
CT_TblCellMar, CT_Style, CT_Font, CT_DocDefaults). A child not declared for its parent is refused.
"""
from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# the w: part roots declare these; mc:Ignorable lets Word 2007 skip w14/w15 elements
ROOT_NS = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" xmlns:w14="{W14_NS}" '
           f'xmlns:w15="{W15_NS}" mc:Ignorable="w14 w15"')

ORDER: dict[str, tuple[str, ...]] = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "tblBorders": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "tcBorders": ("top", "left", "bottom", "right", "insideH", "insideV", "tl2br", "tr2bl"),
    "tblCellMar": ("top", "left", "bottom", "right"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"),
    "style": ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
              "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    "docDefaults": ("rPrDefault", "pPrDefault"),
    "font": ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"),
}
_RANK = {k: {name: i for i, name in enumerate(v)} for k, v in ORDER.items()}
_TAG = re.compile(r"<w:([A-Za-z0-9]+)")


def ordered(kind: str, *children: str) -> str:
    """`children` (XML strings, one element each; "" skipped) joined in the schema order of
    `kind`'s children. Two children with the same tag keep their given order. A child ORDER does
    not declare for `kind` raises ValueError: it would have no place, and a guess makes a file
    Word refuses."""
    kids = [c for c in children if c]
    rank = _RANK[kind]
    try:
        kids.sort(key=lambda c: rank[_TAG.match(c).group(1)])
    except (KeyError, AttributeError):   # a tag not declared above, or not a w: element
        bad = next(c for c in kids if not (m := _TAG.match(c)) or m.group(1) not in rank)
        raise ValueError(f"not a child of w:{kind} in wml.ORDER: {bad[:60]}") from None
    return "".join(kids)


def props(kind: str, *children: str) -> str:
    """`<w:{kind}>` holding `children` in schema order; "" if there are none."""
    inner = ordered(kind, *children)
    return f"<w:{kind}>{inner}</w:{kind}>" if inner else ""


def el(tag: str, **attrs: object) -> str:
    """An empty `w:` element; attributes given as val="x" → w:val="x" (None is left out)."""
    if not attrs:
        return f"<w:{tag}/>"
    a = "".join(f' w:{k}="{attr(str(v))}"' for k, v in attrs.items() if v is not None)
    return f"<w:{tag}{a}/>"


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Strip characters XML 1.0 forbids; normalise line ends to \\n."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def esc(text: str) -> str:
    """Escape character data (text already `clean`)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """Escape an attribute value (double-quoted), cleaning it too."""
    text = esc(clean(text))
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text or "\t" in text:   # a parser would normalise them to spaces
        text = text.replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def text_runs(text: str, rpr: str = "") -> str:
    """One `w:r` for `text`: "\\n" becomes `w:br`, "\\t" `w:tab`; leading/trailing spaces kept."""
    text = clean(text)
    if "\n" not in text and "\t" not in text:
        if not text:
            return f"<w:r>{rpr}</w:r>" if rpr else ""
        return f"<w:r>{rpr}{_t(text)}</w:r>"
    out = [f"<w:r>{rpr}"]
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(_t(piece))
    out.append("</w:r>")
    return "".join(out)


def _t(s: str) -> str:
    if s[0] == " " or s[-1] == " ":
        return f'<w:t xml:space="preserve">{esc(s)}</w:t>'
    return f"<w:t>{esc(s)}</w:t>"
