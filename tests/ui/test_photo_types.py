"""A photo chosen from a file is stored under the type its bytes show, whatever its name says."""

from __future__ import annotations

import pytest

from netdesk.services import contacts
from netdesk.store.db import database
from netdesk.ui.contact_detail import ContactDetailView
from tests.conftest import TODAY
from tests.domain.test_images import BMP, GIF, WEBP


@pytest.fixture
def card(qtbot, context):
    widget = ContactDetailView(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _stored(contact_id: int) -> tuple[bytes | None, str | None]:
    photo, mime = database.execute_sql("SELECT photo, photo_mime FROM contact WHERE id = ?", (contact_id,)).fetchone()
    return (None if photo is None else bytes(photo)), mime


@pytest.mark.parametrize(("data", "kind"), [(WEBP, "image/webp"), (GIF, "image/gif"), (BMP, "image/bmp")])
def test_a_photo_named_jpg_is_stored_as_what_its_bytes_are(card, tmp_path, data, kind):
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    picture = tmp_path / "ana.jpg"
    picture.write_bytes(data)
    card.set_photo_from_file(picture)
    assert _stored(ana.id) == (data, kind)


def test_a_format_netdesk_does_not_store_is_refused_with_a_message(card, tmp_path, messages, qapp):
    from PySide6.QtCore import QBuffer, QByteArray
    from PySide6.QtGui import QImage

    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    tiff = QByteArray()
    buffer = QBuffer(tiff)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "TIFF")  # Qt could show it; other address books often cannot
    ana = contacts.add_contact("Ana", today=TODAY)
    card.show_contact(ana.id)
    picture = tmp_path / "ana.png"
    picture.write_bytes(bytes(tiff))
    card.set_photo_from_file(picture)
    assert _stored(ana.id) == (None, None)
    assert messages.shown == [("Photo", "ana.png is not a PNG, JPEG, GIF, WebP or BMP image netdesk can read.", True)]
