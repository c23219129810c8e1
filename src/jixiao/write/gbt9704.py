"""GB/T 9704-2012 党政机关公文格式, as numbers: every measure the writer lays pages out with, each
with the clause it comes from (and, where the standard leaves a choice, why this value).

Lengths are `Length` values made with `mm()`, `pt()` or `twips()`; the writer asks each for the
OOXML unit it needs (`.twips`, `.half_points`, `.eighth_points`). No bare float is a length.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

_PT_PER_MM = 72 / 25.4


@dataclass(frozen=True, order=True)
class Length:
    """A length, held in points."""
    points: float

    @property
    def twips(self) -> int:
        """Twentieths of a point (w:ind, w:spacing, w:pgMar, w:tcW …), rounded."""
        return round(self.points * 20)

    @property
    def twips_floor(self) -> int:
        """Twips rounded down: for pitches that must still fit N times into a length."""
        return math.floor(self.points * 20 + 1e-9)

    @property
    def half_points(self) -> int:
        """w:sz."""
        return round(self.points * 2)

    @property
    def eighth_points(self) -> int:
        """w:sz of a border."""
        return round(self.points * 8)

    @property
    def mm(self) -> float:
        return self.points / _PT_PER_MM

    def __add__(self, other: "Length") -> "Length":
        return Length(self.points + other.points)

    def __sub__(self, other: "Length") -> "Length":
        return Length(self.points - other.points)

    def __mul__(self, k: float) -> "Length":
        return Length(self.points * k)

    __rmul__ = __mul__

    def __truediv__(self, k: float) -> "Length":
        return Length(self.points / k)

    def __neg__(self) -> "Length":
        return Length(-self.points)


def mm(v: float) -> Length:
    return Length(v * _PT_PER_MM)


def pt(v: float) -> Length:
    return Length(float(v))


def twips(v: int) -> Length:
    return Length(v / 20)


# ---------------------------------------------------------------- 5 幅面及版面尺寸
PAGE_WIDTH = mm(210)              # 5.1 公文用纸采用 A4 型纸，210 mm × 297 mm
PAGE_HEIGHT = mm(297)
MARGIN_TOP = mm(37)               # 5.2.1 天头（上白边）37 mm ± 1 mm
MARGIN_INSIDE = mm(28)            # 5.2.1 订口（左白边）28 mm ± 1 mm — the binding side
TEXT_WIDTH = mm(156)              # 5.2.1 版心 156 mm × 225 mm
TEXT_HEIGHT = mm(225)
MARGIN_OUTSIDE = PAGE_WIDTH - MARGIN_INSIDE - TEXT_WIDTH    # 26 mm (切口)
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT      # 35 mm

# ---------------------------------------------------------------- 5.2.2 字体和字号
SIZE_2 = pt(22)                   # 2号: 标题 (7.3.1)
SIZE_3 = pt(16)                   # 3号: 正文 and every element unless said otherwise (5.2.2)
SIZE_4 = pt(14)                   # 4号: 页码 (7.5)
SIZE_TABLE_TITLE = pt(18)         # 小2号: a form's title (the forms' own choice; 7.3.7 allows the 附件's format)
SIZE_TABLE = pt(10.5)             # 5号: table text (仿宋 or 宋体 at 10.5–12 pt suits the forms)

# ---------------------------------------------------------------- 5.2.3 行数和字数
LINES_PER_PAGE = 22               # 一般每面排 22 行
CHARS_PER_LINE = 28               # 每行排 28 个字，并撑满版心
# The line pitch must fit 22 times into the 225 mm 版心: 28.99 pt, rounded *down* to whole twips
# (579 = 28.95 pt; 580 would leave room for 21 lines only).
LINE_PITCH = twips(TEXT_HEIGHT.twips_floor // LINES_PER_PAGE)
# 28 characters must fit in 156 mm: a pitch of at most 15.79 pt for a 16 pt character. Word, WPS
# and LibreOffice all lay a character at its advance plus the run's character spacing (w:spacing,
# in twips), so the 3号 styles carry spacing of 15.79 − 16 = −0.21 pt, rounded down to whole twips:
# −5 twips = −0.25 pt, a pitch of 15.75 pt. 28 × 15.75 = 441.0 pt fits the 442.2 pt 版心 and
# 29 × 15.75 = 456.75 pt does not, so a full line holds exactly 28 characters in all three. (A
# "lines and characters" document grid does the same in Word and WPS but LibreOffice lays it
# out at 14 characters a line.)
CHAR_SPACING = twips(math.floor((TEXT_WIDTH.points / CHARS_PER_LINE - SIZE_3.points) * 20))
CHAR_PITCH = SIZE_3 + CHAR_SPACING                          # 15.75 pt

# ---------------------------------------------------------------- 7.3 主体
TITLE_BLANK_LINES_AFTER = 1       # 7.3.1/7.3.2: 标题下空一行 (then 主送机关 or 正文)
INDENT_BODY = 2                   # 7.3.3: 每个自然段左空二字，回行顶格 (in characters)
ATTACHMENT_NOTE_BLANK_LINES = 1   # 7.3.4: 在正文下空一行编排附件说明
ATTACHMENT_NOTE_INDENT = 2        # 7.3.4: 左空二字编排"附件"二字，后标全角冒号和附件名称；回行与名称首字对齐
SIGNATURE_BLANK_LINES = 1         # 7.3.5.2 (不加盖印章): 在正文（或附件说明）下空一行编排署名
SIGNATURE_RIGHT_INDENT = 2        # 7.3.5.2: 右空二字编排发文机关署名
DATE_SHIFT = 2                    # 7.3.5.2: 成文日期首字比发文机关署名首字右移二字 (日期更长时日期右空二字)
# 7.3.5.1 (加盖印章): 成文日期一般右空四字; 署名以成文日期为准居中; 印章端正、居中下压署名和成文日期，
# 使之居印章中心偏下，印章顶端应当上距正文（或附件说明）一行之内. A 42 mm seal centred a little
# above the 署名 line reaches 1.6 lines above the 署名's top: with two blank lines above the 署名
# the seal's top is 0.4 line below the text — within one line, and clear of it.
STAMPED_DATE_RIGHT_INDENT = 4
STAMPED_SIGNATURE_BLANK_LINES = 2
ATTACHMENT_TITLE_LINE = 3         # 7.3.7: "附件"二字顶格编排在版心左上角第一行; 附件标题居中编排在版心第三行

# ---------------------------------------------------------------- 7.5 页码
# 4号半角宋体阿拉伯数字，编排在版心下边缘之下，数码左右各放一条一字线；一字线上距版心下边缘 7 mm。
# 单页码居右空一字，双页码居左空一字。
PAGE_NUMBER_DASH_BELOW_TEXT = mm(7)
PAGE_NUMBER_INSET = SIZE_4        # 空一字: one 4号 character
# Word and LibreOffice both stand the footer's line on the footer distance (its bottom edge,
# measured from the paper's bottom edge). In a 14 pt 宋体 line the dash is drawn 0.36 em above
# the baseline and the baseline 0.14 em above the line's bottom: 2.5 mm. So the footer distance
# is 35 − 7 − 2.5 mm, which puts the dash 7 mm under the 版心.
FOOTER_DISTANCE = MARGIN_BOTTOM - PAGE_NUMBER_DASH_BELOW_TEXT - SIZE_4 * 0.5
HEADER_DISTANCE = mm(15)          # no header is printed; Word needs a value

# ---------------------------------------------------------------- 6.2 印刷要求 / 8 装订
# 公文应当双面印刷；页码套正，两面误差不超过 2 mm. Two-sided, the 订口 is on the left of odd pages
# and the right of even ones (mirrored margins), so the text blocks of a sheet's two sides coincide.
DUPLEX_DEFAULT = True

# ---------------------------------------------------------------- tables (attachments)
TABLE_BORDER = pt(0.5)            # single 0.5 pt lines on every cell
TABLE_CELL_MARGIN = mm(1)         # left and right inside each cell (a 16 mm column holds "100.00")
TABLE_CELL_PADDING = mm(0.6)      # above and below a cell's text
TABLE_LINE_FACTOR = 1.3           # exact line height = 1.3 × font size: the same row heights everywhere
TABLE_NOTE_SIZE = SIZE_TABLE      # 说明 / 填表人 line under a table
