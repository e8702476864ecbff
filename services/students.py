"""Finding children, reading one child's record, and editing it without lost updates.

Who may read a record:

- everyone whose scope (``services.scope.student_scope``) contains the child reads the
  whole record, within the field policy;
- a school that transferred the child away (and the area office and affiliation above
  it) keeps a read-only "history" view: the record, with only the visits recorded while
  the child belonged to a school of theirs (see ``StudentAccess``).

Who may write: school staff of the owning school, area officers of its area office, and
affiliation and ministry admins whose scope contains the child. Partners never write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from tortoise.expressions import Case, F, Q, Value, When
from tortoise.queryset import QuerySet

from models.agency import Agency, AgencyKind
from models.geo import Subdistrict
from models.student import CaseStatus, Gender, Reason, Student, Transfer, TransferStatus
from models.user import UserRole
from services import audit
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.pagination import Window
from services.scope import Actor, agency_in_scope, require_role, student_scope

# Thailand keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")

WRITER_ROLES = (
    UserRole.SCHOOL_STAFF,
    UserRole.AREA_OFFICER,
    UserRole.AFFILIATION_ADMIN,
    UserRole.MINISTRY_ADMIN,
)

NATIONAL_ID_PATTERN = re.compile(r"\d{13}")
G_CODE_PATTERN = re.compile(r"G\d{12}")
TERM_PATTERN = re.compile(r"([12])/(\d{4})")
PHONE_PATTERN = re.compile(r"(?:0|\+66)\d{8,9}")
MAX_SEARCH_LENGTH = 100

register({
    "student_not_found": (
        "ไม่พบข้อมูลเด็กรหัส {id} หรือท่านไม่มีสิทธิ์เข้าถึง",
        "Child {id} was not found, or is outside your scope.",
    ),
    "student_read_only": (
        "ท่านดูข้อมูลเด็กรหัส {id} ได้อย่างเดียว เพราะเด็กย้ายไปอยู่ในความรับผิดชอบของสถานศึกษาอื่นแล้ว "
        "ให้สถานศึกษาปลายทางเป็นผู้แก้ไข",
        "You can only read child {id}: the child was transferred to another school, "
        "and only that school can change the record.",
    ),
    "student_version_conflict": (
        "ข้อมูลเด็กรหัส {id} ถูกแก้ไขไปแล้ว (ท่านแก้ไขจากฉบับที่ {version} แต่ฉบับปัจจุบันคือ {current}) "
        "กรุณาตรวจข้อมูลปัจจุบันแล้วบันทึกอีกครั้ง",
        "Child {id} was changed by someone else: you edited version {version}, the current "
        "version is {current}. Review the current values and save again.",
    ),
    "student_nothing_to_update": (
        "ไม่มีข้อมูลที่จะแก้ไข กรุณาระบุอย่างน้อยหนึ่งช่อง",
        "Nothing to update: give at least one field to change.",
    ),
    "student_field_required": (
        "ต้องระบุ{label_th} ห้ามเว้นว่าง",
        "The {label_en} is required and must not be empty.",
    ),
    "student_field_too_long": (
        "{label_th}ยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The {label_en} has {length} characters; the limit is {limit}.",
    ),
    "student_birth_date_future": (
        "วันเกิด {value} อยู่ในอนาคต กรุณาตรวจสอบ",
        "The birth date {value} is in the future.",
    ),
    "student_phone_invalid": (
        "เบอร์โทรศัพท์ '{value}' ไม่ถูกต้อง ต้องขึ้นต้นด้วย 0 หรือ +66 และมีตัวเลข 9-10 หลัก",
        "The phone number '{value}' is invalid: it must start with 0 or +66 and have 9 or 10 digits.",
    ),
    "student_subdistrict_unknown": (
        "ไม่พบตำบลรหัส '{value}' รหัสตำบลมี 6 หลักตามรหัสกรมการปกครอง",
        "The subdistrict code '{value}' was not found: use a 6-digit DOPA subdistrict code.",
    ),
    "student_term_invalid": (
        "ภาคเรียน '{value}' ไม่ถูกต้อง ต้องเขียนเป็น ภาคเรียน/ปีการศึกษา (พ.ศ.) เช่น 1/2564",
        "The term '{value}' is invalid: write semester/year in the Buddhist Era, e.g. 1/2564.",
    ),
    "student_search_too_long": (
        "คำค้นยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The search text has {length} characters; the limit is {limit}.",
    ),
    "student_search_id_length": (
        "เลขประจำตัวประชาชน '{value}' ต้องมี 13 หลัก หรือเป็นรหัส G ตามด้วยตัวเลข 12 หลัก",
        "The ID '{value}' must have 13 digits, or be a G code: G and 12 digits.",
    ),
    "student_search_id_forbidden": (
        "ภาคีเครือข่ายค้นหาด้วยเลขประจำตัวประชาชนไม่ได้ กรุณาค้นหาด้วยชื่อ-นามสกุล",
        "Partner organisations cannot search by national ID: search by name instead.",
    ),
})

# Thai and English names of the editable fields, for messages.
FIELD_LABELS = {
    "title": ("คำนำหน้าชื่อ", "title"),
    "firstName": ("ชื่อ", "first name"),
    "lastName": ("นามสกุล", "last name"),
    "firstNameEn": ("ชื่อภาษาอังกฤษ", "English first name"),
    "lastNameEn": ("นามสกุลภาษาอังกฤษ", "English last name"),
    "grade": ("ชั้นเรียน", "grade"),
    "houseNumber": ("บ้านเลขที่", "house number"),
    "villageNo": ("หมู่ที่", "village number"),
    "addressLine": ("ที่อยู่", "address line"),
    "guardianName": ("ชื่อผู้ปกครอง", "guardian's name"),
    "guardianPhone": ("เบอร์โทรศัพท์ผู้ปกครอง", "guardian's phone number"),
}

# API field name -> (model column, max length, required). Lengths follow models.student.
TEXT_FIELDS = {
    "title": ("title", 32, False),
    "firstName": ("first_name", 100, True),
    "lastName": ("last_name", 100, True),
    "firstNameEn": ("first_name_en", 100, False),
    "lastNameEn": ("last_name_en", 100, False),
    "grade": ("grade", 8, False),
    "houseNumber": ("house_number", 32, False),
    "villageNo": ("village_no", 8, False),
    "addressLine": ("address_line", 255, False),
    "guardianName": ("guardian_name", 200, False),
}


def bangkok_today() -> dt.date:
    return dt.datetime.now(BANGKOK).date()


# ---------------------------------------------------------------- who may read and write


def in_student_scope(actor: Actor, student: Student) -> bool:
    """Tell from the row alone whether ``student_scope(actor)`` contains ``student``."""
    if student.merged_into_id is not None:
        return False
    kind = actor.agency_kind
    if kind == AgencyKind.MINISTRY:
        return True
    if kind == AgencyKind.AFFILIATION:
        return student.affiliation_id == actor.agency_id
    if kind == AgencyKind.AREA_OFFICE:
        return student.area_office_id == actor.agency_id
    if kind == AgencyKind.SCHOOL:
        return student.school_id == actor.agency_id
    if kind == AgencyKind.PARTNER:
        return student.province_id in actor.partner_province_codes
    return False


def can_write(actor: Actor | None, student: Student) -> bool:
    """Tell whether ``actor`` may change ``student`` or record a visit for it.

    The owner is the child's current school, with its area office and affiliation above
    it. After a transfer is accepted the old school still reads its history but no
    longer writes.
    """
    if actor is None or actor.role not in WRITER_ROLES:
        return False
    return in_student_scope(actor, student)


def school_in_scope_q(actor: Actor, relation: str) -> Q:
    """Filter on a school foreign key ``relation`` for schools in the actor's subtree."""
    kind = actor.agency_kind
    if kind == AgencyKind.MINISTRY:
        return Q()
    if kind == AgencyKind.AFFILIATION:
        return Q(**{f"{relation}__affiliation_id": actor.agency_id})
    if kind == AgencyKind.AREA_OFFICE:
        return Q(**{f"{relation}__area_office_id": actor.agency_id})
    if kind == AgencyKind.SCHOOL:
        return Q(**{f"{relation}_id": actor.agency_id})
    return Q(id__in=[])


@dataclass(frozen=True)
class StudentAccess:
    """A record the caller may read, and how.

    ``history_only`` is True when the caller reads it only because a school of theirs
    transferred the child away: they then see only the visits recorded at schools in
    their own subtree, and may not write.
    """

    student: Student
    history_only: bool = False


async def read_access(actor: Actor, student_id: int) -> StudentAccess | None:
    """Return how ``actor`` may read child ``student_id``, or None when they may not.

    None covers both a missing record and one outside the caller's reach, so that the
    two look the same.
    """
    student = await Student.filter(student_scope(actor), id=student_id).first()
    if student is not None:
        return StudentAccess(student)
    if actor.is_partner:
        return None
    transferred_away = await Transfer.filter(
        school_in_scope_q(actor, "from_school"),
        student_id=student_id,
        status=TransferStatus.ACCEPTED,
    ).exists()
    if not transferred_away:
        return None
    student = await Student.filter(id=student_id, merged_into_id=None).first()
    return StudentAccess(student, history_only=True) if student else None


def history_access(
    actor: Actor, student: Student, transfer_from_school: Agency, transfer_status: TransferStatus
) -> StudentAccess | None:
    """Return how ``actor`` may read the child of one transfer, from rows already loaded.

    Used by lists of transfers, where a database round trip per row is not wanted.
    """
    if in_student_scope(actor, student):
        return StudentAccess(student)
    if actor.is_partner or student.merged_into_id is not None:
        return None
    if transfer_status == TransferStatus.ACCEPTED and agency_in_scope(actor, transfer_from_school):
        return StudentAccess(student, history_only=True)
    return None


def visit_in_history(actor: Actor, visit_school: Agency | None) -> bool:
    """Tell whether a history-only reader may see a visit recorded while ``visit_school`` owned the case."""
    return visit_school is not None and agency_in_scope(actor, visit_school)


# ---------------------------------------------------------------- finding children


class SortField(str, Enum):
    ID = "ID"
    NAME = "NAME"
    LAST_VISITED_AT = "LAST_VISITED_AT"
    STATUS = "STATUS"
    SCHOOL = "SCHOOL"
    CREATED_AT = "CREATED_AT"


@dataclass(frozen=True)
class StudentSort:
    field: SortField = SortField.ID
    descending: bool = False


@dataclass(frozen=True)
class StudentCriteria:
    """Filters of the children list; every criterion given must match."""

    statuses: tuple[CaseStatus, ...] = ()
    reasons: tuple[Reason, ...] = ()
    term: str | None = None
    academic_year: int | None = None
    semester: int | None = None
    grade: str | None = None
    school_id: int | None = None
    area_office_id: int | None = None
    affiliation_id: int | None = None
    province_code: str | None = None
    district_code: str | None = None
    visited: bool | None = None
    last_visit_before: dt.date | None = None
    possible_duplicate: bool | None = None


def parse_term(text: str, field: str = "term") -> tuple[int, int]:
    """Split a term such as ``1/2564`` into (semester, Buddhist-Era year)."""
    match = TERM_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ServiceError(ErrorCode.INVALID, "student_term_invalid", field=field, value=text[:20])
    return int(match.group(1)), int(match.group(2))


def start_of_day(day: dt.date) -> dt.datetime:
    """Return midnight of ``day`` in Bangkok, in UTC.

    SQLite compares stored datetimes as text, so a filter value must be in UTC like the
    stored ones.
    """
    return dt.datetime.combine(day, dt.time(), tzinfo=BANGKOK).astimezone(dt.timezone.utc)


def search_filter(actor: Actor, text: str | None) -> Q:
    """Build the filter for a search by national ID or by name.

    A text of 13 digits (spaces and dashes ignored) or a G code matches that ID exactly;
    partners may not search by ID, because they see only its last four digits. Any other
    text matches children whose Thai or English first or last name contains every word
    of it, so "สมชาย ใจดี" finds the full name.
    """
    if text is None or not text.strip():
        return Q()
    text = " ".join(text.split())
    if len(text) > MAX_SEARCH_LENGTH:
        raise ServiceError(
            ErrorCode.INVALID, "student_search_too_long", field="search", length=len(text), limit=MAX_SEARCH_LENGTH
        )
    compact = text.replace(" ", "").replace("-", "").upper()
    looks_like_id = compact.isdigit() or (compact[:1] == "G" and compact[1:].isdigit())
    if looks_like_id:
        if actor.is_partner:
            raise ServiceError(ErrorCode.FORBIDDEN, "student_search_id_forbidden", field="search")
        if not (NATIONAL_ID_PATTERN.fullmatch(compact) or G_CODE_PATTERN.fullmatch(compact)):
            raise ServiceError(ErrorCode.INVALID, "student_search_id_length", field="search", value=text[:20])
        return Q(national_id=compact)
    # NOTE: a name search is a substring match (LIKE '%word%') that no B-tree index serves.
    # The scope filter narrows it for schools and area offices, but a ministry-wide search
    # scans every child until the migrations add a trigram index (pg_trgm) on PostgreSQL.
    condition = Q()
    for word in text.split(" "):
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(first_name_en__icontains=word)
            | Q(last_name_en__icontains=word)
        )
    return condition


async def find_students(actor: Actor, criteria: StudentCriteria, search: str | None) -> QuerySet[Student]:
    """Return the children in the actor's scope that match ``criteria`` and ``search``, unordered.

    An agency filter outside the caller's scope gives an empty result, the same as an
    agency without children.
    """
    query = Student.filter(student_scope(actor)).filter(search_filter(actor, search))
    if not await _agencies_in_scope(actor, criteria):
        return query.filter(id__in=[])
    return query.filter(_criteria_filter(criteria))


async def _agencies_in_scope(actor: Actor, criteria: StudentCriteria) -> bool:
    requested_ids = {criteria.school_id, criteria.area_office_id, criteria.affiliation_id} - {None}
    if not requested_ids:
        return True
    rows = await Agency.filter(id__in=sorted(requested_ids))
    return len(rows) == len(requested_ids) and all(agency_in_scope(actor, row) for row in rows)


def _criteria_filter(criteria: StudentCriteria) -> Q:
    condition = Q()
    if criteria.statuses:
        condition &= Q(status__in=list(criteria.statuses))
    if criteria.reasons:
        condition &= Q(latest_reason__in=list(criteria.reasons))

    if criteria.term:
        semester, year = parse_term(criteria.term, "filter.term")
        condition &= Q(semester=semester, academic_year=year)
    if criteria.academic_year is not None:
        condition &= Q(academic_year=criteria.academic_year)
    if criteria.semester is not None:
        condition &= Q(semester=criteria.semester)
    if criteria.grade:
        condition &= Q(grade=criteria.grade.strip())

    if criteria.school_id is not None:
        condition &= Q(school_id=criteria.school_id)
    if criteria.area_office_id is not None:
        condition &= Q(area_office_id=criteria.area_office_id)
    if criteria.affiliation_id is not None:
        condition &= Q(affiliation_id=criteria.affiliation_id)

    if criteria.province_code:
        condition &= Q(province_id=criteria.province_code)
    if criteria.district_code:
        condition &= Q(district_id=criteria.district_code)

    if criteria.visited is True:
        condition &= Q(visit_count__gt=0)
    if criteria.visited is False:
        condition &= Q(visit_count=0)
    if criteria.last_visit_before is not None:
        condition &= Q(last_visited_at__lt=start_of_day(criteria.last_visit_before))
    if criteria.possible_duplicate is not None:
        condition &= Q(possible_duplicate=criteria.possible_duplicate)
    return condition


# Sort keys computed with CASE are text, not numbers: PostgreSQL types a bare CASE
# parameter as text, and asyncpg then rejects an integer for it.
def _status_rank() -> Case:
    return Case(
        *(When(status=status, then=Value(f"{rank:02d}")) for rank, status in enumerate(CaseStatus)),
        default=Value(f"{len(CaseStatus):02d}"),
    )


def sort_students(query: QuerySet[Student], sort: StudentSort) -> QuerySet[Student]:
    """Order ``query`` by ``sort``, with the id as the last key so that pages are stable.

    Children never visited come last when sorting by the last visit, in both directions.
    """
    sign = "-" if sort.descending else ""
    if sort.field == SortField.NAME:
        keys = ["first_name", "last_name"]
    elif sort.field == SortField.LAST_VISITED_AT:
        query = query.annotate(
            never_visited=Case(When(last_visited_at__isnull=True, then=Value("1")), default=Value("0"))
        )
        return query.order_by("never_visited", f"{sign}last_visited_at", f"{sign}id")
    elif sort.field == SortField.STATUS:
        query = query.annotate(status_rank=_status_rank())
        keys = ["status_rank"]
    elif sort.field == SortField.SCHOOL:
        keys = ["school__code"]
    elif sort.field == SortField.CREATED_AT:
        keys = ["created_at"]
    else:
        keys = []
    return query.order_by(*(f"{sign}{key}" for key in keys), f"{sign}id")


async def page_of_students(
    query: QuerySet[Student], sort: StudentSort, window: Window
) -> tuple[list[Student], bool]:
    """Load one page of ``query`` and tell whether more rows follow it.

    One row more than the page is read to learn whether another page follows, so that
    no count is needed unless the client asks for ``totalCount``.
    """
    rows = await sort_students(query, sort).offset(window.offset).limit(window.limit + 1)
    return rows[: window.limit], len(rows) > window.limit


# ---------------------------------------------------------------- editing a record


class _Unset:
    """Marker of an update field the client left out (None means "set to empty")."""


UNSET = _Unset()


def _text_change(name: str, value: object, errors: list[ServiceError]) -> tuple[str, str] | None:
    column, limit, required = TEXT_FIELDS[name]
    text = " ".join(str(value).split()) if value is not None else ""
    label_th, label_en = FIELD_LABELS[name]
    if required and not text:
        errors.append(
            ServiceError(ErrorCode.REQUIRED, "student_field_required", field=name, label_th=label_th, label_en=label_en)
        )
        return None
    if len(text) > limit:
        errors.append(
            ServiceError(
                ErrorCode.INVALID,
                "student_field_too_long",
                field=name,
                label_th=label_th,
                label_en=label_en,
                length=len(text),
                limit=limit,
            )
        )
        return None
    return column, text


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s\-()]", "", value)


async def validate_changes(changes: Mapping[str, object]) -> dict[str, object]:
    """Check the given fields of an update and map them to model columns.

    ``changes`` maps API field names to values; a field left out is absent, and None
    clears it (or is rejected for a required field). Raises ``ValidationErrors`` with
    every problem found.
    """
    errors: list[ServiceError] = []
    columns: dict[str, object] = {}
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            change = _text_change(name, value, errors)
            if change:
                columns[change[0]] = change[1]
        elif name == "gender":
            columns["gender"] = Gender(value) if value is not None else Gender.UNSPECIFIED
        elif name == "birthDate":
            if value is not None and value > bangkok_today():
                errors.append(ServiceError(ErrorCode.INVALID, "student_birth_date_future", field=name, value=value))
            else:
                columns["birth_date"] = value
        elif name == "guardianPhone":
            phone = normalise_phone(value) if value else ""
            if phone and not PHONE_PATTERN.fullmatch(phone):
                errors.append(ServiceError(ErrorCode.INVALID, "student_phone_invalid", field=name, value=str(value)[:32]))
            else:
                columns["guardian_phone"] = phone
        elif name == "subdistrictCode":
            await _subdistrict_change(value, columns, errors)
        else:
            raise ValueError(f"Unknown student field {name!r}")
    if errors:
        raise ValidationErrors(errors)
    return columns


async def _subdistrict_change(code: object, columns: dict[str, object], errors: list[ServiceError]) -> None:
    """Set the home subdistrict with its district and province; None clears the subdistrict only.

    The province stays when the subdistrict is cleared, because partners' access follows it.
    """
    if code is None:
        columns["subdistrict_id"] = None
        return
    row = await Subdistrict.filter(code=str(code).strip()).first()
    if row is None:
        errors.append(
            ServiceError(ErrorCode.INVALID, "student_subdistrict_unknown", field="subdistrictCode", value=str(code)[:12])
        )
        return
    columns["subdistrict_id"] = row.code
    columns["district_id"] = row.district_id
    columns["province_id"] = row.province_id


class VersionConflict(ServiceError):
    """The record changed since the client read it. ``current`` is the record as stored now."""

    def __init__(self, current: Student, version: int) -> None:
        super().__init__(
            ErrorCode.CONFLICT,
            "student_version_conflict",
            field="version",
            id=current.id,
            version=version,
            current=current.version,
        )
        self.current = current


async def update_student(
    actor: Actor | None,
    student_id: int,
    version: int,
    changes: Mapping[str, object],
    *,
    client_address: str = "",
) -> Student:
    """Apply ``changes`` to a child's record if it is still at ``version``, and bump the version.

    The write is one conditional UPDATE on id, version and the caller's scope, so two
    edits of the same version cannot both succeed. Raises ``VersionConflict`` (with the
    current record) when the stored version differs, NOT_FOUND when the caller cannot
    read the record, and FORBIDDEN when they only read it.
    """
    actor = require_role(actor, *WRITER_ROLES)
    columns = await validate_changes(changes)
    if not columns:
        raise ServiceError(ErrorCode.INVALID, "student_nothing_to_update")

    updated = await Student.filter(student_scope(actor), id=student_id, version=version).update(
        **columns, version=F("version") + 1, updated_at=dt.datetime.now(dt.timezone.utc)
    )
    if updated == 0:
        await _raise_update_failure(actor, student_id, version)

    student = await Student.get(id=student_id)
    await audit.record(
        actor,
        "student.update",
        target_type="Student",
        target_ids=[student_id],
        client_address=client_address,
        details={"fields": sorted(changes), "version": student.version},
    )
    return student


async def _raise_update_failure(actor: Actor, student_id: int, version: int) -> None:
    access = await read_access(actor, student_id)
    if access is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "student_not_found", field="id", id=student_id)
    if access.history_only:
        raise ServiceError(ErrorCode.FORBIDDEN, "student_read_only", field="id", id=student_id)
    raise VersionConflict(access.student, version)
