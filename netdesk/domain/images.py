"""A photo's media type, read from its first bytes (a file's name or a vCard's TYPE may say otherwise).

The five formats the window can show and other address books read. Anything else is refused: storing
it under a guessed type would hand other programs a file they cannot open.
"""

from __future__ import annotations

from netdesk.errors import InvalidValue

# (offset, magic bytes) that must all match, and the type they mean.
_SIGNATURES: tuple[tuple[tuple[tuple[int, bytes], ...], str], ...] = (
    (((0, b"\x89PNG\r\n\x1a\n"),), "image/png"),
    (((0, b"\xff\xd8\xff"),), "image/jpeg"),
    (((0, b"GIF87a"),), "image/gif"),
    (((0, b"GIF89a"),), "image/gif"),
    (((0, b"RIFF"), (8, b"WEBP")), "image/webp"),
    (((0, b"BM"),), "image/bmp"),
)
PHOTO_TYPES = frozenset(kind for _, kind in _SIGNATURES)


def sniff(data: bytes) -> str | None:
    """The media type of an image in one of the supported formats, else None."""
    head = bytes(data[:16])
    for parts, kind in _SIGNATURES:
        if all(head[offset:offset + len(magic)] == magic for offset, magic in parts):
            return kind
    return None


def photo_type(data: bytes, what: str = "the photo") -> str:
    """The media type of a photo, or InvalidValue naming `what` when it is not PNG, JPEG, GIF, WebP or BMP."""
    kind = sniff(data)
    if kind is None:
        raise InvalidValue(f"{what} is not a PNG, JPEG, GIF, WebP or BMP image")
    return kind
