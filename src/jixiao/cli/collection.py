"""The bureau's collection, as plain functions over a run's results (no click: the web page's
collection point calls the same ones). One place computes each unit's status (`unit_status`), and
every output — the 汇总 sheets (`summary_rows`), the feedback files (`feedback_for`), the bundle
(bundle.py) and the console's final table (show.py) — takes it from the `Entry`s `entries` makes:

- 已生成 / 已生成（有警告）: this run wrote the report (or found it current) — building only;
- 可生成 / 可生成（有警告）: no errors (summary and check write no report);
- 未生成：有错误, 未生成：重复 (two or more workbooks name the unit and year: publish.py),
  无法读取 (the file could not be opened or read), 未提交 (on the roster, no workbook).

With a roster (read/roster.py), a workbook whose unit is not on it gets a warning naming the
nearest roster name when that is a likely typo (`near_name`), and each roster unit with no
workbook is an entry of its own.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.cli.job import Result, Status
from jixiao.filenames import safe_filename
from jixiao.messages import LEVELS, Message, warning
from jixiao.read.roster import RosterUnit, name_key
from jixiao.score.compare import score_change

if TYPE_CHECKING:          # openpyxl only when a workbook is written: a build never imports it
    from jixiao.workbooks.feedback import Feedback
    from jixiao.workbooks.summary import SummaryRow

NEAR_NAME_RATIO = 0.6        # difflib ratio from which a name not on the roster is "likely a typo of"


class UnitStatus(Enum):
    """A unit's status, its words in every output and its colour (the cell fill in 汇总)."""
    WRITTEN = ("已生成", "C6EFCE")
    WRITTEN_WARNINGS = ("已生成（有警告）", "E2EFDA")
    READY = ("可生成", "C6EFCE")
    READY_WARNINGS = ("可生成（有警告）", "E2EFDA")
    ERRORS = ("未生成：有错误", "FFC7CE")
    DUPLICATE = ("未生成：重复", "F8CBAD")
    UNREADABLE = ("无法读取", "D9D9D9")
    MISSING = ("未提交", "FFEB9C")

    @property
    def text(self) -> str:
        return self.value[0]

    @property
    def colour(self) -> str:
        return self.value[1]

    @property
    def final(self) -> bool:
        """Whether the unit's 总分 is final: its report was (or can be) written."""
        return self in (UnitStatus.WRITTEN, UnitStatus.WRITTEN_WARNINGS, UnitStatus.READY,
                        UnitStatus.READY_WARNINGS)


# What the unit is asked to do, by status (the feedback file's first lines).
TODO = {
    UnitStatus.WRITTEN: "报告已生成，无需处理。",
    UnitStatus.WRITTEN_WARNINGS: "报告已生成。请核对下列警告：如确有错漏，改正工作簿后重新提交。",
    UnitStatus.READY: "工作簿检查通过，无需处理。",
    UnitStatus.READY_WARNINGS: "工作簿检查通过。请核对下列警告：如确有错漏，改正工作簿后重新提交。",
    UnitStatus.ERRORS: "报告未生成。请按下列问题逐条改正工作簿（位置为“工作表!单元格”），然后重新提交。",
    UnitStatus.DUPLICATE: "收到本单位同一年度的多个工作簿，无法判断哪一个正确，报告未生成。"
                          "请确认正确的一份，只提交这一份。",
    UnitStatus.UNREADABLE: "工作簿无法读取，报告未生成。请按下列说明处理（通常是在 Excel/WPS 中另存为 .xlsx），"
                           "然后重新提交。",
    UnitStatus.MISSING: "尚未收到本单位的绩效自评工作簿。请填好后提交（空白工作簿可向主管部门索取）。",
}


@dataclass
class Entry:
    """One line of the collection: a workbook, or a roster unit with none."""
    status: UnitStatus
    unit: str                                 # the workbook's 单位名称, or the roster's
    year: int | None = None
    shown: str = ""                           # the workbook, "" for 未提交
    result: Result | None = None
    roster: RosterUnit | None = None          # its roster line, when it is on the roster
    roster_note: str = ""                     # 名单: "" on it (or no roster), else what is wrong
    last: Decimal | None = None               # 上年总分 (--compare)

    @property
    def report(self) -> str:
        """The report file written ("" unless 已生成)."""
        ok = self.status in (UnitStatus.WRITTEN, UnitStatus.WRITTEN_WARNINGS)
        return self.result.outcome.filename if ok and self.result is not None else ""

    @property
    def total(self) -> Decimal | None:
        """The 总分, only when it is final."""
        return self.result.outcome.total if self.status.final and self.result is not None else None

    @property
    def grade(self) -> str:
        return self.result.outcome.grade if self.status.final and self.result is not None else ""

    @property
    def change(self) -> Decimal | None:
        return score_change(self.total, self.last)

    @property
    def messages(self) -> list[Message]:
        return self.result.outcome.messages if self.result is not None else []

    @property
    def errors(self) -> int:
        return self.result.errors if self.result is not None else 0

    @property
    def warnings(self) -> int:
        return self.result.warnings if self.result is not None else 0


def unit_status(res: Result, building: bool) -> UnitStatus:
    """The one computation of a workbook's status."""
    if res.duplicates:
        return UnitStatus.DUPLICATE
    if not res.outcome.readable:
        return UnitStatus.UNREADABLE
    warned = bool(res.warnings or res.pdf)
    if building:
        if res.status in (Status.WRITTEN, Status.UPDATED, Status.UNCHANGED) and res.outcome.ok:
            return UnitStatus.WRITTEN_WARNINGS if warned else UnitStatus.WRITTEN
        return UnitStatus.ERRORS
    if res.outcome.ok and res.status is not Status.FAILED:
        return UnitStatus.READY_WARNINGS if warned else UnitStatus.READY
    return UnitStatus.ERRORS


def near_name(name: str, roster: Sequence[RosterUnit]) -> str:
    """The roster name `name` is most likely a typo of ("" when none is close): one holding the
    other (望湖街道 / 望湖街道办事处), else the most similar from NEAR_NAME_RATIO."""
    key = name_key(name)
    if not key:
        return ""
    best, score = "", 0.0
    for unit in roster:
        other = name_key(unit.name)
        if not other:
            continue
        ratio = 1.0 if key in other or other in key else difflib.SequenceMatcher(None, key, other).ratio()
        if ratio > score:
            best, score = unit.name, ratio
    return best if score >= NEAR_NAME_RATIO else ""


def match_roster(results: Sequence[Result], roster: Sequence[RosterUnit]) -> None:
    """Each workbook whose unit is not on the roster gets a warning (at 基本信息), naming the
    nearest roster name when it is a likely typo. Call once, before `entries`."""
    keys = {name_key(u.name) for u in roster}
    for res in results:
        out = res.outcome
        if not out.readable or not out.unit or name_key(out.unit) in keys:
            continue
        near = near_name(out.unit, roster)
        if near:
            out.messages.append(warning("基本信息", f"单位名称“{out.unit}”不在名单中，名单上最接近的是“{near}”",
                                        f"如是同一单位，请把“基本信息”中的单位名称改为“{near}”（与名单一致）后重新提交；"
                                        "否则请把本单位加入名单。"))
        else:
            out.messages.append(warning("基本信息", f"单位名称“{out.unit}”不在名单中",
                                        "请核对单位名称，或把本单位加入名单。"))


def entries(results: Sequence[Result], building: bool, roster: Sequence[RosterUnit] | None = None,
            last: dict[str, Decimal] | None = None) -> list[Entry]:
    """Every workbook's entry in the order given, then each roster unit with no workbook (in
    the roster's order) as 未提交."""
    on_roster = {name_key(u.name): u for u in roster or ()}
    out: list[Entry] = []
    submitted: dict[str, list[Entry]] = {}
    for res in results:
        o = res.outcome
        unit = o.unit if o.readable else ""
        e = Entry(unit_status(res, building), unit, o.year if o.readable else None, res.shown, res)
        if roster is not None and unit:
            e.roster = on_roster.get(name_key(unit))
            if e.roster is None:
                near = near_name(unit, roster)
                e.roster_note = f"不在名单中（是否为“{near}”？）" if near else "不在名单中"
        if unit:
            submitted.setdefault(name_key(unit), []).append(e)
        out.append(e)
    for unit in roster or ():
        if name_key(unit.name) in submitted:
            continue
        maybe = [e for e in out if e.roster is None and e.unit and near_name(e.unit, [unit])]
        note = ("可能已提交：" + "、".join(f"{e.shown}（单位名称写作“{e.unit}”）" for e in maybe)) if maybe else ""
        out.append(Entry(UnitStatus.MISSING, unit.name, roster=unit, roster_note=note))
    for e in out:
        if last and e.unit:
            e.last = last.get(name_key(e.unit))
    return out


def tally(rows: Sequence[Entry]) -> list[tuple[str, int]]:
    """(status, units) for each status present, in UnitStatus order."""
    counts = {s: sum(e.status is s for e in rows) for s in UnitStatus}
    return [(s.text, n) for s, n in counts.items() if n]


# ---------------------------------------------------------------- the outputs' rows

def summary_rows(rows: Sequence[Entry]) -> list[SummaryRow]:
    """汇总's rows, one per entry."""
    from jixiao.workbooks.summary import SummaryRow
    made = []
    for e in rows:
        o = e.result.outcome if e.result is not None else None
        r = e.roster
        made.append(SummaryRow(
            e.shown, o, failed=not e.status.final, errors=e.errors, warnings=e.warnings,
            status=e.status.text, colour=e.status.colour, report=e.report, unit=e.unit, year=e.year,
            roster_note=e.roster_note, roster_contact=r.contact if r else "", roster_phone=r.phone if r else "",
            department=(o.department if o is not None and o.department else r.department if r else ""),
            last=e.last, change=e.change))
    return made


def feedback_for(rows: Sequence[Entry], include_hints: bool = True) -> list[Feedback]:
    """One feedback file's content per unit and year (duplicates together; an unreadable file
    on its own, named by its file), each with a file name safe everywhere and unique. Workbooks
    are named by their file name only (the unit does not know the bureau's folders)."""
    from jixiao.workbooks.feedback import Feedback, FeedbackLine
    groups: dict[tuple, list[Entry]] = {}
    for e in rows:
        key = ("unit", name_key(e.unit), e.year) if e.unit else ("file", e.shown)
        groups.setdefault(key, []).append(e)
    made: list[Feedback] = []
    names: set[str] = set()
    for group in groups.values():
        first = group[0]
        status = first.status
        if first.unit:
            title = f"{first.year}年度{first.unit}" if first.year is not None else first.unit
        else:
            title = Path(first.shown).stem or "工作簿"
        name = safe_filename(f"{title}_反馈", ".xlsx")
        n = 2
        while name.casefold() in names:
            name = safe_filename(f"{title}_反馈（{n}）", ".xlsx")
            n += 1
        names.add(name.casefold())
        lines = [FeedbackLine(Path(e.shown).name, m.level, m.where, m.what, m.todo)
                 for level in LEVELS if include_hints or level != "提示"
                 for e in group for m in e.messages if m.level == level]
        todo = TODO[status]
        if first.roster_note and first.roster is None and first.unit:
            todo += f"（另：{first.roster_note}）"
        made.append(Feedback(name, first.unit or first.shown, first.year, status.text, status.colour, todo,
                             [Path(e.shown).name for e in group if e.shown], [e.report for e in group if e.report],
                             first.total, first.grade, lines))
    return made
