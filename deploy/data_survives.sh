#!/usr/bin/env bash
# Proves that the migrations of a new tree leave the data of a database built by an old commit as it was: meant
# for refactorings that move models between apps (db_table kept through SeparateDatabaseAndState, content type
# app labels renamed), where nothing may be dropped, recreated or rewritten.
#
#   deploy/data_survives.sh OLD_COMMIT [NEW_TREE]
#
# OLD_COMMIT  the commit before the change; it builds the data, in a temporary worktree removed at the end.
# NEW_TREE    the tree whose migrations are checked (default: the work tree this script lives in, uncommitted
#             changes included).
#
# Steps: a fresh database (dropped first); with the OLD code: migrate, load_plan, bench_data --scale 1, a few
# writes through the old services (revisions, scope changes, a target revision, allocations, a status update,
# report review, a notification, an export, admin log entry, group permissions), recompute_progress; snapshot
# (deploy/table_checksums.py); with the NEW tree: migrate, migrate --check; snapshot again and compare.
#
# Prints a few summary lines; everything the steps write goes to var/data_survives/<time>/log.txt (with both
# snapshots). Exit 0: data survives; 1: data changed; 2: a step failed (see the log).
#
# Environment (all optional):
#   SURVIVE_PG_URL  server to use, default postgres://postgres@127.0.0.1:5432
#   SURVIVE_DB      database to build, default yunnan_survive; it is DROPPED, so its name must contain "survive"
#   KEEP_DB=1       keep the database at the end (to look at it); by default it is dropped
#   OLD_PYTHON, NEW_PYTHON  interpreters; default NEW_TREE/.venv (or this repository's .venv) for the new tree and
#                   this repository's .venv for the old one (a worktree has no .venv of its own)
set -euo pipefail

usage() { echo "usage: deploy/data_survives.sh OLD_COMMIT [NEW_TREE]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
old_commit="$(git -C "$repo" rev-parse --verify --quiet "$1^{commit}")" || { echo "not a commit: $1" >&2; exit 2; }
new_tree="$(cd "${2:-$repo}" && pwd)"
[[ -f "$new_tree/manage.py" ]] || { echo "no manage.py in $new_tree" >&2; exit 2; }

pg_url="${SURVIVE_PG_URL:-postgres://postgres@127.0.0.1:5432}"
db_name="${SURVIVE_DB:-yunnan_survive}"
# The database is dropped and rebuilt: refuse any name that could be a real one.
[[ "$db_name" == *survive* && "$db_name" =~ ^[a-z0-9_]+$ ]] || {
    echo "SURVIVE_DB must be lower-case letters, digits and _ and contain 'survive': $db_name" >&2; exit 2; }
database_url="$pg_url/$db_name"

# This repository's venv runs the checksum script (psycopg2) and, by default, the old code (same requirements).
repo_python="$repo/.venv/bin/python"
old_python="${OLD_PYTHON:-$repo_python}"
if [[ -n "${NEW_PYTHON:-}" ]]; then new_python="$NEW_PYTHON"
elif [[ -x "$new_tree/.venv/bin/python" ]]; then new_python="$new_tree/.venv/bin/python"
else new_python="$repo_python"; fi

run_dir="$repo/var/data_survives/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run_dir"
log="$run_dir/log.txt"
: >"$log"

# Scratch space: the old commit's worktree and a VAR_DIR for both trees (Celery's filesystem queue, exports),
# so neither the new tree's var/ nor anything else is written to.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/data_survives.XXXXXX")"
old_tree="$scratch/old"
export VAR_DIR="$scratch/var"
mkdir -p "$VAR_DIR/celery/queue" "$VAR_DIR/celery/processed" "$VAR_DIR/celery/control"

psql_admin() { psql "$pg_url/postgres" -v ON_ERROR_STOP=1 -qAtc "$1"; }

cleanup() {
    local status=$?
    if [[ -d "$old_tree" ]]; then git -C "$repo" worktree remove --force "$old_tree" >>"$log" 2>&1 || true; fi
    git -C "$repo" worktree prune >>"$log" 2>&1 || true
    rm -rf "$scratch"
    if [[ "${KEEP_DB:-}" == 1 ]]; then echo "database kept: $database_url" >>"$log"
    else psql_admin "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >>"$log" 2>&1 || true; fi
    exit "$status"
}
trap cleanup EXIT

# One step: its output goes to the log with a header and its duration; a failure names the step and stops.
step() {
    local what="$1" started=$SECONDS
    shift
    echo "== $what" >>"$log"
    if ! "$@" >>"$log" 2>&1; then
        echo "FAILED at: $what (log: $log)"
        exit 2
    fi
    echo "   ($((SECONDS - started)) s)" >>"$log"
}

# manage.py of a tree with its interpreter. REDIS_URL is cleared so the old services' "recompute soon" jobs and
# cache keys go to the scratch filesystem queue and local memory, never to a Redis another process uses.
manage() {
    local tree="$1" python="$2"
    shift 2
    (cd "$tree" && env -u REDIS_URL DATABASE_URL="$database_url" \
        DJANGO_SETTINGS_MODULE=yunnan_emergency.settings.local "$python" manage.py "$@")
}

# Writes through the old code's own services, so the tables the refactoring may move (plan revisions, allocations,
# report transitions, their history tables, notifications, exports) hold rows, and content type ids are
# referenced from permissions, groups and the admin log. Needs the services as they are at 9d1fa5d.
read -r -d '' OLD_WRITES <<'PY' || true
from datetime import date
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from agencies.models import Agency, User
from indicators.models import Indicator
from indicators.services import allocation_save, indicator_value_add
from portal.models import Export, Notification
from projects.models import KeyProject
from tasks.models import ItemScope, PlanRevision, PrefectureReport, Task
from tasks.reporting.services import report_accept, report_return
from tasks.revisions.services import indicator_revise_target, item_revise_deadline, item_set_scope
from tasks.services import item_update_status

actor = User.objects.get(username="coordinator")  # created by bench_data (demo users)
why = {"reason": "data_survives check", "reference": "云应急〔2025〕1号 2025-03-01", "actor": actor}

# Plan revisions: two deadlines, a task not applicable, a task merged into another.
task = Task.objects.get(code="1.1")
item_revise_deadline(item=task, deadline=date(2026, 6, 30), expected_version=task.version, **why)
project = KeyProject.objects.get(number=1)
item_revise_deadline(item=project, deadline=date(2027, 12, 31), expected_version=project.version, **why)
dropped = Task.objects.get(code="1.2")
item_set_scope(item=dropped, scope=ItemScope.NOT_APPLICABLE, expected_version=dropped.version, **why)
merged, into = Task.objects.get(code="2.1"), Task.objects.get(code="1.3")
item_set_scope(item=merged, scope=ItemScope.MERGED, merged_into=into, expected_version=merged.version, **why)

# Targets: I21 (count, 18) revised to 20 and allocated 4 x 2 + 12 x 1; I09 (count, 144) as 16 x 9; I01 (a rate)
# partially, one prefecture left out.
prefectures = list(Agency.objects.prefectures().order_by("order"))
i21 = Indicator.objects.get(code="I21")
indicator_revise_target(indicator=i21, target_value="20", target_year=2025, expected_version=i21.version, **why)
allocation_save(indicator=i21, shares={p: Decimal(2 if n < 4 else 1) for n, p in enumerate(prefectures)},
                is_partial=False, partial_reason="", actor=actor, expected_version=0)
i09 = Indicator.objects.get(code="I09")
allocation_save(indicator=i09, shares={p: Decimal(9) for p in prefectures}, is_partial=False, partial_reason="",
                actor=actor, expected_version=0)
i01 = Indicator.objects.get(code="I01")
allocation_save(indicator=i01, shares={p: Decimal(80) for p in prefectures[:-1]}, is_partial=True,
                partial_reason="one prefecture still to agree", actor=actor, expected_version=0)
indicator_value_add(indicator=i09, value=Decimal(100), as_of=date(2024, 12, 31), source="survive check", actor=actor)

status_task = Task.objects.get(code="1.4")
item_update_status(item=status_task, status="in_progress", percent=55, narrative="survive check", actor=actor,
                   expected_version=status_task.version)

# Report review: one returned (its reporters are notified, hence a demo prefecture's if one is submitted), one
# accepted.
submitted = PrefectureReport.objects.filter(status="submitted").order_by("pk")
report_return(report=submitted.filter(prefecture__name__in=["昆明市", "大理白族自治州"]).first() or submitted[0],
              reason="survive check: figures missing", actor=actor)
report_accept(report=PrefectureReport.objects.filter(status="submitted").order_by("pk").first(), actor=actor)

with transaction.atomic():
    Notification.objects.create(user=actor, key="data-survives", title="survive check", body="body", url="/")
    Export.objects.create(user=actor, filters={"year": 2025}, description="survive check", rows_total=3)
    revision = PlanRevision.objects.order_by("pk").first()
    LogEntry.objects.create(user=actor, content_type=ContentType.objects.get_for_model(PlanRevision),
                            object_id=str(revision.pk), object_repr=str(revision)[:200], action_flag=CHANGE,
                            change_message="survive check")
    group = Group.objects.create(name="survive check")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=["tasks", "indicators"],
                                                    codename__startswith="view_"))
    actor.groups.add(group)
    actor.user_permissions.add(Permission.objects.get(codename="change_planrevision"))
print("old writes done")
PY

checksums() { "$repo_python" "$here/table_checksums.py" "$@"; }

echo "data_survives: old $(git -C "$repo" rev-parse --short "$old_commit"), new $new_tree, log $log"
{
    echo "old commit: $old_commit ($old_python)"
    echo "new tree:   $new_tree at $(git -C "$new_tree" rev-parse HEAD 2>/dev/null || echo '?') ($new_python)"
    git -C "$new_tree" status --short 2>/dev/null | sed 's/^/   /' || true
    echo "database:   $database_url"
} >>"$log"

# Two commands: DROP/CREATE DATABASE cannot share one (implicitly transactional) query string.
step "drop database $db_name" psql_admin "DROP DATABASE IF EXISTS $db_name WITH (FORCE)"
step "create database $db_name" psql_admin "CREATE DATABASE $db_name"
step "worktree of $old_commit" git -C "$repo" worktree add --detach "$old_tree" "$old_commit"

step "old: migrate" manage "$old_tree" "$old_python" migrate --noinput
step "old: load_plan" manage "$old_tree" "$old_python" load_plan
# Five years of reports, entries, values and snapshots at Yunnan's size; also creates the demo users.
step "old: bench_data --scale 1" manage "$old_tree" "$old_python" bench_data --scale 1
step "old: writes through the services" manage "$old_tree" "$old_python" shell -c "$OLD_WRITES"
step "old: recompute_progress" manage "$old_tree" "$old_python" recompute_progress

step "snapshot before" checksums snapshot "$database_url" "$run_dir/before.json"

step "new: migrate" manage "$new_tree" "$new_python" migrate --noinput
step "new: migrate --check" manage "$new_tree" "$new_python" migrate --check

step "snapshot after" checksums snapshot "$database_url" "$run_dir/after.json"

# The comparison is the result: its lines go to stdout as well as the log.
echo "== compare" >>"$log"
set +e
checksums compare "$run_dir/before.json" "$run_dir/after.json" | tee -a "$log"
verdict=${PIPESTATUS[0]}
set -e
[[ $verdict -le 1 ]] || { echo "FAILED at: compare (log: $log)"; exit 2; }
exit "$verdict"
