"""Render: a format's Jinja templates and settings → the laid-out `Report` (document.py).

The template (`report.template`, default report.txt.j2) writes the cover and the body in the
report markup (markup.py); the attachment tables come from forms.py; the format's `[parts]`
settings put them in order (report first, or the tables first and the report as the last 附件).
Templates run in the sandbox (formats/sandbox.py). Every name a template can use is declared in
CONTEXT and FILTERS below, and docs/formats.md documents each one (a test checks).
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

import jinja2
from jinja2 import nodes

from jixiao import fmt as F
from jixiao.score.figures import Figures, named_figures
from jixiao.render.document import Block, Paragraph, Report, Section
from jixiao.formats.load import Format, FormatError
from jixiao.formats.patterns import fill_pattern
from jixiao.render.forms import attachments, labelled
from jixiao.render.restate import restatements
from jixiao.render.markup import MarkupError, chinese_number, parse, unnumbered
from jixiao.messages import Message, warning
from jixiao.model import Workbook
from jixiao.formats.sandbox import LimitExceeded, OutsideFolder, SafeEnvironment, escape, locate, new_environment

BLANK_DATE = "年　　月　　日"     # a date the clerk left blank: filled in by hand when stamped


def lead(text: str) -> str:
    """A lead phrase ends with punctuation: "党建引领有新成效" → "党建引领有新成效。"."""
    return text if not text or text[-1] in "。！？：；，、.!?:;" else text + "。"


def date_or_blank(d: date | None) -> str:
    return F.date_cn(d) or BLANK_DATE


FILTERS: dict[str, tuple[Any, str]] = {
    "money": (F.money, "金额、得分：两位小数，四舍五入（1506.955 → 1506.96）"),
    "score": (F.money, "同 money"),
    "pct": (F.pct, "比率 → 百分数，两位小数（0.4865 → 48.65%）"),
    "number": (F.number, "分值：整数不带小数（40 → 40，2.5 → 2.50）"),
    "date_cn": (date_or_blank, "日期 → 2025年4月28日；空日期 → 年　　月　　日"),
    "lead": (lead, "小标题末尾补句号"),
    "unnumbered": (unnumbered, "去掉填表人在段首自己打的编号（一、（一）1.（1）1、①），程序编号时不重复"),
    "cn": (chinese_number, "整数 → 中文数字（12 → 十二）"),
}

CONTEXT: dict[str, str] = {
    "year": "年度（整数）",
    "last_year": "上一年度",
    "unit": "单位名称",
    "title": "报告标题（report.title 填好后的文字）",
    "format": "报告格式名称",
    "words": "format.toml [words] 中的措辞，如 words.whole",
    "scoring": "评分规则：scoring.show_total、scoring.total、scoring.budget_in_total",
    "info": "基本信息：info.department 主管部门、info.filled_by 填表人、info.phone 联系电话、info.head 单位负责人、"
            "info.fill_date 填报日期、info.report_date 报告日期、info.staff_quota 编制数、info.staff_actual 实际在职人数、"
            "info.staff_actual_last 上年实际在职人数、info.extra[\"项目\"] 基本信息中其他行",
    "f": "f(\"资金情况的项目\")：该行金额（Decimal，空为 none），如 f(\"全年执行数\")",
    "fnote": "fnote(\"资金情况的项目\")：该行的说明",
    "texts": "texts(\"章节\")：报告正文中该章节的段落列表，每段有 .lead 小标题、.content 内容",
    "fig": "全部计算结果：fig.staff_rate 控制率、fig.evaluation、fig.projects、fig.basic、fig.budget_tables",
    "ev": "整体支出自评：ev.budget（.initial .budget .actual .weight .rate .score）、ev.levels（每个一级指标 "
          ".name .weight .score .rows）、ev.total 总分、ev.grade 等级、ev.full 满分",
    "projects": "项目列表：每个有 .project（.name .note 绩效说明 …）、.initial 年初预算、.increase 年中调增、"
                ".budget 全年预算、.actual 全年执行、.balance 结余结转、.evaluation（无指标时为 none）",
    "basic_projects": "基础数据表的项目支出明细行：每行 .row.label 名称、.values[0..2] 上年决算数/本年预算数/本年决算数",
    "basic_project_total": "基础数据表“项目支出”本年决算数（留空时为明细之和）",
    "budget_tables": "预算支出情况表：{类型: 表}，表有 .total .basic .project 合计",
    "goals": "年度目标：每条有 .expected 预期目标、.achieved 实际完成情况",
    "attachments": "附件列表：每项有 .number 序号、.title 标题、.kind 种类（basic/evaluation/project/budget），"
                   "按本报告中的顺序；报告本身作为附件时不含它",
    "report_number": "报告作为最后一个附件时的序号（parts.order = \"attachments-first\"），否则为 none",
    "report_date": "成文日期：报告日期，没填时为填报日期（date_cn 之后为 2025年4月28日，都没填时为 年　　月　　日）",
}


# ---------------------------------------------------------------- environments, cached per process

_environments: dict[tuple, SafeEnvironment] = {}


def environment(fm: Format) -> SafeEnvironment:
    """One sandboxed environment per format chain for the whole process: each template is
    compiled once, however many workbooks a worker builds."""
    key = tuple((n, str(p)) for n, p in fm.chain)
    env = _environments.get(key)
    if env is None:
        env = new_environment(list(fm.chain), {k: fn for k, (fn, _) in FILTERS.items()})
        _environments[key] = env
    return env


def title_parts(pattern: str, year: int | None, unit: str) -> tuple[str, ...]:
    """The filled title cut where a line may break: the unit name stays whole, text around it
    stays with its neighbour ("{year}年度" | "{unit}" | "整体支出绩效自评报告")."""
    values = {"year": year if year else "", "unit": unit, "last_year": year - 1 if year else ""}
    pieces = pattern.split("{unit}")
    parts: list[str] = []
    for i, piece in enumerate(pieces):
        if piece:
            parts.append(fill_pattern(piece, **values))
        if i + 1 < len(pieces):
            parts.append(unit)
    return tuple(p for p in parts if p)


def _template_context(wb: Workbook, fig: Figures, fm: Format, atts: list[dict], report_number: int | None,
                      title: str, asked: set[str]) -> dict[str, Any]:
    year = wb.info.year

    def texts(section: str):
        asked.add(section)       # a 小标题 is always numbered by the program: a typed number goes
        return [dataclasses.replace(t, lead=unnumbered(t.lead)) for t in wb.texts_of(section)]

    basic_projects = [b for b in fig.basic if b.row.is_project]
    return dict(
        year=year, last_year=year - 1 if year else None, unit=escape(wb.info.unit_name),
        title=escape(title), format=fm.name, words=fm["words"],
        scoring={"show_total": fm.scoring.show_total, "total": fm.scoring.total,
                 "budget_in_total": fm.scoring.budget_in_total},
        info=wb.info, fig=fig, ev=fig.evaluation, projects=fig.projects,
        f=wb.funds.get, fnote=lambda label: escape(wb.funds.note(label)),
        texts=texts,
        basic_projects=basic_projects, basic_project_total=fig.basic_value("项目支出", 2),
        budget_tables=fig.budget_tables, goals=wb.goals, attachments=atts, report_number=report_number,
        report_date=wb.info.report_date or wb.info.fill_date,
    )


def explain(e: BaseException, env: SafeEnvironment) -> str:
    """A template error in the words of the format reference, with Jinja's own words after."""
    msg = getattr(e, "message", None) or str(e) or type(e).__name__
    said = None
    if m := re.match(r"'(\w+)' is undefined", msg):
        said = (f"名称“{m[1]}”没有定义（拼写是否有误？用标准句子要先写 "
                f"{{% import \"macros.j2\" as m with context %}} 或 {{% extends \"default/report.txt.j2\" %}}）")
    elif m := re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", msg):
        said = (f"标准句子（macros.j2）中没有宏“{m[2]}”" if m[1] == "TemplateModule"
                else f"“{m[1]}”没有“{m[2]}”这一项（模板可用的数据见 docs/formats.md 4.3）")
    elif m := re.match(r"No filter named '(\w+)'", msg):
        said = f"没有名为“{m[1]}”的过滤器（可用：{'、'.join(sorted(env.filters))}）"
    elif m := re.match(r"No test named '(\w+)'", msg):
        said = f"没有名为“{m[1]}”的测试（如 is none、is defined）"
    elif m := re.match(r"access to attribute '(\w+)' of '(\w+)' object is unsafe", msg):
        said = f"模板不能使用“{m[1]}”（沙箱不允许）"
    elif m := re.match(r"Encountered unknown tag '(\w+)'", msg):
        said = f"不认识或放错位置的标签“{m[1]}”（if/for/block/macro 与 endif/endfor/endblock/endmacro 是否一一对应？）"
    elif isinstance(e, jinja2.TemplateSyntaxError):
        said = "模板语法有误"
    if isinstance(e, (LimitExceeded, OutsideFolder)) or said is None:
        return msg[:300]
    return f"{said}（{msg[:200]}）"


def _check_blocks(env: SafeEnvironment, name: str) -> None:
    """A template that extends another may only override blocks the other has: a misspelt block
    is printed nowhere (Jinja ignores it), so it is an error here, at its line."""
    def parsed(n: str):
        source, filename, _ = env.loader.get_source(env, n)
        return env.parse(source, n, filename), filename

    def parent_of(ast):
        ext = next(ast.find_all(nodes.Extends), None)
        return ext.template.value if ext is not None and isinstance(ext.template, nodes.Const) else None

    def blocks(n: str, depth: int = 0) -> set[str]:
        ast, _ = parsed(n)
        own = {b.name for b in ast.find_all(nodes.Block)}
        parent = parent_of(ast)
        return own | (blocks(parent, depth + 1) if parent and depth < 10 else set())

    ast, filename = parsed(name)
    parent = parent_of(ast)
    if parent is None:
        return
    known = blocks(parent)
    for node in ast.body:
        if isinstance(node, nodes.Block) and node.name not in known:
            raise FormatError(f"{filename}:{node.lineno}",
                              f"block “{node.name}”在所继承的“{parent}”中没有，这一段不会印出",
                              f"可改写的 block：{'、'.join(sorted(known))}。请检查拼写。")


def _template_text(fm: Format, context: dict[str, Any]) -> str:
    env = environment(fm)
    name = fm["report.template"]
    folders = [p for _, p in fm.chain]
    try:
        if name not in env.checked:
            _check_blocks(env, name)
            env.checked.add(name)
        return env.render(env.get_template(name), context)
    except FormatError:
        raise
    except jinja2.TemplateNotFound as e:
        raise FormatError(str(fm.folder), f"找不到模板文件“{e.name}”",
                          "请检查 format.toml 的 report.template 和模板中的 include/extends/import。") from None
    except RecursionError as e:
        where, line = locate(e, folders)
        raise FormatError(f"{where}:{line}" if line else where or str(fm.folder), "模板递归过深（宏调用自己没有终止）",
                          "请检查模板中的宏。") from None
    except Exception as e:  # noqa: BLE001 — anything a template does wrong is the format's fault
        where, line = locate(e, folders)
        raise FormatError(f"{where}:{line}" if line else (where or str(fm.folder)), f"模板有误：{explain(e, env)}",
                          "请对照格式参考（docs/formats.md；jixiao formats 显示它在本机的位置）改正该行；改不好时可清空基本信息的“报告模板”改用默认格式。") from None


def render(wb: Workbook, fig: Figures, fm: Format, notes: list[Message] | None = None) -> Report:
    """The whole report, in the order the format's [parts] asks for. `notes` receives a warning
    for each 报告正文 章节 the clerk filled in that the format's templates never print."""
    info, year = wb.info, wb.info.year
    values = {"year": year if year else "", "unit": info.unit_name, "last_year": year - 1 if year else ""}
    title = fill_pattern(fm["report.title"], **values)
    atts = attachments(wb, fig, fm)
    first = fm["parts.first_attachment"]
    tables_first = fm["parts.order"] == "attachments-first"
    report_number = first + len(atts) if tables_first else None
    listed = [{"number": first + i, "title": escape(a.title), "kind": a.kind} for i, a in enumerate(atts)]
    asked: set[str] = {"厉行节约保障措施"} if any(a.kind == "basic" for a in atts) else set()
    text = _template_text(fm, _template_context(wb, fig, fm, listed, report_number, title, asked))
    if notes is not None:
        for section in dict.fromkeys(t.section for t in wb.texts if t.section not in asked):
            row = next(t for t in wb.texts if t.section == section)
            notes.append(warning(row.refs.get("章节", "报告正文"),
                                 f"报告格式“{fm.name}”的报告中没有“{section}”一节，该章节的段落不会写入报告",
                                 "请把这些段落改填到报告中有的章节，或换用包含该章节的报告格式。"))
    try:
        cover, body = parse(text, tuple(fm["numbering.levels"]), title_parts(fm["report.title"], year, info.unit_name))
    except MarkupError as e:
        raise FormatError(str(fm.folder / fm["report.template"]), str(e),
                          "模板每行开头的 @ 指令见 docs/formats.md。") from None
    if notes is not None:
        notes += restatements(wb.texts, ["".join(r.text for r in b.runs) for b in body
                                         if isinstance(b, Paragraph) and b.kind == "body"])
    tables: list[Block] = [b for i, a in enumerate(atts) for b in labelled(a, first + i)]
    if not fm["parts.cover"]:            # no cover page: what the template has for one is left out
        cover = []
    stamp = fm["layout.stamp"]
    body = [dataclasses.replace(b, stamp=stamp) if isinstance(b, Paragraph) and
            b.kind in ("signature", "signature-date") else b for b in body]
    sections: list[Section] = []
    if tables_first:
        if tables:
            sections.append(Section(tuple(tables)))
        label = Paragraph.of("attachment-label", f"附件{report_number}")
        if cover:
            sections += [Section((label, *cover), numbered=False), Section(tuple(body))]
        else:
            sections.append(Section((label, *body)))
    else:
        if cover:
            sections.append(Section(tuple(cover), numbered=False))
        sections.append(Section(tuple(body) + tuple(tables)))
    created = info.report_date or info.fill_date or date(year or 2000, 12, 31)
    figures = tuple((f.name, F.figure(f.value, f.kind)) for f in named_figures(wb, fig))
    return Report(title, info.unit_name, created, tuple(sections), figures, fm["layout.duplex"])


def report_filename(fm: Format, year: int | None, unit: str) -> str:
    """The report's file name by the format's pattern (without folder; made safe by the caller)."""
    return fill_pattern(fm["report.file_name"], year=year if year else "", unit=unit,
                last_year=year - 1 if year else "")


__all__ = ["render", "FILTERS", "CONTEXT", "BLANK_DATE", "title_parts", "report_filename"]
