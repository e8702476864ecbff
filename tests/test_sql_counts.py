"""The children list costs the same number of SQL statements for a page of 1 and a page of 100."""

from __future__ import annotations

import datetime as dt

from factories import make_agency_tree, make_home_area, make_student, make_user, make_visit
from helpers import execute_as
from models.student import CaseStatus, Reason
from services.scope import actor_for_user
from sqlcount import count_statements

PAGE = """
query Page($first: Int!) {
  students(first: $first) {
    totalCount
    edges {
      node {
        id firstName
        school { nameTh areaOffice { nameTh } }
        latestVisit { status reason }
        province { nameTh }
        subdistrict { nameTh }
      }
    }
  }
}
"""

# Count, page rows, agencies, latest visits, provinces, subdistricts.
EXPECTED_STATEMENTS = 6


async def given_children_with_visits(count: int):
    tree = await make_agency_tree()
    officer = await make_user(tree.area)
    await make_home_area("10", "1001", "100101")
    await make_home_area("20", "2001", "200101")
    for number in range(count):
        school = tree.school if number % 2 else tree.school_b
        home = ("10", "1001", "100101") if number % 3 else ("20", "2001", "200101")
        student = await make_student(school, province_id=home[0], district_id=home[1], subdistrict_id=home[2])
        if number % 4 != 3:
            await make_visit(
                student,
                officer,
                status=CaseStatus.NOT_FOUND,
                reason=Reason.MOVED,
                visited_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=number),
            )
    return await actor_for_user(officer)


async def run_page(actor, first: int) -> tuple[list[str], dict]:
    with count_statements() as statements:
        result = await execute_as(actor, PAGE, {"first": first})
    assert result.errors is None, result.errors
    return statements, result.data


async def test_page_of_one_and_hundred_cost_the_same(db):
    actor = await given_children_with_visits(120)

    one, one_data = await run_page(actor, 1)
    hundred, hundred_data = await run_page(actor, 100)

    assert len(one_data["students"]["edges"]) == 1
    assert len(hundred_data["students"]["edges"]) == 100
    assert len(one) == len(hundred), (one, hundred)
    assert len(hundred) == EXPECTED_STATEMENTS, hundred


async def test_page_shows_related_rows(db):
    actor = await given_children_with_visits(4)

    _statements, data = await run_page(actor, 4)

    nodes = [edge["node"] for edge in data["students"]["edges"]]
    assert [node["school"]["areaOffice"]["nameTh"] for node in nodes] == ["สพป.ทดสอบ เขต 1"] * 4
    assert [node["latestVisit"] for node in nodes] == [
        {"status": "NOT_FOUND", "reason": "MOVED"},
        {"status": "NOT_FOUND", "reason": "MOVED"},
        {"status": "NOT_FOUND", "reason": "MOVED"},
        None,
    ]
    assert [node["province"]["nameTh"] for node in nodes] == ["จังหวัด 20", "จังหวัด 10", "จังหวัด 10", "จังหวัด 20"]


async def test_page_without_total_skips_the_count(db):
    actor = await given_children_with_visits(3)

    with count_statements() as statements:
        result = await execute_as(actor, "{ students(first: 3) { edges { node { id } } } }")

    assert result.errors is None, result.errors
    assert len(statements) == 1, statements
