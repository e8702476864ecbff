"""Count the SQL statements Tortoise sends, for tests that bound the statements of a request.

Tortoise's database clients (SQLite and asyncpg, tortoise-orm 1.1) log every statement at
DEBUG level on the ``tortoise.db_client`` logger before they run it. ``count_statements``
listens to that logger while its block runs:

    with count_statements() as statements:
        await schema.execute(QUERY, context_value=context)
    assert len(statements) == 4, statements
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER_NAME = "tortoise.db_client"

# Connection and pool events the clients log on the same logger; they are not statements.
NOT_STATEMENTS = ("Created connection", "Closed connection")


class _StatementRecorder(logging.Handler):
    def __init__(self, statements: list[str]) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements = statements

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(NOT_STATEMENTS):
            return
        # The first argument is the SQL text; the values that follow may hold test data.
        sql = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        self.statements.append(str(sql))


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """Collect the SQL text of every statement sent inside the block, in order."""
    statements: list[str] = []
    logger = logging.getLogger(LOGGER_NAME)
    handler = _StatementRecorder(statements)
    saved_level, saved_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    # Keeping the records away from the root logger keeps test data out of pytest's log report.
    logger.propagate = False
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
