"""Fixtures shared by the whole suite: database backends, empty tables and reference data.

A test that requests ``db`` (or anything built on ``database_url``) runs once per backend:
SQLite in a temporary file, then PostgreSQL in a throwaway cluster (``tests/pg_cluster.py``)
or the server named by ``PAKONGKLAB_TEST_POSTGRES_URL``. Tests that use no database run once.
``PAKONGKLAB_TEST_BACKENDS=sqlite`` (a comma-separated list) limits the backends for a quick
local run.

Each backend's database is built by the project's real migrations, not by
``generate_schemas``, so the tests also prove the migrations.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tortoise import BaseDBAsyncClient, Tortoise, connections
from tortoise.context import TortoiseContext
from tortoise.exceptions import ConfigurationError, IntegrityError, OperationalError

from pg_cluster import throwaway_postgres, unavailable_reason
from services.db import tortoise_config
from services.migrations import clear_tortoise_statement_cache, dialect_of, migrate

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA_DIR = REPO_ROOT.parent / "shared" / "data"

BACKENDS = ("sqlite", "postgres")
BACKENDS_VARIABLE = "PAKONGKLAB_TEST_BACKENDS"


# --- Backend selection ---------------------------------------------------------------------


def selected_backends() -> list[str]:
    """Return the backends named by ``PAKONGKLAB_TEST_BACKENDS``, or all of them when unset."""
    raw = os.environ.get(BACKENDS_VARIABLE, "")
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    if not names:
        return list(BACKENDS)
    unknown = sorted(set(names) - set(BACKENDS))
    if unknown:
        raise pytest.UsageError(
            f"{BACKENDS_VARIABLE}={raw!r} names unknown backends {unknown}: "
            f"use a comma-separated list of {', '.join(BACKENDS)}."
        )
    return [name for name in BACKENDS if name in names]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session", params=selected_backends())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of an empty database of one backend, kept for the whole session of that backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "pakongklab_test.sqlite3"
        yield f"sqlite://{path}"
        return

    reason = unavailable_reason()
    if reason is not None:
        # CI must test PostgreSQL, so a missing server there is a failure, not a skip.
        if running_in_ci():
            pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL backend skipped: {reason}")

    with throwaway_postgres() as url:
        yield url


# --- Tortoise and the schema ---------------------------------------------------------------


@pytest.fixture(scope="session")
async def migrated_database(database_url: str) -> AsyncIterator[TortoiseContext]:
    """Tortoise context connected to ``database_url`` after the migrations have run.

    The context is current in every test of the backend's session (pytest-asyncio copies
    context variables set by async fixtures into the tests), and is closed when the session
    of this backend ends.
    """
    await migrate(database_url)

    # Tortoise 1.1 keeps SQL built for the previous backend in the model classes and in a
    # process-wide statement cache, so a new backend needs both rebuilt.
    clear_tortoise_statement_cache()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database_url))
        yield context
    clear_tortoise_statement_cache()


@pytest.fixture(scope="session")
async def table_emptier(migrated_database: TortoiseContext, database_url: str) -> TableEmptier:
    """Statements that empty the model tables of this backend, built once per session."""
    emptier = TableEmptier(dialect_of(database_url))
    await emptier.prepare(connections.get("default"))
    return emptier


@pytest.fixture
async def db(
    table_emptier: TableEmptier, migrated_database: TortoiseContext, database_url: str
) -> BaseDBAsyncClient:
    """Connection to the test database, with every model table emptied before the test."""
    if not tortoise_matches_backend():
        await reconnect(migrated_database, database_url)
    connection = connections.get("default")
    await table_emptier.empty(connection)
    return connection


def tortoise_matches_backend() -> bool:
    """Check that the current context is connected and the models build its dialect's SQL.

    An earlier test may have closed the connections, for example by running the app's
    lifespan, whose shutdown calls ``Tortoise.close_connections()`` on this same context.
    It may also have initialised Tortoise for another dialect, for example by migrating a
    temporary SQLite file during the PostgreSQL session, which leaves that dialect's base
    queries in the model classes.
    """
    try:
        connection = connections.get("default")
    except ConfigurationError:
        return False
    sample_model = next(iter(Tortoise.apps["models"].values()))
    expected_builder = type(connection.query_class.from_("probe"))
    return type(sample_model._meta.basequery) is expected_builder


async def reconnect(context: TortoiseContext, database_url: str) -> None:
    await context.close_connections()
    clear_tortoise_statement_cache()
    await context.init(config=tortoise_config(database_url))


class TableEmptier:
    """Deletes every row of the model tables and restarts their id sequences.

    Aerich's table of applied migrations is kept. On PostgreSQL this uses ``DELETE`` in
    foreign-key order plus ``setval``, because ``TRUNCATE`` rewrites every table. In a loop
    of three inserts and one emptying of the 19 tables, a round took about 2 ms with
    ``DELETE`` and about 20 ms with ``TRUNCATE ... RESTART IDENTITY CASCADE`` (2-core
    development machine, throwaway cluster). ``TRUNCATE`` remains the fallback when
    ``DELETE`` fails, for example on a table outside the models that references a model
    table.
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.tables = tables_children_first()
        self._script = ""

    async def prepare(self, connection: BaseDBAsyncClient) -> None:
        if self.dialect == "postgres":
            self._script = await self._postgres_script(connection)
        else:
            self._script = self._sqlite_script()

    async def empty(self, connection: BaseDBAsyncClient) -> None:
        if self.dialect != "postgres":
            await connection.execute_script(self._script)
            return
        try:
            await connection.execute_script(self._script)
        except (IntegrityError, OperationalError):
            quoted = ", ".join(f'"{table}"' for table in self.tables)
            await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")

    async def _postgres_script(self, connection: BaseDBAsyncClient) -> str:
        _, rows = await connection.execute_query(
            "SELECT pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence "
            "FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ANY($1) "
            "AND column_default LIKE 'nextval(%'",
            [self.tables],
        )
        statements = [f'DELETE FROM "{table}"' for table in self.tables]
        sequences = sorted(row["sequence"] for row in rows)
        if sequences:
            resets = ", ".join(f"setval('{sequence}', 1, false)" for sequence in sequences)
            statements.append(f"SELECT {resets}")
        # One simple-protocol message, which PostgreSQL runs as one implicit transaction.
        return ";\n".join(statements) + ";"

    def _sqlite_script(self) -> str:
        # A self-referencing RESTRICT key (agency.parent) fails a plain DELETE in SQLite, so
        # foreign keys are switched off. The pragma has no effect inside a transaction, and
        # executescript() commits any open one first.
        statements = ["PRAGMA foreign_keys = OFF"]
        statements += [f'DELETE FROM "{table}"' for table in self.tables]
        names = ", ".join(f"'{table}'" for table in self.tables)
        statements.append(f"DELETE FROM sqlite_sequence WHERE name IN ({names})")
        statements.append("PRAGMA foreign_keys = ON")
        return ";\n".join(statements) + ";"


def tables_children_first() -> list[str]:
    """Return the model tables, each before every table it references by foreign key.

    Aerich's table of applied migrations is left out.
    """
    references: dict[str, set[str]] = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            if model.__module__.startswith("aerich."):
                continue
            meta = model._meta
            related = {meta.fields_map[name].related_model._meta.db_table
                       for name in meta.fk_fields | meta.o2o_fields}
            references[meta.db_table] = related - {meta.db_table}

    parents_first: list[str] = []
    visited: set[str] = set()

    def visit(table: str) -> None:
        if table in visited:
            return
        visited.add(table)
        for parent in sorted(references.get(table, ())):
            visit(parent)
        parents_first.append(table)

    for table in sorted(references):
        visit(table)
    return parents_first[::-1]


# --- Reference data ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Folder of the shared reference data beside the repository (``../shared/data``)."""
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip(
            f"{SHARED_DATA_DIR} not found: the shared reference data is not present "
            "beside the repository."
        )
    return SHARED_DATA_DIR
