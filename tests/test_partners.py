"""Partner organisations: recording MOUs, phase 2 provinces, what partners see, and when access ends."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from graphql import GraphQLInterfaceType, GraphQLObjectType, get_named_type

from factories import (
    make_agency_tree,
    make_home_area,
    make_partner,
    make_student,
    make_user,
    make_visit,
)
from helpers import client_for, execute_as, gql, make_settings, result_error_codes, sign_in
from main import create_app
from models.agency import Agency, AgencyKind, AgencyProvince, Phase2Province
from models.audit import AuditEntry
from models.student import CaseStatus, Need, Reason, Student
from models.user import Session, User, UserRole
from models.visit import HelpRecord, Photo, Visit
from schema.base import to_global_id
from schema.root import build_schema
from services import partners
from services.identifiers import make_national_id
from services.partners import bangkok_today
from services.policy import FIELD_GROUPS, POLICY, Access, FieldGroup, access, mask_national_id
from services.scope import actor_for_user

CREATE = """
mutation Create($input: CreatePartnerOrganisationInput!) {
  createPartnerOrganisation(input: $input) {
    partnerOrganisation {
      id code nameTh nameEn mouReference startsOn endsOn revokedAt mouStatus mouStatusLabel
      provinces { code } openProvinces { code } agency { kind }
    }
    errors { field code message }
  }
}
"""

UPDATE = """
mutation Update($input: UpdatePartnerOrganisationInput!) {
  updatePartnerOrganisation(input: $input) {
    partnerOrganisation { nameTh nameEn mouReference startsOn endsOn mouStatus provinces { code } }
    errors { field code message }
  }
}
"""

REVOKE = """
mutation Revoke($input: RevokePartnerMouInput!) {
  revokePartnerMou(input: $input) {
    partnerOrganisation { mouStatus revokedAt }
    errors { field code message }
  }
}
"""

PARTNERS = """
query Partners($filter: PartnerOrganisationFilter) {
  partnerOrganisations(filter: $filter, first: 100) { totalCount edges { node { code mouStatus } } }
}
"""

PARTNER = """
query Partner($id: ID!) { partnerOrganisation(id: $id) { code } }
"""

MY_PARTNER = """
query { myPartnerOrganisation { code mouStatus mouStatusLabel provinces { code } openProvinces { code } } }
"""

OPEN = """
mutation Open($input: OpenPhase2ProvinceInput!) {
  openPhase2Province(input: $input) { phase2Province { province { code } } errors { field code message } }
}
"""

CLOSE = """
mutation Close($input: ClosePhase2ProvinceInput!) {
  closePhase2Province(input: $input) { province { code } errors { field code message } }
}
"""

PHASE2 = """
query { phase2Provinces { province { code nameTh } openedAt } }
"""

STUDENTS = """
query { students(first: 100) { totalCount edges { node { firstName } } } }
"""

REGISTER = """
mutation Register($input: RegisterUserInput!) {
  registerUser(input: $input) { user { id role status } errors { field code } }
}
"""

APPROVE = """
mutation Approve($input: ApproveUserInput!) { approveUser(input: $input) { user { status } errors { code } } }
"""

LOGIN = """
mutation Login($input: LoginInput!) { login(input: $input) { token errors { field code message } } }
"""


@dataclass
class World:
    tree: object
    partner: Agency
    users: dict[str, User]
    actors: dict[str, object]


@pytest.fixture
async def world(db) -> World:
    """The test tree, provinces 10 and 20, and a partner covering both (none open yet)."""
    tree = await make_agency_tree()
    await make_home_area("10", "1001", "100101")
    await make_home_area("20", "2001", "200101")
    partner = await make_partner("MOU-200", province_codes=("10", "20"), name_th="มูลนิธิเพื่อเด็กทดสอบ")
    users = {
        "ministry": await make_user(tree.ministry, username="admin.moe"),
        "obec": await make_user(tree.obec),
        "area": await make_user(tree.area),
        "school": await make_user(tree.school),
        "partner": await make_user(partner, username="staff.mou200"),
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    return World(tree=tree, partner=partner, users=users, actors=actors)


def partner_input(**overrides) -> dict:
    fields = {
        "code": "MOU-2567-01",
        "nameTh": "มูลนิธิรักษ์เด็ก",
        "nameEn": "Children Care Foundation",
        "mouReference": "ศธ 0100/2567-01",
        "provinceCodes": ["10", "20"],
        "startsOn": "2024-06-01",
        "endsOn": "2026-05-31",
    }
    fields.update(overrides)
    return {"input": fields}


def gid(type_name: str, row) -> str:
    return to_global_id(type_name, row.id)


def error_list(payload: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


async def current_actor(user: User):
    """Build the actor as the next request would, after a change in the database."""
    return await actor_for_user(await User.get(id=user.id))


# ---------------------------------------------------------------- recording organisations


async def test_create_partner_records_mou(world):
    result = await execute_as(world.actors["ministry"], CREATE, partner_input(), locale="en")

    payload = result.data["createPartnerOrganisation"]
    assert payload["errors"] == []
    organisation = payload["partnerOrganisation"]
    assert organisation["code"] == "MOU-2567-01"
    assert organisation["mouReference"] == "ศธ 0100/2567-01"
    assert (organisation["startsOn"], organisation["endsOn"]) == ("2024-06-01", "2026-05-31")
    assert organisation["provinces"] == [{"code": "10"}, {"code": "20"}]
    assert organisation["openProvinces"] == []
    assert organisation["agency"] == {"kind": "PARTNER"}
    assert organisation["revokedAt"] is None
    stored = await Agency.get(kind=AgencyKind.PARTNER, code="MOU-2567-01")
    assert stored.parent_id == world.tree.ministry.id


async def test_create_partner_is_audited(world):
    await execute_as(world.actors["ministry"], CREATE, partner_input())

    entry = await AuditEntry.get(action="partner.create")
    stored = await Agency.get(code="MOU-2567-01")
    assert entry.target_ids == [str(stored.id)]
    assert entry.details["partner"] == "MOU-2567-01"


async def test_create_partner_lists_every_bad_field(world):
    bad = partner_input(
        code="x", nameTh=" ", mouReference="", provinceCodes=["10", "99"], startsOn="2025-01-01", endsOn="2024-12-31"
    )

    result = await execute_as(world.actors["ministry"], CREATE, bad)

    assert error_list(result.data["createPartnerOrganisation"]) == [
        ("code", "INVALID"),
        ("nameTh", "REQUIRED"),
        ("mouReference", "REQUIRED"),
        ("endsOn", "INVALID"),
        ("provinceCodes", "NOT_FOUND"),
    ]
    assert not await Agency.filter(code="x").exists()


async def test_create_partner_needs_a_province(world):
    result = await execute_as(world.actors["ministry"], CREATE, partner_input(provinceCodes=[]))

    assert error_list(result.data["createPartnerOrganisation"]) == [("provinceCodes", "REQUIRED")]


async def test_create_partner_code_taken(world):
    result = await execute_as(world.actors["ministry"], CREATE, partner_input(code="MOU-200"))

    assert error_list(result.data["createPartnerOrganisation"]) == [("code", "DUPLICATE")]


@pytest.mark.parametrize(("actor", "code"), [("obec", "FORBIDDEN"), ("partner", "FORBIDDEN"), (None, "UNAUTHENTICATED")])
async def test_create_partner_only_ministry(world, actor, code):
    result = await execute_as(world.actors.get(actor), CREATE, partner_input())

    assert result_error_codes(result) == [code]
    assert not await Agency.filter(code="MOU-2567-01").exists()


async def test_update_partner_extends_and_replaces_provinces(world):
    new_end = (bangkok_today() + dt.timedelta(days=700)).isoformat()

    result = await execute_as(
        world.actors["ministry"], UPDATE,
        {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "endsOn": new_end, "provinceCodes": ["20"]}},
    )

    payload = result.data["updatePartnerOrganisation"]
    assert payload["errors"] == []
    assert payload["partnerOrganisation"]["endsOn"] == new_end
    assert payload["partnerOrganisation"]["provinces"] == [{"code": "20"}]
    assert payload["partnerOrganisation"]["nameTh"] == "มูลนิธิเพื่อเด็กทดสอบ"
    assert payload["partnerOrganisation"]["mouReference"] == "ศธ 0100/MOU-200"


async def test_update_partner_checks_date_order(world):
    before_start = (world.partner.mou_starts_on - dt.timedelta(days=1)).isoformat()

    result = await execute_as(
        world.actors["ministry"], UPDATE,
        {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "endsOn": before_start}},
    )

    assert error_list(result.data["updatePartnerOrganisation"]) == [("endsOn", "INVALID")]


async def test_update_unknown_partner_not_found(world):
    result = await execute_as(
        world.actors["ministry"], UPDATE,
        {"input": {"partnerId": to_global_id("PartnerOrganisation", world.tree.school.id), "nameTh": "ใหม่"}},
    )

    assert error_list(result.data["updatePartnerOrganisation"]) == [("partnerId", "NOT_FOUND")]


async def test_revoked_partner_cannot_change(world):
    await partners.revoke_mou(world.actors["ministry"], world.partner.id, "ไม่ปฏิบัติตามข้อตกลง")

    result = await execute_as(
        world.actors["ministry"], UPDATE,
        {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "endsOn": "2030-01-01"}},
    )

    assert error_list(result.data["updatePartnerOrganisation"]) == [("partnerId", "CONFLICT")]


async def test_partner_list_filters_in_force(world):
    today = bangkok_today()
    await make_partner("MOU-ENDED", starts_on=today - dt.timedelta(days=400), ends_on=today - dt.timedelta(days=1))
    revoked = await make_partner("MOU-REVOKED")
    await partners.revoke_mou(world.actors["ministry"], revoked.id, "ยุติความร่วมมือ")
    await make_partner("MOU-LATER", starts_on=today + dt.timedelta(days=1))

    in_force = await execute_as(world.actors["ministry"], PARTNERS, {"filter": {"inForce": True}})
    not_in_force = await execute_as(world.actors["ministry"], PARTNERS, {"filter": {"inForce": False}})

    assert [edge["node"] for edge in in_force.data["partnerOrganisations"]["edges"]] == [
        {"code": "MOU-001", "mouStatus": "IN_FORCE"},
        {"code": "MOU-200", "mouStatus": "IN_FORCE"},
    ]
    assert [edge["node"] for edge in not_in_force.data["partnerOrganisations"]["edges"]] == [
        {"code": "MOU-ENDED", "mouStatus": "ENDED"},
        {"code": "MOU-LATER", "mouStatus": "NOT_STARTED"},
        {"code": "MOU-REVOKED", "mouStatus": "REVOKED"},
    ]


async def test_partner_list_only_for_ministry(world):
    result = await execute_as(world.actors["partner"], PARTNERS)

    assert result_error_codes(result) == ["FORBIDDEN"]


async def test_partner_reads_own_organisation_only(world):
    other = await make_partner("MOU-OTHER")

    own = await execute_as(world.actors["partner"], PARTNER, {"id": gid("PartnerOrganisation", world.partner)})
    foreign = await execute_as(world.actors["partner"], PARTNER, {"id": gid("PartnerOrganisation", other)})
    school = await execute_as(world.actors["school"], PARTNER, {"id": gid("PartnerOrganisation", world.partner)})

    assert own.data["partnerOrganisation"] == {"code": "MOU-200"}
    assert foreign.data["partnerOrganisation"] is None
    assert school.data["partnerOrganisation"] is None


async def test_my_partner_organisation_shows_open_provinces(world):
    await Phase2Province.create(province_id="20")

    result = await execute_as(world.actors["partner"], MY_PARTNER)

    assert result.data["myPartnerOrganisation"] == {
        "code": "MOU-200",
        "mouStatus": "IN_FORCE",
        "mouStatusLabel": "มีผลบังคับใช้",
        "provinces": [{"code": "10"}, {"code": "20"}],
        "openProvinces": [{"code": "20"}],
    }


async def test_my_partner_organisation_null_for_staff(world):
    result = await execute_as(world.actors["school"], MY_PARTNER)

    assert result.data["myPartnerOrganisation"] is None


async def test_partner_staff_register_and_ministry_approves(world):
    app = create_app(make_settings(), manage_db=False)
    registration = {
        "username": "somsak.mou", "password": "ทะเลสีครามงามจับใจ", "title": "นาย", "firstName": "สมศักดิ์",
        "lastName": "รักษ์เด็ก", "position": "เจ้าหน้าที่โครงการ", "agencyKind": "PARTNER",
        "agencyCode": "MOU-200", "phone": "0812345678", "email": "somsak@example.test",
    }

    async with client_for(app) as client:
        registered = await gql(client, REGISTER, {"input": registration})
        user_id = registered["data"]["registerUser"]["user"]["id"]
        admin_token = await sign_in(client, "admin.moe")
        approved = await gql(client, APPROVE, {"input": {"userId": user_id}}, token=admin_token)
        partner_token = await sign_in(client, "somsak.mou", "ทะเลสีครามงามจับใจ")

    assert registered["data"]["registerUser"]["user"]["role"] == "PARTNER"
    assert registered["data"]["registerUser"]["user"]["status"] == "PENDING"
    assert approved["data"]["approveUser"] == {"user": {"status": "ACTIVE"}, "errors": []}
    assert partner_token


# ---------------------------------------------------------------- phase 2 provinces


async def test_open_province_listed_publicly(world):
    opened = await execute_as(world.actors["ministry"], OPEN, {"input": {"provinceCode": "10"}})

    listed = await execute_as(None, PHASE2)

    assert opened.data["openPhase2Province"] == {"phase2Province": {"province": {"code": "10"}}, "errors": []}
    assert [item["province"] for item in listed.data["phase2Provinces"]] == [{"code": "10", "nameTh": "จังหวัด 10"}]
    stored = await Phase2Province.get(province_id="10")
    assert stored.opened_by_id == world.actors["ministry"].user_id


async def test_open_province_twice_succeeds(world):
    await execute_as(world.actors["ministry"], OPEN, {"input": {"provinceCode": "10"}})

    again = await execute_as(world.actors["ministry"], OPEN, {"input": {"provinceCode": "10"}})

    assert again.data["openPhase2Province"]["errors"] == []
    assert await Phase2Province.all().count() == 1
    entries = await AuditEntry.filter(action="phase2.open").order_by("id")
    assert [entry.details["already_open"] for entry in entries] == [False, True]


async def test_open_unknown_province(world):
    result = await execute_as(world.actors["ministry"], OPEN, {"input": {"provinceCode": "99"}}, locale="en")

    payload = result.data["openPhase2Province"]
    assert error_list(payload) == [("provinceCode", "NOT_FOUND")]
    assert payload["errors"][0]["message"] == (
        "The province code '99' was not found: use a 2-digit DOPA province code, e.g. 10 for Bangkok."
    )


@pytest.mark.parametrize("actor", ["obec", "school", "partner"])
async def test_open_province_only_ministry(world, actor):
    result = await execute_as(world.actors[actor], OPEN, {"input": {"provinceCode": "10"}})

    assert result_error_codes(result) == ["FORBIDDEN"]
    assert await Phase2Province.all().count() == 0


async def test_close_province_is_audited(world):
    await Phase2Province.create(province_id="10")

    result = await execute_as(world.actors["ministry"], CLOSE, {"input": {"provinceCode": "10"}})

    assert result.data["closePhase2Province"] == {"province": {"code": "10"}, "errors": []}
    assert await Phase2Province.all().count() == 0
    entry = await AuditEntry.get(action="phase2.close")
    assert entry.details["was_open"] is True
    assert entry.target_ids == ["10"]


async def test_partner_sees_nothing_before_opening(world):
    await make_student(world.tree.school, first_name="สิบ", province_id="10")

    result = await execute_as(await current_actor(world.users["partner"]), STUDENTS)

    assert result.data["students"]["totalCount"] == 0


async def test_opening_and_closing_change_partner_view(world):
    await make_student(world.tree.school, first_name="สิบ", province_id="10")
    await make_student(world.tree.school, first_name="ยี่สิบ", province_id="20")
    ministry = world.actors["ministry"]

    await execute_as(ministry, OPEN, {"input": {"provinceCode": "10"}})
    first = await execute_as(await current_actor(world.users["partner"]), STUDENTS)
    await execute_as(ministry, OPEN, {"input": {"provinceCode": "20"}})
    second = await execute_as(await current_actor(world.users["partner"]), STUDENTS)
    await execute_as(ministry, CLOSE, {"input": {"provinceCode": "10"}})
    third = await execute_as(await current_actor(world.users["partner"]), STUDENTS)

    names = [[edge["node"]["firstName"] for edge in result.data["students"]["edges"]] for result in (first, second, third)]
    assert names == [["สิบ"], ["สิบ", "ยี่สิบ"], ["ยี่สิบ"]]


async def test_open_province_not_covered_stays_hidden(world):
    await AgencyProvince.filter(agency_id=world.partner.id, province_id="20").delete()
    await make_student(world.tree.school, first_name="ยี่สิบ", province_id="20")
    await Phase2Province.create(province_id="20")

    result = await execute_as(await current_actor(world.users["partner"]), STUDENTS)

    assert result.data["students"]["totalCount"] == 0


# ---------------------------------------------------------------- when access ends


@pytest.mark.parametrize(
    ("starts_in", "ends_in", "visible"),
    [(-30, 0, True), (-30, -1, False), (1, 30, False), (0, 30, True)],
)
async def test_access_follows_mou_dates(world, starts_in, ends_in, visible):
    today = bangkok_today()
    await make_student(world.tree.school, first_name="สิบ", province_id="10")
    await Phase2Province.create(province_id="10")
    await Agency.filter(id=world.partner.id).update(
        mou_starts_on=today + dt.timedelta(days=starts_in), mou_ends_on=today + dt.timedelta(days=ends_in)
    )

    result = await execute_as(await current_actor(world.users["partner"]), STUDENTS)

    assert result.data["students"]["totalCount"] == (1 if visible else 0)


async def test_ended_mou_takes_effect_on_next_request(world):
    app = create_app(make_settings(), manage_db=False)
    await make_student(world.tree.school, first_name="สิบ", province_id="10")
    await Phase2Province.create(province_id="10")

    async with client_for(app) as client:
        token = await sign_in(client, "staff.mou200")
        before = await gql(client, STUDENTS, token=token)
        await Agency.filter(id=world.partner.id).update(mou_ends_on=bangkok_today() - dt.timedelta(days=1))
        after = await gql(client, STUDENTS, token=token)

    assert before["data"]["students"]["totalCount"] == 1
    assert after["data"]["students"]["totalCount"] == 0


async def test_revoking_ends_sessions_at_once(world):
    app = create_app(make_settings(), manage_db=False)
    await Phase2Province.create(province_id="10")

    async with client_for(app) as client:
        token = await sign_in(client, "staff.mou200")
        revoked = await execute_as(
            world.actors["ministry"], REVOKE,
            {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "reason": "ไม่ปฏิบัติตามข้อตกลง"}},
        )
        after = await gql(client, STUDENTS, token=token)

    payload = revoked.data["revokePartnerMou"]
    assert payload["errors"] == []
    assert payload["partnerOrganisation"]["mouStatus"] == "REVOKED"
    assert [error["extensions"]["code"] for error in after["errors"]] == ["UNAUTHENTICATED"]
    assert await Session.filter(user_id=world.users["partner"].id, revoked_at=None).count() == 0
    stored = await Agency.get(id=world.partner.id)
    assert stored.active is False


async def test_revocation_is_audited_with_reason(world):
    await execute_as(
        world.actors["ministry"], REVOKE,
        {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "reason": "ไม่ปฏิบัติตามข้อตกลง"}},
    )

    entry = await AuditEntry.get(action="partner.revoke_mou")
    assert entry.target_ids == [str(world.partner.id)]
    assert entry.details["reason"] == "ไม่ปฏิบัติตามข้อตกลง"


async def test_revocation_requires_reason(world):
    result = await execute_as(
        world.actors["ministry"], REVOKE, {"input": {"partnerId": gid("PartnerOrganisation", world.partner), "reason": ""}}
    )

    assert error_list(result.data["revokePartnerMou"]) == [("reason", "REQUIRED")]
    assert (await Agency.get(id=world.partner.id)).mou_revoked_at is None


async def test_revoked_partner_sees_nothing(world):
    await make_student(world.tree.school, first_name="สิบ", province_id="10")
    await Phase2Province.create(province_id="10")
    await partners.revoke_mou(world.actors["ministry"], world.partner.id, "ยุติความร่วมมือ")

    result = await execute_as(await current_actor(world.users["partner"]), STUDENTS)

    assert result.data["students"]["totalCount"] == 0


async def test_revoked_partner_cannot_register(world):
    await partners.revoke_mou(world.actors["ministry"], world.partner.id, "ยุติความร่วมมือ")
    registration = {
        "username": "late.mou", "password": "ทะเลสีครามงามจับใจ", "title": "นาง", "firstName": "สมพร",
        "lastName": "ใจงาม", "position": "อาสาสมัคร", "agencyKind": "PARTNER",
        "agencyCode": "MOU-200", "phone": "0812345679", "email": "somporn@example.test",
    }

    result = await execute_as(None, REGISTER, {"input": registration})

    assert result.data["registerUser"]["errors"] == [{"field": "agencyCode", "code": "INVALID"}]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"mou_ends_on": dt.date(2024, 5, 31)}, "partner_mou_ended"),
        ({"mou_starts_on": dt.date(2999, 1, 1)}, "partner_mou_not_started"),
        ({"active": False}, "partner_inactive"),
    ],
)
async def test_access_error_names_the_reason(world, change, key):
    await Agency.filter(id=world.partner.id).update(**change)

    error = partners.partner_access_error(await Agency.get(id=world.partner.id), bangkok_today())

    assert error.code.value == "FORBIDDEN"
    assert error.message_key == key


def test_access_error_message_in_thai():
    agency = Agency(
        kind=AgencyKind.PARTNER, code="MOU-9", name_th="มูลนิธิทดสอบ", name_en="",
        mou_starts_on=dt.date(2023, 6, 1), mou_ends_on=dt.date(2024, 5, 31), active=True,
    )

    error = partners.partner_access_error(agency, dt.date(2024, 6, 1))

    assert error.message("th") == (
        "บันทึกข้อตกลงของมูลนิธิทดสอบสิ้นสุดแล้วเมื่อวันที่ 31 พ.ค. 2567 บัญชีของภาคีเครือข่ายจึงใช้งานระบบไม่ได้ "
        "หากต่ออายุบันทึกข้อตกลงแล้ว กรุณาติดต่อผู้ดูแลระบบระดับกระทรวง"
    )


async def test_sign_in_refused_after_mou_ended(world):
    await Agency.filter(id=world.partner.id).update(mou_ends_on=bangkok_today() - dt.timedelta(days=1))

    result = await execute_as(None, LOGIN, {"input": {"username": "staff.mou200", "password": "ทดสอบ-ระบบ-2567"}})

    payload = result.data["login"]
    assert payload["token"] is None
    assert error_list(payload) == [(None, "FORBIDDEN")]


# ---------------------------------------------------------------- the field policy


def test_partner_policy_matches_design():
    assert POLICY[UserRole.PARTNER.value] == {
        FieldGroup.NATIONAL_ID: Access.REDUCED,
        FieldGroup.IDENTITY: Access.FULL,
        FieldGroup.BIRTH_DATE: Access.REDUCED,
        FieldGroup.HOME_ADDRESS: Access.NONE,
        FieldGroup.HOME_AREA: Access.FULL,
        FieldGroup.GUARDIAN: Access.NONE,
        FieldGroup.VISIT_SUMMARY: Access.FULL,
        FieldGroup.VISIT_DETAIL: Access.NONE,
        FieldGroup.HELP: Access.FULL,
        FieldGroup.RECORD_META: Access.NONE,
    }


def test_help_record_fields_all_have_a_rule():
    schema = build_schema(make_settings())._schema

    assert set(schema.type_map["HelpRecord"].fields) == set(FIELD_GROUPS["HelpRecord"])


# Fields whose value depends on the caller, not only on whether the caller may see them.
CALLER_DEPENDENT = {("Student", "canEdit")}

MATRIX_ROLES = {
    "SCHOOL_STAFF": "school",
    "AREA_OFFICER": "area",
    "AFFILIATION_ADMIN": "obec",
    "MINISTRY_ADMIN": "ministry",
    "PARTNER": "partner",
}


def selection(type_name: str) -> str:
    """Select every field of ``type_name``; object fields by their ``__typename``."""
    graphql_type = build_schema(make_settings())._schema.type_map[type_name]
    parts = []
    for name, field in graphql_type.fields.items():
        named = get_named_type(field.type)
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
            parts.append(f"{name} {{ __typename }}")
        else:
            parts.append(name)
    return " ".join(parts)


def matrix_query() -> str:
    return f"""
    query Matrix($student: ID!, $help: ID!) {{
      student(id: $student) {{
        {selection("Student")}
        matrixVisits: visits {{ {selection("Visit")} matrixPhotos: photos {{ {selection("Photo")} }} }}
      }}
      node(id: $help) {{ ... on HelpRecord {{ {selection("HelpRecord")} }} }}
    }}
    """


def records_by_type(data: dict) -> dict[str, dict | None]:
    student = data["student"]
    visit = student["matrixVisits"][0] if student and student["matrixVisits"] else None
    photo = visit["matrixPhotos"][0] if visit and visit["matrixPhotos"] else None
    return {"Student": student, "Visit": visit, "Photo": photo, "HelpRecord": data["node"]}


def expected_value(role: UserRole, type_name: str, field: str, reference: object) -> object:
    level = access(role, type_name, field)
    if level == Access.NONE or reference is None:
        return None
    if level == Access.REDUCED:
        return mask_national_id(reference) if (type_name, field) == ("Student", "nationalId") else None
    return reference


@pytest.fixture
async def full_record(world):
    """One child in open province 10 with every field filled, a visit with GPS, note and photo, and help."""
    await Phase2Province.create(province_id="10")
    student = await make_student(
        world.tree.school,
        national_id=make_national_id("110170012345"),
        first_name_en="Mana", last_name_en="Test", grade="ป.6", birth_date=dt.date(2012, 3, 4),
        house_number="12/3", village_no="4", address_line="ซอยทดสอบ", province_id="10",
        district_id="1001", subdistrict_id="100101", guardian_name="นางมาลี ทดสอบ", guardian_phone="0812345678",
    )
    visit = await make_visit(
        student, world.users["school"], status=CaseStatus.NOT_FOUND, reason=Reason.MOVED, needs=(Need.SCHOLARSHIP,)
    )
    await Visit.filter(id=visit.id).update(latitude=13.75, longitude=100.5, accuracy_m=8.0, note="บ้านปิด")
    await Photo.create(
        id=uuid.uuid4(), visit_id=visit.id, student_id=student.id, storage_key="photos/a.jpg",
        thumbnail_key="photos/a-thumb.jpg", content_type="image/jpeg", size_bytes=1000, width=10, height=10,
        sha256="0" * 64,
    )
    help_record = await HelpRecord.create(
        student_id=student.id, partner_id=world.partner.id, kind=Need.SCHOLARSHIP, given_on=dt.date(2024, 6, 1),
        amount_baht=Decimal("500.00"), note="ทุนการศึกษา", recorded_by_id=world.users["partner"].id,
    )
    return await Student.get(id=student.id), help_record


# tests/test_field_policy.py walks every role over Student, Visit and Photo. This test adds
# HelpRecord, and checks the other three again with a partner whose MOU and province are real.
@pytest.mark.parametrize("type_name", ["Student", "Visit", "Photo", "HelpRecord"])
@pytest.mark.parametrize("role", sorted(MATRIX_ROLES))
async def test_field_policy_matrix(world, full_record, role, type_name):
    student, help_record = full_record
    variables = {"student": gid("Student", student), "help": gid("HelpRecord", help_record)}
    query = matrix_query()
    reference = await execute_as(world.actors["ministry"], query, variables)
    assert reference.errors is None, reference.errors

    result = await execute_as(await current_actor(world.users[MATRIX_ROLES[role]]), query, variables)

    assert result.errors is None, result.errors
    seen = records_by_type(result.data)[type_name] or {}
    full = records_by_type(reference.data)[type_name]
    mismatches = []
    for field in FIELD_GROUPS[type_name]:
        if field not in full:
            continue
        value = seen.get(field)
        if (type_name, field) in CALLER_DEPENDENT:
            wrong = (value is None) != (expected_value(UserRole(role), type_name, field, full[field]) is None)
        else:
            wrong = value != expected_value(UserRole(role), type_name, field, full[field])
        if wrong:
            mismatches.append((field, value))
    assert mismatches == []


async def test_partner_record_is_masked(world, full_record):
    student, _help = full_record
    actor = await current_actor(world.users["partner"])

    result = await execute_as(
        actor,
        "query($id: ID!) { student(id: $id) { nationalId birthDate ageYears houseNumber guardianPhone "
        "subdistrict { code } visits { note latitude photos { url } } } }",
        {"id": gid("Student", student)},
    )

    assert result.data["student"] == {
        "nationalId": "xxxxxxxxx" + student.national_id[-4:],
        "birthDate": None,
        "ageYears": result.data["student"]["ageYears"],
        "houseNumber": None,
        "guardianPhone": None,
        "subdistrict": {"code": "100101"},
        "visits": [{"note": None, "latitude": None, "photos": None}],
    }
    assert isinstance(result.data["student"]["ageYears"], int)


async def test_public_reads_no_child(world, full_record):
    student, _help = full_record

    result = await execute_as(None, "query($id: ID!) { student(id: $id) { firstName } }", {"id": gid("Student", student)})

    assert result_error_codes(result) == ["UNAUTHENTICATED"]
