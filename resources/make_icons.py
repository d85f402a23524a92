"""Regenerate netdesk.ico and netdesk.icns from netdesk.svg.

Run after editing the SVG, then commit the outputs (the build does not run this script, so that
building the bundle needs neither Pillow nor a rasteriser):

    /work/venv/bin/python resources/make_icons.py

Qt rasterises the SVG (Pillow cannot read SVG); Pillow writes the containers because Qt's own ICO
writer stores a single size, and Windows then scales a 256 px image down to a blurry 16 px one.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
# macOS wants up to 1024 px (512@2x); Pillow derives the smaller icns entries from this one.
ICNS_SIZE = 1024


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered at size x size, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> None:
    from PIL import Image

    svg = HERE / "netdesk.svg"
    big = Image.open(io.BytesIO(render_png(svg, ICNS_SIZE))).convert("RGBA")
    # Each ICO size is rendered from the vector, not shrunk from the big bitmap, so thin lines stay sharp.
    frames = [Image.open(io.BytesIO(render_png(svg, size))).convert("RGBA") for size in ICO_SIZES]
    frames[-1].save(HERE / "netdesk.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=frames[:-1])
    big.save(HERE / "netdesk.icns", format="ICNS")
    for name in ("netdesk.ico", "netdesk.icns"):
        print(f"wrote {HERE / name} ({(HERE / name).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
