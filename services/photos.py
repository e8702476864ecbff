"""Checks and cleans the photos of a visit before they are stored.

A photo is accepted when its bytes, not its name or declared type, are a JPEG, PNG or
WebP image that Pillow can decode. Every accepted photo is decoded and encoded again, so
the stored file keeps the pixels and nothing else: EXIF (with any GPS position), XMP,
comments and colour profiles are gone. The EXIF orientation is applied to the pixels first,
so the photo still shows the right way up.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from services.errors import ErrorCode, ServiceError
from services.i18n import register

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"

# Content type -> (Pillow format name, file extension).
ACCEPTED_TYPES = {
    JPEG: ("JPEG", "jpg"),
    PNG: ("PNG", "png"),
    WEBP: ("WEBP", "webp"),
}

# A decoded image of this many pixels takes about 200 MB as RGBA. The limit is checked
# from the header before decoding, so a small file that claims huge dimensions (a
# decompression bomb) is rejected without using that memory.
MAX_SOURCE_PIXELS = 52_000_000
# Stored photos are scaled down to fit this square, which is more than a visit record needs.
MAX_STORED_SIDE = 4096
THUMBNAIL_SIDE = 320
THUMBNAIL_CONTENT_TYPE = JPEG
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80

_SRGB = ImageCms.createProfile("sRGB")

register({
    "photo_not_a_file": (
        "รูปที่ {position} ไม่ได้ส่งมาเป็นไฟล์ กรุณาส่งรูปถ่ายแบบ multipart ตามข้อกำหนด GraphQL multipart request",
        "Photo {position} was not sent as a file: send photos as files in a GraphQL multipart request.",
    ),
    "photo_too_many": (
        "ส่งรูปถ่ายได้ไม่เกิน {limit} รูปต่อการติดตามหนึ่งครั้ง แต่ส่งมา {count} รูป",
        "A visit takes at most {limit} photos, but {count} were sent: leave some out.",
    ),
    "photo_empty": (
        "รูปที่ {position} ({filename}) เป็นไฟล์ว่าง กรุณาส่งรูปนี้ใหม่",
        "Photo {position} ({filename}) is an empty file: send the photo again.",
    ),
    "photo_too_large": (
        "รูปที่ {position} ({filename}) มีขนาดเกิน {limit} กรุณาลดขนาดรูปแล้วส่งใหม่",
        "Photo {position} ({filename}) is larger than {limit}: send a smaller photo.",
    ),
    "photo_unsupported_type": (
        "รูปที่ {position} ({filename}) ไม่ใช่ไฟล์ภาพชนิด JPEG, PNG หรือ WebP",
        "Photo {position} ({filename}) is not a JPEG, PNG or WebP image: send a photo of one of these types.",
    ),
    "photo_unreadable": (
        "รูปที่ {position} ({filename}) เปิดอ่านไม่ได้ ไฟล์อาจเสียหาย กรุณาถ่ายหรือส่งรูปใหม่",
        "Photo {position} ({filename}) could not be read as an image and may be damaged: take or send it again.",
    ),
    "photo_too_many_pixels": (
        "รูปที่ {position} ({filename}) มีขนาด {width} x {height} พิกเซล เกิน {limit} ล้านพิกเซล "
        "กรุณาลดขนาดรูปแล้วส่งใหม่",
        "Photo {position} ({filename}) is {width} x {height} pixels, over the limit of {limit} "
        "megapixels: send a smaller photo.",
    ),
})


@dataclass(frozen=True)
class PhotoUpload:
    """One uploaded photo as received: its bytes and the file name the client gave."""

    data: bytes
    filename: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: re-encoded without metadata, with its thumbnail."""

    content_type: str
    extension: str
    data: bytes
    width: int
    height: int
    sha256: str
    thumbnail: bytes


def sniff_content_type(data: bytes) -> str | None:
    """Return the accepted content type that the file's first bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def photo_field(index: int) -> str:
    """Name the input field of the photo at ``index`` (0-based), as ``photos.2``."""
    return f"photos.{index}"


def check_upload(upload: PhotoUpload, index: int, max_bytes: int) -> ServiceError | None:
    """Return the error of a photo that is empty, too large or of the wrong type, or None.

    These checks read only the size and the first bytes. ``clean_photo`` decodes the image.
    """
    params = _describe(upload, index)
    if not upload.data:
        return ServiceError(ErrorCode.INVALID, "photo_empty", field=photo_field(index), **params)
    if len(upload.data) > max_bytes:
        return ServiceError(
            ErrorCode.TOO_LARGE, "photo_too_large", field=photo_field(index), limit=format_bytes(max_bytes), **params
        )
    if sniff_content_type(upload.data) is None:
        return ServiceError(ErrorCode.UNSUPPORTED, "photo_unsupported_type", field=photo_field(index), **params)
    return None


def clean_photo(upload: PhotoUpload, index: int) -> CleanPhoto:
    """Decode an uploaded photo and encode it again without metadata, with a thumbnail.

    CPU-bound: call it in a worker thread. Raises ``ServiceError`` on field ``photos.N``
    when the bytes are not a decodable JPEG, PNG or WebP image, or have too many pixels.
    """
    content_type = sniff_content_type(upload.data)
    if content_type is None:
        raise ServiceError(
            ErrorCode.UNSUPPORTED, "photo_unsupported_type", field=photo_field(index), **_describe(upload, index)
        )
    pillow_format, extension = ACCEPTED_TYPES[content_type]
    try:
        _verify(upload, index, pillow_format)
        image = _decode(upload.data, pillow_format)
        data = _encode(image, pillow_format)
        thumbnail = _thumbnail(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError):
        raise ServiceError(
            ErrorCode.INVALID, "photo_unreadable", field=photo_field(index), **_describe(upload, index)
        ) from None
    return CleanPhoto(
        content_type=content_type,
        extension=extension,
        data=data,
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail,
    )


def _verify(upload: PhotoUpload, index: int, pillow_format: str) -> None:
    """Check the header's dimensions and the file's structure without decoding the pixels."""
    with Image.open(io.BytesIO(upload.data), formats=[pillow_format]) as probe:
        width, height = probe.size
        if width * height > MAX_SOURCE_PIXELS:
            raise ServiceError(
                ErrorCode.TOO_LARGE,
                "photo_too_many_pixels",
                field=photo_field(index),
                width=width,
                height=height,
                limit=MAX_SOURCE_PIXELS // 1_000_000,
                **_describe(upload, index),
            )
        probe.verify()


def _decode(data: bytes, pillow_format: str) -> Image.Image:
    """Decode the first frame, turn it upright, bring it to sRGB and scale it to the size cap."""
    with Image.open(io.BytesIO(data), formats=[pillow_format]) as source:
        if pillow_format == "JPEG":
            # Lets the JPEG decoder skip detail that the size cap would throw away anyway.
            source.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))
        source.load()
        image = ImageOps.exif_transpose(source)
    image = _to_srgb(image)
    image = _normalise_mode(image, pillow_format)
    image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
    # Encoders copy some entries of ``info`` (ICC profile, comment, transparency) into
    # the new file, so an empty ``info`` leaves the pixels only.
    image.info = {}
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert the pixels of an image with a colour profile to sRGB, so the profile can go."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A damaged profile is dropped with the pixels left as they are, rather than rejecting the photo.
        return image


def _normalise_mode(image: Image.Image, pillow_format: str) -> Image.Image:
    """Bring the image to a mode its output format stores: L, RGB, or RGBA where alpha exists."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if pillow_format == "JPEG" or not has_alpha:
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    return image if image.mode == "RGBA" else image.convert("RGBA")


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    buffer = io.BytesIO()
    if pillow_format == "JPEG":
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    elif pillow_format == "PNG":
        image.save(buffer, format="PNG")
    else:
        image.save(buffer, format="WEBP", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    """Encode a small JPEG copy, with transparent areas made white."""
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if small.mode == "RGBA":
        background = Image.new("RGB", small.size, (255, 255, 255))
        background.paste(small, mask=small.getchannel("A"))
        small = background
    buffer = io.BytesIO()
    small.save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buffer.getvalue()


def _describe(upload: PhotoUpload, index: int) -> dict[str, object]:
    """Message parameters that name a photo: its 1-based position and the client's file name."""
    return {"position": index + 1, "filename": (upload.filename or "-")[:80]}


def format_bytes(size: int) -> str:
    """Write a size in bytes the way people read it, as ``5 MB`` or ``300 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} B"
