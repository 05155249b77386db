"""responsible_units_of (every item at once, for the annual scores) gives what responsible_units gives item by item:
the plan's named units in order, each prefecture behind 各州、市人民政府, the departments designated for 省级有关部门,
lead first."""

from projects.models import KeyProject
from supervision.selectors import responsible_units, responsible_units_of
from tasks.models import Task
from tasks.selectors import designations_prefetch, item_detail_for, responsibilities_prefetch
from tasks.services import designation_add

REASON = "省政府办公厅明确由省水利厅牵头(云政办函〔2024〕8号)"


def test_every_item_at_once_is_each_item_read_alone(users):
    office, water, fire = users["coordinator"], users["water"].agency, users["fire"].agency
    designation_add(item=item_detail_for(Task.objects.get(code="3.3.3")), agency=water, role="lead", reason=REASON,
                    actor=office)
    designation_add(item=item_detail_for(Task.objects.get(code="3.3.3")), agency=fire, role="participant",
                    reason=REASON, actor=office)
    at_once = responsible_units_of(Task, KeyProject)
    checked = 0
    for model in (Task, KeyProject):
        items = model.objects.prefetch_related(
            responsibilities_prefetch(model._meta.get_field("responsibilities").related_model),
            designations_prefetch())
        for item in items:
            alone = [(unit.pk, role) for unit, role in responsible_units(item)]
            assert [(unit.pk, role) for unit, role in at_once.get((model.ITEM_KIND, item.pk), [])] == alone, item
            checked += bool(alone)
    designated = [unit.pk for unit, _role in at_once[("task", Task.objects.get(code="3.3.3").pk)]]
    assert designated[0] == water.pk and fire.pk in designated
    prefectures = [unit for units in at_once.values() for unit, _role in units if unit.kind == "prefecture"]
    assert checked > 50 and len({unit.pk for unit in prefectures}) == 16
