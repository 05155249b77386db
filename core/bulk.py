"""Upsert of many rows at once: on PostgreSQL through COPY into a temporary table and one INSERT … ON CONFLICT;
elsewhere (the embedded SQLite of `make run`) the ORM's batched bulk_create.

Why: for the nightly snapshot (73,000 rows at national scale) the ORM spent longer building model instances
into SQL, a thousand rows at a time, than the database spent writing them (bench/, docs/performance.md)."""

import io
from datetime import date, datetime

from django.db import connection, transaction

BATCH = 1000


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def rows_upsert(model, rows: list[dict], *, unique_fields: list[str], update_fields: list[str]) -> None:
    """Insert `rows` ({field name: value}; a field left out takes its default), or update `update_fields` where
    `unique_fields` match. Plain dicts, not model instances: building 80,000 instances cost as much as writing."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH, update_conflicts=True,
                                  unique_fields=unique_fields, update_fields=update_fields)
        return
    defaults = {f.name: f.get_default() for f in fields}
    names = [f.name for f in fields]
    quote = connection.ops.quote_name
    table, incoming = quote(model._meta.db_table), quote(f"{model._meta.db_table}_incoming")
    columns = ", ".join(quote(f.column) for f in fields)
    data = io.StringIO()
    for row in rows:
        data.write("\t".join(_copy_text(row[name] if name in row else defaults[name]) for name in names))
        data.write("\n")
    data.seek(0)
    column_of = {f.name: f.column for f in fields}
    conflict = ", ".join(quote(column_of[name]) for name in unique_fields)
    updates = ", ".join(f"{quote(column_of[name])} = EXCLUDED.{quote(column_of[name])}" for name in update_fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {incoming} ON COMMIT DROP AS "
                       f"SELECT {columns} FROM {table} WITH NO DATA")
        cursor.copy_expert(f"COPY {incoming} ({columns}) FROM STDIN", data)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {incoming} "
                       f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}")
        cursor.execute(f"DROP TABLE {incoming}")
