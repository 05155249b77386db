"""The task list and task page (tasks.views): the plan's text, responsibilities, deadlines and targets; filters that
live in the URL."""

from django.urls import reverse

from agencies.models import Agency
from tests.responses import element, html_of


def test_task_page_shows_text_responsibilities_deadline_and_targets(auth_client):
    html = html_of(auth_client.get(reverse("tasks:detail", args=["3.4.2"])))
    assert "提高重大设施设防水平" in html
    assert "实施144件大中型病险水闸" in html
    assert "省发展改革委" in html and "2025-12-31" in element(html, "deadline")
    assert '<td class="text-nowrap">=979件</td>' in html  # the target, with its comparator


def test_task_list_filters_live_in_the_url(auth_client):
    html = html_of(auth_client.get(reverse("tasks:list"), {"group": 2}))
    assert "推进完善法规制度架构" in html and "健全领导指挥体制" not in html
    water = Agency.objects.get(name="省水利厅")
    html = html_of(auth_client.get(reverse("tasks:list"), {"agency": water.pk, "role": "lead"}))
    assert "没有符合" in html  # 省水利厅 leads no task
    html = html_of(auth_client.get(reverse("tasks:list"), {"q": "预案"}))
    assert "完善预案管理机制" in html and "健全领导指挥体制" not in html


def test_bad_filter_value_is_explained_and_the_list_still_shows(auth_client):
    response = auth_client.get(reverse("tasks:list"), {"group": "99"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
