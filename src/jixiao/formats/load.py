"""A report format (报告格式), loaded: found by name on the search path (search.py), merged with
what it extends, every setting checked (settings.py), its scoring rules built (score/rules.py),
and handed to the rest of the program as one `Format`. A broken format is the format's fault:
`FormatError` names the file and the line (docs/formats.md).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.fmt import number
from jixiao.formats.search import DEFAULT, FORMAT_FILE, available, find
from jixiao.formats.sections import SectionSpec, sections_of
from jixiao.formats.settings import SECTION_PREFIX, FREE_TABLES, SETTING_BY_KEY, SETTINGS, flatten
from jixiao.formats.tomllines import entry_line, line_of
from jixiao.oserrors import os_reason
from jixiao.score.rules import Framework, Level1Spec, Scoring

MAX_EXTENDS_DEPTH = 10            # default ← 株洲2023 ← a bureau's own ← …
MAX_FORMAT_FILE_BYTES = 200_000   # one format.toml
MAX_FORMAT_DEPTH = 20             # tables in tables (dotted keys, [a.b.c], inline tables, arrays) in format.toml
MAX_TITLE_CHARS = 200             # characters of report.title as written (the unit's name is bounded by the reader)


class FormatError(Exception):
    """A format that cannot be used. `where` is "file:line" (or the format's folder)."""

    def __init__(self, where: str, what: str, todo: str = ""):
        super().__init__(what)
        self.where, self.what, self.todo = where, what, todo

    def __str__(self) -> str:
        return f"{self.where}：{self.what}" if self.where else self.what


@dataclass(frozen=True)
class Format:
    """A report format as the program uses it: its settings merged along its extends chain, and
    the scoring rules they make."""
    name: str
    chain: tuple[tuple[str, Path], ...]     # (name, folder): this format first, then what it extends
    settings: dict[str, Any] = field(hash=False)   # every key of SETTINGS, merged along the chain
    scoring: Scoring = field(default_factory=Scoring)
    sections: tuple[SectionSpec, ...] = ()   # 报告正文's 章节, in the format's order

    @property
    def section_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sections)

    @property
    def folder(self) -> Path:
        return self.chain[0][1]

    def __getitem__(self, key: str) -> Any:
        return self.settings[key]



def _read(folder: Path) -> tuple[dict[str, Any], str, Path]:
    path = folder / FORMAT_FILE
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            raise FormatError(str(path), "format.toml 是指向格式文件夹以外的链接，不予读取",
                              "请把真正的 format.toml 放进格式文件夹。")
        if not path.is_file():       # a pipe would block the read; a folder is no file
            raise FormatError(str(path), "format.toml 不是普通文件（是文件夹、管道或设备）",
                              "请把它换成一个真正的文本文件。")
        if path.stat().st_size > MAX_FORMAT_FILE_BYTES:
            raise FormatError(str(path), f"文件过大（超过{MAX_FORMAT_FILE_BYTES}字节）", "format.toml 只放设置。")
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(str(path), "文件不是 UTF-8 编码", "请用记事本等“另存为 UTF-8”。") from None
    except OSError as e:
        raise FormatError(str(path), f"无法读取（{os_reason(e)}）", "请检查文件是否存在、可读。") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise FormatError(where, f"TOML 写法有误（{e}）",
                          "文字要用英文引号括起，表头写成 [scoring]，每行一个“键 = 值”。") from None
    except RecursionError:
        raise FormatError(f"{path}:{_depth_line(text)}", f"TOML 嵌套过深（超过{MAX_FORMAT_DEPTH}层）",
                          "format.toml 只放设置，不要一层套一层。") from None
    if _depth(data) > MAX_FORMAT_DEPTH:
        raise FormatError(f"{path}:{_depth_line(text)}", f"TOML 嵌套过深（超过{MAX_FORMAT_DEPTH}层）",
                          "format.toml 只放设置，不要一层套一层。")
    return data, text, path


def _depth_line(text: str) -> int:
    """The line that nests deepest (dots in its key, [ and { in its value): where a too-deep
    format.toml is pointed at."""
    best, where = -1, 1
    for i, line in enumerate(text.splitlines(), 1):
        key, _, value = line.partition("=")
        n = key.count(".") + value.count("[") + value.count("{") + (key.count("[") if not value else 0)
        if n > best:
            best, where = n, i
    return where


def _depth(data: Any) -> int:
    """How deep tables and arrays nest in `data` (iteratively: no recursion to run out of)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_FORMAT_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((v, level + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, level + 1) for v in value)
    return deepest


def _validate(flat: dict[str, Any], text: str, path: Path) -> None:
    title = flat.get("report.title")
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        raise FormatError(f"{path}:{line_of(text, 'report', 'title') or 1}",
                          f"设置“report.title”过长（{len(title)}个字，最多{MAX_TITLE_CHARS}个字）",
                          "标题只写“{year}年度{unit}……报告”这样的一句。")
    for key, value in flat.items():
        table, _, leaf = key.rpartition(".")
        where = f"{path}:{line_of(text, table, leaf) or 1}"
        setting = SETTING_BY_KEY.get(key)
        if setting is None:
            siblings = [k.rpartition(".")[2] for k in SETTING_BY_KEY if k.rpartition(".")[0] == table]
            raise FormatError(where, f"未知的设置“{key}”",
                              f"可用的设置：{'、'.join(siblings) if siblings else '见 docs/formats.md'}。"
                              "请检查拼写，或删除这一行。")
        problem = setting.check(value) if setting.check else ""
        if problem:
            if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                line = entry_line(text, key, value, problem)      # the [[…]] entry that is wrong
                where = f"{path}:{line}" if line else where
            if isinstance(value, dict):     # point at the entry of the table that is wrong
                bad = next((k for k in value if f"“{k}”" in problem or f" {k}" in problem), None)
                line = line_of(text, key, bad) if bad is not None else None
                where = f"{path}:{line}" if line else where
            raise FormatError(where, f"设置“{key}”{problem}", f"说明：{setting.help}。")


def load(name: str, path: tuple[Path, ...]) -> Format:
    """The format `name` (blank: default) with everything it extends merged in."""
    name = (name or DEFAULT).strip()
    chain: list[tuple[str, Path]] = []
    layers: list[dict[str, Any]] = []
    current: str | None = name
    extends_at = ""           # file:line of the extends that named `current`
    while current is not None:
        folder = find(current, path)
        own = "自己的格式所在文件夹请用 --formats 文件夹 或环境变量 JIXIAO_FORMATS 指明。"
        if folder is None:
            known = "、".join(available(path)) or "无"
            if chain:
                raise FormatError(extends_at, f"extends 指向的格式“{current}”不存在", f"现有格式：{known}。{own}")
            raise FormatError("", f"报告格式“{name}”不存在", f"现有格式：{known}。{own}")
        if any(folder == f for _, f in chain):
            names = " → ".join([n for n, _ in chain] + [folder.name])
            raise FormatError(extends_at, f"extends 形成循环：{names}", "格式之间的 extends 不能绕回自己。")
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise FormatError(extends_at, f"extends 超过{MAX_EXTENDS_DEPTH}层", "请减少格式之间一层套一层的继承。")
        data, text, file = _read(folder)
        flat = flatten(data)
        _validate(flat, text, file)
        chain.append((folder.name, folder))
        layers.append(flat)
        current = flat.get("extends", DEFAULT if folder.name != DEFAULT else None)
        extends_at = f"{file}:{line_of(text, '', 'extends') or 1}"
    settings = {s.key: s.default for s in SETTINGS}
    for layer in reversed(layers):
        for k, v in layer.items():
            if k in FREE_TABLES and isinstance(v, dict) and isinstance(settings.get(k), dict):
                settings[k] = {**settings[k], **v}
            else:
                settings[k] = v
    settings["extends"] = chain[1][0] if len(chain) > 1 else ""
    settings["description"] = layers[0].get("description", "")     # what this format is, not its parent
    _consistent(settings, chain[0][1] / FORMAT_FILE)
    return Format(chain[0][0], tuple(chain), settings, scoring_of(settings), sections_of(settings["sections"]))


def _consistent(s: dict[str, Any], path: Path) -> None:
    """Settings that must agree with each other, once merged along the chain: a framework that
    cannot add up to its total would make every workbook of this format fail."""
    text = path.read_text("utf-8-sig") if path.is_file() else ""

    def where(table: str, key: str) -> str:
        line = line_of(text, table, key)
        return f"{path}:{line}" if line else str(path)

    def n(v: Any) -> str:
        return number(_dec(v))

    levels = sum((_dec(lv["weight"]) for lv in s["framework.level"]), Decimal(0))
    budget = _dec(s["framework.budget"])
    counted = levels + (budget if s["scoring.budget_in_total"] else 0)
    if s["framework.level"] and counted != _dec(s["scoring.total"]):
        how = f"预算执行率{n(budget)}分＋各一级指标{n(levels)}分" if s["scoring.budget_in_total"] else f"各一级指标{n(levels)}分"
        raise FormatError(where("framework", "level"),
                          f"指标框架合计{n(counted)}分（{how}），不等于总分 scoring.total = {n(s['scoring.total'])}",
                          "请调整 [framework] 中的分值或 scoring.total，使二者一致（scoring.budget_in_total 决定预算执行率是否计入）。")
    weights = s["project.source_weights"]
    if weights and s["project.source_rule"] == "sum" and sum((_dec(v) for v in weights.values()), Decimal(0)) != _dec(s["project.budget_weight"]):
        raise FormatError(where("project", "source_weights"),
                          f"project.source_weights 各资金来源合计{n(sum(_dec(v) for v in weights.values()))}分，"
                          f"与 project.budget_weight（{n(s['project.budget_weight'])}分）不一致",
                          "资金执行的分值由各来源分值合计而成（project.source_rule = \"sum\"），请使两者相等；"
                          "各来源单独计分、不合计时写 project.source_rule = \"separate\"。")
    declared = {sec["name"] for sec in s["sections"]}
    undeclared = [r[len(SECTION_PREFIX):] for r in s["complete.required"]
                  if r.startswith(SECTION_PREFIX) and r[len(SECTION_PREFIX):] not in declared]
    if undeclared:
        raise FormatError(where("complete", "required"),
                          f"complete.required 要求的章节“{'、'.join(undeclared)}”不是本格式 [[sections]] 中的章节",
                          "请在 complete.required 中只列本格式的章节（“报告正文.章节名”），或在 [[sections]] 中加上这些章节。")
    if s["project.level"]:
        plevels = sum((_dec(lv["weight"]) for lv in s["project.level"]), Decimal(0))
        pcounted = plevels + (_dec(s["project.budget_weight"]) if s["project.budget_in_total"] else 0)
        if pcounted != _dec(s["project.total"]):
            raise FormatError(where("project", "level"),
                              f"项目指标框架合计{n(pcounted)}分，不等于项目总分 project.total = {n(s['project.total'])}",
                              "请调整 [[project.level]] 的分值、project.budget_weight 或 project.total。")


def _dec(v: Any) -> Decimal:
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return Decimal(0)


def _framework(levels: list[dict], budget: Any) -> Framework:
    return Framework(
        budget=_dec(budget) if budget is not None else None,
        levels=tuple(Level1Spec(lv["name"].strip(), _dec(lv["weight"]), tuple(x.strip() for x in lv.get("level2", [])))
                     for lv in levels))


def scoring_of(s: dict[str, Any]) -> Scoring:
    return Scoring(
        total=_dec(s["scoring.total"]),
        budget_in_total=s["scoring.budget_in_total"],
        over_budget=s["scoring.over_budget"] if isinstance(s["scoring.over_budget"], str) else
        tuple((_dec(a), _dec(b)) for a, b in s["scoring.over_budget"]),
        show_grade=s["scoring.show_grade"],
        source_rule=s["project.source_rule"],
        show_total=s["scoring.show_total"],
        grades=tuple((_dec(low), name) for low, name in s["scoring.grades"]),
        framework=_framework(s["framework.level"], s["framework.budget"]),
        project_budget_weight=_dec(s["project.budget_weight"]),
        project_framework=_framework(s["project.level"], s["project.budget_weight"]),
        source_weights=tuple((k, _dec(v)) for k, v in s["project.source_weights"].items()),
        project_total=_dec(s["project.total"]),
        project_budget_in_total=s["project.budget_in_total"],
    )
