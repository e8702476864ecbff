"""Choosing the language of messages from the Accept-Language header."""

from __future__ import annotations

import pytest

from services.i18n import locale_from_header


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "th"),
        ("", "th"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("th;q=0.5, en;q=0.9", "en"),
        ("fr, en;q=0.5", "en"),
        ("th-TH,th;q=0.9,en;q=0.8", "th"),
        ("en;q=0", "th"),
        ("en;q=0, th;q=0", "th"),
        ("fr", "th"),
        ("en;q=abc", "th"),
    ],
)
def test_locale_from_header(header, locale):
    assert locale_from_header(header) == locale
