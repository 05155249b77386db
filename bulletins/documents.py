"""A bulletin as an official document (core.documents): the issuer in red, the title, its number (or 征求意见稿
while a draft), the office's paragraphs under the usual headings, and the tables of its figures."""

from datetime import date

from django.conf import settings
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from bulletins.figures import LIGHT_WORDS
from core.documents import RED, TITLE_FONT, docx_bytes, official_document, paragraph_add, table_add
from core.numbers import plain_number

RANK_HEADINGS = ("序号", "单位", "事项", "红灯", "黄灯", "绿灯", "平均完成度")


def _percent(value) -> str:
    return f"{plain_number(value)}%" if value is not None else "—"


def _rank_rows(units):
    return [(n, u["unit"], u["total"], u["red"], u["yellow"], u["green"], _percent(u["progress"]))
            for n, u in enumerate(units, start=1)]


def _final_sections(document, final: dict) -> None:
    """The final report's own parts (终期评估): what became of the items and targets, the targets not achieved with
    their gaps, and each unit's and prefecture's record."""
    items, targets = final["items"], final["targets"]
    table_add(document, ("按期完成", "逾期完成", "未完成", "持续推进", "撤销或合并"),
              [(items["completed_on_time"], items["completed_late"], items["not_completed"], items["ongoing"],
                items["dropped"])])
    paragraph_add(document, f"规划确定的主要指标中，已实现{targets['achieved']}项、未实现{targets['not_achieved']}项、"
                            f"无法评估{targets['not_assessable']}项。", indent=True)
    if final["not_achieved"]:
        table_add(document, ("编号", "未实现的指标", "期末值与差距"),
                  [(t["code"], t["name"], t["note"]) for t in final["not_achieved"]], size=10)
    for heading, records in (("省级牵头单位完成情况", final["units"]), ("州、市完成情况", final["prefectures"])):
        paragraph_add(document, heading, size=14)
        table_add(document, ("单位", "事项", "已完成", "未完成", "完成率", "按时报送"),
                  [(r["unit"], r["items"], r["completed"], r["not_completed"], _percent(r["rate"]),
                    r["reports"] or "—") for r in records], size=10)


def bulletin_docx(bulletin) -> bytes:
    figures = bulletin.figures
    document = official_document()
    paragraph_add(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.CENTER, size=26,
                  bold=True, font=TITLE_FONT, colour=RED)
    paragraph_add(document, bulletin.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, bold=True, font=TITLE_FONT)
    paragraph_add(document, bulletin.document_number or "（征求意见稿）", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_add(document, "各有关单位，各州、市人民政府：")
    paragraph_add(document, "一、总体情况", bold=True)
    paragraph_add(document, bulletin.overview, indent=True)
    table_add(document, ("类别", "绿灯", "黄灯", "红灯", "灰灯"),
              [(label, *(figures[key][light] for light in LIGHT_WORDS))
               for label, key in (("重点任务", "tasks"), ("重点工程", "key_projects"))])
    if "final" in figures:
        _final_sections(document, figures["final"])
    paragraph_add(document, "二、主要指标", bold=True)
    table_add(document, ("编号", "指标", "目标", "现值", "亮灯", "说明"),
              [(t["code"], t["name"], t["target"], t["value"] or "—", LIGHT_WORDS[t["light"]], t["reason"])
               for t in figures["target_rows"]], size=10)
    paragraph_add(document, "三、各单位推进情况", bold=True)
    for text in (bulletin.praise, bulletin.criticism):
        if text:
            paragraph_add(document, text, indent=True)
    paragraph_add(document, "（一）省级牵头单位（按红灯、黄灯事项多少排序）", size=14)
    table_add(document, RANK_HEADINGS, _rank_rows(figures["departments"]), size=10)
    paragraph_add(document, "（二）州、市", size=14)
    table_add(document, RANK_HEADINGS, _rank_rows(figures["prefectures"]), size=10)
    paragraph_add(document, "四、州市报送情况", bold=True)
    table_add(document, ("州、市", "应报", "按时报送", "逾期报送", "未报送"),
              [(r["prefecture"], r["expected"], r["on_time"], r["late"], r["missing"]) for r in figures["reports"]],
              size=10)
    paragraph_add(document, "五、问题和督办", bold=True)
    notices = figures["notices"]
    paragraph_add(document, f"本期共发出红色督办单{notices['red']}份、黄色督办单{notices['yellow']}份、蓝色督办单"
                            f"{notices['blue']}份；尚未解决的问题{figures['open_problems']}个。", indent=True)
    if bulletin.requirements:
        paragraph_add(document, "六、下步工作要求", bold=True)
        paragraph_add(document, bulletin.requirements, indent=True)
    paragraph_add(document)
    paragraph_add(document, settings.SUPERVISION_NOTICE_ISSUER, align=WD_ALIGN_PARAGRAPH.RIGHT)
    issued = timezone.localtime(bulletin.issued_at).date() if bulletin.issued_at else date.fromisoformat(
        figures["snapshot_date"])
    paragraph_add(document, f"{issued:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    return docx_bytes(document)
