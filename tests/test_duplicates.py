"""Duplicate records of one child: the review list, and merging into the record to keep."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from factories import make_agency_tree, make_student, make_user, make_visit
from helpers import execute_as, result_error_codes
from models.audit import AuditEntry
from models.student import CaseStatus, Reason, Student, Transfer, TransferStatus
from models.visit import HelpRecord, Need, Photo, Visit, VisitNeed
from schema.base import to_global_id
from services.identifiers import make_national_id
from services.scope import actor_for_user

GROUPS = """
query Groups($first: Int, $after: String) {
  duplicateGroups(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { nationalId size students { firstName possibleDuplicate } } }
  }
}
"""

MERGE = """
mutation Merge($input: MergeStudentsInput!) {
  mergeStudents(input: $input) {
    student { id status visitCount possibleDuplicate latestVisit { status } lastVisitedAt visits { status } }
    mergedIds visitsMoved photosMoved
    errors { field code }
  }
}
"""

STUDENT = "query S($id: ID!) { student(id: $id) { firstName } }"

DAY = dt.timedelta(days=1)
START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
async def world(db):
    tree = await make_agency_tree()
    users = {
        name: await make_user(agency)
        for name, agency in {
            "school": tree.school,
            "school_b": tree.school_b,
            "school_c": tree.school_c,
            "area": tree.area,
            "ministry": tree.ministry,
            "partner": tree.partner,
        }.items()
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    return tree, users, actors


def sid(student) -> str:
    return to_global_id("Student", student.id)


async def twins(*schools, national_id: str | None = None, **fields) -> list[Student]:
    national_id = national_id or make_national_id("310170012345")
    return [
        await make_student(school, national_id=national_id, possible_duplicate=True, first_name=f"แฝด{index}",
                           semester=1 + index % 2, **fields)
        for index, school in enumerate(schools)
    ]


def merge_input(keep, *merged, **extra) -> dict:
    return {"input": {"keepId": sid(keep), "mergeIds": [sid(item) for item in merged], **extra}}


def payload(result) -> dict:
    assert result.errors is None, result.errors
    return result.data["mergeStudents"]


def error_pairs(result) -> list[tuple]:
    return [(e["field"], e["code"]) for e in payload(result)["errors"]]


# ---------------------------------------------------------------- review list


async def test_groups_in_scope_are_listed(world):
    tree, _users, actors = world
    await twins(tree.school, tree.school, tree.school_b)
    await twins(tree.school_b, tree.school_c, national_id=make_national_id("310170012346"))
    await make_student(tree.school, first_name="ไม่ซ้ำ")

    area = await execute_as(actors["area"], GROUPS)
    school = await execute_as(actors["school"], GROUPS)
    ministry = await execute_as(actors["ministry"], GROUPS)

    assert area.data["duplicateGroups"]["totalCount"] == 1
    group = area.data["duplicateGroups"]["edges"][0]["node"]
    assert group["nationalId"] == make_national_id("310170012345")
    assert group["size"] == 3
    assert [item["firstName"] for item in group["students"]] == ["แฝด0", "แฝด1", "แฝด2"]
    assert school.data["duplicateGroups"]["totalCount"] == 1
    assert school.data["duplicateGroups"]["edges"][0]["node"]["size"] == 2
    assert ministry.data["duplicateGroups"]["totalCount"] == 2


async def test_groups_page_by_national_id(world):
    tree, _users, actors = world
    for number in range(3):
        await twins(tree.school, tree.school, national_id=make_national_id(f"31017001234{number}"))

    first = await execute_as(actors["school"], GROUPS, {"first": 2})
    cursor = first.data["duplicateGroups"]["pageInfo"]["endCursor"]
    second = await execute_as(actors["school"], GROUPS, {"first": 2, "after": cursor})

    assert [e["node"]["nationalId"][-2] for e in first.data["duplicateGroups"]["edges"]] == ["0", "1"]
    assert first.data["duplicateGroups"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["nationalId"][-2] for e in second.data["duplicateGroups"]["edges"]] == ["2"]
    assert second.data["duplicateGroups"]["pageInfo"]["hasNextPage"] is False


async def test_partner_cannot_review_duplicates(world):
    _tree, _users, actors = world

    result = await execute_as(actors["partner"], GROUPS)

    assert result_error_codes(result) == ["FORBIDDEN"]


# ---------------------------------------------------------------- merging


async def given_history(users, keep, merged):
    """Two visits on each record, a photo and a need on the merged one, help and a transfer."""
    await make_visit(keep, users["school"], status=CaseStatus.NOT_FOUND, reason=Reason.MOVED, visited_at=START)
    visit = await make_visit(merged, users["school"], status=CaseStatus.IN_PROGRESS, visited_at=START + DAY,
                             needs=(Need.SCHOLARSHIP,))
    await make_visit(merged, users["school"], status=CaseStatus.FOUND_WANTS_TO_RETURN, reason=Reason.LOW_INCOME,
                     visited_at=START + 2 * DAY)
    await Photo.create(id=uuid.uuid4(), visit_id=visit.id, student_id=merged.id, storage_key="photos/a.jpg",
                       content_type="image/jpeg", size_bytes=10, sha256="0" * 64)
    return visit


async def test_merge_moves_everything_to_kept_record(world):
    tree, users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    await given_history(users, keep, merged)
    await HelpRecord.create(student_id=merged.id, partner_id=tree.partner.id, kind=Need.SCHOLARSHIP,
                            given_on=dt.date(2024, 1, 5), recorded_by_id=users["partner"].id)
    await Transfer.create(student_id=merged.id, from_school_id=tree.school.id, to_school_id=tree.school_c.id)

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    data = payload(result)
    assert data["errors"] == []
    assert data["mergedIds"] == [sid(merged)]
    assert data["visitsMoved"] == 2
    assert data["photosMoved"] == 1
    assert data["student"]["status"] == "FOUND_WANTS_TO_RETURN"
    assert data["student"]["latestVisit"] == {"status": "FOUND_WANTS_TO_RETURN"}
    assert data["student"]["visitCount"] == 3
    assert data["student"]["possibleDuplicate"] is False
    assert data["student"]["visits"] == [
        {"status": "FOUND_WANTS_TO_RETURN"}, {"status": "IN_PROGRESS"}, {"status": "NOT_FOUND"}
    ]
    assert await Visit.filter(student_id=merged.id).count() == 0
    assert await VisitNeed.filter(student_id=keep.id).count() == 1
    assert await Photo.filter(student_id=keep.id).count() == 1
    assert await HelpRecord.filter(student_id=keep.id).count() == 1
    transfer = await Transfer.get(student_id=keep.id)
    assert transfer.status == TransferStatus.CANCELLED
    stored = await Student.get(id=merged.id)
    assert stored.merged_into_id == keep.id


async def test_merged_record_disappears(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    lookup = await execute_as(actors["school"], STUDENT, {"id": sid(merged)})
    listing = await execute_as(actors["school"], "{ students { totalCount } }")
    groups = await execute_as(actors["school"], GROUPS)

    assert lookup.data == {"student": None}
    assert listing.data["students"]["totalCount"] == 1
    assert groups.data["duplicateGroups"]["totalCount"] == 0


async def test_closed_case_stays_closed_after_merge(world):
    tree, users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    await make_visit(keep, users["school"], status=CaseStatus.RETURNED, visited_at=START)
    await make_visit(merged, users["school"], status=CaseStatus.IN_PROGRESS, visited_at=START + DAY)

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    assert payload(result)["student"]["status"] == "RETURNED"
    assert payload(result)["student"]["lastVisitedAt"] == "2024-01-01T00:00:00+00:00"


async def test_flag_stays_while_a_twin_remains(world):
    tree, _users, actors = world
    keep, merged, other = await twins(tree.school, tree.school, tree.school_c)

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    assert payload(result)["student"]["possibleDuplicate"] is True
    assert (await Student.get(id=other.id)).possible_duplicate is True


async def test_merge_is_audited(world):
    tree, users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    await given_history(users, keep, merged)

    await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    entry = await AuditEntry.get(action="student.merge")
    assert entry.success is True
    assert entry.target_type == "Student"
    assert entry.target_ids == [str(keep.id), str(merged.id)]
    assert entry.details == {"kept_id": keep.id, "merged_ids": [merged.id], "visits_moved": 2, "photos_moved": 1}


async def test_rejected_merge_is_audited(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school_c)

    await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    entry = await AuditEntry.get(action="student.merge")
    assert entry.success is False
    assert entry.details == {"error_code": "NOT_FOUND", "field": "mergeIds"}


async def test_merge_rejects_records_outside_scope(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school_c)

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged))

    assert error_pairs(result) == [("mergeIds", "NOT_FOUND")]
    assert (await Student.get(id=merged.id)).merged_into_id is None


async def test_merge_rejects_other_national_id(world):
    tree, _users, actors = world
    keep = await make_student(tree.school, possible_duplicate=True)
    other = await make_student(tree.school, possible_duplicate=True)

    result = await execute_as(actors["school"], MERGE, merge_input(keep, other))

    assert error_pairs(result) == [("mergeIds", "INVALID")]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda keep, merged: merge_input(keep), [("mergeIds", "REQUIRED")]),
        (lambda keep, merged: merge_input(keep, keep), [("mergeIds", "INVALID")]),
        (lambda keep, merged: merge_input(keep, merged, merged), [("mergeIds", "INVALID")]),
        (lambda keep, merged: {"input": {"keepId": "junk", "mergeIds": [sid(merged)]}}, [("keepId", "INVALID")]),
    ],
    ids=["nothing to merge", "keep in list", "repeated", "bad id"],
)
async def test_merge_rejects_bad_lists(world, build, expected):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school)

    result = await execute_as(actors["school"], MERGE, build(keep, merged))

    assert error_pairs(result) == expected


async def test_merge_checks_expected_versions(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    await Student.filter(id=merged.id).update(version=3)
    seen = [{"id": sid(keep), "version": keep.version}, {"id": sid(merged), "version": 2}]

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged, expectedVersions=seen))

    assert error_pairs(result) == [("expectedVersions", "CONFLICT")]
    assert (await Student.get(id=merged.id)).merged_into_id is None


async def test_merge_with_matching_versions(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school)
    seen = [{"id": sid(keep), "version": keep.version}, {"id": sid(merged), "version": merged.version}]

    result = await execute_as(actors["school"], MERGE, merge_input(keep, merged, expectedVersions=seen))

    assert error_pairs(result) == []


async def test_area_officer_merges_across_schools(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school_b)

    result = await execute_as(actors["area"], MERGE, merge_input(keep, merged))

    assert error_pairs(result) == []


async def test_partner_cannot_merge(world):
    tree, _users, actors = world
    keep, merged = await twins(tree.school, tree.school)

    result = await execute_as(actors["partner"], MERGE, merge_input(keep, merged))

    assert result_error_codes(result) == ["FORBIDDEN"]
