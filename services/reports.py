"""Progress reports over the children on the dropout lists.

Every report is one SQL statement, plus one to check the agency and one to name the
agencies or provinces in its rows, however many children it counts. Ministry and
affiliation reports without a date range add up the tallies that database triggers keep
(``report_tally``, ``report_need_tally``). Other reports read the case columns that
``services.visits`` keeps on each child (``status``, ``latest_reason``,
``latest_visit_id``, ``last_visited_at``). With an end date they rebuild, from the visits
table, the case of each child visited after that date. docs/reports.md defines every
number and gives the measured speed.

A report covers one agency's subtree: the caller's own agency, or ``agency_id`` when that
agency is inside the caller's scope. Partner organisations get no reports in phase 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from tortoise import connections

from models.agency import Agency, AgencyKind
from models.geo import Province
from models.student import CaseStatus, Need, Reason
from services import students
from services.errors import AuthError, ErrorCode, ServiceError
from services.i18n import register
from services.scope import Actor, agency_in_scope, require_actor

register({
    "report_date_range": (
        "ช่วงวันที่ไม่ถูกต้อง: วันเริ่มต้น {start} อยู่หลังวันสิ้นสุด {end}",
        "The date range is invalid: the start {start} is after the end {end}.",
    ),
    "report_too_many_weeks": (
        "ช่วงวันที่ยาวเกินไป: รายงานรายสัปดาห์แสดงได้ไม่เกิน {limit} สัปดาห์ (ขอมา {value} สัปดาห์) "
        "กรุณาระบุวันเริ่มต้นให้ใกล้ขึ้น",
        "The date range is too long: the weekly report shows at most {limit} weeks and "
        "{value} were requested. Choose a later start date.",
    ),
    "report_partner_forbidden": (
        "ภาคีเครือข่ายยังไม่สามารถดูรายงานสรุปได้ในระยะแรกของโครงการ",
        "Partner organisations cannot see summary reports in the first phase of the programme.",
    ),
})

# Thailand keeps UTC+07:00 all year, so a calendar date in a filter is that day in this zone.
THAI_TIME = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")

# A child who returned was found first, so RETURNED counts as found.
FOUND_STATUSES = (
    CaseStatus.FOUND_WANTS_TO_RETURN,
    CaseStatus.FOUND_WILL_NOT_RETURN,
    CaseStatus.RETURNED,
)

# The weekly report draws at most five years of weeks.
MAX_WEEKS = 260

# Student column that limits the children to an agency's subtree, by the agency's kind.
_SCOPE_COLUMN = {
    AgencyKind.MINISTRY: None,
    AgencyKind.AFFILIATION: "affiliation_id",
    AgencyKind.AREA_OFFICE: "area_office_id",
    AgencyKind.SCHOOL: "school_id",
}

# Student column that groups the breakdown one level below an agency of each kind.
_BREAKDOWN_COLUMN = {
    AgencyKind.MINISTRY: "affiliation_id",
    AgencyKind.AFFILIATION: "area_office_id",
    AgencyKind.AREA_OFFICE: "school_id",
    AgencyKind.SCHOOL: None,
}


# ---------------------------------------------------------------- filters and scope


@dataclass(frozen=True)
class Term:
    """A school term: semester 1 or 2 of a Buddhist-Era academic year."""

    semester: int
    academic_year: int

    def __str__(self) -> str:
        return f"{self.semester}/{self.academic_year}"


def parse_term(text: str, field_name: str = "term") -> Term:
    """Parse a term written as ``semester/year``, e.g. ``1/2564``, as the children list does."""
    semester, academic_year = students.parse_term(text, field_name)
    return Term(semester=semester, academic_year=academic_year)


@dataclass(frozen=True)
class ReportFilter:
    """The scope, term and date range of a report. ``start`` and ``end`` are whole days in Thai time, both included."""

    term: Term | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    agency_id: int | None = None

    @property
    def start_at(self) -> dt.datetime | None:
        """The first instant of ``start`` in Thai time, in UTC."""
        if self.start is None:
            return None
        return _thai_midnight(self.start)

    @property
    def end_before(self) -> dt.datetime | None:
        """The first instant after ``end`` in Thai time, in UTC."""
        if self.end is None:
            return None
        return _thai_midnight(self.end + dt.timedelta(days=1))


def _thai_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), THAI_TIME).astimezone(dt.timezone.utc)


def build_filter(
    term: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    agency_id: int | None = None,
) -> ReportFilter:
    """Check the filter values a client sent and build a ``ReportFilter``."""
    parsed_term = parse_term(term) if term not in (None, "") else None
    if start is not None and end is not None and start > end:
        raise ServiceError(
            ErrorCode.INVALID, "report_date_range", field="from", start=start.isoformat(), end=end.isoformat()
        )
    return ReportFilter(term=parsed_term, start=start, end=end, agency_id=agency_id)


async def report_agency(actor: Actor | None, agency_id: int | None) -> Agency:
    """Return the agency whose subtree a report covers.

    That is the caller's own agency, or ``agency_id`` when it is inside the caller's scope.
    An agency outside the scope is reported as not found, like one that does not exist.
    Raises ``AuthError`` for anonymous callers and partner organisations.
    """
    actor = require_actor(actor)
    if actor.is_partner or actor.agency_kind == AgencyKind.PARTNER:
        raise AuthError(ErrorCode.FORBIDDEN, "report_partner_forbidden")
    requested = actor.agency_id if agency_id is None else agency_id
    agency = await Agency.get_or_none(id=requested)
    if agency is None or agency.kind not in _SCOPE_COLUMN or not agency_in_scope(actor, agency):
        raise ServiceError(
            ErrorCode.NOT_FOUND, "not_found", field="agencyId", kind_th="หน่วยงาน", kind_en="Agency", id=requested
        )
    return agency


# ---------------------------------------------------------------- SQL building


def _literal(value: Enum) -> str:
    """SQL text of one of the project's own enum values, which are upper-case words."""
    text = value.value
    if not re.fullmatch(r"[A-Z0-9_]+", text):
        raise ValueError(f"{text!r} is not an enum code that can be written into SQL.")
    return f"'{text}'"


def _literals(values: Iterable[Enum]) -> str:
    return ", ".join(_literal(value) for value in values)


class _Statement:
    """Collects the parameters of one SQL statement and writes the dialect's placeholders.

    Placeholders are numbered (``?1`` in SQLite, ``$1`` in PostgreSQL), so a condition
    built once may appear several times in the text, in any order.
    """

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.values: list[object] = []

    def param(self, value: object) -> str:
        """Add a parameter and return its numbered placeholder, usable several times in the text."""
        if isinstance(value, dt.datetime) and self.dialect == "sqlite":
            # Tortoise stores SQLite datetimes as UTC text in this form, which sorts by time.
            value = value.astimezone(dt.timezone.utc).isoformat(sep=" ")
        self.values.append(value)
        number = len(self.values)
        return f"?{number}" if self.dialect == "sqlite" else f"${number}"

    def thai_date(self, expression: str) -> str:
        """SQL for the calendar date in Thai time of a stored UTC datetime."""
        if self.dialect == "sqlite":
            return f"date({expression}, '+7 hours')"
        return f"CAST(({expression}) AT TIME ZONE 'Asia/Bangkok' AS DATE)"


def _connection():
    return connections.get("default")


async def _fetch(statement: _Statement, sql: str) -> list[dict]:
    return await _connection().execute_query_dict(sql, statement.values)


def _new_statement() -> _Statement:
    return _Statement("sqlite" if _connection().capabilities.dialect == "sqlite" else "postgres")


def _children_condition(statement: _Statement, agency: Agency, report_filter: ReportFilter, alias: str = "s") -> str:
    """SQL condition for the children of ``agency``'s subtree in the filter's term."""
    conditions = [f"{alias}.merged_into_id IS NULL"]
    column = _SCOPE_COLUMN[AgencyKind(agency.kind)]
    if column is not None:
        conditions.append(f"{alias}.{column} = {statement.param(agency.id)}")
    if report_filter.term is not None:
        conditions.append(f"{alias}.academic_year = {statement.param(report_filter.term.academic_year)}")
        conditions.append(f"{alias}.semester = {statement.param(report_filter.term.semester)}")
    return " AND ".join(conditions)


def _cases_sql(statement: _Statement, agency: Agency, report_filter: ReportFilter, group: str, join: str = "") -> str:
    """SQL of a ``cases`` CTE: one row per child of the report with ``grp``, ``status``, ``reason``, ``visit_id``.

    ``group`` is the SQL expression that groups the report's rows, and ``join`` adds
    tables it needs. Without a date range the case is the one kept on the child. With an
    end date, a child visited after that date gets the case of their newest visit up to
    it, found with a window over their visits. Every other child's case is still the one
    kept on the child, because no visit after the end has changed it. With a start date,
    only children whose newest visit up to the end falls on or after the start are kept.
    """
    children = _children_condition(statement, agency, report_filter)
    end_before = report_filter.end_before
    if end_before is None:
        columns = "s.status AS status, s.latest_reason AS reason, s.latest_visit_id AS visit_id, s.last_visited_at AS visited_at"
        cases = f"SELECT {group} AS grp, {columns} FROM student s{join} WHERE {children}"
        return _with_cases(statement, report_filter, [], cases)

    end = statement.param(end_before)
    changed = f"s.last_visited_at >= {end}"
    latest = (
        "latest AS (SELECT v.student_id, v.id AS visit_id, v.status, v.reason, v.visited_at,"
        " ROW_NUMBER() OVER (PARTITION BY v.student_id ORDER BY v.visited_at DESC, v.created_at DESC, v.id DESC)"
        " AS position FROM visit v JOIN student s ON s.id = v.student_id"
        f" WHERE {children} AND {changed} AND NOT v.after_close AND v.visited_at < {end})"
    )
    not_started = _literal(CaseStatus.NOT_STARTED)
    columns = (
        f"CASE WHEN {changed} THEN COALESCE(l.status, {not_started}) ELSE s.status END AS status,"
        f" CASE WHEN {changed} THEN l.reason ELSE s.latest_reason END AS reason,"
        f" CASE WHEN {changed} THEN l.visit_id ELSE s.latest_visit_id END AS visit_id,"
        f" CASE WHEN {changed} THEN l.visited_at ELSE s.last_visited_at END AS visited_at"
    )
    cases = (
        f"SELECT {group} AS grp, {columns} FROM student s{join}"
        f" LEFT JOIN latest l ON l.student_id = s.id AND l.position = 1 WHERE {children}"
    )
    return _with_cases(statement, report_filter, [latest], cases)


def _with_cases(statement: _Statement, report_filter: ReportFilter, ctes: list[str], cases: str) -> str:
    """Return the WITH clause that defines ``cases``, kept to the start date when there is one."""
    if report_filter.start_at is None:
        return f"WITH {', '.join([*ctes, f'cases AS ({cases})'])} "
    start = statement.param(report_filter.start_at)
    started = f"cases AS (SELECT * FROM all_cases WHERE visited_at >= {start})"
    return f"WITH {', '.join([*ctes, f'all_cases AS ({cases})', started])} "


# ---------------------------------------------------------------- maintained tally

# ``report_tally`` counts the children per term, affiliation, area office, status and
# reason. Triggers on ``student`` keep it in the same transaction as every insert, update
# and delete of a child, whichever code makes it, so it is never behind. An area office of
# 0 and a reason of '' stand for none, because NULL cannot be part of a primary key.
TALLY_TABLE = "report_tally"

# ``report_need_tally`` counts, the same way, the children whose newest visit recorded each
# need, and under the pseudo-need ``*`` the children with any need.
NEED_TALLY_TABLE = "report_need_tally"

# Pseudo-needs in the rows of the needs queries: children with any need, and all children.
_ANY_NEED = "*"
_ALL_CHILDREN = "#"

_TALLY_KEY = "academic_year, semester, affiliation_id, area_office_id, status, reason"
_TALLY_SOURCE = (
    "SELECT academic_year, semester, affiliation_id, COALESCE(area_office_id, 0), status,"
    " COALESCE(latest_reason, ''), COUNT(*) FROM student WHERE merged_into_id IS NULL"
    " GROUP BY academic_year, semester, affiliation_id, COALESCE(area_office_id, 0), status, COALESCE(latest_reason, '')"
)
_NEED_TALLY_KEY = "academic_year, semester, affiliation_id, area_office_id, need"
_NEED_TALLY_SOURCE = (
    "SELECT s.academic_year, s.semester, s.affiliation_id, COALESCE(s.area_office_id, 0), needs.need, COUNT(*)"
    " FROM student s JOIN (SELECT visit_id, need FROM visit_need UNION ALL"
    f" SELECT DISTINCT visit_id, '{_ANY_NEED}' FROM visit_need) needs ON needs.visit_id = s.latest_visit_id"
    " WHERE s.merged_into_id IS NULL"
    " GROUP BY s.academic_year, s.semester, s.affiliation_id, COALESCE(s.area_office_id, 0), needs.need"
)


def _reads_tally(agency: Agency, report_filter: ReportFilter) -> bool:
    """Tell whether a report can read the tally: a ministry or affiliation scope without a date range."""
    no_range = report_filter.start is None and report_filter.end is None
    return no_range and AgencyKind(agency.kind) in (AgencyKind.MINISTRY, AgencyKind.AFFILIATION)


def _tally_sql(statement: _Statement, agency: Agency, report_filter: ReportFilter, level: str = "breakdown") -> str:
    """SQL that sums the tally into rows (grp, status, reason, n), like the grouped count of children.

    ``grp`` is the breakdown column of the agency's kind, or the area office with ``level="area"``.
    """
    where = _tally_conditions(statement, agency, report_filter)
    if level == "area" or AgencyKind(agency.kind) == AgencyKind.AFFILIATION:
        group = "NULLIF(area_office_id, 0)"
    else:
        group = "affiliation_id"
    return (
        f"SELECT {group} AS grp, status, NULLIF(reason, '') AS reason, SUM(children) AS n FROM {TALLY_TABLE}"
        f" WHERE {where} GROUP BY {group}, status, NULLIF(reason, '') HAVING SUM(children) <> 0"
    )


def _tally_conditions(statement: _Statement, agency: Agency, report_filter: ReportFilter) -> str:
    conditions = ["1 = 1"]
    if AgencyKind(agency.kind) == AgencyKind.AFFILIATION:
        conditions.append(f"affiliation_id = {statement.param(agency.id)}")
    if report_filter.term is not None:
        conditions.append(f"academic_year = {statement.param(report_filter.term.academic_year)}")
        conditions.append(f"semester = {statement.param(report_filter.term.semester)}")
    return " AND ".join(conditions)


def _needs_tally_sql(statement: _Statement, agency: Agency, report_filter: ReportFilter) -> str:
    """SQL that sums both tallies into rows (grp, need, n) per area office, with the pseudo-needs."""
    where = _tally_conditions(statement, agency, report_filter)
    group = "NULLIF(area_office_id, 0)"
    return (
        f"SELECT {group} AS grp, need, SUM(children) AS n FROM {NEED_TALLY_TABLE} WHERE {where}"
        f" GROUP BY {group}, need HAVING SUM(children) <> 0"
        f" UNION ALL SELECT {group} AS grp, '{_ALL_CHILDREN}' AS need, SUM(children) AS n FROM {TALLY_TABLE}"
        f" WHERE {where} GROUP BY {group} HAVING SUM(children) <> 0"
    )


async def rebuild_aggregates() -> None:
    """Recount the tally from the children, in one transaction.

    The triggers keep the tally right by themselves; this is for after a bulk load that
    ran with the triggers disabled, or to check them. On PostgreSQL the children table is
    locked against writes while the tally is rebuilt, so no change is lost.
    """
    from tortoise.transactions import in_transaction

    async with in_transaction() as connection:
        await _recount_tallies(connection)


async def _recount_tallies(connection) -> None:
    if connection.capabilities.dialect != "sqlite":
        await connection.execute_script("LOCK TABLE student IN SHARE MODE")
    await connection.execute_script(f"DELETE FROM {TALLY_TABLE}")
    await connection.execute_script(f"INSERT INTO {TALLY_TABLE} ({_TALLY_KEY}, children) {_TALLY_SOURCE}")
    await connection.execute_script(f"DELETE FROM {NEED_TALLY_TABLE}")
    await connection.execute_script(f"INSERT INTO {NEED_TALLY_TABLE} ({_NEED_TALLY_KEY}, children) {_NEED_TALLY_SOURCE}")


# Imports of at least this many rows pause the per-row tally trigger on PostgreSQL and
# recount the tally once at the end. Below it the trigger is cheaper than a recount of
# every child; above it the trigger's updates of the same few tally rows dominate.
BULK_LOAD_MIN_ROWS = 10_000


async def begin_bulk_load(connection) -> bool:
    """Pause the tally trigger for the rest of ``connection``'s transaction (PostgreSQL only).

    Returns True when it did, and then the caller must call ``finish_bulk_load`` with the
    same connection before the transaction commits.
    """
    if connection.capabilities.dialect == "sqlite":
        return False
    await connection.execute_script("SET LOCAL pakongklab.bulk_load = 'on'")
    return True


async def finish_bulk_load(connection) -> None:
    """Switch the tally trigger back on and recount the tally inside the same transaction."""
    await connection.execute_script("SET LOCAL pakongklab.bulk_load = 'off'")
    await _recount_tallies(connection)


# ---------------------------------------------------------------- counts


@dataclass
class Counts:
    """Children counted by case status and by the reason of their latest visit."""

    by_status: dict[CaseStatus, int] = field(default_factory=lambda: {status: 0 for status in CaseStatus})
    by_reason: dict[Reason, int] = field(default_factory=lambda: {reason: 0 for reason in Reason})

    def add(self, status: CaseStatus, reason: Reason | None, count: int) -> None:
        self.by_status[status] += count
        if reason is not None:
            self.by_reason[reason] += count

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def found(self) -> int:
        return sum(self.by_status[status] for status in FOUND_STATUSES)

    @property
    def returned(self) -> int:
        return self.by_status[CaseStatus.RETURNED]

    @property
    def share_found(self) -> float:
        return self.found / self.total if self.total else 0.0

    @property
    def share_returned(self) -> float:
        return self.returned / self.total if self.total else 0.0


# ---------------------------------------------------------------- progress summary


@dataclass
class ProgressRow:
    """One agency one level below the report's agency, or None for children without one."""

    agency: Agency | None
    counts: Counts


@dataclass
class ProgressSummary:
    agency: Agency
    report_filter: ReportFilter
    counts: Counts
    breakdown: list[ProgressRow]


async def progress_summary(actor: Actor | None, report_filter: ReportFilter) -> ProgressSummary:
    """Count the children of an agency's subtree by status and reason, with one row per agency below it."""
    agency = await report_agency(actor, report_filter.agency_id)
    statement = _new_statement()
    if _reads_tally(agency, report_filter):
        sql = _tally_sql(statement, agency, report_filter)
    else:
        group = _BREAKDOWN_COLUMN[AgencyKind(agency.kind)] or "school_id"
        sql = (
            _cases_sql(statement, agency, report_filter, f"s.{group}")
            + "SELECT grp, status, reason, COUNT(*) AS n FROM cases GROUP BY grp, status, reason"
        )
    rows = await _fetch(statement, sql)

    counts = Counts()
    per_group: dict[int | None, Counts] = defaultdict(Counts)
    for row in rows:
        status = CaseStatus(row["status"])
        reason = Reason(row["reason"]) if row["reason"] else None
        counts.add(status, reason, row["n"])
        per_group[row["grp"]].add(status, reason, row["n"])

    breakdown: list[ProgressRow] = []
    if _BREAKDOWN_COLUMN[AgencyKind(agency.kind)] is not None:
        agencies = await _agencies_by_id(key for key in per_group if key is not None)
        breakdown = [ProgressRow(agencies.get(key), per_group[key]) for key in per_group]
        breakdown.sort(key=_agency_sort_key)
    return ProgressSummary(agency=agency, report_filter=report_filter, counts=counts, breakdown=breakdown)


async def _agencies_by_id(ids: Iterable[int]) -> dict[int, Agency]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {agency.id: agency for agency in await Agency.filter(id__in=wanted)}


def _agency_sort_key(row) -> tuple:
    """Sort rows by agency code, with the row for children without an agency last."""
    agency = row.agency
    return (1, "") if agency is None else (0, agency.code)


# ---------------------------------------------------------------- could not be followed


class CannotFollowGroup(str, Enum):
    """The rows of the "could not be followed" report: provinces or area offices."""

    PROVINCE = "PROVINCE"
    AREA_OFFICE = "AREA_OFFICE"


@dataclass
class CannotFollowRow:
    """Children who cannot be followed in one province or area office, by reason.

    ``province`` is set on province rows and ``agency`` on area office rows. Both are None
    on the row of children whose school has no province or area office on record.
    """

    province: Province | None
    agency: Agency | None
    by_reason: dict[Reason, int]

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())


@dataclass
class CannotFollowReport:
    agency: Agency
    report_filter: ReportFilter
    group_by: CannotFollowGroup
    rows: list[CannotFollowRow]

    @property
    def totals(self) -> dict[Reason, int]:
        return {reason: sum(row.by_reason[reason] for row in self.rows) for reason in Reason}

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


async def cannot_follow_report(
    actor: Actor | None, report_filter: ReportFilter, group_by: CannotFollowGroup
) -> CannotFollowReport:
    """Count the children who cannot be followed, per province or area office and per reason.

    Provinces are those of the children's schools. A child whose latest visit gave no
    reason is counted under ``UNSPECIFIED`` (ไม่ระบุ).
    """
    agency = await report_agency(actor, report_filter.agency_id)
    statement = _new_statement()
    if group_by == CannotFollowGroup.PROVINCE:
        group, join = "school.province_id", " JOIN agency school ON school.id = s.school_id"
    else:
        group, join = "s.area_office_id", ""
    reason = f"COALESCE(reason, {_literal(Reason.UNSPECIFIED)})"
    cannot_follow = _literal(CaseStatus.CANNOT_FOLLOW)
    if group_by == CannotFollowGroup.AREA_OFFICE and _reads_tally(agency, report_filter):
        sql = (
            f"SELECT grp, {reason} AS reason, SUM(n) AS n FROM ({_tally_sql(statement, agency, report_filter, 'area')}) tally"
            f" WHERE status = {cannot_follow} GROUP BY grp, {reason}"
        )
    else:
        sql = (
            _cases_sql(statement, agency, report_filter, group, join)
            + f"SELECT grp, {reason} AS reason, COUNT(*) AS n FROM cases"
            f" WHERE status = {cannot_follow} GROUP BY grp, {reason}"
        )
    counts: dict[object, dict[Reason, int]] = defaultdict(lambda: {reason: 0 for reason in Reason})
    for row in await _fetch(statement, sql):
        counts[row["grp"]][Reason(row["reason"])] += row["n"]

    if group_by == CannotFollowGroup.PROVINCE:
        codes = sorted(key for key in counts if key is not None)
        provinces = {province.code: province for province in await Province.filter(code__in=codes)} if codes else {}
        rows = [CannotFollowRow(provinces.get(key), None, counts[key]) for key in counts]
        rows.sort(key=lambda row: (1, "") if row.province is None else (0, row.province.code))
    else:
        agencies = await _agencies_by_id(key for key in counts if key is not None)
        rows = [CannotFollowRow(None, agencies.get(key), counts[key]) for key in counts]
        rows.sort(key=_agency_sort_key)
    return CannotFollowReport(agency=agency, report_filter=report_filter, group_by=group_by, rows=rows)


# ---------------------------------------------------------------- progress over time


@dataclass
class WeekRow:
    """Children first found and first returned in one week (Monday to Sunday, Thai time).

    ``starts_on`` and ``ends_on`` are cut to the report's date range, so the first and
    last week may be shorter than seven days.
    """

    starts_on: dt.date
    ends_on: dt.date
    found: int
    returned: int
    cumulative_found: int
    cumulative_returned: int


@dataclass
class WeeklyProgress:
    agency: Agency
    report_filter: ReportFilter
    weeks: list[WeekRow]
    found_before: int
    returned_before: int

    @property
    def total_found(self) -> int:
        return self.weeks[-1].cumulative_found if self.weeks else self.found_before

    @property
    def total_returned(self) -> int:
        return self.weeks[-1].cumulative_returned if self.weeks else self.returned_before


async def weekly_progress(
    actor: Actor | None, report_filter: ReportFilter, today: dt.date | None = None
) -> WeeklyProgress:
    """Count per week the children found and returned for the first time, with running totals.

    A child is found on the day of their first visit with a found status (RETURNED
    included) and returned on the day of their first RETURNED visit. The running totals
    include children found or returned before the range. Without ``start`` the weeks
    begin at the first such day (at most ``MAX_WEEKS`` weeks back); without ``end`` they
    run to today in Thai time.
    """
    agency = await report_agency(actor, report_filter.agency_id)
    found_days, returned_days = await _milestone_days(agency, report_filter)
    today = today or dt.datetime.now(THAI_TIME).date()
    last_day = report_filter.end or max([today, *found_days, *returned_days])

    first_day = report_filter.start
    if first_day is None:
        known = [day for day in (*found_days, *returned_days) if day <= last_day]
        if not known:
            return WeeklyProgress(agency, report_filter, [], 0, 0)
        earliest_allowed = _monday(last_day) - dt.timedelta(weeks=MAX_WEEKS - 1)
        first_day = max(min(known), earliest_allowed)
    week_count = (_monday(last_day) - _monday(first_day)).days // 7 + 1
    if week_count > MAX_WEEKS:
        raise ServiceError(ErrorCode.TOO_LARGE, "report_too_many_weeks", field="from", limit=MAX_WEEKS, value=week_count)

    found_before = sum(n for day, n in found_days.items() if day < first_day)
    returned_before = sum(n for day, n in returned_days.items() if day < first_day)
    weeks = []
    cumulative_found, cumulative_returned = found_before, returned_before
    for index in range(week_count):
        monday = _monday(first_day) + dt.timedelta(weeks=index)
        starts_on = max(monday, first_day)
        ends_on = min(monday + dt.timedelta(days=6), last_day)
        found = _sum_between(found_days, starts_on, ends_on)
        returned = _sum_between(returned_days, starts_on, ends_on)
        cumulative_found += found
        cumulative_returned += returned
        weeks.append(WeekRow(starts_on, ends_on, found, returned, cumulative_found, cumulative_returned))
    return WeeklyProgress(agency, report_filter, weeks, found_before, returned_before)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _sum_between(days: dict[dt.date, int], first: dt.date, last: dt.date) -> int:
    return sum(n for day, n in days.items() if first <= day <= last)


async def _milestone_days(
    agency: Agency, report_filter: ReportFilter
) -> tuple[dict[dt.date, int], dict[dt.date, int]]:
    """Return {Thai date: children first found that day} and the same for first returned."""
    statement = _new_statement()
    conditions = [
        _children_condition(statement, agency, report_filter),
        "NOT v.after_close",
        f"v.status IN ({_literals(FOUND_STATUSES)})",
    ]
    if report_filter.end_before is not None:
        conditions.append(f"v.visited_at < {statement.param(report_filter.end_before)}")
    returned = _literal(CaseStatus.RETURNED)
    sql = (
        "WITH milestone AS ("
        " SELECT v.student_id, MIN(v.visited_at) AS found_at,"
        f" MIN(CASE WHEN v.status = {returned} THEN v.visited_at END) AS returned_at"
        " FROM visit v JOIN student s ON s.id = v.student_id"
        f" WHERE {' AND '.join(conditions)}"
        " GROUP BY v.student_id)"
        f" SELECT 'FOUND' AS kind, {statement.thai_date('found_at')} AS day, COUNT(*) AS n"
        f" FROM milestone GROUP BY {statement.thai_date('found_at')}"
        f" UNION ALL SELECT 'RETURNED' AS kind, {statement.thai_date('returned_at')} AS day, COUNT(*) AS n"
        f" FROM milestone WHERE returned_at IS NOT NULL GROUP BY {statement.thai_date('returned_at')}"
    )
    found_days: dict[dt.date, int] = {}
    returned_days: dict[dt.date, int] = {}
    for row in await _fetch(statement, sql):
        day = row["day"] if isinstance(row["day"], dt.date) else dt.date.fromisoformat(row["day"])
        target = found_days if row["kind"] == "FOUND" else returned_days
        target[day] = target.get(day, 0) + row["n"]
    return found_days, returned_days


# ---------------------------------------------------------------- needs


@dataclass
class NeedsRow:
    """Help needed by the children of one area office (None: children without one)."""

    agency: Agency | None
    child_count: int = 0
    children_with_needs: int = 0
    by_need: dict[Need, int] = field(default_factory=lambda: {need: 0 for need in Need})


@dataclass
class NeedsSummary:
    agency: Agency
    report_filter: ReportFilter
    rows: list[NeedsRow]

    @property
    def totals(self) -> NeedsRow:
        total = NeedsRow(agency=None)
        for row in self.rows:
            total.child_count += row.child_count
            total.children_with_needs += row.children_with_needs
            for need, count in row.by_need.items():
                total.by_need[need] += count
        return total


async def needs_summary(actor: Actor | None, report_filter: ReportFilter) -> NeedsSummary:
    """Count per area office the children whose latest visit recorded each kind of help.

    Each child is counted once per need, and once in ``children_with_needs`` however many
    needs they have. ``child_count`` is every child of the office in the filter.
    """
    agency = await report_agency(actor, report_filter.agency_id)
    statement = _new_statement()
    if _reads_tally(agency, report_filter):
        sql = _needs_tally_sql(statement, agency, report_filter)
    else:
        # visit_need has each need once per visit and each child has one newest visit, so
        # plain counts are counts of distinct children.
        sql = (
            _cases_sql(statement, agency, report_filter, "s.area_office_id")
            + "SELECT cases.grp AS grp, vn.need AS need, COUNT(*) AS n"
            " FROM cases JOIN visit_need vn ON vn.visit_id = cases.visit_id GROUP BY cases.grp, vn.need"
            f" UNION ALL SELECT cases.grp AS grp, '{_ANY_NEED}' AS need, COUNT(DISTINCT cases.visit_id) AS n"
            " FROM cases JOIN visit_need vn ON vn.visit_id = cases.visit_id GROUP BY cases.grp"
            f" UNION ALL SELECT cases.grp AS grp, '{_ALL_CHILDREN}' AS need, COUNT(*) AS n FROM cases GROUP BY cases.grp"
        )
    rows_by_office: dict[int | None, NeedsRow] = {}
    for row in await _fetch(statement, sql):
        office = rows_by_office.setdefault(row["grp"], NeedsRow(agency=None))
        if row["need"] == _ANY_NEED:
            office.children_with_needs += row["n"]
        elif row["need"] == _ALL_CHILDREN:
            office.child_count += row["n"]
        else:
            office.by_need[Need(row["need"])] += row["n"]

    agencies = await _agencies_by_id(key for key in rows_by_office if key is not None)
    for key, office in rows_by_office.items():
        office.agency = agencies.get(key) if key is not None else None
    rows = sorted(rows_by_office.values(), key=_agency_sort_key)
    return NeedsSummary(agency=agency, report_filter=report_filter, rows=rows)

