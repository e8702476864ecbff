"""Help that partners record for children, and who sees it on the child's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from factories import make_agency_tree, make_home_area, make_partner, make_student, make_user
from helpers import execute_as, result_error_codes
from models.agency import Agency, Phase2Province
from models.audit import AuditEntry
from models.student import Need, Student
from models.visit import HelpRecord
from schema.base import to_global_id
from services.partners import bangkok_today
from services.scope import actor_for_user
from sqlcount import count_statements

RECORD_HELP = """
mutation Record($input: RecordHelpInput!) {
  recordHelp(input: $input) {
    helpRecord { id kind kindLabel givenOn amountBaht note partnerName student { id } }
    student { id firstName }
    errors { field code message }
  }
}
"""

STUDENT_HELP = """
query Help($id: ID!) {
  student(id: $id) { helpRecords { kind amountBaht note partnerName givenOn } }
}
"""

HELP_NODE = """
query Node($id: ID!) { node(id: $id) { id ... on HelpRecord { kind note } } }
"""

PAGE_WITH_HELP = """
query Page($first: Int!) {
  students(first: $first) { edges { node { id helpRecords { kind partnerName } } } }
}
"""


@dataclass
class World:
    tree: object
    partner: Agency
    child: Student
    far_child: Student
    actors: dict[str, object]


@pytest.fixture
async def world(db) -> World:
    """A partner covering province 10 (open for phase 2), a child there and one in province 20."""
    tree = await make_agency_tree()
    await make_home_area("10", "1001", "100101")
    await make_home_area("20", "2001", "200101")
    partner = await make_partner("MOU-200", province_codes=("10",), name_th="มูลนิธิเพื่อเด็กทดสอบ")
    await Phase2Province.create(province_id="10")
    child = await make_student(tree.school, first_name="มานะ", province_id="10", subdistrict_id="100101")
    far_child = await make_student(tree.school, province_id="20")
    users = {
        "partner": await make_user(partner),
        "school": await make_user(tree.school),
        "school_c": await make_user(tree.school_c),
        "area": await make_user(tree.area),
        "area_b": await make_user(tree.area_b),
        "obec": await make_user(tree.obec),
        "ministry": await make_user(tree.ministry),
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    return World(tree=tree, partner=partner, child=child, far_child=far_child, actors=actors)


def gid(type_name: str, row) -> str:
    return to_global_id(type_name, row.id)


def help_input(child: Student, **overrides) -> dict:
    fields = {
        "studentId": gid("Student", child),
        "kind": "SCHOLARSHIP",
        "givenOn": (bangkok_today() - dt.timedelta(days=1)).isoformat(),
        "amountBaht": "1500.50",
        "note": "ทุนค่าเครื่องแบบและอุปกรณ์การเรียน",
    }
    fields.update(overrides)
    return {"input": fields}


def error_list(payload: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


# ---------------------------------------------------------------- recording help


async def test_partner_records_money_help(world):
    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child))

    assert result.errors is None
    payload = result.data["recordHelp"]
    assert payload["errors"] == []
    record = payload["helpRecord"]
    assert record["kind"] == "SCHOLARSHIP"
    assert record["kindLabel"] == "ทุนการศึกษา"
    assert record["amountBaht"] == "1500.50"
    assert record["partnerName"] == "มูลนิธิเพื่อเด็กทดสอบ"
    assert record["student"] == {"id": gid("Student", world.child)}
    assert payload["student"]["firstName"] == "มานะ"
    stored = await HelpRecord.get()
    assert stored.partner_id == world.partner.id
    assert stored.recorded_by_id == world.actors["partner"].user_id
    assert stored.amount_baht == Decimal("1500.50")


async def test_recording_help_is_audited(world):
    await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child))

    entry = await AuditEntry.get(action="help.record")
    assert entry.success is True
    assert entry.target_ids == [str(world.child.id)]
    assert entry.details["kind"] == "SCHOLARSHIP"
    assert entry.details["help_record_id"] == (await HelpRecord.get()).id


@pytest.mark.parametrize("kind", ["SCHOLARSHIP", "LIVING_COSTS"])
async def test_money_help_requires_amount(world, kind):
    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, kind=kind, amountBaht=None))

    assert error_list(result.data["recordHelp"]) == [("amountBaht", "REQUIRED")]
    assert await HelpRecord.all().count() == 0


@pytest.mark.parametrize("kind", ["COUNSELING", "LEARNING_SUPPORT", "HEALTH_CARE", "CIVIL_REGISTRATION"])
async def test_service_help_takes_no_amount(world, kind):
    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, kind=kind), locale="en")

    payload = result.data["recordHelp"]
    assert error_list(payload) == [("amountBaht", "INVALID")]
    assert payload["errors"][0]["message"] == (
        f"Help of the kind {kind} is not money, so it takes no amount: leave amountBaht out."
    )


@pytest.mark.parametrize("amount", [None, "350"])
async def test_transport_amount_optional(world, amount):
    result = await execute_as(
        world.actors["partner"], RECORD_HELP, help_input(world.child, kind="TRANSPORT", amountBaht=amount)
    )

    payload = result.data["recordHelp"]
    assert payload["errors"] == []
    assert payload["helpRecord"]["amountBaht"] == (None if amount is None else "350.00")


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "1000000.01"])
async def test_amount_out_of_range(world, amount):
    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, amountBaht=amount))

    assert error_list(result.data["recordHelp"]) == [("amountBaht", "INVALID")]


async def test_amount_message_in_thai(world):
    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, amountBaht="0"))

    assert result.data["recordHelp"]["errors"][0]["message"] == (
        "จำนวนเงิน 0 บาท ไม่ถูกต้อง ต้องมากกว่า 0 ไม่เกิน 1,000,000 บาท และมีทศนิยมไม่เกิน 2 ตำแหน่ง"
    )


async def test_help_date_not_in_future(world):
    tomorrow = (bangkok_today() + dt.timedelta(days=1)).isoformat()

    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, givenOn=tomorrow))

    assert error_list(result.data["recordHelp"]) == [("givenOn", "INVALID")]


async def test_help_date_not_before_mou(world):
    before = (world.partner.mou_starts_on - dt.timedelta(days=1)).isoformat()

    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child, givenOn=before))

    assert error_list(result.data["recordHelp"]) == [("givenOn", "INVALID")]


async def test_help_lists_every_bad_field(world):
    tomorrow = (bangkok_today() + dt.timedelta(days=1)).isoformat()

    result = await execute_as(
        world.actors["partner"], RECORD_HELP,
        help_input(world.child, amountBaht=None, givenOn=tomorrow, note="ก" * 2001),
    )

    assert error_list(result.data["recordHelp"]) == [
        ("amountBaht", "REQUIRED"), ("givenOn", "INVALID"), ("note", "TOO_LARGE"),
    ]


async def test_child_outside_open_provinces_looks_missing(world):
    missing = await execute_as(
        world.actors["partner"], RECORD_HELP, help_input(world.child, studentId=to_global_id("Student", 999999))
    )
    outside = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.far_child))

    assert error_list(outside.data["recordHelp"]) == [("studentId", "NOT_FOUND")]
    assert outside.data["recordHelp"]["errors"] == missing.data["recordHelp"]["errors"]
    assert await HelpRecord.all().count() == 0


async def test_closed_province_hides_child_from_help(world):
    await Phase2Province.filter(province_id="10").delete()
    actor = await actor_for_user(await world.partner.users.all().first())

    result = await execute_as(actor, RECORD_HELP, help_input(world.child))

    assert error_list(result.data["recordHelp"]) == [("studentId", "NOT_FOUND")]


@pytest.mark.parametrize(
    ("actor", "code"),
    [("school", "FORBIDDEN"), ("area", "FORBIDDEN"), ("ministry", "FORBIDDEN"), (None, "UNAUTHENTICATED")],
)
async def test_only_partners_record_help(world, actor, code):
    result = await execute_as(world.actors.get(actor), RECORD_HELP, help_input(world.child))

    assert result_error_codes(result) == [code]
    assert await HelpRecord.all().count() == 0


async def test_ended_mou_cannot_record_help(world):
    yesterday = bangkok_today() - dt.timedelta(days=1)
    await Agency.filter(id=world.partner.id).update(mou_ends_on=yesterday)

    result = await execute_as(world.actors["partner"], RECORD_HELP, help_input(world.child), locale="en")

    assert result_error_codes(result) == ["FORBIDDEN"]
    assert result.errors[0].message == (
        f"The MOU of Test agency MOU-200 ended on {yesterday.isoformat()}, so its accounts can no longer "
        "use the system: if the MOU was renewed, contact a ministry admin."
    )
    assert await HelpRecord.all().count() == 0


# ---------------------------------------------------------------- who sees help


async def given_help(world: World) -> HelpRecord:
    return await HelpRecord.create(
        student_id=world.child.id,
        partner_id=world.partner.id,
        kind=Need.LIVING_COSTS,
        given_on=dt.date(2024, 6, 1),
        amount_baht=Decimal("800.00"),
        note="ค่าอาหารกลางวันหนึ่งเดือน",
        recorded_by_id=world.actors["partner"].user_id,
    )


@pytest.mark.parametrize("reader", ["school", "area", "obec", "ministry", "partner"])
async def test_help_shown_on_child_record(world, reader):
    await given_help(world)

    result = await execute_as(world.actors[reader], STUDENT_HELP, {"id": gid("Student", world.child)})

    assert result.errors is None
    assert result.data["student"]["helpRecords"] == [
        {
            "kind": "LIVING_COSTS",
            "amountBaht": "800.00",
            "note": "ค่าอาหารกลางวันหนึ่งเดือน",
            "partnerName": "มูลนิธิเพื่อเด็กทดสอบ",
            "givenOn": "2024-06-01",
        }
    ]


@pytest.mark.parametrize("reader", ["school_c", "area_b"])
async def test_help_hidden_outside_scope(world, reader):
    record = await given_help(world)

    on_child = await execute_as(world.actors[reader], STUDENT_HELP, {"id": gid("Student", world.child)})
    by_node = await execute_as(world.actors[reader], HELP_NODE, {"id": gid("HelpRecord", record)})

    assert on_child.data["student"] is None
    assert by_node.data["node"] is None


async def test_help_record_by_node(world):
    record = await given_help(world)

    result = await execute_as(world.actors["school"], HELP_NODE, {"id": gid("HelpRecord", record)})

    assert result.data["node"] == {"id": gid("HelpRecord", record), "kind": "LIVING_COSTS", "note": "ค่าอาหารกลางวันหนึ่งเดือน"}


async def test_help_newest_first(world):
    older = await given_help(world)
    newer = await HelpRecord.create(
        student_id=world.child.id, partner_id=world.partner.id, kind=Need.COUNSELING,
        given_on=dt.date(2024, 7, 1), recorded_by_id=world.actors["partner"].user_id,
    )

    result = await execute_as(world.actors["school"], STUDENT_HELP, {"id": gid("Student", world.child)})

    kinds = [item["kind"] for item in result.data["student"]["helpRecords"]]
    assert kinds == [newer.kind.value, older.kind.value]


async def test_help_of_a_page_costs_fixed_statements(world):
    await given_help(world)
    for number in range(5):
        child = await make_student(world.tree.school, province_id="10")
        await HelpRecord.create(
            student_id=child.id, partner_id=world.partner.id, kind=Need.COUNSELING,
            given_on=dt.date(2024, 7, number + 1), recorded_by_id=world.actors["partner"].user_id,
        )

    with count_statements() as one:
        small = await execute_as(world.actors["school"], PAGE_WITH_HELP, {"first": 1})
    with count_statements() as many:
        large = await execute_as(world.actors["school"], PAGE_WITH_HELP, {"first": 7})

    assert small.errors is None
    assert len(large.data["students"]["edges"]) == 7
    assert len(many) == len(one)
