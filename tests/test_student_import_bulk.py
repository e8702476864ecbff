"""Large imports: the staged writes of PostgreSQL, written in parts, and the foreign keys that remain.

On PostgreSQL the import stages the checked rows with COPY and writes them with set-based
statements, and SQLite writes chunks of rows. Both must store the same children with the same
values, flags and versions, and write nothing when any row fails.
"""

from __future__ import annotations

import pytest
from tortoise.exceptions import IntegrityError

import services.student_import as student_import
from models.audit import ImportBatch, ImportStatus
from models.student import Student
from services.errors import ErrorCode
from services.identifiers import make_national_id
from services.student_import import import_students
from test_student_import import ID_A, ID_B, ID_C, Krabi, child, error_rows, krabi, write_list  # noqa: F401

ID_D = make_national_id("199010000004")
ID_E = make_national_id("199010000005")

# Every column the import writes or derives, compared between the two write paths.
COMPARED = (
    "national_id", "id_kind", "title", "first_name", "last_name", "gender", "birth_date", "grade",
    "school_id", "area_office_id", "affiliation_id", "academic_year", "semester", "house_number",
    "village_no", "subdistrict_id", "district_id", "province_id", "guardian_name", "guardian_phone",
    "status", "visit_count", "possible_duplicate", "merged_into_id", "version",
)


def first_list() -> list[dict[str, str]]:
    return [
        child(),
        child(national_id=ID_B, birth_date="", subdistrict_code=""),
        child(national_id=ID_C, guardian_name="นาง ก\\ข \\N", house_number="\\N"),
        child(national_id=ID_D, term="1/2564"),
    ]


def second_list() -> list[dict[str, str]]:
    return [
        child(first_name="ชื่อใหม่"),  # changed
        child(national_id=ID_B, birth_date="", subdistrict_code=""),  # unchanged
        child(national_id=ID_C, school_code="1081100001", grade="ม.4"),  # new, same ID at another school
        child(national_id=ID_D, term="1/2564", birth_date=""),  # changed to an empty birth date
        child(national_id=ID_E, school_code="3081000001"),  # new
    ]


async def stored_children() -> list[tuple]:
    """Every child in file order, with the batch it points to numbered 1, 2, ... by import."""
    batch_ids = await ImportBatch.all().order_by("id").values_list("id", flat=True)
    number_of = {batch_id: number for number, batch_id in enumerate(batch_ids, start=1)}
    rows = await Student.all().order_by("id").values(*COMPARED, "import_batch_id")
    return [
        (*(row[column] for column in COMPARED), number_of.get(row["import_batch_id"]))
        for row in rows
    ]


async def import_both_lists(tmp_path) -> list[tuple]:
    results = [
        await import_students(write_list(tmp_path / "first.csv", first_list())),
        await import_students(write_list(tmp_path / "second.csv", second_list())),
    ]
    return [(result.status, result.created, result.updated, result.unchanged, result.duplicates) for result in results]


@pytest.fixture
def small_parts(monkeypatch):
    """Stage two rows per COPY and write two rows per part, so that a short file has several parts."""
    monkeypatch.setattr(student_import, "STAGE_CHUNK_ROWS", 2)
    monkeypatch.setattr(student_import, "WRITE_PART_ROWS", 2)
    monkeypatch.setattr(student_import, "WRITE_CHUNK_ROWS", 2)


# ---------------------------------------------------------------- the same result on both write paths


async def test_staged_writes_store_what_chunked_writes_store(krabi, tmp_path, database_url, small_parts, monkeypatch):
    if not database_url.startswith("postgres"):
        pytest.skip("only PostgreSQL has the staged writes")
    staged_counts = await import_both_lists(tmp_path)
    staged = await stored_children()
    await Student.all().delete()
    await ImportBatch.all().delete()
    monkeypatch.setattr(student_import, "_stages_rows", lambda connection: False)

    chunked_counts = await import_both_lists(tmp_path)

    assert staged_counts == chunked_counts
    assert staged == await stored_children()


async def test_reimport_in_parts_counts_and_flags(krabi, tmp_path, small_parts):
    statuses = await import_both_lists(tmp_path)

    flagged = await Student.filter(possible_duplicate=True).order_by("id").values_list("national_id", "school_id")
    assert statuses == [
        (ImportStatus.COMPLETED, 4, 0, 0, 0),
        (ImportStatus.COMPLETED, 2, 2, 1, 1),
    ]
    assert flagged == [(ID_C, krabi.school.id), (ID_C, krabi.school_c.id)]


async def test_reimport_in_parts_updates_values_and_versions(krabi, tmp_path, small_parts):
    await import_both_lists(tmp_path)

    rows = await Student.all().order_by("id").values_list("national_id", "first_name", "birth_date", "version")
    assert [(national_id, first_name, birth_date is None, version) for national_id, first_name, birth_date, version
            in rows] == [
        (ID_A, "ชื่อใหม่", False, 2),
        (ID_B, "ปฏิภาณ", True, 1),
        (ID_C, "ปฏิภาณ", False, 1),
        (ID_D, "ปฏิภาณ", True, 2),
        (ID_C, "ปฏิภาณ", False, 1),
        (ID_E, "ปฏิภาณ", False, 1),
    ]


async def test_backslashes_and_null_marker_stored_as_written(krabi, tmp_path, small_parts):
    await import_students(write_list(tmp_path / "list.csv", first_list()))

    student = await Student.get(national_id=ID_C)
    assert (student.guardian_name, student.house_number) == ("นาง ก\\ข \\N", "\\N")


async def test_empty_cells_null_or_school_province(krabi, tmp_path, small_parts):
    await import_students(write_list(tmp_path / "list.csv", first_list()))

    student = await Student.get(national_id=ID_B)
    assert (student.birth_date, student.subdistrict_id, student.district_id, student.province_id) == (
        None, None, None, "81"
    )


# ---------------------------------------------------------------- all rows or none


async def test_error_in_last_row_writes_nothing_after_parts(krabi, tmp_path, small_parts):
    await import_students(write_list(tmp_path / "first.csv", first_list()))
    before = await stored_children()
    rows = [*second_list(), child(national_id=ID_A, grade="ม.9")]

    result = await import_students(write_list(tmp_path / "second.csv", rows))

    assert result.status == ImportStatus.FAILED
    assert error_rows(result) == [(7, "ชั้น", "ม.9", ErrorCode.INVALID, "grade_invalid")]
    assert await stored_children() == before
    assert await ImportBatch.filter(status=ImportStatus.COMPLETED).count() == 1


async def test_repeated_last_row_writes_nothing_after_parts(krabi, tmp_path, small_parts):
    rows = [*first_list(), child(national_id=ID_E), child()]

    result = await import_students(write_list(tmp_path / "list.csv", rows))

    assert [(error.row, error.message_key) for error in result.errors] == [(7, "import_row_repeated")]
    assert await Student.all().count() == 0


async def test_failed_batch_is_the_only_row_written(krabi, tmp_path, small_parts):
    rows = [*first_list(), child(national_id=ID_E, school_code="9999999999")]

    result = await import_students(write_list(tmp_path / "list.csv", rows))

    batches = await ImportBatch.all().values_list("id", "status", "created_count")
    assert batches == [(result.batch_id, ImportStatus.FAILED, 0)]


async def test_dry_run_in_parts_writes_nothing(krabi, tmp_path, small_parts):
    await import_students(write_list(tmp_path / "first.csv", first_list()))
    before = await stored_children()

    result = await import_students(write_list(tmp_path / "second.csv", second_list()), dry_run=True)

    assert (result.status, result.created, result.updated, result.unchanged) == (ImportStatus.DRY_RUN, 2, 2, 1)
    assert await stored_children() == before


# ---------------------------------------------------------------- schools and foreign keys


async def test_unknown_school_refused_per_row(krabi, tmp_path, small_parts):
    rows = [child(), child(national_id=ID_B), child(national_id=ID_C, school_code="9999999999")]

    result = await import_students(write_list(tmp_path / "list.csv", rows))

    assert error_rows(result) == [(4, "รหัสโรงเรียน", "9999999999", ErrorCode.NOT_FOUND, "school_unknown")]
    assert await Student.all().count() == 0


async def test_database_rejects_unknown_school(krabi):
    with pytest.raises(IntegrityError):
        await Student.create(
            national_id=ID_A, first_name="ปฏิภาณ", last_name="สมมุติ", school_id=krabi.school.id + 1000,
            affiliation_id=krabi.obec.id, academic_year=2564, semester=2,
        )


async def test_area_office_and_affiliation_copied_from_school(krabi, tmp_path, small_parts):
    await import_students(write_list(tmp_path / "list.csv", second_list()))

    rows = await Student.all().order_by("id").values_list("school_id", "area_office_id", "affiliation_id")
    schools = {school.id: school for school in (krabi.school, krabi.school_c, krabi.school_opec)}
    assert rows == [
        (school_id, schools[school_id].area_office_id, schools[school_id].affiliation_id)
        for school_id, _, _ in rows
    ]
