"""The allocation page (/indicators/<code>/allocation/): the difference from the provincial target is shown, a form
that does not add up is refused with the difference named, one that does is saved; coordinators only."""

from indicators.models import Allocation
from tests.factories import RESERVOIRS, even_split, prefectures


def test_the_page_shows_the_difference_and_refuses_then_saves(users, client_for):
    client = client_for("coordinator")
    url = f"/indicators/{RESERVOIRS}/allocation/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="allocation-difference"' in page.content.decode()
    form = {"action": "save", "version": 0} | {f"share-{p.pk}": str(v) for p, v in even_split().items()}
    form[f"share-{prefectures()[0].pk}"] = "80"
    refused = client.post(url, form)
    # 979 = 64 + 15 × 61; with 80 for the first prefecture the shares add up to 995, 16 more than the target.
    assert refused.status_code == 400
    assert 'role="alert">各州市分配合计为995，比全省目标979多16。' in refused.content.decode()
    assert not Allocation.objects.exists()
    saved = client.post(url, form | {f"share-{prefectures()[0].pk}": str(even_split()[prefectures()[0]])})
    assert saved.status_code == 302 and Allocation.objects.get().shares.count() == 16
    assert client_for("water").get(url).status_code == 403
    assert client_for("coordinator").get("/indicators/I03/allocation/").status_code == 200
