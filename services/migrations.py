"""Aerich migrations: one folder of migration files per SQL dialect.

Aerich writes dialect-specific SQL into each migration file, so SQLite and PostgreSQL keep
separate histories under ``migrations/sqlite/models`` and ``migrations/postgres/models``
(Aerich appends the app label to the folder it is given). ``scripts/make_migrations.py``
writes new files for both dialects.

Each function here runs Aerich inside its own Tortoise context, so it never touches the
connections of an app or test that has already called ``Tortoise.init`` in the same task.
Tortoise contexts do not isolate everything, though. Aerich 0.10 keeps its state in class
attributes of ``aerich.migrate.Migrate``, and Tortoise 1.1 keeps each model's base query in
the model class and its INSERT, UPDATE and DELETE statements in a process-wide cache keyed
by connection name. So these functions must not run concurrently in one process, and after
migrating a database of another dialect the caller must run ``Tortoise.init`` again.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from aerich import Command
from aerich.exceptions import NotSupportError
from aerich.migrate import Migrate
from aerich.utils import get_models_describe
from tortoise.backends.base import executor
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext

from services.db import normalise_url, tortoise_config

log = logging.getLogger("pakongklab.migrations")

APP_LABEL = "models"
MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"

# Key of the PostgreSQL advisory lock that serialises migrate() across app servers. Any
# constant works while no other code in the database uses the same key.
MIGRATION_LOCK_KEY = 7_311_202_400_001

_DIALECT_BY_SCHEME = {
    "sqlite": "sqlite",
    "postgres": "postgres",
    "asyncpg": "postgres",
    "psycopg": "postgres",
}


class MigrationError(RuntimeError):
    """The database URL has no migration history, or the history cannot be applied."""


def dialect_of(database_url: str) -> str:
    """Return ``sqlite`` or ``postgres``, the name of the migration folder for ``database_url``."""
    scheme = normalise_url(database_url).split("://", 1)[0]
    try:
        return _DIALECT_BY_SCHEME[scheme]
    except KeyError:
        raise MigrationError(
            f"The database URL scheme '{scheme}' has no migrations: use sqlite:// or postgres://."
        ) from None


def migrations_location(dialect: str) -> Path:
    """Return the folder given to Aerich for ``dialect``. The files are in ``<folder>/models``."""
    return MIGRATIONS_ROOT / dialect


def migration_files(dialect: str) -> list[Path]:
    """Return the migration files of ``dialect`` in the order Aerich applies them."""
    folder = migrations_location(dialect) / APP_LABEL
    files = [path for path in folder.glob("*.py") if path.stem.split("_", 1)[0].isdigit()]
    return sorted(files, key=lambda path: int(path.stem.split("_", 1)[0]))


def make_command(database_url: str) -> Command:
    """Build an Aerich command for ``database_url`` and the migration folder of its dialect."""
    location = migrations_location(dialect_of(database_url))
    return Command(tortoise_config(database_url), app=APP_LABEL, location=str(location))


async def migrate(database_url: str) -> list[str]:
    """Apply the pending migrations to ``database_url`` and return the applied file names.

    Works on an empty database and returns ``[]`` when the database is up to date. Each
    migration runs in its own transaction. On PostgreSQL an advisory lock makes app servers
    that start together migrate one after the other, so only the first applies anything.
    """
    dialect = dialect_of(database_url)
    if not migration_files(dialect):
        raise MigrationError(
            f"No migration files found in {migrations_location(dialect) / APP_LABEL}: "
            "run scripts/make_migrations.py to create them."
        )

    clear_tortoise_statement_cache()
    async with _migration_lock(database_url, dialect), TortoiseContext():
        command = make_command(database_url)
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)

    if applied:
        log.info("Applied %d %s migration(s): %s", len(applied), dialect, ", ".join(applied))
    else:
        log.info("The %s database is up to date, so no migration was applied", dialect)
    return applied


@asynccontextmanager
async def _migration_lock(database_url: str, dialect: str) -> AsyncIterator[None]:
    # NOTE: SQLite gets no lock. It is the single-server setup, and two processes that
    # migrate one SQLite file at the same time may both try to apply the same migration.
    if dialect != "postgres":
        yield
        return

    # An advisory lock belongs to the session, so the lock gets a connection of its own.
    # Closing that connection releases the lock, also when a migration fails.
    credentials = expand_db_url(normalise_url(database_url))["credentials"]
    options = {
        key: credentials[key]
        for key in ("host", "port", "user", "password", "database", "ssl")
        if credentials.get(key) not in (None, "", False)
    }
    connection = await asyncpg.connect(**options)
    try:
        if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", MIGRATION_LOCK_KEY):
            log.info("Another process is migrating %s, so this one waits for it", credentials["database"])
            await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        yield
    finally:
        await connection.close()


async def pending_model_changes(database_url: str) -> list[str]:
    """Return the SQL that a new migration would need to match the models, or ``[]``.

    Compares the models as they are now with the models state stored in the database's
    latest applied migration, the same comparison ``aerich migrate`` makes, without writing
    a migration file. ``database_url`` must already be migrated. A change that Aerich cannot
    write for the dialect (on SQLite, any change to an existing column) is returned as an
    SQL comment that explains the failure.
    """
    clear_tortoise_statement_cache()
    # Migrate.init() leaves this class attribute as it was when the database has no
    # applied migration, so a value from an earlier call must not survive.
    Migrate._last_version_content = None
    async with TortoiseContext():
        command = make_command(database_url)
        await command.init()
        if Migrate._last_version_content is None:
            raise MigrationError(
                "The database has no applied migration to compare the models with: "
                "call migrate() first."
            )
        return _diff_against_last_version()


def _diff_against_last_version() -> list[str]:
    # NOTE: this drives Aerich 0.10.1's private diff steps (the ones Migrate.migrate runs),
    # because its public migrate() always writes a file when it finds a change.
    reset_aerich_diff_state()
    try:
        old_models = dict(Migrate._last_version_content or {})
        new_models = get_models_describe(APP_LABEL)
        old_models, new_models = Migrate._exclude_model_name_changes(old_models, new_models)
        try:
            Migrate.diff_models(old_models, new_models, no_input=True)
            Migrate.diff_models(new_models, old_models, False, no_input=True)
        except NotSupportError as error:
            return [f"-- Aerich cannot write this change for {Migrate.dialect}: {error}"]
        Migrate._merge_operators()
        return list(Migrate.upgrade_operators)
    finally:
        reset_aerich_diff_state()


def reset_aerich_diff_state() -> None:
    """Clear the operators and renames that Aerich 0.10 collects in class attributes.

    Aerich never clears them, because its command line computes one diff per process. A
    second diff in the same process would otherwise repeat the first diff's SQL.
    """
    for name in (
        "upgrade_operators",
        "downgrade_operators",
        "_upgrade_fk_m2m_index_operators",
        "_downgrade_fk_m2m_index_operators",
        "_upgrade_m2m",
        "_downgrade_m2m",
    ):
        getattr(Migrate, name).clear()
    Migrate._rename_fields.clear()
    Migrate._rename_models.clear()


def clear_tortoise_statement_cache() -> None:
    """Forget the INSERT, UPDATE and DELETE statements that Tortoise built for each table.

    Tortoise 1.1 caches them in ``tortoise.backends.base.executor.EXECUTOR_CACHE`` keyed by
    connection name and table, not by dialect. A process that used the connection name
    ``default`` for SQLite and then uses it for PostgreSQL would otherwise send SQLite's
    ``?`` placeholders to PostgreSQL. The cache refills on the next query.
    """
    executor.EXECUTOR_CACHE.clear()
