"""Transfers: moving a child's case to the school the family moved near.

The owning side (school staff of the child's school, or an officer of its area office)
requests a transfer to any active school in the country. The receiving school's staff,
or an officer of the receiving school's area office, accepts or declines it. On
acceptance the child's school, area office and affiliation become the receiving
school's; the home address, and so the home province, stays. From then on only the new
owner writes, and the old side keeps a read-only view of the visits it recorded
(``services.students.read_access``).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.agency import Agency, AgencyKind
from models.student import Student, Transfer, TransferStatus
from models.user import UserRole
from services import audit
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.scope import Actor, require_role
from services.students import can_write, read_access, school_in_scope_q

# Who takes part in transfers: the owning side requests, the receiving side decides.
TRANSFER_ROLES = (UserRole.SCHOOL_STAFF, UserRole.AREA_OFFICER)
MAX_NOTE_LENGTH = 1000

register({
    "transfer_not_found": (
        "ไม่พบคำขอย้ายรหัส {id} หรือท่านไม่มีสิทธิ์เข้าถึง",
        "Transfer {id} was not found, or is outside your scope.",
    ),
    "transfer_school_required": (
        "กรุณาระบุสถานศึกษาปลายทางด้วยรหัสสถานศึกษาหรือรหัสที่ระบบส่งให้ อย่างใดอย่างหนึ่ง",
        "Give the receiving school by its school code or by its id, one of the two.",
    ),
    "transfer_school_not_found": (
        "ไม่พบสถานศึกษาที่เปิดใช้งานรหัส '{value}'",
        "No active school has the code or id '{value}'.",
    ),
    "transfer_same_school": (
        "เด็กอยู่ในความรับผิดชอบของสถานศึกษานี้อยู่แล้ว กรุณาเลือกสถานศึกษาอื่น",
        "The child already belongs to this school: choose another school.",
    ),
    "transfer_already_pending": (
        "เด็กรหัส {id} มีคำขอย้ายที่รอการตอบรับอยู่แล้ว (คำขอรหัส {transfer}) "
        "กรุณารอผลหรือยกเลิกคำขอเดิมก่อน",
        "Child {id} already has a pending transfer ({transfer}): wait for the decision or cancel it first.",
    ),
    "transfer_not_pending": (
        "คำขอย้ายรหัส {id} ได้ข้อยุติแล้ว (สถานะ {status}) จึงดำเนินการซ้ำไม่ได้",
        "Transfer {id} is already decided (status {status}) and cannot change again.",
    ),
    "transfer_student_changed": (
        "เด็กในคำขอย้ายรหัส {id} ไม่ได้อยู่ที่สถานศึกษาต้นทางแล้ว หรือถูกรวมกับระเบียนอื่น คำขอนี้ใช้ไม่ได้",
        "The child of transfer {id} no longer belongs to the sending school, or was merged "
        "into another record, so the transfer cannot go ahead.",
    ),
    "transfer_duplicate_at_target": (
        "สถานศึกษาปลายทางมีรายชื่อเด็กคนนี้ในภาคเรียนเดียวกันอยู่แล้ว กรุณารวมระเบียนที่ซ้ำแทนการย้าย",
        "The receiving school already lists this child for the same term: merge the "
        "duplicate records instead of transferring.",
    ),
    "transfer_note_too_long": (
        "ข้อความยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The text has {length} characters; the limit is {limit}.",
    ),
    "transfer_not_owner": (
        "ท่านไม่ใช่ผู้รับผิดชอบเด็กรหัส {id} ในปัจจุบัน จึงขอย้ายไม่ได้",
        "You are not the current owner of child {id}, so you cannot request its transfer.",
    ),
})


class TransferDirection(str, Enum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _check_note(text: str | None, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise ServiceError(
            ErrorCode.INVALID, "transfer_note_too_long", field=field, length=len(text), limit=MAX_NOTE_LENGTH
        )
    return text


def receiving_scope(actor: Actor) -> Q:
    """Filter for transfers the actor may decide: to their school, or to a school of their area office."""
    if actor.role == UserRole.SCHOOL_STAFF and actor.agency_kind == AgencyKind.SCHOOL:
        return Q(to_school_id=actor.agency_id)
    if actor.role == UserRole.AREA_OFFICER and actor.agency_kind == AgencyKind.AREA_OFFICE:
        return Q(to_school__area_office_id=actor.agency_id)
    return Q(id__in=[])


def may_decide(actor: Actor | None, to_school: Agency | None) -> bool:
    """Tell whether ``actor`` may accept or decline a transfer to ``to_school``."""
    if actor is None or to_school is None:
        return False
    if actor.role == UserRole.SCHOOL_STAFF and actor.agency_kind == AgencyKind.SCHOOL:
        return to_school.id == actor.agency_id
    if actor.role == UserRole.AREA_OFFICER and actor.agency_kind == AgencyKind.AREA_OFFICE:
        return to_school.area_office_id == actor.agency_id
    return False


def may_request(actor: Actor | None, student: Student) -> bool:
    """Tell whether ``actor`` may request (or cancel) a transfer of ``student``: they own the case."""
    return actor is not None and actor.role in TRANSFER_ROLES and can_write(actor, student)


async def visible_transfer(actor: Actor, transfer_id: int) -> Transfer | None:
    """Return a transfer into or out of the actor's subtree, or None."""
    if actor.is_partner:
        return None
    scope = school_in_scope_q(actor, "to_school") | school_in_scope_q(actor, "from_school")
    return await Transfer.filter(scope, id=transfer_id).first()


def list_transfers(
    actor: Actor | None, direction: TransferDirection, statuses: tuple[TransferStatus, ...] = ()
) -> QuerySet[Transfer]:
    """Return the transfers into or out of the actor's subtree, newest first.

    Admins of an affiliation or the ministry see the transfers of their subtree too, but
    only the receiving school and its area office decide.
    """
    actor = require_role(actor, UserRole.SCHOOL_STAFF, UserRole.AREA_OFFICER,
                         UserRole.AFFILIATION_ADMIN, UserRole.MINISTRY_ADMIN)
    relation = "to_school" if direction == TransferDirection.INCOMING else "from_school"
    query = Transfer.filter(school_in_scope_q(actor, relation))
    if statuses:
        query = query.filter(status__in=list(statuses))
    return query.order_by("-created_at", "-id")


async def _target_school(school_code: str | None, school_id: int | None) -> Agency:
    if bool(school_code and school_code.strip()) == (school_id is not None):
        raise ServiceError(ErrorCode.REQUIRED, "transfer_school_required", field="toSchoolCode")
    if school_id is not None:
        school = await Agency.filter(id=school_id, kind=AgencyKind.SCHOOL, active=True).first()
        field, value = "toSchoolId", str(school_id)
    else:
        value = school_code.strip()
        school = await Agency.filter(code=value, kind=AgencyKind.SCHOOL, active=True).first()
        field = "toSchoolCode"
    if school is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "transfer_school_not_found", field=field, value=value[:32])
    return school


async def request_transfer(
    actor: Actor | None,
    student_id: int,
    *,
    to_school_code: str | None = None,
    to_school_id: int | None = None,
    reason: str | None = None,
    client_address: str = "",
) -> Transfer:
    """Create a pending transfer of a child to another school. Only the current owner may request it."""
    actor = require_role(actor, *TRANSFER_ROLES)
    access = await read_access(actor, student_id)
    if access is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "student_not_found", field="studentId", id=student_id)
    student = access.student
    if access.history_only or not may_request(actor, student):
        raise ServiceError(ErrorCode.FORBIDDEN, "transfer_not_owner", field="studentId", id=student_id)
    reason = _check_note(reason, "reason")
    school = await _target_school(to_school_code, to_school_id)
    if school.id == student.school_id:
        raise ServiceError(ErrorCode.INVALID, "transfer_same_school", field="toSchoolCode")

    async with in_transaction():
        # Locking the child's row (PostgreSQL) makes two requests for one child queue up,
        # so that at most one of them finds no pending transfer.
        await Student.filter(id=student_id).select_for_update().first()
        pending = await Transfer.filter(student_id=student_id, status=TransferStatus.PENDING).first()
        if pending is not None:
            raise ServiceError(
                ErrorCode.CONFLICT, "transfer_already_pending", field="studentId", id=student_id, transfer=pending.id
            )
        transfer = await Transfer.create(
            student_id=student_id,
            from_school_id=student.school_id,
            to_school_id=school.id,
            reason=reason,
            requested_by_id=actor.user_id,
        )
        await audit.record(
            actor,
            "transfer.request",
            target_type="Transfer",
            target_ids=[transfer.id],
            client_address=client_address,
            details={"student_id": student_id, "from_school_id": student.school_id, "to_school_id": school.id},
        )
    return transfer


async def _pending_transfer(transfer_id: int, scope: Q) -> Transfer:
    transfer = await Transfer.filter(scope, id=transfer_id).first()
    if transfer is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "transfer_not_found", field="transferId", id=transfer_id)
    if transfer.status != TransferStatus.PENDING:
        raise ServiceError(
            ErrorCode.CONFLICT, "transfer_not_pending", field="transferId", id=transfer_id, status=transfer.status.value
        )
    return transfer


async def _close(transfer: Transfer, status: TransferStatus, actor: Actor, note: str) -> None:
    """Move a pending transfer to ``status``; a concurrent decision makes this raise CONFLICT."""
    changed = await Transfer.filter(id=transfer.id, status=TransferStatus.PENDING).update(
        status=status, decided_by_id=actor.user_id, decision_note=note, decided_at=_now()
    )
    if changed == 0:
        current = await Transfer.get(id=transfer.id)
        raise ServiceError(
            ErrorCode.CONFLICT, "transfer_not_pending", field="transferId", id=transfer.id, status=current.status.value
        )


async def accept_transfer(
    actor: Actor | None, transfer_id: int, note: str | None = None, *, client_address: str = ""
) -> Transfer:
    """Accept a transfer: the child's case moves to the receiving school in one transaction."""
    actor = require_role(actor, *TRANSFER_ROLES)
    note = _check_note(note, "note")
    transfer = await _pending_transfer(transfer_id, receiving_scope(actor))
    school = await Agency.get(id=transfer.to_school_id)

    async with in_transaction():
        student = await Student.filter(id=transfer.student_id).first()
        if student is None or student.merged_into_id is not None or student.school_id != transfer.from_school_id:
            raise ServiceError(ErrorCode.CONFLICT, "transfer_student_changed", field="transferId", id=transfer_id)
        clash = await Student.filter(
            national_id=student.national_id,
            academic_year=student.academic_year,
            semester=student.semester,
            school_id=school.id,
        ).exists()
        if clash:
            raise ServiceError(ErrorCode.DUPLICATE, "transfer_duplicate_at_target", field="transferId")
        await _close(transfer, TransferStatus.ACCEPTED, actor, note)
        await Student.filter(id=student.id).update(
            school_id=school.id,
            area_office_id=school.area_office_id,
            affiliation_id=school.affiliation_id,
            version=F("version") + 1,
            updated_at=_now(),
        )
        await audit.record(
            actor,
            "transfer.accept",
            target_type="Transfer",
            target_ids=[transfer.id],
            client_address=client_address,
            details={"student_id": student.id, "from_school_id": transfer.from_school_id, "to_school_id": school.id},
        )
    return await Transfer.get(id=transfer.id)


async def decline_transfer(
    actor: Actor | None, transfer_id: int, note: str | None = None, *, client_address: str = ""
) -> Transfer:
    """Decline a transfer; the child stays with the sending school."""
    actor = require_role(actor, *TRANSFER_ROLES)
    note = _check_note(note, "note")
    transfer = await _pending_transfer(transfer_id, receiving_scope(actor))
    async with in_transaction():
        await _close(transfer, TransferStatus.DECLINED, actor, note)
        await audit.record(
            actor,
            "transfer.decline",
            target_type="Transfer",
            target_ids=[transfer.id],
            client_address=client_address,
            details={"student_id": transfer.student_id},
        )
    return await Transfer.get(id=transfer.id)


async def cancel_transfer(
    actor: Actor | None, transfer_id: int, note: str | None = None, *, client_address: str = ""
) -> Transfer:
    """Withdraw a pending transfer; the sending side (the child's current owner) cancels."""
    actor = require_role(actor, *TRANSFER_ROLES)
    note = _check_note(note, "note")
    transfer = await _pending_transfer(transfer_id, school_in_scope_q(actor, "from_school"))
    async with in_transaction():
        await _close(transfer, TransferStatus.CANCELLED, actor, note)
        await audit.record(
            actor,
            "transfer.cancel",
            target_type="Transfer",
            target_ids=[transfer.id],
            client_address=client_address,
            details={"student_id": transfer.student_id},
        )
    return await Transfer.get(id=transfer.id)
