"""Task and key-project querysets: for_agency finds the items an agency answers for, by name or through a collective."""

from agencies.models import Agency, ResponsibilityRole
from projects.models import KeyProject
from tasks.models import Task


def test_a_prefecture_answers_for_items_of_the_collective(plan):
    kunming = Agency.objects.get(name="昆明市")
    codes = set(Task.objects.for_agency(kunming).values_list("code", flat=True))
    assert {"1.1", "1.3", "7.1"} <= codes
    assert "2.1" not in codes  # 省应急厅、省消防救援总队、省地震局、省司法厅 only
    assert not Task.objects.for_agency(kunming, role=ResponsibilityRole.LEAD).exists()
    water = Agency.objects.get(name="省水利厅")
    assert set(Task.objects.for_agency(water).values_list("code", flat=True)) >= {"1.1", "3.4.2"}
    assert KeyProject.objects.for_agency(water).filter(number=9).exists()
