"""Avatars: a contact's photo in a circle, or their initials on a colour picked from their name.

The colour comes from a stable hash of the name (not Python's salted `hash`), so a person keeps their
colour between runs; its lightness follows the palette so initials stay readable in light and dark.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from netdesk.domain.text import initials

# Photos are kept at this size only (2x the painted size for HiDPI), so the cache stays small.
PHOTO_PIXELS = 48


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour_for(name: str, palette: QPalette | None = None) -> QColor:
    hue = zlib.crc32(name.encode("utf-8")) % 360
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


def avatar_pixmap(name: str, photo: QImage | None, size: int, device_ratio: float = 1.0) -> QPixmap:
    pixmap = QPixmap(QSize(int(size * device_ratio), int(size * device_ratio)))
    pixmap.setDevicePixelRatio(device_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(painter, QRectF(0, 0, size, size), name, photo)
    painter.end()
    return pixmap
