"""Bulk SQL for the imports: plain parameter lists, the same code on SQLite and PostgreSQL.

The ORM's ``bulk_create`` builds a model instance per row, which costs more than the
database work at the sizes the imports handle. These helpers send plain parameter lists
with ``executemany`` and select rows by key in slices.

Values are Python objects (``str``, ``int``, ``bool``, ``date``, aware ``datetime``, None);
asyncpg types them from the target columns, and Tortoise registers SQLite adapters for
dates and datetimes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from tortoise import BaseDBAsyncClient
from tortoise.models import Model

# Keys per ``IN (...)`` list. Both backends accept far more parameters per statement
# (SQLite 3.32+ 32,766, PostgreSQL 32,767), but lists of 1,000 keep each statement and its plan small.
MAX_KEYS_PER_STATEMENT = 1_000


def dialect(connection: BaseDBAsyncClient) -> str:
    """Return ``sqlite`` or ``postgres``."""
    return connection.capabilities.dialect


def placeholders(connection: BaseDBAsyncClient, count: int, start: int = 1) -> list[str]:
    """Return ``count`` parameter markers in the connection's style, numbered from ``start``."""
    if dialect(connection) == "postgres":
        return [f"${number}" for number in range(start, start + count)]
    return ["?"] * count


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def remaining_columns(model: type[Model], given_columns: Sequence[str], now: dt.datetime) -> tuple[list[str], tuple]:
    """Return the columns of ``model`` that ``given_columns`` leaves out, and the values to insert there.

    The values are the fields' defaults: ``now`` for ``auto_now``/``auto_now_add`` fields,
    the declared default, or NULL. A generated primary key is left to the database. Raises
    ``ValueError`` for a required column without a default, so a new model field that the
    import does not know about fails loudly instead of writing a wrong value.
    """
    columns, values = [], []
    for name, column in model._meta.fields_db_projection.items():
        if column in given_columns:
            continue
        field = model._meta.fields_map[name]
        if field.pk and getattr(field, "generated", False):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        elif field.default is not None:
            value = field.default() if callable(field.default) else field.default
        elif field.null:
            value = None
        else:
            raise ValueError(f"{model.__name__}.{name} has no default: the bulk insert must give a value.")
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, (dict, list)):
            value = json.dumps(value)
        columns.append(column)
        values.append(value)
    return columns, tuple(values)


async def insert_rows(
    connection: BaseDBAsyncClient,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``); return the count.

    PostgreSQL gets the rows through ``COPY`` (asyncpg's ``copy_records_to_table``), SQLite
    through ``executemany``. Both run inside the caller's transaction, and triggers and
    foreign-key checks fire as for any INSERT.
    """
    if not rows:
        return 0
    if dialect(connection) == "postgres":
        async with connection.acquire_connection() as raw:
            await raw.copy_records_to_table(table, records=rows, columns=list(columns))
        return len(rows)
    column_list = ", ".join(quote(column) for column in columns)
    markers = ", ".join(placeholders(connection, len(columns)))
    await connection.execute_many(
        f"INSERT INTO {quote(table)} ({column_list}) VALUES ({markers})", [list(row) for row in rows]
    )
    return len(rows)


async def update_rows(
    connection: BaseDBAsyncClient,
    table: str,
    key_column: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    increment: Iterable[str] = (),
) -> int:
    """Update one row per tuple of ``rows``: the values of ``columns``, then the key value.

    Each column named in ``increment`` also grows by one, as a version counter does.
    """
    if not rows:
        return 0
    markers = placeholders(connection, len(columns) + 1)
    assignments = [f"{quote(column)} = {marker}" for column, marker in zip(columns, markers)]
    assignments += [f"{quote(column)} = {quote(column)} + 1" for column in increment]
    sql = f"UPDATE {quote(table)} SET {', '.join(assignments)} WHERE {quote(key_column)} = {markers[-1]}"
    await connection.execute_many(sql, [list(row) for row in rows])
    return len(rows)


async def select_where_in(
    connection: BaseDBAsyncClient,
    sql: str,
    column: str,
    keys: Sequence[Any],
) -> list[dict]:
    """Run ``sql`` once per slice of ``keys``, with ``{where}`` replaced by ``column IN (...)``."""
    found: list[dict] = []
    for start in range(0, len(keys), MAX_KEYS_PER_STATEMENT):
        batch = list(keys[start:start + MAX_KEYS_PER_STATEMENT])
        where = f"{quote(column)} IN ({', '.join(placeholders(connection, len(batch)))})"
        found.extend(await connection.execute_query_dict(sql.replace("{where}", where), batch))
    return found
