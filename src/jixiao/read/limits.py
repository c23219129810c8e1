"""What reading one .xlsx package may cost. Every count that can grow with the file (bytes
unpacked, zip entries, cells, shared strings, merged ranges) is a named limit here (documented in
docs/workbook.md), checked from what the package declares before anything is inflated, and again
while streaming (`ReadAllowance`), so a hostile file is refused within seconds and a bounded
amount of memory."""
from __future__ import annotations

from jixiao.read.refused import RESAVE, Refused

MAX_FILE_BYTES = 50 * 1024 * 1024        # the file on disk; a year's workbook is well under 1 MB
MAX_UNPACKED_BYTES = 300 * 1024 * 1024   # all entries of the package together, as declared
MAX_ZIP_ENTRIES = 10_000                 # entries in the package (a workbook has a few dozen)
MAX_PART_BYTES = 32 * 1024 * 1024        # one part that is read (a sheet, the shared strings), unpacked
MAX_READ_BYTES = 64 * 1024 * 1024        # all parts that are read together, unpacked
MAX_SHARED_STRINGS = 500_000             # entries of the shared string table
MAX_CELLS = 500_000                      # cells (<c>, blank ones included) in the sheets read
MAX_XML_ELEMENTS = 2_000_000             # XML elements of every kind in the parts read
MAX_ROWS = 5000                          # data rows read per sheet (content beyond: an error)
MAX_COLS = 60                            # columns read per sheet (A..BH)
MAX_MERGED_RANGES = 10_000               # merged ranges in the sheets read

LIMITS = ("MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "MAX_ZIP_ENTRIES", "MAX_PART_BYTES",
          "MAX_READ_BYTES", "MAX_SHARED_STRINGS", "MAX_CELLS", "MAX_XML_ELEMENTS", "MAX_ROWS",
          "MAX_COLS", "MAX_MERGED_RANGES")


class ReadAllowance:
    """What the parts of one package read so far have cost, against the limits."""

    def __init__(self, name: str):
        self.name = name
        self.bytes = 0
        self.elements = 0
        self.cells = 0
        self.merges = 0

    def part(self, sheet: str, part: str, size: int) -> None:
        if size > MAX_PART_BYTES:
            what = f"工作表“{sheet}”" if sheet else f"{self.name} 中的 {part}"
            raise Refused(sheet, f"{what}解压后有 {size // 1048576} MB，超过上限 "
                          f"{MAX_PART_BYTES // 1048576} MB（通常是大片带格式的空单元格或粘贴进来的大量数据）",
                          "请删除工作表中多余的行列（选中后“删除”，不是“清除内容”），保存后再试。")
        self.bytes += size
        if self.bytes > MAX_READ_BYTES:
            raise Refused("", f"{self.name} 要读取的内容解压后超过 {MAX_READ_BYTES // 1048576} MB",
                          "请删除工作表中多余的行列（选中后“删除”，不是“清除内容”），保存后再试。")

    def element(self) -> None:
        """One more XML element."""
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            self.too_many_elements()

    def too_many_elements(self) -> None:
        raise Refused("", f"{self.name} 的 XML 元素超过 {MAX_XML_ELEMENTS:,} 个，不像是 Excel 保存的工作簿",
                      RESAVE)
