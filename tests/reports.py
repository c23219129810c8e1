"""Hand-built Reports for the writer's tests: the shapes the formats produce, with the new
paragraph kinds (title segments, 附件说明, 署名 and 成文日期) and a form continued in a second table."""
from __future__ import annotations

from datetime import date

from jixiao.render.document import Cell, PageBreak, Paragraph, Report, Row, Run, Section, Table

UNIT = "岳阳市岳阳楼区梅溪街道办事处"
YEAR = 2024
TEXT = ("街道办事处的主要职能为指导、搞好辖区内居委会的工作，支持、帮助居委会加强思想、组织、制度建设，"
        "向上级人民政府和有关部门及时反映居民的意见、建议和要求。负责辖区内水库大坝、内河交通等安全管理、"
        "监督检查及事故应急处理，以及河道管理；负责组织开展辖区内动物疫病预防控制、强制免疫工作。")
FIGURES = (("资金情况 全年预算数", "3911.21"), ("资金情况 全年执行数", "1902.68"), ("执行率", "48.65%"),
           ("总分", "94.87"), ("等级", "优"))
EVAL_WIDTHS = (12.0, 14.0, 14.0, 24.0, 17.0, 17.0, 17.0, 17.0, 24.0)


def title() -> Paragraph:
    return Paragraph("title", (Run(f"{YEAR}年度"), Run(UNIT), Run("整体支出绩效自评报告")))


def C(text: str = "", colspan: int = 1, rowspan: int = 1, bold: bool = False, align: str = "center") -> Cell:
    return Cell(text, colspan, rowspan, align, bold)  # type: ignore[arg-type]


def N(text: str) -> Cell:
    return Cell(text, align="right")


def evaluation_table(indicator_rows: int = 40, goal: str = "致力务实担当，自身建设全面加强。") -> Table:
    """The 自评表 as a table continued by a second one: unit/budget/goals, then the indicators
    under a heading row that repeats on every continuation page."""
    top = (
        Row((C("区级预算部门（单位）名称", 3, bold=True), C(UNIT, 6, align="left")), header=True),
        Row((C("年度预算申请（万元）", rowspan=2, bold=True), C("", 2), C("年初预算数", bold=True),
             C("全年预算数", bold=True), C("全年执行数", bold=True), C("分值", bold=True), C("执行率", bold=True),
             C("得分", bold=True))),
        Row((C("年度资金总额", 2), N("2402.15"), N("3911.21"), N("1902.68"), N("10.00"), N("48.65%"), N("4.87"))),
        Row((C("年度总体目标", rowspan=2, bold=True), C("预期目标", 4, bold=True), C("实际完成情况", 4, bold=True))),
        Row((C(goal, 4, align="left"), C(goal, 4, align="left"))),
    )
    heading = Row(tuple(C(h, bold=True) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                                  "分值", "得分", "偏差原因分析及改进措施")), header=True)
    rows = [heading]
    for i in range(indicator_rows):
        lead = (C(f"产出指标{i // 4 + 1}", rowspan=min(4, indicator_rows - i)),) if i % 4 == 0 else ()
        rows.append(Row(lead + (C(f"数量指标{i}"), C(f"全年在区级及以上媒体上稿篇数{i}", align="left"),
                                C("≥100篇"), C("160篇"), N("100.00"), N("100.00"), C(""))))
    bottom = Table((12.0 + 14.0,) + EVAL_WIDTHS[2:], tuple(rows))
    return Table(EVAL_WIDTHS, top, continued=bottom)


def full(stamp: bool = False, duplex: bool = True, indicator_rows: int = 40, body_paragraphs: int = 12,
         attachments: tuple[str, ...] = (f"{YEAR}年度部门（单位）整体支出绩效评价基础数据表",
                                         f"{YEAR}年度部门（单位）整体支出绩效自评表"),
         date_text: str = "2025年4月28日") -> Report:
    """A whole report: cover, body with headings, 附件说明, 署名 and date, then a 自评表 attachment."""
    cover = (Paragraph.of("plain", ""), Paragraph.of("plain", ""), title(),
             *[Paragraph.of("plain", "") for _ in range(6)],
             Paragraph.of("cover", f"部门（单位）名称：{UNIT}（盖章）"), Paragraph.of("cover", "年　　月　　日"))
    body = [title(), Paragraph.of("plain", ""), Paragraph.of("heading1", "一、部门（单位）基本情况"),
            Paragraph.of("heading2", "（一）职能职责")]
    body += [Paragraph.of("body", TEXT) for _ in range(body_paragraphs)]
    body.append(Paragraph("heading3", (Run("1.党政办公室。", bold=True), Run(TEXT))))
    body.append(Paragraph.of("heading4", "（1）公用经费"))
    for n, name in enumerate(attachments, start=1):
        body.append(Paragraph.of("attachment-list", f"{'附件：' if n == 1 else ''}{n}.{name}"))
    body.append(Paragraph.of("signature", UNIT, stamp=stamp))
    body.append(Paragraph.of("signature-date", date_text, stamp=stamp))
    body += [PageBreak(), Paragraph.of("attachment-label", "附件2"),
             Paragraph.of("table-title", f"{YEAR}年度部门（单位）整体支出绩效自评表"), evaluation_table(indicator_rows),
             Paragraph.of("table-note", "填表人：冯金彪　填报日期：2025.7.11　联系电话：0730-8212768　单位负责人签字：刘卫华")]
    return Report(f"{YEAR}年度{UNIT}整体支出绩效自评报告", UNIT, date(2025, 4, 28),
                  (Section(cover, numbered=False), Section(tuple(body))), FIGURES, duplex)
