"""Reports checked against independent SQL over a generated data set, plus scope and input rules.

The independent computations find each child's latest visit with a NOT EXISTS test, not
with the window function the service uses. They read the visits table, not the case
columns or the tallies, so a mistake in either shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from tortoise import connections

from factories import make_report_dataset, make_user, open_partner_province
from helpers import execute_as, result_error_codes
from models.agency import Agency, AgencyKind
from models.student import CaseStatus, Need, Reason
from services import reports
from services.errors import AuthError, ErrorCode, ServiceError
from services.reports import CannotFollowGroup, ReportFilter, Term
from services.scope import actor_for_user

THAI_TIME = dt.timezone(dt.timedelta(hours=7))
FOUND = ("FOUND_WANTS_TO_RETURN", "FOUND_WILL_NOT_RETURN", "RETURNED")

PROGRESS_SUMMARY = """
query Progress($filter: ReportFilter) {
  progressSummary(filter: $filter) {
    agency { code }
    term
    total
    found
    returned
    shareFound
    shareReturned
    byStatus { status label count }
    byReason { reason label count }
    breakdown { agency { code } total found returned byStatus { status count } }
  }
}
"""

CANNOT_FOLLOW = """
query CannotFollow($groupBy: CannotFollowGroup!, $filter: ReportFilter) {
  cannotFollowReport(groupBy: $groupBy, filter: $filter) {
    groupBy
    total
    rows { key nameTh total byReason { reason count } }
    totals { reason label count }
  }
}
"""

WEEKLY = """
query Weekly($filter: ReportFilter) {
  weeklyProgress(filter: $filter) {
    weeks { startsOn endsOn found returned cumulativeFound cumulativeReturned }
    totalFound
    totalReturned
  }
}
"""

NEEDS = """
query Needs($filter: ReportFilter) {
  needsSummary(filter: $filter) {
    rows { agency { code } childCount childrenWithNeeds byNeed { need count } }
    totals { name childCount childrenWithNeeds byNeed { need count } }
  }
}
"""


# ---------------------------------------------------------------- independent SQL


async def sql_rows(sql: str) -> list[dict]:
    return await connections.get("default").execute_query_dict(sql)


def utc_text(moment: dt.datetime) -> str:
    """A datetime literal both backends compare correctly with stored UTC datetimes."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00:00")


def thai_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), THAI_TIME)


def latest_visit_join(end: dt.date | None) -> str:
    """Join each child to their latest visit before the end of ``end`` that did not arrive after closing."""
    before = ""
    if end is not None:
        limit = utc_text(thai_midnight(end + dt.timedelta(days=1)))
        before = f" AND {{alias}}.visited_at < '{limit}'"
    own = before.format(alias="v")
    later = before.format(alias="w")
    return (
        f" LEFT JOIN visit v ON v.student_id = s.id AND NOT v.after_close{own}"
        " AND NOT EXISTS (SELECT 1 FROM visit w WHERE w.student_id = s.id AND NOT w.after_close"
        f"{later} AND w.visited_at > v.visited_at)"
    )


def children_where(agency: Agency | None = None, term: tuple[int, int] | None = None, start: dt.date | None = None) -> str:
    conditions = ["s.merged_into_id IS NULL"]
    if agency is not None:
        column = {
            AgencyKind.AFFILIATION: "affiliation_id",
            AgencyKind.AREA_OFFICE: "area_office_id",
            AgencyKind.SCHOOL: "school_id",
        }.get(AgencyKind(agency.kind))
        if column:
            conditions.append(f"s.{column} = {agency.id}")
    if term is not None:
        conditions.append(f"s.semester = {term[0]} AND s.academic_year = {term[1]}")
    if start is not None:
        conditions.append(f"v.visited_at >= '{utc_text(thai_midnight(start))}'")
    return " WHERE " + " AND ".join(conditions)


async def expected_progress(group: str, agency=None, term=None, start=None, end=None) -> dict:
    """{group id: {status: n}} and {group id: {reason: n}} from the visits table."""
    rows = await sql_rows(
        f"SELECT s.{group} AS grp, COALESCE(v.status, 'NOT_STARTED') AS status, v.reason AS reason, COUNT(s.id) AS n"
        f" FROM student s{latest_visit_join(end)}{children_where(agency, term, start)}"
        f" GROUP BY s.{group}, COALESCE(v.status, 'NOT_STARTED'), v.reason"
    )
    by_status: dict = defaultdict(lambda: defaultdict(int))
    by_reason: dict = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_status[row["grp"]][row["status"]] += row["n"]
        if row["reason"] is not None:
            by_reason[row["grp"]][row["reason"]] += row["n"]
    return {"by_status": by_status, "by_reason": by_reason}


def summed(groups: dict) -> dict:
    total: dict = defaultdict(int)
    for counts in groups.values():
        for key, value in counts.items():
            total[key] += value
    return dict(total)


def nonzero(counts: dict) -> dict:
    return {key.value if hasattr(key, "value") else key: value for key, value in counts.items() if value}


async def actor_at(agency: Agency):
    return await actor_for_user(await make_user(agency))


# ---------------------------------------------------------------- progress summary


async def test_progress_summary_national_matches_sql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    summary = await reports.progress_summary(actor, ReportFilter())

    expected = await expected_progress("affiliation_id")
    assert nonzero(summary.counts.by_status) == nonzero(summed(expected["by_status"]))
    assert nonzero(summary.counts.by_reason) == nonzero(summed(expected["by_reason"]))
    assert summary.counts.total == len(data.students) - len(data.merged)
    assert {row.agency.id: nonzero(row.counts.by_status) for row in summary.breakdown} == {
        key: nonzero(value) for key, value in expected["by_status"].items()
    }


async def test_progress_summary_drills_down_with_term(db):
    data = await make_report_dataset()
    affiliation = data.forest.affiliations[0]
    area = data.forest.area_offices_of(affiliation)[1]
    school = data.forest.schools_of(area)[0]
    actor = await actor_at(data.forest.ministry)
    term = (2, 2564)

    by_affiliation = await reports.progress_summary(actor, ReportFilter(term=Term(*term), agency_id=affiliation.id))
    by_area = await reports.progress_summary(actor, ReportFilter(term=Term(*term), agency_id=area.id))
    by_school = await reports.progress_summary(actor, ReportFilter(term=Term(*term), agency_id=school.id))

    expected_areas = await expected_progress("area_office_id", affiliation, term)
    expected_schools = await expected_progress("school_id", area, term)
    assert {row.agency.id: nonzero(row.counts.by_status) for row in by_affiliation.breakdown} == {
        key: nonzero(value) for key, value in expected_areas["by_status"].items()
    }
    reasons = {row.agency.id: nonzero(row.counts.by_reason) for row in by_area.breakdown}
    assert {key: value for key, value in reasons.items() if value} == {
        key: nonzero(value) for key, value in expected_schools["by_reason"].items() if nonzero(value)
    }
    assert nonzero(by_school.counts.by_status) == nonzero(expected_schools["by_status"].get(school.id, {}))
    assert by_school.breakdown == []


async def test_progress_summary_shares(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    summary = await reports.progress_summary(actor, ReportFilter(term=Term(1, 2564)))

    statuses = summed((await expected_progress("affiliation_id", term=(1, 2564)))["by_status"])
    total = sum(statuses.values())
    found = sum(statuses.get(status, 0) for status in FOUND)
    assert summary.counts.found == found
    assert summary.counts.share_found == pytest.approx(found / total)
    assert summary.counts.share_returned == pytest.approx(statuses.get("RETURNED", 0) / total)


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, dt.date(2022, 2, 20)), (dt.date(2022, 2, 1), dt.date(2022, 3, 31)), (dt.date(2022, 3, 15), None)],
)
async def test_progress_summary_date_range_matches_sql(db, start, end):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    summary = await reports.progress_summary(actor, ReportFilter(start=start, end=end))

    expected = await expected_progress("affiliation_id", start=start, end=end)
    assert nonzero(summary.counts.by_status) == nonzero(summed(expected["by_status"]))
    assert nonzero(summary.counts.by_reason) == nonzero(summed(expected["by_reason"]))


async def test_progress_summary_through_graphql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    result = await execute_as(actor, PROGRESS_SUMMARY, {"filter": {"term": "1/2564"}})

    assert result.errors is None
    summary = result.data["progressSummary"]
    expected = summed((await expected_progress("affiliation_id", term=(1, 2564)))["by_status"])
    assert summary["agency"] == {"code": "MOE"}
    assert summary["term"] == "1/2564"
    assert summary["total"] == sum(expected.values())
    assert {row["status"]: row["count"] for row in summary["byStatus"] if row["count"]} == expected
    assert [row["status"] for row in summary["byStatus"]] == [status.value for status in CaseStatus]
    assert [row["reason"] for row in summary["byReason"]] == [reason.value for reason in Reason]
    assert summary["byStatus"][5] == {"status": "RETURNED", "label": "กลับเข้าเรียนแล้ว", "count": expected.get("RETURNED", 0)}
    assert [row["agency"]["code"] for row in summary["breakdown"]] == ["OBEC", "OPEC", "OVEC"]


async def test_progress_summary_labels_in_english(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    result = await execute_as(actor, PROGRESS_SUMMARY, {}, locale="en")

    assert result.errors is None
    assert result.data["progressSummary"]["byStatus"][0]["label"] == "Not started"
    assert result.data["progressSummary"]["byReason"][0]["label"] == "Poor transport"


async def test_progress_summary_of_empty_scope(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    summary = await reports.progress_summary(actor, ReportFilter(term=Term(1, 2599)))

    assert summary.counts.total == 0
    assert summary.counts.share_found == 0.0
    assert summary.breakdown == []


# ---------------------------------------------------------------- scope and input rules


async def test_area_officer_sees_only_their_area(db):
    data = await make_report_dataset()
    area = data.forest.area_offices[2]
    actor = await actor_at(area)

    summary = await reports.progress_summary(actor, ReportFilter())

    expected = await expected_progress("school_id", area)
    assert summary.agency.id == area.id
    assert nonzero(summary.counts.by_status) == nonzero(summed(expected["by_status"]))
    assert {row.agency.id for row in summary.breakdown} <= {school.id for school in data.forest.schools_of(area)}


async def test_area_officer_may_drill_into_own_school(db):
    data = await make_report_dataset()
    area = data.forest.area_offices[2]
    school = data.forest.schools_of(area)[1]
    actor = await actor_at(area)

    summary = await reports.progress_summary(actor, ReportFilter(agency_id=school.id))

    expected = await expected_progress("school_id", school)
    assert summary.agency.id == school.id
    assert summary.counts.total == sum(summed(expected["by_status"]).values())


async def test_agency_outside_scope_looks_missing(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.area_offices[0])
    other_school = data.forest.schools_of(data.forest.area_offices[1])[0]

    result = await execute_as(
        actor, PROGRESS_SUMMARY, {"filter": {"agencyId": _agency_global_id(other_school.id)}}
    )
    missing = await execute_as(actor, PROGRESS_SUMMARY, {"filter": {"agencyId": _agency_global_id(999999)}})

    assert result_error_codes(result) == ["NOT_FOUND"]
    assert result.errors[0].message == missing.errors[0].message.replace("999999", str(other_school.id))
    assert result.errors[0].extensions["field"] == "agencyId"


async def test_school_staff_report_has_no_breakdown(db):
    data = await make_report_dataset()
    school = data.forest.schools[4]
    actor = await actor_at(school)

    summary = await reports.progress_summary(actor, ReportFilter())

    expected = await expected_progress("school_id", school)
    assert summary.counts.total == sum(summed(expected["by_status"]).values())
    assert summary.breakdown == []


async def test_partner_gets_no_reports(db):
    data = await make_report_dataset()
    partner = await Agency.create(kind=AgencyKind.PARTNER, code="MOU-9", name_th="มูลนิธิทดสอบ", parent=data.forest.ministry)
    await open_partner_province(partner, "10")
    actor = await actor_at(partner)

    result = await execute_as(actor, PROGRESS_SUMMARY, {})

    assert result_error_codes(result) == ["FORBIDDEN"]
    with pytest.raises(AuthError):
        await reports.needs_summary(actor, ReportFilter())


async def test_anonymous_caller_must_sign_in(db):
    result = await execute_as(None, PROGRESS_SUMMARY, {})

    assert result_error_codes(result) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("report_filter", "field"),
    [({"term": "3/64"}, "term"), ({"from": "2022-03-02", "to": "2022-03-01"}, "from"), ({"agencyId": "junk"}, "agencyId")],
)
async def test_invalid_filter_is_rejected(db, report_filter, field):
    data = await make_report_dataset(per_school=1)
    actor = await actor_at(data.forest.ministry)

    result = await execute_as(actor, PROGRESS_SUMMARY, {"filter": report_filter})

    assert result_error_codes(result) == ["INVALID"]
    assert result.errors[0].extensions["field"] == field


def _agency_global_id(local_id: int) -> str:
    from schema.base import to_global_id

    return to_global_id("Agency", local_id)


# ---------------------------------------------------------------- could not be followed


async def expected_cannot_follow(group: str, agency=None, start=None, end=None) -> dict:
    rows = await sql_rows(
        f"SELECT {group} AS grp, COALESCE(v.reason, 'UNSPECIFIED') AS reason, COUNT(s.id) AS n"
        f" FROM student s JOIN agency school ON school.id = s.school_id{latest_visit_join(end)}"
        f"{children_where(agency, None, start)} AND v.status = 'CANNOT_FOLLOW'"
        f" GROUP BY {group}, COALESCE(v.reason, 'UNSPECIFIED')"
    )
    counts: dict = defaultdict(dict)
    for row in rows:
        counts[row["grp"]][row["reason"]] = row["n"]
    return dict(counts)


@pytest.mark.parametrize(
    ("group_by", "column"),
    [(CannotFollowGroup.PROVINCE, "school.province_id"), (CannotFollowGroup.AREA_OFFICE, "s.area_office_id")],
)
async def test_cannot_follow_matches_sql(db, group_by, column):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    report = await reports.cannot_follow_report(actor, ReportFilter(), group_by)

    expected = await expected_cannot_follow(column)
    key = (lambda row: row.province.code) if group_by == CannotFollowGroup.PROVINCE else (lambda row: row.agency.id)
    assert {key(row): nonzero(row.by_reason) for row in report.rows} == expected
    assert report.total == sum(sum(counts.values()) for counts in expected.values())
    codes = [(row.province or row.agency).code for row in report.rows]
    assert codes == sorted(codes)


async def test_cannot_follow_with_date_range_matches_sql(db):
    data = await make_report_dataset()
    affiliation = data.forest.affiliations[1]
    actor = await actor_at(affiliation)
    start, end = dt.date(2022, 1, 20), dt.date(2022, 3, 31)

    report = await reports.cannot_follow_report(actor, ReportFilter(start=start, end=end), CannotFollowGroup.AREA_OFFICE)

    expected = await expected_cannot_follow("s.area_office_id", affiliation, start, end)
    assert {row.agency.id: nonzero(row.by_reason) for row in report.rows} == expected


async def test_cannot_follow_through_graphql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    result = await execute_as(actor, CANNOT_FOLLOW, {"groupBy": "PROVINCE"})

    assert result.errors is None
    report = result.data["cannotFollowReport"]
    expected = await expected_cannot_follow("school.province_id")
    assert report["groupBy"] == "PROVINCE"
    assert [row["key"] for row in report["rows"]] == sorted(expected)
    assert report["rows"][0]["nameTh"] in ("กรุงเทพมหานคร", "นครราชสีมา", "เชียงใหม่", "สงขลา")
    assert [cell["reason"] for cell in report["totals"]] == [reason.value for reason in Reason]
    assert report["totals"][0]["label"] == "การคมนาคมไม่สะดวก"
    assert sum(cell["count"] for cell in report["totals"]) == report["total"]
    for row in report["rows"]:
        assert sum(cell["count"] for cell in row["byReason"]) == row["total"]


# ---------------------------------------------------------------- weekly progress


async def expected_milestones(agency=None) -> tuple[dict, dict]:
    """{Thai date: children first found that day} and the same for first returned."""
    found_list = ", ".join(f"'{status}'" for status in FOUND)
    rows = await sql_rows(
        "SELECT s.id,"
        " (SELECT MIN(v.visited_at) FROM visit v WHERE v.student_id = s.id AND NOT v.after_close"
        f" AND v.status IN ({found_list})) AS found_at,"
        " (SELECT MIN(v.visited_at) FROM visit v WHERE v.student_id = s.id AND NOT v.after_close"
        " AND v.status = 'RETURNED') AS returned_at"
        f" FROM student s{children_where(agency)}"
    )
    found: dict = defaultdict(int)
    returned: dict = defaultdict(int)
    for row in rows:
        for column, target in (("found_at", found), ("returned_at", returned)):
            moment = row[column]
            if moment is None:
                continue
            if isinstance(moment, str):
                moment = dt.datetime.fromisoformat(moment)
            target[moment.astimezone(THAI_TIME).date()] += 1
    return found, returned


async def test_weekly_progress_matches_sql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)
    start, end = dt.date(2022, 2, 2), dt.date(2022, 4, 10)

    progress = await reports.weekly_progress(actor, ReportFilter(start=start, end=end))

    found, returned = await expected_milestones()
    assert progress.weeks[0].starts_on == start
    assert progress.weeks[0].ends_on == dt.date(2022, 2, 6)
    assert progress.weeks[1].starts_on == dt.date(2022, 2, 7)
    assert progress.weeks[-1].ends_on == end
    assert all(week.ends_on - week.starts_on <= dt.timedelta(days=6) for week in progress.weeks)
    for week in progress.weeks:
        assert week.found == sum(n for day, n in found.items() if week.starts_on <= day <= week.ends_on)
        assert week.returned == sum(n for day, n in returned.items() if week.starts_on <= day <= week.ends_on)
        assert week.cumulative_found == sum(n for day, n in found.items() if day <= week.ends_on)
        assert week.cumulative_returned == sum(n for day, n in returned.items() if day <= week.ends_on)


async def test_weekly_progress_defaults_to_first_milestone(db):
    data = await make_report_dataset()
    area = data.forest.area_offices[0]
    actor = await actor_at(area)

    progress = await reports.weekly_progress(actor, ReportFilter(), today=dt.date(2022, 6, 30))

    found, returned = await expected_milestones(area)
    assert progress.weeks[0].starts_on == min(found)
    assert progress.weeks[-1].ends_on == dt.date(2022, 6, 30)
    assert progress.found_before == 0
    assert progress.total_found == sum(found.values())
    assert progress.total_returned == sum(returned.values())


async def test_weekly_progress_through_graphql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)

    result = await execute_as(actor, WEEKLY, {"filter": {"from": "2022-01-03", "to": "2022-01-30"}})

    assert result.errors is None
    weeks = result.data["weeklyProgress"]["weeks"]
    assert [week["startsOn"] for week in weeks] == ["2022-01-03", "2022-01-10", "2022-01-17", "2022-01-24"]
    assert weeks[-1]["cumulativeFound"] == result.data["weeklyProgress"]["totalFound"]


async def test_weekly_progress_rejects_too_many_weeks(db):
    data = await make_report_dataset(per_school=1)
    actor = await actor_at(data.forest.ministry)

    with pytest.raises(ServiceError) as raised:
        await reports.weekly_progress(actor, ReportFilter(start=dt.date(2010, 1, 1), end=dt.date(2022, 1, 1)))

    assert raised.value.code == ErrorCode.TOO_LARGE
    assert raised.value.field == "from"


# ---------------------------------------------------------------- needs


async def expected_needs(agency=None, term=None, start=None, end=None) -> tuple[dict, dict, dict]:
    """Per area office: {need: children}, children with any need, and all children."""
    join = latest_visit_join(end) + " JOIN visit_need vn ON vn.visit_id = v.id"
    where = children_where(agency, term, start)
    per_need = await sql_rows(
        f"SELECT s.area_office_id AS grp, vn.need AS need, COUNT(DISTINCT s.id) AS n FROM student s{join}{where}"
        " GROUP BY s.area_office_id, vn.need"
    )
    with_needs = await sql_rows(
        f"SELECT s.area_office_id AS grp, COUNT(DISTINCT s.id) AS n FROM student s{join}{where} GROUP BY s.area_office_id"
    )
    children = await sql_rows(
        f"SELECT s.area_office_id AS grp, COUNT(*) AS n FROM student s{latest_visit_join(end)}{where} GROUP BY s.area_office_id"
    )
    needs: dict = defaultdict(dict)
    for row in per_need:
        needs[row["grp"]][row["need"]] = row["n"]
    return dict(needs), {row["grp"]: row["n"] for row in with_needs}, {row["grp"]: row["n"] for row in children}


async def test_needs_summary_matches_sql(db):
    data = await make_report_dataset()
    actor = await actor_at(data.forest.ministry)
    term = (1, 2564)

    summary = await reports.needs_summary(actor, ReportFilter(term=Term(*term)))

    needs, with_needs, children = await expected_needs(term=term)
    assert {row.agency.id: nonzero(row.by_need) for row in summary.rows if nonzero(row.by_need)} == needs
    assert {row.agency.id: row.children_with_needs for row in summary.rows if row.children_with_needs} == with_needs
    assert {row.agency.id: row.child_count for row in summary.rows} == children
    assert summary.totals.child_count == sum(children.values())


@pytest.mark.parametrize(("start", "end"), [(None, dt.date(2022, 3, 10)), (dt.date(2022, 2, 14), dt.date(2022, 4, 1))])
async def test_needs_summary_date_range_matches_sql(db, start, end):
    data = await make_report_dataset()
    affiliation = data.forest.affiliations[2]
    actor = await actor_at(affiliation)

    summary = await reports.needs_summary(actor, ReportFilter(start=start, end=end))

    needs, with_needs, children = await expected_needs(affiliation, start=start, end=end)
    assert {row.agency.id: nonzero(row.by_need) for row in summary.rows if nonzero(row.by_need)} == needs
    assert {row.agency.id: row.children_with_needs for row in summary.rows if row.children_with_needs} == with_needs
    assert {row.agency.id: row.child_count for row in summary.rows} == children


async def test_needs_summary_through_graphql_for_area_officer(db):
    data = await make_report_dataset()
    area = data.forest.area_offices[3]
    actor = await actor_at(area)

    result = await execute_as(actor, NEEDS, {})

    assert result.errors is None
    summary = result.data["needsSummary"]
    needs, with_needs, children = await expected_needs(area)
    assert [row["agency"]["code"] for row in summary["rows"]] == [area.code]
    assert summary["rows"][0]["childCount"] == children[area.id]
    assert summary["rows"][0]["childrenWithNeeds"] == with_needs.get(area.id, 0)
    assert {cell["need"]: cell["count"] for cell in summary["rows"][0]["byNeed"] if cell["count"]} == needs.get(area.id, {})
    assert [cell["need"] for cell in summary["totals"]["byNeed"]] == [need.value for need in Need]
    assert summary["totals"]["name"] == "รวม"


# ---------------------------------------------------------------- statements per request


@pytest.mark.parametrize("per_school", [1, 6])
@pytest.mark.parametrize(
    ("query", "expected"),
    [(PROGRESS_SUMMARY, 3), (CANNOT_FOLLOW, 3), (WEEKLY, 2), (NEEDS, 3)],
    ids=["progressSummary", "cannotFollowReport", "weeklyProgress", "needsSummary"],
)
async def test_report_statement_count_is_fixed(db, query, expected, per_school):
    from sqlcount import count_statements

    data = await make_report_dataset(per_school=per_school)
    actor = await actor_at(data.forest.ministry)
    variables = {"groupBy": "AREA_OFFICE"} if query == CANNOT_FOLLOW else {}

    with count_statements() as current:
        await execute_as(actor, query, variables)
    with count_statements() as ranged:
        await execute_as(actor, query, {**variables, "filter": {"from": "2022-01-01", "to": "2022-06-30"}})

    assert len(current) == expected, current
    assert len(ranged) == expected, ranged


# ---------------------------------------------------------------- the maintained tally


async def tally_rows() -> dict:
    rows = await sql_rows(
        "SELECT academic_year, semester, affiliation_id, area_office_id, status, reason, children FROM report_tally"
        " WHERE children <> 0"
    )
    return {tuple(row[key] for key in list(row)[:6]): row["children"] for row in rows}


async def counted_rows() -> dict:
    rows = await sql_rows(
        "SELECT academic_year, semester, affiliation_id, COALESCE(area_office_id, 0) AS area_office_id, status,"
        " COALESCE(latest_reason, '') AS reason, COUNT(*) AS children FROM student WHERE merged_into_id IS NULL"
        " GROUP BY academic_year, semester, affiliation_id, COALESCE(area_office_id, 0), status, COALESCE(latest_reason, '')"
    )
    return {tuple(row[key] for key in list(row)[:6]): row["children"] for row in rows}


async def test_tally_follows_every_change(db):
    from models.student import Student

    data = await make_report_dataset()
    moved, deleted, unmerged = data.students[5], data.students[-1], data.merged[0]
    other_school = data.forest.schools[-2]
    never_visited = await Student.filter(visit_count=0).exclude(id__in=[child.id for child in data.merged]).first()

    await Student.filter(id=moved.id).update(
        school_id=other_school.id, area_office_id=other_school.area_office_id, affiliation_id=other_school.affiliation_id
    )
    await Student.filter(id=never_visited.id).update(semester=2, academic_year=2565, latest_reason=Reason.MOVED)
    await Student.filter(id=unmerged.id).update(merged_into_id=None)
    await connections.get("default").execute_query(f"DELETE FROM visit_need WHERE student_id = {deleted.id}")
    await connections.get("default").execute_query(f"DELETE FROM visit WHERE student_id = {deleted.id}")
    await Student.filter(id=deleted.id).delete()
    await Student.filter(id=data.students[6].id).update(first_name="ไม่เปลี่ยนยอด")

    assert await tally_rows() == await counted_rows()
    assert await need_tally_rows() == await counted_need_rows()


async def test_tally_follows_new_visits(db):
    from factories import make_visit

    data = await make_report_dataset()
    open_cases = [child for child in data.students if child not in data.merged][20:26]

    for number, child in enumerate(open_cases):
        await make_visit(
            child, data.recorder, status=CaseStatus.FOUND_WANTS_TO_RETURN, reason=Reason.LOW_INCOME,
            visited_at=dt.datetime(2022, 9, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=number),
            needs=(Need.SCHOLARSHIP, Need.TRANSPORT) if number % 2 else (),
        )

    assert await tally_rows() == await counted_rows()
    assert await need_tally_rows() == await counted_need_rows()


async def test_rebuild_aggregates_matches_triggers(db):
    await make_report_dataset()
    kept, kept_needs = await tally_rows(), await need_tally_rows()

    await reports.rebuild_aggregates()

    assert await tally_rows() == kept
    assert await need_tally_rows() == kept_needs
    assert kept == await counted_rows()
    assert kept_needs == await counted_need_rows()


async def need_tally_rows() -> dict:
    rows = await sql_rows(
        "SELECT academic_year, semester, affiliation_id, area_office_id, need, children FROM report_need_tally"
        " WHERE children <> 0"
    )
    return {tuple(row[key] for key in list(row)[:5]): row["children"] for row in rows}


async def counted_need_rows() -> dict:
    """Children per need of their newest visit, and under '*' children with any need, from the tables themselves."""
    base = (
        "FROM student s JOIN visit_need vn ON vn.visit_id = s.latest_visit_id WHERE s.merged_into_id IS NULL"
        " GROUP BY s.academic_year, s.semester, s.affiliation_id, COALESCE(s.area_office_id, 0)"
    )
    per_need = await sql_rows(
        "SELECT s.academic_year, s.semester, s.affiliation_id, COALESCE(s.area_office_id, 0) AS area, vn.need,"
        f" COUNT(*) AS children {base}, vn.need"
    )
    any_need = await sql_rows(
        "SELECT s.academic_year, s.semester, s.affiliation_id, COALESCE(s.area_office_id, 0) AS area, '*' AS need,"
        f" COUNT(DISTINCT s.id) AS children {base}"
    )
    return {tuple(row[key] for key in list(row)[:5]): row["children"] for row in per_need + any_need}


INSERT_CHILD = (
    "INSERT INTO student (national_id, id_kind, title, first_name, last_name, first_name_en, last_name_en,"
    " gender, grade, school_id, area_office_id, affiliation_id, academic_year, semester, house_number,"
    " village_no, address_line, guardian_name, guardian_phone, status, visit_count, possible_duplicate,"
    " version, created_at, updated_at) VALUES"
    " ('{national_id}', 'NATIONAL_ID', '', 'ทดสอบ', 'นำเข้า', '', '', 'UNSPECIFIED', '', {school},"
    " {area}, {affiliation}, 2564, 1, '', '', '', '', '', 'NOT_STARTED', 0, false, 1,"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


async def test_bulk_load_pauses_trigger_then_recounts(db, database_url):
    from tortoise.transactions import in_transaction

    data = await make_report_dataset()
    school = data.forest.schools[0]
    before = sum((await tally_rows()).values())

    async with in_transaction() as connection:
        paused = await reports.begin_bulk_load(connection)
        for number in range(3):
            await connection.execute_query(
                INSERT_CHILD.format(
                    national_id=f"99{number:011d}",
                    school=school.id,
                    area=school.area_office_id,
                    affiliation=school.affiliation_id,
                )
            )
        rows = await connection.execute_query_dict("SELECT SUM(children) AS total FROM report_tally")
        during = rows[0]["total"]
        if paused:
            await reports.finish_bulk_load(connection)

    assert paused == database_url.startswith("postgres")
    assert during == (before if paused else before + 3)
    assert await tally_rows() == await counted_rows()
    assert sum((await tally_rows()).values()) == before + 3
