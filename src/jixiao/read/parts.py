"""The small parts of an .xlsx package, each streamed through a pyexpat handler: relationships
(.rels), the workbook (xl/workbook.xml: the sheets and the date system), the shared string table
and the styles (a number format per cell style). Every handler counts its elements against the
package's ReadAllowance. Elements are matched by local name, so Transitional and Strict Open XML
read alike."""
from __future__ import annotations

from jixiao.read.limits import MAX_SHARED_STRINGS, ReadAllowance
from jixiao.read.refused import Refused


def local_name(name: str) -> str:
    return name.rpartition("}")[2]


def attribute(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by local name, whatever namespace prefix (r:id in both Open XML flavours)."""
    for k, v in attrs.items():
        if k == local or k.endswith("}" + local):
            return v
    return None


def is_true(v: str | None) -> bool:
    return v in ("1", "true", "on")


class PartHandler:
    """The pyexpat callbacks for one part; the base counts elements."""

    def attach(self, parser, allowance: ReadAllowance) -> None:
        self.parser = parser
        self.allowance = allowance
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end

    def start(self, name, attrs):
        self.allowance.element()

    def end(self, name):
        pass


class RelsPart(PartHandler):
    def __init__(self):
        self.rels: list[tuple[str, str, str, str]] = []

    def start(self, name, attrs):
        self.allowance.element()
        if local_name(name) == "Relationship":
            self.rels.append((attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", ""),
                              attrs.get("TargetMode", "")))


class WorkbookPart(PartHandler):
    def __init__(self):
        self.sheets: list[tuple[str, str, str]] = []
        self.date1904 = False
        self.is_workbook = False
        self.depth = 0

    def start(self, name, attrs):
        self.allowance.element()
        local = local_name(name)
        if self.depth == 0:
            self.is_workbook = local == "workbook"
        self.depth += 1
        if local == "sheet":
            self.sheets.append((attrs.get("name", ""), attribute(attrs, "id") or "", attrs.get("state", "visible")))
        elif local == "workbookPr":
            self.date1904 = is_true(attrs.get("date1904"))

    def end(self, name):
        self.depth -= 1


class TextCollector(PartHandler):
    """Collects character data while `self.text` is a list."""

    def collect(self) -> None:
        self.text = []
        self.parser.CharacterDataHandler = self.text.append

    def stop(self) -> str:
        self.parser.CharacterDataHandler = None
        s = "".join(self.text)
        self.text = None
        return s


class SharedStringsPart(TextCollector):
    def __init__(self, name: str):
        self.name = name
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.phonetic = 0
        self.text = None

    def start(self, name, attrs):
        self.allowance.element()
        local = local_name(name)
        if local == "t" and not self.phonetic:
            self.collect()
        elif local == "si":
            self.parts = []
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise Refused("", f"{self.name} 的共享字符串超过 {MAX_SHARED_STRINGS:,} 个，不像是绩效工作簿",
                              "请删除不需要的工作表和数据，保存后再试。")
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name):
        local = local_name(name)
        if local == "t" and self.text is not None:
            self.parts.append(self.stop())
        elif local == "si":
            self.strings.append("".join(self.parts))
        elif local == "rPh":
            self.phonetic -= 1


class StylesPart(PartHandler):
    def __init__(self):
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.in_cell_xfs = False

    def start(self, name, attrs):
        self.allowance.element()
        local = local_name(name)
        if local == "numFmt":
            try:
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "General")
            except ValueError:
                pass
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            try:
                self.xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, name):
        if local_name(name) == "cellXfs":
            self.in_cell_xfs = False
