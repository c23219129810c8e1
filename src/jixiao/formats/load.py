"""Report formats (报告格式): a folder of data a bureau edits — `format.toml` (settings) and Jinja
templates — found by name, possibly extending another format. This module finds a format,
merges it with what it extends, checks every setting, and hands the rest of the program one
`Format`. Every setting is declared once, in SETTINGS (docs/formats.md documents each one; a test
fails when one is missing there). A broken format is the format's fault: `FormatError` names the
file and the line.

Where formats are found, in order: the folders given with `--formats`, the folders in the
environment variable JIXIAO_FORMATS (separated by os.pathsep), then the formats shipped with the
program. Never the current folder.
"""
from __future__ import annotations

import math
from importlib import resources
import os
import re
import string
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from jixiao.score.figures import Framework, Level1Spec, Scoring
from jixiao.fmt import number
from jixiao.oserrors import os_reason

FORMAT_FILE = "format.toml"
DEFAULT = "default"
ENV_VAR = "JIXIAO_FORMATS"
MAX_EXTENDS_DEPTH = 10            # default ← 株洲2023 ← a bureau's own ← …
MAX_FORMAT_FILE_BYTES = 200_000   # one format.toml
_NAME = re.compile(r"[^\\/:*?\"<>|\x00-\x1f]{1,64}")


class FormatError(Exception):
    """A format that cannot be used. `where` is "file:line" (or the format's folder)."""

    def __init__(self, where: str, what: str, todo: str = ""):
        super().__init__(what)
        self.where, self.what, self.todo = where, what, todo

    def __str__(self) -> str:
        return f"{self.where}：{self.what}" if self.where else self.what


# ---------------------------------------------------------------- where formats live

def shipped_root() -> Path:
    """The formats shipped with the program: the data package jixiao.templates (the checkout's
    templates/ in a development install, mapped by pyproject.toml)."""
    return Path(str(resources.files("jixiao.templates")))


def reference() -> Path:
    """The format reference (docs/formats.md), installed with the package as jixiao.docs."""
    return Path(str(resources.files("jixiao.docs") / "formats.md"))


def search_path(extra: tuple[Path | str, ...] = ()) -> tuple[Path, ...]:
    """--formats folders, then $JIXIAO_FORMATS, then the shipped formats."""
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return tuple(Path(p) for p in (*extra, *env)) + (shipped_root(),)


def _formats_in(root: Path) -> list[Path]:
    """The format folders a search-path folder holds: its subfolders with a format.toml, or the
    folder itself when it is one (`--formats 某市2025` for `--formats 格式`)."""
    try:
        if (root / FORMAT_FILE).is_file():
            return [root]
        return [p for p in sorted(root.iterdir()) if (p / FORMAT_FILE).is_file()]
    except OSError:
        return []


def _key(name: str) -> str:
    """A format name as matched when no folder has it exactly: full-width digits and letters,
    spaces and letter case do not count (“某市 ２０２５” finds 某市2025)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def available(path: tuple[Path, ...]) -> list[str]:
    """Names of the formats found on the search path, in order, without duplicates."""
    names: list[str] = []
    for root in path:
        for p in _formats_in(root):
            if p.name not in names:
                names.append(p.name)
    return names


def find(name: str, path: tuple[Path, ...]) -> Path | None:
    """The folder of format `name`: the first on the search path with that exact name, else the
    only one whose name matches leniently (see _key)."""
    if not _NAME.fullmatch(name) or name in (".", ".."):
        return None
    found = [p for root in path for p in _formats_in(root)]
    exact = next((p for p in found if p.name == name), None)
    if exact is not None:
        return exact
    near = {p.name: p for p in found if _key(p.name) == _key(name)}
    return next(iter(near.values())) if len(near) == 1 else None


# ---------------------------------------------------------------- the settings, declared once

@dataclass(frozen=True)
class Setting:
    key: str                      # dotted, as written in format.toml ("scoring.over_budget")
    default: Any
    help: str                     # one line (Chinese) — docs/formats.md says more
    check: Callable[[Any], str] | None = None   # returns what is wrong, or ""


ATTACHMENT_KINDS = ("basic", "evaluation", "project", "budget")
PLACEHOLDERS = {
    "title": ("year", "unit", "last_year"),
    "attachment": ("year", "unit", "last_year", "project", "type"),
    "footer": ("filled_by", "fill_date", "phone", "head", "unit"),
    "numbering": ("n", "cn", "circled"),
}


def _one_of(*values: str) -> Callable[[Any], str]:
    return lambda v: "" if v in values else f"应为 {' / '.join(repr(x) for x in values)} 之一"


def _kind(kind: type | tuple[type, ...]) -> Callable[[Any], str]:
    names = {bool: "true/false", int: "整数", str: "文字（用引号括起）", list: "列表 [ … ]",
             dict: "表 { … }", float: "数值"}
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def check(v: Any) -> str:
        if isinstance(v, bool) and bool not in kinds:
            return f"应为{'或'.join(names[k] for k in kinds)}"
        return "" if isinstance(v, kinds) else f"应为{'或'.join(names[k] for k in kinds)}"
    return check


def _pattern(group: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, str):
            return "应为文字（用引号括起）"
        return pattern_problem(v, PLACEHOLDERS[group])
    return check


MAX_POINTS = 10_000               # largest 分值 / total a format may set


def _number(v: Any) -> str:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= MAX_POINTS
    return "" if ok else f"应为0到{MAX_POINTS}之间的数值"


def _attachments_list(v: Any) -> str:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return "应为列表，如 [\"basic\", \"evaluation\", \"project\", \"budget\"]"
    bad = [x for x in v if x not in ATTACHMENT_KINDS]
    return f"不认识的附件 {'、'.join(bad)}（可选：{'、'.join(ATTACHMENT_KINDS)}）" if bad else ""


def _numbering(v: Any) -> str:
    if not isinstance(v, list) or not v or len(v) > 8 or not all(isinstance(x, str) for x in v):
        return "应为1到8个编号样式的列表，如 [\"{cn}、\", \"（{cn}）\", \"{n}.\", \"（{n}）\"]"
    return next((p for p in (pattern_problem(x, PLACEHOLDERS["numbering"]) for x in v) if p), "")


def _grades(v: Any) -> str:
    ok = isinstance(v, list) and v and all(
        isinstance(g, list) and len(g) == 2 and not _number(g[0]) and isinstance(g[1], str) for g in v)
    if not ok:
        return "应为 [[分数下限, \"等级\"], …]，如 [[90, \"优\"], [80, \"良\"], [60, \"中\"], [0, \"差\"]]"
    lows = [g[0] for g in v]
    return "" if lows == sorted(lows, reverse=True) and lows[-1] <= 0 else "分数下限应从高到低排列，最后一档为0"


def _levels(v: Any) -> str:
    if not isinstance(v, list):
        return "应为一级指标的列表（[[framework.level]] 表）"
    for i, lv in enumerate(v, 1):
        if not isinstance(lv, dict):
            return f"第{i}个一级指标应为表"
        unknown = set(lv) - {"name", "weight", "level2"}
        if unknown:
            return f"第{i}个一级指标有未知的键 {'、'.join(sorted(unknown))}（可用：name、weight、level2）"
        if not isinstance(lv.get("name"), str) or not lv["name"].strip():
            return f"第{i}个一级指标缺少 name"
        if _number(lv.get("weight")):
            return f"一级指标“{lv['name']}”的 weight 应为不小于0的数值"
        if not isinstance(lv.get("level2", []), list) or \
                not all(isinstance(x, str) for x in lv.get("level2", [])):
            return f"一级指标“{lv['name']}”的 level2 应为二级指标名称的列表"
    names = [lv["name"] for lv in v]
    dup = {n for n in names if names.count(n) > 1}
    return f"一级指标重复：{'、'.join(sorted(dup))}" if dup else ""


def _source_weights(v: Any) -> str:
    from jixiao.contract import FUND_SOURCES
    if not isinstance(v, dict):
        return "应为表，如 { \"当年财政拨款\" = 6, \"其他资金\" = 4 }"
    bad = [k for k in v if k not in FUND_SOURCES]
    if bad:
        return f"不认识的资金来源 {'、'.join(bad)}（可选：{'、'.join(FUND_SOURCES)}）"
    return next((f"“{k}”{p}" for k, x in v.items() if (p := _number(x))), "")


def _labels(kind: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        from jixiao.render.forms import LABELS
        if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
            return "应为表：{ \"原标签\" = \"新标签\" }"
        bad = [k for k in v if k not in LABELS[kind]]
        if bad:
            return (f"不认识的标签 {'、'.join('“' + b + '”' for b in bad)}"
                    f"（可改的标签：{'、'.join(LABELS[kind])}）")
        return next((p for p in (pattern_problem(x, PLACEHOLDERS["attachment"]) for x in v.values()) if p), "")
    return check


_DEFAULT_LEVELS = [
    {"name": "产出指标", "weight": 40, "level2": ["数量指标", "质量指标", "时效指标"]},
    {"name": "效益指标", "weight": 20,
     "level2": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]},
    {"name": "满意度指标", "weight": 10, "level2": ["服务对象满意度指标"]},
    {"name": "成本指标", "weight": 20, "level2": ["经济成本指标", "社会成本指标", "生态环境成本指标"]},
]

SETTINGS: tuple[Setting, ...] = (
    Setting("extends", DEFAULT, "在哪个格式的基础上修改（default 之外的格式默认 extends = \"default\"）", _kind(str)),
    Setting("description", "", "一句话说明这个格式（哪个城市、哪一年）", _kind(str)),
    Setting("report.title", "{year}年度{unit}整体支出绩效自评报告", "报告标题（封面、正文标题）", _pattern("title")),
    Setting("report.file_name", "{year}年度{unit}整体支出绩效自评报告", "报告文件名（不含 .docx）", _pattern("title")),
    Setting("report.template", "report.txt.j2", "正文模板文件名", _kind(str)),
    Setting("parts.cover", True, "报告前是否有封面页", _kind(bool)),
    Setting("parts.order", "report-first", "\"report-first\"：先报告后附表；\"attachments-first\"：先附表，报告作为最后一个附件",
            _one_of("report-first", "attachments-first")),
    Setting("parts.attachments", ["basic", "evaluation", "project", "budget"], "包含哪些附表、按什么顺序", _attachments_list),
    Setting("parts.first_attachment", 1, "第一个附表的附件序号", lambda v: "" if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 99 else "应为1到99的整数"),
    Setting("layout.duplex", True, "双面打印：正文从奇数页（右页）开始", _kind(bool)),
    Setting("layout.stamp", True, "署名处加盖印章：成文日期右空四字，署名居中于日期之上（GB/T 9704 7.3.5.1）", _kind(bool)),
    Setting("numbering.levels", ["{cn}、", "（{cn}）", "{n}.", "（{n}）", "{circled}"], "各级标题和条目的编号样式", _numbering),
    Setting("words", {"entity": "部门（单位）", "whole": "部门整体"}, "模板中可用的措辞 words.名称（可自行增加）",
            lambda v: "" if isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) else "应为表：{ 名称 = \"文字\" }"),
    Setting("scoring.total", 100, "总分满分", _number),
    Setting("scoring.budget_in_total", True, "预算执行率的分值是否计入总分", _kind(bool)),
    Setting("scoring.over_budget", "full", "执行率超过100%时：\"full\" 得满分；\"deduct\" 按 分值×(2−执行率)", _one_of("full", "deduct")),
    Setting("scoring.show_total", True, "自评表和正文是否显示总分和等级", _kind(bool)),
    Setting("scoring.grades", [[90, "优"], [80, "良"], [60, "中"], [0, "差"]], "等级划分（分数下限从高到低）", _grades),
    Setting("framework.budget", 10, "指标框架：预算执行率的分值", _number),
    Setting("framework.level", _DEFAULT_LEVELS, "指标框架：一级指标、分值及其二级指标", _levels),
    Setting("project.budget_weight", 10, "项目支出绩效自评表：资金执行的分值", _number),
    Setting("project.level", [], "项目支出绩效自评表的指标框架（空：只核对合计）", _levels),
    Setting("project.source_weights", {}, "按资金来源分别计分：{ \"当年财政拨款\" = 分值, … }（空：不分来源计分）", _source_weights),
    Setting("project.total", 100, "项目支出绩效自评表的总分满分", _number),
    Setting("project.budget_in_total", True, "项目资金执行的分值是否计入项目总分", _kind(bool)),
    Setting("attachments.footer", "填表人：{filled_by}　填报日期：{fill_date}　联系电话：{phone}　单位负责人签字：{head}",
            "每张附表下的填表人一行", _pattern("footer")),
    Setting("attachments.basic.title", "{year}年度部门（单位）整体支出绩效评价基础数据表", "基础数据表标题", _pattern("attachment")),
    Setting("attachments.basic.note", "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。",
            "基础数据表下的说明", _kind(str)),
    Setting("attachments.basic.unit_row", False, "基础数据表第一行是否为“预算单位名称”", _kind(bool)),
    Setting("attachments.basic.labels", {}, "基础数据表的标签改写", _labels("basic")),
    Setting("attachments.evaluation.title", "{year}年度部门（单位）整体支出绩效自评表", "整体支出绩效自评表标题", _pattern("attachment")),
    Setting("attachments.evaluation.labels", {}, "整体支出绩效自评表的标签改写", _labels("evaluation")),
    Setting("attachments.project.title", "{year}年度项目支出绩效自评表（{project}）", "项目支出绩效自评表标题（每个项目一张）", _pattern("attachment")),
    Setting("attachments.project.note", "", "项目支出绩效自评表下的备注", _kind(str)),
    Setting("attachments.project.labels", {}, "项目支出绩效自评表的标签改写", _labels("project")),
    Setting("attachments.budget.title", "{year}年度{type}支出情况表", "预算支出情况表标题（{type}：政府性基金预算等）", _pattern("attachment")),
    Setting("attachments.budget.labels", {}, "预算支出情况表的标签改写", _labels("budget")),
)
SETTING_BY_KEY = {s.key: s for s in SETTINGS}
# settings whose value is a table: a format that extends another adds to it key by key
_FREE_TABLES = {k for k, s in SETTING_BY_KEY.items() if isinstance(s.default, dict)}


class _Strict(string.Formatter):
    """`{name}` only: no attribute or index access, no format specs."""

    def __init__(self, allowed: tuple[str, ...]):
        self.allowed = allowed

    def get_field(self, field_name, args, kwargs):
        if field_name not in self.allowed:
            raise KeyError(field_name)
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        if format_spec:
            raise ValueError(format_spec)
        return str(value)

    def convert_field(self, value, conversion):
        if conversion:
            raise ValueError(conversion)
        return value


def pattern_problem(pattern: str, allowed: tuple[str, ...]) -> str:
    try:
        _Strict(allowed).format(pattern, **{k: "" for k in allowed})
    except KeyError as e:
        return f"不认识的占位符 {{{e.args[0]}}}（可用：{'、'.join('{' + a + '}' for a in allowed)}）"
    except (ValueError, IndexError):
        return f"花括号写法有误（可用：{'、'.join('{' + a + '}' for a in allowed)}；要写花括号本身请写 {{{{ 和 }}}}）"
    return ""


def fill(pattern: str, **values: Any) -> str:
    """A checked pattern with its placeholders filled."""
    return _Strict(tuple(values)).format(pattern, **values)


# ---------------------------------------------------------------- the loaded format

@dataclass(frozen=True)
class Format:
    name: str
    chain: tuple[tuple[str, Path], ...]     # (name, folder): this format first, then what it extends
    settings: dict[str, Any] = field(hash=False)   # every key of SETTINGS, merged along the chain
    scoring: Scoring = field(default_factory=Scoring)

    @property
    def folder(self) -> Path:
        return self.chain[0][1]

    def __getitem__(self, key: str) -> Any:
        return self.settings[key]


def _line_of(text: str, table: str, key: str) -> int | None:
    """The line of `key` under `[table]` in a TOML text (for messages; best effort)."""
    current = ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    keyline = re.compile(r'^\s*("?)' + re.escape(key) + r'\1\s*=')
    dotted = re.compile(r"^\s*" + re.escape(f"{table}.{key}" if table else key) + r"\s*=")
    for i, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            current = m.group(1).replace('"', "").replace(" ", "")
            if current == (f"{table}.{key}" if table else key):
                return i
            continue
        if current == table and keyline.match(line) or dotted.match(line):
            return i
    return None


def _flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    """{"scoring": {"total": 100}} → {"scoring.total": 100}. A declared setting whose value is a
    table (words, labels, source_weights) stays whole; an unknown key is kept for _validate."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v and key not in SETTING_BY_KEY:
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _read(folder: Path) -> tuple[dict[str, Any], str, Path]:
    path = folder / FORMAT_FILE
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            raise FormatError(str(path), "format.toml 是指向格式文件夹以外的链接，不予读取",
                              "请把真正的 format.toml 放进格式文件夹。")
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
        raise FormatError(str(path), "TOML 嵌套过深", "请检查文件内容。") from None
    return data, text, path


def _entry_line(text: str, key: str, entries: list[dict], problem: str) -> int | None:
    """The line of the wrong entry of an array of tables ([[framework.level]]): the entry the
    problem names (by position or by name), and in it the key the problem is about."""
    m = re.search(r"第(\d+)个", problem)
    index = int(m.group(1)) - 1 if m else next(
        (i for i, e in enumerate(entries) if isinstance(e.get("name"), str) and f"“{e['name']}”" in problem), None)
    if index is None:
        return None
    header = re.compile(r"^\s*\[\[\s*" + re.escape(key) + r"\s*\]\]")
    starts = [i for i, line in enumerate(text.splitlines(), 1) if header.match(line)]
    if index >= len(starts):
        return None
    start = starts[index]
    lines = text.splitlines()
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        field_ = re.match(r"\s*(\w+)\s*=", lines[i])
        if field_ and field_.group(1) in problem:
            return i + 1
    return start


def _validate(flat: dict[str, Any], text: str, path: Path) -> None:
    for key, value in flat.items():
        table, _, leaf = key.rpartition(".")
        where = f"{path}:{_line_of(text, table, leaf) or 1}"
        setting = SETTING_BY_KEY.get(key)
        if setting is None:
            siblings = [k.rpartition(".")[2] for k in SETTING_BY_KEY if k.rpartition(".")[0] == table]
            raise FormatError(where, f"未知的设置“{key}”",
                              f"可用的设置：{'、'.join(siblings) if siblings else '见 docs/formats.md'}。"
                              "请检查拼写，或删除这一行。")
        problem = setting.check(value) if setting.check else ""
        if problem:
            if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                line = _entry_line(text, key, value, problem)      # the [[…]] entry that is wrong
                where = f"{path}:{line}" if line else where
            if isinstance(value, dict):     # point at the entry of the table that is wrong
                bad = next((k for k in value if f"“{k}”" in problem or f" {k}" in problem), None)
                line = _line_of(text, key, bad) if bad is not None else None
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
        flat = _flatten(data)
        _validate(flat, text, file)
        chain.append((folder.name, folder))
        layers.append(flat)
        current = flat.get("extends", DEFAULT if folder.name != DEFAULT else None)
        extends_at = f"{file}:{_line_of(text, '', 'extends') or 1}"
    settings = {s.key: s.default for s in SETTINGS}
    for layer in reversed(layers):
        for k, v in layer.items():
            if k in _FREE_TABLES and isinstance(v, dict) and isinstance(settings.get(k), dict):
                settings[k] = {**settings[k], **v}
            else:
                settings[k] = v
    settings["extends"] = chain[1][0] if len(chain) > 1 else ""
    settings["description"] = layers[0].get("description", "")     # what this format is, not its parent
    _consistent(settings, chain[0][1] / FORMAT_FILE)
    return Format(chain[0][0], tuple(chain), settings, scoring_of(settings))


def _consistent(s: dict[str, Any], path: Path) -> None:
    """Settings that must agree with each other, once merged along the chain: a framework that
    cannot add up to its total would make every workbook of this format fail."""
    text = path.read_text("utf-8-sig") if path.is_file() else ""

    def where(table: str, key: str) -> str:
        line = _line_of(text, table, key)
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
    if weights and sum((_dec(v) for v in weights.values()), Decimal(0)) != _dec(s["project.budget_weight"]):
        raise FormatError(where("project", "source_weights"),
                          f"project.source_weights 各资金来源合计{n(sum(_dec(v) for v in weights.values()))}分，"
                          f"与 project.budget_weight（{n(s['project.budget_weight'])}分）不一致",
                          "资金执行的分值由各来源分值合计而成，请使两者相等。")
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
        over_budget=s["scoring.over_budget"],
        show_total=s["scoring.show_total"],
        grades=tuple((_dec(low), name) for low, name in s["scoring.grades"]),
        framework=_framework(s["framework.level"], s["framework.budget"]),
        project_budget_weight=_dec(s["project.budget_weight"]),
        project_framework=_framework(s["project.level"], s["project.budget_weight"]),
        source_weights=tuple((k, _dec(v)) for k, v in s["project.source_weights"].items()),
        project_total=_dec(s["project.total"]),
        project_budget_in_total=s["project.budget_in_total"],
    )
