"""A throwaway PostgreSQL cluster for the test suite and the migration script.

``throwaway_postgres()`` yields a database URL. When ``PAKONGKLAB_TEST_POSTGRES_URL`` is
set, it yields that server's URL. Otherwise it runs ``initdb`` in a temporary folder and
starts a server that listens only on 127.0.0.1, with trust authentication and durability
turned off, and creates one database. On exit it stops the server and removes the folder,
also when the body raised.

``initdb`` refuses to run as root, so as root the folder belongs to the ``postgres`` user and
the server programs run through ``runuser -u postgres --``.

The server runs in a session of its own (``pg_ctl`` detaches it), so it would outlive a test
run that is killed. A watchdog process, also in its own session, waits for the owner's end of
a pipe to close and then stops the server and removes the folder.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("pakongklab.tests.pg_cluster")

EXTERNAL_URL_VARIABLE = "PAKONGKLAB_TEST_POSTGRES_URL"
DEFAULT_DATABASE = "pakongklab_test"
SERVER_USER = "postgres"

# Searched first, because PostgreSQL 15 is the production version.
PREFERRED_BIN_DIR = Path("/usr/lib/postgresql/15/bin")

# The server is started on a fresh free port up to this many times, because another
# process may take the port between the probe and the server's bind.
START_ATTEMPTS = 3
START_TIMEOUT_SECONDS = 60

SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    # Durability is pointless for a cluster that is deleted after the run.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
}


# Run by the watchdog as ``python -c WATCHDOG_CODE FOLDER STOP_COMMAND...``. Reading stdin
# returns at end of file, when the owner closed the pipe or died.
WATCHDOG_CODE = """
import shutil, subprocess, sys
sys.stdin.read()
subprocess.run(sys.argv[2:], capture_output=True, timeout=60)
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server programs are not installed."""


class PostgresStartFailed(RuntimeError):
    """The throwaway server did not start or its database could not be created."""


def find_bin_dir() -> Path | None:
    """Return the folder that contains ``initdb`` and ``pg_ctl``, or None when none is found.

    The order is PostgreSQL 15's Debian folder, then ``PATH``, then the newest other
    version under /usr/lib/postgresql.
    """
    if _has_server_programs(PREFERRED_BIN_DIR):
        return PREFERRED_BIN_DIR

    initdb = shutil.which("initdb")
    if initdb is not None:
        folder = Path(initdb).resolve().parent
        if _has_server_programs(folder):
            return folder

    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: _version_key(path.parent.name),
        reverse=True,
    )
    for folder in candidates:
        if _has_server_programs(folder):
            return folder
    return None


def _has_server_programs(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def unavailable_reason() -> str | None:
    """Return why ``throwaway_postgres()`` cannot provide a server, or None when it can."""
    if os.environ.get(EXTERNAL_URL_VARIABLE, "").strip() or find_bin_dir() is not None:
        return None
    return (
        "PostgreSQL server programs (initdb, pg_ctl) were not found in "
        f"{PREFERRED_BIN_DIR}, on PATH or under /usr/lib/postgresql: install the "
        f"Debian package postgresql-15, or set {EXTERNAL_URL_VARIABLE} to a server's URL."
    )


@contextmanager
def throwaway_postgres(database: str = DEFAULT_DATABASE) -> Iterator[str]:
    """Yield the URL of an empty PostgreSQL database that exists only inside the block.

    With ``PAKONGKLAB_TEST_POSTGRES_URL`` set, that URL is yielded unchanged and nothing is
    started or removed. Raises ``PostgresUnavailable`` when no server programs are found.
    """
    external_url = os.environ.get(EXTERNAL_URL_VARIABLE, "").strip()
    if external_url:
        yield external_url
        return

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(unavailable_reason())

    cluster = ThrowawayCluster(bin_dir)
    try:
        cluster.start()
        yield cluster.create_database(database)
    finally:
        cluster.stop()


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder. ``stop()`` removes every trace of it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port: int | None = None
        self._run_as = SERVER_USER if os.geteuid() == 0 else None
        self._root = Path(tempfile.mkdtemp(prefix="pakongklab-pg-"))
        self._data_dir = self._root / "data"
        self._socket_dir = self._root / "sockets"
        self._log_file = self._root / "server.log"
        self._running = False
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG_CODE, str(self._root),
             *self._command("pg_ctl", "-D", str(self._data_dir), "-m", "immediate", "-w", "stop")],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start(self) -> None:
        """Create the cluster and start its server on a free loopback port."""
        self._prepare_folder()
        self._run("initdb", "-D", str(self._data_dir), "-U", SERVER_USER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        self._write_settings()

        for attempt in range(1, START_ATTEMPTS + 1):
            port = _free_loopback_port()
            result = self._run(
                "pg_ctl", "-D", str(self._data_dir), "-l", str(self._log_file),
                "-o", f"-p {port}", "-w", "-t", str(START_TIMEOUT_SECONDS), "start",
                check=False,
            )
            if result.returncode == 0:
                self.port = port
                self._running = True
                log.info("Started PostgreSQL from %s on 127.0.0.1:%d", self.bin_dir, port)
                return
            log.warning(
                "PostgreSQL did not start on port %d (attempt %d of %d)", port, attempt, START_ATTEMPTS
            )

        raise PostgresStartFailed(
            f"PostgreSQL did not start after {START_ATTEMPTS} attempts. "
            f"The end of its log:\n{self._log_tail()}"
        )

    def create_database(self, name: str) -> str:
        """Create database ``name`` and return its URL."""
        if self.port is None:
            raise PostgresStartFailed("create_database() was called before start().")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SERVER_USER, name)
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server, if it runs, and remove the cluster's folder."""
        try:
            if self._running:
                # Immediate shutdown skips the final checkpoint, which is safe because the
                # data is thrown away.
                self._run("pg_ctl", "-D", str(self._data_dir), "-m", "immediate", "-w", "stop",
                          check=False)
                self._running = False
                log.info("Stopped PostgreSQL on 127.0.0.1:%s", self.port)
        finally:
            shutil.rmtree(self._root, ignore_errors=True)
            self._stop_watchdog()

    def _stop_watchdog(self) -> None:
        # With the server stopped, the watchdog's own pg_ctl call fails at once.
        self._watchdog.stdin.close()
        try:
            self._watchdog.wait(timeout=60)
        except subprocess.TimeoutExpired:
            log.warning("The PostgreSQL watchdog (process %d) did not exit within 60 s", self._watchdog.pid)

    def _prepare_folder(self) -> None:
        self._socket_dir.mkdir()
        if self._run_as is None:
            return
        try:
            account = pwd.getpwnam(self._run_as)
        except KeyError:
            raise PostgresStartFailed(
                f"The user '{self._run_as}' does not exist, and initdb cannot run as root: "
                "install the Debian package postgresql-15, which creates it, or run as another user."
            ) from None
        for path in (self._root, self._socket_dir):
            os.chown(path, account.pw_uid, account.pw_gid)

    def _write_settings(self) -> None:
        settings = dict(SERVER_SETTINGS, unix_socket_directories=f"'{self._socket_dir}'")
        lines = [f"{name} = {value}" for name, value in settings.items()]
        with open(self._data_dir / "postgresql.conf", "a", encoding="utf-8") as config:
            config.write("\n# Throwaway test cluster\n" + "\n".join(lines) + "\n")

    def _command(self, program: str, *arguments: str) -> list[str]:
        command = [str(self.bin_dir / program), *arguments]
        if self._run_as is not None:
            command = ["runuser", "-u", self._run_as, "--", *command]
        return command

    def _run(self, program: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        command = self._command(program, *arguments)
        # The working folder is the cluster's own, which the server user can enter.
        result = subprocess.run(
            command, cwd=self._root, capture_output=True, text=True, timeout=120, check=False
        )
        if check and result.returncode != 0:
            raise PostgresStartFailed(
                f"{program} failed with exit code {result.returncode}:\n"
                f"{result.stdout}{result.stderr}".rstrip()
            )
        return result

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self._log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log was written)"
        return "\n".join(text.splitlines()[-lines:])


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
