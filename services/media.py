"""Storage of media files (visit photos and their thumbnails) behind one small interface.

``LocalMediaStore`` keeps files under a folder on local disk. Another
store, such as an S3-compatible bucket shared by several app servers, can implement the
same ``MediaStore`` protocol without changes to the callers.

Keys are made from random UUIDs, never from a child's name or ID, and look like
``photos/3f/3f2a...e1.jpg``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import aiofiles
import aiofiles.os

from services.settings import Settings

log = logging.getLogger("pakongklab.media")

CHUNK_BYTES = 64 * 1024

# Lower-case letters, digits, dots, dashes and underscores, in segments separated by "/".
# A key can therefore never climb out of the store's root with ".." or an absolute path.
_KEY_PATTERN = re.compile(r"[a-z0-9_-][a-z0-9._-]*(/[a-z0-9_-][a-z0-9._-]*)*")


class MediaNotFound(LookupError):
    """No file is stored under the key."""


class MediaStore(Protocol):
    """Storage for media files. Every method takes a key made by ``new_key``."""

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key``, replacing any file there. Readers never see a partial file."""

    async def get(self, key: str) -> bytes:
        """Return the whole file, or raise ``MediaNotFound``."""

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """Return an iterator over the file's chunks, or raise ``MediaNotFound``."""

    async def delete(self, key: str) -> None:
        """Remove the file. A key with no file is not an error."""


def new_key(folder: str, extension: str) -> str:
    """Make a fresh key in ``folder``, spread over 256 subfolders by its first two hex digits."""
    name = uuid.uuid4().hex
    return validate_key(f"{folder}/{name[:2]}/{name}.{extension}")


def validate_key(key: str) -> str:
    """Return ``key`` when it is a safe relative key; raise ``ValueError`` otherwise."""
    if not _KEY_PATTERN.fullmatch(key) or ".." in key:
        raise ValueError(f"Invalid media key {key!r}: use keys made by new_key().")
    return key


class LocalMediaStore:
    """Files under ``root`` on local disk.

    ``put`` writes to a temporary name in the target folder and renames it into place, so
    that a crash or a concurrent reader never sees half a file.

    ``put`` and ``get`` do their file operations in one worker-thread call each: a thread
    hop per operation (as ``aiofiles`` makes) cost more CPU than the writing itself.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, key: str) -> Path:
        return self.root / validate_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(_write_file, self.path_of(key), data)

    async def get(self, key: str) -> bytes:
        try:
            return await asyncio.to_thread(self.path_of(key).read_bytes)
        except FileNotFoundError:
            raise MediaNotFound(key) from None

    async def open(self, key: str) -> AsyncIterator[bytes]:
        try:
            stream = await aiofiles.open(self.path_of(key), "rb")
        except FileNotFoundError:
            raise MediaNotFound(key) from None
        return _chunks(stream)

    async def delete(self, key: str) -> None:
        await _remove_quietly(self.path_of(key))


async def _chunks(stream) -> AsyncIterator[bytes]:
    try:
        while chunk := await stream.read(CHUNK_BYTES):
            yield chunk
    finally:
        await stream.close()


def _write_file(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


async def _remove_quietly(path: Path) -> None:
    try:
        await aiofiles.os.remove(path)
    except FileNotFoundError:
        pass


_stores: dict[Path, LocalMediaStore] = {}


def media_store(settings: Settings) -> MediaStore:
    """Return the store that ``settings`` configure: local disk under ``settings.media_dir``."""
    root = Path(settings.media_dir)
    store = _stores.get(root)
    if store is None:
        store = _stores[root] = LocalMediaStore(root)
    return store
