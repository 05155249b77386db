"""The allocation over the API (/api/v1/indicators/<code>/allocation/): the same rules as the page, a version, and
each reporter reading only its own share."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Allocation
from tests.factories import RESERVOIRS, allocation_saved, even_split, prefectures
from tests.responses import json_of


def test_allocation_over_the_api(users, client_for):
    url = f"/api/v1/indicators/{RESERVOIRS}/allocation/"
    coordinator = client_for("coordinator")
    empty = json_of(coordinator.get(url))
    assert empty["version"] == 0 and len(empty["shares"]) == 16 and set(empty["shares"].values()) == {None}
    shares = {p.code: str(v) for p, v in even_split().items()}
    body = {"shares": shares | {prefectures()[0].code: "0"}, "version": 0}
    refused = coordinator.put(url, body, content_type="application/json")
    assert refused.status_code == 400 and "915" in str(refused.json()) and not Allocation.objects.exists()
    unknown = coordinator.put(url, {"shares": {"999999": "1"}, "version": 0}, content_type="application/json")
    assert unknown.status_code == 400 and "shares" in unknown.json()["fields"]
    assert client_for("water").put(url, {"shares": shares, "version": 0},
                                   content_type="application/json").status_code == 403
    saved = json_of(coordinator.put(url, {"shares": shares, "version": 0}, content_type="application/json"))
    assert (saved["version"], saved["total"], saved["difference"]) == (1, 979, 0)
    # recorded with who and through which channel, the allocation and each share
    allocation = Allocation.objects.get()
    assert [(r.history_user.username, r.history_change_reason) for r in allocation.history.all()] == [
        ("coordinator", "api")]
    assert {(r.history_user.username, r.history_change_reason)
            for share in allocation.shares.all() for r in share.history.all()} == {("coordinator", "api")}
    stale = coordinator.put(url, {"shares": shares, "version": 0}, content_type="application/json")
    assert stale.status_code == 409


def test_reporters_read_only_their_own_share_and_oversized_numbers_are_refused(users, client_for):
    allocation_saved(even_split(), actor=users["coordinator"])
    url = f"/api/v1/indicators/{RESERVOIRS}/allocation/"
    kunming = json_of(client_for("kunming").get(url))
    assert kunming["shares"] == {users["kunming"].agency.code: float(even_split()[users["kunming"].agency])}
    assert kunming["total"] is None and kunming["difference"] is None
    assert len(json_of(client_for("water").get(url))["shares"]) == 16
    # 9999999999.99999 rounds to 10,000,000,000 at four places: refused, not an overflow
    huge = even_split() | {prefectures()[0]: Decimal("9999999999.99999")}
    with pytest.raises(ValidationError):
        allocation_saved(huge, partial=True, reason="试算", version=1, actor=users["coordinator"])
    assert Allocation.objects.get().version == 1
