"""#20: no default or untranslated labels in the list filters and the navigation bar: descending sorts, empty
choices and the overdue filter read in Chinese; the language button names English in English."""

from django.contrib.staticfiles import finders

from tests.responses import html_of


def test_the_task_list_filters_and_language_button_read_as_the_portal_speaks(users, client_for):
    page = html_of(client_for("coordinator").get("/tasks/"))
    assert "编号（倒序）" in page and "(descending)" not in page
    assert "---------" not in page and "未知" not in page
    assert '<option value="true">是</option>' in page and '<option value="false">否</option>' in page
    assert 'lang="en">English</button>' in page and "英语" not in page
    assert "(descending)" not in html_of(client_for("coordinator").get("/key-projects/"))


def test_icons_are_vendored_svg_not_emoji_and_the_site_has_a_favicon(users, client_for):
    page = html_of(client_for("kunming").get("/tasks/"))
    assert "🔔" not in page and '<svg aria-hidden="true" focusable="false"' in page and "bi-bell" in page
    assert 'rel="icon" href="/static/portal/favicon.svg"' in page
    assert finders.find("portal/favicon.svg") is not None


def test_the_search_finds_codes_and_responsible_units(users, client_for):
    client = client_for("coordinator")
    by_code = html_of(client.get("/tasks/?q=5.1.2"))
    assert "/tasks/5.1.2/" in by_code and "/tasks/4.1/" not in by_code
    by_unit = html_of(client.get("/tasks/?q=水利厅"))  # 省水利厅 answers for 3.4.1, not for 4.1
    assert "/tasks/3.4.1/" in by_unit and "/tasks/4.1/" not in by_unit
    assert "/key-projects/1/" in html_of(client.get("/key-projects/?q=1"))


def test_no_form_offers_djangos_dashes_as_its_empty_choice(users, client_for):
    """The export's filters offer 全部; the forms of an item page (units, contacts, merged into) 请选择… or —."""
    client = client_for("coordinator")
    export = html_of(client.get("/exports/"))
    assert '<option value="" selected>全部</option>' in export
    for path in ("/exports/", "/tasks/5.1.2/", "/supervision/assignments/", "/plan-changes/"):
        assert "---------" not in html_of(client.get(path)), path


def test_the_navigation_groups_the_plan_and_the_supervision_loop_and_hides_the_plan_from_administrators(
        users, client_for):
    page = html_of(client_for("coordinator").get("/tasks/"))
    assert 'id="nav-plan"' in page and 'id="nav-supervision"' in page and ">督办<" in page
    assert 'class="nav-link dropdown-toggle active"' in page  # the plan's menu, on a plan page
    administrator = html_of(client_for("sysadmin").get("/accounts/password/"))
    assert 'id="nav-plan"' not in administrator and 'href="/tasks/"' not in administrator
