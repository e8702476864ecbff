"""Write the Aerich migration that brings the database schema up to the current models.

Usage::

    python scripts/make_migrations.py --name add_student_nickname
    python scripts/make_migrations.py --reset
    python scripts/make_migrations.py --empty --dialect sqlite --name widen_school_code

Aerich writes dialect-specific SQL, so the script writes one migration for SQLite (into
``migrations/sqlite/models``) and one for PostgreSQL (into ``migrations/postgres/models``).
For each dialect it creates an empty database (a temporary SQLite file, or a throwaway
PostgreSQL cluster from ``tests/pg_cluster.py``), applies the existing migrations, and lets
Aerich compare the models with the state recorded by the last migration. When the
models have not changed, no file is written. A dialect without migration files gets its
initial migration, ``0_<timestamp>_init.py``.

``--reset`` deletes every migration file of the chosen dialects (both by default) and writes
the initial migration again from the models. That is acceptable only while the project has no release and no
database in service depends on the existing history. After the first release, every model
change must add a new migration with ``--name``.

Set ``PAKONGKLAB_TEST_POSTGRES_URL`` to use an existing, empty PostgreSQL database instead
of starting a cluster.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]

from aerich.exceptions import NotSupportError  # noqa: E402
from tortoise.context import TortoiseContext  # noqa: E402

from pg_cluster import PostgresUnavailable, throwaway_postgres, unavailable_reason  # noqa: E402
from services.migrations import (  # noqa: E402
    APP_LABEL,
    clear_tortoise_statement_cache,
    make_command,
    migration_files,
    migrations_location,
    reset_aerich_diff_state,
)

DIALECTS = ("sqlite", "postgres")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


async def write_migration(
    dialect: str, database_url: str, name: str, empty: bool = False
) -> str | None:
    """Write the next migration of ``dialect`` using the empty database at ``database_url``.

    Returns the new file name, or None when the models match the last migration. With
    ``empty`` the file has no SQL but records the current models state, for SQL written by
    hand.
    """
    clear_tortoise_statement_cache()
    async with TortoiseContext():
        command = make_command(database_url)
        if not migration_files(dialect):
            # init_db writes 0_<timestamp>_init.py from the models and applies it.
            await command.init_db(safe=True)
            return migration_files(dialect)[-1].name

        await command.init()
        await command.upgrade(run_in_transaction=True)
        # Init again so that Aerich reads the models state of the migration just applied.
        await command.init()
        reset_aerich_diff_state()
        try:
            version = await command.migrate(name, empty=empty, no_input=True)
        finally:
            reset_aerich_diff_state()
        return version or None


def make_sql_literals_raw(path: Path) -> None:
    """Turn the SQL strings of a migration file Aerich wrote into raw string literals.

    Aerich 0.10.1 pastes the SQL into ordinary triple-quoted strings, so Python reinterprets
    its backslashes. Tortoise's ``\\/`` in SQLite comments becomes an invalid escape
    sequence, which is a DeprecationWarning on Python 3.11 and a SyntaxWarning from 3.12
    that Python plans to make an error. Tortoise's ``\\n`` in PostgreSQL comments becomes a
    line break. A raw literal keeps the SQL exactly as Tortoise built it.
    """
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    return """', '    return r"""'), encoding="utf-8")


def delete_migrations(dialect: str) -> None:
    for path in migration_files(dialect):
        path.unlink()
        print(f"Deleted {path.relative_to(REPO_ROOT)}")


async def run(dialects: list[str], name: str, reset: bool, empty: bool) -> int:
    # Checked before --reset deletes anything, so a missing server cannot leave PostgreSQL
    # without migrations.
    if "postgres" in dialects and (reason := unavailable_reason()) is not None:
        raise PostgresUnavailable(reason)

    for dialect in dialects:
        migrations_location(dialect).joinpath(APP_LABEL).mkdir(parents=True, exist_ok=True)
        if reset:
            delete_migrations(dialect)

    for dialect in dialects:
        if dialect == "sqlite":
            with tempfile.TemporaryDirectory(prefix="pakongklab-migrations-") as temp_folder:
                written = await write_migration(
                    dialect, f"sqlite://{temp_folder}/empty.sqlite3", name, empty
                )
        else:
            with throwaway_postgres("pakongklab_migrations") as database_url:
                written = await write_migration(dialect, database_url, name, empty)

        folder = migrations_location(dialect) / APP_LABEL
        if written is None:
            print(f"{dialect}: the models match the last migration, so nothing was written.")
        else:
            make_sql_literals_raw(folder / written)
            print(f"{dialect}: wrote {(folder / written).relative_to(REPO_ROOT)}")
    return 0


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--name", default="update",
        help="suffix of the new migration's file name: lower-case letters, digits and _ "
             "(default: update)",
    )
    parser.add_argument(
        "--reset", action="store_true",
        help="delete all migrations and write the initial one again (only before the first release)",
    )
    parser.add_argument(
        "--empty", action="store_true",
        help="write a migration without SQL, to be filled in by hand, that records the current models",
    )
    parser.add_argument(
        "--dialect", choices=DIALECTS, action="append",
        help="write the migration of this dialect only, and repeat the option for both (default: both)",
    )
    arguments = parser.parse_args(argv)
    if not NAME_PATTERN.match(arguments.name):
        parser.error(
            f"--name '{arguments.name}' is invalid: use up to 41 lower-case letters, digits and _, "
            "starting with a letter."
        )
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    dialects = arguments.dialect or list(DIALECTS)
    try:
        return asyncio.run(run(dialects, arguments.name, arguments.reset, arguments.empty))
    except PostgresUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except NotSupportError as error:
        # Aerich 0.10 cannot alter an existing SQLite column, because SQLite needs the table rebuilt.
        print(
            f"error: Aerich cannot write this migration: {error} Run the script again with "
            "--empty --dialect sqlite --name NAME and write the SQL by hand (SQLite changes a "
            "column by copying the table), then run it for postgres without --empty.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
