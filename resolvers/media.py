"""Routes that serve visit photos and thumbnails, after checking the caller's scope.

``GET /media/photos/{photo_id}`` and ``GET /media/photos/{photo_id}/thumbnail`` take the
same credentials as the GraphQL endpoint (a bearer token, or the console's session
cookie). An anonymous caller gets 401. A photo that does not exist, that belongs to a
child outside the caller's scope, or that the field policy hides from the caller's role
(partners see no photos) gets the same 404.

A thumbnail is made from the stored photo on its first request and kept for later ones
(``services.visits.photo_thumbnail``).
"""

from __future__ import annotations

import logging
import uuid

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from resolvers.view import actor_from_request
from services.media import MediaNotFound, media_store
from services.photos import THUMBNAIL_CONTENT_TYPE
from services.settings import Settings
from services.visits import photo_thumbnail, visible_photo

log = logging.getLogger("pakongklab.media")

# Photos of children must not stay in shared caches or on the disk of a shared computer.
_PRIVATE_HEADERS = {"Cache-Control": "private, no-store"}


def media_routes(settings: Settings) -> list[BaseRoute]:
    """Build the photo routes for the app. Each accepts GET, and HEAD through Starlette."""

    async def photo(request: Request) -> Response:
        return await _serve(request, settings, thumbnail=False)

    async def thumbnail(request: Request) -> Response:
        return await _serve(request, settings, thumbnail=True)

    return [
        Route("/media/photos/{photo_id}", photo, methods=["GET"]),
        Route("/media/photos/{photo_id}/thumbnail", thumbnail, methods=["GET"]),
    ]


async def _serve(request: Request, settings: Settings, *, thumbnail: bool) -> Response:
    actor = await actor_from_request(request, settings)
    if actor is None:
        return PlainTextResponse(
            "Unauthorized", status_code=401, headers={**_PRIVATE_HEADERS, "WWW-Authenticate": "Bearer"}
        )
    try:
        photo_id = uuid.UUID(request.path_params["photo_id"])
    except ValueError:
        return _not_found()
    photo = await visible_photo(actor, photo_id)
    if photo is None:
        return _not_found()

    store = media_store(settings)
    if thumbnail:
        data = await photo_thumbnail(photo, store)
        if data is None:
            return _not_found()
        return Response(data, media_type=THUMBNAIL_CONTENT_TYPE, headers=_PRIVATE_HEADERS)
    try:
        chunks = await store.open(photo.storage_key)
    except MediaNotFound:
        log.error("Photo %s has a row but no file under %s", photo.id, photo.storage_key)
        return _not_found()
    headers = {**_PRIVATE_HEADERS, "Content-Length": str(photo.size_bytes)}
    return StreamingResponse(chunks, media_type=photo.content_type, headers=headers)


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers=_PRIVATE_HEADERS)
