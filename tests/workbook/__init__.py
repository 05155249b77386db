"""Tests of the annual evaluation workbook. What they all expect of it: the sheets, in order, and the day the
evaluated year (conftest.py: `evaluated`) is judged on."""

from datetime import date

AS_OF = date(2026, 1, 5)
SHEETS = ["封面", "重点任务", "重点工程", "保障措施", "主要指标", "州市指标数值", "州市报送", "逾期事项", "单位汇总",
          "单位分项", "规划调整", "问题清单"]
