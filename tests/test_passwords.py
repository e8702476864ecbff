"""The password policy: length, common passwords, patterns, and the account's own names."""

from __future__ import annotations

import pytest

from services.errors import ServiceError
from services.passwords import MAX_LENGTH, MIN_LENGTH, check_password


def rejection(password: str, **kwargs) -> str:
    with pytest.raises(ServiceError) as raised:
        check_password(password, **kwargs)
    assert raised.value.code.value == "PASSWORD_POLICY"
    return raised.value.message_key


@pytest.mark.parametrize(
    "password",
    ["ดอกไม้บานสะพรั่ง", "correct horse battery staple", "Ubon-Ratchathani-34", "x7#Lq9!vP2mZ"],
)
def test_accepts_long_uncommon_passwords(password):
    check_password(password)


def test_rejects_short():
    assert rejection("a" * (MIN_LENGTH - 1)) == "password_too_short"


def test_rejects_too_long():
    assert rejection("ก" * (MAX_LENGTH + 1)) == "password_too_long"


@pytest.mark.parametrize("password", ["password123", "Password1234", "1234567890", "qwertyuiop", "Thailand2567", "P@ssw0rd12"])
def test_rejects_common(password):
    assert rejection(password) in ("password_common", "password_pattern")


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "ababababab", "abcabcabcabc", "abcdefghijk", "0987654321"])
def test_rejects_patterns(password):
    assert rejection(password) in ("password_common", "password_pattern")


def test_rejects_username_inside():
    assert rejection("somsri.k-2567-school", username="Somsri.K") == "password_personal"


def test_rejects_names_inside():
    assert rejection("สมศรีชอบกินข้าวเหนียว", personal_words=("สมศรี", "ใจดี")) == "password_personal"


def test_error_names_field():
    with pytest.raises(ServiceError) as raised:
        check_password("short", field="newPassword")

    assert raised.value.field == "newPassword"
    assert raised.value.message("en") == "The password is too short: it has 5 characters and needs at least 10."
