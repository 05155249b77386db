"""The daily supervision jobs at scale, each beside the read it starts from: the 督办单 run (notices_issue: from the
day's lights, a notice per unit and colour with its lines, addressees and urgent notifications) and the digests
(digests_send: each user's work queue and changes, written and mailed). bench/run.py's child calls measure_jobs
after django.setup(), next to measure_evaluation and with the same helpers.

Each run is rolled back (a savepoint inside one transaction that is rolled back at the end), so every repetition
does the whole day's work again (a second run on the same day would find it done and do nothing) and the database
is left as it was found; only its sequences move on. Mail is built as for sending and kept in memory (locmem): the
developer settings print it to the child's stdout, which carries the results to the parent."""

# What the 督办单 run starts from: the day's lights of every kind of subject a notice is issued on (items, and the
# units' parts of them), which it reads whole to find the red and yellow ones.
NOTICES_FLOOR = """SELECT kind, subject_id, light, assessment, reason FROM portal_lightsnapshot
                   WHERE date = (SELECT max(date) FROM portal_lightsnapshot)
                     AND kind IN ('task', 'key_project', 'safeguard', 'unit_part')"""
# What the digests start from: the reports still to be sent in, each with its items filled and in all (what a
# prefecture's reporter is told), the notices awaiting an answer per unit, and the users who read digests with their
# roles (whose queue each one gets).
DIGESTS_FLOOR = """SELECT r.prefecture_id, p.due_date, count(i.id), count(i.id) FILTER (WHERE i.narrative <> '')
                   FROM tasks_prefecturereport r JOIN tasks_reportingperiod p ON p.id = r.period_id
                   LEFT JOIN tasks_reportitem i ON i.report_id = r.id
                   WHERE r.status IN ('draft', 'returned') GROUP BY r.id, p.due_date;
                   SELECT agency_id, count(*) FROM notices_supervisionnotice WHERE state = 'awaiting'
                   GROUP BY agency_id;
                   SELECT u.id, u.email, u.agency_id, array_agg(a.role) FROM agencies_user u
                   JOIN agencies_roleassignment a ON a.user_id = u.id WHERE u.is_active GROUP BY u.id"""
IN_MEMORY_MAIL = "django.core.mail.backends.locmem.EmailBackend"


def measure_jobs(today, sql, side_by_side, stats, repeat: int) -> list[dict]:
    """Rows shaped as measure_evaluation's ({"name", "units", "subject", "floor"}): the 督办单 run, its units those
    that were issued a notice; the digests, run after the day's notices as reminders_send runs them, its units the
    digests written (one a user: each unit has its user, bench.data). `sql`, `side_by_side` and `stats` are
    bench/run.py's."""
    # Here, not at the top: bench/run.py imports this module before Django is set up in its child.
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from notices.services import notices_issue
    from reminders.services import digests_send

    counted = {}

    def notices():
        with transaction.atomic():
            run = notices_issue(today=today)
            counted["notices"] = len({notice.agency_id for notice in run.issued})
            transaction.set_rollback(True)

    def digests():
        with transaction.atomic():
            counted["digests"] = digests_send(today=today)
            transaction.set_rollback(True)
        mail.outbox = []  # what the run sent (locmem keeps every message): let go, as Django's test runner does

    rows = []
    with override_settings(EMAIL_BACKEND=IN_MEMORY_MAIL), transaction.atomic():
        subject, floor = side_by_side(notices, sql(NOTICES_FLOOR), repeat)
        rows.append({"name": "notices job", "units": counted["notices"], "subject": stats(subject),
                     "floor": stats(floor)})
        notices_issue(today=today)  # the day's notices, as the reminders job has issued them before its digests
        subject, floor = side_by_side(digests, sql(DIGESTS_FLOOR), repeat)
        rows.append({"name": "digests job", "units": counted["digests"], "subject": stats(subject),
                     "floor": stats(floor)})
        transaction.set_rollback(True)
    return rows
