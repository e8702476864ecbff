"""The import commands end to end: ``main.py`` runs in a subprocess against the test database.

The command line opens its own database connection, so it runs as a separate process with
``PAKONGKLAB_DATABASE_URL`` pointing at the database of the current backend.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.agency import Agency, AgencyKind
from models.audit import ImportBatch, ImportStatus
from models.student import Student
from services.identifiers import make_national_id
from services.reference import load_reference
from services.school_import import import_schools

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT_SECONDS = 300

HEADER = "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,ชั้น,รหัสโรงเรียน,ภาคเรียนที่หลุด"
SCHOOL_HEADER = "obec_school_id_10,name_th,levels_th,esa_code,esa_name,province_code,district_code,subdistrict_code"


def run_cli(database_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PAKONGKLAB_DATABASE_URL": database_url,
        "PAKONGKLAB_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
    )


async def test_import_schools_command(db, database_url, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(
        f"{SCHOOL_HEADER}\n"
        "1081010049,บ้านทรายขาว,อนุบาล-ประถมศึกษา,8101,สพป.กระบี่,81,8104,810404\n"
        "1081010012,บ้านคลองทราย,ประถมศึกษา,8101,สพป.กระบี่,81,,\n",
        encoding="utf-8",
    )

    first = run_cli(database_url, tmp_path, "import-schools", str(path))
    second = run_cli(database_url, tmp_path, "import-schools", str(path))

    assert first.returncode == 0, first.stderr
    assert "นำเข้าโรงเรียนแล้ว: เพิ่ม 2 แก้ไข 0 ไม่เปลี่ยนแปลง 0 เขตพื้นที่การศึกษา 1 แห่ง" in first.stdout
    assert "Imported schools: 2 created, 0 updated, 0 unchanged; 1 area offices." in first.stdout
    assert "Imported schools: 0 created, 0 updated, 2 unchanged; 1 area offices." in second.stdout
    assert await Agency.filter(kind=AgencyKind.SCHOOL).count() == 2


async def test_dry_run_command_reports_rows_and_writes_nothing(db, database_url, tmp_path):
    await load_reference()
    await Agency.create(kind=AgencyKind.SCHOOL, code="1081010049", name_th="บ้านทรายขาว",
                        affiliation_id=(await Agency.get(code="OBEC")).id)
    good = make_national_id("199010000001")
    path = tmp_path / "list.csv"
    path.write_text(
        f"{HEADER}\n{good},เด็กชาย,สมมุติ,ทดสอบ,ม.3,1081010049,1/2564\n"
        f"1.99010E+12,เด็กหญิง,สมมุติ,ทดสอบ,ม.3,1081010049,1/2564\n",
        encoding="utf-8-sig",
    )

    completed = run_cli(database_url, tmp_path, "import-students", "--dry-run", str(path))

    lines = completed.stdout.splitlines()
    assert completed.returncode == 1
    assert lines[0].startswith("ไม่ได้นำเข้าไฟล์ 'list.csv': พบข้อผิดพลาด 1 รายการ")
    assert lines[1].startswith("  The file 'list.csv' was not imported, so nothing was saved. Errors found: 1.")
    assert lines[2].startswith("แถวที่ 3 คอลัมน์ 'เลขประจำตัวประชาชน' ค่า '1.99010E+12':")
    assert lines[3].startswith("  Row 3, column 'เลขประจำตัวประชาชน', value '1.99010E+12':")
    assert await Student.all().count() == 0
    assert await ImportBatch.filter(status=ImportStatus.DRY_RUN).count() == 1


@pytest.mark.slow
async def test_real_krabi_list_command(db, database_url, tmp_path, shared_data):
    await load_reference()
    await import_schools(shared_data / "schools" / "obec-schools-2022-09.csv", province_codes={"81"})
    path = shared_data / "students" / "dropouts-krabi-2564.csv"

    first = run_cli(database_url, tmp_path, "import-students", str(path))
    second = run_cli(database_url, tmp_path, "import-students", str(path))

    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.splitlines() == [
        "นำเข้าไฟล์ 'dropouts-krabi-2564.csv' (1200 แถว) แล้ว: เพิ่ม 1200 แก้ไข 0 ไม่เปลี่ยนแปลง 0 "
        "อาจซ้ำกับโรงเรียนอื่น 0",
        "  Imported 'dropouts-krabi-2564.csv' (1200 rows): 1200 created, 0 updated, 0 unchanged, "
        "0 possible duplicates at another school.",
    ]
    assert second.returncode == 0, second.stdout + second.stderr
    assert "0 created, 0 updated, 1200 unchanged" in second.stdout
    assert await Student.all().count() == 1_200
    assert await Student.filter(school__area_office__code="8101").count() + await Student.filter(
        school__area_office__code="101713"
    ).count() == 1_200
