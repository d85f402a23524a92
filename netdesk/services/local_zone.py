"""The user's time zone, as the system reports it: a meeting typed without an offset is local to it.

Looked up the way the C library does: `TZ` first (an IANA name, `:Europe/Berlin`, a path to a TZif
file, or a POSIX rule such as `EST5EDT,M3.2.0,M11.1.0`), then /etc/localtime (a link into the zoneinfo
tree, or a copied TZif file, which /etc/timezone names on Debian), else UTC. An IANA zone is kept as
`ZoneInfo`, so the calendar can name it (TZID); a POSIX rule becomes a `ZoneInfo` that follows the rule
for every year (the offset of "now" would put summer meetings an hour off).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONEINFO_MARK = "zoneinfo/"


def _named(key: str) -> dt.tzinfo | None:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _from_file(path: Path) -> dt.tzinfo | None:
    """A TZif file; by its IANA name when it lies in a zoneinfo tree, so that it keeps the name."""
    try:
        resolved = path.resolve()
    except OSError:
        return None
    text = str(resolved)
    if ZONEINFO_MARK in text and (named := _named(text.rsplit(ZONEINFO_MARK, 1)[1])) is not None:
        return named
    try:
        with resolved.open("rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError):
        return None


def _posix_rule(rule: str) -> dt.tzinfo | None:
    """A POSIX TZ rule, read by the standard library's own reader of them: zoneinfo takes such a rule
    as the footer of a TZif file (RFC 8536 §3.3), so it is wrapped in one without transitions. That
    reader knows every form of the rule (<+0530>-5:30, Jn, /-1 times) and refuses malformed ones;
    dateutil's tzstr accepts any word as a zone at UTC and refuses the <...> names."""
    try:
        footer = b"\n" + rule.encode("ascii") + b"\n"
    except UnicodeEncodeError:
        return None
    # Version 2, no transitions or leap seconds, one local time type (UTC, its name "" ), twice: the
    # 32-bit block and the 64-bit one (RFC 8536 §3.1, §3.2).
    block = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, 0, 1, 1) + struct.pack(">lbB", 0, 0, 0) + b"\0"
    try:
        return ZoneInfo.from_file(io.BytesIO(block + block + footer))
    except ValueError:
        return None


def from_tz_variable(value: str) -> dt.tzinfo | None:
    """What the C library makes of `TZ=value`; None when it cannot be read (libc then uses UTC)."""
    value = value.strip()
    spec = value[1:] if value.startswith(":") else value
    if not spec:
        return None
    if spec.startswith("/"):
        return _from_file(Path(spec))
    return _named(spec) or (None if value.startswith(":") else _posix_rule(spec))


def local_zone(environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> dt.tzinfo:
    """The system's zone. `environ` and `root` are for tests (default: os.environ and the real /etc)."""
    environ = os.environ if environ is None else environ
    value = environ.get("TZ")
    if value is not None and value.strip():
        return from_tz_variable(value) or dt.UTC
    localtime = root / "etc" / "localtime"
    if localtime.is_symlink() and (zone := _from_file(localtime)) is not None:
        return zone
    try:
        named = (root / "etc" / "timezone").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        named = ""
    if named and (zone := _named(named)) is not None:
        return zone
    if localtime.exists() and (zone := _from_file(localtime)) is not None:
        return zone
    return dt.UTC


def local_zone_name(environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> str | None:
    """The IANA name of the system's zone, or None when it has none (a POSIX rule, a bare TZif file)."""
    return getattr(local_zone(environ, root), "key", None)
