"""The migrations build the schema the models describe, on SQLite and on PostgreSQL.

A model change without a new migration fails here: write one with
``python scripts/make_migrations.py --name NAME``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import asyncpg
import pytest
from tortoise import BaseDBAsyncClient, Tortoise
from tortoise.indexes import Index
from tortoise.models import Model

from services.migrations import (
    MIGRATION_LOCK_KEY,
    dialect_of,
    migrate,
    migration_files,
    pending_model_changes,
)

FRESH_DATABASE = "pakongklab_fresh_migration"


@dataclass
class TableSchema:
    """Columns and indexes of one table as the database reports them."""

    columns: dict[str, bool] = field(default_factory=dict)  # column name -> nullable
    indexes: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)  # (columns, unique)


# --- Reading the schema from the database --------------------------------------------------


async def read_schema(connection: BaseDBAsyncClient, dialect: str) -> dict[str, TableSchema]:
    if dialect == "postgres":
        return await _read_postgres_schema(connection)
    return await _read_sqlite_schema(connection)


async def _read_sqlite_schema(connection: BaseDBAsyncClient) -> dict[str, TableSchema]:
    schema: dict[str, TableSchema] = {}
    _, tables = await connection.execute_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for row in tables:
        table = TableSchema()
        _, columns = await connection.execute_query(f'PRAGMA table_info("{row["name"]}")')
        for column in columns:
            table.columns[column["name"]] = not column["notnull"] and not column["pk"]
        _, indexes = await connection.execute_query(f'PRAGMA index_list("{row["name"]}")')
        for index in indexes:
            _, parts = await connection.execute_query(f'PRAGMA index_info("{index["name"]}")')
            names = tuple(part["name"] for part in sorted(parts, key=lambda part: part["seqno"]))
            table.indexes.append((names, bool(index["unique"])))
        schema[row["name"]] = table
    return schema


async def _read_postgres_schema(connection: BaseDBAsyncClient) -> dict[str, TableSchema]:
    schema: dict[str, TableSchema] = {}
    _, columns = await connection.execute_query(
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    )
    for column in columns:
        table = schema.setdefault(column["table_name"], TableSchema())
        table.columns[column["column_name"]] = column["is_nullable"] == "YES"

    _, indexes = await connection.execute_query(
        """
        SELECT tbl.relname AS table_name, ix.indisunique AS is_unique,
               array_agg(att.attname ORDER BY key.position) AS column_names
        FROM pg_index AS ix
        JOIN pg_class AS tbl ON tbl.oid = ix.indrelid
        JOIN pg_namespace AS ns ON ns.oid = tbl.relnamespace
        CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS key(attnum, position)
        JOIN pg_attribute AS att ON att.attrelid = tbl.oid AND att.attnum = key.attnum
        WHERE ns.nspname = current_schema()
        GROUP BY ix.indexrelid, tbl.relname, ix.indisunique
        """
    )
    for index in indexes:
        table = schema.setdefault(index["table_name"], TableSchema())
        table.indexes.append((tuple(index["column_names"]), index["is_unique"]))
    return schema


# --- What the models expect -----------------------------------------------------------------


def all_models() -> list[type[Model]]:
    return [model for app in Tortoise.apps.values() for model in app.values()]


def column_of(model: type[Model], field_name: str) -> str:
    """Return the column of a field, following a foreign key to its ``_id`` column."""
    meta = model._meta
    source = getattr(meta.fields_map[field_name], "source_field", None) or field_name
    return meta.fields_db_projection[source]


def expected_indexes(model: type[Model]) -> list[tuple[tuple[str, ...], bool]]:
    """Return (columns, unique) for each index and unique constraint the model declares."""
    meta = model._meta
    expected = []
    for declared in meta.indexes:
        names = declared.fields if isinstance(declared, Index) else declared
        expected.append((tuple(column_of(model, name) for name in names), False))
    for names in meta.unique_together:
        expected.append((tuple(column_of(model, name) for name in names), True))
    for name, column in meta.fields_db_projection.items():
        model_field = meta.fields_map[name]
        if model_field.unique and not model_field.pk:
            expected.append(((column,), True))
    return expected


# --- Tests -----------------------------------------------------------------------------------


async def test_every_model_table_exists(db, database_url):
    schema = await read_schema(db, dialect_of(database_url))

    tables = {model._meta.db_table for model in all_models()}
    missing = sorted(tables - set(schema))

    assert missing == []


async def test_model_columns_exist_with_nullability(db, database_url):
    schema = await read_schema(db, dialect_of(database_url))

    for model in all_models():
        table = schema[model._meta.db_table]
        for name, column in model._meta.fields_db_projection.items():
            model_field = model._meta.fields_map[name]
            assert column in table.columns, f"{model._meta.db_table}.{column} is missing"
            expected_nullable = bool(model_field.null) and not model_field.pk
            assert table.columns[column] == expected_nullable, (
                f"{model._meta.db_table}.{column}: nullable is {table.columns[column]}, "
                f"the model says {expected_nullable}"
            )


async def test_schema_has_no_extra_columns(db, database_url):
    schema = await read_schema(db, dialect_of(database_url))

    for model in all_models():
        expected = set(model._meta.fields_db_projection.values())
        extra = sorted(set(schema[model._meta.db_table].columns) - expected)
        assert extra == [], f"{model._meta.db_table} has columns no model field maps to"


async def test_every_declared_index_exists(db, database_url):
    schema = await read_schema(db, dialect_of(database_url))

    for model in all_models():
        present = schema[model._meta.db_table].indexes
        for columns, unique in expected_indexes(model):
            matching = [index for index in present if index[0] == columns and (index[1] or not unique)]
            assert matching, (
                f"{model._meta.db_table}: no {'unique ' if unique else ''}index on {columns}"
            )


async def test_models_match_last_migration(db, database_url):
    changes = await pending_model_changes(database_url)

    assert changes == [], (
        "The models changed after the last migration. Run "
        "`python scripts/make_migrations.py --name NAME`. Pending SQL:\n" + "\n".join(changes)
    )


async def test_migrate_is_noop_when_up_to_date(db, database_url):
    assert await migrate(database_url) == []


async def test_migrate_builds_empty_database(db, database_url, tmp_path):
    dialect = dialect_of(database_url)
    expected = [path.name for path in migration_files(dialect)]

    if dialect == "sqlite":
        fresh_url = f"sqlite://{tmp_path / 'fresh.sqlite3'}"
        assert await migrate(fresh_url) == expected
        assert await migrate(fresh_url) == []
        return

    # PostgreSQL: a second database on the same server, dropped afterwards.
    await db.execute_script(f'DROP DATABASE IF EXISTS "{FRESH_DATABASE}"')
    await db.execute_script(f'CREATE DATABASE "{FRESH_DATABASE}"')
    fresh_url = database_url.rsplit("/", 1)[0] + f"/{FRESH_DATABASE}"
    try:
        assert await migrate(fresh_url) == expected
        assert await migrate(fresh_url) == []
    finally:
        await db.execute_script(f'DROP DATABASE IF EXISTS "{FRESH_DATABASE}" WITH (FORCE)')


async def test_migrate_waits_for_migration_lock(db, database_url):
    if dialect_of(database_url) != "postgres":
        pytest.skip("only PostgreSQL migrations take a lock")
    holder = await asyncpg.connect(dsn=database_url)
    await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)

    try:
        waiting = asyncio.create_task(migrate(database_url))
        await asyncio.sleep(0.5)
        assert not waiting.done(), "migrate() did not wait for the lock another session held"
    finally:
        await holder.close()

    assert await asyncio.wait_for(waiting, timeout=30) == []
