"""The first plan browser: sign-in, every page renders the plan, Chinese by default, English on request."""

import pytest
from django.urls import reverse

from agencies.models import Agency

PAGES = [
    reverse("dashboard:home"),
    reverse("tasks:list"),
    reverse("tasks:detail", args=["3.4.2"]),
    reverse("projects:list"),
    reverse("projects:detail", args=[8]),
    reverse("indicators:list"),
    reverse("agencies:list"),
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_sign_in(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_a_fixed_number_of_queries(auth_client, url, django_assert_max_num_queries):
    # 20: a coordinator's item page also loads the item's plan revisions and the tasks it could be merged into.
    with django_assert_max_num_queries(20):
        response = auth_client.get(url)
    assert response.status_code == 200


def test_sign_in_with_a_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_wrong_password_is_refused_in_chinese(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_task_page_shows_text_responsibilities_deadline_and_targets(auth_client):
    html = auth_client.get(reverse("tasks:detail", args=["3.4.2"])).content.decode()
    assert "提高重大设施设防水平" in html
    assert "实施144件大中型病险水闸" in html
    assert "省发展改革委" in html and "2025-12-31" in html
    assert "979件" in html and "=979件" in html


def test_task_list_filters_live_in_the_url(auth_client):
    html = auth_client.get(reverse("tasks:list"), {"group": 2}).content.decode()
    assert "推进完善法规制度架构" in html and "健全领导指挥体制" not in html
    water = Agency.objects.get(name="省水利厅")
    html = auth_client.get(reverse("tasks:list"), {"agency": water.pk, "role": "lead"}).content.decode()
    assert "没有符合" in html  # 省水利厅 leads no task
    html = auth_client.get(reverse("tasks:list"), {"q": "预案"}).content.decode()
    assert "完善预案管理机制" in html and "健全领导指挥体制" not in html


def test_bad_filter_value_is_explained_and_the_list_still_shows(auth_client):
    response = auth_client.get(reverse("tasks:list"), {"group": "99"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


@pytest.mark.parametrize("url", ["/tasks/9.9.9/", "/key-projects/99/"])
def test_unknown_items_are_404(auth_client, url):
    assert auth_client.get(url).status_code == 404


def test_chinese_by_default_even_for_an_english_browser(auth_client):
    html = auth_client.get(reverse("tasks:list"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="zh-hans">' in html and "重点任务" in html


def test_english_when_chosen(auth_client):
    auth_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = auth_client.get(reverse("tasks:list")).content.decode()
    assert '<html lang="en">' in html and "Tasks" in html


def test_admin_is_in_chinese(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "任务" in html and "责任单位" in html


def test_every_model_has_an_admin_page(client, user):
    from django.apps import apps
    from django.contrib import admin

    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    for app in ("agencies", "tasks", "projects", "indicators"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                assert not admin.site.is_registered(model)  # history is read on the item pages, never edited
                continue
            assert admin.site.is_registered(model), model
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
