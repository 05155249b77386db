"""How wide a text is in Excel's column units and how many lines it wraps to (core.xlsx): the row heights of every
workbook the portal writes follow from it."""

import pytest

from core.xlsx import text_units, wrapped_lines


@pytest.mark.parametrize("text, units", [("", 0), ("abc", 3), ("应急", 4), ("5.1.2 水利厅", 12), ("ok😀", 4),
                                         ("⺀", 2), ("\u2e7f", 1)])
def test_a_wide_character_takes_two_units(text, units):
    assert text_units(text) == units


@pytest.mark.parametrize("text, width, lines", [
    ("应急管理", 9, 1),            # 8 units in 8 a line: one line, told without counting
    ("应急管理厅", 9, 2),          # 10 units: two
    ("a" * 16, 9, 2),             # narrow characters are counted, not assumed wide
    ("第一行\n第二行\n", 40, 3),   # each line break starts a line, an empty last line too
    ("完成方案编制并组织实施" * 3, 44, 2),
])
def test_lines_a_text_wraps_to(text, width, lines):
    assert wrapped_lines(text, width) == lines
