"""Identifiers of children: the Thai national ID and the OBEC G code.

A national ID has 13 digits, and the 13th is a check digit: multiply the first 12 digits by
13 down to 2, add the products, and the check digit is ``(11 - sum mod 11) mod 10``.
Children without a national ID carry an OBEC G code, ``G`` followed by 12 digits.

Both are kept as text. A spreadsheet that opened the ID column as numbers shows an ID as
``1.23457E+12`` (digits lost), as ``1234567890123.0``, or without its leading zero, so
those forms get an error message with a hint on how to fix the file.
"""

from __future__ import annotations

import operator
import re

from models.student import IdKind
from services.errors import ErrorCode, ServiceError
from services.i18n import register

NATIONAL_ID_LENGTH = 13
G_CODE_DIGITS = 12

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
# Separators that people type inside an ID, as in 1-2345-67890-12-3.
_SEPARATORS = re.compile(r"[\s\-\u00a0\u200b]+")

register({
    "national_id_required": (
        "ไม่มีเลขประจำตัวประชาชน: ต้องเป็นเลข 13 หลัก หรือรหัส G ตามด้วยตัวเลข 12 หลัก",
        "The national ID is missing: enter 13 digits, or a G code (G and 12 digits).",
    ),
    "national_id_invalid": (
        "เลขประจำตัวประชาชน '{value}' ไม่ถูกต้อง: ต้องเป็นตัวเลข 13 หลัก "
        "หรือรหัส G ตามด้วยตัวเลข 12 หลัก",
        "The national ID '{value}' is invalid: it must be 13 digits, or a G code (G and 12 digits).",
    ),
    "national_id_check_digit": (
        "เลขประจำตัวประชาชน '{value}' ไม่ถูกต้อง: หลักสุดท้ายคือ {actual} "
        "แต่ตามสูตรตรวจสอบต้องเป็น {expected} โปรดตรวจสอบการพิมพ์",
        "The national ID '{value}' is invalid: its check digit is {actual}, but the first "
        "12 digits give {expected}. Check the number for typing errors.",
    ),
    "national_id_scientific": (
        "เลขประจำตัวประชาชน '{value}' ถูกโปรแกรมตารางคำนวณแปลงเป็นตัวเลขแบบวิทยาศาสตร์ "
        "ทำให้ตัวเลขบางหลักหายไป: โปรดจัดรูปแบบคอลัมน์เป็นข้อความแล้วใส่เลขทั้ง 13 หลักใหม่",
        "The national ID '{value}' was turned into a number in scientific notation by a "
        "spreadsheet, which loses digits: format the column as text and enter all 13 digits again.",
    ),
    "national_id_decimal": (
        "เลขประจำตัวประชาชน '{value}' ถูกโปรแกรมตารางคำนวณแปลงเป็นตัวเลขทศนิยม: "
        "โปรดจัดรูปแบบคอลัมน์เป็นข้อความแล้วบันทึกไฟล์ใหม่",
        "The national ID '{value}' was turned into a decimal number by a spreadsheet: "
        "format the column as text and save the file again.",
    ),
    "national_id_leading_zero": (
        "เลขประจำตัวประชาชน '{value}' มีเพียง 12 หลัก: โปรแกรมตารางคำนวณอาจตัดเลข 0 "
        "ตัวหน้าออก ({padded} ผ่านการตรวจสอบ) โปรดจัดรูปแบบคอลัมน์เป็นข้อความแล้วใส่เลขใหม่",
        "The national ID '{value}' has only 12 digits: a spreadsheet may have dropped its "
        "leading zero ({padded} passes the check). Format the column as text and enter the "
        "number again.",
    ),
    "national_id_number_cell": (
        "เลขประจำตัวประชาชน '{value}' ถูกบันทึกเป็นตัวเลข ไม่ใช่ข้อความ "
        "ซึ่งอาจทำให้เลข 0 ตัวหน้าหรือหลักท้ายหายไป: โปรดจัดรูปแบบคอลัมน์เป็นข้อความแล้วใส่เลขใหม่",
        "The national ID '{value}' is stored as a number, not as text, which can drop a "
        "leading zero or the last digits: format the column as text and enter the number again.",
    ),
})


_WEIGHTS = tuple(range(13, 1, -1))
# The bytes of ASCII digits are their values plus 48 ("0"); this removes the 48s at once.
_ZERO_OFFSET = 48 * sum(_WEIGHTS)


def check_digit(first_twelve: str) -> int:
    """Return the check digit of the 12 leading ASCII digits of a national ID."""
    total = sum(map(operator.mul, first_twelve.encode("ascii"), _WEIGHTS)) - _ZERO_OFFSET
    return (11 - total % 11) % 10


def is_valid_national_id(value: str) -> bool:
    return (
        len(value) == NATIONAL_ID_LENGTH
        and value.isascii()
        and value.isdigit()
        and check_digit(value[:12]) == int(value[12])
    )


def is_g_code(value: str) -> bool:
    digits = value[1:]
    return value[:1] == "G" and len(digits) == G_CODE_DIGITS and digits.isascii() and digits.isdigit()


def normalise_identifier(raw: str) -> str:
    """Remove spaces and dashes typed inside an ID and upper-case a leading ``g``."""
    value = _SEPARATORS.sub("", raw.strip())
    if value[:1] == "g":
        value = "G" + value[1:]
    return value


def identifier_kind(value: str, *, field: str = "nationalId") -> IdKind:
    """Return the kind of an already normalised identifier, or raise a ``ServiceError``.

    The error names the value and the rule, and adds a hint when the value looks like a
    number that a spreadsheet mangled.
    """
    if is_g_code(value):
        return IdKind.G_CODE
    if is_valid_national_id(value):
        return IdKind.NATIONAL_ID
    raise identifier_error(value, field=field)


def identifier_error(value: str, *, field: str = "nationalId") -> ServiceError:
    """Build the error for an identifier that ``identifier_kind`` rejects."""
    if value == "":
        return ServiceError(ErrorCode.REQUIRED, "national_id_required", field=field)
    if _SCIENTIFIC.match(value):
        return ServiceError(ErrorCode.INVALID, "national_id_scientific", field=field, value=value)
    decimal = _DECIMAL.match(value)
    if decimal:
        return ServiceError(ErrorCode.INVALID, "national_id_decimal", field=field, value=value)
    if len(value) == NATIONAL_ID_LENGTH - 1 and value.isascii() and value.isdigit():
        padded = "0" + value
        if is_valid_national_id(padded):
            return ServiceError(
                ErrorCode.INVALID, "national_id_leading_zero", field=field, value=value, padded=padded
            )
    if len(value) == NATIONAL_ID_LENGTH and value.isascii() and value.isdigit():
        return ServiceError(
            ErrorCode.INVALID,
            "national_id_check_digit",
            field=field,
            value=value,
            actual=value[12],
            expected=check_digit(value[:12]),
        )
    return ServiceError(ErrorCode.INVALID, "national_id_invalid", field=field, value=value)


def number_cell_error(value: object, *, field: str = "nationalId") -> ServiceError:
    """Build the error for an ID that a spreadsheet stored as a number cell."""
    if isinstance(value, float) and value.is_integer():
        display_value = repr(value) if abs(value) >= 1e16 else str(int(value))
    else:
        display_value = str(value)
    return ServiceError(ErrorCode.INVALID, "national_id_number_cell", field=field, value=display_value)


def make_national_id(first_twelve: str) -> str:
    """Append the check digit to 12 digits, e.g. to build synthetic IDs for demos and tests."""
    if len(first_twelve) != 12 or not first_twelve.isdigit():
        raise ValueError(f"Expected 12 digits, got {first_twelve!r}.")
    return first_twelve + str(check_digit(first_twelve))
