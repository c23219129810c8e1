"""Render: the report's narrative and outline from a Jinja2 text template in templates/<name>/.

The template writes one paragraph per line in a small markup (see templates/default/report.txt.j2):
`# ## ### ####` headings, `- ` numbered items, `@title/@cover/@blank/@right/@plain/@body`
directives, `**bold**`. Heading and item numbers (一、（一）1.（1）) are computed here, never typed,
so they cannot skip. Every string from the workbook is escaped before the template sees it, so a
clerk's "# 注意" or "- 一是" stays text.
"""
from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import jinja2

from .compute import Figures, Settings, named_figures
from .document import Block, Paragraph, Report, Run
from .fmt import date_cn, figure, money, pct
from .forms import Attachment, attachments
from .model import Workbook

DEFAULT = "default"
_CN_DIGITS = "〇一二三四五六七八九"


def templates_root() -> Path:
    """templates/ beside src/ (a checkout), else ./templates."""
    here = Path(__file__).resolve().parents[2] / "templates"
    return here if here.is_dir() else Path.cwd() / "templates"


class TemplateError(Exception):
    """A template that cannot be used: the message is Chinese and says what to do."""


# ---------------------------------------------------------------- numbers as text

def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def number_label(level: int, n: int) -> str:
    """The 公文 sequence number of the n-th item at a level: 一、（一）1.（1）①."""
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return chr(0x2460 + n - 1) if n <= 20 else f"{n})"


def score(d: Decimal | None) -> str:
    return money(d)


def lead(text: str) -> str:
    """A lead phrase ends with punctuation: "党建引领有新成效" → "党建引领有新成效。"."""
    return text if not text or text[-1] in "。！？：；，、.!?:;" else text + "。"


# ---------------------------------------------------------------- escaping clerk text

_MARK_START = re.compile(r"^([#@-])", re.M)


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    return _MARK_START.sub(r"\\\1", text)


def escaped(obj):
    """A copy of a model/figures object with every string escaped for the markup."""
    if isinstance(obj, str):
        return escape(obj)
    if isinstance(obj, list):
        return [escaped(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(escaped(x) for x in obj)
    if isinstance(obj, dict):
        return {k: escaped(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return type(obj)(**{f.name: escaped(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
    return obj


# ---------------------------------------------------------------- the markup

def _runs(text: str) -> tuple[Run, ...]:
    """Inline: `**bold**` toggles bold, `\\X` is a literal X."""
    runs: list[Run] = []
    buf, bold, i = [], False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            if buf:
                runs.append(Run("".join(buf), bold))
            buf, bold = [], not bold
            i += 2
            continue
        buf.append(c)
        i += 1
    if buf:
        runs.append(Run("".join(buf), bold))
    return tuple(runs) or (Run(""),)


def parse_markup(text: str) -> tuple[list[Block], list[Block]]:
    """Markup → (cover blocks, body blocks). Numbers headings and items by level."""
    cover: list[Block] = []
    body: list[Block] = []     # blocks go here until @body moves them to the cover
    out = body
    counters = [0] * 8        # index = level
    depth = 0                 # level of the last heading
    saw_body = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("@"):
            word, _, rest = line[1:].partition(" ")
            if word == "body":       # what came so far was the cover
                cover, body, saw_body = body, [], True
                out = body
                continue
            kind = {"title": "title", "cover": "cover", "blank": "plain", "right": "right",
                    "plain": "plain"}.get(word)
            if kind is None:
                raise TemplateError(f"模板中有无法识别的指令“@{word}”，可用：@title @cover @blank @right @plain @body")
            out.append(Paragraph(kind, _runs(rest.strip()) if word != "blank" else (Run(""),)))
            continue
        m = re.match(r"^(#{1,4}) +(.*)$", line)
        if m:
            level = len(m.group(1))
            counters[level] += 1
            for k in range(level + 1, len(counters)):
                counters[k] = 0
            depth = level
            out.append(Paragraph(f"heading{level}",
                                 (Run(number_label(level, counters[level])),) + _runs(m.group(2).strip())))
            continue
        if line.startswith("- "):
            level = min(depth + 1, 7)
            counters[level] += 1
            for k in range(level + 1, len(counters)):
                counters[k] = 0
            runs = _runs(line[2:].strip())
            out.append(Paragraph("body", (Run(number_label(level, counters[level]), runs[0].bold),) + runs))
            continue
        out.append(Paragraph("body", _runs(line.strip(" \t"))))
    return (cover, body) if saw_body else ([], body)


# ---------------------------------------------------------------- template and context

@dataclass(frozen=True)
class Template:
    name: str
    folder: Path
    settings: Settings
    titles: dict[str, str]


def load_template(name: str = "") -> Template:
    name = name or DEFAULT
    root = templates_root()
    folder = (root / name).resolve()
    if not re.fullmatch(r"[\w\u4e00-\u9fff.-]+", name) or ".." in name or not folder.is_dir():
        known = "、".join(sorted(p.name for p in root.iterdir() if p.is_dir())) if root.is_dir() else ""
        raise TemplateError(f"找不到报告模板“{name}”（应为 templates/ 下的文件夹；现有：{known or '无'}）")
    try:
        conf = tomllib.loads((folder / "settings.toml").read_text("utf-8")) \
            if (folder / "settings.toml").is_file() else {}
        default = tomllib.loads((root / DEFAULT / "settings.toml").read_text("utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as e:
        raise TemplateError(f"模板“{name}”的 settings.toml 无法读取：{e}") from None
    scoring = {**default.get("scoring", {}), **conf.get("scoring", {})}
    titles = {**default.get("attachments", {}), **conf.get("attachments", {})}
    over = str(scoring.get("over_budget", "full"))
    if over not in ("full", "deduct"):
        raise TemplateError(f"模板“{name}”的 over_budget 应为 \"full\" 或 \"deduct\"，现为“{over}”")
    settings = Settings(over_budget=over, budget_weight=Decimal(str(scoring.get("budget_weight", 10))))
    return Template(name, folder, settings, titles)


def _environment(tpl: Template) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([str(tpl.folder), str(templates_root() / DEFAULT)])
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True)
    env.filters.update(money=money, pct=pct, score=score, date_cn=date_cn, lead=lead)
    return env


def render(wb: Workbook, fig: Figures, tpl: Template) -> Report:
    """The whole report: cover, body from the template, then the attachments."""
    atts: list[Attachment] = attachments(wb, fig, tpl.titles)
    e_wb, e_fig = escaped(wb), escaped(fig)
    year = wb.info.year
    basic_projects = [dataclasses.replace(b.row, actual=b.values[2]) for b in e_fig.basic if b.row.is_project]
    context = dict(
        year=year, unit=e_wb.info.unit_name, info=e_wb.info, fig=e_fig, ev=e_fig.evaluation,
        f=wb.funds.get, fnote=lambda label: escape(wb.funds.note(label)),
        texts=e_wb.texts_of, projects=e_fig.projects,
        basic_projects=basic_projects,
        basic_project_total=sum((b.actual for b in basic_projects if b.actual is not None), Decimal(0)),
        attachments=[escape(a.title) for a in atts],
    )
    try:
        text = _environment(tpl).get_template("report.txt.j2").render(context)
    except jinja2.TemplateError as e:
        where = f"第{e.lineno}行" if getattr(e, "lineno", None) else ""
        raise TemplateError(f"模板“{tpl.name}”的 report.txt.j2 {where}有误：{e.message}") from None
    cover, body = parse_markup(text)
    for a in atts:
        body.extend(a.blocks)
    title = f"{year}年度{wb.info.unit_name}整体支出绩效自评报告"
    created = wb.info.report_date or wb.info.fill_date or date(year or 2000, 12, 31)
    figures = tuple((f.name, figure(f.value, f.kind)) for f in named_figures(wb, fig))
    return Report.of(title, wb.info.unit_name, created, tuple(cover), tuple(body), figures)
