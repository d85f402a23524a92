"""Photo types are read from the bytes, never from the file name or a vCard's TYPE parameter."""

import base64
import struct
import zlib

import pytest

from netdesk.domain.images import photo_type, sniff
from netdesk.errors import InvalidValue


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + chunk(b"IEND", b""))


# Tiny real files: a 1x1 GIF (the classic transparent pixel), and a 1x1 WebP and BMP written by Qt's encoders.
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
WEBP = base64.b64decode("UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoBAAEAAgA0JaACdLoB+AADsAD+8MQL/yC5YXXI1/8gP+QH/ID/+PIAAAA=")
BMP = base64.b64decode("Qk06AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAQAAADEDgAAxA4AAAAAAAAAAAAAAAD/AA==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.mark.parametrize(("data", "kind"), [
    (_png(), "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif"), (WEBP, "image/webp"), (BMP, "image/bmp"),
])
def test_each_supported_format_is_named_by_its_bytes(data, kind):
    assert sniff(data) == kind
    assert photo_type(data) == kind


@pytest.mark.parametrize("data", [b"", b"RIFF\x00\x00\x00\x00WAVEfmt ", b"%PDF-1.7\n", b"GIF8", b"x"])
def test_anything_else_is_refused_with_a_clear_message(data):
    assert sniff(data) is None
    with pytest.raises(InvalidValue, match="me.tiff is not a PNG, JPEG, GIF, WebP or BMP image"):
        photo_type(data, "me.tiff")
