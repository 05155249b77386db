"""The site's own 404 and 500 pages, in Chinese by default (not Django's English defaults)."""

from django.template.loader import render_to_string

from tests.responses import html_of


def test_the_404_page_is_the_sites_own_in_chinese(client_for):
    page = html_of(client_for("kunming").get("/no-such-page/"), status=404)
    assert "找不到该页面" in page and 'href="/"' in page and "Not Found" not in page


def test_the_500_page_renders_without_any_context_and_says_what_to_do():
    page = render_to_string("500.html")
    assert "系统出错" in page and "请返回上一页" in page and "Server error" in page
