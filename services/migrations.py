"""Aerich migrations: one folder of migration files per SQL dialect.

Aerich writes dialect-specific SQL into each migration file, so SQLite and PostgreSQL keep
separate histories under ``migrations/sqlite/models`` and ``migrations/postgres/models``
(Aerich appends the app label to the folder it is given). ``scripts/make_migrations.py``
writes new files for both dialects.

Each function here runs Aerich inside its own Tortoise context, so it never touches the
connections of an app or test that has already called ``Tortoise.init`` in the same task.
Aerich 0.10 keeps its state in class attributes of ``aerich.migrate.Migrate``, so these
functions must not run concurrently in one process.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aerich import Command
from aerich.migrate import Migrate
from tortoise.context import TortoiseContext

from services.db import normalise_url, tortoise_config

log = logging.getLogger("pakongklab.migrations")

APP_LABEL = "models"
MIGRATIONS_ROOT = Path(__file__).resolve().parent.parent / "migrations"

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
    """Return the folder given to Aerich for ``dialect``; its files are in ``<folder>/models``."""
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
    migration runs in its own transaction.
    """
    dialect = dialect_of(database_url)
    if not migration_files(dialect):
        raise MigrationError(
            f"No migration files found in {migrations_location(dialect) / APP_LABEL}: "
            "run scripts/make_migrations.py to create them."
        )

    async with TortoiseContext():
        command = make_command(database_url)
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)

    if applied:
        log.info("Applied %d %s migration(s): %s", len(applied), dialect, ", ".join(applied))
    else:
        log.info("The %s database is up to date; no migration applied", dialect)
    return applied


async def pending_model_changes(database_url: str) -> list[str]:
    """Return the SQL that a new migration would need to match the models, or ``[]``.

    Compares the models as they are now with the models state stored in the database's
    latest applied migration, the same comparison ``aerich migrate`` makes, without writing
    a migration file. ``database_url`` must already be migrated.
    """
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
    from aerich.utils import get_models_describe

    reset_aerich_diff_state()
    try:
        old_models = dict(Migrate._last_version_content or {})
        new_models = get_models_describe(APP_LABEL)
        old_models, new_models = Migrate._exclude_model_name_changes(old_models, new_models)
        Migrate.diff_models(old_models, new_models, no_input=True)
        Migrate.diff_models(new_models, old_models, False, no_input=True)
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
