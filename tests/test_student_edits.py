"""Editing a child's record: versions against lost updates, validation, who may write, audit."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from factories import make_agency_tree, make_home_area, make_student, make_user, open_partner_province
from helpers import execute_as, result_error_codes
from models.audit import AuditEntry
from models.student import Student
from schema.base import to_global_id
from services.scope import actor_for_user

UPDATE = """
mutation Update($input: UpdateStudentInput!) {
  updateStudent(input: $input) {
    student { id firstName lastName title gender birthDate grade guardianName guardianPhone version
              subdistrict { code } district { code } province { code } }
    current { firstName version }
    errors { field code message }
  }
}
"""


@pytest.fixture
async def world(db):
    tree = await make_agency_tree()
    await make_home_area("10", "1001", "100101")
    await make_home_area("20", "2001", "200101")
    await open_partner_province(tree.partner, "10")
    people = {
        "school": tree.school,
        "school_b": tree.school_b,
        "area": tree.area,
        "area_b": tree.area_b,
        "obec": tree.obec,
        "opec": tree.opec,
        "ministry": tree.ministry,
        "partner": tree.partner,
    }
    actors = {name: await actor_for_user(await make_user(agency)) for name, agency in people.items()}
    student = await make_student(
        tree.school,
        first_name="สมหญิง",
        last_name="ใจดี",
        title="เด็กหญิง",
        guardian_name="นางสมศรี ใจดี",
        province_id="10",
        district_id="1001",
        subdistrict_id="100101",
    )
    return tree, actors, student


def edit(student, version: int | None = None, **fields) -> dict:
    return {"input": {"id": to_global_id("Student", student.id), "version": version or student.version, **fields}}


def payload(result) -> dict:
    assert result.errors is None, result.errors
    return result.data["updateStudent"]


async def test_update_saves_fields_and_bumps_version(world):
    _tree, actors, student = world

    result = await execute_as(
        actors["school"],
        UPDATE,
        edit(student, firstName=" สมใจ ", gender="FEMALE", birthDate="2012-03-04", grade="ป.5",
             guardianPhone="081-234-5678"),
    )

    data = payload(result)
    assert data["errors"] == []
    assert data["current"] is None
    assert data["student"]["firstName"] == "สมใจ"
    assert data["student"]["gender"] == "FEMALE"
    assert data["student"]["birthDate"] == "2012-03-04"
    assert data["student"]["grade"] == "ป.5"
    assert data["student"]["guardianPhone"] == "0812345678"
    assert data["student"]["version"] == student.version + 1


async def test_left_out_fields_stay_and_null_clears(world):
    _tree, actors, student = world

    result = await execute_as(actors["school"], UPDATE, edit(student, title=None))

    data = payload(result)
    assert data["student"]["title"] == ""
    assert data["student"]["lastName"] == "ใจดี"
    assert data["student"]["guardianName"] == "นางสมศรี ใจดี"


async def test_stale_version_returns_conflict_with_current(world):
    _tree, actors, student = world
    first = await execute_as(actors["school"], UPDATE, edit(student, firstName="แก้ครั้งแรก"))
    assert payload(first)["errors"] == []

    second = await execute_as(actors["area"], UPDATE, edit(student, firstName="แก้ทับ"))

    data = payload(second)
    assert data["student"] is None
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("version", "CONFLICT")]
    assert data["current"] == {"firstName": "แก้ครั้งแรก", "version": student.version + 1}
    stored = await Student.get(id=student.id)
    assert stored.first_name == "แก้ครั้งแรก"


async def test_conflict_message_in_english(world):
    _tree, actors, student = world
    await Student.filter(id=student.id).update(version=5)

    result = await execute_as(actors["school"], UPDATE, edit(student, version=4, firstName="ใหม่"), locale="en")

    message = payload(result)["errors"][0]["message"]
    assert message == (
        f"Child {student.id} was changed by someone else: you edited version 4, the current "
        "version is 5. Review the current values and save again."
    )


async def test_concurrent_edits_of_one_version_save_once(world):
    _tree, actors, student = world

    results = await asyncio.gather(
        execute_as(actors["school"], UPDATE, edit(student, firstName="คนแรก")),
        execute_as(actors["area"], UPDATE, edit(student, firstName="คนที่สอง")),
    )

    codes = sorted(tuple(e["code"] for e in payload(result)["errors"]) for result in results)
    assert codes == [(), ("CONFLICT",)]
    stored = await Student.get(id=student.id)
    assert stored.version == student.version + 1


async def test_required_name_cannot_be_cleared(world):
    _tree, actors, student = world

    result = await execute_as(actors["school"], UPDATE, edit(student, firstName=None, lastName="  "))

    data = payload(result)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("firstName", "REQUIRED"), ("lastName", "REQUIRED")]
    stored = await Student.get(id=student.id)
    assert stored.version == student.version


async def test_invalid_values_are_all_reported(world):
    _tree, actors, student = world
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()

    result = await execute_as(
        actors["school"],
        UPDATE,
        edit(student, birthDate=tomorrow, guardianPhone="12345", subdistrictCode="999999", grade="ป.6 ห้อง 1"),
    )

    data = payload(result)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [
        ("birthDate", "INVALID"),
        ("grade", "INVALID"),
        ("subdistrictCode", "INVALID"),
        ("guardianPhone", "INVALID"),
    ]


async def test_empty_update_is_rejected(world):
    _tree, actors, student = world

    result = await execute_as(actors["school"], UPDATE, edit(student))

    assert [(e["field"], e["code"]) for e in payload(result)["errors"]] == [(None, "INVALID")]


async def test_subdistrict_sets_district_and_province(world):
    _tree, actors, student = world

    result = await execute_as(actors["school"], UPDATE, edit(student, subdistrictCode="200101"))

    data = payload(result)["student"]
    assert data["subdistrict"] == {"code": "200101"}
    assert data["district"] == {"code": "2001"}
    assert data["province"] == {"code": "20"}


async def test_clearing_subdistrict_keeps_province(world):
    _tree, actors, student = world

    result = await execute_as(actors["school"], UPDATE, edit(student, subdistrictCode=None))

    data = payload(result)["student"]
    assert data["subdistrict"] is None
    assert data["district"] == {"code": "1001"}
    assert data["province"] == {"code": "10"}


@pytest.mark.parametrize("writer", ["school", "area", "obec", "ministry"])
async def test_owners_and_admins_may_write(world, writer):
    _tree, actors, student = world

    result = await execute_as(actors[writer], UPDATE, edit(student, grade="ม.1"))

    assert payload(result)["errors"] == []


@pytest.mark.parametrize("outsider", ["school_b", "area_b", "opec"])
async def test_outsiders_get_not_found(world, outsider):
    _tree, actors, student = world

    result = await execute_as(actors[outsider], UPDATE, edit(student, grade="ม.1"))

    data = payload(result)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    assert data["current"] is None
    stored = await Student.get(id=student.id)
    assert stored.grade == student.grade


async def test_partner_may_not_write(world):
    _tree, actors, student = world

    result = await execute_as(actors["partner"], UPDATE, edit(student, grade="ม.1"))

    assert result_error_codes(result) == ["FORBIDDEN"]
    stored = await Student.get(id=student.id)
    assert stored.version == student.version


async def test_anonymous_may_not_write(world):
    _tree, _actors, student = world

    result = await execute_as(None, UPDATE, edit(student, grade="ม.1"))

    assert result_error_codes(result) == ["UNAUTHENTICATED"]


async def test_invalid_id_is_a_payload_error(world):
    _tree, actors, _student = world

    result = await execute_as(actors["school"], UPDATE, {"input": {"id": "not-an-id", "version": 1, "grade": "ม.1"}})

    assert [(e["field"], e["code"]) for e in payload(result)["errors"]] == [("id", "INVALID")]


async def test_update_is_audited_without_values(world):
    _tree, actors, student = world

    await execute_as(actors["school"], UPDATE, edit(student, firstName="สมใจ", guardianPhone="0812345678"))

    entry = await AuditEntry.get(action="student.update")
    assert entry.target_type == "Student"
    assert entry.target_ids == [str(student.id)]
    assert entry.details == {"fields": ["firstName", "guardianPhone"], "version": student.version + 1}
    assert entry.actor_id == actors["school"].user_id
