"""Import of the OBEC school list: area offices, schools, quirks of the published file, re-runs."""

import csv
from pathlib import Path

import pytest

from models.agency import Agency, AgencyKind, AgencyProvince
from models.audit import ImportBatch, ImportKind, ImportStatus
from services.errors import ErrorCode, ServiceError
from services.reference import load_reference
from services.school_import import import_schools

HEADER = [
    "obec_school_id_10", "smis_code_8", "name_th", "levels_th", "esa_code", "esa_name", "province_code",
    "province_th", "district_code", "district_th", "subdistrict_code", "subdistrict_th", "location_source",
]
ESA_HEADER = ["esa_code", "esa_name", "kind", "province_code", "provinces", "school_count"]

# Codes and names modelled on the Krabi rows of the OBEC list. The subdistrict and district
# codes are real geothai codes; "9999" is no district.
SCHOOLS = [
    ["1081010049", "81010049", "บ้านทรายขาว", "อนุบาล-ประถมศึกษา", "8101", "สพป.กระบี่", "81", "กระบี่",
     "8104", "คลองท่อม", "810404", "", "wikipedia-name-match+geothai"],
    ["1081010012", "81010012", "บ้านคลองทราย ประชาอุทิศ", "อนุบาล-มัธยมศึกษาตอนต้น", "8101", "สพป.กระบี่", "81",
     "กระบี่", "", "", "", "", "none"],
    ["1081100001", "81100001", "อำมาตย์พานิชนุกูล", "มัธยมศึกษาตอนต้น-มัธยมศึกษาตอนปลาย", "101713",
     "สพม.เขต 13(ตรัง-กระบี่)", "81", "กระบี่", "9999", "", "999999", "", "none"],
    ["1092100001", "92100001", "วิเชียรมาตุ", "มัธยมศึกษาตอนต้น-มัธยมศึกษาตอนปลาย", "101713",
     "สพม.เขต 13(ตรัง-กระบี่)", "92", "ตรัง", "", "", "", "", "none"],
    ["1081700001", "81700001", "ศึกษาพิเศษกระบี่", "", "100700", "สำนักบริหารงานการศึกษาพิเศษ", "81", "กระบี่",
     "", "", "", "", "none"],
    ["1081711134", "81711134", "ไม่มีเขต", "มัธยมศึกษาตอนต้น", "", "", "81", "กระบี่", "", "", "", "", "none"],
    # Sara am written as nikhahit + sara aa, as some rows of the source do.
    ["1081010050", "81010050", "บ้านน\u0e4d\u0e32ตก", "ประถมศึกษา", "8101", "สพป.กระบี่", "81", "กระบี่",
     "", "", "", "", "none"],
]
ESA_ROWS = [["101713", "สพม.เขต 13(ตรัง-กระบี่)", "secondary", "92", "92|81", "2"]]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
async def reference(db):
    await load_reference()


@pytest.fixture
def school_file(tmp_path) -> Path:
    write_csv(tmp_path / "esa-test.csv", ESA_HEADER, ESA_ROWS)
    return write_csv(tmp_path / "obec-schools-test.csv", HEADER, SCHOOLS)


async def agency(code: str, kind: AgencyKind = AgencyKind.SCHOOL) -> Agency:
    return await Agency.get(kind=kind, code=code)


async def test_import_creates_offices_and_schools(reference, school_file):
    result = await import_schools(school_file)

    assert (result.created, result.updated, result.unchanged) == (7, 0, 0)
    assert result.area_offices == 3
    assert result.skipped == []
    assert await Agency.filter(kind=AgencyKind.SCHOOL).count() == 7
    assert sorted(await Agency.filter(kind=AgencyKind.AREA_OFFICE).values_list("code", flat=True)) == [
        "100700", "101713", "8101",
    ]


async def test_school_sits_under_its_area_office(reference, school_file):
    await import_schools(school_file)
    obec = await agency("OBEC", AgencyKind.AFFILIATION)
    office = await agency("8101", AgencyKind.AREA_OFFICE)

    school = await agency("1081010049")

    assert office.name_th == "สพป.กระบี่"
    assert office.parent_id == obec.id
    assert office.affiliation_id == obec.id
    assert office.province_id == "81"
    assert school.parent_id == office.id
    assert school.area_office_id == office.id
    assert school.affiliation_id == obec.id
    assert (school.province_id, school.district_id, school.subdistrict_id) == ("81", "8104", "810404")
    assert school.levels_th == "อนุบาล-ประถมศึกษา"
    assert school.name_th == "บ้านทรายขาว"


async def test_secondary_office_province_from_esa_list(reference, school_file):
    await import_schools(school_file)

    office = await agency("101713", AgencyKind.AREA_OFFICE)
    covered = await AgencyProvince.filter(agency_id=office.id).values_list("province_id", flat=True)

    assert office.province_id == "92"
    assert sorted(covered) == ["81", "92"]


async def test_secondary_office_without_esa_list_uses_school_provinces(reference, tmp_path):
    # Two of the office's three schools are in Krabi (81), one in Trang (92).
    another = ["1081100002", "", "อื่น", "", "101713", "สพม.เขต 13(ตรัง-กระบี่)", "81", "", "", "", "", "", ""]
    lone = write_csv(tmp_path / "schools.csv", HEADER, [*SCHOOLS[2:4], another])

    await import_schools(lone)

    office = await agency("101713", AgencyKind.AREA_OFFICE)
    covered = await AgencyProvince.filter(agency_id=office.id).values_list("province_id", flat=True)
    assert office.province_id == "81"
    assert sorted(covered) == ["81", "92"]


async def test_primary_office_covers_its_own_province(reference, school_file):
    await import_schools(school_file)

    office = await agency("8101", AgencyKind.AREA_OFFICE)

    assert await AgencyProvince.filter(agency_id=office.id).values_list("province_id", flat=True) == ["81"]


async def test_special_education_bureau_is_national_office(reference, school_file):
    await import_schools(school_file)

    bureau = await agency("100700", AgencyKind.AREA_OFFICE)
    school = await agency("1081700001")

    assert bureau.name_th == "สำนักบริหารงานการศึกษาพิเศษ"
    assert bureau.province_id is None
    assert await AgencyProvince.filter(agency_id=bureau.id).count() == 0
    assert school.area_office_id == bureau.id
    assert school.levels_th == ""


async def test_school_without_esa_hangs_under_affiliation(reference, school_file):
    await import_schools(school_file)
    obec = await agency("OBEC", AgencyKind.AFFILIATION)

    school = await agency("1081711134")

    assert school.parent_id == obec.id
    assert school.area_office_id is None
    assert school.affiliation_id == obec.id


async def test_unknown_area_codes_left_empty(reference, school_file):
    await import_schools(school_file)

    school = await agency("1081100001")

    assert (school.province_id, school.district_id, school.subdistrict_id) == ("81", None, None)


async def test_sara_am_normalised(reference, school_file):
    await import_schools(school_file)

    school = await agency("1081010050")

    assert school.name_th == "บ้านน\u0e33ตก"


async def test_second_run_changes_nothing(reference, school_file):
    await import_schools(school_file)
    before = await Agency.all().order_by("id").values("id", "updated_at")

    result = await import_schools(school_file)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert result.area_offices_created == 0
    assert result.area_offices_updated == 0
    assert await Agency.all().order_by("id").values("id", "updated_at") == before


async def test_changed_row_updates_school(reference, tmp_path, school_file):
    await import_schools(school_file)
    changed = [list(row) for row in SCHOOLS]
    changed[0][2] = "บ้านทรายขาว (ย้ายที่ตั้ง)"
    changed[0][10] = "810401"
    write_csv(school_file, HEADER, changed)

    result = await import_schools(school_file)

    school = await agency("1081010049")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    assert school.name_th == "บ้านทรายขาว (ย้ายที่ตั้ง)"
    assert school.subdistrict_id == "810401"


async def test_bad_rows_skipped_and_listed(reference, tmp_path):
    rows = [
        SCHOOLS[0],
        ["", "", "ไม่มีรหัส", "", "8101", "สพป.กระบี่", "81", "", "", "", "", "", ""],
        ["1081000002", "", "จังหวัดผิด", "", "8101", "สพป.กระบี่", "00", "", "", "", "", "", ""],
        SCHOOLS[0],
    ]
    path = write_csv(tmp_path / "bad.csv", HEADER, rows)

    result = await import_schools(path)

    assert result.created == 1
    assert [(error.row, error.column, error.code, error.message_key) for error in result.skipped] == [
        (3, "obec_school_id_10", ErrorCode.REQUIRED, "school_code_missing"),
        (4, "province_code", ErrorCode.INVALID, "school_province_unknown"),
        (5, "obec_school_id_10", ErrorCode.DUPLICATE, "school_code_repeated"),
    ]
    assert result.skipped[2].message("en") == "The school id 1081010049 repeats row 2, so it was skipped."


async def test_province_filter_keeps_one_province(reference, school_file):
    result = await import_schools(school_file, province_codes={"92"})

    assert result.created == 1
    assert await Agency.filter(kind=AgencyKind.SCHOOL).values_list("code", flat=True) == ["1092100001"]


async def test_import_records_batch(reference, school_file):
    result = await import_schools(school_file)

    batch = await ImportBatch.get(id=result.batch_id)

    assert batch.kind == ImportKind.SCHOOLS
    assert batch.status == ImportStatus.COMPLETED
    assert (batch.row_count, batch.created_count, batch.updated_count) == (7, 7, 0)
    assert batch.file_name == "obec-schools-test.csv"
    assert len(batch.file_sha256) == 64


async def test_missing_column_rejected(reference, tmp_path):
    path = write_csv(tmp_path / "wrong.csv", ["code", "name"], [["1", "x"]])

    with pytest.raises(ServiceError) as caught:
        await import_schools(path)

    assert caught.value.message_key == "schools_missing_columns"
    assert caught.value.params["columns"] == "obec_school_id_10, name_th, province_code"


async def test_import_without_reference_rejected(db, school_file):
    with pytest.raises(ServiceError) as caught:
        await import_schools(school_file)

    assert caught.value.message_key == "schools_reference_missing"


@pytest.mark.slow
async def test_real_obec_list(reference, shared_data):
    path = shared_data / "schools" / "obec-schools-2022-09.csv"

    first = await import_schools(path)
    second = await import_schools(path)

    assert (first.created, first.updated, first.unchanged) == (29_579, 0, 0)
    assert first.skipped == []
    assert first.area_offices == 226  # 225 service area offices and the special-education bureau
    assert await Agency.filter(kind=AgencyKind.SCHOOL).count() == 29_579
    assert await Agency.filter(kind=AgencyKind.AREA_OFFICE).count() == 226
    assert await Agency.filter(kind=AgencyKind.SCHOOL, area_office_id=None).values_list("code", flat=True) == [
        "1034711134"
    ]
    assert await Agency.filter(kind=AgencyKind.SCHOOL, code="101431089").exists()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 29_579)
