"""The main job end to end, on the real OBEC school list and the synthetic Krabi dropout list.

Reference data, schools and children go in through the command line, as an operator would
load them. Then the approval chain runs through the API: a ministry admin (from
`create-admin`) approves an OBEC affiliation admin, who approves an officer of a Krabi
service-area office, who approves a school user. The school user records a visit with GPS
and a JPEG photo, and the officer's progress summary counts it.

The API part runs twice: in-process through the ASGI app, and over HTTP against a real
uvicorn server started with `main.py serve`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from PIL import Image

from helpers import make_settings, stop_server
from main import create_app

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "Krabi-visit-2564!"

REGISTER = """
mutation Register($input: RegisterUserInput!) {
  registerUser(input: $input) { user { id status } errors { field code message } }
}
"""
LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { token errors { field code message } }
}
"""
PENDING = "{ pendingUsers(first: 50) { totalCount edges { node { id username } } } }"
APPROVE = """
mutation Approve($input: ApproveUserInput!) {
  approveUser(input: $input) { user { username status } errors { field code message } }
}
"""
STUDENTS = """
query Students($filter: StudentFilter) {
  students(filter: $filter, first: 5) { totalCount edges { node { id status school { code } } } }
}
"""
RECORD_VISIT = """
mutation Record($input: RecordVisitInput!) {
  recordVisit(input: $input) {
    visit { id status reason latitude longitude accuracyMeters photos { url thumbnailUrl contentType } }
    student { id status }
    errors { field code message }
  }
}
"""
SUMMARY = """
{ progressSummary { total found byStatus { status count } byReason { reason count } } }
"""


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"main.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def jpeg_bytes() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 120, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def krabi_school_and_office(shared_data: Path) -> tuple[str, str, int]:
    """Pick the school with the most children on the Krabi list, its area office, and the count."""
    counts: dict[str, int] = {}
    with open(shared_data / "students" / "dropouts-krabi-2564.csv", encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            counts[row["รหัสโรงเรียน"]] = counts.get(row["รหัสโรงเรียน"], 0) + 1
    school_code = max(sorted(counts), key=counts.get)
    with open(shared_data / "schools" / "obec-schools-2022-09.csv", encoding="utf-8", newline="") as file:
        office_code = next(row["esa_code"] for row in csv.DictReader(file) if row["obec_school_id_10"] == school_code)
    return school_code, office_code, counts[school_code]


class Api:
    """Sends GraphQL requests to one base URL, in-process or over TCP."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def call(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body.get("errors") is None, body["errors"]
        return body["data"]

    async def upload_visit(self, token: str, variables: dict, photo: bytes) -> dict:
        operations = {"query": RECORD_VISIT, "variables": variables}
        response = await self.client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.photos.0"]})},
            files={"0": ("visit.jpg", photo, "image/jpeg")},
            headers={"authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body.get("errors") is None, body["errors"]
        return body["data"]

    async def sign_in(self, username: str) -> str:
        payload = (await self.call(LOGIN, {"input": {"username": username, "password": PASSWORD}}))["login"]
        assert payload["errors"] == []
        return payload["token"]

    async def register(self, username: str, kind: str, code: str) -> None:
        variables = {
            "input": {
                "username": username,
                "password": PASSWORD,
                "title": "นางสาว",
                "firstName": "ทดสอบ",
                "lastName": "ระบบติดตาม",
                "position": "ครู",
                "agencyKind": kind,
                "agencyCode": code,
                "phone": "0215550100",
                "email": f"{username}@example.test",
            }
        }
        payload = (await self.call(REGISTER, variables))["registerUser"]
        assert payload["errors"] == []
        assert payload["user"]["status"] == "PENDING"

    async def approve(self, approver_token: str, username: str) -> None:
        pending = (await self.call(PENDING, token=approver_token))["pendingUsers"]["edges"]
        ids = [edge["node"]["id"] for edge in pending if edge["node"]["username"] == username]
        assert len(ids) == 1, f"{username} is not pending for this approver: {pending}"
        payload = (await self.call(APPROVE, {"input": {"userId": ids[0]}}, token=approver_token))["approveUser"]
        assert payload["errors"] == []
        assert payload["user"]["status"] == "ACTIVE"


async def follow_up_one_child(api: Api, suffix: str, school_code: str, office_code: str, school_children: int) -> None:
    """Run the approval chain and one visit; check that the officer's summary counts it."""
    admin_token = await api.sign_in("ministry.admin")

    await api.register(f"obec.admin.{suffix}", "AFFILIATION", "OBEC")
    await api.approve(admin_token, f"obec.admin.{suffix}")
    affiliation_token = await api.sign_in(f"obec.admin.{suffix}")

    await api.register(f"officer.{suffix}", "AREA_OFFICE", office_code)
    await api.approve(affiliation_token, f"officer.{suffix}")
    officer_token = await api.sign_in(f"officer.{suffix}")

    await api.register(f"teacher.{suffix}", "SCHOOL", school_code)
    rejected = (await api.call(LOGIN, {"input": {"username": f"teacher.{suffix}", "password": PASSWORD}}))["login"]
    assert rejected["token"] is None
    assert len(rejected["errors"]) == 1
    await api.approve(officer_token, f"teacher.{suffix}")
    teacher_token = await api.sign_in(f"teacher.{suffix}")

    before = (await api.call(SUMMARY, token=officer_token))["progressSummary"]
    children = (await api.call(STUDENTS, {"filter": {"status": ["NOT_STARTED"]}}, token=teacher_token))["students"]
    assert children["totalCount"] >= 1
    assert children["totalCount"] <= school_children
    child = children["edges"][0]["node"]
    assert child["school"]["code"] == school_code

    variables = {
        "input": {
            "id": str(uuid.uuid4()),
            "studentId": child["id"],
            "status": "FOUND_WANTS_TO_RETURN",
            "reason": "LOW_INCOME",
            "needs": ["SCHOLARSHIP", "TRANSPORT"],
            "note": "พบเด็กที่บ้าน ผู้ปกครองยินดีให้กลับมาเรียน",
            "visitedAt": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).isoformat(),
            "latitude": 8.0863,
            "longitude": 98.9063,
            "accuracyMeters": 15.0,
            "photos": [None],
        }
    }
    recorded = (await api.upload_visit(teacher_token, variables, jpeg_bytes()))["recordVisit"]

    assert recorded["errors"] == []
    assert recorded["student"]["status"] == "FOUND_WANTS_TO_RETURN"
    assert recorded["visit"]["latitude"] == 8.0863
    assert recorded["visit"]["longitude"] == 98.9063
    assert recorded["visit"]["accuracyMeters"] == 15.0
    assert len(recorded["visit"]["photos"]) == 1
    photo_url = recorded["visit"]["photos"][0]["url"]
    photo = await api.client.get(photo_url, headers={"authorization": f"Bearer {officer_token}"})
    assert photo.status_code == 200
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.content[:2] == b"\xff\xd8"

    after = (await api.call(SUMMARY, token=officer_token))["progressSummary"]
    found_before = {row["status"]: row["count"] for row in before["byStatus"]}
    found_after = {row["status"]: row["count"] for row in after["byStatus"]}
    assert after["total"] == before["total"]
    assert found_after.get("FOUND_WANTS_TO_RETURN", 0) == found_before.get("FOUND_WANTS_TO_RETURN", 0) + 1
    assert found_after["NOT_STARTED"] == found_before["NOT_STARTED"] - 1
    reasons_after = {row["reason"]: row["count"] for row in after["byReason"]}
    reasons_before = {row["reason"]: row["count"] for row in before["byReason"]}
    assert reasons_after.get("LOW_INCOME", 0) == reasons_before.get("LOW_INCOME", 0) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"main.py serve exited with {process.returncode}: {process.stdout.read()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"main.py serve did not answer at {url} within {seconds} s")


@pytest.mark.slow
async def test_main_job_end_to_end(db, database_url, shared_data, tmp_path):
    env = {
        **os.environ,
        "PAKONGKLAB_DATABASE_URL": database_url,
        "PAKONGKLAB_DATA_DIR": str(tmp_path / "data"),
        "PAKONGKLAB_MEDIA_DIR": str(tmp_path / "media"),
    }
    school_code, office_code, school_children = krabi_school_and_office(shared_data)

    run_cli(env, "load-reference")
    schools = run_cli(env, "import-schools", str(shared_data / "schools" / "obec-schools-2022-09.csv"))
    students = run_cli(env, "import-students", str(shared_data / "students" / "dropouts-krabi-2564.csv"))
    run_cli(env, "create-admin", "ministry.admin", "--password", PASSWORD)

    assert "29,579" in schools.stdout or "29579" in schools.stdout, schools.stdout
    assert "1,200" in students.stdout or "1200" in students.stdout, students.stdout

    settings = make_settings(data_dir=tmp_path / "data", media_dir=tmp_path / "media", database_url=database_url)
    transport = httpx.ASGITransport(app=create_app(settings, manage_db=False), client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await follow_up_one_child(Api(client), "inproc", school_code, office_code, school_children)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_server(url, server)
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            await follow_up_one_child(Api(client), "http", school_code, office_code, school_children)
    finally:
        stop_server(server, timeout=15)
