"""The recompute_snapshots management command."""

from django.core.management import call_command

from snapshots.models import LightSnapshot


def test_recompute_command(plan, capsys):
    call_command("recompute_snapshots")
    assert "lights=" in capsys.readouterr().out and LightSnapshot.objects.exists()


def test_the_name_before_the_redesign_still_runs_it(plan, capsys):
    call_command("recompute_progress")
    assert capsys.readouterr().out.startswith("recompute_snapshots: date=") and LightSnapshot.objects.exists()
