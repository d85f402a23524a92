"""Atomic file replacement: a reader sees the whole old file or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from netdesk.errors import UserFacingError

PRIVATE = 0o600  # exports, calendars and backups hold people's names, addresses and private notes
PUBLIC = 0o644  # only for what holds no personal data (the desktop entry, icons)


def write_atomic(path: Path | str, data: bytes, *, mode: int = PRIVATE) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then `os.replace` it into place.

    The file is private (0600) unless `mode` says otherwise, whatever the umask: the temporary file is
    made 0600 by mkstemp and keeps that mode through the rename, so no other user can ever read it."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserFacingError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserFacingError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        # Make the rename itself durable.
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
