"""Import of dropout lists: file formats, headers, values, errors per row, all-or-none, re-imports.

Every child here is synthetic: IDs carry 99 in digits 2-3, which is no province's code.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from models.agency import Agency, AgencyKind
from models.audit import ImportBatch, ImportKind, ImportStatus
from models.student import Gender, IdKind, Student
from services.errors import AuthError, ErrorCode
from services.identifiers import make_national_id
from services.reference import load_reference
from services.scope import actor_for_user
from services.student_import import import_students, print_report
from factories import load_province_reference, make_agency, make_user

THAI_HEADER = [
    "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "ชั้น", "รหัสโรงเรียน",
    "ชื่อโรงเรียน", "ภาคเรียนที่หลุด", "บ้านเลขที่", "หมู่", "รหัสตำบล", "ชื่อผู้ปกครอง", "เบอร์โทรผู้ปกครอง",
]
FIELDS = [
    "national_id", "title", "first_name", "last_name", "gender", "birth_date", "grade", "school_code",
    "school_name", "term", "house_number", "village_no", "subdistrict_code", "guardian_name", "guardian_phone",
]
ID_A = make_national_id("199010000001")
ID_B = make_national_id("199010000002")
ID_C = make_national_id("199010000003")
G_CODE = "G648199000001"
WRONG_CHECK_DIGIT = ID_A[:12] + str((int(ID_A[12]) + 1) % 10)


@dataclass(frozen=True)
class Krabi:
    """OBEC with two area offices in Krabi, three schools, and an OPEC school."""

    obec: Agency
    area: Agency
    area_b: Agency
    school: Agency
    school_b: Agency
    school_c: Agency
    school_opec: Agency


@pytest.fixture
async def krabi(db) -> Krabi:
    await load_province_reference("81")
    obec = await Agency.get(kind=AgencyKind.AFFILIATION, code="OBEC")
    opec = await Agency.get(kind=AgencyKind.AFFILIATION, code="OPEC")
    area = await make_agency(AgencyKind.AREA_OFFICE, "8101", parent=obec, name_th="สพป.กระบี่")
    area_b = await make_agency(AgencyKind.AREA_OFFICE, "101713", parent=obec, name_th="สพม.เขต 13(ตรัง-กระบี่)")
    area_opec = await make_agency(AgencyKind.AREA_OFFICE, "OPEC-81", parent=opec, name_th="สช.จังหวัดกระบี่")
    school = await make_agency(AgencyKind.SCHOOL, "1081010049", parent=area, name_th="บ้านทรายขาว")
    school_b = await make_agency(AgencyKind.SCHOOL, "1081010012", parent=area, name_th="บ้านคลองทราย")
    school_c = await make_agency(AgencyKind.SCHOOL, "1081100001", parent=area_b, name_th="อำมาตย์พานิชนุกูล")
    school_opec = await make_agency(AgencyKind.SCHOOL, "3081000001", parent=area_opec, name_th="เอกชนทดสอบ")
    for row in (school, school_b, school_c, school_opec):
        row.province_id = "81"
        await row.save(update_fields=["province_id"])
    return Krabi(obec, area, area_b, school, school_b, school_c, school_opec)


def child(**overrides: str) -> dict[str, str]:
    """A synthetic row of a dropout list; ``overrides`` replace fields by their English names."""
    row = {
        "national_id": ID_A,
        "title": "เด็กชาย",
        "first_name": "ปฏิภาณ",
        "last_name": "สมมุติ",
        "gender": "ชาย",
        "birth_date": "02/01/2550",
        "grade": "ม.3",
        "school_code": "1081010049",
        "school_name": "บ้านทรายขาว",
        "term": "2/2564",
        "house_number": "118",
        "village_no": "10",
        "subdistrict_code": "810404",
        "guardian_name": "นางกชกร สมมุติ",
        "guardian_phone": "0-213-555-5200",
    }
    row.update(overrides)
    return row


def write_list(
    path: Path,
    rows: list[dict[str, str]],
    *,
    header: list[str] = THAI_HEADER,
    fields: list[str] = FIELDS,
    encoding: str = "utf-8-sig",
) -> Path:
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(_csv_cell(row.get(field, "")) for field in fields))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _csv_cell(value: str) -> str:
    if any(char in value for char in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def error_rows(result) -> list[tuple]:
    return [(error.row, error.column, error.value, error.code, error.message_key) for error in result.errors]


async def actor_of(agency: Agency):
    return await actor_for_user(await make_user(agency))


# ---------------------------------------------------------------- a good file


async def test_import_creates_children(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=ID_B, first_name="เบญจมาศ")])

    result = await import_students(path)

    assert result.status == ImportStatus.COMPLETED
    assert (result.row_count, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert result.errors == []
    assert await Student.all().count() == 2


async def test_imported_child_has_every_field(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child()])

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert student.id_kind == IdKind.NATIONAL_ID
    assert (student.title, student.first_name, student.last_name) == ("เด็กชาย", "ปฏิภาณ", "สมมุติ")
    assert student.gender == Gender.MALE
    assert student.birth_date == dt.date(2007, 1, 2)
    assert student.grade == "ม.3"
    assert (student.semester, student.academic_year) == (2, 2564)
    assert student.school_id == krabi.school.id
    assert student.area_office_id == krabi.area.id
    assert student.affiliation_id == krabi.obec.id
    assert (student.house_number, student.village_no) == ("118", "10")
    assert (student.subdistrict_id, student.district_id, student.province_id) == ("810404", "8104", "81")
    assert (student.guardian_name, student.guardian_phone) == ("นางกชกร สมมุติ", "02135555200")
    assert student.import_batch_id == result.batch_id
    assert student.version == 1
    assert student.possible_duplicate is False


async def test_home_province_falls_back_to_school(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(subdistrict_code="")])

    await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert (student.subdistrict_id, student.district_id, student.province_id) == (None, None, "81")


async def test_g_code_kept_as_g_code(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(national_id=G_CODE)])

    await import_students(path)

    student = await Student.get(national_id=G_CODE)
    assert student.id_kind == IdKind.G_CODE


async def test_batch_records_completed_import(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child()])

    result = await import_students(path)

    batch = await ImportBatch.get(id=result.batch_id)
    assert batch.kind == ImportKind.STUDENTS
    assert batch.status == ImportStatus.COMPLETED
    assert (batch.row_count, batch.created_count, batch.updated_count, batch.error_count) == (1, 1, 0, 0)
    assert batch.file_name == "list.csv"
    assert batch.errors == []
    assert batch.finished_at is not None


# ---------------------------------------------------------------- encodings and headers


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874", "tis-620"])
async def test_encodings_read(krabi, tmp_path, encoding):
    path = write_list(tmp_path / "list.csv", [child()], encoding=encoding)

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert result.errors == []
    assert (student.first_name, student.guardian_name) == ("ปฏิภาณ", "นางกชกร สมมุติ")


async def test_english_headers_in_other_order(krabi, tmp_path):
    fields = list(reversed(FIELDS))
    header = [field.replace("_", " ").title() for field in fields]  # e.g. "National Id", "Birth Date"
    path = write_list(tmp_path / "list.csv", [child()], header=header, fields=fields)

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert result.errors == []
    assert student.birth_date == dt.date(2007, 1, 2)
    assert student.school_id == krabi.school.id


async def test_header_variants_accepted(krabi, tmp_path):
    header = ["national_id", "FirstName", "Surname", "DOB", "Class", "School ID", "Semester", "Sex"]
    fields = ["national_id", "first_name", "last_name", "birth_date", "grade", "school_code", "term", "gender"]
    path = write_list(tmp_path / "list.csv", [child()], header=header, fields=fields)

    result = await import_students(path)

    assert result.errors == []
    assert (await Student.get(national_id=ID_A)).gender == Gender.MALE


async def test_semicolon_separated_file_read(krabi, tmp_path):
    path = tmp_path / "list.csv"
    row = child()
    path.write_text(";".join(THAI_HEADER) + "\n" + ";".join(row[field] for field in FIELDS) + "\n", encoding="utf-8")

    result = await import_students(path)

    assert result.errors == []
    assert result.created == 1


async def test_missing_columns_reported_for_whole_file(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child()], header=["ชื่อ", "นามสกุล"], fields=["first_name", "last_name"])

    result = await import_students(path)

    assert result.status == ImportStatus.FAILED
    assert error_rows(result) == [(None, None, None, ErrorCode.INVALID, "import_missing_columns")]
    assert result.errors[0].message("en") == (
        "The file 'list.csv' lacks required columns: เลขประจำตัวประชาชน (national_id), ชั้น (grade), "
        "รหัสโรงเรียน (school_code), ภาคเรียนที่หลุด (term) (header found: ชื่อ, นามสกุล)."
    )


async def test_repeated_column_reported(krabi, tmp_path):
    header = [*THAI_HEADER, "national_id"]
    path = write_list(tmp_path / "list.csv", [child()], header=header, fields=[*FIELDS, "national_id"])

    result = await import_students(path)

    assert error_rows(result) == [(None, None, None, ErrorCode.INVALID, "import_repeated_column")]


async def test_header_only_file_reported(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [])

    result = await import_students(path)

    assert error_rows(result) == [(None, None, None, ErrorCode.INVALID, "import_no_rows")]


async def test_legacy_excel_rejected(krabi, tmp_path):
    path = tmp_path / "list.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)

    result = await import_students(path)

    assert error_rows(result) == [(None, None, None, ErrorCode.UNSUPPORTED, "file_legacy_excel")]


async def test_blank_rows_skipped_but_counted_in_row_numbers(krabi, tmp_path):
    path = tmp_path / "list.csv"
    good = ",".join(child()[field] for field in FIELDS)
    bad = ",".join(child(national_id=ID_B, grade="ป.9")[field] for field in FIELDS)
    path.write_text("\n".join([",".join(THAI_HEADER), good, ",,,", "", bad]) + "\n", encoding="utf-8")

    result = await import_students(path)

    assert result.row_count == 2
    assert error_rows(result) == [(5, "ชั้น", "ป.9", ErrorCode.INVALID, "grade_invalid")]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    "written",
    ["02/01/2550", "2/1/2550", "02/01/2007", "2007-01-02", "2550-01-02", "02-01-2550", "2.1.2550",
     "2 ม.ค. 2550", "2 มกราคม 2550", "2 ม.ค. พ.ศ. 2550", "๒/๑/๒๕๕๐", "2 Jan 2007", "2 January 2007",
     "2007-01-02 00:00:00"],
)
async def test_birth_date_forms(krabi, tmp_path, written):
    path = write_list(tmp_path / "list.csv", [child(birth_date=written)])

    result = await import_students(path)

    assert result.errors == []
    assert (await Student.get(national_id=ID_A)).birth_date == dt.date(2007, 1, 2)


async def test_leap_day_in_buddhist_era(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(birth_date="29/02/2551")])

    await import_students(path)

    assert (await Student.get(national_id=ID_A)).birth_date == dt.date(2008, 2, 29)


async def test_empty_birth_date_stored_as_null(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(birth_date="")])

    await import_students(path)

    assert (await Student.get(national_id=ID_A)).birth_date is None


@pytest.mark.parametrize(
    ("written", "term"),
    [("1/2564", (1, 2564)), ("2/2564", (2, 2564)), ("1/64", (1, 2564)), ("1/2021", (1, 2564)),
     ("ภาคเรียนที่ 2/2565", (2, 2565)), ("2564/2", (2, 2564)), ("1 / 2564", (1, 2564))],
)
async def test_term_forms(krabi, tmp_path, written, term):
    path = write_list(tmp_path / "list.csv", [child(term=written)])

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert result.errors == []
    assert (student.semester, student.academic_year) == term


@pytest.mark.parametrize(
    ("written", "grade"),
    [("ม.3", "ม.3"), ("ม3", "ม.3"), ("ม. 3", "ม.3"), ("มัธยมศึกษาปีที่ 3", "ม.3"), ("ป.1", "ป.1"),
     ("ประถมศึกษาปีที่ 6", "ป.6"), ("อนุบาล 2", "อ.2"), ("อ.1", "อ.1"), ("M.3", "ม.3"), ("p6", "ป.6"), ("K2", "อ.2")],
)
async def test_grade_forms(krabi, tmp_path, written, grade):
    path = write_list(tmp_path / "list.csv", [child(grade=written)])

    result = await import_students(path)

    assert result.errors == []
    assert (await Student.get(national_id=ID_A)).grade == grade


@pytest.mark.parametrize(
    ("gender", "title", "expected"),
    [("หญิง", "เด็กหญิง", Gender.FEMALE), ("female", "", Gender.FEMALE), ("M", "", Gender.MALE),
     ("", "เด็กหญิง", Gender.FEMALE), ("", "นาย", Gender.MALE), ("", "ด.ญ.", Gender.FEMALE),
     ("", "", Gender.UNSPECIFIED)],
)
async def test_gender_from_column_or_title(krabi, tmp_path, gender, title, expected):
    path = write_list(tmp_path / "list.csv", [child(gender=gender, title=title)])

    await import_students(path)

    assert (await Student.get(national_id=ID_A)).gender == expected


@pytest.mark.parametrize(
    ("written", "stored"),
    [("081-234-5678", "0812345678"), ("(02) 213 5555", "022135555"), ("+66 81 234 5678", "+66812345678"),
     ("075.611.234", "075611234"), ("", "")],
)
async def test_guardian_phone_stored_as_digits(krabi, tmp_path, written, stored):
    path = write_list(tmp_path / "list.csv", [child(guardian_phone=written)])

    result = await import_students(path)

    assert result.errors == []
    assert (await Student.get(national_id=ID_A)).guardian_phone == stored


async def test_guardian_phone_with_words_rejected(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(guardian_phone="081-234-5678 แม่")])

    result = await import_students(path)

    assert [row[1:] for row in error_rows(result)] == [
        ("เบอร์โทรผู้ปกครอง", "081-234-5678 แม่", ErrorCode.INVALID, "guardian_phone_invalid")
    ]
    assert await Student.filter(national_id=ID_A).count() == 0


async def test_id_with_dashes_stored_as_digits(krabi, tmp_path):
    dashed = f"{ID_A[0]}-{ID_A[1:5]}-{ID_A[5:10]}-{ID_A[10:12]}-{ID_A[12]}"
    path = write_list(tmp_path / "list.csv", [child(national_id=dashed)])

    await import_students(path)

    assert await Student.filter(national_id=ID_A).count() == 1


async def test_village_prefix_removed(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(village_no="หมู่ที่ 5")])

    await import_students(path)

    assert (await Student.get(national_id=ID_A)).village_no == "5"


# ---------------------------------------------------------------- errors: all rows or none


async def test_bad_rows_reported_and_nothing_written(krabi, tmp_path):
    rows = [
        child(),
        child(national_id=WRONG_CHECK_DIGIT),
        child(national_id=ID_B, grade="ม.7", term="3/2564"),
        child(national_id=ID_C, school_code="1081999999", birth_date="31/02/2550"),
        child(national_id="1.99010E+12", first_name=""),
        child(national_id=make_national_id("199010000009"), subdistrict_code="819999", gender="อื่น"),
        child(national_id=make_national_id("199010000010"), term="1/2700"),
    ]
    path = write_list(tmp_path / "list.csv", rows)

    result = await import_students(path)

    assert result.status == ImportStatus.FAILED
    assert result.error_count == 10
    assert error_rows(result) == [
        (3, "เลขประจำตัวประชาชน", WRONG_CHECK_DIGIT, ErrorCode.INVALID, "national_id_check_digit"),
        (4, "ชั้น", "ม.7", ErrorCode.INVALID, "grade_invalid"),
        (4, "ภาคเรียนที่หลุด", "3/2564", ErrorCode.INVALID, "term_semester"),
        (5, "วันเกิด", "31/02/2550", ErrorCode.INVALID, "birth_date_invalid"),
        (5, "รหัสโรงเรียน", "1081999999", ErrorCode.NOT_FOUND, "school_unknown"),
        (6, "เลขประจำตัวประชาชน", "1.99010E+12", ErrorCode.INVALID, "national_id_scientific"),
        (6, "ชื่อ", "", ErrorCode.REQUIRED, "value_required"),
        (7, "เพศ", "อื่น", ErrorCode.INVALID, "gender_invalid"),
        (7, "รหัสตำบล", "819999", ErrorCode.NOT_FOUND, "subdistrict_unknown"),
        (8, "ภาคเรียนที่หลุด", "1/2700", ErrorCode.INVALID, "term_year"),
    ]
    assert await Student.all().count() == 0
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)


async def test_error_messages_name_value_and_rule(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(grade="ม.7"), child(national_id=ID_B, school_code="1081999999")])

    result = await import_students(path)

    assert [error.message("en") for error in result.errors] == [
        "The grade 'ม.7' is invalid: it must be one of อ.1, อ.2, อ.3, ป.1, ป.2, ป.3, ป.4, ป.5, ป.6, ม.1, ม.2, "
        "ม.3, ม.4, ม.5, ม.6.",
        "No school with the code '1081999999' is in this account's scope: use the 10-digit OBEC school id "
        "or the code the affiliation assigns.",
    ]


async def test_failed_batch_keeps_errors(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=ID_B, grade="ม.7")])

    result = await import_students(path)

    batch = await ImportBatch.get(id=result.batch_id)
    assert batch.status == ImportStatus.FAILED
    assert (batch.row_count, batch.created_count, batch.error_count) == (2, 0, 1)
    assert batch.errors == [{
        "row": 3, "column": "ชั้น", "value": "ม.7", "code": "INVALID", "key": "grade_invalid",
        "params": {"value": "ม.7", "grades": "อ.1, อ.2, อ.3, ป.1, ป.2, ป.3, ป.4, ป.5, ป.6, ม.1, ม.2, ม.3, ม.4, ม.5, ม.6"},
    }]


async def test_repeated_row_reported_with_first_row(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=ID_B), child(first_name="ซ้ำ")])

    result = await import_students(path)

    assert error_rows(result) == [(4, "เลขประจำตัวประชาชน", ID_A, ErrorCode.DUPLICATE, "import_row_repeated")]
    assert result.errors[0].message("en") == (
        "The row repeats row 2: the same ID, term 2/2564 and school 1081010049."
    )
    assert await Student.all().count() == 0


async def test_same_child_in_two_terms_is_not_repeated(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(term="1/2564"), child(term="2/2564")])

    result = await import_students(path)

    assert result.errors == []
    assert await Student.filter(national_id=ID_A).count() == 2


async def test_error_list_capped_but_counted(krabi, tmp_path, monkeypatch):
    monkeypatch.setattr("services.student_import.MAX_REPORTED_ERRORS", 3)
    rows = [child(national_id=make_national_id(f"1990200{number:05d}"), grade="ม.9") for number in range(5)]
    path = write_list(tmp_path / "list.csv", rows)

    result = await import_students(path)

    assert result.error_count == 5
    assert [error.row for error in result.errors] == [2, 3, 4]


# ---------------------------------------------------------------- dry run, re-import, duplicates


async def test_dry_run_writes_no_child(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=ID_B)])

    result = await import_students(path, dry_run=True)

    batch = await ImportBatch.get(id=result.batch_id)
    assert result.status == ImportStatus.DRY_RUN
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert await Student.all().count() == 0
    assert batch.status == ImportStatus.DRY_RUN
    assert batch.created_count == 2


async def test_dry_run_counts_updates(krabi, tmp_path):
    await import_students(write_list(tmp_path / "first.csv", [child(), child(national_id=ID_B)]))
    changed = write_list(tmp_path / "second.csv", [child(first_name="ชื่อใหม่"), child(national_id=ID_B), child(national_id=ID_C)])

    result = await import_students(changed, dry_run=True)

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert (await Student.get(national_id=ID_A)).first_name == "ปฏิภาณ"


async def test_dry_run_reports_errors(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(grade="ม.7")])

    result = await import_students(path, dry_run=True)

    assert result.status == ImportStatus.DRY_RUN
    assert error_rows(result) == [(2, "ชั้น", "ม.7", ErrorCode.INVALID, "grade_invalid")]
    assert (await ImportBatch.get(id=result.batch_id)).error_count == 1


async def test_reimport_updates_instead_of_duplicating(krabi, tmp_path):
    await import_students(write_list(tmp_path / "first.csv", [child(), child(national_id=ID_B)]))

    result = await import_students(
        write_list(tmp_path / "second.csv", [child(first_name="ชื่อใหม่", grade="ม.4"), child(national_id=ID_B)])
    )

    student = await Student.get(national_id=ID_A)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert await Student.all().count() == 2
    assert (student.first_name, student.grade) == ("ชื่อใหม่", "ม.4")
    assert student.version == 2
    assert student.import_batch_id == result.batch_id


async def test_reimport_same_file_changes_nothing(krabi, tmp_path):
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=G_CODE)])
    first = await import_students(path)
    before = await Student.all().order_by("id").values("id", "version", "updated_at", "import_batch_id")

    second = await import_students(path)

    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert await Student.all().order_by("id").values("id", "version", "updated_at", "import_batch_id") == before
    assert before[0]["import_batch_id"] == first.batch_id


async def test_reimport_keeps_follow_up_state(krabi, tmp_path):
    from models.student import CaseStatus

    await import_students(write_list(tmp_path / "first.csv", [child()]))
    await Student.filter(national_id=ID_A).update(status=CaseStatus.IN_PROGRESS, visit_count=2)

    await import_students(write_list(tmp_path / "second.csv", [child(first_name="ชื่อใหม่")]))

    student = await Student.get(national_id=ID_A)
    assert (student.status, student.visit_count) == (CaseStatus.IN_PROGRESS, 2)


async def test_same_id_at_other_school_flagged(krabi, tmp_path):
    await import_students(write_list(tmp_path / "first.csv", [child(), child(national_id=ID_B)]))

    result = await import_students(
        write_list(tmp_path / "second.csv", [child(school_code="1081100001", grade="ม.4", term="1/2564")])
    )

    flagged = await Student.filter(possible_duplicate=True).order_by("id").values_list("national_id", "school_id")
    assert result.duplicates == 1
    assert flagged == [(ID_A, krabi.school.id), (ID_A, krabi.school_c.id)]
    assert (await ImportBatch.get(id=result.batch_id)).duplicate_count == 1


async def test_same_id_in_other_affiliation_flagged(krabi, tmp_path):
    rows = [child(), child(school_code="3081000001")]

    result = await import_students(write_list(tmp_path / "list.csv", rows))

    assert result.duplicates == 2
    assert await Student.filter(national_id=ID_A, possible_duplicate=True).count() == 2


async def test_same_school_other_term_not_flagged(krabi, tmp_path):
    await import_students(write_list(tmp_path / "first.csv", [child(term="1/2564")]))

    result = await import_students(write_list(tmp_path / "second.csv", [child(term="2/2564")]))

    assert result.duplicates == 0
    assert await Student.filter(possible_duplicate=True).count() == 0


# ---------------------------------------------------------------- scope


async def test_school_staff_imports_own_school(krabi, tmp_path):
    actor = await actor_of(krabi.school)
    path = write_list(tmp_path / "list.csv", [child()])

    result = await import_students(path, actor=actor)

    batch = await ImportBatch.get(id=result.batch_id)
    assert result.created == 1
    assert (batch.uploaded_by_id, batch.agency_id) == (actor.user_id, krabi.school.id)


async def test_school_staff_cannot_import_other_school(krabi, tmp_path):
    actor = await actor_of(krabi.school)
    path = write_list(tmp_path / "list.csv", [child(), child(national_id=ID_B, school_code="1081010012")])

    result = await import_students(path, actor=actor)

    assert error_rows(result) == [(3, "รหัสโรงเรียน", "1081010012", ErrorCode.NOT_FOUND, "school_unknown")]
    assert await Student.all().count() == 0


async def test_area_officer_limited_to_own_office(krabi, tmp_path):
    actor = await actor_of(krabi.area)
    rows = [child(), child(national_id=ID_B, school_code="1081010012"), child(national_id=ID_C, school_code="1081100001")]

    result = await import_students(write_list(tmp_path / "list.csv", rows), actor=actor)

    assert error_rows(result) == [(4, "รหัสโรงเรียน", "1081100001", ErrorCode.NOT_FOUND, "school_unknown")]


async def test_affiliation_admin_limited_to_affiliation(krabi, tmp_path):
    actor = await actor_of(krabi.obec)
    rows = [child(school_code="1081100001"), child(national_id=ID_B, school_code="3081000001")]

    result = await import_students(write_list(tmp_path / "list.csv", rows), actor=actor)

    assert error_rows(result) == [(3, "รหัสโรงเรียน", "3081000001", ErrorCode.NOT_FOUND, "school_unknown")]


async def test_partner_may_not_import(krabi, tmp_path):
    partner = await make_agency(AgencyKind.PARTNER, "MOU-81")
    actor = await actor_of(partner)

    with pytest.raises(AuthError) as caught:
        await import_students(write_list(tmp_path / "list.csv", [child()]), actor=actor)

    assert caught.value.code == ErrorCode.FORBIDDEN
    assert await ImportBatch.all().count() == 0


# ---------------------------------------------------------------- XLSX


def write_workbook(path: Path, rows: list[list[object]], header: list[str] = THAI_HEADER) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


async def test_xlsx_with_text_cells(krabi, tmp_path):
    path = write_workbook(tmp_path / "list.xlsx", [[child()[field] for field in FIELDS]])

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert result.errors == []
    assert (student.birth_date, student.grade, student.school_id) == (dt.date(2007, 1, 2), "ม.3", krabi.school.id)


async def test_xlsx_number_and_date_cells(krabi, tmp_path):
    row: list[object] = [child()[field] for field in FIELDS]
    row[FIELDS.index("birth_date")] = dt.datetime(2007, 1, 2)
    row[FIELDS.index("school_code")] = 1081010049
    row[FIELDS.index("subdistrict_code")] = 810404
    row[FIELDS.index("village_no")] = 10
    path = write_workbook(tmp_path / "list.xlsx", [row])

    result = await import_students(path)

    student = await Student.get(national_id=ID_A)
    assert result.errors == []
    assert (student.birth_date, student.subdistrict_id, student.village_no) == (dt.date(2007, 1, 2), "810404", "10")


async def test_xlsx_number_id_gets_hint(krabi, tmp_path):
    row: list[object] = [child()[field] for field in FIELDS]
    row[0] = int(ID_A)
    path = write_workbook(tmp_path / "list.xlsx", [row])

    result = await import_students(path)

    assert error_rows(result) == [(2, "เลขประจำตัวประชาชน", ID_A, ErrorCode.INVALID, "national_id_number_cell")]
    assert "format the column as text" in result.errors[0].message("en")


async def test_xlsx_buddhist_year_date_cell(krabi, tmp_path):
    row: list[object] = [child()[field] for field in FIELDS]
    row[FIELDS.index("birth_date")] = dt.datetime(2550, 1, 2)
    path = write_workbook(tmp_path / "list.xlsx", [row])

    await import_students(path)

    assert (await Student.get(national_id=ID_A)).birth_date == dt.date(2007, 1, 2)


async def test_broken_xlsx_reported(krabi, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04not really a workbook")

    result = await import_students(path)

    assert error_rows(result) == [(None, None, None, ErrorCode.INVALID, "file_not_xlsx")]


# ---------------------------------------------------------------- report and real data


async def test_print_report_thai_then_english(krabi, tmp_path, capsys):
    result = await import_students(write_list(tmp_path / "list.csv", [child(grade="ม.7")]))

    print_report(result)

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "ไม่ได้นำเข้าไฟล์ 'list.csv': พบข้อผิดพลาด 1 รายการ จึงไม่บันทึกข้อมูลใดเลย โปรดแก้ไขแล้วนำเข้าใหม่"
    )
    assert lines[1] == (
        "  The file 'list.csv' was not imported, so nothing was saved. Errors found: 1. "
        "Fix them and import the file again."
    )
    assert lines[2].startswith("แถวที่ 2 คอลัมน์ 'ชั้น' ค่า 'ม.7': ชั้น 'ม.7' ไม่ถูกต้อง")
    assert lines[3].startswith("  Row 2, column 'ชั้น', value 'ม.7': The grade 'ม.7' is invalid")
    assert len(lines) == 4


@pytest.mark.slow
async def test_real_krabi_workbook(db, shared_data):
    from services.school_import import import_schools

    await load_reference()
    await import_schools(shared_data / "schools" / "obec-schools-2022-09.csv", province_codes={"81"})

    result = await import_students(shared_data / "students" / "dropouts-krabi-2564.xlsx")

    assert result.errors == []
    assert (result.row_count, result.created) == (1_200, 1_200)
    assert await Student.filter(id_kind=IdKind.G_CODE).count() == 19
    assert await Student.filter(semester=1).count() == 615
    assert await Student.filter(province_id="81").count() == 1_200
