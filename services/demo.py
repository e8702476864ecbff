"""Demo data and accounts: one province of schools, a synthetic dropout list, one account per role.

With the shared data folder present (``PAKONGKLAB_SHARED_DATA``, or ``shared/data`` beside
the repository), the demo imports the real OBEC schools of Krabi (province 81) and the
synthetic Krabi dropout list. Without it, the demo makes a small province of its own: one
made-up area office with made-up schools in Krabi's districts, and synthetic children.
Either way every child is synthetic, and the import goes through the same services as a
real one.

Each run creates or resets one active account per role with a new random password and
returns them, so the printed passwords always work. Running the demo again changes no
child and adds no school.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import os
import random
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geothai
from tortoise.functions import Count

from models.agency import MINISTRY_CODE, AffiliationCode, Agency, AgencyKind, AgencyProvince, Phase2Province
from models.student import GRADES, Student
from models.user import USER_ROLE_LABELS, User, UserRole, UserStatus
from services.auth import hash_password, revoke_all_sessions, utc_now
from services.errors import ServiceError
from services.identifiers import make_national_id
from services.passwords import check_password
from services.reference import load_reference
from services.school_import import import_schools
from services.settings import Settings
from services.student_import import import_students

log = logging.getLogger("pakongklab.demo")

SHARED_DATA_VARIABLE = "PAKONGKLAB_SHARED_DATA"
DEMO_PROVINCE = "81"  # Krabi
SCHOOLS_FILE = Path("schools") / "obec-schools-2022-09.csv"
STUDENTS_FILE = Path("students") / "dropouts-krabi-2564.csv"

# Codes of the made-up agencies. "99" is no province's code, so they cannot clash with
# real OBEC codes.
SYNTHETIC_AREA_CODE = "9981"
SYNTHETIC_SCHOOL_PREFIX = "998100"
SYNTHETIC_SCHOOL_COUNT = 8
SYNTHETIC_CHILD_COUNT = 240
PARTNER_CODE = "DEMO-MOU-81"

ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True)
class DemoAccount:
    """A demo account and its password, to print for the person trying the system."""

    role_th: str
    role_en: str
    username: str
    password: str


class DemoError(RuntimeError):
    """The demo data could not be imported."""


def shared_data_dir() -> Path | None:
    """Return the shared data folder, or None when it is absent."""
    configured = os.environ.get(SHARED_DATA_VARIABLE, "").strip()
    folder = Path(configured) if configured else Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    if (folder / SCHOOLS_FILE).is_file() and (folder / STUDENTS_FILE).is_file():
        return folder
    return None


async def prepare_demo(settings: Settings, progress: ProgressCallback | None = None) -> list[DemoAccount]:
    """Load reference data, one province of schools and children, and reset the demo accounts."""
    await load_reference()
    folder = shared_data_dir()
    if folder is not None:
        log.info("Demo data: Krabi schools and the synthetic Krabi list from %s", folder)
        await import_schools(folder / SCHOOLS_FILE, progress, province_codes={DEMO_PROVINCE})
        await _import_children(folder / STUDENTS_FILE, progress)
    else:
        log.info("Demo data: no shared data folder found, so a made-up province is generated")
        with tempfile.TemporaryDirectory(prefix="pakongklab-demo-") as work:
            schools_file, children_file = _write_synthetic_files(Path(work))
            await import_schools(schools_file, progress)
            await _import_children(children_file, progress)
    school = await _busiest_school()
    partner = await _ensure_partner()
    return await _reset_accounts(school, partner)


async def _import_children(path: Path, progress: ProgressCallback | None) -> None:
    result = await import_students(path, progress=progress)
    if result.error_count:
        first = result.errors[0].message("en") if result.errors else ""
        raise DemoError(f"The demo list {path.name} has {result.error_count} errors; the first: {first}")


# ---------------------------------------------------------------- a made-up province

_BOY_NAMES = ("กิตติ", "ณัฐวุฒิ", "ธนพล", "ปกรณ์", "พงศกร", "ภูมิ", "วรเมธ", "ศุภกร", "อนุชา", "ชยพล")
_GIRL_NAMES = ("กมลชนก", "ณิชา", "ธิดารัตน์", "ปวีณา", "พิมพ์ชนก", "มณีรัตน์", "วราภรณ์", "ศิริพร", "อรอุมา", "ชลธิชา")
# Surnames that read as placeholders, so nobody mistakes a demo child for a real one.
_SURNAMES = ("สมมุติ", "ตัวอย่าง", "ทดลองใช้", "นามสมมุติ", "ข้อมูลจำลอง")
_LEVELS = ("อนุบาล-ประถมศึกษา", "ประถมศึกษา-มัธยมศึกษาตอนต้น", "มัธยมศึกษาตอนต้น-มัธยมศึกษาตอนปลาย")
_LEVEL_GRADES = {
    "อนุบาล-ประถมศึกษา": GRADES[0:9],
    "ประถมศึกษา-มัธยมศึกษาตอนต้น": GRADES[3:12],
    "มัธยมศึกษาตอนต้น-มัธยมศึกษาตอนปลาย": GRADES[9:15],
}
_SCHOOL_COLUMNS = (
    "obec_school_id_10", "name_th", "levels_th", "esa_code", "esa_name", "province_code",
    "district_code", "subdistrict_code",
)
_CHILD_COLUMNS = (
    "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "ชั้น", "รหัสโรงเรียน",
    "ชื่อโรงเรียน", "ภาคเรียนที่หลุด", "บ้านเลขที่", "หมู่", "รหัสตำบล", "ชื่อผู้ปกครอง", "เบอร์โทรผู้ปกครอง",
)


def _write_synthetic_files(folder: Path) -> tuple[Path, Path]:
    """Write a school list and a dropout list for a made-up area office in Krabi's districts.

    The same rows come out on every run (fixed seed), so a second demo run changes nothing.
    """
    rng = random.Random(81)
    districts = geothai.districts(DEMO_PROVINCE)
    schools = []
    for number in range(1, SYNTHETIC_SCHOOL_COUNT + 1):
        district = districts[(number - 1) % len(districts)]
        subdistrict = geothai.subdistricts(district.code)[0]
        levels = _LEVELS[number % len(_LEVELS)]
        schools.append({
            "obec_school_id_10": f"{SYNTHETIC_SCHOOL_PREFIX}{number:04d}",
            "name_th": f"ตัวอย่าง{district.name_th.removeprefix('อำเภอ')} (ข้อมูลสมมุติ)",
            "levels_th": levels,
            "esa_code": SYNTHETIC_AREA_CODE,
            "esa_name": "สพป.ตัวอย่าง (ข้อมูลสมมุติ)",
            "province_code": DEMO_PROVINCE,
            "district_code": district.code,
            "subdistrict_code": subdistrict.code,
        })
    schools_file = folder / "obec-schools-demo.csv"
    with schools_file.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=_SCHOOL_COLUMNS)
        writer.writeheader()
        writer.writerows(schools)

    children_file = folder / "dropouts-demo.csv"
    with children_file.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(_CHILD_COLUMNS)
        for number in range(SYNTHETIC_CHILD_COUNT):
            writer.writerow(_synthetic_child(rng, schools[number % len(schools)]))
    return schools_file, children_file


def _synthetic_child(rng: random.Random, school: dict) -> list[str]:
    grade = rng.choice(_LEVEL_GRADES[school["levels_th"]])
    age = 3 + GRADES.index(grade) + rng.choice((0, 0, 1, 2))
    birth = dt.date(2564 - 543 - age, 5, 16) - dt.timedelta(days=rng.randrange(365))
    boy = rng.random() < 0.55
    adult = age >= 15
    title = ("นาย" if adult else "เด็กชาย") if boy else ("นางสาว" if adult else "เด็กหญิง")
    surname = rng.choice(_SURNAMES)
    # Digits 2-3 are 99, which is no province's code, so no registration office should have
    # issued the number.
    national_id = make_national_id(f"199{school['district_code'][2:]}{rng.randrange(10**7):07d}")
    return [
        national_id,
        title,
        rng.choice(_BOY_NAMES if boy else _GIRL_NAMES),
        surname,
        "ชาย" if boy else "หญิง",
        f"{birth.day:02d}/{birth.month:02d}/{birth.year + 543}",
        grade,
        school["obec_school_id_10"],
        school["name_th"],
        rng.choice(("1/2564", "2/2564")),
        str(rng.randint(1, 300)),
        str(rng.randint(1, 12)),
        school["subdistrict_code"],
        f"นาง{rng.choice(_GIRL_NAMES)} {surname}",
        f"0-2{rng.randrange(100):02d}-555-{rng.randrange(10000):04d}",
    ]


# ---------------------------------------------------------------- accounts


async def _busiest_school() -> Agency:
    """Return the school with the most children in the demo province (the lowest code on a tie)."""
    counts = (
        await Student.filter(province_id=DEMO_PROVINCE, merged_into_id=None)
        .annotate(children=Count("id"))
        .group_by("school_id")
        .values("school_id", "children")
    )
    if not counts:
        raise DemoError(f"No child was imported in province {DEMO_PROVINCE}, so no demo school can be chosen.")
    top = max(row["children"] for row in counts)
    candidates = [row["school_id"] for row in counts if row["children"] == top]
    return await Agency.filter(id__in=candidates).order_by("code").first()


async def _ensure_partner() -> Agency:
    """Create or refresh a made-up partner whose MOU covers the demo province, opened for phase 2."""
    ministry = await Agency.get(kind=AgencyKind.MINISTRY, code=MINISTRY_CODE)
    today = dt.date.today()
    partner, _created = await Agency.update_or_create(
        kind=AgencyKind.PARTNER,
        code=PARTNER_CODE,
        defaults={
            "name_th": "มูลนิธิตัวอย่างเพื่อเด็ก (ข้อมูลสมมุติ)",
            "name_en": "Example Foundation for Children (demo)",
            "parent_id": ministry.id,
            "active": True,
            "mou_reference": "DEMO-81",
            "mou_starts_on": today - dt.timedelta(days=30),
            "mou_ends_on": today + dt.timedelta(days=365),
            "mou_revoked_at": None,
        },
    )
    await AgencyProvince.get_or_create(agency_id=partner.id, province_id=DEMO_PROVINCE)
    await Phase2Province.get_or_create(province_id=DEMO_PROVINCE)
    return partner


async def _reset_accounts(school: Agency, partner: Agency) -> list[DemoAccount]:
    obec = await Agency.get(kind=AgencyKind.AFFILIATION, code=AffiliationCode.OBEC.value)
    ministry = await Agency.get(kind=AgencyKind.MINISTRY, code=MINISTRY_CODE)
    area_office = await Agency.get(id=school.area_office_id) if school.area_office_id else obec
    plan = (
        (UserRole.SCHOOL_STAFF, "demo-school", school, ("ครู", "ทดลองใช้")),
        (UserRole.AREA_OFFICER, "demo-area", area_office, ("ศึกษานิเทศก์", "ทดลองใช้")),
        (UserRole.AFFILIATION_ADMIN, "demo-affiliation", obec, ("ผู้ดูแลสังกัด", "ทดลองใช้")),
        (UserRole.MINISTRY_ADMIN, "demo-ministry", ministry, ("ผู้ดูแลระบบ", "ทดลองใช้")),
        (UserRole.PARTNER, "demo-partner", partner, ("ภาคีเครือข่าย", "ทดลองใช้")),
    )
    accounts = []
    for role, username, agency, (first_name, last_name) in plan:
        password = new_password(username)
        await _upsert_user(username, password, role, agency, first_name, last_name)
        role_th, role_en = USER_ROLE_LABELS[role]
        accounts.append(DemoAccount(role_th=role_th, role_en=role_en, username=username, password=password))
    return accounts


def new_password(username: str) -> str:
    """Return a random password of 16 URL-safe characters that passes the password policy."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password(password, username=username)
        except ServiceError:
            continue
        return password


async def _upsert_user(
    username: str, password: str, role: UserRole, agency: Agency, first_name: str, last_name: str
) -> None:
    now = utc_now()
    values = {
        "username": username,
        "password_hash": hash_password(password),
        "first_name": first_name,
        "last_name": last_name,
        "position": "บัญชีทดลองใช้",
        "role": role,
        "agency_id": agency.id,
        "status": UserStatus.ACTIVE,
        "decided_at": now,
        "password_changed_at": now,
        "failed_login_count": 0,
        "locked_until": None,
    }
    user, created = await User.update_or_create(username_key=username.lower(), defaults=values)
    if not created:
        # The old password no longer works, so neither should sessions opened with it.
        await revoke_all_sessions(user.id)
