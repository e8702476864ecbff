"""Children on the lists: the Student type, finding children, editing, transfers and duplicates.

Every field of ``Student`` goes through ``FieldPolicy``, which calls
``services.policy.access`` with the caller's role and returns the value, its reduced
form, or null. Relations load through the request's DataLoaders.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info
from tortoise.queryset import QuerySet

from models.student import CASE_STATUS_LABELS, REASON_LABELS
from models.student import Student as StudentRow
from models.student import Transfer as TransferRow
from models.student import TransferStatus as TransferStatusValue
from models.user import UserRole
from models.visit import Visit as VisitRow
from schema.agencies import Agency, District, Province, Subdistrict, load_district, load_province, load_subdistrict
from schema.base import (
    Edge,
    Node,
    PageInfo,
    SortDirection,
    SortDirectionEnum,
    decode_cursor,
    encode_cursor,
    local_int_id,
    selected_below,
    to_global_id,
    user_errors,
    UserError,
)
from resolvers.loaders import NOT_LOADED, loaded
from schema.context import Context
from schema.fieldpolicy import guarded, row_backed, row_field, viewer_role
from schema.registry import mutation_part, node_resolver, query_part
from schema.vocabulary import CaseStatus, Gender, IdKind, Reason, label
from services import duplicates as duplicate_service
from services import transfers as transfer_service
from services.errors import AuthError, ServiceError, ValidationErrors
from services.pagination import Window, page_window
from services.policy import age_in_years, mask_national_id
from services.scope import require_actor
from services.students import (
    SortField,
    StudentAccess,
    StudentCriteria,
    StudentSort,
    VersionConflict,
    bangkok_today,
    can_write,
    find_students,
    history_access,
    page_of_students,
    read_access,
    update_student,
    visit_in_history,
)

if TYPE_CHECKING:
    from schema.partners import HelpRecord
    from schema.visits import Visit

VisitType = Annotated["Visit", strawberry.lazy("schema.visits")]
HelpRecordType = Annotated["HelpRecord", strawberry.lazy("schema.partners")]


# ---------------------------------------------------------------- the Student type


def make_visit(context: Context, row: VisitRow) -> Visit:
    from schema.visits import Visit

    return Visit(row=row, viewer=viewer_role(context))


@row_backed("Student")
@strawberry.type(
    description="A child on a dropout list for one term at one school. Fields follow the field "
    "policy: a field your role may not see is null, and partners see a reduced record."
)
class Student(Node):
    row: strawberry.Private[StudentRow]
    context: strawberry.Private[Context]
    viewer: strawberry.Private[UserRole | None]
    history: strawberry.Private[bool]

    def __init__(self, *, row: StudentRow, context: Context, history: bool = False) -> None:
        self.row = row
        self.context = context
        self.viewer = viewer_role(context)
        self.history = history

    @classmethod
    def from_access(cls, info: Info[Context, None], access: StudentAccess) -> Student:
        return cls(row=access.student, context=info.context, history=access.history_only)

    id: strawberry.ID = row_field("Global id.", read=lambda self: to_global_id("Student", self.row.id))

    national_id: str | None = row_field(
        "Thai national ID (13 digits) or OBEC G code. Partners see only the last 4 characters, "
        "the rest replaced by x.",
        reduce=mask_national_id,
    )

    id_kind: IdKind | None = row_field("Whether the ID is a national ID or a G code.")

    title: str | None = row_field("Title (คำนำหน้าชื่อ) such as ด.ช. or ด.ญ.; empty when unknown.")

    first_name: str | None = row_field("First name in Thai.")

    last_name: str | None = row_field("Last name in Thai.")

    first_name_en: str | None = row_field("First name in English; empty when unknown.")

    last_name_en: str | None = row_field("Last name in English; empty when unknown.")

    full_name: str | None = row_field(
        "Title, first and last name in Thai, written the Thai way: the title joined to the first name.",
        read=lambda self: full_name(self.row),
    )

    gender: Gender | None = row_field("Gender as the school records it.")

    grade: str | None = row_field("Grade (ชั้นเรียน) on the list, e.g. ป.6 or ม.3; empty when unknown.")

    term: str | None = row_field("Term of the list the child is on, semester/Buddhist-Era year, e.g. 1/2564.")

    # The relations below are row fields too: they return the loaded row when the list
    # resolver has loaded it for the whole page (see ``_preload_relations``), and an
    # awaitable from the request's loader otherwise, which graphql-core awaits.

    school: Agency | None = row_field(
        "The school that owns the case; after an accepted transfer, the receiving school.",
        read=lambda self: _owner_agency(self.context, self.row, self.row.school_id),
    )
    area_office: Agency | None = row_field(
        "The area office of the owning school; null for schools without one.",
        read=lambda self: _owner_agency(self.context, self.row, self.row.area_office_id),
    )
    affiliation: Agency | None = row_field(
        "The affiliation (สังกัด) of the owning school.",
        read=lambda self: _owner_agency(self.context, self.row, self.row.affiliation_id),
    )

    status: CaseStatus | None = row_field("Case status, derived from the latest visit.")

    @guarded("Case status as users see it, in the request's language.")
    def status_label(self, info: Info[Context, None]) -> str | None:
        return label(CASE_STATUS_LABELS[self.row.status], info.context.locale)

    birth_date: dt.date | None = row_field("Birth date. Partners get null and read `ageYears` instead.")

    age_years: int | None = row_field(
        "Age in completed years today (Asia/Bangkok); null when the birth date is unknown.",
        read=lambda self: age_in_years(self.row.birth_date, bangkok_today()),
    )

    house_number: str | None = row_field("House number (บ้านเลขที่) of the home.")

    village_no: str | None = row_field("Village number (หมู่ที่) of the home.")

    address_line: str | None = row_field("Rest of the home address: road, lane or village name.")

    @guarded("Subdistrict of the home.")
    async def subdistrict(self, info: Info[Context, None]) -> Subdistrict | None:
        return await load_subdistrict(info, self.row.subdistrict_id)

    @guarded("District of the home.")
    async def district(self, info: Info[Context, None]) -> District | None:
        return await load_district(info, self.row.district_id)

    @guarded("Province of the home. Partner organisations see the children of their open provinces.")
    async def province(self, info: Info[Context, None]) -> Province | None:
        return await load_province(info, self.row.province_id)

    guardian_name: str | None = row_field("Name of the parent or guardian.")

    guardian_phone: str | None = row_field("Phone number of the parent or guardian, digits only (a leading + kept).")

    latest_visit: VisitType | None = row_field(
        "The visit that set the case status; null before the first visit, and for a reader "
        "of the history only when another school recorded it.",
        read=lambda self: self._latest_visit(),
    )

    def _latest_visit(self) -> Visit | None | Awaitable[Visit | None]:
        if self.row.latest_visit_id is None:
            return None
        row = loaded(self.context.loaders.visit_by_id, self.row.latest_visit_id)
        if row is NOT_LOADED or self.history:
            return self._load_latest_visit()
        return make_visit(self.context, row) if row is not None else None

    async def _load_latest_visit(self) -> Visit | None:
        row = await self.context.loaders.visit_by_id.load(self.row.latest_visit_id)
        if row is None:
            return None
        if self.history and not (await _history_rows(self.context, [row])):
            return None
        return make_visit(self.context, row)

    last_visited_at: dt.datetime | None = row_field("When the child was last visited (UTC); null before the first visit.")

    latest_reason: Reason | None = row_field("Reason found at the latest visit; null when none was recorded.")

    @guarded("Reason found at the latest visit, in the request's language; null when none was recorded.")
    def latest_reason_label(self, info: Info[Context, None]) -> str | None:
        if self.row.latest_reason is None:
            return None
        return label(REASON_LABELS[self.row.latest_reason], info.context.locale)

    visit_count: int | None = row_field("How many visits the case has, at every school that owned it.")

    @guarded(
        "Visits, newest first. A reader of the history only (the school the child was "
        "transferred away from) gets the visits recorded while a school of theirs owned the case."
    )
    async def visits(self, info: Info[Context, None]) -> list[VisitType] | None:
        rows = await info.context.loaders.visits_by_student.load(self.row.id)
        if self.history:
            rows = await _history_rows(info.context, rows)
        return [make_visit(info.context, row) for row in rows]

    @guarded("Help that partner organisations gave the child, newest first.")
    async def help_records(self, info: Info[Context, None]) -> list[HelpRecordType] | None:
        from schema.partners import help_records_of

        return await help_records_of(info, self.row.id)

    @guarded("Transfers of the case, newest first.")
    async def transfers(self, info: Info[Context, None]) -> list[Transfer] | None:
        rows = await info.context.loaders.transfers_by_student.load(self.row.id)
        return [Transfer(row=row) for row in rows]

    @guarded(
        "True when you may change this record: you belong to the owning school, its area office, "
        "or an affiliation or ministry above it. Recording visits is for the school and its area office only."
    )
    def can_edit(self, info: Info[Context, None]) -> bool | None:
        return not self.history and can_write(info.context.actor, self.row)

    history_only: bool | None = row_field(
        "True when you read this record only because a school of yours transferred the child "
        "away: you see the visits recorded while the case was yours, and cannot change anything.",
        read=lambda self: self.history,
    )

    version: int | None = row_field(
        "Grows by one on every change. Send it back with `updateStudent` to guard against lost updates.",
    )

    possible_duplicate: bool | None = row_field("True when another record carries the same national ID: see `duplicateGroups`.")

    created_at: dt.datetime | None = row_field("When the record was created (UTC).")

    updated_at: dt.datetime | None = row_field("When the record last changed (UTC).")


def full_name(row: StudentRow) -> str:
    return f"{row.title}{row.first_name} {row.last_name}".strip()


def _owner_keys(row: StudentRow) -> list[int]:
    return [key for key in (row.school_id, row.area_office_id, row.affiliation_id) if key is not None]


def _owner_agency(context: Context, row: StudentRow, agency_id: int | None) -> Agency | None | Awaitable[Agency | None]:
    """Return one of the owning agencies of a visible child: at once when loaded, else an awaitable.

    The school, area office and affiliation are requested together, so that the
    ``school { areaOffice }`` path finds the office in the loader's cache. They are shown
    even outside the caller's agency scope (to partners, and to a school the child left),
    because seeing the child includes seeing where the child belongs.
    """
    if agency_id is None:
        return None
    agency = loaded(context.loaders.agency_by_id, agency_id)
    if agency is NOT_LOADED:
        return _load_owner_agency(context, row, agency_id)
    return Agency(row=agency) if agency else None


async def _load_owner_agency(context: Context, row: StudentRow, agency_id: int) -> Agency | None:
    keys = _owner_keys(row)
    rows = await context.loaders.agency_by_id.load_many(keys)
    agency = dict(zip(keys, rows)).get(agency_id)
    return Agency(row=agency) if agency else None


# Fields of ``Student`` whose rows ``_preload_relations`` loads for a whole page at once.
OWNER_FIELDS = frozenset({"school", "areaOffice", "affiliation"})


async def _preload_relations(info: Info[Context, None], rows: list[StudentRow], selected: set[str]) -> None:
    """Load the owning agencies and latest visits of a page in one batch each, when selected.

    The fields then find them loaded and resolve without a task each. The statements are
    the ones the fields would have sent anyway: one for the agencies, one for the visits.
    """
    loaders = info.context.loaders
    pending = []
    # Keys are deduplicated first: the 50 children of a page share a few dozen schools.
    if selected & OWNER_FIELDS:
        pending.append(loaders.agency_by_id.load_many({key for row in rows for key in _owner_keys(row)}))
    if "latestVisit" in selected:
        pending.append(
            loaders.visit_by_id.load_many({row.latest_visit_id for row in rows if row.latest_visit_id is not None})
        )
    if pending:
        await asyncio.gather(*pending)


async def _history_rows(context: Context, rows: list[VisitRow]) -> list[VisitRow]:
    """Keep the visits recorded while a school in the caller's subtree owned the case."""
    schools = await context.loaders.agency_by_id.load_many([row.school_id for row in rows])
    actor = context.actor
    return [row for row, school in zip(rows, schools) if visit_in_history(actor, school)]


async def student_for(info: Info[Context, None], student_id: int) -> Student | None:
    """Return the child as the caller may read it, or None (missing and out of reach look the same)."""
    actor = require_actor(info.context.actor)
    found = await read_access(actor, student_id)
    return Student.from_access(info, found) if found else None


@node_resolver("Student")
async def resolve_student_node(info: Info[Context, None], local_id: str) -> Student | None:
    try:
        student_id = int(local_id)
    except ValueError:
        return None
    return await student_for(info, student_id)


# ---------------------------------------------------------------- finding children


StudentSortField = strawberry.enum(
    SortField,
    name="StudentSortField",
    description="What to sort children by. Ties are broken by id, in the same direction, so pages are stable.",
)


@strawberry.input(description="How to sort the children list.")
class StudentSortInput:
    field: StudentSortField = strawberry.field(
        default=SortField.ID,
        description="Sort key. LAST_VISITED_AT puts children never visited last in both directions; "
        "STATUS follows the order of the CaseStatus values; SCHOOL sorts by school code.",
    )
    direction: SortDirectionEnum = strawberry.field(default=SortDirection.ASC, description="Sort order.")


@strawberry.input(description="Filters for the children list. Every filter given must match; a list matches any of its values.")
class StudentFilter:
    status: list[CaseStatus] | None = strawberry.field(default=None, description="Only these case statuses.")
    reason: list[Reason] | None = strawberry.field(default=None, description="Only these reasons found at the latest visit.")
    term: str | None = strawberry.field(default=None, description="Only this term, semester/Buddhist-Era year, e.g. 1/2564.")
    academic_year: int | None = strawberry.field(default=None, description="Only this academic year (Buddhist Era, e.g. 2564).")
    semester: int | None = strawberry.field(default=None, description="Only this semester, 1 or 2.")
    grade: str | None = strawberry.field(default=None, description="Only this grade, as written on the list, e.g. ป.6.")
    school_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only children of this school. A school outside your scope gives an empty list."
    )
    area_office_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only children of this area office. An office outside your scope gives an empty list."
    )
    affiliation_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only children of this affiliation. One outside your scope gives an empty list."
    )
    province_code: str | None = strawberry.field(default=None, description="Only children whose home is in this province (2-digit code).")
    district_code: str | None = strawberry.field(default=None, description="Only children whose home is in this district (4-digit code).")
    visited: bool | None = strawberry.field(
        default=None, description="True: only children visited at least once; false: only children never visited."
    )
    last_visit_before: dt.date | None = strawberry.field(
        default=None,
        description="Only children whose last visit was before this date (Asia/Bangkok). "
        "Children never visited do not match; use `visited: false` for them.",
    )
    possible_duplicate: bool | None = strawberry.field(
        default=None, description="True: only records flagged as possible duplicates; false: only the others."
    )

    def criteria(self) -> StudentCriteria:
        return StudentCriteria(
            statuses=tuple(self.status or ()),
            reasons=tuple(self.reason or ()),
            term=self.term,
            academic_year=self.academic_year,
            semester=self.semester,
            grade=self.grade,
            school_id=_agency_id(self.school_id, "filter.schoolId"),
            area_office_id=_agency_id(self.area_office_id, "filter.areaOfficeId"),
            affiliation_id=_agency_id(self.affiliation_id, "filter.affiliationId"),
            province_code=self.province_code,
            district_code=self.district_code,
            visited=self.visited,
            last_visit_before=self.last_visit_before,
            possible_duplicate=self.possible_duplicate,
        )


def _agency_id(global_id: strawberry.ID | None, field: str) -> int | None:
    if global_id is None:
        return None
    try:
        return local_int_id(global_id, "Agency")
    except ServiceError as error:
        error.field = field
        raise


@strawberry.type(description="A page of children.")
class StudentConnection:
    edges: list[Edge[Student]] = strawberry.field(description="The children on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    count_query: strawberry.Private[QuerySet[StudentRow]]
    counting: strawberry.Private[asyncio.Task[int] | None] = None

    @strawberry.field(description="How many children match, on all pages. Counted only when asked for.")
    async def total_count(self) -> int:
        if self.counting is not None:
            return await self.counting
        return await self.count_query.count()


def _window(info: Info[Context, None], first: int | None, after: str | None) -> Window:
    return page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)


def _page_info(window: Window, size: int, has_next: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=window.offset > 0,
        start_cursor=encode_cursor(window.offset) if size else None,
        end_cursor=encode_cursor(window.offset + size - 1) if size else None,
    )


SEARCH_DESCRIPTION = (
    "A national ID or G code (13 characters, spaces and dashes ignored) finds that child exactly; "
    "partners may not search by ID. Any other text finds children whose Thai or English first or "
    "last name contains every word, so a Thai full name such as 'สมชาย ใจดี' works. At most 100 characters."
)


@query_part
@strawberry.type
class StudentQuery:
    @strawberry.field(
        description="Children in your scope that match the filter and search, sorted by `sort` "
        "(by id when left out). Page size is capped at 100 (20 when `first` is left out)."
    )
    async def students(
        self,
        info: Info[Context, None],
        filter: Annotated[StudentFilter | None, strawberry.argument(description="Filters; all given must match.")] = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_DESCRIPTION)] = None,
        sort: Annotated[StudentSortInput | None, strawberry.argument(description="Sort key and order.")] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> StudentConnection:
        actor = require_actor(info.context.actor)
        window = _window(info, first, after)
        criteria = filter.criteria() if filter else StudentCriteria()
        query = await find_students(actor, criteria, search)
        order = StudentSort()
        if sort is not None:
            order = StudentSort(field=sort.field, descending=sort.direction == SortDirection.DESC)
        # The count runs beside the page and its relations rather than after them: on
        # PostgreSQL each takes its own pooled connection.
        counting = asyncio.ensure_future(query.count()) if "totalCount" in selected_below(info) else None
        try:
            rows, has_next = await page_of_students(query, order, window)
            await _preload_relations(info, rows, selected_below(info, "edges", "node"))
        except BaseException:
            if counting is not None:
                counting.cancel()
            raise

        loaders = info.context.loaders
        edges = []
        for position, row in enumerate(rows):
            loaders.student_by_id.prime(row.id, row)
            edges.append(Edge(cursor=encode_cursor(window.offset + position), node=Student(row=row, context=info.context)))
        return StudentConnection(
            edges=edges, page_info=_page_info(window, len(rows), has_next), count_query=query, counting=counting
        )

    @strawberry.field(
        description="One child by global id; null when the id does not exist or is outside your "
        "reach. A school that transferred the child away still reads it, with its own visits only."
    )
    async def student(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the child.")],
    ) -> Student | None:
        require_actor(info.context.actor)
        return await student_for(info, local_int_id(id, "Student"))


# ---------------------------------------------------------------- editing a record


# Input attribute -> API field name used by services.students.validate_changes.
EDITABLE_FIELDS = {
    "title": "title",
    "first_name": "firstName",
    "last_name": "lastName",
    "first_name_en": "firstNameEn",
    "last_name_en": "lastNameEn",
    "gender": "gender",
    "birth_date": "birthDate",
    "grade": "grade",
    "house_number": "houseNumber",
    "village_no": "villageNo",
    "address_line": "addressLine",
    "subdistrict_code": "subdistrictCode",
    "guardian_name": "guardianName",
    "guardian_phone": "guardianPhone",
}


@strawberry.input(
    description="Changes to a child's record. Leave a field out to keep it; send null to clear it "
    "(first and last name cannot be cleared)."
)
class UpdateStudentInput:
    id: strawberry.ID = strawberry.field(description="Global id of the child.")
    version: int = strawberry.field(
        description="The `version` you read. If the record changed since, nothing is saved and the "
        "payload returns a CONFLICT error with the current record."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Title, e.g. ด.ช.")
    first_name: str | None = strawberry.field(default=strawberry.UNSET, description="First name in Thai.")
    last_name: str | None = strawberry.field(default=strawberry.UNSET, description="Last name in Thai.")
    first_name_en: str | None = strawberry.field(default=strawberry.UNSET, description="First name in English.")
    last_name_en: str | None = strawberry.field(default=strawberry.UNSET, description="Last name in English.")
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="Gender; null means UNSPECIFIED.")
    birth_date: dt.date | None = strawberry.field(default=strawberry.UNSET, description="Birth date, not in the future.")
    grade: str | None = strawberry.field(default=strawberry.UNSET, description="Grade, at most 8 characters, e.g. ม.1.")
    house_number: str | None = strawberry.field(default=strawberry.UNSET, description="House number.")
    village_no: str | None = strawberry.field(default=strawberry.UNSET, description="Village number.")
    address_line: str | None = strawberry.field(default=strawberry.UNSET, description="Rest of the address.")
    subdistrict_code: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="6-digit DOPA code of the home subdistrict; it also sets the district and province. "
        "Null clears the subdistrict and keeps the district and province.",
    )
    guardian_name: str | None = strawberry.field(default=strawberry.UNSET, description="Guardian's name.")
    guardian_phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="Guardian's phone: 0 or +66 and 8-9 more digits; spaces and dashes are removed."
    )

    def changes(self) -> dict[str, object]:
        return {
            api_name: getattr(self, attribute)
            for attribute, api_name in EDITABLE_FIELDS.items()
            if getattr(self, attribute) is not strawberry.UNSET
        }


@strawberry.type(description="Result of `updateStudent`.")
class UpdateStudentPayload:
    student: Student | None = strawberry.field(description="The record as saved; null when nothing was saved.")
    current: Student | None = strawberry.field(
        description="On a CONFLICT error: the record as it is now, for the user to compare and retry."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


def client_address(info: Info[Context, None]) -> str:
    return info.context.client_address


@mutation_part
@strawberry.type
class StudentMutation:
    @strawberry.mutation(
        description="Change a child's record if it is still at the version you read. Allowed for the "
        "owning school's staff, its area office, and admins above it; partners may not."
    )
    async def update_student(self, info: Info[Context, None], input: UpdateStudentInput) -> UpdateStudentPayload:
        actor = require_actor(info.context.actor)
        try:
            row = await update_student(
                actor,
                local_int_id(input.id, "Student"),
                input.version,
                input.changes(),
                client_address=client_address(info),
            )
        except AuthError:
            raise
        except VersionConflict as conflict:
            return UpdateStudentPayload(student=None, current=Student(row=conflict.current, context=info.context), errors=user_errors(info, conflict))
        except (ServiceError, ValidationErrors) as error:
            return UpdateStudentPayload(student=None, current=None, errors=user_errors(info, error))
        info.context.loaders.student_by_id.prime(row.id, row, force=True)
        return UpdateStudentPayload(student=Student(row=row, context=info.context), current=None, errors=[])


# ---------------------------------------------------------------- transfers


TransferStatus = strawberry.enum(
    TransferStatusValue,
    name="TransferStatus",
    description="State of a transfer: PENDING until the receiving side decides, then ACCEPTED or DECLINED; "
    "CANCELLED when the sending side withdrew it.",
)
TRANSFER_STATUS_LABELS = {
    TransferStatusValue.PENDING: ("รอการตอบรับ", "Waiting for the receiving school"),
    TransferStatusValue.ACCEPTED: ("ตอบรับแล้ว", "Accepted"),
    TransferStatusValue.DECLINED: ("ปฏิเสธ", "Declined"),
    TransferStatusValue.CANCELLED: ("ยกเลิกแล้ว", "Cancelled"),
}

TransferDirection = strawberry.enum(
    transfer_service.TransferDirection,
    name="TransferDirection",
    description="INCOMING: transfers to schools in your scope; OUTGOING: transfers from schools in your scope.",
)


@strawberry.type(
    description="A request to move a child's case to another school, which that school or its area office "
    "accepts or declines. Both sides see the child's name, grade, term and the last 4 characters "
    "of the ID; the full record follows the usual rules."
)
class Transfer(Node):
    row: strawberry.Private[TransferRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("Transfer", self.row.id)

    @strawberry.field(description="State of the transfer.")
    def status(self) -> TransferStatus:
        return self.row.status

    @strawberry.field(description="State of the transfer as users see it, in the request's language.")
    def status_label(self, info: Info[Context, None]) -> str:
        return label(TRANSFER_STATUS_LABELS[TransferStatusValue(self.row.status)], info.context.locale)

    @strawberry.field(description="Why the sending side asks for the transfer, e.g. the family moved.")
    def reason(self) -> str:
        return self.row.reason

    @strawberry.field(description="Note of whoever decided or cancelled; empty when none.")
    def decision_note(self) -> str:
        return self.row.decision_note

    @strawberry.field(description="When the transfer was requested (UTC).")
    def created_at(self) -> dt.datetime:
        return self.row.created_at

    @strawberry.field(description="When it was accepted, declined or cancelled (UTC); null while pending.")
    def decided_at(self) -> dt.datetime | None:
        return self.row.decided_at

    @strawberry.field(description="The school the child leaves.")
    async def from_school(self, info: Info[Context, None]) -> Agency | None:
        row = await info.context.loaders.agency_by_id.load(self.row.from_school_id)
        return Agency(row=row) if row else None

    @strawberry.field(description="The school the child moves to.")
    async def to_school(self, info: Info[Context, None]) -> Agency | None:
        row = await info.context.loaders.agency_by_id.load(self.row.to_school_id)
        return Agency(row=row) if row else None

    @strawberry.field(
        description="The child's record, when you may read it: the owner reads it in full; the sending "
        "side keeps its history after acceptance; the receiving side reads it once it has accepted."
    )
    async def student(self, info: Info[Context, None]) -> Student | None:
        row, from_school = await self._rows(info)
        if row is None or from_school is None:
            return None
        found = history_access(info.context.actor, row, from_school, self.row.status)
        return Student.from_access(info, found) if found else None

    @strawberry.field(description="The child's title, first and last name in Thai.")
    async def student_name(self, info: Info[Context, None]) -> str:
        row, _ = await self._rows(info)
        return full_name(row) if row else ""

    @strawberry.field(description="The child's grade on the list.")
    async def student_grade(self, info: Info[Context, None]) -> str:
        row, _ = await self._rows(info)
        return row.grade if row else ""

    @strawberry.field(description="Term of the child's list, e.g. 1/2564.")
    async def student_term(self, info: Info[Context, None]) -> str:
        row, _ = await self._rows(info)
        return row.term if row else ""

    @strawberry.field(description="The child's national ID or G code with all but the last 4 characters replaced by x.")
    async def student_masked_id(self, info: Info[Context, None]) -> str:
        row, _ = await self._rows(info)
        return mask_national_id(row.national_id) if row else ""

    @strawberry.field(description="True when you may accept or decline: the transfer is pending and goes to your school or area office.")
    async def can_decide(self, info: Info[Context, None]) -> bool:
        if self.row.status != TransferStatusValue.PENDING:
            return False
        school = await info.context.loaders.agency_by_id.load(self.row.to_school_id)
        return transfer_service.may_decide(info.context.actor, school)

    @strawberry.field(description="True when you may cancel: the transfer is pending and you own the child.")
    async def can_cancel(self, info: Info[Context, None]) -> bool:
        if self.row.status != TransferStatusValue.PENDING:
            return False
        row, _ = await self._rows(info)
        return row is not None and transfer_service.may_request(info.context.actor, row)

    async def _rows(self, info: Info[Context, None]):
        loaders = info.context.loaders
        row = await loaders.student_by_id.load(self.row.student_id)
        from_school = await loaders.agency_by_id.load(self.row.from_school_id)
        return row, from_school


@node_resolver("Transfer")
async def resolve_transfer_node(info: Info[Context, None], local_id: str) -> Transfer | None:
    try:
        transfer_id = int(local_id)
    except ValueError:
        return None
    row = await transfer_service.visible_transfer(require_actor(info.context.actor), transfer_id)
    return Transfer(row=row) if row else None


@strawberry.type(description="A page of transfers.")
class TransferConnection:
    edges: list[Edge[Transfer]] = strawberry.field(description="The transfers on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    count_query: strawberry.Private[QuerySet[TransferRow]]

    @strawberry.field(description="How many transfers match, on all pages.")
    async def total_count(self) -> int:
        return await self.count_query.count()


@query_part
@strawberry.type
class TransferQuery:
    @strawberry.field(
        description="Transfers into (INCOMING) or out of (OUTGOING) schools in your scope, newest first. "
        "Not for partners. Page size is capped at 100."
    )
    async def transfers(
        self,
        info: Info[Context, None],
        direction: Annotated[TransferDirection, strawberry.argument(description="Into or out of your scope.")],
        status: Annotated[list[TransferStatus] | None, strawberry.argument(description="Only these states.")] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> TransferConnection:
        window = _window(info, first, after)
        query = transfer_service.list_transfers(info.context.actor, direction, tuple(status or ()))
        rows = await query.offset(window.offset).limit(window.limit + 1)
        has_next = len(rows) > window.limit
        rows = rows[: window.limit]
        edges = [Edge(cursor=encode_cursor(window.offset + i), node=Transfer(row=row)) for i, row in enumerate(rows)]
        return TransferConnection(edges=edges, page_info=_page_info(window, len(rows), has_next), count_query=query)


@strawberry.input(description="Ask another school to take over a child whose family moved. Give the school by code or by id.")
class RequestTransferInput:
    student_id: strawberry.ID = strawberry.field(description="Global id of the child; you must own the case.")
    to_school_code: str | None = strawberry.field(default=None, description="Code of the receiving school, e.g. a 10-digit OBEC code.")
    to_school_id: strawberry.ID | None = strawberry.field(default=None, description="Global id of the receiving school.")
    reason: str | None = strawberry.field(default=None, description="Why, for the receiving school; at most 1000 characters.")


@strawberry.input(description="Accept a pending transfer to your school or area office.")
class AcceptTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="Global id of the transfer.")
    note: str | None = strawberry.field(default=None, description="Note for the sending school; at most 1000 characters.")


@strawberry.input(description="Decline a pending transfer to your school or area office.")
class DeclineTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="Global id of the transfer.")
    note: str | None = strawberry.field(default=None, description="Why, for the sending school; at most 1000 characters.")


@strawberry.input(description="Withdraw a pending transfer of a child you own.")
class CancelTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="Global id of the transfer.")
    note: str | None = strawberry.field(default=None, description="Why; at most 1000 characters.")


@strawberry.type(description="Result of `requestTransfer`.")
class RequestTransferPayload:
    transfer: Transfer | None = strawberry.field(description="The new pending transfer; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `acceptTransfer`.")
class AcceptTransferPayload:
    transfer: Transfer | None = strawberry.field(description="The accepted transfer; null when nothing was saved.")
    student: Student | None = strawberry.field(description="The child's record, now owned by the receiving school.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `declineTransfer`.")
class DeclineTransferPayload:
    transfer: Transfer | None = strawberry.field(description="The declined transfer; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `cancelTransfer`.")
class CancelTransferPayload:
    transfer: Transfer | None = strawberry.field(description="The cancelled transfer; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


def _transfer_id(global_id: str) -> int:
    try:
        return local_int_id(global_id, "Transfer")
    except ServiceError as error:
        error.field = "transferId"
        raise


@mutation_part
@strawberry.type
class TransferMutation:
    @strawberry.mutation(
        description="Ask a school to take over a child whose family moved; it may be in another area or "
        "affiliation. For the owning school's staff and its area officers."
    )
    async def request_transfer(self, info: Info[Context, None], input: RequestTransferInput) -> RequestTransferPayload:
        actor = require_actor(info.context.actor)
        try:
            student_id = local_int_id(input.student_id, "Student")
            school_id = local_int_id(input.to_school_id, "Agency") if input.to_school_id else None
            row = await transfer_service.request_transfer(
                actor,
                student_id,
                to_school_code=input.to_school_code,
                to_school_id=school_id,
                reason=input.reason,
                client_address=client_address(info),
            )
        except AuthError:
            raise
        except ServiceError as error:
            return RequestTransferPayload(transfer=None, errors=user_errors(info, error))
        return RequestTransferPayload(transfer=Transfer(row=row), errors=[])

    @strawberry.mutation(
        description="Accept a pending transfer: the child's case moves to the receiving school, which "
        "writes from then on. For the receiving school's staff and its area officers."
    )
    async def accept_transfer(self, info: Info[Context, None], input: AcceptTransferInput) -> AcceptTransferPayload:
        actor = require_actor(info.context.actor)
        try:
            row = await transfer_service.accept_transfer(
                actor, _transfer_id(input.transfer_id), input.note, client_address=client_address(info)
            )
        except AuthError:
            raise
        except ServiceError as error:
            return AcceptTransferPayload(transfer=None, student=None, errors=user_errors(info, error))
        student = await student_for(info, row.student_id)
        if student is not None:
            info.context.loaders.student_by_id.prime(row.student_id, student.row, force=True)
        return AcceptTransferPayload(transfer=Transfer(row=row), student=student, errors=[])

    @strawberry.mutation(description="Decline a pending transfer; the child stays with the sending school.")
    async def decline_transfer(self, info: Info[Context, None], input: DeclineTransferInput) -> DeclineTransferPayload:
        actor = require_actor(info.context.actor)
        try:
            row = await transfer_service.decline_transfer(
                actor, _transfer_id(input.transfer_id), input.note, client_address=client_address(info)
            )
        except AuthError:
            raise
        except ServiceError as error:
            return DeclineTransferPayload(transfer=None, errors=user_errors(info, error))
        return DeclineTransferPayload(transfer=Transfer(row=row), errors=[])

    @strawberry.mutation(description="Withdraw a pending transfer of a child you own.")
    async def cancel_transfer(self, info: Info[Context, None], input: CancelTransferInput) -> CancelTransferPayload:
        actor = require_actor(info.context.actor)
        try:
            row = await transfer_service.cancel_transfer(
                actor, _transfer_id(input.transfer_id), input.note, client_address=client_address(info)
            )
        except AuthError:
            raise
        except ServiceError as error:
            return CancelTransferPayload(transfer=None, errors=user_errors(info, error))
        return CancelTransferPayload(transfer=Transfer(row=row), errors=[])


# ---------------------------------------------------------------- duplicates


@strawberry.type(description="Records in your scope that carry the same national ID: probably one child listed twice.")
class DuplicateGroup:
    national_id: str = strawberry.field(description="The national ID or G code the records share.")
    students: list[Student] = strawberry.field(description="The records, oldest first.")

    @strawberry.field(description="How many records the group has.")
    def size(self) -> int:
        return len(self.students)


@strawberry.type(description="A page of duplicate groups.")
class DuplicateGroupConnection:
    edges: list[Edge[DuplicateGroup]] = strawberry.field(description="The groups on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")

    @strawberry.field(description="How many groups there are, on all pages.")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await duplicate_service.count_duplicate_groups(info.context.actor)


@query_part
@strawberry.type
class DuplicateQuery:
    @strawberry.field(
        description="Groups of flagged records in your scope that share a national ID, by ID. For staff "
        "and admins who may write the records; not for partners. Page size is capped at 100."
    )
    async def duplicate_groups(
        self,
        info: Info[Context, None],
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> DuplicateGroupConnection:
        window = _window(info, first, after)
        groups, has_next = await duplicate_service.duplicate_groups(info.context.actor, window)
        edges = [
            Edge(
                cursor=encode_cursor(window.offset + i),
                node=DuplicateGroup(national_id=group.national_id, students=[Student(row=row, context=info.context) for row in group.students]),
            )
            for i, group in enumerate(groups)
        ]
        return DuplicateGroupConnection(edges=edges, page_info=_page_info(window, len(groups), has_next))


@strawberry.input(description="The version of a record as the reviewer saw it.")
class StudentVersionInput:
    id: strawberry.ID = strawberry.field(description="Global id of the child.")
    version: int = strawberry.field(description="The `version` the reviewer saw.")


@strawberry.input(description="Merge duplicate records of one child into the record to keep.")
class MergeStudentsInput:
    keep_id: strawberry.ID = strawberry.field(description="Global id of the record to keep.")
    merge_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the records to merge into it, at most 20. They must carry the same national ID."
    )
    expected_versions: list[StudentVersionInput] | None = strawberry.field(
        default=None,
        description="Versions the reviewer saw; when given, a record at another version stops the merge with CONFLICT.",
    )


@strawberry.type(description="Result of `mergeStudents`.")
class MergeStudentsPayload:
    student: Student | None = strawberry.field(description="The kept record, with its case recomputed; null when nothing was saved.")
    merged_ids: list[strawberry.ID] = strawberry.field(description="Global ids of the records merged away.")
    visits_moved: int = strawberry.field(description="How many visits moved to the kept record.")
    photos_moved: int = strawberry.field(description="How many photos moved to the kept record.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


def _student_ids(global_ids: list[strawberry.ID], field: str) -> list[int]:
    try:
        return [local_int_id(item, "Student") for item in global_ids]
    except ServiceError as error:
        error.field = field
        raise


@mutation_part
@strawberry.type
class DuplicateMutation:
    @strawberry.mutation(
        description="Merge duplicate records into one: visits, needs, photos, help records and transfers "
        "move to the kept record, the others leave every list, and the merge is audited. Every record "
        "must be one you may write."
    )
    async def merge_students(self, info: Info[Context, None], input: MergeStudentsInput) -> MergeStudentsPayload:
        actor = require_actor(info.context.actor)
        try:
            keep_id = _student_ids([input.keep_id], "keepId")[0]
            merge_ids = _student_ids(input.merge_ids, "mergeIds")
            versions = input.expected_versions or []
            expected = dict(zip(_student_ids([item.id for item in versions], "expectedVersions"), (item.version for item in versions)))
            result = await duplicate_service.merge_students(
                actor, keep_id, merge_ids, expected, client_address=client_address(info)
            )
        except AuthError:
            raise
        except ServiceError as error:
            return MergeStudentsPayload(
                student=None, merged_ids=[], visits_moved=0, photos_moved=0, errors=user_errors(info, error)
            )
        info.context.loaders.student_by_id.prime(keep_id, result.kept, force=True)
        return MergeStudentsPayload(
            student=Student(row=result.kept, context=info.context),
            merged_ids=[to_global_id("Student", item) for item in result.merged_ids],
            visits_moved=result.visits_moved,
            photos_moved=result.photos_moved,
            errors=[],
        )
