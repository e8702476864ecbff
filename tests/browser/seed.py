"""Fill an empty database with the synthetic data the console tests use, through the services.

Run as ``python tests/browser/seed.py``. The database and media go where the
``PAKONGKLAB_*`` settings point, as for the server that the tests start next. The script
prints one JSON object with the accounts and records the tests look for.

Every person here is made up. The schools, the area office and their codes are synthetic
too; only the province, district and subdistrict codes are real (GeoThai).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from PIL import Image  # noqa: E402

from models.agency import Agency, AgencyKind  # noqa: E402
from models.student import CaseStatus, Need, Reason, Student  # noqa: E402
from models.user import User  # noqa: E402
from schema.base import to_global_id  # noqa: E402
from services import accounts, partners  # noqa: E402
from services import tips  # noqa: E402
from services.db import close_db, init_db  # noqa: E402
from services.media import media_store  # noqa: E402
from services.migrations import migrate  # noqa: E402
from services.reference import load_reference  # noqa: E402
from services.school_import import import_schools  # noqa: E402
from services.scope import actor_for_user  # noqa: E402
from services.settings import Settings  # noqa: E402
from services.student_import import import_students  # noqa: E402
from services.visits import VisitInput, record_visit  # noqa: E402

PASSWORD = "ทดสอบคอนโซล-2567"
AREA_OFFICE_CODE = "8199"
SCHOOL_CODE = "1081990001"
OTHER_SCHOOL_CODE = "1081990002"
TERM = "2/2564"

SCHOOL_COLUMNS = [
    "obec_school_id_10", "name_th", "levels_th", "esa_code", "esa_name",
    "province_code", "district_code", "subdistrict_code",
]
SCHOOLS = [
    [SCHOOL_CODE, "บ้านทดสอบคอนโซล", "อนุบาล-มัธยมศึกษาตอนต้น", AREA_OFFICE_CODE, "สพป.ทดสอบกระบี่", "81", "8101", "810101"],
    [OTHER_SCHOOL_CODE, "บ้านทดสอบริมทะเล", "อนุบาล-ประถมศึกษา", AREA_OFFICE_CODE, "สพป.ทดสอบกระบี่", "81", "8102", "810201"],
]

STUDENT_COLUMNS = [
    "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "ชั้น", "รหัสโรงเรียน",
    "ชื่อโรงเรียน", "ภาคเรียนที่หลุด", "บ้านเลขที่", "หมู่", "รหัสตำบล", "ชื่อผู้ปกครอง", "เบอร์โทรผู้ปกครอง",
]
# (title, first name, last name, gender, birth date BE, grade, school, guardian)
CHILDREN = [
    ("เด็กชาย", "ภูมิใจ", "ทดลองดี", "ชาย", "12/03/2552", "ม.2", SCHOOL_CODE, "นางสายใจ ทดลองดี"),
    ("เด็กหญิง", "ขวัญข้าว", "สมมุติ", "หญิง", "05/11/2553", "ม.1", SCHOOL_CODE, "นายมานะ สมมุติ"),
    ("เด็กชาย", "ทะเล", "จำลองงาม", "ชาย", "21/06/2554", "ป.6", SCHOOL_CODE, "นางดาว จำลองงาม"),
    ("เด็กหญิง", "ชมพู่", "ตัวอย่าง", "หญิง", "30/01/2555", "ป.5", OTHER_SCHOOL_CODE, "นายเอก ตัวอย่าง"),
    ("นาย", "ก้องภพ", "ทดสอบยิ่ง", "ชาย", "14/08/2549", "ม.5", SCHOOL_CODE, "นางพร ทดสอบยิ่ง"),
    ("เด็กหญิง", "น้ำฝน", "ลองใจ", "หญิง", "09/09/2554", "ป.6", SCHOOL_CODE, "นายสมพงษ์ ลองใจ"),
    ("เด็กชาย", "ปัญญา", "สมมติกุล", "ชาย", "17/02/2553", "ม.1", SCHOOL_CODE, "นางบุญมี สมมติกุล"),
    ("เด็กหญิง", "ดวงดาว", "ทดแทน", "หญิง", "28/12/2552", "ม.2", OTHER_SCHOOL_CODE, "นายทองดี ทดแทน"),
    ("เด็กชาย", "สายลม", "จำลองศรี", "ชาย", "03/05/2555", "ป.5", OTHER_SCHOOL_CODE, "นางแก้ว จำลองศรี"),
    ("เด็กหญิง", "แพรวา", "ตัวแทนดี", "หญิง", "11/07/2551", "ม.3", SCHOOL_CODE, "นายชัย ตัวแทนดี"),
    ("นางสาว", "กานดา", "ทดลองใช้", "หญิง", "25/10/2549", "ม.5", SCHOOL_CODE, "นางศรี ทดลองใช้"),
    ("เด็กชาย", "ธาร", "สมมุติวงศ์", "ชาย", "19/04/2554", "ป.6", OTHER_SCHOOL_CODE, "นายบุญ สมมุติวงศ์"),
]


def national_id(serial: int) -> str:
    """Return a made-up 13-digit ID, prefix 199, with a valid check digit."""
    first12 = f"199{serial:09d}"
    total = sum(int(digit) * weight for digit, weight in zip(first12, range(13, 1, -1)))
    return first12 + str((11 - total % 11) % 10)


def student_rows(start_serial: int) -> list[list[str]]:
    rows = []
    for index, (title, first, last, gender, born, grade, school, guardian) in enumerate(CHILDREN):
        school_name = SCHOOLS[0][1] if school == SCHOOL_CODE else SCHOOLS[1][1]
        rows.append([
            national_id(start_serial + index), title, first, last, gender, born, grade, school, school_name,
            TERM, str(10 + index), "3", "810101", guardian, f"0-812-555-{1000 + index:04d}",
        ])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@dataclass
class UploadedPhoto:
    """A photo in the shape the visit service reads uploads."""

    filename: str
    content: bytes

    async def read(self, size: int = -1) -> bytes:
        return self.content


def synthetic_photo() -> UploadedPhoto:
    """A small JPEG of a plain scene (sky over a field), with no person in it."""
    image = Image.new("RGB", (640, 480), (135, 190, 235))
    image.paste((90, 150, 70), (0, 300, 640, 480))
    image.paste((200, 60, 50), (260, 220, 380, 300))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return UploadedPhoto(filename="visit.jpg", content=buffer.getvalue())


async def register(username: str, kind: AgencyKind, code: str, first_name: str, last_name: str, title: str) -> User:
    return await accounts.register_user(accounts.Registration(
        username=username,
        password=PASSWORD,
        title=title,
        first_name=first_name,
        last_name=last_name,
        position="ครู" if kind == AgencyKind.SCHOOL else "นักวิชาการศึกษา",
        agency_kind=kind,
        agency_code=code,
        phone="0812345678",
        email=f"{username}@example.org",
    ))


async def seed(settings: Settings) -> dict:
    await load_reference()
    with tempfile.TemporaryDirectory() as folder:
        schools = write_csv(Path(folder) / "schools.csv", SCHOOL_COLUMNS, SCHOOLS)
        await import_schools(schools)
        children = write_csv(Path(folder) / "children.csv", STUDENT_COLUMNS, student_rows(1), bom=True)
        imported = await import_students(children)
        if imported.error_count:
            raise RuntimeError(f"Seed list rejected: {imported.errors}")

    admin = await accounts.create_ministry_admin(
        "admin.console", PASSWORD, first_name="ผู้ดูแล", last_name="ทดสอบระบบ", title="นาย"
    )
    admin_actor = await actor_for_user(admin)
    affiliation_admin = await register("obec.console", AgencyKind.AFFILIATION, "OBEC", "อรุณี", "ทดสอบสังกัด", "นาง")
    await accounts.approve_user(admin_actor, affiliation_admin.id)
    officer = await register("area.console", AgencyKind.AREA_OFFICE, AREA_OFFICE_CODE, "วิชัย", "ทดสอบเขต", "นาย")
    await accounts.approve_user(await actor_for_user(await User.get(id=affiliation_admin.id)), officer.id)
    officer_actor = await actor_for_user(await User.get(id=officer.id))
    teacher = await register("teacher.console", AgencyKind.SCHOOL, SCHOOL_CODE, "มาลี", "ทดสอบครู", "นางสาว")
    await accounts.approve_user(officer_actor, teacher.id)
    colleague = await register("colleague.console", AgencyKind.SCHOOL, OTHER_SCHOOL_CODE, "ประภา", "ทดสอบระงับ", "นาง")
    await accounts.approve_user(officer_actor, colleague.id)
    await register("applicant.console", AgencyKind.SCHOOL, OTHER_SCHOOL_CODE, "สมศักดิ์", "รออนุมัติ", "นาย")
    await register("second.applicant", AgencyKind.SCHOOL, SCHOOL_CODE, "สุดา", "ขอสมัคร", "นางสาว")

    partner = await partners.create_partner(admin_actor, partners.PartnerInput(
        code="MOU-CONSOLE", name_th="มูลนิธิทดสอบคอนโซล", name_en="Console Test Foundation",
        mou_reference="MOU ทดสอบ 1/2567", province_codes=("81",),
        starts_on=dt.date.today() - dt.timedelta(days=30), ends_on=dt.date.today() + dt.timedelta(days=365),
    ))
    await partners.open_province(admin_actor, "81")
    partner_user = await register("partner.console", AgencyKind.PARTNER, partner.code, "กมล", "ทดสอบภาคี", "นาย")
    await accounts.approve_user(admin_actor, partner_user.id)

    visited = await Student.filter(first_name=CHILDREN[0][1]).first()
    teacher_actor = await actor_for_user(await User.get(id=teacher.id))
    visit_id = uuid.uuid4()
    visited_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)
    await record_visit(
        teacher_actor,
        VisitInput(
            id=uuid.uuid4(), student_id=visited.id, status=CaseStatus.IN_PROGRESS,
            visited_at=visited_at - dt.timedelta(days=7), reason=Reason.LOW_INCOME,
            needs=(Need.SCHOLARSHIP,), note="ผู้ปกครองไม่อยู่บ้าน นัดพบอีกครั้ง",
            latitude=8.0863, longitude=98.9063, accuracy_m=12.0,
        ),
        [], settings=settings, store=media_store(settings),
    )
    await record_visit(
        teacher_actor,
        VisitInput(
            id=visit_id, student_id=visited.id, status=CaseStatus.FOUND_WANTS_TO_RETURN,
            visited_at=visited_at, reason=Reason.LOW_INCOME,
            needs=(Need.SCHOLARSHIP, Need.LIVING_COSTS), note="พบตัวที่บ้าน ต้องการกลับมาเรียนภาคเรียนหน้า",
            latitude=8.0871, longitude=98.9058, accuracy_m=8.0,
        ),
        [synthetic_photo()], settings=settings, store=media_store(settings),
    )

    area_office = await Agency.get(kind=AgencyKind.AREA_OFFICE, code=AREA_OFFICE_CODE)
    return {
        "password": PASSWORD,
        "users": {
            "ministry_admin": "admin.console",
            "affiliation_admin": "obec.console",
            "area_officer": "area.console",
            "school_staff": "teacher.console",
            "applicant": "applicant.console",
            "second_applicant": "second.applicant",
            "partner": "partner.console",
            "colleague": "colleague.console",
        },
        "applicant_name": "นายสมศักดิ์ รออนุมัติ",
        "second_applicant_name": "นางสาวสุดา ขอสมัคร",
        "colleague_name": "นางประภา ทดสอบระงับ",
        "visited_child": {"id": visited.id, "first_name": visited.first_name, "last_name": visited.last_name},
        "visited_child_global_id": to_global_id("Student", visited.id),
        "visit_id": str(visit_id),
        "area_office_id": area_office.id,
        "school_code": SCHOOL_CODE,
        "next_serial": len(CHILDREN) + 1,
    }


# Phase 2 data for tests/browser/test_console_phase2.py: tips waiting in the area office's
# queue and a partner whose MOU has ended. The tips come from a documentation address
# (RFC 5737), so the hourly tip limit of the browser's own 127.0.0.1 stays free.
TIP_SENDER_ADDRESS = "192.0.2.10"
TIP_TO_DISMISS = "พบเด็กผู้ชายอายุราว 12 ปี ช่วยพ่อแม่ขายของที่ตลาดสดทุกวันในเวลาเรียน"
TIP_TO_TRIAGE = "เด็กผู้หญิงอายุประมาณ 9 ปี เลี้ยงน้องอยู่ที่บ้านริมคลอง ไม่ได้ไปโรงเรียนมาหลายเดือน"


async def seed_phase2(settings: Settings) -> dict:
    admin = await User.get(username="admin.console")
    admin_actor = await actor_for_user(admin)
    await partners.create_partner(admin_actor, partners.PartnerInput(
        code="MOU-ENDED", name_th="สมาคมทดสอบสิ้นสุดข้อตกลง", name_en="Ended MOU Test Association",
        mou_reference="MOU ทดสอบ 9/2565", province_codes=("81", "80"),
        starts_on=dt.date.today() - dt.timedelta(days=700), ends_on=dt.date.today() - dt.timedelta(days=5),
    ))
    dismissed = await tips.submit_tip(None, tips.TipInput(
        approximate_age=12, subdistrict_code="810101", description=TIP_TO_DISMISS,
        latitude=8.0868, longitude=98.9061, contact="โทร 0-2000-0000 (ทดสอบ)",
    ), settings=settings, client_address=TIP_SENDER_ADDRESS)
    waiting = await tips.submit_tip(None, tips.TipInput(
        approximate_age=9, subdistrict_code="810101", description=TIP_TO_TRIAGE,
    ), settings=settings, client_address=TIP_SENDER_ADDRESS)
    return {
        "tip_to_dismiss": {"id": to_global_id("Tip", dismissed.tip.id), "description": TIP_TO_DISMISS},
        "tip_to_triage": {"id": to_global_id("Tip", waiting.tip.id), "description": TIP_TO_TRIAGE},
    }


async def main() -> None:
    settings = Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate(settings.database_url)
    await init_db(settings.database_url)
    try:
        facts = await seed(settings)
        facts.update(await seed_phase2(settings))
    finally:
        await close_db()
    print(json.dumps(facts, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
