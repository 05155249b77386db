"""The load_plan management command."""

from django.core.management import call_command
from django.utils import timezone

from snapshots.models import LightSnapshot, RollupScope, RollupSnapshot, SubjectKind
from tasks.models import Task


def test_load_plan_command_reports_no_changes_on_rerun(plan, capsys):
    call_command("load_plan")
    assert "no changes" in capsys.readouterr().out


def test_a_loaded_plan_opens_with_its_lights_computed(plan, capsys):
    assert not LightSnapshot.objects.exists()
    call_command("load_plan")
    today = timezone.localdate()
    lights = LightSnapshot.objects.filter(date=today, kind=SubjectKind.TASK)
    assert lights.count() == Task.objects.count() and not lights.filter(light="").exists()
    assert RollupSnapshot.objects.filter(date=today, scope=RollupScope.PLAN).exists()
    assert "recompute_snapshots: date=" in capsys.readouterr().out
