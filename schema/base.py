"""Types every part of the schema shares: errors, the Node interface, ids and pages."""

from __future__ import annotations

import base64
import binascii
from enum import Enum
from typing import Generic, TypeVar

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from schema.context import Context
from services.errors import ErrorCode, ServiceError, ValidationErrors

NodeT = TypeVar("NodeT")

UserErrorCode = strawberry.enum(ErrorCode, name="UserErrorCode", description="Why an input was rejected.")


@strawberry.type(description="A rejected input: which field, why, and a message for the user in their language.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as named in the mutation's input; null when the whole request is at fault."
    )
    code: UserErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Thai by default, English with `Accept-Language: en`.")


def user_errors(info: Info[Context, None], error: ServiceError | ValidationErrors) -> list[UserError]:
    """Render a service error (or several) as payload errors in the caller's language."""
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    locale = info.context.locale
    return [UserError(field=item.field, code=item.code, message=item.message(locale)) for item in errors]


@strawberry.interface(description="An object with a global id, fetchable with the root `node` field.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global id: opaque, stable, unique across types.")


def to_global_id(type_name: str, local_id: object) -> strawberry.ID:
    raw = f"{type_name}:{local_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def from_global_id(global_id: str, expected_type: str | None = None) -> tuple[str, str]:
    """Split a global id into (type name, local id), raising INVALID for anything malformed.

    An id of another type than ``expected_type`` is rejected the same way as a malformed
    one, so a caller learns nothing from guessing.
    """
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, sep, local_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ServiceError(ErrorCode.INVALID, "invalid_id", field="id", id=global_id[:64]) from None
    if not sep or not local_id:
        raise ServiceError(ErrorCode.INVALID, "invalid_id", field="id", id=global_id[:64])
    if expected_type is not None and type_name != expected_type:
        raise ServiceError(ErrorCode.INVALID, "invalid_id", field="id", id=global_id[:64])
    return type_name, local_id


def local_int_id(global_id: str, expected_type: str) -> int:
    _type, local_id = from_global_id(global_id, expected_type)
    try:
        return int(local_id)
    except ValueError:
        raise ServiceError(ErrorCode.INVALID, "invalid_id", field="id", id=global_id[:64]) from None


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item on this page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item on this page; pass it as `after`.")


@strawberry.type(description="An item of a page and its cursor.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque position of this item; pass it as `after`.")
    node: NodeT = strawberry.field(description="The item.")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind != "o":
            raise ValueError(kind)
        offset = int(value)
        if offset < 0:
            raise ValueError(value)
        return offset
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ServiceError(ErrorCode.INVALID, "invalid_cursor", field="after", cursor=cursor[:64]) from None


def page_of(nodes: list[NodeT], window, total: int) -> tuple[list[Edge[NodeT]], PageInfo]:
    """Build the edges and page info of one page that starts at ``window.offset``."""
    edges = [Edge(cursor=encode_cursor(window.offset + i), node=node) for i, node in enumerate(nodes)]
    page_info = PageInfo(
        has_next_page=window.offset + len(nodes) < total,
        has_previous_page=window.offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return edges, page_info


class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


SortDirectionEnum = strawberry.enum(SortDirection, description="Sort order.")


def selected_below(info: Info[Context, None], *path: str) -> set[str]:
    """GraphQL names of the fields the query selects at ``path`` below the current field.

    ``selected_below(info, "edges", "node")`` in a connection resolver gives the fields
    asked of each node. Fragments count as if written out; ``@skip`` and ``@include``
    are ignored, so the result may name a field that will not be resolved.
    """
    level = _flatten([child for field in info.selected_fields for child in field.selections])
    for name in path:
        level = _flatten([child for field in level if field.name == name for child in field.selections])
    return {field.name for field in level}


def _flatten(selections: list) -> list[SelectedField]:
    fields = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            fields.append(selection)
        else:
            fields.extend(_flatten(selection.selections))
    return fields
