"""Recording follow-up visits, and the child's case status that follows them.

A phone makes the visit's id (a UUID) before it sends the visit, so a retry after a
timeout is safe. The same id with the same content returns the stored visit and keeps
nothing new. The same id with other content is rejected as a conflict. The content is compared
by ``content_hash``, a SHA-256 over a canonical form of the inputs that includes the
SHA-256 of each uploaded photo.

The visit, its needs and photos, and the child's status are written in one transaction.
Photo files are written to the media store before that transaction and deleted again if
it fails, so a failed request leaves neither rows nor files behind. A photo's thumbnail is
made when it is first asked for (``photo_thumbnail``) and then kept in the media store.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from PIL import Image
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.agency import Agency
from models.student import CASE_STATUS_LABELS, CLOSED_STATUSES, NEED_LABELS, CaseStatus, Need, Reason, Student
from models.user import UserRole
from models.visit import Photo, Visit, VisitNeed
from services import students as student_rules
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register, translate
from services.media import MediaNotFound, MediaStore, new_key
from services.photos import (
    THUMBNAIL_CONTENT_TYPE,
    CleanPhoto,
    PhotoUpload,
    check_upload,
    clean_photo,
    make_thumbnail,
    photo_field,
)
from services.policy import Access, access
from services.scope import Actor, require_role
from services.settings import Settings

log = logging.getLogger("pakongklab.visits")

# Field staff record visits. Partners record help given, not visits. Affiliation and
# ministry admins follow progress but do not go on visits themselves.
VISIT_ROLES = (UserRole.SCHOOL_STAFF, UserRole.AREA_OFFICER)

# A visit with one of these statuses must give the reason why the child is not studying.
REASON_REQUIRED = frozenset({CaseStatus.NOT_FOUND, CaseStatus.FOUND_WILL_NOT_RETURN, CaseStatus.CANNOT_FOLLOW})

# A phone's clock may run a little ahead of the server's, but more than this means a wrong date.
CLOCK_SKEW = dt.timedelta(minutes=5)
# The programme's first lists are of semester 1/2564 (2021). Earlier dates come from a
# phone whose clock was reset, so they are rejected.
EARLIEST_VISIT = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
MAX_NOTE_CHARS = 4000

# Thailand lies within about 5.6-20.5 N and 97.3-105.7 E. A position outside this box,
# padded for GPS error, is stored with a warning: a family may have moved across the
# border, but 0,0 from a phone without a GPS fix is the usual cause.
THAILAND_LATITUDE = (5.0, 21.0)
THAILAND_LONGITUDE = (97.0, 106.0)

CONTENT_HASH_VERSION = 1

register({
    "visit_status_not_allowed": (
        "สถานะ \"{status_th}\" ใช้บันทึกผลการติดตามไม่ได้ กรุณาเลือกสถานะที่พบจากการติดตามครั้งนี้",
        "The status {status} cannot be recorded for a visit: choose the status this visit found.",
    ),
    "visit_reason_required": (
        "สถานะ \"{status_th}\" ต้องระบุสาเหตุที่เด็กไม่ได้เรียน",
        "A reason is required when the status is {status}: choose why the child is not studying.",
    ),
    "visit_latitude_invalid": (
        "ละติจูด {value} ไม่ถูกต้อง ต้องอยู่ระหว่าง -90 ถึง 90",
        "The latitude {value} is invalid: it must be between -90 and 90.",
    ),
    "visit_longitude_invalid": (
        "ลองจิจูด {value} ไม่ถูกต้อง ต้องอยู่ระหว่าง -180 ถึง 180",
        "The longitude {value} is invalid: it must be between -180 and 180.",
    ),
    "visit_latitude_missing": (
        "ไม่ได้ระบุละติจูด ต้องส่งละติจูดและลองจิจูดคู่กัน หรือไม่ส่งทั้งสองค่า",
        "The latitude is missing: send latitude and longitude together, or neither.",
    ),
    "visit_longitude_missing": (
        "ไม่ได้ระบุลองจิจูด ต้องส่งละติจูดและลองจิจูดคู่กัน หรือไม่ส่งทั้งสองค่า",
        "The longitude is missing: send latitude and longitude together, or neither.",
    ),
    "visit_accuracy_invalid": (
        "ความคลาดเคลื่อนของตำแหน่ง {value} เมตร ไม่ถูกต้อง ต้องเป็น 0 เมตรขึ้นไป",
        "The accuracy {value} m is invalid: it must be 0 metres or more.",
    ),
    "visit_accuracy_without_position": (
        "ส่งความคลาดเคลื่อนของตำแหน่งมาโดยไม่มีละติจูดและลองจิจูด กรุณาส่งพร้อมตำแหน่ง หรือไม่ต้องส่ง",
        "The accuracy was sent without a position: send it with latitude and longitude, or leave it out.",
    ),
    "visit_time_without_zone": (
        "เวลาที่ติดตาม {value} ไม่ได้ระบุเขตเวลา กรุณาส่งเวลาตามรูปแบบ ISO 8601 พร้อมเขตเวลา "
        "เช่น 2024-06-01T09:30:00+07:00",
        "The visit time {value} has no time zone: send ISO 8601 with an offset, such as 2024-06-01T09:30:00+07:00.",
    ),
    "visit_time_in_future": (
        "เวลาที่ติดตาม {value} เป็นเวลาในอนาคต กรุณาตรวจสอบวันและเวลาของเครื่อง",
        "The visit time {value} is more than {minutes} minutes in the future: check the device's date and time.",
    ),
    "visit_time_too_early": (
        "เวลาที่ติดตาม {value} อยู่ก่อนวันที่ {earliest} ซึ่งเป็นวันแรกที่รับบันทึก กรุณาตรวจสอบวันและเวลาของเครื่อง",
        "The visit time {value} is before {earliest}, the earliest date accepted: check the device's date and time.",
    ),
    "visit_need_repeated": (
        "ความต้องการความช่วยเหลือ \"{need_th}\" ระบุซ้ำ กรุณาระบุแต่ละรายการเพียงครั้งเดียว",
        "The need {need} is listed more than once: list each need once.",
    ),
    "visit_note_too_long": (
        "บันทึกเพิ่มเติมยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The note has {length} characters, over the limit of {limit}: shorten it.",
    ),
    "visit_student_read_only": (
        "ท่านบันทึกการติดตามของเด็กรหัส {id} ไม่ได้ เพราะเด็กอยู่ในความรับผิดชอบของสถานศึกษาอื่นแล้ว",
        "You cannot record visits for child {id}: another school is responsible for the child now.",
    ),
    "visit_id_conflict": (
        "รหัสการติดตาม {id} ถูกใช้บันทึกการติดตามที่มีข้อมูลต่างจากนี้ไปแล้ว "
        "หากเป็นการติดตามครั้งใหม่ กรุณาสร้างรหัสใหม่",
        "The visit id {id} was already used for a visit with other content: make a new id for a new visit.",
    ),
    "visit_position_outside_thailand": (
        "ตำแหน่ง {latitude}, {longitude} อยู่นอกประเทศไทย ระบบบันทึกการติดตามไว้แล้ว "
        "กรุณาตรวจสอบว่าตำแหน่งถูกต้อง",
        "The position {latitude}, {longitude} is outside Thailand. The visit was stored; check that the position is right.",
    ),
})


class PhotoSource(Protocol):
    """An uploaded file as the web layer hands it over (Starlette's ``UploadFile`` fits)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class VisitInput:
    """The content of a visit as the client sent it; ``student_id`` is the local id."""

    id: uuid.UUID
    student_id: int
    status: CaseStatus
    visited_at: dt.datetime
    reason: Reason | None = None
    needs: tuple[Need, ...] = ()
    note: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None


class VisitWarningCode(str, Enum):
    POSITION_OUTSIDE_THAILAND = "POSITION_OUTSIDE_THAILAND"


@dataclass(frozen=True)
class VisitWarning:
    """A questionable value that was stored anyway, with a message for the user."""

    code: VisitWarningCode
    field: str
    message_key: str
    params: dict[str, object]

    def message(self, locale: str) -> str:
        return translate(self.message_key, locale, **self.params)


@dataclass
class RecordedVisit:
    """The outcome of ``record_visit``: the stored visit and the child's record after it."""

    visit: Visit
    student: Student
    replayed: bool
    warnings: list[VisitWarning] = field(default_factory=list)


# ---------------------------------------------------------------- checking the input


def check_visit(data: VisitInput, now: dt.datetime) -> list[ServiceError]:
    """Return every problem of the visit's fields (photos aside); an empty list when it is valid."""
    errors = _check_status(data)
    errors += _check_position(data)
    errors += _check_time(data.visited_at, now)
    errors += _check_needs(data.needs)
    note = data.note.strip()
    if len(note) > MAX_NOTE_CHARS:
        errors.append(
            ServiceError(ErrorCode.TOO_LARGE, "visit_note_too_long", field="note", length=len(note), limit=MAX_NOTE_CHARS)
        )
    return errors


def _status_params(status: CaseStatus) -> dict[str, object]:
    return {"status": status.value, "status_th": CASE_STATUS_LABELS[status][0]}


def _check_status(data: VisitInput) -> list[ServiceError]:
    if data.status == CaseStatus.NOT_STARTED:
        return [ServiceError(ErrorCode.INVALID, "visit_status_not_allowed", field="status", **_status_params(data.status))]
    if data.status in REASON_REQUIRED and data.reason is None:
        return [ServiceError(ErrorCode.REQUIRED, "visit_reason_required", field="reason", **_status_params(data.status))]
    return []


def _check_position(data: VisitInput) -> list[ServiceError]:
    errors = []
    latitude, longitude, accuracy = data.latitude, data.longitude, data.accuracy_m
    if latitude is not None and not (math.isfinite(latitude) and -90 <= latitude <= 90):
        errors.append(ServiceError(ErrorCode.INVALID, "visit_latitude_invalid", field="latitude", value=latitude))
    if longitude is not None and not (math.isfinite(longitude) and -180 <= longitude <= 180):
        errors.append(ServiceError(ErrorCode.INVALID, "visit_longitude_invalid", field="longitude", value=longitude))
    if latitude is None and longitude is not None:
        errors.append(ServiceError(ErrorCode.REQUIRED, "visit_latitude_missing", field="latitude"))
    if longitude is None and latitude is not None:
        errors.append(ServiceError(ErrorCode.REQUIRED, "visit_longitude_missing", field="longitude"))
    if accuracy is not None:
        if not (math.isfinite(accuracy) and accuracy >= 0):
            errors.append(ServiceError(ErrorCode.INVALID, "visit_accuracy_invalid", field="accuracyMeters", value=accuracy))
        elif latitude is None and longitude is None:
            errors.append(ServiceError(ErrorCode.INVALID, "visit_accuracy_without_position", field="accuracyMeters"))
    return errors


def _check_time(visited_at: dt.datetime, now: dt.datetime) -> list[ServiceError]:
    iso_text = visited_at.isoformat()
    if visited_at.tzinfo is None or visited_at.utcoffset() is None:
        return [ServiceError(ErrorCode.INVALID, "visit_time_without_zone", field="visitedAt", value=iso_text)]
    if visited_at > now + CLOCK_SKEW:
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        return [ServiceError(ErrorCode.INVALID, "visit_time_in_future", field="visitedAt", value=iso_text, minutes=minutes)]
    if visited_at < EARLIEST_VISIT:
        earliest = EARLIEST_VISIT.date().isoformat()
        return [ServiceError(ErrorCode.INVALID, "visit_time_too_early", field="visitedAt", value=iso_text, earliest=earliest)]
    return []


def _check_needs(needs: Sequence[Need]) -> list[ServiceError]:
    seen: set[Need] = set()
    errors = []
    for need in needs:
        if need in seen:
            errors.append(
                ServiceError(ErrorCode.INVALID, "visit_need_repeated", field="needs", need=need.value, need_th=NEED_LABELS[need][0])
            )
        seen.add(need)
    return errors


def position_warnings(latitude: float | None, longitude: float | None) -> list[VisitWarning]:
    """Return a warning when a valid position lies outside Thailand. The visit is stored anyway."""
    if latitude is None or longitude is None:
        return []
    inside = (
        THAILAND_LATITUDE[0] <= latitude <= THAILAND_LATITUDE[1]
        and THAILAND_LONGITUDE[0] <= longitude <= THAILAND_LONGITUDE[1]
    )
    if inside:
        return []
    params = {"latitude": latitude, "longitude": longitude}
    return [VisitWarning(VisitWarningCode.POSITION_OUTSIDE_THAILAND, "latitude", "visit_position_outside_thailand", params)]


def content_hash(data: VisitInput, photo_digests: Sequence[str]) -> str:
    """Return the SHA-256 of the visit's content in a canonical form.

    Equal content gives an equal hash however the client wrote it: times are compared in
    UTC, needs as a set, numbers as floats and the note without surrounding blanks. The
    order of the photos counts.
    """
    canonical = {
        "version": CONTENT_HASH_VERSION,
        "studentId": data.student_id,
        "status": data.status.value,
        "reason": data.reason.value if data.reason else None,
        "needs": sorted(need.value for need in set(data.needs)),
        "note": data.note.strip(),
        "visitedAt": data.visited_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "latitude": _float_or_none(data.latitude),
        "longitude": _float_or_none(data.longitude),
        "accuracyMeters": _float_or_none(data.accuracy_m),
        "photos": list(photo_digests),
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- recording a visit


async def record_visit(
    actor: Actor | None,
    data: VisitInput,
    photos: Sequence[PhotoSource],
    *,
    settings: Settings,
    store: MediaStore,
    now: dt.datetime | None = None,
) -> RecordedVisit:
    """Store a visit with its photos and update the child's status, or return the stored retry.

    Raises ``AuthError`` for an anonymous caller or a role that does not record visits,
    before any photo is read. Raises ``ValidationErrors`` with every field error found,
    CONFLICT on ``id`` when the id was used for other content, and NOT_FOUND on
    ``studentId`` when the child is missing or outside the caller's scope.
    """
    actor = require_role(actor, *VISIT_ROLES)
    now = now or dt.datetime.now(dt.timezone.utc)

    errors = check_visit(data, now)
    student = await Student.get_or_none(id=data.student_id)
    errors += _student_errors(actor, student, data.student_id)
    uploads, photo_errors = await read_photos(photos, settings)
    errors += photo_errors
    if errors:
        raise ValidationErrors(errors)

    digest = content_hash(data, [upload.sha256 for upload in uploads])
    # Most requests are first attempts, so the id is not looked up beforehand: a retry
    # fails on the visit's primary key, and _store then returns the stored visit as a replay.
    cleaned = await clean_photos(uploads)
    return await _store(actor, student, data, cleaned, digest, store)


def _student_errors(actor: Actor, student: Student | None, student_id: int) -> list[ServiceError]:
    if student is None or not student_rules.in_student_scope(actor, student):
        return [ServiceError(ErrorCode.NOT_FOUND, "student_not_found", field="studentId", id=student_id)]
    if not student_rules.can_write(actor, student):
        return [ServiceError(ErrorCode.FORBIDDEN, "visit_student_read_only", field="studentId", id=student_id)]
    return []


async def read_photos(photos: Sequence[PhotoSource], settings: Settings) -> tuple[list[PhotoUpload], list[ServiceError]]:
    """Read the uploaded photos, each up to one byte over the size limit, and check them cheaply.

    Too many photos is one error on ``photos`` and no file is read.
    """
    limit = settings.max_photos_per_visit
    if len(photos) > limit:
        return [], [ServiceError(ErrorCode.TOO_LARGE, "photo_too_many", field="photos", limit=limit, count=len(photos))]
    uploads, errors = [], []
    for index, source in enumerate(photos):
        if not callable(getattr(source, "read", None)):
            errors.append(ServiceError(ErrorCode.INVALID, "photo_not_a_file", field=photo_field(index), position=index + 1))
            continue
        upload = PhotoUpload(data=await source.read(settings.max_photo_bytes + 1), filename=source.filename or "")
        problem = check_upload(upload, index, settings.max_photo_bytes)
        if problem is not None:
            errors.append(problem)
        uploads.append(upload)
    return uploads, errors


async def clean_photos(uploads: Sequence[PhotoUpload]) -> list[CleanPhoto]:
    """Clean each photo in a worker thread; raise every photo's error together."""
    cleaned, errors = [], []
    for index, upload in enumerate(uploads):
        try:
            cleaned.append(await asyncio.to_thread(clean_photo, upload, index))
        except ServiceError as error:
            errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    return cleaned


async def _replay(stored: Visit, digest: str) -> RecordedVisit:
    """Return the stored visit for a retry with equal content; reject other content."""
    if stored.content_hash != digest:
        raise ValidationErrors([ServiceError(ErrorCode.CONFLICT, "visit_id_conflict", field="id", id=str(stored.id))])
    log.info("Visit %s was sent again with the same content; returned the stored visit", stored.id)
    student = await Student.get(id=stored.student_id)
    return RecordedVisit(stored, student, replayed=True, warnings=position_warnings(stored.latitude, stored.longitude))


async def _store(
    actor: Actor,
    student: Student,
    data: VisitInput,
    cleaned: Sequence[CleanPhoto],
    digest: str,
    store: MediaStore,
) -> RecordedVisit:
    """Write the photo files, then the rows in one transaction; remove the files if it fails."""
    written: list[str] = []
    committed = False
    try:
        photo_rows = await _write_files(store, cleaned, written)
        async with in_transaction():
            visit, followed = await _insert_visit(actor, student, data, photo_rows, digest)
        # NOTE: a task cancelled while the COMMIT is in flight cannot tell whether it
        # landed, and then deletes files that committed rows point to. The photo route
        # logs such a photo as missing and returns 404.
        committed = True
    except IntegrityError:
        await _delete_files(store, written)
        # A retry, or the same id committed meanwhile by a concurrent request, makes the
        # insert fail on the primary key.
        stored = await Visit.get_or_none(id=data.id)
        if stored is None:
            raise
        return await _replay(stored, digest)
    finally:
        if not committed and written:
            await _delete_files(store, written)

    log.info("Recorded visit %s for student %s with %d photos", visit.id, student.id, len(photo_rows))
    return RecordedVisit(visit, followed, replayed=False, warnings=position_warnings(data.latitude, data.longitude))


async def _write_files(store: MediaStore, cleaned: Sequence[CleanPhoto], written: list[str]) -> list[dict]:
    """Store each photo, appending every key to ``written`` as it lands.

    Each photo's row also gets the key of its thumbnail, whose file ``photo_thumbnail``
    writes when the thumbnail is first asked for.
    """
    rows = []
    for position, photo in enumerate(cleaned):
        key = new_key("photos", photo.extension)
        written.append(key)
        await store.put(key, photo.data, photo.content_type)
        thumbnail_key = new_key("thumbnails", "jpg")
        rows.append({
            "id": uuid.uuid4(),
            "position": position,
            "storage_key": key,
            "thumbnail_key": thumbnail_key,
            "content_type": photo.content_type,
            "size_bytes": len(photo.data),
            "width": photo.width,
            "height": photo.height,
            "sha256": photo.sha256,
        })
    return rows


async def _delete_files(store: MediaStore, keys: list[str]) -> None:
    for key in keys:
        try:
            await store.delete(key)
        except OSError:
            log.exception("Could not delete media file %s after a failed visit; remove it by hand", key)
    keys.clear()


async def _insert_visit(
    actor: Actor, student: Student, data: VisitInput, photo_rows: Sequence[dict], digest: str
) -> tuple[Visit, Student]:
    """Insert the visit, its needs and photos, and move the child's status. Call inside a transaction.

    Returns the visit and the child's record as the visit left it.
    """
    # The row lock (PostgreSQL) orders concurrent visits of one child, so that the
    # closed-case test and the newest-visit test below see the committed state.
    current = await Student.select_for_update().get(id=student.id)
    after_close = current.status in CLOSED_STATUSES
    visited_at = data.visited_at.astimezone(dt.timezone.utc)
    visit = await Visit.create(
        id=data.id,
        student_id=current.id,
        school_id=current.school_id,
        status=data.status,
        reason=data.reason,
        note=data.note.strip(),
        visited_at=visited_at,
        latitude=_float_or_none(data.latitude),
        longitude=_float_or_none(data.longitude),
        accuracy_m=_float_or_none(data.accuracy_m),
        recorded_by_id=actor.user_id,
        recorded_by_agency_id=actor.agency_id,
        after_close=after_close,
        content_hash=digest,
    )
    needs = [VisitNeed(visit_id=visit.id, student_id=current.id, need=need) for need in data.needs]
    if needs:
        await VisitNeed.bulk_create(needs)
    if photo_rows:
        await Photo.bulk_create([Photo(visit_id=visit.id, student_id=current.id, **row) for row in photo_rows])
    await _follow_visit(current, visit, after_close)
    return visit, current


async def _follow_visit(student: Student, visit: Visit, after_close: bool) -> None:
    """Count the visit on the child's record, and take its status when it is the newest.

    A closed case keeps its status. A visit older than the newest one already stored (a
    phone that was offline for a while) is counted but does not change the status.

    ``student`` is the row as read under its lock in this transaction. It gets the same
    changes as the database row, so the caller returns the child's record without reading
    it again.
    """
    changes: dict[str, object] = {"updated_at": dt.datetime.now(dt.timezone.utc)}
    newest = student.last_visited_at is None or visit.visited_at >= student.last_visited_at
    if newest and not after_close:
        changes.update(
            status=visit.status,
            latest_visit_id=visit.id,
            latest_reason=visit.reason,
            last_visited_at=visit.visited_at,
        )
    await Student.filter(id=student.id).update(
        visit_count=F("visit_count") + 1, version=F("version") + 1, **changes
    )
    changes.update(visit_count=student.visit_count + 1, version=student.version + 1)
    for name, value in changes.items():
        setattr(student, name, value)


# ---------------------------------------------------------------- reading visits and photos


async def visible_visit(actor: Actor | None, visit_id: uuid.UUID) -> Visit | None:
    """Return the visit when the caller may read it, else None (the same as a missing visit).

    A school that transferred the child away still reads the visits its schools recorded.
    """
    if actor is None:
        return None
    visit = await Visit.get_or_none(id=visit_id)
    if visit is None:
        return None
    reader = await student_rules.read_access(actor, visit.student_id)
    if reader is None:
        return None
    if reader.history_only:
        school = await Agency.get_or_none(id=visit.school_id)
        if not student_rules.visit_in_history(actor, school):
            return None
    return visit


async def photo_thumbnail(photo: Photo, store: MediaStore) -> bytes | None:
    """Return the JPEG thumbnail of a stored photo, making and storing it on first use.

    Returns None when the photo's file is missing or does not decode; both are logged.
    Two requests that both find no thumbnail both make it, and the second write replaces
    the first with equal bytes.
    """
    try:
        return await store.get(photo.thumbnail_key)
    except MediaNotFound:
        pass
    try:
        data = await store.get(photo.storage_key)
    except MediaNotFound:
        log.error("Photo %s has a row but no file under %s", photo.id, photo.storage_key)
        return None
    try:
        thumbnail = await asyncio.to_thread(make_thumbnail, data)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        log.error("Could not make a thumbnail of photo %s: the stored file does not decode", photo.id)
        return None
    await store.put(photo.thumbnail_key, thumbnail, THUMBNAIL_CONTENT_TYPE)
    return thumbnail


async def visible_photo(actor: Actor | None, photo_id: uuid.UUID) -> Photo | None:
    """Return the photo when the caller may see its visit and the policy shows them photos, else None."""
    if actor is None or access(actor.role, "Photo", "url") != Access.FULL:
        return None
    photo = await Photo.get_or_none(id=photo_id)
    if photo is None or await visible_visit(actor, photo.visit_id) is None:
        return None
    return photo
