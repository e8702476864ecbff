"""Errors that services raise. The API turns them into payload errors or GraphQL errors."""

from __future__ import annotations

from enum import Enum

from services.i18n import THAI, translate


class ErrorCode(str, Enum):
    """Reason a request was rejected. The same codes appear in the API's ``UserError.code``."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    LOCKED = "LOCKED"
    TOO_LARGE = "TOO_LARGE"
    UNSUPPORTED = "UNSUPPORTED"
    PASSWORD_POLICY = "PASSWORD_POLICY"


class ServiceError(Exception):
    """An expected failure: a bad value, a missing record, a rule that forbids the change.

    ``message_key`` names a message in ``services.i18n``; ``params`` fill its template.
    ``field`` is the input field at fault, as the API names it, or None.
    """

    def __init__(
        self,
        code: ErrorCode,
        message_key: str,
        *,
        field: str | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.message_key = message_key
        self.field = field
        self.params = params
        super().__init__(f"{code.value}: {message_key}")

    def message(self, locale: str = THAI) -> str:
        return translate(self.message_key, locale, **self.params)


class ValidationErrors(Exception):
    """Several field errors found together, so the client can show them all at once."""

    def __init__(self, errors: list[ServiceError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


class AuthError(ServiceError):
    """The caller is not signed in, or the account may not do this.

    The API reports it as a GraphQL error with ``extensions.code``, not as payload data.
    """
