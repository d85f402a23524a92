"""An imported vCard photo's type comes from its bytes, not from the card's TYPE parameter."""

from __future__ import annotations

import base64

import pytest

from netdesk.exchange.vcard import read_vcards
from tests.domain.test_images import BMP, GIF, WEBP


def _card(tmp_path, data: bytes, declared: str):
    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n"
                    f"PHOTO;ENCODING=b;TYPE={declared}:{base64.b64encode(data).decode()}\r\nEND:VCARD\r\n")
    (card,) = read_vcards(path, [])
    return card


@pytest.mark.parametrize(("data", "kind"), [(WEBP, "image/webp"), (GIF, "image/gif"), (BMP, "image/bmp")])
def test_a_photo_declared_jpeg_is_stored_as_what_its_bytes_are(tmp_path, data, kind):
    card = _card(tmp_path, data, "JPEG")
    assert (card.photo, card.photo_mime) == (data, kind)


def test_a_photo_of_an_unknown_format_keeps_the_declared_type(tmp_path):
    data = b"II*\x00" + b"\x00" * 60  # a TIFF header: kept whole, so that nothing the user had is lost
    card = _card(tmp_path, data, "TIFF")
    assert (card.photo, card.photo_mime) == (data, "image/tiff")
