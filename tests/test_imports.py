"""The importStudents mutation and the importBatches query, through the HTTP endpoint."""

import json

import pytest

from factories import make_agency_tree, make_user
from helpers import client_for, error_codes, gql, make_settings, sign_in
from main import create_app
from models.audit import AuditEntry
from models.student import Student
from services.identifiers import make_national_id

IMPORT_STUDENTS = """
mutation Import($input: ImportStudentsInput!) {
  importStudents(input: $input) {
    batch {
      id kind status fileName rowCount createdCount updatedCount duplicateCount errorCount
      errors { row column value code message }
      agency { code }
    }
    errors { field code message }
  }
}
"""

IMPORT_BATCHES = """
query Batches($first: Int) {
  importBatches(first: $first) {
    totalCount
    edges { node { fileName status agency { code } } }
  }
}
"""

NODE = """
query Node($id: ID!) { node(id: $id) { ... on ImportBatch { fileName } } }
"""

HEADER = "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,ชั้น,รหัสโรงเรียน,ภาคเรียนที่หลุด"
ID_A = make_national_id("199010000001")
ID_B = make_national_id("199010000002")


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


def dropout_list(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


def row(national_id: str = ID_A, school_code: str = "1010000001", grade: str = "ม.3") -> str:
    return f"{national_id},เด็กชาย,สมมุติ,ทดสอบ,{grade},{school_code},1/2564"


async def upload(app, token: str, content: bytes, *, name: str = "list.csv", dry_run: bool = False,
                 language: str = "th") -> dict:
    operations = {"query": IMPORT_STUDENTS, "variables": {"input": {"file": None, "dryRun": dry_run}}}
    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (name, content, "text/csv")},
            headers={"authorization": f"Bearer {token}", "accept-language": language},
        )
    return response.json()


async def token_for(app, agency, username: str) -> str:
    await make_user(agency, username=username)
    return await sign_in(app, username)


async def test_area_officer_imports_list(app, tree):
    token = await token_for(app, tree.area, "officer")

    result = await upload(app, token, dropout_list(row(), row(ID_B, "1010000002")))

    payload = result["data"]["importStudents"]
    assert payload["errors"] == []
    assert payload["batch"] == {
        "id": payload["batch"]["id"],
        "kind": "STUDENTS",
        "status": "COMPLETED",
        "fileName": "list.csv",
        "rowCount": 2,
        "createdCount": 2,
        "updatedCount": 0,
        "duplicateCount": 0,
        "errorCount": 0,
        "errors": [],
        "agency": {"code": "10010000"},
    }
    assert await Student.all().count() == 2


async def test_import_is_audited(app, tree):
    token = await token_for(app, tree.area, "officer")

    await upload(app, token, dropout_list(row()))

    entry = await AuditEntry.get(action="import.students")
    assert entry.success is True
    assert entry.target_type == "ImportBatch"
    assert entry.details["created"] == 1
    assert entry.details["file_name"] == "list.csv"


async def test_dry_run_writes_no_child(app, tree):
    token = await token_for(app, tree.area, "officer")

    result = await upload(app, token, dropout_list(row()), dry_run=True)

    batch = result["data"]["importStudents"]["batch"]
    assert (batch["status"], batch["createdCount"]) == ("DRY_RUN", 1)
    assert await Student.all().count() == 0


async def test_bad_rows_returned_per_row(app, tree):
    token = await token_for(app, tree.area, "officer")

    result = await upload(app, token, dropout_list(row(), row(ID_B, grade="ม.9")), language="en")

    payload = result["data"]["importStudents"]
    assert payload["errors"] == [{
        "field": "file",
        "code": "INVALID",
        "message": "The file 'list.csv' was not imported, so nothing was saved. Errors found: 1. "
        "See batch.errors for each row.",
    }]
    assert payload["batch"]["status"] == "FAILED"
    assert payload["batch"]["errors"] == [{
        "row": 3,
        "column": "ชั้น",
        "value": "ม.9",
        "code": "INVALID",
        "message": "The grade 'ม.9' is invalid: it must be one of อ.1, อ.2, อ.3, ป.1, ป.2, ป.3, ป.4, ป.5, ป.6, "
        "ม.1, ม.2, ม.3, ม.4, ม.5, ม.6.",
    }]
    assert await Student.all().count() == 0


async def test_whole_file_error_returned_with_its_code(app, tree):
    token = await token_for(app, tree.area, "officer")

    result = await upload(app, token, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, name="list.xls")

    payload = result["data"]["importStudents"]
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [("file", "UNSUPPORTED")]
    assert payload["batch"]["errors"][0]["row"] is None


async def test_school_staff_limited_to_own_school(app, tree):
    token = await token_for(app, tree.school, "teacher")

    result = await upload(app, token, dropout_list(row(), row(ID_B, "1010000002")))

    errors = result["data"]["importStudents"]["batch"]["errors"]
    assert [(error["row"], error["column"], error["value"], error["code"]) for error in errors] == [
        (3, "รหัสโรงเรียน", "1010000002", "NOT_FOUND")
    ]


async def test_partner_may_not_import(app, tree):
    token = await token_for(app, tree.partner, "partner")

    result = await upload(app, token, dropout_list(row()))

    assert error_codes(result) == ["FORBIDDEN"]
    assert await Student.all().count() == 0


async def test_batches_listed_within_scope(app, tree):
    officer = await token_for(app, tree.area, "officer")
    other_officer = await token_for(app, tree.area_b, "officer-b")
    admin = await token_for(app, tree.obec, "admin")
    await upload(app, officer, dropout_list(row()), name="area.csv")
    await upload(app, other_officer, dropout_list(row(ID_B, "1020000001")), name="area-b.csv")

    own = await gql(app, IMPORT_BATCHES, {"first": 10}, token=officer)
    everything = await gql(app, IMPORT_BATCHES, {"first": 10}, token=admin)

    assert own["data"]["importBatches"] == {
        "totalCount": 1,
        "edges": [{"node": {"fileName": "area.csv", "status": "COMPLETED", "agency": {"code": "10010000"}}}],
    }
    assert everything["data"]["importBatches"]["totalCount"] == 2
    assert [edge["node"]["fileName"] for edge in everything["data"]["importBatches"]["edges"]] == [
        "area-b.csv", "area.csv",
    ]


async def test_batch_node_outside_scope_is_null(app, tree):
    officer = await token_for(app, tree.area, "officer")
    other_officer = await token_for(app, tree.area_b, "officer-b")
    batch_id = (await upload(app, officer, dropout_list(row())))["data"]["importStudents"]["batch"]["id"]

    own = await gql(app, NODE, {"id": batch_id}, token=officer)
    other = await gql(app, NODE, {"id": batch_id}, token=other_officer)

    assert own["data"]["node"] == {"fileName": "list.csv"}
    assert other["data"]["node"] is None


async def test_partner_may_not_list_batches(app, tree):
    token = await token_for(app, tree.partner, "partner")

    result = await gql(app, IMPORT_BATCHES, {"first": 10}, token=token)

    assert error_codes(result) == ["FORBIDDEN"]
