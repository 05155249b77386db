"""Export engine benchmark: rows per second and peak memory of the portal's workbook writer against bare
xlsxwriter (constant-memory mode) writing the same rows, in the same run, at 10k and 100k rows (part of
`make bench`, see bench/run.py).

Each measurement runs in a fresh subprocess so its peak resident memory (ru_maxrss) is its own.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import django
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script (a child process per engine): the portal's modules are beside bench/
from core.lights import LIGHT_COLOURS, LIGHT_TEXT_COLOURS  # noqa: E402


def synthetic_rows(n):
    """Rows shaped like the 重点任务 sheet: codes, Chinese text, a date, a percent, a light, a timestamp."""
    lights = ["green", "yellow", "red", "grey"]
    for i in range(n):
        yield [(f"{i // 100}.{i % 100}", "text"), ("(三)防范化解重大风险,织密灾害事故的防控网络", "text"),
               (f"任务{i}加强风险评估", "text"), ("省应急厅", "text"),
               ("省消防救援总队、省水利厅、各州、市人民政府", "text"),
               (date(2025, 12, 31), "date"), ("推进中", "text"), (i % 101, "percent"), (lights[i % 4], "light"),
               ("已超过完成时限(2025-12-31)32天,完成度60%", "text"), ("完成方案编制并组织实施" * 3, "text"),
               ("资金缺口", "text"), ("下季度完成招标", "text"), (datetime(2025, 6, 1, 9, 30, tzinfo=UTC), "datetime"),
               ("fire", "text"), (i % 5, "number")]


def run_portal(n, path):
    # Only now: the portal's modules need Django's app registry, which child() has just filled.
    from core.xlsx import StyledWorkbook
    from workbook.writer import ITEM_COLUMNS

    rows = synthetic_rows(n)  # aware datetimes, as the ORM gives them
    started = time.perf_counter()
    book = StyledWorkbook(path, None)
    sheet = book.sheet("重点任务", ITEM_COLUMNS)
    for number, row in enumerate(rows, start=1):
        book.write_row(sheet, number, row)
    book.finish(sheet, n, ITEM_COLUMNS)
    book.close()
    return time.perf_counter() - started


def run_bare(n, path):
    rows = synthetic_rows(n)
    started = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("重点任务")
    for number, row in enumerate(rows, start=1):
        for col, (value, kind) in enumerate(row):
            if kind == "date":
                sheet.write_datetime(number, col, value)
            elif kind == "datetime":
                sheet.write_datetime(number, col, value.replace(tzinfo=None))
            elif kind in ("percent", "number"):
                sheet.write_number(number, col, value)
            else:
                sheet.write_string(number, col, value)
    book.close()
    return time.perf_counter() - started


def run_bare_formatted(n, path):
    """The floor of issue #22: bare xlsxwriter making the same file as the portal, the same cells with the same
    formats and the same row heights, every decision taken before the clock starts (each row's height, the local
    time of each timestamp, the label of each light). What separates it from the portal is the portal's own code
    per row; what separates it from the unformatted reference is xlsxwriter's cost of a style on every cell."""
    from django.utils import timezone  # here: this engine's child sets Django up first, as run_portal's does

    from core.xlsx import LIGHT_LABELS, LINE_HEIGHT, MAX_ROW_HEIGHT, wrapped_lines
    from workbook.writer import ITEM_COLUMNS

    widths = [width for _header, width in ITEM_COLUMNS]
    heights, local = [], {}
    for row in synthetic_rows(n):
        lines = max((wrapped_lines(value, widths[col]) for col, (value, kind) in enumerate(row)
                     if kind == "text" and value), default=1)
        heights.append(min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT) if lines > 1 else None)
        for value, kind in row:
            if kind == "datetime" and value not in local:
                local[value] = timezone.localtime(value).replace(tzinfo=None)
    rows = synthetic_rows(n)
    started = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                      "default_date_format": "yyyy-mm-dd"})
    add = book.add_format
    text = add({"text_wrap": True, "valign": "top", "border": 1})
    formats = {"text": text, "date": add({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1}),
               "datetime": add({"num_format": "yyyy-mm-dd hh:mm", "valign": "top", "border": 1}),
               "percent": add({"num_format": "0%", "valign": "top", "border": 1}),
               "number": add({"num_format": "General", "valign": "top", "border": 1})}
    lights = {light: add({"bg_color": colour, "font_color": LIGHT_TEXT_COLOURS[light], "border": 1,
                          "align": "center", "valign": "top"}) for light, colour in LIGHT_COLOURS.items()}
    sheet = book.add_worksheet("重点任务")
    for number, row in enumerate(rows, start=1):
        height = heights[number - 1]
        if height:
            sheet.set_row(number, height)
        for col, (value, kind) in enumerate(row):
            if kind == "date":
                sheet.write_datetime(number, col, value, formats[kind])
            elif kind == "datetime":
                sheet.write_datetime(number, col, local[value], formats[kind])
            elif kind == "percent":
                sheet.write_number(number, col, value / 100, formats[kind])
            elif kind == "number":
                sheet.write_number(number, col, value, formats[kind])
            elif kind == "light":
                sheet.write_string(number, col, LIGHT_LABELS[value], lights[value])
            else:
                sheet.write_string(number, col, value, formats[kind])
    book.close()
    return time.perf_counter() - started


ENGINES = {"portal": run_portal, "bare": run_bare, "bare_formatted": run_bare_formatted}


def child(engine, n):
    if engine != "bare":  # the portal's modules need Django's settings; bare xlsxwriter needs nothing
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunnan_emergency.settings.local")
        django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.xlsx")
        seconds = ENGINES[engine](n, path)
        size = os.path.getsize(path)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"engine": engine, "rows": n, "seconds": seconds, "peak_mb": peak_kb / 1024, "bytes": size}))


def measure(engine, n):
    out = subprocess.run([sys.executable, __file__, "--child", engine, str(n)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(rows: list[int], repeat: int = 3) -> list[dict]:
    """Each engine `repeat` times at each row count, interleaved (the order reversed every other round) so a
    noisy moment falls on all of them; rows per second from the median time, peak memory the largest seen."""
    result = []
    for n in rows:
        runs = {engine: [] for engine in ENGINES}
        for round_ in range(repeat):
            for engine in (list(ENGINES) if round_ % 2 == 0 else list(reversed(ENGINES))):
                runs[engine].append(measure(engine, n))
        result.append({"rows": n, **{engine: {
            "rows_per_s": n / statistics.median(run["seconds"] for run in measured),
            "peak_mb": max(run["peak_mb"] for run in measured)} for engine, measured in runs.items()}})
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, required=True)
    args = parser.parse_args()
    child(args.child[0], int(args.child[1]))


if __name__ == "__main__":
    main()
