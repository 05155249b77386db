#!/usr/bin/env python3
"""Row counts and checksums of every table in a PostgreSQL database, and a comparison of two such snapshots.

Used by deploy/data_survives.sh to show that a migration (e.g. models moved between apps, db_table kept) leaves
the data as it was. Standalone: needs only psycopg2, no Django.

    table_checksums.py snapshot DATABASE_URL OUT.json
    table_checksums.py compare BEFORE.json AFTER.json     exit 0: same data, 1: data changed

What a snapshot holds, per table of the public schema (django_migrations left out: a new migration adds its row
there by design):
- the row count and a checksum: md5 of the sorted md5s of the rows' text (`t::text`), i.e. the same as
  md5(string_agg(t::text ... ORDER BY ...)) but keeping the per-row md5s, so a difference can say how many rows
  were added and removed (an UPDATE shows as one of each);
- the columns (name and type), since a renamed column would keep every value and so the checksum;
- the value of the table's id sequence: a table rebuilt by a migration restarts it, and the next insert then
  collides with existing ids although every row is still there.
django_content_type is checksummed without app_label (only id and model): moving models renames app labels on
purpose, and ids must not change (permissions, admin log entries and generic relations point to them). The
app label changes are printed as information.
"""

import hashlib
import json
import sys
from collections import Counter

import psycopg2

SKIPPED_TABLES = {"django_migrations"}
# Checksummed on these columns only; see the module docstring.
ROW_EXPRESSIONS = {"django_content_type": "ROW(t.id, t.model)"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def snapshot(database_url: str) -> dict:
    connection = psycopg2.connect(database_url)
    # One consistent view of the whole database, and a text form of the rows that does not depend on the
    # session: timestamps printed in UTC, dates in ISO, floats with every digit.
    connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
    tables, sequences, content_types = {}, {}, {}
    with connection, connection.cursor() as cursor:
        for setting in ("TimeZone TO 'UTC'", "DateStyle TO 'ISO, YMD'", "IntervalStyle TO 'postgres'",
                        "extra_float_digits TO 3", "bytea_output TO 'hex'"):
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute("""SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname""")
        names = [name for (name,) in cursor.fetchall() if name not in SKIPPED_TABLES]
        for name in names:
            cursor.execute("""SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                              WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
                              ORDER BY a.attnum""", [f"public.{_quote(name)}"])
            columns = [f"{column} {type_}" for column, type_ in cursor.fetchall()]
            row = ROW_EXPRESSIONS.get(name, "t")
            cursor.execute(f"SELECT md5(({row})::text) FROM public.{_quote(name)} t")
            row_hashes = sorted(digest for (digest,) in cursor.fetchall())
            tables[name] = {
                "rows": len(row_hashes),
                "checksum": hashlib.md5("\n".join(row_hashes).encode()).hexdigest(),
                "columns": columns,
                "row_hashes": row_hashes,
            }
        # Sequences owned by a column (serial and identity ids), by table and column.
        cursor.execute("""SELECT t.relname || '.' || a.attname, s.last_value
                          FROM pg_depend d JOIN pg_class q ON q.oid = d.objid AND q.relkind = 'S'
                          JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                          JOIN pg_sequences s ON s.schemaname = n.nspname AND s.sequencename = q.relname
                          WHERE n.nspname = 'public' AND d.deptype IN ('a', 'i') ORDER BY 1""")
        sequences = {column: last_value for column, last_value in cursor.fetchall()
                     if column.split(".")[0] not in SKIPPED_TABLES}
        if "django_content_type" in tables:
            cursor.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id")
            content_types = {str(id_): f"{app_label}.{model}" for id_, app_label, model in cursor.fetchall()}
    connection.close()
    return {"tables": tables, "sequences": sequences, "content_types": content_types}


def compare(before: dict, after: dict) -> tuple[list[str], list[str], bool]:
    """(lines about differences, lines of information, whether the data is the same)."""
    differences, information = [], []
    old, new = before["tables"], after["tables"]
    for name in sorted(old.keys() - new.keys()):
        differences.append(f"DISAPPEARED {name}: had {old[name]['rows']} rows")
    for name in sorted(new.keys() - old.keys()):
        differences.append(f"APPEARED {name}: {new[name]['rows']} rows")
    for name in sorted(old.keys() & new.keys()):
        a, b = old[name], new[name]
        problems = []
        if a["rows"] != b["rows"] or a["checksum"] != b["checksum"]:
            gone = Counter(a["row_hashes"]) - Counter(b["row_hashes"])
            added = Counter(b["row_hashes"]) - Counter(a["row_hashes"])
            problems.append(f"rows {a['rows']} -> {b['rows']}, checksum "
                            f"{'changed' if a['checksum'] != b['checksum'] else 'unchanged'} "
                            f"(+{sum(added.values())} -{sum(gone.values())} rows; an updated row counts in both)")
        if a["columns"] != b["columns"]:
            problems.append(f"columns {_column_change(a['columns'], b['columns'])}")
        if problems:
            differences.append(f"CHANGED {name}: " + "; ".join(problems))
    old_seq, new_seq = before["sequences"], after["sequences"]
    for column in sorted(old_seq.keys() | new_seq.keys()):
        # Only tables present in both: one that appeared or disappeared is reported above with its sequence.
        table = column.split(".")[0]
        if table in old and table in new and old_seq.get(column, "absent") != new_seq.get(column, "absent"):
            differences.append(f"CHANGED sequence of {column}: last value {_last(old_seq, column)} -> "
                               f"{_last(new_seq, column)}")
    old_ct, new_ct = before["content_types"], after["content_types"]
    for id_ in sorted(old_ct.keys() & new_ct.keys(), key=int):
        if old_ct[id_] != new_ct[id_]:
            information.append(f"info: content type {id_}: {old_ct[id_]} -> {new_ct[id_]}")
    return differences, information, not differences


def _last(sequences: dict, column: str) -> str:
    if column not in sequences:
        return "no sequence"
    return "never used" if sequences[column] is None else str(sequences[column])


def _column_change(old: list[str], new: list[str]) -> str:
    removed = [c for c in old if c not in new]
    added = [c for c in new if c not in old]
    if not removed and not added:
        return "reordered"
    return ", ".join([*(f"-[{c}]" for c in removed), *(f"+[{c}]" for c in added)])


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "snapshot":
        data = snapshot(argv[2])
        with open(argv[3], "w", encoding="utf-8") as out:
            json.dump(data, out)
        print(f"snapshot: {len(data['tables'])} tables, {sum(t['rows'] for t in data['tables'].values())} rows "
              f"-> {argv[3]}")
        return 0
    if len(argv) == 4 and argv[1] == "compare":
        with open(argv[2], encoding="utf-8") as a, open(argv[3], encoding="utf-8") as b:
            before, after = json.load(a), json.load(b)
        differences, information, same = compare(before, after)
        for line in [*information, *differences]:
            print(line)
        if same:
            print(f"data survives: {len(before['tables'])} tables, all row counts and checksums unchanged")
            return 0
        print(f"DATA CHANGED: {len(differences)} difference(s) in {len(before['tables'])} tables compared "
              f"(see the lines above)")
        return 1
    print(__doc__.split("\n\n")[2], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
