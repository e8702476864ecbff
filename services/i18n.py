"""User-facing messages in Thai (the default) and English.

Each message has a key and a pair of templates. Services raise errors with a key and
parameters; the API renders them in the caller's language, chosen from the request's
``Accept-Language`` header.
"""

from __future__ import annotations

from collections.abc import Mapping

THAI = "th"
ENGLISH = "en"
SUPPORTED_LOCALES = (THAI, ENGLISH)

_catalog: dict[str, tuple[str, str]] = {}


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add ``{key: (thai, english)}`` templates to the catalog; a key may be defined once."""
    for key, pair in messages.items():
        if key in _catalog and _catalog[key] != pair:
            raise ValueError(f"Message key '{key}' is already registered with other text.")
        _catalog[key] = pair


def translate(key: str, locale: str = THAI, **params: object) -> str:
    """Render message ``key`` in ``locale`` with ``params`` filled in."""
    try:
        thai, english = _catalog[key]
    except KeyError:
        raise KeyError(f"Message key '{key}' is not registered.") from None
    template = english if locale == ENGLISH else thai
    return template.format(**params)


def has_message(key: str) -> bool:
    return key in _catalog


def locale_from_header(accept_language: str | None) -> str:
    """Pick ``en`` when the header prefers English over Thai, else ``th``.

    The header is read as a list of ``tag;q=weight`` items; the first supported language
    with the highest weight wins. A weight of 0 means "not acceptable" (RFC 9110), so such
    an item never wins.
    """
    if not accept_language:
        return THAI
    best_locale, best_weight = THAI, 0.0
    for item in accept_language.split(","):
        tag, _, params = item.strip().partition(";")
        language = tag.strip().lower().split("-", 1)[0]
        if language not in SUPPORTED_LOCALES:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        if weight > best_weight:
            best_locale, best_weight = language, weight
    return best_locale


register({
    "internal_error": (
        "เกิดข้อผิดพลาดภายในระบบ กรุณาลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ",
        "An internal error occurred. Try again, and tell the system administrator if it persists.",
    ),
    "unauthenticated": (
        "กรุณาเข้าสู่ระบบก่อนใช้งาน",
        "Sign in first.",
    ),
    "forbidden": (
        "บัญชีของท่านไม่มีสิทธิ์ดำเนินการนี้",
        "Your account is not allowed to do this.",
    ),
    "not_found": (
        "ไม่พบ{kind_th}รหัส {id}",
        "{kind_en} {id} was not found.",
    ),
    "invalid_id": (
        "รหัส '{id}' ไม่ถูกต้อง ต้องเป็นรหัสที่ระบบส่งให้",
        "The id '{id}' is invalid: use an id the API returned.",
    ),
    "page_size_too_large": (
        "ขอข้อมูลได้ครั้งละไม่เกิน {limit} รายการ (ขอมา {value} รายการ)",
        "A page holds at most {limit} items; {value} were requested.",
    ),
    "page_size_negative": (
        "จำนวนรายการต่อหน้า {value} ไม่ถูกต้อง ต้องไม่ติดลบ",
        "The page size {value} is invalid: it must not be negative.",
    ),
    "invalid_cursor": (
        "ตัวชี้ตำแหน่งหน้า '{cursor}' ไม่ถูกต้อง",
        "The cursor '{cursor}' is invalid: use a cursor from pageInfo.",
    ),
})
