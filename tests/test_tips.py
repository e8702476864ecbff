"""Tips from the public: submitting without an account, tracking codes, limits, routing and triage."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from factories import make_agency, make_agency_tree, make_home_area, make_student, make_tip, make_user, place_agency
from helpers import client_for, execute_as, gql, make_settings, result_error_codes
from main import create_app
from models.agency import Agency, AgencyKind, AgencyProvince
from models.audit import AuditEntry
from models.geo import Subdistrict
from models.student import IdKind, Student
from models.tip import Tip, TipStatus
from schema.base import to_global_id
from schema.root import build_schema
from services import tips
from services.auth import utc_now
from services.errors import ErrorCode, ServiceError
from services.identifiers import make_national_id
from services.scope import actor_for_user

SUBMIT = """
mutation Submit($input: SubmitTipInput!) {
  submitTip(input: $input) {
    trackingCode
    tracking { status statusLabel submittedOn }
    errors { field code message }
  }
}
"""

TIP_STATUS = """
query Status($code: String!) {
  tipStatus(trackingCode: $code) { status statusLabel submittedOn }
}
"""

TIPS = """
query Tips($filter: TipFilter) {
  tips(filter: $filter, first: 100) {
    totalCount
    edges { node { id status description contact approximateAge areaOffice { code } subdistrict { code } } }
  }
}
"""

TIP = """
query Tip($id: ID!) {
  tip(id: $id) {
    id status statusLabel decisionReason decidedByName decidedAt
    district { code } province { code } student { id idKind nationalId }
  }
}
"""

MATCH = """
mutation Match($input: MatchTipInput!) {
  matchTip(input: $input) {
    tip { id status student { id } }
    student { id firstName }
    errors { field code message }
  }
}
"""

OPEN_CASE = """
mutation Open($input: OpenCaseFromTipInput!) {
  openCaseFromTip(input: $input) {
    tip { status }
    student { id idKind nationalId firstName term status school { code } subdistrict { code } province { code } }
    errors { field code message }
  }
}
"""

DISMISS = """
mutation Dismiss($input: DismissTipInput!) {
  dismissTip(input: $input) {
    tip { status decisionReason }
    errors { field code message }
  }
}
"""

DESCRIPTION = "พบเด็กหญิงอายุประมาณสิบขวบช่วยแม่ขายของที่ตลาดทุกวันในเวลาเรียน"


@dataclass
class World:
    """Offices of three affiliations around province 30 and 81, with their users.

    Province 30: OBEC offices ``area`` (schools in subdistrict 300101) and ``area_b``
    (school in 300201), the OPEC office ``area_opec`` (school in 300102), and OBEC's
    special education bureau, which has no province (school in 300301). Province 81: an
    ONIE office and the OPEC office cover it, with no schools. Province 50 has no office.
    """

    tree: object
    onie_office: Agency
    bureau: Agency
    places: dict[str, Subdistrict]
    actors: dict[str, object]


@pytest.fixture
async def world(db) -> World:
    tree = await make_agency_tree()
    places = {}
    for code in ("300101", "300102", "300201", "300202", "300301", "810101", "500101"):
        places[code] = await make_home_area(code[:2], code[:4], code)
    onie = await make_agency(AgencyKind.AFFILIATION, "ONIE", parent=tree.ministry, name_th="กศน.")
    onie_office = await make_agency(AgencyKind.AREA_OFFICE, "ONIE-81", parent=onie, name_th="สกร.จังหวัดทดสอบ")
    bureau = await make_agency(AgencyKind.AREA_OFFICE, "100700", parent=tree.obec, name_th="สำนักบริหารงานการศึกษาพิเศษ")
    bureau_school = await make_agency(AgencyKind.SCHOOL, "1100700001", parent=bureau, name_th="โรงเรียนการศึกษาพิเศษทดสอบ")

    for office, code in ((tree.area, "300101"), (tree.area_b, "300201"), (tree.area_opec, "300102"), (onie_office, "810101")):
        await place_agency(office, places[code])
    for school, code in (
        (tree.school, "300101"), (tree.school_b, "300101"), (tree.school_c, "300201"),
        (tree.school_opec, "300102"), (bureau_school, "300301"),
    ):
        await place_agency(school, places[code])
    await AgencyProvince.create(agency=tree.area_opec, province_id="81")

    users = {
        "area": await make_user(tree.area),
        "area_b": await make_user(tree.area_b),
        "area_opec": await make_user(tree.area_opec),
        "obec": await make_user(tree.obec),
        "opec": await make_user(tree.opec),
        "ministry": await make_user(tree.ministry),
        "school": await make_user(tree.school),
        "partner": await make_user(tree.partner),
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    return World(tree=tree, onie_office=onie_office, bureau=bureau, places=places, actors=actors)


def tip_input(**overrides) -> dict:
    fields = {"approximateAge": 10, "subdistrictCode": "300101", "description": DESCRIPTION, "contact": "081-111-2222"}
    fields.update(overrides)
    return {"input": fields}


def gid(type_name: str, row) -> str:
    return to_global_id(type_name, row.id)


def error_list(payload: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


# ---------------------------------------------------------------- submitting


async def test_submit_anonymous_returns_code(world):
    result = await execute_as(None, SUBMIT, tip_input())

    assert result.errors is None
    payload = result.data["submitTip"]
    assert payload["errors"] == []
    assert len(payload["trackingCode"]) == 11
    assert payload["trackingCode"][5] == "-"
    assert set(payload["trackingCode"].replace("-", "")) <= set(tips.TRACKING_CODE_ALPHABET)
    assert payload["tracking"]["status"] == "RECEIVED"
    assert payload["tracking"]["statusLabel"] == "ได้รับเรื่องแล้ว อยู่ระหว่างรอเจ้าหน้าที่ตรวจสอบ"


async def test_submit_stores_tip_routed(world):
    result = await execute_as(None, SUBMIT, tip_input(latitude=14.97, longitude=102.1))

    assert result.data["submitTip"]["errors"] == []
    stored = await Tip.get()
    assert stored.area_office_id == world.tree.area.id
    assert stored.status == TipStatus.RECEIVED
    assert stored.approximate_age == 10
    assert stored.contact == "081-111-2222"
    assert (stored.latitude, stored.longitude) == (14.97, 102.1)


async def test_tracking_code_stored_only_as_hash(world):
    result = await execute_as(None, SUBMIT, tip_input())

    code = result.data["submitTip"]["trackingCode"]
    stored = await Tip.get()
    assert stored.tracking_code_hash == tips.tracking_code_hash(code)
    assert code.replace("-", "") not in json.dumps(await Tip.all().values(), default=str)


async def test_submit_lists_every_bad_field(world):
    bad = tip_input(
        approximateAge=25, subdistrictCode="999999", description="เด็ก ๆ !!", contact="x" * 201, latitude=13.7
    )

    result = await execute_as(None, SUBMIT, bad)

    assert error_list(result.data["submitTip"]) == [
        ("approximateAge", "INVALID"),
        ("description", "INVALID"),
        ("contact", "TOO_LARGE"),
        ("longitude", "REQUIRED"),
        ("subdistrictCode", "NOT_FOUND"),
    ]
    assert await Tip.all().count() == 0


async def test_submit_requires_age(world):
    result = await execute_as(None, SUBMIT, tip_input(approximateAge=None))

    assert error_list(result.data["submitTip"]) == [("approximateAge", "REQUIRED")]


async def test_submit_rejects_place_outside_thailand(world):
    result = await execute_as(None, SUBMIT, tip_input(latitude=48.85, longitude=2.35), locale="en")

    payload = result.data["submitTip"]
    assert error_list(payload) == [("latitude", "INVALID"), ("longitude", "INVALID")]
    assert payload["errors"][0]["message"] == (
        "The latitude 48.85 is invalid: the place must be in Thailand (latitude 5.0 to 21.0)."
    )


async def test_submit_age_message_in_thai(world):
    result = await execute_as(None, SUBMIT, tip_input(approximateAge=2))

    assert result.data["submitTip"]["errors"][0]["message"] == (
        "อายุโดยประมาณ 2 ปี ไม่ถูกต้อง โครงการนี้ติดตามเด็กอายุ 3-18 ปี"
    )


async def test_submit_audits_signed_in_actor(world):
    await execute_as(world.actors["school"], SUBMIT, tip_input())

    entry = await AuditEntry.get(action="tip.submit")
    assert entry.actor_id == world.actors["school"].user_id


# ---------------------------------------------------------------- tracking codes


async def test_tip_status_by_code(world):
    submitted = await execute_as(None, SUBMIT, tip_input())
    code = submitted.data["submitTip"]["trackingCode"]

    result = await execute_as(None, TIP_STATUS, {"code": code})

    assert result.errors is None
    assert result.data["tipStatus"] == {
        "status": "RECEIVED",
        "statusLabel": "ได้รับเรื่องแล้ว อยู่ระหว่างรอเจ้าหน้าที่ตรวจสอบ",
        "submittedOn": tips.submitted_on(await Tip.get()).isoformat(),
    }


async def test_tip_status_ignores_case_and_spaces(world):
    submitted = await execute_as(None, SUBMIT, tip_input())
    code = submitted.data["submitTip"]["trackingCode"]
    typed = " " + code[:5].lower() + " " + code[6:].lower() + " "

    result = await execute_as(None, TIP_STATUS, {"code": typed})

    assert result.data["tipStatus"]["status"] == "RECEIVED"


@pytest.mark.parametrize("code", ["ABCDE-FGHJK", "ABC", "", "ABCDE-FGHJ0"])
async def test_tip_status_unknown_code_is_null(world, code):
    await execute_as(None, SUBMIT, tip_input())

    result = await execute_as(None, TIP_STATUS, {"code": code})

    assert result.errors is None
    assert result.data["tipStatus"] is None


def test_tracking_type_has_no_personal_fields():
    schema = build_schema(make_settings())._schema

    tracking_fields = set(schema.type_map["TipTracking"].fields)
    payload_fields = set(schema.type_map["SubmitTipPayload"].fields)

    assert tracking_fields == {"status", "statusLabel", "submittedOn"}
    assert payload_fields == {"trackingCode", "tracking", "errors"}


@pytest.mark.parametrize(
    ("decision", "public"),
    [("match", "IN_FOLLOW_UP"), ("open_case", "IN_FOLLOW_UP"), ("dismiss", "CLOSED")],
)
async def test_tracking_shows_public_status_only(world, decision, public):
    submitted = await execute_as(None, SUBMIT, tip_input())
    code = submitted.data["submitTip"]["trackingCode"]
    tip = await Tip.get()
    officer = world.actors["area"]
    if decision == "match":
        child = await make_student(world.tree.school)
        await tips.match_tip(officer, tip.id, child.id)
    elif decision == "open_case":
        await tips.open_case_from_tip(officer, tip.id, tips.NewCase(school_id=world.tree.school.id))
    else:
        await tips.dismiss_tip(officer, tip.id, "ตรวจสอบแล้ว เด็กเรียนอยู่ที่โรงเรียนเอกชน")

    result = await execute_as(None, TIP_STATUS, {"code": code})

    assert result.data["tipStatus"]["status"] == public


# ---------------------------------------------------------------- rate limit and repeated text


async def test_rate_limit_per_client_address(world):
    app = create_app(make_settings(tip_max_per_hour=2), manage_db=False)
    texts = [f"{DESCRIPTION} ครั้งที่ {number}" for number in range(4)]

    async with client_for(app, client_address="198.51.100.7") as client:
        first = [await gql(client, SUBMIT, tip_input(description=text)) for text in texts[:3]]
    async with client_for(app, client_address="198.51.100.8") as other:
        elsewhere = await gql(other, SUBMIT, tip_input(description=texts[3]))

    assert [result["data"]["submitTip"]["errors"] for result in first[:2]] == [[], []]
    assert error_list(first[2]["data"]["submitTip"]) == [(None, "TOO_MANY_REQUESTS")]
    assert first[2]["data"]["submitTip"]["trackingCode"] is None
    assert elsewhere["data"]["submitTip"]["errors"] == []
    assert await Tip.filter(client_address="198.51.100.7").count() == 2


async def test_rate_limit_message_says_when(world):
    settings = make_settings(tip_max_per_hour=1)
    start = utc_now()
    await tips.submit_tip(None, tips.TipInput(10, "300101", DESCRIPTION), settings=settings, client_address="a", now=start)

    with pytest.raises(ServiceError) as raised:
        await tips.submit_tip(
            None, tips.TipInput(10, "300101", DESCRIPTION + " อีกครั้ง"), settings=settings,
            client_address="a", now=start + dt.timedelta(minutes=20),
        )

    assert raised.value.code == ErrorCode.TOO_MANY_REQUESTS
    assert raised.value.message("en") == (
        "1 tips were sent from this network address within the past hour, the limit: try again in about 40 minutes."
    )


async def test_rate_limit_window_passes(world):
    settings = make_settings(tip_max_per_hour=1)
    start = utc_now()
    await tips.submit_tip(None, tips.TipInput(10, "300101", DESCRIPTION), settings=settings, client_address="a", now=start)

    later = await tips.submit_tip(
        None, tips.TipInput(10, "300101", DESCRIPTION + " อีกครั้ง"), settings=settings,
        client_address="a", now=start + dt.timedelta(minutes=61),
    )

    assert later.tip.id is not None


async def test_repeated_text_rejected_from_any_address(world):
    app = create_app(make_settings(), manage_db=False)
    async with client_for(app, client_address="198.51.100.7") as client:
        await gql(client, SUBMIT, tip_input())
    async with client_for(app, client_address="203.0.113.9") as other:
        again = await gql(other, SUBMIT, tip_input(description="  " + DESCRIPTION.replace("ทุกวัน", "ทุกวัน, ") + " !"))

    assert error_list(again["data"]["submitTip"]) == [("description", "DUPLICATE")]
    assert await Tip.all().count() == 1


async def test_repeated_text_accepted_after_window(world):
    settings = make_settings()
    start = utc_now()
    await tips.submit_tip(None, tips.TipInput(10, "300101", DESCRIPTION), settings=settings, client_address="a", now=start)

    later = await tips.submit_tip(
        None, tips.TipInput(10, "300101", DESCRIPTION), settings=settings,
        client_address="b", now=start + tips.DUPLICATE_WINDOW + dt.timedelta(minutes=1),
    )

    assert later.tip.description == DESCRIPTION


def test_normalised_text_ignores_spacing_and_punctuation():
    assert tips.normalise_description("เด็ก  ขาย ของ, ที่ตลาด!") == tips.normalise_description("เด็กขายของที่ตลาด")


def test_normalised_text_keeps_thai_marks():
    assert tips.normalise_description("เด็กไม่ไปเรียน") != tips.normalise_description("เดกไมไปเรยน")


# ---------------------------------------------------------------- routing


@pytest.mark.parametrize(
    ("subdistrict", "office"),
    [
        # OBEC offices of one province split by the schools in the subdistrict.
        ("300101", "area"),
        ("300201", "area_b"),
        # The OPEC office has the only school in 300102, but OBEC comes first and has
        # schools in the district.
        ("300102", "area"),
        # No school in the subdistrict: the OBEC office with schools in the district.
        ("300202", "area_b"),
        # Only the special education bureau (no province) has a school here; it takes no
        # tips, so the OBEC office with the most schools in the province does.
        ("300301", "area"),
        # No OBEC office covers province 81: ONIE comes before OPEC.
        ("810101", "onie_office"),
        # No office covers province 50.
        ("500101", None),
    ],
)
async def test_route_by_subdistrict(world, subdistrict, office):
    expected = None
    if office == "onie_office":
        expected = world.onie_office.id
    elif office is not None:
        expected = getattr(world.tree, office).id

    routed = await tips.route_tip(world.places[subdistrict])

    assert (routed.id if routed else None) == expected


async def test_route_falls_back_to_other_affiliation(world):
    await Agency.filter(id__in=[world.onie_office.id]).update(active=False)

    routed = await tips.route_tip(world.places["810101"])

    assert routed.id == world.tree.area_opec.id


async def test_route_ties_go_to_lowest_code(world):
    school_d = await make_agency(AgencyKind.SCHOOL, "1020000002", parent=world.tree.area_b)
    await place_agency(school_d, world.places["300101"])
    second = await make_agency(AgencyKind.SCHOOL, "1020000003", parent=world.tree.area_b)
    await place_agency(second, world.places["300101"])

    routed = await tips.route_tip(world.places["300101"])

    assert routed.code == "10010000"


# ---------------------------------------------------------------- who triages


async def test_officer_sees_tips_of_own_office(world):
    mine = await make_tip(world.places["300101"], area_office=world.tree.area, contact="0899999999")
    await make_tip(world.places["300201"], area_office=world.tree.area_b)

    result = await execute_as(world.actors["area"], TIPS)

    assert result.errors is None
    nodes = [edge["node"] for edge in result.data["tips"]["edges"]]
    assert [node["id"] for node in nodes] == [gid("Tip", mine)]
    assert nodes[0]["contact"] == "0899999999"
    assert nodes[0]["areaOffice"] == {"code": "10010000"}
    assert result.data["tips"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("reader", "visible"),
    [
        ("area", {"area"}),
        ("area_b", {"area_b"}),
        ("area_opec", {"area_opec"}),
        ("obec", {"area", "area_b"}),
        ("opec", {"area_opec"}),
        ("ministry", {"area", "area_b", "area_opec", "unrouted"}),
    ],
)
async def test_tips_scope_by_role(world, reader, visible):
    made = {
        "area": await make_tip(world.places["300101"], area_office=world.tree.area),
        "area_b": await make_tip(world.places["300201"], area_office=world.tree.area_b),
        "area_opec": await make_tip(world.places["810101"], area_office=world.tree.area_opec),
        "unrouted": await make_tip(world.places["500101"]),
    }

    result = await execute_as(world.actors[reader], TIPS)

    listed = {edge["node"]["id"] for edge in result.data["tips"]["edges"]}
    assert listed == {gid("Tip", made[name]) for name in visible}


@pytest.mark.parametrize(("reader", "code"), [("school", "FORBIDDEN"), ("partner", "FORBIDDEN"), (None, "UNAUTHENTICATED")])
async def test_tips_list_refused(world, reader, code):
    await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(world.actors.get(reader), TIPS)

    assert result_error_codes(result) == [code]


async def test_tips_filter_by_status_and_routing(world):
    await make_tip(world.places["300101"], area_office=world.tree.area)
    unrouted = await make_tip(world.places["500101"])
    decided = await make_tip(world.places["300101"], area_office=world.tree.area)
    await Tip.filter(id=decided.id).update(status=TipStatus.DISMISSED)

    waiting = await execute_as(world.actors["ministry"], TIPS, {"filter": {"status": ["RECEIVED"], "routed": False}})

    assert [edge["node"]["id"] for edge in waiting.data["tips"]["edges"]] == [gid("Tip", unrouted)]


async def test_other_office_tip_looks_missing(world):
    other = await make_tip(world.places["300201"], area_office=world.tree.area_b)
    child = await make_student(world.tree.school)

    lookup = await execute_as(world.actors["area"], TIP, {"id": gid("Tip", other)})
    node = await execute_as(world.actors["area"], "query($id: ID!) { node(id: $id) { id } }", {"id": gid("Tip", other)})
    match = await execute_as(
        world.actors["area"], MATCH, {"input": {"tipId": gid("Tip", other), "studentId": gid("Student", child)}}
    )

    assert lookup.data["tip"] is None
    assert node.data["node"] is None
    assert error_list(match.data["matchTip"]) == [("tipId", "NOT_FOUND")]
    assert (await Tip.get(id=other.id)).status == TipStatus.RECEIVED


@pytest.mark.parametrize(("actor", "code"), [("school", "FORBIDDEN"), ("partner", "FORBIDDEN"), (None, "UNAUTHENTICATED")])
async def test_triage_refused_for_other_roles(world, actor, code):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(world.actors.get(actor), DISMISS, {"input": {"tipId": gid("Tip", tip), "reason": "ทดสอบ"}})

    assert result_error_codes(result) == [code]
    assert (await Tip.get(id=tip.id)).status == TipStatus.RECEIVED


# ---------------------------------------------------------------- matching


async def test_match_tip_to_listed_child(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)
    child = await make_student(world.tree.school_b, first_name="สมใจ")

    result = await execute_as(
        world.actors["area"], MATCH, {"input": {"tipId": gid("Tip", tip), "studentId": gid("Student", child)}}
    )

    payload = result.data["matchTip"]
    assert payload["errors"] == []
    assert payload["tip"] == {"id": gid("Tip", tip), "status": "MATCHED", "student": {"id": gid("Student", child)}}
    assert payload["student"]["firstName"] == "สมใจ"
    stored = await Tip.get(id=tip.id)
    assert stored.matched_student_id == child.id
    assert stored.decided_by_id == world.actors["area"].user_id


async def test_match_child_outside_scope_looks_missing(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)
    elsewhere = await make_student(world.tree.school_c)

    result = await execute_as(
        world.actors["area"], MATCH, {"input": {"tipId": gid("Tip", tip), "studentId": gid("Student", elsewhere)}}
    )

    assert error_list(result.data["matchTip"]) == [("studentId", "NOT_FOUND")]
    assert (await Tip.get(id=tip.id)).status == TipStatus.RECEIVED


async def test_decided_tip_cannot_be_decided_again(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)
    child = await make_student(world.tree.school)
    await tips.dismiss_tip(world.actors["area"], tip.id, "ซ้ำกับเรื่องที่แจ้งก่อนหน้า")

    result = await execute_as(
        world.actors["obec"], MATCH, {"input": {"tipId": gid("Tip", tip), "studentId": gid("Student", child)}},
        locale="en",
    )

    payload = result.data["matchTip"]
    assert error_list(payload) == [("tipId", "CONFLICT")]
    assert payload["errors"][0]["message"] == "This tip was already decided: its status is DISMISSED."


# ---------------------------------------------------------------- opening a case


async def test_open_case_with_temporary_code(world):
    tip = await make_tip(world.places["300102"], area_office=world.tree.area)
    officer = world.actors["area"]

    result = await execute_as(
        officer, OPEN_CASE,
        {"input": {"tipId": gid("Tip", tip), "schoolId": gid("Agency", world.tree.school), "firstName": "มานี"}},
    )

    payload = result.data["openCaseFromTip"]
    assert payload["errors"] == []
    assert payload["tip"] == {"status": "CASE_OPENED"}
    student = payload["student"]
    assert student["idKind"] == "TEMPORARY"
    assert student["nationalId"] == f"T{tip.id:012d}"
    assert student["firstName"] == "มานี"
    assert student["status"] == "NOT_STARTED"
    assert student["school"] == {"code": "1010000001"}
    assert student["subdistrict"] == {"code": "300102"}
    assert student["province"] == {"code": "30"}
    semester, year = tips.current_term(tips.submitted_on(tip))
    assert student["term"] == f"{semester}/{year}"


async def test_open_case_with_national_id_and_term(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)
    national_id = make_national_id("110170055555")

    result = await execute_as(
        world.actors["area"], OPEN_CASE,
        {"input": {
            "tipId": gid("Tip", tip), "schoolId": gid("Agency", world.tree.school_b),
            "nationalId": national_id, "term": "2/2567", "gender": "FEMALE",
        }},
    )

    stored = await Student.get()
    assert result.data["openCaseFromTip"]["errors"] == []
    assert (stored.national_id, stored.id_kind) == (national_id, IdKind.NATIONAL_ID)
    assert (stored.semester, stored.academic_year) == (2, 2567)
    assert stored.area_office_id == world.tree.area.id
    assert stored.affiliation_id == world.tree.obec.id


async def test_open_case_flags_possible_duplicate(world):
    national_id = make_national_id("110170066666")
    listed = await make_student(world.tree.school_c, national_id=national_id)
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    await tips.open_case_from_tip(
        world.actors["area"], tip.id, tips.NewCase(school_id=world.tree.school.id, national_id=national_id)
    )

    flags = await Student.filter(national_id=national_id).order_by("id").values_list("possible_duplicate", flat=True)
    assert flags == [True, True]
    assert (await Student.get(id=listed.id)).possible_duplicate is True


async def test_open_case_rejects_same_child_same_list(world):
    national_id = make_national_id("110170077777")
    await make_student(world.tree.school, national_id=national_id, academic_year=2567, semester=2)
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(
        world.actors["area"], OPEN_CASE,
        {"input": {"tipId": gid("Tip", tip), "schoolId": gid("Agency", world.tree.school), "nationalId": national_id, "term": "2/2567"}},
    )

    assert error_list(result.data["openCaseFromTip"]) == [("nationalId", "DUPLICATE")]
    assert (await Tip.get(id=tip.id)).status == TipStatus.RECEIVED


async def test_open_case_lists_bad_fields(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(
        world.actors["area"], OPEN_CASE,
        {"input": {
            "tipId": gid("Tip", tip), "schoolId": gid("Agency", world.tree.school),
            "firstName": "ก" * 101, "nationalId": "1234567890123", "term": "3/2567",
        }},
    )

    assert error_list(result.data["openCaseFromTip"]) == [
        ("firstName", "TOO_LARGE"), ("nationalId", "INVALID"), ("term", "INVALID"),
    ]
    assert await Student.all().count() == 0


async def test_open_case_school_outside_scope_looks_missing(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(
        world.actors["area"], OPEN_CASE,
        {"input": {"tipId": gid("Tip", tip), "schoolId": gid("Agency", world.tree.school_c)}},
    )

    assert error_list(result.data["openCaseFromTip"]) == [("schoolId", "NOT_FOUND")]
    assert await Student.all().count() == 0


async def test_opened_case_visible_on_tip(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)
    await tips.open_case_from_tip(world.actors["area"], tip.id, tips.NewCase(school_id=world.tree.school.id))

    result = await execute_as(world.actors["area"], TIP, {"id": gid("Tip", tip)})

    data = result.data["tip"]
    assert data["status"] == "CASE_OPENED"
    assert data["student"]["idKind"] == "TEMPORARY"
    assert data["district"] == {"code": "3001"}
    assert data["decidedByName"] == "นายสมชาย ทดสอบ"


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (dt.date(2024, 5, 16), (1, 2567)),
        (dt.date(2024, 10, 31), (1, 2567)),
        (dt.date(2024, 11, 1), (2, 2567)),
        (dt.date(2025, 3, 31), (2, 2567)),
        (dt.date(2025, 4, 30), (2, 2567)),
    ],
)
def test_current_term(day, term):
    assert tips.current_term(day) == term


# ---------------------------------------------------------------- dismissing


async def test_dismiss_requires_reason(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(world.actors["area"], DISMISS, {"input": {"tipId": gid("Tip", tip), "reason": "  "}})

    assert error_list(result.data["dismissTip"]) == [("reason", "REQUIRED")]


async def test_dismiss_keeps_reason(world):
    tip = await make_tip(world.places["300101"], area_office=world.tree.area)

    result = await execute_as(
        world.actors["area"], DISMISS, {"input": {"tipId": gid("Tip", tip), "reason": "เด็กเรียนอยู่แล้ว"}}
    )

    assert result.data["dismissTip"] == {
        "tip": {"status": "DISMISSED", "decisionReason": "เด็กเรียนอยู่แล้ว"},
        "errors": [],
    }


# ---------------------------------------------------------------- audit


async def test_every_step_audited_without_personal_data(world):
    submitted = await execute_as(None, SUBMIT, tip_input(contact="line: somsri.k"))
    code = submitted.data["submitTip"]["trackingCode"]
    first = await Tip.get()
    child = await make_student(world.tree.school)
    officer = world.actors["area"]
    await tips.match_tip(officer, first.id, child.id)
    second = await make_tip(world.places["300101"], area_office=world.tree.area)
    await tips.open_case_from_tip(officer, second.id, tips.NewCase(school_id=world.tree.school.id))
    third = await make_tip(world.places["300101"], area_office=world.tree.area)
    await tips.dismiss_tip(officer, third.id, "ไม่พบข้อมูลเพียงพอ")

    entries = await AuditEntry.filter(action__startswith="tip.").order_by("id")

    assert [(entry.action, entry.target_ids, entry.success) for entry in entries] == [
        ("tip.submit", [str(first.id)], True),
        ("tip.match", [str(first.id)], True),
        ("tip.open_case", [str(second.id)], True),
        ("tip.dismiss", [str(third.id)], True),
    ]
    stored = json.dumps([entry.details for entry in entries], ensure_ascii=False)
    assert DESCRIPTION not in stored
    assert "somsri" not in stored
    assert code.replace("-", "") not in stored
    assert entries[0].details["area_office_id"] == world.tree.area.id


async def test_rejected_steps_audited_as_failures(world):
    tip = await make_tip(world.places["300201"], area_office=world.tree.area_b)

    await execute_as(world.actors["area"], DISMISS, {"input": {"tipId": gid("Tip", tip), "reason": "ทดสอบ"}})

    entry = await AuditEntry.get(action="tip.dismiss")
    assert entry.success is False
    assert entry.details["errors"] == ["tipId:NOT_FOUND"]
