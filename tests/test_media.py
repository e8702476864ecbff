"""The local media store (keys, atomic writes, reads, deletes) and the photo routes that serve it."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
from PIL import Image
from starlette.datastructures import UploadFile

from factories import bearer_token, make_agency_tree, make_student, make_user, open_partner_province
from helpers import client_for
from main import create_app
from models.student import CaseStatus, Student
from models.visit import Photo
from services.media import LocalMediaStore, MediaNotFound, media_store, new_key, validate_key
from services.scope import actor_for_user, student_scope
from services.settings import Settings
from services.visits import VisitInput, record_visit


def test_new_key_is_random_and_spread():
    key = new_key("photos", "jpg")

    assert re.fullmatch(r"photos/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg", key)
    assert new_key("photos", "jpg") != key


@pytest.mark.parametrize(
    "key",
    ["../secret", "/etc/passwd", "photos/../../x", "photos/.hidden", "Photos/A.JPG", "photos//a.jpg", ""],
)
def test_validate_key_rejects_unsafe_keys(key):
    with pytest.raises(ValueError):
        validate_key(key)


async def test_put_then_get(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = new_key("photos", "jpg")

    await store.put(key, b"synthetic bytes", "image/jpeg")

    assert await store.get(key) == b"synthetic bytes"
    assert (tmp_path / key).read_bytes() == b"synthetic bytes"


async def test_put_leaves_no_temporary_file(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = new_key("photos", "png")

    await store.put(key, b"x" * 200_000, "image/png")

    files = [path.name for path in (tmp_path / key).parent.iterdir()]
    assert files == [key.rsplit("/", 1)[1]]


async def test_put_replaces_existing_file(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = new_key("photos", "jpg")
    await store.put(key, b"first", "image/jpeg")

    await store.put(key, b"second", "image/jpeg")

    assert await store.get(key) == b"second"


async def test_open_streams_chunks(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = new_key("photos", "jpg")
    data = bytes(range(256)) * 1000
    await store.put(key, data, "image/jpeg")

    chunks = [chunk async for chunk in await store.open(key)]

    assert b"".join(chunks) == data
    assert len(chunks) > 1


async def test_get_missing_raises(tmp_path):
    store = LocalMediaStore(tmp_path)

    with pytest.raises(MediaNotFound):
        await store.get(new_key("photos", "jpg"))


async def test_open_missing_raises(tmp_path):
    store = LocalMediaStore(tmp_path)

    with pytest.raises(MediaNotFound):
        await store.open(new_key("photos", "jpg"))


async def test_delete_removes_file(tmp_path):
    store = LocalMediaStore(tmp_path)
    key = new_key("photos", "jpg")
    await store.put(key, b"data", "image/jpeg")

    await store.delete(key)

    assert not (tmp_path / key).exists()


async def test_delete_missing_is_quiet(tmp_path):
    store = LocalMediaStore(tmp_path)

    await store.delete(new_key("photos", "jpg"))


def test_media_store_uses_media_dir(tmp_path):
    settings = Settings(data_dir=tmp_path, media_dir=tmp_path / "media")

    store = media_store(settings)

    assert isinstance(store, LocalMediaStore)
    assert store.root == tmp_path / "media"


# ---------------------------------------------------------------- the photo routes


async def _visit_with_photo(tree, settings):
    """Record a visit with one photo by staff of ``tree.school``; return the child and the photo row."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(buffer, format="JPEG")
    student = await make_student(tree.school, province_id="10")
    staff = await actor_for_user(await make_user(tree.school))
    data = VisitInput(
        id=uuid.uuid4(),
        student_id=student.id,
        status=CaseStatus.IN_PROGRESS,
        visited_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1),
    )
    photo_file = UploadFile(file=io.BytesIO(buffer.getvalue()), filename="IMG_0001.jpg")
    await record_visit(staff, data, [photo_file], settings=settings, store=media_store(settings))
    return student, await Photo.get(visit_id=data.id)


@pytest.fixture
async def photo_app(db, tmp_path):
    """The app, the agency tree, and a recorded visit's photo at ``tree.school``."""
    settings = Settings(data_dir=tmp_path, media_dir=tmp_path / "media")
    tree = await make_agency_tree()
    await open_partner_province(tree.partner, "10")
    _student, photo = await _visit_with_photo(tree, settings)
    return create_app(settings, manage_db=False), tree, photo, settings


async def _get(app, path: str, user=None):
    headers = {"authorization": f"Bearer {await bearer_token(user)}"} if user is not None else {}
    async with client_for(app) as client:
        return await client.get(path, headers=headers)


async def test_photo_route_serves_photo_in_scope(photo_app):
    app, tree, photo, settings = photo_app
    staff = await make_user(tree.school)

    response = await _get(app, f"/media/photos/{photo.id}", staff)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == await media_store(settings).get(photo.storage_key)


async def test_thumbnail_route_serves_jpeg(photo_app):
    app, tree, photo, settings = photo_app
    officer = await make_user(tree.area)

    response = await _get(app, f"/media/photos/{photo.id}/thumbnail", officer)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "private, no-store"
    assert response.content == await media_store(settings).get(photo.thumbnail_key)
    with Image.open(io.BytesIO(response.content)) as thumbnail:
        assert thumbnail.size == (320, 240)


async def test_thumbnail_made_on_first_request_only(photo_app):
    app, tree, photo, settings = photo_app
    staff = await make_user(tree.school)
    store = media_store(settings)
    with pytest.raises(MediaNotFound):
        await store.get(photo.thumbnail_key)

    first = await _get(app, f"/media/photos/{photo.id}/thumbnail", staff)
    await store.put(photo.thumbnail_key, b"kept thumbnail", "image/jpeg")
    second = await _get(app, f"/media/photos/{photo.id}/thumbnail", staff)

    assert first.status_code == 200
    assert first.content[:3] == b"\xff\xd8\xff"
    assert second.content == b"kept thumbnail"


async def test_thumbnail_route_out_of_scope_makes_no_thumbnail(photo_app):
    app, tree, photo, settings = photo_app
    outsider = await make_user(tree.school_b)

    response = await _get(app, f"/media/photos/{photo.id}/thumbnail", outsider)

    assert response.status_code == 404
    with pytest.raises(MediaNotFound):
        await media_store(settings).get(photo.thumbnail_key)


async def test_thumbnail_of_undecodable_stored_photo_is_404(photo_app):
    app, tree, photo, settings = photo_app
    staff = await make_user(tree.school)
    await media_store(settings).put(photo.storage_key, b"\xff\xd8\xff\xe0 not a picture", "image/jpeg")

    response = await _get(app, f"/media/photos/{photo.id}/thumbnail", staff)

    assert response.status_code == 404
    with pytest.raises(MediaNotFound):
        await media_store(settings).get(photo.thumbnail_key)


@pytest.mark.parametrize("agency", ["school_b", "area_b", "opec"])
async def test_photo_route_out_of_scope_is_404(photo_app, agency):
    app, tree, photo, _settings = photo_app
    outsider = await make_user(getattr(tree, agency))

    photo_response = await _get(app, f"/media/photos/{photo.id}", outsider)
    thumbnail_response = await _get(app, f"/media/photos/{photo.id}/thumbnail", outsider)

    assert photo_response.status_code == 404
    assert thumbnail_response.status_code == 404


async def test_photo_route_partner_is_404(photo_app):
    # The partner covers the child's province and may read the child, but not photos.
    app, tree, photo, _settings = photo_app
    partner = await make_user(tree.partner)
    assert await Student.filter(student_scope(await actor_for_user(partner)), id=photo.student_id).exists()

    response = await _get(app, f"/media/photos/{photo.id}", partner)

    assert response.status_code == 404


async def test_photo_route_anonymous_is_401(photo_app):
    app, _tree, photo, _settings = photo_app

    response = await _get(app, f"/media/photos/{photo.id}")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_photo_route_missing_photo_is_404(photo_app):
    app, tree, _photo, _settings = photo_app
    staff = await make_user(tree.school)

    unknown = await _get(app, f"/media/photos/{uuid.uuid4()}", staff)
    malformed = await _get(app, "/media/photos/not-a-uuid", staff)

    assert unknown.status_code == 404
    assert malformed.status_code == 404
