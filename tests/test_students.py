"""Finding children: scope, filters, search, sorting, pages, lookups by id, and the field policy."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import make_agency_tree, make_home_area, make_student, make_user, make_visit, open_partner_province
from helpers import execute_as, result_error_codes
from models.student import CaseStatus, Reason
from models.user import UserRole
from schema.base import to_global_id
from services.identifiers import make_national_id
from services.scope import actor_for_user

STUDENTS = """
query Students($filter: StudentFilter, $search: String, $sort: StudentSortInput, $first: Int, $after: String) {
  students(filter: $filter, search: $search, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id firstName lastName } }
  }
}
"""

STUDENT = """
query Student($id: ID!) {
  student(id: $id) {
    id nationalId idKind title firstName lastName firstNameEn lastNameEn fullName gender grade term
    status statusLabel birthDate ageYears houseNumber villageNo addressLine
    guardianName guardianPhone version possibleDuplicate canEdit historyOnly
    visitCount latestReason latestReasonLabel lastVisitedAt
    school { nameTh areaOffice { nameTh } }
    areaOffice { nameTh }
    affiliation { nameTh }
    province { code } district { code } subdistrict { code }
    latestVisit { status }
    visits { status }
  }
}
"""

NODE = """
query Node($id: ID!) {
  node(id: $id) { id ... on Student { firstName } }
}
"""


@pytest.fixture
async def world(db):
    """A tree of agencies, one user of each role, and the actors of those users."""
    tree = await make_agency_tree()
    await make_home_area()
    await open_partner_province(tree.partner, "10")
    users = {
        "school": await make_user(tree.school),
        "school_b": await make_user(tree.school_b),
        "school_c": await make_user(tree.school_c),
        "area": await make_user(tree.area),
        "area_b": await make_user(tree.area_b),
        "obec": await make_user(tree.obec),
        "opec": await make_user(tree.opec),
        "ministry": await make_user(tree.ministry),
        "partner": await make_user(tree.partner),
    }
    actors = {name: await actor_for_user(user) for name, user in users.items()}
    return tree, users, actors


def names(result) -> list[str]:
    assert result.errors is None, result.errors
    return [edge["node"]["firstName"] for edge in result.data["students"]["edges"]]


def gid(student) -> str:
    return to_global_id("Student", student.id)


# ---------------------------------------------------------------- scope


async def test_school_staff_see_own_school_only(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="สมหญิง")
    await make_student(tree.school_b, first_name="สมปอง")

    result = await execute_as(actors["school"], STUDENTS)

    assert names(result) == ["สมหญิง"]
    assert result.data["students"]["totalCount"] == 1


async def test_area_officer_sees_all_schools_of_office(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="สมหญิง")
    await make_student(tree.school_b, first_name="สมปอง")
    await make_student(tree.school_c, first_name="สมศรี")

    result = await execute_as(actors["area"], STUDENTS)

    assert names(result) == ["สมหญิง", "สมปอง"]


async def test_affiliation_admin_sees_own_affiliation(world):
    tree, _users, actors = world
    await make_student(tree.school_c, first_name="สมศรี")
    await make_student(tree.school_opec, first_name="สมใจ")

    assert names(await execute_as(actors["obec"], STUDENTS)) == ["สมศรี"]
    assert names(await execute_as(actors["opec"], STUDENTS)) == ["สมใจ"]
    assert names(await execute_as(actors["ministry"], STUDENTS)) == ["สมศรี", "สมใจ"]


async def test_partner_sees_open_provinces_only(world):
    tree, _users, actors = world
    await make_home_area("20", "2001", "200101")
    await make_student(tree.school, first_name="ในจังหวัด", province_id="10")
    await make_student(tree.school, first_name="นอกจังหวัด", province_id="20")
    await make_student(tree.school, first_name="ไม่ทราบจังหวัด")

    result = await execute_as(actors["partner"], STUDENTS)

    assert names(result) == ["ในจังหวัด"]


async def test_merged_records_are_not_listed(world):
    tree, _users, actors = world
    kept = await make_student(tree.school, first_name="เก็บไว้")
    await make_student(tree.school, first_name="รวมแล้ว", merged_into_id=kept.id)

    result = await execute_as(actors["school"], STUDENTS)

    assert names(result) == ["เก็บไว้"]


async def test_anonymous_caller_is_rejected(world):
    result = await execute_as(None, STUDENTS)

    assert result_error_codes(result) == ["UNAUTHENTICATED"]


# ---------------------------------------------------------------- filters


async def test_filter_by_status_and_reason(world):
    tree, users, actors = world
    found = await make_student(tree.school, first_name="พบตัว")
    lost = await make_student(tree.school, first_name="ไม่พบ")
    await make_student(tree.school, first_name="ยังไม่เริ่ม")
    await make_visit(found, users["school"], status=CaseStatus.FOUND_WANTS_TO_RETURN, reason=Reason.LOW_INCOME)
    await make_visit(lost, users["school"], status=CaseStatus.NOT_FOUND, reason=Reason.MOVED)

    by_status = await execute_as(actors["school"], STUDENTS, {"filter": {"status": ["NOT_FOUND", "NOT_STARTED"]}})
    by_reason = await execute_as(actors["school"], STUDENTS, {"filter": {"reason": ["LOW_INCOME"]}})

    assert names(by_status) == ["ไม่พบ", "ยังไม่เริ่ม"]
    assert names(by_reason) == ["พบตัว"]


async def test_filter_by_term_year_semester_and_grade(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="ภาคหนึ่ง", semester=1, academic_year=2564, grade="ป.6")
    await make_student(tree.school, first_name="ภาคสอง", semester=2, academic_year=2564, grade="ม.1")
    await make_student(tree.school, first_name="ปีถัดไป", semester=1, academic_year=2565, grade="ม.1")

    by_term = await execute_as(actors["school"], STUDENTS, {"filter": {"term": "2/2564"}})
    by_year = await execute_as(actors["school"], STUDENTS, {"filter": {"academicYear": 2564}})
    by_semester = await execute_as(actors["school"], STUDENTS, {"filter": {"semester": 1}})
    by_grade = await execute_as(actors["school"], STUDENTS, {"filter": {"grade": "ม.1"}})

    assert names(by_term) == ["ภาคสอง"]
    assert names(by_year) == ["ภาคหนึ่ง", "ภาคสอง"]
    assert names(by_semester) == ["ภาคหนึ่ง", "ปีถัดไป"]
    assert names(by_grade) == ["ภาคสอง", "ปีถัดไป"]


async def test_invalid_term_is_rejected(world):
    _tree, _users, actors = world

    result = await execute_as(actors["school"], STUDENTS, {"filter": {"term": "2564/1"}})

    assert result_error_codes(result) == ["INVALID"]
    assert result.errors[0].extensions["field"] == "filter.term"


async def test_filter_by_agencies_in_scope(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="หนึ่ง")
    await make_student(tree.school_b, first_name="สอง")
    await make_student(tree.school_c, first_name="สาม")

    by_school = await execute_as(actors["area"], STUDENTS, {"filter": {"schoolId": to_global_id("Agency", tree.school_b.id)}})
    by_area = await execute_as(actors["obec"], STUDENTS, {"filter": {"areaOfficeId": to_global_id("Agency", tree.area_b.id)}})
    by_affiliation = await execute_as(actors["ministry"], STUDENTS, {"filter": {"affiliationId": to_global_id("Agency", tree.obec.id)}})

    assert names(by_school) == ["สอง"]
    assert names(by_area) == ["สาม"]
    assert names(by_affiliation) == ["หนึ่ง", "สอง", "สาม"]


async def test_filter_by_agency_outside_scope_is_empty(world):
    tree, _users, actors = world
    await make_student(tree.school_c, first_name="สาม")

    result = await execute_as(actors["area"], STUDENTS, {"filter": {"schoolId": to_global_id("Agency", tree.school_c.id)}})

    assert names(result) == []
    assert result.data["students"]["totalCount"] == 0


async def test_filter_by_home_province_and_district(world):
    tree, _users, actors = world
    await make_home_area("10", "1002", "100201")
    await make_home_area("20", "2001", "200101")
    await make_student(tree.school, first_name="เขตหนึ่ง", province_id="10", district_id="1001")
    await make_student(tree.school, first_name="เขตสอง", province_id="10", district_id="1002")
    await make_student(tree.school, first_name="อีกจังหวัด", province_id="20", district_id="2001")

    by_province = await execute_as(actors["school"], STUDENTS, {"filter": {"provinceCode": "10"}})
    by_district = await execute_as(actors["school"], STUDENTS, {"filter": {"districtCode": "1002"}})

    assert names(by_province) == ["เขตหนึ่ง", "เขตสอง"]
    assert names(by_district) == ["เขตสอง"]


async def test_filter_by_visited_and_last_visit_before(world):
    tree, users, actors = world
    early = await make_student(tree.school, first_name="เยี่ยมนานแล้ว")
    recent = await make_student(tree.school, first_name="เยี่ยมล่าสุด")
    await make_student(tree.school, first_name="ยังไม่เยี่ยม")
    # 23:30 on 31 May in Bangkok is still before 1 June there, though it is 16:30 UTC.
    await make_visit(early, users["school"], visited_at=dt.datetime(2024, 5, 31, 16, 30, tzinfo=dt.timezone.utc))
    await make_visit(recent, users["school"], visited_at=dt.datetime(2024, 5, 31, 17, 30, tzinfo=dt.timezone.utc))

    visited = await execute_as(actors["school"], STUDENTS, {"filter": {"visited": True}})
    never = await execute_as(actors["school"], STUDENTS, {"filter": {"visited": False}})
    before = await execute_as(actors["school"], STUDENTS, {"filter": {"lastVisitBefore": "2024-06-01"}})

    assert names(visited) == ["เยี่ยมนานแล้ว", "เยี่ยมล่าสุด"]
    assert names(never) == ["ยังไม่เยี่ยม"]
    assert names(before) == ["เยี่ยมนานแล้ว"]


async def test_filter_by_possible_duplicate(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="อาจซ้ำ", possible_duplicate=True)
    await make_student(tree.school, first_name="ไม่ซ้ำ")

    flagged = await execute_as(actors["school"], STUDENTS, {"filter": {"possibleDuplicate": True}})
    others = await execute_as(actors["school"], STUDENTS, {"filter": {"possibleDuplicate": False}})

    assert names(flagged) == ["อาจซ้ำ"]
    assert names(others) == ["ไม่ซ้ำ"]


# ---------------------------------------------------------------- search


async def test_search_by_thai_full_name(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="สมชาย", last_name="ใจดี")
    await make_student(tree.school, first_name="สมชาย", last_name="ใจงาม")
    await make_student(tree.school, first_name="ใจดี", last_name="มีสุข")

    full = await execute_as(actors["school"], STUDENTS, {"search": "  สมชาย   ใจดี "})
    part = await execute_as(actors["school"], STUDENTS, {"search": "ใจดี"})

    assert [e["node"]["lastName"] for e in full.data["students"]["edges"]] == ["ใจดี"]
    assert names(part) == ["สมชาย", "ใจดี"]


async def test_search_by_english_name_ignores_case(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="สมชาย", first_name_en="Somchai", last_name_en="Jaidee")
    await make_student(tree.school, first_name="สมศรี", first_name_en="Somsri", last_name_en="Boonmee")

    result = await execute_as(actors["school"], STUDENTS, {"search": "somchai JAIDEE"})

    assert names(result) == ["สมชาย"]


async def test_search_by_national_id_is_exact(world):
    tree, _users, actors = world
    national_id = make_national_id("110170012345")
    await make_student(tree.school, first_name="ตรงกัน", national_id=national_id)
    await make_student(tree.school, first_name="ไม่ตรง", national_id=make_national_id("110170012346"))
    dashed = f"{national_id[0]}-{national_id[1:5]}-{national_id[5:10]}-{national_id[10:12]}-{national_id[12]}"

    plain = await execute_as(actors["school"], STUDENTS, {"search": national_id})
    with_dashes = await execute_as(actors["school"], STUDENTS, {"search": dashed})
    partial = await execute_as(actors["school"], STUDENTS, {"search": national_id[:6]})

    assert names(plain) == ["ตรงกัน"]
    assert names(with_dashes) == ["ตรงกัน"]
    assert result_error_codes(partial) == ["INVALID"]
    assert partial.errors[0].extensions["field"] == "search"


async def test_search_by_g_code(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="รหัสจี", national_id="G123456789012", id_kind="G_CODE")

    result = await execute_as(actors["school"], STUDENTS, {"search": "g123456789012"})

    assert names(result) == ["รหัสจี"]


async def test_partner_cannot_search_by_national_id(world):
    tree, _users, actors = world
    national_id = make_national_id("110170012345")
    await make_student(tree.school, national_id=national_id, province_id="10")

    result = await execute_as(actors["partner"], STUDENTS, {"search": national_id})

    assert result_error_codes(result) == ["FORBIDDEN"]
    assert result.errors[0].extensions["field"] == "search"


async def test_search_text_too_long_is_rejected(world):
    _tree, _users, actors = world

    result = await execute_as(actors["school"], STUDENTS, {"search": "ก" * 101})

    assert result_error_codes(result) == ["INVALID"]


async def test_search_treats_percent_as_text(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="สมชาย")

    result = await execute_as(actors["school"], STUDENTS, {"search": "%"})

    assert names(result) == []


# ---------------------------------------------------------------- sorting and pages


async def test_sort_by_name_both_directions(world):
    tree, _users, actors = world
    await make_student(tree.school, first_name="ข", last_name="ข")
    await make_student(tree.school, first_name="ก", last_name="ข")
    await make_student(tree.school, first_name="ก", last_name="ก")

    ascending = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "NAME"}})
    descending = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "NAME", "direction": "DESC"}})

    def full(result):
        return [(e["node"]["firstName"], e["node"]["lastName"]) for e in result.data["students"]["edges"]]

    assert full(ascending) == [("ก", "ก"), ("ก", "ข"), ("ข", "ข")]
    assert full(descending) == [("ข", "ข"), ("ก", "ข"), ("ก", "ก")]


async def test_sort_by_last_visit_puts_never_visited_last(world):
    tree, users, actors = world
    never = await make_student(tree.school, first_name="ไม่เคย")
    old = await make_student(tree.school, first_name="เก่า")
    new = await make_student(tree.school, first_name="ใหม่")
    await make_visit(old, users["school"], visited_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    await make_visit(new, users["school"], visited_at=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc))
    assert never.id < old.id

    ascending = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "LAST_VISITED_AT"}})
    descending = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "LAST_VISITED_AT", "direction": "DESC"}})

    assert names(ascending) == ["เก่า", "ใหม่", "ไม่เคย"]
    assert names(descending) == ["ใหม่", "เก่า", "ไม่เคย"]


async def test_sort_by_status_follows_case_order(world):
    tree, users, actors = world
    returned = await make_student(tree.school, first_name="กลับแล้ว")
    await make_student(tree.school, first_name="ยังไม่เริ่ม")
    progress = await make_student(tree.school, first_name="กำลังติดตาม")
    await make_visit(returned, users["school"], status=CaseStatus.RETURNED)
    await make_visit(progress, users["school"], status=CaseStatus.IN_PROGRESS)

    result = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "STATUS"}})

    assert names(result) == ["ยังไม่เริ่ม", "กำลังติดตาม", "กลับแล้ว"]


async def test_sort_by_school_code_then_id(world):
    tree, _users, actors = world
    await make_student(tree.school_b, first_name="บีหนึ่ง")
    await make_student(tree.school, first_name="เอหนึ่ง")
    await make_student(tree.school_b, first_name="บีสอง")

    ascending = await execute_as(actors["area"], STUDENTS, {"sort": {"field": "SCHOOL"}})
    descending = await execute_as(actors["area"], STUDENTS, {"sort": {"field": "SCHOOL", "direction": "DESC"}})

    assert names(ascending) == ["เอหนึ่ง", "บีหนึ่ง", "บีสอง"]
    assert names(descending) == ["บีสอง", "บีหนึ่ง", "เอหนึ่ง"]


async def test_sort_by_created_at(world):
    tree, _users, actors = world
    first = await make_student(tree.school, first_name="ก่อน")
    second = await make_student(tree.school, first_name="หลัง")
    await type(first).filter(id=first.id).update(created_at=dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc))
    await type(second).filter(id=second.id).update(created_at=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc))

    result = await execute_as(actors["school"], STUDENTS, {"sort": {"field": "CREATED_AT"}})

    assert names(result) == ["หลัง", "ก่อน"]


async def test_pages_follow_cursors(world):
    tree, _users, actors = world
    for number in range(5):
        await make_student(tree.school, first_name=f"คนที่{number}")

    first_page = await execute_as(actors["school"], STUDENTS, {"first": 2})
    cursor = first_page.data["students"]["pageInfo"]["endCursor"]
    second_page = await execute_as(actors["school"], STUDENTS, {"first": 2, "after": cursor})
    last_cursor = second_page.data["students"]["pageInfo"]["endCursor"]
    last_page = await execute_as(actors["school"], STUDENTS, {"first": 2, "after": last_cursor})

    assert names(first_page) == ["คนที่0", "คนที่1"]
    assert names(second_page) == ["คนที่2", "คนที่3"]
    assert names(last_page) == ["คนที่4"]
    assert first_page.data["students"]["pageInfo"]["hasNextPage"] is True
    assert first_page.data["students"]["pageInfo"]["hasPreviousPage"] is False
    assert second_page.data["students"]["pageInfo"]["hasPreviousPage"] is True
    assert last_page.data["students"]["pageInfo"]["hasNextPage"] is False
    assert last_page.data["students"]["totalCount"] == 5


async def test_page_size_is_capped(world):
    _tree, _users, actors = world

    result = await execute_as(actors["school"], STUDENTS, {"first": 101})

    assert result_error_codes(result) == ["TOO_LARGE"]
    assert result.errors[0].extensions["field"] == "first"


# ---------------------------------------------------------------- one child


async def test_student_by_id_in_scope(world):
    tree, users, actors = world
    student = await make_student(
        tree.school,
        first_name="สมหญิง",
        last_name="ใจดี",
        title="เด็กหญิง",
        gender="FEMALE",
        grade="ป.6",
        birth_date=dt.date(2012, 1, 15),
        house_number="12/3",
        village_no="4",
        address_line="ซอยทดสอบ",
        subdistrict_id="100101",
        district_id="1001",
        province_id="10",
        guardian_name="นางสมศรี ใจดี",
        guardian_phone="0812345678",
    )
    older = await make_visit(student, users["school"], status=CaseStatus.NOT_FOUND, reason=Reason.MOVED,
                             visited_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    await make_visit(student, users["school"], status=CaseStatus.FOUND_WANTS_TO_RETURN, reason=Reason.LOW_INCOME,
                     visited_at=dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc))
    assert older is not None

    result = await execute_as(actors["school"], STUDENT, {"id": gid(student)})

    assert result.errors is None, result.errors
    data = result.data["student"]
    assert data["nationalId"] == student.national_id
    assert data["fullName"] == "เด็กหญิงสมหญิง ใจดี"
    assert data["term"] == "1/2564"
    assert data["status"] == "FOUND_WANTS_TO_RETURN"
    assert data["statusLabel"] == "พบตัว ต้องการกลับเข้าสู่ระบบการศึกษา"
    assert data["latestReason"] == "LOW_INCOME"
    assert data["latestReasonLabel"] == "ผู้ปกครองมีรายได้น้อย ไม่พอเพียง"
    assert data["birthDate"] == "2012-01-15"
    assert data["guardianPhone"] == "0812345678"
    assert data["school"] == {"nameTh": "โรงเรียนทดสอบหนึ่ง", "areaOffice": {"nameTh": "สพป.ทดสอบ เขต 1"}}
    assert data["affiliation"] == {"nameTh": "สพฐ."}
    assert data["province"] == {"code": "10"}
    assert data["subdistrict"] == {"code": "100101"}
    assert data["latestVisit"] == {"status": "FOUND_WANTS_TO_RETURN"}
    assert data["visits"] == [{"status": "FOUND_WANTS_TO_RETURN"}, {"status": "NOT_FOUND"}]
    assert data["visitCount"] == 2
    assert data["canEdit"] is True
    assert data["historyOnly"] is False


async def test_status_label_in_english(world):
    tree, _users, actors = world
    student = await make_student(tree.school)

    result = await execute_as(actors["school"], STUDENT, {"id": gid(student)}, locale="en")

    assert result.data["student"]["statusLabel"] == "Not started"


async def test_student_outside_scope_looks_missing(world):
    tree, _users, actors = world
    student = await make_student(tree.school_c)

    by_id = await execute_as(actors["school"], STUDENT, {"id": gid(student)})
    missing = await execute_as(actors["school"], STUDENT, {"id": to_global_id("Student", 999999)})
    node = await execute_as(actors["school"], NODE, {"id": gid(student)})

    assert by_id.errors is None
    assert by_id.data == {"student": None}
    assert missing.data == {"student": None}
    assert node.data == {"node": None}


async def test_node_returns_student_in_scope(world):
    tree, _users, actors = world
    student = await make_student(tree.school, first_name="โหนด")

    result = await execute_as(actors["area"], NODE, {"id": gid(student)})

    assert result.data == {"node": {"id": gid(student), "firstName": "โหนด"}}


async def test_student_id_of_other_type_is_invalid(world):
    tree, _users, actors = world

    result = await execute_as(actors["school"], STUDENT, {"id": to_global_id("Agency", tree.school.id)})

    assert result_error_codes(result) == ["INVALID"]


# ---------------------------------------------------------------- field policy


async def test_partner_sees_reduced_record(world):
    tree, users, actors = world
    student = await make_student(
        tree.school,
        national_id=make_national_id("110170012345"),
        birth_date=dt.date(2010, 1, 1),
        house_number="12/3",
        province_id="10",
        district_id="1001",
        subdistrict_id="100101",
        guardian_name="นางสมศรี ใจดี",
        guardian_phone="0812345678",
    )
    await make_visit(student, users["school"], status=CaseStatus.NOT_FOUND, reason=Reason.MOVED)

    result = await execute_as(actors["partner"], STUDENT, {"id": gid(student)})

    assert result.errors is None, result.errors
    data = result.data["student"]
    assert data["nationalId"] == "xxxxxxxxx" + student.national_id[-4:]
    assert data["birthDate"] is None
    assert isinstance(data["ageYears"], int)
    assert data["houseNumber"] is None
    assert data["villageNo"] is None
    assert data["addressLine"] is None
    assert data["guardianName"] is None
    assert data["guardianPhone"] is None
    assert data["version"] is None
    assert data["possibleDuplicate"] is None
    assert data["firstName"] == student.first_name
    assert data["province"] == {"code": "10"}
    assert data["subdistrict"] == {"code": "100101"}
    assert data["school"] == {"nameTh": "โรงเรียนทดสอบหนึ่ง", "areaOffice": None}
    assert data["latestVisit"] == {"status": "NOT_FOUND"}
    assert data["canEdit"] is False


async def test_age_follows_birth_date(world):
    tree, _users, actors = world
    today = dt.date.today()
    student = await make_student(tree.school, birth_date=today.replace(year=today.year - 10) - dt.timedelta(days=2))

    result = await execute_as(actors["school"], STUDENT, {"id": gid(student)})

    assert result.data["student"]["ageYears"] == 10


@pytest.mark.parametrize("role", [UserRole.SCHOOL_STAFF, UserRole.AREA_OFFICER])
async def test_staff_can_edit_in_scope(world, role):
    tree, _users, actors = world
    student = await make_student(tree.school)
    actor = actors["school"] if role == UserRole.SCHOOL_STAFF else actors["area"]

    result = await execute_as(actor, STUDENT, {"id": gid(student)})

    assert result.data["student"]["canEdit"] is True


# ---------------------------------------------------------------- relations of a page


PAGE_WITH_RELATIONS = """
query Page {
  students(first: 10) {
    edges { node { firstName ...Owners latestVisit { status } } }
  }
}
fragment Owners on Student { school { code } ... on Student { areaOffice { code } } }
"""


async def test_page_batches_owners_and_visits(world, monkeypatch):
    import schema.students as students_schema

    tree, users, actors = world
    first = await make_student(tree.school, first_name="ก")
    second = await make_student(tree.school_b, first_name="ข")
    await make_visit(first, users["school"], status=CaseStatus.IN_PROGRESS)

    async def no_fallback(*args, **kwargs):
        raise AssertionError("a field loaded on its own instead of using the page's batch")

    monkeypatch.setattr(students_schema, "_load_owner_agency", no_fallback)
    monkeypatch.setattr(students_schema.Student, "_load_latest_visit", no_fallback)

    result = await execute_as(actors["area"], PAGE_WITH_RELATIONS)

    assert result.errors is None, result.errors
    nodes = {edge["node"]["firstName"]: edge["node"] for edge in result.data["students"]["edges"]}
    assert nodes["ก"]["school"]["code"] == tree.school.code
    assert nodes["ข"]["school"]["code"] == tree.school_b.code
    assert nodes["ก"]["areaOffice"]["code"] == tree.area.code
    assert nodes["ก"]["latestVisit"] == {"status": "IN_PROGRESS"}
    assert nodes["ข"]["latestVisit"] is None
    assert second.id != first.id


async def test_single_child_loads_relations(world):
    tree, users, actors = world
    child = await make_student(tree.school, first_name="ค")
    await make_visit(child, users["school"], status=CaseStatus.IN_PROGRESS)

    result = await execute_as(actors["school"], STUDENT, {"id": gid(child)})

    assert result.errors is None, result.errors
    assert result.data["student"]["school"]["nameTh"] == tree.school.name_th
    assert result.data["student"]["areaOffice"]["nameTh"] == tree.area.name_th
    assert result.data["student"]["latestVisit"] == {"status": "IN_PROGRESS"}
