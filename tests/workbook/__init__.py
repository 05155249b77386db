"""Tests of the annual evaluation workbook. What they all expect of it: the sheets, in order, and the day the
evaluated year (conftest.py: `evaluated`) is judged on."""

from datetime import date

AS_OF = date(2026, 1, 5)
UNIT_SHEETS = ["封面", "重点任务", "重点工程", "保障措施", "主要指标", "州市指标数值", "州市报送", "逾期事项",
               "单位汇总", "单位分项", "规划调整", "问题清单"]
# The final evaluation of 2021–2025, in the workbook of 2025 and later, for those who see the whole plan.
FINAL_SHEETS = ["终期评估-事项", "终期评估-指标", "终期评估-单位"]
SHEETS = UNIT_SHEETS + FINAL_SHEETS
