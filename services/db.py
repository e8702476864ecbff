"""Database start-up and shutdown for the app, the command line and the tests."""

from __future__ import annotations

import logging

import asyncpg.connection
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url

from models import MODEL_MODULES

log = logging.getLogger("pakongklab.db")


def normalise_url(database_url: str) -> str:
    """Map the URL schemes people write to the ones Tortoise understands."""
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url.removeprefix("postgresql://")
    return database_url


class PooledConnection(asyncpg.connection.Connection):
    """An asyncpg connection that sends no reset statement when it goes back to the pool.

    Tortoise takes a pooled connection for each statement outside a transaction and gives
    it back afterwards. asyncpg then sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`` by default, one extra round trip per statement. The app takes
    no session-level advisory locks, LISTENs, cursors or SET on pooled connections, so
    there is nothing to reset. asyncpg still rolls back a transaction left open.
    """

    def get_reset_query(self) -> str:
        return ""


# Connections each app process may open. A request keeps one for a whole transaction,
# including the wait for the commit to reach the disk; Tortoise's default of 5 left the
# CPU idle under 32 concurrent uploads (bench/README.md, d). A URL parameter
# ``?maxsize=N`` overrides it.
POOL_MAX_SIZE = 20


def connection_config(database_url: str) -> str | dict:
    """Return the Tortoise connection settings for ``database_url``."""
    url = normalise_url(database_url)
    if not url.startswith(("postgres://", "asyncpg://")):
        return url
    config = expand_db_url(url)
    config["credentials"]["connection_class"] = PooledConnection
    config["credentials"].setdefault("maxsize", POOL_MAX_SIZE)
    return config


def tortoise_config(database_url: str) -> dict:
    """Build the Tortoise configuration for ``database_url``."""
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {"models": [*MODEL_MODULES, "aerich.models"], "default_connection": "default"},
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Aerich reads this when run as a command; the project's own `migrate` command passes the
# configured URL instead.
AERICH_CONFIG = tortoise_config("sqlite://data/pakongklab.sqlite3")


async def init_db(database_url: str, *, create_db: bool = False) -> None:
    """Connect Tortoise to ``database_url`` for this task and every task started later.

    Tortoise 1.1 keeps its state in a context variable of the task that calls ``init``.
    uvicorn runs the lifespan and each request in tasks that do not inherit each other's
    context, so the state is also made the process-wide fallback, which ``close_db`` clears.
    """
    await Tortoise.init(
        config=tortoise_config(database_url), _create_db=create_db, _enable_global_fallback=True
    )


async def close_db() -> None:
    await Tortoise.close_connections()
