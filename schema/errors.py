"""Turns exceptions into GraphQL errors: expected ones localised with a code, the rest masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from services.errors import AuthError, ErrorCode, ServiceError
from services.i18n import translate

log = logging.getLogger("pakongklab.graphql")


class ErrorPolicy(SchemaExtension):
    """Localise service and auth errors; log unexpected errors in full and mask them for clients.

    Expected failures of mutations are payload data and never get here. What gets here is
    an auth failure, a rejected argument of a query, or a bug.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        context = self.execution_context.context
        locale = getattr(context, "locale", "th")
        result.errors = [self._convert(error, locale) for error in result.errors]

    def _convert(self, error: GraphQLError, locale: str) -> GraphQLError:
        original = error.original_error
        if isinstance(original, ServiceError):
            code = original.code.value
            extensions = {"code": code}
            if original.field:
                extensions["field"] = original.field
            if isinstance(original, AuthError):
                extensions["code"] = original.code.value
            return GraphQLError(
                original.message(locale), nodes=error.nodes, path=error.path, extensions=extensions
            )
        if original is None:
            # A validation or parse error: GraphQL's own text describes the query, not data.
            extensions = dict(error.extensions or {})
            extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
            return GraphQLError(error.message, nodes=error.nodes, path=error.path, extensions=extensions)
        log.error(
            "Unexpected error in GraphQL operation %s at %s",
            self.execution_context.operation_name,
            error.path,
            exc_info=original,
        )
        return GraphQLError(
            translate("internal_error", locale),
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )


__all__ = ["ErrorPolicy", "ErrorCode"]
