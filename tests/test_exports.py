"""Exports of the children list and the reports: formats, scope, field policy and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from factories import bearer_token, make_report_dataset, make_user, open_partner_province
from helpers import client_for, make_settings
from main import create_app
from models.agency import Agency, AgencyKind
from models.audit import AuditEntry
from models.student import CaseStatus, Reason, Student
from models.user import SessionKind
from schema.base import to_global_id
from services import reports
from services.auth import open_session
from services.reports import CannotFollowGroup, ReportFilter
from services.scope import actor_for_user

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def data(db):
    dataset = await make_report_dataset()
    await Student.filter(id__in=[child.id for child in dataset.students[:5]]).update(guardian_name="นางสมศรี สมมุติ")
    return dataset


async def download(app, path: str, user=None, **headers) -> tuple[int, dict, bytes]:
    if user is not None:
        headers["authorization"] = f"Bearer {await bearer_token(user)}"
    async with client_for(app) as client:
        response = await client.get(path, headers=headers)
    return response.status_code, response.headers, response.content


def read_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body[len(BOM):].decode("utf-8"))))


def read_xlsx(body: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def children_in(area: Agency) -> list[Student]:
    return Student.filter(area_office_id=area.id, merged_into_id=None).order_by("id")


# ---------------------------------------------------------------- the children list


async def test_students_csv_has_bom_and_thai_header(app, data):
    area = data.forest.area_offices[1]
    officer = await make_user(area)

    status, headers, body = await download(app, "/exports/students.csv", officer)

    rows = read_csv(body)
    expected = await children_in(area)
    assert status == 200
    assert body.startswith(BOM)
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert headers["content-disposition"].startswith('attachment; filename="students-')
    assert headers["cache-control"] == "no-store"
    assert rows[0][:4] == ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล"]
    assert "ชื่อผู้ปกครอง" in rows[0]
    assert [row[0] for row in rows[1:]] == [child.national_id for child in expected]


async def test_students_csv_headers_in_english(app, data):
    officer = await make_user(data.forest.ministry)

    _status, _headers, body = await download(app, "/exports/students.csv?lang=en", officer)

    rows = read_csv(body)
    assert rows[0][:4] == ["National ID", "Title", "First name", "Last name"]
    assert len(rows) - 1 == len(data.students) - len(data.merged)


async def test_students_export_applies_filters(app, data):
    officer = await make_user(data.forest.ministry)
    school = data.forest.schools[2]
    path = f"/exports/students.csv?term=1/2564&status=RETURNED,CANNOT_FOLLOW&schoolId={to_global_id('Agency', school.id)}"

    _status, _headers, body = await download(app, path, officer)

    rows = read_csv(body)
    expected = await Student.filter(
        school_id=school.id, semester=1, academic_year=2564, merged_into_id=None,
        status__in=[CaseStatus.RETURNED, CaseStatus.CANNOT_FOLLOW],
    ).order_by("id")
    assert [row[0] for row in rows[1:]] == [child.national_id for child in expected]
    assert {row[rows[0].index("สถานะการติดตาม")] for row in rows[1:]} <= {"กลับเข้าเรียนแล้ว", "ไม่สามารถติดตามได้"}


async def test_students_xlsx_streams_a_workbook(app, data):
    area = data.forest.area_offices[0]
    officer = await make_user(area)

    status, headers, body = await download(app, "/exports/students.xlsx", officer)

    rows = read_xlsx(body)
    expected = await children_in(area)
    assert status == 200
    assert headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert rows[0][0] == "เลขประจำตัวประชาชน"
    assert [row[0] for row in rows[1:]] == [child.national_id for child in expected]
    assert all(isinstance(row[0], str) for row in rows[1:])


async def test_partner_export_masks_and_drops_fields(app, data):
    partner = await Agency.create(kind=AgencyKind.PARTNER, code="MOU-7", name_th="มูลนิธิทดสอบ", parent=data.forest.ministry)
    await open_partner_province(partner, "10")
    user = await make_user(partner)

    status, _headers, body = await download(app, "/exports/students.csv", user)

    rows = read_csv(body)
    expected = await Student.filter(province_id="10", merged_into_id=None).order_by("id")
    assert status == 200
    assert "ชื่อผู้ปกครอง" not in rows[0]
    assert "โทรศัพท์ผู้ปกครอง" not in rows[0]
    assert "วันเกิด" not in rows[0]
    assert "บ้านเลขที่" not in rows[0]
    assert "อายุ (ปี)" in rows[0]
    assert "ตำบล/แขวง" in rows[0]
    assert [row[0] for row in rows[1:]] == ["x" * 9 + child.national_id[-4:] for child in expected]


async def test_students_export_is_audited(app, data):
    area = data.forest.area_offices[1]
    officer = await make_user(area)

    await download(app, "/exports/students.xlsx?term=2/2564", officer)

    entry = await AuditEntry.get(action="export.students")
    expected_rows = await Student.filter(area_office_id=area.id, merged_into_id=None, semester=2, academic_year=2564).count()
    assert entry.actor_id == officer.id
    assert entry.actor_agency_id == area.id
    assert entry.target_type == "Student"
    assert entry.details["format"] == "xlsx"
    assert entry.details["rows"] == expected_rows
    assert entry.details["filters"] == {"term": "2/2564"}
    assert entry.client_address == "127.0.0.1"


async def test_export_accepts_session_cookie(app, data):
    officer = await make_user(data.forest.area_offices[0])
    token, _session = await open_session(officer, lifetime=dt.timedelta(hours=1), kind=SessionKind.COOKIE)

    async with client_for(app) as client:
        client.cookies.set("pakongklab_session", token)
        response = await client.get("/exports/students.csv", headers={"sec-fetch-site": "same-origin"})

    assert response.status_code == 200
    assert response.content.startswith(BOM)


async def test_export_requires_sign_in(app, data):
    status, headers, body = await download(app, "/exports/students.csv")

    assert status == 401
    assert headers["www-authenticate"] == "Bearer"
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert await AuditEntry.filter(action="export.students").count() == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=LOST", "status"), ("visited=maybe", "visited"), ("lastVisitBefore=31/01/2565", "lastVisitBefore"), ("schoolId=junk", "schoolId")],
)
async def test_invalid_export_filter_is_rejected(app, data, query, field):
    officer = await make_user(data.forest.ministry)

    status, _headers, body = await download(app, f"/exports/students.csv?{query}", officer, **{"accept-language": "en"})

    error = json.loads(body)["errors"][0]
    assert status == 400
    assert error["extensions"] == {"code": "INVALID", "field": field}
    assert "is invalid" in error["message"]


async def test_unknown_format_is_not_found(app, data):
    officer = await make_user(data.forest.ministry)

    status, _headers, _body = await download(app, "/exports/students.pdf", officer)

    assert status == 404


# ---------------------------------------------------------------- reports


async def test_progress_summary_csv_matches_report(app, data):
    affiliation = data.forest.affiliations[0]
    admin = await make_user(affiliation)

    status, _headers, body = await download(app, "/exports/reports/progress-summary.csv?term=1/2564", admin)

    rows = read_csv(body)
    summary = await reports.progress_summary(await actor_for_user(admin), ReportFilter(term=reports.Term(1, 2564)))
    assert status == 200
    assert body.startswith(BOM)
    assert rows[0][:3] == ["รหัสหน่วยงาน", "หน่วยงาน", "จำนวนเด็กทั้งหมด"]
    assert len(rows[0]) == 7 + len(CaseStatus) + len(Reason)
    assert [row[0] for row in rows[1:-1]] == [row.agency.code for row in summary.breakdown]
    assert rows[-1][:3] == [affiliation.code, f"รวม {affiliation.name_th}", str(summary.counts.total)]


async def test_cannot_follow_xlsx_has_reason_columns_in_order(app, data):
    admin = await make_user(data.forest.ministry)

    status, _headers, body = await download(app, "/exports/reports/cannot-follow.xlsx?groupBy=AREA_OFFICE", admin)

    rows = read_xlsx(body)
    report = await reports.cannot_follow_report(await actor_for_user(admin), ReportFilter(), CannotFollowGroup.AREA_OFFICE)
    assert status == 200
    assert rows[0][0:2] == ["รหัส", "สำนักงานเขตพื้นที่/จังหวัด"]
    assert rows[0][2] == "การคมนาคมไม่สะดวก"
    assert rows[0][20] == "ไม่ระบุ"
    assert rows[0][21] == "รวม"
    assert [row[0] for row in rows[1:-1]] == [row.agency.code for row in report.rows]
    assert rows[-1][2:] == [report.totals[reason] for reason in Reason] + [report.total]


async def test_weekly_and_needs_exports(app, data):
    admin = await make_user(data.forest.ministry)

    weekly_status, _h, weekly = await download(app, "/exports/reports/weekly-progress.csv?from=2022-01-03&to=2022-01-16", admin)
    needs_status, _h, needs = await download(app, "/exports/reports/needs-summary.csv?lang=en", admin)

    assert weekly_status == 200
    assert [row[0] for row in read_csv(weekly)] == ["วันเริ่มต้นสัปดาห์", "2022-01-03", "2022-01-10"]
    assert needs_status == 200
    assert read_csv(needs)[0][:4] == ["Code", "Area office", "Children", "Children with needs"]
    assert read_csv(needs)[-1][1] == "Total"


async def test_report_export_is_audited(app, data):
    admin = await make_user(data.forest.ministry)

    await download(app, "/exports/reports/needs-summary.xlsx", admin)

    entry = await AuditEntry.get(action="export.report")
    assert entry.target_type == "Report"
    assert entry.details["name"] == "needs-summary"
    assert entry.details["format"] == "xlsx"


async def test_partner_cannot_export_reports(app, data):
    partner = await Agency.create(kind=AgencyKind.PARTNER, code="MOU-8", name_th="มูลนิธิทดสอบ", parent=data.forest.ministry)
    user = await make_user(partner)

    status, _headers, body = await download(app, "/exports/reports/progress-summary.csv", user)

    assert status == 403
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


async def test_report_of_agency_outside_scope_is_not_found(app, data):
    officer = await make_user(data.forest.area_offices[0])
    other = data.forest.area_offices[1]

    status, _headers, body = await download(
        app, f"/exports/reports/progress-summary.csv?agencyId={to_global_id('Agency', other.id)}", officer
    )

    assert status == 404
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "agencyId"}


async def test_unknown_report_is_not_found(app, data):
    admin = await make_user(data.forest.ministry)

    status, _headers, body = await download(app, "/exports/reports/everything.csv", admin)

    assert status == 404
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "name"}


async def test_formula_like_text_stays_text(app, data):
    child = data.students[0]
    await Student.filter(id=child.id).update(first_name="=1+2", last_name="-ทดสอบ", guardian_phone="+66812345678")
    admin = await make_user(data.forest.ministry)
    path = f"/exports/students.{{}}?schoolId={to_global_id('Agency', child.school_id)}&term=1/2564"

    _status, _headers, csv_body = await download(app, path.format("csv"), admin)
    _status, _headers, xlsx_body = await download(app, path.format("xlsx"), admin)

    rows = read_csv(csv_body)
    row = next(row for row in rows if row[0] == child.national_id)
    assert row[rows[0].index("ชื่อ")] == "'=1+2"
    assert row[rows[0].index("นามสกุล")] == "'-ทดสอบ"
    assert row[rows[0].index("โทรศัพท์ผู้ปกครอง")] == "+66812345678"
    sheet = load_workbook(io.BytesIO(xlsx_body), read_only=True).active
    cells = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == child.national_id)
    assert cells[2].value == "=1+2"
    assert cells[2].data_type == "s"
