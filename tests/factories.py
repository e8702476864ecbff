"""Builders of synthetic rows for tests. Every person here is made up.

Append new builders at the end; keep the signatures of existing ones stable, since several
test modules use them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from models.agency import MINISTRY_CODE, Agency, AgencyKind
from models.user import User, UserRole, UserStatus
from services.auth import hash_password

# The password of every user that ``make_user`` creates, unless the caller passes another.
DEFAULT_PASSWORD = "ทดสอบ-ระบบ-2567"

ROLE_FOR_KIND = {
    AgencyKind.SCHOOL: UserRole.SCHOOL_STAFF,
    AgencyKind.AREA_OFFICE: UserRole.AREA_OFFICER,
    AgencyKind.AFFILIATION: UserRole.AFFILIATION_ADMIN,
    AgencyKind.MINISTRY: UserRole.MINISTRY_ADMIN,
    AgencyKind.PARTNER: UserRole.PARTNER,
}

_numbers = itertools.count(1)


@lru_cache(maxsize=8)
def password_hash(password: str) -> str:
    """Hash ``password`` once per test run; argon2 is slow on purpose."""
    return hash_password(password)


@dataclass(frozen=True)
class AgencyTree:
    """A small agency tree: one ministry, two affiliations, three area offices, four schools, one partner.

    OBEC has area offices ``area`` (schools ``school`` and ``school_b``) and ``area_b``
    (school ``school_c``). OPEC has ``area_opec`` (school ``school_opec``).
    """

    ministry: Agency
    obec: Agency
    opec: Agency
    area: Agency
    area_b: Agency
    area_opec: Agency
    school: Agency
    school_b: Agency
    school_c: Agency
    school_opec: Agency
    partner: Agency


async def make_agency(
    kind: AgencyKind,
    code: str,
    *,
    parent: Agency | None = None,
    name_th: str | None = None,
    active: bool = True,
) -> Agency:
    """Create an agency under ``parent``, filling its affiliation and area office from the parent."""
    affiliation_id = None
    area_office_id = None
    if parent is not None:
        affiliation_id = parent.id if parent.kind == AgencyKind.AFFILIATION else parent.affiliation_id
        area_office_id = parent.id if parent.kind == AgencyKind.AREA_OFFICE else parent.area_office_id
    return await Agency.create(
        kind=kind,
        code=code,
        name_th=name_th or f"หน่วยงานทดสอบ {code}",
        name_en=f"Test agency {code}",
        parent=parent,
        affiliation_id=affiliation_id,
        area_office_id=area_office_id,
        active=active,
    )


async def make_agency_tree() -> AgencyTree:
    ministry = await make_agency(AgencyKind.MINISTRY, MINISTRY_CODE, name_th="กระทรวงศึกษาธิการ")
    obec = await make_agency(AgencyKind.AFFILIATION, "OBEC", parent=ministry, name_th="สพฐ.")
    opec = await make_agency(AgencyKind.AFFILIATION, "OPEC", parent=ministry, name_th="สช.")
    area = await make_agency(AgencyKind.AREA_OFFICE, "10010000", parent=obec, name_th="สพป.ทดสอบ เขต 1")
    area_b = await make_agency(AgencyKind.AREA_OFFICE, "10020000", parent=obec, name_th="สพป.ทดสอบ เขต 2")
    area_opec = await make_agency(AgencyKind.AREA_OFFICE, "OPEC-10", parent=opec, name_th="สช.จังหวัดทดสอบ")
    school = await make_agency(AgencyKind.SCHOOL, "1010000001", parent=area, name_th="โรงเรียนทดสอบหนึ่ง")
    school_b = await make_agency(AgencyKind.SCHOOL, "1010000002", parent=area, name_th="โรงเรียนทดสอบสอง")
    school_c = await make_agency(AgencyKind.SCHOOL, "1020000001", parent=area_b, name_th="โรงเรียนทดสอบสาม")
    school_opec = await make_agency(AgencyKind.SCHOOL, "3010000001", parent=area_opec, name_th="โรงเรียนเอกชนทดสอบ")
    partner = await make_agency(AgencyKind.PARTNER, "MOU-001", parent=ministry, name_th="มูลนิธิทดสอบ")
    return AgencyTree(
        ministry=ministry, obec=obec, opec=opec, area=area, area_b=area_b, area_opec=area_opec,
        school=school, school_b=school_b, school_c=school_c, school_opec=school_opec, partner=partner,
    )


async def make_user(
    agency: Agency,
    *,
    username: str | None = None,
    password: str = DEFAULT_PASSWORD,
    role: UserRole | None = None,
    status: UserStatus = UserStatus.ACTIVE,
    first_name: str = "สมชาย",
    last_name: str = "ทดสอบ",
) -> User:
    """Create a user of ``agency``; the role follows the agency's kind unless given."""
    number = next(_numbers)
    username = username or f"user{number}"
    return await User.create(
        username=username,
        username_key=username.lower(),
        password_hash=password_hash(password),
        title="นาย",
        first_name=first_name,
        last_name=last_name,
        position="ครู",
        phone=f"08{number:08d}",
        email=f"{username}@example.test",
        role=role or ROLE_FOR_KIND[AgencyKind(agency.kind)],
        agency=agency,
        status=status,
    )


# ---------------------------------------------------------------- children, sessions, partners


async def make_student(school: Agency, **fields) -> "Student":
    """Create a child on the 1/2564 list of ``school`` with a synthetic, valid national ID.

    ``fields`` override any column, e.g. ``status=CaseStatus.RETURNED`` or ``province_id="10"``.
    """
    from models.student import Student
    from services.identifiers import make_national_id

    number = next(_numbers)
    values = {
        "national_id": make_national_id(f"9{number:011d}"),
        "title": "เด็กชาย",
        "first_name": f"ทดสอบ{number}",
        "last_name": "สมมุติ",
        "school_id": school.id,
        "area_office_id": school.area_office_id,
        "affiliation_id": school.affiliation_id,
        "academic_year": 2564,
        "semester": 1,
        **fields,
    }
    return await Student.create(**values)


async def bearer_token(user: User) -> str:
    """Open a bearer session for ``user`` and return its token."""
    import datetime as dt

    from models.user import SessionKind
    from services.auth import open_session

    token, _session = await open_session(user, lifetime=dt.timedelta(hours=1), kind=SessionKind.BEARER)
    return token


async def open_partner_province(partner: Agency, code: str = "10", name_th: str = "กรุงเทพมหานคร") -> None:
    """Give ``partner`` an MOU in force that covers province ``code``, and open that province for phase 2."""
    import datetime as dt

    from models.agency import AgencyProvince, Phase2Province
    from models.geo import Province

    province, _created = await Province.get_or_create(code=code, defaults={"name_th": name_th, "name_en": name_th})
    today = dt.date.today()
    partner.mou_starts_on = today - dt.timedelta(days=30)
    partner.mou_ends_on = today + dt.timedelta(days=365)
    await partner.save(update_fields=["mou_starts_on", "mou_ends_on"])
    await AgencyProvince.get_or_create(agency=partner, province=province)
    await Phase2Province.get_or_create(province=province)


# ---------------------------------------------------------------- visits and home areas


async def make_home_area(
    province_code: str = "10", district_code: str = "1001", subdistrict_code: str = "100101"
) -> "Subdistrict":
    """Create (or reuse) a province, a district in it and a subdistrict in that, with made-up names."""
    from models.geo import District, Province, Subdistrict

    province, _ = await Province.get_or_create(
        code=province_code, defaults={"name_th": f"จังหวัด {province_code}", "name_en": f"Province {province_code}"}
    )
    district, _ = await District.get_or_create(
        code=district_code,
        defaults={"province": province, "name_th": f"อำเภอ {district_code}", "name_en": f"District {district_code}"},
    )
    subdistrict, _ = await Subdistrict.get_or_create(
        code=subdistrict_code,
        defaults={
            "district": district,
            "province": province,
            "name_th": f"ตำบล {subdistrict_code}",
            "name_en": f"Subdistrict {subdistrict_code}",
        },
    )
    return subdistrict


async def make_visit(
    student: "Student",
    recorder: User,
    *,
    status: "CaseStatus | None" = None,
    reason: "Reason | None" = None,
    visited_at: "dt.datetime | None" = None,
    after_close: bool = False,
    needs: tuple = (),
) -> "Visit":
    """Store a visit of ``student`` at its current school, and move the child's case as a new newest visit does.

    The row is written directly, without ``services.visits`` and its checks, so tests of
    reading and merging can set up any history.
    """
    import datetime as dt
    import uuid

    from models.student import CaseStatus, Student
    from models.visit import Visit, VisitNeed

    status = status or CaseStatus.IN_PROGRESS
    visited_at = visited_at or dt.datetime.now(dt.timezone.utc)
    visit = await Visit.create(
        id=uuid.uuid4(),
        student_id=student.id,
        school_id=student.school_id,
        status=status,
        reason=reason,
        visited_at=visited_at,
        recorded_by_id=recorder.id,
        recorded_by_agency_id=recorder.agency_id,
        after_close=after_close,
        content_hash=uuid.uuid4().hex,
    )
    for need in needs:
        await VisitNeed.create(visit_id=visit.id, student_id=student.id, need=need)
    row = await Student.get(id=student.id)
    changes = {"visit_count": row.visit_count + 1, "version": row.version + 1}
    if not after_close and (row.last_visited_at is None or visited_at >= row.last_visited_at):
        changes.update(status=status, latest_visit_id=visit.id, latest_reason=reason, last_visited_at=visited_at)
    await Student.filter(id=student.id).update(**changes)
    return visit


# ---------------------------------------------------------------- report data sets


@dataclass(frozen=True)
class AgencyForest:
    """A ministry with several affiliations, each with area offices and schools, over a few provinces.

    The schools of one area office lie in different provinces, so that a report per
    province and a report per area office group the children differently.
    """

    ministry: Agency
    affiliations: list[Agency]
    area_offices: list[Agency]
    schools: list[Agency]
    province_codes: tuple[str, ...]

    def area_offices_of(self, affiliation: Agency) -> list[Agency]:
        return [area for area in self.area_offices if area.affiliation_id == affiliation.id]

    def schools_of(self, area_office: Agency) -> list[Agency]:
        return [school for school in self.schools if school.area_office_id == area_office.id]


# Affiliation codes of the forest, with the Thai short names the programme uses.
FOREST_AFFILIATIONS = (("OBEC", "สพฐ."), ("OVEC", "สอศ."), ("OPEC", "สช."))
FOREST_PROVINCES = (
    ("10", "กรุงเทพมหานคร", "Bangkok"),
    ("30", "นครราชสีมา", "Nakhon Ratchasima"),
    ("50", "เชียงใหม่", "Chiang Mai"),
    ("90", "สงขลา", "Songkhla"),
)


async def make_agency_forest(*, areas_per_affiliation: int = 2, schools_per_area: int = 3) -> AgencyForest:
    """Create the ministry, three affiliations, their area offices and schools, and four provinces."""
    from models.geo import Province

    for code, name_th, name_en in FOREST_PROVINCES:
        await Province.get_or_create(code=code, defaults={"name_th": name_th, "name_en": name_en})
    province_codes = tuple(code for code, _th, _en in FOREST_PROVINCES)

    ministry = await make_agency(AgencyKind.MINISTRY, MINISTRY_CODE, name_th="กระทรวงศึกษาธิการ")
    affiliations, area_offices, schools = [], [], []
    for affiliation_number, (code, short_name) in enumerate(FOREST_AFFILIATIONS, start=1):
        affiliation = await make_agency(AgencyKind.AFFILIATION, code, parent=ministry, name_th=short_name)
        affiliations.append(affiliation)
        for area_number in range(1, areas_per_affiliation + 1):
            area_code = f"{affiliation_number}{area_number:02d}00000"
            area = await make_agency(
                AgencyKind.AREA_OFFICE, area_code, parent=affiliation, name_th=f"สำนักงานทดสอบ {code} เขต {area_number}"
            )
            area_offices.append(area)
            for school_number in range(1, schools_per_area + 1):
                school = await make_agency(
                    AgencyKind.SCHOOL,
                    f"{area_code[:3]}{school_number:07d}",
                    parent=area,
                    name_th=f"โรงเรียนทดสอบ {code} {area_number}-{school_number}",
                )
                school.province_id = province_codes[(area_number + school_number) % len(province_codes)]
                await school.save(update_fields=["province_id"])
                schools.append(school)
    return AgencyForest(ministry, affiliations, area_offices, schools, province_codes)


async def make_students(
    schools: list[Agency],
    *,
    terms: tuple[tuple[int, int], ...] = ((1, 2564), (2, 2564)),
    per_school: int = 4,
    seed: int = 1,
) -> list["Student"]:
    """Create between 1 and ``per_school`` + 1 children per school and term (semester, year).

    Each child lives in the province of their school. The counts vary by ``seed``.
    """
    import random

    from models.student import Gender, Student
    from services.identifiers import make_national_id

    rng = random.Random(seed)
    created = []
    for semester, year in terms:
        for school in schools:
            for _ in range(rng.randint(1, per_school + 1)):
                number = next(_numbers)
                created.append(await Student.create(
                    national_id=make_national_id(f"8{number:011d}"),
                    title="เด็กหญิง",
                    first_name=f"สมมุติ{number}",
                    last_name="ทดสอบ",
                    gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                    grade=rng.choice(["ป.6", "ม.1", "ม.3"]),
                    school_id=school.id,
                    area_office_id=school.area_office_id,
                    affiliation_id=school.affiliation_id,
                    province_id=school.province_id,
                    academic_year=year,
                    semester=semester,
                ))
    return created


async def make_visit_histories(
    students: list["Student"],
    recorder: User,
    *,
    seed: int = 1,
    first_day: "dt.date | None" = None,
    days: int = 120,
) -> None:
    """Give each child 0 to 4 visits on distinct times within ``days`` days from ``first_day``.

    Statuses, reasons and needs are random. As ``services.visits`` does, a visit that
    arrives after the case was closed (RETURNED or CANNOT_FOLLOW) is flagged ``after_close``
    and leaves the case alone, and the child's case columns follow the newest other visit.
    The rows are written in bulk, without the visits service.
    """
    import datetime as dt
    import random
    import uuid

    from models.student import CLOSED_STATUSES, CaseStatus, Need, Reason, Student
    from models.visit import Visit, VisitNeed

    rng = random.Random(seed)
    start = dt.datetime.combine(first_day or dt.date(2022, 1, 3), dt.time(1, 0), dt.timezone.utc)
    statuses = [status for status in CaseStatus if status != CaseStatus.NOT_STARTED]
    weights = [3, 2, 3, 2, 4, 3]
    visits, needs, changes = [], [], {}
    for student in students:
        count = rng.choice([0, 0, 1, 2, 3, 4])
        offsets = sorted(rng.sample(range(days * 24 * 60), count))
        status = CaseStatus.NOT_STARTED
        latest = None
        for offset in offsets:
            visited_at = start + dt.timedelta(minutes=offset)
            after_close = status in CLOSED_STATUSES
            visit = Visit(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                student_id=student.id,
                school_id=student.school_id,
                status=rng.choices(statuses, weights)[0],
                reason=rng.choice([*Reason, None, None]),
                visited_at=visited_at,
                recorded_by_id=recorder.id,
                recorded_by_agency_id=recorder.agency_id,
                after_close=after_close,
                content_hash=uuid.UUID(int=rng.getrandbits(128)).hex,
            )
            visits.append(visit)
            for need in rng.sample(list(Need), rng.choice([0, 1, 1, 2, 3])):
                needs.append(VisitNeed(visit_id=visit.id, student_id=student.id, need=need))
            if not after_close:
                status, latest = visit.status, visit
        if count:
            changes[student.id] = {"visit_count": count, "version": 1 + count}
            if latest is not None:
                changes[student.id].update(
                    status=latest.status,
                    latest_visit_id=latest.id,
                    latest_reason=latest.reason,
                    last_visited_at=latest.visited_at,
                )
    if visits:
        await Visit.bulk_create(visits, batch_size=500)
    if needs:
        await VisitNeed.bulk_create(needs, batch_size=500)
    for student_id, columns in changes.items():
        await Student.filter(id=student_id).update(**columns)


@dataclass(frozen=True)
class ReportDataset:
    """A generated data set for report tests: the forest, a recorder, children of two terms, visits."""

    forest: AgencyForest
    recorder: User
    students: list
    merged: list


async def make_report_dataset(*, seed: int = 7, per_school: int = 4) -> ReportDataset:
    """Build a forest with children of terms 1/2564 and 2/2564 and random visit histories.

    Two children are merged into others, so reports must leave them out.
    """
    from models.student import Student

    forest = await make_agency_forest()
    recorder = await make_user(forest.ministry)
    students = await make_students(forest.schools, per_school=per_school, seed=seed)
    await make_visit_histories(students, recorder, seed=seed)
    merged = [students[3], students[11]]
    for child in merged:
        await Student.filter(id=child.id).update(merged_into_id=students[0].id)
    return ReportDataset(forest, recorder, students, merged)


# ---------------------------------------------------------------- phase 2: partners, places and tips


async def make_partner(
    code: str,
    *,
    province_codes: tuple[str, ...] = ("10",),
    starts_on: "dt.date | None" = None,
    ends_on: "dt.date | None" = None,
    name_th: str | None = None,
    parent: Agency | None = None,
) -> Agency:
    """Create a partner organisation with an MOU covering ``province_codes``.

    The MOU runs from 30 days ago to a year ahead unless dates are given. The provinces must
    exist already (see ``make_home_area``); they are not opened for phase 2.
    """
    import datetime as dt

    from models.agency import AgencyProvince

    today = dt.date.today()
    partner = await make_agency(AgencyKind.PARTNER, code, parent=parent, name_th=name_th or f"มูลนิธิทดสอบ {code}")
    partner.mou_reference = f"ศธ 0100/{code}"
    partner.mou_starts_on = starts_on or today - dt.timedelta(days=30)
    partner.mou_ends_on = ends_on or today + dt.timedelta(days=365)
    await partner.save(update_fields=["mou_reference", "mou_starts_on", "mou_ends_on"])
    for province_code in province_codes:
        await AgencyProvince.create(agency=partner, province_id=province_code)
    return partner


async def place_agency(agency: Agency, subdistrict: "Subdistrict") -> Agency:
    """Set the province, district and subdistrict of ``agency`` to those of ``subdistrict``."""
    agency.province_id = subdistrict.province_id
    agency.district_id = subdistrict.district_id
    agency.subdistrict_id = subdistrict.code
    await agency.save(update_fields=["province_id", "district_id", "subdistrict_id"])
    return agency


async def make_tip(
    subdistrict: "Subdistrict",
    *,
    area_office: Agency | None = None,
    description: str | None = None,
    contact: str = "",
    approximate_age: int = 12,
    client_address: str = "192.0.2.1",
) -> "Tip":
    """Store a RECEIVED tip routed to ``area_office``, bypassing submission and routing."""
    import uuid

    from models.tip import Tip
    from services.tips import description_hash, tracking_code_hash

    number = next(_numbers)
    text = description or f"พบเด็กชายเดินขายพวงมาลัยที่สี่แยกทุกวันในเวลาเรียน รายที่ {number}"
    return await Tip.create(
        tracking_code_hash=tracking_code_hash(uuid.uuid4().hex),
        approximate_age=approximate_age,
        subdistrict_id=subdistrict.code,
        description=text,
        description_hash=description_hash(text),
        contact=contact,
        area_office_id=area_office.id if area_office else None,
        client_address=client_address,
    )


# ---------------------------------------------------------------- imports: reference data of one province


async def load_province_reference(*codes: str) -> None:
    """Load the districts and subdistricts of the provinces ``codes`` from geothai, plus the
    ministry and the five affiliations, as ``load_reference`` does for the whole country.

    Much faster than the full load, for tests that need real codes of one or two provinces.
    """
    import geothai

    from models.geo import District, Province, Subdistrict
    from services.reference import ensure_affiliations

    for province in geothai.provinces():
        if province.code not in codes or await Province.exists(code=province.code):
            continue
        await Province.create(code=province.code, name_th=province.name_th, name_en=province.name_en)
        subdistricts = []
        for district in geothai.districts(province.code):
            await District.create(
                code=district.code, province_id=province.code, name_th=district.name_th, name_en=district.name_en
            )
            subdistricts += [
                Subdistrict(
                    code=item.code,
                    district_id=district.code,
                    province_id=province.code,
                    name_th=item.name_th,
                    name_en=item.name_en,
                    postal_code=item.postal_codes[0] if item.postal_codes else "",
                )
                for item in geothai.subdistricts(district.code)
            ]
        await Subdistrict.bulk_create(subdistricts)
    await ensure_affiliations()
