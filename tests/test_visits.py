"""Recording visits: rules per status, idempotent retries, the case status, photos, and the API.

Every child, account and photo here is synthetic.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import uuid
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from starlette.datastructures import UploadFile

from factories import bearer_token, make_agency_tree, make_student, make_user, open_partner_province
from helpers import client_for, context_for, make_settings
from main import create_app
from models.student import CaseStatus, Need, Reason, Student, Transfer, TransferStatus
from models.user import UserRole
from models.visit import Photo, Visit, VisitNeed
from schema.base import to_global_id
from schema.root import build_schema
from services import visits as visit_rules
from services.errors import AuthError, ErrorCode, ValidationErrors
from services.media import LocalMediaStore
from services.scope import actor_for_user
from services.visits import VisitInput, record_visit
from sqlcount import count_statements

UTC = dt.timezone.utc
BANGKOK = dt.timezone(dt.timedelta(hours=7))

RECORD_VISIT = """
mutation Record($input: RecordVisitInput!) {
  recordVisit(input: $input) {
    replayed
    visit {
      id clientId status statusLabel reason reasonLabel needs visitedAt afterClose
      note latitude longitude accuracyMeters
      photos { id url thumbnailUrl contentType width height }
    }
    student { id status visitCount }
    warnings { field code message }
    errors { field code message }
  }
}
"""

VISIT_QUERY = """
query Visit($id: ID!) {
  visit(id: $id) {
    id clientId status reason needs note latitude longitude accuracyMeters
    photos { url }
    recordedByName
    student { id }
  }
}
"""

STUDENT_VISITS = """
query StudentVisits($id: ID!) {
  student(id: $id) {
    visits { id needs photos { url thumbnailUrl } recordedByAgency { id } }
  }
}
"""

VOCABULARY = """
{
  vocabulary {
    statuses { code labelTh labelEn visitStatus reasonRequired closesCase }
    reasons { code labelTh }
    needs { code labelEn }
  }
}
"""


# ---------------------------------------------------------------- photo files


def jpeg_bytes(size=(64, 48), *, gps: bool = False) -> bytes:
    exif = Image.Exif()
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (13.0, 45.0, 30.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (100.0, 30.0, 15.0)
    return image_bytes("JPEG", size, exif=exif)


def image_bytes(pillow_format: str, size=(64, 48), **params) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=pillow_format, **params)
    return buffer.getvalue()


def upload(data: bytes, filename: str = "photo.jpg") -> UploadFile:
    return UploadFile(file=io.BytesIO(data), filename=filename)


class MustNotBeRead:
    """An upload that fails the test when read: proves a check ran before any file was read."""

    filename = "never.jpg"

    async def read(self, size: int = -1) -> bytes:
        raise AssertionError("the photo was read before the request was checked")


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


class FailingStore(LocalMediaStore):
    """A local store whose put fails from the ``fail_at``-th call on (1-based), like a full disk."""

    def __init__(self, root: Path, fail_at: int) -> None:
        super().__init__(root)
        self.calls = 0
        self.fail_at = fail_at

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        self.calls += 1
        if self.calls >= self.fail_at:
            raise OSError(28, "No space left on device")
        await super().put(key, data, content_type)


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def settings(tmp_path):
    return make_settings(data_dir=tmp_path, media_dir=tmp_path / "media")


@pytest.fixture
def store(settings):
    return LocalMediaStore(settings.media_dir)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


@pytest.fixture
async def student(tree):
    return await make_student(tree.school)


@pytest.fixture
async def staff(tree):
    return await make_user(tree.school)


@pytest.fixture
async def staff_actor(staff):
    return await actor_for_user(staff)


def now() -> dt.datetime:
    return dt.datetime.now(UTC)


def visit_input(student: Student, **fields) -> VisitInput:
    values = {
        "id": uuid.uuid4(),
        "student_id": student.id,
        "status": CaseStatus.FOUND_WANTS_TO_RETURN,
        "visited_at": now() - dt.timedelta(hours=1),
        "needs": (Need.SCHOLARSHIP, Need.TRANSPORT),
        "note": "พบเด็กที่บ้าน ผู้ปกครองยินดีให้กลับมาเรียน",
        "latitude": 13.7563,
        "longitude": 100.5018,
        "accuracy_m": 12.5,
    }
    values.update(fields)
    return VisitInput(**values)


async def record(actor, data: VisitInput, settings, store, photos=()):
    return await record_visit(actor, data, list(photos), settings=settings, store=store)


async def rejected(actor, data: VisitInput, settings, store, photos=()) -> list[tuple[str, ErrorCode]]:
    """Record a visit that must be rejected; return each error's (field, code)."""
    with pytest.raises(ValidationErrors) as caught:
        await record(actor, data, settings, store, photos)
    return [(error.field, error.code) for error in caught.value.errors]


# ---------------------------------------------------------------- storing a visit


async def test_record_visit_stores_visit_and_status(staff_actor, student, tree, settings, store):
    data = visit_input(student, reason=Reason.LOW_INCOME)

    result = await record(staff_actor, data, settings, store)

    visit = await Visit.get(id=data.id)
    stored = await Student.get(id=student.id)
    needs = await VisitNeed.filter(visit_id=data.id).values_list("need", flat=True)
    assert result.replayed is False
    assert visit.status == CaseStatus.FOUND_WANTS_TO_RETURN
    assert visit.reason == Reason.LOW_INCOME
    assert visit.school_id == tree.school.id
    assert visit.recorded_by_id == staff_actor.user_id
    assert visit.recorded_by_agency_id == tree.school.id
    assert visit.after_close is False
    assert visit.accuracy_m == 12.5
    assert visit.note == data.note
    assert sorted(needs) == [Need.SCHOLARSHIP, Need.TRANSPORT]
    assert stored.status == CaseStatus.FOUND_WANTS_TO_RETURN
    assert stored.latest_visit_id == data.id
    assert stored.latest_reason == Reason.LOW_INCOME
    assert stored.last_visited_at == data.visited_at
    assert stored.visit_count == 1
    assert stored.version == student.version + 1
    assert result.student.status == CaseStatus.FOUND_WANTS_TO_RETURN


async def test_area_officer_records_visit(tree, student, settings, store):
    officer = await actor_for_user(await make_user(tree.area))

    result = await record(officer, visit_input(student), settings, store)

    assert result.visit.recorded_by_agency_id == tree.area.id
    assert result.visit.school_id == tree.school.id


async def test_note_is_stored_without_surrounding_blanks(staff_actor, student, settings, store):
    data = visit_input(student, note="  พบตัวเด็ก \n")

    await record(staff_actor, data, settings, store)

    assert (await Visit.get(id=data.id)).note == "พบตัวเด็ก"


# ---------------------------------------------------------------- rules per status


async def test_not_started_is_no_visit_status(staff_actor, student, settings, store):
    data = visit_input(student, status=CaseStatus.NOT_STARTED)

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("status", ErrorCode.INVALID)]


@pytest.mark.parametrize(
    "status", [CaseStatus.NOT_FOUND, CaseStatus.FOUND_WILL_NOT_RETURN, CaseStatus.CANNOT_FOLLOW]
)
async def test_reason_required_for_status(staff_actor, student, settings, store, status):
    data = visit_input(student, status=status, reason=None)

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("reason", ErrorCode.REQUIRED)]
    assert await Visit.all().count() == 0


@pytest.mark.parametrize(
    "status",
    [CaseStatus.IN_PROGRESS, CaseStatus.FOUND_WANTS_TO_RETURN, CaseStatus.RETURNED],
)
async def test_reason_optional_for_status(staff_actor, student, settings, store, status):
    data = visit_input(student, status=status, reason=None)

    result = await record(staff_actor, data, settings, store)

    assert result.visit.status == status
    assert result.visit.reason is None


async def test_reason_required_message_names_status(staff_actor, student, settings, store):
    data = visit_input(student, status=CaseStatus.CANNOT_FOLLOW, reason=None)

    with pytest.raises(ValidationErrors) as caught:
        await record(staff_actor, data, settings, store)

    error = caught.value.errors[0]
    assert error.message("th") == 'สถานะ "ไม่สามารถติดตามได้" ต้องระบุสาเหตุที่เด็กไม่ได้เรียน'
    assert error.message("en") == (
        "A reason is required when the status is CANNOT_FOLLOW: choose why the child is not studying."
    )


# ---------------------------------------------------------------- position


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"latitude": 90.5}, [("latitude", ErrorCode.INVALID)]),
        ({"latitude": -91.0}, [("latitude", ErrorCode.INVALID)]),
        ({"longitude": 180.01}, [("longitude", ErrorCode.INVALID)]),
        ({"longitude": -200.0}, [("longitude", ErrorCode.INVALID)]),
        ({"latitude": float("nan")}, [("latitude", ErrorCode.INVALID)]),
        ({"longitude": None, "accuracy_m": None}, [("longitude", ErrorCode.REQUIRED)]),
        ({"latitude": None, "accuracy_m": None}, [("latitude", ErrorCode.REQUIRED)]),
        ({"accuracy_m": -1.0}, [("accuracyMeters", ErrorCode.INVALID)]),
        ({"latitude": None, "longitude": None, "accuracy_m": 5.0}, [("accuracyMeters", ErrorCode.INVALID)]),
    ],
    ids=[
        "latitude-above-90", "latitude-below-minus-90", "longitude-above-180", "longitude-below-minus-180",
        "latitude-nan", "longitude-missing", "latitude-missing", "accuracy-negative", "accuracy-without-position",
    ],
)
async def test_position_rules(staff_actor, student, settings, store, fields, expected):
    errors = await rejected(staff_actor, visit_input(student, **fields), settings, store)

    assert errors == expected


async def test_position_extremes_accepted(staff_actor, student, settings, store):
    data = visit_input(student, latitude=-90.0, longitude=180.0, accuracy_m=0.0)

    result = await record(staff_actor, data, settings, store)

    assert (result.visit.latitude, result.visit.longitude, result.visit.accuracy_m) == (-90.0, 180.0, 0.0)


async def test_visit_without_position_accepted(staff_actor, student, settings, store):
    data = visit_input(student, latitude=None, longitude=None, accuracy_m=None)

    result = await record(staff_actor, data, settings, store)

    assert result.visit.latitude is None
    assert result.warnings == []


async def test_position_outside_thailand_stored_with_warning(staff_actor, student, settings, store):
    data = visit_input(student, latitude=0.0, longitude=0.0)

    result = await record(staff_actor, data, settings, store)

    assert await Visit.filter(id=data.id).count() == 1
    assert [(item.field, item.code) for item in result.warnings] == [
        ("latitude", visit_rules.VisitWarningCode.POSITION_OUTSIDE_THAILAND)
    ]
    assert result.warnings[0].message("en") == (
        "The position 0.0, 0.0 is outside Thailand. The visit was stored; check that the position is right."
    )


async def test_position_inside_thailand_has_no_warning(staff_actor, student, settings, store):
    result = await record(staff_actor, visit_input(student, latitude=18.79, longitude=98.98), settings, store)

    assert result.warnings == []


# ---------------------------------------------------------------- time of visit


async def test_visit_time_in_future_rejected(staff_actor, student, settings, store):
    data = visit_input(student, visited_at=now() + dt.timedelta(minutes=10))

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("visitedAt", ErrorCode.INVALID)]


async def test_visit_time_within_clock_skew_accepted(staff_actor, student, settings, store):
    data = visit_input(student, visited_at=now() + dt.timedelta(minutes=3))

    result = await record(staff_actor, data, settings, store)

    assert result.replayed is False


async def test_visit_time_without_zone_rejected(staff_actor, student, settings, store):
    data = visit_input(student, visited_at=dt.datetime(2024, 6, 1, 9, 30))

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("visitedAt", ErrorCode.INVALID)]


async def test_visit_time_before_2020_rejected(staff_actor, student, settings, store):
    data = visit_input(student, visited_at=dt.datetime(2019, 12, 31, 23, 0, tzinfo=UTC))

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("visitedAt", ErrorCode.INVALID)]


async def test_visit_time_offset_stored_as_utc(staff_actor, student, settings, store):
    data = visit_input(student, visited_at=dt.datetime(2024, 6, 1, 9, 30, tzinfo=BANGKOK))

    await record(staff_actor, data, settings, store)

    visit = await Visit.get(id=data.id)
    assert visit.visited_at == dt.datetime(2024, 6, 1, 2, 30, tzinfo=UTC)


# ---------------------------------------------------------------- needs, note, many errors


async def test_repeated_need_rejected(staff_actor, student, settings, store):
    data = visit_input(student, needs=(Need.SCHOLARSHIP, Need.SCHOLARSHIP))

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("needs", ErrorCode.INVALID)]


async def test_note_too_long_rejected(staff_actor, student, settings, store):
    data = visit_input(student, note="ก" * (visit_rules.MAX_NOTE_CHARS + 1))

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("note", ErrorCode.TOO_LARGE)]


async def test_all_field_errors_reported_together(staff_actor, student, settings, store):
    data = visit_input(
        student,
        status=CaseStatus.NOT_FOUND,
        reason=None,
        latitude=95.0,
        visited_at=now() + dt.timedelta(days=1),
        needs=(Need.OTHER, Need.OTHER),
    )

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [
        ("reason", ErrorCode.REQUIRED),
        ("latitude", ErrorCode.INVALID),
        ("visitedAt", ErrorCode.INVALID),
        ("needs", ErrorCode.INVALID),
    ]


# ---------------------------------------------------------------- who may record


async def test_anonymous_rejected_before_reading_photos(student, settings, store):
    with pytest.raises(AuthError) as caught:
        await record(None, visit_input(student), settings, store, [MustNotBeRead()])

    assert caught.value.code == ErrorCode.UNAUTHENTICATED


@pytest.mark.parametrize("role_agency", ["partner", "obec", "ministry"])
async def test_roles_without_field_visits_rejected(tree, student, settings, store, role_agency):
    actor = await actor_for_user(await make_user(getattr(tree, role_agency)))

    with pytest.raises(AuthError) as caught:
        await record(actor, visit_input(student), settings, store, [MustNotBeRead()])

    assert caught.value.code == ErrorCode.FORBIDDEN
    assert await Visit.all().count() == 0


async def test_child_of_other_school_looks_missing(tree, student, settings, store):
    other_staff = await actor_for_user(await make_user(tree.school_b))

    errors = await rejected(other_staff, visit_input(student), settings, store)

    assert errors == [("studentId", ErrorCode.NOT_FOUND)]


async def test_missing_child_not_found(staff_actor, student, settings, store):
    data = visit_input(student, student_id=student.id + 1000)

    errors = await rejected(staff_actor, data, settings, store)

    assert errors == [("studentId", ErrorCode.NOT_FOUND)]


# ---------------------------------------------------------------- retries and conflicts


async def test_retry_with_same_content_returns_stored_visit(staff_actor, student, settings, store):
    data = visit_input(student)
    photo = jpeg_bytes()
    first = await record(staff_actor, data, settings, store, [upload(photo)])
    files_after_first = stored_files(settings.media_dir)

    second = await record(staff_actor, data, settings, store, [upload(photo)])

    stored = await Student.get(id=student.id)
    assert second.replayed is True
    assert second.visit.id == first.visit.id
    assert await Visit.filter(id=data.id).count() == 1
    assert await Photo.filter(visit_id=data.id).count() == 1
    assert await VisitNeed.filter(visit_id=data.id).count() == 2
    assert stored.visit_count == 1
    assert stored.version == first.student.version
    assert stored_files(settings.media_dir) == files_after_first


async def test_retry_in_other_time_zone_replays(staff_actor, student, settings, store):
    visited_at = dt.datetime(2024, 6, 1, 9, 30, tzinfo=BANGKOK)
    data = visit_input(student, visited_at=visited_at, needs=(Need.SCHOLARSHIP, Need.TRANSPORT))
    await record(staff_actor, data, settings, store)
    retry = visit_input(
        student,
        id=data.id,
        visited_at=visited_at.astimezone(UTC),
        needs=(Need.TRANSPORT, Need.SCHOLARSHIP),
    )

    result = await record(staff_actor, retry, settings, store)

    assert result.replayed is True


async def test_same_id_other_content_is_conflict(staff_actor, student, settings, store):
    data = visit_input(student, note="ครั้งแรก")
    await record(staff_actor, data, settings, store)
    other = visit_input(student, id=data.id, note="แก้ไขแล้ว")

    errors = await rejected(staff_actor, other, settings, store)

    assert errors == [("id", ErrorCode.CONFLICT)]
    assert (await Visit.get(id=data.id)).note == "ครั้งแรก"
    assert (await Student.get(id=student.id)).visit_count == 1


async def test_same_id_other_photo_is_conflict(staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store, [upload(jpeg_bytes(size=(64, 48)))])
    files_after_first = stored_files(settings.media_dir)

    errors = await rejected(staff_actor, data, settings, store, [upload(jpeg_bytes(size=(48, 64)))])

    assert errors == [("id", ErrorCode.CONFLICT)]
    assert stored_files(settings.media_dir) == files_after_first
    assert await Photo.filter(visit_id=data.id).count() == 1


async def test_concurrent_identical_requests_store_once(staff_actor, student, settings, store, monkeypatch):
    # Both requests wait here until each has seen that the id is not stored yet, so both
    # write their files and try to insert: the primary key must let only one through.
    both_checked = asyncio.Barrier(2)
    clean_photos = visit_rules.clean_photos

    async def clean_photos_together(uploads):
        await both_checked.wait()
        return await clean_photos(uploads)

    monkeypatch.setattr(visit_rules, "clean_photos", clean_photos_together)
    data = visit_input(student)
    photo = jpeg_bytes()

    results = await asyncio.gather(
        record(staff_actor, data, settings, store, [upload(photo)]),
        record(staff_actor, data, settings, store, [upload(photo)]),
    )

    assert sorted(result.replayed for result in results) == [False, True]
    assert await Visit.filter(id=data.id).count() == 1
    assert await Photo.filter(visit_id=data.id).count() == 1
    assert (await Student.get(id=student.id)).visit_count == 1
    assert len(stored_files(settings.media_dir)) == 1


# ---------------------------------------------------------------- the case status


async def test_visit_for_closed_case_is_flagged(staff_actor, tree, settings, store):
    closed = await make_student(tree.school, status=CaseStatus.RETURNED, visit_count=3)
    data = visit_input(closed, status=CaseStatus.NOT_FOUND, reason=Reason.MOVED)

    result = await record(staff_actor, data, settings, store)

    stored = await Student.get(id=closed.id)
    assert result.visit.after_close is True
    assert (await Visit.get(id=data.id)).after_close is True
    assert stored.status == CaseStatus.RETURNED
    assert stored.latest_visit_id is None
    assert stored.latest_reason is None
    assert stored.visit_count == 4


async def test_visit_closing_case_is_not_flagged(staff_actor, student, settings, store):
    data = visit_input(student, status=CaseStatus.CANNOT_FOLLOW, reason=Reason.DECEASED)

    result = await record(staff_actor, data, settings, store)

    assert result.visit.after_close is False
    assert (await Student.get(id=student.id)).status == CaseStatus.CANNOT_FOLLOW


async def test_late_older_visit_keeps_newer_status(staff_actor, student, settings, store):
    newer = visit_input(student, status=CaseStatus.FOUND_WANTS_TO_RETURN, visited_at=now() - dt.timedelta(hours=1))
    older = visit_input(
        student, status=CaseStatus.NOT_FOUND, reason=Reason.MOVED, visited_at=now() - dt.timedelta(days=3)
    )
    await record(staff_actor, newer, settings, store)

    await record(staff_actor, older, settings, store)

    stored = await Student.get(id=student.id)
    assert stored.status == CaseStatus.FOUND_WANTS_TO_RETURN
    assert stored.latest_visit_id == newer.id
    assert stored.last_visited_at == newer.visited_at
    assert stored.visit_count == 2


async def test_newer_visit_takes_over_status(staff_actor, student, settings, store):
    first = visit_input(student, status=CaseStatus.NOT_FOUND, reason=Reason.MOVED, visited_at=now() - dt.timedelta(days=3))
    second = visit_input(student, status=CaseStatus.IN_PROGRESS, reason=None, visited_at=now() - dt.timedelta(days=1))
    await record(staff_actor, first, settings, store)

    await record(staff_actor, second, settings, store)

    stored = await Student.get(id=student.id)
    assert stored.status == CaseStatus.IN_PROGRESS
    assert stored.latest_visit_id == second.id
    assert stored.latest_reason is None
    assert stored.visit_count == 2


async def test_concurrent_visits_count_every_visit(staff_actor, student, settings, store):
    inputs = [visit_input(student, visited_at=now() - dt.timedelta(hours=hours)) for hours in range(1, 6)]

    await asyncio.gather(*(record(staff_actor, data, settings, store) for data in inputs))

    stored = await Student.get(id=student.id)
    assert stored.visit_count == 5
    assert stored.version == student.version + 5
    assert stored.latest_visit_id == inputs[0].id


# ---------------------------------------------------------------- one transaction, no orphans


async def test_failing_photo_store_leaves_nothing(staff_actor, student, settings):
    # The first photo is written, the second is not: the first must go again.
    failing = FailingStore(settings.media_dir, fail_at=2)
    data = visit_input(student)

    with pytest.raises(OSError):
        await record(staff_actor, data, settings, failing, [upload(jpeg_bytes()), upload(jpeg_bytes())])

    stored = await Student.get(id=student.id)
    assert await Visit.filter(id=data.id).count() == 0
    assert await Photo.all().count() == 0
    assert stored.status == CaseStatus.NOT_STARTED
    assert stored.visit_count == 0
    assert stored_files(settings.media_dir) == []


async def test_failing_status_update_rolls_back_and_removes_files(staff_actor, student, settings, store, monkeypatch):
    async def broken_follow(*args, **kwargs):
        raise RuntimeError("simulated database failure")

    monkeypatch.setattr(visit_rules, "_follow_visit", broken_follow)
    data = visit_input(student)

    with pytest.raises(RuntimeError):
        await record(staff_actor, data, settings, store, [upload(jpeg_bytes()), upload(jpeg_bytes())])

    stored = await Student.get(id=student.id)
    assert await Visit.filter(id=data.id).count() == 0
    assert await VisitNeed.all().count() == 0
    assert await Photo.all().count() == 0
    assert stored.status == CaseStatus.NOT_STARTED
    assert stored.version == student.version
    assert stored_files(settings.media_dir) == []


# ---------------------------------------------------------------- photos


async def test_jpeg_png_and_webp_accepted(staff_actor, student, settings, store):
    photos = [
        upload(jpeg_bytes(), "a.jpg"),
        upload(image_bytes("PNG"), "b.png"),
        upload(image_bytes("WEBP"), "c.webp"),
    ]
    data = visit_input(student)

    await record(staff_actor, data, settings, store, photos)

    rows = await Photo.filter(visit_id=data.id).order_by("position")
    assert [row.content_type for row in rows] == ["image/jpeg", "image/png", "image/webp"]
    assert [row.position for row in rows] == [0, 1, 2]
    assert all(row.student_id == student.id for row in rows)
    assert len(stored_files(settings.media_dir)) == 3


async def test_stored_photo_has_no_gps(staff_actor, student, settings, store):
    original = jpeg_bytes(gps=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    data = visit_input(student)

    await record(staff_actor, data, settings, store, [upload(original)])

    row = await Photo.get(visit_id=data.id)
    stored = await store.get(row.storage_key)
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in image.info
    assert b"Exif\x00\x00" not in stored
    assert row.size_bytes == len(stored)


async def test_thumbnail_made_on_first_use_and_kept(staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store, [upload(jpeg_bytes(size=(800, 600)))])
    row = await Photo.get(visit_id=data.id)
    files_before = stored_files(settings.media_dir)

    thumbnail = await visit_rules.photo_thumbnail(row, store)

    with Image.open(io.BytesIO(thumbnail)) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 240)
    assert (row.width, row.height) == (800, 600)
    assert files_before == [row.storage_key]
    assert await store.get(row.thumbnail_key) == thumbnail


async def test_kept_thumbnail_is_not_made_again(staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store, [upload(jpeg_bytes(size=(800, 600)))])
    row = await Photo.get(visit_id=data.id)
    await store.put(row.thumbnail_key, b"kept thumbnail", "image/jpeg")

    assert await visit_rules.photo_thumbnail(row, store) == b"kept thumbnail"


async def test_thumbnail_of_missing_photo_file_is_none(staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store, [upload(jpeg_bytes(size=(800, 600)))])
    row = await Photo.get(visit_id=data.id)
    await store.delete(row.storage_key)

    assert await visit_rules.photo_thumbnail(row, store) is None
    assert stored_files(settings.media_dir) == []


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (image_bytes("GIF"), "cat.gif", ErrorCode.UNSUPPORTED),
        (b"plain text, renamed to look like a photo", "photo.jpg", ErrorCode.UNSUPPORTED),
        (b"", "empty.jpg", ErrorCode.INVALID),
    ],
    ids=["gif", "text-renamed-jpg", "empty"],
)
async def test_photo_of_wrong_type_rejected(staff_actor, student, settings, store, data, filename, code):
    photos = [upload(jpeg_bytes()), upload(data, filename)]

    errors = await rejected(staff_actor, visit_input(student), settings, store, photos)

    assert errors == [("photos.1", code)]
    assert await Visit.all().count() == 0
    assert stored_files(settings.media_dir) == []


async def test_oversize_photo_rejected(staff_actor, student, tmp_path, store):
    small_limit = make_settings(data_dir=tmp_path, media_dir=tmp_path / "media", max_photo_bytes=2000)
    photos = [upload(image_bytes("PNG", size=(300, 300), compress_level=0))]

    errors = await rejected(staff_actor, visit_input(student), small_limit, store, photos)

    assert errors == [("photos.0", ErrorCode.TOO_LARGE)]


async def test_six_photos_rejected_without_reading(staff_actor, student, settings, store):
    photos = [MustNotBeRead() for _ in range(6)]

    errors = await rejected(staff_actor, visit_input(student), settings, store, photos)

    assert errors == [("photos", ErrorCode.TOO_LARGE)]


async def test_five_photos_accepted(staff_actor, student, settings, store):
    data = visit_input(student)

    await record(staff_actor, data, settings, store, [upload(jpeg_bytes()) for _ in range(5)])

    assert await Photo.filter(visit_id=data.id).count() == 5


async def test_damaged_photo_rejected(staff_actor, student, settings, store):
    whole = jpeg_bytes(size=(400, 300))

    errors = await rejected(staff_actor, visit_input(student), settings, store, [upload(whole[: len(whole) // 2])])

    assert errors == [("photos.0", ErrorCode.INVALID)]


async def test_photo_errors_come_with_field_errors(staff_actor, student, settings, store):
    data = visit_input(student, status=CaseStatus.NOT_STARTED)

    errors = await rejected(staff_actor, data, settings, store, [upload(b"GIF89a", "a.gif")])

    assert errors == [("status", ErrorCode.INVALID), ("photos.0", ErrorCode.UNSUPPORTED)]


# ---------------------------------------------------------------- the GraphQL API


@pytest.fixture
def schema(settings):
    return build_schema(settings)


def record_variables(student: Student, **fields) -> dict:
    values = {
        "id": str(uuid.uuid4()),
        "studentId": to_global_id("Student", student.id),
        "status": "NOT_FOUND",
        "reason": "MOVED",
        "needs": ["LIVING_COSTS"],
        "note": "ไม่พบตัว เพื่อนบ้านแจ้งว่าย้ายไปต่างจังหวัด",
        "visitedAt": (now() - dt.timedelta(hours=2)).astimezone(BANGKOK).isoformat(),
        "latitude": 14.35,
        "longitude": 100.57,
        "accuracyMeters": 8.0,
    }
    values.update(fields)
    return {"input": values}


async def execute(schema, document, variables, actor, settings, locale="th"):
    result = await schema.execute(document, variable_values=variables, context_value=context_for(actor, settings, locale=locale))
    return result


async def test_graphql_record_visit(schema, staff_actor, student, settings):
    variables = record_variables(student)
    variables["input"]["photos"] = [upload(jpeg_bytes(gps=True))]

    result = await execute(schema, RECORD_VISIT, variables, staff_actor, settings)

    payload = result.data["recordVisit"]
    visit = payload["visit"]
    photo = await Photo.get(visit_id=variables["input"]["id"])
    assert result.errors is None
    assert payload["errors"] == []
    assert payload["replayed"] is False
    assert payload["warnings"] == []
    assert visit["clientId"] == variables["input"]["id"]
    assert visit["status"] == "NOT_FOUND"
    assert visit["statusLabel"] == "ไม่พบตัว"
    assert visit["reasonLabel"] == "ย้ายถิ่นที่อยู่"
    assert visit["needs"] == ["LIVING_COSTS"]
    assert visit["accuracyMeters"] == 8.0
    assert visit["afterClose"] is False
    assert len(visit["photos"]) == 1
    assert visit["photos"][0]["id"] == to_global_id("Photo", photo.id)
    assert visit["photos"][0]["url"] == f"/media/photos/{photo.id}"
    assert visit["photos"][0]["thumbnailUrl"] == f"/media/photos/{photo.id}/thumbnail"
    assert payload["student"] == {"id": to_global_id("Student", student.id), "status": "NOT_FOUND", "visitCount": 1}


async def test_graphql_labels_follow_language(schema, staff_actor, student, settings):
    result = await execute(schema, RECORD_VISIT, record_variables(student), staff_actor, settings, locale="en")

    visit = result.data["recordVisit"]["visit"]
    assert visit["statusLabel"] == "Not found"
    assert visit["reasonLabel"] == "Moved away"


async def test_graphql_errors_name_input_fields(schema, staff_actor, student, settings):
    variables = record_variables(student, reason=None, latitude=100.0, visitedAt="2030-01-01T00:00:00+07:00")

    result = await execute(schema, RECORD_VISIT, variables, staff_actor, settings, locale="en")

    payload = result.data["recordVisit"]
    assert payload["visit"] is None
    assert payload["student"] is None
    assert [(error["field"], error["code"]) for error in payload["errors"]] == [
        ("reason", "REQUIRED"),
        ("latitude", "INVALID"),
        ("visitedAt", "INVALID"),
    ]
    assert payload["errors"][1]["message"] == "The latitude 100.0 is invalid: it must be between -90 and 90."


async def test_graphql_retry_and_conflict(schema, staff_actor, student, settings):
    variables = record_variables(student)
    first = await execute(schema, RECORD_VISIT, variables, staff_actor, settings)
    changed = record_variables(student, id=variables["input"]["id"], note="ข้อความอื่น")

    retry = await execute(schema, RECORD_VISIT, variables, staff_actor, settings)
    conflict = await execute(schema, RECORD_VISIT, changed, staff_actor, settings, locale="en")

    assert retry.data["recordVisit"]["replayed"] is True
    assert retry.data["recordVisit"]["visit"]["id"] == first.data["recordVisit"]["visit"]["id"]
    assert [(error["field"], error["code"]) for error in conflict.data["recordVisit"]["errors"]] == [("id", "CONFLICT")]
    assert await Visit.all().count() == 1


async def test_graphql_anonymous_is_auth_error(schema, student, settings):
    variables = record_variables(student)
    variables["input"]["photos"] = [MustNotBeRead()]

    result = await execute(schema, RECORD_VISIT, variables, None, settings)

    assert result.data is None
    assert [error.extensions["code"] for error in result.errors] == ["UNAUTHENTICATED"]


async def test_graphql_partner_is_forbidden(schema, tree, student, settings):
    partner = await actor_for_user(await make_user(tree.partner))

    result = await execute(schema, RECORD_VISIT, record_variables(student), partner, settings)

    assert [error.extensions["code"] for error in result.errors] == ["FORBIDDEN"]
    assert await Visit.all().count() == 0


async def test_graphql_bad_student_id(schema, staff_actor, student, settings):
    variables = record_variables(student, studentId="not-an-id")

    result = await execute(schema, RECORD_VISIT, variables, staff_actor, settings)

    assert [(error["field"], error["code"]) for error in result.data["recordVisit"]["errors"]] == [
        ("studentId", "INVALID")
    ]


async def test_graphql_photo_sent_as_text_rejected(schema, staff_actor, student, settings):
    variables = record_variables(student, photos=["data:image/jpeg;base64,AAAA"])

    result = await execute(schema, RECORD_VISIT, variables, staff_actor, settings)

    assert [(error["field"], error["code"]) for error in result.data["recordVisit"]["errors"]] == [
        ("photos.0", "INVALID")
    ]


async def test_visit_query_by_global_id_and_uuid(schema, staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store)

    by_global = await execute(schema, VISIT_QUERY, {"id": to_global_id("Visit", data.id)}, staff_actor, settings)
    by_uuid = await execute(schema, VISIT_QUERY, {"id": str(data.id)}, staff_actor, settings)

    assert by_global.data["visit"]["clientId"] == str(data.id)
    assert by_uuid.data["visit"] == by_global.data["visit"]
    assert by_global.data["visit"]["student"] == {"id": to_global_id("Student", student.id)}
    assert by_global.data["visit"]["recordedByName"] == "นายสมชาย ทดสอบ"


async def test_visit_query_out_of_scope_is_null(schema, tree, staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store)
    other_area = await actor_for_user(await make_user(tree.area_b))

    result = await execute(schema, VISIT_QUERY, {"id": to_global_id("Visit", data.id)}, other_area, settings)
    missing = await execute(schema, VISIT_QUERY, {"id": str(uuid.uuid4())}, staff_actor, settings)

    assert result.errors is None
    assert result.data["visit"] is None
    assert missing.data["visit"] is None


async def test_transferred_child_keeps_history_visits(schema, tree, staff_actor, student, settings, store):
    before = visit_input(student, visited_at=now() - dt.timedelta(days=2))
    await record(staff_actor, before, settings, store)
    await Transfer.create(
        student_id=student.id, from_school=tree.school, to_school=tree.school_b, status=TransferStatus.ACCEPTED
    )
    await Student.filter(id=student.id).update(school_id=tree.school_b.id)
    new_staff = await actor_for_user(await make_user(tree.school_b))
    after = visit_input(student, visited_at=now() - dt.timedelta(hours=1))
    await record(new_staff, after, settings, store)

    old_visit = await execute(schema, VISIT_QUERY, {"id": str(before.id)}, staff_actor, settings)
    new_visit = await execute(schema, VISIT_QUERY, {"id": str(after.id)}, staff_actor, settings)
    old_school_writes = await rejected(staff_actor, visit_input(student), settings, store)

    assert old_visit.data["visit"]["clientId"] == str(before.id)
    assert old_visit.data["visit"]["student"] == {"id": to_global_id("Student", student.id)}
    assert new_visit.data["visit"] is None
    assert old_school_writes == [("studentId", ErrorCode.NOT_FOUND)]


async def test_visit_node_lookup(schema, staff_actor, student, settings, store):
    data = visit_input(student)
    await record(staff_actor, data, settings, store)
    global_id = to_global_id("Visit", data.id)

    result = await execute(schema, "query($id: ID!) { node(id: $id) { id ... on Visit { status } } }", {"id": global_id}, staff_actor, settings)

    assert result.data["node"] == {"id": global_id, "status": "FOUND_WANTS_TO_RETURN"}


async def test_partner_sees_summary_only(schema, tree, staff_actor, settings, store):
    await open_partner_province(tree.partner, "10")
    child = await make_student(tree.school, province_id="10")
    data = visit_input(child, reason=Reason.LOW_INCOME)
    await record(staff_actor, data, settings, store, [upload(jpeg_bytes())])
    partner = await actor_for_user(await make_user(tree.partner))

    result = await execute(schema, VISIT_QUERY, {"id": str(data.id)}, partner, settings)

    visit = result.data["visit"]
    assert visit["status"] == "FOUND_WANTS_TO_RETURN"
    assert visit["reason"] == "LOW_INCOME"
    assert visit["needs"] == ["SCHOLARSHIP", "TRANSPORT"]
    assert visit["note"] is None
    assert visit["latitude"] is None
    assert visit["longitude"] is None
    assert visit["accuracyMeters"] is None
    assert visit["photos"] is None
    assert visit["recordedByName"] is None


async def test_visits_of_student_in_fixed_statements(schema, staff_actor, student, settings, store):
    await record(staff_actor, visit_input(student), settings, store, [upload(jpeg_bytes())])
    variables = {"id": to_global_id("Student", student.id)}
    with count_statements() as one_visit:
        await execute(schema, STUDENT_VISITS, variables, staff_actor, settings)
    for hours in (2, 3, 4):
        data = visit_input(student, visited_at=now() - dt.timedelta(hours=hours))
        await record(staff_actor, data, settings, store, [upload(jpeg_bytes())])

    with count_statements() as four_visits:
        result = await execute(schema, STUDENT_VISITS, variables, staff_actor, settings)

    assert len(result.data["student"]["visits"]) == 4
    assert len(four_visits) == len(one_visit)


async def test_vocabulary_lists_codes_and_labels(schema, settings):
    result = await execute(schema, VOCABULARY, {}, None, settings)

    vocabulary = result.data["vocabulary"]
    assert [item["code"] for item in vocabulary["statuses"]] == [status.value for status in CaseStatus]
    assert vocabulary["statuses"][0] == {
        "code": "NOT_STARTED",
        "labelTh": "ยังไม่ได้ติดตาม",
        "labelEn": "Not started",
        "visitStatus": False,
        "reasonRequired": False,
        "closesCase": False,
    }
    assert [item["code"] for item in vocabulary["statuses"] if item["reasonRequired"]] == [
        "NOT_FOUND", "FOUND_WILL_NOT_RETURN", "CANNOT_FOLLOW",
    ]
    assert [item["code"] for item in vocabulary["statuses"] if item["closesCase"]] == ["RETURNED", "CANNOT_FOLLOW"]
    assert vocabulary["reasons"][0] == {"code": "TRANSPORT", "labelTh": "การคมนาคมไม่สะดวก"}
    assert vocabulary["reasons"][-1] == {"code": "UNSPECIFIED", "labelTh": "ไม่ระบุ"}
    assert len(vocabulary["reasons"]) == 19
    assert [item["code"] for item in vocabulary["needs"]] == [need.value for need in Need]


# ---------------------------------------------------------------- over HTTP


async def test_http_multipart_record_visit(tree, staff, student, settings):
    app = create_app(settings, manage_db=False)
    token = await bearer_token(staff)
    variables = record_variables(student, photos=[None, None])
    operations = json.dumps({"query": RECORD_VISIT, "variables": variables})
    files = {
        "0": ("IMG_0001.jpg", jpeg_bytes(gps=True), "image/jpeg"),
        "1": ("screen.png", image_bytes("PNG"), "image/png"),
    }
    form = {"operations": operations, "map": json.dumps({"0": ["variables.input.photos.0"], "1": ["variables.input.photos.1"]})}

    async with client_for(app) as client:
        response = await client.post("/graphql", data=form, files=files, headers={"authorization": f"Bearer {token}"})
        retry = await client.post(
            "/graphql",
            data=form,
            files={
                "0": ("IMG_0001.jpg", jpeg_bytes(gps=True), "image/jpeg"),
                "1": ("screen.png", image_bytes("PNG"), "image/png"),
            },
            headers={"authorization": f"Bearer {token}"},
        )

    payload = response.json()["data"]["recordVisit"]
    assert response.status_code == 200
    assert payload["errors"] == []
    assert [photo["contentType"] for photo in payload["visit"]["photos"]] == ["image/jpeg", "image/png"]
    assert retry.json()["data"]["recordVisit"]["replayed"] is True
    assert await Visit.all().count() == 1
    assert len(stored_files(settings.media_dir)) == 2


async def test_http_multipart_anonymous_rejected(student, settings):
    app = create_app(settings, manage_db=False)
    variables = record_variables(student, photos=[None])
    form = {
        "operations": json.dumps({"query": RECORD_VISIT, "variables": variables}),
        "map": json.dumps({"0": ["variables.input.photos.0"]}),
    }

    async with client_for(app) as client:
        response = await client.post("/graphql", data=form, files={"0": ("a.jpg", jpeg_bytes(), "image/jpeg")})

    assert response.status_code == 401
    assert await Visit.all().count() == 0
    assert stored_files(settings.media_dir) == []


RECORD_VISIT_SHORT = """
mutation RecordShort($input: RecordVisitInput!) {
  recordVisit(input: $input) { visit { id status } student { id visitCount } errors { field code } }
}
"""


async def test_http_record_visit_statements(tree, staff, student, settings):
    # Session; child; then in the transaction: child FOR UPDATE, visit, needs, photos, child UPDATE.
    app = create_app(settings, manage_db=False)
    token = await bearer_token(staff)
    form = {
        "operations": json.dumps({"query": RECORD_VISIT_SHORT, "variables": record_variables(student, photos=[None])}),
        "map": json.dumps({"0": ["variables.input.photos.0"]}),
    }

    async with client_for(app) as client:
        with count_statements() as statements:
            response = await client.post(
                "/graphql", data=form, files={"0": ("a.jpg", jpeg_bytes(), "image/jpeg")},
                headers={"authorization": f"Bearer {token}"},
            )

    assert response.json()["data"]["recordVisit"]["errors"] == []
    assert len(statements) == 7, statements
