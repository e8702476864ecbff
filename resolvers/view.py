"""The GraphQL HTTP endpoint: finds the caller, picks the language, and guards cookies against CSRF."""

from __future__ import annotations

import datetime as dt
import logging

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from schema.context import Context
from services import auth
from services.i18n import locale_from_header
from services.scope import actor_for_user
from services.settings import Settings

log = logging.getLogger("pakongklab.http")

SESSION_COOKIE = "pakongklab_session"


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def same_origin(request: Request, settings: Settings) -> bool:
    """Tell whether a cookie-carrying request comes from this site or an allowed origin.

    Browsers send ``Origin`` on every cross-site POST, so a missing header on a POST means
    a non-browser client, which cannot be a victim of CSRF.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return request.method in ("GET", "HEAD") or "sec-fetch-site" not in request.headers or (
            request.headers.get("sec-fetch-site") in ("same-origin", "none")
        )
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    return origin == own or origin in settings.allowed_origins


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with this project's context."""

    def __init__(self, schema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    async def get_context(self, request: Request, response: Response) -> Context:
        settings = self.settings
        actor = None
        token = None
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            token = header[7:].strip()
        elif SESSION_COOKIE in request.cookies and same_origin(request, settings):
            token = request.cookies[SESSION_COOKIE]
        if token:
            found = await auth.user_for_token(
                token,
                lifetime=dt.timedelta(minutes=settings.token_lifetime_minutes),
                renew_after=dt.timedelta(minutes=settings.token_renew_minutes),
            )
            if found is not None:
                user, session = found
                actor = await actor_for_user(user, session_id=session.id)
        return Context(
            request=request,
            response=response,
            settings=settings,
            actor=actor,
            locale=locale_from_header(request.headers.get("accept-language")),
            client_address=client_address(request),
            session_token=token,
        )
