"""Many rows of one model in one statement per batch, without building a model instance per
row: for the fan-outs (a request for help reaching thousands, a new post told to a group's
members), where `bulk_create` spent two thirds of its time turning instances into SQL
(docs/benchmarks.md, « Le réseau de confiance »). The statement is the one Django writes for
`bulk_create(ignore_conflicts=True)` on each database (INSERT OR IGNORE on SQLite, ON CONFLICT
DO NOTHING on PostgreSQL), from the backend's own pieces."""

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.utils import timezone

from entraide.core.lookups import array_literal


def insert_ignoring_conflicts(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int = 1000,
) -> None:
    """Insert `rows`, each the values of `columns` (field names or attnames such as
    `recipient_id`) in that order, as plain database values: ints, strings, None. Every other
    field of the model takes its default (a date added: now), the same for the whole call.
    A row that would break a unique constraint is skipped, as is a row repeated in `rows`.
    Sends no signal, as bulk_create sends none."""
    if not rows:
        return
    meta = model._meta
    given: list[models.Field[Any, Any]] = []
    for name in columns:
        field = meta.get_field(name)
        assert isinstance(field, models.Field), name  # a column, not a reverse relation
        given.append(field)
    others = [field for field in meta.concrete_fields if field not in given and not _is_auto(field)]
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    constants = [field.get_db_prep_save(_default(field, now), connection) for field in others]
    fields = [*given, *others]
    ops = connection.ops
    table = ops.quote_name(meta.db_table)
    names = ", ".join(ops.quote_name(str(field.column)) for field in fields)
    statement = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: a statement of a few placeholders whatever the rows
            # (psycopg parses a statement of thousands of them on every call).
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in given)
            fixed = "".join(f", %s::{field.db_type(connection)}" for field in others)
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                sql = (
                    f"{statement} {table} ({names}) SELECT *{fixed} FROM unnest({arrays}) {suffix}"  # noqa: S608 - names from the model's meta, values as parameters
                )
                cursor.execute(
                    sql,
                    [*constants, *(array_literal(column) for column in zip(*batch, strict=True))],
                )
            return
        one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        batch_size = max(1, min(batch_size, ops.bulk_batch_size(fields, rows)))
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            values = ", ".join([one_row] * len(batch))
            params = [value for row in batch for value in (*row, *constants)]
            cursor.execute(f"{statement} {table} ({names}) VALUES {values} {suffix}", params)


def _is_auto(field: Any) -> bool:
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _default(field: Any, now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()
