"""Profile one benchmark case in-process with pyinstrument (the ``bench`` extra).

    python -m bench.profile students --backend postgres --size national
    python -m bench.profile reports  --backend postgres --size national
    python -m bench.profile visits   --backend postgres --size national
    python -m bench.profile import   --backend postgres --size national --rows 100000

The app runs in this process behind ``httpx.ASGITransport``, so the profile shows the
whole request path (GraphQL parsing and validation, resolvers, ORM, driver) without the
HTTP server. Each command writes a text and an HTML report under bench/results/profiles/.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import sys
import time
import uuid
from pathlib import Path

import httpx

from bench import queries
from bench.common import DEFAULT_DATA_DIR, DEFAULT_RESULTS_DIR, SIZES, Backend, open_backend
from bench.dataset import Names, read_manifest
from bench.server import MeasuringMiddleware


async def _in_process_client(database_url: str, media_dir: Path):
    from main import create_app
    from services.db import init_db
    from services.settings import Settings

    settings = Settings(database_url=database_url, data_dir=media_dir.parent, media_dir=media_dir)
    media_dir.mkdir(parents=True, exist_ok=True)
    await init_db(database_url)
    # The measuring wrapper adds the headers that graphql_once() reads.
    app = MeasuringMiddleware(create_app(settings, manage_db=False))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench.local", timeout=300)


async def _profile_requests(backend: Backend, manifest: dict, kind: str, count: int, output: Path) -> None:
    from pyinstrument import Profiler

    from bench.measure import graphql_once, login
    from services.db import close_db

    client = await _in_process_client(backend.url(manifest["database"]), backend.data_dir / "profile-media")
    try:
        if kind == "students":
            token = await login(client, manifest["area_office"]["officer_username"], manifest["password"])
            request = (queries.STUDENTS_PAGE, {"first": 50})
        else:
            token = await login(client, manifest["admin_username"], manifest["password"])
            request = (queries.PROGRESS_SUMMARY, {})
        for _ in range(3):
            await graphql_once(client, token, *request)
        profiler = Profiler(async_mode="enabled", interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for _ in range(count):
                await graphql_once(client, token, *request)
        elapsed = time.perf_counter() - started
    finally:
        await client.aclose()
        await close_db()
    _write(profiler, output, f"{kind}: {count} requests in {elapsed:.2f} s ({elapsed / count * 1000:.1f} ms each)")


async def _profile_visits(backend: Backend, manifest: dict, count: int, output: Path) -> None:
    from pyinstrument import Profiler

    from bench.load import Database, PlannedVisit, make_photos, multipart_request
    from bench.measure import login
    from schema.base import to_global_id
    from services.db import close_db

    staff = manifest["load_staff"][0]
    async with Database(backend, manifest["database"]) as db:
        children = await db.children_of(staff["school_id"])
        saved = await db.student_rows(children)
        photo = make_photos(1)[0]
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        visits = [
            PlannedVisit(uuid.uuid4(), 0, to_global_id("Student", children[i % len(children)]),
                         children[i % len(children)], 0, (now - dt.timedelta(minutes=count - i)).isoformat())
            for i in range(count)
        ]
        client = await _in_process_client(backend.url(manifest["database"]), backend.data_dir / "profile-media")
        try:
            token = await login(client, staff["username"], manifest["password"])
            profiler = Profiler(async_mode="enabled", interval=0.0005)
            started = time.perf_counter()
            with profiler:
                for visit in visits:
                    data, files = multipart_request(visit, photo)
                    response = await client.post("/graphql", data=data, files=files,
                                                 headers={"Authorization": f"Bearer {token}"})
                    response.raise_for_status()
            elapsed = time.perf_counter() - started
        finally:
            await client.aclose()
            await close_db()
            await db.remove_visits([visit.visit_id for visit in visits], saved)
    _write(profiler, output, f"recordVisit: {count} requests in {elapsed:.2f} s ({elapsed / count * 1000:.1f} ms each)")


async def _profile_import(backend: Backend, size, manifest: dict, rows: int, output: Path) -> None:
    from pyinstrument import Profiler

    from bench.common import tortoise_connected
    from services.student_import import import_students

    source = Path(manifest["children_csv"])
    sample = backend.data_dir / f"profile-import-{rows}.csv"
    with open(source, encoding="utf-8-sig", newline="") as reader_file, open(sample, "w", encoding="utf-8-sig", newline="") as writer_file:
        reader, writer = csv.reader(reader_file), csv.writer(writer_file, lineterminator="\r\n")
        for index, row in enumerate(reader):
            if index > rows:
                break
            writer.writerow(row)
    names = Names(size.name)
    await backend.create(names.import_run, template=names.base)
    try:
        async with tortoise_connected(backend.url(names.import_run)):
            profiler = Profiler(interval=0.001)
            started = time.perf_counter()
            with profiler:
                await import_students(sample)
            elapsed = time.perf_counter() - started
    finally:
        await backend.drop(names.import_run)
        sample.unlink(missing_ok=True)
    _write(profiler, output, f"import of {rows:,} rows in {elapsed:.2f} s ({rows / elapsed:,.0f} rows/s)")


def _write(profiler, output: Path, headline: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    output.with_suffix(".txt").write_text(headline + "\n" + text, encoding="utf-8")
    output.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    print(headline)
    print(f"Profile written to {output.with_suffix('.txt')} and .html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=("students", "reports", "visits", "import"))
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--size", choices=sorted(SIZES), default="national")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--requests", type=int, default=50, help="requests profiled (default 50)")
    parser.add_argument("--rows", type=int, default=100_000, help="CSV rows for the import case (default 100,000)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    output = DEFAULT_RESULTS_DIR / "profiles" / f"{args.case}-{args.backend}-{args.size}"
    with open_backend(args.backend, args.data_dir.resolve()) as backend:
        manifest = read_manifest(backend, size)
        if args.case == "import":
            asyncio.run(_profile_import(backend, size, manifest, args.rows, output))
        elif args.case == "visits":
            asyncio.run(_profile_visits(backend, manifest, args.requests, output))
        else:
            asyncio.run(_profile_requests(backend, manifest, args.case, args.requests, output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
