"""Database start-up and shutdown for the app, the command line and the tests."""

from __future__ import annotations

import logging

from tortoise import Tortoise

from models import MODEL_MODULES

log = logging.getLogger("pakongklab.db")


def normalise_url(database_url: str) -> str:
    """Map the URL schemes people write to the ones Tortoise understands."""
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url.removeprefix("postgresql://")
    return database_url


def tortoise_config(database_url: str) -> dict:
    """Build the Tortoise configuration for ``database_url``."""
    return {
        "connections": {"default": normalise_url(database_url)},
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
    """Connect Tortoise to ``database_url``."""
    await Tortoise.init(config=tortoise_config(database_url), _create_db=create_db)


async def close_db() -> None:
    await Tortoise.close_connections()
