"""The load_plan management command."""

from django.core.management import call_command


def test_load_plan_command_reports_no_changes_on_rerun(plan, capsys):
    call_command("load_plan")
    assert "no changes" in capsys.readouterr().out
