"""allocation_trail: every change of a target's allocation (each prefecture's share, the partial flag and reason),
with who, when and through which channel; coordinators and auditors read it on the target's page."""

from decimal import Decimal

import time_machine

from core.channels import Channel
from indicators.models import Indicator
from indicators.selectors import allocation_trail
from indicators.services import allocation_save
from tests.factories import RESERVOIRS, allocation_saved, even_split
from tests.responses import element, html_of


def test_each_share_change_is_in_the_trail_with_its_channel(users, client_for):
    shares = even_split()
    kunming, dali = list(shares)[:2]
    with time_machine.travel("2025-03-01 09:00 +0800"):
        allocation_saved(shares, actor=users["coordinator"])
    with time_machine.travel("2025-04-01 09:00 +0800"):
        changed = dict(shares) | {kunming: shares[kunming] - 5, dali: None}
        allocation_save(indicator=Indicator.objects.get(code=RESERVOIRS), shares=changed, is_partial=True,
                        partial_reason="大理州目标待省政府批复", actor=users["coordinator"], expected_version=1,
                        channel=Channel.EXCEL)
    trail = allocation_trail(indicator=Indicator.objects.get(code=RESERVOIRS))
    first = [c for c in trail if c.when.month == 3]
    assert len(first) == 16 and all(c.old == "" and c.channel == "网页" for c in first)
    later = {(c.subject, c.field): c for c in trail if c.when.month == 4}
    assert (later[(str(kunming), "分配目标")].old, later[(str(kunming), "分配目标")].new) == (
        str(shares[kunming]), str(shares[kunming] - 5))
    assert (later[(str(dali), "分配目标")].old, later[(str(dali), "分配目标")].new) == (str(shares[dali]), "")
    assert later[("分配方案", "部分分配的原因")].new == "大理州目标待省政府批复"
    assert all(c.channel == "Excel上传" and c.user == users["coordinator"] for c in later.values())
    assert len(later) == 4  # two shares, the flag and the reason; the other fourteen shares did not change

    page = html_of(client_for("auditor").get(f"/indicators/{RESERVOIRS}/"))
    assert "大理州目标待省政府批复" in element(page, "allocation-trail")
    assert 'id="allocation-trail"' not in html_of(client_for("water").get(f"/indicators/{RESERVOIRS}/"))
    allocation_page = html_of(client_for("coordinator").get(f"/indicators/{RESERVOIRS}/allocation/"))
    assert str(shares[kunming] - 5) in element(allocation_page, "allocation-trail")
    assert Decimal(0) not in [c.new for c in trail]
