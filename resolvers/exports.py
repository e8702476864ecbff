"""Download routes for the children list and the reports, as CSV or XLSX.

``GET /exports/students.{csv|xlsx}`` takes the filters of the ``students`` query as query
parameters (``status=RETURNED,NOT_FOUND``, ``term=1/2564``, ``schoolId=<global id>``, ...,
and ``search``). ``GET /exports/reports/{name}.{csv|xlsx}`` takes ``term``, ``from``,
``to`` (YYYY-MM-DD), ``agencyId`` and, for ``cannot-follow``, ``groupBy``. Both take
``lang=th|en`` for the language of headers and labels (default: ``Accept-Language``, then
Thai).

The caller signs in with a bearer token or the console's session cookie, as for
``/graphql``. Filters are checked and the export is audited before the first byte; errors
before that are JSON in the shape of GraphQL errors.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from resolvers.view import actor_from_request, client_address
from schema.base import local_int_id
from services import exports
from services.errors import AuthError, ErrorCode, ServiceError
from services.i18n import locale_from_header
from services.scope import Actor
from services.settings import Settings
from services.students import bangkok_today

log = logging.getLogger("pakongklab.exports")

_STATUS_FOR_CODE = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.TOO_LARGE: 413,
}

_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

ExportBuilder = Callable[[Actor | None, exports.Params, str], Awaitable[exports.Export]]


def export_routes(settings: Settings) -> list[Route]:
    """Routes to mount in the app: the children export and the report exports."""

    async def students(request: Request) -> Response:
        return await _export(request, settings, exports.students_export)

    async def report(request: Request) -> Response:
        name = request.path_params["name"]

        async def build(actor: Actor | None, params: exports.Params, locale: str) -> exports.Export:
            return await exports.report_export(actor, name, params, locale)

        return await _export(request, settings, build)

    return [
        Route("/exports/students.{format:str}", students, methods=["GET"]),
        Route("/exports/reports/{name:str}.{format:str}", report, methods=["GET"]),
    ]


def _agency_local_id(global_id: str) -> int | None:
    try:
        return local_int_id(global_id, "Agency")
    except ServiceError:
        return None


async def _export(request: Request, settings: Settings, build: ExportBuilder) -> Response:
    params = exports.Params(request.query_params.multi_items(), _agency_local_id)
    locale = params.locale(locale_from_header(request.headers.get("accept-language")))
    try:
        export_format = exports.parse_format(request.path_params["format"])
        actor = await actor_from_request(request, settings)
        if actor is None:
            raise AuthError(ErrorCode.UNAUTHENTICATED, "unauthenticated")
        export = await build(actor, params, locale)
        exports.check_size(export, export_format)
    except ServiceError as error:
        return _error(error, locale)

    await exports.audit_export(actor, export, export_format, params, client_address(request))
    log.info(
        "User %s exported %s as %s: %d rows", actor.user_id, export.name, export_format.value, export.row_count
    )
    file_name = export.file_name(export_format, bangkok_today())
    headers = {**_NO_STORE, "Content-Disposition": exports.content_disposition(file_name)}
    return StreamingResponse(
        _logged(exports.export_chunks(export, export_format), export.name),
        media_type=export_format.media_type,
        headers=headers,
    )


async def _logged(chunks: AsyncIterator[bytes], name: str) -> AsyncIterator[bytes]:
    """Pass the chunks on, logging a failure that happens after the response has started."""
    try:
        async for chunk in chunks:
            yield chunk
    except Exception:
        log.exception("Export %s failed after it had started; the client got a cut-off file", name)
        raise


def _error(error: ServiceError, locale: str) -> JSONResponse:
    status = _STATUS_FOR_CODE.get(error.code, 400)
    extensions: dict[str, object] = {"code": error.code.value}
    if error.field:
        extensions["field"] = error.field
    body = {"data": None, "errors": [{"message": error.message(locale), "extensions": extensions}]}
    headers = dict(_NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, headers=headers)
