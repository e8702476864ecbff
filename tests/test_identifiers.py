"""National IDs and G codes: the check digit, the G-code form, and spreadsheet-mangled numbers."""

import pytest

from models.student import IdKind
from services.errors import ErrorCode, ServiceError
from services.identifiers import (
    check_digit,
    identifier_kind,
    make_national_id,
    normalise_identifier,
    number_cell_error,
)

# Synthetic numbers: digits 2-3 are 99, which is no province's code.
VALID_ID = "1990465399061"
VALID_ID_WITH_ZERO = make_national_id("099012345678")


def rejection(value: str) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        identifier_kind(value)
    return caught.value


def test_check_digit_follows_mod_11_rule():
    first_twelve = "199046539906"

    total = sum(int(digit) * weight for digit, weight in zip(first_twelve, range(13, 1, -1)))

    assert check_digit(first_twelve) == (11 - total % 11) % 10
    assert check_digit(first_twelve) == 1


def test_valid_national_id_accepted():
    assert identifier_kind(VALID_ID) == IdKind.NATIONAL_ID


def test_national_id_with_leading_zero_accepted():
    assert VALID_ID_WITH_ZERO.startswith("0")
    assert identifier_kind(VALID_ID_WITH_ZERO) == IdKind.NATIONAL_ID


def test_g_code_accepted():
    assert identifier_kind("G648199123456") == IdKind.G_CODE


def test_wrong_check_digit_names_value_and_digits():
    error = rejection("1990465399062")

    assert error.code == ErrorCode.INVALID
    assert error.message_key == "national_id_check_digit"
    assert error.message("en") == (
        "The national ID '1990465399062' is invalid: its check digit is 2, but the first 12 digits "
        "give 1. Check the number for typing errors."
    )
    assert "1990465399062" in error.message("th")


@pytest.mark.parametrize("value", ["12345", "19904653990610", "G12345", "G64819912345X", "ABC1234567890", "g"])
def test_wrong_shape_rejected_with_rule(value):
    error = rejection(value)

    assert error.code == ErrorCode.INVALID
    assert error.message_key == "national_id_invalid"
    assert error.message("en") == (
        f"The national ID '{value}' is invalid: it must be 13 digits, or a G code (G and 12 digits)."
    )


def test_empty_identifier_required():
    error = rejection("")

    assert error.code == ErrorCode.REQUIRED
    assert error.message_key == "national_id_required"


@pytest.mark.parametrize("value", ["1.99047E+12", "1.99046539906E+12", "1,99047e+12", "2E+12"])
def test_scientific_notation_gets_hint(value):
    error = rejection(value)

    assert error.message_key == "national_id_scientific"
    assert "format the column as text" in error.message("en")
    assert value in error.message("en")


def test_decimal_number_gets_hint():
    error = rejection("1990465399061.0")

    assert error.message_key == "national_id_decimal"
    assert "1990465399061.0" in error.message("en")


def test_dropped_leading_zero_gets_hint_with_padded_id():
    error = rejection(VALID_ID_WITH_ZERO[1:])

    assert error.message_key == "national_id_leading_zero"
    assert error.params["padded"] == VALID_ID_WITH_ZERO
    assert VALID_ID_WITH_ZERO in error.message("th")


def test_twelve_digits_without_valid_padding_is_plain_error():
    twelve = "199046539906"
    assert check_digit("0" + twelve[:11]) != int(twelve[11])

    assert rejection(twelve).message_key == "national_id_invalid"


def test_number_cell_error_shows_whole_number():
    error = number_cell_error(1990465399061.0)

    assert error.message_key == "national_id_number_cell"
    assert error.params["value"] == "1990465399061"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1-9904-65399-06-1", VALID_ID),
        (" 1 9904 65399 06 1 ", VALID_ID),
        ("g648199123456", "G648199123456"),
    ],
)
def test_normalise_removes_separators(raw, expected):
    assert normalise_identifier(raw) == expected


def test_make_national_id_rejects_wrong_length():
    with pytest.raises(ValueError):
        make_national_id("12345")
