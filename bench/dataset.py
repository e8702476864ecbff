"""Build the benchmark data set: schools of all five affiliations, children, accounts and visits.

The steps, for a ``Size`` (``national``: 1,000,000 children and 3,000,000 visits):

1. A *base* database: the product's migrations, ``load_reference()``, every OBEC school
   through ``import_schools()``, generated area offices and schools for the other four
   affiliations (whose lists are not public), and bench accounts. The import benchmark
   starts each run from a copy of it.
2. A children CSV in the product's import format, made by the shared synthetic-list
   generator; a share of its rows is moved to the generated schools of the same province.
3. The data set database: a copy of the base, filled by ``python main.py import-students``,
   the product's own import path (timed, as the first run of the import benchmark).
4. Visits, loaded in bulk (COPY on PostgreSQL, executemany on SQLite), not through
   ``recordVisit``: the load benchmark measures ``recordVisit`` on its own. Each child's
   ``status``, ``latest_visit_id``, ``latest_reason``, ``last_visited_at`` and
   ``visit_count`` are set from its latest visit, as ``recordVisit`` would leave them, and
   each visit's needs go to ``visit_need``. Bulk visits carry no photos.

Every person in the data is synthetic. A manifest beside the databases records what was
built; the benchmarks read it.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import logging
import os
import random
import subprocess
import sys
import time
import uuid
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    GENERATOR,
    REPO_ROOT,
    SCHOOLS_CSV,
    Backend,
    Size,
    asyncpg_dsn,
    tortoise_connected,
)

log = logging.getLogger("pakongklab.bench.dataset")

BENCH_PASSWORD = "bench-Password-2564"
ADMIN_USERNAME = "bench.admin"
STAFF_PREFIX = "bench.staff."
AREA_PREFIX = "bench.area."
LOAD_STAFF_COUNT = 32

# Generated schools: (code prefix, area office name, school name, levels) per affiliation.
# The codes are 10 digits like OBEC's, with a first pair that no OBEC school uses.
OTHER_AFFILIATIONS = {
    "OVEC": ("20", "อาชีวศึกษาจังหวัด{province}", "วิทยาลัยการอาชีพ{province} {number}", "มัธยมศึกษาตอนปลาย"),
    "OPEC": ("30", "สำนักงานศึกษาธิการจังหวัด{province} (เอกชน)", "โรงเรียนเอกชน{province} {number}",
             "อนุบาล-มัธยมศึกษาตอนปลาย"),
    "ONIE": ("40", "สำนักงาน กศน.จังหวัด{province}", "ศูนย์ กศน.อำเภอ {province} {number}",
             "ประถมศึกษา-มัธยมศึกษาตอนปลาย"),
    "EEF": ("50", "หน่วยจัดการเรียนรู้ กสศ. จังหวัด{province}", "หน่วยจัดการเรียนรู้ {province} {number}",
            "ประถมศึกษา-มัธยมศึกษาตอนปลาย"),
}

# CSV columns the generator writes that the rewrite touches.
SCHOOL_CODE_COLUMN = 7
SCHOOL_NAME_COLUMN = 8
SUBDISTRICT_COLUMN = 12

# Visits per child and the weight of each count; the loader then adjusts single children
# so that the total is exactly the size's visit count.
VISIT_COUNT_WEIGHTS = {0: 15, 1: 10, 2: 15, 3: 20, 4: 15, 5: 13, 6: 12}

# The status of a child's latest visit; earlier visits are IN_PROGRESS or NOT_FOUND.
FINAL_STATUS_WEIGHTS = {
    "RETURNED": 33,
    "FOUND_WANTS_TO_RETURN": 15,
    "FOUND_WILL_NOT_RETURN": 12,
    "NOT_FOUND": 10,
    "CANNOT_FOLLOW": 8,
    "IN_PROGRESS": 22,
}
# recordVisit requires a reason with these statuses; other visits carry one half the time.
REASON_REQUIRED = frozenset({"NOT_FOUND", "FOUND_WILL_NOT_RETURN", "CANNOT_FOLLOW"})
REASON_WEIGHTS = {
    "FAMILY_NECESSITY": 18, "LOW_INCOME": 16, "MOVED": 12, "SOCIAL_ADJUSTMENT": 8,
    "FAMILY_CONDITION": 8, "COVID19": 7, "TRANSPORT": 5, "HEALTH": 4, "OVER_AGE": 4,
    "ENROLLED_OTHER_AFFILIATION": 4, "COMPLETED_COMPULSORY": 3, "AT_RISK_GROUP": 3,
    "SCHOOL_DISCIPLINE": 2, "DISABILITY": 2, "ENROLLED_SAME_AFFILIATION": 1, "DISASTER": 1,
    "STUDYING_ABROAD": 1, "DECEASED": 0.5, "UNSPECIFIED": 1.5,
}
NEEDS = (
    "SCHOLARSHIP", "LIVING_COSTS", "TRANSPORT", "LEARNING_SUPPORT", "FLEXIBLE_LEARNING",
    "VOCATIONAL_TRAINING", "HEALTH_CARE", "COUNSELING", "CIVIL_REGISTRATION", "OTHER",
)
TERM_STARTS = {1: dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc), 2: dt.datetime(2021, 11, 1, tzinfo=dt.timezone.utc)}

VISIT_COLUMNS = (
    "id", "student_id", "school_id", "status", "reason", "note", "visited_at", "latitude", "longitude",
    "accuracy_m", "recorded_by_id", "recorded_by_agency_id", "after_close", "content_hash", "created_at",
)
NEED_COLUMNS = ("visit_id", "student_id", "need")
LATEST_COLUMNS = ("id", "status", "latest_visit_id", "latest_reason", "last_visited_at", "visit_count")

STUDENT_CHUNK = 20_000


@dataclass(frozen=True)
class Names:
    """Database and file names of one size's data set."""

    size: str

    @property
    def base(self) -> str:
        return f"pakongklab_bench_{self.size}_base"

    @property
    def dataset(self) -> str:
        return f"pakongklab_bench_{self.size}"

    @property
    def import_run(self) -> str:
        return f"pakongklab_bench_{self.size}_import"

    def children_csv(self, data_dir: Path, seed: int) -> Path:
        return data_dir / f"children-{self.size}-seed{seed}.csv"

    def manifest(self, data_dir: Path, backend: str) -> Path:
        return data_dir / f"dataset-{backend}-{self.size}.json"


def read_manifest(backend: Backend, size: Size) -> dict:
    """Return what ``build_dataset`` recorded, or raise when the data set was never built."""
    path = Names(size.name).manifest(backend.data_dir, backend.name)
    if not path.exists():
        raise FileNotFoundError(
            f"No {size.name} data set on {backend.name}: build it first with "
            f"`python -m bench.run dataset --backend {backend.name} --size {size.name}`."
        )
    return json.loads(path.read_text(encoding="utf-8"))


# --- The whole build -------------------------------------------------------------------------


async def build_dataset(backend: Backend, size: Size, *, seed: int = 1) -> dict:
    """Build the base and the data set of ``size`` on ``backend``; write and return the manifest."""
    names = Names(size.name)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    base_info = await build_base(backend, size, seed=seed)
    timings["base_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    children_csv = await asyncio.to_thread(
        write_children_csv, names.children_csv(backend.data_dir, seed), size, seed, base_info["other_schools"]
    )
    timings["children_csv_seconds"] = round(time.perf_counter() - started, 1)

    await backend.create(names.dataset, template=names.base)
    import_run = await asyncio.to_thread(run_import_command, backend.url(names.dataset), children_csv, backend.data_dir)
    if import_run["exit_code"] != 0:
        raise RuntimeError(
            f"import-students exited with {import_run['exit_code']}; the end of its output:\n{import_run['output_tail']}"
        )
    timings["import_seconds"] = import_run["seconds"]

    started = time.perf_counter()
    accounts = await create_load_staff(backend.url(names.dataset))
    visit_counts = await load_visits(backend, backend.url(names.dataset), size, seed=seed)
    timings["visits_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    await refresh_derived_data(backend.url(names.dataset))
    await analyse(backend, names.dataset)
    timings["analyse_seconds"] = round(time.perf_counter() - started, 1)

    consistency = await verify_dataset(backend.url(names.dataset))
    if any(consistency.values()):
        raise RuntimeError(f"The bulk-loaded visits disagree with the children's fields: {consistency}")

    manifest = {
        "backend": backend.name,
        "size": size.name,
        "seed": seed,
        "database": names.dataset,
        "base_database": names.base,
        "children_csv": str(children_csv),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "password": BENCH_PASSWORD,
        "admin_username": ADMIN_USERNAME,
        "counts": await count_rows(backend.url(names.dataset)),
        "visit_load": visit_counts,
        "consistency": consistency,
        "import": import_run,
        "timings": timings,
        **accounts,
    }
    path = names.manifest(backend.data_dir, backend.name)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


# --- Base: reference data, schools and accounts ----------------------------------------------


async def build_base(backend: Backend, size: Size, *, seed: int) -> dict:
    """Create the base database and return the generated schools as {province: [(code, name)]}."""
    from services.migrations import migrate

    names = Names(size.name)
    await backend.create(names.base)
    url = backend.url(names.base)
    await migrate(url)

    schools_csv = schools_file(backend.data_dir, size)
    async with tortoise_connected(url):
        from services.reference import load_reference
        from services.school_import import import_schools

        await load_reference()
        await import_schools(schools_csv)
        other_schools = await create_other_affiliations(size, seed=seed)
        await create_accounts()
    return {"other_schools": other_schools}


def schools_file(data_dir: Path, size: Size) -> Path:
    """Return the OBEC schools CSV for ``size``: the shared file, or its rows for some provinces."""
    if not size.provinces:
        return SCHOOLS_CSV
    path = data_dir / f"schools-{'-'.join(size.provinces)}.csv"
    with open(SCHOOLS_CSV, encoding="utf-8", newline="") as source, open(path, "w", encoding="utf-8", newline="") as target:
        reader = csv.reader(source)
        writer = csv.writer(target, lineterminator="\r\n")
        header = next(reader)
        province_column = header.index("province_code")
        writer.writerow(header)
        writer.writerows(row for row in reader if row[province_column] in size.provinces)
    return path


async def create_other_affiliations(size: Size, *, seed: int) -> dict[str, list[tuple[str, str]]]:
    """Create one area office per province and its schools for each non-OBEC affiliation."""
    from models.agency import Agency, AgencyKind
    from models.geo import Province, Subdistrict

    rng = random.Random(seed * 7919)
    affiliations = {agency.code: agency for agency in await Agency.filter(kind=AgencyKind.AFFILIATION)}
    provinces = await Province.all().order_by("code")
    if size.provinces:
        provinces = [province for province in provinces if province.code in size.provinces]
    subdistricts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, district_id, province_id in await Subdistrict.all().order_by("code").values_list(
        "code", "district_id", "province_id"
    ):
        subdistricts[province_id].append((code, district_id))

    offices = []
    for code, (_prefix, office_name, _school_name, _levels) in OTHER_AFFILIATIONS.items():
        affiliation = affiliations[code]
        for province in provinces:
            offices.append(Agency(
                kind=AgencyKind.AREA_OFFICE,
                code=f"{code}-{province.code}",
                name_th=office_name.format(province=province.name_th),
                name_en=f"{code} office, {province.name_en} (synthetic)",
                parent_id=affiliation.id,
                affiliation_id=affiliation.id,
                province_id=province.code,
            ))
    await Agency.bulk_create(offices, batch_size=1000)
    office_ids = {
        agency.code: agency.id
        for agency in await Agency.filter(kind=AgencyKind.AREA_OFFICE, code__in=[office.code for office in offices])
    }

    schools, by_province = [], defaultdict(list)
    for code, (prefix, _office_name, school_name, levels) in OTHER_AFFILIATIONS.items():
        affiliation = affiliations[code]
        for province in provinces:
            office_id = office_ids[f"{code}-{province.code}"]
            for number in range(1, size.other_schools_per_province[code] + 1):
                subdistrict, district = rng.choice(subdistricts[province.code])
                school_code = f"{prefix}{province.code}{number:06d}"
                name = school_name.format(province=province.name_th, number=number)
                schools.append(Agency(
                    kind=AgencyKind.SCHOOL,
                    code=school_code,
                    name_th=name,
                    name_en=f"{code} school {number}, {province.name_en} (synthetic)",
                    parent_id=office_id,
                    affiliation_id=affiliation.id,
                    area_office_id=office_id,
                    province_id=province.code,
                    district_id=district,
                    subdistrict_id=subdistrict,
                    levels_th=levels,
                ))
                by_province[province.code].append((school_code, name))
    await Agency.bulk_create(schools, batch_size=1000)
    log.info("Generated %d area offices and %d schools outside OBEC", len(offices), len(schools))
    return dict(by_province)


async def create_accounts() -> None:
    """Create the ministry admin and one area officer per area office, all active."""
    from models.agency import Agency, AgencyKind, MINISTRY_CODE
    from models.user import User, UserRole, UserStatus
    from services.auth import hash_password

    password_hash = hash_password(BENCH_PASSWORD)
    ministry = await Agency.get(kind=AgencyKind.MINISTRY, code=MINISTRY_CODE)
    users = [_user(ADMIN_USERNAME, UserRole.MINISTRY_ADMIN, ministry.id, password_hash)]
    for office_id in await Agency.filter(kind=AgencyKind.AREA_OFFICE).order_by("id").values_list("id", flat=True):
        users.append(_user(f"{AREA_PREFIX}{office_id}", UserRole.AREA_OFFICER, office_id, password_hash))
    await User.bulk_create(users, batch_size=1000)


def _user(username: str, role, agency_id: int, password_hash: str):
    from models.user import User, UserStatus

    return User(
        username=username,
        username_key=username.lower(),
        password_hash=password_hash,
        first_name="ผู้ทดสอบ",
        last_name="สมรรถนะ",
        role=role,
        agency_id=agency_id,
        status=UserStatus.ACTIVE,
    )


async def create_load_staff(database_url: str) -> dict:
    """Create school staff at the schools with the most children; return the accounts to use.

    Also picks the area office with the most children for the per-office benchmarks.
    """
    from models.agency import Agency
    from models.student import Student
    from models.user import User, UserRole
    from services.auth import hash_password

    async with tortoise_connected(database_url):
        from tortoise import connections

        connection = connections.get("default")
        schools = await connection.execute_query_dict(
            "SELECT school_id, COUNT(*) AS children FROM student GROUP BY school_id "
            f"ORDER BY children DESC, school_id LIMIT {LOAD_STAFF_COUNT}"
        )
        offices = await connection.execute_query_dict(
            "SELECT area_office_id, COUNT(*) AS children FROM student WHERE area_office_id IS NOT NULL "
            "GROUP BY area_office_id ORDER BY children DESC, area_office_id LIMIT 1"
        )
        password_hash = hash_password(BENCH_PASSWORD)
        staff = [
            _user(f"{STAFF_PREFIX}{index}", UserRole.SCHOOL_STAFF, row["school_id"], password_hash)
            for index, row in enumerate(schools)
        ]
        await User.bulk_create(staff)
        office = await Agency.get(id=offices[0]["area_office_id"])
        total = await Student.all().count()
    return {
        "children": total,
        "load_staff": [
            {"username": user.username, "school_id": row["school_id"], "children": row["children"]}
            for user, row in zip(staff, schools)
        ],
        "area_office": {
            "id": office.id,
            "code": office.code,
            "name_th": office.name_th,
            "children": offices[0]["children"],
            "officer_username": f"{AREA_PREFIX}{office.id}",
        },
    }


# --- Children CSV ----------------------------------------------------------------------------


def write_children_csv(path: Path, size: Size, seed: int, other_schools: dict[str, list[tuple[str, str]]]) -> Path:
    """Write the size's children CSV (kept between runs) and return its path.

    The generator places every child at an OBEC school. A share of the rows, picked by a
    seeded draw, is then moved to a generated school of another affiliation in the
    province of the child's subdistrict.
    """
    if path.exists():
        return path
    raw = path.with_suffix(".obec.csv")
    command = [
        sys.executable, str(GENERATOR), "--schools", str(SCHOOLS_CSV), "--count", str(size.children),
        "--seed", str(seed), "--names", "builtin", "--out", str(raw),
    ]
    if size.provinces:
        command += ["--province", ",".join(size.provinces)]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=1800)

    rng = random.Random(seed * 104729)
    partial = path.with_suffix(".partial")
    with open(raw, encoding="utf-8-sig", newline="") as source, open(partial, "w", encoding="utf-8-sig", newline="") as target:
        reader = csv.reader(source)
        writer = csv.writer(target, lineterminator="\r\n")
        writer.writerow(next(reader))
        for row in reader:
            choices = other_schools.get(row[SUBDISTRICT_COLUMN][:2])
            if choices and rng.random() < size.other_children_share:
                row[SCHOOL_CODE_COLUMN], row[SCHOOL_NAME_COLUMN] = rng.choice(choices)
            writer.writerow(row)
    partial.rename(path)
    raw.unlink()
    return path


# --- Import through the product's command line -----------------------------------------------


def run_import_command(database_url: str, csv_path: Path, data_dir: Path) -> dict:
    """Run ``python main.py import-students FILE`` and return its time and peak memory.

    The peak is the child process's maximum resident set size from ``wait4``, so it covers
    the whole command: start-up, migrations check and import.
    """
    env = {
        **os.environ,
        "PAKONGKLAB_DATABASE_URL": database_url,
        "PAKONGKLAB_DATA_DIR": str(data_dir / "app"),
    }
    rows = count_csv_rows(csv_path)
    database = database_url.rsplit("/", 1)[-1].removesuffix(".sqlite3")
    log_path = data_dir / f"import-{database}.log"
    started = time.perf_counter()
    with open(log_path, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "main.py", "import-students", str(csv_path)],
            cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds, 1),
        "peak_memory_mib": round(usage.ru_maxrss / 1024, 1),
        "exit_code": process.returncode,
        "output_tail": tail,
    }


def count_csv_rows(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as source:
        return sum(1 for _ in csv.reader(source)) - 1


# --- Visits ----------------------------------------------------------------------------------


@dataclass
class StudentRow:
    id: int
    school_id: int
    area_office_id: int | None
    semester: int


class VisitGenerator:
    """Seeded visits for a stream of children, consistent with each child's derived fields."""

    def __init__(self, seed: int, officers: dict[int, int], admin_id: int, ministry_id: int) -> None:
        self.rng = random.Random(seed * 15485863)
        self.officers = officers
        self.admin_id = admin_id
        self.ministry_id = ministry_id
        self.final_statuses = list(FINAL_STATUS_WEIGHTS)
        self.final_weights = list(FINAL_STATUS_WEIGHTS.values())
        self.reasons = list(REASON_WEIGHTS)
        self.reason_weights = list(REASON_WEIGHTS.values())

    def visit_counts(self, children: int, total: int) -> array:
        """Draw a visit count per child, then adjust single children until the sum is ``total``."""
        rng = self.rng
        counts = array("b", rng.choices(list(VISIT_COUNT_WEIGHTS), weights=list(VISIT_COUNT_WEIGHTS.values()), k=children))
        difference = total - sum(counts)
        while difference != 0 and children:
            index = rng.randrange(children)
            if difference > 0 and counts[index] < 12:
                counts[index] += 1
                difference -= 1
            elif difference < 0 and counts[index] > 0:
                counts[index] -= 1
                difference += 1
        return counts

    def visits_of(self, student: StudentRow, count: int) -> tuple[list[tuple], list[tuple], tuple]:
        """Return the child's visit rows, need rows and derived-field row."""
        rng = self.rng
        if count == 0:
            return [], [], (student.id, "NOT_STARTED", None, None, None, 0)
        start = TERM_STARTS[student.semester]
        days = sorted(rng.sample(range(14, 640), count))
        final_status = rng.choices(self.final_statuses, self.final_weights)[0]
        recorder = self.officers.get(student.area_office_id or -1)
        recorder_agency = student.area_office_id if recorder else self.ministry_id
        recorder = recorder or self.admin_id

        visits, needs = [], []
        for position, day in enumerate(days):
            last = position == count - 1
            if last:
                status = final_status
            else:
                status = "IN_PROGRESS" if rng.random() < 0.7 else "NOT_FOUND"
            reason = None
            if status in REASON_REQUIRED or rng.random() < 0.5:
                reason = rng.choices(self.reasons, self.reason_weights)[0]
            visited_at = start + dt.timedelta(days=day, hours=1 + rng.random() * 8)
            visited_at = visited_at.replace(microsecond=0)
            visit_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            visits.append((
                visit_id, student.id, student.school_id, status, reason, "", visited_at,
                round(6 + rng.random() * 14, 6), round(97.5 + rng.random() * 8, 6), round(5 + rng.random() * 45, 1),
                recorder, recorder_agency, False, f"{rng.getrandbits(256):064x}",
                visited_at + dt.timedelta(minutes=5 + rng.randrange(600)),
            ))
            if status not in ("NOT_FOUND",) and rng.random() < 0.6:
                for need in rng.sample(NEEDS, 1 + int(rng.random() * 2.2)):
                    needs.append((visit_id, student.id, need))
        last_visit = visits[-1]
        latest = (student.id, final_status, last_visit[0], last_visit[4], last_visit[6], count)
        return visits, needs, latest


async def load_visits(backend: Backend, database_url: str, size: Size, *, seed: int) -> dict:
    """Load ``size.visits`` visits in bulk and set each child's derived fields from them."""
    if backend.name == "postgres":
        writer = PostgresVisitWriter(database_url)
    else:
        writer = SqliteVisitWriter(database_url)
    await writer.open()
    try:
        students = await writer.students()
        officers, admin_id, ministry_id = await writer.accounts()
        generator = VisitGenerator(seed, officers, admin_id, ministry_id)
        counts = generator.visit_counts(len(students), size.visits)
        visit_total = need_total = 0
        for start in range(0, len(students), STUDENT_CHUNK):
            visits, needs, latest = [], [], []
            for index in range(start, min(start + STUDENT_CHUNK, len(students))):
                rows, need_rows, derived = generator.visits_of(students[index], counts[index])
                visits.extend(rows)
                needs.extend(need_rows)
                latest.append(derived)
            await writer.write(visits, needs, latest)
            visit_total += len(visits)
            need_total += len(needs)
        await writer.finish()
    finally:
        await writer.close()
    return {"visits": visit_total, "visit_needs": need_total, "children": len(students)}


class PostgresVisitWriter:
    """Writes visits with COPY and the children's derived fields with one UPDATE per chunk."""

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.connection = None

    async def open(self) -> None:
        import asyncpg

        self.connection = await asyncpg.connect(self.dsn)
        await self.connection.execute("SET synchronous_commit = off")
        await self.connection.execute(
            "CREATE TEMP TABLE bench_latest (id integer PRIMARY KEY, status varchar(24), latest_visit_id uuid, "
            "latest_reason varchar(32), last_visited_at timestamptz, visit_count integer)"
        )

    async def students(self) -> list[StudentRow]:
        rows = await self.connection.fetch("SELECT id, school_id, area_office_id, semester FROM student ORDER BY id")
        return [StudentRow(*row) for row in rows]

    async def accounts(self) -> tuple[dict[int, int], int, int]:
        return await _accounts(self.connection.fetch, "$1")

    async def write(self, visits: list[tuple], needs: list[tuple], latest: list[tuple]) -> None:
        async with self.connection.transaction():
            await self.connection.copy_records_to_table("visit", records=visits, columns=list(VISIT_COLUMNS))
            await self.connection.copy_records_to_table("visit_need", records=needs, columns=list(NEED_COLUMNS))
            await self.connection.execute("TRUNCATE bench_latest")
            await self.connection.copy_records_to_table("bench_latest", records=latest, columns=list(LATEST_COLUMNS))
            await self.connection.execute(
                "UPDATE student AS s SET status = l.status, latest_visit_id = l.latest_visit_id, "
                "latest_reason = l.latest_reason, last_visited_at = l.last_visited_at, visit_count = l.visit_count "
                "FROM bench_latest AS l WHERE s.id = l.id"
            )

    async def finish(self) -> None:
        pass

    async def close(self) -> None:
        await self.connection.close()


class SqliteVisitWriter:
    """Writes visits with executemany in one transaction per chunk, in the values Tortoise stores."""

    def __init__(self, database_url: str) -> None:
        self.path = database_url.removeprefix("sqlite://")
        self.connection = None

    async def open(self) -> None:
        import sqlite3

        self.connection = sqlite3.connect(self.path, check_same_thread=False)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = OFF")
        # Random UUID keys touch pages all over the visit indexes; SQLite's default cache
        # of 2 MB makes each insert a disk read, and 1 GB keeps the indexes in memory.
        self.connection.execute("PRAGMA cache_size = -1000000")

    async def students(self) -> list[StudentRow]:
        rows = self.connection.execute("SELECT id, school_id, area_office_id, semester FROM student ORDER BY id")
        return [StudentRow(*row) for row in rows]

    async def accounts(self) -> tuple[dict[int, int], int, int]:
        async def fetch(sql: str, *args):
            return self.connection.execute(sql, args).fetchall()

        return await _accounts(fetch, "?")

    async def write(self, visits: list[tuple], needs: list[tuple], latest: list[tuple]) -> None:
        await asyncio.to_thread(self._write, visits, needs, latest)

    def _write(self, visits: list[tuple], needs: list[tuple], latest: list[tuple]) -> None:
        connection = self.connection
        with connection:
            connection.executemany(
                f"INSERT INTO visit ({', '.join(VISIT_COLUMNS)}) VALUES ({', '.join('?' * len(VISIT_COLUMNS))})",
                (_sqlite_values(row) for row in visits),
            )
            connection.executemany(
                "INSERT INTO visit_need (visit_id, student_id, need) VALUES (?, ?, ?)",
                ((str(visit_id), student_id, need) for visit_id, student_id, need in needs),
            )
            connection.executemany(
                "UPDATE student SET status = ?, latest_visit_id = ?, latest_reason = ?, last_visited_at = ?, "
                "visit_count = ? WHERE id = ?",
                (
                    (status, visit_id and str(visit_id), reason, visited_at and visited_at.isoformat(" "), count, student_id)
                    for student_id, status, visit_id, reason, visited_at, count in latest
                ),
            )

    async def finish(self) -> None:
        pass

    async def close(self) -> None:
        self.connection.close()


def _sqlite_values(row: tuple) -> tuple:
    # Tortoise stores UUIDs as text and aware datetimes as isoformat(" ") on SQLite.
    return tuple(
        str(value) if isinstance(value, uuid.UUID)
        else value.isoformat(" ") if isinstance(value, dt.datetime)
        else int(value) if isinstance(value, bool)
        else value
        for value in row
    )


async def _accounts(fetch, marker: str) -> tuple[dict[int, int], int, int]:
    """Return {area office id: officer user id}, the admin's user id and the ministry's id."""
    rows = await fetch(f"SELECT id, agency_id FROM app_user WHERE username_key LIKE {marker}", AREA_PREFIX + "%")
    officers = {agency_id: user_id for user_id, agency_id in rows}
    admin = await fetch(f"SELECT id, agency_id FROM app_user WHERE username_key = {marker}", ADMIN_USERNAME)
    return officers, admin[0][0], admin[0][1]


# --- After the load --------------------------------------------------------------------------


async def upgrade_dataset(backend: Backend, size: Size) -> list[str]:
    """Apply migrations written after the data set was built; return the applied file names.

    When the data set's schema changed, whatever the product derives from the children is
    rebuilt and the planner's statistics refreshed, as an operator would after an upgrade.
    """
    from services.migrations import migrate

    names = Names(size.name)
    await migrate(backend.url(names.base))
    applied = await migrate(backend.url(names.dataset))
    if applied:
        await refresh_derived_data(backend.url(names.dataset))
        await analyse(backend, names.dataset)
    return applied


async def refresh_derived_data(database_url: str) -> None:
    """Let the product rebuild anything it derives from visits, such as report totals."""
    async with tortoise_connected(database_url):
        try:
            from services import reports
        except ImportError:
            return
        rebuild = getattr(reports, "rebuild_aggregates", None)
        if rebuild is not None:
            await rebuild()


async def analyse(backend: Backend, database: str) -> None:
    """Refresh the planner's statistics, as an operator would after a bulk load."""
    if backend.name == "postgres":
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(backend.url(database)))
        try:
            await connection.execute("VACUUM (ANALYZE)")
        finally:
            await connection.close()
        return
    import sqlite3

    connection = sqlite3.connect(backend.sqlite_path(database))
    try:
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


async def count_rows(database_url: str) -> dict[str, int]:
    from models.agency import Agency, AgencyKind
    from models.student import Student
    from models.user import User
    from models.visit import Photo, Visit, VisitNeed

    async with tortoise_connected(database_url):
        return {
            "schools": await Agency.filter(kind=AgencyKind.SCHOOL).count(),
            "area_offices": await Agency.filter(kind=AgencyKind.AREA_OFFICE).count(),
            "children": await Student.all().count(),
            "visits": await Visit.all().count(),
            "visit_needs": await VisitNeed.all().count(),
            "photos": await Photo.all().count(),
            "users": await User.all().count(),
        }


async def verify_dataset(database_url: str) -> dict[str, int]:
    """Count the children whose derived fields disagree with their visits (all counts must be 0)."""
    async with tortoise_connected(database_url):
        from tortoise import connections

        connection = connections.get("default")
        wrong_count = await connection.execute_query_dict(
            "SELECT COUNT(*) AS n FROM student AS s "
            "WHERE s.visit_count <> (SELECT COUNT(*) FROM visit AS v WHERE v.student_id = s.id)"
        )
        wrong_latest = await connection.execute_query_dict(
            "SELECT COUNT(*) AS n FROM student AS s LEFT JOIN visit AS v ON v.id = s.latest_visit_id "
            "WHERE (s.visit_count > 0 AND (v.id IS NULL OR v.student_id <> s.id OR v.status <> s.status "
            "OR v.visited_at <> s.last_visited_at OR COALESCE(v.reason, '') <> COALESCE(s.latest_reason, '') "
            "OR EXISTS (SELECT 1 FROM visit AS w WHERE w.student_id = s.id AND w.visited_at > v.visited_at))) "
            "OR (s.visit_count = 0 AND (s.status <> 'NOT_STARTED' OR s.latest_visit_id IS NOT NULL))"
        )
        needs_elsewhere = await connection.execute_query_dict(
            "SELECT COUNT(*) AS n FROM visit_need AS n JOIN visit AS v ON v.id = n.visit_id WHERE v.student_id <> n.student_id"
        )
    return {
        "children_with_wrong_visit_count": wrong_count[0]["n"],
        "children_with_wrong_latest_visit": wrong_latest[0]["n"],
        "needs_of_another_child": needs_elsewhere[0]["n"],
    }
