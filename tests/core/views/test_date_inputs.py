"""Date inputs carry ISO values (yyyy-mm-dd) whatever the page's language: a browser's date picker refuses the
localised "2026/12/02" (the field shows empty and the export could not start in Chinese)."""

import re
from datetime import date

import time_machine
from django.utils import translation

from agencies.models import Agency
from reporting.selectors import PartTerms
from supervision.services import assignment_save
from tasks.models import Task
from tests.responses import html_of

DATE_INPUT = re.compile(r'<input type="date"[^>]*>')


def dates_shown(page: str) -> list[str]:
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in DATE_INPUT.findall(page) if "value=" in tag]


def test_every_prefilled_date_input_is_iso_in_chinese_and_english(users, client_for):
    kunming = Agency.objects.get(name="昆明市")
    with time_machine.travel("2026-12-02 10:00 +0800"):
        assignment_save(item=Task.objects.get(code="4.1"), agency=kunming, internal_deadline=date(2027, 3, 31),
                        part=PartTerms("市级平台", date(2027, 6, 30)), actor=users["coordinator"])
        client = client_for("coordinator")
        for language in ("zh-hans", "en"):
            client.cookies["django_language"] = language
            with translation.override(language):
                export = html_of(client.get("/exports/"))
                assignment = html_of(client.get(f"/tasks/4.1/?edit={kunming.pk}"))
            assert "2026-12-02" in dates_shown(export), language
            assert {"2027-03-31", "2027-06-30"} <= set(dates_shown(assignment)), language
            assert "2026/12/02" not in export and "2027/06/30" not in assignment
