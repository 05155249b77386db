"""The recompute_snapshots management command."""

from django.core.management import call_command

from snapshots.models import LightSnapshot


def test_recompute_command(plan, capsys):
    call_command("recompute_snapshots")
    assert "lights=" in capsys.readouterr().out and LightSnapshot.objects.exists()
