"""Comment threads between the office and the units concerned, on an item (one per unit), a report's item and a
problem: each role reads the threads of its scope and no other prefecture's; the office and the unit write; a
mention tells the one mentioned at once (if they may read the thread); text is escaped; refusals change nothing."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from agencies.models import Agency
from comments.models import Comment
from comments.services import comment_add
from notifications.models import Notification
from problems.models import Problem
from problems.services import problems_collect
from tasks.models import Task
from tasks.selectors import item_detail_for
from tests.problems.conftest import report_with_problem
from tests.responses import html_of

KUNMING_PAGE = "/tasks/4.1/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-02 10:00 +0800"):
        yield


def unit(name):
    return Agency.objects.get(name=name)


@pytest.fixture
def task(plan):
    return item_detail_for(Task.objects.get(code="4.1"))  # 省消防救援总队 leads; 各州、市人民政府 behind it


@pytest.fixture
def threads(task, users):
    """The office writes to 昆明市 and to 大理州 on 4.1; 省消防救援总队 writes in its own thread."""
    comment_add(target=task, unit=unit("昆明市"), text="请昆明市说明进度", actor=users["coordinator"], url=KUNMING_PAGE)
    comment_add(target=task, unit=unit("大理白族自治州"), text="请大理州说明进度", actor=users["coordinator"],
                url=KUNMING_PAGE)
    comment_add(target=task, unit=unit("省消防救援总队"), text="总队已完成主体建设", actor=users["fire"],
                url=KUNMING_PAGE)


def thread_html(client, key):
    return client.get(f"/comments/thread/?target={key}&next={KUNMING_PAGE}")


ALL = {"昆明", "大理", "总队"}


@pytest.mark.parametrize(("who", "sees"), [
    ("coordinator", ALL), ("leader", ALL), ("auditor", ALL), ("water", ALL), ("fire", ALL),
    ("kunming", {"昆明", "总队"}), ("dali", {"大理", "总队"}),
])
def test_each_role_reads_the_threads_of_its_scope(threads, task, client_for, who, sees):
    page = html_of(thread_html(client_for(who), f"task:{task.pk}"))
    shown = {word for word, text in (("昆明", "请昆明市说明进度"), ("大理", "请大理州说明进度"),
                                     ("总队", "总队已完成主体建设")) if text in page}
    assert shown == sees


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_read_no_thread(threads, task, client_for, who):
    assert thread_html(client_for(who), f"task:{task.pk}").status_code == 404


def test_a_unit_writes_in_its_own_thread_only_and_the_office_is_told(task, users, client_for,
                                                                     django_capture_on_commit_callbacks):
    client = client_for("kunming")
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post("/comments/thread/", {"target": f"task:{task.pk}", "unit": unit("昆明市").pk,
                                                   "text": "<b>已完成70%</b>", "next": KUNMING_PAGE})
    assert posted.status_code == 200 and "&lt;b&gt;已完成70%&lt;/b&gt;" in posted.content.decode()
    assert "{#" not in posted.content.decode()  # the template's own comments stay out of the page
    told = Notification.objects.get(user=users["coordinator"], key__startswith="comment:")
    assert told.kind == "event" and told.url == KUNMING_PAGE
    for other in ("大理白族自治州", "省消防救援总队"):
        assert client.post("/comments/thread/", {"target": f"task:{task.pk}", "unit": unit(other).pk,
                                                 "text": "x"}).status_code == 403
    assert client_for("leader").post("/comments/thread/", {"target": f"task:{task.pk}", "unit": unit("昆明市").pk,
                                                           "text": "x"}).status_code == 403
    empty = client.post("/comments/thread/", {"target": f"task:{task.pk}", "unit": unit("昆明市").pk, "text": " "})
    assert "请填写评论内容" in empty.content.decode()
    assert Comment.objects.count() == 1
    assert client.post("/comments/thread/", {"target": "task:abc", "unit": "x", "text": "x"}).status_code == 404
    assert client.get("/comments/thread/?target=nope:1").status_code == 404


def test_a_mention_tells_the_one_mentioned_at_once_if_they_may_read_the_thread(task, users, client_for):
    comment = comment_add(target=task, unit=unit("昆明市"), text="@kunming @dali 请核实", actor=users["coordinator"],
                          url=KUNMING_PAGE)
    assert list(comment.mentions.all()) == [users["kunming"]]  # 大理州 may not read 昆明市's thread
    with pytest.raises(PermissionDenied):
        comment_add(target=task, unit=unit("大理白族自治州"), text="x", actor=users["kunming"], url="")


def test_threads_on_a_report_item_and_on_a_problem(users, period, client_for):
    _report, item = report_with_problem(period, users["kunming"])
    comment_add(target=item, unit=unit("昆明市"), text="请补充佐证", actor=users["coordinator"], url="")
    assert "请补充佐证" in html_of(thread_html(client_for("kunming"), f"report_item:{item.pk}"))
    assert thread_html(client_for("dali"), f"report_item:{item.pk}").status_code == 404
    problems_collect()
    problem = Problem.objects.get()
    comment_add(target=problem, unit=unit("昆明市"), text="已转省财政厅", actor=users["coordinator"], url="")
    assert "已转省财政厅" in html_of(thread_html(client_for("kunming"), f"problem:{problem.pk}"))
    assert thread_html(client_for("dali"), f"problem:{problem.pk}").status_code == 404
    assert "已转省财政厅" in html_of(thread_html(client_for("water"), f"problem:{problem.pk}"))
