"""Import of the OBEC school list: area offices and schools under the OBEC affiliation.

The file has the columns of OBEC's EMIS listing (``obec_school_id_10``, ``name_th``,
``levels_th``, ``esa_code``, ``esa_name``, ``province_code``, ``district_code``,
``subdistrict_code``, ...). Each distinct ``esa_code`` becomes an agency of kind
AREA_OFFICE under สพฐ., and each row a SCHOOL under its office. Decisions on the quirks
of the published list:

- Codes are kept as text, exactly as published, including the two 9-digit school ids.
- Names are stored with sara am as one character (U+0E33): the source sometimes writes it
  as nikhahit + sara aa (U+0E4D U+0E32), which would not match typed text.
- ``100700`` is OBEC's bureau of special education, not an educational service area. It
  becomes an AREA_OFFICE too, so that its 32 schools have an office that can follow them
  up, but with no province, because it serves the whole country.
- A school without an ``esa_code`` hangs directly under the affiliation, with no area
  office; its children are then in the scope of affiliation and ministry admins only.
- A school keeps the province of the page it was published on, even in the known case
  (``1018090223``) where that page is in another province.
- An area office's province is, in this order: the ``province_code`` of its row in the
  ESA list (``esa-<suffix>.csv`` beside the schools file, when present), the first two
  digits of a 4-digit primary office code, or the province where most of its schools are.
  Its covered provinces (AgencyProvince) are the ESA list's ``provinces`` column, or else
  every province where its schools are.
- District and subdistrict codes that are not in the reference data are left empty.
- Schools missing from the file are left as they are: the list is no closure notice.

Importing the same file again changes nothing; a changed row updates its school.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.agency import Agency, AgencyKind, AgencyProvince, AffiliationCode
from models.audit import ImportBatch, ImportKind, ImportStatus
from models.geo import District, Province, Subdistrict
from services import bulk
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.reference import ensure_affiliations
from services.tabular import RowError, inspect_file, open_table

log = logging.getLogger("pakongklab.imports.schools")

SPECIAL_EDUCATION_BUREAU_CODE = "100700"

REQUIRED_COLUMNS = ("obec_school_id_10", "name_th", "province_code")
OPTIONAL_COLUMNS = ("levels_th", "esa_code", "esa_name", "district_code", "subdistrict_code")
ESA_COLUMNS = ("esa_code", "province_code", "provinces")

# The fields of an agency that the import sets and compares, in this order.
OFFICE_FIELDS = ("name_th", "short_name_th", "parent_id", "affiliation_id", "province_id")
SCHOOL_FIELDS = (
    "name_th", "parent_id", "affiliation_id", "area_office_id",
    "province_id", "district_id", "subdistrict_id", "levels_th",
)

ProgressCallback = Callable[[int, int | None], None]

# Skipped rows beyond this many are counted in the log, not listed; the batch keeps 1,000.
LOGGED_SKIPPED_ROWS = 20

register({
    "schools_missing_columns": (
        "ไฟล์รายชื่อโรงเรียน '{file}' ไม่มีคอลัมน์ {columns}: ต้องมีคอลัมน์ตามรายชื่อโรงเรียนของ สพฐ.",
        "The school list '{file}' lacks the columns {columns}: it needs the columns of the OBEC list.",
    ),
    "schools_reference_missing": (
        "ยังไม่มีข้อมูลจังหวัดในระบบ: โปรดนำเข้าข้อมูลอ้างอิง (load-reference) ก่อนนำเข้าโรงเรียน",
        "The database has no provinces yet: load the reference data (load-reference) before "
        "importing schools.",
    ),
    "school_code_missing": (
        "แถวนี้ไม่มีรหัสโรงเรียน 10 หลัก จึงข้ามไป",
        "The row has no 10-digit school id, so it was skipped.",
    ),
    "school_name_missing": (
        "โรงเรียนรหัส {code} ไม่มีชื่อ จึงข้ามไป",
        "School {code} has no name, so it was skipped.",
    ),
    "school_province_unknown": (
        "โรงเรียนรหัส {code} มีรหัสจังหวัด '{value}' ซึ่งไม่มีในข้อมูลอ้างอิง จึงข้ามไป",
        "School {code} has the province code '{value}', which is not in the reference data, "
        "so it was skipped.",
    ),
    "school_code_repeated": (
        "รหัสโรงเรียน {code} ซ้ำกับแถวที่ {first_row} จึงข้ามไป",
        "The school id {code} repeats row {first_row}, so it was skipped.",
    ),
})


@dataclass
class SchoolImportResult:
    """What an import of the school list did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    area_offices: int = 0
    area_offices_created: int = 0
    area_offices_updated: int = 0
    skipped: list[RowError] = field(default_factory=list)
    batch_id: int | None = None


@dataclass
class _SchoolRow:
    row: int
    code: str
    name_th: str
    levels_th: str
    esa_code: str
    esa_name: str
    province_code: str
    district_code: str
    subdistrict_code: str


@dataclass
class _OfficePlan:
    code: str
    name_th: str
    province_code: str | None
    covered: list[str]


def normalise_thai(text: str) -> str:
    """Strip, collapse whitespace, and write sara am as the single character U+0E33."""
    return " ".join(text.replace("\u0e4d\u0e32", "\u0e33").split())


async def import_schools(
    path: Path,
    progress: ProgressCallback | None = None,
    *,
    province_codes: Iterable[str] | None = None,
    esa_path: Path | None = None,
    actor=None,
) -> SchoolImportResult:
    """Import the OBEC school list at ``path`` in one transaction.

    ``province_codes`` keeps only the schools of those provinces (the demo loads one).
    ``esa_path`` names the ESA list; by default ``esa-<suffix>.csv`` beside the file is
    used when it exists. Rows without a school id or name, or with an unknown province,
    are skipped and listed in the result.
    """
    path = Path(path)
    facts = inspect_file(path)
    kept_provinces = set(province_codes) if province_codes is not None else None
    province_ids = set(await Province.all().values_list("code", flat=True))
    if not province_ids:
        raise ServiceError(ErrorCode.INVALID, "schools_reference_missing")
    result = SchoolImportResult()
    rows = _read_schools(path, facts, province_ids, kept_provinces, result.skipped)
    total = len(rows)
    if progress:
        progress(0, total)

    esa_file = esa_path if esa_path is not None else _esa_file_beside(path)
    esa_rows = _read_esa(esa_file, province_ids) if esa_file is not None else {}
    offices = _plan_offices(rows, esa_rows, province_ids)

    district_ids = set(await District.all().values_list("code", flat=True))
    subdistrict_ids = set(await Subdistrict.all().values_list("code", flat=True))
    affiliation = (await ensure_affiliations())[AffiliationCode.OBEC.value]
    now = dt.datetime.now(dt.timezone.utc)

    async with in_transaction() as connection:
        office_ids = await _sync_offices(connection, offices, affiliation.id, now, result)
        await _sync_coverage(connection, offices, office_ids)
        await _sync_schools(
            connection, rows, office_ids, affiliation.id, district_ids, subdistrict_ids, now, result, progress
        )
        batch = await ImportBatch.create(
            kind=ImportKind.SCHOOLS,
            file_name=path.name[:255],
            file_sha256=facts.sha256,
            status=ImportStatus.COMPLETED,
            uploaded_by_id=getattr(actor, "user_id", None),
            agency_id=getattr(actor, "agency_id", None),
            row_count=total,
            created_count=result.created,
            updated_count=result.updated,
            error_count=len(result.skipped),
            errors=[error.to_json() for error in result.skipped[:1000]],
            finished_at=dt.datetime.now(dt.timezone.utc),
            using_db=connection,
        )
    result.batch_id = batch.id
    result.area_offices = len(offices)
    for error in result.skipped[:LOGGED_SKIPPED_ROWS]:
        log.warning("Skipped row %s of %s: %s", error.row, path.name, error.message("en"))
    if len(result.skipped) > LOGGED_SKIPPED_ROWS:
        hidden = len(result.skipped) - LOGGED_SKIPPED_ROWS
        log.warning("Skipped %d more rows of %s; the import batch lists them", hidden, path.name)
    log.info(
        "Imported schools from %s: %d created, %d updated, %d unchanged, %d skipped; %d area offices "
        "(%d created, %d updated)",
        path.name, result.created, result.updated, result.unchanged, len(result.skipped),
        result.area_offices, result.area_offices_created, result.area_offices_updated,
    )
    return result


def _read_schools(
    path: Path,
    facts,
    province_ids: set[str],
    kept_provinces: set[str] | None,
    skipped: list[RowError],
) -> list[_SchoolRow]:
    rows: list[_SchoolRow] = []
    first_row_of: dict[str, int] = {}
    with open_table(path, facts=facts) as table:
        index = _column_index(table.header, path.name)
        for number, cells in table.rows():
            def cell(name: str) -> str:
                position = index.get(name)
                if position is None or position >= len(cells) or cells[position] is None:
                    return ""
                return normalise_thai(str(cells[position]))

            code = cell("obec_school_id_10")
            province_code = cell("province_code")
            if kept_provinces is not None and province_code not in kept_provinces:
                continue
            problem = _row_problem(number, code, cell("name_th"), province_code, province_ids, first_row_of)
            if problem is not None:
                skipped.append(problem)
                continue
            first_row_of[code] = number
            rows.append(_SchoolRow(
                row=number,
                code=code,
                name_th=cell("name_th"),
                levels_th=cell("levels_th"),
                esa_code=cell("esa_code"),
                esa_name=cell("esa_name"),
                province_code=province_code,
                district_code=cell("district_code"),
                subdistrict_code=cell("subdistrict_code"),
            ))
    return rows


def _row_problem(
    number: int,
    code: str,
    name: str,
    province_code: str,
    province_ids: set[str],
    first_row_of: dict[str, int],
) -> RowError | None:
    if not code:
        return RowError(number, "obec_school_id_10", "", ErrorCode.REQUIRED, "school_code_missing", {})
    if not name:
        return RowError(number, "name_th", "", ErrorCode.REQUIRED, "school_name_missing", {"code": code})
    if province_code not in province_ids:
        return RowError(
            number, "province_code", province_code, ErrorCode.INVALID, "school_province_unknown",
            {"code": code, "value": province_code},
        )
    if code in first_row_of:
        return RowError(
            number, "obec_school_id_10", code, ErrorCode.DUPLICATE, "school_code_repeated",
            {"code": code, "first_row": first_row_of[code]},
        )
    return None


def _column_index(header: list[str], file_name: str) -> dict[str, int]:
    index = {name.strip().lower(): position for position, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        raise ServiceError(
            ErrorCode.INVALID, "schools_missing_columns", field="file", file=file_name, columns=", ".join(missing)
        )
    return {name: index[name] for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in index}


def _esa_file_beside(path: Path) -> Path | None:
    """Return ``esa-<suffix>.csv`` for ``obec-schools-<suffix>.csv``, or the only ``esa-*.csv`` there."""
    match = re.match(r"^obec-schools-(.+)\.csv$", path.name, re.IGNORECASE)
    if match:
        candidate = path.with_name(f"esa-{match.group(1)}.csv")
        if candidate.is_file():
            return candidate
    candidates = sorted(path.parent.glob("esa-*.csv"))
    return candidates[0] if len(candidates) == 1 else None


def _read_esa(path: Path, province_ids: set[str]) -> dict[str, tuple[str | None, list[str]]]:
    """Return esa_code -> (province code, covered province codes) from the ESA list."""
    offices: dict[str, tuple[str | None, list[str]]] = {}
    with open_table(path) as table:
        index = {name.strip().lower(): position for position, name in enumerate(table.header)}
        if any(name not in index for name in ESA_COLUMNS):
            log.warning("Ignoring %s: it lacks the columns %s", path.name, ", ".join(ESA_COLUMNS))
            return {}
        for _number, cells in table.rows():
            def cell(name: str) -> str:
                position = index[name]
                return str(cells[position] or "").strip() if position < len(cells) else ""

            code = cell("esa_code")
            province = cell("province_code")
            covered = [item.strip() for item in cell("provinces").split("|") if item.strip() in province_ids]
            if code:
                offices[code] = (province if province in province_ids else None, covered)
    return offices


def _plan_offices(
    rows: list[_SchoolRow],
    esa_rows: dict[str, tuple[str | None, list[str]]],
    province_ids: set[str],
) -> dict[str, _OfficePlan]:
    names: dict[str, str] = {}
    school_provinces: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if not row.esa_code:
            continue
        names.setdefault(row.esa_code, row.esa_name or row.esa_code)
        school_provinces[row.esa_code][row.province_code] += 1

    offices = {}
    for code, name in names.items():
        by_count = [province for province, _count in school_provinces[code].most_common()]
        if code == SPECIAL_EDUCATION_BUREAU_CODE:
            province, covered = None, []
        elif code in esa_rows:
            province, covered = esa_rows[code]
            province = province or by_count[0]
            covered = covered or by_count
        elif len(code) == 4 and code[:2] in province_ids:
            province, covered = code[:2], [code[:2]]
        else:
            province, covered = by_count[0], by_count
        offices[code] = _OfficePlan(code, name, province, list(dict.fromkeys(covered)))
    return offices


async def _sync_offices(
    connection: BaseDBAsyncClient,
    offices: dict[str, _OfficePlan],
    affiliation_id: int,
    now: dt.datetime,
    result: SchoolImportResult,
) -> dict[str, int]:
    """Create or update the area offices; return their ids by code."""
    stored = await _stored_agencies(connection, AgencyKind.AREA_OFFICE, OFFICE_FIELDS)
    missing, changed = [], []
    for code, office in offices.items():
        values = (office.name_th, office.name_th, affiliation_id, affiliation_id, office.province_code)
        current = stored.get(code)
        if current is None:
            missing.append((AgencyKind.AREA_OFFICE.value, code, *values))
        elif current[1] != values:
            changed.append((*values, now, current[0]))
    await _insert_agencies(connection, OFFICE_FIELDS, missing, now)
    await bulk.update_rows(connection, "agency", "id", (*OFFICE_FIELDS, "updated_at"), changed)
    result.area_offices_created = len(missing)
    result.area_offices_updated = len(changed)
    rows = await Agency.filter(kind=AgencyKind.AREA_OFFICE).using_db(connection).values_list("code", "id")
    return {code: agency_id for code, agency_id in rows if code in offices}


async def _sync_coverage(
    connection: BaseDBAsyncClient, offices: dict[str, _OfficePlan], office_ids: dict[str, int]
) -> None:
    """Make each office's AgencyProvince rows equal its covered provinces."""
    ids = list(office_ids.values())
    stored = {
        (agency_id, province_id)
        for agency_id, province_id in await AgencyProvince.filter(agency_id__in=ids)
        .using_db(connection)
        .values_list("agency_id", "province_id")
    }
    covered = {(office_ids[code], province) for code, office in offices.items() for province in office.covered}
    stale = stored - covered
    for agency_id, province_id in stale:
        await AgencyProvince.filter(agency_id=agency_id, province_id=province_id).using_db(connection).delete()
    await bulk.insert_rows(connection, "agency_province", ("agency_id", "province_id"), sorted(covered - stored))


async def _sync_schools(
    connection: BaseDBAsyncClient,
    rows: list[_SchoolRow],
    office_ids: dict[str, int],
    affiliation_id: int,
    district_ids: set[str],
    subdistrict_ids: set[str],
    now: dt.datetime,
    result: SchoolImportResult,
    progress: ProgressCallback | None,
) -> None:
    stored = await _stored_agencies(connection, AgencyKind.SCHOOL, SCHOOL_FIELDS)
    missing, changed = [], []
    for row in rows:
        office_id = office_ids.get(row.esa_code)
        district = row.district_code if row.district_code in district_ids else None
        subdistrict = row.subdistrict_code if row.subdistrict_code in subdistrict_ids else None
        values = (
            row.name_th,
            office_id or affiliation_id,
            affiliation_id,
            office_id,
            row.province_code,
            district,
            subdistrict,
            row.levels_th,
        )
        current = stored.get(row.code)
        if current is None:
            missing.append((AgencyKind.SCHOOL.value, row.code, *values))
        elif current[1] != values:
            changed.append((*values, now, current[0]))
        else:
            result.unchanged += 1

    done = result.unchanged
    chunk = 5_000
    for start in range(0, len(missing), chunk):
        await _insert_agencies(connection, SCHOOL_FIELDS, missing[start:start + chunk], now)
        done += len(missing[start:start + chunk])
        if progress:
            progress(done, len(rows))
    for start in range(0, len(changed), chunk):
        await bulk.update_rows(
            connection, "agency", "id", (*SCHOOL_FIELDS, "updated_at"), changed[start:start + chunk]
        )
        done += len(changed[start:start + chunk])
        if progress:
            progress(done, len(rows))
    if progress:
        progress(len(rows), len(rows))
    result.created = len(missing)
    result.updated = len(changed)


async def _stored_agencies(
    connection: BaseDBAsyncClient, kind: AgencyKind, fields: tuple[str, ...]
) -> dict[str, tuple[int, tuple]]:
    """Return code -> (id, values of ``fields``) for every agency of ``kind``."""
    rows = await Agency.filter(kind=kind).using_db(connection).values_list("code", "id", *fields)
    return {row[0]: (row[1], tuple(row[2:])) for row in rows}


async def _insert_agencies(
    connection: BaseDBAsyncClient, fields: tuple[str, ...], rows: list[tuple], now: dt.datetime
) -> None:
    if not rows:
        return
    columns = ("kind", "code", *fields)
    other_columns, other_values = bulk.remaining_columns(Agency, columns, now)
    await bulk.insert_rows(
        connection, "agency", (*columns, *other_columns), [(*row, *other_values) for row in rows]
    )
