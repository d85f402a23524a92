"""Avatars: a contact's photo in a circle, or their initials on a colour picked from their name.

The colour comes from a stable hash of the name (not Python's salted `hash`), so a person keeps their
colour between runs; its lightness follows the palette so initials stay readable in light and dark.
Like most mail and chat clients, the colours are a small fixed set (HUES): distinct enough to tell
neighbours apart, and few enough that an initials avatar is painted once and shared by everyone with
the same initials and colour (a search showing 23 new people paints almost none).
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from netdesk.domain.text import initials

# Photos are kept at this size only (2x the painted size for HiDPI), so the cache stays small.
PHOTO_PIXELS = 48
HUES = 12
SHARED_AVATARS = 1024  # initials avatars kept (about 4 MB at most)
_shared: OrderedDict[tuple, QIcon] = OrderedDict()


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour_for(name: str, palette: QPalette | None = None) -> QColor:
    hue = (zlib.crc32(name.encode("utf-8")) % HUES) * (360 // HUES)
    return QColor.fromHsl(hue, 150, 95 if is_dark(palette) else 150)


def scaled_photo(data: bytes) -> QImage | None:
    """A square, centred crop of the photo at PHOTO_PIXELS, or None when it cannot be read."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    side = min(image.width(), image.height())
    square = image.copy((image.width() - side) // 2, (image.height() - side) // 2, side, side)
    return square.scaled(PHOTO_PIXELS, PHOTO_PIXELS, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def paint_avatar(painter: QPainter, rect: QRect | QRectF, name: str, photo: QImage | None,
                 palette: QPalette | None = None) -> None:
    rect = QRectF(rect)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    path = QPainterPath()
    path.addEllipse(rect)
    if photo is not None and not photo.isNull():
        painter.setClipPath(path)
        painter.drawImage(rect, photo)
    else:
        painter.fillPath(path, colour_for(name, palette))
        font = QFont(painter.font())
        font.setPixelSize(max(8, int(rect.height() * 0.42)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


def avatar_icon(name: str, photo: QImage | None, size: int, device_ratio: float = 1.0) -> QIcon:
    """The avatar as an icon for a list's decoration; initials icons are shared (see the module note)."""
    if photo is not None and not photo.isNull():
        return _icon(_paint_pixmap(name, photo, size, device_ratio))
    key = (initials(name), colour_for(name).rgba(), size, device_ratio)
    found = _shared.get(key)
    if found is None:
        found = _shared[key] = _icon(_paint_pixmap(name, None, size, device_ratio))
        while len(_shared) > SHARED_AVATARS:
            _shared.popitem(last=False)
    else:
        _shared.move_to_end(key)
    return found


def _icon(pixmap: QPixmap) -> QIcon:
    icon = QIcon()
    # The same picture when selected: the default selected mode tints photos and colours blue.
    icon.addPixmap(pixmap, QIcon.Mode.Normal)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def avatar_pixmap(name: str, photo: QImage | None, size: int, device_ratio: float = 1.0) -> QPixmap:
    return _paint_pixmap(name, photo, size, device_ratio)


def _paint_pixmap(name: str, photo: QImage | None, size: int, device_ratio: float) -> QPixmap:
    pixmap = QPixmap(QSize(int(size * device_ratio), int(size * device_ratio)))
    pixmap.setDevicePixelRatio(device_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(painter, QRectF(0, 0, size, size), name, photo)
    painter.end()
    return pixmap
