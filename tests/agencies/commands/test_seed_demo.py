import re

from django.core.management import call_command
from django.urls import reverse

from agencies.models import User


def test_seed_demo_prints_working_accounts(plan, client, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    accounts = dict(re.findall(r"^\s+(\w+)\s+(\S+)\s", out, flags=re.MULTILINE))
    assert {"coordinator", "water", "kunming", "dali", "leader"} <= set(accounts)
    assert User.objects.get(username="kunming").agency.code == "530100"
    assert client.post(reverse("login"), {"username": "water", "password": accounts["water"]}).status_code == 302
    assert client.get(reverse("tasks:list")).status_code == 200
    call_command("seed_demo")  # a rerun resets the passwords instead of failing on existing users
    assert User.objects.filter(username="water").count() == 1
