"""The report markup a format's template writes, one paragraph per line, → document blocks.

    # ## ### ####      headings; the program numbers them by the format's numbering styles
    - text             an item, numbered one level below the current heading
    @title [text]      the title (without text: the format's report.title, in unbreakable parts)
    @cover text        a cover line            @plain text / @right text   unindented / right-aligned
    @blank             an empty line           @pagebreak                  a new page
    @signature text    the 署名 under the body @date text                  its 成文日期
    @attachment text   one line of the 附件 list ("附件：1.名称", then "2.名称")
    @body              what came before is the cover
    anything else      a body paragraph; **bold** inside any line; \\X is a literal X

Headings and items are numbered here, never typed, so numbers cannot skip. Clerk text reaches
the template escaped (sandbox.escape), so it is never read as markup.
"""
from __future__ import annotations

import re

from jixiao.render.document import Block, PageBreak, Paragraph, Run

_CN_DIGITS = "〇一二三四五六七八九"
DIRECTIVES = ("title", "cover", "blank", "plain", "right", "pagebreak", "signature", "date",
              "attachment", "body")


class MarkupError(Exception):
    """A line the markup cannot take; the message is Chinese."""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百, 101 → 一百零一."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                     (_CN_DIGITS[1] if rest < 20 else "") + chinese_number(rest))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"


DEFAULT_NUMBERING = ("{cn}、", "（{cn}）", "{n}.", "（{n}）", "{circled}")


def number_label(level: int, n: int, styles: tuple[str, ...] = DEFAULT_NUMBERING) -> str:
    """The sequence number of the n-th heading or item at a level (1-based), by the styles."""
    style = styles[min(level, len(styles)) - 1]
    return style.replace("{cn}", chinese_number(n)).replace("{n}", str(n)).replace("{circled}", circled(n))


# numbering a clerk typed at the start of a 小标题 or paragraph that the program numbers itself, in
# any style an outline uses: 一、 （一） 1. 1． 1、 1） （1） ① — not a figure (2023.防汛, 10.5万吨)
_TYPED_NUMBER = re.compile(
    r"^[ \t\u3000]*(?:[（(](?:[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.．](?![0-9〇零一二三四五六七八九十])"
    r"|[0-9０-９]{1,2}(?:[、)）]|[.．](?![0-9０-９]))"
    r"|[\u2460-\u2473])[ \t\u3000]*")


def unnumbered(text: str) -> str:
    """`text` without the number a clerk typed before it ("（一）基层治理有新成效。" →
    "基层治理有新成效。"), so the program's own number is not doubled."""
    rest = _TYPED_NUMBER.sub("", text, count=1)
    return rest if rest.strip() else text


def runs(text: str) -> tuple[Run, ...]:
    """Inline: `**bold**` toggles bold, `\\X` is a literal X."""
    out: list[Run] = []
    buf: list[str] = []
    bold, i = False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            if buf:
                out.append(Run("".join(buf), bold))
            buf, bold = [], not bold
            i += 2
            continue
        buf.append(c)
        i += 1
    if buf:
        out.append(Run("".join(buf), bold))
    return tuple(out) or (Run(""),)


def parse(text: str, numbering: tuple[str, ...] = DEFAULT_NUMBERING,
          title: tuple[str, ...] = ()) -> tuple[list[Block], list[Block]]:
    """Markup → (cover blocks, body blocks). `title` is the format's title in unbreakable parts
    (what a bare `@title` stands for)."""
    body: list[Block] = []
    cover: list[Block] = []
    counters = [0] * 9        # index = level
    depth = 0                 # level of the last heading
    saw_body = False
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("@"):
            word, _, rest = line[1:].partition(" ")
            rest = rest.strip()
            if word == "body":
                if saw_body:
                    raise MarkupError(f"模板输出的第{number}行：@body 只能出现一次")
                cover, body, saw_body = body, [], True
            elif word == "title":
                body.append(Paragraph("title", runs(rest) if rest else tuple(Run(t) for t in title if t)))
            elif word == "blank":
                body.append(Paragraph("plain", (Run(""),)))
            elif word == "pagebreak":
                body.append(PageBreak())
            elif word in ("cover", "plain", "right", "signature"):
                body.append(Paragraph(word, runs(rest)))
            elif word == "date":
                body.append(Paragraph("signature-date", runs(rest)))
            elif word == "attachment":
                body.append(Paragraph("attachment-list", runs(rest)))
            else:
                raise MarkupError(f"模板输出的第{number}行：无法识别的指令“@{word[:20]}”"
                                  f"（可用：{' '.join('@' + d for d in DIRECTIVES)}）")
            continue
        m = re.match(r"^(#{1,4}) +(.*)$", line)
        if m:
            level = len(m.group(1))
            counters[level] += 1
            counters[level + 1:] = [0] * (len(counters) - level - 1)
            depth = level
            body.append(Paragraph(f"heading{level}",
                                  (Run(number_label(level, counters[level], numbering)),) + runs(m.group(2).strip())))
            continue
        if line.startswith("- "):
            level = min(depth + 1, 8)
            counters[level] += 1
            counters[level + 1:] = [0] * (len(counters) - level - 1)
            item = runs(line[2:].strip())
            body.append(Paragraph("body", (Run(number_label(level, counters[level], numbering), item[0].bold),) + item))
            continue
        body.append(Paragraph("body", runs(line.strip(" \t"))))
    return (cover, body) if saw_body else ([], body)
