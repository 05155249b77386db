"""The benchmark generator (bench.data): every count it promises grows N-fold with the scale (a small run: N=3, a
few months)."""

import pytest

from agencies.models import Agency, AgencyKind, User
from bench.data import bench_data, table_counts
from supervision.permissions import answering_for_their_unit


@pytest.mark.django_db
def test_counts_scale_with_n(plan, postgresql):
    base = table_counts()
    base_units = set(Agency.objects.exclude(kind=AgencyKind.COLLECTIVE).values_list("pk", flat=True))
    report = bench_data(scale=3, months=2, periods=2)
    counts = report.counts
    for name in ("agencies", "prefectures", "tasks", "key_projects", "indicators"):
        assert counts[name] == 3 * base[name], name
    assert counts["prefectures"] == 48
    assert counts["periods"] == 2
    assert counts["reports"] == 48 * 2
    items = counts["tasks"] + counts["key_projects"]
    assert counts["progress_entries"] == items * 2  # one lead-unit update a month
    assert counts["indicator_values"] == counts["indicators"] * 2
    assert counts["light_snapshots"] == (items + counts["indicators"]) * 2
    # Every copy's prefectures report the same items and indicators as Yunnan's.
    assert counts["report_items"] % counts["reports"] == 0 and counts["report_items"] > 20 * counts["reports"]
    assert counts["report_lines"] == counts["reports"] * 16
    # Every unit but a collective has a user answering for it, with an address: the day's notices and digests
    # reach someone in every copy.
    units = set(Agency.objects.exclude(kind=AgencyKind.COLLECTIVE).values_list("pk", flat=True))
    answering = User.objects.filter(answering_for_their_unit(), is_active=True).exclude(email="")
    assert set(answering.values_list("agency_id", flat=True)) == units
    assert User.objects.filter(username__startswith="unit-").count() == len(units) == 3 * len(
        [pk for pk in units if pk in base_units])


@pytest.mark.django_db
def test_refuses_to_run_twice(plan, postgresql):
    bench_data(scale=1, months=1, periods=1)
    with pytest.raises(RuntimeError):
        bench_data(scale=1, months=1, periods=1)
