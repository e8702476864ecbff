"""Suspected duplicate records of one child, and merging them into the record to keep.

Imports flag a child as ``possible_duplicate`` when its national ID (or G code) appears
on more than one record. A reviewer looks at each group and merges it. Every visit,
need, photo, help record and transfer of the merged records then moves to the kept
record. The merged records point to it through ``merged_into``, so they drop out of
every list and lookup, and the kept record's case is recomputed from its visits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from models.student import CLOSED_STATUSES, CaseStatus, Student, Transfer, TransferStatus
from models.visit import HelpRecord, Photo, Visit, VisitNeed
from services import audit
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.pagination import Window
from services.scope import Actor, require_role, student_scope
from services.students import WRITER_ROLES, can_write

MAX_MERGE = 20

register({
    "merge_nothing": (
        "กรุณาระบุระเบียนที่จะรวมอย่างน้อยหนึ่งระเบียน",
        "Give at least one record to merge.",
    ),
    "merge_too_many": (
        "รวมได้ครั้งละไม่เกิน {limit} ระเบียน (ระบุมา {count} ระเบียน)",
        "At most {limit} records can be merged at once; {count} were given.",
    ),
    "merge_keep_in_list": (
        "ระเบียนที่จะเก็บไว้ (รหัส {id}) ต้องไม่อยู่ในรายการที่จะรวม",
        "The record to keep ({id}) must not be in the list of records to merge.",
    ),
    "merge_repeated": (
        "ระบุระเบียนรหัส {id} ซ้ำกันในรายการที่จะรวม",
        "Record {id} is listed more than once in the records to merge.",
    ),
    "merge_different_id": (
        "ระเบียนรหัส {id} มีเลขประจำตัวประชาชนไม่ตรงกับระเบียนที่จะเก็บไว้ จึงรวมไม่ได้ "
        "หากเลขประจำตัวผิด ให้แก้ไขที่ต้นทางก่อน",
        "Record {id} has another national ID than the record to keep, so it cannot be "
        "merged; correct a wrong ID at its source first.",
    ),
    "merge_not_writable": (
        "ท่านไม่มีสิทธิ์แก้ไขระเบียนรหัส {id} จึงรวมไม่ได้",
        "You may not change record {id}, so you cannot merge it.",
    ),
    "merge_version_conflict": (
        "ระเบียนรหัส {id} ถูกแก้ไขไปแล้ว (ท่านเห็นฉบับที่ {version} แต่ฉบับปัจจุบันคือ {current}) "
        "กรุณาตรวจสอบอีกครั้งก่อนรวม",
        "Record {id} was changed since you saw it: you saw version {version}, the current "
        "version is {current}. Review it again before merging.",
    ),
})


# ---------------------------------------------------------------- the review list


@dataclass(frozen=True)
class DuplicateGroup:
    """Records in the reviewer's scope that share one national ID, oldest first."""

    national_id: str
    students: list[Student]


def _flagged(actor: Actor):
    return Student.filter(student_scope(actor), possible_duplicate=True)


async def count_duplicate_groups(actor: Actor | None) -> int:
    """Count the national IDs held by two or more flagged records in the actor's scope."""
    actor = require_role(actor, *WRITER_ROLES)
    keys = await (
        _flagged(actor)
        .annotate(records=Count("id"))
        .group_by("national_id")
        .filter(records__gte=2)
        .values_list("national_id", flat=True)
    )
    # NOTE: the count reads every duplicated ID in scope. That is a few thousand short
    # strings nationally; a COUNT over a grouped subquery would avoid it if it grows.
    return len(keys)


async def duplicate_groups(actor: Actor | None, window: Window) -> tuple[list[DuplicateGroup], bool]:
    """Load one page of duplicate groups, ordered by national ID, and tell whether more follow."""
    actor = require_role(actor, *WRITER_ROLES)
    keys = await (
        _flagged(actor)
        .annotate(records=Count("id"))
        .group_by("national_id")
        .filter(records__gte=2)
        .order_by("national_id")
        .offset(window.offset)
        .limit(window.limit + 1)
        .values_list("national_id", flat=True)
    )
    has_next = len(keys) > window.limit
    keys = keys[: window.limit]
    if not keys:
        return [], has_next
    rows = await _flagged(actor).filter(national_id__in=keys).order_by("national_id", "created_at", "id")
    members: dict[str, list[Student]] = {key: [] for key in keys}
    for row in rows:
        members[row.national_id].append(row)
    return [DuplicateGroup(national_id=key, students=members[key]) for key in keys], has_next


# ---------------------------------------------------------------- merging


@dataclass(frozen=True)
class MergeResult:
    kept: Student
    merged_ids: list[int]
    visits_moved: int
    photos_moved: int


def _check_request(keep_id: int, merge_ids: Sequence[int]) -> None:
    if not merge_ids:
        raise ServiceError(ErrorCode.REQUIRED, "merge_nothing", field="mergeIds")
    if len(merge_ids) > MAX_MERGE:
        raise ServiceError(ErrorCode.TOO_LARGE, "merge_too_many", field="mergeIds", limit=MAX_MERGE, count=len(merge_ids))
    if keep_id in merge_ids:
        raise ServiceError(ErrorCode.INVALID, "merge_keep_in_list", field="mergeIds", id=keep_id)
    seen: set[int] = set()
    for student_id in merge_ids:
        if student_id in seen:
            raise ServiceError(ErrorCode.INVALID, "merge_repeated", field="mergeIds", id=student_id)
        seen.add(student_id)


def _check_records(
    actor: Actor,
    keep_id: int,
    merge_ids: Sequence[int],
    found: Mapping[int, Student],
    expected_versions: Mapping[int, int],
) -> None:
    for student_id, field in [(keep_id, "keepId"), *((item, "mergeIds") for item in merge_ids)]:
        student = found.get(student_id)
        if student is None:
            raise ServiceError(ErrorCode.NOT_FOUND, "student_not_found", field=field, id=student_id)
        if not can_write(actor, student):
            raise ServiceError(ErrorCode.FORBIDDEN, "merge_not_writable", field=field, id=student_id)
        if student.national_id != found[keep_id].national_id:
            raise ServiceError(ErrorCode.INVALID, "merge_different_id", field=field, id=student_id)
    for student_id, version in expected_versions.items():
        student = found.get(student_id)
        if student is None:
            raise ServiceError(ErrorCode.NOT_FOUND, "student_not_found", field="expectedVersions", id=student_id)
        if student.version != version:
            raise ServiceError(
                ErrorCode.CONFLICT,
                "merge_version_conflict",
                field="expectedVersions",
                id=student_id,
                version=version,
                current=student.version,
            )


async def merge_students(
    actor: Actor | None,
    keep_id: int,
    merge_ids: Sequence[int],
    expected_versions: Mapping[int, int] | None = None,
    *,
    client_address: str = "",
) -> MergeResult:
    """Merge ``merge_ids`` into ``keep_id`` in one transaction, and audit the outcome.

    Every record must be in the caller's scope, writable by them, and carry the kept
    record's national ID. ``expected_versions`` (id -> version) guards against merging
    records that changed since the reviewer looked at them. A rejected merge is
    audited too, with the error code.
    """
    actor = require_role(actor, *WRITER_ROLES)
    try:
        result = await _merge(actor, keep_id, list(merge_ids), dict(expected_versions or {}))
    except ServiceError as error:
        await audit.record(
            actor,
            "student.merge",
            target_type="Student",
            target_ids=[keep_id, *merge_ids],
            success=False,
            client_address=client_address,
            details={"error_code": error.code.value, "field": error.field},
        )
        raise
    await audit.record(
        actor,
        "student.merge",
        target_type="Student",
        target_ids=[keep_id, *result.merged_ids],
        client_address=client_address,
        details={
            "kept_id": keep_id,
            "merged_ids": result.merged_ids,
            "visits_moved": result.visits_moved,
            "photos_moved": result.photos_moved,
        },
    )
    return result


async def _merge(actor: Actor, keep_id: int, merge_ids: list[int], expected_versions: dict[int, int]) -> MergeResult:
    _check_request(keep_id, merge_ids)
    all_ids = [keep_id, *merge_ids]
    async with in_transaction():
        rows = await Student.filter(student_scope(actor), id__in=all_ids).select_for_update()
        found = {row.id: row for row in rows}
        _check_records(actor, keep_id, merge_ids, found, expected_versions)

        visits_moved = await Visit.filter(student_id__in=merge_ids).update(student_id=keep_id)
        await VisitNeed.filter(student_id__in=merge_ids).update(student_id=keep_id)
        photos_moved = await Photo.filter(student_id__in=merge_ids).update(student_id=keep_id)
        await HelpRecord.filter(student_id__in=merge_ids).update(student_id=keep_id)
        # A merged record's pending transfer would move a child the kept record describes:
        # it is withdrawn, and its history moves with the rest.
        await Transfer.filter(student_id__in=merge_ids, status=TransferStatus.PENDING).update(
            status=TransferStatus.CANCELLED, decided_by_id=actor.user_id, decided_at=_now()
        )
        await Transfer.filter(student_id__in=merge_ids).update(student_id=keep_id)
        await Student.filter(id__in=merge_ids).update(
            merged_into_id=keep_id, possible_duplicate=False, version=F("version") + 1, updated_at=_now()
        )
        await refresh_case(found[keep_id])
    return MergeResult(
        kept=await Student.get(id=keep_id),
        merged_ids=merge_ids,
        visits_moved=visits_moved,
        photos_moved=photos_moved,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def refresh_case(student: Student) -> None:
    """Recompute a record's case from its visits, clear its duplicate flag if no twin remains, bump its version.

    The visits are replayed in the order they took place, as ``services.visits`` applies
    them one by one: a visit flagged ``after_close`` is skipped, and once a visit closes
    the case, later visits do not reopen it. The deciding visit gives the status, the
    latest visit and reason, and the last visit date; the count covers every visit.
    """
    visits = await Visit.filter(student_id=student.id).order_by("visited_at", "created_at")
    deciding: Visit | None = None
    for visit in visits:
        if visit.after_close or (deciding is not None and deciding.status in CLOSED_STATUSES):
            continue
        deciding = visit
    twins = await Student.filter(national_id=student.national_id, merged_into_id=None).exclude(id=student.id).exists()
    await Student.filter(id=student.id).update(
        status=deciding.status if deciding else CaseStatus.NOT_STARTED,
        latest_visit_id=deciding.id if deciding else None,
        latest_reason=deciding.reason if deciding else None,
        last_visited_at=deciding.visited_at if deciding else None,
        visit_count=len(visits),
        possible_duplicate=twins,
        version=F("version") + 1,
        updated_at=_now(),
    )
