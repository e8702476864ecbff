"""Benchmark d: ``recordVisit`` with one ~300 KB JPEG from concurrent clients.

School staff accounts at the schools with the most children sign in, one per client.
Each client sends its share of a fixed list of requests, one at a time, each a GraphQL
multipart upload with a visit id made by the client. The clients run on the same machine
as the server and take CPU from it, so they do the client's side cheaply: each multipart
body is encoded with a few byte joins (``multipart_body``) and sent on a plain keep-alive
HTTP/1.1 connection (``HttpConnection``), where httpx used about 0.9 ms of CPU per upload.
A phone does that work on its own CPU. Afterwards:

- the database must contain exactly one visit and one photo per request, and the visited
  children's ``visit_count`` must have grown by exactly the number of requests;
- 5% of the requests are sent again with the same ids and content, and each must return
  the stored visit without storing anything new.

Finally the bench deletes the visits it added and restores the children's fields, so the
data set keeps its size for the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import json
import random
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench import queries
from bench.common import (
    Backend,
    Size,
    asyncpg_dsn,
    cpu_by_process,
    cpu_used_between,
    ms,
    postmaster_pid,
    print_table,
    summarise,
    write_result,
)
from bench.dataset import read_manifest
from bench.measure import login
from bench.server import running_server

PHOTO_BYTES = 300 * 1024
PHOTO_SIZE = (1280, 960)
PHOTO_VARIANTS = 8
REPLAY_SHARE = 0.05
CHILDREN_PER_CLIENT = 200
REQUEST_TIMEOUT_SECONDS = 120
RUN_DEADLINE_SECONDS = 1800
MIN_VISITS_PER_SECOND = 200

# Children's fields that recordVisit changes; the bench restores them after the run.
RESTORED_COLUMNS = ("status", "latest_visit_id", "latest_reason", "last_visited_at", "visit_count", "version", "updated_at")


def make_photos(count: int, target_bytes: int = PHOTO_BYTES) -> list[bytes]:
    """Return ``count`` distinct 1280 x 960 JPEGs of about ``target_bytes``, each costing what a phone photo costs.

    Shapes on a gradient with grain give the encoder the kind of detail a photo has, and
    the quality is searched until the file is near the target size. (Pure noise would
    reach 300 KB at about a fifth of the pixels and so understate the decoding work.) The
    variants differ in one small patch, so each has its own bytes.
    """
    from PIL import Image, ImageDraw

    rng = random.Random(2564)
    width, height = PHOTO_SIZE
    channels = [Image.linear_gradient("L").rotate(rng.randrange(360)).resize(PHOTO_SIZE) for _ in range(3)]
    image = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        left, top = rng.randrange(width), rng.randrange(height)
        box = [left, top, left + rng.randrange(20, 300), top + rng.randrange(20, 300)]
        draw.ellipse(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.merge("RGB", [Image.effect_noise(PHOTO_SIZE, 18) for _ in range(3)])
    image = Image.blend(image, grain, 0.25)

    def encode(picture, quality: int) -> bytes:
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=quality)
        return buffer.getvalue()

    low, high, quality = 20, 98, 20
    while low <= high:
        middle = (low + high) // 2
        if len(encode(image, middle)) < target_bytes:
            quality, low = middle, middle + 1
        else:
            high = middle - 1

    photos = []
    for number in range(count):
        variant = image.copy()
        ImageDraw.Draw(variant).rectangle([number * 24, 0, number * 24 + 23, 23], fill=(number * 31 % 256, 0, 0))
        photos.append(encode(variant, quality))
    return photos


@dataclass
class PlannedVisit:
    visit_id: uuid.UUID
    client: int
    student_global_id: str
    student_id: int
    photo: int
    visited_at: str


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    returned_ids: list[str] = field(default_factory=list)


def multipart_request(visit: PlannedVisit, photo: bytes) -> tuple[dict, dict]:
    """Return the form fields and files of one recordVisit upload (GraphQL multipart request spec)."""
    data = {"operations": _operations(visit), "map": _PHOTO_MAP}
    files = {"0": (f"visit-{visit.photo}.jpg", photo, "image/jpeg")}
    return data, files


_PHOTO_MAP = json.dumps({"0": ["variables.input.photos.0"]})
_BOUNDARY = "pakongklab-bench-" + uuid.UUID(int=2564).hex


def multipart_body(visit: PlannedVisit, photo: bytes) -> tuple[bytes, str]:
    """Return the body and content type of the same upload as ``multipart_request``, encoded here."""
    boundary = _BOUNDARY.encode()
    if boundary in photo:
        raise ValueError("The multipart boundary occurs in the photo; choose another.")
    head = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        + _operations(visit).encode()
        + b"\r\n--" + boundary + b'\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
        + _PHOTO_MAP.encode()
        + b"\r\n--" + boundary
        + f'\r\nContent-Disposition: form-data; name="0"; filename="visit-{visit.photo}.jpg"\r\n'.encode()
        + b"Content-Type: image/jpeg\r\n\r\n"
    )
    body = b"".join((head, photo, b"\r\n--", boundary, b"--\r\n"))
    return body, f"multipart/form-data; boundary={_BOUNDARY}"


def _operations(visit: PlannedVisit) -> str:
    variables = {
        "input": {
            "id": str(visit.visit_id),
            "studentId": visit.student_global_id,
            "status": "IN_PROGRESS",
            "needs": ["SCHOLARSHIP"],
            "note": "",
            "visitedAt": visit.visited_at,
            "latitude": 8.05,
            "longitude": 98.91,
            "accuracyMeters": 12.0,
            "photos": [None],
        }
    }
    return json.dumps({"query": queries.RECORD_VISIT, "variables": variables})


class HttpConnection:
    """One keep-alive HTTP/1.1 connection to the bench server, for POST requests.

    It reads responses that state a ``Content-Length`` (the server's JSON responses do) and
    reconnects when the server closes the connection.
    """

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Send one request; return the status, the headers (names in lower case) and the body."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self.writer.write(body)
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        response_headers = {}
        for line in head[1:]:
            if line:
                name, _, value = line.partition(":")
                response_headers[name.strip().lower()] = value.strip()
        if "content-length" not in response_headers:
            raise ValueError(f"HTTP {status} without Content-Length")
        content = await self.reader.readexactly(int(response_headers["content-length"]))
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return status, response_headers, content

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def send_visits(
    client: HttpConnection, token: str, visits: list[PlannedVisit], photos: list[bytes], outcome: Outcome
) -> None:
    """Send ``visits`` one after another on one connection, recording each latency and failure."""
    for visit in visits:
        body, content_type = multipart_body(visit, photos[visit.photo])
        headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
        started = time.perf_counter()
        try:
            status, response_headers, content = await asyncio.wait_for(
                client.post("/graphql", body, headers), timeout=REQUEST_TIMEOUT_SECONDS
            )
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError) as error:
            outcome.failures.append(f"{visit.visit_id}: {type(error).__name__}")
            await client.close()
            continue
        outcome.latencies.append(time.perf_counter() - started)
        answer = json.loads(content) if response_headers.get("content-type", "").startswith("application/json") else {}
        payload = ((answer.get("data") or {}).get("recordVisit")) or {}
        if status != 200 or answer.get("errors") or payload.get("errors"):
            outcome.failures.append(f"{visit.visit_id}: HTTP {status} {str(answer)[:300]}")
            continue
        outcome.returned_ids.append(str(uuid.UUID(_visit_local_id(payload["visit"]["id"]))))


def _visit_local_id(global_id: str) -> str:
    from schema.base import from_global_id

    return from_global_id(global_id)[1]


async def run_clients(base_url: str, tokens: list[str], plans: list[list[PlannedVisit]], photos: list[bytes]) -> tuple[Outcome, float]:
    """Run one client per token at once; return the merged outcome and the wall time."""
    outcome = Outcome()
    clients = [HttpConnection(base_url) for _ in tokens]
    started = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.gather(*(send_visits(client, token, plan, photos, outcome)
                             for client, token, plan in zip(clients, tokens, plans))),
            timeout=RUN_DEADLINE_SECONDS,
        )
    finally:
        for client in clients:
            await client.close()
    return outcome, time.perf_counter() - started


class Database:
    """Plain driver access for the checks before and after the load."""

    def __init__(self, backend: Backend, database: str) -> None:
        self.backend = backend
        self.database = database
        self.connection = None
        self.mark = "$" if backend.name == "postgres" else "?"

    async def __aenter__(self) -> Database:
        if self.backend.name == "postgres":
            import asyncpg

            self.connection = await asyncpg.connect(asyncpg_dsn(self.backend.url(self.database)))
        else:
            self.connection = sqlite3.connect(self.backend.sqlite_path(self.database), timeout=60)
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self.backend.name == "postgres":
            await self.connection.close()
        else:
            self.connection.close()

    def _markers(self, count: int, start: int = 1) -> str:
        if self.backend.name == "postgres":
            return ", ".join(f"${number}" for number in range(start, start + count))
        return ", ".join("?" * count)

    def _value(self, value):
        if isinstance(value, uuid.UUID) and self.backend.name == "sqlite":
            return str(value)
        return value

    async def fetch(self, sql: str, parameters: list) -> list[tuple]:
        parameters = [self._value(value) for value in parameters]
        if self.backend.name == "postgres":
            return [tuple(row) for row in await self.connection.fetch(sql, *parameters)]
        return self.connection.execute(sql, parameters).fetchall()

    async def execute_many(self, sql: str, rows: list[list]) -> None:
        rows = [[self._value(value) for value in row] for row in rows]
        if self.backend.name == "postgres":
            await self.connection.executemany(sql, rows)
        else:
            with self.connection:
                self.connection.executemany(sql, rows)

    async def children_of(self, school_id: int) -> list[int]:
        rows = await self.fetch(
            f"SELECT id FROM student WHERE school_id = {self._markers(1)} AND merged_into_id IS NULL "
            f"ORDER BY id LIMIT {CHILDREN_PER_CLIENT}", [school_id]
        )
        return [row[0] for row in rows]

    async def count_where_in(self, table: str, column: str, values: list) -> int:
        total = 0
        for start in range(0, len(values), 5000):
            batch = values[start:start + 5000]
            rows = await self.fetch(f"SELECT COUNT(*) FROM {table} WHERE {column} IN ({self._markers(len(batch))})", batch)
            total += rows[0][0]
        return total

    async def student_rows(self, student_ids: list[int]) -> list[tuple]:
        columns = ", ".join(RESTORED_COLUMNS)
        rows = []
        for start in range(0, len(student_ids), 5000):
            batch = student_ids[start:start + 5000]
            rows += await self.fetch(
                f"SELECT id, {columns} FROM student WHERE id IN ({self._markers(len(batch))})", batch
            )
        return rows

    async def remove_visits(self, visit_ids: list[uuid.UUID], saved_students: list[tuple]) -> None:
        """Delete the load's visits, needs and photos, and put the children's fields back."""
        for table, column in (("photo", "visit_id"), ("visit_need", "visit_id"), ("visit", "id")):
            await self.execute_many(f"DELETE FROM {table} WHERE {column} = {self._markers(1)}", [[v] for v in visit_ids])
        assignments = ", ".join(
            f"{column} = {self._markers(1, index + 1)}" for index, column in enumerate(RESTORED_COLUMNS)
        )
        key = self._markers(1, len(RESTORED_COLUMNS) + 1)
        await self.execute_many(
            f"UPDATE student SET {assignments} WHERE id = {key}",
            [[*row[1:], row[0]] for row in saved_students],
        )


async def bench_visits(backend: Backend, size: Size, results_dir: Path, *, workers: int = 1) -> dict:
    from schema.base import to_global_id

    manifest = read_manifest(backend, size)
    database = manifest["database"]
    staff = manifest["load_staff"]
    client_count = size.load_clients
    photos = make_photos(PHOTO_VARIANTS)
    rng = random.Random(2564)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    async with Database(backend, database) as db:
        children = [await db.children_of(staff[index % len(staff)]["school_id"]) for index in range(client_count)]
        plans: list[list[PlannedVisit]] = [[] for _ in range(client_count)]
        for number in range(size.load_requests):
            client = number % client_count
            student_id = children[client][(number // client_count) % len(children[client])]
            plans[client].append(PlannedVisit(
                visit_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                client=client,
                student_global_id=to_global_id("Student", student_id),
                student_id=student_id,
                photo=number % PHOTO_VARIANTS,
                visited_at=(now - dt.timedelta(minutes=size.load_requests - number)).isoformat(),
            ))
        every_visit = [visit for plan in plans for visit in plan]
        visit_ids = [visit.visit_id for visit in every_visit]
        student_ids = sorted({visit.student_id for visit in every_visit})
        saved_students = await db.student_rows(student_ids)
        counts_before = sum(row[RESTORED_COLUMNS.index("visit_count") + 1] for row in saved_students)

        media_dir = backend.data_dir / f"load-media-{backend.name}"
        shutil.rmtree(media_dir, ignore_errors=True)
        try:
            with running_server(backend.url(database), media_dir, workers=workers,
                                log_file=backend.data_dir / "server.log") as server:
                async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
                    tokens = [
                        await login(client, staff[index % len(staff)]["username"], manifest["password"])
                        for index in range(client_count)
                    ]
                database_root = await postmaster_pid(backend.url(database)) if backend.name == "postgres" else None
                app_before, database_before = cpu_by_process(server.pid), cpu_by_process(database_root)
                clients_before = time.process_time()
                outcome, wall_seconds = await run_clients(server.url, tokens, plans, photos)
                cpu_used = (
                    cpu_used_between(app_before, cpu_by_process(server.pid)),
                    cpu_used_between(database_before, cpu_by_process(database_root)),
                    time.process_time() - clients_before,
                )

                stored_visits = await db.count_where_in("visit", "id", visit_ids)
                stored_photos = await db.count_where_in("photo", "visit_id", visit_ids)
                counts_after = sum(row[RESTORED_COLUMNS.index("visit_count") + 1] for row in await db.student_rows(student_ids))

                replays = rng.sample(every_visit, max(1, int(len(every_visit) * REPLAY_SHARE)))
                replay_plans = [[visit for visit in replays if visit.client == index] for index in range(client_count)]
                replay_outcome, _ = await run_clients(server.url, tokens, replay_plans, photos)
                after_replay_visits = await db.count_where_in("visit", "id", visit_ids)
                after_replay_photos = await db.count_where_in("photo", "visit_id", visit_ids)
            photo_files = sum(1 for path in media_dir.rglob("*") if path.is_file())
        finally:
            await db.remove_visits(visit_ids, saved_students)
            shutil.rmtree(media_dir, ignore_errors=True)

    requests = size.load_requests
    checks = {
        "every_request_succeeded": not outcome.failures,
        "returned_ids_match": sorted(outcome.returned_ids) == sorted(str(v) for v in visit_ids),
        "one_visit_per_request": stored_visits == requests,
        "one_photo_per_request": stored_photos == requests,
        "visit_counts_grew_by_requests": counts_after - counts_before == requests,
        "every_replay_succeeded": not replay_outcome.failures,
        "replays_returned_stored_ids": sorted(replay_outcome.returned_ids) == sorted(str(v.visit_id) for v in replays),
        "replays_stored_nothing": after_replay_visits == requests and after_replay_photos == requests,
    }
    latency = summarise(outcome.latencies) if outcome.latencies else None
    rate = requests / wall_seconds
    # CPU per visit does not depend on what else the machine runs, unlike the rate.
    cpu_per_visit_ms = {
        name: round(seconds / requests * 1000, 2) for name, seconds in zip(("app", "postgres", "clients"), cpu_used)
    }
    body = {
        "requests": requests,
        "clients": client_count,
        "server_workers": workers,
        "photo_bytes": [len(photo) for photo in photos],
        "wall_seconds": round(wall_seconds, 2),
        "visits_per_second": round(rate, 1),
        "cpu_per_visit_ms": cpu_per_visit_ms,
        "latency_ms": {key: (value if key == "count" else ms(value)) for key, value in latency.as_dict().items()} if latency else None,
        "replayed_requests": len(replays),
        "stored_visits": stored_visits,
        "stored_photos": stored_photos,
        "media_files": photo_files,
        "checks": checks,
        "failures": outcome.failures[:20] + replay_outcome.failures[:20],
        "within_target": rate >= MIN_VISITS_PER_SECOND,
        "invariants_hold": all(checks.values()),
    }
    rows = [("figure", "value")]
    rows.append(("requests / clients / server workers", f"{requests} / {client_count} / {workers}"))
    rows.append(("visits per second", round(rate, 1)))
    if latency:
        rows.append(("latency p50 / p95 (ms)", f"{ms(latency.median)} / {ms(latency.p95)}"))
    rows.append(("CPU per visit: app / PostgreSQL / clients (ms)",
                 " / ".join(str(cpu_per_visit_ms[name]) for name in ("app", "postgres", "clients"))))
    rows.append(("stored visits / photos", f"{stored_visits} / {stored_photos}"))
    rows.append(("replayed requests", len(replays)))
    print_table("d. recordVisit with one ~300 KB JPEG", rows)
    for name, passed in checks.items():
        print(f"  {name}: {passed}")
    path = write_result(results_dir, f"visits-w{workers}", backend, size, body)
    print(f"  target (>= {MIN_VISITS_PER_SECOND} visits/s): {body['within_target']}; written to {path}")
    return body
