"""Generated field-policy matrix: every role against every field of every guarded type.

For each role (school staff, area officer, affiliation admin, ministry admin, partner and
the anonymous public) and each field that the schema exposes on ``Student``, ``Visit``
and ``Photo``, the test reads one child inside the caller's scope and one outside it, and
checks what comes back against ``services.policy.POLICY``:

- FULL: the stored value (every field of the fixture is filled, so null would be a leak
  in the other direction: a field that should show and does not);
- REDUCED: the reduced form (last four digits of the ID, age instead of birth date);
- NONE: null;
- out of scope: the child, its visits and photos are null, exactly as for a missing id.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type

from factories import make_agency_tree, make_home_area, make_student, make_user, make_visit, open_partner_province
from helpers import execute_as
from models.agency import AgencyKind
from models.student import CaseStatus, Gender, Need, Reason, Transfer, TransferStatus
from models.user import UserRole
from models.visit import HelpRecord
from models.visit import Photo as PhotoRow
from models.visit import Visit as VisitRow
from schema.base import to_global_id
from schema.root import build_schema
from services.policy import FIELD_GROUPS, POLICY, PUBLIC, Access, FieldGroup, age_in_years, mask_national_id
from services.scope import actor_for_user

GUARDED_TYPES = ("Student", "Visit", "Photo")
ROLES = (
    UserRole.SCHOOL_STAFF.value,
    UserRole.AREA_OFFICER.value,
    UserRole.AFFILIATION_ADMIN.value,
    UserRole.MINISTRY_ADMIN.value,
    UserRole.PARTNER.value,
    PUBLIC,
)


@functools.lru_cache(maxsize=1)
def _graphql_schema():
    return build_schema()._schema


def _schema_fields(type_name: str) -> dict:
    graphql_type = _graphql_schema().type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    return graphql_type.fields


def _selection(type_name: str, field_name: str) -> str:
    """Select ``field_name``, with ``__typename`` under it when it is an object or a list of objects."""
    field = _schema_fields(type_name)[field_name]
    named = get_named_type(field.type)
    if isinstance(named, GraphQLObjectType) or hasattr(named, "fields"):
        return f"{field_name} {{ __typename }}"
    return field_name


def _is_list(type_name: str, field_name: str) -> bool:
    field_type = _schema_fields(type_name)[field_name].type
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


def _guarded_fields(type_name: str) -> list[tuple[str, FieldGroup]]:
    """Fields the schema exposes, with their group; a field missing from the policy fails the test above."""
    in_schema = set(_schema_fields(type_name))
    return sorted((name, group) for name, group in FIELD_GROUPS[type_name].items() if name in in_schema)


@pytest.mark.parametrize("type_name", GUARDED_TYPES)
def test_policy_lists_every_schema_field(type_name):
    in_schema = set(_schema_fields(type_name))

    in_policy = set(FIELD_GROUPS[type_name])

    assert sorted(in_schema - in_policy) == [], "fields with no rule in services/policy.py"
    assert sorted(in_policy - in_schema) == [], "rules for fields the schema does not have"


def test_policy_covers_every_role_and_group():
    for role in ROLES:
        assert set(POLICY[role]) == set(FieldGroup), role


@dataclass
class World:
    actors: dict
    inside: dict  # role -> (student, visit, photo) in that role's scope
    outside: dict  # role -> (student, visit, photo) outside that role's scope, or None


async def _child_with_history(school, recorder, province_code: str, district_code: str, subdistrict_code: str):
    area = await make_home_area(province_code, district_code, subdistrict_code)
    student = await make_student(
        school,
        title="เด็กหญิง",
        first_name_en="Test",
        last_name_en="Child",
        gender=Gender.FEMALE,
        birth_date=dt.date(2010, 3, 15),
        grade="ม.1",
        house_number="12/3",
        village_no="4",
        address_line="ซอยทดสอบ",
        subdistrict_id=area.code,
        district_id=area.district_id,
        province_id=area.province_id,
        guardian_name="นางทดสอบ สมมุติ",
        guardian_phone="0215550000",
        possible_duplicate=True,
    )
    visit = await make_visit(
        student,
        recorder,
        status=CaseStatus.FOUND_WANTS_TO_RETURN,
        reason=Reason.LOW_INCOME,
        visited_at=dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.timezone.utc),
        needs=(Need.SCHOLARSHIP,),
    )
    await VisitRow.filter(id=visit.id).update(note="พบที่บ้าน", latitude=8.05, longitude=98.9, accuracy_m=12.5)
    photo = await PhotoRow.create(
        id=uuid.uuid4(),
        visit_id=visit.id,
        student_id=student.id,
        position=0,
        storage_key=f"photos/{uuid.uuid4()}.jpg",
        thumbnail_key=f"photos/{uuid.uuid4()}.thumb.jpg",
        content_type="image/jpeg",
        size_bytes=1234,
        width=640,
        height=480,
        sha256="0" * 64,
    )
    student = await type(student).get(id=student.id)
    return student, await VisitRow.get(id=visit.id), photo


async def _world() -> World:
    tree = await make_agency_tree()
    users = {
        UserRole.SCHOOL_STAFF.value: await make_user(tree.school),
        UserRole.AREA_OFFICER.value: await make_user(tree.area),
        UserRole.AFFILIATION_ADMIN.value: await make_user(tree.obec),
        UserRole.MINISTRY_ADMIN.value: await make_user(tree.ministry),
        UserRole.PARTNER.value: await make_user(tree.partner),
    }
    recorder = users[UserRole.SCHOOL_STAFF.value]
    other_recorder = await make_user(tree.school_c)
    opec_recorder = await make_user(tree.school_opec)
    await open_partner_province(tree.partner, "10")

    # Home province 10 is open to the partner; 20 is not.
    mine = await _child_with_history(tree.school, recorder, "10", "1001", "100101")
    other_area = await _child_with_history(tree.school_c, other_recorder, "20", "2001", "200101")
    other_affiliation = await _child_with_history(tree.school_opec, opec_recorder, "20", "2001", "200101")

    for student, _visit, _photo in (mine, other_area, other_affiliation):
        await HelpRecord.create(
            student_id=student.id,
            partner_id=tree.partner.id,
            kind=Need.SCHOLARSHIP,
            given_on=dt.date(2026, 6, 2),
            note="มอบทุนการศึกษา",
            recorded_by_id=users[UserRole.PARTNER.value].id,
        )
    await Transfer.create(
        student_id=mine[0].id,
        from_school_id=tree.school.id,
        to_school_id=tree.school_b.id,
        status=TransferStatus.DECLINED,
        reason="ครอบครัวย้ายที่อยู่",
        requested_by_id=recorder.id,
    )
    actors = {role: await actor_for_user(user) for role, user in users.items()}
    actors[PUBLIC] = None
    inside = {role: mine for role in ROLES}
    outside = {
        UserRole.SCHOOL_STAFF.value: other_area,
        UserRole.AREA_OFFICER.value: other_area,
        UserRole.AFFILIATION_ADMIN.value: other_affiliation,
        UserRole.MINISTRY_ADMIN.value: None,
        UserRole.PARTNER.value: other_area,
        PUBLIC: other_area,
    }
    assert tree.partner.kind == AgencyKind.PARTNER
    return World(actors=actors, inside=inside, outside=outside)


def _expected_full(type_name: str, field_name: str, student, visit, photo):
    """Return the value a FULL reader must get, or ``...`` when only non-null is checked."""
    known = {
        ("Student", "nationalId"): student.national_id,
        ("Student", "firstName"): student.first_name,
        ("Student", "lastName"): student.last_name,
        ("Student", "birthDate"): student.birth_date.isoformat(),
        ("Student", "houseNumber"): student.house_number,
        ("Student", "villageNo"): student.village_no,
        ("Student", "addressLine"): student.address_line,
        ("Student", "guardianName"): student.guardian_name,
        ("Student", "guardianPhone"): student.guardian_phone,
        ("Student", "id"): to_global_id("Student", student.id),
        ("Visit", "note"): visit.note,
        ("Visit", "latitude"): visit.latitude,
        ("Visit", "longitude"): visit.longitude,
        ("Visit", "accuracyMeters"): visit.accuracy_m,
        ("Visit", "status"): visit.status.value if hasattr(visit.status, "value") else visit.status,
        ("Visit", "reason"): visit.reason.value if hasattr(visit.reason, "value") else visit.reason,
        ("Photo", "width"): photo.width,
        ("Photo", "height"): photo.height,
        ("Photo", "sizeBytes"): photo.size_bytes,
    }
    return known.get((type_name, field_name), ...)


def _expected_reduced(type_name: str, field_name: str, student):
    if (type_name, field_name) == ("Student", "nationalId"):
        return mask_national_id(student.national_id)
    # A REDUCED field without a reduced form of its own is hidden (birthDate: partners
    # read ageYears, a separate IDENTITY field, instead).
    return None


QUERIES = {
    "Student": "query($id: ID!) {{ node(id: $id) {{ ... on Student {{ {selection} }} }} }}",
    "Visit": "query($id: ID!) {{ node(id: $id) {{ ... on Visit {{ {selection} }} }} }}",
    "Photo": "query($id: ID!) {{ node(id: $id) {{ ... on Photo {{ {selection} }} }} }}",
}

# A photo of a visit is reached through the visit's `photos` field, which is itself
# VISIT_DETAIL; the node lookup of a photo applies the same rule.
NESTED_QUERIES = {
    "Student": "query($id: ID!) {{ student(id: $id) {{ {selection} }} }}",
    "Visit": "query($id: ID!) {{ visit(id: $id) {{ {selection} }} }}",
    "Photo": "query($id: ID!) {{ visit(id: $id) {{ photos {{ {selection} }} }} }}",
}


def _target_id(type_name: str, records) -> str:
    student, visit, photo = records
    if type_name == "Student":
        return to_global_id("Student", student.id)
    if type_name == "Visit":
        return to_global_id("Visit", visit.id)
    return to_global_id("Photo", photo.id)


def _nested_id(type_name: str, records) -> str:
    student, visit, _photo = records
    if type_name == "Student":
        return to_global_id("Student", student.id)
    return to_global_id("Visit", visit.id)


def _reach(type_name: str, role: str) -> Access:
    """How a role reaches objects of ``type_name`` at all: through their parent's field group."""
    if type_name == "Photo":
        return POLICY[role][FieldGroup.VISIT_DETAIL]
    if type_name == "Visit":
        return POLICY[role][FieldGroup.VISIT_SUMMARY]
    return POLICY[role][FieldGroup.IDENTITY]


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_in_scope(db, role):
    world = await _world()
    records = world.inside[role]
    student, visit, photo = records
    leaks = []

    for type_name in GUARDED_TYPES:
        for field_name, group in _guarded_fields(type_name):
            rule = POLICY[role][group]
            reachable = _reach(type_name, role) != Access.NONE
            query = QUERIES[type_name].format(selection=_selection(type_name, field_name))

            result = await execute_as(world.actors[role], query, {"id": _target_id(type_name, records)})

            if role == PUBLIC:
                if result.data and result.data.get("node") is not None:
                    leaks.append(f"{type_name}.{field_name}: the public got {result.data}")
                continue
            node = (result.data or {}).get("node")
            if not reachable:
                if node is not None:
                    leaks.append(f"{type_name}.{field_name}: {role} reached a {type_name} it may not see")
                continue
            if node is None:
                leaks.append(f"{type_name}.{field_name}: {role} got no {type_name} in scope ({result.errors})")
                continue
            value = node.get(field_name)
            if rule == Access.NONE and value is not None:
                leaks.append(f"{type_name}.{field_name}: {role} should get null, got {value!r}")
            elif rule == Access.REDUCED and value != _expected_reduced(type_name, field_name, student):
                leaks.append(f"{type_name}.{field_name}: {role} should get the reduced form, got {value!r}")
            elif rule == Access.FULL:
                expected = _expected_full(type_name, field_name, student, visit, photo)
                if value is None or (_is_list(type_name, field_name) and value == []):
                    leaks.append(f"{type_name}.{field_name}: {role} should see it, got {value!r}")
                elif expected is not ... and value != expected:
                    leaks.append(f"{type_name}.{field_name}: {role} expected {expected!r}, got {value!r}")

    assert leaks == []


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_nested_paths(db, role):
    """The same rules hold when a field is reached through `student`, `visit` and `photos`."""
    world = await _world()
    records = world.inside[role]
    student, _visit, _photo = records
    leaks = []

    for type_name in GUARDED_TYPES:
        for field_name, group in _guarded_fields(type_name):
            rule = POLICY[role][group]
            query = NESTED_QUERIES[type_name].format(selection=_selection(type_name, field_name))

            result = await execute_as(world.actors[role], query, {"id": _nested_id(type_name, records)})

            data = result.data or {}
            root = data.get("student") if type_name == "Student" else data.get("visit")
            if role == PUBLIC or _reach(type_name, role) == Access.NONE and type_name != "Photo":
                if root is not None:
                    leaks.append(f"{type_name}.{field_name}: {role} reached {root}")
                continue
            if root is None:
                leaks.append(f"{type_name}.{field_name}: {role} got nothing in scope ({result.errors})")
                continue
            if type_name == "Photo":
                photos = root.get("photos")
                if _reach("Photo", role) == Access.NONE:
                    if photos is not None:
                        leaks.append(f"Photo.{field_name}: {role} got photos {photos}")
                    continue
                value = photos[0].get(field_name) if photos else None
            else:
                value = root.get(field_name)
            if rule == Access.NONE and value is not None:
                leaks.append(f"{type_name}.{field_name}: {role} should get null, got {value!r}")
            elif rule == Access.REDUCED and value != _expected_reduced(type_name, field_name, student):
                leaks.append(f"{type_name}.{field_name}: {role} should get the reduced form, got {value!r}")
            elif rule == Access.FULL and value is None:
                leaks.append(f"{type_name}.{field_name}: {role} should see it, got null")

    assert leaks == []


@pytest.mark.parametrize("role", ROLES)
async def test_matrix_out_of_scope(db, role):
    world = await _world()
    records = world.outside[role]
    if records is None:
        pytest.skip("a ministry admin's scope is the whole country")
    leaks = []

    for type_name in GUARDED_TYPES:
        for field_name, _group in _guarded_fields(type_name):
            for template, target in (
                (QUERIES[type_name], _target_id(type_name, records)),
                (NESTED_QUERIES[type_name], _nested_id(type_name, records)),
            ):
                query = template.format(selection=_selection(type_name, field_name))

                result = await execute_as(world.actors[role], query, {"id": target})

                data = result.data or {}
                if any(value is not None for value in data.values()):
                    leaks.append(f"{type_name}.{field_name}: {role} saw out-of-scope data {data}")

    assert leaks == []


async def test_partner_list_is_reduced(db):
    world = await _world()
    student = world.inside[PUBLIC][0]
    query = """
    { students(first: 10) { totalCount edges { node { nationalId birthDate ageYears guardianName houseNumber
      province { code } latestVisit { status note latitude photos { url } } } } } }
    """

    result = await execute_as(world.actors[UserRole.PARTNER.value], query)

    assert result.errors is None
    connection = result.data["students"]
    assert connection["totalCount"] == 1
    node = connection["edges"][0]["node"]
    assert node["nationalId"] == mask_national_id(student.national_id)
    assert node["birthDate"] is None
    assert node["ageYears"] == age_in_years(student.birth_date, dt.date.today())
    assert node["guardianName"] is None
    assert node["houseNumber"] is None
    assert node["province"] == {"code": "10"}
    assert node["latestVisit"]["status"] == "FOUND_WANTS_TO_RETURN"
    assert node["latestVisit"]["note"] is None
    assert node["latestVisit"]["latitude"] is None
    assert node["latestVisit"]["photos"] is None


def test_policy_matches_published_table():
    """The rules themselves, as the architecture guide's table states them."""
    partner = POLICY[UserRole.PARTNER.value]

    for role in ROLES[:4]:
        assert set(POLICY[role].values()) == {Access.FULL}, role
    assert set(POLICY[PUBLIC].values()) == {Access.NONE}
    assert partner[FieldGroup.NATIONAL_ID] == Access.REDUCED
    assert partner[FieldGroup.IDENTITY] == Access.FULL
    assert partner[FieldGroup.BIRTH_DATE] == Access.REDUCED
    assert partner[FieldGroup.HOME_ADDRESS] == Access.NONE
    assert partner[FieldGroup.HOME_AREA] == Access.FULL
    assert partner[FieldGroup.GUARDIAN] == Access.NONE
    assert partner[FieldGroup.VISIT_SUMMARY] == Access.FULL
    assert partner[FieldGroup.VISIT_DETAIL] == Access.NONE
