"""The GraphQL documents the benchmarks send, and the hand-written SQL they are compared with.

Each SQL baseline returns the same data as its GraphQL request, in one statement, written
the way an engineer would write it by hand for this schema. The baselines run on a plain
driver connection (asyncpg or sqlite3), with no ORM and no GraphQL.
"""

from __future__ import annotations

LOGIN = """
mutation BenchLogin($input: LoginInput!) {
  login(input: $input) { token errors { code message } }
}
"""

STUDENTS_PAGE = """
query StudentsPage($first: Int!, $after: String) {
  students(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        nationalId
        firstName
        lastName
        grade
        status
        school { id code nameTh }
        areaOffice { id code nameTh }
        latestVisit { id status reason visitedAt }
      }
    }
  }
}
"""

PROGRESS_SUMMARY = """
query ProgressSummary($filter: ReportFilter) {
  progressSummary(filter: $filter) {
    total
    byStatus { status count }
    byReason { reason count }
    shareFound
    shareReturned
    breakdown { agency { id nameTh } total byStatus { status count } shareFound shareReturned }
  }
}
"""

CANNOT_FOLLOW_REPORT = """
query CannotFollow($groupBy: CannotFollowGroup!, $filter: ReportFilter) {
  cannotFollowReport(groupBy: $groupBy, filter: $filter) {
    total
    rows { key nameTh total byReason { reason count } }
  }
}
"""

RECORD_VISIT = """
mutation BenchRecordVisit($input: RecordVisitInput!) {
  recordVisit(input: $input) {
    visit { id status }
    student { id visitCount }
    errors { field code message }
  }
}
"""


def students_page_sql(dialect: str, *, area_office: bool) -> str:
    """The page of children (with the total) that ``STUDENTS_PAGE`` returns, in one statement.

    Parameters: the area office id (only with ``area_office``), then the page size. The
    page's ids are chosen first through the (area_office_id, id) index, and only those
    rows are joined, the plan the design notes recommend for large offices.
    """
    mark = (lambda n: f"${n}") if dialect == "postgres" else (lambda n: f"?{n}")
    scope = f"area_office_id = {mark(1)} AND " if area_office else ""
    limit = mark(2) if area_office else mark(1)
    count_scope = f"area_office_id = {mark(1)} AND " if area_office else ""
    return f"""
SELECT s.id, s.national_id, s.first_name, s.last_name, s.grade, s.status,
       sc.id AS school_id, sc.code AS school_code, sc.name_th AS school_name,
       ao.id AS office_id, ao.code AS office_code, ao.name_th AS office_name,
       v.id AS visit_id, v.status AS visit_status, v.reason AS visit_reason, v.visited_at,
       (SELECT COUNT(*) FROM student AS c WHERE {count_scope.replace('area_office_id', 'c.area_office_id')}c.merged_into_id IS NULL) AS total
FROM (SELECT id FROM student WHERE {scope}merged_into_id IS NULL ORDER BY id LIMIT {limit}) AS page
JOIN student AS s ON s.id = page.id
JOIN agency AS sc ON sc.id = s.school_id
LEFT JOIN agency AS ao ON ao.id = s.area_office_id
LEFT JOIN visit AS v ON v.id = s.latest_visit_id
ORDER BY s.id
"""


def students_page_parameters(area_office_id: int | None, first: int) -> list:
    return [first] if area_office_id is None else [area_office_id, first]


def progress_sql(dialect: str, *, area_office: bool) -> str:
    """Counts by (next-level agency, status, reason), which fold into the whole summary.

    For the nation the next level down is the affiliation; for an area office, the school.
    """
    mark = "$1" if dialect == "postgres" else "?"
    level = "school_id" if area_office else "affiliation_id"
    scope = f"s.area_office_id = {mark} AND " if area_office else ""
    return f"""
SELECT s.{level} AS agency_id, a.name_th, s.status, s.latest_reason, COUNT(*) AS children
FROM student AS s JOIN agency AS a ON a.id = s.{level}
WHERE {scope}s.merged_into_id IS NULL
GROUP BY s.{level}, a.name_th, s.status, s.latest_reason
"""


def cannot_follow_sql(dialect: str, *, area_office: bool) -> str:
    """Children whose case could not be followed, counted by area office and reason."""
    mark = "$1" if dialect == "postgres" else "?"
    scope = f"s.area_office_id = {mark} AND " if area_office else ""
    return f"""
SELECT s.area_office_id, a.code, a.name_th, s.latest_reason, COUNT(*) AS children
FROM student AS s LEFT JOIN agency AS a ON a.id = s.area_office_id
WHERE {scope}s.status = 'CANNOT_FOLLOW' AND s.merged_into_id IS NULL
GROUP BY s.area_office_id, a.code, a.name_th, s.latest_reason
"""


def fold_progress(rows: list) -> dict:
    """Fold the grouped counts of ``progress_sql`` into totals, as ``progressSummary`` reports them."""
    by_status: dict[str, int] = {}
    by_reason: dict[str, int] = {}
    breakdown: dict[int, dict] = {}
    for agency_id, name, status, reason, children in rows:
        by_status[status] = by_status.get(status, 0) + children
        if reason is not None:
            by_reason[reason] = by_reason.get(reason, 0) + children
        entry = breakdown.setdefault(agency_id, {"name": name, "total": 0, "by_status": {}})
        entry["total"] += children
        entry["by_status"][status] = entry["by_status"].get(status, 0) + children
    return {"total": sum(by_status.values()), "by_status": by_status, "by_reason": by_reason, "breakdown": breakdown}
