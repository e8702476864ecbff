"""The password policy: long enough, not common, not built from the account's own names.

The rules follow NIST SP 800-63B: a minimum length, a check against passwords that people
choose often, and no composition rules (no forced digits or symbols), which only push
people towards predictable patterns.
"""

from __future__ import annotations

from services.errors import ErrorCode, ServiceError
from services.i18n import register

MIN_LENGTH = 10
MAX_LENGTH = 128

# Passwords that appear near the top of published lists of leaked passwords, plus Thai
# favourites (the Thai-keyboard spelling of common words typed on an English layout,
# royal and national words). Compared lower-cased, with spaces removed.
COMMON_PASSWORDS = frozenset("""
123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 0987654321 987654321
111111 1111111 11111111 111111111 1111111111 000000 0000000 00000000 0000000000 121212
123123 123123123 1231231231 123321 123456a 123456aa 123456abc 1234qwer 1q2w3e4r 1q2w3e4r5t
1qaz2wsx 1qaz2wsx3edc 2wsx3edc 654321 666666 696969 777777 7777777 888888 88888888 999999
abc123 abc12345 abc123456 abcd1234 abcdef abcdefg abcdefgh abcdefghij aa123456 a1b2c3d4
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword p@ssw0rd1
qwerty qwerty123 qwerty1234 qwertyuiop qwertyui qwertyuiop123 qazwsx qazwsxedc asdfgh
asdfghjkl asdf1234 zxcvbnm zxcvbnm123 iloveyou iloveyou1 iloveyou123 letmein letmein123
welcome welcome1 welcome123 welcome2023 welcome2024 welcome2025 admin admin123 admin1234
admin12345 administrator root toor changeme changeme123 default secret secret123 master
master123 monkey monkey123 dragon dragon123 football baseball superman batman sunshine
princess shadow michael jennifer jordan23 trustno1 starwars whatever freedom computer
internet hello123 helloworld login login123 guest guest123 test test123 test1234 testing
testtest user user123 user1234 demo demo1234 pass pass123 pass1234 passpass
thailand thailand1 thailand123 thailand2564 bangkok bangkok123 school school123 school1234
student student123 teacher teacher123 obec obec1234 obec123456 moe moe12345 sawasdee
sawasdee123 sawadee krukru kru12345 rongrian rongrian123 khru1234 nongkrab pakongklab
pakongklab123 pakongklab1234 kinkhao changthai chang123 muay1234 thai1234 thai123456
25640101 25642564 2564256425 25652565 25662566 25672567 25682568 25692569 0812345678
0899999999 0888888888 0811111111
""".split())

# Runs of neighbouring keys or counting that people build passwords from.
SEQUENCES = (
    "01234567890",
    "09876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "qwertyuiopasdfghjklzxcvbnm",
    "mnbvcxzlkjhgfdsapoiuytrewq",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)

register({
    "password_too_short": (
        "รหัสผ่านสั้นเกินไป: มี {length} ตัวอักษร ต้องมีอย่างน้อย {minimum} ตัวอักษร",
        "The password is too short: it has {length} characters and needs at least {minimum}.",
    ),
    "password_too_long": (
        "รหัสผ่านยาวเกินไป: มี {length} ตัวอักษร ต้องไม่เกิน {maximum} ตัวอักษร",
        "The password is too long: it has {length} characters and may have at most {maximum}.",
    ),
    "password_common": (
        "รหัสผ่านนี้เป็นรหัสที่มีผู้ใช้มากและคาดเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น "
        "เช่น วลีที่จำได้ง่ายแต่คนอื่นเดาไม่ได้",
        "This password is one that many people use and is easy to guess: choose another, "
        "such as a phrase you remember that others cannot guess.",
    ),
    "password_pattern": (
        "รหัสผ่านนี้เป็นตัวอักษรซ้ำหรือเรียงกันซึ่งคาดเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น",
        "This password is a repeated or sequential run of characters, which is easy to guess: choose another.",
    ),
    "password_personal": (
        "รหัสผ่านต้องไม่มีชื่อผู้ใช้ ชื่อ หรือนามสกุลของท่านอยู่ในรหัสผ่าน กรุณาตั้งรหัสผ่านอื่น",
        "The password must not contain your username, first name or last name: choose another.",
    ),
})


def check_password(
    password: str,
    *,
    field: str = "password",
    username: str = "",
    personal_words: tuple[str, ...] = (),
) -> None:
    """Raise ``ServiceError`` (code ``PASSWORD_POLICY``) when ``password`` breaks the policy.

    ``personal_words`` are the account's own names; a password that contains one of at
    least three characters is rejected.
    """
    length = len(password)
    if length < MIN_LENGTH:
        raise ServiceError(
            ErrorCode.PASSWORD_POLICY, "password_too_short", field=field, length=length, minimum=MIN_LENGTH
        )
    if length > MAX_LENGTH:
        raise ServiceError(
            ErrorCode.PASSWORD_POLICY, "password_too_long", field=field, length=length, maximum=MAX_LENGTH
        )
    folded = "".join(password.lower().split())
    if folded in COMMON_PASSWORDS or _strip_trailing_digits(folded) in COMMON_PASSWORDS:
        raise ServiceError(ErrorCode.PASSWORD_POLICY, "password_common", field=field)
    if _is_pattern(folded):
        raise ServiceError(ErrorCode.PASSWORD_POLICY, "password_pattern", field=field)
    for word in (username, *personal_words):
        word = "".join(word.lower().split())
        if len(word) >= 3 and word in folded:
            raise ServiceError(ErrorCode.PASSWORD_POLICY, "password_personal", field=field)


def _strip_trailing_digits(text: str) -> str:
    """Return ``text`` without the digits people append to a word ("password2567")."""
    stripped = text.rstrip("0123456789")
    return stripped if stripped else text


def _is_pattern(text: str) -> bool:
    """Tell whether ``text`` is one character repeated, a short block repeated, or a keyboard run."""
    if len(set(text)) <= 2:
        return True
    for size in range(2, len(text) // 2 + 1):
        block = text[:size]
        if block * (len(text) // size) + block[: len(text) % size] == text:
            return True
    return any(text in sequence for sequence in SEQUENCES)
