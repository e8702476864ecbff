"""Exports of the children list and of every report, as CSV (UTF-8 with BOM) or XLSX.

An export is a header row and an asynchronous stream of row batches. The children list
reads the same filters as the ``students`` query, within the caller's scope, batch by
batch in id order, so memory stays flat however many children match. Every column is a
field of ``Student`` in ``services.policy``. A column the caller's role may not see is
left out, and a reduced one is reduced, so a partner gets the masked national ID and the
age instead of the birth date.

Headers and labels are in one language, Thai unless English is asked for, so that the
file stays one table a spreadsheet or another program can read back.

CSV starts with a UTF-8 byte order mark, which makes Excel read the Thai text correctly.
XLSX is written with openpyxl's write-only workbook to a temporary file, in a worker
thread, and then streamed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

import anyio
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from models.agency import Agency
from models.geo import District, Province, Subdistrict
from models.student import CASE_STATUS_LABELS, GENDER_LABELS, NEED_LABELS, REASON_LABELS, CaseStatus, Need, Reason, Student
from services import audit, reports
from services.errors import ErrorCode, ServiceError
from services.i18n import ENGLISH, register
from services.policy import Access, access, age_in_years, mask_national_id
from services.reports import THAI_TIME, ReportFilter
from services.scope import Actor, require_actor
from services.students import StudentCriteria, bangkok_today, find_students

register({
    "export_format_unknown": (
        "ไม่รองรับรูปแบบไฟล์ '{value}' ให้เลือก csv หรือ xlsx",
        "The file format '{value}' is not supported: choose csv or xlsx.",
    ),
    "export_report_unknown": (
        "ไม่พบรายงานชื่อ '{value}' รายงานที่ส่งออกได้คือ {names}",
        "There is no report named '{value}': the reports that can be exported are {names}.",
    ),
    "export_value_invalid": (
        "ค่า '{value}' ของ {name} ไม่ถูกต้อง: {rule_th}",
        "The value '{value}' of {name} is invalid: {rule_en}.",
    ),
    "export_too_many_rows": (
        "ไฟล์ XLSX มีได้ไม่เกิน {limit} แถว แต่ข้อมูลที่เลือกมี {value} แถว กรุณาเลือกข้อมูลให้น้อยลง หรือส่งออกเป็น CSV",
        "An XLSX file holds at most {limit} rows, but {value} rows match: narrow the filters or export CSV.",
    ),
})

UTF8_BOM = "\ufeff"
BATCH_SIZE = 1000

# Excel's sheet limit is 1,048,576 rows, one of which is the header.
XLSX_MAX_ROWS = 1_048_575


class ExportFormat(str, Enum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        if self == ExportFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parse_format(text: str) -> ExportFormat:
    try:
        return ExportFormat(text.lower())
    except ValueError:
        raise ServiceError(ErrorCode.NOT_FOUND, "export_format_unknown", field="format", value=text[:16]) from None


def pick(pair: tuple[str, str], locale: str) -> str:
    thai, english = pair
    return english if locale == ENGLISH else thai


@dataclass
class Export:
    """A table ready to write: a sheet title, a header row and a stream of row batches."""

    name: str
    title: str
    header: list[str]
    batches: AsyncIterator[list[list[object]]]
    row_count: int
    audit_details: dict = field(default_factory=dict)

    def file_name(self, export_format: ExportFormat, today: dt.date) -> str:
        return f"{self.name}-{today.isoformat()}.{export_format.value}"


# ---------------------------------------------------------------- query parameters


class Params:
    """Query parameters of an export request, as (name, value) pairs; a name may repeat.

    ``decode_agency_id`` turns an agency's global id, as the API returns it, into its
    local id, or returns None for an id that is not an agency's.
    """

    def __init__(self, items: Iterable[tuple[str, str]], decode_agency_id: Callable[[str], int | None]) -> None:
        self.items = [(name, value) for name, value in items]
        self.decode_agency_id = decode_agency_id

    def values(self, name: str) -> list[str]:
        """Return every value of ``name``, with comma-separated lists split."""
        found = []
        for key, value in self.items:
            if key == name:
                found.extend(part.strip() for part in value.split(",") if part.strip())
        return found

    def text(self, name: str) -> str | None:
        values = [value for key, value in self.items if key == name and value.strip()]
        return values[-1].strip() if values else None

    def date(self, name: str) -> dt.date | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            rule = ("ต้องเป็นวันที่แบบ ค.ศ. ปี-เดือน-วัน เช่น 2022-01-31", "write a date as YYYY-MM-DD, e.g. 2022-01-31")
            raise _invalid(name, text, rule) from None

    def integer(self, name: str) -> int | None:
        text = self.text(name)
        if text is None:
            return None
        if not text.isdigit():
            raise _invalid(name, text, ("ต้องเป็นจำนวนเต็ม", "write a whole number"))
        return int(text)

    def boolean(self, name: str) -> bool | None:
        text = self.text(name)
        if text is None:
            return None
        lowered = text.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise _invalid(name, text, ("ต้องเป็น true หรือ false", "write true or false"))

    def enums(self, name: str, enum_class: type[Enum]) -> tuple:
        chosen = []
        for text in self.values(name):
            try:
                chosen.append(enum_class(text.upper()))
            except ValueError:
                codes = ", ".join(member.value for member in enum_class)
                raise _invalid(name, text, (f"ใช้ได้เฉพาะ {codes}", f"use one of {codes}")) from None
        return tuple(chosen)

    def locale(self, fallback: str) -> str:
        """``lang=en`` or ``lang=th`` when given, else ``fallback`` (from Accept-Language)."""
        chosen = (self.text("lang") or "").lower()
        return chosen if chosen in ("th", "en") else fallback

    def agency(self, name: str) -> int | None:
        """Return the local id of the agency whose global id is given as ``name``."""
        text = self.text(name)
        if text is None:
            return None
        local_id = self.decode_agency_id(text)
        if local_id is None:
            raise _invalid(name, text, ("ต้องเป็นรหัสหน่วยงานที่ระบบส่งให้", "use an agency id the API returned"))
        return local_id

    def shown(self) -> dict[str, str]:
        """Return the parameters as given, for the audit entry."""
        return {key: value[:100] for key, value in self.items}


def _invalid(name: str, value: str, rule: tuple[str, str]) -> ServiceError:
    return ServiceError(
        ErrorCode.INVALID, "export_value_invalid", field=name, name=name, value=value[:64], rule_th=rule[0], rule_en=rule[1]
    )


def student_criteria(params: Params) -> StudentCriteria:
    """Build the children-list filters from the same names the ``students`` query's filter uses."""
    return StudentCriteria(
        statuses=params.enums("status", CaseStatus),
        reasons=params.enums("reason", Reason),
        term=params.text("term"),
        academic_year=params.integer("academicYear"),
        semester=params.integer("semester"),
        grade=params.text("grade"),
        school_id=params.agency("schoolId"),
        area_office_id=params.agency("areaOfficeId"),
        affiliation_id=params.agency("affiliationId"),
        province_code=params.text("provinceCode"),
        district_code=params.text("districtCode"),
        visited=params.boolean("visited"),
        last_visit_before=params.date("lastVisitBefore"),
        possible_duplicate=params.boolean("possibleDuplicate"),
    )


def report_filter(params: Params) -> ReportFilter:
    return reports.build_filter(
        params.text("term"), params.date("from"), params.date("to"), params.agency("agencyId")
    )


# ---------------------------------------------------------------- the children list


@dataclass(frozen=True)
class Column:
    """A column of the children export: the ``Student`` policy field it shows, its headers, its value."""

    field_name: str
    header: tuple[str, str]
    value: Callable[[Student, _Names, str], object]
    reduce: Callable[[object], object] | None = None


class _Names:
    """Names of the agencies and areas the rows refer to, loaded once per batch for the ids not yet seen."""

    def __init__(self) -> None:
        self.agencies: dict[int, Agency] = {}
        self.provinces: dict[str, Province] = {}
        self.districts: dict[str, District] = {}
        self.subdistricts: dict[str, Subdistrict] = {}

    async def load(self, rows: Sequence[Student]) -> None:
        agency_ids = {row.school_id for row in rows} | {row.area_office_id for row in rows} | {row.affiliation_id for row in rows}
        await self._fill(self.agencies, Agency, "id", agency_ids)
        await self._fill(self.provinces, Province, "code", {row.province_id for row in rows})
        await self._fill(self.districts, District, "code", {row.district_id for row in rows})
        await self._fill(self.subdistricts, Subdistrict, "code", {row.subdistrict_id for row in rows})

    @staticmethod
    async def _fill(cache: dict, model, key: str, keys: set) -> None:
        missing = sorted(value for value in keys if value is not None and value not in cache)
        if missing:
            for item in await model.filter(**{f"{key}__in": missing}):
                cache[getattr(item, key)] = item

    def name(self, cache: dict, key, locale: str) -> str:
        item = cache.get(key)
        if item is None:
            return ""
        return item.name_en if locale == ENGLISH and item.name_en else item.name_th


def _thai_time(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(THAI_TIME) if moment is not None else None


STUDENT_COLUMNS: tuple[Column, ...] = (
    Column("nationalId", ("เลขประจำตัวประชาชน", "National ID"), lambda row, names, locale: row.national_id, mask_national_id),
    Column("title", ("คำนำหน้า", "Title"), lambda row, names, locale: row.title),
    Column("firstName", ("ชื่อ", "First name"), lambda row, names, locale: row.first_name),
    Column("lastName", ("นามสกุล", "Last name"), lambda row, names, locale: row.last_name),
    Column("gender", ("เพศ", "Gender"), lambda row, names, locale: pick(GENDER_LABELS[row.gender], locale)),
    Column("birthDate", ("วันเกิด", "Birth date"), lambda row, names, locale: row.birth_date),
    Column("ageYears", ("อายุ (ปี)", "Age (years)"), lambda row, names, locale: age_in_years(row.birth_date, bangkok_today())),
    Column("grade", ("ชั้น", "Grade"), lambda row, names, locale: row.grade),
    Column("term", ("ภาคเรียน", "Term"), lambda row, names, locale: row.term),
    Column("school", ("รหัสสถานศึกษา", "School code"), lambda row, names, locale: getattr(names.agencies.get(row.school_id), "code", "")),
    Column("school", ("สถานศึกษา", "School"), lambda row, names, locale: names.name(names.agencies, row.school_id, locale)),
    Column("areaOffice", ("สำนักงานเขตพื้นที่/จังหวัด", "Area office"), lambda row, names, locale: names.name(names.agencies, row.area_office_id, locale)),
    Column("affiliation", ("สังกัด", "Affiliation"), lambda row, names, locale: names.name(names.agencies, row.affiliation_id, locale)),
    Column("houseNumber", ("บ้านเลขที่", "House number"), lambda row, names, locale: row.house_number),
    Column("villageNo", ("หมู่ที่", "Village no."), lambda row, names, locale: row.village_no),
    Column("addressLine", ("ที่อยู่", "Address"), lambda row, names, locale: row.address_line),
    Column("subdistrict", ("ตำบล/แขวง", "Subdistrict"), lambda row, names, locale: names.name(names.subdistricts, row.subdistrict_id, locale)),
    Column("district", ("อำเภอ/เขต", "District"), lambda row, names, locale: names.name(names.districts, row.district_id, locale)),
    Column("province", ("จังหวัด", "Province"), lambda row, names, locale: names.name(names.provinces, row.province_id, locale)),
    Column("guardianName", ("ชื่อผู้ปกครอง", "Guardian name"), lambda row, names, locale: row.guardian_name),
    Column("guardianPhone", ("โทรศัพท์ผู้ปกครอง", "Guardian phone"), lambda row, names, locale: row.guardian_phone),
    Column("statusLabel", ("สถานะการติดตาม", "Case status"), lambda row, names, locale: pick(CASE_STATUS_LABELS[row.status], locale)),
    Column(
        "latestReason",
        ("สาเหตุ", "Reason"),
        lambda row, names, locale: pick(REASON_LABELS[row.latest_reason], locale) if row.latest_reason else "",
    ),
    Column("lastVisitedAt", ("วันเวลาที่ติดตามล่าสุด (เวลาประเทศไทย)", "Last visit (Thai time)"), lambda row, names, locale: _thai_time(row.last_visited_at)),
    Column("visitCount", ("จำนวนครั้งที่ติดตาม", "Visits"), lambda row, names, locale: row.visit_count),
)


def visible_columns(actor: Actor) -> list[tuple[Column, Access]]:
    """List the columns ``actor``'s role may see, each with its access: whole, or reduced where the column can be."""
    shown = []
    for column in STUDENT_COLUMNS:
        level = access(actor.role, "Student", column.field_name)
        if level == Access.FULL or (level == Access.REDUCED and column.reduce is not None):
            shown.append((column, level))
    return shown


async def students_export(actor: Actor | None, params: Params, locale: str) -> Export:
    """Prepare the children export: check the filters, count the rows, and set up the batches."""
    actor = require_actor(actor)
    query = await find_students(actor, student_criteria(params), params.text("search"))
    row_count = await query.count()
    columns = visible_columns(actor)

    async def batches() -> AsyncIterator[list[list[object]]]:
        names = _Names()
        last_id = 0
        while True:
            rows = await query.filter(id__gt=last_id).order_by("id").limit(BATCH_SIZE)
            if not rows:
                return
            await names.load(rows)
            yield [[_cell(column, level, row, names, locale) for column, level in columns] for row in rows]
            last_id = rows[-1].id

    return Export(
        name="students",
        title=pick(("รายชื่อเด็ก", "Children"), locale),
        header=[pick(column.header, locale) for column, _level in columns],
        batches=batches(),
        row_count=row_count,
        audit_details={"columns": [column.field_name for column, _level in columns]},
    )


def _cell(column: Column, level: Access, row: Student, names: _Names, locale: str) -> object:
    value = column.value(row, names, locale)
    if level == Access.REDUCED and value not in (None, ""):
        return column.reduce(value)
    return value


# ---------------------------------------------------------------- reports


REPORT_NAMES = ("progress-summary", "cannot-follow", "weekly-progress", "needs-summary")

_TOTAL = ("รวม", "Total")
_NOT_RECORDED = ("ไม่ระบุ", "Not recorded")


async def report_export(actor: Actor | None, name: str, params: Params, locale: str) -> Export:
    """Compute report ``name`` with the filters in ``params`` and lay it out as one table."""
    if name not in REPORT_NAMES:
        raise ServiceError(
            ErrorCode.NOT_FOUND, "export_report_unknown", field="name", value=name[:40], names=", ".join(REPORT_NAMES)
        )
    chosen = report_filter(params)
    if name == "progress-summary":
        title, header, rows = _progress_table(await reports.progress_summary(actor, chosen), locale)
    elif name == "cannot-follow":
        group_by = _group_by(params)
        title, header, rows = _cannot_follow_table(await reports.cannot_follow_report(actor, chosen, group_by), locale)
    elif name == "weekly-progress":
        title, header, rows = _weekly_table(await reports.weekly_progress(actor, chosen), locale)
    else:
        title, header, rows = _needs_table(await reports.needs_summary(actor, chosen), locale)

    async def batches() -> AsyncIterator[list[list[object]]]:
        yield rows

    return Export(name=name, title=title, header=header, batches=batches(), row_count=len(rows))


def _group_by(params: Params) -> reports.CannotFollowGroup:
    chosen = params.enums("groupBy", reports.CannotFollowGroup)
    return chosen[-1] if chosen else reports.CannotFollowGroup.PROVINCE


def _place_name(place, locale: str) -> str:
    if place is None:
        return pick(_NOT_RECORDED, locale)
    return place.name_en if locale == ENGLISH and place.name_en else place.name_th


def _percent(share: float) -> float:
    return round(share * 100, 2)


def _progress_table(summary: reports.ProgressSummary, locale: str):
    header = [
        pick(("รหัสหน่วยงาน", "Agency code"), locale),
        pick(("หน่วยงาน", "Agency"), locale),
        pick(("จำนวนเด็กทั้งหมด", "Children"), locale),
        pick(("พบตัว", "Found"), locale),
        pick(("กลับเข้าเรียนแล้ว", "Returned"), locale),
        pick(("ร้อยละที่พบตัว", "Found (%)"), locale),
        pick(("ร้อยละที่กลับเข้าเรียน", "Returned (%)"), locale),
        *(pick(CASE_STATUS_LABELS[status], locale) for status in CaseStatus),
        *(f"{pick(('สาเหตุ', 'Reason'), locale)}: {pick(REASON_LABELS[reason], locale)}" for reason in Reason),
    ]

    def line(code: str, name: str, counts: reports.Counts) -> list[object]:
        return [
            code, name, counts.total, counts.found, counts.returned,
            _percent(counts.share_found), _percent(counts.share_returned),
            *(counts.by_status[status] for status in CaseStatus),
            *(counts.by_reason[reason] for reason in Reason),
        ]

    rows = [line(getattr(row.agency, "code", ""), _place_name(row.agency, locale), row.counts) for row in summary.breakdown]
    rows.append(line(summary.agency.code, f"{pick(_TOTAL, locale)} {_place_name(summary.agency, locale)}", summary.counts))
    return pick(("สรุปผลการติดตาม", "Progress summary"), locale), header, rows


def _cannot_follow_table(report: reports.CannotFollowReport, locale: str):
    by_province = report.group_by == reports.CannotFollowGroup.PROVINCE
    place_header = ("จังหวัด", "Province") if by_province else ("สำนักงานเขตพื้นที่/จังหวัด", "Area office")
    header = [
        pick(("รหัส", "Code"), locale),
        pick(place_header, locale),
        *(pick(REASON_LABELS[reason], locale) for reason in Reason),
        pick(_TOTAL, locale),
    ]
    rows = []
    for row in report.rows:
        place = row.province if by_province else row.agency
        rows.append([getattr(place, "code", ""), _place_name(place, locale), *(row.by_reason[reason] for reason in Reason), row.total])
    totals = report.totals
    rows.append(["", pick(_TOTAL, locale), *(totals[reason] for reason in Reason), report.total])
    return pick(("ไม่สามารถติดตามได้", "Could not be followed"), locale), header, rows


def _weekly_table(progress: reports.WeeklyProgress, locale: str):
    header = [
        pick(("วันเริ่มต้นสัปดาห์", "Week starts"), locale),
        pick(("วันสิ้นสุดสัปดาห์", "Week ends"), locale),
        pick(("พบตัว", "Found"), locale),
        pick(("กลับเข้าเรียน", "Returned"), locale),
        pick(("พบตัวสะสม", "Found, cumulative"), locale),
        pick(("กลับเข้าเรียนสะสม", "Returned, cumulative"), locale),
    ]
    rows = [
        [week.starts_on, week.ends_on, week.found, week.returned, week.cumulative_found, week.cumulative_returned]
        for week in progress.weeks
    ]
    return pick(("ผลการติดตามรายสัปดาห์", "Weekly progress"), locale), header, rows


def _needs_table(summary: reports.NeedsSummary, locale: str):
    header = [
        pick(("รหัส", "Code"), locale),
        pick(("สำนักงานเขตพื้นที่/จังหวัด", "Area office"), locale),
        pick(("จำนวนเด็กทั้งหมด", "Children"), locale),
        pick(("เด็กที่ต้องการความช่วยเหลือ", "Children with needs"), locale),
        *(pick(NEED_LABELS[need], locale) for need in Need),
    ]

    def line(code: str, name: str, row: reports.NeedsRow) -> list[object]:
        return [code, name, row.child_count, row.children_with_needs, *(row.by_need[need] for need in Need)]

    rows = [line(getattr(row.agency, "code", ""), _place_name(row.agency, locale), row) for row in summary.rows]
    rows.append(line("", pick(_TOTAL, locale), summary.totals))
    return pick(("ความต้องการความช่วยเหลือ", "Needs"), locale), header, rows


# ---------------------------------------------------------------- auditing


async def audit_export(actor: Actor, export: Export, export_format: ExportFormat, params: Params, client_address: str) -> None:
    """Record who exported what, with which filters and how many rows, before the first byte is sent."""
    await audit.record(
        actor,
        f"export.{'students' if export.name == 'students' else 'report'}",
        target_type="Student" if export.name == "students" else "Report",
        client_address=client_address,
        details={
            "name": export.name,
            "format": export_format.value,
            "rows": export.row_count,
            "filters": params.shown(),
            **export.audit_details,
        },
    )


# ---------------------------------------------------------------- writing files


_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")


def is_formula_like(text: str) -> bool:
    """Tell whether a spreadsheet would read ``text`` as a formula rather than as text.

    Text that starts with =, @, a tab or a carriage return is, and so is text that starts
    with + or - unless it is a plain number such as a phone number (+66...) or -5.
    """
    if not text:
        return False
    if text[0] in "=@\t\r":
        return True
    return text[0] in "+-" and not _NUMBER.fullmatch(text)


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, str) and is_formula_like(value):
        # A leading apostrophe makes Excel and LibreOffice show the text instead of running it.
        return "'" + value
    return value


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


async def csv_chunks(export: Export) -> AsyncIterator[bytes]:
    """Yield the CSV file: a byte order mark and the header, then one chunk per batch of rows."""
    yield (UTF8_BOM + _csv_text([export.header])).encode("utf-8")
    async for batch in export.batches:
        yield _csv_text(batch).encode("utf-8")


def _xlsx_value(value: object) -> object:
    # Excel stores no time zone, so times are written as Thai wall-clock time.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(THAI_TIME).replace(tzinfo=None)
    return value


def check_size(export: Export, export_format: ExportFormat) -> None:
    """Reject an XLSX export with more rows than a sheet holds, before anything is sent."""
    if export_format == ExportFormat.XLSX and export.row_count > XLSX_MAX_ROWS:
        raise ServiceError(
            ErrorCode.TOO_LARGE, "export_too_many_rows", field="format", limit=XLSX_MAX_ROWS, value=export.row_count
        )


async def write_xlsx(export: Export, path: str) -> None:
    """Write ``export`` to an XLSX file at ``path``, row batches in a worker thread."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(export.title))
    bold = Font(bold=True)

    def header_row() -> list[WriteOnlyCell]:
        cells = []
        for text in export.header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        return cells

    sheet.append(header_row())
    async for batch in export.batches:
        rows = [[_xlsx_value(value) for value in row] for row in batch]
        await anyio.to_thread.run_sync(_append_rows, sheet, rows)
    await anyio.to_thread.run_sync(workbook.save, path)


def _append_rows(sheet, rows: list[list[object]]) -> None:
    for row in rows:
        sheet.append([_text_cell(sheet, value) if isinstance(value, str) and value.startswith("=") else value for value in row])


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    """Wrap ``text`` in a text cell, because openpyxl stores a value that starts with = as a formula."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    """Excel sheet titles have at most 31 characters and none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "Sheet"


async def xlsx_chunks(export: Export, chunk_size: int = 1 << 16) -> AsyncIterator[bytes]:
    """Write the XLSX file to a temporary file, yield its bytes, and remove it, also on failure."""
    handle, path = tempfile.mkstemp(prefix="pakongklab-export-", suffix=".xlsx")
    os.close(handle)
    try:
        await write_xlsx(export, path)
        async with await anyio.open_file(path, "rb") as stream:
            while chunk := await stream.read(chunk_size):
                yield chunk
    finally:
        os.unlink(path)



def content_disposition(file_name: str) -> str:
    return f'attachment; filename="{file_name}"'


def export_chunks(export: Export, export_format: ExportFormat) -> AsyncIterator[bytes]:
    return csv_chunks(export) if export_format == ExportFormat.CSV else xlsx_chunks(export)
