"""allocation_save: allocating a provincial target to prefectures. Shares of a count add up (or the allocation is
partial with a reason), the refusal names the difference, the allocation is replaced whole under a version, and
only coordinators allocate, only indicators the prefectures report."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from core.errors import StaleVersionError
from indicators.models import Allocation, AllocationShare
from tests.factories import RESERVOIRS, allocation_saved, even_split, prefectures


def test_a_count_allocation_must_add_up_and_the_refusal_names_the_difference(users):
    shares = even_split()
    shares[prefectures()[1]] -= 29
    with pytest.raises(ValidationError) as refused:
        allocation_saved(shares, actor=users["coordinator"])
    message = " ".join(refused.value.messages)
    assert "950" in message and "29" in message and "979" in message
    assert not Allocation.objects.exists() and not AllocationShare.objects.exists()
    with pytest.raises(ValidationError) as no_reason:
        allocation_saved(shares, partial=True, actor=users["coordinator"])
    assert "partial_reason" in no_reason.value.message_dict
    allocation = allocation_saved(shares, partial=True, reason="两州市尚待核定", actor=users["coordinator"])
    assert allocation.is_partial and allocation.shares.count() == 16 and allocation.version == 1


def test_an_allocation_that_adds_up_is_saved_and_replaced_whole(users):
    allocation = allocation_saved(even_split(), actor=users["coordinator"])
    assert sum(allocation.shares.values_list("target_value", flat=True)) == 979
    kunming = Agency.objects.get(name="昆明市")
    changed = even_split() | {kunming: None, prefectures()[1]: even_split()[prefectures()[1]] + even_split()[kunming]}
    allocation = allocation_saved(changed, version=1, actor=users["coordinator"])
    assert allocation.version == 2 and not allocation.shares.filter(prefecture=kunming).exists()
    with pytest.raises(StaleVersionError):
        allocation_saved(even_split(), version=1, actor=users["coordinator"])
    assert Allocation.objects.get().version == 2


def test_only_coordinators_allocate_and_only_prefecture_counts_and_rates(users):
    with pytest.raises(PermissionDenied):
        allocation_saved(even_split(), actor=users["water"])
    with pytest.raises(ValidationError):  # I03 (aviation arrival time) is not reported by prefectures
        allocation_saved({prefectures()[0]: Decimal(2)}, code="I03", actor=users["coordinator"])
    with pytest.raises(ValidationError) as bad:
        allocation_saved(even_split() | {prefectures()[0]: Decimal("-1")}, actor=users["coordinator"])
    assert f"share-{prefectures()[0].pk}" in bad.value.message_dict
    with pytest.raises(ValidationError):  # not a prefecture
        allocation_saved(even_split() | {Agency.objects.get(name="省水利厅"): Decimal(1)},
                         actor=users["coordinator"])
    rates = {p: Decimal(95) for p in prefectures()}  # I29: each prefecture its own rate, no sum rule
    allocation = allocation_saved(rates, code="I29", actor=users["coordinator"])
    assert allocation.shares.count() == 16
    with pytest.raises(ValidationError):  # a rate above 100%
        allocation_saved(rates | {prefectures()[0]: Decimal(120)}, code="I29", version=1,
                         actor=users["coordinator"])
    assert not Allocation.objects.filter(indicator__code=RESERVOIRS).exists()
