"""Help that partner organisations give to children (phase 2).

A partner records one help record per kind of help given: the kind (from the needs
vocabulary), the day it was given, the amount in baht when the help is money, and a note.
Partners record help, never visits, and only for children in their scope while their MOU
is in force. The child's school, area office and the admins above them read the records
on the child's record (``Student.helpRecords``), as do partners who see the child.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from models.student import NEED_LABELS, Need, Student
from models.visit import HelpRecord
from services import audit
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.partners import bangkok_today, require_partner_in_force
from services.scope import Actor, student_scope

# Kinds of help that are money: the amount is required.
MONEY_KINDS = frozenset({Need.SCHOLARSHIP, Need.LIVING_COSTS})
# Kinds of help that may be money or may be given in kind (a bus pass, a bicycle): the
# amount is optional. Every other kind is a service and takes no amount.
MAYBE_MONEY_KINDS = frozenset({Need.TRANSPORT, Need.OTHER})

# An amount above this is far more likely a typing error (an extra zero) than a real
# grant. A larger grant is recorded as several records.
MAX_AMOUNT_BAHT = Decimal("1000000")
MAX_NOTE_CHARS = 2000
CENT = Decimal("0.01")

register({
    "help_student_not_found": (
        "ไม่พบข้อมูลเด็กที่ระบุในจังหวัดที่ภาคีเครือข่ายของท่านดูแลและเปิดระยะที่ 2 แล้ว",
        "The child was not found in the phase 2 provinces your organisation covers.",
    ),
    "help_amount_required": (
        "ความช่วยเหลือประเภท \"{kind_th}\" เป็นเงิน กรุณาระบุจำนวนเงิน (บาท)",
        "Help of the kind {kind} is money: give the amount in baht.",
    ),
    "help_amount_not_money": (
        "ความช่วยเหลือประเภท \"{kind_th}\" ไม่ใช่เงิน จึงไม่ต้องระบุจำนวนเงิน",
        "Help of the kind {kind} is not money, so it takes no amount: leave amountBaht out.",
    ),
    "help_amount_invalid": (
        "จำนวนเงิน {value} บาท ไม่ถูกต้อง ต้องมากกว่า 0 ไม่เกิน {limit} บาท และมีทศนิยมไม่เกิน 2 ตำแหน่ง",
        "The amount {value} baht is invalid: it must be above 0 and at most {limit} baht, "
        "with at most 2 decimal places.",
    ),
    "help_date_future": (
        "วันที่ให้ความช่วยเหลือ {value} เป็นวันในอนาคต กรุณาระบุวันที่ให้ความช่วยเหลือจริง",
        "The date {value} is in the future: give the day the help was given.",
    ),
    "help_date_before_mou": (
        "วันที่ให้ความช่วยเหลือ {value} อยู่ก่อนวันที่บันทึกข้อตกลงเริ่มมีผล ({starts_on})",
        "The date {value} is before the MOU took effect on {starts_on}.",
    ),
    "help_note_too_long": (
        "บันทึกเพิ่มเติมยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The note has {length} characters, over the limit of {limit}: shorten it.",
    ),
})


@dataclass(frozen=True)
class HelpInput:
    """A partner's account of help given to one child."""

    student_id: int
    kind: Need
    given_on: dt.date
    amount_baht: Decimal | None = None
    note: str = ""


def _kind_params(kind: Need) -> dict[str, str]:
    return {"kind": kind.value, "kind_th": NEED_LABELS[kind][0]}


def check_amount(kind: Need, amount: Decimal | None) -> list[ServiceError]:
    """Return the problems of ``amount`` for help of ``kind``; empty when it fits."""
    if amount is None:
        if kind in MONEY_KINDS:
            return [ServiceError(ErrorCode.REQUIRED, "help_amount_required", field="amountBaht", **_kind_params(kind))]
        return []
    if kind not in MONEY_KINDS | MAYBE_MONEY_KINDS:
        return [ServiceError(ErrorCode.INVALID, "help_amount_not_money", field="amountBaht", **_kind_params(kind))]
    try:
        valid = (
            amount.is_finite()
            and Decimal("0") < amount <= MAX_AMOUNT_BAHT
            and amount == amount.quantize(CENT)
        )
    except InvalidOperation:
        valid = False
    if not valid:
        return [
            ServiceError(
                ErrorCode.INVALID, "help_amount_invalid", field="amountBaht",
                value=str(amount)[:20], limit=f"{MAX_AMOUNT_BAHT:,.0f}",
            )
        ]
    return []


def check_help(data: HelpInput, today: dt.date, mou_starts_on: dt.date | None) -> list[ServiceError]:
    """Return every problem of a help record's fields; an empty list when it is valid."""
    errors = check_amount(data.kind, data.amount_baht)
    if data.given_on > today:
        errors.append(ServiceError(ErrorCode.INVALID, "help_date_future", field="givenOn", value=data.given_on.isoformat()))
    elif mou_starts_on is not None and data.given_on < mou_starts_on:
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "help_date_before_mou", field="givenOn",
                value=data.given_on.isoformat(), starts_on=mou_starts_on.isoformat(),
            )
        )
    note = data.note.strip()
    if len(note) > MAX_NOTE_CHARS:
        errors.append(
            ServiceError(ErrorCode.TOO_LARGE, "help_note_too_long", field="note", length=len(note), limit=MAX_NOTE_CHARS)
        )
    return errors


async def record_help(actor: Actor | None, data: HelpInput, *, client_address: str = "") -> HelpRecord:
    """Store help that the caller's partner organisation gave a child in its scope.

    Raises ``AuthError`` for anyone but partner staff and when the MOU is not in force,
    ``ServiceError`` (NOT_FOUND on ``studentId``) for a child outside the partner's scope,
    and ``ValidationErrors`` listing every bad field.
    """
    actor, partner = await require_partner_in_force(actor)
    async with audit.audited(
        actor, "help.record", target_type="Student", target_ids=[data.student_id], client_address=client_address,
        details={"kind": data.kind.value, "given_on": data.given_on},
    ) as draft:
        student = await Student.filter(student_scope(actor), id=data.student_id).first()
        if student is None:
            raise ServiceError(ErrorCode.NOT_FOUND, "help_student_not_found", field="studentId")
        errors = check_help(data, bangkok_today(), partner.mou_starts_on)
        if errors:
            raise ValidationErrors(errors)
        record = await HelpRecord.create(
            student_id=student.id,
            partner_id=partner.id,
            kind=data.kind,
            given_on=data.given_on,
            amount_baht=None if data.amount_baht is None else data.amount_baht.quantize(CENT),
            note=data.note.strip(),
            recorded_by_id=actor.user_id,
        )
        draft.details["help_record_id"] = record.id
        return record


async def visible_help_record(actor: Actor | None, record_id: int) -> HelpRecord | None:
    """Return help record ``record_id`` when its child is in ``actor``'s scope, else None."""
    if actor is None:
        return None
    record = await HelpRecord.get_or_none(id=record_id)
    if record is None:
        return None
    if not await Student.filter(student_scope(actor), id=record.student_id).exists():
        return None
    return record
