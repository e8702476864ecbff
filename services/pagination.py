"""Page-size and offset rules shared by every list."""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import ErrorCode, ServiceError

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class Window:
    offset: int
    limit: int


def page_window(first: int | None, after_offset: int | None, max_page_size: int) -> Window:
    """Turn ``first``/``after`` into an offset and limit, enforcing the page-size cap."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0:
        raise ServiceError(ErrorCode.INVALID, "page_size_negative", field="first", value=size)
    if size > max_page_size:
        raise ServiceError(
            ErrorCode.TOO_LARGE, "page_size_too_large", field="first", value=size, limit=max_page_size
        )
    offset = 0 if after_offset is None else after_offset + 1
    return Window(offset=offset, limit=size)
