"""Parts that every benchmark shares: paths, sizes, statistics, database servers, statement counts, results."""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import platform
import pwd
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
DEFAULT_DATA_DIR = BENCH_DIR / "data"
DEFAULT_RESULTS_DIR = BENCH_DIR / "results"
SHARED_DIR = REPO_ROOT.parent / "shared"
SCHOOLS_CSV = SHARED_DIR / "data" / "schools" / "obec-schools-2022-09.csv"
GENERATOR = SHARED_DIR / "tools" / "make_dropout_list.py"

POSTGRES_URL_VARIABLE = "PAKONGKLAB_BENCH_POSTGRES_URL"
BACKENDS = ("postgres", "sqlite")

# The tests folder contains pg_cluster.py, whose helpers the bench reuses for its own server.
if str(REPO_ROOT / "tests") not in sys.path:
    sys.path.append(str(REPO_ROOT / "tests"))


# --- Sizes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """Size of a data set and the load that each benchmark puts on it."""

    name: str
    children: int
    visits: int
    # DOPA codes of the provinces whose OBEC schools are loaded; empty means all 77.
    provinces: tuple[str, ...]
    # Schools generated per province for each affiliation other than OBEC.
    other_schools_per_province: dict[str, int]
    # Share of the children placed in those generated schools.
    other_children_share: float
    repeats: int
    warmups: int
    import_repeats: int
    load_requests: int
    load_clients: int


SIZES = {
    "national": Size(
        name="national",
        children=1_000_000,
        visits=3_000_000,
        provinces=(),
        other_schools_per_province={"OVEC": 6, "OPEC": 50, "ONIE": 12, "EEF": 2},
        other_children_share=0.15,
        repeats=100,
        warmups=10,
        import_repeats=3,
        load_requests=2000,
        load_clients=32,
    ),
    "regional": Size(
        name="regional",
        children=100_000,
        visits=300_000,
        provinces=(),
        other_schools_per_province={"OVEC": 6, "OPEC": 50, "ONIE": 12, "EEF": 2},
        other_children_share=0.15,
        repeats=50,
        warmups=5,
        import_repeats=2,
        load_requests=500,
        load_clients=32,
    ),
    "smoke": Size(
        name="smoke",
        children=200,
        visits=500,
        provinces=("81",),
        other_schools_per_province={"OVEC": 1, "OPEC": 2, "ONIE": 1, "EEF": 1},
        other_children_share=0.15,
        repeats=3,
        warmups=1,
        import_repeats=1,
        load_requests=20,
        load_clients=4,
    ),
}


# --- Statistics ------------------------------------------------------------------------------


@dataclass
class Summary:
    """Median, 95th percentile, minimum and maximum of repeated measurements."""

    count: int
    median: float
    p95: float
    min: float
    max: float

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` quantile of ``values`` by linear interpolation (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile() needs at least one value")
    position = (len(ordered) - 1) * share
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def summarise(values: list[float]) -> Summary:
    return Summary(
        count=len(values),
        median=statistics.median(values),
        p95=percentile(values, 0.95),
        min=min(values),
        max=max(values),
    )


# --- Machine ---------------------------------------------------------------------------------


def machine_info(postgres_version: str | None = None) -> dict:
    """Describe the machine a result was measured on."""
    memory_kb = 0
    cpu_model = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgres": postgres_version,
        "platform": platform.platform(),
        # Other work on the machine skews the figures; the load average shows how much there was.
        "load_average_1_5_15": [round(value, 2) for value in os.getloadavg()],
    }


# --- Database servers and databases ----------------------------------------------------------

# Settings of the bench's own PostgreSQL server: durable like production, sized for a
# 2-core machine with a few GB to spare. Bulk loads turn off synchronous commit per session.
BENCH_SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "100",
    "shared_buffers": "'2GB'",
    "effective_cache_size": "'8GB'",
    "work_mem": "'32MB'",
    "maintenance_work_mem": "'1GB'",
    "max_wal_size": "'8GB'",
    "checkpoint_timeout": "'30min'",
    "random_page_cost": "1.1",
}


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BenchCluster:
    """A PostgreSQL cluster kept under the bench data folder between runs.

    The cluster is created on first use and started and stopped by each command, so a data
    set built once serves every later benchmark. As root the server runs as ``postgres``.
    """

    def __init__(self, root: Path) -> None:
        from pg_cluster import PostgresUnavailable, find_bin_dir

        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable(
                "PostgreSQL server programs were not found: install postgresql-15 or set "
                f"{POSTGRES_URL_VARIABLE} to a server's URL."
            )
        self.bin_dir = bin_dir
        self.root = root
        self.data_dir = root / "cluster"
        self.log_file = root / "server.log"
        self.port: int | None = None
        self._run_as = "postgres" if os.geteuid() == 0 else None

    def running_port(self) -> int | None:
        """Return the port of a server already running on this cluster, or None."""
        if not (self.data_dir / "postmaster.pid").exists():
            return None
        if self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False).returncode != 0:
            return None
        # The fourth line of postmaster.pid is the port the server listens on.
        return int((self.data_dir / "postmaster.pid").read_text().splitlines()[3])

    def start(self) -> str:
        """Start the server (creating the cluster first when missing) and return its URL."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user(self.root)
        if not (self.data_dir / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                      "--encoding=UTF8", "--locale=C.UTF-8")
            lines = [f"{name} = {value}" for name, value in BENCH_SERVER_SETTINGS.items()]
            lines.append(f"unix_socket_directories = '{self.root}'")
            with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as config:
                config.write("\n# Benchmark cluster\n" + "\n".join(lines) + "\n")
        self.port = _free_loopback_port()
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                  "-o", f"-p {self.port}", "-w", "-t", "120", "start")
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _give_to_server_user(self, path: Path) -> None:
        if self._run_as is None:
            return
        account = pwd.getpwnam(self._run_as)
        os.chown(path, account.pw_uid, account.pw_gid)

    def _run(self, program: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / program), *arguments]
        if self._run_as is not None:
            command = ["runuser", "-u", self._run_as, "--", *command]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed with exit code {result.returncode}:\n{result.stdout}{result.stderr}")
        return result


def with_database(url: str, database: str) -> str:
    """Return ``url`` with its database name replaced by ``database``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def asyncpg_dsn(url: str) -> str:
    """Return a URL that asyncpg accepts for a Tortoise-style ``postgres://`` URL."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))


@dataclass
class Backend:
    """One database backend of the bench: where its databases live and how to copy them.

    ``name`` is ``postgres`` or ``sqlite``. For PostgreSQL, ``server_url`` is any database
    URL on the server; the bench creates its own databases beside it.
    """

    name: str
    data_dir: Path
    server_url: str = ""
    postgres_version: str | None = None
    notes: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        if self.name == "postgres":
            return with_database(self.server_url, database)
        return f"sqlite://{(self.data_dir / (database + '.sqlite3')).as_posix()}"

    def sqlite_path(self, database: str) -> Path:
        return self.data_dir / (database + ".sqlite3")

    async def exists(self, database: str) -> bool:
        if self.name == "sqlite":
            return self.sqlite_path(database).exists()
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(self.server_url))
        try:
            return bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database))
        finally:
            await connection.close()

    async def drop(self, database: str) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.sqlite_path(database)) + suffix).unlink(missing_ok=True)
            return
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(self.server_url))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await connection.close()

    async def create(self, database: str, template: str | None = None) -> None:
        """Create an empty database, or a copy of ``template``, replacing any old one."""
        await self.drop(database)
        if self.name == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if template is not None:
                await asyncio.to_thread(_copy_sqlite, self.sqlite_path(template), self.sqlite_path(database))
            return
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(self.server_url))
        try:
            source = f' TEMPLATE "{template}"' if template else ""
            await connection.execute(f'CREATE DATABASE "{database}"{source}')
        finally:
            await connection.close()


def _copy_sqlite(source: Path, target: Path) -> None:
    # The backup API copies a consistent image even when the source is in WAL mode.
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)


@contextmanager
def open_backend(name: str, data_dir: Path) -> Iterator[Backend]:
    """Yield a ready backend: SQLite files under ``data_dir``, or a running PostgreSQL server.

    PostgreSQL is the server named by ``PAKONGKLAB_BENCH_POSTGRES_URL`` when set, and its
    user needs the right to create databases. Otherwise it is the bench's own cluster under
    ``data_dir/postgres``, started here and stopped on exit.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    if name == "sqlite":
        yield Backend(name="sqlite", data_dir=data_dir)
        return
    if name != "postgres":
        raise ValueError(f"Unknown backend {name!r}: use one of {', '.join(BACKENDS)}.")

    external = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if external:
        backend = Backend(name="postgres", data_dir=data_dir, server_url=external)
        backend.postgres_version = asyncio.run(_server_version(external))
        yield backend
        return

    cluster = BenchCluster(data_dir / "postgres")
    port = cluster.running_port()
    if port is not None:
        # A server someone started by hand (for psql sessions) is used and left running.
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        backend = Backend(name="postgres", data_dir=data_dir, server_url=url)
        backend.postgres_version = asyncio.run(_server_version(url))
        yield backend
        return
    url = cluster.start()
    try:
        backend = Backend(name="postgres", data_dir=data_dir, server_url=url)
        backend.postgres_version = asyncio.run(_server_version(url))
        yield backend
    finally:
        cluster.stop()


async def _server_version(url: str) -> str:
    import asyncpg

    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()


# --- SQL statement counting ------------------------------------------------------------------

_statements: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("bench_statements", default=None)
_counting_installed = False


def _first_word(query: object) -> str:
    text = str(query).lstrip()
    if text.startswith("SELECT pg_advisory_unlock_all()"):
        return "RESET"
    return (text.split(None, 1)[0] if text else "?").upper()


def _wrap(owner: type, method_name: str, kind: str | None = None) -> None:
    original = getattr(owner, method_name)

    async def counted(self, *args, **kwargs):
        statements = _statements.get()
        if statements is not None:
            statements.append(kind or _first_word(args[0] if args else kwargs.get("query") or kwargs.get("sql", "")))
        return await original(self, *args, **kwargs)

    counted.__wrapped__ = original
    setattr(owner, method_name, counted)


def install_statement_counter() -> None:
    """Count every statement that asyncpg or aiosqlite sends, in ``counting_statements()`` blocks.

    The wrappers sit on the driver connections, below Tortoise, so they also see the BEGIN
    and COMMIT of transactions and the reset query that asyncpg's pool sends each time a
    connection goes back to the pool (reported as ``RESET``).
    """
    global _counting_installed
    if _counting_installed:
        return
    import aiosqlite
    import asyncpg.connection

    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval", "fetchmany"):
        _wrap(asyncpg.connection.Connection, name)
    for name in ("execute", "executemany", "execute_fetchall", "execute_insert", "executescript"):
        _wrap(aiosqlite.Connection, name)
    _wrap(aiosqlite.Connection, "commit", "COMMIT")
    _wrap(aiosqlite.Connection, "rollback", "ROLLBACK")
    _counting_installed = True


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Collect the first word of each statement sent inside the block (and its tasks)."""
    statements: list[str] = []
    token = _statements.set(statements)
    try:
        yield statements
    finally:
        _statements.reset(token)


def count_kinds(statements: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in statements:
        counts[word] = counts.get(word, 0) + 1
    return counts


# --- CPU accounting --------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in brackets and may contain spaces.
    return text[text.rindex(")") + 2:].split()


def process_tree(root: int) -> list[int]:
    """Return ``root`` and every process below it (uvicorn workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(parents.get(pid, []))
    return found


async def postmaster_pid(database_url: str) -> int | None:
    """Return the main process of the PostgreSQL server behind ``database_url``, or None.

    The postmaster is the parent of the backend that serves this connection, and its
    children are the backends and background workers. None means the server runs elsewhere.
    """
    import asyncpg

    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        backend_pid = await connection.fetchval("SELECT pg_backend_pid()")
        # Read the backend's parent while the connection is open: once it closes, the
        # backend exits and its /proc entry goes with it.
        fields = _stat_fields(backend_pid)
    finally:
        await connection.close()
    return int(fields[1]) if fields is not None else None


def cpu_by_process(root: int | None) -> dict[int, float]:
    """Return the CPU seconds (user and system) used so far by ``root`` and each process below it."""
    if root is None:
        return {}
    used = {}
    for pid in process_tree(root):
        fields = _stat_fields(pid)
        if fields is not None:
            # utime and stime are fields 14 and 15 of /proc/PID/stat (here shifted by 2).
            used[pid] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    return used


def cpu_used_between(before: dict[int, float], after: dict[int, float]) -> float:
    """Return the CPU seconds used between two ``cpu_by_process`` snapshots.

    A process that started in between counts in full. A process that ended in between is
    missing from ``after``, so its last share is lost.
    """
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# --- Results ---------------------------------------------------------------------------------


def write_result(results_dir: Path, benchmark: str, backend: Backend, size: Size, body: dict) -> Path:
    """Store one benchmark's figures as JSON and return the file."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{benchmark}-{backend.name}-{size.name}.json"
    document = {
        "benchmark": benchmark,
        "backend": backend.name,
        "size": size.name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine_info(backend.postgres_version),
        "notes": backend.notes,
        **body,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def print_table(title: str, rows: list[tuple]) -> None:
    """Print a small fixed-width table: the first row is the header."""
    print(f"\n{title}")
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  " + "  ".join(str(cell).rjust(width) if index else str(cell).ljust(width)
                               for cell, width in zip(row, widths)))


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


@asynccontextmanager
async def tortoise_connected(database_url: str) -> AsyncIterator[None]:
    """Connect Tortoise to ``database_url`` for the block, in a context of its own."""
    from tortoise.context import TortoiseContext

    from services.db import tortoise_config
    from services.migrations import clear_tortoise_statement_cache

    clear_tortoise_statement_cache()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database_url))
        yield
    clear_tortoise_statement_cache()
