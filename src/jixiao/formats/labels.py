"""The labels of the attachment tables a format may rewrite (under `[attachments.<kind>.labels]`,
docs/formats.md): declared here, where the settings check a format's rewrites against them; the
tables (render/forms.py) print them."""
from __future__ import annotations

# Every label a format may rewrite, by attachment kind: the key a format names under
# `[attachments.<kind>.labels]` → what is printed by default. {year} and {last_year} are filled in;
# "\n" breaks a label over lines in its cell.
INCOME_LABELS = ("一般公共预算", "政府性基金拨款", "国有资本经营拨款", "纳入专户管理的非税收入拨款",
           "上级专项拨款", "其他资金")


def _plain(*names: str) -> dict[str, str]:
    return {n: n for n in names}


_EVAL_COMMON = {**_plain("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "年度资金总额"),
                "年度总体目标": "年度\n总体\n目标", **_plain("预期目标", "实际完成情况"),
                "绩效指标": "绩\n效\n指\n标",
                **_plain("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施",
                         "总分", "等级")}
LABELS: dict[str, dict[str, str]] = {
    "basic": {**_plain("预算单位名称", "财政供养人员情况（人）", "编制数", "{year}年实际在职人数", "控制率",
                       "经费控制情况（万元）", "{last_year}年决算数", "{year}年预算数", "{year}年决算数",
                       "三公经费"),
              "公务用车购置和维护经费": "　1、公务用车购置和维护经费", "公车购置": "　　其中：公车购置",
              "公车运行维护": "　　　　　公车运行维护", "出国经费": "　2、出国经费", "公务接待": "　3、公务接待",
              **_plain("项目支出", "公用经费"), "办公经费": "　其中：办公经费",
              "水费、电费、差旅费": "　　　　水费、电费、差旅费", "会议费、培训费": "　　　　会议费、培训费",
              **_plain("政府采购金额", "部门基本支出预算调整"),
              "楼堂馆所控制情况": "楼堂馆所控制情况\n（{year}年完工项目）",
              **_plain("批复规模（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）",
                       "投资概算控制率", "厉行节约保障措施", "无")},
    "evaluation": {"区级预算部门（单位）名称": "区级预算部门（单位）名称",
                   "年度预算申请（万元）": "年度\n预算\n申请\n（万元）",
                   **_plain("得分", "按收入性质分：", "按支出性质分：", "基本支出", "项目支出", *INCOME_LABELS),
                   **_EVAL_COMMON},
    "project": {**_plain("项目名称", "主管部门", "实施单位"), "项目资金（万元）": "项目\n资金\n（万元）",
                **_plain("自评得分", "当年财政拨款", "上年结转资金", "其他资金"), **_EVAL_COMMON},
    "budget": _plain("科目编码", "科目名称", "合计（万元）", "基本支出（万元）", "项目支出（万元）", "合计"),
}
