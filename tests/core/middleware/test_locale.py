"""PortalLocaleMiddleware: pages are Chinese by default, even for an English browser, and English when chosen."""

from django.urls import reverse

from tests.responses import html_of


def test_chinese_by_default_even_for_an_english_browser(auth_client):
    html = html_of(auth_client.get(reverse("tasks:list"), HTTP_ACCEPT_LANGUAGE="en-US,en"))
    assert '<html lang="zh-hans">' in html and "重点任务" in html


def test_english_when_chosen(auth_client):
    auth_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = html_of(auth_client.get(reverse("tasks:list")))
    assert '<html lang="en">' in html and "Tasks" in html
