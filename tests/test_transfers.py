"""Transfers: the owner requests, the receiving school or its area office decides, ownership moves."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import make_agency_tree, make_home_area, make_student, make_user, make_visit, open_partner_province
from helpers import execute_as, result_error_codes
from models.audit import AuditEntry
from models.student import CaseStatus, Student, Transfer, TransferStatus
from schema.base import to_global_id
from services.scope import actor_for_user
from services.students import can_write

REQUEST = """
mutation Request($input: RequestTransferInput!) {
  requestTransfer(input: $input) {
    transfer { id status statusLabel reason fromSchool { code } toSchool { code } }
    errors { field code }
  }
}
"""

ACCEPT = """
mutation Accept($input: AcceptTransferInput!) {
  acceptTransfer(input: $input) {
    transfer { status decisionNote decidedAt }
    student { school { code } areaOffice { code } affiliation { code } province { code } canEdit visits { status } }
    errors { field code }
  }
}
"""

DECLINE = """
mutation Decline($input: DeclineTransferInput!) {
  declineTransfer(input: $input) { transfer { status decisionNote } errors { field code } }
}
"""

CANCEL = """
mutation Cancel($input: CancelTransferInput!) {
  cancelTransfer(input: $input) { transfer { status } errors { field code } }
}
"""

TRANSFERS = """
query Transfers($direction: TransferDirection!, $status: [TransferStatus!]) {
  transfers(direction: $direction, status: $status) {
    totalCount
    edges { node {
      status studentName studentGrade studentTerm studentMaskedId canDecide canCancel
      student { firstName historyOnly }
    } }
  }
}
"""

STUDENT = """
query Student($id: ID!) {
  student(id: $id) { firstName canEdit historyOnly school { code } visits { status } latestVisit { status } }
}
"""

STUDENTS = "{ students { totalCount edges { node { firstName } } } }"

UPDATE = """
mutation Update($input: UpdateStudentInput!) {
  updateStudent(input: $input) { student { version } errors { field code } }
}
"""


@pytest.fixture
async def world(db):
    """The child lives in province 10 and belongs to ``school`` (area 1); ``school_c`` is in area 2."""
    tree = await make_agency_tree()
    await make_home_area("10", "1001", "100101")
    await open_partner_province(tree.partner, "10")
    users = {
        name: await make_user(agency)
        for name, agency in {
            "school": tree.school,
            "school_b": tree.school_b,
            "school_c": tree.school_c,
            "school_opec": tree.school_opec,
            "area": tree.area,
            "area_b": tree.area_b,
            "area_opec": tree.area_opec,
            "obec": tree.obec,
            "ministry": tree.ministry,
            "partner": tree.partner,
        }.items()
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    student = await make_student(tree.school, first_name="สมหญิง", last_name="ใจดี", title="เด็กหญิง",
                                 grade="ป.6", province_id="10")
    return tree, users, actors, student


def sid(student) -> str:
    return to_global_id("Student", student.id)


def tid(transfer_id: int) -> str:
    return to_global_id("Transfer", transfer_id)


async def request(actor, student, **fields):
    result = await execute_as(actor, REQUEST, {"input": {"studentId": sid(student), **fields}})
    assert result.errors is None, result.errors
    return result.data["requestTransfer"]


async def requested(actors, student, school_code: str) -> int:
    payload = await request(actors["school"], student, toSchoolCode=school_code, reason="ครอบครัวย้ายที่อยู่")
    assert payload["errors"] == []
    return (await Transfer.get(student_id=student.id, status=TransferStatus.PENDING)).id


def errors_of(result, field: str) -> list[tuple]:
    assert result.errors is None, result.errors
    return [(e["field"], e["code"]) for e in result.data[field]["errors"]]


# ---------------------------------------------------------------- requesting


async def test_owner_requests_transfer_to_other_area(world):
    tree, _users, actors, student = world

    payload = await request(actors["school"], student, toSchoolCode=tree.school_c.code, reason="ครอบครัวย้ายที่อยู่")

    assert payload["errors"] == []
    assert payload["transfer"]["status"] == "PENDING"
    assert payload["transfer"]["statusLabel"] == "รอการตอบรับ"
    assert payload["transfer"]["reason"] == "ครอบครัวย้ายที่อยู่"
    assert payload["transfer"]["fromSchool"] == {"code": tree.school.code}
    assert payload["transfer"]["toSchool"] == {"code": tree.school_c.code}


async def test_area_officer_requests_by_school_id(world):
    tree, _users, actors, student = world

    payload = await request(actors["area"], student, toSchoolId=to_global_id("Agency", tree.school_opec.id))

    assert payload["errors"] == []
    assert payload["transfer"]["toSchool"] == {"code": tree.school_opec.code}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, [("toSchoolCode", "REQUIRED")]),
        ({"toSchoolCode": "0000000000"}, [("toSchoolCode", "NOT_FOUND")]),
        ({"toSchoolCode": "1010000001"}, [("toSchoolCode", "INVALID")]),
        ({"toSchoolCode": "10010000"}, [("toSchoolCode", "NOT_FOUND")]),
        ({"toSchoolCode": "1020000001", "reason": "ก" * 1001}, [("reason", "INVALID")]),
    ],
    ids=["no school", "unknown code", "same school", "area office code", "reason too long"],
)
async def test_request_rejects_bad_input(world, fields, expected):
    _tree, _users, actors, student = world

    payload = await request(actors["school"], student, **fields)

    assert [(e["field"], e["code"]) for e in payload["errors"]] == expected
    assert await Transfer.all().count() == 0


async def test_second_pending_request_conflicts(world):
    tree, _users, actors, student = world
    await requested(actors, student, tree.school_c.code)

    payload = await request(actors["school"], student, toSchoolCode=tree.school_opec.code)

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("studentId", "CONFLICT")]


async def test_request_outside_scope_looks_missing(world):
    tree, _users, actors, student = world

    payload = await request(actors["school_b"], student, toSchoolCode=tree.school_c.code)

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("studentId", "NOT_FOUND")]


@pytest.mark.parametrize("name", ["partner", "obec", "ministry"])
async def test_only_schools_and_area_officers_request(world, name):
    tree, _users, actors, student = world

    result = await execute_as(actors[name], REQUEST, {"input": {"studentId": sid(student), "toSchoolCode": tree.school_c.code}})

    assert result_error_codes(result) == ["FORBIDDEN"]


async def test_request_is_audited(world):
    tree, _users, actors, student = world

    transfer_id = await requested(actors, student, tree.school_c.code)

    entry = await AuditEntry.get(action="transfer.request")
    assert entry.target_ids == [str(transfer_id)]
    assert entry.details == {"student_id": student.id, "from_school_id": tree.school.id, "to_school_id": tree.school_c.id}


# ---------------------------------------------------------------- lists


async def test_both_sides_list_the_pending_transfer(world):
    tree, _users, actors, student = world
    await requested(actors, student, tree.school_c.code)

    outgoing = await execute_as(actors["school"], TRANSFERS, {"direction": "OUTGOING"})
    incoming = await execute_as(actors["school_c"], TRANSFERS, {"direction": "INCOMING"})
    office = await execute_as(actors["area_b"], TRANSFERS, {"direction": "INCOMING", "status": ["PENDING"]})
    none = await execute_as(actors["school_c"], TRANSFERS, {"direction": "OUTGOING"})

    sent = outgoing.data["transfers"]["edges"][0]["node"]
    received = incoming.data["transfers"]["edges"][0]["node"]
    assert sent["student"] == {"firstName": "สมหญิง", "historyOnly": False}
    assert sent["canCancel"] is True
    assert sent["canDecide"] is False
    assert received["studentName"] == "เด็กหญิงสมหญิง ใจดี"
    assert received["studentGrade"] == "ป.6"
    assert received["studentTerm"] == "1/2564"
    assert received["studentMaskedId"] == "xxxxxxxxx" + student.national_id[-4:]
    assert received["student"] is None
    assert received["canDecide"] is True
    assert received["canCancel"] is False
    assert office.data["transfers"]["totalCount"] == 1
    assert office.data["transfers"]["edges"][0]["node"]["canDecide"] is True
    assert none.data["transfers"]["totalCount"] == 0


async def test_status_filter_of_transfers(world):
    tree, _users, actors, student = world
    await requested(actors, student, tree.school_c.code)

    accepted = await execute_as(actors["school"], TRANSFERS, {"direction": "OUTGOING", "status": ["ACCEPTED"]})

    assert accepted.data["transfers"]["totalCount"] == 0


async def test_partner_cannot_list_transfers(world):
    _tree, _users, actors, _student = world

    result = await execute_as(actors["partner"], TRANSFERS, {"direction": "INCOMING"})

    assert result_error_codes(result) == ["FORBIDDEN"]


# ---------------------------------------------------------------- deciding


async def test_accept_moves_ownership_and_keeps_home(world):
    tree, users, actors, student = world
    await make_visit(student, users["school"], status=CaseStatus.NOT_FOUND,
                     visited_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    transfer_id = await requested(actors, student, tree.school_opec.code)

    result = await execute_as(actors["school_opec"], ACCEPT, {"input": {"transferId": tid(transfer_id), "note": "รับแล้ว"}})

    assert errors_of(result, "acceptTransfer") == []
    data = result.data["acceptTransfer"]
    assert data["transfer"]["status"] == "ACCEPTED"
    assert data["transfer"]["decisionNote"] == "รับแล้ว"
    assert data["transfer"]["decidedAt"] is not None
    assert data["student"] == {
        "school": {"code": tree.school_opec.code},
        "areaOffice": {"code": tree.area_opec.code},
        "affiliation": {"code": "OPEC"},
        "province": {"code": "10"},
        "canEdit": True,
        "visits": [{"status": "NOT_FOUND"}],
    }
    stored = await Student.get(id=student.id)
    assert stored.version == student.version + 2


async def test_receiving_area_officer_may_accept(world):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)

    result = await execute_as(actors["area_b"], ACCEPT, {"input": {"transferId": tid(transfer_id)}})

    assert errors_of(result, "acceptTransfer") == []
    stored = await Student.get(id=student.id)
    assert stored.school_id == tree.school_c.id


@pytest.mark.parametrize("name", ["school", "school_b", "area"])
async def test_others_cannot_accept(world, name):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)

    result = await execute_as(actors[name], ACCEPT, {"input": {"transferId": tid(transfer_id)}})

    assert errors_of(result, "acceptTransfer") == [("transferId", "NOT_FOUND")]
    stored = await Student.get(id=student.id)
    assert stored.school_id == tree.school.id


async def test_accepting_twice_conflicts(world):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)
    await execute_as(actors["school_c"], ACCEPT, {"input": {"transferId": tid(transfer_id)}})

    again = await execute_as(actors["area_b"], ACCEPT, {"input": {"transferId": tid(transfer_id)}})
    decline = await execute_as(actors["school_c"], DECLINE, {"input": {"transferId": tid(transfer_id)}})

    assert errors_of(again, "acceptTransfer") == [("transferId", "CONFLICT")]
    assert errors_of(decline, "declineTransfer") == [("transferId", "CONFLICT")]


async def test_accept_rejects_child_listed_at_target(world):
    tree, _users, actors, student = world
    await make_student(tree.school_c, national_id=student.national_id, academic_year=2564, semester=1)
    transfer_id = await requested(actors, student, tree.school_c.code)

    result = await execute_as(actors["school_c"], ACCEPT, {"input": {"transferId": tid(transfer_id)}})

    assert errors_of(result, "acceptTransfer") == [("transferId", "DUPLICATE")]
    transfer = await Transfer.get(id=transfer_id)
    assert transfer.status == TransferStatus.PENDING


async def test_decline_keeps_the_child(world):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)

    result = await execute_as(actors["school_c"], DECLINE, {"input": {"transferId": tid(transfer_id), "note": "ไม่มีที่นั่ง"}})

    assert errors_of(result, "declineTransfer") == []
    assert result.data["declineTransfer"]["transfer"] == {"status": "DECLINED", "decisionNote": "ไม่มีที่นั่ง"}
    stored = await Student.get(id=student.id)
    assert stored.school_id == tree.school.id
    assert await AuditEntry.filter(action="transfer.decline").count() == 1


async def test_sender_cancels_pending_transfer(world):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)

    receiver = await execute_as(actors["school_c"], CANCEL, {"input": {"transferId": tid(transfer_id)}})
    sender = await execute_as(actors["school"], CANCEL, {"input": {"transferId": tid(transfer_id)}})

    assert errors_of(receiver, "cancelTransfer") == [("transferId", "NOT_FOUND")]
    assert errors_of(sender, "cancelTransfer") == []
    assert sender.data["cancelTransfer"]["transfer"] == {"status": "CANCELLED"}


# ---------------------------------------------------------------- after acceptance


async def given_accepted_transfer(world):
    tree, users, actors, student = world
    await make_visit(student, users["school"], status=CaseStatus.NOT_FOUND,
                     visited_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    transfer_id = await requested(actors, student, tree.school_c.code)
    result = await execute_as(actors["school_c"], ACCEPT, {"input": {"transferId": tid(transfer_id)}})
    assert errors_of(result, "acceptTransfer") == []
    moved = await Student.get(id=student.id)
    await make_visit(moved, users["school_c"], status=CaseStatus.FOUND_WANTS_TO_RETURN,
                     visited_at=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc))
    return await Student.get(id=student.id)


async def test_old_school_reads_its_own_history(world):
    tree, _users, actors, student = world
    await given_accepted_transfer(world)

    old = await execute_as(actors["school"], STUDENT, {"id": sid(student)})
    old_office = await execute_as(actors["area"], STUDENT, {"id": sid(student)})

    assert old.data["student"] == {
        "firstName": "สมหญิง",
        "canEdit": False,
        "historyOnly": True,
        "school": {"code": tree.school_c.code},
        "visits": [{"status": "NOT_FOUND"}],
        "latestVisit": None,
    }
    assert old_office.data["student"]["visits"] == [{"status": "NOT_FOUND"}]


async def test_new_school_reads_every_visit(world):
    _tree, _users, actors, student = world
    await given_accepted_transfer(world)

    result = await execute_as(actors["school_c"], STUDENT, {"id": sid(student)})

    assert result.data["student"]["historyOnly"] is False
    assert result.data["student"]["canEdit"] is True
    assert result.data["student"]["visits"] == [{"status": "FOUND_WANTS_TO_RETURN"}, {"status": "NOT_FOUND"}]
    assert result.data["student"]["latestVisit"] == {"status": "FOUND_WANTS_TO_RETURN"}


async def test_old_school_list_no_longer_holds_child(world):
    _tree, _users, actors, _student = world
    await given_accepted_transfer(world)

    old = await execute_as(actors["school"], STUDENTS)
    new = await execute_as(actors["school_c"], STUDENTS)

    assert old.data["students"]["totalCount"] == 0
    assert new.data["students"]["edges"] == [{"node": {"firstName": "สมหญิง"}}]


async def test_only_new_owner_writes(world):
    _tree, _users, actors, student = world
    moved = await given_accepted_transfer(world)
    variables = {"input": {"id": sid(student), "version": moved.version, "grade": "ม.1"}}

    old = await execute_as(actors["school"], UPDATE, variables)
    new = await execute_as(actors["school_c"], UPDATE, variables)

    assert errors_of(old, "updateStudent") == [("id", "FORBIDDEN")]
    assert errors_of(new, "updateStudent") == []


async def test_can_write_follows_ownership(world):
    _tree, _users, actors, _student = world
    moved = await given_accepted_transfer(world)

    assert can_write(actors["school"], moved) is False
    assert can_write(actors["area"], moved) is False
    assert can_write(actors["school_c"], moved) is True
    assert can_write(actors["area_b"], moved) is True
    assert can_write(actors["partner"], moved) is False


async def test_old_side_sees_child_through_outgoing_transfer(world):
    _tree, _users, actors, _student = world
    await given_accepted_transfer(world)

    result = await execute_as(actors["school"], TRANSFERS, {"direction": "OUTGOING", "status": ["ACCEPTED"]})

    node = result.data["transfers"]["edges"][0]["node"]
    assert node["student"] == {"firstName": "สมหญิง", "historyOnly": True}
    assert node["canCancel"] is False


async def test_other_schools_get_no_history(world):
    _tree, _users, actors, student = world
    await given_accepted_transfer(world)

    result = await execute_as(actors["school_b"], STUDENT, {"id": sid(student)})

    assert result.data == {"student": None}


async def test_old_school_cannot_transfer_again(world):
    tree, _users, actors, student = world
    await given_accepted_transfer(world)

    payload = await request(actors["school"], student, toSchoolCode=tree.school_b.code)

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("studentId", "FORBIDDEN")]


async def test_transfer_node_is_scoped(world):
    tree, _users, actors, student = world
    transfer_id = await requested(actors, student, tree.school_c.code)
    query = "query N($id: ID!) { node(id: $id) { ... on Transfer { status } } }"

    receiver = await execute_as(actors["school_c"], query, {"id": tid(transfer_id)})
    outsider = await execute_as(actors["school_b"], query, {"id": tid(transfer_id)})

    assert receiver.data == {"node": {"status": "PENDING"}}
    assert outsider.data == {"node": None}
