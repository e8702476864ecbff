"""Checks and cleans the photos of a visit before they are stored.

A photo is accepted when its bytes, not its name or declared type, are a JPEG, PNG or
WebP image that Pillow can decode. The stored file keeps the pixels and nothing else:
EXIF (with any GPS position), XMP, comments and colour profiles are gone.

Most photos are decoded and encoded again, with the EXIF orientation applied to the
pixels first so the photo still shows the right way up.

A JPEG that is already upright, has no colour profile, fits the size cap and has a plain
structure is not encoded again. Its metadata segments are cut out of the file and the
compressed pixel data is kept byte for byte, which uses far less CPU and loses no quality.
Such a JPEG is not decoded on upload: its header is parsed by Pillow and every segment
up to the end marker is checked, so a truncated, cut or malformed file is still rejected.

Thumbnails are made from the stored photo when one is first asked for
(``make_thumbnail``), not on upload, so that recording a visit costs less CPU.
"""

from __future__ import annotations

import hashlib
import io
import re
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

ORIENTATION_TAG = 0x0112

# JPEG markers (the byte after 0xFF) that _stripped_jpeg handles.
_APP0 = 0xE0
_APP14 = 0xEE
_SOS = 0xDA
_DQT = 0xDB
_EOI = 0xD9
# Start-of-frame markers are C0..CF, except C4 (DHT), C8 (JPG, reserved) and CC (DAC).
_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# DHT, DAC, DQT, DRI, SOS and APP0 are kept. APP1..APP15 and COM are dropped.
_KEPT_MARKERS = _FRAME_MARKERS | {0xC4, 0xCC, 0xDB, 0xDD, _SOS, _APP0}
_DROPPED_MARKERS = frozenset(range(0xE1, 0xF0)) | {0xFE}
# Inside a scan, 0xFF is followed by 0x00 (a stuffed byte), a restart marker RST0..RST7
# (0xD0..0xD7) or another 0xFF (a fill byte). An 0xFF followed by anything else is the
# marker that ends the scan.
_SCAN_END = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")

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
    """A photo ready to store, without metadata. Its thumbnail is made later, from ``data``."""

    content_type: str
    extension: str
    data: bytes
    width: int
    height: int
    sha256: str


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
    """Remove the metadata of an uploaded photo.

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
        keeps_data = _verify(upload, index, pillow_format)
        stripped = _stripped_jpeg(upload.data) if keeps_data else None
        if stripped is not None:
            cleaned = _clean_stripped(stripped, content_type, extension)
            if cleaned is not None:
                return cleaned
        image = _decode(upload.data, pillow_format)
        data = _encode(image, pillow_format)
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
    )


def _verify(upload: PhotoUpload, index: int, pillow_format: str) -> bool:
    """Check the header's dimensions and the file's structure without decoding the pixels.

    Return True when the photo is a JPEG that may keep its compressed data as it is: upright
    (EXIF orientation absent or 1), without a colour profile, within the size cap and in
    mode L or RGB. Any other photo is decoded and encoded again.
    """
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
        # NOTE: a JPEG with any colour profile, even sRGB, is encoded again so its pixels are
        # converted to sRGB. Many phone photos carry one, so they do not get the faster path.
        keeps_data = (
            pillow_format == "JPEG"
            and probe.mode in ("L", "RGB")
            and max(width, height) <= MAX_STORED_SIDE
            and not probe.info.get("icc_profile")
            and probe.getexif().get(ORIENTATION_TAG, 1) == 1
        )
        probe.verify()
    return keeps_data


def _stripped_jpeg(data: bytes) -> bytes | None:
    """Return the JPEG without its metadata segments, or None when its structure is not plain.

    Keeps SOI, a JFIF APP0 without a thumbnail, the tables (DQT, DHT, DAC, DRI), one frame
    header, every scan with its compressed data, and EOI, each byte for byte. Drops
    APP1..APP15 (EXIF, XMP, ICC profile, Photoshop/IPTC and others) and COM, and anything
    after EOI (where some cameras append more pictures).

    Returns None for an unknown marker, a segment that runs past the end, a missing frame
    header, scan or EOI, and an Adobe APP14 segment. APP14 specifies the colour transform, so
    dropping it could change the decoded colours. Also None for what the decoder would
    refuse before reading any pixel: a malformed table or frame header, and a scan of a
    component that is not in the frame or whose quantisation table was never given. The
    caller then decodes the photo, which rejects such a file.
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    kept = [data[:2]]
    position = 2
    frames = 0
    scans = 0
    end = len(data)
    tables: set[int] = set()
    components: dict[int, int] = {}
    while True:
        # Markers may be preceded by any number of 0xFF fill bytes.
        if position >= end or data[position] != 0xFF:
            return None
        while position < end and data[position] == 0xFF:
            position += 1
        if position >= end:
            return None
        marker = data[position]
        position += 1
        if marker == _EOI:
            if frames != 1 or scans == 0:
                return None
            kept.append(b"\xff\xd9")
            return b"".join(kept)
        if marker not in _KEPT_MARKERS and marker not in _DROPPED_MARKERS:
            return None
        if position + 2 > end:
            return None
        length = int.from_bytes(data[position : position + 2], "big")
        segment_end = position + length
        if length < 2 or segment_end > end:
            return None
        segment = data[position + 2 : segment_end]
        if marker == _APP14 and segment.startswith(b"Adobe"):
            return None
        if marker == _APP0 and not _is_plain_jfif(segment):
            return None
        if marker == _DQT and not _add_tables(segment, tables):
            return None
        if marker in _FRAME_MARKERS:
            frames += 1
            if not _read_frame(segment, components):
                return None
        if marker == _SOS:
            if frames != 1 or not _scan_is_decodable(segment, components, tables):
                return None
            scan_end = _scan_end(data, segment_end)
            if scan_end is None:
                return None
            scans += 1
            kept.append(b"\xff" + bytes([marker]) + data[position:scan_end])
            position = scan_end
            continue
        if marker in _KEPT_MARKERS:
            kept.append(b"\xff" + bytes([marker]) + data[position:segment_end])
        position = segment_end


def _add_tables(segment: bytes, tables: set[int]) -> bool:
    """Add the quantisation table ids that a DQT segment defines; False when it is malformed."""
    position = 0
    while position < len(segment):
        precision, table = segment[position] >> 4, segment[position] & 0x0F
        position += 1 + 64 * (precision + 1)
        if precision > 1 or table > 3 or position > len(segment):
            return False
        tables.add(table)
    return True


def _read_frame(segment: bytes, components: dict[int, int]) -> bool:
    """Read a frame header's components (id -> quantisation table id); False when it is malformed."""
    if len(segment) < 6:
        return False
    count = segment[5]
    height, width = int.from_bytes(segment[1:3], "big"), int.from_bytes(segment[3:5], "big")
    if not 1 <= count <= 4 or len(segment) != 6 + 3 * count or height == 0 or width == 0:
        return False
    for offset in range(6, 6 + 3 * count, 3):
        component, sampling, table = segment[offset : offset + 3]
        if not (1 <= sampling >> 4 <= 4 and 1 <= sampling & 0x0F <= 4 and table <= 3):
            return False
        components[component] = table
    return True


def _scan_is_decodable(segment: bytes, components: dict[int, int], tables: set[int]) -> bool:
    """Tell whether each component of a scan is in the frame and has its quantisation table."""
    if not segment:
        return False
    count = segment[0]
    if not 1 <= count <= 4 or len(segment) < 1 + 2 * count + 3:
        return False
    return all(
        segment[offset] in components and components[segment[offset]] in tables
        for offset in range(1, 1 + 2 * count, 2)
    )


def _scan_end(data: bytes, position: int) -> int | None:
    """Return where the compressed data of a scan that starts at ``position`` ends.

    That is the first marker other than a restart marker, after any fill bytes (the marker
    starts at the last 0xFF). Returns None when the file ends first.
    """
    found = _SCAN_END.search(data, position)
    return found.start() if found else None


def _is_plain_jfif(segment: bytes) -> bool:
    """Tell whether an APP0 segment is a JFIF header without an embedded thumbnail."""
    return len(segment) == 14 and segment.startswith(b"JFIF\x00") and segment[12] == 0 and segment[13] == 0


def _clean_stripped(data: bytes, content_type: str, extension: str) -> CleanPhoto | None:
    """Check that Pillow reads the stripped JPEG's header as a plain image, without decoding it.

    Returns None, so the photo is encoded again, when the stripped file is not a plain image.
    """
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        width, height = image.size
        if image.mode not in ("L", "RGB") or image.getexif() or image.info.get("icc_profile"):
            return None
    return CleanPhoto(
        content_type=content_type,
        extension=extension,
        data=data,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def make_thumbnail(data: bytes) -> bytes:
    """Return a JPEG at most ``THUMBNAIL_SIDE`` pixels on its longer side, made from a stored photo.

    CPU-bound: call it in a worker thread. A stored photo is already upright, in sRGB and
    without metadata. A JPEG is decoded at a reduced scale (1/2, 1/4 or 1/8), the largest
    that still covers the thumbnail, which costs a fraction of a full decode. Raises the
    errors of Pillow (``OSError`` and others) when the file does not decode.
    """
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > MAX_SOURCE_PIXELS:
            raise Image.DecompressionBombError(f"A stored photo of {width} x {height} pixels is over the limit.")
        scale = THUMBNAIL_SIDE / max(width, height, 1)
        if scale < 1:
            image.draft("RGB" if image.mode == "RGB" else None, (max(int(width * scale), 1), max(int(height * scale), 1)))
        image.load()
        return _thumbnail(image)


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
    # The JPEG encoder copies a comment or colour profile from ``info``, so clear it.
    small.info = {}
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
