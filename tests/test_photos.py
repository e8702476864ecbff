"""Photo checks and cleaning: accepted types by content, size limits, metadata removal, thumbnails."""

from __future__ import annotations

import functools
import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from services.errors import ErrorCode, ServiceError
from services.photos import (
    MAX_SOURCE_PIXELS,
    MAX_STORED_SIDE,
    THUMBNAIL_SIDE,
    PhotoUpload,
    check_upload,
    clean_photo,
    format_bytes,
    make_thumbnail,
    sniff_content_type,
)

LIMIT = 5 * 1024 * 1024
XMP_PACKET = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>synthetic-secret</x:xmpmeta>"


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    """EXIF with a camera make and a GPS position (a made-up spot in Bangkok)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SyntheticCam"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (13.0, 45.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (100.0, 30.0, 15.0)
    return exif


def encode(image: Image.Image, pillow_format: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=pillow_format, **params)
    return buffer.getvalue()


def jpeg_with_gps(size=(60, 40), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    return encode(image, "JPEG", exif=exif_with_gps(orientation), comment=b"synthetic-secret")


def png_with_metadata(size=(30, 20)) -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "synthetic-secret")
    text.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    return encode(Image.new("RGBA", size, (10, 20, 30, 128)), "PNG", pnginfo=text, exif=exif_with_gps())


def webp_with_metadata(size=(50, 30)) -> bytes:
    return encode(Image.new("RGB", size, (0, 120, 0)), "WEBP", exif=exif_with_gps(), xmp=XMP_PACKET)


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# ---------------------------------------------------------------- sniffing the type


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (jpeg_with_gps(), "image/jpeg"),
        (png_with_metadata(), "image/png"),
        (webp_with_metadata(), "image/webp"),
        (encode(Image.new("RGB", (4, 4)), "GIF"), None),
        (b"just some text, renamed to photo.jpg", None),
        (b"", None),
    ],
    ids=["jpeg", "png", "webp", "gif", "text", "empty"],
)
def test_sniff_content_type(data, expected):
    assert sniff_content_type(data) == expected


# ---------------------------------------------------------------- cheap checks


def test_check_upload_accepts_jpeg():
    upload = PhotoUpload(jpeg_with_gps(), "IMG_0001.jpg")

    assert check_upload(upload, 0, LIMIT) is None


def test_check_upload_rejects_gif():
    upload = PhotoUpload(encode(Image.new("RGB", (4, 4)), "GIF"), "cat.gif")

    error = check_upload(upload, 2, LIMIT)

    assert error.code == ErrorCode.UNSUPPORTED
    assert error.field == "photos.2"
    assert error.message("en") == (
        "Photo 3 (cat.gif) is not a JPEG, PNG or WebP image: send a photo of one of these types."
    )


def test_check_upload_rejects_text_named_jpg():
    upload = PhotoUpload(b"this is not an image", "photo.jpg")

    error = check_upload(upload, 0, LIMIT)

    assert error.code == ErrorCode.UNSUPPORTED
    assert error.field == "photos.0"


def test_check_upload_rejects_oversize():
    upload = PhotoUpload(b"\xff\xd8\xff" + b"\0" * 2048, "big.jpg")

    error = check_upload(upload, 1, max_bytes=2048)

    assert error.code == ErrorCode.TOO_LARGE
    assert error.field == "photos.1"
    assert error.message("en") == "Photo 2 (big.jpg) is larger than 2 KB: send a smaller photo."


def test_check_upload_rejects_empty_file():
    error = check_upload(PhotoUpload(b"", "empty.jpg"), 0, LIMIT)

    assert error.code == ErrorCode.INVALID
    assert error.field == "photos.0"


def test_check_upload_thai_message():
    error = check_upload(PhotoUpload(b"GIF89a....", "a.gif"), 0, LIMIT)

    assert error.message("th") == "รูปที่ 1 (a.gif) ไม่ใช่ไฟล์ภาพชนิด JPEG, PNG หรือ WebP"


def test_format_bytes():
    assert format_bytes(5 * 1024 * 1024) == "5 MB"
    assert format_bytes(300 * 1024) == "300 KB"
    assert format_bytes(12) == "12 B"


# ---------------------------------------------------------------- cleaning


def test_jpeg_input_carries_gps():
    # The fixture itself must carry the GPS position, or the stripping tests prove nothing.
    assert gps_of(jpeg_with_gps())[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_clean_jpeg_drops_exif_and_gps():
    cleaned = clean_photo(PhotoUpload(jpeg_with_gps(), "IMG_0001.jpg"), 0)

    stored = opened(cleaned.data)
    assert cleaned.content_type == "image/jpeg"
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert gps_of(cleaned.data) == {}
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"Exif\x00\x00" not in cleaned.data
    assert b"SyntheticCam" not in cleaned.data
    assert b"synthetic-secret" not in cleaned.data


def test_clean_jpeg_applies_orientation():
    # Orientation 6: the camera was turned, so the upright photo is 40 wide and 60 high.
    cleaned = clean_photo(PhotoUpload(jpeg_with_gps(size=(60, 40), orientation=6), "turned.jpg"), 0)

    assert (cleaned.width, cleaned.height) == (40, 60)
    assert opened(cleaned.data).size == (40, 60)


def test_clean_png_drops_text_xmp_and_exif():
    cleaned = clean_photo(PhotoUpload(png_with_metadata(), "screen.png"), 0)

    stored = opened(cleaned.data)
    assert cleaned.content_type == "image/png"
    assert stored.mode == "RGBA"
    assert stored.info == {}
    assert dict(stored.getexif()) == {}
    assert b"synthetic-secret" not in cleaned.data


def test_clean_webp_drops_exif_and_xmp():
    cleaned = clean_photo(PhotoUpload(webp_with_metadata(), "photo.webp"), 0)

    stored = opened(cleaned.data)
    assert cleaned.content_type == "image/webp"
    assert stored.format == "WEBP"
    assert "exif" not in stored.info
    assert "xmp" not in stored.info
    assert b"synthetic-secret" not in cleaned.data


def test_thumbnail_of_stored_jpeg():
    cleaned = clean_photo(PhotoUpload(jpeg_with_gps(size=(1000, 500)), "wide.jpg"), 0)

    thumbnail = opened(make_thumbnail(cleaned.data))

    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (THUMBNAIL_SIDE, THUMBNAIL_SIDE // 2)
    assert dict(thumbnail.getexif()) == {}


def test_thumbnail_of_transparent_png_is_rgb():
    cleaned = clean_photo(PhotoUpload(png_with_metadata(size=(640, 480)), "screen.png"), 0)

    thumbnail = opened(make_thumbnail(cleaned.data))

    assert thumbnail.mode == "RGB"
    assert thumbnail.size == (THUMBNAIL_SIDE, 240)


def test_thumbnail_of_small_photo_keeps_its_size():
    cleaned = clean_photo(PhotoUpload(jpeg_with_gps(size=(60, 40)), "small.jpg"), 0)

    assert opened(make_thumbnail(cleaned.data)).size == (60, 40)


def test_thumbnail_keeps_the_colours():
    # Top half red, bottom half blue: a reduced-scale decode must keep both where they were.
    image = Image.new("RGB", (1280, 960), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 1280, 480))

    thumbnail = opened(make_thumbnail(encode(image, "JPEG", quality=90))).convert("RGB")

    assert thumbnail.size == (THUMBNAIL_SIDE, 240)
    assert thumbnail.getpixel((160, 40))[0] > 200
    assert thumbnail.getpixel((160, 200))[2] > 200


def test_thumbnail_of_damaged_file_raises():
    whole = encode(Image.new("RGB", (400, 300), (1, 2, 3)), "JPEG")

    with pytest.raises(OSError):
        make_thumbnail(whole[: len(whole) // 2])


def test_clean_photo_caps_the_longer_side():
    data = encode(Image.new("L", (MAX_STORED_SIDE * 2, 100)), "PNG")

    cleaned = clean_photo(PhotoUpload(data, "panorama.png"), 0)

    assert (cleaned.width, cleaned.height) == (MAX_STORED_SIDE, 50)


def test_clean_photo_digest_is_of_stored_bytes():
    import hashlib

    cleaned = clean_photo(PhotoUpload(jpeg_with_gps(), "a.jpg"), 0)

    assert cleaned.sha256 == hashlib.sha256(cleaned.data).hexdigest()


def test_clean_photo_rejects_truncated_jpeg():
    data = jpeg_with_gps(size=(300, 200))
    truncated = data[: len(data) // 2]

    with pytest.raises(ServiceError) as caught:
        clean_photo(PhotoUpload(truncated, "broken.jpg"), 1)

    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "photos.1"
    assert caught.value.message_key == "photo_unreadable"


def test_clean_photo_rejects_png_header_on_garbage():
    with pytest.raises(ServiceError) as caught:
        clean_photo(PhotoUpload(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "fake.png"), 0)

    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "photos.0"


def test_clean_photo_rejects_too_many_pixels():
    # A 1-bit PNG compresses to a few kilobytes whatever its size: a decompression bomb.
    side = int(MAX_SOURCE_PIXELS**0.5) + 100
    data = encode(Image.new("1", (side, side)), "PNG")
    assert len(data) < LIMIT

    with pytest.raises(ServiceError) as caught:
        clean_photo(PhotoUpload(data, "bomb.png"), 0)

    assert caught.value.code == ErrorCode.TOO_LARGE
    assert caught.value.field == "photos.0"
    assert caught.value.message_key == "photo_too_many_pixels"


def test_clean_photo_rejects_gif():
    with pytest.raises(ServiceError) as caught:
        clean_photo(PhotoUpload(encode(Image.new("RGB", (4, 4)), "GIF"), "a.gif"), 0)

    assert caught.value.code == ErrorCode.UNSUPPORTED


# ---------------------------------------------------------------- upright JPEGs keep their compressed data

METADATA_MARKERS = frozenset(range(0xE1, 0xF0)) | {0xFE}  # APP1..APP15 and COM
SOS = 0xDA
EOI = 0xD9


def jpeg_markers(data: bytes) -> list[int]:
    """List the marker of every segment in a JPEG, in order, skipping the compressed scan data."""
    assert data[:2] == b"\xff\xd8"
    markers = [0xD8]
    position = 2
    while True:
        assert data[position] == 0xFF
        marker = data[position + 1]
        markers.append(marker)
        if marker == EOI:
            return markers
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + length
        if marker == SOS:
            while not (data[position] == 0xFF and data[position + 1] not in (0x00, *range(0xD0, 0xD8))):
                position += 1


def scan_data(data: bytes) -> bytes:
    """Return the bytes from the first SOS marker to the end: the compressed pixels."""
    return data[data.index(b"\xff\xda") :]


def insert_segments(jpeg: bytes, *segments: tuple[int, bytes]) -> bytes:
    """Insert (marker, payload) segments right after SOI."""
    raw = b"".join(b"\xff" + bytes([marker]) + (len(payload) + 2).to_bytes(2, "big") + payload for marker, payload in segments)
    return jpeg[:2] + raw + jpeg[2:]


@functools.cache
def noisy_jpeg(size=(1280, 960), orientation: int | None = None) -> bytes:
    """A JPEG of noise-like pixels, with EXIF GPS, an XMP APP1 segment and a COM segment."""
    noise = Image.frombytes("RGB", size, bytes((i * 7919 + i // 3) % 251 for i in range(size[0] * size[1] * 3)))
    jpeg = encode(noise, "JPEG", quality=85, exif=exif_with_gps(orientation))
    return insert_segments(
        jpeg,
        (0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP_PACKET),
        (0xFE, b"synthetic-secret comment"),
    )


def test_noisy_jpeg_carries_metadata():
    # Without these segments in the input, the stripping tests below prove nothing.
    markers = set(jpeg_markers(noisy_jpeg()))

    assert {0xE1, 0xFE} <= markers
    assert gps_of(noisy_jpeg())[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_upright_jpeg_drops_metadata_segments():
    cleaned = clean_photo(PhotoUpload(noisy_jpeg(), "IMG_0002.jpg"), 0)

    assert set(jpeg_markers(cleaned.data)) & METADATA_MARKERS == set()
    assert dict(opened(cleaned.data).getexif()) == {}
    assert b"synthetic-secret" not in cleaned.data
    assert b"SyntheticCam" not in cleaned.data


def test_upright_jpeg_keeps_size():
    cleaned = clean_photo(PhotoUpload(noisy_jpeg(), "IMG_0002.jpg"), 0)

    assert (cleaned.width, cleaned.height) == (1280, 960)
    assert opened(cleaned.data).size == (1280, 960)


def test_upright_jpeg_keeps_scan_data():
    original = noisy_jpeg()

    cleaned = clean_photo(PhotoUpload(original, "IMG_0002.jpg"), 0)

    assert scan_data(cleaned.data) == scan_data(original)


def test_upright_jpeg_thumbnail_size():
    cleaned = clean_photo(PhotoUpload(noisy_jpeg(), "IMG_0002.jpg"), 0)

    assert opened(make_thumbnail(cleaned.data)).size == (THUMBNAIL_SIDE, 240)


def test_upright_jpeg_drops_trailing_bytes():
    original = noisy_jpeg(size=(64, 48))

    cleaned = clean_photo(PhotoUpload(original + b"synthetic-trailer", "a.jpg"), 0)

    assert cleaned.data.endswith(b"\xff\xd9")
    assert b"synthetic-trailer" not in cleaned.data


def test_rotated_jpeg_encoded_upright():
    # Left half red, right half blue, stored with orientation 6 (turn 90 degrees clockwise to view):
    # upright, the red half is on top.
    image = Image.new("RGB", (80, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 40))
    original = encode(image, "JPEG", quality=95, exif=exif_with_gps(orientation=6))

    cleaned = clean_photo(PhotoUpload(original, "turned.jpg"), 0)

    stored = opened(cleaned.data).convert("RGB")
    assert stored.size == (40, 80)
    assert stored.getpixel((20, 10))[0] > 200
    assert stored.getpixel((20, 70))[2] > 200
    assert dict(stored.getexif()) == {}
    assert scan_data(cleaned.data) != scan_data(original)


def without_segments(data: bytes, marker: int) -> bytes:
    """Remove every segment with ``marker`` that comes before the first scan."""
    kept = bytearray(data[:2])
    position = 2
    while data[position + 1] != SOS:
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if data[position + 1] != marker:
            kept += data[position : position + 2 + length]
        position += 2 + length
    return bytes(kept + data[position:])


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-2],
        lambda data: data[: len(data) - 200],
        lambda data: data[:2] + b"\xff\xe1\xff\xf0" + b"x" * 20,
        lambda data: data[: data.index(b"\xff\xda")] + b"\xff\xd9",
        lambda data: without_segments(data, 0xDB),
    ],
    ids=["no-end-marker", "cut-in-scan", "segment-past-end", "no-scan", "no-quantisation-table"],
)
def test_malformed_upright_jpeg_rejected(damage):
    data = damage(noisy_jpeg(size=(64, 48)))

    with pytest.raises(ServiceError) as caught:
        clean_photo(PhotoUpload(data, "broken.jpg"), 2)

    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "photos.2"
    assert caught.value.message_key == "photo_unreadable"
