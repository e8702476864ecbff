"""ASGI app factory and the command line of the dropout-tracking API.

Run ``python main.py --help`` (or ``pakongklab --help`` once installed) for the commands.
Every message a person reads is Thai first, then English.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import logging
import sys
import unicodedata
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Mount, Route

from services.settings import Settings, SettingsError

log = logging.getLogger("pakongklab")


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """Build the ASGI app. With ``manage_db`` the app connects the database in its lifespan."""
    from resolvers.exports import export_routes
    from resolvers.media import media_routes
    from resolvers.view import GraphQLView
    from schema.root import build_schema
    from services.db import close_db, init_db

    settings = settings or Settings.from_env()
    graphql = GraphQLView(build_schema(settings), settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            settings.media_dir.mkdir(parents=True, exist_ok=True)
            await init_db(settings.database_url)
        log.info("Started with database %s", settings.database_url.split("://", 1)[0])
        try:
            yield
        finally:
            if manage_db:
                await close_db()
            log.info("Stopped")

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/admin/")

    routes = [
        Route("/", home),
        Route("/healthz", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *media_routes(settings),
        *export_routes(settings),
    ]
    admin = _admin_app(settings)
    if admin is not None:
        routes.append(Mount("/admin", app=admin))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=_middleware(settings))
    app.state.settings = settings
    return app


def _admin_app(settings: Settings):
    try:
        from admin_ui.app import create_admin_app
    except ImportError:
        return None
    return create_admin_app(settings)


def _middleware(settings: Settings) -> list[Middleware]:
    from resolvers.security import SecurityHeadersMiddleware

    return [Middleware(SecurityHeadersMiddleware, settings=settings)]


# ---------------------------------------------------------------- command line


def _say(thai: str, english: str) -> None:
    """Print a message for a person: Thai first, English on the next line."""
    print(thai)
    print(f"  {english}")


def _pad(text: str, width: int) -> str:
    """Pad ``text`` to ``width`` columns; Thai vowel and tone marks take no column of their own."""
    columns = sum(1 for char in text if unicodedata.category(char) != "Mn")
    return text + " " * max(width - columns, 0)


def _progress_printer(label_th: str, label_en: str) -> Callable[[int, int | None], None]:
    def report(done: int, total: int | None) -> None:
        share = f" / {total:,}" if total else ""
        end = "\n" if total and done >= total else ""
        print(f"\r{label_th} / {label_en}: {done:,}{share}", end=end, file=sys.stderr, flush=True)

    return report


async def _with_db(settings: Settings, work: Callable[[], object]) -> object:
    from services.db import close_db, init_db
    from services.migrations import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate(settings.database_url)
    await init_db(settings.database_url)
    try:
        return await work()
    finally:
        await close_db()


def _command_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from services.migrations import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    applied = asyncio.run(migrate(settings.database_url))
    if applied:
        _say(f"ปรับโครงสร้างฐานข้อมูลแล้ว: {', '.join(applied)}", f"Applied migrations: {', '.join(applied)}")
    else:
        _say("โครงสร้างฐานข้อมูลเป็นปัจจุบันแล้ว", "The database is up to date.")
    return 0


def _command_load_reference(settings: Settings, args: argparse.Namespace) -> int:
    from services.reference import load_reference

    async def work():
        return await load_reference()

    counts = asyncio.run(_with_db(settings, work))
    _say(
        f"นำเข้าข้อมูลอ้างอิงแล้ว: จังหวัด {counts['provinces']:,} อำเภอ {counts['districts']:,} "
        f"ตำบล {counts['subdistricts']:,} สังกัด {counts['affiliations']:,} (ข้อมูลพื้นที่จาก GeoThai)",
        f"Loaded reference data: {counts['provinces']:,} provinces, {counts['districts']:,} districts, "
        f"{counts['subdistricts']:,} subdistricts, {counts['affiliations']:,} affiliations "
        "(area data from GeoThai, CC BY 4.0).",
    )
    return 0


def _missing_file(path: str) -> bool:
    """Print a message and return True when ``path`` is not a readable file."""
    if Path(path).is_file():
        return False
    print(f"ไม่พบไฟล์ {path} กรุณาตรวจสอบชื่อและตำแหน่งของไฟล์", file=sys.stderr)
    print(f"  The file {path} was not found: check its name and folder.", file=sys.stderr)
    return True


def _command_import_schools(settings: Settings, args: argparse.Namespace) -> int:
    if _missing_file(args.file):
        return 2
    from services.reference import load_reference
    from services.school_import import import_schools

    async def work():
        await load_reference()
        return await import_schools(Path(args.file), progress=_progress_printer("โรงเรียน", "schools"))

    result = asyncio.run(_with_db(settings, work))
    print(file=sys.stderr)
    _say(
        f"นำเข้าโรงเรียนแล้ว: เพิ่ม {result.created:,} แก้ไข {result.updated:,} ไม่เปลี่ยนแปลง {result.unchanged:,} "
        f"เขตพื้นที่การศึกษา {result.area_offices:,} แห่ง",
        f"Imported schools: {result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged; {result.area_offices:,} area offices.",
    )
    return 0


def _command_import_students(settings: Settings, args: argparse.Namespace) -> int:
    if _missing_file(args.file):
        return 2
    from services.student_import import import_students, print_report

    async def work():
        return await import_students(
            Path(args.file),
            dry_run=args.dry_run,
            progress=_progress_printer("แถวที่ตรวจแล้ว", "rows checked"),
        )

    result = asyncio.run(_with_db(settings, work))
    print(file=sys.stderr)
    print_report(result)
    return 0 if not result.errors else 1


def _command_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    from services.accounts import create_ministry_admin

    password = args.password or getpass.getpass("รหัสผ่าน / Password: ")

    async def work():
        return await create_ministry_admin(args.username, password, first_name=args.first_name, last_name=args.last_name)

    from services.errors import ServiceError, ValidationErrors

    try:
        asyncio.run(_with_db(settings, work))
    except ValidationErrors as errors:
        for error in errors.errors:
            print(error.message("th"), file=sys.stderr)
            print("  " + error.message("en"), file=sys.stderr)
        return 1
    except ServiceError as error:
        print(error.message("th"), file=sys.stderr)
        print("  " + error.message("en"), file=sys.stderr)
        return 1
    _say(f"สร้างผู้ดูแลระบบ {args.username} แล้ว", f"Created ministry admin {args.username}.")
    return 0


def _command_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from services.migrations import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(migrate(settings.database_url))
    if args.workers == 1:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
        return 0
    if settings.is_sqlite:
        print(
            f"คำเตือน: ฐานข้อมูล SQLite ให้เขียนได้ครั้งละหนึ่งโพรเซส การใช้ --workers {args.workers} "
            "อาจทำให้การบันทึกข้อมูลต้องรอหรือล้มเหลวเมื่อมีผู้ใช้พร้อมกัน ควรใช้ค่าเริ่มต้น 1 หรือใช้ PostgreSQL\n"
            f"  Warning: SQLite lets one process write at a time, so with --workers {args.workers} "
            "concurrent writes may wait or fail. Keep the default of 1, or use PostgreSQL.",
            file=sys.stderr,
        )
    from resolvers.workers import serve

    # Each worker process builds its own app from the same PAKONGKLAB_* environment.
    return serve("main:create_app", host=args.host, port=args.port, workers=args.workers, log_level="info")


def _worker_count(text: str) -> int:
    count = int(text)
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"{count} workers: choose from 1 to 64")
    return count


def _command_demo(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from services.demo import prepare_demo

    accounts = asyncio.run(_with_db(settings, lambda: prepare_demo(settings, progress=_progress_printer("นำเข้า", "importing"))))
    print(file=sys.stderr)
    base = f"http://{args.host}:{args.port}"
    _say("บัญชีทดลองใช้ (ข้อมูลนักเรียนทั้งหมดเป็นข้อมูลสมมุติ):", "Demo accounts (every child in the data is synthetic):")
    for account in accounts:
        print(f"  {_pad(account.role_th, 28)} {account.username:<22} {account.password}   ({account.role_en})")
    _say(f"หน้าจัดการระบบ: {base}/admin/", f"Admin console: {base}/admin/")
    _say(f"GraphQL API: {base}/graphql", f"GraphQL API: {base}/graphql")
    if args.no_serve:
        return 0
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pakongklab",
        description="ระบบติดตามเด็กออกกลางคัน (พาน้องกลับมาเรียน) / Dropout follow-up API. "
        "Settings come from PAKONGKLAB_* environment variables (see docs/operations.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate, then serve the API and console / ให้บริการ API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    serve.add_argument(
        "--workers",
        type=_worker_count,
        default=1,
        help="server processes (default 1); on PostgreSQL use one per CPU core, see docs/operations.md",
    )
    serve.set_defaults(handler=_command_serve)

    commands.add_parser("migrate", help="apply database migrations / ปรับโครงสร้างฐานข้อมูล").set_defaults(
        handler=_command_migrate
    )
    commands.add_parser(
        "load-reference", help="load provinces, districts, subdistricts and affiliations / นำเข้าข้อมูลอ้างอิง"
    ).set_defaults(handler=_command_load_reference)

    schools = commands.add_parser("import-schools", help="import the OBEC school list CSV / นำเข้ารายชื่อโรงเรียน")
    schools.add_argument("file", help="path of the CSV file")
    schools.set_defaults(handler=_command_import_schools)

    students = commands.add_parser(
        "import-students", help="import a dropout list (CSV or XLSX), all rows or none / นำเข้ารายชื่อเด็ก"
    )
    students.add_argument("file", help="path of the CSV or XLSX file")
    students.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    students.set_defaults(handler=_command_import_students)

    admin = commands.add_parser("create-admin", help="create a ministry admin account / สร้างผู้ดูแลระบบ")
    admin.add_argument("username")
    admin.add_argument("--password", help="the password; asked for when left out")
    admin.add_argument("--first-name", default="ผู้ดูแล")
    admin.add_argument("--last-name", default="ระบบ")
    admin.set_defaults(handler=_command_create_admin)

    demo = commands.add_parser(
        "demo", help="set up demo data and accounts, then serve / ติดตั้งข้อมูลทดลองและเปิดให้บริการ"
    )
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    demo.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    demo.add_argument("--no-serve", action="store_true", help="set up the data, print the accounts and stop")
    demo.set_defaults(handler=_command_demo)
    return parser


def cli(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"การตั้งค่าไม่ถูกต้อง / Invalid setting: {error}", file=sys.stderr)
        return 2
    return args.handler(settings, args)


if __name__ == "__main__":
    sys.exit(cli())
