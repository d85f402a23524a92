"""The contact card's writes that need more than one line: an inline field's text made into a value
(refused values explained), and the photo. Each becomes a command on the shared undo stack."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QLineEdit

from netdesk.domain.images import sniff
from netdesk.errors import UserFacingError
from netdesk.services import contacts as contact_service
from netdesk.ui.card_parts import split_list
from netdesk.ui.commands import push
from netdesk.ui.contact_commands import SetPhotoCommand


def _refuse(view, title: str, text: str) -> None:
    view.context.messages.tell(view, title, text, error=True)
    view.reload()  # show the stored value again


def commit_line(view, key: str, edit: QLineEdit) -> None:
    """A finished edit of field `key`: commit it when its value changed; say why when it is refused."""
    if view.current is None:
        return
    c = view.current.contact
    edit.setModified(False)  # committed (or refused): the card may show the stored value again
    text = edit.text().strip()
    if key in ("emails", "phones", "tags"):
        value: object = split_list(text)
        if value == list(getattr(c, key)):
            return
    elif key == "met_on":
        try:
            value = dt.date.fromisoformat(text) if text else None
        except ValueError:
            shaped = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
            _refuse(view, "When we met", f"{text!r} is not a real date." if shaped
                    else f"{text!r} is not a date (YYYY-MM-DD).")
            return
        if value == c.met_on:
            return
    elif key == "introduced_by":
        current_name = view.current.chain[0][1] if view.current.chain else ""
        if text == current_name:
            return
        try:
            picked = edit.contact_id() if hasattr(edit, "contact_id") and text else None
            value = picked if picked is not None else (contact_service.resolve(text) if text else None)
        except UserFacingError as exc:
            _refuse(view, "Introduced by", str(exc))
            return
    else:
        value = text
        if value == getattr(c, key):
            return
    view._commit({key: value})


def choose_photo(view) -> None:
    if view.current is None:
        return
    path, _ = QFileDialog.getOpenFileName(view, "Choose a photo", str(Path.home()),
                                          "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)")
    if path:
        set_photo_from_file(view, Path(path))


def remove_photo(view) -> None:
    if view.current is not None and view.current.has_photo:
        push(view.context, view, SetPhotoCommand(view.context, view.current.contact.id,
                                                    view.current.contact.name, None, None))


def set_photo_from_file(view, path: Path) -> None:
    data = path.read_bytes()
    mime = sniff(data)  # from the bytes: a .jpg may be a WebP
    if mime is None or QImage.fromData(data).isNull():
        view.context.messages.tell(view, "Photo", f"{path.name} is not a PNG, JPEG, GIF, WebP or BMP image "
                                   "netdesk can read.", error=True)
        return
    push(view.context, view, SetPhotoCommand(view.context, view.current.contact.id, view.current.contact.name,
                                                data, mime))
