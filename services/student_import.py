"""Import of dropout lists (CSV or XLSX): all rows or none, in bounded memory.

Every row is checked (``services.student_rows``), and rows that repeat an earlier row of
the file, keyed by (ID, term, school) packed into one integer, are errors too. At most
``MAX_REPORTED_ERRORS`` detailed errors are kept and the rest counted. The rows are never
all held in memory. Nothing is written unless every row is valid and this is not a dry
run, and then everything is written in one transaction: children already stored for the
same (national ID, academic year, semester, school) are updated when a value changed,
their version growing by one, and the others are inserted. Every child whose national ID
this import wrote and who is listed at another school (merged records left out) is
flagged as a possible duplicate.

On PostgreSQL the file is read once. Inside the import's transaction the checked rows go
by COPY into a temporary staging table, and once the whole file is checked a few
set-based statements compare the staging table with the stored children and write the
changes. A file with an error, or a dry run, rolls the transaction back, which drops the
staging table. Writing 1,000,000 rows this way is dominated by the foreign-key and index
checks of the one INSERT ... SELECT; see docs/imports.md for the figures.

On SQLite the file is read twice: the first pass checks every row, and the second reads
the file again and writes it in chunks (multi-row INSERTs, one UPDATE per changed child,
one flagging UPDATE per chunk through the unique index, which starts with the national
ID). A dry run runs that pass without writing, to count what would change.

Every run records an ``ImportBatch``: COMPLETED, DRY_RUN, or FAILED with the first errors
and the error count. A failed import writes only that batch row.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tortoise import BaseDBAsyncClient, connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.agency import Agency, AgencyKind
from models.audit import ImportBatch, ImportKind, ImportStatus
from models.geo import Subdistrict
from models.student import Student
from models.user import UserRole
from services import bulk, reports
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import ENGLISH, THAI, register, translate
from services.scope import Actor, require_role
from services.student_rows import RowChecker, SchoolRef, StudentRow, map_columns, school_filter
from services.tabular import FileFacts, RowError, TableReader, inspect_file, open_table

log = logging.getLogger("pakongklab.imports.students")

ProgressCallback = Callable[[int, int | None], None]

# Roles that may import a list. School staff may import only their own school's rows.
IMPORT_ROLES = (
    UserRole.SCHOOL_STAFF,
    UserRole.AREA_OFFICER,
    UserRole.AFFILIATION_ADMIN,
    UserRole.MINISTRY_ADMIN,
)
MAX_REPORTED_ERRORS = 1_000
WRITE_CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000
# PostgreSQL: rows per COPY into the staging table, and staged rows written per part while
# the worker thread checks the next rows. The worker checks at most PREFETCH_CHUNKS chunks
# ahead, which bounds the memory they take.
STAGE_CHUNK_ROWS = 10_000
WRITE_PART_ROWS = 20_000
PREFETCH_CHUNKS = 4
STAGING_TABLE = "student_import_staging"

# Columns the import writes; the key identifies a child's row for one term at one school.
KEY_COLUMNS = ("national_id", "academic_year", "semester", "school_id")
DATA_COLUMNS = (
    "id_kind", "title", "first_name", "last_name", "gender", "birth_date", "grade",
    "area_office_id", "affiliation_id", "house_number", "village_no",
    "subdistrict_id", "district_id", "province_id", "guardian_name", "guardian_phone",
)

register({
    "import_no_rows": (
        "ไฟล์ '{file}' มีแต่หัวตาราง ไม่มีแถวข้อมูล",
        "The file '{file}' has a header but no rows of data.",
    ),
    "import_row_repeated": (
        "แถวนี้ซ้ำกับแถวที่ {first_row}: เลขประจำตัว ภาคเรียน {term} และโรงเรียน {school} เหมือนกัน",
        "The row repeats row {first_row}: the same ID, term {term} and school {school}.",
    ),
    "import_write_conflict": (
        "บันทึกข้อมูลไม่สำเร็จเพราะมีการนำเข้าหรือแก้ไขรายชื่อเดียวกันในเวลาเดียวกัน: "
        "ไม่มีข้อมูลใดถูกบันทึก โปรดนำเข้าใหม่อีกครั้ง",
        "The import could not be saved because the same children were imported or changed at "
        "the same time: nothing was saved. Import the file again.",
    ),
    "import_file_changed": (
        "ไฟล์ '{file}' เปลี่ยนไประหว่างการนำเข้า: ไม่มีข้อมูลใดถูกบันทึก โปรดนำเข้าใหม่อีกครั้ง",
        "The file '{file}' changed during the import: nothing was saved. Import it again.",
    ),
    "import_report_dry_run": (
        "ทดลองนำเข้าไฟล์ '{file}' ({rows} แถว) โดยไม่บันทึกข้อมูล: จะเพิ่ม {created} แก้ไข {updated} "
        "ไม่เปลี่ยนแปลง {unchanged}",
        "Dry run of '{file}' ({rows} rows), nothing saved: {created} would be created, {updated} "
        "updated, {unchanged} unchanged.",
    ),
    "import_report_done": (
        "นำเข้าไฟล์ '{file}' ({rows} แถว) แล้ว: เพิ่ม {created} แก้ไข {updated} ไม่เปลี่ยนแปลง "
        "{unchanged} อาจซ้ำกับโรงเรียนอื่น {duplicates}",
        "Imported '{file}' ({rows} rows): {created} created, {updated} updated, {unchanged} "
        "unchanged, {duplicates} possible duplicates at another school.",
    ),
    "import_report_failed": (
        "ไม่ได้นำเข้าไฟล์ '{file}': พบข้อผิดพลาด {count} รายการ จึงไม่บันทึกข้อมูลใดเลย "
        "โปรดแก้ไขแล้วนำเข้าใหม่",
        "The file '{file}' was not imported, so nothing was saved. Errors found: {count}. "
        "Fix them and import the file again.",
    ),
    "import_report_row": (
        "แถวที่ {row} คอลัมน์ '{column}' ค่า '{value}': {message}",
        "Row {row}, column '{column}', value '{value}': {message}",
    ),
    "import_report_file": (
        "ทั้งไฟล์: {message}",
        "Whole file: {message}",
    ),
    "import_report_more": (
        "และข้อผิดพลาดอื่นอีก {count} รายการที่ไม่ได้แสดง",
        "and {count} more errors not shown.",
    ),
})


@dataclass
class ImportResult:
    """What an import of a dropout list did, or, for a dry run, would do."""

    file_name: str
    dry_run: bool
    status: ImportStatus
    batch_id: int | None = None
    row_count: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)


class _FileChanged(Exception):
    """The second pass found a row that the first pass did not see or accepted."""


async def import_students(
    path: Path,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    actor: Actor | None = None,
    file_name: str | None = None,
) -> ImportResult:
    """Check and import the dropout list at ``path``; nothing is written unless every row is valid.

    ``actor`` is the signed-in caller (None for the command line, which may import any
    school): each row's school must be in the caller's scope. ``file_name`` is the name to
    record and show, e.g. the name of an uploaded file that was saved under another name.
    Problems with the file or its rows are returned in ``ImportResult.errors``, never raised.
    """
    if actor is not None:
        require_role(actor, *IMPORT_ROLES)
    path = Path(path)
    name = file_name or path.name
    status = ImportStatus.DRY_RUN if dry_run else ImportStatus.FAILED
    result = ImportResult(file_name=name, dry_run=dry_run, status=status)
    started_at = dt.datetime.now(dt.timezone.utc)
    facts: FileFacts | None = None
    try:
        facts = inspect_file(path, name)
        with open_table(path, name, facts) as table:
            checker = await _row_checker(table, actor)
            if _stages_rows(connections.get("default")):
                await _import_staged(table, checker, result, actor, facts, started_at, progress)
            else:
                # Checking rows is CPU work: a worker thread does it, so the event loop keeps
                # serving other requests meanwhile.
                await asyncio.to_thread(_check_rows, table, checker, result, progress)
                _require_rows(result)
                if not result.error_count:
                    await _write_rows(table, checker, result, actor, facts, started_at, progress)
    except ValidationErrors as problems:
        for problem in problems.errors:
            result.add_error(_file_error(problem))
    except ServiceError as problem:
        result.add_error(_file_error(problem))
    except _FileChanged:
        result.add_error(_file_error(ServiceError(ErrorCode.CONFLICT, "import_file_changed", file=name)))
    except IntegrityError:
        log.warning("Import of %s rolled back: a concurrent change hit the same children", name)
        result.add_error(_file_error(ServiceError(ErrorCode.CONFLICT, "import_write_conflict")))

    if result.batch_id is None:
        result.status = ImportStatus.DRY_RUN if dry_run else ImportStatus.FAILED
        if result.error_count:
            # Nothing was written, whatever the second pass had counted before it stopped.
            result.created = result.updated = result.unchanged = result.duplicates = 0
        result.batch_id = await _record_batch(result, actor, facts, started_at)
    log.info(
        "Student import %s of %s: %s, %d rows, %d created, %d updated, %d unchanged, %d possible "
        "duplicates, %d errors",
        result.batch_id, name, result.status.value, result.row_count, result.created, result.updated,
        result.unchanged, result.duplicates, result.error_count,
    )
    return result


def _stages_rows(connection: BaseDBAsyncClient) -> bool:
    """Return whether the import goes through a staging table: on PostgreSQL, which has COPY."""
    return bulk.dialect(connection) == "postgres"


def _file_error(error: ServiceError) -> RowError:
    return RowError.from_service_error(error, row=None)


def _require_rows(result: ImportResult) -> None:
    """Report a file without data rows (a header alone) as an error."""
    if result.row_count == 0 and not result.error_count:
        result.add_error(_file_error(ServiceError(ErrorCode.INVALID, "import_no_rows", file=result.file_name)))


async def _row_checker(table: TableReader, actor: Actor | None) -> RowChecker:
    positions = map_columns(table.header, table.display_name)
    school_rows = await Agency.filter(kind=AgencyKind.SCHOOL).values_list(
        "code", "id", "area_office_id", "affiliation_id", "province_id"
    )
    schools = {code: SchoolRef(*values) for code, *values in school_rows}
    subdistricts = {
        code: (district_id, province_id)
        for code, district_id, province_id in await Subdistrict.all().values_list("code", "district_id", "province_id")
    }
    return RowChecker(
        table.header, positions, schools, subdistricts, school_filter(actor), dt.date.today()
    )


def _row_key(row: StudentRow) -> int:
    """Pack (ID, term, school) into one integer, which costs far less memory than a tuple."""
    identifier = row.national_id
    number = int(identifier) if identifier[0] != "G" else 10**13 + int(identifier[1:])
    term = (row.academic_year - 2400) * 2 + row.semester - 1
    return ((number << 10) | term) << 32 | row.school.id


def _check_rows(
    table: TableReader, checker: RowChecker, result: ImportResult, progress: ProgressCallback | None
) -> None:
    """Check every row and report errors and repeated rows."""
    for _row in _valid_rows(table, checker, result, progress):
        pass


def _valid_rows(
    table: TableReader, checker: RowChecker, result: ImportResult, progress: ProgressCallback | None
) -> Iterator[StudentRow]:
    """Check every row, record its errors in ``result``, and yield the rows without error."""
    first_row_of: dict[int, int] = {}
    for number, cells in table.rows():
        result.row_count += 1
        row, errors = checker.check(number, cells)
        for field_name, value, error in errors:
            result.add_error(RowError.from_service_error(error, number, checker.column(field_name), _shown(value)))
        if row is not None:
            key = _row_key(row)
            first = first_row_of.setdefault(key, number)
            if first == number:
                yield row
            else:
                error = ServiceError(
                    ErrorCode.DUPLICATE,
                    "import_row_repeated",
                    field="nationalId",
                    first_row=first,
                    term=f"{row.semester}/{row.academic_year}",
                    school=_shown(cells[checker.positions["school_code"]]),
                )
                column = checker.column("national_id")
                result.add_error(RowError.from_service_error(error, number, column, row.national_id))
        if progress and result.row_count % PROGRESS_EVERY_ROWS == 0:
            progress(result.row_count, None)
    if progress:
        progress(result.row_count, None)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _checked_rows(table: TableReader, checker: RowChecker) -> Iterator[StudentRow]:
    for number, cells in table.rows():
        row, errors = checker.check(number, cells)
        if row is None:
            raise _FileChanged()
        yield row


async def _prefetched(chunks: Iterator[list], depth: int = 1) -> AsyncIterator[list]:
    """Yield the chunks, reading and checking up to ``depth`` chunks ahead in a worker thread.

    While the database writes one chunk, the thread parses the next ones, so the two
    overlap on a machine with two or more cores. The iterator runs in that one thread only.
    """
    loop = asyncio.get_running_loop()
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-rows")
    upcoming = deque(loop.run_in_executor(reader, next, chunks, None) for _ in range(depth))
    try:
        while (chunk := await upcoming[0]) is not None:
            upcoming.popleft()
            upcoming.append(loop.run_in_executor(reader, next, chunks, None))
            yield chunk
    finally:
        # Let the thread finish its chunk before the caller closes the file under it. An
        # error of an unused chunk is dropped, because the caller's own error explains more.
        await asyncio.to_thread(reader.shutdown, wait=True, cancel_futures=True)
        await asyncio.wait(upcoming)
        for future in upcoming:
            if not future.cancelled():
                future.exception()


def _chunks(rows: Iterator[StudentRow], size: int) -> Iterator[list[StudentRow]]:
    chunk: list[StudentRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _write_rows(
    table: TableReader,
    checker: RowChecker,
    result: ImportResult,
    actor: Actor | None,
    facts: FileFacts,
    started_at: dt.datetime,
    progress: ProgressCallback | None,
) -> None:
    """Second pass: write (or, in a dry run, count) the changes, all in one transaction."""
    total = result.row_count
    if result.dry_run:
        connection = connections.get("default")
        if await _apply_chunks(connection, table, checker, result, None, progress, total) != total:
            raise _FileChanged()
        return

    async with in_transaction() as connection:
        batch = await _open_batch(connection, result, actor, facts, started_at)
        bulk_load = total >= reports.BULK_LOAD_MIN_ROWS and await reports.begin_bulk_load(connection)
        if await _apply_chunks(connection, table, checker, result, batch.id, progress, total) != total:
            raise _FileChanged()
        if bulk_load:
            await reports.finish_bulk_load(connection)
        await _close_batch(connection, batch, result)
    result.batch_id = batch.id
    result.status = ImportStatus.COMPLETED


async def _open_batch(
    connection: BaseDBAsyncClient,
    result: ImportResult,
    actor: Actor | None,
    facts: FileFacts,
    started_at: dt.datetime,
) -> ImportBatch:
    """Create the batch that the written rows point to, inside the import's transaction."""
    return await ImportBatch.create(
        kind=ImportKind.STUDENTS,
        file_name=result.file_name[:255],
        file_sha256=facts.sha256,
        status=ImportStatus.COMPLETED,
        uploaded_by_id=actor.user_id if actor else None,
        agency_id=actor.agency_id if actor else None,
        row_count=result.row_count,
        started_at=started_at,
        using_db=connection,
    )


async def _close_batch(connection: BaseDBAsyncClient, batch: ImportBatch, result: ImportResult) -> None:
    """Count the flagged children and save what the import wrote into its batch."""
    result.duplicates = await _count_flagged(connection, batch.id)
    batch.row_count = result.row_count
    batch.created_count = result.created
    batch.updated_count = result.updated
    batch.duplicate_count = result.duplicates
    batch.finished_at = dt.datetime.now(dt.timezone.utc)
    await batch.save(using_db=connection)


@dataclass(frozen=True)
class _Writer:
    """What writing one chunk needs besides the chunk: the connection, the batch and the defaults."""

    connection: BaseDBAsyncClient
    batch_id: int | None  # None: count only, as a dry run does
    now: dt.datetime
    insert_columns: tuple[str, ...]
    default_values: tuple
    growing: bool


async def _apply_chunks(
    connection: BaseDBAsyncClient,
    table: TableReader,
    checker: RowChecker,
    result: ImportResult,
    batch_id: int | None,
    progress: ProgressCallback | None,
    total: int,
) -> int:
    """Insert and update the rows chunk by chunk (only count them without ``batch_id``); return the row count."""
    now = dt.datetime.now(dt.timezone.utc)
    given_columns = (*KEY_COLUMNS, *DATA_COLUMNS, "import_batch_id")
    default_columns, default_values = bulk.remaining_columns(Student, given_columns, now)
    writer = _Writer(
        connection=connection,
        batch_id=batch_id,
        now=now,
        insert_columns=(*given_columns, *default_columns),
        default_values=default_values,
        growing=batch_id is not None and bulk.dialect(connection) == "postgres",
    )
    seen = 0
    chunks = _prefetched(_chunks(_checked_rows(table, checker), WRITE_CHUNK_ROWS))
    async with aclosing(chunks) as prefetched:
        async for chunk in prefetched:
            await _apply_chunk(writer, chunk, result)
            seen += len(chunk)
            if progress:
                progress(seen, total)
    return seen


async def _apply_chunk(writer: _Writer, chunk: list[StudentRow], result: ImportResult) -> None:
    """Insert the chunk's new children, update the changed ones, and flag possible duplicates."""
    connection = writer.connection
    async with _index_lookups(connection, writer.growing):
        stored, schools_by_id = await _stored_rows(connection, chunk)

    new_rows, changed_rows = [], []
    written_ids: set[str] = set()
    for row in chunk:
        key = (row.national_id, row.academic_year, row.semester, row.school.id)
        values = _data_values(row)
        current = stored.get(key)
        if current is None:
            new_rows.append((*key, *values, writer.batch_id, *writer.default_values))
        elif current[1] != tuple(_comparable(value) for value in values):
            changed_rows.append((*values, writer.batch_id, writer.now, current[0]))
        else:
            result.unchanged += 1
            continue
        written_ids.add(row.national_id)
        schools_by_id.setdefault(row.national_id, set()).add(row.school.id)
    result.created += len(new_rows)
    result.updated += len(changed_rows)
    if writer.batch_id is None:
        return

    await bulk.insert_rows(connection, "student", writer.insert_columns, new_rows)
    await bulk.update_rows(
        connection, "student", "id", (*DATA_COLUMNS, "import_batch_id", "updated_at"), changed_rows,
        increment=("version",),
    )
    # The chunk's rows are written, so flagging now marks them too.
    listed_twice = sorted(identifier for identifier in written_ids if len(schools_by_id[identifier]) > 1)
    async with _index_lookups(connection, writer.growing):
        await _flag_possible_duplicates(connection, listed_twice, writer.now)


@asynccontextmanager
async def _index_lookups(connection: BaseDBAsyncClient, growing: bool) -> AsyncIterator[None]:
    """Make PostgreSQL find the enclosed statements' rows through the unique index, when ``growing``.

    The import looks children up by national ID while the table grows inside its
    transaction, and the planner goes wrong two ways there: a table that was never analysed
    has no statistics, so 1,000 IDs look like the whole table and get a sequential scan; and
    a prepared statement that switched to a generic plan keeps the plan costed when the table
    was small. Each turns the import quadratic. Setting these options for the whole
    transaction would also re-plan every foreign-key check, which halved the insert rate in
    a test on PostgreSQL 15, so they cover only these statements.
    """
    # SET LOCAL lasts until the end of the transaction, so ``growing`` must only be true
    # inside the import's transaction on PostgreSQL.
    if growing:
        await connection.execute_script(
            "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_custom_plan"
        )
    try:
        yield
    finally:
        if growing:
            await connection.execute_script(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL plan_cache_mode TO DEFAULT"
            )


@asynccontextmanager
async def _without_seqscan(connection: BaseDBAsyncClient) -> AsyncIterator[None]:
    """Make PostgreSQL use indexes for the enclosed statements of the import's transaction."""
    await connection.execute_script("SET LOCAL enable_seqscan = off")
    try:
        yield
    finally:
        await connection.execute_script("SET LOCAL enable_seqscan TO DEFAULT")


def _data_values(row: StudentRow) -> tuple:
    return (
        row.id_kind.value, row.title, row.first_name, row.last_name, row.gender.value, row.birth_date,
        row.grade, row.school.area_office_id, row.school.affiliation_id, row.house_number, row.village_no,
        row.subdistrict_id, row.district_id, row.province_id, row.guardian_name, row.guardian_phone,
    )


def _comparable(value: object) -> object:
    # SQLite returns dates as ISO text and PostgreSQL as dates; compare both as text.
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


async def _stored_rows(
    connection: BaseDBAsyncClient, chunk: list[StudentRow]
) -> tuple[dict[tuple, tuple[int, tuple]], dict[str, set[int]]]:
    """Return the stored children that share a national ID with ``chunk``.

    The first mapping is key -> (id, data values). The second is national ID -> the schools
    that list a child with that ID (merged records left out), to find possible duplicates.
    """
    columns = ", ".join(bulk.quote(column) for column in ("id", "merged_into_id", *KEY_COLUMNS, *DATA_COLUMNS))
    found = await bulk.select_where_in(
        connection,
        f"SELECT {columns} FROM {bulk.quote('student')} WHERE {{where}}",
        "national_id",
        sorted({row.national_id for row in chunk}),
    )
    stored = {}
    schools_by_id: dict[str, set[int]] = {}
    for record in found:
        key = tuple(record[column] for column in KEY_COLUMNS)
        stored[key] = (record["id"], tuple(_comparable(record[column]) for column in DATA_COLUMNS))
        if record["merged_into_id"] is None:
            schools_by_id.setdefault(record["national_id"], set()).add(record["school_id"])
    return stored, schools_by_id


async def _flag_possible_duplicates(
    connection: BaseDBAsyncClient, national_ids: list[str], now: dt.datetime
) -> None:
    """Flag every unmerged child with one of ``national_ids``: each is listed at several schools."""
    for start in range(0, len(national_ids), bulk.MAX_KEYS_PER_STATEMENT):
        batch = national_ids[start:start + bulk.MAX_KEYS_PER_STATEMENT]
        marks = bulk.placeholders(connection, 3 + len(batch))
        await connection.execute_query(
            f'UPDATE {bulk.quote("student")} SET "possible_duplicate" = {marks[0]}, "updated_at" = {marks[1]} '
            f'WHERE "possible_duplicate" = {marks[2]} AND "merged_into_id" IS NULL '
            f'AND "national_id" IN ({", ".join(marks[3:])})',
            [True, now, False, *batch],
        )


async def _count_flagged(connection: BaseDBAsyncClient, batch_id: int) -> int:
    """Return how many rows this batch wrote that carry the possible-duplicate flag."""
    return await Student.filter(import_batch_id=batch_id, possible_duplicate=True).using_db(connection).count()


# ---------------------------------------------------------------- PostgreSQL: staged writes


class _Discard(Exception):
    """Roll the import's transaction back: the file has errors, or this is a dry run."""


_STAGED_COLUMNS = ("row", *KEY_COLUMNS, *DATA_COLUMNS)


# Text-format COPY: tab between fields, \N for NULL, and backslash escapes for the
# characters that would break a field.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass(frozen=True, slots=True)
class _StagedChunk:
    """Checked rows as the text of one COPY, with their first and last row numbers."""

    first_row: int
    last_row: int
    count: int
    data: bytes


def _copy_line(row: StudentRow) -> str:
    """Return ``row`` as one line of a text-format COPY into the staging table."""
    values = (row.row, row.national_id, row.academic_year, row.semester, row.school.id, *_data_values(row))
    fields = ["" if value is None else str(value) for value in values]
    line = "\t".join(fields)
    plain = not ("\\" in line or "\n" in line or "\r" in line or line.count("\t") != len(fields) - 1)
    if plain and None not in values:
        return line
    escaped = []
    for value, text in zip(values, fields):
        if value is None:
            escaped.append("\\N")
        elif plain:
            escaped.append(text)
        else:
            escaped.append(text.translate(_COPY_ESCAPES))
    return "\t".join(escaped)


def _staging_chunks(rows: Iterator[StudentRow], result: ImportResult) -> Iterator[_StagedChunk]:
    """Yield the valid rows as COPY text in chunks, and none once a row had an error.

    After the first error the rows are still read, so that every error is reported, but
    there is nothing more to stage: the import will not write. The text is made here, in
    the worker thread, so that the event loop's thread only sends it.
    """
    lines: list[str] = []
    first_row = 0
    for row in rows:
        if result.error_count:
            lines.clear()
            continue
        if not lines:
            first_row = row.row
        lines.append(_copy_line(row))
        if len(lines) == STAGE_CHUNK_ROWS:
            yield _StagedChunk(first_row, row.row, len(lines), ("\n".join(lines) + "\n").encode())
            lines = []
        last_row = row.row
    if lines and not result.error_count:
        yield _StagedChunk(first_row, last_row, len(lines), ("\n".join(lines) + "\n").encode())


async def _import_staged(
    table: TableReader,
    checker: RowChecker,
    result: ImportResult,
    actor: Actor | None,
    facts: FileFacts,
    started_at: dt.datetime,
    progress: ProgressCallback | None,
) -> None:
    """Check the file once and write it through a staging table, all in one transaction.

    Every ``WRITE_PART_ROWS`` staged rows are written while the worker thread checks the
    next ones. A row error found later, or a dry run, rolls everything back.
    """
    try:
        async with in_transaction() as connection:
            writer = _StagedWriter(connection, result, actor, facts, started_at)
            await _stage_rows(connection, table, checker, result, progress, writer)
            _require_rows(result)
            if result.error_count:
                raise _Discard()
            await connection.execute_script(f"ANALYZE {bulk.quote(STAGING_TABLE)}")
            if result.dry_run:
                await _count_staged(connection, result)
                raise _Discard()
            batch_id = await writer.finish(progress)
    except _Discard:
        return
    result.batch_id = batch_id
    result.status = ImportStatus.COMPLETED


async def _stage_rows(
    connection: BaseDBAsyncClient,
    table: TableReader,
    checker: RowChecker,
    result: ImportResult,
    progress: ProgressCallback | None,
    writer: _StagedWriter,
) -> None:
    """Check every row, COPY the valid ones into a new staging table, and write them in parts.

    A worker thread reads and checks up to ``PREFETCH_CHUNKS`` chunks ahead while this
    coroutine copies and writes. Nothing is written in a dry run or after a row error.
    """
    # The staging table takes the student table's column types, so it follows the model.
    # "stored" stays NULL until the write marks the rows that match a stored child.
    staging = bulk.quote(STAGING_TABLE)
    columns = ", ".join(bulk.quote(column) for column in (*KEY_COLUMNS, *DATA_COLUMNS))
    await connection.execute_script(
        f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
        f'SELECT 0 AS "row", {columns}, CAST(NULL AS BOOLEAN) AS "stored" FROM "student" WITH NO DATA; '
        f'CREATE INDEX ON {staging} ("row")'
    )
    chunks = _prefetched(_staging_chunks(_valid_rows(table, checker, result, progress), result), PREFETCH_CHUNKS)
    async with aclosing(chunks) as prefetched:
        async for chunk in prefetched:
            async with connection.acquire_connection() as raw:
                # A memoryview, because asyncpg would take bytes for a file name.
                await raw.copy_to_table(STAGING_TABLE, source=memoryview(chunk.data), columns=list(_STAGED_COLUMNS))
            writer.staged(chunk.first_row, chunk.last_row, chunk.count)
            if writer.pending_rows >= WRITE_PART_ROWS and not result.error_count and not result.dry_run:
                await writer.write_part()


def _matching(staged: str, stored: str) -> str:
    return " AND ".join(f"{stored}.{bulk.quote(column)} = {staged}.{bulk.quote(column)}" for column in KEY_COLUMNS)


def _data_differs(staged: str, stored: str) -> str:
    values = ", ".join(f"{{0}}.{bulk.quote(column)}" for column in DATA_COLUMNS)
    return f"({values.format(stored)}) IS DISTINCT FROM ({values.format(staged)})"


async def _count_staged(connection: BaseDBAsyncClient, result: ImportResult) -> None:
    """Count what writing the staged rows would do, without writing (a dry run)."""
    rows = await connection.execute_query_dict(
        f"SELECT COUNT(*) AS stored, COUNT(*) FILTER (WHERE {_data_differs('s', 'st')}) AS changed "
        f"FROM {bulk.quote(STAGING_TABLE)} s JOIN \"student\" st ON {_matching('s', 'st')}"
    )
    stored, changed = rows[0]["stored"], rows[0]["changed"]
    result.created = result.row_count - stored
    result.updated = changed
    result.unchanged = stored - changed


class _StagedWriter:
    """The writes of the staged rows, part by part, in the import's transaction.

    The first part creates the import batch, which the written rows point to, and pauses
    the tally trigger for a large file. Each part marks its staged rows that match a stored
    child, updates the stored children whose values differ, and inserts the others.
    """

    def __init__(
        self,
        connection: BaseDBAsyncClient,
        result: ImportResult,
        actor: Actor | None,
        facts: FileFacts,
        started_at: dt.datetime,
    ) -> None:
        self.connection = connection
        self.result = result
        self.actor = actor
        self.facts = facts
        self.started_at = started_at
        self.batch: ImportBatch | None = None
        self.bulk_load = False
        self.now = dt.datetime.now(dt.timezone.utc)
        self.first_row: int | None = None
        self.last_row = 0
        self.pending_rows = 0
        self.written_rows = 0
        self.insert_sql = ""
        self.default_values: tuple = ()

    def staged(self, first_row: int, last_row: int, count: int) -> None:
        """Add one copied chunk to the part that the next ``write_part`` writes."""
        if self.first_row is None:
            self.first_row = first_row
        self.last_row = last_row
        self.pending_rows += count

    async def _start(self) -> None:
        self.batch = await _open_batch(self.connection, self.result, self.actor, self.facts, self.started_at)
        # Parts are written only once WRITE_PART_ROWS rows are staged, or at the end, so
        # the rows staged so far tell whether the file is a bulk load.
        staged_so_far = self.written_rows + self.pending_rows
        self.bulk_load = staged_so_far >= reports.BULK_LOAD_MIN_ROWS and await reports.begin_bulk_load(self.connection)
        given_columns = (*KEY_COLUMNS, *DATA_COLUMNS, "import_batch_id")
        default_columns, self.default_values = bulk.remaining_columns(Student, given_columns, self.now)
        types = await _column_types(self.connection, "student")
        constants = [
            f"CAST(${number} AS {types[column]})"
            for number, column in enumerate(("import_batch_id", *default_columns), start=3)
        ]
        self.insert_sql = (
            f'INSERT INTO "student" ({", ".join(bulk.quote(column) for column in (*given_columns, *default_columns))}) '
            f'SELECT {", ".join("s." + bulk.quote(column) for column in (*KEY_COLUMNS, *DATA_COLUMNS))}, '
            f'{", ".join(constants)} FROM {bulk.quote(STAGING_TABLE)} s '
            f'WHERE s."stored" IS NOT TRUE AND s."row" BETWEEN $1 AND $2 ORDER BY s."row"'
        )

    async def write_part(self) -> None:
        """Write the staged rows not written yet."""
        if self.first_row is None:
            return
        if self.batch is None:
            await self._start()
        connection, staging, result = self.connection, bulk.quote(STAGING_TABLE), self.result
        first, last = self.first_row, self.last_row
        # Without statistics on a table that fills inside this transaction, PostgreSQL may
        # scan all of "student" for each part. Index probes keep each part's cost to its
        # own rows. The insert runs outside this block, because it needs no lookup and
        # re-planning its foreign-key checks (see _index_lookups) would slow it down.
        async with _without_seqscan(connection):
            stored, _ = await connection.execute_query(
                f'UPDATE {staging} s SET "stored" = TRUE FROM "student" st '
                f'WHERE s."row" BETWEEN $1 AND $2 AND {_matching("s", "st")}',
                [first, last],
            )
            assignments = ", ".join(f"{bulk.quote(column)} = s.{bulk.quote(column)}" for column in DATA_COLUMNS)
            updated, _ = await connection.execute_query(
                f'UPDATE "student" st SET {assignments}, "import_batch_id" = $3, "updated_at" = $4, '
                f'"version" = st."version" + 1 FROM {staging} s '
                f'WHERE s."row" BETWEEN $1 AND $2 AND s."stored" AND {_matching("s", "st")} '
                f'AND {_data_differs("s", "st")}',
                [first, last, self.batch.id, self.now],
            )
        if stored < self.pending_rows:
            await connection.execute_query(self.insert_sql, [first, last, self.batch.id, *self.default_values])
        result.created += self.pending_rows - stored
        result.updated += updated
        result.unchanged += stored - updated
        self.written_rows += self.pending_rows
        self.first_row, self.pending_rows = None, 0

    async def finish(self, progress: ProgressCallback | None) -> int:
        """Write the last part, flag possible duplicates, recount the tally; return the batch id."""
        await self.write_part()
        if self.batch is None:
            await self._start()
        if self.result.created or self.result.updated:
            await _flag_written_duplicates(self.connection, self.batch.id, self.now)
        if self.bulk_load:
            await reports.finish_bulk_load(self.connection)
        await _close_batch(self.connection, self.batch, self.result)
        if progress:
            progress(self.result.row_count, self.result.row_count)
        return self.batch.id


async def _column_types(connection: BaseDBAsyncClient, table: str) -> dict[str, str]:
    rows = await connection.execute_query_dict(
        "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute "
        "WHERE attrelid = CAST($1 AS regclass) AND attnum > 0 AND NOT attisdropped",
        [table],
    )
    return {row["name"]: row["type"] for row in rows}


async def _flag_written_duplicates(connection: BaseDBAsyncClient, batch_id: int, now: dt.datetime) -> None:
    """Flag every unmerged child whose national ID this batch wrote and that is listed at several schools.

    The schools of an ID are those of its unmerged children and of the rows this batch
    wrote, as in the chunked writes of SQLite.
    """
    staging = bulk.quote(STAGING_TABLE)
    await connection.execute_query(
        f'UPDATE "student" SET "possible_duplicate" = TRUE, "updated_at" = $2 '
        f'WHERE NOT "possible_duplicate" AND "merged_into_id" IS NULL AND "national_id" IN ('
        f'SELECT st."national_id" FROM "student" st '
        f'WHERE st."national_id" IN (SELECT DISTINCT "national_id" FROM {staging}) '
        f'AND (st."merged_into_id" IS NULL OR st."import_batch_id" = $1) '
        f'GROUP BY st."national_id" '
        f'HAVING MIN(st."school_id") <> MAX(st."school_id") AND BOOL_OR(st."import_batch_id" = $1))',
        [batch_id, now],
    )


async def _record_batch(
    result: ImportResult, actor: Actor | None, facts: FileFacts | None, started_at: dt.datetime
) -> int:
    batch = await ImportBatch.create(
        kind=ImportKind.STUDENTS,
        file_name=result.file_name[:255],
        file_sha256=facts.sha256 if facts else "",
        status=result.status,
        uploaded_by_id=actor.user_id if actor else None,
        agency_id=actor.agency_id if actor else None,
        row_count=result.row_count,
        created_count=result.created,
        updated_count=result.updated,
        duplicate_count=result.duplicates,
        error_count=result.error_count,
        errors=[error.to_json() for error in result.errors],
        started_at=started_at,
        finished_at=dt.datetime.now(dt.timezone.utc),
    )
    return batch.id


def report_lines(result: ImportResult, locale: str) -> list[str]:
    """Return the report of an import in one language: a summary, then one line per error."""
    if result.error_count:
        lines = [translate("import_report_failed", locale, file=result.file_name, count=result.error_count)]
    elif result.dry_run:
        lines = [translate(
            "import_report_dry_run", locale, file=result.file_name, rows=result.row_count,
            created=result.created, updated=result.updated, unchanged=result.unchanged,
        )]
    else:
        lines = [translate(
            "import_report_done", locale, file=result.file_name, rows=result.row_count,
            created=result.created, updated=result.updated, unchanged=result.unchanged,
            duplicates=result.duplicates,
        )]
    for error in result.errors:
        lines.append(_error_line(error, locale))
    hidden = result.error_count - len(result.errors)
    if hidden > 0:
        lines.append(translate("import_report_more", locale, count=hidden))
    return lines


def _error_line(error: RowError, locale: str) -> str:
    message = error.message(locale)
    if error.row is None:
        return translate("import_report_file", locale, message=message)
    return translate(
        "import_report_row", locale, row=error.row, column=error.column or "", value=error.value or "", message=message
    )


def print_report(result: ImportResult) -> None:
    """Print the report for a person: each line in Thai, then the same line in English."""
    for thai, english in zip(report_lines(result, THAI), report_lines(result, ENGLISH)):
        print(thai)
        print(f"  {english}")
