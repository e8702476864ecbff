"""The GraphQL HTTP endpoint: finds the caller, picks the language, and guards cookies against CSRF.

A caller proves who they are in one of two ways:

- ``Authorization: Bearer <token>``, for apps. Browsers never attach it on their own, so
  these requests need no cross-site checks.
- The ``pakongklab_session`` cookie, for the console. It is HttpOnly and SameSite=Strict,
  and it counts only when the request's ``Origin`` (or, without one, ``Sec-Fetch-Site``)
  shows that it comes from this site or from an origin in ``PAKONGKLAB_ALLOWED_ORIGINS``.
  A cookie on any other request is ignored, so the request runs as anonymous.

A token works only through the channel it was issued for: a cookie session's token sent
as a bearer token is not accepted, nor the reverse.
"""

from __future__ import annotations

import datetime as dt
import logging

import orjson

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from models.user import SessionKind
from schema.context import Context
from services import auth
from services.i18n import locale_from_header, register, translate
from services.scope import Actor, actor_for_user
from services.settings import Settings

log = logging.getLogger("pakongklab.http")

SESSION_COOKIE = "pakongklab_session"

register({
    "upload_unauthenticated": (
        "กรุณาเข้าสู่ระบบก่อนส่งไฟล์",
        "Sign in before sending files.",
    ),
    "upload_length_required": (
        "คำขอที่แนบไฟล์ต้องระบุขนาดในส่วนหัว Content-Length",
        "An upload must state its size in a Content-Length header; send it without chunked encoding.",
    ),
    "upload_too_large": (
        "คำขอมีขนาด {size} ไบต์ เกินขนาดสูงสุด {limit} ไบต์",
        "The request has {size} bytes, more than the limit of {limit} bytes.",
    ),
})


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def same_origin(request: Request, settings: Settings) -> bool:
    """Tell whether a cookie-carrying request comes from this site or an allowed origin.

    ``Origin`` decides when present. Without it, ``Sec-Fetch-Site`` decides. With neither,
    only GET and HEAD pass: every current browser sends ``Origin`` on a POST, so a POST
    without it did not come from a browser page, and such clients use bearer tokens.
    """
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        return origin == own or origin in settings.allowed_origins
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    return request.method in ("GET", "HEAD")


def request_token(request: Request, settings: Settings) -> tuple[str | None, SessionKind | None]:
    """Return the session token the request carries and how it came, or (None, None)."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None, SessionKind.BEARER
    if SESSION_COOKIE in request.cookies and same_origin(request, settings):
        return request.cookies[SESSION_COOKIE] or None, SessionKind.COOKIE
    return None, None


async def authenticate(request: Request, settings: Settings) -> tuple[Actor | None, str | None]:
    """Return the signed-in caller of ``request`` and their token, or (None, None) for anonymous.

    Using a session renews it (see ``services.auth.user_for_token``). The result is kept
    on the request's state, so a second call for the same request costs nothing.
    """
    cached = getattr(request.state, "pakongklab_auth", None)
    if cached is not None:
        return cached
    actor: Actor | None = None
    token, kind = request_token(request, settings)
    if token:
        found = await auth.user_for_token(
            token,
            lifetime=dt.timedelta(minutes=settings.token_lifetime_minutes),
            renew_after=dt.timedelta(minutes=settings.token_renew_minutes),
        )
        if found is not None and SessionKind(found[1].kind) == kind:
            user, session = found
            actor = await actor_for_user(user, session_id=session.id)
    result = (actor, token if actor else None)
    request.state.pakongklab_auth = result
    return result


async def actor_from_request(request: Request, settings: Settings) -> Actor | None:
    """Return the signed-in caller of a plain HTTP request (exports, media), or None."""
    actor, _token = await authenticate(request, settings)
    return actor


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """Attach the console's session cookie. It has no Max-Age, so closing the browser ends it."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=settings.cookie_secure
    )


def _is_multipart(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";", 1)[0].strip().lower() == "multipart/form-data"


def _error_response(request: Request, status: int, code: str, key: str, **params: object) -> JSONResponse:
    locale = locale_from_header(request.headers.get("accept-language"))
    body = {"data": None, "errors": [{"message": translate(key, locale, **params), "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with this project's context and upload guard.

    Queries may come over GET; mutations only over POST (Strawberry rejects a mutation
    over GET with HTTP 400). A multipart request (a file upload) is read only when it carries a
    valid session (a bearer token, or a cookie from this site) and fits in
    ``max_upload_bytes``; otherwise it is answered before its body is read.
    """

    def __init__(self, schema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    def encode_json(self, data: object) -> bytes:
        # orjson writes Thai text as UTF-8 rather than \u escapes (a third of the bytes),
        # and encodes a page of 50 children in 15 µs against 242 µs for json.dumps.
        return orjson.dumps(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            if request.method == "POST" and _is_multipart(request):
                rejection = await self._check_upload(request)
                if rejection is not None:
                    await rejection(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)

    async def _check_upload(self, request: Request) -> Response | None:
        # A chunked upload has no Content-Length, so its size could not be checked before
        # reading it. Apps and browsers send the header for multipart bodies anyway.
        declared = request.headers.get("content-length", "")
        limit = self.settings.max_upload_bytes
        if not declared.isdigit():
            return _error_response(request, 411, "LENGTH_REQUIRED", "upload_length_required")
        if int(declared) > limit:
            return _error_response(request, 413, "TOO_LARGE", "upload_too_large", size=int(declared), limit=limit)
        actor, _token = await authenticate(request, self.settings)
        if actor is None:
            log.info("Rejected an upload without a valid session from %s", client_address(request))
            return _error_response(request, 401, "UNAUTHENTICATED", "upload_unauthenticated")
        return None

    async def get_context(self, request: Request, response: Response) -> Context:
        settings = self.settings
        actor, token = await authenticate(request, settings)
        return Context(
            request=request,
            response=response,
            settings=settings,
            actor=actor,
            locale=locale_from_header(request.headers.get("accept-language")),
            client_address=client_address(request),
            session_token=token,
        )
